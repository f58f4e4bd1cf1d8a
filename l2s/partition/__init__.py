"""Partitioning and placement of compiled networks onto CRI cores.

``partition(compiled, spec)`` assigns every neuron an FPGA, core, column and
row within the capacities of a :class:`HardwareSpec`, lists the input axons
and relay axons each core holds, and measures the result in a
:class:`MappingReport`. See ``docs/partition.md`` for the choices made.
"""
from .metrics import (axons_per_core, balance, cut_fraction, hbm_rows, hbm_rows_lower_bound,
                      input_axons_per_core, inter_core_synapses, inter_fpga_synapses,
                      neurons_per_core, relays_per_core, synapse_matrix, synapses_per_core,
                      traffic_matrix)
from .compare import PlacementComparison, compare
from .methods import METHODS
from .partitioner import partition
from .placement import Placement
from .placement_file import load_placement, save_placement
from .report import MappingReport
from ..machine.spec import HardwareSpec

__all__ = ["partition", "HardwareSpec", "Placement", "MappingReport", "METHODS", "compare",
           "PlacementComparison",
           "save_placement", "load_placement",
           "synapse_matrix", "inter_core_synapses", "inter_fpga_synapses", "cut_fraction",
           "traffic_matrix", "neurons_per_core", "input_axons_per_core", "relays_per_core",
           "axons_per_core", "synapses_per_core", "hbm_rows", "hbm_rows_lower_bound", "balance"]
