"""Helpers shared by the plot modules: axes and panels, colours, population ranges."""
from __future__ import annotations

from typing import Any, List, Optional, Sequence, Tuple

import numpy as np
from matplotlib.colors import to_rgba

from ..errors import InvalidTypeError, InvalidValueError
from ..graph.population import AXONS

__all__ = ["Range", "NEUTRAL", "new_axes", "new_figure", "panel_axes", "palette", "rgba",
           "neuron_ranges", "population_index", "key_label", "si_format"]

#: A neuron population as ``(name, start, stop)`` in the flat neuron index space.
Range = Tuple[str, int, int]

#: Colour of things that belong to no population or core (axons, "other" spikes).
NEUTRAL = "0.6"


def new_axes(ax: Any = None, figsize: Optional[Tuple[float, float]] = None) -> Any:
    """``ax`` itself, or the axes of a new pyplot figure when ``ax`` is None.

    pyplot is imported only here, so that drawing into a given axes never
    touches pyplot's state (and a notebook shows a new figure inline).

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> ax = Figure().subplots()
    >>> new_axes(ax) is ax
    True
    """
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt  # lazily: only when the caller gave no axes

    _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def new_figure(fig: Any = None, figsize: Optional[Tuple[float, float]] = None) -> Any:
    """``fig`` itself, or a new pyplot figure when ``fig`` is None.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> fig = Figure()
    >>> new_figure(fig) is fig
    True
    """
    if fig is not None:
        return fig
    import matplotlib.pyplot as plt

    return plt.figure(figsize=figsize, layout="constrained")


def panel_axes(panels: Sequence[str], fig: Any = None, ax: Any = None,
               widths: Optional[Sequence[float]] = None,
               figsize: Optional[Tuple[float, float]] = None) -> List[Any]:
    """One axes per panel: the given ``ax`` or new ones in ``fig``.

    ``ax`` (any nesting of axes, one per panel) wins over ``fig``; without
    either, a new pyplot figure is made. New panels are stacked with a shared
    x axis, as tall as they need, or with ``widths`` set side by side in one
    row with those width ratios (``figsize`` then sizes the figure).

    Raises
    ------
    InvalidValueError
        If ``ax`` does not hold exactly one axes per panel.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> top, bottom = panel_axes(("rows", "slots"), Figure())
    >>> top.get_shared_x_axes().joined(top, bottom)
    True
    >>> panel_axes(("rows", "slots"), ax=[top])
    Traceback (most recent call last):
    ...
    l2s.errors.InvalidValueError: ax must hold one axes per panel (2: rows, slots), got 1
    >>> left, right = panel_axes(("a", "b"), Figure(), widths=[1, 3])
    >>> bool(left.get_position().width < right.get_position().width)
    True
    """
    if ax is not None:
        axes = list(np.ravel(np.asarray(ax, dtype=object)))
        if len(axes) != len(panels):
            raise InvalidValueError(f"ax must hold one axes per panel ({len(panels)}: "
                                    f"{', '.join(panels)}), got {len(axes)}")
        return axes
    if widths is not None:
        fig = new_figure(fig, figsize=figsize)
        return list(fig.subplots(1, len(panels), gridspec_kw={"width_ratios": list(widths)}))
    fig = new_figure(fig, figsize=(7.0, 2.2 * len(panels) + 0.6))
    return list(np.ravel(np.asarray(fig.subplots(len(panels), 1, sharex=True, squeeze=False),
                                    dtype=object)))


def palette(n: int) -> List[Tuple[float, float, float, float]]:
    """``n`` distinguishable RGBA colours: tab10, tab20, then evenly spaced turbo.

    Examples
    --------
    >>> palette(12)[0] == palette(3)[0], len(palette(40))
    (True, 40)
    """
    from matplotlib import colormaps

    if n <= 10:
        cmap = colormaps["tab10"]
        return [cmap(i) for i in range(n)]
    if n <= 20:  # the ten dark tab20 colours first, then their light partners
        cmap = colormaps["tab20"]
        return [cmap(i) for i in (list(range(0, 20, 2)) + list(range(1, 20, 2)))[:n]]
    cmap = colormaps["turbo"]
    return [cmap(x) for x in np.linspace(0.05, 0.95, n)]


def rgba(color: Any) -> Tuple[float, float, float, float]:
    """A matplotlib colour as an RGBA tuple.

    Examples
    --------
    >>> rgba("0.5")
    (0.5, 0.5, 0.5, 1.0)
    """
    return to_rgba(color)


def neuron_ranges(compiled: Any = None, populations: Any = None) -> Optional[List[Range]]:
    """Neuron populations as ``(name, start, stop)``, from ``populations`` or ``compiled``.

    ``populations`` may be a sequence of :class:`~l2s.graph.PopulationRange`
    (axon populations are skipped), a sequence of ``(name, start, stop)``, or
    a mapping ``{name: (start, stop)}``. Returns None when neither is given.

    Examples
    --------
    >>> neuron_ranges(populations={"exc": (0, 80), "inh": (80, 100)})
    [('exc', 0, 80), ('inh', 80, 100)]
    >>> from l2s.examples import random_recurrent
    >>> compiled = random_recurrent(10, fanout=2).compile()
    >>> [p.name for p in compiled.populations], neuron_ranges(compiled)  # axons are skipped
    (['in', 'exc'], [('exc', 0, 10)])
    """
    if populations is None:
        if compiled is None:
            return None
        populations = compiled.populations
    if isinstance(populations, dict):
        items: Sequence[Any] = [(name, *bounds) for name, bounds in populations.items()]
    else:
        items = list(populations)
    out: List[Range] = []
    for item in items:
        if hasattr(item, "start") and hasattr(item, "kind"):
            if item.kind == AXONS:
                continue
            name, start, stop = item.name, item.start, item.stop
        else:
            try:
                name, start, stop = item
            except (TypeError, ValueError):
                raise InvalidTypeError(
                    f"populations entries must be PopulationRange or (name, start, stop), "
                    f"got {item!r}") from None
        start, stop = int(start), int(stop)
        if not 0 <= start <= stop:
            raise InvalidValueError(f"population {name!r} has the invalid range "
                                    f"[{start}, {stop})")
        out.append((str(name), start, stop))
    return out


def population_index(neurons: np.ndarray, ranges: Sequence[Range]) -> np.ndarray:
    """Index into ``ranges`` of every neuron, or ``len(ranges)`` for "in none of them".

    One binary search per neuron (ranges may come in any order and must not overlap).

    Examples
    --------
    >>> import numpy as np
    >>> population_index(np.array([0, 3, 5, 9]), [("inh", 4, 6), ("exc", 0, 4)]).tolist()
    [1, 1, 0, 2]
    """
    if not ranges:
        return np.zeros(neurons.shape, dtype=np.int64)
    starts = np.array([r[1] for r in ranges], dtype=np.int64)
    stops = np.array([r[2] for r in ranges], dtype=np.int64)
    order = np.lexsort((stops, starts))  # an empty range sorts before one with its start
    if np.any(stops[order][:-1] > starts[order][1:]):
        raise InvalidValueError("populations must not overlap, got "
                                f"{[(r[0], r[1], r[2]) for r in ranges]}")
    pos = np.searchsorted(starts[order], neurons, side="right") - 1
    inside = (pos >= 0) & (neurons < stops[order][np.maximum(pos, 0)])
    return np.where(inside, order[np.maximum(pos, 0)], len(ranges))


def key_label(key: Any) -> str:
    """A neuron key for a legend: an implicit key ``('exc', 3)`` as ``exc[3]``.

    Examples
    --------
    >>> key_label(("exc", 3)), key_label("b"), key_label((1, 2))
    ('exc[3]', 'b', '(1, 2)')
    """
    if isinstance(key, tuple) and len(key) == 2 and isinstance(key[0], str) \
            and isinstance(key[1], (int, np.integer)):
        return f"{key[0]}[{key[1]}]"
    return str(key)


def si_format(value: float) -> str:
    """A short count: ``950``, ``1.2k``, ``35k``, ``4.1M``, ``2.0G``.

    Examples
    --------
    >>> [si_format(v) for v in (950, 1234, 35_000, 4.1e6, 2e9)]
    ['950', '1.2k', '35k', '4.1M', '2.0G']
    """
    value = float(value)
    for limit, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= limit:
            scaled = value / limit
            return f"{scaled:.1f}{suffix}" if abs(scaled) < 10 else f"{scaled:.0f}{suffix}"
    return f"{value:.0f}"
