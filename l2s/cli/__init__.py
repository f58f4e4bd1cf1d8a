"""The ``l2s`` command line: the pipeline from the shell, one thin command per stage.

``main`` is the top-level :func:`click.group`; each command lives in its own
module and is registered below with one line, ``main.add_command(...)``, as
later subgroups (``l2s nsg ...``) will be. ``docs/cli.md`` documents every
command with an example that the test suite runs.
"""
from __future__ import annotations

import click

from .._version import __version__
from ..nsg.cli import nsg
from ._group import Group
from .convert import CONVERTERS, convert
from .demo import demo
from .image import image
from .info import info
from .map import map_command
from .plot import plot
from .run import run

__all__ = ["main", "CONVERTERS"]


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show the full traceback of errors.")
@click.version_option(__version__, prog_name="l2s")
def main(debug: bool) -> None:
    """Build, run, map and plot spiking networks for the CRI hardware.

    \b
    Example:
      l2s convert example.json -o net.l2s && l2s run net.l2s --steps 10
    """


for _command in (demo, info, convert, run, map_command, image, plot, nsg):
    main.add_command(_command)
