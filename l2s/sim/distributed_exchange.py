"""The per-step spike exchange of a distributed run: who learns which neurons fired.

Two strategies, both MPI collectives over the fired neurons' compiled
indices (int32):

- :class:`AllGather` (``MPI_Allgatherv``): every process receives every
  fired neuron and keeps those that have a synapse into it. Two collectives
  per step (the counts, then the ids), no setup.
- :class:`AllToAll` (``MPI_Alltoallv``): a process sends a fired neuron only
  to the processes its synapses reach, learnt once at setup (every process
  tells each owner which of its neurons it needs). Fewer bytes when parts
  keep synapses local; the send buffer is sorted by destination each step.

Either way a process receives, in rank order, ascending ids per sender; the
order does not matter to phase two (integer sums).
"""
from __future__ import annotations

from typing import Any, Tuple

import numpy as np

__all__ = ["Exchange", "AllGather", "AllToAll", "EXCHANGES", "alltoallv"]


def alltoallv(comm: Any, values: np.ndarray, dest: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
    """Send ``values[k]`` to process ``dest[k]``.

    Returns
    -------
    (received, counts)
        What this process receives (int32), ordered by sender, and how many
        values came from each process.

    Examples
    --------
    >>> from l2s.sim.distributed_comm import SerialComm
    >>> got, counts = alltoallv(SerialComm(), np.array([3, 1], np.int32), np.array([0, 0]))
    >>> got.tolist(), counts.tolist()
    ([3, 1], [2])
    """
    size = comm.Get_size()
    order = np.argsort(dest, kind="stable")
    send = np.ascontiguousarray(values[order], dtype=np.int32)
    send_counts = np.bincount(dest, minlength=size).astype(np.int64)
    recv_counts = np.empty(size, dtype=np.int64)
    comm.Alltoall(send_counts, recv_counts)
    recv = np.empty(int(recv_counts.sum()), dtype=np.int32)
    comm.Alltoallv([send, send_counts], [recv, recv_counts])
    return recv, recv_counts


class Exchange:
    """Base of the exchanges: counts what this process sent and received.

    Attributes
    ----------
    sent, received : int
        Neuron ids this process sent to and received from *other* processes
        since construction (its own fired neurons are not counted).
    """

    #: Name of the strategy (the ``exchange`` argument of the simulator).
    name = ""

    def __init__(self, comm: Any, ids: np.ndarray) -> None:
        self.comm = comm
        self.ids = ids
        self.sent = 0
        self.received = 0

    def exchange(self, fired: np.ndarray) -> np.ndarray:
        """Compiled ids of the fired neurons this process needs, given its own fired (local)."""
        raise NotImplementedError


class AllGather(Exchange):
    """Every process receives every fired neuron (``MPI_Allgatherv``).

    Examples
    --------
    >>> from l2s.sim.distributed_comm import SerialComm
    >>> AllGather(SerialComm(), np.array([5, 7, 9])).exchange(np.array([0, 2])).tolist()
    [5, 9]
    """

    name = "allgather"

    def __init__(self, comm: Any, ids: np.ndarray) -> None:
        super().__init__(comm, ids)
        self._counts = np.empty(comm.Get_size(), dtype=np.int64)

    def exchange(self, fired: np.ndarray) -> np.ndarray:
        send = self.ids[fired].astype(np.int32)
        self.comm.Allgather(np.array([send.size], dtype=np.int64), self._counts)
        recv = np.empty(int(self._counts.sum()), dtype=np.int32)
        self.comm.Allgatherv(send, [recv, self._counts])
        self.sent += send.size * (self.comm.Get_size() - 1)
        self.received += recv.size - send.size
        return recv


class AllToAll(Exchange):
    """A fired neuron goes only to the processes it has synapses into (``MPI_Alltoallv``).

    Parameters
    ----------
    comm
    ids : numpy.ndarray (int64)
        Compiled ids of this process's neurons, ascending.
    owner : numpy.ndarray
        Process of every neuron.
    needed : numpy.ndarray (int64)
        Compiled ids of the neurons (of any process) with a synapse into this process.

    Examples
    --------
    >>> from l2s.sim.distributed_comm import SerialComm
    >>> ex = AllToAll(SerialComm(), np.array([5, 7, 9]), np.zeros(10, np.int32), np.array([9]))
    >>> ex.exchange(np.array([0, 2])).tolist()
    [9]
    """

    name = "alltoall"

    def __init__(self, comm: Any, ids: np.ndarray, owner: np.ndarray, needed: np.ndarray) -> None:
        super().__init__(comm, ids)
        asked, per_sender = alltoallv(comm, needed, owner[needed].astype(np.int64))
        asker = np.repeat(np.arange(comm.Get_size(), dtype=np.int32), per_sender)
        local = np.searchsorted(ids, asked)
        order = np.argsort(local, kind="stable")
        #: Processes reached by local neuron ``i``: ``reach[reach_ptr[i]:reach_ptr[i + 1]]``.
        self.reach = asker[order]
        self.reach_ptr = np.zeros(ids.size + 1, dtype=np.int64)
        np.cumsum(np.bincount(local, minlength=ids.size), out=self.reach_ptr[1:])

    def exchange(self, fired: np.ndarray) -> np.ndarray:
        first = self.reach_ptr[fired]
        n = self.reach_ptr[fired + 1] - first
        total = int(n.sum())
        offsets = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(n) - n, n)
        dest = self.reach[np.repeat(first, n) + offsets]
        recv, counts = alltoallv(self.comm, np.repeat(self.ids[fired], n), dest)
        own = int(counts[self.comm.Get_rank()])
        self.sent += total - own
        self.received += recv.size - own
        return recv


#: The exchanges by name.
EXCHANGES = {cls.name: cls for cls in (AllGather, AllToAll)}
