"""Scripts in the style of hs_api's examples, with only their imports changed to ``l2s``.

Each was written against hs_api's documented interface (``from hs_api.api
import CRI_network``, ``from hs_api.neuron_models import LIF_neuron``); the
copies here differ from that only in the import lines. ``test_hs_api_scripts``
runs them.
"""
