"""Hypothesis strategies for placed networks: what the hardware path is tested on.

``native_networks()`` draws a compiled network with per-neuron thresholds,
models (all three) and leaks, duplicate synapses, self-loops, zero and
extreme weights, and random outputs. ``placements(compiled)`` draws where
it runs (:class:`Sites`): a partitioner (METIS, contiguous, random) on 2
FPGAs of 2 cores, or a hand placement with arbitrary cores, columns and
sparse local indices, so networks cross cores and FPGAs through relays.
"""
from typing import NamedTuple, Optional

import numpy as np
from hypothesis import strategies as st

import l2s
from l2s.hw import build_image_at
from l2s.partition import HardwareSpec, Placement, partition

__all__ = ["native_networks", "placements", "placed_networks", "input_steps", "Sites", "SPEC"]

#: 2 FPGAs of 2 cores: inter-core and inter-FPGA routes both occur.
SPEC = HardwareSpec(fpgas=2, cores_per_fpga=2, neurons_per_core=64)

_weights = st.one_of(st.integers(-6, 10), st.sampled_from([-(2 ** 15), 2 ** 15 - 1, 0]))
_thresholds = st.one_of(st.integers(-3, 12), st.sampled_from([-(2 ** 34), 2 ** 34 - 1]))


@st.composite
def native_networks(draw, max_neurons=24, max_axons=5, max_synapses=80,
                    semantics="l2s-2022", noise=False):
    """A compiled network with per-neuron parameters and random synapses.

    ``noise`` draws per-neuron shifts in [-16, 19] (at least one not -16).
    """
    n = draw(st.integers(1, max_neurons))
    n_axons = draw(st.integers(0, max_axons))
    net = l2s.Network(semantics=semantics)
    shift = -16
    if noise:
        shift = draw(st.lists(st.integers(-16, 19), min_size=n, max_size=n))
        shift[draw(st.integers(0, n - 1))] = draw(st.integers(-15, 19))
    neurons = net.add_neurons(
        "n", n,
        threshold=draw(st.lists(_thresholds, min_size=n, max_size=n)),
        model=draw(st.lists(st.integers(0 if semantics == "l2s-2022" else 1, 2), min_size=n,
                            max_size=n)),
        leak=draw(st.lists(st.integers(0, 8) | st.just(63), min_size=n, max_size=n)),
        output=np.array(draw(st.lists(st.booleans(), min_size=n, max_size=n))),
        shift=shift)
    for source, size, name in ((neurons, n, "recurrent"), (None, n_axons, "input")):
        if size == 0:
            continue
        if source is None:
            source = net.add_axons("in", size)
        k = draw(st.integers(0, max_synapses))
        pre = draw(st.lists(st.integers(0, size - 1), min_size=k, max_size=k))
        post = draw(st.lists(st.integers(0, n - 1), min_size=k, max_size=k))
        if k:
            net.connect(source, neurons, pre=pre, post=post,
                        weight=draw(st.lists(_weights, min_size=k, max_size=k)))
    return net.compile()


class Sites(NamedTuple):
    """Where every neuron sits; ``placement`` is None for a hand placement."""

    spec: HardwareSpec
    core: np.ndarray
    local_index: np.ndarray
    placement: Optional[Placement]

    def image(self, compiled):
        return build_image_at(compiled, self.spec, self.core, self.local_index)


@st.composite
def placements(draw, compiled):
    """Sites of ``compiled`` on :data:`SPEC`, from a partitioner or by hand."""
    how = draw(st.sampled_from(["metis", "contiguous", "random", "hand"]))
    if how != "hand":
        placement = partition(compiled, SPEC, method=how, seed=draw(st.integers(0, 9)))
        return Sites(SPEC, placement.core, placement.local_index, placement)
    n = compiled.n_neurons
    core = draw(st.lists(st.integers(0, SPEC.n_cores - 1), min_size=n, max_size=n))
    local = draw(st.lists(st.integers(0, SPEC.neurons_per_core - 1), min_size=n, max_size=n,
                          unique=True))
    return Sites(SPEC, np.array(core, np.int32), np.array(local, np.int32), None)


@st.composite
def placed_networks(draw, semantics="l2s-2022", noise=False):
    """``(compiled, sites)``."""
    compiled = draw(native_networks(semantics=semantics, noise=noise))
    return compiled, draw(placements(compiled))


def input_steps(n_axons, max_steps=12):
    """Per-step lists of active axons, repeats allowed."""
    if n_axons == 0:
        return st.lists(st.just([]), min_size=1, max_size=max_steps)
    return st.lists(st.lists(st.integers(0, n_axons - 1), max_size=6), min_size=1,
                    max_size=max_steps)
