"""Exception and warning types raised by L2S.

Every error L2S raises on bad input is an :class:`L2SError`. The concrete
subclasses also derive from the built-in exception a user would naturally
catch (``ValueError``, ``KeyError``, ``TypeError``), so both
``except l2s.L2SError`` and ``except ValueError`` work.
"""
from __future__ import annotations

from typing import Any, Mapping, Optional

__all__ = [
    "L2SError",
    "InvalidValueError",
    "FileFormatError",
    "perturbMagError",
    "UnknownKeyError",
    "InvalidTypeError",
    "CapacityError",
    "TargetUnavailableError",
    "PotentialOverflowError",
    "PotentialOverflowWarning",
    "NSGError",
    "NSGConfigError",
    "NSGConnectionError",
    "NSGAuthError",
    "NSGValidationError",
    "NSGJobNotFoundError",
    "NSGTimeoutError",
    "PreflightError",
]


class L2SError(Exception):
    """Base class of every error raised by L2S.

    Examples
    --------
    >>> import l2s
    >>> try:
    ...     l2s.Network().add_neurons("n", 2, threshold=2 ** 40)
    ... except L2SError as err:
    ...     print(type(err).__name__)
    InvalidValueError
    """


class InvalidValueError(L2SError, ValueError):
    """A value is outside what is allowed (weight range, threshold range, ...).

    Examples
    --------
    >>> import l2s
    >>> net = l2s.Network()
    >>> a, n = net.add_axons("a", 1), net.add_neurons("n", 1, threshold=0)
    >>> net.connect(a, n, pre=[0], post=[0], weight=40000)
    Traceback (most recent call last):
    ...
    l2s.errors.InvalidValueError: weight of 'a' -> 'n' = 40000 is outside ... [-32768, 32767]
    """


class FileFormatError(InvalidValueError):
    """A file is not a readable L2S file of the expected kind (foreign, damaged, newer).

    Examples
    --------
    >>> import os, tempfile, l2s
    >>> path = os.path.join(tempfile.mkdtemp(), "notes.txt")
    >>> _ = open(path, "w").write("not a network")
    >>> try:
    ...     l2s.load(path)
    ... except FileFormatError as err:
    ...     print(type(err).__name__)
    FileFormatError
    """


class perturbMagError(InvalidValueError):  # noqa: N801 -- hs_api's public name
    """``perturbMag`` (hs_api's noise magnitude) is not an int in [0, 35].

    ``e.args`` is hs_api's ``('bad perturbMag',)``, so scripts that test for
    it keep working; ``str(e)`` also names the value and the limits.

    Examples
    --------
    >>> err = perturbMagError(40)
    >>> err.args
    ('bad perturbMag',)
    >>> print(err)
    bad perturbMag: perturbMag = 40 must be an int in [0, 35] (the noise shift is perturbMag - 16)
    >>> isinstance(err, ValueError) and isinstance(err, L2SError)
    True
    """

    #: hs_api's range of ``perturbMag``.
    LIMITS = (0, 35)

    def __init__(self, value: object) -> None:
        super().__init__("bad perturbMag")
        self.value = value

    def __str__(self) -> str:
        lo, hi = self.LIMITS
        return (f"bad perturbMag: perturbMag = {self.value!r} must be an int in [{lo}, {hi}] "
                "(the noise shift is perturbMag - 16)")


class UnknownKeyError(L2SError, KeyError):
    """A key (axon, neuron, population, synapse) does not exist.

    Examples
    --------
    >>> import l2s
    >>> try:
    ...     l2s.Network().population("exc")
    ... except KeyError as err:  # also a KeyError
    ...     print(err)
    no population named 'exc'; populations: []
    """

    def __str__(self) -> str:
        # KeyError quotes its argument; show the message as written instead.
        return str(self.args[0]) if self.args else ""


class InvalidTypeError(L2SError, TypeError):
    """An argument has the wrong type (e.g. axons given as a list, not a dict).

    Examples
    --------
    >>> import l2s
    >>> l2s.Network().add_axons(3, 2)
    Traceback (most recent call last):
    ...
    l2s.errors.InvalidTypeError: population name must be a non-empty str, got 3
    """


class CapacityError(L2SError, ValueError):
    """A network does not fit the hardware capacities it is mapped onto.

    Examples
    --------
    >>> from l2s.examples import random_recurrent
    >>> from l2s.partition import HardwareSpec, partition
    >>> partition(random_recurrent(40, fanout=2).compile(),
    ...           HardwareSpec(cores_per_fpga=2, neurons_per_core=16))
    Traceback (most recent call last):
    ...
    l2s.errors.CapacityError: the network has 40 neurons but ... neurons_per_core = 16); ...
    """


class TargetUnavailableError(L2SError, RuntimeError):
    """An execution target was requested that this installation cannot reach.

    Examples
    --------
    >>> issubclass(TargetUnavailableError, RuntimeError), issubclass(TargetUnavailableError,
    ...                                                               L2SError)
    (True, True)
    """


class PotentialOverflowError(L2SError, ArithmeticError):
    """A membrane potential left the signed 35-bit range of the hardware.

    Raised by the simulator when created with ``overflow="raise"``.

    Examples
    --------
    >>> import numpy as np
    >>> import l2s
    >>> net = l2s.Network()
    >>> a, n = net.add_axons("a", 1), net.add_neurons("n", 1, threshold=0)
    >>> _ = net.connect(a, n, pre=[0] * 4096, post=[0] * 4096, weight=-32768)  # -2**27 a step
    >>> sim = l2s.Simulator(net.compile(), overflow="raise")
    >>> sim.run(200, inputs=np.ones((200, 1), dtype=bool))
    Traceback (most recent call last):
    ...
    l2s.errors.PotentialOverflowError: membrane potential of neuron 0 reached -17314086912 ...
    """


class PotentialOverflowWarning(RuntimeWarning):
    """Warning counterpart of :class:`PotentialOverflowError`.

    Issued instead of the error by a simulator with ``overflow="warn"``.

    Examples
    --------
    >>> issubclass(PotentialOverflowWarning, RuntimeWarning)
    True
    """


class NSGError(L2SError, RuntimeError):
    """A request to the Neuroscience Gateway (NSG-R) failed or was refused.

    Examples
    --------
    >>> issubclass(NSGError, L2SError), issubclass(NSGError, RuntimeError)
    (True, True)
    """


class NSGConfigError(NSGError):
    """NSG settings (user name, password, application id, URL) are missing or malformed.

    Examples
    --------
    >>> str(NSGConfigError("no NSG user name: set NSG_USERNAME"))
    'no NSG user name: set NSG_USERNAME'
    """


class NSGConnectionError(NSGError):
    """NSG could not be reached, or kept failing (5xx, timeouts) after the retries.

    Examples
    --------
    >>> issubclass(NSGConnectionError, NSGError)
    True
    """


class NSGAuthError(NSGError):
    """NSG refused the credentials or the application id (HTTP 401/403).

    Examples
    --------
    >>> issubclass(NSGAuthError, NSGError)
    True
    """


class NSGValidationError(NSGError, ValueError):
    """NSG rejected the job's parameters; ``param_errors`` maps each parameter to its error.

    Examples
    --------
    >>> e = NSGValidationError("job refused", {"runtime_": "must be at most 48"})
    >>> e.param_errors
    {'runtime_': 'must be at most 48'}
    """

    def __init__(self, message: str, param_errors: Optional[Mapping[str, str]] = None) -> None:
        super().__init__(message)
        self.param_errors = dict(param_errors or {})


class NSGJobNotFoundError(NSGError, LookupError):
    """NSG knows no job with the given handle for this user.

    Examples
    --------
    >>> issubclass(NSGJobNotFoundError, LookupError)
    True
    """


class NSGTimeoutError(NSGError):
    """A job did not reach a terminal stage within the time allowed to wait for it.

    Examples
    --------
    >>> issubclass(NSGTimeoutError, NSGError)
    True
    """


class PreflightError(NSGError, ValueError):
    """A job imports packages the CRI servers lack or needs a newer Python; ``report`` says which.

    Examples
    --------
    >>> PreflightError("job imports torch").report is None
    True
    """

    def __init__(self, message: str, report: Any = None) -> None:
        super().__init__(message)
        self.report = report
