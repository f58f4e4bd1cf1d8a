"""The neuron graph METIS partitions: undirected, weighted, in METIS' CSR form.

Vertices are neurons. Two neurons are adjacent when a synapse joins them in
either direction; the edge weight is the number of such synapses or, when
firing rates are given, the expected spikes per step crossing the edge
(``rate[pre] * multiplicity`` summed over both directions), scaled to the
integers 1..1000. Input axons are not vertices: they are not placed but
present on every core they target.

Very large networks are sparsified first: each neuron keeps its
``max_degree`` heaviest out-neighbours, where
``max_degree = max(8, 2**23 // n_neurons)``, so the graph never holds more
than about 2**24 adjacency entries whatever the synapse count. Ties are
broken by a seeded hash of (neuron, neighbour) (:mod:`l2s.partition.ties`)
and each row is stored in ascending neighbour order: the graph is a function
of the synapses and the seed, not of the order the synapses are listed in.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import numba
import numpy as np

from ..graph.compiled import CompiledNetwork
from .ties import tie_key

__all__ = ["WeightedGraph", "weighted_neuron_graph", "vertex_weights", "integer_weights",
           "symmetrise", "BUILD_BUDGET", "TRAFFIC_SCALE"]

#: Directed adjacency entries kept at most when building the graph (see module docstring).
BUILD_BUDGET = 2 ** 23
#: Largest integer edge weight when weights come from firing rates.
TRAFFIC_SCALE = 1000
#: Resolution of vertex weights: a neuron weighs this much, plus as much again on
#: average for its synapses.
VERTEX_UNIT = 16


@dataclass(frozen=True, eq=False)
class WeightedGraph:
    """An undirected graph without self-loops, both directions of every edge stored.

    Attributes
    ----------
    xadj : numpy.ndarray (int64)
        Neighbours of vertex ``v`` are ``adjncy[xadj[v]:xadj[v + 1]]``.
    adjncy : numpy.ndarray (int32)
    eweights : numpy.ndarray (int64)
        Positive weight of each entry of ``adjncy`` (equal in both directions).
    vweights : numpy.ndarray (int64)
        Positive weight of each vertex.
    """

    xadj: np.ndarray
    adjncy: np.ndarray
    eweights: np.ndarray
    vweights: np.ndarray

    @property
    def n_vertices(self) -> int:
        return self.xadj.size - 1

    @property
    def n_entries(self) -> int:
        """Adjacency entries: twice the number of edges."""
        return int(self.adjncy.size)

    def subgraph(self, vertices: np.ndarray) -> "WeightedGraph":
        """The graph induced by ``vertices`` (ascending), renumbered ``0..len(vertices)-1``."""
        xadj, adjncy, eweights = _induced(self.xadj, self.adjncy, self.eweights,
                                          vertices.astype(np.int64), self.n_vertices)
        return WeightedGraph(xadj, adjncy, eweights, self.vweights[vertices])


@numba.njit(cache=True, nogil=True)
def _induced(xadj, adjncy, eweights, vertices, n):
    new_id = np.full(n, -1, dtype=np.int64)
    for i in range(vertices.size):
        new_id[vertices[i]] = i
    out_xadj = np.zeros(vertices.size + 1, dtype=np.int64)
    for i in range(vertices.size):
        v = vertices[i]
        kept = 0
        for k in range(xadj[v], xadj[v + 1]):
            if new_id[adjncy[k]] >= 0:
                kept += 1
        out_xadj[i + 1] = out_xadj[i] + kept
    out_adj = np.empty(out_xadj[-1], dtype=np.int32)
    out_w = np.empty(out_xadj[-1], dtype=np.int64)
    pos = 0
    for i in range(vertices.size):
        v = vertices[i]
        for k in range(xadj[v], xadj[v + 1]):
            u = new_id[adjncy[k]]
            if u >= 0:
                out_adj[pos] = u
                out_w[pos] = eweights[k]
                pos += 1
    return out_xadj, out_adj, out_w


@numba.njit(cache=True, nogil=True, inline="always")
def add_to_row(neighbour, weight, slot, row_idx, row_w, m):
    """Add ``weight`` to ``neighbour``'s entry of the row being gathered; return the entry count.

    ``slot[neighbour]`` is the entry's position, -1 for a neighbour not seen
    yet in this row; :func:`emit_heaviest` resets it.
    """
    if slot[neighbour] < 0:
        slot[neighbour] = m
        row_idx[m] = neighbour
        row_w[m] = 0
        m += 1
    row_w[slot[neighbour]] += weight
    return m


@numba.njit(cache=True, nogil=True, inline="always")
def _lighter(a, b, row, row_idx, row_w, seed):
    """Whether entry ``a`` of the row ranks below entry ``b``: lighter, or as heavy with the
    larger tie key."""
    if row_w[a] != row_w[b]:
        return row_w[a] < row_w[b]
    return tie_key(row, row_idx[a], seed) > tie_key(row, row_idx[b], seed)


@numba.njit(cache=True, nogil=True)
def _sift_down(heap, size, i, row, row_idx, row_w, seed):
    """Restore the min-heap (lightest entry at the root) below position ``i``."""
    while True:
        low = i
        for child in (2 * i + 1, 2 * i + 2):
            if child < size and _lighter(heap[child], heap[low], row, row_idx, row_w, seed):
                low = child
        if low == i:
            return
        heap[i], heap[low] = heap[low], heap[i]
        i = low


@numba.njit(cache=True, nogil=True)
def emit_heaviest(row, row_idx, row_w, m, max_degree, seed, slot, out_idx, out_w, pos):
    """Write the ``max_degree`` heaviest of row ``row``'s gathered entries to ``out_*[pos:]``.

    Ties go to the smaller :func:`~l2s.partition.ties.tie_key` of
    ``(row, neighbour, seed)``; kept entries are written in ascending
    neighbour order. So the output does not depend on the order the entries
    were gathered in. The row's marks in ``slot`` are cleared for the next
    row. Returns the new end.
    """
    for j in range(m):
        slot[row_idx[j]] = -1
    size = min(m, max_degree)
    heap = np.arange(size)
    if m > max_degree:
        for i in range(size // 2 - 1, -1, -1):
            _sift_down(heap, size, i, row, row_idx, row_w, seed)
        for j in range(size, m):
            if _lighter(heap[0], j, row, row_idx, row_w, seed):
                heap[0] = j
                _sift_down(heap, size, 0, row, row_idx, row_w, seed)
    for j in heap[np.argsort(row_idx[heap])]:
        out_idx[pos] = row_idx[j]
        out_w[pos] = row_w[j]
        pos += 1
    return pos


@numba.njit(cache=True, nogil=True)
def _heaviest_neighbours(indptr, indices, source_weight, max_degree, seed):
    """Per row, its distinct columns other than itself, weighing ``source_weight[row] * repeats``.

    Keeps the ``max_degree`` heaviest of each row (ties: :func:`emit_heaviest`).
    Returns a directed CSR ``(indptr, indices, weights)``, columns ascending.
    """
    n = indptr.size - 1
    slot = np.full(n, -1, dtype=np.int64)
    out_indptr = np.zeros(n + 1, dtype=np.int64)
    bound = 0
    for r in range(n):
        bound += min(indptr[r + 1] - indptr[r], max_degree)
    out_idx = np.empty(bound, dtype=np.int32)
    out_w = np.empty(bound, dtype=np.float64)
    widest = 0
    for r in range(n):
        widest = max(widest, indptr[r + 1] - indptr[r])
    row_idx = np.empty(widest, dtype=np.int32)
    row_w = np.empty(widest, dtype=np.float64)
    pos = 0
    for r in range(n):
        m = 0
        for k in range(indptr[r], indptr[r + 1]):
            if indices[k] != r:
                m = add_to_row(indices[k], source_weight[r], slot, row_idx, row_w, m)
        pos = emit_heaviest(r, row_idx, row_w, m, max_degree, seed, slot, out_idx, out_w, pos)
        out_indptr[r + 1] = pos
    return out_indptr, out_idx[:pos], out_w[:pos]


@numba.njit(cache=True, nogil=True)
def symmetrise(indptr, indices, weights, use_max):
    """Undirected CSR of a directed one: ``w(u, v)`` is the sum (or max) of both directions.

    Examples
    --------
    >>> import numpy as np
    >>> xadj, adjncy, w = symmetrise(np.array([0, 1, 2]), np.array([1, 0], np.int32),
    ...                              np.array([2.0, 3.0]), False)
    >>> xadj.tolist(), adjncy.tolist(), w.tolist()
    ([0, 1, 2], [1, 0], [5.0, 5.0])
    """
    n = indptr.size - 1
    t_indptr = np.zeros(n + 1, dtype=np.int64)
    for k in range(indices.size):
        t_indptr[indices[k] + 1] += 1
    for v in range(n):
        t_indptr[v + 1] += t_indptr[v]
    t_idx = np.empty(indices.size, dtype=np.int32)
    t_w = np.empty(indices.size, dtype=weights.dtype)
    cursor = t_indptr[:-1].copy()
    for u in range(n):
        for k in range(indptr[u], indptr[u + 1]):
            v = indices[k]
            t_idx[cursor[v]] = u
            t_w[cursor[v]] = weights[k]
            cursor[v] += 1
    slot = np.full(n, -1, dtype=np.int64)
    out_indptr = np.zeros(n + 1, dtype=np.int64)
    out_idx = np.empty(2 * indices.size, dtype=np.int32)
    out_w = np.empty(2 * indices.size, dtype=weights.dtype)
    pos = 0
    for u in range(n):
        start = pos
        for side in range(2):
            lo = indptr[u] if side == 0 else t_indptr[u]
            hi = indptr[u + 1] if side == 0 else t_indptr[u + 1]
            for k in range(lo, hi):
                v = indices[k] if side == 0 else t_idx[k]
                w = weights[k] if side == 0 else t_w[k]
                if slot[v] < 0:
                    slot[v] = pos
                    out_idx[pos] = v
                    out_w[pos] = w
                    pos += 1
                elif use_max:
                    out_w[slot[v]] = max(out_w[slot[v]], w)
                else:
                    out_w[slot[v]] += w
        for k in range(start, pos):
            slot[out_idx[k]] = -1
        out_indptr[u + 1] = pos
    return out_indptr, out_idx[:pos], out_w[:pos]


@numba.njit(cache=True, nogil=True)
def _in_degree(indices, n):
    """Occurrences of each of ``0..n-1`` in ``indices`` (``np.bincount`` without an int64 copy)."""
    counts = np.zeros(n, dtype=np.int64)
    for k in range(indices.size):
        counts[indices[k]] += 1
    return counts


def integer_weights(weights: np.ndarray, from_rates: bool) -> np.ndarray:
    """Positive int64 weights for a partitioner: counts as they are, traffic scaled to 1..1000.

    Examples
    --------
    >>> integer_weights(np.array([2.0, 3.0]), False).tolist()
    [2, 3]
    >>> integer_weights(np.array([0.0, 0.05, 0.2]), True).tolist()
    [1, 250, 1000]
    """
    if not from_rates:
        return np.rint(weights).astype(np.int64)
    top = weights.max(initial=0.0)
    if top <= 0:
        return np.ones(weights.size, dtype=np.int64)
    return np.maximum(1, np.rint(weights * (TRAFFIC_SCALE / top))).astype(np.int64)


def vertex_weights(compiled: CompiledNetwork) -> np.ndarray:
    """One weight per neuron balancing neuron count and synapse load (int64).

    ``16 * (1 + in_synapses / mean in_synapses)``, rounded (the unit 16 shrinks
    for networks above 2**25 neurons so that sums fit 32-bit METIS): half of
    the total is the neuron count, half the synapses stored at the neuron's core.
    METIS balances this single combined weight: no released PyMetis passes
    more than one balance constraint (``ncon``) to METIS.

    Examples
    --------
    >>> from l2s.examples import random_recurrent
    >>> w = vertex_weights(random_recurrent(100, fanout=10).compile())
    >>> int(w.sum()) in range(3150, 3250), int(w.min()) >= 16
    (True, True)
    """
    n = compiled.n_neurons
    in_synapses = _in_degree(compiled.neuron_indices, n) + _in_degree(compiled.axon_indices, n)
    total = in_synapses.sum()
    share = in_synapses * (n / total) if total else np.zeros(n)
    unit = max(1, min(VERTEX_UNIT, 2 ** 29 // max(n, 1)))  # sums stay within 32-bit METIS
    return (unit + np.rint(unit * share)).astype(np.int64)


def weighted_neuron_graph(compiled: CompiledNetwork, rates: Optional[np.ndarray] = None,
                          max_degree: Optional[int] = None, seed: int = 0) -> WeightedGraph:
    """The undirected weighted neuron graph of ``compiled`` (see the module docstring).

    Parameters
    ----------
    compiled : CompiledNetwork
    rates : numpy.ndarray, optional
        Expected spikes per step of every neuron; edge weights are then traffic.
    max_degree : int, optional
        Out-neighbours kept per neuron; default ``max(8, 2**23 // n_neurons)``.
    seed : int, default 0
        Seed of the tie-breaking among equally heavy neighbours.

    Returns
    -------
    WeightedGraph

    Examples
    --------
    >>> import l2s
    >>> net = l2s.Network()
    >>> a = net.add_neurons("a", 3, threshold=1)
    >>> _ = net.connect(a, a, pre=[0, 0, 1, 1], post=[1, 1, 0, 2])
    >>> g = weighted_neuron_graph(net.compile())
    >>> g.xadj.tolist(), g.adjncy.tolist(), g.eweights.tolist()
    ([0, 1, 3, 4], [1, 0, 2, 1], [3, 3, 1, 1])
    """
    n = compiled.n_neurons
    if max_degree is None:
        max_degree = max(8, BUILD_BUDGET // max(n, 1))
    source_weight = np.ones(n) if rates is None else np.asarray(rates, dtype=np.float64)
    directed = _heaviest_neighbours(compiled.neuron_indptr, compiled.neuron_indices,
                                   source_weight, max_degree, seed)
    xadj, adjncy, weights = symmetrise(*directed, False)
    return WeightedGraph(xadj, adjncy, integer_weights(weights, rates is not None),
                         vertex_weights(compiled))
