"""METIS through either PyMetis interface, directly or after coarsening."""
import types
import warnings

import numpy as np
import pymetis
import pytest

from l2s.examples import random_recurrent
from l2s.partition import HardwareSpec, cut_fraction, partition
from l2s.partition import metis as metis_module
from l2s.partition.weighted_graph import weighted_neuron_graph
from l2s.partition.metis import part_graph

from .networks import grid_network

REAL_PART_GRAPH = pymetis.part_graph
HAS_CSR = hasattr(pymetis, "CSRAdjacency")


def _call_real(nparts, xadj, adjncy, **kwargs):
    """The installed PyMetis, whichever interface it has, warnings silenced."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        if HAS_CSR:
            return REAL_PART_GRAPH(nparts, adjacency=pymetis.CSRAdjacency(xadj, adjncy), **kwargs)
        return REAL_PART_GRAPH(nparts, xadj=xadj, adjncy=adjncy, **kwargs)


class _CSRAdjacency:
    def __init__(self, adj_starts, adjacent):
        self.adj_starts, self.adjacent = adj_starts, adjacent


def _old_api(calls):
    """PyMetis <= 2023: only xadj= / adjncy=, no CSRAdjacency, no Options, no zero_copy_dtype."""
    def part_graph_(nparts, adjacency=None, xadj=None, adjncy=None, vweights=None,
                    eweights=None, recursive=None, contiguous=None):
        assert adjacency is None and xadj is not None and adjncy is not None
        calls.append("xadj")
        return _call_real(nparts, xadj, adjncy, vweights=vweights, eweights=eweights)
    return types.SimpleNamespace(part_graph=part_graph_)


def _new_api(calls):
    """PyMetis >= 2025.2: adjacency=CSRAdjacency(...), passing xadj= warns."""
    def part_graph_(nparts, adjacency=None, xadj=None, adjncy=None, *, vweights=None,
                    eweights=None, options=None, **_):
        if xadj is not None:
            warnings.warn("Passing xadj/adjncy is deprecated", DeprecationWarning, stacklevel=2)
        assert isinstance(adjacency, _CSRAdjacency) and options.seed == 7
        calls.append("csr")
        return _call_real(nparts, adjacency.adj_starts, adjacency.adjacent,
                          vweights=vweights, eweights=eweights)
    return types.SimpleNamespace(part_graph=part_graph_, CSRAdjacency=_CSRAdjacency,
                                 Options=lambda seed: types.SimpleNamespace(seed=seed),
                                 zero_copy_dtype=lambda: np.dtype(np.int64))


@pytest.mark.parametrize("api", [_old_api, _new_api])
def test_both_pymetis_interfaces_give_the_same_partition(monkeypatch, api):
    graph = weighted_neuron_graph(grid_network(20).compile())
    expected = _call_real(4, graph.xadj, graph.adjncy, vweights=graph.vweights,
                          eweights=graph.eweights)[1]
    calls = []
    monkeypatch.setattr(metis_module, "pymetis", api(calls))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        parts = metis_module.metis_part_graph(graph, 4, seed=7)
    assert calls == ["csr" if api is _new_api else "xadj"]
    assert parts.tolist() == list(expected)


def test_the_installed_pymetis_raises_no_deprecation_warning():
    graph = weighted_neuron_graph(grid_network(12).compile())
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        parts = metis_module.metis_part_graph(graph, 3, seed=0)
    assert sorted(set(parts.tolist())) == [0, 1, 2]


def test_coarsening_keeps_balance_and_locality(monkeypatch):
    compiled = grid_network(60).compile()
    spec = HardwareSpec(cores_per_fpga=8, neurons_per_core=512)
    direct = cut_fraction(partition(compiled, spec))
    monkeypatch.setattr(metis_module, "DIRECT_ENTRIES", 2000)
    monkeypatch.setattr(metis_module, "DIRECT_VERTICES", 300)
    graph = weighted_neuron_graph(compiled)
    parts = part_graph(graph, 8, seed=0)
    weight = np.bincount(parts, weights=graph.vweights, minlength=8)
    assert weight.max() <= metis_module.IMBALANCE * weight.mean() + graph.vweights.max()
    coarsened = cut_fraction(partition(compiled, spec))
    assert coarsened <= 2 * direct and coarsened < 0.2


@pytest.mark.parametrize("n, nparts", [(0, 4), (3, 4), (10, 1)])
def test_tiny_graphs(n, nparts):
    compiled = random_recurrent(n, fanout=min(n, 2)).compile() if n else None
    if compiled is None:
        one = weighted_neuron_graph(random_recurrent(1, fanout=0).compile())
        empty = one.subgraph(np.zeros(0, dtype=np.int64))
        assert part_graph(empty, nparts, 0).size == 0
        return
    parts = part_graph(weighted_neuron_graph(compiled), nparts, 0)
    assert parts.size == n and parts.max() < nparts


def test_graph_without_edges_is_split_by_weight():
    parts = part_graph(weighted_neuron_graph(random_recurrent(10, fanout=0).compile()), 3, 0)
    assert np.bincount(parts).tolist() == [4, 3, 3]
