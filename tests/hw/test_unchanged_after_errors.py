"""A call that raises changes nothing: potentials, t, weights and recorded packets stay."""
import numpy as np
import pytest

import l2s
from l2s.examples import docs_example
from l2s.hw import CommandRecorder, Emulator, build_image_at
from l2s.partition import HardwareSpec
from l2s.sim import DistributedSimulator
from tests.state import unchanged

COMPILED = l2s.from_l2s(**docs_example()).compile()
IMAGE = build_image_at(COMPILED, HardwareSpec(), [0] * 4, range(4))
MAKERS = {
    "emulator": lambda: Emulator(IMAGE, compiled=COMPILED, seed=1),
    "recorder": lambda: CommandRecorder(IMAGE, compiled=COMPILED, seed=1),
    "distributed": lambda: DistributedSimulator(COMPILED, seed=1),
}
#: Calls that must raise, each after a part of its work could have been done.
BAD_CALLS = {
    "write_weight, last position out of range": lambda t: t.write_weight("neuron", [0, 1, 9], 4),
    "write_weight, weight out of range": lambda t: t.write_weight("neuron", [0, 1], 2 ** 15),
    "write_weight, unknown source": lambda t: t.write_weight("synapse", [0], 4),
    "read_weight, position out of range": lambda t: t.read_weight("axon", 5),
    "step, axon out of range": lambda t: t.step([0, 1, 7]),
    "step, ragged axons": lambda t: t.step([0, [1]]),
    "run, input of a late step out of range": lambda t: t.run(3, inputs=[[0], [1], [9]]),
    "run, potentials of an unknown neuron": lambda t: t.run(2, record_potentials=[0, 4]),
    "run, steps and inputs disagree": lambda t: t.run(5, inputs=[[0]]),
}


def _weights(target):
    return [target.read_weight(s, p) for s in ("axon", "neuron") for p in range(2)]


@pytest.mark.parametrize("call", sorted(BAD_CALLS))
@pytest.mark.parametrize("kind", sorted(MAKERS))
def test_a_call_that_raises_changes_nothing(kind, call):
    target = MAKERS[kind]()
    target.run(2, inputs=[[0, 1], [0]])
    weights = _weights(target)
    if kind == "recorder":
        packets = target.commands.copy()
    with pytest.raises(l2s.L2SError), unchanged(target):
        BAD_CALLS[call](target)
    if kind == "recorder":
        assert np.array_equal(target.commands, packets)
    assert _weights(target) == weights
    assert target.t == 2


def test_the_recorder_builds_packets_before_stepping(monkeypatch):
    rec = MAKERS["recorder"]()
    import l2s.hw.recorder as recorder

    def broken(image, axons):
        raise l2s.InvalidValueError("no packets")
    monkeypatch.setattr(recorder, "step_commands", broken)
    with pytest.raises(l2s.InvalidValueError), unchanged(rec):
        rec.step([0])
    with pytest.raises(l2s.InvalidValueError), unchanged(rec):
        rec.run(2)
