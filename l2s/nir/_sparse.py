"""A minimal sparse matrix (COO, float64) for composing NIR linear nodes.

scipy is not a dependency of L2S, so the few operations the importer needs
(product, sum, column scaling) are written here over numpy arrays. A matrix
maps a row vector of source activity to a row vector of target input:
``y = x @ M`` with ``M`` of shape ``(n_in, n_out)``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Tuple

import numpy as np

__all__ = ["SparseMatrix"]


@dataclass(frozen=True)
class SparseMatrix:
    """COO matrix with unique, row-major sorted entries.

    Examples
    --------
    >>> a = SparseMatrix.from_dense([[1.0, 0.0], [0.0, 2.0]])
    >>> b = SparseMatrix.from_dense([[0.0, 3.0], [1.0, 0.0]])
    >>> (a @ b).to_dense().tolist()
    [[0.0, 3.0], [2.0, 0.0]]
    >>> (a + b).nnz
    4
    """

    shape: Tuple[int, int]
    row: np.ndarray
    col: np.ndarray
    val: np.ndarray

    @classmethod
    def build(cls, shape: Tuple[int, int], row, col, val) -> "SparseMatrix":
        """Sum duplicate entries, drop zeros and sort row-major."""
        row = np.asarray(row, dtype=np.int64).ravel()
        col = np.asarray(col, dtype=np.int64).ravel()
        val = np.broadcast_to(np.asarray(val, dtype=np.float64), row.shape).ravel()
        flat = row * shape[1] + col
        uniq, inverse = np.unique(flat, return_inverse=True)
        summed = np.bincount(inverse, weights=val, minlength=uniq.size)
        keep = summed != 0
        uniq = uniq[keep]
        return cls((int(shape[0]), int(shape[1])), uniq // shape[1], uniq % shape[1], summed[keep])

    @classmethod
    def identity(cls, n: int) -> "SparseMatrix":
        """The ``n x n`` identity."""
        idx = np.arange(n)
        return cls.build((n, n), idx, idx, 1.0)

    @classmethod
    def diagonal(cls, values) -> "SparseMatrix":
        """A diagonal matrix."""
        values = np.asarray(values, dtype=np.float64).ravel()
        idx = np.arange(values.size)
        return cls.build((values.size, values.size), idx, idx, values)

    @classmethod
    def from_dense(cls, dense) -> "SparseMatrix":
        """From a 2-D array of shape ``(n_in, n_out)``."""
        dense = np.asarray(dense, dtype=np.float64)
        row, col = np.nonzero(dense)
        return cls.build(dense.shape, row, col, dense[row, col])

    @property
    def nnz(self) -> int:
        """Number of stored (non-zero) entries."""
        return int(self.val.size)

    def to_dense(self) -> np.ndarray:
        """Dense float64 copy."""
        out = np.zeros(self.shape)
        out[self.row, self.col] = self.val
        return out

    def __matmul__(self, other: "SparseMatrix") -> "SparseMatrix":
        if self.shape[1] != other.shape[0]:
            raise ValueError(f"shapes {self.shape} and {other.shape} do not compose")
        starts = np.searchsorted(other.row, np.arange(other.shape[0] + 1))
        counts = (starts[1:] - starts[:-1])[self.col]
        left = np.repeat(np.arange(self.nnz), counts)
        offsets = np.arange(left.size) - np.repeat(np.cumsum(counts) - counts, counts)
        right = starts[:-1][self.col][left] + offsets
        return SparseMatrix.build((self.shape[0], other.shape[1]), self.row[left],
                                  other.col[right], self.val[left] * other.val[right])

    def __add__(self, other: "SparseMatrix") -> "SparseMatrix":
        if self.shape != other.shape:
            raise ValueError(f"shapes {self.shape} and {other.shape} differ")
        return SparseMatrix.build(self.shape, np.concatenate([self.row, other.row]),
                                  np.concatenate([self.col, other.col]),
                                  np.concatenate([self.val, other.val]))

    def scale_columns(self, factors) -> "SparseMatrix":
        """Multiply column ``j`` by ``factors[j]``."""
        factors = np.asarray(factors, dtype=np.float64).ravel()
        return SparseMatrix.build(self.shape, self.row, self.col, self.val * factors[self.col])

    def left_multiply(self, vector) -> np.ndarray:
        """``vector @ self`` for a dense row vector (e.g. a bias)."""
        out = np.zeros(self.shape[1])
        np.add.at(out, self.col, np.asarray(vector, dtype=np.float64).ravel()[self.row] * self.val)
        return out
