"""The network file (format ``l2s-network``): populations and projections as built.

The manifest lists the populations in the order they were added (name,
kind, size, whether explicit keys are stored), the projections in
``connect`` order (source and target names), and the graph's other
attributes encoded by :mod:`l2s.graph.key_codec`, and (since version 2) the
network's step semantics. One member per array:
``population/<i>/{threshold,model,leak,output,shift}.npy`` (``shift`` since
version 2; version-1 files hold 2022 networks without noise)
for neuron populations, ``projection/<j>/{pre,post,weight}.npy``, and
``population/<i>/keys.json`` for explicit keys. Loading rebuilds the
network through :class:`Network`'s own checks, so a loaded network is
exactly the saved one. See ``docs/file-formats.md``.
"""
from __future__ import annotations

from typing import Any, Dict

from .._archive import ArchiveReader, write_archive
from ..errors import L2SError
from .key_codec import decode_keys, decode_value, encode_keys, encode_value
from .models import L2S_2022
from .network import Network
from .population import AXONS, NEURONS

__all__ = ["FORMAT", "VERSION", "save_network", "load_network"]

FORMAT = "l2s-network"
VERSION = 2
WHAT = "L2S network file"
#: dtype of the arrays of a neuron population and of a projection.
_NEURON_ARRAYS = {"threshold": "int64", "model": "uint8", "leak": "uint8", "output": "bool",
                  "shift": "int8"}
#: Arrays of a neuron population that files of an older version lack (default: absent).
_SINCE_VERSION_2 = ("shift",)
_PROJECTION_ARRAYS = {"pre": "int32", "post": "int32", "weight": "int16"}
_ORDER = "connect_order"


def save_network(net: Network, path: Any) -> None:
    """Write ``net`` to ``path`` atomically (format ``l2s-network``).

    Raises
    ------
    InvalidTypeError
        If a key or graph attribute has a type that cannot be stored exactly.

    Examples
    --------
    >>> import os, tempfile, l2s
    >>> net = l2s.Network()
    >>> inp = net.add_axons("in", keys=["a", ("b", 1)])
    >>> exc = net.add_neurons("exc", 3, threshold=[1, 2, 3], output=True)
    >>> _ = net.connect(inp, exc, rule="all_to_all", weight=2)
    >>> path = os.path.join(tempfile.mkdtemp(), "net.l2s")
    >>> save_network(net, path)
    >>> loaded = load_network(path)
    >>> loaded.population("in").keys, loaded.population("exc").threshold.tolist()
    (('a', ('b', 1)), [1, 2, 3])
    """
    populations, arrays, documents = [], {}, {}
    for i, pop in enumerate(net.populations):
        populations.append({"name": pop.name, "kind": pop.kind, "size": pop.size,
                            "keys": pop.keys is not None})
        if pop.keys is not None:
            documents[f"population/{i}/keys"] = encode_keys(pop.keys, pop.name)
        if not pop.is_axons:
            arrays.update((f"population/{i}/{name}", getattr(pop, name))
                          for name in _NEURON_ARRAYS)
    projections = []
    for j, (source, target, k) in enumerate(net.graph.graph[_ORDER]):
        proj = net.graph.edges[source, target]["projections"][k]
        projections.append([source, target])
        arrays.update((f"projection/{j}/{name}", getattr(proj, name))
                      for name in _PROJECTION_ARRAYS)
    attributes = {name: encode_value(value, f"network attribute {name!r}")
                  for name, value in net.graph.graph.items() if name != _ORDER}
    write_archive(path, {"format": FORMAT, "version": VERSION, "semantics": net.semantics,
                         "populations": populations, "projections": projections,
                         "attributes": attributes},
                  arrays, documents)


def _entries(archive: ArchiveReader, name: str, valid) -> list:
    entries = archive.manifest.get(name)
    if not isinstance(entries, list):
        raise archive.fail(f"the manifest lacks the list {name!r}")
    for i, entry in enumerate(entries):
        if not valid(entry):
            raise archive.fail(f"{name}[{i}] = {entry!r} is malformed")
    return entries


def _valid_population(e: Any) -> bool:
    return isinstance(e, dict) and isinstance(e.get("name"), str) and \
        e.get("kind") in (AXONS, NEURONS) and type(e.get("size")) is int and \
        type(e.get("keys")) is bool


def _valid_projection(e: Any) -> bool:
    return isinstance(e, list) and len(e) == 2 and all(isinstance(n, str) for n in e)


def _add_population(net: Network, archive: ArchiveReader, i: int, entry: Dict[str, Any]) -> None:
    keys = None
    if entry["keys"]:
        keys = decode_keys(archive.document(f"population/{i}/keys"), entry["size"])
    if entry["kind"] == AXONS:
        net.add_axons(entry["name"], entry["size"], keys=keys)
    else:
        params = {name: archive.array(f"population/{i}/{name}", dtype, 1)
                  for name, dtype in _NEURON_ARRAYS.items()
                  if archive.version >= 2 or name not in _SINCE_VERSION_2}
        net.add_neurons(entry["name"], entry["size"], keys=keys, **params)


def load_network(path: Any) -> Network:
    """Read a network written by :func:`save_network`.

    Raises
    ------
    FileFormatError
        If the file is damaged, foreign, of a newer version, or describes
        an invalid network; the message names the file and the problem.
    FileNotFoundError
        If there is no file at ``path``.
    """
    with ArchiveReader(path, {FORMAT: VERSION}, WHAT) as archive:
        populations = _entries(archive, "populations", _valid_population)
        projections = _entries(archive, "projections", _valid_projection)
        attributes = archive.manifest.get("attributes")
        if not isinstance(attributes, dict):
            raise archive.fail("the manifest lacks the dict 'attributes'")
        where = "semantics"
        try:
            net = Network(semantics=archive.manifest.get("semantics", L2S_2022)
                          if archive.version >= 2 else L2S_2022)
            where = "attributes"
            net.graph.graph.update((name, decode_value(v)) for name, v in attributes.items())
            for i, entry in enumerate(populations):
                where = f"population {i} ({entry['name']!r})"
                _add_population(net, archive, i, entry)
            for j, (source, target) in enumerate(projections):
                where = f"projection {j} ({source!r} -> {target!r})"
                pre, post, weight = (archive.array(f"projection/{j}/{name}", dtype, 1)
                                     for name, dtype in _PROJECTION_ARRAYS.items())
                net.connect(source, target, pre, post, weight, rule="arrays")
        except L2SError as err:
            if isinstance(err, archive.error):
                raise
            raise archive.fail(f"{where}: {err}") from None
    return net
