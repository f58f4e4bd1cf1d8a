"""Normalisation of per-step axon inputs to one CSR pair shared by every target."""
from __future__ import annotations

from collections.abc import Mapping, Set
from typing import Any, Optional, Tuple

import numpy as np

from ._validation import (as_array, check_index_array, check_int, check_memory, fail,
                          shorten)
from .errors import InvalidTypeError, InvalidValueError

__all__ = ["input_csr", "distinct_per_step"]


def input_csr(inputs: Any, steps: Optional[int], n_axons: int) -> Tuple[np.ndarray, np.ndarray]:
    """Return the active axons of every step as ``(indptr int64, indices int32)``.

    Accepted forms of ``inputs``:

    - ``None``: no input in any step (``steps`` is then required);
    - a sequence of per-step index arrays/lists (an axon listed twice
      delivers twice);
    - a tuple ``(indptr, indices)`` of two numpy integer arrays in CSR form,
      ``len(indptr) == steps + 1`` (a tuple of two arrays is always this
      form; give per-step arrays as a list);
    - a 2-D array of shape ``(steps, n_axons)``: booleans, or non-negative
      integer counts (how many times each axon is active).

    ``steps`` may be None when it follows from ``inputs``. Other forms
    (dicts, sets, strings, generators, 0-d or 1-D numeric arrays) are
    refused with ``InvalidTypeError`` rather than guessed at; a tuple of two
    arrays that is not a valid integer CSR pair for ``steps`` is refused with
    a message saying how it was read (never truncated or reinterpreted).
    Sizes are checked against memory before anything is allocated.

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
        check_memory(steps + 1, 8, "steps")
    if inputs is None:
        if steps is None:
            raise InvalidValueError("give steps when there are no inputs")
        return np.zeros(steps + 1, dtype=np.int64), np.zeros(0, dtype=np.int32)
    if isinstance(inputs, tuple) and len(inputs) == 2 and all(
            isinstance(a, np.ndarray) for a in inputs):
        indptr, indices = _from_pair(inputs, steps, n_axons)
    elif isinstance(inputs, np.ndarray) and inputs.ndim == 2:
        indptr, indices = _from_dense(inputs, n_axons)
    elif isinstance(inputs, (str, bytes, Mapping, Set)) or not hasattr(inputs, "__len__") or (
            isinstance(inputs, np.ndarray) and (inputs.ndim != 1 or inputs.dtype != object)):
        raise fail("inputs", inputs, "must be a list of per-step index lists, an (indptr, "
                   "indices) tuple of arrays or a steps x axons array; got "
                   f"{type(inputs).__name__}", InvalidTypeError)
    else:
        per_step = [check_index_array(s, f"inputs[{t}]", n_axons, "the axons")
                    for t, s in enumerate(inputs)]
        indptr = np.zeros(len(per_step) + 1, dtype=np.int64)
        np.cumsum([s.size for s in per_step], out=indptr[1:])
        indices = np.concatenate(per_step) if per_step else np.zeros(0, dtype=np.int32)
    n_given = indptr.size - 1
    if steps is not None and n_given != steps:
        how = " (a tuple of two arrays is read as (indptr, indices))" \
            if isinstance(inputs, tuple) and len(inputs) == 2 else ""
        raise InvalidValueError(f"inputs cover {n_given} steps but steps = {steps}{how}")
    return indptr, indices


def _from_pair(pair: Tuple[np.ndarray, np.ndarray], steps: Optional[int],
               n_axons: int) -> Tuple[np.ndarray, np.ndarray]:
    """The checked CSR pair; integer arrays only, so nothing is truncated."""
    indptr = as_array(pair[0], "inputs indptr", "iu")
    indices = check_index_array(as_array(pair[1], "inputs indices", "iu"), "inputs indices",
                                n_axons, "the axons")
    if indptr.ndim != 1 or pair[1].ndim != 1 or indptr.size < 1 or indptr[0] != 0 or \
            indptr[-1] != indices.size or np.any(np.diff(indptr.astype(np.int64)) < 0):
        raise InvalidValueError(
            f"inputs (indptr, indices) = ({shorten(pair[0])}, {shorten(pair[1])}): a tuple "
            "of two arrays is read as CSR: indptr must be 1-D, start at 0, not decrease and "
            "end at len(indices); give per-step axon lists as a list instead")
    return indptr.astype(np.int64), indices


def _from_dense(inputs: np.ndarray, n_axons: int) -> Tuple[np.ndarray, np.ndarray]:
    """The active axons of a steps x axons array of bools or non-negative counts."""
    if inputs.shape[1] != n_axons:
        raise InvalidValueError(f"inputs array has {inputs.shape[1]} columns, expected one per "
                                f"axon ({n_axons})")
    if inputs.dtype != bool and (inputs.dtype.kind not in "iu" or inputs.min(initial=0) < 0):
        raise InvalidTypeError("inputs array must be bool or non-negative integer counts, "
                               f"got dtype {inputs.dtype}")
    counts = inputs.astype(np.int64)
    per_step = counts.sum(axis=1, dtype=np.float64)  # float: sums of huge counts must not wrap
    check_memory(int(per_step.sum()), 4, "inputs spikes (sum of the counts)")
    rows, cols = np.nonzero(counts)
    indices = np.repeat(cols, counts[rows, cols]).astype(np.int32)
    indptr = np.zeros(inputs.shape[0] + 1, dtype=np.int64)
    np.cumsum(counts.sum(axis=1), out=indptr[1:])
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
