"""The overview for regional leaders: headline figures per domain for the filters, each against the
previous period, and the small series behind each card. Everything is aggregated in DuckDB.

Definitions: employees are those with status active today (the employees dataset is a snapshot, so it
has no previous period); ratings are the shares of each rating among the annual ratings of the latest year
with annual ratings up to the period's year, against the year before, with the count of agencies outside
their rating curve (METRICS.md §1); complaints and first-response compliance follow METRICS.md §2 for the
complaints received in the period, at the latest received date in the data; promotions are those
effective in the period.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import duckdb
import pandas as pd

from analytics import derived
from analytics.appraisals import rating_curve
from analytics.domain import GOOD_RATINGS, RATINGS
from analytics.filters import Filters
from analytics.periods import Period
from analytics.query import GOOD_COUNT_SQL, scoped_agencies
from analytics.scope import Scope
from analytics.sla import StageCounts, latest_received, monthly_flow, stage_counts


@dataclass(frozen=True)
class Overview:
    period: Period
    previous: Period
    # The annual ratings shown: the latest year with annual ratings up to the period's year (None: none).
    rating_year: int | None
    employees_active: int
    appraised: int
    appraised_previous: int
    # One row per rating in RATINGS order: rating, n, share, n_previous, share_previous.
    ratings: pd.DataFrame
    # One row per year with annual ratings: year, period, n, share_good.
    good_trend: pd.DataFrame
    # Agencies outside their rating curve in rating_year and the year before, and how many were assessed.
    curve_outside: int
    curve_outside_previous: int
    curve_assessed: int
    complaints: StageCounts
    complaints_previous: StageCounts
    # One row per month of the period (up to the as-of date): month (date), received.
    complaints_monthly: pd.DataFrame
    # One row per promotion kind with any promotion in either period: kind, n, n_previous.
    promotions_by_kind: pd.DataFrame
    # One row per year: year, kind, n.
    promotions_trend: pd.DataFrame
    as_of: date | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def promotions(self) -> int:
        return int(self.promotions_by_kind["n"].sum())

    @property
    def promotions_previous(self) -> int:
        return int(self.promotions_by_kind["n_previous"].sum())

    @property
    def good_share(self) -> float | None:
        return _share(self.ratings, "share")

    @property
    def good_share_previous(self) -> float | None:
        return _share(self.ratings, "share_previous")


def _share(ratings: pd.DataFrame, column: str) -> float | None:
    if ratings[column].isna().all():
        return None
    return float(ratings.loc[ratings["rating"].isin(GOOD_RATINGS), column].sum())


_RATINGS_SQL = """
with scoped as ({scoped})
select year, {n_ratings}
from appraisal_agency_period
where agency_code in (select agency_code from scoped) and period = 'Y' and year in ($year, $year - 1)
group by year
"""

_GOOD_TREND_SQL = """
with scoped as ({scoped})
select year, period, sum(n) as n, sum({good}) / sum(n) as share_good
from appraisal_agency_period
where agency_code in (select agency_code from scoped) and period = 'Y'
group by all order by year
"""

_EMPLOYEES_SQL = """
with scoped as ({scoped})
select count(*) from employees where status = 'active' and agency_code in (select agency_code from scoped)
"""

_PROMOTIONS_SQL = """
with scoped as ({scoped})
select kind, count(*) filter (effective_date between $start and $end) as n,
       count(*) filter (effective_date between $prev_start and $prev_end) as n_previous
from promotions where agency_code in (select agency_code from scoped)
  and effective_date between $prev_start and $end
group by kind order by kind
"""

_PROMOTIONS_TREND_SQL = """
with scoped as ({scoped})
select year(effective_date) as year, kind, count(*) as n
from promotions where agency_code in (select agency_code from scoped)
group by all order by year, kind
"""


# The overview's figures in three parts, by the datasets each reads (the scope reads `agencies`): the pages'
# cache keeps each part under its own datasets' version (ui/data.py), so a complaints upload recomputes only the
# complaint figures of the overview, and an appraisals upload only the appraisal figures.
PARTS = {
    "appraisals": derived.sources("marts") | {"agency_ratings"},  # the marts, and the rating curve's ratings
    "complaints": derived.sources("complaint_cells"),
    "promotions": frozenset({"agencies", "promotions"}),
}


def overview(con: duckdb.DuckDBPyConnection, scope: Scope, *, region: str | None, agency: str | None,
             period: Period, as_of: date | None = None) -> Overview:
    parts = {name: overview_part(con, scope, name, region=region, agency=agency, period=period, as_of=as_of)
             for name in PARTS}
    return assemble(period, parts)


def assemble(period: Period, parts: dict[str, dict]) -> Overview:
    """The Overview of `period` from its three parts (overview_part of each name in PARTS)."""
    return Overview(period=period, previous=period.previous(), **parts["appraisals"], **parts["complaints"],
                    **parts["promotions"])


def overview_part(con: duckdb.DuckDBPyConnection, scope: Scope, part: str, *, region: str | None,
                  agency: str | None, period: Period, as_of: date | None = None) -> dict:
    """The Overview's fields that `part` (a key of PARTS) computes, as a dict."""
    if part not in PARTS:
        raise ValueError(f"part must be one of {', '.join(PARTS)}")
    prev = period.previous()
    scoped, base = scoped_agencies(scope, region, agency)
    cur = con.cursor()

    def q(sql: str, **params) -> duckdb.DuckDBPyConnection:
        n_ratings = ", ".join(f"sum(n_{r}) as {r}" for r in RATINGS)
        return cur.execute(sql.format(scoped=scoped, n_ratings=n_ratings, good=GOOD_COUNT_SQL), {**base, **params})

    try:
        if part == "appraisals":
            employees_active = q(_EMPLOYEES_SQL).fetchall()[0][0]
            good_trend = q(_GOOD_TREND_SQL).df()
            years = [int(y) for y in good_trend["year"] if y <= period.year]
            rating_year = max(years) if years else None
            counts = q(_RATINGS_SQL, year=rating_year).df() if rating_year else pd.DataFrame(
                {"year": [], **{r: [] for r in RATINGS}})
            ratings = _rating_table(counts, rating_year or period.year)
            curve_outside = curve_previous = assessed = 0
            if rating_year:
                curve = rating_curve(con, scope, Filters(region=region, agency=agency, year=rating_year))
                curve_prev = rating_curve(con, scope, Filters(region=region, agency=agency, year=rating_year - 1))
                curve_outside, curve_previous = int((~curve["within"]).sum()), int((~curve_prev["within"]).sum())
                assessed = len(curve)
            return {"rating_year": rating_year, "employees_active": int(employees_active),
                    "appraised": int(ratings["n"].sum()), "appraised_previous": int(ratings["n_previous"].sum()),
                    "ratings": ratings, "good_trend": good_trend, "curve_outside": curve_outside,
                    "curve_outside_previous": curve_previous, "curve_assessed": assessed}
        if part == "complaints":
            as_of = as_of or latest_received(con)
            return {"complaints": stage_counts(con, scope, region=region, agency=agency, period=period, as_of=as_of),
                    "complaints_previous": stage_counts(con, scope, region=region, agency=agency, period=prev,
                                                        as_of=as_of),
                    "complaints_monthly": monthly_flow(con, scope, Filters(region=region, agency=agency,
                                                                           year=period.year, period=period.period),
                                                       as_of=as_of)[["month", "received"]],
                    "as_of": as_of}
        return {"promotions_by_kind": q(_PROMOTIONS_SQL, start=period.start, end=period.end, prev_start=prev.start,
                                        prev_end=prev.end).df(),
                "promotions_trend": q(_PROMOTIONS_TREND_SQL).df()}
    finally:
        cur.close()


def _rating_table(counts: pd.DataFrame, year: int) -> pd.DataFrame:
    def side(y: int) -> pd.Series:
        sel = counts[counts["year"] == y]
        if sel.empty:
            return pd.Series(0, index=list(RATINGS))
        return sel.iloc[0][list(RATINGS)].astype(int)

    cur, before = side(year), side(year - 1)
    out = pd.DataFrame({"rating": list(RATINGS), "n": cur.values, "n_previous": before.values})
    out["share"] = out["n"] / out["n"].sum() if out["n"].sum() else float("nan")
    out["share_previous"] = out["n_previous"] / out["n_previous"].sum() if out["n_previous"].sum() else float("nan")
    return out[["rating", "n", "share", "n_previous", "share_previous"]]
