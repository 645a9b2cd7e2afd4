"""Issue 18: each class of defect found by attacking the product, with the test that fails on the code before it
and passes now. The public page's differencing (1) is in test_public.py, the fuzzing of the loader in
test_fuzz_loader.py, the escaping of names in pages (13) in test_app.py."""
from __future__ import annotations

import io
import json
import os
import threading
import time
import zipfile
from pathlib import Path

import duckdb
import openpyxl
import pytest

from analytics import cases, db, derived, users
from analytics.casefile import case_tables
from analytics.cli import main
from analytics.loader import load_file
from analytics.scope import Scope
from tests.conftest import ROWS, csv_text, snapshot, write_csv

ROOT = Path(__file__).resolve().parent.parent


def _rejected(con, path, dataset="employees", **kw):
    before = snapshot(con)
    res = load_file(con, dataset, path, lang="en", **kw)
    assert res.status == "rejected", res
    assert snapshot(con) == before
    return res


def _refused_lines(con, tmp_path, data: bytes, dataset: str = "agencies") -> list[tuple[int | None, str]]:
    """Write `data` to a file, load it (it must be refused, changing nothing): (row, rule) of each error."""
    p = tmp_path / "refused.csv"
    p.write_bytes(data)
    return [(e.row, e.rule) for e in _rejected(con, p, dataset).errors]


def _cli(capsys, *args) -> tuple[int, dict]:
    code = main(list(args))
    out = capsys.readouterr().out
    return code, json.loads(out)


# --- 2. every physical line accounted for -------------------------------------------------------------------

def test_a_row_over_32_mb_is_an_error_with_its_line_not_dropped(loaded, tmp_path):
    text = csv_text(ROWS["agencies"]).splitlines()
    big = "72.71.BIG,Dinas " + "X" * (40 * 1024 * 1024) + ",Big,72.71,dinas"
    p = tmp_path / "big.csv"
    p.write_text("\n".join(text[:3] + [big] + text[3:]) + "\n")
    res = _rejected(loaded, p, "agencies")
    assert [(e.row, e.rule) for e in res.errors] == [(4, "line_too_long")]
    alone = tmp_path / "alone.csv"
    alone.write_text(text[0] + "\n" + "72.71.BIG," + "Y" * (33 * 1024 * 1024) + ",B,72.71,dinas\n")
    res = _rejected(loaded, alone, "agencies")
    assert [(e.row, e.rule) for e in res.errors] == [(2, "line_too_long")]
    assert "KB" in res.errors[0].message


# --- 3. a path that is not a database of this product ---------------------------------------------------------

def test_db_pointing_at_a_csv_is_refused_and_nothing_is_written_beside_it(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    data = write_csv(tmp_path / "agencies.csv", ROWS["agencies"])
    code, out = _cli(capsys, "--db", str(data), "load", "agencies", str(data))
    assert code == 2 and out["status"] == "database_error" and out["code"] == "not_a_database"
    assert "agencies.csv" in out["error"] and "Pantau Kinerja" in out["error"]
    assert not (tmp_path / "raw").exists() and data.read_text() == csv_text(ROWS["agencies"])
    code, out = _cli(capsys, "--db", str(data), "init")
    assert code == 2 and out["code"] == "not_a_database"


def test_raw_files_never_fall_back_to_the_working_directory():
    con = duckdb.connect()
    with pytest.raises(db.StoreError):
        db.raw_dir(con)


# --- 4. two loads at once ----------------------------------------------------------------------------------

def test_two_loads_of_one_file_at_once_store_each_key_once(loaded, tmp_path):
    ratings = [{"agency_code": a["agency_code"], "year": str(y), "org_rating": "baik"}
               for a in ROWS["agencies"] for y in range(2015, 2024)]
    path = write_csv(tmp_path / "ratings.csv", ratings)
    results, errors = [], []
    start = threading.Barrier(2)

    def run():
        try:
            start.wait()
            results.append(load_file(loaded, "agency_ratings", path, user="a"))
        except BaseException as exc:  # the test fails on any exception, not only duplicates
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    assert sorted(r.status for r in results) == ["loaded", "unchanged"]
    keys = loaded.execute("select count(*), count(distinct (agency_code, year)) from agency_ratings").fetchone()
    assert keys[0] == keys[1] == len(ratings) + len(ROWS["agency_ratings"])


def test_the_database_itself_refuses_a_second_row_for_a_key(loaded):
    row = loaded.execute("select * from employees limit 1").fetchall()[0]
    with pytest.raises(duckdb.ConstraintException):
        loaded.execute(f"insert into employees values ({', '.join('?' * len(row))})", list(row))
    for name in ("agencies", "agency_ratings", "employees", "appraisals", "complaints", "promotions"):
        keys = loaded.execute(f"select count(*) from duckdb_constraints() where table_name = '{name}' "
                              "and constraint_type = 'PRIMARY KEY'").fetchone()[0]
        assert keys == 1, name


def test_the_migration_keeps_the_latest_of_twin_rows(tmp_path):
    """A database written before the keys were declared, with one key twice (as two loads at once left it)."""
    p = tmp_path / "old.duckdb"
    con = duckdb.connect(str(p))
    con.execute("create table schema_meta (version integer not null); insert into schema_meta values (0)")
    for step in db.MIGRATIONS[:3]:
        step(con)
    con.execute("update schema_meta set version = 3")
    con.execute("insert into agency_ratings values ('A', 2024, 'baik', 1), ('A', 2024, 'istimewa', 2), "
                "('B', 2024, 'baik', 1)")
    con.close()
    con = db.connect(p)
    assert con.execute("select agency_code, org_rating, _batch_id from agency_ratings order by 1").fetchall() == [
        ("A", "istimewa", 2), ("B", "baik", 1)]
    assert con.execute("select agency_code, org_rating, _superseded_by from agency_ratings_history").fetchall() == [
        ("A", "baik", 2)]


# --- 5. xlsx bombs ---------------------------------------------------------------------------------------

def _xlsx(tmp_path, name: str, sheet_xml: bytes, shared: bytes | None = None) -> Path:
    wb = openpyxl.Workbook()
    wb.active.append(["agency_code", "name"])
    buf = io.BytesIO()
    wb.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = tmp_path / name
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = sheet_xml
            z.writestr(info.filename, data)
        if shared is not None:
            z.writestr("xl/sharedStrings.xml", shared)
    return out


def test_an_xlsx_declaring_every_cell_is_refused_at_once(loaded, tmp_path):
    sheet = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
             b'spreadsheetml/2006/main"><dimension ref="A1:XFD1048576"/><sheetData><row r="1"><c r="A1" t="inlineStr">'
             b'<is><t>agency_code</t></is></c></row></sheetData></worksheet>')
    p = _xlsx(tmp_path, "bomb.xlsx", sheet)
    assert p.stat().st_size < 10_000
    started = time.monotonic()
    res = _rejected(loaded, p, "agencies")
    assert time.monotonic() - started < 5
    assert [e.rule for e in res.errors] == ["header_too_wide"] and "16,384" in res.errors[0].message


def test_an_xlsx_unpacking_to_gigabytes_is_refused_before_it_is_read(loaded, tmp_path):
    shared = (b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
              + b"<si><t>" + b"A" * (300 * 1024 * 1024) + b"</t></si></sst>")
    sheet = (b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             b'<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>')
    p = _xlsx(tmp_path, "strings.xlsx", sheet, shared)
    assert p.stat().st_size < 2 * 1024 * 1024
    started = time.monotonic()
    res = _rejected(loaded, p, "agencies")
    assert time.monotonic() - started < 5
    assert [e.rule for e in res.errors] == ["xlsx_too_large"] and "sharedStrings" in res.errors[0].message


def test_a_sheet_without_a_dimension_is_not_parsed_whole_before_the_bounds(loaded, tmp_path):
    """openpyxl parsed a whole sheet that declares no dimension before the first row (5.8 s for 2,000 rows of
    600 columns): the dimension is supplied, and the too-wide first row is refused at once."""
    rows = b"".join(b'<row r="%d">' % i + b"".join(b'<c t="inlineStr"><is><t>%d</t></is></c>' % (i * j)
                                                    for j in range(600)) + b"</row>" for i in range(1, 2001))
    p = _xlsx(tmp_path, "wide.xlsx", b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
              b'spreadsheetml/2006/main"><sheetData>' + rows + b"</sheetData></worksheet>")
    started = time.monotonic()
    res = _rejected(loaded, p, "agencies")
    assert time.monotonic() - started < 3
    assert [e.rule for e in res.errors] == ["xlsx_row_too_wide"]


def test_the_preview_reads_an_xlsx_bomb_within_the_same_bounds(tmp_path):
    from analytics import reading

    sheet = (b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             b'<dimension ref="A1:XFD1048576"/><sheetData/></worksheet>')
    started = time.monotonic()
    assert reading.preview(_xlsx(tmp_path, "bomb.xlsx", sheet)) is None
    assert time.monotonic() - started < 5


# --- 6. headers wider than any dataset ----------------------------------------------------------------------

@pytest.mark.parametrize("columns", [100_000, 1_000_000])
def test_a_header_of_very_many_columns_is_refused_first(loaded, tmp_path, columns):
    p = tmp_path / "wide.csv"
    p.write_text(",".join(f"c{i}" for i in range(columns)) + "\n1,2\n")
    started = time.monotonic()
    res = _rejected(loaded, p, "agencies")
    assert time.monotonic() - started < 10
    assert [e.rule for e in res.errors] == ["header_too_wide"] and not res.warnings


# --- 7. disabled means disabled ---------------------------------------------------------------------------------

def test_a_disabled_account_cannot_sign_in_through_single_sign_on(loaded):
    users.add_user(loaded, "ani@pemda.go.id", "leader", password=None, region="72.71")
    roles = {"ani@pemda.go.id": {"role": "admin"}}
    assert users.sso_user(loaded, "ani@pemda.go.id", roles).role == "leader"
    users.disable_user(loaded, "ani@pemda.go.id", by="admin")
    assert users.sso_user(loaded, "ani@pemda.go.id", roles) is None
    assert users.sso_user(loaded, "Ani@Pemda.go.id", roles) is None   # nor under another case


# --- 8. the case file stays in the reader's scope -------------------------------------------------------------

def test_the_case_file_of_an_employee_who_moved_stays_in_scope(loaded, tmp_path):
    """Siti moved from Kota Palu (72.71) to Kota Kupang (53.71): a Kupang inspector's case file of her Kupang
    promotion shows neither her Palu promotions nor the Palu approver."""
    loaded.execute("update employees set agency_code = '53.71.DISDUKCAPIL' where nip = '199005122015032002'")
    loaded.execute("insert into promotions values ('KP-2025-0099', '199005122015032002', 'rank_regular', "
                   "'2025-04-01', 'III/c', 'III/d', null, null, null, '53.71.DISDUKCAPIL', '198503152010011004', "
                   "null, null, 1)")
    kupang = Scope(regions=("53.71",), personal_data=True)
    tables = case_tables(loaded, kupang, "KP-2025-0099", [], [])
    assert list(tables["promotions"]["promotion_id"]) == ["KP-2025-0099"]
    assert tables["promotion"]["approver_name"].iloc[0] == "Yohanes Nggadas"   # the Kupang approver, in scope
    assert case_tables(loaded, kupang, "KP-2023-0001", [], []) == {}            # the Palu promotion: nothing
    # A Palu promotion approved by someone in Kupang: a Palu inspector sees the NIP, not the name.
    loaded.execute("update promotions set approver_nip = '198503152010011004' where promotion_id = 'KP-2023-0001'")
    loaded.execute("update employees set agency_code = '72.71.DINKES' where nip = '199005122015032002'")
    palu = Scope(regions=("72.71",), personal_data=True)
    head = case_tables(loaded, palu, "KP-2023-0001", [], [])["promotion"]
    assert head["approver_nip"].iloc[0] == "198503152010011004" and head["approver_name"].isna().all()
    assert cases.person(loaded, palu, "198503152010011004") is None


# --- 9. no traceback: the database's states, said plainly ---------------------------------------------------------

def _states(tmp_path) -> dict[str, Path]:
    good = tmp_path / "good.duckdb"
    derived.connect(good).close()
    newer = tmp_path / "newer.duckdb"
    derived.connect(newer).close()
    raw = duckdb.connect(str(newer))
    raw.execute("update schema_meta set version = 99")
    raw.close()
    truncated = tmp_path / "truncated.duckdb"
    truncated.write_bytes(good.read_bytes()[:5000])
    corrupt = tmp_path / "corrupt.duckdb"
    data = bytearray(good.read_bytes())
    data[4096:8192] = b"\xff" * 4096
    corrupt.write_bytes(bytes(data))
    folder = tmp_path / "folder.duckdb"
    folder.mkdir()
    return {"newer_schema": newer, "corrupt": truncated, "corrupt2": corrupt, "is_directory": folder}


def test_each_database_state_is_said_by_the_command_line(tmp_path, capsys):
    for expected, path in _states(tmp_path).items():
        code, out = _cli(capsys, "--db", str(path), "--lang", "en", "batches")
        assert code == 2 and out["status"] == "database_error", (expected, out)
        assert out["code"] == expected.rstrip("2") or (expected == "corrupt2" and out["code"] in (
            "corrupt", "other_version", "not_a_database")), (expected, out)
        assert "Traceback" not in out["error"] and str(path) in out["error"]


def test_a_read_only_database_still_lists_its_batches(tmp_path, capsys, monkeypatch):
    """A file this user may not write (os.access says so; root may write any file, so it is stood in for):
    reading commands open it read-only, writing ones say why they cannot."""
    p = tmp_path / "ro.duckdb"
    derived.connect(p).close()
    real = os.access
    monkeypatch.setattr(os, "access", lambda path, mode: False if Path(path) == p and mode == os.W_OK
                        else real(path, mode))
    code, out = _cli(capsys, "--db", str(p), "batches")
    assert code == 0 and out == {"batches": []}
    code, out = _cli(capsys, "--db", str(p), "undo", "1")
    assert code == 2 and out["code"] == "read_only_file" and "KINERJA_READ_ONLY" in out["error"]


def test_a_read_only_file_is_named_as_such(tmp_path, monkeypatch):
    p = tmp_path / "k.duckdb"
    derived.connect(p).close()
    monkeypatch.setattr(os, "access", lambda path, mode: False)
    with pytest.raises(db.StoreError) as caught:
        derived.connect(p)
    assert caught.value.code == "read_only_file"


def test_an_impossible_year_is_a_usage_error(loaded, tmp_path, capsys):
    code, out = _cli(capsys, "--db", str(tmp_path / "kinerja.duckdb"), "report", "ratings", "--year", "99999999999")
    assert code == 2 and out["status"] == "usage_error" and "1900" in out["error"]


def test_no_traceback_reaches_a_reader_for_any_database_state(tmp_path, monkeypatch):
    from tests.test_app import APP, signed_in

    for expected, path in _states(tmp_path).items():
        monkeypatch.setenv("KINERJA_DB", str(path))
        at = signed_in("leader", "53.71")
        at.run()
        assert not at.exception, expected
        assert at.error and "Traceback" not in at.error[0].value and str(path) in at.error[0].value, expected
    config = (ROOT / ".streamlit" / "config.toml").read_text()
    assert 'showErrorDetails = "none"' in config
    assert APP


# --- 10. the generator's loads are not uploads ------------------------------------------------------------------

def test_the_demo_is_not_held_to_the_upload_limit(tmp_path, capsys, monkeypatch):
    settings = tmp_path / "kinerja.toml"
    settings.write_text("max_file_mb = 1\n")
    monkeypatch.setenv("KINERJA_SETTINGS", str(settings))
    code, out = _cli(capsys, "--db", str(tmp_path / "demo.duckdb"), "init", "--demo", "--employees", "2000")
    assert code == 0, out
    assert all(d["status"] == "loaded" for d in out["demo"].values())


# --- 11, 12, 14. encodings, NUL bytes, invisible text, quotes --------------------------------------------------

def test_mixed_encodings_are_refused_naming_the_first_bad_line(loaded, tmp_path):
    text = csv_text(ROWS["agencies"]).replace("Dinas Kesehatan", "Dinas Kesehatan Café")
    lines = text.encode("utf-8").split(b"\n")
    lines[3] = lines[3].replace(b"Dinas", "Dinas Caf\u00e9".encode("cp1252"))
    assert _refused_lines(loaded, tmp_path, b"\n".join(lines)) == [(4, "file_mixed_encoding")]


def test_a_windows_1252_file_is_read_and_said_so(store, tmp_path):
    rows = [dict(ROWS["agencies"][0], name="Dinas Café")]
    p = tmp_path / "cp1252.csv"
    p.write_bytes(csv_text(rows).encode("cp1252"))
    res = load_file(store, "agencies", p, lang="en")
    assert res.status == "loaded"
    assert [w.rule for w in res.warnings] == ["file_encoding_used"] and "Windows-1252" in res.warnings[0].message
    assert store.execute("select name from agencies").fetchone()[0] == "Dinas Café"


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le"])
def test_utf16_is_read_not_called_binary(store, tmp_path, codec):
    p = tmp_path / "u16.csv"
    p.write_bytes(csv_text([dict(ROWS["agencies"][0], name="Dinas Café")]).encode(codec))
    res = load_file(store, "agencies", p, lang="en")
    assert res.status == "loaded", res.errors
    assert "UTF-16" in res.warnings[0].message


def test_nul_bytes_are_refused_wherever_they_are(loaded, tmp_path):
    rows = [dict(ROWS["agencies"][0], agency_code=f"72.71.X{i:04d}") for i in range(2000)]
    text = csv_text(rows)
    assert len(text) > 65536
    for at in (100, len(text) - 50):
        p = tmp_path / f"nul{at}.csv"
        p.write_bytes(text[:at].encode() + b"\x00" + text[at:].encode())
        res = _rejected(loaded, p, "agencies")
        assert [e.rule for e in res.errors] == ["file_binary"]
        assert res.errors[0].row == text[:at].count("\n") + 1


def test_a_name_of_only_invisible_characters_is_missing(loaded, tmp_path):
    rows = [dict(ROWS["agencies"][0], name="\u200b\u200c\u00a0 \ufeff")]
    res = _rejected(loaded, write_csv(tmp_path / "zw.csv", rows), "agencies")
    assert [(e.row, e.column, e.rule) for e in res.errors] == [(2, "name", "required")]


def test_an_unclosed_quote_shows_its_own_line(loaded, tmp_path):
    lines = csv_text(ROWS["agencies"]).splitlines()
    lines[2] = lines[2].replace("Badan", '"Badan', 1)
    p = tmp_path / "q.csv"
    p.write_text("\n".join(lines) + "\n")
    res = _rejected(loaded, p, "agencies")
    unclosed = [e for e in res.errors if e.rule == "csv_unclosed_quote"]
    assert unclosed and unclosed[0].row == 3 and unclosed[0].value == lines[2]


def test_an_orphan_raw_file_is_removed_at_the_next_start(tmp_path):
    p = tmp_path / "k.duckdb"
    con = derived.connect(p)
    path = write_csv(tmp_path / "agencies.csv", ROWS["agencies"])
    assert load_file(con, "agencies", path).status == "loaded"
    con.close()
    raw = tmp_path / "raw"
    kept = sorted(raw.iterdir())
    orphan = raw / "k.duckdb.000002_0123456789ab_agencies.csv"  # as a load killed before its commit leaves it
    orphan.write_text("x")
    # Another database in the same folder, and a file kept before files were named by database: not ours.
    other = raw / "other.duckdb.000001_0123456789ab_agencies.csv"
    legacy = raw / "000003_0123456789ab_agencies.csv"
    other.write_text("y")
    legacy.write_text("z")
    derived.connect(p).close()
    assert sorted(raw.iterdir()) == sorted(kept + [other, legacy])
    derived.connect(tmp_path / "second.duckdb").close()  # opening a second database removes none of them
    assert sorted(raw.iterdir()) == sorted(kept + [other, legacy])


def test_stale_uploads_are_swept(tmp_path, monkeypatch):
    from ui.views import upload

    monkeypatch.setattr(upload, "UPLOADS", tmp_path / "uploads")
    old = upload.stage(b"a,b\n", "old.csv")
    new = upload.stage(b"c,d\n", "new.csv")
    past = time.time() - (upload.STALE_HOURS + 1) * 3600
    os.utime(old.folder, (past, past))
    assert upload.sweep() == 1
    assert not Path(old.folder).exists() and Path(new.path).exists()


def test_secrets_are_never_committed():
    ignored = (ROOT / ".gitignore").read_text().split()
    assert ".streamlit/secrets.toml" in ignored


# --- The review's second round (attacks on the fixes above) ----------------------------------------------------

def test_an_old_mac_csv_with_carriage_returns_only_is_read(store, tmp_path):
    p = tmp_path / "cr.csv"
    p.write_bytes(csv_text(ROWS["agencies"]).replace("\n", "\r").encode())
    res = load_file(store, "agencies", p, lang="en")
    assert res.status == "loaded" and res.rows_in_file == len(ROWS["agencies"])


def test_a_lone_carriage_return_among_newlines_is_named(loaded, tmp_path):
    lines = csv_text(ROWS["agencies"]).splitlines()
    lines[2] = lines[2].replace("Badan", "Ba\rdan")
    assert _refused_lines(loaded, tmp_path, ("\n".join(lines) + "\n").encode()) == [(3, "line_lone_cr")]


def test_a_nul_inside_utf16_text_is_refused(loaded, tmp_path):
    rows = [dict(ROWS["agencies"][0], name="Dinas B\x00X")]
    assert _refused_lines(loaded, tmp_path, csv_text(rows).encode("utf-16")) == [(2, "file_binary")]


def test_utf8_appended_to_a_utf16_file_is_refused_not_stored_as_garbage(loaded, tmp_path):
    text = csv_text(ROWS["agencies"][:2]).rstrip("\n")
    tail = "\n99.CCC,Dinas Café,C,72.71,dinas\n".encode("utf-8")
    if len(tail) % 2:
        tail += b"\n"
    p = tmp_path / "mixed16.csv"
    p.write_bytes(text.encode("utf-16") + tail)
    res = _rejected(loaded, p, "agencies")
    assert [e.rule for e in res.errors] in (["file_mixed_encoding"], ["file_encoding"])


def test_utf16_of_non_latin_text_without_its_mark_is_read_as_utf16(store, tmp_path):
    rows = [dict(ROWS["agencies"][0], name="Динас Кесехатан")]
    p = tmp_path / "u16.csv"
    p.write_bytes(csv_text(rows).encode("utf-16-le"))
    res = load_file(store, "agencies", p, lang="en")
    assert res.status == "loaded" and "UTF-16" in res.warnings[0].message


def test_a_million_short_lines_are_refused_before_the_csv_reader(loaded, tmp_path):
    """DuckDB's reader took 13-18 s and 3.5-4 GB for a million malformed rows (2 MB of file)."""
    p = tmp_path / "short.csv"
    p.write_bytes(csv_text(ROWS["agencies"]).splitlines()[0].encode() + b"\n" + b"a\n" * 1_000_000)
    started = time.monotonic()
    res = _rejected(loaded, p, "agencies")
    assert time.monotonic() - started < 5
    assert res.error_count == 1_000_000 and res.errors[0].row == 2 and res.errors[0].rule == "csv_missing_columns"
    assert res.errors[-1].rule == "errors_truncated"
    quoted = tmp_path / "quoted.csv"
    quoted.write_bytes(csv_text(ROWS["agencies"]).splitlines()[0].encode() + b"\n" + b'"a"\n' * 200_000)
    res = _rejected(loaded, quoted, "agencies")
    assert res.error_count == 200_000


def test_an_xlsx_row_of_millions_of_empty_cells_is_refused_from_the_zip(loaded, tmp_path):
    row = b'<row r="2">' + b"".join(b'<c s="%d"/>' % i for i in range(2_000_000)) + b"</row>"
    p = _xlsx(tmp_path, "row.xlsx", b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
              b'spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>agency_code</t></is>'
              b'</c></row>' + row + b"</sheetData></worksheet>")
    started = time.monotonic()
    res = _rejected(loaded, p, "agencies")
    assert time.monotonic() - started < 3
    assert [e.rule for e in res.errors] == ["xlsx_row_too_wide"]


def test_too_many_shared_strings_are_refused_from_the_zip(loaded, tmp_path, monkeypatch):
    from analytics import reading

    monkeypatch.setattr(reading, "XLSX_MAX_STRINGS", 1000)
    shared = (b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
              + b"".join(b"<si><t>s%d</t></si>" % i for i in range(1001)) + b"</sst>")
    sheet = (b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             b'<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>')
    res = _rejected(loaded, _xlsx(tmp_path, "s.xlsx", sheet, shared), "agencies")
    assert [e.rule for e in res.errors] == ["xlsx_too_large"] and "1,001 shared strings" in res.errors[0].message


def test_cli_arguments_the_demo_cannot_take_are_usage_errors(tmp_path, capsys):
    for args in (["--employees", "150"], ["--seed", "-1"]):
        code, out = _cli(capsys, "--db", str(tmp_path / "d.duckdb"), "init", "--demo", *args)
        assert code == 2 and out["status"] == "usage_error", args
    assert _cli(capsys, "--db", str(tmp_path / "d.duckdb"), "init")[0] == 0
    for as_of in ("2025-W01-1", "20250101"):
        code, out = _cli(capsys, "--db", str(tmp_path / "d.duckdb"), "report", "sla", "--as-of", as_of)
        assert code == 2 and "YYYY-MM-DD" in out["error"], as_of


def test_an_upload_with_a_very_long_name_is_staged(tmp_path, monkeypatch):
    from ui.views import upload

    monkeypatch.setattr(upload, "UPLOADS", tmp_path / "uploads")
    staged = upload.stage(b"a,b\n", "x" * 300 + ".csv")
    assert Path(staged.path).read_bytes() == b"a,b\n" and Path(staged.path).name == "upload.csv"
