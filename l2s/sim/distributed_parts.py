"""Which process of a distributed run owns each neuron.

A distributed run has one part per MPI process. The parts come from a
:class:`~l2s.partition.Placement` (its cores, grouped into consecutive runs
of equal neuron count, so the METIS cores that share an FPGA stay together)
or, without one, from METIS directly on the neuron graph, one part per
process (:func:`metis_parts`).
"""
from __future__ import annotations

from typing import Any

import numpy as np

from .._validation import check_int, check_int_array
from ..errors import InvalidValueError
from ..graph.compiled import CompiledNetwork
from ..partition import Placement
from ..partition.metis import part_graph
from ..partition.weighted_graph import weighted_neuron_graph

__all__ = ["placement_parts", "metis_parts", "check_parts"]


def placement_parts(placement: Placement, n_parts: int) -> np.ndarray:
    """Part of every neuron: the placement's cores in ``n_parts`` runs of similar neuron count.

    Parameters
    ----------
    placement : Placement
    n_parts : int
        Number of processes; at most the number of non-empty cores.

    Returns
    -------
    numpy.ndarray (int32)
        A part may be empty when a few cores hold most neurons.

    Raises
    ------
    InvalidValueError
        When the placement uses fewer cores than ``n_parts``.

    Examples
    --------
    >>> from l2s.examples import random_recurrent
    >>> from l2s.partition import HardwareSpec, partition
    >>> spec = HardwareSpec(cores_per_fpga=4, neurons_per_core=32)
    >>> placement = partition(random_recurrent(100, fanout=4).compile(), spec,
    ...                       method="contiguous")
    >>> np.bincount(placement_parts(placement, 2)).tolist()
    [50, 50]
    """
    n_parts = check_int(n_parts, "n_parts", 1)
    per_core = np.bincount(placement.core, minlength=placement.n_cores)
    used = np.flatnonzero(per_core)
    if used.size < n_parts:
        raise InvalidValueError(f"the placement uses {used.size} cores, fewer than the "
                                f"{n_parts} processes; run on at most {used.size} processes "
                                f"or let the run partition the network (no placement)")
    before = np.cumsum(per_core[used]) - per_core[used]
    total = int(per_core.sum())
    part = np.minimum(before * n_parts // total, n_parts - 1)
    part_of_core = np.zeros(placement.n_cores, dtype=np.int32)
    part_of_core[used] = part
    return part_of_core[placement.core]


def metis_parts(compiled: CompiledNetwork, n_parts: int, seed: int = 0) -> np.ndarray:
    """Part of every neuron, ``n_parts`` parts of equal size with few synapses between them.

    METIS (:func:`l2s.partition.metis.part_graph`) on the neuron graph
    (:func:`l2s.partition.weighted_graph.weighted_neuron_graph`).

    Examples
    --------
    >>> import l2s
    >>> net = l2s.Network()
    >>> a = net.add_neurons("a", 8, threshold=1)
    >>> _ = net.connect(a, a, pre=[0, 1, 2, 4, 5, 6], post=[1, 2, 3, 5, 6, 7], weight=1)
    >>> metis_parts(net.compile(), 2).tolist() in ([0] * 4 + [1] * 4, [1] * 4 + [0] * 4)
    True
    """
    n_parts = check_int(n_parts, "n_parts", 1)
    return part_graph(weighted_neuron_graph(compiled), n_parts, seed).astype(np.int32)


def check_parts(parts: Any, n_neurons: int, n_parts: int) -> np.ndarray:
    """``parts`` (one part per neuron, or one for all, in ``[0, n_parts)``) as int32, checked.

    Examples
    --------
    >>> check_parts([0, 1, 1], 3, 2).tolist()
    [0, 1, 1]
    >>> check_parts([0, 2], 2, 2)
    Traceback (most recent call last):
    ...
    l2s.errors.InvalidValueError: parts[1] = 2 is outside the allowed range [0, 1]
    """
    return check_int_array(parts, "parts", 0, n_parts - 1, np.int32, size=n_neurons)
