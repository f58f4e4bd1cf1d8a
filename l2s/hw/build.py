"""Lowering a placed network to its hardware image (every HBM and URAM word)."""
from __future__ import annotations

from typing import Any, NamedTuple, Tuple

import numpy as np

from .._validation import MAX_INDEX, check_instance, check_int_array
from ..errors import CapacityError, InvalidValueError
from ..graph.compiled import CompiledNetwork
from ..graph.models import HS_2024, THRESHOLD_MAX
from ..machine.geometry import COLUMNS, ROWS_PER_GROUP, SYN_BASE, WORDS_PER_ROW
from ..machine.spec import HardwareSpec, pointer_span_error
from ..machine.words import (MAX_CORES_PER_FPGA, MAX_FPGAS, MAX_POINTER_ROWS, MAX_ROWS,
                             MAX_SLOTS, MAX_TARGET_ROWS, encode_params)
from ..partition import Placement
from ._layout import assign_slots, lay_out_rows, source_pairs, write_rows
from .image import HardwareImage

__all__ = ["build_image", "build_image_at"]


def build_image(compiled: CompiledNetwork, placement: Placement) -> HardwareImage:
    """Lower a compiled network and its placement to the words every core holds.

    Each core gets: an axon pointer per axon slot (the input axons that
    target the core, ascending, then one relay axon per remote neuron that
    targets it, ascending); a neuron pointer per core-local neuron index;
    the synapse rows those pointers span (local synapse words in the slot of
    their target's column, a route word per remote core a neuron targets, a
    spike-out word per output neuron); and a URAM parameter word per neuron.
    Row owners follow each other from ``SYN_BASE`` in the order axon slots,
    neurons, then one shared empty row group for neurons without words.

    Parameters
    ----------
    compiled : CompiledNetwork
    placement : Placement
        From :func:`l2s.partition.partition`; only its ``spec``, ``core`` and
        ``local_index`` are used (see :func:`build_image_at`).

    Returns
    -------
    HardwareImage

    Raises
    ------
    CapacityError
        When a core needs more axon slots, neuron slots or HBM rows than the
        spec or the word formats allow, or one source more rows than a
        pointer spans.

    Examples
    --------
    >>> from l2s.examples import random_recurrent
    >>> from l2s.partition import HardwareSpec, partition
    >>> compiled = random_recurrent(100, fanout=10).compile()
    >>> image = build_image(compiled, partition(compiled, HardwareSpec(cores_per_fpga=4)))
    >>> image.n_neurons, image.n_cores, image.synapse_rows.shape[1]
    (100, 4, 8)
    """
    check_instance(placement, "placement", Placement, "from l2s.partition.partition")
    return build_image_at(compiled, placement.spec, placement.core, placement.local_index)


def build_image_at(compiled: CompiledNetwork, spec: HardwareSpec, core: Any,
                   local_index: Any) -> HardwareImage:
    """:func:`build_image` for neurons at explicit sites: global ``core`` and ``local_index``.

    Parameters
    ----------
    compiled : CompiledNetwork
    spec : HardwareSpec
    core, local_index : array of int
        Per neuron, its global core (``fpga * cores_per_fpga + core on the
        FPGA``) and its core-local index ``row * 16 + column``; no two
        neurons may share a site.

    Examples
    --------
    >>> import l2s
    >>> from l2s.partition import HardwareSpec
    >>> net = l2s.Network()
    >>> _ = net.add_neurons("n", 2, threshold=0, output=True)
    >>> image = build_image_at(net.compile(), HardwareSpec(cores_per_fpga=2), [1, 0], [5, 0])
    >>> image.neuron_core.tolist(), image.neuron_local.tolist(), image.neuron_indptr.tolist()
    ([1, 0], [5, 0], [0, 1, 7])
    """
    check_instance(compiled, "compiled", CompiledNetwork, "from Network.compile()")
    check_instance(spec, "spec", HardwareSpec)
    _check_spec(spec)
    core = check_int_array(core, "core", -MAX_INDEX - 1, MAX_INDEX, np.int32)
    local = check_int_array(local_index, "local_index", -MAX_INDEX - 1, MAX_INDEX, np.int32)
    _check_sites(core, local, spec, compiled.n_neurons)
    no_owner = np.full(compiled.n_axons, -1, dtype=np.int32)
    no_output = np.zeros(compiled.n_axons, dtype=bool)
    inputs = _Sources(compiled.axon_indptr, compiled.axon_indices, compiled.axon_weights,
                      no_owner, no_owner, no_output)
    neurons = _Sources(compiled.neuron_indptr, compiled.neuron_indices, compiled.neuron_weights,
                       core, local, compiled.output)
    a_indptr, a_core, a_groups, _ = inputs.pairs(core, local, spec.n_cores)
    r_indptr, r_core, r_groups, own_groups = neurons.pairs(core, local, spec.n_cores)
    _check_pointer_lengths(own_groups, core, ("input axon", a_indptr, a_core, a_groups),
                           ("neuron", r_indptr, r_core, r_groups))
    input_slot, relay_slot, n_slots = assign_slots(a_core, r_core, spec.n_cores)
    _check_per_core(n_slots, min(spec.axons_per_core, MAX_SLOTS),
                    "axon slots (input and relay axons)")
    axon_indptr = _exclusive_cumsum(n_slots)
    slot_groups = np.empty(axon_indptr[-1], dtype=np.int32)
    slot_groups[axon_indptr[a_core] + input_slot] = a_groups
    slot_groups[axon_indptr[r_core] + relay_slot] = r_groups
    neuron_indptr, neuron_slot, neuron_groups = _neuron_slots(core, local, own_groups,
                                                              spec.n_cores)
    axon_pointers, neuron_pointers, rows = lay_out_rows(axon_indptr, slot_groups, neuron_indptr,
                                                        neuron_groups)
    _check_per_core(rows, min(spec.hbm_rows_per_core, MAX_ROWS - SYN_BASE), "HBM synapse rows")
    row_indptr = _exclusive_cumsum(rows)
    # Filled in order before the scattered writes: faulting its pages in at random costs
    # ten times more than the writes themselves.
    words = np.empty(int(row_indptr[-1]) * WORDS_PER_ROW, dtype=np.uint32)
    words.fill(0)
    layout = (axon_indptr, axon_pointers, neuron_indptr, neuron_pointers, row_indptr,
              spec.cores_per_fpga, words)
    inputs.write(core, local, a_indptr, a_core, input_slot, layout)
    neurons.write(core, local, r_indptr, r_core, relay_slot, layout)
    params = encode_params(np.full(int(neuron_indptr[-1]), THRESHOLD_MAX), 0, 0)
    params[neuron_slot] = encode_params(compiled.threshold, compiled.model, compiled.leak,
                                        compiled.shift, compiled.noise,
                                        compiled.semantics == HS_2024)
    return HardwareImage(
        spec=spec, axon_pointers=axon_pointers, axon_indptr=axon_indptr,
        neuron_pointers=neuron_pointers, neuron_indptr=neuron_indptr,
        synapse_rows=words.reshape(-1, WORDS_PER_ROW), row_indptr=row_indptr,
        neuron_params=params, input_indptr=a_indptr, input_core=a_core, input_slot=input_slot,
        neuron_core=core, neuron_local=local)


def _neuron_slots(core: np.ndarray, local: np.ndarray, own_groups: np.ndarray, n_cores: int
                  ) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Neuron slots of every core (up to its largest local index): ``indptr``, the slot of
    every neuron, and the row groups of every slot (-1 for an unused one)."""
    n_slots = np.zeros(n_cores, dtype=np.int64)
    np.maximum.at(n_slots, core, local.astype(np.int64) + 1)
    indptr = _exclusive_cumsum(n_slots)
    slot = indptr[core] + local
    groups = np.full(indptr[-1], -1, dtype=np.int32)
    groups[slot] = own_groups
    return indptr, slot, groups


class _Sources(NamedTuple):
    """One kind of synapse source (input axons or neurons) as the compiled passes take it.

    ``own_core``/``own_local`` are each source's own site (-1 for input
    axons, which have none); ``output`` whether it gets a spike-out word.
    """

    indptr: np.ndarray
    indices: np.ndarray
    weights: np.ndarray
    own_core: np.ndarray
    own_local: np.ndarray
    output: np.ndarray

    def pairs(self, core: np.ndarray, local: np.ndarray, n_cores: int) -> tuple:
        return source_pairs(self.indptr, self.indices, core, local, self.own_core, self.output,
                            n_cores)

    def write(self, core: np.ndarray, local: np.ndarray, pair_indptr: np.ndarray,
              pair_core: np.ndarray, pair_slot: np.ndarray, layout: tuple) -> None:
        write_rows(self.indptr, self.indices, self.weights, core, local, self.own_core,
                   self.own_local, self.output, pair_indptr, pair_core, pair_slot, *layout)


def _check_spec(spec: HardwareSpec) -> None:
    if spec.fpgas > MAX_FPGAS or spec.cores_per_fpga > MAX_CORES_PER_FPGA:
        raise CapacityError(
            f"a route word addresses at most {MAX_FPGAS} FPGAs of {MAX_CORES_PER_FPGA} cores; "
            f"the spec has fpgas = {spec.fpgas}, cores_per_fpga = {spec.cores_per_fpga}")


def _check_sites(core: np.ndarray, local: np.ndarray, spec: HardwareSpec, n: int) -> None:
    if core.shape != (n,) or local.shape != (n,):
        raise InvalidValueError(f"core and local_index need one entry per neuron ({n}), got "
                                f"shapes {core.shape} and {local.shape}")
    limit = min(spec.neurons_per_core, MAX_SLOTS, MAX_TARGET_ROWS * COLUMNS)
    bad = np.flatnonzero((local < 0) | (local >= limit) | (core < 0) | (core >= spec.n_cores))
    if bad.size:
        raise CapacityError(f"neuron {bad[0]} is placed at core {core[bad[0]]}, local index "
                            f"{local[bad[0]]}; cores are 0..{spec.n_cores - 1} and local "
                            f"indices 0..{limit - 1}")
    site = core.astype(np.int64) * limit + local
    if np.unique(site).size != n:
        _, first, counts = np.unique(site, return_index=True, return_counts=True)
        k = int(first[np.argmax(counts > 1)])
        raise InvalidValueError(f"two neurons share core {core[k]}, local index {local[k]}")


def _exclusive_cumsum(values: np.ndarray) -> np.ndarray:
    out = np.zeros(values.size + 1, dtype=np.int64)
    np.cumsum(values, out=out[1:])
    return out


def _check_per_core(need: np.ndarray, limit: int, what: str) -> None:
    worst = int(np.argmax(need))
    if need[worst] > limit:
        raise CapacityError(f"core {worst} needs {int(need[worst])} {what}, more than the "
                            f"{limit} a core holds")


def _check_pointer_lengths(own_groups: np.ndarray, core: np.ndarray,
                           *pairs: Tuple[str, np.ndarray, np.ndarray, np.ndarray]) -> None:
    """Every owner's rows must fit the 9-bit length of one pointer.

    ``pairs`` are ``(what, pair_indptr, pair_core, pair_groups)`` of input
    axons and of relays.
    """
    limit = MAX_POINTER_ROWS // ROWS_PER_GROUP
    worst = [("neuron", np.arange(core.size + 1), core, own_groups), *pairs]
    for what, indptr, pair_core, groups in worst:
        if groups.size and groups.max() > limit:
            k = int(np.argmax(groups))
            source = int(np.searchsorted(indptr, k, side="right")) - 1
            raise pointer_span_error(f"{what} {source}", groups[k], pair_core[k],
                                     f"a pointer's length spans at most {MAX_POINTER_ROWS}")
