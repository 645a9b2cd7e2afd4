"""Read-only replicas (docs/scaling.md §4): the writer publishes a snapshot (a consistent copy without
password hashes or sign-in attempts, `current` switched atomically, old copies pruned); a replica
(KINERJA_READ_ONLY=1) opens it read-only, leaves out the pages and forms that write, and opens the next
snapshot by itself."""
from __future__ import annotations

import json
import os

import duckdb
import pytest

from analytics import db, derived, snapshots, users
from analytics.cli import main
from analytics.loader import load_file
from tests.conftest import ROWS, write_csv
from tests.test_access import LAZY_SECTIONS, anonymous
from tests.test_app import signed_in
from tests.test_flags import world as flags_world  # noqa: F401  (the planted promotions)


def _counts(con) -> dict:
    return {t: con.execute(f"select count(*) from {t}").fetchall()[0][0]
            for t in ("agencies", "employees", "appraisals", "complaints", "promotions", "batches",
                      "appraisal_facts", "complaint_stage_cells", "promotion_flags")}


def test_publish_copies_everything_but_secrets(loaded, tmp_path):
    users.add_user(loaded, "ani.kupang", "leader", password="rahasia-panjang", region="53.71")
    with pytest.raises(users.AccountError):
        users.authenticate(loaded, "ani.kupang", "keliru")
    folder = tmp_path / "snap"
    # Checkpoint at every write, as a national copy does by its size: a hash copied, then nulled, would stay
    # in the file's bytes (checked against that way of copying).
    loaded.execute("set checkpoint_threshold = '1KB'")
    pub = snapshots.publish(loaded, folder)
    loaded.execute("reset checkpoint_threshold")
    assert pub.current == folder / "current" and os.path.islink(pub.current)
    assert os.readlink(pub.current) == pub.path.name  # relative: the folder may be mounted elsewhere
    assert pub.batch_id == loaded.execute("select max(batch_id) from batches").fetchall()[0][0]
    replica = derived.connect(pub.current, read_only=True)
    try:
        assert _counts(replica) == _counts(loaded)
        assert replica.execute("select user_name, role, region_code, password_hash from users").fetchall() == [
            ("ani.kupang", "leader", "53.71", None)]
        assert replica.execute("select count(*) from login_attempts").fetchall() == [(0,)]
        with pytest.raises(duckdb.InvalidInputException):
            replica.execute("insert into login_attempts values ('x', now(), false)")
    finally:
        replica.close()
    # Never copied, so not in the file's bytes either (nulling them after a copy would leave the old bytes).
    raw = pub.path.read_bytes()
    assert b"argon2" not in raw and b"ani.kupang" in raw
    # The writer keeps its secrets.
    assert loaded.execute("select count(*) from login_attempts").fetchall() == [(1,)]
    assert loaded.execute("select password_hash is not null from users").fetchall() == [(True,)]


def test_publish_switches_current_and_prunes(loaded, tmp_path):
    folder = tmp_path / "snap"
    first = snapshots.publish(loaded, folder, keep=2)
    second = snapshots.publish(loaded, folder, keep=2)
    assert os.path.realpath(folder / "current") == str(second.path)
    third = snapshots.publish(loaded, folder, keep=2)
    assert third.removed == (first.path.name,) and not first.path.exists() and second.path.exists()
    assert sorted(p.name for p in folder.iterdir()) == sorted([second.path.name, third.path.name, "current"])


def test_prune_keeps_other_files_and_orders_by_time(loaded, tmp_path):
    # The writer's own database in the snapshot folder, named like a snapshot but not one: never removed.
    folder = tmp_path / "snap"
    folder.mkdir()
    other = folder / "kinerja-prod.duckdb"
    other.write_bytes(b"not a snapshot")
    for name in ("kinerja-10-20260101T000000000000Z.duckdb", "kinerja-9-20250101T000000000000Z.duckdb"):
        (folder / name).write_bytes(b"old")
    newest = snapshots.publish(loaded, folder, keep=2)
    # Kept: the newest and the 2026 copy (batch 10 is newer than batch 9 although "10" sorts before "9").
    assert newest.removed == ("kinerja-9-20250101T000000000000Z.duckdb",)
    assert other.exists() and (folder / "kinerja-10-20260101T000000000000Z.duckdb").exists()


def test_a_failed_publish_leaves_nothing(loaded, tmp_path, monkeypatch):
    folder = tmp_path / "snap"
    monkeypatch.setattr(snapshots, "_WITHOUT", {"users": "no_such_column"})
    with pytest.raises(duckdb.Error):
        snapshots.publish(loaded, folder)
    assert list(folder.iterdir()) == []
    assert "snapshot" not in " ".join(r[0] for r in loaded.execute("select database_name from duckdb_databases()").fetchall())


def test_cli_snapshot_and_publish_after_load(tmp_path, capsys, monkeypatch):
    dbp = tmp_path / "k.duckdb"
    assert main(["--db", str(dbp), "init"]) == 0
    capsys.readouterr()
    assert main(["--db", str(dbp), "snapshot", "--to", str(tmp_path / "s"), "--keep", "0"]) == 2
    assert json.loads(capsys.readouterr().out)["status"] == "usage_error"
    (tmp_path / "a-file").write_text("not a folder")
    assert main(["--db", str(dbp), "snapshot", "--to", str(tmp_path / "a-file")]) == 2
    assert "cannot publish to" in json.loads(capsys.readouterr().out)["error"]
    monkeypatch.setenv("KINERJA_MEMORY_LIMIT", "lots")
    assert main(["--db", str(dbp), "batches"]) == 2
    assert "KINERJA_MEMORY_LIMIT" in json.loads(capsys.readouterr().out)["error"]
    monkeypatch.delenv("KINERJA_MEMORY_LIMIT")
    assert main(["--db", str(dbp), "snapshot", "--to", str(tmp_path / "s")]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["status"] == "published" and out["batch_id"] is None and out["bytes"] > 0
    monkeypatch.setenv("KINERJA_SNAPSHOT_DIR", str(tmp_path / "s"))
    agencies = write_csv(tmp_path / "a.csv", ROWS["agencies"])
    assert main(["--db", str(dbp), "load", "agencies", str(agencies)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["status"] == "loaded" and out["snapshot"]["batch_id"] == 1
    replica = duckdb.connect(str(tmp_path / "s" / "current"), read_only=True)
    assert replica.execute("select count(*) from agencies").fetchall() == [(len(ROWS["agencies"]),)]
    replica.close()
    # A load that changes nothing publishes nothing.
    assert main(["--db", str(dbp), "load", "agencies", str(agencies)]) == 0
    assert "snapshot" not in json.loads(capsys.readouterr().out)
    # An account change publishes too: a disabled account must stop signing in on the replicas.
    assert main(["--db", str(dbp), "users", "add", "ani@pemda.go.id", "--role", "leader", "--sso"]) == 0
    assert json.loads(capsys.readouterr().out)["snapshot"]["status"] == "published"
    # Publishing fails after the undo committed: the answer says both, and the exit status is the undo's.
    (tmp_path / "blocked").write_text("a file where the folder should be")
    monkeypatch.setenv("KINERJA_SNAPSHOT_DIR", str(tmp_path / "blocked"))
    assert main(["--db", str(dbp), "undo", "1"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["status"] == "undone" and out["snapshot"]["status"] == "failed"


@pytest.fixture
def replica(loaded, tmp_path, monkeypatch):
    pub = snapshots.publish(loaded, tmp_path / "snap")
    monkeypatch.setenv("KINERJA_DB", str(pub.current))
    monkeypatch.setenv("KINERJA_READ_ONLY", "1")
    return loaded, pub


@pytest.mark.parametrize("role", ["leader", "inspector", "analyst", "admin"])
def test_replica_pages_for_every_role(replica, role):
    at = signed_in(role)
    for key in LAZY_SECTIONS:
        at.session_state[key] = True
    at.run()
    assert not at.exception
    assert any("Salinan hanya-baca" in c.value for c in at.sidebar.caption)
    at.switch_page("pages/upload.py").run()  # no upload page on a replica, for any role: the first page instead
    assert not at.exception and [x.value for x in at.title] == ["Ringkasan"]
    for page in ("overview", "appraisals", "complaints", "fairness", "public", "methodology"):
        at.switch_page(f"pages/{page}.py").run()
        assert not at.exception, (role, page)


def test_replica_inspection_without_the_review_form(flags_world, tmp_path, monkeypatch):
    pub = snapshots.publish(flags_world, tmp_path / "snap")
    monkeypatch.setenv("KINERJA_DB", str(pub.current))
    monkeypatch.setenv("KINERJA_READ_ONLY", "1")
    at = signed_in("inspector")
    at.query_params["year"] = "2025"
    at.run()
    at.switch_page("pages/inspect.py").run()
    assert not at.exception
    assert at.selectbox(key="in_case").value == "P5"  # the queue and the case are read from the snapshot
    assert not at.get("form") and any("ulasan dicatat di server utama" in i.value for i in at.info)


def test_a_replica_tells_its_readers_while_the_writer_loads(replica):
    """The writer's note in the snapshot folder reaches a replica's pages; a stale one (a writer that died) does
    not."""
    from analytics import activity

    folder = str(replica[1].current.parent)
    activity.begin("the-writers-database", "load", "complaints", folder)
    activity.stage("the-writers-database", "refresh_complaint_cells", folder)
    try:
        at = signed_in("leader").run()
        assert not at.exception
        assert any("Data Pengaduan sedang diperbarui" in i.value and "menghitung ulang angka pengaduan" in i.value
                   for i in at.info), [i.value for i in at.info]
    finally:
        activity.end("the-writers-database", folder)
    at.run()
    assert not any("sedang diperbarui" in i.value for i in at.info)


def test_replica_sign_in_page_has_no_password_form(replica):
    at = anonymous()
    assert not at.exception and at.title[0].value == "Transparansi kinerja ASN"
    at.switch_page("pages/login.py").run()
    assert not at.exception
    assert not at.text_input and any("tidak dapat mencatat percobaan masuk" in i.value for i in at.info)


def test_replica_opens_the_next_snapshot(replica, tmp_path):
    writer, pub = replica
    at = signed_in("admin")
    at.query_params["year"] = "2025"
    at.run()
    assert not at.exception
    received = next(m.value for m in at.metric if m.label == "Pengaduan diterima")
    assert received == "2"
    more = [dict(ROWS["complaints"][0], complaint_id="LPR-2025-NEW001")]
    res = load_file(writer, "complaints", write_csv(tmp_path / "more.csv", more), user="t")
    assert res.status == "loaded"
    at.run()
    assert next(m.value for m in at.metric if m.label == "Pengaduan diterima") == received  # old snapshot
    snapshots.publish(writer, pub.current.parent)
    at.run()
    assert not at.exception
    assert any(os.path.basename(os.path.realpath(pub.current)) in c.value for c in at.sidebar.caption)
    assert next(m.value for m in at.metric if m.label == "Pengaduan diterima") == "3"


def test_memory_limit_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("KINERJA_MEMORY_LIMIT", "512MB")
    con = derived.connect(tmp_path / "k.duckdb")
    assert con.execute("select current_setting('memory_limit')").fetchall() == [("488.2 MiB",)]  # 512 MB
    con.close()
    for bad in ("1GB'; drop table users; --", "0GB", "10kb"):
        monkeypatch.setenv("KINERJA_MEMORY_LIMIT", bad)
        with pytest.raises(ValueError, match="KINERJA_MEMORY_LIMIT"):
            derived.connect(tmp_path / "k.duckdb")
    monkeypatch.setenv("KINERJA_MEMORY_LIMIT", "1GB'; drop table users; --")
    with pytest.raises(ValueError, match="KINERJA_MEMORY_LIMIT"):
        derived.connect(tmp_path / "k.duckdb")


def test_threads_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("KINERJA_THREADS", "1")
    con = derived.connect(tmp_path / "k.duckdb")
    assert con.execute("select current_setting('threads')").fetchall() == [(1,)]
    con.close()
    for bad in ("0", "two", "1; drop table users"):
        monkeypatch.setenv("KINERJA_THREADS", bad)
        with pytest.raises(ValueError, match="KINERJA_THREADS"):
            derived.connect(tmp_path / "k.duckdb")


def test_writer_publishes_now_from_unggah_data(loaded, tmp_path, monkeypatch):
    monkeypatch.setenv("KINERJA_DB", str(tmp_path / "kinerja.duckdb"))
    monkeypatch.setenv("KINERJA_SNAPSHOT_DIR", str(tmp_path / "snap"))
    at = signed_in("analyst").run()
    at.switch_page("pages/upload.py").run()
    assert not at.exception
    at.button(key="up_publish_now").click().run()
    assert not at.exception
    assert any("diterbitkan untuk server replika" in i.value for i in at.info)
    assert os.path.islink(tmp_path / "snap" / "current")


def test_replica_before_any_snapshot_says_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setenv("KINERJA_DB", str(tmp_path / "snap" / "current"))
    monkeypatch.setenv("KINERJA_READ_ONLY", "1")
    at = anonymous()
    assert not at.exception
    assert "belum ada salinan" in at.error[0].value
    assert not (tmp_path / "snap").exists()  # a replica creates nothing


def test_reviews_reach_the_replicas_in_one_publish_per_window(loaded, tmp_path, monkeypatch):
    """Issue 21: reviews ask for a publish soon; the reviews asked for within the window ride with one publish."""
    import time

    from analytics import snapshots

    folder = tmp_path / "snaps"
    monkeypatch.setenv("KINERJA_SNAPSHOT_DIR", str(folder))
    monkeypatch.setenv("KINERJA_REVIEW_PUBLISH_SECONDS", "0.5")
    assert [snapshots.publish_soon(loaded) for _ in range(3)] == [0.5, 0.5, 0.5]
    deadline = time.time() + 20
    while not (folder / "current").exists() and time.time() < deadline:
        time.sleep(0.1)
    time.sleep(0.8)  # nothing more comes of the three
    assert len(list(folder.glob("kinerja-*.duckdb"))) == 1
    snapshots.publish_soon(loaded)
    deadline = time.time() + 20
    while len(list(folder.glob("kinerja-*.duckdb"))) < 2 and time.time() < deadline:
        time.sleep(0.1)
    assert len(list(folder.glob("kinerja-*.duckdb"))) == 2
    monkeypatch.delenv("KINERJA_SNAPSHOT_DIR")
    assert snapshots.publish_soon(loaded) is None
