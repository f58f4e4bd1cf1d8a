"""Assignments of neurons to cores: METIS, Mt-KaHyPar and the two baselines they are compared with.

Each function returns the global core id of every neuron (int32), balanced
over all cores of the spec; capacities are enforced afterwards by
:func:`l2s.partition.repair.repair`, the same way for every method.
"""
from __future__ import annotations

from typing import Callable, Optional

import numpy as np

from ..graph.compiled import CompiledNetwork
from .hypergraph import source_hypergraph
from .kahypar import part_hypergraph
from .weighted_graph import weighted_neuron_graph
from .metis import part_graph
from ..machine.spec import HardwareSpec

__all__ = ["METHODS", "contiguous_cores", "random_cores", "metis_cores", "hypergraph_cores"]


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
    return _hierarchically(spec, graph.n_vertices,
                           lambda members, k: part_graph(graph if members is None else
                                                         graph.subgraph(members), k, seed))


def hypergraph_cores(compiled: CompiledNetwork, spec: HardwareSpec, seed: int,
                     rates: Optional[np.ndarray] = None) -> np.ndarray:
    """Mt-KaHyPar on the source hypergraph (least relay axons), FPGAs first, then cores.

    Each split also refines METIS' split of the same neurons
    (:func:`~l2s.partition.kahypar.part_hypergraph` ``starts``) and keeps
    whichever has fewer relay axons: no split has more than METIS' would.

    Parameters
    ----------
    compiled : CompiledNetwork
    spec : HardwareSpec
    seed : int
    rates : numpy.ndarray, optional
        Spikes per step of every neuron: nets are then weighted by traffic.

    Raises
    ------
    TargetUnavailableError
        If ``mtkahypar`` is not installed (``pip install "l2s[hypergraph]"``).

    Examples
    --------
    >>> from l2s.examples import random_recurrent
    >>> spec = HardwareSpec(fpgas=2, cores_per_fpga=2)
    >>> core = hypergraph_cores(random_recurrent(400, fanout=4).compile(), spec,
    ...                         seed=0)  # doctest: +SKIP
    >>> core.shape, sorted(set(core.tolist()))  # doctest: +SKIP
    ((400,), [0, 1, 2, 3])
    """
    hypergraph = source_hypergraph(compiled, rates)
    graph = weighted_neuron_graph(compiled, rates, seed=seed)

    def split(members: Optional[np.ndarray], k: int) -> np.ndarray:
        sub = hypergraph if members is None else hypergraph.subhypergraph(members)
        start = part_graph(graph if members is None else graph.subgraph(members), k, seed)
        return part_hypergraph(sub, k, starts=[start])

    return _hierarchically(spec, hypergraph.n_vertices, split)


def _hierarchically(spec: HardwareSpec, n: int,
                    split: Callable[[Optional[np.ndarray], int], np.ndarray]) -> np.ndarray:
    """Core of each of ``n`` neurons: ``split`` them into FPGAs, then each FPGA's into cores.

    ``split(members, k)`` parts the neurons ``members`` (ascending; ``None``
    for all) into ``k`` parts, so the cut between FPGAs is minimised first.
    """
    if spec.fpgas == 1:
        return split(None, spec.cores_per_fpga)
    fpga = split(None, spec.fpgas)
    core = np.empty(n, dtype=np.int32)
    for f in range(spec.fpgas):
        members = np.flatnonzero(fpga == f)
        core[members] = f * spec.cores_per_fpga + split(members, spec.cores_per_fpga)
    return core


METHODS = ("metis", "hypergraph", "contiguous", "random")
