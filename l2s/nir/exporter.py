"""L2S network -> NIR graph, exact: :func:`l2s.nir.from_nir` gives the same compiled arrays back."""
from __future__ import annotations

from typing import Any, Dict, List, Tuple

import numpy as np

from .._validation import check_choice
from ..errors import InvalidValueError
from ..graph.models import ANN, IF, LIF, WEIGHT_MAX, WEIGHT_MIN
from ..graph.network import Network
from ..graph.population import Population
from ._compat import require_nir
from .importer import INTEGER_FLAG, LEAK_KEY, OUTPUT_MASK_KEY
from .quantise import FIRE_RULES

__all__ = ["to_nir"]


def _neuron_node(nir: Any, pop: Population, dt: float, fire_on: str) -> Any:
    models = np.unique(pop.model)
    if models.size > 1:
        raise InvalidValueError(
            f"population {pop.name!r} mixes neuron models {models.tolist()}; a NIR node has one "
            "model: split it into one population per model")
    # V > T (ours) is v > T, or v >= T + 1 for integer v.
    threshold = pop.threshold.astype(np.float64) + (1.0 if fire_on == ">=" else 0.0)
    model = int(models[0]) if models.size else IF.code
    if model == LIF.code:
        steps = 2.0 ** pop.leak.astype(np.float64)     # tau = 2**leak dt, R dt / tau = 1
        return nir.LIF(tau=steps * dt, r=steps, v_leak=np.zeros(pop.size),
                       v_threshold=threshold, v_reset=np.zeros(pop.size))
    meta = {LEAK_KEY: pop.leak.astype(np.int64)}
    if model == ANN.code:
        return nir.Threshold(threshold=threshold, metadata=meta)
    return nir.IF(r=np.ones(pop.size), v_threshold=threshold, v_reset=np.zeros(pop.size),
                  metadata=meta)


def _weight_matrix(net: Network, src: Population, dst: Population) -> np.ndarray:
    proj = net.projection(src, dst)
    matrix = np.zeros((dst.size, src.size), dtype=np.int64)
    np.add.at(matrix, (proj.post, proj.pre), proj.weight.astype(np.int64))
    if matrix.size and (matrix.max() > WEIGHT_MAX or matrix.min() < WEIGHT_MIN):
        raise InvalidValueError(f"synapses {src.name!r} -> {dst.name!r}: repeated synapses sum to "
                                "a weight outside the signed 16-bit range, which one NIR weight "
                                "cannot hold")
    return matrix.astype(np.float64)


def to_nir(network: Network, *, dt: float = 1.0, fire_on: str = ">") -> Any:
    """Express an L2S network as a NIR graph (save it with ``nir.write``).

    Axon populations become Input nodes; neuron populations become ``IF``
    (``I&F``, ``r = 1``), ``LIF`` (``LI&F``, ``tau = 2**leak dt``,
    ``r = 2**leak`` so that ``R dt / tau = 1``) or ``Threshold`` (``ANN``)
    nodes; each pair of connected populations becomes a ``Linear`` node
    named ``'source->target'``; populations with outputs feed an Output node
    named ``'<population>.out'`` (a subset is kept in its metadata). Weights
    and thresholds are the integers themselves and the graph's metadata says
    so, so :func:`l2s.nir.from_nir` reads them back without rescaling.

    Parameters
    ----------
    network : Network
    dt : float, default 1.0
        Time step the time constants are expressed in.
    fire_on : {'>', '>='}, default '>'
        Spike condition the thresholds are written for (``T`` or ``T + 1``).

    Returns
    -------
    nir.NIRGraph

    Raises
    ------
    InvalidValueError
        For a population mixing neuron models, or repeated synapses whose
        weights sum outside 16 bits.

    Examples
    --------
    >>> import l2s
    >>> from l2s.nir import from_nir
    >>> net = l2s.Network()
    >>> inp = net.add_axons("in", 2)
    >>> out = net.add_neurons("out", 2, threshold=[3, 4], model="LI&F", leak=2, output=True)
    >>> _ = net.connect(inp, out, rule="one_to_one", weight=5)
    >>> graph = to_nir(net, dt=1e-3)
    >>> sorted(graph.nodes)
    ['in', 'in->out', 'out', 'out.out']
    >>> again, _ = from_nir(graph, dt=1e-3)
    >>> again.compile().axon_weights.tolist(), again.compile().leak.tolist()
    ([5, 5], [2, 2])
    """
    nir = require_nir()
    check_choice(fire_on, "fire_on", FIRE_RULES)
    nodes: Dict[str, Any] = {}
    edges: List[Tuple[str, str]] = []
    pops = network.populations
    for pop in pops:
        nodes[pop.name] = (nir.Input(input_type=np.array([pop.size])) if pop.is_axons
                           else _neuron_node(nir, pop, float(dt), fire_on))
    for src in pops:
        for dst in pops:
            if not network.graph.has_edge(src.name, dst.name):
                continue
            name = _fresh(f"{src.name}->{dst.name}", nodes)
            nodes[name] = nir.Linear(weight=_weight_matrix(network, src, dst))
            edges += [(src.name, name), (name, dst.name)]
    for pop in pops:
        if not pop.is_axons and pop.output.any():
            name = _fresh(f"{pop.name}.out", nodes)
            meta = {} if pop.output.all() else {OUTPUT_MASK_KEY: pop.output.copy()}
            nodes[name] = nir.Output(output_type=np.array([pop.size]), metadata=meta)
            edges.append((pop.name, name))
    return nir.NIRGraph(nodes=nodes, edges=edges,
                        metadata={INTEGER_FLAG: True, "dt": float(dt), "fire_on": fire_on},
                        type_check=False)  # type inference would add Outputs to every leaf


def _fresh(name: str, taken: Dict[str, Any]) -> str:
    """``name``, or ``name`` with a numeric suffix when a population already uses it."""
    candidate, k = name, 1
    while candidate in taken:
        candidate, k = f"{name}_{k}", k + 1
    return candidate
