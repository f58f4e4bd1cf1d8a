"""The machine's per-core scatter ceilings: random read-modify-writes per second on one thread.

A synaptic event is, at its core, ``v[target] += weight`` at a random
``target``. :func:`scatter_ceiling` times exactly that and nothing else, on
one thread: a stream of ``events`` random targets (int32, read in order)
added into an int32 array of ``n`` potentials. No thresholds, no rows, no
pointers, so the simulator's events/s on the same ``n`` over this figure is
the share of the machine it reaches.

:func:`row_ceiling` adds the one thing no event-driven simulator avoids:
the targets come in rows of ``fanout`` (one per source that fired), a few
percent of the network's rows per step, at scattered places of an array as
large as the network's synapses. Rows are read in ascending order with the
next rows' lines requested ahead (the best of a few distances), as a
simulator's kernel at its best would; the stream of the first probe has no
such jumps, so this ceiling is the lower of the two.

Usage::

    python benchmarks/_scatter_probe.py [--n 1e4,1e5,1e6] [--events 5e7] [--fanout 100]
"""
from __future__ import annotations

import argparse
import time

import numba
import numpy as np

from l2s.sim._prefetch import prefetch

__all__ = ["scatter_ceiling", "row_ceiling"]


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


@numba.njit(cache=True, nogil=True)
def _scatter_rows(v: np.ndarray, targets: np.ndarray, starts: np.ndarray, length: int,
                  ahead: int) -> None:
    rows, line = np.uint64(starts.size), np.uint64(64 // targets.itemsize)
    span, distance = np.uint64(length), np.uint64(ahead)
    for k in range(rows):
        if k + distance < rows:
            first = np.uint64(starts[k + distance])
            for j in range(first, first + span, line):
                prefetch(targets, j)
        first = np.uint64(starts[k])
        for j in range(first, first + span):
            v[targets[j]] += 16


def row_ceiling(n: int, fanout: int = 100, fraction: float = 0.06, events: int = 20_000_000,
                seed: int = 0) -> float:
    """Random read-modify-writes per second when the targets come in rows, on one thread.

    Parameters
    ----------
    n : int
        Neurons: potentials, and rows of ``fanout`` random targets each.
    fanout : int
        Targets per row.
    fraction : float
        Share of the rows read per step (the firing rate), each step's rows
        a fresh random choice, in ascending order.
    events : int
        Targets added per timed pass (whole steps, at least one).
    seed : int
        Seed of the targets and the rows chosen.

    Returns
    -------
    float
        Events per second, the best of prefetch distances 2, 4 and 8 rows.

    Examples
    --------
    >>> row_ceiling(1000, fanout=10, events=100_000) > 0
    True
    """
    rng = np.random.default_rng(seed)
    targets = rng.integers(0, n, n * fanout).astype(np.int32)
    per_step = max(1, int(n * fraction))
    steps = max(1, events // (per_step * fanout))
    starts = [np.sort(rng.choice(n, per_step, replace=False)) * fanout for _ in range(steps + 1)]
    v = np.zeros(n, dtype=np.int32)
    _scatter_rows(v, targets, starts[-1], fanout, 4)  # compile and warm up on a step not timed
    best = 0.0
    for ahead in (2, 4, 8):
        t = time.perf_counter()
        for step in starts[:steps]:
            _scatter_rows(v, targets, step, fanout, ahead)
        best = max(best, steps * per_step * fanout / (time.perf_counter() - t))
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", default="1e4,1e5,1e6")
    parser.add_argument("--events", type=float, default=5e7)
    parser.add_argument("--fanout", type=int, default=100)
    args = parser.parse_args()
    for n in (int(float(s)) for s in args.n.split(",")):
        print(f"N = {n:>9,}: streamed {scatter_ceiling(n, int(args.events)):.3g} events/s, "
              f"in rows of {args.fanout} {row_ceiling(n, args.fanout):.3g}")


if __name__ == "__main__":
    main()
