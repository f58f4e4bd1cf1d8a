"""``CRI_network`` on the hardware targets against the default (simulator) target.

``target='emulator'`` and ``target='CRI', simDump=True`` must give, step by
step, the spikes and potentials of the default target, also across
``run_cont`` and interleaved ``write_synapse`` / ``read_synapse`` calls.
"""
import warnings

from hypothesis import given
from hypothesis import strategies as st

from l2s.api import CRI_network
from l2s.errors import PotentialOverflowWarning
from tests.strategies import networks_and_inputs

HARDWARE = [dict(target="emulator"), dict(target="CRI", simDump=True)]


def pair(net, **kwargs):
    args = dict(axons=net["axons"], connections=net["connections"], config=net["config"],
                outputs=net["outputs"])
    return CRI_network(**args), CRI_network(**args, **kwargs)


def synapse_pairs(net):
    return list(dict.fromkeys((pre, post) for pre, syns in
                              list(net["axons"].items()) + list(net["connections"].items())
                              for post, _ in syns))


@given(networks_and_inputs(), st.sampled_from(HARDWARE), st.data())
def test_step_by_step(case, kwargs, data):
    net, inputs = case
    default, hardware = pair(net, **kwargs)
    pairs = synapse_pairs(net)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PotentialOverflowWarning)
        for n, step in enumerate(inputs):
            with_v = data.draw(st.booleans())
            assert (n, hardware.step(step, membranePotential=with_v)) == (
                n, default.step(step, membranePotential=with_v))
            if pairs and data.draw(st.booleans()):
                pre, post = data.draw(st.sampled_from(pairs))
                weight = data.draw(st.integers(-(2 ** 15), 2 ** 15 - 1))
                default.write_synapse(pre, post, weight)
                hardware.write_synapse(pre, post, weight)
            for pre, post in pairs:
                assert hardware.read_synapse(pre, post) == default.read_synapse(pre, post)
        assert hardware.run_cont(inputs) == default.run_cont(inputs)
        assert hardware.step([], membranePotential=True) == default.step([],
                                                                         membranePotential=True)
