"""The network under construction: a networkx DiGraph of populations."""
from __future__ import annotations

import numbers
import threading
from typing import Any, Dict, Hashable, List, Optional, Sequence, Tuple, Union

import networkx as nx
import numpy as np

from .._validation import (MAX_INDEX, check_bool_array, check_choice, check_flag,
                           check_index_array, check_int, check_int_array, check_keys,
                           check_memory, check_seed, check_str, fail)
from ..errors import InvalidTypeError, InvalidValueError, UnknownKeyError
from . import connectivity
from .compiled import CompiledNetwork
from .compiler import compile_graph
from .expand import neuron_graph
from .models import (DEFAULT_LEAK, HS_2024, L2S_2022, LEAK_MAX, MODEL_ANN, MODEL_IF, SEMANTICS,
                     SHIFT_MAX, SHIFT_MIN, SHIFT_NO_NOISE, THRESHOLD_MAX, THRESHOLD_MIN,
                     WEIGHT_MAX, WEIGHT_MIN, NeuronModel, model_code)
from .neuron_models import HsNeuronModel
from .population import AXONS, NEURONS, Population, Projection

__all__ = ["Network", "RULES"]

#: Connection rules accepted by :meth:`Network.connect`.
RULES = ("arrays", "all_to_all", "one_to_one", "fixed_fanout", "matrix")

PopulationLike = Union[Population, str]

#: Bytes held per neuron (threshold, model, leak, output, shift and a copy).
_NEURON_BYTES = 2 * (8 + 1 + 1 + 1 + 1)


class Network:
    """A spiking network under construction, held as a graph of populations.

    Nodes of :attr:`graph` are population names with the :class:`Population`
    under the ``population`` attribute; an edge ``(source, target)`` holds
    the ``projections`` (COO synapse arrays) between them, never one
    networkx edge per synapse, so 10^6 neurons and 10^8 synapses fit in memory.

    Every method checks all its arguments before it changes the network, so
    a call that raises leaves the network as it was. Building is thread
    safe: the methods that add to or read the network hold one lock, so
    concurrent ``add_*`` and ``connect`` calls are applied one after the
    other, exactly.

    Parameters
    ----------
    semantics : {'l2s-2022', 'hs-2024'}, default 'l2s-2022'
        The step the compiled network runs on every target
        (:mod:`l2s.graph.models`, ``docs/semantics.md``): the original L2S
        step, or hs_api's (``V >= threshold`` fires, every neuron leaks,
        distinct axons deliver once).

    Examples
    --------
    >>> import l2s
    >>> net = l2s.Network()
    >>> inp = net.add_axons("in", 2)
    >>> exc = net.add_neurons("exc", 3, threshold=1, output=True)
    >>> _ = net.connect(inp, exc, rule="all_to_all", weight=2)
    >>> compiled = net.compile()
    >>> compiled.n_axons, compiled.n_neurons, compiled.n_synapses
    (2, 3, 6)
    >>> l2s.Network(semantics="hs-2024").semantics
    'hs-2024'
    """

    def __init__(self, semantics: str = L2S_2022) -> None:
        #: The step semantics, ``'l2s-2022'`` or ``'hs-2024'`` (read-only after construction).
        self.semantics = check_choice(semantics, "semantics", SEMANTICS)
        self.graph = nx.DiGraph()
        # (source, target, k): the k-th projection of that edge, in connect-call order,
        # so compile() keeps each source's synapses in the order they were added.
        self.graph.graph["connect_order"] = []
        self._lock = threading.RLock()

    def __getstate__(self) -> Dict[str, Any]:
        return {"graph": self.graph, "semantics": self.semantics}

    def __setstate__(self, state: Dict[str, Any]) -> None:
        self.graph = state["graph"]
        self.semantics = state.get("semantics", L2S_2022)
        self._lock = threading.RLock()

    # -- populations -------------------------------------------------------
    def _new_name(self, name: Any) -> str:
        if not isinstance(name, str) or not name:
            raise InvalidTypeError(f"population name must be a non-empty str, got "
                                   f"{name!r:.80}")
        if name in self.graph:
            raise InvalidValueError(f"a population named {name!r:.80} already exists")
        return str(name)

    def _size(self, n: Any, keys: Any, axons: bool) -> Tuple[int, Optional[tuple]]:
        """The checked size and keys of a new population; the network's total stays int32."""
        if keys is not None:
            keys = check_keys(keys, "keys")
            if n is not None and check_int(n, "n", 0, MAX_INDEX) != len(keys):
                raise InvalidValueError(f"n = {n} does not match the {len(keys)} keys given")
            size = len(keys)
        elif n is None:
            raise InvalidValueError("give the population size n or its keys")
        else:
            size = check_int(n, "n", 0, MAX_INDEX)
        total = self.n_axons if axons else self.n_neurons
        if total + size > MAX_INDEX:
            raise fail("n", size, f"the network would hold {total + size:,} "
                       f"{'axons' if axons else 'neurons'}, more than the {MAX_INDEX:,} "
                       "int32 indices address")
        return size, keys

    def _add(self, pop: Population) -> Population:
        self.graph.add_node(pop.name, population=pop)
        return pop

    def add_axons(self, name: str, n: Optional[int] = None,
                  keys: Optional[Sequence[Hashable]] = None) -> Population:
        """Add a population of ``n`` axons (network inputs).

        Parameters
        ----------
        name : str
            Unique population name.
        n : int, optional
            Number of axons (may be omitted when ``keys`` is given).
        keys : sequence of hashable, optional
            A key per axon, e.g. the names used in ``CRI_network.step``.

        Returns
        -------
        Population

        Examples
        --------
        >>> net = Network()
        >>> net.add_axons("in", 3)
        Population('in', axons, size=3)
        >>> named = net.add_axons("cmd", keys=["go", "stop"])
        >>> named.size, named.key(1), net.n_axons
        (2, 'stop', 5)
        """
        with self._lock:
            name = self._new_name(name)
            size, keys = self._size(n, keys, axons=True)
            return self._add(Population(name, AXONS, size, keys))

    def add_neurons(self, name: str, n: Optional[int] = None, *, threshold: Any = None,
                    model: Any = None, leak: Any = None, output: Any = False,
                    keys: Optional[Sequence[Hashable]] = None, shift: Any = None
                    ) -> Population:
        """Add a population of ``n`` neurons.

        Parameters
        ----------
        name : str
            Unique population name.
        n : int, optional
            Number of neurons (may be omitted when ``keys`` is given).
        threshold : int or array of int
            Firing threshold(s), signed 35-bit; a neuron fires when ``V >
            threshold`` (``l2s-2022``) or ``V >= threshold`` (``hs-2024``).
            Required unless ``model`` is an ``LIF_neuron``/``ANN_neuron``.
        model : str, int, array of int, LIF_neuron or ANN_neuron, optional
            ``'I&F'`` (the default under ``l2s-2022``), ``'LI&F'`` (the
            default under ``hs-2024``) or ``'ANN'`` (see
            :mod:`l2s.graph.models`), per-neuron codes, or one of hs_api's
            models (:mod:`l2s.neuron_models`), which then gives the
            threshold, shift and leak of every neuron of the population.
            Under ``hs-2024`` every neuron leaks and ``'I&F'`` is refused.
        leak : int or array of int, optional
            Shift of the leak, ``V -= V >> leak``, in ``[0, 63]``; default 3
            (``'ANN'`` under ``hs-2024``: 0).
        output : bool or array of bool, default False
            Whether spikes of the neuron are reported.
        keys : sequence of hashable, optional
            A key per neuron.
        shift : int or array of int, optional
            Noise shift in ``[-16, 19]`` (default -16). Noise is drawn in
            every step when some neuron of the network has a shift other
            than -16 (:mod:`l2s.graph.noise`).

        Returns
        -------
        Population

        Examples
        --------
        >>> net = Network()
        >>> exc = net.add_neurons("exc", 3, threshold=[1, 2, 3], model="LI&F", output=True)
        >>> exc.threshold.tolist(), exc.model.tolist(), exc.leak.tolist(), exc.output.tolist()
        ([1, 2, 3], [1, 1, 1], [3, 3, 3], [True, True, True])
        >>> from l2s.neuron_models import LIF_neuron
        >>> hs = Network(semantics="hs-2024").add_neurons("hs", 2, model=LIF_neuron(4, -16, 1))
        >>> hs.threshold.tolist(), hs.shift.tolist(), hs.leak.tolist()
        ([4, 4], [-16, -16], [1, 1])
        """
        with self._lock:
            name = self._new_name(name)
            size, keys = self._size(n, keys, axons=False)
            check_memory(size, _NEURON_BYTES, f"n of {name!r}")
            if isinstance(model, HsNeuronModel):
                if threshold is not None or leak is not None or shift is not None:
                    raise InvalidValueError(
                        f"model={model!r} of {name!r} gives the threshold, shift and leak; do "
                        "not also pass threshold=, shift= or leak=")
                threshold, shift, leak = model.parameters
                model = model.code
            if threshold is None:
                raise InvalidValueError(f"add_neurons({name!r}) needs threshold= (or model= an "
                                        "LIF_neuron/ANN_neuron)")
            threshold = check_int_array(threshold, f"threshold of {name!r}", THRESHOLD_MIN,
                                        THRESHOLD_MAX, np.int64, size)
            model = self._model_codes(name, model, size)
            if leak is None:
                leak = (0 if self.semantics == HS_2024 and np.all(model == MODEL_ANN)
                        else DEFAULT_LEAK)
            leak = check_int_array(leak, f"leak of {name!r}", 0, LEAK_MAX, np.uint8, size)
            shift = check_int_array(SHIFT_NO_NOISE if shift is None else shift,
                                    f"shift of {name!r}", SHIFT_MIN, SHIFT_MAX, np.int8, size)
            output = check_bool_array(output, f"output of {name!r}", size)
            return self._add(Population(name, NEURONS, size, keys, threshold=threshold,
                                        model=model, leak=leak, output=output, shift=shift))

    def _model_codes(self, name: str, model: Any, size: int) -> np.ndarray:
        """Per-neuron model codes, checked against the network's semantics."""
        if model is None:
            model = "LI&F" if self.semantics == HS_2024 else "I&F"
        codes = self._models(model, name, size)
        if self.semantics == HS_2024 and np.any(codes == MODEL_IF):
            pos = int(np.flatnonzero(codes == MODEL_IF)[0])
            raise InvalidValueError(
                f"model of {name!r}[{pos}] is 'I&F', which the semantics 'hs-2024' does not "
                "have (every neuron leaks, V -= V >> leak); use 'LI&F' or LIF_neuron with a "
                "large leak, or Network(semantics='l2s-2022')")
        return codes

    @staticmethod
    def _models(model: Any, name: str, size: int) -> np.ndarray:
        """Model codes from a name, a :class:`NeuronModel`, a code or one code per neuron."""
        where = f"model of {name!r}"
        rule = ("not a neuron model; allowed: 'I&F', 'LI&F', 'ANN', their codes 0-2, "
                "LIF_neuron/ANN_neuron, or one code per neuron (never a bool or 0-d array)")
        if isinstance(model, (bool, np.bool_)) or (isinstance(model, np.ndarray)
                                                   and model.ndim == 0):
            raise fail(where, model, rule)
        if isinstance(model, (str, NeuronModel, numbers.Integral)):
            try:
                return np.full(size, model_code(model), dtype=np.uint8)
            except InvalidValueError:
                raise fail(where, model, rule) from None
        return check_int_array(model, where, 0, 2, np.uint8, size)

    def population(self, pop: PopulationLike) -> Population:
        """The :class:`Population` named ``pop`` (or ``pop`` itself).

        Examples
        --------
        >>> net = Network()
        >>> exc = net.add_neurons("exc", 2, threshold=0)
        >>> net.population("exc") is exc, net.population(exc) is exc
        (True, True)
        """
        with self._lock:
            if isinstance(pop, Population):
                found = self.graph.nodes[pop.name]["population"] if pop.name in self.graph \
                    else None
                if found is not pop:
                    raise UnknownKeyError(f"{pop!r} is not a population of this network "
                                          "(it belongs to another Network)")
                return pop
            check_str(pop, "population")
            if pop not in self.graph:
                names = list(self.graph.nodes)
                listed = ", ".join(map(repr, names[:10])) + (", ..." if len(names) > 10 else "")
                raise UnknownKeyError(f"no population named {pop!r:.80}; populations: "
                                      f"[{listed}]")
            return self.graph.nodes[pop]["population"]

    @property
    def populations(self) -> List[Population]:
        """All populations in the order they were added.

        Examples
        --------
        >>> net = Network()
        >>> _ = net.add_neurons("exc", 2, threshold=0)
        >>> _ = net.add_axons("in", 1)
        >>> [p.name for p in net.populations]
        ['exc', 'in']
        """
        with self._lock:
            return [data["population"] for _, data in self.graph.nodes(data=True)]

    # -- projections -------------------------------------------------------
    def connect(self, source: PopulationLike, target: PopulationLike, pre: Any = None,
                post: Any = None, weight: Any = None, rule: Optional[str] = None, *,
                fanout: Optional[int] = None, matrix: Any = None, seed: Optional[int] = None,
                autapses: bool = True) -> Projection:
        """Add synapses from ``source`` to ``target`` (a neuron population).

        Parameters
        ----------
        source, target : Population or str
        pre, post : array of int, optional
            Member indices within ``source`` and ``target`` (rule ``'arrays'``,
            the default when they are given).
        weight : int or array of int, default 1
            Signed 16-bit weight(s), one per synapse when an array. Not used
            with ``matrix``, whose entries are the weights.
        rule : str, optional
            One of ``'arrays'``, ``'all_to_all'``, ``'one_to_one'``,
            ``'fixed_fanout'`` (needs ``fanout``; ``seed`` makes it
            reproducible) or ``'matrix'`` (implied by ``matrix=``).
        fanout : int, optional
            Synapses per source member for ``'fixed_fanout'``.
        matrix : array-like or scipy.sparse matrix, optional
            Weights of shape ``(len(source), len(target))``; one synapse per non-zero.
        seed : int, optional
            Random seed for ``'fixed_fanout'``.
        autapses : bool, default True
            Whether ``'fixed_fanout'`` of a population onto itself may connect a
            neuron to itself.

        Returns
        -------
        Projection
            The synapses added (calls on the same pair accumulate).

        Examples
        --------
        >>> net = Network()
        >>> inp = net.add_axons("in", 2)
        >>> exc = net.add_neurons("exc", 3, threshold=0)
        >>> net.connect(inp, exc, pre=[0, 1], post=[2, 2], weight=[5, -5]).post.tolist()
        [2, 2]
        >>> len(net.connect(inp, exc, rule="all_to_all"))
        6
        >>> net.connect("in", "exc", matrix=[[0, 3, 0], [1, 0, 0]]).weight.tolist()
        [3, 1]
        >>> len(net.connect(exc, exc, rule="fixed_fanout", fanout=2, seed=0)), net.n_synapses
        (6, 16)
        """
        with self._lock:
            return self._connect(source, target, pre, post, weight, rule, fanout, matrix,
                                 seed, autapses)

    def _connect(self, source: PopulationLike, target: PopulationLike, pre: Any, post: Any,
                 weight: Any, rule: Any, fanout: Any, matrix: Any, seed: Any,
                 autapses: Any) -> Projection:
        """:meth:`connect` with the lock held: check everything, then add the projection."""
        src, dst = self.population(source), self.population(target)
        autapses = check_flag(autapses, "autapses")
        seed = check_seed(seed)
        if dst.is_axons:
            raise InvalidValueError(f"target {dst.name!r} is an axon population; "
                                    "synapses can only end on neurons")
        if rule is None:
            rule = "matrix" if matrix is not None else "arrays" if pre is not None else None
            if rule is None:
                raise InvalidValueError("connect needs pre/post arrays, matrix=, or a rule "
                                        f"(one of {', '.join(map(repr, RULES))})")
        rule = check_choice(rule, "rule", RULES)
        if rule != "matrix" and matrix is not None:
            raise InvalidValueError(f"matrix= is only used by rule 'matrix', not {rule!r}")
        if rule != "fixed_fanout" and fanout is not None:
            raise InvalidValueError(f"fanout= is only used by rule 'fixed_fanout', not {rule!r}")
        if rule not in ("arrays", "matrix") and (pre is not None or post is not None):
            raise InvalidValueError(f"pre= and post= are only used by rule 'arrays', not {rule!r}")
        if rule == "matrix":
            if weight is not None:
                raise InvalidValueError("weight= cannot be combined with matrix=: "
                                        "the matrix entries are the weights")
            pre, post, weight = connectivity.from_matrix(matrix, src.size, dst.size)
        elif rule == "arrays":
            if pre is None or post is None:
                raise InvalidValueError("rule 'arrays' needs both pre= and post=")
        elif rule == "fixed_fanout":
            if fanout is None:
                raise InvalidValueError("rule 'fixed_fanout' needs fanout=")
            pre, post = connectivity.fixed_fanout(src.size, dst.size, fanout, seed,
                                                  autapses or src is not dst)
        else:
            pre, post = getattr(connectivity, rule)(src.size, dst.size)
        pre = check_index_array(pre, "pre", src.size, f"population {src.name!r}")
        post = check_index_array(post, "post", dst.size, f"population {dst.name!r}")
        if pre.size != post.size:
            raise InvalidValueError(f"pre and post must have the same length, got {pre.size} "
                                    f"and {post.size}")
        weight = check_int_array(1 if weight is None else weight,
                                 f"weight of {src.name!r} -> {dst.name!r}",
                                 WEIGHT_MIN, WEIGHT_MAX, np.int16, pre.size)
        proj = Projection(pre, post, weight)  # the checks return new arrays, never the caller's
        if not self.graph.has_edge(src.name, dst.name):
            self.graph.add_edge(src.name, dst.name, projections=[])
        parts = self.graph.edges[src.name, dst.name]["projections"]
        self.graph.graph["connect_order"].append((src.name, dst.name, len(parts)))
        parts.append(proj)
        return proj

    def projection(self, source: PopulationLike, target: PopulationLike) -> Projection:
        """All synapses from ``source`` to ``target`` as one :class:`Projection`.

        Examples
        --------
        >>> net = Network()
        >>> inp = net.add_axons("in", 2)
        >>> exc = net.add_neurons("exc", 2, threshold=0)
        >>> _ = net.connect(inp, exc, pre=[0], post=[1], weight=4)
        >>> _ = net.connect(inp, exc, rule="one_to_one", weight=2)
        >>> proj = net.projection("in", "exc")
        >>> proj.pre.tolist(), proj.post.tolist(), proj.weight.tolist()
        ([0, 0, 1], [1, 0, 1], [4, 2, 2])
        """
        with self._lock:
            s, t = self.population(source).name, self.population(target).name
            if not self.graph.has_edge(s, t):
                raise UnknownKeyError(f"no synapses from {s!r} to {t!r}")
            return Projection.concatenate(self.graph.edges[s, t]["projections"])

    # -- summaries and lowering --------------------------------------------
    @property
    def n_axons(self) -> int:
        """Total number of axons.

        Examples
        --------
        >>> net = Network()
        >>> _, _ = net.add_axons("a", 2), net.add_axons("b", 3)
        >>> net.n_axons
        5
        """
        with self._lock:
            return sum(p.size for p in self.populations if p.is_axons)

    @property
    def n_neurons(self) -> int:
        """Total number of neurons.

        Examples
        --------
        >>> net = Network()
        >>> _, _ = net.add_axons("a", 2), net.add_neurons("n", 3, threshold=0)
        >>> net.n_neurons
        3
        """
        with self._lock:
            return sum(p.size for p in self.populations if not p.is_axons)

    @property
    def n_synapses(self) -> int:
        """Total number of synapses.

        Examples
        --------
        >>> net = Network()
        >>> n = net.add_neurons("n", 3, threshold=0)
        >>> _ = net.connect(n, n, rule="all_to_all")
        >>> _ = net.connect(n, n, rule="one_to_one")
        >>> net.n_synapses
        12
        """
        with self._lock:
            return sum(len(p) for _, _, d in self.graph.edges(data=True)
                       for p in d["projections"])

    def compile(self) -> CompiledNetwork:
        """Validate and lower the network to flat CSR arrays.

        Returns
        -------
        CompiledNetwork

        Raises
        ------
        L2SError
            If a key is used twice (e.g. both as an axon and a neuron).

        Examples
        --------
        >>> net = Network()
        >>> inp = net.add_axons("in", 1)
        >>> out = net.add_neurons("out", 2, threshold=0, output=True)
        >>> _ = net.connect(inp, out, rule="all_to_all", weight=3)
        >>> c = net.compile()
        >>> c.axon_indices.tolist(), c.axon_weights.tolist(), c.output_indices.tolist()
        ([0, 1], [3, 3], [0, 1])
        """
        with self._lock:
            return compile_graph(self.graph, self.semantics)

    def save(self, path: Any) -> None:
        """Write the network to ``path`` atomically (see :func:`l2s.graph.save_network`).

        Examples
        --------
        >>> import os, tempfile, l2s
        >>> net = l2s.Network()
        >>> _ = net.add_axons("in", 2)
        >>> path = os.path.join(tempfile.mkdtemp(), "net.l2s")
        >>> net.save(path)
        >>> l2s.Network.load(path)
        Network(populations=1, axons=2, neurons=0, synapses=0)
        """
        from .network_file import save_network
        with self._lock:
            save_network(self, path)

    @classmethod
    def load(cls, path: Any) -> "Network":
        """Read a network written by :meth:`save` (see :func:`l2s.graph.load_network`).

        Examples
        --------
        >>> import os, tempfile
        >>> net = Network()
        >>> _ = net.add_neurons("exc", 3, threshold=[1, 2, 3])
        >>> path = os.path.join(tempfile.mkdtemp(), "net.l2s")
        >>> net.save(path)
        >>> Network.load(path).compile().threshold.tolist()
        [1, 2, 3]
        """
        from .network_file import load_network
        return load_network(path)

    def neuron_graph(self) -> nx.DiGraph:
        """One networkx node per axon and neuron (for drawing and analysis).

        See :func:`l2s.graph.neuron_graph`.

        Examples
        --------
        >>> net = Network()
        >>> inp = net.add_axons("in", keys=["x"])
        >>> out = net.add_neurons("out", keys=["y"], threshold=0)
        >>> _ = net.connect(inp, out, pre=[0, 0], post=[0, 0], weight=[2, 3])
        >>> list(net.neuron_graph().edges(data=True))
        [('x', 'y', {'weight': 5, 'multiplicity': 2})]
        """
        return neuron_graph(self.compile())

    @property
    def lock(self) -> threading.RLock:
        """The re-entrant lock every building and reading method holds.

        Hold it to make several calls one atomic step for other threads.

        Examples
        --------
        >>> net = Network()
        >>> with net.lock:
        ...     a = net.add_axons("a", 1)
        ...     n = net.add_neurons("n", 1, threshold=0)
        ...     _ = net.connect(a, n, pre=[0], post=[0])
        >>> net.n_synapses
        1
        """
        return self._lock

    def __repr__(self) -> str:
        with self._lock:
            semantics = "" if self.semantics == L2S_2022 else f", semantics={self.semantics!r}"
            return (f"Network(populations={len(self.graph)}, axons={self.n_axons}, "
                    f"neurons={self.n_neurons}, synapses={self.n_synapses}{semantics})")

    def _repr_html_(self) -> str:
        from .display import network_html
        return network_html(self)
