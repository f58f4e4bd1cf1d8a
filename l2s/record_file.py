"""The spike-record file (format ``l2s-spike-record``): spikes and recorded potentials.

Members ``times.npy`` (int64) and ``neurons.npy`` (int32), one entry per
spike; with potentials, ``potential_neurons.npy`` (int64) and
``potentials.npy`` (int64, ``n_steps x len(potential_neurons)``). The
manifest holds ``start`` and ``n_steps``. See ``docs/file-formats.md``.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from ._archive import ArchiveReader, write_archive
from .record import SpikeRecord

__all__ = ["FORMAT", "VERSION", "save_record", "load_record"]

FORMAT = "l2s-spike-record"
VERSION = 1
WHAT = "L2S spike-record file"
_POTENTIALS = ("potential_neurons", "potentials")


def save_record(record: SpikeRecord, path: Any) -> None:
    """Write ``record`` to ``path`` atomically (format ``l2s-spike-record``).

    Examples
    --------
    >>> import os, tempfile
    >>> rec = SpikeRecord(np.array([0, 2]), np.array([1, 4], dtype=np.int32), 0, 3)
    >>> path = os.path.join(tempfile.mkdtemp(), "run.l2sr")
    >>> save_record(rec, path)
    >>> load_record(path)
    SpikeRecord(2 spikes in steps [0, 3))
    """
    arrays = {"times": record.times.astype(np.int64, copy=False),
              "neurons": record.neurons.astype(np.int32, copy=False)}
    if record.potentials is not None:
        arrays.update(potential_neurons=record.potential_neurons.astype(np.int64, copy=False),
                      potentials=record.potentials.astype(np.int64, copy=False))
    write_archive(path, {"format": FORMAT, "version": VERSION, "start": int(record.start),
                         "n_steps": int(record.n_steps)}, arrays)


def load_record(path: Any) -> SpikeRecord:
    """Read a record written by :func:`save_record`.

    Raises
    ------
    FileFormatError
        If the file is damaged, foreign, of a newer version, or its arrays
        disagree; the message names the file and the problem.
    FileNotFoundError
        If there is no file at ``path``.
    """
    with ArchiveReader(path, {FORMAT: VERSION}, WHAT) as archive:
        start, n_steps = archive.manifest.get("start"), archive.manifest.get("n_steps")
        if type(start) is not int or type(n_steps) is not int or start < 0 or n_steps < 0:
            raise archive.fail(f"start = {start!r} and n_steps = {n_steps!r} must be "
                               "non-negative integers")
        times = archive.array("times", "int64", 1)
        neurons = archive.array("neurons", "int32", 1)
        pot = None
        if archive.has("potentials"):
            pot = (archive.array("potential_neurons", "int64", 1),
                   archive.array("potentials", "int64", 2))
    if times.size != neurons.size or np.any(np.diff(times) < 0) or (times.size and (
            times[0] < start or times[-1] >= start + n_steps or neurons.min() < 0)):
        raise archive.fail(f"times and neurons must be equal-length, times sorted in "
                           f"[{start}, {start + n_steps}) and neurons non-negative")
    if pot is not None and pot[1].shape != (n_steps, pot[0].size):
        raise archive.fail(f"potentials has shape {pot[1].shape}, expected "
                           f"({n_steps}, {pot[0].size})")
    return SpikeRecord(times, neurons, start, n_steps, *(pot or ()))
