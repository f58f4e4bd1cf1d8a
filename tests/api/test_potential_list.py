"""``step(..., membranePotential=True)`` answers a lazy sequence that behaves as the original list."""
import pickle

import numpy as np
import pytest

from l2s.api import CRI_network, PotentialList
from l2s.examples import docs_example


@pytest.fixture
def pair():
    keys = ["a", ("t", 1), 7, "d"]
    values = np.array([3, -2, 0, 2 ** 33], dtype=np.int64)
    return PotentialList(keys, values), list(zip(keys, values.tolist()))


def test_reads_as_the_list(pair):
    lazy, real = pair
    assert len(lazy) == len(real)
    assert list(lazy) == real and list(iter(lazy)) == real
    assert [lazy[i] for i in range(-len(real), len(real))] == [real[i] for i in range(-4, 4)]
    assert all(type(lazy[i][1]) is int for i in range(len(real)))
    for s in (slice(None), slice(1, 3), slice(None, None, -1), slice(-2, None), slice(5, 9)):
        assert lazy[s] == real[s] and type(lazy[s]) is list
    with pytest.raises(IndexError):
        lazy[4]
    assert repr(lazy) == repr(real) and str(lazy) == str(real)
    assert lazy.index(("d", 2 ** 33)) == real.index(("d", 2 ** 33))
    assert lazy.count(("a", 3)) == 1 and ("a", 3) in lazy and ("a", 4) not in lazy
    assert list(reversed(lazy)) == list(reversed(real))
    assert lazy + [1] == real + [1] and [1] + lazy == [1] + real


def test_compares_as_the_list(pair):
    lazy, real = pair
    assert lazy == real and real == lazy and not lazy != real and not real != lazy
    assert lazy == PotentialList(
        [k for k, _ in real], np.array([v for _, v in real]))
    assert (lazy, [1]) == (real, [1])
    changed = real[:-1] + [("d", 0)]
    assert lazy != changed and changed != lazy
    assert lazy != tuple(real) and lazy != real[:-1] and lazy != "abc"
    with pytest.raises(TypeError):
        hash(lazy)
    assert pickle.loads(pickle.dumps(lazy)) == real


def test_step_answers_it():
    net = CRI_network(**docs_example())
    v, spikes = net.step(["alpha"], membranePotential=True)
    assert isinstance(v, PotentialList)
    assert v == [("a", 3), ("b", 0), ("c", 0), ("d", 0)] and spikes == []
    before = list(v)
    net.step(["alpha"])
    assert v == before  # a snapshot: later steps do not change it
