"""hs_api-style scripts run with only their imports changed (tests/api/hs_api_scripts)."""
import pathlib
import re
import runpy

import pytest

SCRIPTS = sorted(p for p in (pathlib.Path(__file__).parent / "hs_api_scripts").glob("*.py")
                 if not p.name.startswith(("_", "conftest")))


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.stem)
def test_script_runs(path, capsys):
    namespace = runpy.run_path(str(path), run_name="__main__")
    assert namespace["RESULT"]


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.stem)
def test_only_the_imports_differ_from_hs_api(path):
    """Every line naming l2s is an import whose hs_api original is recorded above it."""
    text = path.read_text()
    originals = re.findall(r"^#   (.*)$", text, flags=re.M)
    imports = [line for line in text.splitlines() if "l2s" in line]
    assert imports and all(line.startswith(("from l2s.", "import l2s")) for line in imports)
    assert [line.replace("l2s", "hs_api") for line in imports] == originals
