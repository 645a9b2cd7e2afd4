"""`python -m analytics` (CONTRACT.md §3): JSON on stdout, exit 0 done, 1 rejected, 2 wrong usage."""
from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest

from analytics.cli import main
from analytics.db import SCHEMA_VERSION
from tests.conftest import ROWS, write_csv

ROOT = Path(__file__).resolve().parent.parent


def run(capsys, *args) -> tuple[int, dict]:
    code = main([str(a) for a in args])
    out = capsys.readouterr().out
    return code, json.loads(out)


@pytest.fixture
def dbp(tmp_path, capsys):
    p = tmp_path / "k.duckdb"
    code, out = run(capsys, "--db", p, "init")
    assert code == 0 and out["schema_version"] == SCHEMA_VERSION
    return p


def test_load_envelope_and_exit_codes(dbp, tmp_path, capsys):
    agencies = write_csv(tmp_path / "a.csv", ROWS["agencies"])
    code, out = run(capsys, "--db", dbp, "load", "agencies", agencies, "--user", "rina")
    assert code == 0
    assert {k: out[k] for k in ("status", "batch_id", "rows_inserted", "rows_updated", "error_count", "errors")} == {
        "status": "loaded", "batch_id": 1, "rows_inserted": 4, "rows_updated": 0, "error_count": 0, "errors": []}

    code, out = run(capsys, "--db", dbp, "load", "agencies", agencies)
    assert (code, out["status"], out["batch_id"]) == (0, "unchanged", 1)

    bad = copy.deepcopy(ROWS["agencies"])
    bad[2]["kind"] = "kantor"
    code, out = run(capsys, "--db", dbp, "--lang", "en", "load", "instansi", write_csv(tmp_path / "b.csv", bad))
    assert code == 1
    assert out["status"] == "rejected" and out["error_count"] == 1
    assert out["errors"][0] | {"message": None} == {"row": 4, "column": "kind", "value": "kantor",
                                                    "rule": "enum", "message": None}

    code, out = run(capsys, "--db", dbp, "batches")
    assert code == 0 and [(b["batch_id"], b["user_name"]) for b in out["batches"]] == [(1, "rina")]

    code, out = run(capsys, "--db", dbp, "undo", "1")
    assert (code, out["status"]) == (0, "undone")
    code, out = run(capsys, "--db", dbp, "undo", "1")
    assert (code, out["status"]) == (1, "refused")


def test_dry_run(dbp, tmp_path, capsys):
    code, out = run(capsys, "--db", dbp, "load", "agencies", write_csv(tmp_path / "a.csv", ROWS["agencies"]),
                    "--dry-run")
    assert (code, out["status"], out["rows_inserted"]) == (0, "valid", 4)
    code, out = run(capsys, "--db", dbp, "batches")
    assert out["batches"] == []


@pytest.mark.parametrize("args", [
    ["report", "no-such-report"],
    ["load", "gaji", "x.csv"],
    ["load", "agencies", "does-not-exist.csv"],
    ["report", "datasets", "--year", "abc"],
    ["report", "datasets", "--as-of", "24/11/2026"],
    ["frobnicate"],
])
def test_usage_errors_exit_2_with_json(dbp, tmp_path, capsys, args):
    if args[:2] == ["load", "gaji"]:
        args = ["load", "gaji", str(write_csv(tmp_path / "x.csv", ROWS["agencies"]))]
    code, out = run(capsys, "--db", dbp, *args)
    assert code == 2 and out["status"] == "usage_error" and out["error"]


def test_missing_database_is_a_usage_error(tmp_path, capsys):
    code, out = run(capsys, "--db", tmp_path / "none.duckdb", "batches")
    assert code == 2 and "init" in out["error"]


def test_report_envelope_with_region_below(dbp, tmp_path, capsys):
    for name in ("agencies", "employees"):
        run(capsys, "--db", dbp, "load", name, write_csv(tmp_path / f"{name}.csv", ROWS[name]))
    code, out = run(capsys, "--db", dbp, "report", "datasets", "--region", "72")
    assert code == 0
    assert (out["report"], out["filters"], out["as_of"]) == ("datasets", {"region": "72"}, None)
    counts = {r["dataset"]: r["rows"] for r in out["rows"]}
    assert (counts["agencies"], counts["employees"]) == (2, 3)
    code, out = run(capsys, "--db", dbp, "report", "datasets", "--region", "17.07")
    assert {r["dataset"]: r["rows"] for r in out["rows"]}["agencies"] == 1


def test_module_entry_point(tmp_path):
    p = tmp_path / "k.duckdb"
    proc = subprocess.run([sys.executable, "-m", "analytics", "--db", str(p), "init"], cwd=ROOT,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["rows"]["agencies"] == 0  # (usage errors: test_usage_errors_exit_2_with_json)


def test_busy_database_is_reported_as_json(tmp_path):
    """A second process cannot open the file while another writes to it: JSON and exit 2, no traceback."""
    p = tmp_path / "busy.duckdb"
    holder = subprocess.Popen([sys.executable, "-c", f"import duckdb, time; c = duckdb.connect({str(p)!r}); "
                               "print('ready', flush=True); time.sleep(60)"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        proc = subprocess.run([sys.executable, "-m", "analytics", "--db", str(p), "batches"], cwd=ROOT,
                              capture_output=True, text=True, timeout=60)
        assert proc.returncode == 2, proc.stderr
        out = json.loads(proc.stdout)
        assert out["status"] == "database_error" and out["code"] == "busy" and str(p) in out["error"]
    finally:
        holder.kill()


def test_the_command_line_records_the_user_it_was_given_or_the_os_user(dbp, tmp_path, capsys):
    """Issue 20 (1): `--user NAME` or, without it, the operating-system user, recorded as the command line's."""
    import getpass

    import duckdb

    p = write_csv(tmp_path / "instansi.csv", ROWS["agencies"])
    assert main(["--db", str(dbp), "load", "agencies", str(p), "--user", "rina"]) == 0
    batch = json.loads(capsys.readouterr().out)["batch_id"]
    assert main(["--db", str(dbp), "undo", str(batch)]) == 0
    capsys.readouterr()
    assert main(["--db", str(dbp), "redo", str(batch), "--user", "budi"]) == 0
    assert json.loads(capsys.readouterr().out)["new_batch_id"] == batch + 1
    assert main(["--db", str(dbp), "redo", str(batch)]) == 1  # done already
    capsys.readouterr()
    con = duckdb.connect(str(dbp), read_only=True)
    assert con.execute("select user_name, user_role, user_source, undone_by, status from batches where batch_id = ?",
                       [batch]).fetchall() == [("rina", "cli", "cli", getpass.getuser(), "redone")]
    assert con.execute("select login, role, source, action from audit_log order by id").fetchall() == [
        ("rina", "cli", "cli", "load"), (getpass.getuser(), "cli", "cli", "undo"), ("budi", "cli", "cli", "load"),
        ("budi", "cli", "cli", "redo")]
    con.close()
