"""A software prefetch usable inside numba-compiled code.

Synapse rows of the neurons that fired sit at random places in memory; the
kernel asks for the rows it will read a few sources ahead so that their
cache misses overlap with useful work instead of stalling it. A prefetch is
a hint only: it never changes a result.
"""
from __future__ import annotations

from llvmlite import ir
from numba.core import cgutils, types
from numba.extending import intrinsic

__all__ = ["prefetch"]

_I32 = ir.IntType(32)
_VOIDPTR = ir.IntType(8).as_pointer()


@intrinsic
def prefetch(typingctx, array, index):
    """Hint the CPU to load ``array[index]`` into cache (read, high locality)."""
    signature = types.void(array, index)

    def codegen(context, builder, sig, args):
        array_type = sig.args[0]
        ary = context.make_array(array_type)(context, builder, args[0])
        pointer = cgutils.get_item_pointer(context, builder, array_type, ary, [args[1]],
                                           wraparound=False)
        fnty = ir.FunctionType(ir.VoidType(), [_VOIDPTR, _I32, _I32, _I32])
        fn = builder.module.declare_intrinsic("llvm.prefetch", [_VOIDPTR], fnty)
        # (address, rw = read, locality = 3 (keep in all levels), cache type = data)
        builder.call(fn, [builder.bitcast(pointer, _VOIDPTR), ir.Constant(_I32, 0),
                          ir.Constant(_I32, 3), ir.Constant(_I32, 1)])
        return context.get_dummy_value()

    return signature, codegen
