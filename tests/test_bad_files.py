"""Files that are not what they should be: each is refused with a clear message and changes nothing."""
from __future__ import annotations

import copy

import pytest

from analytics.loader import load_file
from analytics.settings import Settings
from tests.conftest import ROWS, csv_text, snapshot, write_csv


def _load(con, path, dataset="employees", **kw):
    before = snapshot(con)
    res = load_file(con, dataset, path, lang="en", **kw)
    assert res.status == "rejected"
    assert snapshot(con) == before
    return res


def test_empty_file(loaded, tmp_path):
    p = tmp_path / "empty.csv"
    p.write_bytes(b"")
    res = _load(loaded, p)
    assert [(e.rule, e.message) for e in res.errors] == [("file_empty", "The file is empty.")]


def test_header_only(loaded, tmp_path):
    p = tmp_path / "header.csv"
    p.write_text(csv_text(ROWS["employees"]).splitlines()[0] + "\n")
    res = _load(loaded, p)
    assert [e.rule for e in res.errors] == ["file_no_rows"]


def test_binary_file(loaded, tmp_path):
    p = tmp_path / "photo.csv"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 10)
    res = _load(loaded, p)
    assert [e.rule for e in res.errors] == ["file_binary"]


def test_ragged_rows_all_reported_with_lines(loaded, tmp_path):
    lines = csv_text(ROWS["employees"]).splitlines()
    lines[2] = lines[2].rsplit(",", 2)[0]  # line 3: two fields short
    lines[4] = lines[4] + ",extra"  # line 5: one field too many
    p = tmp_path / "ragged.csv"
    p.write_text("\n".join(lines) + "\n")
    res = _load(loaded, p)
    assert [(e.row, e.rule) for e in res.errors] == [(3, "csv_missing_columns"), (5, "csv_too_many_columns")]
    assert "expected 15 found 13" in res.errors[0].message


def test_unclosed_quote(loaded, tmp_path):
    lines = csv_text(ROWS["employees"]).splitlines()
    lines[3] = lines[3].replace("Ani Lestari", '"Ani Lestari')
    p = tmp_path / "quote.csv"
    p.write_text("\n".join(lines) + "\n")
    res = _load(loaded, p)
    assert [(e.row, e.rule) for e in res.errors] == [(4, "csv_unclosed_quote")]


def test_file_for_the_wrong_dataset(loaded, tmp_path):
    p = write_csv(tmp_path / "appraisals.csv", ROWS["appraisals"])
    res = _load(loaded, p, dataset="employees")
    assert res.errors[0].rule == "wrong_dataset"
    assert res.errors[0].message == "This file looks like 'appraisals' data, not 'employees'."
    assert {e.column for e in res.errors if e.rule == "header_missing"} >= {"name", "gender", "birth_date"}


def test_missing_required_column_named(loaded, tmp_path):
    rows = [{k: v for k, v in r.items() if k != "kind"} for r in ROWS["agencies"]]
    res = _load(loaded, write_csv(tmp_path / "a.csv", rows), dataset="agencies")
    assert [(e.row, e.column, e.rule, e.message) for e in res.errors] == [
        (1, "kind", "header_missing", "Required column 'kind' (jenis) is missing from the header row.")]


def test_duplicate_header(loaded, tmp_path):
    text = csv_text(ROWS["agencies"], header=["agency_code", "nama", "short_name", "region_code", "kind"])
    text = text.replace("short_name", "name", 1)
    p = tmp_path / "a.csv"
    p.write_text(text)
    res = _load(loaded, p, dataset="agencies")
    assert [e.rule for e in res.errors] == ["header_duplicate"]


def test_file_over_the_limit_is_refused_before_it_is_read(loaded, tmp_path, monkeypatch):
    p = tmp_path / "huge.csv"
    with p.open("wb") as f:  # a sparse 300 MB file: costs no disk, and must not be read
        f.truncate(300 * 1024 * 1024)
    opened = []
    real_open = type(p).open

    def spy(self, *a, **k):
        opened.append(self)
        return real_open(self, *a, **k)

    monkeypatch.setattr(type(p), "open", spy)
    monkeypatch.setattr(type(p), "read_bytes", lambda self: pytest.fail("file was read"))
    res = _load(loaded, p)
    assert [(e.rule, e.message) for e in res.errors] == [
        ("file_too_large", "The file is 300 MB, over the 200 MB limit; it was not read.")]
    assert p not in opened


def test_limit_is_a_setting(loaded, tmp_path):
    p = write_csv(tmp_path / "e.csv", ROWS["employees"])
    res = _load(loaded, p, settings=Settings(max_file_mb=0))
    assert res.errors[0].rule == "file_too_large"


def test_unknown_encoding(loaded, tmp_path):
    # 0x81 is undefined in Windows-1252 and invalid in UTF-8
    p = tmp_path / "e.csv"
    p.write_bytes(csv_text(ROWS["employees"]).encode().replace(b"Ani", b"A\x81i"))
    res = _load(loaded, p)
    assert [e.rule for e in res.errors] == ["file_encoding"]


def test_damaged_xlsx(loaded, tmp_path):
    p = tmp_path / "e.xlsx"
    p.write_bytes(b"PK\x03\x04" + b"not really a zip" * 10)
    res = _load(loaded, p)
    assert res.errors[0].rule == "xlsx_unreadable"
    assert res.errors[0].message.startswith("The Excel file cannot be read: ")


def test_error_list_is_capped_and_says_so(loaded, tmp_path):
    rows = [copy.deepcopy(ROWS["agency_ratings"][0]) for _ in range(30)]
    for i, r in enumerate(rows):
        r["year"] = f"x{i}"
    res = _load(loaded, write_csv(tmp_path / "r.csv", rows), dataset="agency_ratings",
                settings=Settings(max_errors_listed=10))
    assert res.error_count == 30
    assert len(res.errors) == 11
    assert res.errors[-1].rule == "errors_truncated"
    assert res.errors[-1].message == "20 more errors not listed; fix those above and load again."


def test_unknown_dataset(loaded, tmp_path):
    res = load_file(loaded, "gaji", write_csv(tmp_path / "x.csv", ROWS["agencies"]), lang="en")
    assert res.status == "rejected" and res.errors[0].rule == "unknown_dataset"


def test_wrong_dataset_named_in_indonesian(store, tmp_path):
    from analytics.loader import load_file
    from tests.conftest import ROWS, write_csv

    res = load_file(store, "employees", write_csv(tmp_path / "p.csv", ROWS["appraisals"]), user="t", lang="id")
    assert res.errors[0].message == "Berkas ini tampaknya berisi data 'Penilaian kinerja', bukan 'Pegawai'."


@pytest.mark.parametrize("step", [1, 3, 7, 64, 1 << 24])
def test_counting_a_byte_per_line_equals_counting_it_line_by_line(step):
    """reading._per_line, which the check of row widths reads (the delimiters and quotes of each line), against
    Python counting line by line: random texts with empty lines, carriage returns, lines longer than a block, a
    last line with and without its newline, and a line over the 2-byte cap."""
    import random

    import numpy as np

    from analytics.reading import Lines, _per_line

    rng = random.Random(7)
    texts = [b"a,b\n", b",", b"\n", b",,\n\n,\r\n", b"a" * 50 + b",\n" + b"," * 40, b"," * 40000 + b"\nx,y\n"]
    for _ in range(200):
        texts.append(bytes(rng.choice(b",,ab\n\r\"") for _ in range(rng.randint(1, 120))))
    for data in texts:
        lines = Lines.of(data)
        got = _per_line(np.frombuffer(data, dtype=np.uint8), lines, ord(","), step=step)
        parts = data.split(b"\n")
        if data.endswith(b"\n"):
            parts = parts[:-1]
        assert list(got) == [min(p.count(b","), 32767) for p in parts], data


def test_errors_name_their_line_in_a_file_read_in_parallel(loaded, tmp_path):
    """A file large enough for DuckDB to read in parallel (80,000 rows, about 10 MB), every row with its own bad
    birth date, BAD<n> on record n: each error names the line that holds its value, with blank lines and a short
    row among them too. (Session 23 parsed the cells in the statement that read the file: an IN list of five or
    more values, as the enumerations' checks hold, is planned as a join, and the table's rows, whose rowid gave the
    line, came out in another order: BAD42702, on line 42704, was reported at line 1622.)"""
    template = ROWS["employees"][0]
    header = list(template)
    rows, lines = [], {}
    for n in range(80_000):
        row = {**template, "nip": f"198001012005{n:06d}", "name": f"Pegawai {n}", "birth_date": f"BAD{n}"}
        rows.append(",".join(str(row[h]) for h in header))
    text_lines = [",".join(header)]
    for n, row in enumerate(rows):
        if n in (25_000, 70_000):
            text_lines.append("")  # a blank line: the reader skips it, the lines after it move on by one
        if n == 40_000:
            text_lines.append("a,b")  # a short row: refused by the reader, named with its own line
        text_lines.append(row)
        lines[f"BAD{n}"] = len(text_lines)
    path = tmp_path / "pegawai.csv"
    path.write_text("\n".join(text_lines) + "\n", encoding="utf-8")
    assert path.stat().st_size > 8 * 2**20
    res = load_file(loaded, "employees", path, lang="en", dry_run=True,
                    settings=Settings(max_errors_listed=2_000_000))
    dates = [e for e in res.errors if e.column == "birth_date" and e.rule == "format_date"]
    assert len(dates) == 80_000
    wrong = [(e.value, e.row, lines[e.value]) for e in dates if e.row != lines[e.value]]
    assert not wrong, wrong[:5]
    assert any(e.rule == "csv_missing_columns" and e.row == lines["BAD40000"] - 1 for e in res.errors)
