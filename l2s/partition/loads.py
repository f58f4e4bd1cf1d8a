"""What every core must hold for a given assignment of neurons to cores.

A *pair* ``(source, core)`` exists when a neuron or input axon has at least
one synapse onto a neuron of that core. Pairs decide the axon slots
(an input axon takes one slot on every core it targets; a neuron takes a
relay axon on every other core it targets) and the synapse words each core
stores. Everything here is one pass over the synapses, in compiled code.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Tuple

import numba
import numpy as np

from ..machine.costs import free_words_of, groups_for, remote_cores, tally_cores
from .topology import Topology

__all__ = ["tally_cores", "CorePairs", "CoreLoads", "core_pairs", "core_loads", "free_words", "loads_of",
           "sources_by_core", "core_matrix"]


@numba.njit(cache=True, nogil=True)
def _pairs(indptr, indices, core, n_cores):
    """For every source, its target cores (ascending) and its synapse count on each."""
    n = indptr.size - 1
    count = np.zeros(n_cores, dtype=np.int64)
    touched = np.empty(n_cores, dtype=np.int32)
    pair_indptr = np.zeros(n + 1, dtype=np.int64)
    for s in range(n):
        m = tally_cores(indptr, indices, core, s, count, touched)
        for j in range(m):
            count[touched[j]] = 0
        pair_indptr[s + 1] = pair_indptr[s] + m
    pair_core = np.empty(pair_indptr[n], dtype=np.int32)
    pair_count = np.empty(pair_indptr[n], dtype=np.int32)
    for s in range(n):
        m = tally_cores(indptr, indices, core, s, count, touched)
        cores = np.sort(touched[:m])
        start = pair_indptr[s]
        for j in range(m):
            pair_core[start + j] = cores[j]
            pair_count[start + j] = count[cores[j]]
            count[cores[j]] = 0
    return pair_indptr, pair_core, pair_count


@dataclass(frozen=True, eq=False)
class CorePairs:
    """The ``(source, core)`` pairs of one kind of source, as CSR over sources.

    Attributes
    ----------
    indptr : numpy.ndarray (int64)
        Pairs of source ``s`` are ``indptr[s]:indptr[s + 1]``.
    core : numpy.ndarray (int32)
        Target core of each pair, ascending within a source.
    count : numpy.ndarray (int32)
        Synapses of the source onto that core.
    """

    indptr: np.ndarray
    core: np.ndarray
    count: np.ndarray


def core_pairs(indptr: np.ndarray, indices: np.ndarray, core: np.ndarray,
               n_cores: int) -> CorePairs:
    """The ``(source, core)`` pairs of a CSR of synapses under the assignment ``core``.

    Examples
    --------
    >>> import numpy as np
    >>> pairs = core_pairs(np.array([0, 3, 3]), np.array([0, 1, 1], np.int32),
    ...                    np.array([1, 0], np.int32), 2)
    >>> pairs.indptr.tolist(), pairs.core.tolist(), pairs.count.tolist()
    ([0, 2, 2], [0, 1], [2, 1])
    """
    return CorePairs(*_pairs(indptr, indices, core, n_cores))


@numba.njit(cache=True, nogil=True)
def _sources_by_core(indptr, pair_core, core, n_cores, remote_only):
    """Counting sort of the pairs by core: per core, its sources in ascending order."""
    starts = np.zeros(n_cores + 1, dtype=np.int64)
    for s in range(indptr.size - 1):
        for j in range(indptr[s], indptr[s + 1]):
            if not remote_only or pair_core[j] != core[s]:
                starts[pair_core[j] + 1] += 1
    for c in range(n_cores):
        starts[c + 1] += starts[c]
    sources = np.empty(starts[n_cores], dtype=np.int32)
    cursor = starts[:-1].copy()
    for s in range(indptr.size - 1):
        for j in range(indptr[s], indptr[s + 1]):
            c = pair_core[j]
            if not remote_only or c != core[s]:
                sources[cursor[c]] = s
                cursor[c] += 1
    return starts, sources


def sources_by_core(pairs: CorePairs, core: np.ndarray, n_cores: int,
                    remote_only: bool) -> Tuple[np.ndarray, ...]:
    """Per core, the ascending sources with a pair there (only remote ones if asked).

    Examples
    --------
    >>> import numpy as np
    >>> core = np.array([0, 1], np.int32)
    >>> pairs = core_pairs(np.array([0, 2, 3]), np.array([0, 1, 1], np.int32), core, 2)
    >>> [a.tolist() for a in sources_by_core(pairs, core, 2, remote_only=True)]
    [[], [0]]
    """
    starts, sources = _sources_by_core(pairs.indptr, pairs.core, core, n_cores, remote_only)
    return tuple(sources[starts[k]:starts[k + 1]] for k in range(n_cores))


@numba.njit(cache=True, nogil=True)
def _core_matrix(indptr, pair_core, pair_count, core, source_weight, n_cores, remote_only):
    out = np.zeros((n_cores, n_cores), dtype=np.float64)
    for s in range(indptr.size - 1):
        for j in range(indptr[s], indptr[s + 1]):
            if not remote_only or pair_core[j] != core[s]:
                out[core[s], pair_core[j]] += (pair_count[j] if source_weight.size == 0
                                               else source_weight[s])
    return out


def core_matrix(pairs: CorePairs, core: np.ndarray, n_cores: int, remote_only: bool,
                source_weight: Optional[np.ndarray] = None) -> np.ndarray:
    """Per (source core, target core): the synapses of the pairs, or the sum of
    ``source_weight`` over them (one term per pair).

    Examples
    --------
    >>> import numpy as np
    >>> core = np.array([0, 1], np.int32)
    >>> pairs = core_pairs(np.array([0, 2, 3]), np.array([0, 1, 1], np.int32), core, 2)
    >>> core_matrix(pairs, core, 2, remote_only=False).tolist()
    [[1.0, 1.0], [0.0, 1.0]]
    >>> core_matrix(pairs, core, 2, remote_only=True, source_weight=np.array([0.5, 2.0])).tolist()
    [[0.0, 0.5], [0.0, 0.0]]
    """
    weight = np.zeros(0) if source_weight is None else source_weight.astype(np.float64)
    return _core_matrix(pairs.indptr, pairs.core, pairs.count, core, weight, n_cores,
                        remote_only)


@numba.njit(cache=True, nogil=True)
def _free_words(indptr, pair_core, core, output):
    free = np.empty(core.size, dtype=np.int64)
    for s in range(core.size):
        free[s] = free_words_of(remote_cores(pair_core[indptr[s]:indptr[s + 1]],
                                             indptr[s + 1] - indptr[s], core[s]), output[s])
    return free


def free_words(neuron_pairs: CorePairs, core: np.ndarray, output: np.ndarray) -> np.ndarray:
    """Words of each neuron's rows that may sit in any slot (int64).

    One route word per remote core the neuron targets (it sends the spike to
    that core's relay axon) plus one spike-out word if the neuron is an output.

    Examples
    --------
    >>> import numpy as np
    >>> core = np.array([0, 1], np.int32)
    >>> pairs = core_pairs(np.array([0, 2, 2]), np.array([0, 1], np.int32), core, 2)
    >>> free_words(pairs, core, np.array([True, False])).tolist()
    [2, 0]
    """
    return _free_words(neuron_pairs.indptr, neuron_pairs.core, core, output.astype(np.int64))


@dataclass(frozen=True, eq=False)
class CoreLoads:
    """Per-core needs of an assignment (arrays of length ``n_cores``).

    Attributes
    ----------
    neurons : numpy.ndarray
    input_axons : numpy.ndarray
        Input axons with at least one target on the core.
    relays : numpy.ndarray
        Remote neurons with at least one target on the core.
    synapses : numpy.ndarray
        Synapses whose target is on the core (they are stored there).
    row_groups_lower_bound : numpy.ndarray
        Row groups no column assignment can beat: ``ceil(words / 16)`` per
        row owner, plus the shared empty group when a neuron has no words.
    """

    neurons: np.ndarray
    input_axons: np.ndarray
    relays: np.ndarray
    synapses: np.ndarray
    row_groups_lower_bound: np.ndarray

    @property
    def axons(self) -> np.ndarray:
        """Axon slots in use: input axons plus relay axons."""
        return self.input_axons + self.relays


@numba.njit(cache=True, nogil=True)
def _core_loads(n_indptr, n_core, n_count, a_indptr, a_core, a_count, core, output, n_cores):
    neurons = np.zeros(n_cores, dtype=np.int64)
    inputs = np.zeros(n_cores, dtype=np.int64)
    relays = np.zeros(n_cores, dtype=np.int64)
    synapses = np.zeros(n_cores, dtype=np.int64)
    groups = np.zeros(n_cores, dtype=np.int64)
    empty = np.zeros(n_cores, dtype=np.int64)
    for s in range(core.size):
        own = core[s]
        neurons[own] += 1
        words = 0
        remote = 0
        for j in range(n_indptr[s], n_indptr[s + 1]):
            c = n_core[j]
            synapses[c] += n_count[j]
            if c == own:
                words += n_count[j]
            else:
                remote += 1
                relays[c] += 1
                groups[c] += groups_for(n_count[j])
        words += free_words_of(remote, output[s])
        if words:
            groups[own] += groups_for(words)
        else:
            empty[own] = 1
    for x in range(a_indptr.size - 1):
        for j in range(a_indptr[x], a_indptr[x + 1]):
            c = a_core[j]
            inputs[c] += 1
            synapses[c] += a_count[j]
            groups[c] += groups_for(a_count[j])
    return neurons, inputs, relays, synapses, groups + empty


def core_loads(neuron_pairs: CorePairs, axon_pairs: CorePairs, core: np.ndarray,
               output: np.ndarray, n_cores: int) -> CoreLoads:
    """Neurons, axon slots, synapses and the HBM row lower bound of every core (see
    :func:`loads_of`)."""
    return CoreLoads(*_core_loads(neuron_pairs.indptr, neuron_pairs.core, neuron_pairs.count,
                                  axon_pairs.indptr, axon_pairs.core, axon_pairs.count,
                                  core, output.astype(np.int64), n_cores))


def loads_of(topology: Topology, core: np.ndarray, n_cores: int
             ) -> Tuple[CorePairs, CorePairs, CoreLoads]:
    """Pairs of neurons and of axons, and the loads, of the assignment ``core``.

    Examples
    --------
    >>> import numpy as np
    >>> from l2s.examples import random_recurrent
    >>> compiled = random_recurrent(40, fanout=4).compile()
    >>> topology = Topology.from_compiled(compiled)
    >>> _, _, loads = loads_of(topology, np.repeat(np.arange(2, dtype=np.int32), 20), 2)
    >>> loads.neurons.tolist(), int(loads.synapses.sum()) == compiled.n_synapses
    ([20, 20], True)
    """
    neuron_pairs = core_pairs(topology.neuron_indptr, topology.neuron_indices, core, n_cores)
    axon_pairs = core_pairs(topology.axon_indptr, topology.axon_indices, core, n_cores)
    return neuron_pairs, axon_pairs, core_loads(neuron_pairs, axon_pairs, core,
                                                topology.output, n_cores)
