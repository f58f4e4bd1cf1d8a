"""A small floating-point reference of NIR semantics (numpy, forward Euler at dt).

Independent of ``l2s.nir``: dense linear algebra, one node at a time. Nodes are
evaluated in the order a depth-first walk from the Input nodes reaches them; an
edge whose source has not been evaluated yet in the current step (a recurrent
edge) carries the source's value of the previous step, as in snnTorch and
Norse. A neuron spikes in the step its potential crosses the threshold.
"""
import numpy as np

__all__ = ["simulate", "evaluation_order"]


def evaluation_order(graph):
    order, seen = [], set()
    succ = {n: [d for s, d in graph.edges if s == n] for n in graph.nodes}

    def visit(n):
        if n in seen:
            return
        seen.add(n)
        order.append(n)
        for d in succ[n]:
            visit(d)

    for name in graph.inputs:
        visit(name)
    return order


def _fires(v, threshold, fire_on):
    return v >= threshold if fire_on == ">=" else v > threshold


def simulate(graph, spikes, dt, fire_on=">"):
    """Outputs of every node per step; ``spikes`` is ``steps x n_input`` for the one Input."""
    (input_name,) = graph.inputs
    order = evaluation_order(graph)
    pred = {n: [s for s, d in graph.edges if d == n] for n in graph.nodes}
    out = {}
    for n, node in graph.nodes.items():
        shape = node.output_type.get("output")
        out[n] = None if shape is None else np.zeros(int(np.prod(shape)))
    state = {n: {"v": 0.0, "i": 0.0} for n in graph.nodes}
    record = {n: [] for n in graph.nodes}
    for t in range(spikes.shape[0]):
        done = set()
        for n in order:
            node, kind = graph.nodes[n], type(graph.nodes[n]).__name__
            x = sum(out[p] for p in pred[n] if out[p] is not None) if pred[n] else None
            st = state[n]
            if kind == "Input":
                y = spikes[t].astype(float)
            elif kind in ("Output",):
                y = x
            elif kind == "Affine":
                y = node.weight @ x + node.bias
            elif kind == "Linear":
                y = node.weight @ x
            elif kind == "Scale":
                y = np.ravel(node.scale) * x
            elif kind == "Threshold":
                y = _fires(x, np.ravel(node.threshold), fire_on).astype(float)
            elif kind == "IF":
                st["v"] = st["v"] + np.ravel(node.r) * x
                y = _fires(st["v"], np.ravel(node.v_threshold), fire_on).astype(float)
                st["v"] = np.where(y > 0, np.ravel(node.v_reset), st["v"])
            elif kind in ("LIF", "CubaLIF"):
                if kind == "CubaLIF":
                    st["i"] = st["i"] + dt / np.ravel(node.tau_syn) * (-st["i"] + np.ravel(node.w_in) * x)
                    current, tau = st["i"], np.ravel(node.tau_mem)
                else:
                    current, tau = x, np.ravel(node.tau)
                st["v"] = st["v"] + dt / tau * (np.ravel(node.v_leak) - st["v"] + np.ravel(node.r) * current)
                y = _fires(st["v"], np.ravel(node.v_threshold), fire_on).astype(float)
                st["v"] = np.where(y > 0, np.ravel(node.v_reset), st["v"])
            elif kind == "Conv2d":
                y = conv2d(x.reshape(node.input_type["input"]), node.weight, node.stride,
                           node.padding, node.dilation, node.groups)
                y = y + np.asarray(node.bias).reshape(-1, 1, 1)
            elif kind in ("SumPool2d", "AvgPool2d"):
                shape = tuple(graph.nodes[pred[n][0]].output_type["output"])
                channels = shape[0]
                k = tuple(np.broadcast_to(node.kernel_size, 2))
                weight = np.ones((channels, 1) + k) / (np.prod(k) if kind == "AvgPool2d" else 1)
                y = conv2d(x.reshape(shape), weight, node.stride, node.padding, 1, channels)
            elif kind == "Flatten":
                y = x
            else:
                raise NotImplementedError(kind)
            out[n] = np.asarray(y, dtype=float).ravel()
            record[n].append(out[n].copy())
            done.add(n)
    return {n: np.array(r) for n, r in record.items()}


def conv2d(x, weight, stride, padding, dilation, groups):
    """Direct 2-D cross-correlation, one output at a time (PyTorch conventions)."""
    sy, sx = np.broadcast_to(stride, 2)
    dy, dx = np.broadcast_to(dilation, 2)
    c_out, c_in_g, ky, kx = weight.shape
    if isinstance(padding, str):
        py, px = ((0, 0) if padding == "valid" else (dy * (ky - 1) // 2, dx * (kx - 1) // 2))
        extra = (0, 0) if padding == "valid" else (dy * (ky - 1) - py, dx * (kx - 1) - px)
    else:
        py, px = np.broadcast_to(padding, 2)
        extra = (py, px)
    c_in, h, w = x.shape
    padded = np.zeros((c_in, h + py + extra[0], w + px + extra[1]))
    padded[:, py:py + h, px:px + w] = x
    oh = (padded.shape[1] - dy * (ky - 1) - 1) // sy + 1
    ow = (padded.shape[2] - dx * (kx - 1) - 1) // sx + 1
    per_group = c_out // groups
    out = np.zeros((c_out, oh, ow))
    for co in range(c_out):
        g = co // per_group
        for i in range(oh):
            for j in range(ow):
                patch = padded[g * c_in_g:(g + 1) * c_in_g,
                               i * sy:i * sy + dy * (ky - 1) + 1:dy,
                               j * sx:j * sx + dx * (kx - 1) + 1:dx]
                out[co, i, j] = np.sum(patch * weight[co])
    return out
