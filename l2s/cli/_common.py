"""What several commands share: reading a network of any stage, hardware options."""
from __future__ import annotations

from typing import Any, Callable, Optional, Tuple

import click

from .. import files
from ..errors import InvalidValueError
from ..graph.compiled import CompiledNetwork
from ..graph.network import Network
from ..partition import METHODS, HardwareSpec, Placement, partition

__all__ = ["load_as", "load_network", "spec_options", "place"]


def load_as(path: str, kinds: Tuple[str, ...]) -> Any:
    """Load the L2S file ``path``, which must be of one of ``kinds`` (``files.KINDS`` names)."""
    kind = files.kind_of(path)
    if kind.name not in kinds:
        raise InvalidValueError(f"{path!r} is a {kind.name} file; expected a "
                                f"{' or '.join(kinds)} file")
    return kind.load(path)


def load_network(path: str, kinds: Tuple[str, ...] = ("network", "compiled", "placement")
                 ) -> Tuple[Any, Optional[Placement]]:
    """``(compiled network or image, placement or None)`` from a file of any of ``kinds``."""
    obj = load_as(path, kinds)
    if isinstance(obj, Network):
        return obj.compile(), None
    if isinstance(obj, Placement):
        return obj.compiled, obj
    return obj, None


def spec_options(command: Callable) -> Callable:
    """Add ``--fpgas``, ``--cores``, ``--neurons-per-core``, ``--method``, ``--seed``."""
    for option in reversed((
            click.option("--fpgas", type=click.IntRange(1), default=1, show_default=True,
                         help="FPGAs of the hardware."),
            click.option("--cores", type=click.IntRange(1), default=32, show_default=True,
                         help="Cores per FPGA."),
            click.option("--neurons-per-core", type=click.IntRange(1),
                         default=HardwareSpec.neurons_per_core, show_default=True,
                         help="Neuron slots per core (smaller for what-if specs)."),
            click.option("--method", type=click.Choice(METHODS), default="metis",
                         show_default=True, help="Partitioner."),
            click.option("--seed", type=click.IntRange(0, 2 ** 31 - 1), default=0,
                         show_default=True, help="Seed of METIS and of 'random'."))):
        command = option(command)
    return command


def place(compiled: CompiledNetwork, fpgas: int, cores: int, neurons_per_core: int,
          method: str, seed: int) -> Placement:
    """:func:`l2s.partition.partition` with the options of :func:`spec_options`."""
    spec = HardwareSpec(fpgas=fpgas, cores_per_fpga=cores, neurons_per_core=neurons_per_core)
    return partition(compiled, spec, method=method, seed=seed)
