"""The record every execution target returns: compact spike and potential arrays."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Hashable, List, Optional, Tuple

import numpy as np

from ._validation import MAX_INDEX, as_array, check_instance, check_int, check_int_array, fail
from .graph.compiled import CompiledNetwork

if TYPE_CHECKING:
    from .record_summary import RecordSummary

__all__ = ["SpikeRecord", "check_record"]


@dataclass(frozen=True, eq=False)
class SpikeRecord:
    """Spikes (and optionally potentials) of a run, one array entry per spike.

    Construction checks the arrays (and stores them as the dtypes below):
    integer times, ascending, within ``[start, start + n_steps)``;
    non-negative integer neuron ids, one per time; potentials of shape
    ``(n_steps, len(potential_neurons))``, given together with
    ``potential_neurons`` or not at all.

    Attributes
    ----------
    times : numpy.ndarray (int64)
        Step of each spike, counted from the last reset (the first step is 0).
    neurons : numpy.ndarray (int32)
        Neuron index of each spike; within a step, ascending.
    start : int
        Step index of the first step of the run.
    n_steps : int
        Number of steps run.
    potential_neurons : numpy.ndarray (int64) or None
        Neurons whose potentials were recorded.
    potentials : numpy.ndarray (int64, shape ``(n_steps, len(potential_neurons))``) or None
        Their potentials at the end of every step (after phase two).

    Examples
    --------
    >>> rec = SpikeRecord(np.array([0, 0, 2]), np.array([1, 4, 1], dtype=np.int32), 0, 3)
    >>> rec.counts().tolist()
    [2, 0, 1]
    >>> rec.spikes_at(2).tolist()
    [1]
    >>> SpikeRecord(np.array([0.5]), np.array([1]), 0, 3)
    Traceback (most recent call last):
    ...
    l2s.errors.InvalidTypeError: times[0] = 0.5 is not allowed: must be an integer
    """

    times: np.ndarray
    neurons: np.ndarray
    start: int
    n_steps: int
    potential_neurons: Optional[np.ndarray] = field(default=None)
    potentials: Optional[np.ndarray] = field(default=None)

    def __post_init__(self) -> None:
        start = check_int(self.start, "start", 0)
        n_steps = check_int(self.n_steps, "n_steps", 0, MAX_INDEX)
        times = check_int_array(self.times, "times", start, start + n_steps - 1, np.int64)
        neurons = check_int_array(self.neurons, "neurons", 0, MAX_INDEX, np.int32)
        if neurons.size != times.size:
            raise fail("len(neurons)", neurons.size, f"must equal len(times) = {times.size}")
        if times.size and (times[1:] < times[:-1]).any():  # bools only: no int64 temporary
            pos = int(np.flatnonzero(times[1:] < times[:-1])[0]) + 1
            raise fail(f"times[{pos}]", int(times[pos]), "must not be smaller than the time "
                       "before it (times are ascending)")
        pot_neurons, pots = self.potential_neurons, self.potentials
        if (pot_neurons is None) != (pots is None):
            raise fail("potentials" if pots is None else "potential_neurons", None,
                       "potentials and potential_neurons must be given together")
        if pot_neurons is not None:
            pot_neurons = check_int_array(pot_neurons, "potential_neurons", 0, MAX_INDEX,
                                          np.int64)
            values = as_array(pots, "potentials", "iuf")
            if values.shape != (n_steps, pot_neurons.size):
                raise fail("potentials", pots, f"must have shape (n_steps, len(potential_neurons))"
                           f" = {(n_steps, pot_neurons.size)}; got {values.shape}")
            pots = check_int_array(values.reshape(-1), "potentials", -2 ** 63, 2 ** 63 - 1,
                                   np.int64).reshape(values.shape)
        for name, value in (("start", start), ("n_steps", n_steps), ("times", times),
                            ("neurons", neurons), ("potential_neurons", pot_neurons),
                            ("potentials", pots)):
            object.__setattr__(self, name, value)

    def __len__(self) -> int:
        return int(self.times.size)

    @property
    def stop(self) -> int:
        """One past the last step of the run.

        Examples
        --------
        >>> SpikeRecord(np.array([5]), np.array([0], dtype=np.int32), 4, 3).stop
        7
        """
        return self.start + self.n_steps

    def counts(self) -> np.ndarray:
        """Number of recorded spikes in each step of the run (length ``n_steps``).

        Examples
        --------
        >>> rec = SpikeRecord(np.array([10, 10, 12]), np.array([1, 4, 1], np.int32), 10, 4)
        >>> rec.counts().tolist()
        [2, 0, 1, 0]
        """
        return np.bincount(self.times - self.start, minlength=self.n_steps)

    def spikes_at(self, step: int) -> np.ndarray:
        """Neurons that spiked in absolute step ``step``.

        Examples
        --------
        >>> rec = SpikeRecord(np.array([10, 10, 12]), np.array([1, 4, 1], np.int32), 10, 4)
        >>> rec.spikes_at(10).tolist(), rec.spikes_at(11).tolist()
        ([1, 4], [])
        """
        lo, hi = np.searchsorted(self.times, [step, step + 1])
        return self.neurons[lo:hi]

    def as_pairs(self, keys=None) -> List[Tuple[int, Hashable]]:
        """``[(step, neuron), ...]``, with neuron keys when a KeyMap ``keys`` is given.

        Examples
        --------
        >>> from l2s.graph import KeyMap
        >>> rec = SpikeRecord(np.array([0, 2]), np.array([1, 0], np.int32), 0, 3)
        >>> rec.as_pairs()
        [(0, 1), (2, 0)]
        >>> rec.as_pairs(KeyMap([("out", 0, 2, ("a", "b"))], "neuron"))
        [(0, 'b'), (2, 'a')]
        """
        if keys is None:
            return list(zip(self.times.tolist(), self.neurons.tolist()))
        return [(t, keys.key(n)) for t, n in zip(self.times.tolist(), self.neurons.tolist())]

    def save(self, path: Any) -> None:
        """Write the record to ``path`` atomically (see :func:`l2s.record_file.save_record`).

        Examples
        --------
        >>> import os, tempfile
        >>> rec = SpikeRecord(np.array([1]), np.array([0], dtype=np.int32), 0, 2)
        >>> path = os.path.join(tempfile.mkdtemp(), "run.l2sr")
        >>> rec.save(path)
        >>> SpikeRecord.load(path).as_pairs()
        [(1, 0)]
        """
        from .record_file import save_record
        save_record(self, path)

    @classmethod
    def load(cls, path: Any) -> "SpikeRecord":
        """Read a record written by :meth:`save` (see :func:`l2s.record_file.load_record`).

        Examples
        --------
        >>> import os, tempfile
        >>> rec = SpikeRecord(np.array([0, 2]), np.array([3, 1], dtype=np.int32), 0, 4)
        >>> path = os.path.join(tempfile.mkdtemp(), "run.l2sr")
        >>> rec.save(path)
        >>> loaded = SpikeRecord.load(path)
        >>> loaded.as_pairs(), loaded.stop
        ([(0, 3), (2, 1)], 4)
        """
        from .record_file import load_record
        return load_record(path)

    def summary(self, compiled: Any = None) -> "RecordSummary":
        """Spikes, active neurons and rate per population (see :func:`l2s.record_summary.summarize`).

        Examples
        --------
        >>> rec = SpikeRecord(np.array([0, 1]), np.array([0, 2], np.int32), 0, 2)
        >>> rec.summary().rows
        [('all', 3, 2, 2, 0.3333333333333333)]
        """
        from .record_summary import summarize
        return summarize(self, compiled)

    def _repr_html_(self) -> str:
        return self.summary()._repr_html_()

    def __repr__(self) -> str:
        extra = ("" if self.potential_neurons is None
                 else f", potentials of {self.potential_neurons.size} neurons")
        return f"SpikeRecord({len(self)} spikes in steps [{self.start}, {self.stop}){extra})"


def check_record(record: Any, compiled: Any = None, potentials: bool = False) -> SpikeRecord:
    """``record`` checked to be a :class:`SpikeRecord` of ``compiled`` (with potentials if asked).

    Raises ``InvalidTypeError`` for anything but a record (or a compiled
    network), and ``InvalidValueError`` when the record names a neuron
    ``compiled`` does not have, or holds no potentials although
    ``potentials`` asks for them.

    Examples
    --------
    >>> import l2s
    >>> from l2s.examples import docs_example
    >>> compiled = l2s.from_l2s(**docs_example()).compile()
    >>> check_record(SpikeRecord([0], [9], 0, 1), compiled)
    Traceback (most recent call last):
    ...
    l2s.errors.InvalidValueError: record.neurons = 9 is not allowed: the compiled network has 4 neurons; pass the network the record was made from
    """
    check_instance(record, "record", SpikeRecord, "from run()")
    if potentials and record.potentials is None:
        raise fail("record.potentials", None, "the record holds no potentials; run with "
                   "record_potentials=[...]")
    if compiled is not None:
        check_instance(compiled, "compiled", CompiledNetwork, "from Network.compile()")
        for name in ("neurons", "potential_neurons"):
            values = getattr(record, name)
            if values is not None and values.size and int(values.max()) >= compiled.n_neurons:
                raise fail(f"record.{name}", int(values.max()), f"the compiled network has "
                           f"{compiled.n_neurons} neurons; pass the network the record was "
                           "made from")
    return record
