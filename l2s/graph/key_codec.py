"""Exact JSON encoding of keys and attribute values, with explicit type tags.

Strings, ints and None are written as themselves; every other type is a
one-entry object naming it, so decoding gives back the same type and value:

==============  ===============================  ==============================
value           JSON                             note
==============  ===============================  ==============================
``'a'``         ``"a"``
``3``           ``3``                            any size
``None``        ``null``
``True``        ``{"bool": true}``               not confused with ``1``
``0.5``         ``{"float": float.hex(0.5)}``    exact, also nan and inf
``(1, 'a')``    ``{"tuple": [1, "a"]}``          nested freely
``[1, 2]``      ``[1, 2]``                       attribute values only
``{'k': 1}``    ``{"dict": {"k": 1}}``           str keys; attribute values only
==============  ===============================  ==============================

Nothing is ever pickled: other types are refused when saving.
"""
from __future__ import annotations

from typing import Any, Hashable, List, Optional, Sequence, Tuple

from ..errors import InvalidTypeError, InvalidValueError

__all__ = ["encode_value", "decode_value", "encode_keys", "decode_keys"]

_SAVABLE = "str, int, float, bool, None, and tuples, lists and str-keyed dicts of them"


def encode_value(value: Any, where: str = "value") -> Any:
    """The JSON form of ``value`` (see the table of :mod:`l2s.graph.key_codec`).

    Raises
    ------
    InvalidTypeError
        For a type that cannot be saved exactly; ``where`` names the value.

    Examples
    --------
    >>> encode_value(("exc", 1, (True, None)))
    {'tuple': ['exc', 1, {'tuple': [{'bool': True}, None]}]}
    """
    if value is None or type(value) in (str, int):
        return value
    if type(value) is bool:
        return {"bool": value}
    if type(value) is float:
        return {"float": value.hex()}
    if type(value) is tuple:
        return {"tuple": [encode_value(v, where) for v in value]}
    if type(value) is list:
        return [encode_value(v, where) for v in value]
    if type(value) is dict and all(type(k) is str for k in value):
        return {"dict": {k: encode_value(v, where) for k, v in value.items()}}
    raise InvalidTypeError(f"{where} = {value!r} has type {type(value).__name__}, which L2S "
                           f"files cannot store exactly; savable: {_SAVABLE}")


def decode_value(obj: Any) -> Any:
    """The value whose JSON form is ``obj`` (inverse of :func:`encode_value`).

    Raises
    ------
    InvalidValueError
        If ``obj`` is not a form :func:`encode_value` writes.

    Examples
    --------
    >>> decode_value({'tuple': ['exc', 1, {'tuple': [{'bool': True}, None]}]})
    ('exc', 1, (True, None))
    """
    if obj is None or type(obj) in (str, int):
        return obj
    if type(obj) is list:
        return [decode_value(v) for v in obj]
    if type(obj) is dict and len(obj) == 1:
        (tag, inner), = obj.items()
        if tag == "bool" and type(inner) is bool:
            return inner
        if tag == "float" and type(inner) is str:
            try:
                return float.fromhex(inner)
            except ValueError:
                pass
        elif tag == "tuple" and type(inner) is list:
            return tuple(decode_value(v) for v in inner)
        elif tag == "dict" and type(inner) is dict:
            return {k: decode_value(v) for k, v in inner.items()}
    raise InvalidValueError(f"{obj!r} is not an encoded value (a str, int, null, list or one of "
                            "the tags 'bool', 'float', 'tuple', 'dict')")


def encode_keys(keys: Sequence[Hashable], population: str) -> List[Any]:
    """The JSON list of a population's keys.

    Examples
    --------
    >>> encode_keys(["a", 2, ("b", 3)], "in")
    ['a', 2, {'tuple': ['b', 3]}]
    """
    return [encode_value(k, f"key {i} of population {population!r}")
            for i, k in enumerate(keys)]


def decode_keys(obj: Any, size: Optional[int] = None) -> Tuple[Hashable, ...]:
    """The keys encoded by :func:`encode_keys`, checked to be ``size`` hashable values.

    Examples
    --------
    >>> decode_keys(['a', 2, {'tuple': ['b', 3]}], 3)
    ('a', 2, ('b', 3))
    """
    if type(obj) is not list or (size is not None and len(obj) != size):
        length = len(obj) if type(obj) is list else None
        raise InvalidValueError(f"keys must be a list of {size} encoded keys, got "
                                f"{type(obj).__name__} of length {length}")
    keys = tuple(decode_value(k) for k in obj)
    for k in keys:
        try:
            hash(k)
        except TypeError:
            raise InvalidValueError(f"key {k!r} is not hashable") from None
    return keys
