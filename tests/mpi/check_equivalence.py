"""Run under ``mpiexec -n N``: the distributed simulator against the simulator, on every process.

Random networks (``tests/mpi/cases.py``), random and METIS parts, both
exchanges, 1 and 2 threads, from memory and streamed from a file in small
chunks; step by step with synapse writes in between, then a recorded run,
reset and a run again. Any difference raises, and the process aborts all.
Rank 0 prints ``ok <cases>``.
"""
import os
import sys
import tempfile

import numpy as np
from mpi4py import MPI

from l2s import Simulator
from l2s.sim import DistributedSimulator
from l2s.sim.distributed_comm import abort_on_error
from l2s.target import SOURCES
from tests.mpi.cases import random_case

comm = MPI.COMM_WORLD


def same(a, b, what):
    if a != b:
        raise AssertionError(f"{what}: distributed {a} != simulator {b}")


def check(compiled, steps, path, seed, **options):
    ref = Simulator(compiled, overflow="ignore", record="all", seed=seed)
    sim = DistributedSimulator(path if seed % 3 else compiled, overflow="ignore", record="all",
                               chunk=7, seed=seed, **options)
    rng = np.random.default_rng(seed)
    for k, axons in enumerate(steps):
        same(sim.step(axons).tolist(), ref.step(axons).tolist(), f"step {k}")
        same(sim.potentials.tolist(), ref.potentials.tolist(), f"potentials after step {k}")
        source = SOURCES[k % 2]
        size = compiled.csr(source)[1].size
        if size and rng.random() < 0.5:
            positions = rng.integers(0, size, 3).tolist()
            weight = int(rng.integers(-(2 ** 15), 2 ** 15))
            sim.write_weight(source, positions, weight)
            ref.write_weight(source, positions, weight)
            same([sim.read_weight(source, p) for p in range(size)],
                 [ref.read_weight(source, p) for p in range(size)], f"weights after step {k}")
    watch = np.arange(compiled.n_neurons)[::2]
    for again in range(2):
        a = sim.run(len(steps), steps, record_potentials=watch)
        b = ref.run(len(steps), steps, record_potentials=watch)
        same((a.start, a.n_steps, a.times.tolist(), a.neurons.tolist(), a.neurons.dtype,
              a.potentials.tolist()),
             (b.start, b.n_steps, b.times.tolist(), b.neurons.tolist(), b.neurons.dtype,
              b.potentials.tolist()), f"run {again}")
        sim.reset()
        ref.reset()


def main(n_cases):
    folder = comm.bcast(tempfile.mkdtemp() if comm.rank == 0 else None)
    cases = 0
    for seed in range(n_cases):
        compiled, steps = random_case(seed)
        path = os.path.join(folder, f"net{seed}.l2sc")
        if comm.rank == 0:
            compiled.save(path)
        comm.Barrier()
        parts = np.random.default_rng(seed).integers(0, comm.size, compiled.n_neurons)
        for exchange in ("allgather", "alltoall"):
            check(compiled, steps, path, seed, parts=parts, exchange=exchange,
                  threads=1 + seed % 2)
            cases += 1
        check(compiled, steps, path, seed, exchange="alltoall")  # METIS parts
        cases += 1
    if comm.rank == 0:
        print(f"ok {cases}")


if __name__ == "__main__":
    with abort_on_error(comm):
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 12)
