"""What a network is: its graph, one node per neuron when small, per population when large."""
from __future__ import annotations

from typing import Any, Dict, Hashable, List, NamedTuple, Optional, Tuple

import networkx as nx
import numpy as np
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch
from matplotlib.path import Path

from .._validation import (MAX_INDEX, as_array, check_choice, check_flag, check_instance,
                           check_int, check_int_array, check_seed, fail)
from ..errors import InvalidValueError
from ..graph.compiled import CompiledNetwork
from ..graph.network import Network
from ..partition.placement import Placement
from ..graph.compiled import AXON_SOURCE, NEURON_SOURCE
from ..graph.expand import neuron_graph, population_graph
from ..graph.population import AXONS
from ._common import NEUTRAL, new_axes, palette, population_index, rgba, si_format
from ._cores import core_colors, core_legend, global_core

__all__ = ["topology", "TopologyArtists", "VIEWS", "LAYOUTS"]

#: Views of :func:`topology`.
VIEWS = ("auto", "neurons", "populations")
#: Named layouts of :func:`topology`.
LAYOUTS = ("auto", "layered", "spring", "circular", "kamada_kawai")
#: ``view='auto'`` draws one node per axon and neuron up to this many nodes.
MAX_NODES = 150
#: Node labels are drawn by default up to this many nodes.
_LABEL_MAX = 40
#: Above this many edges the neuron view draws plain lines instead of arrows.
_ARROW_MAX = 1500
_EXCITATORY = "0.45"
_EDGE = "0.4"
#: Curvature of projection arrows (``arc3`` rad), so that a <-> b do not overlap.
_BEND = 0.15
_INHIBITORY = "tab:red"


class TopologyArtists(NamedTuple):
    """What :func:`topology` drew.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> from l2s.examples import random_recurrent
    >>> drawn = topology(random_recurrent(10, fanout=2), ax=Figure().subplots())
    >>> drawn.view, drawn.graph.number_of_nodes(), [c.get_label() for c in drawn.nodes]
    ('neurons', 11, ['axons', 'exc'])
    """

    #: Node collections: one per population (or per core, or per pie wedge).
    nodes: List[Any]
    #: Edge artists: FancyArrowPatches, or one LineCollection for many edges.
    edges: List[Any]
    #: Text artists of node and edge labels, keyed by node or edge.
    labels: Dict[Any, Any]
    #: ``'neurons'`` or ``'populations'``.
    view: str
    #: The graph drawn (nodes carry ``pos``) and its layout, for further drawing.
    graph: nx.DiGraph


# -- the data of either view ------------------------------------------------------------------

def _compiled_of(network: Any) -> Any:
    return network if hasattr(network, "neuron_indptr") else network.compile()


# -- layouts ----------------------------------------------------------------------------------

def _layered(graph: nx.DiGraph, sources: List[Hashable]) -> Dict[Hashable, np.ndarray]:
    """Columns by breadth-first distance from ``sources`` (the axons), left to right."""
    layer = {node: 0 for node in sources}
    frontier = list(sources)
    while frontier:  # breadth-first, edge weights ignored
        nxt = []
        for node in frontier:
            for succ in graph.successors(node):
                if succ not in layer:
                    layer[succ] = layer[node] + 1
                    nxt.append(succ)
        frontier = nxt
    deepest = max(layer.values(), default=-1)
    columns: Dict[int, List[Hashable]] = {}
    for node in graph:
        columns.setdefault(layer.get(node, deepest + 1), []).append(node)
    pos = {}
    for x, members in columns.items():
        ys = np.linspace(1.0, -1.0, len(members)) if len(members) > 1 else [0.0]
        for node, y in zip(members, ys):
            pos[node] = np.array([float(x), float(y)])
    return pos


def _layout(graph: nx.DiGraph, layout: Any, sources: List[Hashable], seed: Optional[int],
            prefer_layers: bool) -> Dict[Hashable, np.ndarray]:
    if isinstance(layout, dict):
        missing = [n for n in graph if n not in layout]
        if missing:
            raise InvalidValueError(f"layout has no position for node {missing[0]!r}")
        return {n: np.asarray(layout[n], dtype=float) for n in graph}
    if callable(layout):
        return _layout(graph, layout(graph), sources, seed, prefer_layers)
    if layout not in LAYOUTS:
        raise InvalidValueError(f"layout = {layout!r} is not one of {', '.join(map(repr, LAYOUTS))}"
                                ", a dict of positions or a callable")
    if layout == "auto":
        acyclic = nx.is_directed_acyclic_graph(nx.DiGraph(
            (u, v) for u, v in graph.edges if u != v))
        layout = "layered" if prefer_layers or acyclic else "spring"
    if layout == "layered":
        return _layered(graph, sources)
    if layout == "spring":
        return nx.spring_layout(graph, seed=seed)
    if layout == "circular":
        return nx.circular_layout(graph)
    return nx.kamada_kawai_layout(graph)


def _fit(ax: Any, pos: Dict[Hashable, np.ndarray], margin: float, pad: float = 0.0) -> None:
    """Limits around the node positions: ``margin`` of their extent plus ``pad`` data units."""
    xy = np.array(list(pos.values())) if pos else np.zeros((1, 2))
    lo, hi = xy.min(axis=0), xy.max(axis=0)
    extra = margin * np.maximum(hi - lo, 1.0) + pad
    ax.dataLim.update_from_data_xy(np.array([lo - extra, hi + extra]), ignore=True)
    ax.autoscale_view(tight=True)


# -- the two views ----------------------------------------------------------------------------

def _label_of(key: Hashable, population: str) -> str:
    """Short node label: an explicit key as written, an implicit ``(pop, i)`` as ``i``."""
    if isinstance(key, tuple) and len(key) == 2 and key[0] == population:
        return str(key[1])
    return str(key)


def _draw_neurons(compiled: Any, placement: Any, ax: Any, layout: Any, seed: Optional[int],
                  labels: Optional[bool], node_size: Optional[float]) -> TopologyArtists:
    graph = neuron_graph(compiled, limit=None)
    axons = [n for n, kind in graph.nodes(data="kind") if kind == AXON_SOURCE]
    pos = _layout(graph, layout, axons, seed, prefer_layers=False)
    n_nodes = graph.number_of_nodes()
    size = node_size if node_size is not None else float(np.clip(6000.0 / max(n_nodes, 1),
                                                                 40.0, 500.0))
    nodes = []
    legend = []
    if axons:
        nodes.append(nx.draw_networkx_nodes(graph, pos, nodelist=axons, node_shape="s",
                                            node_color=[NEUTRAL], node_size=size, ax=ax,
                                            label="axons"))
        legend.append(Line2D([], [], linestyle="none", marker="s", color=NEUTRAL,
                             label="axons"))
    neuron_nodes = [n for n, kind in graph.nodes(data="kind") if kind == NEURON_SOURCE]
    index = np.array([graph.nodes[n]["index"] for n in neuron_nodes], dtype=np.int64)
    if placement is None:
        pops = compiled.population_of("neurons")
        group = population_index(index, [(p.name, p.start, p.stop) for p in pops])
        colours = palette(len(pops))
        group_names = [p.name for p in pops]
    else:
        cores = global_core(placement)[index]
        used = np.unique(cores)
        group = np.searchsorted(used, cores)
        colour_of = core_colors(placement)
        colours = [colour_of(c) for c in used.tolist()]
        group_names = [f"core {c}" for c in used.tolist()]
    output = np.asarray(compiled.output)
    for g, name in enumerate(group_names):
        members = [neuron_nodes[i] for i in np.flatnonzero(group == g).tolist()]
        if not members:
            continue
        edge = [rgba("k") if output[graph.nodes[n]["index"]] else rgba(colours[g])
                for n in members]
        nodes.append(nx.draw_networkx_nodes(graph, pos, nodelist=members, node_color=[colours[g]],
                                            edgecolors=edge, linewidths=1.5, node_size=size,
                                            ax=ax, label=name))
        legend.append(Line2D([], [], linestyle="none", marker="o", color=colours[g], label=name))

    edgelist = list(graph.edges)
    colours_e = [_INHIBITORY if graph.edges[e]["weight"] < 0 else _EXCITATORY for e in edgelist]
    arrows = len(edgelist) <= _ARROW_MAX
    style = dict(arrowsize=10, connectionstyle="arc3,rad=0.08") if arrows else {}
    drawn = nx.draw_networkx_edges(graph, pos, edgelist=edgelist, edge_color=colours_e, ax=ax,
                                   arrows=arrows, node_size=size, width=1.0 if arrows else 0.5,
                                   alpha=0.8 if arrows else 0.4, **style)
    edges = list(drawn) if isinstance(drawn, list) else [drawn]
    if labels is None:
        labels = n_nodes <= _LABEL_MAX
    texts: Dict[Any, Any] = {}
    if labels:
        texts = nx.draw_networkx_labels(
            graph, pos, labels={n: _label_of(n, graph.nodes[n]["population"]) for n in graph},
            font_size=8, ax=ax)
    if any(output[index]):
        legend.append(Line2D([], [], linestyle="none", marker="o", color="w",
                             markeredgecolor="k", label="output"))
    if edgelist:
        legend.append(Line2D([], [], color=_EXCITATORY, label="w > 0"))
        if any(c == _INHIBITORY for c in colours_e):
            legend.append(Line2D([], [], color=_INHIBITORY, label="w < 0"))
    ax.legend(handles=legend, loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0.0,
              frameon=False, fontsize="small")
    nx.set_node_attributes(graph, pos, "pos")
    _fit(ax, pos, 0.08)
    ax.set_title(f"Network: {compiled.n_axons} axons, {compiled.n_neurons} neurons, "
                 f"{compiled.n_synapses} synapses"
                 + ("" if placement is None else ", coloured by core"), fontsize="medium")
    return TopologyArtists(nodes, edges, texts, "neurons", graph)


def _wedge(theta0: float, theta1: float) -> Tuple[np.ndarray, float]:
    """Vertices of a pie wedge of the unit circle and the factor its marker size needs.

    Matplotlib scales a custom marker so that its largest coordinate is 0.5,
    so a wedge reaching less far than the unit circle is enlarged; the
    factor ``max|v|**2`` undoes that (matplotlib's pie-marker recipe).
    """
    arc = np.linspace(theta0, theta1, max(3, int(64 * (theta1 - theta0) / (2 * np.pi)) + 2))
    verts = np.vstack([[0.0, 0.0], np.column_stack([np.cos(arc), np.sin(arc)]), [0.0, 0.0]])
    return verts, float(np.abs(verts).max()) ** 2


class _SelfLoop:
    """Connection style of a self-loop: a loop above the node, in display coordinates.

    Matplotlib calls it at draw time with pixel positions and ``shrinkA`` in
    pixels; the arrow is created with ``shrinkA`` = the node's radius in
    points, so the loop scales with the node at any dpi.
    """

    def __call__(self, posA: Any, posB: Any, *args: Any, shrinkA: float = 10.0,
                 **kwargs: Any) -> Path:
        x, y = posA
        r = shrinkA
        a, b = np.deg2rad(60.0), np.deg2rad(120.0)
        return Path([(x + r * np.cos(a), y + r * np.sin(a)), (x + 1.8 * r, y + 3.4 * r),
                     (x - 1.8 * r, y + 3.4 * r), (x + r * np.cos(b), y + r * np.sin(b))],
                    [Path.MOVETO, Path.CURVE4, Path.CURVE4, Path.CURVE4])


def _draw_populations(network: Any, placement: Any, ax: Any, layout: Any, seed: Optional[int],
                      labels: Optional[bool], node_size: Optional[float]) -> TopologyArtists:
    graph = population_graph(network)
    axons = [n for n, kind in graph.nodes(data="kind") if kind == AXONS]
    pos = _layout(graph, layout, axons, seed, prefer_layers=True)
    sizes = np.array([graph.nodes[n]["size"] for n in graph], dtype=float)
    biggest = max(sizes.max(initial=0.0), 1.0)
    base = 2500.0 if node_size is None else float(node_size)
    area = {n: base * (0.15 + 0.85 * np.sqrt(s / biggest)) for n, s in zip(graph, sizes)}
    neuron_pops = [n for n in graph if graph.nodes[n]["kind"] != AXONS]
    pop_colour = dict(zip(neuron_pops, palette(len(neuron_pops))))
    nodes: List[Any] = []
    legend: List[Any] = []
    for name in axons:
        nodes.append(ax.scatter(*pos[name], s=area[name], marker="s", color=NEUTRAL,
                                zorder=2, label=name))
    if placement is None:
        for name in neuron_pops:
            nodes.append(ax.scatter(*pos[name], s=area[name], marker="o", color=pop_colour[name],
                                    zorder=2, label=name))
    else:
        core = global_core(placement)
        colour_of = core_colors(placement)
        used = set()
        for name in neuron_pops:
            start, stop = graph.nodes[name]["start"], graph.nodes[name]["stop"]
            counts = np.bincount(core[start:stop])
            present = np.flatnonzero(counts)
            used.update(present.tolist())
            angles = np.r_[0.0, np.cumsum(counts[present]) / max(counts.sum(), 1)] * 2 * np.pi
            for k, c in enumerate(present.tolist()):
                verts, factor = _wedge(np.pi / 2 - angles[k + 1], np.pi / 2 - angles[k])
                nodes.append(ax.scatter(*pos[name], s=area[name] * factor, marker=verts,
                                        color=colour_of(c), edgecolors="w", linewidths=0.5,
                                        zorder=2, label=f"{name}: core {c}"))
        legend = core_legend(placement, sorted(used))

    counts = {(u, v): d["synapses"] for u, v, d in graph.edges(data=True)}
    top = np.log1p(max(counts.values(), default=1))
    radius = {n: np.sqrt(a / np.pi) for n, a in area.items()}  # points
    edges: List[Any] = []
    texts: Dict[Any, Any] = {}
    draw_labels = labels is None or labels
    for (u, v), count in counts.items():
        width = 0.8 + 3.2 * np.log1p(count) / top
        label = si_format(count)
        if u == v:
            arrow = FancyArrowPatch(pos[u], pos[u], connectionstyle=_SelfLoop(),
                                    arrowstyle="-|>", mutation_scale=14, linewidth=width,
                                    color=_EDGE, shrinkA=radius[u] + 2, zorder=1)
            where = dict(xy=pos[u], xytext=(0, 2.75 * (radius[u] + 2)), textcoords="offset points")
        else:
            arrow = FancyArrowPatch(pos[u], pos[v], connectionstyle=f"arc3,rad={_BEND}",
                                    arrowstyle="-|>", mutation_scale=14, linewidth=width,
                                    color=_EDGE, shrinkA=radius[u] + 2, shrinkB=radius[v] + 2,
                                    zorder=1)
            (x1, y1), (x2, y2) = pos[u], pos[v]  # the arc's midpoint (aspect is equal)
            where = dict(xy=((x1 + x2) / 2 + _BEND * (y2 - y1) / 2,
                             (y1 + y2) / 2 - _BEND * (x2 - x1) / 2))
        edges.append(ax.add_patch(arrow))
        if draw_labels:
            texts[(u, v)] = ax.annotate(label, ha="center", va="center", fontsize=8, zorder=3,
                                        bbox=dict(boxstyle="round,pad=0.2", fc="w", ec="none",
                                                  alpha=0.85), **where)
    if draw_labels:
        for name in graph:
            texts[name] = ax.annotate(
                f"{name}\n{graph.nodes[name]['size']:,}", pos[name],
                xytext=(0, -radius[name] - 3), textcoords="offset points", ha="center",
                va="top", fontsize="small", zorder=3)
    if legend:
        ax.legend(handles=legend, loc="upper left", bbox_to_anchor=(1.01, 1.0),
                  borderaxespad=0.0, frameon=False, fontsize="small")
    nx.set_node_attributes(graph, pos, "pos")
    ax.set_aspect("equal", adjustable="datalim")
    _fit(ax, pos, 0.12, 0.4)
    total = sum(d["synapses"] for _, _, d in graph.edges(data=True))
    ax.set_title(f"Populations ({graph.number_of_nodes()}), synapses per projection "
                 f"({si_format(total)} in all)"
                 + ("" if placement is None else ": neurons per core"), fontsize="medium")
    return TopologyArtists(nodes, edges, texts, "populations", graph)


def topology(network: Any, placement: Any = None, ax: Any = None, *, view: str = "auto",
             layout: Any = "auto", seed: Optional[int] = 0, labels: Optional[bool] = None,
             node_size: Optional[float] = None, max_nodes: int = MAX_NODES) -> TopologyArtists:
    """The network's graph: one node per axon and neuron when small, per population when large.

    *Neuron view*: the :func:`~l2s.graph.neuron_graph` of the network, axons
    as grey squares, neurons coloured by population (or by core when a
    placement is given), output neurons outlined in black, edges grey
    (``w > 0``) or red (``w < 0``). *Population view*: one node per
    population, its area growing with the population's size (axon
    populations grey squares), one arrow per projection, as wide as the log of
    its synapse count and labelled with it (the
    :func:`~l2s.graph.population_graph`); with a placement each neuron
    population is a pie of the cores its neurons occupy.

    Parameters
    ----------
    network : Network or CompiledNetwork
        The population view of a :class:`~l2s.Network` reads its projections
        without compiling it.
    placement : Placement, optional
        Colours neurons by core (``placement.core``, per neuron of the compiled network).
    ax : matplotlib.axes.Axes, optional
        Axes to draw into; by default a new pyplot figure's.
    view : {'auto', 'neurons', 'populations'}, default 'auto'
        ``'auto'`` is ``'neurons'`` up to ``max_nodes`` axons + neurons.
    layout : str, dict or callable, default 'auto'
        ``'layered'`` (columns by distance from the axons), ``'spring'``,
        ``'circular'``, ``'kamada_kawai'`` (needs scipy), a dict of node
        positions, or a function of the graph returning one. ``'auto'`` is
        ``'layered'`` for populations and for acyclic neuron graphs, else ``'spring'``.
    seed : int or None, default 0
        Seed of the spring layout (the same seed gives the same picture).
    labels : bool, optional
        Draw labels (default: populations always, neurons up to 40 nodes).
        Neuron labels are keys; implicit keys ``(population, i)`` show as ``i``.
    node_size : float, optional
        Node area in points^2 (the largest population's in the population view).
    max_nodes : int, default 150
        Largest network the ``'auto'`` view draws neuron by neuron.

    Returns
    -------
    TopologyArtists
        ``(nodes, edges, labels, view, graph)``.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> from l2s.examples import random_recurrent
    >>> small = random_recurrent(20, fanout=3)
    >>> topology(small, ax=Figure().subplots()).view
    'neurons'
    >>> drawn = topology(random_recurrent(1000, fanout=10), ax=Figure().subplots())
    >>> drawn.view, sorted(drawn.graph.edges(data="synapses"))
    ('populations', [('exc', 'exc', 10000), ('in', 'exc', 1000)])
    """
    check_instance(network, "network", (Network, CompiledNetwork), "or its compile()")
    if placement is not None and not hasattr(placement, "core"):  # anything with .core draws
        check_instance(placement, "placement", Placement, "from l2s.partition.partition")
    view = check_choice(view, "view", VIEWS)
    if not isinstance(layout, dict) and not callable(layout):
        check_choice(layout, "layout", LAYOUTS)
    seed = check_seed(seed)
    if labels is not None:
        check_flag(labels, "labels")
    if node_size is not None:
        size = as_array(node_size, "node_size", "iuf")
        if size.ndim or size <= 0:
            raise fail("node_size", node_size, "must be one positive number")
        node_size = float(size)
    max_nodes = check_int(max_nodes, "max_nodes", 0, MAX_INDEX)
    n_nodes = network.n_axons + network.n_neurons
    if view == "auto":
        view = "neurons" if n_nodes <= max_nodes else "populations"
    if placement is not None:
        n_placed = check_int_array(placement.core, "placement.core", 0, MAX_INDEX, np.int64).size
        if n_placed != network.n_neurons:
            raise InvalidValueError(f"placement places {n_placed} neurons, the network has "
                                    f"{network.n_neurons}")
    ax = new_axes(ax, figsize=(7.5, 5.5))
    if view == "neurons":
        drawn = _draw_neurons(_compiled_of(network), placement, ax, layout, seed, labels,
                              node_size)
    else:
        drawn = _draw_populations(network, placement, ax, layout, seed, labels, node_size)
    ax.set_axis_off()
    return drawn
