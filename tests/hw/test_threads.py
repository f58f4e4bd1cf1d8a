"""Concurrent calls on one Emulator, CommandRecorder or DistributedSimulator are serialised.

Every thread steps one shared target with the same input on a network whose
state after ``n`` steps depends only on ``n`` (an integrate-and-fire neuron
that never fires counts the steps), so any serial order gives the same
potentials, step count and packets; a lost update changes them.
"""
import copy
import pickle
import sys
import threading

import numpy as np
import pytest

import l2s
from l2s.hw import CommandRecorder, Emulator, build_image_at
from l2s.partition import HardwareSpec
from l2s.sim import DistributedSimulator

THREADS, CALLS = 4, 24


def counting_network():
    net = l2s.Network()
    inp = net.add_axons("in", 1)
    count = net.add_neurons("count", 3, threshold=10 ** 9, model="I&F")
    net.connect(inp, count, pre=[0, 0, 0], post=[0, 1, 2], weight=[1, 2, 3])
    compiled = net.compile()
    return compiled, build_image_at(compiled, HardwareSpec(cores_per_fpga=2), [0, 1, 1], [0, 0, 1])


TARGETS = {
    "emulator": lambda c, image: Emulator(image, compiled=c, seed=1),
    "recorder": lambda c, image: CommandRecorder(image, compiled=c, seed=1),
    "distributed": lambda c, image: DistributedSimulator(c, seed=1),
}


def _work(target):
    for i in range(CALLS):
        if i % 4 == 3:
            target.run(2, inputs=[[0], [0]])
            _ = target.potentials
        else:
            target.step([0])


@pytest.fixture
def fast_switching():
    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)
    yield
    sys.setswitchinterval(old)


@pytest.mark.parametrize("kind", sorted(TARGETS))
def test_threads_stepping_one_target_give_a_serial_result(kind, fast_switching):
    compiled, image = counting_network()
    serial, shared = (TARGETS[kind](compiled, image) for _ in range(2))
    for _ in range(THREADS):
        _work(serial)
    barrier = threading.Barrier(THREADS)

    def work():
        barrier.wait()
        _work(shared)

    threads = [threading.Thread(target=work) for _ in range(THREADS)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    n_steps = THREADS * CALLS // 4 * 5
    assert serial.t == shared.t == n_steps
    assert shared.potentials.tolist() == serial.potentials.tolist() == [n_steps, 2 * n_steps,
                                                                        3 * n_steps]
    if kind == "recorder":  # the same packets; reads fall between other threads' steps
        assert _packet_counts(shared.commands) == _packet_counts(serial.commands)


def _packet_counts(commands):
    rows, counts = np.unique(commands, axis=0, return_counts=True)
    return sorted(zip(map(bytes, rows), counts.tolist()))


@pytest.mark.parametrize("kind", ["emulator", "recorder"])
def test_a_locked_target_pickles_and_copies_with_a_fresh_lock(kind):
    compiled, image = counting_network()
    target = TARGETS[kind](compiled, image)
    target.step([0])
    for clone in (pickle.loads(pickle.dumps(target)), copy.deepcopy(target)):
        assert clone.lock is not target.lock
        clone.step([0])
        assert (clone.t, target.t) == (2, 1)
