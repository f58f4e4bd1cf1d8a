"""core_view, neuron_view and compare_view draw what the image and the placement hold."""
import numpy as np
import pytest

from l2s.errors import InvalidValueError
from l2s.examples import random_recurrent
from l2s.hw import build_image
from l2s.partition import HardwareSpec, compare, partition
from l2s.plot import compare_view, core_view


@pytest.fixture(scope="module")
def mapped():
    compiled = random_recurrent(120, fanout=6, seed=2).compile()
    placement = partition(compiled, HardwareSpec(cores_per_fpga=4, neurons_per_core=32), seed=0)
    return compiled, placement, build_image(compiled, placement)


def test_core_view_of_an_image_shows_its_pointer_lengths(mapped, ax):
    compiled, placement, image = mapped
    drawn = core_view(image, 2, ax.figure, compiled=compiled, top=5)
    grid = drawn.slots.get_array()
    assert int(np.count_nonzero(grid)) == int(np.count_nonzero(placement.core == 2))
    lengths = [image.pointer("neuron", 2, i)[1] for i in range(image.neuron_indptr[3]
                                                                - image.neuron_indptr[2])]
    lengths += [image.pointer("axon", 2, i)[1] for i in range(image.axon_indptr[3]
                                                              - image.axon_indptr[2])]
    assert sum(p.get_height() for p in drawn.loads) == sum(1 for v in lengths if v)
    assert [b.get_width() for b in drawn.sources][-1] == max(lengths)


def test_core_view_of_a_placement_counts_synapses(mapped, ax):
    compiled, placement, _ = mapped
    drawn = core_view(placement, 1, ax.figure)
    onto = int(np.count_nonzero(placement.core[compiled.neuron_indices] == 1)
               + np.count_nonzero(placement.core[compiled.axon_indices] == 1))
    assert drawn.unit == "synapses" and "synapses" in drawn.axes["loads"].get_title()
    assert f"{onto:,} synapses" in drawn.axes["loads"].get_title()
    with pytest.raises(InvalidValueError, match="core"):
        core_view(placement, 4, ax.figure)
    with pytest.raises(InvalidValueError, match="three|3"):
        core_view(placement, 0, ax=[ax])


def test_compare_view_bars_are_the_reports(mapped, ax):
    compiled, placement, _ = mapped
    other = partition(compiled, placement.spec, method="random", seed=1)
    drawn = compare_view(compare(placement, other), ax.figure)
    heights = [b.get_height() for b in drawn.bars["hbm_rows"][1]]
    assert heights == other.report.hbm_rows.tolist()
