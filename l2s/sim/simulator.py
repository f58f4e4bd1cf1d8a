"""The integer simulator: bit-exact execution of a compiled network."""
from __future__ import annotations

import warnings
from typing import Any, Optional

import numpy as np

from .._validation import check_choice, check_index_array, check_int
from ..errors import PotentialOverflowError, PotentialOverflowWarning
from ..graph.compiled import AXON_SOURCE, NEURON_SOURCE, CompiledNetwork
from ..graph.models import WEIGHT_MAX, WEIGHT_MIN
from ..inputs import input_csr
from ..record import SpikeRecord
from ._kernel import V_MAX, V_MIN, run_steps

__all__ = ["Simulator"]

RECORD_CHOICES = ("outputs", "all")
OVERFLOW_CHOICES = ("warn", "raise", "ignore")
_MIN_BUFFER = 1 << 16


class Simulator:
    """Runs a :class:`~l2s.CompiledNetwork` step by step, exactly as the hardware.

    Each step (see ``docs/semantics.md``): every neuron with ``V > threshold``
    fires and resets to 0, the others apply their model (``I&F`` keep,
    ``LI&F`` ``V -= V >> leak``, ``ANN`` clear); then the weights of all
    synapses of the step's active axons and of the fired neurons are added.
    Potentials are int64; any value outside the hardware's signed 35-bit
    range is reported according to ``overflow``.

    Parameters
    ----------
    compiled : CompiledNetwork
    record : {'outputs', 'all'}, default 'outputs'
        Which neurons' spikes are recorded and returned.
    overflow : {'warn', 'raise', 'ignore'}, default 'warn'
        What to do when a potential leaves the signed 35-bit range.

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
                 overflow: str = "warn") -> None:
        self.compiled = compiled
        self.overflow = check_choice(overflow, "overflow", OVERFLOW_CHOICES)
        check_choice(record, "record", RECORD_CHOICES)
        self._record_mask = (compiled.output.copy() if record == "outputs"
                             else np.ones(compiled.n_neurons, dtype=bool))
        self._n_record = int(self._record_mask.sum())
        # Weights are the only part of the network a user may change (write_weight).
        self._weights = {AXON_SOURCE: compiled.axon_weights.copy(),
                         NEURON_SOURCE: compiled.neuron_weights.copy()}
        self._fired = np.empty(compiled.n_neurons, dtype=np.int32)
        self._v = np.zeros(compiled.n_neurons, dtype=np.int64)
        self._t = 0

    # -- state -------------------------------------------------------------
    @property
    def potentials(self) -> np.ndarray:
        """Membrane potential of every neuron after the last step (int64 copy)."""
        return self._v.copy()

    @property
    def t(self) -> int:
        """Number of steps run since construction or the last :meth:`reset`."""
        return self._t

    def reset(self) -> None:
        """Set every potential to 0 and the step counter to 0 (weights are kept)."""
        self._v[:] = 0
        self._t = 0

    # -- weights -----------------------------------------------------------
    def read_weight(self, source: str, position: int) -> int:
        """Current weight of synapse ``position`` of the axon or neuron CSR."""
        return int(self._weights[source][position])

    def write_weight(self, source: str, positions: Any, weight: int) -> None:
        """Set synapses ``positions`` of the axon or neuron CSR to ``weight``."""
        weight = check_int(weight, "weight", WEIGHT_MIN, WEIGHT_MAX)
        self._weights[source][positions] = weight

    # -- execution ---------------------------------------------------------
    def step(self, axons: Any = ()) -> np.ndarray:
        """Run one step with the given active axon indices.

        Returns
        -------
        numpy.ndarray (int32)
            Recorded neurons (outputs by default) that fired, ascending.
        """
        return self.run(1, inputs=[axons]).neurons

    def run(self, steps: Optional[int] = None, inputs: Any = None, *,
            record_potentials: Any = None) -> SpikeRecord:
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

        Returns
        -------
        SpikeRecord
        """
        c = self.compiled
        in_indptr, in_indices = input_csr(inputs, steps, c.n_axons)
        n_steps = in_indptr.size - 1
        pot_neurons = (np.zeros(0, dtype=np.int64) if record_potentials is None else
                       check_index_array(record_potentials, "record_potentials", c.n_neurons,
                                         "the neurons").astype(np.int64))
        pot_out = np.zeros((n_steps, pot_neurons.size), dtype=np.int64)
        capacity = max(_MIN_BUFFER, 2 * self._n_record) if n_steps else 0
        capacity = min(capacity, n_steps * self._n_record)
        times = np.empty(capacity, dtype=np.int64)
        neurons = np.empty(capacity, dtype=np.int32)
        overflow = np.array([-1, 0, 0], dtype=np.int64)
        done, n_out = 0, 0
        while done < n_steps:
            if capacity - n_out < self._n_record:
                capacity = max(2 * capacity, n_out + self._n_record)
                times = np.resize(times, capacity)
                neurons = np.resize(neurons, capacity)
            done, n_out = run_steps(
                self._v, c.threshold, c.model, c.leak,
                c.axon_indptr, c.axon_indices, self._weights[AXON_SOURCE],
                c.neuron_indptr, c.neuron_indices, self._weights[NEURON_SOURCE],
                in_indptr, in_indices, done, n_steps, self._t,
                self._record_mask, self._n_record, times, neurons, n_out,
                pot_neurons, pot_out, self._fired, overflow)
        start = self._t
        self._t += n_steps
        self._check_overflow(overflow)
        return SpikeRecord(times[:n_out].copy(), neurons[:n_out].copy(), start, n_steps,
                           None if record_potentials is None else pot_neurons,
                           None if record_potentials is None else pot_out)

    def _check_overflow(self, overflow: np.ndarray) -> None:
        if self.overflow == "ignore":
            return
        if overflow[0] < 0:
            bad = np.flatnonzero((self._v < V_MIN) | (self._v > V_MAX))
            if not bad.size:
                return
            overflow = np.array([self._t - 1, bad[0], self._v[bad[0]]])
        message = (f"membrane potential of neuron {int(overflow[1])} reached {int(overflow[2])} "
                   f"in step {int(overflow[0])}, outside the hardware's signed 35-bit range "
                   f"[{V_MIN}, {V_MAX}]; the hardware would not match this simulation")
        if self.overflow == "raise":
            raise PotentialOverflowError(message)
        warnings.warn(message, PotentialOverflowWarning, stacklevel=3)
