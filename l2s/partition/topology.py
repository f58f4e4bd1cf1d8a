"""Who connects to whom: the out- and in-adjacency of a compiled network."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Tuple

import numba
import numpy as np

from ..graph.compiled import CompiledNetwork

__all__ = ["Topology", "transpose"]


@numba.njit(cache=True, nogil=True)
def transpose(indptr: np.ndarray, indices: np.ndarray, n_cols: int
              ) -> Tuple[np.ndarray, np.ndarray]:
    """The transposed CSR: for each column, its rows in ascending order (repeats kept).

    Examples
    --------
    >>> import numpy as np
    >>> t_indptr, t_indices = transpose(np.array([0, 2, 3]), np.array([1, 1, 0], np.int32), 2)
    >>> t_indptr.tolist(), t_indices.tolist()
    ([0, 1, 3], [1, 0, 0])
    """
    t_indptr = np.zeros(n_cols + 1, dtype=np.int64)
    for k in range(indices.size):
        t_indptr[indices[k] + 1] += 1
    for c in range(n_cols):
        t_indptr[c + 1] += t_indptr[c]
    t_indices = np.empty(indices.size, dtype=np.int32)
    cursor = t_indptr[:-1].copy()
    for r in range(indptr.size - 1):
        for k in range(indptr[r], indptr[r + 1]):
            c = indices[k]
            t_indices[cursor[c]] = r
            cursor[c] += 1
    return t_indptr, t_indices


@dataclass(frozen=True, eq=False)
class Topology:
    """Synapse structure of a network, by source and by target (weights dropped).

    Attributes
    ----------
    neuron_indptr, neuron_indices : numpy.ndarray
        Targets of every neuron (the compiled CSR, not copied).
    axon_indptr, axon_indices : numpy.ndarray
        Targets of every input axon.
    in_neuron_indptr, in_neuron_indices : numpy.ndarray
        Source neurons of every neuron's incoming synapses, ascending.
    in_axon_indptr, in_axon_indices : numpy.ndarray
        Source axons of every neuron's incoming synapses, ascending.
    output : numpy.ndarray of bool
    """

    neuron_indptr: np.ndarray
    neuron_indices: np.ndarray
    axon_indptr: np.ndarray
    axon_indices: np.ndarray
    in_neuron_indptr: np.ndarray
    in_neuron_indices: np.ndarray
    in_axon_indptr: np.ndarray
    in_axon_indices: np.ndarray
    output: np.ndarray

    @classmethod
    def from_compiled(cls, compiled: CompiledNetwork) -> "Topology":
        """Build the in-adjacency of ``compiled`` (one pass over its synapses).

        Examples
        --------
        >>> import l2s
        >>> net = l2s.Network()
        >>> a = net.add_neurons("a", 3, threshold=1)
        >>> _ = net.connect(a, a, pre=[0, 2], post=[1, 1])
        >>> t = Topology.from_compiled(net.compile())
        >>> t.in_neuron_indptr.tolist(), t.in_neuron_indices.tolist()
        ([0, 0, 2, 2], [0, 2])
        """
        n = compiled.n_neurons
        return cls(compiled.neuron_indptr, compiled.neuron_indices,
                   compiled.axon_indptr, compiled.axon_indices,
                   *transpose(compiled.neuron_indptr, compiled.neuron_indices, n),
                   *transpose(compiled.axon_indptr, compiled.axon_indices, n),
                   compiled.output)

    @property
    def n_neurons(self) -> int:
        return self.neuron_indptr.size - 1

    @property
    def n_axons(self) -> int:
        return self.axon_indptr.size - 1
