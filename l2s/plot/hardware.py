"""How a hardware image fills each core's HBM."""
from __future__ import annotations

from typing import Any, Dict, NamedTuple

import numpy as np
from matplotlib.ticker import MaxNLocator, PercentFormatter

from ..hw.usage import REGIONS, hbm_usage
from ..hw.words import NRN_BASE
from ._common import panel_axes
from ._cores import fpga_separators

__all__ = ["hbm_fill", "HbmFillArtists"]

_LABELS = {"axon_pointer_rows": "axon pointers", "neuron_pointer_rows": "neuron pointers",
           "synapse_rows": "synapse rows"}
_COLOURS = {"axon_pointer_rows": "tab:orange", "neuron_pointer_rows": "tab:blue",
            "synapse_rows": "tab:purple"}


class HbmFillArtists(NamedTuple):
    """What :func:`hbm_fill` drew.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> from l2s.examples import random_recurrent
    >>> from l2s.hw import build_image
    >>> from l2s.partition import HardwareSpec, partition
    >>> compiled = random_recurrent(60, fanout=4).compile()
    >>> placement = partition(compiled, HardwareSpec(cores_per_fpga=2, neurons_per_core=64))
    >>> drawn = hbm_fill(build_image(compiled, placement), Figure())
    >>> sorted(drawn.axes), len(drawn.bars["synapse_rows"]), sorted(drawn.usage)[:2]
    (['rows', 'slots'], 2, ['axon_pointer_rows', 'neuron_pointer_rows'])
    """

    #: ``'rows'`` and ``'slots'`` axes.
    axes: Dict[str, Any]
    #: Bar containers per region (``hw.REGIONS``) and ``'slot_utilisation'``; bar k is core k.
    bars: Dict[str, Any]
    #: The numbers drawn: :func:`l2s.hw.hbm_usage` of the image.
    usage: Dict[str, np.ndarray]


def hbm_fill(image: Any, fig: Any = None, *, ax: Any = None) -> HbmFillArtists:
    """HBM rows used per core by region, and how full the synapse rows are.

    Top panel: rows of the axon-pointer, neuron-pointer and synapse regions
    of every core (grouped bars, log scale) with the pointer regions'
    capacity (``2**14`` rows each) and the synapse region's
    (``spec.hbm_rows_per_core``) as dashed lines. Bottom panel: slot
    utilisation, the share of the synapse rows' 32-bit words that hold a
    synapse, route or spike-out word (the rest are empty slots the column rule
    left free). Numbers come from :func:`l2s.hw.hbm_usage`.

    Parameters
    ----------
    image : HardwareImage
    fig : matplotlib.figure.Figure, optional
        Figure to draw the two panels in; by default a new pyplot figure.
    ax : pair of Axes, optional
        Instead of ``fig``: the axes of the two panels.

    Returns
    -------
    HbmFillArtists
        ``(axes, bars, usage)``.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> from l2s.examples import random_recurrent
    >>> from l2s.partition import HardwareSpec, partition
    >>> from l2s.hw import build_image, hbm_usage
    >>> compiled = random_recurrent(200, fanout=10).compile()
    >>> spec = HardwareSpec(cores_per_fpga=2, neurons_per_core=128)
    >>> drawn = hbm_fill(build_image(compiled, partition(compiled, spec)), Figure())
    >>> [int(b.get_height()) for b in drawn.bars["synapse_rows"]] == \\
    ...     drawn.usage["synapse_rows"].tolist()
    True
    """
    usage = hbm_usage(image)
    spec = image.spec
    rows_ax, slots_ax = panel_axes(("rows", "slots"), fig, ax)
    cores = np.arange(usage["synapse_rows"].size)
    width = 0.8 / len(REGIONS)
    bars: Dict[str, Any] = {}
    for k, region in enumerate(REGIONS):
        bars[region] = rows_ax.bar(cores + (k - 1) * width, usage[region], width,
                                   color=_COLOURS[region], label=_LABELS[region])
    rows_ax.axhline(NRN_BASE, color="tab:red", linestyle="--", linewidth=1.0,
                    label=f"pointer region capacity {NRN_BASE:,}")
    rows_ax.axhline(spec.hbm_rows_per_core, color="tab:red", linestyle=":", linewidth=1.0,
                    label=f"synapse region capacity {spec.hbm_rows_per_core:,}")
    rows_ax.set_yscale("log")
    rows_ax.set_ylim(0.8, spec.hbm_rows_per_core * 2.0)
    rows_ax.set_ylabel("HBM rows")
    rows_ax.set_title("HBM rows per core and region", fontsize="medium")
    bars["slot_utilisation"] = slots_ax.bar(cores, usage["slot_utilisation"], 0.8,
                                            color="tab:green", label="used words")
    slots_ax.set_ylim(0, 1.05)
    slots_ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    slots_ax.set_ylabel("slot utilisation")
    total = usage["used_slots"].sum() / max(8 * usage["synapse_rows"].sum(), 1)
    slots_ax.set_title(f"Synapse-row words in use (all cores: {100 * total:.3g} %)",
                       fontsize="medium")
    for a in (rows_ax, slots_ax):
        fpga_separators(a, spec)
        a.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0.0, frameon=False,
                 fontsize="small")
        a.set_xlim(-0.6, cores.size - 0.4)
        a.xaxis.set_major_locator(MaxNLocator(integer=True))
    slots_ax.set_xlabel("core")
    return HbmFillArtists({"rows": rows_ax, "slots": slots_ax}, bars, usage)
