"""Plain networkx views of a network: one node per axon and neuron, or one per population."""
from __future__ import annotations

from typing import TYPE_CHECKING, Union

import networkx as nx
import numpy as np

from ..errors import InvalidValueError
from .compiled import AXON_SOURCE, NEURON_SOURCE, CompiledNetwork
from .population import AXONS, NEURONS

if TYPE_CHECKING:
    from .network import Network

__all__ = ["neuron_graph", "population_graph", "NEURON_GRAPH_LIMIT"]

#: Largest network ``neuron_graph`` expands without ``limit=None``.
NEURON_GRAPH_LIMIT = 100_000


def neuron_graph(compiled: CompiledNetwork, limit: int = NEURON_GRAPH_LIMIT) -> nx.DiGraph:
    """One node per axon and neuron, one edge per connected pair.

    Nodes are the user keys, with attributes ``kind`` (``'axon'`` or
    ``'neuron'``), ``index``, ``population`` and, for neurons,
    ``threshold``, ``model``, ``leak``, ``output``. Edge ``(u, v)`` has
    ``weight`` (the sum over repeated synapses, which is what ``v`` receives
    when ``u`` spikes) and ``multiplicity`` (how many synapses ``u -> v``).

    Parameters
    ----------
    compiled : CompiledNetwork
    limit : int or None
        Refuse networks with more axons + neurons than this (the expansion is
        meant for drawing and analysis of small networks); None disables it.

    Examples
    --------
    >>> from l2s.graph import from_l2s
    >>> net = from_l2s({"in": [("a", 2)]}, {"a": [("b", 1), ("b", 1)], "b": []},
    ...                {"neuron_type": "I&F", "global_neuron_params": {"v_thr": 0}}, ["b"])
    >>> g = net.neuron_graph()
    >>> sorted(g.edges(data="weight"))
    [('a', 'b', 2), ('in', 'a', 2)]
    >>> g.edges["a", "b"]["multiplicity"]
    2
    """
    n_nodes = compiled.n_axons + compiled.n_neurons
    if limit is not None and n_nodes > limit:
        raise InvalidValueError(f"neuron_graph of {n_nodes} axons + neurons exceeds limit={limit}; "
                                "pass limit=None to expand it anyway")
    graph = nx.DiGraph()
    names = {AXON_SOURCE: np.empty(compiled.n_axons, dtype=object),
             NEURON_SOURCE: np.empty(compiled.n_neurons, dtype=object)}
    for pop in compiled.populations:
        kind = AXON_SOURCE if pop.kind == "axons" else NEURON_SOURCE
        keymap = compiled.axon_keys if kind == AXON_SOURCE else compiled.neuron_keys
        for i in range(pop.start, pop.stop):
            key = keymap.key(i)
            names[kind][i] = key
            attrs = dict(kind=kind, index=i, population=pop.name)
            if kind == NEURON_SOURCE:
                attrs.update(threshold=int(compiled.threshold[i]), model=int(compiled.model[i]),
                             leak=int(compiled.leak[i]), output=bool(compiled.output[i]))
            graph.add_node(key, **attrs)
    for kind in (AXON_SOURCE, NEURON_SOURCE):
        indptr, indices, weights = compiled.csr(kind)
        for pre in range(indptr.size - 1):
            u = names[kind][pre]
            for k in range(indptr[pre], indptr[pre + 1]):
                v = names[NEURON_SOURCE][indices[k]]
                if graph.has_edge(u, v):
                    edge = graph.edges[u, v]
                    edge["weight"] += int(weights[k])
                    edge["multiplicity"] += 1
                else:
                    graph.add_edge(u, v, weight=int(weights[k]), multiplicity=1)
    return graph


def population_graph(network: Union["Network", CompiledNetwork]) -> nx.DiGraph:
    """One node per population, one edge per connected pair with its synapse count.

    Nodes are the population names, in population order, with attributes
    ``kind`` (``'axons'`` or ``'neurons'``), ``size`` and ``start``/``stop``
    (the population's range in the flat axon or neuron index space). Edge
    ``(u, v)`` has ``synapses``, the number of synapses from ``u`` to ``v``;
    populations without synapses between them have no edge.

    Parameters
    ----------
    network : Network or CompiledNetwork
        A :class:`~l2s.Network` is read from its projections, without
        compiling it; a :class:`CompiledNetwork` from its CSR arrays. Both
        give the same graph.

    Returns
    -------
    networkx.DiGraph

    See Also
    --------
    neuron_graph : one node per axon and neuron.

    Examples
    --------
    >>> from l2s import Network
    >>> net = Network()
    >>> inp = net.add_axons("in", 2)
    >>> exc = net.add_neurons("exc", 3, threshold=1)
    >>> _ = net.connect(inp, exc, rule="all_to_all")
    >>> _ = net.connect(exc, exc, rule="one_to_one")
    >>> g = population_graph(net)
    >>> sorted(g.edges(data="synapses"))
    [('exc', 'exc', 3), ('in', 'exc', 6)]
    >>> g.nodes["exc"]
    {'kind': 'neurons', 'size': 3, 'start': 0, 'stop': 3}
    >>> nx.utils.graphs_equal(g, population_graph(net.compile()))
    True
    """
    graph = nx.DiGraph()
    if isinstance(network, CompiledNetwork):
        for pop in network.populations:
            graph.add_node(pop.name, kind=pop.kind, size=pop.size, start=pop.start,
                           stop=pop.stop)
        neuron_pops = network.population_of(NEURONS)
        # neuron populations tile 0..n_neurons-1 in order: the last one starting at or
        # before a target holds it (an empty population sorts before its successor)
        starts = np.array([p.start for p in neuron_pops], dtype=np.int64)
        for pop in network.populations:
            indptr, indices, _ = network.csr(AXON_SOURCE if pop.kind == AXONS else NEURON_SOURCE)
            targets = indices[indptr[pop.start]:indptr[pop.stop]]
            if targets.size == 0:
                continue
            counts = np.bincount(np.searchsorted(starts, targets, side="right") - 1,
                                 minlength=len(neuron_pops))
            for j in np.flatnonzero(counts).tolist():
                graph.add_edge(pop.name, neuron_pops[j].name, synapses=int(counts[j]))
        return graph
    starts_of = {AXONS: 0, NEURONS: 0}
    for pop in network.populations:
        graph.add_node(pop.name, kind=pop.kind, size=pop.size, start=starts_of[pop.kind],
                       stop=starts_of[pop.kind] + pop.size)
        starts_of[pop.kind] += pop.size
    for u, v, data in network.graph.edges(data=True):
        count = sum(len(p) for p in data["projections"])
        if count:
            graph.add_edge(u, v, synapses=count)
    return graph
