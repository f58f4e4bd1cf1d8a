"""Pre-flight check: will this job's code run on the CRI servers?

Before anything is uploaded, every ``.py`` file of the job is parsed with
:mod:`ast` (never executed) and checked against the software of the CRI
servers, kept in ``cri_packages.json`` (the package table of the original L2S
documentation, the servers' Python version and its standard-library modules):

- syntax newer than the servers' Python (``match``, ``except*``, ...);
- imports (``import x``, ``from x import y``, also inside functions) of modules
  that are neither in the standard library, nor installed there, nor part of
  the job itself (its top-level modules and folders); relative imports are the
  job's own and are skipped;
- requirements stated in a ``requirements.txt`` of the job folder that the
  servers' version does not satisfy (``numpy>=2``) or whose package is absent.

The servers' versions are compared on their numeric release part only
(``1.22.4``); pre-release tags are ignored.
"""
from __future__ import annotations

import ast
import json
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, FrozenSet, Iterator, List, Optional, Tuple

from .._version import __version__
from .config import PathLike
from .packaging import job_files

__all__ = ["check", "Report", "Problem", "cri_software"]

_DATA = Path(__file__).with_name("cri_packages.json")
_REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*([^;#]*)")
_SPECIFIER = re.compile(r"^\s*(===|==|!=|~=|>=|<=|>|<)\s*([A-Za-z0-9.*+!_-]+)\s*$")


@dataclass(frozen=True)
class _Software:
    python: Tuple[int, int]
    packages: Dict[str, str]   # normalised distribution name -> version
    names: Dict[str, str]      # normalised distribution name -> name as listed
    modules: Dict[str, str]    # import name -> distribution name
    provided: FrozenSet[str]
    stdlib: FrozenSet[str]


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


@lru_cache(maxsize=None)
def cri_software() -> _Software:
    """Return the CRI servers' software (Python version, packages, stdlib) from the JSON data.

    Examples
    --------
    >>> sw = cri_software()
    >>> sw.python, sw.packages["numpy"], sw.modules["sklearn"]
    ((3, 9), '1.22.4', 'scikit-learn')
    """
    data = json.loads(_DATA.read_text(encoding="utf-8"))
    major, minor = (int(x) for x in data["python"].split("."))
    return _Software(
        python=(major, minor),
        packages={_normalise(k): v for k, v in data["packages"].items()},
        names={_normalise(k): k for k in data["packages"]},
        modules=dict(data["modules"]),
        provided=frozenset(data["provided"]),
        stdlib=frozenset(data["stdlib"]),
    )


@dataclass(frozen=True)
class Problem:
    """One reason the job would fail on the CRI servers.

    ``kind`` is ``"syntax"`` (newer than the servers' Python, or invalid),
    ``"missing"`` (a module or requirement the servers lack) or ``"version"``
    (a requirement the servers' version does not satisfy).

    Examples
    --------
    >>> print(Problem("missing", "run.py", 2, "torch", "not installed on the CRI servers"))
    run.py:2: torch: not installed on the CRI servers
    """

    kind: str
    file: str
    line: int
    name: str
    detail: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.name}: {self.detail}"


@dataclass(frozen=True)
class Report:
    """Outcome of :func:`check`: the modules the job imports and what would fail.

    Examples
    --------
    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "run.py")
    >>> _ = open(path, "w").write("import numpy\\nimport torch\\n")
    >>> report = check(path)
    >>> report.ok
    False
    >>> print(report)  # doctest: +ELLIPSIS
    run.py: 1 problem for the CRI servers (Python 3.9):
      run.py:2: torch: not installed on the CRI servers...
    """

    source: str
    python: Tuple[int, int]
    imports: Tuple[str, ...]
    problems: Tuple[Problem, ...]
    notes: Tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """True if nothing would fail on the CRI servers.

        Examples
        --------
        >>> import os, tempfile
        >>> path = os.path.join(tempfile.mkdtemp(), "run.py")
        >>> _ = open(path, "w").write("import numpy, networkx\\n")
        >>> check(path).ok
        True
        """
        return not self.problems

    def __str__(self) -> str:
        py = ".".join(map(str, self.python))
        n = len(self.problems)
        head = (f"{self.source}: ready for the CRI servers (Python {py}); imports "
                f"{', '.join(self.imports) or 'nothing'}" if self.ok else
                f"{self.source}: {n} problem{'s' if n > 1 else ''} for the CRI servers "
                f"(Python {py}):")
        lines = [head, *(f"  {p}" for p in self.problems), *(f"  note: {t}" for t in self.notes)]
        return "\n".join(lines)


def _version_tuple(version: str) -> Tuple[int, ...]:
    match = re.match(r"\d+(\.\d+)*", version.strip())
    return tuple(int(x) for x in match.group(0).split(".")) if match else ()


def _padded(a: Tuple[int, ...], b: Tuple[int, ...]) -> Tuple[Tuple[int, ...], Tuple[int, ...]]:
    width = max(len(a), len(b))
    return a + (0,) * (width - len(a)), b + (0,) * (width - len(b))


def _satisfies(have: str, op: str, want: str) -> bool:
    """Whether version ``have`` satisfies the specifier ``op want`` (release numbers only)."""
    if op == "===":
        return have.strip() == want
    if want.endswith(".*"):
        prefix = _version_tuple(want[:-2])
        same = _version_tuple(have)[:len(prefix)] == prefix
        return same if op == "==" else not same
    h, w = _padded(_version_tuple(have), _version_tuple(want))
    if op == "~=":
        stem = _version_tuple(want)[:-1]
        return h >= w and _version_tuple(have)[:len(stem)] == stem
    return {"==": h == w, "!=": h != w, ">=": h >= w, "<=": h <= w, ">": h > w, "<": h < w}[op]


def _module_problem(name: str, local: FrozenSet[str], sw: _Software) -> Optional[str]:
    if name in sw.stdlib or name in local or name in sw.provided:
        return None
    if _normalise(sw.modules.get(name, name)) in sw.packages:
        return None
    return ("not installed on the CRI servers (not in their package table); remove the "
            "import, or put the module's source in the job folder if it is pure Python")


def _imports(tree: ast.AST) -> Iterator[Tuple[str, int]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name.split(".")[0], node.lineno
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module.split(".")[0], node.lineno


def _check_source(text: str, rel: str, local: FrozenSet[str], sw: _Software,
                  seen: Dict[str, None]) -> List[Problem]:
    problems = []
    try:
        tree = ast.parse(text, rel)
    except SyntaxError as exc:
        return [Problem("syntax", rel, exc.lineno or 0, "syntax", f"invalid Python: {exc.msg}")]
    try:
        ast.parse(text, rel, feature_version=sw.python)
    except SyntaxError as exc:
        py = ".".join(map(str, sw.python))
        problems.append(Problem("syntax", rel, exc.lineno or 0, "syntax",
                                f"{exc.msg} (the CRI servers run Python {py})"))
    for name, line in _imports(tree):
        seen.setdefault(name)
        detail = _module_problem(name, local, sw)
        if detail:
            problems.append(Problem("missing", rel, line, name, detail))
    return problems


def _check_requirements(path: Path, rel: str, sw: _Software) -> List[Problem]:
    problems = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        match = _REQUIREMENT.match(line)
        if not line or line.startswith("-") or not match:
            continue
        name, specs = match.group(1), match.group(3).strip()
        have = sw.packages.get(_normalise(name))
        if have is None:
            problems.append(Problem("missing", rel, number, name,
                                    "required but not installed on the CRI servers"))
            continue
        for spec in filter(None, (s.strip() for s in specs.split(","))):
            parsed = _SPECIFIER.match(spec)
            if parsed is None or not _satisfies(have, parsed.group(1), parsed.group(2)):
                listed = sw.names[_normalise(name)]
                problems.append(Problem("version", rel, number, name,
                                        f"requires {name}{spec}, the CRI servers have "
                                        f"{listed} {have}"))
    return problems


def check(source: PathLike) -> Report:
    """Check a job folder (or a single script) against the CRI servers' software.

    Nothing is executed: the ``.py`` files are parsed with :mod:`ast`.

    Parameters
    ----------
    source : path
        The job's folder, or a single ``.py`` script.

    Returns
    -------
    Report
        ``report.ok`` is False if anything would fail; ``str(report)`` lists it.

    Examples
    --------
    >>> import os, tempfile
    >>> d = tempfile.mkdtemp()
    >>> _ = open(os.path.join(d, "run.py"), "w").write(
    ...     "import os\\nimport numpy as np\\nfrom sklearn import svm\\nimport helpers\\n")
    >>> _ = open(os.path.join(d, "helpers.py"), "w").write("def f():\\n    import scipy\\n")
    >>> report = check(d)
    >>> report.ok, report.imports
    (True, ('numpy', 'os', 'scipy', 'sklearn'))
    """
    sw = cri_software()
    source = Path(source)
    files = job_files(source)
    root = source.parent if source.is_file() else source
    local = frozenset(f.stem if len(f.parts) == 1 else f.parts[0] for f in files
                      if len(f.parts) > 1 or f.suffix == ".py")
    seen: Dict[str, None] = {}
    problems: List[Problem] = []
    for f in files:
        rel = f.as_posix()
        if f.suffix == ".py":
            text = (root / f).read_text(encoding="utf-8", errors="replace")
            problems += _check_source(text, rel, local, sw, seen)
        elif rel == "requirements.txt":
            problems += _check_requirements(root / f, rel, sw)
    imports = tuple(sorted(n for n in seen if n not in local))
    notes = ()
    if "l2s" in imports and "l2s" not in local:
        notes = (f"the CRI servers have l2s {sw.packages['l2s']}, this is l2s {__version__}: "
                 "code written for this version's API may not run there",)
    return Report(source=source.name or os.fspath(source), python=sw.python, imports=imports,
                  problems=tuple(problems), notes=notes)
