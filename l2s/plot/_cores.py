"""Cores of a placement: global core ids and one colour per core, the same in every plot."""
from __future__ import annotations

from typing import Any, Callable, List, Sequence, Tuple

import numpy as np
from matplotlib.lines import Line2D

from ._common import palette

#: Most cores that get a legend entry each.
_LEGEND_MAX = 16


def global_core(placement: Any) -> np.ndarray:
    """Core of every neuron as one id over the whole system (int64)."""
    return np.asarray(placement.core, dtype=np.int64)


def n_cores(placement: Any) -> int:
    """Number of cores of the placement's hardware."""
    spec = getattr(placement, "spec", None)
    if spec is not None:
        return int(spec.n_cores)
    core = global_core(placement)
    return int(core.max()) + 1 if core.size else 1


def core_colors(placement: Any) -> Callable[[int], Tuple[float, float, float, float]]:
    """Colour of core ``c``: ``palette(n_cores)[c]``."""
    colours = palette(n_cores(placement))
    return lambda c: colours[int(c)]


def core_legend(placement: Any, used: Sequence[int]) -> List[Any]:
    """Legend handles for the cores ``used`` (one line summarising them when many)."""
    colour_of = core_colors(placement)
    used = list(used)
    if len(used) <= _LEGEND_MAX:
        return [Line2D([], [], linestyle="none", marker="o", color=colour_of(c), label=f"core {c}")
                for c in used]
    return [Line2D([], [], linestyle="none", marker="o", color=colour_of(used[0]),
                   label=f"{len(used)} cores, colour = core id")]
