"""CPython's object layout, read from compiled code: the items of lists and tuples, ints.

What this reads is fixed for 64-bit CPython builds with the GIL
(``Include/object.h``, ``listobject.h``, ``tupleobject.h``,
``longintrepr.h``). :data:`LAYOUT_KNOWN` tells whether the running
interpreter is such a build; callers also try the reading once on objects
they know before trusting it, and take Python's own reading otherwise.
Compiled code that reads objects must hold the GIL (no ``nogil``), so that
nothing changes them meanwhile.
"""
from __future__ import annotations

import functools
import sys
import sysconfig
from typing import Any, Callable, Sequence

import numba
import numpy as np
from llvmlite import ir
from numba.core import types
from numba.extending import intrinsic

__all__ = ["TYPE", "SIZE", "ITEMS", "TAGGED_INTS", "LAYOUT_KNOWN", "STR_LENGTH", "STR_STATE",
           "ASCII_DATA", "peek64", "peek32", "peek8", "item_addresses", "read_items",
           "reads_sequences", "ascii_length", "reads_strings"]

#: Offset of ``ob_type`` and of ``ob_size`` (an int's digit count and sign; from 3.12 ``lv_tag``).
TYPE, SIZE = 8, 16
#: Offset of a list's ``ob_item`` pointer, of a tuple's items and of an int's first 30-bit digit.
ITEMS = 24
#: Whether ints hold ``lv_tag = ndigits << 3 | sign`` (3.12+) instead of a signed ``ob_size``.
TAGGED_INTS = sys.version_info >= (3, 12)
#: Offsets of a str's length and of its state bits (``Include/cpython/unicodeobject.h``).
STR_LENGTH, STR_STATE = 16, 32
#: Where a compact ASCII str's characters start: after its header, which is what an empty
#: str occupies less its closing NUL (48 bytes up to 3.11, 40 from 3.12).
ASCII_DATA = sys.getsizeof("") - 1
#: The state bits ``kind`` (2-4), ``compact`` (5) and ``ascii`` (6), and their values in a
#: compact ASCII str: one byte per character, stored right after the header.
_STR_FORM_BITS, _COMPACT_ASCII = 0b1111100, 0b1100100
#: Whether this interpreter has that layout (Py_TRACE_REFS builds, which have
#: ``sys.getobjects``, add two pointers to every object; free-threaded builds
#: change the header and let lists change while compiled code reads them).
LAYOUT_KNOWN = (sys.implementation.name == "cpython" and sys.maxsize == 2 ** 63 - 1
                and sys.byteorder == "little" and not hasattr(sys, "getobjects")
                and not sysconfig.get_config_var("Py_GIL_DISABLED")
                and (sys.int_info.bits_per_digit, sys.int_info.sizeof_digit) == (30, 4))


def _peek(bits: int) -> Callable:
    """A compiled-code-only function reading the ``bits``-bit word at an address (int64)."""
    @intrinsic
    def peek(typingctx, address):
        def codegen(context, builder, signature, args):
            pointer = builder.inttoptr(args[0], ir.IntType(bits).as_pointer())
            return builder.zext(builder.load(pointer), ir.IntType(64))
        return types.int64(types.int64), codegen
    return peek


peek64, peek32, peek8 = _peek(64), _peek(32), _peek(8)


@numba.njit(cache=True, inline="always")
def ascii_length(address):
    """Length of the exact str at ``address`` if it is compact ASCII, else -1.

    Its characters are then the bytes from ``address + ASCII_DATA`` on.
    Compiled callers only, and only when :func:`reads_strings`.
    """
    if peek32(address + STR_STATE) & _STR_FORM_BITS != _COMPACT_ASCII:
        return -1
    return peek64(address + STR_LENGTH)


@numba.njit(cache=True)
def _ascii_text(address, out):
    """The characters of the str at ``address`` into ``out``; its length, or -1 (see above)."""
    n = ascii_length(address)
    for i in range(min(n, out.size)):
        out[i] = peek8(address + ASCII_DATA + i)
    return n


@numba.njit(cache=True)
def read_items(sequence, in_list, out):
    """The item pointers of the list (``in_list``) or tuple at address ``sequence``, into ``out``.

    ``out.size`` must be the sequence's length. Compiled callers only, and
    only when :func:`reads_sequences`.
    """
    items = sequence + ITEMS
    if in_list:
        items = peek64(items)
    for j in range(out.size):
        out[j] = peek64(items + 8 * j)


def _read_addresses(sequence: Any) -> np.ndarray:
    out = np.empty(len(sequence), dtype=np.int64)
    read_items(id(sequence), type(sequence) is list, out)
    return out


@functools.lru_cache(maxsize=None)
def reads_sequences() -> bool:
    """Whether :func:`read_items` reads this interpreter's lists and tuples right (tried once)."""
    known = ["a", 7, ("t",), None]
    return LAYOUT_KNOWN and all(_read_addresses(form(known)).tolist() == [id(k) for k in known]
                                for form in (list, tuple))


@functools.lru_cache(maxsize=None)
def reads_strings() -> bool:
    """Whether :func:`ascii_length` tells this interpreter's strs right (tried once).

    ASCII strs, made in every way a script makes them, must read back; any
    other str must be refused.
    """
    if not LAYOUT_KNOWN:
        return False
    ascii_strs = ["", "n1", "x" * 300, "".join(["a", "b"]), str(12345), "a\0b", f"n{7}"]
    others = ["é", "日本", "\ud800", "a" + chr(0x10000)]
    buffer = np.zeros(400, dtype=np.uint8)
    for text in ascii_strs:
        if _ascii_text(id(text), buffer) != len(text) or bytes(buffer[:len(text)]) != text.encode():
            return False
    return all(_ascii_text(id(text), buffer) == -1 for text in others)


def item_addresses(objects: Sequence[Any]) -> np.ndarray:
    """The ``id`` of every item of ``objects``, as int64.

    A list's or tuple's item pointers are read in place: calling ``id`` on
    each item makes a new Python int per item, whose memory is rarely in
    cache (about 0.35 us an item, against 0.05).

    Examples
    --------
    >>> keys = ["a", ("b", 1)]
    >>> item_addresses(keys).tolist() == [id(keys[0]), id(keys[1])]
    True
    """
    if type(objects) in (list, tuple) and reads_sequences():
        return _read_addresses(objects)
    return np.fromiter(map(id, objects), dtype=np.int64, count=len(objects))
