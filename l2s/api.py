"""The original L2S interface, ``CRI_network``, on top of the L2S pipeline.

Scripts written for the original library run unchanged::

    from l2s.api import CRI_network
    net = CRI_network(axons=axons, connections=connections, config=config, outputs=outputs)
    spikes = net.step(['alpha', 'beta'])
    potentials, spikes = net.step(['alpha'], membranePotential=True)

This module only translates keys to indices and calls the pipeline
(:func:`l2s.from_l2s` -> :meth:`l2s.Network.compile` -> an :class:`l2s.Target`
such as :class:`l2s.Simulator`); it holds no semantics of its own.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Hashable, List, Mapping, Optional, Sequence, Tuple, Union

import numpy as np

from ._validation import check_int
from ._facade_targets import SIMULATOR_TARGETS, make_target
from .errors import InvalidTypeError, InvalidValueError, TargetUnavailableError, UnknownKeyError
from .graph.compiled import AXON_SOURCE, NEURON_SOURCE
from .graph.l2s_dicts import from_l2s
from .graph.models import WEIGHT_MAX, WEIGHT_MIN
from .hw import CommandRecorder

__all__ = ["CRI_network", "SIMULATOR_TARGETS"]

Key = Hashable
Potentials = List[Tuple[Key, int]]


def _key_list(values: Any, name: str) -> list:
    if isinstance(values, (str, bytes, Mapping)) or not isinstance(values, Iterable):
        raise InvalidTypeError(f"{name} must be a list of keys, got {values!r}")
    return list(values)


class CRI_network:  # noqa: N801 -- the original public name
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
    """

    def __init__(self, axons: Mapping, connections: Mapping, config: Mapping,
                 outputs: Sequence[Key], target: Optional[str] = None, simDump: bool = False,
                 coreID: int = 0) -> None:
        self.compiled = from_l2s(axons, connections, config, outputs).compile()
        self.target = target
        self.simDump = bool(simDump)
        self.coreID = check_int(coreID, "coreID", 0, None)
        self._backend = make_target(self.compiled, target, self.simDump, self.coreID)
        self._neuron_keys = list(self.compiled.neuron_keys)

    # -- running -------------------------------------------------------------
    def _axon_indices(self, inputs: Any, name: str = "inputs") -> np.ndarray:
        return self.compiled.axon_keys.indices(_key_list(inputs, name))

    def _potentials(self) -> Potentials:
        return list(zip(self._neuron_keys, self._backend.potentials.tolist()))

    def step(self, inputs: Sequence[Key], membranePotential: bool = False
             ) -> Union[List[Key], Tuple[Potentials, List[Key]]]:
        """Run one time step.

        Parameters
        ----------
        inputs : list
            Keys of the axons active in this step (a key listed twice
            delivers twice).
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
        """
        fired = self._backend.step(self._axon_indices(inputs))
        spikes = [self._neuron_keys[i] for i in fired.tolist()]
        if membranePotential:
            return self._potentials(), spikes
        return spikes

    def run_cont(self, inputs: Sequence[Sequence[Key]]) -> List[Tuple[int, Key]]:
        """Run one step per entry of ``inputs`` in a single call.

        Returns
        -------
        list of (int, key)
            ``(step, neuron_key)`` for every output spike, ``step`` counted
            from 0 at the first entry of ``inputs``.
        """
        per_step = [self._axon_indices(step, f"inputs[{i}]")
                    for i, step in enumerate(_key_list(inputs, "inputs"))]
        record = self._backend.run(len(per_step), inputs=per_step)
        return [(t - record.start, self._neuron_keys[n])
                for t, n in zip(record.times.tolist(), record.neurons.tolist())]

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

    def read_synapse(self, preKey: Key, postKey: Key) -> int:
        """Weight of the synapse ``preKey -> postKey`` (pre may be an axon)."""
        source, positions = self._synapse(preKey, postKey)
        return self._backend.read_weight(source, positions[0])

    def write_synapse(self, preKey: Key, postKey: Key, weight: int) -> None:
        """Set the weight of the existing synapse ``preKey -> postKey``.

        When the pair is connected more than once, every copy gets the weight.
        """
        self.write_listofSynapses([preKey], [postKey], [weight])

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
