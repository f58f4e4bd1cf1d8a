"""The distributed simulator: one MPI process per part, the same results as one process.

Each process holds its own neurons (parameters and potentials) and the
synapses *into* them (:mod:`l2s.sim.distributed_load`), in the simulator's
target-blocked layout (:mod:`l2s.sim._layout`). A step is the simulator's
phase one (:func:`l2s.sim._kernel.phase_one_blocks`) on the local neurons,
an exchange of the fired neurons' ids (:mod:`l2s.sim.distributed_exchange`),
and the simulator's phase two (:func:`l2s.sim._kernel.phase_two_blocks`)
of the active axons and received neurons with a synapse here. Everything a
caller sees (spikes, potentials, weights, errors) is the same on every
process, so code written against :class:`l2s.Target` runs unchanged under
``mpiexec`` without its processes taking different branches.
"""
from __future__ import annotations

import os
from typing import Any, List, Optional, Tuple

import numba
import numpy as np

from .._locking import Locked, locked
from .._validation import check_choice, check_index_array, check_int
from ..errors import InvalidTypeError
from ..graph.compiled import AXON_SOURCE, NEURON_SOURCE, CompiledNetwork
from ..graph.compiled_file import load_compiled
from ..graph.models import HS_2024, WEIGHT_MAX, WEIGHT_MIN
from ..graph.noise import SEED_MAX, new_seed
from ..inputs import distinct_per_step, input_csr
from ..record import SpikeRecord
from ..target import SOURCES, check_source
from ._int32 import NO_LIMIT, Headroom, kernel_limit, starting_state
from ._kernel import phase_one_blocks, phase_two_blocks
from ._layout import BlockedSynapses, block_bounds
from .distributed_comm import agreed, world
from .distributed_exchange import EXCHANGES, AllGather, AllToAll
from .distributed_load import DEFAULT_CHUNK, load_part, open_network
from .simulator import OVERFLOW_CHOICES, RECORD_CHOICES, first_overflow, report_overflow

__all__ = ["DistributedSimulator"]


class DistributedSimulator(Locked):
    """Runs a compiled network across MPI processes, exactly as :class:`l2s.Simulator`.

    A :class:`l2s.Target`. Every process of ``comm`` constructs one, with the
    same arguments, and makes the same calls (SPMD). Process ``r`` owns the
    neurons of part ``r`` and reads from the network only their parameters and
    the synapses into them; each step its fired neurons' ids are exchanged
    with MPI collectives. Spikes, potentials and weights equal the
    single-process simulator's for any number of processes and threads, and
    every call returns the same on every process (``run`` gathers the whole
    record to every process; rank 0 saves it). Within a process, every
    method holds :attr:`lock`, so threads sharing one object run their
    calls one at a time (each thread still makes the same collective calls
    in the same order on every process).

    Parameters
    ----------
    network : str, os.PathLike or CompiledNetwork
        A compiled-network file (each process streams its synapses from it,
        none holds them all) or a compiled network in memory.
    comm : mpi4py.MPI.Comm, optional
        Default ``MPI.COMM_WORLD``, or a one-process
        :class:`~l2s.sim.distributed_comm.SerialComm` without mpi4py.
    parts : Placement or array_like of int, optional
        Who owns which neuron: a placement (its cores grouped into
        ``comm.size`` runs, see :func:`~l2s.sim.distributed_parts.placement_parts`)
        or one process per neuron. By default METIS partitions the neuron
        graph into ``comm.size`` parts on rank 0, which reads the whole
        network once for it; give ``parts`` for networks that exceed one
        machine.
    record : {'outputs', 'all'}, default 'outputs'
    overflow : {'warn', 'raise', 'ignore'}, default 'warn'
        As for :class:`l2s.Simulator`; every process warns or raises alike.
    threads : int, default 1
        Numba threads per process (one process per core is the MPI habit).
    exchange : {'allgather', 'alltoall'}, default 'allgather'
        The spike exchange (:mod:`l2s.sim.distributed_exchange`).
    seed : int, optional
        Seed of the noise, in ``[0, 2**63)``, as for :class:`l2s.Simulator`
        (draws are keyed by seed, step and network-wide neuron index, so
        they do not depend on the parts); by default rank 0 draws a fresh
        one and every process uses it. Unused without noise.
    partition_seed : int, default 0
        Seed of the default METIS partition.
    chunk : int, optional
        Synapses read at a time while loading.

    Examples
    --------
    >>> import l2s
    >>> from l2s.sim import DistributedSimulator
    >>> net = l2s.Network()
    >>> inp = net.add_axons("in", 1)
    >>> out = net.add_neurons("out", 2, threshold=2, output=True)
    >>> _ = net.connect(inp, out, pre=[0], post=[0], weight=3)
    >>> _ = net.connect(out, out, pre=[0], post=[1], weight=5)
    >>> sim = DistributedSimulator(net.compile())
    >>> rec = sim.run(4, inputs=[[0], [], [], []])
    >>> rec.as_pairs(), sim.potentials.tolist()
    ([(1, 0), (2, 1)], [0, 0])
    """

    def __init__(self, network: Any, *, comm: Any = None, parts: Any = None,
                 record: str = "outputs", overflow: str = "warn", threads: int = 1,
                 exchange: str = "allgather", seed: Optional[int] = None,
                 partition_seed: int = 0, chunk: int = DEFAULT_CHUNK) -> None:
        super().__init__()
        if not isinstance(network, (CompiledNetwork, str, os.PathLike)):
            raise InvalidTypeError(f"network must be a CompiledNetwork or the path of its file, "
                                   f"got {type(network).__name__}")
        self.comm = world() if comm is None else comm
        self.rank, self.size = self.comm.Get_rank(), self.comm.Get_size()
        self.overflow = check_choice(overflow, "overflow", OVERFLOW_CHOICES)
        check_choice(record, "record", RECORD_CHOICES)
        check_choice(exchange, "exchange", tuple(EXCHANGES))
        self.threads = check_int(threads, "threads", 1, numba.config.NUMBA_NUM_THREADS)
        chunk = check_int(chunk, "chunk", 1)
        seed = None if seed is None else check_int(seed, "seed", 0, SEED_MAX)
        #: Seed of the noise, the same on every process (see :mod:`l2s.graph.noise`).
        self.seed = self.comm.bcast(new_seed() if seed is None and self.rank == 0 else seed,
                                    root=0)
        self._network = network
        with agreed(self.comm, "reading the network"):
            with open_network(network) as archive:
                n_neurons = archive.array("output", "bool", 1).size
                self._n_synapses = {s: int(archive.array(f"{s}_indptr", "int64", 1)[-1])
                                    for s in SOURCES}
        owner = self._owner(network, parts, n_neurons, partition_seed)
        self._owner_of = owner.astype(np.uint16 if self.size <= 1 << 16 else np.int32)
        with agreed(self.comm, "loading this process's part of the network"):
            part = load_part(network, self._owner_of, self.rank, chunk)
        self.n_neurons, self.n_axons = n_neurons, part.n_axons
        self._ids = part.ids
        self._threshold, self._model, self._leak = part.threshold, part.model, part.leak
        self._shift, self._hs, self._noise = part.shift, part.semantics == HS_2024, part.noise
        self._record_mask = part.output if record == "outputs" else np.ones(part.ids.size, bool)
        self._bounds = block_bounds(part.ids.size, self.threads)
        self._rows = {s: part.synapses[s].rows for s in SOURCES}
        self._blocked = {s: BlockedSynapses(syn.indptr, syn.targets, syn.weights, self._bounds)
                         for s, syn in part.synapses.items()}
        self._headroom = Headroom({s: (syn.targets, syn.weights)
                                   for s, syn in part.synapses.items()},
                                  part.ids.size, self.n_axons)
        del part
        self._exchange = (AllGather(self.comm, self._ids) if exchange == AllGather.name else
                          AllToAll(self.comm, self._ids, self._owner_of, self._rows[NEURON_SOURCE]))
        self._fired = np.empty(self._ids.size, dtype=np.int32)
        self._n_fired = np.zeros(self._bounds.size - 1, dtype=np.int64)
        self._v = np.zeros(self._ids.size, dtype=np.int32)
        self._t = 0

    def _owner(self, network: Any, parts: Any, n_neurons: int, seed: int) -> np.ndarray:
        """Part of every neuron, the same on every process."""
        # imported here: ``import l2s`` does not load the partitioner (and PyMetis)
        from ..partition import Placement
        from .distributed_parts import check_parts, metis_parts, placement_parts
        with agreed(self.comm, "partitioning the network"):
            if isinstance(parts, Placement):
                owner = placement_parts(parts, self.size)
            elif parts is not None:
                owner = check_parts(parts, n_neurons, self.size)
            elif self.size == 1:
                owner = np.zeros(n_neurons, dtype=np.int32)
            elif self.rank == 0:
                compiled = network if isinstance(network, CompiledNetwork) else \
                    load_compiled(network)
                owner = metis_parts(compiled, self.size, seed)
                del compiled
            else:
                owner = None
        return owner if parts is not None else self.comm.bcast(owner, root=0)

    # -- state -------------------------------------------------------------
    @property
    def ids(self) -> np.ndarray:
        """Compiled indices of this process's neurons, ascending."""
        return self._ids

    @property
    def parts(self) -> np.ndarray:
        """Process owning every neuron."""
        return self._owner_of

    @property
    @locked
    def exchanged(self) -> Tuple[int, int]:
        """``(sent, received)``: neuron ids this process sent and received since construction."""
        return self._exchange.sent, self._exchange.received

    @property
    @locked
    def potentials(self) -> np.ndarray:
        """Potential of every neuron after the last step (int64, on every process; collective)."""
        counts = np.bincount(self._owner_of, minlength=self.size).astype(np.int64)
        got = np.empty(self.n_neurons, dtype=np.int64)
        self.comm.Allgatherv(self._v.astype(np.int64), [got, counts])
        out = np.empty(self.n_neurons, dtype=np.int64)
        out[np.argsort(self._owner_of, kind="stable")] = got
        return out

    @property
    @locked
    def t(self) -> int:
        """Number of steps run since construction or the last :meth:`reset`."""
        return self._t

    @locked
    def reset(self) -> None:
        """Set every potential and the step count to 0 (weights are kept)."""
        self._v = np.zeros(self._ids.size, dtype=np.int32)
        self._t = 0

    # -- weights -----------------------------------------------------------
    def _check_positions(self, source: Any, positions: Any) -> Tuple[str, np.ndarray]:
        source = check_source(source)
        return source, check_index_array(positions, "positions", self._n_synapses[source],
                                         f"the {source} synapses").astype(np.int64)

    def _locate(self, source: str, positions: np.ndarray) -> List[Tuple[int, int]]:
        """``(owner, slot)`` of each synapse; slot -1 on the processes not owning it."""
        found = []
        with agreed(self.comm, "reading synapse positions"):
            with open_network(self._network) as archive:
                indptr = archive.array(f"{source}_indptr", "int64", 1)
                for position in positions.tolist():
                    pre = int(np.searchsorted(indptr, position, side="right")) - 1
                    row = archive.array_range(f"{source}_indices", int(indptr[pre]), position + 1)
                    owner = int(self._owner_of[row[-1]])
                    if owner != self.rank:
                        found.append((owner, -1))
                        continue
                    local = np.searchsorted(self._ids, row[self._owner_of[row] == self.rank])
                    r = int(np.searchsorted(self._rows[source], pre))
                    found.append((owner, self._blocked[source].slot(r, local)))
        return found

    @locked
    def read_weight(self, source: str, position: int) -> int:
        """Current weight of the compiled synapse ``position`` of ``source`` (collective).

        Implements :meth:`l2s.Target.read_weight`: the process owning the
        synapse's target answers, every process returns the answer.

        Examples
        --------
        >>> from l2s.examples import docs_example
        >>> import l2s
        >>> sim = DistributedSimulator(l2s.from_l2s(**docs_example()).compile())
        >>> sim.read_weight("axon", 1)
        3
        """
        source = check_source(source)
        position = check_int(position, "position", 0, self._n_synapses[source] - 1)
        (owner, slot), = self._locate(source, np.array([position]))
        weight = self._blocked[source].weight(slot) if owner == self.rank else None
        return self.comm.bcast(weight, root=owner)

    @locked
    def write_weight(self, source: str, positions: Any, weight: int) -> None:
        """Set the compiled synapses ``positions`` of ``source`` to ``weight`` (collective).

        Implements :meth:`l2s.Target.write_weight`; the processes owning the
        targets write, after every argument is checked on every process.

        Examples
        --------
        >>> from l2s.examples import docs_example
        >>> import l2s
        >>> sim = DistributedSimulator(l2s.from_l2s(**docs_example()).compile())
        >>> sim.write_weight("neuron", [0, 1], 7)
        >>> sim.read_weight("neuron", 1)
        7
        """
        source, positions = self._check_positions(source, positions)
        weight = check_int(weight, "weight", WEIGHT_MIN, WEIGHT_MAX)
        for owner, slot in self._locate(source, positions):
            if owner == self.rank:
                self._blocked[source].replace_weight(slot, weight,
                                                     self._headroom.abs_fanin[source])
        self._headroom.forget()

    # -- execution ---------------------------------------------------------
    @locked
    def step(self, axons: Any = ()) -> np.ndarray:
        """Run one step with the given active axons; recorded fired neurons, ascending."""
        indices = check_index_array(axons, "axons", self.n_axons, "the axons")
        indptr = np.array([0, indices.size], dtype=np.int64)
        if self._hs:
            indptr, indices = distinct_per_step(indptr, indices, self.n_axons)
        return self._advance(indptr, indices, None).neurons

    @locked
    def run(self, steps: Optional[int] = None, inputs: Any = None, *,
            record_potentials: Any = None) -> SpikeRecord:
        """Run many steps; the whole record on every process (see :meth:`l2s.Simulator.run`)."""
        in_indptr, in_indices = input_csr(inputs, steps, self.n_axons)
        if self._hs:
            in_indptr, in_indices = distinct_per_step(in_indptr, in_indices, self.n_axons)
        pot_neurons = (None if record_potentials is None else
                       check_index_array(record_potentials, "record_potentials",
                                         self.n_neurons, "the neurons").astype(np.int64))
        return self._advance(in_indptr, in_indices, pot_neurons)

    def _local_inputs(self, in_indptr: np.ndarray, in_indices: np.ndarray
                      ) -> Tuple[np.ndarray, np.ndarray]:
        """The inputs as rows of the local axon layout (axons without a synapse here dropped)."""
        rows = self._rows[AXON_SOURCE]
        pos, hit = _rows_of(rows, in_indices)
        step_of = np.repeat(np.arange(in_indptr.size - 1), np.diff(in_indptr))
        indptr = np.zeros(in_indptr.size, dtype=np.int64)
        np.cumsum(np.bincount(step_of[hit], minlength=in_indptr.size - 1), out=indptr[1:])
        return indptr, pos[hit]

    def _advance(self, in_indptr: np.ndarray, in_indices: np.ndarray,
                 pot_neurons: Optional[np.ndarray]) -> SpikeRecord:
        n_steps = in_indptr.size - 1
        safe = self._headroom.safe_limit(in_indptr, in_indices)
        self._v = starting_state(self._v, self._noise, safe)
        limit = kernel_limit(self._v, safe)
        ax_indptr, ax_rows = self._local_inputs(in_indptr, in_indices)
        wanted = np.zeros(0, dtype=np.int64) if pot_neurons is None else pot_neurons
        mine = np.flatnonzero(self._owner_of[wanted] == self.rank)
        pot_local = np.searchsorted(self._ids, wanted[mine])
        pot_out = np.zeros((n_steps, mine.size), dtype=np.int64)
        times: List[np.ndarray] = []
        neurons: List[np.ndarray] = []
        overflow = np.array([-1, 0, 0], dtype=np.int64)
        axon_syn, neuron_syn = (self._blocked[s].arrays for s in (AXON_SOURCE, NEURON_SOURCE))
        lows = self._bounds[:-1]
        fired_lo = np.zeros(1, dtype=np.int64)
        numba.set_num_threads(self.threads)
        for s in range(n_steps):
            step = self._t + s
            if phase_one_blocks(self._v, self._threshold, self._model, self._leak, self._bounds,
                                self._fired, self._n_fired, limit, overflow, step, self._hs,
                                self._noise, self._shift, self.seed, self._ids):
                self._v = self._v.astype(np.int64)  # int32 could wrap in this phase two
                limit = NO_LIMIT
            fired = np.concatenate([self._fired[lo:lo + n] for lo, n in
                                    zip(lows.tolist(), self._n_fired.tolist())])
            recorded = fired[self._record_mask[fired]]
            times.append(np.full(recorded.size, step, dtype=np.int64))
            neurons.append(self._ids[recorded].astype(np.int32))
            pos, hit = _rows_of(self._rows[NEURON_SOURCE], self._exchange.exchange(fired))
            sources = pos[hit]
            phase_two_blocks(self._v, self._bounds, axon_syn, ax_rows, ax_indptr[s],
                             ax_indptr[s + 1], neuron_syn, sources, fired_lo,
                             np.array([sources.size], dtype=np.int64))
            pot_out[s] = self._v[pot_local]
        start = self._t
        self._t += n_steps
        self._check_overflow(overflow)
        return self._gathered(times, neurons, start, n_steps, pot_neurons, mine, pot_out)

    def _check_overflow(self, overflow: np.ndarray) -> None:
        if self.overflow == "ignore":
            return
        found = first_overflow(overflow, self._v, self._t)
        if found is not None:
            found = (found[0], int(self._ids[found[1]]), found[2])
        seen = [f for f in self.comm.allgather(found) if f is not None]
        report_overflow(self.overflow, min(seen) if seen else None)

    def _gathered(self, times: List[np.ndarray], neurons: List[np.ndarray], start: int,
                  n_steps: int, pot_neurons: Optional[np.ndarray], mine: np.ndarray,
                  pot_out: np.ndarray) -> SpikeRecord:
        """The record of all processes, on every process."""
        pieces = self.comm.allgather((np.concatenate(times) if times else np.zeros(0, np.int64),
                                      np.concatenate(neurons) if neurons else
                                      np.zeros(0, np.int32), mine, pot_out))
        all_times = np.concatenate([p[0] for p in pieces])
        all_neurons = np.concatenate([p[1] for p in pieces])
        order = np.lexsort((all_neurons, all_times))
        potentials = None
        if pot_neurons is not None:
            potentials = np.zeros((n_steps, pot_neurons.size), dtype=np.int64)
            for _, _, columns, values in pieces:
                potentials[:, columns] = values
        return SpikeRecord(all_times[order], all_neurons[order], start, n_steps, pot_neurons,
                           potentials)


def _rows_of(rows: np.ndarray, ids: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
    """``(pos, hit)``: ``rows[pos[k]] == ids[k]`` where ``hit[k]``; ``rows`` ascending."""
    pos = np.searchsorted(rows, ids)
    hit = pos < rows.size
    hit[hit] = rows[pos[hit]] == ids[hit]
    return pos, hit
