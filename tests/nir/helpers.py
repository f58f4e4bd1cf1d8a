"""Running converted networks and comparing them with the float reference."""
import os

import numpy as np

import l2s
from l2s.nir import with_bias

__all__ = ["run_l2s", "shifted", "timing_errors", "shared_nir_dir"]


def shared_nir_dir():
    """``<repo>/../shared/nir`` (or ``/work/shared/nir``), or None when absent."""
    repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    for path in (os.path.join(repo, "..", "shared", "nir"), "/work/shared/nir"):
        if os.path.isdir(path):
            return path
    return None


def run_l2s(net, report, spikes):
    """Spikes of every neuron population, ``steps x size`` booleans (hardware step numbering)."""
    compiled = net.compile()
    inputs = with_bias(spikes.astype(bool), report)
    rec = l2s.Simulator(compiled, record="all", overflow="raise").run(inputs=inputs)
    fired = np.zeros((len(inputs), compiled.n_neurons), dtype=bool)
    fired[rec.times, rec.neurons] = True
    return {p.name: fired[:, p.start:p.stop] for p in compiled.populations if p.kind == "neurons"}


def shifted(l2s_spikes, depth):
    """Undo the one step per neuron layer of L2S: row ``t`` is the reference's step ``t``."""
    return l2s_spikes[depth:]


def timing_errors(reference, mapped):
    """Per neuron: (|count difference|, largest |time difference| of the paired spikes)."""
    out = []
    for j in range(reference.shape[1]):
        a, b = np.flatnonzero(reference[:, j]), np.flatnonzero(mapped[:, j])
        n = min(a.size, b.size)
        out.append((abs(a.size - b.size), int(np.max(np.abs(a[:n] - b[:n]), initial=0))))
    return out
