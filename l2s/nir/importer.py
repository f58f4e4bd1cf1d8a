"""NIR graph -> :class:`l2s.Network`: neuron nodes become populations, linear chains projections.

The formulas are documented in ``docs/nir.md``. In short, for a neuron node
``D`` with incoming float weights ``W`` (all linear nodes between two neuron
nodes composed into one sparse matrix), per-neuron input gain ``g`` and
per-step drive ``c`` (bias and ``v_leak``), the layer scale is
``s = (2**(b-1) - 1) / max(|W g|, |b g + c|)``; weights are ``rint(W g s)``,
the threshold is ``floor(theta s)`` (``ceil(theta s) - 1`` for ``>=``).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Dict, Hashable, List, Optional, Set, Tuple

import numpy as np

from .._validation import check_choice, check_int
from ..errors import InvalidValueError
from ..graph.models import DEFAULT_LEAK, THRESHOLD_MAX, WEIGHT_MAX, WEIGHT_MIN
from ..graph.network import Network
from ._compat import require_nir
from ._sparse import SparseMatrix
from .lowering import LINEAR_TYPES, lower
from .quantise import (FIRE_RULES, integer_threshold, layer_scale, leak_shift,
                       quantise_weights)
from .report import ConversionReport, LayerReport

__all__ = ["from_nir", "NEURON_TYPES", "CUBA_CHOICES", "SCALE_CHOICES", "BIAS_CHOICES"]

#: NIR node types that become neuron populations (CubaLIF/CubaLI only with ``cuba='lif'``).
NEURON_TYPES = ("IF", "LIF", "LI", "I", "Threshold", "CubaLIF", "CubaLI")
#: ``cuba='error'`` rejects current-based nodes, ``'lif'`` approximates them (docs/nir.md).
CUBA_CHOICES = ("error", "lif")
#: ``'max'``: per-layer scale to the weight range; ``'unit'``: NIR values are already integers.
SCALE_CHOICES = ("max", "unit")
#: ``'axon'``: biases ride on an always-active axon; ``'error'``: biases are rejected.
BIAS_CHOICES = ("axon", "error")
#: Graph metadata flag set by :func:`l2s.nir.to_nir`: the graph holds integer weights.
INTEGER_FLAG = "l2s_integer"
#: Node metadata carrying the leak of non-leaky populations and the output mask.
LEAK_KEY, OUTPUT_MASK_KEY = "l2s_leak", "l2s_output_mask"
_NEVER = "never fires"
_WHY_NOT = {
    "Delay": "the CRI hardware has no synaptic delays (every synapse takes exactly one step)",
    "CubaLIF": "it has two state variables (synaptic current and potential) and a CRI neuron "
               "has one; pass cuba='lif' to approximate it (docs/nir.md)",
}
_WHY_NOT["CubaLI"] = _WHY_NOT["CubaLIF"]


@dataclass
class _Dynamics:
    """A neuron node's integer-model parameters before scaling (one entry per neuron)."""

    model: str
    gain: np.ndarray            # input scale: NIR input current -> potential per step
    drive: np.ndarray           # constant potential increment per step (v_leak term)
    threshold: Optional[np.ndarray]
    leak: np.ndarray
    timing_error: float = 0.0


def _unsupported(name: str, kind: str, why: str) -> InvalidValueError:
    return InvalidValueError(f"NIR node {name!r} ({kind}) cannot be mapped: {why}")


def _flatten(graph: Any, nir: Any, prefix: str = "") -> Tuple[Dict[str, Any], List[Tuple[str, str]],
                                                                 Set[str]]:
    """Inline nested NIRGraphs; their Input/Output nodes become pass-through nodes."""
    nodes: Dict[str, Any] = {}
    edges: List[Tuple[str, str]] = []
    inner: Set[str] = set()
    ports: Dict[str, Tuple[List[str], List[str]]] = {}
    for name, node in graph.nodes.items():
        full = prefix + name
        if isinstance(node, nir.NIRGraph):
            sub_nodes, sub_edges, sub_inner = _flatten(node, nir, full + ".")
            nodes.update(sub_nodes)
            edges += sub_edges
            inner |= sub_inner
            inner |= {full + "." + k for k in list(node.inputs) + list(node.outputs)}
            ports[full] = ([full + "." + k for k in node.inputs],
                           [full + "." + k for k in node.outputs])
        else:
            nodes[full] = node
    for src, dst in graph.edges:
        src, dst = prefix + src, prefix + dst
        for s in ports[src][1] if src in ports else [src]:
            edges += [(s, d) for d in (ports[dst][0] if dst in ports else [dst])]
    return nodes, edges, inner


def _params(node: Any, shape: Tuple[int, ...], *fields: str) -> List[np.ndarray]:
    return [np.broadcast_to(np.asarray(getattr(node, f), dtype=np.float64), shape).ravel()
            for f in fields]


def _leaks(tau: np.ndarray, dt: float, name: str, kind: str) -> Tuple[np.ndarray, float]:
    shifts = {t: leak_shift(t, dt, name, kind) for t in np.unique(tau)}
    leak = np.array([shifts[t][0] for t in tau], dtype=np.int64)
    return leak, max((err for _, err in shifts.values()), default=0.0)


def _dynamics(name: str, kind: str, node: Any, shape: Tuple[int, ...], dt: float
              ) -> _Dynamics:
    """Integer-model parameters of a neuron node (forward Euler at ``dt``, docs/nir.md)."""
    n = int(np.prod(shape))
    zeros = np.zeros(n)
    if kind in ("IF", "LIF", "CubaLIF"):
        (v_reset,) = _params(node, shape, "v_reset")
        if np.any(v_reset != 0):
            raise _unsupported(name, kind, f"it resets to v_reset = {v_reset[v_reset != 0][0]:g} "
                                           "and a CRI neuron resets to 0")
    threshold = _params(node, shape, "threshold" if kind == "Threshold" else "v_threshold")[0] \
        if kind in ("IF", "LIF", "CubaLIF", "Threshold") else None
    stored_leak = np.broadcast_to(np.asarray(node.metadata.get(LEAK_KEY, DEFAULT_LEAK)), (n,))
    if kind in ("IF", "I"):
        return _Dynamics("I&F", _params(node, shape, "r")[0], zeros, threshold, stored_leak)
    if kind == "Threshold":
        return _Dynamics("ANN", np.ones(n), zeros, threshold, stored_leak)
    cuba = kind.startswith("Cuba")
    tau, r, v_leak = _params(node, shape, "tau_mem" if cuba else "tau", "r", "v_leak")
    leak, timing = _leaks(tau, dt, name, kind)
    decay = 2.0 ** -leak.astype(np.float64)
    gain = r * (dt / tau)
    if cuba:
        tau_syn, w_in = _params(node, shape, "tau_syn", "w_in")
        gain = gain * w_in * _synaptic_peak(dt / tau_syn, dt / tau)
    return _Dynamics("LI&F", gain, v_leak * decay, threshold, leak, timing)


def _synaptic_peak(syn_decay: np.ndarray, mem_decay: np.ndarray, steps: int = 256) -> np.ndarray:
    """Peak potential after one unit input through the synaptic filter (per unit gain).

    CubaLIF under forward Euler: ``I <- I + a_s (w - I)``, ``v <- v + a_m (R I - v)``. A
    CRI neuron has no ``I``; with ``cuba='lif'`` an input spike moves ``V`` at once by
    this peak (times ``w_in R``), so single inputs reach the same height.
    """
    current = syn_decay.astype(np.float64).copy()
    v = np.zeros_like(current)
    peak = np.zeros_like(current)
    for _ in range(steps):
        v = v + mem_decay * (current - v)
        peak = np.maximum(peak, v)
        current = current * (1 - syn_decay)
    return peak / mem_decay


class _Importer:
    """One conversion: classify nodes, lower and compose linear chains, quantise, build."""

    def __init__(self, graph: Any, nir: Any, dt: float, cuba: str, bias: str) -> None:
        self.nodes, self.edges, self.inner = _flatten(graph, nir)
        self.dt, self.cuba, self.bias_rule = dt, cuba, bias
        self.kind = {n: type(node).__name__ for n, node in self.nodes.items()}
        self.succ: Dict[str, List[str]] = {n: [] for n in self.nodes}
        self.pred: Dict[str, List[str]] = {n: [] for n in self.nodes}
        for s, d in self.edges:
            self.succ[s].append(d)
            self.pred[d].append(s)
        self.inputs = [n for n in self.nodes if self.kind[n] == "Input" and n not in self.inner]
        self.outputs = [n for n in self.nodes if self.kind[n] == "Output" and n not in self.inner]
        self.neurons = [n for n in self.nodes if self.kind[n] in NEURON_TYPES]
        for name, kind in self.kind.items():
            self._check_supported(name, kind)
        self._lowered: Dict[str, Tuple[SparseMatrix, Optional[np.ndarray], Tuple[int, ...]]] = {}
        self._down: Dict[str, Dict[str, SparseMatrix]] = {}
        self._busy: Set[str] = set()

    def _check_supported(self, name: str, kind: str) -> None:
        if kind in NEURON_TYPES and (not kind.startswith("Cuba") or self.cuba == "lif"):
            return
        if kind in LINEAR_TYPES:
            return
        why = _WHY_NOT.get(kind, "L2S maps only " + ", ".join(NEURON_TYPES[:5] + LINEAR_TYPES))
        raise _unsupported(name, kind, why)

    def _is_linear(self, name: str) -> bool:
        kind = self.kind[name]
        return kind in LINEAR_TYPES and (kind not in ("Input", "Output") or name in self.inner)

    # -- shapes and lowering -------------------------------------------------
    def shape(self, name: str) -> Tuple[int, ...]:
        """Output shape of a node."""
        node, kind = self.nodes[name], self.kind[name]
        if self._is_linear(name):
            return self.lowered(name)[2]
        declared = node.output_type.get("output") if node.output_type else None
        if declared is None and kind not in ("Input", "Output"):
            declared = np.shape(getattr(node, "threshold" if kind == "Threshold" else "r"))
        return tuple(int(v) for v in np.atleast_1d(declared)) if np.size(declared) else (1,)

    def lowered(self, name: str) -> Tuple[SparseMatrix, Optional[np.ndarray], Tuple[int, ...]]:
        if name not in self._lowered:
            if name in self._busy:
                raise _unsupported(name, self.kind[name], "it lies on a cycle of linear nodes "
                                   "without a neuron (an algebraic loop)")
            self._busy.add(name)
            preds = self.pred[name]
            if not preds:
                raise _unsupported(name, self.kind[name], "it has no input edge")
            pred_shape = self.shape(preds[0])
            node = self.nodes[name]
            declared = (node.input_type or {}).get("input")
            in_shape = pred_shape
            if declared is not None and np.size(declared) and \
                    int(np.prod(declared)) == int(np.prod(pred_shape)):
                in_shape = tuple(int(v) for v in np.atleast_1d(declared))
            self._lowered[name] = lower(node, self.kind[name], in_shape, name)
            self._busy.discard(name)
        return self._lowered[name]

    def _size(self, name: str) -> int:
        return int(np.prod(self.shape(name)))

    def _into(self, src: str, dst: str) -> Dict[str, SparseMatrix]:
        """Matrices from ``src``'s output to every neuron node reached through ``dst``."""
        if self.kind[dst] in NEURON_TYPES:
            if self._size(dst) != self._size(src):
                raise InvalidValueError(f"NIR edge {src!r} -> {dst!r}: sizes {self._size(src)} "
                                        f"and {self._size(dst)} differ")
            return {dst: SparseMatrix.identity(self._size(dst))}
        if not self._is_linear(dst):   # a top-level Output
            return {}
        matrix = self.lowered(dst)[0]
        return {d: matrix @ m for d, m in self.downstream(dst).items()}

    def downstream(self, name: str) -> Dict[str, SparseMatrix]:
        """Matrices from the output of linear node ``name`` to each neuron node it feeds."""
        if name not in self._down:
            if name in self._busy:
                raise _unsupported(name, self.kind[name], "it lies on a cycle of linear nodes "
                                   "without a neuron (an algebraic loop)")
            self._busy.add(name)
            out: Dict[str, SparseMatrix] = {}
            for dst in self.succ[name]:
                if self.kind[dst] == "Output" and dst not in self.inner:
                    raise _unsupported(dst, "Output", f"it is fed by {name!r} "
                                       f"({self.kind[name]}); the hardware reports neuron "
                                       "spikes only, so an Output must follow a neuron node")
                for d, m in self._into(name, dst).items():
                    out[d] = out[d] + m if d in out else m
            self._busy.discard(name)
            self._down[name] = out
        return self._down[name]

    def projections(self, src: str) -> Dict[str, SparseMatrix]:
        """Composed float weights from an Input or neuron node to each neuron node."""
        out: Dict[str, SparseMatrix] = {}
        for dst in self.succ[src]:
            for d, m in self._into(src, dst).items():
                out[d] = out[d] + m if d in out else m
        return out

    def biases(self) -> Dict[str, Tuple[np.ndarray, List[str]]]:
        """Bias vector reaching each neuron node, and the nodes it comes from."""
        out: Dict[str, Tuple[np.ndarray, List[str]]] = {}
        for name in self.nodes:
            if not self._is_linear(name) or not self.pred[name]:
                continue
            bias = self.lowered(name)[1]
            if bias is None or not np.any(bias):
                continue
            if self.bias_rule == "error":
                raise _unsupported(name, self.kind[name], "it has a bias and bias='error' was "
                                   "given (bias='axon' adds an always-active bias axon)")
            for d, m in self.downstream(name).items():
                total, sources = out.get(d, (np.zeros(self._size(d)), []))
                out[d] = (total + m.left_multiply(bias), sources + [name])
        return out

    def output_mask(self, name: str) -> np.ndarray:
        mask = np.zeros(self._size(name), dtype=bool)
        for dst in self.succ[name]:
            if self.kind[dst] == "Output" and dst not in self.inner:
                mask |= np.broadcast_to(np.asarray(
                    self.nodes[dst].metadata.get(OUTPUT_MASK_KEY, True), dtype=bool), mask.shape)
        return mask

    def check_inputs(self) -> None:
        for name in self.inputs:
            for dst in self.succ[name]:
                if self.kind[dst] == "Output" and dst not in self.inner:
                    raise _unsupported(dst, "Output", f"it is fed by the Input {name!r}; an "
                                       "Output must follow a neuron node")


def _keys(name: str, shape: Tuple[int, ...]) -> Optional[List[Hashable]]:
    """Keys ``(layer, c, y, x)`` for multi-dimensional nodes; implicit ``(layer, i)`` otherwise."""
    if len(shape) <= 1:
        return None
    return [(name,) + tuple(int(i) for i in idx) for idx in np.ndindex(*shape)]


def _bias_name(taken: Any) -> str:
    name = "bias"
    while name in taken:
        name = "_" + name
    return name


def from_nir(graph: Any, *, dt: float, weight_bits: int = 16, fire_on: str = ">",
             cuba: str = "error", bias: str = "axon", scale: Optional[str] = None
             ) -> Tuple[Network, ConversionReport]:
    """Convert a NIR graph (or a ``.nir`` file) to an L2S network.

    Neuron nodes (IF, LIF, LI, I, Threshold; CubaLIF/CubaLI with
    ``cuba='lif'``) become neuron populations named like the node; Input
    nodes become axon populations; every chain of linear nodes (Affine,
    Linear, Scale, Conv1d, Conv2d, SumPool2d, AvgPool2d, Flatten, nested
    graphs) between two of them is composed into one projection. Members of
    multi-dimensional nodes are keyed ``(node, c, y, x)`` (C-order), others
    ``(node, i)``. Recurrent edges and cycles through neurons are allowed.

    Parameters
    ----------
    graph : nir.NIRGraph, str or os.PathLike
    dt : float
        Time step (seconds, the unit of NIR's time constants).
    weight_bits : int, default 16
        Each layer's largest absolute weight maps to ``2**(weight_bits-1) - 1``.
    fire_on : {'>', '>='}, default '>'
        NIR's spike condition: ``v > v_threshold`` (the ``nir`` package's
        equations) or ``v >= v_threshold``. Both are exact in integers.
    cuba : {'error', 'lif'}, default 'error'
        How to treat CubaLIF/CubaLI (two state variables): reject, or map to
        a LIF fed the synaptic current's total charge at once (docs/nir.md).
    bias : {'axon', 'error'}, default 'axon'
        Biases (and ``v_leak``) ride on one axon that must be active in every
        step (:func:`l2s.nir.with_bias`), or raise.
    scale : {'max', 'unit'}, optional
        ``'max'`` scales each layer to ``weight_bits``; ``'unit'`` takes the
        NIR values as integers. Default ``'unit'`` for graphs written by
        :func:`l2s.nir.to_nir`, ``'max'`` otherwise.

    Returns
    -------
    (Network, ConversionReport)

    Raises
    ------
    InvalidValueError
        For a node the hardware cannot hold (Delay, a non-zero ``v_reset``,
        ``tau < dt``, an Output after a linear node, ...); the message names
        the node, its type and why.
    TargetUnavailableError
        If the ``nir`` package is not installed.

    Examples
    --------
    >>> import nir, numpy as np
    >>> g = nir.NIRGraph.from_list(
    ...     nir.Linear(np.array([[0.5, -0.25]])),
    ...     nir.LIF(tau=np.array([8e-3]), r=np.array([8.0]), v_leak=np.array([0.0]),
    ...             v_threshold=np.array([0.4])))
    >>> net, report = from_nir(g, dt=1e-3)
    >>> c = net.compile()
    >>> c.axon_weights.tolist(), c.threshold.tolist(), c.leak.tolist()
    ([32767, -16384], [26213], [3])
    """
    nir = require_nir()
    if isinstance(graph, (str, os.PathLike)):
        graph = nir.read(graph)
    dt = float(dt)
    if not dt > 0:
        raise InvalidValueError(f"dt = {dt} must be positive")
    weight_bits = check_int(weight_bits, "weight_bits", 2, 16)
    check_choice(fire_on, "fire_on", FIRE_RULES)
    check_choice(cuba, "cuba", CUBA_CHOICES)
    check_choice(bias, "bias", BIAS_CHOICES)
    if scale is None:
        scale = "unit" if (graph.metadata or {}).get(INTEGER_FLAG) else "max"
    check_choice(scale, "scale", SCALE_CHOICES)

    imp = _Importer(graph, nir, dt, cuba, bias)
    imp.check_inputs()
    sources = imp.inputs + imp.neurons
    weights = {s: imp.projections(s) for s in sources}
    biases = imp.biases()
    report = ConversionReport(dt=dt, weight_bits=weight_bits, fire_on=fire_on,
                              inputs=list(imp.inputs))
    net = Network()
    for name in imp.inputs:
        net.add_axons(name, imp._size(name), keys=_keys(name, imp.shape(name)))
    report.n_input_axons = net.n_axons
    bias_pop = None
    if biases:
        bias_pop = net.add_axons(_bias_name(imp.nodes), 1)
        report.bias_axon = net.n_axons - 1
        report.bias_nodes = sorted({n for _, srcs in biases.values() for n in srcs})

    connections: List[Tuple[str, str, np.ndarray, np.ndarray, np.ndarray]] = []
    for d in imp.neurons:
        kind, shape = imp.kind[d], imp.shape(d)
        dyn = _dynamics(d, kind, imp.nodes[d], shape, dt)
        incoming = {s: m.scale_columns(dyn.gain) for s in sources
                    for dd, m in weights[s].items() if dd == d}
        drive = dyn.drive + (biases[d][0] * dyn.gain if d in biases else 0.0)
        largest = max([float(np.max(np.abs(m.val), initial=0.0)) for m in incoming.values()]
                      + [float(np.max(np.abs(drive), initial=0.0))])
        s = layer_scale(largest, weight_bits) if scale == "max" else 1.0
        errors, dropped = [0.0], 0
        for src, m in incoming.items():
            w, err = quantise_weights(m.val, s)
            errors.append(err)
            _check_weight_range(d, kind, w)
            keep = w != 0
            dropped += int(np.count_nonzero(~keep))
            connections.append((src, d, m.row[keep], m.col[keep], w[keep]))
        if np.any(drive):
            w, err = quantise_weights(drive, s)
            errors.append(err)
            _check_weight_range(d, kind, w)
            post = np.flatnonzero(w)
            connections.append((bias_pop.name, d, np.zeros(post.size, dtype=np.int64), post,
                                w[post]))
        threshold = (np.full(dyn.gain.size, THRESHOLD_MAX, dtype=np.int64) if dyn.threshold is None
                     else integer_threshold(dyn.threshold, s, fire_on, d, kind))
        net.add_neurons(d, int(np.prod(shape)), keys=_keys(d, shape), threshold=threshold,
                        model=dyn.model, leak=dyn.leak, output=imp.output_mask(d))
        report.layers.append(LayerReport(
            d, kind, dyn.model, dyn.gain.size, s, max(errors),
            tuple(sorted(set(dyn.leak.tolist()))) if dyn.model == "LI&F" else (),
            dyn.timing_error, dropped))
        _note(report, d, kind, imp.nodes[d], dyn, dt)
    order = {p.name: i for i, p in enumerate(net.populations)}
    for src, dst, pre, post, w in sorted(connections, key=lambda c: (order[c[0]], order[c[1]])):
        net.connect(src, dst, pre=pre, post=post, weight=w)
    if any(l.max_weight_error > 0 for l in report.layers):
        report.approximations.insert(0, f"weights rounded to {weight_bits}-bit integers per "
                                        "layer (see max |dw|)")
    return net, report


def _check_weight_range(name: str, kind: str, w: np.ndarray) -> None:
    if w.size and (w.max() > WEIGHT_MAX or w.min() < WEIGHT_MIN):
        worst = int(w[np.argmax(np.abs(w))])
        raise InvalidValueError(f"NIR node {name!r} ({kind}): an incoming weight becomes {worst}, "
                                f"outside the signed 16-bit range [{WEIGHT_MIN}, {WEIGHT_MAX}] "
                                "(scale='unit' takes NIR weights as integers)")


def _note(report: ConversionReport, name: str, kind: str, node: Any, dyn: _Dynamics,
          dt: float) -> None:
    """Record the approximations made for one neuron node."""
    if dyn.timing_error:
        taus = sorted({float(t) for t in np.ravel(getattr(node, "tau_mem" if kind.startswith(
            "Cuba") else "tau"))})
        report.approximations.append(
            f"{name} ({kind}): tau / dt = {', '.join(f'{t / dt:g}' for t in taus)} is not a power "
            f"of two; leak shift {', '.join(map(str, sorted(set(dyn.leak.tolist()))))}, "
            f"first-spike error up to {dyn.timing_error:g} steps on step inputs")
    if kind.startswith("Cuba"):
        report.approximations.append(
            f"{name} ({kind}): synaptic current (tau_syn = "
            f"{', '.join(f'{t:g}' for t in np.unique(node.tau_syn))}) dropped: an input spike moves "
            "the potential at once by the peak of the NIR response")
    if dyn.threshold is None:
        report.approximations.append(f"{name} ({kind}): no spikes in NIR; the population "
                                     f"{_NEVER} (threshold {THRESHOLD_MAX}), read its potentials")
