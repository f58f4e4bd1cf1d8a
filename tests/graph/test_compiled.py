"""The :class:`~l2s.CompiledNetwork` itself: its arrays are read-only, the dataclass frozen."""
import numpy as np
import pytest

from .networks import ARRAY_FIELDS, small_network


def test_compiled_arrays_are_read_only():
    c = small_network().compile()
    for name in ARRAY_FIELDS:
        arr = getattr(c, name)
        assert not arr.flags.writeable, name
        with pytest.raises(ValueError):
            arr[:1] = arr[:1]
    with pytest.raises(AttributeError):
        c.threshold = np.zeros(5)  # frozen dataclass
