"""Target-blocked synapse layout used by the simulator kernel.

The neurons are split into ``n_blocks`` contiguous ranges (target blocks).
Each source's (axon's or neuron's) synapses form one row, split into one
segment per block, rows in source order::

    seg[s * n_blocks + b] .. seg[s * n_blocks + b + 1]   synapses of source s into block b
    seg[s * n_blocks]     .. seg[(s + 1) * n_blocks]     every synapse of source s

so a thread that owns blocks ``b0..b1-1`` reads ``seg[s * n_blocks + b0] ..
seg[s * n_blocks + b1]`` of each source: one thread per block when the
threads run (no atomics, bit-identical for any thread count), and the whole
row at once when one thread runs every block, which then costs what a
one-block layout costs. Within a segment the compiled order is kept, which
lets :meth:`BlockedSynapses.slot` map a compiled synapse position to its slot
here without storing a permutation. A synapse is one coded word
(:class:`BlockedSynapses`): its target above a short code into the layout's
table of distinct weights, 4 bytes for almost every network.
"""
from __future__ import annotations

from typing import Any, Tuple

import numba
import numpy as np

from ..graph.models import WEIGHT_MAX, WEIGHT_MIN

__all__ = ["block_bounds", "BlockedSynapses"]

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
def _blocked(indptr, indices, codes, bounds, bits, words):
    n_src = indptr.size - 1
    n_blocks = bounds.size - 1
    block_of = np.empty(bounds[-1], dtype=np.int32)
    for b in range(n_blocks):
        for i in range(bounds[b], bounds[b + 1]):
            block_of[i] = b
    seg = np.zeros(n_src * n_blocks + 1, dtype=np.int64)
    for s in range(n_src):
        for j in range(indptr[s], indptr[s + 1]):
            seg[s * n_blocks + block_of[indices[j]] + 1] += 1
    for k in range(seg.size - 1):
        seg[k + 1] += seg[k]
    cursor = np.empty(n_blocks, dtype=np.int64)
    for s in range(n_src):
        for b in range(n_blocks):
            cursor[b] = seg[s * n_blocks + b]
        for j in range(indptr[s], indptr[s + 1]):
            b = block_of[indices[j]]
            words[cursor[b]] = (np.uint64(indices[j]) << np.uint64(bits)) | np.uint64(codes[j])
            cursor[b] += 1
    return seg


@numba.njit(cache=True, nogil=True)
def _codes(weights, code_of):
    out = np.empty(weights.size, dtype=np.int32)
    for j in range(weights.size):
        out[j] = code_of[np.int64(weights[j]) - WEIGHT_MIN]
    return out


def _code_bits(n_codes: int) -> int:
    """Bits of a code able to number ``n_codes`` weights (0 for at most one)."""
    return max(n_codes - 1, 0).bit_length()


class BlockedSynapses:
    """One kind of source's synapses (axons' or neurons'), as rows split by target block.

    ``seg[s * n_blocks + b] .. seg[s * n_blocks + b + 1]`` are the synapses
    of source ``s`` into block ``b`` (see the module docstring). Each is one
    word: its target neuron above a code of ``bits`` bits, the code indexing
    :attr:`table`, the layout's distinct weights. With the few distinct
    weights of most networks a word takes 4 bytes (uint32) up to 2**31
    neurons; it takes 8 (uint64) only when target and code need more than 32
    bits together.

    A weight written that the table does not hold gets the next code; when
    the codes are used up, :attr:`bits` grows by one and every word is
    re-coded (codes keep their meaning), so a run of new weights costs a
    logarithmic number of passes over the words.

    Parameters
    ----------
    indptr, indices, weights : numpy.ndarray
        The source kind's compiled CSR (targets are neuron indices).
    bounds : numpy.ndarray
        Target block bounds (:func:`block_bounds`).

    Examples
    --------
    >>> syn = BlockedSynapses(np.array([0, 2, 3]), np.array([1, 3, 0]), np.array([5, -2, 5]),
    ...                       block_bounds(4, 2))
    >>> syn.words.dtype.name, syn.bits, syn.table.tolist()
    ('uint32', 1, [-2, 5])
    >>> syn.seg.tolist()  # source 0 -> neurons 1 (block 0) and 3 (block 1), source 1 -> 0
    [0, 1, 2, 3, 3]
    >>> [(syn.target(slot), syn.weight(slot)) for slot in range(3)]
    [(1, 5), (3, -2), (0, 5)]
    >>> syn.set_weights([2], 7)
    >>> syn.bits, syn.table.tolist(), syn.weight(2)
    (2, [-2, 5, 7, 0], 7)
    """

    def __init__(self, indptr: np.ndarray, indices: np.ndarray, weights: np.ndarray,
                 bounds: np.ndarray) -> None:
        present = np.zeros(WEIGHT_MAX - WEIGHT_MIN + 1, dtype=bool)
        present[weights.astype(np.int64) - WEIGHT_MIN] = True
        distinct = np.flatnonzero(present) + WEIGHT_MIN
        code_of = np.cumsum(present, dtype=np.int32) - 1
        self.n_codes = int(distinct.size)
        self.bits = _code_bits(self.n_codes)
        self.table = np.zeros(1 << self.bits, dtype=np.int32)
        self.table[:self.n_codes] = distinct
        self.bounds = bounds
        self._target_bits = max(int(bounds[-1]) - 1, 0).bit_length()
        words = np.empty(indices.size, dtype=self._word_dtype(self.bits))
        self.seg = _blocked(indptr, indices, _codes(weights, code_of), bounds, self.bits, words)
        self.words = words

    @property
    def n_blocks(self) -> int:
        """Number of target blocks."""
        return self.bounds.size - 1

    def _word_dtype(self, bits: int) -> type:
        return np.uint32 if self._target_bits + bits <= 32 else np.uint64

    def weight(self, slot: int) -> int:
        """Weight of the synapse in word ``slot``."""
        return int(self.table[int(self.words[slot]) & ((1 << self.bits) - 1)])

    def target(self, slot: int) -> int:
        """Target neuron of the synapse in word ``slot``."""
        return int(self.words[slot]) >> self.bits

    def slot(self, source: int, row_targets: np.ndarray) -> int:
        """Word of one synapse of ``source``.

        ``row_targets`` are the targets of ``source``'s synapses in compiled
        order, up to and including the one asked for (its target is the
        last): it sits after those of them that end in the same block.
        """
        bounds = self.bounds
        b = int(np.searchsorted(bounds, row_targets[-1], side="right")) - 1
        row = row_targets[:-1]
        before = int(np.count_nonzero((row >= bounds[b]) & (row < bounds[b + 1])))
        return int(self.seg[source * self.n_blocks + b]) + before

    def replace_weight(self, slot: int, weight: int, abs_fanin: np.ndarray) -> None:
        """Give the synapse in word ``slot`` the weight ``weight`` (a checked int16).

        ``abs_fanin`` (each target's sum of |weight| over this layout, indexed
        like the potentials) follows the change.
        """
        abs_fanin[self.target(slot)] += abs(weight) - abs(self.weight(slot))
        self.set_weights([slot], weight)

    def set_weights(self, slots: Any, weight: int) -> None:
        """Give the synapses in words ``slots`` the weight ``weight`` (a checked int16)."""
        found = np.flatnonzero(self.table[:self.n_codes] == weight)
        if found.size:
            code = int(found[0])
        else:
            if self.n_codes == self.table.size:
                self._widen()
            code = self.n_codes
            self.table[code] = weight
            self.n_codes += 1
        slots = np.asarray(slots, dtype=np.int64)
        kind = self.words.dtype.type
        self.words[slots] = ((self.words[slots] >> kind(self.bits)) << kind(self.bits)) | kind(code)

    def _widen(self) -> None:
        """One more code bit: words re-coded (and widened to uint64 when they must be)."""
        bits = self.bits + 1
        dtype = self._word_dtype(bits)
        words = self.words.astype(dtype)
        mask = dtype((1 << self.bits) - 1)
        self.words = ((words >> dtype(self.bits)) << dtype(bits)) | (words & mask)
        table = np.zeros(1 << bits, dtype=np.int32)
        table[:self.n_codes] = self.table[:self.n_codes]
        self.table, self.bits = table, bits

    @property
    def arrays(self) -> Tuple[np.ndarray, int, np.ndarray, np.ndarray, int]:
        """``(seg, n_blocks, words, table, bits)``, the kernel's arguments for this layout."""
        return self.seg, self.n_blocks, self.words, self.table, self.bits
