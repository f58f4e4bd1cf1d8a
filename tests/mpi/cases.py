"""Random networks and inputs drawn from a seed: the same on every MPI process."""
import numpy as np

import l2s

__all__ = ["random_case"]


def random_case(seed, max_neurons=40, max_axons=5, max_synapses=160):
    """``(compiled, steps)``: per-neuron models, thresholds and leaks (extremes included),
    duplicate synapses and self-loops, and a list of active axons per step.

    ``seed % 4`` picks the semantics and noise: 2022 without and with noise,
    hs-2024 without and with noise."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, max_neurons + 1))
    n_axons = int(rng.integers(1, max_axons + 1))
    hs, noisy = seed % 4 >= 2, seed % 2 == 1
    net = l2s.Network(semantics="hs-2024" if hs else "l2s-2022")
    thresholds = rng.integers(-3, 13, n)
    thresholds[rng.random(n) < 0.05] = 2 ** 34 - 1
    shift = rng.integers(-16, 4, n) if noisy else np.full(n, -16)
    neurons = net.add_neurons("n", n, threshold=thresholds, model=rng.integers(int(hs), 3, n),
                              leak=rng.choice([0, 1, 2, 3, 8, 63], n), output=rng.random(n) < 0.6,
                              shift=shift)
    axons = net.add_axons("in", n_axons)
    for source, size in ((neurons, n), (axons, n_axons)):
        k = int(rng.integers(0, max_synapses + 1))
        weights = rng.integers(-6, 11, k)
        weights[rng.random(k) < 0.03] = 2 ** 15 - 1
        net.connect(source, neurons, pre=rng.integers(0, size, k), post=rng.integers(0, n, k),
                    weight=weights)
    steps = [rng.integers(0, n_axons, rng.integers(0, 4)).tolist() for _ in range(12)]
    return net.compile(), steps
