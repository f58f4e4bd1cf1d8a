"""The placement file (format ``l2s-placement``): a placement with its compiled network.

Self-contained: the compiled network is embedded under ``compiled/`` (the
members of the ``l2s-compiled-network`` format), followed by the per-neuron
``core``, ``column`` and ``row`` arrays and, when the placement was made
for firing rates, ``rates``. The spec and the method are in the manifest.
The ``(source, core)`` pairs are recomputed on loading (they follow from
the synapses and ``core``). See ``docs/file-formats.md``.
"""
from __future__ import annotations

from dataclasses import asdict
from typing import Any

from .._archive import ArchiveReader, write_archive
from ..errors import L2SError
from ..graph.compiled_file import compiled_members, read_compiled
from .loads import core_pairs
from .methods import METHODS
from .placement import Placement
from .spec import COLUMNS, HardwareSpec

__all__ = ["FORMAT", "VERSION", "save_placement", "load_placement"]

FORMAT = "l2s-placement"
VERSION = 2
WHAT = "L2S placement file"
_PREFIX = "compiled/"
_SITES = ("core", "column", "row")


def save_placement(placement: Placement, path: Any) -> None:
    """Write ``placement`` (and its compiled network) to ``path`` atomically.

    Examples
    --------
    >>> import os, tempfile
    >>> from l2s.examples import random_recurrent
    >>> from l2s.partition import HardwareSpec, partition
    >>> placement = partition(random_recurrent(50, fanout=3).compile(),
    ...                       HardwareSpec(cores_per_fpga=2), method="contiguous")
    >>> path = os.path.join(tempfile.mkdtemp(), "net.l2sp")
    >>> save_placement(placement, path)
    >>> load_placement(path)
    Placement(method='contiguous', neurons=50, cores used=2/2, fpgas=1)
    """
    meta, arrays, documents = compiled_members(placement.compiled, _PREFIX)
    arrays.update((name, getattr(placement, name)) for name in _SITES)
    if placement.rates is not None:
        arrays["rates"] = placement.rates
    write_archive(path, {"format": FORMAT, "version": VERSION, "compiled": meta,
                         "spec": asdict(placement.spec), "method": placement.method},
                  arrays, documents)


def _spec(archive: ArchiveReader) -> HardwareSpec:
    spec = archive.manifest.get("spec")
    try:
        return HardwareSpec(**spec)
    except (TypeError, L2SError) as err:
        raise archive.fail(f"invalid hardware spec {spec!r} in the manifest: {err}") from None


def load_placement(path: Any) -> Placement:
    """Read a placement written by :func:`save_placement`.

    Raises
    ------
    FileFormatError
        If the file is damaged, foreign, of a newer version, or places a
        neuron outside the spec; the message names the file and the problem.
    FileNotFoundError
        If there is no file at ``path``.
    """
    with ArchiveReader(path, {FORMAT: VERSION}, WHAT) as archive:
        spec = _spec(archive)
        method = archive.manifest.get("method")
        if method not in METHODS:
            raise archive.fail(f"method {method!r} is not one of {list(METHODS)}")
        compiled = read_compiled(archive, archive.manifest.get("compiled"), _PREFIX)
        core, column, row = (archive.array(name, "int32", 1) for name in _SITES)
        rates = archive.array("rates", "float64", 1) if archive.has("rates") else None
    n = compiled.n_neurons
    for name, arr, hi in (("core", core, spec.n_cores), ("column", column, COLUMNS),
                          ("row", row, spec.neurons_per_core // COLUMNS + 1)):
        if arr.size != n or (n and (arr.min() < 0 or arr.max() >= hi)):
            raise archive.fail(f"{name} must hold one value in [0, {hi}) per neuron ({n})")
    if rates is not None and rates.size != n:
        raise archive.fail(f"rates must hold one value per neuron ({n})")
    neuron_pairs = core_pairs(compiled.neuron_indptr, compiled.neuron_indices, core, spec.n_cores)
    axon_pairs = core_pairs(compiled.axon_indptr, compiled.axon_indices, core, spec.n_cores)
    return Placement(compiled, spec, method, core, column, row, neuron_pairs, axon_pairs, rates)
