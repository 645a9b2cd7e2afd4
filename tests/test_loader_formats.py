"""Every input form the contract accepts loads to the same stored values."""
from __future__ import annotations

import copy
from datetime import date, datetime

import openpyxl
import pytest

from analytics.loader import load_file
from tests.conftest import AGENCIES, ROWS, csv_text, write_csv

ID_HEADERS = {
    "employees": ["NIP", "Nama", "Jenis Kelamin", "Tanggal Lahir", "TMT CPNS", "Jenis Pegawai", "Pendidikan",
                  "kode_instansi", "Golongan", "TMT Golongan", "Jenjang Jabatan", "Nama Jabatan", "TMT Jabatan",
                  "NIP Atasan", "Status"],
}


def _stored_employees(con):
    return con.execute(
        "select nip, name, gender, birth_date, cpns_date, employment_type, education, rank, status "
        "from employees order by nip").fetchall()


@pytest.fixture
def with_agencies(store, tmp_path):
    assert load_file(store, "agencies", write_csv(tmp_path / "a.csv", AGENCIES)).status == "loaded"
    return store


def _indonesian_employees():
    rows = copy.deepcopy(ROWS["employees"])
    for r in rows:
        r["gender"] = {"M": "Laki-laki", "F": "P"}[r["gender"]]
        y, m, d = r["birth_date"].split("-")
        r["birth_date"] = f"{d}/{m}/{y}"
        y, m, d = r["cpns_date"].split("-")
        r["cpns_date"] = f"{d}-{m}-{y}"
        r["status"] = "Aktif"
        r["nip"] = f"{r['nip'][:8]} {r['nip'][8:14]} {r['nip'][14]} {r['nip'][15:]}"
        r["rank"] = r["rank"].lower()
        r["employment_type"] = r["employment_type"].upper()
    rows[0]["name"] = "Budi Santoso, S.Kom."  # a comma inside a quoted value
    rows[1]["name"] = "Siti Amínah Ñ"  # characters that differ between UTF-8 and Windows-1252
    return rows


EXPECTED = [
    ("196608011988031001", "Budi Santoso, S.Kom.", "M", date(1966, 8, 1), date(1988, 3, 1), "pns", "s2", "IV/a",
     "active"),
    ("198503152010011004", "Yohanes Nggadas", "M", date(1985, 3, 15), date(2010, 1, 1), "pns", "sma", "II/d",
     "active"),
    ("199001012021212003", "Ani Lestari", "F", date(1990, 1, 1), date(2021, 6, 1), "pppk", "s1", "IX", "active"),
    ("199005122015032002", "Siti Amínah Ñ", "F", date(1990, 5, 12), date(2015, 3, 1), "pns", "s1", "III/c",
     "active"),
]


@pytest.mark.parametrize("delimiter, encoding", [
    (",", "utf-8"), (";", "utf-8-sig"), ("\t", "utf-8"), (";", "cp1252"), (",", "cp1252"),
])
def test_delimiters_encodings_dates_labels_and_indonesian_headers(with_agencies, tmp_path, delimiter, encoding):
    path = tmp_path / "pegawai.csv"
    path.write_bytes(csv_text(_indonesian_employees(), delimiter, ID_HEADERS["employees"]).encode(encoding))
    res = load_file(with_agencies, "pegawai", path, lang="en")
    assert res.status == "loaded", res.errors
    assert res.rows_inserted == 4
    assert _stored_employees(with_agencies) == EXPECTED


def test_decimal_comma_and_enum_labels(loaded, tmp_path):
    rows = copy.deepcopy(ROWS["appraisals"])
    rows[0].update(score="112,5", period="Tahunan", work_result="Di atas ekspektasi",
                   behaviour="Di Atas Ekspektasi", rating="Sangat Baik")
    rows[1].update(period="Triwulan I", score="95,0", rating="")
    rows[2].update(period="tw-1", year="2025", rating="Butuh-Perbaikan")
    rows.append(dict(rows[2], period="TW 2", work_result="meets", behaviour="below", rating="Kurang/Misconduct"))
    path = tmp_path / "p.csv"
    path.write_text(csv_text(rows, ";"), encoding="utf-8")
    res = load_file(loaded, "appraisals", path, lang="en")
    assert res.status == "loaded", res.errors
    got = loaded.execute("select nip, year, period, rating, score from appraisals order by nip, year, period").fetchall()
    assert ("199005122015032002", 2024, "Y", "sangat_baik", 112.5) in got
    # rating left empty is derived from the matrix (meets/meets -> baik)
    assert ("199005122015032002", 2025, "Q1", "baik", 95.0) in got
    assert ("198503152010011004", 2025, "Q1", "butuh_perbaikan", 78.0) in got
    assert ("198503152010011004", 2025, "Q2", "kurang", 78.0) in got


def test_region_code_without_dots(store, tmp_path):
    rows = copy.deepcopy(AGENCIES)
    rows[0]["region_code"] = "7271"
    rows[3]["region_code"] = "170709"
    assert load_file(store, "agencies", write_csv(tmp_path / "a.csv", rows)).status == "loaded"
    assert store.execute("select region_code from agencies order by agency_code").fetchall() == [
        ("17.07.09",), ("53.71",), ("72.71",), ("72.71",)]


def test_xlsx_first_sheet_with_excel_dates_and_numbers(with_agencies, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    header = list(ROWS["employees"][0])
    ws.append(header)
    for r in ROWS["employees"]:
        cells = []
        for k in header:
            v = r[k]
            if k.endswith("_date") or k.endswith("_since"):
                v = datetime.fromisoformat(v) if v else None
            cells.append(v)
        ws.append(cells)
    ws.append([None] * len(header))  # an empty row at the end is ignored
    wb.create_sheet("Catatan").append(["this sheet is ignored"])
    path = tmp_path / "pegawai.xlsx"
    wb.save(path)
    res = load_file(with_agencies, "employees", path, lang="en")
    assert res.status == "loaded", res.errors
    assert res.rows_inserted == 4


def test_xlsx_errors_name_the_sheet_row(with_agencies, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    header = list(ROWS["employees"][0])
    ws.append(header)
    ws.append([None] * len(header))  # blank sheet row 2 is skipped, numbering stays the sheet's
    for r in ROWS["employees"]:
        ws.append([r[k] for k in header])
    ws.cell(row=4, column=header.index("education") + 1, value="s9")
    path = tmp_path / "pegawai.xlsx"
    wb.save(path)
    res = load_file(with_agencies, "employees", path, lang="en")
    assert [(e.row, e.column, e.value, e.rule) for e in res.errors] == [(4, "education", "s9", "enum")]


def test_unknown_column_is_a_warning(with_agencies, tmp_path):
    rows = copy.deepcopy(ROWS["employees"])
    for r in rows:
        r["hobi"] = "catur"
    res = load_file(with_agencies, "employees", write_csv(tmp_path / "e.csv", rows), lang="en")
    assert res.status == "loaded"
    assert [(w.row, w.column, w.rule) for w in res.warnings] == [(1, "hobi", "unknown_column")]
    assert "1 unknown columns, ignored: hobi" in res.warnings[0].message


def test_optional_columns_may_be_absent(with_agencies, tmp_path):
    rows = [{k: v for k, v in r.items() if k not in ("position_title", "position_since", "supervisor_nip")}
            for r in ROWS["employees"]]
    res = load_file(with_agencies, "employees", write_csv(tmp_path / "e.csv", rows))
    assert res.status == "loaded" and res.rows_inserted == 4


def test_blank_lines_keep_line_numbers(with_agencies, tmp_path):
    text = csv_text(ROWS["employees"])
    lines = text.splitlines()
    lines.insert(2, "")  # a blank line 3
    lines[3] = lines[3].replace(",s1,", ",s9,", 1)  # line 4 is broken
    path = tmp_path / "e.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    res = load_file(with_agencies, "employees", path, lang="en")
    assert [(e.row, e.rule) for e in res.errors] == [(4, "enum")]
