"""Errors that say what happened (issue 17): a report that fails on the data is not "wrong usage" (exit 2 is for
usage only), and a settings file with an unknown key or a wrong value is refused with the key named, by the
command line and by every page, instead of being ignored."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analytics import cli, reports
from analytics.settings import Settings, SettingsError, load_settings

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def _run(capsys, *argv) -> tuple[int, dict]:
    code = cli.main(list(argv))
    return code, json.loads(capsys.readouterr().out)


def test_unknown_filter_value_is_usage(loaded, tmp_path, capsys):
    db = str(tmp_path / "kinerja.duckdb")
    loaded.close()
    code, out = _run(capsys, "--db", db, "report", "sla", "--by", "planet")
    assert (code, out["status"]) == (2, "usage_error") and "--by must be one of" in out["error"]
    code, out = _run(capsys, "--db", db, "report", "fairness", "--attribute", "shoe_size")
    assert (code, out["status"]) == (2, "usage_error") and "--attribute" in out["error"]


def test_a_report_failing_on_the_data_is_not_usage(loaded, tmp_path, capsys, monkeypatch):
    loaded.close()

    def broken(con, scope, filters):
        raise ValueError("cannot convert 'abc' to a number in column score")

    monkeypatch.setitem(reports.REPORTS, "datasets", broken)
    code, out = _run(capsys, "--db", str(tmp_path / "kinerja.duckdb"), "report", "datasets")
    assert code == 1
    assert out == {"status": "report_failed", "report": "datasets",
                   "error": "cannot convert 'abc' to a number in column score"}


@pytest.mark.parametrize("text, named", [
    ("curve_limt = 0.6\n", "unknown setting 'curve_limt'; did you mean 'curve_limit'?"),
    ("colour = 'blue'\n", "unknown setting 'colour'; known settings: max_file_mb,"),
    ("public_min_cell = 'ten'\n", "setting 'public_min_cell' must be a whole number, not 'ten'"),
    ("public_min_cell = 10.5\n", "setting 'public_min_cell' must be a whole number, not 10.5"),
    ("curve_limit = true\n", "setting 'curve_limit' must be a number, not True"),
    ("curve_limit = [\n", "not a TOML file"),
])
def test_a_bad_settings_file_names_the_key(tmp_path, text, named):
    path = tmp_path / "kinerja.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SettingsError) as err:
        load_settings(path)
    assert named in str(err.value)


def test_good_settings_file_overrides_the_defaults(tmp_path):
    path = tmp_path / "kinerja.toml"
    path.write_text("curve_limit = 0.6\npublic_min_cell = 5\nfairness_min_group = 40\n", encoding="utf-8")
    got = load_settings(path)
    assert (got.curve_limit, got.public_min_cell, got.fairness_min_group) == (0.6, 5, 40)
    assert got.max_file_mb == Settings().max_file_mb
    path.write_text("curve_limit = 1\n", encoding="utf-8")  # a whole number is a number
    assert load_settings(path).curve_limit == 1


def test_cli_and_pages_refuse_a_bad_settings_file(loaded, tmp_path, capsys, monkeypatch):
    loaded.close()
    (tmp_path / "kinerja.toml").write_text("public_min_cel = 5\n", encoding="utf-8")
    monkeypatch.setenv("KINERJA_SETTINGS", str(tmp_path / "kinerja.toml"))
    monkeypatch.setenv("KINERJA_DB", str(tmp_path / "kinerja.duckdb"))
    code, out = _run(capsys, "report", "public")
    assert (code, out["status"]) == (2, "usage_error") and "'public_min_cel'" in out["error"]
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert len(at.error) == 1 and "did you mean 'public_min_cell'?" in at.error[0].value
    assert at.error[0].value.startswith("Berkas pengaturan tidak dapat dipakai")
    assert not at.title  # no page was drawn
