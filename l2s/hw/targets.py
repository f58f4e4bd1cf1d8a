"""The hardware targets of ``CRI_network``: the emulator, and the recorded command stream.

Both follow the backend interface of :class:`l2s.Simulator` (``step``,
``run``, ``potentials``, ``reset``, ``read_weight``, ``write_weight``); a
synapse is named by its position in the compiled CSR arrays and located in
the image by decoding words (:func:`l2s.hw.locate_synapse`), as the host
does on the hardware.
"""
from __future__ import annotations

import importlib.util
from typing import Any, List, Optional, Tuple

import numpy as np

from .._files import atomic_write
from .._validation import check_int
from ..errors import CapacityError, TargetUnavailableError
from ..graph.compiled import CompiledNetwork
from ..inputs import input_csr
from ..partition import HardwareSpec, partition
from ..record import SpikeRecord
from .build import build_image, build_image_at
from .emulator import Emulator
from .image import HardwareImage
from .stream import (load_commands, read_potential_commands, read_row_commands, step_commands,
                     write_row_commands)

__all__ = ["EmulatorTarget", "CommandRecorder", "image_for_target", "hardware_target"]

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


class EmulatorTarget:
    """``CRI_network(target='emulator')``: the network's image run by the :class:`Emulator`.

    Parameters
    ----------
    compiled : CompiledNetwork
        Used only to name synapses: a CSR position becomes ``(pre, post,
        copy)``, which is then found in the image's words.
    image : HardwareImage

    Examples
    --------
    >>> from l2s.examples import docs_example
    >>> from l2s import from_l2s
    >>> compiled = from_l2s(**docs_example()).compile()
    >>> target = EmulatorTarget(compiled, image_for_target(compiled))
    >>> target.step([0, 1]).tolist(), target.step([0]).tolist(), target.step([]).tolist()
    ([], [], [0])
    """

    def __init__(self, compiled: CompiledNetwork, image: HardwareImage) -> None:
        self._compiled = compiled
        self.image = image
        self.emulator = Emulator(image)

    def step(self, axons: Any = ()) -> np.ndarray:
        """One step; the output neurons that fired, ascending."""
        return self.emulator.step(axons)

    def run(self, steps: Optional[int] = None, inputs: Any = None, **kwargs: Any) -> SpikeRecord:
        """Many steps (see :meth:`Emulator.run`)."""
        return self.emulator.run(steps, inputs, **kwargs)

    @property
    def potentials(self) -> np.ndarray:
        """Potential of every neuron (int64)."""
        return self.emulator.potentials

    def reset(self) -> None:
        """Clear the potentials and the step counter."""
        self.emulator.reset()

    def _synapse(self, source: str, position: int) -> Tuple[int, int, int]:
        """``(pre, post, copy)`` of the compiled synapse ``position`` of ``source``."""
        indptr, indices, _ = self._compiled.csr(source)
        pre = int(np.searchsorted(indptr, position, side="right")) - 1
        post = int(indices[position])
        copy = int(np.count_nonzero(indices[indptr[pre]:position] == post))
        return pre, post, copy

    def read_weight(self, source: str, position: int) -> int:
        """Weight of the compiled synapse ``position`` of ``source``, read from its word."""
        return self.emulator.read_synapse(source, *self._synapse(source, int(position)))

    def write_weight(self, source: str, positions: Any, weight: int) -> None:
        """Rewrite the words of the compiled synapses ``positions`` of ``source``."""
        for position in np.atleast_1d(positions).tolist():
            pre, post, copy = self._synapse(source, position)
            self.emulator.write_synapse(source, pre, post, weight, copy)


class CommandRecorder(EmulatorTarget):
    """``CRI_network(target='CRI', simDump=True)``: records the packets instead of sending them.

    Every call appends the packets the host would send (the image load at
    construction, then inputs and STEP, potential and row read-backs, row
    rewrites for synapse writes); the answers come from the emulator
    executing the same image. :meth:`flush` writes the stream.

    Examples
    --------
    >>> from l2s.examples import docs_example
    >>> from l2s import from_l2s
    >>> compiled = from_l2s(**docs_example()).compile()
    >>> rec = CommandRecorder(compiled, image_for_target(compiled))
    >>> rec.step([0]).tolist(), rec.commands.shape[1]
    ([], 128)
    """

    def __init__(self, compiled: CompiledNetwork, image: HardwareImage) -> None:
        super().__init__(compiled, image)
        self._packets: List[np.ndarray] = [load_commands(image)]

    @property
    def commands(self) -> np.ndarray:
        """Every packet recorded so far, ``(n, 128)`` uint32."""
        return np.concatenate(self._packets)

    def step(self, axons: Any = ()) -> np.ndarray:
        fired = super().step(axons)  # checks the indices before anything is recorded
        self._packets.append(step_commands(self.image, axons))
        return fired

    def run(self, steps: Optional[int] = None, inputs: Any = None, **kwargs: Any) -> SpikeRecord:
        indptr, indices = input_csr(inputs, steps, self.image.n_axons)
        record = super().run(None, (indptr, indices), **kwargs)
        self._packets.extend(step_commands(self.image, indices[indptr[s]:indptr[s + 1]])
                             for s in range(indptr.size - 1))
        return record

    @property
    def potentials(self) -> np.ndarray:
        """Potential of every neuron; records the read-back packets."""
        self._packets.append(read_potential_commands(self.image))
        return super().potentials

    def read_weight(self, source: str, position: int) -> int:
        address = self.emulator.locate(source, *self._synapse(source, int(position)))
        self._packets.append(read_row_commands(self.image, address.core, address.row))
        return super().read_weight(source, position)

    def write_weight(self, source: str, positions: Any, weight: int) -> None:
        for position in np.atleast_1d(positions).tolist():
            pre, post, copy = self._synapse(source, position)
            address = self.emulator.write_synapse(source, pre, post, weight, copy)
            self._packets.append(write_row_commands(self.image, address.core, address.row,
                                                    self.emulator.row(address)))

    def flush(self, file: Any) -> str:
        """Write the recorded packets to ``file``, one packet per line in hex; returns the text.

        Each line is the packet's 512 bytes as 1,024 hex digits, in the
        order they are sent (little-endian words, as on the wire).
        """
        text = "".join(packet.astype("<u4").tobytes().hex() + "\n" for packet in self.commands)
        with atomic_write(file, "w") as f:
            f.write(text)
        return text


def hardware_target(compiled: CompiledNetwork, target: str, sim_dump: bool = False,
                    core: int = 0) -> EmulatorTarget:
    """The backend of ``CRI_network`` for ``target`` ``'emulator'`` or ``'CRI'``.

    Raises
    ------
    TargetUnavailableError
        For ``'CRI'`` without ``simDump``: commands are sent through the
        ``hs_bridge`` package, which only the CRI servers have.

    Examples
    --------
    >>> from l2s.examples import docs_example
    >>> from l2s import from_l2s
    >>> type(hardware_target(from_l2s(**docs_example()).compile(), "emulator")).__name__
    'EmulatorTarget'
    """
    if target == "CRI" and not sim_dump:
        found = importlib.util.find_spec(BRIDGE) is not None
        raise TargetUnavailableError(
            f"target 'CRI' sends its commands through the {BRIDGE} package, which "
            + ("is installed but not supported by this L2S yet" if found else
               "is not installed (it exists on the CRI servers only)")
            + "; use simDump=True to record the command stream, or target='emulator' to run "
              "the hardware image locally")
    image = image_for_target(compiled, core)
    return CommandRecorder(compiled, image) if target == "CRI" else EmulatorTarget(compiled, image)
