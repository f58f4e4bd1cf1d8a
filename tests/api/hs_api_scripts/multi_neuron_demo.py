# hs_api original imports:
#   from hs_api.api import CRI_network
#   from hs_api.neuron_models import LIF_neuron, ANN_neuron
from l2s.api import CRI_network
from l2s.neuron_models import LIF_neuron, ANN_neuron

lif = LIF_neuron(threshold=6, shift=-16, leak=2)
relu = ANN_neuron(threshold=1, shift=-16)

axons = {"alpha": [("a", 3), ("b", 2)], "beta": [("c", 4)]}
connections = {
    "a": ([("b", 1), ("c", 2)], lif),
    "b": ([("d", 5)], lif),
    "c": ([("d", 1), ("d", 3)], relu),  # hs_api keeps the last weight of a repeated target
    "d": ([], lif),
}
config = {"neuron_type": "I&F", "global_neuron_params": {"v_thr": 9}}
outputs = ["a", "b", "c", "d"]

network = CRI_network(axons=axons, connections=connections, config=config, outputs=outputs,
                      target="simpleSim")

inputs = [["alpha"], ["alpha", "alpha"], ["beta"], [], ["alpha", "beta"], []]
history = []
for i, step_inputs in enumerate(inputs):
    potential, spikes = network.step(step_inputs, target="simpleSim", membranePotential=True)
    print("timestep", i, "spikes", spikes, "potentials", potential)
    history.append((spikes, potential))

# hs_api resets the simulator this way between samples
network.simpleSim.initialize_sim_vars(len(connections))
again = [network.step(s, target="simpleSim", membranePotential=True) for s in inputs]
assert [(s, p) for p, s in again] == history, "a reset network repeats itself"
assert history[0] == ([], [("a", 3), ("b", 2), ("c", 0), ("d", 0)])
assert history[1][1][0] == ("a", 6)   # 3 leaks to 3 - (3 >> 2) = 3; alpha (listed twice) once: 6
assert history[2][0] == ["a"]         # 6 >= 6 fires
assert history[3][1][3] == ("d", 3)   # c fired into d with the last weight, 3 (not 1 + 3)
RESULT = history
