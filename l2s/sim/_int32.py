"""When int32 potentials are exact: the headroom a step's synapses need.

Both simulators (:class:`l2s.Simulator` and
:class:`l2s.sim.DistributedSimulator`) hold potentials as int32 while a
bound proves that no addition of phase two can wrap, and as int64 otherwise
(and always with noise). The bound: every neuron's potential after phase one,
plus the largest input it can receive in one step (its absolute fan-in from
neurons, plus its absolute fan-in from axons times the most times one axon is
listed in a step), stays below 2**31. :class:`Headroom` turns that into the
``safe_limit`` the kernel checks after every phase one; :func:`starting_state`
picks the dtype a call starts in.
"""
from __future__ import annotations

from typing import Dict, Mapping, Tuple

import numba
import numpy as np

from ..graph.compiled import AXON_SOURCE, NEURON_SOURCE

__all__ = ["INT32_MAX", "NO_LIMIT", "Headroom", "abs_fanin", "max_repeat", "starting_state",
           "kernel_limit"]

INT32_MAX = 2 ** 31 - 1
#: The kernel's ``safe_limit`` for int64 potentials: no potential reaches it.
NO_LIMIT = 2 ** 62


@numba.njit(cache=True)
def max_repeat(in_indptr, in_indices, seen):
    """Largest number of times one axon is listed within one step.

    ``seen`` is an int64 array of zeros, one per axon, that the count
    borrows and leaves as it found it (kept by the caller: making it afresh
    for every one-step call cost more than the count).

    It keeps the GIL: after a kernel call the helper threads wait for the
    GIL, and a call that released it here would hand it to one of them and
    then wait for the system to wake the caller again (15-20 us a
    ``step()`` on a VM). The kernel call releases it anyway, and there the
    handover costs the caller nothing.
    """
    best = 0
    for s in range(in_indptr.size - 1):
        for k in range(in_indptr[s], in_indptr[s + 1]):
            seen[in_indices[k]] += 1
            best = max(best, seen[in_indices[k]])
        for k in range(in_indptr[s], in_indptr[s + 1]):
            seen[in_indices[k]] = 0
    return best


@numba.njit(cache=True, nogil=True)
def abs_fanin(indices, weights, n_neurons):
    """Sum of the absolute weights of the synapses ending in each neuron (int64)."""
    total = np.zeros(n_neurons, dtype=np.int64)
    for j in range(indices.size):
        total[indices[j]] += abs(np.int64(weights[j]))
    return total


class Headroom:
    """The largest ``|V|`` after phase one for which int32 stays exact through phase two.

    Parameters
    ----------
    synapses : mapping
        ``{source: (targets, weights)}`` for ``'axon'`` and ``'neuron'``:
        the synapses ending in the ``n_neurons`` neurons held here.
    n_neurons, n_axons : int

    Attributes
    ----------
    abs_fanin : dict
        ``{source: int64 array}``, each neuron's sum of ``|weight|`` over
        the source's synapses into it. A weight write updates it in place
        (:meth:`l2s.sim._layout.BlockedSynapses.replace_weight`) and then
        calls :meth:`forget`.
    """

    def __init__(self, synapses: Mapping[str, Tuple[np.ndarray, np.ndarray]], n_neurons: int,
                 n_axons: int) -> None:
        self.abs_fanin = {source: abs_fanin(targets, weights, n_neurons)
                          for source, (targets, weights) in synapses.items()}
        self._seen = np.zeros(n_axons, dtype=np.int64)  # max_repeat's counts
        self._limits: Dict[int, int] = {}  # input repeat count -> safe limit

    def safe_limit(self, in_indptr: np.ndarray, in_indices: np.ndarray) -> int:
        """The limit for the steps of an input CSR (``in_indices``: axon indices)."""
        repeat = max_repeat(in_indptr, in_indices, self._seen) if in_indices.size else 0
        if repeat not in self._limits:
            bound = self.abs_fanin[NEURON_SOURCE] + repeat * self.abs_fanin[AXON_SOURCE]
            self._limits[repeat] = INT32_MAX - int(bound.max(initial=0))
        return self._limits[repeat]

    def forget(self) -> None:
        """Drop the limits computed so far (a weight changed)."""
        self._limits.clear()


def starting_state(v: np.ndarray, noise: bool, safe_limit: int) -> np.ndarray:
    """``v`` in the dtype a kernel call starts in (the same array when it is already).

    int64 with noise; int64 potentials narrow to int32 once every ``|V|``
    is within ``safe_limit``. int32 potentials stay int32: the kernel stops
    before a phase two that could wrap, and the caller widens them then.
    """
    if noise:
        return v if v.dtype == np.int64 else v.astype(np.int64)
    if v.dtype == np.int64 and int(np.abs(v).max(initial=0)) <= safe_limit:
        return v.astype(np.int32)
    return v


def kernel_limit(v: np.ndarray, safe_limit: int) -> int:
    """The ``safe_limit`` to give the kernel for potentials ``v``."""
    return safe_limit if v.dtype == np.int32 else NO_LIMIT
