"""Fixtures of the graph tests."""
import pytest

from l2s import Network


@pytest.fixture
def pops():
    net = Network()
    return net, net.add_axons("in", 3), net.add_neurons("exc", 4, threshold=1)
