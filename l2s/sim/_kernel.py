"""The compiled step loop: the simulator's one implementation of HARDWARE.md.

:func:`run_steps` advances the state by many steps in one call; both
``Simulator.step`` and ``Simulator.run`` use it. Each step runs two passes
over the target blocks of :mod:`l2s.sim._layout` (phase one, then phase
two); the calling thread and its helpers (:mod:`l2s.sim._pool`) claim the
blocks of a pass one at a time from counters (:mod:`l2s.sim._sync`), so a
block is touched by one thread only and the result does not depend on the
number of threads, nor on which thread took which block. The same source serves int32 and int64
potentials (numba compiles one specialisation per dtype); the caller
guarantees through ``safe_limit`` that int32 never wraps.

The semantics constants (model codes, potential range, threshold tests,
leak) come from :mod:`l2s.graph.models`, their one definition; numba reads
the integer globals as compile-time constants and inlines the functions.

The network's semantics selects the phase one of every block once per
step (:func:`_phase_one` for ``l2s-2022``, :func:`_phase_one_hs` for
``hs-2024``), outside the per-neuron loops, so the ``l2s-2022`` loop is the
same machine code as before ``hs-2024`` existed. Noise, when the network has
any, is added to a block just before its phase one
(:func:`l2s.graph.noise.perturbation`, keyed by seed, step and neuron, so
the result does not depend on the blocks). ``hs-2024``'s "distinct axons
deliver once" is a property of the inputs: the caller removes repeats
(:func:`l2s.inputs.distinct_per_step`) before calling.
"""
from __future__ import annotations

from typing import Tuple

import numba
import numpy as np

from ..graph.models import (MODEL_ANN, MODEL_LIF, POTENTIAL_MAX, POTENTIAL_MIN, fires, leaked,
                            reaches)
from ..graph.noise import perturbation
from ._pool import lend
from ._prefetch import prefetch
from ._sync import atomic_add, atomic_load, claim, wait_until

__all__ = ["run_steps", "phase_one_blocks", "phase_two_blocks", "PREFETCH_AHEAD", "DONE", "UNSAFE",
           "FULL"]

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
    for i in range(np.uint64(lo), np.uint64(hi)):  # unsigned: see _deliver_all
        x = np.int64(v[i])
        if out_of_range < 0 and (x < POTENTIAL_MIN or x > POTENTIAL_MAX):
            out_of_range = np.int64(i)
            out_of_range_v = x
        if _fires(x, threshold[i]):
            fired[np.uint64(lo + count)] = i
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
    for i in range(np.uint64(lo), np.uint64(hi)):  # unsigned: see _deliver_all
        x = np.int64(v[i])
        if out_of_range < 0 and (x < POTENTIAL_MIN or x > POTENTIAL_MAX):
            out_of_range = np.int64(i)
            out_of_range_v = x
        if _reaches(x, threshold[i]):
            fired[np.uint64(lo + count)] = i
            count += 1
            v[i] = 0
        else:
            x = _leaked(x, np.int64(leak[i]))
            v[i] = x
            if x > safe_limit or x < -safe_limit:
                unsafe = True
    return count, out_of_range, out_of_range_v, unsafe


@numba.njit(cache=True, nogil=True, inline="always")
def _add_noise(v, shift, seed, step, lo, hi):
    """Add the step's noise to neurons ``lo..hi-1`` (int64 potentials), keyed by index."""
    for i in range(lo, hi):
        v[i] += perturbation(seed, step, np.int64(i), np.int64(shift[i]))


@numba.njit(cache=True, nogil=True, inline="always")
def _add_noise_of(v, shift, seed, step, lo, hi, ids):
    """:func:`_add_noise` for a process holding some neurons: ``ids[i]`` is neuron ``i``'s
    network-wide index, which keys its draw."""
    for i in range(lo, hi):
        v[i] += perturbation(seed, step, ids[i], np.int64(shift[i]))


#: Sources read ahead: their synapses are prefetched while earlier ones are added.
PREFETCH_AHEAD = 4


@numba.njit(cache=True, nogil=True, inline="always")
def _prefetch_words(words, lo, hi):
    """Prefetch ``words[lo:hi]`` (one hint per cache line)."""
    for j in range(lo, hi, 64 // words.itemsize):
        prefetch(words, j)


@numba.njit(cache=True, nogil=True, inline="always")
def _deliver_all(v, layout, g0, g1, sources, lo, hi):
    """Deliver ``sources[lo:hi]`` into the blocks ``g0..g1-1`` of ``layout``, prefetching.

    Returns the number of synapses delivered.

    ``layout`` is a :class:`l2s.sim._layout.BlockedSynapses`' ``arrays``; a
    source's synapses into those blocks are one stretch of its row. A word is
    the target above a ``bits``-bit code into the weight ``table``. The
    segment bounds of source ``k + 2 * PREFETCH_AHEAD`` and the synapses of
    source ``k + PREFETCH_AHEAD`` are requested while source ``k`` is added.

    Every index here is unsigned: numba tests a signed index for a negative
    value (to count from the end) on every access, which costs more than the
    addition itself in these loops.
    """
    seg, n_blocks, words, table, bits = layout
    stride, first_block, last_block = np.uint64(n_blocks), np.uint64(g0), np.uint64(g1)
    shift, mask = np.uint64(bits), np.uint64((1 << bits) - 1)
    first, last = np.uint64(lo), np.uint64(hi)
    ahead = np.uint64(PREFETCH_AHEAD)
    delivered = np.uint64(0)
    for k in range(first, min(last, first + 2 * ahead)):
        prefetch(seg, np.uint64(sources[k]) * stride + first_block)
    for k in range(first, min(last, first + ahead)):
        row = np.uint64(sources[k]) * stride
        _prefetch_words(words, np.uint64(seg[row + first_block]), np.uint64(seg[row + last_block]))
    for k in range(first, last):
        if k + 2 * ahead < last:
            prefetch(seg, np.uint64(sources[k + 2 * ahead]) * stride + first_block)
        if k + ahead < last:
            row = np.uint64(sources[k + ahead]) * stride
            _prefetch_words(words, np.uint64(seg[row + first_block]),
                            np.uint64(seg[row + last_block]))
        row = np.uint64(sources[k]) * stride
        start, stop = np.uint64(seg[row + first_block]), np.uint64(seg[row + last_block])
        delivered += stop - start
        for j in range(start, stop):
            word = np.uint64(words[j])
            v[word >> shift] += table[word & mask]
    return delivered


#: Slots of the shared counters (one cache line apart, so threads do not contend for lines).
(_CLAIM_A, _DONE_A, _FINAL, _FINAL_DONE, _CLAIM_B, _DONE_B, _STOP_STEP, _STOP_REASON, _N_OUT,
 _EVENTS, _CALLER_BACK) = (8 * k for k in range(11))
_SYNC_SIZE = 8 * 11
#: Why :func:`run_steps` stopped: all steps done, int32 could wrap, the spike record is full.
DONE, UNSAFE, FULL = 0, 1, 2


@numba.njit(cache=True, nogil=True, inline="always")
def _phase_a(sync, v, threshold, model, leak, bounds, k, skip, step, fired, n_fired,
             block_out_of_range, block_out_of_range_v, block_unsafe, safe_limit, hs, noise,
             shift, seed):
    """Claim and run blocks of step ``k``'s noise and phase one until none is left."""
    n_blocks = bounds.size - 1
    while True:
        b = claim(sync, _CLAIM_A, (k + 1) * n_blocks) - k * n_blocks
        if b < 0:
            return
        lo, hi = bounds[b], bounds[b + 1]
        if not skip:
            if noise:
                _add_noise(v, shift, seed, step, lo, hi)
            if hs:
                (n_fired[b], block_out_of_range[b], block_out_of_range_v[b],
                 block_unsafe[b]) = _phase_one_hs(v, threshold, leak, lo, hi, fired, safe_limit)
            else:
                (n_fired[b], block_out_of_range[b], block_out_of_range_v[b],
                 block_unsafe[b]) = _phase_one(v, threshold, model, leak, lo, hi, fired,
                                               safe_limit)
        atomic_add(sync, _DONE_A, 1)


@numba.njit(cache=True, nogil=True, inline="always")
def _finish_phase_one(sync, bounds, s, skip, step, fired, n_fired, block_out_of_range,
                      block_out_of_range_v, block_unsafe, overflow, record_mask, out_times,
                      out_neurons):
    """Between the phases of step ``s``, on one thread: overflow, int32 safety and the record.

    Sets ``sync[_STOP_STEP]`` to ``s`` when the run must stop before phase
    two (``UNSAFE``: a potential exceeds the int32 limit; ``FULL``: the
    record has no room for the step's spikes).
    """
    n_blocks = bounds.size - 1
    if not skip:
        if overflow[0] < 0:
            for b in range(n_blocks):
                if block_out_of_range[b] >= 0:
                    overflow[0] = step - 1
                    overflow[1] = block_out_of_range[b]
                    overflow[2] = block_out_of_range_v[b]
                    break
        for b in range(n_blocks):
            if block_unsafe[b]:
                sync[_STOP_REASON] = UNSAFE
                sync[_STOP_STEP] = s
                return
    n_out = sync[_N_OUT]
    total = 0
    for b in range(n_blocks):
        total += n_fired[b]
    if n_out + total > out_times.size:
        sync[_STOP_REASON] = FULL
        sync[_STOP_STEP] = s
        return
    # ascending: blocks are ascending ranges
    for b in range(n_blocks):
        for k in range(bounds[b], bounds[b] + n_fired[b]):
            i = fired[k]
            if record_mask[i]:
                out_times[n_out] = step
                out_neurons[n_out] = i
                n_out += 1
    sync[_N_OUT] = n_out


@numba.njit(cache=True, nogil=True, inline="always")
def _phase_b(sync, v, bounds, groups, k, s, axon_syn, neuron_syn, in_indptr, in_indices, fired,
             n_fired, pot_neurons, pot_order, pot_bounds, pot_out):
    """Claim and run blocks of step ``k``'s phase two (and their potential records).

    Block ``b`` is the layouts' blocks ``groups[b]..groups[b + 1]-1``. The
    synapses delivered are counted into ``sync[_EVENTS]`` (the work done, for
    the thread chooser's pace), here in the parallel phase: counted between
    the phases, the row lengths of the fired neurons were a serial pass of
    cache misses.
    """
    n_blocks = bounds.size - 1
    while True:
        b = claim(sync, _CLAIM_B, (k + 1) * n_blocks) - k * n_blocks
        if b < 0:
            return
        g0, g1 = groups[b], groups[b + 1]
        events = _deliver_all(v, axon_syn, g0, g1, in_indices, in_indptr[s], in_indptr[s + 1])
        for c in range(n_blocks):
            events += _deliver_all(v, neuron_syn, g0, g1, fired, bounds[c],
                                   bounds[c] + n_fired[c])
        for q in range(pot_bounds[b], pot_bounds[b + 1]):
            p = pot_order[q]
            pot_out[s, p] = v[pot_neurons[p]]
        atomic_add(sync, _EVENTS, events)
        atomic_add(sync, _DONE_B, 1)


@numba.njit(cache=True, nogil=True)
def _work(sync, v, threshold, model, leak, bounds, groups, axon_syn, neuron_syn, in_indptr,
          in_indices, first, last, t0, phase_one_done, record_mask, out_times, out_neurons,
          pot_neurons, pot_order, pot_bounds, pot_out, fired, n_fired, block_out_of_range,
          block_out_of_range_v, block_unsafe, safe_limit, overflow, hs, noise, shift, seed,
          helper):
    """One thread's share of steps ``first..last-1``: whatever blocks are left when it asks.

    Threads wait only for blocks another thread has started, never for a
    thread to arrive, so one that the system runs late holds up nothing it
    has not begun (it finds the counters already past and catches up).

    A ``helper`` thread (not the caller's) returns only once the caller is
    back in Python: both finish together, and a helper that took the GIL
    first would make the caller wait for the system to wake it (about 35 us
    on a VM, every step of a ``step()`` loop). The caller never waits for a
    helper, so this wait always ends.
    """
    _work_steps(sync, v, threshold, model, leak, bounds, groups, axon_syn, neuron_syn, in_indptr,
                in_indices, first, last, t0, phase_one_done, record_mask, out_times, out_neurons,
                pot_neurons, pot_order, pot_bounds, pot_out, fired, n_fired, block_out_of_range,
                block_out_of_range_v, block_unsafe, safe_limit, overflow, hs, noise, shift, seed)
    if helper:
        wait_until(sync, _CALLER_BACK, 1)


@numba.njit(cache=True, nogil=True)
def _work_steps(sync, v, threshold, model, leak, bounds, groups, axon_syn, neuron_syn, in_indptr,
                in_indices, first, last, t0, phase_one_done, record_mask, out_times, out_neurons,
                pot_neurons, pot_order, pot_bounds, pot_out, fired, n_fired, block_out_of_range,
                block_out_of_range_v, block_unsafe, safe_limit, overflow, hs, noise, shift, seed):
    """The steps of :func:`_work`."""
    n_blocks = bounds.size - 1
    for s in range(first, last):
        k = s - first
        step = t0 + s
        skip = phase_one_done and s == first
        _phase_a(sync, v, threshold, model, leak, bounds, k, skip, step, fired, n_fired,
                 block_out_of_range, block_out_of_range_v, block_unsafe, safe_limit, hs, noise,
                 shift, seed)
        wait_until(sync, _DONE_A, (k + 1) * n_blocks)
        if claim(sync, _FINAL, k + 1) == k:
            _finish_phase_one(sync, bounds, s, skip, step, fired, n_fired, block_out_of_range,
                              block_out_of_range_v, block_unsafe, overflow, record_mask,
                              out_times, out_neurons)
            atomic_add(sync, _FINAL_DONE, 1)
        wait_until(sync, _FINAL_DONE, k + 1)
        if atomic_load(sync, _STOP_STEP) == s:
            return
        _phase_b(sync, v, bounds, groups, k, s, axon_syn, neuron_syn, in_indptr, in_indices, fired,
                 n_fired, pot_neurons, pot_order, pot_bounds, pot_out)
        wait_until(sync, _DONE_B, (k + 1) * n_blocks)


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
            if ids.size:
                _add_noise_of(v, shift, seed, step, bounds[b], bounds[b + 1], ids)
            else:
                _add_noise(v, shift, seed, step, bounds[b], bounds[b + 1])
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
def phase_two_blocks(v, bounds, axon_syn, axons, axons_lo, axons_hi, neuron_syn, fired,
                     fired_lo, fired_hi):
    """Phase two in every block, in parallel: deliver the active axons and fired neurons.

    The sources are ``axons[axons_lo:axons_hi]`` (rows of the axon layout
    ``axon_syn``) and the segments ``fired[fired_lo[k]:fired_hi[k]]`` (rows of
    the neuron layout ``neuron_syn``); a layout is a
    :class:`l2s.sim._layout.BlockedSynapses`' ``arrays``.
    """
    for b in numba.prange(bounds.size - 1):
        _deliver_all(v, axon_syn, b, b + 1, axons, axons_lo, axons_hi)
        for k in range(fired_lo.size):
            _deliver_all(v, neuron_syn, b, b + 1, fired, fired_lo[k], fired_hi[k])


def run_steps(v: np.ndarray, threshold: np.ndarray, model: np.ndarray, leak: np.ndarray,
              bounds: np.ndarray, groups: np.ndarray, axon_syn: Tuple, neuron_syn: Tuple,
              in_indptr: np.ndarray, in_indices: np.ndarray, first: int, last: int, t0: int,
              phase_one_done: bool, record_mask: np.ndarray, out_times: np.ndarray,
              out_neurons: np.ndarray, n_out: int, pot_neurons: np.ndarray, pot_out: np.ndarray,
              fired: np.ndarray, n_fired: np.ndarray, safe_limit: int, overflow: np.ndarray,
              hs: bool, noise: bool, shift: np.ndarray, seed: int, threads: int
              ) -> Tuple[int, int, int, int]:
    """Run input steps ``first..last-1`` on the calling thread and ``threads - 1`` helpers.

    ``axon_syn`` and ``neuron_syn`` are the synapse layouts
    (:attr:`l2s.sim._layout.BlockedSynapses.arrays`) of the two kinds of
    source. The threads share the neurons in blocks ``bounds[b]..bounds[b +
    1]-1``, each the layouts' blocks ``groups[b]..groups[b + 1]-1``: one
    block per layout block when several threads run, one block of them all
    when one does (it then reads each source's row in one stretch).

    ``hs`` selects the ``hs-2024`` phase one; with ``noise`` each step
    first adds :func:`l2s.graph.noise.perturbation` of ``(seed, step,
    neuron, shift[neuron])`` to every potential (the caller then holds them
    as int64). Spikes of ``record_mask`` neurons go to ``out_times`` /
    ``out_neurons`` from ``n_out`` on; ``pot_out[s]`` receives the
    potentials of ``pot_neurons`` after step ``s``.

    Returns ``(next_step, status, n_out, events)``: ``events`` counts the
    synapses delivered (the work done, for timing). ``status`` is ``DONE``, or the
    run stopped at ``next_step`` after its phase one: ``UNSAFE`` when a
    potential exceeds ``safe_limit`` (the caller widens the state), ``FULL``
    when ``out_times``/``out_neurons`` cannot take the step's spikes (the
    caller grows them); either way the caller calls again with
    ``phase_one_done=True``, and ``fired``/``n_fired`` carry the fired
    neurons across. ``overflow`` receives ``(step, neuron, V)`` of the first
    potential seen outside the signed 35-bit range (step -1: none).
    """
    n_blocks = bounds.size - 1
    if pot_neurons.size:
        pot_order = np.argsort(pot_neurons, kind="stable")
        pot_bounds = np.searchsorted(pot_neurons[pot_order], bounds)
    else:  # the common case, without the two numpy calls (a step() costs tens of us)
        pot_order, pot_bounds = pot_neurons, np.zeros(bounds.size, dtype=np.int64)
    sync = np.zeros(_SYNC_SIZE, dtype=np.int64)
    sync[_STOP_STEP] = -1
    sync[_N_OUT] = n_out
    args = (sync, v, threshold, model, leak, bounds, groups, axon_syn, neuron_syn, in_indptr,
            in_indices, first, last, t0, phase_one_done, record_mask, out_times, out_neurons,
            pot_neurons, pot_order, pot_bounds, pot_out, fired, n_fired,
            np.empty(n_blocks, dtype=np.int64), np.empty(n_blocks, dtype=np.int64),
            np.zeros(n_blocks, dtype=np.bool_), safe_limit, overflow, hs, noise, shift, seed)
    if threads > 1 and last - first > 0:
        lend(_work, args + (True,), threads - 1)
    try:
        _work(*args, False)
    finally:
        sync[_CALLER_BACK] = 1  # the caller holds the GIL again: the helpers may return
    stop = int(sync[_STOP_STEP])
    return ((stop, int(sync[_STOP_REASON])) if stop >= 0 else (last, DONE)) + (
        int(sync[_N_OUT]), int(sync[_EVENTS]))
