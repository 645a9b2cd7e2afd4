"""The store: one DuckDB file, its schema created and migrated by code with a version number.

Grain of each table:
- regions: one row per Kemendagri region (province, kab/kota, kecamatan).
- batches: one row per loaded file.
- <dataset> (CONTRACT.md §1): one row per key, the current version, with the batch that wrote it.
- <dataset>_history: one row per superseded version of a row, with the batch that superseded it;
  undo puts these back.
"""
from __future__ import annotations

import logging
import os
import re
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable

import duckdb

from analytics.catalogue import store_message
from analytics.datasets import DATASETS, Dataset
from analytics.settings import REFERENCE_DIR, db_path

REGIONS_CSV = REFERENCE_DIR / "regions_kemendagri_2025.csv"


class StoreError(Exception):
    """The database file cannot be used as it is; `code` says why (catalogue STORE, with what to do)."""

    def __init__(self, code: str, path, **params):
        self.code, self.path, self.params = code, str(path), {k: str(v) for k, v in params.items()}
        super().__init__(self.message("en"))

    def message(self, lang: str = "id") -> str:
        return store_message(self.code, lang, path=self.path, **{"detail": "", **self.params})


# The first bytes of a DuckDB database file: 8 bytes of checksum, then the magic "DUCK".
_MAGIC_AT, _MAGIC = 8, b"DUCK"


def _classify(exc: duckdb.Error) -> str:
    """StoreError's code for DuckDB's refusal to open a file."""
    text = str(exc).lower()
    if "could not set lock" in text or "conflicting lock" in text:
        return "busy"
    if "permission denied" in text or "read-only file system" in text or "readonly" in text:
        return "read_only_file"
    if "not a valid duckdb database" in text:
        return "not_a_database"
    if "version" in text and ("storage" in text or "duckdb" in text):
        return "other_version"
    return "corrupt"


def _check_file(p: Path) -> None:
    """Refuse, before DuckDB opens it, what cannot be this product's database: a folder, a file that is not
    DuckDB's (a CSV passed as --db)."""
    if p.is_dir():
        raise StoreError("is_directory", p)
    if not p.exists():
        return
    with p.open("rb") as f:
        head = f.read(_MAGIC_AT + len(_MAGIC))
    if not head:  # an empty file: DuckDB makes a new database in it
        return
    if len(head) < _MAGIC_AT + len(_MAGIC):
        raise StoreError("corrupt", p, detail=f"{len(head)} bytes")
    if head[_MAGIC_AT:] != _MAGIC:
        raise StoreError("not_a_database", p)


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


# DuckDB checkpoints inside a commit once the write-ahead log passes 16 MB, and while it does every other query of
# the process waits: after a national quarter of appraisals the app's readers froze for 15 s (bench/RESULTS.md). A
# writable store never checkpoints by itself; the writes that leave much in the log checkpoint right after their
# commit (`checkpoint`), while readers go on reading. Closing the store checkpoints what is left.
NO_AUTOCHECKPOINT = "1000GB"


def checkpoint(con: duckdb.DuckDBPyConnection, tries: int = 5) -> bool:
    """Write the log into the database file, after a large commit (loads, undos, derived tables rebuilt); readers
    go on meanwhile. DuckDB refuses while another transaction is open (a query under way, a result half read):
    tried again a few times, 0.2 s apart; then False, and the next checkpoint, or closing the store, writes it."""
    cur = con.cursor()
    try:
        for attempt in range(tries):
            try:
                cur.execute("checkpoint")
                return True
            except duckdb.TransactionException:
                if attempt + 1 < tries:
                    time.sleep(0.2)
        logging.getLogger(__name__).warning("checkpoint refused %d times (a transaction stayed open); the log "
                                            "waits for the next one", tries)
        return False
    finally:
        cur.close()


def first_row(result: duckdb.DuckDBPyConnection):
    """The first row of an executed query, or None, consuming the whole result.

    DuckDB 2.0 keeps a half-read result open on the connection and refuses some later calls
    (register, transactions), so never leave one behind with fetchone().
    """
    rows = result.fetchall()
    return rows[0] if rows else None


def _columns_sql(ds: Dataset, version: int) -> str:
    """The dataset's columns as its table had them at a schema version."""
    return ",\n    ".join(f"{c.name} {c.sql_type}" for c in ds.columns_at(version))


def _keyed_table_sql(table: str, ds: Dataset, version: int, key: str) -> str:
    """CREATE TABLE for a dataset's table at a schema version: its columns, `_batch_id`, and `key` as the primary key."""
    return (f"create table {table} (\n    {_columns_sql(ds, version)},\n    _batch_id integer not null,\n"
            f"    primary key ({key})\n)")


def _datasets_at(version: int) -> list[Dataset]:
    return [ds for ds in DATASETS.values() if ds.since <= version]


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
    for ds in _datasets_at(1):
        con.execute(f"create table {ds.name} (\n    {_columns_sql(ds, 1)},\n    _batch_id integer not null\n)")
        con.execute(
            f"create table {ds.name}_history (\n    {_columns_sql(ds, 1)},\n    _batch_id integer not null,\n"
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


def _v4(con: duckdb.DuckDBPyConnection) -> None:
    """Every dataset's key is its table's primary key (issue 18): the database itself refuses a second row for a
    key, whatever writes it. Two loads at once could store a key twice before; of such twins the row of the
    latest batch stays (the later load's), the others go to the history as superseded by it. Each table is
    rebuilt with its key (DuckDB adds a key to a table only while no deleted row of the transaction remains)."""
    for ds in _datasets_at(4):
        key = ", ".join(ds.key)
        cols = ", ".join(c.name for c in ds.columns_at(4))
        twins = (f"select {cols}, _batch_id, row_number() over (partition by {key} order by _batch_id desc) as _n, "
                 f"max(_batch_id) over (partition by {key}) as _latest from {ds.name}")
        con.execute(f"insert into {ds.name}_history select {cols}, _batch_id, _latest, now()::timestamp "
                    f"from ({twins}) where _n > 1")
        con.execute(_keyed_table_sql(f"{ds.name}_keyed", ds, 4, key))
        con.execute(f"insert into {ds.name}_keyed select {cols}, _batch_id from ({twins}) where _n = 1")
        con.execute(f"drop table {ds.name}")
        con.execute(f"alter table {ds.name}_keyed rename to {ds.name}")


def _v5(con: duckdb.DuckDBPyConnection) -> None:
    """National exports (issue 19): employees gain `pns_id` (SIASN's PNS ID), the `unor_map` dataset (SIASN's
    organisation units and their agencies) arrives, and so do the analysts' saved column mappings (one row per
    name; analytics/mappings.py). The employee tables are rebuilt so that the new column sits with the dataset's
    columns, before `_batch_id` (the loader writes rows by position)."""
    # Who wrote (issue 20): the batches and reviews say the account's role and how it was known (analytics/audit.py:
    # account, cli, typed); rows from before say "typed", the name being whatever was typed. Every write leaves a row
    # in audit_log; the writes made before are copied in from the batches, reviews and accounts, as typed.
    con.execute("alter table batches add column redone_as integer")  # an undone batch loaded again: the new batch
    for table in ("batches", "flag_reviews"):
        con.execute(f"alter table {table} add column user_role varchar")
        con.execute(f"alter table {table} add column user_source varchar")
        con.execute(f"update {table} set user_source = 'typed'")
    con.execute(
        """
        create table audit_log (
            id bigint primary key,
            logged_at timestamp not null,
            login varchar not null,
            role varchar,                    -- the account's role; 'cli' on the command line; null when typed
            source varchar not null,         -- account, cli, typed
            action varchar not null,         -- load, undo, review, mapping, account_add, account_disable, snapshot
            target varchar not null,         -- the batch, promotion, mapping or account
            detail varchar not null
        )
        """
    )
    con.execute(
        """
        insert into audit_log
        select row_number() over (order by t, k, target), t, login, null, 'typed', action, target, detail from (
            select loaded_at as t, user_name as login, 'load' as action, batch_id::varchar as target,
                   dataset || ' · ' || file_name as detail, 1 as k from batches
            union all select undone_at, undone_by, 'undo', batch_id::varchar, dataset || ' · ' || file_name, 2
                   from batches where undone_at is not null
            union all select changed_at, user_name, 'review', promotion_id, code || ': ' || from_status || ' → ' ||
                   to_status, 3 from flag_reviews
            union all select created_at, created_by, 'account_add', user_name, role, 4 from users
            union all select disabled_at, disabled_by, 'account_disable', user_name, role, 5 from users
                   where disabled_at is not null
        )
        """
    )
    written = con.execute("select count(*) from audit_log").fetchall()[0][0]
    con.execute(f"create sequence audit_seq start {int(written) + 1}")
    con.execute(
        """
        create table column_mappings (
            name varchar primary key,
            dataset varchar not null,
            header_key varchar not null,     -- the file's headers, normalised and sorted, hashed
            columns varchar not null,        -- JSON: the dataset's column -> the file's header
            headers varchar not null,        -- JSON: the file's headers when the mapping was saved
            created_by varchar not null,
            created_at timestamp not null
        )
        """
    )
    for ds in _datasets_at(4):
        if len(ds.columns_at(5)) == len(ds.columns_at(4)):
            continue
        old = ", ".join(c.name for c in ds.columns_at(4))
        new = ", ".join(c.name if c.since <= 4 else f"null::{c.sql_type}" for c in ds.columns_at(5))
        key = ", ".join(ds.key)
        con.execute(_keyed_table_sql(f"{ds.name}_v5", ds, 5, key))
        con.execute(f"insert into {ds.name}_v5 select {new}, _batch_id from (select {old}, _batch_id from {ds.name})")
        con.execute(f"create table {ds.name}_history_v5 (\n    {_columns_sql(ds, 5)},\n    _batch_id integer not null,"
                    "\n    _superseded_by integer not null,\n    _superseded_at timestamp not null\n)")
        con.execute(f"insert into {ds.name}_history_v5 select {new}, _batch_id, _superseded_by, _superseded_at "
                    f"from (select {old}, _batch_id, _superseded_by, _superseded_at from {ds.name}_history)")
        for table in (ds.name, f"{ds.name}_history"):
            con.execute(f"drop table {table}")
            con.execute(f"alter table {table}_v5 rename to {table}")
    for ds in DATASETS.values():
        if ds.since == 5:
            key = ", ".join(ds.key)
            con.execute(_keyed_table_sql(ds.name, ds, 5, key))
            con.execute(f"create table {ds.name}_history (\n    {_columns_sql(ds, 5)},\n    _batch_id integer not null,"
                        "\n    _superseded_by integer not null,\n    _superseded_at timestamp not null\n)")


# Migration 6's own record of the key orders it sets (a shipped migration never reads today's definitions).
_V6_INDEX_ORDER = {"appraisals": ("year", "period", "nip")}


def _v6(con: duckdb.DuckDBPyConnection) -> None:
    """Issue 22: the appraisals' key is indexed period first (`Dataset.index_order`); the table is rebuilt with it:
    same columns, same rows, the same key refused twice. A quarter's keys then go into one new part of the index:
    a national quarter's insert, commit and checkpoint took 11 s instead of 35-39 s (bench/RESULTS.md, session 22)."""
    for name, order in _V6_INDEX_ORDER.items():
        ds = DATASETS[name]
        key = ", ".join(order)
        cols = ", ".join(c.name for c in ds.columns_at(6))
        con.execute(_keyed_table_sql(f"{name}_v6", ds, 6, key))
        con.execute(f"insert into {name}_v6 select {cols}, _batch_id from {name} order by {key}")
        con.execute(f"drop table {name}")
        con.execute(f"alter table {name}_v6 rename to {name}")


# Each migration moves the schema from version i to i + 1; never edit one that has shipped.
MIGRATIONS: list[Callable[[duckdb.DuckDBPyConnection], None]] = [_v1, _v2, _v3, _v4, _v5, _v6]
SCHEMA_VERSION = len(MIGRATIONS)


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    exists = first_row(con.execute(
        "select count(*) from information_schema.tables where table_name = 'schema_meta'"
    ))[0]
    if not exists:
        return 0
    return first_row(con.execute("select version from schema_meta"))[0]


def path_of(con: duckdb.DuckDBPyConnection) -> str:
    return first_row(con.execute("select path from duckdb_databases() where database_name = current_database()"))[0]


def check_schema(con: duckdb.DuckDBPyConnection) -> int:
    """The schema version, refused (StoreError) when it is newer than this program's, or when the file is another
    DuckDB database (tables, but not ours)."""
    version = schema_version(con)
    if version > SCHEMA_VERSION:
        raise StoreError("newer_schema", path_of(con), found=version, known=SCHEMA_VERSION)
    if version == 0 and first_row(con.execute(
            "select count(*) from information_schema.tables where table_catalog = current_database()"))[0]:
        raise StoreError("foreign_database", path_of(con))
    return version


def migrate(con: duckdb.DuckDBPyConnection) -> int:
    """Bring the schema to SCHEMA_VERSION, one transaction per step. Returns the version."""
    version = check_schema(con)
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
        except Exception as exc:
            con.rollback()
            if isinstance(exc, duckdb.Error):  # out of memory, a full disk: said, never a traceback
                raise StoreError("migration_failed", path_of(con), found=version, to=version + 1,
                                 detail=str(exc).splitlines()[0][:200]) from None
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
    _check_file(p)
    if not p.exists() and (read_only or not create):
        raise StoreError("not_found", p)
    if not read_only and p.exists() and not os.access(p, os.W_OK):
        raise StoreError("read_only_file", p)
    p.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(p), read_only=read_only)
    except duckdb.Error as exc:
        raise StoreError(_classify(exc), p, detail=str(exc).splitlines()[0][:200]) from None
    # DuckDB draws a progress bar on stdout for long queries; the command line's stdout is JSON.
    con.execute("set enable_progress_bar = false")
    limit = memory_limit()
    if limit:  # beyond it DuckDB spills to disk (slower loads, a bounded process)
        con.execute(f"set memory_limit = '{limit}'")
    n = threads()
    if n:
        con.execute(f"set threads = {n}")
    try:
        if not read_only:
            con.execute(f"set checkpoint_threshold = '{NO_AUTOCHECKPOINT}'")
            migrate(con)
        else:
            check_schema(con)
    except BaseException:
        con.close()
        raise
    return con


def raw_dir(con: duckdb.DuckDBPyConnection) -> Path:
    """Folder beside the database file where loaded raw files are kept. A database without a file (in memory)
    has none: raw files never fall back to the working directory."""
    name = path_of(con)
    if not name:
        raise StoreError("not_found", ":memory:")
    return Path(name).parent / "raw"


def row_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return {name: first_row(con.execute(f"select count(*) from {name}"))[0] for name in DATASETS}


def raw_prefix(con: duckdb.DuckDBPyConnection) -> str:
    """How this database's raw files begin: its file name, so that databases sharing a folder share `raw/`
    without claiming each other's files."""
    return Path(path_of(con)).name + "."


def remove_orphan_raw(con: duckdb.DuckDBPyConnection) -> list[Path]:
    """Remove this database's kept raw files that no batch names: a load killed between copying its raw file and
    committing leaves one (its batch row never existed). Only files named for this database (`raw_prefix`) are
    considered; another database's, and files kept before they were so named, are left alone. Run when the
    store is opened for writing, before any load of this process. Returns what was removed."""
    if not path_of(con):
        return []
    folder = raw_dir(con)
    if not folder.is_dir():
        return []
    prefix = raw_prefix(con)
    kept = {Path(r[0]).name for r in con.execute("select raw_path from batches where raw_path is not null").fetchall()}
    removed = []
    for f in folder.iterdir():
        rest = f.name[len(prefix):]
        if f.is_file() and f.name.startswith(prefix) and rest[:6].isdigit() and f.name not in kept:
            f.unlink(missing_ok=True)
            removed.append(f)
    return removed
