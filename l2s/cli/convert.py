"""``l2s convert INPUT -o NET``: other network descriptions to an L2S network file.

Converters are chosen by the input's suffix in :data:`CONVERTERS`; an
importer (e.g. NIR) plugs in with one line, ``CONVERTERS[".nir"] = read_nir``,
where the function takes the input path and returns an :class:`l2s.Network`.
"""
from __future__ import annotations

import json
import os
import runpy
from typing import Any, Callable, Dict, Mapping

import click

from ..errors import InvalidValueError
from ..graph.l2s_dicts import from_l2s
from ..graph.network import Network

__all__ = ["convert", "CONVERTERS", "L2S_NAMES"]

#: The names an L2S-dicts file defines.
L2S_NAMES = ("axons", "connections", "config", "outputs")


def _from_names(path: str, names: Mapping[str, Any]) -> Network:
    missing = [n for n in L2S_NAMES if n not in names]
    if missing:
        raise InvalidValueError(f"{path!r} does not define {', '.join(missing)}; an L2S-dicts "
                                f"file defines {', '.join(L2S_NAMES)}")
    return from_l2s(*(names[n] for n in L2S_NAMES))


def read_l2s_python(path: str) -> Network:
    """The network of a Python file defining the L2S dicts (run in a fresh namespace)."""
    return _from_names(path, runpy.run_path(path, run_name="__l2s_convert__"))


def read_l2s_json(path: str) -> Network:
    """The network of a JSON object with the L2S dicts; synapses are ``[key, weight]`` pairs."""
    with open(path, encoding="utf-8") as f:
        try:
            names = json.load(f)
        except json.JSONDecodeError as err:
            raise InvalidValueError(f"{path!r} is not valid JSON: {err}") from None
    if not isinstance(names, dict):
        raise InvalidValueError(f"{path!r} must hold a JSON object with the keys "
                                f"{', '.join(L2S_NAMES)}")
    return _from_names(path, names)


#: Input converters by file suffix: ``path -> Network``.
CONVERTERS: Dict[str, Callable[[str], Network]] = {".py": read_l2s_python,
                                                   ".json": read_l2s_json}


@click.command()
@click.argument("source", type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="The network file to write.")
def convert(source: str, output: str) -> None:
    """Convert a network description to an L2S network file.

    SOURCE is the original L2S dictionaries: a Python file defining axons,
    connections, config and outputs (it is run, as the user's own script),
    or a JSON file with those keys.

    \b
    Example:
      l2s convert example.json -o net.l2s
    """
    suffix = os.path.splitext(source)[1].lower()
    reader = CONVERTERS.get(suffix)
    if reader is None:
        raise InvalidValueError(f"{source!r}: cannot convert {suffix or 'suffix-less'} files; "
                                f"known: {', '.join(sorted(CONVERTERS))}")
    net = reader(source)
    net.save(output)
    click.echo(f"wrote {output}: {net!r}")
