"""One process's share of a compiled network, read without holding the whole network.

A process keeps its own neurons (their parameters) and the synapses *into*
them. The synapses are streamed from the compiled-network file in chunks of
a bounded number of synapses (:meth:`l2s._archive.ArchiveReader.array_range`
seeks into the uncompressed members), twice: the first pass counts the
kept synapses of every source, the second fills arrays of exactly that
size. Peak memory is the kept synapses (6 bytes each) plus one chunk plus
O(neurons) bookkeeping (the owner of every neuron, one source's ``indptr``).
A :class:`~l2s.CompiledNetwork` already in memory is read the same way.
"""
from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Any, Dict, Iterator, Optional

import numpy as np

from .._archive import ArchiveReader
from ..errors import FileFormatError
from ..graph.compiled import AXON_SOURCE, NEURON_SOURCE, CompiledNetwork
from ..graph.compiled_file import FORMAT, VERSION, WHAT
from ..graph.models import L2S_2022, SEMANTICS, SHIFT_NO_NOISE, noise_enabled

__all__ = ["LocalSynapses", "Part", "MemoryArchive", "open_network", "load_part",
           "DEFAULT_CHUNK"]

#: Synapses read per chunk while streaming (4 Mi: 24 MiB of indices and weights).
DEFAULT_CHUNK = 1 << 22


@dataclass(frozen=True, eq=False)
class LocalSynapses:
    """The synapses of one kind of source that end in this process's neurons.

    Attributes
    ----------
    rows : numpy.ndarray (int64)
        Compiled index of every source with at least one such synapse, ascending.
    indptr : numpy.ndarray (int64)
        Synapses of ``rows[k]`` are ``targets[indptr[k]:indptr[k + 1]]``, in compiled order.
    targets : numpy.ndarray (int32)
        Local index (position in :attr:`Part.ids`) of each synapse's target.
    weights : numpy.ndarray (int16)
    """

    rows: np.ndarray
    indptr: np.ndarray
    targets: np.ndarray
    weights: np.ndarray


@dataclass(frozen=True, eq=False)
class Part:
    """What one process holds of a compiled network.

    Attributes
    ----------
    ids : numpy.ndarray (int64)
        Compiled index of every local neuron, ascending (local index = position).
    threshold, model, leak, output, shift : numpy.ndarray
        Their parameters (dtypes as in :class:`~l2s.CompiledNetwork`).
    synapses : dict
        ``'axon'`` and ``'neuron'`` to :class:`LocalSynapses`.
    n_axons : int
        Input axons of the whole network.
    semantics : str
        The network's step semantics (``'l2s-2022'`` or ``'hs-2024'``).
    noise : bool
        Whether the network draws noise: some neuron *of the whole network*
        has a shift other than -16 (:func:`l2s.graph.models.noise_enabled`).
    """

    ids: np.ndarray
    threshold: np.ndarray
    model: np.ndarray
    leak: np.ndarray
    output: np.ndarray
    shift: np.ndarray
    synapses: Dict[str, LocalSynapses]
    n_axons: int
    semantics: str
    noise: bool


class MemoryArchive:
    """A :class:`~l2s.CompiledNetwork` behind the reading calls of :class:`ArchiveReader`.

    Examples
    --------
    >>> from l2s.examples import docs_example
    >>> import l2s
    >>> archive = MemoryArchive(l2s.from_l2s(**docs_example()).compile())
    >>> archive.array_range("neuron_indices", 0, 2).tolist()
    [1, 2]
    """

    def __init__(self, compiled: CompiledNetwork) -> None:
        self.compiled = compiled

    def array(self, name: str, dtype: Optional[str] = None, ndim: Optional[int] = None
              ) -> np.ndarray:
        return getattr(self.compiled, name)

    def array_range(self, name: str, start: int, stop: int) -> np.ndarray:
        return getattr(self.compiled, name)[start:stop]

    def has(self, name: str) -> bool:
        return hasattr(self.compiled, name)

    @property
    def semantics(self) -> str:
        return self.compiled.semantics

    def fail(self, message: str) -> FileFormatError:
        return FileFormatError(f"compiled network: {message}")


@contextlib.contextmanager
def open_network(network: Any) -> Iterator[Any]:
    """An :class:`ArchiveReader` of the compiled-network file ``network``, or a
    :class:`MemoryArchive` when ``network`` is a :class:`~l2s.CompiledNetwork`.

    Examples
    --------
    >>> from l2s.examples import docs_example
    >>> import l2s
    >>> with open_network(l2s.from_l2s(**docs_example()).compile()) as archive:
    ...     archive.array("axon_indices").tolist()
    [0, 3]
    """
    if isinstance(network, CompiledNetwork):
        yield MemoryArchive(network)
        return
    with ArchiveReader(network, {FORMAT: VERSION}, WHAT) as archive:
        yield archive


def _semantics(archive: Any) -> str:
    """The step semantics of the network behind ``archive`` (checked)."""
    if isinstance(archive, MemoryArchive):
        return archive.semantics
    semantics = archive.manifest.get("semantics", L2S_2022) if archive.version >= 2 else L2S_2022
    if semantics not in SEMANTICS:
        raise archive.fail(f"semantics = {semantics!r}; allowed: {list(SEMANTICS)}")
    return semantics


def _chunks(total: int, chunk: int) -> Iterator[tuple]:
    for start in range(0, total, chunk):
        yield start, min(total, start + chunk)


def _local_synapses(archive: Any, source: str, owner: np.ndarray, rank: int, ids: np.ndarray,
                    chunk: int) -> LocalSynapses:
    indptr = archive.array(f"{source}_indptr", "int64", 1)
    if indptr.size < 1 or indptr[0] != 0 or np.any(np.diff(indptr) < 0):
        raise archive.fail(f"{source}_indptr does not cut the {source} synapses into rows")
    counts = np.zeros(indptr.size - 1, dtype=np.int64)
    for start, stop in _chunks(int(indptr[-1]), chunk):  # pass 1: kept synapses per source
        targets = archive.array_range(f"{source}_indices", start, stop)
        if targets.size and (targets.min() < 0 or targets.max() >= owner.size):
            raise archive.fail(f"{source}_indices[{start}:{stop}] holds a neuron outside "
                               f"[0, {owner.size})")
        kept = start + np.flatnonzero(owner[targets] == rank)
        if kept.size:
            src = np.searchsorted(indptr, kept, side="right") - 1
            counts[src[0]:src[-1] + 1] += np.bincount(src - src[0])
    rows = np.flatnonzero(counts)
    local_indptr = np.zeros(rows.size + 1, dtype=np.int64)
    np.cumsum(counts[rows], out=local_indptr[1:])
    del counts
    local = np.empty(int(local_indptr[-1]), dtype=np.int32)
    weights = np.empty(local.size, dtype=np.int16)
    filled = 0
    for start, stop in _chunks(int(indptr[-1]), chunk):  # pass 2: their targets and weights
        targets = archive.array_range(f"{source}_indices", start, stop)
        keep = owner[targets] == rank
        n = int(np.count_nonzero(keep))
        if n:
            local[filled:filled + n] = np.searchsorted(ids, targets[keep])
            weights[filled:filled + n] = archive.array_range(f"{source}_weights", start,
                                                             stop)[keep]
            filled += n
    return LocalSynapses(rows.astype(np.int64), local_indptr, local, weights)


def load_part(network: Any, owner: np.ndarray, rank: int, chunk: int = DEFAULT_CHUNK) -> Part:
    """The neurons ``owner == rank`` of ``network`` and the synapses into them.

    Parameters
    ----------
    network : str, os.PathLike or CompiledNetwork
        A compiled-network file (streamed) or a compiled network in memory.
    owner : numpy.ndarray (int32)
        Part of every neuron.
    rank : int
        The part to load.
    chunk : int
        Synapses read at a time.

    Returns
    -------
    Part

    Raises
    ------
    FileFormatError
        If the file is damaged or not a compiled network.

    Examples
    --------
    >>> from l2s.examples import docs_example
    >>> import l2s
    >>> compiled = l2s.from_l2s(**docs_example()).compile()
    >>> part = load_part(compiled, np.array([0, 1, 1, 0], dtype=np.int32), 1)
    >>> part.ids.tolist(), part.synapses["neuron"].rows.tolist()
    ([1, 2], [0, 3])
    """
    with open_network(network) as archive:
        ids = np.flatnonzero(owner == rank).astype(np.int64)
        params = {name: archive.array(name)[ids] for name in ("threshold", "model", "leak",
                                                              "output")}
        shift = (archive.array("shift") if archive.has("shift") else
                 np.full(owner.size, SHIFT_NO_NOISE, dtype=np.int8))  # version-1 files: none
        params.update(shift=shift[ids], noise=noise_enabled(shift), semantics=_semantics(archive))
        synapses = {source: _local_synapses(archive, source, owner, rank, ids, chunk)
                    for source in (AXON_SOURCE, NEURON_SOURCE)}
        n_axons = archive.array(f"{AXON_SOURCE}_indptr").size - 1
    return Part(ids, synapses=synapses, n_axons=n_axons, **params)
