"""Complaint response stages against their targets in working days (METRICS.md §2).

Grain of `stage_counts`: one row per group (or one row overall) for one stage, at the as-of date D.
A complaint is seen as it was on D: a stage timestamp after D counts as not done. Rejected complaints
take no part. met: done within target; breached: done late, or not done and already past target at D;
pending: not done and still within target at D. compliance = met / (met + breached).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb

from analytics.db import first_row
from analytics.query import scoped_agencies
from analytics.scope import Scope
from analytics.workdays import calendar

# METRICS.md §2 *(settings)*: stage -> (timestamp column, target in working days).
STAGES: dict[str, tuple[str, int]] = {
    "verification": ("verified_at", 3),
    "first_response": ("first_response_at", 5),
}


@dataclass(frozen=True)
class StageCounts:
    stage: str
    target_days: int
    as_of: date | None
    received: int
    done: int
    met: int
    breached: int
    pending: int
    uncovered_years: tuple[int, ...] = ()

    @property
    def compliance(self) -> float | None:
        decided = self.met + self.breached
        return self.met / decided if decided else None


def latest_received(con: duckdb.DuckDBPyConnection) -> date | None:
    """The default as-of date: the latest received_at date in the data."""
    row = first_row(con.cursor().execute("select max(received_at)::date from complaints"))
    return row[0] if row else None


_STAGE_SQL = """
with scoped as ({scoped}),
cohort as (
    select c.received_at::date as received_day,
           case when c.{column}::date <= $as_of then c.{column}::date end as done_day
    from complaints c
    where c.agency_code in (select agency_code from scoped)
      and c.status <> 'rejected'
      and c.received_at::date between $start and $end
),
elapsed as (
    select done_day is not null as is_done,
           coalesce(wd_done.wd, wd_as_of.wd) - wd_received.wd as elapsed_days
    from cohort
    join work_calendar wd_received on wd_received.day = cohort.received_day
    left join work_calendar wd_done on wd_done.day = cohort.done_day
    cross join (select wd from work_calendar where day = $as_of) wd_as_of
)
select count(*) as received,
       count(*) filter (is_done) as done,
       count(*) filter (is_done and elapsed_days <= $target) as met,
       count(*) filter (elapsed_days > $target) as breached,
       count(*) filter (not is_done and elapsed_days <= $target) as pending
from elapsed
"""


def stage_counts(con: duckdb.DuckDBPyConnection, scope: Scope, *, region: str | None, agency: str | None,
                 start: date, end: date, stage: str = "first_response", as_of: date | None = None
                 ) -> StageCounts:
    """Counts for complaints received from `start` to `end` (inclusive, and not after the as-of date)."""
    column, target = STAGES[stage]
    as_of = as_of or latest_received(con)
    if as_of is None or start > as_of:
        return StageCounts(stage, target, as_of, 0, 0, 0, 0, 0)
    end = min(end, as_of)
    cal = calendar(start.year, as_of.year)
    scoped, params = scoped_agencies(scope, region, agency)
    params.update(as_of=as_of, start=start, end=end, target=target)
    cur = con.cursor()
    try:
        cur.register("work_calendar", cal.table())
        row = first_row(cur.execute(_STAGE_SQL.format(scoped=scoped, column=column), params))
    finally:
        cur.close()
    uncovered = tuple(y for y in cal.uncovered_years if start.year <= y <= as_of.year)
    return StageCounts(stage, target, as_of, *[int(v) for v in row], uncovered_years=uncovered)
