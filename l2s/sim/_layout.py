"""Target-blocked synapse layout used by the simulator kernel.

The neurons are split into ``n_blocks`` contiguous ranges (target blocks).
For every block the synapses of every source (axon or neuron) that end in
that block are stored contiguously, block-major::

    ptr[b, s] .. ptr[b, s + 1]   synapses of source s into block b

so one thread owns one block's potentials (no atomics, bit-identical for any
thread count), a block's potentials stay in that core's cache, and a block's
synapses are read in ascending source order. Within a segment the compiled
order is kept, which lets :func:`internal_position` map a compiled synapse
position to its slot here without storing a permutation.
"""
from __future__ import annotations

from typing import Tuple

import numba
import numpy as np

__all__ = ["block_bounds", "blocked_csr", "internal_position", "pack", "word_weight",
           "with_weight"]

def block_bounds(n_neurons: int, n_blocks: int) -> np.ndarray:
    """Bounds (``n_blocks + 1`` int64) of ``n_blocks`` near-equal target blocks.

    One block per thread measured fastest: more blocks make every thread
    walk the list of fired neurons once per block.

    Examples
    --------
    >>> block_bounds(10, 2).tolist()
    [0, 5, 10]
    """
    return np.linspace(0, n_neurons, n_blocks + 1).round().astype(np.int64)


@numba.njit(cache=True, nogil=True)
def _blocked(indptr, indices, weights, bounds, words):
    n_src = indptr.size - 1
    n_blocks = bounds.size - 1
    n_neurons = bounds[-1]
    block_of = np.empty(n_neurons, dtype=np.int32)
    for b in range(n_blocks):
        for i in range(bounds[b], bounds[b + 1]):
            block_of[i] = b
    ptr = np.zeros((n_blocks, n_src + 1), dtype=np.int64)
    for s in range(n_src):
        for j in range(indptr[s], indptr[s + 1]):
            ptr[block_of[indices[j]], s + 1] += 1
    total = 0
    for b in range(n_blocks):
        ptr[b, 0] = total
        for s in range(n_src):
            total += ptr[b, s + 1]
            ptr[b, s + 1] = total
    cursor = np.empty(n_blocks, dtype=np.int64)
    for s in range(n_src):
        for b in range(n_blocks):
            cursor[b] = ptr[b, s]
        for j in range(indptr[s], indptr[s + 1]):
            b = block_of[indices[j]]
            words[cursor[b]] = pack(indices[j] - bounds[b], weights[j])
            cursor[b] += 1
    return ptr


@numba.njit(cache=True, nogil=True, inline="always")
def pack(local, weight):
    """A synapse word: the block-local target above the 16-bit two's-complement weight."""
    return (np.uint64(local) << np.uint64(16)) | np.uint64(np.int64(weight) & 0xFFFF)


def blocked_csr(indptr: np.ndarray, indices: np.ndarray, weights: np.ndarray,
                bounds: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
    """``(ptr[n_blocks, n_src + 1], words)`` of a CSR regrouped by target block.

    ``words[j]`` packs synapse ``j``'s block-local target index (high bits)
    and its weight (low 16 bits), like an HBM synapse word: uint32 when every
    block has at most 65,536 neurons, else uint64. One stream of 4 bytes per
    synapse instead of two streams of 6 bytes.
    """
    largest = int(np.diff(bounds).max(initial=0))
    dtype = np.uint32 if largest <= 1 << 16 else np.uint64
    words = np.empty(indices.size, dtype=dtype)
    return _blocked(indptr, indices, weights, bounds, words), words


def word_weight(word: int) -> int:
    """The signed weight of a packed synapse word."""
    low = int(word) & 0xFFFF
    return low - 0x10000 if low >= 0x8000 else low


def with_weight(word: int, weight: int) -> int:
    """``word`` with its weight replaced."""
    return (int(word) & ~0xFFFF) | (int(weight) & 0xFFFF)


def internal_position(bounds: np.ndarray, ptr: np.ndarray, source: int,
                      row_targets: np.ndarray) -> int:
    """Slot in the blocked layout of one synapse of ``source``.

    ``row_targets`` are the targets of ``source``'s synapses in compiled
    order, up to and including the one asked for (its target is the last).
    """
    target = row_targets[-1]
    b = int(np.searchsorted(bounds, target, side="right")) - 1
    row = row_targets[:-1]
    before = int(np.count_nonzero((row >= bounds[b]) & (row < bounds[b + 1])))
    return int(ptr[b, source]) + before
