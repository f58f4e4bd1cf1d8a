"""The recorded command stream as a target: the packets the host would send, answered locally."""
from __future__ import annotations

from typing import Any, List, Optional

import numpy as np

from .._files import atomic_write
from .._locking import Locked, locked
from .._validation import check_index_array
from ..graph.compiled import CompiledNetwork
from ..inputs import input_csr
from ..record import SpikeRecord
from ..target import check_positions
from .emulator import Emulator
from .image import HardwareImage
from .stream import (clear_commands, load_commands, read_potential_commands, read_row_commands,
                     step_commands, write_row_commands)

__all__ = ["CommandRecorder"]


class CommandRecorder(Locked):
    """Records the host's command packets for an image; the :class:`Emulator` answers.

    An :class:`l2s.Target`, like :class:`l2s.Simulator` and
    :class:`Emulator`. Every call appends the packets the host would send
    to the hardware (see ``docs/hardware-image.md``), and returns what the
    emulator, executing the same image, computes:

    - construction: the image load (:func:`~l2s.hw.load_commands`);
    - :meth:`step`, :meth:`run`: each step's INPUT packets and a STEP;
    - :attr:`potentials`: a READ_POTENTIALS per used core;
    - :meth:`reset`: a CLEAR per used core;
    - :meth:`read_weight`: a READ_HBM of the synapse's row;
    - :meth:`write_weight`: a WRITE_HBM of each written synapse's row.

    A call that raises records nothing and changes nothing. Safe to share
    between threads: every method holds :attr:`lock` (and so records its
    packets and runs its steps as one atomic call).
    ``CRI_network(target='CRI', simDump=True)`` runs on this class, and
    :meth:`flush` is its ``sim_flush``.

    Parameters
    ----------
    image : HardwareImage
    compiled : CompiledNetwork, optional
        The network ``image`` was built from; needed only to name synapses
        by compiled CSR position (as for :class:`Emulator`).
    seed : int, optional
        Seed of the emulator's noise (as for :class:`Emulator`).

    Attributes
    ----------
    image : HardwareImage
        The image as loaded (synapse writes are in ``emulator.image``).
    emulator : Emulator
        The emulator that answers.

    Examples
    --------
    >>> import l2s
    >>> from l2s.examples import docs_example
    >>> from l2s.hw import build_image_at, decode_packets
    >>> from l2s.partition import HardwareSpec
    >>> compiled = l2s.from_l2s(**docs_example()).compile()
    >>> image = build_image_at(compiled, HardwareSpec(), [0] * 4, range(4))
    >>> rec = CommandRecorder(image, compiled=compiled)
    >>> n_load = len(rec.commands)
    >>> rec.step([0]).tolist(), isinstance(rec, l2s.Target)
    ([], True)
    >>> [p.opcode for p in decode_packets(rec.commands[n_load:])]
    ['INPUT', 'STEP']
    """

    def __init__(self, image: HardwareImage, *, compiled: Optional[CompiledNetwork] = None,
                 seed: Optional[int] = None) -> None:
        super().__init__()
        self.emulator = Emulator(image, compiled=compiled, seed=seed)
        self.image = image
        self._packets: List[np.ndarray] = [load_commands(image)]

    @property
    @locked
    def commands(self) -> np.ndarray:
        """Every packet recorded so far, ``(n, 128)`` uint32.

        Examples
        --------
        >>> from l2s.examples import docs_example
        >>> from l2s import from_l2s
        >>> from l2s.hw import build_image_at
        >>> from l2s.partition import HardwareSpec
        >>> compiled = from_l2s(**docs_example()).compile()
        >>> rec = CommandRecorder(build_image_at(compiled, HardwareSpec(), [0] * 4, range(4)))
        >>> rec.commands.shape[1], rec.commands.dtype
        (128, dtype('uint32'))
        """
        return np.concatenate(self._packets)

    @property
    @locked
    def t(self) -> int:
        """Number of steps run since construction or the last :meth:`reset`.

        Examples
        --------
        >>> from l2s.examples import docs_example
        >>> from l2s import from_l2s
        >>> from l2s.hw import build_image_at
        >>> from l2s.partition import HardwareSpec
        >>> compiled = from_l2s(**docs_example()).compile()
        >>> rec = CommandRecorder(build_image_at(compiled, HardwareSpec(), [0] * 4, range(4)))
        >>> _ = rec.run(5)
        >>> rec.t
        5
        """
        return self.emulator.t

    # -- execution -----------------------------------------------------------
    @locked
    def step(self, axons: Any = ()) -> np.ndarray:
        """Record one step's packets and run it; :meth:`l2s.Target.step`.

        Examples
        --------
        >>> from l2s.examples import docs_example
        >>> from l2s import from_l2s
        >>> from l2s.hw import build_image_at
        >>> from l2s.partition import HardwareSpec
        >>> compiled = from_l2s(**docs_example()).compile()
        >>> rec = CommandRecorder(build_image_at(compiled, HardwareSpec(), [0] * 4, range(4)))
        >>> rec.step([0, 1]).tolist(), rec.step([0]).tolist(), rec.step([]).tolist()
        ([], [], [0])
        """
        axons = check_index_array(axons, "axons", self.image.n_axons, "the axons")
        packets = step_commands(self.image, axons)
        fired = self.emulator.step(axons)
        self._packets.append(packets)
        return fired

    @locked
    def run(self, steps: Optional[int] = None, inputs: Any = None, *,
            record_potentials: Any = None) -> SpikeRecord:
        """Record every step's packets and run them; :meth:`l2s.Target.run`.

        Examples
        --------
        >>> from l2s.examples import docs_example
        >>> from l2s import from_l2s
        >>> from l2s.hw import build_image_at
        >>> from l2s.partition import HardwareSpec
        >>> compiled = from_l2s(**docs_example()).compile()
        >>> rec = CommandRecorder(build_image_at(compiled, HardwareSpec(), [0] * 4, range(4)))
        >>> rec.run(3, inputs=[[0, 1], [0], []]).as_pairs()
        [(2, 0)]
        """
        indptr, indices = input_csr(inputs, steps, self.image.n_axons)
        packets = [step_commands(self.image, indices[indptr[s]:indptr[s + 1]])
                   for s in range(indptr.size - 1)]
        record = self.emulator.run(None, (indptr, indices), record_potentials=record_potentials)
        self._packets.extend(packets)
        return record

    @property
    @locked
    def potentials(self) -> np.ndarray:
        """Potential of every neuron (int64); records the read-back packets.

        Examples
        --------
        >>> from l2s.examples import docs_example
        >>> from l2s import from_l2s
        >>> from l2s.hw import build_image_at
        >>> from l2s.partition import HardwareSpec
        >>> compiled = from_l2s(**docs_example()).compile()
        >>> rec = CommandRecorder(build_image_at(compiled, HardwareSpec(), [0] * 4, range(4)))
        >>> _ = rec.step([0, 1])
        >>> rec.potentials.tolist()
        [3, 0, 0, 3]
        """
        self._packets.append(read_potential_commands(self.image))
        return self.emulator.potentials

    @locked
    def reset(self) -> None:
        """Clear the potentials and the step count; records a CLEAR per used core.

        Examples
        --------
        >>> from l2s.examples import docs_example
        >>> from l2s import from_l2s
        >>> from l2s.hw import build_image_at, decode_packets
        >>> from l2s.partition import HardwareSpec
        >>> compiled = from_l2s(**docs_example()).compile()
        >>> rec = CommandRecorder(build_image_at(compiled, HardwareSpec(), [0] * 4, range(4)))
        >>> _ = rec.step([0])
        >>> rec.reset()
        >>> rec.t, decode_packets(rec.commands[-1:])[0].opcode
        (0, 'CLEAR')
        """
        self.emulator.reset()
        self._packets.append(clear_commands(self.image))

    # -- synapses ------------------------------------------------------------
    @locked
    def read_weight(self, source: str, position: int) -> int:
        """Record the read-back of the synapse's row and return its weight.

        :meth:`l2s.Target.read_weight`; needs ``compiled``.

        Examples
        --------
        >>> from l2s.examples import docs_example
        >>> from l2s import from_l2s
        >>> from l2s.hw import build_image_at
        >>> from l2s.partition import HardwareSpec
        >>> compiled = from_l2s(**docs_example()).compile()
        >>> image = build_image_at(compiled, HardwareSpec(), [0] * 4, range(4))
        >>> CommandRecorder(image, compiled=compiled).read_weight("axon", 0)
        3
        """
        address = self.emulator.address(source, position)
        self._packets.append(read_row_commands(self.image, address.core, address.row))
        return self.emulator.read_weight(source, position)

    @locked
    def write_weight(self, source: str, positions: Any, weight: int) -> None:
        """Rewrite the synapses' words and record each rewritten row.

        :meth:`l2s.Target.write_weight`; needs ``compiled``. One WRITE_HBM
        per position, in order, carrying its row as it is after the call.

        Examples
        --------
        >>> from l2s.examples import docs_example
        >>> from l2s import from_l2s
        >>> from l2s.hw import build_image_at, decode_packets
        >>> from l2s.partition import HardwareSpec
        >>> compiled = from_l2s(**docs_example()).compile()
        >>> image = build_image_at(compiled, HardwareSpec(), [0] * 4, range(4))
        >>> rec = CommandRecorder(image, compiled=compiled)
        >>> rec.write_weight("neuron", [0, 1], 5)
        >>> [p.opcode for p in decode_packets(rec.commands[-2:])], rec.read_weight("neuron", 1)
        (['WRITE_HBM', 'WRITE_HBM'], 5)
        """
        self.emulator.write_weight(source, positions, weight)  # checks all before writing
        for position in check_positions(self.emulator.compiled, source, positions).tolist():
            address = self.emulator.address(source, position)
            self._packets.append(write_row_commands(self.image, address.core, address.row,
                                                    self.emulator.row(address)))

    @locked
    def flush(self, file: Any) -> str:
        """Write the recorded packets to ``file``, one packet per line in hex; returns the text.

        Each line is the packet's 512 bytes as 1,024 hex digits, in the
        order they are sent (little-endian words, as on the wire).

        Examples
        --------
        >>> import os, tempfile
        >>> from l2s.examples import docs_example
        >>> from l2s import from_l2s
        >>> from l2s.hw import build_image_at
        >>> from l2s.partition import HardwareSpec
        >>> compiled = from_l2s(**docs_example()).compile()
        >>> rec = CommandRecorder(build_image_at(compiled, HardwareSpec(), [0] * 4, range(4)))
        >>> path = os.path.join(tempfile.mkdtemp(), "dump.txt")
        >>> text = rec.flush(path)
        >>> len(text.splitlines()) == len(rec.commands), len(text.splitlines()[0])
        (True, 1024)
        """
        text = "".join(packet.astype("<u4").tobytes().hex() + "\n" for packet in self.commands)
        with atomic_write(file, "w") as f:
            f.write(text)
        return text

    def __repr__(self) -> str:
        return f"CommandRecorder({self.image!r}, t={self.t}, packets={len(self.commands)})"
