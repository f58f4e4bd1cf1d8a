"""Command streams that load an image onto the cores and run it (arrays of packets)."""
from __future__ import annotations

from typing import Any, Tuple

import numpy as np

from .._validation import check_index_array, check_int, check_int_array
from .image import HardwareImage, image_argument
from .packets import ALL_CORES, PACKET_WORDS, make_packets
from .words import AXN_BASE, NRN_BASE, SYN_BASE, WORDS_PER_ROW

__all__ = ["load_commands", "step_commands", "clear_commands", "read_potential_commands",
           "write_row_commands", "read_row_commands"]


def _pointer_rows(words: np.ndarray) -> np.ndarray:
    """Pointer words as whole HBM rows (the last row padded with zero words)."""
    rows = np.zeros((-(-words.size // WORDS_PER_ROW), WORDS_PER_ROW), dtype=np.uint32)
    rows.reshape(-1)[:words.size] = words
    return rows


_WORD_MAX = 2 ** 32 - 1


def _row_arguments(image: Any, core: Any, row: Any) -> Tuple[HardwareImage, int, int]:
    """``(image, core, row)`` checked: a core of the image's spec, a 32-bit row address."""
    image = image_argument(image)
    return (image, check_int(core, "core", 0, image.n_cores - 1),
            check_int(row, "row", 0, _WORD_MAX))


def _cat(parts: list) -> np.ndarray:
    return np.concatenate(parts) if parts else np.zeros((0, PACKET_WORDS), dtype=np.uint32)


def load_commands(image: HardwareImage) -> np.ndarray:
    """Packets that load ``image``: per used core, its sizes, HBM, URAM parameters, then a clear.

    Examples
    --------
    >>> from l2s.examples import random_recurrent
    >>> from l2s.hw import build_image, decode_packets
    >>> from l2s.partition import HardwareSpec, partition
    >>> compiled = random_recurrent(40, fanout=3).compile()
    >>> image = build_image(compiled, partition(compiled, HardwareSpec(cores_per_fpga=2)))
    >>> sorted({p.opcode for p in decode_packets(load_commands(image))})
    ['CLEAR', 'CONFIGURE', 'WRITE_HBM', 'WRITE_PARAMS']
    """
    image = image_argument(image)
    parts = []
    for core in image.used_cores.tolist():
        fpga, on = image.fpga_of(core), core % image.spec.cores_per_fpga
        axons = image.axon_pointers[image.axon_indptr[core]:image.axon_indptr[core + 1]]
        neurons = image.neuron_pointers[image.neuron_indptr[core]:image.neuron_indptr[core + 1]]
        parts.append(make_packets("CONFIGURE", fpga, on, items=[neurons.size, axons.size]))
        if axons.size:
            parts.append(make_packets("WRITE_HBM", fpga, on, AXN_BASE, _pointer_rows(axons)))
        if neurons.size:
            parts.append(make_packets("WRITE_HBM", fpga, on, NRN_BASE, _pointer_rows(neurons)))
            params = image.neuron_params[image.neuron_indptr[core]:image.neuron_indptr[core + 1]]
            parts.append(make_packets("WRITE_PARAMS", fpga, on, 0, params))
        rows = image.synapse_rows[image.row_indptr[core]:image.row_indptr[core + 1]]
        if rows.size:
            parts.append(make_packets("WRITE_HBM", fpga, on, SYN_BASE, rows))
        parts.append(_clear(image, core))
    return _cat(parts)


def _clear(image: HardwareImage, core: int) -> np.ndarray:
    return make_packets("CLEAR", image.fpga_of(core), core % image.spec.cores_per_fpga)


def clear_commands(image: HardwareImage) -> np.ndarray:
    """Packets setting every potential of every used core to 0 (a reset; HBM is kept).

    Examples
    --------
    >>> from l2s.examples import random_recurrent
    >>> from l2s.hw import build_image, decode_packets
    >>> from l2s.partition import HardwareSpec, partition
    >>> compiled = random_recurrent(40, fanout=3).compile()
    >>> image = build_image(compiled, partition(compiled, HardwareSpec(cores_per_fpga=2)))
    >>> [(p.opcode, p.core) for p in decode_packets(clear_commands(image))]
    [('CLEAR', 0), ('CLEAR', 1)]
    """
    image = image_argument(image)
    return _cat([_clear(image, core) for core in image.used_cores.tolist()])


def step_commands(image: HardwareImage, axons: Any, steps: int = 1) -> np.ndarray:
    """Packets of one step: each core's active axon slots, then a STEP to every used FPGA.

    ``axons`` are compiled input axon indices (repeats deliver again); the
    host table of the image says which slot of which cores each one feeds.

    Examples
    --------
    >>> from l2s.examples import random_recurrent
    >>> from l2s.hw import build_image, decode_packets
    >>> from l2s.partition import HardwareSpec, partition
    >>> compiled = random_recurrent(40, fanout=3).compile()
    >>> image = build_image(compiled, partition(compiled, HardwareSpec(cores_per_fpga=2)))
    >>> [(p.opcode, p.core) for p in decode_packets(step_commands(image, [0]))][-1]
    ('STEP', 255)
    """
    image = image_argument(image)
    axons = check_index_array(axons, "axons", image.n_axons, "the axons")
    steps = check_int(steps, "steps", 1, _WORD_MAX)
    entries = image.input_entries(axons)
    core = image.input_core[entries]
    slot = image.input_slot[entries]
    parts = []
    for c in np.unique(core).tolist():
        parts.append(make_packets("INPUT", image.fpga_of(c), c % image.spec.cores_per_fpga,
                                  items=slot[core == c]))
    for fpga in np.unique(image.used_cores // image.spec.cores_per_fpga).tolist():
        parts.append(make_packets("STEP", fpga, ALL_CORES, count=steps))
    return _cat(parts)


def read_potential_commands(image: HardwareImage) -> np.ndarray:
    """Packets reading back every neuron slot's potential of every used core.

    Examples
    --------
    >>> from l2s.examples import random_recurrent
    >>> from l2s.hw import build_image, decode_packets
    >>> from l2s.partition import HardwareSpec, partition
    >>> compiled = random_recurrent(40, fanout=3).compile()
    >>> image = build_image(compiled, partition(compiled, HardwareSpec(cores_per_fpga=2),
    ...                                         method="contiguous"))
    >>> [(p.opcode, p.core, p.count) for p in decode_packets(read_potential_commands(image))]
    [('READ_POTENTIALS', 0, 20), ('READ_POTENTIALS', 1, 20)]
    """
    image = image_argument(image)
    return _cat([make_packets("READ_POTENTIALS", image.fpga_of(c),
                              c % image.spec.cores_per_fpga, 0,
                              count=int(image.neuron_indptr[c + 1] - image.neuron_indptr[c]))
                 for c in image.used_cores.tolist()])


def write_row_commands(image: HardwareImage, core: int, row: int, words: np.ndarray
                       ) -> np.ndarray:
    """Packet rewriting one HBM row (8 words) of ``core`` (a synapse write).

    Examples
    --------
    >>> from l2s.examples import random_recurrent
    >>> from l2s.hw import build_image, decode_packets
    >>> from l2s.partition import HardwareSpec, partition
    >>> compiled = random_recurrent(40, fanout=3).compile()
    >>> image = build_image(compiled, partition(compiled, HardwareSpec(cores_per_fpga=2)))
    >>> packet, = decode_packets(write_row_commands(image, 1, 32768, range(8)))
    >>> packet.opcode, packet.core, packet.address, packet.payload.ravel().tolist()
    ('WRITE_HBM', 1, 32768, [0, 1, 2, 3, 4, 5, 6, 7])
    """
    image, core, row = _row_arguments(image, core, row)
    words = check_int_array(words, "words", 0, _WORD_MAX, np.uint32, size=WORDS_PER_ROW)
    return make_packets("WRITE_HBM", image.fpga_of(core), core % image.spec.cores_per_fpga,
                        row, words.reshape(1, WORDS_PER_ROW))


def read_row_commands(image: HardwareImage, core: int, row: int) -> np.ndarray:
    """Packet reading back one HBM row of ``core`` (a synapse read).

    Examples
    --------
    >>> from l2s.examples import random_recurrent
    >>> from l2s.hw import build_image, decode_packets
    >>> from l2s.partition import HardwareSpec, partition
    >>> compiled = random_recurrent(40, fanout=3).compile()
    >>> image = build_image(compiled, partition(compiled, HardwareSpec(cores_per_fpga=2)))
    >>> packet, = decode_packets(read_row_commands(image, 0, 32768))
    >>> packet.opcode, packet.core, packet.address, packet.count
    ('READ_HBM', 0, 32768, 1)
    """
    image, core, row = _row_arguments(image, core, row)
    return make_packets("READ_HBM", image.fpga_of(core), core % image.spec.cores_per_fpga,
                        row, count=1)
