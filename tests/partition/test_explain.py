"""placement.explain, image.explain and compare: the numbers are the network's and agree."""
import numpy as np
import pytest
from matplotlib.figure import Figure

from l2s.api import CRI_network
from l2s.errors import InvalidValueError, UnknownKeyError
from l2s.examples import docs_example, grid_network, random_recurrent
from l2s.hw import build_image
from l2s.partition import HardwareSpec, compare, partition
from tests.html_tables import number, tables

SPEC = HardwareSpec(fpgas=2, cores_per_fpga=2, neurons_per_core=32)


@pytest.fixture(scope="module")
def mapped():
    compiled = random_recurrent(100, fanout=6, seed=3).compile()
    placement = partition(compiled, SPEC, method="metis", seed=0)
    return compiled, placement, build_image(compiled, placement)


def test_placement_explain_counts_the_synapses(mapped):
    compiled, placement, _ = mapped
    for n in (0, 17, 99):
        where = placement.explain(("exc", n))
        assert (where.neuron, where.core) == (n, int(placement.core[n]))
        assert (where.column, where.row) == (int(placement.column[n]), int(placement.row[n]))
        targets = compiled.neuron_indices[compiled.neuron_indptr[n]:compiled.neuron_indptr[n + 1]]
        assert where.targets == {int(c): int(k) for c, k in
                                 zip(*np.unique(placement.core[targets], return_counts=True))}
        assert set(where.relays) == set(where.targets) - {where.core}
        for core, slot in where.relays.items():  # the slot holds this neuron's relay
            relays = placement.relays[core]
            assert relays[slot - placement.input_axons[core].size] == n
        assert sum(where.sources.values()) == int(np.count_nonzero(compiled.neuron_indices == n))
        assert where.input_axons == int(np.count_nonzero(compiled.axon_indices == n))


def test_image_explain_reads_the_same_from_the_words(mapped):
    compiled, placement, image = mapped
    for n in range(0, 100, 7):
        from_words = image.explain(n).where
        expected = placement.explain(n)
        assert from_words.key is None
        assert image.explain(("exc", n), compiled).where.key == ("exc", n)
        for field in ("core", "fpga", "column", "row", "targets", "relays", "sources",
                      "input_axons"):
            assert getattr(from_words, field) == getattr(expected, field), (n, field)


def test_explain_text_html_and_plot(mapped):
    compiled, placement, image = mapped
    words = image.explain(("exc", 5), compiled)
    text = str(words)
    assert text.startswith("neuron 5 ('exc', 5): FPGA") and "neuron pointer" in text
    (table,) = tables(placement.explain(5)._repr_html_())
    assert sum(number(r[2]) for r in table[1:] if r[2]) == int(compiled.fanout()[5])
    html_tables = tables(words._repr_html_())
    assert html_tables[0][1][1] == f"{words.pointer:#010x}"
    drawn = words.plot(Figure().subplots())
    assert sorted(float(b.get_height()) for b in drawn.out) == sorted(
        float(v) for v in words.where.targets.values())


def test_explain_rejects_unknown_neurons(mapped):
    compiled, placement, image = mapped
    with pytest.raises(UnknownKeyError, match="neuron = 'nope'"):
        placement.explain("nope")
    with pytest.raises(InvalidValueError, match="neuron"):
        image.explain(100)


def test_compare_metis_beats_contiguous_on_a_sheet():
    compiled = grid_network(24).compile()
    spec = HardwareSpec(cores_per_fpga=8, neurons_per_core=96)
    metis = partition(compiled, spec, method="metis", seed=0)
    contiguous = partition(compiled, spec, method="contiguous")
    both = compare(metis, contiguous)
    cut_m, cut_c = both.value("cut fraction")
    assert cut_m < 0.5 * cut_c
    assert both.value("relay axons") == (int(metis.report.relay_axons.sum()),
                                         int(contiguous.report.relay_axons.sum()))
    (table,) = tables(both._repr_html_())
    assert table[0] == ["", "metis", "contiguous"]
    rows = {r[0]: r[1:] for r in table[1:]}
    assert [number(v) for v in rows["HBM rows"]] == [int(metis.report.hbm_rows.sum()),
                                                     int(contiguous.report.hbm_rows.sum())]
    assert "cut fraction" in str(both)
    with pytest.raises(InvalidValueError, match="same network"):
        compare(metis, partition(grid_network(4).compile(), spec))


def test_placement_and_image_html(mapped):
    compiled, placement, image = mapped
    html = placement._repr_html_()  # the mapping report's display
    assert "metis mapping" in html
    (cores,) = tables(image._repr_html_())
    assert [number(r[0]) for r in cores[1:]] == image.used_cores.tolist()
    assert sum(number(r[2]) for r in cores[1:]) == compiled.n_neurons
    assert sum(number(r[4]) for r in cores[1:]) == image.synapse_rows.shape[0]


def test_cri_network_repr_and_html():
    net = CRI_network(**docs_example())
    assert repr(net) == "CRI_network(target=None, axons=2, neurons=4, synapses=4, outputs=2)"
    facts, pops, edges = tables(net._repr_html_())
    assert facts[1] == ["outputs", "'a', 'b'"]
    assert sum(number(r[2]) for r in edges[1:]) == 4
