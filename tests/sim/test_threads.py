"""The threaded kernel: results must not depend on threads, chunking or state width."""
import numpy as np
import pytest
from hypothesis import given, settings

import l2s.sim.simulator as simulator_module
from l2s import Simulator
from l2s.examples import random_inputs, random_recurrent
from tests.sim.test_simulator import (build_network, build_reference, record_lists,
                                      reference_run, specs_and_inputs)

FAST = settings(deadline=None, max_examples=40)


@FAST
@given(specs_and_inputs())
def test_two_threads_match_reference(case):
    spec, inputs = case
    c = build_network(spec).compile()
    sim = Simulator(c, threads=2, overflow="ignore")
    rec = sim.run(inputs=inputs, record_potentials=np.arange(c.n_neurons))
    times, neurons, pots = reference_run(build_reference(spec), inputs)
    assert record_lists(rec) == (times, neurons)
    assert rec.potentials.tolist() == pots


@pytest.fixture(scope="module")
def workload():
    compiled = random_recurrent(3000, fanout=30, seed=3).compile()
    return compiled, random_inputs(compiled.n_axons, 200, p=0.05, seed=4)


def _run(compiled, inputs, threads, **kwargs):
    sim = Simulator(compiled, record="all", threads=threads)
    rec = sim.run(inputs=inputs, record_potentials=np.arange(0, compiled.n_neurons, 7), **kwargs)
    return sim, rec


def test_one_and_two_threads_identical_on_a_recurrent_network(workload):
    compiled, inputs = workload
    (s1, r1), (s2, r2) = (_run(compiled, inputs, t) for t in (1, 2))
    assert len(r1) > 10_000  # the network is really active
    np.testing.assert_array_equal(r1.times, r2.times)
    np.testing.assert_array_equal(r1.neurons, r2.neurons)
    np.testing.assert_array_equal(r1.potentials, r2.potentials)
    np.testing.assert_array_equal(s1.potentials, s2.potentials)


def test_progress_bar_chunks_do_not_change_the_record(workload, capsys):
    compiled, inputs = workload
    _, plain = _run(compiled, inputs, 2, progress=False)
    _, shown = _run(compiled, inputs, 2, progress=True)
    np.testing.assert_array_equal(plain.times, shown.times)
    np.testing.assert_array_equal(plain.potentials, shown.potentials)
    assert "step" in capsys.readouterr().err  # tqdm drew on stderr


@pytest.mark.parametrize("threads", [1, 2])
def test_state_widens_to_int64_mid_run_and_narrows_after_reset(threads):
    """Neuron 0 gains 100 x 32,767 per step: int32 would wrap after 656 steps."""
    import l2s

    net = l2s.Network()
    inp = net.add_axons("in", 1)
    cells = net.add_neurons("n", 400, threshold=2 ** 34 - 1, output=True)
    net.connect(inp, cells, pre=np.zeros(200, dtype=int), post=[0] * 100 + [399] * 100,
                weight=[32_767] * 100 + [-32_767] * 100)
    sim = Simulator(net.compile(), threads=threads, overflow="raise")
    steps, gain = 700, 100 * 32_767
    rec = sim.run(steps, inputs=(np.arange(steps + 1, dtype=np.int64),
                                 np.zeros(steps, dtype=np.int32)),
                  record_potentials=[0, 399])
    assert sim.state_dtype == np.int64
    np.testing.assert_array_equal(rec.potentials[:, 0], gain * np.arange(1, steps + 1))
    np.testing.assert_array_equal(rec.potentials[:, 1], -gain * np.arange(1, steps + 1))
    sim.reset()
    sim.step([0])
    assert sim.state_dtype == np.int32 and sim.potentials[0] == gain


@pytest.fixture
def all_threads_every_call(monkeypatch):
    """The simulator's choice of thread count fixed at all of its threads."""
    monkeypatch.setattr(simulator_module._ThreadChooser, "plan",
                        lambda self, remaining: (self.threads, remaining))


def test_helper_threads_give_the_one_thread_result(workload, all_threads_every_call):
    compiled, inputs = workload
    (s1, r1), (s2, r2) = (_run(compiled, inputs, t) for t in (1, 2))
    np.testing.assert_array_equal(r1.neurons, r2.neurons)
    np.testing.assert_array_equal(r1.potentials, r2.potentials)
    np.testing.assert_array_equal(s1.potentials, s2.potentials)


def test_switching_thread_count_between_calls_changes_nothing(workload, monkeypatch):
    compiled, inputs = workload
    rng = np.random.default_rng(5)
    monkeypatch.setattr(simulator_module._ThreadChooser, "plan", lambda self, remaining: (
        int(rng.choice([1, self.threads])), int(min(remaining, rng.integers(1, 9)))))
    (_, r1), (_, r2) = (_run(compiled, inputs, t) for t in (1, 2))
    np.testing.assert_array_equal(r1.neurons, r2.neurons)
    np.testing.assert_array_equal(r1.potentials, r2.potentials)


def test_chooser_keeps_one_thread_unless_more_are_clearly_faster():
    chooser = simulator_module._ThreadChooser(2)
    assert chooser.plan(100)[1] == 1  # first a one-step measurement
    chooser.record(2, 10, 1000, 0.010)
    chooser.record(1, 10, 1000, 0.0105)
    assert chooser.choice == 1  # 2 threads are faster, but not by the margin
    chooser.record(2, 10, 1000, 0.005)
    assert chooser.choice == 2
    threads, steps = chooser.plan(10 ** 6)
    assert steps >= 1 and threads in (1, 2)


def _probe(chooser, seconds):
    """Run one probe of ``chooser``; the durations of its calls are ``seconds``."""
    for duration in seconds:
        threads, _ = chooser.plan(1)
        assert threads != chooser.choice
        chooser.record(threads, 1, 1000, duration)


def test_a_probe_is_several_calls_and_its_first_does_not_count(monkeypatch):
    now = [100.0]
    monkeypatch.setattr(simulator_module.time, "perf_counter", lambda: now[0])
    history = simulator_module._HISTORY
    chooser = simulator_module._ThreadChooser(2)
    chooser.record(1, 1, 1000, 0.001)  # one thread: 1 ms a call
    # The first call of a probe wakes the helpers (50 ms); then two threads are 5 % faster,
    # short of the margin: the probe runs its course and one thread stays.
    _probe(chooser, [0.050] + [0.00095] * history)
    assert chooser.choice == 1 and chooser.probe_calls == 0
    assert list(chooser.paces[2]) == [0.00095 / 1000] * history
    # the next probe comes after a pause of 50 times what the probe took, all of it
    assert chooser.next_probe == pytest.approx(100.0 + 50 * (0.050 + history * 0.00095))
    assert chooser.plan(1)[0] == 1
    now[0] = chooser.next_probe
    _probe(chooser, [0.050, 0.0005])  # now twice as fast: chosen at once, the probe ends
    assert chooser.choice == 2 and chooser.probe_calls == 0
    assert chooser.plan(1)[0] == 2


def test_chooser_compares_time_per_unit_of_work_not_per_step():
    chooser = simulator_module._ThreadChooser(2)
    chooser.record(1, 10, 1000, 0.010)  # quiet steps: little work each
    chooser.record(2, 10, 4000, 0.020)  # busy steps: twice the time, four times the work
    assert chooser.choice == 2
    chooser.record(1, 10, 8000, 0.010)  # one thread did more work per second still
    assert chooser.choice == 1


@pytest.mark.parametrize("threads", [1, 2])
def test_kernel_counts_the_synapses_it_delivers(workload, monkeypatch, threads):
    # The chooser's unit of work: every active axon's and fired neuron's synapses, each step.
    compiled, (indptr, indices) = workload
    counted = []
    run_steps = simulator_module.run_steps

    def counting(*args):
        result = run_steps(*args)
        counted.append(result[3])
        return result

    monkeypatch.setattr(simulator_module, "run_steps", counting)
    monkeypatch.setattr(simulator_module._ThreadChooser, "plan",
                        lambda self, remaining: (self.threads, min(remaining, 7)))
    record = Simulator(compiled, record="all", threads=threads).run(inputs=(indptr, indices))
    fanout = {s: np.diff(compiled.csr(s)[0]) for s in ("axon", "neuron")}
    expected = fanout["axon"][indices].sum() + fanout["neuron"][record.neurons].sum()
    assert len(counted) > 1 and sum(counted) == expected
