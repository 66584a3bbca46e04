"""A time limit on code running in this process, through SIGALRM.

Used on the main thread only (Python runs signal handlers there) and only when nobody else
uses SIGALRM; elsewhere `alarm_usable` says no and the caller parses in a worker process, whose
parent enforces the limit by killing it. The handler raises `ParseTimeout`, a `BaseException`, so
the `except Exception` guards inside adapters cannot swallow it. A signal interrupts Python code
between bytecodes, and the regex engine checks for signals while it backtracks, so every parser
we use (Lark, PyYAML, cfn-lint) stops within milliseconds.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

# Seconds between repeated alarms once the limit has passed.
REPEAT = 0.05


class ParseTimeout(BaseException):
    """The time limit ran out. A `BaseException` so that `except Exception` lets it through."""


def alarm_usable() -> bool:
    """Whether `time_limit` can run here: a POSIX main thread with SIGALRM free for us."""
    if not hasattr(signal, "setitimer"):
        return False
    if threading.current_thread() is not threading.main_thread():
        return False
    if signal.getitimer(signal.ITIMER_REAL)[0] > 0:
        return False  # someone else's timer is running
    return signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, signal.SIG_IGN, None)


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise `ParseTimeout` in the body when it runs longer than `seconds`."""

    def on_alarm(signum: int, frame: FrameType | None) -> None:
        raise ParseTimeout(seconds)

    previous = signal.signal(signal.SIGALRM, on_alarm)
    try:  # the timer starts inside: a tiny limit may fire before the next line
        # It then repeats: a handler that happens to run inside a weakref callback or a
        # __del__ has its exception swallowed (printed as "unraisable"); the next one lands.
        signal.setitimer(signal.ITIMER_REAL, seconds, REPEAT)
        yield
    finally:
        try:  # the alarm may still fire here; the handler is put back whatever happens
            signal.setitimer(signal.ITIMER_REAL, 0)
        finally:
            signal.signal(signal.SIGALRM, previous)
