"""Neuron models of the CRI hardware and the exact integer update of each.

Every model shares the same step (see ``docs/semantics.md``): a neuron whose
potential ``V`` is strictly greater than its ``threshold`` fires and is reset
to ``V = 0``; otherwise the model's own update below applies. Afterwards the
weights of every active axon's and every fired neuron's synapses are added.
The codes are the values stored in :attr:`l2s.CompiledNetwork.model`.

This module is the one definition of the semantics constants: the model
codes (:data:`MODEL_IF`, :data:`MODEL_LIF`, :data:`MODEL_ANN`), the range
of potentials and thresholds (:data:`POTENTIAL_MIN`, :data:`POTENTIAL_MAX`),
the threshold tests (:func:`fires`, and :func:`reaches` of the ``hs-2024``
semantics), the leak (:func:`leaked`), the two semantics a network may
choose (:data:`SEMANTICS`) and the range of the noise shift
(:data:`SHIFT_MIN`, :data:`SHIFT_MAX`, :data:`SHIFT_NO_NOISE`).

The semantics of a step is a property of the network (``docs/semantics.md``):

- ``"l2s-2022"`` (:data:`L2S_2022`, the default): ``V > threshold`` fires;
  a neuron that does not fire applies its model (``I&F``, ``LI&F``, ``ANN``);
  an axon listed twice in a step delivers twice.
- ``"hs-2024"`` (:data:`HS_2024`, hs_api's successor semantics):
  ``V >= threshold`` fires; every neuron then leaks, ``V -= V >> leak``
  (the model code is not used; ``I&F`` does not exist); the distinct active
  axons deliver once each.

In both, noise (:mod:`l2s.graph.noise`) is added first when any neuron's
shift differs from :data:`SHIFT_NO_NOISE`. The
simulator's compiled kernel, the word-level emulator and the image builder
all import them from here (numba reads the integer globals as compile-time
constants and compiles the two functions into its kernel).
"""
from __future__ import annotations

import numbers
from dataclasses import dataclass
from typing import Any, Dict, Union

import numpy as np

from .._validation import fail
from ..errors import InvalidTypeError

__all__ = ["NeuronModel", "IF", "LIF", "ANN", "MODELS", "model_code", "fires", "leaked",
           "MODEL_IF", "MODEL_LIF", "MODEL_ANN", "POTENTIAL_MIN", "POTENTIAL_MAX",
           "THRESHOLD_MIN", "THRESHOLD_MAX", "WEIGHT_MIN", "WEIGHT_MAX", "LEAK_MAX",
           "DEFAULT_LEAK", "reaches", "SEMANTICS", "L2S_2022", "HS_2024", "SHIFT_MIN",
           "SHIFT_MAX", "SHIFT_NO_NOISE", "noise_enabled"]

#: Model codes, as stored in ``CompiledNetwork.model`` and in the URAM parameter word.
MODEL_IF = 0
MODEL_LIF = 1
MODEL_ANN = 2
#: Signed 35-bit range of potentials on the hardware (hs_api fixed-point model).
POTENTIAL_MIN = -(2 ** 34)
POTENTIAL_MAX = 2 ** 34 - 1
#: Thresholds share the potentials' range (they are compared with them).
THRESHOLD_MIN = POTENTIAL_MIN
THRESHOLD_MAX = POTENTIAL_MAX
#: Signed 16-bit synaptic weights (low half of an HBM synapse word).
WEIGHT_MIN = -(2 ** 15)
WEIGHT_MAX = 2 ** 15 - 1
#: Largest shift of the leak; with 35-bit potentials any larger shift is equivalent.
LEAK_MAX = 63
#: Leak the original L2S uses for ``LI&F`` when none is given.
DEFAULT_LEAK = 3
#: The original L2S step (strict ``>``, model update, repeated axons deliver again).
L2S_2022 = "l2s-2022"
#: hs_api's step (``>=``, every neuron leaks after firing, distinct axons deliver once).
HS_2024 = "hs-2024"
#: The semantics a network may choose; the first is the default.
SEMANTICS = (L2S_2022, HS_2024)
#: Range of the per-neuron noise shift: hs_api's ``perturbMag`` in [0, 35] minus 16.
SHIFT_MIN = -16
SHIFT_MAX = 19
#: The shift that, when every neuron has it, means "no noise at all" (hs_api's rule).
SHIFT_NO_NOISE = -16


@dataclass(frozen=True)
class NeuronModel:
    """A neuron model: its name in configs, its code in compiled arrays, its update.

    Attributes
    ----------
    name : str
        Name used in L2S configs (``'I&F'``, ``'LI&F'``, ``'ANN'``).
    code : int
        Value stored in ``CompiledNetwork.model``.
    update : str
        The exact integer update applied in phase one when the neuron does
        not fire (a firing neuron always resets to ``V = 0``).

    Examples
    --------
    >>> LIF.code, LIF.update
    (1, 'V = V - (V >> leak)')
    >>> MODELS["ANN"] is ANN
    True
    """

    name: str
    code: int
    update: str


#: Integrate and fire: the potential is kept.
IF = NeuronModel("I&F", MODEL_IF, "V = V")
#: Leaky integrate and fire: arithmetic shift, i.e. floor division by
#: ``2**leak``. Negative potentials decay to 0 (``-1 - (-1 >> k) = 0``), while
#: positive potentials below ``2**leak`` never leak; ``leak = 0`` clears the
#: potential every step.
LIF = NeuronModel("LI&F", MODEL_LIF, "V = V - (V >> leak)")
#: Memory-less unit: only the current step's input counts.
ANN = NeuronModel("ANN", MODEL_ANN, "V = 0")

#: Models by config name.
MODELS: Dict[str, NeuronModel] = {m.name: m for m in (IF, LIF, ANN)}


def fires(v: Any, threshold: Any) -> Any:
    """The threshold test of phase one: a neuron fires when ``V > threshold``, strictly.

    Works elementwise on numpy arrays and on scalars; the simulator's kernel
    compiles this very function with numba.

    Parameters
    ----------
    v, threshold : int or numpy.ndarray
        Potentials before phase one and the neurons' thresholds.

    Returns
    -------
    bool or numpy.ndarray of bool

    Examples
    --------
    >>> fires(5, 4), fires(4, 4), fires(0, -1)
    (True, False, True)
    """
    return v > threshold


def reaches(v: Any, threshold: Any) -> Any:
    """The threshold test of the ``hs-2024`` semantics: a neuron fires when ``V >= threshold``.

    Works elementwise on numpy arrays and on scalars; the simulator's kernel
    compiles this very function with numba.

    Parameters
    ----------
    v, threshold : int or numpy.ndarray
        Potentials (after the noise) and the neurons' thresholds.

    Returns
    -------
    bool or numpy.ndarray of bool

    Examples
    --------
    >>> reaches(5, 4), reaches(4, 4), reaches(0, 0), reaches(3, 4)
    (True, True, True, False)
    """
    return v >= threshold


def noise_enabled(shift: Any) -> bool:
    """Whether a network with these per-neuron noise shifts draws noise at all.

    hs_api's rule: there is no noise only when *every* neuron has the shift
    :data:`SHIFT_NO_NOISE` (-16); otherwise every neuron gets noise, those
    at -16 too (an odd draw shifted right by 16 is -1 or 0).

    Parameters
    ----------
    shift : array_like of int

    Returns
    -------
    bool

    Examples
    --------
    >>> noise_enabled([-16, -16]), noise_enabled([-16, 0]), noise_enabled([])
    (False, True, False)
    """
    return bool(np.any(np.asarray(shift) != SHIFT_NO_NOISE))


def leaked(v: Any, leak: Any) -> Any:
    """The ``LI&F`` update of a neuron that does not fire: ``V - (V >> leak)``.

    An arithmetic shift, i.e. ``V`` minus ``floor(V / 2**leak)``; works on
    integer numpy arrays and scalars (the simulator's kernel compiles it).

    Parameters
    ----------
    v : int or numpy.ndarray of int
    leak : int or numpy.ndarray of int
        Shift, 0 to :data:`LEAK_MAX`.

    Returns
    -------
    int or numpy.ndarray

    Examples
    --------
    >>> leaked(100, 3), leaked(-5, 1), leaked(-1, 4), leaked(7, 0)
    (88, -2, 0, 0)
    """
    return v - (v >> leak)


def model_code(model: Union[str, int, NeuronModel]) -> int:
    """Return the integer code of a neuron model.

    Parameters
    ----------
    model : str, int or NeuronModel
        A config name (``'I&F'``, ``'LI&F'``, ``'ANN'``), a code, or a model.

    Returns
    -------
    int
        The code stored in compiled arrays.

    Raises
    ------
    InvalidValueError
        If the model is unknown; the message lists the allowed names.
    InvalidTypeError
        For anything but a str, an int (not a bool) or a NeuronModel.

    Examples
    --------
    >>> model_code("LI&F")
    1
    >>> model_code(ANN)
    2
    >>> model_code(np.True_)
    Traceback (most recent call last):
    ...
    l2s.errors.InvalidTypeError: model = ...True... is not allowed: must be a model name (...), a code ...
    """
    if isinstance(model, NeuronModel):
        return model.code
    allowed = ", ".join(repr(n) for n in MODELS)
    if isinstance(model, str):
        if model in MODELS:
            return MODELS[model].code
        raise fail("model", model, f"is not a neuron model; choose one of {allowed}")
    if isinstance(model, (bool, np.bool_)) or not isinstance(model, numbers.Integral):
        raise fail("model", model, f"must be a model name ({allowed}), a code or a "
                   "NeuronModel", InvalidTypeError)
    if int(model) not in {m.code for m in MODELS.values()}:
        raise fail("model", model, f"is not a neuron model code; choose one of "
                   f"{sorted(m.code for m in MODELS.values())} or a name ({allowed})")
    return int(model)
