"""The image file: one zip of ``.npy`` members and a JSON header, written atomically.

Layout (format ``l2s-hardware-image``, version 1)::

    header.json          {"format", "version", "l2s_version", "spec",
                          "arrays": {name: {dtype, shape}}}
    <name>.npy           one member per array field of HardwareImage

The zip plumbing is the one of every L2S file (:mod:`l2s._archive`,
``docs/file-formats.md``): stored members with fixed timestamps, so saving
the same image twice gives the same bytes. Reading checks the header, every
member's dtype and shape, and the cross-references between arrays before
anything is built (:func:`l2s.hw.image.check_image`, down to every word), and
reports any problem as :class:`ImageFormatError`.
"""
from __future__ import annotations

from dataclasses import asdict
from typing import Dict


from .._archive import ArchiveReader, write_archive
from ..errors import L2SError
from ..machine.spec import HardwareSpec
from .image import HardwareImage, ImageFormatError, PathLike, check_image

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
    check_image(image, repr(path))
    return image


