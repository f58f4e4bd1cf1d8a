"""The hardware path: image words of every core, the command stream, and an emulator.

``build_image(compiled, placement)`` lowers a placed network to the exact
words each core's HBM and URAM hold (:class:`HardwareImage`, saved and loaded
as one versioned file); :mod:`l2s.hw.stream` turns an image and its inputs
into the 512-byte host packets that load and run it; the :class:`Emulator`
executes an image by decoding its words and must reproduce the simulator
exactly; the :class:`CommandRecorder` records the packets the host would
send, answered by the emulator. Both implement :class:`l2s.Target`, like the
simulator. Every bit is documented in ``docs/hardware-image.md``.
"""
from .build import build_image, build_image_at
from .describe import describe
from .emulator import Emulator
from .image import HardwareImage
from .locate import WordAddress, locate_synapse
from .packets import Packet, decode_packets, make_packets
from .recorder import CommandRecorder
from .usage import REGIONS, hbm_usage
from .storage import FORMAT, VERSION, ImageFormatError, load_image, save_image
from .stream import (clear_commands, load_commands, read_potential_commands, read_row_commands,
                     step_commands, write_row_commands)

__all__ = ["build_image", "build_image_at", "HardwareImage", "Emulator", "CommandRecorder",
           "describe", "WordAddress",
           "locate_synapse", "save_image", "load_image", "ImageFormatError", "FORMAT", "VERSION",
           "hbm_usage", "REGIONS", "Packet", "make_packets", "decode_packets", "load_commands", "step_commands",
           "clear_commands",
           "read_potential_commands", "read_row_commands", "write_row_commands"]
