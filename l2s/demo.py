"""``make demo``: the built-in examples end to end, with a short readable summary."""
from __future__ import annotations

import time
from typing import Optional, Sequence

import numpy as np

from .api import CRI_network
from .examples import docs_example, random_inputs, random_recurrent
from .sim import Simulator

__all__ = ["main"]


def _docs_example_part() -> None:
    print("1. The example of the original L2S documentation (CRI_network API)")
    net = CRI_network(**docs_example())
    for inputs in (["alpha", "beta"], ["alpha"], ["alpha", "beta"], [], []):
        potentials, spikes = net.step(inputs, membranePotential=True)
        shown = ", ".join(f"{k}={v}" for k, v in potentials)
        print(f"   step(inputs={inputs!s:<18}) -> spikes {spikes!s:<10} V: {shown}")
    net.write_synapse("a", "b", 5)
    print(f"   write_synapse('a', 'b', 5); read_synapse('a', 'b') = {net.read_synapse('a', 'b')}")


def _large_part(n: int, steps: int) -> None:
    print(f"\n2. A random recurrent I&F network of {n:,} neurons for {steps:,} steps (native API)")
    t0 = time.perf_counter()
    net = random_recurrent(n, seed=0)
    t1 = time.perf_counter()
    compiled = net.compile()
    t2 = time.perf_counter()
    sim = Simulator(compiled)
    indptr, indices = random_inputs(compiled.n_axons, steps, seed=1)
    record = sim.run(inputs=(indptr, indices))
    t3 = time.perf_counter()
    counts = record.counts()
    fanout_n, fanout_a = compiled.fanout("neuron"), compiled.fanout("axon")
    events = int(fanout_n[record.neurons].sum() + fanout_a[indices].sum())
    print(f"   {compiled.n_axons:,} axons, {compiled.n_neurons:,} neurons, "
          f"{compiled.n_synapses:,} synapses")
    print(f"   build {t1 - t0:.2f} s, compile {t2 - t1:.2f} s, run {t3 - t2:.2f} s "
          f"({events / max(t3 - t2, 1e-9):.3g} synaptic events/s, first run in this process)")
    print(f"   {len(record):,} spikes; per step mean {counts.mean():.0f} "
          f"({100 * counts.mean() / n:.1f} % of neurons), min {counts.min()}, max {counts.max()}")
    print(f"   potentials now: mean {sim.potentials.mean():.1f}, "
          f"range [{sim.potentials.min()}, {sim.potentials.max()}]")
    first = np.array2string(counts[:10], separator=", ")
    print(f"   spikes in the first 10 steps: {first}")


def main(argv: Optional[Sequence[str]] = None) -> None:
    """Run the demo (the docs example, then a 10,000-neuron network for 1,000 steps)."""
    _docs_example_part()
    _large_part(10_000, 1_000)


if __name__ == "__main__":
    main()
