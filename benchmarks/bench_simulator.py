"""Simulator throughput on the reference workload, against Brian2 in the same run.

Usage::

    python benchmarks/bench_simulator.py [--sizes 1e4,1e5,1e6] [--steps 1000]
                                         [--large-steps 300] [--no-brian]

Workload (issue 4): N I&F neurons with fan-out 100 (uniform random targets),
weights +16 with probability 0.75 else -80, threshold 64; N/10 input axons
with fan-out 100 and weight 16, each active with probability 0.02 per step.
Figure of merit: synaptic events per second (the fan-out of every active
axon and fired neuron, summed over steps) over the wall time of ``run``.

Every measurement runs in a fresh subprocess, so peak RSS is per case and
JIT state is honest. Brian2 (``pip install -e .[bench]``) runs the same
network with numpy and cpp_standalone; spike counts must agree in every step.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
BRIAN_NUMPY_MAX_N = 100_000


def _workload(n: int, steps: int, p: float = 0.02):
    from l2s.examples import random_inputs, random_recurrent

    t0 = time.perf_counter()
    net = random_recurrent(n, seed=0)
    compiled = net.compile()
    return compiled, random_inputs(compiled.n_axons, steps, p=p, seed=1), time.perf_counter() - t0


def _events(compiled, record, in_indices) -> int:
    return int(compiled.fanout("neuron")[record.neurons].sum()
               + compiled.fanout("axon")[in_indices].sum())


def measure_l2s(n: int, steps: int, p: float = 0.02, repeats: int = 3) -> dict:
    """Build, compile and run the workload with 1 and 2 threads (best of ``repeats``)."""
    from l2s import Simulator

    compiled, (indptr, indices), build = _workload(n, steps, p)
    result = dict(n=n, steps=steps)
    for threads in (2, 1):
        t0 = time.perf_counter()
        sim = Simulator(compiled, record="all", threads=threads)
        if threads == 2:  # build + compile + one simulator, as a user script does
            result["build"] = build + time.perf_counter() - t0
            result["peak_gib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2 ** 20
        best = float("inf")
        for _ in range(repeats):
            sim.reset()
            t = time.perf_counter()
            record = sim.run(inputs=(indptr, indices), progress=False)
            best = min(best, time.perf_counter() - t)
        result[f"run{threads}"] = best
        result[f"counts{threads}"] = record.counts().tolist()
        del sim
    result["events"] = _events(compiled, record, indices)
    return result


def measure_brian2(n: int, steps: int, target: str) -> dict:
    """The workload in Brian2 (subprocess running _brian2_runner.py)."""
    compiled, (indptr, indices), _ = _workload(n, steps)
    with tempfile.TemporaryDirectory() as tmp:
        npz, out = os.path.join(tmp, "net.npz"), os.path.join(tmp, "out.json")
        in_steps = np.repeat(np.arange(steps), np.diff(indptr))
        np.savez(npz, n=n, steps=steps, threshold=compiled.threshold.astype(float),
                 n_axons=compiled.n_axons, in_axons=indices, in_steps=in_steps,
                 axon_pre=np.repeat(np.arange(compiled.n_axons), compiled.fanout("axon")),
                 axon_post=compiled.axon_indices, axon_w=compiled.axon_weights.astype(float),
                 pre=np.repeat(np.arange(n), compiled.fanout("neuron")),
                 post=compiled.neuron_indices, w=compiled.neuron_weights.astype(float))
        del compiled
        subprocess.run([sys.executable, os.path.join(HERE, "_brian2_runner.py"), npz, out, target,
                        os.path.join(tmp, "build")], check=True, capture_output=True, text=True)
        with open(out) as f:
            return json.load(f)


def measure_jit() -> dict:
    """Seconds from process start to the end of a first 1-step run, cold and warm JIT cache."""
    code = ("import time; t=time.perf_counter(); import l2s; n=l2s.Network(); "
            "a=n.add_axons('a',1); b=n.add_neurons('b',2,threshold=0,output=True); "
            "n.connect(a,b,rule='all_to_all'); l2s.Simulator(n.compile()).run(1, inputs=[[0]]); "
            "print(time.perf_counter()-t)")
    with tempfile.TemporaryDirectory() as cache:
        env = dict(os.environ, NUMBA_CACHE_DIR=cache)
        cold, warm = (float(subprocess.run([sys.executable, "-c", code], env=env, check=True,
                                           capture_output=True, text=True).stdout)
                      for _ in range(2))
    return dict(cold=cold, warm=warm)


def measure_step() -> float:
    """Microseconds per ``CRI_network.step`` on a 100-neuron network."""
    from l2s.api import CRI_network

    rng = np.random.default_rng(0)
    connections = {f"n{i}": [(f"n{j}", int(w)) for j, w in zip(rng.integers(0, 100, 10),
                                                                 rng.integers(-4, 8, 10))]
                   for i in range(100)}
    axons = {f"a{i}": [(f"n{j}", 5) for j in rng.integers(0, 100, 10)] for i in range(10)}
    net = CRI_network(axons=axons, connections=connections, outputs=list(connections)[:50],
                      config={"neuron_type": "I&F", "global_neuron_params": {"v_thr": 8}})
    inputs = [["a1", "a2"], [], ["a3"]]
    for i in range(300):
        net.step(inputs[i % 3])
    calls = 5000
    t = time.perf_counter()
    for i in range(calls):
        net.step(inputs[i % 3])
    return (time.perf_counter() - t) / calls * 1e6


def _sub(func: str, *args) -> dict:
    out = subprocess.run([sys.executable, __file__, "--one", func, json.dumps(args)], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def _brian2_available() -> bool:
    try:
        import brian2  # noqa: F401
    except ImportError:
        return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1e4,1e5,1e6")
    parser.add_argument("--steps", type=int, default=1000)
    parser.add_argument("--large-steps", type=int, default=300, help="steps for N >= 1e6")
    parser.add_argument("--no-brian", action="store_true")
    args = parser.parse_args()
    brian = _brian2_available() and not args.no_brian
    if not brian:
        print("Brian2 not run (install the bench extra: pip install -e .[bench])")

    jit = _sub("measure_jit")
    print(f"JIT: first run in a fresh process {jit['warm']:.2f} s with the cache warm on disk, "
          f"{jit['cold']:.2f} s with a cold cache (compilation)")
    print(f"CRI_network.step, 100 neurons: {_sub('measure_step')['us']:.1f} us per call\n")

    header = (f"{'N':>9} {'steps':>5} {'events':>11} {'L2S 1 thr':>10} {'L2S 2 thr':>10} "
              f"{'B2 numpy':>9} {'B2 cpp':>9} {'x cpp':>6} {'cpp compile':>11} "
              f"{'L2S build':>9} {'peak GiB':>8} {'counts':>7}")
    print("events/s (best of 3 for L2S); 'x cpp' = L2S 2 threads / Brian2 cpp_standalone")
    print(header)
    for n in (int(float(s)) for s in args.sizes.split(",")):
        steps = args.large_steps if n >= 1_000_000 else args.steps
        r = _sub("measure_l2s", n, steps)
        ev = r["events"]
        same = r["counts1"] == r["counts2"]
        cells = {"numpy": "-", "cpp": "-", "ratio": "-", "compile": "-"}
        if brian:
            if n <= BRIAN_NUMPY_MAX_N:
                b_np = measure_brian2(n, steps, "numpy")
                cells["numpy"] = f"{ev / b_np['run']:.3g}"
                same &= b_np["counts"] == r["counts1"]
            b_cpp = measure_brian2(n, steps, "cpp_standalone")
            cells["cpp"] = f"{ev / b_cpp['run']:.3g}"
            cells["ratio"] = f"{b_cpp['run'] / r['run2']:.2f}"
            cells["compile"] = f"{b_cpp['compile']:.1f} s"
            same &= b_cpp["counts"] == r["counts1"]
        print(f"{n:>9,} {steps:>5} {ev:>11.3g} {ev / r['run1']:>10.3g} {ev / r['run2']:>10.3g} "
              f"{cells['numpy']:>9} {cells['cpp']:>9} {cells['ratio']:>6} {cells['compile']:>11} "
              f"{r['build']:>8.1f}s {r['peak_gib']:>8.2f} {'equal' if same else 'DIFFER':>7}")

    print("\nCost vs firing rate (N = 1e5, 2 threads): input probability per axon and step")
    print(f"{'p':>6} {'spikes/step':>11} {'events/s':>10} {'ms/step':>8}")
    for p in (0.005, 0.01, 0.02, 0.04):
        r = _sub("measure_l2s", 100_000, 500, p)
        print(f"{p:>6} {np.mean(r['counts2']):>11.0f} {r['events'] / r['run2']:>10.3g} "
              f"{1e3 * r['run2'] / 500:>8.2f}")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--one":
        fn, fn_args = sys.argv[2], json.loads(sys.argv[3])
        value = globals()[fn](*fn_args)
        print(json.dumps(value if isinstance(value, dict) else {"us": value}))
    else:
        main()
