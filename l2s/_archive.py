"""Zip archives of uncompressed ``.npy`` members and a JSON manifest, read defensively.

Every L2S file (network, compiled network, placement, spike record,
hardware image) is one such archive; ``docs/file-formats.md`` documents the
family. The manifest ``header.json`` names the format, its version and the
L2S version that wrote it, and declares the dtype and shape of every array
member ``<name>.npy``. Other JSON members ``<name>.json`` may hold documents
(e.g. user keys).

Writing is atomic and deterministic: members are stored uncompressed with a
fixed timestamp, so saving the same object twice gives the same bytes.

Reading opens regular files only (never a FIFO, device or directory, and
without blocking), never unpickles (object dtypes are refused), accepts
only stored members that lie inside the file, bounds every JSON member's
size (:data:`MAX_JSON_BYTES`) and nesting (:data:`MAX_JSON_DEPTH`) before
decoding it, checks every array's declared dtype and size against the
manifest and the member's length *before* allocating, and verifies CRCs on
full reads. Any problem raises the caller's
:class:`~l2s.errors.FileFormatError` subclass naming the file and what is
wrong. Because members are uncompressed, :meth:`ArchiveReader.array_range`
reads a slice of a 1-D member by seeking, without reading the rest.
"""
from __future__ import annotations

import contextlib
import json
import math
import os
import re
import struct
import zipfile
from typing import Any, Dict, Iterator, Mapping, Optional, Tuple, Type

import numpy as np

from ._files import atomic_write, open_regular
from ._version import __version__
from .errors import FileFormatError, L2SError

__all__ = ["MANIFEST", "MAX_JSON_BYTES", "MAX_JSON_DEPTH", "write_archive", "read_manifest",
           "ArchiveReader"]

#: Name of the JSON manifest member.
MANIFEST = "header.json"
_DATE = (1980, 1, 1, 0, 0, 0)
#: Local file header of a zip member: fixed part, then name and extra field.
_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")
_LOCAL_SIGNATURE = b"PK\x03\x04"
#: Largest JSON member read (manifest or document). The biggest ones L2S writes are the keys
#: of a population (tens of bytes per key), so this holds millions of keys; decoded, JSON
#: takes several times its size in Python objects, which stays well within memory.
MAX_JSON_BYTES = 64 * 2 ** 20
#: Deepest JSON nesting read: L2S writes at most a few levels plus two per nested key tuple
#: (see ``l2s._validation.MAX_KEY_DEPTH``); deeper documents would exhaust the stack.
MAX_JSON_DEPTH = 100
# A string, or an unterminated one to the end (so a scan never restarts: linear time).
_JSON_STRING = re.compile(rb'"(?:[^"\\]+|\\.)*"?')
_BRACKET_STEP = np.zeros(256, dtype=np.int8)
_BRACKET_STEP[[ord("["), ord("{")]], _BRACKET_STEP[[ord("]"), ord("}")]] = 1, -1


def _json_depth(data: bytes) -> int:
    """Deepest nesting of arrays and objects in JSON text (brackets inside strings skipped)."""
    codes = np.frombuffer(_JSON_STRING.sub(b'""', data), dtype=np.uint8)
    depth = deepest = 0
    for start in range(0, codes.size, 2 ** 20):  # in chunks: memory stays small
        levels = np.cumsum(_BRACKET_STEP[codes[start:start + 2 ** 20]], dtype=np.int64) + depth
        deepest, depth = max(deepest, int(levels.max())), int(levels[-1])
    return deepest


def _dumps(document: Any) -> str:
    return json.dumps(document, indent=1, sort_keys=True)


def write_archive(path: Any, manifest: Mapping[str, Any], arrays: Mapping[str, np.ndarray],
                  documents: Optional[Mapping[str, Any]] = None) -> None:
    """Write ``manifest``, ``arrays`` and JSON ``documents`` to ``path`` atomically.

    The manifest written is ``manifest`` plus ``l2s_version`` and ``arrays``
    (the dtype and shape of every array). Members keep the order given.

    Parameters
    ----------
    path : str or os.PathLike
    manifest : dict
        JSON-serialisable; must hold ``format`` and ``version``.
    arrays : dict of str to numpy.ndarray
        Stored as ``<name>.npy`` (C order, never pickled).
    documents : dict of str to JSON-serialisable, optional
        Stored as ``<name>.json``.

    Examples
    --------
    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "x.l2s")
    >>> write_archive(path, {"format": "demo", "version": 1}, {"a": np.arange(3)})
    >>> with ArchiveReader(path, {"demo": 1}, "L2S demo file") as archive:
    ...     archive.array("a").tolist()
    [0, 1, 2]
    """
    arrays = {name: np.ascontiguousarray(arr) for name, arr in arrays.items()}
    header = dict(manifest, l2s_version=__version__,
                  arrays={name: {"dtype": str(arr.dtype), "shape": list(arr.shape)}
                          for name, arr in arrays.items()})
    with atomic_write(path, "wb") as f:
        with zipfile.ZipFile(f, "w", zipfile.ZIP_STORED, allowZip64=True) as zf:
            zf.writestr(zipfile.ZipInfo(MANIFEST, _DATE), _dumps(header))
            for name, arr in arrays.items():
                with zf.open(zipfile.ZipInfo(f"{name}.npy", _DATE), "w",
                             force_zip64=True) as member:
                    np.lib.format.write_array(member, arr, allow_pickle=False)
            for name, document in (documents or {}).items():
                zf.writestr(zipfile.ZipInfo(f"{name}.json", _DATE), _dumps(document))


def read_manifest(path: Any, formats: Mapping[str, int], what: str = "L2S file",
                  error: Type[FileFormatError] = FileFormatError) -> Dict[str, Any]:
    """The checked manifest of the archive at ``path`` (see :class:`ArchiveReader`).

    Examples
    --------
    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "x.l2s")
    >>> write_archive(path, {"format": "demo", "version": 1}, {})
    >>> read_manifest(path, {"demo": 1})["format"]
    'demo'
    """
    with ArchiveReader(path, formats, what, error) as archive:
        return archive.manifest


class ArchiveReader:
    """An open L2S archive whose manifest has been checked; reads members on demand.

    Parameters
    ----------
    path : str or os.PathLike
    formats : dict of str to int
        Accepted formats and the newest version of each this L2S reads.
    what : str
        What the file should be, for messages (``'L2S network file'``).
    error : type, default FileFormatError
        The exception raised on any problem with the file.

    Raises
    ------
    FileFormatError
        (``error``) If the file is a directory, not a zip, truncated, holds
        compressed or out-of-file members, or its manifest is missing, of
        another format or of a newer version.
    FileNotFoundError
        If there is no file at ``path``.

    Examples
    --------
    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "x.l2s")
    >>> write_archive(path, {"format": "demo", "version": 1}, {"a": np.arange(10)},
    ...               {"keys": ["x", 1]})
    >>> with ArchiveReader(path, {"demo": 1}, "L2S demo file") as archive:
    ...     archive.version, archive.array_range("a", 2, 5).tolist(), archive.document("keys")
    (1, [2, 3, 4], ['x', 1])
    """

    def __init__(self, path: Any, formats: Mapping[str, int], what: str = "L2S file",
                 error: Type[FileFormatError] = FileFormatError) -> None:
        self.path = os.fspath(path)
        self.what = what
        #: The exception class this reader raises.
        self.error = error
        self._file = open_regular(self.path, what, error)
        try:
            with self._wrapped():
                self._size = os.fstat(self._file.fileno()).st_size
                self._zf = zipfile.ZipFile(self._file, "r")
        except BaseException:
            self._file.close()
            raise
        try:
            self._members = {info.filename: info for info in self._zf.infolist()}
            self._check_members()
            self.manifest = self._check_manifest(formats)
        except BaseException:
            self.close()
            raise

    # -- context -------------------------------------------------------------------
    def close(self) -> None:
        """Close the file."""
        self._zf.close()
        self._file.close()

    def __enter__(self) -> "ArchiveReader":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    @contextlib.contextmanager
    def _wrapped(self) -> Iterator[None]:
        """Report low-level damage (bad zip, CRC, truncation) as ``error``."""
        try:
            yield
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError,
                TypeError, struct.error, NotImplementedError, RuntimeError) as err:
            # zipfile raises RuntimeError for a member flagged encrypted (one flipped bit
            # of its flags) and NotImplementedError for an unknown compression method
            if isinstance(err, (FileNotFoundError, PermissionError, L2SError)):
                raise
            raise self.error(f"{self.path!r} is not a readable {self.what}: {err}") from None

    def fail(self, message: str) -> FileFormatError:
        """The error to raise for ``message`` about this file (the message names the file)."""
        return self.error(f"{self.path!r}: {message}")

    # -- checks ----------------------------------------------------------------------
    def _check_members(self) -> None:
        for name, info in self._members.items():
            if info.compress_type != zipfile.ZIP_STORED:
                raise self.fail(f"member {name} is compressed (method {info.compress_type}); "
                                 "L2S files hold stored (uncompressed) members only")
            if info.compress_size != info.file_size or \
                    info.header_offset + info.file_size > self._size:
                raise self.fail(f"member {name} declares {info.file_size} bytes at offset "
                                 f"{info.header_offset}, beyond the file's {self._size} bytes")

    def _check_manifest(self, formats: Mapping[str, int]) -> Dict[str, Any]:
        if MANIFEST not in self._members:
            raise self.error(f"{self.path!r} is a zip file but not an {self.what} "
                              f"(no {MANIFEST})")
        manifest = self._json(MANIFEST)
        fmt = manifest.get("format") if isinstance(manifest, dict) else None
        if fmt not in formats:
            expected = " or ".join(map(repr, formats))
            raise self.error(f"{self.path!r} is not an {self.what} (format {fmt!r}, "
                              f"expected {expected})")
        version = manifest.get("version")
        newest = formats[fmt]
        if isinstance(version, bool) or not isinstance(version, int) or \
                not 1 <= version <= newest:
            raise self.error(f"{self.path!r} has {fmt} format version {version!r}; this L2S "
                              f"({__version__}) reads versions 1 to {newest}")
        if not isinstance(manifest.get("arrays"), dict):
            raise self.fail(f"the {MANIFEST} lacks 'arrays'")
        return manifest

    # -- members -----------------------------------------------------------------------
    @property
    def format(self) -> str:
        """The format named by the manifest."""
        return self.manifest["format"]

    @property
    def version(self) -> int:
        """The format version of the file."""
        return self.manifest["version"]

    def has(self, name: str) -> bool:
        """Whether the array member ``name`` is declared and present."""
        return name in self.manifest["arrays"] and f"{name}.npy" in self._members

    def _info(self, member: str) -> zipfile.ZipInfo:
        info = self._members.get(member)
        if info is None:
            raise self.fail(f"member {member} is missing")
        return info

    def _json(self, member: str) -> Any:
        info = self._info(member)
        if info.file_size > MAX_JSON_BYTES:
            raise self.fail(f"member {member} declares {info.file_size:,} bytes; JSON members "
                            f"may hold at most {MAX_JSON_BYTES:,}")
        with self._wrapped():
            data = self._zf.read(member)
            depth = _json_depth(data)
            if depth > MAX_JSON_DEPTH:
                raise self.fail(f"member {member} nests {depth} levels deep; at most "
                                f"{MAX_JSON_DEPTH} are read")
            try:
                return json.loads(data.decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as err:
                raise self.fail(f"unreadable {member}: {str(err)[:100]}") from None

    def document(self, name: str) -> Any:
        """The JSON member ``<name>.json``, decoded."""
        return self._json(f"{name}.json")

    def _open_array(self, name: str, dtype: Optional[str], ndim: Optional[int]
                    ) -> Tuple[Any, np.dtype, Tuple[int, ...]]:
        """Open ``<name>.npy`` past its header; check it against the manifest and the caller."""
        member = f"{name}.npy"
        info = self._info(member)
        declared = self.manifest["arrays"].get(name)
        if not isinstance(declared, dict) or not isinstance(declared.get("dtype"), str):
            raise self.fail(f"member {member} is not declared (with its dtype) in {MANIFEST}")
        f = self._zf.open(info)
        try:
            version = np.lib.format.read_magic(f)
            if version not in ((1, 0), (2, 0)):
                raise ValueError(f"member {member} has .npy version {version}")
            reader = getattr(np.lib.format, f"read_array_header_{version[0]}_0")
            shape, fortran, dt = reader(f)
            if dt.hasobject or fortran:
                raise ValueError(f"member {member} holds an object or Fortran-ordered array; "
                                 "L2S files hold plain C-ordered arrays, never pickles")
            nbytes = math.prod(shape) * dt.itemsize
            if nbytes != info.file_size - f.tell():
                raise ValueError(f"member {member} declares {shape} {dt} ({nbytes} bytes) but "
                                 f"holds {info.file_size - f.tell()} bytes of data")
            declared_dtype = np.dtype(declared["dtype"])  # TypeError if not a dtype name
            want = declared_dtype if dtype is None else np.dtype(dtype)
            if declared_dtype != dt or want != dt or list(shape) != declared.get("shape") or \
                    (ndim is not None and len(shape) != ndim):
                dims = "" if ndim is None else f" of {ndim} dimension(s)"
                raise self.fail(f"member {member} holds {dt} {shape}, expected {want}{dims} "
                                f"and the header's shape {declared.get('shape')}")
        except BaseException:
            f.close()
            raise
        return f, dt, shape

    def array(self, name: str, dtype: Optional[str] = None,
              ndim: Optional[int] = None) -> np.ndarray:
        """Read the array member ``<name>.npy`` whole (its CRC is verified).

        Parameters
        ----------
        name : str
        dtype : str, optional
            Required dtype; by default the manifest's.
        ndim : int, optional
            Required number of dimensions.
        """
        with self._wrapped():
            f, dt, shape = self._open_array(name, dtype, ndim)
            with f:
                arr = np.empty(shape, dtype=dt)
                view = memoryview(arr.reshape(-1).view(np.uint8))
                got = 0
                while got < view.nbytes:
                    n = f.readinto(view[got:])
                    if not n:
                        raise EOFError(f"member {name}.npy ends early")
                    got += n
                f.read(1)  # reaching the end makes zipfile verify the CRC
        return arr

    def array_range(self, name: str, start: int, stop: int) -> np.ndarray:
        """Entries ``start:stop`` of the 1-D array member ``<name>.npy``, read by seeking.

        Only those bytes are read (no CRC check: use :meth:`array` for that).
        """
        with self._wrapped():
            f, dt, shape = self._open_array(name, None, 1)
            with f:
                data_start = f.tell()
            if not 0 <= start <= stop <= shape[0]:
                raise self.fail(f"entries {start}:{stop} are outside member {name}.npy "
                                 f"of length {shape[0]}")
            info = self._members[f"{name}.npy"]
            arr = np.empty(stop - start, dtype=dt)
            with open_regular(self.path, self.what, self.error) as raw:
                raw.seek(info.header_offset)
                fields = _LOCAL_HEADER.unpack(raw.read(_LOCAL_HEADER.size))
                if fields[0] != _LOCAL_SIGNATURE:
                    raise ValueError(f"member {name}.npy has a damaged local header")
                raw.seek(info.header_offset + _LOCAL_HEADER.size + fields[10] + fields[11]
                         + data_start + start * dt.itemsize)
                if raw.readinto(memoryview(arr.view(np.uint8))) != arr.nbytes:
                    raise EOFError(f"member {name}.npy ends early")
        return arr
