"""Argument checks of :func:`l2s.partition.partition` not covered by ``l2s._validation``."""
from __future__ import annotations

from typing import Any

import numpy as np

from .._validation import as_array, fail

__all__ = ["check_rates", "MIN_RATE", "MAX_RATE"]

#: Smallest and largest non-zero rates accepted. A neuron spikes at most once a step, so
#: real rates are at most 1; larger values are allowed as relative weights. The bounds keep
#: every traffic sum (rate times up to 2**63 synapses) finite in float64 and the METIS edge
#: weights, scaled by ``1000 / largest``, free of NaN and infinity (a subnormal largest
#: weight would make the scale infinite).
MIN_RATE, MAX_RATE = 2.0 ** -64, 2.0 ** 64


def check_rates(rates: Any, n_neurons: int) -> np.ndarray:
    """``rates`` as float64 after checking: one finite, non-negative value per neuron.

    Raises ``InvalidTypeError`` for non-numbers (and ragged lists) and
    ``InvalidValueError`` for a wrong length or a value that is negative, not
    not finite, or non-zero outside ``[MIN_RATE, MAX_RATE]``, naming its position.

    Examples
    --------
    >>> check_rates([0.5, 0], 2).tolist()
    [0.5, 0.0]
    """
    arr = as_array(rates, "rates", "iuf").astype(np.float64)
    if arr.shape != (n_neurons,):
        raise fail("rates", rates, f"must hold one value per neuron ({n_neurons}); "
                   f"got shape {arr.shape}")
    bad = np.flatnonzero(~np.isfinite(arr) | ((arr != 0) & ((arr < MIN_RATE) |
                                                           (arr > MAX_RATE))))
    if bad.size:
        raise fail(f"rates[{bad[0]}]", float(arr[bad[0]]), "rates are spikes per step: "
                   f"0 or in [{MIN_RATE:.3g}, {MAX_RATE:.3g}]")
    return arr
