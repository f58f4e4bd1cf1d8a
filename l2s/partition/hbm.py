"""HBM synapse rows: how many a core needs, and the least any column choice could need.

A *row owner* is whatever has a pointer on a core: a neuron of the core, an
input axon that targets it, or a relay axon (a remote neuron that targets it).
An owner's synapse words onto the core fill 16-slot row groups (two 256-bit
rows) in which slot ``k`` can only address column ``k``; its free words
(route words and the spike-out word, :func:`l2s.partition.loads.free_words`)
take any free slot. So an owner needs
``max(largest per-column count, ceil(words / 16))`` groups. Whatever the
columns, it needs at least ``ceil(words / 16)`` groups, and at least as many
as its synapses onto its most-targeted neuron of the core (they all address
that neuron's column): the lower bound (the kernels of
:mod:`l2s.machine.costs`; ``docs/partition.md`` proves it and says why no
bound built from counting alone does better). Neurons without any word share
one empty group per core.
"""
from __future__ import annotations

from typing import NamedTuple

import numba
import numpy as np

from ..machine.costs import (fullest_column, groups_for, heaviest_targets, owner_groups,
                             tally_columns)
from ..machine.geometry import COLUMNS

__all__ = ["row_groups", "RowGroups", "WorstOwner", "groups_for"]


class WorstOwner(NamedTuple):
    """The row owner with the most row groups on one core.

    Examples
    --------
    >>> WorstOwner(3, "axon", 0, 1).kind
    'axon'
    """

    groups: int
    kind: str
    source: int
    core: int


class RowGroups(NamedTuple):
    """Row groups per core, their lower bound per core, and the worst owner.

    Unpacks like the tuple ``(groups, lower_bound, worst)``.

    Examples
    --------
    >>> import numpy as np
    >>> rg = RowGroups(np.array([4]), np.array([2]), WorstOwner(3, "axon", 0, 0))
    >>> groups, lower, worst = rg
    >>> int(rg.lower_bound[0]), worst.groups
    (2, 3)
    """

    groups: np.ndarray
    lower_bound: np.ndarray
    worst: WorstOwner


@numba.njit(cache=True, nogil=True)
def _accumulate_groups(indptr, indices, core, column, own_core, free, groups, lower, empty):
    """Add the row groups (and their lower bound) of one kind of owner to every core.

    Returns the largest group count of one owner on one core, its source and core.
    """
    n_cores = groups.size
    count = np.zeros(n_cores * COLUMNS, dtype=np.int64)
    total = np.zeros(n_cores, dtype=np.int64)
    heaviest = np.zeros(n_cores, dtype=np.int64)
    seen = np.full((core.size, 2), -1, dtype=np.int64)
    touched = np.empty(n_cores, dtype=np.int32)
    worst, worst_source, worst_core = 0, -1, -1
    for s in range(indptr.size - 1):
        m = tally_columns(indptr, indices, core, column, s, total, count, touched)
        heaviest_targets(indptr, indices, core, s, seen, heaviest)
        own = own_core[s]
        own_seen = False
        for j in range(m):
            c = touched[j]
            words = total[c]
            if c == own:
                words += free[s]
                own_seen = True
            need = owner_groups(words, fullest_column(count, c))
            bound = owner_groups(words, heaviest[c])
            total[c] = 0
            heaviest[c] = 0
            groups[c] += need
            lower[c] += bound
            if need > worst:
                worst, worst_source, worst_core = need, s, c
        if own >= 0 and not own_seen:
            if free[s] > 0:
                need = groups_for(free[s])
                groups[own] += need
                lower[own] += need
                if need > worst:
                    worst, worst_source, worst_core = need, s, own
            else:
                empty[own] = True
    return worst, worst_source, worst_core


def row_groups(neuron_indptr: np.ndarray, neuron_indices: np.ndarray, axon_indptr: np.ndarray,
               axon_indices: np.ndarray, core: np.ndarray, column: np.ndarray,
               free: np.ndarray, n_cores: int) -> RowGroups:
    """Row groups of every core and their lower bound, exactly, for a column assignment.

    Parameters
    ----------
    neuron_indptr, neuron_indices, axon_indptr, axon_indices : numpy.ndarray
        Synapse CSRs of neurons and input axons.
    core, column : numpy.ndarray
        Core and column of every neuron.
    free : numpy.ndarray
        Free words of every neuron (:func:`l2s.partition.loads.free_words`).
    n_cores : int

    Returns
    -------
    RowGroups
        ``groups`` and ``lower_bound`` (int64 per core): row groups needed, and
        the bound ``max(ceil(words / 16), synapses onto the most-targeted
        neuron)`` summed over owners; both include one shared empty group on
        a core where a neuron has no words at all.
        ``worst``: the :class:`WorstOwner` with the most groups on one core;
        its ``kind`` is ``'neuron'`` or ``'axon'``.

    Examples
    --------
    One input axon with 3 synapses onto 3 neurons of one core: in 3 columns
    they fit one row group, all in column 0 they need three.

    >>> import numpy as np
    >>> csr = (np.zeros(4, np.int64), np.zeros(0, np.int32), np.array([0, 3]),
    ...        np.array([0, 1, 2], np.int32))
    >>> core, free = np.zeros(3, np.int32), np.zeros(3, np.int64)
    >>> groups, lower, _ = row_groups(*csr, core, np.array([0, 1, 2]), free, 1)
    >>> groups.tolist(), lower.tolist()
    ([2], [2])
    >>> groups, lower, worst = row_groups(*csr, core, np.zeros(3, np.int64), free, 1)
    >>> groups.tolist(), lower.tolist(), worst
    ([4], [2], WorstOwner(groups=3, kind='axon', source=0, core=0))
    """
    groups = np.zeros(n_cores, dtype=np.int64)
    lower = np.zeros(n_cores, dtype=np.int64)
    empty = np.zeros(n_cores, dtype=np.bool_)
    col = column.astype(np.int64)
    by_neurons = _accumulate_groups(neuron_indptr, neuron_indices, core, col,
                                    core.astype(np.int32), free, groups, lower, empty)
    n_axons = axon_indptr.size - 1
    by_axons = _accumulate_groups(axon_indptr, axon_indices, core, col,
                                  np.full(n_axons, -1, dtype=np.int32),
                                  np.zeros(n_axons, dtype=np.int64), groups, lower, empty)
    worst = max(WorstOwner(by_neurons[0], "neuron", by_neurons[1], by_neurons[2]),
                WorstOwner(by_axons[0], "axon", by_axons[1], by_axons[2]),
                key=lambda w: w.groups)
    return RowGroups(groups + empty, lower + empty, worst)
