"""Network and CompiledNetwork notebook displays: parsed back, the numbers are the network's."""
import xml.etree.ElementTree as ET

import numpy as np

import l2s
from l2s.graph.display import SVG_MAX_POPULATIONS
from tests.html_tables import number, tables


def _net():
    net = l2s.Network()
    inp = net.add_axons("in <&>", 4)
    exc = net.add_neurons("exc", 10, threshold=np.arange(10), model="LI&F", output=True)
    inh = net.add_neurons("inh", 3, threshold=5)
    net.connect(inp, exc, rule="all_to_all", weight=2)
    net.connect(exc, inh, rule="fixed_fanout", fanout=2, weight=3, seed=1)
    net.connect(inh, exc, rule="all_to_all", weight=-4)
    return net


def test_network_html_tables_hold_the_populations_and_projections():
    net = _net()
    html = net._repr_html_()
    pops, projs = tables(html)
    assert pops[0] == ["population", "kind", "size", "model", "threshold", "outputs"]
    assert pops[1][:3] == ["in <&>", "axons", "4"]  # escaped in the HTML, intact when parsed
    assert pops[2] == ["exc", "neurons", "10", "LI&F", "0 .. 9", "10"]
    assert pops[3] == ["inh", "neurons", "3", "I&F", "5", "0"]
    by_edge = {(r[0], r[1]): (number(r[2]), r[3]) for r in projs[1:]}
    assert by_edge == {("in <&>", "exc"): (40, "2"), ("exc", "inh"): (20, "3"),
                       ("inh", "exc"): (30, "-4")}
    assert "4 axons, 13 neurons, 90 synapses" in html
    svg = ET.fromstring(html).find("{http://www.w3.org/2000/svg}svg")
    assert svg is not None and len(svg.findall("{http://www.w3.org/2000/svg}line")) == 3


def test_compiled_html_counts_synapses_between_populations():
    compiled = _net().compile()
    pops, edges = tables(compiled._repr_html_())
    assert [r[:3] for r in pops[1:]] == [["in <&>", "axons", "0 .. 3"],
                                        ["exc", "neurons", "0 .. 9"],
                                        ["inh", "neurons", "10 .. 12"]]
    counts = {(r[0], r[1]): number(r[2]) for r in edges[1:]}
    assert counts == {("in <&>", "exc"): 40, ("exc", "inh"): 20, ("inh", "exc"): 30}
    assert sum(counts.values()) == compiled.n_synapses


def test_many_populations_are_not_drawn():
    net = l2s.Network()
    for i in range(SVG_MAX_POPULATIONS + 1):
        net.add_neurons(f"p{i}", 1, threshold=0)
    assert "<svg" not in net._repr_html_()
    assert len(tables(net._repr_html_())[0]) == SVG_MAX_POPULATIONS + 2
