"""The distributed simulator in this process (one part), and its pieces."""
import subprocess
import sys

import numpy as np
import pytest

from l2s import InvalidValueError, L2SError, Network, Simulator
from l2s.examples import random_recurrent
from l2s.partition import HardwareSpec, partition
from l2s.sim import DistributedSimulator
from l2s.sim.distributed_comm import SerialComm, agreed
from l2s.sim.distributed_exchange import AllToAll
from l2s.sim.distributed_load import load_part
from l2s.sim.distributed_parts import placement_parts
from tests.mpi.cases import random_case


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("exchange", ["allgather", "alltoall"])
def test_one_process_equals_the_simulator(tmp_path, seed, exchange):
    compiled, steps = random_case(seed)
    path = tmp_path / "net.l2sc"
    compiled.save(path)
    sim = DistributedSimulator(path, comm=SerialComm(), exchange=exchange, chunk=5,
                               overflow="ignore", seed=seed)
    ref = Simulator(compiled, overflow="ignore", seed=seed)
    watch = np.arange(compiled.n_neurons)
    a = sim.run(len(steps), steps, record_potentials=watch)
    b = ref.run(len(steps), steps, record_potentials=watch)
    assert (a.times.tolist(), a.neurons.tolist(), a.potentials.tolist()) == (
        b.times.tolist(), b.neurons.tolist(), b.potentials.tolist())
    assert sim.potentials.tolist() == ref.potentials.tolist()


@pytest.mark.parametrize("make", [
    lambda c: Simulator(c, overflow="raise"),
    lambda c: DistributedSimulator(c, comm=SerialComm(), overflow="raise")],
    ids=["simulator", "distributed"])
def test_a_weight_written_between_runs_moves_the_int32_limit(make):
    # 1,023 steps of axon 1 (64 synapses of 32767) leave V within the int32 headroom of
    # one axon's fan-in; writing axon 0's 64 synapses doubles that fan-in, so the next
    # step, with both axons, must widen the potentials instead of reusing the old limit.
    net = Network()
    a = net.add_axons("a", 2)
    n = net.add_neurons("n", 1, threshold=2 ** 34 - 1)
    net.connect(a, n, pre=[0] * 64 + [1] * 64, post=[0] * 128, weight=[0] * 64 + [32767] * 64)
    c = net.compile()
    sim = make(c)
    k, per_step = 1023, 64 * 32767
    sim.run(k, inputs=(np.arange(k + 1, dtype=np.int64), np.ones(k, dtype=np.int32)))
    assert sim.potentials.tolist() == [k * per_step]
    sim.write_weight("axon", c.find_synapses("axon", 0, 0), 32767)
    sim.step([0, 1])
    assert sim.potentials.tolist() == [(k + 2) * per_step]
    assert (k + 2) * per_step > 2 ** 31


def test_a_part_holds_only_the_synapses_into_its_neurons():
    compiled = random_recurrent(60, fanout=5, seed=1).compile()
    owner = (np.arange(60) % 3).astype(np.int32)
    parts = [load_part(compiled, owner, r, chunk=17) for r in range(3)]
    assert sum(p.synapses["neuron"].targets.size for p in parts) == compiled.neuron_indices.size
    for r, part in enumerate(parts):
        syn = part.synapses["neuron"]
        assert (owner[part.ids] == r).all()
        pre = np.repeat(syn.rows, np.diff(syn.indptr))
        got = sorted(zip(pre.tolist(), part.ids[syn.targets].tolist(), syn.weights.tolist()))
        pre_all = np.repeat(np.arange(60), np.diff(compiled.neuron_indptr))
        mine = owner[compiled.neuron_indices] == r
        want = sorted(zip(pre_all[mine].tolist(), compiled.neuron_indices[mine].tolist(),
                          compiled.neuron_weights[mine].tolist()))
        assert got == want


def test_alltoall_learns_which_processes_each_neuron_reaches():
    ex = AllToAll(SerialComm(), np.arange(4), np.zeros(4, np.int32), np.array([1, 3]))
    assert ex.reach_ptr.tolist() == [0, 0, 1, 1, 2]
    assert ex.exchange(np.array([0, 1, 3])).tolist() == [1, 3]
    assert (ex.sent, ex.received) == (0, 0)  # nothing left this one process


def test_parts_are_checked():
    compiled, _ = random_case(0)
    with pytest.raises(InvalidValueError, match=r"parts\[0\] = 1 is outside"):
        DistributedSimulator(compiled, comm=SerialComm(),
                             parts=np.ones(compiled.n_neurons, dtype=int))
    with pytest.raises(InvalidValueError, match="exchange = 'bcast' is not allowed"):
        DistributedSimulator(compiled, comm=SerialComm(), exchange="bcast")


def test_a_placement_on_too_few_cores_is_refused():
    compiled = random_recurrent(40, fanout=3).compile()
    placement = partition(compiled, HardwareSpec(cores_per_fpga=2, neurons_per_core=64),
                          method="contiguous")
    used = np.unique(placement.core).size
    with pytest.raises(InvalidValueError, match=f"uses {used} cores, fewer than the 3"):
        placement_parts(placement, 3)


def test_a_missing_file_is_an_error_on_every_process():
    with pytest.raises(FileNotFoundError):
        DistributedSimulator("/nonexistent/net.l2sc", comm=SerialComm())
    with pytest.raises(L2SError, match="loading failed on process 0: KeyError"):
        with agreed(_TwoProcesses(), "loading"):
            pass


class _TwoProcesses(SerialComm):
    """Process 1 of two, whose partner (process 0) failed."""

    def allgather(self, obj):
        return ["KeyError: 'x'", obj]


def test_import_l2s_imports_neither_mpi4py_nor_pymetis():
    code = "import sys, l2s, l2s.sim; print(sorted({'mpi4py', 'pymetis'} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
