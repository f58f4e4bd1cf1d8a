"""The source hypergraph: one net per neuron, holding the neuron and its targets.

A neuron's spike travels once to every other core that holds one of its
targets, where it takes one relay axon. With the net ``{s} + targets(s)``,
the cores a placement spreads the net over, minus one, are exactly the relay
axons of ``s`` (its own core is always among them). Summed over the nets,
this ``(lambda - 1)`` connectivity is the total number of relay axons and,
with each net weighted by its neuron's firing rate, the expected inter-core
spike messages per step (:mod:`l2s.partition.metrics`): the quantity a
hypergraph partitioner minimises as its ``km1`` objective, where the neuron
graph METIS partitions only approximates it.

Input axons are not vertices and have no nets, as in the METIS graph: they
sit on every core they target and their spikes come from the host.

Every net lists its pins in ascending order, whatever order the synapses are
listed in: Mt-KaHyPar's result depends on the pin order (the same torus gave
5,514 relays with its synapses in offset order and 5,526 shuffled; 5,490 with
the pins sorted), and a placement is a function of the network, not of how
its synapses are listed.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import numba
import numpy as np

from ..graph.compiled import CompiledNetwork
from .weighted_graph import integer_weights, vertex_weights

__all__ = ["Hypergraph", "source_hypergraph"]


@dataclass(frozen=True, eq=False)
class Hypergraph:
    """Nets over vertices ``0..n_vertices-1``, as CSR, with positive integer weights.

    Attributes
    ----------
    net_indptr : numpy.ndarray (int64)
        Pins of net ``e`` are ``pins[net_indptr[e]:net_indptr[e + 1]]``.
    pins : numpy.ndarray (int32)
        Distinct vertices within a net; every net has at least two.
        :func:`source_hypergraph` lists them in ascending order.
    net_weights : numpy.ndarray (int64)
    vweights : numpy.ndarray (int64)

    Examples
    --------
    >>> h = Hypergraph(np.array([0, 3]), np.array([0, 1, 2], np.int32), np.array([1]),
    ...                np.ones(4, np.int64))
    >>> h.n_vertices, h.n_nets
    (4, 1)
    """

    net_indptr: np.ndarray
    pins: np.ndarray
    net_weights: np.ndarray
    vweights: np.ndarray

    @property
    def n_vertices(self) -> int:
        """Number of vertices (neurons).

        Examples
        --------
        >>> Hypergraph(np.zeros(1, np.int64), np.zeros(0, np.int32), np.zeros(0, np.int64),
        ...            np.ones(3, np.int64)).n_vertices
        3
        """
        return int(self.vweights.size)

    @property
    def n_nets(self) -> int:
        """Number of nets.

        Examples
        --------
        >>> Hypergraph(np.array([0, 2]), np.array([0, 1], np.int32), np.ones(1, np.int64),
        ...            np.ones(3, np.int64)).n_nets
        1
        """
        return self.net_indptr.size - 1

    def subhypergraph(self, vertices: np.ndarray) -> "Hypergraph":
        """Nets restricted to ``vertices`` (ascending), renumbered ``0..len(vertices)-1``.

        Nets left with fewer than two pins are dropped: no split can cut them.

        Examples
        --------
        >>> h = Hypergraph(np.array([0, 3, 5]), np.array([0, 2, 3, 1, 2], np.int32),
        ...                np.array([1, 7]), np.ones(4, np.int64))
        >>> sub = h.subhypergraph(np.array([0, 2, 3]))
        >>> sub.pins.tolist(), sub.net_weights.tolist(), sub.n_vertices
        ([0, 1, 2], [1], 3)
        """
        indptr, pins, kept = _restrict(self.net_indptr, self.pins, vertices.astype(np.int64),
                                       self.n_vertices)
        return Hypergraph(indptr, pins, self.net_weights[kept], self.vweights[vertices])


@numba.njit(cache=True, nogil=True)
def _source_nets(indptr, indices):
    """Per neuron with a target other than itself, the net ``{s} + distinct targets``, sorted."""
    n = indptr.size - 1
    seen = np.full(n, -1, dtype=np.int64)
    bound = 0
    for s in range(n):
        bound += indptr[s + 1] - indptr[s] + 1
    net_indptr = np.zeros(n + 1, dtype=np.int64)
    pins = np.empty(bound, dtype=np.int32)
    source = np.empty(n, dtype=np.int64)
    n_nets = 0
    pos = 0
    for s in range(n):
        start = pos
        seen[s] = s
        pins[pos] = s
        pos += 1
        for k in range(indptr[s], indptr[s + 1]):
            t = indices[k]
            if seen[t] != s:
                seen[t] = s
                pins[pos] = t
                pos += 1
        if pos - start < 2:
            pos = start
            continue
        pins[start:pos] = np.sort(pins[start:pos])
        source[n_nets] = s
        n_nets += 1
        net_indptr[n_nets] = pos
    return net_indptr[:n_nets + 1], pins[:pos], source[:n_nets]


@numba.njit(cache=True, nogil=True)
def _restrict(net_indptr, pins, vertices, n):
    new_id = np.full(n, -1, dtype=np.int64)
    for i in range(vertices.size):
        new_id[vertices[i]] = i
    out_indptr = np.zeros(net_indptr.size, dtype=np.int64)
    out_pins = np.empty(pins.size, dtype=np.int32)
    kept = np.empty(net_indptr.size - 1, dtype=np.int64)
    n_kept = 0
    pos = 0
    for e in range(net_indptr.size - 1):
        start = pos
        for k in range(net_indptr[e], net_indptr[e + 1]):
            v = new_id[pins[k]]
            if v >= 0:
                out_pins[pos] = v
                pos += 1
        if pos - start < 2:
            pos = start
            continue
        kept[n_kept] = e
        n_kept += 1
        out_indptr[n_kept] = pos
    return out_indptr[:n_kept + 1], out_pins[:pos], kept[:n_kept]


def source_hypergraph(compiled: CompiledNetwork,
                      rates: Optional[np.ndarray] = None) -> Hypergraph:
    """The hypergraph of ``compiled``: a net per neuron with targets, its pins the neuron
    and its distinct targets in ascending order (see the module docstring).

    Parameters
    ----------
    compiled : CompiledNetwork
    rates : numpy.ndarray, optional
        Spikes per step of every neuron. Net weights are then the rates
        scaled to the integers ``1..1000``; without rates every net weighs 1.

    Returns
    -------
    Hypergraph
        Vertex weights as for METIS (:func:`~l2s.partition.weighted_graph.vertex_weights`).

    Examples
    --------
    >>> import l2s
    >>> net = l2s.Network()
    >>> a = net.add_neurons("a", 4, threshold=1)
    >>> _ = net.connect(a, a, pre=[0, 0, 0, 1, 3], post=[1, 2, 1, 1, 0])
    >>> h = source_hypergraph(net.compile(), rates=np.array([0.2, 0.0, 0.0, 0.1]))
    >>> h.net_indptr.tolist(), h.pins.tolist(), h.net_weights.tolist()
    ([0, 3, 5], [0, 1, 2, 0, 3], [1000, 500])
    """
    net_indptr, pins, source = _source_nets(compiled.neuron_indptr, compiled.neuron_indices)
    traffic = np.ones(source.size) if rates is None else np.asarray(rates, np.float64)[source]
    return Hypergraph(net_indptr, pins, integer_weights(traffic, rates is not None),
                      vertex_weights(compiled))
