"""The store: one DuckDB file, its schema created and migrated by code with a version number.

Grain of each table:
- regions: one row per Kemendagri region (province, kab/kota, kecamatan).
- batches: one row per loaded file.
- <dataset> (CONTRACT.md §1): one row per key, the current version, with the batch that wrote it.
- <dataset>_history: one row per superseded version of a row, with the batch that superseded it;
  undo puts these back.
"""
from __future__ import annotations

import os
import re
from contextlib import contextmanager
from pathlib import Path
from typing import Callable

import duckdb

from analytics.datasets import DATASETS, Dataset
from analytics.settings import REFERENCE_DIR, db_path

REGIONS_CSV = REFERENCE_DIR / "regions_kemendagri_2025.csv"


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection):
    """One transaction: committed when the block ends, rolled back when it raises (anything, even Ctrl-C)."""
    con.begin()
    try:
        yield con
        con.commit()
    except BaseException:
        con.rollback()
        raise


def first_row(result: duckdb.DuckDBPyConnection):
    """The first row of an executed query, or None, consuming the whole result.

    DuckDB 2.0 keeps a half-read result open on the connection and refuses some later calls
    (register, transactions), so never leave one behind with fetchone().
    """
    rows = result.fetchall()
    return rows[0] if rows else None


def _columns_sql(ds: Dataset) -> str:
    return ",\n    ".join(f"{c.name} {c.sql_type}" for c in ds.columns)


def _v1(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        """
        create table regions (
            region_code varchar primary key,
            name varchar not null,
            level varchar not null,          -- province, regency, city, district
            parent_code varchar,
            province_code varchar not null,
            kabkota_code varchar             -- null for provinces
        )
        """
    )
    con.execute(
        """
        insert into regions
        select region_code, name, level, nullif(parent_code, ''),
               split_part(region_code, '.', 1),
               case when level = 'province' then null
                    else split_part(region_code, '.', 1) || '.' || split_part(region_code, '.', 2) end
        from read_csv(?, header = true, all_varchar = true)
        """,
        [str(REGIONS_CSV)],
    )
    con.execute("create sequence batch_id_seq start 1")
    con.execute(
        """
        create table batches (
            batch_id integer primary key,
            dataset varchar not null,
            file_name varchar not null,
            sha256 varchar not null,
            rows_in_file bigint not null,
            rows_inserted bigint not null,
            rows_updated bigint not null,
            rows_unchanged bigint not null,
            warning_count integer not null,
            user_name varchar not null,
            loaded_at timestamp not null,
            raw_path varchar,
            status varchar not null,         -- loaded, undone
            undone_at timestamp,
            undone_by varchar
        )
        """
    )
    for ds in DATASETS.values():
        con.execute(f"create table {ds.name} (\n    {_columns_sql(ds)},\n    _batch_id integer not null\n)")
        con.execute(
            f"create table {ds.name}_history (\n    {_columns_sql(ds)},\n    _batch_id integer not null,\n"
            "    _superseded_by integer not null,\n    _superseded_at timestamp not null\n)"
        )


def _v2(con: duckdb.DuckDBPyConnection) -> None:
    """Inspectors' reviews of promotion flags: one row per status change, never updated."""
    con.execute("create sequence flag_review_seq start 1")
    con.execute(
        """
        create table flag_reviews (
            review_id bigint primary key,
            promotion_id varchar not null,
            code varchar not null,
            from_status varchar not null,
            to_status varchar not null,
            note varchar not null,
            user_name varchar not null,
            changed_at timestamp not null
        )
        """
    )


def _v3(con: duckdb.DuckDBPyConnection) -> None:
    """Accounts (issue 7): one row per user, never deleted (disabled instead), and every sign-in attempt."""
    con.execute(
        """
        create table users (
            user_name varchar primary key,
            role varchar not null,           -- leader, inspector, analyst, admin
            region_code varchar,             -- the region the user is bound to; null = every region
            password_hash varchar,           -- argon2id; null for a single-sign-on account
            active boolean not null,
            created_at timestamp not null,
            created_by varchar not null,
            disabled_at timestamp,
            disabled_by varchar
        )
        """
    )
    con.execute(
        """
        create table login_attempts (
            user_name varchar not null,
            attempted_at timestamp not null,
            ok boolean not null
        )
        """
    )


# Each migration moves the schema from version i to i + 1; never edit one that has shipped.
MIGRATIONS: list[Callable[[duckdb.DuckDBPyConnection], None]] = [_v1, _v2, _v3]
SCHEMA_VERSION = len(MIGRATIONS)


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    exists = first_row(con.execute(
        "select count(*) from information_schema.tables where table_name = 'schema_meta'"
    ))[0]
    if not exists:
        return 0
    return first_row(con.execute("select version from schema_meta"))[0]


def migrate(con: duckdb.DuckDBPyConnection) -> int:
    """Bring the schema to SCHEMA_VERSION, one transaction per step. Returns the version."""
    version = schema_version(con)
    if version > SCHEMA_VERSION:
        raise RuntimeError(
            f"database schema version {version} is newer than this program's {SCHEMA_VERSION}"
        )
    while version < SCHEMA_VERSION:
        con.begin()
        try:
            if version == 0:
                con.execute("create table schema_meta (version integer not null)")
                con.execute("insert into schema_meta values (0)")
            MIGRATIONS[version](con)
            version += 1
            con.execute("update schema_meta set version = ?", [version])
            con.commit()
        except Exception:
            con.rollback()
            raise
    return version


_MEMORY = re.compile(r"\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)", re.IGNORECASE)


def memory_limit() -> str | None:
    """`$KINERJA_MEMORY_LIMIT` (for example 2GB): DuckDB's memory limit for this process; unset, DuckDB's own
    default (80 % of RAM). Anything but a size of at least 256 MB is refused: the value goes into a SET
    statement, and a tiny limit would fail every query."""
    value = os.environ.get("KINERJA_MEMORY_LIMIT", "").strip()
    if not value:
        return None
    m = _MEMORY.fullmatch(value)
    units = {"kb": 1e3, "mb": 1e6, "gb": 1e9, "tb": 1e12, "kib": 2**10, "mib": 2**20, "gib": 2**30, "tib": 2**40}
    if not m or float(value[:m.start(2)]) * units[m.group(2).lower()] < 256e6:
        raise ValueError(f"KINERJA_MEMORY_LIMIT must be a size of at least 256MB, such as 2GB, not {value!r}")
    return value


def threads() -> int | None:
    """`$KINERJA_THREADS`: DuckDB's worker threads for this process; unset, DuckDB's default (one per core).
    Fewer threads bound what one query takes from the others. Not 1 on a server: a query then runs on its
    caller's thread, which waits for the interpreter lock beside busy reruns (bench/RESULTS.md)."""
    value = os.environ.get("KINERJA_THREADS", "").strip()
    if not value:
        return None
    if not value.isdigit() or not 1 <= int(value) <= 1024:
        raise ValueError(f"KINERJA_THREADS must be a whole number from 1 to 1024, not {value!r}")
    return int(value)


def connect(path: str | Path | None = None, *, read_only: bool = False,
            create: bool = True) -> duckdb.DuckDBPyConnection:
    """Open the store (`--db`, `$KINERJA_DB` or data/kinerja.duckdb), migrating it when writable. Its derived
    tables are built by `analytics.derived.connect`, which the app and the command line open."""
    p = db_path(path)
    if not p.exists() and (read_only or not create):
        raise FileNotFoundError(f"database not found: {p}")
    p.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(p), read_only=read_only)
    # DuckDB draws a progress bar on stdout for long queries; the command line's stdout is JSON.
    con.execute("set enable_progress_bar = false")
    limit = memory_limit()
    if limit:  # beyond it DuckDB spills to disk (slower loads, a bounded process)
        con.execute(f"set memory_limit = '{limit}'")
    n = threads()
    if n:
        con.execute(f"set threads = {n}")
    if not read_only:
        migrate(con)
    return con


def raw_dir(con: duckdb.DuckDBPyConnection) -> Path:
    """Folder beside the database file where loaded raw files are kept."""
    name = first_row(con.execute("select path from duckdb_databases() where database_name = current_database()"))[0]
    base = Path(name).parent if name else Path(".")
    return base / "raw"


def row_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return {name: first_row(con.execute(f"select count(*) from {name}"))[0] for name in DATASETS}
