"""check_index_array: its compiled pass over integer arrays, against an entry-by-entry reading."""
import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from l2s import InvalidValueError
from l2s._validation import check_index_array

INTEGER_DTYPES = st.sampled_from([np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16,
                                  np.uint32, np.uint64])


@given(dtype=INTEGER_DTYPES, n=st.integers(0, 300), data=st.data())
def test_integer_arrays_are_checked_entry_by_entry(dtype, n, data):
    values = data.draw(hnp.arrays(dtype, st.integers(0, 20)))
    entries = values.tolist()
    bad = [i for i, v in enumerate(entries) if not 0 <= v < n]
    if bad:
        message = (f"axons[{bad[0]}] = {entries[bad[0]]} is not a valid index of the axons "
                   f"(size {n})")
        with pytest.raises(InvalidValueError, match=re.escape(message)):
            check_index_array(values, "axons", n, "the axons")
        return
    got = check_index_array(values, "axons", n, "the axons")
    assert got.dtype == np.int32 and got.tolist() == entries


def test_the_first_index_out_of_range_is_named():
    values = np.array([1, 5, -1, 9], dtype=np.int64)
    with pytest.raises(InvalidValueError, match=r"axons\[1\] = 5 is not a valid index of the "
                                                r"axons \(size 5\)"):
        check_index_array(values, "axons", 5, "the axons")


def test_a_scalar_array_and_a_two_dimensional_array_are_flattened():
    assert check_index_array(np.int64(3), "a", 4, "x").tolist() == [3]
    assert check_index_array(np.array([[0, 1], [2, 3]], np.uint16), "a", 4, "x").tolist() == [
        0, 1, 2, 3]
