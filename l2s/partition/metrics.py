"""Metrics of a placement: what crosses cores, what each core holds, how even it is.

Each function computes one quantity of a :class:`~l2s.partition.Placement`
and the larger ones are built from the smaller ones, so they compose:
:func:`cut_fraction` is :func:`inter_core_synapses` over the neuron
synapses, and :func:`inter_core_synapses` the off-diagonal of
:func:`synapse_matrix`. Only neuron-to-neuron synapses can cross cores;
input axons are present on every core they target.

Definitions
-----------
- A synapse is *inter-core* when its source and target neurons sit on
  different cores, *inter-FPGA* when they sit on different FPGAs.
- Spike traffic from core ``a`` to core ``b`` is one message per spike of
  every neuron on ``a`` with synapses onto ``b`` (it reaches one relay axon
  there, however many synapses it carries): expected messages per step are
  the sum of those neurons' firing rates.
- HBM rows and their lower bound are defined in :mod:`l2s.partition.hbm`.
- Balance is the largest load over the mean load of all cores of the spec
  (1.0 is perfect; METIS' "imbalance").
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Optional

import numpy as np

from ..errors import InvalidValueError
from ._checks import check_rates
from .loads import core_matrix
from ..machine.geometry import ROWS_PER_GROUP

if TYPE_CHECKING:
    from .placement import Placement

__all__ = ["synapse_matrix", "inter_core_synapses", "inter_fpga_synapses", "cut_fraction",
           "traffic_matrix", "neurons_per_core", "input_axons_per_core", "relays_per_core",
           "axons_per_core", "synapses_per_core", "hbm_rows", "hbm_rows_lower_bound", "balance"]

def synapse_matrix(placement: "Placement") -> np.ndarray:
    """Neuron synapses from the neurons of core ``a`` (rows) onto those of core ``b``.

    Returns
    -------
    numpy.ndarray (int64), shape ``(n_cores, n_cores)``
        The diagonal holds the core-local synapses.

    Examples
    --------
    >>> from l2s.examples import random_recurrent
    >>> from l2s.partition import HardwareSpec, partition
    >>> compiled = random_recurrent(200, fanout=10).compile()
    >>> spec = HardwareSpec(cores_per_fpga=4, neurons_per_core=64)
    >>> placement = partition(compiled, spec, method="contiguous")
    >>> m = synapse_matrix(placement)
    >>> m.shape, int(m.sum()) == compiled.neuron_indices.size
    ((4, 4), True)

    See Also
    --------
    inter_core_synapses
    """
    return core_matrix(placement.neuron_pairs, placement.core, placement.n_cores,
                       remote_only=False).astype(np.int64)


def inter_core_synapses(placement: "Placement") -> int:
    """Number of neuron synapses whose source and target sit on different cores.

    Examples
    --------
    >>> from l2s.examples import random_recurrent
    >>> from l2s.partition import HardwareSpec, partition
    >>> compiled = random_recurrent(200, fanout=10).compile()
    >>> spec = HardwareSpec(cores_per_fpga=4, neurons_per_core=64)
    >>> placement = partition(compiled, spec, method="contiguous")
    >>> inter_core_synapses(placement)
    1474

    See Also
    --------
    synapse_matrix, cut_fraction
    """
    m = synapse_matrix(placement)
    return int(m.sum() - np.trace(m))


def inter_fpga_synapses(placement: "Placement") -> int:
    """Number of neuron synapses whose source and target sit on different FPGAs.

    Examples
    --------
    >>> from l2s.examples import random_recurrent
    >>> from l2s.partition import HardwareSpec, partition
    >>> spec = HardwareSpec(fpgas=2, cores_per_fpga=2, neurons_per_core=64)
    >>> p = partition(random_recurrent(200, fanout=10).compile(), spec, method="contiguous")
    >>> inter_fpga_synapses(p) <= inter_core_synapses(p)
    True
    """
    fpga_of_core = np.arange(placement.n_cores) // placement.spec.cores_per_fpga
    m = synapse_matrix(placement)
    return int(m[fpga_of_core[:, None] != fpga_of_core[None, :]].sum())


def cut_fraction(placement: "Placement") -> float:
    """Fraction of the neuron synapses that cross cores (0.0 without neuron synapses).

    Examples
    --------
    >>> from l2s.examples import random_recurrent
    >>> from l2s.partition import HardwareSpec, partition
    >>> compiled = random_recurrent(200, fanout=10).compile()
    >>> spec = HardwareSpec(cores_per_fpga=4, neurons_per_core=64)
    >>> placement = partition(compiled, spec, method="contiguous")
    >>> round(cut_fraction(placement), 3)
    0.737
    """
    total = placement.compiled.neuron_indices.size
    return inter_core_synapses(placement) / total if total else 0.0


def traffic_matrix(placement: "Placement", rates: Optional[np.ndarray] = None) -> np.ndarray:
    """Expected spike messages per step from core ``a`` (rows) to core ``b``.

    Parameters
    ----------
    placement : Placement
    rates : array of float, optional
        Spikes per step of every neuron; defaults to the rates the placement
        was made with.

    Returns
    -------
    numpy.ndarray (float64), shape ``(n_cores, n_cores)``
        Zero diagonal: spikes delivered within a core do not travel.

    Raises
    ------
    InvalidValueError
        Without rates, or with rates of the wrong shape or negative.

    Examples
    --------
    >>> from l2s.examples import random_recurrent
    >>> from l2s.partition import HardwareSpec, partition
    >>> compiled = random_recurrent(200, fanout=10).compile()
    >>> spec = HardwareSpec(cores_per_fpga=4, neurons_per_core=64)
    >>> placement = partition(compiled, spec, method="contiguous")
    >>> t = traffic_matrix(placement, rates=np.full(200, 0.1))
    >>> round(float(t.sum()), 1), float(t[0, 0])
    (56.3, 0.0)
    """
    if rates is None:
        rates = placement.rates
    if rates is None:
        raise InvalidValueError("traffic needs firing rates: pass rates= here or to partition()")
    rates = check_rates(rates, placement.core.size)
    return core_matrix(placement.neuron_pairs, placement.core, placement.n_cores,
                       remote_only=True, source_weight=rates)


def neurons_per_core(placement: "Placement") -> np.ndarray:
    """Neurons on every core (int64).

    Examples
    --------
    >>> from l2s.examples import random_recurrent
    >>> from l2s.partition import HardwareSpec, partition
    >>> compiled = random_recurrent(200, fanout=10).compile()
    >>> spec = HardwareSpec(cores_per_fpga=4, neurons_per_core=64)
    >>> placement = partition(compiled, spec, method="contiguous")
    >>> neurons_per_core(placement).tolist()
    [50, 50, 50, 50]
    """
    return np.bincount(placement.core, minlength=placement.n_cores).astype(np.int64)


def input_axons_per_core(placement: "Placement") -> np.ndarray:
    """Input axons with at least one synapse onto every core (int64).

    Examples
    --------
    >>> from l2s.examples import random_recurrent
    >>> from l2s.partition import HardwareSpec, partition
    >>> compiled = random_recurrent(200, fanout=10).compile()
    >>> spec = HardwareSpec(cores_per_fpga=4, neurons_per_core=64)
    >>> placement = partition(compiled, spec, method="contiguous")
    >>> input_axons_per_core(placement).tolist()
    [20, 19, 19, 19]
    """
    return np.array([a.size for a in placement.input_axons], dtype=np.int64)


def relays_per_core(placement: "Placement") -> np.ndarray:
    """Relay axons of every core: remote neurons with a synapse onto it (int64).

    Examples
    --------
    >>> from l2s.examples import random_recurrent
    >>> from l2s.partition import HardwareSpec, partition
    >>> compiled = random_recurrent(200, fanout=10).compile()
    >>> spec = HardwareSpec(cores_per_fpga=4, neurons_per_core=64)
    >>> placement = partition(compiled, spec, method="contiguous")
    >>> relays_per_core(placement).tolist()
    [140, 143, 138, 142]
    """
    return np.array([r.size for r in placement.relays], dtype=np.int64)


def axons_per_core(placement: "Placement") -> np.ndarray:
    """Axon slots in use on every core: input axons plus relay axons (int64).

    Examples
    --------
    >>> from l2s.examples import random_recurrent
    >>> from l2s.partition import HardwareSpec, partition
    >>> compiled = random_recurrent(200, fanout=10).compile()
    >>> spec = HardwareSpec(cores_per_fpga=4, neurons_per_core=64)
    >>> placement = partition(compiled, spec, method="contiguous")
    >>> bool((axons_per_core(placement) <= spec.axons_per_core).all())
    True
    """
    return input_axons_per_core(placement) + relays_per_core(placement)


def synapses_per_core(placement: "Placement") -> np.ndarray:
    """Synapses stored on every core: those whose target neuron sits there (int64).

    Examples
    --------
    >>> from l2s.examples import random_recurrent
    >>> from l2s.partition import HardwareSpec, partition
    >>> compiled = random_recurrent(200, fanout=10).compile()
    >>> spec = HardwareSpec(cores_per_fpga=4, neurons_per_core=64)
    >>> placement = partition(compiled, spec, method="contiguous")
    >>> int(synapses_per_core(placement).sum()) == compiled.n_synapses
    True
    """
    n = placement.n_cores
    counts = np.zeros(n, dtype=np.int64)
    for pairs in (placement.neuron_pairs, placement.axon_pairs):
        counts += np.bincount(pairs.core, weights=pairs.count.astype(np.float64),
                              minlength=n).astype(np.int64)
    return counts


def hbm_rows(placement: "Placement") -> np.ndarray:
    """HBM synapse rows every core needs with the placement's columns (int64).

    Examples
    --------
    >>> from l2s.examples import random_recurrent
    >>> from l2s.partition import HardwareSpec, partition
    >>> compiled = random_recurrent(200, fanout=10).compile()
    >>> spec = HardwareSpec(cores_per_fpga=4, neurons_per_core=64)
    >>> placement = partition(compiled, spec, method="contiguous")
    >>> bool((hbm_rows(placement) >= hbm_rows_lower_bound(placement)).all())
    True
    """
    return ROWS_PER_GROUP * placement.row_groups.groups


def hbm_rows_lower_bound(placement: "Placement") -> np.ndarray:
    """HBM rows no choice of columns can beat, given the cores (int64).

    Two rows per ``max(ceil(words / 16), synapses onto the most-targeted
    neuron)`` summed over the row owners of the core, plus the shared empty
    group (see :mod:`l2s.partition.hbm`).

    Examples
    --------
    >>> from l2s.examples import random_recurrent
    >>> from l2s.partition import HardwareSpec, partition
    >>> compiled = random_recurrent(200, fanout=10).compile()
    >>> spec = HardwareSpec(cores_per_fpga=4, neurons_per_core=64)
    >>> placement = partition(compiled, spec, method="contiguous")
    >>> hbm_rows_lower_bound(placement).tolist()
    [440, 446, 434, 448]
    """
    return ROWS_PER_GROUP * placement.row_groups.lower_bound


def balance(loads: np.ndarray) -> float:
    """Largest over mean of per-core loads: 1.0 is perfect (1.0 when all are zero).

    Examples
    --------
    >>> balance(np.array([10, 10, 20, 0]))
    2.0
    """
    loads = np.asarray(loads, dtype=np.float64)
    mean = loads.mean() if loads.size else 0.0
    return float(loads.max() / mean) if mean > 0 else 1.0
