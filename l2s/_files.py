"""Safe file access: atomic writes that keep links and modes, reads of regular files only.

Writes go to a temporary file named ``.<name>.l2s-tmp-<pid>-<random>`` in
the target's directory, which then replaces the target by a rename. A save
to a symbolic link replaces the file the link points to (the link stays),
an existing file keeps its permission bits, and the process umask is never
changed (the kernel applies it when the temporary file is created). A save
killed before the rename leaves its temporary file behind; the next save to
the same path removes those whose process is no longer alive.

Reads open only regular files: FIFOs, devices (``/dev/zero``) and
directories are refused without blocking (``stat`` before ``open``, the
open non-blocking, then ``fstat`` of what was opened).
"""
from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import stat
from typing import IO, Any, Iterator, Type

from .errors import FileFormatError

__all__ = ["atomic_write", "open_regular", "TEMP_MARK"]

#: Marks the temporary files of saves in progress: ``.<name>.l2s-tmp-<pid>-<hex>``.
TEMP_MARK = ".l2s-tmp-"
#: Characters of the target name kept in a temporary name (names stay under 255 bytes).
_NAME_KEPT = 200


def _temp_prefix(name: str) -> str:
    return f".{name[:_NAME_KEPT]}{TEMP_MARK}"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True  # another user's process (or not a pid we can ask about): keep its file
    return True


def _remove_stale(directory: str, name: str) -> None:
    """Remove temporary files of earlier saves to ``name`` whose process has died."""
    pattern = re.compile(re.escape(_temp_prefix(name)) + r"(\d+)-[0-9a-f]+\Z")
    with contextlib.suppress(OSError), os.scandir(directory) as entries:
        for entry in entries:
            match = pattern.match(entry.name)
            if match and int(match.group(1)) != os.getpid() and not _alive(int(match.group(1))):
                with contextlib.suppress(OSError):
                    os.remove(entry.path)


@contextlib.contextmanager
def atomic_write(path: Any, mode: str = "wb") -> Iterator[IO]:
    """Open a temporary file for writing that replaces ``path`` only when the block succeeds.

    The data is flushed to disk before the rename, so a crash or an exception
    leaves either the old file or the complete new one, never a partial file.
    A new file gets ``0o666`` less the umask; an existing one keeps its mode;
    a symbolic link keeps pointing to the (replaced) file.

    Examples
    --------
    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "out.txt")
    >>> with atomic_write(path, "w") as f:
    ...     _ = f.write("hello")
    >>> open(path).read()
    'hello'
    """
    target = os.path.realpath(os.fspath(path))
    directory, name = os.path.split(target)
    _remove_stale(directory, name)
    try:
        keep_mode = stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        keep_mode = None
    tmp = os.path.join(directory, f"{_temp_prefix(name)}{os.getpid()}-{secrets.token_hex(6)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0),
                 0o666)
    try:
        if keep_mode is not None:
            os.chmod(tmp, keep_mode)
        with os.fdopen(fd, mode) as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.remove(tmp)
        raise


def open_regular(path: Any, what: str = "L2S file",
                 error: Type[FileFormatError] = FileFormatError) -> IO[bytes]:
    """Open ``path`` for binary reading if it is a regular file, without ever blocking.

    Raises ``error`` for a directory, FIFO, socket or device (checked before
    the open, and again on the opened descriptor, which is opened
    non-blocking so a FIFO swapped in between cannot hang the call);
    ``FileNotFoundError`` and ``PermissionError`` are raised as they are.

    Examples
    --------
    >>> open_regular("/dev/zero")
    Traceback (most recent call last):
    ...
    l2s.errors.FileFormatError: '/dev/zero' is a character device, not an L2S file
    """
    path = os.fspath(path)

    def refuse(mode: int) -> FileFormatError:
        kind = ("a directory" if stat.S_ISDIR(mode) else "a FIFO" if stat.S_ISFIFO(mode)
                else "a character device" if stat.S_ISCHR(mode)
                else "a block device" if stat.S_ISBLK(mode)
                else "a socket" if stat.S_ISSOCK(mode) else "not a regular file")
        return error(f"{path!r} is {kind}, not an {what}")

    mode = os.stat(path).st_mode
    if not stat.S_ISREG(mode):
        raise refuse(mode)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
                     | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
    except OSError as err:
        if err.errno in (errno.ENXIO, errno.EISDIR):
            raise error(f"{path!r} is not a regular file, not an {what}") from None
        raise
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise refuse(mode)
    return os.fdopen(fd, "rb")
