"""Batches: one transaction per file, the same file twice is unchanged, every batch can be undone."""
from __future__ import annotations

import copy
import hashlib
from datetime import date
from pathlib import Path

from analytics.loader import list_batches, load_file, redo_batch, undo_batch, undo_plan
from tests.conftest import AGENCIES, ROWS, snapshot, write_csv


def _employees(con):
    return con.execute("select nip, name, rank, rank_since, _batch_id from employees order by nip").fetchall()


def test_batch_log_and_raw_file_kept(loaded, tmp_path):
    b = list_batches(loaded)
    assert list(b["dataset"])[::-1] == list(ROWS)
    row = b[b["dataset"] == "employees"].iloc[0]
    assert (row.rows_in_file, row.rows_inserted, row.rows_updated, row.user_name, row.status) == (
        4, 4, 0, "fixture", "loaded")
    raw = Path(row.raw_path)
    assert raw.parent == tmp_path / "raw"
    assert hashlib.sha256(raw.read_bytes()).hexdigest() == row.sha256
    assert raw.read_bytes() == (tmp_path / "employees.csv").read_bytes()


def test_same_file_twice_is_unchanged(loaded, tmp_path):
    before = snapshot(loaded)
    res = load_file(loaded, "employees", tmp_path / "employees.csv", lang="en")
    assert (res.status, res.batch_id) == ("unchanged", 3)
    assert res.message == "The same file was already loaded as batch 3; nothing changed."
    assert snapshot(loaded) == before


def test_same_rows_in_another_file_is_unchanged(loaded, tmp_path):
    before = snapshot(loaded)
    res = load_file(loaded, "employees", write_csv(tmp_path / "again.csv", ROWS["employees"], ";"))
    assert (res.status, res.rows_inserted, res.rows_updated, res.rows_unchanged) == ("unchanged", 0, 0, 4)
    assert snapshot(loaded) == before


def test_update_keeps_history_and_undo_restores(loaded, tmp_path):
    before = snapshot(loaded)
    original = _employees(loaded)
    rows = copy.deepcopy(ROWS["employees"][1:3])  # Siti promoted; Ani unchanged; one new employee
    rows[0].update(rank="III/d", rank_since="2025-04-01")
    rows.append(dict(copy.deepcopy(ROWS["employees"][3]), nip="198503152010011005", name="Maria Bria"))
    res = load_file(loaded, "employees", write_csv(tmp_path / "upd.csv", rows), user="analis")
    assert (res.status, res.rows_inserted, res.rows_updated, res.rows_unchanged) == ("loaded", 1, 1, 1)
    now = dict((r[0], r) for r in _employees(loaded))
    assert now["199005122015032002"][2:] == ("III/d", date(2025, 4, 1), res.batch_id)
    assert len(now) == 5
    history = loaded.execute("select nip, rank, _batch_id, _superseded_by from employees_history").fetchall()
    assert history == [("199005122015032002", "III/c", 3, res.batch_id)]

    plan = undo_plan(loaded, res.batch_id, lang="en")  # said before: one row added goes, one changed goes back
    assert (plan.dataset, plan.file_name, plan.user_name, plan.removed, plan.restored, plan.refusal) == (
        "employees", "upd.csv", "analis", 1, 1, None)
    undo = undo_batch(loaded, res.batch_id, user="analis")
    assert (undo.status, undo.rows_deleted, undo.rows_restored) == ("undone", 1, 1)
    assert _employees(loaded) == original
    b = list_batches(loaded).set_index("batch_id").loc[res.batch_id]
    assert (b.status, b.undone_by) == ("undone", "analis")
    # Data is back exactly; only the batch log remembers the undone batch.
    for t in ("employees", "employees_history"):
        assert loaded.execute(f"select count(*) from {t}").fetchall()[0][0] == {"employees": 4,
                                                                                "employees_history": 0}[t]
    assert snapshot(loaded) != before  # the log row differs...
    assert undo_batch(loaded, res.batch_id, lang="en").message == f"Batch {res.batch_id} is already undone."


def test_absent_optional_column_keeps_stored_value(loaded, tmp_path):
    rows = [{k: v for k, v in r.items() if k != "position_title"} for r in copy.deepcopy(ROWS["employees"])]
    rows[0]["name"] = "Budi Santoso, M.Kes."
    res = load_file(loaded, "employees", write_csv(tmp_path / "e.csv", rows))
    assert (res.rows_updated, res.rows_unchanged) == (1, 3)
    assert loaded.execute("select position_title from employees where nip = '196608011988031001'"
                          ).fetchall() == [("Kepala Dinas",)]


def test_file_loaded_again_after_undo(loaded, tmp_path):
    batch = list_batches(loaded).query("dataset == 'promotions'").batch_id.iloc[0]
    assert undo_batch(loaded, int(batch)).status == "undone"
    assert loaded.execute("select count(*) from promotions").fetchall()[0][0] == 0
    res = load_file(loaded, "promotions", tmp_path / "promotions.csv")
    assert (res.status, res.rows_inserted) == ("loaded", 2)


def test_undo_refused_while_a_later_batch_changed_its_rows(loaded, tmp_path):
    rows = copy.deepcopy(ROWS["agencies"])
    rows[0]["name"] = "Dinas Kesehatan Kota Palu (baru)"
    later = load_file(loaded, "agencies", write_csv(tmp_path / "a2.csv", rows))
    before = snapshot(loaded)
    res = undo_batch(loaded, 1, lang="en")
    assert res.status == "refused"
    assert res.message == (f"Batch 1 cannot be undone: 1 of its rows were changed by batch {later.batch_id}. "
                           f"Undo batch {later.batch_id} first.")
    assert snapshot(loaded) == before
    assert undo_batch(loaded, later.batch_id).status == "undone"


def test_undo_refused_while_other_data_refers_to_added_rows(loaded):
    before = snapshot(loaded)
    res = undo_batch(loaded, 3, lang="en")  # the employees batch; appraisals and promotions refer to it
    assert res.status == "refused"
    appraisals = loaded.execute("select max(_batch_id) from appraisals").fetchone()[0]
    assert res.message == (f"Batch 3 cannot be undone: 3 rows of Appraisals (batch {appraisals}) refer to rows it "
                           f"added. Undo batch {appraisals} first.")
    # In Indonesian: the dataset by its Indonesian title, the count with the Indonesian thousands separator.
    plan = undo_plan(loaded, 3, lang="id")
    assert plan.refusal == (f"Batch 3 tidak dapat dibatalkan: 3 baris Penilaian kinerja (batch {appraisals}) merujuk "
                            f"ke data yang ditambahkannya. Batalkan batch {appraisals} lebih dulu.")
    assert snapshot(loaded) == before


def test_counts_in_sentences_have_the_languages_thousands_separator():
    from analytics.catalogue import count

    assert (count(1127289, "id"), count(1127289, "en"), count(7, "id")) == ("1.127.289", "1,127,289", "7")


def test_undo_unknown_batch(loaded):
    assert undo_batch(loaded, 999, lang="en").message == "Batch 999 does not exist."


def test_dry_run_changes_nothing(store, tmp_path):
    before = snapshot(store)
    res = load_file(store, "agencies", write_csv(tmp_path / "a.csv", AGENCIES), dry_run=True)
    assert (res.status, res.rows_inserted, res.dry_run) == ("valid", 4, True)
    assert snapshot(store) == before
    assert not (tmp_path / "raw").exists()


def test_complaint_newer_state_updates_row(loaded, tmp_path):
    rows = copy.deepcopy(ROWS["complaints"])
    rows[1].update(status="resolved", first_response_at="2025-05-05 09:00", resolved_at="2025-05-06 09:00")
    res = load_file(loaded, "complaints", write_csv(tmp_path / "c.csv", rows))
    assert (res.rows_updated, res.rows_unchanged) == (1, 1)
    assert loaded.execute("select status, severity from complaints where complaint_id = 'LPR-2025-000002'"
                          ).fetchall() == [("resolved", "normatif")]



def test_an_undo_can_be_redone_while_nothing_later_depends_on_it(loaded, tmp_path):
    """Issue 20 (3): redo loads the kept copy again as a new batch, recorded; refused once a later batch of the
    dataset is loaded, and for a batch that is not undone."""
    rows = copy.deepcopy(ROWS["employees"][1:3])
    rows[0].update(rank="III/d", rank_since="2025-04-01")
    first = load_file(loaded, "employees", write_csv(tmp_path / "upd.csv", rows), user="analis")
    after_load = _employees(loaded)
    assert redo_batch(loaded, first.batch_id, lang="en").message == f"Batch {first.batch_id} is not undone; " \
        "there is nothing to redo."
    undo_batch(loaded, first.batch_id, user="analis")
    redo = redo_batch(loaded, first.batch_id, user="budi", lang="en")
    assert (redo.status, redo.rows_inserted, redo.rows_updated) == ("redone", 0, 1)
    assert [r[:3] for r in _employees(loaded)] == [r[:3] for r in after_load]
    b = list_batches(loaded).set_index("batch_id")
    assert (b.loc[first.batch_id].status, b.loc[redo.new_batch_id].file_name) == ("redone", "upd.csv")
    assert loaded.execute("select login, action, target from audit_log where action = 'redo'").fetchall() == [
        ("budi", "redo", str(first.batch_id))]
    # Undone again, then another employees file loaded: redoing would overwrite it, so it is refused.
    undo_batch(loaded, redo.new_batch_id, user="analis")
    other = copy.deepcopy(ROWS["employees"][3:4])
    other[0].update(name="Yohanes N.")
    assert load_file(loaded, "employees", write_csv(tmp_path / "other.csv", other), user="analis").status == "loaded"
    refused = redo_batch(loaded, redo.new_batch_id, lang="en")
    assert refused.status == "refused" and "was loaded after the undo" in refused.message


def _wal(con) -> int:
    wal = Path(con.execute("select path from duckdb_databases() where database_name = current_database()")
               .fetchall()[0][0] + ".wal")
    return wal.stat().st_size if wal.exists() else 0


def test_the_writer_checkpoints_after_a_load_and_an_undo_never_inside_a_commit(loaded, tmp_path):
    # DuckDB's own checkpoint inside a commit (at 16 MB of log) holds every reader of the process until done; the
    # writable store turns it off and writes the log into the file right after each load and undo instead.
    threshold = loaded.execute("select current_setting('checkpoint_threshold')").fetchall()[0][0]
    assert "GiB" in threshold and float(threshold.split()[0]) >= 900, threshold
    rows = [dict(r, name=r["name"] + " Baru") for r in ROWS["employees"]]
    res = load_file(loaded, "employees", write_csv(tmp_path / "renamed.csv", rows), user="t")
    assert res.status == "loaded"
    assert _wal(loaded) == 0  # in the file, nothing left to replay
    undone = undo_batch(loaded, res.batch_id, user="t")
    assert undone.status == "undone"
    assert _wal(loaded) == 0
    loaded.execute("insert into audit_log select max(id) + 1, now(), 't', null, 'cli', 'x', 'x', 'x' from audit_log")
    assert _wal(loaded) > 0  # a small write stays in the log until the next checkpoint (or closing)


def test_a_checkpoint_waits_for_an_open_write_then_gives_up_without_failing(loaded, caplog):
    from analytics import db

    loaded.execute("insert into audit_log select max(id) + 1, now(), 't', null, 'cli', 'x', 'x', 'x' from audit_log")
    other = loaded.cursor()
    other.begin()
    other.execute("update audit_log set detail = 'y' where id = (select max(id) from audit_log)")
    assert db.checkpoint(loaded, tries=2) is False  # refused while an update is open: said, not raised
    assert "checkpoint refused 2 times" in caplog.text
    assert _wal(loaded) > 0
    other.commit()
    assert db.checkpoint(loaded) is True
    assert _wal(loaded) == 0
