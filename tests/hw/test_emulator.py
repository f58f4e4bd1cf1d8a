"""The emulator's own contract: input checks, corrupt images, synapse words, its image copy."""
from dataclasses import replace

import numpy as np
import pytest

from l2s.errors import InvalidValueError, UnknownKeyError
from l2s.hw import Emulator
from l2s.hw.words import encode_pointer, encode_route, encode_synapse
from tests.hw.test_build import hand_image


@pytest.fixture
def image():
    return hand_image()


def test_hand_network_runs(image):
    emu = Emulator(image)
    # Step 0: a0 gives n0 5 and n2 -1; n3 (threshold -4) fires at V = 0 and reports itself.
    assert emu.step([0]).tolist() == [3]
    assert emu.potentials.tolist() == [5, 0, -1, 0]
    # Step 1: n0 (5 > 1) fires too: n1 gets 3 + 4, n2 (ANN) 2 through the relay on core 1,
    # n3 -6 through the relay on the other FPGA.
    assert emu.step([]).tolist() == [0, 3]
    assert emu.potentials.tolist() == [0, 7, 2, -6]
    # Step 2: n1 (7 > 2) and n2 (2 > 0) fire, neither an output; n1 gives n0 1.
    assert emu.step([]).tolist() == []
    assert emu.potentials.tolist() == [1, 0, 0, -6]


def test_inputs_are_checked(image):
    emu = Emulator(image)
    with pytest.raises(InvalidValueError, match="axons"):
        emu.step([2])
    with pytest.raises(InvalidValueError, match="steps"):
        emu.run(3, [[0]])
    assert emu.t == 0


def test_corrupt_pointer(image):
    pointers = image.neuron_pointers.copy()
    pointers[0] = encode_pointer(0x8000 + 8, 4)  # runs past core 0's 10 rows
    with pytest.raises(InvalidValueError, match="pointer 0"):
        Emulator(replace(image, neuron_pointers=pointers))


def test_route_word_in_axon_rows(image):
    rows = image.synapse_rows.copy()
    rows[0, 5] = encode_route(0, 1, 0, True)  # core 0, row 0x8000 belongs to axon slot 0
    with pytest.raises(InvalidValueError, match="axons fan out locally only"):
        Emulator(replace(image, synapse_rows=rows))


@pytest.mark.parametrize("word", [encode_synapse(100, 1),         # no neuron slot there
                                  encode_route(0, 3, 0, True),     # core 3 holds no axon
                                  np.uint32(0x60000000)])          # opcode 011
def test_corrupt_words(image, word):
    rows = image.synapse_rows.copy()
    rows[0, 5] = word
    with pytest.raises(InvalidValueError, match="addresses nothing"):
        Emulator(replace(image, synapse_rows=rows))


def test_synapse_words(image):
    emu = Emulator(image)
    assert [emu.read_synapse("neuron", 0, 1, copy) for copy in (0, 1)] == [3, 4]
    address = emu.write_synapse("neuron", 0, 1, -9, copy=1)
    assert (address.core, address.row, address.word) == (0, 0x8006, 1)
    assert emu.row(address)[1] == encode_synapse(1, -9)
    assert emu.read_synapse("neuron", 0, 2) == 2          # through the relay on core 1
    assert emu.read_synapse("axon", 0, 2) == -1
    assert emu.image.synapse_rows[6, 1] == encode_synapse(1, -9)
    assert image.synapse_rows[6, 1] == encode_synapse(1, 4)  # the source image is untouched
    with pytest.raises(UnknownKeyError, match="no synapse neuron 0 -> neuron 1 \\(copy 2\\)"):
        emu.read_synapse("neuron", 0, 1, copy=2)
    with pytest.raises(UnknownKeyError):
        emu.read_synapse("neuron", 2, 0)
    with pytest.raises(InvalidValueError, match="weight"):
        emu.write_synapse("neuron", 0, 1, 2 ** 15)
