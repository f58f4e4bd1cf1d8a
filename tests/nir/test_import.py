"""from_nir on graphs built here: every node type, against the float reference and by hand."""
import numpy as np
import pytest

nir = pytest.importorskip("nir")

import l2s  # noqa: E402
from l2s.nir import from_nir  # noqa: E402
from l2s.nir.lowering import conv_matrix, pool_matrix  # noqa: E402
from tests.nir.helpers import run_l2s, shifted, timing_errors  # noqa: E402
from tests.nir.reference import conv2d, simulate  # noqa: E402

DT = 1e-3


def lif(n, tau_steps=8, threshold=1.0, shape=None):
    shape = shape or (n,)
    return nir.LIF(tau=np.full(shape, tau_steps * DT), r=np.full(shape, float(tau_steps)),
                   v_leak=np.zeros(shape), v_threshold=np.full(shape, threshold))


@pytest.mark.parametrize("stride,padding,dilation,groups", [
    (1, 0, 1, 1), (2, 1, 1, 1), (1, "same", 1, 2), (1, "valid", 2, 1), ((2, 1), (1, 2), 1, 2)])
def test_conv_matrix_matches_direct_convolution(stride, padding, dilation, groups):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(4, 7, 6))
    weight = rng.normal(size=(6, 4 // groups, 3, 2))
    matrix, shape = conv_matrix(weight, x.shape, stride, padding, dilation, groups)
    expected = conv2d(x, weight, stride, padding, dilation, groups)
    assert shape == expected.shape
    assert np.allclose(x.ravel() @ matrix.to_dense(), expected.ravel())


def test_conv1d_is_conv2d_of_height_one():
    rng = np.random.default_rng(1)
    x, weight = rng.normal(size=(2, 9)), rng.normal(size=(3, 2, 3))
    m1, s1 = conv_matrix(weight, x.shape, 2, 1, 1, 1, kind="Conv1d")
    m2, s2 = conv_matrix(weight[:, :, None, :], (2, 1, 9), (1, 2), (0, 1), 1, 1)
    assert s1 == (3, 5) and s2 == (3, 1, 5)
    assert np.allclose(m1.to_dense(), m2.to_dense())


def test_avg_pool_is_scaled_sum_pool():
    s, _ = pool_matrix(2, 2, 0, (3, 4, 4), average=False)
    a, shape = pool_matrix(2, 2, 0, (3, 4, 4), average=True)
    assert shape == (3, 2, 2) and np.allclose(4 * a.to_dense(), s.to_dense())


def conv_graph():
    rng = np.random.default_rng(2)
    conv = nir.Conv2d(input_shape=(6, 6), weight=rng.uniform(-0.5, 1.0, (2, 1, 3, 3)),
                      stride=1, padding=1, dilation=1, groups=1, bias=np.zeros(2))
    return nir.NIRGraph(nodes={
        "input": nir.Input(input_type=np.array([1, 6, 6])),
        "conv": conv,
        "if1": nir.IF(r=np.ones((2, 6, 6)), v_threshold=np.full((2, 6, 6), 1.5)),
        "pool": nir.SumPool2d(kernel_size=np.array([2, 2]), stride=np.array([2, 2]),
                              padding=np.array([0, 0])),
        "flat": nir.Flatten(input_type={"input": np.array([2, 3, 3])}, start_dim=0),
        "fc": nir.Linear(weight=rng.uniform(-0.3, 0.6, (5, 18))),
        "lif": lif(5, threshold=0.8),
        "output": nir.Output(output_type=np.array([5])),
    }, edges=[("input", "conv"), ("conv", "if1"), ("if1", "pool"), ("pool", "flat"),
              ("flat", "fc"), ("fc", "lif"), ("lif", "output")], type_check=False)


def dense_graph():
    """Affine (bias) -> LIF (recurrent) -> Scale -> Threshold; IF fed by the LIF too."""
    rng = np.random.default_rng(3)
    return nir.NIRGraph(nodes={
        "input": nir.Input(input_type=np.array([4])),
        "fc": nir.Affine(weight=rng.uniform(-0.2, 0.6, (6, 4)), bias=np.full(6, 0.05)),
        "lif": lif(6, tau_steps=4),
        "rec": nir.Linear(weight=rng.uniform(-0.4, 0.2, (6, 6))),
        "scale": nir.Scale(scale=np.linspace(0.5, 1.5, 6)),
        "thr": nir.Threshold(threshold=np.full(6, 0.7)),
        "fc2": nir.Linear(weight=rng.uniform(0.0, 0.5, (3, 6))),
        "if2": nir.IF(r=np.ones(3), v_threshold=np.ones(3)),
        "output": nir.Output(output_type=np.array([3])),
    }, edges=[("input", "fc"), ("fc", "lif"), ("lif", "rec"), ("rec", "lif"), ("lif", "scale"),
              ("scale", "thr"), ("thr", "fc2"), ("fc2", "if2"), ("if2", "output")],
        type_check=False)


@pytest.mark.parametrize("make,depths", [
    (conv_graph, {"if1": 1, "lif": 2}), (dense_graph, {"lif": 1, "thr": 2, "if2": 3})])
@pytest.mark.parametrize("fire_on", [">", ">="])
def test_power_of_two_networks_follow_the_reference_within_one_step(make, depths, fire_on):
    graph = make()
    rng = np.random.default_rng(4)
    n_in = int(np.prod(graph.nodes["input"].input_type["input"]))
    steps = 80
    spikes = rng.random((steps, n_in)) < 0.3
    ref = simulate(graph, spikes, DT, fire_on)
    net, report = from_nir(graph, dt=DT, fire_on=fire_on)
    got = run_l2s(net, report, np.vstack([spikes, np.zeros((5, n_in), bool)]))
    assert report.approximations == ["weights rounded to 16-bit integers per layer (see max |dw|)"]
    for layer, depth in depths.items():
        mapped = shifted(got[layer], depth)[:steps]
        assert ref[layer].sum() > 0, layer
        errs = timing_errors(ref[layer].astype(bool), mapped)
        assert all(dc == 0 and dt <= 1 for dc, dt in errs), (layer, errs)


def test_conv_keys_say_where_each_neuron_sits():
    net, _ = from_nir(conv_graph(), dt=DT)
    compiled = net.compile()
    assert compiled.neuron_keys.index(("if1", 1, 2, 3)) == 36 + 2 * 6 + 3
    assert compiled.axon_keys.index(("input", 0, 5, 5)) == 35
    assert compiled.neuron_keys.index(("lif", 4)) == 72 + 4


def test_nested_graph_is_inlined():
    flat = dense_graph()
    inner = nir.NIRGraph(nodes={
        "input": nir.Input(input_type=np.array([6])), "scale": flat.nodes["scale"],
        "output": nir.Output(output_type=np.array([6]))},
        edges=[("input", "scale"), ("scale", "output")], type_check=False)
    nodes = {k: v for k, v in flat.nodes.items() if k != "scale"}
    nodes["sub"] = inner
    edges = [(s.replace("scale", "sub"), d.replace("scale", "sub")) for s, d in flat.edges]
    nested = nir.NIRGraph(nodes=nodes, edges=edges, type_check=False)
    a, b = (from_nir(g, dt=DT)[0].compile() for g in (flat, nested))
    for field in ("axon_indptr", "axon_indices", "axon_weights", "neuron_indptr",
                  "neuron_indices", "neuron_weights", "threshold", "leak", "model"):
        assert np.array_equal(getattr(a, field), getattr(b, field)), field


def test_bias_axon_is_reported_and_driven():
    net, report = from_nir(dense_graph(), dt=DT)
    assert report.bias_axon == 4 and report.bias_nodes == ["fc"]
    assert "bias axon 4" in str(report) and "<table>" in report._repr_html_()
    compiled = net.compile()
    assert compiled.axon_indptr[5] - compiled.axon_indptr[4] == 6
    with pytest.raises(l2s.L2SError, match=r"'fc' \(Affine\).*bias"):
        from_nir(dense_graph(), dt=DT, bias="error")


def test_scale_maps_each_layer_to_the_weight_range():
    net, report = from_nir(dense_graph(), dt=DT, weight_bits=8)
    compiled = net.compile()
    assert np.abs(compiled.axon_weights).max() == 127
    lif_layer = report.layer("lif")
    assert lif_layer.leak == (2,) and lif_layer.model == "LI&F"
    assert 0 < lif_layer.max_weight_error <= 0.5 / lif_layer.scale + 1e-12


def test_li_and_i_never_fire_and_are_reported():
    graph = nir.NIRGraph.from_list(
        nir.Linear(weight=np.eye(2)),
        nir.LI(tau=np.full(2, 4 * DT), r=np.full(2, 4.0), v_leak=np.zeros(2)))
    net, report = from_nir(graph, dt=DT)
    assert net.compile().threshold.tolist() == [2 ** 34 - 1] * 2
    assert any("never fires" in a for a in report.approximations)


def one_node(node, shape=2):
    return nir.NIRGraph(nodes={"input": nir.Input(input_type=np.array([shape])), "x": node,
                               "output": nir.Output(output_type=np.array([shape]))},
                        edges=[("input", "x"), ("x", "output")], type_check=False)


@pytest.mark.parametrize("graph,message", [
    (one_node(nir.Delay(delay=np.ones(2))), r"'x' \(Delay\).*no synaptic delays"),
    (one_node(nir.CubaLIF(tau_syn=np.ones(2), tau_mem=np.ones(2), r=np.ones(2),
                          v_leak=np.zeros(2), v_threshold=np.ones(2))),
     r"'x' \(CubaLIF\).*two state variables.*cuba='lif'"),
    (one_node(nir.LIF(tau=np.full(2, DT / 2), r=np.ones(2), v_leak=np.zeros(2),
                      v_threshold=np.ones(2))), r"'x' \(LIF\).*tau = 0.0005 is shorter than dt"),
    (one_node(nir.IF(r=np.ones(2), v_threshold=np.ones(2), v_reset=np.full(2, 0.5))),
     r"'x' \(IF\).*v_reset = 0.5"),
    (one_node(nir.Affine(weight=np.eye(2), bias=np.zeros(2))),
     r"'output' \(Output\).*fed by 'x' \(Affine\)"),
    (one_node(nir.I(r=np.ones(2))), None),
])
def test_unsupported_nodes_name_the_node_type_and_reason(graph, message):
    if message is None:
        from_nir(graph, dt=DT)
        return
    with pytest.raises(l2s.L2SError, match=message):
        from_nir(graph, dt=DT)


def test_reads_files_and_rejects_bad_arguments(tmp_path):
    path = tmp_path / "g.nir"
    nir.write(str(path), dense_graph())
    net, _ = from_nir(str(path), dt=DT)
    assert net.n_neurons == 15
    with pytest.raises(l2s.L2SError, match="fire_on"):
        from_nir(dense_graph(), dt=DT, fire_on="=")
    with pytest.raises(l2s.L2SError, match="dt"):
        from_nir(dense_graph(), dt=0)
