"""The result of partitioning: where every neuron, input axon and relay axon sits."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, Optional, Tuple

import numpy as np

from ..graph.compiled import CompiledNetwork
from ..machine.geometry import COLUMNS
from ..machine.spec import HardwareSpec
from .hbm import RowGroups, row_groups
from .loads import CorePairs, free_words, sources_by_core
from .report import MappingReport

if TYPE_CHECKING:
    from .explain import NeuronPlacement

__all__ = ["Placement"]


@dataclass(frozen=True, eq=False)
class Placement:
    """Where every neuron of a compiled network sits, and what each core holds.

    Made by :func:`l2s.partition.partition`. Neuron arrays have one entry per
    neuron; per-core tuples one entry per core of the spec.

    Attributes
    ----------
    compiled : CompiledNetwork
    spec : HardwareSpec
    method : str
        The partitioner that produced it (``'metis'``, ``'contiguous'``, ``'random'``).
    core : numpy.ndarray (int32)
        Global core id, ``fpga * cores_per_fpga + local core``.
    column, row : numpy.ndarray (int32)
        Column (neuron group, ``0..15``) and row within the core; the
        core-local index is ``16 * row + column`` (:attr:`local_index`).
    neuron_pairs, axon_pairs : CorePairs
        The ``(source, target core)`` pairs of neurons and of input axons
        (:mod:`l2s.partition.loads`): who needs a relay or an axon slot where.
    rates : numpy.ndarray or None
        Firing rates (spikes per step) the placement was made for, if any.

    Notes
    -----
    Axon slots of core ``k``: the input axons ``input_axons[k]`` first, then the
    relay axons of ``relays[k]``, each in ascending id order; slot ``j`` is
    the core-local axon index ``j``.

    Examples
    --------
    >>> from l2s.examples import random_recurrent
    >>> from l2s.partition import HardwareSpec, partition
    >>> spec = HardwareSpec(cores_per_fpga=2, neurons_per_core=64)
    >>> p = partition(random_recurrent(100, fanout=5).compile(), spec, method="contiguous")
    >>> p.core[:3].tolist(), p.fpga[:3].tolist(), bool((p.local_index < 64).all())
    ([0, 0, 0], [0, 0, 0], True)
    >>> len(p.relays), bool((p.core[p.relays[1]] != 1).all())
    (2, True)
    """

    compiled: CompiledNetwork
    spec: HardwareSpec
    method: str
    core: np.ndarray
    column: np.ndarray
    row: np.ndarray
    neuron_pairs: CorePairs
    axon_pairs: CorePairs
    rates: Optional[np.ndarray] = None

    def __post_init__(self) -> None:
        for name in ("core", "column", "row", "rates"):
            arr = getattr(self, name)
            if arr is not None:
                arr.flags.writeable = False

    @property
    def n_cores(self) -> int:
        """Cores of the spec (some may be empty).

        Examples
        --------
        >>> from l2s.examples import random_recurrent
        >>> from l2s.partition import HardwareSpec, partition
        >>> compiled = random_recurrent(10, fanout=2).compile()
        >>> placement = partition(compiled, HardwareSpec(fpgas=2, cores_per_fpga=4,
        ...                                              neurons_per_core=16))
        >>> placement.n_cores, int(placement.report.neurons.sum())
        (8, 10)
        """
        return self.spec.n_cores

    @cached_property
    def fpga(self) -> np.ndarray:
        """FPGA of every neuron (int32)."""
        return _frozen(self.core // self.spec.cores_per_fpga)

    @cached_property
    def local_index(self) -> np.ndarray:
        """Core-local index of every neuron, ``16 * row + column`` (int32)."""
        return _frozen(self.row * COLUMNS + self.column)

    def neurons_of(self, core: int) -> np.ndarray:
        """Neurons of global core ``core`` in core-local index order.

        Examples
        --------
        >>> import l2s
        >>> from l2s.partition import HardwareSpec, partition
        >>> net = l2s.Network()
        >>> ring = net.add_neurons("ring", 4, threshold=0)
        >>> _ = net.connect(ring, ring, pre=[0, 1, 2, 3], post=[1, 2, 3, 0])
        >>> spec = HardwareSpec(cores_per_fpga=2, neurons_per_core=16)
        >>> placement = partition(net.compile(), spec, method="contiguous")
        >>> placement.neurons_of(1).tolist(), placement.local_index[[2, 3]].tolist()
        ([2, 3], [0, 1])
        """
        members = np.flatnonzero(self.core == core)
        return members[np.argsort(self.local_index[members], kind="stable")]

    # -- what each core holds ----------------------------------------------------------
    @cached_property
    def input_axons(self) -> Tuple[np.ndarray, ...]:
        """Per core, the input axons with a synapse onto it (ascending int32)."""
        return sources_by_core(self.axon_pairs, self.core, self.n_cores, remote_only=False)

    @cached_property
    def relays(self) -> Tuple[np.ndarray, ...]:
        """Per core, the remote neurons with a synapse onto it: one relay axon each."""
        return sources_by_core(self.neuron_pairs, self.core, self.n_cores, remote_only=True)

    @cached_property
    def free_words(self) -> np.ndarray:
        """Route words plus spike-out word of every neuron (int64)."""
        return _frozen(free_words(self.neuron_pairs, self.core, self.compiled.output))

    @cached_property
    def row_groups(self) -> RowGroups:
        """Row groups per core, their lower bound and the worst owner
        (:func:`l2s.partition.hbm.row_groups`); unpacks as ``(groups, lower_bound, worst)``."""
        c = self.compiled
        return row_groups(c.neuron_indptr, c.neuron_indices, c.axon_indptr, c.axon_indices,
                          self.core, self.column, self.free_words, self.n_cores)

    @cached_property
    def report(self) -> MappingReport:
        """The :class:`MappingReport` of this placement."""
        return MappingReport.from_placement(self)

    def save(self, path: Any) -> None:
        """Write the placement and its network to ``path`` (see :func:`save_placement`).

        Examples
        --------
        >>> import os, tempfile
        >>> from l2s.examples import random_recurrent
        >>> from l2s.partition import HardwareSpec, partition
        >>> p = partition(random_recurrent(30, fanout=2).compile(), HardwareSpec(cores_per_fpga=2))
        >>> path = os.path.join(tempfile.mkdtemp(), "net.l2sp")
        >>> p.save(path)
        >>> bool((Placement.load(path).core == p.core).all())
        True
        """
        from .placement_file import save_placement
        save_placement(self, path)

    @classmethod
    def load(cls, path: Any) -> "Placement":
        """Read a placement written by :meth:`save` (see :func:`load_placement`).

        Examples
        --------
        >>> import os, tempfile
        >>> from l2s.examples import random_recurrent
        >>> from l2s.partition import HardwareSpec, partition
        >>> p = partition(random_recurrent(20, fanout=2).compile(), HardwareSpec(cores_per_fpga=2),
        ...               method="contiguous")
        >>> path = os.path.join(tempfile.mkdtemp(), "net.l2sp")
        >>> p.save(path)
        >>> Placement.load(path).core.tolist() == [0] * 10 + [1] * 10
        True
        """
        from .placement_file import load_placement
        return load_placement(path)

    def explain(self, neuron: Any) -> "NeuronPlacement":
        """Where ``neuron`` (a key, or an index) sits, where its spikes go, where its inputs
        come from (see :func:`l2s.partition.explain.explain_neuron`).

        Examples
        --------
        >>> from l2s.examples import random_recurrent
        >>> from l2s.partition import HardwareSpec, partition
        >>> p = partition(random_recurrent(40, fanout=4).compile(),
        ...               HardwareSpec(cores_per_fpga=2, neurons_per_core=32), method="contiguous")
        >>> p.explain(("exc", 35)).core
        1
        """
        from .explain import explain_neuron
        return explain_neuron(self, neuron)

    def _repr_html_(self) -> str:
        return self.report._repr_html_()

    def __repr__(self) -> str:
        used = int(np.count_nonzero(np.bincount(self.core, minlength=self.n_cores)))
        return (f"Placement(method={self.method!r}, neurons={self.core.size}, "
                f"cores used={used}/{self.n_cores}, fpgas={self.spec.fpgas})")


def _frozen(arr: np.ndarray) -> np.ndarray:
    arr.flags.writeable = False
    return arr
