"""Helper threads that run compiled kernel code beside the calling thread.

The kernel's threads never wait for one another to arrive (see
:mod:`l2s.sim._kernel`), so the caller hands the same call to the helpers
and works on without waiting for them: a helper that the system runs late
finds the work done and returns. Plain Python threads calling a ``nogil``
numba function, not numba's parallel regions, because a parallel region
ends in a barrier that waits for every thread, descheduled or not.
"""
from __future__ import annotations

import os
import queue
import threading
from typing import Any, Callable, Tuple

__all__ = ["lend"]

_tasks: "queue.SimpleQueue[Tuple[Callable[..., Any], tuple]]" = queue.SimpleQueue()
_lock = threading.Lock()
_helpers = 0


def _serve() -> None:
    while True:
        fn, args = _tasks.get()
        fn(*args)


def lend(fn: Callable[..., Any], args: tuple, helpers: int) -> None:
    """Have ``helpers`` pool threads call ``fn(*args)``; returns at once.

    Examples
    --------
    >>> import threading
    >>> done = threading.Event()
    >>> lend(done.set, (), 1)
    >>> done.wait(10)
    True
    """
    global _helpers
    with _lock:
        while _helpers < helpers:
            threading.Thread(target=_serve, name=f"l2s-kernel-{_helpers}", daemon=True).start()
            _helpers += 1
    for _ in range(helpers):
        _tasks.put((fn, args))


def _after_fork() -> None:  # a child process has the queue but none of the threads
    global _tasks, _lock, _helpers
    _tasks, _lock, _helpers = queue.SimpleQueue(), threading.Lock(), 0


os.register_at_fork(after_in_child=_after_fork)
