"""Notebook displays of a :class:`Network` and a :class:`CompiledNetwork`.

Both show their populations and projections as tables and, when there are
few populations, a small inline SVG of the population graph (drawn here
without matplotlib, so that ``import l2s`` stays light).
"""
from __future__ import annotations

import math
from typing import Any, Dict, List, Sequence, Tuple

import numpy as np

from .. import _html
from .models import MODELS
from .population import AXONS

__all__ = ["network_html", "compiled_html", "population_svg", "SVG_MAX_POPULATIONS"]

#: Population graphs with more populations than this are not drawn.
SVG_MAX_POPULATIONS = 12

_MODEL_NAMES = {m.code: m.name for m in MODELS.values()}
_POPULATION_HEADER = ("population", "kind", "size", "model", "threshold", "outputs")
_PROJECTION_HEADER = ("source", "target", "synapses", "weights")

#: A population as drawn: (name, kind, size).
Node = Tuple[str, str, int]


def _span(values: Any) -> str:
    """``'5'`` or ``'-3 .. 7'`` for an array of integers, ``''`` when empty."""
    values = np.asarray(values)
    if values.size == 0:
        return ""
    lo, hi = int(values.min()), int(values.max())
    return f"{lo}" if lo == hi else f"{lo} .. {hi}"


def _population_row(name: str, kind: str, size: int, threshold: Any, model: Any,
                    output: Any) -> List[Any]:
    if kind == AXONS:
        return [name, kind, size, "", "", ""]
    models = ", ".join(_MODEL_NAMES.get(int(c), str(int(c))) for c in np.unique(model))
    return [name, kind, size, models, _span(threshold), int(np.count_nonzero(output))]


def _title(kind: str, n_pop: int, axons: int, neurons: int, synapses: int, semantics: str,
           noise: bool = False) -> str:
    return (f"{kind}: {n_pop} populations, {axons:,} axons, {neurons:,} neurons, "
            f"{synapses:,} synapses; semantics {semantics}" + (", with noise" if noise else ""))


def network_html(net: Any) -> str:
    """The HTML display of a :class:`~l2s.Network` (``Network._repr_html_``).

    Examples
    --------
    >>> from l2s.examples import random_recurrent
    >>> text = network_html(random_recurrent(50, fanout=4))
    >>> "<svg" in text, "<td>exc</td><td>exc</td><td>200</td>" in text, "l2s-2022" in text
    (True, True, True)
    """
    pops = net.populations
    rows = [_population_row(p.name, p.kind, p.size, p.threshold, p.model, p.output) for p in pops]
    edges: Dict[Tuple[str, str], int] = {}
    projections = []
    for source, target, data in net.graph.edges(data=True):
        weights = np.concatenate([p.weight for p in data["projections"]] or [np.zeros(0)])
        edges[source, target] = int(weights.size)
        projections.append([source, target, int(weights.size), _span(weights)])
    parts = [_html.table(_POPULATION_HEADER, rows)]
    if projections:
        parts.append(_html.table(_PROJECTION_HEADER, projections))
    if len(pops) <= SVG_MAX_POPULATIONS:
        parts.append(population_svg([(p.name, p.kind, p.size) for p in pops], edges))
    title = _title("Network", len(pops), net.n_axons, net.n_neurons, net.n_synapses,
                   net.semantics)
    return _html.block(title, *parts)


def _compiled_edges(compiled: Any) -> Dict[Tuple[str, str], int]:
    """Synapse counts between populations of a compiled network."""
    neuron_pops = [p for p in compiled.populations if p.kind != AXONS]
    stops = np.array([p.stop for p in neuron_pops], dtype=np.int64)
    edges: Dict[Tuple[str, str], int] = {}
    for pop in compiled.populations:
        indptr, indices, _ = compiled.csr("axon" if pop.kind == AXONS else "neuron")
        targets = indices[indptr[pop.start]:indptr[pop.stop]]
        counts = np.bincount(np.searchsorted(stops, targets, side="right"),
                             minlength=len(neuron_pops))
        for dst, count in zip(neuron_pops, counts.tolist()):
            if count:
                edges[pop.name, dst.name] = count
    return edges


def compiled_html(compiled: Any) -> str:
    """The HTML display of a :class:`~l2s.CompiledNetwork` (``CompiledNetwork._repr_html_``).

    Populations with their index ranges, then the synapse counts between them.

    Examples
    --------
    >>> from l2s.examples import random_recurrent
    >>> text = compiled_html(random_recurrent(50, fanout=4).compile())
    >>> "<td>in</td><td>axons</td><td>0 .. 4</td>" in text
    True
    """
    rows = []
    for p in compiled.populations:
        span = f"{p.start} .. {p.stop - 1}" if p.size else "empty"
        sl = slice(p.start, p.stop)
        rows.append([p.name, p.kind, span] + _population_row(
            p.name, p.kind, p.size, compiled.threshold[sl], compiled.model[sl],
            compiled.output[sl])[2:])
    header = _POPULATION_HEADER[:2] + ("indices",) + _POPULATION_HEADER[2:]
    edges = _compiled_edges(compiled)
    parts = [_html.table(header, rows),
             _html.table(("source", "target", "synapses"),
                         [[s, t, n] for (s, t), n in edges.items()])]
    if len(compiled.populations) <= SVG_MAX_POPULATIONS:
        parts.append(population_svg([(p.name, p.kind, p.size) for p in compiled.populations],
                                    edges))
    title = _title("CompiledNetwork", len(compiled.populations), compiled.n_axons,
                   compiled.n_neurons, compiled.n_synapses, compiled.semantics, compiled.noise)
    return _html.block(title, *parts)


def population_svg(nodes: Sequence[Node], edges: Dict[Tuple[str, str], int],
                   width: int = 360, height: int = 240) -> str:
    """A small SVG of a population graph: nodes on a circle, arrows labelled with synapses.

    Node area grows with the population size; axon populations are grey
    squares, neuron populations blue circles; a projection of a population
    onto itself is a loop above it.

    Parameters
    ----------
    nodes : sequence of (name, kind, size)
    edges : dict
        ``{(source name, target name): synapses}``.
    width, height : int
        Size in pixels.

    Returns
    -------
    str
        An ``<svg>`` element (well-formed XML, every name escaped).

    Examples
    --------
    >>> svg = population_svg([("in", "axons", 4), ("<exc>", "neurons", 10)],
    ...                      {("in", "<exc>"): 12, ("<exc>", "<exc>"): 30})
    >>> svg.count("<line"), svg.count("<path"), "&lt;exc&gt; (10)" in svg  # arrow head: a path
    (1, 2, True)
    """
    cx, cy = width / 2, height / 2 + 6
    ring = min(width, height) / 2 - 44
    biggest = max([size for _, _, size in nodes] + [1])
    pos, radius = {}, {}
    for i, (name, _, size) in enumerate(nodes):
        angle = math.pi + 2 * math.pi * i / max(len(nodes), 1)
        r = ring if len(nodes) > 1 else 0.0
        pos[name] = (cx + r * math.cos(angle), cy + r * math.sin(angle))
        radius[name] = 6 + 14 * math.sqrt(size / biggest)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="10">',
           '<defs><marker id="l2s-arrow" viewBox="0 0 10 10" refX="10" refY="5" '
           'markerWidth="6" markerHeight="6" orient="auto-start-reverse">'
           '<path d="M 0 0 L 10 5 L 0 10 z" fill="#555"/></marker></defs>']
    for (source, target), count in edges.items():
        (x0, y0), (x1, y1) = pos[source], pos[target]
        label = _html.cell(count)
        if source == target:
            r = radius[source]
            out.append(f'<path d="M {x0 - r / 2:.1f} {y0 - r:.1f} C {x0 - 2 * r:.1f} '
                       f'{y0 - 3 * r:.1f} {x0 + 2 * r:.1f} {y0 - 3 * r:.1f} {x0 + r / 2:.1f} '
                       f'{y0 - r:.1f}" fill="none" stroke="#555" '
                       f'marker-end="url(#l2s-arrow)"/>')
            out.append(f'<text x="{x0:.1f}" y="{y0 - 2.4 * r:.1f}" text-anchor="middle" '
                       f'fill="#333">{label}</text>')
            continue
        length = math.hypot(x1 - x0, y1 - y0) or 1.0
        ux, uy = (x1 - x0) / length, (y1 - y0) / length
        # both directions of a pair: each arrow moves 4 px to its own right
        shift = 4.0 if (target, source) in edges else 0.0
        a = (x0 + ux * radius[source] - uy * shift, y0 + uy * radius[source] + ux * shift)
        b = (x1 - ux * radius[target] - uy * shift, y1 - uy * radius[target] + ux * shift)
        out.append(f'<line x1="{a[0]:.1f}" y1="{a[1]:.1f}" x2="{b[0]:.1f}" y2="{b[1]:.1f}" '
                   f'stroke="#555" marker-end="url(#l2s-arrow)"/>')
        mx, my = (a[0] + b[0]) / 2 - uy * 8, (a[1] + b[1]) / 2 + ux * 8
        out.append(f'<text x="{mx:.1f}" y="{my:.1f}" text-anchor="middle" fill="#333">'
                   f'{label}</text>')
    for name, kind, size in nodes:
        (x, y), r = pos[name], radius[name]
        if kind == AXONS:
            out.append(f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r:.1f}" '
                       f'height="{2 * r:.1f}" fill="#999"/>')
        else:
            out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="#1f77b4"/>')
        out.append(f'<text x="{x:.1f}" y="{y + r + 12:.1f}" text-anchor="middle">'
                   f'{_html.cell(name)} ({_html.cell(size)})</text>')
    out.append("</svg>")
    return "".join(out)
