"""The marts follow every load and undo of their sources, inside the same transaction."""
from __future__ import annotations

from analytics.loader import load_file, undo_batch
from tests.conftest import ROWS, write_csv


def _facts(con):
    return con.execute("select nip, year, period, agency_code, region_code from appraisal_facts order by all").fetchall()


def test_marts_follow_loads_and_undo(loaded, tmp_path):
    assert len(_facts(loaded)) == len(ROWS["appraisals"]) == 3
    per_agency = dict(loaded.execute(
        "select agency_code || ' ' || year || ' ' || period, n from appraisal_agency_period").fetchall())
    assert per_agency == {"72.71.DINKES 2024 Y": 1, "72.71.DINKES 2025 Q1": 1, "53.71.DISDUKCAPIL 2024 Y": 1}
    # Siti moves to BKPSDM: her appraisals follow her agency in the marts.
    moved = [dict(ROWS["employees"][1], agency_code="72.71.BKPSDM")]
    res = load_file(loaded, "employees", write_csv(tmp_path / "move.csv", moved), user="t")
    assert res.status == "loaded"
    assert {f[3] for f in _facts(loaded) if f[0] == "199005122015032002"} == {"72.71.BKPSDM"}
    undo_batch(loaded, res.batch_id, user="t")
    assert {f[3] for f in _facts(loaded) if f[0] == "199005122015032002"} == {"72.71.DINKES"}


def test_marts_exist_on_an_empty_store(store):
    assert store.execute("select count(*) from appraisal_facts").fetchall() == [(0,)]
    assert store.execute("select count(*) from appraisal_agency_period").fetchall() == [(0,)]
