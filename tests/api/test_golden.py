"""Golden step-by-step cases of the ``CRI_network`` facade, worked out by hand.

Each table row is ``(inputs, expected output spikes, expected potentials)``
with the potentials in connections-dict order. The comment above each row
derives it from the semantics of one step:

- phase one, every neuron: ``V > thr`` (strict) fires and resets to 0;
  otherwise I&F keeps V, LI&F does ``V - (V >> leak)`` (floor shift), ANN
  sets 0;
- phase two: each active axon (once per listing) and each fired neuron adds
  its synapses' weights to their targets;
- reported: fired neurons that are outputs, in connections order.

A neuron that crosses the threshold in step t therefore fires in step t+1.
"""
import pytest

from l2s.api import CRI_network


def make(axons, connections, model, v_thr, outputs, leak=None, **kwargs):
    params = {"v_thr": v_thr}
    if leak is not None:
        params["leak"] = leak
    config = {"neuron_type": model, "global_neuron_params": params}
    return CRI_network(axons=axons, connections=connections, config=config,
                       outputs=outputs, **kwargs)


def check_steps(net, table):
    """Run each row's inputs; compare spikes and every potential exactly."""
    for n, (inputs, spikes, potentials) in enumerate(table, start=1):
        got_v, got_s = net.step(inputs, membranePotential=True)
        assert (n, got_s) == (n, spikes), "spikes of step %d" % n
        assert (n, list(got_v)) == (n, potentials), "potentials of step %d" % n
        assert all(type(v) is int for _, v in got_v), "potentials must be Python ints"


def pots(keys, values):
    return list(zip(keys, values))


# --------------------------------------------------------------------------
# (a) the example of the original L2S documentation
# --------------------------------------------------------------------------
DOCS_AXONS = {"alpha": [("a", 3)], "beta": [("d", 3)]}
DOCS_CONNECTIONS = {"a": [("b", 1)], "b": [], "c": [], "d": [("c", 1)]}
DOCS_OUTPUTS = ["a", "b"]
ABCD = "abcd"


def docs_net(**kwargs):
    return make(DOCS_AXONS, DOCS_CONNECTIONS, "I&F", 4, DOCS_OUTPUTS, **kwargs)


DOCS_TABLE = [
    # 1: nobody > 4. alpha: a += 3; beta: d += 3.
    (["alpha", "beta"], [], pots(ABCD, [3, 0, 0, 3])),
    # 2: 3 > 4 false, I&F keeps. a = 6, d = 6.
    (["alpha", "beta"], [], pots(ABCD, [6, 0, 0, 6])),
    # 3: a and d fire (6 > 4) -> 0. Inputs: a = 3, d = 3. a->b: b = 1,
    #    d->c: c = 1. Outputs are a and b, so only 'a' is reported.
    (["alpha", "beta"], ["a"], pots(ABCD, [3, 1, 1, 3])),
    # 4: nobody > 4, no input: unchanged.
    ([], [], pots(ABCD, [3, 1, 1, 3])),
    # 5: alpha: a = 6.
    (["alpha"], [], pots(ABCD, [6, 1, 1, 3])),
    # 6: a fires -> 0, b = 2.
    ([], ["a"], pots(ABCD, [0, 2, 1, 3])),
    # 7: beta listed twice delivers twice: d = 3 + 3 + 3 = 9.
    (["beta", "beta"], [], pots(ABCD, [0, 2, 1, 9])),
    # 8: d fires (not an output) -> 0; c = 1 + 1 = 2.
    ([], [], pots(ABCD, [0, 2, 2, 0])),
    # 9: a = 0 + 3 + 3 = 6.
    (["alpha", "alpha"], [], pots(ABCD, [6, 2, 2, 0])),
    # 10: a fires -> 0; b = 3.
    ([], ["a"], pots(ABCD, [0, 3, 2, 0])),
    # 11: a = 6.
    (["alpha", "alpha"], [], pots(ABCD, [6, 3, 2, 0])),
    # 12: a fires; b = 4.
    ([], ["a"], pots(ABCD, [0, 4, 2, 0])),
    # 13: b = 4 is not > 4; a = 6.
    (["alpha", "alpha"], [], pots(ABCD, [6, 4, 2, 0])),
    # 14: a fires; b = 5.
    ([], ["a"], pots(ABCD, [0, 5, 2, 0])),
    # 15: b fires (5 > 4) -> 0; a = 6 (no fire yet, it was 0 in phase one).
    (["alpha", "alpha"], ["b"], pots(ABCD, [6, 0, 2, 0])),
    # 16: a fires -> 0; b = 1.
    ([], ["a"], pots(ABCD, [0, 1, 2, 0])),
]


def test_docs_example_step_by_step():
    check_steps(docs_net(), DOCS_TABLE)


def test_docs_example_without_potentials_returns_spike_list():
    net = docs_net()
    for n, (inputs, spikes, _) in enumerate(DOCS_TABLE, start=1):
        got = net.step(inputs)
        assert isinstance(got, list), "step() without membranePotential returns a list"
        assert (n, got) == (n, spikes)


def test_docs_example_explicit_default_arguments():
    net = docs_net(target=None, simDump=False, coreID=0)
    check_steps(net, DOCS_TABLE[:4])


def test_docs_example_run_cont_state_carries_over():
    net = docs_net()
    assert net.run_cont([["alpha", "beta"]] * 3 + [[]]) == [(2, "a")]
    assert net.run_cont([["alpha"], []]) == [(1, "a")]
    # After 6 steps: a0 b2 c1 d3; nobody > 4 in the next step.
    v, s = net.step([], membranePotential=True)
    assert (list(v), s) == (pots(ABCD, [0, 2, 1, 3]), [])


def test_run_cont_empty_and_all_quiet():
    net = docs_net()
    assert net.run_cont([]) == []
    assert net.run_cont([[], [], []]) == []


# --------------------------------------------------------------------------
# (b) neuron models
# --------------------------------------------------------------------------
NM = ["n", "m"]


def test_lif_default_leak_3():
    net = make({"x": [("n", 20)], "y": [("m", -5)]}, {"n": [("m", 7)], "m": []},
               "LI&F", 30, ["n", "m"])
    check_steps(net, [
        # 1: leak of 0 is 0. n = 20, m = -5.
        (["x", "y"], [], pots(NM, [20, -5])),
        # 2: n: 20 - (20 >> 3 = 2) = 18. m: -5 - (-5 >> 3 = -1) = -4.
        ([], [], pots(NM, [18, -4])),
        # 3: n: 18 - 2 = 16, + 20 = 36. m: -4 - (-1) = -3.
        (["x"], [], pots(NM, [36, -3])),
        # 4: n 36 > 30 fires -> 0. m: -3 - (-1) = -2, + 7 = 5.
        ([], ["n"], pots(NM, [0, 5])),
        # 5: m: 5 - (5 >> 3 = 0) = 5 (small positives do not leak away).
        ([], [], pots(NM, [0, 5])),
        # 6: m = 5 - 0 - 5 = 0.
        (["y"], [], pots(NM, [0, 0])),
        # 7: m = 0 - 5 = -5.
        (["y"], [], pots(NM, [0, -5])),
        # 8..12: -5 -> -4 -> -3 -> -2 -> -1 -> 0 (-1 >> 3 = -1, -1 - -1 = 0).
        ([], [], pots(NM, [0, -4])),
        ([], [], pots(NM, [0, -3])),
        ([], [], pots(NM, [0, -2])),
        ([], [], pots(NM, [0, -1])),
        ([], [], pots(NM, [0, 0])),
    ])


def test_lif_explicit_leak_3_equals_default():
    table = [
        (["x"], [], pots(NM, [100, 0])),
        # 100 - (100 >> 3 = 12) = 88
        ([], [], pots(NM, [88, 0])),
        # 88 - 11 = 77
        ([], [], pots(NM, [77, 0])),
    ]
    check_steps(make({"x": [("n", 100)]}, {"n": [], "m": []}, "LI&F", 1000, NM, leak=3),
                table)
    check_steps(make({"x": [("n", 100)]}, {"n": [], "m": []}, "LI&F", 1000, NM), table)


def test_lif_leak_1_positive_and_negative():
    net = make({"x": [("n", 20)], "y": [("m", -5)]}, {"n": [], "m": []},
               "LI&F", 100, [], leak=1)
    check_steps(net, [
        (["x", "y"], [], pots(NM, [20, -5])),
        # n: 20 - 10 = 10. m: -5 - (-5 >> 1 = -3) = -2 (a truncating shift
        # would give -5 - (-2) = -3).
        ([], [], pots(NM, [10, -2])),
        # n: 10 - 5 = 5. m: -2 - (-1) = -1.
        ([], [], pots(NM, [5, -1])),
        # n: 5 - 2 = 3. m: -1 - (-1) = 0.
        ([], [], pots(NM, [3, 0])),
        # n: 3 - 1 = 2.
        ([], [], pots(NM, [2, 0])),
        # n: 2 - 1 = 1.
        ([], [], pots(NM, [1, 0])),
        # n: 1 - (1 >> 1 = 0) = 1.
        ([], [], pots(NM, [1, 0])),
    ])


def test_lif_leak_0_clears_every_step():
    net = make({"x": [("n", 9)], "y": [("m", -9)]}, {"n": [], "m": []}, "LI&F", 100, [],
               leak=0)
    check_steps(net, [
        (["x", "y"], [], pots(NM, [9, -9])),
        # V - (V >> 0) = 0, then this step's input.
        (["x"], [], pots(NM, [9, 0])),
        ([], [], pots(NM, [0, 0])),
    ])


def test_lif_fires_then_leaks():
    # thr 10, leak 2. x gives 12.
    net = make({"x": [("n", 12)]}, {"n": [("m", 40)], "m": []}, "LI&F", 10, ["n", "m"],
               leak=2)
    check_steps(net, [
        (["x"], [], pots(NM, [12, 0])),
        # n 12 > 10 fires -> 0; m = 40.
        ([], ["n"], pots(NM, [0, 40])),
        # m 40 > 10 fires -> 0. n = 0 + 12.
        (["x"], ["m"], pots(NM, [12, 0])),
        # n fires; m = 40.
        ([], ["n"], pots(NM, [0, 40])),
    ])


def test_ann_is_memoryless():
    net = make({"x": [("n", 5)], "y": [("n", 2)]}, {"n": [("m", 3)], "m": []},
               "ANN", 4, ["n", "m"])
    check_steps(net, [
        # 1: n = 5.
        (["x"], [], pots(NM, [5, 0])),
        # 2: n 5 > 4 fires -> 0, + 2 (y) = 2; m = 3 from n.
        (["y"], ["n"], pots(NM, [2, 3])),
        # 3: n 2 <= 4 cleared, + 2; m 3 <= 4 cleared.
        (["y"], [], pots(NM, [2, 0])),
        # 4: n cleared, + 2 + 2 + 5 = 9.
        (["y", "y", "x"], [], pots(NM, [9, 0])),
        # 5: n fires; m = 3.
        ([], ["n"], pots(NM, [0, 3])),
        # 6: everything cleared.
        ([], [], pots(NM, [0, 0])),
    ])


def test_if_vs_ann_same_network():
    # The same inputs under I&F accumulate where ANN forgets.
    axons = {"x": [("n", 3)]}
    conns = {"n": [], "m": []}
    check_steps(make(axons, conns, "I&F", 4, ["n"]), [
        (["x"], [], pots(NM, [3, 0])),
        (["x"], [], pots(NM, [6, 0])),
        # 6 > 4 fires.
        ([], ["n"], pots(NM, [0, 0])),
    ])
    check_steps(make(axons, conns, "ANN", 4, ["n"]), [
        (["x"], [], pots(NM, [3, 0])),
        (["x"], [], pots(NM, [3, 0])),
        ([], [], pots(NM, [0, 0])),
    ])


# --------------------------------------------------------------------------
# (c) thresholds
# --------------------------------------------------------------------------
def test_threshold_equal_does_not_fire_one_more_does():
    net = make({"x": [("n", 4)], "y": [("n", 1)]}, {"n": []}, "I&F", 4, ["n"])
    check_steps(net, [
        (["x"], [], [("n", 4)]),
        # 4 > 4 is false.
        ([], [], [("n", 4)]),
        ([], [], [("n", 4)]),
        (["y"], [], [("n", 5)]),
        # 5 > 4 fires.
        ([], ["n"], [("n", 0)]),
    ])


def test_zero_threshold():
    net = make({"x": [("n", 1)], "y": [("n", -3)]}, {"n": []}, "I&F", 0, ["n"])
    check_steps(net, [
        # 0 > 0 is false: a neuron at rest does not fire.
        ([], [], [("n", 0)]),
        (["y"], [], [("n", -3)]),
        ([], [], [("n", -3)]),
        (["x", "x", "x"], [], [("n", 0)]),
        ([], [], [("n", 0)]),
        (["x"], [], [("n", 1)]),
        # 1 > 0 fires.
        ([], ["n"], [("n", 0)]),
    ])


def test_negative_threshold_fires_from_rest():
    net = make({"x": [("m", -5)]}, {"n": [("m", 1)], "m": []}, "I&F", -1, ["n", "m"])
    check_steps(net, [
        # 1: both at 0 > -1 fire on the very first step; m = 0 + 1.
        ([], ["n", "m"], pots(NM, [0, 1])),
        # 2: the same.
        ([], ["n", "m"], pots(NM, [0, 1])),
        # 3: both fire; m = 0 + 1 - 5 = -4.
        (["x"], ["n", "m"], pots(NM, [0, -4])),
        # 4-6: m (-4, -3, -2 <= -1) keeps and gains 1 from n each step.
        ([], ["n"], pots(NM, [0, -3])),
        ([], ["n"], pots(NM, [0, -2])),
        ([], ["n"], pots(NM, [0, -1])),
        # 7: -1 > -1 false; m = 0.
        ([], ["n"], pots(NM, [0, 0])),
        # 8: 0 > -1: m fires again; m = 0 + 1.
        ([], ["n", "m"], pots(NM, [0, 1])),
    ])


def test_negative_threshold_ann_and_lif():
    # ANN, thr -1: V is cleared to 0 each step and 0 > -1, so n fires
    # every step unless this step's input pushed it to -1 or below.
    net = make({"x": [("n", -1)]}, {"n": []}, "ANN", -1, ["n"])
    check_steps(net, [
        ([], ["n"], [("n", 0)]),
        # fires (phase one), then -1.
        (["x"], ["n"], [("n", -1)]),
        # -1 > -1 false; ANN clears to 0.
        ([], [], [("n", 0)]),
        ([], ["n"], [("n", 0)]),
    ])
    # LI&F, thr -3, leak 3: -5 -> -4 -> -3 (no fire, -3 > -3 false) -> -2 -> fires.
    net = make({"x": [("n", -5)]}, {"n": []}, "LI&F", -3, ["n"])
    check_steps(net, [
        # phase one: 0 > -3 fires; then -5.
        (["x"], ["n"], [("n", -5)]),
        ([], [], [("n", -4)]),
        ([], [], [("n", -3)]),
        # -3 > -3 false; -3 - (-1) = -2.
        ([], [], [("n", -2)]),
        # -2 > -3 fires.
        ([], ["n"], [("n", 0)]),
    ])


def test_extreme_thresholds_are_accepted():
    lo, hi = -(2 ** 34), 2 ** 34 - 1
    net = make({"x": [("n", 2 ** 15 - 1)]}, {"n": []}, "I&F", hi, ["n"])
    check_steps(net, [
        (["x", "x"], [], [("n", 65534)]),
        ([], [], [("n", 65534)]),
    ])
    net = make({"x": [("n", -(2 ** 15))]}, {"n": []}, "I&F", lo, ["n"])
    check_steps(net, [
        # 0 > -2**34 fires; then -32768 (still > -2**34).
        (["x"], ["n"], [("n", -32768)]),
        ([], ["n"], [("n", 0)]),
    ])


@pytest.mark.parametrize("v_thr", [2 ** 34, -(2 ** 34) - 1])
def test_out_of_range_threshold_rejected(v_thr):
    with pytest.raises(ValueError):
        make({"x": [("n", 1)]}, {"n": []}, "I&F", v_thr, ["n"])


@pytest.mark.parametrize("weight", [2 ** 15, -(2 ** 15) - 1])
def test_out_of_range_weight_rejected(weight):
    with pytest.raises(ValueError):
        make({"x": [("n", weight)]}, {"n": []}, "I&F", 0, ["n"])
    with pytest.raises(ValueError):
        make({"x": [("n", 1)]}, {"n": [("n", weight)]}, "I&F", 0, ["n"])


def test_extreme_weights_accepted():
    net = make({"x": [("n", 2 ** 15 - 1), ("m", -(2 ** 15))]}, {"n": [], "m": []},
               "I&F", 10 ** 6, [])
    check_steps(net, [(["x"], [], pots(NM, [32767, -32768]))])


# --------------------------------------------------------------------------
# (d) negative weights and negative potentials
# --------------------------------------------------------------------------
def test_inhibition_prevents_firing():
    # e excites t by 3 each step it is driven; i inhibits t by -4.
    net = make({"e": [("t", 3)], "i": [("t", -4)]}, {"t": []}, "I&F", 2, ["t"])
    check_steps(net, [
        (["e", "i"], [], [("t", -1)]),
        (["e"], [], [("t", 2)]),
        # 2 > 2 false.
        (["i", "i"], [], [("t", -6)]),
        (["e", "e", "e"], [], [("t", 3)]),
        # 3 > 2 fires; then -4.
        (["i"], ["t"], [("t", -4)]),
    ])


def test_lif_negative_v_arithmetic_shift_leak_1():
    # The case spelled out in the brief: V = -5, leak 1 -> -5 - (-3) = -2.
    net = make({"y": [("m", -5)]}, {"m": []}, "LI&F", 0, ["m"], leak=1)
    check_steps(net, [
        (["y"], [], [("m", -5)]),
        ([], [], [("m", -2)]),
    ])


def test_negative_weight_from_neuron_to_neuron():
    net = make({"x": [("p", 1)]}, {"p": [("q", -7), ("q", 2)], "q": []}, "I&F", 0,
               ["p", "q"])
    check_steps(net, [
        (["x"], [], [("p", 1), ("q", 0)]),
        # p fires; q += -7 + 2.
        ([], ["p"], [("p", 0), ("q", -5)]),
    ])


# --------------------------------------------------------------------------
# (e) repeated axons, duplicate synapses, mixed keys, ordering
# --------------------------------------------------------------------------
def test_repeated_axons_and_duplicate_synapses():
    net = make({"x": [("n", 2), ("n", 3)], "e": []}, {"n": []}, "I&F", 100, ["n"])
    check_steps(net, [
        # x listed twice, two synapses x->n each: 2 * (2 + 3).
        (["x", "x"], [], [("n", 10)]),
        # an axon with no synapses does nothing, however often listed.
        (["e", "e", "e"], [], [("n", 10)]),
        (["x", "e", "x", "x"], [], [("n", 25)]),
    ])


def test_mixed_int_and_str_keys():
    # Int keys that are not 0..n-1 and an int axon key 0 next to neuron key 1,
    # so keys cannot be mistaken for indices.
    axons = {0: [(5, 2)], "in": [("z", 1)]}
    connections = {5: [("z", 3)], "z": [(5, -1)], 1: []}
    net = make(axons, connections, "I&F", 1, [5, "z"])
    K = [5, "z", 1]
    check_steps(net, [
        # 1: 5 = 2, z = 1.
        ([0, "in"], [], pots(K, [2, 1, 0])),
        # 2: 5 fires (2 > 1) -> 0; z = 1 + 3 = 4.
        ([], [5], pots(K, [0, 4, 0])),
        # 3: z fires -> 0; 5 = 0 - 1.
        ([], ["z"], pots(K, [-1, 0, 0])),
        # 4: 5 = -1 + 2 = 1.
        ([0], [], pots(K, [1, 0, 0])),
        # 5: 1 > 1 false; 5 = 3.
        ([0], [], pots(K, [3, 0, 0])),
        # 6: 5 fires; z = 3.
        ([], [5], pots(K, [0, 3, 0])),
    ])


def test_spike_keys_keep_their_type():
    net = make({"x": [(7, 1), ("7", 1)]}, {"7": [], 7: []}, "I&F", 0, [7, "7"])
    net.step(["x"])
    spikes = net.step([])
    assert spikes == ["7", 7]
    assert [type(k) for k in spikes] == [str, int]


def test_spikes_in_connections_order_not_outputs_order():
    net = make({"x": [("c", 1), ("a", 1), ("b", 1)]}, {"a": [], "b": [], "c": []},
               "I&F", 0, ["c", "b", "a"])
    net.step(["x"])
    assert net.step([]) == ["a", "b", "c"]


def test_non_output_neurons_fire_silently_but_deliver():
    net = make({"x": [("h", 1)]}, {"h": [("o", 5)], "o": []}, "I&F", 0, ["o"])
    check_steps(net, [
        (["x"], [], [("h", 1), ("o", 0)]),
        # h fires but is not an output.
        ([], [], [("h", 0), ("o", 5)]),
        ([], ["o"], [("h", 0), ("o", 0)]),
    ])


def test_self_loop():
    # n -> n with +3: once n fires it keeps re-exciting itself.
    net = make({"x": [("n", 1)]}, {"n": [("n", 3)]}, "I&F", 2, ["n"])
    check_steps(net, [
        (["x"], [], [("n", 1)]),
        (["x"], [], [("n", 2)]),
        (["x"], [], [("n", 3)]),
        # 3 > 2 fires -> 0, + 3 from itself.
        ([], ["n"], [("n", 3)]),
        ([], ["n"], [("n", 3)]),
    ])


def test_unknown_axon_rejected():
    net = docs_net()
    with pytest.raises(KeyError):
        net.step(["gamma"])
    with pytest.raises(KeyError):
        net.step(["a"])  # a neuron is not an axon


# --------------------------------------------------------------------------
# (f) reading and writing synapses between steps
# --------------------------------------------------------------------------
def test_write_and_read_synapse_between_steps():
    net = docs_net()
    assert net.read_synapse("alpha", "a") == 3
    assert net.read_synapse("a", "b") == 1
    assert net.read_synapse("d", "c") == 1
    check_steps(net, [(["alpha", "beta"], [], pots(ABCD, [3, 0, 0, 3]))])

    net.write_synapse("alpha", "a", 2)
    assert net.read_synapse("alpha", "a") == 2
    assert net.read_synapse("a", "b") == 1
    # alpha now gives 2: a = 5.
    check_steps(net, [(["alpha"], [], pots(ABCD, [5, 0, 0, 3]))])

    net.write_synapse("a", "b", 5)
    assert net.read_synapse("a", "b") == 5
    check_steps(net, [
        # a fires (5 > 4) -> 0; b = 5 with the new weight.
        ([], ["a"], pots(ABCD, [0, 5, 0, 3])),
        # b fires.
        ([], ["b"], pots(ABCD, [0, 0, 0, 3])),
    ])

    net.write_listofSynapses(["beta", "d"], ["d", "c"], [2, -7])
    assert net.read_synapse("beta", "d") == 2
    assert net.read_synapse("d", "c") == -7
    assert net.read_synapse("alpha", "a") == 2
    check_steps(net, [
        # d = 3 + 2.
        (["beta"], [], pots(ABCD, [0, 0, 0, 5])),
        # d fires (not an output) -> 0; c = -7.
        ([], [], pots(ABCD, [0, 0, -7, 0])),
    ])


def test_write_synapse_zero_and_negative_weights():
    net = docs_net()
    net.write_synapse("alpha", "a", 0)
    net.write_synapse("beta", "d", -(2 ** 15))
    assert net.read_synapse("alpha", "a") == 0
    assert net.read_synapse("beta", "d") == -32768
    check_steps(net, [(["alpha", "beta"], [], pots(ABCD, [0, 0, 0, -32768]))])
    net.write_synapse("beta", "d", 2 ** 15 - 1)
    check_steps(net, [(["beta"], [], pots(ABCD, [0, 0, 0, -1]))])


def test_write_synapse_sets_every_duplicate():
    net = make({"x": [("n", 1), ("m", 1), ("n", 2)]}, {"n": [], "m": []}, "I&F", 100, [])
    check_steps(net, [(["x"], [], pots(NM, [3, 1]))])
    net.write_synapse("x", "n", -4)
    assert net.read_synapse("x", "n") == -4
    # both x->n synapses now -4: n = 3 - 8; m unchanged weight 1.
    check_steps(net, [(["x"], [], pots(NM, [-5, 2]))])


def test_write_listofsynapses_single_and_mixed_keys():
    net = make({0: [(5, 1)]}, {5: [("z", 1)], "z": []}, "I&F", 0, [5, "z"])
    net.write_listofSynapses([0], [5], [3])
    net.write_listofSynapses([5, 0], ["z", 5], [-2, 4])
    assert net.read_synapse(0, 5) == 4
    assert net.read_synapse(5, "z") == -2
    check_steps(net, [
        ([0], [], pots([5, "z"], [4, 0])),
        # 5 fires; z = -2.
        ([], [5], pots([5, "z"], [0, -2])),
    ])


def test_write_synapse_out_of_range_rejected_and_unchanged():
    net = docs_net()
    with pytest.raises(ValueError):
        net.write_synapse("a", "b", 2 ** 15)
    with pytest.raises(ValueError):
        net.write_synapse("a", "b", -(2 ** 15) - 1)
    assert net.read_synapse("a", "b") == 1


def test_missing_synapse_rejected():
    net = docs_net()
    # topology is fixed: only existing synapses can be written or read.
    with pytest.raises(KeyError):
        net.write_synapse("alpha", "b", 1)
    with pytest.raises(KeyError):
        net.write_synapse("nope", "a", 1)
    with pytest.raises(KeyError):
        net.read_synapse("a", "c")
    with pytest.raises(KeyError):
        net.read_synapse("a", "nope")
    # nothing changed
    check_steps(net, DOCS_TABLE[:3])
