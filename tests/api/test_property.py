"""Property tests: the ``CRI_network`` facade against the reference model.

Random small networks (``tests/strategies.py``) and random input sequences
are run step by step on both ``CRI_network`` and ``ReferenceNetwork``
(``tests/reference.py``); every step's output spikes and every membrane
potential must be equal. The number of examples comes from the hypothesis
profile in ``tests/conftest.py``.
"""
import pickle

from hypothesis import assume, given
from hypothesis import strategies as st

from l2s.api import CRI_network
from tests.reference import ReferenceNetwork
from tests.strategies import (input_sequences, l2s_networks, networks_and_inputs,
                              reference_args, weights)


def build(net):
    return (CRI_network(axons=net["axons"], connections=net["connections"],
                        config=net["config"], outputs=net["outputs"]),
            ReferenceNetwork(**reference_args(net)))


def step_both(cri, ref, inputs, with_potentials, n):
    expected_spikes = ref.step(inputs)
    if with_potentials:
        potentials, spikes = cri.step(list(inputs), membranePotential=True)
        assert (n, list(potentials)) == (n, ref.potentials()), "potentials, step %d" % n
        assert all(type(v) is int for _, v in potentials)
    else:
        spikes = cri.step(list(inputs))
    assert (n, list(spikes)) == (n, expected_spikes), "spikes, step %d" % n


@given(networks_and_inputs())
def test_step_matches_reference(case):
    net, inputs = case
    cri, ref = build(net)
    for n, step_inputs in enumerate(inputs, start=1):
        step_both(cri, ref, step_inputs, True, n)


@given(networks_and_inputs(), st.data())
def test_step_with_and_without_potentials_agree(case, data):
    # Asking for potentials or not must not change the dynamics.
    net, inputs = case
    cri, ref = build(net)
    for n, step_inputs in enumerate(inputs, start=1):
        step_both(cri, ref, step_inputs, data.draw(st.booleans()), n)
    step_both(cri, ref, [], True, len(inputs) + 1)


@given(networks_and_inputs(), st.data())
def test_step_with_equal_copies_of_the_keys_matches_reference(case, data):
    # step() finds input keys by identity first; a key that only equals an
    # axon key (here a pickled copy, a new object except for cached ones)
    # must give the same step, in any mix with the keys themselves.
    net, inputs = case
    cri, ref = build(net)
    for n, step_inputs in enumerate(inputs, start=1):
        copied = [pickle.loads(pickle.dumps(k)) if data.draw(st.booleans()) else k
                  for k in step_inputs]
        form = data.draw(st.sampled_from([list, tuple, iter]))
        assert (n, list(cri.step(form(copied)))) == (n, ref.step(step_inputs))


@given(networks_and_inputs(), st.data())
def test_run_cont_matches_reference(case, data):
    net, inputs = case
    cri, ref = build(net)
    # Split the sequence into two run_cont calls; state carries over and
    # step indices restart at 0 in each call.
    cut = data.draw(st.integers(min_value=0, max_value=len(inputs)))
    for part in (inputs[:cut], inputs[cut:]):
        expected = [(i, k) for i, step_inputs in enumerate(part)
                    for k in ref.step(step_inputs)]
        assert list(cri.run_cont([list(s) for s in part])) == expected
    step_both(cri, ref, [], True, len(inputs) + 1)


def _synapse_pairs(net):
    """Existing (pre, post) pairs, each once, in a deterministic order."""
    pairs = []
    for pre, syns in list(net["axons"].items()) + list(net["connections"].items()):
        for post, _ in syns:
            if (pre, post) not in pairs:
                pairs.append((pre, post))
    return pairs


@given(l2s_networks(), st.data())
def test_interleaved_write_synapse_matches_reference(net, data):
    pairs = _synapse_pairs(net)
    assume(pairs)
    cri, ref = build(net)
    axon_keys = list(net["axons"])
    step_inputs = input_sequences(axon_keys, max_steps=1).map(lambda s: s[0])
    n_actions = data.draw(st.integers(min_value=1, max_value=14), label="actions")
    n = 0
    for _ in range(n_actions):
        kind = data.draw(st.sampled_from(["step", "step", "write", "write_list", "read"]))
        if kind == "step":
            n += 1
            step_both(cri, ref, data.draw(step_inputs, label="inputs"), True, n)
        elif kind == "write":
            pre, post = data.draw(st.sampled_from(pairs), label="synapse")
            w = data.draw(weights, label="weight")
            cri.write_synapse(pre, post, w)
            ref.write_synapse(pre, post, w)
            # Every pre -> post synapse now has weight w, duplicates included.
            assert cri.read_synapse(pre, post) == w
        elif kind == "write_list":
            chosen = data.draw(st.lists(st.sampled_from(pairs), min_size=1, max_size=4,
                                        unique=True), label="synapses")
            ws = data.draw(st.lists(weights, min_size=len(chosen), max_size=len(chosen)),
                           label="weights")
            cri.write_listofSynapses([p for p, _ in chosen], [q for _, q in chosen], ws)
            for (pre, post), w in zip(chosen, ws):
                ref.write_synapse(pre, post, w)
            for (pre, post), w in zip(chosen, ws):
                assert cri.read_synapse(pre, post) == w
        else:
            # Reading is only well defined where all pre -> post weights agree.
            pre, post = data.draw(st.sampled_from(pairs), label="read")
            ws = set(ref.read_synapse(pre, post))
            if len(ws) == 1:
                assert cri.read_synapse(pre, post) == ws.pop()
    step_both(cri, ref, axon_keys, True, n + 1)
    step_both(cri, ref, [], True, n + 2)


@given(networks_and_inputs())
def test_constructor_does_not_depend_on_callers_dicts(case):
    # Mutating the caller's dicts after construction must not change the network.
    net, inputs = case
    cri, ref = build(net)
    for syns in list(net["axons"].values()) + list(net["connections"].values()):
        syns[:] = [(post, 1) for post, _ in syns]
    net["config"]["global_neuron_params"]["v_thr"] = 0
    net["outputs"][:] = []
    for n, step_inputs in enumerate(inputs, start=1):
        step_both(cri, ref, step_inputs, True, n)
