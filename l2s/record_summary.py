"""What a :class:`~l2s.SpikeRecord` holds, in numbers: spikes and rates per population."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, List, Optional, Tuple

import numpy as np

from . import _html
from .record import check_record

__all__ = ["RecordSummary", "summarize"]

_HEADER = ("population", "neurons", "spikes", "active neurons", "rate (spikes/neuron/step)")
#: Width and height (pixels) of the spikes-per-step sparkline.
_SPARK = (360, 48)


@dataclass(frozen=True)
class RecordSummary:
    """Spike counts of a run per neuron population, as text and HTML.

    Attributes
    ----------
    start, n_steps, spikes : int
    rows : list of (name, neurons, spikes, active neurons, rate)
        One per population (or one ``'all'`` row without a compiled network,
        counting the neurons up to the highest that spiked); the rate is in
        spikes per neuron per step.
    counts : numpy.ndarray
        Spikes in every step.
    potentials : int
        Number of neurons whose potentials were recorded.

    Examples
    --------
    >>> import numpy as np
    >>> from l2s import SpikeRecord
    >>> rec = SpikeRecord(np.array([0, 1, 1, 3]), np.array([0, 0, 3, 1], np.int32), 0, 4)
    >>> print(summarize(rec))
    4 spikes in steps [0, 4), 1 per step on average, at most 2
    population  neurons  spikes  active neurons  rate (spikes/neuron/step)
    all               4       4               3                     0.2500
    """

    start: int
    n_steps: int
    spikes: int
    rows: List[Tuple[str, int, int, int, float]]
    counts: np.ndarray
    potentials: int

    def _headline(self) -> str:
        mean = self.spikes / self.n_steps if self.n_steps else 0.0
        peak = int(self.counts.max()) if self.counts.size else 0
        text = (f"{self.spikes:,} spikes in steps [{self.start}, {self.start + self.n_steps}), "
                f"{mean:,.3g} per step on average, at most {peak:,}")
        return text + (f"; potentials of {self.potentials} neurons" if self.potentials else "")

    def __str__(self) -> str:
        cells = [list(_HEADER)] + [[name, f"{n:,}", f"{s:,}", f"{a:,}", f"{r:.4f}"]
                                   for name, n, s, a, r in self.rows]
        widths = [max(len(row[i]) for row in cells) for i in range(len(_HEADER))]
        lines = [row[0].ljust(widths[0]) + "  " + "  ".join(
            c.rjust(w) for c, w in zip(row[1:], widths[1:])) for row in cells]
        return "\n".join([self._headline()] + lines)

    def _repr_html_(self) -> str:
        rows = [[name, n, s, a, f"{r:.4f}"] for name, n, s, a, r in self.rows]
        return _html.block("SpikeRecord", f"<p>{_html.cell(self._headline())}</p>",
                           _html.table(_HEADER, rows), _sparkline(self.counts))


def _sparkline(counts: np.ndarray) -> str:
    """An SVG polyline of the spikes per step (binned to the sparkline's width)."""
    width, height = _SPARK
    if counts.size == 0:
        return ""
    bins = min(counts.size, width)
    edges = np.linspace(0, counts.size, bins + 1).astype(np.int64)
    values = np.add.reduceat(counts, edges[:-1]) / np.maximum(np.diff(edges), 1)
    top = float(values.max()) or 1.0
    xs = np.linspace(0, width, bins)
    ys = height - 2 - (height - 4) * values / top
    points = " ".join(f"{x:.1f},{y:.1f}" for x, y in zip(xs, ys))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}">'
            f'<title>spikes per step</title><polyline points="{points}" fill="none" '
            f'stroke="#1f77b4"/></svg>')


def summarize(record: Any, compiled: Any = None) -> RecordSummary:
    """Count a record's spikes per population (``SpikeRecord.summary``).

    Parameters
    ----------
    record : SpikeRecord
    compiled : CompiledNetwork, optional
        Gives the neuron populations; without it all neurons form one row.

    Returns
    -------
    RecordSummary

    Examples
    --------
    >>> from l2s.examples import random_inputs, random_recurrent
    >>> from l2s import Simulator
    >>> compiled = random_recurrent(200, fanout=10).compile()
    >>> record = Simulator(compiled).run(inputs=random_inputs(compiled.n_axons, 50, seed=1))
    >>> summary = summarize(record, compiled)
    >>> [row[:2] for row in summary.rows], summary.spikes == len(record)
    ([('exc', 200)], True)
    """
    record = check_record(record, compiled)
    neurons = np.asarray(record.neurons, dtype=np.int64)
    n_steps = max(int(record.n_steps), 1)
    if compiled is not None:
        ranges: List[Tuple[str, int, int]] = [(p.name, p.start, p.stop)
                                              for p in compiled.population_of("neurons")]
        size: Optional[int] = compiled.n_neurons
    else:
        size = int(neurons.max()) + 1 if neurons.size else 0
        ranges = [("all", 0, size)]
    per_neuron = np.bincount(neurons, minlength=size or 0)
    rows = []
    for name, lo, hi in ranges:
        counts = per_neuron[lo:hi]
        total = int(counts.sum())
        rows.append((name, hi - lo, total, int(np.count_nonzero(counts)),
                     total / max(hi - lo, 1) / n_steps))
    recorded = record.potential_neurons
    return RecordSummary(int(record.start), int(record.n_steps), int(neurons.size), rows,
                         record.counts(), 0 if recorded is None else int(np.size(recorded)))
