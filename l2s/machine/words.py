"""Bit layouts of the memory words a CRI core holds (see ``docs/hardware-image.md``).

Each word has one formula pair here: ``*_bits`` builds it from its fields
(plain integer arithmetic, so it runs on Python ints, numpy arrays and, once
wrapped in ``numba.njit``, inside compiled kernels) and a decoder takes it
apart; the ``encode_*`` functions apply the formulas to arrays. The image
builder, the emulator, the command stream and ``describe`` all go through
these, so a word means the same thing everywhere. A field's width or place
is changed here and nowhere else.

HBM (256-bit rows of eight 32-bit words, per core):

- pointer: ``[31:23]`` length in rows, ``[22:0]`` absolute start row;
- local synapse (opcode ``000``): ``[28:16]`` target row of the neuron
  group (column) given by the word's slot, ``[15:0]`` signed weight;
- route word (opcode ``001`` inter-core, ``010`` inter-FPGA): ``[27:22]``
  destination FPGA (``010`` only, else 0), ``[21:17]`` destination core on
  that FPGA, ``[16:0]`` relay axon on that core;
- spike-out word (opcode ``100``): ``[16:0]`` core-local neuron index.

The slot of a word decides the column its synapse addresses:
:func:`slot_of_column` and :func:`column_of_slot` are that mapping, once.

URAM (72-bit words, held as three uint32: bits 0-31, 32-63, 64-71):

- parameters, one word per neuron: ``[35:0]`` threshold (36-bit two's
  complement), ``[37:36]`` model code, ``[43:38]`` leak shift, ``[49:44]``
  noise shift (6-bit two's complement, -16..19; written only when ``[50]``
  is set, else 0), ``[50]`` noise enable, ``[51]`` compare mode (0: the
  ``l2s-2022`` step, ``V > threshold`` then the model's update; 1: the
  ``hs-2024`` step, ``V >= threshold`` then every neuron leaks). An
  ``l2s-2022`` word without noise has bits 44-71 zero, as before these
  fields existed.
"""
from __future__ import annotations

from typing import Any, Tuple

import numpy as np

from .geometry import COLUMNS, ROWS_PER_GROUP, SYN_BASE

__all__ = ["START_ROW_BITS", "LENGTH_BITS", "OP_SYNAPSE", "OP_INTER_CORE", "OP_INTER_FPGA",
           "OP_SPIKE_OUT", "MAX_ROWS", "MAX_POINTER_ROWS", "MAX_SLOTS", "MAX_FPGAS",
           "MAX_CORES_PER_FPGA", "MAX_TARGET_ROWS", "pointer_bits", "pointer_fields",
           "synapse_bits", "route_bits", "spike_out_bits", "encode_pointer", "decode_pointer",
           "opcode", "encode_synapse", "decode_synapse", "encode_route", "decode_route",
           "encode_spike_out", "decode_spike_out", "encode_params", "decode_params",
           "slot_of_column", "column_of_slot", "row_in_group", "synapse_target"]

#: Width of a pointer's start-row field; start rows are absolute rows.
START_ROW_BITS = 23
#: Width of a pointer's length field (in rows).
LENGTH_BITS = 9
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
#: Neuron rows of a column a local synapse word can address (13-bit target row).
MAX_TARGET_ROWS = 2 ** 13

_OPCODE_SHIFT = 29
_ROW_SHIFT = 16
_CORE_SHIFT = 17
_FPGA_SHIFT = 22
_PARAM_BITS = 36
_LEAK_SHIFT = _PARAM_BITS + 2
_NOISE_SHIFT_SHIFT = _LEAK_SHIFT + 6
_NOISE_BIT = _NOISE_SHIFT_SHIFT + 6
_MODE_BIT = _NOISE_BIT + 1
#: Slots of a row group that sit in one of its rows.
_SLOTS_PER_ROW = COLUMNS // ROWS_PER_GROUP
_U32 = np.uint32


def _i64(values: Any) -> np.ndarray:
    return np.asarray(values, dtype=np.int64)


def _u32(values: Any) -> np.ndarray:
    return np.asarray(values, dtype=np.int64).astype(_U32)


# -- the formulas (ints, arrays, or numba) ---------------------------------------------

def pointer_bits(start: Any, length: Any) -> Any:
    """Pointer word (as an integer) naming ``length`` rows from absolute row ``start``.

    Examples
    --------
    >>> hex(pointer_bits(SYN_BASE + 4, 2))
    '0x1008004'
    """
    return (length << START_ROW_BITS) | start


def pointer_fields(word: Any) -> Tuple[Any, Any]:
    """``(start row, length)`` of a pointer word given as a signed integer.

    Examples
    --------
    >>> pointer_fields(0x1008004)
    (32772, 2)
    """
    return word & (MAX_ROWS - 1), word >> START_ROW_BITS


def synapse_bits(row: Any, weight: Any) -> Any:
    """Local synapse word (as an integer) onto target row ``row`` with signed ``weight``.

    Examples
    --------
    >>> hex(synapse_bits(3, -2))
    '0x3fffe'
    """
    return (OP_SYNAPSE << _OPCODE_SHIFT) | (row << _ROW_SHIFT) | (weight & 0xFFFF)


def route_bits(fpga: Any, core: Any, slot: Any, same_fpga: Any) -> Any:
    """Route word (as an integer) to relay axon ``slot`` of ``core`` on ``fpga``.

    ``same_fpga`` is 0 or 1: 1 gives the inter-core opcode and no FPGA field,
    0 the inter-FPGA opcode.

    Examples
    --------
    >>> hex(route_bits(1, 2, 5, 0)), hex(route_bits(1, 2, 5, 1))
    ('0x40440005', '0x20040005')
    """
    return (((OP_INTER_FPGA - same_fpga) << _OPCODE_SHIFT)
            | ((fpga * (1 - same_fpga)) << _FPGA_SHIFT) | (core << _CORE_SHIFT) | slot)


def spike_out_bits(local: Any) -> Any:
    """Spike-out word (as an integer) reporting core-local neuron ``local``.

    Examples
    --------
    >>> hex(spike_out_bits(17))
    '0x80000011'
    """
    return (OP_SPIKE_OUT << _OPCODE_SHIFT) | local


# -- the slot <-> column mapping -------------------------------------------------------

def slot_of_column(column: Any) -> Tuple[Any, Any]:
    """``(row within the row group, word within the row)`` of the slot addressing ``column``.

    Examples
    --------
    >>> slot_of_column(3), slot_of_column(12)
    ((0, 3), (1, 4))
    """
    return column // _SLOTS_PER_ROW, column % _SLOTS_PER_ROW


def column_of_slot(row: Any, word: Any) -> Any:
    """Column addressed by word ``word`` of row ``row`` (within its row group) of a group.

    Inverse of :func:`slot_of_column`.

    Examples
    --------
    >>> column_of_slot(1, 4), column_of_slot(*slot_of_column(9))
    (12, 9)
    """
    return row * _SLOTS_PER_ROW + word


def row_in_group(row: Any) -> Any:
    """Position of absolute synapse row ``row`` within its row group.

    Row groups start at ``SYN_BASE`` and follow each other, so this is a
    function of the absolute row alone.

    Examples
    --------
    >>> row_in_group(SYN_BASE), row_in_group(SYN_BASE + 3)
    (0, 1)
    """
    return (row - SYN_BASE) % ROWS_PER_GROUP


# -- array encoders and decoders -------------------------------------------------------

def encode_pointer(start: Any, length: Any) -> np.ndarray:
    """Pointer words: ``length`` rows from absolute row ``start``.

    Examples
    --------
    >>> hex(int(encode_pointer(SYN_BASE + 4, 2)))
    '0x1008004'
    >>> [int(x) for x in decode_pointer(encode_pointer(SYN_BASE + 4, 2))]
    [32772, 2]
    """
    return _u32(pointer_bits(_i64(start), _i64(length)))


def decode_pointer(words: Any) -> Tuple[np.ndarray, np.ndarray]:
    """``(start row, length in rows)`` of pointer words, as int64.

    Examples
    --------
    >>> [int(x) for x in decode_pointer(0x1008004)]
    [32772, 2]
    """
    return pointer_fields(_i64(words))


def opcode(words: Any) -> np.ndarray:
    """The 3-bit opcode ``[31:29]`` of synapse-region words (int64).

    Examples
    --------
    >>> opcode([encode_synapse(1, -1), encode_spike_out(7)]).tolist()
    [0, 4]
    """
    return np.asarray(words, dtype=np.int64) >> _OPCODE_SHIFT


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
    return _u32(synapse_bits(_i64(row), _i64(weight)))


def decode_synapse(words: Any) -> Tuple[np.ndarray, np.ndarray]:
    """``(target row, weight)`` of local synapse words, as int64.

    Examples
    --------
    >>> [int(x) for x in decode_synapse(0x3fffe)]
    [3, -2]
    """
    words = np.asarray(words, dtype=np.int64)
    return (words >> _ROW_SHIFT) & (MAX_TARGET_ROWS - 1), ((words & 0xFFFF) ^ 0x8000) - 0x8000


def synapse_target(words: Any, row: Any, word: Any) -> np.ndarray:
    """Core-local neuron index that local synapse ``words`` address from their slots.

    The word holds the target's row; its slot (``row`` within the row group,
    ``word`` within the row) gives the column.

    Examples
    --------
    >>> synapse_target(encode_synapse(3, -2), 1, 4).tolist()
    60
    """
    target_row, _ = decode_synapse(words)
    return target_row * COLUMNS + column_of_slot(row, word)


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
    return _u32(route_bits(_i64(fpga), _i64(core), _i64(slot), _i64(same_fpga)))


def decode_route(words: Any, own_fpga: Any) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(fpga, core, slot)`` of route words read on an FPGA ``own_fpga``.

    Examples
    --------
    >>> [int(x) for x in decode_route(0x20040005, own_fpga=2)]
    [2, 2, 5]
    """
    words = np.asarray(words, dtype=np.int64)
    fpga = np.where(opcode(words) == OP_INTER_CORE, own_fpga,
                    (words >> _FPGA_SHIFT) & (MAX_FPGAS - 1))
    return (fpga, (words >> _CORE_SHIFT) & (MAX_CORES_PER_FPGA - 1), words & (MAX_SLOTS - 1))


def encode_spike_out(local: Any) -> np.ndarray:
    """Spike-out words reporting the core-local neuron ``local`` to the host.

    Examples
    --------
    >>> hex(int(encode_spike_out(17)))
    '0x80000011'
    >>> int(decode_spike_out(encode_spike_out(17)))
    17
    """
    return _u32(spike_out_bits(_i64(local)))


def decode_spike_out(words: Any) -> np.ndarray:
    """Core-local neuron index ``[16:0]`` of spike-out words (int64).

    Examples
    --------
    >>> int(decode_spike_out(0x80000011))
    17
    """
    return np.asarray(words, dtype=np.int64) & (MAX_SLOTS - 1)


def encode_params(threshold: Any, model: Any, leak: Any, shift: Any = 0,
                  noise: bool = False, hs: bool = False) -> np.ndarray:
    """URAM parameter words, shape ``(n, 3)`` uint32 (bits 0-31, 32-63, 64-71).

    ``shift`` is written only with ``noise`` (the network draws noise);
    ``hs`` sets the compare-mode bit of the ``hs-2024`` semantics.

    Examples
    --------
    >>> words = encode_params([-5, 2 ** 34 - 1], [1, 2], [3, 0])
    >>> [[hex(int(w)) for w in row] for row in words]
    [['0xfffffffb', '0xdf', '0x0'], ['0xffffffff', '0x23', '0x0']]
    >>> [a.tolist() for a in decode_params(words)]
    [[-5, 17179869183], [1, 2], [3, 0]]
    >>> hs = encode_params([4], [1], [2], shift=[-3], noise=True, hs=True)
    >>> [hex(int(w)) for w in hs[0]], [a.tolist() for a in decode_params(hs, extended=True)]
    (['0x4', '0xfd090', '0x0'], [[4], [1], [2], [-3], [True], [True]])
    """
    n = np.broadcast(np.asarray(threshold), np.asarray(model), np.asarray(leak)).size
    shift_field = (np.asarray(shift, dtype=np.int64) & 63) if noise else 0
    bits = ((np.asarray(threshold, dtype=np.int64) & (2 ** _PARAM_BITS - 1))
            | (np.asarray(model, dtype=np.int64) << _PARAM_BITS)
            | (np.asarray(leak, dtype=np.int64) << _LEAK_SHIFT)
            | (shift_field << _NOISE_SHIFT_SHIFT)
            | (int(bool(noise)) << _NOISE_BIT) | (int(bool(hs)) << _MODE_BIT))
    bits = np.broadcast_to(bits, (n,)).reshape(-1)
    words = np.zeros((bits.size, 3), dtype=_U32)
    words[:, 0] = (bits & 0xFFFFFFFF).astype(_U32)
    words[:, 1] = (bits >> 32).astype(_U32)
    return words


def decode_params(words: Any, extended: bool = False) -> Tuple[np.ndarray, ...]:
    """``(threshold int64, model uint8, leak uint8)`` of URAM parameter words.

    With ``extended`` also ``(shift int8, noise bool, hs bool)``: the noise
    shift field (0 where the noise bit is clear), the noise-enable bit and
    the compare-mode bit (``hs-2024``).

    Examples
    --------
    >>> [a.tolist() for a in decode_params([[0xfffffffb, 0xdf, 0]])]
    [[-5], [1], [3]]
    >>> [a.tolist() for a in decode_params([[0xfffffffb, 0xdf, 0]], extended=True)[3:]]
    [[0], [False], [False]]
    """
    words = np.asarray(words, dtype=np.int64).reshape(-1, 3)
    bits = words[:, 0] | (words[:, 1] << 32)
    raw = bits & (2 ** _PARAM_BITS - 1)
    threshold = raw - ((raw >> (_PARAM_BITS - 1)) << _PARAM_BITS)
    model = ((bits >> _PARAM_BITS) & 3).astype(np.uint8)
    leak = ((bits >> _LEAK_SHIFT) & 63).astype(np.uint8)
    if not extended:
        return threshold, model, leak
    noise = ((bits >> _NOISE_BIT) & 1).astype(bool)
    field = (bits >> _NOISE_SHIFT_SHIFT) & 63
    shift = (field - ((field >> 5) << 6)).astype(np.int8)
    return threshold, model, leak, shift, noise, ((bits >> _MODE_BIT) & 1).astype(bool)
