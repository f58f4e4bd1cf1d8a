"""The distributed simulator against one process, and the two spike exchanges.

Usage::

    python benchmarks/bench_distributed.py [--n 1e6] [--fanout 100] [--steps 100]
                                           [--grid 300] [--grid-steps 100] [--procs 2,3,4]

1. Large workload: the simulator's reference network (:func:`l2s.examples.random_recurrent`,
   N neurons with fan-out 100, inputs active with probability 0.02), saved as a
   compiled-network file. One process (:class:`l2s.Simulator`, 1 thread, network
   loaded from the file) against ``mpiexec -n 2`` (:class:`l2s.sim.DistributedSimulator`,
   1 thread per process, each streaming its half from the file; contiguous halves, since a
   random graph has no locality for METIS to find). Reported: events/s ratio, equal
   spikes, peak memory per process (``ru_maxrss``, and the numpy/Python peak traced by
   ``tracemalloc`` while the target is built) and their ratios.
2. Exchanges: the same run with ``allgather`` and ``alltoall`` at 2..4 processes.
3. Structured network: a 2-D grid with local connectivity
   (:func:`l2s.examples.grid_network`: 8 neighbours, weight 1, threshold 1; plus side**2/10
   input axons of weight 2, so activity spreads until most neurons fire every step), METIS
   parts: neuron ids received per process per step with ``alltoall`` against ``allgather``.

Every measurement runs in fresh processes; the numbers go to stdout as JSON lines.
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
import tracemalloc

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
MPIEXEC = os.path.join(os.path.dirname(sys.executable), "mpiexec")


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _inputs(n_axons: int, steps: int):
    from l2s.examples import random_inputs

    return random_inputs(n_axons, steps, p=0.02, seed=1)


def _contiguous(path: str, size: int) -> np.ndarray:
    """Consecutive neuron ranges of equal size, one per process (read from the file's header)."""
    from l2s._archive import ArchiveReader
    from l2s.graph.compiled_file import FORMAT, VERSION, WHAT

    with ArchiveReader(path, {FORMAT: VERSION}, WHAT) as archive:
        n = archive.array("output").size
    return (np.arange(n, dtype=np.int64) * size // n).astype(np.int32)


def worker(args: argparse.Namespace) -> None:
    """One process of a measurement (under mpiexec for the distributed ones)."""
    from l2s import Simulator
    from l2s.examples import random_recurrent
    from l2s.graph.compiled_file import load_compiled
    from l2s.sim import DistributedSimulator

    tiny = random_recurrent(50, fanout=5).compile()  # numba's cache loads outside the trace
    if args.target == "single":
        rank, size = 0, 1
        Simulator(tiny, threads=1).run(2)
    else:
        from mpi4py import MPI

        comm = MPI.COMM_WORLD
        rank, size = comm.Get_rank(), comm.Get_size()
        DistributedSimulator(tiny, comm=comm, parts=np.arange(50) % size).run(2)
    parts = _contiguous(args.net, size) if args.parts == "contiguous" and size > 1 else None
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    if args.target == "single":
        sim = Simulator(load_compiled(args.net), record="all", threads=1)
        n_axons = sim.compiled.n_axons
    else:
        sim = DistributedSimulator(args.net, comm=comm, parts=parts, record="all",
                                   exchange=args.exchange)
        n_axons = sim.n_axons
    traced = (tracemalloc.get_traced_memory()[1] - base) / 2 ** 20
    tracemalloc.stop()
    del parts
    indptr, indices = _inputs(n_axons, args.steps)
    sim.run(min(3, args.steps), (indptr[:4] - indptr[0], indices[:indptr[3]]))  # JIT warm-up
    sim.reset()
    if args.target != "single":
        comm.Barrier()
    t0 = time.perf_counter()
    record = sim.run(inputs=(indptr, indices))
    seconds = time.perf_counter() - t0
    result = dict(rank=rank, size=size, seconds=seconds, rss_mib=_peak_mib(),
                  traced_mib=traced, spikes=len(record))
    if args.target != "single":
        sent, received = sim.exchanged
        result.update(sent=sent, received=received, exchange=args.exchange,
                      local_neurons=int(sim.ids.size))
        result["seconds"] = comm.allreduce(seconds, op=MPI.MAX)
    results = [result] if args.target == "single" else comm.gather(result)
    if rank == 0:
        if args.record:
            np.savez(args.record, times=record.times, neurons=record.neurons)
        for r in results:
            print(json.dumps(r), flush=True)


def _run(cmd, **kw):
    env = dict(os.environ, PYTHONPATH=ROOT, NUMBA_NUM_THREADS="1")
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, **kw)
    if out.returncode:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{out.stderr}")
    return [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]


def measure(net: str, target: str, steps: int, procs: int = 1, exchange: str = "allgather",
            parts: str = "contiguous", record: str = "") -> list:
    cmd = [sys.executable, __file__, "--worker", target, "--net", net, "--steps", str(steps),
           "--exchange", exchange, "--parts", parts, "--record", record]
    return _run(([MPIEXEC, "-n", str(procs)] if target == "dist" else []) + cmd)


def build(kind: str, size: int, fanout: int, path: str) -> dict:
    """Build and save the network in a subprocess (its memory is returned to the system)."""
    code = (f"import json, l2s.examples as e; "
            f"net = e.random_recurrent({size}, fanout={fanout}, seed=0) if {kind!r} == 'random' "
            f"else e.grid_network({size}); "
            f"_ = {kind!r} == 'random' or net.connect(net.add_axons('in', {size} ** 2 // 10), "
            f"'grid', rule='fixed_fanout', fanout=1, weight=2, seed=1); "
            f"c = net.compile(); c.save({path!r}); "
            f"print(json.dumps(dict(neurons=c.n_neurons, synapses=int(c.neuron_indices.size "
            f"+ c.axon_indices.size), events_per_spike=float(c.fanout('neuron').mean()))))")
    return _run([sys.executable, "-c", code])[0]


def _same(a: str, b: str) -> bool:
    x, y = np.load(a), np.load(b)
    return bool(np.array_equal(x["times"], y["times"]) and
                np.array_equal(x["neurons"], y["neurons"]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=float, default=1e6)
    ap.add_argument("--fanout", type=int, default=100)
    ap.add_argument("--steps", type=int, default=100)
    ap.add_argument("--procs", default="2,3,4")
    ap.add_argument("--grid", type=int, default=300)
    ap.add_argument("--grid-steps", type=int, default=100)
    ap.add_argument("--worker", choices=("single", "dist"))
    ap.add_argument("--net")
    ap.add_argument("--exchange", default="allgather")
    ap.add_argument("--parts", default="contiguous")
    ap.add_argument("--record", default="")
    args = ap.parse_args()
    if args.worker:
        args.target = args.worker
        worker(args)
        return
    print(json.dumps(dict(machine=os.uname().nodename, cpus=os.cpu_count(),
                          load=os.getloadavg())), flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        net, one, two = (os.path.join(tmp, f) for f in ("net.l2sc", "one.npz", "two.npz"))
        info = build("random", int(args.n), args.fanout, net)
        print(json.dumps(dict(workload="random", **info)), flush=True)
        single = measure(net, "single", args.steps, record=one)[0]
        print(json.dumps(dict(case="1 process", **single)), flush=True)
        for procs in [int(p) for p in args.procs.split(",")]:
            for exchange in ("allgather", "alltoall"):
                ranks = measure(net, "dist", args.steps, procs, exchange, record=two)
                worst = max(ranks, key=lambda r: r["rss_mib"])
                print(json.dumps(dict(
                    case=f"{procs} processes", exchange=exchange, seconds=ranks[0]["seconds"],
                    speedup=single["seconds"] / ranks[0]["seconds"], spikes_equal=_same(one, two),
                    rss_mib=[r["rss_mib"] for r in ranks],
                    rss_ratio=worst["rss_mib"] / single["rss_mib"],
                    traced_mib=[r["traced_mib"] for r in ranks],
                    traced_ratio=max(r["traced_mib"] for r in ranks) / single["traced_mib"],
                    received_per_step=[r["received"] / args.steps for r in ranks])), flush=True)
        os.remove(net)
        if not args.grid:
            return
        info = build("grid", args.grid, 0, net)
        print(json.dumps(dict(workload=f"grid {args.grid}x{args.grid}", **info)), flush=True)
        single = measure(net, "single", args.grid_steps, record=one)[0]
        spikes_per_step = single["spikes"] / args.grid_steps
        for procs in [int(p) for p in args.procs.split(",")]:
            for exchange in ("allgather", "alltoall"):
                ranks = measure(net, "dist", args.grid_steps, procs, exchange, parts="metis",
                                record=two)
                print(json.dumps(dict(
                    case=f"grid, {procs} processes, METIS parts", exchange=exchange,
                    spikes_equal=_same(one, two), spikes_per_step=spikes_per_step,
                    received_per_process_per_step=[r["received"] / args.grid_steps
                                                   for r in ranks],
                    seconds=ranks[0]["seconds"], single_seconds=single["seconds"])), flush=True)


if __name__ == "__main__":
    main()
