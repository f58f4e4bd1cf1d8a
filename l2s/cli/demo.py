"""``l2s demo``: the built-in example end to end (what ``make demo`` runs)."""
from __future__ import annotations

import click

__all__ = ["demo"]


@click.command()
@click.option("--out", default="out", show_default=True, type=click.Path(file_okay=False),
              help="Directory for the hardware image and the plots.")
@click.option("--neurons", type=click.IntRange(1), default=10_000, show_default=True,
              help="Neurons of the simulated network.")
@click.option("--steps", type=click.IntRange(1), default=1_000, show_default=True,
              help="Steps simulated.")
def demo(out: str, neurons: int, steps: int) -> None:
    """Run the built-in example end to end: simulate, map, build, emulate, plot.

    \b
    Example:
      l2s demo --out out --neurons 2000 --steps 200
    """
    from ..demo import run_demo
    run_demo(out, neurons, steps)
