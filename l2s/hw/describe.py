"""Human-readable decoding of the words an image holds for one neuron or input axon."""
from __future__ import annotations

from typing import List, Optional

import numpy as np

from .._validation import check_int
from ..errors import InvalidValueError
from ..graph.models import MODELS
from .image import AXON, NEURON, HardwareImage, image_argument
from ..machine.geometry import AXN_BASE, COLUMNS, NRN_BASE, WORDS_PER_ROW
from ..machine.words import (OP_INTER_CORE, OP_INTER_FPGA, OP_SPIKE_OUT, OP_SYNAPSE,
                             column_of_slot, decode_params, decode_route, decode_spike_out,
                             decode_synapse, opcode, row_in_group, synapse_target)

__all__ = ["describe"]

_MODEL_NAMES = {m.code: m.name for m in MODELS.values()}


def _where(image: HardwareImage, core: int) -> str:
    cpf = image.spec.cores_per_fpga
    return f"core {core} (FPGA {core // cpf}, core {core % cpf} on it)"


def _neuron_at(image: HardwareImage, core: int, local: int) -> str:
    hit = np.flatnonzero((image.neuron_core == core) & (image.neuron_local == local))
    return f"neuron {hit[0]}" if hit.size else "no neuron"


def _word(image: HardwareImage, core: int, row: int, slot: int, word: int) -> Optional[str]:
    """One word decoded, or None for an empty slot."""
    if word == 0:
        return None
    op = int(opcode(word))
    column = column_of_slot(row_in_group(row), slot)
    if op == OP_SYNAPSE:
        target, weight = (int(x) for x in decode_synapse(word))
        local = int(synapse_target(word, row_in_group(row), slot))
        return (f"synapse  -> local {local} (column {column}, row {target}) = "
                f"{_neuron_at(image, core, local)}, weight {weight:+d}")
    if op in (OP_INTER_CORE, OP_INTER_FPGA):
        fpga, on, relay = (int(x) for x in decode_route(word, image.fpga_of(core)))
        kind = "inter-core" if op == OP_INTER_CORE else "inter-FPGA"
        return (f"{kind} -> relay axon {relay} of "
                f"{_where(image, fpga * image.spec.cores_per_fpga + on)}")
    if op >= OP_SPIKE_OUT:
        local = int(decode_spike_out(word))
        return f"spike-out: report local {local} = {_neuron_at(image, core, local)} to the host"
    return f"invalid opcode {op:03b}"


def _owner(image: HardwareImage, kind: str, core: int, index: int, lines: List[str],
           indent: str) -> None:
    """Pointer of one axon slot or neuron and its rows, decoded, appended to ``lines``."""
    indptr, words, base = ((image.axon_indptr, image.axon_pointers, AXN_BASE) if kind == AXON
                           else (image.neuron_indptr, image.neuron_pointers, NRN_BASE))
    pointer = int(words[indptr[core] + index])
    start, length = image.pointer(kind, core, index)
    lines.append(f"{indent}{kind} pointer {index}: HBM row {base + index // WORDS_PER_ROW:#06x} "
                 f"word {index % WORDS_PER_ROW} = {pointer:#010x} -> {length} rows from "
                 f"{start:#07x}")
    for r, row in enumerate(image.rows(core, start, length)):
        lines.append(f"{indent}  row {start + r:#07x}: " + " ".join(f"{int(w):08x}" for w in row))
        for slot, w in enumerate(row.tolist()):
            text = _word(image, core, start + r, slot, w)
            if text is not None:
                lines.append(f"{indent}    word {slot}: {text}")


def describe(image: HardwareImage, neuron: Optional[int] = None,
             axon: Optional[int] = None) -> str:
    """Decode the words that carry one compiled neuron or input axon.

    For a neuron: its core and local index, its URAM parameter word, its
    pointer and every word of its rows, then the relay axons its route words
    reach on other cores, with their rows. For an input axon: the axon slot
    and rows of every core it feeds.

    Examples
    --------
    >>> import l2s
    >>> from l2s.hw import build_image_at
    >>> from l2s.partition import HardwareSpec
    >>> net = l2s.Network()
    >>> inp = net.add_axons("in", 1)
    >>> n = net.add_neurons("n", 2, threshold=1, output=True)
    >>> _ = net.connect(inp, n, pre=[0], post=[0], weight=2)
    >>> _ = net.connect(n, n, pre=[0], post=[1], weight=-3)
    >>> image = build_image_at(net.compile(), HardwareSpec(cores_per_fpga=1), [0, 0], [0, 1])
    >>> print(image.describe(neuron=0))  # doctest: +ELLIPSIS
    neuron 0 on core 0 (FPGA 0, core 0 on it), local index 0 (column 0, row 0)
      URAM parameter word 0: 0x00000000c000000001 = threshold 1, model I&F, leak 3
      neuron pointer 0: HBM row 0x4000 word 0 = 0x01008002 -> 2 rows from 0x08002
        row 0x08002: 80000000 0000fffd 00000000 ...
          word 0: spike-out: report local 0 = neuron 0 to the host
          word 1: synapse  -> local 1 (column 1, row 0) = neuron 1, weight -3
        row 0x08003: 00000000 00000000 ...
    """
    image = image_argument(image)
    if (neuron is None) == (axon is None):
        raise InvalidValueError("describe needs exactly one of neuron= or axon=")
    lines: List[str] = []
    if axon is not None:
        axon = check_int(axon, "axon", 0, image.n_axons - 1)
        lo, hi = image.input_indptr[axon], image.input_indptr[axon + 1]
        lines.append(f"input axon {axon} feeds {hi - lo} core(s)")
        for core, slot in zip(image.input_core[lo:hi].tolist(), image.input_slot[lo:hi].tolist()):
            lines.append(f"  on {_where(image, core)}: axon slot {slot}")
            _owner(image, AXON, core, slot, lines, "    ")
        return "\n".join(lines)
    neuron = check_int(neuron, "neuron", 0, image.n_neurons - 1)
    core, local = int(image.neuron_core[neuron]), int(image.neuron_local[neuron])
    slot = int(image.neuron_indptr[core]) + local
    threshold, model, leak = decode_params(image.neuron_params[slot])
    value = sum(int(w) << (32 * k) for k, w in enumerate(image.neuron_params[slot].tolist()))
    lines.append(f"neuron {neuron} on {_where(image, core)}, local index {local} "
                 f"(column {local % COLUMNS}, row {local // COLUMNS})")
    lines.append(f"  URAM parameter word {local}: {value:#020x} = threshold "
                 f"{int(threshold[0])}, model {_MODEL_NAMES.get(int(model[0]), '?')}, "
                 f"leak {int(leak[0])}")
    _owner(image, NEURON, core, local, lines, "  ")
    start, length = image.pointer(NEURON, core, local)
    words = image.rows(core, start, length).reshape(-1)
    routes = words[np.isin(opcode(words), (OP_INTER_CORE, OP_INTER_FPGA))]
    for fpga, on, relay in zip(*(a.tolist() for a in decode_route(routes, image.fpga_of(core)))):
        dest = fpga * image.spec.cores_per_fpga + on
        lines.append(f"  relay axon {relay} on {_where(image, dest)}")
        _owner(image, AXON, dest, relay, lines, "    ")
    return "\n".join(lines)
