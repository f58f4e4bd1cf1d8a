"""``make demo``: the built-in examples end to end, with a short readable summary.

1. the original documentation's example through ``CRI_network``;
2. a 10,000-neuron network simulated for 1,000 steps (native API);
3. that network and a 2-D sheet of as many neurons mapped onto 8 CRI cores with
   METIS and the baselines: METIS cuts few of the sheet's synapses, while no
   method can help the random network;
4. its hardware image built, saved, run on the emulator against the simulator,
   and one neuron explained from its words;
5. plots of all of it written to ``out/``.
"""
from __future__ import annotations

import argparse
import os
import time
from typing import List, Optional, Sequence, Tuple

import numpy as np

from .api import CRI_network
from .examples import docs_example, grid_network, random_inputs, random_recurrent
from .graph.compiled import CompiledNetwork
from .partition import HardwareSpec, Placement, compare, cut_fraction, partition
from .record import SpikeRecord
from .sim import Simulator

__all__ = ["main", "run_demo"]

#: The mapping part's hardware: 8 cores of 2,048 neurons (a slice of one FPGA).
DEMO_SPEC = HardwareSpec(fpgas=1, cores_per_fpga=8, neurons_per_core=2048)


def _docs_example_part() -> None:
    print("1. The example of the original L2S documentation (CRI_network API)")
    net = CRI_network(**docs_example())
    for inputs in (["alpha", "beta"], ["alpha"], ["alpha", "beta"], [], []):
        potentials, spikes = net.step(inputs, membranePotential=True)
        shown = ", ".join(f"{k}={v}" for k, v in potentials)
        print(f"   step(inputs={inputs!s:<18}) -> spikes {spikes!s:<10} V: {shown}")
    net.write_synapse("a", "b", 5)
    print(f"   write_synapse('a', 'b', 5); read_synapse('a', 'b') = {net.read_synapse('a', 'b')}")


def _simulation_part(n: int, steps: int) -> tuple:
    print(f"\n2. A random recurrent I&F network of {n:,} neurons for {steps:,} steps (native API)")
    t0 = time.perf_counter()
    net = random_recurrent(n, seed=0)
    compiled = net.compile()
    t1 = time.perf_counter()
    sim = Simulator(compiled)
    inputs = random_inputs(compiled.n_axons, steps, seed=1)
    record = sim.run(inputs=inputs, record_potentials=[0, 1, 2])
    t2 = time.perf_counter()
    counts = record.counts()
    events = int(compiled.fanout("neuron")[record.neurons].sum()
                 + compiled.fanout("axon")[inputs[1]].sum())
    print(f"   {compiled.n_axons:,} axons, {compiled.n_neurons:,} neurons, "
          f"{compiled.n_synapses:,} synapses; build + compile {t1 - t0:.2f} s")
    print(f"   run {t2 - t1:.2f} s ({events / max(t2 - t1, 1e-9):.3g} synaptic events/s on "
          f"{sim.threads} thread(s), first run in this process)")
    print(f"   {len(record):,} spikes; per step mean {counts.mean():.0f} "
          f"({100 * counts.mean() / n:.1f} % of neurons), min {counts.min()}, max {counts.max()}")
    return compiled, inputs, record


def _mapping_part(compiled: CompiledNetwork, sheet_side: int) -> Tuple[Placement, object]:
    print(f"\n3. Mapping onto {DEMO_SPEC.n_cores} cores of {DEMO_SPEC.neurons_per_core:,} neurons: "
          "the random network, and a 2-D sheet")
    sheet = grid_network(sheet_side, seed=0).compile()
    print(f"   sheet: {sheet_side} x {sheet_side} neurons, each to its 8 neighbours, ids "
          f"shuffled ({sheet.n_synapses:,} synapses)")
    print(f"   {'method':<10} {'random: cut':>12} {'sheet: cut':>11} {'sheet: HBM rows':>16}")
    placements, sheets = {}, {}
    for method in ("metis", "contiguous", "random"):
        placements[method] = partition(compiled, DEMO_SPEC, method=method, seed=0)
        sheets[method] = partition(sheet, DEMO_SPEC, method=method, seed=0)
        print(f"   {method:<10} {cut_fraction(placements[method]):>12.3f} "
              f"{cut_fraction(sheets[method]):>11.3f} "
              f"{int(sheets[method].report.hbm_rows.sum()):>16,}")
    print("   A random network has no structure to exploit: every partition cuts most synapses."
          "\n   On the sheet METIS finds compact patches and cuts only their borders:")
    both = compare(sheets["metis"], sheets["contiguous"])
    print("\n".join("   " + line for line in str(both).splitlines()))
    print("\n   The random network's METIS mapping:")
    print("\n".join("   " + line for line in str(placements["metis"].report).splitlines()))
    return placements["metis"], both


def _hardware_part(compiled: CompiledNetwork, placement: Placement, inputs: tuple,
                   out: str, steps: int) -> object:
    from .hw import Emulator, HardwareImage, build_image

    print(f"\n4. Hardware image of the mapped network, run on the emulator for {steps} steps")
    t0 = time.perf_counter()
    image = build_image(compiled, placement)
    path = os.path.join(out, "example.cri")
    image.save(path)
    image = HardwareImage.load(path)
    t1 = time.perf_counter()
    print(f"   {image!r}; built, saved to {path} and loaded in {t1 - t0:.2f} s")
    indptr, indices = inputs
    head = (indptr[:steps + 1], indices[:indptr[steps]])
    emulated = Emulator(image).run(inputs=head)
    simulated = Simulator(compiled).run(inputs=head)
    same = (np.array_equal(emulated.times, simulated.times)
            and np.array_equal(emulated.neurons, simulated.neurons))
    print(f"   emulator {len(emulated):,} spikes in {time.perf_counter() - t1:.2f} s; "
          f"{'matches the simulator spike for spike' if same else 'DIFFERS from the simulator'}")
    if not same:
        raise SystemExit("emulator and simulator disagree")
    first = int(np.flatnonzero(compiled.output)[0])
    where = image.explain(first, compiled)
    print("\n".join("   " + line for line in str(where.where).splitlines()[:6]))
    print("\n".join("   " + line for line in where.text.splitlines()[:6]))
    return image


def _plots_part(compiled: CompiledNetwork, record: SpikeRecord, placement: Placement,
                image: object, sheets: object, out: str) -> List[str]:
    from matplotlib.figure import Figure  # not pyplot: files only, no window, no global state

    from . import plot

    figures = {
        "raster.png": lambda fig: plot.raster(
            record, fig.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": [3, 1]}),
            compiled=compiled),
        "potentials.png": lambda fig: plot.potentials(record, ax=fig.subplots(),
                                                      compiled=compiled),
        "topology.png": lambda fig: plot.topology(compiled, placement, ax=fig.subplots()),
        "mapping_occupancy.png": lambda fig: plot.occupancy(placement, fig),
        "mapping_traffic.png": lambda fig: plot.traffic(placement, ax=fig.subplots()),
        "mapping_hbm_fill.png": lambda fig: plot.hbm_fill(image, fig),
        "mapping_core_view.png": lambda fig: plot.core_view(image, 0, fig, compiled=compiled),
        "sheet_metis_vs_contiguous.png": lambda fig: sheets.plot(fig),
    }
    paths = []
    for name, draw in figures.items():
        fig = Figure(figsize=(8, 5), layout="constrained")
        draw(fig)
        path = os.path.join(out, name)
        fig.savefig(path, dpi=100)
        paths.append(path)
    return paths


def run_demo(out: str = "out", neurons: int = 10_000, steps: int = 1_000) -> None:
    """Run the demo; ``out`` receives the image and the plots (``l2s demo``, ``make demo``)."""
    os.makedirs(out, exist_ok=True)
    _docs_example_part()
    compiled, inputs, record = _simulation_part(neurons, steps)
    placement, sheets = _mapping_part(compiled, max(int(np.sqrt(neurons)), 4))
    image = _hardware_part(compiled, placement, inputs, out, min(steps, 100))
    print("\n5. Plots")
    for path in _plots_part(compiled, record, placement, image, sheets, out):
        print(f"   wrote {path}")


def main(argv: Optional[Sequence[str]] = None) -> None:
    """``l2s-demo [--out DIR] [--neurons N] [--steps N]``: :func:`run_demo` from the shell."""
    parser = argparse.ArgumentParser(prog="l2s-demo", description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="out", help="directory for the image and the plots")
    parser.add_argument("--neurons", type=int, default=10_000)
    parser.add_argument("--steps", type=int, default=1_000)
    args = parser.parse_args(argv)
    run_demo(args.out, args.neurons, args.steps)


if __name__ == "__main__":
    main()
