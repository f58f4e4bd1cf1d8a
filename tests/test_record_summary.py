"""SpikeRecord's display: spikes and rates per population."""
import numpy as np

from l2s import SpikeRecord
from l2s.examples import random_inputs, random_recurrent
from l2s.sim import Simulator
from tests.html_tables import number, tables


def test_summary_rates_per_population():
    compiled = random_recurrent(300, fanout=10).compile()
    record = Simulator(compiled).run(inputs=random_inputs(compiled.n_axons, 40, seed=1))
    (row,) = record.summary(compiled).rows
    assert row[:3] == ("exc", 300, len(record))
    assert row[3] == np.unique(record.neurons).size
    assert abs(row[4] - len(record) / 300 / 40) < 1e-12


def test_record_html_parses_back():
    record = SpikeRecord(np.array([0, 0, 1, 4]), np.array([1, 2, 1, 0], np.int32), 0, 5,
                         potential_neurons=np.array([1]), potentials=np.zeros((5, 1), int))
    html = record._repr_html_()
    (table,) = tables(html)
    assert table[1][0] == "all" and [number(c) for c in table[1][1:4]] == [3, 4, 3]
    assert "4 spikes in steps [0, 5)" in html and "potentials of 1 neurons" in html
    assert "<polyline" in html


def test_empty_record_displays():
    record = SpikeRecord(np.zeros(0, np.int64), np.zeros(0, np.int32), 0, 0)
    assert "0 spikes" in str(record.summary()) and "<table" in record._repr_html_()
