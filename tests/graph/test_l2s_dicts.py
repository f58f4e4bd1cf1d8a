"""``from_l2s``: the original L2S dicts give the same network as one built by hand."""
from l2s import Network, from_l2s

from .networks import ARRAY_FIELDS


L2S_AXONS = {"alpha": [("a", 3), ("c", -2), ("a", 1)], 7: [], "beta": [("d", 32767)]}
L2S_CONNECTIONS = {"a": [("b", 1), ("a", -4)], "b": [], 3: [("a", 2), (3, 5)],
                   "d": [("c", -32768), ("b", 2)], "c": []}
L2S_CONFIG = {"neuron_type": "LI&F", "global_neuron_params": {"v_thr": 9, "leak": 2}}
L2S_OUTPUTS = ["d", "a"]


def hand_built():
    net = Network()
    ax = net.add_axons("axons", keys=["alpha", 7, "beta"])
    nr = net.add_neurons("neurons", keys=["a", "b", 3, "d", "c"], threshold=9, model="LI&F",
                         leak=2, output=[True, False, False, True, False])
    net.connect(ax, nr, pre=[0, 0, 0, 2], post=[0, 4, 0, 3], weight=[3, -2, 1, 32767])
    net.connect(nr, nr, pre=[0, 0, 2, 2, 3, 3], post=[1, 0, 0, 2, 4, 1],
                weight=[1, -4, 2, 5, -32768, 2])
    return net


def test_from_l2s_equals_hand_built_network():
    net = from_l2s(L2S_AXONS, L2S_CONNECTIONS, L2S_CONFIG, L2S_OUTPUTS)
    assert [p.name for p in net.populations] == ["axons", "neurons"]
    assert net.population("axons").keys == ("alpha", 7, "beta")
    assert net.population("neurons").keys == ("a", "b", 3, "d", "c")
    got, want = net.compile(), hand_built().compile()
    for name in ARRAY_FIELDS:
        g, w = getattr(got, name), getattr(want, name)
        assert g.dtype == w.dtype and g.tolist() == w.tolist(), name
    assert list(got.axon_keys) == list(want.axon_keys) == ["alpha", 7, "beta"]
    assert list(got.neuron_keys) == list(want.neuron_keys)
    assert got.populations == want.populations


def test_from_l2s_does_not_keep_the_callers_dicts():
    axons = {"x": [("n", 1)]}
    connections = {"n": [("n", 2)]}
    net = from_l2s(axons, connections, {"neuron_type": "I&F",
                                        "global_neuron_params": {"v_thr": 1}}, ["n"])
    axons["x"].append(("n", 5))
    connections["n"][0] = ("n", 9)
    c = net.compile()
    assert c.axon_weights.tolist() == [1] and c.neuron_weights.tolist() == [2]


def test_from_l2s_default_leak_and_models():
    for model, code in (("I&F", 0), ("LI&F", 1), ("ANN", 2)):
        c = from_l2s({}, {"n": []}, {"neuron_type": model, "global_neuron_params": {"v_thr": 0}},
                     []).compile()
        assert c.model.tolist() == [code] and c.leak.tolist() == [3]
        assert c.n_axons == 0 and c.output.tolist() == [False]
