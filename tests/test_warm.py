"""ui/warm.py: the reads a page makes for its reader's whole scope are replayed for every province of that scope,
through the same cached calls, and a newer data version stops the replay of an older one."""
from __future__ import annotations

import atexit
import os

import pytest

from analytics import Scope, appraisals
from analytics.regions import data_version, region_options
from ui import data, prewarm, warm


@pytest.fixture
def recorder(monkeypatch):
    monkeypatch.setenv("KINERJA_PREWARM", "1")
    monkeypatch.setattr(warm, "_signatures", type(warm._signatures)())
    monkeypatch.setattr(warm, "_target", {})
    calls = []
    real = data.READS["rating_totals"]

    def counting(con, scope, filters, *a, **kw):
        calls.append(filters.region)
        return real(con, scope, filters, *a, **kw)

    monkeypatch.setitem(data.READS, "rating_totals", counting)
    data._call.clear()
    yield calls
    data._call.clear()


def _version(con):
    return data_version(con, "db")


def test_a_whole_scope_read_is_replayed_for_every_province(demo_con, recorder):
    from analytics.filters import Filters

    scope_key = (None, True)
    version = _version(demo_con)
    data.call(appraisals.rating_totals, demo_con, version, scope_key, Filters(year=2025))
    assert recorder == [None]
    provinces = list(region_options(demo_con, Scope(regions=None, personal_data=True))["region_code"])
    assert len(provinces) > 1
    done: set = set()
    assert prewarm.replay(done, pace=False) == len(provinces)
    assert recorder[1:] == provinces
    # The page's own read of a province is now a cache hit: the analytics function is not called again.
    data.call(appraisals.rating_totals, demo_con, version, scope_key, Filters(region=provinces[0], year=2025))
    assert len(recorder) == 1 + len(provinces)
    # A read for one province is not recorded, and what was replayed is remembered: nothing more to do.
    assert prewarm.replay(done, pace=False) == 0


def test_a_newer_version_stops_the_replay_of_the_older(demo_con, recorder, monkeypatch):
    from analytics.filters import Filters

    version = _version(demo_con)
    data.call(appraisals.rating_totals, demo_con, version, (None, True), Filters(year=2025))
    done: set = set()
    assert prewarm.replay(done, limit=1, pace=False) == 1
    newer = version._replace(latest_batch=version.latest_batch + 1)
    warm._target["version"] = newer
    monkeypatch.setattr(warm, "current", lambda: (demo_con, version, list(warm._signatures)))
    assert prewarm.replay(done, pace=False) == 0  # the older version's work is abandoned at once


def test_reads_with_unhashable_arguments_are_not_recorded(demo_con, recorder):
    warm.record(demo_con, _version(demo_con), "call", "km_curves", (None, True), (None,) * 7, (),
                (("groups", ["a", "b"]),))
    assert not warm._signatures


def test_off_records_nothing(demo_con, recorder, monkeypatch):
    monkeypatch.setenv("KINERJA_PREWARM", "0")
    warm.record(demo_con, _version(demo_con), "overview", "overview", (None, True), (2025, "Y"))
    assert not warm._signatures


def test_reads_of_unchanged_datasets_stay_done_after_a_load(demo_con, recorder):
    from analytics.filters import Filters

    version = _version(demo_con)
    data.call(appraisals.rating_totals, demo_con, version, (None, True), Filters(year=2025))
    done: set = set()
    n = prewarm.replay(done, pace=False)
    assert n > 1
    # A complaints load: a new version whose appraisal part is unchanged.
    per = tuple(e for e in version.datasets if e[0] != "complaints") + (("complaints", version.latest_batch + 1, 0),)
    newer = version._replace(latest_batch=version.latest_batch + 1, datasets=tuple(sorted(per)))
    assert data.key_version("rating_totals", newer) == data.key_version("rating_totals", version)
    data.call(appraisals.rating_totals, demo_con, newer, (None, True), Filters(year=2025))
    assert warm._target["version"] == newer
    assert prewarm.replay(done, pace=False) == 0 and len(recorder) == 1 + n  # nothing recomputed


def test_the_target_only_moves_forward(demo_con, recorder):
    version = _version(demo_con)
    older = version._replace(latest_batch=version.latest_batch - 1)
    warm.record(demo_con, version, "overview", "overview", (None, True), (2025, "Y"))
    warm.record(demo_con, older, "overview", "overview", (None, True), (2024, "Y"))
    assert warm._target["version"] == version
    assert len(warm._signatures) == 2  # the older run's read is still learnt


def test_the_replay_thread_stops_before_the_interpreter_exits(monkeypatch):
    """At exit the replay thread is stopped and joined (prewarm.stop, registered with atexit): a daemon thread
    killed inside DuckDB during finalisation aborted the process ("FATAL: exception not rethrown")."""
    registered = []
    monkeypatch.setattr(atexit, "register", registered.append)
    monkeypatch.setattr(warm, "enabled", lambda: True)
    monkeypatch.setattr(prewarm, "_thread", None)
    prewarm.start()
    thread = prewarm._thread
    assert thread.is_alive() and registered == [prewarm.stop]
    prewarm.stop(timeout=5)
    assert not thread.is_alive()


def test_a_replica_warms_a_new_snapshot_before_readers_ask(loaded, recorder, tmp_path, monkeypatch):
    """Issue 21: on a replica, a newly published snapshot becomes the replay's target as soon as `current` names
    it (ui.prewarm.check_snapshot), with the reads recorded so far: the first reader after a publish no longer
    computes every province's view."""
    from analytics import snapshots
    from analytics.settings import db_path

    folder = tmp_path / "snaps"
    snapshots.publish(loaded, folder)
    monkeypatch.setenv("KINERJA_DB", str(folder / "current"))
    monkeypatch.setenv("KINERJA_READ_ONLY", "1")
    first = prewarm.check_snapshot(None)          # at start: noted, nothing warmed (no reader yet)
    assert first == str((folder / "current").resolve()) and warm.target_version() is None
    old = data_version(loaded, first)
    warm.record(loaded, old, "call", "rating_totals", (None, True), ("2025", "Y"))
    warm.wake.clear()
    assert prewarm.check_snapshot(first) == first  # unchanged: nothing to do
    assert not warm.wake.is_set()
    snapshots.publish(loaded, folder)             # the writer publishes
    second = prewarm.check_snapshot(first)
    assert second != first and second == os.path.realpath(db_path())
    assert warm.target_version().path == second and warm.wake.is_set()
    con, version, sigs = warm.current()
    assert con.execute("select count(*) from employees").fetchone()[0] > 0 and len(sigs) == 1
