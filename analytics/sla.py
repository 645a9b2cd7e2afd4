"""Complaint response stages against their targets in working days (METRICS.md §2).

Grain of `sla`: one row per group (or one row overall) and stage, at the as-of date D.
A complaint is seen as it was on D: a stage timestamp after D counts as not done. Rejected complaints
take no part. met: done within target; breached: done late, or not done and already past target at D;
pending: not done and still within target at D. compliance = met / (met + breached).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb
import numpy as np
import pandas as pd

from analytics.db import first_row
from analytics.domain import SEVERITIES
from analytics.filters import Filters
from analytics.km import kaplan_meier
from analytics.periods import Period
from analytics.settings import Settings, load_settings
from analytics.query import scoped_agencies
from analytics.scope import Scope
from analytics.workdays import calendar

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


def stage_counts(con: duckdb.DuckDBPyConnection, scope: Scope, *, region: str | None, agency: str | None,
                 period: Period, stage: str = "first_response", as_of: date | None = None) -> StageCounts:
    """One stage's counts for the complaints received in `period` (the overview's figures), from `sla`."""
    df = sla(con, scope, Filters(region=region, agency=agency, year=period.year, period=period.period),
             as_of=as_of)
    target = targets()[stage]
    as_of_used = date.fromisoformat(df.attrs["as_of"]) if df.attrs.get("as_of") else as_of
    rows = df[df["stage"] == stage]
    if rows.empty:
        return StageCounts(stage, target, as_of_used, 0, 0, 0, 0, 0)
    r = rows.iloc[0]
    return StageCounts(stage, target, as_of_used, int(r.received), int(r.done), int(r.met), int(r.breached),
                       int(r.pending), uncovered_years=tuple(df.attrs.get("uncovered_years", ())))


# --- The full report of METRICS.md §2 -------------------------------------------------------------------


# `--by` allowlist: group expression over the complaint `c` and its agency `a`.
SLA_BY = {"agency": "c.agency_code", "region": "coalesce(c.region_code, a.region_code)",
          "category": "c.category", "channel": "c.channel"}
AGE_BUCKETS = (("open_0_5", 0, 5), ("open_6_20", 6, 20), ("open_21_60", 21, 60), ("open_over_60", 61, None))
SLA_COLUMNS = ["group", "stage", "target_days", "received", "done", "met", "breached", "pending", "compliance",
               "km_median", "km_p90", "km_within_target", "naive_median", *[b[0] for b in AGE_BUCKETS]]


def targets(settings: Settings | None = None) -> dict[str, int]:
    """Stage -> target in working days (settings): verification, first_response, resolution_<severity>."""
    s = settings or load_settings()
    out = {"verification": s.sla_verification_days, "first_response": s.sla_first_response_days}
    for sev in SEVERITIES:
        out[f"resolution_{sev}"] = getattr(s, f"sla_resolution_{sev}_days")
    return out


_SLA_SQL = """
with scoped as ({scoped}),
cohort as (
    select {group_expr} as grp, c.received_at::date as received_day, c.verified_at, c.first_response_at,
           c.resolved_at, coalesce(c.severity, 'normatif') as severity
    from complaints c join agencies a on a.agency_code = c.agency_code
    where c.agency_code in (select agency_code from scoped) and c.status <> 'rejected'
      and c.received_at::date between $start and least($end, $as_of)
),
stages as (
    select grp, received_day, 'verification' as stage, verified_at as done_at from cohort
    union all select grp, received_day, 'first_response', first_response_at from cohort
    union all select grp, received_day, 'resolution_' || severity, resolved_at from cohort
),
timed as (
    select grp, stage, received_day, case when done_at::date <= $as_of then done_at::date end as done_day
    from stages
)
select t.grp, t.stage, coalesce(wd_done.wd, wd_as_of.wd) - wd_received.wd as elapsed,
       count(*) filter (t.done_day is not null) as ev, count(*) filter (t.done_day is null) as ce
from timed t
join work_calendar wd_received on wd_received.day = t.received_day
left join work_calendar wd_done on wd_done.day = t.done_day
cross join (select wd from work_calendar where day = $as_of) wd_as_of
group by all
order by t.grp, t.stage, elapsed
"""


def _weighted_median(values: np.ndarray, counts: np.ndarray) -> float | None:
    """The median of the values repeated by their counts, interpolated as numpy's median."""
    total = int(counts.sum())
    if total == 0:
        return None
    order = np.argsort(values)
    v, c = values[order], np.cumsum(counts[order])
    lo = v[np.searchsorted(c, (total - 1) // 2, side="right")]
    hi = v[np.searchsorted(c, total // 2, side="right")]
    return float((lo + hi) / 2)


def _window(con: duckdb.DuckDBPyConnection, filters: Filters, as_of: date | None) -> tuple[date, date, date] | None:
    """(start, end, as_of) of the complaints a report covers; None when there is nothing to count."""
    as_of = as_of or (date.fromisoformat(filters.as_of) if filters.as_of else None) or latest_received(con)
    if as_of is None:
        return None
    if filters.year is not None:
        p = Period(int(filters.year), filters.period or "Y")
        start, end = p.start, p.end
    else:
        first = first_row(con.cursor().execute("select min(received_at)::date from complaints"))[0]
        start, end = (first or as_of), as_of
    return None if start > as_of else (start, end, as_of)


def _counts(con, scope: Scope, filters: Filters, by: str | None, window) -> tuple[pd.DataFrame, list[int]]:
    """Complaints per group, stage and elapsed working days: events (done) and censored (open) at D."""
    sql = _SLA_SQL.format(scoped="{scoped}", group_expr=SLA_BY[by] if by else "'all'")
    return _with_calendar(con, scope, filters, window, sql)


def _with_calendar(con, scope: Scope, filters: Filters, window, sql: str) -> tuple[pd.DataFrame, list[int]]:
    """Run `sql` (with {scoped}, $start, $end, $as_of) beside the table `work_calendar` of its years; the
    years the calendar lacks cuti bersama for come back too."""
    start, end, as_of = window
    cal = calendar(start.year, as_of.year)
    scoped, params = scoped_agencies(scope, filters.region, filters.agency)
    params.update(start=start, end=end, as_of=as_of)
    cur = con.cursor()
    try:
        cur.register("work_calendar", cal.table())
        df = cur.execute(sql.format(scoped=scoped), params).df()
    finally:
        cur.close()
    return df, [y for y in cal.uncovered_years if start.year <= y <= as_of.year]


def sla(con: duckdb.DuckDBPyConnection, scope: Scope, filters: Filters = Filters(), *,
        by: str | None = None, as_of: date | None = None, settings: Settings | None = None,
        stages: tuple[str, ...] | None = None) -> pd.DataFrame:
    """One row per group and stage (METRICS.md §2): group, stage, target_days, received, done, met, breached,
    pending, compliance, km_median, km_p90, km_within_target, naive_median, open_0_5 … open_over_60.
    Complaints received in the filter's period (all of them without a year) up to the as-of date. `stages`
    keeps only those stages (the public page needs the first response only)."""
    by = by or filters.by
    if by is not None and by not in SLA_BY:
        raise ValueError(f"--by must be one of {', '.join(SLA_BY)}")
    window = _window(con, filters, as_of)
    if window is None:
        return pd.DataFrame(columns=SLA_COLUMNS)
    counts, uncovered = _counts(con, scope, filters, by, window)
    if stages is not None:
        counts = counts[counts["stage"].isin(stages)].reset_index(drop=True)
    as_of = window[2]
    goal = targets(settings)
    rows = []
    # One pass over the (group, stage, elapsed) counts, which come sorted by group and stage: numpy arrays per
    # group-stage, found by where the key changes (vectorised), no per-row Python.
    keys = list(zip(counts["grp"], counts["stage"]))
    g, s_ = counts["grp"].astype(str).to_numpy(), counts["stage"].astype(str).to_numpy()
    change = np.ones(len(counts) + 1, dtype=bool)
    change[1:-1] = (g[1:] != g[:-1]) | (s_[1:] != s_[:-1])
    bounds = np.flatnonzero(change) if len(counts) else np.array([], dtype=int)
    t_all, ev_all, ce_all = (counts[c].to_numpy() for c in ("elapsed", "ev", "ce"))
    for lo_i, hi_i in zip(bounds[:-1], bounds[1:]):
        grp, stage = keys[lo_i]
        t, ev, ce = t_all[lo_i:hi_i], ev_all[lo_i:hi_i], ce_all[lo_i:hi_i]
        target = goal[stage]
        met = int(ev[t <= target].sum())
        late_done = int(ev[t > target].sum())
        overdue = int(ce[t > target].sum())
        pending = int(ce[t <= target].sum())
        decided = met + late_done + overdue
        km = kaplan_meier(t, ev, ce)
        row = {"group": grp, "stage": stage, "target_days": target, "received": int(ev.sum() + ce.sum()),
               "done": int(ev.sum()), "met": met, "breached": late_done + overdue, "pending": pending,
               "compliance": met / decided if decided else None,
               "km_median": km.quantile(0.5), "km_p90": km.quantile(0.1),
               "km_within_target": 1.0 - km.at(target), "naive_median": _weighted_median(t, ev)}
        for name, lo, hi in AGE_BUCKETS:
            sel = (t >= lo) & (t <= hi) if hi is not None else (t >= lo)
            row[name] = int(ce[sel].sum())
        rows.append(row)
    out = pd.DataFrame(rows, columns=SLA_COLUMNS)
    stage_order = {s: i for i, s in enumerate(goal)}
    if len(out):
        out = out.sort_values(["group", "stage"], key=lambda s: s.map(stage_order) if s.name == "stage" else s)
    out = out.reset_index(drop=True)
    out.attrs["as_of"] = as_of.isoformat()
    out.attrs["uncovered_years"] = uncovered
    return out


def km_curves(con: duckdb.DuckDBPyConnection, scope: Scope, filters: Filters = Filters(), *,
              stage: str = "first_response", by: str | None = None, as_of: date | None = None,
              groups: list[str] | None = None) -> pd.DataFrame:
    """Kaplan–Meier curves of one stage: one row per group and event time: group, t (working days),
    survival (share not yet done), starting at t = 0 with 1. `groups` keeps only those groups."""
    if by is not None and by not in SLA_BY:
        raise ValueError(f"by must be one of {', '.join(SLA_BY)}")
    window = _window(con, filters, as_of)
    rows = []
    if window is not None:
        counts, _ = _counts(con, scope, filters, by, window)
        counts = counts[counts["stage"] == stage]
        for grp, g in counts.groupby("grp", sort=True):
            if groups is not None and grp not in groups:
                continue
            km = kaplan_meier(g["elapsed"], g["ev"], g["ce"])
            rows.append({"group": grp, "t": 0.0, "survival": 1.0})
            rows += [{"group": grp, "t": float(t), "survival": float(sv)} for t, sv in zip(km.times, km.survival)]
    return pd.DataFrame(rows, columns=["group", "t", "survival"])


_OVERDUE_SQL = """
with scoped as ({scoped}),
open_ as (
    select c.complaint_id, c.agency_code, c.category, c.channel, c.received_at, coalesce(c.severity, 'normatif')
           as severity,
           case when c.first_response_at::date <= $as_of then null else 'first_response' end as waiting_first,
           case when c.resolved_at::date <= $as_of then null else 'resolution_' || coalesce(c.severity, 'normatif')
           end as waiting_resolution
    from complaints c
    where c.agency_code in (select agency_code from scoped) and c.status <> 'rejected'
      and c.received_at::date between $start and least($end, $as_of)
      and (c.resolved_at is null or c.resolved_at::date > $as_of)
)
select o.complaint_id, o.agency_code, o.category, o.channel, o.received_at, o.severity,
       coalesce(o.waiting_first, o.waiting_resolution) as waiting_for, d.wd - r.wd as age_days
from open_ o
join work_calendar r on r.day = o.received_at::date
cross join (select wd from work_calendar where day = $as_of) d
order by age_days desc, o.received_at, o.complaint_id
"""


def open_complaints(con: duckdb.DuckDBPyConnection, scope: Scope, filters: Filters = Filters(), *,
                    as_of: date | None = None, overdue_only: bool = True,
                    settings: Settings | None = None) -> pd.DataFrame:
    """Complaints not resolved at D: complaint_id, agency_code, category, channel, received_at, severity,
    waiting_for (the first stage not done: first_response, or resolution_<severity>), age_days (working
    days since received) and overdue (past the target of the stage it waits for). Oldest first."""
    window = _window(con, filters, as_of)
    cols = ["complaint_id", "agency_code", "category", "channel", "received_at", "severity", "waiting_for",
            "age_days", "overdue"]
    if window is None:
        return pd.DataFrame(columns=cols)
    df, _ = _with_calendar(con, scope, filters, window, _OVERDUE_SQL)
    goal = targets(settings)
    df["overdue"] = df["age_days"] > df["waiting_for"].map(goal)
    if overdue_only:
        df = df[df["overdue"]]
    return df[cols].reset_index(drop=True)


def monthly_flow(con: duckdb.DuckDBPyConnection, scope: Scope, filters: Filters = Filters(), *,
                 as_of: date | None = None) -> pd.DataFrame:
    """One row per month of the period up to D: month, received (not rejected), resolved (resolved_at in the
    month, whenever received)."""
    window = _window(con, filters, as_of)
    if window is None:
        return pd.DataFrame(columns=["month", "received", "resolved"])
    start, end, as_of = window
    scoped, params = scoped_agencies(scope, filters.region, filters.agency)
    params.update(start=start, end=min(end, as_of))
    return con.cursor().execute(f"""
        with scoped as ({scoped}),
        mine as (select * from complaints where agency_code in (select agency_code from scoped) and status <> 'rejected'),
        months as (select unnest(generate_series(date_trunc('month', $start::date), $end::date, interval 1 month))::date
                   as month),
        received as (select date_trunc('month', received_at)::date as month, count(*) as n from mine
                     where received_at::date between $start and $end group by 1),
        resolved as (select date_trunc('month', resolved_at)::date as month, count(*) as n from mine
                     where resolved_at::date between $start and $end group by 1)
        select m.month, coalesce(rc.n, 0) as received, coalesce(rs.n, 0) as resolved
        from months m left join received rc using (month) left join resolved rs using (month)
        order by m.month
    """, params).df()


# SKM grades (PermenPANRB 14/2017): the lowest IKM of each grade.
GRADES = (("A", 88.31), ("B", 76.61), ("C", 65.00), ("D", 25.00))


def grade(ikm: float | None) -> str | None:
    if ikm is None or pd.isna(ikm):
        return None
    return next((g for g, low in GRADES if ikm >= low - 1e-9), None)


def satisfaction(con: duckdb.DuckDBPyConnection, scope: Scope, filters: Filters = Filters(), *,
                 by: str | None = "agency") -> pd.DataFrame:
    """One row per group: group, n_rated, satisfaction_mean (1–4), ikm (mean × 25), grade (A–D)."""
    if by is not None and by not in SLA_BY:
        raise ValueError(f"--by must be one of {', '.join(SLA_BY)}")
    scoped, params = scoped_agencies(scope, filters.region, filters.agency)
    period = ""
    if filters.year is not None:
        p = Period(int(filters.year), filters.period or "Y")
        params.update(start=p.start, end=p.end)
        period = "and c.received_at::date between $start and $end"
    df = con.cursor().execute(f"""
        with scoped as ({scoped})
        select {SLA_BY[by] if by else "'all'"} as "group", count(c.satisfaction) as n_rated,
               avg(c.satisfaction) as satisfaction_mean, avg(c.satisfaction) * 25 as ikm
        from complaints c join agencies a on a.agency_code = c.agency_code
        where c.agency_code in (select agency_code from scoped) and c.status <> 'rejected' {period}
        group by 1 having count(c.satisfaction) > 0 order by 1
    """, params).df()
    df["grade"] = [grade(x) for x in df["ikm"]]
    return df
