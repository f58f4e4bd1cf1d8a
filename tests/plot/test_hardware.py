"""hbm_fill draws exactly hbm_usage, and hbm_usage counts the image's words."""
import numpy as np
import pytest
from matplotlib.figure import Figure

from l2s.examples import random_recurrent
from l2s.hw import build_image, hbm_usage
from l2s.partition import HardwareSpec, partition
from l2s.plot import hbm_fill


@pytest.fixture(scope="module")
def image():
    compiled = random_recurrent(300, fanout=12, seed=5).compile()
    spec = HardwareSpec(cores_per_fpga=3, neurons_per_core=128)
    return build_image(compiled, partition(compiled, spec, seed=0))


def test_bars_are_the_usage_numbers(image):
    drawn = hbm_fill(image, Figure())
    usage = hbm_usage(image)
    for region in ("axon_pointer_rows", "neuron_pointer_rows", "synapse_rows"):
        heights = [int(bar.get_height()) for bar in drawn.bars[region]]
        assert heights == usage[region].tolist()
    slots = [bar.get_height() for bar in drawn.bars["slot_utilisation"]]
    np.testing.assert_allclose(slots, usage["slot_utilisation"])
    assert drawn.axes["rows"].get_yscale() == "log"
    assert drawn.axes["slots"].get_ylabel() == "slot utilisation"


def test_single_core_words_are_synapses_plus_spike_outs():
    """On one core there are no routes: every used word is a synapse or a spike-out."""
    compiled = random_recurrent(120, fanout=9, seed=2).compile()  # weights 16 / -80, never 0
    image = build_image(compiled, partition(compiled, HardwareSpec(cores_per_fpga=1,
                                                                   neurons_per_core=256)))
    usage = hbm_usage(image)
    assert usage["used_slots"].tolist() == [compiled.n_synapses + int(compiled.output.sum())]
    assert usage["axon_pointer_rows"].tolist() == [-(-compiled.n_axons // 8)]
    assert 0 < usage["slot_utilisation"][0] <= 1


def test_png_of_the_figure(image, tmp_path):
    fig = Figure(figsize=(6, 4))
    hbm_fill(image, fig)
    path = tmp_path / "hbm.png"
    fig.savefig(path, dpi=50)
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (300, 200)
