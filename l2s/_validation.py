"""Input checking shared by every stage (one place, one style of message).

Each checker names the parameter, the offending value (and its position for
arrays) and what is allowed, and raises an :class:`l2s.L2SError` subclass.
"""
from __future__ import annotations

import numbers
from typing import Any, Optional

import numpy as np

from .errors import InvalidTypeError, InvalidValueError


def check_int(value: Any, name: str, lo: Optional[int] = None, hi: Optional[int] = None) -> int:
    """Return ``value`` as a Python int, accepting integral floats (``4.0``).

    Raises ``InvalidTypeError`` for non-numbers, bools and non-integral floats
    and ``InvalidValueError`` outside ``[lo, hi]``.
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise InvalidTypeError(f"{name} must be an integer, got {value!r} ({type(value).__name__})")
    if not isinstance(value, numbers.Integral):
        if not float(value).is_integer():
            raise InvalidTypeError(f"{name} must be an integer, got {value!r}")
    out = int(value)
    if (lo is not None and out < lo) or (hi is not None and out > hi):
        raise InvalidValueError(f"{name} = {out} is outside the allowed range [{lo}, {hi}]")
    return out


def check_int_array(values: Any, name: str, lo: int, hi: int, dtype: Any,
                    size: Optional[int] = None) -> np.ndarray:
    """Return ``values`` as a 1-D array of ``dtype`` after checking each entry.

    A scalar is broadcast to ``size``. Integral floats are accepted. The
    error names the first offending position and value and the allowed range.
    """
    arr = np.asarray(values)
    if arr.ndim == 0 and size is not None:
        arr = np.full(size, check_int(arr.item(), name, lo, hi), dtype=dtype)
        return arr
    arr = arr.reshape(-1) if arr.ndim > 1 else arr
    if size is not None and arr.shape != (size,):
        raise InvalidValueError(f"{name} must be a scalar or have length {size}, got shape {arr.shape}")
    if arr.size == 0:
        return arr.astype(dtype)
    if arr.dtype == bool or arr.dtype.kind not in "iuf":
        raise InvalidTypeError(f"{name} must hold integers, got dtype {arr.dtype}")
    if arr.dtype.kind == "f":
        bad = np.flatnonzero(~np.isfinite(arr) | (arr != np.round(arr)))
        if bad.size:
            raise InvalidTypeError(f"{name}[{bad[0]}] = {arr[bad[0]]!r} is not an integer")
    lo_v, hi_v = arr.min(), arr.max()
    if lo_v < lo or hi_v > hi:
        pos = int(np.flatnonzero((arr < lo) | (arr > hi))[0])
        raise InvalidValueError(
            f"{name}[{pos}] = {int(arr[pos])} is outside the allowed range [{lo}, {hi}]")
    return arr.astype(dtype, copy=False)


def check_bool_array(values: Any, name: str, size: int) -> np.ndarray:
    """Return ``values`` (a bool or one bool per member) as a bool array of ``size``."""
    arr = np.asarray(values)
    if arr.dtype != bool:
        raise InvalidTypeError(f"{name} must be a bool or an array of bool, got dtype {arr.dtype}")
    if arr.ndim == 0:
        return np.full(size, bool(arr))
    if arr.shape != (size,):
        raise InvalidValueError(f"{name} must be a bool or have length {size}, got shape {arr.shape}")
    return arr


def check_hashable(key: Any, name: str) -> Any:
    """Return ``key`` if it can be a dict key, else raise naming it."""
    try:
        hash(key)
    except TypeError:
        raise InvalidTypeError(f"{name} {key!r} is not hashable; keys must be hashable "
                               "(str, int, tuple, ...)") from None
    return key


def check_index_array(values: Any, name: str, n: int, what: str) -> np.ndarray:
    """Return ``values`` as int32 indices after checking ``0 <= v < n``."""
    arr = np.asarray(values).reshape(-1)
    if arr.size and (arr.dtype == bool or arr.dtype.kind not in "iu"):
        if arr.dtype.kind != "f":
            raise InvalidTypeError(f"{name} must hold integer indices, got dtype {arr.dtype}")
        bad = np.flatnonzero(arr != np.round(arr))
        if bad.size:
            raise InvalidTypeError(f"{name}[{bad[0]}] = {arr[bad[0]]!r} is not an integer index")
        arr = arr.astype(np.int64)
    if arr.size and (arr.min() < 0 or arr.max() >= n):
        pos = int(np.flatnonzero((arr < 0) | (arr >= n))[0])
        raise InvalidValueError(
            f"{name}[{pos}] = {int(arr[pos])} is not a valid index of {what} (size {n})")
    return arr.astype(np.int32, copy=False)


def check_choice(value: Any, name: str, allowed) -> Any:
    """Return ``value`` if it is one of ``allowed``, else raise naming the choices."""
    if value not in allowed:
        raise InvalidValueError(
            f"{name} = {value!r} is not allowed; choose one of {', '.join(map(repr, allowed))}")
    return value
