"""Snapshots of mutable state, to assert that a call which raised changed nothing.

``unchanged(obj)`` is a context manager: it snapshots ``obj`` (a Network, a
Placement, a directory on disk, or anything with a ``__dict__`` of arrays,
plain values and further L2S objects, such as an Emulator or a
CommandRecorder with its emulator), runs the block and asserts the snapshot is the same after
it, whether the block raised or not::

    with pytest.raises(L2SError), unchanged(net):
        net.connect(a, b, pre=[0], post=[99])
"""
import contextlib
import hashlib
import os

import numpy as np

__all__ = ["snapshot", "unchanged"]


def _value(v):
    if isinstance(v, np.ndarray):
        return ("array", v.dtype.str, v.shape, hashlib.sha1(np.ascontiguousarray(v)).hexdigest())
    if isinstance(v, (list, tuple)):
        return (type(v).__name__, tuple(_value(x) for x in v))
    if isinstance(v, dict):
        return ("dict", tuple(sorted(((repr(k), _value(x)) for k, x in v.items()))))
    if hasattr(v, "__slots__") and not hasattr(v, "__dict__"):
        return (type(v).__name__, tuple(_value(getattr(v, s, None)) for s in v.__slots__))
    if hasattr(v, "__dataclass_fields__"):
        return (type(v).__name__, tuple(_value(getattr(v, f)) for f in v.__dataclass_fields__))
    if type(v).__module__.startswith("l2s.") and hasattr(v, "__dict__"):
        return (type(v).__name__, _value(vars(v)))  # e.g. a recorder's emulator
    return repr(v)


def _directory(path):
    out = {}
    for name in sorted(os.listdir(path)):
        full = os.path.join(path, name)
        st = os.lstat(full)
        if os.path.islink(full):
            out[name] = ("link", os.readlink(full))
        elif os.path.isfile(full):
            with open(full, "rb") as f:
                out[name] = ("file", st.st_mode, hashlib.sha1(f.read()).hexdigest())
        else:
            out[name] = ("other", st.st_mode)
    return out


def snapshot(obj):
    """A comparable value holding everything observable about ``obj``."""
    import l2s
    if isinstance(obj, (str, os.PathLike)) and os.path.isdir(obj):
        return _directory(obj)
    if isinstance(obj, l2s.Network):
        g = obj.graph
        return (tuple((n, _value(d["population"])) for n, d in g.nodes(data=True)),
                tuple((s, t, _value(d["projections"])) for s, t, d in g.edges(data=True)),
                _value(g.graph))
    return _value(vars(obj))


@contextlib.contextmanager
def unchanged(*objs):
    """Assert the state of every ``obj`` is the same after the block as before it."""
    before = [snapshot(o) for o in objs]
    try:
        yield
    finally:
        after = [snapshot(o) for o in objs]
        for obj, b, a in zip(objs, before, after):
            assert a == b, f"{obj!r} changed although the call raised"
