"""The image file: one zip of ``.npy`` members and a JSON header, written atomically.

Layout (format ``l2s-hardware-image``, version 1)::

    header.json          {"format", "version", "l2s_version", "spec",
                          "arrays": {name: {dtype, shape}}}
    <name>.npy           one member per array field of HardwareImage

The zip plumbing is the one of every L2S file (:mod:`l2s._archive`,
``docs/file-formats.md``): stored members with fixed timestamps, so saving
the same image twice gives the same bytes. Reading checks the header, every
member's dtype and shape, and the cross-references between arrays before
anything is built, and reports any problem as :class:`ImageFormatError`.
"""
from __future__ import annotations

from dataclasses import asdict
from typing import Dict

import numpy as np

from .._archive import ArchiveReader, write_archive
from ..errors import FileFormatError, L2SError
from ..partition.spec import HardwareSpec
from .image import HardwareImage, PathLike
from .words import WORDS_PER_ROW

__all__ = ["save_image", "load_image", "ImageFormatError", "FORMAT", "VERSION"]

FORMAT = "l2s-hardware-image"
VERSION = 1
#: dtype and number of dimensions of every array member.
_ARRAYS: Dict[str, tuple] = {
    "axon_pointers": ("uint32", 1), "axon_indptr": ("int64", 1),
    "neuron_pointers": ("uint32", 1), "neuron_indptr": ("int64", 1),
    "synapse_rows": ("uint32", 2), "row_indptr": ("int64", 1),
    "neuron_params": ("uint32", 2),
    "input_indptr": ("int64", 1), "input_core": ("int32", 1), "input_slot": ("int32", 1),
    "neuron_core": ("int32", 1), "neuron_local": ("int32", 1),
}


class ImageFormatError(FileFormatError):
    """A file is not a readable L2S hardware image (foreign, truncated, corrupted, newer)."""


def save_image(image: HardwareImage, path: PathLike) -> None:
    """Write ``image`` to ``path``: a temporary file in the same directory, then a rename.

    A failed save leaves no partial file behind and any previous file intact.

    Examples
    --------
    >>> import os, tempfile
    >>> from l2s.examples import random_recurrent
    >>> from l2s.hw import build_image, load_image
    >>> from l2s.partition import HardwareSpec, partition
    >>> compiled = random_recurrent(40, fanout=3).compile()
    >>> image = build_image(compiled, partition(compiled, HardwareSpec(cores_per_fpga=2)))
    >>> path = os.path.join(tempfile.mkdtemp(), "net.cri")
    >>> save_image(image, path)
    >>> bool((load_image(path).synapse_rows == image.synapse_rows).all())
    True
    """
    write_archive(path, {"format": FORMAT, "version": VERSION, "spec": asdict(image.spec)},
                  {name: getattr(image, name) for name in HardwareImage.array_names()})


def load_image(path: PathLike) -> HardwareImage:
    """Read an image written by :func:`save_image`.

    Raises
    ------
    ImageFormatError
        If the file is not a zip, lacks the header or a member, has another
        format or a newer version, or holds arrays of the wrong type, shape
        or consistency (truncation, corruption).
    FileNotFoundError
        If there is no file at ``path``.
    """
    with ArchiveReader(path, {FORMAT: VERSION}, "L2S hardware image", ImageFormatError) as archive:
        path = archive.path
        header = archive.manifest
        if not isinstance(header.get("spec"), dict):
            raise ImageFormatError(f"{path!r}: the header lacks 'spec'")
        arrays = {name: archive.array(name, dtype, ndim) for name, (dtype, ndim) in _ARRAYS.items()}
    try:
        spec = HardwareSpec(**header["spec"])
    except (TypeError, L2SError) as err:
        raise ImageFormatError(f"{path!r}: invalid hardware spec in the header: {err}") from None
    image = HardwareImage(spec=spec, **arrays)
    _check_consistency(image, path)
    return image


def _check_indptr(indptr: np.ndarray, size: int, name: str, n: int, path: str) -> None:
    if indptr.size != n + 1 or indptr[0] != 0 or indptr[-1] != size or np.any(np.diff(indptr) < 0):
        raise ImageFormatError(f"{path!r}: {name} does not cut {size} entries into {n} parts")


def _check_consistency(image: HardwareImage, path: str) -> None:
    """Cross-array checks: indptrs, table ranges and shapes agree."""
    n_cores = image.spec.n_cores
    if image.synapse_rows.shape[1:] != (WORDS_PER_ROW,) or image.neuron_params.shape[1:] != (3,):
        raise ImageFormatError(f"{path!r}: synapse_rows must have {WORDS_PER_ROW} words per row "
                               "and neuron_params 3 words per entry")
    for name, size in (("axon_indptr", image.axon_pointers.size),
                       ("neuron_indptr", image.neuron_pointers.size),
                       ("row_indptr", image.synapse_rows.shape[0])):
        _check_indptr(getattr(image, name), size, name, n_cores, path)
    _check_indptr(image.input_indptr, image.input_core.size, "input_indptr",
                  image.input_indptr.size - 1, path)
    if image.neuron_params.shape[0] != image.neuron_pointers.size:
        raise ImageFormatError(f"{path!r}: one parameter word per neuron slot is required")
    if image.input_slot.size != image.input_core.size or (
            image.neuron_local.size != image.neuron_core.size):
        raise ImageFormatError(f"{path!r}: host tables of unequal lengths")
    slots = [(image.input_core, image.input_slot, image.axon_indptr, "input"),
             (image.neuron_core, image.neuron_local, image.neuron_indptr, "neuron")]
    for core, index, indptr, what in slots:
        if core.size and (core.min() < 0 or core.max() >= n_cores or index.min() < 0
                          or np.any(index >= np.diff(indptr)[core])):
            raise ImageFormatError(f"{path!r}: the {what} table addresses a slot that no core "
                                   "holds")

