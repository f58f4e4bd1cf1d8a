"""Both semantics, noise on and off: simulator (any threads) = emulator = the pure-Python reference.

Networks are drawn as hs_api dicts (``{key: (synapses, model)}``, repeated
targets and repeated inputs included), run through ``from_l2s`` with the
semantics given explicitly, and compared step by step, spikes and
potentials, with :class:`tests.reference.ReferenceNetwork` (which shares no
code with l2s, its noise hash included).
"""
import numba
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import l2s
from l2s.hw import Emulator, build_image
from l2s.neuron_models import ANN_neuron, LIF_neuron
from l2s.partition import partition
from tests.equivalence.strategies import SPEC
from tests.reference import ReferenceNetwork

CONFIG = {"neuron_type": "I&F", "global_neuron_params": {"v_thr": 0}}
MAX_THREADS = numba.config.NUMBA_NUM_THREADS
KINDS = [("l2s-2022", False), ("l2s-2022", True), ("hs-2024", False), ("hs-2024", True)]
#: Four kinds share the profile's budget (the 'thorough' profile runs all of it on each).
SHARED = settings(max_examples=25 if settings().max_examples <= 60 else settings().max_examples)


@st.composite
def hs_dicts(draw, noise):
    n = draw(st.integers(1, 10))
    n_axons = draw(st.integers(1, 4))
    neurons = [f"n{i}" for i in range(n)]
    axons = [f"x{i}" for i in range(n_axons)]
    synapses = st.lists(st.tuples(st.sampled_from(neurons), st.integers(-8, 12)), max_size=6)
    shifts = st.integers(-16, 19) if noise else st.just(-16)
    models = []
    for _ in neurons:
        threshold = draw(st.integers(-2, 12) | st.sampled_from([2 ** 34 - 1, -(2 ** 34)]))
        cls = draw(st.sampled_from([LIF_neuron, ANN_neuron]))
        models.append(cls(threshold, draw(shifts), draw(st.integers(0, 6) | st.just(63))))
    if noise and all(m.shift == -16 for m in models):
        models[0] = type(models[0])(models[0].threshold, 0, models[0].leak)
    connections = {k: (draw(synapses), m) for k, m in zip(neurons, models)}
    axon_dict = {a: draw(synapses) for a in axons}
    outputs = draw(st.lists(st.sampled_from(neurons), unique=True))
    steps = draw(st.lists(st.lists(st.sampled_from(axons), max_size=5), min_size=1,
                          max_size=10))
    return axon_dict, connections, outputs, steps


def reference_of(axons, connections, outputs, semantics, seed):
    models = {k: m for k, (_, m) in connections.items()}
    return ReferenceNetwork(
        axons, {k: syns for k, (syns, _) in connections.items()},
        threshold={k: m.threshold for k, m in models.items()},
        model={k: "LI&F" if isinstance(m, LIF_neuron) else "ANN" for k, m in models.items()},
        leak={k: m.leak for k, m in models.items()}, outputs=outputs, semantics=semantics,
        shift={k: m.shift for k, m in models.items()}, seed=seed)


@pytest.mark.parametrize("semantics,noise", KINDS)
@SHARED
@given(data=st.data())
def test_simulator_emulator_and_reference_agree(semantics, noise, data):
    axons, connections, outputs, steps = data.draw(hs_dicts(noise))
    seed = data.draw(st.integers(0, 2 ** 63 - 1))
    net = l2s.from_l2s(axons, connections, CONFIG, outputs, semantics=semantics)
    compiled = net.compile()
    assert (compiled.semantics, compiled.noise) == (semantics, noise)
    method = data.draw(st.sampled_from(["contiguous", "random", "metis"]))
    image = build_image(compiled, partition(compiled, SPEC, method=method, seed=0))
    targets = {"simulator": l2s.Simulator(compiled, threads=1, overflow="ignore", seed=seed),
               "emulator": Emulator(image, compiled=compiled, seed=seed)}
    ref = reference_of(axons, connections, outputs, semantics, seed)
    index = {k: i for i, k in enumerate(connections)}
    inputs = [[list(axons).index(a) for a in step] for step in steps]
    expected_pots = []
    for t, step in enumerate(steps):
        expected = sorted(index[k] for k in ref.step(step))
        expected_pots.append([v for _, v in ref.potentials()])
        for name, target in targets.items():
            got = target.step(inputs[t]).tolist()
            assert (t, name, got) == (t, name, expected)
            assert (t, name, target.potentials.tolist()) == (t, name, expected_pots[-1])
    # a run from rest, in one call, on any number of threads, gives the same again
    ref.reset()
    expected = [sorted(index[k] for k in ref.step(s)) for s in steps]
    targets.update({f"simulator/{t}": l2s.Simulator(compiled, threads=t, overflow="ignore",
                                                     seed=seed) for t in {min(2, MAX_THREADS), MAX_THREADS}})
    everyone = np.arange(compiled.n_neurons)
    for name, target in targets.items():
        target.reset()
        rec = target.run(len(steps), inputs, record_potentials=everyone)
        got = [sorted(rec.neurons[rec.times == t].tolist()) for t in range(len(steps))]
        assert (name, got, rec.potentials.tolist()) == (name, expected, expected_pots)
