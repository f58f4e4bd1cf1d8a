"""
A network's topology, coloured by core
======================================

A small feed-forward network (8 inputs, two layers of 12 neurons and 4
outputs) is mapped onto a toy machine of 2 FPGAs with 2 cores of 8 neurons
each. :func:`l2s.plot.topology` draws one node per axon and neuron; with the
placement, every neuron takes the colour of the core it sits on. Left: the
neuron view; right: the population view of the same placement, where each
population is a pie of the cores its neurons occupy.
"""
import matplotlib.pyplot as plt

import l2s
from l2s import plot
from l2s.partition import HardwareSpec, partition

net = l2s.Network()
inp = net.add_axons("in", 8)
hidden1 = net.add_neurons("h1", 12, threshold=2)
hidden2 = net.add_neurons("h2", 12, threshold=2)
out = net.add_neurons("out", 4, threshold=3, output=True)
net.connect(inp, hidden1, rule="fixed_fanout", fanout=3, weight=2, seed=0)
net.connect(hidden1, hidden2, rule="fixed_fanout", fanout=2, weight=2, seed=1)
net.connect(hidden2, out, rule="fixed_fanout", fanout=1, weight=2, seed=2)
compiled = net.compile()

spec = HardwareSpec(fpgas=2, cores_per_fpga=2, neurons_per_core=8, axons_per_core=64,
                    hbm_rows_per_core=1024)
placement = partition(compiled, spec, method="metis", seed=0)

fig, (left, right) = plt.subplots(1, 2, figsize=(12, 5), layout="constrained",
                                  gridspec_kw={"width_ratios": [3, 2]})
plot.topology(compiled, placement, ax=left, view="neurons")
left.set_title("Neurons, coloured by core")
plot.topology(net, placement, ax=right, view="populations")
right.set_title("Populations as pies of cores")
print(placement.report)
