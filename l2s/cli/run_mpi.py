"""``mpiexec -n N l2s run NET ...``: the distributed simulator from the shell.

Every process runs this with the same arguments. A compiled-network file is
streamed (each process reads its own part); a network or placement file is
read whole by every process (a placement gives the parts). Only rank 0
prints and writes the record. Any error on any process prints on stderr and
aborts every process with exit code 1.
"""
from __future__ import annotations

import time
from typing import Any, Optional

import click

from .. import files
from ..input_files import key_index, read_inputs, split_keys
from ..sim import DistributedSimulator
from ..sim.distributed_comm import abort_on_error, agreed
from ._common import load_network

__all__ = ["run_distributed"]


def _network(net: str, keys_needed: bool) -> Any:
    """``(what DistributedSimulator reads, compiled network or None, placement or None)``."""
    if files.kind_of(net).name == "compiled" and not keys_needed:
        return net, None, None
    compiled, placement = load_network(net)
    return compiled, compiled, placement


def run_distributed(comm: Any, net: str, steps: Optional[int], inputs: Optional[str],
                    threads: Optional[int], record_path: Optional[str],
                    potentials: Optional[str], seed: Optional[int] = None) -> None:
    """The body of ``l2s run`` on each of ``comm``'s processes."""
    with abort_on_error(comm, "Error"):
        with agreed(comm, "reading the arguments"):
            if steps is None and inputs is None:
                raise click.UsageError("give --steps, or --inputs with a .npz file")
            keys_needed = potentials is not None or not (inputs or ".npz").endswith(".npz")
            network, compiled, placement = _network(net, keys_needed)
        sim = DistributedSimulator(network, comm=comm, parts=placement, threads=threads or 1,
                                   seed=seed)
        with agreed(comm, "reading the inputs"):
            active = None if inputs is None else read_inputs(
                inputs, steps, sim.n_axons, None if compiled is None else compiled.axon_keys)
            watched = None if potentials is None else [
                key_index(text, compiled.neuron_keys, sim.n_neurons, "neuron")
                for text in split_keys(potentials)]
        t0 = time.perf_counter()
        record = sim.run(steps, active, record_potentials=watched)
        seconds = time.perf_counter() - t0
        if comm.Get_rank() == 0:
            click.echo(f"{record.n_steps:,} steps on {comm.Get_size()} processes: "
                       f"{len(record):,} spike{'' if len(record) == 1 else 's'} in "
                       f"{seconds:.3f} s")
            if record_path is not None:
                record.save(record_path)
                click.echo(f"wrote {record_path}")
