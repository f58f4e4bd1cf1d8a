"""The machine model: the one description of the CRI hardware that every stage uses.

- :mod:`l2s.machine.geometry`: columns, HBM rows, row groups, memory regions;
- :mod:`l2s.machine.words`: the bit layout of every memory word (one
  encode/decode pair each) and the slot <-> column mapping;
- :mod:`l2s.machine.spec`: :class:`HardwareSpec`, the FPGAs, cores and
  per-core capacities of a system;
- :mod:`l2s.machine.costs`: compiled kernels for what a source costs on a core
  (words per column, row groups, relays).

:mod:`l2s.partition` and :mod:`l2s.hw` both import this package; it imports
neither. A hardware rule is written here once.

Examples
--------
>>> from l2s.machine import HardwareSpec, encode_synapse, groups_for
>>> HardwareSpec(cores_per_fpga=2).n_cores, hex(int(encode_synapse(1, 1))), groups_for(33)
(2, '0x10001', 3)
"""
from .costs import (free_words_of, fullest_column, groups_for, heaviest_targets, owner_groups,
                    remote_cores, tally_columns, tally_cores)
from .geometry import AXN_BASE, COLUMNS, NRN_BASE, ROWS_PER_GROUP, SYN_BASE, WORDS_PER_ROW
from .spec import HardwareSpec
from .words import (LENGTH_BITS, MAX_CORES_PER_FPGA, MAX_FPGAS, MAX_POINTER_ROWS, MAX_ROWS,
                    MAX_SLOTS, MAX_TARGET_ROWS, OP_INTER_CORE, OP_INTER_FPGA, OP_SPIKE_OUT,
                    OP_SYNAPSE, START_ROW_BITS, column_of_slot, decode_params, decode_pointer,
                    decode_route, decode_spike_out, decode_synapse, encode_params,
                    encode_pointer, encode_route, encode_spike_out, encode_synapse, opcode,
                    pointer_bits, pointer_fields, route_bits, row_in_group, slot_of_column,
                    spike_out_bits, synapse_bits, synapse_target)

__all__ = ["HardwareSpec", "COLUMNS", "ROWS_PER_GROUP", "WORDS_PER_ROW", "AXN_BASE", "NRN_BASE",
           "SYN_BASE", "START_ROW_BITS", "LENGTH_BITS", "OP_SYNAPSE", "OP_INTER_CORE",
           "OP_INTER_FPGA", "OP_SPIKE_OUT", "MAX_ROWS", "MAX_POINTER_ROWS", "MAX_SLOTS",
           "MAX_FPGAS", "MAX_CORES_PER_FPGA", "MAX_TARGET_ROWS", "pointer_bits", "pointer_fields",
           "synapse_bits", "route_bits", "spike_out_bits", "encode_pointer", "decode_pointer",
           "opcode", "encode_synapse", "decode_synapse", "encode_route", "decode_route",
           "encode_spike_out", "decode_spike_out", "encode_params", "decode_params",
           "slot_of_column", "column_of_slot", "row_in_group", "synapse_target", "groups_for",
           "owner_groups", "free_words_of", "remote_cores", "tally_cores", "tally_columns",
           "fullest_column", "heaviest_targets"]
