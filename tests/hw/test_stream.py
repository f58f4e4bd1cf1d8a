"""The command stream: packet layout, loading an image, stepping, and the simDump facade."""
import numpy as np
import pytest

from l2s.api import CRI_network
from l2s.errors import InvalidValueError, TargetUnavailableError
from l2s.examples import docs_example, random_recurrent
from l2s.hw import (build_image, decode_packets, load_commands, make_packets, step_commands)
from l2s.hw.packets import ALL_CORES, OPCODES, PACKET_BYTES
from l2s.hw.words import AXN_BASE, NRN_BASE, SYN_BASE
from l2s.partition import HardwareSpec, partition


def test_packet_layout():
    items = np.arange(30, dtype=np.uint32).reshape(10, 3)
    packets = make_packets("WRITE_PARAMS", 1, 7, address=100, items=items)
    assert packets.shape == (1, PACKET_BYTES // 4) and packets.dtype == np.uint32
    assert packets[0, :4].tolist() == [OPCODES["WRITE_PARAMS"] | (1 << 8) | (7 << 16) | (1 << 24),
                                       100, 10, 0]
    assert packets[0, 4:34].tolist() == list(range(30)) and not packets[0, 34:].any()
    many = make_packets("INPUT", 0, 2, items=np.arange(300))
    assert [p.count for p in decode_packets(many)] == [124, 124, 52]
    assert np.concatenate([p.payload.ravel() for p in decode_packets(many)]).tolist() == list(
        range(300))
    assert decode_packets(many.tobytes())[2].address == 248
    with pytest.raises(InvalidValueError, match="whole number"):
        decode_packets(b"\0" * 100)
    with pytest.raises(InvalidValueError, match="unknown packet header"):
        decode_packets(np.zeros(128, np.uint32))


@pytest.fixture(scope="module")
def image():
    compiled = random_recurrent(200, fanout=8).compile()
    return build_image(compiled, partition(compiled, HardwareSpec(fpgas=2, cores_per_fpga=2)))


def test_load_stream_rebuilds_the_image(image):
    hbm, params, sizes, cleared = {}, {}, {}, set()
    for p in decode_packets(load_commands(image)):
        core = p.fpga * image.spec.cores_per_fpga + p.core
        if p.opcode == "WRITE_HBM":
            for k, row in enumerate(p.payload):
                hbm[(core, p.address + k)] = row.tolist()
        elif p.opcode == "WRITE_PARAMS":
            for k, word in enumerate(p.payload):
                params[(core, p.address + k)] = word.tolist()
        elif p.opcode == "CONFIGURE":
            sizes[core] = p.payload.ravel().tolist()
        else:
            assert p.opcode == "CLEAR"
            cleared.add(core)
    assert cleared == set(image.used_cores.tolist()) == set(sizes)
    for core in image.used_cores.tolist():
        axons = image.axon_pointers[image.axon_indptr[core]:image.axon_indptr[core + 1]]
        neurons = image.neuron_pointers[image.neuron_indptr[core]:image.neuron_indptr[core + 1]]
        assert sizes[core] == [neurons.size, axons.size]
        got = [w for r in range(-(-axons.size // 8)) for w in hbm[(core, AXN_BASE + r)]]
        assert got[:axons.size] == axons.tolist() and not any(got[axons.size:])
        got = [w for r in range(-(-neurons.size // 8)) for w in hbm[(core, NRN_BASE + r)]]
        assert got[:neurons.size] == neurons.tolist()
        rows = image.synapse_rows[image.row_indptr[core]:image.row_indptr[core + 1]]
        assert [hbm[(core, SYN_BASE + r)] for r in range(rows.shape[0])] == rows.tolist()
        uram = image.neuron_params[image.neuron_indptr[core]:image.neuron_indptr[core + 1]]
        assert [params[(core, i)] for i in range(neurons.size)] == uram.tolist()


def test_step_stream_delivers_every_input_entry(image):
    axons = [0, 3, 3, 7]
    packets = decode_packets(step_commands(image, axons))
    inputs = sorted((p.fpga * image.spec.cores_per_fpga + p.core, int(s))
                    for p in packets if p.opcode == "INPUT" for s in p.payload.ravel())
    entries = [j for a in axons for j in range(image.input_indptr[a], image.input_indptr[a + 1])]
    assert inputs == sorted(zip(image.input_core[entries].tolist(),
                                image.input_slot[entries].tolist()))
    steps = [(p.fpga, p.core, p.count) for p in packets if p.opcode == "STEP"]
    assert steps == [(0, ALL_CORES, 1), (1, ALL_CORES, 1)]


def test_sim_dump_records_and_flushes(tmp_path):
    net = CRI_network(**docs_example(), target="CRI", simDump=True, coreID=5)
    n_load = len(net._backend.commands)
    assert net.step(["alpha", "beta"]) == []
    potentials, spikes = net.step(["alpha"], membranePotential=True)
    assert potentials == [("a", 6), ("b", 0), ("c", 0), ("d", 3)] and spikes == []
    net.write_synapse("a", "b", -7)
    assert net.read_synapse("a", "b") == -7
    text = net.sim_flush(tmp_path / "dump.txt")
    lines = (tmp_path / "dump.txt").read_text().splitlines()
    assert text.splitlines() == lines and all(len(line) == 2 * PACKET_BYTES for line in lines)
    packets = [p for line in lines for p in decode_packets(bytes.fromhex(line))]
    assert {p.core for p in packets} == {5, ALL_CORES}
    ops = [p.opcode for p in packets[n_load:]]
    assert ops == ["INPUT", "STEP", "INPUT", "STEP", "READ_POTENTIALS", "WRITE_HBM", "READ_HBM"]
    written = packets[n_load + 5]
    assert written.address >= SYN_BASE and 0x0000FFF9 in written.payload.ravel().tolist()


def test_hardware_target_errors():
    with pytest.raises(TargetUnavailableError, match="hs_bridge.*simDump=True"):
        CRI_network(**docs_example(), target="CRI")
    with pytest.raises(TargetUnavailableError, match="records none"):
        CRI_network(**docs_example(), target="emulator").sim_flush("x.txt")
    with pytest.raises(InvalidValueError, match="coreID"):
        CRI_network(**docs_example(), target="emulator", coreID=32)
