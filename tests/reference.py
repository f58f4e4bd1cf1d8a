"""A small, deliberately naive pure-Python model of one CRI time step.

This is the test oracle: plain dicts and Python ints, no numpy, nothing
imported from ``l2s``. It follows the project's single definition of a time
step (HARDWARE.md, "Semantics of one time step") line by line, so it can be
read and checked by eye:

1. Phase one, every neuron: if ``V > threshold`` (strictly) the neuron
   fires and ``V = 0``; otherwise ``I&F`` keeps ``V``, ``LI&F`` does
   ``V = V - (V >> leak)`` (arithmetic shift, i.e. floor division by
   ``2**leak``), ``ANN`` sets ``V = 0``.
2. Phase two: for every synapse of every active axon (an axon listed ``k``
   times delivers ``k`` times) and of every neuron that fired in phase one,
   ``V[post] += weight``.
3. The step reports the fired neurons that are outputs, in the order of the
   ``connections`` dict.

In both semantics, if any neuron's ``shift`` is not -16, every neuron first
gets noise: the odd draw ``2 * (h & 0xFFFF) - 65535`` of the splitmix64 hash
``h`` of ``(seed, step, neuron index)``, shifted left by ``shift`` (``shift >=
0``) or arithmetically right by ``-shift``; ``step`` counts from 0 at
construction or ``reset()``.

With ``semantics="hs-2024"`` (hs_api's successor semantics, docs/semantics.md):

1. Every neuron with ``V >= threshold`` fires and ``V = 0``; then every
   neuron leaks, ``V = V - (V >> leak)`` (the model is not used).
2. Each *distinct* active axon delivers once; a synapse list naming the same
   target twice is one synapse with the last weight.

Examples
--------
>>> net = ReferenceNetwork({'x': [('n', 5)]}, {'n': [('m', 1)], 'm': []},
...                        threshold=4, model='I&F', outputs=['n', 'm'])
>>> net.step(['x'])
[]
>>> net.potentials()
[('n', 5), ('m', 0)]
>>> net.step([])
['n']
>>> net.potentials()
[('n', 0), ('m', 1)]
"""

__all__ = ["ReferenceNetwork", "MODELS", "WEIGHT_MIN", "WEIGHT_MAX",
           "THRESHOLD_MIN", "THRESHOLD_MAX", "SEMANTICS", "noise"]

MODELS = ("I&F", "LI&F", "ANN")
WEIGHT_MIN, WEIGHT_MAX = -(2 ** 15), 2 ** 15 - 1
THRESHOLD_MIN, THRESHOLD_MAX = -(2 ** 34), 2 ** 34 - 1
SEMANTICS = ("l2s-2022", "hs-2024")
_MASK = 2 ** 64 - 1
_GOLDEN = 0x9E3779B97F4A7C15


def _mix(z):
    """splitmix64's finaliser on a Python int in [0, 2**64)."""
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
    return z ^ (z >> 31)


def noise(seed, step, neuron, shift):
    """The noise of ``neuron`` (its index) in ``step`` for ``seed``, shifted by ``shift``.

    >>> x = noise(1, 0, 0, 0)
    >>> x % 2, -2 ** 16 < x < 2 ** 16, noise(1, 0, 0, 2) == 4 * x
    (1, True, True)
    """
    z = _mix((seed + _GOLDEN) & _MASK)
    z = _mix(z ^ ((step + _GOLDEN) & _MASK))
    z = _mix(z ^ ((neuron + _GOLDEN) & _MASK))
    x = 2 * (z & 0xFFFF) - 65535
    return x << shift if shift >= 0 else x >> -shift


def _per_neuron(value, neurons, name):
    """Expand a scalar or a {neuron key: value} dict to a dict over ``neurons``."""
    if isinstance(value, dict):
        missing = [k for k in neurons if k not in value]
        if missing:
            raise KeyError("%s missing for neurons %r" % (name, missing))
        return {k: value[k] for k in neurons}
    return {k: value for k in neurons}


class ReferenceNetwork:
    """Reference simulator for L2S ``axons``/``connections`` dicts.

    Parameters
    ----------
    axons : dict
        ``{axon_key: [(post_neuron_key, weight), ...]}``.
    connections : dict
        ``{neuron_key: [(post_neuron_key, weight), ...]}``; its key order is
        the order of neurons in every result.
    threshold, model, leak, shift
        A single value for every neuron, or a dict keyed by neuron.
    outputs : iterable
        Neuron keys whose spikes ``step`` reports.
    semantics : {"l2s-2022", "hs-2024"}
    seed : int
        Seed of the noise (used when some shift is not -16).
    """

    def __init__(self, axons, connections, threshold, model, leak=3, outputs=(),
                 semantics="l2s-2022", shift=-16, seed=0):
        if semantics not in SEMANTICS:
            raise ValueError("unknown semantics %r" % (semantics,))
        self.semantics = semantics
        self.seed = seed
        self.t = 0
        self.neurons = list(connections)
        neuron_set = set(self.neurons)
        clash = [k for k in axons if k in neuron_set]
        if clash:
            raise ValueError("keys used both as axon and neuron: %r" % (clash,))
        # Synapse lists are copied as lists of [post, weight] so that
        # write_synapse can change weights without touching the caller's dicts.
        self.synapses = {}
        for pre, syns in list(axons.items()) + list(connections.items()):
            lst = []
            for post, weight in syns:
                if post not in neuron_set:
                    raise KeyError("synapse %r -> %r targets an unknown neuron" % (pre, post))
                lst.append([post, self._check_weight(weight)])
            if semantics == "hs-2024":  # one synapse per target, the last weight
                last = {}
                for post, weight in lst:
                    last[post] = weight
                lst = [[post, weight] for post, weight in last.items()]
            self.synapses[pre] = lst
        self.axons = set(axons)
        self.threshold = _per_neuron(threshold, self.neurons, "threshold")
        self.model = _per_neuron(model, self.neurons, "model")
        self.leak = _per_neuron(leak, self.neurons, "leak")
        self.shift = _per_neuron(shift, self.neurons, "shift")
        for k in self.neurons:
            if self.model[k] not in MODELS:
                raise ValueError("unknown model %r for neuron %r" % (self.model[k], k))
            if not THRESHOLD_MIN <= self.threshold[k] <= THRESHOLD_MAX:
                raise ValueError("threshold %r of neuron %r out of range"
                                 % (self.threshold[k], k))
            if self.leak[k] < 0:
                raise ValueError("negative leak for neuron %r" % (k,))
        self.outputs = set(outputs)
        unknown = [k for k in self.outputs if k not in neuron_set]
        if unknown:
            raise KeyError("outputs %r are not neurons" % (unknown,))
        self.V = {k: 0 for k in self.neurons}

    @staticmethod
    def _check_weight(weight):
        if not WEIGHT_MIN <= weight <= WEIGHT_MAX:
            raise ValueError("weight %r outside int16" % (weight,))
        return int(weight)

    def step(self, inputs):
        """Run one time step; return the fired output keys in connections order."""
        for a in inputs:
            if a not in self.axons:
                raise KeyError("unknown axon %r" % (a,))
        if any(self.shift[k] != -16 for k in self.neurons):
            for i, k in enumerate(self.neurons):
                self.V[k] += noise(self.seed, self.t, i, self.shift[k])
        if self.semantics == "hs-2024":
            return self._step_hs(inputs)
        # Phase one.
        fired = []
        for k in self.neurons:
            v = self.V[k]
            if v > self.threshold[k]:
                fired.append(k)
                self.V[k] = 0
            elif self.model[k] == "I&F":
                pass
            elif self.model[k] == "LI&F":
                self.V[k] = v - (v >> self.leak[k])
            else:  # ANN
                self.V[k] = 0
        # Phase two.
        for pre in list(inputs) + fired:
            for post, weight in self.synapses[pre]:
                self.V[post] += weight
        self.t += 1
        return [k for k in fired if k in self.outputs]

    def _step_hs(self, inputs):
        """One step of the hs-2024 semantics (after the noise)."""
        fired = []
        for k in self.neurons:
            if self.V[k] >= self.threshold[k]:
                fired.append(k)
                self.V[k] = 0
            v = self.V[k]
            self.V[k] = v - (v >> self.leak[k])
        distinct = []
        for a in inputs:
            if a not in distinct:
                distinct.append(a)
        for pre in distinct + fired:
            for post, weight in self.synapses[pre]:
                self.V[post] += weight
        self.t += 1
        return [k for k in fired if k in self.outputs]

    def reset(self):
        """Set every potential and the step counter to 0."""
        self.V = {k: 0 for k in self.neurons}
        self.t = 0

    def potentials(self):
        """Return ``[(neuron_key, V), ...]`` in connections order."""
        return [(k, self.V[k]) for k in self.neurons]

    def write_synapse(self, pre, post, weight):
        """Set the weight of every ``pre -> post`` synapse."""
        weight = self._check_weight(weight)
        found = False
        for syn in self.synapses[pre]:
            if syn[0] == post:
                syn[1] = weight
                found = True
        if not found:
            raise KeyError("no synapse %r -> %r" % (pre, post))

    def read_synapse(self, pre, post):
        """Return the weights of every ``pre -> post`` synapse, in list order."""
        return [w for p, w in self.synapses[pre] if p == post]
