"""partition(): valid placements for every method, or a CapacityError that says why."""
import importlib.util
import json
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import l2s
from l2s import CapacityError, InvalidValueError
from l2s.examples import random_recurrent
from l2s.partition import METHODS as ALL_METHODS
from l2s.partition import HardwareSpec, hbm_rows, partition
from l2s.partition.spec import COLUMNS

from .networks import clusters_network, reference_layout

#: The methods this installation runs: 'hypergraph' needs the optional mtkahypar.
METHODS = tuple(m for m in ALL_METHODS
                if m != "hypergraph" or importlib.util.find_spec("mtkahypar"))


@st.composite
def small_network_builds(draw):
    """Up to 40 neurons and 8 input axons, synapses with repeats and self-loops."""
    n = draw(st.integers(1, 40))
    n_axons = draw(st.integers(0, 8))
    n_syn = draw(st.integers(0, 6 * n))
    pre = draw(st.lists(st.integers(0, n - 1), min_size=n_syn, max_size=n_syn))
    post = draw(st.lists(st.integers(0, n - 1), min_size=n_syn, max_size=n_syn))
    output = draw(st.lists(st.booleans(), min_size=n, max_size=n))
    net = l2s.Network()
    pop = net.add_neurons("n", n, threshold=1, output=np.array(output, dtype=bool))
    if n_syn:
        net.connect(pop, pop, pre=pre, post=post)
    if n_axons:
        inp = net.add_axons("in", n_axons)
        fan = draw(st.integers(0, 3 * n))
        ax_pre = draw(st.lists(st.integers(0, n_axons - 1), min_size=fan, max_size=fan))
        ax_post = draw(st.lists(st.integers(0, n - 1), min_size=fan, max_size=fan))
        if fan:
            net.connect(inp, pop, pre=ax_pre, post=ax_post)
    return net


small_networks = small_network_builds().map(l2s.Network.compile)


small_specs = st.builds(
    HardwareSpec, fpgas=st.integers(1, 2), cores_per_fpga=st.integers(1, 4),
    neurons_per_core=st.sampled_from([8, 16, 20, 32, 64]), axons_per_core=st.integers(4, 64),
    hbm_rows_per_core=st.integers(4, 400), rows_per_pointer=st.integers(2, 64))


def check_placement(compiled, spec, placement):
    """Every capacity holds and the placement agrees with a brute-force layout."""
    n_cores = spec.n_cores
    core, column, row = placement.core, placement.column, placement.row
    assert core.min(initial=0) >= 0 and core.max(initial=0) < n_cores
    assert np.array_equal(placement.fpga, core // spec.cores_per_fpga)
    # columns and rows: the core-local index determines both and is unique per core
    local = placement.local_index
    assert np.array_equal(column, local % COLUMNS) and np.array_equal(row, local // COLUMNS)
    assert (local < spec.neurons_per_core).all()
    assert np.unique(core.astype(np.int64) * spec.neurons_per_core + local).size == core.size
    ref = reference_layout(compiled, core, column, n_cores)
    report = placement.report
    for k in range(n_cores):
        assert set(placement.relays[k].tolist()) == ref["relays"][k]
        assert set(placement.input_axons[k].tolist()) == ref["inputs"][k]
        assert np.all(np.diff(placement.relays[k]) > 0)
    assert report.hbm_rows.tolist() == [2 * g for g in ref["groups"]]
    assert report.hbm_rows_lower_bound.tolist() == [2 * b for b in ref["bound"]]
    # hard capacities
    assert (report.neurons <= spec.neurons_per_core).all()
    assert (report.axons <= spec.axons_per_core).all()
    assert (report.hbm_rows <= spec.hbm_rows_per_core).all()
    assert 2 * placement.row_groups[2][0] <= spec.rows_per_pointer
    # totals are the network's
    assert int(report.neurons.sum()) == compiled.n_neurons
    assert int(report.synapses.sum()) == compiled.n_synapses
    src = np.repeat(np.arange(compiled.n_neurons), np.diff(compiled.neuron_indptr))
    assert report.inter_core_synapses == int((core[src] != core[compiled.neuron_indices]).sum())


def generous_capacities(compiled, n_cores):
    """Axon slots, HBM rows and pointer rows that no placement on ``n_cores`` cores can exceed.

    Whatever the placement, a core holds at most every input axon plus every
    neuron as a relay: ``n_axons + n_neurons`` axon slots. A row owner (input
    axon, neuron, relay) needs ``max(largest column count, ceil(words / 16))``
    row groups on a core, at most its words there (l2s.partition.hbm); its
    words are its synapses onto the core plus, on its own core, one route word
    per remote core and one spike-out word (``<= n_cores``). Summed over owners
    and cores, plus the one shared empty group: at most
    ``n_synapses + n_neurons * n_cores + 1`` groups on any core, and at most
    ``largest fan-out + n_cores`` for one owner on one core. Rows are two per
    group.
    """
    fanout = np.concatenate([compiled.fanout("axon"), compiled.fanout("neuron"), [0]])
    return dict(axons_per_core=max(1, compiled.n_axons + compiled.n_neurons),
                hbm_rows_per_core=2 * (compiled.n_synapses + compiled.n_neurons * n_cores + 1),
                rows_per_pointer=2 * (int(fanout.max()) + n_cores))


@st.composite
def fitting_specs(draw, compiled):
    """Specs ``compiled`` provably fits, with a random slack over every bound.

    Neurons: at least ``ceil(n_neurons / n_cores)`` slots per core, so the
    slots of all cores hold every neuron and the repair can always move a
    neuron of a full core to a core with a free slot (no other capacity can
    refuse the move: see :func:`generous_capacities`).
    """
    fpgas, cores_per_fpga = draw(st.integers(1, 2)), draw(st.integers(1, 4))
    n_cores = fpgas * cores_per_fpga
    slack = st.integers(0, 16)
    bounds = generous_capacities(compiled, n_cores)
    return HardwareSpec(fpgas=fpgas, cores_per_fpga=cores_per_fpga,
                        neurons_per_core=max(1, -(-compiled.n_neurons // n_cores)) + draw(slack),
                        **{name: bound + draw(slack) for name, bound in bounds.items()})


@given(st.data(), small_networks, st.sampled_from(METHODS), st.integers(0, 3))
def test_networks_that_fit_are_placed_within_every_capacity(data, compiled, method, seed):
    spec = data.draw(fitting_specs(compiled))
    check_placement(compiled, spec, partition(compiled, spec, method=method, seed=seed))


@given(small_specs, st.integers(1, 40), st.sampled_from(METHODS))
def test_more_neurons_than_slots_is_refused(spec, extra, method):
    net = l2s.Network()
    net.add_neurons("n", spec.n_cores * spec.neurons_per_core + extra, threshold=1)
    n = net.n_neurons
    with pytest.raises(CapacityError, match=rf"has {n:,} neurons but .* "
                                            rf"neurons_per_core = {spec.neurons_per_core:,}"):
        partition(net.compile(), spec, method=method)


@given(small_network_builds(), st.integers(2, 24), st.data(), st.sampled_from(METHODS))
def test_a_source_longer_than_a_pointer_is_refused(net, repeats, data, method):
    # ``repeats`` synapses of one axon onto one neuron sit in one column: ``repeats`` row
    # groups on that neuron's core wherever it is placed, more than rows_per_pointer spans;
    # every other capacity is generous, so the pointer is the one limit that can fail
    target = data.draw(st.integers(0, net.n_neurons - 1))
    heavy = net.add_axons("heavy", keys=["heavy"])
    net.connect(heavy, "n", pre=[0] * repeats, post=[target] * repeats)
    compiled = net.compile()
    spec = replace(data.draw(fitting_specs(compiled)),
                   rows_per_pointer=data.draw(st.integers(2, 2 * repeats - 1)))
    with pytest.raises(CapacityError, match=rf"needs [\d,]+ HBM rows on core \d+ but .*"
                                            rf"rows_per_pointer = {spec.rows_per_pointer}"):
        partition(compiled, spec, method=method)


@pytest.mark.parametrize("method", METHODS)
def test_every_method_on_a_full_system_of_two_fpgas(method):
    compiled = random_recurrent(3000, fanout=20).compile()
    spec = HardwareSpec(fpgas=2, cores_per_fpga=4, neurons_per_core=512, axons_per_core=4096)
    placement = partition(compiled, spec, method=method, seed=1)
    check_placement(compiled, spec, placement)
    assert placement.method == method


def test_repair_fits_cores_that_are_exactly_full():
    # 16 neurons per core and 16 per core needed: any imbalance must be repaired
    compiled = random_recurrent(128, fanout=6).compile()
    spec = HardwareSpec(cores_per_fpga=8, neurons_per_core=16)
    for method in METHODS:
        placement = partition(compiled, spec, method=method)
        assert placement.report.neurons.tolist() == [16] * 8
        # every column holds exactly one neuron of every core
        assert np.array_equal(np.bincount(placement.core * COLUMNS + placement.column),
                              np.ones(8 * COLUMNS))


def test_repair_moves_neurons_off_a_core_short_of_axons():
    compiled = random_recurrent(400, fanout=10).compile()
    loose = partition(compiled, HardwareSpec(cores_per_fpga=4, neurons_per_core=256),
                      method="contiguous")
    limit = int(loose.report.axons.max()) - 10
    spec = HardwareSpec(cores_per_fpga=4, neurons_per_core=256, axons_per_core=limit)
    placement = partition(compiled, spec, method="contiguous")
    assert placement.report.axons.max() <= limit
    check_placement(compiled, spec, placement)


@pytest.mark.parametrize("method", ["metis", "random"])
def test_same_seed_same_placement(method):
    compiled = random_recurrent(2000, fanout=10).compile()
    spec = HardwareSpec(fpgas=2, cores_per_fpga=4, neurons_per_core=512)
    first, second = (partition(compiled, spec, method=method, seed=3) for _ in range(2))
    for field in ("core", "column", "row"):
        assert np.array_equal(getattr(first, field), getattr(second, field))


def test_random_seeds_differ():
    compiled = random_recurrent(500, fanout=5).compile()
    spec = HardwareSpec(cores_per_fpga=4, neurons_per_core=256)
    a, b = (partition(compiled, spec, method="random", seed=s) for s in (0, 1))
    assert not np.array_equal(a.core, b.core)


def test_hierarchy_keeps_clusters_on_one_fpga():
    compiled = clusters_network(size=400, clusters=2, fanout=10, bridges=20).compile()
    spec = HardwareSpec(fpgas=2, cores_per_fpga=4, neurons_per_core=128)
    report = partition(compiled, spec, method="metis").report
    assert report.inter_fpga_synapses <= 20
    assert report.inter_core_synapses > report.inter_fpga_synapses


def test_rates_weigh_metis_and_appear_in_the_report():
    compiled = random_recurrent(1000, fanout=10).compile()
    spec = HardwareSpec(cores_per_fpga=4, neurons_per_core=512)
    rates = np.random.default_rng(0).random(1000) * 0.1
    with_rates = partition(compiled, spec, rates=rates)
    report = with_rates.report
    assert report.inter_core_traffic > 0 and report.traffic.shape == (4,)
    assert report.inter_core_traffic == pytest.approx(report.traffic.sum())
    assert partition(compiled, spec).report.inter_core_traffic is None
    json.dumps(report.to_dict())


@pytest.mark.parametrize("rates", [np.ones(3), -np.ones(1000), np.full(1000, np.nan), "fast"])
def test_invalid_rates(rates):
    compiled = random_recurrent(1000, fanout=10).compile()
    with pytest.raises(l2s.L2SError, match="rates"):
        partition(compiled, HardwareSpec(cores_per_fpga=4, neurons_per_core=512), rates=rates)


def test_unknown_method():
    with pytest.raises(InvalidValueError, match="method"):
        partition(random_recurrent(10, fanout=2).compile(), method="spectral")


# -- networks that cannot fit: the error names the capacity, the need and the core --------

def test_too_many_neurons():
    with pytest.raises(CapacityError, match=r"40 neurons.*32 .*neurons_per_core = 16"):
        partition(random_recurrent(40, fanout=2).compile(),
                  HardwareSpec(cores_per_fpga=2, neurons_per_core=16))


def test_too_few_axons():
    net = l2s.Network()
    pop = net.add_neurons("n", 64, threshold=1)
    net.connect(pop, pop, rule="all_to_all")
    spec = HardwareSpec(cores_per_fpga=4, neurons_per_core=16, axons_per_core=8)
    with pytest.raises(CapacityError, match=r"core \d+ \(FPGA 0\) needs \d+ axons \(0 input "
                                            r"axons \+ \d+ relay axons\) but axons_per_core = 8"):
        partition(net.compile(), spec)


def test_too_few_hbm_rows():
    compiled = random_recurrent(64, fanout=30).compile()
    spec = HardwareSpec(cores_per_fpga=2, neurons_per_core=64, hbm_rows_per_core=40)
    with pytest.raises(CapacityError, match=r"core \d+ \(FPGA 0\) needs [\d,]+ HBM rows but "
                                            r"hbm_rows_per_core = 40"):
        partition(compiled, spec)


def test_fan_out_longer_than_a_pointer():
    net = l2s.Network()
    inp = net.add_axons("in", 1, keys=["alpha"])
    pop = net.add_neurons("n", 64, threshold=1)
    net.connect(inp, pop, rule="all_to_all")
    spec = HardwareSpec(cores_per_fpga=1, neurons_per_core=64, rows_per_pointer=6)
    with pytest.raises(CapacityError, match=r"axon 'alpha' \(index 0\) needs 8 HBM rows on core 0 "
                                            r"but .*rows_per_pointer = 6"):
        partition(net.compile(), spec)


def test_default_spec_and_hbm_rows_of_a_tiny_network():
    compiled = l2s.from_l2s(**l2s.examples.docs_example()).compile()
    placement = partition(compiled)
    assert placement.spec == HardwareSpec()
    check_placement(compiled, HardwareSpec(), placement)
    assert int(hbm_rows(placement).sum()) > 0
