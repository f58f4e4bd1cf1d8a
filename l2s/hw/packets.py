"""The host command packet: 512 bytes, a 4-word header and 124 payload words.

A packet is 128 little-endian 32-bit words::

    word 0   [7:0] opcode  [15:8] FPGA  [23:16] core (0xFF: every core)  [31:24] format version
    word 1   address (HBM row, core-local neuron index; by opcode)
    word 2   count (rows, words or slots in the payload; steps for STEP)
    word 3   reserved, 0
    4..127   payload, unused words 0

See ``docs/hardware-image.md`` for what each opcode carries.
"""
from __future__ import annotations

from typing import Any, List, NamedTuple, Union

import numpy as np

from .._validation import as_array, check_choice, check_int, fail
from ..errors import InvalidValueError

__all__ = ["PACKET_BYTES", "PACKET_WORDS", "PAYLOAD_WORDS", "PACKET_VERSION", "ALL_CORES",
           "OPCODES", "Packet", "make_packets", "decode_packets"]

PACKET_BYTES = 512
PACKET_WORDS = PACKET_BYTES // 4
_HEADER_WORDS = 4
PAYLOAD_WORDS = PACKET_WORDS - _HEADER_WORDS
PACKET_VERSION = 1
#: Core field of a packet addressed to every core of its FPGA.
ALL_CORES = 0xFF

#: Opcode of every command, and the words of one payload item.
OPCODES = {
    "CONFIGURE": 0x01,       # payload: neuron slots, axon slots of the core
    "WRITE_HBM": 0x02,       # address: first absolute row; items: rows of 8 words
    "WRITE_PARAMS": 0x03,    # address: first neuron; items: URAM words of 3 uint32
    "CLEAR": 0x04,           # set every potential of the core to 0
    "INPUT": 0x10,           # items: active axon slots of the coming step (repeats count)
    "STEP": 0x11,            # count: steps to run; core ALL_CORES
    "READ_POTENTIALS": 0x20,  # address: first neuron; count: neurons
    "READ_HBM": 0x21,        # address: first absolute row; count: rows
}
_NAMES = {code: name for name, code in OPCODES.items()}
#: Words per payload item of the commands that carry items.
_ITEM_WORDS = {"CONFIGURE": 1, "WRITE_HBM": 8, "WRITE_PARAMS": 3, "INPUT": 1}
_WORD_MAX = 2 ** 32 - 1


def _words(values: Any, name: str) -> np.ndarray:
    """``values`` as uint32 after checking every entry is an integer in ``[0, 2**32)``."""
    arr = as_array(values, name, "iu")
    if arr.size and (int(arr.min()) < 0 or int(arr.max()) > _WORD_MAX):
        raise fail(name, values, f"must hold 32-bit words in [0, {_WORD_MAX}]")
    return arr.astype(np.uint32)


class Packet(NamedTuple):
    """One decoded packet (:func:`decode_packets`): its command and its payload items.

    Examples
    --------
    >>> packet, = decode_packets(make_packets("STEP", 0, 255, count=3))
    >>> packet.opcode, packet.fpga, packet.core, packet.count
    ('STEP', 0, 255, 3)
    """

    opcode: str
    fpga: int
    core: int
    address: int
    count: int
    payload: np.ndarray


def make_packets(opcode: str, fpga: int, core: int, address: int = 0, items: Any = None,
                 count: int = 0) -> np.ndarray:
    """Packets of one command, shape ``(n, 128)`` uint32.

    ``items`` (an ``(n, k)`` array, or 1-D for ``k = 1``) are split over as
    many packets as needed, ``124 // k`` per packet; each packet's address
    advances by the items before it and its count is its number of items.
    Without items one packet carries ``address`` and ``count``.

    Examples
    --------
    >>> p = make_packets("WRITE_HBM", 0, 3, address=2 ** 15, items=np.ones((20, 8), np.uint32))
    >>> p.shape, [hex(int(w)) for w in p[1, :4]]
    ((2, 128), ['0x1030002', '0x800f', '0x5', '0x0'])
    """
    code = OPCODES[check_choice(opcode, "opcode", tuple(OPCODES))]
    fpga, core = check_int(fpga, "fpga", 0, 0xFF), check_int(core, "core", 0, 0xFF)
    address = check_int(address, "address", 0, _WORD_MAX)
    count = check_int(count, "count", 0, _WORD_MAX)
    header = code | (fpga << 8) | (core << 16) | (PACKET_VERSION << 24)
    if items is None:
        packets = np.zeros((1, PACKET_WORDS), dtype=np.uint32)
        packets[0, :3] = header, address, count
        return packets
    if opcode not in _ITEM_WORDS:
        raise fail("items", items, f"must be None for {opcode}, which carries no items")
    items, width = _words(items, "items"), _ITEM_WORDS[opcode]
    if items.ndim not in (1, 2) or items.ndim == 1 and width != 1 or \
            items.ndim == 2 and items.shape[1] != width:
        raise fail("items", items, f"must have shape (n, {width}) for {opcode}; got "
                   f"{items.shape}")
    items = items.reshape(items.shape[0], width)
    if address + items.shape[0] > _WORD_MAX:
        raise fail("address", address, f"plus {items.shape[0]} items must be at most {_WORD_MAX}")
    per_packet = PAYLOAD_WORDS // items.shape[1]
    n = max(1, -(-items.shape[0] // per_packet))
    packets = np.zeros((n, PACKET_WORDS), dtype=np.uint32)
    first = np.arange(n) * per_packet
    packets[:, 0] = header
    packets[:, 1] = address + first
    packets[:, 2] = np.minimum(per_packet, items.shape[0] - first)
    payload = np.zeros((n * per_packet, items.shape[1]), dtype=np.uint32)
    payload[:items.shape[0]] = items
    packets[:, _HEADER_WORDS:_HEADER_WORDS + per_packet * items.shape[1]] = payload.reshape(n, -1)
    return packets


def decode_packets(data: Union[bytes, np.ndarray]) -> List[Packet]:
    """Decode a command stream (bytes or an ``(n, 128)`` uint32 array) packet by packet.

    The payload of each :class:`Packet` is cut to its items (``count``
    items of the opcode's width).

    Examples
    --------
    >>> [p.opcode for p in decode_packets(make_packets("STEP", 0, ALL_CORES, count=1))]
    ['STEP']
    """
    if isinstance(data, (bytes, bytearray)):
        if len(data) % 4:
            raise fail("len(data)", len(data), f"must be a whole number of {PACKET_BYTES}-byte "
                       "packets")
        words = np.frombuffer(data, dtype="<u4")
    else:
        words = _words(data, "data").reshape(-1)
    if words.size % PACKET_WORDS:
        raise InvalidValueError(f"a command stream is a whole number of {PACKET_BYTES}-byte "
                                f"packets, got {words.size * 4} bytes")
    packets = []
    for row in words.reshape(-1, PACKET_WORDS):
        header = int(row[0])
        code, version = header & 0xFF, header >> 24
        if code not in _NAMES or version != PACKET_VERSION:
            raise InvalidValueError(f"unknown packet header {header:#010x} (opcode {code:#x}, "
                                    f"version {version})")
        name, count = _NAMES[code], int(row[2])
        width = _ITEM_WORDS.get(name, 0)
        payload = row[_HEADER_WORDS:_HEADER_WORDS + count * width].reshape(-1, max(width, 1))
        packets.append(Packet(name, (header >> 8) & 0xFF, (header >> 16) & 0xFF, int(row[1]),
                              count, payload.copy()))
    return packets
