"""Where one neuron landed: ``placement.explain(neuron)`` as text, HTML and a figure."""
from __future__ import annotations

import numbers
from dataclasses import dataclass
from typing import Any, Dict, Hashable, List

import numpy as np

from .. import _html
from .._validation import check_instance, fail
from ..errors import UnknownKeyError
from .placement import Placement

__all__ = ["NeuronPlacement", "explain_neuron", "neuron_index"]


def neuron_index(keys: Any, neuron: Any) -> int:
    """Compiled index of ``neuron``: a key of the KeyMap ``keys``, else an integer index.

    Raises
    ------
    UnknownKeyError
        If ``neuron`` is neither a key nor an index in ``[0, len(keys))``.

    Examples
    --------
    >>> from l2s.graph import KeyMap
    >>> keys = KeyMap([("exc", 0, 3, None)], "neuron")
    >>> neuron_index(keys, ("exc", 2)), neuron_index(keys, 1)
    (2, 1)
    >>> neuron_index(keys, 7)
    Traceback (most recent call last):
    ...
    l2s.errors.UnknownKeyError: neuron = 7 is neither a neuron key nor an index in [0, 3)
    """
    found = keys.find(neuron)
    if found is not None:
        return int(found)
    if isinstance(neuron, numbers.Integral) and not isinstance(neuron, bool) \
            and 0 <= int(neuron) < len(keys):
        return int(neuron)
    raise fail("neuron", neuron, f"is neither a neuron key nor an index in [0, {len(keys)})",
               UnknownKeyError)


@dataclass(frozen=True)
class NeuronPlacement:
    """One neuron's place and connections across cores.

    Attributes
    ----------
    neuron : int
        Compiled index.
    key : hashable
    fpga, core, column, row : int
        ``core`` is global; the core-local index is ``16 * row + column``.
    cores_per_fpga, n_cores : int
        The hardware's shape.
    targets : dict
        ``{core: synapses}`` from this neuron onto neurons of each core
        (its own core included).
    relays : dict
        ``{remote core: relay axon slot}``: where the neuron's spikes are sent
        as a relay axon (one per remote core in ``targets``).
    sources : dict
        ``{core: synapses}`` onto this neuron from the neurons of each core.
    input_axons : int
        Synapses onto this neuron from input axons.

    Examples
    --------
    >>> import l2s
    >>> from l2s.partition import HardwareSpec, partition
    >>> net = l2s.Network()
    >>> ring = net.add_neurons("ring", 4, threshold=0)
    >>> _ = net.connect(ring, ring, pre=[0, 1, 2, 3], post=[1, 2, 3, 0])
    >>> spec = HardwareSpec(cores_per_fpga=2, neurons_per_core=16)
    >>> where = partition(net.compile(), spec, method="contiguous").explain(("ring", 1))
    >>> where.core, where.targets, where.relays, where.sources
    (0, {1: 1}, {1: 0}, {0: 1})
    >>> print(where)  # doctest: +NORMALIZE_WHITESPACE
    neuron 1 ('ring', 1): FPGA 0, core 0 (core 0 on its FPGA), column 1, row 0 (local index 1)
      spikes go to: core 1 (1 synapse, relay axon slot 0)
      inputs come from: core 0 (1 synapse)
    """

    neuron: int
    key: Hashable
    fpga: int
    core: int
    column: int
    row: int
    cores_per_fpga: int
    n_cores: int
    targets: Dict[int, int]
    relays: Dict[int, int]
    sources: Dict[int, int]
    input_axons: int

    def _lines(self) -> List[str]:
        out = [_core_phrase(c, n) + (f", relay axon slot {self.relays[c]}"
                                     if c in self.relays else "") + ")"
               for c, n in self.targets.items()]
        into = [_core_phrase(c, n) + ")" for c, n in self.sources.items()]
        if self.input_axons:
            into.append(f"input axons ({self.input_axons:,} synapse"
                        f"{'s' if self.input_axons != 1 else ''})")
        return ([self.headline()]
                + ["  spikes go to:" + (" nowhere" if not out else "")]
                + ["    " + line for line in out]
                + ["  inputs come from:" + (" nowhere" if not into else "")]
                + ["    " + line for line in into])

    def headline(self) -> str:
        """Where the neuron sits, in one line.

        Examples
        --------
        >>> NeuronPlacement(3, "a", 1, 5, 2, 7, 4, 8, {}, {}, {}, 0).headline()
        "neuron 3 'a': FPGA 1, core 5 (core 1 on its FPGA), column 2, row 7 (local index 114)"
        """
        return (f"neuron {self.neuron} {self.key!r}: FPGA {self.fpga}, core {self.core} "
                f"(core {self.core % self.cores_per_fpga} on its FPGA), column {self.column}, "
                f"row {self.row} (local index {16 * self.row + self.column})")

    def __str__(self) -> str:
        return "\n".join(self._lines())

    def table_html(self) -> str:
        """The neuron's connections per core as an HTML table (synapses out, relay, in).

        Examples
        --------
        >>> where = NeuronPlacement(0, "a", 0, 0, 0, 0, 2, 2, {0: 3, 1: 2}, {1: 4}, {1: 1}, 5)
        >>> where.table_html().count("<tr>")
        4
        """
        cores = sorted(set(self.targets) | set(self.sources))
        rows = [[c, c // self.cores_per_fpga, self.targets.get(c, 0),
                 self.relays.get(c, ""), self.sources.get(c, 0)] for c in cores]
        if self.input_axons:
            rows.append(["input axons", "", "", "", self.input_axons])
        return _html.table(("core", "FPGA", "synapses out", "relay axon slot", "synapses in"),
                           rows)

    def _repr_html_(self) -> str:
        return _html.block(self.headline(), self.table_html())

    def plot(self, ax: Any = None) -> Any:
        """Synapses out of (up) and into (down) the neuron per core (see
        :func:`l2s.plot.neuron_view`).

        Examples
        --------
        >>> from matplotlib.figure import Figure
        >>> where = NeuronPlacement(0, "a", 0, 0, 0, 0, 2, 2, {0: 3, 1: 2}, {1: 4}, {1: 1}, 0)
        >>> [float(b.get_height()) for b in where.plot(Figure().subplots()).out]
        [3.0, 2.0]
        """
        from ..plot.inspect import neuron_view  # plots read every stage; lazily
        return neuron_view(self, ax)


def _core_phrase(core: int, synapses: int) -> str:
    return f"core {core} ({synapses:,} synapse{'s' if synapses != 1 else ''}"


def _per_core(cores: np.ndarray) -> Dict[int, int]:
    counts = np.bincount(cores)
    return {int(c): int(counts[c]) for c in np.flatnonzero(counts)}


def explain_neuron(placement: Any, neuron: Any) -> NeuronPlacement:
    """Where ``neuron`` (a key, or a compiled index) sits and where its synapses go.

    Parameters
    ----------
    placement : Placement
    neuron : hashable or int
        A neuron key of ``placement.compiled``, or else its index.

    Returns
    -------
    NeuronPlacement

    Raises
    ------
    UnknownKeyError
        If ``neuron`` is neither a key nor an index.

    Examples
    --------
    >>> from l2s.examples import grid_network
    >>> from l2s.partition import HardwareSpec, partition
    >>> placement = partition(grid_network(8).compile(), HardwareSpec(cores_per_fpga=4,
    ...                       neurons_per_core=16), method="metis", seed=0)
    >>> where = explain_neuron(placement, ("grid", 5))
    >>> sum(where.targets.values()) == int(placement.compiled.fanout()[5])
    True
    """
    compiled = check_instance(placement, "placement", Placement,
                              "from l2s.partition.partition").compiled
    index = neuron_index(compiled.neuron_keys, neuron)
    core = int(placement.core[index])
    indptr, indices = compiled.neuron_indptr, compiled.neuron_indices
    targets = _per_core(placement.core[indices[indptr[index]:indptr[index + 1]]])
    relays = {}
    for remote in targets:
        if remote != core:
            position = np.searchsorted(placement.relays[remote], index)
            relays[remote] = int(placement.input_axons[remote].size + position)
    incoming = np.flatnonzero(indices == index)
    pre = np.searchsorted(indptr, incoming, side="right") - 1
    spec = placement.spec
    return NeuronPlacement(
        neuron=index, key=compiled.neuron_keys.key(index), fpga=core // spec.cores_per_fpga,
        core=core, column=int(placement.column[index]), row=int(placement.row[index]),
        cores_per_fpga=spec.cores_per_fpga, n_cores=spec.n_cores, targets=targets,
        relays=relays, sources=_per_core(placement.core[pre]),
        input_axons=int(np.count_nonzero(compiled.axon_indices == index)))
