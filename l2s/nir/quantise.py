"""The integer mapping: leak shifts from time constants, per-layer weight scale, thresholds.

The formulas are those of ``docs/nir.md``; each function here computes one of
them and is used by the importer (and checked by the exporter's round trip).
"""
from __future__ import annotations

from typing import Tuple

import numpy as np

from ..errors import InvalidValueError
from ..graph.models import LEAK_MAX, THRESHOLD_MAX, THRESHOLD_MIN

__all__ = ["FIRE_RULES", "leak_shift", "first_spike_step", "layer_scale", "quantise_weights",
           "integer_threshold"]

#: How NIR's spike condition is read: ``v > v_threshold`` (the equations of the
#: ``nir`` package) or ``v >= v_threshold``.
FIRE_RULES = (">", ">=")
#: Steady-state potentials, as multiples of the threshold, of the step inputs
#: used to compare the spike timing of candidate leak shifts.
_PROBE_LEVELS = (1.1, 1.25, 1.5, 2.0, 4.0)


def first_spike_step(decay: float, level: float) -> float:
    """Steps until ``v`` first exceeds 1 under ``v <- (1 - decay) v + decay * level``.

    ``level`` is the steady state in units of the threshold (> 1); ``v``
    starts at 0. This is the step-input response of a leaky neuron.

    Examples
    --------
    >>> first_spike_step(0.5, 2.0)     # v = 1, 1.5: exceeds 1 in the 2nd step
    2.0
    """
    if decay >= 1.0:
        return 1.0
    return float(np.floor(np.log1p(-1.0 / level) / np.log1p(-decay)) + 1.0)


def leak_shift(tau: float, dt: float, name: str = "LIF", kind: str = "LIF") -> Tuple[int, float]:
    """The shift ``k`` of ``V -= V >> k`` for a time constant ``tau`` at step ``dt``.

    Forward Euler gives ``v <- v - (dt / tau) v``; the hardware divides by
    ``2**k``. When ``tau / dt`` is a power of two, ``k = log2(tau / dt)`` is
    exact. Otherwise ``floor`` and ``ceil`` of ``log2(tau / dt)`` are both
    tried and the one whose step-input responses (steady states of 1.1 to 4
    times the threshold) first cross the threshold closest in time to the
    exact decay wins (ties go to the rounded logarithm). The input gain stays
    ``dt / tau``, so each input spike moves the potential as in NIR; the
    steady state of a constant input changes by ``(dt / tau) * 2**k``.

    Returns
    -------
    (int, float)
        The shift and the largest first-spike timing error, in steps, over the
        probe inputs (0.0 when exact).

    Raises
    ------
    InvalidValueError
        If ``tau < dt`` (forward Euler would overshoot; no shift represents
        it) or the shift would exceed 63.

    Examples
    --------
    >>> leak_shift(8e-3, 1e-3)
    (3, 0.0)
    >>> k, err = leak_shift(2.5e-3, 1e-4)
    >>> k, err
    (5, 19.0)
    """
    ratio = float(tau) / float(dt)
    if not np.isfinite(ratio) or ratio < 1.0:
        raise InvalidValueError(
            f"NIR node {name!r} ({kind}): tau = {tau} is shorter than dt = {dt}; the hardware "
            "leak V -= V >> k needs tau >= dt (choose a smaller dt)")
    exact = np.log2(ratio)
    if exact > LEAK_MAX:
        raise InvalidValueError(f"NIR node {name!r} ({kind}): tau / dt = {ratio:g} needs a leak "
                                f"shift above {LEAK_MAX}")
    if float(exact).is_integer():
        return int(exact), 0.0
    candidates = sorted({int(np.floor(exact)), int(np.ceil(exact))},
                        key=lambda k: abs(k - exact))
    true = [first_spike_step(1.0 / ratio, lv) for lv in _PROBE_LEVELS]

    def error(k: int) -> Tuple[float, float]:
        # Inputs keep their per-step increment (gain dt / tau), so the steady state moves
        # by (dt / tau) / 2**-k; a probe that no longer fires counts as its own length.
        levels = [lv * 2.0 ** k / ratio for lv in _PROBE_LEVELS]
        errs = [abs((first_spike_step(2.0 ** -k, lv) if lv > 1 else 2 * t) - t)
                for lv, t in zip(levels, true)]
        return float(sum(errs)), float(max(errs))

    best = min(candidates, key=lambda k: error(k)[0])
    return best, error(best)[1]


def layer_scale(largest: float, weight_bits: int) -> float:
    """Factor that maps the largest absolute weight of a layer to ``2**(b-1) - 1``.

    Examples
    --------
    >>> layer_scale(0.5, 8)
    254.0
    >>> layer_scale(0.0, 16)
    1.0
    """
    return (2.0 ** (weight_bits - 1) - 1) / largest if largest > 0 else 1.0


def quantise_weights(values: np.ndarray, scale: float) -> Tuple[np.ndarray, float]:
    """Round ``values * scale`` to integers; return them and the largest error (in weight units).

    Examples
    --------
    >>> w, err = quantise_weights(np.array([0.1, -0.26]), 10.0)
    >>> w.tolist(), round(err, 3)
    ([1, -3], 0.04)
    """
    scaled = np.asarray(values, dtype=np.float64) * scale
    ints = np.rint(scaled).astype(np.int64)
    err = float(np.max(np.abs(ints - scaled), initial=0.0)) / scale
    return ints, err


def integer_threshold(threshold: np.ndarray, scale: float, fire_on: str, name: str,
                      kind: str) -> np.ndarray:
    """Integer ``T`` with ``V > T`` exactly when ``V`` fires under ``fire_on`` at ``threshold * scale``.

    For integer ``V``: ``V > x`` iff ``V > floor(x)``, and ``V >= x`` iff
    ``V > ceil(x) - 1``. So the threshold itself adds no error; only the
    potentials (through the rounded weights) do.

    Examples
    --------
    >>> integer_threshold(np.array([1.5, 2.0]), 10.0, ">=", "lif", "LIF").tolist()
    [14, 19]
    >>> integer_threshold(np.array([1.5, 2.0]), 10.0, ">", "lif", "LIF").tolist()
    [15, 20]
    """
    scaled = np.asarray(threshold, dtype=np.float64) * scale
    # Snap values within rounding noise of an integer (e.g. 0.1 * 10 = 1.0000000000000002).
    near = np.rint(scaled)
    scaled = np.where(np.abs(scaled - near) < 1e-9 * np.maximum(1.0, np.abs(near)), near, scaled)
    ints = np.floor(scaled) if fire_on == ">" else np.ceil(scaled) - 1
    if np.any(ints > THRESHOLD_MAX) or np.any(ints < THRESHOLD_MIN):
        worst = float(ints[np.argmax(np.abs(ints))])
        raise InvalidValueError(
            f"NIR node {name!r} ({kind}): threshold scaled to {worst:.0f} is outside the signed "
            f"35-bit range [{THRESHOLD_MIN}, {THRESHOLD_MAX}]; lower weight_bits or the threshold")
    return ints.astype(np.int64)
