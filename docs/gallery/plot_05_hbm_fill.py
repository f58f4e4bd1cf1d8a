"""
The HBM fill of a hardware image
================================

:func:`l2s.hw.build_image` lowers a placed network to the exact words every
core's HBM and URAM hold. :func:`l2s.plot.hbm_fill` shows, per core, the rows
used in each HBM region (axon pointers, neuron pointers, synapse rows; log
scale, capacities dashed) and how many of the synapse rows' 32-bit words hold
a synapse, route or spike-out word: the rest are slots the column rule had
to leave empty. The emulator runs the image and must reproduce the
simulator's spikes exactly, which is checked here too.
"""
import matplotlib.pyplot as plt
import numpy as np

import l2s
from l2s import plot
from l2s.examples import random_inputs, random_recurrent
from l2s.hw import Emulator, build_image
from l2s.partition import HardwareSpec, partition

compiled = random_recurrent(2000, fanout=30, seed=3).compile()
spec = HardwareSpec(fpgas=1, cores_per_fpga=6, neurons_per_core=400, axons_per_core=4096,
                    hbm_rows_per_core=65536)
placement = partition(compiled, spec, method="metis", seed=0)
image = build_image(compiled, placement)
print(image)

inputs = random_inputs(compiled.n_axons, 20, seed=4)
emulated = Emulator(image).run(inputs=inputs)
simulated = l2s.Simulator(compiled).run(inputs=inputs)
assert np.array_equal(emulated.neurons, simulated.neurons)
assert np.array_equal(emulated.times, simulated.times)
print(f"emulator == simulator: {len(emulated)} spikes in 20 steps")

fig = plt.figure(figsize=(9, 6), layout="constrained")
plot.hbm_fill(image, fig)
