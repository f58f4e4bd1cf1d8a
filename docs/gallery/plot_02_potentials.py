"""
Membrane potentials and thresholds
==================================

Three neuron models receive the same input: one axon, active in every third
step, with a synapse of weight 10 onto each. ``I&F`` keeps its potential
between steps, ``LI&F`` loses ``V >> leak`` every step and ``ANN`` forgets
everything at each step. Their thresholds differ, so
:func:`l2s.plot.potentials` draws one dashed threshold per neuron in the
colour of its trace. A neuron fires in the step after its potential ends a
step *above* its threshold, and restarts from zero.
"""
import matplotlib.pyplot as plt
import numpy as np

import l2s
from l2s import plot

net = l2s.Network()
drive = net.add_axons("drive", 1)
models = {"I&F": 35, "LI&F": 16, "ANN": 5}
for name, threshold in models.items():
    pop = net.add_neurons(name, 1, threshold=threshold, model=name, leak=2, output=True)
    net.connect(drive, pop, pre=[0], post=[0], weight=10)
compiled = net.compile()

steps = 40
inputs = [[0] if t % 3 == 0 else [] for t in range(steps)]
record = l2s.Simulator(compiled, record="all").run(inputs=inputs, record_potentials=[0, 1, 2])

fig, ax = plt.subplots(figsize=(8, 4), layout="constrained")
drawn = plot.potentials(record, ax=ax, compiled=compiled)
for line, name in zip(drawn.traces, models):
    line.set_label(name)
ax.legend(loc="upper left", bbox_to_anchor=(1, 1))
ax.set_title("One input every third step, three neuron models")
print("spikes (step, neuron):", list(zip(record.times.tolist(), record.neurons.tolist())))
