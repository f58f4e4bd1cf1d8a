"""Connection rules: each returns the COO index arrays of a projection.

The functions are pure (no network state) so they can be used, tested and
composed on their own; :meth:`l2s.Network.connect` dispatches to them.
"""
from __future__ import annotations

from typing import Any, Optional, Tuple

import numpy as np

from .._validation import (MAX_INDEX, as_array, check_flag, check_int, check_memory,
                           check_seed)
from ..errors import InvalidValueError

__all__ = ["all_to_all", "one_to_one", "fixed_fanout", "from_matrix"]

IndexPair = Tuple[np.ndarray, np.ndarray]

#: Bytes held per synapse while a projection is built (pre, post, weight and a copy).
SYNAPSE_BYTES = 2 * (4 + 4 + 2)


def _sizes(n_pre: Any, n_post: Any, per_pre: int, rule: str) -> Tuple[int, int]:
    """Checked population sizes; the synapses ``n_pre * per_pre`` must fit in memory."""
    n_pre, n_post = check_int(n_pre, "n_pre", 0, MAX_INDEX), check_int(n_post, "n_post", 0,
                                                                        MAX_INDEX)
    check_memory(n_pre * (n_post if per_pre < 0 else per_pre), SYNAPSE_BYTES,
                 f"synapses of rule {rule!r}")
    return n_pre, n_post


def all_to_all(n_pre: int, n_post: int) -> IndexPair:
    """Every source member to every target member, source-major.

    Examples
    --------
    >>> pre, post = all_to_all(2, 3)
    >>> pre.tolist(), post.tolist()
    ([0, 0, 0, 1, 1, 1], [0, 1, 2, 0, 1, 2])
    """
    n_pre, n_post = _sizes(n_pre, n_post, -1, "all_to_all")
    pre = np.repeat(np.arange(n_pre, dtype=np.int32), n_post)
    post = np.tile(np.arange(n_post, dtype=np.int32), n_pre)
    return pre, post


def one_to_one(n_pre: int, n_post: int) -> IndexPair:
    """Member ``i`` of the source to member ``i`` of the target.

    Examples
    --------
    >>> one_to_one(3, 3)[1].tolist()
    [0, 1, 2]
    """
    n_pre, n_post = _sizes(n_pre, n_post, 1, "one_to_one")
    if n_pre != n_post:
        raise InvalidValueError(
            f"rule 'one_to_one' needs populations of equal size, got {n_pre} and {n_post}")
    idx = np.arange(n_pre, dtype=np.int32)
    return idx, idx.copy()


def fixed_fanout(n_pre: int, n_post: int, fanout: Any, seed: Optional[int] = None,
                 autapses: bool = True) -> IndexPair:
    """Each source member connects to ``fanout`` targets drawn uniformly at random.

    Targets are drawn independently (with replacement), so a pair may occur
    twice; a repeated synapse delivers its weight twice. Deterministic for a
    given ``seed``.

    Parameters
    ----------
    n_pre, n_post : int
        Population sizes.
    fanout : int
        Synapses per source member.
    seed : int, optional
        Seed of the numpy random generator.
    autapses : bool, default True
        For a population connected to itself, whether member ``i`` may target
        ``i``; when False such draws are redrawn.

    Examples
    --------
    >>> pre, post = fixed_fanout(3, 10, fanout=2, seed=0)
    >>> pre.tolist()
    [0, 0, 1, 1, 2, 2]
    >>> bool(((post >= 0) & (post < 10)).all())
    True
    """
    fanout = check_int(fanout, "fanout", 0, MAX_INDEX)
    n_pre, n_post = _sizes(n_pre, n_post, fanout, "fixed_fanout")
    seed, autapses = check_seed(seed), check_flag(autapses, "autapses")
    if n_post == 0 and fanout > 0:
        raise InvalidValueError("rule 'fixed_fanout' needs a non-empty target population")
    rng = np.random.default_rng(seed)
    pre = np.repeat(np.arange(n_pre, dtype=np.int32), fanout)
    post = rng.integers(0, n_post, size=pre.size, dtype=np.int32)
    if not autapses:
        if n_post < 2:
            raise InvalidValueError("autapses=False needs at least 2 targets")
        same = np.flatnonzero(post == pre)
        while same.size:
            post[same] = rng.integers(0, n_post, size=same.size, dtype=np.int32)
            same = same[post[same] == pre[same]]
    return pre, post


def from_matrix(matrix: Any, n_pre: int, n_post: int) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Synapses from a weight matrix of shape ``(n_pre, n_post)``: one per non-zero.

    Accepts a dense array-like or any scipy.sparse matrix/array (explicitly
    stored zeros are dropped too). Returns ``(pre, post, weight)`` in
    row-major order.

    Examples
    --------
    >>> pre, post, w = from_matrix([[0, 2], [-1, 0]], 2, 2)
    >>> pre.tolist(), post.tolist(), w.tolist()
    ([0, 1], [1, 0], [2, -1])
    """
    if hasattr(matrix, "tocoo") and not isinstance(matrix, np.ndarray):
        coo = matrix.tocoo()
        shape = coo.shape
        order = np.lexsort((coo.col, coo.row))
        pre, post, weight = coo.row[order], coo.col[order], np.asarray(coo.data)[order]
        keep = weight != 0
        pre, post, weight = pre[keep], post[keep], weight[keep]
    else:
        dense = as_array(matrix, "matrix", "iuf")
        shape = dense.shape
        if dense.ndim != 2:
            raise InvalidValueError(f"matrix must be 2-D, got shape {dense.shape}")
        pre, post = np.nonzero(dense)
        weight = dense[pre, post]
    if tuple(shape) != (n_pre, n_post):
        raise InvalidValueError(
            f"matrix has shape {tuple(shape)}, expected (source size, target size) = ({n_pre}, {n_post})")
    return pre.astype(np.int32), post.astype(np.int32), weight
