"""Run the reference workload in Brian2 (numpy or cpp_standalone) for bench_simulator.py.

Invoked as ``python _brian2_runner.py INPUT.npz OUTPUT.json TARGET BUILD_DIR`` by
the benchmark, possibly in another environment (Brian2 pins its own numpy).
The network and its inputs come from the npz; the JSON gets per-step spike
counts and timings. Brian2's default schedule runs synapses before resets;
the schedule is changed to thresholds -> resets -> synapses, which is the
L2S step (fire and reset, then add the weights of this step's spikes).
"""
import json
import sys
import time

import numpy as np


def main(npz_path: str, json_path: str, target: str, build_dir: str) -> None:
    import brian2 as b2

    data = np.load(npz_path)
    n, steps = int(data["n"]), int(data["steps"])
    if target == "cpp_standalone":
        b2.set_device("cpp_standalone", directory=build_dir, build_on_run=False)
    else:
        b2.prefs.codegen.target = "numpy"
    b2.defaultclock.dt = 1 * b2.ms
    t0 = time.perf_counter()
    neurons = b2.NeuronGroup(n, "v : 1\nthr : 1 (constant)", threshold="v > thr", reset="v = 0")
    neurons.thr = data["threshold"]
    inputs = b2.SpikeGeneratorGroup(int(data["n_axons"]), data["in_axons"],
                                    data["in_steps"] * b2.ms)
    from_axons = b2.Synapses(inputs, neurons, "w : 1", on_pre="v_post += w")
    from_axons.connect(i=data["axon_pre"], j=data["axon_post"])
    from_axons.w = data["axon_w"]
    recurrent = b2.Synapses(neurons, neurons, "w : 1", on_pre="v_post += w")
    recurrent.connect(i=data["pre"], j=data["post"])
    recurrent.w = data["w"]
    monitor = b2.SpikeMonitor(neurons)
    net = b2.Network(neurons, inputs, from_axons, recurrent, monitor)
    net.schedule = ["start", "groups", "thresholds", "resets", "synapses", "end"]
    build = time.perf_counter() - t0
    t1 = time.perf_counter()
    net.run(steps * b2.ms)
    run_wall = time.perf_counter() - t1
    compile_time = 0.0
    if target == "cpp_standalone":
        t2 = time.perf_counter()
        b2.device.build(directory=build_dir, compile=True, run=True, debug=False)
        total = time.perf_counter() - t2
        run_time = b2.device._last_run_time
        compile_time = total - run_time
    else:
        run_time = run_wall
    step_of_spike = np.round(np.asarray(monitor.t / b2.ms)).astype(np.int64)
    counts = np.bincount(step_of_spike, minlength=steps)[:steps]
    with open(json_path, "w") as f:
        json.dump(dict(run=run_time, build=build, compile=compile_time,
                       counts=counts.tolist()), f)


if __name__ == "__main__":
    main(*sys.argv[1:5])
