"""Normalisation of per-step axon inputs to one CSR pair shared by every target."""
from __future__ import annotations

from typing import Any, Optional, Tuple

import numpy as np

from ._validation import check_index_array, check_int
from .errors import InvalidTypeError, InvalidValueError

__all__ = ["input_csr", "distinct_per_step"]


def input_csr(inputs: Any, steps: Optional[int], n_axons: int) -> Tuple[np.ndarray, np.ndarray]:
    """Return the active axons of every step as ``(indptr int64, indices int32)``.

    Accepted forms of ``inputs``:

    - ``None``: no input in any step (``steps`` is then required);
    - a sequence of per-step index arrays/lists (an axon listed twice
      delivers twice);
    - a pair ``(indptr, indices)`` of CSR arrays, ``len(indptr) == steps + 1``;
    - a 2-D array of shape ``(steps, n_axons)``: booleans, or non-negative
      integer counts (how many times each axon is active).

    ``steps`` may be None when it follows from ``inputs``.

    Examples
    --------
    >>> indptr, indices = input_csr([[0, 2], [], [1, 1]], None, 3)
    >>> indptr.tolist(), indices.tolist()
    ([0, 2, 2, 4], [0, 2, 1, 1])
    >>> input_csr(np.array([[True, False], [False, True]]), 2, 2)[1].tolist()
    [0, 1]
    """
    if steps is not None:
        steps = check_int(steps, "steps", 0, None)
    if inputs is None:
        if steps is None:
            raise InvalidValueError("give steps when there are no inputs")
        return np.zeros(steps + 1, dtype=np.int64), np.zeros(0, dtype=np.int32)
    if isinstance(inputs, tuple) and len(inputs) == 2 and all(
            isinstance(a, np.ndarray) for a in inputs):
        indptr = np.asarray(inputs[0], dtype=np.int64)
        indices = check_index_array(inputs[1], "inputs indices", n_axons, "the axons")
        if indptr.ndim != 1 or indptr.size < 1 or indptr[0] != 0 or indptr[-1] != indices.size \
                or np.any(np.diff(indptr) < 0):
            raise InvalidValueError("inputs (indptr, indices): indptr must start at 0, be "
                                    "non-decreasing and end at len(indices)")
    elif isinstance(inputs, np.ndarray) and inputs.ndim == 2:
        if inputs.shape[1] != n_axons:
            raise InvalidValueError(f"inputs array has {inputs.shape[1]} columns, expected one per "
                                    f"axon ({n_axons})")
        if inputs.dtype != bool and (inputs.dtype.kind not in "iu" or inputs.min(initial=0) < 0):
            raise InvalidTypeError("inputs array must be bool or non-negative integer counts, "
                                   f"got dtype {inputs.dtype}")
        counts = inputs.astype(np.int64)
        rows, cols = np.nonzero(counts)
        reps = counts[rows, cols]
        indices = np.repeat(cols, reps).astype(np.int32)
        indptr = np.zeros(inputs.shape[0] + 1, dtype=np.int64)
        np.cumsum(counts.sum(axis=1), out=indptr[1:])
    elif isinstance(inputs, (str, bytes)) or not hasattr(inputs, "__len__"):
        raise InvalidTypeError(f"inputs must be a list of per-step index arrays, an (indptr, "
                               f"indices) pair or a steps x axons array, got {type(inputs).__name__}")
    else:
        per_step = [check_index_array(s, f"inputs[{t}]", n_axons, "the axons")
                    for t, s in enumerate(inputs)]
        indptr = np.zeros(len(per_step) + 1, dtype=np.int64)
        np.cumsum([s.size for s in per_step], out=indptr[1:])
        indices = np.concatenate(per_step) if per_step else np.zeros(0, dtype=np.int32)
    n_given = indptr.size - 1
    if steps is not None and n_given != steps:
        raise InvalidValueError(f"inputs cover {n_given} steps but steps = {steps}")
    return indptr, indices


def distinct_per_step(indptr: np.ndarray, indices: np.ndarray, n_axons: int
                      ) -> Tuple[np.ndarray, np.ndarray]:
    """The input CSR with repeats within a step removed (``hs-2024``: distinct axons deliver once).

    Each step's axons come out ascending.

    Examples
    --------
    >>> indptr, indices = distinct_per_step(*input_csr([[2, 0, 2], [], [1, 1]], None, 3), 3)
    >>> indptr.tolist(), indices.tolist()
    ([0, 2, 2, 3], [0, 2, 1])
    """
    steps = np.repeat(np.arange(indptr.size - 1, dtype=np.int64), np.diff(indptr))
    keys = np.unique(steps * max(n_axons, 1) + indices)
    out = np.zeros_like(indptr)
    np.cumsum(np.bincount(keys // max(n_axons, 1), minlength=indptr.size - 1), out=out[1:])
    return out, (keys % max(n_axons, 1)).astype(np.int32)
