"""The image file: one zip of ``.npy`` members and a JSON header, written atomically.

Layout (format ``l2s-hardware-image``, version 1)::

    header.json          {"format", "version", "spec", "arrays": {name: {dtype, shape}}}
    <name>.npy           one member per array field of HardwareImage

Members are stored uncompressed with fixed timestamps, so saving the same
image twice gives the same bytes. Reading checks the header, every member's
dtype and shape, and the cross-references between arrays before anything
is built (:func:`l2s.hw.image.check_image`, down to every word), and reports
any problem as :class:`ImageFormatError`.
"""
from __future__ import annotations

import json
import os
import zipfile
from dataclasses import asdict
from typing import Any, Dict

import numpy as np

from .._files import atomic_write
from ..errors import L2SError
from ..machine.spec import HardwareSpec
from .image import HardwareImage, ImageFormatError, PathLike, check_image

__all__ = ["save_image", "load_image", "ImageFormatError", "FORMAT", "VERSION"]

FORMAT = "l2s-hardware-image"
VERSION = 1
_HEADER = "header.json"
_DATE = (1980, 1, 1, 0, 0, 0)
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
    header = {"format": FORMAT, "version": VERSION, "spec": asdict(image.spec),
              "arrays": {name: {"dtype": str(getattr(image, name).dtype),
                                "shape": list(getattr(image, name).shape)}
                         for name in HardwareImage.array_names()}}
    with atomic_write(path, "wb") as f:
        with zipfile.ZipFile(f, "w", zipfile.ZIP_STORED, allowZip64=True) as zf:
            zf.writestr(zipfile.ZipInfo(_HEADER, _DATE),
                        json.dumps(header, indent=1, sort_keys=True))
            for name in HardwareImage.array_names():
                with zf.open(zipfile.ZipInfo(f"{name}.npy", _DATE), "w",
                             force_zip64=True) as member:
                    np.lib.format.write_array(member, np.ascontiguousarray(
                        getattr(image, name)), allow_pickle=False)


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
    path = os.fspath(path)
    try:
        with zipfile.ZipFile(path, "r") as zf:
            header = _header(zf, path)
            arrays = {name: _member(zf, name, header, path) for name in _ARRAYS}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as err:
        if isinstance(err, (FileNotFoundError, L2SError)):
            raise
        raise ImageFormatError(f"{path!r} is not a readable L2S hardware image: {err}") from None
    try:
        spec = HardwareSpec(**header["spec"])
    except (TypeError, L2SError) as err:
        raise ImageFormatError(f"{path!r}: invalid hardware spec in the header: {err}") from None
    image = HardwareImage(spec=spec, **arrays)
    check_image(image, repr(path))
    return image


def _header(zf: zipfile.ZipFile, path: str) -> Dict[str, Any]:
    try:
        header = json.loads(zf.read(_HEADER).decode("utf-8"))
    except KeyError:
        raise ImageFormatError(f"{path!r} is a zip file but not an L2S hardware image "
                               f"(no {_HEADER})") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ImageFormatError(f"{path!r}: unreadable {_HEADER}: {err}") from None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise ImageFormatError(f"{path!r} is not an L2S hardware image (format "
                               f"{header.get('format') if isinstance(header, dict) else None!r},"
                               f" expected {FORMAT!r})")
    version = header.get("version")
    if not isinstance(version, int) or not 1 <= version <= VERSION:
        raise ImageFormatError(f"{path!r} has image format version {version!r}; this L2S "
                               f"reads versions 1 to {VERSION}")
    if not isinstance(header.get("spec"), dict) or not isinstance(header.get("arrays"), dict):
        raise ImageFormatError(f"{path!r}: the header lacks 'spec' or 'arrays'")
    return header


def _member(zf: zipfile.ZipFile, name: str, header: Dict[str, Any], path: str) -> np.ndarray:
    dtype, ndim = _ARRAYS[name]
    try:
        with zf.open(f"{name}.npy") as member:
            arr = np.lib.format.read_array(member, allow_pickle=False)
    except KeyError:
        raise ImageFormatError(f"{path!r}: member {name}.npy is missing") from None
    expected = header["arrays"].get(name)
    shape = expected.get("shape") if isinstance(expected, dict) else None
    if str(arr.dtype) != dtype or arr.ndim != ndim or list(arr.shape) != shape:
        raise ImageFormatError(f"{path!r}: member {name}.npy holds {arr.dtype} {arr.shape}, "
                               f"expected {dtype} of {ndim} dimension(s) and the header's shape "
                               f"{shape}")
    return arr
