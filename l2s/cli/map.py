"""``l2s map NET``: partition a network onto CRI cores and report the mapping."""
from __future__ import annotations

import json
from typing import Optional

import click

from ._common import load_network, place, spec_options

__all__ = ["map_command"]


@click.command("map")
@click.argument("net", type=click.Path(dir_okay=False))
@spec_options
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Write the placement (with its network) to this file.")
@click.option("--report", type=click.Choice(("text", "json")), default="text",
              show_default=True, help="How to print the mapping report.")
def map_command(net: str, fpgas: int, cores: int, neurons_per_core: int, method: str,
                seed: int, output: Optional[str], report: str) -> None:
    """Map a network onto CRI cores and print the mapping report.

    NET is a network or compiled-network file. The report lists neurons,
    axons, relays, synapses and HBM rows per core, and what crosses cores.

    \b
    Example:
      l2s map net.l2s --fpgas 1 --cores 2 -o net.l2sp --report json
    """
    compiled, _ = load_network(net, ("network", "compiled"))
    placement = place(compiled, fpgas, cores, neurons_per_core, method, seed)
    click.echo(json.dumps(placement.report.to_dict()) if report == "json"
               else str(placement.report))
    if output is not None:
        placement.save(output)
        click.echo(f"wrote {output}", err=report == "json")
