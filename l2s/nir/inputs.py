"""Per-step inputs of a converted network, with its always-active bias axon."""
from __future__ import annotations

from typing import Any, List, Optional

import numpy as np

from ..inputs import input_csr
from .report import ConversionReport

__all__ = ["with_bias"]


def with_bias(inputs: Any, report: ConversionReport, steps: Optional[int] = None
              ) -> List[np.ndarray]:
    """Active axons of every step, with the bias axon of ``report`` added to each.

    Parameters
    ----------
    inputs : optional
        Spikes of the Input nodes' axons (indices ``0 .. report.bias_axon - 1``):
        a list of per-step index arrays, or a ``steps x n_inputs`` boolean or
        count array (see :func:`l2s.inputs.input_csr`); None for no spikes.
    report : ConversionReport
        The report of :func:`l2s.nir.from_nir`.
    steps : int, optional
        Number of steps (needed when ``inputs`` is None).

    Returns
    -------
    list of numpy.ndarray
        One int32 index array per step, for :meth:`l2s.Simulator.run`.

    Examples
    --------
    >>> r = ConversionReport(dt=1.0, weight_bits=16, fire_on=">", inputs=["in"],
    ...                      n_input_axons=2, bias_axon=2)
    >>> [s.tolist() for s in with_bias([[0], []], r)]
    [[0, 2], [2]]
    >>> [s.tolist() for s in with_bias(None, r, steps=2)]
    [[2], [2]]
    """
    n_inputs = report.n_input_axons
    indptr, indices = input_csr(inputs, steps, n_inputs)
    per_step = np.split(indices, indptr[1:-1])
    if report.bias_axon is None:
        return per_step
    bias = np.array([report.bias_axon], dtype=np.int32)
    return [np.concatenate([s.astype(np.int32), bias]) for s in per_step]
