"""Damaged, foreign, newer and odd files raise a FileFormatError naming the file."""
import io
import json
import zipfile

import numpy as np
import pytest

import l2s
from l2s.examples import random_recurrent
from l2s.graph.compiled_file import load_rows
from l2s.partition import HardwareSpec, partition


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """One good file of every kind (images are covered by tests/hw/test_storage.py too)."""
    from l2s.hw import build_image
    root = tmp_path_factory.mktemp("good")
    net = random_recurrent(60, fanout=3)
    compiled = net.compile()
    placement = partition(compiled, HardwareSpec(cores_per_fpga=2), method="contiguous")
    record = l2s.Simulator(compiled, record="all").run(5, record_potentials=[0, 1])
    objects = {"network": net, "compiled": compiled, "placement": placement, "record": record,
               "image": build_image(compiled, placement)}
    for name, obj in objects.items():
        obj.save(root / name)
    return root


def copy_zip(src, dst, drop=(), replace=None, compression=zipfile.ZIP_STORED):
    """Rewrite a zip member by member, leaving out ``drop`` and replacing members by name."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", compression) as zout:
        for info in zin.infolist():
            if info.filename not in drop:
                zout.writestr(info.filename, (replace or {}).get(info.filename,
                                                                 zin.read(info.filename)))


def manifest(path):
    with zipfile.ZipFile(path) as zf:
        return json.loads(zf.read("header.json"))


def npy_header_only(shape, dtype="<i8"):
    """An .npy member that declares ``shape`` but holds no data."""
    buf = io.BytesIO()
    np.lib.format.write_array_header_1_0(buf, {"descr": dtype, "fortran_order": False,
                                               "shape": shape})
    return buf.getvalue()


def data_offsets(path):
    """(start, size) of every member's data in the file."""
    with zipfile.ZipFile(path) as zf:
        out = []
        for info in zf.infolist():
            with open(path, "rb") as f:
                f.seek(info.header_offset + 26)
                n, m = np.frombuffer(f.read(4), dtype="<u2")
            out.append((info.filename, info.header_offset + 30 + int(n) + int(m),
                        info.file_size))
        return out


KINDS = ["network", "compiled", "placement", "record", "image"]
#: A member of each kind to damage.
MEMBER = {"network": "projection/0/pre.npy", "compiled": "neuron_indices.npy",
          "placement": "core.npy", "record": "times.npy", "image": "synapse_rows.npy"}


def damage(kind, how, good, bad):
    data = good.read_bytes()
    member = MEMBER[kind]
    if how == "truncated":
        bad.write_bytes(data[:len(data) // 2])
    elif how == "not a zip":
        bad.write_text("step,axon\n0,1\n")
    elif how == "empty":
        bad.write_bytes(b"")
    elif how == "foreign zip":
        with zipfile.ZipFile(bad, "w") as zf:
            zf.writestr("data.csv", "1,2,3")
    elif how == "other format":
        copy_zip(good, bad, replace={"header.json": json.dumps(
            {**manifest(good), "format": "something-else"})})
    elif how == "newer version":
        copy_zip(good, bad, replace={"header.json": json.dumps(
            {**manifest(good), "version": 99})})
    elif how == "missing member":
        copy_zip(good, bad, drop=(member,))
    elif how == "compressed member":
        copy_zip(good, bad, compression=zipfile.ZIP_DEFLATED)
    elif how == "huge declared size":
        copy_zip(good, bad, replace={member: npy_header_only((10 ** 12,))})
    elif how == "huge size in the manifest":
        m = manifest(good)
        m["arrays"][member[:-4]]["shape"] = [10 ** 12]
        copy_zip(good, bad, replace={"header.json": json.dumps(m)})
    elif how == "object array":
        buf = io.BytesIO()
        np.lib.format.write_array(buf, np.array([None, 1], dtype=object), allow_pickle=True)
        copy_zip(good, bad, replace={member: buf.getvalue()})
    elif how == "bad manifest":
        copy_zip(good, bad, replace={"header.json": b"{not json"})
    else:
        raise AssertionError(how)


HOW = ["truncated", "not a zip", "empty", "foreign zip", "other format", "newer version",
       "missing member", "compressed member", "huge declared size",
       "huge size in the manifest", "object array", "bad manifest"]
MESSAGE = {"truncated": "not a readable", "not a zip": "not a readable", "empty": "not a readable",
           "foreign zip": "no header.json", "other format": "format 'something-else'",
           "newer version": "version 99", "missing member": "is missing",
           "compressed member": "compressed", "huge declared size": "declares",
           "huge size in the manifest": "header's shape \\[1000000000000\\]",
           "object array": "object", "bad manifest": "header.json"}


@pytest.mark.parametrize("how", HOW)
@pytest.mark.parametrize("kind", KINDS)
def test_damaged_file_is_rejected(files, tmp_path, kind, how):
    bad = tmp_path / f"bad-{kind}.file"
    damage(kind, how, files / kind, bad)
    with pytest.raises(l2s.FileFormatError, match=MESSAGE[how]) as err:
        l2s.load(bad)
    assert str(bad) in str(err.value)
    if how not in ("other format", "newer version"):  # the kind's own loader says the same
        with pytest.raises(l2s.FileFormatError, match=MESSAGE[how]):
            l2s.files.KINDS[manifest(files / kind)["format"]].load(bad)


@pytest.mark.parametrize("kind", KINDS)
def test_a_bit_flip_in_any_member_is_caught(files, tmp_path, kind):
    good = files / kind
    data = good.read_bytes()
    for name, start, size in data_offsets(good):
        if not size:
            continue
        flipped = bytearray(data)
        flipped[start + size // 2] ^= 0x10
        bad = tmp_path / "flipped"
        bad.write_bytes(bytes(flipped))
        with pytest.raises(l2s.FileFormatError, match="flipped") as err:
            l2s.load(bad)
        assert "not a readable" in str(err.value) or name in str(err.value), name


def test_a_directory_is_not_a_file(tmp_path):
    with pytest.raises(l2s.FileFormatError, match="is a directory"):
        l2s.load(tmp_path)


def test_a_missing_file_is_file_not_found(tmp_path):
    with pytest.raises(FileNotFoundError):
        l2s.load(tmp_path / "nothing.l2s")


def test_a_file_of_another_kind_is_named(files):
    with pytest.raises(l2s.FileFormatError, match="format 'l2s-network', expected "
                                                  "'l2s-compiled-network'"):
        l2s.CompiledNetwork.load(files / "network")


def test_invalid_contents_name_the_file_and_the_problem(files, tmp_path):
    bad = tmp_path / "bad"
    buf = io.BytesIO()
    np.lib.format.write_array(buf, np.array([0, 10 ** 6], dtype=np.int32))
    m = manifest(files / "compiled")
    m["arrays"]["neuron_indices"]["shape"] = [2]
    copy_zip(files / "compiled", bad, replace={"neuron_indices.npy": buf.getvalue(),
                                                "header.json": json.dumps(m)})
    with pytest.raises(l2s.FileFormatError, match="neuron_indptr does not cut"):
        l2s.load(bad)
    m = manifest(files / "network")
    m["populations"][1]["name"] = 7
    copy_zip(files / "network", bad, replace={"header.json": json.dumps(m)})
    with pytest.raises(l2s.FileFormatError, match=r"populations\[1\] .* is malformed"):
        l2s.load(bad)
    with pytest.raises(l2s.InvalidValueError, match="rows.* 60"):
        load_rows(files / "compiled", [60])
