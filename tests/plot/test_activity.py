"""raster and potentials: what is drawn equals what the record holds."""
import time

import numpy as np
import pytest
from matplotlib.colors import to_rgba

from l2s import SpikeRecord
from l2s.errors import InvalidValueError
from l2s.plot import potentials, raster
from l2s.plot._common import palette


def _pairs(collections):
    """All (step, neuron) offsets of the collections, sorted."""
    xy = np.concatenate([c.get_offsets() for c in collections])
    order = np.lexsort((xy[:, 1], xy[:, 0]))
    return xy[order]


def _record_pairs(record):
    order = np.lexsort((record.neurons, record.times))
    return np.column_stack([record.times[order], record.neurons[order]]).astype(float)


# -- raster -------------------------------------------------------------------------------------

def test_raster_points_are_the_spikes(ax, two_populations):
    _, _, record = two_populations
    collections = raster(record, ax).spikes
    assert len(collections) == 1
    np.testing.assert_array_equal(collections[0].get_offsets(),
                                  np.column_stack([record.times, record.neurons]))
    assert ax.get_xlabel() == "step" and ax.get_ylabel() == "neuron"


def test_raster_one_collection_per_population(ax, two_populations):
    _, compiled, record = two_populations
    collections = raster(record, ax, compiled=compiled).spikes
    assert [c.get_label() for c in collections] == ["exc", "inh"]
    np.testing.assert_array_equal(_pairs(collections), _record_pairs(record))
    for c, pop, colour in zip(collections, compiled.population_of("neurons"), palette(2)):
        neurons = c.get_offsets()[:, 1]
        assert neurons.min() >= pop.start and neurons.max() < pop.stop
        np.testing.assert_allclose(c.get_edgecolor()[0], to_rgba(colour))
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["exc", "inh"]
    assert ax.get_ylim() == (-0.5, compiled.n_neurons - 0.5)
    assert ax.get_xlim() == (record.start - 0.5, record.stop - 0.5)


def test_raster_neurons_outside_the_populations_are_other(ax):
    record = SpikeRecord(np.array([0, 1, 1, 2]), np.array([0, 3, 9, 4], np.int32), 0, 3)
    collections = raster(record, ax, populations=[("b", 3, 5), ("a", 0, 2)]).spikes
    assert [c.get_label() for c in collections] == ["b", "a", "other"]
    assert [c.get_offsets()[:, 1].tolist() for c in collections] == [[3, 4], [0], [9]]


def test_raster_accepts_population_ranges_and_mappings(ax, two_populations):
    _, compiled, record = two_populations
    by_ranges = raster(record, ax, populations=compiled.populations).spikes
    by_dict = raster(record, ax, populations={"exc": (0, 40), "inh": (40, 50)}).spikes
    for a, b in zip(by_ranges, by_dict):
        np.testing.assert_array_equal(a.get_offsets(), b.get_offsets())


def test_raster_of_an_empty_record(ax):
    record = SpikeRecord(np.zeros(0, np.int64), np.zeros(0, np.int32), 5, 10)
    assert raster(record, ax).spikes[0].get_offsets().shape == (0, 2)
    assert ax.get_xlim() == (4.5, 14.5)


def test_raster_rejects_overlapping_populations(ax, two_populations):
    with pytest.raises(InvalidValueError, match="overlap"):
        raster(two_populations[2], ax, populations=[("a", 0, 10), ("b", 5, 20)])


def test_raster_of_millions_of_spikes_is_fast(ax):
    rng = np.random.default_rng(0)
    n = 2_000_000
    record = SpikeRecord(np.sort(rng.integers(0, 1000, n)),
                         rng.integers(0, 100_000, n).astype(np.int32), 0, 1000)
    t0 = time.perf_counter()
    collections = raster(record, ax, populations={"a": (0, 50_000), "b": (50_000, 100_000)},
                         mode="scatter").spikes
    ax.figure.savefig(__import__("io").BytesIO(), format="png", dpi=50)
    elapsed = time.perf_counter() - t0
    assert len(collections) == 2 and sum(len(c.get_offsets()) for c in collections) == n
    assert all(c.get_rasterized() for c in collections)
    assert elapsed < 10, elapsed


# -- potentials -------------------------------------------------------------------------------

def test_potential_traces_are_the_record(ax, two_populations):
    _, compiled, record = two_populations
    traces, thresholds, _ = potentials(record, ax=ax)
    assert len(traces) == 4 and thresholds == []  # no threshold without compiled
    for i, line in enumerate(traces):
        np.testing.assert_array_equal(line.get_ydata(), record.potentials[:, i])
        np.testing.assert_array_equal(line.get_xdata(), record.start + np.arange(record.n_steps))
        assert line.get_label() == f"neuron {record.potential_neurons[i]}"


def test_a_shared_threshold_is_one_line(ax, two_populations):
    _, compiled, record = two_populations
    traces, thresholds, _ = potentials(record, [0, 5], ax=ax, compiled=compiled)
    assert [t.get_label() for t in traces] == ["exc[0]", "exc[5]"]
    assert len(thresholds) == 1
    assert list(thresholds[0].get_ydata()) == [3, 3]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["exc[0]", "exc[5]",
                                                                   "threshold 3"]
    lo, hi = ax.get_ylim()
    assert lo <= 3 <= hi


def test_per_neuron_thresholds_are_one_line_each(ax, two_populations):
    _, compiled, record = two_populations
    traces, thresholds, _ = potentials(record, [41, 49], ax=ax, compiled=compiled)
    np.testing.assert_array_equal(traces[0].get_ydata(), record.potentials[:, 2])
    np.testing.assert_array_equal(traces[1].get_ydata(), record.potentials[:, 3])
    assert [list(t.get_ydata()) for t in thresholds] == [[3, 3], [11, 11]]
    assert [t.get_color() for t in thresholds] == [t.get_color() for t in traces]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["inh[1]", "inh[9]",
                                                                   "thresholds"]


def test_an_explicit_threshold_wins(ax, two_populations):
    _, compiled, record = two_populations
    _, thresholds, _ = potentials(record, ax=ax, compiled=compiled, threshold=7)
    assert [list(t.get_ydata()) for t in thresholds] == [[7, 7]]
    _, thresholds, _ = potentials(record, [0, 41], ax=ax, threshold=[1, 2])
    assert [list(t.get_ydata()) for t in thresholds] == [[1, 1], [2, 2]]


def test_neurons_by_key(ax, two_populations):
    _, compiled, record = two_populations
    traces, _, _ = potentials(record, [("inh", 9), 0], ax=ax, compiled=compiled)
    np.testing.assert_array_equal(traces[0].get_ydata(), record.potentials[:, 3])
    np.testing.assert_array_equal(traces[1].get_ydata(), record.potentials[:, 0])
    (single,), _, _ = potentials(record, ("inh", 1), ax=ax, compiled=compiled)
    np.testing.assert_array_equal(single.get_ydata(), record.potentials[:, 2])


def test_potentials_errors(ax, two_populations):
    _, compiled, record = two_populations
    with pytest.raises(InvalidValueError, match="neurons = 3 is a neuron without recorded potentials"):
        potentials(record, [3], ax=ax)
    with pytest.raises(InvalidValueError, match="threshold = \\[1, 2, 3\\] is not allowed: must be a scalar or length 2"):
        potentials(record, [0, 5], ax=ax, threshold=[1, 2, 3])
    with pytest.raises(InvalidValueError, match="record_potentials"):
        potentials(SpikeRecord(np.zeros(0, np.int64), np.zeros(0, np.int32), 0, 1), ax=ax)
    with pytest.raises(InvalidValueError, match="compiled="):
        potentials(record, ["x"], ax=ax)


# -- density mode ------------------------------------------------------------------------------

def _dense_record(n=2_000, steps=400, p=0.2, seed=0):
    rng = np.random.default_rng(seed)
    hits = rng.random((steps, n)) < p
    t, nrn = np.nonzero(hits)
    return SpikeRecord(t.astype(np.int64), nrn.astype(np.int32), 0, steps)


def test_raster_turns_into_a_density_image_when_marks_overlap(ax):
    record = _dense_record()
    drawn = raster(record, ax, populations={"a": (0, 1500), "b": (1500, 2000)})
    assert drawn.mode == "density" and drawn.spikes == [] and drawn.image is not None
    rgba_image = drawn.image.get_array()
    width, height = (int(round(v)) for v in ax.get_window_extent().size)
    assert rgba_image.shape[0] <= height and rgba_image.shape[1] <= width
    # the neuron bins below 1500 carry a's colour, above b's
    np.testing.assert_allclose(rgba_image[0, 0, :3], to_rgba(palette(2)[0])[:3])
    np.testing.assert_allclose(rgba_image[-1, 0, :3], to_rgba(palette(2)[1])[:3])
    assert [line.get_ydata()[0] for line in drawn.separators] == [1499.5]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["a", "b"]


def test_few_spikes_stay_a_scatter_and_the_mode_can_be_forced(ax):
    sparse = _dense_record(n=100, steps=100, p=0.01)
    assert raster(sparse, ax).mode == "scatter"
    assert raster(sparse, ax, mode="density").mode == "density"
    assert raster(_dense_record(), ax, mode="scatter").mode == "scatter"
    with pytest.raises(InvalidValueError, match="mode"):
        raster(sparse, ax, mode="dots")


def test_density_image_counts_every_spike(ax):
    record = _dense_record(n=50, steps=30, p=0.3)
    drawn = raster(record, ax, mode="density")  # fewer cells than pixels: one bin per cell
    alpha = drawn.image.get_array()[..., 3]
    cells = np.zeros((50, 30))
    cells[record.neurons, record.times] = 1
    np.testing.assert_array_equal(alpha > 0, cells > 0)


def test_rate_panel_shows_spikes_per_neuron_per_step():
    from matplotlib.figure import Figure
    top, bottom = Figure().subplots(2, 1)
    record = SpikeRecord(np.array([0, 0, 1, 2]), np.array([0, 3, 1, 3], np.int32), 0, 3)
    drawn = raster(record, (top, bottom), populations={"a": (0, 2), "b": (2, 4)})
    assert [line.get_label() for line in drawn.rates] == ["a", "b"]
    a, b = (line.get_ydata()[:-1].tolist() for line in drawn.rates)
    assert a == [0.5, 0.5, 0.0] and b == [0.5, 0.0, 0.5]
    with pytest.raises(InvalidValueError, match="rate=True"):
        raster(record, top, rate=True)


def test_raster_without_axes_makes_a_rate_panel_in_density_mode():
    drawn = raster(_dense_record(), compiled=None)
    assert drawn.mode == "density" and len(drawn.image.axes.figure.axes) == 2
    assert raster(_dense_record(n=100, steps=100, p=0.01)).rates == []


def test_many_potentials_become_a_heat_map(ax):
    steps, n = 50, 30
    values = np.arange(steps * n).reshape(steps, n)
    record = SpikeRecord(np.zeros(0, np.int64), np.zeros(0, np.int32), 0, steps,
                         potential_neurons=np.arange(n), potentials=values)
    drawn = potentials(record, ax=ax)
    assert drawn.traces == [] and drawn.image is not None
    np.testing.assert_array_equal(drawn.image.get_array(), values.T)
    assert potentials(record, [0, 1], ax=ax).image is None
    with pytest.raises(InvalidValueError, match="mode"):
        potentials(record, ax=ax, mode="dots")
