"""The MPI communicator of a distributed run, found without importing mpi4py needlessly.

``import l2s`` never imports mpi4py. :func:`world` gives ``MPI.COMM_WORLD``
when mpi4py is installed and a :class:`SerialComm` (one process, no MPI at
all) otherwise; :func:`launched_world` gives ``MPI.COMM_WORLD`` only when the
process was started by ``mpiexec``/``srun`` with more than one process, so a
plain ``l2s run`` never initialises MPI. :func:`agreed` turns a failure on
some processes into the same error on all of them; :func:`abort_on_error`
stops every process when one fails where the others cannot know (never a
hang).
"""
from __future__ import annotations

import contextlib
import os
import sys
from typing import Any, Iterator, List, Optional

import numpy as np

from ..errors import L2SError

__all__ = ["SerialComm", "world", "launched_world", "agreed", "abort_on_error",
           "LAUNCHER_VARIABLES"]

#: Environment variables set by MPI launchers (MPICH/Hydra and Intel MPI, Open MPI, PMIx/Slurm).
LAUNCHER_VARIABLES = ("PMI_SIZE", "OMPI_COMM_WORLD_SIZE", "PMIX_RANK")


class SerialComm:
    """The communicator of a run in one process: every collective is a copy.

    It has the few ``mpi4py.MPI.Comm`` methods the distributed simulator
    calls, so :class:`~l2s.sim.DistributedSimulator` runs without mpi4py
    (and in doctests) exactly as under ``mpiexec -n 1``.

    Examples
    --------
    >>> import numpy as np
    >>> comm = SerialComm()
    >>> comm.Get_rank(), comm.Get_size(), comm.allgather("x")
    (0, 1, ['x'])
    >>> out = np.zeros(2, dtype=np.int32)
    >>> comm.Allgatherv(np.array([4, 5], dtype=np.int32), [out, [2]])
    >>> out.tolist()
    [4, 5]
    """

    rank = 0
    size = 1

    def Get_rank(self) -> int:  # noqa: N802 (mpi4py's names)
        return 0

    def Get_size(self) -> int:  # noqa: N802
        return 1

    def Allgather(self, send: np.ndarray, recv: np.ndarray) -> None:  # noqa: N802
        recv.reshape(-1)[:] = np.asarray(send).reshape(-1)

    def Allgatherv(self, send: np.ndarray, recv: List[Any]) -> None:  # noqa: N802
        recv[0][:np.asarray(send).size] = send

    Alltoall = Allgather

    def Alltoallv(self, send: List[Any], recv: List[Any]) -> None:  # noqa: N802
        self.Allgatherv(send[0], recv)

    def allgather(self, obj: Any) -> List[Any]:
        return [obj]

    def bcast(self, obj: Any, root: int = 0) -> Any:
        return obj

    def Barrier(self) -> None:  # noqa: N802
        return None

    def Abort(self, errorcode: int = 1) -> None:  # noqa: N802
        os._exit(errorcode)


def world() -> Any:
    """``mpi4py.MPI.COMM_WORLD``, or a :class:`SerialComm` when mpi4py is not installed.

    Examples
    --------
    >>> world().Get_size() >= 1
    True
    """
    try:
        from mpi4py import MPI
    except ImportError:
        return SerialComm()
    return MPI.COMM_WORLD


def launched_world() -> Optional[Any]:
    """``MPI.COMM_WORLD`` when started by an MPI launcher with several processes, else None.

    mpi4py is imported (and MPI initialised) only when a launcher variable
    (:data:`LAUNCHER_VARIABLES`) is set and mpi4py is installed.

    Examples
    --------
    >>> import os
    >>> launched_world() is None or "PMI_SIZE" in os.environ or "PMIX_RANK" in os.environ \\
    ...     or "OMPI_COMM_WORLD_SIZE" in os.environ
    True
    """
    if not any(name in os.environ for name in LAUNCHER_VARIABLES):
        return None
    try:
        from mpi4py import MPI
    except ImportError:
        return None
    return MPI.COMM_WORLD if MPI.COMM_WORLD.Get_size() > 1 else None


@contextlib.contextmanager
def agreed(comm: Any, what: str) -> Iterator[None]:
    """Run the block on every process, then fail on all of them if it failed on any.

    Every process must enter the block (it ends in a collective). The
    process that failed re-raises its own exception; the others raise an
    :class:`~l2s.errors.L2SError` naming the first failed rank and its message.
    Either exception carries that rank as ``l2s_first_failed``.

    Examples
    --------
    >>> with agreed(SerialComm(), "reading the network"):
    ...     x = 1
    >>> with agreed(SerialComm(), "reading the network"):
    ...     raise KeyError("missing")
    Traceback (most recent call last):
    ...
    KeyError: 'missing'
    """
    failure: Optional[BaseException] = None
    try:
        yield
    except Exception as err:  # every process must reach the collective below
        failure = err
    messages = comm.allgather(None if failure is None else f"{type(failure).__name__}: {failure}")
    first = next((rank for rank, message in enumerate(messages) if message is not None), None)
    if first is None:
        return
    if failure is None:
        failure = L2SError(f"{what} failed on process {first}: {messages[first]}")
    failure.l2s_first_failed = first  # type: ignore[attr-defined]
    raise failure


@contextlib.contextmanager
def abort_on_error(comm: Any, prefix: str = "error") -> Iterator[None]:
    """On an exception in the block: print it on stderr and abort every process with code 1.

    The other processes may be waiting in a collective that will never
    complete; ``comm.Abort(1)`` ends them all, and ``mpiexec`` exits with 1.
    An error raised on every process by :func:`agreed` is printed once.
    :class:`SystemExit` (a normal exit, e.g. from ``--help``) passes through.

    Examples
    --------
    >>> with abort_on_error(SerialComm()):
    ...     x = 1
    """
    try:
        yield
    except Exception as err:
        rank = comm.Get_rank()
        # an error raised by agreed() on every process is printed by the first that failed
        first = getattr(err, "l2s_first_failed", None)
        if first is None or first == rank:
            where = f" (process {rank} of {comm.Get_size()})" if comm.Get_size() > 1 else ""
            print(f"{prefix}{where}: {err}", file=sys.stderr, flush=True)
        if first is not None:  # every process is here: none aborts before the message is out
            comm.Barrier()
        comm.Abort(1)
