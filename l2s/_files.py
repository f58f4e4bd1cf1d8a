"""Atomic file writes: a temporary file in the target's directory, then a rename."""
from __future__ import annotations

import contextlib
import os
import tempfile
from typing import IO, Any, Iterator


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def atomic_write(path: Any, mode: str = "wb") -> Iterator[IO]:
    """Open a temporary file for writing that replaces ``path`` only when the block succeeds.

    The data is flushed to disk before the rename, so a crash or an exception
    leaves either the old file or the complete new one, never a partial file.
    The file gets the usual permissions (``0o666`` less the umask).

    Examples
    --------
    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "out.txt")
    >>> with atomic_write(path, "w") as f:
    ...     _ = f.write("hello")
    >>> open(path).read()
    'hello'
    """
    path = os.fspath(path)
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{os.path.basename(path)}.", suffix=".tmp")
    try:
        with os.fdopen(fd, mode) as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise
