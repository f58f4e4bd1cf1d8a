"""Order-independent tie-breaking: a seeded hash of a (vertex, neighbour) pair.

When the partitioner must choose among equally heavy neighbours (which to
keep when a neuron has more than the graph budget allows, which to match
when coarsening), it prefers the smaller :func:`tie_key`. The key depends on
the two ids and the seed only, never on where a synapse sits in its
source's list, so a network gives the same graph and the same partition
whatever order its synapses were added in. Unlike the smaller id, the key
has no direction: on a grid or torus it favours no side.

``tie_key`` is a bijection of ``(u, v)`` for ids below ``2**32`` and a fixed
seed (a splitmix64 finaliser of ``u * 2**32 + v``): two neighbours of one
vertex never tie.
"""
from __future__ import annotations

import numba
import numpy as np

__all__ = ["tie_key"]

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)


@numba.njit(cache=True, nogil=True)
def tie_key(u, v, seed):
    """Seeded 64-bit key of the ordered pair ``(u, v)``; distinct pairs get distinct keys.

    Parameters
    ----------
    u, v : int
        Vertex ids in ``[0, 2**32)``.
    seed : int
        Non-negative.

    Returns
    -------
    numpy.uint64

    Examples
    --------
    >>> keys = {int(tie_key(u, v, 0)) for u in range(30) for v in range(30)}
    >>> len(keys)
    900
    >>> tie_key(1, 2, 0) == tie_key(1, 2, 0), tie_key(1, 2, 0) == tie_key(1, 2, 1)
    (True, False)
    """
    x = (np.uint64(u) << np.uint64(32)) | np.uint64(v)
    x ^= np.uint64(seed) * _GOLDEN
    x = (x ^ (x >> np.uint64(30))) * _MIX1
    x = (x ^ (x >> np.uint64(27))) * _MIX2
    return x ^ (x >> np.uint64(31))
