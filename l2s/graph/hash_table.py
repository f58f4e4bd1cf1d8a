"""Open-addressing hash tables of int64 values for compiled code, and lookups of keys by identity.

Two callers use them: the import of the original dictionaries, which finds
synapse targets by the address of their key object, and
:meth:`l2s.api.CRI_network.step`, which finds its input keys the same way.
A key object's address (``id``) is known without touching the object, so
a lookup costs one table row, fetched ahead while earlier keys are matched,
instead of the several cache misses of a dict lookup (the key's hash, the
dict's index, its entry), which the kernel has usually evicted between two
steps.
"""
from __future__ import annotations

from typing import Hashable, Iterable, Sequence

import numba
import numpy as np

from ..sim._prefetch import prefetch
from .object_layout import item_addresses, read_items, reads_sequences

__all__ = ["hash_table", "home", "table_bits", "find_values", "IdentityIndex", "LOOKAHEAD"]

#: How many lookups ahead :func:`find_values` prefetches a table row.
LOOKAHEAD = 16
#: Bytes a table's rows are aligned to: a row of at most that many bytes is one cache line.
LINE = 64


@numba.njit(cache=True)
def hash_table(values, payload):
    """An open-addressing hash table: rows ``(values[i], *payload[i])``, payload[i, 0] >= 0.

    Empty rows have -1 in column 1. Equal values each get a row; a lookup
    walks the rows from :func:`home` until an empty one.
    """
    bits = 4
    while (1 << bits) < 2 * values.size:
        bits += 1
    table = _aligned_full(1 << bits, 1 + payload.shape[1], -1)
    for i in range(values.size):
        slot = home(values[i], bits)
        while table[slot, 1] >= 0:
            slot = (slot + 1) & ((1 << bits) - 1)
        table[slot, 0] = values[i]
        table[slot, 1:] = payload[i]
    return table


@numba.njit(cache=True)
def _aligned_full(rows, columns, fill):
    """A ``(rows, columns)`` int64 array of ``fill`` whose data starts on a :data:`LINE`-byte
    boundary (numpy's large arrays start 16 bytes past one, so rows would straddle lines)."""
    spare = LINE // 8
    buffer = np.full(rows * columns + spare, fill, dtype=np.int64)
    skip = (LINE - np.int64(buffer.ctypes.data) % LINE) % LINE // 8
    return buffer[skip:skip + rows * columns].reshape(rows, columns)


@numba.njit(cache=True, inline="always")
def home(value, bits):
    """The row of a :func:`hash_table` of ``2**bits`` rows where the walk for ``value`` starts.

    Fibonacci hashing of ``value >> 4``: object addresses are multiples of 16.
    """
    return np.int64((np.uint64(value) >> np.uint64(4)) * np.uint64(0x9E3779B97F4A7C15)
                    >> np.uint64(64 - bits))


@numba.njit(cache=True, inline="always")
def table_bits(table):
    """log2 of the number of rows of a :func:`hash_table`."""
    bits = 0
    while (1 << bits) < table.shape[0]:
        bits += 1
    return bits


@numba.njit(cache=True, nogil=True)
def find_values(table, values, out):
    """``out[i]`` = column 1 of the row of ``table`` holding ``values[i]`` (-1: none).

    The rows are random places in a table that is often not in cache: each
    is prefetched :data:`LOOKAHEAD` lookups ahead, so the misses overlap.
    """
    bits, rows = table_bits(table), table.reshape(-1)
    for i in range(values.size):
        if i + LOOKAHEAD < values.size:
            prefetch(rows, home(values[i + LOOKAHEAD], bits) * table.shape[1])
        slot = home(values[i], bits)
        while table[slot, 1] >= 0 and table[slot, 0] != values[i]:
            slot = (slot + 1) & (table.shape[0] - 1)
        out[i] = table[slot, 1]


class IdentityIndex:
    """Positions of key objects in a list, found by identity (``is``), not equality.

    The index holds the keys, so no other object can take one of their
    addresses while it lives: an object found at a key's address *is* that
    key. An equal but distinct object (a string built afresh, say) is not
    found; callers look those up by equality.

    Parameters
    ----------
    keys : iterable
        The keys; a key listed twice is found at one of its positions.

    Attributes
    ----------
    table : numpy.ndarray
        The :func:`hash_table` of the keys' addresses (payload: position),
        for compiled callers that look addresses up themselves.

    Examples
    --------
    >>> keys = ["a", ("b", 1)]
    >>> IdentityIndex(keys).positions([keys[1], keys[0], ("b", 1)]).tolist()
    [1, 0, -1]
    """

    __slots__ = ("_keys", "table")

    def __init__(self, keys: Iterable[Hashable]) -> None:
        self._keys = list(keys)  # held: their addresses stay theirs
        ids = item_addresses(self._keys)
        self.table = hash_table(ids, np.arange(ids.size, dtype=np.int64).reshape(-1, 1))

    def positions(self, objects: Sequence[object]) -> np.ndarray:
        """Position of each object among the keys, -1 for an object that is none of them.

        Parameters
        ----------
        objects : sequence
            A list or tuple (anything ``len`` and ``map`` accept).

        Returns
        -------
        numpy.ndarray (int64)
        """
        out = np.empty(len(objects), dtype=np.int64)
        if type(objects) in (list, tuple) and reads_sequences():  # one compiled call
            _find_items(self.table, id(objects), type(objects) is list, out)
        else:
            find_values(self.table, item_addresses(objects), out)
        return out


@numba.njit(cache=True)
def _find_items(table, sequence, in_list, out):
    """:func:`find_values` of the item addresses of the list or tuple at address ``sequence``."""
    ids = np.empty(out.size, dtype=np.int64)
    read_items(sequence, in_list, ids)
    find_values(table, ids, out)
