"""The compiled-network file (format ``l2s-compiled-network``) and its row reader.

One member per array of :class:`CompiledNetwork`; the populations and
whether each has explicit keys are in the manifest, explicit keys in
``population/<i>/keys.json`` (:mod:`l2s.graph.key_codec`). Because members
are stored uncompressed, :func:`load_rows` reads the synapses of a subset
of sources without reading the others (one part per MPI process).
See ``docs/file-formats.md``.
"""
from __future__ import annotations

from typing import Any, Dict, List, NamedTuple, Tuple

import numpy as np

from .._archive import ArchiveReader, write_archive
from .._validation import check_choice, check_index_array
from ..errors import L2SError
from .compiled import AXON_SOURCE, NEURON_SOURCE, CompiledNetwork, PopulationRange
from .key_codec import decode_keys, encode_keys
from .keys import KeyMap
from .models import (L2S_2022, LEAK_MAX, SEMANTICS, SHIFT_MAX, SHIFT_MIN, SHIFT_NO_NOISE,
                     THRESHOLD_MAX, THRESHOLD_MIN)
from .population import AXONS, NEURONS

__all__ = ["FORMAT", "VERSION", "save_compiled", "load_compiled", "load_rows", "Rows",
           "compiled_members", "read_compiled"]

FORMAT = "l2s-compiled-network"
VERSION = 2
WHAT = "L2S compiled-network file"
#: dtype of every array member.
_ARRAYS = {"axon_indptr": "int64", "axon_indices": "int32", "axon_weights": "int16",
           "neuron_indptr": "int64", "neuron_indices": "int32", "neuron_weights": "int16",
           "threshold": "int64", "model": "uint8", "leak": "uint8", "output": "bool",
           "shift": "int8"}
#: Arrays that files of version 1 lack, and their value there.
_SINCE_VERSION_2 = {"shift": SHIFT_NO_NOISE}
#: Allowed ranges of the per-neuron parameters.
_RANGES = {"threshold": (THRESHOLD_MIN, THRESHOLD_MAX), "model": (0, 2), "leak": (0, LEAK_MAX),
           "shift": (SHIFT_MIN, SHIFT_MAX)}


def compiled_members(compiled: CompiledNetwork, prefix: str = ""
                     ) -> Tuple[Dict[str, Any], Dict[str, np.ndarray], Dict[str, Any]]:
    """``(manifest entries, arrays, documents)`` of ``compiled``, member names after ``prefix``.

    Used by this format and by formats that embed a compiled network (placements).

    Examples
    --------
    >>> from l2s.examples import random_recurrent
    >>> meta, arrays, docs = compiled_members(random_recurrent(5, fanout=1).compile(), "c/")
    >>> sorted(meta), list(arrays)[:2], docs
    (['populations', 'semantics'], ['c/axon_indptr', 'c/axon_indices'], {})
    """
    blocks = {b[0]: b[3] for km in (compiled.axon_keys, compiled.neuron_keys) for b in km.blocks}
    populations, documents = [], {}
    for i, p in enumerate(compiled.populations):
        keys = blocks[p.name]
        populations.append({"name": p.name, "kind": p.kind, "start": p.start, "stop": p.stop,
                            "keys": keys is not None})
        if keys is not None:
            documents[f"{prefix}population/{i}/keys"] = encode_keys(keys, p.name)
    arrays = {prefix + name: getattr(compiled, name) for name in _ARRAYS}
    return {"populations": populations, "semantics": compiled.semantics}, arrays, documents


def _populations(archive: ArchiveReader, meta: Any, prefix: str, n: Dict[str, int]
                 ) -> Tuple[List[PopulationRange], Dict[str, KeyMap]]:
    entries = meta.get("populations") if isinstance(meta, dict) else None
    if not isinstance(entries, list):
        raise archive.fail("the manifest lacks the list 'populations'")
    ranges: List[PopulationRange] = []
    blocks: Dict[str, list] = {AXONS: [], NEURONS: []}
    for i, e in enumerate(entries):
        ok = isinstance(e, dict) and isinstance(e.get("name"), str) and e.get("kind") in blocks \
            and all(type(e.get(k)) is int for k in ("start", "stop")) \
            and type(e.get("keys")) is bool
        kind_blocks = blocks[e["kind"]] if ok else []
        expected_start = kind_blocks[-1][1] + kind_blocks[-1][2] if kind_blocks else 0
        if not ok or e["start"] != expected_start or e["stop"] < e["start"]:
            raise archive.fail(f"population entry {i} is not {{name, kind, start, stop, keys}} "
                               f"following the previous {e.get('kind') if ok else ''} population")
        size = e["stop"] - e["start"]
        keys = None
        if e["keys"]:
            document = archive.document(f"{prefix}population/{i}/keys")
            try:
                keys = decode_keys(document, size)
            except L2SError as err:
                raise archive.fail(f"keys of population {e['name']!r}: {err}") from None
        ranges.append(PopulationRange(e["name"], e["kind"], e["start"], e["stop"]))
        kind_blocks.append((e["name"], e["start"], size, keys))
    for kind, total in n.items():
        have = sum(b[2] for b in blocks[kind])
        if have != total:
            raise archive.fail(f"the {kind} populations hold {have} members but the arrays "
                               f"{total}")
    return ranges, {kind: KeyMap(b, kind[:-1]) for kind, b in blocks.items()}


def _check_arrays(archive: ArchiveReader, arrays: Dict[str, np.ndarray], prefix: str) -> None:
    n_neurons = arrays["neuron_indptr"].size - 1
    for source in (AXON_SOURCE, NEURON_SOURCE):
        indptr, indices = arrays[f"{source}_indptr"], arrays[f"{source}_indices"]
        weights = arrays[f"{source}_weights"]
        if indptr.size < 1 or indptr[0] != 0 or indptr[-1] != indices.size or \
                weights.size != indices.size or np.any(np.diff(indptr) < 0):
            raise archive.fail(f"{prefix}{source}_indptr does not cut the {indices.size} "
                               f"{source} synapses into rows")
        if indices.size and (indices.min() < 0 or indices.max() >= n_neurons):
            raise archive.fail(f"{prefix}{source}_indices holds a neuron outside "
                               f"[0, {n_neurons})")
    for name in ("threshold", "model", "leak", "output", "shift"):
        arr = arrays[name]
        if arr.size != n_neurons:
            raise archive.fail(f"{prefix}{name} has {arr.size} entries, expected one per "
                               f"neuron ({n_neurons})")
        lo, hi = _RANGES.get(name, (0, 1))
        if arr.size and (arr.min() < lo or arr.max() > hi):
            raise archive.fail(f"{prefix}{name} holds values outside [{lo}, {hi}]")


def read_compiled(archive: ArchiveReader, meta: Any, prefix: str = "") -> CompiledNetwork:
    """The checked :class:`CompiledNetwork` stored by :func:`compiled_members`.

    Examples
    --------
    >>> import os, tempfile
    >>> from l2s.examples import random_recurrent
    >>> path = os.path.join(tempfile.mkdtemp(), "net.l2sc")
    >>> save_compiled(random_recurrent(5, fanout=1).compile(), path)
    >>> with ArchiveReader(path, {FORMAT: VERSION}) as archive:
    ...     read_compiled(archive, archive.manifest).n_neurons
    5
    """
    old = archive.version < 2
    arrays = {name: archive.array(prefix + name, dtype, 1) for name, dtype in _ARRAYS.items()
              if not (old and name in _SINCE_VERSION_2)}
    n_neurons = arrays["neuron_indptr"].size - 1
    arrays.update((name, np.full(n_neurons, value, dtype=_ARRAYS[name]))
                  for name, value in _SINCE_VERSION_2.items() if name not in arrays)
    _check_arrays(archive, arrays, prefix)
    semantics = meta.get("semantics", L2S_2022) if isinstance(meta, dict) and not old \
        else L2S_2022
    try:
        semantics = check_choice(semantics, "semantics", SEMANTICS)
    except L2SError as err:
        raise archive.fail(f"{prefix}semantics: {err}") from None
    ranges, keymaps = _populations(archive, meta, prefix,
                                   {AXONS: arrays["axon_indptr"].size - 1,
                                    NEURONS: arrays["neuron_indptr"].size - 1})
    return CompiledNetwork(**arrays, axon_keys=keymaps[AXONS], neuron_keys=keymaps[NEURONS],
                           populations=tuple(ranges), semantics=semantics)


def save_compiled(compiled: CompiledNetwork, path: Any) -> None:
    """Write ``compiled`` to ``path`` atomically (format ``l2s-compiled-network``).

    Examples
    --------
    >>> import os, tempfile
    >>> from l2s.examples import random_recurrent
    >>> compiled = random_recurrent(20, fanout=2).compile()
    >>> path = os.path.join(tempfile.mkdtemp(), "net.l2sc")
    >>> save_compiled(compiled, path)
    >>> bool((load_compiled(path).neuron_indices == compiled.neuron_indices).all())
    True
    """
    meta, arrays, documents = compiled_members(compiled)
    write_archive(path, {"format": FORMAT, "version": VERSION, **meta}, arrays, documents)


def load_compiled(path: Any) -> CompiledNetwork:
    """Read a compiled network written by :func:`save_compiled`.

    Raises
    ------
    FileFormatError
        If the file is damaged, foreign, of a newer version, or its arrays
        are inconsistent; the message names the file and the problem.
    FileNotFoundError
        If there is no file at ``path``.
    """
    with ArchiveReader(path, {FORMAT: VERSION}, WHAT) as archive:
        return read_compiled(archive, archive.manifest)


class Rows(NamedTuple):
    """Synapses of some sources, as CSR in the order the sources were asked for."""

    indptr: np.ndarray
    indices: np.ndarray
    weights: np.ndarray


def load_rows(path: Any, rows: Any, source: str = NEURON_SOURCE) -> Rows:
    """The synapses of the sources ``rows`` only, read from a compiled-network file.

    ``indptr`` is read whole; of ``indices`` and ``weights`` only the slices
    of the requested rows are read, by seeking (consecutive rows in one read).

    Parameters
    ----------
    path : str or os.PathLike
    rows : array of int
        Source indices (neurons or axons), in the order wanted.
    source : {'neuron', 'axon'}, default 'neuron'

    Returns
    -------
    Rows
        ``(indptr, indices, weights)``: row ``k`` of the result is source ``rows[k]``.

    Examples
    --------
    >>> import os, tempfile
    >>> from l2s.examples import random_recurrent
    >>> compiled = random_recurrent(30, fanout=3).compile()
    >>> path = os.path.join(tempfile.mkdtemp(), "net.l2sc")
    >>> compiled.save(path)
    >>> part = load_rows(path, [4, 5, 9])
    >>> part.indptr.tolist(), bool((part.indices[:3] == compiled.neuron_indices[12:15]).all())
    ([0, 3, 6, 9], True)
    """
    check_choice(source, "source", (NEURON_SOURCE, AXON_SOURCE))
    with ArchiveReader(path, {FORMAT: VERSION}, WHAT) as archive:
        indptr = archive.array(f"{source}_indptr", "int64", 1)
        rows = check_index_array(rows, "rows", max(indptr.size - 1, 0), f"the {source}s")
        starts, stops = indptr[rows], indptr[rows + 1]
        if np.any(stops < starts):
            raise archive.fail(f"{source}_indptr decreases")
        # Runs of consecutive rows are read in one slice each.
        breaks = np.flatnonzero(np.diff(rows) != 1) + 1
        first = np.concatenate(([0], breaks)).astype(np.int64)
        last = np.concatenate((breaks, [rows.size])).astype(np.int64) - 1
        parts = {name: [archive.array_range(f"{source}_{name}", int(starts[a]), int(stops[b]))
                        for a, b in zip(first.tolist(), last.tolist())] if rows.size else []
                 for name in ("indices", "weights")}
    out_indptr = np.zeros(rows.size + 1, dtype=np.int64)
    np.cumsum(stops - starts, out=out_indptr[1:])
    return Rows(out_indptr, *(np.concatenate(parts[name]) if parts[name] else
                              np.zeros(0, dtype=_ARRAYS[f"{source}_{name}"])
                              for name in ("indices", "weights")))
