"""Metrics and the mapping report, against brute force."""
import json

import numpy as np
import pytest

from l2s import InvalidValueError
from l2s.examples import random_recurrent
from l2s.partition import (HardwareSpec, MappingReport, balance, cut_fraction, inter_fpga_synapses,
                           partition, synapse_matrix, traffic_matrix)


@pytest.fixture(scope="module")
def placement():
    compiled = random_recurrent(600, fanout=12).compile()
    spec = HardwareSpec(fpgas=2, cores_per_fpga=3, neurons_per_core=128)
    return partition(compiled, spec, method="metis", rates=np.linspace(0, 0.2, 600))


def _synapse_cores(placement):
    c = placement.compiled
    src = np.repeat(np.arange(c.n_neurons), np.diff(c.neuron_indptr))
    return placement.core[src], placement.core[c.neuron_indices], src


def test_synapse_matrix_and_cuts(placement):
    a, b, _ = _synapse_cores(placement)
    expected = np.zeros((6, 6), dtype=np.int64)
    np.add.at(expected, (a, b), 1)
    assert np.array_equal(synapse_matrix(placement), expected)
    assert cut_fraction(placement) == pytest.approx((a != b).mean())
    assert inter_fpga_synapses(placement) == int((a // 3 != b // 3).sum())


def test_traffic_is_one_message_per_spike_per_remote_core(placement):
    a, b, src = _synapse_cores(placement)
    expected = np.zeros((6, 6))
    pairs = {(s, k) for s, k, remote in zip(src, b, a != b) if remote}
    for s, k in pairs:
        expected[placement.core[s], k] += placement.rates[s]
    assert np.allclose(traffic_matrix(placement), expected)
    report = placement.report
    assert report.inter_core_traffic == pytest.approx(expected.sum())
    fpga = np.arange(6) // 3
    assert report.inter_fpga_traffic == pytest.approx(expected[fpga[:, None] != fpga].sum())


def test_traffic_needs_rates():
    p = partition(random_recurrent(50, fanout=3).compile(),
                  HardwareSpec(cores_per_fpga=2, neurons_per_core=64))
    with pytest.raises(InvalidValueError, match="rates"):
        traffic_matrix(p)


def test_report_totals_and_forms(placement):
    report = placement.report
    compiled = placement.compiled
    assert isinstance(report, MappingReport)
    assert int(report.neurons.sum()) == compiled.n_neurons
    assert int(report.synapses.sum()) == compiled.n_synapses
    assert np.array_equal(report.axons, report.input_axons + report.relay_axons)
    assert report.balance["neurons"] == balance(report.neurons) >= 1.0
    data = json.loads(json.dumps(report.to_dict()))
    assert data["cores"] == 6 and data["neurons"] == report.neurons.tolist()
    text = str(report)
    assert "capacity" in text and "inter-FPGA" in text and len(text.splitlines()) == 6 + 8
    assert "<table>" in report._repr_html_()


def test_large_systems_print_the_ends_of_the_core_list():
    p = partition(random_recurrent(400, fanout=3).compile(),
                  HardwareSpec(fpgas=2, cores_per_fpga=32, neurons_per_core=16))
    lines = str(p.report).splitlines()
    assert any(line.strip() == "..." for line in lines)
    assert lines[-2].split()[0] == "63"
