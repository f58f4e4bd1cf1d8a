"""The hardware a network is mapped onto (defined in :mod:`l2s.machine`, re-exported here)."""
from __future__ import annotations

from ..machine.geometry import COLUMNS, ROWS_PER_GROUP, SYN_BASE
from ..machine.spec import HardwareSpec
from ..machine.words import LENGTH_BITS, START_ROW_BITS

__all__ = ["HardwareSpec", "COLUMNS", "ROWS_PER_GROUP", "SYN_BASE", "START_ROW_BITS",
           "LENGTH_BITS"]
