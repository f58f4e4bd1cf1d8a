"""Exception and warning types raised by L2S.

Every error L2S raises on bad input is an :class:`L2SError`. The concrete
subclasses also derive from the built-in exception a user would naturally
catch (``ValueError``, ``KeyError``, ``TypeError``), so both
``except l2s.L2SError`` and ``except ValueError`` work.
"""

__all__ = [
    "L2SError",
    "InvalidValueError",
    "FileFormatError",
    "UnknownKeyError",
    "InvalidTypeError",
    "CapacityError",
    "TargetUnavailableError",
    "PotentialOverflowError",
    "PotentialOverflowWarning",
]


class L2SError(Exception):
    """Base class of every error raised by L2S."""


class InvalidValueError(L2SError, ValueError):
    """A value is outside what is allowed (weight range, threshold range, ...)."""


class FileFormatError(InvalidValueError):
    """A file is not a readable L2S file of the expected kind (foreign, damaged, newer)."""


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
