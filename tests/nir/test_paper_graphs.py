"""The NIR paper's exports (Norse LIF, snnTorch Braille RNN) against the float reference.

Numbers are printed (pytest -s) and quoted in docs/nir.md.
"""
import os

import numpy as np
import pytest

nir = pytest.importorskip("nir")

from l2s.nir import from_nir  # noqa: E402
from tests.nir.helpers import run_l2s, shared_nir_dir, shifted, timing_errors  # noqa: E402
from tests.nir.reference import simulate  # noqa: E402

DT = 1e-4            # both graphs were exported at 0.1 ms
STEPS = 400
SHARED = shared_nir_dir()
needs_files = pytest.mark.skipif(SHARED is None, reason="the NIR paper graphs (../shared/nir) "
                                 "are not present")


def read(name):
    return nir.read(os.path.join(SHARED, name))


@needs_files
def test_norse_lif_keeps_spike_timing_close():
    graph = read("lif_norse.nir")
    net, report = from_nir(graph, dt=DT)
    assert report.layer("1").leak == (5,)           # tau / dt = 25: shift 5 beats 4
    spikes = np.random.default_rng(0).random((STEPS, 1)) < 0.3
    ref = simulate(graph, spikes, DT)["1"].astype(bool)
    got = shifted(run_l2s(net, report, np.vstack([spikes, np.zeros((1, 1), bool)]))["1"], 1)
    a, b = np.flatnonzero(ref[:, 0]), np.flatnonzero(got[:STEPS, 0])
    print(f"\nNorse LIF: {a.size} reference spikes, {b.size} L2S spikes; first {min(a.size, 10)} "
          f"timing errors {np.abs(a[:10] - b[:10]).tolist()}; {timing_errors(ref, got[:STEPS])}")
    assert abs(a.size - b.size) <= 0.1 * a.size
    assert np.array_equal(a[:3], b[:3])


@needs_files
def test_braille_rnn_spike_counts_agree():
    graph = read("braille_noDelay_noBias_subtract.nir")
    with pytest.raises(Exception, match="CubaLIF"):
        from_nir(graph, dt=DT)
    net, report = from_nir(graph, dt=DT, cuba="lif")
    rng = np.random.default_rng(1)
    hidden_corr, out_ref, out_got = [], 0, 0
    for _ in range(5):
        spikes = rng.random((STEPS, 12)) < 0.05
        ref = simulate(graph, spikes, DT)
        got = run_l2s(net, report, np.vstack([spikes, np.zeros((2, 12), bool)]))
        h_ref, h_got = ref["lif1.lif"].sum(0), shifted(got["lif1.lif"], 1)[:STEPS].sum(0)
        hidden_corr.append(np.corrcoef(h_ref, h_got)[0, 1])
        out_ref += ref["lif2"].sum()
        out_got += shifted(got["lif2"], 2)[:STEPS].sum()
    print(f"\nBraille RNN: hidden spike-count correlation {np.round(hidden_corr, 2).tolist()}; "
          f"output spikes {int(out_ref)} reference vs {int(out_got)} L2S")
    assert min(hidden_corr) > 0.7
    assert 0.3 < out_got / out_ref < 2.0
