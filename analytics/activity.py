"""What the writer is doing to the data right now: a load or an undo under way, its dataset, its stage and since
when, so that readers can be told that figures are being refreshed instead of just finding a slow page.

In one process (the app alone) it is held in memory, per database. With replicas ($KINERJA_SNAPSHOT_DIR), the
writer also keeps it in `loading.json` in the snapshot folder, which replicas read; a file whose heartbeat is
older than STALE_SECONDS (a writer that died mid-load) is ignored. Nothing here imports streamlit.
"""
from __future__ import annotations

import json
import os
import threading
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path

MARKER = "loading.json"
STALE_SECONDS = 120.0  # the writer's page beats every few seconds while it waits for a load


@dataclass(frozen=True)
class Activity:
    kind: str          # load | undo | redo
    dataset: str
    stage: str         # loader.STAGES, refresh_<derived table>, commit
    started_at: float  # epoch seconds
    beat_at: float     # epoch seconds, the last sign of life

    def seconds(self, now: float | None = None) -> float:
        return max(0.0, (now or time.time()) - self.started_at)


_lock = threading.Lock()
_running: dict[str, Activity] = {}


def _marker(folder: str | None) -> Path | None:
    return Path(folder) / MARKER if folder else None


def _write_marker(folder: str | None, activity: Activity | None) -> None:
    path = _marker(folder)
    if path is None:
        return
    try:
        if activity is None:
            path.unlink(missing_ok=True)
        else:
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps(asdict(activity)), encoding="utf-8")
            os.replace(tmp, path)  # readers never see half a file
    except OSError:
        pass  # a note for readers; never a reason for a load to fail


def begin(db: str, kind: str, dataset: str, folder: str | None = None) -> None:
    now = time.time()
    update(db, Activity(kind, dataset, "wait", now, now), folder)


def update(db: str, activity: Activity, folder: str | None = None) -> None:
    with _lock:
        _running[db] = activity
    _write_marker(folder, activity)


def stage(db: str, name: str | None, folder: str | None = None) -> None:
    """The load on `db` moved to stage `name`, or is still at its stage (None): also a heartbeat."""
    with _lock:
        was = _running.get(db)
    if was is not None:
        update(db, replace(was, stage=name or was.stage, beat_at=time.time()), folder)


def beat(db: str, folder: str | None = None) -> None:
    stage(db, None, folder)


def end(db: str, folder: str | None = None) -> None:
    with _lock:
        _running.pop(db, None)
    _write_marker(folder, None)


def current(db: str | None = None, folder: str | None = None, now: float | None = None) -> Activity | None:
    """The load or undo under way on `db` in this process, else the one the writer says in `folder` (replicas);
    None when there is none or its heartbeat is stale."""
    if db is not None:
        with _lock:
            found = _running.get(db)
        if found is not None:
            return found
    path = _marker(folder)
    if path is None:
        return None
    try:
        found = Activity(**json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None
    return found if (now or time.time()) - found.beat_at <= STALE_SECONDS else None
