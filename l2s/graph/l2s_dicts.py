"""Import of networks written as the original L2S dictionaries."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Dict, Hashable, List, Sequence, Tuple

import numpy as np

from .._validation import check_hashable, check_int
from ..errors import InvalidTypeError, InvalidValueError, UnknownKeyError
from .models import DEFAULT_LEAK, LEAK_MAX, MODELS, THRESHOLD_MAX, THRESHOLD_MIN, WEIGHT_MAX, \
    WEIGHT_MIN
from .network import Network

__all__ = ["from_l2s", "check_config", "CONFIG_KEYS", "NEURON_PARAM_KEYS"]

CONFIG_KEYS = ("neuron_type", "global_neuron_params")
NEURON_PARAM_KEYS = ("v_thr", "leak")

AXON_POPULATION = "axons"
NEURON_POPULATION = "neurons"


def check_config(config: Any) -> Tuple[str, int, int]:
    """Validate an L2S config; return ``(neuron_type, v_thr, leak)``.

    Examples
    --------
    >>> check_config({"neuron_type": "LI&F", "global_neuron_params": {"v_thr": 4}})
    ('LI&F', 4, 3)
    """
    if not isinstance(config, Mapping):
        raise InvalidTypeError(f"config must be a dict, got {type(config).__name__}")
    for key in config:
        if key not in CONFIG_KEYS:
            raise InvalidValueError(f"unknown config key {key!r}; allowed: {list(CONFIG_KEYS)}")
    for key in CONFIG_KEYS:
        if key not in config:
            raise InvalidValueError(f"config is missing the key {key!r}")
    neuron_type = config["neuron_type"]
    if not isinstance(neuron_type, str) or neuron_type not in MODELS:
        raise InvalidValueError(f"config['neuron_type'] = {neuron_type!r} is not a neuron type; "
                                f"allowed: {list(MODELS)}")
    params = config["global_neuron_params"]
    if not isinstance(params, Mapping):
        raise InvalidTypeError("config['global_neuron_params'] must be a dict, got "
                               f"{type(params).__name__}")
    for key in params:
        if key not in NEURON_PARAM_KEYS:
            raise InvalidValueError(f"unknown key {key!r} in config['global_neuron_params']; "
                                    f"allowed: {list(NEURON_PARAM_KEYS)}")
    if "v_thr" not in params:
        raise InvalidValueError("config['global_neuron_params'] is missing the key 'v_thr'")
    v_thr = check_int(params["v_thr"], "config['global_neuron_params']['v_thr']",
                      THRESHOLD_MIN, THRESHOLD_MAX)
    leak = check_int(params.get("leak", DEFAULT_LEAK), "config['global_neuron_params']['leak']",
                     0, LEAK_MAX)
    return neuron_type, v_thr, leak


def _check_synapse_lists(name: str, table: Any, neuron_index: Dict[Hashable, int],
                         axon_keys: Mapping) -> Tuple[List[int], List[int], List[int]]:
    """COO arrays of a dict of synapse lists, checking every entry."""
    pre: List[int] = []
    post: List[int] = []
    weight: List[int] = []
    for i, (key, synapses) in enumerate(table.items()):
        if isinstance(synapses, (str, bytes)) or not isinstance(synapses, Iterable):
            raise InvalidTypeError(f"{name}[{key!r}] must be a list of (target, weight) tuples, "
                                   f"got {synapses!r}")
        for entry in synapses:
            if not isinstance(entry, (tuple, list)) or len(entry) != 2:
                raise InvalidTypeError(f"synapse {entry!r} in {name}[{key!r}] is not a "
                                       "(target, weight) 2-tuple")
            target, w = entry
            check_hashable(target, f"target of synapse {entry!r} in {name}[{key!r}]:")
            if target in axon_keys:
                raise InvalidValueError(f"synapse {entry!r} in {name}[{key!r}] targets the axon "
                                        f"{target!r}; targets must be neurons")
            if target not in neuron_index:
                raise UnknownKeyError(f"synapse {entry!r} in {name}[{key!r}] targets {target!r}, "
                                      "which is not a neuron in connections")
            pre.append(i)
            post.append(neuron_index[target])
            weight.append(check_int(w, f"weight of synapse {key!r} -> {target!r}",
                                    WEIGHT_MIN, WEIGHT_MAX))
    return pre, post, weight


def _check_outputs(outputs: Any, neuron_index: Dict[Hashable, int], axons: Mapping) -> np.ndarray:
    if isinstance(outputs, (str, bytes, Mapping)) or not isinstance(outputs, Iterable):
        raise InvalidTypeError(f"outputs must be a list of neuron keys, got {outputs!r}")
    mask = np.zeros(len(neuron_index), dtype=bool)
    for key in outputs:
        check_hashable(key, "output")
        if key in axons:
            raise InvalidValueError(f"output {key!r} is an axon; outputs must be neurons")
        if key not in neuron_index:
            raise UnknownKeyError(f"output {key!r} is not a neuron in connections")
        mask[neuron_index[key]] = True
    return mask


def from_l2s(axons: Mapping, connections: Mapping, config: Mapping,
             outputs: Sequence[Hashable]) -> Network:
    """Build a :class:`Network` from the original L2S dictionaries.

    Axons and neurons are numbered in dict order, in one axon population
    ``'axons'`` and one neuron population ``'neurons'`` keyed by the dict
    keys (any hashable).

    Parameters
    ----------
    axons : dict
        ``{axon_key: [(neuron_key, weight), ...]}``.
    connections : dict
        ``{neuron_key: [(neuron_key, weight), ...]}``; every neuron is a key.
    config : dict
        ``{'neuron_type': 'I&F' | 'LI&F' | 'ANN', 'global_neuron_params':
        {'v_thr': int, 'leak': int (optional, LI&F, default 3)}}``.
    outputs : list
        Keys of the neurons whose spikes are reported.

    Returns
    -------
    Network

    Raises
    ------
    L2SError
        For any malformed entry; the message names the key and value.

    Examples
    --------
    >>> net = from_l2s({"alpha": [("a", 3)]}, {"a": [("b", 1)], "b": []},
    ...                {"neuron_type": "I&F", "global_neuron_params": {"v_thr": 4}}, ["a"])
    >>> net.n_axons, net.n_neurons, net.n_synapses
    (1, 2, 2)
    """
    for name, table in (("axons", axons), ("connections", connections)):
        if not isinstance(table, Mapping):
            raise InvalidTypeError(f"{name} must be a dict, got {type(table).__name__}")
    neuron_type, v_thr, leak = check_config(config)
    for key in axons:
        if key in connections:
            raise InvalidValueError(f"name {key!r} is both an axon and a neuron; "
                                    "axon and neuron names must be distinct")
    neuron_index = {key: i for i, key in enumerate(connections)}
    axon_coo = _check_synapse_lists("axons", axons, neuron_index, axons)
    neuron_coo = _check_synapse_lists("connections", connections, neuron_index, axons)
    output_mask = _check_outputs(outputs, neuron_index, axons)

    net = Network()
    axon_pop = net.add_axons(AXON_POPULATION, keys=list(axons))
    neuron_pop = net.add_neurons(NEURON_POPULATION, keys=list(connections), threshold=v_thr,
                                 model=neuron_type, leak=leak, output=output_mask)
    for source, (pre, post, weight) in ((axon_pop, axon_coo), (neuron_pop, neuron_coo)):
        if pre:
            net.connect(source, neuron_pop, pre=pre, post=post, weight=weight)
    return net
