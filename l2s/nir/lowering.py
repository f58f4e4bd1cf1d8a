"""Lowering of NIR's weight-carrying nodes to sparse matrices.

Every linear node (Affine, Linear, Scale, Conv1d, Conv2d, SumPool2d,
AvgPool2d, Flatten, and the Input/Output nodes inside nested graphs) becomes a
:class:`~l2s.nir._sparse.SparseMatrix` ``M`` of shape ``(n_in, n_out)`` and
an optional bias, so that ``y = x @ M + b`` on the row-major (C-order)
flattening of the node's input and output tensors. Tensors of convolutional
layers are laid out channels x height x width, as in PyTorch.
"""
from __future__ import annotations

from typing import Any, Optional, Tuple

import numpy as np

from ..errors import InvalidValueError
from ._sparse import SparseMatrix

__all__ = ["LINEAR_TYPES", "lower", "conv_matrix", "pool_matrix"]

#: NIR node types lowered to a sparse matrix (by class name).
LINEAR_TYPES = ("Affine", "Linear", "Scale", "Conv1d", "Conv2d", "SumPool2d", "AvgPool2d",
                "Flatten", "Input", "Output")

Shape = Tuple[int, ...]


def _pair(value: Any, ndim: int) -> Tuple[int, ...]:
    arr = np.atleast_1d(np.asarray(value)).astype(np.int64)
    return tuple(int(v) for v in (np.repeat(arr, ndim) if arr.size == 1 else arr))


def _padding(padding: Any, kernel: Shape, dilation: Shape) -> Tuple[int, ...]:
    """Padding before each spatial axis ('same' as in PyTorch: the extra cell goes after)."""
    if isinstance(padding, str):
        if padding == "valid":
            return (0,) * len(kernel)
        return tuple(d * (k - 1) // 2 for k, d in zip(kernel, dilation))
    return _pair(padding, len(kernel))


def _conv_out(size: int, pad_total: int, kernel: int, stride: int, dilation: int) -> int:
    return (size + pad_total - dilation * (kernel - 1) - 1) // stride + 1


def _check_spatial(name: str, kind: str, in_shape: Shape, ndim: int) -> None:
    if len(in_shape) != ndim + 1:
        raise InvalidValueError(f"NIR node {name!r} ({kind}) needs a (channels, "
                                f"{'spatial' if ndim == 1 else 'height, width'}) input, "
                                f"got shape {in_shape}")


def conv_matrix(weight: np.ndarray, in_shape: Shape, stride: Any = 1, padding: Any = 0,
                dilation: Any = 1, groups: int = 1, name: str = "conv",
                kind: str = "Conv2d") -> Tuple[SparseMatrix, Shape]:
    """Sparse matrix of an N-d convolution (PyTorch cross-correlation).

    Parameters
    ----------
    weight : numpy.ndarray
        ``(C_out, C_in / groups, *kernel)``.
    in_shape : tuple of int
        ``(C_in, *spatial)``.
    stride, padding, dilation : int, tuple or str
        As in PyTorch; ``padding`` may be ``'same'`` or ``'valid'``.
    groups : int
    name, kind : str
        Node name and type, for error messages.

    Returns
    -------
    (SparseMatrix, tuple)
        The matrix over the C-order flattening of input and output, and the
        output shape ``(C_out, *spatial_out)``.

    Examples
    --------
    >>> m, shape = conv_matrix(np.ones((1, 1, 2)), (1, 3), kind="Conv1d")
    >>> shape, m.to_dense().tolist()
    ((1, 2), [[1.0, 0.0], [1.0, 1.0], [0.0, 1.0]])
    """
    weight = np.asarray(weight, dtype=np.float64)
    ndim = weight.ndim - 2
    _check_spatial(name, kind, in_shape, ndim)
    c_out, c_in_group = weight.shape[:2]
    kernel = weight.shape[2:]
    stride, dilation = _pair(stride, ndim), _pair(dilation, ndim)
    before = _padding(padding, kernel, dilation)
    total = (tuple(d * (k - 1) for k, d in zip(kernel, dilation)) if padding == "same"
             else tuple(2 * p for p in before))
    if in_shape[0] != c_in_group * groups or c_out % groups:
        raise InvalidValueError(
            f"NIR node {name!r} ({kind}): weight {weight.shape} with groups={groups} does not "
            f"fit an input of {in_shape[0]} channels")
    spatial_in = tuple(int(s) for s in in_shape[1:])
    spatial_out = tuple(_conv_out(s, t, k, st, d) for s, t, k, st, d in
                        zip(spatial_in, total, kernel, stride, dilation))
    if min(spatial_out, default=1) < 1:
        raise InvalidValueError(f"NIR node {name!r} ({kind}): kernel {kernel} does not fit the "
                                f"input {in_shape} (output size {spatial_out})")
    out_shape = (c_out,) + spatial_out
    out_pos = np.indices(spatial_out).reshape(ndim, -1)          # (ndim, n_positions)
    out_per_group = c_out // groups
    co = np.arange(c_out)
    rows, cols, vals = [], [], []
    for ci_local in range(c_in_group):
        ci = (co // out_per_group) * c_in_group + ci_local           # input channel of each co
        for offset in np.ndindex(*kernel):
            src = [out_pos[a] * stride[a] - before[a] + offset[a] * dilation[a]
                   for a in range(ndim)]
            ok = np.all([(s >= 0) & (s < n) for s, n in zip(src, spatial_in)], axis=0)
            src_flat = np.ravel_multi_index([s[ok] for s in src], spatial_in)
            n_in_plane = int(np.prod(spatial_in))
            n_out_plane = int(np.prod(spatial_out))
            dst_flat = np.flatnonzero(ok)
            rows.append((ci[:, None] * n_in_plane + src_flat[None, :]).ravel())
            cols.append((co[:, None] * n_out_plane + dst_flat[None, :]).ravel())
            vals.append(np.repeat(weight[(co, ci_local) + offset], dst_flat.size))
    matrix = SparseMatrix.build((int(np.prod(in_shape)), int(np.prod(out_shape))),
                                np.concatenate(rows), np.concatenate(cols), np.concatenate(vals))
    return matrix, out_shape


def pool_matrix(kernel_size: Any, stride: Any, padding: Any, in_shape: Shape, average: bool,
                name: str = "pool", kind: str = "SumPool2d") -> Tuple[SparseMatrix, Shape]:
    """Sparse matrix of 2-D sum or average pooling (padding counts in the average).

    Examples
    --------
    >>> m, shape = pool_matrix(2, 2, 0, (1, 2, 2), average=True)
    >>> shape, m.to_dense().ravel().tolist()
    ((1, 1, 1), [0.25, 0.25, 0.25, 0.25])
    """
    _check_spatial(name, kind, in_shape, 2)
    kernel = _pair(kernel_size, 2)
    channels = in_shape[0]
    value = 1.0 / float(np.prod(kernel)) if average else 1.0
    weight = np.zeros((channels, 1) + kernel)
    weight[...] = value
    return conv_matrix(weight, in_shape, stride, _pair(padding, 2), 1, channels, name, kind)


def lower(node: Any, kind: str, in_shape: Shape, name: str
          ) -> Tuple[SparseMatrix, Optional[np.ndarray], Shape]:
    """Matrix, bias (or None) and output shape of a linear NIR node.

    Parameters
    ----------
    node : nir.NIRNode
    kind : str
        Its class name, one of :data:`LINEAR_TYPES`.
    in_shape : tuple of int
        Shape of its input tensor.
    name : str
        Node name, for error messages.

    Examples
    --------
    >>> import nir
    >>> m, b, shape = lower(nir.Affine(np.array([[1.0, 2.0]]), np.array([0.5])), "Affine", (2,), "fc")
    >>> m.to_dense().tolist(), b.tolist(), shape
    ([[1.0], [2.0]], [0.5], (1,))
    """
    n_in = int(np.prod(in_shape))
    if kind in ("Affine", "Linear"):
        weight = np.asarray(node.weight, dtype=np.float64)
        if weight.ndim != 2 or weight.shape[1] != n_in:
            raise InvalidValueError(f"NIR node {name!r} ({kind}): weight of shape {weight.shape} "
                                    f"does not take an input of shape {in_shape}")
        bias = np.asarray(node.bias, dtype=np.float64).ravel() if kind == "Affine" else None
        return SparseMatrix.from_dense(weight.T), bias, (weight.shape[0],)
    if kind == "Scale":
        scale = np.broadcast_to(np.asarray(node.scale, dtype=np.float64), in_shape)
        return SparseMatrix.diagonal(scale), None, in_shape
    if kind in ("Conv1d", "Conv2d"):
        matrix, out_shape = conv_matrix(node.weight, in_shape, node.stride, node.padding,
                                        node.dilation, int(node.groups), name, kind)
        bias = np.asarray(node.bias, dtype=np.float64)
        if bias.size == 1 and not bias.any():
            return matrix, None, out_shape
        per_channel = np.broadcast_to(bias.reshape(-1, *([1] * (len(out_shape) - 1))), out_shape)
        return matrix, per_channel.ravel().copy(), out_shape
    if kind in ("SumPool2d", "AvgPool2d"):
        matrix, out_shape = pool_matrix(node.kernel_size, node.stride, node.padding, in_shape,
                                        kind == "AvgPool2d", name, kind)
        return matrix, None, out_shape
    if kind == "Flatten":
        return SparseMatrix.identity(n_in), None, _flatten_shape(node, in_shape)
    return SparseMatrix.identity(n_in), None, in_shape          # Input/Output of a subgraph


def _flatten_shape(node: Any, in_shape: Shape) -> Shape:
    """Shape after a Flatten: NIR's own rule (``nir.ir.utils.calc_flatten_output``)."""
    from nir.ir.utils import calc_flatten_output

    shape = calc_flatten_output(list(in_shape), node.start_dim, node.end_dim)
    return tuple(int(v) for v in np.atleast_1d(shape))
