"""Columns and rows within a core, and the HBM rows they cost."""
import numpy as np
import pytest

from l2s.examples import random_recurrent
from l2s.partition import HardwareSpec, partition
from l2s.partition.spec import COLUMNS

from .networks import grid_network


@pytest.mark.parametrize("make, spec", [
    # a structured network: every neuron to its 8 grid neighbours, ids shuffled
    (lambda: grid_network(64), HardwareSpec(cores_per_fpga=4, neurons_per_core=2048)),
    # a sparse random network: each owner's few targets per core can all get their own column
    (lambda: random_recurrent(4000, fanout=8), HardwareSpec(cores_per_fpga=4,
                                                             neurons_per_core=2048)),
])
def test_hbm_rows_within_1_2_of_the_lower_bound(make, spec):
    report = partition(make().compile(), spec).report
    assert report.hbm_ratio <= 1.2


def test_columns_beat_chance_where_the_bound_is_out_of_reach():
    # fan-out 100 over 4 cores: every owner has ~25 targets per core, where
    # conflicts in some column are unavoidable (docs/partition.md)
    compiled = random_recurrent(4000, fanout=100).compile()
    placement = partition(compiled, HardwareSpec(cores_per_fpga=4, neurons_per_core=2048))
    rng = np.random.default_rng(0)
    shuffled = placement.column.copy()
    for k in range(4):
        on_core = np.flatnonzero(placement.core == k)
        shuffled[on_core] = rng.permutation(shuffled[on_core])
    from l2s.partition.hbm import row_groups
    c = compiled
    chance = row_groups(c.neuron_indptr, c.neuron_indices, c.axon_indptr, c.axon_indices,
                        placement.core, shuffled, placement.free_words, 4)[0].sum()
    assert placement.row_groups[0].sum() < 0.9 * chance


def test_full_cores_fill_every_column_to_capacity():
    compiled = random_recurrent(80, fanout=10).compile()
    spec = HardwareSpec(cores_per_fpga=4, neurons_per_core=20)   # columns of 2, 2, 2, 2, 1, ...
    placement = partition(compiled, spec)
    per_column = np.bincount(placement.core * COLUMNS + placement.column, minlength=4 * COLUMNS)
    assert np.array_equal(per_column.reshape(4, COLUMNS), np.tile(spec.column_capacity, (4, 1)))
    assert sorted(placement.local_index[placement.core == 0].tolist()) == list(range(20))


def test_neurons_of_a_core_in_local_order():
    placement = partition(random_recurrent(300, fanout=5).compile(),
                          HardwareSpec(cores_per_fpga=2, neurons_per_core=256))
    members = placement.neurons_of(1)
    assert placement.local_index[members].tolist() == sorted(placement.local_index[members])
    assert set(members.tolist()) == set(np.flatnonzero(placement.core == 1).tolist())


def test_the_lower_bound_counts_repeated_synapses_onto_one_neuron():
    # 3 of the axon's 4 synapses reach neuron 1: they share its column, so 3 groups,
    # where ceil(4 / 16) says 1; plus the empty group of the neurons without words
    import l2s
    net = l2s.Network()
    net.add_axons("in", 1)
    net.add_neurons("n", 4, threshold=1)
    net.connect("in", "n", pre=[0, 0, 0, 0], post=[1, 1, 1, 2])
    report = partition(net.compile(), HardwareSpec(cores_per_fpga=1, neurons_per_core=16)).report
    assert report.hbm_rows_lower_bound.tolist() == [2 * (3 + 1)]
    assert report.hbm_ratio == 1.0
