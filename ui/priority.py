"""Loads and undos run at a lower CPU priority than the readers' page runs.

A load's check and recount take whole seconds of CPU; a reader's rerun takes a tenth of a second. On a server
with few cores the operating system shares them evenly between runnable threads, so under a load each
reader's rerun waited behind it (bench/RESULTS.md). On Linux a thread has its own nice value: the thread that
runs the load asks for a lower priority for the length of the load, and readers' threads go first when both
want a core. With idle cores the load runs as fast as before.

Only the calling thread is lowered: DuckDB's worker threads serve every query, readers' too, and keep theirs.
Elsewhere (or when the system refuses) the block runs unchanged.
"""
from __future__ import annotations

import logging
import os
import threading
from contextlib import contextmanager

_LOG = logging.getLogger(__name__)
NICENESS = 10


@contextmanager
def lowered(niceness: int = NICENESS):
    """Run the block with this thread's nice value raised by `niceness` (at most 19), then put it back."""
    tid = threading.get_native_id()
    try:
        before = os.getpriority(os.PRIO_PROCESS, tid)
        os.setpriority(os.PRIO_PROCESS, tid, min(before + niceness, 19))
    except (AttributeError, OSError):  # not Linux (no per-thread nice), or not allowed: run as is
        yield
        return
    try:
        yield
    finally:
        try:
            os.setpriority(os.PRIO_PROCESS, tid, before)
        except OSError:
            # Raising a priority again needs CAP_SYS_NICE or RLIMIT_NICE. The thread then stays lower until it
            # ends, which Streamlit's script threads do when their run (and the reruns queued behind it) ends.
            _LOG.info("could not restore the priority of thread %s", tid)


def current() -> int | None:
    """This thread's nice value (None where threads have none of their own)."""
    try:
        return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    except (AttributeError, OSError):
        return None
