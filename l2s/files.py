"""Every L2S file kind behind one ``load`` and one ``info``.

=================  ========================  =====================================
kind               format                    object
=================  ========================  =====================================
``network``        ``l2s-network``           :class:`l2s.Network`
``compiled``       ``l2s-compiled-network``  :class:`l2s.CompiledNetwork`
``placement``      ``l2s-placement``         :class:`l2s.partition.Placement`
``record``         ``l2s-spike-record``      :class:`l2s.SpikeRecord`
``image``          ``l2s-hardware-image``    :class:`l2s.hw.HardwareImage`
=================  ========================  =====================================

All are zips of ``.npy`` members and a JSON manifest (``docs/file-formats.md``).
:func:`info` reads only the manifest, so it is instant on any file size.
"""
from __future__ import annotations

import importlib
import os
from typing import Any, Dict, NamedTuple

from ._archive import read_manifest

__all__ = ["FileKind", "KINDS", "load", "info", "kind_of"]


class FileKind(NamedTuple):
    """One kind of L2S file: its format name and its loader.

    The loader's module, imported on first use, defines the format's newest
    ``VERSION``: the one place that number is written.

    Examples
    --------
    >>> KINDS["l2s-spike-record"].name, KINDS["l2s-spike-record"].version >= 1
    ('record', True)
    """

    name: str
    format: str
    loader: str  # "module:function", imported on first use

    @property
    def version(self) -> int:
        """The newest version of the format this L2S reads and writes.

        Examples
        --------
        >>> from l2s.graph import network_file
        >>> KINDS["l2s-network"].version == network_file.VERSION
        True
        """
        return importlib.import_module(self.loader.split(":")[0]).VERSION

    def load(self, path: Any) -> Any:
        """Read the object in the file at ``path``.

        Examples
        --------
        >>> import os, tempfile, numpy as np
        >>> from l2s import SpikeRecord
        >>> path = os.path.join(tempfile.mkdtemp(), "run.l2sr")
        >>> SpikeRecord(np.array([3]), np.array([1], dtype=np.int32), 0, 5).save(path)
        >>> KINDS["l2s-spike-record"].load(path).as_pairs()
        [(3, 1)]
        """
        module, function = self.loader.split(":")
        return getattr(importlib.import_module(module), function)(path)


#: The file kinds by format name.
KINDS: Dict[str, FileKind] = {k.format: k for k in (
    FileKind("network", "l2s-network", "l2s.graph.network_file:load_network"),
    FileKind("compiled", "l2s-compiled-network", "l2s.graph.compiled_file:load_compiled"),
    FileKind("placement", "l2s-placement", "l2s.partition.placement_file:load_placement"),
    FileKind("record", "l2s-spike-record", "l2s.record_file:load_record"),
    FileKind("image", "l2s-hardware-image", "l2s.hw.storage:load_image"),
)}


def _manifest(path: Any) -> Dict[str, Any]:
    return read_manifest(path, {k.format: k.version for k in KINDS.values()})


def kind_of(path: Any) -> FileKind:
    """The :class:`FileKind` of the L2S file at ``path`` (from its manifest).

    Raises
    ------
    FileFormatError
        If the file is not a readable L2S file of a known format and version.

    Examples
    --------
    >>> import os, tempfile, l2s
    >>> path = os.path.join(tempfile.mkdtemp(), "net.l2s")
    >>> l2s.Network().save(path)
    >>> kind_of(path).name
    'network'
    """
    return KINDS[_manifest(path)["format"]]


def load(path: Any) -> Any:
    """Read any L2S file and return the object it holds (see the table above).

    Raises
    ------
    FileFormatError
        If the file is damaged, foreign, or of a newer version; the message
        names the file and the problem.
    FileNotFoundError
        If there is no file at ``path``.

    Examples
    --------
    >>> import os, tempfile, l2s
    >>> net = l2s.Network()
    >>> _ = net.add_axons("in", 3)
    >>> path = os.path.join(tempfile.mkdtemp(), "net.l2s")
    >>> net.save(path)
    >>> l2s.load(path)
    Network(populations=1, axons=3, neurons=0, synapses=0)
    """
    return kind_of(path).load(path)


def _length(arrays: Dict[str, Any], name: str, minus: int = 0) -> int:
    return int(arrays[name]["shape"][0]) - minus if name in arrays else 0


def _network_summary(m: Dict[str, Any]) -> Dict[str, Any]:
    pops = m.get("populations", [])
    return {"populations": [(p["name"], p["kind"], p["size"]) for p in pops],
            "axons": sum(p["size"] for p in pops if p["kind"] == "axons"),
            "neurons": sum(p["size"] for p in pops if p["kind"] == "neurons"),
            "synapses": sum(_length(m["arrays"], f"projection/{j}/pre")
                            for j in range(len(m.get("projections", []))))}


def _compiled_summary(meta: Dict[str, Any], arrays: Dict[str, Any], prefix: str = ""
                      ) -> Dict[str, Any]:
    return {"populations": [(p["name"], p["kind"], p["stop"] - p["start"])
                            for p in meta.get("populations", [])],
            "axons": _length(arrays, prefix + "axon_indptr", 1),
            "neurons": _length(arrays, prefix + "neuron_indptr", 1),
            "synapses": _length(arrays, prefix + "axon_indices")
            + _length(arrays, prefix + "neuron_indices")}


def _summary(kind: str, m: Dict[str, Any]) -> Dict[str, Any]:
    arrays = m["arrays"]
    if kind == "network":
        return _network_summary(m)
    if kind == "compiled":
        return _compiled_summary(m, arrays)
    if kind == "placement":
        return {**_compiled_summary(m.get("compiled", {}), arrays, "compiled/"),
                "method": m.get("method"), "spec": m.get("spec"),
                "rates": "rates" in arrays}
    if kind == "record":
        return {"start": m.get("start"), "steps": m.get("n_steps"),
                "spikes": _length(arrays, "times"),
                "potentials of": _length(arrays, "potential_neurons")}
    return {"spec": m.get("spec"), "neurons": _length(arrays, "neuron_core"),
            "axons": _length(arrays, "input_indptr", 1),
            "synapse rows": _length(arrays, "synapse_rows")}


def info(path: Any) -> Dict[str, Any]:
    """What the L2S file at ``path`` holds, read from its manifest only.

    Returns
    -------
    dict
        ``kind``, ``format``, ``version``, ``l2s_version`` (of the writer),
        ``bytes``, and per kind: populations, axons, neurons, synapses
        (networks, compiled networks, placements); method and spec
        (placements, images); steps and spikes (records).

    Examples
    --------
    >>> import os, tempfile, l2s
    >>> from l2s.examples import random_recurrent
    >>> path = os.path.join(tempfile.mkdtemp(), "net.l2sc")
    >>> random_recurrent(20, fanout=2).compile().save(path)
    >>> summary = info(path)
    >>> summary["kind"], summary["neurons"], summary["synapses"]
    ('compiled', 20, 44)
    """
    m = _manifest(path)
    kind = KINDS[m["format"]].name
    try:
        summary = _summary(kind, m)
    except (KeyError, TypeError, IndexError, ValueError):
        summary = {"summary": "unavailable (malformed manifest)"}
    return {"kind": kind, "format": m["format"], "version": m["version"],
            "l2s_version": m.get("l2s_version"), "bytes": os.path.getsize(path), **summary}
