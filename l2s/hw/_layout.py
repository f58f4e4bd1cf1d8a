"""Compiled passes over the synapses that lay out and write every core's HBM words.

A *row owner* is what a pointer names: an axon slot of a core (an input
axon, or a relay axon standing for a remote neuron) or a neuron. Its rows
are 16-slot row groups in which slot ``k`` can only address column ``k``, so
the ``j``-th synapse of an owner onto column ``k`` (in CSR order) takes slot
``k`` of group ``j``; a neuron's free words (a route word per remote core,
ascending, then its spike-out word) fill the remaining slots in group
order. Word formulas and costs come from :mod:`l2s.machine`, compiled here.
"""
from __future__ import annotations

import numba
import numpy as np

from ..machine import words as _words
from ..machine.costs import (free_words_of, fullest_column, owner_groups, remote_cores,
                             tally_columns, tally_cores)
from ..machine.geometry import COLUMNS, ROWS_PER_GROUP, SYN_BASE, WORDS_PER_ROW

__all__ = ["source_pairs", "assign_slots", "lay_out_rows", "write_rows"]

_pointer_bits = numba.njit(_words.pointer_bits)
_pointer_fields = numba.njit(_words.pointer_fields)
_synapse_bits = numba.njit(_words.synapse_bits)
_route_bits = numba.njit(_words.route_bits)
_spike_out_bits = numba.njit(_words.spike_out_bits)
_slot_of_column = numba.njit(_words.slot_of_column)


_CHUNKS = 256


@numba.njit(cache=True, nogil=True)
def _chunks(n):
    """Bounds of the source chunks the passes share among threads (disjoint writes)."""
    return np.linspace(0, n, min(n, _CHUNKS) + 1).astype(np.int64)


@numba.njit(cache=True, nogil=True, parallel=True)
def source_pairs(indptr, indices, target_core, target_local, own_core, output, n_cores):
    """Remote target cores of every source with their row groups, and each source's own groups.

    A source's synapses onto its own core (``own_core``, -1 for input axons)
    go to its own rows, together with its free words (one route word per
    remote core, and a spike-out word if ``output``); the synapses onto
    every other core go to a relay axon's rows there.

    Returns
    -------
    pair_indptr : int64, pair_core : int32, pair_groups : int32, own_groups : int32
        The remote pairs of source ``s`` are ``pair_indptr[s]:pair_indptr[s + 1]``,
        cores ascending; ``own_groups[s]`` is 0 for a source without own words.
    """
    n = indptr.size - 1
    bounds = _chunks(n)
    column = target_local % COLUMNS
    pair_indptr = np.zeros(n + 1, dtype=np.int64)
    for chunk in numba.prange(bounds.size - 1):
        count = np.zeros(n_cores, dtype=np.int64)
        touched = np.empty(n_cores, dtype=np.int64)
        for s in range(bounds[chunk], bounds[chunk + 1]):
            m = tally_cores(indptr, indices, target_core, s, count, touched)
            pair_indptr[s + 1] = remote_cores(touched, m, own_core[s])
            for j in range(m):
                count[touched[j]] = 0
    pair_indptr = np.cumsum(pair_indptr)
    pair_core = np.empty(pair_indptr[n], dtype=np.int32)
    pair_groups = np.empty(pair_indptr[n], dtype=np.int32)
    own_groups = np.zeros(n, dtype=np.int32)
    for chunk in numba.prange(bounds.size - 1):
        total = np.zeros(n_cores, dtype=np.int64)
        per_column = np.zeros(n_cores * COLUMNS, dtype=np.int64)
        touched = np.empty(n_cores, dtype=np.int64)
        for s in range(bounds[chunk], bounds[chunk + 1]):
            m = tally_columns(indptr, indices, target_core, column, s, total, per_column,
                              touched)
            cores = np.sort(touched[:m])
            p = pair_indptr[s]
            n_free = free_words_of(pair_indptr[s + 1] - p, output[s])
            for j in range(m):
                c = cores[j]
                largest = fullest_column(per_column, c)
                if c == own_core[s]:
                    own_groups[s] = owner_groups(total[c] + n_free, largest)
                else:
                    pair_core[p] = c
                    pair_groups[p] = owner_groups(total[c], largest)
                    p += 1
                total[c] = 0
            if own_core[s] >= 0 and own_groups[s] == 0:
                own_groups[s] = owner_groups(n_free, 0)
    return pair_indptr, pair_core, pair_groups, own_groups


@numba.njit(cache=True, nogil=True)
def assign_slots(input_core, relay_core, n_cores):
    """Axon slot of every input pair and relay pair: inputs first, then relays, in order.

    Returns ``(input_slot int32, relay_slot int32, slots per core int64)``.
    """
    count = np.zeros(n_cores, dtype=np.int64)
    input_slot = np.empty(input_core.size, dtype=np.int32)
    relay_slot = np.empty(relay_core.size, dtype=np.int32)
    for p in range(input_core.size):
        input_slot[p] = count[input_core[p]]
        count[input_core[p]] += 1
    for p in range(relay_core.size):
        relay_slot[p] = count[relay_core[p]]
        count[relay_core[p]] += 1
    return input_slot, relay_slot, count


@numba.njit(cache=True, nogil=True)
def lay_out_rows(axon_indptr, slot_groups, neuron_indptr, neuron_groups):
    """Pointers and row counts of every core: axon slots, then neurons, then the empty group.

    ``neuron_groups`` is -1 for unused neuron slots (pointer 0); a neuron
    with 0 groups points to its core's shared empty row group.

    Returns ``(axon_pointers uint32, neuron_pointers uint32, rows per core int64)``.
    """
    n_cores = axon_indptr.size - 1
    axon_pointers = np.empty(slot_groups.size, dtype=np.uint32)
    neuron_pointers = np.zeros(neuron_groups.size, dtype=np.uint32)
    rows = np.zeros(n_cores, dtype=np.int64)
    for c in range(n_cores):
        row = 0
        for a in range(axon_indptr[c], axon_indptr[c + 1]):
            length = ROWS_PER_GROUP * slot_groups[a]
            axon_pointers[a] = _pointer_bits(SYN_BASE + row, length)
            row += length
        empty = False
        for i in range(neuron_indptr[c], neuron_indptr[c + 1]):
            length = ROWS_PER_GROUP * neuron_groups[i]
            if length > 0:
                neuron_pointers[i] = _pointer_bits(SYN_BASE + row, length)
                row += length
            elif length == 0:
                empty = True
        if empty:
            pointer = _pointer_bits(SYN_BASE + row, ROWS_PER_GROUP)
            for i in range(neuron_indptr[c], neuron_indptr[c + 1]):
                if neuron_groups[i] == 0:
                    neuron_pointers[i] = pointer
            row += ROWS_PER_GROUP
        rows[c] = row
    return axon_pointers, neuron_pointers, rows


@numba.njit(cache=True, nogil=True)
def _first_row(pointer, core, row_indptr):
    """Flat index (into all cores' rows) of the first row a pointer names."""
    start, _ = _pointer_fields(np.int64(pointer))
    return row_indptr[core] + start - SYN_BASE


@numba.njit(cache=True, nogil=True)
def _slot_position(first_row, group, column):
    """Flat word index of slot ``column`` of row group ``group`` of an owner's rows."""
    row_in_group, word = _slot_of_column(column)
    return (first_row + ROWS_PER_GROUP * group + row_in_group) * WORDS_PER_ROW + word


@numba.njit(cache=True, nogil=True, parallel=True)
def write_rows(indptr, indices, weights, target_core, target_local, own_core, own_slot,
               output, pair_indptr, pair_core, pair_slot, axon_indptr, axon_pointers,
               neuron_indptr, neuron_pointers, row_indptr, cores_per_fpga, words):
    """Write every synapse word of a CSR, and the free words of its neuron sources.

    ``own_core``/``own_slot`` give a neuron source's own pointer (-1 for
    input axons); ``words`` is all cores' rows, flat. Sources write disjoint
    rows, so chunks of sources run in parallel.
    """
    n_cores = axon_indptr.size - 1
    bounds = _chunks(indptr.size - 1)
    for chunk in numba.prange(bounds.size - 1):
        first_row = np.zeros(n_cores, dtype=np.int64)
        used = np.zeros(n_cores * COLUMNS, dtype=np.int64)
        for s in range(bounds[chunk], bounds[chunk + 1]):
            own = own_core[s]
            for p in range(pair_indptr[s], pair_indptr[s + 1]):
                c = pair_core[p]
                first_row[c] = _first_row(axon_pointers[axon_indptr[c] + pair_slot[p]], c,
                                          row_indptr)
            if own >= 0:
                first_row[own] = _first_row(neuron_pointers[neuron_indptr[own] + own_slot[s]],
                                            own, row_indptr)
            for k in range(indptr[s], indptr[s + 1]):
                t = indices[k]
                c = target_core[t]
                col = target_local[t] % COLUMNS
                group = used[c * COLUMNS + col]
                used[c * COLUMNS + col] = group + 1
                words[_slot_position(first_row[c], group, col)] = _synapse_bits(
                    np.int64(target_local[t] // COLUMNS), np.int64(weights[k]))
            if own >= 0:
                _write_free_words(s, own, own_slot, output, pair_indptr, pair_core, pair_slot,
                                  cores_per_fpga, first_row[own], used, words)
            for p in range(pair_indptr[s], pair_indptr[s + 1]):
                c = pair_core[p]
                used[c * COLUMNS:(c + 1) * COLUMNS] = 0
            if own >= 0:
                used[own * COLUMNS:(own + 1) * COLUMNS] = 0


@numba.njit(cache=True, nogil=True)
def _write_free_words(s, own, own_slot, output, pair_indptr, pair_core, pair_slot,
                      cores_per_fpga, first_row, used, words):
    """Route words (one per remote core, ascending), then the spike-out word, of neuron ``s``.

    They take the slots its local synapses left free, group by group.
    """
    n_free = free_words_of(pair_indptr[s + 1] - pair_indptr[s], output[s])
    done = 0
    group = 0
    while done < n_free:
        for col in range(COLUMNS):
            if used[own * COLUMNS + col] > group or done == n_free:
                continue
            p = pair_indptr[s] + done
            if p < pair_indptr[s + 1]:
                c = np.int64(pair_core[p])
                word = _route_bits(c // cores_per_fpga, c % cores_per_fpga, np.int64(pair_slot[p]),
                                   np.int64(c // cores_per_fpga == own // cores_per_fpga))
            else:
                word = _spike_out_bits(np.int64(own_slot[s]))
            words[_slot_position(first_row, group, col)] = word
            done += 1
        group += 1
