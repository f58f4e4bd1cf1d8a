"""Columns and rows of neurons within their core.

The column of a neuron decides how many HBM rows its row owners need
(:mod:`l2s.partition.hbm`): :func:`assign_columns` keeps the total close to
the lower bound, :func:`rows_in_columns` then numbers the neurons of each column.
"""
from __future__ import annotations

import numba
import numpy as np

from ..machine.costs import groups_for
from ..machine.geometry import COLUMNS
from .topology import transpose

__all__ = ["assign_columns", "rows_in_columns"]

_REFINE_PASSES = 4


@numba.njit(cache=True, nogil=True)
def _owner_occurrences(local, in_indptr, in_src, ax_indptr, ax_src, n_neurons, owner_of_key):
    """Owners of each local neuron's incoming synapses, merged: ``(owner, multiplicity)``.

    Owner keys are source neurons ``s`` and input axons ``n_neurons + x``;
    owners are numbered in order of first appearance. ``owner_of_key`` must be
    all -1 on entry and is left so.
    """
    n_local = local.size
    bound = 0
    for p in range(n_local):
        v = local[p]
        bound += in_indptr[v + 1] - in_indptr[v] + ax_indptr[v + 1] - ax_indptr[v]
    occ_indptr = np.zeros(n_local + 1, dtype=np.int64)
    occ_owner = np.empty(bound, dtype=np.int32)
    occ_mult = np.empty(bound, dtype=np.int32)
    keys = np.empty(bound, dtype=np.int64)
    slot_of = np.empty(bound, dtype=np.int64)  # position of an owner in the current neuron's list
    n_owners = 0
    pos = 0
    for p in range(n_local):
        v = local[p]
        start = pos
        for side in range(2):
            lo = in_indptr[v] if side == 0 else ax_indptr[v]
            hi = in_indptr[v + 1] if side == 0 else ax_indptr[v + 1]
            for k in range(lo, hi):
                key = in_src[k] if side == 0 else n_neurons + ax_src[k]
                o = owner_of_key[key]
                if o < 0:
                    o = n_owners
                    owner_of_key[key] = o
                    keys[o] = key
                    n_owners += 1
                    slot_of[o] = -1
                if slot_of[o] >= start:
                    occ_mult[slot_of[o]] += 1
                else:
                    slot_of[o] = pos
                    occ_owner[pos] = o
                    occ_mult[pos] = 1
                    pos += 1
        occ_indptr[p + 1] = pos
    for o in range(n_owners):
        owner_of_key[keys[o]] = -1
    return occ_indptr, occ_owner[:pos], occ_mult[:pos], keys[:n_owners]


@numba.njit(cache=True, nogil=True)
def _bfs_order(occ_indptr, occ_owner, n_owners):
    """Local neurons in breadth-first order over shared owners (co-targets stay close)."""
    n_local = occ_indptr.size - 1
    own_indptr, own_targets = transpose(occ_indptr, occ_owner, n_owners)
    order = np.empty(n_local, dtype=np.int32)
    visited = np.zeros(n_local, dtype=np.bool_)
    expanded = np.zeros(n_owners, dtype=np.bool_)
    head = tail = 0
    for start in range(n_local):
        if visited[start]:
            continue
        visited[start] = True
        order[tail] = start
        tail += 1
        while head < tail:
            p = order[head]
            head += 1
            for i in range(occ_indptr[p], occ_indptr[p + 1]):
                o = occ_owner[i]
                if expanded[o]:
                    continue
                expanded[o] = True
                for j in range(own_indptr[o], own_indptr[o + 1]):
                    q = own_targets[j]
                    if not visited[q]:
                        visited[q] = True
                        order[tail] = q
                        tail += 1
    return order


# Each owner's state is one record of ``_RECORD`` integers, so that placing a neuron
# touches one cache line per owner: its 16 column counts, then these three.
_NEED = COLUMNS          # groups the owner needs now: max(bound, largest count)
_AT_NEED = COLUMNS + 1   # columns whose count equals the need
_BOUND = COLUMNS + 2     # ceil(words / 16)
_RECORD = 32


@numba.njit(cache=True, nogil=True)
def _best_column(p, occ_indptr, occ_owner, occ_mult, state, fill, capacity):
    """Column adding the fewest groups for local neuron ``p``, and that number.

    Ties go to the column the neuron's owners use least, then the least filled.
    """
    cost = np.zeros(COLUMNS, dtype=np.int32)
    load = np.zeros(COLUMNS, dtype=np.int32)
    for i in range(occ_indptr[p], occ_indptr[p + 1]):
        base = occ_owner[i] * _RECORD
        room = np.int32(state[base + _NEED]) - occ_mult[i]
        for c in range(COLUMNS):
            x = np.int32(state[base + c])
            load[c] += x
            cost[c] += max(x - room, 0)
    best = -1
    for c in range(COLUMNS):
        if fill[c] >= capacity[c]:
            continue
        if (best < 0 or cost[c] < cost[best] or (cost[c] == cost[best] and (
                load[c] < load[best] or (load[c] == load[best] and fill[c] < fill[best])))):
            best = c
    return best, cost[best]


@numba.njit(cache=True, nogil=True)
def _may_save(p, c, occ_indptr, occ_owner, state):
    """Whether taking local neuron ``p`` out of column ``c`` could lower some owner's groups."""
    for i in range(occ_indptr[p], occ_indptr[p + 1]):
        base = occ_owner[i] * _RECORD
        if (state[base + c] == state[base + _NEED] and state[base + _AT_NEED] == 1
                and state[base + _NEED] > state[base + _BOUND]):
            return True
    return False


@numba.njit(cache=True, nogil=True)
def _add(p, c, occ_indptr, occ_owner, occ_mult, state):
    for i in range(occ_indptr[p], occ_indptr[p + 1]):
        base = occ_owner[i] * _RECORD
        x = state[base + c] + occ_mult[i]
        state[base + c] = x
        if x > state[base + _NEED]:
            state[base + _NEED] = x
            state[base + _AT_NEED] = 1
        elif x == state[base + _NEED]:
            state[base + _AT_NEED] += 1


@numba.njit(cache=True, nogil=True)
def _remove(p, c, occ_indptr, occ_owner, occ_mult, state):
    """Take local neuron ``p`` out of column ``c``; returns the groups saved."""
    saved = 0
    for i in range(occ_indptr[p], occ_indptr[p + 1]):
        base = occ_owner[i] * _RECORD
        x = state[base + c]
        state[base + c] = x - occ_mult[i]
        if x == state[base + _NEED]:
            state[base + _AT_NEED] -= 1
            if state[base + _AT_NEED] == 0:
                need = state[base + _BOUND]
                for k in range(COLUMNS):
                    need = max(need, state[base + k])
                saved += np.int64(state[base + _NEED]) - np.int64(need)
                state[base + _NEED] = need
                at = 0
                for k in range(COLUMNS):
                    if state[base + k] == need:
                        at += 1
                state[base + _AT_NEED] = at
    return saved


@numba.njit(cache=True, nogil=True)
def _place(order, occ_indptr, occ_owner, occ_mult, state, capacity, passes):
    """Greedy placement in ``order``, then passes of single improving moves.

    ``state`` holds one record per owner (counts zero, need = bound = the
    owner's bound, at_need zero); its integer type only needs to hold the
    largest count and bound. Passes stop once one saves (or, judged on its first
    eighth, would save) under 2 % of the groups.
    """
    fill = np.zeros(COLUMNS, dtype=np.int64)
    column = np.empty(order.size, dtype=np.int32)
    for p in order:
        c, _ = _best_column(p, occ_indptr, occ_owner, occ_mult, state, fill, capacity)
        column[p] = c
        fill[c] += 1
        _add(p, c, occ_indptr, occ_owner, occ_mult, state)
    total = 0
    for base in range(0, state.size, _RECORD):
        total += state[base + _NEED]
    probe = max(1, order.size // 8)
    for _ in range(passes):
        gained = 0
        for i in range(order.size):
            if i == probe and gained * 8 * 50 < total:
                break  # at this rate the pass would save under 2 %
            p = order[i]
            a = column[p]
            if not _may_save(p, a, occ_indptr, occ_owner, state):
                continue
            saved = _remove(p, a, occ_indptr, occ_owner, occ_mult, state)
            fill[a] -= 1
            c, cost = _best_column(p, occ_indptr, occ_owner, occ_mult, state, fill, capacity)
            if cost >= saved:
                c = a
            else:
                gained += saved - cost
            column[p] = c
            fill[c] += 1
            _add(p, c, occ_indptr, occ_owner, occ_mult, state)
        total -= gained
        if gained * 50 < total:
            break
    return column


@numba.njit(cache=True, nogil=True)
def _fresh_state(bound, state):
    for o in range(bound.size):
        state[o * _RECORD + _NEED] = bound[o]
        state[o * _RECORD + _BOUND] = bound[o]
    return state


@numba.njit(cache=True, nogil=True)
def _core_columns(local, core_id, core, free, in_indptr, in_src, ax_indptr, ax_src,
                  capacity, owner_of_key, passes):
    """Columns of the neurons ``local`` (ascending) of core ``core_id``."""
    n_neurons = core.size
    occ_indptr, occ_owner, occ_mult, keys = _owner_occurrences(
        local, in_indptr, in_src, ax_indptr, ax_src, n_neurons, owner_of_key)
    n_owners = keys.size
    words = np.zeros(n_owners, dtype=np.int64)
    for i in range(occ_owner.size):
        words[occ_owner[i]] += occ_mult[i]
    largest = words.max() if n_owners else 0
    for o in range(n_owners):
        if keys[o] < n_neurons and core[keys[o]] == core_id:
            words[o] += free[keys[o]]
    bound = groups_for(words)
    order = _bfs_order(occ_indptr, occ_owner, n_owners)
    if max(largest, bound.max() if n_owners else 0) <= 255:
        # bytes: a record is half a cache line
        state8 = _fresh_state(bound, np.zeros(n_owners * _RECORD, dtype=np.uint8))
        return _place(order, occ_indptr, occ_owner, occ_mult, state8, capacity, passes)
    state32 = _fresh_state(bound, np.zeros(n_owners * _RECORD, dtype=np.int32))
    return _place(order, occ_indptr, occ_owner, occ_mult, state32, capacity, passes)


@numba.njit(cache=True, nogil=True)
def _all_columns(core, n_cores, n_axons, free, in_indptr, in_src, ax_indptr, ax_src, capacity,
                 passes):
    """Columns of all neurons, core by core (one owner map shared by all cores)."""
    n = core.size
    by_core = np.argsort(core, kind="mergesort").astype(np.int32)
    starts = np.zeros(n_cores + 1, dtype=np.int64)
    for v in range(n):
        starts[core[v] + 1] += 1
    for c in range(n_cores):
        starts[c + 1] += starts[c]
    owner_of_key = np.full(n + n_axons, -1, dtype=np.int64)
    column = np.empty(n, dtype=np.int32)
    for c in range(n_cores):
        local = by_core[starts[c]:starts[c + 1]]
        if local.size == 0:
            continue
        cols = _core_columns(local, c, core, free, in_indptr, in_src, ax_indptr, ax_src,
                             capacity, owner_of_key, passes)
        for p in range(local.size):
            column[local[p]] = cols[p]
    return column


def assign_columns(core: np.ndarray, n_cores: int, n_axons: int, free: np.ndarray,
                   in_neuron_indptr: np.ndarray, in_neuron_indices: np.ndarray,
                   in_axon_indptr: np.ndarray, in_axon_indices: np.ndarray,
                   capacity: np.ndarray) -> np.ndarray:
    """Column of every neuron, within the column capacities, near the HBM row lower bound.

    Per core, neurons are visited breadth-first over shared row owners; each
    takes the column that adds the fewest row groups to its owners (ties: the
    column its owners use least, then the least filled). Then up to four
    passes move single neurons to a better column, while a pass saves at
    least 2 % of the groups.

    Parameters
    ----------
    core : numpy.ndarray (int32)
        Core of every neuron.
    n_cores : int
    n_axons : int
        Input axons of the network.
    free : numpy.ndarray (int64)
        Free words of every neuron.
    in_neuron_indptr, in_neuron_indices, in_axon_indptr, in_axon_indices : numpy.ndarray
        Sources (neurons, input axons) of every neuron's synapses.
    capacity : numpy.ndarray
        Neuron slots of each of the 16 columns.

    Returns
    -------
    numpy.ndarray (int32)

    Examples
    --------
    One input axon onto 16 neurons of one core: each neuron gets its own
    column, so the axon's 16 synapses fill a single row group.

    >>> import numpy as np
    >>> from l2s.partition.topology import transpose
    >>> in_ptr, in_idx = transpose(np.array([0, 16]), np.arange(16, dtype=np.int32), 16)
    >>> no_neuron_synapses = (np.zeros(17, np.int64), np.zeros(0, np.int32))
    >>> column = assign_columns(np.zeros(16, np.int32), 1, 1, np.zeros(16, np.int64),
    ...                         *no_neuron_synapses, in_ptr, in_idx, np.full(16, 4))
    >>> sorted(column.tolist()) == list(range(16))
    True
    """
    return _all_columns(core.astype(np.int32), n_cores, n_axons, free.astype(np.int64),
                        in_neuron_indptr, in_neuron_indices, in_axon_indptr, in_axon_indices,
                        capacity.astype(np.int64), _REFINE_PASSES)


def rows_in_columns(core: np.ndarray, column: np.ndarray) -> np.ndarray:
    """Row of every neuron: its rank by index among the neurons of its core and column.

    Examples
    --------
    >>> import numpy as np
    >>> rows_in_columns(np.array([0, 0, 1, 0]), np.array([3, 3, 3, 5])).tolist()
    [0, 1, 0, 0]
    """
    order = np.lexsort((np.arange(core.size), column, core))
    key = core[order].astype(np.int64) * COLUMNS + column[order]
    first = np.r_[True, key[1:] != key[:-1]] if key.size else np.zeros(0, dtype=bool)
    start = np.maximum.accumulate(np.where(first, np.arange(key.size), 0)) if key.size else key
    row = np.empty(core.size, dtype=np.int32)
    row[order] = np.arange(key.size) - start
    return row
