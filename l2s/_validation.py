"""Input checking shared by every public entry point (one place, one style of message).

Each checker names the parameter, the offending value (shortened with
:mod:`reprlib`, so a large argument never makes a large message), its
position for arrays and what is allowed, and raises an
:class:`l2s.L2SError` subclass: :class:`~l2s.errors.InvalidTypeError` for a
value of the wrong kind (a string where a number is expected, a numpy array
where a flag is expected, ragged nested lists) and
:class:`~l2s.errors.InvalidValueError` for a value of the right kind outside
what is allowed (a range, a size that cannot be held in memory).

Bounds that come from the arrays values land in are named here once:
member indices are int32 (:data:`MAX_INDEX`), seeds are those numpy's
generators take below 2**63 (:data:`MAX_SEED`), and an allocation may use at
most the machine's physical memory (:func:`memory_limit`).

Examples
--------
>>> check_int(4.0, "n", lo=0)
4
>>> check_int(-1, "n", lo=0)
Traceback (most recent call last):
...
l2s.errors.InvalidValueError: n = -1 is not allowed: must be at least 0
>>> check_int_array([1, [2], 3], "threshold", 0, 10, np.int64)
Traceback (most recent call last):
...
l2s.errors.InvalidTypeError: threshold = [1, [2], 3] is not allowed: must be numbers (... ragged)
"""
from __future__ import annotations

import itertools
import numbers
import os
import reprlib
import warnings
from collections.abc import Hashable, Iterable, Mapping, Set
from typing import Any, Optional, Tuple, Type, Union

import numba
import numpy as np

from .errors import InvalidTypeError, InvalidValueError, L2SError

__all__ = ["MAX_INDEX", "MAX_SEED", "MAX_KEY_DEPTH", "MAX_MESSAGE", "shorten", "range_text",
           "fail", "memory_limit", "check_memory", "check_int", "check_seed", "check_flag",
           "check_str", "check_choice", "check_instance", "as_array", "check_int_array",
           "check_bool_array", "check_index_array", "check_key", "check_hashable",
           "check_keys"]

#: Largest member index (and so population and network size): indices are int32.
MAX_INDEX = 2 ** 31 - 1
#: Largest seed accepted (numpy generators take any non-negative int; int64 keeps it portable).
MAX_SEED = 2 ** 63 - 1
#: Deepest nesting of tuples in a key (deeper keys overflow the C stack when hashed or saved).
MAX_KEY_DEPTH = 32
#: Longest error message this module writes.
MAX_MESSAGE = 300

_REPR = reprlib.Repr()
_REPR.maxstring = _REPR.maxother = 40
_REPR.maxlist = _REPR.maxtuple = _REPR.maxdict = _REPR.maxset = 6
_REPR.maxlevel = 3
_VISIBLE_DEPRECATION = getattr(getattr(np, "exceptions", np), "VisibleDeprecationWarning",
                               DeprecationWarning)


def shorten(value: Any) -> str:
    """A short ``repr`` of ``value``: at most about 60 characters, never failing.

    Examples
    --------
    >>> shorten(list(range(10 ** 6)))
    '[0, 1, 2, 3, 4, 5, ...]'
    >>> shorten(float("inf")), shorten(np.arange(10 ** 6))
    ('inf', 'array of shape (1000000,) and dtype int64')
    """
    if isinstance(value, np.ndarray):
        if value.size <= 6:
            return " ".join(repr(value).split())
        return f"array of shape {value.shape} and dtype {value.dtype}"
    try:
        return _REPR.repr(value)
    except Exception:  # a repr that fails must not hide the real problem
        return f"<{type(value).__name__} object>"


def range_text(lo: Optional[float] = None, hi: Optional[float] = None) -> str:
    """The rule of :func:`fail` for a value outside ``[lo, hi]`` (no ``None`` shown).

    Examples
    --------
    >>> range_text(0), range_text(None, 5), range_text(-1, 1)
    ('must be at least 0', 'must be at most 5', 'is outside the allowed range [-1, 1]')
    """
    if hi is None:
        return "must be any value" if lo is None else f"must be at least {lo}"
    if lo is None:
        return f"must be at most {hi}"
    if hi < lo:
        return f"is outside the allowed range [{lo}, {hi}], which is empty"
    return f"is outside the allowed range [{lo}, {hi}]"


def fail(name: str, value: Any, rule: str,
         error: Type[L2SError] = InvalidValueError) -> L2SError:
    """The ``error`` saying ``name = <value> is not allowed: <rule>``, in under 300 characters.

    A ``rule`` starting with ``"is "`` replaces ``"is not allowed: "``.

    Examples
    --------
    >>> print(fail("n", 10 ** 400, "must be at most 5"))  # doctest: +ELLIPSIS
    n = 1000000000000000...0000000000000000 is not allowed: must be at most 5
    """
    verb = "" if rule.startswith("is ") else "is not allowed: "
    message = f"{name} = {shorten(value)} {verb}{rule}"
    if len(message) > MAX_MESSAGE:
        message = message[:MAX_MESSAGE - 3] + "..."
    return error(message)


def memory_limit() -> int:
    """Bytes one allocation may take: the machine's physical memory (2**40 if unknown).

    Examples
    --------
    >>> memory_limit() > 2 ** 20
    True
    """
    try:
        return int(os.sysconf("SC_PHYS_PAGES")) * int(os.sysconf("SC_PAGE_SIZE"))
    except (AttributeError, OSError, ValueError):
        return 2 ** 40


def check_memory(count: int, itemsize: int, what: str) -> None:
    """Raise before allocating ``count`` items of ``itemsize`` bytes beyond :func:`memory_limit`.

    Examples
    --------
    >>> try:
    ...     check_memory(10 ** 15, 8, "synapses")
    ... except InvalidValueError as err:
    ...     print(str(err)[:63])
    synapses = 1000000000000000 is not allowed: 7450580.6 GiB would
    """
    need, limit = int(count) * int(itemsize), memory_limit()
    if need > limit:
        gib = f"{need / 2 ** 30:.1f}" if need < 2 ** 80 else f"{min(need, 10 ** 300) / 2 ** 30:.3g}"
        raise fail(what, int(count), f"{gib} GiB would be needed but this "
                   f"machine has {limit / 2 ** 30:.1f} GiB of physical memory")


def _is_int(value: Any) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, (bool, np.bool_))


def check_int(value: Any, name: str, lo: Optional[int] = None, hi: Optional[int] = None) -> int:
    """``value`` as a Python int in ``[lo, hi]``, accepting integral floats (``4.0``).

    Raises ``InvalidTypeError`` for non-numbers, bools, arrays (also 0-d),
    strings and non-integral or non-finite floats, and ``InvalidValueError``
    outside ``[lo, hi]`` (``None``: unbounded on that side).

    Examples
    --------
    >>> check_int(np.int64(3), "steps", 0)
    3
    >>> check_int(float("inf"), "steps", 0)
    Traceback (most recent call last):
    ...
    l2s.errors.InvalidTypeError: steps = inf is not allowed: must be an integer
    """
    if not _is_int(value):
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real) or \
                not np.isfinite(float(value)) or not float(value).is_integer():
            raise fail(name, value, "must be an integer", InvalidTypeError)
    out = int(value)
    if (lo is not None and out < lo) or (hi is not None and out > hi):
        raise fail(name, out, range_text(lo, hi))
    return out


def check_seed(seed: Any, name: str = "seed") -> Optional[int]:
    """``seed`` as None or an int in ``[0, 2**63 - 1]`` (negative, float and str seeds refused).

    Examples
    --------
    >>> check_seed(None), check_seed(7)
    (None, 7)
    """
    return None if seed is None else check_int(seed, name, 0, MAX_SEED)


def check_flag(value: Any, name: str) -> bool:
    """``value`` as a bool; only ``True``/``False`` (also numpy's) are flags.

    Examples
    --------
    >>> check_flag(np.True_, "autapses")
    True
    >>> check_flag(np.array([True]), "autapses")
    Traceback (most recent call last):
    ...
    l2s.errors.InvalidTypeError: autapses = array([ True]) is not allowed: must be True or False
    """
    if not isinstance(value, (bool, np.bool_)):
        raise fail(name, value, "must be True or False", InvalidTypeError)
    return bool(value)


def check_str(value: Any, name: str, empty: bool = False) -> str:
    """``value`` as a str (non-empty unless ``empty``); arrays and bytes are refused.

    Examples
    --------
    >>> check_str("exc", "name")
    'exc'
    """
    if not isinstance(value, str):
        raise fail(name, value, "must be a str", InvalidTypeError)
    if not value and not empty:
        raise fail(name, value, "must be a non-empty str")
    return str(value)


def check_choice(value: Any, name: str, allowed: Tuple[Any, ...]) -> Any:
    """``value`` if it is one of ``allowed`` (compared as plain scalars, never as arrays).

    Examples
    --------
    >>> check_choice("metis", "method", ("metis", "random"))
    'metis'
    >>> check_choice(np.array("metis"), "method", ("metis", "random"))
    Traceback (most recent call last):
    ...
    l2s.errors.InvalidTypeError: method = array('metis', dtype='<U5') is not allowed: ...
    """
    if isinstance(value, np.ndarray) or not isinstance(value, Hashable):
        raise fail(name, value, f"must be one of {', '.join(map(repr, allowed))}",
                   InvalidTypeError)
    for choice in allowed:
        if type(value) is type(choice) or (isinstance(value, str) and isinstance(choice, str)):
            if value == choice:
                return choice
    raise fail(name, value, f"is not allowed; choose one of {', '.join(map(repr, allowed))}")


def check_instance(value: Any, name: str, cls: Union[type, Tuple[type, ...]],
                   hint: str = "") -> Any:
    """``value`` if it is a ``cls`` (or one of a tuple), else ``InvalidTypeError`` naming it.

    Examples
    --------
    >>> check_instance(None, "placement", dict, "from partition()")
    Traceback (most recent call last):
    ...
    l2s.errors.InvalidTypeError: placement must be a dict (from partition()), got NoneType
    """
    if not isinstance(value, cls):
        hint = f" ({hint})" if hint else ""
        wanted = " or ".join(c.__name__ for c in (cls if isinstance(cls, tuple) else (cls,)))
        raise InvalidTypeError(f"{name} must be a {wanted}{hint}, got {type(value).__name__}")
    return value


def as_array(values: Any, name: str, kinds: str = "biuf") -> np.ndarray:
    """``np.asarray(values)`` checked to hold numbers of dtype kinds ``kinds``.

    Ragged nested lists, generators, mappings, strings and objects are
    refused with ``InvalidTypeError`` (numpy would build an object array,
    warn, or raise a ``ValueError``); so are arrays holding NaN or infinity.

    Examples
    --------
    >>> as_array([1, 2], "pre").tolist()
    [1, 2]
    >>> as_array((i for i in range(3)), "pre")
    Traceback (most recent call last):
    ...
    l2s.errors.InvalidTypeError: pre = <generator object ... at 0x...> is not allowed: ...
    """
    if isinstance(values, np.ndarray) and values.dtype.kind in kinds.replace("f", ""):
        return values  # nothing to check: no ragged rows, no NaN, the right kind
    held = "bools" if kinds == "b" else "numbers" if "f" in kinds else "integers"
    what = f"must be {held} (a scalar, list or array, not ragged)"
    if isinstance(values, (str, bytes, Mapping, Set)) or (
            not isinstance(values, (np.ndarray, numbers.Number, list, tuple))
            and not hasattr(values, "__array__") and not hasattr(values, "__len__")):
        raise fail(name, values, what, InvalidTypeError)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", _VISIBLE_DEPRECATION)
            arr = np.asarray(values)
    except (ValueError, TypeError, OverflowError, _VISIBLE_DEPRECATION):
        raise fail(name, values, what, InvalidTypeError) from None
    if arr.dtype.kind not in kinds:
        if arr.size == 0 and arr.dtype.kind in "fO":  # [] is an empty list of any kind
            return arr.astype(np.int64 if "i" in kinds else bool)
        raise fail(name, values, f"{what}; got dtype {arr.dtype}", InvalidTypeError)
    if arr.dtype.kind == "f" and arr.size and not np.isfinite(arr).all():
        pos = int(np.flatnonzero(~np.isfinite(arr.reshape(-1)))[0])
        raise fail(_at(name, arr, pos), float(arr.reshape(-1)[pos]), "must be finite")
    return arr


def _at(name: str, arr: np.ndarray, pos: int) -> str:
    """``name[pos]`` for an entry of an array, ``name`` for a scalar."""
    return name if arr.ndim == 0 else f"{name}[{pos}]"


def _integral(arr: np.ndarray, name: str, what: str) -> None:
    if arr.dtype.kind == "f" and arr.size:
        flat = arr.reshape(-1)
        bad = np.flatnonzero(flat != np.round(flat))
        if bad.size:
            raise fail(_at(name, arr, bad[0]), float(flat[bad[0]]), f"must be {what}",
                       InvalidTypeError)


def _in_range(arr: np.ndarray, name: str, lo: int, hi: int, rule: str) -> None:
    flat = arr.reshape(-1)
    if flat.size and (flat.min() < lo or flat.max() > hi):
        pos = int(np.flatnonzero((flat < lo) | (flat > hi))[0])
        value = flat[pos]
        raise fail(_at(name, arr, pos), int(value) if value.dtype.kind != "f" else float(value),
                   rule)


def check_int_array(values: Any, name: str, lo: int, hi: int, dtype: Any,
                    size: Optional[int] = None) -> np.ndarray:
    """``values`` as a 1-D array of ``dtype`` with every entry in ``[lo, hi]``.

    A scalar is broadcast to ``size``; otherwise the length must be ``size``
    (when given). Integral floats are accepted; bools, strings, ragged
    lists, 2-D arrays and non-integral or non-finite numbers are not. The
    range is checked before the conversion, so nothing wraps.

    Examples
    --------
    >>> check_int_array(3, "leak", 0, 63, np.uint8, size=2).tolist()
    [3, 3]
    >>> check_int_array([1, 70], "leak", 0, 63, np.uint8)
    Traceback (most recent call last):
    ...
    l2s.errors.InvalidValueError: leak[1] = 70 is outside the allowed range [0, 63]
    """
    arr = as_array(values, name, "iuf")
    _integral(arr, name, "an integer")
    _in_range(arr, name, lo, hi, range_text(lo, hi))
    if arr.ndim == 0 and size is not None:
        return np.full(size, arr.item(), dtype=dtype)
    if arr.ndim != 1 or (size is not None and arr.shape != (size,)):
        want = f"a scalar or length {size}" if size is not None else "1-D"
        raise fail(name, values, f"must be {want}; got shape {arr.shape}")
    return arr.astype(dtype)


def check_bool_array(values: Any, name: str, size: int) -> np.ndarray:
    """``values`` (a bool or one bool per member) as a bool array of ``size``.

    Examples
    --------
    >>> check_bool_array(True, "output", 2).tolist()
    [True, True]
    """
    arr = as_array(values, name, "b")
    if arr.ndim == 0:
        return np.full(size, bool(arr))
    if arr.shape != (size,):
        raise fail(name, values, f"must be a bool or have length {size}; got shape {arr.shape}")
    return arr.copy()


@numba.njit(cache=True)
def _int32_indices(values, n):
    """``(values as int32, -1)``, or ``(partial, i)`` where ``values[i]`` is outside ``[0, n)``.

    One compiled pass instead of numpy's minimum, maximum and conversion:
    a ``step()`` checks its inputs every call, after the kernel has evicted
    numpy's code and data from the caches (15-20 us cold against 50-65).
    """
    out = np.empty(values.size, dtype=np.int32)
    for i in range(values.size):
        x = values[i]
        if x < 0 or x >= n:
            return out, i
        out[i] = x
    return out, -1


def check_index_array(values: Any, name: str, n: int, what: str) -> np.ndarray:
    """``values`` as int32 indices after checking ``0 <= v < n`` (a scalar is one index).

    ``n`` is at most :data:`MAX_INDEX` + 1.

    Examples
    --------
    >>> check_index_array([0, 2.0], "pre", 3, "population 'a'").tolist()
    [0, 2]
    >>> check_index_array([2 ** 32], "pre", 3, "population 'a'")
    Traceback (most recent call last):
    ...
    l2s.errors.InvalidValueError: pre[0] = 4294967296 is not a valid index of population 'a' ...
    """
    if isinstance(values, np.ndarray) and values.dtype.kind in "iu":
        indices, bad = _int32_indices(values.reshape(-1), n)
        if bad < 0:
            return indices
    arr = as_array(values, name, "iuf").reshape(-1)
    _integral(arr, name, "an integer index")
    _in_range(arr, name, 0, n - 1, f"is not a valid index of {what} (size {n})")
    return arr.astype(np.int32)


#: Exact key types that are hashable and hold no other key.
_PLAIN_KEYS = frozenset({str, int})


def check_key(key: Any, name: str) -> Hashable:
    """``key`` if it is hashable and nests tuples at most :data:`MAX_KEY_DEPTH` deep.

    Examples
    --------
    >>> check_key(("exc", 1), "key")
    ('exc', 1)
    >>> check_key(["exc"], "key")
    Traceback (most recent call last):
    ...
    l2s.errors.InvalidTypeError: key = ['exc'] is not allowed: keys must be hashable ...
    """
    if type(key) in _PLAIN_KEYS:  # hashable and nesting nothing: most keys, checked at once
        return key
    if isinstance(key, np.ndarray) or not isinstance(key, Hashable):
        raise fail(name, key, "keys must be hashable (str, int, tuple, ...)", InvalidTypeError)
    level, depth = [key], 0
    while level:
        level = [v for k in level if isinstance(k, tuple) for v in k]
        depth += bool(level)
        if depth > MAX_KEY_DEPTH:
            raise fail(name, key, f"keys may nest tuples at most {MAX_KEY_DEPTH} deep")
    try:
        hash(key)
    except TypeError:
        raise fail(name, key, "keys must be hashable (str, int, tuple, ...)",
                   InvalidTypeError) from None
    return key


#: Former name of :func:`check_key`.
check_hashable = check_key


def check_keys(keys: Any, name: str, limit: int = MAX_INDEX) -> Tuple[Hashable, ...]:
    """``keys`` materialised as a tuple of distinct keys (at most ``limit``).

    Any ordered iterable (a list, tuple, 1-D array, generator) is read
    once; strings, mappings and sets (ambiguous or unordered) are refused.

    Examples
    --------
    >>> check_keys((k for k in "ab"), "keys")
    ('a', 'b')
    >>> check_keys(["a", "a"], "keys")
    Traceback (most recent call last):
    ...
    l2s.errors.InvalidValueError: keys[1] = 'a' is not allowed: keys must be distinct
    """
    if isinstance(keys, (str, bytes, Mapping, Set)) or not isinstance(keys, Iterable) or (
            isinstance(keys, np.ndarray) and keys.ndim != 1):
        raise fail(name, keys, "must be a list (or other ordered iterable) of keys",
                   InvalidTypeError)
    if isinstance(keys, np.ndarray):
        keys = keys.tolist()
    out = tuple(itertools.islice(keys, limit + 1))
    if len(out) > limit:
        raise fail(f"len({name})", f"more than {limit}", f"must be at most {limit}")
    seen = set()
    for i, key in enumerate(out):
        check_key(key, f"{name}[{i}]")
        if key in seen:
            raise fail(f"{name}[{i}]", key, "keys must be distinct")
        seen.add(key)
    return out
