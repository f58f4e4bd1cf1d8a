"""``Network.connect`` with index arrays, its projections, and its rule errors.

The connection rules themselves (all-to-all, one-to-one, fixed fan-out,
matrices) are tested in ``test_connectivity.py``.
"""
import numpy as np
import pytest

from l2s.errors import InvalidValueError, UnknownKeyError
from l2s.graph.compiled import AXON_SOURCE

from .networks import as_lists, row


def test_connect_arrays(pops):
    net, inp, exc = pops
    pre, post, w = [2, 0, 2], [1, 3, 1], [5, -7, 32767]
    proj = net.connect(inp, exc, pre=pre, post=post, weight=w)
    assert as_lists(proj) == (pre, post, w)
    assert (proj.pre.dtype, proj.post.dtype, proj.weight.dtype) == (np.int32, np.int32, np.int16)
    assert as_lists(net.projection("in", "exc")) == (pre, post, w)
    assert net.n_synapses == 3


def test_connect_arrays_scalar_and_default_weight(pops):
    net, inp, exc = pops
    assert net.connect(inp, exc, pre=[0, 1], post=[1, 2], weight=-4).weight.tolist() == [-4, -4]
    assert net.connect("in", "exc", pre=[2], post=[3]).weight.tolist() == [1]


def test_connect_arrays_owns_a_copy(pops):
    net, inp, exc = pops
    pre = np.array([0, 1], dtype=np.int32)
    post = np.array([1, 2], dtype=np.int32)
    w = np.array([3, 4], dtype=np.int16)
    proj = net.connect(inp, exc, pre=pre, post=post, weight=w)
    pre[0], post[0], w[0] = 2, 3, 9
    assert as_lists(proj) == ([0, 1], [1, 2], [3, 4])
    for arr in (proj.pre, proj.post, proj.weight):
        assert not arr.flags.writeable


def test_connect_fixed_fanout_needs_fanout(pops):
    net, inp, exc = pops
    with pytest.raises(InvalidValueError, match="fanout"):
        net.connect(inp, exc, rule="fixed_fanout")


def test_repeated_connect_accumulates(pops):
    net, inp, exc = pops
    net.connect(inp, exc, pre=[0, 1], post=[0, 0], weight=[1, 2])
    net.connect(inp, exc, rule="all_to_all", weight=-1)
    net.connect(inp, exc, pre=[0], post=[0], weight=[9])
    proj = net.projection(inp, exc)
    assert len(proj) == 2 + 12 + 1 == net.n_synapses
    assert proj.weight.tolist()[:2] == [1, 2] and proj.weight.tolist()[-1] == 9
    c = net.compile()
    assert c.n_synapses == 15
    # axon 0: first call's synapse, then all_to_all, then the last call, in that order
    assert row(c, AXON_SOURCE, 0) == ([0, 0, 1, 2, 3, 0], [1, -1, -1, -1, -1, 9])
    assert c.find_synapses(AXON_SOURCE, 0, 0).tolist() == [0, 1, 5]


def test_projection_of_unconnected_pair_raises(pops):
    net, inp, exc = pops
    with pytest.raises(UnknownKeyError, match="'in'"):
        net.projection(inp, exc)


@pytest.mark.parametrize("kwargs", [dict(), dict(rule="ring"), dict(rule="arrays", pre=[0])])
def test_connect_rule_errors(pops, kwargs):
    net, inp, exc = pops
    with pytest.raises(InvalidValueError):
        net.connect(inp, exc, **kwargs)
