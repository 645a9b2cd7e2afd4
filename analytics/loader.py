"""Loading an analyst's file into the store (CONTRACT.md §1–2).

The file is read as text by DuckDB into a staging table, every rule of the contract is checked in SQL
(vectorised: a million rows take seconds), and only a file without errors is written, in one
transaction with its batch row. A rejected file changes nothing; the same file twice is "unchanged";
every batch can be undone from the row history.

Row numbers are line numbers in the file (header = 1); for an Excel file, the sheet's row number.
A quoted value that spans several lines counts as one line, so rows after it are reported as if it
did not (such files are rare: the contract's fields are single-line).
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
import tempfile
import threading
import uuid
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Callable

import duckdb
import numpy as np

from analytics import domain
from analytics.datasets import DATASETS, Column, Dataset, enum_group, norm_header, resolve_dataset
from analytics.datasets import norm_label_sql as _norm_label_sql
from analytics.datasets import sql_literal as _q
from analytics import audit, derived, mappings
from analytics.audit import Actor
from analytics import db
from analytics.db import first_row, path_of, raw_dir, raw_prefix
from analytics.exports import recognise
from analytics.reading import INVISIBLE, Refused, Text, drop_rows, read_text, strip_personal
from analytics.catalogue import CODE_LABELS, label, rule_message, text
from analytics.catalogue import count as fmt_count
from analytics.settings import Settings, load_settings

# A load's or an undo's stages, in order, as `progress` is told them (then `refresh_<name>` for each derived table
# the dataset feeds, in derived.REGISTRY order, and "commit"). "wait": for another load or undo to finish.
STAGES = ("wait", "read", "check", "compare", "write")
Progress = Callable[[str], None]



@dataclass
class LoadError:
    row: int | None
    column: str | None
    value: str | None
    rule: str
    message: str


@dataclass
class LoadResult:
    status: str  # loaded | unchanged | rejected | valid (a dry run that would load)
    dataset: str
    file_name: str
    sha256: str | None = None
    batch_id: int | None = None
    rows_in_file: int = 0
    rows_inserted: int = 0
    rows_updated: int = 0
    rows_unchanged: int = 0
    error_count: int = 0
    errors: list[LoadError] = field(default_factory=list)
    warnings: list[LoadError] = field(default_factory=list)
    message: str = ""
    dry_run: bool = False
    source: str | None = None            # the national export recognised (analytics/exports.py), if any
    columns_used: list[str] = field(default_factory=list)      # the export's columns the mapping read
    columns_dropped: list[str] = field(default_factory=list)   # personal-data columns removed on reading
    rows_skipped: int = 0                # rows of the export that are not rows of the dataset (entry ranks)
    # Units of an employees export that map to no agency: [{"unor_id", "name", "employees", "rows"}]
    unmapped_units: list[dict] = field(default_factory=list)
    mapping: str | None = None           # the saved column mapping the file was read with (analytics/mappings.py)

    def to_json(self) -> dict:
        """The envelope of CONTRACT.md §3 (`load`), with a few extra fields."""
        d = asdict(self)
        d["errors"] = [asdict(e) for e in self.errors]
        d["warnings"] = [asdict(e) for e in self.warnings]
        return d


class _Rejected(Exception):
    """Stops a load: either complete errors, or one file-level rule whose message is made later."""

    def __init__(self, errors: list[LoadError] | None = None, *, rule: str = "", detail: str = ""):
        self.errors = errors or []
        self.rule, self.detail = rule, detail


# --- SQL building blocks ------------------------------------------------------------------------

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"]
TIME_SUFFIXES = [" %H:%M:%S", " %H:%M", "T%H:%M:%S", "T%H:%M", "T%H:%M:%SZ", "T%H:%M:%S.%fZ"]
TIMESTAMP_FORMATS = [d + t for d in DATE_FORMATS for t in TIME_SUFFIXES] + DATE_FORMATS
# A date column also takes the ISO date-times national exports write for a date (SIASN: 2022-04-01T00:00:00Z).
DATE_OR_ISO_FORMATS = DATE_FORMATS + ["%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M:%S.%fZ"]
# A NIP that Excel turned into a number: in scientific notation, or with its last digits zeroed (Excel keeps 15
# significant digits; a NIP's last three, the sequence number, are never 000).
NIP_DAMAGED = r"^[0-9]+([.,][0-9]+)?[eE][+]?[0-9]+$|^[0-9]{15}000$"


def _fmt_list(formats: list[str]) -> str:
    return "[" + ", ".join(_q(f) for f in formats) + "]"


def _parse_sql(col: Column, raw: str) -> str:
    """SQL that turns the raw text cell into the stored value (NULL when it does not parse)."""
    k = col.kind
    if k == "text":
        return raw
    if k == "nip":
        # Spaces and dots go, and the apostrophe Excel users type before a NIP to keep it text. Eighteen digits,
        # nearly every cell, hold none of these: kept as they are, without the two replacements (half the time).
        return (f"case when regexp_full_match({raw}, '\\d{{18}}') then {raw} "
                f"else regexp_replace(regexp_replace({raw}, '^''', ''), '[\\s.]', '', 'g') end")
    if k == "region":
        # '7271' -> '72.71', '727103' -> '72.71.03'; a dotted code stays as written.
        return (f"case when regexp_full_match({raw}, '\\d+') then "
                f"concat_ws('.', nullif(substr({raw}, 1, 2), ''), nullif(substr({raw}, 3, 2), ''), "
                f"nullif(substr({raw}, 5, 2), ''), nullif(substr({raw}, 7), '')) else {raw} end")
    if k == "rank":
        return (f"case when contains({raw}, '/') then upper(trim(split_part({raw}, '/', 1))) || '/' || "
                f"lower(trim(split_part({raw}, '/', 2))) else upper(trim({raw})) end")
    if k == "enum":
        cases = " ".join(f"when {_q(label)} then {_q(code)}" for label, code in col.enum_map().items())
        # Fast path: a cell already holding a code skips the regular expressions of normalisation.
        return (f"case when {raw} in {_in_list(col.enum)} then {raw} "
                f"else (case {_norm_label_sql(raw)} {cases} else null end) end")
    if k == "int":
        return f"try_cast(case when regexp_full_match({raw}, '[+-]?\\d+') then {raw} end as integer)"
    if k == "decimal":
        return (f"try_cast(case when regexp_full_match({raw}, '[+-]?(\\d+([.,]\\d*)?|[.,]\\d+)') "
                f"then replace({raw}, ',', '.') end as double)")
    if k == "date":
        return f"try_strptime({raw}, {_fmt_list(DATE_OR_ISO_FORMATS)})::date"
    if k == "timestamp":
        return f"try_strptime({raw}, {_fmt_list(TIMESTAMP_FORMATS)})::timestamp"
    raise ValueError(k)


def _rank_order_sql(expr: str) -> str:
    cases = " ".join(f"when {_q(r)} then {i}" for r, i in domain.PNS_RANK_ORDER.items())
    return f"(case {expr} {cases} end)"


def _in_list(values) -> str:
    return "(" + ", ".join(_q(v) for v in values) + ")"


def _matrix_sql(wr: str, bh: str) -> str:
    cases = " ".join(
        f"when {wr} = {_q(w)} and {bh} = {_q(b)} then {_q(r)}" for (w, b), r in domain.RATING_MATRIX.items()
    )
    return f"(case {cases} end)"


# Dataset rules: (rule, column blamed, condition over the checked table `t`, detail expression or None).
# Each condition fires only when its inputs parsed, so a bad cell is reported once, by its own check.
NIP_OK = "regexp_full_match(nip, '\\d{18}')"

RULES_BY_DATASET: dict[str, list[tuple[str, str, str, str | None]]] = {
    "agencies": [],
    "agency_ratings": [
        ("agency_unknown", "agency_code",
         "agency_code is not null and agency_code not in (select agency_code from main.agencies)", None),
    ],
    "employees": [
        ("agency_unknown", "agency_code",
         "agency_code is not null and agency_code not in (select agency_code from main.agencies)", None),
        ("nip_birth_invalid", "nip", f"{NIP_OK} and try_strptime(substr(nip, 1, 8), '%Y%m%d') is null", None),
        ("nip_birth_mismatch", "birth_date",
         f"{NIP_OK} and birth_date is not null and try_strptime(substr(nip, 1, 8), '%Y%m%d') is not null "
         "and strftime(birth_date, '%Y%m%d') <> substr(nip, 1, 8)",
         "substr(nip, 1, 8)"),
        ("nip_cpns_invalid", "nip",
         f"{NIP_OK} and employment_type = 'pns' and try_strptime(substr(nip, 9, 6) || '01', '%Y%m%d') is null",
         None),
        ("nip_cpns_mismatch", "cpns_date",
         f"{NIP_OK} and employment_type = 'pns' and cpns_date is not null "
         "and try_strptime(substr(nip, 9, 6) || '01', '%Y%m%d') is not null "
         "and strftime(cpns_date, '%Y%m') <> substr(nip, 9, 6)",
         "substr(nip, 9, 6)"),
        ("nip_pppk_year", "nip",
         f"{NIP_OK} and employment_type = 'pppk' and not (substr(nip, 9, 4)::int between 2019 and 2100)",
         "substr(nip, 9, 4)"),
        ("nip_gender", "nip",
         f"{NIP_OK} and (substr(nip, 15, 1) not in ('1', '2') or (gender is not null and "
         "substr(nip, 15, 1) <> case gender when 'M' then '1' else '2' end))",
         "substr(nip, 15, 1) || ' / ' || coalesce(gender, '?')"),
        ("nip_sequence", "nip", f"{NIP_OK} and substr(nip, 16, 3) = '000'", None),
        ("cpns_age", "cpns_date",
         "birth_date is not null and cpns_date is not null and cpns_date < birth_date + interval 18 year",
         "date_diff('year', birth_date, cpns_date)::varchar"),
        ("rank_format_pns", "rank",
         f"rank is not null and employment_type = 'pns' and rank not in {_in_list(domain.PNS_RANKS)}", None),
        ("rank_format_pppk", "rank",
         f"rank is not null and employment_type = 'pppk' and rank not in {_in_list(domain.PPPK_RANKS)}", None),
        ("rank_since_before_cpns", "rank_since",
         "rank_since is not null and cpns_date is not null and rank_since < cpns_date",
         "strftime(cpns_date, '%Y-%m-%d')"),
        # One PNS ID, one employee: in the file, and against the stored employees the file does not rewrite.
        # (As semi-joins on the few ids at fault, not a lookup per row: a national file has millions of ids.)
        ("pns_id_taken", "pns_id",
         "pns_id in (select pns_id from $chk where pns_id is not null group by pns_id having count(distinct nip) > 1 "
         "union all select e.pns_id from main.employees e join $chk c on c.pns_id = e.pns_id and c.nip <> e.nip "
         "where e.nip not in (select nip from $chk where nip is not null))",
         "coalesce((select min(c.nip) from $chk c where c.pns_id = t.pns_id and c.nip <> t.nip), "
         "(select min(e.nip) from main.employees e where e.pns_id = t.pns_id and e.nip <> t.nip))"),
    ],
    "unor_map": [
        ("agency_unknown", "agency_code",
         "agency_code is not null and agency_code not in (select agency_code from main.agencies)", None),
        # The parents as they will be (the file's rows over the stored ones): a unit reached again from itself.
        ("unor_cycle", "parent_unor_id",
         "unor_id in (select start from unor_cycles_$tag)", "(select path from unor_cycles_$tag where start = t.unor_id)"),
    ],
    "appraisals": [
        ("employee_unknown", "nip",
         f"{NIP_OK} and nip not in (select nip from main.employees)", None),
        ("rating_matrix", "rating",
         "rating is not null and work_result is not null and behaviour is not null "
         f"and rating <> {_matrix_sql('work_result', 'behaviour')}",
         _matrix_sql("work_result", "behaviour")),
        ("evaluator_self", "evaluator_nip", "evaluator_nip = nip", None),
    ],
    "complaints": [
        ("agency_unknown", "agency_code",
         "agency_code is not null and agency_code not in (select agency_code from main.agencies)", None),
        ("in_future", "received_at", "received_at > $now", "strftime($now, '%Y-%m-%d %H:%M')"),
        *[
            ("before_received", c, f"{c} < received_at", "strftime(received_at, '%Y-%m-%d %H:%M')")
            for c in ("verified_at", "first_response_at", "resolved_at")
        ],
        ("resolved_before_response", "resolved_at", "resolved_at < first_response_at",
         "strftime(first_response_at, '%Y-%m-%d %H:%M')"),
        ("resolved_needs_time", "resolved_at",
         "status in ('resolved', 'closed') and resolved_at is null and raw_resolved_at is null", "status"),
    ],
    "promotions": [
        ("employee_unknown", "nip", f"{NIP_OK} and nip not in (select nip from main.employees)", None),
        ("agency_unknown", "agency_code",
         "agency_code is not null and agency_code not in (select agency_code from main.agencies)", None),
        *[
            ("rank_required", c, f"kind like 'rank_%' and raw_{c} is null", None)
            for c in ("from_rank", "to_rank")
        ],
        *[
            ("rank_format_pns", c,
             f"{c} is not null and (kind like 'rank_%' or kind is null) "
             f"and {c} not in {_in_list(domain.PNS_RANKS)}", None)
            for c in ("from_rank", "to_rank")
        ],
        ("rank_not_above", "to_rank",
         f"kind like 'rank_%' and {_rank_order_sql('to_rank')} <= {_rank_order_sql('from_rank')}",
         "from_rank || ' → ' || to_rank"),
        *[
            ("position_required", c, f"kind = 'position' and raw_{c} is null", None)
            for c in ("from_position_level", "to_position_level")
        ],
        ("approver_self", "approver_nip", "approver_nip = nip", None),
    ],
}

# Values filled in when the file leaves them empty: "derived" ones always follow the other columns of
# the row (the rating from the matrix); "default" ones apply to new rows only (an update without the
# column keeps the stored value).
DERIVED: dict[str, dict[str, tuple[str, str]]] = {
    "appraisals": {"rating": (f"coalesce(rating, {_matrix_sql('work_result', 'behaviour')})", "derived")},
    "complaints": {"severity": ("coalesce(severity, 'normatif')", "default")},
}


# --- Reading the file ---------------------------------------------------------------------------

# --- The load ------------------------------------------------------------------------------------

class Loader:
    """Checks and loads one file. Use `load_file`; this class holds the state of one load."""

    def __init__(self, con: duckdb.DuckDBPyConnection, ds: Dataset, lang: str, settings: Settings,
                 now: datetime):
        self.con = con
        self.ds = ds
        self.lang = lang
        self.settings = settings
        self.now = now
        self.tag = uuid.uuid4().hex[:10]
        self.headers: dict[str, str] = {}  # canonical column -> header as written in the file

    def err(self, row, column, value, rule, detail="") -> LoadError:
        col = self.ds.column(column) if column in self.ds.column_names else None
        params = {
            "detail": detail, "column": column, "dataset": self.ds.name,
            "column_id": (col.header_id or col.name) if col else "",
            "allowed": _allowed(self.ds.name, col, self.lang) if col and col.enum else "",
            "min": _num(col.min) if col else "", "max": _num(col.max) if col else "",
        }
        if rule == "file_too_large":
            params["max"] = self.settings.max_file_mb
        if rule == "enum" and "|" in (detail or ""):  # grouped: rows holding the value, and the first of them
            params["count"], params["rows"] = detail.split("|", 1)
        if rule == "wrong_dataset" and self.lang == "id":
            # Indonesian sentences name datasets by their Indonesian titles, not the English codes.
            params["detail"], params["dataset"] = DATASETS[detail].title("id"), self.ds.title("id")
        shown = self.headers.get(column, column) if column else None
        return LoadError(row, shown, value, rule, rule_message(rule, self.lang, **params))

    # 1. headers
    def map_headers(self, header: list[str]) -> tuple[dict[str, int], list[LoadError]]:
        lookup = {h: c.name for c in self.ds.columns for h in c.headers()}
        mapping: dict[str, int] = {}
        errors, warnings, unknown = [], [], []
        for i, h in enumerate(header):
            name = lookup.get(norm_header(h))
            if name is None:
                if h:
                    unknown.append(h)
                continue
            if name in mapping:
                errors.append(LoadError(1, h, h, "header_duplicate",
                                        rule_message("header_duplicate", self.lang, column=h)))
                continue
            mapping[name] = i
            self.headers[name] = h
        if unknown:  # one line for all of them, not one warning per column
            shown = ", ".join(unknown[:20]) + (f", … (+{len(unknown) - 20})" if len(unknown) > 20 else "")
            warnings.append(LoadError(1, unknown[0] if len(unknown) == 1 else None, None, "unknown_column",
                                      rule_message("unknown_column", self.lang, count=len(unknown), detail=shown)))
        missing = [c for c in self.ds.columns if c.required and c.name not in mapping]
        if missing:
            guess = _guess_dataset(header, self.ds)
            if guess:
                errors.append(self.err(1, None, None, "wrong_dataset", guess))
            errors += [self.err(1, c.name, None, "header_missing") for c in missing]
        if errors:
            raise _Rejected(errors)
        return mapping, warnings

    # 2. staging
    def stage(self, txt: Text, mapping: dict[str, int]) -> tuple[str, list[LoadError], int]:
        """The staged rows (a view over the raw table), the first structural errors, and how many there are."""
        con = self.con
        ncols = len(txt.header) + (1 if txt.line_column else 0)
        offset = 1 if txt.line_column else 0
        columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(ncols)) + "}"
        rejects, scan = f"rej_{self.tag}", f"rejscan_{self.tag}"
        raw_t = f"raw_{self.tag}"
        if txt.table is not None:  # staged already by an export's mapping (exports.py): its table is the raw table
            con.execute(f"alter table {txt.table} rename to {raw_t}")
            con.execute(f"create temp table {rejects} (line bigint, column_idx bigint, error_type varchar, "
                        f"csv_line varchar, error_message varchar)")
        else:
            # The cells alone first, in the file's order: a record's rowid here is its number. Parsing them in the
            # same statement was 0.45 s faster on 1.1 M rows but lost that order on files read in parallel (DuckDB
            # plans an IN list of five or more values, as the enumerations' parsing holds, as a join): errors named
            # the wrong lines (session 23; tests/test_bad_files.py::test_errors_name_their_line_in_a_file_read_in_
            # parallel).
            con.execute(
                f"create temp table {raw_t} as select * from read_csv(?, delim = ?, quote = '\"', escape = '\"', "
                f"header = true, auto_detect = false, columns = {columns}, store_rejects = true, "
                f"rejects_table = '{rejects}', rejects_scan = '{scan}', strict_mode = true, null_padding = false)",
                [str(txt.path), txt.delimiter],
            )
        # The reader reports a short row once per missing column: one report per line. Only the first of them are
        # made into errors (a file of a million bad lines would otherwise cost gigabytes); all are counted.
        bad_lines = f"bad_{self.tag}"
        con.execute(f"create temp table {bad_lines} as select line, error_type, csv_line, error_message from {rejects} "
                    f"qualify row_number() over (partition by line order by column_idx) = 1")
        con.execute(f"drop table if exists {rejects}; drop table if exists {scan}")
        n_bad = first_row(con.execute(f"select count(*) from {bad_lines}"))[0]
        structural = []
        for line, etype, csv_line, emsg in con.execute(
                f"select * from {bad_lines} order by line limit ?", [self.settings.max_errors_listed]).fetchall():
            # The physical line itself (DuckDB's csv_line can run on into the lines after an open quote).
            value = txt.lines.text(line) if txt.lines is not None else (csv_line or "").split("\n")[0][:200]
            if etype == "MISSING COLUMNS" or etype == "TOO MANY COLUMNS":
                rule = "csv_missing_columns" if etype == "MISSING COLUMNS" else "csv_too_many_columns"
                detail = emsg.replace("Expected Number of Columns:", "expected").replace("Found:", "found")
                structural.append(LoadError(line, None, value, rule, rule_message(rule, self.lang, detail=detail)))
            elif etype == "UNQUOTED VALUE":
                structural.append(LoadError(line, None, value, "csv_unclosed_quote",
                                            rule_message("csv_unclosed_quote", self.lang)))
            else:
                structural.append(LoadError(line, None, value, "csv_unreadable",
                                            rule_message("csv_unreadable", self.lang, detail=emsg)))
        n = first_row(con.execute(f"select count(*) from {raw_t}"))[0]
        if txt.line_column:
            row_expr = "c0::bigint"
        elif n_bad or txt.line_map is not None:
            # Records left after the reader dropped the bad ones, mapped to their lines: the non-blank lines in
            # order, less the bad ones (in SQL: the bad lines can be millions).
            all_lines = txt.line_map if txt.line_map is not None else np.arange(2, 2 + n + n_bad, dtype=np.int64)
            con.register(f"lm_{self.tag}", {"line": all_lines})
            con.execute(f"create temp table lmt_{self.tag} as select row_number() over (order by line) - 1 as k, line "
                        f"from lm_{self.tag} where line not in (select line from {bad_lines})")
            con.unregister(f"lm_{self.tag}")
            row_expr = f"(select line from lmt_{self.tag} where k = r.rowid)"
        else:
            row_expr = "r.rowid + 2"
        selects = [f"{row_expr} as _row"]
        for c in self.ds.columns:
            if c.name in mapping and txt.invisible:
                # Characters that look like nothing (zero-width spaces, no-break spaces) are no content: a cell of
                # only those is empty, and "required" says so.
                cell = f"regexp_replace(r.c{mapping[c.name] + offset}, '[{INVISIBLE}]', '', 'g')"
                selects.append(f"nullif(trim({cell}), '') as raw_{c.name}")
            elif c.name in mapping:
                selects.append(f"nullif(trim(r.c{mapping[c.name] + offset}), '') as raw_{c.name}")
            else:
                selects.append(f"null::varchar as raw_{c.name}")
        if txt.records is not None:
            # Every physical line is a record, an error or blank: a line the reader skipped without a word (as it
            # did past about 32 MB) stops the load.
            missing = txt.records - n - n_bad
            if missing:
                raise Refused(rule="lines_unaccounted", detail=str(missing))
        # Not materialised: the checks read this view of the raw table in the same pass as they parse.
        self.raw_table = raw_t
        return f"(select {', '.join(selects)} from {raw_t} r)", structural, n_bad

    # 3. checks
    def check(self, stg: str, present: set[str], covered=()) -> tuple[str, int, list[LoadError], int]:
        """Every rule over the staged rows: the checked table, its row count, the first errors and their count.
        `covered` lists (row, column) cells an export's mapping left empty and reports itself (exports.Problem):
        the dataset's rules do not report them again."""
        con, ds = self.con, self.ds
        chk = f"chk_{self.tag}"
        parsed = [f"{_parse_sql(c, 'raw_' + c.name)} as {c.name}" for c in ds.columns]
        con.execute(f"create temp table {chk} as select *, {', '.join(parsed)} from {stg} s")
        con.execute(f"drop table {self.raw_table}")
        n_rows = first_row(con.execute(f"select count(*) from {chk}"))[0]

        queries: list[str] = []
        params: dict[str, object] = {}

        def add(rule: str, column: str, cond: str, detail: str | None = None, value: str | None = None):
            value = value or f"raw_{column}"
            queries.append(
                f"select _row, {_q(column)} as col, {value} as val, {_q(rule)} as rule, "
                f"{detail or 'null'}::varchar as detail from {chk} t where {cond}"
            )

        for c in ds.columns:
            raw = f"raw_{c.name}"
            if c.required:
                add("required", c.name, f"{raw} is null")
            if c.kind in ("int", "decimal", "date", "timestamp"):
                add(f"format_{c.kind}", c.name, f"{raw} is not null and {c.name} is null")
            elif c.kind == "enum":
                # Once per distinct value: its first row, how many rows hold it and the first of them.
                queries.append(
                    f"select min(_row) as _row, {_q(c.name)} as col, {raw} as val, 'enum' as rule, "
                    f"count(*)::varchar || '|' || array_to_string(list(_row order by _row)[1:5], ', ') as detail "
                    f"from {chk} t where {raw} is not null and {c.name} is null group by {raw}")
            elif c.kind == "nip":
                # Eighteen digits are a NIP unless they end in 000; anything else is damaged or not a NIP.
                digits = f"regexp_full_match({c.name}, '\\d{{18}}')"
                damaged = f"regexp_matches({c.name}, {_q(NIP_DAMAGED)})"
                add("nip_excel", c.name, f"{raw} is not null and (case when {digits} then {c.name} like '%000' "
                                         f"else {damaged} end)")
                add("nip_format", c.name, f"{raw} is not null and not {digits} and not {damaged}")
            elif c.kind == "region":
                add("region_unknown", c.name,
                    f"{raw} is not null and {c.name} not in (select region_code from main.regions)")
            if c.min is not None and c.max is not None:
                add("range", c.name, f"{c.name} not between {c.min} and {c.max}")
            elif c.min is not None:
                add("range_min", c.name, f"{c.name} < {c.min}")
        if ds.name == "unor_map":
            self._unor_cycles(chk)
        for rule, column, cond, detail in RULES_BY_DATASET[ds.name]:
            if "$now" in cond:
                params["now"] = self.now
            cond, detail = (x.replace("$chk", chk).replace("$tag", self.tag) if x else x for x in (cond, detail))
            add(rule, column, cond, detail)
        # Duplicate keys within the file: every later occurrence, naming the first.
        keys = ", ".join(ds.key)
        key_ok = " and ".join(f"{k} is not null" for k in ds.key)
        queries.append(
            f"select _row, {_q(ds.key[0])} as col, concat_ws(' / ', {', '.join('raw_' + k for k in ds.key)}) "
            f"as val, 'duplicate_key' as rule, first_row::varchar as detail from ("
            f"select _row, {', '.join('raw_' + k for k in ds.key)}, "
            f"min(_row) over (partition by {keys}) as first_row from {chk} where {key_ok}) where _row > first_row"
        )
        union = " union all ".join(queries)
        # Every rule scans the file once, here; the count and the listed errors read the result.
        errs = f"err_{self.tag}"
        con.execute(f"create temp table {errs} as {union}", params)
        if covered:
            con.register(f"cov_{self.tag}", {"row": np.array([c[0] for c in covered], np.int64),
                                              "col": np.array([c[1] for c in covered], object)})
            con.execute(f"delete from {errs} e using cov_{self.tag} c where e._row = c.row and e.col = c.col")
            con.unregister(f"cov_{self.tag}")
        total = first_row(con.execute(f"select count(*) from {errs}"))[0]
        limit = self.settings.max_errors_listed
        rows = con.execute(f"select * from {errs} order by _row, col, rule limit {int(limit)}").fetchall()
        errors = [self.err(r, c, v, rule, d or "") for r, c, v, rule, d in rows]
        return chk, n_rows, errors, total

    def _unor_cycles(self, chk: str) -> None:
        """The units of the file that are their own ancestors once the file is loaded, with the chain (a temp table
        `unor_cycles_<tag>`: start, path). The walk stops at a unit without a parent, at the start again, or after
        64 steps (deeper chains are not a unit tree)."""
        self.con.execute(
            f"create temp table unor_cycles_{self.tag} as "
            f"with recursive tree as (select unor_id, parent_unor_id from {chk} where unor_id is not null "
            f"union all select unor_id, parent_unor_id from main.unor_map "
            f"where unor_id not in (select unor_id from {chk} where unor_id is not null)), "
            f"walk as (select unor_id as start, parent_unor_id as cur, 1 as depth, unor_id || ' → ' || parent_unor_id "
            f"as path from {chk} where parent_unor_id is not null "
            f"union all select w.start, t.parent_unor_id, w.depth + 1, w.path || ' → ' || t.parent_unor_id "
            f"from walk w join tree t on t.unor_id = w.cur where w.cur <> w.start and w.depth < 64 "
            f"and t.parent_unor_id is not null) "
            f"select start, min(path) as path from walk where cur = start group by start")

    # 4. compare with what is stored
    def diff(self, chk: str, present: set[str]) -> tuple[str, int, int, int]:
        con, ds = self.con, self.ds
        derived = DERIVED.get(ds.name, {})
        inc = f"inc_{self.tag}"
        on = " and ".join(f"n.{k} = e.{k}" for k in ds.key)
        is_new = f"e.{ds.key[0]} is null"
        cols = []
        for c in ds.columns:
            if c.name in present or (c.name in derived and derived[c.name][1] == "derived"):
                cols.append(f"n.{c.name}")
            elif c.name in derived:
                cols.append(f"case when {is_new} then n.{c.name} else e.{c.name} end as {c.name}")
            else:
                # A column absent from the file keeps the stored value of an existing row.
                cols.append(f"case when {is_new} then null else e.{c.name} end::{c.sql_type} as {c.name}")
        replace = ", ".join(f"{expr} as {name}" for name, (expr, _) in derived.items())
        source = f"(select * replace ({replace}) from {chk})" if replace else chk
        con.execute(
            f"create temp table {inc} as select {', '.join(cols)}, e.{ds.key[0]} is null as _is_new "
            f"from {source} n left join main.{ds.name} e on {on}"
        )
        changed = " or ".join(f"i.{c.name} is distinct from e.{c.name}" for c in ds.columns)
        on_i = " and ".join(f"i.{k} = e.{k}" for k in ds.key)
        con.execute(
            f"alter table {inc} add column _changed boolean; "
            f"update {inc} i set _changed = true where _is_new; "
            f"update {inc} i set _changed = ({changed}) from main.{ds.name} e where {on_i} and not i._is_new"
        )
        ins, upd, same = first_row(con.execute(
            f"select count(*) filter (_is_new), count(*) filter (not _is_new and _changed), "
            f"count(*) filter (not _changed) from {inc}"
        ))
        return inc, ins, upd, same

    def write(self, inc: str, batch_id: int) -> None:
        con, ds = self.con, self.ds
        cols = ", ".join(c.name for c in ds.columns)
        on = " and ".join(f"i.{k} = e.{k}" for k in ds.key)
        con.execute(
            f"insert into main.{ds.name}_history select e.*, $b, $now from main.{ds.name} e "
            f"join {inc} i on {on} where not i._is_new and i._changed",
            {"b": batch_id, "now": self.now},
        )
        con.execute(
            f"delete from main.{ds.name} e using {inc} i where {on} and not i._is_new and i._changed"
        )
        # In the order of the key's index: in file order it took a national quarter (4.1 million rows) in 25-37 s,
        # in key order 12-13 s, and with the period first in the index 4.5 s (bench/RESULTS.md).
        con.execute(f"insert into main.{ds.name} select {cols}, $b from {inc} where _changed "
                    f"order by {', '.join(ds.index_key)}", {"b": batch_id})

    def drop_temp(self) -> None:
        for (name,) in self.con.execute(
            "select table_name from duckdb_tables() where temporary and table_name like ?", [f"%{self.tag}"]
        ).fetchall():
            self.con.execute(f"drop table if exists temp.{name}")


def _allowed(dataset: str, col: Column, lang: str) -> str:
    """The accepted values of an enumeration column in the reader's language: the label, and the code that the
    file may hold instead ("Sangat Baik (sangat_baik)")."""
    group = enum_group(dataset, col.name)
    if group not in CODE_LABELS:
        return ", ".join(col.enum)
    return ", ".join(f"{label(group, code, lang)} ({code})" if label(group, code, lang) != code else code
                     for code in col.enum)


def _num(v) -> str:
    if v is None:
        return ""
    return str(int(v)) if float(v).is_integer() else str(v)


def _guess_dataset(header: list[str], current: Dataset) -> str | None:
    names = {norm_header(h) for h in header}
    best, best_score = None, 0.0
    for ds in DATASETS.values():
        required = [c for c in ds.columns if c.required]
        hit = sum(1 for c in required if c.headers() & names)
        score = hit / len(required)
        if score > best_score:
            best, best_score = ds, score
    if best is not None and best is not current and best_score == 1.0:
        return best.name
    return None


def _loaded_before(cur, result: LoadResult, lang: str) -> bool:
    """Whether a file of this sha256 is loaded already into this dataset; if so `result` says "unchanged"."""
    prior = first_row(cur.execute(
        "select batch_id from batches where sha256 = ? and dataset = ? and status = 'loaded' "
        "order by batch_id limit 1", [result.sha256, result.dataset]))
    if prior:
        result.status, result.batch_id = "unchanged", prior[0]
        result.message = text("unchanged_same_file", lang, batch_id=prior[0])
    return bool(prior)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


# One writer at a time per database file in this process (the app's sessions run on threads; DuckDB lets one
# process at a time open a file for writing): a load's check against the stored rows, its write and the refresh
# of what it feeds happen under the lock, and so do undos. Two loads of one file at once then answer "loaded"
# and "unchanged", never two copies of a key (which the tables' primary keys refuse besides).
_WRITE_LOCKS: dict[str, threading.Lock] = {}
_LOCKS_LOCK = threading.Lock()


def write_lock(con: duckdb.DuckDBPyConnection) -> threading.Lock:
    """The lock of the database file `con` writes to."""
    cur = con.cursor()  # the caller's connection may be busy on another thread
    try:
        key = os.path.realpath(path_of(cur) or ":memory:")
    finally:
        cur.close()
    with _LOCKS_LOCK:
        return _WRITE_LOCKS.setdefault(key, threading.Lock())


def load_file(con: duckdb.DuckDBPyConnection, dataset: str, path: str | os.PathLike, *,
              user=None, dry_run: bool = False, lang: str = "id", file_name: str | None = None,
              now: datetime | None = None, settings: Settings | None = None,
              mapping: str | None = None, progress: Progress | None = None) -> LoadResult:
    """Check a file against the contract and, when it has no error and dry_run is false, load it.

    `con` is the store's connection; the load runs in a cursor of its own, in one transaction, under the
    database's write lock (a dry run needs none: it writes nothing). `mapping` names a saved column mapping to
    read the file with; without it, one saved for files with these headers is used by itself. `progress` is
    called with each stage's name as it starts (STAGES; `refresh_<derived table>` for each derived table).
    """
    progress = progress or (lambda stage: None)
    if dry_run:
        return _load_file(con, dataset, path, user=user, dry_run=True, lang=lang, file_name=file_name, now=now,
                          settings=settings, mapping_name=mapping, progress=progress)
    progress("wait")
    with write_lock(con):
        return _load_file(con, dataset, path, user=user, dry_run=False, lang=lang, file_name=file_name, now=now,
                          settings=settings, mapping_name=mapping, progress=progress)


def _load_file(con: duckdb.DuckDBPyConnection, dataset: str, path: str | os.PathLike, *, user,
               dry_run: bool, lang: str, file_name: str | None, now: datetime | None,
               settings: Settings | None, mapping_name: str | None = None,
               progress: Progress = lambda stage: None) -> LoadResult:
    settings = settings or load_settings()
    now = now or datetime.now().replace(microsecond=0)
    actor = Actor.coerce(user)
    path = Path(path)
    name = file_name or path.name
    ds = resolve_dataset(dataset)
    if ds is None:
        allowed = ", ".join(DATASETS)
        msg = rule_message("unknown_dataset", lang, allowed=allowed)
        return LoadResult("rejected", dataset, name, error_count=1,
                          errors=[LoadError(None, None, dataset, "unknown_dataset", msg)])
    result = LoadResult("rejected", ds.name, name, dry_run=dry_run)
    cur = con.cursor()
    ld = Loader(cur, ds, lang, settings, now)
    size = path.stat().st_size
    if size > settings.max_file_mb * 1024 * 1024:
        e = ld.err(None, None, None, "file_too_large", f"{size / 1024 / 1024:.0f}")
        result.errors, result.error_count = [e], 1
        return result
    result.sha256 = _sha256(path)
    if _loaded_before(cur, result, lang):
        return result
    tmp = Path(tempfile.mkdtemp(prefix="kinerja_load_"))
    read_by_duckdb = mapped = None
    try:
        progress("read")
        raw = path.read_bytes()
        if not raw:
            raise _Rejected(rule="file_empty")
        txt = strip_personal(read_text(raw, path, name, tmp), tmp, cur)
        read_by_duckdb = txt.duck  # the rows DuckDB read while removing personal data; dropped at the end
        del raw
        if txt.kept is not None:
            # What is kept (and named by its sha256) is the file without its personal data.
            result.sha256 = _sha256(txt.kept)
            if _loaded_before(cur, result, lang):
                return result
        result.columns_dropped = list(txt.dropped)
        export = recognise(txt.header)
        mapped = None
        if export is not None:
            if export.dataset != ds.name:
                raise _Rejected([LoadError(1, None, None, "export_other_dataset", rule_message(
                    "export_other_dataset", lang, detail=export.name,
                    dataset=DATASETS[export.dataset].title(lang), current=ds.title(lang)))])
            mapped = export.build(cur, txt, tmp)
            txt = mapped.text
            result.source, result.columns_used, result.rows_skipped = mapped.source, list(mapped.columns_used), \
                mapped.skipped
        saved = None
        if export is None:  # a file nobody described: the analyst's saved mapping, named or found by its headers
            saved = mappings.get(cur, mapping_name) if mapping_name else mappings.find(cur, ds.name, txt.header)
            if mapping_name and saved is None:
                raise _Rejected(rule="mapping_unknown", detail=mapping_name)
            if saved is not None and saved.dataset != ds.name:
                raise _Rejected([LoadError(None, None, None, "mapping_other_dataset", rule_message(
                    "mapping_other_dataset", lang, detail=saved.name, dataset=DATASETS[saved.dataset].title(lang),
                    current=ds.title(lang)))])
            if saved is not None:
                txt = dataclasses.replace(txt, header=mappings.apply(saved, txt.header))
                result.mapping = saved.name
        mapping, warnings = ld.map_headers(txt.header)
        if saved is not None:
            ld.headers.update(saved.columns)  # errors name the columns as the file does
            warnings.insert(0, LoadError(None, None, None, "mapping_used", rule_message(
                "mapping_used", lang, detail=saved.name)))
        if mapped is not None:
            ld.headers.update(mapped.headers)  # errors name the columns as the export does
            warnings.insert(0, LoadError(None, None, None, "export_recognised", rule_message(
                "export_recognised", lang, detail=mapped.source, used=", ".join(mapped.columns_used))))
            if mapped.skipped:
                warnings.insert(1, LoadError(None, None, None, "export_skipped", rule_message(
                    "export_skipped", lang, detail=str(mapped.skipped))))
        if txt.dropped:
            warnings.insert(0, LoadError(1, None, None, "personal_dropped", rule_message(
                "personal_dropped", lang, detail=", ".join(txt.dropped))))
        if txt.encoding in ("cp1252", "utf-16"):  # said, never decided silently
            warnings.insert(0, LoadError(None, None, None, "file_encoding_used", rule_message(
                "file_encoding_used", lang, detail={"cp1252": "Windows-1252", "utf-16": "UTF-16"}[txt.encoding])))
        result.warnings = warnings
        try:
            stg, structural, n_structural = ld.stage(txt, mapping)
        except duckdb.Error as exc:
            # The reader itself gave up (e.g. a line longer than its limit): report it, change nothing.
            raise _Rejected(rule="csv_unreadable", detail=str(exc).splitlines()[0][:300])
        present = set(mapping)
        progress("check")
        chk, n_rows, errors, total = ld.check(stg, present, mapped.covered if mapped else ())
        if mapped is not None and mapped.problems:  # what the export's mapping could not place, once per value
            errors += [LoadError(p.line, p.column, p.value, p.rule, rule_message(
                p.rule, lang, detail=p.detail, count=p.count, rows=p.rows)) for p in mapped.problems]
            total += len(mapped.problems)
            result.unmapped_units = [{"unor_id": p.value, "name": p.label, "employees": p.count, "rows": p.rows}
                                     for p in mapped.problems if p.rule == "unor_unmapped"]
        result.rows_in_file = n_rows + n_structural
        if result.rows_in_file == 0 and result.rows_skipped:  # an export of entry ranks only: nothing to load
            result.status = "unchanged"
            result.message = text("export_only_skipped", lang, n=result.rows_skipped)
            return result
        if result.rows_in_file == 0:
            raise _Rejected(rule="file_no_rows")
        all_errors = sorted(structural + errors, key=lambda e: (e.row or 0, e.column or ""))
        total += n_structural
        if total:
            result.error_count = total
            result.errors = all_errors[: settings.max_errors_listed]
            if total > len(result.errors):
                result.errors.append(LoadError(None, None, None, "errors_truncated", rule_message(
                    "errors_truncated", lang, detail=str(total - len(result.errors)))))
            return result
        progress("compare")
        inc, ins, upd, same = ld.diff(chk, present)
        result.rows_inserted, result.rows_updated, result.rows_unchanged = ins, upd, same
        if dry_run:
            result.status = "valid"
            return result
        if ins == 0 and upd == 0:
            result.status = "unchanged"
            result.message = text("unchanged_same_rows", lang)
            return result
        progress("write")
        cur.begin()
        try:
            batch_id = first_row(cur.execute("select nextval('batch_id_seq')"))[0]
            raw_path = _keep_raw(cur, txt.kept or path, batch_id, result.sha256, name)
            ld.write(inc, batch_id)
            cur.execute(
                "insert into batches values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'loaded', null, null, null, ?, ?)",
                [batch_id, ds.name, name, result.sha256, result.rows_in_file, ins, upd, same,
                 len(warnings), actor.login, now, str(raw_path), actor.role, actor.source],
            )
            audit.record(cur, actor, "load", str(batch_id), f"{ds.name} · {name} · +{ins} ~{upd}", now)
            # The derived tables this dataset feeds (a complaints load recounts only the cells its rows fall in).
            derived.refresh(cur, ds.name, derived.keep(cur, ds.name, batch_id, settings), progress)
            progress("commit")
            cur.commit()
        except BaseException:
            cur.rollback()
            raise
        db.checkpoint(cur)  # into the file, readers reading on (db.NO_AUTOCHECKPOINT)
        result.status, result.batch_id = "loaded", batch_id
        return result
    except _Rejected as r:
        result.errors = r.errors or [LoadError(None, None, None, r.rule,
                                               rule_message(r.rule, lang, detail=r.detail))]
        result.error_count = len(result.errors)
        return result
    except Refused as r:  # the file cannot be read as a table: its rule, or the lines that break one
        result.errors = ([LoadError(line, None, value, rule, rule_message(rule, lang, detail=detail))
                          for line, value, rule, detail in r.lines]
                         or [LoadError(None, None, None, r.rule, rule_message(r.rule, lang, detail=r.detail))])
        result.error_count = max(r.total, len(result.errors))
        if result.error_count > len(result.errors):
            result.errors.append(LoadError(None, None, None, "errors_truncated", rule_message(
                "errors_truncated", lang, detail=str(result.error_count - len(result.errors)))))
        return result
    finally:
        try:
            ld.drop_temp()
            if read_by_duckdb is not None:
                drop_rows(cur, read_by_duckdb[0])
            if mapped is not None and mapped.text.table is not None:  # not staged (the load stopped before)
                cur.execute(f"drop table if exists {mapped.text.table}")
        finally:
            cur.close()
            shutil.rmtree(tmp, ignore_errors=True)


def _keep_raw(con, path: Path, batch_id: int, sha: str, name: str) -> Path:
    """Copy the loaded file beside the database, named by the database, the batch and the sha256 (several
    databases may share a folder: db.remove_orphan_raw only touches its own database's files)."""
    folder = raw_dir(con)
    folder.mkdir(parents=True, exist_ok=True)
    safe = "".join(ch if ch.isalnum() or ch in "._-" else "_" for ch in name)[-80:]
    dest = folder / f"{raw_prefix(con)}{batch_id:06d}_{sha[:12]}_{safe}"
    shutil.copyfile(path, dest)
    return dest


# --- Batches and undo ----------------------------------------------------------------------------

@dataclass
class UndoResult:
    status: str  # undone | refused
    batch_id: int
    message: str = ""
    rows_deleted: int = 0
    rows_restored: int = 0

    def to_json(self) -> dict:
        return asdict(self)


def list_batches(con: duckdb.DuckDBPyConnection):
    """Every batch, newest first (a DataFrame)."""
    return con.cursor().execute(
        "select batch_id, dataset, file_name, sha256, rows_in_file, rows_inserted, rows_updated, "
        "rows_unchanged, warning_count, user_name, loaded_at, status, undone_at, undone_by, raw_path "
        "from batches order by batch_id desc"
    ).df()


def undo_batch(con: duckdb.DuckDBPyConnection, batch_id: int, *, user=None, lang: str = "id",
               now: datetime | None = None, progress: Progress | None = None) -> UndoResult:
    """Undo a batch: the rows it inserted go, the rows it updated get their earlier values back (under the
    database's write lock, as loads). `progress`: as load_file's."""
    progress = progress or (lambda stage: None)
    progress("wait")
    with write_lock(con):
        return _undo_batch(con, batch_id, user=user, lang=lang, now=now, progress=progress)


@dataclass(frozen=True)
class UndoPlan:
    """What undoing a batch would do, said before it is done: the batch (dataset, file, when, by whom), the rows it
    added that go and the rows it changed that get their earlier values back; `refusal` says why it cannot be
    undone (None: it can)."""
    batch_id: int
    dataset: str | None = None
    file_name: str = ""
    loaded_at: datetime | None = None
    user_name: str = ""
    removed: int = 0
    restored: int = 0
    refusal: str | None = None


def undo_plan(con: duckdb.DuckDBPyConnection, batch_id: int, *, lang: str = "id") -> UndoPlan:
    """What `undo_batch` would do now (reads only)."""
    cur = con.cursor()
    try:
        return _undo_plan(cur, batch_id, lang)
    finally:
        cur.close()


def _undo_plan(cur, batch_id: int, lang: str) -> UndoPlan:
    row = first_row(cur.execute("select dataset, status, file_name, loaded_at, user_name from batches "
                                "where batch_id = ?", [batch_id]))
    if row is None:
        return UndoPlan(batch_id, refusal=text("undo_not_found", lang, batch_id=batch_id))
    dataset, status, file_name, loaded_at, user_name = row
    plan = UndoPlan(batch_id, dataset, file_name, loaded_at, user_name)
    if status != "loaded":
        return replace(plan, refusal=text("undo_already", lang, batch_id=batch_id))
    if dataset not in DATASETS:  # a bulk import, or a batch of another version
        return replace(plan, refusal=text("undo_unknown_dataset", lang, batch_id=batch_id, dataset=dataset))
    ds = DATASETS[dataset]
    t = ds.name
    later = cur.execute(
        f"select _superseded_by, count(*) from {t}_history where _batch_id = ? group by 1 order by 1 desc",
        [batch_id],
    ).fetchall()
    if later:
        return replace(plan, refusal=text("undo_superseded", lang, batch_id=batch_id,
                                          n=fmt_count(sum(n for _, n in later), lang), later=later[0][0]))
    key = ds.key
    on_h = " and ".join(f"h.{k} = x.{k}" for k in key)
    inserted = (f"select {', '.join(key)} from {t} x where _batch_id = {int(batch_id)} and not exists "
                f"(select 1 from {t}_history h where h._superseded_by = {int(batch_id)} and {on_h})")
    for other, col in ds.referenced_by:
        n, newest = first_row(cur.execute(
            f"select count(*), max(o._batch_id) from {other} o where o._batch_id <> ? and o.{col} in "
            f"(select {key[0]} from ({inserted}))", [batch_id]
        ))
        if n:  # the dataset by its title, and the newest batch that refers to it: undone first, it may free this one
            return replace(plan, refusal=text("undo_referenced", lang, batch_id=batch_id, n=fmt_count(n, lang),
                                              other=DATASETS[other].title(lang), later=newest))
    removed = first_row(cur.execute(f"select count(*) from ({inserted})"))[0]
    restored = first_row(cur.execute(f"select count(*) from {t}_history where _superseded_by = ?", [batch_id]))[0]
    return replace(plan, removed=removed, restored=restored)


def _undo_batch(con: duckdb.DuckDBPyConnection, batch_id: int, *, user, lang: str,
                now: datetime | None, progress: Progress = lambda stage: None) -> UndoResult:
    now = now or datetime.now().replace(microsecond=0)
    cur = con.cursor()
    try:
        plan = _undo_plan(cur, batch_id, lang)
        if plan.refusal:
            return UndoResult("refused", batch_id, plan.refusal)
        ds = DATASETS[plan.dataset]
        t = ds.name
        progress("write")
        cur.begin()
        try:
            # What the derived tables need of the rows the undo changes, kept before it changes them.
            kept = derived.keep(cur, ds.name, batch_id)
            # The rows it added go (removed); the rows it changed go too and get their earlier values back (restored).
            deleted, restored = plan.removed, plan.restored
            cur.execute(f"delete from {t} where _batch_id = ?", [batch_id])
            cols = ", ".join(c.name for c in ds.columns)
            cur.execute(f"insert into {t} select {cols}, _batch_id from {t}_history where _superseded_by = ?",
                        [batch_id])
            cur.execute(f"delete from {t}_history where _superseded_by = ?", [batch_id])
            actor = Actor.coerce(user)
            cur.execute("update batches set status = 'undone', undone_at = ?, undone_by = ? where batch_id = ?",
                        [now, actor.login, batch_id])
            audit.record(cur, actor, "undo", str(batch_id), f"{ds.name} · -{deleted} +{restored}", now)
            derived.refresh(cur, ds.name, kept, progress)
            progress("commit")
            cur.commit()
        except BaseException:
            cur.rollback()
            raise
        db.checkpoint(cur)
        return UndoResult("undone", batch_id, "", deleted, restored)
    finally:
        cur.close()


@dataclass
class RedoResult:
    status: str  # redone | refused
    batch_id: int
    new_batch_id: int | None = None
    message: str = ""
    rows_inserted: int = 0
    rows_updated: int = 0

    def to_json(self) -> dict:
        return asdict(self)


def redo_batch(con: duckdb.DuckDBPyConnection, batch_id: int, *, user=None, lang: str = "id",
               now: datetime | None = None, progress: Progress | None = None) -> RedoResult:
    """Revert an undo: the kept copy of the batch's file is loaded again, as a new batch (checked like any load),
    while nothing depends on the undo: no batch of the dataset was loaded after it. The undone batch then says
    which batch redid it."""
    actor = Actor.coerce(user)
    cur = con.cursor()
    try:
        row = first_row(cur.execute("select dataset, status, undone_at, raw_path, file_name from batches "
                                    "where batch_id = ?", [batch_id]))
        if row is None:
            return RedoResult("refused", batch_id, message=text("undo_not_found", lang, batch_id=batch_id))
        dataset, status, undone_at, raw_path, file_name = row
        if status != "undone":
            return RedoResult("refused", batch_id, message=text("redo_not_undone", lang, batch_id=batch_id))
        later = first_row(cur.execute("select min(batch_id) from batches where dataset = ? and status = 'loaded' "
                                      "and loaded_at >= ? and batch_id <> ?", [dataset, undone_at, batch_id]))[0]
        if later is not None:
            return RedoResult("refused", batch_id, message=text("redo_later", lang, batch_id=batch_id, later=later))
        if not raw_path or not Path(raw_path).is_file():
            return RedoResult("refused", batch_id, message=text("redo_no_file", lang, batch_id=batch_id))
    finally:
        cur.close()
    res = load_file(con, dataset, raw_path, user=actor, lang=lang, file_name=file_name, now=now, progress=progress)
    if res.status != "loaded":
        return RedoResult("refused", batch_id, message=res.message or "; ".join(e.message for e in res.errors[:3]))
    with write_lock(con):
        cur = con.cursor()
        try:
            cur.begin()
            cur.execute("update batches set status = 'redone', redone_as = ? where batch_id = ?",
                        [res.batch_id, batch_id])
            audit.record(cur, actor, "redo", str(batch_id), f"{dataset} · {file_name} → {res.batch_id}", now)
            cur.commit()
        finally:
            cur.close()
    return RedoResult("redone", batch_id, res.batch_id, "", res.rows_inserted, res.rows_updated)


def template_csv(dataset: str, lang: str = "id") -> str:
    """A header-only CSV for a dataset, with the contract's English headers."""
    ds = DATASETS[dataset]
    return ",".join(c.name for c in ds.columns) + "\n"


def dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, default=str, indent=2)
