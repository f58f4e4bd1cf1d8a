"""What a NIR conversion did: per-layer scales and errors, the bias axon, every approximation."""
from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import List, Optional, Tuple

__all__ = ["LayerReport", "ConversionReport"]


@dataclass(frozen=True)
class LayerReport:
    """One NIR neuron node turned into a neuron population.

    Attributes
    ----------
    name : str
        NIR node name (also the population name).
    nir_type : str
        NIR node type (``'LIF'``, ``'IF'``, ...).
    model : str
        L2S model (``'I&F'``, ``'LI&F'``, ``'ANN'``).
    size : int
    scale : float
        Integer units per NIR unit: weights, bias and threshold of the layer
        are multiplied by it.
    max_weight_error : float
        Largest ``|w_int / scale - w|`` over the layer's incoming weights (NIR units).
    leak : tuple of int
        Distinct leak shifts (``LI&F`` only).
    timing_error : float
        Largest first-spike timing error, in steps, of the leak shifts'
        step-input response (0 when every ``tau / dt`` is a power of two).
    dropped : int
        Synapses whose weight rounds to 0 (not created).
    """

    name: str
    nir_type: str
    model: str
    size: int
    scale: float
    max_weight_error: float
    leak: Tuple[int, ...] = ()
    timing_error: float = 0.0
    dropped: int = 0


@dataclass
class ConversionReport:
    """Report of :func:`l2s.nir.from_nir`.

    Attributes
    ----------
    dt : float
    weight_bits : int
    fire_on : str
        How NIR's spike condition was read (``'>'`` or ``'>='``).
    layers : list of LayerReport
    inputs : list of str
        Axon populations made from Input nodes, in index order.
    n_input_axons : int
        Number of their axons (the first axons of the network).
    bias_axon : int or None
        Index of the axon that carries every bias; it must be active in
        every step (see :func:`l2s.nir.with_bias`). None without biases.
    bias_nodes : list of str
        The nodes whose bias (or ``v_leak``) the bias axon carries.
    approximations : list of str
        Every place where the integer network differs from the NIR one.

    Examples
    --------
    >>> r = ConversionReport(dt=1e-3, weight_bits=16, fire_on=">")
    >>> r.layers.append(LayerReport("lif", "LIF", "LI&F", 3, 327.67, 1e-4, (3,)))
    >>> print(r)
    NIR conversion (dt = 0.001, 16-bit weights, NIR fires on v > threshold)
      layer  type  model  size  scale     max |dw|  leak  timing err  dropped
      lif    LIF   LI&F      3  327.67    0.0001    3     0           0
      no bias axon
      exact: no approximation
    """

    dt: float
    weight_bits: int
    fire_on: str
    layers: List[LayerReport] = field(default_factory=list)
    inputs: List[str] = field(default_factory=list)
    n_input_axons: int = 0
    bias_axon: Optional[int] = None
    bias_nodes: List[str] = field(default_factory=list)
    approximations: List[str] = field(default_factory=list)

    def layer(self, name: str) -> LayerReport:
        """The report of layer ``name``."""
        for layer in self.layers:
            if layer.name == name:
                return layer
        raise KeyError(name)

    def _rows(self) -> List[List[str]]:
        head = ["layer", "type", "model", "size", "scale", "max |dw|", "leak", "timing err",
                "dropped"]
        rows = [[l.name, l.nir_type, l.model, str(l.size), f"{l.scale:.6g}",
                 f"{l.max_weight_error:.3g}", ",".join(map(str, l.leak)) or "-",
                 f"{l.timing_error:g}", str(l.dropped)] for l in self.layers]
        return [head] + rows

    def _notes(self) -> List[str]:
        bias = ("no bias axon" if self.bias_axon is None else
                f"bias axon {self.bias_axon} carries the bias of {', '.join(self.bias_nodes)}: "
                "drive it every step (l2s.nir.with_bias)")
        return [bias] + (self.approximations or ["exact: no approximation"])

    def __str__(self) -> str:
        rows = self._rows()
        widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
        lines = [f"NIR conversion (dt = {self.dt:g}, {self.weight_bits}-bit weights, "
                 f"NIR fires on v {self.fire_on} threshold)"]
        for r in rows:
            cells = [c.rjust(w) if i == 3 else c.ljust(w) for i, (c, w) in
                     enumerate(zip(r, widths))]
            lines.append(("  " + "  ".join(cells)).rstrip())
        lines += ["  " + n for n in self._notes()]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        rows = self._rows()
        cells = "".join("<tr>" + "".join(f"<{t}>{html.escape(c)}</{t}>" for c in r) + "</tr>"
                        for t, r in zip(["th"] + ["td"] * (len(rows) - 1), rows))
        notes = "".join(f"<li>{html.escape(n)}</li>" for n in self._notes())
        return (f"<p>NIR conversion (dt = {self.dt:g}, {self.weight_bits}-bit weights)</p>"
                f"<table>{cells}</table><ul>{notes}</ul>")
