"""The hardware a network is mapped onto: FPGAs, cores and their capacities."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._validation import MAX_INDEX, check_int, fail
from ..errors import CapacityError
from .geometry import COLUMNS, ROWS_PER_GROUP, SYN_BASE
from .words import LENGTH_BITS, START_ROW_BITS

__all__ = ["HardwareSpec", "pointer_span_error", "MAX_CORES"]

#: Most cores a spec may have: 8 times the 2,048 a route word addresses (64 FPGAs of 32
#: cores) leaves room for what-if machines, while per-core arrays and the cores x cores
#: traffic matrix (2 GiB of float64 at this size) still fit in memory.
MAX_CORES = 2 ** 14


def pointer_span_error(who: str, groups: int, core: int, limit: str) -> CapacityError:
    """The error for a source whose rows on one core are more than one pointer spans.

    Parameters
    ----------
    who : str
        The source, e.g. ``"neuron 3"``.
    groups : int
        Row groups it needs on ``core``.
    core : int
    limit : str
        The limit it exceeds, e.g. ``"rows_per_pointer = 6"``.

    Examples
    --------
    >>> print(pointer_span_error("axon 0", 4, 1, "rows_per_pointer = 6"))
    axon 0 needs 8 HBM rows on core 1 but rows_per_pointer = 6: more than one pointer ...
    """
    return CapacityError(f"{who} needs {ROWS_PER_GROUP * int(groups):,} HBM rows on core "
                         f"{int(core)} but {limit}: more than one pointer spans. Spread its "
                         "targets over more cores or columns, or reduce its fan-out")


@dataclass(frozen=True)
class HardwareSpec:
    """FPGAs, cores and per-core capacities of a CRI system.

    The defaults are the real geometry (``HARDWARE.md``); smaller values
    make specs for tests and demos, larger ones "what-if" machines.

    Parameters
    ----------
    fpgas : int, default 1
        Number of FPGAs (the full system has 40).
    cores_per_fpga : int, default 32
    neurons_per_core : int, default 2**17
        Neuron slots per core, in :data:`COLUMNS` columns: core-local index
        ``i`` is column ``i % 16``, row ``i // 16``.
    axons_per_core : int, default 2**17
        Axon slots per core, shared by the input axons that target the core
        and the relay axons of remote neurons.
    hbm_rows_per_core : int, default 2**23 - 2**15
        256-bit HBM synapse rows per core: the rows a 23-bit absolute start
        row can address above ``SYN_BASE = 2**15`` (8,355,840 rows).
    rows_per_pointer : int, default 2**9 - 1
        Most rows one pointer can span (its 9-bit length field): the limit
        of one source's rows on one core.

    Examples
    --------
    >>> spec = HardwareSpec()
    >>> spec.n_cores, spec.neurons_per_core, spec.hbm_rows_per_core
    (32, 131072, 8355840)
    >>> HardwareSpec(fpgas=2, cores_per_fpga=4, neurons_per_core=64).column_capacity.tolist()
    [4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4]
    """

    fpgas: int = 1
    cores_per_fpga: int = 32
    neurons_per_core: int = 2 ** 17
    axons_per_core: int = 2 ** 17
    hbm_rows_per_core: int = 2 ** START_ROW_BITS - SYN_BASE
    rows_per_pointer: int = 2 ** LENGTH_BITS - 1

    def __post_init__(self) -> None:
        for name in ("fpgas", "cores_per_fpga"):
            object.__setattr__(self, name, check_int(getattr(self, name), name, 1, MAX_CORES))
        # Core-local indices, rows and slots are held in int32 arrays.
        for name in ("neurons_per_core", "axons_per_core"):
            object.__setattr__(self, name, check_int(getattr(self, name), name, 1, MAX_INDEX))
        for name in ("hbm_rows_per_core", "rows_per_pointer"):
            object.__setattr__(self, name, check_int(getattr(self, name), name,
                                                     ROWS_PER_GROUP, MAX_INDEX))
        if self.fpgas * self.cores_per_fpga > MAX_CORES:
            raise fail("fpgas * cores_per_fpga", self.fpgas * self.cores_per_fpga,
                       f"must be at most {MAX_CORES:,} cores (per-core arrays must fit in "
                       "memory; the hardware addresses 2,048)")

    @property
    def n_cores(self) -> int:
        """Total number of cores, ``fpgas * cores_per_fpga``.

        Examples
        --------
        >>> HardwareSpec(fpgas=40).n_cores   # the full CRI system
        1280
        """
        return self.fpgas * self.cores_per_fpga

    @property
    def column_capacity(self) -> np.ndarray:
        """Neuron slots per column: column ``c`` holds the indices ``i % 16 == c``.

        Examples
        --------
        >>> HardwareSpec(neurons_per_core=18).column_capacity.tolist()
        [2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]
        """
        return (self.neurons_per_core - np.arange(COLUMNS) + COLUMNS - 1) // COLUMNS

    @property
    def groups_per_core(self) -> int:
        """HBM row groups (pairs of rows) that fit in one core's synapse region.

        Examples
        --------
        >>> HardwareSpec().groups_per_core, HardwareSpec(hbm_rows_per_core=9).groups_per_core
        (4177920, 4)
        """
        return self.hbm_rows_per_core // ROWS_PER_GROUP

    @property
    def groups_per_pointer(self) -> int:
        """Row groups one pointer can span.

        Examples
        --------
        >>> HardwareSpec().groups_per_pointer   # a 9-bit length field: 511 rows
        255
        """
        return self.rows_per_pointer // ROWS_PER_GROUP
