"""One neuron in a hardware image, read back from its words: ``image.explain(neuron)``.

Everything here is decoded from the image, as the host would: the core and
local index from the host table, the relays from the route words of the
neuron's rows, the synapses onto it from the synapse words of its core and
the owners (pointers) of their rows. The image stores no neuron keys, so a
key needs the compiled network (``compiled=``); an index works without.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, Tuple

import numpy as np

from .. import _html
from .._validation import check_instance, check_int
from ..graph.compiled import CompiledNetwork
from ..graph.models import MODELS
from ..machine.geometry import COLUMNS, SYN_BASE
from ..machine.words import (OP_INTER_CORE, OP_INTER_FPGA, OP_SYNAPSE, decode_params,
                             decode_pointer, decode_route, decode_synapse, opcode,
                             row_in_group, slot_of_column)
from ..partition.explain import NeuronPlacement, neuron_index
from .describe import describe
from .image import AXON, NEURON, HardwareImage, image_argument

__all__ = ["NeuronWords", "explain_words"]

_MODEL_NAMES = {m.code: m.name for m in MODELS.values()}
_ROUTES = (OP_INTER_CORE, OP_INTER_FPGA)


@dataclass(frozen=True)
class NeuronWords:
    """A neuron as an image holds it: where, its parameters, its pointer and rows decoded.

    Attributes
    ----------
    where : NeuronPlacement
        FPGA, core, column, row, synapses per target and source core, relay
        slots, all read from the words (``targets`` counts synapse words).
    threshold, model, leak : int
        From its URAM parameter word.
    pointer : int
        Its neuron pointer word; ``start`` and ``length`` decode it.
    start, length : int
    rows : numpy.ndarray (uint32, ``(length, 8)``)
        The HBM rows its pointer spans.
    text : str
        Every word decoded (:func:`l2s.hw.describe`).

    Examples
    --------
    >>> import l2s
    >>> from l2s.hw import build_image_at
    >>> from l2s.partition import HardwareSpec
    >>> net = l2s.Network()
    >>> n = net.add_neurons("n", 3, threshold=1, output=True)
    >>> _ = net.connect(n, n, pre=[0, 0, 2], post=[1, 2, 0], weight=[2, -3, 4])
    >>> image = build_image_at(net.compile(), HardwareSpec(cores_per_fpga=2), [0, 1, 1], [0, 0, 1])
    >>> words = image.explain(0)
    >>> words.where.core, words.where.targets, words.where.relays, words.where.sources
    (0, {1: 2}, {1: 0}, {1: 1})
    >>> words.length, words.threshold
    (2, 1)
    """

    where: NeuronPlacement
    threshold: int
    model: int
    leak: int
    pointer: int
    start: int
    length: int
    rows: np.ndarray
    text: str

    def __str__(self) -> str:
        return f"{self.where}\n{self.text}"

    def _repr_html_(self) -> str:
        facts = _html.fields({
            "parameters": f"threshold {self.threshold}, model "
                          f"{_MODEL_NAMES.get(self.model, '?')}, leak {self.leak}",
            "pointer word": f"{self.pointer:#010x}",
            "synapse rows": f"{self.length} from {self.start:#07x}"})
        return _html.block(self.where.headline(), facts, self.where.table_html(),
                           f"<pre>{_html.cell(self.text)}</pre>")

    def plot(self, ax: Any = None) -> Any:
        """Synapse words out of and into the neuron per core (:func:`l2s.plot.neuron_view`).

        Examples
        --------
        >>> import l2s
        >>> from matplotlib.figure import Figure
        >>> from l2s.hw import build_image_at
        >>> from l2s.partition import HardwareSpec
        >>> net = l2s.Network()
        >>> n = net.add_neurons("n", 2, threshold=1)
        >>> _ = net.connect(n, n, pre=[0], post=[1])
        >>> image = build_image_at(net.compile(), HardwareSpec(cores_per_fpga=2), [0, 1], [0, 0])
        >>> len(image.explain(0).plot(Figure().subplots()).out)
        1
        """
        return self.where.plot(ax)


def _owner_table(image: HardwareImage, core: int) -> Tuple[np.ndarray, ...]:
    """Owners of the rows of ``core`` sorted by first row: (first, length, kind, index).

    ``kind`` is 0 for a neuron pointer, 1 for an axon slot.
    """
    firsts, lengths, kinds, indices = [], [], [], []
    for code, (indptr, words) in enumerate(((image.neuron_indptr, image.neuron_pointers),
                                            (image.axon_indptr, image.axon_pointers))):
        start, length = decode_pointer(words[indptr[core]:indptr[core + 1]])
        used = np.flatnonzero(length > 0)
        firsts.append(start[used])
        lengths.append(length[used])
        kinds.append(np.full(used.size, code))
        indices.append(used)
    first, length, kind, index = (np.concatenate(a).astype(np.int64)
                                  for a in (firsts, lengths, kinds, indices))
    order = np.argsort(first, kind="stable")
    return first[order], length[order], kind[order], index[order]


def _relay_sources(image: HardwareImage, core: int) -> Dict[int, int]:
    """``{relay axon slot of core: core of the neuron whose route word feeds it}``."""
    words = image.synapse_rows.reshape(-1).astype(np.int64)
    hit = np.flatnonzero(np.isin(opcode(words), _ROUTES))
    home = np.searchsorted(image.row_indptr, hit // 8, side="right") - 1
    fpga, on, slot = decode_route(words[hit], home // image.spec.cores_per_fpga)
    mine = fpga * image.spec.cores_per_fpga + on == core
    return dict(zip(slot[mine].tolist(), home[mine].tolist()))


def _sources(image: HardwareImage, core: int, local: int) -> Tuple[Dict[int, int], int]:
    """Synapse words onto neuron ``local`` of ``core`` per source core, and from input axons."""
    rows = image.synapse_rows[image.row_indptr[core]:image.row_indptr[core + 1]]
    absolute = SYN_BASE + np.arange(rows.shape[0], dtype=np.int64)
    parity, word = slot_of_column(local % COLUMNS)
    candidates = absolute[row_in_group(absolute) == parity]
    words = rows[candidates - SYN_BASE, word].astype(np.int64)
    target, _ = decode_synapse(words)
    # a zero word is an empty slot (the same bits as a zero-weight synapse onto row 0)
    hit = candidates[(words != 0) & (opcode(words) == OP_SYNAPSE) & (target == local // COLUMNS)]
    first, length, kind, index = _owner_table(image, core)
    owner = np.searchsorted(first, hit, side="right") - 1
    owned = (owner >= 0) & (hit < first[np.maximum(owner, 0)] + length[np.maximum(owner, 0)])
    owner = owner[owned]
    inputs = set(image.input_slot[image.input_core == core].tolist())
    relays = _relay_sources(image, core)
    per_core: Dict[int, int] = {}
    from_inputs = 0
    for k, i in zip(kind[owner].tolist(), index[owner].tolist()):
        if k == 1 and i in inputs:
            from_inputs += 1
            continue
        source = core if k == 0 else relays.get(i, -1)
        per_core[source] = per_core.get(source, 0) + 1
    return dict(sorted(per_core.items())), from_inputs


def explain_words(image: HardwareImage, neuron: Any, compiled: Any = None) -> NeuronWords:
    """Decode what ``image`` holds for one neuron (``image.explain``).

    Parameters
    ----------
    image : HardwareImage
    neuron : int or hashable
        The compiled index, or with ``compiled`` a neuron key.
    compiled : CompiledNetwork, optional
        The network the image was built from: gives the neuron keys (the
        image stores none).

    Returns
    -------
    NeuronWords

    Raises
    ------
    InvalidValueError, UnknownKeyError
        If ``neuron`` is not an index of the image (or a key of ``compiled``).

    Examples
    --------
    >>> from l2s.examples import random_recurrent
    >>> from l2s.hw import build_image
    >>> from l2s.partition import HardwareSpec, partition
    >>> compiled = random_recurrent(60, fanout=5).compile()
    >>> placement = partition(compiled, HardwareSpec(cores_per_fpga=2, neurons_per_core=32))
    >>> image = build_image(compiled, placement)
    >>> from_image = explain_words(image, ("exc", 7), compiled).where
    >>> from_placement = placement.explain(("exc", 7))
    >>> from_image.sources == from_placement.sources, from_image.relays == from_placement.relays
    (True, True)
    """
    image = image_argument(image)
    if compiled is not None:
        check_instance(compiled, "compiled", CompiledNetwork, "from Network.compile()")
        index = neuron_index(compiled.neuron_keys, neuron)
        key = compiled.neuron_keys.key(index)
    else:
        index, key = check_int(neuron, "neuron", 0, image.n_neurons - 1), None
    core, local = int(image.neuron_core[index]), int(image.neuron_local[index])
    start, length = image.pointer(NEURON, core, local)
    rows = image.rows(core, start, length)
    words = rows.reshape(-1).astype(np.int64)
    routes = words[np.isin(opcode(words), _ROUTES)]
    fpga, on, slot = decode_route(routes, image.fpga_of(core))
    relays = dict(zip((fpga * image.spec.cores_per_fpga + on).tolist(), slot.tolist()))
    targets = {core: int(np.count_nonzero((opcode(words) == OP_SYNAPSE) & (words != 0)))}
    for dest, relay in relays.items():
        relay_start, relay_length = image.pointer(AXON, dest, relay)
        relay_words = image.rows(dest, relay_start, relay_length)
        targets[dest] = int(np.count_nonzero((opcode(relay_words) == OP_SYNAPSE)
                                             & (relay_words != 0)))
    sources, from_inputs = _sources(image, core, local)
    params_slot = int(image.neuron_indptr[core]) + local
    threshold, model, leak = (int(a[0]) for a in decode_params(image.neuron_params[params_slot]))
    spec = image.spec
    where = NeuronPlacement(
        neuron=index, key=key, fpga=core // spec.cores_per_fpga, core=core,
        column=local % COLUMNS, row=local // COLUMNS, cores_per_fpga=spec.cores_per_fpga,
        n_cores=image.n_cores, targets={c: n for c, n in sorted(targets.items()) if n},
        relays=relays, sources=sources, input_axons=from_inputs)
    pointer = int(image.neuron_pointers[image.neuron_indptr[core] + local])
    return NeuronWords(where, threshold, model, leak, pointer, start, length, rows,
                       describe(image, neuron=index))
