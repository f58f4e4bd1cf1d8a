"""How ``CRI_network`` (:mod:`l2s.api`) picks and builds its target from the original arguments.

The original library's names belong to the facade, not to the pipeline:
``target`` (``None``/``'simpleSim'``/``'simulator'``, ``'emulator'``,
``'CRI'``), ``simDump``, ``coreID`` and the ``hs_bridge`` package that
carries commands to the hardware. This module turns them into one of the
pipeline's :class:`l2s.Target` classes.
"""
from __future__ import annotations

import importlib.util
from typing import Optional

import numpy as np

from ._validation import check_int
from .errors import CapacityError, InvalidValueError, TargetUnavailableError
from .graph.compiled import CompiledNetwork
from .hw import CommandRecorder, Emulator, HardwareImage, build_image, build_image_at
from .partition import HardwareSpec, partition
from .sim import Simulator
from .target import Target

__all__ = ["SIMULATOR_TARGETS", "HARDWARE_TARGETS", "BRIDGE", "image_for_target", "make_target"]

#: Target names that run on the local simulator (``None`` is the default).
SIMULATOR_TARGETS = (None, "simpleSim", "simulator")
#: Target names that run the hardware image (on the emulator, or recorded for the hardware).
HARDWARE_TARGETS = ("CRI", "emulator")
#: The package that carries commands to the CRI hardware (present on the CRI servers).
BRIDGE = "hs_bridge"


def image_for_target(compiled: CompiledNetwork, core: int = 0) -> HardwareImage:
    """The image ``CRI_network`` runs: on one core if the network fits, else over one FPGA.

    A network that fits one core gets the original library's layout on core
    ``core`` (``CRI_network(coreID=...)``): neuron ``i`` at local index
    ``i``, i.e. column ``i % 16``, row ``i // 16``. A larger one is
    partitioned with METIS over the 32 cores of one FPGA.

    Examples
    --------
    >>> from l2s.examples import random_recurrent
    >>> image = image_for_target(random_recurrent(50, fanout=3).compile(), core=5)
    >>> image.used_cores.tolist(), image.neuron_local[:3].tolist()
    ([5], [0, 1, 2])
    """
    spec = HardwareSpec()
    core = check_int(core, "coreID", 0, spec.n_cores - 1)
    n = compiled.n_neurons
    try:
        return build_image_at(compiled, spec, np.full(n, core), np.arange(n))
    except CapacityError:
        return build_image(compiled, partition(compiled, spec, method="metis"))


def make_target(compiled: CompiledNetwork, target: Optional[str], sim_dump: bool = False,
                core: int = 0, seed: Optional[int] = None) -> Target:
    """The target ``CRI_network(target=..., simDump=..., coreID=...)`` runs on.

    ``None``, ``'simpleSim'`` and ``'simulator'`` give a :class:`l2s.Simulator`;
    ``'emulator'`` an :class:`l2s.hw.Emulator` of :func:`image_for_target`;
    ``'CRI'`` with ``simDump`` a :class:`l2s.hw.CommandRecorder` of it.
    ``seed`` seeds the noise of any of them.

    Raises
    ------
    InvalidValueError
        For an unknown target name.
    TargetUnavailableError
        For ``'CRI'`` without ``simDump``: commands are sent through the
        ``hs_bridge`` package, which only the CRI servers have.

    Examples
    --------
    >>> from l2s.examples import docs_example
    >>> from l2s import from_l2s
    >>> compiled = from_l2s(**docs_example()).compile()
    >>> [type(make_target(compiled, name, sim_dump=True)).__name__
    ...  for name in (None, "emulator", "CRI")]
    ['Simulator', 'Emulator', 'CommandRecorder']
    """
    if target in SIMULATOR_TARGETS:
        return Simulator(compiled, seed=seed)
    if target not in HARDWARE_TARGETS:
        raise InvalidValueError(f"unknown target {target!r}; allowed: "
                                f"{list(SIMULATOR_TARGETS + HARDWARE_TARGETS)}")
    if target == "CRI" and not sim_dump:
        found = importlib.util.find_spec(BRIDGE) is not None
        raise TargetUnavailableError(
            f"target 'CRI' sends its commands through the {BRIDGE} package, which "
            + ("is installed but not supported by this L2S yet" if found else
               "is not installed (it exists on the CRI servers only)")
            + "; use simDump=True to record the command stream, or target='emulator' to run "
              "the hardware image locally")
    image = image_for_target(compiled, core)
    if target == "CRI":
        return CommandRecorder(image, compiled=compiled, seed=seed)
    return Emulator(image, compiled=compiled, seed=seed)
