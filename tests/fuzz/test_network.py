"""Odd values in every parameter of the network-building API: L2SError or success, never a
crash, and a call that raises leaves the network unchanged."""
import numpy as np
import pytest
from hypothesis import given

import l2s
from l2s.graph import connectivity
from l2s.partition import HardwareSpec
from tests.fuzz.odd import odd_values
from tests.state import snapshot


def _network():
    net = l2s.Network()
    net.add_axons("in", 3, keys=["a", "b", "c"])
    net.add_neurons("exc", 4, threshold=1, output=True)
    net.connect("in", "exc", pre=[0, 1], post=[2, 3], weight=[5, -5])
    return net


def _call(call, *objs):
    """Run ``call``; an error must be an L2SError and leave every obj unchanged."""
    before = [snapshot(o) for o in objs]
    try:
        return call()
    except l2s.L2SError as err:
        assert len(str(err)) < 400, str(err)
        assert [snapshot(o) for o in objs] == before, f"state changed although {err!r}"
        return err


ADD_AXONS = {"name": "new", "n": 2, "keys": None}
ADD_NEURONS = {"name": "new", "n": 2, "threshold": 3, "model": "LI&F", "leak": 2,
               "output": False, "keys": None}
CONNECT = {"source": "in", "target": "exc", "pre": [0], "post": [1], "weight": 2, "rule": None,
           "fanout": None, "matrix": None, "seed": None, "autapses": True}


@pytest.mark.parametrize("param", sorted(ADD_AXONS))
@given(value=odd_values)
def test_add_axons(param, value):
    net = _network()
    _call(lambda: net.add_axons(**dict(ADD_AXONS, **{param: value})), net)


@pytest.mark.parametrize("param", sorted(ADD_NEURONS))
@given(value=odd_values)
def test_add_neurons(param, value):
    net = _network()
    _call(lambda: net.add_neurons(**dict(ADD_NEURONS, **{param: value})), net)


@pytest.mark.parametrize("rule", [None, "all_to_all", "fixed_fanout", "matrix", "one_to_one"])
@pytest.mark.parametrize("param", sorted(CONNECT))
@given(value=odd_values)
def test_connect(rule, param, value):
    net = _network()
    base = dict(CONNECT, rule=rule)
    if rule not in (None, "arrays"):
        base.update(pre=None, post=None)
    if rule == "fixed_fanout":
        base.update(fanout=2, seed=1, target="exc", source="exc")
    if rule == "matrix":
        base.update(matrix=np.eye(3, 4, dtype=int), weight=None)
    if rule == "one_to_one":
        base.update(source="exc")
    _call(lambda: net.connect(**dict(base, **{param: value})), net)


@given(a=odd_values, b=odd_values)
def test_lookups(a, b):
    net = _network()
    _call(lambda: net.population(a), net)
    _call(lambda: net.projection(a, "exc"), net)
    _call(lambda: net.projection("in", b), net)


@given(a=odd_values, b=odd_values, c=odd_values)
def test_connectivity_rules(a, b, c):
    for call in (lambda: connectivity.all_to_all(a, b), lambda: connectivity.one_to_one(a, b),
                 lambda: connectivity.fixed_fanout(3, 4, a, seed=b, autapses=c),
                 lambda: connectivity.fixed_fanout(a, 4, 2),
                 lambda: connectivity.from_matrix(a, 2, 2)):
        _call(call)


@pytest.mark.parametrize("param", ["fpgas", "cores_per_fpga", "neurons_per_core",
                                   "axons_per_core", "hbm_rows_per_core", "rows_per_pointer"])
@given(value=odd_values)
def test_hardware_spec(param, value):
    _call(lambda: HardwareSpec(**{param: value}))


def test_a_population_of_another_network_is_refused():
    net, other = _network(), _network()
    with pytest.raises(l2s.UnknownKeyError, match="another Network"):
        net.connect(other.population("in"), "exc", rule="all_to_all")
    assert net.population(net.population("exc")) is net.population("exc")


def test_generator_keys_are_materialised():
    net = l2s.Network()
    pop = net.add_axons("in", keys=(k for k in ["x", "y"]))
    assert pop.size == 2 and pop.keys == ("x", "y")


@pytest.mark.parametrize("call, fragment", [
    (lambda net: net.add_axons("big", 2 ** 40), "2147483647"),
    (lambda net: net.connect("exc", "exc", rule="fixed_fanout", fanout=10 ** 12),
     "[0, 2147483647]"),
    (lambda net: net.connect("exc", "exc", rule="fixed_fanout", fanout=2 ** 31 - 1),
     "physical memory"),
    (lambda net: net.add_neurons("n", 3, threshold=[1, [2], 3]), "ragged"),
    (lambda net: net.connect("in", "exc", rule=np.array("all_to_all")), "rule"),
    (lambda net: net.connect("in", "exc", rule="fixed_fanout", fanout=1, seed=-1), "seed"),
    (lambda net: net.connect("in", "exc", rule="fixed_fanout", fanout=1, seed="1"), "seed"),
    (lambda net: net.add_neurons("n", 2, threshold=0, model=np.True_), "model"),
    (lambda net: net.connect("in", "exc", pre=[2 ** 32], post=[0]), "pre[0] = 4294967296"),
    (lambda net: net.add_axons("k", keys=3), "keys"),
    (lambda net: net.add_neurons("n", 1, threshold=float("inf")), "inf"),
])
def test_examples_of_each_class(call, fragment):
    net = _network()
    before = snapshot(net)
    with pytest.raises(l2s.L2SError) as info:
        call(net)
    assert fragment in str(info.value) and len(str(info.value)) < 300, str(info.value)
    assert "None]" not in str(info.value) and "-9223372036854775808" not in str(info.value)
    assert snapshot(net) == before
