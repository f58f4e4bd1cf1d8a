"""Networks and brute-force references shared by the partition tests."""
from __future__ import annotations

import math
from collections import Counter
from typing import Dict, List, Set, Tuple

import numpy as np

import l2s
from l2s.examples import grid_network

__all__ = ["grid_network", "clusters_network", "reference_layout"]


def clusters_network(size: int, clusters: int, fanout: int, bridges: int, seed: int = 0
                     ) -> l2s.Network:
    """``clusters`` random clusters of ``size`` neurons, joined by ``bridges`` synapses."""
    rng = np.random.default_rng(seed)
    n = size * clusters
    pre = np.repeat(np.arange(n), fanout)
    post = (pre // size) * size + rng.integers(0, size, pre.size)
    bridge_pre = rng.integers(0, n, bridges)
    bridge_post = (bridge_pre + size) % n
    net = l2s.Network()
    pop = net.add_neurons("c", n, threshold=1)
    net.connect(pop, pop, pre=np.r_[pre, bridge_pre], post=np.r_[post, bridge_post])
    return net


def reference_layout(compiled, core: np.ndarray, column: np.ndarray, n_cores: int) -> Dict:
    """What every core holds, computed synapse by synapse in plain Python.

    Returns relays and input axons per core (sets), and per core the HBM row
    groups and their lower bound following docs/partition.md (per owner,
    ``max(ceil(words / 16), synapses onto its most-targeted neuron)``).
    """
    relays: List[Set[int]] = [set() for _ in range(n_cores)]
    inputs: List[Set[int]] = [set() for _ in range(n_cores)]
    owners: Dict[Tuple[str, int, int], List[int]] = {}
    targets: Dict[Tuple[str, int, int], List[int]] = {}
    remote_cores: List[Set[int]] = [set() for _ in range(compiled.n_neurons)]
    for s in range(compiled.n_neurons):
        for t in compiled.neuron_indices[compiled.neuron_indptr[s]:compiled.neuron_indptr[s + 1]]:
            c = int(core[t])
            owners.setdefault(("neuron", s, c), []).append(int(column[t]))
            targets.setdefault(("neuron", s, c), []).append(int(t))
            if c != core[s]:
                relays[c].add(s)
                remote_cores[s].add(c)
    for x in range(compiled.n_axons):
        for t in compiled.axon_indices[compiled.axon_indptr[x]:compiled.axon_indptr[x + 1]]:
            c = int(core[t])
            owners.setdefault(("axon", x, c), []).append(int(column[t]))
            targets.setdefault(("axon", x, c), []).append(int(t))
            inputs[c].add(x)
    free = [len(remote_cores[s]) + int(compiled.output[s]) for s in range(compiled.n_neurons)]
    groups = [0] * n_cores
    bound = [0] * n_cores
    for (kind, s, c), cols in owners.items():
        words = len(cols) + (free[s] if kind == "neuron" and c == core[s] else 0)
        groups[c] += max(max(Counter(cols).values()), math.ceil(words / 16))
        bound[c] += max(math.ceil(words / 16), max(Counter(targets[kind, s, c]).values()))
    empty = [False] * n_cores
    for s in range(compiled.n_neurons):
        c = int(core[s])
        if ("neuron", s, c) not in owners:
            if free[s]:
                groups[c] += math.ceil(free[s] / 16)
                bound[c] += math.ceil(free[s] / 16)
            else:
                empty[c] = True
    return {"relays": relays, "inputs": inputs,
            "groups": [g + e for g, e in zip(groups, empty)],
            "bound": [b + e for b, e in zip(bound, empty)]}
