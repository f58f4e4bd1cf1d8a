"""How a placement fills the hardware: per-core occupancy and the core-to-core matrices."""
from __future__ import annotations

from typing import Any, Dict, NamedTuple, Optional, Sequence

import numpy as np
from matplotlib.colors import LogNorm, Normalize
from matplotlib.ticker import MaxNLocator

from .._validation import check_choice, check_flag, check_instance, check_str, fail
from ..errors import InvalidTypeError, InvalidValueError
from ..partition.placement import Placement
from ..record import check_record
from ..partition import metrics
from ._common import new_axes, panel_axes, si_format
from ._cores import fpga_separators

__all__ = ["occupancy", "traffic", "OccupancyArtists", "TrafficArtists", "PANELS", "KINDS"]

#: Panels of :func:`occupancy`, in their default order.
PANELS = ("neurons", "axons", "hbm_rows")
#: Matrices of :func:`traffic`.
KINDS = ("synapses", "spikes")
#: ``scale='auto'`` turns logarithmic when the capacity exceeds the largest bar this many times.
_LOG_ABOVE = 20.0
#: Cells are annotated with their values up to this many cores.
_ANNOTATE_MAX = 8
_COLOURS = {"neurons": "tab:blue", "input_axons": "tab:orange", "relay_axons": "tab:green",
            "hbm_rows": "tab:purple"}
_LABELS = {"neurons": "neurons", "axons": "axons", "hbm_rows": "HBM rows"}
_TITLES = {"neurons": "Neurons", "axons": "Axon slots", "hbm_rows": "HBM synapse rows"}


class OccupancyArtists(NamedTuple):
    """What :func:`occupancy` drew.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> from l2s.examples import random_recurrent
    >>> from l2s.partition import HardwareSpec, partition
    >>> compiled = random_recurrent(60, fanout=4).compile()
    >>> placement = partition(compiled, HardwareSpec(cores_per_fpga=2, neurons_per_core=64))
    >>> drawn = occupancy(placement, Figure())
    >>> sorted(drawn.axes), list(drawn.capacity["neurons"].get_ydata())
    (['axons', 'hbm_rows', 'neurons'], [64, 64])
    """

    #: The axes of each panel, by panel name.
    axes: Dict[str, Any]
    #: Bar containers: ``'neurons'``, ``'input_axons'``, ``'relay_axons'``
    #: (stacked on the input axons) and ``'hbm_rows'``; bar ``k`` is core ``k``.
    bars: Dict[str, Any]
    #: The capacity line of each panel (a horizontal Line2D), by panel name.
    capacity: Dict[str, Any]
    #: Markers of the HBM-row lower bound per core (a Line2D), if that panel is drawn.
    lower_bound: Optional[Any]


def occupancy(placement: Any, fig: Any = None, *, ax: Any = None,
              panels: Sequence[str] = PANELS, scale: str = "auto") -> OccupancyArtists:
    """Neurons, axon slots and HBM rows of every core, against the core's capacity.

    One panel per resource, one bar per core, the capacity of the
    :class:`~l2s.partition.HardwareSpec` as a dashed red line. Axon slots
    stack the input axons and the relay axons (remote neurons with synapses
    onto the core); the HBM panel marks each core's lower bound (the rows no
    column assignment can beat) with a black tick. Every number comes from
    ``placement.report``; dotted lines separate FPGAs.

    Parameters
    ----------
    placement : Placement
        From :func:`l2s.partition.partition`.
    fig : matplotlib.figure.Figure, optional
        Figure to add the panels to (stacked, sharing the core axis); by
        default a new pyplot figure.
    ax : Axes or sequence of Axes, optional
        Instead of ``fig``: one axes per panel.
    panels : sequence of {'neurons', 'axons', 'hbm_rows'}, default all three
    scale : {'auto', 'linear', 'log'}, default 'auto'
        y scale of each panel; ``'auto'`` is logarithmic where the capacity is
        more than 20 times the largest bar, so both stay visible.

    Returns
    -------
    OccupancyArtists
        ``(axes, bars, capacity, lower_bound)``.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> from l2s.examples import random_recurrent
    >>> from l2s.partition import HardwareSpec, partition
    >>> spec = HardwareSpec(cores_per_fpga=4, neurons_per_core=64)
    >>> placement = partition(random_recurrent(200, fanout=10).compile(), spec)
    >>> drawn = occupancy(placement, Figure())
    >>> heights = [int(bar.get_height()) for bar in drawn.bars["neurons"]]
    >>> heights == placement.report.neurons.tolist()
    True
    >>> list(drawn.capacity["neurons"].get_ydata())
    [64, 64]
    """
    _check_placement(placement)
    if isinstance(panels, str) or not isinstance(panels, (list, tuple)):
        raise fail("panels", panels, f"must be a list of panel names from "
                   f"{', '.join(map(repr, PANELS))}", InvalidTypeError)
    panels = [check_choice(p, f"panels[{i}]", PANELS) for i, p in enumerate(panels)]
    unknown = [p for p in panels if p not in PANELS]
    if unknown or not panels:
        raise InvalidValueError(f"panels must be a non-empty selection of "
                                f"{', '.join(map(repr, PANELS))}, got {panels!r}")
    check_choice(scale, "scale", ("auto", "linear", "log"))
    report, spec = placement.report, placement.spec
    axes = panel_axes(panels, fig, ax)
    cores = np.arange(spec.n_cores)
    capacities = {"neurons": spec.neurons_per_core, "axons": spec.axons_per_core,
                  "hbm_rows": spec.hbm_rows_per_core}
    totals = {"neurons": report.neurons, "axons": report.axons, "hbm_rows": report.hbm_rows}
    width = 0.8
    bars: Dict[str, Any] = {}
    capacity: Dict[str, Any] = {}
    lower = None
    for panel, a in zip(panels, axes):
        if panel == "axons":
            bars["input_axons"] = a.bar(cores, report.input_axons, width,
                                        color=_COLOURS["input_axons"], label="input axons")
            bars["relay_axons"] = a.bar(cores, report.relay_axons, width,
                                        bottom=report.input_axons,
                                        color=_COLOURS["relay_axons"], label="relay axons")
        else:
            bars[panel] = a.bar(cores, totals[panel], width, color=_COLOURS[panel],
                                label=_LABELS[panel])
        if panel == "hbm_rows":
            (lower,) = a.plot(cores, report.hbm_rows_lower_bound, linestyle="none",
                              marker="_", markersize=max(4.0, min(14.0, 300.0 / len(cores))),
                              markeredgewidth=1.5, color="k", label="lower bound")
        cap = capacities[panel]
        capacity[panel] = a.axhline(cap, color="tab:red", linestyle="--", linewidth=1.2,
                                    label=f"capacity {cap:,}")
        peak = int(totals[panel].max(initial=0))
        largest = max(peak, 1)
        use_log = scale == "log" or (scale == "auto" and cap > _LOG_ABOVE * largest)
        if use_log:
            a.set_yscale("log")
            a.set_ylim(0.8, cap * 2.0)
        else:
            a.set_ylim(0, max(cap, largest) * 1.08)
        fpga_separators(a, spec)
        a.set_ylabel(_LABELS[panel])
        shown = f"{cap:,}" if cap < 100_000 else si_format(cap)
        a.set_title(f"{_TITLES[panel]} per core (fullest: {100 * peak / cap:.3g} % of "
                    f"{shown})", fontsize="medium")
        a.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0.0, frameon=False,
                 fontsize="small")
        a.set_xlim(-0.6, spec.n_cores - 0.4)
        a.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes[-1].set_xlabel("core" + (" (dotted lines: FPGA boundaries)" if spec.fpgas > 1 else ""))
    return OccupancyArtists(dict(zip(panels, axes)), bars, capacity, lower)


class TrafficArtists(NamedTuple):
    """What :func:`traffic` drew.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> from l2s.examples import random_recurrent
    >>> from l2s.partition import HardwareSpec, partition
    >>> compiled = random_recurrent(60, fanout=4).compile()
    >>> placement = partition(compiled, HardwareSpec(cores_per_fpga=2, neurons_per_core=64))
    >>> drawn = traffic(placement, Figure().subplots())
    >>> int(drawn.matrix.sum()) == compiled.neuron_indices.size, drawn.matrix.shape
    (True, (2, 2))
    """

    #: The AxesImage; ``image.get_array()`` is the matrix drawn.
    image: Any
    #: Its colour bar.
    colorbar: Any
    #: The matrix (``synapse_matrix`` or ``traffic_matrix`` of :mod:`l2s.partition.metrics`).
    matrix: np.ndarray


def _check_placement(placement: Any) -> Placement:
    return check_instance(placement, "placement", Placement, "from l2s.partition.partition")


def _check_cmap(cmap: Any) -> None:
    """A matplotlib colormap, or the name of one."""
    from matplotlib.colors import Colormap
    try:
        from matplotlib import colormaps as known  # matplotlib >= 3.5
    except ImportError:  # pragma: no cover - older matplotlib
        from matplotlib.cm import cmap_d as known
    if not isinstance(cmap, Colormap) and check_str(cmap, "cmap") not in known:
        raise fail("cmap", cmap, "is not a matplotlib colormap name")


def _rates_of(record: Any, placement: Placement) -> np.ndarray:
    record, n_neurons = check_record(record, placement.compiled), placement.core.size
    if record.n_steps <= 0:
        raise InvalidValueError("record has no steps to take firing rates from")
    return np.bincount(np.asarray(record.neurons), minlength=n_neurons) / record.n_steps


def traffic(placement: Any, ax: Any = None, *, kind: str = "synapses", rates: Any = None,
            record: Any = None, diagonal: bool = True, log: bool = False,
            annotate: Optional[bool] = None, cmap: str = "viridis") -> TrafficArtists:
    """Core-by-core matrix: synapses, or expected spike messages per step, from row to column.

    Parameters
    ----------
    placement : Placement
    ax : matplotlib.axes.Axes, optional
        Axes to draw into; by default a new pyplot figure's.
    kind : {'synapses', 'spikes'}, default 'synapses'
        ``'synapses'``: :func:`l2s.partition.metrics.synapse_matrix` (neuron
        synapses from the neurons of core ``a`` onto those of core ``b``; the
        diagonal holds the local ones). ``'spikes'``:
        :func:`l2s.partition.metrics.traffic_matrix` (expected messages per
        step; one per spike and remote target core), which needs firing rates.
    rates : array of float, optional
        Spikes per step of every neuron for ``kind='spikes'``.
    record : SpikeRecord, optional
        Instead of ``rates``: a run recorded with ``record='all'``, whose spikes
        per neuron and step become the rates (a record of the outputs only
        under-counts). Without either, the rates the placement was made with.
    diagonal : bool, default True
        Show the diagonal; False masks it (drawn blank), which lets the
        inter-core entries use the whole colour scale.
    log : bool, default False
        Logarithmic colour scale (zero entries are drawn blank).
    annotate : bool, optional
        Write each entry in its cell (default: up to 8 cores).
    cmap : str, default 'viridis'

    Returns
    -------
    TrafficArtists
        ``(image, colorbar, matrix)``; ``image.get_array()`` equals ``matrix``
        (masked on the diagonal when ``diagonal=False``).

    Raises
    ------
    InvalidValueError
        For an unknown ``kind``, or ``kind='spikes'`` without any rates.

    Examples
    --------
    >>> import numpy as np
    >>> from matplotlib.figure import Figure
    >>> from l2s.examples import random_recurrent
    >>> from l2s.partition import HardwareSpec, partition, synapse_matrix
    >>> spec = HardwareSpec(cores_per_fpga=4, neurons_per_core=64)
    >>> placement = partition(random_recurrent(200, fanout=10).compile(), spec)
    >>> drawn = traffic(placement, Figure().subplots())
    >>> bool(np.array_equal(drawn.image.get_array(), synapse_matrix(placement)))
    True
    >>> drawn = traffic(placement, Figure().subplots(), kind="spikes", rates=np.full(200, 0.1))
    >>> drawn.colorbar.ax.get_ylabel()
    'spike messages per step'
    """
    _check_placement(placement)
    kind = check_choice(kind, "kind", KINDS)
    diagonal, log = check_flag(diagonal, "diagonal"), check_flag(log, "log")
    if annotate is not None:
        check_flag(annotate, "annotate")
    _check_cmap(cmap)
    if kind == "synapses":
        matrix = metrics.synapse_matrix(placement)
        what = "synapses"
    else:
        if rates is None and record is not None:
            rates = _rates_of(record, placement)
        matrix = metrics.traffic_matrix(placement, rates)
        what = "spike messages per step"
    shown = np.ma.masked_array(matrix, mask=np.zeros(matrix.shape, dtype=bool))
    if not diagonal:
        np.fill_diagonal(shown.mask, True)
    if log:
        shown = np.ma.masked_less_equal(shown, 0)
        positive = shown.compressed()
        norm: Normalize = LogNorm(vmin=positive.min() if positive.size else 1.0,
                                  vmax=positive.max() if positive.size else 10.0)
    else:
        top = float(shown.max()) if shown.count() else 1.0
        norm = Normalize(vmin=0.0, vmax=top if top > 0 else 1.0)

    ax = new_axes(ax, figsize=(6.0, 5.0))
    image = ax.imshow(shown, cmap=cmap, norm=norm, interpolation="nearest", origin="upper",
                      aspect="equal")
    colorbar = ax.figure.colorbar(image, ax=ax, label=what)
    n = matrix.shape[0]
    spec = placement.spec
    for vertical in (True, False):
        fpga_separators(ax, spec, vertical, color="w", linestyle="-", linewidth=1.5)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("target core" + (" (white lines: FPGA boundaries)" if spec.fpgas > 1 else ""))
    ax.set_ylabel("source core")
    off = matrix.sum() - np.trace(matrix)
    if kind == "synapses":
        total = matrix.sum()
        share = f", {100 * off / total:.3g} %" if total else ""
        summary = f"{si_format(off)} inter-core{share}"
    else:
        summary = f"{off:.3g} in all"
    ax.set_title(f"{what.capitalize()} from core to core ({summary})", fontsize="medium")
    if annotate is None:
        annotate = n <= _ANNOTATE_MAX
    if annotate:
        cut = norm.vmin + 0.6 * (norm.vmax - norm.vmin) if not log else np.sqrt(
            norm.vmin * norm.vmax)
        for (i, j), value in np.ndenumerate(matrix):
            if np.ma.getmaskarray(shown)[i, j]:
                continue
            text = si_format(value) if kind == "synapses" else f"{value:.2g}"
            ax.text(j, i, text, ha="center", va="center", fontsize="small",
                    color="k" if value > cut else "w")
    return TrafficArtists(image, colorbar, matrix)
