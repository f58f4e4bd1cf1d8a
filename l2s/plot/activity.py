"""What a run did: spike rasters and membrane-potential traces of a :class:`~l2s.SpikeRecord`."""
from __future__ import annotations

import numbers
from typing import Any, List, NamedTuple, Optional

import numpy as np
from matplotlib.lines import Line2D

from ..errors import InvalidValueError
from ._common import NEUTRAL, key_label, neuron_ranges, new_axes, palette, population_index

__all__ = ["raster", "potentials", "PotentialArtists"]

#: Above this many spikes the raster collections are rasterized in vector output.
_RASTERIZE_ABOVE = 10_000
#: Most traces that get a legend entry each by default.
_LEGEND_MAX = 10


def _marker_size(rows: int) -> float:
    """Area (points^2) of a ``'|'`` marker about one neuron row tall on a default axes."""
    length = float(np.clip(250.0 / max(rows, 1), 1.0, 8.0))
    return length * length


def raster(record: Any, ax: Any = None, *, compiled: Any = None, populations: Any = None,
           legend: Optional[bool] = None, **kwargs: Any) -> List[Any]:
    """Spike raster of a record: one mark per spike at (step, neuron).

    Spikes are drawn as one scatter collection per population (or a single
    one), never one artist per spike, so millions of spikes draw in about
    a second; above 10,000 spikes the collections are rasterized when saved
    to a vector format.

    Parameters
    ----------
    record : SpikeRecord
        ``record.times`` (steps) and ``record.neurons`` (neuron indices).
    ax : matplotlib.axes.Axes, optional
        Axes to draw into; by default a new pyplot figure's.
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
    **kwargs
        Passed to :meth:`~matplotlib.axes.Axes.scatter` (e.g. ``s``, ``marker``,
        ``color`` without populations, ``rasterized``).

    Returns
    -------
    list of matplotlib.collections.PathCollection
        One per population that has spikes (in population order, ``'other'``
        last), each labelled with its population's name; their offsets are
        the ``(step, neuron)`` pairs.

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
    >>> [c.get_label() for c in raster(rec, ax, populations={"exc": (0, 4), "inh": (4, 6)})]
    ['exc', 'inh']
    >>> raster(rec, ax)[0].get_offsets().tolist()
    [[0.0, 2.0], [1.0, 0.0], [1.0, 5.0], [3.0, 2.0]]
    """
    ax = new_axes(ax)
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

    groups = []  # (label, indices into the record, colour)
    if ranges is None:
        groups.append(("spikes", slice(None), kwargs.pop("color", "k")))
    else:
        kwargs.pop("color", None)
        which = population_index(neurons, ranges)
        order = np.argsort(which, kind="stable")
        bounds = np.r_[0, np.cumsum(np.bincount(which, minlength=len(ranges) + 1))]
        colours = palette(len(ranges)) + [NEUTRAL]
        names = [r[0] for r in ranges] + ["other"]
        for i, name in enumerate(names):
            if bounds[i + 1] > bounds[i]:
                groups.append((name, order[bounds[i]:bounds[i + 1]], colours[i]))

    collections = [ax.scatter(times[idx], neurons[idx], color=colour, label=label, **kwargs)
                   for label, idx, colour in groups]
    if record.n_steps > 0:
        ax.set_xlim(record.start - 0.5, record.start + record.n_steps - 0.5)
    ax.set_ylim(lo - 0.5, hi - 0.5)
    ax.set_xlabel("step")
    ax.set_ylabel("neuron")
    ax.set_title(f"Spike raster ({times.size:,} spikes)")
    if legend is None:
        legend = ranges is not None
    if legend and collections:
        handles = [Line2D([], [], linestyle="none", marker="s", color=colour, label=label)
                   for label, _, colour in groups]
        ax.legend(handles=handles, title="population", loc="upper left",
                  bbox_to_anchor=(1.01, 1.0), borderaxespad=0.0, frameon=False)
    return collections


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
        wanted = []
        for n in neurons:
            if isinstance(n, numbers.Integral) and not isinstance(n, bool):
                wanted.append(int(n))
            elif compiled is not None:
                wanted.append(compiled.neuron_keys.index(n))
            else:
                raise InvalidValueError(f"neuron {n!r} is not an index; pass compiled= to "
                                        "select neurons by key")
    position = {int(v): i for i, v in enumerate(recorded.tolist())}
    columns = []
    for n in wanted:
        if n not in position:
            shown = recorded.tolist() if recorded.size <= 20 else f"{recorded.size} neurons"
            raise InvalidValueError(f"neuron {n} has no recorded potentials; recorded: {shown}")
        columns.append(position[n])
    return np.array(columns, dtype=np.int64)


def potentials(record: Any, neurons: Any = None, ax: Any = None, *, threshold: Any = None,
               compiled: Any = None, legend: Optional[bool] = None,
               **kwargs: Any) -> PotentialArtists:
    """Membrane-potential traces of the recorded neurons, with their thresholds.

    Trace ``i`` is ``record.potentials[:, i]`` (the potential after phase two
    of every step) against the step, drawn as a step function: a neuron whose
    trace ends a step above the dashed threshold line fires in the next step.

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
    **kwargs
        Passed to :meth:`~matplotlib.axes.Axes.plot` for every trace.

    Returns
    -------
    PotentialArtists
        ``(traces, thresholds)``: lists of :class:`~matplotlib.lines.Line2D`.

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
    >>> traces, thresholds = potentials(rec, ax=Figure().subplots(), threshold=4)
    >>> traces[0].get_ydata().tolist(), list(thresholds[0].get_ydata())
    ([3, 5, 0], [4, 4])
    """
    if record.potentials is None or record.potential_neurons is None:
        raise InvalidValueError("the record holds no potentials; run the simulator with "
                                "record_potentials=[...]")
    columns = _columns(record, neurons, compiled)
    indices = np.asarray(record.potential_neurons)[columns].astype(np.int64)
    if threshold is None and compiled is not None:
        thresholds = np.asarray(compiled.threshold)[indices]
    elif threshold is None:
        thresholds = None
    else:
        thresholds = np.asarray(threshold, dtype=np.int64).reshape(-1)
        if thresholds.size == 1:
            thresholds = np.repeat(thresholds, indices.size)
        elif thresholds.size != indices.size:
            raise InvalidValueError(f"threshold must be one value or one per drawn neuron "
                                    f"({indices.size}), got {thresholds.size}")

    ax = new_axes(ax)
    values = np.asarray(record.potentials)
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
