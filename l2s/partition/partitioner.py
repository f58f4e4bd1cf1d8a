"""``partition``: from a compiled network to a checked :class:`Placement`."""
from __future__ import annotations

from dataclasses import replace
from typing import Optional

import numpy as np

from .._validation import check_choice, check_int
from ..errors import CapacityError, InvalidTypeError
from ..graph.compiled import CompiledNetwork
from .columns import assign_columns, rows_in_columns
from .loads import free_words
from .methods import METHODS, contiguous_cores, hypergraph_cores, metis_cores, random_cores
from ._checks import check_rates
from .placement import Placement
from .repair import Capacities, capacity_error, repair
from ..machine.geometry import ROWS_PER_GROUP
from ..machine.spec import HardwareSpec, pointer_span_error
from .topology import Topology

__all__ = ["partition"]

#: Times the HBM row capacity is tightened and the repair rerun when the chosen
#: columns need more rows than the lower bound the repair works with.
_ROW_RETRIES = 3


def _assign(compiled: CompiledNetwork, spec: HardwareSpec, method: str, seed: int,
            rates: Optional[np.ndarray]) -> np.ndarray:
    if method == "metis":
        return metis_cores(compiled, spec, seed, rates)
    if method == "hypergraph":
        return hypergraph_cores(compiled, spec, seed, rates)
    if method == "random":
        return random_cores(compiled.n_neurons, spec.n_cores, seed)
    return contiguous_cores(compiled.n_neurons, spec.n_cores)


def _fit(compiled: CompiledNetwork, spec: HardwareSpec, method: str, core: np.ndarray,
         topology: Topology, rates: Optional[np.ndarray]) -> Placement:
    """Repair the cores, choose the columns; retry with tighter row limits where needed."""
    caps = Capacities.of(spec)
    for _ in range(_ROW_RETRIES + 1):
        core, neuron_pairs, axon_pairs = repair(core, topology, spec, caps)
        free = free_words(neuron_pairs, core, topology.output)
        column = assign_columns(core, spec.n_cores, topology.n_axons, free,
                                topology.in_neuron_indptr, topology.in_neuron_indices,
                                topology.in_axon_indptr, topology.in_axon_indices,
                                spec.column_capacity)
        placement = Placement(compiled, spec, method, core, column, rows_in_columns(core, column),
                              neuron_pairs, axon_pairs, rates)
        groups, lower = placement.row_groups.groups, placement.row_groups.lower_bound
        over = groups > spec.groups_per_core
        if not over.any():
            return placement
        # The repair works with the lower bound: shrink it by these cores' excess over it.
        tighter = np.maximum(1, spec.groups_per_core * lower // np.maximum(groups, 1))
        caps = replace(caps, row_groups=np.where(over, np.minimum(caps.row_groups, tighter),
                                                 caps.row_groups))
    k = int(np.argmax(groups))
    raise capacity_error("hbm_rows_per_core", k, ROWS_PER_GROUP * int(groups[k]),
                         spec.hbm_rows_per_core, spec)


def _check_pointer_lengths(placement: Placement) -> None:
    need, kind, source, core = placement.row_groups.worst
    spec = placement.spec
    if need > spec.groups_per_pointer:
        compiled = placement.compiled
        key = (compiled.neuron_keys if kind == "neuron" else compiled.axon_keys).key(source)
        raise pointer_span_error(f"{kind} {key!r} (index {source})", need, core,
                                 f"rows_per_pointer = {spec.rows_per_pointer}")


def partition(compiled: CompiledNetwork, spec: Optional[HardwareSpec] = None,
              method: str = "metis", seed: int = 0,
              rates: Optional[np.ndarray] = None) -> Placement:
    """Place every neuron on an FPGA, core, column and row within the hardware capacities.

    Parameters
    ----------
    compiled : CompiledNetwork
    spec : HardwareSpec, optional
        The hardware; default the real geometry, ``HardwareSpec()`` (one FPGA
        of 32 cores). Every core of the spec is used.
    method : {'metis', 'hypergraph', 'contiguous', 'random'}, default 'metis'
        ``'metis'`` minimises the synapses (or, with ``rates``, the spike
        traffic) between FPGAs and then between cores; ``'hypergraph'``
        (Mt-KaHyPar, ``pip install "l2s[hypergraph]"``) minimises the relay
        axons (or, with ``rates``, the spike messages) themselves;
        ``'contiguous'`` (consecutive neuron ids per core) and ``'random'``
        are baselines.
    seed : int, default 0
        Seed of METIS (also the start ``'hypergraph'`` refines; Mt-KaHyPar's
        deterministic preset takes no seed) and of ``'random'``; the result is
        a function of the network, spec, method, seed and rates.
    rates : array of float, optional
        Expected spikes per step of every neuron (e.g. from a simulator
        run): METIS then weighs edges by traffic, and the report shows it.

    Returns
    -------
    Placement
        With ``placement.report``, a :class:`~l2s.partition.MappingReport`.

    Raises
    ------
    CapacityError
        If the network cannot fit: too many neurons for the spec, or a core
        whose axons or HBM rows cannot be brought within capacity, or a
        source needing more rows on one core than a pointer spans. The
        message names the capacity, the need and the core.
    InvalidValueError
        For an unknown method or invalid rates.
    TargetUnavailableError
        For ``method='hypergraph'`` without ``mtkahypar`` installed.

    Examples
    --------
    >>> from l2s.examples import random_recurrent
    >>> from l2s.partition import HardwareSpec, partition
    >>> compiled = random_recurrent(1000, fanout=20).compile()
    >>> spec = HardwareSpec(cores_per_fpga=4, neurons_per_core=512)
    >>> placement = partition(compiled, spec, method="metis", seed=0)
    >>> placement.core.shape, int(placement.column.max()) < 16
    ((1000,), True)
    >>> int(placement.report.synapses.sum()) == compiled.n_synapses
    True
    """
    if not isinstance(compiled, CompiledNetwork):
        raise InvalidTypeError(f"compiled must be a CompiledNetwork (from Network.compile()), "
                               f"got {type(compiled).__name__}")
    spec = HardwareSpec() if spec is None else spec
    if not isinstance(spec, HardwareSpec):
        raise InvalidTypeError(f"spec must be a HardwareSpec, got {type(spec).__name__}")
    check_choice(method, "method", METHODS)
    seed = check_int(seed, "seed", 0, 2 ** 31 - 1)
    if rates is not None:
        rates = check_rates(rates, compiled.n_neurons).copy()
    capacity = spec.n_cores * spec.neurons_per_core
    if compiled.n_neurons > capacity:
        raise CapacityError(
            f"the network has {compiled.n_neurons:,} neurons but the spec holds {capacity:,} "
            f"({spec.n_cores} cores x neurons_per_core = {spec.neurons_per_core:,}); "
            "use more cores (HardwareSpec fpgas / cores_per_fpga)")

    topology = Topology.from_compiled(compiled)
    core = _assign(compiled, spec, method, seed, rates)
    placement = _fit(compiled, spec, method, core, topology, rates)
    _check_pointer_lengths(placement)
    return placement
