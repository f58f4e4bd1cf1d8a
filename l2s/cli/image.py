"""``l2s image NET -o IMAGE``: build and save the hardware image of a network."""
from __future__ import annotations

from typing import Optional

import click
import numpy as np

from ..errors import InvalidValueError
from ._common import load_as, load_network, place, spec_options

__all__ = ["image"]


def _same_network(a, b) -> bool:
    return all(np.array_equal(getattr(a, name), getattr(b, name)) for name in (
        "axon_indptr", "axon_indices", "neuron_indptr", "neuron_indices"))


@click.command()
@click.argument("net", type=click.Path(dir_okay=False))
@click.option("--placement", "placement_path", type=click.Path(dir_okay=False),
              help="A placement file of NET (from 'l2s map'); otherwise NET is mapped "
                   "with the spec options.")
@spec_options
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="The image file to write (e.g. net.cri).")
def image(net: str, placement_path: Optional[str], fpgas: int, cores: int,
          neurons_per_core: int, method: str, seed: int, output: str) -> None:
    """Build the hardware image of a network and save it.

    NET is a network, compiled-network or placement file; without a
    placement, NET is mapped with the spec options first.

    \b
    Example:
      l2s image net.l2s --placement net.l2sp -o net.cri
    """
    from ..hw import build_image
    compiled, placement = load_network(net)
    if placement_path is not None:
        placement = load_as(placement_path, ("placement",))
        if not _same_network(placement.compiled, compiled):
            raise InvalidValueError(f"{placement_path!r} places another network than {net!r}")
    if placement is None:
        placement = place(compiled, fpgas, cores, neurons_per_core, method, seed)
    built = build_image(compiled, placement)
    built.save(output)
    click.echo(f"wrote {output}: {built!r}")
