"""Argument checks of :func:`l2s.partition.partition` not covered by ``l2s._validation``."""
from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import InvalidTypeError, InvalidValueError

__all__ = ["check_rates"]


def check_rates(rates: Any, n_neurons: int) -> np.ndarray:
    """``rates`` as float64 after checking: one finite, non-negative value per neuron.

    Raises ``InvalidTypeError`` for non-numbers and ``InvalidValueError`` for a
    wrong length or a value that is negative or not finite, naming its position.

    Examples
    --------
    >>> check_rates([0.5, 0], 2).tolist()
    [0.5, 0.0]
    """
    try:
        arr = np.asarray(rates, dtype=np.float64)
    except (TypeError, ValueError):
        raise InvalidTypeError(f"rates must be numbers (spikes per step), got {rates!r:.80}"
                               ) from None
    if arr.shape != (n_neurons,):
        raise InvalidValueError(f"rates must hold one value per neuron ({n_neurons}), "
                                f"got shape {arr.shape}")
    bad = np.flatnonzero(~np.isfinite(arr) | (arr < 0))
    if bad.size:
        raise InvalidValueError(f"rates[{bad[0]}] = {arr[bad[0]]!r} is not allowed: rates are "
                                "spikes per step, finite and >= 0")
    return arr
