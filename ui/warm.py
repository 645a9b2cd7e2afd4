"""First views computed ahead: after a load, an undo or a start, the figures of every province's view are
computed in the background, so that the first reader of each province finds them cached.

What to compute is learnt from the pages, not listed a second time: every cached read a page makes for the
whole of its reader's scope (no region, no agency chosen) is recorded, at most MAX_SIGNATURES of them, the
newest kept. A background thread replays each one for every province of that scope, newest first, through the
same cached functions the pages call (ui/data.py), so a replayed figure is exactly the one a page would ask
for. A new data version (a load, an undo, a new snapshot on a replica) starts the replay again; reads of the
datasets that did not change are cache hits (data.key_version) and cost almost nothing.

One daemon thread per server process; `KINERJA_PREWARM=0` turns it off (the tests do). The cost after a load is
measured in bench/RESULTS.md."""
from __future__ import annotations

import logging
import os
import threading
import time
from collections import OrderedDict

MAX_SIGNATURES = 64
_LOG = logging.getLogger(__name__)

_lock = threading.Lock()
_signatures: OrderedDict[tuple, None] = OrderedDict()  # (kind, name, scope_key, key, args, kwargs)
_target: dict = {}  # the connection and data version to warm: the latest a page ran with
_wake = threading.Event()
_thread: threading.Thread | None = None
stats = {"replayed": 0, "failed": 0}


def enabled() -> bool:
    return os.environ.get("KINERJA_PREWARM", "1").strip() != "0"


def record(con, version: tuple, kind: str, name: str, scope_key: tuple, key: tuple, args: tuple = (),
           kwargs: tuple = ()) -> None:
    """A page made this cached read for its reader's whole scope (`key` as ui/data.call builds it; `kind` is
    "call" or "overview")."""
    if not enabled():
        return
    sig = (kind, name, scope_key, key, args, kwargs)
    try:
        hash(sig)
    except TypeError:  # arguments such as a list of groups come from the whole scope's figures: not a province's
        return
    with _lock:
        newer = "version" not in _target or version[1:3] >= _target["version"][1:3]
        changed = sig not in _signatures or (newer and (_target["version"] != version or _target["con"] is not con))
        _signatures[sig] = None
        _signatures.move_to_end(sig)
        while len(_signatures) > MAX_SIGNATURES:
            _signatures.popitem(last=False)
        # Only forward: a run that read the version before a load committed (or, on a replica, a session still
        # on the previous snapshot) records after it; warming that older version would be wasted work.
        if newer:
            _target.update(con=con, version=version)
    if changed:
        _start()
        _wake.set()


def _start() -> None:
    global _thread
    with _lock:
        if _thread is None or not _thread.is_alive():
            # The cached functions run outside a script run here; Streamlit warns about that on every call.
            logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").setLevel(logging.ERROR)
            _thread = threading.Thread(target=_loop, name="kinerja-prewarm", daemon=True)
            _thread.start()


def _loop() -> None:
    done: set[tuple] = set()
    while True:
        _wake.wait()
        _wake.clear()
        replay(done)


def _current() -> tuple:
    with _lock:
        return _target.get("con"), _target.get("version"), list(reversed(_signatures))


def _quiet(max_wait: float = 2.0) -> None:
    """Wait until no page is running in this process (at most `max_wait` seconds): the replay works in the gaps
    between readers' reruns, and under a steady load still makes one read every `max_wait` seconds."""
    waited = 0.0
    while waited < max_wait and any(t.name == "ScriptRunner.scriptThread" for t in threading.enumerate()):
        time.sleep(0.05)
        waited += 0.05


def _version() -> tuple | None:
    with _lock:
        return _target.get("version")


def replay(done: set[tuple] | None = None, limit: int | None = None, pace: bool = True) -> int:
    """Replay the recorded reads for every province of their scope, newest first, until all are done, `limit`
    replays were made, or a newer data version arrives (then the caller's loop starts again). `done` remembers
    (the read's own version, signature, province) already computed. Returns the number of reads replayed."""
    from ui import data

    done = set() if done is None else done
    con, version, sigs = _current()
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
                opts = data.region_options(con, version[0], scope_key, None)
                provinces[scope_key] = list(opts["region_code"])
            except Exception:  # the connection was replaced (a new snapshot): the next version starts over
                _LOG.debug("prewarm: no provinces", exc_info=True)
                return n
        # Marked by the read's own key (data.key_version): after a complaints load, the appraisal reads of every
        # province are still done, and the replay goes straight to the reads the load changed.
        read_version = version if kind == "overview" else data.key_version(name, version)
        for code in provinces[scope_key]:
            if (limit is not None and n >= limit) or _version() != version:  # a newer version woke the loop
                return n
            mark = (read_version, sig, code)
            if mark in done:
                continue
            if pace:
                _quiet()
                if _version() != version:
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
