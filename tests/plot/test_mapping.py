"""occupancy and traffic: the bars and the matrix are the partition package's numbers."""
import numpy as np
import pytest
from matplotlib.figure import Figure

from l2s.errors import InvalidValueError
from l2s.partition import metrics
from l2s.plot import occupancy, topology, traffic
from l2s.plot._common import palette


def _heights(container):
    return [bar.get_height() for bar in container]


# -- occupancy --------------------------------------------------------------------------------

def test_occupancy_bars_are_the_report(placed):
    report, spec = placed.report, placed.spec
    fig = Figure()
    drawn = occupancy(placed, fig)
    assert list(drawn.axes) == ["neurons", "axons", "hbm_rows"]
    assert fig.axes[:3] == list(drawn.axes.values())
    assert _heights(drawn.bars["neurons"]) == report.neurons.tolist()
    assert _heights(drawn.bars["input_axons"]) == report.input_axons.tolist()
    assert _heights(drawn.bars["relay_axons"]) == report.relay_axons.tolist()
    assert [b.get_y() for b in drawn.bars["relay_axons"]] == report.input_axons.tolist()
    assert _heights(drawn.bars["hbm_rows"]) == report.hbm_rows.tolist()
    np.testing.assert_array_equal(drawn.lower_bound.get_ydata(), report.hbm_rows_lower_bound)
    assert [b.get_x() + b.get_width() / 2 for b in drawn.bars["neurons"]] == \
        list(range(spec.n_cores))
    for panel, cap in (("neurons", spec.neurons_per_core), ("axons", spec.axons_per_core),
                       ("hbm_rows", spec.hbm_rows_per_core)):
        assert list(drawn.capacity[panel].get_ydata()) == [cap, cap]
        lo, hi = drawn.axes[panel].get_ylim()
        assert lo <= cap <= hi


def test_occupancy_into_given_axes_and_scales(placed):
    axes = Figure().subplots(1, 2)
    drawn = occupancy(placed, ax=axes, panels=["hbm_rows", "neurons"], scale="log")
    assert drawn.axes == {"hbm_rows": axes[0], "neurons": axes[1]}
    assert axes[0].get_yscale() == "log" and "axons" not in drawn.capacity
    one = Figure().subplots()
    occupancy(placed, ax=one, panels=["axons"], scale="linear")
    assert one.get_yscale() == "linear"


def test_occupancy_auto_scale_goes_log_for_a_roomy_spec(two_populations):
    from l2s.partition import HardwareSpec, partition

    placement = partition(two_populations[1], HardwareSpec(cores_per_fpga=2), method="contiguous")
    drawn = occupancy(placement, Figure())
    assert {p: a.get_yscale() for p, a in drawn.axes.items()} == \
        {"neurons": "log", "axons": "log", "hbm_rows": "log"}


def test_occupancy_errors(placed):
    with pytest.raises(InvalidValueError, match="panels"):
        occupancy(placed, Figure(), panels=["synapses"])
    with pytest.raises(InvalidValueError, match="one axes per panel"):
        occupancy(placed, ax=Figure().subplots(1, 2))
    with pytest.raises(InvalidValueError, match="scale"):
        occupancy(placed, Figure(), scale="sqrt")


# -- traffic ----------------------------------------------------------------------------------

def test_traffic_image_is_the_synapse_matrix(ax, placed):
    drawn = traffic(placed, ax)
    expected = metrics.synapse_matrix(placed)
    np.testing.assert_array_equal(drawn.image.get_array(), expected)
    np.testing.assert_array_equal(drawn.matrix, expected)
    assert drawn.colorbar.ax.get_ylabel() == "synapses"
    assert ax.get_xlabel().startswith("target core") and ax.get_ylabel() == "source core"
    texts = [t.get_text() for t in ax.texts]
    assert len(texts) == expected.size  # 4 cores: every cell annotated


def test_traffic_image_is_the_traffic_matrix(ax, two_populations, placed):
    _, compiled, record = two_populations
    rates = np.bincount(record.neurons, minlength=compiled.n_neurons) / record.n_steps
    from_record = traffic(placed, ax, kind="spikes", record=record)
    expected = metrics.traffic_matrix(placed, rates)
    np.testing.assert_array_equal(from_record.image.get_array(), expected)
    from_rates = traffic(placed, Figure().subplots(), kind="spikes", rates=rates)
    np.testing.assert_array_equal(from_rates.image.get_array(), expected)
    assert from_rates.colorbar.ax.get_ylabel() == "spike messages per step"


def test_traffic_masks_the_diagonal_and_logs(ax, placed):
    drawn = traffic(placed, ax, diagonal=False, log=True, annotate=False)
    image = drawn.image.get_array()
    expected = metrics.synapse_matrix(placed)
    off = ~np.eye(expected.shape[0], dtype=bool) & (expected > 0)
    assert np.ma.getmaskarray(image)[np.eye(expected.shape[0], dtype=bool)].all()
    np.testing.assert_array_equal(image[off], expected[off])
    assert type(drawn.image.norm).__name__ == "LogNorm" and len(ax.texts) == 0


def test_traffic_errors(ax, placed):
    with pytest.raises(InvalidValueError, match="kind"):
        traffic(placed, ax, kind="rows")
    with pytest.raises(InvalidValueError, match="rates"):
        traffic(placed, ax, kind="spikes")


# -- a real placement in the topology ---------------------------------------------------------

def test_topology_coloured_by_the_placement(ax, two_populations, placed):
    _, compiled, _ = two_populations
    drawn = topology(compiled, placed, ax=ax, view="neurons")
    colours = palette(placed.spec.n_cores)
    by_label = {c.get_label(): c for c in drawn.nodes}
    used = np.unique(placed.core)
    assert sorted(by_label) == ["axons"] + [f"core {k}" for k in used]
    for k in used:
        np.testing.assert_allclose(by_label[f"core {k}"].get_facecolor()[0], colours[k])
        assert len(by_label[f"core {k}"].get_offsets()) == np.count_nonzero(placed.core == k)
