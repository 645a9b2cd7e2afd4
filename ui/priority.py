"""Loads and undos run at a lower CPU priority than the readers' page runs.

A load's check and recount take whole seconds of CPU; a reader's rerun takes a tenth of a second. On a server
with few cores the operating system shares them evenly between runnable threads, so under a load each
reader's rerun waited behind it (bench/RESULTS.md, session 15). On Linux each thread has its own nice value:
for the length of a load, the thread that runs it and the threads Python did not start (DuckDB's workers,
which do most of a load's work) ask for a lower priority, and readers' threads go first when both want a
core. With idle cores the load runs as fast as before.

DuckDB's workers serve readers' queries too. During a load those parts wait behind Python work; a reader's
query still runs on its own thread, at its own priority. After the load every thread gets its priority back.
Raising a priority again needs root, CAP_SYS_NICE or an RLIMIT_NICE that allows it: without, the workers stay
lower for the life of the process (logged once), which only matters when Python work wants the same cores.
Elsewhere than Linux, or when the system refuses, the block runs unchanged.
"""
from __future__ import annotations

import logging
import os
import threading
from contextlib import contextmanager

_LOG = logging.getLogger(__name__)
NICENESS = 10


# The native threads are shared by every load: lowered when the first load starts, from the values they had
# then, and put back when the last one ends (two analysts may load at once).
_lock = threading.Lock()
_active = 0
_native_before: dict[int, int] = {}


def native_threads() -> list[int]:
    """Threads of this process that Python did not start: DuckDB's workers among them (Linux; else none). The
    OS's list is read first: a Python thread that starts meanwhile is then in Python's list too."""
    try:
        tids = [int(t) for t in os.listdir("/proc/self/task")]
    except OSError:
        return []
    python = {t.native_id for t in threading.enumerate()}
    return [t for t in tids if t not in python]


def _lower(tids: list[int], niceness: int) -> dict[int, int]:
    """Raise the nice value of each thread by `niceness` (at most 19); returns the values they had."""
    before: dict[int, int] = {}
    for tid in tids:
        try:
            nice = os.getpriority(os.PRIO_PROCESS, tid)
            os.setpriority(os.PRIO_PROCESS, tid, min(nice + niceness, 19))
        except ProcessLookupError:  # the thread ended meanwhile
            continue
        except (AttributeError, OSError):  # not Linux (no per-thread nice), or not allowed
            break
        before[tid] = nice
    return before


def _restore(before: dict[int, int]) -> None:
    refused = []
    for tid, nice in before.items():
        try:
            os.setpriority(os.PRIO_PROCESS, tid, nice)
        except ProcessLookupError:
            pass
        except OSError:
            refused.append(tid)
    if refused:
        # A Streamlit script thread ends with its run (and the reruns queued behind it); the others stay lower.
        _LOG.info("could not restore the priority of threads %s (needs CAP_SYS_NICE)", refused)


@contextmanager
def lowered(niceness: int = NICENESS):
    """Run the block with this thread's and the native threads' nice values raised by `niceness` (at most 19),
    then put them back (the native threads when the last block running ends)."""
    global _active
    own = _lower([threading.get_native_id()], niceness)
    with _lock:
        if _active == 0:
            _native_before.clear()
            _native_before.update(_lower(native_threads(), niceness))
        _active += 1
    try:
        yield
    finally:
        with _lock:
            _active -= 1
            if _active == 0:
                _restore(_native_before)
                _native_before.clear()
        _restore(own)


def current(tid: int | None = None) -> int | None:
    """The nice value of thread `tid` (this thread by default); None where threads have none of their own."""
    try:
        return os.getpriority(os.PRIO_PROCESS, threading.get_native_id() if tid is None else tid)
    except (AttributeError, OSError):
        return None
