"""``l2s convert INPUT -o NET``: other network descriptions to an L2S network file.

Converters are chosen by the input's suffix in :data:`CONVERTERS`; an
importer (e.g. NIR) plugs in with one line, ``CONVERTERS[".nir"] = read_nir``,
where the function takes the input path and returns an :class:`l2s.Network`.
"""
from __future__ import annotations

import json
import os
import runpy
from typing import Any, Callable, Dict, Mapping, Optional, Tuple

import click

from ..errors import InvalidValueError
from ..graph.l2s_dicts import from_l2s
from ..graph.network import Network

__all__ = ["convert", "CONVERTERS", "CONVERTER_OPTIONS", "L2S_NAMES", "read_nir"]

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


def read_nir(path: str, dt: Optional[float] = None, cuba: str = "error") -> Network:
    """The network of a NIR graph file (:func:`l2s.nir.from_nir`); prints its conversion report."""
    if dt is None:
        raise InvalidValueError(f"{path!r}: converting a NIR graph needs --dt, the time step in "
                                "seconds (the unit of NIR's time constants)")
    from ..nir import from_nir
    net, report = from_nir(path, dt=dt, cuba=cuba)
    click.echo(str(report))
    return net


#: Input converters by file suffix: ``path, **options -> Network``.
CONVERTERS: Dict[str, Callable[..., Network]] = {".py": read_l2s_python,
                                                 ".json": read_l2s_json,
                                                 ".nir": read_nir}
#: Options of ``l2s convert`` that only some converters take, by suffix.
CONVERTER_OPTIONS: Dict[str, Tuple[str, ...]] = {".nir": ("dt", "cuba")}


@click.command()
@click.argument("source", type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="The network file to write.")
@click.option("--dt", type=float, default=None,
              help="NIR only: the time step in seconds (required for .nir files).")
@click.option("--cuba", type=click.Choice(["error", "lif"]), default=None,
              help="NIR only: reject CubaLIF nodes (default) or map them to LIF (docs/nir.md).")
def convert(source: str, output: str, dt: Optional[float], cuba: Optional[str]) -> None:
    """Convert a network description to an L2S network file.

    SOURCE is the original L2S dictionaries: a Python file defining axons,
    connections, config and outputs (it is run, as the user's own script),
    or a JSON file with those keys; or a NIR graph (.nir, needs --dt and
    the nir extra).

    \b
    Example:
      l2s convert example.json -o net.l2s
      l2s convert model.nir --dt 1e-3 -o net.l2s
    """
    suffix = os.path.splitext(source)[1].lower()
    reader = CONVERTERS.get(suffix)
    if reader is None:
        raise InvalidValueError(f"{source!r}: cannot convert {suffix or 'suffix-less'} files; "
                                f"known: {', '.join(sorted(CONVERTERS))}")
    given = {name: value for name, value in (("dt", dt), ("cuba", cuba)) if value is not None}
    allowed = CONVERTER_OPTIONS.get(suffix, ())
    extra = sorted(set(given) - set(allowed))
    if extra:
        raise InvalidValueError(f"--{extra[0]} does not apply to {suffix} files; it is for: "
                                + ", ".join(k for k, v in CONVERTER_OPTIONS.items()
                                            if extra[0] in v))
    net = reader(source, **given)
    net.save(output)
    click.echo(f"wrote {output}: {net!r}")
