"""Plots of every pipeline stage for notebooks (matplotlib).

Every function draws into a given ``ax=`` (or ``fig=`` for multi-panel
views), creates a pyplot figure only when none is given, changes no global
matplotlib state, and returns the artists it drew.

====================  ==========================================================
:func:`raster`        spikes of a :class:`~l2s.SpikeRecord` by population (a density when dense)
:func:`potentials`    membrane-potential traces with the threshold (a heat map when many)
:func:`topology`      the network graph (neurons or populations), coloured by core
:func:`occupancy`     neurons, axon slots and HBM rows per core against capacity
:func:`traffic`       core-by-core synapse or spike-traffic matrix
:func:`hbm_fill`      HBM rows per core and region, synapse-slot utilisation
:func:`core_view`     one core: its neuron slots, pointer lengths, heaviest sources
:func:`neuron_view`   one neuron's synapses per core (``placement.explain(key).plot()``)
:func:`compare_view`  two placements side by side (``compare(a, b).plot()``)
====================  ==========================================================

``import l2s`` does not import matplotlib; ``import l2s.plot`` does.
"""
from .activity import PotentialArtists, RasterArtists, potentials, raster
from .hardware import HbmFillArtists, hbm_fill
from .inspect import (CompareArtists, CoreViewArtists, NeuronViewArtists, compare_view, core_view,
                      neuron_view)
from .mapping import OccupancyArtists, TrafficArtists, occupancy, traffic
from .topology import TopologyArtists, topology

__all__ = ["raster", "potentials", "topology", "occupancy", "traffic", "hbm_fill",
           "core_view", "neuron_view", "compare_view", "CoreViewArtists", "NeuronViewArtists",
           "CompareArtists",
           "RasterArtists", "PotentialArtists", "TopologyArtists", "OccupancyArtists", "TrafficArtists",
           "HbmFillArtists"]
