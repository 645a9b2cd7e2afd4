"""The replay of ui/warm.py's recorded reads: one daemon thread per server process (started by app.py) replays
every recorded read for every province of its scope, in the gaps between readers' reruns, through the same
cached functions the pages call (ui/data.py)."""
from __future__ import annotations

import atexit
import logging
import os
import threading
import time

from analytics.regions import data_version
from analytics.settings import db_path
from analytics.snapshots import read_only_mode
from ui import data, shell, warm

_LOG = logging.getLogger(__name__)
_lock = threading.Lock()
_thread: threading.Thread | None = None
_stopping = threading.Event()
stats = warm.stats


def start() -> None:
    """Start the replay thread unless it runs already (or prewarming is off)."""
    global _thread
    if not warm.enabled():
        return
    with _lock:
        if _thread is None or not _thread.is_alive():
            # The cached functions run outside a script run here; Streamlit warns about that on every call.
            logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").setLevel(logging.ERROR)
            _stopping.clear()
            _thread = threading.Thread(target=_loop, name="kinerja-prewarm", daemon=True)
            _thread.start()
            if read_only_mode():
                threading.Thread(target=_watch_snapshots, name="kinerja-snapshot-watch", daemon=True).start()
            atexit.register(stop)


def stop(timeout: float = 10.0) -> None:
    """Stop the replay thread and wait for the read it is making (at most `timeout` seconds). Run at exit: a
    daemon thread still inside DuckDB when the interpreter finalises is killed there, and the process aborts
    ("FATAL: exception not rethrown") instead of exiting with its own status."""
    _stopping.set()
    warm.wake.set()
    thread = _thread
    if thread is not None and thread is not threading.current_thread():
        thread.join(timeout)


def check_snapshot(seen: str | None) -> str | None:
    """On a replica: when `current` names another snapshot than `seen`, open it and make it the replay's target,
    so that every province's first views of the new data are computed before readers ask (the first reader
    after a publish no longer pays for everyone). Returns the snapshot now seen."""
    path = os.path.realpath(db_path())
    if path == seen or not os.path.isfile(path):
        return seen
    if seen is not None:  # at start, the first reader's run says what to warm
        con = shell._snapshot_connection(path)
        warm.retarget(con, data_version(con, path))
    return path


def _watch_snapshots(every: float = 2.0) -> None:
    seen = None
    while not _stopping.is_set():
        try:
            seen = check_snapshot(seen)
        except Exception:  # a snapshot being replaced under us: the next look takes the newer one
            _LOG.debug("prewarm: snapshot watch", exc_info=True)
        _stopping.wait(every)


def _loop() -> None:
    done: set[tuple] = set()
    while not _stopping.is_set():
        warm.wake.wait()
        warm.wake.clear()
        if not _stopping.is_set():
            replay(done)


def _quiet(max_wait: float = 2.0) -> None:
    """Wait until no page is running in this process (at most `max_wait` seconds): the replay works in the gaps
    between readers' reruns, and under a steady load still makes one read every `max_wait` seconds."""
    waited = 0.0
    while waited < max_wait and any(t.name == "ScriptRunner.scriptThread" for t in threading.enumerate()):
        time.sleep(0.05)
        waited += 0.05


def replay(done: set[tuple] | None = None, limit: int | None = None, pace: bool = True) -> int:
    """Replay the recorded reads for every province of their scope, newest first, until all are done, `limit`
    replays were made, or a newer data version arrives (then the caller's loop starts again). `done` remembers
    (the read's own version, signature, province) already computed. Returns the number of reads replayed."""
    done = set() if done is None else done
    con, version, sigs = warm.current()
    if con is None:
        return 0
    if len(done) > 50_000:  # marks of versions long past
        done.clear()
    n = 0
    provinces: dict[tuple, list[str]] = {}
    for sig in sigs:
        kind, name, scope_key, key, args, kwargs = sig
        if scope_key not in provinces:
            try:
                opts = data.region_options(con, version.path, scope_key, None)
                provinces[scope_key] = list(opts["region_code"])
            except Exception:  # the connection was replaced (a new snapshot): the next version starts over
                _LOG.debug("prewarm: no provinces", exc_info=True)
                return n
        # Marked by the read's own key (data.key_version): after a complaints load, the appraisal reads of every
        # province are still done, and the replay goes straight to the reads the load changed.
        read_version = version if kind == "overview" else data.key_version(name, version)
        for code in provinces[scope_key]:
            # A newer version woke the loop: this one is abandoned.
            if (limit is not None and n >= limit) or warm.target_version() != version or _stopping.is_set():
                return n
            mark = (read_version, sig, code)
            if mark in done:
                continue
            if pace:
                _quiet()
                if warm.target_version() != version:
                    return n
            try:
                if kind == "overview":
                    data.overview(con, version, scope_key, code, None, *key)
                else:
                    data.call_key(name, con, version, scope_key, (code, *key[1:]), args, kwargs)
                stats["replayed"] += 1
            except Exception:  # a figure that fails here fails for the reader too, with its own message
                stats["failed"] += 1
                _LOG.debug("prewarm: %s failed", name, exc_info=True)
            done.add(mark)
            n += 1
    return n
