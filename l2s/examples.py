"""Built-in example networks, shared by the demo, the benchmarks and the docs."""
from __future__ import annotations

from typing import Dict, List, Sequence, Tuple

import numpy as np

from .graph.network import Network

__all__ = ["docs_example", "random_recurrent", "random_inputs", "grid_network", "torus_network",
           "conv_layers"]


def docs_example() -> Dict[str, object]:
    """The example of the original L2S documentation page, as ``CRI_network`` kwargs.

    Examples
    --------
    >>> sorted(docs_example())
    ['axons', 'config', 'connections', 'outputs']
    """
    return dict(
        axons={"alpha": [("a", 3)], "beta": [("d", 3)]},
        connections={"a": [("b", 1)], "b": [], "c": [], "d": [("c", 1)]},
        config={"neuron_type": "I&F", "global_neuron_params": {"v_thr": 4}},
        outputs=["a", "b"],
    )


def random_recurrent(n: int, fanout: int = 100, seed: int = 0, threshold: int = 64,
                     p_excitatory: float = 0.75, w_exc: int = 16, w_inh: int = -80,
                     output: bool = True) -> Network:
    """The reference workload: a random recurrent integer ``I&F`` network.

    ``n`` neurons each with ``fanout`` uniformly random targets, weight
    ``w_exc`` with probability ``p_excitatory`` else ``w_inh``; ``n // 10``
    input axons (population ``'in'``) with the same fan-out and weight
    ``w_exc``. With the defaults about 6 % of neurons fire per step when
    each axon is active with probability 0.02 (:func:`random_inputs`).

    Examples
    --------
    >>> net = random_recurrent(100, fanout=10)
    >>> net.n_neurons, net.n_axons, net.n_synapses
    (100, 10, 1100)
    """
    rng = np.random.default_rng(seed)
    net = Network()
    inp = net.add_axons("in", n // 10)
    exc = net.add_neurons("exc", n, threshold=threshold, model="I&F", output=output)
    net.connect(inp, exc, rule="fixed_fanout", fanout=fanout, weight=w_exc, seed=seed + 1)
    weights = np.full(n * fanout, w_inh, dtype=np.int16)
    weights[rng.random(n * fanout, dtype=np.float32) < p_excitatory] = w_exc
    net.connect(exc, exc, rule="fixed_fanout", fanout=fanout, weight=weights, seed=seed + 2)
    return net


def random_inputs(n_axons: int, steps: int, p: float = 0.02, seed: int = 0
                  ) -> Tuple[np.ndarray, np.ndarray]:
    """Each axon active with probability ``p`` per step, as an ``(indptr, indices)`` pair.

    Examples
    --------
    >>> indptr, indices = random_inputs(1000, 5, p=0.02, seed=1)
    >>> indptr.size
    6
    """
    rng = np.random.default_rng(seed)
    active: List[np.ndarray] = [np.flatnonzero(rng.random(n_axons) < p).astype(np.int32)
                                for _ in range(steps)]
    indptr = np.zeros(steps + 1, dtype=np.int64)
    np.cumsum([a.size for a in active], out=indptr[1:])
    indices = np.concatenate(active) if active else np.zeros(0, dtype=np.int32)
    return indptr, indices


def grid_network(side: int, seed: int = 0) -> Network:
    """A ``side x side`` grid, each neuron to its 8 neighbours, with shuffled neuron ids.

    The structured workload of the partitioning benchmark: a good partition
    cuts only the synapses along the borders of compact patches, which a
    partitioner must find despite the shuffled numbering.

    Examples
    --------
    >>> net = grid_network(3)
    >>> net.n_neurons, net.n_synapses      # 4 corners x 3 + 4 edges x 5 + 1 centre x 8
    (9, 40)
    """
    n = side * side
    id_of_cell = np.argsort(np.random.default_rng(seed).permutation(n))
    x, y = np.divmod(np.arange(n), side)
    pre, post = [], []
    for dx in (-1, 0, 1):
        for dy in (-1, 0, 1):
            if dx == 0 and dy == 0:
                continue
            ok = (x + dx >= 0) & (x + dx < side) & (y + dy >= 0) & (y + dy < side)
            pre.append(id_of_cell[np.flatnonzero(ok)])
            post.append(id_of_cell[((x + dx) * side + y + dy)[ok]])
    net = Network()
    grid = net.add_neurons("grid", n, threshold=1, output=True)
    net.connect(grid, grid, pre=np.concatenate(pre), post=np.concatenate(post))
    return net


def torus_network(side: int, radius: int = 5, shuffled: bool = False, seed: int = 0) -> Network:
    """A ``side x side`` torus, each neuron to every other within ``radius`` cells.

    Neuron ``x * side + y`` targets the ``(2 * radius + 1) ** 2 - 1`` cells
    ``((x + dx) % side, (y + dy) % side)`` with ``|dx|, |dy| <= radius``
    (a 2-D network with local fan-out). Each neuron's synapses are listed in
    offset order (``dx``, then ``dy``, ascending) or, with ``shuffled=True``,
    in a random order (seeded): the same network, listed differently.

    Examples
    --------
    >>> net = torus_network(10, radius=1)
    >>> net.n_neurons, net.n_synapses
    (100, 800)
    >>> a = net.compile().neuron_indices[:8]
    >>> b = torus_network(10, radius=1, shuffled=True).compile().neuron_indices[:8]
    >>> sorted(a.tolist()) == sorted(b.tolist()), a.tolist() == b.tolist()
    (True, False)
    """
    n = side * side
    steps = np.arange(-radius, radius + 1)
    dx, dy = (d.ravel() for d in np.meshgrid(steps, steps, indexing="ij"))
    keep = (dx != 0) | (dy != 0)
    dx, dy = dx[keep], dy[keep]
    x, y = np.divmod(np.arange(n), side)
    post = ((x[:, None] + dx) % side) * side + (y[:, None] + dy) % side
    if shuffled:
        post = np.random.default_rng(seed).permuted(post, axis=1)
    net = Network()
    cells = net.add_neurons("torus", n, threshold=1, output=True)
    net.connect(cells, cells, pre=np.repeat(np.arange(n), dx.size), post=post.ravel())
    return net


def conv_layers(side: int, channels: Sequence[int] = (4, 8, 8), kernel: int = 3) -> Network:
    """A convolution-like layered network: every layer a ``side x side`` grid of channels.

    Neuron ``(c, x, y)`` of layer ``l`` targets every channel of layer
    ``l + 1`` at the cells ``(x + dx, y + dy)`` with ``|dx|, |dy| <= kernel // 2``
    inside the grid (a ``kernel x kernel`` convolution, zero padding): its
    spike is wanted by ``kernel**2 * channels[l + 1]`` neurons that lie close
    together, the case where sending one spike per core (multicast) pays most.
    Neurons are numbered by layer, channel, ``x``, ``y``.

    Examples
    --------
    >>> net = conv_layers(4, channels=(1, 2), kernel=3)
    >>> net.n_neurons, net.n_synapses      # 4 corners x 4 + 8 edges x 6 + 4 inner x 9, x 2
    (48, 200)
    """
    half = kernel // 2
    steps = np.arange(-half, half + 1)
    dx, dy = (d.ravel() for d in np.meshgrid(steps, steps, indexing="ij"))
    x, y = np.divmod(np.arange(side * side), side)
    tx, ty = x[:, None] + dx, y[:, None] + dy
    inside = (tx >= 0) & (tx < side) & (ty >= 0) & (ty < side)
    cell_pre = np.repeat(np.arange(side * side), inside.sum(axis=1))
    cell_post = (tx * side + ty)[inside]
    net = Network()
    layers = [net.add_neurons(f"layer{l}", c * side * side, threshold=1, output=True)
              for l, c in enumerate(channels)]
    for l in range(len(channels) - 1):
        c_in, c_out = channels[l], channels[l + 1]
        pre = (np.arange(c_in)[:, None, None] * side * side + cell_pre).repeat(c_out, axis=1)
        post = np.arange(c_out)[None, :, None] * side * side + cell_post
        post = np.broadcast_to(post, pre.shape)
        net.connect(layers[l], layers[l + 1], pre=pre.ravel(), post=post.ravel())
    return net
