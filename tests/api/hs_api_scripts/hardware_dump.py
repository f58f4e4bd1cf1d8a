# hs_api original imports:
#   from hs_api.api import CRI_network
#   from hs_api.neuron_models import LIF_neuron
from l2s.api import CRI_network
from l2s.neuron_models import LIF_neuron

n = 40
neuron = LIF_neuron(threshold=2, shift=-16, leak=1)
axons = {f"in{i}": [(f"h{i}", 3)] for i in range(n)}
connections = {f"h{i}": ([(f"h{(i + 7) % n}", 2), ("out", 1)], neuron) for i in range(n)}
connections["out"] = ([], LIF_neuron(threshold=5, shift=-16, leak=0))
config = {"neuron_type": "LI&F", "global_neuron_params": {"v_thr": 2}}
outputs = ["out"] + [f"h{i}" for i in range(n)]

hardware = CRI_network(axons, connections, config, outputs, target="CRI", simDump=True)
software = CRI_network(axons, connections, config, outputs, target="simpleSim")

for t in range(6):
    inputs = [f"in{i}" for i in range(t, n, 5)]
    spikes, latency, hbmAcc = hardware.step(inputs, target="CRI")
    assert sorted(spikes) == sorted(software.step(inputs)), t
    assert latency > 0 and hbmAcc > 0
    print("step", t, "spikes", len(spikes), "latency", latency, "hbmAcc", hbmAcc)

spikes, latency, hbmAcc = hardware.run_cont([["in0"], [], []])
assert spikes == [(t, key) for t, key in spikes]
hardware.sim_flush("/dev/null")
RESULT = (latency, hbmAcc)
