"""
A 2-D sheet: METIS placement against contiguous and random
==========================================================

A 40 x 40 sheet of neurons, each connected to its 8 neighbours
(``l2s.examples.grid_network``), with the neuron ids shuffled as they would
be after any real construction. It is placed onto 16 cores three ways:

- ``"contiguous"`` fills core 0 with neurons 0-99, core 1 with 100-199, ...:
  with shuffled ids, every core holds neurons from all over the sheet;
- ``"random"`` scatters the neurons over the cores;
- ``"metis"`` partitions the synapse graph and finds compact patches, so only
  the synapses along patch borders cross cores.

The top row shows the sheet with each neuron coloured by its core; the
bottom row the core-by-core synapse matrices (:func:`l2s.plot.traffic`,
core-local synapses on the diagonal). Every synapse that leaves its core
needs a relay axon and a message per spike on the hardware.
"""
import matplotlib.pyplot as plt
import numpy as np

from l2s import plot
from l2s.examples import grid_network
from l2s.partition import HardwareSpec, cut_fraction, partition

side = 40
net = grid_network(side, seed=0)
compiled = net.compile()
spec = HardwareSpec(fpgas=1, cores_per_fpga=16, neurons_per_core=128)

# grid_network numbers cell (x, y) = divmod(cell, side) with a seeded permutation:
cell_of_id = np.random.default_rng(0).permutation(side * side)

fig, axes = plt.subplots(2, 3, figsize=(13, 8.5), layout="constrained",
                         gridspec_kw={"height_ratios": [1, 1]})
for column, method in enumerate(("contiguous", "random", "metis")):
    placement = partition(compiled, spec, method=method, seed=0)
    cut = cut_fraction(placement)
    sheet = np.empty(side * side, dtype=int)
    sheet[cell_of_id] = placement.core
    top, bottom = axes[:, column]
    top.imshow(sheet.reshape(side, side), cmap="tab20", vmin=0, vmax=19,
               interpolation="nearest")
    top.set_title(f"{method}: {100 * cut:.1f} % of synapses cut")
    top.set_xticks([])
    top.set_yticks([])
    plot.traffic(placement, bottom, log=True, annotate=False)
    bottom.set_title(f"{method}: synapses between cores")
    print(f"{method:<10} cut fraction {cut:.3f}, "
          f"HBM rows {int(placement.report.hbm_rows.sum()):,}")
