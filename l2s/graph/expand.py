"""Expansion of a compiled network to one networkx node per axon and neuron."""
from __future__ import annotations

import networkx as nx
import numpy as np

from ..errors import InvalidValueError
from .compiled import AXON_SOURCE, NEURON_SOURCE, CompiledNetwork

__all__ = ["neuron_graph", "NEURON_GRAPH_LIMIT"]

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
