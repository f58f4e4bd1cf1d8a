"""The pre-flight check of job code against the CRI servers' software."""
import sys

import pytest

from l2s.nsg import check
from l2s.nsg.preflight import _satisfies, cri_software


def write(folder, files):
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return folder


def test_allowed_imports_pass(tmp_path):
    job = write(tmp_path / "job", {
        "run.py": ("from __future__ import annotations\nimport os.path, json\n"
                   "import numpy as np\nfrom scipy.sparse import csr_matrix\n"
                   "from PIL import Image\nimport yaml\nimport hs_api\nfrom . import sibling\n"
                   "def f():\n    import sklearn.svm\n    from mylib.sub import g\n"),
        "mylib/__init__.py": "import networkx\n",
        "sibling.py": "import matplotlib.pyplot as plt\n",
    })
    report = check(job)
    assert report.ok, str(report)
    assert report.imports == ("PIL", "__future__", "hs_api", "json", "matplotlib", "networkx",
                              "numpy", "os", "scipy", "sklearn", "yaml")
    assert str(report).startswith("job: ready for the CRI servers (Python 3.9); imports PIL,")


def test_torch_is_missing(tmp_path):
    script = write(tmp_path, {"net.py": "import numpy\n\ndef train():\n    import torch.nn\n"})
    report = check(script / "net.py")
    assert not report.ok
    (problem,) = report.problems
    assert (problem.kind, problem.file, problem.line, problem.name) == ("missing", "net.py", 4,
                                                                        "torch")
    assert "net.py:4: torch: not installed on the CRI servers" in str(report)


def test_a_requirement_newer_than_the_servers(tmp_path):
    job = write(tmp_path / "job", {
        "run.py": "import numpy\n",
        "requirements.txt": ("# pinned\nnumpy>=2.0  # new API\nscipy>=1.8,<2\n"
                             "networkx==2.8.*\n-r other.txt\ntorch\n"),
    })
    report = check(job)
    assert [(p.kind, p.name, p.line) for p in report.problems] == [
        ("version", "numpy", 2), ("missing", "torch", 6)]
    assert "requires numpy>=2.0, the CRI servers have numpy 1.22.4" in str(report)


@pytest.mark.skipif(sys.version_info < (3, 10), reason="match needs a Python >= 3.10 parser")
def test_syntax_newer_than_the_servers(tmp_path):
    script = write(tmp_path, {"run.py": "import numpy\nmatch 1:\n    case 1:\n        pass\n"})
    (problem,) = check(script / "run.py").problems
    assert problem.kind == "syntax" and problem.line >= 2  # where the parser notices
    assert "Python 3.10" in problem.detail and "CRI servers run Python 3.9" in problem.detail


def test_invalid_python_is_reported(tmp_path):
    script = write(tmp_path, {"run.py": "def f(:\n"})
    (problem,) = check(script / "run.py").problems
    assert problem.kind == "syntax" and "invalid Python" in problem.detail


def test_l2s_version_note(tmp_path):
    report = check(write(tmp_path, {"run.py": "import l2s\n"}) / "run.py")
    assert report.ok and "the CRI servers have l2s 0.1.3" in report.notes[0]


@pytest.mark.parametrize("have, op, want, ok", [
    ("1.22.4", ">=", "1.22", True), ("1.22.4", ">=", "2", False), ("1.22.4", "<", "2", True),
    ("1.22.4", "==", "1.22.4", True), ("1.22.4", "==", "1.22.*", True),
    ("1.22.4", "!=", "1.22.*", False), ("1.22.4", "~=", "1.20", True),
    ("1.22.4", "~=", "1.22.5", False), ("0.2a5", ">=", "0.2", True),
    ("1.22.4", "===", "1.22.4", True), ("1.22.4", ">", "1.22.4", False),
    ("1.22.4", "<=", "1.22", False),
])
def test_version_specifiers(have, op, want, ok):
    assert _satisfies(have, op, want) is ok


def test_bundled_stdlib_matches_python():
    names = getattr(sys, "stdlib_module_names", None)
    if names is None:
        pytest.skip("sys.stdlib_module_names needs Python 3.10")
    removed_since_39 = {"_bootlocale", "formatter", "parser", "symbol", "_peg_parser", "binhex",
                        "asynchat", "asyncore", "distutils", "imp", "smtpd", "aifc", "audioop",
                        "cgi", "cgitb", "chunk", "crypt", "imghdr", "mailcap", "msilib",
                        "nis", "nntplib", "ossaudiodev", "pipes", "sndhdr", "spwd",
                        "sunau", "telnetlib", "uu", "xdrlib", "lib2to3", "_crypt"}
    assert cri_software().stdlib - set(names) <= removed_since_39
