"""The store: schema by code with a version, the region list, and scope applied in the query."""
from __future__ import annotations

import duckdb
import pytest

from analytics import db, derived
from analytics.datasets import DATASETS
from analytics.reports import Filters, dataset_counts
from analytics.scope import Scope


def test_schema_version_and_idempotent_migration(tmp_path):
    p = tmp_path / "k.duckdb"
    con = derived.connect(p)
    assert db.schema_version(con) == db.SCHEMA_VERSION == 6
    con.close()
    con = derived.connect(p)  # opening again migrates nothing
    assert db.schema_version(con) == db.SCHEMA_VERSION
    assert con.execute("select count(*) from regions").fetchall()[0][0] == 7837


def test_newer_schema_is_refused(tmp_path):
    p = tmp_path / "k.duckdb"
    derived.connect(p).close()
    raw = duckdb.connect(str(p))
    raw.execute("update schema_meta set version = 99")
    raw.close()
    with pytest.raises(db.StoreError, match="newer Pantau Kinerja") as caught:
        derived.connect(p)
    assert caught.value.code == "newer_schema" and "99" in caught.value.message("id")


def test_regions_hierarchy(store):
    rows = dict(((c, (n, lvl, prov, kk)) for c, n, lvl, prov, kk in store.execute(
        "select region_code, name, level, province_code, kabkota_code from regions "
        "where region_code in ('17.07.09', '53.71', '35.78.28', '11', '72.71')").fetchall()))
    assert rows == {
        "11": ("Aceh", "province", "11", None),
        "17.07.09": ("Tubei", "district", "17", "17.07"),
        "35.78.28": ("Asem Rowo", "district", "35", "35.78"),
        "53.71": ("Kota Kupang", "city", "53", "53.71"),
        "72.71": ("Kota Palu", "city", "72", "72.71"),
    }


def test_read_only_connection_needs_existing_file(tmp_path):
    with pytest.raises(db.StoreError) as caught:
        derived.connect(tmp_path / "none.duckdb", read_only=True)
    assert caught.value.code == "not_found"


def _counts(con, scope, **filters):
    return dict(dataset_counts(con, scope, Filters(**filters)).itertuples(index=False))


def test_scope_limits_every_count(loaded):
    everything = _counts(loaded, Scope.unrestricted())
    assert everything == {"agencies": 4, "agency_ratings": 2, "employees": 4, "appraisals": 3,
                          "complaints": 2, "promotions": 2}
    palu = _counts(loaded, Scope(regions=("72.71",)))
    assert palu == {"agencies": 2, "agency_ratings": 2, "employees": 3, "appraisals": 2,
                    "complaints": 1, "promotions": 2}
    # A filter cannot widen the scope: Kupang asked by a Palu reader gives nothing.
    assert _counts(loaded, Scope(regions=("72.71",)), region="53.71")["employees"] == 0
    assert _counts(loaded, Scope(regions=()))["agencies"] == 0
    # A code is matched as a region and what is below it, not as a text prefix: "72.7" is not "72.71".
    assert _counts(loaded, Scope(regions=("72.7",)))["agencies"] == 0
    assert _counts(loaded, Scope(regions=("17", "53")))["agencies"] == 2


def test_filters_are_bound_not_spliced(loaded):
    hostile = "72' or '1'='1"
    assert _counts(loaded, Scope.unrestricted(), region=hostile)["agencies"] == 0
    assert _counts(loaded, Scope.unrestricted(), agency="x'; drop table agencies; --")["agencies"] == 0
    assert loaded.execute("select count(*) from agencies").fetchall()[0][0] == 4


def test_year_and_period_filters(loaded):
    c = _counts(loaded, Scope.unrestricted(), year=2024, period="Y")
    assert (c["appraisals"], c["agency_ratings"], c["complaints"]) == (2, 2, 0)


def _stop_at(monkeypatch, version: int) -> None:
    """Stores opened until monkeypatch.undo() stop at schema `version`, as a program of that version left them."""
    monkeypatch.setattr(db, "MIGRATIONS", db.MIGRATIONS[:version])
    monkeypatch.setattr(db, "SCHEMA_VERSION", version)


def test_a_version_1_store_migrates_to_the_latest(tmp_path, monkeypatch):
    """A database made before reviews and accounts existed gains their tables, and keeps its data."""
    p = tmp_path / "old.duckdb"
    _stop_at(monkeypatch, 1)
    con = derived.connect(p)
    con.execute("insert into batches values (1, 'agencies', 'a.csv', 'x', 0, 0, 0, 0, 0, 'u', now(), null, "
                "'loaded', null, null)")
    con.close()
    monkeypatch.undo()
    con = derived.connect(p)
    assert db.schema_version(con) == db.SCHEMA_VERSION
    assert con.execute("select count(*) from flag_reviews").fetchall() == [(0,)]
    assert con.execute("select count(*) from users").fetchall() == [(0,)]
    assert con.execute("select count(*) from batches").fetchall() == [(1,)]


def test_a_version_4_store_gains_pns_id_and_the_unit_map(tmp_path, monkeypatch):
    """Migration 5 (issue 19): employees and their history keep every row and column, `pns_id` arrives before
    `_batch_id` (the loader writes by position) and empty; the unit map's tables arrive, keyed."""
    p = tmp_path / "old.duckdb"
    _stop_at(monkeypatch, 4)
    con = db.connect(p)
    assert "unor_map" not in {r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()}
    row = ["198703152010012001", "A", "F", "1987-03-15", "2010-01-01", "pns", "s1", "X", "III/a", "2010-01-01",
           "pelaksana", None, None, None, "active"]
    con.execute(f"insert into employees values ({', '.join('?' * len(row))}, 7)", row)
    con.execute(f"insert into employees_history values ({', '.join('?' * len(row))}, 6, 7, now()::timestamp)", row)
    con.execute("insert into batches values (7, 'employees', 'e.csv', 'x', 1, 1, 0, 0, 0, 'Rina (BKPSDM)', "
                "'2026-01-05 10:00', null, 'undone', '2026-01-06 09:00', 'Budi')")
    con.execute("insert into flag_reviews values (1, 'P5', 'RANK_SKIP', 'open', 'under_review', 'n', "
                "'Inspektur Pembantu II', '2026-01-07 08:00')")
    con.close()
    monkeypatch.undo()
    con = db.connect(p)
    assert db.schema_version(con) == db.SCHEMA_VERSION
    cols = [r[0] for r in con.execute("describe employees").fetchall()]
    assert cols[-2:] == ["pns_id", "_batch_id"]
    assert [r[0] for r in con.execute("describe employees_history").fetchall()][-4:] == [
        "pns_id", "_batch_id", "_superseded_by", "_superseded_at"]
    assert con.execute("select nip, status, pns_id, _batch_id from employees").fetchall() == [
        ("198703152010012001", "active", None, 7)]
    assert con.execute("select count(*), min(_superseded_by) from employees_history").fetchall() == [(1, 7)]
    with pytest.raises(duckdb.ConstraintException):  # the key survived the rebuild
        con.execute(f"insert into employees values ({', '.join('?' * len(row))}, null, 8)", row)
    # Who wrote before accounts were recorded: the typed names stay, said as typed, and are in the audit log.
    assert con.execute("select user_name, user_role, user_source from batches").fetchall() == [
        ("Rina (BKPSDM)", None, "typed")]
    assert con.execute("select user_name, user_source from flag_reviews").fetchall() == [
        ("Inspektur Pembantu II", "typed")]
    assert con.execute("select login, source, action, target from audit_log order by id").fetchall() == [
        ("Rina (BKPSDM)", "typed", "load", "7"), ("Budi", "typed", "undo", "7"),
        ("Inspektur Pembantu II", "typed", "review", "P5")]
    con.execute("insert into unor_map values ('U1', 'Dinas', null, null, 9)")
    with pytest.raises(duckdb.ConstraintException):
        con.execute("insert into unor_map values ('U1', 'Dinas', null, null, 10)")


def _key_columns(con, table: str) -> list[str]:
    return con.execute("select constraint_column_names from duckdb_constraints() where table_name = ? "
                       "and constraint_type = 'PRIMARY KEY'", [table]).fetchall()[0][0]


def test_a_version_5_store_keys_appraisals_by_period_first(tmp_path, monkeypatch):
    """Migration 6 (issue 22): the appraisals' key index puts the period before the NIP (a quarter's keys go into
    one new part of the index); every row and column stays, and the same key is still refused twice."""
    p = tmp_path / "old.duckdb"
    _stop_at(monkeypatch, 5)
    con = db.connect(p)
    assert _key_columns(con, "appraisals") == ["nip", "year", "period"]
    rows = [("198703152010012001", 2025, "Q1", "meets", "above", "baik", 88.5, None, None, None, 90.0, None, 4.0, 3),
            ("198703152010012001", 2025, "Q2", "above", "above", "sangat_baik", 101.0, 99.0, None,
             "197001012000011001", None, None, None, 4),
            ("199001012015012002", 2025, "Q1", "below", "meets", "butuh_perbaikan", 60.0, None, None, None, None,
             None, None, 3),
            ("199001012015012002", 2024, "Y", "meets", "meets", "baik", 80.0, None, None, None, None, None, None, 2)]
    con.executemany(f"insert into appraisals values ({', '.join('?' * len(rows[0]))})", rows)
    con.close()
    monkeypatch.undo()
    con = db.connect(p)
    assert db.schema_version(con) == db.SCHEMA_VERSION
    assert _key_columns(con, "appraisals") == list(DATASETS["appraisals"].index_key) == ["year", "period", "nip"]
    assert [r[0] for r in con.execute("describe appraisals").fetchall()] == [
        *(c.name for c in DATASETS["appraisals"].columns), "_batch_id"]
    assert sorted(con.execute("select * from appraisals").fetchall()) == sorted(rows)
    # Written in the key's order (a period at a time): what a quarter's load appends to.
    assert con.execute("select year, period, nip from appraisals order by rowid").fetchall() == sorted(
        (r[1], r[2], r[0]) for r in rows)
    with pytest.raises(duckdb.ConstraintException):
        con.execute(f"insert into appraisals values ({', '.join('?' * len(rows[0]))})", rows[1])
    # The other datasets keep their keys in their own order.
    assert _key_columns(con, "employees") == ["nip"]


def test_each_key_is_indexed_in_the_order_its_dataset_says(tmp_path):
    """The tables' primary keys on a new store: each dataset's key, in `index_key` order (what migration 6 set for
    the appraisals, and what the loader sorts its writes by)."""
    con = derived.connect(tmp_path / "k.duckdb")
    for ds in DATASETS.values():
        assert _key_columns(con, ds.name) == list(ds.index_key), ds.name


def test_a_migration_that_fails_is_said_and_leaves_the_store_as_it_was(tmp_path, monkeypatch, capsys):
    """A step that DuckDB cannot finish (out of memory: migration 6 on a national database needs about 16 GB) is
    rolled back and said in words, in the app and as the command line's JSON (exit 2), never a traceback."""
    import json

    from analytics.cli import main

    p = tmp_path / "old.duckdb"
    _stop_at(monkeypatch, 5)
    db.connect(p).close()
    monkeypatch.undo()

    def out_of_memory(con):
        con.execute("create table half_done (x integer)")
        raise duckdb.OutOfMemoryException("Out of Memory Error: could not allocate block of size 256.0 KiB")

    monkeypatch.setattr(db, "MIGRATIONS", [*db.MIGRATIONS[:5], out_of_memory])
    with pytest.raises(db.StoreError) as caught:
        db.connect(p)
    assert caught.value.code == "migration_failed"
    assert "skema 6" in caught.value.message("id") and "KINERJA_MEMORY_LIMIT" in caught.value.message("en")
    assert main(["--db", str(p), "init"]) == 2
    out = json.loads(capsys.readouterr().out)
    assert out["code"] == "migration_failed" and "Out of Memory" in out["error"]
    raw = duckdb.connect(str(p), read_only=True)
    assert raw.execute("select version from schema_meta").fetchall() == [(5,)]
    assert "half_done" not in {r[0] for r in raw.execute("select table_name from duckdb_tables()").fetchall()}
    raw.close()
