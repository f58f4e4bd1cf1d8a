"""Populations as :meth:`l2s.Network.add_axons` and :meth:`~l2s.Network.add_neurons` build them.

Keys, sizes, scalar and per-neuron parameter arrays, read-only and copied
arrays, and the errors for parameters out of range.
"""
import numpy as np
import pytest

import l2s
from l2s import Network
from l2s.errors import InvalidTypeError, InvalidValueError
from l2s.graph import ANN, IF, LIF


def test_add_axons_by_size_and_by_keys():
    net = Network()
    a = net.add_axons("a", 3)
    b = net.add_axons("b", keys=["x", 7, ("t", 1)])
    c = net.add_axons("c", 2, keys=["p", "q"])
    assert (a.name, a.kind, a.size, a.keys) == ("a", "axons", 3, None)
    assert a.is_axons and len(a) == 3
    assert b.size == 3 and b.keys == ("x", 7, ("t", 1))
    assert c.size == 2
    assert [a.key(0), b.key(1), c.key(1)] == [("a", 0), 7, "q"]
    assert net.population("b") is b and net.population(b) is b
    assert net.populations == [a, b, c]
    assert (net.n_axons, net.n_neurons, net.n_synapses) == (8, 0, 0)


@pytest.mark.parametrize("kwargs", [dict(n=2, keys=["x"]), dict()])
def test_add_axons_size_errors(kwargs):
    with pytest.raises(InvalidValueError):
        Network().add_axons("a", **kwargs)


def test_add_neurons_scalar_parameters_broadcast():
    net = Network()
    pop = net.add_neurons("n", 4, threshold=7, model="LI&F")
    assert pop.kind == "neurons" and not pop.is_axons
    assert pop.threshold.dtype == np.int64 and pop.threshold.tolist() == [7] * 4
    assert pop.model.dtype == np.uint8 and pop.model.tolist() == [LIF.code] * 4
    assert pop.leak.dtype == np.uint8 and pop.leak.tolist() == [3] * 4  # original L2S leak
    assert pop.output.dtype == bool and pop.output.tolist() == [False] * 4
    defaults = net.add_neurons("m", 1, threshold=0)
    assert defaults.model.tolist() == [IF.code]
    assert net.add_neurons("o", 2, threshold=0, output=True).output.tolist() == [True, True]


@pytest.mark.parametrize("model, code", [("I&F", 0), ("LI&F", 1), ("ANN", 2), (IF, 0), (LIF, 1),
                                         (ANN, 2), (0, 0), (2, 2), (np.int64(1), 1)])
def test_add_neurons_model_forms(model, code):
    assert Network().add_neurons("n", 2, threshold=0, model=model).model.tolist() == [code] * 2


def test_add_neurons_per_neuron_arrays():
    net = Network()
    thr = [-(2 ** 34), 0, 5, 2 ** 34 - 1]
    pop = net.add_neurons("n", 4, threshold=thr, model=[0, 1, 2, 1], leak=[0, 3, 5, 63],
                          output=[True, False, False, True], keys=["a", "b", "c", "d"])
    assert pop.threshold.tolist() == thr
    assert pop.model.tolist() == [0, 1, 2, 1]
    assert pop.leak.tolist() == [0, 3, 5, 63]
    assert pop.output.tolist() == [True, False, False, True]
    # integral floats are accepted as integers
    pop2 = net.add_neurons("m", 2, threshold=np.array([1.0, -2.0]), leak=np.array([2.0, 4.0]))
    assert pop2.threshold.tolist() == [1, -2] and pop2.threshold.dtype == np.int64
    assert pop2.leak.tolist() == [2, 4]
    c = net.compile()
    assert c.threshold.tolist() == thr + [1, -2]
    assert c.model.tolist() == [0, 1, 2, 1, 0, 0]
    assert c.leak.tolist() == [0, 3, 5, 63, 2, 4]
    assert c.output.tolist() == [True, False, False, True, False, False]


def test_population_parameters_are_read_only():
    pop = Network().add_neurons("n", 2, threshold=[1, 2])
    for arr in (pop.threshold, pop.model, pop.leak, pop.output):
        assert not arr.flags.writeable
        with pytest.raises(ValueError):
            arr[0] = 1


@pytest.mark.parametrize("param, value", [
    ("threshold", np.array([1, 2, 3], dtype=np.int64)),
    ("model", np.array([0, 1, 2], dtype=np.uint8)),
    ("leak", np.array([1, 2, 3], dtype=np.uint8)),
    ("output", np.array([True, False, True])),
])
def test_add_neurons_copies_callers_arrays(param, value):
    kwargs = {"threshold": 0, param: value}
    pop = Network().add_neurons("n", 3, **kwargs)
    before = getattr(pop, param).tolist()
    assert value.flags.writeable, "the caller's array must stay writeable"
    value[0] = value[1]
    assert getattr(pop, param).tolist() == before


@pytest.mark.parametrize("kwargs, exc, text", [
    (dict(threshold=2 ** 34), InvalidValueError, "17179869184"),
    (dict(threshold=-(2 ** 34) - 1), InvalidValueError, "-17179869185"),
    (dict(threshold=[0, 2 ** 34]), InvalidValueError, "17179869184"),
    (dict(threshold=[0, 1, 2]), InvalidValueError, "length 2"),
    (dict(threshold=1.5), InvalidTypeError, "1.5"),
    (dict(threshold=0, leak=64), InvalidValueError, "64"),
    (dict(threshold=0, leak=-1), InvalidValueError, "-1"),
    (dict(threshold=0, model="HH"), InvalidValueError, "'HH'"),
    (dict(threshold=0, model=3), InvalidValueError, "3"),
    (dict(threshold=0, model=[0, 3]), InvalidValueError, "3"),
    (dict(threshold=0, output=1), InvalidTypeError, "output"),
    (dict(threshold=0, output=[True, False, True]), InvalidValueError, "output"),
])
def test_add_neurons_rejects_bad_parameters(kwargs, exc, text):
    net = Network()
    with pytest.raises(exc) as info:
        net.add_neurons("pop", 2, **kwargs)
    assert isinstance(info.value, l2s.L2SError)
    assert text in str(info.value)
    assert len(net.populations) == 0
