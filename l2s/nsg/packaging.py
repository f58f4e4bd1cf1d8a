"""Packing a job for NSG: one zip holding one top-level folder with the script and its data.

NSG's "Python for CRI" tool unzips the upload and runs the script named by the
``filename_`` parameter inside the top-level folder. The zip is built
deterministically (sorted entries, fixed time stamps and permissions), so the
same job gives the same bytes and the same checksum.

Hidden files and folders (``.git``, ``.venv``, ...), ``__pycache__`` and
compiled ``*.pyc`` files are left out.
"""
from __future__ import annotations

import io
import os
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional, Tuple

from .._files import atomic_write
from ..errors import InvalidValueError
from .config import PathLike

__all__ = ["Package", "package", "job_files"]

_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can hold
_SKIPPED_DIRS = {"__pycache__"}
_SKIPPED_SUFFIXES = (".pyc", ".pyo")


def job_files(source: PathLike) -> List[Path]:
    """Return the files of a job, relative to its folder, sorted; a script is its own job.

    Examples
    --------
    >>> import os, tempfile
    >>> d = tempfile.mkdtemp()
    >>> for name in ("run.py", "data/w.npy", ".git/HEAD", "__pycache__/run.pyc"):
    ...     os.makedirs(os.path.dirname(os.path.join(d, name)), exist_ok=True)
    ...     open(os.path.join(d, name), "w").close()
    >>> [p.as_posix() for p in job_files(d)]
    ['data/w.npy', 'run.py']
    """
    source = Path(source)
    if source.is_file():
        return [Path(source.name)]
    if not source.is_dir():
        raise InvalidValueError(f"job source {str(source)!r} is neither a file nor a folder")
    out = []
    for root, dirs, files in os.walk(source):
        dirs[:] = [d for d in dirs if not d.startswith(".") and d not in _SKIPPED_DIRS]
        out.extend(Path(root, f).relative_to(source) for f in files
                   if not f.startswith(".") and not f.endswith(_SKIPPED_SUFFIXES))
    return sorted(out, key=lambda p: p.as_posix())


def _script_name(source: Path, files: List[Path], script: Optional[str]) -> str:
    top = sorted(p.name for p in files if len(p.parts) == 1 and p.suffix == ".py")
    if script is None:
        if len(top) != 1:
            raise InvalidValueError(
                f"script is not given and {source} holds {len(top)} top-level .py files "
                f"({', '.join(top) or 'none'}); name the one NSG should run")
        return top[0]
    if script not in top:
        raise InvalidValueError(f"script = {script!r} is not a top-level .py file of {source}; "
                                f"choose one of {', '.join(top) or '(none)'}")
    return script


@dataclass(frozen=True)
class Package:
    """A job ready for upload: the zip's bytes, its folder, script and files.

    Examples
    --------
    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "hello.py")
    >>> _ = open(path, "w").write("print('hi')\\n")
    >>> pkg = package(path)
    >>> pkg.folder, pkg.script, pkg.files
    ('hello', 'hello.py', ('hello.py',))
    >>> pkg.data == package(path).data
    True
    """

    folder: str
    script: str
    files: Tuple[str, ...]
    data: bytes

    def write(self, path: PathLike) -> Path:
        """Write the zip to ``path`` atomically and return the path.

        Examples
        --------
        >>> import os, tempfile, zipfile
        >>> folder = tempfile.mkdtemp()
        >>> _ = open(os.path.join(folder, "hello.py"), "w").write("print('hi')\\n")
        >>> written = package(os.path.join(folder, "hello.py")).write(os.path.join(folder, "job.zip"))
        >>> zipfile.ZipFile(written).namelist()
        ['hello/', 'hello/hello.py']
        """
        with atomic_write(path, "wb") as f:
            f.write(self.data)
        return Path(path)


def _entry(name: str, mode: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
    info.create_system = 3  # unix, so the permissions below are honoured
    info.external_attr = mode << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def package(source: PathLike, script: Optional[str] = None, *,
            folder: Optional[str] = None) -> Package:
    """Zip a job folder (or a single script) the way NSG expects it.

    Parameters
    ----------
    source : path
        The job's folder, or a single ``.py`` script.
    script : str, optional
        The top-level ``.py`` file NSG runs; needed when the folder holds several.
    folder : str, optional
        Name of the top-level folder in the zip; default the folder's name (or
        the script's name without ``.py``).

    Returns
    -------
    Package

    Raises
    ------
    InvalidValueError
        The source does not exist, or the script is ambiguous or not in the folder.

    Examples
    --------
    >>> import io, os, tempfile, zipfile
    >>> d = os.path.join(tempfile.mkdtemp(), "myjob")
    >>> os.makedirs(os.path.join(d, "data"))
    >>> _ = open(os.path.join(d, "run.py"), "w").write("print('hi')\\n")
    >>> _ = open(os.path.join(d, "data", "in.txt"), "w").write("1 2 3\\n")
    >>> pkg = package(d)
    >>> zipfile.ZipFile(io.BytesIO(pkg.data)).namelist()
    ['myjob/', 'myjob/data/', 'myjob/data/in.txt', 'myjob/run.py']
    """
    source = Path(source)
    files = job_files(source)
    root = source.parent if source.is_file() else source
    if source.is_file() and source.suffix != ".py":
        raise InvalidValueError(f"job source {str(source)!r} is a file but not a .py script")
    name = folder or (source.stem if source.is_file() else source.resolve().name)
    if not name or "/" in name or "\\" in name or name in (".", ".."):
        raise InvalidValueError(f"folder = {name!r} is not a usable folder name")
    script = _script_name(source, files, script)
    dirs = sorted({p.as_posix() for f in files for p in f.parents} - {"."})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr(_entry(f"{name}/", 0o40755), b"")
        for d in dirs:
            zf.writestr(_entry(f"{name}/{d}/", 0o40755), b"")
        for f in files:
            path = root / f
            mode = 0o755 if os.stat(path).st_mode & stat.S_IXUSR else 0o644
            zf.writestr(_entry(f"{name}/{f.as_posix()}", stat.S_IFREG | mode),
                        path.read_bytes(), compresslevel=6)
    return Package(folder=name, script=script, files=tuple(f.as_posix() for f in files),
                   data=buffer.getvalue())
