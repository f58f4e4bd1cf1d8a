"""Build + compile + simulator construction time and peak memory at scale.

Usage::

    python benchmarks/bench_compile.py [N ...]     # default: 1e4 1e5 1e6 neurons

Each size runs in a fresh subprocess so its peak RSS (taken before the
baseline runs) is its own. The
baseline printed beside L2S is numpy's own sort-based CSR construction
(``argsort`` of the source indices) on the same COO arrays, measured in the
same run, so the ratio says what the counting-sort compiler buys.
"""
from __future__ import annotations

import json
import resource
import subprocess
import sys
import time

import numpy as np


def _measure(n: int) -> dict:
    from l2s import Simulator
    from l2s.examples import random_recurrent

    t0 = time.perf_counter()
    net = random_recurrent(n, seed=0)
    t1 = time.perf_counter()
    compiled = net.compile()
    t2 = time.perf_counter()
    Simulator(compiled)
    t3 = time.perf_counter()
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    proj = net.projection("exc", "exc")
    t4 = time.perf_counter()
    order = np.argsort(proj.pre, kind="stable")
    _ = proj.post[order], proj.weight[order], np.bincount(proj.pre, minlength=n).cumsum()
    t5 = time.perf_counter()
    return dict(n=n, synapses=compiled.n_synapses, build=t1 - t0, compile=t2 - t1,
                simulator=t3 - t2, argsort_baseline=t5 - t4, peak_gib=peak_kib / 2 ** 20)


def main(argv: list) -> None:
    sizes = [int(float(a)) for a in argv] or [10_000, 100_000, 1_000_000]
    print(f"{'neurons':>10} {'synapses':>12} {'build s':>8} {'compile s':>9} {'sim s':>6} "
          f"{'argsort s':>9} {'speedup':>7} {'peak GiB':>8}")
    for n in sizes:
        out = subprocess.run([sys.executable, __file__, "--one", str(n)], check=True,
                             capture_output=True, text=True).stdout
        r = json.loads(out.strip().splitlines()[-1])
        print(f"{r['n']:>10,} {r['synapses']:>12,} {r['build']:>8.2f} {r['compile']:>9.2f} "
              f"{r['simulator']:>6.2f} {r['argsort_baseline']:>9.2f} "
              f"{r['argsort_baseline'] / r['compile']:>6.1f}x {r['peak_gib']:>8.2f}")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        print(json.dumps(_measure(int(sys.argv[2]))))
    else:
        main(sys.argv[1:])
