"""``l2s plot KIND FILE... -o OUT.png``: the plots of :mod:`l2s.plot`, to a file."""
from __future__ import annotations

from typing import Any, Callable, Dict, Tuple

import click

from .. import files
from ..errors import InvalidValueError

__all__ = ["plot", "PLOTS"]

def _raster(fig: Any, f: Dict[str, Any]) -> Any:
    from .. import plot as draw
    return draw.raster(f["record"], fig.subplots(), compiled=f.get("compiled"))


def _potentials(fig: Any, f: Dict[str, Any]) -> Any:
    from .. import plot as draw
    return draw.potentials(f["record"], ax=fig.subplots(), compiled=f.get("compiled"))


def _topology(fig: Any, f: Dict[str, Any]) -> Any:
    from .. import plot as draw
    return draw.topology(f["compiled"], f.get("placement"), ax=fig.subplots())


def _occupancy(fig: Any, f: Dict[str, Any]) -> Any:
    from .. import plot as draw
    return draw.occupancy(f["placement"], fig)


def _traffic(fig: Any, f: Dict[str, Any]) -> Any:
    from .. import plot as draw
    return draw.traffic(f["placement"], ax=fig.subplots(), record=f.get("record"),
                        kind="spikes" if "record" in f else "synapses")


def _hbm(fig: Any, f: Dict[str, Any]) -> Any:
    from .. import plot as draw
    return draw.hbm_fill(f["image"], fig)


#: Plot kind -> (file kinds it needs, file kinds it may also use, drawing function).
PLOTS: Dict[str, Tuple[Tuple[str, ...], Tuple[str, ...], Callable[[Any, Dict[str, Any]], Any]]] = {
    "raster": (("record",), ("compiled",), _raster),
    "potentials": (("record",), ("compiled",), _potentials),
    "topology": (("compiled",), ("placement",), _topology),
    "occupancy": (("placement",), (), _occupancy),
    "traffic": (("placement",), ("record",), _traffic),
    "hbm": (("image",), (), _hbm),
}


def _by_kind(paths: Tuple[str, ...]) -> Dict[str, Any]:
    """The objects in ``paths`` by file kind; a network counts as its compiled network."""
    found: Dict[str, Any] = {}
    for path in paths:
        kind = files.kind_of(path)
        name = "compiled" if kind.name == "network" else kind.name
        if name in found:
            raise InvalidValueError(f"{path!r}: two {name} files given; give at most one of each")
        obj = kind.load(path)
        found[name] = obj.compile() if kind.name == "network" else obj
    return found


@click.command()
@click.argument("kind", type=click.Choice(sorted(PLOTS)))
@click.argument("inputs", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="The image file to write (.png, .svg, .pdf).")
@click.option("--width", type=click.FloatRange(1, 100), default=8, show_default=True,
              help="Figure width in inches.")
@click.option("--height", type=click.FloatRange(1, 100), default=5, show_default=True,
              help="Figure height in inches.")
def plot(kind: str, inputs: Tuple[str, ...], output: str, width: float, height: float) -> None:
    """Plot a network, run, placement or image to a file.

    KIND is drawn from the INPUTS files, given in any order:

    \b
      raster, potentials  a record (+ the network, for population colours)
      topology            a network (+ a placement, for core colours)
      occupancy           a placement
      traffic             a placement (+ a record: spike traffic)
      hbm                 a hardware image

    \b
    Example:
      l2s plot raster run.l2sr net.l2s -o raster.png
    """
    from matplotlib.figure import Figure  # never pyplot: no global state, no window
    needs, may_use, draw = PLOTS[kind]
    found = _by_kind(inputs)
    given = list(found)
    if "placement" in found:
        found.setdefault("compiled", found["placement"].compiled)
    missing = [n for n in needs if n not in found]
    extra = [n for n in given if n not in needs + may_use]
    if missing or extra:
        raise InvalidValueError(f"plot {kind} needs a {' and a '.join(needs)} file"
                                f"{' (optional: ' + ', '.join(may_use) + ')' if may_use else ''}"
                                f"; got {', '.join(given)}")
    fig = Figure(figsize=(width, height), layout="constrained")
    draw(fig, found)
    fig.savefig(output, dpi=100)
    click.echo(f"wrote {output}")
