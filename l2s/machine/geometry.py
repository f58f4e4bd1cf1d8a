"""Where things sit in a CRI core: neuron columns, HBM rows, row groups and regions.

Every other rule of the machine model is written in terms of these numbers
(``HARDWARE.md``, "Geometry" and "HBM layout"). The size of a row group is
:data:`ROWS_PER_GROUP`: change it here and nowhere else.

Examples
--------
>>> COLUMNS, ROWS_PER_GROUP, WORDS_PER_ROW
(16, 2, 8)
>>> hex(AXN_BASE), hex(NRN_BASE), hex(SYN_BASE)
('0x0', '0x4000', '0x8000')
"""
from __future__ import annotations

__all__ = ["COLUMNS", "ROWS_PER_GROUP", "WORDS_PER_ROW", "AXN_BASE", "NRN_BASE", "SYN_BASE"]

#: Neuron groups (URAM banks) per core; also the slots of one HBM row group:
#: slot ``k`` of a row group can only address column ``k``.
COLUMNS = 16
#: HBM rows per row group: the hardware reads 256-bit rows in pairs (16 words).
ROWS_PER_GROUP = 2
#: 32-bit words per 256-bit HBM row.
WORDS_PER_ROW = 8
#: First row of the axon pointers, of the neuron pointers and of the synapse rows.
AXN_BASE = 0
NRN_BASE = 2 ** 14
SYN_BASE = 2 ** 15
