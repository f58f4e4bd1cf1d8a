"""to_nir then from_nir gives bit-identical compiled arrays (random small networks)."""
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

nir = pytest.importorskip("nir")

import l2s  # noqa: E402
from l2s.nir import from_nir, to_nir  # noqa: E402

FIELDS = ("axon_indptr", "axon_indices", "axon_weights", "neuron_indptr", "neuron_indices",
          "neuron_weights", "threshold", "model", "leak", "output")


@st.composite
def networks(draw):
    """Populations with one model each, per-neuron thresholds/leaks/outputs, one projection
    per connected pair (NIR holds one weight per pair, in matrix order)."""
    net = l2s.Network()
    pops = [net.add_axons(f"a{i}", draw(st.integers(1, 4)))
            for i in range(draw(st.integers(1, 2)))]
    for i in range(draw(st.integers(1, 3))):
        n = draw(st.integers(1, 5))
        pops.append(net.add_neurons(
            f"n{i}", n, model=draw(st.sampled_from(["I&F", "LI&F", "ANN"])),
            threshold=draw(st.lists(st.integers(-(2 ** 34), 2 ** 34 - 1), min_size=n, max_size=n)),
            leak=draw(st.lists(st.integers(0, 63), min_size=n, max_size=n)),
            output=draw(st.lists(st.booleans(), min_size=n, max_size=n))))
    for src in pops:
        for dst in pops:
            if dst.is_axons or not draw(st.booleans()):
                continue
            dense = np.array(draw(st.lists(
                st.integers(-(2 ** 15), 2 ** 15 - 1) | st.just(0),
                min_size=src.size * dst.size, max_size=src.size * dst.size)))
            if dense.any():
                net.connect(src, dst, matrix=dense.reshape(src.size, dst.size))
    return net


@pytest.mark.parametrize("fire_on", [">", ">="])
@given(net=networks())
def test_round_trip_is_bit_identical(net, fire_on):
    again, report = from_nir(to_nir(net, dt=1e-3, fire_on=fire_on), dt=1e-3, fire_on=fire_on)
    a, b = net.compile(), again.compile()
    for field in FIELDS:
        assert np.array_equal(getattr(a, field), getattr(b, field)), field
    assert list(a.neuron_keys) == list(b.neuron_keys) and list(a.axon_keys) == list(b.axon_keys)
    assert report.approximations == [] and report.bias_axon is None


def test_round_trip_through_a_file(tmp_path):
    net = l2s.Network()
    inp = net.add_axons("in", 3)
    exc = net.add_neurons("exc", 2, threshold=[5, -2], model="LI&F", leak=[1, 4], output=[True, False])
    net.connect(inp, exc, matrix=[[1, 0], [0, -3], [7, 2]])
    net.connect(exc, exc, matrix=[[0, 9], [-1, 0]])
    path = str(tmp_path / "net.nir")
    nir.write(path, to_nir(net, dt=1e-4))
    again, _ = from_nir(path, dt=1e-4)
    a, b = net.compile(), again.compile()
    for field in FIELDS:
        assert np.array_equal(getattr(a, field), getattr(b, field)), field


def test_mixed_models_and_summed_duplicates_are_refused():
    net = l2s.Network()
    inp = net.add_axons("in", 1)
    mixed = net.add_neurons("mixed", 2, threshold=1, model=[0, 1])
    with pytest.raises(l2s.L2SError, match="'mixed' mixes neuron models"):
        to_nir(net)
    net = l2s.Network()
    inp = net.add_axons("in", 1)
    out = net.add_neurons("out", 1, threshold=1)
    net.connect(inp, out, pre=[0, 0], post=[0, 0], weight=[30000, 30000])
    with pytest.raises(l2s.L2SError, match="'in' -> 'out'.*16-bit"):
        to_nir(net)
    del mixed
