"""``l2s info FILE``: what an L2S file holds, from its manifest."""
from __future__ import annotations

import json

import click

from .. import files

__all__ = ["info"]


def _lines(summary: dict) -> list:
    lines = []
    for name, value in summary.items():
        if name == "populations":
            lines.append(f"populations: {len(value)}")
            lines.extend(f"  {pop!r:<16} {kind:<8} {size:>12,}" for pop, kind, size in value)
        elif isinstance(value, dict):
            lines.append(f"{name}: " + ", ".join(f"{k}={v:,}" if isinstance(v, int) else
                                                 f"{k}={v}" for k, v in value.items()))
        else:
            lines.append(f"{name}: {value:,}" if type(value) is int else f"{name}: {value}")
    return lines


@click.command()
@click.argument("file", type=click.Path(dir_okay=True))
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def info(file: str, as_json: bool) -> None:
    """Show what an L2S file holds.

    Kind, format version, the L2S version that wrote it, sizes, populations,
    the hardware spec. Works for every kind of file (network, compiled,
    placement, record, hardware image) and reads only the file's manifest.

    \b
    Example:
      l2s info net.l2s
    """
    summary = files.info(file)
    click.echo(json.dumps(summary) if as_json else "\n".join(_lines(summary)))
