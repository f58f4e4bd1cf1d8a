"""docs/examples/quickstart.ipynb runs top to bottom under Agg.

The notebook is read as the JSON it is and its code cells are executed in
order in one namespace, as a kernel would, with no Jupyter dependency: the
notebook uses no IPython magics or display hooks, which this test checks too.
"""
import json
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import numpy as np

NOTEBOOK = Path(__file__).resolve().parents[2] / "docs" / "examples" / "quickstart.ipynb"


def _code_cells():
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    assert nb["nbformat"] == 4
    return [cell for cell in nb["cells"] if cell["cell_type"] == "code"]


def test_notebook_is_stored_without_outputs():
    for cell in _code_cells():
        assert cell["outputs"] == [] and cell["execution_count"] is None


def test_notebook_uses_plain_python_only():
    for cell in _code_cells():
        for line in "".join(cell["source"]).splitlines():
            assert not line.lstrip().startswith(("%", "!")), line
            assert "display(" not in line and "plt.show(" not in line, line


def test_notebook_runs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # anything it might write lands here
    plt.close("all")
    before = dict(matplotlib.rcParams)
    namespace = {"__name__": "__main__"}
    for i, cell in enumerate(_code_cells()):
        exec(compile("".join(cell["source"]), f"{NOTEBOOK.name}[code cell {i}]", "exec"),
             namespace)
    # it built, simulated, mapped and plotted
    assert len(namespace["record"]) > 0
    assert int(namespace["placement"].report.neurons.sum()) == namespace["compiled"].n_neurons
    # ... and its hardware image runs on the emulator exactly as on the simulator
    np.testing.assert_array_equal(namespace["emulated"].neurons, namespace["record"].neurons)
    np.testing.assert_array_equal(namespace["emulated"].times, namespace["record"].times)
    # the structured sheet shows what METIS buys
    cut_metis, cut_contiguous = namespace["comparison"].value("cut fraction")
    assert cut_metis < 0.5 * cut_contiguous
    figures = [plt.figure(n) for n in plt.get_fignums()]
    # 2 topologies, raster + potentials, occupancy, neuron explained, traffic, by core,
    # sheet comparison, HBM fill, core view
    assert len(figures) == 10
    for fig in figures:
        assert fig.axes and all(ax.has_data() or not ax.axison for ax in fig.axes)
    assert dict(matplotlib.rcParams) == before
    assert list(tmp_path.iterdir()) == []
