"""Tests of the native network builder (:class:`l2s.Network`) and its compilation.

Covers the population builders (keys, per-neuron parameter arrays), every
connection rule of ``Network.connect``, the exact CSR arrays of
``Network.compile`` on hand-built cases, the read-only compiled arrays, the
key <-> index maps, ``from_l2s`` against an equivalent hand-built network, and
``neuron_graph``.
"""
import networkx as nx
import numpy as np
import pytest

import l2s
from l2s import Network, from_l2s
from l2s.errors import InvalidTypeError, InvalidValueError, UnknownKeyError
from l2s.graph import ANN, IF, LIF, KeyMap, PopulationRange, neuron_graph
from l2s.graph.compiled import AXON_SOURCE, NEURON_SOURCE

ARRAY_FIELDS = ("axon_indptr", "axon_indices", "axon_weights", "neuron_indptr",
                "neuron_indices", "neuron_weights", "threshold", "model", "leak", "output")


def as_lists(proj):
    return proj.pre.tolist(), proj.post.tolist(), proj.weight.tolist()


def row(compiled, source, i):
    """(targets, weights) of axon or neuron ``i`` as lists, in CSR order."""
    indptr, indices, weights = compiled.csr(source)
    lo, hi = int(indptr[i]), int(indptr[i + 1])
    return indices[lo:hi].tolist(), weights[lo:hi].tolist()


# ---------------------------------------------------------------------------
# populations
# ---------------------------------------------------------------------------
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


# ---------------------------------------------------------------------------
# connection rules
# ---------------------------------------------------------------------------
@pytest.fixture
def pops():
    net = Network()
    return net, net.add_axons("in", 3), net.add_neurons("exc", 4, threshold=1)


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


def test_connect_all_to_all(pops):
    net, inp, exc = pops
    proj = net.connect(inp, exc, rule="all_to_all", weight=3)
    assert proj.pre.tolist() == [0] * 4 + [1] * 4 + [2] * 4
    assert proj.post.tolist() == [0, 1, 2, 3] * 3
    assert proj.weight.tolist() == [3] * 12


def test_connect_all_to_all_per_synapse_weights(pops):
    net, inp, exc = pops
    proj = net.connect(inp, exc, rule="all_to_all", weight=np.arange(12) - 6)
    assert proj.weight.tolist() == list(range(-6, 6))


def test_connect_one_to_one():
    net = Network()
    a = net.add_axons("a", 3)
    n = net.add_neurons("n", 3, threshold=0)
    proj = net.connect(a, n, rule="one_to_one", weight=[1, 2, 3])
    assert as_lists(proj) == ([0, 1, 2], [0, 1, 2], [1, 2, 3])
    m = net.add_neurons("m", 2, threshold=0)
    with pytest.raises(InvalidValueError, match="one_to_one"):
        net.connect(a, m, rule="one_to_one")


def test_connect_fixed_fanout_counts_and_range():
    net = Network()
    a = net.add_axons("a", 7)
    n = net.add_neurons("n", 5, threshold=0)
    proj = net.connect(a, n, rule="fixed_fanout", fanout=4, seed=1, weight=2)
    assert np.bincount(proj.pre, minlength=7).tolist() == [4] * 7
    assert proj.post.min() >= 0 and proj.post.max() < 5
    assert proj.weight.tolist() == [2] * 28
    assert len(net.connect(a, n, rule="fixed_fanout", fanout=0, seed=1)) == 0


def test_connect_fixed_fanout_seed_determinism():
    def draw(seed):
        net = Network()
        n = net.add_neurons("n", 50, threshold=0)
        return net.connect(n, n, rule="fixed_fanout", fanout=20, seed=seed).post.tolist()

    assert draw(123) == draw(123)
    assert draw(123) != draw(124)


def test_connect_fixed_fanout_without_autapses():
    net = Network()
    n = net.add_neurons("n", 3, threshold=0)
    # 3 targets, 200 draws per source: without redraws ~1/3 would be i -> i
    proj = net.connect(n, n, rule="fixed_fanout", fanout=200, seed=5, autapses=False)
    assert not np.any(proj.pre == proj.post)
    assert np.bincount(proj.pre).tolist() == [200] * 3
    assert set(proj.post.tolist()) == {0, 1, 2}
    # with autapses allowed (the default) self-synapses do occur
    allowed = net.connect(n, n, rule="fixed_fanout", fanout=200, seed=5)
    assert np.any(allowed.pre == allowed.post)


def test_connect_fixed_fanout_autapses_false_between_populations_allows_same_index():
    net = Network()
    a = net.add_neurons("a", 2, threshold=0)
    b = net.add_neurons("b", 2, threshold=0)
    proj = net.connect(a, b, rule="fixed_fanout", fanout=100, seed=0, autapses=False)
    assert np.any(proj.pre == proj.post)  # a[i] -> b[i] is not an autapse


def test_connect_fixed_fanout_needs_fanout(pops):
    net, inp, exc = pops
    with pytest.raises(InvalidValueError, match="fanout"):
        net.connect(inp, exc, rule="fixed_fanout")


def test_connect_dense_matrix(pops):
    net, inp, exc = pops
    matrix = [[0, 2, 0, -1],
              [0, 0, 0, 0],
              [32767, 0, -32768, 4]]
    proj = net.connect(inp, exc, matrix=matrix)
    assert as_lists(proj) == ([0, 0, 2, 2, 2], [1, 3, 0, 2, 3], [2, -1, 32767, -32768, 4])
    proj2 = net.connect(inp, exc, matrix=np.array(matrix, dtype=float), rule="matrix")
    assert as_lists(proj2) == as_lists(proj)


@pytest.mark.parametrize("matrix, kwargs, exc", [
    (np.zeros((4, 3)), {}, InvalidValueError),                     # transposed shape
    (np.zeros(12), {}, InvalidValueError),                         # not 2-D
    ([[0, 0, 0, 2.5]] + [[0] * 4] * 2, {}, InvalidTypeError),      # non-integer weight
    ([[0, 0, 0, 32768]] + [[0] * 4] * 2, {}, InvalidValueError),   # outside int16
    (np.ones((3, 4)), {"weight": 2}, InvalidValueError),           # weight= with matrix=
])
def test_connect_matrix_errors(pops, matrix, kwargs, exc):
    net, inp, exc_pop = pops
    with pytest.raises(exc):
        net.connect(inp, exc_pop, matrix=matrix, **kwargs)
    assert net.n_synapses == 0


class _FakeCoo:
    """A duck-typed sparse matrix: ``tocoo()`` with row/col/data/shape, unsorted,
    with an explicitly stored zero (what scipy.sparse can hand over)."""

    def __init__(self, shape, row, col, data):
        self.shape, self.row, self.col, self.data = shape, np.array(row), np.array(col), \
            np.array(data)

    def tocoo(self):
        return self


def test_connect_sparse_duck_typed_matrix(pops):
    net, inp, exc = pops
    sparse = _FakeCoo((3, 4), row=[2, 0, 1, 0, 2], col=[1, 3, 2, 0, 0], data=[5, -2, 0, 7, 1])
    proj = net.connect(inp, exc, matrix=sparse)
    assert as_lists(proj) == ([0, 0, 2, 2], [0, 3, 0, 1], [7, -2, 1, 5])


def test_connect_scipy_sparse_matrix(pops):
    sp = pytest.importorskip("scipy.sparse")
    net, inp, exc = pops
    dense = np.array([[0, 2, 0, -1], [0, 0, 0, 0], [3, 0, 0, 4]])
    for make in (sp.csr_matrix, sp.csc_matrix, sp.coo_matrix):
        proj = net.connect(inp, exc, matrix=make(dense))
        assert as_lists(proj) == ([0, 0, 2, 2], [1, 3, 0, 3], [2, -1, 3, 4])
    m = sp.csr_matrix(dense)
    m.data[0] = 0  # explicitly stored zero is dropped
    assert as_lists(net.connect(inp, exc, matrix=m)) == ([0, 2, 2], [3, 0, 3], [-1, 3, 4])
    with pytest.raises(InvalidValueError):
        net.connect(inp, exc, matrix=sp.csr_matrix(dense.T))


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


# ---------------------------------------------------------------------------
# compile: exact CSR arrays
# ---------------------------------------------------------------------------
def small_network():
    net = Network()
    inp = net.add_axons("in", keys=["x", "y"])
    exc = net.add_neurons("exc", 3, threshold=[1, 2, 3], model="LI&F", leak=[1, 2, 3])
    inh = net.add_neurons("inh", 2, threshold=-5, model="ANN", output=True, keys=["i0", "i1"])
    net.connect(inp, exc, pre=[1, 0, 1], post=[2, 0, 0], weight=[5, -3, 7])
    net.connect(exc, inh, rule="all_to_all", weight=2)
    net.connect(inh, exc, pre=[0], post=[1], weight=[-32768])
    net.connect(exc, exc, pre=[2], post=[2], weight=[32767])
    return net


def test_compile_small_network_exact_csr():
    c = small_network().compile()
    assert (c.n_axons, c.n_neurons, c.n_synapses) == (2, 5, 3 + 6 + 1 + 1)
    # axons: x = 0, y = 1; neurons: exc 0..2, inh 3..4
    assert c.axon_indptr.tolist() == [0, 1, 3]
    assert c.axon_indices.tolist() == [0, 2, 0]
    assert c.axon_weights.tolist() == [-3, 5, 7]
    # exc rows: all_to_all onto inh first (connected first), then exc[2] -> exc[2]
    assert c.neuron_indptr.tolist() == [0, 2, 4, 7, 8, 8]
    assert c.neuron_indices.tolist() == [3, 4, 3, 4, 3, 4, 2, 1]
    assert c.neuron_weights.tolist() == [2, 2, 2, 2, 2, 2, 32767, -32768]
    for name in ("axon_indptr", "neuron_indptr"):
        assert getattr(c, name).dtype == np.int64
    for name in ("axon_indices", "neuron_indices"):
        assert getattr(c, name).dtype == np.int32
    for name in ("axon_weights", "neuron_weights"):
        assert getattr(c, name).dtype == np.int16
    assert c.threshold.dtype == np.int64 and c.threshold.tolist() == [1, 2, 3, -5, -5]
    assert c.model.dtype == np.uint8 and c.model.tolist() == [1, 1, 1, 2, 2]
    assert c.leak.dtype == np.uint8 and c.leak.tolist() == [1, 2, 3, 3, 3]
    assert c.output.dtype == bool and c.output.tolist() == [False, False, False, True, True]
    assert c.output_indices.tolist() == [3, 4]
    assert c.fanout(NEURON_SOURCE).tolist() == [2, 2, 3, 1, 0]
    assert c.fanout(AXON_SOURCE).tolist() == [1, 2]
    assert c.populations == (PopulationRange("in", "axons", 0, 2),
                             PopulationRange("exc", "neurons", 0, 3),
                             PopulationRange("inh", "neurons", 3, 5))
    assert c.find_synapses(AXON_SOURCE, 1, 0).tolist() == [2]
    assert c.find_synapses(NEURON_SOURCE, 2, 2).tolist() == [6]
    assert c.find_synapses(NEURON_SOURCE, 4, 0).tolist() == []
    assert "n_synapses=11" in repr(c)


def test_compile_numbers_members_by_kind_in_population_order():
    net = Network()
    n1 = net.add_neurons("n1", 2, threshold=0)
    a1 = net.add_axons("a1", 1)
    n2 = net.add_neurons("n2", 3, threshold=1)
    a2 = net.add_axons("a2", 2)
    net.connect(a2, n2, pre=[1], post=[2], weight=4)
    net.connect(n2, n1, pre=[0], post=[1], weight=6)
    net.connect(a1, n1, pre=[0], post=[0], weight=5)
    c = net.compile()
    assert [(p.name, p.start, p.stop) for p in c.population_of("axons")] == \
        [("a1", 0, 1), ("a2", 1, 3)]
    assert [(p.name, p.start, p.stop) for p in c.population_of("neurons")] == \
        [("n1", 0, 2), ("n2", 2, 5)]
    assert row(c, AXON_SOURCE, 0) == ([0], [5])
    assert row(c, AXON_SOURCE, 2) == ([4], [4])
    assert row(c, NEURON_SOURCE, 2) == ([1], [6])
    assert c.threshold.tolist() == [0, 0, 1, 1, 1]
    assert c.axon_keys.key(2) == ("a2", 1) and c.neuron_keys.index(("n2", 0)) == 2


def test_compile_keeps_per_source_order_within_a_target_population():
    net = Network()
    a = net.add_axons("a", 2)
    n = net.add_neurons("n", 4, threshold=0)
    net.connect(a, n, pre=[0, 1, 0], post=[3, 0, 1], weight=[1, 2, 3])
    net.connect(a, n, pre=[1, 0], post=[2, 0], weight=[4, 5])
    net.connect(a, n, pre=[0], post=[3], weight=[6])
    c = net.compile()
    assert row(c, AXON_SOURCE, 0) == ([3, 1, 0, 3], [1, 3, 5, 6])
    assert row(c, AXON_SOURCE, 1) == ([0, 2], [2, 4])


def test_compile_keeps_per_source_order_across_target_populations():
    net = Network()
    s = net.add_axons("s", 1)
    t1 = net.add_neurons("t1", 2, threshold=0)
    t2 = net.add_neurons("t2", 2, threshold=0)
    net.connect(s, t2, pre=[0], post=[0], weight=1)
    net.connect(s, t1, pre=[0], post=[0], weight=2)
    net.connect(s, t2, pre=[0], post=[1], weight=3)
    assert row(net.compile(), AXON_SOURCE, 0) == ([2, 0, 3], [1, 2, 3])


def test_compiled_arrays_are_read_only():
    c = small_network().compile()
    for name in ARRAY_FIELDS:
        arr = getattr(c, name)
        assert not arr.flags.writeable, name
        with pytest.raises(ValueError):
            arr[:1] = arr[:1]
    with pytest.raises(AttributeError):
        c.threshold = np.zeros(5)  # frozen dataclass


def test_compiled_network_is_a_snapshot():
    net = small_network()
    c = net.compile()
    before = {name: getattr(c, name).copy() for name in ARRAY_FIELDS}
    net.connect("in", "exc", pre=[0], post=[1], weight=11)
    net.add_neurons("late", 2, threshold=9)
    for name in ARRAY_FIELDS:
        assert np.array_equal(getattr(c, name), before[name]), name
    assert net.compile().n_synapses == c.n_synapses + 1


def test_compile_empty_network_and_empty_populations():
    c = Network().compile()
    assert (c.n_axons, c.n_neurons, c.n_synapses) == (0, 0, 0)
    assert c.axon_indptr.tolist() == [0] and c.neuron_indptr.tolist() == [0]
    net = Network()
    net.add_axons("a0", 0)
    net.add_axons("a1", 2)
    net.add_neurons("n0", 0, threshold=0)
    n1 = net.add_neurons("n1", 1, threshold=0)
    net.connect("a1", n1, pre=[1], post=[0], weight=3)
    c = net.compile()
    assert c.axon_indptr.tolist() == [0, 0, 1] and c.axon_indices.tolist() == [0]
    assert c.axon_keys.key(0) == ("a1", 0) and c.neuron_keys.key(0) == ("n1", 0)


def test_compile_rejects_key_used_by_an_axon_and_a_neuron():
    net = Network()
    net.add_axons("a", keys=["x", "shared"])
    net.add_neurons("n", keys=["shared", "y"], threshold=0)
    with pytest.raises(InvalidValueError, match="'shared'") as info:
        net.compile()
    assert isinstance(info.value, l2s.L2SError)


def test_compile_rejects_key_used_twice_among_neurons():
    net = Network()
    net.add_neurons("n", keys=["k1", "k2"], threshold=0)
    net.add_neurons("m", keys=["k3", "k1"], threshold=0)
    with pytest.raises(InvalidValueError, match="'k1'"):
        net.compile()


def test_compile_rejects_explicit_key_equal_to_an_implicit_key():
    net = Network()
    net.add_neurons("A", 2, threshold=0)
    net.add_neurons("B", 1, threshold=0, keys=[("A", 0)])
    with pytest.raises(l2s.L2SError, match="A"):
        net.compile()


# ---------------------------------------------------------------------------
# KeyMap
# ---------------------------------------------------------------------------
def mixed_network():
    net = Network()
    net.add_axons("ax", 3)
    net.add_axons("empty_axons", 0)
    net.add_axons("named", keys=["alpha", 5, ("t", 1)])
    net.add_neurons("n0", keys=[-1, "b", (1, 2)], threshold=0)
    net.add_neurons("void", 0, threshold=0)
    net.add_neurons("n1", 4, threshold=0)
    net.add_neurons("n2", keys=["z"], threshold=0)
    return net


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


# ---------------------------------------------------------------------------
# from_l2s
# ---------------------------------------------------------------------------
L2S_AXONS = {"alpha": [("a", 3), ("c", -2), ("a", 1)], 7: [], "beta": [("d", 32767)]}
L2S_CONNECTIONS = {"a": [("b", 1), ("a", -4)], "b": [], 3: [("a", 2), (3, 5)],
                   "d": [("c", -32768), ("b", 2)], "c": []}
L2S_CONFIG = {"neuron_type": "LI&F", "global_neuron_params": {"v_thr": 9, "leak": 2}}
L2S_OUTPUTS = ["d", "a"]


def hand_built():
    net = Network()
    ax = net.add_axons("axons", keys=["alpha", 7, "beta"])
    nr = net.add_neurons("neurons", keys=["a", "b", 3, "d", "c"], threshold=9, model="LI&F",
                         leak=2, output=[True, False, False, True, False])
    net.connect(ax, nr, pre=[0, 0, 0, 2], post=[0, 4, 0, 3], weight=[3, -2, 1, 32767])
    net.connect(nr, nr, pre=[0, 0, 2, 2, 3, 3], post=[1, 0, 0, 2, 4, 1],
                weight=[1, -4, 2, 5, -32768, 2])
    return net


def test_from_l2s_equals_hand_built_network():
    net = from_l2s(L2S_AXONS, L2S_CONNECTIONS, L2S_CONFIG, L2S_OUTPUTS)
    assert [p.name for p in net.populations] == ["axons", "neurons"]
    assert net.population("axons").keys == ("alpha", 7, "beta")
    assert net.population("neurons").keys == ("a", "b", 3, "d", "c")
    got, want = net.compile(), hand_built().compile()
    for name in ARRAY_FIELDS:
        g, w = getattr(got, name), getattr(want, name)
        assert g.dtype == w.dtype and g.tolist() == w.tolist(), name
    assert list(got.axon_keys) == list(want.axon_keys) == ["alpha", 7, "beta"]
    assert list(got.neuron_keys) == list(want.neuron_keys)
    assert got.populations == want.populations


def test_from_l2s_does_not_keep_the_callers_dicts():
    axons = {"x": [("n", 1)]}
    connections = {"n": [("n", 2)]}
    net = from_l2s(axons, connections, {"neuron_type": "I&F",
                                        "global_neuron_params": {"v_thr": 1}}, ["n"])
    axons["x"].append(("n", 5))
    connections["n"][0] = ("n", 9)
    c = net.compile()
    assert c.axon_weights.tolist() == [1] and c.neuron_weights.tolist() == [2]


def test_from_l2s_default_leak_and_models():
    for model, code in (("I&F", 0), ("LI&F", 1), ("ANN", 2)):
        c = from_l2s({}, {"n": []}, {"neuron_type": model, "global_neuron_params": {"v_thr": 0}},
                     []).compile()
        assert c.model.tolist() == [code] and c.leak.tolist() == [3]
        assert c.n_axons == 0 and c.output.tolist() == [False]


# ---------------------------------------------------------------------------
# neuron_graph
# ---------------------------------------------------------------------------
def test_neuron_graph_nodes_edges_weights_multiplicity():
    net = small_network()
    net.connect("in", "exc", pre=[1], post=[0], weight=[-2])   # y -> exc0 now twice (7, -2)
    g = net.neuron_graph()
    assert isinstance(g, nx.DiGraph)
    assert set(g.nodes) == {"x", "y", ("exc", 0), ("exc", 1), ("exc", 2), "i0", "i1"}
    assert g.nodes["y"] == {"kind": "axon", "index": 1, "population": "in"}
    assert g.nodes[("exc", 2)] == {"kind": "neuron", "index": 2, "population": "exc",
                                   "threshold": 3, "model": 1, "leak": 3, "output": False}
    assert g.nodes["i1"]["output"] is True and g.nodes["i1"]["index"] == 4
    assert g.edges["y", ("exc", 0)] == {"weight": 5, "multiplicity": 2}
    assert g.edges["y", ("exc", 2)] == {"weight": 5, "multiplicity": 1}
    assert g.edges["x", ("exc", 0)] == {"weight": -3, "multiplicity": 1}
    assert g.edges[("exc", 2), ("exc", 2)] == {"weight": 32767, "multiplicity": 1}
    assert g.edges["i0", ("exc", 1)] == {"weight": -32768, "multiplicity": 1}
    assert g.number_of_edges() == 3 + 6 + 1 + 1
    assert sum(m for _, _, m in g.edges(data="multiplicity")) == net.n_synapses
    assert all(type(w) is int for _, _, w in g.edges(data="weight"))


def test_neuron_graph_duplicates_from_l2s():
    net = from_l2s({"in": [("a", 2)]}, {"a": [("b", 1), ("b", 1), ("a", -3)], "b": []},
                   {"neuron_type": "I&F", "global_neuron_params": {"v_thr": 0}}, ["b"])
    g = net.neuron_graph()
    assert sorted(g.edges(data="weight"), key=repr) == \
        sorted([("a", "b", 2), ("in", "a", 2), ("a", "a", -3)], key=repr)
    assert g.edges["a", "b"]["multiplicity"] == 2
    assert g.nodes["b"]["output"] and not g.nodes["a"]["output"]


def test_neuron_graph_limit():
    net = Network()
    net.add_axons("a", 3)
    net.add_neurons("n", 3, threshold=0)
    c = net.compile()
    with pytest.raises(InvalidValueError, match="limit"):
        neuron_graph(c, limit=5)
    assert neuron_graph(c, limit=6).number_of_nodes() == 6
    assert neuron_graph(c, limit=None).number_of_nodes() == 6


def test_neuron_graph_refuses_lookalike_keys():
    net = Network()
    net.add_axons("a", keys=[("n", 0)])
    net.add_neurons("n", 2, threshold=0)
    net.connect("a", "n", pre=[0], post=[1])
    # one node per member needs distinct keys: the lookalike is refused, not merged
    with pytest.raises(InvalidValueError, match=r"\('n', 0\)"):
        net.neuron_graph()


def test_neuron_graph_one_node_per_member_of_mixed_network():
    net = mixed_network()
    net.connect("n1", "n2", rule="all_to_all", weight=1)
    g = net.neuron_graph()
    assert g.number_of_nodes() == net.n_axons + net.n_neurons
    assert g.in_degree("z") == 4
