"""Exception and warning types raised by L2S.

Every error L2S raises on bad input is an :class:`L2SError`. The concrete
subclasses also derive from the built-in exception a user would naturally
catch (``ValueError``, ``KeyError``, ``TypeError``), so both
``except l2s.L2SError`` and ``except ValueError`` work.
"""

__all__ = [
    "L2SError",
    "InvalidValueError",
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
    """Base class of every error raised by L2S."""


class InvalidValueError(L2SError, ValueError):
    """A value is outside what is allowed (weight range, threshold range, ...)."""


class UnknownKeyError(L2SError, KeyError):
    """A key (axon, neuron, population, synapse) does not exist."""

    def __str__(self) -> str:
        # KeyError quotes its argument; show the message as written instead.
        return str(self.args[0]) if self.args else ""


class InvalidTypeError(L2SError, TypeError):
    """An argument has the wrong type (e.g. axons given as a list, not a dict)."""


class CapacityError(L2SError, ValueError):
    """A network does not fit the hardware capacities it is mapped onto."""


class TargetUnavailableError(L2SError, RuntimeError):
    """An execution target was requested that this installation cannot reach."""


class PotentialOverflowError(L2SError, ArithmeticError):
    """A membrane potential left the signed 35-bit range of the hardware."""


class PotentialOverflowWarning(RuntimeWarning):
    """Warning counterpart of :class:`PotentialOverflowError`."""


class NSGError(L2SError, RuntimeError):
    """A request to the Neuroscience Gateway (NSG-R) failed or was refused."""


class NSGConfigError(NSGError):
    """NSG settings (user name, password, application id, URL) are missing or malformed."""


class NSGConnectionError(NSGError):
    """NSG could not be reached, or kept failing (5xx, timeouts) after the retries."""


class NSGAuthError(NSGError):
    """NSG refused the credentials or the application id (HTTP 401/403)."""


class NSGValidationError(NSGError, ValueError):
    """NSG rejected the job's parameters; ``param_errors`` maps each parameter to its error."""

    def __init__(self, message: str, param_errors=None) -> None:
        super().__init__(message)
        self.param_errors = dict(param_errors or {})


class NSGJobNotFoundError(NSGError, LookupError):
    """NSG knows no job with the given handle for this user."""


class NSGTimeoutError(NSGError):
    """A job did not reach a terminal stage within the time allowed to wait for it."""


class PreflightError(NSGError, ValueError):
    """A job imports packages the CRI servers lack or needs a newer Python; ``report`` says which."""

    def __init__(self, message: str, report=None) -> None:
        super().__init__(message)
        self.report = report
