"""Saving and loading images: bit-identical round trips, atomic writes, clean rejections."""
import json
import os
import zipfile

import numpy as np
import pytest

from l2s.examples import random_recurrent
from l2s.hw import FORMAT, HardwareImage, ImageFormatError, build_image, load_image, save_image
from l2s.partition import HardwareSpec, partition


@pytest.fixture(scope="module")
def image():
    compiled = random_recurrent(300, fanout=10).compile()
    return build_image(compiled, partition(compiled, HardwareSpec(fpgas=2, cores_per_fpga=2)))


def test_round_trip_is_bit_identical(image, tmp_path):
    image.save(tmp_path / "a.cri")
    loaded = HardwareImage.load(tmp_path / "a.cri")
    assert loaded.spec == image.spec
    for name in HardwareImage.array_names():
        a, b = getattr(image, name), getattr(loaded, name)
        assert a.dtype == b.dtype and a.shape == b.shape and np.array_equal(a, b), name
    loaded.save(tmp_path / "b.cri")
    assert (tmp_path / "a.cri").read_bytes() == (tmp_path / "b.cri").read_bytes()
    with zipfile.ZipFile(tmp_path / "a.cri") as zf:
        header = json.loads(zf.read("header.json"))
    assert header["format"] == FORMAT and header["version"] == 1
    assert header["spec"]["cores_per_fpga"] == 2


def test_failed_save_leaves_the_old_file(image, tmp_path, monkeypatch):
    path = tmp_path / "net.cri"
    path.write_bytes(b"old")

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(np.lib.format, "write_array", broken)
    with pytest.raises(OSError, match="disk full"):
        save_image(image, path)
    assert path.read_bytes() == b"old" and os.listdir(tmp_path) == ["net.cri"]


def rewrite(src, dst, drop=(), replace=None):
    """Copy a zip member by member, leaving out ``drop`` and replacing members by name."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            if info.filename in drop:
                continue
            data = (replace or {}).get(info.filename, zin.read(info.filename))
            zout.writestr(info.filename, data)


@pytest.mark.parametrize("damage, message", [
    ("truncate", "not a readable L2S hardware image"),
    ("flip", "not a readable L2S hardware image"),
    ("text", "not a readable L2S hardware image"),
    ("foreign zip", "no header.json"),
    ("other format", "expected 'l2s-hardware-image'"),
    ("newer version", "version 99"),
    ("missing member", "synapse_rows.npy is missing"),
    ("wrong dtype", "neuron_core.npy holds float64"),
    ("bad indptr", "row_indptr does not cut"),
    ("bad table", "input table addresses a slot"),
    ("bad spec", "invalid hardware spec"),
])
def test_damaged_files_are_rejected(image, tmp_path, damage, message):
    good, bad = tmp_path / "good.cri", tmp_path / "bad.cri"
    image.save(good)
    data = good.read_bytes()
    with zipfile.ZipFile(good) as zf:
        header = json.loads(zf.read("header.json"))

    def npy(arr):
        path = tmp_path / "member.npy"
        np.save(path, arr)
        return path.read_bytes()

    if damage == "truncate":
        bad.write_bytes(data[:len(data) // 2])
    elif damage == "flip":
        flipped = bytearray(data)
        flipped[len(data) // 2] ^= 0xFF
        bad.write_bytes(bytes(flipped))
    elif damage == "text":
        bad.write_text("hello")
    elif damage == "foreign zip":
        with zipfile.ZipFile(bad, "w") as zf:
            zf.writestr("data.csv", "1,2,3")
    elif damage in ("other format", "newer version", "bad spec"):
        key, value = {"other format": ("format", "something-else"),
                      "newer version": ("version", 99),
                      "bad spec": ("spec", {**header["spec"], "fpgas": -1})}[damage]
        rewrite(good, bad, replace={"header.json": json.dumps({**header, key: value})})
    elif damage == "missing member":
        rewrite(good, bad, drop=("synapse_rows.npy",))
    elif damage == "wrong dtype":
        rewrite(good, bad, replace={"neuron_core.npy": npy(image.neuron_core.astype(float))})
    elif damage == "bad indptr":
        rewrite(good, bad, replace={"row_indptr.npy": npy(image.row_indptr[::-1].copy())})
    elif damage == "bad table":
        slots = image.input_slot.copy()
        slots[0] = 10 ** 6
        rewrite(good, bad, replace={"input_slot.npy": npy(slots)})
    with pytest.raises(ImageFormatError, match=message):
        load_image(bad)


def test_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError):
        load_image(tmp_path / "nothing.cri")
