"""Two-way maps between user keys and flat indices of axons or neurons."""
from __future__ import annotations

from typing import Dict, Hashable, Iterable, Iterator, List, Optional, Sequence, Tuple

import numpy as np

from .._validation import fail
from ..errors import UnknownKeyError

__all__ = ["KeyMap"]


class KeyMap:
    """Maps keys to flat indices (and back) over consecutive populations.

    Member ``i`` of a population with explicit keys is known by its key;
    otherwise by ``(population_name, i)``. Explicit keys are hashed into a
    dict only on first lookup, so large networks with implicit keys cost no
    per-member Python objects.

    Parameters
    ----------
    blocks : sequence of (name, start, size, keys)
        Populations in index order; ``keys`` is a tuple or None.
    kind : str
        ``'axon'`` or ``'neuron'``, used in error messages.

    Examples
    --------
    >>> km = KeyMap([("in", 0, 2, ("alpha", "beta")), ("exc", 2, 3, None)], "axon")
    >>> km.index("beta"), km.index(("exc", 1)), km.key(4)
    (1, 3, ('exc', 2))
    """

    def __init__(self, blocks: Sequence[Tuple[str, int, int, Optional[tuple]]], kind: str) -> None:
        self._blocks = list(blocks)
        self._kind = kind
        self._by_name = {b[0]: b for b in self._blocks}
        self._starts = np.array([b[1] for b in self._blocks], dtype=np.int64)
        self._explicit: Optional[Dict[Hashable, int]] = None
        self.size = sum(b[2] for b in self._blocks)

    @property
    def blocks(self) -> Tuple[Tuple[str, int, int, Optional[tuple]], ...]:
        """The ``(name, start, size, keys)`` blocks the map was made of.

        Examples
        --------
        >>> import l2s
        >>> net = l2s.Network()
        >>> _ = net.add_neurons("a", 2, threshold=1)
        >>> _ = net.add_neurons("b", 1, threshold=1, keys=["x"])
        >>> net.compile().neuron_keys.blocks
        (('a', 0, 2, None), ('b', 2, 1, ('x',)))
        """
        return tuple(self._blocks)

    def _explicit_index(self) -> Dict[Hashable, int]:
        if self._explicit is None:
            table: Dict[Hashable, int] = {}
            for _, start, _, keys in self._blocks:
                if keys is not None:
                    table.update(zip(keys, range(start, start + len(keys))))
            self._explicit = table
        return self._explicit

    def find(self, key: Hashable) -> Optional[int]:
        """Index of ``key``, or None when it is not a key of this map.

        Examples
        --------
        >>> km = KeyMap([("in", 0, 2, ("alpha", "beta")), ("exc", 2, 3, None)], "axon")
        >>> km.find("beta"), km.find(("exc", 2)), km.find(("exc", 3)), km.find("gamma")
        (1, 4, None, None)
        """
        try:
            found = self._explicit_index().get(key)
        except TypeError:  # unhashable
            return None
        if found is not None:
            return found
        if isinstance(key, tuple) and len(key) == 2 and key[0] in self._by_name:
            name, start, size, keys = self._by_name[key[0]]
            i = key[1]
            if keys is None and isinstance(i, (int, np.integer)) and not isinstance(i, bool) \
                    and 0 <= i < size:
                return start + int(i)
        return None

    def index(self, key: Hashable) -> int:
        """Index of ``key``; raises :class:`UnknownKeyError` naming it.

        Examples
        --------
        >>> km = KeyMap([("in", 0, 2, ("alpha", "beta")), ("exc", 2, 3, None)], "axon")
        >>> km.index(("exc", 0))
        2
        >>> km.index("gamma")
        Traceback (most recent call last):
        ...
        l2s.errors.UnknownKeyError: key = 'gamma' is not an axon of this network
        """
        found = self.find(key)
        if found is None:
            article = "an" if self._kind[0] in "aeiou" else "a"
            raise fail("key", key, f"is not {article} {self._kind} of this network",
                       UnknownKeyError)
        return found

    def indices(self, keys: Iterable[Hashable]) -> np.ndarray:
        """Indices of several keys (int64 array), raising on the first unknown one.

        Examples
        --------
        >>> km = KeyMap([("in", 0, 2, ("alpha", "beta")), ("exc", 2, 3, None)], "neuron")
        >>> km.indices(["beta", ("exc", 2), "alpha"]).tolist()
        [1, 4, 0]
        """
        return np.fromiter((self.index(k) for k in keys), dtype=np.int64)

    def key(self, index: int) -> Hashable:
        """Key of flat ``index``.

        Examples
        --------
        >>> km = KeyMap([("in", 0, 2, ("alpha", "beta")), ("exc", 2, 3, None)], "axon")
        >>> km.key(0), km.key(3)
        ('alpha', ('exc', 1))
        """
        if not 0 <= index < self.size:
            raise UnknownKeyError(f"{self._kind} index {index} is outside [0, {self.size})")
        b = int(np.searchsorted(self._starts, index, side="right")) - 1
        name, start, _, keys = self._blocks[b]
        return keys[index - start] if keys is not None else (name, int(index - start))

    def keys(self, indices: Iterable[int]) -> List[Hashable]:
        """Keys of several indices, in order.

        Examples
        --------
        >>> km = KeyMap([("in", 0, 2, ("alpha", "beta")), ("exc", 2, 3, None)], "axon")
        >>> km.keys([4, 1])
        [('exc', 2), 'beta']
        """
        return [self.key(int(i)) for i in indices]

    def __contains__(self, key: Hashable) -> bool:
        return self.find(key) is not None

    def __iter__(self) -> Iterator[Hashable]:
        for name, _, size, keys in self._blocks:
            yield from (keys if keys is not None else ((name, i) for i in range(size)))

    def __len__(self) -> int:
        return self.size

    def __repr__(self) -> str:
        return f"KeyMap({self._kind}, size={self.size}, populations={[b[0] for b in self._blocks]})"
