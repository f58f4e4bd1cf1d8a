"""The hardware image: per core, the words its HBM and URAM hold, as flat arrays."""
from __future__ import annotations

import os
from dataclasses import dataclass, fields
from typing import Optional, Tuple, Union

import numpy as np

from ..partition.spec import HardwareSpec
from .words import SYN_BASE, decode_pointer

__all__ = ["HardwareImage", "AXON", "NEURON", "concat_ranges"]

#: Kinds of pointer owner: axon slots (input and relay axons) and neurons.
AXON, NEURON = "axon", "neuron"

PathLike = Union[str, "os.PathLike[str]"]


def concat_ranges(first: np.ndarray, length: np.ndarray) -> np.ndarray:
    """``concatenate([arange(f, f + n) for f, n in zip(first, length)])``, vectorised.

    Examples
    --------
    >>> concat_ranges(np.array([5, 0]), np.array([2, 3])).tolist()
    [5, 6, 0, 1, 2]
    """
    first = np.asarray(first, dtype=np.int64)
    length = np.asarray(length, dtype=np.int64)
    offsets = np.repeat(np.cumsum(length) - length, length)
    return np.repeat(first, length) + np.arange(int(length.sum())) - offsets


@dataclass(frozen=True, eq=False)
class HardwareImage:
    """Every word a CRI system is loaded with, for every core, plus the host's tables.

    Cores are numbered globally, ``core = fpga * spec.cores_per_fpga +
    core_on_fpga``. Per-core memories are concatenated over cores and cut by
    an ``indptr`` of length ``n_cores + 1``; only what is used is stored
    (``docs/hardware-image.md`` gives every bit).

    Attributes
    ----------
    spec : HardwareSpec
    axon_pointers, axon_indptr : numpy.ndarray (uint32, int64)
        Axon pointer words of each core's axon slots (input axons first,
        then relay axons); slot ``k`` is at HBM row ``AXN_BASE + k // 8``,
        word ``k % 8``.
    neuron_pointers, neuron_indptr : numpy.ndarray (uint32, int64)
        Neuron pointer words by core-local index ``i = row * 16 + column``
        (HBM row ``NRN_BASE + i // 8``); 0 for unused slots.
    synapse_rows, row_indptr : numpy.ndarray (uint32 ``(rows, 8)``, int64)
        Each core's used synapse rows, from absolute row ``SYN_BASE``.
    neuron_params : numpy.ndarray (uint32 ``(slots, 3)``)
        URAM parameter word of every neuron slot (cut by ``neuron_indptr``).
    input_indptr, input_core, input_slot : numpy.ndarray (int64, int32, int32)
        Host table: input axon ``a`` is delivered to axon slot
        ``input_slot[j]`` of core ``input_core[j]`` for ``j`` in
        ``input_indptr[a]:input_indptr[a + 1]``.
    neuron_core, neuron_local : numpy.ndarray (int32)
        Host table: core and core-local index of every compiled neuron
        (used to report spikes and potentials by compiled index).
    """

    spec: HardwareSpec
    axon_pointers: np.ndarray
    axon_indptr: np.ndarray
    neuron_pointers: np.ndarray
    neuron_indptr: np.ndarray
    synapse_rows: np.ndarray
    row_indptr: np.ndarray
    neuron_params: np.ndarray
    input_indptr: np.ndarray
    input_core: np.ndarray
    input_slot: np.ndarray
    neuron_core: np.ndarray
    neuron_local: np.ndarray

    @classmethod
    def array_names(cls) -> Tuple[str, ...]:
        """Names of the array fields, in declaration order."""
        return tuple(f.name for f in fields(cls) if f.name != "spec")

    @property
    def n_cores(self) -> int:
        """Number of cores of the spec (used or not)."""
        return self.axon_indptr.size - 1

    @property
    def n_axons(self) -> int:
        """Number of input axons of the compiled network."""
        return self.input_indptr.size - 1

    @property
    def n_neurons(self) -> int:
        """Number of neurons of the compiled network."""
        return self.neuron_core.size

    @property
    def used_cores(self) -> np.ndarray:
        """Cores holding at least one neuron or axon slot, ascending."""
        return np.flatnonzero((np.diff(self.neuron_indptr) > 0) | (np.diff(self.axon_indptr) > 0))

    def fpga_of(self, core: int) -> int:
        """FPGA of a (global) core."""
        return int(core) // self.spec.cores_per_fpga

    def input_entries(self, axons: np.ndarray) -> np.ndarray:
        """Host-table entries (into ``input_core``, ``input_slot``) of ``axons``, repeats kept."""
        axons = np.asarray(axons, dtype=np.int64)
        lo = self.input_indptr[axons]
        return concat_ranges(lo, self.input_indptr[axons + 1] - lo)

    def pointer(self, kind: str, core: int, index: int) -> Tuple[int, int]:
        """``(start row, length)`` of axon slot or neuron ``index`` of ``core``."""
        indptr, words = ((self.axon_indptr, self.axon_pointers) if kind == AXON
                         else (self.neuron_indptr, self.neuron_pointers))
        start, length = decode_pointer(words[indptr[core] + index])
        return int(start), int(length)

    def rows(self, core: int, start: int, length: int) -> np.ndarray:
        """The HBM rows ``start .. start + length - 1`` of ``core`` (a view, ``(length, 8)``)."""
        first = int(self.row_indptr[core]) + start - SYN_BASE
        return self.synapse_rows[first:first + length]

    def save(self, path: PathLike) -> None:
        """Write the image to ``path`` atomically (see :func:`l2s.hw.save_image`)."""
        from .storage import save_image
        save_image(self, path)

    @classmethod
    def load(cls, path: PathLike) -> "HardwareImage":
        """Read an image written by :meth:`save` (see :func:`l2s.hw.load_image`)."""
        from .storage import load_image
        return load_image(path)

    def describe(self, neuron: Optional[int] = None, axon: Optional[int] = None) -> str:
        """The words of one neuron or input axon, decoded (see :func:`l2s.hw.describe`)."""
        from .describe import describe
        return describe(self, neuron=neuron, axon=axon)

    def __repr__(self) -> str:
        return (f"HardwareImage({self.n_neurons} neurons, {self.n_axons} axons on "
                f"{self.used_cores.size} of {self.n_cores} cores, "
                f"{self.synapse_rows.shape[0]} synapse rows)")
