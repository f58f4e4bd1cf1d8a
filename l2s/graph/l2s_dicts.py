"""Import of networks written as the original L2S dictionaries."""
from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from itertools import chain, islice
from operator import itemgetter
from typing import Any, Dict, Hashable, Iterator, List, Optional, Sequence, Tuple

import numba
import numpy as np

from .._validation import check_hashable, check_int
from ..errors import InvalidTypeError, InvalidValueError, UnknownKeyError
from ..sim._prefetch import prefetch
from .hash_table import LOOKAHEAD, IdentityIndex, find_values, hash_table, home, table_bits
from .models import (DEFAULT_LEAK, HS_2024, L2S_2022, LEAK_MAX, MODEL_LIF, MODELS,
                     SHIFT_NO_NOISE, THRESHOLD_MAX, THRESHOLD_MIN, WEIGHT_MAX, WEIGHT_MIN)
from .network import Network
from .neuron_models import HsNeuronModel
from .object_layout import (ASCII_DATA, ITEMS, LAYOUT_KNOWN, SIZE, TAGGED_INTS, TYPE, ascii_length,
                           item_addresses, peek8, peek32, peek64, reads_strings)

__all__ = ["from_l2s", "check_config", "dict_semantics", "CONFIG_KEYS", "NEURON_PARAM_KEYS"]

CONFIG_KEYS = ("neuron_type", "global_neuron_params")
NEURON_PARAM_KEYS = ("v_thr", "leak")

AXON_POPULATION = "axons"
NEURON_POPULATION = "neurons"

#: Strings compared at a time by :func:`_match_strings` (bounds its buffers).
_CHUNK = 1 << 20
#: Targets :func:`_read_synapses` looks up at a time.
_BLOCK = 1 << 12
#: ``post`` of a target :func:`_read_synapses` read as a str equal to no key.
_NOT_A_KEY = -3
#: Str targets :func:`_fresh_str_targets` looks at, at the start of a dict.
_SAMPLE = 64
#: Characters of a key its :func:`_text_table` row holds when it has no more (8 per column).
_PACKED_CHARS = 32


def check_config(config: Any, read_type: bool = True) -> Tuple[str, int, int]:
    """Validate an L2S config; return ``(neuron_type, v_thr, leak)``.

    With ``read_type=False`` (hs_api's per-neuron models, whose configs name
    a ``neuron_type`` that is not read) the type is neither required nor
    checked and ``'LI&F'`` is returned.

    Examples
    --------
    >>> check_config({"neuron_type": "LI&F", "global_neuron_params": {"v_thr": 4}})
    ('LI&F', 4, 3)
    >>> check_config({"neuron_type": "whatever", "global_neuron_params": {"v_thr": 0}}, False)
    ('LI&F', 0, 3)
    """
    if not isinstance(config, Mapping):
        raise InvalidTypeError(f"config must be a dict, got {type(config).__name__}")
    for key in config:
        if key not in CONFIG_KEYS:
            raise InvalidValueError(f"unknown config key {key!r}; allowed: {list(CONFIG_KEYS)}")
    for key in CONFIG_KEYS if read_type else CONFIG_KEYS[1:]:
        if key not in config:
            raise InvalidValueError(f"config is missing the key {key!r}")
    neuron_type = config["neuron_type"] if read_type else "LI&F"
    if not isinstance(neuron_type, str) or neuron_type not in MODELS:
        raise InvalidValueError(f"config['neuron_type'] = {neuron_type!r} is not a neuron type; "
                                f"allowed: {list(MODELS)}")
    params = config["global_neuron_params"]
    if not isinstance(params, Mapping):
        raise InvalidTypeError("config['global_neuron_params'] must be a dict, got "
                               f"{type(params).__name__}")
    for key in params:
        if key not in NEURON_PARAM_KEYS:
            raise InvalidValueError(f"unknown key {key!r} in config['global_neuron_params']; "
                                    f"allowed: {list(NEURON_PARAM_KEYS)}")
    if "v_thr" not in params:
        raise InvalidValueError("config['global_neuron_params'] is missing the key 'v_thr'")
    v_thr = check_int(params["v_thr"], "config['global_neuron_params']['v_thr']",
                      THRESHOLD_MIN, THRESHOLD_MAX)
    leak = check_int(params.get("leak", DEFAULT_LEAK), "config['global_neuron_params']['leak']",
                     0, LEAK_MAX)
    return neuron_type, v_thr, leak


def dict_semantics(connections: Mapping) -> str:
    """The semantics a ``connections`` dict asks for by its form.

    ``{key: (synapse_list, model)}`` with hs_api's models
    (:mod:`l2s.neuron_models`) is ``'hs-2024'``; plain synapse lists are
    ``'l2s-2022'``.

    Examples
    --------
    >>> from l2s.neuron_models import LIF_neuron
    >>> dict_semantics({"a": [("b", 1)], "b": []})
    'l2s-2022'
    >>> dict_semantics({"a": ([("b", 1)], LIF_neuron(1, -16, 0)), "b": ([], LIF_neuron(1, -16, 0))})
    'hs-2024'
    """
    return HS_2024 if any(_model_of(v) is not None for v in connections.values()) else L2S_2022


def _model_of(entry: Any) -> Any:
    """The hs_api model of a ``connections`` entry ``(synapses, model)``, else None."""
    if isinstance(entry, tuple) and len(entry) == 2 and isinstance(entry[1], HsNeuronModel):
        return entry[1]
    return None


def _split_models(connections: Mapping) -> Tuple[Dict[Hashable, Any], List[Any]]:
    """``({key: synapse list}, [model or None per neuron])`` of either form of ``connections``."""
    models = [_model_of(v) for v in connections.values()]
    if any(m is not None for m in models):
        missing = [k for k, m in zip(connections, models) if m is None]
        if missing:
            raise InvalidTypeError(
                f"connections[{missing[0]!r}] = {connections[missing[0]]!r} is not a "
                "(synapse_list, neuron_model) pair, but other neurons use that form; give "
                "every neuron its model (LIF_neuron or ANN_neuron)")
        return {k: v[0] for k, v in connections.items()}, models
    return dict(connections), models


def _check_synapse_lists(name: str, table: Any, neuron_index: Dict[Hashable, int],
                         axon_keys: Mapping, last_weight: bool = False
                         ) -> Tuple[List[int], List[int], List[int]]:
    """COO arrays of a dict of synapse lists, checking every entry.

    With ``last_weight`` (``hs-2024``) a list naming the same target twice
    gives one synapse with the last weight.
    """
    pre: List[int] = []
    post: List[int] = []
    weight: List[int] = []
    for i, (key, synapses) in enumerate(table.items()):
        first = len(pre)
        if isinstance(synapses, (str, bytes)) or not isinstance(synapses, Iterable):
            raise InvalidTypeError(f"{name}[{key!r}] must be a list of (target, weight) tuples, "
                                   f"got {synapses!r}")
        for entry in synapses:
            if not isinstance(entry, (tuple, list)) or len(entry) != 2:
                raise InvalidTypeError(f"synapse {entry!r} in {name}[{key!r}] is not a "
                                       "(target, weight) 2-tuple")
            target, w = entry
            check_hashable(target, f"target of synapse {entry!r} in {name}[{key!r}]:")
            if target in axon_keys:
                raise InvalidValueError(f"synapse {entry!r} in {name}[{key!r}] targets the axon "
                                        f"{target!r}; targets must be neurons")
            if target not in neuron_index:
                raise UnknownKeyError(f"synapse {entry!r} in {name}[{key!r}] targets {target!r}, "
                                      "which is not a neuron in connections")
            pre.append(i)
            post.append(neuron_index[target])
            weight.append(check_int(w, f"weight of synapse {key!r} -> {target!r}",
                                    WEIGHT_MIN, WEIGHT_MAX))
        if last_weight:
            last = dict(zip(post[first:], weight[first:]))
            del pre[first:], post[first:], weight[first:]
            pre.extend([i] * len(last))
            post.extend(last)
            weight.extend(last.values())
    return pre, post, weight


def _last_weights(pre: np.ndarray, post: np.ndarray, weight: np.ndarray
                  ) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One synapse per ``(pre, post)`` pair, where it first appears, with its last weight."""
    pair = pre.astype(np.int64) * (int(post.max(initial=0)) + 1) + post
    unique, first = np.unique(pair, return_index=True)
    if unique.size == pair.size:
        return pre, post, weight
    last = pair.size - 1 - np.unique(pair[::-1], return_index=True)[1]
    order = np.argsort(first, kind="stable")
    return pre[first[order]], post[first[order]], weight[last[order]]


@numba.njit(cache=True)
def _read_synapses(lists, table, text_table, key_text, list_type, tuple_type, int_type, str_type):
    """``(lengths, post, weight)`` of the synapse lists at addresses ``lists``, read in place.

    Every list must be a list or tuple of ``(target, weight)`` tuples with
    int weights in the weight range (exact types); ``post`` is column 1 of
    the row of ``table`` (a :func:`hash_table` of the key objects'
    addresses) holding the target object's address. A target of exact type
    str that is no key object is then looked up by its characters in
    ``text_table`` (the :func:`_text_table` of the keys' strings
    ``key_text``; none when it has no rows) if it is compact ASCII, giving
    its key's position or ``_NOT_A_KEY``; -1 for the other strs and -2 for
    any other target. Any other form gives ``lengths`` of size 0. Only
    objects whose type was checked are read; the caller holds the lists and
    the GIL (not released here), so nothing changes meanwhile.
    """
    lengths = np.empty(lists.size, dtype=np.int64)
    for i in range(lists.size):
        kind = peek64(lists[i] + TYPE)
        if kind != list_type and kind != tuple_type:
            return lengths[:0], np.empty(0, np.int32), np.empty(0, np.int16)
        lengths[i] = peek64(lists[i] + SIZE)
    post = np.empty(lengths.sum(), dtype=np.int32)
    weight = np.empty(post.size, dtype=np.int16)
    targets = np.empty(min(post.size, _BLOCK), dtype=np.int64)  # addresses, a block at a time
    strs_at = np.empty(targets.size, dtype=np.int64)  # where the block's other strs are
    k = 0
    for i in range(lists.size):
        items = lists[i] + ITEMS
        if peek64(lists[i] + TYPE) == list_type:
            items = peek64(items)
        for j in range(lengths[i]):
            entry = peek64(items + 8 * j)
            if peek64(entry + TYPE) != tuple_type or peek64(entry + SIZE) != 2:
                return lengths[:0], post, weight
            w = peek64(entry + ITEMS + 8)
            if peek64(w + TYPE) != int_type:
                return lengths[:0], post, weight
            size = peek64(w + SIZE)
            digits, negative = (size >> 3, size & 3 == 2) if TAGGED_INTS else (abs(size), size < 0)
            value = peek32(w + ITEMS) if digits == 1 else 0
            value = -value if negative else value
            if digits > 1 or value < WEIGHT_MIN or value > WEIGHT_MAX:
                return lengths[:0], post, weight
            weight[k] = value
            targets[k % _BLOCK] = peek64(entry + ITEMS)
            k += 1
            if k % _BLOCK == 0 or k == post.size:
                block = targets[:(k - 1) % _BLOCK + 1]
                found = post[k - block.size:k]
                find_values(table, block, found)
                strs = 0
                for m in range(block.size):
                    if found[m] < 0:
                        if peek64(block[m] + TYPE) != str_type:
                            found[m] = -2
                        elif text_table.shape[0] > 0:
                            strs_at[strs] = m
                            strs += 1
                _find_ascii(text_table, key_text, block, strs_at[:strs], found)
    return lengths, post, weight


@numba.njit(cache=True, inline="always")
def _char(text, i, address):
    """Character ``i`` of a string: ``text[i]``, or the byte at ``address + i`` when
    ``address`` is not 0 (a compact ASCII str's characters, :data:`ASCII_DATA` on)."""
    return np.int64(peek8(address + i)) if address else np.int64(text[i])


@numba.njit(cache=True, inline="always")
def _text_hash(text, start, stop, address=0):
    """FNV-1a hash of the characters ``start..stop-1`` (:func:`_char`)."""
    h = np.uint64(0xCBF29CE484222325)
    for i in range(start, stop):
        h = (h ^ np.uint64(_char(text, i, address))) * np.uint64(0x100000001B3)
    return np.int64(h)


@numba.njit(cache=True, inline="always")
def _packed_char(table, slot, i):
    """Character ``i`` of the key of row ``slot`` of a :func:`_text_table`, from the row."""
    return (table[slot, 4 + i // 8] >> (8 * (i % 8))) & 0xFF


@numba.njit(cache=True, inline="always")
def _row_of(table, bits, key_text, h, text, start, stop, address=0):
    """Column 1 of the row of a :func:`_text_table` (of ``2**bits`` rows) whose string has
    hash ``h`` and the characters ``start..stop-1`` (:func:`_char`); -1 when none has.

    A compact ASCII str (``address``) as short as the row's copy of its key
    is compared with that copy: no ``key_text`` is read.
    """
    slot = home(h, bits)
    n = stop - start
    while table[slot, 1] >= 0:
        c = table[slot, 2]
        if table[slot, 0] == h and table[slot, 3] - c == n:
            i = 0
            if address and n <= _PACKED_CHARS:
                while i < n and _packed_char(table, slot, i) == _char(text, start + i, address):
                    i += 1
            else:
                while i < n and key_text[c + i] == _char(text, start + i, address):
                    i += 1
            if i == n:
                return table[slot, 1]
        slot = (slot + 1) & (table.shape[0] - 1)
    return -1


@numba.njit(cache=True, inline="always")
def _prefetch_row(table, bits, key_text, h, its_text):
    """Request the :func:`_text_table` row of hash ``h`` or, with ``its_text``, the key text
    that row names (read from the row, so asked for once the row has come): a lookup's
    misses then overlap with earlier lookups."""
    slot = home(h, bits)
    if not its_text:
        prefetch(table.reshape(-1), slot * table.shape[1])
    elif table[slot, 1] >= 0:
        prefetch(key_text, table[slot, 2])


@numba.njit(cache=True, inline="always")
def _find_ascii(table, key_text, addresses, at, found):
    """``found[at[k]]`` = position of the key equal to the compact ASCII str at
    ``addresses[at[k]]`` (``_NOT_A_KEY``: none); strs of other forms keep -1.

    The strs were just read (their type), so their characters are in cache:
    they are hashed first, then looked up with the table rows prefetched
    :data:`LOOKAHEAD` strs ahead. A row holds its key's characters when it
    is short (:data:`_PACKED_CHARS`), so such a lookup costs one cache line
    of the table; a longer key's are read from ``key_text``.
    """
    bits = table_bits(table)
    lengths = np.empty(at.size, dtype=np.int64)
    hashes = np.empty(at.size, dtype=np.int64)
    for k in range(at.size):
        address = addresses[at[k]] + ASCII_DATA
        lengths[k] = ascii_length(addresses[at[k]])
        hashes[k] = _text_hash(key_text, 0, max(lengths[k], 0), address)
    for k in range(at.size):
        if k + LOOKAHEAD < at.size:
            _prefetch_row(table, bits, key_text, hashes[k + LOOKAHEAD], False)
        if lengths[k] >= 0:
            address = addresses[at[k]] + ASCII_DATA
            row = _row_of(table, bits, key_text, hashes[k], key_text, 0, lengths[k], address)
            found[at[k]] = row if row >= 0 else _NOT_A_KEY


@numba.njit(cache=True)
def _text_hashes(text, starts):
    """:func:`_text_hash` of each string ``text[starts[i]:starts[i + 1]]``."""
    out = np.empty(starts.size - 1, dtype=np.int64)
    for i in range(out.size):
        out[i] = _text_hash(text, starts[i], starts[i + 1])
    return out


@numba.njit(cache=True)
def _text_table(text, starts):
    """The :func:`hash_table` of strings ``(text, starts)``: rows ``(hash, i, start, stop,
    packed)``, 64 bytes.

    ``packed`` (4 columns) holds a string of at most :data:`_PACKED_CHARS`
    code points, character ``k`` in byte ``k % 8`` (lowest first) of column
    ``4 + k // 8``: the code point when below 128, else 0xFF, which no
    ASCII character equals (:func:`_packed_char`).
    """
    payload = np.zeros((starts.size - 1, 3 + _PACKED_CHARS // 8), dtype=np.int64)
    for i in range(starts.size - 1):
        payload[i, 0], payload[i, 1], payload[i, 2] = i, starts[i], starts[i + 1]
        if starts[i + 1] - starts[i] <= _PACKED_CHARS:
            for k in range(starts[i + 1] - starts[i]):
                c = np.int64(text[starts[i] + k])
                payload[i, 3 + k // 8] |= (c if c < 128 else 0xFF) << (8 * (k % 8))
    return hash_table(_text_hashes(text, starts), payload)


@numba.njit(cache=True)
def _find_texts(table, key_text, text, starts):
    """Position of each string of ``(text, starts)`` among the keys' strings (-1: none).

    ``table`` is the :func:`_text_table` of the keys' strings ``key_text``;
    a row counts only when its code points are the same. Table rows are
    prefetched :data:`LOOKAHEAD` strings ahead and then the key text of the
    first row a string looks at half as far ahead, so the misses overlap.
    """
    bits, hashes = table_bits(table), _text_hashes(text, starts)
    out = np.empty(hashes.size, dtype=np.int32)
    for j in range(out.size):
        if j + LOOKAHEAD < out.size:
            _prefetch_row(table, bits, key_text, hashes[j + LOOKAHEAD], False)
        if j + LOOKAHEAD // 2 < out.size:
            _prefetch_row(table, bits, key_text, hashes[j + LOOKAHEAD // 2], True)
        out[j] = _row_of(table, bits, key_text, hashes[j], text, starts[j], starts[j + 1])
    return out


def _code_points(strings: List[str]) -> Tuple[np.ndarray, np.ndarray]:
    """The code points of ``strings`` end to end (uint32) and the ``n + 1`` offsets of each."""
    starts = np.zeros(len(strings) + 1, dtype=np.int64)
    np.cumsum(np.fromiter(map(len, strings), dtype=np.int64, count=len(strings)), out=starts[1:])
    text = "".join(strings).encode("utf-32-le", "surrogatepass")
    return np.frombuffer(text, dtype=np.uint32), starts


#: ``(text table, key text)`` of keys that are not all strs: no lookups by characters.
_NO_TEXTS = (np.zeros((0, 4), dtype=np.int64), np.zeros(0, dtype=np.uint32))


def _key_texts(keys: List[str]) -> Tuple[np.ndarray, np.ndarray]:
    """``(table, key_text)``: the :func:`_text_table` of the distinct strs ``keys`` and their
    code points end to end."""
    key_text, key_starts = _code_points(keys)
    return _text_table(key_text, key_starts), key_text


class _Keys:
    """A network's neuron keys in the forms the dict reading finds targets by, each made on
    first use and then shared by both dicts (``axons`` and ``connections``).

    ``index`` maps a key to its position; ``identity`` is the
    :class:`IdentityIndex` of the key objects; ``texts`` is the keys'
    :func:`_key_texts` (all keys strs), made only for dicts whose targets
    are not all the key objects.
    """

    def __init__(self, index: Dict[Hashable, int]) -> None:
        self.index = index

    @functools.cached_property
    def identity(self) -> IdentityIndex:
        return IdentityIndex(self.index)

    @functools.cached_property
    def texts(self) -> Tuple[np.ndarray, np.ndarray]:
        return _key_texts(list(self.index))


def _fresh_str_targets(lists: List[Any], keys: _Keys) -> bool:
    """Whether, of the first :data:`_SAMPLE` targets in the first :data:`_SAMPLE` ``lists``
    that are strs equal to a key, one is not that key object (``keys.identity``).

    That is the sign of a dict that writes its targets afresh (``f"n{j}"``),
    whose in-place reading needs the keys' text table; dicts reusing their
    key objects need none. Malformed entries are passed over here (the
    reading refuses them).
    """
    strs: List[str] = []
    for synapses in islice(lists, _SAMPLE):
        entries = synapses if type(synapses) in (list, tuple) else ()
        for entry in islice(entries, _SAMPLE - len(strs)):
            target = entry[0] if type(entry) is tuple and len(entry) == 2 else None
            if type(target) is str and target in keys.index:
                strs.append(target)
        if len(strs) == _SAMPLE:
            break
    return bool(strs) and keys.identity.positions(strs).min() < 0


def _match_strings(targets: Iterator[str], count: int, texts: Tuple[np.ndarray, np.ndarray]
                   ) -> np.ndarray:
    """Position among the keys of ``texts`` (:func:`_key_texts`) of each of the ``count`` strs
    ``targets`` yields.

    -1 for a string that is no key. Compares code points in compiled code,
    :data:`_CHUNK` targets at a time, instead of a dict lookup per target,
    which costs a few cache misses each on a large dict.
    """
    table, key_text = texts
    out = np.empty(count, dtype=np.int32)
    for start in range(0, count, _CHUNK):
        text, starts = _code_points(list(islice(targets, _CHUNK)))
        out[start:start + starts.size - 1] = _find_texts(table, key_text, text, starts)
    return out


@functools.lru_cache(maxsize=None)
def _layout_works() -> bool:
    """Whether :func:`_read_synapses` reads this interpreter's objects right (tried once)."""
    if not LAYOUT_KNOWN:
        return False
    objects = ("a", 7, ("t", 1))
    keys = IdentityIndex(objects)
    read = _read_lists([[("a", 0), (objects[2], -1), (7, 32767)],
                        ((objects[1], -32768), ("b", 5), (8, 0))], keys)
    refused = ["a", [("a", True)], [("a", 2 ** 30)], [("a", 32768)], [["a", 1]], [("a", 1, 2)]]
    works = (read is not None and [a.tolist() for a in read] == [
        [3, 3], [0, 2, 1, 1, -1, -2], [0, -1, 32767, -32768, 5, 0]]
             and all(_read_lists([bad], keys) is None for bad in refused))
    if works and reads_strings():
        strs = ["a", "bc", "éx"]
        read = _read_lists([[("a", 1), ("".join(["b", "c"]), 2), ("zz", 3),
                             ("".join(["é", "x"]), 4)]], IdentityIndex(strs), _key_texts(strs))
        works = read is not None and read[1].tolist() == [0, 1, _NOT_A_KEY, -1]
    return works


def _read_lists(lists: List[Any], keys: IdentityIndex,
                texts: Tuple[np.ndarray, np.ndarray] = _NO_TEXTS
                ) -> Optional[Tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """:func:`_read_synapses` of Python objects: ``(lengths, post, weight)`` or None.

    ``post`` is the position among ``keys`` of each target that *is* one of
    those key objects; else, for a str, its key's position found by its
    characters in ``texts`` (:func:`_key_texts` of the keys, when given) if
    it is compact ASCII, ``_NOT_A_KEY`` if that finds none, -1 for the other
    strs; -2 for any other target.
    """
    lengths, post, weight = _read_synapses(item_addresses(lists), keys.table, *texts, id(list),
                                           id(tuple), id(int), id(str))
    return (lengths, post, weight) if lengths.size == len(lists) else None


def _plain_synapse_arrays(table: Mapping, keys: _Keys, last_weight: bool
                          ) -> Optional[Tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """COO arrays of ``table`` when every entry has the plain form, else None.

    The plain form (lists or tuples of ``(neuron_key, int)`` tuples, weights
    in range) is read by :func:`_read_synapses` in compiled code, each
    target resolved by its identity when it is one of the key objects
    (``keys.identity``; the usual case: the dicts reuse their key objects),
    which gives what ``keys.index[target]`` gives. The lists holding
    other targets (equal keys made afresh, or no keys at all) are resolved
    as ``keys.index`` would: fresh compact ASCII strs in place when the
    first targets show them (:func:`_fresh_str_targets`), the other strs by
    :func:`_match_strings` when every key and every such target is a str,
    else by looking them up. Anything else (or any error) is left to
    :func:`_check_synapse_lists`, which gives the same arrays or names the
    bad entry.
    """
    if not _layout_works():
        return None
    lists = list(table.values())
    strs = set(map(type, keys.index)) == {str}
    in_place = strs and reads_strings() and _fresh_str_targets(lists, keys)
    read = _read_lists(lists, keys.identity, keys.texts if in_place else _NO_TEXTS)
    if read is None or read[1].size == 0 or read[1].min() == _NOT_A_KEY:
        return None
    lengths, post, weight = read
    pre = np.repeat(np.arange(len(lists), dtype=np.int32), lengths)
    missing = post < 0
    if missing.any():
        rows = np.flatnonzero(np.bincount(pre[missing], minlength=len(lists)))
        ends, counts = np.cumsum(lengths)[rows], lengths[rows]
        positions = np.repeat(ends - np.cumsum(counts), counts) + np.arange(counts.sum())
        targets = map(itemgetter(0), chain.from_iterable(map(lists.__getitem__, rows.tolist())))
        if post[missing].min() == -1 and strs:
            post[positions] = _match_strings(targets, positions.size, keys.texts)
            if post[positions].min() < 0:
                return None
        else:
            try:
                post[positions] = np.fromiter(map(keys.index.__getitem__, targets),
                                              dtype=np.int32, count=positions.size)
            except (KeyError, TypeError):
                return None
    return _last_weights(pre, post, weight) if last_weight else (pre, post, weight)


def _synapse_arrays(name: str, table: Mapping, keys: _Keys, axon_keys: Mapping,
                    last_weight: bool) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(pre, post, weight)`` (int32, int32, int16) of a dict of synapse lists.

    Fast when plain, else fully checked.
    """
    fast = _plain_synapse_arrays(table, keys, last_weight)
    if fast is not None:
        return fast
    pre, post, weight = _check_synapse_lists(name, table, keys.index, axon_keys, last_weight)
    return (np.asarray(pre, dtype=np.int32), np.asarray(post, dtype=np.int32),
            np.asarray(weight, dtype=np.int16))


def _check_outputs(outputs: Any, neuron_index: Dict[Hashable, int], axons: Mapping) -> np.ndarray:
    if isinstance(outputs, (str, bytes, Mapping)) or not isinstance(outputs, Iterable):
        raise InvalidTypeError(f"outputs must be a list of neuron keys, got {outputs!r}")
    mask = np.zeros(len(neuron_index), dtype=bool)
    for key in outputs:
        check_hashable(key, "output")
        if key in axons:
            raise InvalidValueError(f"output {key!r} is an axon; outputs must be neurons")
        if key not in neuron_index:
            raise UnknownKeyError(f"output {key!r} is not a neuron in connections")
        mask[neuron_index[key]] = True
    return mask


def from_l2s(axons: Mapping, connections: Mapping, config: Mapping,
             outputs: Sequence[Hashable], semantics: Any = None, shift: Any = None,
             leak: Any = None) -> Network:
    """Build a :class:`Network` from the original L2S (or hs_api) dictionaries.

    Axons and neurons are numbered in dict order, in one axon population
    ``'axons'`` and one neuron population ``'neurons'`` keyed by the dict
    keys (any hashable).

    Parameters
    ----------
    axons : dict
        ``{axon_key: [(neuron_key, weight), ...]}``.
    connections : dict
        ``{neuron_key: [(neuron_key, weight), ...]}``; every neuron is a
        key. Or hs_api's form ``{neuron_key: ([(neuron_key, weight), ...],
        model)}`` with ``model`` an ``LIF_neuron``/``ANN_neuron``
        (:mod:`l2s.neuron_models`) giving the neuron's threshold, shift
        and leak.
    config : dict
        ``{'neuron_type': 'I&F' | 'LI&F' | 'ANN', 'global_neuron_params':
        {'v_thr': int, 'leak': int (optional, LI&F, default 3)}}``. With
        hs_api's form the models rule: ``v_thr`` must be there but is not
        used and ``neuron_type`` is not read.
    outputs : list
        Keys of the neurons whose spikes are reported.
    semantics : {'l2s-2022', 'hs-2024'}, optional
        Default: :func:`dict_semantics` of ``connections``. Under
        ``'hs-2024'`` a synapse list naming the same target twice is one
        synapse with the last weight; plain lists then make every neuron
        ``LI&F`` (``neuron_type`` is not read).
    shift : int, optional
        Noise shift of every neuron (overrides the models'; default: the
        models', else -16, no noise).
    leak : int, optional
        Leak of every neuron (overrides the models' and the config's).

    Returns
    -------
    Network

    Raises
    ------
    L2SError
        For any malformed entry; the message names the key and value.

    Examples
    --------
    >>> net = from_l2s({"alpha": [("a", 3)]}, {"a": [("b", 1)], "b": []},
    ...                {"neuron_type": "I&F", "global_neuron_params": {"v_thr": 4}}, ["a"])
    >>> net.n_axons, net.n_neurons, net.n_synapses
    (1, 2, 2)
    >>> from l2s.neuron_models import LIF_neuron
    >>> hs = from_l2s({"alpha": [("a", 3)]},
    ...               {"a": ([("b", 1), ("b", 5)], LIF_neuron(2, -16, 1)),
    ...                "b": ([], LIF_neuron(4, -16, 0))},
    ...               {"neuron_type": "I&F", "global_neuron_params": {"v_thr": 0}}, ["a"])
    >>> hs.semantics, hs.n_synapses, hs.population("neurons").threshold.tolist()
    ('hs-2024', 2, [2, 4])
    """
    for name, table in (("axons", axons), ("connections", connections)):
        if not isinstance(table, Mapping):
            raise InvalidTypeError(f"{name} must be a dict, got {type(table).__name__}")
    connections, models = _split_models(connections)
    per_neuron = bool(models) and models[0] is not None
    if semantics is None:
        semantics = HS_2024 if per_neuron else L2S_2022
    neuron_type, v_thr, config_leak = check_config(
        config, read_type=not (per_neuron or semantics == HS_2024))
    if per_neuron:
        v_thr = [m.threshold for m in models]
        config_leak = [m.leak for m in models]
        neuron_type = [m.code for m in models]
        shift = [m.shift for m in models] if shift is None else shift
    elif semantics == HS_2024:
        neuron_type = MODEL_LIF
    leak = config_leak if leak is None else check_int(leak, "leak", 0, LEAK_MAX)
    for key in axons:
        if key in connections:
            raise InvalidValueError(f"name {key!r} is both an axon and a neuron; "
                                    "axon and neuron names must be distinct")
    neuron_index = {key: i for i, key in enumerate(connections)}
    net = Network(semantics)
    last_weight = semantics == HS_2024
    keys = _Keys(neuron_index)
    axon_coo = _synapse_arrays("axons", axons, keys, axons, last_weight)
    neuron_coo = _synapse_arrays("connections", connections, keys, axons, last_weight)
    output_mask = _check_outputs(outputs, neuron_index, axons)

    axon_pop = net.add_axons(AXON_POPULATION, keys=list(axons))
    neuron_pop = net.add_neurons(NEURON_POPULATION, keys=list(connections), threshold=v_thr,
                                 model=neuron_type, leak=leak, output=output_mask,
                                 shift=SHIFT_NO_NOISE if shift is None else shift)
    for source, (pre, post, weight) in ((axon_pop, axon_coo), (neuron_pop, neuron_coo)):
        if pre.size:
            net.connect(source, neuron_pop, pre=pre, post=post, weight=weight)
    return net
