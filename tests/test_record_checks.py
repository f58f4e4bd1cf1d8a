"""SpikeRecord checks its arrays on construction; model_code refuses what is not a model."""
import numpy as np
import pytest

import l2s
from l2s import SpikeRecord
from l2s.graph.models import model_code

T, N = np.array([0, 1, 1]), np.array([2, 0, 5], np.int32)

BAD = {
    "fractional time": dict(times=[0.5, 1, 1]),
    "time before start": dict(times=[-1, 1, 1]),
    "time after the run": dict(times=[0, 1, 3]),
    "times not ascending": dict(times=[1, 0, 1]),
    "negative neuron": dict(neurons=[2, -1, 5]),
    "neuron beyond int32": dict(neurons=[2, 2 ** 31, 5]),
    "lengths differ": dict(neurons=[2, 0]),
    "string times": dict(times="abc"),
    "ragged neurons": dict(neurons=[1, [2], 3]),
    "2-d times": dict(times=[[0, 1, 1]]),
    "negative start": dict(start=-1, times=[-1, 0, 0]),
    "float n_steps": dict(n_steps=2.5),
    "potentials without neurons": dict(potentials=np.zeros((3, 1))),
    "neurons without potentials": dict(potential_neurons=[0]),
    "potentials of the wrong shape": dict(potential_neurons=[0, 1], potentials=np.zeros((3, 1))),
    "nan potential": dict(potential_neurons=[0], potentials=[[0], [np.nan], [1]]),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_record_is_refused_with_a_short_error(case):
    args = dict(dict(times=T, neurons=N, start=0, n_steps=3), **BAD[case])
    with pytest.raises(l2s.L2SError) as err:
        SpikeRecord(**args)
    assert len(str(err.value)) < 300


def test_a_record_stores_canonical_dtypes():
    rec = SpikeRecord([3.0, 4], [1, 2], 3, 2, [0], [[1.0], [2]])
    assert (rec.times.dtype, rec.neurons.dtype) == (np.int64, np.int32)
    assert rec.potentials.dtype == np.int64 and rec.potentials.tolist() == [[1], [2]]
    assert SpikeRecord([], [], 0, 0).counts().tolist() == []


@pytest.mark.parametrize("value", [np.True_, True, 1.0, None, [1], np.array(1)])
def test_model_code_refuses_what_is_not_a_model(value):
    with pytest.raises(l2s.InvalidTypeError, match="model"):
        model_code(value)


def test_model_code_shortens_a_huge_value():
    with pytest.raises(l2s.InvalidValueError) as err:
        model_code("x" * 10 ** 6)
    assert len(str(err.value)) < 300
    assert model_code(np.int64(2)) == 2
