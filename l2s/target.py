"""The one interface every execution target implements (as Brian2's devices do).

A *target* runs a compiled network with the semantics of
``docs/semantics.md``: the :class:`l2s.Simulator`, the word-level
:class:`l2s.hw.Emulator`, the :class:`l2s.hw.CommandRecorder` (the command
stream the host would send, answered by the emulator), and any later one
(the distributed MPI simulator) is one more class with the members of
:class:`Target`. Code written against :class:`Target` runs on all of them
and gets the same spikes, potentials and weights.

The module also holds the checks of the protocol's arguments, so every
target rejects the same inputs with the same message.
"""
from __future__ import annotations

import inspect
from typing import Any, Optional, Protocol, runtime_checkable

import numpy as np

from ._validation import check_choice, check_index_array, check_int
from .graph.compiled import AXON_SOURCE, NEURON_SOURCE, CompiledNetwork
from .record import SpikeRecord

__all__ = ["Target", "SOURCES", "check_source", "check_position", "check_positions"]

#: The values of ``source``: synapses of input axons, or of neurons.
SOURCES = (AXON_SOURCE, NEURON_SOURCE)
_MISSING = object()


class _StaticMembers(type(Protocol)):  # type: ignore[misc]
    """Protocol metaclass whose ``isinstance`` looks members up without calling them.

    Before Python 3.12 ``isinstance`` against a runtime-checkable protocol
    evaluates properties; reading ``potentials`` of a
    :class:`l2s.hw.CommandRecorder` records read-back packets, so the check
    would change the target. This one uses :func:`inspect.getattr_static`,
    as Python 3.12 does.
    """

    def __instancecheck__(cls, instance: Any) -> bool:
        if not cls.__dict__.get("_is_protocol", False):  # a class deriving from a protocol
            return type.__instancecheck__(cls, instance)
        members = [name for name, value in vars(cls).items() if not name.startswith("_")
                   and (callable(value) or isinstance(value, property))]
        return all(inspect.getattr_static(instance, name, _MISSING) is not _MISSING
                   for name in members)


@runtime_checkable
class Target(Protocol, metaclass=_StaticMembers):
    """What every execution target of a compiled network provides.

    State is one potential per compiled neuron (0 at construction and after
    :meth:`reset`) and the current weight of every compiled synapse. Neurons
    and axons are named by their compiled index; a synapse by ``source``
    (``'axon'`` or ``'neuron'``) and its *position*: its index in the
    compiled CSR arrays of that source (``compiled.csr(source)``, i.e.
    ``axon_indices``/``axon_weights`` or ``neuron_indices``/
    ``neuron_weights``). Arguments are checked before any state changes: a
    call that raises an :class:`l2s.L2SError` leaves the target as it was.

    ``isinstance(obj, Target)`` checks that the members exist, without
    reading them.

    Examples
    --------
    >>> import l2s
    >>> net = l2s.Network()
    >>> inp = net.add_axons("in", 1)
    >>> out = net.add_neurons("out", 1, threshold=2, output=True)
    >>> _ = net.connect(inp, out, pre=[0], post=[0], weight=3)
    >>> target = l2s.Simulator(net.compile())
    >>> isinstance(target, l2s.Target)
    True
    >>> target.step([0]).tolist(), target.step([]).tolist(), target.potentials.tolist()
    ([], [0], [0])
    """

    def step(self, axons: Any = ()) -> np.ndarray:
        """Run one step with the given active input axons.

        Parameters
        ----------
        axons : array_like of int, default ()
            Compiled indices of the active axons; an axon listed twice
            delivers its synapses twice.

        Returns
        -------
        numpy.ndarray of int32
            Compiled indices of the recorded neurons (by default the
            outputs) that fired in this step, ascending.

        Raises
        ------
        l2s.InvalidValueError, l2s.InvalidTypeError
            For an index that is not an axon; nothing is run.

        Examples
        --------
        >>> from l2s.examples import docs_example
        >>> import l2s
        >>> target = l2s.Simulator(l2s.from_l2s(**docs_example()).compile())
        >>> target.step([0, 1]).tolist()
        []
        """
        ...

    def run(self, steps: Optional[int] = None, inputs: Any = None, *,
            record_potentials: Any = None) -> SpikeRecord:
        """Run many steps; targets may add keyword-only options of their own.

        Parameters
        ----------
        steps : int, optional
            Number of steps; may be omitted when ``inputs`` gives it.
        inputs : optional
            Active axons per step, in any form :func:`l2s.inputs.input_csr`
            accepts (a list of index arrays, an ``(indptr, indices)`` pair,
            a boolean ``steps x n_axons`` array).
        record_potentials : array_like of int, optional
            Neurons whose potential is recorded after every step.

        Returns
        -------
        SpikeRecord
            Spikes of the recorded neurons, steps counted from the last
            :meth:`reset`; ``potentials`` is ``steps x len(record_potentials)``.

        Examples
        --------
        >>> from l2s.examples import docs_example
        >>> import l2s
        >>> target = l2s.Simulator(l2s.from_l2s(**docs_example()).compile())
        >>> target.run(3, inputs=[[0, 1], [0], []]).as_pairs()
        [(2, 0)]
        """
        ...

    @property
    def potentials(self) -> np.ndarray:
        """Potential of every compiled neuron after the last step (int64 copy).

        Examples
        --------
        >>> from l2s.examples import docs_example
        >>> import l2s
        >>> target = l2s.Simulator(l2s.from_l2s(**docs_example()).compile())
        >>> _ = target.step([0, 1])
        >>> target.potentials.tolist()
        [3, 0, 0, 3]
        """
        ...

    def reset(self) -> None:
        """Set every potential and the step count to 0; synapse weights are kept.

        Examples
        --------
        >>> from l2s.examples import docs_example
        >>> import l2s
        >>> target = l2s.Simulator(l2s.from_l2s(**docs_example()).compile())
        >>> _ = target.step([0, 1])
        >>> target.reset()
        >>> target.potentials.tolist()
        [0, 0, 0, 0]
        """
        ...

    def read_weight(self, source: str, position: int) -> int:
        """Current weight of one compiled synapse.

        Parameters
        ----------
        source : {'axon', 'neuron'}
            Whether the synapse starts at an input axon or at a neuron.
        position : int
            Its index in the compiled CSR arrays of ``source``.

        Returns
        -------
        int

        Raises
        ------
        l2s.InvalidValueError, l2s.InvalidTypeError
            For an unknown ``source`` or a position outside its synapses.

        Examples
        --------
        >>> from l2s.examples import docs_example
        >>> import l2s
        >>> target = l2s.Simulator(l2s.from_l2s(**docs_example()).compile())
        >>> target.read_weight("neuron", 0)
        1
        """
        ...

    def write_weight(self, source: str, positions: Any, weight: int) -> None:
        """Set one or more compiled synapses to ``weight``.

        Parameters
        ----------
        source : {'axon', 'neuron'}
        positions : int or array_like of int
            Indices in the compiled CSR arrays of ``source``.
        weight : int
            Signed 16-bit weight.

        Raises
        ------
        l2s.InvalidValueError, l2s.InvalidTypeError
            For an unknown ``source``, any position outside its synapses or
            a weight out of range; every argument is checked before the
            first synapse is written, so nothing changes.

        Examples
        --------
        >>> from l2s.examples import docs_example
        >>> import l2s
        >>> target = l2s.Simulator(l2s.from_l2s(**docs_example()).compile())
        >>> target.write_weight("axon", [0, 1], -4)
        >>> target.read_weight("axon", 1)
        -4
        """
        ...


def check_source(source: Any) -> str:
    """Return ``source`` if it is ``'axon'`` or ``'neuron'``, else raise naming it.

    Examples
    --------
    >>> check_source("axon")
    'axon'
    >>> check_source("dendrite")
    Traceback (most recent call last):
    ...
    l2s.errors.InvalidValueError: source = 'dendrite' is not allowed; choose one of 'axon', 'neuron'
    """
    return check_choice(source, "source", SOURCES)


def check_position(compiled: CompiledNetwork, source: Any, position: Any) -> int:
    """Return ``position`` as an int after checking it names a synapse of ``source``.

    Examples
    --------
    >>> from l2s.examples import docs_example
    >>> import l2s
    >>> compiled = l2s.from_l2s(**docs_example()).compile()
    >>> check_position(compiled, "neuron", 1)
    1
    >>> check_position(compiled, "neuron", 2)
    Traceback (most recent call last):
    ...
    l2s.errors.InvalidValueError: position = 2 is outside the allowed range [0, 1]
    """
    size = compiled.csr(check_source(source))[1].size
    return check_int(position, "position", 0, size - 1)


def check_positions(compiled: CompiledNetwork, source: Any, positions: Any) -> np.ndarray:
    """Return ``positions`` (an int or an array) as int64 after checking every entry.

    Examples
    --------
    >>> from l2s.examples import docs_example
    >>> import l2s
    >>> compiled = l2s.from_l2s(**docs_example()).compile()
    >>> check_positions(compiled, "axon", 1).tolist()
    [1]
    >>> check_positions(compiled, "axon", [0, 5])
    Traceback (most recent call last):
    ...
    l2s.errors.InvalidValueError: positions[1] = 5 is not a valid index of the axon synapses (size 2)
    """
    source = check_source(source)
    size = compiled.csr(source)[1].size
    return check_index_array(positions, "positions", size,
                             f"the {source} synapses").astype(np.int64)
