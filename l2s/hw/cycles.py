"""A cycle model of one hardware step: the ``latency`` of hs_api's ``(spikes, latency, hbmAcc)``.

This is a model, not a measurement (``docs/hardware-image.md``, "Cycle
model"). Its assumptions, per core, all cores working in parallel:

- phase one reads and writes every neuron slot of the core once: the 16
  URAM banks work in parallel and a 72-bit word holds two potentials, so
  ``ceil(slots / 32)`` core cycles;
- every HBM row the step reads (pointer rows of the active axons and fired
  neurons, then their synapse rows, relays included) takes one HBM clock
  (one 256-bit row per 225 MHz cycle), converted to 125 MHz core cycles;
- a fixed :data:`STEP_OVERHEAD_CYCLES` covers command decoding, the hand-off
  between phases and draining the spike-out FIFO.

The step's latency is the slowest core's sum plus the overhead, in core
clock cycles (125 MHz).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..machine.geometry import COLUMNS

__all__ = ["CORE_CLOCK_HZ", "HBM_CLOCK_HZ", "STEP_OVERHEAD_CYCLES", "POTENTIALS_PER_WORD",
           "StepCost", "step_cost"]

#: Core clock (HARDWARE.md).
CORE_CLOCK_HZ = 125_000_000
#: HBM clock (HARDWARE.md).
HBM_CLOCK_HZ = 225_000_000
#: Fixed cost of a step in core cycles (a modelling assumption).
STEP_OVERHEAD_CYCLES = 64
#: Potentials per 72-bit URAM word.
POTENTIALS_PER_WORD = 2


@dataclass(frozen=True)
class StepCost:
    """What a step (or a run of steps, summed) cost on the modelled hardware.

    Attributes
    ----------
    hbm_rows : int
        HBM rows read (hs_api's ``hbmAcc``).
    latency : int
        Modelled core clock cycles (hs_api's ``latency``).

    Examples
    --------
    >>> StepCost(3, 70) + StepCost(1, 66)
    StepCost(hbm_rows=4, latency=136)
    """

    hbm_rows: int
    latency: int

    def __add__(self, other: "StepCost") -> "StepCost":
        return StepCost(self.hbm_rows + other.hbm_rows, self.latency + other.latency)


def step_cost(slots_per_core: np.ndarray, rows_per_core: np.ndarray) -> StepCost:
    """The modelled cost of one step from each core's neuron slots and HBM rows read.

    Parameters
    ----------
    slots_per_core : numpy.ndarray of int
        Neuron slots of every core (0 for an unused core, which then costs nothing).
    rows_per_core : numpy.ndarray of int
        HBM rows every core read in the step.

    Returns
    -------
    StepCost

    Examples
    --------
    >>> step_cost(np.array([64, 0]), np.array([9, 0]))
    StepCost(hbm_rows=9, latency=71)
    """
    slots = np.asarray(slots_per_core, dtype=np.int64)
    rows = np.asarray(rows_per_core, dtype=np.int64)
    neuron_cycles = -(-slots // (COLUMNS * POTENTIALS_PER_WORD))
    hbm_cycles = -(-rows * CORE_CLOCK_HZ // HBM_CLOCK_HZ)
    busiest = int((neuron_cycles + hbm_cycles).max(initial=0))
    return StepCost(int(rows.sum()), busiest + STEP_OVERHEAD_CYCLES)
