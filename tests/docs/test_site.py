"""Cheap checks of the documentation site (the site itself is built by ``make docs``).

- every class and function in the ``__all__`` of every package of the API
  reference has a docstring (the list is ``l2s_reference_packages`` in
  ``docs/conf.py``, read without importing Sphinx);
- the code blocks of the pages that promise to run as they stand do run.
"""
import ast
import importlib
import inspect
import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs"


def reference_packages():
    tree = ast.parse((DOCS / "conf.py").read_text())
    for node in tree.body:
        if (isinstance(node, ast.Assign) and len(node.targets) == 1
                and getattr(node.targets[0], "id", None) == "l2s_reference_packages"):
            return ast.literal_eval(node.value)
    raise AssertionError("docs/conf.py has no l2s_reference_packages list")


@pytest.mark.parametrize("package", reference_packages())
def test_every_public_name_has_a_docstring(package):
    try:
        module = importlib.import_module(package)
    except ImportError as error:  # an optional dependency: the site says so too
        missing = getattr(error, "name", None) or ""
        if missing and (package == missing or package.startswith(missing + ".")):
            raise
        pytest.skip(f"{package}: {error}")
    assert module.__doc__, f"{package} has no module docstring"
    names = getattr(module, "__all__", None)
    assert names, f"{package} has no __all__"
    undocumented = [name for name in names
                    if (inspect.isclass(getattr(module, name))
                        or inspect.isroutine(getattr(module, name)))
                    and not inspect.getdoc(getattr(module, name))]
    assert not undocumented, f"{package}: no docstring for {undocumented}"


@pytest.mark.parametrize("page", ["index.md", "building.md", "dict-api.md",
                                  "migrating-from-hs_api.md"])
def test_code_blocks_run(page):
    namespace = {}
    blocks = re.findall(r"```python\n(.*?)```", (DOCS / page).read_text(), re.S)
    assert blocks
    for code in blocks:
        exec(compile(code, f"docs/{page}", "exec"), namespace)
