"""Packing jobs for NSG."""
import io
import os
import subprocess
import sys
import zipfile

import pytest

from l2s.errors import InvalidValueError
from l2s.nsg import package


def test_folder_zip_is_deterministic_and_clean(job_dir, tmp_path):
    (job_dir / "__pycache__").mkdir()
    (job_dir / "__pycache__" / "run.cpython-311.pyc").write_bytes(b"x")
    (job_dir / ".env").write_text("secret")
    first = package(job_dir)
    os.utime(job_dir / "run.py", (0, 0))
    assert package(job_dir).data == first.data
    zf = zipfile.ZipFile(io.BytesIO(first.data))
    assert zf.namelist() == ["myjob/", "myjob/data/", "myjob/data/w.npy", "myjob/run.py"]
    assert {i.date_time for i in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert zf.read("myjob/run.py") == (job_dir / "run.py").read_bytes()
    assert first.write(tmp_path / "job.zip").read_bytes() == first.data


def test_single_script_and_folder_name(tmp_path):
    script = tmp_path / "hello.py"
    script.write_text("print(1)\n")
    pkg = package(script, folder="run1")
    assert (pkg.folder, pkg.script, pkg.files) == ("run1", "hello.py", ("hello.py",))
    assert zipfile.ZipFile(io.BytesIO(pkg.data)).namelist() == ["run1/", "run1/hello.py"]


def test_the_script_must_be_named_when_ambiguous(job_dir):
    (job_dir / "other.py").write_text("")
    with pytest.raises(InvalidValueError, match="2 top-level .py files.*other.py, run.py"):
        package(job_dir)
    assert package(job_dir, "other.py").script == "other.py"
    with pytest.raises(InvalidValueError, match="'data/w.npy' is not a top-level .py file"):
        package(job_dir, "data/w.npy")


def test_bad_sources(tmp_path):
    with pytest.raises(InvalidValueError, match="neither a file nor a folder"):
        package(tmp_path / "absent")
    (tmp_path / "notes.txt").write_text("")
    with pytest.raises(InvalidValueError, match="not a .py script"):
        package(tmp_path / "notes.txt")


def test_importing_l2s_imports_neither_requests_nor_nsg():
    code = ("import sys, l2s; assert 'l2s.nsg' not in sys.modules; import l2s.nsg; "
            "assert 'requests' not in sys.modules, 'requests imported'")
    subprocess.run([sys.executable, "-c", code], check=True)
