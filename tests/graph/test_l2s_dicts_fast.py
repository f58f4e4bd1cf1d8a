"""The fast reading of plain dicts gives exactly what the fully checked reading gives."""
import numpy as np
import pytest

from l2s import from_l2s
from l2s.errors import L2SError
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
