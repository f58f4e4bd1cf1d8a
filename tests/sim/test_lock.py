"""Threads stepping one Simulator or CRI_network get the result of some serial order."""
import threading

import l2s
from l2s.api import CRI_network


def _counter_network():
    """One neuron fed +1 by an always-active axon: its potential counts the steps."""
    net = l2s.Network()
    inp = net.add_axons("in", 1)
    n = net.add_neurons("n", 1, threshold=10 ** 9, output=True)
    net.connect(inp, n, pre=[0], post=[0], weight=1)
    return net.compile()


def _hammer(call, threads=4, calls=150):
    workers = [threading.Thread(target=lambda: [call() for _ in range(calls)])
               for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return threads * calls


def test_threads_stepping_one_simulator_lose_no_step():
    sim = l2s.Simulator(_counter_network(), threads=1)
    total = _hammer(lambda: sim.step([0]))
    assert sim.t == total and sim.potentials.tolist() == [total]


def test_threads_stepping_one_cri_network_lose_no_step():
    net = CRI_network(axons={"a": [("n", 1)]}, connections={"n": []},
                      config={"neuron_type": "I&F", "global_neuron_params": {"v_thr": 10 ** 9}},
                      outputs=["n"])
    total = _hammer(lambda: net.step(["a"]))
    assert net.step([], membranePotential=True)[0] == [("n", total)]


def test_a_network_instead_of_its_compiled_form_is_refused():
    import pytest
    with pytest.raises(l2s.InvalidTypeError, match="compiled must be a CompiledNetwork"):
        l2s.Simulator(l2s.Network())
