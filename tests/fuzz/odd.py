"""Odd values to inject into parameters: wrong types, arrays, ragged lists, huge sizes."""
import numpy as np
from hypothesis import strategies as st

__all__ = ["odd_values"]

_INTS = [-1, 0, 1, 2, 3, 2 ** 31, -2 ** 31 - 1, 2 ** 32, 2 ** 40, 2 ** 63, -2 ** 63, 2 ** 64,
         10 ** 12, 10 ** 400]

#: Values every parameter should either accept or refuse with an L2SError.
odd_values = st.one_of(
    st.none(), st.booleans(), st.sampled_from(_INTS),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=4), st.binary(max_size=3),
    st.sampled_from([np.True_, np.float64("nan"), np.int64(-5)]),
    st.builds(lambda: np.array(3)), st.builds(lambda: np.array([1, 2])),
    st.builds(lambda: np.array(["x", "y"])), st.builds(lambda: np.array([[0, 1], [1, 0]])),
    st.builds(lambda: np.array([0.5, 1.5])), st.builds(lambda: np.array([2 ** 40, 0])),
    st.builds(lambda: [1, [2], 3]), st.builds(lambda: {"a": 1}), st.builds(lambda: {1, 2}),
    st.builds(lambda: (i for i in [0, 1])), st.builds(lambda: [0.5]),
    st.builds(lambda: (np.array([0, 1]), np.array([0]))), st.builds(object),
    st.builds(lambda: ((((("deep",) * 1,),),),)), st.builds(lambda: _deep(200)),
    st.lists(st.integers(-3, 3), max_size=4),
    st.lists(st.floats(allow_nan=True, allow_infinity=True), max_size=3),
)


def _deep(depth):
    key = "k"
    for _ in range(depth):
        key = (key,)
    return key
