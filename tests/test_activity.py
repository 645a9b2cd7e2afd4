"""A load under way, told to readers (issue 22): analytics.activity in one process and through the snapshot folder
to replicas, the note on every dashboard page, and Unggah Data's load running beside its progress bar."""
from __future__ import annotations

import json
import time

from analytics import activity


def test_in_one_process_the_stage_and_the_end(tmp_path):
    db, folder = str(tmp_path / "kinerja.duckdb"), str(tmp_path / "snap")
    (tmp_path / "snap").mkdir()
    assert activity.current(db, folder) is None
    activity.begin(db, "load", "appraisals", folder)
    activity.stage(db, "refresh_flags", folder)
    now = activity.current(db, folder)
    assert (now.kind, now.dataset, now.stage) == ("load", "appraisals", "refresh_flags")
    # A replica sees the same through the folder (it has no db of the writer's).
    seen = activity.current(None, folder)
    assert (seen.dataset, seen.stage) == ("appraisals", "refresh_flags")
    activity.end(db, folder)
    assert activity.current(db, folder) is None and not (tmp_path / "snap" / activity.MARKER).exists()


def test_a_writer_that_died_mid_load_is_not_believed(tmp_path):
    marker = tmp_path / activity.MARKER
    old = time.time() - activity.STALE_SECONDS - 1
    marker.write_text(json.dumps({"kind": "load", "dataset": "appraisals", "stage": "write", "started_at": old,
                                  "beat_at": old}))
    assert activity.current(None, str(tmp_path)) is None
    marker.write_text("{not json")
    assert activity.current(None, str(tmp_path)) is None
    marker.write_text(json.dumps({"kind": "load"}))  # fields missing
    assert activity.current(None, str(tmp_path)) is None
