"""``Network.compile``: the exact CSR arrays on hand-built cases, numbering, order, key checks."""
import numpy as np
import pytest

import l2s
from l2s import Network
from l2s.errors import InvalidValueError
from l2s.graph import PopulationRange
from l2s.graph.compiled import AXON_SOURCE, NEURON_SOURCE

from .networks import ARRAY_FIELDS, row, small_network


def test_compile_small_network_exact_csr():
    c = small_network().compile()
    assert (c.n_axons, c.n_neurons, c.n_synapses) == (2, 5, 3 + 6 + 1 + 1)
    # axons: x = 0, y = 1; neurons: exc 0..2, inh 3..4
    assert c.axon_indptr.tolist() == [0, 1, 3]
    assert c.axon_indices.tolist() == [0, 2, 0]
    assert c.axon_weights.tolist() == [-3, 5, 7]
    # exc rows: all_to_all onto inh first (connected first), then exc[2] -> exc[2]
    assert c.neuron_indptr.tolist() == [0, 2, 4, 7, 8, 8]
    assert c.neuron_indices.tolist() == [3, 4, 3, 4, 3, 4, 2, 1]
    assert c.neuron_weights.tolist() == [2, 2, 2, 2, 2, 2, 32767, -32768]
    for name in ("axon_indptr", "neuron_indptr"):
        assert getattr(c, name).dtype == np.int64
    for name in ("axon_indices", "neuron_indices"):
        assert getattr(c, name).dtype == np.int32
    for name in ("axon_weights", "neuron_weights"):
        assert getattr(c, name).dtype == np.int16
    assert c.threshold.dtype == np.int64 and c.threshold.tolist() == [1, 2, 3, -5, -5]
    assert c.model.dtype == np.uint8 and c.model.tolist() == [1, 1, 1, 2, 2]
    assert c.leak.dtype == np.uint8 and c.leak.tolist() == [1, 2, 3, 3, 3]
    assert c.output.dtype == bool and c.output.tolist() == [False, False, False, True, True]
    assert c.output_indices.tolist() == [3, 4]
    assert c.fanout(NEURON_SOURCE).tolist() == [2, 2, 3, 1, 0]
    assert c.fanout(AXON_SOURCE).tolist() == [1, 2]
    assert c.populations == (PopulationRange("in", "axons", 0, 2),
                             PopulationRange("exc", "neurons", 0, 3),
                             PopulationRange("inh", "neurons", 3, 5))
    assert c.find_synapses(AXON_SOURCE, 1, 0).tolist() == [2]
    assert c.find_synapses(NEURON_SOURCE, 2, 2).tolist() == [6]
    assert c.find_synapses(NEURON_SOURCE, 4, 0).tolist() == []
    assert "n_synapses=11" in repr(c)


def test_compile_numbers_members_by_kind_in_population_order():
    net = Network()
    n1 = net.add_neurons("n1", 2, threshold=0)
    a1 = net.add_axons("a1", 1)
    n2 = net.add_neurons("n2", 3, threshold=1)
    a2 = net.add_axons("a2", 2)
    net.connect(a2, n2, pre=[1], post=[2], weight=4)
    net.connect(n2, n1, pre=[0], post=[1], weight=6)
    net.connect(a1, n1, pre=[0], post=[0], weight=5)
    c = net.compile()
    assert [(p.name, p.start, p.stop) for p in c.population_of("axons")] == \
        [("a1", 0, 1), ("a2", 1, 3)]
    assert [(p.name, p.start, p.stop) for p in c.population_of("neurons")] == \
        [("n1", 0, 2), ("n2", 2, 5)]
    assert row(c, AXON_SOURCE, 0) == ([0], [5])
    assert row(c, AXON_SOURCE, 2) == ([4], [4])
    assert row(c, NEURON_SOURCE, 2) == ([1], [6])
    assert c.threshold.tolist() == [0, 0, 1, 1, 1]
    assert c.axon_keys.key(2) == ("a2", 1) and c.neuron_keys.index(("n2", 0)) == 2


def test_compile_keeps_per_source_order_within_a_target_population():
    net = Network()
    a = net.add_axons("a", 2)
    n = net.add_neurons("n", 4, threshold=0)
    net.connect(a, n, pre=[0, 1, 0], post=[3, 0, 1], weight=[1, 2, 3])
    net.connect(a, n, pre=[1, 0], post=[2, 0], weight=[4, 5])
    net.connect(a, n, pre=[0], post=[3], weight=[6])
    c = net.compile()
    assert row(c, AXON_SOURCE, 0) == ([3, 1, 0, 3], [1, 3, 5, 6])
    assert row(c, AXON_SOURCE, 1) == ([0, 2], [2, 4])


def test_compile_keeps_per_source_order_across_target_populations():
    net = Network()
    s = net.add_axons("s", 1)
    t1 = net.add_neurons("t1", 2, threshold=0)
    t2 = net.add_neurons("t2", 2, threshold=0)
    net.connect(s, t2, pre=[0], post=[0], weight=1)
    net.connect(s, t1, pre=[0], post=[0], weight=2)
    net.connect(s, t2, pre=[0], post=[1], weight=3)
    assert row(net.compile(), AXON_SOURCE, 0) == ([2, 0, 3], [1, 2, 3])


def test_compiled_network_is_a_snapshot():
    net = small_network()
    c = net.compile()
    before = {name: getattr(c, name).copy() for name in ARRAY_FIELDS}
    net.connect("in", "exc", pre=[0], post=[1], weight=11)
    net.add_neurons("late", 2, threshold=9)
    for name in ARRAY_FIELDS:
        assert np.array_equal(getattr(c, name), before[name]), name
    assert net.compile().n_synapses == c.n_synapses + 1


def test_compile_empty_network_and_empty_populations():
    c = Network().compile()
    assert (c.n_axons, c.n_neurons, c.n_synapses) == (0, 0, 0)
    assert c.axon_indptr.tolist() == [0] and c.neuron_indptr.tolist() == [0]
    net = Network()
    net.add_axons("a0", 0)
    net.add_axons("a1", 2)
    net.add_neurons("n0", 0, threshold=0)
    n1 = net.add_neurons("n1", 1, threshold=0)
    net.connect("a1", n1, pre=[1], post=[0], weight=3)
    c = net.compile()
    assert c.axon_indptr.tolist() == [0, 0, 1] and c.axon_indices.tolist() == [0]
    assert c.axon_keys.key(0) == ("a1", 0) and c.neuron_keys.key(0) == ("n1", 0)


def test_compile_rejects_key_used_by_an_axon_and_a_neuron():
    net = Network()
    net.add_axons("a", keys=["x", "shared"])
    net.add_neurons("n", keys=["shared", "y"], threshold=0)
    with pytest.raises(InvalidValueError, match="'shared'") as info:
        net.compile()
    assert isinstance(info.value, l2s.L2SError)


def test_compile_rejects_key_used_twice_among_neurons():
    net = Network()
    net.add_neurons("n", keys=["k1", "k2"], threshold=0)
    net.add_neurons("m", keys=["k3", "k1"], threshold=0)
    with pytest.raises(InvalidValueError, match="'k1'"):
        net.compile()


def test_compile_rejects_explicit_key_equal_to_an_implicit_key():
    net = Network()
    net.add_neurons("A", 2, threshold=0)
    net.add_neurons("B", 1, threshold=0, keys=[("A", 0)])
    with pytest.raises(l2s.L2SError, match="A"):
        net.compile()
