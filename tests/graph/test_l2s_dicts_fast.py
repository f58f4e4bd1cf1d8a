"""The fast reading of plain dicts gives exactly what the fully checked reading gives."""
import re
import sys

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from l2s import from_l2s
from l2s.errors import InvalidTypeError, InvalidValueError, L2SError, UnknownKeyError
from l2s.graph.hash_table import IdentityIndex, hash_table
from l2s.graph import l2s_dicts
from l2s.graph.l2s_dicts import (_NOT_A_KEY, _code_points, _find_texts, _key_texts, _Keys,
                                 _layout_works, _plain_synapse_arrays, _read_lists, _text_hashes)
from l2s.graph.object_layout import reads_strings
from l2s.graph.models import HS_2024, L2S_2022

from .networks import ARRAY_FIELDS

CONFIG = {"neuron_type": "I&F", "global_neuron_params": {"v_thr": 3}}


def _dicts(seed, key_style):
    rng = np.random.default_rng(seed)
    n, n_axons = int(rng.integers(1, 40)), int(rng.integers(0, 6))
    keys = {"shared": [f"n{i}" for i in range(n)], "ints": list(range(100, 100 + n)),
            "tuples": [("n", i) for i in range(n)], "mixed": [f"n{i}" if i % 2 else i
                                                             for i in range(n)]}[key_style]

    def target(j):  # a fresh but equal string for half of the synapses
        k = keys[j]
        return "".join(list(k)) if isinstance(k, str) and rng.random() < 0.5 else k

    def synapses():
        m = int(rng.integers(0, 8))
        return [(target(j), int(w)) for j, w in zip(rng.integers(0, n, m),
                                                    rng.integers(-32768, 32768, m))]

    axons = {f"a{i}": synapses() for i in range(n_axons)}
    return axons, {k: synapses() for k in keys}, keys


def _checked_form(table):
    """The same synapses as [key, weight] lists: only the checked reading takes those."""
    return {k: [[t, w] for t, w in v] for k, v in table.items()}


@pytest.mark.parametrize("semantics", [L2S_2022, HS_2024])
@pytest.mark.parametrize("key_style", ["shared", "ints", "tuples", "mixed"])
def test_fast_reading_equals_checked_reading(semantics, key_style):
    for seed in range(15):
        axons, connections, keys = _dicts(seed, key_style)
        outputs = keys[:2]
        fast = from_l2s(axons, connections, CONFIG, outputs, semantics).compile()
        checked = from_l2s(_checked_form(axons), _checked_form(connections), CONFIG, outputs,
                           semantics).compile()
        for name in ARRAY_FIELDS:
            assert getattr(fast, name).tolist() == getattr(checked, name).tolist(), (seed, name)


def test_hs_repeated_target_keeps_first_position_and_last_weight():
    connections = {"a": [("b", 1), ("c", 2), ("b", 5), ("a", 3), ("c", -1)], "b": [], "c": []}
    compiled = from_l2s({}, connections, CONFIG, ["a"], HS_2024).compile()
    indptr, indices, weights = compiled.csr("neuron")
    assert indices.tolist() == [1, 2, 0] and weights.tolist() == [5, -1, 3]


@pytest.mark.parametrize("bad", [("b", 1.5), ("b", True), ("z", 1), ("b", 40000), ("b",),
                                 ("b", 1, 2), "b1"])
def test_bad_entries_among_plain_ones_are_still_named(bad):
    connections = {"a": [("b", 1)] * 5 + [bad], "b": []}
    with pytest.raises(L2SError, match="connections\\['a'\\]|weight of synapse"):
        from_l2s({}, connections, CONFIG, ["a"])


def _fresh(key):
    """A key equal to ``key`` but another object (for ints beyond the cached small ones)."""
    if isinstance(key, str):
        return "".join(list(key))
    if isinstance(key, tuple):
        return tuple(_fresh(k) for k in key)
    return int(str(key))


ODD_STRS = ["", "n1", "n12", "n2", "a\0b", "é", "\ud800", "日本", "x" * 300, " n1"]
KEY_SETS = {"strs": ODD_STRS, "ints": [1000, -5, 0, 2 ** 70, 1001],
            "tuples": [("n", 1000), ("é", ())], "mixed": ["n1", 1000, ("n", 1000)]}


def _assert_same_network(axons, connections, outputs, semantics):
    fast = from_l2s(axons, connections, CONFIG, outputs, semantics).compile()
    checked = from_l2s(_checked_form(axons), _checked_form(connections), CONFIG, outputs,
                       semantics).compile()
    for name in ARRAY_FIELDS:
        assert getattr(fast, name).tolist() == getattr(checked, name).tolist(), name


@pytest.mark.parametrize("semantics", [L2S_2022, HS_2024])
@pytest.mark.parametrize("style", sorted(KEY_SETS))
def test_fresh_equal_keys_read_as_the_keys_they_equal(semantics, style):
    keys = KEY_SETS[style]
    rng = np.random.default_rng(1)
    connections = {k: [(_fresh(keys[j]), int(rng.integers(-99, 99)))
                       for j in rng.integers(0, len(keys), 20)] for k in keys}
    axons = {"in": [(_fresh(k), 7) for k in reversed(keys)]}
    index = {k: i for i, k in enumerate(keys)}
    assert _plain_synapse_arrays(connections, _Keys(index), False) is not None  # read fast
    _assert_same_network(axons, connections, keys[:1], semantics)


def test_targets_equal_to_keys_of_other_types():
    class Name(str):
        pass

    connections = {1: [(True, 1), (1.0, 2)], "a": [(Name("a"), 3), ("a", 4)], 2.5: [(2.5, 5)]}
    _assert_same_network({"x": [(True, 1), (Name("a"), 2)]}, connections, [1], L2S_2022)


@pytest.mark.parametrize("semantics", [L2S_2022, HS_2024])
def test_repeated_synapses_by_shared_and_fresh_keys(semantics):
    connections = {"a": [("b", 1), (_fresh("b"), 2), ("a", 3), ("b", 4), (_fresh("a"), 5)],
                   "b": (("b", 6), (_fresh("b"), 7))}
    _assert_same_network({"x": [("a", 1), (_fresh("a"), 2)]}, connections, ["a"], semantics)


@pytest.mark.parametrize("target, error, message", [
    (_fresh("n3"), UnknownKeyError, "targets 'n3', which is not a neuron"),
    (_fresh("x"), InvalidValueError, "targets the axon 'x'"),
    (["b"], InvalidTypeError, "target of synapse"),
])
def test_a_target_that_is_no_neuron_is_named_among_fresh_keys(target, error, message):
    connections = {"n1": [(_fresh("n1"), 1)] * 3 + [(target, 1)], "n2": []}
    with pytest.raises(error, match=re.escape(message)):
        from_l2s({"x": [("n2", 1)]}, connections, CONFIG, ["n1"])


@pytest.mark.skipif(sys.implementation.name != "cpython", reason="reads CPython's objects")
def test_the_compiled_reading_is_used_on_cpython():
    assert _layout_works()


@pytest.mark.parametrize("keys, found", [(["n21", "n1"], -1), (["n21", "n12"], 1)])
def test_strings_filed_under_the_same_hash_are_told_apart_by_their_code_points(keys, found):
    key_text, key_starts = _code_points(keys)
    same = np.repeat(_text_hashes(*_code_points(["n12"])), 2)
    table = hash_table(same, np.column_stack([[0, 1], key_starts[:-1], key_starts[1:]]))
    assert _find_texts(table, key_text, *_code_points(["n12"])).tolist() == [found]


@pytest.mark.skipif(sys.implementation.name != "cpython", reason="reads CPython's objects")
def test_this_interpreter_has_its_ascii_strs_read_in_place():
    # Every CI interpreter is 64-bit CPython with the GIL; a failure here means the in-place
    # reading of fresh str targets turned itself off (results stay right, only slower).
    assert reads_strings()


@given(st.lists(st.text(alphabet=st.characters(max_codepoint=0x7F), max_size=12), min_size=1,
                max_size=12, unique=True),
       st.lists(st.text(max_size=4), max_size=6))
def test_ascii_strs_read_in_place_are_exactly_the_strs(ascii_keys, others):
    # Fresh copies of ASCII keys are read by their bytes, in place; any str that is not
    # compact ASCII is left (-1) to the code point matching; a str equal to no key is named.
    keys = list(dict.fromkeys(ascii_keys + others))
    index = {k: i for i, k in enumerate(keys)}
    targets = [_fresh(k) for k in keys] + [k + "\x7f~" for k in ascii_keys]
    lengths, post, _ = _read_lists([[(t, 1) for t in targets]], IdentityIndex(index),
                                   _key_texts(keys))
    # (a copy can be the key object itself: CPython keeps one object per 1-character str)
    expected = [i if k.isascii() or targets[i] is k else -1 for i, k in enumerate(keys)]
    expected += [index.get(k + "\x7f~", _NOT_A_KEY) for k in ascii_keys]
    assert lengths.tolist() == [len(targets)] and post.tolist() == expected


def test_fresh_ascii_targets_need_no_code_point_matching(monkeypatch):
    def refuse(*args):
        raise AssertionError("the in-place reading should have found every target")

    monkeypatch.setattr(l2s_dicts, "_match_strings", refuse)
    keys = [f"n{i}" for i in range(50)]
    connections = {k: [(_fresh(keys[(i * 7 + j) % 50]), j) for j in range(5)]
                   for i, k in enumerate(keys)}
    assert _plain_synapse_arrays(connections, _Keys({k: i for i, k in enumerate(keys)}), False)[1][
        :5].tolist() == [0, 1, 2, 3, 4]
    _assert_same_network({}, connections, keys[:1], L2S_2022)


def test_dicts_that_reuse_their_key_objects_never_make_the_keys_text_table(monkeypatch):
    def refuse(*args):
        raise AssertionError("no target needed the keys' text table")

    monkeypatch.setattr(l2s_dicts, "_key_texts", refuse)
    keys = [f"n{i}" for i in range(300)]
    connections = {k: [(keys[(i * 7 + j) % 300], j) for j in range(5)] for i, k in enumerate(keys)}
    _assert_same_network({"x": [(keys[0], 1)]}, connections, keys[:1], L2S_2022)


@pytest.mark.parametrize("semantics", [L2S_2022, HS_2024])
def test_fresh_targets_after_a_start_of_shared_ones_are_still_found(semantics):
    # The first targets decide whether fresh strs are read in place; later fresh ones
    # (ASCII or not) are then found by their code points, with the same result.
    keys = [f"n{i}" for i in range(200)] + ["é1", "日本"]
    connections = {k: [(keys[(i + j) % len(keys)] if i < 100 else _fresh(keys[(i + j) % len(keys)]),
                        j) for j in range(4)] for i, k in enumerate(keys)}
    assert not l2s_dicts._fresh_str_targets(list(connections.values()),
                                            _Keys({k: i for i, k in enumerate(keys)}))
    _assert_same_network({"x": [(_fresh("n150"), 2)]}, connections, keys[:1], semantics)


def test_the_keys_text_table_is_made_once_for_both_dicts(monkeypatch):
    made = []
    make = l2s_dicts._key_texts
    monkeypatch.setattr(l2s_dicts, "_key_texts", lambda keys: made.append(1) or make(keys))
    keys = [f"n{i}" for i in range(100)]
    connections = {k: [(_fresh(keys[(i * 3 + j) % 100]), j) for j in range(3)]
                   for i, k in enumerate(keys)}
    net = from_l2s({"x": [(_fresh("n5"), 2)]}, connections, CONFIG, keys[:1])
    assert net.n_synapses == 301 and len(made) == 1


@pytest.mark.skipif(not reads_strings(), reason="the in-place str reading is off here")
@pytest.mark.parametrize("key, target, found", [
    ("xA", "xA", 0),
    ("x\u0141", "xA", _NOT_A_KEY),  # U+0141 & 0xFF is "A": packed as 0xFF, it matches nothing
    ("abcdefg\u0141", "abcdefgA", _NOT_A_KEY),  # the same in a column's top byte (its sign)
    ("a" * 32, "a" * 31 + "b", _NOT_A_KEY), ("a" * 32, "a" * 32, 0),  # compared in the row
    ("a" * 33, "a" * 32 + "b", _NOT_A_KEY), ("a" * 33, "a" * 33, 0),  # compared in key_text
])
def test_a_str_filed_under_a_keys_hash_is_that_key_only_if_its_characters_are(key, target, found):
    table, key_text = _key_texts([key])
    row = table[table[:, 1] >= 0][:, 1:]  # (position, start, stop, the characters packed)
    forced = hash_table(_text_hashes(*_code_points([target])), row)  # as if the hashes collided
    _, post, _ = _read_lists([[(_fresh(target), 1)]], IdentityIndex([key]), (forced, key_text))
    assert post.tolist() == [found]
