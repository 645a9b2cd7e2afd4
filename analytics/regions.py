"""Regions and agencies for the filters: the Kemendagri cascade province → kab/kota → kecamatan.

Grain: one row per region (or agency) the reader may choose. A region is visible when it lies inside the
reader's scope, or above it (a leader of Kota Palu sees Sulawesi Tengah as the way down to Palu).
"""
from __future__ import annotations

from typing import NamedTuple

import duckdb
import pandas as pd

from analytics.db import first_row
from analytics.scope import Scope, region_condition


def _visible(scope: Scope, column: str) -> tuple[str, dict]:
    """Inside the scope, or an ancestor of a scope region."""
    inside, params = scope.region_filter(column, prefix="vis")
    if scope.regions is None:
        return inside, params
    parts = [inside]
    for i, code in enumerate(scope.regions):
        params[f"anc_{i}"] = code + "."
        parts.append(f"starts_with($anc_{i}, {column} || '.')")
    return "(" + " or ".join(parts) + ")", params


def region_options(con: duckdb.DuckDBPyConnection, scope: Scope, parent: str | None = None) -> pd.DataFrame:
    """Provinces (parent None) or the regions one level below `parent`, by name: region_code, name."""
    visible, params = _visible(scope, "region_code")
    if parent is None:
        where = "level = 'province'"
    else:
        where = "parent_code = $parent"
        params["parent"] = parent
    return con.cursor().execute(
        f"select region_code, name from regions where {where} and {visible} order by name, region_code",
        params).df()


def region_names(con: duckdb.DuckDBPyConnection, codes) -> dict[str, str]:
    """Names of the given region codes (a public list: no scope needed)."""
    codes = [str(c) for c in codes]
    if not codes:
        return {}
    return dict(con.cursor().execute("select region_code, name from regions where region_code in (select unnest($c))",
                                     {"c": codes}).fetchall())


def lineage(con: duckdb.DuckDBPyConnection, scope: Scope, code: str | None) -> list[tuple[str, str]]:
    """[(code, name)] from the province down to `code`; [] when the code is unknown or not visible."""
    if not code:
        return []
    visible, params = _visible(scope, "region_code")
    parts = code.split(".")
    codes = [".".join(parts[: i + 1]) for i in range(min(len(parts), 3))]
    params["codes"] = codes
    rows = con.cursor().execute(
        f"select region_code, name from regions where region_code in (select unnest($codes)) and {visible}",
        params).fetchall()
    found = dict(rows)
    if len(codes) != len(parts) or any(c not in found for c in codes):
        return []
    return [(c, found[c]) for c in codes]


def agency_options(con: duckdb.DuckDBPyConnection, scope: Scope, region: str | None = None) -> pd.DataFrame:
    """Agencies in `region` (and below) that the scope allows, by name: agency_code, name, region_code."""
    scope_sql, params = scope.region_filter("region_code")
    region_sql, region_params = region_condition("region_code", region)
    return con.cursor().execute(
        f"select agency_code, name, region_code from agencies where {scope_sql} and {region_sql} "
        "order by name, agency_code", {**params, **region_params}).df()


def agency_name(con: duckdb.DuckDBPyConnection, scope: Scope, code: str) -> str | None:
    scope_sql, params = scope.region_filter("region_code")
    row = first_row(con.cursor().execute(
        f"select name from agencies where agency_code = $code and {scope_sql}", {**params, "code": code}))
    return row[0] if row else None


def data_years(con: duckdb.DuckDBPyConnection) -> tuple[list[int], int | None]:
    """Years that hold any appraisal, complaint or promotion (newest first), and the default year:
    the latest with annual ratings, else the latest with any data."""
    years = [r[0] for r in con.cursor().execute(
        "select distinct y from (select year as y from appraisals union all "
        "select year(received_at) from complaints union all select year(effective_date) from promotions) "
        "where y is not null order by y desc").fetchall()]
    annual = first_row(con.cursor().execute("select max(year) from appraisals where period = 'Y'"))[0]
    return years, (annual if annual is not None else (years[0] if years else None))


class DataVersion(NamedTuple):
    """What the data is at: it changes with every load and undo (and with the file read), and is part of every
    cache key. `datasets` holds (dataset, latest batch id, batches undone) for each dataset ever loaded, sorted,
    so that a figure read from some datasets only can be keyed by those (`of`)."""
    path: str  # the database or the snapshot file read
    latest_batch: int
    undone: int
    datasets: tuple[tuple[str, int, int], ...]

    def of(self, datasets: frozenset[str]) -> tuple[str, tuple[tuple[str, int, int], ...]]:
        """The part that changes only with loads and undos of `datasets` (and with the file read)."""
        return self.path, tuple(entry for entry in self.datasets if entry[0] in datasets)

    @property
    def progress(self) -> tuple[int, int]:
        """(latest batch, batches undone): never smaller in a later version of the same file."""
        return self.latest_batch, self.undone


def data_version(con: duckdb.DuckDBPyConnection, path: str = "") -> DataVersion:
    """The DataVersion of the data `con` reads from the file `path`."""
    rows = con.cursor().execute(
        "select dataset, max(batch_id), count(*) filter (status = 'undone') from batches "
        "group by dataset order by dataset").fetchall()
    latest = max((r[1] for r in rows), default=0)
    return DataVersion(path, latest, sum(r[2] for r in rows), tuple((r[0], r[1], r[2]) for r in rows))
