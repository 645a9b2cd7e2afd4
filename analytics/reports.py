"""Reports of `python -m analytics report NAME`: a registry of read functions over the store.

Each report takes the connection, a Scope and the filters of CONTRACT.md §3 and returns a DataFrame
whose columns are the row fields of METRICS.md. Each is documented in the README and on the methodology page (tests/test_docs.py).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import duckdb
import pandas as pd

from analytics import appraisals, fairness, flags, public, sla
from analytics.filters import Filters
from analytics.query import scoped_agencies
from analytics.scope import Scope


# One row per dataset: how many rows the reader may see under the filters.
# Region and agency come from the agency each row belongs to (the agency's own region for agencies).
_DATASET_COUNTS = """
with scoped_agencies as ({scoped}),
counts as (
    select 'agencies' as dataset, count(*) as n from scoped_agencies
    union all select 'agency_ratings', count(*) from agency_ratings
        where agency_code in (select agency_code from scoped_agencies) and ({year})
    union all select 'employees', count(*) from employees
        where agency_code in (select agency_code from scoped_agencies)
    union all select 'appraisals', count(*) from appraisals p
        where nip in (select nip from employees where agency_code in (select agency_code from scoped_agencies))
          and ({year}) and ({period})
    union all select 'complaints', count(*) from complaints
        where agency_code in (select agency_code from scoped_agencies) and ({complaint_year})
    union all select 'promotions', count(*) from promotions
        where agency_code in (select agency_code from scoped_agencies) and ({promotion_year})
)
select dataset, n as rows from counts
"""


def dataset_counts(con: duckdb.DuckDBPyConnection, scope: Scope, filters: Filters = Filters()) -> pd.DataFrame:
    """Row counts per dataset visible to `scope` under `filters` (one row per dataset)."""
    scoped, params = scoped_agencies(scope, filters.region, filters.agency)
    if filters.year:
        params["year"] = filters.year
    if filters.period:
        params["period"] = filters.period
    sql = _DATASET_COUNTS.format(
        scoped=scoped,
        year="year = $year" if filters.year else "true",
        period="period = $period" if filters.period else "true",
        complaint_year="year(received_at) = $year" if filters.year else "true",
        promotion_year="year(effective_date) = $year" if filters.year else "true",
    )
    return con.cursor().execute(sql, params).df()


Report = Callable[[duckdb.DuckDBPyConnection, Scope, Filters], pd.DataFrame]

REPORTS: dict[str, Report] = {
    "datasets": dataset_counts,
    "appraisal-distribution": appraisals.appraisal_distribution,
    "rating-curve": appraisals.rating_curve,
    "raters": appraisals.raters,
    "sla": sla.sla,
    "fairness": fairness.fairness,
    "flags": flags.flags,
    "public": public.report,
}
@dataclass(frozen=True)
class Context:
    """What the command line says beside a report's rows: the date its figures are at, and the years the
    working-day calendar has no cuti bersama for."""
    as_of: object = None  # a date, or the time the stored flags were computed
    uncovered_years: tuple[int, ...] = ()


def _sla_context(con: duckdb.DuckDBPyConnection, scope: Scope, filters: Filters) -> Context:
    window = sla.sla_window(con, scope, filters)
    return Context(window.as_of.isoformat(), window.uncovered_years) if window else Context(filters.as_of)


def _flags_context(con: duckdb.DuckDBPyConnection, scope: Scope, filters: Filters) -> Context:
    m = flags.meta(con)
    return Context(m["computed_at"] if m else None)


# The reports with a context of their own; the others are at the --as-of asked for, if any.
CONTEXTS: dict[str, Callable[[duckdb.DuckDBPyConnection, Scope, Filters], Context]] = {
    "sla": _sla_context, "flags": _flags_context}
# The reports whose rows hold sentences, written in the language asked for (`lang=`); the others hold codes.
REPORTS_IN_WORDS = frozenset({"flags"})
