# hs_api original imports:
#   from hs_api.api import *
#   from hs_api.neuron_models import LIF_neuron
from l2s.api import *
from l2s.neuron_models import LIF_neuron

axons = {"in": [("n0", 1)]}
connections = {f"n{i}": ([(f"n{(i + 1) % 8}", 2)], LIF_neuron(1000, -16, 3)) for i in range(8)}
config = {"neuron_type": "I&F", "global_neuron_params": {"v_thr": 1000}}
outputs = list(connections)

for bad in (-1, 36, 2.5, "16"):
    try:
        CRI_network(axons, connections, config, outputs, perturbMag=bad)
    except perturbMagError as e:
        assert e.args == ("bad perturbMag",)
    else:
        raise AssertionError(f"perturbMag={bad!r} was accepted")

quiet = CRI_network(axons, connections, config, outputs, perturbMag=0, seed=3)
for _ in range(20):
    potential, spikes = quiet.step([], membranePotential=True)
assert all(v == 0 for _, v in potential), "perturbMag 0 (shift -16 everywhere): no noise"

noisy = CRI_network(axons, connections, config, outputs, perturbMag=0, seed=3)
noisy.set_perturbMag(26)  # shift 10: draws of up to 2**26, far over the threshold
fired = set()
for _ in range(5):
    fired.update(noisy.step([]))
assert fired, "noise of magnitude 2**26 fires neurons of threshold 1000"
try:
    noisy.set_perturbMag(40)
except perturbMagError as e:
    assert e.args == ("bad perturbMag",) and "[0, 35]" in str(e)
RESULT = sorted(fired)
