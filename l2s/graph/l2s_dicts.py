"""Import of networks written as the original L2S dictionaries."""
from __future__ import annotations

import ctypes
from collections.abc import Iterable, Mapping
from itertools import chain, islice
from operator import itemgetter
from typing import Any, Callable, Dict, Hashable, Iterator, List, Optional, Sequence, Tuple

import numba
import numpy as np

from .._validation import check_hashable, check_int
from ..errors import InvalidTypeError, InvalidValueError, UnknownKeyError
from .models import (DEFAULT_LEAK, HS_2024, L2S_2022, LEAK_MAX, MODEL_LIF, MODELS,
                     SHIFT_NO_NOISE, THRESHOLD_MAX, THRESHOLD_MIN, WEIGHT_MAX, WEIGHT_MIN)
from .network import Network
from .neuron_models import HsNeuronModel

__all__ = ["from_l2s", "check_config", "dict_semantics", "CONFIG_KEYS", "NEURON_PARAM_KEYS"]

CONFIG_KEYS = ("neuron_type", "global_neuron_params")
NEURON_PARAM_KEYS = ("v_thr", "leak")

#: Objects put in an object array at a time when reading their identities.
_SLICE = 1 << 16

AXON_POPULATION = "axons"
NEURON_POPULATION = "neurons"


def check_config(config: Any, read_type: bool = True) -> Tuple[str, int, int]:
    """Validate an L2S config; return ``(neuron_type, v_thr, leak)``.

    With ``read_type=False`` (hs_api's per-neuron models, whose configs name
    a ``neuron_type`` that is not read) the type is neither required nor
    checked and ``'LI&F'`` is returned.

    Examples
    --------
    >>> check_config({"neuron_type": "LI&F", "global_neuron_params": {"v_thr": 4}})
    ('LI&F', 4, 3)
    >>> check_config({"neuron_type": "whatever", "global_neuron_params": {"v_thr": 0}}, False)
    ('LI&F', 0, 3)
    """
    if not isinstance(config, Mapping):
        raise InvalidTypeError(f"config must be a dict, got {type(config).__name__}")
    for key in config:
        if key not in CONFIG_KEYS:
            raise InvalidValueError(f"unknown config key {key!r}; allowed: {list(CONFIG_KEYS)}")
    for key in CONFIG_KEYS if read_type else CONFIG_KEYS[1:]:
        if key not in config:
            raise InvalidValueError(f"config is missing the key {key!r}")
    neuron_type = config["neuron_type"] if read_type else "LI&F"
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


def dict_semantics(connections: Mapping) -> str:
    """The semantics a ``connections`` dict asks for by its form.

    ``{key: (synapse_list, model)}`` with hs_api's models
    (:mod:`l2s.neuron_models`) is ``'hs-2024'``; plain synapse lists are
    ``'l2s-2022'``.

    Examples
    --------
    >>> from l2s.neuron_models import LIF_neuron
    >>> dict_semantics({"a": [("b", 1)], "b": []})
    'l2s-2022'
    >>> dict_semantics({"a": ([("b", 1)], LIF_neuron(1, -16, 0)), "b": ([], LIF_neuron(1, -16, 0))})
    'hs-2024'
    """
    return HS_2024 if any(_model_of(v) is not None for v in connections.values()) else L2S_2022


def _model_of(entry: Any) -> Any:
    """The hs_api model of a ``connections`` entry ``(synapses, model)``, else None."""
    if isinstance(entry, tuple) and len(entry) == 2 and isinstance(entry[1], HsNeuronModel):
        return entry[1]
    return None


def _split_models(connections: Mapping) -> Tuple[Dict[Hashable, Any], List[Any]]:
    """``({key: synapse list}, [model or None per neuron])`` of either form of ``connections``."""
    models = [_model_of(v) for v in connections.values()]
    if any(m is not None for m in models):
        missing = [k for k, m in zip(connections, models) if m is None]
        if missing:
            raise InvalidTypeError(
                f"connections[{missing[0]!r}] = {connections[missing[0]]!r} is not a "
                "(synapse_list, neuron_model) pair, but other neurons use that form; give "
                "every neuron its model (LIF_neuron or ANN_neuron)")
        return {k: v[0] for k, v in connections.items()}, models
    return dict(connections), models


def _check_synapse_lists(name: str, table: Any, neuron_index: Dict[Hashable, int],
                         axon_keys: Mapping, last_weight: bool = False
                         ) -> Tuple[List[int], List[int], List[int]]:
    """COO arrays of a dict of synapse lists, checking every entry.

    With ``last_weight`` (``hs-2024``) a list naming the same target twice
    gives one synapse with the last weight.
    """
    pre: List[int] = []
    post: List[int] = []
    weight: List[int] = []
    for i, (key, synapses) in enumerate(table.items()):
        first = len(pre)
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
        if last_weight:
            last = dict(zip(post[first:], weight[first:]))
            del pre[first:], post[first:], weight[first:]
            pre.extend([i] * len(last))
            post.extend(last)
            weight.extend(last.values())
    return pre, post, weight


def _last_weights(pre: np.ndarray, post: np.ndarray, weight: np.ndarray
                  ) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One synapse per ``(pre, post)`` pair, where it first appears, with its last weight."""
    pair = pre.astype(np.int64) * (int(post.max(initial=0)) + 1) + post
    unique, first = np.unique(pair, return_index=True)
    if unique.size == pair.size:
        return pre, post, weight
    last = pair.size - 1 - np.unique(pair[::-1], return_index=True)[1]
    order = np.argsort(first, kind="stable")
    return pre[first[order]], post[first[order]], weight[last[order]]


@numba.njit(cache=True, nogil=True)
def _find_addresses(keys, queries):
    """Position in ``keys`` of each value of ``queries`` (-1: absent), by an open-addressing hash."""
    bits = 4
    while (1 << bits) < 2 * keys.size:
        bits += 1
    mask = (1 << bits) - 1
    slot_key = np.zeros(1 << bits, dtype=np.int64)
    slot_pos = np.full(1 << bits, -1, dtype=np.int64)
    for i in range(keys.size):
        h = np.int64((np.uint64(keys[i]) >> np.uint64(4)) * np.uint64(0x9E3779B97F4A7C15)
                     >> np.uint64(64 - bits))
        while slot_pos[h] >= 0 and slot_key[h] != keys[i]:
            h = (h + 1) & mask
        if slot_pos[h] < 0:
            slot_key[h] = keys[i]
            slot_pos[h] = i
    out = np.empty(queries.size, dtype=np.int64)
    for j in range(queries.size):
        h = np.int64((np.uint64(queries[j]) >> np.uint64(4)) * np.uint64(0x9E3779B97F4A7C15)
                     >> np.uint64(64 - bits))
        while slot_pos[h] >= 0 and slot_key[h] != queries[j]:
            h = (h + 1) & mask
        out[j] = slot_pos[h]
    return out


def _addresses(objects: Iterable[Any], size: int) -> np.ndarray:
    """The identities (``id``) of ``size`` objects as int64, without a Python int per object.

    An object array holds the objects' addresses; they are read through
    ctypes. Filled in slices, so no list of all the objects is made.
    """
    holder = np.empty(size, dtype=object)
    iterator = iter(objects)
    for start in range(0, size, _SLICE):
        stop = min(size, start + _SLICE)
        holder[start:stop] = list(islice(iterator, stop - start))
    view = (ctypes.c_int64 * size).from_address(holder.ctypes.data)
    return np.array(view, dtype=np.int64)


def _target_indices(targets: Callable[[], Iterator[Any]], size: int,
                    neuron_index: Dict[Hashable, int]) -> np.ndarray:
    """``neuron_index[t]`` of the ``size`` targets ``targets()`` yields (int32).

    Raises KeyError/TypeError when one is not a neuron. Targets that are the
    very key objects of ``neuron_index`` (the usual case: the dicts reuse
    their key strings) are found by identity in compiled code; the others
    by a dict lookup each.
    """
    post = np.full(size, -1, dtype=np.int64)
    if set(map(type, neuron_index)) <= {str, int}:
        try:
            post = _find_addresses(_addresses(neuron_index, len(neuron_index)),
                                   _addresses(targets(), size))
        except ValueError:  # a target numpy reads as a sequence: looked up below
            pass
    missing = np.flatnonzero(post < 0)
    if missing.size:
        looked_up = np.fromiter(map(neuron_index.__getitem__, targets()), dtype=np.int64,
                                count=size)
        post[missing] = looked_up[missing]
    return post.astype(np.int32)


def _plain_synapse_arrays(table: Mapping, neuron_index: Dict[Hashable, int], last_weight: bool
                          ) -> Optional[Tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """COO arrays of ``table`` when every entry has the plain form, else None.

    The plain form (lists of ``(neuron_key, int)`` tuples, weights in range)
    is read in a few passes that run at C speed, without a Python loop per
    synapse; anything else (or any error) is left to
    :func:`_check_synapse_lists`, which gives the same arrays or names the
    bad entry.
    """
    lists = list(table.values())
    if not set(map(type, lists)) <= {list, tuple}:
        return None
    lengths = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
    size = int(lengths.sum())
    if size == 0:
        return None
    entries = chain.from_iterable
    if (set(map(type, entries(lists))) != {tuple} or set(map(len, entries(lists))) != {2}
            or set(map(type, map(itemgetter(1), entries(lists)))) != {int}):
        return None
    try:
        post = _target_indices(lambda: map(itemgetter(0), entries(lists)), size, neuron_index)
        weight = np.fromiter(map(itemgetter(1), entries(lists)), dtype=np.int64, count=size)
    except (KeyError, TypeError, OverflowError):
        return None
    if weight.min() < WEIGHT_MIN or weight.max() > WEIGHT_MAX:
        return None
    pre = np.repeat(np.arange(len(lists), dtype=np.int32), lengths)
    weight = weight.astype(np.int16)
    return _last_weights(pre, post, weight) if last_weight else (pre, post, weight)


def _synapse_arrays(name: str, table: Mapping, neuron_index: Dict[Hashable, int],
                    axon_keys: Mapping, last_weight: bool
                    ) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(pre, post, weight)`` (int32, int32, int16) of a dict of synapse lists.

    Fast when plain, else fully checked.
    """
    fast = _plain_synapse_arrays(table, neuron_index, last_weight)
    if fast is not None:
        return fast
    pre, post, weight = _check_synapse_lists(name, table, neuron_index, axon_keys, last_weight)
    return (np.asarray(pre, dtype=np.int32), np.asarray(post, dtype=np.int32),
            np.asarray(weight, dtype=np.int16))


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
             outputs: Sequence[Hashable], semantics: Any = None, shift: Any = None,
             leak: Any = None) -> Network:
    """Build a :class:`Network` from the original L2S (or hs_api) dictionaries.

    Axons and neurons are numbered in dict order, in one axon population
    ``'axons'`` and one neuron population ``'neurons'`` keyed by the dict
    keys (any hashable).

    Parameters
    ----------
    axons : dict
        ``{axon_key: [(neuron_key, weight), ...]}``.
    connections : dict
        ``{neuron_key: [(neuron_key, weight), ...]}``; every neuron is a
        key. Or hs_api's form ``{neuron_key: ([(neuron_key, weight), ...],
        model)}`` with ``model`` an ``LIF_neuron``/``ANN_neuron``
        (:mod:`l2s.neuron_models`) giving the neuron's threshold, shift
        and leak.
    config : dict
        ``{'neuron_type': 'I&F' | 'LI&F' | 'ANN', 'global_neuron_params':
        {'v_thr': int, 'leak': int (optional, LI&F, default 3)}}``. With
        hs_api's form the models rule: ``v_thr`` must be there but is not
        used and ``neuron_type`` is not read.
    outputs : list
        Keys of the neurons whose spikes are reported.
    semantics : {'l2s-2022', 'hs-2024'}, optional
        Default: :func:`dict_semantics` of ``connections``. Under
        ``'hs-2024'`` a synapse list naming the same target twice is one
        synapse with the last weight; plain lists then make every neuron
        ``LI&F`` (``neuron_type`` is not read).
    shift : int, optional
        Noise shift of every neuron (overrides the models'; default: the
        models', else -16, no noise).
    leak : int, optional
        Leak of every neuron (overrides the models' and the config's).

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
    >>> from l2s.neuron_models import LIF_neuron
    >>> hs = from_l2s({"alpha": [("a", 3)]},
    ...               {"a": ([("b", 1), ("b", 5)], LIF_neuron(2, -16, 1)),
    ...                "b": ([], LIF_neuron(4, -16, 0))},
    ...               {"neuron_type": "I&F", "global_neuron_params": {"v_thr": 0}}, ["a"])
    >>> hs.semantics, hs.n_synapses, hs.population("neurons").threshold.tolist()
    ('hs-2024', 2, [2, 4])
    """
    for name, table in (("axons", axons), ("connections", connections)):
        if not isinstance(table, Mapping):
            raise InvalidTypeError(f"{name} must be a dict, got {type(table).__name__}")
    connections, models = _split_models(connections)
    per_neuron = bool(models) and models[0] is not None
    if semantics is None:
        semantics = HS_2024 if per_neuron else L2S_2022
    neuron_type, v_thr, config_leak = check_config(
        config, read_type=not (per_neuron or semantics == HS_2024))
    if per_neuron:
        v_thr = [m.threshold for m in models]
        config_leak = [m.leak for m in models]
        neuron_type = [m.code for m in models]
        shift = [m.shift for m in models] if shift is None else shift
    elif semantics == HS_2024:
        neuron_type = MODEL_LIF
    leak = config_leak if leak is None else check_int(leak, "leak", 0, LEAK_MAX)
    for key in axons:
        if key in connections:
            raise InvalidValueError(f"name {key!r} is both an axon and a neuron; "
                                    "axon and neuron names must be distinct")
    neuron_index = {key: i for i, key in enumerate(connections)}
    net = Network(semantics)
    last_weight = semantics == HS_2024
    axon_coo = _synapse_arrays("axons", axons, neuron_index, axons, last_weight)
    neuron_coo = _synapse_arrays("connections", connections, neuron_index, axons, last_weight)
    output_mask = _check_outputs(outputs, neuron_index, axons)

    axon_pop = net.add_axons(AXON_POPULATION, keys=list(axons))
    neuron_pop = net.add_neurons(NEURON_POPULATION, keys=list(connections), threshold=v_thr,
                                 model=neuron_type, leak=leak, output=output_mask,
                                 shift=SHIFT_NO_NOISE if shift is None else shift)
    for source, (pre, post, weight) in ((axon_pop, axon_coo), (neuron_pop, neuron_coo)):
        if pre.size:
            net.connect(source, neuron_pop, pre=pre, post=post, weight=weight)
    return net
