"""The noise of a step: a counter-based generator keyed by ``(seed, step, neuron)``.

One draw is a pure function of its key, so every implementation that
computes it (the simulator's kernel under any number of threads, the
word-level emulator, a distributed simulator) gets the same numbers in any
order, without sharing a generator state. The key is hashed with three
rounds of the splitmix64 finaliser (Steele, Lea and Flood 2014)::

    z = mix(seed + G);  z = mix(z ^ (step + G));  z = mix(z ^ (neuron + G))

(all uint64, wrapping; ``G = 0x9E3779B97F4A7C15``; ``neuron`` is the
compiled neuron index, ``step`` counts from 0 at construction or
``reset()``). The low 16 bits ``k`` of ``z`` give the odd draw
``x = 2 * k - 65535``, uniform over the 65,536 odd integers in
``[-2**16, 2**16]`` (mean exactly 0), as hs_api draws it. The neuron's
``shift`` then scales it: ``x << shift`` when ``shift >= 0``, ``x >> -shift``
(arithmetic, i.e. floor) when ``shift < 0``.

The functions are compiled with numba (wrapping uint64 arithmetic, no
overflow warnings): the simulator's kernel calls :func:`perturbation` per
neuron, the emulator :func:`perturbations` on its arrays.
"""
from __future__ import annotations

import numba
import numpy as np

__all__ = ["noise_draw", "perturbation", "perturbations", "NOISE_BITS", "SEED_MAX", "new_seed"]

#: The draw spans ``[-2**NOISE_BITS, 2**NOISE_BITS]`` before the shift.
NOISE_BITS = 16
#: Largest seed (seeds are non-negative int64).
SEED_MAX = 2 ** 63 - 1

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_S30, _S27, _S31 = np.uint64(30), np.uint64(27), np.uint64(31)
_LOW = np.uint64(2 ** NOISE_BITS - 1)
_ODD_OFFSET = 2 ** NOISE_BITS - 1


@numba.njit(cache=True, nogil=True, inline="always")
def _mix(z):
    """The splitmix64 finaliser (uint64 in, uint64 out)."""
    z = (z ^ (z >> _S30)) * _M1
    z = (z ^ (z >> _S27)) * _M2
    return z ^ (z >> _S31)


@numba.njit(cache=True, nogil=True)
def noise_draw(seed, step, neuron):
    """The odd draw in ``[-2**16, 2**16]`` of ``neuron`` in ``step`` for ``seed`` (int64).

    Parameters
    ----------
    seed : int
        Any integer in ``[0, 2**63)`` (:data:`SEED_MAX` is the largest).
    step, neuron : int
        Non-negative step counter and compiled neuron index.

    Returns
    -------
    int

    Examples
    --------
    >>> draws = [noise_draw(7, 0, i) for i in range(5)]
    >>> all(x % 2 == 1 and abs(x) < 2 ** 16 for x in draws)
    True
    >>> [noise_draw(7, 0, i) for i in range(5)] == draws
    True
    """
    z = _mix(np.uint64(seed) + _GOLDEN)
    z = _mix(z ^ (np.uint64(step) + _GOLDEN))
    z = _mix(z ^ (np.uint64(neuron) + _GOLDEN))
    return np.int64(z & _LOW) * 2 - _ODD_OFFSET


@numba.njit(cache=True, nogil=True)
def perturbation(seed, step, neuron, shift):
    """The noise added to ``neuron``'s potential at the start of ``step``: the draw, shifted.

    Parameters
    ----------
    seed, step, neuron
        As for :func:`noise_draw`.
    shift : int
        In ``[SHIFT_MIN, SHIFT_MAX]``: left shift if positive, arithmetic
        right shift if negative.

    Returns
    -------
    int

    Examples
    --------
    >>> x = noise_draw(1, 3, 0)
    >>> perturbation(1, 3, 0, 2) == 4 * x, perturbation(1, 3, 0, -3) == x >> 3
    (True, True)
    >>> perturbation(1, 3, 0, -16) in (-1, 0)
    True
    """
    x = noise_draw(seed, step, neuron)
    if shift >= 0:
        return x << shift
    return x >> -shift


@numba.njit(cache=True, nogil=True)
def perturbations(seed, step, neurons, shift):
    """:func:`perturbation` of every neuron in ``neurons`` (int64 array).

    Parameters
    ----------
    seed, step : int
        As for :func:`noise_draw`.
    neurons : numpy.ndarray of int64
        Compiled neuron indices.
    shift : numpy.ndarray of int64
        The shift of each of ``neurons``.

    Returns
    -------
    numpy.ndarray of int64

    Examples
    --------
    >>> out = perturbations(1, 3, np.arange(3), np.array([0, 2, -3]))
    >>> out.tolist() == [perturbation(1, 3, i, s) for i, s in enumerate([0, 2, -3])]
    True
    """
    out = np.empty(neurons.size, dtype=np.int64)
    for k in range(neurons.size):
        out[k] = perturbation(seed, step, neurons[k], shift[k])
    return out


def new_seed() -> int:
    """A fresh seed from the operating system's entropy (for ``seed=None``).

    Targets keep the seed they use in their ``seed`` attribute, so a run
    with an unseeded target can be repeated.

    Examples
    --------
    >>> 0 <= new_seed() <= SEED_MAX
    True
    """
    return int(np.random.SeedSequence().generate_state(1, np.uint64)[0] >> np.uint64(1))
