"""Inspecting a mapping: one neuron across the cores, and one core from the inside."""
from __future__ import annotations

from typing import Any, Dict, List, NamedTuple

import numpy as np
from matplotlib.colors import ListedColormap
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from .._validation import MAX_INDEX, check_instance, check_int
from ..graph.compiled import CompiledNetwork
from ..hw.image import HardwareImage
from ..partition.compare import PlacementComparison
from ..partition.explain import NeuronPlacement
from ..partition.placement import Placement
from ..machine.geometry import COLUMNS
from ..machine.words import decode_pointer
from ._common import (NEUTRAL, key_label, neuron_ranges, new_axes, palette, panel_axes,
                      population_index, rgba)
from ._cores import fpga_separators

__all__ = ["neuron_view", "compare_view", "core_view", "NeuronViewArtists", "CompareArtists",
           "CoreViewArtists"]

_OUT, _IN, _OWN = "tab:blue", "tab:orange", "tab:red"


class NeuronViewArtists(NamedTuple):
    """What :func:`neuron_view` drew.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> from l2s.partition.explain import NeuronPlacement
    >>> where = NeuronPlacement(0, "a", 0, 1, 0, 0, 2, 2, {1: 3}, {}, {0: 2}, 0)
    >>> drawn = neuron_view(where, Figure().subplots())
    >>> [float(b.get_height()) for b in drawn.into], drawn.own.get_label()
    ([-2.0], 'own core 1')
    """

    #: Bars of synapses out of the neuron, one per core that receives any.
    out: List[Any]
    #: Bars (negative heights) of synapses into the neuron, one per source core.
    into: List[Any]
    #: The band marking the neuron's own core.
    own: Any


def neuron_view(where: Any, ax: Any = None) -> NeuronViewArtists:
    """One neuron's synapses per core: out of it (up, to the cores its spikes reach) and
    into it (down, from the cores of its inputs); its own core is shaded red.

    Parameters
    ----------
    where : NeuronPlacement
        From ``placement.explain(neuron)`` (or ``image.explain(...).where``).
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    NeuronViewArtists

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> from l2s.partition.explain import NeuronPlacement
    >>> where = NeuronPlacement(0, "a", 0, 0, 0, 0, 2, 2, {0: 3, 1: 2}, {1: 4}, {1: 1}, 0)
    >>> len(neuron_view(where, Figure().subplots()).out)
    2
    """
    check_instance(where, "where", NeuronPlacement, "from placement.explain(neuron)")
    ax = new_axes(ax)
    own = ax.axvspan(where.core - 0.5, where.core + 0.5, color=_OWN, alpha=0.12, linewidth=0,
                     label=f"own core {where.core}")
    out_cores = np.array(sorted(where.targets), dtype=np.int64)
    in_cores = np.array(sorted(where.sources), dtype=np.int64)
    out = ax.bar(out_cores, [where.targets[c] for c in out_cores.tolist()], color=_OUT,
                 label="synapses out")
    into = ax.bar(in_cores, [-where.sources[c] for c in in_cores.tolist()], color=_IN,
                  label="synapses in")
    for core, slot in where.relays.items():
        ax.annotate(f"relay {slot}", (core, where.targets[core]), ha="center", va="bottom",
                    fontsize=7, xytext=(0, 2), textcoords="offset points")
    ax.axhline(0, color=NEUTRAL, linewidth=0.8)
    fpga_separators(ax, _Shape(where.n_cores // where.cores_per_fpga, where.cores_per_fpga))
    ax.set_xlim(-0.5, where.n_cores - 0.5)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("core")
    ax.set_ylabel("synapses (out up, in down)")
    extra = f", {where.input_axons:,} from input axons" if where.input_axons else ""
    ax.set_title(f"neuron {where.neuron} {where.key!r} on core {where.core}{extra}")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0.0, frameon=False)
    return NeuronViewArtists(list(out), list(into), own)


class _Shape(NamedTuple):
    """The ``fpgas x cores_per_fpga`` that :func:`fpga_separators` reads."""

    fpgas: int
    cores_per_fpga: int


class CompareArtists(NamedTuple):
    """What :func:`compare_view` drew.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> from l2s.examples import grid_network
    >>> from l2s.partition import HardwareSpec, compare, partition
    >>> p = partition(grid_network(4).compile(), HardwareSpec(cores_per_fpga=2, neurons_per_core=8))
    >>> drawn = compare_view(compare(p, p), Figure())
    >>> [len(bars) for bars in drawn.bars["relays"]]
    [2, 2]
    """

    #: ``'cut'``, ``'relays'``, ``'hbm_rows'``: the axes of each panel.
    axes: Dict[str, Any]
    #: Per panel, one bar container per placement (bar ``k`` is core ``k``, or the placement).
    bars: Dict[str, List[Any]]


def compare_view(comparison: Any, fig: Any = None, *, ax: Any = None) -> CompareArtists:
    """Two placements side by side: their cut fractions, and relay axons and HBM rows per core.

    Parameters
    ----------
    comparison : PlacementComparison
        From :func:`l2s.partition.compare`.
    fig : matplotlib.figure.Figure, optional
        Figure to draw the three panels into (by default a new pyplot figure).
    ax : sequence of three Axes, optional
        Instead of ``fig``.

    Returns
    -------
    CompareArtists

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> from l2s.examples import grid_network
    >>> from l2s.partition import HardwareSpec, compare, partition
    >>> compiled = grid_network(8).compile()
    >>> spec = HardwareSpec(cores_per_fpga=4, neurons_per_core=16)
    >>> both = compare(partition(compiled, spec, seed=0),
    ...                partition(compiled, spec, method="random"))
    >>> drawn = compare_view(both, Figure())
    >>> [round(float(b.get_height()), 3) for b in drawn.bars["cut"][0]] == [
    ...     round(v, 3) for v in both.value("cut fraction")]
    True
    """
    check_instance(comparison, "comparison", PlacementComparison, "from l2s.partition.compare")
    panels = ("cut", "relays", "hbm_rows")
    axes = panel_axes(panels, fig, ax, widths=[1, 3, 3], figsize=(11.0, 3.8))
    by_name = dict(zip(panels, axes))
    colours = palette(2)
    cut = by_name["cut"].bar([0, 1], comparison.value("cut fraction"), color=colours)
    by_name["cut"].set_xticks([0, 1])
    by_name["cut"].set_xticklabels(comparison.names, rotation=30, ha="right")
    by_name["cut"].set_ylim(0, 1)
    by_name["cut"].set_title("cut fraction")
    bars: Dict[str, List[Any]] = {"cut": [cut]}
    for panel, title in (("relays", "relay axons per core"), ("hbm_rows", "HBM rows per core")):
        target = by_name[panel]
        bars[panel] = []
        for i, (name, placement) in enumerate(zip(comparison.names, comparison.placements)):
            values = (placement.report.relay_axons if panel == "relays"
                      else placement.report.hbm_rows)
            bars[panel].append(target.bar(np.arange(values.size) + (i - 0.5) * 0.4, values,
                                          width=0.4, color=colours[i], label=name))
        fpga_separators(target, comparison.placements[0].spec)
        target.xaxis.set_major_locator(MaxNLocator(integer=True))
        target.set_xlabel("core")
        target.set_title(title)
    by_name["hbm_rows"].legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0.0,
                               frameon=False)
    return CompareArtists(by_name, bars)


class CoreViewArtists(NamedTuple):
    """What :func:`core_view` drew.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> from l2s.examples import random_recurrent
    >>> from l2s.partition import HardwareSpec, partition
    >>> p = partition(random_recurrent(40, fanout=4).compile(),
    ...               HardwareSpec(cores_per_fpga=2, neurons_per_core=32), method="contiguous")
    >>> drawn = core_view(p, 1, Figure())
    >>> drawn.slots.get_array().shape, drawn.unit
    ((2, 16), 'synapses')
    """

    #: ``'slots'``, ``'loads'``, ``'sources'``: the axes of each panel.
    axes: Dict[str, Any]
    #: Image of the neuron slots, rows x 16 columns: population index + 1, 0 where empty.
    slots: Any
    #: Histogram bars of the load (rows or synapses) per source.
    loads: Any
    #: Horizontal bars of the heaviest sources, heaviest on top.
    sources: Any
    #: ``'rows'`` for an image (pointer lengths), ``'synapses'`` for a placement.
    unit: str


class _CoreLoad(NamedTuple):
    """One core's neurons and the load each source puts on it."""

    neurons: np.ndarray   # compiled indices of its neurons
    local: np.ndarray     # their core-local indices
    load: np.ndarray      # rows (image) or synapses (placement) of every source
    labels: List[str]     # every source named
    unit: str


def _image_load(image: Any, core: int, compiled: Any) -> _CoreLoad:
    """Pointer lengths of the core's neurons and axon slots, from the image's words."""
    neurons = np.flatnonzero(image.neuron_core == core)
    local = image.neuron_local[neurons].astype(np.int64)
    by_local = dict(zip(local.tolist(), neurons.tolist()))
    entries = np.flatnonzero(image.input_core == core)
    inputs = dict(zip(image.input_slot[entries].tolist(),
                      (np.searchsorted(image.input_indptr, entries, side="right") - 1).tolist()))
    loads, labels = [], []
    for is_axon, indptr, words in ((False, image.neuron_indptr, image.neuron_pointers),
                                   (True, image.axon_indptr, image.axon_pointers)):
        _, lengths = decode_pointer(words[indptr[core]:indptr[core + 1]])
        for index in np.flatnonzero(lengths).tolist():
            loads.append(int(lengths[index]))
            if not is_axon:
                n = by_local.get(index)
                labels.append(f"local {index}" if n is None else
                              f"neuron {key_label(compiled.neuron_keys.key(n)) if compiled else n}")
            elif index in inputs:
                labels.append(f"input axon {inputs[index]}")
            else:
                labels.append(f"relay slot {index}")
    return _CoreLoad(neurons, local, np.array(loads, dtype=np.int64), labels, "rows")


def _placement_load(placement: Any, core: int) -> _CoreLoad:
    """Synapses onto the core's neurons from every neuron and input axon."""
    compiled = placement.compiled
    neurons = placement.neurons_of(core)
    loads, labels = [], []
    for source, prefix in (("neuron", "neuron "), ("axon", "input ")):
        indptr, indices, _ = compiled.csr(source)
        onto = placement.core[indices] == core
        pre = np.searchsorted(indptr, np.flatnonzero(onto), side="right") - 1
        counts = np.bincount(pre, minlength=indptr.size - 1)
        keys = compiled.neuron_keys if source == "neuron" else compiled.axon_keys
        for s in np.flatnonzero(counts).tolist():
            loads.append(int(counts[s]))
            labels.append(prefix + key_label(keys.key(s)))
    return _CoreLoad(neurons, placement.local_index[neurons].astype(np.int64),
                     np.array(loads, dtype=np.int64), labels, "synapses")


def core_view(source: Any, core: int, fig: Any = None, *, ax: Any = None, compiled: Any = None,
              top: int = 10) -> CoreViewArtists:
    """One core from the inside: its neuron slots, and the load its sources put on it.

    Three panels: the core's neuron slots as a grid of 16 columns by rows
    (coloured by population when the network is known, empty slots white);
    a histogram of the load per source; and the ``top`` heaviest sources.
    For a :class:`~l2s.hw.HardwareImage` the load is each neuron's and axon
    slot's pointer length in HBM rows, read from the words; for a
    :class:`~l2s.partition.Placement` it is the synapses each neuron or input
    axon has onto the core.

    Parameters
    ----------
    source : HardwareImage or Placement
    core : int
        Global core id.
    fig : matplotlib.figure.Figure, optional
    ax : sequence of three Axes, optional
        Instead of ``fig``.
    compiled : CompiledNetwork, optional
        For an image: names and colours neurons by key and population.
    top : int, default 10

    Returns
    -------
    CoreViewArtists

    Raises
    ------
    InvalidValueError
        If ``core`` is not a core of the hardware, or ``ax`` does not hold three axes.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> from l2s.examples import random_recurrent
    >>> from l2s.hw import build_image
    >>> from l2s.partition import HardwareSpec, partition
    >>> compiled = random_recurrent(60, fanout=5).compile()
    >>> image = build_image(compiled, partition(compiled, HardwareSpec(cores_per_fpga=2,
    ...                                                                neurons_per_core=32)))
    >>> drawn = core_view(image, 0, Figure(), top=3)
    >>> drawn.unit, len(drawn.sources)
    ('rows', 3)
    """
    check_instance(source, "source", (HardwareImage, Placement), "from build_image or partition")
    if compiled is not None:
        check_instance(compiled, "compiled", CompiledNetwork, "from Network.compile()")
    top = check_int(top, "top", 1, MAX_INDEX)
    is_image = isinstance(source, HardwareImage)
    n_cores = source.n_cores
    core = check_int(core, "core", 0, n_cores - 1)
    load = (_image_load(source, core, compiled) if is_image
            else _placement_load(source, core))
    network = compiled if is_image else source.compiled
    panels = ("slots", "loads", "sources")
    axes = panel_axes(panels, fig, ax, widths=[1.2, 1, 1.4], figsize=(12.0, 4.0))
    by_name = dict(zip(panels, axes))

    rows = int(load.local.max()) // COLUMNS + 1 if load.local.size else 1
    grid = np.zeros(rows * COLUMNS)
    ranges = neuron_ranges(network) if network is not None else None
    which = (population_index(load.neurons, ranges) if ranges
             else np.zeros(load.neurons.size, dtype=np.int64))
    grid[load.local] = which + 1
    n_colours = len(ranges) if ranges else 1
    cmap = ListedColormap([(1, 1, 1, 1)] + palette(n_colours) + [rgba(NEUTRAL)])
    slots = by_name["slots"].imshow(grid.reshape(rows, COLUMNS), cmap=cmap, vmin=-0.5,
                                    vmax=n_colours + 1.5, aspect="auto", origin="lower",
                                    interpolation="nearest")
    by_name["slots"].set_xlabel("column")
    by_name["slots"].set_ylabel("row")
    by_name["slots"].set_title(f"core {core}: {load.neurons.size:,} neurons")
    if ranges:
        handles = [Patch(color=c, label=r[0]) for c, r in zip(palette(n_colours), ranges)]
        by_name["slots"].legend(handles=handles, loc="upper left", bbox_to_anchor=(0, -0.15),
                                frameon=False, ncol=min(len(handles), 3))

    values = load.load if load.load.size else np.zeros(1, dtype=np.int64)
    edges = np.arange(int(values.min()), int(values.max()) + 2) - 0.5
    if edges.size > 41:
        edges = np.linspace(edges[0], edges[-1], 41)
    _, _, loads = by_name["loads"].hist(values, bins=edges, color="tab:purple")
    by_name["loads"].set_xlabel(f"{load.unit} per source")
    by_name["loads"].set_ylabel("sources")
    by_name["loads"].set_title(f"{load.load.size:,} sources, {int(load.load.sum()):,} "
                               f"{load.unit}")

    order = np.argsort(-load.load, kind="stable")[:top][::-1]
    sources = by_name["sources"].barh(np.arange(order.size), load.load[order],
                                      color="tab:purple")
    by_name["sources"].set_yticks(np.arange(order.size))
    by_name["sources"].set_yticklabels([load.labels[i] for i in order.tolist()], fontsize=8)
    by_name["sources"].set_xlabel(load.unit)
    by_name["sources"].set_title(f"heaviest {order.size} sources")
    return CoreViewArtists(by_name, slots, loads, sources, load.unit)
