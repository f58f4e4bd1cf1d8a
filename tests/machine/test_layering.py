"""The machine model sits below partition and hw: it imports neither, and they use it."""
import ast
import pathlib

import l2s.hw
import l2s.machine
import l2s.partition
from l2s.hw import words as hw_words
from l2s.partition import hbm, spec

PACKAGE = pathlib.Path(l2s.machine.__file__).parent


def imported_modules(path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            yield "." * node.level + (node.module or "")
        elif isinstance(node, ast.Import):
            yield from (a.name for a in node.names)


def test_machine_imports_neither_partition_nor_hw():
    for path in PACKAGE.glob("*.py"):
        for module in imported_modules(path):
            assert not any(part in module for part in ("partition", "hw", "sim", "plot")), (
                f"{path.name} imports {module}")


def test_old_homes_re_export_the_same_objects():
    assert l2s.partition.HardwareSpec is l2s.machine.HardwareSpec is spec.HardwareSpec
    assert hbm.groups_for is l2s.machine.groups_for
    for name in hw_words.__all__:
        assert getattr(hw_words, name) is getattr(l2s.machine, name)
