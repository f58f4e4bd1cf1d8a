"""Bit layouts of the memory words a CRI core holds (see ``docs/hardware-image.md``).

Every encoder takes and returns numpy arrays (scalars work too) and has a
decoder that inverts it; the image builder, the emulator, the command stream
and ``describe`` all go through these functions, so a word means the same
thing everywhere.

HBM (256-bit rows of eight 32-bit words, per core):

- pointer: ``[31:23]`` length in rows, ``[22:0]`` absolute start row;
- local synapse (opcode ``000``): ``[28:16]`` target row of the neuron
  group (column) given by the word's slot, ``[15:0]`` signed weight;
- route word (opcode ``001`` inter-core, ``010`` inter-FPGA): ``[27:22]``
  destination FPGA (``010`` only, else 0), ``[21:17]`` destination core on
  that FPGA, ``[16:0]`` relay axon on that core;
- spike-out word (opcode ``100``): ``[16:0]`` core-local neuron index.

URAM (72-bit words, held as three uint32: bits 0-31, 32-63, 64-71):

- parameters, one word per neuron: ``[35:0]`` threshold (36-bit two's
  complement), ``[37:36]`` model code, ``[43:38]`` leak shift.
"""
from __future__ import annotations

from typing import Any, Tuple

import numpy as np

from ..partition.spec import COLUMNS, LENGTH_BITS, ROWS_PER_GROUP, START_ROW_BITS, SYN_BASE

__all__ = ["AXN_BASE", "NRN_BASE", "SYN_BASE", "WORDS_PER_ROW", "COLUMNS", "ROWS_PER_GROUP",
           "OP_SYNAPSE", "OP_INTER_CORE", "OP_INTER_FPGA", "OP_SPIKE_OUT", "MAX_ROWS",
           "MAX_POINTER_ROWS", "MAX_SLOTS", "MAX_FPGAS", "MAX_CORES_PER_FPGA",
           "encode_pointer", "decode_pointer", "opcode", "encode_synapse", "decode_synapse",
           "encode_route", "decode_route", "encode_spike_out", "decode_spike_out",
           "encode_params", "decode_params"]

#: First row of the axon pointers, of the neuron pointers (HARDWARE.md).
AXN_BASE = 0
NRN_BASE = 2 ** 14
#: 32-bit words per 256-bit HBM row.
WORDS_PER_ROW = 8
#: Synapse-word opcodes (``[31:29]``); any opcode ``1xx`` is a spike-out word.
OP_SYNAPSE, OP_INTER_CORE, OP_INTER_FPGA, OP_SPIKE_OUT = 0, 1, 2, 4
#: One past the last HBM row a pointer can address (23-bit absolute start row).
MAX_ROWS = 2 ** START_ROW_BITS
#: Most rows one pointer spans (9-bit length).
MAX_POINTER_ROWS = 2 ** LENGTH_BITS - 1
#: Axon slots and neuron slots per core (17-bit addresses).
MAX_SLOTS = 2 ** 17
#: Widths of the destination fields of a route word.
MAX_FPGAS = 2 ** 6
MAX_CORES_PER_FPGA = 2 ** 5

_U32 = np.uint32
_TARGET_ROWS = 2 ** 13
_PARAM_BITS = 36


def _i64(values: Any) -> np.ndarray:
    return np.asarray(values, dtype=np.int64)


def _u32(values: Any) -> np.ndarray:
    return np.asarray(values, dtype=np.int64).astype(_U32)


def _pointer_bits(start, length):
    return (length << START_ROW_BITS) | start


def _pointer_fields(word):
    return word & (MAX_ROWS - 1), word >> START_ROW_BITS


def _synapse_bits(row, weight):
    return (OP_SYNAPSE << 29) | (row << 16) | (weight & 0xFFFF)


def _route_bits(fpga, core, slot, same_fpga):
    # same_fpga is 0 or 1: inter-core opcode and no FPGA field, else inter-FPGA.
    return ((OP_INTER_FPGA - same_fpga) << 29) | ((fpga * (1 - same_fpga)) << 22) | (core << 17) \
        | slot


def _spike_out_bits(local):
    return (OP_SPIKE_OUT << 29) | local


# The ``_*_bits`` formulas above are the one definition of each word: the
# encoders below apply them to int64 arrays, the image builder compiles them.


def encode_pointer(start: Any, length: Any) -> np.ndarray:
    """Pointer words: ``length`` rows from absolute row ``start``.

    Examples
    --------
    >>> hex(int(encode_pointer(SYN_BASE + 4, 2)))
    '0x1008004'
    >>> [int(x) for x in decode_pointer(encode_pointer(SYN_BASE + 4, 2))]
    [32772, 2]
    """
    return _u32(_pointer_bits(_i64(start), _i64(length)))


def decode_pointer(words: Any) -> Tuple[np.ndarray, np.ndarray]:
    """``(start row, length in rows)`` of pointer words, as int64."""
    return _pointer_fields(_i64(words))


def opcode(words: Any) -> np.ndarray:
    """The 3-bit opcode ``[31:29]`` of synapse-region words (int64).

    Examples
    --------
    >>> opcode([encode_synapse(1, -1), encode_spike_out(7)]).tolist()
    [0, 4]
    """
    return np.asarray(words, dtype=np.int64) >> 29


def encode_synapse(row: Any, weight: Any) -> np.ndarray:
    """Local synapse words onto neuron-group row ``row`` with signed 16-bit ``weight``.

    The target's column is not in the word: it is the slot the word sits in.

    Examples
    --------
    >>> hex(int(encode_synapse(3, -2)))
    '0x3fffe'
    >>> [int(x) for x in decode_synapse(encode_synapse(3, -2))]
    [3, -2]
    """
    return _u32(_synapse_bits(_i64(row), _i64(weight)))


def decode_synapse(words: Any) -> Tuple[np.ndarray, np.ndarray]:
    """``(target row, weight)`` of local synapse words, as int64."""
    words = np.asarray(words, dtype=np.int64)
    return (words >> 16) & (_TARGET_ROWS - 1), ((words & 0xFFFF) ^ 0x8000) - 0x8000


def encode_route(fpga: Any, core: Any, slot: Any, same_fpga: Any) -> np.ndarray:
    """Route words sending a spike to relay axon ``slot`` of ``core`` on ``fpga``.

    ``same_fpga`` selects the inter-core opcode (the FPGA field is then 0)
    over the inter-FPGA one.

    Examples
    --------
    >>> hex(int(encode_route(1, 2, 5, False)))
    '0x40440005'
    >>> [int(x) for x in decode_route(encode_route(1, 2, 5, False), own_fpga=0)]
    [1, 2, 5]
    >>> [int(x) for x in decode_route(encode_route(0, 2, 5, True), own_fpga=3)]
    [3, 2, 5]
    """
    return _u32(_route_bits(_i64(fpga), _i64(core), _i64(slot), _i64(same_fpga)))


def decode_route(words: Any, own_fpga: Any) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(fpga, core, slot)`` of route words read on an FPGA ``own_fpga``."""
    words = np.asarray(words, dtype=np.int64)
    fpga = np.where(opcode(words) == OP_INTER_CORE, own_fpga, (words >> 22) & (MAX_FPGAS - 1))
    return fpga, (words >> 17) & (MAX_CORES_PER_FPGA - 1), words & (MAX_SLOTS - 1)


def encode_spike_out(local: Any) -> np.ndarray:
    """Spike-out words reporting the core-local neuron ``local`` to the host.

    Examples
    --------
    >>> hex(int(encode_spike_out(17)))
    '0x80000011'
    """
    return _u32(_spike_out_bits(_i64(local)))


def decode_spike_out(words: Any) -> np.ndarray:
    """Core-local neuron index ``[16:0]`` of spike-out words (int64)."""
    return np.asarray(words, dtype=np.int64) & (MAX_SLOTS - 1)


def encode_params(threshold: Any, model: Any, leak: Any) -> np.ndarray:
    """URAM parameter words, shape ``(n, 3)`` uint32 (bits 0-31, 32-63, 64-71).

    Examples
    --------
    >>> words = encode_params([-5, 2 ** 34 - 1], [1, 2], [3, 0])
    >>> [[hex(int(w)) for w in row] for row in words]
    [['0xfffffffb', '0xdf', '0x0'], ['0xffffffff', '0x23', '0x0']]
    >>> [a.tolist() for a in decode_params(words)]
    [[-5, 17179869183], [1, 2], [3, 0]]
    """
    bits = ((np.asarray(threshold, dtype=np.int64) & (2 ** _PARAM_BITS - 1))
            | (np.asarray(model, dtype=np.int64) << _PARAM_BITS)
            | (np.asarray(leak, dtype=np.int64) << (_PARAM_BITS + 2))).reshape(-1)
    words = np.zeros((bits.size, 3), dtype=_U32)
    words[:, 0] = (bits & 0xFFFFFFFF).astype(_U32)
    words[:, 1] = (bits >> 32).astype(_U32)
    return words


def decode_params(words: Any) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(threshold int64, model uint8, leak uint8)`` of URAM parameter words."""
    words = np.asarray(words, dtype=np.int64).reshape(-1, 3)
    bits = words[:, 0] | (words[:, 1] << 32)
    raw = bits & (2 ** _PARAM_BITS - 1)
    threshold = raw - ((raw >> (_PARAM_BITS - 1)) << _PARAM_BITS)
    model = ((bits >> _PARAM_BITS) & 3).astype(np.uint8)
    leak = ((bits >> (_PARAM_BITS + 2)) & 63).astype(np.uint8)
    return threshold, model, leak
