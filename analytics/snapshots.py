"""Read-only snapshots for replicas (docs/scaling.md §4): the writer publishes, replicas open.

publish(con, folder) copies the open database into `folder/kinerja-<batch>-<UTC time>.duckdb`: the schema with
DuckDB's `COPY FROM DATABASE … (SCHEMA)`, then every table's rows in one transaction (a review or sign-in
written meanwhile goes to the next snapshot, never half into this one). It then switches the symlink
`folder/current` to the copy atomically (a new link renamed over the old one) and removes the oldest
snapshots beyond `keep`, never the current one. A published file is never written again, so any number of
processes may open it read-only.

The copy carries no password hashes and no sign-in attempts. They are never copied, so no old bytes of them
are in the file. A replica signs readers in with single sign-on only: a password sign-in records its
attempt, which is a write.

A replica runs with `KINERJA_DB=<folder>/current` and `KINERJA_READ_ONLY=1`; the app resolves the symlink at
the start of every run and opens a newly published snapshot by itself (ui.shell).
"""
from __future__ import annotations

import logging
import os
import re
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import duckdb

from analytics.db import first_row

CURRENT = "current"
PREFIX = "kinerja-"
# Only files named like this are snapshots (and may be pruned): kinerja-<batch>-<UTC time>.duckdb.
_NAME = re.compile(r"kinerja-\d+-\d{8}T\d{12}Z\.duckdb")
# Tables a replica must not hold: it cannot check a password (that is a write), so it needs no hash, and the
# sign-in attempts are the writer's. They are never copied (nulling them after a copy would leave the old
# bytes in the file).
_SKIP = {"login_attempts"}
_WITHOUT = {"users": ("password_hash", "varchar")}  # (column, type): written as null


@dataclass(frozen=True)
class Published:
    path: Path
    current: Path
    batch_id: int | None
    seconds: float
    bytes: int
    removed: tuple[str, ...]

    def to_json(self) -> dict:
        return {"status": "published", "path": str(self.path), "current": str(self.current),
                "batch_id": self.batch_id, "seconds": round(self.seconds, 2), "bytes": self.bytes,
                "removed": list(self.removed)}


def read_only_mode() -> bool:
    """Whether this process serves a read-only snapshot (`KINERJA_READ_ONLY=1`, a replica)."""
    return os.environ.get("KINERJA_READ_ONLY", "").strip().lower() in ("1", "true", "yes")


def publish(con: duckdb.DuckDBPyConnection, folder: str | Path, *, keep: int = 3) -> Published:
    """Copy the database into a new snapshot file in `folder` and point `folder/current` at it."""
    if keep < 1:
        raise ValueError("keep must be at least 1")
    started = time.perf_counter()
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    batch = first_row(con.cursor().execute("select max(batch_id) from batches where status = 'loaded'"))[0]
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    name = f"{PREFIX}{batch if batch is not None else 0}-{stamp}.duckdb"
    partial = folder / f".{name}.partial"
    final = folder / name
    partial.unlink(missing_ok=True)
    # A cursor of its own and a unique name: the writer's connection is shared by every session.
    cur = con.cursor()
    alias = f"snapshot_{os.getpid()}_{stamp}"
    source = first_row(cur.execute("select current_database()"))[0]
    tables = [r[0] for r in cur.execute(
        "select table_name from duckdb_tables() where database_name = current_database() and schema_name = 'main' "
        "and not temporary order by table_name").fetchall()]
    cur.execute(f"attach ? as {alias}", [str(partial)])
    try:
        # One transaction: every table is read at the same moment (a review written meanwhile goes to the
        # next snapshot, never half into this one). Tables are created from their rows, without the keys and
        # sequences of the writer's schema: a replica never writes, and the keys' indexes of a national database
        # (69 million appraisal keys) do not fit in a replica-sized memory limit (5 GB ran out).
        cur.execute("begin")
        try:
            for table in tables:
                cols = (f"* replace (null::{_WITHOUT[table][1]} as {_WITHOUT[table][0]})" if table in _WITHOUT
                        else "*")
                cur.execute(f"create table {alias}.main.{_quote(table)} as "
                            f"select {cols} from {_quote(source)}.main.{_quote(table)}"
                            + (" where false" if table in _SKIP else ""))  # there, and empty
            cur.execute("commit")
        except BaseException:
            cur.execute("rollback")
            raise
        cur.execute(f"checkpoint {alias}")
    except BaseException:
        cur.execute(f"detach {alias}")
        partial.unlink(missing_ok=True)
        Path(f"{partial}.wal").unlink(missing_ok=True)
        raise
    cur.execute(f"detach {alias}")
    cur.close()
    os.replace(partial, final)  # the snapshot appears whole or not at all
    link = folder / CURRENT
    tmp_link = folder / f".{CURRENT}.{os.getpid()}"
    tmp_link.unlink(missing_ok=True)
    os.symlink(name, tmp_link)  # relative: the folder may be mounted elsewhere on a replica
    os.replace(tmp_link, link)
    removed = _prune(folder, keep, final)
    return Published(final, link, batch, time.perf_counter() - started, final.stat().st_size, removed)


def _quote(name: str) -> str:
    """A SQL identifier: the database's and tables' own names, in double quotes."""
    return '"' + name.replace('"', '""') + '"'


def _prune(folder: Path, keep: int, current: Path) -> tuple[str, ...]:
    """Remove the oldest snapshots beyond `keep`: only files named as snapshots, never the current one."""
    files = sorted((p for p in folder.iterdir() if p.is_file() and _NAME.fullmatch(p.name)),
                   key=lambda p: p.name.rsplit("-", 1)[1])  # by the UTC time in the name
    old = [p for p in files[:-keep] if p.resolve() != current.resolve()]
    for p in old:
        p.unlink(missing_ok=True)
        Path(f"{p}.wal").unlink(missing_ok=True)
    return tuple(p.name for p in old)


def snapshot_dir() -> str | None:
    """The writer's snapshot folder (`$KINERJA_SNAPSHOT_DIR`), or None when it publishes none."""
    return os.environ.get("KINERJA_SNAPSHOT_DIR", "").strip() or None


def publish_if_configured(con: duckdb.DuckDBPyConnection) -> Published | None:
    """After a load, undo or account change on the writer: publish to `$KINERJA_SNAPSHOT_DIR` when it is set."""
    folder = snapshot_dir()
    return publish(con, folder) if folder else None


# --- Reviews reach the replicas in batches ----------------------------------------------------------------------
#
# A load, an undo or an account change publishes at once (publish_if_configured). A review is small and inspectors
# record many in a row, while a publish copies the whole database (124 s nationally, docs/scaling.md §4): so a
# review asks for a publish *soon*, and one publish carries every review asked for in the window
# (`$KINERJA_REVIEW_PUBLISH_SECONDS`, 600 by default), made by one thread of the writer's process.

_batch_lock = threading.Lock()
_batch_asked = threading.Event()
_batch_thread: threading.Thread | None = None
_LOG = logging.getLogger(__name__)


def review_window() -> float:
    try:
        return max(0.0, float(os.environ.get("KINERJA_REVIEW_PUBLISH_SECONDS", "600")))
    except ValueError:
        return 600.0


def publish_soon(con: duckdb.DuckDBPyConnection) -> float | None:
    """After a review on the writer: publish within the window, together with every other review asked for in it.
    Returns the window in seconds, None when the writer publishes no snapshots."""
    global _batch_thread
    folder = snapshot_dir()
    if not folder:
        return None
    with _batch_lock:
        _batch_target[:] = [con, folder]  # the latest asker's: the writer has one connection and one folder
        _batch_asked.set()
        if _batch_thread is None or not _batch_thread.is_alive():
            _batch_thread = threading.Thread(target=_publish_batches, name="kinerja-publish", daemon=True)
            _batch_thread.start()
    return review_window()


_batch_target: list = []


def _publish_batches() -> None:
    while True:
        _batch_asked.wait()
        time.sleep(review_window())  # the window: reviews asked for meanwhile ride with this publish
        with _batch_lock:
            _batch_asked.clear()
            con, folder = _batch_target
        try:
            publish(con, folder)
        except Exception:  # the next review asks again; the writer's log says why this one failed
            _LOG.exception("publishing the reviews' snapshot failed")
