"""Lowering of a population graph to a :class:`CompiledNetwork` (flat CSR arrays)."""
from __future__ import annotations

from typing import Dict, Hashable, List, Sequence, Tuple

import networkx as nx
import numba
import numpy as np

from ..errors import InvalidValueError
from .compiled import CompiledNetwork, PopulationRange
from .keys import KeyMap
from .models import L2S_2022
from .population import AXONS, NEURONS, Population, Projection

__all__ = ["compile_graph"]


@numba.njit(cache=True, nogil=True)
def _scatter_rows(pre, post, weight, pre_offset, post_offset, cursor, out_indices, out_weights):
    """Counting-sort scatter of one projection into CSR slots (keeps order per row)."""
    for k in range(pre.size):
        row = pre_offset + pre[k]
        pos = cursor[row]
        cursor[row] = pos + 1
        out_indices[pos] = post_offset + post[k]
        out_weights[pos] = weight[k]


def _csr(n_rows: int, parts: Sequence[Tuple[int, int, Projection]]
         ) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
    """CSR arrays from projections given as (row offset, column offset, projection)."""
    counts = np.zeros(n_rows + 1, dtype=np.int64)
    for pre_offset, _, proj in parts:
        if len(proj):
            binned = np.bincount(proj.pre, minlength=1)
            counts[pre_offset + 1:pre_offset + 1 + binned.size] += binned
    indptr = np.cumsum(counts)
    total = int(indptr[-1])
    indices = np.empty(total, dtype=np.int32)
    weights = np.empty(total, dtype=np.int16)
    cursor = indptr[:-1].copy()
    for pre_offset, post_offset, proj in parts:
        if len(proj):
            _scatter_rows(proj.pre, proj.post, proj.weight, pre_offset, post_offset,
                          cursor, indices, weights)
    return indptr, indices, weights


def _check_unique_keys(populations: Sequence[Population]) -> None:
    implicit = {p.name: p.size for p in populations if p.keys is None}
    seen: Dict[Hashable, str] = {}
    for pop in populations:
        if pop.keys is None:
            continue
        for key in pop.keys:
            if isinstance(key, tuple) and len(key) == 2 and key[0] in implicit \
                    and isinstance(key[1], (int, np.integer)) and 0 <= key[1] < implicit[key[0]]:
                raise InvalidValueError(
                    f"key {key!r} of population {pop.name!r} is also the implicit key of member "
                    f"{key[1]} of population {key[0]!r}; choose another key")
            other = seen.get(key)
            if other is not None:
                what = ("both an axon and a neuron" if other != pop.kind
                        else f"used twice among the {pop.kind}")
                raise InvalidValueError(f"key {key!r} is {what} (keys must be unique)")
            seen[key] = pop.kind


def _ranges(pops: Sequence[Population], kind: str
            ) -> Tuple[Dict[str, int], List[PopulationRange], KeyMap, int]:
    offsets: Dict[str, int] = {}
    ranges: List[PopulationRange] = []
    start = 0
    for pop in pops:
        offsets[pop.name] = start
        ranges.append(PopulationRange(pop.name, pop.kind, start, start + pop.size))
        start += pop.size
    keymap = KeyMap([(p.name, offsets[p.name], p.size, p.keys) for p in pops], kind)
    return offsets, ranges, keymap, start


def _concat(pops: Sequence[Population], field: str, dtype) -> np.ndarray:
    if not pops:
        return np.zeros(0, dtype=dtype)
    return np.concatenate([getattr(p, field) for p in pops]).astype(dtype, copy=False)


def compile_graph(graph: nx.DiGraph, semantics: str = L2S_2022) -> CompiledNetwork:
    """Compile a population graph into flat CSR arrays.

    Nodes carry a ``population`` attribute (:class:`Population`), edges a
    ``projections`` list (:class:`Projection`), and the graph attribute
    ``connect_order`` lists ``(source, target, k)`` in the order of the
    ``connect`` calls. Members are numbered in the order the populations were
    added; synapses of one source keep the order in which they were connected.
    :meth:`l2s.Network.compile` is this function on the network's graph and
    its ``semantics``, which the compiled network carries.

    Raises
    ------
    InvalidValueError
        If a key is used by two members (e.g. an axon and a neuron).

    Examples
    --------
    >>> from l2s import Network
    >>> net = Network()
    >>> a = net.add_axons("a", 1)
    >>> n = net.add_neurons("n", 2, threshold=0)
    >>> _ = net.connect(a, n, pre=[0], post=[1], weight=3)
    >>> _ = net.connect(a, n, pre=[0], post=[0], weight=4)
    >>> c = compile_graph(net.graph)
    >>> c.axon_indices.tolist(), c.axon_weights.tolist()
    ([1, 0], [3, 4])
    """
    pops: List[Population] = [data["population"] for _, data in graph.nodes(data=True)]
    _check_unique_keys(pops)
    axon_pops = [p for p in pops if p.kind == AXONS]
    neuron_pops = [p for p in pops if p.kind == NEURONS]
    axon_off, axon_ranges, axon_keys, n_axons = _ranges(axon_pops, "axon")
    neuron_off, neuron_ranges, neuron_keys, n_neurons = _ranges(neuron_pops, "neuron")

    axon_parts, neuron_parts = [], []
    for src, dst, k in graph.graph["connect_order"]:
        proj = graph.edges[src, dst]["projections"][k]
        if src in axon_off:
            axon_parts.append((axon_off[src], neuron_off[dst], proj))
        else:
            neuron_parts.append((neuron_off[src], neuron_off[dst], proj))
    return CompiledNetwork(
        *_csr(n_axons, axon_parts),
        *_csr(n_neurons, neuron_parts),
        threshold=_concat(neuron_pops, "threshold", np.int64),
        model=_concat(neuron_pops, "model", np.uint8),
        leak=_concat(neuron_pops, "leak", np.uint8),
        output=_concat(neuron_pops, "output", bool),
        axon_keys=axon_keys,
        neuron_keys=neuron_keys,
        populations=tuple(axon_ranges + neuron_ranges),
        shift=_concat(neuron_pops, "shift", np.int8),
        semantics=semantics,
    )
