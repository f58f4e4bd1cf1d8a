"""Real ``mpiexec -n 2`` and ``-n 3`` runs: equivalence, the command line, failures.

Each start of mpiexec costs seconds, so there are few, small runs; every one
has a timeout (a hang fails the test instead of the suite).
"""
import os
import subprocess
import sys

import numpy as np
import pytest

import l2s
from l2s.examples import random_inputs, random_recurrent

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MPIEXEC = os.path.join(os.path.dirname(sys.executable), "mpiexec")
TIMEOUT = 300

try:
    import mpi4py  # noqa: F401
    _MISSING = None if os.access(MPIEXEC, os.X_OK) else f"no mpiexec next to {sys.executable}"
except ImportError:
    _MISSING = "mpi4py is not installed (pip install 'l2s[mpi]')"
pytestmark = pytest.mark.skipif(_MISSING is not None, reason=str(_MISSING))


def mpiexec(n, *args, cwd=None):
    env = dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""),
               NUMBA_NUM_THREADS="2")
    return subprocess.run([MPIEXEC, "-n", str(n), sys.executable, *args], capture_output=True,
                          text=True, timeout=TIMEOUT, env=env, cwd=cwd or ROOT)


@pytest.mark.parametrize("n, cases", [(2, 4), (3, 1)])  # 4: both semantics, noise on/off
def test_same_as_the_simulator_on_every_process(n, cases):
    out = mpiexec(n, os.path.join(ROOT, "tests", "mpi", "check_equivalence.py"), str(cases))
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == f"ok {3 * cases}"


def test_l2s_run_writes_the_single_process_record(tmp_path):
    compiled = random_recurrent(400, fanout=8, seed=2).compile()
    compiled.save(tmp_path / "net.l2sc")
    indptr, indices = random_inputs(compiled.n_axons, 20, p=0.1, seed=3)
    np.savez(tmp_path / "in.npz", indptr=indptr, indices=indices)
    out = mpiexec(2, "-m", "l2s", "run", "net.l2sc", "--inputs", "in.npz", "--record",
                  "two.l2sr", "--potentials", "('exc', 0),('exc', 7)", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.count("steps on 2 processes") == 1  # rank 0 prints alone
    got = l2s.load(tmp_path / "two.l2sr")
    want = l2s.Simulator(compiled).run(20, (indptr, indices), record_potentials=[0, 7])
    assert got.times.tolist() == want.times.tolist()
    assert got.neurons.tolist() == want.neurons.tolist()
    assert got.potentials.tolist() == want.potentials.tolist()


def test_a_failure_stops_every_process(tmp_path):
    out = mpiexec(2, "-m", "l2s", "run", "missing.l2sc", "--steps", "3", cwd=tmp_path)
    assert out.returncode == 1
    assert out.stderr.count("No such file or directory: 'missing.l2sc'") == 1
    script = tmp_path / "one_fails.py"
    script.write_text(
        "from mpi4py import MPI\n"
        "from l2s.sim.distributed_comm import abort_on_error\n"
        "comm = MPI.COMM_WORLD\n"
        "with abort_on_error(comm):\n"
        "    if comm.rank == 1:\n"
        "        raise RuntimeError('only process 1 fails')\n"
        "    comm.Barrier()  # process 0 would wait here forever\n")
    out = mpiexec(2, str(script))
    assert out.returncode == 1
    assert "error (process 1 of 2): only process 1 fails" in out.stderr
