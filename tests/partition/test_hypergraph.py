"""method='hypergraph': Mt-KaHyPar on the source hypergraph, whose km1 is the relay count."""
import builtins

import numpy as np
import pytest

from l2s import TargetUnavailableError
from l2s.examples import random_recurrent, torus_network
from l2s.partition import HardwareSpec, partition
from l2s.partition.hypergraph import source_hypergraph
from l2s.partition.kahypar import part_hypergraph

needs_mtkahypar = pytest.mark.skipif(
    __import__("importlib").util.find_spec("mtkahypar") is None,
    reason='Mt-KaHyPar is optional: pip install "l2s[hypergraph]"')


def _km1(hypergraph, parts):
    return sum(int(w) * (np.unique(parts[hypergraph.pins[a:b]]).size - 1)
               for a, b, w in zip(hypergraph.net_indptr[:-1], hypergraph.net_indptr[1:],
                                  hypergraph.net_weights))


def test_the_km1_of_the_source_hypergraph_is_the_relay_count():
    compiled = random_recurrent(300, fanout=6).compile()
    placement = partition(compiled, HardwareSpec(cores_per_fpga=4, neurons_per_core=128),
                          method="random")
    hypergraph = source_hypergraph(compiled)
    assert _km1(hypergraph, placement.core) == int(placement.report.relay_axons.sum())
    rates = np.random.default_rng(0).random(300)
    weighted = source_hypergraph(compiled, rates)
    assert weighted.net_weights.max() == 1000 and weighted.net_weights.min() >= 1


def test_the_hypergraph_does_not_depend_on_the_order_synapses_are_listed_in():
    ordered, shuffled = (source_hypergraph(torus_network(12, radius=2, shuffled=s).compile())
                         for s in (False, True))
    assert np.array_equal(ordered.net_indptr, shuffled.net_indptr)
    assert np.array_equal(ordered.pins, shuffled.pins)


def test_a_missing_mtkahypar_names_the_extra(monkeypatch):
    real_import = builtins.__import__

    def no_mtkahypar(name, *args, **kwargs):
        if name == "mtkahypar":
            raise ImportError("No module named 'mtkahypar'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_mtkahypar)
    with pytest.raises(TargetUnavailableError, match=r'pip install "l2s\[hypergraph\]"'):
        partition(random_recurrent(100, fanout=4).compile(),
                  HardwareSpec(cores_per_fpga=2, neurons_per_core=64), method="hypergraph")


@needs_mtkahypar
def test_fewer_relays_than_metis_on_a_torus_with_the_same_balance():
    compiled = torus_network(48, radius=2, shuffled=True).compile()
    spec = HardwareSpec(cores_per_fpga=16, neurons_per_core=256)
    metis, hyper = (partition(compiled, spec, method=m).report for m in ("metis", "hypergraph"))
    assert int(hyper.relay_axons.sum()) <= 0.9 * int(metis.relay_axons.sum())
    assert hyper.balance["neurons"] <= max(metis.balance["neurons"], 1.03)


@needs_mtkahypar
def test_hypergraph_placements_fit_are_reproducible_and_hierarchical():
    compiled = random_recurrent(600, fanout=8).compile()
    spec = HardwareSpec(fpgas=2, cores_per_fpga=3, neurons_per_core=128)
    rates = np.linspace(0, 0.2, 600)
    first, second = (partition(compiled, spec, method="hypergraph", seed=1, rates=rates)
                     for _ in range(2))
    assert np.array_equal(first.core, second.core)
    report = first.report
    assert report.method == "hypergraph" and int(report.neurons.max()) <= 128
    assert int(report.neurons.sum()) == 600 and report.inter_core_traffic is not None


@needs_mtkahypar
def test_a_start_is_kept_when_mtkahypar_alone_ends_worse():
    # 4 x 4 squares are the best layout of this torus; Mt-KaHyPar alone ends above them
    hypergraph = source_hypergraph(torus_network(32, radius=2).compile())
    x, y = np.divmod(np.arange(32 * 32), 32)
    squares = (x // 8) * 4 + y // 8
    alone = _km1(hypergraph, part_hypergraph(hypergraph, 16))
    started = _km1(hypergraph, part_hypergraph(hypergraph, 16, starts=[squares]))
    assert started == _km1(hypergraph, squares) < alone


@needs_mtkahypar
@pytest.mark.parametrize("seed", [0, 3])
def test_never_more_relays_or_weighted_km1_than_metis(seed):
    spec = HardwareSpec(cores_per_fpga=8, neurons_per_core=256)
    rates = np.random.default_rng(seed).uniform(0, 0.1, 900)
    for compiled in (torus_network(30, radius=2, shuffled=True).compile(),
                     random_recurrent(900, fanout=6, seed=seed).compile()):
        for r in (None, rates):
            hypergraph = source_hypergraph(compiled, r)   # km1: relays, or traffic with rates
            metis, hyper = (partition(compiled, spec, method=m, seed=seed, rates=r).core
                            for m in ("metis", "hypergraph"))
            assert _km1(hypergraph, hyper) <= _km1(hypergraph, metis)
