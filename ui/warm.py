"""First views computed ahead: after a load, an undo or a start, the figures of every province's view are
computed in the background, so that the first reader of each province finds them cached.

What to compute is learnt from the pages, not listed a second time: every cached read a page makes for the
whole of its reader's scope (no region, no agency chosen) is recorded, at most MAX_SIGNATURES of them, the
newest kept. A background thread replays each one for every province of that scope, newest first, through the
same cached functions the pages call (ui/data.py), so a replayed figure is exactly the one a page would ask
for. A new data version (a load, an undo, a new snapshot on a replica) starts the replay again; reads of the
datasets that did not change are cache hits (data.key_version) and cost almost nothing.

This module records and holds the target; ui/prewarm.py runs the replay, in one daemon thread per server
process that app.py starts. `KINERJA_PREWARM=0` turns both off (the tests do). The cost after a load is
measured in bench/RESULTS.md."""
from __future__ import annotations

import os
import threading
from collections import OrderedDict

MAX_SIGNATURES = 64

_lock = threading.Lock()
_signatures: OrderedDict[tuple, None] = OrderedDict()  # (kind, name, scope_key, key, args, kwargs)
_target: dict = {}  # the connection and data version to warm: the latest a page ran with
wake = threading.Event()
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
        newer = "version" not in _target or version.progress >= _target["version"].progress
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
        wake.set()  # the replay thread (ui/prewarm.py) starts over


def current() -> tuple:
    with _lock:
        return _target.get("con"), _target.get("version"), list(reversed(_signatures))


def target_version() -> tuple | None:
    with _lock:
        return _target.get("version")


def retarget(con, version: tuple) -> bool:
    """Warm `con` at `version` (a replica's new snapshot, opened before any reader asks for it) with the reads
    recorded so far; only forward. Whether the target moved."""
    with _lock:
        if "version" in _target and version.progress < _target["version"].progress:
            return False
        moved = _target.get("version") != version or _target.get("con") is not con
        _target.update(con=con, version=version)
    if moved and _signatures:
        wake.set()
    return moved
