"""Files that cannot hurt: damaged or crafted files raise FileFormatError only, quickly;
special files are refused without blocking; saves keep links and modes, leave no temporary
files and never change the umask."""
import io
import json
import os
import stat
import threading
import zipfile

import numpy as np
import pytest
from hypothesis import given, strategies as st

import l2s
from l2s._files import TEMP_MARK, atomic_write
from l2s.errors import FileFormatError
from tests.state import unchanged


def _network_file(path):
    net = l2s.Network()
    net.add_axons("in", 3, keys=["a", ("b", 1), 2])
    n = net.add_neurons("exc", 4, threshold=[1, 2, 3, 4], output=True)
    net.connect("in", n, rule="all_to_all", weight=3)
    net.save(path)
    return net


@pytest.fixture(scope="module")
def good(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("good") / "net.l2s")
    _network_file(path)
    with open(path, "rb") as f:
        return f.read()


def _load(data, tmp_path):
    path = tmp_path / "x.l2s"
    path.write_bytes(data)
    try:
        l2s.load(path)
    except FileFormatError:
        pass


@given(cut=st.integers(0, 10 ** 6))
def test_truncated_files_raise_file_format_errors(good, tmp_path_factory, cut):
    _load(good[:cut % len(good)], tmp_path_factory.mktemp("t"))


@given(position=st.integers(0, 10 ** 6), bit=st.integers(0, 7))
def test_bit_flips_raise_file_format_errors(good, tmp_path_factory, position, bit):
    data = bytearray(good)
    data[position % len(data)] ^= 1 << bit
    _load(bytes(data), tmp_path_factory.mktemp("f"))


def _rewrite(good, tmp_path, manifest=None, members=(), compression=zipfile.ZIP_STORED):
    """``good`` with its manifest changed by ``manifest`` and ``members`` added or replaced."""
    src = zipfile.ZipFile(io.BytesIO(good))
    out = tmp_path / "crafted.l2s"
    extra = dict(members)
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "header.json" and manifest is not None:
                data = manifest(json.loads(data))
            dst.writestr(info.filename, extra.pop(info.filename, data), compression)
        for name, data in extra.items():
            dst.writestr(name, data, compression)
    return out


def _npy(shape, dtype="<i8", body=b""):
    header = f"{{'descr': '{dtype}', 'fortran_order': False, 'shape': {shape}, }}".encode()
    header += b" " * (63 - len(header) % 64) + b"\n"
    return b"\x93NUMPY\x01\x00" + len(header).to_bytes(2, "little") + header + body


def _deep_manifest(m):
    text = json.dumps(dict(m, deep=None))
    return (text[:-1] + ', "deeper": ' + "[" * 10 ** 5 + "]" * 10 ** 5 + "}").encode()


@pytest.mark.parametrize("craft", [
    lambda g, t: _rewrite(g, t, members={"population/0/keys.json": b"[" * 10 ** 6}),
    lambda g, t: _rewrite(g, t, manifest=_deep_manifest),
    lambda g, t: _rewrite(g, t, compression=zipfile.ZIP_DEFLATED),
    lambda g, t: _rewrite(g, t, members={"header.json": b" " * (300 * 2 ** 20)},
                          compression=zipfile.ZIP_DEFLATED),
    lambda g, t: _rewrite(g, t, manifest=lambda m: json.dumps(dict(m, arrays={
        k: {"dtype": "int64", "shape": [2 ** 40]} for k in m["arrays"]})).encode()),
    lambda g, t: _rewrite(g, t, members={
        n: _npy((2 ** 40,)) for n in zipfile.ZipFile(io.BytesIO(g)).namelist()
        if n.endswith(".npy")}),
    lambda g, t: _rewrite(g, t, members={
        n: _npy((1,), "|O", b"\x80") for n in zipfile.ZipFile(io.BytesIO(g)).namelist()
        if n.endswith(".npy")}),
], ids=["deep-json-member", "deep-manifest", "compressed", "json-bomb", "huge-declared-shape",
        "huge-npy-shape", "object-dtype"])
def test_crafted_members_are_refused(good, tmp_path, craft):
    path = craft(good, tmp_path)
    assert os.path.getsize(path) < 2 ** 21  # small files, however much they claim
    with pytest.raises(FileFormatError):
        l2s.load(path)


@pytest.mark.parametrize("special", ["fifo", "/dev/zero", "directory"])
def test_special_files_are_refused_without_blocking(tmp_path, special):
    if special == "fifo":
        path = str(tmp_path / "pipe")
        os.mkfifo(path)
    elif special == "directory":
        path = str(tmp_path)
    else:
        path = special
    result = []
    worker = threading.Thread(target=lambda: result.append(pytest.raises(
        FileFormatError, l2s.load, path)), daemon=True)
    worker.start()
    worker.join(10)
    assert result, f"l2s.load({path!r}) blocked"


def test_a_save_through_a_symlink_replaces_the_target_and_keeps_the_link(tmp_path):
    target = tmp_path / "real.l2s"
    _network_file(target)
    link = tmp_path / "link.l2s"
    link.symlink_to(target)
    l2s.Network().save(link)
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert l2s.load(target).n_axons == 0


def test_a_save_keeps_the_mode_of_the_file_it_replaces(tmp_path):
    path = tmp_path / "net.l2s"
    _network_file(path)
    os.chmod(path, 0o600)
    _network_file(path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_atomic_write_never_changes_the_umask(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(os, "umask", lambda *a: calls.append(a) or 0o022)
    with atomic_write(tmp_path / "x", "w") as f:
        f.write("x")
    assert calls == []


def test_stale_temporaries_of_killed_saves_are_removed_and_failed_saves_leave_none(tmp_path):
    path = tmp_path / "net.l2s"
    dead_pid = 2 ** 22 + 12345  # above the usual pid_max: no such process
    stale = tmp_path / f".net.l2s{TEMP_MARK}{dead_pid}-abcdef"
    stale.write_bytes(b"x" * 1000)
    foreign = tmp_path / f".other.l2s{TEMP_MARK}{dead_pid}-abcdef"
    foreign.write_bytes(b"x")
    _network_file(path)
    assert not stale.exists() and foreign.exists()
    with pytest.raises(ZeroDivisionError), unchanged(str(tmp_path)):
        with atomic_write(path) as f:
            f.write(b"partial")
            1 / 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([foreign.name, "net.l2s"])


@pytest.mark.parametrize("content", [b"", b"step,axon\n0,\xff\n", b"PK\x03\x04garbage"])
def test_damaged_input_files_raise_file_format_errors(tmp_path, content):
    from l2s.input_files import read_inputs
    for suffix in (".csv", ".npz"):
        path = tmp_path / f"in{suffix}"
        path.write_bytes(content)
        try:
            read_inputs(path, 3, 2)
        except l2s.L2SError:
            pass


def test_input_files_refuse_special_files(tmp_path):
    from l2s.input_files import read_inputs
    path = str(tmp_path / "in.csv")
    os.mkfifo(path)
    with pytest.raises(FileFormatError):
        read_inputs(path, 3, 2)
    np.savez(tmp_path / "ok.npz", active=np.ones((3, 2), dtype=bool))
    assert read_inputs(tmp_path / "ok.npz", 3, 2)[0].tolist() == [0, 2, 4, 6]


@pytest.fixture(scope="module")
def good_image(tmp_path_factory):
    from l2s.examples import random_recurrent
    from l2s.hw import build_image
    from l2s.partition import HardwareSpec, partition
    compiled = random_recurrent(30, fanout=3).compile()
    path = str(tmp_path_factory.mktemp("image") / "net.l2si")
    build_image(compiled, partition(compiled, HardwareSpec(cores_per_fpga=2))).save(path)
    with open(path, "rb") as f:
        return f.read()


@given(position=st.integers(0, 10 ** 6), bit=st.integers(0, 7), cut=st.booleans())
def test_damaged_images_raise_image_format_errors(good_image, tmp_path_factory, position, bit,
                                                   cut):
    data = bytearray(good_image)
    if cut:
        data = data[:position % len(data)]
    else:
        data[position % len(data)] ^= 1 << bit
    _load(bytes(data), tmp_path_factory.mktemp("i"))


def test_an_image_with_an_unknown_model_code_is_refused(good_image, tmp_path):
    from l2s.hw import load_image
    from l2s.hw.image import ImageFormatError
    path = tmp_path / "good.l2si"
    path.write_bytes(good_image)
    image = load_image(path)
    image.neuron_params[0, 1] |= 3 << 4  # model bits 36-37 := 3
    image.save(tmp_path / "bad.l2si")
    with pytest.raises(ImageFormatError, match="model code 3"):
        load_image(tmp_path / "bad.l2si")
