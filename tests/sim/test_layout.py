"""The simulator's coded synapse words against the CSR they were built from."""
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from l2s.graph.models import WEIGHT_MAX, WEIGHT_MIN
from l2s.sim._layout import BlockedSynapses, block_bounds


def _random_csr(rng: np.random.Generator, n_src: int, n_neurons: int, distinct: int):
    counts = rng.integers(0, 6, n_src)
    indptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    indices = rng.integers(0, n_neurons, indptr[-1]).astype(np.int32)
    palette = rng.integers(WEIGHT_MIN, WEIGHT_MAX + 1, distinct)
    weights = palette[rng.integers(0, distinct, indptr[-1])].astype(np.int16)
    return indptr, indices, weights


def _decoded(syn: BlockedSynapses, indptr, indices):
    """(target, weight) of every compiled synapse, read back through the layout."""
    return [(syn.target(slot), syn.weight(slot))
            for s in range(indptr.size - 1) for j in range(indptr[s], indptr[s + 1])
            for slot in [syn.slot(s, indices[indptr[s]:j + 1])]]


def _segments_hold_their_block(syn: BlockedSynapses) -> bool:
    """Every word of segment (source, block) targets a neuron of that block."""
    for k in range(syn.seg.size - 1):
        b = k % syn.n_blocks
        targets = [syn.target(slot) for slot in range(syn.seg[k], syn.seg[k + 1])]
        if any(not syn.bounds[b] <= t < syn.bounds[b + 1] for t in targets):
            return False
    return True


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2 ** 32 - 1), n_neurons=st.integers(1, 300),
       n_blocks=st.integers(1, 4), distinct=st.integers(1, 40), writes=st.integers(0, 40))
def test_words_decode_to_the_csr_through_any_number_of_new_weights(seed, n_neurons, n_blocks,
                                                                    distinct, writes):
    rng = np.random.default_rng(seed)
    indptr, indices, weights = _random_csr(rng, 20, n_neurons, distinct)
    bounds = block_bounds(n_neurons, min(n_blocks, n_neurons))
    syn = BlockedSynapses(indptr, indices, weights, bounds)
    assert syn.n_codes == np.unique(weights).size
    assert syn.table.size == 1 << syn.bits >= syn.n_codes
    expected = weights.astype(int).tolist()
    for _ in range(writes if indices.size else 0):
        j = int(rng.integers(0, indices.size))
        weight = int(rng.integers(WEIGHT_MIN, WEIGHT_MAX + 1))
        s = int(np.searchsorted(indptr, j, side="right")) - 1
        syn.set_weights([syn.slot(s, indices[indptr[s]:j + 1])], weight)
        expected[j] = weight
    assert _decoded(syn, indptr, indices) == list(zip(indices.tolist(), expected))
    assert _segments_hold_their_block(syn)
    assert syn.seg[-1] == indices.size and (np.diff(syn.seg) >= 0).all()


def test_words_are_four_bytes_for_a_million_neurons_with_few_weights():
    bounds = block_bounds(1_000_000, 1)
    indptr = np.array([0, 3], dtype=np.int64)
    indices = np.array([0, 999_999, 5], dtype=np.int32)
    syn = BlockedSynapses(indptr, indices, np.array([16, -80, 16], np.int16), bounds)
    assert syn.words.dtype == np.uint32 and syn.bits == 1
    # 2**12 more distinct weights need 13 code bits: 20 target bits + 13 > 32, so 8 bytes
    for w in range(1, 2 ** 12 + 1):
        syn.set_weights([1], w)
    assert syn.words.dtype == np.uint64 and syn.bits == 13
    assert [(syn.target(k), syn.weight(k)) for k in range(3)] == [(0, 16), (999_999, 4096),
                                                                   (5, 16)]


def test_a_layout_without_synapses_or_with_one_weight_needs_no_code_bits():
    bounds = block_bounds(10, 2)
    empty = BlockedSynapses(np.zeros(3, np.int64), np.zeros(0, np.int32), np.zeros(0, np.int16),
                            bounds)
    assert empty.bits == 0 and empty.words.size == 0
    one = BlockedSynapses(np.array([0, 2]), np.array([1, 7], np.int32), np.array([3, 3], np.int16),
                          bounds)
    assert one.bits == 0 and [one.weight(k) for k in range(2)] == [3, 3]
    one.set_weights([0], -3)
    assert one.bits == 1 and [one.weight(k) for k in range(2)] == [-3, 3]
