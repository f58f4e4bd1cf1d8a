"""The integer simulator: bit-exact execution of a compiled network."""
from __future__ import annotations

import sys
import time
import warnings
from collections import deque
from typing import Any, Deque, Dict, Optional, Tuple

import numba
import numpy as np
from tqdm import tqdm

from .._locking import Locked, locked
from .._validation import check_choice, check_index_array, check_instance, check_int
from ..errors import PotentialOverflowError, PotentialOverflowWarning
from ..graph.compiled import AXON_SOURCE, NEURON_SOURCE, CompiledNetwork
from ..graph.models import HS_2024, POTENTIAL_MAX, POTENTIAL_MIN, WEIGHT_MAX, WEIGHT_MIN
from ..graph.noise import SEED_MAX, new_seed
from ..inputs import distinct_per_step, input_csr
from ..record import SpikeRecord
from ..target import check_position, check_positions
from ._int32 import Headroom, kernel_limit, starting_state
from ._kernel import DONE, FULL, UNSAFE, run_steps
from ._layout import BlockedSynapses, block_bounds

__all__ = ["Simulator"]

RECORD_CHOICES = ("outputs", "all")
OVERFLOW_CHOICES = ("warn", "raise", "ignore")
#: Below this many neurons one thread is faster than waking a second one.
_PARALLEL_MIN_NEURONS = 20_000
_MIN_BUFFER = 1 << 12
#: A run's spike buffers hold this times the recorded spikes per step of the last run: most
#: runs then never stop to grow them (each growth copies them and restarts the threads).
_HEADROOM = 1.25
#: Seconds a kernel call aims at while the thread count is chosen call by call.
_CHUNK_SECONDS = 0.02
#: Seconds of a call that tries the other thread count ...
_PROBE_SECONDS = 0.001
#: ... at most once per this many times its own duration (bounds the cost of trying to ~2 %).
_PROBE_GAP = 50
#: Calls whose best pace stands for a thread count, and the factor by which
#: several threads must beat one to be chosen.
_HISTORY = 3
_MARGIN = 0.9


class _ThreadChooser:
    """Chooses, call by call, between all of a simulator's threads and one.

    Every thread count gives the same result, so the choice is free to follow
    the machine: when other processes take a core, waiting for a thread the
    system has descheduled costs more than the thread gives. The run is cut
    into kernel calls of about ``_CHUNK_SECONDS`` with the count that
    measured faster: the least seconds per unit of work (synapses delivered
    plus neurons updated, so busy and quiet stretches of a run compare
    fairly) of its last ``_HISTORY`` calls; several threads must beat one by
    ``_MARGIN``. A probe of consecutive short calls (of ``_PROBE_SECONDS``, or
    one step) re-measures the other count, at most once per ``_PROBE_GAP``
    times what the probe took, so a bad count costs a few per cent at most
    and a machine that frees up is noticed. A probe is ``_HISTORY + 1``
    calls of which the first is not counted as a pace: the first call after
    a pause on one thread also pays for waking the helpers (on a VM up to a
    few hundred us, more than two threads gain in a step of 10^5 neurons),
    and probes of that one call kept a loop of ``step()`` calls on one
    thread when two were 1.2-1.4x faster. Its time still counts towards the
    pause, so that probing costs ~2 % even when that call collapses.
    """

    def __init__(self, threads: int) -> None:
        self.threads = threads
        self.paces: Dict[int, Deque[float]] = {threads: deque(maxlen=_HISTORY),
                                               1: deque(maxlen=_HISTORY)}
        self.step_seconds: Dict[int, float] = {}
        self.choice = 1
        self.next_probe = 0.0
        self.probe_calls = 0  # calls left in the current probe of the other count
        self.probe_seconds = 0.0  # what they took so far

    def plan(self, remaining: int) -> Tuple[int, int]:
        """``(threads, steps)`` of the next kernel call, at most ``remaining`` steps."""
        if self.threads == 1:
            return 1, remaining
        # no probe before the chosen count has a pace: the first call of all also loads the
        # kernel's compiled code (~50 ms), which must not set the pause before a probe
        if (not self.probe_calls and self.paces[self.choice]
                and time.perf_counter() >= self.next_probe):
            self.probe_calls = _HISTORY + 1  # the first wakes the helpers and is not counted
        other = 1 if self.choice == self.threads else self.threads
        threads = other if self.probe_calls else self.choice
        if threads not in self.step_seconds:
            return threads, 1
        seconds = _PROBE_SECONDS if self.probe_calls else _CHUNK_SECONDS
        return threads, int(min(remaining, max(1, seconds // self.step_seconds[threads])))

    def record(self, threads: int, steps: int, work: int, seconds: float) -> None:
        """Take the duration of a call of ``steps`` steps and ``work`` units on ``threads``."""
        if self.threads == 1 or steps == 0:
            return
        self.step_seconds[threads] = seconds / steps
        warming = threads != self.choice and self.probe_calls == _HISTORY + 1
        if not warming:
            self.paces[threads].append(seconds / max(work, 1))
        chosen = self.choice
        if self.paces[1] and self.paces[self.threads]:
            many, one = min(self.paces[self.threads]), min(self.paces[1])
            self.choice = self.threads if many < _MARGIN * one else 1
        if threads == chosen:
            return
        self.probe_seconds += seconds  # all of it: a probe that collapses waits longer
        self.probe_calls = 0 if self.choice != chosen else max(0, self.probe_calls - 1)
        if not self.probe_calls:  # the probe is over: the next one after a pause
            self.next_probe = time.perf_counter() + _PROBE_GAP * self.probe_seconds
            self.probe_seconds = 0.0


#: ``(neurons, potentials)`` of a call that records no potentials (the kernel writes nothing).
_NO_POTENTIALS = (np.zeros(0, dtype=np.int64), np.zeros((0, 0), dtype=np.int64))


def _grown(array: np.ndarray, used: int, size: int) -> np.ndarray:
    """A copy of ``array[:used]`` in a new array of ``size`` entries."""
    out = np.empty(size, dtype=array.dtype)
    out[:used] = array[:used]
    return out


class Simulator(Locked):
    """Runs a :class:`~l2s.CompiledNetwork` step by step, exactly as the hardware.

    A :class:`l2s.Target`: the same interface as :class:`l2s.hw.Emulator`
    and :class:`l2s.hw.CommandRecorder`.

    Each step (see ``docs/semantics.md``) of an ``l2s-2022`` network: every
    neuron with ``V > threshold`` fires and resets to 0, the others apply
    their model (``I&F`` keep, ``LI&F`` ``V -= V >> leak``, ``ANN`` clear);
    then the weights of all synapses of the step's active axons and of the
    fired neurons are added. An ``hs-2024`` network
    (``compiled.semantics``) fires at ``V >= threshold``, leaks every
    neuron, and counts each active axon once per step. When the network has
    noise (``compiled.noise``) every step starts by adding each neuron's
    draw of :func:`l2s.graph.noise.perturbation`, keyed by ``seed``, the
    step (counted from construction or :meth:`reset`) and the neuron.

    Potentials are held as int64 when the network has noise, else as int32 while a bound proves it exact (every
    potential plus the largest input a neuron can receive in one step, its
    absolute fan-in weight, stays below 2**31) and as int64 otherwise; the
    switch is automatic and invisible. Any value outside the hardware's
    signed 35-bit range is reported according to ``overflow``.

    Parameters
    ----------
    compiled : CompiledNetwork
    record : {'outputs', 'all'}, default 'outputs'
        Which neurons' spikes are recorded and returned.
    overflow : {'warn', 'raise', 'ignore'}, default 'warn'
        What to do when a potential leaves the signed 35-bit range.
    threads : int, optional
        Threads at most (default: numba's thread count; networks under
        20,000 neurons use one). Each kernel call runs on these or on one,
        whichever measured faster recently (``docs/simulator.md``). Results
        do not depend on it.
    progress : bool, optional
        Show a progress bar during :meth:`run`; by default only when stderr
        is a terminal and the run has at least 1,000 steps.
    seed : int, optional
        Seed of the noise, in ``[0, 2**63)``; by default a fresh one from
        the operating system (kept in :attr:`seed`). Unused without noise.

    Examples
    --------
    >>> import l2s
    >>> net = l2s.Network()
    >>> inp = net.add_axons("in", 1)
    >>> out = net.add_neurons("out", 1, threshold=2, output=True)
    >>> _ = net.connect(inp, out, pre=[0], post=[0], weight=3)
    >>> sim = l2s.Simulator(net.compile())
    >>> rec = sim.run(3, inputs=[[0], [], []])
    >>> rec.times.tolist(), rec.neurons.tolist()
    ([1], [0])
    """

    def __init__(self, compiled: CompiledNetwork, *, record: str = "outputs",
                 overflow: str = "warn", threads: Optional[int] = None,
                 progress: Optional[bool] = None, seed: Optional[int] = None) -> None:
        super().__init__()
        check_instance(compiled, "compiled", CompiledNetwork, "from Network.compile()")
        self.compiled = compiled
        #: Seed of the noise (see :mod:`l2s.graph.noise`).
        self.seed = new_seed() if seed is None else check_int(seed, "seed", 0, SEED_MAX)
        self._hs = compiled.semantics == HS_2024
        self._noise = compiled.noise
        self._shift = compiled.shift
        self.overflow = check_choice(overflow, "overflow", OVERFLOW_CHOICES)
        check_choice(record, "record", RECORD_CHOICES)
        max_threads = numba.config.NUMBA_NUM_THREADS
        if threads is None:
            threads = max_threads if compiled.n_neurons >= _PARALLEL_MIN_NEURONS else 1
        self.threads = check_int(threads, "threads", 1, max_threads)
        self.progress = progress
        self._record_mask = (compiled.output.copy() if record == "outputs"
                             else np.ones(compiled.n_neurons, dtype=bool))
        self._n_recorded = int(self._record_mask.sum())
        self._bounds = block_bounds(compiled.n_neurons, self.threads)
        self._chooser = _ThreadChooser(self.threads)
        # The simulator's own (writable) copy of the synapses, grouped by target block.
        self._blocked = {source: BlockedSynapses(*compiled.csr(source), self._bounds)
                         for source in (AXON_SOURCE, NEURON_SOURCE)}
        self._headroom = Headroom({source: compiled.csr(source)[1:]
                                   for source in (AXON_SOURCE, NEURON_SOURCE)},
                                  compiled.n_neurons, compiled.n_axons)
        self._fired = np.empty(compiled.n_neurons, dtype=np.int32)
        self._step_buffers: Optional[Tuple[np.ndarray, np.ndarray]] = None
        self._spikes_per_step = 0.0  # recorded, in the last run of several steps
        self._n_fired = np.zeros(self._bounds.size - 1, dtype=np.int64)
        # the kernel's blocks by thread count: all threads take one layout block each; one
        # thread takes them all as one block, reading each source's row in one stretch
        n_blocks = self._bounds.size - 1
        self._kernel_blocks = {
            self.threads: (self._bounds, np.arange(n_blocks + 1, dtype=np.int64)),
            1: (self._bounds[[0, -1]], np.array([0, n_blocks], dtype=np.int64))}
        self._v = np.zeros(compiled.n_neurons, dtype=np.int32)
        self._t = 0

    # -- state -------------------------------------------------------------
    @property
    @locked
    def potentials(self) -> np.ndarray:
        """Membrane potential of every neuron after the last step (int64 copy)."""
        return self._v.astype(np.int64)

    @property
    @locked
    def t(self) -> int:
        """Number of steps run since construction or the last :meth:`reset`."""
        return self._t

    @property
    @locked
    def state_dtype(self) -> np.dtype:
        """dtype the potentials are currently held in (int32 or int64)."""
        return self._v.dtype

    @locked
    def reset(self) -> None:
        """Set every potential to 0 and the step counter to 0 (weights are kept)."""
        self._v = np.zeros(self.compiled.n_neurons, dtype=np.int32)
        self._t = 0

    # -- weights -----------------------------------------------------------
    def _slot(self, source: str, position: int) -> int:
        indptr, indices, _ = self.compiled.csr(source)
        pre = int(np.searchsorted(indptr, position, side="right")) - 1
        return self._blocked[source].slot(pre, indices[indptr[pre]:position + 1])

    @locked
    def read_weight(self, source: str, position: int) -> int:
        """Current weight of the compiled synapse ``position`` of ``source``.

        Implements :meth:`l2s.Target.read_weight`.

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
        >>> import l2s
        >>> sim = l2s.Simulator(l2s.from_l2s(**docs_example()).compile())
        >>> sim.read_weight("axon", 1)
        3
        """
        position = check_position(self.compiled, source, position)
        return self._blocked[source].weight(self._slot(source, position))

    @locked
    def write_weight(self, source: str, positions: Any, weight: int) -> None:
        """Set the compiled synapses ``positions`` of ``source`` to ``weight``.

        Implements :meth:`l2s.Target.write_weight`: every position and the
        weight are checked before the first synapse changes.

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
        >>> import l2s
        >>> sim = l2s.Simulator(l2s.from_l2s(**docs_example()).compile())
        >>> sim.write_weight("neuron", [0, 1], 7)
        >>> sim.read_weight("neuron", 1)
        7
        """
        positions = check_positions(self.compiled, source, positions)
        weight = check_int(weight, "weight", WEIGHT_MIN, WEIGHT_MAX)
        for position in positions.tolist():
            self._blocked[source].replace_weight(self._slot(source, position), weight,
                                                 self._headroom.abs_fanin[source])
        self._headroom.forget()

    # -- execution ---------------------------------------------------------
    @locked
    def step(self, axons: Any = ()) -> np.ndarray:
        """Run one step with the given active axon indices (repeats deliver again under l2s-2022).

        Returns
        -------
        numpy.ndarray (int32)
            Recorded neurons (outputs by default) that fired, ascending.
        """
        indices = check_index_array(axons, "axons", self.compiled.n_axons, "the axons")
        if self._hs:
            indices = np.unique(indices)
        indptr = np.array([0, indices.size], dtype=np.int64)
        return self._advance(indptr, indices, None, False)[1].copy()  # the buffer is reused

    @locked
    def run(self, steps: Optional[int] = None, inputs: Any = None, *,
            record_potentials: Any = None, progress: Optional[bool] = None) -> SpikeRecord:
        """Run many steps in one compiled call.

        Parameters
        ----------
        steps : int, optional
            Number of steps; may be omitted when ``inputs`` gives it.
        inputs : optional
            Active axons per step: a list of index arrays, an ``(indptr,
            indices)`` pair, or a boolean ``steps x n_axons`` array (see
            :func:`l2s.inputs.input_csr`). An axon listed twice delivers twice.
        record_potentials : array of int, optional
            Neurons whose potential is recorded after every step; memory is
            spent only for these.
        progress : bool, optional
            Overrides the simulator's ``progress`` setting for this run.

        Returns
        -------
        SpikeRecord
        """
        in_indptr, in_indices = input_csr(inputs, steps, self.compiled.n_axons)
        if self._hs:
            in_indptr, in_indices = distinct_per_step(in_indptr, in_indices, self.compiled.n_axons)
        pot_neurons = (None if record_potentials is None else
                       check_index_array(record_potentials, "record_potentials",
                                         self.compiled.n_neurons, "the neurons"
                                         ).astype(np.int64))
        n_steps = in_indptr.size - 1
        show = self.progress if progress is None else progress
        if show is None:
            show = n_steps >= 1000 and sys.stderr.isatty()
        start = self._t
        times, neurons, pot_out = self._advance(in_indptr, in_indices, pot_neurons, bool(show))
        return SpikeRecord(times, neurons, start, in_indptr.size - 1, pot_neurons, pot_out)

    def _advance(self, in_indptr: np.ndarray, in_indices: np.ndarray,
                 pot_neurons: Optional[np.ndarray], show_progress: bool
                 ) -> Tuple[np.ndarray, np.ndarray, Optional[np.ndarray]]:
        """Run the steps of the input CSR; ``(times, neurons, potentials)`` of the recorded.

        ``potentials`` is None when ``pot_neurons`` is None, else its
        potential after every step (``steps x pot_neurons.size``). ``times``
        and ``neurons`` are views of the spike buffers, which a one-step call
        reuses: copy them to keep them (a :class:`SpikeRecord` does).
        """
        n_steps = in_indptr.size - 1
        safe = self._headroom.safe_limit(in_indptr, in_indices)
        self._v = starting_state(self._v, self._noise, safe)
        if pot_neurons is None:
            pots, pot_out = _NO_POTENTIALS
        else:
            pots, pot_out = pot_neurons, np.zeros((n_steps, pot_neurons.size), dtype=np.int64)
        times, neurons = self._spike_buffers(n_steps)
        n_out = 0
        overflow = np.array([-1, 0, 0], dtype=np.int64)
        done, status = 0, DONE
        bar = _progress_bar(n_steps) if show_progress else None
        chunk = max(1, n_steps // 100) if bar is not None else max(n_steps, 1)
        c = self.compiled
        threads = 1
        while done < n_steps:
            planned, steps = self._chooser.plan(min(chunk, n_steps - done))
            if status == DONE:  # else the step's phase one is done, in the last call's blocks
                threads = planned
            bounds, groups = self._kernel_blocks[threads]
            limit = kernel_limit(self._v, safe)
            started = time.perf_counter()
            reached, status, n_out, events = run_steps(
                self._v, c.threshold, c.model, c.leak, bounds, groups,
                self._blocked[AXON_SOURCE].arrays, self._blocked[NEURON_SOURCE].arrays,
                in_indptr, in_indices, done, done + steps, self._t, status != DONE,
                self._record_mask, times, neurons, n_out, pots, pot_out, self._fired,
                self._n_fired, limit, overflow, self._hs, self._noise, self._shift, self.seed,
                threads)
            self._chooser.record(threads, reached - done, events + (reached - done) * c.n_neurons,
                                 time.perf_counter() - started)
            if status == UNSAFE:  # int32 could wrap in the next phase two: continue in int64
                self._v = self._v.astype(np.int64)
            elif status == FULL:
                times, neurons = (_grown(a, n_out, 2 * a.size + c.n_neurons)
                                  for a in (times, neurons))
            if bar is not None:
                bar.update(reached - done)
            done = reached
        if bar is not None:
            bar.close()
        self._t += n_steps
        if n_steps > 1:
            self._spikes_per_step = n_out / n_steps
        self._check_overflow(overflow)
        return times[:n_out], neurons[:n_out], None if pot_neurons is None else pot_out

    def _spike_buffers(self, n_steps: int) -> Tuple[np.ndarray, np.ndarray]:
        """Spike time and neuron buffers for a run of ``n_steps`` (the kernel grows them).

        The kernel asks for room for every neuron that fired, recorded or
        not, so a single step's buffers hold one entry per neuron; they are
        made once and reused by every :meth:`step`. A longer run's hold
        :data:`_HEADROOM` times the last run's recorded spikes per step, and
        at least two steps of every recorded neuron.
        """
        if n_steps == 1:
            if self._step_buffers is None:
                size = max(self.compiled.n_neurons, 1)
                self._step_buffers = (np.empty(size, dtype=np.int64),
                                      np.empty(size, dtype=np.int32))
            return self._step_buffers
        expected = int(_HEADROOM * self._spikes_per_step * n_steps)
        capacity = min(max(_MIN_BUFFER, 2 * self._n_recorded, expected),
                       n_steps * self.compiled.n_neurons)
        return np.empty(capacity, dtype=np.int64), np.empty(capacity, dtype=np.int32)

    def _check_overflow(self, overflow: np.ndarray) -> None:
        if self.overflow == "ignore" or (overflow[0] < 0 and self._v.dtype == np.int32):
            return  # int32 potentials cannot have left the 35-bit range
        report_overflow(self.overflow, first_overflow(overflow, self._v, self._t))


def first_overflow(overflow: np.ndarray, v: np.ndarray, t: int) -> Optional[Tuple[int, int, int]]:
    """``(step, neuron, V)`` of a run's first potential outside the signed 35-bit range, or None.

    ``overflow`` is what the kernel saw at the start of its steps; when it
    saw nothing, the potentials ``v`` after the last step (``t - 1``) are
    checked. ``neuron`` indexes ``v``.
    """
    if overflow[0] >= 0:
        return int(overflow[0]), int(overflow[1]), int(overflow[2])
    bad = np.flatnonzero((v < POTENTIAL_MIN) | (v > POTENTIAL_MAX))
    return (t - 1, int(bad[0]), int(v[bad[0]])) if bad.size else None


def report_overflow(policy: str, found: Optional[Tuple[int, int, int]]) -> None:
    """Warn or raise (``policy`` ``'warn'``/``'raise'``) about ``found`` = ``(step, neuron, V)``."""
    if found is None:
        return
    step, neuron, value = found
    message = (f"membrane potential of neuron {neuron} reached {value} in step {step}, outside "
               f"the hardware's signed 35-bit range [{POTENTIAL_MIN}, {POTENTIAL_MAX}]; the "
               f"hardware would not match this simulation")
    if policy == "raise":
        raise PotentialOverflowError(message)
    warnings.warn(message, PotentialOverflowWarning, stacklevel=5)


def _progress_bar(total: int) -> tqdm:
    """A progress bar of ``total`` steps on stderr."""
    return tqdm(total=total, unit="step", file=sys.stderr, leave=False)
