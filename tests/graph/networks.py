"""Networks and helpers shared by the graph tests."""
from l2s import Network

__all__ = ["ARRAY_FIELDS", "as_lists", "row", "small_network", "mixed_network"]


ARRAY_FIELDS = ("axon_indptr", "axon_indices", "axon_weights", "neuron_indptr",
                "neuron_indices", "neuron_weights", "threshold", "model", "leak", "output")


def as_lists(proj):
    """``(pre, post, weight)`` of a projection as lists."""
    return proj.pre.tolist(), proj.post.tolist(), proj.weight.tolist()


def row(compiled, source, i):
    """(targets, weights) of axon or neuron ``i`` as lists, in CSR order."""
    indptr, indices, weights = compiled.csr(source)
    lo, hi = int(indptr[i]), int(indptr[i + 1])
    return indices[lo:hi].tolist(), weights[lo:hi].tolist()


def small_network():
    """Two keyed axons, 3 LI&F and 2 keyed ANN output neurons, a projection of every kind."""
    net = Network()
    inp = net.add_axons("in", keys=["x", "y"])
    exc = net.add_neurons("exc", 3, threshold=[1, 2, 3], model="LI&F", leak=[1, 2, 3])
    inh = net.add_neurons("inh", 2, threshold=-5, model="ANN", output=True, keys=["i0", "i1"])
    net.connect(inp, exc, pre=[1, 0, 1], post=[2, 0, 0], weight=[5, -3, 7])
    net.connect(exc, inh, rule="all_to_all", weight=2)
    net.connect(inh, exc, pre=[0], post=[1], weight=[-32768])
    net.connect(exc, exc, pre=[2], post=[2], weight=[32767])
    return net


def mixed_network():
    """Implicit, explicit and mixed keys, with empty axon and neuron populations between."""
    net = Network()
    net.add_axons("ax", 3)
    net.add_axons("empty_axons", 0)
    net.add_axons("named", keys=["alpha", 5, ("t", 1)])
    net.add_neurons("n0", keys=[-1, "b", (1, 2)], threshold=0)
    net.add_neurons("void", 0, threshold=0)
    net.add_neurons("n1", 4, threshold=0)
    net.add_neurons("n2", keys=["z"], threshold=0)
    return net
