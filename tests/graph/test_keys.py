"""The key <-> index maps (:class:`~l2s.graph.KeyMap`) of compiled networks."""
import numpy as np
import pytest

import l2s
from l2s.errors import UnknownKeyError
from l2s.graph import KeyMap

from .networks import mixed_network


def test_keymap_round_trip():
    c = mixed_network().compile()
    assert list(c.axon_keys) == [("ax", 0), ("ax", 1), ("ax", 2), "alpha", 5, ("t", 1)]
    assert list(c.neuron_keys) == [-1, "b", (1, 2), ("n1", 0), ("n1", 1), ("n1", 2), ("n1", 3),
                                   "z"]
    for km, n in ((c.axon_keys, c.n_axons), (c.neuron_keys, c.n_neurons)):
        assert len(km) == km.size == n
        for i in range(n):
            key = km.key(i)
            assert km.index(key) == i and km.find(key) == i and key in km
        assert km.keys(range(n)) == list(km)
        assert km.indices(list(km)).tolist() == list(range(n))
        assert km.indices(list(km)).dtype == np.int64
    assert c.neuron_keys.index(("n1", np.int64(2))) == 5


@pytest.mark.parametrize("key", ["nope", ("n1", 4), ("n1", -1), ("n1", True), ("n1", 1.0),
                                 ("n0", 0), ("ax", 0), ["unhashable"], 0])
def test_keymap_unknown_neuron_keys(key):
    km = mixed_network().compile().neuron_keys
    assert km.find(key) is None and key not in km
    with pytest.raises(UnknownKeyError) as info:
        km.index(key)
    assert repr(key) in str(info.value) and "neuron" in str(info.value)
    assert isinstance(info.value, KeyError) and isinstance(info.value, l2s.L2SError)


def test_keymap_unknown_axon_key_and_bad_index():
    km = mixed_network().compile().axon_keys
    with pytest.raises(UnknownKeyError, match="'beta' is not an axon"):
        km.index("beta")
    with pytest.raises(UnknownKeyError, match="6"):
        km.key(6)
    with pytest.raises(UnknownKeyError):
        km.key(-1)
    with pytest.raises(UnknownKeyError, match="'beta'"):
        km.indices(["alpha", "beta"])


def test_keymap_standalone():
    km = KeyMap([("in", 0, 2, ("alpha", "beta")), ("exc", 2, 3, None)], "axon")
    assert (km.index("beta"), km.index(("exc", 1)), km.key(4)) == (1, 3, ("exc", 2))
    assert list(km) == ["alpha", "beta", ("exc", 0), ("exc", 1), ("exc", 2)]
