"""The compiled step loop: the simulator's one implementation of HARDWARE.md.

``run_steps`` advances the state by many steps in one call; ``Simulator.step``
and ``Simulator.run`` both use it, so there is no second copy of the semantics.
"""
from __future__ import annotations

import numba
import numpy as np

V_MIN = -(2 ** 34)
V_MAX = 2 ** 34 - 1

MODEL_LIF = 1
MODEL_ANN = 2


@numba.njit(cache=True, nogil=True)
def run_steps(v, threshold, model, leak,
              axon_indptr, axon_indices, axon_weights,
              neuron_indptr, neuron_indices, neuron_weights,
              in_indptr, in_indices, first, last, t0,
              record_mask, n_record, out_times, out_neurons, n_out,
              pot_neurons, pot_out, fired, overflow):
    """Run input steps ``first..last-1``; return ``(next_step, n_out)``.

    Stops early (returning the step it reached) when fewer than ``n_record``
    free entries remain in ``out_times``/``out_neurons``, so the caller can
    grow them and call again. Row ``s`` of ``pot_out`` receives the potentials
    of ``pot_neurons`` after input step ``s``. ``overflow`` holds ``(step, neuron, V)`` of the
    first potential seen outside the signed 35-bit range (step -1: none).
    """
    n = v.size
    for s in range(first, last):
        if out_times.size - n_out < n_record:
            return s, n_out
        step = t0 + s
        # phase one: threshold test, reset, model update
        n_fired = 0
        for i in range(n):
            x = v[i]
            if (x < V_MIN or x > V_MAX) and overflow[0] < 0:
                overflow[0] = step - 1
                overflow[1] = i
                overflow[2] = x
            if x > threshold[i]:
                fired[n_fired] = i
                n_fired += 1
                v[i] = 0
            else:
                m = model[i]
                if m == MODEL_LIF:
                    v[i] = x - (x >> np.int64(leak[i]))
                elif m == MODEL_ANN:
                    v[i] = 0
        # phase two: synapses of active axons, then of fired neurons
        for k in range(in_indptr[s], in_indptr[s + 1]):
            a = in_indices[k]
            for j in range(axon_indptr[a], axon_indptr[a + 1]):
                v[axon_indices[j]] += axon_weights[j]
        for f in range(n_fired):
            i = fired[f]
            for j in range(neuron_indptr[i], neuron_indptr[i + 1]):
                v[neuron_indices[j]] += neuron_weights[j]
            if record_mask[i]:
                out_times[n_out] = step
                out_neurons[n_out] = i
                n_out += 1
        for p in range(pot_neurons.size):
            pot_out[s, p] = v[pot_neurons[p]]
    return last, n_out
