"""Hypothesis strategies for small random L2S networks and their inputs.

``l2s_networks()`` draws the four arguments of ``CRI_network``::

    {'axons': {axon_key: [(neuron_key, weight), ...]},
     'connections': {neuron_key: [(neuron_key, weight), ...]},
     'outputs': [neuron_key, ...],
     'config': {'neuron_type': 'I&F' | 'LI&F' | 'ANN',
                'global_neuron_params': {'v_thr': T[, 'leak': L]}}}

The draws cover what tends to break a name-translating layer or a
vectorised simulator: keys that mix ``str`` and ``int`` (ints in any order,
negative ints, so they cannot be mistaken for indices), duplicate synapses
(the same pre -> post pair listed twice), self-loops, negative weights and
the int16 extremes, empty synapse lists, thresholds that are zero or
negative (and occasionally the 35-bit extremes), outputs in any order.
Axon and neuron keys are disjoint, as the original L2S requires.

``input_sequences(axon_keys)`` draws a list of steps, each a list of axon
keys with repeats allowed; ``networks_and_inputs()`` draws both together.
"""
from hypothesis import strategies as st

__all__ = ["keys", "weights", "thresholds", "leaks", "l2s_networks",
           "input_sequences", "networks_and_inputs", "reference_args"]

MODELS = ("I&F", "LI&F", "ANN")

#: A key is a short string or an int (negative ints and ints that are not
#: 0..n-1 on purpose). No bools: ``True == 1`` would collide with ints.
keys = st.one_of(
    st.integers(min_value=-5, max_value=40),
    st.text(alphabet="abcxyz_", min_size=1, max_size=3),
)

#: Mostly small weights so that neurons do fire; sometimes anything int16.
weights = st.one_of(
    st.integers(min_value=-6, max_value=10),
    st.sampled_from([-(2 ** 15), 2 ** 15 - 1, -1, 0, 1]),
    st.integers(min_value=-(2 ** 15), max_value=2 ** 15 - 1),
)

#: Mostly small thresholds (including 0 and negatives); sometimes the extremes.
thresholds = st.one_of(
    st.integers(min_value=-3, max_value=12),
    st.sampled_from([-(2 ** 34), 2 ** 34 - 1, -1, 0]),
    st.integers(min_value=-(2 ** 34), max_value=2 ** 34 - 1),
)

#: LI&F leak shifts: mostly small (0 clears V every step), sometimes large.
leaks = st.one_of(st.integers(min_value=0, max_value=8), st.sampled_from([16, 34, 63]))


@st.composite
def l2s_networks(draw, max_axons=5, max_neurons=8, max_fanout=5):
    """Draw a small L2S network: dict with axons, connections, outputs, config."""
    n_axons = draw(st.integers(min_value=1, max_value=max_axons))
    n_neurons = draw(st.integers(min_value=1, max_value=max_neurons))
    all_keys = draw(st.lists(keys, min_size=n_axons + n_neurons,
                             max_size=n_axons + n_neurons, unique=True))
    axon_keys, neuron_keys = all_keys[:n_axons], all_keys[n_axons:]

    # Synapse lists may be empty and may repeat a target (duplicate synapses).
    synapse_lists = st.lists(st.tuples(st.sampled_from(neuron_keys), weights),
                             min_size=0, max_size=max_fanout)
    axons = {a: draw(synapse_lists) for a in axon_keys}
    connections = {n: draw(synapse_lists) for n in neuron_keys}
    # Force a duplicate synapse now and then, so every run sees some.
    if draw(st.booleans()):
        pre = draw(st.sampled_from(axon_keys + neuron_keys))
        syns = axons[pre] if pre in axons else connections[pre]
        post = draw(st.sampled_from(neuron_keys))
        syns.extend([(post, draw(weights)), (post, draw(weights))])

    outputs = draw(st.lists(st.sampled_from(neuron_keys), unique=True,
                            max_size=n_neurons))
    model = draw(st.sampled_from(MODELS))
    params = {"v_thr": draw(thresholds)}
    if model == "LI&F" and draw(st.booleans()):
        params["leak"] = draw(leaks)
    config = {"neuron_type": model, "global_neuron_params": params}
    return {"axons": axons, "connections": connections, "outputs": outputs,
            "config": config}


def input_sequences(axon_keys, max_steps=10, max_per_step=6):
    """Lists of steps; each step a list of axon keys, repeats and empties allowed."""
    return st.lists(
        st.lists(st.sampled_from(list(axon_keys)), min_size=0, max_size=max_per_step),
        min_size=1, max_size=max_steps)


@st.composite
def networks_and_inputs(draw, max_steps=10):
    """Draw ``(network dict, input sequence)`` for that network's axons."""
    net = draw(l2s_networks())
    return net, draw(input_sequences(list(net["axons"]), max_steps=max_steps))


def reference_args(net):
    """Keyword arguments of ``ReferenceNetwork`` for a drawn network dict."""
    params = net["config"]["global_neuron_params"]
    return {
        "axons": net["axons"],
        "connections": net["connections"],
        "threshold": params["v_thr"],
        "model": net["config"]["neuron_type"],
        "leak": params.get("leak", 3),
        "outputs": net["outputs"],
    }
