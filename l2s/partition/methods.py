"""Assignments of neurons to cores: METIS and the two baselines it is compared with.

Each function returns the global core id of every neuron (int32), balanced
over all cores of the spec; capacities are enforced afterwards by
:func:`l2s.partition.repair.repair`, the same way for every method.
"""
from __future__ import annotations

from typing import Optional

import numpy as np

from ..graph.compiled import CompiledNetwork
from .weighted_graph import weighted_neuron_graph
from .metis import part_graph
from ..machine.spec import HardwareSpec

__all__ = ["METHODS", "contiguous_cores", "random_cores", "metis_cores"]


def contiguous_cores(n_neurons: int, n_cores: int) -> np.ndarray:
    """Neuron ids cut into ``n_cores`` consecutive blocks of (nearly) equal size.

    Examples
    --------
    >>> contiguous_cores(5, 2).tolist()
    [0, 0, 0, 1, 1]
    """
    return (np.arange(n_neurons, dtype=np.int64) * n_cores // max(n_neurons, 1)).astype(np.int32)


def random_cores(n_neurons: int, n_cores: int, seed: int) -> np.ndarray:
    """Equal-size blocks of a random permutation of the neurons (seeded).

    Examples
    --------
    >>> np.bincount(random_cores(6, 3, seed=0)).tolist()
    [2, 2, 2]
    """
    core = np.empty(n_neurons, dtype=np.int32)
    core[np.random.default_rng(seed).permutation(n_neurons)] = contiguous_cores(n_neurons, n_cores)
    return core


def metis_cores(compiled: CompiledNetwork, spec: HardwareSpec, seed: int,
                rates: Optional[np.ndarray] = None) -> np.ndarray:
    """METIS on the neuron graph, hierarchically: FPGAs first, then the cores of each FPGA.

    Parameters
    ----------
    compiled : CompiledNetwork
    spec : HardwareSpec
    seed : int
    rates : numpy.ndarray, optional
        Spikes per step of every neuron: edges are then weighted by traffic.

    Examples
    --------
    >>> from l2s.examples import random_recurrent
    >>> spec = HardwareSpec(fpgas=2, cores_per_fpga=2)
    >>> core = metis_cores(random_recurrent(400, fanout=4).compile(), spec, seed=0)
    >>> core.shape, sorted(set(core.tolist()))
    ((400,), [0, 1, 2, 3])
    """
    graph = weighted_neuron_graph(compiled, rates, seed=seed)
    if spec.fpgas == 1:
        return part_graph(graph, spec.cores_per_fpga, seed)
    fpga = part_graph(graph, spec.fpgas, seed)
    core = np.empty(graph.n_vertices, dtype=np.int32)
    for f in range(spec.fpgas):
        members = np.flatnonzero(fpga == f)
        local = part_graph(graph.subgraph(members), spec.cores_per_fpga, seed)
        core[members] = f * spec.cores_per_fpga + local
    return core


METHODS = ("metis", "contiguous", "random")
