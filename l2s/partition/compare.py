"""Two placements side by side: what one mapping buys over another."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, List, Optional, Sequence, Tuple

from .. import _html
from .._validation import check_instance, check_str, fail
from ..errors import InvalidTypeError, InvalidValueError
from .placement import Placement

__all__ = ["PlacementComparison", "compare", "ROWS"]

#: ``(label, how to read it from a report)`` of every compared quantity, in table order.
ROWS = (
    ("cut fraction", lambda r: r.cut_fraction),
    ("inter-core synapses", lambda r: r.inter_core_synapses),
    ("inter-FPGA synapses", lambda r: r.inter_fpga_synapses),
    ("relay axons", lambda r: int(r.relay_axons.sum())),
    ("HBM rows", lambda r: int(r.hbm_rows.sum())),
    ("HBM rows lower bound", lambda r: int(r.hbm_rows_lower_bound.sum())),
    ("inter-core spikes / step", lambda r: r.inter_core_traffic),
    ("inter-FPGA spikes / step", lambda r: r.inter_fpga_traffic),
    ("neuron balance (max / mean)", lambda r: r.balance["neurons"]),
)


@dataclass(frozen=True)
class PlacementComparison:
    """The reports of two placements of one network, quantity by quantity.

    Attributes
    ----------
    names : tuple of str
        Column names (by default the methods).
    placements : tuple of Placement
    rows : list of (label, value a, value b)
        Values are None where a report lacks them (traffic needs rates); the
        text and HTML leave out rows that neither report has.

    Examples
    --------
    >>> from l2s.examples import grid_network
    >>> from l2s.partition import HardwareSpec, partition
    >>> compiled = grid_network(16).compile()
    >>> spec = HardwareSpec(cores_per_fpga=4, neurons_per_core=64)
    >>> both = compare(partition(compiled, spec, method="metis", seed=0),
    ...                partition(compiled, spec, method="contiguous"))
    >>> both.names, both.value("cut fraction")[0] < both.value("cut fraction")[1]
    (('metis', 'contiguous'), True)
    """

    names: Tuple[str, str]
    placements: Tuple[Any, Any]
    rows: List[Tuple[str, Any, Any]]

    def value(self, label: str) -> Tuple[Any, Any]:
        """The two values of the quantity ``label`` (a label of :data:`ROWS`).

        Examples
        --------
        >>> from l2s.examples import grid_network
        >>> from l2s.partition import HardwareSpec, partition
        >>> p = partition(grid_network(4).compile(), HardwareSpec(cores_per_fpga=2,
        ...                                                      neurons_per_core=8))
        >>> compare(p, p).value("relay axons")[0] == int(p.report.relay_axons.sum())
        True
        """
        return next((a, b) for name, a, b in self.rows if name == label)

    def _cells(self) -> List[List[str]]:
        def show(v: Any) -> str:
            if v is None:
                return "-"
            return f"{v:,}" if isinstance(v, int) else f"{v:,.3f}"
        return [[label, show(a), show(b)] for label, a, b in self.rows
                if a is not None or b is not None]

    def __str__(self) -> str:
        cells = [["", *self.names]] + self._cells()
        widths = [max(len(r[i]) for r in cells) for i in range(3)]
        return "\n".join(r[0].ljust(widths[0]) + "  " + "  ".join(
            c.rjust(w) for c, w in zip(r[1:], widths[1:])) for r in cells)

    def _repr_html_(self) -> str:
        return _html.block(f"{self.names[0]} vs {self.names[1]}",
                           _html.table(("", *self.names), self._cells()))

    def plot(self, fig: Any = None, *, ax: Any = None) -> Any:
        """Per-core relay axons and HBM rows of both placements, and their cut fractions
        (see :func:`l2s.plot.compare_view`).

        Examples
        --------
        >>> from matplotlib.figure import Figure
        >>> from l2s.examples import grid_network
        >>> from l2s.partition import HardwareSpec, partition
        >>> p = partition(grid_network(4).compile(), HardwareSpec(cores_per_fpga=2,
        ...                                                      neurons_per_core=8))
        >>> sorted(compare(p, p).plot(Figure()).axes)
        ['cut', 'hbm_rows', 'relays']
        """
        from ..plot.inspect import compare_view  # plots read every stage; lazily
        return compare_view(self, fig, ax=ax)


def compare(a: Any, b: Any, names: Optional[Sequence[str]] = None) -> PlacementComparison:
    """Compare two placements of the same network: cut, relays, traffic, HBM rows, balance.

    Parameters
    ----------
    a, b : Placement
    names : pair of str, optional
        Column names; by default the placements' methods (``'a'``/``'b'`` if equal).

    Returns
    -------
    PlacementComparison
        Text (``str``), HTML (in a notebook) and a figure (``.plot()``).

    Raises
    ------
    InvalidValueError
        If the placements do not place the same number of neurons.

    Examples
    --------
    >>> from l2s.examples import random_recurrent
    >>> from l2s.partition import HardwareSpec, partition
    >>> compiled = random_recurrent(200, fanout=10).compile()
    >>> spec = HardwareSpec(cores_per_fpga=4, neurons_per_core=64)
    >>> print(compare(partition(compiled, spec, method="metis", seed=0),
    ...               partition(compiled, spec, method="random", seed=0)))  # doctest: +ELLIPSIS
                                 metis  random
    cut fraction                 ...
    HBM rows                     ...
    """
    for name, placement in (("a", a), ("b", b)):
        check_instance(placement, name, Placement, "from l2s.partition.partition")
    if a.core.size != b.core.size:
        raise InvalidValueError(f"the placements place {a.core.size} and {b.core.size} neurons; "
                                "compare placements of the same network")
    if names is None:
        names = (a.method, b.method) if a.method != b.method else ("a", "b")
    if not isinstance(names, (list, tuple)) or len(names) != 2:
        raise fail("names", names, "must be two names", InvalidTypeError)
    names = tuple(check_str(name, f"names[{i}]") for i, name in enumerate(names))
    rows = [(label, read(a.report), read(b.report)) for label, read in ROWS]
    return PlacementComparison(names, (a, b), rows)
