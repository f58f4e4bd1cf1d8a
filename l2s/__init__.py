"""L2S: spiking neural networks as graphs, for the CRI neuromorphic hardware.

The pipeline is build (:class:`Network`) -> compile (:class:`CompiledNetwork`)
-> run on a :class:`Target`: the :class:`Simulator`, or (:mod:`l2s.hw`) the
``Emulator`` of the hardware image and the ``CommandRecorder``; every stage
saves to a file that :func:`load` reads back. The original API lives in
:mod:`l2s.api` (``CRI_network``).
"""
from ._version import __version__
from .errors import (CapacityError, FileFormatError, InvalidTypeError, InvalidValueError, L2SError,
                     PotentialOverflowError, PotentialOverflowWarning, TargetUnavailableError,
                     UnknownKeyError)
from .graph import CompiledNetwork, Network, Population, Projection, from_l2s
from .files import info, load
from .record import SpikeRecord
from .sim import Simulator
from .target import Target

__all__ = ["__version__", "Network", "CompiledNetwork", "Population", "Projection", "from_l2s",
           "Simulator", "Target", "SpikeRecord", "load", "info",
           "L2SError", "FileFormatError", "InvalidValueError", "InvalidTypeError",
           "UnknownKeyError", "CapacityError", "TargetUnavailableError",
           "PotentialOverflowError", "PotentialOverflowWarning"]
