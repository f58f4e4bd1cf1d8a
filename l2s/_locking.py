"""One lock per stateful object: the methods that read or change its state run one at a time.

:func:`locked` wraps a method so it holds the object's re-entrant
``self._lock``; :class:`Locked` creates that lock and keeps it out of
pickles and copies (a copy gets a fresh lock). Two threads calling locked
methods of one object get exactly the results of some serial order of their
calls, never a lost update.

Examples
--------
>>> class Counter(Locked):
...     def __init__(self):
...         super().__init__()
...         self.n = 0
...     @locked
...     def add(self):
...         self.n += 1
>>> import copy
>>> c = Counter(); c.add()
>>> copy.deepcopy(c).n, copy.deepcopy(c).lock is c.lock
(1, False)
"""
from __future__ import annotations

import functools
import threading
from typing import Any, Callable, Dict, TypeVar

__all__ = ["Locked", "locked"]

F = TypeVar("F", bound=Callable[..., Any])


def locked(method: F) -> F:
    """``method`` run while holding ``self._lock``.

    Examples
    --------
    >>> class Box(Locked):
    ...     @locked
    ...     def twice(self):
    ...         return self.once() * 2
    ...     @locked
    ...     def once(self):  # re-entrant: a locked method may call another
    ...         return 1
    >>> Box().twice()
    2
    """
    @functools.wraps(method)
    def run(self: Any, *args: Any, **kwargs: Any) -> Any:
        with self._lock:
            return method(self, *args, **kwargs)
    return run  # type: ignore[return-value]


class Locked:
    """Base of objects whose state one re-entrant lock guards (:attr:`lock`).

    Examples
    --------
    >>> obj = Locked()
    >>> with obj.lock:  # several calls made one atomic step
    ...     pass
    """

    def __init__(self) -> None:
        self._lock = threading.RLock()

    @property
    def lock(self) -> threading.RLock:
        """The re-entrant lock every stateful method holds; hold it to group calls.

        Examples
        --------
        >>> Locked().lock.acquire()
        True
        """
        return self._lock

    def __getstate__(self) -> Dict[str, Any]:
        with self._lock:
            state = dict(self.__dict__)
        del state["_lock"]
        return state

    def __setstate__(self, state: Dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._lock = threading.RLock()
