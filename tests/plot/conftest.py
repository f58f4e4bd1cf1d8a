"""Plot tests draw off-screen (Agg) and close every pyplot figure they open."""
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402  (after selecting the backend)
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

import l2s  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture
def ax():
    """Axes of a figure that is not managed by pyplot."""
    return Figure(figsize=(6.4, 4.8)).subplots()


@pytest.fixture(scope="session")
def two_populations():
    """A small run: 2 axon populations, 'exc' (40) and 'inh' (10), every spike recorded."""
    net = l2s.Network()
    inp = net.add_axons("in", 8)
    bias = net.add_axons("bias", 2)
    exc = net.add_neurons("exc", 40, threshold=3, output=True)
    inh = net.add_neurons("inh", 10, threshold=np.arange(2, 12), model="LI&F")
    net.connect(inp, exc, rule="fixed_fanout", fanout=6, weight=2, seed=1)
    net.connect(bias, inh, rule="all_to_all", weight=1)
    net.connect(exc, inh, rule="fixed_fanout", fanout=3, weight=2, seed=2)
    net.connect(inh, exc, rule="fixed_fanout", fanout=5, weight=-3, seed=3)
    net.connect(exc, exc, rule="fixed_fanout", fanout=2, weight=1, seed=4)
    compiled = net.compile()
    rng = np.random.default_rng(5)
    inputs = rng.random((60, compiled.n_axons)) < 0.3
    record = l2s.Simulator(compiled, record="all").run(
        inputs=inputs, record_potentials=[0, 5, 41, 49])
    assert len(record) > 50  # the tests below need spikes of both populations
    return net, compiled, record


@pytest.fixture(scope="session")
def placed(two_populations):
    """The two-population network mapped onto 2 FPGAs x 2 cores of 16 neurons."""
    from l2s.partition import HardwareSpec, partition

    _, compiled, _ = two_populations
    spec = HardwareSpec(fpgas=2, cores_per_fpga=2, neurons_per_core=16, axons_per_core=64,
                        hbm_rows_per_core=512)
    return partition(compiled, spec, method="metis", seed=0)
