"""Lookups by identity: what ``CRI_network.step`` and the dict import use to find keys."""
import pickle
import weakref
from collections import deque

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from l2s.graph.hash_table import IdentityIndex, find_values, hash_table, home
from l2s.graph.object_layout import item_addresses, reads_sequences

from ..strategies import keys as key_strategy


def test_this_interpreter_has_its_sequences_read_in_place():
    # Every CI interpreter is 64-bit CPython with the GIL; a failure here means the fast
    # path silently turned itself off (results stay right, only slower).
    assert reads_sequences()


@pytest.mark.parametrize("form", [list, tuple, deque, np.array])
def test_item_addresses_are_the_ids_of_the_items(form):
    items = ["a", 7, ("t", 1), None, 2 ** 70]
    sequence = form(items) if form is not np.array else np.array(items, dtype=object)
    assert item_addresses(sequence).tolist() == [id(x) for x in items]


def test_item_addresses_of_an_empty_sequence():
    assert item_addresses([]).size == item_addresses(()).size == 0


@given(st.lists(key_strategy, min_size=0, max_size=40, unique=True), st.data())
def test_positions_are_by_identity(keys, data):
    index = IdentityIndex(keys)
    copies = [pickle.loads(pickle.dumps(k)) for k in keys]
    pool = [(k, i) for i, k in enumerate(keys)] + [(c, None) for c in copies] + [(object(), None)]
    asked = data.draw(st.lists(st.sampled_from(pool), max_size=60))
    expected = [i if i is not None else
                next((j for j, k in enumerate(keys) if k is obj), -1) for obj, i in asked]
    form = data.draw(st.sampled_from([list, tuple, deque]))
    assert index.positions(form([obj for obj, _ in asked])).tolist() == expected


def test_a_key_listed_twice_is_found_at_one_of_its_positions():
    key = "twice"
    assert IdentityIndex(["x", key, key]).positions([key]).tolist()[0] in (1, 2)


class _Key:
    """A hashable key that can be watched with a weak reference."""


def test_the_index_keeps_its_keys_alive():
    # Were the keys freed, new objects could take their addresses and be "found".
    keys = [_Key() for _ in range(10)]
    watched = [weakref.ref(k) for k in keys]
    index = IdentityIndex(keys)
    del keys
    assert all(w() is not None for w in watched)
    assert index.positions([w() for w in watched]).tolist() == list(range(10))


def test_find_values_walks_past_collisions():
    # 20 values with one home row in a 64-row table (32 values): lookups walk a run of
    # rows, and the run wraps around the table's end.
    candidates = np.arange(1, 200_000, dtype=np.int64) << 4
    homes = np.array([home(v, 6) for v in candidates.tolist()])
    crowded = candidates[homes == 63][:20]
    values = np.concatenate([crowded, candidates[homes < 40][:12]])
    table = hash_table(values, np.arange(values.size, dtype=np.int64).reshape(-1, 1))
    assert table.shape[0] == 64
    out = np.empty(values.size + 1, dtype=np.int64)
    find_values(table, np.append(values, candidates[homes == 63][20]), out)
    assert out.tolist() == list(range(values.size)) + [-1]


@pytest.mark.parametrize("values, columns", [(1, 1), (1000, 1), (300_000, 1), (300_000, 7)])
def test_table_rows_start_on_cache_lines(values, columns):
    # A row of up to 64 bytes is then one cache line: one prefetch brings all of it.
    payload = np.zeros((values, columns), dtype=np.int64)
    table = hash_table(np.arange(values, dtype=np.int64) << 4, payload)
    assert table.ctypes.data % 64 == 0 and table.flags.c_contiguous
    assert table.shape == (max(16, 1 << (2 * values - 1).bit_length()), 1 + columns)
    assert int((table[:, 1] >= 0).sum()) == values
