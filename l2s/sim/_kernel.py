"""The compiled step loop: the simulator's one implementation of HARDWARE.md.

:func:`run_steps` advances the state by many steps in one call; both
``Simulator.step`` and ``Simulator.run`` use it. Each step runs two parallel
passes over the target blocks of :mod:`l2s.sim._layout` (phase one, then
phase two); a block is touched by one thread only, so the result does not
depend on the number of threads. The same source serves int32 and int64
potentials (numba compiles one specialisation per dtype); the caller
guarantees through ``safe_limit`` that int32 never wraps.

The semantics constants (model codes, potential range, threshold tests,
leak) come from :mod:`l2s.graph.models`, their one definition; numba reads
the integer globals as compile-time constants and inlines the functions.

The network's semantics selects the phase one of every block once per
step (:func:`_phase_one` for ``l2s-2022``, :func:`_phase_one_hs` for
``hs-2024``), outside the per-neuron loops, so the ``l2s-2022`` loop is the
same machine code as before ``hs-2024`` existed. Noise, when the network has
any, is one more parallel pass before phase one
(:func:`l2s.graph.noise.perturbation`, keyed by seed, step and neuron, so
the result does not depend on the blocks). ``hs-2024``'s "distinct axons
deliver once" is a property of the inputs: the caller removes repeats
(:func:`l2s.inputs.distinct_per_step`) before calling.
"""
from __future__ import annotations

import numba
import numpy as np

from ..graph.models import (MODEL_ANN, MODEL_LIF, POTENTIAL_MAX, POTENTIAL_MIN, fires, leaked,
                            reaches)
from ..graph.noise import perturbation
from ._prefetch import prefetch

__all__ = ["run_steps", "phase_one_blocks", "phase_two_blocks", "PREFETCH_AHEAD"]

_fires = numba.njit(nogil=True, inline="always")(fires)
_leaked = numba.njit(nogil=True, inline="always")(leaked)
_reaches = numba.njit(nogil=True, inline="always")(reaches)


@numba.njit(cache=True, nogil=True, inline="always")
def _phase_one(v, threshold, model, leak, lo, hi, fired, safe_limit):
    """Threshold test, reset and model update of neurons ``lo..hi-1``.

    Writes the fired neurons to ``fired[lo:lo + count]``; returns ``(count,
    first neuron outside the 35-bit range or -1, its potential, True when a
    potential after the update exceeds safe_limit in magnitude)``.
    """
    count = 0
    out_of_range = -1
    out_of_range_v = np.int64(0)
    unsafe = False
    for i in range(lo, hi):
        x = np.int64(v[i])
        if out_of_range < 0 and (x < POTENTIAL_MIN or x > POTENTIAL_MAX):
            out_of_range = i
            out_of_range_v = x
        if _fires(x, threshold[i]):
            fired[lo + count] = i
            count += 1
            v[i] = 0
        else:
            m = model[i]
            if m == MODEL_LIF:
                x = _leaked(x, np.int64(leak[i]))
                v[i] = x
            elif m == MODEL_ANN:
                x = 0
                v[i] = 0
            if x > safe_limit or x < -safe_limit:
                unsafe = True
    return count, out_of_range, out_of_range_v, unsafe


@numba.njit(cache=True, nogil=True, inline="always")
def _phase_one_hs(v, threshold, leak, lo, hi, fired, safe_limit):
    """``hs-2024`` phase one of neurons ``lo..hi-1``: ``V >= threshold`` fires, every V leaks.

    Same outputs as :func:`_phase_one`. A fired neuron's V is 0, which the
    leak keeps, so only the others are leaked.
    """
    count = 0
    out_of_range = -1
    out_of_range_v = np.int64(0)
    unsafe = False
    for i in range(lo, hi):
        x = np.int64(v[i])
        if out_of_range < 0 and (x < POTENTIAL_MIN or x > POTENTIAL_MAX):
            out_of_range = i
            out_of_range_v = x
        if _reaches(x, threshold[i]):
            fired[lo + count] = i
            count += 1
            v[i] = 0
        else:
            x = _leaked(x, np.int64(leak[i]))
            v[i] = x
            if x > safe_limit or x < -safe_limit:
                unsafe = True
    return count, out_of_range, out_of_range_v, unsafe


@numba.njit(cache=True, nogil=True, inline="always")
def _add_noise(v, shift, seed, step, lo, hi, ids):
    """Add the step's noise to neurons ``lo..hi-1`` (int64 potentials).

    The draw is keyed by the neuron's network-wide index: ``ids[i]`` when
    ``ids`` is given (a process holding some neurons), else ``i``.
    """
    for i in range(lo, hi):
        neuron = ids[i] if ids.size else np.int64(i)
        v[i] += perturbation(seed, step, neuron, np.int64(shift[i]))


#: Sources read ahead: their synapses are prefetched while earlier ones are added.
PREFETCH_AHEAD = 4


@numba.njit(cache=True, nogil=True, inline="always")
def _prefetch_segment(ptr, words, b, source):
    """Prefetch the synapse words of ``source`` into block ``b`` (one hint per cache line)."""
    for j in range(ptr[b, source], ptr[b, source + 1], 64 // words.itemsize):
        prefetch(words, j)


@numba.njit(cache=True, nogil=True, inline="always")
def _deliver(v, ptr, words, base, b, source):
    """Add the weights of ``source``'s synapses into block ``b`` (starting at neuron ``base``)."""
    for j in range(ptr[b, source], ptr[b, source + 1]):
        word = words[j]
        v[base + np.int64(word >> 16)] += np.int16(word & 0xFFFF)


@numba.njit(cache=True, nogil=True, inline="always")
def _deliver_all(v, ptr, words, base, b, sources, lo, hi):
    """Deliver ``sources[lo:hi]`` into block ``b``, prefetching ahead.

    The pointers of source ``k + 2 * PREFETCH_AHEAD`` and the synapses of
    source ``k + PREFETCH_AHEAD`` are requested while source ``k`` is added.
    """
    row = ptr[b]
    for k in range(lo, min(hi, lo + 2 * PREFETCH_AHEAD)):
        prefetch(row, sources[k])
    for k in range(lo, min(hi, lo + PREFETCH_AHEAD)):
        _prefetch_segment(ptr, words, b, sources[k])
    for k in range(lo, hi):
        if k + 2 * PREFETCH_AHEAD < hi:
            prefetch(row, sources[k + 2 * PREFETCH_AHEAD])
        if k + PREFETCH_AHEAD < hi:
            _prefetch_segment(ptr, words, b, sources[k + PREFETCH_AHEAD])
        _deliver(v, ptr, words, base, b, sources[k])


@numba.njit(cache=True, nogil=True)
def _grown(arr, used, size):
    """A copy of ``arr[:used]`` in a new array of ``size`` entries."""
    out = np.empty(size, dtype=arr.dtype)
    for k in range(used):
        out[k] = arr[k]
    return out


@numba.njit(cache=True, nogil=True, parallel=True)
def phase_one_blocks(v, threshold, model, leak, bounds, fired, n_fired, safe_limit, overflow,
                     step, hs, noise, shift, seed, ids):
    """Noise (when ``noise``) and phase one of step ``step`` in every block, in parallel.

    ``hs`` selects the ``hs-2024`` phase one. Noise draws are keyed by
    ``(seed, step, neuron, shift[i])`` with ``neuron = ids[i]`` (the
    network-wide index of local neuron ``i``), or ``i`` when ``ids`` is
    empty (a process holding the whole network).

    Block ``b`` writes its fired neurons (ascending) to ``fired[bounds[b]:
    bounds[b] + n_fired[b]]``. ``overflow`` receives ``(step - 1, neuron, V)``
    of the first potential outside the signed 35-bit range unless it holds one
    already (``overflow[0] >= 0``). Returns True when an updated potential
    exceeds ``safe_limit`` in magnitude: the caller widens the state before
    phase two.
    """
    n_blocks = bounds.size - 1
    block_out_of_range = np.empty(n_blocks, dtype=np.int64)
    block_out_of_range_v = np.empty(n_blocks, dtype=np.int64)
    block_unsafe = np.zeros(n_blocks, dtype=np.bool_)
    if noise:
        for b in numba.prange(n_blocks):
            _add_noise(v, shift, seed, step, bounds[b], bounds[b + 1], ids)
    for b in numba.prange(n_blocks):
        if hs:
            (n_fired[b], block_out_of_range[b], block_out_of_range_v[b],
             block_unsafe[b]) = _phase_one_hs(
                v, threshold, leak, bounds[b], bounds[b + 1], fired, safe_limit)
        else:
            (n_fired[b], block_out_of_range[b], block_out_of_range_v[b],
             block_unsafe[b]) = _phase_one(
                v, threshold, model, leak, bounds[b], bounds[b + 1], fired, safe_limit)
    if overflow[0] < 0:
        for b in range(n_blocks):
            i = block_out_of_range[b]
            if i >= 0:
                overflow[0] = step - 1
                overflow[1] = i
                overflow[2] = block_out_of_range_v[b]
                break
    return block_unsafe.any()


@numba.njit(cache=True, nogil=True, parallel=True)
def phase_two_blocks(v, bounds, axon_ptr, axon_words, axons, axons_lo, axons_hi,
                     neuron_ptr, neuron_words, fired, fired_lo, fired_hi):
    """Phase two in every block, in parallel: deliver the active axons and fired neurons.

    The sources are ``axons[axons_lo:axons_hi]`` (rows of the axon layout)
    and the segments ``fired[fired_lo[k]:fired_hi[k]]`` (rows of the neuron
    layout).
    """
    for b in numba.prange(bounds.size - 1):
        _deliver_all(v, axon_ptr, axon_words, bounds[b], b, axons, axons_lo, axons_hi)
        for k in range(fired_lo.size):
            _deliver_all(v, neuron_ptr, neuron_words, bounds[b], b, fired, fired_lo[k],
                         fired_hi[k])


@numba.njit(cache=True, nogil=True)
def run_steps(v, threshold, model, leak, bounds,
              axon_ptr, axon_words, neuron_ptr, neuron_words,
              in_indptr, in_indices, first, last, t0, phase_one_done,
              record_mask, out_times, out_neurons, n_out,
              pot_neurons, pot_out, fired, n_fired, safe_limit, overflow,
              hs, noise, shift, seed):
    """Run input steps ``first..last-1``.

    ``hs`` selects the ``hs-2024`` phase one; with ``noise`` each step
    first adds :func:`l2s.graph.noise.perturbation` of ``(seed, step,
    neuron, shift[neuron])`` to every potential (the caller then holds them
    as int64).

    Returns ``(next_step, pending, out_times, out_neurons, n_out)``. The
    record arrays grow inside (they may be new arrays). ``pending`` is True
    when the run stopped at ``next_step`` after its phase one because a
    potential exceeds ``safe_limit``: the caller widens the state and calls
    again with ``phase_one_done=True``; ``fired``/``n_fired`` carry the
    fired neurons across. ``overflow`` receives ``(step, neuron, V)`` of the
    first potential seen outside the signed 35-bit range (step -1: none).
    """
    n_blocks = bounds.size - 1
    fired_lo = bounds[:-1]
    fired_hi = np.empty(n_blocks, dtype=np.int64)
    no_ids = np.empty(0, dtype=np.int64)
    for s in range(first, last):
        step = t0 + s
        if not (phase_one_done and s == first):
            if phase_one_blocks(v, threshold, model, leak, bounds, fired, n_fired, safe_limit,
                                overflow, step, hs, noise, shift, seed, no_ids):
                return s, True, out_times, out_neurons, n_out
        # record this step's spikes (ascending: blocks are ascending ranges)
        total = 0
        for b in range(n_blocks):
            total += n_fired[b]
            fired_hi[b] = bounds[b] + n_fired[b]
        if n_out + total > out_times.size:
            size = max(2 * out_times.size, n_out + total)
            out_times = _grown(out_times, n_out, size)
            out_neurons = _grown(out_neurons, n_out, size)
        for b in range(n_blocks):
            for k in range(bounds[b], fired_hi[b]):
                i = fired[k]
                if record_mask[i]:
                    out_times[n_out] = step
                    out_neurons[n_out] = i
                    n_out += 1
        phase_two_blocks(v, bounds, axon_ptr, axon_words, in_indices, in_indptr[s],
                         in_indptr[s + 1], neuron_ptr, neuron_words, fired, fired_lo, fired_hi)
        for p in range(pot_neurons.size):
            pot_out[s, p] = v[pot_neurons[p]]
    return last, False, out_times, out_neurons, n_out
