"""HardwareSpec: the real geometry by default, validated small specs for tests."""
import pytest

from l2s import InvalidTypeError, InvalidValueError
from l2s.partition import HardwareSpec


def test_defaults_are_the_cri_geometry():
    spec = HardwareSpec()
    assert (spec.fpgas, spec.cores_per_fpga, spec.n_cores) == (1, 32, 32)
    assert spec.neurons_per_core == spec.axons_per_core == 2 ** 17
    assert spec.hbm_rows_per_core == 2 ** 23 - 2 ** 15
    assert spec.rows_per_pointer == 511
    assert spec.column_capacity.tolist() == [8192] * 16


def test_column_capacity_of_a_core_that_is_not_a_multiple_of_16():
    assert HardwareSpec(neurons_per_core=18).column_capacity.tolist() == [2, 2] + [1] * 14


@pytest.mark.parametrize("field, value, error", [
    ("fpgas", 0, InvalidValueError),
    ("cores_per_fpga", -1, InvalidValueError),
    ("neurons_per_core", 2.5, InvalidTypeError),
    ("axons_per_core", "many", InvalidTypeError),
    ("hbm_rows_per_core", 1, InvalidValueError),
])
def test_invalid_fields_name_the_field(field, value, error):
    with pytest.raises(error, match=field):
        HardwareSpec(**{field: value})
