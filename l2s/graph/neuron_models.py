"""hs_api's per-neuron models: value objects giving a neuron's threshold, noise shift and leak.

``LIF_neuron(threshold, shift, leak)`` and ``ANN_neuron(threshold, shift,
leak=0)`` carry the three parameters of one neuron of the ``hs-2024``
semantics (``docs/semantics.md``); one step of such a neuron is::

    V = V + noise(shift)            # only when some neuron's shift != -16
    if V >= threshold: fire, V = 0
    V = V - (V >> leak)             # every neuron; leak 0 clears V (memory-less)
    V = V + weights of the distinct active axons and fired neurons

The two classes differ only in the default leak and in their name (the model
code stored in :attr:`l2s.CompiledNetwork.model`, informative only under
``hs-2024``): an ``ANN_neuron`` is an ``LIF_neuron`` that forgets. Both are
accepted by :meth:`l2s.Network.add_neurons` (``model=LIF_neuron(...)``) and
in ``CRI_network`` connections ``{key: ([(post, weight), ...], model)}``.
"""
from __future__ import annotations

from typing import Any, Tuple

from .._validation import check_int
from .models import (LEAK_MAX, MODEL_ANN, MODEL_LIF, SHIFT_MAX, SHIFT_MIN, THRESHOLD_MAX,
                     THRESHOLD_MIN)

__all__ = ["LIF_neuron", "ANN_neuron", "HsNeuronModel"]


class HsNeuronModel:
    """Base of hs_api's neuron models: ``threshold``, ``shift`` and ``leak``, checked.

    Instances are immutable values: equal when of the same class with equal
    parameters, hashable, with a repr that rebuilds them.

    Parameters
    ----------
    threshold : int
        Signed 35-bit; the neuron fires when ``V >= threshold``.
    shift : int
        Noise shift in ``[-16, 19]`` (hs_api's ``perturbMag - 16``): the odd
        noise draw in ``[-2**16, 2**16]`` is shifted left by ``shift`` if
        positive, right by ``-shift`` if negative. No noise is drawn only
        when every neuron of the network has ``shift == -16``.
    leak : int
        ``V -= V >> leak`` after the threshold test, ``[0, 63]``; 0 clears.

    Raises
    ------
    InvalidTypeError, InvalidValueError
        For a parameter that is not an int or is out of range; the message
        names the parameter, the value and the limits.

    Examples
    --------
    >>> LIF_neuron(5, -16, 2).parameters
    (5, -16, 2)
    """

    #: Model code stored in ``CompiledNetwork.model``.
    code = MODEL_LIF
    __slots__ = ("_threshold", "_shift", "_leak")

    def __init__(self, threshold: int, shift: int, leak: int) -> None:
        name = type(self).__name__
        self._threshold = check_int(threshold, f"{name} threshold", THRESHOLD_MIN, THRESHOLD_MAX)
        self._shift = check_int(shift, f"{name} shift", SHIFT_MIN, SHIFT_MAX)
        self._leak = check_int(leak, f"{name} leak", 0, LEAK_MAX)

    @property
    def threshold(self) -> int:
        """Firing threshold (``V >= threshold`` fires).

        Examples
        --------
        >>> LIF_neuron(5, -16, 2).threshold
        5
        """
        return self._threshold

    @property
    def shift(self) -> int:
        """Noise shift (-16 everywhere: no noise).

        Examples
        --------
        >>> ANN_neuron(1, 3).shift
        3
        """
        return self._shift

    @property
    def leak(self) -> int:
        """Leak shift (``V -= V >> leak``; 0 clears the potential every step).

        Examples
        --------
        >>> ANN_neuron(1, -16).leak
        0
        """
        return self._leak

    @property
    def parameters(self) -> Tuple[int, int, int]:
        """``(threshold, shift, leak)``.

        Examples
        --------
        >>> ANN_neuron(7, -16).parameters
        (7, -16, 0)
        """
        return self._threshold, self._shift, self._leak

    # hs_api's accessor names, for scripts that call them.
    def get_threshold(self) -> int:
        """hs_api spelling of :attr:`threshold`.

        Examples
        --------
        >>> LIF_neuron(5, -16, 2).get_threshold()
        5
        """
        return self._threshold

    def get_shift(self) -> int:
        """hs_api spelling of :attr:`shift`.

        Examples
        --------
        >>> LIF_neuron(5, -16, 2).get_shift()
        -16
        """
        return self._shift

    def get_leak(self) -> int:
        """hs_api spelling of :attr:`leak`.

        Examples
        --------
        >>> LIF_neuron(5, -16, 2).get_leak()
        2
        """
        return self._leak

    def __eq__(self, other: Any) -> bool:
        return type(other) is type(self) and other.parameters == self.parameters

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.parameters))

    def __repr__(self) -> str:
        return f"{type(self).__name__}(threshold={self._threshold}, shift={self._shift}, " \
               f"leak={self._leak})"


class LIF_neuron(HsNeuronModel):  # noqa: N801 -- hs_api's public name
    """A leaky integrate-and-fire neuron of the ``hs-2024`` semantics.

    ``LIF_neuron(threshold, shift, leak)``: see :class:`HsNeuronModel` for
    the parameters and the update.

    Examples
    --------
    >>> LIF_neuron(5, -16, 2)
    LIF_neuron(threshold=5, shift=-16, leak=2)
    >>> LIF_neuron(5, -16, 2) == LIF_neuron(5, -16, 2), LIF_neuron(5, -16, 2) == ANN_neuron(5, -16, 2)
    (True, False)
    """

    __slots__ = ()


class ANN_neuron(HsNeuronModel):  # noqa: N801 -- hs_api's public name
    """A memory-less neuron: an :class:`LIF_neuron` whose leak defaults to 0.

    ``ANN_neuron(threshold, shift, leak=0)``; with leak 0 only the current
    step's input counts.

    Examples
    --------
    >>> ANN_neuron(3, -16)
    ANN_neuron(threshold=3, shift=-16, leak=0)
    """

    code = MODEL_ANN
    __slots__ = ()

    def __init__(self, threshold: int, shift: int, leak: int = 0) -> None:
        super().__init__(threshold, shift, leak)
