"""What a run did: spike rasters and membrane-potential traces of a :class:`~l2s.SpikeRecord`."""
from __future__ import annotations

import numbers
from typing import Any, List, NamedTuple, Optional, Tuple

import numpy as np
from matplotlib.lines import Line2D

from .._validation import as_array, check_choice, check_flag, check_int_array, fail
from ..errors import InvalidTypeError, InvalidValueError
from ..graph.models import THRESHOLD_MAX, THRESHOLD_MIN
from ..record import check_record
from ._common import (NEUTRAL, key_label, neuron_ranges, new_axes, new_figure, palette,
                      population_index, rgba)
from ._density import axes_pixels, bin_edges, binned_mean, histogram2d, resolve_mode

__all__ = ["raster", "potentials", "RasterArtists", "PotentialArtists", "POTENTIAL_MODES"]

#: Above this many spikes the raster collections are rasterized in vector output.
_RASTERIZE_ABOVE = 10_000
#: Most traces that get a legend entry each by default.
_LEGEND_MAX = 10
#: ``mode=`` of :func:`potentials`.
POTENTIAL_MODES = ("auto", "lines", "heatmap")
#: Above this many traces ``potentials(mode='auto')`` draws a heat map.
_TRACES_MAX = 20
#: Density images scale their colour to this percentile of the non-empty bins.
_DENSITY_PERCENTILE = 99.5
#: Size of the figure a raster makes for itself (inches), and the raster's share of it.
_FIGSIZE = (8.0, 5.0)
_AXES_SHARE = (0.75, 0.7)


class RasterArtists(NamedTuple):
    """What :func:`raster` drew.

    Examples
    --------
    >>> import numpy as np
    >>> from matplotlib.figure import Figure
    >>> from l2s import SpikeRecord
    >>> rec = SpikeRecord(np.array([0, 1, 1, 3]), np.array([2, 0, 5, 2], np.int32), 0, 4)
    >>> drawn = raster(rec, Figure().subplots(), mode="density")
    >>> drawn.mode, drawn.spikes, drawn.image.get_array().shape
    ('density', [], (6, 4, 4))
    """

    #: Scatter mode: one PathCollection per population with spikes; offsets ``(step, neuron)``.
    spikes: List[Any]
    #: Density mode: the AxesImage of spikes per (step bin, neuron bin), RGBA.
    image: Optional[Any]
    #: Lines of the population-rate panel, one per population (empty without the panel).
    rates: List[Any]
    #: Horizontal lines between populations.
    separators: List[Any]
    #: ``'scatter'`` or ``'density'``: what was drawn.
    mode: str


def _marker_size(rows: int) -> float:
    """Area (points^2) of a ``'|'`` marker about one neuron row tall on a default axes."""
    length = float(np.clip(250.0 / max(rows, 1), 1.0, 8.0))
    return length * length


def _mark_area(mark: Tuple[float, float], dpi: float) -> float:
    """Square pixels of a mark ``(length, line width)`` in points, at least a pixel wide."""
    return mark[0] * dpi / 72.0 * max(mark[1] * dpi / 72.0, 1.0)


def _raster_axes(ax: Any, rate: Optional[bool], mode: str, marks: int,
                 mark: Tuple[float, float]) -> Tuple[Any, Optional[Any], str]:
    """The raster axes, the rate panel's axes (or None) and the resolved mode."""
    if ax is None:
        fig = new_figure(figsize=_FIGSIZE)
        pixels = (int(_FIGSIZE[0] * fig.dpi * _AXES_SHARE[0]),
                  int(_FIGSIZE[1] * fig.dpi * _AXES_SHARE[1]))
        mode = resolve_mode(mode, marks, _mark_area(mark, fig.dpi), pixels)
        if rate if rate is not None else mode == "density":
            top, bottom = fig.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": [3, 1]})
            return top, bottom, mode
        return fig.subplots(), None, mode
    axes = list(np.ravel(np.asarray(ax, dtype=object)))
    if len(axes) not in (1, 2):
        raise InvalidValueError(f"ax must be one axes, or two (raster, rate panel), "
                                f"got {len(axes)}")
    if rate and len(axes) == 1:
        raise InvalidValueError("rate=True needs ax=(raster axes, rate axes)")
    mode = resolve_mode(mode, marks, _mark_area(mark, axes[0].figure.dpi),
                        axes_pixels(axes[0]))
    return axes[0], (axes[1] if len(axes) == 2 and rate is not False else None), mode


def _density_image(ax: Any, times: np.ndarray, neurons: np.ndarray, record: Any, lo: int,
                   hi: int, ranges: Any, colours: List[Any]) -> Any:
    """Spikes binned to the axes' pixels, each neuron bin in its population's colour."""
    width, height = axes_pixels(ax)
    x_edges = bin_edges(record.start, record.stop, width)
    y_edges = bin_edges(lo, hi, height)
    counts = histogram2d(times, neurons, x_edges, y_edges)
    density = counts / np.outer(np.diff(y_edges), np.diff(x_edges))  # spikes per neuron-step
    row_pop = (population_index(y_edges[:-1], ranges) if ranges is not None
               else np.zeros(y_edges.size - 1, dtype=np.int64))
    top = np.ones(len(colours))  # each population scaled to its own busiest bins
    for p in np.unique(row_pop):
        filled = density[row_pop == p]
        filled = filled[filled > 0]
        if filled.size:
            top[p] = np.percentile(filled, _DENSITY_PERCENTILE)
    image = np.empty(density.shape + (4,))
    image[...] = np.array([rgba(c) for c in colours])[row_pop][:, None, :]
    image[..., 3] = np.clip(density / top[row_pop][:, None], 0.0, 1.0)
    return ax.imshow(image, origin="lower", aspect="auto", interpolation="nearest",
                     extent=(x_edges[0] - 0.5, x_edges[-1] - 0.5, y_edges[0] - 0.5,
                             y_edges[-1] - 0.5))


def _rate_panel(ax: Any, times: np.ndarray, which: np.ndarray, record: Any,
                groups: List[Tuple[str, int, Any]]) -> List[Any]:
    """Spikes per neuron per step of every population, binned to the panel's pixels."""
    edges = bin_edges(record.start, record.stop, axes_pixels(ax)[0])
    lines = []
    for i, (label, size, colour) in enumerate(groups):
        counts = np.histogram(times[which == i], bins=edges)[0]
        rates = counts / np.diff(edges) / max(size, 1)
        lines.extend(ax.plot(edges, np.r_[rates, rates[-1:]], drawstyle="steps-post",
                             color=colour, linewidth=1.0, label=label))
    ax.set_xlabel("step")
    ax.set_ylabel("rate\n(spikes / neuron / step)")
    ax.set_ylim(bottom=0)
    return lines


def raster(record: Any, ax: Any = None, *, compiled: Any = None, populations: Any = None,
           legend: Optional[bool] = None, mode: str = "auto", rate: Optional[bool] = None,
           **kwargs: Any) -> RasterArtists:
    """Spike raster of a record: one mark per spike at (step, neuron), or their density.

    In ``'scatter'`` mode spikes are drawn as one scatter collection per
    population (never one artist per spike); above 10,000 spikes the
    collections are rasterized when saved to a vector format. When the marks
    would cover more than half of the axes (from the axes' size in pixels
    and the number of spikes) they merge into a solid block, so
    ``mode='auto'`` draws the ``'density'`` instead: a 2-D histogram of
    spikes per (step, neuron) binned to the axes' pixels, each neuron bin
    in its population's colour, opaque where the most of that population's
    neurons fire (each population scaled to its own busiest bins). A
    population-rate panel (spikes per neuron per step) goes underneath in
    density mode, or whenever asked for.

    Parameters
    ----------
    record : SpikeRecord
        ``record.times`` (steps) and ``record.neurons`` (neuron indices).
    ax : matplotlib.axes.Axes or a pair of them, optional
        Axes to draw into, or ``(raster axes, rate axes)``; by default a new
        pyplot figure's (two stacked panels when the rate panel is drawn).
    compiled : CompiledNetwork, optional
        Colours spikes by the network's neuron populations
        (``compiled.populations``) and fixes the neuron axis to the whole network.
    populations : optional
        Instead of ``compiled``: the populations to colour by, as a sequence of
        :class:`~l2s.graph.PopulationRange`, of ``(name, start, stop)``, or a
        mapping ``{name: (start, stop)}``. Spikes of neurons in none of them
        are drawn grey as ``'other'``.
    legend : bool, optional
        Show the population legend (default: when populations are known).
    mode : {'auto', 'scatter', 'density'}, default 'auto'
        Force one drawing, or choose by how much the marks would cover.
    rate : bool, optional
        Draw the rate panel (default: in density mode, when there is an axes
        for it). With a single given ``ax``, ``rate=True`` is an error.
    **kwargs
        Passed to :meth:`~matplotlib.axes.Axes.scatter` (e.g. ``s``, ``marker``,
        ``color`` without populations, ``rasterized``); they also set the
        mark size that ``mode='auto'`` assumes.

    Returns
    -------
    RasterArtists
        ``(spikes, image, rates, separators, mode)``.

    Raises
    ------
    InvalidValueError
        For an unknown ``mode``, overlapping populations, or a ``rate``
        panel without axes for it.

    See Also
    --------
    potentials : the membrane potentials of the same run.

    Examples
    --------
    >>> import numpy as np
    >>> from matplotlib.figure import Figure
    >>> from l2s import SpikeRecord
    >>> rec = SpikeRecord(np.array([0, 1, 1, 3]), np.array([2, 0, 5, 2], np.int32), 0, 4)
    >>> ax = Figure().subplots()
    >>> [c.get_label() for c in raster(rec, ax, populations={"exc": (0, 4), "inh": (4, 6)}).spikes]
    ['exc', 'inh']
    >>> raster(rec, ax).spikes[0].get_offsets().tolist()
    [[0.0, 2.0], [1.0, 0.0], [1.0, 5.0], [3.0, 2.0]]
    >>> top, bottom = Figure().subplots(2, 1)
    >>> drawn = raster(rec, (top, bottom), mode="density")
    >>> drawn.mode, [line.get_label() for line in drawn.rates]
    ('density', ['spikes'])
    """
    record = check_record(record, compiled)
    for name, flag in (("legend", legend), ("rate", rate)):
        if flag is not None:
            check_flag(flag, name)
    times = np.asarray(record.times)
    neurons = np.asarray(record.neurons)
    ranges = neuron_ranges(compiled, populations)
    if ranges is not None and compiled is not None:
        lo, hi = 0, int(compiled.n_neurons)
    elif ranges:
        lo, hi = min(r[1] for r in ranges), max(r[2] for r in ranges)
    else:
        lo, hi = (int(neurons.min()), int(neurons.max()) + 1) if neurons.size else (0, 1)
    if neurons.size:
        lo, hi = min(lo, int(neurons.min())), max(hi, int(neurons.max()) + 1)
    kwargs.setdefault("marker", "|")
    kwargs.setdefault("s", _marker_size(hi - lo))
    kwargs.setdefault("linewidths", 1.0)
    kwargs.setdefault("rasterized", times.size > _RASTERIZE_ABOVE)
    ax, rate_ax, mode = _raster_axes(ax, rate, mode, times.size,
                                     (float(np.sqrt(kwargs["s"])),
                                      float(np.max(kwargs["linewidths"]))))

    if ranges is None:
        names, colours = ["spikes"], [kwargs.pop("color", "k")]
        sizes = [hi - lo]
        which = np.zeros(neurons.shape, dtype=np.int64)
    else:
        kwargs.pop("color", None)
        names = [r[0] for r in ranges] + ["other"]
        colours = palette(len(ranges)) + [NEUTRAL]
        sizes = [r[2] - r[1] for r in ranges] + [0]
        which = population_index(neurons, ranges)
    present = np.bincount(which, minlength=len(names)) > 0
    groups = [(names[i], colours[i]) for i in np.flatnonzero(present)]

    collections: List[Any] = []
    image = None
    if mode == "scatter":
        order = np.argsort(which, kind="stable")
        bounds = np.r_[0, np.cumsum(np.bincount(which, minlength=len(names)))]
        for i in np.flatnonzero(present) if ranges is not None else [0]:
            idx = order[bounds[i]:bounds[i + 1]]
            collections.append(ax.scatter(times[idx], neurons[idx], color=colours[i],
                                          label=names[i], **kwargs))
    else:
        image = _density_image(ax, times, neurons, record, lo, hi, ranges, colours)
    separators = [ax.axhline(start - 0.5, color="0.3", linewidth=0.6)
                  for start in sorted({r[1] for r in ranges or []}) if lo < start < hi]
    if record.n_steps > 0:
        ax.set_xlim(record.start - 0.5, record.start + record.n_steps - 0.5)
    ax.set_ylim(lo - 0.5, hi - 0.5)
    ax.set_xlabel("step")
    ax.set_ylabel("neuron")
    ax.set_title(f"Spike raster ({times.size:,} spikes)")
    lines: List[Any] = []
    if rate_ax is not None:
        lines = _rate_panel(rate_ax, times, which, record,
                            [(names[i], sizes[i], colours[i]) for i in range(len(names) - 1)]
                            if ranges is not None else [("spikes", sizes[0], colours[0])])
        rate_ax.set_xlim(ax.get_xlim())
        ax.set_xlabel("")
    if legend is None:
        legend = ranges is not None
    if legend and groups:
        handles = [Line2D([], [], linestyle="none", marker="s", color=colour, label=label)
                   for label, colour in groups]
        ax.legend(handles=handles, title="population", loc="upper left",
                  bbox_to_anchor=(1.01, 1.0), borderaxespad=0.0, frameon=False)
    return RasterArtists(collections, image, lines, separators, mode)


class PotentialArtists(NamedTuple):
    """What :func:`potentials` drew.

    Examples
    --------
    >>> import numpy as np
    >>> from matplotlib.figure import Figure
    >>> from l2s import SpikeRecord
    >>> rec = SpikeRecord(np.array([], np.int64), np.array([], np.int32), 0, 2,
    ...                   potential_neurons=np.array([3, 4]), potentials=np.array([[1, 2], [5, 0]]))
    >>> drawn = potentials(rec, ax=Figure().subplots(), threshold=[6, 6])
    >>> [line.get_ydata().tolist() for line in drawn.traces], len(drawn.thresholds)
    ([[1, 5], [2, 0]], 1)
    """

    #: One line per neuron; its ydata are the neuron's recorded potentials.
    traces: List[Any]
    #: Horizontal threshold lines (one if all drawn neurons share a threshold).
    thresholds: List[Any]
    #: Heat-map mode: the AxesImage of the potentials (neuron x step); None for lines.
    image: Optional[Any] = None


def _columns(record: Any, neurons: Any, compiled: Any) -> np.ndarray:
    """Columns of ``record.potentials`` of the requested neurons (indices or keys)."""
    recorded = np.asarray(record.potential_neurons)
    if neurons is None:
        return np.arange(recorded.size)
    if isinstance(neurons, np.ndarray) and neurons.dtype.kind in "iu":
        wanted = neurons.reshape(-1).tolist()
    else:
        single_key = (isinstance(neurons, tuple) and compiled is not None
                      and compiled.neuron_keys.find(neurons) is not None)
        if isinstance(neurons, (numbers.Integral, str)) or single_key:
            neurons = [neurons]
        if not isinstance(neurons, (list, tuple, np.ndarray)):
            raise fail("neurons", neurons, "must be a neuron, or a list of neuron indices or "
                       "keys", InvalidTypeError)
        wanted = []
        for i, n in enumerate(neurons):
            if isinstance(n, numbers.Integral) and not isinstance(n, (bool, np.bool_)):
                wanted.append(int(n))
            elif compiled is not None:
                wanted.append(compiled.neuron_keys.index(n))
            else:
                raise fail(f"neurons[{i}]", n, "is not an index; pass compiled= to select "
                           "neurons by key")
    position = {int(v): i for i, v in enumerate(recorded.tolist())}
    columns = []
    for n in wanted:
        if n not in position:
            shown = recorded.tolist() if recorded.size <= 20 else f"{recorded.size} neurons"
            raise fail("neurons", n, f"is a neuron without recorded potentials; recorded: {shown}")
        columns.append(position[n])
    return np.array(columns, dtype=np.int64)


def _heat_map(ax: Any, values: np.ndarray, start: int, indices: np.ndarray) -> Any:
    """Potentials as an image (rows: the drawn neurons; columns: steps), binned to pixels."""
    width, height = axes_pixels(ax)
    x_edges = bin_edges(0, values.shape[0], width)
    y_edges = bin_edges(0, values.shape[1], height)
    binned = binned_mean(binned_mean(values, x_edges, axis=0), y_edges, axis=1)
    image = ax.imshow(binned.T, origin="lower", aspect="auto", interpolation="nearest",
                      cmap="viridis", extent=(start - 0.5, start + values.shape[0] - 0.5,
                                              -0.5, values.shape[1] - 0.5))
    ax.figure.colorbar(image, ax=ax, label="membrane potential V")
    if indices.size <= _LEGEND_MAX:
        ax.set_yticks(np.arange(indices.size))
        ax.set_yticklabels([str(n) for n in indices.tolist()])
    ax.set_ylabel("recorded neuron")
    return image


def potentials(record: Any, neurons: Any = None, ax: Any = None, *, threshold: Any = None,
               compiled: Any = None, legend: Optional[bool] = None, mode: str = "auto",
               **kwargs: Any) -> PotentialArtists:
    """Membrane-potential traces of the recorded neurons, with their thresholds, or a heat map.

    Trace ``i`` is ``record.potentials[:, i]`` (the potential after phase two
    of every step) against the step, drawn as a step function: a neuron whose
    trace ends a step above the dashed threshold line fires in the next step.
    More than 20 traces cannot be told apart, so ``mode='auto'`` then draws a
    heat map instead: one row per drawn neuron (in ``record.potential_neurons``
    order), one column per step, both averaged into bins when there are more
    than the axes has pixels, with a colour bar.

    Parameters
    ----------
    record : SpikeRecord
        A record with potentials (``Simulator.run(..., record_potentials=[...])``).
    neurons : sequence of int or keys, optional
        Which of ``record.potential_neurons`` to draw (default: all). Keys need
        ``compiled``.
    ax : matplotlib.axes.Axes, optional
        Axes to draw into; by default a new pyplot figure's.
    threshold : int or sequence of int, optional
        Threshold(s) to draw, one for all or one per drawn neuron; by default
        ``compiled.threshold`` of the drawn neurons, or none without ``compiled``.
    compiled : CompiledNetwork, optional
        Gives the thresholds and the neuron keys used as labels.
    legend : bool, optional
        Show a legend (default: when at most 10 traces are drawn).
    mode : {'auto', 'lines', 'heatmap'}, default 'auto'
        Traces, a heat map (no thresholds, no legend), or traces up to 20 neurons.
    **kwargs
        Passed to :meth:`~matplotlib.axes.Axes.plot` for every trace.

    Returns
    -------
    PotentialArtists
        ``(traces, thresholds, image)``: lists of :class:`~matplotlib.lines.Line2D`
        (empty for a heat map), and the heat map's image (None for traces).

    Raises
    ------
    InvalidValueError
        If the record holds no potentials or a neuron's were not recorded.

    Examples
    --------
    >>> import numpy as np
    >>> from matplotlib.figure import Figure
    >>> from l2s import SpikeRecord
    >>> rec = SpikeRecord(np.array([2]), np.array([7], np.int32), 0, 3,
    ...                   potential_neurons=np.array([7, 9]),
    ...                   potentials=np.array([[3, 0], [5, 1], [0, 2]]))
    >>> traces, thresholds, _ = potentials(rec, ax=Figure().subplots(), threshold=4)
    >>> traces[0].get_ydata().tolist(), list(thresholds[0].get_ydata())
    ([3, 5, 0], [4, 4])
    >>> potentials(rec, ax=Figure().subplots(), mode="heatmap").image.get_array().tolist()
    [[3.0, 5.0, 0.0], [0.0, 1.0, 2.0]]
    """
    check_choice(mode, "mode", POTENTIAL_MODES)
    record = check_record(record, compiled, potentials=True)
    if legend is not None:
        check_flag(legend, "legend")
    columns = _columns(record, neurons, compiled)
    indices = np.asarray(record.potential_neurons)[columns].astype(np.int64)
    if threshold is None and compiled is not None:
        thresholds = np.asarray(compiled.threshold)[indices]
    elif threshold is None:
        thresholds = None
    else:
        given = as_array(threshold, "threshold", "iuf")
        thresholds = check_int_array(given.reshape(()) if given.size == 1 else threshold,
                                     "threshold", THRESHOLD_MIN, THRESHOLD_MAX, np.int64,
                                     size=indices.size)

    ax = new_axes(ax)
    values = np.asarray(record.potentials)
    if mode == "heatmap" or (mode == "auto" and columns.size > _TRACES_MAX):
        image = _heat_map(ax, values[:, columns], record.start, indices)
        ax.set_xlabel("step")
        ax.set_title(f"Membrane potentials of {columns.size:,} neurons")
        return PotentialArtists([], [], image)
    steps = record.start + np.arange(values.shape[0])
    kwargs.setdefault("drawstyle", "steps-post")
    traces = []
    for col, n in zip(columns.tolist(), indices.tolist()):
        label = key_label(compiled.neuron_keys.key(n)) if compiled is not None else f"neuron {n}"
        traces.extend(ax.plot(steps, values[:, col], label=label, **kwargs))

    lines: List[Any] = []
    if thresholds is not None and thresholds.size:
        if np.unique(thresholds).size == 1:
            value = int(thresholds[0])
            lines.append(ax.axhline(value, color="0.3", linestyle="--", linewidth=1.0,
                                    label=f"threshold {value}"))
        else:
            for trace, value in zip(traces, thresholds.tolist()):
                lines.append(ax.axhline(value, color=trace.get_color(), linestyle="--",
                                        linewidth=1.0, alpha=0.8, label="_nolegend_"))
    ax.set_xlabel("step")
    ax.set_ylabel("membrane potential V")
    ax.set_title("Membrane potential" + ("s" if len(traces) > 1 else ""))
    if legend is None:
        legend = 0 < len(traces) <= _LEGEND_MAX
    if legend:
        handles = traces + lines[:1]
        if len(lines) > 1:  # one proxy for the per-neuron lines, drawn in their trace's colour
            handles[-1] = Line2D([], [], color="0.3", linestyle="--", linewidth=1.0,
                                 label="thresholds")
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0),
                  borderaxespad=0.0, frameon=False)
    return PotentialArtists(traces, lines)
