"""Every rule of CONTRACT.md §1, broken once: the file is rejected, the error names the row (line in
the file, header = 1), the column and the rule, and no table changes."""
from __future__ import annotations

import copy

import pytest

from analytics.loader import load_file
from tests.conftest import ROWS, snapshot, write_csv

# (dataset, index of the broken row, changes, column reported, rule)
CASES = [
    ("agencies", 0, {"name": ""}, "name", "required"),
    ("agencies", 1, {"region_code": "72.99"}, "region_code", "region_unknown"),
    ("agencies", 2, {"kind": "kantor"}, "kind", "enum"),
    ("agency_ratings", 0, {"agency_code": "99.99.X"}, "agency_code", "agency_unknown"),
    ("agency_ratings", 1, {"year": "1999"}, "year", "range"),
    ("agency_ratings", 1, {"year": "2024a"}, "year", "format_int"),
    ("agency_ratings", 0, {"org_rating": "luar biasa"}, "org_rating", "enum"),
    ("employees", 0, {"nip": "1966080119880310"}, "nip", "nip_format"),
    ("employees", 0, {"nip": "196613011988031001"}, "nip", "nip_birth_invalid"),
    ("employees", 0, {"birth_date": "1966-08-02"}, "birth_date", "nip_birth_mismatch"),
    ("employees", 0, {"nip": "196608011988131001"}, "nip", "nip_cpns_invalid"),
    ("employees", 0, {"cpns_date": "1988-04-01"}, "cpns_date", "nip_cpns_mismatch"),
    ("employees", 2, {"nip": "199001012018212003"}, "nip", "nip_pppk_year"),
    ("employees", 0, {"gender": "F"}, "nip", "nip_gender"),
    ("employees", 0, {"nip": "196608011988031000"}, "nip", "nip_sequence"),
    ("employees", 0, {"nip": "196608011983031001", "cpns_date": "1983-03-01"}, "cpns_date", "cpns_age"),
    ("employees", 0, {"rank": "IV/f"}, "rank", "rank_format_pns"),
    ("employees", 2, {"rank": "XVIII"}, "rank", "rank_format_pppk"),
    ("employees", 0, {"rank_since": "1987-01-01"}, "rank_since", "rank_since_before_cpns"),
    ("employees", 1, {"agency_code": "72.71.NOPE"}, "agency_code", "agency_unknown"),
    ("employees", 1, {"birth_date": "1990-02-30"}, "birth_date", "format_date"),
    ("employees", 3, {"status": ""}, "status", "required"),
    ("employees", 3, {"education": "s9"}, "education", "enum"),
    ("employees", 1, {"supervisor_nip": "12345"}, "supervisor_nip", "nip_format"),
    ("appraisals", 0, {"nip": "199912312020121001"}, "nip", "employee_unknown"),
    ("appraisals", 0, {"rating": "baik"}, "rating", "rating_matrix"),
    ("appraisals", 0, {"evaluator_nip": "199005122015032002"}, "evaluator_nip", "evaluator_self"),
    ("appraisals", 1, {"score": "121"}, "score", "range"),
    ("appraisals", 1, {"self_score": "12x"}, "self_score", "format_decimal"),
    ("appraisals", 2, {"on_time_pct": "100,5"}, "on_time_pct", "range"),
    ("appraisals", 2, {"training_hours": "-1"}, "training_hours", "range_min"),
    ("appraisals", 1, {"period": "Q5"}, "period", "enum"),
    ("appraisals", 1, {"work_result": ""}, "work_result", "required"),
    ("complaints", 0, {"received_at": "2099-01-01 10:00"}, "received_at", "in_future"),
    ("complaints", 0, {"first_response_at": "2025-03-27 10:00"}, "first_response_at", "before_received"),
    ("complaints", 0, {"resolved_at": "2025-04-08 09:00"}, "resolved_at", "resolved_before_response"),
    ("complaints", 0, {"resolved_at": ""}, "resolved_at", "resolved_needs_time"),
    ("complaints", 1, {"received_at": "2025-05-02 25:00"}, "received_at", "format_timestamp"),
    ("complaints", 0, {"satisfaction": "5"}, "satisfaction", "range"),
    ("complaints", 0, {"region_code": "53.99"}, "region_code", "region_unknown"),
    ("complaints", 1, {"channel": "merpati"}, "channel", "enum"),
    ("complaints", 1, {"agency_code": "11.NOPE"}, "agency_code", "agency_unknown"),
    ("promotions", 0, {"from_rank": ""}, "from_rank", "rank_required"),
    ("promotions", 0, {"to_rank": "III/a"}, "to_rank", "rank_not_above"),
    ("promotions", 0, {"to_rank": "IX"}, "to_rank", "rank_format_pns"),
    ("promotions", 1, {"to_position_level": ""}, "to_position_level", "position_required"),
    ("promotions", 0, {"approver_nip": "199005122015032002"}, "approver_nip", "approver_self"),
    ("promotions", 0, {"nip": "199912312020121001"}, "nip", "employee_unknown"),
    ("promotions", 1, {"agency_code": "99.NOPE"}, "agency_code", "agency_unknown"),
    ("promotions", 0, {"effective_date": ""}, "effective_date", "required"),
    ("promotions", 1, {"decree_date": "31/02/2023"}, "decree_date", "format_date"),
    ("promotions", 0, {"kind": "KP Istimewa"}, "kind", "enum"),
]


@pytest.mark.parametrize("dataset, index, changes, column, rule", CASES,
                         ids=[f"{c[0]}-{c[4]}-{c[3]}" for c in CASES])
def test_rule_broken_once(loaded, tmp_path, dataset, index, changes, column, rule):
    rows = copy.deepcopy(ROWS[dataset])
    rows[index].update(changes)
    before = snapshot(loaded)
    res = load_file(loaded, dataset, write_csv(tmp_path / "bad.csv", rows), lang="en")
    assert res.status == "rejected"
    hits = [(e.row, e.column, e.rule) for e in res.errors]
    assert (index + 2, column, rule) in hits, res.errors
    # The same rule does not fire on the untouched rows.
    assert all(r == index + 2 for r, _, ru in hits if ru == rule)
    # The reported value is the cell as written in the file.
    reported = next(e for e in res.errors if (e.row, e.column, e.rule) == (index + 2, column, rule))
    if column in changes:
        assert reported.value == (changes[column] or None)
    assert snapshot(loaded) == before


@pytest.mark.parametrize("dataset", list(ROWS))
def test_duplicate_key_reported_at_later_row(loaded, tmp_path, dataset):
    rows = copy.deepcopy(ROWS[dataset])
    rows.append(copy.deepcopy(rows[0]))
    before = snapshot(loaded)
    res = load_file(loaded, dataset, write_csv(tmp_path / "dup.csv", rows), lang="en")
    assert res.status == "rejected"
    dup = [e for e in res.errors if e.rule == "duplicate_key"]
    assert [(e.row, e.message) for e in dup] == [(len(rows) + 1, "Duplicate key: same as row 2.")]
    assert snapshot(loaded) == before


def test_every_error_is_reported_not_only_the_first(loaded, tmp_path):
    rows = copy.deepcopy(ROWS["appraisals"])
    rows[0]["score"] = "abc"
    rows[1]["period"] = "Q9"
    rows[2]["nip"] = "1"
    res = load_file(loaded, "appraisals", write_csv(tmp_path / "bad.csv", rows), lang="en")
    assert res.error_count == 3
    assert [(e.row, e.column, e.rule) for e in res.errors] == [
        (2, "score", "format_decimal"), (3, "period", "enum"), (4, "nip", "nip_format")]


def test_messages_in_indonesian_by_default(loaded, tmp_path):
    rows = copy.deepcopy(ROWS["appraisals"])
    rows[0]["rating"] = "baik"
    res = load_file(loaded, "appraisals", write_csv(tmp_path / "bad.csv", rows))
    assert res.errors[0].message == "Predikat harus 'sangat_baik' menurut matriks hasil kerja × perilaku kerja."


def test_column_is_named_as_written_in_the_file(loaded, tmp_path):
    rows = copy.deepcopy(ROWS["agency_ratings"])
    rows[0]["year"] = "dua ribu"
    path = tmp_path / "id.csv"
    from tests.conftest import csv_text

    path.write_text(csv_text(rows, header=["Kode Instansi", "TAHUN", "predikat"]), encoding="utf-8")
    res = load_file(loaded, "agency_ratings", path, lang="en")
    assert [(e.row, e.column, e.value, e.rule) for e in res.errors] == [(2, "TAHUN", "dua ribu", "format_int")]
