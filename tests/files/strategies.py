"""Hypothesis strategies for the file tests: native networks with awkward keys, records."""
import numpy as np
from hypothesis import strategies as st

import l2s
from l2s.graph.models import HS_2024, SEMANTICS, SHIFT_MAX, SHIFT_MIN, THRESHOLD_MAX, THRESHOLD_MIN

__all__ = ["keys", "networks", "records", "same_value"]

_scalars = st.one_of(st.text(max_size=4), st.integers(-2 ** 70, 2 ** 70), st.booleans(),
                     st.none(), st.floats(allow_nan=True, allow_infinity=True))
#: Keys of every savable type: str (unicode), int, bool, None, float, nested tuples.
keys = st.recursive(_scalars, lambda inner: st.tuples(inner, inner) | st.tuples(inner),
                    max_leaves=4)


def same_value(a, b):
    """Equal with the same types all the way down (repr tells 1, 1.0 and True apart)."""
    return type(a) is type(b) and repr(a) == repr(b)


@st.composite
def networks(draw, max_populations=4, max_size=6):
    """A Network of axon and neuron populations, keyed or not, with projections."""
    net = l2s.Network(semantics=draw(st.sampled_from(SEMANTICS)))
    if draw(st.booleans()):
        net.graph.graph["label"] = draw(st.sampled_from(["cri", ("hw", 2), {"x": [1.5]}]))
    lowest_model = 1 if net.semantics == HS_2024 else 0  # hs-2024 has no I&F
    n_pops = draw(st.integers(1, max_populations))
    all_keys = iter(draw(st.lists(keys, min_size=n_pops * max_size, max_size=n_pops * max_size,
                                  unique_by=repr)))
    neuron_pops = []
    for i in range(n_pops):
        size = draw(st.integers(0, max_size))
        member_keys = [next(all_keys) for _ in range(size)] if draw(st.booleans()) else None
        name = draw(st.sampled_from(["p", "ü", "a/b", "x y"])) + str(i)
        if i == 0 or draw(st.booleans()):
            net.add_axons(name, size, keys=member_keys)
        else:
            ints = st.lists(st.integers(THRESHOLD_MIN, THRESHOLD_MAX), min_size=size,
                            max_size=size)
            neuron_pops.append(net.add_neurons(
                name, size, keys=member_keys, threshold=draw(ints),
                model=draw(st.lists(st.integers(lowest_model, 2), min_size=size, max_size=size)),
                shift=draw(st.lists(st.integers(SHIFT_MIN, SHIFT_MAX), min_size=size,
                                    max_size=size)),
                leak=draw(st.lists(st.integers(0, 63), min_size=size, max_size=size)),
                output=np.array(draw(st.lists(st.booleans(), min_size=size, max_size=size)),
                                dtype=bool)))
    if neuron_pops:
        for _ in range(draw(st.integers(0, 5))):
            src = draw(st.sampled_from(net.populations))
            dst = draw(st.sampled_from(neuron_pops))
            n = draw(st.integers(0, 6)) if src.size and dst.size else 0
            pre = draw(st.lists(st.integers(0, max(src.size - 1, 0)), min_size=n, max_size=n))
            post = draw(st.lists(st.integers(0, max(dst.size - 1, 0)), min_size=n, max_size=n))
            weight = draw(st.lists(st.integers(-2 ** 15, 2 ** 15 - 1), min_size=n, max_size=n))
            net.connect(src, dst, np.array(pre, dtype=int), np.array(post, dtype=int),
                        np.array(weight, dtype=int), rule="arrays")
    return net


@st.composite
def records(draw):
    """A SpikeRecord with or without potentials."""
    start = draw(st.integers(0, 5))
    n_steps = draw(st.integers(0, 6))
    n = draw(st.integers(0, 10)) if n_steps else 0
    last = start + max(n_steps, 1) - 1
    times = np.sort(np.array(draw(st.lists(st.integers(start, last), min_size=n, max_size=n)),
                             dtype=np.int64))
    neurons = np.array(draw(st.lists(st.integers(0, 100), min_size=n, max_size=n)), dtype=np.int32)
    if not draw(st.booleans()):
        return l2s.SpikeRecord(times, neurons, start, n_steps)
    k = draw(st.integers(0, 3))
    pot_neurons = np.arange(k, dtype=np.int64)
    pots = np.array(draw(st.lists(st.integers(-2 ** 40, 2 ** 40), min_size=n_steps * k,
                                  max_size=n_steps * k)), dtype=np.int64).reshape(n_steps, k)
    return l2s.SpikeRecord(times, neurons, start, n_steps, pot_neurons, pots)
