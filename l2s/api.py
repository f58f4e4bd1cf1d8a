"""The original L2S interface, ``CRI_network``, on top of the L2S pipeline.

Scripts written for the original library run unchanged::

    from l2s.api import CRI_network
    net = CRI_network(axons=axons, connections=connections, config=config, outputs=outputs)
    spikes = net.step(['alpha', 'beta'])
    potentials, spikes = net.step(['alpha'], membranePotential=True)

Scripts written for hs_api (the successor library) run with only their
imports changed (``from l2s.api import *``, ``from l2s.neuron_models import
LIF_neuron, ANN_neuron``): connections ``{key: (synapses, model)}`` select
the ``hs-2024`` semantics, and such networks answer in hs_api's formats
(``docs/migrating-from-hs_api.md``).

This module only translates keys to indices and calls the pipeline
(:func:`l2s.from_l2s` -> :meth:`l2s.Network.compile` -> an :class:`l2s.Target`
such as :class:`l2s.Simulator`); it holds no semantics of its own.
"""
from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Mapping as MappingABC
from collections.abc import Sequence as SequenceABC
from typing import Any, Dict, Hashable, Iterator, List, Mapping, Optional, Sequence, Tuple, Union

import numpy as np

from ._facade_targets import HARDWARE_TARGETS, SIMULATOR_TARGETS, make_target
from ._locking import Locked, locked
from ._validation import check_int
from .errors import (InvalidTypeError, InvalidValueError, TargetUnavailableError, UnknownKeyError,
                     perturbMagError)
from .graph.compiled import AXON_SOURCE, NEURON_SOURCE
from .graph.hash_table import IdentityIndex
from .graph.l2s_dicts import from_l2s
from .graph.models import HS_2024, SHIFT_NO_NOISE, WEIGHT_MAX, WEIGHT_MIN
from .graph.noise import SEED_MAX, new_seed
from .hw import CommandRecorder, Emulator
from .hw.cycles import StepCost

__all__ = ["CRI_network", "PotentialList", "perturbMagError", "SIMULATOR_TARGETS"]

Key = Hashable


class PotentialList(SequenceABC):
    """The ``(key, V)`` list of ``step(..., membranePotential=True)``, built only when read.

    A read-only sequence that compares equal to, iterates, indexes, slices,
    counts and prints exactly as the list of tuples the original library
    returned; a slice or ``list(...)`` gives that real list. Making the
    100,000 tuples of a large network is left to the code that reads them.

    Parameters
    ----------
    keys : list
        Neuron keys, in ``connections`` order (not copied: never changed).
    values : numpy.ndarray
        Their potentials (int64; the sequence keeps this array).

    Examples
    --------
    >>> import numpy as np
    >>> pots = PotentialList(['a', 'b'], np.array([3, -1]))
    >>> pots
    [('a', 3), ('b', -1)]
    >>> pots == [('a', 3), ('b', -1)], pots[1], pots[-1:], len(pots)
    (True, ('b', -1), [('b', -1)], 2)
    """

    __slots__ = ("_keys", "_values")
    __hash__ = None  # type: ignore[assignment]  # unhashable, as a list

    def __init__(self, keys: List[Key], values: np.ndarray) -> None:
        self._keys = keys
        self._values = values

    def __len__(self) -> int:
        return len(self._keys)

    def __getitem__(self, index: Union[int, slice]) -> Any:  # type: ignore[override]
        if isinstance(index, slice):
            return list(zip(self._keys[index], self._values[index].tolist()))
        return self._keys[index], int(self._values[index])

    def __iter__(self) -> Iterator[Tuple[Key, int]]:
        return zip(self._keys, self._values.tolist())

    def _list(self) -> List[Tuple[Key, int]]:
        return list(self)

    def __eq__(self, other: Any) -> bool:
        if isinstance(other, PotentialList):
            other = other._list()
        return self._list() == other if isinstance(other, list) else NotImplemented

    def __ne__(self, other: Any) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    def __add__(self, other: Any) -> List[Tuple[Key, int]]:
        return self._list() + other

    def __radd__(self, other: Any) -> List[Tuple[Key, int]]:
        return other + self._list()

    def __repr__(self) -> str:
        return repr(self._list())


def _check_perturb_mag(perturbMag: Any) -> Optional[int]:  # noqa: N803 -- hs_api's name
    """hs_api's check: None (no noise) or an int in [0, 35]; returns the noise shift."""
    lo, hi = perturbMagError.LIMITS
    if perturbMag is None:
        return None
    if isinstance(perturbMag, bool) or not isinstance(perturbMag, (int, np.integer)) \
            or not lo <= perturbMag <= hi:
        raise perturbMagError(perturbMag)
    return int(perturbMag) + SHIFT_NO_NOISE


class _SimpleSim:
    """hs_api's ``net.simpleSim`` handle: ``initialize_sim_vars(n)`` restarts from rest."""

    def __init__(self, network: "CRI_network") -> None:
        self._network = network

    def initialize_sim_vars(self, numNeurons: int) -> None:  # noqa: N803 -- hs_api's name
        """Set every potential to 0 (hs_api's reset spelling); ``numNeurons`` is checked.

        Examples
        --------
        >>> from l2s.examples import docs_example
        >>> net = CRI_network(**docs_example())
        >>> _ = net.step(['alpha'])
        >>> net.simpleSim.initialize_sim_vars(4)
        >>> net.step([], membranePotential=True)[0][0]
        ('a', 0)
        """
        n = self._network.compiled.n_neurons
        check_int(numNeurons, "numNeurons", n, n)
        self._network.reset()

    def set_perturbMag(self, perturbMag: int) -> None:  # noqa: N802,N803 -- hs_api's names
        """Same as :meth:`CRI_network.set_perturbMag`.

        Examples
        --------
        >>> from l2s.examples import docs_example
        >>> net = CRI_network(**docs_example())
        >>> net.simpleSim.set_perturbMag(0)
        >>> net.perturbMag
        0
        """
        self._network.set_perturbMag(perturbMag)


def _object_array(keys: List[Key]) -> np.ndarray:
    """``keys`` in a 1-D object array (tuple keys stay whole entries)."""
    out = np.empty(len(keys), dtype=object)
    if all(isinstance(k, (str, int)) for k in keys):
        out[:] = keys
    else:
        for i, key in enumerate(keys):
            out[i] = key
    return out


def _key_list(values: Any, name: str) -> Union[list, tuple]:
    """``values`` as a list or tuple of keys (read only; a list or tuple is not copied)."""
    if isinstance(values, (list, tuple)):  # the common forms need no further test
        return values
    if isinstance(values, (str, bytes, MappingABC)) or not isinstance(values, Iterable):
        raise InvalidTypeError(f"{name} must be a list of keys, got {values!r}")
    return list(values)


class CRI_network(Locked):  # noqa: N801 -- the original public name
    """A network defined by the original L2S dictionaries, run step by step.

    Parameters
    ----------
    axons : dict
        ``{axon_key: [(neuron_key, weight), ...]}``: the inputs.
    connections : dict
        ``{neuron_key: [(neuron_key, weight), ...]}``: every neuron and its synapses.
    config : dict
        ``{'neuron_type': 'I&F' | 'LI&F' | 'ANN', 'global_neuron_params':
        {'v_thr': int, 'leak': int (optional, default 3)}}``.
    outputs : list
        Keys of the neurons whose spikes ``step`` returns.
    target : str, optional
        ``None``, ``'simpleSim'`` or ``'simulator'`` run on the local
        simulator. ``'emulator'`` builds the hardware image and runs it on the
        word-level :class:`l2s.hw.Emulator`. ``'CRI'`` (the hardware) needs
        the hardware bridge, ``hs_bridge``.
    simDump : bool, default False
        With ``target='CRI'``: record the command stream instead of sending it
        (results then come from the emulator); ``sim_flush`` writes it.
    coreID : int, default 0
        Hardware core (0-31) the network is placed on when it fits one core
        (hardware targets); larger networks are partitioned over the FPGA.
    perturbMag : int, optional
        hs_api's noise magnitude, an int in [0, 35]: every neuron's noise
        shift becomes ``perturbMag - 16`` (0: shift -16, no noise). Default:
        the models' shifts (no noise for plain lists). Else
        :class:`perturbMagError`.
    leak : int, optional
        Leak of every neuron, [0, 63] (overrides the models and the config).
    semantics : {'l2s-2022', 'hs-2024'}, optional
        Default: ``'hs-2024'`` when ``connections`` use hs_api's
        ``(synapse_list, model)`` form, else ``'l2s-2022'``.
    seed : int, optional
        Seed of the noise, [0, 2**63); default a fresh one (kept in
        :attr:`seed`).

    Examples
    --------
    >>> axons = {'alpha': [('a', 3)], 'beta': [('d', 3)]}
    >>> connections = {'a': [('b', 1)], 'b': [], 'c': [], 'd': [('c', 1)]}
    >>> config = {'neuron_type': 'I&F', 'global_neuron_params': {'v_thr': 4}}
    >>> net = CRI_network(axons=axons, connections=connections, config=config, outputs=['a', 'b'])
    >>> net.step(['alpha', 'beta'])
    []
    >>> net.step(['alpha'], membranePotential=True)
    ([('a', 6), ('b', 0), ('c', 0), ('d', 3)], [])
    >>> net.step([])
    ['a']

    hs_api's form, on the emulator (answers ``(spikes, latency, hbmAcc)``):

    >>> from l2s.neuron_models import LIF_neuron
    >>> lif = LIF_neuron(threshold=3, shift=-16, leak=0)
    >>> hs = CRI_network({'alpha': [('a', 3)]}, {'a': ([('b', 1)], lif), 'b': ([], lif)},
    ...                  config, outputs=['a', 'b'], target='emulator')
    >>> hs.compiled.semantics, hs.step(['alpha', 'alpha'])[0], hs.step([])[0]
    ('hs-2024', [], ['a'])
    """

    def __init__(self, axons: Mapping, connections: Mapping, config: Mapping,
                 outputs: Sequence[Key], target: Optional[str] = None, simDump: bool = False,
                 coreID: int = 0, perturbMag: Optional[int] = None, leak: Optional[int] = None,
                 semantics: Optional[str] = None, seed: Optional[int] = None) -> None:
        super().__init__()
        self._args = (axons, connections, config, outputs, semantics, leak)
        shift = _check_perturb_mag(perturbMag)
        self.perturbMag = perturbMag
        self.target = target
        self.simDump = bool(simDump)
        self.coreID = check_int(coreID, "coreID", 0, None)
        #: Seed of the noise on every target (see :mod:`l2s.graph.noise`).
        self.seed = new_seed() if seed is None else check_int(seed, "seed", 0, SEED_MAX)
        #: hs_api's ``simpleSim`` handle (``initialize_sim_vars``, ``set_perturbMag``).
        self.simpleSim = _SimpleSim(self)
        self._written: Dict[Tuple[str, int], int] = {}  # (source, position) -> weight
        self._build(shift)

    def _build(self, shift: Optional[int]) -> None:
        """Compile the dicts with noise ``shift`` and make the target; replay synapse writes."""
        axons, connections, config, outputs, semantics, leak = self._args
        self.compiled = from_l2s(axons, connections, config, outputs, semantics, shift,
                                 leak).compile()
        self._backend = make_target(self.compiled, self.target, self.simDump, self.coreID,
                                    self.seed)
        self._neuron_keys = list(self.compiled.neuron_keys)
        self._key_array = _object_array(self._neuron_keys)
        self._axon_index = {key: i for i, key in enumerate(self.compiled.axon_keys)}
        self._axon_identity = IdentityIndex(self._axon_index)
        self._hs_formats = (self.compiled.semantics == HS_2024
                            and self.target in HARDWARE_TARGETS)
        for (source, position), w in self._written.items():
            self._backend.write_weight(source, position, w)

    @locked
    def set_perturbMag(self, perturbMag: int) -> None:  # noqa: N802,N803 -- hs_api's names
        """Set every neuron's noise shift to ``perturbMag - 16`` (hs_api's ``set_perturbMag``).

        The network is rebuilt with the new shift: potentials and the step
        counter restart at 0; synapse weights written so far are kept.

        Raises
        ------
        perturbMagError
            Unless ``perturbMag`` is an int in [0, 35].

        Examples
        --------
        >>> from l2s.examples import docs_example
        >>> net = CRI_network(**docs_example(), seed=1)
        >>> net.set_perturbMag(16)
        >>> net.compiled.shift.tolist(), net.compiled.noise
        ([0, 0, 0, 0], True)
        >>> net.set_perturbMag(36)
        Traceback (most recent call last):
        ...
        l2s.errors.perturbMagError: bad perturbMag: perturbMag = 36 must be an int in [0, 35] ...
        """
        shift = _check_perturb_mag(perturbMag)
        self.perturbMag = perturbMag
        self._build(shift)

    @locked
    def reset(self) -> None:
        """Set every potential and the step counter to 0 (synapse weights are kept).

        Examples
        --------
        >>> from l2s.examples import docs_example
        >>> net = CRI_network(**docs_example())
        >>> _ = net.step(['alpha'])
        >>> net.reset()
        >>> net.step([], membranePotential=True)
        ([('a', 0), ('b', 0), ('c', 0), ('d', 0)], [])
        """
        self._backend.reset()

    def _cost(self) -> StepCost:
        backend = self._backend
        emulator = backend.emulator if isinstance(backend, CommandRecorder) else backend
        assert isinstance(emulator, Emulator)
        return emulator.cost

    # -- running -------------------------------------------------------------
    def _axon_indices(self, inputs: Any, name: str = "inputs") -> np.ndarray:
        """Axon index of every key of ``inputs``: found by identity, else by equality.

        Between two steps the kernel evicts the dict and key objects from
        the caches; a key object's address needs neither (see
        :mod:`l2s.graph.hash_table`), so the dict is asked only for keys
        that are equal to an axon key without being that object.
        """
        keys = _key_list(inputs, name)
        found = self._axon_identity.positions(keys)
        if not found.size or found.min() >= 0:  # every key is an axon key object
            return found
        missing = np.flatnonzero(found < 0).tolist()
        try:
            found[missing] = [self._axon_index[keys[i]] for i in missing]
        except (KeyError, TypeError):  # the key map names the bad key
            return self.compiled.axon_keys.indices(keys)
        return found

    def _potentials(self) -> PotentialList:
        return PotentialList(self._neuron_keys, self._backend.potentials)

    @locked
    def step(self, inputs: Sequence[Key], target: Any = None, membranePotential: bool = False
             ) -> Any:
        """Run one time step.

        Parameters
        ----------
        inputs : list
            Keys of the axons active in this step (a key listed twice
            delivers twice under ``l2s-2022``, once under ``hs-2024``).
        target : str, optional
            hs_api's argument, accepted and not used: the network runs on
            the target it was built for. A bool here is taken as
            ``membranePotential`` (the original ``step(inputs, True)``).
        membranePotential : bool, default False
            Also return every neuron's potential after the step.

        Returns
        -------
        spikes : list
            Keys of the output neurons that fired in this step, in
            ``connections`` order.
        (potentials, spikes) : tuple
            With ``membranePotential=True``: ``potentials`` lists ``(key, V)``
            for every neuron in ``connections`` order.
        (spikes, latency, hbmAcc) : tuple
            hs_api's hardware answer, instead of ``spikes``, for an
            ``hs-2024`` network on ``'emulator'`` or ``'CRI'``:
            ``latency`` is the modelled cycle count
            (:mod:`l2s.hw.cycles`), ``hbmAcc`` the HBM rows read. With
            ``membranePotential=True``: ``(potentials, (spikes, latency,
            hbmAcc))``.

        Examples
        --------
        >>> from l2s.examples import docs_example
        >>> net = CRI_network(**docs_example())
        >>> net.step(['alpha'], 'simpleSim', True)
        ([('a', 3), ('b', 0), ('c', 0), ('d', 0)], [])
        """
        if isinstance(target, (bool, np.bool_)):
            membranePotential = bool(target)
        fired = self._backend.step(self._axon_indices(inputs))
        spikes: Any = self._key_array[fired].tolist()
        if self._hs_formats:
            cost = self._cost()
            spikes = (spikes, cost.latency, cost.hbm_rows)
        if membranePotential:
            return self._potentials(), spikes
        return spikes

    @locked
    def run_cont(self, inputs: Sequence[Sequence[Key]]) -> Any:
        """Run one step per entry of ``inputs`` in a single call.

        Returns
        -------
        list of (int, key)
            ``(step, neuron_key)`` for every output spike, ``step`` counted
            from 0 at the first entry of ``inputs``.
        (spikes, latency, hbmAcc) : tuple
            hs_api's hardware answer for an ``hs-2024`` network on
            ``'emulator'`` or ``'CRI'``: the list above, the modelled cycles
            and the HBM rows read, summed over the steps.

        Examples
        --------
        >>> from l2s.examples import docs_example
        >>> CRI_network(**docs_example()).run_cont([['alpha'], ['alpha'], []])
        [(2, 'a')]
        """
        per_step = [self._axon_indices(step, f"inputs[{i}]")
                    for i, step in enumerate(_key_list(inputs, "inputs"))]
        record = self._backend.run(len(per_step), inputs=per_step)
        spikes = [(t - record.start, self._neuron_keys[n])
                  for t, n in zip(record.times.tolist(), record.neurons.tolist())]
        if self._hs_formats:
            cost = self._cost()
            return spikes, cost.latency, cost.hbm_rows
        return spikes

    # -- synapses ------------------------------------------------------------
    def _synapse(self, preKey: Key, postKey: Key) -> Tuple[str, np.ndarray]:
        c = self.compiled
        pre = c.axon_keys.find(preKey)
        source = AXON_SOURCE
        if pre is None:
            pre, source = c.neuron_keys.find(preKey), NEURON_SOURCE
        if pre is None:
            raise UnknownKeyError(f"presynaptic key {preKey!r} is neither an axon nor a neuron")
        post = c.neuron_keys.find(postKey)
        if post is None:
            raise UnknownKeyError(f"postsynaptic key {postKey!r} is not a neuron")
        positions = c.find_synapses(source, pre, post)
        if not positions.size:
            raise UnknownKeyError(f"there is no synapse {preKey!r} -> {postKey!r}; only existing "
                                  "synapses can be read or written")
        return source, positions

    @locked
    def read_synapse(self, preKey: Key, postKey: Key) -> int:
        """Weight of the synapse ``preKey -> postKey`` (pre may be an axon)."""
        source, positions = self._synapse(preKey, postKey)
        return self._backend.read_weight(source, positions[0])

    @locked
    def write_synapse(self, preKey: Key, postKey: Key, weight: int) -> None:
        """Set the weight of the existing synapse ``preKey -> postKey``.

        When the pair is connected more than once, every copy gets the weight.
        """
        self.write_listofSynapses([preKey], [postKey], [weight])

    @locked
    def write_listofSynapses(self, preKeys: Sequence[Key], postKeys: Sequence[Key],
                             weights: Sequence[int]) -> None:
        """Set several synapse weights; all are checked before any is written."""
        pres, posts = _key_list(preKeys, "preKeys"), _key_list(postKeys, "postKeys")
        ws = _key_list(weights, "weights")
        if not len(pres) == len(posts) == len(ws):
            raise InvalidValueError(f"preKeys, postKeys and weights must have equal lengths, got "
                                    f"{len(pres)}, {len(posts)} and {len(ws)}")
        writes = [(*self._synapse(pre, post),
                   check_int(w, f"weight of synapse {pre!r} -> {post!r}", WEIGHT_MIN, WEIGHT_MAX))
                  for pre, post, w in zip(pres, posts, ws)]
        for source, positions, w in writes:
            self._backend.write_weight(source, positions, w)
        self._written.update({(source, int(p)): w for source, positions, w in writes
                              for p in positions.tolist()})

    @locked
    def sim_flush(self, file: str) -> str:
        """Write the recorded hardware command stream to ``file`` (``target='CRI', simDump=True``).

        One 512-byte packet per line, in hex (``docs/hardware-image.md``);
        returns the text written, as the original library did.
        """
        if not isinstance(self._backend, CommandRecorder):
            raise TargetUnavailableError(
                f"sim_flush({file!r}) writes the command stream recorded with target='CRI' and "
                f"simDump=True; this network runs on target {self.target!r}, which records none")
        return self._backend.flush(file)

    def __repr__(self) -> str:
        c = self.compiled
        return (f"CRI_network(target={self.target!r}, axons={c.n_axons}, neurons={c.n_neurons}, "
                f"synapses={c.n_synapses}, outputs={int(c.output.sum())})")

    def _repr_html_(self) -> str:
        from . import _html
        from .graph.display import compiled_html
        outputs = [self._neuron_keys[i] for i in self.compiled.output_indices.tolist()]
        facts = _html.fields({"target": self.target or "simulator (default)",
                              "outputs": ", ".join(map(repr, outputs))})
        return _html.block("CRI_network", facts, compiled_html(self.compiled))
