"""Balanced k-way partitions of a :class:`Hypergraph` with Mt-KaHyPar, minimising ``km1``.

Mt-KaHyPar (PyPI ``mtkahypar``) is an optional dependency
(``pip install "l2s[hypergraph]"``), imported on first use. It is initialised
once per process (the library refuses a second initialisation), with one
thread, and runs its ``DETERMINISTIC_QUALITY`` preset (``DETERMINISTIC`` in
releases without it): the ``DEFAULT`` preset gives different partitions from
one call to the next even with one thread and a fixed seed, and a placement
must be a function of its inputs.
Blocks are balanced by vertex weight within METIS' default 3 %
(:data:`l2s.partition.metis.IMBALANCE`), as on the METIS path; hard
capacities are enforced afterwards by the repair.
"""
from __future__ import annotations

from types import ModuleType
from typing import Any, Optional

import numpy as np

from ..errors import TargetUnavailableError
from .hypergraph import Hypergraph
from .metis import IMBALANCE

__all__ = ["require_mtkahypar", "part_hypergraph"]

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


def part_hypergraph(hypergraph: Hypergraph, nparts: int, seed: int) -> np.ndarray:
    """Part (``0..nparts-1``) of every vertex: balanced by vertex weight, least ``km1``.

    Parameters
    ----------
    hypergraph : Hypergraph
    nparts : int
    seed : int

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
    >>> parts = part_hypergraph(h, 2, seed=0)
    >>> sorted([sorted(np.flatnonzero(parts == p).tolist()) for p in (0, 1)])
    [[0, 1, 2], [3, 4, 5]]
    """
    n = hypergraph.n_vertices
    if nparts == 1 or n == 0:
        return np.zeros(n, dtype=np.int32)
    if n <= nparts:
        return np.arange(n, dtype=np.int32)
    mtkahypar = require_mtkahypar()
    context = _context(mtkahypar, nparts)
    mtkahypar.set_seed(int(seed))
    bounds = hypergraph.net_indptr.tolist()
    pins = hypergraph.pins.tolist()
    nets = [pins[a:b] for a, b in zip(bounds[:-1], bounds[1:])]
    created = _initializer.create_hypergraph(context, n, len(nets), nets,
                                             hypergraph.vweights.tolist(),
                                             hypergraph.net_weights.tolist())
    return np.asarray(created.partition(context).get_partition(), dtype=np.int32)
