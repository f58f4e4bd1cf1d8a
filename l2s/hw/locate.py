"""Finding one synapse's word in an image by decoding pointers and words, as the host does."""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .._validation import MAX_INDEX, as_array, check_choice, check_int, fail
from ..errors import UnknownKeyError
from .image import AXON, NEURON, HardwareImage, image_argument
from ..machine.geometry import COLUMNS, SYN_BASE, WORDS_PER_ROW
from ..machine.words import (OP_INTER_CORE, OP_INTER_FPGA, OP_SYNAPSE, decode_route,
                             decode_synapse, opcode, row_in_group, slot_of_column)

__all__ = ["WordAddress", "locate_synapse"]


class WordAddress(NamedTuple):
    """Where a word sits: ``core``, absolute HBM ``row`` and ``word`` (0-7) in the row.

    Examples
    --------
    >>> from l2s.examples import docs_example
    >>> from l2s import from_l2s
    >>> from l2s.hw import build_image_at
    >>> from l2s.partition import HardwareSpec
    >>> compiled = from_l2s(**docs_example()).compile()
    >>> image = build_image_at(compiled, HardwareSpec(), [0] * 4, range(4))
    >>> address = locate_synapse(image, image.synapse_rows, "axon", 0, 0)
    >>> address.core, address.row >= 2 ** 15
    (0, True)
    """

    core: int
    row: int
    word: int


def _owner_rows(image: HardwareImage, kind: str, index: int, core: int) -> np.ndarray:
    """Absolute row numbers spanned by the pointer of axon slot / neuron ``index`` of ``core``."""
    start, length = image.pointer(kind, core, index)
    return start + np.arange(length)


def _relay_slot(image: HardwareImage, rows: np.ndarray, pre: int, core: int) -> int:
    """Relay axon slot of neuron ``pre`` on ``core``, read from the route words of its rows."""
    own = int(image.neuron_core[pre])
    numbers = _owner_rows(image, NEURON, int(image.neuron_local[pre]), own)
    words = _current(image, rows, own, numbers)
    routes = words[np.isin(opcode(words), (OP_INTER_CORE, OP_INTER_FPGA))]
    fpga, core_on, slot = decode_route(routes, image.fpga_of(own))
    hit = np.flatnonzero(fpga * image.spec.cores_per_fpga + core_on == core)
    return int(slot[hit[0]]) if hit.size else -1


def _current(image: HardwareImage, rows: np.ndarray, core: int, numbers: np.ndarray) -> np.ndarray:
    """Words of absolute rows ``numbers`` of ``core`` in the HBM ``rows`` (flattened)."""
    return rows[image.row_indptr[core] + numbers - SYN_BASE].reshape(-1)


def locate_synapse(image: HardwareImage, rows: np.ndarray, kind: str, pre: int, post: int,
                   copy: int = 0) -> WordAddress:
    """Address of the ``copy``-th synapse word ``pre -> post`` (``kind`` 'axon' or 'neuron').

    The target decides the core, the column (the slot) and the row the word
    must carry; the source's pointer on that core (its own neuron pointer,
    the input axon's slot from the host table, or the relay axon named by
    the route word in the source's rows) gives the rows to search; copies
    are counted in row-group order, which is the order they were added in.
    An empty slot and a zero-weight synapse onto row 0 are the same word, so
    the caller asks only for copies that exist.

    Parameters
    ----------
    image : HardwareImage
    rows : numpy.ndarray
        The synapse rows to search (``image.synapse_rows`` or an emulator's copy).
    kind : {'axon', 'neuron'}
    pre, post : int
        Compiled index of the input axon or neuron, and of the target neuron.
    copy : int, default 0

    Returns
    -------
    WordAddress

    Raises
    ------
    UnknownKeyError
        When the image holds no such synapse.
    InvalidTypeError, InvalidValueError
        For an argument of the wrong type, or an index outside the image.

    Examples
    --------
    >>> import l2s
    >>> from l2s.hw import build_image_at
    >>> from l2s.partition import HardwareSpec
    >>> net = l2s.Network()
    >>> _ = net.connect(net.add_axons("in", 1), net.add_neurons("n", 3, threshold=1),
    ...                 rule="all_to_all")
    >>> image = build_image_at(net.compile(), HardwareSpec(cores_per_fpga=1), [0] * 3, [0, 1, 2])
    >>> locate_synapse(image, image.synapse_rows, "axon", 0, 2)
    WordAddress(core=0, row=32768, word=2)
    """
    image_argument(image)
    rows = as_array(rows, "rows", "iu")
    if rows.shape != image.synapse_rows.shape:
        raise fail("rows", rows, f"must have the shape of image.synapse_rows, "
                   f"{image.synapse_rows.shape}; got {rows.shape}")
    kind = check_choice(kind, "kind", (AXON, NEURON))
    pre = check_int(pre, "pre", 0, (image.n_axons if kind == AXON else image.n_neurons) - 1)
    post = check_int(post, "post", 0, image.n_neurons - 1)
    copy = check_int(copy, "copy", 0, MAX_INDEX)
    core, local = int(image.neuron_core[post]), int(image.neuron_local[post])
    if kind == AXON:
        lo, hi = image.input_indptr[pre], image.input_indptr[pre + 1]
        hit = np.flatnonzero(image.input_core[lo:hi] == core)
        owner = (AXON, int(image.input_slot[lo + hit[0]])) if hit.size else None
    elif int(image.neuron_core[pre]) == core:
        owner = (NEURON, int(image.neuron_local[pre]))
    else:
        slot = _relay_slot(image, rows, pre, core)
        owner = (AXON, slot) if slot >= 0 else None
    if owner is not None:
        numbers = _owner_rows(image, owner[0], owner[1], core)
        row, word = slot_of_column(local % COLUMNS)
        numbers = numbers[row_in_group(numbers) == row]
        words = _current(image, rows, core, numbers).reshape(-1, WORDS_PER_ROW)[:, word]
        target, _ = decode_synapse(words)
        match = np.flatnonzero((opcode(words) == OP_SYNAPSE) & (target == local // COLUMNS))
        if copy < match.size:
            return WordAddress(core, int(numbers[match[copy]]), word)
    raise UnknownKeyError(f"the image holds no synapse {kind} {pre} -> neuron {post}"
                          + (f" (copy {copy})" if copy else ""))
