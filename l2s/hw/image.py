"""The hardware image: per core, the words its HBM and URAM hold, as flat arrays."""
from __future__ import annotations

import os
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any, Optional, Tuple, Union

import numpy as np

from .._validation import check_instance
from ..errors import FileFormatError
from ..graph.models import MODEL_ANN
from ..machine.geometry import SYN_BASE, WORDS_PER_ROW
from ..machine.spec import HardwareSpec
from ..machine.words import (OP_INTER_CORE, OP_INTER_FPGA, OP_SPIKE_OUT, OP_SYNAPSE,
                             decode_params, decode_pointer, decode_route, decode_spike_out,
                             opcode, row_in_group, synapse_target)

if TYPE_CHECKING:
    from .explain import NeuronWords

__all__ = ["HardwareImage", "AXON", "NEURON", "concat_ranges", "check_image", "image_argument",
           "ImageFormatError"]

#: Kinds of pointer owner: axon slots (input and relay axons) and neurons.
AXON, NEURON = "axon", "neuron"

PathLike = Union[str, "os.PathLike[str]"]


def concat_ranges(first: np.ndarray, length: np.ndarray) -> np.ndarray:
    """``concatenate([arange(f, f + n) for f, n in zip(first, length)])``, vectorised.

    Examples
    --------
    >>> concat_ranges(np.array([5, 0]), np.array([2, 3])).tolist()
    [5, 6, 0, 1, 2]
    """
    first = np.asarray(first, dtype=np.int64)
    length = np.asarray(length, dtype=np.int64)
    offsets = np.repeat(np.cumsum(length) - length, length)
    return np.repeat(first, length) + np.arange(int(length.sum())) - offsets


@dataclass(frozen=True, eq=False)
class HardwareImage:
    """Every word a CRI system is loaded with, for every core, plus the host's tables.

    Cores are numbered globally, ``core = fpga * spec.cores_per_fpga +
    core_on_fpga``. Per-core memories are concatenated over cores and cut by
    an ``indptr`` of length ``n_cores + 1``; only what is used is stored
    (``docs/hardware-image.md`` gives every bit).

    Attributes
    ----------
    spec : HardwareSpec
    axon_pointers, axon_indptr : numpy.ndarray (uint32, int64)
        Axon pointer words of each core's axon slots (input axons first,
        then relay axons); slot ``k`` is at HBM row ``AXN_BASE + k // 8``,
        word ``k % 8``.
    neuron_pointers, neuron_indptr : numpy.ndarray (uint32, int64)
        Neuron pointer words by core-local index ``i = row * 16 + column``
        (HBM row ``NRN_BASE + i // 8``); 0 for unused slots.
    synapse_rows, row_indptr : numpy.ndarray (uint32 ``(rows, 8)``, int64)
        Each core's used synapse rows, from absolute row ``SYN_BASE``.
    neuron_params : numpy.ndarray (uint32 ``(slots, 3)``)
        URAM parameter word of every neuron slot (cut by ``neuron_indptr``).
    input_indptr, input_core, input_slot : numpy.ndarray (int64, int32, int32)
        Host table: input axon ``a`` is delivered to axon slot
        ``input_slot[j]`` of core ``input_core[j]`` for ``j`` in
        ``input_indptr[a]:input_indptr[a + 1]``.
    neuron_core, neuron_local : numpy.ndarray (int32)
        Host table: core and core-local index of every compiled neuron
        (used to report spikes and potentials by compiled index).

    Examples
    --------
    >>> from l2s.examples import docs_example
    >>> from l2s import from_l2s
    >>> from l2s.hw import build_image_at
    >>> from l2s.partition import HardwareSpec
    >>> compiled = from_l2s(**docs_example()).compile()
    >>> build_image_at(compiled, HardwareSpec(fpgas=2, cores_per_fpga=4), [5] * 4, range(4))
    HardwareImage(4 neurons, 2 axons on 1 of 8 cores, 12 synapse rows)
    """

    spec: HardwareSpec
    axon_pointers: np.ndarray
    axon_indptr: np.ndarray
    neuron_pointers: np.ndarray
    neuron_indptr: np.ndarray
    synapse_rows: np.ndarray
    row_indptr: np.ndarray
    neuron_params: np.ndarray
    input_indptr: np.ndarray
    input_core: np.ndarray
    input_slot: np.ndarray
    neuron_core: np.ndarray
    neuron_local: np.ndarray

    @classmethod
    def array_names(cls) -> Tuple[str, ...]:
        """Names of the array fields, in declaration order.

        Examples
        --------
        >>> from l2s.examples import docs_example
        >>> from l2s import from_l2s
        >>> from l2s.hw import build_image_at
        >>> from l2s.partition import HardwareSpec
        >>> compiled = from_l2s(**docs_example()).compile()
        >>> image = build_image_at(compiled, HardwareSpec(fpgas=2, cores_per_fpga=4), [5] * 4,
        ...                        range(4))
        >>> image.array_names()[:3]
        ('axon_pointers', 'axon_indptr', 'neuron_pointers')
        """
        return tuple(f.name for f in fields(cls) if f.name != "spec")

    @property
    def n_cores(self) -> int:
        """Number of cores of the spec (used or not).

        Examples
        --------
        >>> from l2s.examples import docs_example
        >>> from l2s import from_l2s
        >>> from l2s.hw import build_image_at
        >>> from l2s.partition import HardwareSpec
        >>> compiled = from_l2s(**docs_example()).compile()
        >>> image = build_image_at(compiled, HardwareSpec(fpgas=2, cores_per_fpga=4), [5] * 4,
        ...                        range(4))
        >>> image.n_cores, image.used_cores.tolist()
        (8, [5])
        """
        return self.axon_indptr.size - 1

    @property
    def n_axons(self) -> int:
        """Number of input axons of the compiled network.

        Examples
        --------
        >>> from l2s.examples import docs_example
        >>> from l2s import from_l2s
        >>> from l2s.hw import build_image_at
        >>> from l2s.partition import HardwareSpec
        >>> compiled = from_l2s(**docs_example()).compile()
        >>> image = build_image_at(compiled, HardwareSpec(fpgas=2, cores_per_fpga=4), [5] * 4,
        ...                        range(4))
        >>> image.n_axons
        2
        """
        return self.input_indptr.size - 1

    @property
    def n_neurons(self) -> int:
        """Number of neurons of the compiled network.

        Examples
        --------
        >>> from l2s.examples import docs_example
        >>> from l2s import from_l2s
        >>> from l2s.hw import build_image_at
        >>> from l2s.partition import HardwareSpec
        >>> compiled = from_l2s(**docs_example()).compile()
        >>> image = build_image_at(compiled, HardwareSpec(fpgas=2, cores_per_fpga=4), [5] * 4,
        ...                        range(4))
        >>> image.n_neurons
        4
        """
        return self.neuron_core.size

    @property
    def used_cores(self) -> np.ndarray:
        """Cores holding at least one neuron or axon slot, ascending.

        Examples
        --------
        >>> from l2s.examples import docs_example
        >>> from l2s import from_l2s
        >>> from l2s.hw import build_image_at
        >>> from l2s.partition import HardwareSpec
        >>> compiled = from_l2s(**docs_example()).compile()
        >>> image = build_image_at(compiled, HardwareSpec(fpgas=2, cores_per_fpga=4), [5] * 4,
        ...                        range(4))
        >>> image.used_cores.tolist()
        [5]
        """
        return np.flatnonzero((np.diff(self.neuron_indptr) > 0) | (np.diff(self.axon_indptr) > 0))

    def fpga_of(self, core: int) -> int:
        """FPGA of a (global) core.

        Examples
        --------
        >>> from l2s.examples import docs_example
        >>> from l2s import from_l2s
        >>> from l2s.hw import build_image_at
        >>> from l2s.partition import HardwareSpec
        >>> compiled = from_l2s(**docs_example()).compile()
        >>> image = build_image_at(compiled, HardwareSpec(fpgas=2, cores_per_fpga=4), [5] * 4,
        ...                        range(4))
        >>> image.fpga_of(5)   # 4 cores per FPGA: core 5 is the second FPGA's core 1
        1
        """
        return int(core) // self.spec.cores_per_fpga

    def input_entries(self, axons: np.ndarray) -> np.ndarray:
        """Host-table entries (into ``input_core``, ``input_slot``) of ``axons``, repeats kept.

        Examples
        --------
        >>> from l2s.examples import docs_example
        >>> from l2s import from_l2s
        >>> from l2s.hw import build_image_at
        >>> from l2s.partition import HardwareSpec
        >>> compiled = from_l2s(**docs_example()).compile()
        >>> image = build_image_at(compiled, HardwareSpec(fpgas=2, cores_per_fpga=4), [5] * 4,
        ...                        range(4))
        >>> entries = image.input_entries([1, 1, 0])
        >>> image.input_core[entries].tolist(), image.input_slot[entries].tolist()
        ([5, 5, 5], [1, 1, 0])
        """
        axons = np.asarray(axons, dtype=np.int64)
        lo = self.input_indptr[axons]
        return concat_ranges(lo, self.input_indptr[axons + 1] - lo)

    def absolute_rows(self, flat: np.ndarray, core: np.ndarray) -> np.ndarray:
        """Absolute HBM row numbers of the flat ``synapse_rows`` indices ``flat`` of ``core``.

        Examples
        --------
        >>> from l2s.examples import docs_example
        >>> from l2s import from_l2s
        >>> from l2s.hw import build_image_at
        >>> from l2s.partition import HardwareSpec
        >>> compiled = from_l2s(**docs_example()).compile()
        >>> image = build_image_at(compiled, HardwareSpec(fpgas=2, cores_per_fpga=4), [5] * 4,
        ...                        range(4))
        >>> image.absolute_rows([0, 1], [5, 5]).tolist()   # the core's rows start at SYN_BASE
        [32768, 32769]
        """
        return SYN_BASE + np.asarray(flat, dtype=np.int64) - self.row_indptr[core]

    def owner_rows(self, kind: str) -> Tuple[np.ndarray, np.ndarray]:
        """Flat first row (into ``synapse_rows``) and row count of every axon slot or neuron
        pointer, all cores in turn.

        Examples
        --------
        >>> from l2s.examples import docs_example
        >>> from l2s import from_l2s
        >>> from l2s.hw import build_image_at
        >>> from l2s.partition import HardwareSpec
        >>> compiled = from_l2s(**docs_example()).compile()
        >>> image = build_image_at(compiled, HardwareSpec(fpgas=2, cores_per_fpga=4), [5] * 4,
        ...                        range(4))
        >>> first, count = image.owner_rows("neuron")
        >>> first.tolist(), count.tolist()
        ([4, 6, 10, 8], [2, 2, 2, 2])
        """
        indptr, words = ((self.axon_indptr, self.axon_pointers) if kind == AXON
                         else (self.neuron_indptr, self.neuron_pointers))
        core = np.repeat(np.arange(self.n_cores), np.diff(indptr))
        start, length = decode_pointer(words)
        return self.row_indptr[core] + start - SYN_BASE, length

    def pointer(self, kind: str, core: int, index: int) -> Tuple[int, int]:
        """``(start row, length)`` of axon slot or neuron ``index`` of ``core``.

        Examples
        --------
        >>> from l2s.examples import docs_example
        >>> from l2s import from_l2s
        >>> from l2s.hw import build_image_at
        >>> from l2s.partition import HardwareSpec
        >>> compiled = from_l2s(**docs_example()).compile()
        >>> image = build_image_at(compiled, HardwareSpec(fpgas=2, cores_per_fpga=4), [5] * 4,
        ...                        range(4))
        >>> image.pointer("neuron", 5, 0)   # neuron 0's rows: absolute start row, length
        (32772, 2)
        """
        indptr, words = ((self.axon_indptr, self.axon_pointers) if kind == AXON
                         else (self.neuron_indptr, self.neuron_pointers))
        start, length = decode_pointer(words[indptr[core] + index])
        return int(start), int(length)

    def rows(self, core: int, start: int, length: int) -> np.ndarray:
        """The HBM rows ``start .. start + length - 1`` of ``core`` (a view, ``(length, 8)``).

        Examples
        --------
        >>> from l2s.examples import docs_example
        >>> from l2s import from_l2s
        >>> from l2s.hw import build_image_at
        >>> from l2s.partition import HardwareSpec
        >>> compiled = from_l2s(**docs_example()).compile()
        >>> image = build_image_at(compiled, HardwareSpec(fpgas=2, cores_per_fpga=4), [5] * 4,
        ...                        range(4))
        >>> image.rows(5, *image.pointer("neuron", 5, 0)).shape
        (2, 8)
        """
        first = int(self.row_indptr[core]) + start - SYN_BASE
        return self.synapse_rows[first:first + length]

    def save(self, path: PathLike) -> None:
        """Write the image to ``path`` atomically (see :func:`l2s.hw.save_image`).

        Examples
        --------
        >>> from l2s.examples import docs_example
        >>> from l2s import from_l2s
        >>> from l2s.hw import build_image_at
        >>> from l2s.partition import HardwareSpec
        >>> compiled = from_l2s(**docs_example()).compile()
        >>> image = build_image_at(compiled, HardwareSpec(fpgas=2, cores_per_fpga=4), [5] * 4,
        ...                        range(4))
        >>> import os, tempfile
        >>> path = os.path.join(tempfile.mkdtemp(), "net.cri")
        >>> image.save(path)
        >>> HardwareImage.load(path).n_neurons
        4
        """
        from .storage import save_image
        save_image(self, path)

    @classmethod
    def load(cls, path: PathLike) -> "HardwareImage":
        """Read an image written by :meth:`save` (see :func:`l2s.hw.load_image`).

        Examples
        --------
        >>> from l2s.examples import docs_example
        >>> from l2s import from_l2s
        >>> from l2s.hw import build_image_at
        >>> from l2s.partition import HardwareSpec
        >>> compiled = from_l2s(**docs_example()).compile()
        >>> image = build_image_at(compiled, HardwareSpec(fpgas=2, cores_per_fpga=4), [5] * 4,
        ...                        range(4))
        >>> import os, tempfile
        >>> path = os.path.join(tempfile.mkdtemp(), "net.cri")
        >>> image.save(path)
        >>> bool((HardwareImage.load(path).synapse_rows == image.synapse_rows).all())
        True
        """
        from .storage import load_image
        return load_image(path)

    def describe(self, neuron: Optional[int] = None, axon: Optional[int] = None) -> str:
        """The words of one neuron or input axon, decoded (see :func:`l2s.hw.describe`).

        Examples
        --------
        >>> from l2s.examples import docs_example
        >>> from l2s import from_l2s
        >>> from l2s.hw import build_image_at
        >>> from l2s.partition import HardwareSpec
        >>> compiled = from_l2s(**docs_example()).compile()
        >>> image = build_image_at(compiled, HardwareSpec(fpgas=2, cores_per_fpga=4), [5] * 4,
        ...                        range(4))
        >>> print(image.describe(neuron=0).splitlines()[0])
        neuron 0 on core 5 (FPGA 1, core 1 on it), local index 0 (column 0, row 0)
        """
        from .describe import describe
        return describe(self, neuron=neuron, axon=axon)

    def explain(self, neuron: Any, compiled: Any = None) -> "NeuronWords":
        """One neuron read back from the words: where it sits, its pointer and rows decoded,
        its relays and its inputs' cores (see :func:`l2s.hw.explain.explain_words`).

        The image stores no keys: ``neuron`` is a compiled index, or a key
        when ``compiled`` (the network the image was built from) is given.

        Examples
        --------
        >>> from l2s.examples import docs_example
        >>> from l2s import from_l2s
        >>> from l2s.hw import build_image_at
        >>> from l2s.partition import HardwareSpec
        >>> compiled = from_l2s(**docs_example()).compile()
        >>> image = build_image_at(compiled, HardwareSpec(cores_per_fpga=1), [0] * 4, range(4))
        >>> image.explain("a", compiled).where.targets
        {0: 1}
        """
        from .explain import explain_words
        return explain_words(self, neuron, compiled)

    def _repr_html_(self) -> str:
        from .display import image_html
        return image_html(self)

    def __repr__(self) -> str:
        return (f"HardwareImage({self.n_neurons} neurons, {self.n_axons} axons on "
                f"{self.used_cores.size} of {self.n_cores} cores, "
                f"{self.synapse_rows.shape[0]} synapse rows)")


class ImageFormatError(FileFormatError):
    """A file is not a readable L2S hardware image (foreign, truncated, corrupted, newer),
    or an image's arrays are not consistent (see :func:`check_image`).

    Examples
    --------
    >>> import os, tempfile
    >>> from l2s.hw import load_image
    >>> path = os.path.join(tempfile.mkdtemp(), "net.cri")
    >>> _ = open(path, "wb").write(b"not an image")
    >>> try:
    ...     load_image(path)
    ... except ImageFormatError as err:
    ...     print(type(err).__name__)
    ImageFormatError
    """


def image_argument(image: Any, name: str = "image") -> HardwareImage:
    """``image`` if it is a :class:`HardwareImage`, else ``InvalidTypeError`` naming ``name``.

    Examples
    --------
    >>> image_argument(None)
    Traceback (most recent call last):
    ...
    l2s.errors.InvalidTypeError: image must be a HardwareImage (from l2s.hw.build_image()), got NoneType
    """
    return check_instance(image, name, HardwareImage, "from l2s.hw.build_image()")


def check_image(image: HardwareImage, name: str = "corrupt hardware image") -> None:
    """Check that an image's tables, pointers and words are consistent; raise if not.

    Checks, in order: every ``indptr`` cuts its array into one part per core
    of the spec, the host tables address slots that exist, every pointer
    spans whole row groups inside its core's synapse rows, every word
    addresses a neuron slot, relay axon or neuron that exists, axon
    slots' rows hold local synapse words only, and every parameter word
    holds a known neuron model code. :func:`l2s.hw.load_image` and
    the :class:`~l2s.hw.Emulator` call it; a built image passes by
    construction.

    Parameters
    ----------
    image : HardwareImage
    name : str
        What the messages call the image (a file's path, say).

    Raises
    ------
    ImageFormatError
        Naming the first inconsistency found.

    Examples
    --------
    >>> from dataclasses import replace
    >>> import l2s
    >>> from l2s.hw import build_image_at
    >>> net = l2s.Network()
    >>> _ = net.add_neurons("n", 2, threshold=1)
    >>> image = build_image_at(net.compile(), HardwareSpec(cores_per_fpga=1), [0, 0], [0, 1])
    >>> check_image(image)
    >>> check_image(replace(image, row_indptr=image.row_indptr[::-1]))
    Traceback (most recent call last):
    ...
    l2s.hw.image.ImageFormatError: corrupt hardware image: row_indptr does not cut ...
    """
    _check_tables(image, name)
    axon_first, axon_rows = _check_pointers(image, AXON, name)
    _check_pointers(image, NEURON, name)
    _check_words(image, name)
    _check_params(image, name)
    rows = concat_ranges(axon_first, axon_rows)
    bad = np.flatnonzero(opcode(image.synapse_rows[rows]).max(axis=1, initial=0) != OP_SYNAPSE)
    if bad.size:
        raise ImageFormatError(
            f"{name}: flat synapse row {rows[bad[0]]}, which an axon slot's pointer spans, "
            "holds a route or spike-out word; axons fan out locally only")


def _check_params(image: HardwareImage, name: str) -> None:
    """Every URAM parameter word must name a model the hardware runs."""
    model = decode_params(image.neuron_params)[1]
    bad = np.flatnonzero(model > MODEL_ANN)
    if bad.size:
        raise ImageFormatError(f"{name}: parameter word {bad[0]} holds model code "
                               f"{model[bad[0]]}; known codes are 0 to {MODEL_ANN}")


def _check_indptr(indptr: np.ndarray, size: int, what: str, n: int, name: str) -> None:
    if indptr.size != n + 1 or indptr[0] != 0 or indptr[-1] != size or np.any(np.diff(indptr) < 0):
        raise ImageFormatError(f"{name}: {what} does not cut {size} entries into {n} parts")


def _check_tables(image: HardwareImage, name: str) -> None:
    """Cross-array checks: indptrs, table ranges and shapes agree."""
    n_cores = image.spec.n_cores
    if image.synapse_rows.shape[1:] != (WORDS_PER_ROW,) or image.neuron_params.shape[1:] != (3,):
        raise ImageFormatError(f"{name}: synapse_rows must have {WORDS_PER_ROW} words per row "
                               "and neuron_params 3 words per entry")
    for what, size in (("axon_indptr", image.axon_pointers.size),
                       ("neuron_indptr", image.neuron_pointers.size),
                       ("row_indptr", image.synapse_rows.shape[0])):
        _check_indptr(getattr(image, what), size, what, n_cores, name)
    _check_indptr(image.input_indptr, image.input_core.size, "input_indptr",
                  image.input_indptr.size - 1, name)
    if image.neuron_params.shape[0] != image.neuron_pointers.size:
        raise ImageFormatError(f"{name}: one parameter word per neuron slot is required")
    if image.input_slot.size != image.input_core.size or (
            image.neuron_local.size != image.neuron_core.size):
        raise ImageFormatError(f"{name}: host tables of unequal lengths")
    slots = [(image.input_core, image.input_slot, image.axon_indptr, "input"),
             (image.neuron_core, image.neuron_local, image.neuron_indptr, "neuron")]
    for core, index, indptr, what in slots:
        if core.size and (core.min() < 0 or core.max() >= n_cores or index.min() < 0
                          or np.any(index >= np.diff(indptr)[core])):
            raise ImageFormatError(f"{name}: the {what} table addresses a slot that no core "
                                   "holds")


def _check_pointers(image: HardwareImage, kind: str, name: str
                    ) -> Tuple[np.ndarray, np.ndarray]:
    """:meth:`HardwareImage.owner_rows` of ``kind``, after checking each stays in its core."""
    indptr, words = ((image.axon_indptr, image.axon_pointers) if kind == AXON
                     else (image.neuron_indptr, image.neuron_pointers))
    core = np.repeat(np.arange(image.n_cores), np.diff(indptr))
    start, length = decode_pointer(words)
    top = SYN_BASE + np.diff(image.row_indptr)[core]
    bad = np.flatnonzero((length > 0) & ((start < SYN_BASE) | (start + length > top)
                                         | (row_in_group(start) != 0)
                                         | (row_in_group(SYN_BASE + length) != 0)))
    if bad.size:
        raise ImageFormatError(
            f"{name}: pointer {bad[0]} (rows {start[bad[0]]} + {length[bad[0]]}) leaves the "
            f"synapse rows of core {core[bad[0]]} or does not span whole row groups")
    return image.owner_rows(kind)


def _check_words(image: HardwareImage, name: str, chunk: int = 2 ** 18) -> None:
    """Every word must address a neuron slot, a relay axon or a neuron that exists."""
    cpf = image.spec.cores_per_fpga
    n_slots = np.diff(image.neuron_indptr)
    n_axon_slots = np.append(np.diff(image.axon_indptr), 0)
    neuron_of = np.full(image.neuron_indptr[-1], -1, dtype=np.int64)
    neuron_of[image.neuron_indptr[image.neuron_core] + image.neuron_local] = np.arange(
        image.n_neurons)
    for first in range(0, image.synapse_rows.shape[0], chunk):
        rows = np.arange(first, min(first + chunk, image.synapse_rows.shape[0]))
        row_core = np.searchsorted(image.row_indptr, rows, side="right") - 1
        words = image.synapse_rows[rows]
        core = np.broadcast_to(row_core[:, None], words.shape)
        op = opcode(words)
        group_row = np.broadcast_to(
            row_in_group(image.absolute_rows(rows, row_core))[:, None], words.shape)
        local = synapse_target(words, group_row, np.arange(WORDS_PER_ROW)[None, :])
        valid = (op == OP_SYNAPSE) & ((words == 0) | (local < n_slots[core]))
        route = (op == OP_INTER_CORE) | (op == OP_INTER_FPGA)
        fpga, core_on, slot = decode_route(words[route], core[route] // cpf)
        dest = fpga * cpf + core_on
        valid[route] = (core_on < cpf) & (slot < n_axon_slots[np.minimum(dest, image.n_cores)])
        out = op >= OP_SPIKE_OUT
        local = decode_spike_out(words[out])
        ok = local < n_slots[core[out]]
        ok[ok] = neuron_of[image.neuron_indptr[core[out]][ok] + local[ok]] >= 0
        valid[out] = ok
        bad = np.argwhere(~valid)
        if bad.size:
            r, w = bad[0]
            raise ImageFormatError(
                f"{name}: synapse word {int(words[r, w]):#010x} in row "
                f"{int(image.absolute_rows(rows[r], row_core[r])):#07x} of core {row_core[r]} "
                "addresses nothing in the image")
