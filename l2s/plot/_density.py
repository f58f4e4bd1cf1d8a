"""When marks overlap, and 2-D histograms binned to an axes' pixels (raster and potentials)."""
from __future__ import annotations

from typing import Any, Tuple

import numpy as np

from .._validation import check_choice

__all__ = ["MODES", "axes_pixels", "resolve_mode", "bin_edges", "histogram2d", "binned_mean"]

#: ``mode=`` of the raster: choose by density, or force one drawing.
MODES = ("auto", "scatter", "density")
#: Marks covering more than this fraction of the axes' area overlap into a solid block.
_COVERAGE_MAX = 0.5


def axes_pixels(ax: Any) -> Tuple[int, int]:
    """Width and height of the axes in pixels at the figure's dpi (at least 1 each).

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> ax = Figure(figsize=(4, 3), dpi=100).add_axes([0, 0, 0.5, 1])
    >>> axes_pixels(ax)
    (200, 300)
    """
    box = ax.get_window_extent()
    return max(int(round(box.width)), 1), max(int(round(box.height)), 1)


def resolve_mode(mode: str, marks: int, mark_area: float, pixels: Tuple[int, int]) -> str:
    """``'scatter'`` or ``'density'``: ``mode`` itself, or by the area ``marks`` would cover.

    With ``mode='auto'`` the raster becomes a density image when the marks
    (``mark_area`` square pixels each) would cover more than half of the
    axes' ``pixels`` even if none overlapped: beyond that they merge into
    a solid block and the activity cannot be read.

    Examples
    --------
    >>> resolve_mode("auto", 600_000, 2.0, (500, 400)), resolve_mode("auto", 5_000, 2.0, (500, 400))
    ('density', 'scatter')
    >>> resolve_mode("scatter", 600_000, 2.0, (500, 400))
    'scatter'
    """
    check_choice(mode, "mode", MODES)
    if mode != "auto":
        return mode
    coverage = marks * mark_area / float(pixels[0] * pixels[1])
    return "density" if coverage > _COVERAGE_MAX else "scatter"


def bin_edges(lo: int, hi: int, bins: int) -> np.ndarray:
    """Integer edges cutting ``[lo, hi)`` into at most ``bins`` nearly equal bins.

    Examples
    --------
    >>> bin_edges(0, 10, 4).tolist(), bin_edges(0, 3, 8).tolist()
    ([0, 2, 5, 7, 10], [0, 1, 2, 3])
    """
    n = max(min(int(bins), hi - lo), 1)
    return np.unique(np.linspace(lo, hi, n + 1).astype(np.int64))


def histogram2d(x: np.ndarray, y: np.ndarray, x_edges: np.ndarray,
                y_edges: np.ndarray) -> np.ndarray:
    """Counts of the points ``(x, y)`` in the bins, shape ``(len(y_edges)-1, len(x_edges)-1)``.

    One ``bincount``; integer edges as from :func:`bin_edges`, each bin
    ``[edge, next edge)``; points outside are dropped.

    Examples
    --------
    >>> import numpy as np
    >>> histogram2d(np.array([0, 1, 3]), np.array([0, 0, 5]), np.array([0, 2, 4]),
    ...             np.array([0, 3, 6])).tolist()
    [[2, 0], [0, 1]]
    """
    xi = np.searchsorted(x_edges, x, side="right") - 1
    yi = np.searchsorted(y_edges, y, side="right") - 1
    nx, ny = x_edges.size - 1, y_edges.size - 1
    inside = (xi >= 0) & (xi < nx) & (yi >= 0) & (yi < ny)
    flat = yi[inside].astype(np.int64) * nx + xi[inside]
    return np.bincount(flat, minlength=nx * ny).reshape(ny, nx)


def binned_mean(values: np.ndarray, edges: np.ndarray, axis: int = 0) -> np.ndarray:
    """Mean of ``values`` over consecutive index bins along ``axis`` (edges from 0).

    Examples
    --------
    >>> import numpy as np
    >>> binned_mean(np.array([[1, 3], [3, 5], [8, 0]]), np.array([0, 2, 3])).tolist()
    [[2.0, 4.0], [8.0, 0.0]]
    """
    sums = np.add.reduceat(np.asarray(values, dtype=np.float64), edges[:-1], axis=axis)
    shape = [1] * sums.ndim
    shape[axis] = -1
    return sums / np.diff(edges).reshape(shape)
