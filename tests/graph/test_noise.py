"""The noise generator: distribution, shift, and the same draws on every target and thread count."""
import numba
import numpy as np
import pytest

import l2s
from l2s.graph.models import noise_enabled
from l2s.graph.noise import SEED_MAX, new_seed, noise_draw, perturbation, perturbations
from l2s.hw import Emulator, build_image
from l2s.partition import HardwareSpec, partition
from tests.reference import noise as reference_noise

N = 200_000


def test_draws_are_odd_in_range_uniform_with_mean_zero():
    x = perturbations(3, 7, np.arange(N, dtype=np.int64), np.zeros(N, dtype=np.int64))
    assert np.all(x % 2 == 1)
    assert x.min() >= -(2 ** 16) and x.max() <= 2 ** 16
    assert abs(x.mean()) < 5 * x.std() / np.sqrt(N)  # mean 0 within 5 standard errors
    # uniform over the 65,536 odd values: every 1/16 of the range holds about 1/16 of the draws
    counts = np.histogram(x, bins=16, range=(-(2 ** 16), 2 ** 16))[0]
    assert np.all(np.abs(counts - N / 16) < 6 * np.sqrt(N / 16))
    assert abs(np.corrcoef(x[:-1], x[1:])[0, 1]) < 0.02  # neighbours are not correlated


def test_steps_and_seeds_give_different_draws():
    neurons = np.arange(1000, dtype=np.int64)
    zeros = np.zeros(1000, dtype=np.int64)
    base = perturbations(3, 7, neurons, zeros)
    assert np.mean(base == perturbations(3, 8, neurons, zeros)) < 0.01
    assert np.mean(base == perturbations(4, 7, neurons, zeros)) < 0.01


@pytest.mark.parametrize("shift", [-16, -5, -1, 0, 1, 7, 19])
def test_shift_scales_the_draw(shift):
    x = noise_draw(9, 2, 5)
    expected = x << shift if shift >= 0 else x >> -shift
    assert perturbation(9, 2, 5, shift) == expected == reference_noise(9, 2, 5, shift)


def test_minus_16_gives_minus_one_or_zero_and_off_only_when_everywhere():
    x = perturbations(1, 0, np.arange(1000, dtype=np.int64), np.full(1000, -16, dtype=np.int64))
    assert set(x.tolist()) == {-1, 0}
    assert not noise_enabled([-16] * 3) and noise_enabled([-16, -16, 0])


def test_reference_hash_is_the_same_function():
    rng = np.random.default_rng(0)
    for seed, step, neuron in rng.integers(0, 2 ** 62, size=(200, 3)).tolist():
        assert noise_draw(seed, step, neuron) == reference_noise(seed, step, neuron, 0)
    assert noise_draw(SEED_MAX, 0, 0) == reference_noise(SEED_MAX, 0, 0, 0)
    assert 0 <= new_seed() <= SEED_MAX


def test_same_noise_on_every_target_and_thread_count():
    net = l2s.Network(semantics="hs-2024")
    n = 3000
    rng = np.random.default_rng(1)
    pop = net.add_neurons("n", n, threshold=2 ** 20, leak=rng.integers(0, 8, n),
                          shift=rng.integers(-16, 6, n), output=True)
    net.connect(pop, pop, rule="fixed_fanout", fanout=3, seed=0, weight=500)
    compiled = net.compile()
    spec = HardwareSpec(fpgas=1, cores_per_fpga=4, neurons_per_core=1024)
    image = build_image(compiled, partition(compiled, spec, method="random", seed=0))
    runs = {}
    for threads in sorted({1, min(2, numba.config.NUMBA_NUM_THREADS),
                           numba.config.NUMBA_NUM_THREADS}):
        sim = l2s.Simulator(compiled, threads=threads, seed=77, overflow="ignore")
        runs[f"simulator/{threads}"] = sim.run(20, record_potentials=np.arange(n))
    runs["emulator"] = Emulator(image, compiled=compiled, seed=77).run(
        20, record_potentials=np.arange(n))
    first = runs.pop("simulator/1")
    assert first.times.size > 0  # the noise makes neurons fire
    for name, rec in runs.items():
        assert rec.times.tolist() == first.times.tolist(), name
        assert np.array_equal(rec.potentials, first.potentials), name
