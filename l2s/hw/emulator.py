"""A word-level emulator: runs a hardware image by decoding its words, on every core."""
from __future__ import annotations

from dataclasses import replace
from typing import Any, List, Optional, Tuple

import numpy as np

from .._locking import Locked, locked
from .._validation import check_index_array, check_instance, check_int
from ..errors import InvalidValueError
from ..graph.compiled import CompiledNetwork
from ..graph.models import MODEL_ANN, MODEL_LIF, WEIGHT_MAX, WEIGHT_MIN, fires, leaked, reaches
from ..graph.noise import SEED_MAX, new_seed, perturbations
from ..inputs import input_csr
from ..machine.geometry import SYN_BASE, WORDS_PER_ROW
from ..machine.words import (MAX_SLOTS, OP_INTER_CORE, OP_INTER_FPGA, OP_SPIKE_OUT, OP_SYNAPSE,
                             decode_params, decode_route, decode_spike_out, decode_synapse,
                             encode_synapse, opcode, row_in_group, synapse_target)
from ..record import SpikeRecord
from ..target import check_position, check_positions
from .cycles import StepCost, step_cost
from .image import AXON, NEURON, HardwareImage, check_image, concat_ranges, image_argument
from .locate import WordAddress, locate_synapse

__all__ = ["Emulator"]


class Emulator(Locked):
    """Executes a :class:`HardwareImage` word by word, exactly as the cores would.

    Each step, on every core: noise where the parameter words enable it
    (:func:`l2s.graph.noise.perturbations` of ``seed``, the step and the
    neuron's compiled index, shifted by the word's noise shift); phase one
    over the URAM (compare mode 0, ``l2s-2022``: a neuron whose potential
    exceeds the threshold of its parameter word fires and resets to 0, else
    ``I&F`` keeps, ``LI&F`` does ``V - (V >> leak)``, ``ANN`` clears;
    compare mode 1, ``hs-2024``: ``V >= threshold`` fires and resets, then
    every neuron leaks, and each active input axon counts once); then the pointers of the active axon slots and of the fired
    neurons are read, their rows fetched and every word executed by opcode:
    a local synapse adds its weight to the neuron in its slot's column and
    its row, a route word activates a relay axon on another core in the same
    step (whose rows are executed in turn), a spike-out word reports its
    neuron to the host. Nothing but the image's words and host tables is
    used to run: the compiled network is never consulted.

    Safe to share between threads: every method holds :attr:`lock`, so
    concurrent calls run one at a time, as in some serial order.

    An :class:`l2s.Target`, like :class:`l2s.Simulator`. The image does not
    say in which order the compiled CSR arrays list the synapses (its words
    are grouped by core, row group and column), so naming a synapse by its
    CSR position (:meth:`read_weight`, :meth:`write_weight`,
    :meth:`address`) needs ``compiled``: the position becomes ``(pre,
    post, copy)``, whose word is then found by decoding the image
    (:meth:`locate`), as the host does on the hardware.
    :meth:`read_synapse` and :meth:`write_synapse` name it by ``(pre, post,
    copy)`` directly and work without ``compiled``.

    Potentials are int64 and never wrap (the simulator reports values
    outside the hardware's 35-bit range). The emulator loads its own copy of
    the synapse rows; :meth:`write_weight` and :meth:`write_synapse` change
    that copy (see :attr:`image`).

    Parameters
    ----------
    image : HardwareImage
        Checked first (:func:`l2s.hw.image.check_image`); then trusted.
    compiled : CompiledNetwork, optional
        The network ``image`` was built from; needed only to name synapses
        by compiled CSR position.
    seed : int, optional
        Seed of the noise, in ``[0, 2**63)``; by default a fresh one (kept
        in :attr:`seed`). The same seed gives the simulator's draws.

    Raises
    ------
    ImageFormatError
        If the image's tables, pointers or words are inconsistent.
    InvalidValueError
        When ``compiled`` has other neuron or axon counts than ``image``.

    Examples
    --------
    >>> import l2s
    >>> from l2s.hw import build_image_at
    >>> from l2s.partition import HardwareSpec
    >>> net = l2s.Network()
    >>> inp = net.add_axons("in", 1)
    >>> out = net.add_neurons("out", 1, threshold=2, output=True)
    >>> _ = net.connect(inp, out, pre=[0], post=[0], weight=3)
    >>> compiled = net.compile()
    >>> image = build_image_at(compiled, HardwareSpec(cores_per_fpga=1), [0], [0])
    >>> emu = Emulator(image, compiled=compiled)
    >>> rec = emu.run(3, inputs=[[0], [], []])
    >>> rec.times.tolist(), rec.neurons.tolist()
    ([1], [0])
    >>> isinstance(emu, l2s.Target), emu.read_weight("axon", 0)
    (True, 3)
    """

    def __init__(self, image: HardwareImage, *, compiled: Optional[CompiledNetwork] = None,
                 seed: Optional[int] = None) -> None:
        super().__init__()
        check_image(image_argument(image))
        if compiled is not None:
            check_instance(compiled, "compiled", CompiledNetwork, "from Network.compile()")
        if compiled is not None and (compiled.n_neurons, compiled.n_axons) != (
                image.n_neurons, image.n_axons):
            raise InvalidValueError(
                f"compiled has {compiled.n_neurons} neurons and {compiled.n_axons} axons, but "
                f"the image {image.n_neurons} and {image.n_axons}; pass the network the image "
                "was built from")
        self.compiled = compiled
        self._source = image
        self._rows = image.synapse_rows.copy()
        self._cpf = image.spec.cores_per_fpga
        self._axon_first, self._axon_rows = image.owner_rows(AXON)
        self._neuron_first, self._neuron_rows = image.owner_rows(NEURON)
        threshold, model, leak, shift, noise, hs = decode_params(image.neuron_params,
                                                                 extended=True)
        self._threshold = threshold
        self._leak = leak.astype(np.int64)
        self._lif = model == MODEL_LIF
        self._ann = model == MODEL_ANN
        self._hs = hs
        self._distinct_inputs = bool(hs.any())
        #: Seed of the noise (see :mod:`l2s.graph.noise`).
        self.seed = new_seed() if seed is None else check_int(seed, "seed", 0, SEED_MAX)
        self._input_owner = image.axon_indptr[image.input_core] + image.input_slot
        self._slot_of = image.neuron_indptr[image.neuron_core] + image.neuron_local
        self._neuron_of = np.full(image.neuron_indptr[-1], -1, dtype=np.int64)
        self._neuron_of[self._slot_of] = np.arange(image.n_neurons)
        self._v = np.zeros(image.neuron_indptr[-1], dtype=np.int64)
        self._t = 0
        noisy = np.flatnonzero(noise[self._slot_of])
        self._noisy = (noisy, self._slot_of[noisy], shift[self._slot_of[noisy]].astype(np.int64))
        self._slots_per_core = np.diff(image.neuron_indptr)
        self._rows_read = np.zeros(image.n_cores, dtype=np.int64)
        self._cost = StepCost(0, 0)

    # -- state -------------------------------------------------------------
    @property
    @locked
    def image(self) -> HardwareImage:
        """The image with the emulator's current synapse rows (after synapse writes).

        Examples
        --------
        >>> from l2s.examples import docs_example
        >>> from l2s import from_l2s
        >>> from l2s.hw import build_image_at
        >>> from l2s.partition import HardwareSpec
        >>> compiled = from_l2s(**docs_example()).compile()
        >>> emu = Emulator(build_image_at(compiled, HardwareSpec(), [0] * 4, range(4)))
        >>> before = emu.image.synapse_rows
        >>> _ = emu.write_synapse("axon", 0, 0, 7)
        >>> bool((emu.image.synapse_rows == before).all())
        False
        """
        return replace(self._source, synapse_rows=self._rows.copy())

    @property
    @locked
    def potentials(self) -> np.ndarray:
        """Potential of every compiled neuron after the last step (int64 copy).

        Examples
        --------
        >>> from l2s.examples import docs_example
        >>> from l2s import from_l2s
        >>> from l2s.hw import build_image_at
        >>> from l2s.partition import HardwareSpec
        >>> compiled = from_l2s(**docs_example()).compile()
        >>> emu = Emulator(build_image_at(compiled, HardwareSpec(), [0] * 4, range(4)))
        >>> _ = emu.step([0, 1])
        >>> emu.potentials.tolist()
        [3, 0, 0, 3]
        """
        return self._v[self._slot_of]

    @property
    @locked
    def cost(self) -> StepCost:
        """HBM rows read and modelled cycles of the last :meth:`step` or :meth:`run`.

        Summed over the steps of a run; see :mod:`l2s.hw.cycles` for the
        model. ``hbm_rows`` counts the pointer rows and synapse rows the
        emulator really read (hs_api's ``hbmAcc``).

        Examples
        --------
        >>> from l2s.examples import docs_example
        >>> from l2s import from_l2s
        >>> from l2s.hw import build_image_at
        >>> from l2s.partition import HardwareSpec
        >>> compiled = from_l2s(**docs_example()).compile()
        >>> emu = Emulator(build_image_at(compiled, HardwareSpec(), [0] * 4, range(4)))
        >>> _ = emu.step([0, 1])  # one row of axon pointers, a row group (2 rows) per axon
        >>> emu.cost.hbm_rows
        5
        """
        return self._cost

    @property
    @locked
    def t(self) -> int:
        """Number of steps run since construction or the last :meth:`reset`.

        Examples
        --------
        >>> from l2s.examples import docs_example
        >>> from l2s import from_l2s
        >>> from l2s.hw import build_image_at
        >>> from l2s.partition import HardwareSpec
        >>> compiled = from_l2s(**docs_example()).compile()
        >>> emu = Emulator(build_image_at(compiled, HardwareSpec(), [0] * 4, range(4)))
        >>> _ = emu.run(3)
        >>> emu.t
        3
        """
        return self._t

    @locked
    def reset(self) -> None:
        """Clear every potential and the step counter (synapse writes are kept).

        Examples
        --------
        >>> from l2s.examples import docs_example
        >>> from l2s import from_l2s
        >>> from l2s.hw import build_image_at
        >>> from l2s.partition import HardwareSpec
        >>> compiled = from_l2s(**docs_example()).compile()
        >>> emu = Emulator(build_image_at(compiled, HardwareSpec(), [0] * 4, range(4)))
        >>> _ = emu.step([0])
        >>> emu.reset()
        >>> emu.t, emu.potentials.tolist()
        (0, [0, 0, 0, 0])
        """
        self._v[:] = 0
        self._t = 0
        self._cost = StepCost(0, 0)

    # -- execution ---------------------------------------------------------
    @locked
    def step(self, axons: Any = ()) -> np.ndarray:
        """Run one step with the given active input axons (compiled indices; repeats count).

        Returns
        -------
        numpy.ndarray (int32)
            Compiled indices of the neurons whose spike-out words fired, ascending.

        Examples
        --------
        >>> from l2s.examples import docs_example
        >>> from l2s import from_l2s
        >>> from l2s.hw import build_image_at
        >>> from l2s.partition import HardwareSpec
        >>> compiled = from_l2s(**docs_example()).compile()
        >>> emu = Emulator(build_image_at(compiled, HardwareSpec(), [0] * 4, range(4)))
        >>> emu.step([0, 1]).tolist(), emu.step([0]).tolist(), emu.step([]).tolist()
        ([], [], [0])
        """
        axons = check_index_array(axons, "axons", self._source.n_axons, "the axons")
        fired, self._cost = self._step(axons, self._t)
        self._t += 1
        return fired

    @locked
    def run(self, steps: Optional[int] = None, inputs: Any = None, *,
            record_potentials: Any = None) -> SpikeRecord:
        """Run many steps; same arguments and record as :meth:`l2s.Simulator.run`.

        Examples
        --------
        >>> from l2s.examples import docs_example
        >>> from l2s import from_l2s
        >>> from l2s.hw import build_image_at
        >>> from l2s.partition import HardwareSpec
        >>> compiled = from_l2s(**docs_example()).compile()
        >>> emu = Emulator(build_image_at(compiled, HardwareSpec(), [0] * 4, range(4)))
        >>> record = emu.run(3, inputs=[[0, 1], [0], []], record_potentials=[0])
        >>> record.as_pairs(), record.potentials[:, 0].tolist()
        ([(2, 0)], [3, 6, 0])
        """
        indptr, indices = input_csr(inputs, steps, self._source.n_axons)
        pot_neurons = (None if record_potentials is None else check_index_array(
            record_potentials, "record_potentials", self._source.n_neurons, "the neurons"
        ).astype(np.int64))
        n_steps = indptr.size - 1
        pots = np.zeros((n_steps, 0 if pot_neurons is None else pot_neurons.size), dtype=np.int64)
        times: List[np.ndarray] = []
        neurons: List[np.ndarray] = []
        start = self._t
        cost = StepCost(0, 0)
        for s in range(n_steps):
            fired, step_cost_ = self._step(indices[indptr[s]:indptr[s + 1]], start + s)
            cost += step_cost_
            times.append(np.full(fired.size, start + s, dtype=np.int64))
            neurons.append(fired)
            if pot_neurons is not None:
                pots[s] = self._v[self._slot_of[pot_neurons]]
        self._t += n_steps
        self._cost = cost
        return SpikeRecord(np.concatenate(times) if times else np.zeros(0, dtype=np.int64),
                           np.concatenate(neurons) if neurons else np.zeros(0, dtype=np.int32),
                           start, n_steps, pot_neurons, None if pot_neurons is None else pots)

    def _phase_one(self, step: int) -> np.ndarray:
        """Noise and phase one over every slot; returns the fired slots."""
        neurons, slots, shift = self._noisy
        if neurons.size:
            self._v[slots] += perturbations(self.seed, step, neurons, shift)
        v = self._v
        fired = np.where(self._hs, reaches(v, self._threshold), fires(v, self._threshold))
        kept = np.where(self._lif | self._hs, leaked(v, self._leak), v)
        self._v = np.where(fired | (self._ann & ~self._hs), 0, kept)
        return np.flatnonzero(fired)

    def _step(self, axons: np.ndarray, step: int) -> Tuple[np.ndarray, StepCost]:
        if self._distinct_inputs:
            axons = np.unique(axons)
        self._rows_read[:] = 0
        neurons = self._phase_one(step)
        relays = self._input_owner[self._source.input_entries(axons)]
        first, length = self._activate(relays, neurons)
        reported: List[np.ndarray] = []
        while first.size:
            relays = self._execute(concat_ranges(first, length), reported)
            first, length = self._activate(relays, neurons[:0])
        out = np.concatenate(reported) if reported else np.zeros(0, dtype=np.int64)
        return np.sort(out).astype(np.int32), step_cost(self._slots_per_core, self._rows_read)

    def _activate(self, relays: np.ndarray, neurons: np.ndarray
                  ) -> Tuple[np.ndarray, np.ndarray]:
        """Read the pointers of axon slots ``relays`` and fired neuron slots ``neurons``.

        Counts the distinct pointer rows read per core; returns the synapse
        rows ``(first, length)`` they point to.
        """
        image = self._source
        for flat, indptr in ((relays, image.axon_indptr), (neurons, image.neuron_indptr)):
            if flat.size:
                core = np.searchsorted(indptr, flat, side="right") - 1
                row = np.unique(core * MAX_SLOTS + (flat - indptr[core]) // WORDS_PER_ROW)
                self._rows_read += np.bincount(row // MAX_SLOTS, minlength=image.n_cores)
        return (np.concatenate([self._axon_first[relays], self._neuron_first[neurons]]),
                np.concatenate([self._axon_rows[relays], self._neuron_rows[neurons]]))

    def _execute(self, rows: np.ndarray, reported: List[np.ndarray]) -> np.ndarray:
        """Execute every word of the flat ``rows``; return the relay axon slots they activate."""
        image = self._source
        core = np.searchsorted(image.row_indptr, rows, side="right") - 1
        self._rows_read += np.bincount(core, minlength=image.n_cores)
        words = self._rows[rows]
        op = opcode(words)
        local = op == OP_SYNAPSE
        local &= words != 0
        r, w = np.nonzero(local)
        target = synapse_target(words[r, w], row_in_group(image.absolute_rows(rows[r], core[r])),
                                w)
        _, weight = decode_synapse(words[r, w])
        np.add.at(self._v, image.neuron_indptr[core[r]] + target, weight)
        r, w = np.nonzero(op >= OP_SPIKE_OUT)
        reported.append(self._neuron_of[image.neuron_indptr[core[r]]
                                        + decode_spike_out(words[r, w])])
        r, w = np.nonzero((op == OP_INTER_CORE) | (op == OP_INTER_FPGA))
        fpga, core_on, slot = decode_route(words[r, w], core[r] // self._cpf)
        return image.axon_indptr[fpga * self._cpf + core_on] + slot

    # -- synapses ----------------------------------------------------------
    @locked
    def locate(self, kind: str, pre: int, post: int, copy: int = 0) -> WordAddress:
        """Address of a synapse word (see :func:`l2s.hw.locate_synapse`).

        Examples
        --------
        >>> from l2s.examples import docs_example
        >>> from l2s import from_l2s
        >>> from l2s.hw import build_image_at
        >>> from l2s.partition import HardwareSpec
        >>> compiled = from_l2s(**docs_example()).compile()
        >>> emu = Emulator(build_image_at(compiled, HardwareSpec(), [0] * 4, range(4)))
        >>> address = emu.locate("neuron", 0, 1)   # a -> b
        >>> address.core, emu.read_synapse("neuron", 0, 1)
        (0, 1)
        """
        return locate_synapse(self._source, self._rows, kind, pre, post, copy)

    @locked
    def address(self, source: str, position: int) -> WordAddress:
        """Address of the word of the compiled synapse ``position`` of ``source``.

        Parameters
        ----------
        source : {'axon', 'neuron'}
        position : int
            Index of the synapse in ``compiled.csr(source)``.

        Returns
        -------
        WordAddress

        Raises
        ------
        InvalidValueError
            Without ``compiled``, for an unknown ``source`` or a position
            outside its synapses.

        Examples
        --------
        >>> from l2s.examples import docs_example
        >>> from l2s import from_l2s
        >>> from l2s.hw import build_image_at
        >>> from l2s.partition import HardwareSpec
        >>> compiled = from_l2s(**docs_example()).compile()
        >>> image = build_image_at(compiled, HardwareSpec(), [0] * 4, range(4))
        >>> emu = Emulator(image, compiled=compiled)
        >>> address = emu.address("neuron", 0)
        >>> address == emu.locate("neuron", 0, 1), address.core
        (True, 0)
        """
        return self.locate(source, *self._synapse(source, position))

    def _naming(self) -> CompiledNetwork:
        """The compiled network that names synapses by CSR position."""
        if self.compiled is None:
            raise InvalidValueError(
                "compiled = None: this Emulator was made without the compiled network, which "
                "names synapses by CSR position; pass Emulator(image, compiled=...) or name "
                "the synapse by (pre, post, copy) with read_synapse/write_synapse")
        return self.compiled

    def _synapse(self, source: str, position: int) -> Tuple[int, int, int]:
        """``(pre, post, copy)`` of the compiled synapse ``position`` of ``source``."""
        compiled = self._naming()
        position = check_position(compiled, source, position)
        indptr, indices, _ = compiled.csr(source)
        pre = int(np.searchsorted(indptr, position, side="right")) - 1
        post = int(indices[position])
        copy = int(np.count_nonzero(indices[indptr[pre]:position] == post))
        return pre, post, copy

    def _flat(self, address: WordAddress) -> Tuple[int, int]:
        return int(self._source.row_indptr[address.core]) + address.row - SYN_BASE, address.word

    def _read(self, address: WordAddress) -> int:
        row, word = self._flat(address)
        return int(decode_synapse(self._rows[row, word])[1])

    def _write(self, address: WordAddress, weight: int) -> None:
        row, word = self._flat(address)
        target, _ = decode_synapse(self._rows[row, word])
        self._rows[row, word] = encode_synapse(target, weight)

    @locked
    def read_weight(self, source: str, position: int) -> int:
        """Weight of the compiled synapse ``position`` of ``source``, decoded from its word.

        Implements :meth:`l2s.Target.read_weight`; needs ``compiled``.

        Parameters
        ----------
        source : {'axon', 'neuron'}
        position : int
            Index of the synapse in ``compiled.csr(source)``.

        Returns
        -------
        int

        Examples
        --------
        >>> from l2s.examples import docs_example
        >>> from l2s import from_l2s
        >>> from l2s.hw import build_image_at
        >>> from l2s.partition import HardwareSpec
        >>> compiled = from_l2s(**docs_example()).compile()
        >>> image = build_image_at(compiled, HardwareSpec(), [0] * 4, range(4))
        >>> Emulator(image, compiled=compiled).read_weight("axon", 1)
        3
        """
        return self._read(self.address(source, position))

    @locked
    def write_weight(self, source: str, positions: Any, weight: int) -> None:
        """Rewrite the words of the compiled synapses ``positions`` of ``source``.

        Implements :meth:`l2s.Target.write_weight`; needs ``compiled``.
        Every position is located and the weight checked before the first
        word changes.

        Parameters
        ----------
        source : {'axon', 'neuron'}
        positions : int or array_like of int
            Indices of the synapses in ``compiled.csr(source)``.
        weight : int
            Signed 16-bit weight.

        Examples
        --------
        >>> from l2s.examples import docs_example
        >>> from l2s import from_l2s
        >>> from l2s.hw import build_image_at
        >>> from l2s.partition import HardwareSpec
        >>> compiled = from_l2s(**docs_example()).compile()
        >>> image = build_image_at(compiled, HardwareSpec(), [0] * 4, range(4))
        >>> emu = Emulator(image, compiled=compiled)
        >>> emu.write_weight("neuron", [0, 1], -2)
        >>> emu.read_weight("neuron", 1), emu.read_synapse("neuron", 3, 2)
        (-2, -2)
        """
        positions = check_positions(self._naming(), source, positions)
        addresses = [self.address(source, p) for p in positions.tolist()]
        weight = check_int(weight, "weight", WEIGHT_MIN, WEIGHT_MAX)
        for address in addresses:
            self._write(address, weight)

    @locked
    def read_synapse(self, kind: str, pre: int, post: int, copy: int = 0) -> int:
        """Weight held by the ``copy``-th synapse word ``pre -> post`` ('axon' or 'neuron' pre).

        Names the synapse by its endpoints, so it works without ``compiled``
        (compare :meth:`read_weight`).

        Examples
        --------
        >>> from l2s.examples import docs_example
        >>> from l2s import from_l2s
        >>> from l2s.hw import build_image_at
        >>> from l2s.partition import HardwareSpec
        >>> compiled = from_l2s(**docs_example()).compile()
        >>> emu = Emulator(build_image_at(compiled, HardwareSpec(), [0] * 4, range(4)))
        >>> emu.read_synapse("axon", 1, 3)
        3
        """
        return self._read(self.locate(kind, pre, post, copy))

    @locked
    def write_synapse(self, kind: str, pre: int, post: int, weight: int, copy: int = 0
                      ) -> WordAddress:
        """Set the weight of the ``copy``-th synapse word ``pre -> post``; returns its address.

        Names the synapse by its endpoints, so it works without ``compiled``
        (compare :meth:`write_weight`).

        Examples
        --------
        >>> from l2s.examples import docs_example
        >>> from l2s import from_l2s
        >>> from l2s.hw import build_image_at
        >>> from l2s.partition import HardwareSpec
        >>> compiled = from_l2s(**docs_example()).compile()
        >>> emu = Emulator(build_image_at(compiled, HardwareSpec(), [0] * 4, range(4)))
        >>> address = emu.write_synapse("neuron", 0, 1, -9)
        >>> emu.read_synapse("neuron", 0, 1), address.core
        (-9, 0)
        """
        weight = check_int(weight, "weight", WEIGHT_MIN, WEIGHT_MAX)
        address = self.locate(kind, pre, post, copy)
        self._write(address, weight)
        return address

    @locked
    def row(self, address: WordAddress) -> np.ndarray:
        """Current content of the HBM row holding ``address`` (copy, 8 words).

        Examples
        --------
        >>> from l2s.examples import docs_example
        >>> from l2s import from_l2s
        >>> from l2s.hw import build_image_at
        >>> from l2s.partition import HardwareSpec
        >>> compiled = from_l2s(**docs_example()).compile()
        >>> emu = Emulator(build_image_at(compiled, HardwareSpec(), [0] * 4, range(4)))
        >>> emu.row(emu.locate("axon", 0, 0)).shape
        (8,)
        """
        return self._rows[self._flat(address)[0]].copy()

    def __repr__(self) -> str:
        return f"Emulator({self._source!r}, t={self._t})"

