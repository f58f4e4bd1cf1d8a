"""NIR (Neuromorphic Intermediate Representation) import and export.

``from_nir(graph, dt=...)`` turns a NIR graph (e.g. exported by snnTorch,
Norse, Sinabs, Rockpool) into an :class:`l2s.Network` and a
:class:`ConversionReport`; ``to_nir(network)`` goes the other way. The
integer mapping and its error are documented in ``docs/nir.md``. The ``nir``
package is imported only when these functions run
(``pip install "l2s[nir]"``).
"""
from .exporter import to_nir
from .importer import from_nir
from .inputs import with_bias
from .quantise import leak_shift
from .report import ConversionReport, LayerReport

__all__ = ["from_nir", "to_nir", "with_bias", "leak_shift", "ConversionReport", "LayerReport"]
