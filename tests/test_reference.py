"""Hand-worked checks of the test oracle ``tests/reference.py``.

Every expected value below is worked out by hand in the comments from the
semantics of one step (phase one: fire if ``V > thr`` and reset, else
I&F keep / LI&F ``V - (V >> leak)`` / ANN clear; phase two: add the weights
of active axons and fired neurons). If the oracle is right here, the
property tests can trust it on random networks.
"""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.reference import ReferenceNetwork
from tests.strategies import input_sequences, l2s_networks, networks_and_inputs, reference_args

DOCS_AXONS = {"alpha": [("a", 3)], "beta": [("d", 3)]}
DOCS_CONNECTIONS = {"a": [("b", 1)], "b": [], "c": [], "d": [("c", 1)]}


def docs_net():
    return ReferenceNetwork(DOCS_AXONS, DOCS_CONNECTIONS, threshold=4, model="I&F",
                            outputs=["a", "b"])


def V(net):
    return dict(net.potentials())


def test_docs_example_by_hand():
    net = docs_net()
    # Step 1: nobody above 4; alpha: a += 3, beta: d += 3.
    assert net.step(["alpha", "beta"]) == []
    assert net.potentials() == [("a", 3), ("b", 0), ("c", 0), ("d", 3)]
    # Step 2: 3 > 4 is false; a = 6, d = 6.
    assert net.step(["alpha", "beta"]) == []
    assert net.potentials() == [("a", 6), ("b", 0), ("c", 0), ("d", 6)]
    # Step 3: a (6 > 4) and d fire and reset; then a = 0 + 3, d = 0 + 3,
    # a's synapse: b += 1, d's synapse: c += 1. Only a is an output.
    assert net.step(["alpha", "beta"]) == ["a"]
    assert net.potentials() == [("a", 3), ("b", 1), ("c", 1), ("d", 3)]
    # Step 4: no input, nobody above 4: unchanged (I&F keeps V).
    assert net.step([]) == []
    assert net.potentials() == [("a", 3), ("b", 1), ("c", 1), ("d", 3)]


def test_potentials_are_plain_ints_in_connections_order():
    net = ReferenceNetwork({0: [("z", 2)]}, {"z": [], 7: [], -1: []}, 10, "I&F")
    net.step([0])
    assert net.potentials() == [("z", 2), (7, 0), (-1, 0)]
    assert all(type(v) is int for _, v in net.potentials())


def test_threshold_is_strict():
    # thr 4: V = 4 never fires; one more unit and it fires on the next step.
    net = ReferenceNetwork({"x": [("n", 4)], "y": [("n", 1)]}, {"n": []}, 4, "I&F",
                           outputs=["n"])
    assert net.step(["x"]) == [] and V(net) == {"n": 4}
    assert net.step([]) == [] and V(net) == {"n": 4}
    assert net.step(["y"]) == [] and V(net) == {"n": 5}
    assert net.step([]) == ["n"] and V(net) == {"n": 0}


def test_negative_threshold_fires_from_rest():
    # thr -1: V = 0 > -1, so n fires on the very first step, and every step.
    # m gets n's +1 each step; m = 1 > -1 fires too from step 2 on.
    net = ReferenceNetwork({"x": [("m", -5)]}, {"n": [("m", 1)], "m": []}, -1, "I&F",
                           outputs=["n", "m"])
    # Step 1: both at 0 > -1 fire; m = 0 + 1.
    assert net.step([]) == ["n", "m"] and V(net) == {"n": 0, "m": 1}
    # Step 2: same again.
    assert net.step([]) == ["n", "m"] and V(net) == {"n": 0, "m": 1}
    # Step 3: both fire; m = 0 + 1 - 5 = -4.
    assert net.step(["x"]) == ["n", "m"] and V(net) == {"n": 0, "m": -4}
    # Steps 4..6: m does not fire (-4, -3, -2 <= -1), gains 1 each step.
    assert net.step([]) == ["n"] and V(net) == {"n": 0, "m": -3}
    assert net.step([]) == ["n"] and V(net) == {"n": 0, "m": -2}
    assert net.step([]) == ["n"] and V(net) == {"n": 0, "m": -1}
    # Step 7: -1 > -1 is false; m = -1 + 1 = 0.
    assert net.step([]) == ["n"] and V(net) == {"n": 0, "m": 0}
    # Step 8: 0 > -1: m fires again.
    assert net.step([]) == ["n", "m"] and V(net) == {"n": 0, "m": 1}


def test_lif_default_leak_positive_and_negative():
    net = ReferenceNetwork({"x": [("n", 20)], "y": [("m", -5)]},
                           {"n": [("m", 7)], "m": []}, 30, "LI&F", outputs=["n", "m"])
    # Step 1: leak of 0 is 0; n = 20, m = -5.
    assert net.step(["x", "y"]) == [] and V(net) == {"n": 20, "m": -5}
    # Step 2: n: 20 - (20 >> 3 = 2) = 18; m: -5 - (-5 >> 3 = -1) = -4.
    assert net.step([]) == [] and V(net) == {"n": 18, "m": -4}
    # Step 3: n: 18 - 2 = 16, + 20 = 36; m: -4 - (-1) = -3.
    assert net.step(["x"]) == [] and V(net) == {"n": 36, "m": -3}
    # Step 4: n 36 > 30 fires, 0; m: -3 + 1 = -2, then + 7 = 5.
    assert net.step([]) == ["n"] and V(net) == {"n": 0, "m": 5}
    # Step 5: m: 5 - (5 >> 3 = 0) = 5: small positives never leak away.
    assert net.step([]) == [] and V(net) == {"n": 0, "m": 5}


def test_lif_negative_decays_to_zero_with_arithmetic_shift():
    # leak 1: -5 >> 1 = -3 (floor), so -5 - (-3) = -2; -2 - (-1) = -1;
    # -1 - (-1) = 0. A truncating shift would give -5 - (-2) = -3 instead.
    net = ReferenceNetwork({"y": [("m", -5)]}, {"m": []}, 100, "LI&F", leak=1)
    net.step(["y"])
    seen = []
    for _ in range(4):
        net.step([])
        seen.append(V(net)["m"])
    assert seen == [-2, -1, 0, 0]


def test_lif_leak_zero_clears():
    # leak 0: V - (V >> 0) = 0.
    net = ReferenceNetwork({"y": [("m", 9)]}, {"m": []}, 100, "LI&F", leak=0)
    net.step(["y"])
    assert V(net) == {"m": 9}
    net.step([])
    assert V(net) == {"m": 0}


def test_ann_forgets_between_steps():
    net = ReferenceNetwork({"x": [("n", 5)], "y": [("n", 2)]},
                           {"n": [("m", 3)], "m": []}, 4, "ANN", outputs=["n", "m"])
    assert net.step(["x"]) == [] and V(net) == {"n": 5, "m": 0}
    # n 5 > 4 fires; n = 0 + 2; m = 0 + 3.
    assert net.step(["y"]) == ["n"] and V(net) == {"n": 2, "m": 3}
    # n 2 <= 4: cleared, + 2; m 3 <= 4: cleared.
    assert net.step(["y"]) == [] and V(net) == {"n": 2, "m": 0}
    # repeated axons: n cleared, then 2 + 2 + 5.
    assert net.step(["y", "y", "x"]) == [] and V(net) == {"n": 9, "m": 0}
    assert net.step([]) == ["n"] and V(net) == {"n": 0, "m": 3}


def test_repeated_axon_and_duplicate_synapse_deliver_each_time():
    net = ReferenceNetwork({"x": [("n", 2), ("n", 3)]}, {"n": []}, 100, "I&F")
    net.step(["x", "x"])  # (2 + 3) * 2
    assert V(net) == {"n": 10}


def test_spike_order_is_connections_order_not_outputs_order():
    net = ReferenceNetwork({"x": [("b", 1), ("a", 1)]}, {"a": [], "b": []}, 0, "I&F",
                           outputs=["b", "a"])
    net.step(["x"])
    assert net.step([]) == ["a", "b"]


def test_non_output_spikes_still_deliver():
    net = ReferenceNetwork({"x": [("h", 1)]}, {"h": [("o", 5)], "o": []}, 0, "I&F",
                           outputs=["o"])
    assert net.step(["x"]) == []
    assert net.step([]) == [] and V(net) == {"h": 0, "o": 5}
    assert net.step([]) == ["o"]


def test_per_neuron_parameters():
    net = ReferenceNetwork({"x": [("p", 16), ("q", 16), ("r", 16)]},
                           {"p": [], "q": [], "r": []},
                           threshold={"p": 100, "q": 100, "r": 15},
                           model={"p": "I&F", "q": "LI&F", "r": "ANN"},
                           leak={"p": 3, "q": 2, "r": 3}, outputs=["r"])
    net.step(["x"])
    # p keeps 16; q: 16 - (16 >> 2) = 12; r 16 > 15 fires.
    assert net.step([]) == ["r"]
    assert V(net) == {"p": 16, "q": 12, "r": 0}


def test_write_synapse_sets_all_duplicates_and_changes_next_step():
    net = ReferenceNetwork({"x": [("n", 1), ("m", 1), ("n", 2)]}, {"n": [], "m": []},
                           100, "I&F")
    net.write_synapse("x", "n", -4)
    assert net.read_synapse("x", "n") == [-4, -4]
    assert net.read_synapse("x", "m") == [1]
    net.step(["x"])
    assert V(net) == {"n": -8, "m": 1}


def test_write_synapse_does_not_touch_callers_dicts():
    axons = {"x": [("n", 1)]}
    net = ReferenceNetwork(axons, {"n": []}, 100, "I&F")
    net.write_synapse("x", "n", 9)
    assert axons == {"x": [("n", 1)]}


@pytest.mark.parametrize("bad", [
    dict(weight=2 ** 15), dict(weight=-(2 ** 15) - 1),
    dict(threshold=2 ** 34), dict(threshold=-(2 ** 34) - 1),
])
def test_rejects_out_of_range(bad):
    args = dict(weight=1, threshold=0)
    args.update(bad)
    with pytest.raises(ValueError):
        ReferenceNetwork({"x": [("n", args["weight"])]}, {"n": []}, args["threshold"], "I&F")


def test_rejects_unknown_keys():
    net = ReferenceNetwork({"x": [("n", 1)]}, {"n": []}, 0, "I&F")
    with pytest.raises(KeyError):
        net.step(["nope"])
    with pytest.raises(KeyError):
        net.write_synapse("x", "zzz", 1)
    with pytest.raises(KeyError):
        ReferenceNetwork({"x": [("ghost", 1)]}, {"n": []}, 0, "I&F")


@given(networks_and_inputs())
def test_strategy_draws_are_valid_reference_networks(case):
    net, inputs = case
    assert set(net["axons"]).isdisjoint(net["connections"])
    assert set(net["outputs"]) <= set(net["connections"])
    ref = ReferenceNetwork(**reference_args(net))
    for step_inputs in inputs:
        fired = ref.step(step_inputs)
        assert set(fired) <= set(net["outputs"])
        assert [k for k, _ in ref.potentials()] == list(net["connections"])


@given(l2s_networks(), st.data())
def test_ann_step_without_input_holds_only_fired_weights(net, data):
    # An independent restatement of the ANN rule: after a step with no input,
    # every V is exactly the sum of the weights delivered by the neurons that
    # were above threshold at the start of the step.
    net["config"]["neuron_type"] = "ANN"
    ref = ReferenceNetwork(**reference_args(net))
    for step_inputs in data.draw(input_sequences(list(net["axons"]), max_steps=3)):
        ref.step(step_inputs)
    before = dict(ref.potentials())
    thr = net["config"]["global_neuron_params"]["v_thr"]
    ref.step([])
    expected = {k: 0 for k in net["connections"]}
    for pre, syns in net["connections"].items():
        if before[pre] > thr:
            for post, w in syns:
                expected[post] += w
    assert dict(ref.potentials()) == expected
