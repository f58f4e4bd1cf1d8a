"""Cores of a placement: global core ids, FPGA boundaries and one colour per core in every plot."""
from __future__ import annotations

from typing import Any, Callable, List, Sequence, Tuple

import numpy as np
from matplotlib.lines import Line2D

from ._common import palette

__all__ = ["global_core", "n_cores", "fpga_separators", "core_colors", "core_legend"]

#: Most cores that get a legend entry each.
_LEGEND_MAX = 16


def global_core(placement: Any) -> np.ndarray:
    """Core of every neuron as one id over the whole system (int64).

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> import numpy as np
    >>> placement = SimpleNamespace(core=np.array([0, 2, 2]), spec=SimpleNamespace(n_cores=4))
    >>> global_core(placement).tolist(), global_core(placement).dtype.name
    ([0, 2, 2], 'int64')
    """
    return np.asarray(placement.core, dtype=np.int64)


def n_cores(placement: Any) -> int:
    """Number of cores of the placement's hardware.

    Without a spec: one more than the highest core in use.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> import numpy as np
    >>> placement = SimpleNamespace(core=np.array([0, 2, 2]), spec=SimpleNamespace(n_cores=4))
    >>> n_cores(placement), n_cores(SimpleNamespace(core=placement.core))
    (4, 3)
    """
    spec = getattr(placement, "spec", None)
    if spec is not None:
        return int(spec.n_cores)
    core = global_core(placement)
    return int(core.max()) + 1 if core.size else 1


def fpga_separators(ax: Any, spec: Any, vertical: bool = True, **style: Any) -> None:
    """Lines between the cores of consecutive FPGAs (dotted grey unless ``style`` says).

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> from matplotlib.figure import Figure
    >>> ax = Figure().subplots()
    >>> fpga_separators(ax, SimpleNamespace(fpgas=3, cores_per_fpga=4))
    >>> [line.get_xdata()[0] for line in ax.lines]
    [3.5, 7.5]
    """
    style = {"color": "0.5", "linestyle": ":", "linewidth": 0.8, **style}
    for f in range(1, spec.fpgas):
        at = f * spec.cores_per_fpga - 0.5
        (ax.axvline if vertical else ax.axhline)(at, **style)


def core_colors(placement: Any) -> Callable[[int], Tuple[float, float, float, float]]:
    """Colour of core ``c``: ``palette(n_cores)[c]``.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> import numpy as np
    >>> placement = SimpleNamespace(core=np.array([0, 2, 2]), spec=SimpleNamespace(n_cores=4))
    >>> core_colors(placement)(2) == palette(4)[2]
    True
    """
    colours = palette(n_cores(placement))
    return lambda c: colours[int(c)]


def core_legend(placement: Any, used: Sequence[int]) -> List[Any]:
    """Legend handles for the cores ``used`` (one line summarising them when many).

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> import numpy as np
    >>> placement = SimpleNamespace(core=np.array([0, 2, 2]), spec=SimpleNamespace(n_cores=4))
    >>> [h.get_label() for h in core_legend(placement, [0, 2])]
    ['core 0', 'core 2']
    >>> [h.get_label() for h in core_legend(placement, range(20))]
    ['20 cores, colour = core id']
    """
    colour_of = core_colors(placement)
    used = list(used)
    if len(used) <= _LEGEND_MAX:
        return [Line2D([], [], linestyle="none", marker="o", color=colour_of(c), label=f"core {c}")
                for c in used]
    return [Line2D([], [], linestyle="none", marker="o", color=colour_of(used[0]),
                   label=f"{len(used)} cores, colour = core id")]
