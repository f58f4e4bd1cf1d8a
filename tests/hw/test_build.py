"""The image builder: one small network worked out word by word, and invariants on random ones.

The hand-worked network (``hand_network``, placed by ``hand_image`` on 2 FPGAs
of 2 cores): every pointer, synapse word, route word, spike-out word and
parameter word below was computed on paper from ``docs/hardware-image.md`` and
is compared exactly. Random placed networks must decode back to their
synapses and match the partitioner's own row and slot counts.
"""
import numpy as np
import pytest
from hypothesis import given

import l2s
from l2s.errors import CapacityError
from l2s.examples import random_recurrent
from l2s.graph.models import THRESHOLD_MAX
from l2s.hw import build_image_at, describe
from l2s.hw.words import decode_params, decode_route, decode_synapse, opcode
from l2s.partition import HardwareSpec
from tests.equivalence.strategies import placed_networks

SPEC = HardwareSpec(fpgas=2, cores_per_fpga=2)


def hand_network():
    """4 neurons, 2 axons; n0 feeds n1 twice, n2 (other core) and n3 (other FPGA)."""
    net = l2s.Network()
    a = net.add_axons("a", 2)
    n = net.add_neurons("n", 4, threshold=[1, 2, 0, -4], model=[0, 1, 2, 0], leak=[3, 2, 3, 3],
                        output=[True, False, False, True])
    net.connect(a, n, pre=[0, 0, 1], post=[0, 2, 1], weight=[5, -1, 7])
    net.connect(n, n, pre=[0, 0, 0, 0, 1], post=[1, 1, 2, 3, 0], weight=[3, 4, 2, -6, 1])
    return net.compile()


def hand_image():
    """The image of ``hand_network`` with n0 at core 0, local 0; n1 at core 0, local 17
    (column 1, row 1); n2 at core 1, local 2; n3 at core 2 (FPGA 1), local 0."""
    return build_image_at(hand_network(), SPEC, [0, 0, 1, 2], [0, 17, 2, 0])


def words_of(image, core):
    """Non-zero synapse-region words of a core as {(absolute row, word): value}."""
    rows = image.synapse_rows[image.row_indptr[core]:image.row_indptr[core + 1]]
    r, w = np.nonzero(rows)
    return {(0x8000 + int(i), int(j)): int(rows[i, j]) for i, j in zip(r, w)}


def test_hand_worked_image():
    image = hand_image()
    assert image.row_indptr.tolist() == [0, 10, 16, 20, 20]
    # Core 0: axon slots a0, a1 (no relays); neuron slots 0..17, only 0 and 17 used.
    assert image.axon_pointers[0:2].tolist() == [0x01008000, 0x01008002]
    core0 = image.neuron_pointers[image.neuron_indptr[0]:image.neuron_indptr[1]]
    assert core0.size == 18
    assert {i: int(p) for i, p in enumerate(core0) if p} == {0: 0x02008004, 17: 0x01008008}
    assert words_of(image, 0) == {
        (0x8000, 0): 0x00000005,   # a0 -> n0 (column 0, row 0), weight 5
        (0x8002, 1): 0x00010007,   # a1 -> n1 (column 1, row 1), weight 7
        (0x8004, 0): 0x20020001,   # n0: inter-core route to relay axon 1 of core 1
        (0x8004, 1): 0x00010003,   # n0 -> n1, weight 3 (first copy, group 0)
        (0x8004, 2): 0x40400000,   # n0: inter-FPGA route to FPGA 1, core 0, relay axon 0
        (0x8004, 3): 0x80000000,   # n0: spike-out, local 0
        (0x8006, 1): 0x00010004,   # n0 -> n1, weight 4 (second copy, group 1)
        (0x8008, 0): 0x00000001,   # n1 -> n0, weight 1
    }
    # Core 1: axon slot 0 = a0, slot 1 = relay of n0; n2 points to the shared empty group.
    assert image.axon_pointers[2:4].tolist() == [0x01008000, 0x01008002]
    assert image.neuron_pointers[image.neuron_indptr[1]:image.neuron_indptr[2]].tolist() == [
        0, 0, 0x01008004]
    assert words_of(image, 1) == {(0x8000, 2): 0x0000FFFF, (0x8002, 2): 0x00000002}
    # Core 2 (FPGA 1): relay of n0 in slot 0, n3 holds only its spike-out word.
    assert image.axon_pointers[4:].tolist() == [0x01008000]
    assert image.neuron_pointers[image.neuron_indptr[2]:].tolist() == [0x01008002]
    assert words_of(image, 2) == {(0x8000, 0): 0x0000FFFA, (0x8002, 0): 0x80000000}
    # Host tables and URAM parameter words.
    assert image.input_indptr.tolist() == [0, 2, 3]
    assert list(zip(image.input_core.tolist(), image.input_slot.tolist())) == [(0, 0), (1, 0),
                                                                              (0, 1)]
    assert image.neuron_params[0].tolist() == [1, 3 << 6, 0]             # threshold 1, I&F, leak 3
    assert image.neuron_params[17].tolist() == [2, (1 << 4) | (2 << 6), 0]  # 2, LI&F, leak 2
    assert image.neuron_params[18 + 2].tolist() == [0, (2 << 4) | (3 << 6), 0]  # 0, ANN, leak 3
    assert image.neuron_params[18 + 3].tolist() == [0xFFFFFFFC, 0xF | (3 << 6), 0]  # -4 (36-bit)
    unused = decode_params(image.neuron_params[1])
    assert [int(x[0]) for x in unused] == [THRESHOLD_MAX, 0, 0]


def test_hand_worked_describe():
    image = hand_image()
    text = describe(image, neuron=0)
    assert "inter-FPGA -> relay axon 0 of core 2 (FPGA 1, core 0 on it)" in text
    assert "relay axon 1 on core 1 (FPGA 0, core 1 on it)" in text
    assert "synapse  -> local 2 (column 2, row 0) = neuron 2, weight +2" in text
    axon_text = image.describe(axon=0)
    assert axon_text.startswith("input axon 0 feeds 2 core(s)")
    with pytest.raises(l2s.InvalidValueError):
        describe(image)


def owner_words(image, kind, core, index):
    """Words of the rows of one pointer, with the column of the slot each sits in."""
    start, length = image.pointer(kind, core, index)
    assert start % 2 == 0 and length % 2 == 0
    block = image.rows(core, start, length)
    column = (np.arange(length)[:, None] % 2) * 8 + np.arange(8)[None, :]
    return block.reshape(-1), column.reshape(-1)


def decoded_synapses(image):
    """Every synapse the image's words hold, as sorted (kind, pre, post, weight) tuples."""
    neuron_at = {(c, l): i for i, (c, l) in enumerate(zip(image.neuron_core.tolist(),
                                                           image.neuron_local.tolist()))}

    def local_synapses(kind, pre, core, owner_kind, index):
        words, column = owner_words(image, owner_kind, core, index)
        real = (opcode(words) == 0) & (words != 0)
        rows, weights = decode_synapse(words[real])
        return [(kind, pre, neuron_at[(core, int(r) * 16 + int(c))], int(w))
                for r, c, w in zip(rows, column[real], weights)]

    out = []
    for a in range(image.n_axons):
        for j in range(image.input_indptr[a], image.input_indptr[a + 1]):
            out += local_synapses("axon", a, int(image.input_core[j]), "axon",
                                  int(image.input_slot[j]))
    for i in range(image.n_neurons):
        core, local = int(image.neuron_core[i]), int(image.neuron_local[i])
        out += local_synapses("neuron", i, core, "neuron", local)
        words, _ = owner_words(image, "neuron", core, local)
        routes = words[np.isin(opcode(words), (1, 2))]
        fpga, on, slot = decode_route(routes, image.fpga_of(core))
        dest = fpga * image.spec.cores_per_fpga + on
        assert np.all(dest != core) and np.unique(dest).size == dest.size
        for d, s in zip(dest.tolist(), slot.tolist()):
            out += local_synapses("neuron", i, d, "axon", s)
    return sorted(out)


def compiled_synapses(compiled, image):
    """The compiled synapses, less zero weights onto row 0 (those are empty words)."""
    out = []
    for kind in ("axon", "neuron"):
        indptr, indices, weights = compiled.csr(kind)
        pre = np.repeat(np.arange(indptr.size - 1), np.diff(indptr))
        keep = (weights != 0) | (image.neuron_local[indices] >= 16)
        out += [(kind, int(p), int(t), int(w)) for p, t, w in
                zip(pre[keep], indices[keep], weights[keep])]
    return sorted(out)


def check_against_placement(image, placement):
    """The layout needs exactly the row groups the partitioner counted, and gives every
    core the axon slots the placement lists: its input axons, then its relays."""
    assert np.diff(image.row_indptr).tolist() == (2 * placement.row_groups[0]).tolist()
    for core in range(image.n_cores):
        entries = np.flatnonzero(image.input_core == core)
        axon_of = np.searchsorted(image.input_indptr, entries, side="right") - 1
        assert axon_of[np.argsort(image.input_slot[entries])].tolist() == (
            placement.input_axons[core].tolist())
        assert image.axon_indptr[core + 1] - image.axon_indptr[core] == (
            entries.size + placement.relays[core].size)


@given(placed_networks())
def test_image_decodes_back_to_the_network(case):
    compiled, sites = case
    image = sites.image(compiled)
    assert decoded_synapses(image) == compiled_synapses(compiled, image)
    if sites.placement is not None:
        check_against_placement(image, sites.placement)
    # Output neurons report themselves: one spike-out word each, with their local index.
    for i in range(image.n_neurons):
        words, _ = owner_words(image, "neuron", int(image.neuron_core[i]),
                               int(image.neuron_local[i]))
        outs = words[opcode(words) >= 4]
        assert outs.tolist() == ([0x80000000 | int(image.neuron_local[i])]
                                 if compiled.output[i] else [])


def test_capacity_errors():
    compiled = random_recurrent(40, fanout=8).compile()
    core, local = np.arange(40) % 2, np.arange(40) // 2
    with pytest.raises(CapacityError, match="axon slots"):
        build_image_at(compiled, HardwareSpec(cores_per_fpga=2, axons_per_core=3), core, local)
    with pytest.raises(CapacityError, match="route word"):
        build_image_at(compiled, HardwareSpec(fpgas=65, cores_per_fpga=1), core, local)
    with pytest.raises(CapacityError, match="neuron 32 is placed at core 0, local index 16"):
        build_image_at(compiled, HardwareSpec(cores_per_fpga=2, neurons_per_core=16), core, local)
    with pytest.raises(l2s.InvalidValueError, match="share core 0, local index 0"):
        build_image_at(compiled, HardwareSpec(cores_per_fpga=2), core * 0, local)
    net = l2s.Network()
    n = net.add_neurons("n", 2, threshold=1)
    net.connect(n, n, pre=np.zeros(300, int), post=np.ones(300, int), weight=1)
    with pytest.raises(CapacityError, match="more than one pointer spans"):
        build_image_at(net.compile(), HardwareSpec(cores_per_fpga=1), [0, 0], [0, 16])
