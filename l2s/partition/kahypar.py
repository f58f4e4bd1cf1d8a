"""Balanced k-way partitions of a :class:`Hypergraph` with Mt-KaHyPar, minimising ``km1``.

Mt-KaHyPar (PyPI ``mtkahypar``) is an optional dependency
(``pip install "l2s[hypergraph]"``), imported on first use. It is initialised
once per process (the library refuses a second initialisation), with one
thread, and runs its ``DETERMINISTIC_QUALITY`` preset (``DETERMINISTIC`` in
releases without it): the ``DEFAULT`` preset gives different partitions from
one call to the next even with one thread and a fixed seed, and a placement
must be a function of its inputs.

The deterministic presets take their random choices from a seed in the
context that the Python interface cannot set (``mtkahypar.set_seed`` seeds
only the non-deterministic algorithms; the context's seed stays 0), so a run
is a fixed function of the hypergraph (``partition``'s ``seed`` reaches the
``hypergraph`` method only through METIS' start). A run ends in one of many
local optima a few percent apart (``torus_network(100, 3)`` on 16 cores:
5,472 to 5,694 relays over vertex renumberings, 5,490 as numbered, where
4 x 4 squares need 5,376), which refinement does not leave; so
:func:`part_hypergraph` also refines the partitions it is given as starts
(METIS', on the ``hypergraph`` method) with :data:`VCYCLES` V-cycles and
keeps the least km1 of all (ties: the run). Its km1 is never larger than a
start's: should the V-cycles raise it (rebalancing a start beyond
Mt-KaHyPar's limit), the start competes as it is.

Blocks are balanced by vertex weight within METIS' default 3 %
(:data:`l2s.partition.metis.IMBALANCE`), as on the METIS path; hard
capacities are enforced afterwards by the repair.
"""
from __future__ import annotations

from types import ModuleType
from typing import Any, Optional, Sequence

import numpy as np

from ..errors import TargetUnavailableError
from .hypergraph import Hypergraph
from .metis import IMBALANCE

__all__ = ["require_mtkahypar", "part_hypergraph", "VCYCLES"]

#: V-cycles refining each starting partition given to :func:`part_hypergraph`.
VCYCLES = 2

_initializer: Optional[Any] = None


def require_mtkahypar() -> ModuleType:
    """Return the ``mtkahypar`` module, or raise a clear error saying how to install it.

    Examples
    --------
    >>> require_mtkahypar().__name__
    'mtkahypar'
    """
    try:
        import mtkahypar
    except ImportError as exc:
        raise TargetUnavailableError(
            'method="hypergraph" needs Mt-KaHyPar (the mtkahypar package): '
            'pip install "l2s[hypergraph]"') from exc
    return mtkahypar


def _context(mtkahypar: ModuleType, nparts: int) -> Any:
    global _initializer
    if _initializer is None:
        _initializer = mtkahypar.initialize(1, False)
    preset = getattr(mtkahypar.PresetType, "DETERMINISTIC_QUALITY",
                     mtkahypar.PresetType.DETERMINISTIC)
    context = _initializer.context_from_preset(preset)
    context.set_partitioning_parameters(nparts, IMBALANCE - 1, mtkahypar.Objective.KM1)
    context.logging = False
    return context


def _create(context: Any, hypergraph: Hypergraph) -> Any:
    """The Mt-KaHyPar hypergraph of ``hypergraph``."""
    bounds = hypergraph.net_indptr.tolist()
    pins = hypergraph.pins.tolist()
    nets = [pins[a:b] for a, b in zip(bounds[:-1], bounds[1:])]
    return _initializer.create_hypergraph(context, hypergraph.n_vertices, len(nets), nets,
                                          hypergraph.vweights.tolist(),
                                          hypergraph.net_weights.tolist())


def part_hypergraph(hypergraph: Hypergraph, nparts: int,
                    starts: Sequence[np.ndarray] = ()) -> np.ndarray:
    """Part (``0..nparts-1``) of every vertex: balanced by vertex weight, least ``km1``.

    The better of a Mt-KaHyPar run and of the ``starts``, each refined by
    :data:`VCYCLES` V-cycles (see the module docstring).

    Parameters
    ----------
    hypergraph : Hypergraph
    nparts : int
    starts : sequence of numpy.ndarray, optional
        Partitions (a part in ``0..nparts-1`` per vertex, balanced as METIS
        balances) to refine and compete with the run: the result's km1 is at
        most theirs.

    Returns
    -------
    numpy.ndarray (int32)

    Raises
    ------
    TargetUnavailableError
        If ``mtkahypar`` is not installed.

    Examples
    --------
    Two triangles joined by one net: each triangle gets a part.

    >>> from l2s.partition.hypergraph import Hypergraph
    >>> h = Hypergraph(np.array([0, 3, 6, 8]), np.array([0, 1, 2, 3, 4, 5, 2, 3], np.int32),
    ...                np.array([5, 5, 1]), np.ones(6, np.int64))
    >>> parts = part_hypergraph(h, 2)
    >>> sorted([sorted(np.flatnonzero(parts == p).tolist()) for p in (0, 1)])
    [[0, 1, 2], [3, 4, 5]]

    A start with both triangles split (km1 10) is not kept as it is:

    >>> start = np.array([0, 0, 1, 1, 1, 0])
    >>> bool((part_hypergraph(h, 2, starts=[start]) != start).any())
    True
    """
    n = hypergraph.n_vertices
    if nparts == 1 or n == 0:
        return np.zeros(n, dtype=np.int32)
    if n <= nparts:
        return np.arange(n, dtype=np.int32)
    mtkahypar = require_mtkahypar()
    context = _context(mtkahypar, nparts)
    created = _create(context, hypergraph)
    best = created.partition(context)
    for start in starts:
        blocks = np.asarray(start, dtype=np.int64).tolist()
        refined = created.create_partitioned_hypergraph(context, nparts, blocks)
        before = refined.km1()
        refined.improve_partition(context, VCYCLES)
        if refined.km1() > before:
            refined = created.create_partitioned_hypergraph(context, nparts, blocks)
        if refined.km1() < best.km1():
            best = refined
    return np.asarray(best.get_partition(), dtype=np.int32)
