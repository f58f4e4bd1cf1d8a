"""Error cases of the ``CRI_network`` facade and of the native builder.

For every bad input the contract is: an :class:`l2s.L2SError` that is also
the matching built-in (``ValueError``, ``KeyError``, ``TypeError``), a
message that names the offending key or value, and -- for a running
network -- no change of state: after a rejected ``step``, ``run_cont`` or
write, the network behaves exactly like a fresh one given the same valid
history.
"""
import copy

import pytest

import l2s
from l2s import Network
from l2s.api import CRI_network
from l2s.errors import (InvalidTypeError, InvalidValueError, TargetUnavailableError,
                        UnknownKeyError)

AXONS = {"alpha": [("a", 3), ("b", 2)], "beta": [("d", 3)], 5: [("c", -2)]}
CONNECTIONS = {"a": [("b", 1), ("c", 2)], "b": [("a", -1), ("b", 1)], "c": [],
               "d": [("c", 1), ("a", 4)], 7: [("d", 6)]}
CONFIG = {"neuron_type": "I&F", "global_neuron_params": {"v_thr": 4}}
OUTPUTS = ["a", "b", "c", 7]
HISTORY = [["alpha", "beta"], ["alpha"], ["alpha", "alpha", 5], []]
PROBE = [["alpha"], ["beta", 5], [], ["alpha", "beta", "beta"], []]
SYNAPSES = [("alpha", "a"), ("alpha", "b"), ("beta", "d"), (5, "c"), ("a", "b"), ("a", "c"),
            ("b", "a"), ("b", "b"), ("d", "c"), ("d", "a"), (7, "d")]


_DEFAULT = object()


def make(axons=_DEFAULT, connections=_DEFAULT, config=_DEFAULT, outputs=_DEFAULT, **kwargs):
    """CRI_network of the module's tables, with any of them replaced (None included)."""
    def pick(value, default):
        return copy.deepcopy(default if value is _DEFAULT else value)

    return CRI_network(axons=pick(axons, AXONS), connections=pick(connections, CONNECTIONS),
                       config=pick(config, CONFIG), outputs=pick(outputs, OUTPUTS), **kwargs)


def with_history():
    net = make()
    for inputs in HISTORY:
        net.step(inputs)
    return net


def check_error(info, builtin, *texts):
    exc = info.value
    assert isinstance(exc, l2s.L2SError), type(exc).__mro__
    assert isinstance(exc, builtin), type(exc).__mro__
    for text in texts:
        assert text in str(exc), (text, str(exc))


def assert_same_as_fresh(net, extra_writes=()):
    """``net`` must behave like a fresh network after HISTORY (and ``extra_writes``)."""
    fresh = with_history()
    for pre, post, w in extra_writes:
        fresh.write_synapse(pre, post, w)
    for pre, post in SYNAPSES:
        assert net.read_synapse(pre, post) == fresh.read_synapse(pre, post), (pre, post)
    for n, inputs in enumerate(PROBE):
        assert net.step(inputs, membranePotential=True) == \
            fresh.step(inputs, membranePotential=True), n
    assert net.run_cont(PROBE) == fresh.run_cont(PROBE)


def test_fixture_network_is_lively():
    # the state checks below are only meaningful if the probe makes things happen
    net = with_history()
    potentials, _ = net.step([], membranePotential=True)
    assert any(v for _, v in potentials)
    assert net.run_cont(PROBE)


# ---------------------------------------------------------------------------
# construction
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("field, value, text", [
    ("axons", [("alpha", [("a", 3)])], "list"),
    ("axons", None, "NoneType"),
    ("connections", [("a", [])], "list"),
    ("connections", "abc", "str"),
])
def test_tables_must_be_dicts(field, value, text):
    with pytest.raises(InvalidTypeError) as info:
        make(**{field: value})
    check_error(info, TypeError, field, text)


@pytest.mark.parametrize("axons, connections, text", [
    ({"alpha": [("a", 3, 1)]}, None, "('a', 3, 1)"),
    ({"alpha": [("a",)]}, None, "('a',)"),
    ({"alpha": ["ab"]}, None, "'ab'"),
    ({"alpha": [3]}, None, "3"),
    (None, {**CONNECTIONS, "c": [("a", 1), ["b"]]}, "['b']"),
    ({"alpha": ("a", 3)}, None, "'a'"),             # a bare tuple, not a list of tuples
    ({"alpha": 3}, None, "3"),
    (None, {**CONNECTIONS, "c": None}, "None"),
    (None, {**CONNECTIONS, "c": "b"}, "'b'"),
])
def test_synapse_entries_must_be_target_weight_pairs(axons, connections, text):
    with pytest.raises(InvalidTypeError) as info:
        make(axons=AXONS if axons is None else axons,
             connections=CONNECTIONS if connections is None else connections)
    check_error(info, TypeError, text)


def test_list_synapse_entries_are_accepted():
    net = make(axons={"alpha": [["a", 3]]}, connections={"a": [["a", 1]], "b": []},
               outputs=["a"])
    assert net.read_synapse("alpha", "a") == 3


@pytest.mark.parametrize("axons, connections, text", [
    ({"alpha": [("zeta", 3)]}, None, "'zeta'"),
    (None, {**CONNECTIONS, "c": [("omega", 1)]}, "'omega'"),
    (None, {**CONNECTIONS, "c": [(8, 1)]}, "8"),
])
def test_unknown_synapse_targets(axons, connections, text):
    with pytest.raises(UnknownKeyError) as info:
        make(axons=AXONS if axons is None else axons,
             connections=CONNECTIONS if connections is None else connections)
    check_error(info, KeyError, text)


@pytest.mark.parametrize("axons, connections", [
    ({**AXONS, "alpha": [("beta", 3)]}, None),
    (None, {**CONNECTIONS, "c": [(5, 1)]}),
])
def test_axon_used_as_a_target(axons, connections):
    with pytest.raises(InvalidValueError) as info:
        make(axons=AXONS if axons is None else axons,
             connections=CONNECTIONS if connections is None else connections)
    check_error(info, ValueError, "'beta'" if axons else "5", "axon")


@pytest.mark.parametrize("axons, connections, text", [
    ({"alpha": [("a", [1])]}, {"a": []}, "[1]"),
])
def test_malformed_weight_types(axons, connections, text):
    with pytest.raises(InvalidTypeError) as info:
        make(axons=axons, connections=connections, outputs=["a"])
    check_error(info, TypeError, text)


@pytest.mark.parametrize("field", ["target", "output"])
def test_unhashable_target_or_output(field):
    kwargs = ({"axons": {"x": [(["a"], 1)]}, "outputs": []} if field == "target"
              else {"axons": {"x": [("a", 1)]}, "outputs": [["a"]]})
    with pytest.raises(l2s.L2SError) as info:
        make(connections={"a": []}, **kwargs)
    check_error(info, TypeError, "['a']")


def test_name_both_axon_and_neuron():
    with pytest.raises(InvalidValueError) as info:
        make(axons={**AXONS, "c": [("a", 1)]})
    check_error(info, ValueError, "'c'", "axon", "neuron")
    with pytest.raises(InvalidValueError) as info:
        make(axons={**AXONS, 7: []})
    check_error(info, ValueError, "7")


@pytest.mark.parametrize("outputs, exc, builtin, text", [
    (["a", "nobody"], UnknownKeyError, KeyError, "'nobody'"),
    ([8], UnknownKeyError, KeyError, "8"),
    (["alpha"], InvalidValueError, ValueError, "'alpha'"),
    ([5], InvalidValueError, ValueError, "5"),
])
def test_bad_outputs(outputs, exc, builtin, text):
    with pytest.raises(exc) as info:
        make(outputs=outputs)
    check_error(info, builtin, text)


@pytest.mark.parametrize("outputs", ["a", {"a": 1}, 3])
def test_outputs_must_be_a_list(outputs):
    with pytest.raises(InvalidTypeError) as info:
        CRI_network(axons=AXONS, connections=CONNECTIONS, config=CONFIG, outputs=outputs)
    check_error(info, TypeError, "outputs")


@pytest.mark.parametrize("config, exc, builtin, text", [
    ({"neuron_type": "I&F"}, InvalidValueError, ValueError, "'global_neuron_params'"),
    ({"global_neuron_params": {"v_thr": 4}}, InvalidValueError, ValueError, "'neuron_type'"),
    ({**CONFIG, "colour": "red"}, InvalidValueError, ValueError, "'colour'"),
    ({"neuron_type": "I&F", "global_neuron_params": {}}, InvalidValueError, ValueError,
     "'v_thr'"),
    ({"neuron_type": "I&F", "global_neuron_params": {"v_thr": 4, "tau": 2}},
     InvalidValueError, ValueError, "'tau'"),
    ({"neuron_type": "HH", "global_neuron_params": {"v_thr": 4}}, InvalidValueError,
     ValueError, "'HH'"),
    ({"neuron_type": "if", "global_neuron_params": {"v_thr": 4}}, InvalidValueError,
     ValueError, "'if'"),
    ({"neuron_type": 0, "global_neuron_params": {"v_thr": 4}}, InvalidValueError,
     ValueError, "0"),
    ({"neuron_type": "I&F", "global_neuron_params": [("v_thr", 4)]}, InvalidTypeError,
     TypeError, "global_neuron_params"),
    ([("neuron_type", "I&F")], InvalidTypeError, TypeError, "config"),
    ({"neuron_type": "I&F", "global_neuron_params": {"v_thr": "4"}}, InvalidTypeError,
     TypeError, "'4'"),
    ({"neuron_type": "I&F", "global_neuron_params": {"v_thr": 4.5}}, InvalidTypeError,
     TypeError, "4.5"),
    ({"neuron_type": "I&F", "global_neuron_params": {"v_thr": True}}, InvalidTypeError,
     TypeError, "True"),
    ({"neuron_type": "LI&F", "global_neuron_params": {"v_thr": 4, "leak": 64}},
     InvalidValueError, ValueError, "64"),
    ({"neuron_type": "LI&F", "global_neuron_params": {"v_thr": 4, "leak": -1}},
     InvalidValueError, ValueError, "-1"),
])
def test_bad_config(config, exc, builtin, text):
    with pytest.raises(exc) as info:
        make(config=config)
    check_error(info, builtin, text)


@pytest.mark.parametrize("v_thr", [2 ** 34 - 1, -(2 ** 34), 0, 4.0])
def test_threshold_range_accepted(v_thr):
    net = make(config={"neuron_type": "I&F", "global_neuron_params": {"v_thr": v_thr}})
    assert net.compiled.threshold.tolist() == [int(v_thr)] * len(CONNECTIONS)


@pytest.mark.parametrize("v_thr", [2 ** 34, -(2 ** 34) - 1, 2 ** 40])
def test_threshold_range_rejected(v_thr):
    with pytest.raises(InvalidValueError) as info:
        make(config={"neuron_type": "I&F", "global_neuron_params": {"v_thr": v_thr}})
    check_error(info, ValueError, str(v_thr), "v_thr")


@pytest.mark.parametrize("weight", [32767, -32768, 4.0, 0, -1])
def test_weight_range_accepted(weight):
    net = make(axons={"alpha": [("a", weight)]}, connections={"a": [("b", weight)], "b": []},
               outputs=["b"])
    assert net.read_synapse("alpha", "a") == net.read_synapse("a", "b") == int(weight)
    assert type(net.read_synapse("a", "b")) is int


@pytest.mark.parametrize("weight, exc, builtin", [
    (32768, InvalidValueError, ValueError),
    (-32769, InvalidValueError, ValueError),
    (10 ** 6, InvalidValueError, ValueError),
    (4.5, InvalidTypeError, TypeError),
    ("4", InvalidTypeError, TypeError),
    (None, InvalidTypeError, TypeError),
    (True, InvalidTypeError, TypeError),
    (float("nan"), InvalidTypeError, TypeError),
])
@pytest.mark.parametrize("where", ["axons", "connections"])
def test_weight_rejected(weight, exc, builtin, where):
    axons = {"alpha": [("a", 1)]}
    connections = {"a": [("b", 1)], "b": []}
    (axons["alpha"] if where == "axons" else connections["a"]).append(("b", weight))
    with pytest.raises(exc) as info:
        make(axons=axons, connections=connections, outputs=["b"])
    check_error(info, builtin, repr(weight) if exc is InvalidTypeError else str(weight),
                "'b'", "'alpha'" if where == "axons" else "'a'")


def test_unknown_target_name():
    with pytest.raises(InvalidValueError) as info:
        make(target="FPGA")
    check_error(info, ValueError, "'FPGA'")


def test_hardware_target_unavailable():
    with pytest.raises(TargetUnavailableError) as info:
        make(target="CRI")
    check_error(info, RuntimeError, "'CRI'", "hs_bridge")


@pytest.mark.parametrize("target", [None, "simpleSim", "simulator"])
def test_simulator_targets(target):
    assert make(target=target).step(["alpha"]) == []


def test_bad_core_id():
    with pytest.raises(InvalidValueError) as info:
        make(coreID=-1)
    check_error(info, ValueError, "coreID", "-1")


def test_construction_does_not_change_callers_dicts_on_error():
    axons = {"alpha": [("a", 3)], "beta": [("zeta", 1)]}
    connections = {"a": []}
    snapshot = copy.deepcopy((axons, connections))
    with pytest.raises(UnknownKeyError):
        CRI_network(axons=axons, connections=connections, config=CONFIG, outputs=["a"])
    assert (axons, connections) == snapshot


# ---------------------------------------------------------------------------
# running: rejected inputs leave the state unchanged
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("inputs, exc, builtin, text", [
    (["alpha", "gamma"], UnknownKeyError, KeyError, "'gamma'"),
    ([6], UnknownKeyError, KeyError, "6"),
    (["a"], UnknownKeyError, KeyError, "'a'"),                  # a neuron, not an axon
    ([("axons", 0)], UnknownKeyError, KeyError, "('axons', 0)"),
    ([["alpha"]], UnknownKeyError, KeyError, "['alpha']"),      # unhashable
    ("alpha", InvalidTypeError, TypeError, "'alpha'"),          # a string, not a list
    (5, InvalidTypeError, TypeError, "5"),
])
@pytest.mark.parametrize("membrane", [False, True])
def test_step_rejects_unknown_inputs_without_effect(inputs, exc, builtin, text, membrane):
    net = with_history()
    with pytest.raises(exc) as info:
        net.step(inputs, membranePotential=membrane)
    check_error(info, builtin, text)
    assert_same_as_fresh(net)


@pytest.mark.parametrize("inputs, exc, builtin, text", [
    ([["alpha"], ["beta", "gamma"], []], UnknownKeyError, KeyError, "'gamma'"),
    ([["alpha"], [], ["d"]], UnknownKeyError, KeyError, "'d'"),
    ([["alpha"], "beta"], InvalidTypeError, TypeError, "inputs[1]"),
    ("alpha", InvalidTypeError, TypeError, "'alpha'"),
    ([["alpha"], 5], InvalidTypeError, TypeError, "inputs[1]"),
])
def test_run_cont_rejects_unknown_inputs_without_effect(inputs, exc, builtin, text):
    net = with_history()
    with pytest.raises(exc) as info:
        net.run_cont(inputs)
    check_error(info, builtin, text)
    assert_same_as_fresh(net)


@pytest.mark.parametrize("pre, post, text", [
    ("alpha", "c", "'alpha' -> 'c'"),      # both exist, no synapse
    ("c", "a", "'c' -> 'a'"),
    ("a", "d", "'a' -> 'd'"),
    ("gamma", "a", "'gamma'"),             # unknown pre
    ("a", "omega", "'omega'"),             # unknown post
    ("alpha", "beta", "'beta'"),           # post is an axon
    (8, "a", "8"),
])
def test_read_and_write_of_missing_synapse(pre, post, text):
    net = with_history()
    with pytest.raises(UnknownKeyError) as info:
        net.read_synapse(pre, post)
    check_error(info, KeyError, text)
    with pytest.raises(UnknownKeyError) as info:
        net.write_synapse(pre, post, 1)
    check_error(info, KeyError, text)
    assert_same_as_fresh(net)


@pytest.mark.parametrize("weight, exc, builtin", [
    (32768, InvalidValueError, ValueError),
    (-32769, InvalidValueError, ValueError),
    (4.5, InvalidTypeError, TypeError),
    ("2", InvalidTypeError, TypeError),
    (None, InvalidTypeError, TypeError),
])
def test_write_of_bad_weight_without_effect(weight, exc, builtin):
    net = with_history()
    with pytest.raises(exc) as info:
        net.write_synapse("alpha", "a", weight)
    check_error(info, builtin, repr(weight) if exc is InvalidTypeError else str(weight),
                "'alpha'", "'a'")
    assert_same_as_fresh(net)


@pytest.mark.parametrize("weight", [32767, -32768, 4.0])
def test_write_of_extreme_and_integral_float_weights(weight):
    net = with_history()
    net.write_synapse("alpha", "a", weight)
    assert net.read_synapse("alpha", "a") == int(weight)
    assert type(net.read_synapse("alpha", "a")) is int
    assert_same_as_fresh(net, extra_writes=[("alpha", "a", int(weight))])


GOOD_WRITES = [("alpha", "a", 9), ("b", "b", -3), (7, "d", 1)]


@pytest.mark.parametrize("bad, exc, builtin, text", [
    (("alpha", "c", 1), UnknownKeyError, KeyError, "'alpha' -> 'c'"),
    (("gamma", "a", 1), UnknownKeyError, KeyError, "'gamma'"),
    (("a", "b", 40000), InvalidValueError, ValueError, "40000"),
    (("a", "b", 1.5), InvalidTypeError, TypeError, "1.5"),
])
@pytest.mark.parametrize("where", [0, 1, 3])
def test_write_list_with_one_bad_entry_changes_nothing(bad, exc, builtin, text, where):
    writes = list(GOOD_WRITES)
    writes.insert(where, bad)
    net = with_history()
    with pytest.raises(exc) as info:
        net.write_listofSynapses([w[0] for w in writes], [w[1] for w in writes],
                                 [w[2] for w in writes])
    check_error(info, builtin, text)
    assert_same_as_fresh(net)


def test_write_list_all_good_is_applied():
    net = with_history()
    net.write_listofSynapses([w[0] for w in GOOD_WRITES], [w[1] for w in GOOD_WRITES],
                             [w[2] for w in GOOD_WRITES])
    assert_same_as_fresh(net, extra_writes=GOOD_WRITES)


@pytest.mark.parametrize("pres, posts, weights, exc, builtin, text", [
    (["alpha", "b"], ["a"], [1, 2], InvalidValueError, ValueError, "2, 1 and 2"),
    (["alpha"], ["a"], [], InvalidValueError, ValueError, "lengths"),
    ("alpha", ["a"], [1], InvalidTypeError, TypeError, "preKeys"),
    (["alpha"], "a", [1], InvalidTypeError, TypeError, "postKeys"),
    (["alpha"], ["a"], 1, InvalidTypeError, TypeError, "weights"),
])
def test_write_list_malformed_arguments(pres, posts, weights, exc, builtin, text):
    net = with_history()
    with pytest.raises(exc) as info:
        net.write_listofSynapses(pres, posts, weights)
    check_error(info, builtin, text)
    assert_same_as_fresh(net)


def test_sim_flush_unavailable_on_simulator():
    net = make()
    with pytest.raises(TargetUnavailableError) as info:
        net.sim_flush("dump.txt")
    check_error(info, RuntimeError, "'dump.txt'")


# ---------------------------------------------------------------------------
# native API
# ---------------------------------------------------------------------------
@pytest.fixture
def native():
    net = Network()
    net.add_axons("in", 2)
    net.add_neurons("exc", 3, threshold=1)
    return net


def test_native_connect_to_axon_population(native):
    net = native
    net.add_axons("in2", 2)
    for source in ("in", "exc"):
        with pytest.raises(InvalidValueError) as info:
            net.connect(source, "in2", pre=[0], post=[0])
        check_error(info, ValueError, "'in2'", "axon")
    assert net.n_synapses == 0


@pytest.mark.parametrize("pre, post, text", [
    ([0, 2], [0, 0], "pre[1] = 2"),
    ([-1], [0], "pre[0] = -1"),
    ([0], [3], "post[0] = 3"),
    ([0, 1], [1, -2], "post[1] = -2"),
])
def test_native_index_out_of_range(native, pre, post, text):
    with pytest.raises(InvalidValueError) as info:
        native.connect("in", "exc", pre=pre, post=post)
    check_error(info, ValueError, text, "'in'" if text.startswith("pre") else "'exc'")
    assert native.n_synapses == 0


@pytest.mark.parametrize("pre, post", [([0.5], [0]), ([True], [0]), (["0"], [0])])
def test_native_non_integer_indices(native, pre, post):
    with pytest.raises(InvalidTypeError) as info:
        native.connect("in", "exc", pre=pre, post=post)
    check_error(info, TypeError, "pre")


@pytest.mark.parametrize("kwargs, text", [
    (dict(pre=[0, 1], post=[0]), "2 and 1"),
    (dict(pre=[0, 1], post=[0, 1], weight=[1, 2, 3]), "length 2"),
])
def test_native_mismatched_lengths(native, kwargs, text):
    with pytest.raises(InvalidValueError) as info:
        native.connect("in", "exc", **kwargs)
    check_error(info, ValueError, text)
    assert native.n_synapses == 0


@pytest.mark.parametrize("weight, exc, builtin, text", [
    ([1, 32768], InvalidValueError, ValueError, "32768"),
    (-32769, InvalidValueError, ValueError, "-32769"),
    ([1, 2.5], InvalidTypeError, TypeError, "2.5"),
])
def test_native_bad_weights(native, weight, exc, builtin, text):
    with pytest.raises(exc) as info:
        native.connect("in", "exc", pre=[0, 1], post=[1, 2], weight=weight)
    check_error(info, builtin, text, "'in' -> 'exc'")
    assert native.n_synapses == 0


@pytest.mark.parametrize("source, target, text", [
    ("nope", "exc", "'nope'"),
    ("in", "nowhere", "'nowhere'"),
])
def test_native_unknown_population(native, source, target, text):
    with pytest.raises(UnknownKeyError) as info:
        native.connect(source, target, pre=[0], post=[0])
    check_error(info, KeyError, text)
    with pytest.raises(UnknownKeyError) as info:
        native.population(text.strip("'"))
    check_error(info, KeyError, text)


def test_native_duplicate_population_name(native):
    for add in (lambda: native.add_axons("exc", 1),
                lambda: native.add_neurons("in", 1, threshold=0)):
        with pytest.raises(InvalidValueError) as info:
            add()
        check_error(info, ValueError, "already exists")
    assert [p.name for p in native.populations] == ["in", "exc"]


@pytest.mark.parametrize("name", ["", 3, None])
def test_native_population_name_must_be_a_string(name):
    with pytest.raises(InvalidTypeError) as info:
        Network().add_axons(name, 1)
    check_error(info, TypeError, repr(name))


@pytest.mark.parametrize("model", ["HH", "lif", 7, True])
def test_native_unknown_model_name(model):
    net = Network()
    with pytest.raises(InvalidValueError) as info:
        net.add_neurons("n", 2, threshold=0, model=model)
    check_error(info, ValueError, repr(model), "I&F")
    assert net.populations == []
