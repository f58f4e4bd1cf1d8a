"""topology: the drawn graph is the network's, node by node or population by population."""
from types import SimpleNamespace

import numpy as np
import pytest
from matplotlib.colors import to_rgba

from l2s.errors import InvalidValueError
from l2s.examples import random_recurrent
from l2s.graph import neuron_graph
from l2s.plot import topology
from l2s.plot._common import palette


def _fake_placement(compiled, n_cores=4):
    """Only what topology reads: a core per neuron (and the spec's number of cores)."""
    core = np.arange(compiled.n_neurons) % n_cores
    return SimpleNamespace(core=core, spec=SimpleNamespace(n_cores=n_cores))


def test_neuron_view_draws_every_node_and_edge(ax, two_populations):
    _, compiled, _ = two_populations
    drawn = topology(compiled, ax=ax, view="neurons")
    expected = neuron_graph(compiled)
    assert drawn.view == "neurons"
    assert set(drawn.graph.nodes) == set(expected.nodes)
    assert set(drawn.graph.edges) == set(expected.edges)
    assert len(drawn.edges) == expected.number_of_edges()  # one arrow per connected pair
    assert [c.get_label() for c in drawn.nodes] == ["axons", "exc", "inh"]
    assert sum(len(c.get_offsets()) for c in drawn.nodes) == compiled.n_axons + compiled.n_neurons
    for c, colour in zip(drawn.nodes[1:], palette(2)):
        np.testing.assert_allclose(c.get_facecolor()[0], to_rgba(colour))
    # every node collection sits at the positions of its nodes
    positions = {tuple(np.round(p, 9)) for _, p in drawn.graph.nodes(data="pos")}
    offsets = {tuple(np.round(xy, 9)) for c in drawn.nodes for xy in c.get_offsets()}
    assert offsets == positions


def test_neuron_view_coloured_by_core(ax, two_populations):
    _, compiled, _ = two_populations
    placement = _fake_placement(compiled)
    drawn = topology(compiled, placement, ax=ax, view="neurons", layout="circular")
    by_label = {c.get_label(): c for c in drawn.nodes}
    assert sorted(by_label) == ["axons", "core 0", "core 1", "core 2", "core 3"]
    pos = {tuple(np.round(p, 9)): n for n, p in drawn.graph.nodes(data="pos")}
    for k, colour in enumerate(palette(4)):
        c = by_label[f"core {k}"]
        np.testing.assert_allclose(c.get_facecolor()[0], to_rgba(colour))
        members = [pos[tuple(np.round(xy, 9))] for xy in c.get_offsets()]
        assert {placement.core[drawn.graph.nodes[m]["index"]] for m in members} == {k}


def test_population_view_counts_synapses(ax, two_populations):
    net, compiled, _ = two_populations
    from_network = topology(net, ax=ax, view="populations")
    from_compiled = topology(compiled, ax=ax, view="populations")
    expected = {(u, v): sum(len(p) for p in d["projections"])
                for u, v, d in net.graph.edges(data=True)}
    for drawn in (from_network, from_compiled):
        assert drawn.view == "populations"
        assert dict(((u, v), s) for u, v, s in drawn.graph.edges(data="synapses")) == expected
        assert len(drawn.edges) == len(expected)
        assert drawn.labels[("exc", "exc")].get_text() == "80"
        assert drawn.labels["inh"].get_text() == "inh\n10"
    sizes = {name: s for name, s in from_compiled.graph.nodes(data="size")}
    assert sizes == {"in": 8, "bias": 2, "exc": 40, "inh": 10}


def test_population_view_pies_of_cores(ax, two_populations):
    _, compiled, _ = two_populations
    placement = _fake_placement(compiled, n_cores=3)
    placement.core = np.r_[np.zeros(30, int), np.ones(10, int), np.full(10, 2)]
    drawn = topology(compiled, placement, ax=ax, view="populations")
    labels = [c.get_label() for c in drawn.nodes]
    assert labels == ["in", "bias", "exc: core 0", "exc: core 1", "inh: core 2"]
    for c, k in zip(drawn.nodes[2:], (0, 1, 2)):
        np.testing.assert_allclose(c.get_facecolor()[0], to_rgba(palette(3)[k]))


def test_auto_view_switches_on_size(ax):
    assert topology(random_recurrent(30, fanout=2), ax=ax).view == "neurons"
    assert topology(random_recurrent(300, fanout=2), ax=ax).view == "populations"
    assert topology(random_recurrent(30, fanout=2), ax=ax, max_nodes=10).view == "populations"


def test_layouts(ax):
    net = random_recurrent(12, fanout=2)
    pos = {n: (i, 0) for i, n in enumerate(net.neuron_graph())}
    drawn = topology(net, ax=ax, layout=pos)
    assert {n: tuple(p) for n, p in drawn.graph.nodes(data="pos")} == pos
    a = topology(net, ax=ax, layout="spring", seed=3).graph.nodes(data="pos")
    b = topology(net, ax=ax, layout="spring", seed=3).graph.nodes(data="pos")
    assert all(np.array_equal(a[n], b[n]) for n in pos)


def test_topology_errors(ax, two_populations):
    _, compiled, _ = two_populations
    with pytest.raises(InvalidValueError, match="view"):
        topology(compiled, ax=ax, view="cores")
    with pytest.raises(InvalidValueError, match="layout"):
        topology(compiled, ax=ax, layout="radial")
    with pytest.raises(InvalidValueError, match="places 3 neurons"):
        topology(compiled, SimpleNamespace(core=np.zeros(3, int)), ax=ax)
