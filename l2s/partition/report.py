"""The mapping report: per-core occupancy and what crosses cores, as numbers and tables."""
from __future__ import annotations

import html
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Sequence

import numpy as np

from . import metrics
from ..machine.spec import HardwareSpec

if TYPE_CHECKING:
    from .placement import Placement

__all__ = ["MappingReport"]

#: Cores shown at each end of the printed tables of large systems.
_SHOWN_AT_EACH_END = 8
_COLUMNS = ("core", "fpga", "neurons", "axons", "relays", "synapses", "HBM rows", "bound")


@dataclass(frozen=True, eq=False)
class MappingReport:
    """How a placement fills the hardware. Arrays have one entry per core of the spec.

    Attributes
    ----------
    method : str
    spec : HardwareSpec
    neurons, input_axons, relay_axons, synapses : numpy.ndarray
        Per-core counts (see :mod:`l2s.partition.metrics`).
    hbm_rows, hbm_rows_lower_bound : numpy.ndarray
        HBM synapse rows per core and the bound no column choice can beat.
    n_neuron_synapses : int
        Neuron-to-neuron synapses (the ones that can cross cores).
    inter_core_synapses, inter_fpga_synapses : int
    traffic : numpy.ndarray or None
        Expected spike messages per step leaving each core (needs rates).
    inter_core_traffic, inter_fpga_traffic : float or None
        Expected messages per step between cores, between FPGAs (needs rates).

    Examples
    --------
    >>> from l2s.examples import random_recurrent
    >>> from l2s.partition import HardwareSpec, partition
    >>> spec = HardwareSpec(cores_per_fpga=4, neurons_per_core=64)
    >>> report = partition(random_recurrent(200, fanout=10).compile(), spec).report
    >>> int(report.neurons.sum()), int(report.synapses.sum())
    (200, 2200)
    >>> sorted(report.to_dict())[:4]
    ['axons', 'balance', 'capacity', 'cores']
    """

    method: str
    spec: HardwareSpec
    neurons: np.ndarray
    input_axons: np.ndarray
    relay_axons: np.ndarray
    synapses: np.ndarray
    hbm_rows: np.ndarray
    hbm_rows_lower_bound: np.ndarray
    n_neuron_synapses: int
    inter_core_synapses: int
    inter_fpga_synapses: int
    traffic: Optional[np.ndarray] = None
    inter_core_traffic: Optional[float] = None
    inter_fpga_traffic: Optional[float] = None

    @classmethod
    def from_placement(cls, placement: "Placement") -> "MappingReport":
        """Measure ``placement`` with the functions of :mod:`l2s.partition.metrics`.

        ``placement.report`` is this report, made once and cached.

        Examples
        --------
        A ring of 4 neurons, two per core: 2 of its 4 synapses cross cores.

        >>> import l2s
        >>> from l2s.partition import HardwareSpec, partition
        >>> net = l2s.Network()
        >>> ring = net.add_neurons("ring", 4, threshold=0)
        >>> _ = net.connect(ring, ring, pre=[0, 1, 2, 3], post=[1, 2, 3, 0])
        >>> spec = HardwareSpec(cores_per_fpga=2, neurons_per_core=16)
        >>> placement = partition(net.compile(), spec, method="contiguous")
        >>> report = MappingReport.from_placement(placement)
        >>> report.neurons.tolist(), report.inter_core_synapses, report.cut_fraction
        ([2, 2], 2, 0.5)
        """
        traffic = inter_core = inter_fpga = None
        if placement.rates is not None:
            matrix = metrics.traffic_matrix(placement)
            fpga = np.arange(placement.n_cores) // placement.spec.cores_per_fpga
            traffic = matrix.sum(axis=1)
            inter_core = float(matrix.sum())
            inter_fpga = float(matrix[fpga[:, None] != fpga[None, :]].sum())
        return cls(
            method=placement.method, spec=placement.spec,
            neurons=metrics.neurons_per_core(placement),
            input_axons=metrics.input_axons_per_core(placement),
            relay_axons=metrics.relays_per_core(placement),
            synapses=metrics.synapses_per_core(placement),
            hbm_rows=metrics.hbm_rows(placement),
            hbm_rows_lower_bound=metrics.hbm_rows_lower_bound(placement),
            n_neuron_synapses=int(placement.compiled.neuron_indices.size),
            inter_core_synapses=metrics.inter_core_synapses(placement),
            inter_fpga_synapses=metrics.inter_fpga_synapses(placement),
            traffic=traffic, inter_core_traffic=inter_core, inter_fpga_traffic=inter_fpga)

    @property
    def axons(self) -> np.ndarray:
        """Axon slots in use per core: input axons plus relay axons.

        Examples
        --------
        Each core of a ring split in two holds one relay of the other core's neuron.

        >>> import l2s
        >>> from l2s.partition import HardwareSpec, partition
        >>> net = l2s.Network()
        >>> ring = net.add_neurons("ring", 4, threshold=0)
        >>> _ = net.connect(ring, ring, pre=[0, 1, 2, 3], post=[1, 2, 3, 0])
        >>> spec = HardwareSpec(cores_per_fpga=2, neurons_per_core=16)
        >>> placement = partition(net.compile(), spec, method="contiguous")
        >>> report = placement.report
        >>> report.input_axons.tolist(), report.relay_axons.tolist(), report.axons.tolist()
        ([0, 0], [1, 1], [1, 1])
        """
        return self.input_axons + self.relay_axons

    @property
    def cut_fraction(self) -> float:
        """Fraction of neuron synapses that cross cores.

        Examples
        --------
        >>> import l2s
        >>> from l2s.partition import HardwareSpec, partition
        >>> net = l2s.Network()
        >>> ring = net.add_neurons("ring", 4, threshold=0)
        >>> _ = net.connect(ring, ring, pre=[0, 1, 2, 3], post=[1, 2, 3, 0])
        >>> spec = HardwareSpec(cores_per_fpga=2, neurons_per_core=16)
        >>> placement = partition(net.compile(), spec, method="contiguous")
        >>> placement.report.inter_core_synapses, placement.report.cut_fraction
        (2, 0.5)
        """
        return self.inter_core_synapses / self.n_neuron_synapses if self.n_neuron_synapses else 0.0

    @property
    def hbm_ratio(self) -> float:
        """Total HBM rows over their lower bound (1.0 is optimal).

        Examples
        --------
        >>> import l2s
        >>> from l2s.partition import HardwareSpec, partition
        >>> net = l2s.Network()
        >>> ring = net.add_neurons("ring", 4, threshold=0)
        >>> _ = net.connect(ring, ring, pre=[0, 1, 2, 3], post=[1, 2, 3, 0])
        >>> spec = HardwareSpec(cores_per_fpga=2, neurons_per_core=16)
        >>> placement = partition(net.compile(), spec, method="contiguous")
        >>> report = placement.report
        >>> report.hbm_rows.tolist(), report.hbm_rows_lower_bound.tolist(), report.hbm_ratio
        ([6, 6], [6, 6], 1.0)
        """
        bound = int(self.hbm_rows_lower_bound.sum())
        return int(self.hbm_rows.sum()) / bound if bound else 1.0

    @property
    def balance(self) -> Dict[str, float]:
        """Largest over mean per-core neurons, synapses and HBM rows.

        Examples
        --------
        >>> import l2s
        >>> from l2s.partition import HardwareSpec, partition
        >>> net = l2s.Network()
        >>> ring = net.add_neurons("ring", 4, threshold=0)
        >>> _ = net.connect(ring, ring, pre=[0, 1, 2, 3], post=[1, 2, 3, 0])
        >>> spec = HardwareSpec(cores_per_fpga=2, neurons_per_core=16)
        >>> placement = partition(net.compile(), spec, method="contiguous")
        >>> placement.report.balance
        {'neurons': 1.0, 'synapses': 1.0, 'hbm_rows': 1.0}
        """
        return {"neurons": metrics.balance(self.neurons),
                "synapses": metrics.balance(self.synapses),
                "hbm_rows": metrics.balance(self.hbm_rows)}

    def to_dict(self) -> Dict[str, Any]:
        """Plain Python values (lists, ints, floats): ready for ``json.dumps``.

        Examples
        --------
        >>> import json
        >>> import l2s
        >>> from l2s.partition import HardwareSpec, partition
        >>> net = l2s.Network()
        >>> ring = net.add_neurons("ring", 4, threshold=0)
        >>> _ = net.connect(ring, ring, pre=[0, 1, 2, 3], post=[1, 2, 3, 0])
        >>> spec = HardwareSpec(cores_per_fpga=2, neurons_per_core=16)
        >>> placement = partition(net.compile(), spec, method="contiguous")
        >>> summary = json.loads(json.dumps(placement.report.to_dict()))
        >>> summary["method"], summary["neurons"], summary["relay_axons"]
        ('contiguous', [2, 2], [1, 1])
        """
        def plain(value: Any) -> Any:
            return value.tolist() if isinstance(value, np.ndarray) else value
        return {
            "method": self.method,
            "fpgas": self.spec.fpgas,
            "cores": self.spec.n_cores,
            "capacity": {"neurons_per_core": self.spec.neurons_per_core,
                         "axons_per_core": self.spec.axons_per_core,
                         "hbm_rows_per_core": self.spec.hbm_rows_per_core},
            "neurons": plain(self.neurons),
            "input_axons": plain(self.input_axons),
            "relay_axons": plain(self.relay_axons),
            "axons": plain(self.axons),
            "synapses": plain(self.synapses),
            "hbm_rows": plain(self.hbm_rows),
            "hbm_rows_lower_bound": plain(self.hbm_rows_lower_bound),
            "hbm_ratio": self.hbm_ratio,
            "inter_core_synapses": self.inter_core_synapses,
            "inter_fpga_synapses": self.inter_fpga_synapses,
            "cut_fraction": self.cut_fraction,
            "traffic": plain(self.traffic),
            "inter_core_traffic": self.inter_core_traffic,
            "inter_fpga_traffic": self.inter_fpga_traffic,
            "balance": self.balance,
        }

    # -- tables ------------------------------------------------------------------------
    def _summary(self) -> List[str]:
        b = self.balance
        lines = [
            f"{self.method} mapping onto {self.spec.fpgas} FPGA(s) x {self.spec.cores_per_fpga} "
            f"cores: {int(self.neurons.sum()):,} neurons, {int(self.synapses.sum()):,} synapses",
            f"inter-core synapses {self.inter_core_synapses:,} ({100 * self.cut_fraction:.1f} % "
            f"of neuron synapses), inter-FPGA {self.inter_fpga_synapses:,}",
            f"HBM rows {int(self.hbm_rows.sum()):,} (lower bound "
            f"{int(self.hbm_rows_lower_bound.sum()):,}, ratio {self.hbm_ratio:.3f})",
            f"balance (max / mean): neurons {b['neurons']:.3f}, synapses {b['synapses']:.3f}, "
            f"HBM rows {b['hbm_rows']:.3f}",
        ]
        if self.inter_core_traffic is not None:
            lines.append(f"expected spike messages per step: inter-core "
                         f"{self.inter_core_traffic:,.2f}, "
                         f"inter-FPGA {self.inter_fpga_traffic:,.2f}")
        return lines

    def _table(self) -> List[Optional[Sequence[str]]]:
        """Rows of strings, ``None`` where cores are left out, then the capacity row."""
        n = self.spec.n_cores
        shown = (range(n) if n <= 2 * _SHOWN_AT_EACH_END + 2 else
                 list(range(_SHOWN_AT_EACH_END)) + [-1] + list(range(n - _SHOWN_AT_EACH_END, n)))
        rows: List[Optional[Sequence[str]]] = []
        for k in shown:
            if k < 0:
                rows.append(None)
                continue
            rows.append([str(k), str(k // self.spec.cores_per_fpga)] + [
                f"{int(v[k]):,}" for v in (self.neurons, self.axons, self.relay_axons,
                                           self.synapses, self.hbm_rows,
                                           self.hbm_rows_lower_bound)])
        rows.append(["capacity", "", f"{self.spec.neurons_per_core:,}",
                     f"{self.spec.axons_per_core:,}", "", "",
                     f"{self.spec.hbm_rows_per_core:,}", ""])
        return rows

    def __str__(self) -> str:
        rows = self._table()
        widths = [max([len(_COLUMNS[i])] + [len(r[i]) for r in rows if r is not None])
                  for i in range(len(_COLUMNS))]
        def line(cells: Sequence[str]) -> str:
            return "  ".join(c.rjust(w) for c, w in zip(cells, widths))
        body = [line(_COLUMNS)] + [line(r) if r is not None else "  ..." for r in rows]
        return "\n".join(self._summary() + [""] + body)

    def _repr_html_(self) -> str:
        head = "".join(f"<th>{html.escape(c)}</th>" for c in _COLUMNS)
        cells = []
        for r in self._table():
            if r is None:
                cells.append(f"<tr><td colspan='{len(_COLUMNS)}'>&hellip;</td></tr>")
            else:
                cells.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>")
        summary = "<br>".join(html.escape(s) for s in self._summary())
        return (f"<div><p>{summary}</p><table><thead><tr>{head}</tr></thead>"
                f"<tbody>{''.join(cells)}</tbody></table></div>")

    def __repr__(self) -> str:
        return (f"MappingReport(method={self.method!r}, cores={self.spec.n_cores}, "
                f"cut_fraction={self.cut_fraction:.3f}, hbm_ratio={self.hbm_ratio:.3f})")
