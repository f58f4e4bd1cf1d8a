"""The connection rules of ``Network.connect``: all-to-all, one-to-one, fixed fan-out, matrices."""
import numpy as np
import pytest

from l2s import Network
from l2s.errors import InvalidTypeError, InvalidValueError

from .networks import as_lists


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
