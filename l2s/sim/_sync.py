"""Atomic counters and a yielding wait usable inside numba-compiled code.

The kernel's threads share work through counters in one int64 array: a
thread claims the next block with :func:`claim` (compare-and-swap, so a
counter never passes its limit) and announces finished work with
:func:`atomic_add`; a thread that has nothing left waits with
:func:`wait_until`, which spins briefly and then gives its core away
(``sched_yield``) so that a thread descheduled by another process gets the
core back instead of being held up by a spinning one. All operations are
sequentially consistent: every write made before an ``atomic_add`` is seen
by a thread whose wait observed it.
"""
from __future__ import annotations

import numba
from llvmlite import ir
from numba.core import cgutils, types
from numba.extending import intrinsic

__all__ = ["atomic_add", "atomic_load", "claim", "wait_until", "SPINS_BEFORE_YIELD"]

#: Loads of a counter before a waiting thread starts yielding its core.
SPINS_BEFORE_YIELD = 256


def _pointer(context, builder, sig, args):
    array_type = sig.args[0]
    ary = context.make_array(array_type)(context, builder, args[0])
    return cgutils.get_item_pointer(context, builder, array_type, ary, [args[1]],
                                    wraparound=False)


@intrinsic
def atomic_load(typingctx, array, index):
    """``array[index]`` of an int64 array, read atomically."""
    def codegen(context, builder, sig, args):
        return builder.load_atomic(_pointer(context, builder, sig, args), "seq_cst", 8)

    return types.int64(array, index), codegen


@intrinsic
def atomic_add(typingctx, array, index, value):
    """Add ``value`` to ``array[index]`` atomically; returns the value before."""
    def codegen(context, builder, sig, args):
        value = context.cast(builder, args[2], sig.args[2], types.int64)
        return builder.atomic_rmw("add", _pointer(context, builder, sig, args), value, "seq_cst")

    return types.int64(array, index, value), codegen


@intrinsic
def _compare_and_swap(typingctx, array, index, old, new):
    """Set ``array[index]`` to ``new`` if it holds ``old``; True when it did."""
    def codegen(context, builder, sig, args):
        old = context.cast(builder, args[2], sig.args[2], types.int64)
        new = context.cast(builder, args[3], sig.args[3], types.int64)
        pair = builder.cmpxchg(_pointer(context, builder, sig, args), old, new, "seq_cst",
                               "seq_cst")
        return builder.extract_value(pair, 1)

    return types.boolean(array, index, old, new), codegen


@intrinsic
def _sched_yield(typingctx):
    """Give the core to another runnable thread (POSIX ``sched_yield``)."""
    def codegen(context, builder, sig, args):
        fn = cgutils.get_or_insert_function(builder.module, ir.FunctionType(ir.IntType(32), []),
                                            "sched_yield")
        builder.call(fn, [])
        return context.get_dummy_value()

    return types.void(), codegen


@numba.njit(cache=True, nogil=True, inline="always")
def claim(counters, slot, limit):
    """Take the next value of ``counters[slot]`` below ``limit``, or -1 when none is left."""
    while True:
        current = atomic_load(counters, slot)
        if current >= limit:
            return -1
        if _compare_and_swap(counters, slot, current, current + 1):
            return current


@numba.njit(cache=True, nogil=True, inline="always")
def wait_until(counters, slot, target):
    """Return once ``counters[slot] >= target``: spin, then yield the core while waiting."""
    spins = 0
    while atomic_load(counters, slot) < target:
        spins += 1
        if spins > SPINS_BEFORE_YIELD:
            _sched_yield()
