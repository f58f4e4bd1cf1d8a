"""The machine's per-core scatter ceiling: random read-modify-writes per second on one thread.

A synaptic event is, at its core, ``v[target] += weight`` at a random
``target``. This probe times exactly that and nothing else, on one thread:
a stream of ``events`` random targets (int32, read in order) added into an
int32 array of ``n`` potentials. No thresholds, no rows, no pointers, so the
simulator's events/s on the same ``n`` over this figure is the share of
the machine it reaches.

Usage::

    python benchmarks/_scatter_probe.py [--n 1e4,1e5,1e6] [--events 5e7]
"""
from __future__ import annotations

import argparse
import time

import numba
import numpy as np

__all__ = ["scatter_ceiling"]


@numba.njit(cache=True, nogil=True)
def _scatter(v: np.ndarray, targets: np.ndarray) -> None:
    for j in range(targets.size):
        v[targets[j]] += 16


def scatter_ceiling(n: int, events: int = 50_000_000, repeats: int = 5, seed: int = 0) -> float:
    """Random read-modify-writes per second into ``n`` int32 potentials, on one thread.

    Parameters
    ----------
    n : int
        Size of the potential array (the network's neuron count).
    events : int
        Length of the random target stream (more than the caches hold, so
        the stream comes from memory as synapse words do).
    repeats : int
        Best of this many timed passes, after one warm-up pass.
    seed : int
        Seed of the target stream.

    Returns
    -------
    float
        Events per second.

    Examples
    --------
    >>> scatter_ceiling(1000, events=100_000, repeats=1) > 0
    True
    """
    targets = np.random.default_rng(seed).integers(0, n, events).astype(np.int32)
    v = np.zeros(n, dtype=np.int32)
    _scatter(v, targets)
    best = float("inf")
    for _ in range(repeats):
        t = time.perf_counter()
        _scatter(v, targets)
        best = min(best, time.perf_counter() - t)
    return events / best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", default="1e4,1e5,1e6")
    parser.add_argument("--events", type=float, default=5e7)
    args = parser.parse_args()
    for n in (int(float(s)) for s in args.n.split(",")):
        print(f"N = {n:>9,}: {scatter_ceiling(n, int(args.events)):.3g} events/s")


if __name__ == "__main__":
    main()
