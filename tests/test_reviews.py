"""The review workflow of promotion flags: required notes, allowed changes only, an audit row per change
that is never overwritten, scope, and reviews that survive a reload of the promotions."""
from __future__ import annotations

from datetime import datetime

import pytest

from analytics import Scope
from analytics.loader import load_file
from analytics.reviews import ReviewError, change, history, status
from tests.conftest import ROWS, write_csv

ALL = Scope.unrestricted()
PID, CODE = "KP-2023-0001", "RANK_TIME_SHORT"


def test_workflow_and_audit_trail(loaded):
    assert status(loaded, PID, CODE) == "open"
    change(loaded, ALL, PID, CODE, "under_review", "Minta SK dan riwayat pangkat.", user="ina",
           now=datetime(2026, 11, 1, 9, 0))
    change(loaded, ALL, PID, CODE, "dismissed", "SK lengkap; masa kerja dihitung dari SK sebelumnya.", user="ina",
           now=datetime(2026, 11, 2, 10, 0))
    assert status(loaded, PID, CODE) == "dismissed"
    h = history(loaded, ALL, PID)
    assert list(zip(h["from_status"], h["to_status"], h["user_name"])) == [
        ("open", "under_review", "ina"), ("under_review", "dismissed", "ina")]
    assert h["note"].iloc[0] == "Minta SK dan riwayat pangkat."


@pytest.mark.parametrize("to, note, message", [
    ("under_review", "  ", "Catatan wajib diisi"),
    ("confirmed", "langsung", "Status open tidak dapat diubah menjadi confirmed; yang boleh: under_review."),
])
def test_refused_changes_write_nothing(loaded, to, note, message):
    with pytest.raises(ReviewError, match=message):
        change(loaded, ALL, PID, CODE, to, note, user="ina")
    assert loaded.execute("select count(*) from flag_reviews").fetchall() == [(0,)]


def test_final_states_are_final(loaded):
    change(loaded, ALL, PID, CODE, "under_review", "cek", user="ina")
    change(loaded, ALL, PID, CODE, "confirmed", "terbukti", user="ina")
    with pytest.raises(ReviewError, match="confirmed tidak dapat diubah"):
        change(loaded, ALL, PID, CODE, "under_review", "buka lagi", user="ina")


def test_scope_and_unknowns(loaded):
    kupang = Scope(regions=("53.71",), personal_data=True)
    with pytest.raises(ReviewError, match="di luar wilayah"):
        change(loaded, kupang, PID, CODE, "under_review", "cek", user="x")
    with pytest.raises(ReviewError, match="Kode NOPE"):
        change(loaded, ALL, PID, "NOPE", "under_review", "cek", user="x")
    change(loaded, ALL, PID, CODE, "under_review", "cek", user="ina")
    assert history(loaded, kupang, PID).empty
    assert history(loaded, Scope(regions=None, personal_data=False), PID).empty


def test_review_survives_a_reload(loaded, tmp_path):
    change(loaded, ALL, PID, CODE, "under_review", "cek", user="ina")
    changed = [dict(ROWS["promotions"][0], decree_number="800/99/BKPSDM/2023")]
    res = load_file(loaded, "promotions", write_csv(tmp_path / "again.csv", changed), user="t")
    assert res.status == "loaded" and res.rows_updated == 1
    assert status(loaded, PID, CODE) == "under_review"


def test_case_file_reads_through_the_scope(loaded):
    from analytics.casefile import case_tables

    change(loaded, ALL, PID, CODE, "under_review", "=HYPERLINK(\"x\") <b>cek</b>", user="ina")
    tables = case_tables(loaded, ALL, PID, [CODE], ["promoted to III/c 8 years after III/b"])
    assert set(tables) == {"promotion", "flags", "promotions", "appraisals", "reviews"}
    assert tables["promotion"]["name"].iloc[0] == "Siti Aminah"
    assert case_tables(loaded, Scope(regions=("53.71",), personal_data=True), PID, [CODE], ["x"]) == {}