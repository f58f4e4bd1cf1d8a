"""
Raster of an excitatory-inhibitory population model
===================================================

Two populations of leaky integrate-and-fire neurons (``LI&F``): 400
excitatory neurons driven by random input and exciting each other, and 100
inhibitory neurons that they excite and that inhibit them back. The
inhibition turns the constant drive into bursts. :func:`l2s.plot.raster`
colours every spike by its neuron's population; given a second axes it draws
each population's rate underneath. With many more spikes it would draw their
density instead of one mark each (``mode="density"``).
"""
import matplotlib.pyplot as plt
import numpy as np

import l2s
from l2s import plot

net = l2s.Network()
inp = net.add_axons("in", 50)
exc = net.add_neurons("exc", 400, threshold=40, model="LI&F", leak=4, output=True)
inh = net.add_neurons("inh", 100, threshold=24, model="LI&F", leak=3, output=True)
net.connect(inp, exc, rule="fixed_fanout", fanout=40, weight=12, seed=1)
net.connect(exc, exc, rule="fixed_fanout", fanout=20, weight=5, seed=2)
net.connect(exc, inh, rule="fixed_fanout", fanout=10, weight=6, seed=3)
net.connect(inh, exc, rule="fixed_fanout", fanout=60, weight=-12, seed=4)
compiled = net.compile()

# each input axon is active with probability 0.1 in every step
inputs = np.random.default_rng(0).random((400, compiled.n_axons)) < 0.1
record = l2s.Simulator(compiled, record="all").run(inputs=inputs)
print(record)

fig, (top, bottom) = plt.subplots(2, 1, figsize=(8, 6), sharex=True, layout="constrained",
                                  gridspec_kw={"height_ratios": [3, 1]})
drawn = plot.raster(record, (top, bottom), compiled=compiled, s=4)
top.set_title(f"Spikes by population ({drawn.mode})")
