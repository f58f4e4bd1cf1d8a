"""Capacity repair: move neurons off cores that hold more than the hardware allows.

Partitioners balance an approximation of the load (METIS a combined vertex
weight, the baselines the neuron count); the capacities are hard limits.
For every overflowing core, neurons are tried in order of how loosely they
are attached to it (synapses to their own core minus synapses to their best
other core); each goes to the first of its best-connected cores (then the
emptiest core) where the move is *exactly* admissible: the source core's
overflow shrinks and no core is pushed over a capacity. The effect of a move
on axon slots and HBM row groups is computed exactly from the synapses of the
neuron and of its sources, so the loads stay exact while moving.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Tuple

import numba
import numpy as np

from ..errors import CapacityError
from ..machine.costs import free_words_of, groups_for, remote_cores, tally_cores
from .loads import CorePairs, loads_of
from ..machine.spec import HardwareSpec
from .topology import Topology

__all__ = ["repair", "Capacities", "capacity_error"]

#: Consecutive refused neurons after which a core is given up for this round.
_PATIENCE = 64
_ROUNDS = 8


@dataclass(frozen=True)
class Capacities:
    """Per-core limits the repair enforces (arrays of length ``n_cores``)."""

    neurons: np.ndarray
    axons: np.ndarray
    row_groups: np.ndarray

    @classmethod
    def of(cls, spec: HardwareSpec) -> "Capacities":
        """The limits of ``spec``, the HBM rows as row groups."""
        full = np.ones(spec.n_cores, dtype=np.int64)
        return cls(full * spec.neurons_per_core, full * spec.axons_per_core,
                   full * spec.groups_per_core)


@numba.njit(cache=True, nogil=True)
def _add_terms(s, is_axon, sign, k0, k1, core, indptr, indices, output, mark, seen, d_axons,
               d_groups, d_cores, n_d, listed):
    """Add ``sign`` times the axon slots and row groups source ``s`` needs on cores
    ``k0``, ``k1`` and (for a neuron) its own core, to the per-core deltas."""
    m = tally_cores(indptr, indices, core, s, mark, seen)
    own = -1 if is_axon else core[s]
    free = 0 if is_axon else free_words_of(remote_cores(seen, m, own), output[s])
    for i in range(3):
        c = k0 if i == 0 else (k1 if i == 1 else own)
        if c < 0 or (i == 1 and c == k0) or (i == 2 and (c == k0 or c == k1)):
            continue
        t = mark[c]
        if c == own:
            slots = 0
            groups = groups_for(t + free)
        else:
            slots = 1 if t > 0 else 0
            groups = groups_for(t)
        if not listed[c]:
            listed[c] = True
            d_cores[n_d] = c
            n_d += 1
        d_axons[c] += sign * slots
        d_groups[c] += sign * groups
    for j in range(m):
        mark[seen[j]] = 0
    return n_d


@numba.njit(cache=True, nogil=True)
def _move_delta(v, b, core, nrn_ptr, nrn_idx, ax_ptr, ax_idx, in_nrn_ptr, in_nrn_idx, in_ax_ptr,
                in_ax_idx, output, stamp, ax_stamp, move_id, mark, seen, d_axons, d_groups,
                d_cores, listed):
    """Per-core change of axon slots and row groups if neuron ``v`` moved to core ``b``.

    Fills ``d_axons``/``d_groups`` on the cores listed in ``d_cores[:n]``; returns ``n``.
    """
    a = core[v]
    n_d = 0
    for phase in range(2):
        sign = -1 if phase == 0 else 1
        core[v] = a if phase == 0 else b
        n_d = _add_terms(v, False, sign, a, b, core, nrn_ptr, nrn_idx, output, mark, seen,
                         d_axons, d_groups, d_cores, n_d, listed)
        tag = 2 * move_id + phase
        stamp[v] = tag
        for k in range(in_nrn_ptr[v], in_nrn_ptr[v + 1]):
            s = in_nrn_idx[k]
            if stamp[s] != tag:
                stamp[s] = tag
                n_d = _add_terms(s, False, sign, a, b, core, nrn_ptr, nrn_idx, output, mark,
                                 seen, d_axons, d_groups, d_cores, n_d, listed)
        for k in range(in_ax_ptr[v], in_ax_ptr[v + 1]):
            x = in_ax_idx[k]
            if ax_stamp[x] != tag:
                ax_stamp[x] = tag
                n_d = _add_terms(x, True, sign, a, b, core, ax_ptr, ax_idx, output, mark,
                                 seen, d_axons, d_groups, d_cores, n_d, listed)
    core[v] = a
    return n_d


@numba.njit(cache=True, nogil=True)
def _overflow(c, n_neurons, n_axons, n_groups, cap_n, cap_a, cap_g):
    return (max(0, n_neurons - cap_n[c]) / cap_n[c] + max(0, n_axons - cap_a[c]) / cap_a[c]
            + max(0, n_groups - cap_g[c]) / cap_g[c])


@numba.njit(cache=True, nogil=True)
def _relieve(a, candidates, core, neurons, axons, groups, cap_n, cap_a, cap_g, nrn_ptr, nrn_idx,
             ax_ptr, ax_idx, in_nrn_ptr, in_nrn_idx, in_ax_ptr, in_ax_idx, output, stamp,
             ax_stamp, move_id, patience):
    """Move neurons of ``candidates`` (all on core ``a``) away until ``a`` fits.

    Gives up early when the relief per move so far cannot empty it in time.
    Returns the next free ``move_id``.
    """
    n_cores = neurons.size
    mark = np.zeros(n_cores, dtype=np.int64)
    seen = np.empty(n_cores, dtype=np.int64)
    d_axons = np.zeros(n_cores, dtype=np.int64)
    d_groups = np.zeros(n_cores, dtype=np.int64)
    d_cores = np.empty(n_cores, dtype=np.int64)
    listed = np.zeros(n_cores, dtype=np.bool_)
    link = np.zeros(n_cores, dtype=np.int64)
    options = np.empty(4, dtype=np.int64)
    moves = 0
    refused = 0
    start = _overflow(a, neurons[a], axons[a], groups[a], cap_n, cap_a, cap_g)
    for i in range(candidates.size):
        v = candidates[i]
        left = _overflow(a, neurons[a], axons[a], groups[a], cap_n, cap_a, cap_g)
        if left == 0 or refused >= patience:
            break
        # hopeless when, at the relief per move so far, the remaining candidates cannot do it
        if moves >= patience // 8 and (start - left) / moves * (candidates.size - i) < left:
            break
        # destinations: the three best-connected other cores, then the emptiest
        m = 0
        for side in range(2):
            lo = nrn_ptr[v] if side == 0 else in_nrn_ptr[v]
            hi = nrn_ptr[v + 1] if side == 0 else in_nrn_ptr[v + 1]
            for k in range(lo, hi):
                c = core[nrn_idx[k]] if side == 0 else core[in_nrn_idx[k]]
                if c != a:
                    if link[c] == 0:
                        seen[m] = c
                        m += 1
                    link[c] += 1
        n_opt = 0
        for _ in range(3):
            best, best_link = -1, 0
            for j in range(m):
                if link[seen[j]] > best_link:
                    best, best_link = seen[j], link[seen[j]]
            if best < 0:
                break
            options[n_opt] = best
            n_opt += 1
            link[best] = 0
        for j in range(m):
            link[seen[j]] = 0
        emptiest, lowest = -1, np.inf
        for c in range(n_cores):
            fill = max(neurons[c] / cap_n[c], axons[c] / cap_a[c], groups[c] / cap_g[c])
            if c != a and fill < lowest:
                emptiest, lowest = c, fill
        if emptiest >= 0:
            options[n_opt] = emptiest
            n_opt += 1
        moved = False
        for i in range(n_opt):
            b = options[i]
            n_d = _move_delta(v, b, core, nrn_ptr, nrn_idx, ax_ptr, ax_idx, in_nrn_ptr,
                              in_nrn_idx, in_ax_ptr, in_ax_idx, output, stamp, ax_stamp,
                              move_id, mark, seen, d_axons, d_groups, d_cores, listed)
            move_id += 1
            ok = True
            for j in range(n_d):
                c = d_cores[j]
                dn = -1 if c == a else (1 if c == b else 0)
                new_n = neurons[c] + dn
                new_a = axons[c] + d_axons[c]
                new_g = groups[c] + d_groups[c]
                if c == a:
                    ok = ok and (_overflow(c, new_n, new_a, new_g, cap_n, cap_a, cap_g)
                                 < _overflow(c, neurons[c], axons[c], groups[c], cap_n, cap_a,
                                             cap_g))
                ok = ok and (new_n <= max(cap_n[c], neurons[c])
                             and new_a <= max(cap_a[c], axons[c])
                             and new_g <= max(cap_g[c], groups[c]))
            if ok:
                core[v] = b
                neurons[a] -= 1
                neurons[b] += 1
                for j in range(n_d):
                    axons[d_cores[j]] += d_axons[d_cores[j]]
                    groups[d_cores[j]] += d_groups[d_cores[j]]
            for j in range(n_d):
                d_axons[d_cores[j]] = 0
                d_groups[d_cores[j]] = 0
                listed[d_cores[j]] = False
            if ok:
                moved = True
                break
        if moved:
            moves += 1
            refused = 0
        else:
            refused += 1
    return move_id


@numba.njit(cache=True, nogil=True)
def _looseness(members, core, nrn_ptr, nrn_idx, in_nrn_ptr, in_nrn_idx, n_cores):
    """Synapses of each neuron to its own core minus those to its best other core."""
    link = np.zeros(n_cores, dtype=np.int64)
    seen = np.empty(n_cores, dtype=np.int64)
    score = np.empty(members.size, dtype=np.int64)
    for i in range(members.size):
        v = members[i]
        a = core[v]
        m = 0
        for side in range(2):
            lo = nrn_ptr[v] if side == 0 else in_nrn_ptr[v]
            hi = nrn_ptr[v + 1] if side == 0 else in_nrn_ptr[v + 1]
            for k in range(lo, hi):
                c = core[nrn_idx[k]] if side == 0 else core[in_nrn_idx[k]]
                if link[c] == 0:
                    seen[m] = c
                    m += 1
                link[c] += 1
        best_other = 0
        for j in range(m):
            if seen[j] != a:
                best_other = max(best_other, link[seen[j]])
        score[i] = link[a] - best_other
        for j in range(m):
            link[seen[j]] = 0
    return score


def _worst(loads_n, loads_a, loads_g, caps: Capacities):
    """(relative overflow, message) of the worst capacity violation, or None."""
    worst = None
    for name, load, cap in (("neurons_per_core", loads_n, caps.neurons),
                            ("axons_per_core", loads_a, caps.axons),
                            ("hbm_rows_per_core", loads_g, caps.row_groups)):
        ratio = load / cap
        c = int(np.argmax(ratio))
        if ratio[c] > 1 and (worst is None or ratio[c] > worst[0]):
            worst = (ratio[c], name, c, int(load[c]), int(cap[c]))
    return worst


def capacity_error(name: str, core: int, need: int, cap: int, spec: HardwareSpec,
                   detail: str = "") -> CapacityError:
    """The error for ``core`` needing ``need`` of capacity ``name`` where ``cap`` fit."""
    unit = {"neurons_per_core": "neurons", "axons_per_core": "axons",
            "hbm_rows_per_core": "HBM rows"}[name]
    return CapacityError(
        f"core {core} (FPGA {core // spec.cores_per_fpga}) needs {need:,} {unit}{detail} "
        f"but {name} = {getattr(spec, name):,}"
        + (f" (at most {cap:,} usable)" if cap != getattr(spec, name) else "")
        + "; no placement found fits: use more cores (HardwareSpec fpgas / cores_per_fpga) "
          "or a smaller network")


def repair(core: np.ndarray, topology: Topology, spec: HardwareSpec,
           caps: Capacities) -> Tuple[np.ndarray, CorePairs, CorePairs]:
    """A copy of ``core`` in which every core is within ``caps``, and its pairs.

    Returns
    -------
    core : numpy.ndarray (int32)
    neuron_pairs, axon_pairs : CorePairs
        The pairs of the returned assignment.

    Raises
    ------
    CapacityError
        When neurons cannot be moved so that every core fits; the message names
        the capacity, the core and its need.

    Examples
    --------
    >>> from l2s.examples import random_recurrent
    >>> compiled = random_recurrent(64, fanout=4).compile()
    >>> spec = HardwareSpec(cores_per_fpga=4, neurons_per_core=16)
    >>> crowded = np.zeros(64, np.int32)        # everything on core 0
    >>> core, _, _ = repair(crowded, Topology.from_compiled(compiled), spec, Capacities.of(spec))
    >>> np.bincount(core).tolist()
    [16, 16, 16, 16]
    """
    core = core.astype(np.int32, copy=True)
    n_cores = spec.n_cores
    t = topology
    stamp = np.full(t.n_neurons, -1, dtype=np.int64)
    ax_stamp = np.full(t.n_axons, -1, dtype=np.int64)
    move_id = 0
    previous_excess = np.inf
    for _ in range(_ROUNDS):
        neuron_pairs, axon_pairs, loads = loads_of(t, core, n_cores)
        neurons, axons = loads.neurons.copy(), loads.axons.copy()
        groups = loads.row_groups_lower_bound.copy()
        excess = (np.maximum(neurons - caps.neurons, 0) / caps.neurons
                  + np.maximum(axons - caps.axons, 0) / caps.axons
                  + np.maximum(groups - caps.row_groups, 0) / caps.row_groups)
        if excess.sum() == 0:
            return core, neuron_pairs, axon_pairs
        if excess.sum() > 0.99 * previous_excess:
            break  # no real progress in the last round
        previous_excess = excess.sum()
        by_core = np.argsort(core, kind="stable")
        starts = np.searchsorted(core[by_core], np.arange(n_cores + 1))
        for a in np.argsort(-excess, kind="stable")[:np.count_nonzero(excess)]:
            members = by_core[starts[a]:starts[a + 1]]
            score = _looseness(members, core, t.neuron_indptr, t.neuron_indices,
                               t.in_neuron_indptr, t.in_neuron_indices, n_cores)
            candidates = members[np.argsort(score, kind="stable")]
            move_id = _relieve(
                int(a), candidates, core, neurons, axons, groups, caps.neurons, caps.axons,
                caps.row_groups, t.neuron_indptr, t.neuron_indices, t.axon_indptr,
                t.axon_indices, t.in_neuron_indptr, t.in_neuron_indices, t.in_axon_indptr,
                t.in_axon_indices, t.output.astype(np.int64), stamp, ax_stamp, move_id,
                _PATIENCE)
    neuron_pairs, axon_pairs, loads = loads_of(t, core, n_cores)
    worst = _worst(loads.neurons, loads.axons, loads.row_groups_lower_bound, caps)
    if worst is None:
        return core, neuron_pairs, axon_pairs
    _, name, c, need, cap = worst
    if name == "hbm_rows_per_core":
        need, cap = 2 * need, 2 * cap
    detail = ""
    if name == "axons_per_core":
        detail = (f" ({int(loads.input_axons[c]):,} input axons + "
                  f"{int(loads.relays[c]):,} relay axons)")
    raise capacity_error(name, c, need, cap, spec, detail)
