"""``neuron_graph`` and ``population_graph``: the networkx views of a network."""
import networkx as nx
import pytest

from l2s import Network, from_l2s
from l2s.errors import InvalidValueError
from l2s.graph import neuron_graph, population_graph

from .networks import mixed_network, small_network


def test_neuron_graph_nodes_edges_weights_multiplicity():
    net = small_network()
    net.connect("in", "exc", pre=[1], post=[0], weight=[-2])   # y -> exc0 now twice (7, -2)
    g = net.neuron_graph()
    assert isinstance(g, nx.DiGraph)
    assert set(g.nodes) == {"x", "y", ("exc", 0), ("exc", 1), ("exc", 2), "i0", "i1"}
    assert g.nodes["y"] == {"kind": "axon", "index": 1, "population": "in"}
    assert g.nodes[("exc", 2)] == {"kind": "neuron", "index": 2, "population": "exc",
                                   "threshold": 3, "model": 1, "leak": 3, "output": False}
    assert g.nodes["i1"]["output"] is True and g.nodes["i1"]["index"] == 4
    assert g.edges["y", ("exc", 0)] == {"weight": 5, "multiplicity": 2}
    assert g.edges["y", ("exc", 2)] == {"weight": 5, "multiplicity": 1}
    assert g.edges["x", ("exc", 0)] == {"weight": -3, "multiplicity": 1}
    assert g.edges[("exc", 2), ("exc", 2)] == {"weight": 32767, "multiplicity": 1}
    assert g.edges["i0", ("exc", 1)] == {"weight": -32768, "multiplicity": 1}
    assert g.number_of_edges() == 3 + 6 + 1 + 1
    assert sum(m for _, _, m in g.edges(data="multiplicity")) == net.n_synapses
    assert all(type(w) is int for _, _, w in g.edges(data="weight"))


def test_neuron_graph_duplicates_from_l2s():
    net = from_l2s({"in": [("a", 2)]}, {"a": [("b", 1), ("b", 1), ("a", -3)], "b": []},
                   {"neuron_type": "I&F", "global_neuron_params": {"v_thr": 0}}, ["b"])
    g = net.neuron_graph()
    assert sorted(g.edges(data="weight"), key=repr) == \
        sorted([("a", "b", 2), ("in", "a", 2), ("a", "a", -3)], key=repr)
    assert g.edges["a", "b"]["multiplicity"] == 2
    assert g.nodes["b"]["output"] and not g.nodes["a"]["output"]


def test_neuron_graph_limit():
    net = Network()
    net.add_axons("a", 3)
    net.add_neurons("n", 3, threshold=0)
    c = net.compile()
    with pytest.raises(InvalidValueError, match="limit"):
        neuron_graph(c, limit=5)
    assert neuron_graph(c, limit=6).number_of_nodes() == 6
    assert neuron_graph(c, limit=None).number_of_nodes() == 6


def test_neuron_graph_refuses_lookalike_keys():
    net = Network()
    net.add_axons("a", keys=[("n", 0)])
    net.add_neurons("n", 2, threshold=0)
    net.connect("a", "n", pre=[0], post=[1])
    # one node per member needs distinct keys: the lookalike is refused, not merged
    with pytest.raises(InvalidValueError, match=r"\('n', 0\)"):
        net.neuron_graph()


def test_neuron_graph_one_node_per_member_of_mixed_network():
    net = mixed_network()
    net.connect("n1", "n2", rule="all_to_all", weight=1)
    g = net.neuron_graph()
    assert g.number_of_nodes() == net.n_axons + net.n_neurons
    assert g.in_degree("z") == 4


def test_population_graph_counts_synapses_per_projection():
    net = small_network()
    g = population_graph(net)
    assert list(g.nodes) == ["in", "exc", "inh"]
    assert g.nodes["inh"] == {"kind": "neurons", "size": 2, "start": 3, "stop": 5}
    assert g.nodes["in"] == {"kind": "axons", "size": 2, "start": 0, "stop": 2}
    assert dict(((u, v), s) for u, v, s in g.edges(data="synapses")) == \
        {("in", "exc"): 3, ("exc", "inh"): 6, ("inh", "exc"): 1, ("exc", "exc"): 1}


def test_population_graph_of_network_and_of_compiled_network_agree():
    net = mixed_network()  # empty axon and neuron populations between non-empty ones
    net.connect("n1", "n2", rule="all_to_all", weight=1)
    net.connect("named", "n1", pre=[2, 2], post=[0, 3])
    net.connect("n2", "n0", pre=[0], post=[2])
    net.connect("ax", "void", pre=[], post=[])  # no synapses: no edge
    from_network, from_compiled = population_graph(net), population_graph(net.compile())
    assert nx.utils.graphs_equal(from_network, from_compiled)
    assert list(from_network.nodes) == [p.name for p in net.populations]
    assert sorted(from_compiled.edges(data="synapses")) == \
        [("n1", "n2", 4), ("n2", "n0", 1), ("named", "n1", 2)]
