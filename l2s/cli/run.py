"""``l2s run NET --steps N``: simulate (or emulate) a saved network."""
from __future__ import annotations

import sys
import time
from typing import Optional

import click

from ..graph.noise import SEED_MAX, new_seed
from ..input_files import key_index, read_inputs, split_keys
from ..partition import partition
from ..sim import Simulator
from ..sim.distributed_comm import launched_world
from ._common import load_network
from .run_mpi import run_distributed

__all__ = ["run", "TARGETS"]

TARGETS = ("simulator", "emulator")


@click.command()
@click.argument("net", type=click.Path(dir_okay=False))
@click.option("--steps", type=click.IntRange(0), default=None,
              help="Steps to run (may be omitted with .npz inputs).")
@click.option("--inputs", type=click.Path(dir_okay=False),
              help="Active axons per step: .npz (indptr + indices, or active) or .csv "
                   "(step,axon_key lines).")
@click.option("--target", type=click.Choice(TARGETS), default="simulator", show_default=True,
              help="The simulator, or the emulator of the hardware image (built with the "
                   "default spec when NET is not an image).")
@click.option("--threads", type=click.IntRange(1), default=None,
              help="Simulator threads (default: all for large networks).")
@click.option("--record", "record_path", type=click.Path(dir_okay=False),
              help="Write the spikes (and potentials) to this record file.")
@click.option("--potentials", default=None,
              help="Comma-separated neuron keys whose potentials are recorded.")
@click.option("--seed", type=click.IntRange(0, SEED_MAX), default=None,
              help="Seed of the noise of networks with noisy neurons (default: a fresh one, "
                   "printed); the same seed gives the same run on every target.")
def run(net: str, steps: Optional[int], inputs: Optional[str], target: str,
        threads: Optional[int], record_path: Optional[str], potentials: Optional[str],
        seed: Optional[int]) -> None:
    """Simulate or emulate a network and print a one-line summary.

    NET is a network, compiled-network or placement file, or with --target
    emulator also a hardware image (whose axons and neurons are indices).
    The spikes of the output neurons are recorded; a progress bar shows on
    a terminal.

    Started by mpiexec with several processes, the distributed simulator
    runs instead (one part per process; see docs/distributed.md).

    \b
    Example:
      l2s run net.l2s --steps 5 --inputs inputs.csv --record run.l2sr --potentials a,b
      mpiexec -n 4 l2s run net.l2sc --steps 1000 --record run.l2sr
    """
    comm = launched_world()
    if comm is not None:
        if target != "simulator":
            raise click.UsageError(f"--target {target} runs in one process; under mpiexec "
                                   f"only the simulator is distributed")
        run_distributed(comm, net, steps, inputs, threads, record_path, potentials, seed)
        return
    from ..hw import Emulator, HardwareImage, build_image
    kinds = ("network", "compiled", "placement") + (("image",) if target == "emulator" else ())
    source, placement = load_network(net, kinds)
    compiled = None if isinstance(source, HardwareImage) else source
    n_axons, n_neurons = source.n_axons, source.n_neurons
    if steps is None and inputs is None:
        raise click.UsageError("give --steps, or --inputs with a .npz file")
    active = None if inputs is None else read_inputs(
        inputs, steps, n_axons, None if compiled is None else compiled.axon_keys)
    watched = None if potentials is None else [
        key_index(text, None if compiled is None else compiled.neuron_keys, n_neurons, "neuron")
        for text in split_keys(potentials)]
    seed = new_seed() if seed is None else seed
    t0 = time.perf_counter()
    if target == "simulator":
        runner = Simulator(source, threads=threads, seed=seed)
        record = runner.run(steps, active, record_potentials=watched,
                            progress=sys.stderr.isatty())
    else:
        if compiled is not None:
            source = build_image(compiled, placement or partition(compiled))
        record = Emulator(source, seed=seed).run(steps, active, record_potentials=watched)
    seconds = time.perf_counter() - t0
    if compiled is None or compiled.noise:
        click.echo(f"noise seed {seed}")
    click.echo(f"{record.n_steps:,} steps on the {target}: {len(record):,} "
               f"spike{'' if len(record) == 1 else 's'} in {seconds:.3f} s")
    if record_path is not None:
        record.save(record_path)
        click.echo(f"wrote {record_path}")
