"""Per-step axon inputs and keys read from files and text (used by ``l2s run``).

Two input file forms (``docs/cli.md``):

- ``.npz`` with either ``indptr`` (int, ``steps + 1``) and ``indices`` (int):
  the axons of step ``t`` are ``indices[indptr[t]:indptr[t + 1]]``; or
  ``active``: a ``steps x axons`` array of booleans or non-negative counts.
- ``.csv`` with one ``step,axon_key`` line per activation (an optional
  header line ``step,axon``); a line repeated delivers twice.

A key given as text is looked up as the text itself, then as the Python
literal it spells (``3``, ``('in', 0)``); networks without keys (hardware
images) take axon and neuron indices.

Only regular files are read (see :func:`l2s._files.open_regular`); the
members of an ``.npz`` must declare at most the machine's memory in total
before any is read. A damaged or foreign file raises
:class:`~l2s.errors.FileFormatError`.
"""
from __future__ import annotations

import ast
import csv
import io
import os
import zipfile
from typing import Any, Hashable, List, Optional, Tuple

import numpy as np

from ._files import open_regular
from ._validation import check_int, check_memory, memory_limit
from .errors import FileFormatError, InvalidValueError, L2SError, UnknownKeyError
from .graph.keys import KeyMap
from .inputs import input_csr

__all__ = ["key_index", "split_keys", "read_inputs"]


def _literal(text: str) -> Optional[Hashable]:
    try:
        value = ast.literal_eval(text.strip())
        hash(value)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return None
    return value


def split_keys(text: str) -> List[str]:
    """Split a comma-separated list of keys, keeping commas inside brackets and quotes.

    Examples
    --------
    >>> split_keys("a, 3,('exc', 1)")
    ['a', '3', "('exc', 1)"]
    """
    parts, depth, quote, start = [], 0, "", 0
    for i, char in enumerate(text):
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(text[start:i].strip())
            start = i + 1
    parts.append(text[start:].strip())
    return parts


def key_index(text: str, keys: Optional[KeyMap], size: int, what: str) -> int:
    """The index of the axon or neuron named by ``text``.

    Parameters
    ----------
    text : str
        A key as text: the key itself, or a Python literal (``3``, ``('in', 0)``).
    keys : KeyMap or None
        The network's keys; None when only indices exist (hardware images).
    size : int
        Number of axons or neurons (bounds the indices).
    what : str
        ``'axon'`` or ``'neuron'``, for messages.

    Examples
    --------
    >>> import l2s
    >>> compiled = l2s.from_l2s({'alpha': [('a', 1)]}, {'a': [], 7: []},
    ...     {'neuron_type': 'I&F', 'global_neuron_params': {'v_thr': 1}}, ['a']).compile()
    >>> [key_index(text, compiled.neuron_keys, 2, "neuron") for text in ("a", "7")]
    [0, 1]
    """
    if keys is None:
        value = _literal(text)
        if type(value) is int and 0 <= value < size:
            return value
        raise UnknownKeyError(f"{what} {text!r} is not an index in [0, {size}) (this file has "
                              "no keys)")
    found = keys.find(text)
    if found is None:
        value = _literal(text)
        found = None if value is None else keys.find(value)
    if found is None:
        raise UnknownKeyError(f"{text!r} is not a{'n' if what[0] in 'aeiou' else ''} {what} "
                              "key of the network (keys are looked up as text, then as a "
                              "Python literal such as 3 or \"('in', 0)\")")
    return found


def _from_npz(path: str, steps: Optional[int], n_axons: int) -> Tuple[np.ndarray, np.ndarray]:
    try:
        with open_regular(path, ".npz inputs file") as f:
            with zipfile.ZipFile(f) as zf:
                declared = sum(info.file_size for info in zf.infolist())
            if declared > memory_limit():
                raise FileFormatError(f"{path!r} declares {declared:,} bytes of members, more "
                                      "than this machine's memory")
            f.seek(0)
            with np.load(f, allow_pickle=False) as data:
                members = {name: data[name] for name in data.files}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, TypeError,
            KeyError, NotImplementedError, OSError) as err:
        if isinstance(err, (L2SError, FileNotFoundError, PermissionError)):
            raise
        raise FileFormatError(f"{path!r} is not a readable .npz file: {str(err)[:100]}"
                              ) from None
    names = sorted(members)
    if names == ["indices", "indptr"]:
        if members["indptr"].dtype.kind not in "iu":
            raise InvalidValueError(f"{path!r}: indptr must hold integers, got "
                                    f"{members['indptr'].dtype}")
        inputs: Any = (members["indptr"].astype(np.int64), members["indices"])
    elif names == ["active"]:
        inputs = members["active"]
        if inputs.ndim != 2:
            raise InvalidValueError(f"{path!r}: active must be a steps x axons array, got "
                                    f"shape {inputs.shape}")
    else:
        raise InvalidValueError(f"{path!r} holds members {names}; expected 'indptr' and "
                                "'indices', or 'active'")
    try:
        return input_csr(inputs, steps, n_axons)
    except InvalidValueError as err:
        raise InvalidValueError(f"{path!r}: {err}") from None


def _from_csv(path: str, steps: int, keys: Optional[KeyMap],
              n_axons: int) -> Tuple[np.ndarray, np.ndarray]:
    check_memory(steps, 64, "steps")  # an empty list per step
    per_step: List[List[int]] = [[] for _ in range(steps)]
    with open_regular(path, ".csv inputs file") as raw, \
            io.TextIOWrapper(raw, encoding="utf-8", newline="") as f:
        try:
            rows = list(csv.reader(f))
        except (UnicodeDecodeError, csv.Error) as err:
            raise FileFormatError(f"{path!r} is not a readable .csv file: {str(err)[:100]}"
                                  ) from None
        for line, row in enumerate(rows, start=1):
            if not row or (line == 1 and row and row[0].strip() == "step"):
                continue
            where = f"{path!r} line {line}"
            if len(row) != 2:
                raise InvalidValueError(f"{where}: expected 'step,axon_key', got {row!r}")
            try:
                step = check_int(_literal(row[0]), "step", 0, steps - 1)
                per_step[step].append(key_index(row[1].strip(), keys, n_axons, "axon"))
            except L2SError as err:
                raise type(err)(f"{where}: {err}") from None
    return input_csr(per_step, steps, n_axons)


def read_inputs(path: Any, steps: Optional[int], n_axons: int,
                keys: Optional[KeyMap] = None) -> Tuple[np.ndarray, np.ndarray]:
    """The per-step active axons in the ``.npz`` or ``.csv`` file ``path``, as CSR.

    Parameters
    ----------
    path : str or os.PathLike
    steps : int or None
        Number of steps (required for CSV; checked against ``.npz`` inputs).
    n_axons : int
    keys : KeyMap, optional
        Axon keys, to read CSV keys; without, CSV names axons by index.

    Returns
    -------
    (indptr, indices)
        As :func:`l2s.inputs.input_csr`.

    Examples
    --------
    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "in.csv")
    >>> _ = open(path, "w").write("step,axon\\n0,1\\n2,0\\n2,0\\n")
    >>> [a.tolist() for a in read_inputs(path, 3, 2)]
    [[0, 1, 1, 3], [1, 0, 0]]
    """
    path = os.fspath(path)
    suffix = os.path.splitext(path)[1].lower()
    if suffix == ".npz":
        return _from_npz(path, steps, n_axons)
    if suffix == ".csv":
        if steps is None:
            raise InvalidValueError(f"{path!r}: CSV inputs need the number of steps")
        return _from_csv(path, check_int(steps, "steps", 1, None), keys, n_axons)
    raise InvalidValueError(f"{path!r}: inputs must be a .npz or .csv file, got {suffix!r}")
