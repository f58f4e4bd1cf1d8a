"""What one source costs on one core: words per column, row groups, relays (compiled).

A *source* (a neuron or an input axon) with synapses onto a core needs rows
there, named by one pointer: a neuron's own rows on its own core, an input
axon's slot rows, or a relay axon's rows on a core it reaches remotely. Its
synapse words onto the core fill 16-slot row groups in which slot ``k``
can only address column ``k``; a neuron's *free words* (one route word per
remote core it reaches, which activates its relay axon there, and a
spike-out word if it is an output) take any free slot of its own rows. So
the rows need ``max(largest per-column count, ceil(words / 16))`` groups,
never fewer than ``ceil(words / 16)``, nor fewer than the synapses onto its
most-targeted neuron (they share that neuron's column, whatever it is).
These kernels are that rule, once; the partitioner and the image builder
both call them inside their passes.

Examples
--------
A source with 20 synapse words on a core, at most 3 onto one column, and
two free words there:

>>> groups_for(20 + free_words_of(1, True)), owner_groups(20 + 2, 3)
(2, 3)
"""
from __future__ import annotations

import numba
import numpy as np

from .geometry import COLUMNS

__all__ = ["groups_for", "owner_groups", "free_words_of", "remote_cores", "tally_cores",
           "tally_columns", "fullest_column", "heaviest_targets"]


@numba.njit(cache=True, nogil=True)
def groups_for(words):
    """Row groups that ``words`` words fill at best: ``ceil(words / 16)`` (ints or arrays).

    Examples
    --------
    >>> groups_for(16), groups_for(17), groups_for(0)
    (1, 2, 0)
    """
    return (words + COLUMNS - 1) // COLUMNS


@numba.njit(cache=True, nogil=True)
def owner_groups(words, largest):
    """Row groups of one pointer's rows: ``words`` words, at most ``largest`` onto one column.

    Examples
    --------
    >>> owner_groups(17, 1), owner_groups(3, 3)
    (2, 3)
    """
    return max(largest, groups_for(words))


@numba.njit(cache=True, nogil=True)
def free_words_of(remote, output):
    """Free words of a neuron: a route word per remote core it reaches, a spike-out if output.

    Examples
    --------
    >>> free_words_of(3, True), free_words_of(0, False)
    (4, 0)
    """
    return remote + np.int64(output)


@numba.njit(cache=True, nogil=True)
def remote_cores(touched, m, own):
    """How many of the cores ``touched[:m]`` are not ``own``: the relays a source needs.

    Examples
    --------
    >>> import numpy as np
    >>> remote_cores(np.array([2, 0, 5]), 3, 0), remote_cores(np.array([2, 0, 5]), 2, -1)
    (2, 2)
    """
    n = 0
    for j in range(m):
        if touched[j] != own:
            n += 1
    return n


@numba.njit(cache=True, nogil=True, inline="always")
def tally_cores(indptr, indices, core, s, count, touched):
    """Add source ``s``'s synapses per target core to ``count``; return how many cores.

    The cores seen for the first time are appended to ``touched[:m]`` (in
    the order met); the caller resets ``count`` at those cores when done.

    Examples
    --------
    >>> import numpy as np
    >>> count, touched = np.zeros(3, np.int64), np.empty(3, np.int64)
    >>> tally_cores(np.array([0, 3]), np.array([0, 1, 2]), np.array([2, 0, 2]), 0, count,
    ...             touched)
    2
    >>> touched[:2].tolist(), count.tolist()
    ([2, 0], [1, 0, 2])
    """
    m = 0
    for k in range(indptr[s], indptr[s + 1]):
        c = core[indices[k]]
        if count[c] == 0:
            touched[m] = c
            m += 1
        count[c] += 1
    return m


@numba.njit(cache=True, nogil=True, inline="always")
def tally_columns(indptr, indices, core, column, s, count, per_column, touched):
    """:func:`tally_cores`, also counting the synapses per (core, column) in ``per_column``.

    ``per_column[c * 16 + k]`` counts the synapses onto column ``k`` of core
    ``c``; :func:`fullest_column` reads and clears a core's counts.

    Examples
    --------
    >>> import numpy as np
    >>> count, touched = np.zeros(1, np.int64), np.empty(1, np.int64)
    >>> per_column = np.zeros(16, np.int64)
    >>> tally_columns(np.array([0, 3]), np.array([0, 1, 2]), np.zeros(3, np.int64),
    ...               np.array([4, 4, 7]), 0, count, per_column, touched)
    1
    >>> int(count[0]), int(fullest_column(per_column, 0)), int(per_column.sum())
    (3, 2, 0)
    """
    m = 0
    for k in range(indptr[s], indptr[s + 1]):
        t = indices[k]
        c = core[t]
        if count[c] == 0:
            touched[m] = c
            m += 1
        count[c] += 1
        per_column[c * COLUMNS + column[t]] += 1
    return m


@numba.njit(cache=True, nogil=True)
def fullest_column(per_column, c):
    """Largest per-column count of core ``c`` in ``per_column``; clears that core's counts.

    Examples
    --------
    >>> import numpy as np
    >>> per_column = np.zeros(32, np.int64)
    >>> per_column[16 + 3] = 5
    >>> int(fullest_column(per_column, 1)), int(per_column.sum())
    (5, 0)
    """
    largest = 0
    for col in range(c * COLUMNS, (c + 1) * COLUMNS):
        largest = max(largest, per_column[col])
        per_column[col] = 0
    return largest


@numba.njit(cache=True, nogil=True, inline="always")
def heaviest_targets(indptr, indices, core, s, seen, heaviest):
    """Per core, the most synapses source ``s`` has onto one neuron there, into ``heaviest``.

    ``heaviest[c]`` is raised to that count for every core ``c`` the source
    reaches (the caller resets it). ``seen`` has one row ``(source, count)``
    per neuron, all ``-1`` at first, and is reused from source to source in
    ascending order: one pass, one cache line per synapse.

    Examples
    --------
    >>> import numpy as np
    >>> heaviest, seen = np.zeros(2, np.int64), np.full((3, 2), -1, np.int64)
    >>> heaviest_targets(np.array([0, 4]), np.array([0, 2, 0, 1]), np.array([0, 1, 1]), 0,
    ...                  seen, heaviest)
    >>> heaviest.tolist()
    [2, 1]
    """
    for k in range(indptr[s], indptr[s + 1]):
        t = indices[k]
        if seen[t, 0] != s:
            seen[t, 0] = s
            seen[t, 1] = 0
        seen[t, 1] += 1
        heaviest[core[t]] = max(heaviest[core[t]], seen[t, 1])
