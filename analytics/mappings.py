"""Saved column mappings (issue 19, item 6): for a file whose headers match no national export and miss columns
the dataset needs, the analyst says once which of the file's columns holds each of the dataset's, under a name.
The mapping is stored in the database and used again, by itself, for any later file of the same dataset with the
same headers (compared as the loader compares headers: case, spaces, hyphens and underscores aside, in any order);
on the command line by name (`load … --mapping NAME`).

A mapping only renames headers: every rule of the dataset still applies to the cells.
"""
from __future__ import annotations

import difflib
import hashlib
import json
import re
from dataclasses import dataclass
from datetime import datetime

import duckdb

from analytics import audit
from analytics.audit import Actor
from analytics.datasets import DATASETS, norm_header
from analytics.db import transaction

NAME = re.compile(r"[\w][\w .()/-]{0,59}")


@dataclass(frozen=True)
class ColumnMapping:
    name: str
    dataset: str
    header_key: str
    columns: dict[str, str]    # the dataset's column -> the file's header that holds it
    headers: list[str]         # the file's headers when the mapping was made
    created_by: str
    created_at: datetime


class MappingError(ValueError):
    """A mapping that cannot be saved; `code` is the catalogue's rule (RULES) and `detail` what it names."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(f"{code}: {detail}")
        self.code, self.detail = code, detail


def header_key(header: list[str]) -> str:
    """The headers of a file, normalised and sorted, as a short hash: files with the same columns share it."""
    names = sorted(norm_header(h) for h in header if h.strip())
    return hashlib.sha256("\x1f".join(names).encode()).hexdigest()[:16]


def suggest(dataset: str, header: list[str]) -> dict[str, str]:
    """For each column of the dataset the file does not name as the contract does: the file's header most like
    it (its name, Indonesian header or aliases), when one is alike enough; headers already matched are not
    offered again."""
    ds = DATASETS[dataset]
    by_norm = {norm_header(h): h for h in header if h.strip()}
    taken = {h for c in ds.columns for n, h in by_norm.items() if n in c.headers()}
    out: dict[str, str] = {}
    for c in ds.columns:
        if c.headers() & set(by_norm):
            continue
        free = {n: h for n, h in by_norm.items() if h not in taken and h not in out.values()}
        best, score = None, 0.0
        for want in c.headers():
            for n, h in free.items():
                r = difflib.SequenceMatcher(None, want, n).ratio()
                if want in n or n in want:
                    r = max(r, 0.8)
                if r > score:
                    best, score = h, r
        if best is not None and score >= 0.6:
            out[c.name] = best
    return out


def _row(r) -> ColumnMapping:
    name, dataset, key, columns, headers, by, at = r
    return ColumnMapping(name, dataset, key, json.loads(columns), json.loads(headers), by, at)


_SELECT = "select name, dataset, header_key, columns, headers, created_by, created_at from column_mappings"


def get(con: duckdb.DuckDBPyConnection, name: str) -> ColumnMapping | None:
    rows = con.execute(f"{_SELECT} where name = ?", [name]).fetchall()
    return _row(rows[0]) if rows else None


def find(con: duckdb.DuckDBPyConnection, dataset: str, header: list[str]) -> ColumnMapping | None:
    """The newest mapping saved for this dataset and these headers."""
    rows = con.execute(f"{_SELECT} where dataset = ? and header_key = ? order by created_at desc, name limit 1",
                       [dataset, header_key(header)]).fetchall()
    return _row(rows[0]) if rows else None


def list_all(con: duckdb.DuckDBPyConnection) -> list[ColumnMapping]:
    return [_row(r) for r in con.execute(f"{_SELECT} order by dataset, name").fetchall()]


def save(con: duckdb.DuckDBPyConnection, name: str, dataset: str, header: list[str], columns: dict[str, str], *,
         user, now: datetime | None = None) -> ColumnMapping:
    """Store a mapping (refused with a MappingError: a name that is not a plain name or is taken by another file's
    mapping, a column the dataset does not have, a header the file does not have or picked twice, a required column
    left without one)."""
    name = " ".join(name.split())
    if not NAME.fullmatch(name):
        raise MappingError("mapping_name", name)
    ds = DATASETS.get(dataset)
    if ds is None:
        raise MappingError("mapping_column", dataset)
    columns = {c: h for c, h in columns.items() if h}
    for c, h in columns.items():
        if c not in ds.column_names:
            raise MappingError("mapping_column", c)
        if h not in header:
            raise MappingError("mapping_header", h)
    picked = list(columns.values())
    twice = next((h for h in picked if picked.count(h) > 1), None)
    if twice:
        raise MappingError("mapping_header_twice", twice)
    native = {c.name for c in ds.columns if c.headers() & {norm_header(h) for h in header}}
    missing = [c.name for c in ds.columns if c.required and c.name not in columns and c.name not in native]
    if missing:
        raise MappingError("mapping_required", ", ".join(missing))
    key = header_key(header)
    actor = Actor.coerce(user)
    now = now or datetime.now().replace(microsecond=0)
    with transaction(con):
        old = get(con, name)
        if old is not None and (old.dataset, old.header_key) != (dataset, key):
            raise MappingError("mapping_name_taken", name)
        con.execute("delete from column_mappings where name = ?", [name])
        con.execute("insert into column_mappings values (?, ?, ?, ?, ?, ?, ?)",
                    [name, dataset, key, json.dumps(columns, ensure_ascii=False),
                     json.dumps(header, ensure_ascii=False), actor.login, now])
        audit.record(con, actor, "mapping", name, f"{dataset}: " + ", ".join(f"{c} ← {h}" for c, h in columns.items()),
                     now)
    return get(con, name)


def apply(mapping: ColumnMapping, header: list[str]) -> list[str]:
    """The file's headers as the dataset names them: each mapped header becomes its column's name; another header
    that would also name a mapped column is set aside (reported with the unknown columns)."""
    renamed = {norm_header(h): c for c, h in mapping.columns.items()}
    mapped = set(mapping.columns)
    ds = DATASETS[mapping.dataset]
    out = []
    for h in header:
        if norm_header(h) in renamed:
            out.append(renamed[norm_header(h)])
        elif any(norm_header(h) in ds.column(c).headers() for c in mapped):
            out.append(f"{h} (-)")
        else:
            out.append(h)
    return out
