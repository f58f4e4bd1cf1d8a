"""
Mapping: occupancy and traffic of every core
============================================

A random recurrent network of 3,000 neurons (``l2s.examples.random_recurrent``)
is simulated, and its firing rates let METIS place it onto 2 FPGAs x 4 cores
of 512 neurons while keeping the spike traffic between cores low.
:func:`l2s.plot.occupancy` shows what each core holds against its capacity
(dashed red): neurons, axon slots (input axons plus the relay axons that
receive spikes from other cores) and HBM synapse rows, with the lower bound
no column assignment can beat (black ticks). :func:`l2s.plot.traffic` shows
the expected spike messages per step between cores; white lines separate
the FPGAs.
"""
import matplotlib.pyplot as plt
import numpy as np

import l2s
from l2s import plot
from l2s.examples import random_inputs, random_recurrent
from l2s.partition import HardwareSpec, partition

compiled = random_recurrent(3000, fanout=20, seed=0).compile()
record = l2s.Simulator(compiled, record="all").run(
    inputs=random_inputs(compiled.n_axons, 200, seed=1))
rates = np.bincount(record.neurons, minlength=compiled.n_neurons) / record.n_steps

spec = HardwareSpec(fpgas=2, cores_per_fpga=4, neurons_per_core=512, axons_per_core=4096,
                    hbm_rows_per_core=16384)
placement = partition(compiled, spec, method="metis", seed=0, rates=rates)
print(placement.report)

fig = plt.figure(figsize=(9, 6), layout="constrained")
plot.occupancy(placement, fig)

fig, ax = plt.subplots(figsize=(6.5, 5), layout="constrained")
plot.traffic(placement, ax, kind="spikes")
ax.set_title("Expected spike messages per step, core to core")
