"""Populations (graph nodes) and projections (graph edges) of a network."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Hashable, Optional, Sequence

import numpy as np

__all__ = ["Population", "Projection", "AXONS", "NEURONS"]

AXONS = "axons"
NEURONS = "neurons"


def _frozen(arr: np.ndarray) -> np.ndarray:
    arr.flags.writeable = False
    return arr


class Population:
    """A group of axons (network inputs) or neurons: one node of the network graph.

    Populations are created by :meth:`l2s.Network.add_axons` and
    :meth:`l2s.Network.add_neurons`; use the returned object (or its name)
    in :meth:`l2s.Network.connect`. Per-neuron parameters are read-only
    arrays of length ``size``.

    Attributes
    ----------
    name : str
        Unique name within the network.
    kind : {'axons', 'neurons'}
    size : int
    keys : tuple or None
        User keys of the members (e.g. the names of an L2S dict), or None:
        member ``i`` is then keyed ``(name, i)``.
    threshold, model, leak, output, shift : numpy.ndarray or None
        Neuron parameters (int64, uint8, uint8, bool, int8); None for axons.

    Examples
    --------
    >>> from l2s import Network
    >>> exc = Network().add_neurons("exc", 3, threshold=[1, 2, 3])
    >>> exc, len(exc), exc.key(2)
    (Population('exc', neurons, size=3), 3, ('exc', 2))
    >>> exc.threshold.tolist(), exc.threshold.flags.writeable
    ([1, 2, 3], False)
    """

    __slots__ = ("name", "kind", "size", "keys", "threshold", "model", "leak", "output", "shift")

    def __init__(self, name: str, kind: str, size: int, keys: Optional[Sequence[Hashable]] = None,
                 threshold: Optional[np.ndarray] = None, model: Optional[np.ndarray] = None,
                 leak: Optional[np.ndarray] = None, output: Optional[np.ndarray] = None,
                 shift: Optional[np.ndarray] = None) -> None:
        self.name = name
        self.kind = kind
        self.size = size
        self.keys = tuple(keys) if keys is not None else None
        self.threshold = None if threshold is None else _frozen(threshold)
        self.model = None if model is None else _frozen(model)
        self.leak = None if leak is None else _frozen(leak)
        self.output = None if output is None else _frozen(output)
        self.shift = None if shift is None else _frozen(shift)

    @property
    def is_axons(self) -> bool:
        """True for an axon (input) population.

        Examples
        --------
        >>> Population("in", AXONS, 2).is_axons
        True
        """
        return self.kind == AXONS

    def key(self, i: int) -> Hashable:
        """Key of member ``i``: the user key, or ``(name, i)``.

        Examples
        --------
        >>> named = Population("cmd", AXONS, 2, keys=["go", "stop"])
        >>> Population("in", AXONS, 2).key(1), named.key(1)
        (('in', 1), 'stop')
        """
        return self.keys[i] if self.keys is not None else (self.name, i)

    def __len__(self) -> int:
        return self.size

    def __repr__(self) -> str:
        return f"Population({self.name!r}, {self.kind}, size={self.size})"


@dataclass(frozen=True)
class Projection:
    """Synapses from one population to another, as COO arrays (one graph edge).

    Attributes
    ----------
    pre, post : numpy.ndarray
        int32 member indices within the source and target populations.
    weight : numpy.ndarray
        int16 weights, one per synapse.

    Examples
    --------
    >>> from l2s import Network
    >>> net = Network()
    >>> inp, exc = net.add_axons("in", 2), net.add_neurons("exc", 2, threshold=0)
    >>> proj = net.connect(inp, exc, rule="one_to_one", weight=[3, -3])
    >>> len(proj), proj.pre.dtype.name, proj.weight.tolist()
    (2, 'int32', [3, -3])
    """

    pre: np.ndarray
    post: np.ndarray
    weight: np.ndarray

    def __post_init__(self) -> None:
        for arr in (self.pre, self.post, self.weight):
            _frozen(arr)

    def __len__(self) -> int:
        return int(self.pre.size)

    @staticmethod
    def concatenate(parts: Sequence["Projection"]) -> "Projection":
        """Join several projections between the same two populations, in order.

        Examples
        --------
        >>> def one(pre, post, w):
        ...     return Projection(np.array([pre], np.int32), np.array([post], np.int32),
        ...                       np.array([w], np.int16))
        >>> joined = Projection.concatenate([one(0, 1, 5), one(1, 0, 6)])
        >>> joined.pre.tolist(), joined.post.tolist(), joined.weight.tolist()
        ([0, 1], [1, 0], [5, 6])
        """
        if len(parts) == 1:
            return parts[0]
        return Projection(*(np.concatenate(arrs) for arrs in
                            zip(*((p.pre, p.post, p.weight) for p in parts))))
