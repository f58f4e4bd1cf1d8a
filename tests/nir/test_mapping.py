"""A converted convolutional network through partition, image and emulator."""
import numpy as np
import pytest

nir = pytest.importorskip("nir")

import l2s  # noqa: E402
from l2s.hw import Emulator, build_image  # noqa: E402
from l2s.nir import from_nir, with_bias  # noqa: E402
from l2s.partition import HardwareSpec, cut_fraction, partition  # noqa: E402


def conv_net():
    rng = np.random.default_rng(5)
    relu = dict(stride=1, padding=1, dilation=1, groups=1)
    nodes = {
        "input": nir.Input(input_type=np.array([2, 12, 12])),
        "conv1": nir.Conv2d(input_shape=(12, 12), weight=rng.uniform(-0.3, 0.6, (4, 2, 3, 3)),
                            bias=np.full(4, 0.02), **relu),
        "if1": nir.IF(r=np.ones((4, 12, 12)), v_threshold=np.ones((4, 12, 12))),
        "pool": nir.AvgPool2d(kernel_size=np.array([2, 2]), stride=np.array([2, 2]),
                              padding=np.array([0, 0])),
        "conv2": nir.Conv2d(input_shape=(6, 6), weight=rng.uniform(-0.3, 0.6, (4, 2, 3, 3)),
                            stride=1, padding=1, dilation=1, groups=2, bias=np.zeros(4)),
        "if2": nir.IF(r=np.ones((4, 6, 6)), v_threshold=np.ones((4, 6, 6))),
        "flat": nir.Flatten(input_type={"input": np.array([4, 6, 6])}, start_dim=0),
        "fc": nir.Linear(weight=rng.uniform(-0.1, 0.2, (10, 144))),
        "out": nir.LIF(tau=np.full(10, 4e-3), r=np.full(10, 4.0), v_leak=np.zeros(10),
                       v_threshold=np.ones(10)),
        "output": nir.Output(output_type=np.array([10])),
    }
    chain = ["input", "conv1", "if1", "pool", "conv2", "if2", "flat", "fc", "out", "output"]
    graph = nir.NIRGraph(nodes=nodes, edges=list(zip(chain, chain[1:])), type_check=False)
    return from_nir(graph, dt=1e-3)


SPEC = HardwareSpec(cores_per_fpga=4, neurons_per_core=256)


@pytest.mark.parametrize("method", ["metis", "contiguous", "random"])
def test_conv_net_partitions_and_emulates_like_the_simulator(method):
    net, report = conv_net()
    compiled = net.compile()
    placement = partition(compiled, SPEC, method=method)
    print(f"\nconv net ({compiled.n_neurons} neurons, {compiled.neuron_indices.size} neuron "
          f"synapses) on 4 cores: {method} cut {cut_fraction(placement):.3f}")
    spikes = np.random.default_rng(6).random((30, 288)) < 0.2
    inputs = with_bias(spikes, report)
    watch = np.arange(compiled.n_neurons)
    sim = l2s.Simulator(compiled).run(inputs=inputs, record_potentials=watch)
    emu = Emulator(build_image(compiled, placement)).run(inputs=inputs, record_potentials=watch)
    assert len(sim) > 0
    assert sim.times.tolist() == emu.times.tolist() and sim.neurons.tolist() == emu.neurons.tolist()
    assert np.array_equal(sim.potentials, emu.potentials)


def test_metis_cuts_less_than_the_baselines():
    compiled = conv_net()[0].compile()
    cuts = {m: cut_fraction(partition(compiled, SPEC, method=m))
            for m in ("metis", "contiguous", "random")}
    assert cuts["metis"] < cuts["random"]
