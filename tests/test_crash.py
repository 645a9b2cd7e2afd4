"""A load killed half-way (kill -9) leaves a database that opens with the whole batch or none of it."""
from __future__ import annotations

import csv
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from analytics import db, derived

ROOT = Path(__file__).resolve().parent.parent
N = 60_000


def _big_agencies(path: Path) -> Path:
    with path.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["agency_code", "name", "short_name", "region_code", "kind"])
        for i in range(N):
            w.writerow([f"72.71.X{i:06d}", f"Unit {i}", "", "72.71", "other"])
    return path


def _run(script: str, *args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(script), *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


def _state(path: Path) -> tuple[int, int]:
    con = derived.connect(path)
    try:
        return (con.execute("select count(*) from agencies").fetchall()[0][0],
                con.execute("select count(*) from batches").fetchall()[0][0])
    finally:
        con.close()


@pytest.fixture
def paths(tmp_path):
    dbp = tmp_path / "k.duckdb"
    derived.connect(dbp).close()
    return dbp, _big_agencies(tmp_path / "agencies.csv")


def test_killed_inside_the_transaction_leaves_nothing(paths):
    dbp, csvp = paths
    proc = _run("""
        import os, signal, sys
        from analytics import derived, loader
        con = derived.connect(sys.argv[1])
        real_write = loader.Loader.write
        def write_then_die(self, inc, batch_id):
            real_write(self, inc, batch_id)       # every row written, batch row not yet, no commit
            os.kill(os.getpid(), signal.SIGKILL)
        loader.Loader.write = write_then_die
        loader.load_file(con, "agencies", sys.argv[2])
    """, dbp, csvp)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    assert _state(dbp) == (0, 0)


def test_killed_right_after_commit_keeps_the_whole_batch(paths):
    dbp, csvp = paths
    proc = _run("""
        import os, signal, sys
        from analytics import derived, loader
        con = derived.connect(sys.argv[1])
        res = loader.load_file(con, "agencies", sys.argv[2])
        assert res.status == "loaded", res
        os.kill(os.getpid(), signal.SIGKILL)      # no close, no checkpoint: only the WAL has it
    """, dbp, csvp)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    assert _state(dbp) == (N, 1)


@pytest.mark.parametrize("delay", [0.3, 0.8, 1.5])
def test_killed_at_an_arbitrary_moment(paths, delay):
    dbp, csvp = paths
    proc = subprocess.Popen([sys.executable, "-m", "analytics", "--db", str(dbp), "load", "agencies", str(csvp)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert _state(dbp) in ((0, 0), (N, 1))
