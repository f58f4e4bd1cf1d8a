"""Bit layouts of the memory words a CRI core holds.

Defined once in :mod:`l2s.machine.words` (and the geometry in
:mod:`l2s.machine.geometry`); re-exported here for the hardware path.
"""
from __future__ import annotations

from ..machine.geometry import AXN_BASE, COLUMNS, NRN_BASE, ROWS_PER_GROUP, SYN_BASE, WORDS_PER_ROW
from ..machine.words import (MAX_CORES_PER_FPGA, MAX_FPGAS, MAX_POINTER_ROWS, MAX_ROWS, MAX_SLOTS,
                             OP_INTER_CORE, OP_INTER_FPGA, OP_SPIKE_OUT, OP_SYNAPSE,
                             decode_params, decode_pointer, decode_route, decode_spike_out,
                             decode_synapse, encode_params, encode_pointer, encode_route,
                             encode_spike_out, encode_synapse, opcode)

__all__ = ["AXN_BASE", "NRN_BASE", "SYN_BASE", "WORDS_PER_ROW", "COLUMNS", "ROWS_PER_GROUP",
           "OP_SYNAPSE", "OP_INTER_CORE", "OP_INTER_FPGA", "OP_SPIKE_OUT", "MAX_ROWS",
           "MAX_POINTER_ROWS", "MAX_SLOTS", "MAX_FPGAS", "MAX_CORES_PER_FPGA",
           "encode_pointer", "decode_pointer", "opcode", "encode_synapse", "decode_synapse",
           "encode_route", "decode_route", "encode_spike_out", "decode_spike_out",
           "encode_params", "decode_params"]
