"""hs_api's neuron models, ``from l2s.neuron_models import LIF_neuron, ANN_neuron``.

The same import path as ``hs_api.neuron_models``, so scripts written for
hs_api run with only their imports changed. Defined in
:mod:`l2s.graph.neuron_models`; see there for the parameters and the update.

Examples
--------
>>> from l2s.neuron_models import ANN_neuron, LIF_neuron
>>> LIF_neuron(4, -16, 2), ANN_neuron(1, -16).leak
(LIF_neuron(threshold=4, shift=-16, leak=2), 0)
"""
from .graph.neuron_models import ANN_neuron, HsNeuronModel, LIF_neuron

__all__ = ["LIF_neuron", "ANN_neuron", "HsNeuronModel"]
