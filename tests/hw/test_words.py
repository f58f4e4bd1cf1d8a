"""Word encoders and decoders: exact bit positions and round trips over their full ranges."""
import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from l2s.hw import words as w

rows = st.integers(0, 2 ** 23 - 1)


@given(rows, st.integers(0, 511))
def test_pointer_round_trip(start, length):
    word = w.encode_pointer(start, length)
    assert word.dtype == np.uint32 and int(word) == (length << 23) | start
    assert [int(x) for x in w.decode_pointer(word)] == [start, length]


@given(st.integers(0, 2 ** 13 - 1), st.integers(-(2 ** 15), 2 ** 15 - 1))
def test_synapse_round_trip(row, weight):
    word = w.encode_synapse(row, weight)
    assert int(word) >> 29 == w.OP_SYNAPSE and (int(word) >> 16) & 0x1FFF == row
    assert [int(x) for x in w.decode_synapse(word)] == [row, weight]


@given(st.integers(0, 63), st.integers(0, 31), st.integers(0, 2 ** 17 - 1), st.integers(0, 63),
       st.booleans())
def test_route_round_trip(fpga, core, slot, own_fpga, same):
    fpga = own_fpga if same else fpga
    word = w.encode_route(fpga, core, slot, same)
    assert int(w.opcode(word)) == (w.OP_INTER_CORE if same else w.OP_INTER_FPGA)
    assert [int(x) for x in w.decode_route(word, own_fpga)] == [fpga, core, slot]


@given(st.integers(0, 2 ** 17 - 1))
def test_spike_out_round_trip(local):
    word = w.encode_spike_out(local)
    assert int(w.opcode(word)) == w.OP_SPIKE_OUT and int(w.decode_spike_out(word)) == local


@given(st.lists(st.tuples(st.integers(-(2 ** 34), 2 ** 34 - 1), st.integers(0, 2),
                          st.integers(0, 63)), min_size=1, max_size=20))
def test_params_round_trip(params):
    threshold, model, leak = (np.array(x) for x in zip(*params))
    words = w.encode_params(threshold, model, leak)
    assert words.dtype == np.uint32 and words.shape == (len(params), 3)
    assert not words[:, 2].any() and not (words[:, 1] >> 12).any()  # bits 44-71 are zero
    back = w.decode_params(words)
    assert [a.tolist() for a in back] == [threshold.tolist(), model.tolist(), leak.tolist()]
