"""What every plot shares: new figures when no axes are given, valid PNGs, no global changes."""
import struct
import subprocess
import sys

import matplotlib
import matplotlib.pyplot as plt
import pytest
from matplotlib.axes import Axes

from l2s.plot import occupancy, potentials, raster, topology, traffic

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _png_size(path):
    """(width, height) from a PNG's IHDR chunk, after checking the signature."""
    data = path.read_bytes()
    assert data[:8] == PNG_SIGNATURE
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def _drawers(two_populations, placed):
    """One call per public plot, by name (drawing into a new figure unless ``ax`` is given)."""
    net, compiled, record = two_populations
    return {"raster": lambda ax=None: raster(record, ax, compiled=compiled),
            "potentials": lambda ax=None: potentials(record, ax=ax, compiled=compiled),
            "neurons": lambda ax=None: topology(net, placed, ax=ax),
            "populations": lambda ax=None: topology(net, ax=ax, view="populations"),
            "occupancy": lambda ax=None: occupancy(
                placed, ax=None if ax is None else [ax] * 3),
            "traffic": lambda ax=None: traffic(placed, ax)}


def _draw_all(two_populations, placed, ax=None):
    return {name: draw(ax) for name, draw in _drawers(two_populations, placed).items()}


def _figure_of(drawn):
    """The figure a plot's return value was drawn into."""
    first = drawn
    while isinstance(first, (list, tuple, dict)):
        first = next(iter(first.values())) if isinstance(first, dict) else first[0]
    return first.figure


def test_nothing_global_changes(two_populations, placed):
    before = dict(matplotlib.rcParams)
    backend = matplotlib.get_backend()
    _draw_all(two_populations, placed)  # into new pyplot figures
    _draw_all(two_populations, placed, ax=plt.figure().subplots())
    assert dict(matplotlib.rcParams) == before
    assert matplotlib.get_backend() == backend


def test_without_axes_each_call_makes_one_pyplot_figure(two_populations, placed):
    plt.close("all")
    drawn = _draw_all(two_populations, placed)
    assert len(plt.get_fignums()) == len(drawn)
    assert {_figure_of(d).number for d in drawn.values()} == set(plt.get_fignums())
    assert isinstance(drawn["raster"].spikes[0].axes, Axes)


def test_with_axes_no_figure_is_made(two_populations, placed, ax):
    plt.close("all")
    drawn = _draw_all(two_populations, placed, ax=ax)
    assert plt.get_fignums() == []
    assert all(_figure_of(d) is ax.figure for d in drawn.values())


@pytest.mark.parametrize("what", ["raster", "potentials", "neurons", "populations",
                                  "occupancy", "traffic"])
def test_savefig_writes_a_png(two_populations, placed, tmp_path, what):
    fig = _figure_of(_drawers(two_populations, placed)[what]())
    path = tmp_path / f"{what}.png"
    fig.savefig(path, dpi=40)
    width, height = _png_size(path)
    expected = fig.get_size_inches() * 40
    assert abs(width - expected[0]) <= 1 and abs(height - expected[1]) <= 1
    assert path.stat().st_size > 2000  # something was drawn, not an empty canvas


def test_import_l2s_does_not_import_matplotlib():
    code = ("import sys, l2s, l2s.examples, l2s.partition; "
            "print('matplotlib' in sys.modules); import l2s.plot; "
            "print('matplotlib' in sys.modules, 'matplotlib.pyplot' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["False", "True", "False"]
