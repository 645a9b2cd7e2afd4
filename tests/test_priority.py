"""ui/priority: a load's thread runs at a lower priority for the load's length, and gets its own back."""
from __future__ import annotations

import os
import sys
import threading

import pytest

from ui import priority

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="threads have nice values on Linux")


@linux_only
def test_the_block_runs_lower_and_the_thread_is_put_back():
    seen = {}

    def work():
        seen["before"] = priority.current()
        with priority.lowered(5):
            seen["inside"] = priority.current()
            seen["main"] = os.getpriority(os.PRIO_PROCESS, threading.main_thread().native_id)
        seen["after"] = priority.current()

    t = threading.Thread(target=work)
    t.start()
    t.join()
    assert seen["inside"] == min(seen["before"] + 5, 19)
    assert seen["main"] == priority.current()  # other threads keep theirs
    if os.geteuid() == 0:  # raising a priority again needs the privilege (else the thread stays low till it ends)
        assert seen["after"] == seen["before"]


@linux_only
def test_an_error_in_the_block_still_ends_it():
    seen = {}

    def work():
        seen["before"] = priority.current()
        with pytest.raises(ZeroDivisionError), priority.lowered(3):
            1 / 0
        seen["after"] = priority.current()

    t = threading.Thread(target=work)
    t.start()
    t.join()
    assert "after" in seen  # the error reached the caller, not the thread's end
    if os.geteuid() == 0:
        assert seen["after"] == seen["before"]


@linux_only
def test_duckdbs_workers_run_lower_during_the_block_and_get_theirs_back():
    import duckdb

    before_threads = set(priority.native_threads())
    con = duckdb.connect()
    con.execute("set threads = 3")
    con.sql("select sum(range) from range(1000000)").fetchall()  # the workers exist
    workers = [t for t in priority.native_threads() if t not in before_threads]
    assert workers, "DuckDB started no worker thread"
    start = {t: priority.current(t) for t in workers}
    seen = {}

    def work():
        with priority.lowered(4):
            seen.update({t: priority.current(t) for t in workers})
            # DuckDB still answers, on the lowered workers
            seen["answer"] = con.sql("select count(*) from range(100000)").fetchall()[0][0]

    t = threading.Thread(target=work)
    t.start()
    t.join()
    assert seen["answer"] == 100000
    assert all(seen[w] == min(start[w] + 4, 19) for w in workers)
    if os.geteuid() == 0:
        assert {w: priority.current(w) for w in workers} == start
    con.close()


@linux_only
def test_two_loads_at_once_lower_the_workers_once_until_the_last_ends():
    import duckdb

    before_threads = set(priority.native_threads())
    con = duckdb.connect()
    con.execute("set threads = 3")
    con.sql("select sum(range) from range(1000000)").fetchall()
    workers = [t for t in priority.native_threads() if t not in before_threads]
    start = {t: priority.current(t) for t in workers}
    a_in, b_in, a_out, b_may_end = (threading.Event() for _ in range(4))
    seen = {}

    def load_a():
        with priority.lowered(4):
            a_in.set()
            b_in.wait()
            seen["both"] = {t: priority.current(t) for t in workers}
        a_out.set()

    def load_b():
        a_in.wait()
        with priority.lowered(4):
            b_in.set()
            a_out.wait()
            seen["b_alone"] = {t: priority.current(t) for t in workers}
        b_may_end.set()

    threads = [threading.Thread(target=load_a), threading.Thread(target=load_b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    lowered = {t: min(start[t] + 4, 19) for t in workers}
    assert seen["both"] == lowered  # lowered once, not twice
    assert seen["b_alone"] == lowered  # the first load's end leaves the second one's workers low
    if os.geteuid() == 0:
        assert {t: priority.current(t) for t in workers} == start
    con.close()


def test_without_per_thread_priorities_the_block_runs_as_is(monkeypatch):
    monkeypatch.delattr(os, "getpriority", raising=False)
    ran = []
    with priority.lowered():
        ran.append(True)
    assert ran == [True] and priority.current() is None
