"""Graph model: networks as networkx DiGraphs of populations, and their compilation."""
from .compiled import CompiledNetwork, PopulationRange
from .compiled_file import Rows, load_compiled, load_rows, save_compiled
from .connectivity import all_to_all, fixed_fanout, from_matrix, one_to_one
from .expand import neuron_graph, population_graph
from .keys import KeyMap
from .l2s_dicts import from_l2s
from .models import ANN, IF, LIF, MODELS, NeuronModel
from .network import Network
from .network_file import load_network, save_network
from .neuron_models import ANN_neuron, HsNeuronModel, LIF_neuron
from .population import Population, Projection

__all__ = ["Network", "CompiledNetwork", "Population", "Projection", "PopulationRange", "KeyMap",
           "NeuronModel", "IF", "LIF", "ANN", "MODELS", "LIF_neuron", "ANN_neuron",
           "HsNeuronModel", "from_l2s", "neuron_graph",
           "population_graph", "all_to_all", "one_to_one", "fixed_fanout", "from_matrix",
           "save_network", "load_network", "save_compiled", "load_compiled", "load_rows", "Rows"]
