"""Every file kind round-trips bit for bit, and saving twice gives the same bytes."""
import os

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import l2s
from l2s.examples import random_recurrent
from l2s.graph.compiled_file import load_rows
from l2s.partition import HardwareSpec, Placement, partition

from .strategies import networks, records, same_value



@pytest.fixture
def tmp_path(tmp_path_factory):
    """One directory per test: every hypothesis example overwrites the same file names."""
    return tmp_path_factory.mktemp("files")


_TMP = settings(suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow], deadline=None)


def same_array(a, b):
    return a is None and b is None or (a.dtype == b.dtype and a.shape == b.shape
                                       and np.array_equal(a, b))


def save_twice(obj, tmp_path, name):
    """Save, load with l2s.load, save the loaded object: the bytes must agree."""
    first, second = tmp_path / f"{name}.1", tmp_path / f"{name}.2"
    obj.save(first)
    loaded = l2s.load(first)
    loaded.save(second)
    assert first.read_bytes() == second.read_bytes()
    return loaded


def assert_same_compiled(a, b):
    for name in ("axon_indptr", "axon_indices", "axon_weights", "neuron_indptr",
                 "neuron_indices", "neuron_weights", "threshold", "model", "leak", "output",
                 "shift"):
        assert same_array(getattr(a, name), getattr(b, name)), name
    assert a.populations == b.populations
    assert a.semantics == b.semantics
    for km_a, km_b in ((a.axon_keys, b.axon_keys), (a.neuron_keys, b.neuron_keys)):
        assert [blk[:3] for blk in km_a.blocks] == [blk[:3] for blk in km_b.blocks]
        assert same_value(list(km_a), list(km_b))


@_TMP
@given(net=networks())
def test_network_round_trip(net, tmp_path):
    loaded = save_twice(net, tmp_path, "net")
    assert isinstance(loaded, l2s.Network)
    assert list(loaded.graph.nodes) == list(net.graph.nodes)
    assert list(loaded.graph.edges) == list(net.graph.edges)
    assert same_value(dict(loaded.graph.graph), dict(net.graph.graph))
    assert loaded.semantics == net.semantics
    for a, b in zip(net.populations, loaded.populations):
        assert (a.name, a.kind, a.size) == (b.name, b.kind, b.size)
        assert same_value(a.keys, b.keys)
        for name in ("threshold", "model", "leak", "output", "shift"):
            assert same_array(getattr(a, name), getattr(b, name)), name
    for edge in net.graph.edges:
        for p, q in zip(net.graph.edges[edge]["projections"],
                        loaded.graph.edges[edge]["projections"]):
            for name in ("pre", "post", "weight"):
                assert same_array(getattr(p, name), getattr(q, name))
        assert len(net.graph.edges[edge]["projections"]) == \
            len(loaded.graph.edges[edge]["projections"])


@_TMP
@given(net=networks())
def test_compiled_round_trip(net, tmp_path):
    try:
        compiled = net.compile()
    except l2s.InvalidValueError:
        assume(False)  # keys that clash: not a compilable network
    loaded = save_twice(compiled, tmp_path, "compiled")
    assert isinstance(loaded, l2s.CompiledNetwork)
    assert_same_compiled(compiled, loaded)


@_TMP
@given(record=records())
def test_record_round_trip(record, tmp_path):
    loaded = save_twice(record, tmp_path, "record")
    assert (loaded.start, loaded.n_steps) == (record.start, record.n_steps)
    for name in ("times", "neurons", "potential_neurons", "potentials"):
        assert same_array(getattr(record, name), getattr(loaded, name)), name


@settings(_TMP, max_examples=15)
@given(n=st.integers(1, 120), method=st.sampled_from(["metis", "contiguous", "random"]),
       rates=st.booleans(), seed=st.integers(0, 3))
def test_placement_round_trip(n, method, rates, seed, tmp_path):
    compiled = random_recurrent(n, fanout=3, seed=seed).compile()
    rate = np.linspace(0, 1, n) if rates else None
    placement = partition(compiled, HardwareSpec(fpgas=2, cores_per_fpga=2), method=method,
                          seed=seed, rates=rate)
    loaded = save_twice(placement, tmp_path, "placement")
    assert isinstance(loaded, Placement)
    assert (loaded.spec, loaded.method) == (placement.spec, placement.method)
    assert_same_compiled(placement.compiled, loaded.compiled)
    for name in ("core", "column", "row", "rates"):
        assert same_array(getattr(placement, name), getattr(loaded, name)), name
    for name in ("neuron_pairs", "axon_pairs"):
        for field in ("indptr", "core", "count"):
            assert same_array(getattr(getattr(placement, name), field),
                              getattr(getattr(loaded, name), field))
    assert str(loaded.report) == str(placement.report)


def test_image_loads_through_l2s_load(tmp_path):
    from l2s.hw import HardwareImage, build_image
    compiled = random_recurrent(50, fanout=3).compile()
    image = build_image(compiled, partition(compiled, HardwareSpec(cores_per_fpga=2)))
    loaded = save_twice(image, tmp_path, "image")
    assert isinstance(loaded, HardwareImage)
    assert l2s.info(tmp_path / "image.1")["kind"] == "image"


@settings(_TMP, max_examples=30)
@given(n=st.integers(1, 60), fanout=st.integers(0, 4),
       rows=st.lists(st.integers(0, 59), max_size=12), source=st.sampled_from(["neuron", "axon"]))
def test_load_rows_is_the_csr_of_those_rows(n, fanout, rows, source, tmp_path):
    compiled = random_recurrent(n, fanout=fanout).compile()
    indptr, indices, weights = compiled.csr(source)
    rows = [r % (indptr.size - 1) for r in rows] if indptr.size > 1 else []
    path = tmp_path / "net.l2sc"
    compiled.save(path)
    part = load_rows(path, np.array(rows, dtype=np.int64), source)
    expect = [np.arange(indptr[r], indptr[r + 1]) for r in rows]
    positions = np.concatenate(expect) if expect else np.zeros(0, dtype=np.int64)
    assert part.indptr.tolist() == [0] + np.cumsum([e.size for e in expect]).tolist()
    assert same_array(part.indices, indices[positions])
    assert same_array(part.weights, weights[positions])


def test_keys_of_unsavable_types_are_refused(tmp_path):
    net = l2s.Network()
    net.add_axons("in", keys=[frozenset()])
    with pytest.raises(l2s.InvalidTypeError, match="key 0 of population 'in'.*frozenset"):
        net.save(tmp_path / "net.l2s")
    assert os.listdir(tmp_path) == []


def _as_version_1(path, tmp_path, name):
    """A copy of the file at ``path`` as the version-1 writer made it: no semantics, no shift."""
    import json
    import zipfile
    old = tmp_path / f"{name}-v1.zip"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(old, "w", zipfile.ZIP_STORED) as dst:
        manifest = json.loads(src.read("header.json"))
        manifest["version"] = 1
        manifest.pop("semantics", None)
        manifest.get("compiled", {}).pop("semantics", None)
        manifest["arrays"] = {k: v for k, v in manifest["arrays"].items()
                              if not k.endswith("shift")}
        dst.writestr(src.getinfo("header.json"), json.dumps(manifest))
        for info in src.infolist()[1:]:
            if not info.filename.endswith("shift.npy"):
                dst.writestr(info, src.read(info))
    return old


@pytest.mark.parametrize("kind", ["network", "compiled", "placement"])
def test_version_1_files_load_as_2022_networks_without_noise(kind, tmp_path):
    compiled = random_recurrent(12, fanout=2).compile()
    obj = {"network": random_recurrent(12, fanout=2), "compiled": compiled,
           "placement": partition(compiled, HardwareSpec(cores_per_fpga=2),
                                  method="contiguous")}[kind]
    path = tmp_path / f"{kind}.l2s"
    obj.save(path)
    loaded = l2s.load(_as_version_1(path, tmp_path, kind))
    loaded_compiled = {"network": lambda x: x.compile(), "compiled": lambda x: x,
                       "placement": lambda x: x.compiled}[kind](loaded)
    assert loaded_compiled.semantics == "l2s-2022" and not loaded_compiled.noise
    assert_same_compiled(compiled, loaded_compiled)


def test_hs_2024_network_with_noise_survives_a_round_trip(tmp_path):
    from l2s.neuron_models import LIF_neuron
    net = l2s.Network(semantics="hs-2024")
    inp = net.add_axons("in", 2)
    out = net.add_neurons("out", 3, model=LIF_neuron(5, -3, 2), output=True)
    net.connect(inp, out, rule="all_to_all", weight=4)
    path = tmp_path / "hs.l2s"
    net.save(path)
    loaded = l2s.load(path)
    assert loaded.semantics == "hs-2024"
    assert loaded.population("out").shift.tolist() == [-3, -3, -3]
    a, b = net.compile(), loaded.compile()
    assert_same_compiled(a, b)
    steps = [[0, 1], [], [1], []]
    assert l2s.Simulator(a, seed=7).run(4, inputs=steps).as_pairs() == \
        l2s.Simulator(b, seed=7).run(4, inputs=steps).as_pairs()
