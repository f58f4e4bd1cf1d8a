"""Hand-worked steps of the hs-2024 semantics, through ``CRI_network`` on every target.

Each case is worked out by hand from the rules (docs/semantics.md):
noise, then ``V >= threshold`` fires and resets, then every neuron leaks
``V -= V >> leak``, then the distinct active axons and the fired neurons
deliver; a synapse list naming a target twice keeps the last weight.
"""
import numpy as np
import pytest

from l2s.api import CRI_network
from l2s.graph.noise import perturbation
from l2s.neuron_models import ANN_neuron, LIF_neuron

CONFIG = {"neuron_type": "I&F", "global_neuron_params": {"v_thr": 0}}
TARGETS = [dict(), dict(target="emulator"), dict(target="CRI", simDump=True)]


def spikes_of(answer):
    """Spikes of a step answer, in either format (hardware tuple on hardware targets)."""
    return answer[0] if isinstance(answer, tuple) else answer


def run(net, steps):
    """(spikes, potentials) after every step."""
    out = []
    for step in steps:
        potentials, answer = net.step(step, membranePotential=True)
        out.append((spikes_of(answer), [v for _, v in potentials]))
    return out


@pytest.mark.parametrize("kwargs", TARGETS)
def test_potential_equal_to_threshold_fires(kwargs):
    # a: threshold 4, leak 63 (keeps a positive V); 'x' adds 4: V = 4 == threshold.
    lif = LIF_neuron(4, -16, 63)
    net = CRI_network({"x": [("a", 4)]}, {"a": ([], lif)}, CONFIG, ["a"], **kwargs)
    assert run(net, [["x"], [], []]) == [([], [4]), (["a"], [0]), ([], [0])]


@pytest.mark.parametrize("kwargs", TARGETS)
def test_threshold_zero_fires_from_rest_every_step(kwargs):
    net = CRI_network({"x": []}, {"a": ([], LIF_neuron(0, -16, 1))}, CONFIG, ["a"], **kwargs)
    assert [s for s, _ in run(net, [[], [], []])] == [["a"], ["a"], ["a"]]


@pytest.mark.parametrize("kwargs", TARGETS)
def test_leak_applies_after_firing_to_every_neuron(kwargs):
    # a: threshold 10, leak 1. Step 0: x adds 9 -> 9. Step 1: 9 < 10, leak: 9 - 4 = 5, x adds
    # 9 -> 14. Step 2: fires, 0 (leak of 0 is 0). b is an ANN (leak 0): 7 from x, cleared next.
    lif, ann = LIF_neuron(10, -16, 1), ANN_neuron(100, -16)
    net = CRI_network({"x": [("a", 9), ("b", 7)]}, {"a": ([], lif), "b": ([], ann)}, CONFIG,
                      ["a", "b"], **kwargs)
    assert run(net, [["x"], ["x"], []]) == [([], [9, 7]), ([], [14, 7]), (["a"], [0, 0])]


@pytest.mark.parametrize("kwargs", TARGETS)
def test_negative_potential_leaks_towards_zero(kwargs):
    # V = -5, leak 1: -5 - (-5 >> 1) = -5 - (-3) = -2, then -2 - (-1) = -1, then 0.
    net = CRI_network({"x": [("a", -5)]}, {"a": ([], LIF_neuron(3, -16, 1))}, CONFIG, [],
                      **kwargs)
    assert [v for _, v in run(net, [["x"], [], [], []])] == [[-5], [-2], [-1], [0]]


@pytest.mark.parametrize("kwargs", TARGETS)
def test_duplicate_axons_deliver_once(kwargs):
    net = CRI_network({"x": [("a", 3)], "y": [("a", 1)]},
                      {"a": ([], LIF_neuron(100, -16, 63))}, CONFIG, [], **kwargs)
    assert [v for _, v in run(net, [["x", "x", "y", "x"], ["y", "y"]])] == [[4], [5]]


@pytest.mark.parametrize("kwargs", TARGETS)
def test_repeated_synapse_is_one_synapse_with_the_last_weight(kwargs):
    lif = LIF_neuron(100, -16, 63)
    net = CRI_network({"x": [("a", 3), ("a", 5)]},
                      {"a": ([("b", 2), ("b", 7)], LIF_neuron(0, -16, 0)), "b": ([], lif)},
                      CONFIG, [], **kwargs)
    # step 0: a fires from rest (threshold 0) and gives b 7 (not 9); x gives a 5 (not 8)
    assert run(net, [["x"]]) == [([], [5, 7])]
    assert net.read_synapse("x", "a") == 5 and net.read_synapse("a", "b") == 7


@pytest.mark.parametrize("kwargs", TARGETS)
def test_no_noise_when_every_shift_is_minus_16(kwargs):
    net = CRI_network({"x": []}, {"a": ([], LIF_neuron(10 ** 6, -16, 63)),
                                  "b": ([], ANN_neuron(10 ** 6, -16, 63))}, CONFIG, [], **kwargs)
    assert [v for _, v in run(net, [[]] * 5)] == [[0, 0]] * 5


@pytest.mark.parametrize("kwargs", TARGETS)
def test_noise_on_when_one_shift_is_not_minus_16(kwargs):
    # b's shift 2 turns noise on for every neuron, a (shift -16) included: a gets the draw
    # >> 16 (-1 or 0). Leak 63 keeps positive V and adds 1 to a negative one.
    seed = 11
    net = CRI_network({"x": []}, {"a": ([], LIF_neuron(10 ** 9, -16, 63)),
                                  "b": ([], LIF_neuron(10 ** 9, 2, 63))}, CONFIG, [],
                      seed=seed, **kwargs)
    v = [0, 0]
    expected = []
    for step in range(4):
        for i, shift in enumerate((-16, 2)):
            x = v[i] + perturbation(seed, step, i, shift)
            v[i] = x - (x >> 63)
        expected.append(list(v))
    assert [p for _, p in run(net, [[]] * 4)] == expected
    assert perturbation(seed, 0, 1, 2) % 4 == 0 and perturbation(seed, 0, 0, -16) in (-1, 0)
    assert expected[-1] != [0, 0]


def test_hardware_targets_answer_hs_api_tuples():
    lif = LIF_neuron(2, -16, 0)
    net = CRI_network({"x": [("a", 3)]}, {"a": ([("b", 1)], lif), "b": ([], lif)}, CONFIG,
                      ["a", "b"], target="emulator")
    spikes, latency, hbm = net.step(["x"])
    assert (spikes, hbm) == ([], 3)  # 1 pointer row + 1 row group of 2 rows
    assert latency > 0
    potentials, (spikes, latency, hbm) = net.step([], "CRI", membranePotential=True)
    assert (potentials, spikes) == ([("a", 0), ("b", 1)], ["a"])
    assert hbm == 3  # a's pointer row and its row group
    assert net.run_cont([["x"], [], []])[0] == [(1, "a")]


def test_original_networks_keep_the_original_formats():
    net = CRI_network({"x": [("a", 3)]}, {"a": [], "b": []}, CONFIG, ["a"], target="emulator")
    assert net.compiled.semantics == "l2s-2022"
    assert net.step(["x"]) == [] and net.step([]) == ["a"]


def test_semantics_argument_overrides_the_form():
    lif = LIF_neuron(4, -16, 63)
    hs = CRI_network({"x": [("a", 4)]}, {"a": ([], lif)}, CONFIG, ["a"], semantics="l2s-2022")
    assert hs.compiled.semantics == "l2s-2022"
    assert [hs.step(["x"]), hs.step([])] == [[], []]  # 4 > 4 is false under l2s-2022
    config = {"neuron_type": "I&F", "global_neuron_params": {"v_thr": 4}}  # type not read
    plain = CRI_network({"x": [("a", 4)]}, {"a": []}, config, ["a"], semantics="hs-2024")
    assert plain.compiled.semantics == "hs-2024"
    # x listed twice delivers once (4, not 8), 4 >= 4 fires; every neuron is LI&F, leak 3
    assert plain.step(["x", "x"], membranePotential=True) == ([("a", 4)], [])
    assert plain.step([]) == ["a"]


def test_simulator_noise_matches_for_any_seed_reuse():
    lif = LIF_neuron(10 ** 9, 0, 63)
    args = ({"x": []}, {"a": ([], lif), "b": ([], lif)}, CONFIG, [])
    a, b = CRI_network(*args, seed=5), CRI_network(*args, seed=5)
    assert [a.step([], membranePotential=True) for _ in range(3)] == \
        [b.step([], membranePotential=True) for _ in range(3)]
    c = CRI_network(*args, seed=6)
    assert c.step([], membranePotential=True) != CRI_network(*args, seed=5).step(
        [], membranePotential=True)
    assert np.isscalar(a.seed)
