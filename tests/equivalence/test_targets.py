"""One conformance suite of the :class:`l2s.Target` protocol, run against every target.

Every target (the simulator, the word-level emulator, the command recorder,
the MPI simulator in this one process) must be an
``l2s.Target``, give the same spikes, potentials and weights for the same
random placed network and inputs (with synapse writes in between), reset the
same way, and leave its state untouched when a call fails. The networks are
of both semantics (``l2s-2022``, ``hs-2024``), with and without noise; every
target gets the same noise seed.
"""
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import l2s
from l2s import InvalidTypeError, InvalidValueError, L2SError, Simulator
from l2s.examples import docs_example
from l2s.hw import CommandRecorder, Emulator, build_image_at
from l2s.partition import HardwareSpec
from l2s.sim import DistributedSimulator
from l2s.target import SOURCES
from tests.equivalence.strategies import input_steps, placed_networks

#: Noise seed of every target.
SEED = 2024
#: name -> factory(compiled, image) of every target under test.
TARGETS = {
    "simulator": lambda compiled, image: Simulator(compiled, overflow="ignore", seed=SEED),
    "emulator": lambda compiled, image: Emulator(image, compiled=compiled, seed=SEED),
    "recorder": lambda compiled, image: CommandRecorder(image, compiled=compiled, seed=SEED),
    "distributed": lambda compiled, image: DistributedSimulator(compiled, overflow="ignore",
                                                                seed=SEED),
}
#: (semantics, noise) of the random networks.
KINDS = [("l2s-2022", False), ("l2s-2022", True), ("hs-2024", False), ("hs-2024", True)]


def all_targets(compiled, image):
    return {name: make(compiled, image) for name, make in TARGETS.items()}


def weights(target, compiled):
    return {s: [target.read_weight(s, p) for p in range(compiled.csr(s)[1].size)]
            for s in SOURCES}


def recorded(target):
    """The packets a recorder has recorded (reading potentials or weights records more)."""
    return target.commands.tolist() if isinstance(target, CommandRecorder) else None


def state(target, compiled):
    """Potentials and weights, read through the protocol."""
    return target.potentials.tolist(), weights(target, compiled)


def agree(values, what):
    first = next(iter(values.values()))
    assert all(v == first for v in values.values()), (what, values)
    return first


def docs_case():
    compiled = l2s.from_l2s(**docs_example()).compile()
    n = compiled.n_neurons
    return compiled, build_image_at(compiled, HardwareSpec(), [0] * n, range(n))


@pytest.mark.parametrize("name", TARGETS)
def test_is_a_target(name):
    compiled, image = docs_case()
    target = TARGETS[name](compiled, image)
    packets = recorded(target)
    assert isinstance(target, l2s.Target)
    assert recorded(target) == packets  # the check reads no property
    assert not isinstance(object(), l2s.Target)


@pytest.mark.parametrize("kind", KINDS)
@given(data=st.data())
def test_same_spikes_potentials_and_weights(kind, data):
    compiled, sites = data.draw(placed_networks(*kind))
    targets = all_targets(compiled, sites.image(compiled))
    expected = {s: compiled.csr(s)[2].tolist() for s in SOURCES}
    assert agree({k: weights(t, compiled) for k, t in targets.items()}, "weights") == expected
    for n, axons in enumerate(data.draw(input_steps(compiled.n_axons))):
        agree({k: (n, t.step(axons).tolist()) for k, t in targets.items()}, "step")
        agree({k: (n, t.potentials.tolist()) for k, t in targets.items()}, "potentials")
        source = data.draw(st.sampled_from(SOURCES))
        size = compiled.csr(source)[1].size
        if size and data.draw(st.booleans()):
            positions = data.draw(st.lists(st.integers(0, size - 1), min_size=1, max_size=3))
            weight = data.draw(st.integers(-(2 ** 15), 2 ** 15 - 1))
            for t in targets.values():
                t.write_weight(source, positions, weight)
            for k, t in targets.items():
                assert [t.read_weight(source, p) for p in positions] == [weight] * len(positions)
            agree({k: weights(t, compiled) for k, t in targets.items()}, "written weights")
    steps = data.draw(input_steps(compiled.n_axons))
    watch = np.arange(compiled.n_neurons)[::2]
    records = {k: t.run(len(steps), steps, record_potentials=watch) for k, t in targets.items()}
    agree({k: (r.start, r.n_steps, r.times.tolist(), r.neurons.tolist(), r.times.dtype,
               r.neurons.dtype, r.potentials.tolist()) for k, r in records.items()}, "run")
    assert all(isinstance(r, l2s.SpikeRecord) for r in records.values())


@pytest.mark.parametrize("kind", KINDS)
@given(data=st.data())
def test_reset(kind, data):
    compiled, sites = data.draw(placed_networks(*kind))
    image = sites.image(compiled)
    targets = all_targets(compiled, image)
    steps = data.draw(input_steps(compiled.n_axons))
    first = {k: t.run(len(steps), steps) for k, t in targets.items()}
    for t in targets.values():
        t.reset()
    assert agree({k: t.potentials.tolist() for k, t in targets.items()}, "reset") == (
        [0] * compiled.n_neurons)
    again = {k: t.run(len(steps), steps) for k, t in targets.items()}
    fresh = {k: make(compiled, image).run(len(steps), steps) for k, make in TARGETS.items()}
    for k in TARGETS:
        runs = [(r.start, r.times.tolist(), r.neurons.tolist()) for r in
                (first[k], again[k], fresh[k])]
        assert runs[0] == runs[1] == runs[2], k


BAD_CALLS = {
    "step: axon out of range": lambda t: t.step([0, 2]),
    "step: not an index": lambda t: t.step([0.5]),
    "run: axon out of range": lambda t: t.run(2, [[0], [7]]),
    "run: record_potentials": lambda t: t.run(2, [[0], [1]], record_potentials=[0, 4]),
    "read_weight: position": lambda t: t.read_weight("axon", 2),
    "read_weight: source": lambda t: t.read_weight("dendrite", 0),
    "write_weight: second position": lambda t: t.write_weight("neuron", [0, 2], 9),
    "write_weight: negative position": lambda t: t.write_weight("neuron", [1, -1], 9),
    "write_weight: weight": lambda t: t.write_weight("axon", [0, 1], 2 ** 15),
    "write_weight: source": lambda t: t.write_weight("dendrite", 0, 9),
}


@pytest.mark.parametrize("call", BAD_CALLS)
@pytest.mark.parametrize("name", TARGETS)
def test_failed_call_changes_nothing(name, call):
    compiled, image = docs_case()
    target = TARGETS[name](compiled, image)
    target.step([0, 1])
    before, packets = state(target, compiled), recorded(target)
    with pytest.raises((InvalidValueError, InvalidTypeError)):
        BAD_CALLS[call](target)
    assert recorded(target) == packets
    assert state(target, compiled) == before
    reference = TARGETS[name](compiled, image)
    reference.step([0, 1])
    assert target.step([0]).tolist() == reference.step([0]).tolist()


@pytest.mark.parametrize("cls", [Emulator, CommandRecorder])
def test_positions_need_the_compiled_network(cls):
    compiled, image = docs_case()
    target = cls(image)
    assert isinstance(target, l2s.Target)
    with pytest.raises(InvalidValueError, match="compiled = None.*compiled="):
        target.read_weight("axon", 0)
    with pytest.raises(InvalidValueError, match="compiled = None"):
        target.write_weight("axon", [0], 1)
    emulator = target.emulator if cls is CommandRecorder else target
    assert emulator.read_synapse("axon", 0, 0) == 3  # (pre, post, copy) naming needs nothing


def test_compiled_must_match_the_image():
    compiled, image = docs_case()
    other = l2s.from_l2s(**{**docs_example(), "connections": {"a": [], "b": [], "c": []},
                            "axons": {"alpha": [("a", 1)]}}).compile()
    with pytest.raises(L2SError, match="compiled has 3 neurons and 1 axons, but the image 4 and 2"):
        Emulator(image, compiled=other)
