"""The compiled network: immutable flat arrays, the one input of every later stage."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Tuple

import numpy as np

from .keys import KeyMap
from .models import L2S_2022, noise_enabled
from .population import AXONS

__all__ = ["CompiledNetwork", "PopulationRange", "AXON_SOURCE", "NEURON_SOURCE"]

AXON_SOURCE = "axon"
NEURON_SOURCE = "neuron"


@dataclass(frozen=True)
class PopulationRange:
    """Where a population's members sit in the flat axon or neuron index space.

    Examples
    --------
    >>> exc = PopulationRange("exc", "neurons", 2, 5)
    >>> exc.size, list(range(exc.start, exc.stop))
    (3, [2, 3, 4])
    """

    name: str
    kind: str
    start: int
    stop: int

    @property
    def size(self) -> int:
        """Number of members, ``stop - start``.

        Examples
        --------
        >>> PopulationRange("exc", "neurons", 2, 5).size
        3
        """
        return self.stop - self.start


@dataclass(frozen=True, eq=False)
class CompiledNetwork:
    """A validated network as flat, read-only arrays (CSR by source).

    Produced by :meth:`l2s.Network.compile`. Axons and neurons are numbered
    ``0..n_axons-1`` and ``0..n_neurons-1`` in population order. The
    synapses of axon ``a`` are ``axon_indices[axon_indptr[a]:axon_indptr[a+1]]``
    (target neurons) with ``axon_weights`` in the same positions; likewise
    for neurons. Within a source, synapses keep the order they were added in.

    Attributes
    ----------
    axon_indptr, neuron_indptr : numpy.ndarray (int64)
    axon_indices, neuron_indices : numpy.ndarray (int32)
    axon_weights, neuron_weights : numpy.ndarray (int16)
    threshold : numpy.ndarray (int64)
    model : numpy.ndarray (uint8)
        Codes of :mod:`l2s.graph.models` (0 ``I&F``, 1 ``LI&F``, 2 ``ANN``).
    leak : numpy.ndarray (uint8)
    output : numpy.ndarray (bool)
    shift : numpy.ndarray (int8)
        Noise shift of every neuron (-16 everywhere: no noise, see
        :func:`l2s.graph.models.noise_enabled` and :mod:`l2s.graph.noise`).
    semantics : str
        ``'l2s-2022'`` or ``'hs-2024'``: the step every target runs
        (:mod:`l2s.graph.models`, ``docs/semantics.md``).
    axon_keys, neuron_keys : KeyMap
        Key <-> index maps.
    populations : tuple of PopulationRange

    Examples
    --------
    >>> from l2s import Network
    >>> net = Network()
    >>> inp = net.add_axons("in", 2)
    >>> exc = net.add_neurons("exc", 3, threshold=1, output=[False, True, True])
    >>> _ = net.connect(inp, exc, pre=[0, 0, 1], post=[2, 0, 1], weight=[5, 6, 7])
    >>> c = net.compile()
    >>> c
    CompiledNetwork(n_axons=2, n_neurons=3, n_synapses=3, populations=2 (1 axon))
    >>> c.axon_indptr.tolist(), c.axon_indices.tolist(), c.axon_weights.tolist()
    ([0, 2, 3], [2, 0, 1], [5, 6, 7])
    >>> c.output_indices.tolist()
    [1, 2]
    """

    axon_indptr: np.ndarray
    axon_indices: np.ndarray
    axon_weights: np.ndarray
    neuron_indptr: np.ndarray
    neuron_indices: np.ndarray
    neuron_weights: np.ndarray
    threshold: np.ndarray
    model: np.ndarray
    leak: np.ndarray
    output: np.ndarray
    axon_keys: KeyMap
    neuron_keys: KeyMap
    populations: Tuple[PopulationRange, ...]
    shift: np.ndarray
    semantics: str = L2S_2022

    def __post_init__(self) -> None:
        for name in ("axon_indptr", "axon_indices", "axon_weights", "neuron_indptr",
                     "neuron_indices", "neuron_weights", "threshold", "model", "leak", "output",
                     "shift"):
            getattr(self, name).flags.writeable = False

    @property
    def noise(self) -> bool:
        """Whether steps draw noise: some neuron's shift is not -16.

        Examples
        --------
        >>> from l2s import Network
        >>> net = Network(semantics="hs-2024")
        >>> _ = net.add_neurons("n", 2, threshold=1, model="LI&F", shift=[-16, 0])
        >>> c = net.compile()
        >>> c.semantics, c.noise
        ('hs-2024', True)
        """
        return noise_enabled(self.shift)

    @property
    def n_axons(self) -> int:
        """Number of axons (inputs).

        Examples
        --------
        >>> from l2s import Network
        >>> net = Network()
        >>> inp, exc = net.add_axons("in", 2), net.add_neurons("exc", 3, threshold=0)
        >>> _ = net.connect(inp, exc, rule="all_to_all")
        >>> _ = net.connect(exc, exc, rule="one_to_one")
        >>> c = net.compile()
        >>> c.n_axons, c.axon_indptr.size
        (2, 3)
        """
        return self.axon_indptr.size - 1

    @property
    def n_neurons(self) -> int:
        """Number of neurons.

        Examples
        --------
        >>> from l2s import Network
        >>> net = Network()
        >>> inp, exc = net.add_axons("in", 2), net.add_neurons("exc", 3, threshold=0)
        >>> _ = net.connect(inp, exc, rule="all_to_all")
        >>> _ = net.connect(exc, exc, rule="one_to_one")
        >>> c = net.compile()
        >>> c.n_neurons, c.threshold.size
        (3, 3)
        """
        return self.neuron_indptr.size - 1

    @property
    def n_synapses(self) -> int:
        """Number of synapses, from axons and from neurons.

        Examples
        --------
        >>> from l2s import Network
        >>> net = Network()
        >>> inp, exc = net.add_axons("in", 2), net.add_neurons("exc", 3, threshold=0)
        >>> _ = net.connect(inp, exc, rule="all_to_all")
        >>> _ = net.connect(exc, exc, rule="one_to_one")
        >>> c = net.compile()
        >>> c.n_synapses, c.axon_indices.size, c.neuron_indices.size
        (9, 6, 3)
        """
        return int(self.axon_indices.size + self.neuron_indices.size)

    @property
    def output_indices(self) -> np.ndarray:
        """Indices of the output neurons, ascending.

        Examples
        --------
        >>> from l2s import Network
        >>> net = Network()
        >>> _ = net.add_neurons("hidden", 2, threshold=0)
        >>> _ = net.add_neurons("out", 2, threshold=0, output=True)
        >>> net.compile().output_indices.tolist()
        [2, 3]
        """
        return np.flatnonzero(self.output)

    def csr(self, source: str) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(indptr, indices, weights)`` of the axon or neuron synapses.

        Examples
        --------
        >>> from l2s import Network
        >>> net = Network()
        >>> n = net.add_neurons("n", 3, threshold=0)
        >>> _ = net.connect(n, n, pre=[2, 0, 2], post=[0, 1, 1], weight=[7, 8, 9])
        >>> [a.tolist() for a in net.compile().csr(NEURON_SOURCE)]
        [[0, 1, 1, 3], [1, 0, 1], [8, 7, 9]]
        """
        if source == AXON_SOURCE:
            return self.axon_indptr, self.axon_indices, self.axon_weights
        return self.neuron_indptr, self.neuron_indices, self.neuron_weights

    def fanout(self, source: str = NEURON_SOURCE) -> np.ndarray:
        """Number of synapses of every axon or neuron (int64).

        Examples
        --------
        >>> from l2s import Network
        >>> net = Network()
        >>> n = net.add_neurons("n", 3, threshold=0)
        >>> _ = net.connect(n, n, pre=[0, 0, 2], post=[1, 2, 0])
        >>> net.compile().fanout(NEURON_SOURCE).tolist()
        [2, 0, 1]
        """
        return np.diff(self.csr(source)[0])

    def find_synapses(self, source: str, pre: int, post: int) -> np.ndarray:
        """Positions (into the ``source`` CSR arrays) of every synapse ``pre -> post``.

        Examples
        --------
        >>> from l2s import Network
        >>> net = Network()
        >>> n = net.add_neurons("n", 3, threshold=0)
        >>> _ = net.connect(n, n, pre=[0, 0, 0], post=[1, 2, 1], weight=[4, 5, 6])
        >>> c = net.compile()
        >>> where = c.find_synapses(NEURON_SOURCE, 0, 1)
        >>> where.tolist(), c.neuron_weights[where].tolist()
        ([0, 2], [4, 6])
        """
        indptr, indices, _ = self.csr(source)
        lo, hi = int(indptr[pre]), int(indptr[pre + 1])
        return lo + np.flatnonzero(indices[lo:hi] == post)

    def population_of(self, kind: str) -> Tuple[PopulationRange, ...]:
        """The populations of one kind (``'axons'`` or ``'neurons'``) in index order.

        Examples
        --------
        >>> from l2s import Network
        >>> net = Network()
        >>> _ = net.add_neurons("exc", 3, threshold=0)
        >>> _ = net.add_axons("in", 2)
        >>> _ = net.add_neurons("inh", 1, threshold=0)
        >>> [(p.name, p.start, p.stop) for p in net.compile().population_of("neurons")]
        [('exc', 0, 3), ('inh', 3, 4)]
        """
        return tuple(p for p in self.populations if p.kind == kind)

    def save(self, path: Any) -> None:
        """Write the network to ``path`` atomically (see :func:`l2s.graph.save_compiled`).

        Examples
        --------
        >>> import os, tempfile
        >>> from l2s.examples import random_recurrent
        >>> compiled = random_recurrent(10, fanout=2).compile()
        >>> path = os.path.join(tempfile.mkdtemp(), "net.l2sc")
        >>> compiled.save(path)
        >>> CompiledNetwork.load(path).n_synapses == compiled.n_synapses
        True
        """
        from .compiled_file import save_compiled
        save_compiled(self, path)

    @classmethod
    def load(cls, path: Any) -> "CompiledNetwork":
        """Read a network written by :meth:`save` (see :func:`l2s.graph.load_compiled`).

        Examples
        --------
        >>> import os, tempfile
        >>> from l2s.examples import docs_example
        >>> from l2s import from_l2s
        >>> path = os.path.join(tempfile.mkdtemp(), "net.l2sc")
        >>> from_l2s(**docs_example()).compile().save(path)
        >>> list(CompiledNetwork.load(path).neuron_keys)
        ['a', 'b', 'c', 'd']
        """
        from .compiled_file import load_compiled
        return load_compiled(path)

    def __repr__(self) -> str:
        n_pop_axons = len(self.population_of(AXONS))
        return (f"CompiledNetwork(n_axons={self.n_axons}, n_neurons={self.n_neurons}, "
                f"n_synapses={self.n_synapses}, populations={len(self.populations)} "
                f"({n_pop_axons} axon)"
                + ("" if self.semantics == L2S_2022 else f", semantics={self.semantics!r}")
                + (", noise" if self.noise else "") + ")")

    def _repr_html_(self) -> str:
        from .display import compiled_html
        return compiled_html(self)
