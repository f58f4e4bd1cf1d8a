"""The emulator against the simulator: same spikes, same potentials, step by step.

The emulator only decodes image words; the simulator only reads the compiled
arrays. On random placed networks (per-neuron models, relays across cores
and FPGAs, outputs, duplicate synapses) with random inputs and synapse
writes in between, every step must agree exactly, and so must ``run``.
"""
import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from l2s import Simulator
from l2s.hw import Emulator, build_image, load_image
from tests.equivalence.strategies import input_steps, placed_networks


def same_step(emulator, simulator, axons, n):
    assert (n, emulator.step(axons).tolist()) == (n, simulator.step(axons).tolist())
    assert (n, emulator.potentials.tolist()) == (n, simulator.potentials.tolist())


@given(placed_networks(), st.data())
def test_steps_and_synapse_writes_match(case, data):
    compiled, sites = case
    target = Emulator(sites.image(compiled), compiled=compiled)
    simulator = Simulator(compiled, overflow="ignore")
    for n, axons in enumerate(data.draw(input_steps(compiled.n_axons))):
        same_step(target, simulator, axons, n)
        source = data.draw(st.sampled_from(["axon", "neuron"]))
        size = compiled.csr(source)[1].size
        if size and data.draw(st.booleans()):
            positions = data.draw(st.lists(st.integers(0, size - 1), min_size=1, max_size=3))
            weight = data.draw(st.integers(-(2 ** 15), 2 ** 15 - 1))
            target.write_weight(source, positions, weight)
            simulator.write_weight(source, positions, weight)
            assert [target.read_weight(source, p) for p in positions] == [weight] * len(positions)
    for source in ("axon", "neuron"):
        for position in range(compiled.csr(source)[1].size):
            assert target.read_weight(source, position) == simulator.read_weight(source, position)


@given(placed_networks(), st.data())
def test_run_matches(case, data):
    compiled, sites = case
    steps = data.draw(input_steps(compiled.n_axons))
    watch = np.arange(compiled.n_neurons)[::2]
    emulator = Emulator(sites.image(compiled))
    simulator = Simulator(compiled, overflow="ignore")
    for part in (steps[:len(steps) // 2], steps[len(steps) // 2:]):
        a = emulator.run(len(part), part, record_potentials=watch)
        b = simulator.run(len(part), part, record_potentials=watch)
        assert (a.start, a.n_steps) == (b.start, b.n_steps)
        assert a.times.tolist() == b.times.tolist() and a.neurons.tolist() == b.neurons.tolist()
        assert a.neurons.dtype == b.neurons.dtype and a.times.dtype == b.times.dtype
        assert np.array_equal(a.potentials, b.potentials)
    emulator.reset()
    simulator.reset()
    same_step(emulator, simulator, [], -1)


def test_saved_image_runs_the_same(tmp_path):
    from l2s.examples import random_inputs, random_recurrent
    from l2s.partition import HardwareSpec, partition
    compiled = random_recurrent(400, fanout=12).compile()
    image = build_image(compiled, partition(compiled, HardwareSpec(fpgas=2, cores_per_fpga=3)))
    image.save(tmp_path / "net.cri")
    inputs = random_inputs(compiled.n_axons, 40, p=0.1)
    a = Emulator(load_image(tmp_path / "net.cri")).run(inputs=inputs)
    b = Simulator(compiled).run(inputs=inputs)
    assert len(b) > 100
    assert a.times.tolist() == b.times.tolist() and a.neurons.tolist() == b.neurons.tolist()
