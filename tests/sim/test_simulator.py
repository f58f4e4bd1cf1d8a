"""Tests of :class:`l2s.Simulator` against the pure-Python reference model.

Random native networks (several axon and neuron populations added in any
order, per-neuron thresholds, models and leaks, duplicate synapses) are
described by a plain-Python *spec*; the spec is built both as an
:class:`l2s.Network` (then compiled and simulated) and, independently of the
compiler, as a :class:`tests.reference.ReferenceNetwork` keyed by flat
indices. Every step's spikes and potentials must agree exactly.
"""
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import l2s
from l2s import Network, Simulator
from l2s.errors import (InvalidTypeError, InvalidValueError, PotentialOverflowError,
                        PotentialOverflowWarning)
from l2s.graph.compiled import AXON_SOURCE, NEURON_SOURCE
from tests.reference import ReferenceNetwork

MODEL_NAMES = ("I&F", "LI&F", "ANN")
V_MAX = 2 ** 34 - 1
V_MIN = -(2 ** 34)

# ~50 examples per property under the default profile; more under HYPOTHESIS_PROFILE=thorough.
_PROFILE_EXAMPLES = settings().max_examples
FAST = settings(deadline=None, max_examples=50 if _PROFILE_EXAMPLES <= 60 else _PROFILE_EXAMPLES)


# ---------------------------------------------------------------------------
# random native networks as plain specs
# ---------------------------------------------------------------------------
small_weights = st.one_of(st.integers(-4, 8), st.sampled_from([-(2 ** 15), 2 ** 15 - 1]))
small_thresholds = st.one_of(st.integers(-2, 10), st.sampled_from([V_MIN, V_MAX]))


@st.composite
def native_specs(draw):
    """Populations (axons and neurons interleaved) and projections as lists."""
    kinds = ["axons"] * draw(st.integers(1, 2)) + ["neurons"] * draw(st.integers(1, 3))
    pops = []
    for j, kind in enumerate(draw(st.permutations(kinds))):
        size = draw(st.integers(0 if kind == "axons" else 1, 4))
        pop = {"name": "p%d" % j, "kind": kind, "size": size}
        if kind == "neurons":
            pop["threshold"] = draw(st.lists(small_thresholds, min_size=size, max_size=size))
            pop["model"] = draw(st.lists(st.integers(0, 2), min_size=size, max_size=size))
            pop["leak"] = draw(st.lists(st.integers(0, 4) | st.just(63), min_size=size,
                                        max_size=size))
            pop["output"] = draw(st.lists(st.booleans(), min_size=size, max_size=size))
        pops.append(pop)
    sources = [p for p in pops if p["size"]]
    targets = [p for p in pops if p["kind"] == "neurons"]
    projections = []
    for _ in range(draw(st.integers(0, 6))):
        src, dst = draw(st.sampled_from(sources)), draw(st.sampled_from(targets))
        syn = draw(st.lists(st.tuples(st.integers(0, src["size"] - 1),
                                      st.integers(0, dst["size"] - 1), small_weights),
                            max_size=8))
        if syn and draw(st.booleans()):
            syn.append(syn[0])  # a duplicate synapse
        projections.append((src["name"], dst["name"], syn))
    return {"pops": pops, "projections": projections}


def offsets(spec):
    """Flat start index of every population, numbered per kind in order."""
    out, next_index = {}, {"axons": 0, "neurons": 0}
    for p in spec["pops"]:
        out[p["name"]] = next_index[p["kind"]]
        next_index[p["kind"]] += p["size"]
    return out, next_index["axons"], next_index["neurons"]


def build_network(spec):
    net = Network()
    for p in spec["pops"]:
        if p["kind"] == "axons":
            net.add_axons(p["name"], p["size"])
        else:
            net.add_neurons(p["name"], p["size"], threshold=p["threshold"],
                            model=np.array(p["model"], dtype=np.int64), leak=p["leak"],
                            output=np.array(p["output"], dtype=bool))
    for src, dst, syn in spec["projections"]:
        net.connect(src, dst, pre=[s[0] for s in syn], post=[s[1] for s in syn],
                    weight=[s[2] for s in syn])
    return net


def axon_key(i):
    return ("axon", i)


def build_reference(spec, all_outputs=False):
    """ReferenceNetwork keyed by flat indices (axon ``i`` is ``('axon', i)``)."""
    off, n_axons, n_neurons = offsets(spec)
    kind = {p["name"]: p["kind"] for p in spec["pops"]}
    axons = {axon_key(i): [] for i in range(n_axons)}
    connections = {i: [] for i in range(n_neurons)}
    threshold, model, leak, outputs = {}, {}, {}, []
    for p in spec["pops"]:
        if p["kind"] == "neurons":
            for j in range(p["size"]):
                i = off[p["name"]] + j
                threshold[i] = p["threshold"][j]
                model[i] = MODEL_NAMES[p["model"][j]]
                leak[i] = p["leak"][j]
                if p["output"][j] or all_outputs:
                    outputs.append(i)
    for src, dst, syn in spec["projections"]:
        for pre, post, w in syn:
            pre_i, post_i = off[src] + pre, off[dst] + post
            table, key = ((axons, axon_key(pre_i)) if kind[src] == "axons"
                          else (connections, pre_i))
            table[key].append((post_i, w))
    return ReferenceNetwork(axons, connections, threshold=threshold, model=model, leak=leak,
                            outputs=outputs)


@st.composite
def specs_and_inputs(draw, max_steps=10):
    spec = draw(native_specs())
    n_axons = offsets(spec)[1]
    per_step = (st.lists(st.integers(0, n_axons - 1), max_size=6) if n_axons
                else st.just([]))
    inputs = draw(st.lists(per_step, min_size=1, max_size=max_steps))
    return spec, inputs


def reference_run(ref, inputs):
    """(times, neurons, potentials per step) of the reference over ``inputs``."""
    times, neurons, pots = [], [], []
    for t, step in enumerate(inputs):
        fired = ref.step([axon_key(a) for a in step])
        times += [t] * len(fired)
        neurons += fired
        pots.append([v for _, v in ref.potentials()])
    return times, neurons, pots


def record_lists(rec):
    return rec.times.tolist(), rec.neurons.tolist()


def quiet_simulator(compiled, **kwargs):
    return Simulator(compiled, overflow="raise", **kwargs)


# ---------------------------------------------------------------------------
# against the reference
# ---------------------------------------------------------------------------
@FAST
@given(specs_and_inputs())
def test_run_matches_reference(case):
    spec, inputs = case
    c = build_network(spec).compile()
    sim = quiet_simulator(c)
    rec = sim.run(inputs=inputs, record_potentials=np.arange(c.n_neurons))
    times, neurons, pots = reference_run(build_reference(spec), inputs)
    assert record_lists(rec) == (times, neurons)
    assert rec.times.dtype == np.int64 and rec.neurons.dtype == np.int32
    assert rec.potentials.dtype == np.int64
    assert rec.potentials.shape == (len(inputs), c.n_neurons)
    assert rec.potentials.tolist() == pots
    assert rec.potential_neurons.tolist() == list(range(c.n_neurons))
    assert (rec.start, rec.n_steps, sim.t) == (0, len(inputs), len(inputs))
    assert sim.potentials.tolist() == pots[-1]


@FAST
@given(specs_and_inputs(), st.data())
def test_input_forms_give_identical_records(case, data):
    spec, inputs = case
    c = build_network(spec).compile()
    n_steps = len(inputs)

    def run(form):
        return Simulator(c, record="all").run(n_steps, inputs=form,
                                              record_potentials=np.arange(c.n_neurons))

    flat = np.array([a for step in inputs for a in step], dtype=np.int64)
    indptr = np.cumsum([0] + [len(step) for step in inputs]).astype(np.int64)
    counts = np.zeros((n_steps, c.n_axons), dtype=np.int64)
    for t, step in enumerate(inputs):
        for a in step:
            counts[t, a] += 1
    forms = {"lists": inputs,
             "arrays": [np.array(step, dtype=np.int32) for step in inputs],
             "csr": (indptr, flat),
             "counts": counts}
    records = {name: run(form) for name, form in forms.items()}
    base = records.pop("lists")
    for name, rec in records.items():
        assert record_lists(rec) == record_lists(base), name
        assert np.array_equal(rec.potentials, base.potentials), name
    # without repeats, the boolean steps x axons array is a third form
    sets = [sorted(set(step)) for step in inputs]
    mask = np.zeros((n_steps, c.n_axons), dtype=bool)
    for t, step in enumerate(sets):
        mask[t, step] = True
    csr = (np.cumsum([0] + [len(s) for s in sets]).astype(np.int64),
           np.array([a for s in sets for a in s], dtype=np.int32))
    by_list, by_mask, by_csr = run(sets), run(mask), run(csr)
    assert record_lists(by_mask) == record_lists(by_list) == record_lists(by_csr)
    assert np.array_equal(by_mask.potentials, by_list.potentials)


@FAST
@given(specs_and_inputs())
def test_step_equals_run(case):
    spec, inputs = case
    c = build_network(spec).compile()
    stepper, runner = quiet_simulator(c), quiet_simulator(c)
    rec = runner.run(inputs=inputs, record_potentials=np.arange(c.n_neurons))
    for t, step in enumerate(inputs):
        fired = stepper.step(step)
        assert fired.dtype == np.int32
        assert fired.tolist() == rec.spikes_at(t).tolist(), t
        assert stepper.potentials.tolist() == rec.potentials[t].tolist(), t
        assert stepper.t == t + 1
    assert stepper.potentials.tolist() == runner.potentials.tolist()


@FAST
@given(specs_and_inputs())
def test_record_all_and_outputs(case):
    spec, inputs = case
    c = build_network(spec).compile()
    rec_all = Simulator(c, record="all").run(inputs=inputs)
    times, neurons, _ = reference_run(build_reference(spec, all_outputs=True), inputs)
    assert record_lists(rec_all) == (times, neurons)
    rec_out = Simulator(c, record="outputs").run(inputs=inputs)
    keep = c.output[rec_all.neurons]
    assert record_lists(rec_out) == (rec_all.times[keep].tolist(), rec_all.neurons[keep].tolist())
    assert record_lists(Simulator(c).run(inputs=inputs)) == record_lists(rec_out)


@FAST
@given(specs_and_inputs(max_steps=12), st.data())
def test_chunked_runs_equal_one_run(case, data):
    spec, inputs = case
    c = build_network(spec).compile()
    whole = quiet_simulator(c, record="all").run(inputs=inputs,
                                                 record_potentials=np.arange(c.n_neurons))
    cuts = sorted(data.draw(st.lists(st.integers(0, len(inputs)), max_size=4)))
    bounds = [0] + cuts + [len(inputs)]
    sim = quiet_simulator(c, record="all")
    times, neurons, pots = [], [], []
    for lo, hi in zip(bounds[:-1], bounds[1:]):
        rec = sim.run(hi - lo, inputs=inputs[lo:hi], record_potentials=np.arange(c.n_neurons))
        assert (rec.start, rec.n_steps, rec.stop, sim.t) == (lo, hi - lo, hi, hi)
        assert rec.potentials.shape == (hi - lo, c.n_neurons)
        times += rec.times.tolist()
        neurons += rec.neurons.tolist()
        pots += rec.potentials.tolist()
    assert (times, neurons) == record_lists(whole)
    assert pots == whole.potentials.tolist()


@FAST
@given(specs_and_inputs())
def test_reset_restarts_from_rest(case):
    spec, inputs = case
    c = build_network(spec).compile()
    sim = quiet_simulator(c, record="all")
    first = sim.run(inputs=inputs, record_potentials=np.arange(c.n_neurons))
    sim.reset()
    assert sim.t == 0 and not sim.potentials.any()
    again = sim.run(inputs=inputs, record_potentials=np.arange(c.n_neurons))
    assert record_lists(again) == record_lists(first) and again.start == 0
    assert np.array_equal(again.potentials, first.potentials)


@FAST
@given(specs_and_inputs(), st.data())
def test_write_weight_matches_reference(case, data):
    spec, inputs = case
    synapses = [(src, dst, s) for src, dst, syn in spec["projections"] for s in syn]
    c = build_network(spec).compile()
    sim = quiet_simulator(c, record="all")
    ref = build_reference(spec, all_outputs=True)
    off = offsets(spec)[0]
    kind = {p["name"]: p["kind"] for p in spec["pops"]}
    for t, step in enumerate(inputs):
        if synapses and data.draw(st.booleans()):
            src, dst, (pre, post, _) = data.draw(st.sampled_from(synapses))
            w = data.draw(small_weights)
            pre_i, post_i = off[src] + pre, off[dst] + post
            source = AXON_SOURCE if kind[src] == "axons" else NEURON_SOURCE
            positions = c.find_synapses(source, pre_i, post_i)
            assert positions.size >= 1
            sim.write_weight(source, positions, w)
            ref.write_synapse(axon_key(pre_i) if source == AXON_SOURCE else pre_i, post_i, w)
            assert [sim.read_weight(source, p) for p in positions] == [w] * positions.size
        assert sim.step(step).tolist() == ref.step([axon_key(a) for a in step]), t
        assert sim.potentials.tolist() == [v for _, v in ref.potentials()], t


# ---------------------------------------------------------------------------
# hand-made cases
# ---------------------------------------------------------------------------
def chain():
    """Axons a0, a1 -> n0 (weights 3 and -1); n0 -> n1 twice (weight 2 each)."""
    net = Network()
    a = net.add_axons("a", 2)
    n = net.add_neurons("n", 2, threshold=[4, 3], output=True)
    net.connect(a, n, pre=[0, 1], post=[0, 0], weight=[3, -1])
    net.connect(n, n, pre=[0, 0], post=[1, 1], weight=[2, 2])
    return net.compile()


def test_repeated_axon_delivers_each_time():
    sim = Simulator(chain())
    assert sim.step([0, 0]).tolist() == []
    assert sim.potentials.tolist() == [6, 0]
    assert sim.step([1, 1, 1, 0]).tolist() == [0]       # 6 > 4 fires; V = 0 - 3 + 3
    assert sim.potentials.tolist() == [0, 4]            # duplicate n0 -> n1 synapse: 2 + 2
    assert sim.step(np.array([0, 0], dtype=np.int64)).tolist() == [1]
    assert sim.potentials.tolist() == [6, 0]
    assert sim.step().tolist() == [0]
    assert sim.potentials.tolist() == [0, 4]


def test_record_potentials_subset_in_given_order():
    c = chain()
    rec = Simulator(c).run(3, inputs=[[0, 0], [0], []], record_potentials=[1, 0, 1])
    assert rec.potential_neurons.tolist() == [1, 0, 1]
    # step 0: n0 = 6; step 1: n0 fires, 0 + 3, n1 = 2 + 2; step 2: n1 fires
    assert rec.potentials.tolist() == [[0, 6, 0], [4, 3, 4], [0, 3, 0]]
    assert rec.as_pairs() == [(1, 0), (2, 1)]
    assert rec.as_pairs(c.neuron_keys) == [(1, ("n", 0)), (2, ("n", 1))]
    assert Simulator(c).run(2, record_potentials=[]).potentials.shape == (2, 0)
    assert Simulator(c).run(2).potentials is None


def test_run_without_inputs_and_with_zero_steps():
    c = chain()
    sim = Simulator(c)
    rec = sim.run(0)
    assert (len(rec), rec.n_steps, sim.t) == (0, 0, 0)
    sim.run(1, inputs=[[0, 0]])
    rec = sim.run(3)
    assert record_lists(rec) == ([1, 2], [0, 1]) and rec.start == 1
    assert rec.counts().tolist() == [1, 1, 0]
    assert Simulator(c).run(inputs=[]).n_steps == 0


def test_times_count_from_reset_across_runs():
    net = Network()
    net.add_neurons("n", 2, threshold=-1, output=[False, True])  # fires every step from rest
    sim = Simulator(net.compile())
    assert record_lists(sim.run(2)) == ([0, 1], [1, 1])
    assert record_lists(sim.run(2)) == ([2, 3], [1, 1])
    sim.reset()
    assert record_lists(sim.run(1)) == ([0], [1])


def always_firing(n, outputs=True):
    net = Network()
    net.add_neurons("n", n, threshold=-1, output=outputs)
    return net.compile()


def test_output_buffer_growth_many_spikes():
    n, steps = 1000, 100  # 100,000 spikes > the initial 65,536-entry buffer
    rec = Simulator(always_firing(n)).run(steps)
    assert len(rec) == n * steps
    assert np.array_equal(rec.times, np.repeat(np.arange(steps), n))
    assert np.array_equal(rec.neurons, np.tile(np.arange(n, dtype=np.int32), steps))


def test_output_buffer_growth_more_outputs_than_half_the_buffer():
    n, steps = 70_000, 3
    rec = Simulator(always_firing(n)).run(steps)
    assert len(rec) == n * steps
    assert rec.counts().tolist() == [n] * steps
    assert np.array_equal(rec.neurons[n:2 * n], np.arange(n))


def test_output_buffer_growth_random_network_matches_reference():
    spec_rng = np.random.default_rng(7)
    n, steps, fanout = 500, 220, 3
    pre = np.repeat(np.arange(n), fanout)
    post = spec_rng.integers(0, n, size=pre.size)
    w = spec_rng.choice([-2, -1, 1, 2, 3, 5], size=pre.size)
    thr = spec_rng.choice([-1, -1, -1, 0, 2], size=n)
    model = spec_rng.integers(0, 3, size=n)
    spec = {"pops": [{"name": "in", "kind": "axons", "size": 4},
                     {"name": "n", "kind": "neurons", "size": n, "threshold": thr.tolist(),
                      "model": model.tolist(), "leak": [1] * n, "output": [True] * n}],
            "projections": [("n", "n", list(zip(pre.tolist(), post.tolist(), w.tolist()))),
                            ("in", "n", [(a, a, 4) for a in range(4)])]}
    inputs = [spec_rng.integers(0, 4, size=3).tolist() for _ in range(steps)]
    rec = Simulator(build_network(spec).compile()).run(inputs=inputs)
    assert len(rec) > 65_536
    times, neurons, _ = reference_run(build_reference(spec), inputs)
    assert record_lists(rec) == (times, neurons)


def test_a_run_like_the_last_needs_no_buffer_growth(monkeypatch):
    from l2s.sim import simulator

    grown = []
    real = simulator._grown
    monkeypatch.setattr(simulator, "_grown", lambda *args: grown.append(1) or real(*args))
    sim = Simulator(always_firing(1000))
    first = sim.run(100)
    assert grown  # 100,000 spikes: the first run grows its buffers
    grown.clear()
    sim.reset()
    again = sim.run(100)
    sim.reset()
    longer = sim.run(300)  # sized for its steps too
    assert not grown and record_lists(again) == record_lists(first) and len(longer) == 300_000


# ---------------------------------------------------------------------------
# potential overflow (signed 35-bit)
# ---------------------------------------------------------------------------
def overflow_network(model="I&F"):
    """n0 (threshold 2**34-1) is driven by axons of known total weight:
    a0: +2**24, a1: +16776704 (512 x 32767), a2: +511, a3: +1, a4: -2**24, a5: -1."""
    net = Network()
    a = net.add_axons("a", 6)
    n = net.add_neurons("n", 1, threshold=V_MAX, model=model, output=True)
    pre, w = [0] * 1024 + [1] * 512 + [2, 3] + [4] * 1024 + [5], \
        [16384] * 1024 + [32767] * 512 + [511, 1] + [-16384] * 1024 + [-1]
    net.connect(a, n, pre=pre, post=[0] * len(pre), weight=w)
    return net.compile()


@pytest.fixture
def no_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def test_potential_at_the_35_bit_limits_is_silent(no_warnings):
    sim = Simulator(overflow_network())
    sim.step([0] * 1023 + [1, 2])
    assert sim.potentials.tolist() == [V_MAX]
    sim.step([])
    assert sim.potentials.tolist() == [V_MAX]   # not > threshold 2**34 - 1: kept
    sim = Simulator(overflow_network())
    sim.run(2, inputs=[[4] * 1024, []])
    assert sim.potentials.tolist() == [V_MIN]


def test_potential_above_35_bits_warns_by_default():
    sim = Simulator(overflow_network())
    sim.step([0] * 1023 + [1, 2])
    with pytest.warns(PotentialOverflowWarning) as info:
        sim.step([3])
    assert sim.potentials.tolist() == [2 ** 34]
    message = str(info[0].message)
    assert "neuron 0" in message and str(2 ** 34) in message and "step 1" in message


def test_potential_below_35_bits_warns():
    sim = Simulator(overflow_network())
    with pytest.warns(PotentialOverflowWarning, match=str(-(2 ** 34) - 1)):
        sim.step([4] * 1024 + [5])


def test_overflow_raise():
    sim = Simulator(overflow_network(), overflow="raise")
    with pytest.raises(PotentialOverflowError) as info:
        sim.step([0] * 1024)
    assert isinstance(info.value, l2s.L2SError) and isinstance(info.value, ArithmeticError)
    assert str(2 ** 34) in str(info.value) and "neuron 0" in str(info.value)


def test_overflow_ignore_is_silent(no_warnings):
    sim = Simulator(overflow_network(), overflow="ignore")
    sim.step([0] * 1024)
    sim.step([0] * 1024)   # fires (V > threshold) and resets, then receives again
    assert sim.potentials.tolist() == [2 ** 34]


def test_transient_overflow_inside_a_run_is_reported():
    # ANN clears V in the next step: the run ends in range but passed outside it in step 0
    sim = Simulator(overflow_network("ANN"), overflow="raise")
    with pytest.raises(PotentialOverflowError, match="step 0"):
        sim.run(2, inputs=[[0] * 1024, []])
    assert sim.potentials.tolist() == [0]


def test_overflow_after_many_steps_of_max_weight_fan_in():
    net = Network()
    a = net.add_axons("a", 1)
    n = net.add_neurons("n", 2, threshold=V_MAX, output=True)
    net.connect(a, n, pre=[0] * 64, post=[1] * 64, weight=32767)   # 2,097,088 per step
    per_step = 64 * 32767
    first_bad = V_MAX // per_step        # 0-based step after which V > V_MAX
    steps = first_bad + 5
    inputs = (np.arange(steps + 1, dtype=np.int64), np.zeros(steps, dtype=np.int32))
    c = net.compile()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        Simulator(c).run(first_bad, inputs=(inputs[0][:first_bad + 1], inputs[1][:first_bad]))
    with pytest.warns(PotentialOverflowWarning) as info:
        rec = Simulator(c).run(steps, inputs=inputs)
    assert "neuron 1" in str(info[0].message)
    assert "step %d" % first_bad in str(info[0].message)
    assert str((first_bad + 1) * per_step) in str(info[0].message)
    assert record_lists(rec) == ([first_bad + 1], [1])  # fires once V > 2**34 - 1
    with pytest.raises(PotentialOverflowError):
        Simulator(c, overflow="raise").run(steps, inputs=inputs)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        Simulator(c, overflow="ignore").run(steps, inputs=inputs)


def test_potentials_exact_across_the_int32_range():
    # C climbs by 32 x 32767 per step past 2**31 while A fires every step and feeds B:
    # the spikes of the step where potentials outgrow 32 bits must not be lost.
    net = Network()
    a = net.add_axons("a", 2)
    n = net.add_neurons("n", 4, threshold=[-1, V_MAX, V_MAX, V_MAX], model=[0, 0, 0, 1],
                        leak=[3, 3, 3, 1], output=True, keys=["A", "B", "C", "D"])
    net.connect(a, n, pre=[0] * 32 + [1] * 32, post=[2] * 32 + [3] * 32,
                weight=[32767] * 32 + [-32768] * 32)
    net.connect(n, n, pre=[0], post=[1], weight=[1])
    c = net.compile()
    steps = 2100   # 2100 x 1,048,544 > 2**31
    inputs = [[0, 1, 1] if t % 7 == 0 else [0] for t in range(steps)]
    ref = ReferenceNetwork({axon_key(0): [(2, 32767)] * 32, axon_key(1): [(3, -32768)] * 32},
                           {0: [(1, 1)], 1: [], 2: [], 3: []},
                           threshold={0: -1, 1: V_MAX, 2: V_MAX, 3: V_MAX},
                           model={0: "I&F", 1: "I&F", 2: "I&F", 3: "LI&F"},
                           leak={0: 3, 1: 3, 2: 3, 3: 1}, outputs=[0, 1, 2, 3])
    times, neurons, pots = reference_run(ref, inputs)
    assert pots[-1][2] > 2 ** 31 and pots[-1][1] == steps
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        rec = Simulator(c, record="all").run(inputs=inputs, record_potentials=[0, 1, 2, 3])
        assert record_lists(rec) == (times, neurons)
        assert rec.potentials.tolist() == pots
        sim = Simulator(c, record="all")
        for t in range(0, steps, 300):           # chunked, then single steps
            sim.run(inputs=inputs[t:t + 299])
            assert sim.step(inputs[t + 299]).tolist() == rec.spikes_at(t + 299).tolist()
            assert sim.potentials.tolist() == pots[t + 299]


def test_write_weight_keeps_potentials_exact_beyond_int32():
    net = Network()
    a = net.add_axons("a", 2)
    n = net.add_neurons("n", 1, threshold=V_MAX)
    net.connect(a, n, pre=[1, 1] + [0] * 32, post=[0] * 34, weight=[32767, 32767] + [0] * 32)
    c = net.compile()
    sim = Simulator(c, overflow="raise")
    k = 32767
    sim.run(k, inputs=(np.arange(k + 1, dtype=np.int64), np.ones(k, dtype=np.int32)))
    assert sim.potentials.tolist() == [2 * 32767 * k]
    sim.write_weight(AXON_SOURCE, c.find_synapses(AXON_SOURCE, 0, 0), 32767)
    sim.step([0])
    assert sim.potentials.tolist() == [2 * 32767 * k + 32 * 32767]
    assert sim.potentials.tolist()[0] > 2 ** 31


# ---------------------------------------------------------------------------
# weights
# ---------------------------------------------------------------------------
def test_write_and_read_weight():
    c = chain()
    sim, other = Simulator(c), Simulator(c)
    pos = c.find_synapses(AXON_SOURCE, 0, 0)
    assert sim.read_weight(AXON_SOURCE, int(pos[0])) == 3
    sim.write_weight(AXON_SOURCE, pos, 5)
    assert sim.read_weight(AXON_SOURCE, int(pos[0])) == 5
    assert type(sim.read_weight(AXON_SOURCE, int(pos[0]))) is int
    both = c.find_synapses(NEURON_SOURCE, 0, 1)
    assert both.tolist() == [0, 1]
    sim.write_weight(NEURON_SOURCE, both, -32768)
    assert [sim.read_weight(NEURON_SOURCE, p) for p in both] == [-32768, -32768]
    sim.write_weight(NEURON_SOURCE, both, 4.0)
    assert [sim.read_weight(NEURON_SOURCE, p) for p in both] == [4, 4]
    sim.step([0])
    assert sim.potentials.tolist() == [5, 0]
    sim.step([])
    assert sim.step([]).tolist() == [1] and sim.potentials.tolist() == [0, 0]
    # the compiled network and other simulators keep the original weights
    assert c.axon_weights.tolist() == [3, -1] and c.neuron_weights.tolist() == [2, 2]
    assert other.read_weight(AXON_SOURCE, int(pos[0])) == 3
    # reset keeps written weights
    sim.reset()
    assert sim.read_weight(AXON_SOURCE, int(pos[0])) == 5


@pytest.mark.parametrize("weight, exc", [(32768, InvalidValueError), (-32769, InvalidValueError),
                                         (2.5, InvalidTypeError), ("3", InvalidTypeError),
                                         (True, InvalidTypeError)])
def test_write_weight_rejects_bad_weight(weight, exc):
    c = chain()
    sim = Simulator(c)
    with pytest.raises(exc) as info:
        sim.write_weight(AXON_SOURCE, [0, 1], weight)
    assert isinstance(info.value, l2s.L2SError)
    assert repr(weight) in str(info.value)
    assert [sim.read_weight(AXON_SOURCE, p) for p in (0, 1)] == [3, -1]


# ---------------------------------------------------------------------------
# argument errors
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("kwargs, text", [(dict(record="spikes"), "'spikes'"),
                                          (dict(overflow="clip"), "'clip'")])
def test_simulator_rejects_unknown_choices(kwargs, text):
    with pytest.raises(InvalidValueError, match=text):
        Simulator(chain(), **kwargs)


@pytest.mark.parametrize("steps, inputs, exc, text", [
    (None, None, InvalidValueError, "steps"),
    (2, [[0]], InvalidValueError, "1 steps"),
    (None, [[0], [2]], InvalidValueError, "= 2"),
    (None, [[-1]], InvalidValueError, "-1"),
    (None, [[0.5]], InvalidTypeError, "0.5"),
    (None, [[True]], InvalidTypeError, "inputs"),
    (-1, None, InvalidValueError, "-1"),
    (None, np.ones((2, 3), dtype=bool), InvalidValueError, "3 columns"),
    (None, -np.ones((2, 2), dtype=np.int64), InvalidTypeError, "inputs"),
    (None, (np.array([0, 2]), np.array([0])), InvalidValueError, "indptr"),
    (None, (np.array([0, 1]), np.array([5])), InvalidValueError, "5"),
    (None, 7, InvalidTypeError, "int"),
    (None, [[0], [1]], None, None),  # valid, for contrast
])
def test_run_rejects_bad_inputs_without_running(steps, inputs, exc, text):
    sim = Simulator(chain())
    sim.step([0])
    if exc is None:
        sim.run(steps, inputs=inputs)
        return
    with pytest.raises(exc) as info:
        sim.run(steps, inputs=inputs)
    assert isinstance(info.value, l2s.L2SError)
    assert text in str(info.value)
    assert sim.t == 1 and sim.potentials.tolist() == [3, 0]


def test_record_potentials_out_of_range():
    sim = Simulator(chain())
    with pytest.raises(InvalidValueError, match="record_potentials"):
        sim.run(1, record_potentials=[2])
    assert sim.t == 0


@given(st.lists(st.lists(st.integers(0, 9), max_size=12), max_size=6))
def test_max_repeat_counts_within_steps_and_leaves_its_scratch_zeroed(steps):
    from collections import Counter

    from l2s.sim._int32 import max_repeat

    indptr = np.cumsum([0] + [len(s) for s in steps]).astype(np.int64)
    indices = np.array([a for s in steps for a in s], dtype=np.int32)
    seen = np.zeros(10, dtype=np.int64)
    expected = max((max(Counter(s).values()) for s in steps if s), default=0)
    assert max_repeat(indptr, indices, seen) == expected
    assert not seen.any()
