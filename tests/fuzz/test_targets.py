"""Odd values in every parameter of the emulator, the recorder, the distributed simulator,
records, plots and the hardware-image helpers: L2SError or success, never another exception,
and a call that raises leaves the target unchanged."""
import matplotlib
import numpy as np
import pytest
from hypothesis import assume, given, settings

import l2s
from l2s import SpikeRecord, plot
from l2s.examples import docs_example
from l2s.hw import (CommandRecorder, Emulator, build_image, build_image_at, decode_packets,
                    describe, hbm_usage, locate_synapse, make_packets,
                    read_row_commands, step_commands, write_row_commands)
from l2s.partition import HardwareSpec, compare, partition
from l2s.partition.explain import explain_neuron
from l2s.hw.display import image_html
from l2s.hw.explain import explain_words
from l2s.record_summary import summarize
from l2s.sim import DistributedSimulator
from tests.fuzz.odd import odd_values
from tests.fuzz.test_network import _call

matplotlib.use("Agg")
import matplotlib.pyplot  # noqa: E402  (after choosing the backend)
FEW = settings(max_examples=25)
COMPILED = l2s.from_l2s(**docs_example()).compile()
IMAGE = build_image_at(COMPILED, HardwareSpec(), [0] * 4, range(4))
PLACEMENT = partition(COMPILED, HardwareSpec(), seed=0)
RECORD = SpikeRecord([0, 1, 1], [2, 0, 3], 0, 3, [0, 1], [[1, 2], [3, 4], [5, 6]])

#: Each method's arguments, all valid; the fuzz replaces one at a time.
TARGET_CALLS = {
    "step": {"axons": [0, 1]},
    "run": {"steps": 2, "inputs": None, "record_potentials": [0]},
    "read_weight": {"source": "axon", "position": 0},
    "write_weight": {"source": "neuron", "positions": [0, 1], "weight": 3},
}
EMULATOR_CALLS = dict(TARGET_CALLS, **{
    "read_synapse": {"kind": "axon", "pre": 1, "post": 3, "copy": 0},
    "write_synapse": {"kind": "axon", "pre": 1, "post": 3, "weight": 3, "copy": 0},
    "locate": {"kind": "axon", "pre": 1, "post": 3, "copy": 0},
    "address": {"source": "axon", "position": 0},
})
MAKERS = {
    "emulator": (lambda **kw: Emulator(**kw), {"image": IMAGE, "compiled": COMPILED, "seed": 1},
                 EMULATOR_CALLS),
    "recorder": (lambda **kw: CommandRecorder(**kw),
                 {"image": IMAGE, "compiled": COMPILED, "seed": 1}, TARGET_CALLS),
    "distributed": (lambda **kw: DistributedSimulator(**kw),
                    {"network": COMPILED, "parts": None, "record": "all", "overflow": "warn",
                     "threads": 1, "exchange": "allgather", "seed": 1, "partition_seed": 0,
                     "chunk": 100}, TARGET_CALLS),
}
METHODS = [(kind, name, param) for kind, (_, _, calls) in sorted(MAKERS.items())
           for name, args in sorted(calls.items()) for param in sorted(args)]
CONSTRUCTORS = [(kind, param) for kind, (_, args, _) in sorted(MAKERS.items())
                for param in sorted(args)]


def _target(kind):
    make, args, _ = MAKERS[kind]
    target = make(**args)
    target.step([0, 1])
    return target


@pytest.mark.parametrize("kind,param", CONSTRUCTORS)
@FEW
@given(value=odd_values)
def test_constructor(kind, param, value):
    make, args, _ = MAKERS[kind]
    try:
        _call(lambda: make(**dict(args, **{param: value})))
    except OSError:  # a str is a path, and a missing file is reported as by l2s.load
        assert param == "network" and isinstance(value, str)


def _long_run(value) -> bool:
    """Whether ``value`` reads as a number above 10**4 in any form a step count is given in
    (an int, an integral float such as 1e7, a numpy scalar or a one-item array)."""
    try:
        numbers = np.asarray(value, dtype=float).reshape(-1)
    except OverflowError:  # an int beyond any float
        return True
    except (TypeError, ValueError):
        return False
    return numbers.size == 1 and bool(numbers[0] > 10 ** 4)


@pytest.mark.parametrize("kind,method,param", METHODS)
@FEW
@given(value=odd_values)
def test_method(kind, method, param, value):
    # a run of 2**31 steps is a valid request, only a long one (allocations are checked):
    # 1e7 steps, given as a float, kept one CI run busy for over half an hour
    assume(not (param == "steps" and _long_run(value)))
    target = _target(kind)
    args = dict(MAKERS[kind][2][method], **{param: value})
    _call(lambda: getattr(target, method)(**args), target)


RECORD_ARGS = {"times": [0, 1], "neurons": [1, 0], "start": 0, "n_steps": 2,
               "potential_neurons": [0], "potentials": [[1], [2]]}


@pytest.mark.parametrize("param", sorted(RECORD_ARGS))
@FEW
@given(value=odd_values)
def test_record(param, value):
    _call(lambda: SpikeRecord(**dict(RECORD_ARGS, **{param: value})))


FUNCTIONS = {
    "raster": (lambda **kw: plot.raster(**kw), {"record": RECORD, "compiled": COMPILED,
                                                 "mode": "auto", "rate": None}),
    "potentials": (lambda **kw: plot.potentials(**kw),
                   {"record": RECORD, "neurons": None, "threshold": None, "compiled": COMPILED,
                    "mode": "auto"}),
    "hbm_fill": (lambda **kw: plot.hbm_fill(**kw), {"image": IMAGE}),
    "neuron_view": (lambda **kw: plot.neuron_view(**kw), {"where": PLACEMENT.explain(0)}),
    "compare_view": (lambda **kw: plot.compare_view(**kw),
                     {"comparison": compare(PLACEMENT, PLACEMENT)}),
    "core_view": (lambda **kw: plot.core_view(**kw), {"source": PLACEMENT, "core": 0,
                                                       "compiled": None, "top": 10}),
    "occupancy": (lambda **kw: plot.occupancy(**kw), {"placement": PLACEMENT, "scale": "auto"}),
    "traffic": (lambda **kw: plot.traffic(**kw),
                {"placement": PLACEMENT, "kind": "synapses", "rates": None, "record": None,
                 "diagonal": True, "log": False, "annotate": None, "cmap": "viridis"}),
    "topology": (lambda **kw: plot.topology(**kw),
                 {"network": COMPILED, "placement": None, "view": "auto", "layout": "auto",
                  "seed": 0, "labels": None, "node_size": None, "max_nodes": 100}),
    "summarize": (summarize, {"record": RECORD, "compiled": COMPILED}),
    "build_image": (build_image, {"compiled": COMPILED, "placement": PLACEMENT}),
    "locate_synapse": (locate_synapse, {"image": IMAGE, "rows": IMAGE.synapse_rows,
                                        "kind": "axon", "pre": 1, "post": 3, "copy": 0}),
    "describe": (describe, {"image": IMAGE, "neuron": 0, "axon": None}),
    "explain_words": (explain_words, {"image": IMAGE, "neuron": 0, "compiled": COMPILED}),
    "hbm_usage": (hbm_usage, {"image": IMAGE}),
    "image_html": (image_html, {"image": IMAGE}),
    "step_commands": (step_commands, {"image": IMAGE, "axons": [0], "steps": 1}),
    "read_row_commands": (read_row_commands, {"image": IMAGE, "core": 0, "row": 0}),
    "write_row_commands": (write_row_commands,
                           {"image": IMAGE, "core": 0, "row": 0, "words": np.zeros(8, np.uint64)}),
    "make_packets": (make_packets, {"opcode": "STEP", "fpga": 0, "core": 0, "address": 0,
                                    "items": None, "count": 0}),
    "decode_packets": (decode_packets, {"data": np.zeros((1, 128), np.uint32)}),
    "explain_neuron": (explain_neuron, {"placement": PLACEMENT, "neuron": 0}),
    "compare": (compare, {"a": PLACEMENT, "b": PLACEMENT, "names": None}),
}
CALLS = [(name, param) for name, (_, args) in sorted(FUNCTIONS.items()) for param in sorted(args)]


@pytest.mark.parametrize("name,param", CALLS)
@FEW
@given(value=odd_values)
def test_function(name, param, value):
    function, args = FUNCTIONS[name]
    _call(lambda: function(**dict(args, **{param: value})))
    matplotlib.pyplot.close("all")
