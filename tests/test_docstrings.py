"""Every public class, function and method of the listed modules has an Examples section.

The doctests themselves run with the suite (``--doctest-modules``); this test
makes sure none goes missing. Modules are added here as their docstrings are
completed.
"""
import importlib
import inspect

import pytest

MODULES = (
    [f"l2s.graph.{m}" for m in ("compiled", "compiler", "connectivity", "display", "expand",
                                "keys", "l2s_dicts", "models", "network", "population",
                                "neuron_models", "noise")]
    + [f"l2s.plot.{m}" for m in ("_common", "_cores", "_density", "activity", "hardware",
                                 "inspect", "mapping", "topology")]
    + [f"l2s.hw.{m}" for m in ("display", "explain", "cycles", "emulator", "recorder", "stream",
                               "packets", "locate", "describe", "usage", "build", "image")]
    + [f"l2s.machine.{m}" for m in ("spec", "words", "costs", "geometry")]
    + ["l2s.target", "l2s.files"]
    + [f"l2s.nsg.{m}" for m in ("client", "config", "packaging", "preflight", "responses")]
    + ["l2s.record", "l2s.record_summary", "l2s._html", "l2s.inputs", "l2s.examples",
       "l2s.errors", "l2s.neuron_models"]
    + [f"l2s.partition.{m}" for m in ("report", "metrics", "placement", "partitioner",
                                      "methods", "explain", "compare", "ties", "hypergraph",
                                      "kahypar")])


def _public_callables(module):
    """``(qualified name, object)`` of the module's own public classes, functions, methods."""
    for name in module.__all__:
        obj = getattr(module, name)
        defined_here = getattr(obj, "__module__", None) == module.__name__
        if not defined_here or not (inspect.isclass(obj) or callable(obj)):
            continue
        yield name, obj
        if inspect.isclass(obj):
            for attr, member in vars(obj).items():
                if attr.startswith("_"):
                    continue
                if isinstance(member, property):
                    yield f"{name}.{attr}", member.fget
                elif isinstance(member, (staticmethod, classmethod)):
                    yield f"{name}.{attr}", member.__func__
                elif inspect.isfunction(member):
                    yield f"{name}.{attr}", member


@pytest.mark.parametrize("module_name", MODULES)
def test_every_public_callable_has_examples(module_name):
    module = importlib.import_module(module_name)
    missing = [name for name, obj in _public_callables(module)
               if "Examples" not in (inspect.getdoc(obj) or "")]
    assert not missing, f"{module_name}: no Examples section in {missing}"
