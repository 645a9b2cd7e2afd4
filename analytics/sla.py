"""Complaint response stages against their targets in working days (METRICS.md §2).

Grain of `sla`: one row per group (or one row overall) and stage, at the as-of date D.
A complaint is seen as it was on D: a stage timestamp after D counts as not done. Rejected complaints
take no part. met: done within target; breached: done late, or not done and already past target at D;
pending: not done and still within target at D. compliance = met / (met + breached).
"""
from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import date, timedelta

import duckdb
import numpy as np
import pandas as pd

from analytics.db import first_row, transaction
from analytics.domain import SEVERITIES
from analytics.filters import FilterError, Filters
from analytics.km import kaplan_meier
from analytics.periods import Period
from analytics.settings import Settings, load_settings
from analytics.query import scoped_agencies
from analytics.scope import Scope
from analytics.workdays import calendar

def compliance(met: int, breached: int) -> float | None:
    """METRICS.md §2: met / (met + breached); None when nothing is decided yet."""
    decided = met + breached
    return met / decided if decided else None


@dataclass(frozen=True)
class SlaWindow:
    """What an SLA report counts: the complaints received from `start` to `end`, their stages at `as_of`, and
    the years of that span for which the working-day calendar has no cuti bersama (working days may be
    overcounted there)."""
    start: date
    end: date
    as_of: date
    uncovered_years: tuple[int, ...]


@dataclass(frozen=True)
class StageTotals:
    met: int
    breached: int
    pending: int

    @property
    def compliance(self) -> float | None:
        return compliance(self.met, self.breached)


def stage_totals(table: pd.DataFrame, stages) -> StageTotals:
    """The counts of `stages` of an `sla` table added up (the resolution stages of every severity, say)."""
    sel = table[table["stage"].isin(list(stages))]
    return StageTotals(*(int(sel[c].sum()) for c in ("met", "breached", "pending")))


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
        return compliance(self.met, self.breached)


def latest_received(con: duckdb.DuckDBPyConnection) -> date | None:
    """The default as-of date: the latest received_at date in the data."""
    row = first_row(con.cursor().execute("select max(received_at)::date from complaints"))
    return row[0] if row else None


def stage_counts(con: duckdb.DuckDBPyConnection, scope: Scope, *, region: str | None, agency: str | None,
                 period: Period, stage: str = "first_response", as_of: date | None = None) -> StageCounts:
    """One stage's counts for the complaints received in `period` (the overview's figures), from `sla`."""
    filters = Filters(region=region, agency=agency, year=period.year, period=period.period)
    window = sla_window(con, scope, filters, as_of=as_of)
    as_of_used = window.as_of if window else as_of
    df = sla(con, scope, filters, as_of=as_of_used)  # the as-of date once: sla need not look it up again
    target = targets()[stage]
    rows = df[df["stage"] == stage]
    if rows.empty:
        return StageCounts(stage, target, as_of_used, 0, 0, 0, 0, 0)
    r = rows.iloc[0]
    return StageCounts(stage, target, as_of_used, int(r.received), int(r.done), int(r.met), int(r.breached),
                       int(r.pending), uncovered_years=window.uncovered_years if window else ())


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


# Complaints per key, stage and elapsed working days at the as-of date: ev done, ce still open (censored).
# {keys}: key expressions over the complaint `c` and its agency `a`, each named; {names}: those names.
_STAGE_SQL = """
with scoped as ({scoped}),
cohort as (
    select {keys}, c.received_at::date as received_day, c.verified_at, c.first_response_at,
           c.resolved_at, coalesce(c.severity, 'normatif') as severity
    from complaints c join agencies a on a.agency_code = c.agency_code
    where c.agency_code in (select agency_code from scoped) and c.status <> 'rejected'
      and c.received_at::date between $start and least($end, $as_of) and {only}
),
stages as (
    select {names}, received_day, 'verification' as stage, verified_at as done_at from cohort
    union all select {names}, received_day, 'first_response', first_response_at from cohort
    union all select {names}, received_day, 'resolution_' || severity, resolved_at from cohort
),
timed as (
    select {names}, stage, received_day, case when done_at::date <= $as_of then done_at::date end as done_day
    from stages
)
select {names}, t.stage, coalesce(wd_done.wd, wd_as_of.wd) - wd_received.wd as elapsed,
       count(*) filter (t.done_day is not null) as ev, count(*) filter (t.done_day is null) as ce
from timed t
join work_calendar wd_received on wd_received.day = t.received_day
left join work_calendar wd_done on wd_done.day = t.done_day
cross join (select wd from work_calendar where day = $as_of) wd_as_of
group by all
order by {names}, t.stage, elapsed
"""

# The mart `complaint_stage_cells`: the stage counts of every complaint at the default as-of date (the latest
# received date), per agency, region, category, channel and month received, rebuilt inside every load and
# undo of complaints or agencies. A report at that date over whole months sums these cells instead of reading
# the complaints. `complaint_cells_meta` holds the as-of date, the first received date and the working-day calendar's
# fingerprint the cells were counted with; when the calendar changes (holidays_extra.csv, the holidays
# package), reports count from the complaints until a writable connection rebuilds the cells.
CELLS_VERSION = 2  # 2: complaint_cells_meta.appended (partial recounts)
CELL_SOURCES = {"agencies", "complaints"}
CELL_TABLES = ("complaint_stage_cells", "complaint_month_cells", "complaint_cells_meta")
# Stored in month, region and agency order, so that a period or region filter reads only its row groups.
_CELL_KEYS = ("date_trunc('month', c.received_at)::date as received_month, coalesce(c.region_code, a.region_code) "
              "as region_code, c.agency_code, c.category, c.channel")
_CELL_NAMES = "received_month, region_code, agency_code, category, channel"
# `--by` over the cells `c` (region is stored already resolved).
_CELL_BY = {"agency": "c.agency_code", "region": "c.region_code", "category": "c.category", "channel": "c.channel"}
# `complaint_month_cells`: per agency, region, category, channel and month: received (not rejected, received
# in the month), resolved (not rejected, resolved in the month up to the as-of date), n_rated and
# satisfaction_sum (of those received in the month). The monthly flow, the overview's months and satisfaction
# read it.
_MONTH_CELLS = """
with mine as (
    select c.agency_code, coalesce(c.region_code, a.region_code) as region_code, c.category, c.channel,
           c.received_at, c.resolved_at, c.satisfaction
    from complaints c join agencies a on a.agency_code = c.agency_code
    where c.status <> 'rejected'
),
parts as (
    select agency_code, region_code, category, channel, date_trunc('month', received_at)::date as month,
           count(*) as received, 0 as resolved, count(satisfaction) as n_rated,
           coalesce(sum(satisfaction), 0) as satisfaction_sum
    from mine where {only_received} group by all
    union all
    select agency_code, region_code, category, channel, date_trunc('month', resolved_at)::date, 0, count(*), 0, 0
    from mine where resolved_at::date <= $as_of and {only_resolved} group by all
)
select agency_code, region_code, category, channel, month, sum(received)::bigint as received,
       sum(resolved)::bigint as resolved, sum(n_rated)::bigint as n_rated, sum(satisfaction_sum)::bigint as satisfaction_sum
from parts group by all
order by month, region_code, agency_code
"""
_CELLS_READ = """
with scoped as ({scoped})
select {group_expr} as grp, c.stage, c.elapsed, sum(c.ev)::bigint as ev, sum(c.ce)::bigint as ce
from complaint_stage_cells c
where c.agency_code in (select agency_code from scoped) and c.received_month between $start_month and $end
group by all
order by grp, c.stage, c.elapsed
"""


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
    """Complaints per group, stage and elapsed working days: events (done) and censored (open) at D. From the
    stored cells when they were counted at D with today's calendar and the window is whole months; else from
    the complaints."""
    start, end, as_of = window
    if _cells_serve(con, start, end, as_of):
        scoped, params = scoped_agencies(scope, filters.region, filters.agency)
        params.update(start_month=start.replace(day=1), end=end)
        sql = _CELLS_READ.format(scoped=scoped, group_expr=_CELL_BY[by] if by else "'all'")
        df = con.cursor().execute(sql, params).df()
        return df, _uncovered(calendar(start.year, as_of.year), start, as_of)
    sql = _STAGE_SQL.format(scoped="{scoped}", keys=f"{SLA_BY[by] if by else repr('all')} as grp", names="grp",
                            only="true")
    return _with_calendar(con, scope, filters, window, sql)


def _cells_meta(con: duckdb.DuckDBPyConnection) -> tuple | None:
    """(version, as_of, first_day, calendar_key) of the stored cells, or None without them."""
    try:
        return first_row(con.cursor().execute(
            "select version, as_of, first_day, calendar_key from complaint_cells_meta"))
    except duckdb.CatalogException:
        return None


def _cells_fresh(meta: tuple | None, as_of: date | None) -> bool:
    """Whether stored cells (their meta) were counted by this version, at `as_of`, with today's calendar."""
    if meta is None or meta[0] != CELLS_VERSION or meta[1] != as_of:
        return False
    return as_of is None or calendar(meta[2].year, as_of.year).key == meta[3]


def _cells_serve(con: duckdb.DuckDBPyConnection, start: date, end: date, as_of: date) -> bool:
    """Whether the stored cells give the window's counts exactly: fresh at this as-of date, and a window of whole
    months from the cells' first month (every period is; so is 'all')."""
    meta = _cells_meta(con)
    whole_months = meta is not None and meta[2] is not None and (start.day == 1 or start <= meta[2]) and (
        end >= as_of or (end + timedelta(days=1)).day == 1)
    return whole_months and _cells_fresh(meta, as_of)


# A partial recount appends its rows after the stored order. Beyond this share of the table the recount is a
# full one, which restores the month, region and agency order that lets a filter skip row groups.
_APPENDED_MAX = 0.2
# The complaint rows a load or an undo of batch {b} changes, as (agency_code, received_at, resolved_at): the
# rows the batch wrote and the earlier versions it replaced. Taken after a load's write, before an undo's.
_CHANGED_BY_BATCH = """
create or replace temp table _cells_changed as
select agency_code, received_at, resolved_at from complaints where _batch_id = {b}
union all
select agency_code, received_at, resolved_at from complaints_history where _superseded_by = {b}
"""


def keep_changed(con: duckdb.DuckDBPyConnection, batch_id: int) -> str:
    """Keep the complaint rows batch `batch_id` changes in a temp table (call after a load's write, before an
    undo's); returns the query of them that `refresh_cells` takes."""
    con.execute(_CHANGED_BY_BATCH.format(b=int(batch_id)))
    return "select * from _cells_changed"
# Complaints whose stage counts change when the as-of date moves between $lo and $hi: received by $lo with a
# stage not done by $lo (its waiting time, or whether it is done, depends on the date).
_OPEN_AT_LO = ("received_at::date <= $lo and (verified_at is null or verified_at::date > $lo or first_response_at "
               "is null or first_response_at::date > $lo or resolved_at is null or resolved_at::date > $lo)")


def _pairs(month_of: str, changed: str, moved: str) -> str:
    """The (month of `month_of`, agency) pairs of the changed rows, and of the complaints `moved` selects."""
    return (f"select distinct date_trunc('month', {month_of})::date as m, agency_code from ({changed}) x "
            f"where {month_of} is not null union "
            f"select distinct date_trunc('month', {month_of})::date, agency_code from complaints "
            f"where $lo < $hi and status <> 'rejected' and {moved}")


# Columns qualified by the caller: inside the subquery an unqualified agency_code would be the pair's own.
_IN_PAIRS = "exists (select 1 from {pairs} p where p.m = date_trunc('month', {col})::date and p.agency_code = {agency})"


def refresh_cells(con: duckdb.DuckDBPyConnection, changed: str | None = None) -> None:
    """Recount the complaint cells at the latest received date (call inside the load's transaction).

    `changed`: a query of the complaint rows a load or an undo changed (`keep_changed`). Then only the cells
    of the months and agencies those rows fall in are recounted, with those holding a complaint still open at
    the earlier as-of date when that date moves. Every cell is recounted without it, when the calendar, the first
    received day or the cells' version changed, or when partial recounts have appended more than a fifth of
    the table."""
    # On `con` itself, not a cursor: a cursor would not see the load's uncommitted rows.
    as_of, first = first_row(con.execute("select max(received_at)::date, min(received_at)::date from complaints"))
    # Without complaints the same statements make the empty tables (counted over today, which matches nothing).
    day = as_of or date.today()
    cal = calendar((first or day).year, day.year)
    # No cells yet, or of a version without `appended`: looked up, since a failed query would abort the load.
    stored = first_row(con.execute(
        "select count(*) from duckdb_columns() where database_name = current_database() and schema_name = 'main' "
        "and table_name = 'complaint_cells_meta' and column_name = 'appended'"))[0]
    meta = first_row(con.execute(
        "select version, as_of, first_day, calendar_key, appended from complaint_cells_meta")) if stored else None
    partial = (changed is not None and meta is not None and meta[0] == CELLS_VERSION and meta[1] is not None
               and as_of is not None and meta[2] == first and meta[3] == cal.key)
    appended = 0
    con.register("work_calendar", cal.table())
    try:
        if partial:
            total = first_row(con.execute("select count(*) from complaint_stage_cells"))[0]
            written = _recount_some(con, changed, meta[1], as_of, first, budget=_APPENDED_MAX * total - meta[4])
            appended = meta[4] + (written or 0)
            partial = written is not None and appended <= _APPENDED_MAX * max(total, 1)
        if not partial:
            appended = 0
            sql = _STAGE_SQL.format(scoped="select agency_code from agencies", keys=_CELL_KEYS, names=_CELL_NAMES,
                                    only="true")
            con.execute(f"create or replace table complaint_stage_cells as {sql}",
                        {"start": first or day, "end": day, "as_of": day})
            con.execute("create or replace table complaint_month_cells as "
                        + _MONTH_CELLS.format(only_received="true", only_resolved="true"), {"as_of": day})
    except BaseException:
        # The transaction is aborted now and any statement would raise over the real error; the caller's
        # rollback removes what this made.
        with contextlib.suppress(duckdb.Error):
            con.unregister("work_calendar")
        raise
    con.unregister("work_calendar")
    con.execute("create or replace table complaint_cells_meta as select ?::integer as version, ?::date as as_of, "
                "?::date as first_day, ?::varchar as calendar_key, ?::bigint as appended",
                [CELLS_VERSION, as_of, first, cal.key if as_of else None, appended])


def _recount_some(con: duckdb.DuckDBPyConnection, changed: str, old: date, new: date, first: date,
                  budget: float) -> int | None:
    """Recount the stage and month cells of the (month, agency) pairs that `changed` or a move of the as-of date
    from `old` to `new` can alter; returns the stage cells written, or None without writing when those pairs
    hold more than `budget` stored cells (a full recount is then cheaper than a partial one thrown away)."""
    lo, hi = min(old, new), max(old, new)
    window = {"lo": lo, "hi": hi}
    con.execute(f"create or replace temp table _stage_pairs as {_pairs('received_at', changed, _OPEN_AT_LO)}",
                window)
    # Month cells: received in the month, or resolved in it; a move of the date adds or removes the resolved.
    con.execute(f"create or replace temp table _month_pairs as {_pairs('received_at', changed, 'false')} union "
                f"{_pairs('resolved_at', changed, 'resolved_at::date > $lo and resolved_at::date <= $hi')}", window)
    touched = first_row(con.execute("select count(*) from complaint_stage_cells c join _stage_pairs p "
                                    "on c.received_month = p.m and c.agency_code = p.agency_code"))[0]
    if touched > budget:
        con.execute("drop table _stage_pairs")
        con.execute("drop table _month_pairs")
        return None
    # A failed statement aborts the transaction; the caller's rollback removes these temp tables.
    con.execute("delete from complaint_stage_cells c using _stage_pairs p "
                "where c.received_month = p.m and c.agency_code = p.agency_code")
    sql = _STAGE_SQL.format(scoped="select agency_code from agencies", keys=_CELL_KEYS, names=_CELL_NAMES,
                            only=_IN_PAIRS.format(pairs="_stage_pairs", col="c.received_at",
                                                  agency="c.agency_code"))
    written = first_row(con.execute(f"insert into complaint_stage_cells by name {sql}",
                                    {"start": first, "end": new, "as_of": new}))[0]
    con.execute("delete from complaint_month_cells c using _month_pairs p "
                "where c.month = p.m and c.agency_code = p.agency_code")
    month = _MONTH_CELLS.format(
        only_received=_IN_PAIRS.format(pairs="_month_pairs", col="mine.received_at", agency="mine.agency_code"),
        only_resolved=_IN_PAIRS.format(pairs="_month_pairs", col="mine.resolved_at", agency="mine.agency_code"))
    con.execute(f"insert into complaint_month_cells by name {month}", {"as_of": new})
    con.execute("drop table _stage_pairs")
    con.execute("drop table _month_pairs")
    return int(written)


def ensure_cells(con: duckdb.DuckDBPyConnection) -> None:
    """Count the cells when they are missing, of another version, or counted with another calendar."""
    if _cells_fresh(_cells_meta(con), latest_received(con)):
        return
    with transaction(con):
        refresh_cells(con)


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
    return df, _uncovered(cal, start, as_of)


def _uncovered(cal, start: date, as_of: date) -> list[int]:
    """The years of the window for which the calendar lacks cuti bersama."""
    return [y for y in cal.uncovered_years if start.year <= y <= as_of.year]


def summarise(counts: pd.DataFrame, goal: dict[str, int]) -> pd.DataFrame:
    """The SLA_COLUMNS of every (grp, stage) of `counts` (grp, stage, elapsed, ev, ce; sorted by grp, stage and
    elapsed), all groups at once: segment sums and pandas' grouped cumulative sums and products, no Python loop
    per group. The Kaplan–Meier figures equal analytics.km.kaplan_meier on each group (tests hold them equal):
    at a time t the risk set is everyone whose time is t or later, S is the product of (1 − d/n) over the event
    times, a quantile is the smallest event time with S ≤ p."""
    if counts.empty:
        return pd.DataFrame(columns=SLA_COLUMNS)
    c = counts.reset_index(drop=True)
    g, s_ = c["grp"].astype(str).to_numpy(), c["stage"].astype(str).to_numpy()
    change = np.ones(len(c), dtype=bool)
    change[1:] = (g[1:] != g[:-1]) | (s_[1:] != s_[:-1])
    seg = np.cumsum(change) - 1
    starts = np.flatnonzero(change)
    t = c["elapsed"].to_numpy(dtype=float)
    ev = c["ev"].to_numpy(dtype=np.int64)
    ce = c["ce"].to_numpy(dtype=np.int64)
    target = np.array([goal[x] for x in s_[starts]], dtype=float)
    row_target = target[seg]

    def seg_sum(values) -> np.ndarray:
        return np.add.reduceat(np.asarray(values, dtype=np.int64), starts)

    def seg_cumsum(values: np.ndarray) -> np.ndarray:
        total = np.cumsum(values)
        return total - (total - values)[starts][seg]  # exact: integers

    n = ev + ce
    # Everyone whose time is t or later: the segment's total less those before this row.
    at_risk = seg_sum(n)[seg] - (seg_cumsum(n) - n)
    with np.errstate(divide="ignore", invalid="ignore"):
        factor = np.where(at_risk > 0, 1.0 - ev / at_risk, 1.0)
    survival = pd.Series(factor).groupby(seg).cumprod().to_numpy()
    event = ev > 0

    def first_time(mask) -> np.ndarray:
        """Per segment, the smallest elapsed where `mask` holds (rows are sorted by elapsed); NaN if none."""
        first = np.minimum.reduceat(np.where(mask, t, np.inf), starts)
        return np.where(np.isinf(first), np.nan, first)

    # S(target): S is constant between event times, so it is S at the last row with t <= target (1 if none).
    last_le = np.maximum.reduceat(np.where(t <= row_target, np.arange(len(c)), -1), starts)
    s_target = np.where(last_le >= 0, survival[np.maximum(last_le, 0)], 1.0)
    # Weighted median of the done complaints' times, interpolated as numpy's median.
    done = seg_sum(ev)
    cum_ev = seg_cumsum(ev)
    lo = first_time(cum_ev > ((done - 1) // 2)[seg])
    hi = first_time(cum_ev > (done // 2)[seg])
    late = t > row_target
    met, late_done = seg_sum(np.where(late, 0, ev)), seg_sum(np.where(late, ev, 0))
    overdue, pending = seg_sum(np.where(late, ce, 0)), seg_sum(np.where(late, 0, ce))
    decided = met + late_done + overdue

    def nullable(a: np.ndarray) -> np.ndarray:
        out = a.astype(object)
        out[np.isnan(a)] = None
        return out

    out = pd.DataFrame({
        "group": c["grp"].to_numpy()[starts], "stage": c["stage"].to_numpy()[starts],
        "target_days": target.astype(int), "received": seg_sum(n), "done": done, "met": met, "breached": late_done + overdue, "pending": pending,
        "compliance": nullable(np.divide(met, decided, out=np.full(len(met), np.nan), where=decided > 0)),
        "km_median": nullable(first_time(event & (survival <= 0.5 + 1e-12))),
        "km_p90": nullable(first_time(event & (survival <= 0.1 + 1e-12))),
        "km_within_target": 1.0 - s_target,
        "naive_median": nullable(np.where(done > 0, (lo + hi) / 2, np.nan)),
    })
    for name, low, high in AGE_BUCKETS:
        sel = (t >= low) & (t <= high) if high is not None else (t >= low)
        out[name] = seg_sum(np.where(sel, ce, 0))
    return out[SLA_COLUMNS]


def sla(con: duckdb.DuckDBPyConnection, scope: Scope, filters: Filters = Filters(), *,
        by: str | None = None, as_of: date | None = None, settings: Settings | None = None,
        stages: tuple[str, ...] | None = None) -> pd.DataFrame:
    """One row per group and stage (METRICS.md §2): group, stage, target_days, received, done, met, breached,
    pending, compliance, km_median, km_p90, km_within_target, naive_median, open_0_5 … open_over_60.
    Complaints received in the filter's period (all of them without a year) up to the as-of date. `stages`
    keeps only those stages (the public page needs the first response only)."""
    by = by or filters.by
    if by is not None and by not in SLA_BY:
        raise FilterError(f"--by must be one of {', '.join(SLA_BY)}")
    window = _window(con, filters, as_of)
    if window is None:
        return pd.DataFrame(columns=SLA_COLUMNS)
    counts, _ = _counts(con, scope, filters, by, window)
    if stages is not None:
        counts = counts[counts["stage"].isin(stages)].reset_index(drop=True)
    goal = targets(settings)
    out = summarise(counts, goal)
    stage_order = {s: i for i, s in enumerate(goal)}
    if len(out):
        out = out.sort_values(["group", "stage"], key=lambda s: s.map(stage_order) if s.name == "stage" else s)
    return out.reset_index(drop=True)


def sla_window(con: duckdb.DuckDBPyConnection, scope: Scope, filters: Filters = Filters(), *,
               as_of: date | None = None) -> SlaWindow | None:
    """The span and as-of date an `sla` report with these filters counts (None when there is nothing to count),
    and the years of it the calendar lacks cuti bersama for. The same for every scope."""
    window = _window(con, filters, as_of)
    if window is None:
        return None
    start, end, as_of = window
    return SlaWindow(start, end, as_of, tuple(_uncovered(calendar(start.year, as_of.year), start, as_of)))


def km_curves(con: duckdb.DuckDBPyConnection, scope: Scope, filters: Filters = Filters(), *,
              stage: str = "first_response", by: str | None = None, as_of: date | None = None,
              groups: list[str] | None = None, top: int | None = None) -> pd.DataFrame:
    """Kaplan–Meier curves of one stage: one row per group and event time: group, t (working days),
    survival (share not yet done), starting at t = 0 with 1. `groups` keeps only those groups; `top` only the
    `top` groups with the most complaints received at the stage, ties by group (the order of `sla`'s
    `received`, in that order: Pengaduan draws them so; a number, not a list taken from the figures, lets
    ui/warm compute a province's curves ahead)."""
    if by is not None and by not in SLA_BY:
        raise FilterError(f"by must be one of {', '.join(SLA_BY)}")
    if top is not None and int(top) < 1:
        raise FilterError(f"top must be at least 1, not {top}")
    window = _window(con, filters, as_of)
    rows = []
    if window is not None:
        counts, _ = _counts(con, scope, filters, by, window)
        counts = counts[(counts["stage"] == stage) & (counts["grp"].isin(groups) if groups is not None else True)]
        order = None
        if top is not None:
            received = (counts["ev"] + counts["ce"]).groupby(counts["grp"]).sum().reset_index(name="n")
            order = list(received.sort_values(["n", "grp"], ascending=[False, True])["grp"].head(int(top)))
            counts = counts[counts["grp"].isin(order)]
        by_group = dict(tuple(counts.groupby("grp", sort=True)))
        for grp in order if order is not None else sorted(by_group):  # the ranked groups in their order
            g = by_group[grp]
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


# The monthly flow: every month of the window with its counts, from the month cells or from the complaints.
_FLOW_SQL = """
with scoped as ({scoped}),
months as (select unnest(generate_series(date_trunc('month', $start::date), $end::date, interval 1 month))::date
           as month),
{counts}
select m.month, coalesce(n.received, 0)::bigint as received, coalesce(n.resolved, 0)::bigint as resolved
from months m left join counts n using (month)
order by m.month
"""
_FLOW_CELLS = """counts as (
    select month, sum(received) as received, sum(resolved) as resolved from complaint_month_cells
    where agency_code in (select agency_code from scoped) and month between date_trunc('month', $start::date) and $end
    group by 1)"""
_FLOW_ROWS = """mine as (select received_at, resolved_at from complaints
             where agency_code in (select agency_code from scoped) and status <> 'rejected'),
counts as (
    select month, sum(received) as received, sum(resolved) as resolved from (
        select date_trunc('month', received_at)::date as month, 1 as received, 0 as resolved from mine
        where received_at::date between $start and $end
        union all
        select date_trunc('month', resolved_at)::date, 0, 1 from mine where resolved_at::date between $start and $end)
    group by 1)"""


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
    counts = _FLOW_CELLS if _cells_serve(con, start, end, as_of) else _FLOW_ROWS
    return con.cursor().execute(_FLOW_SQL.format(scoped=scoped, counts=counts), params).df()


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
        raise FilterError(f"--by must be one of {', '.join(SLA_BY)}")
    scoped, params = scoped_agencies(scope, filters.region, filters.agency)
    meta = _cells_meta(con)
    # The month cells hold every complaint (satisfaction has no as-of date), by the month received; periods
    # are whole months.
    cells = meta is not None and meta[0] == CELLS_VERSION and meta[1] is not None
    period = ""
    if filters.year is not None:
        p = Period(int(filters.year), filters.period or "Y")
        params.update(start=p.start, end=p.end)
        period = f"and {'c.month' if cells else 'c.received_at::date'} between $start and $end"
    if cells:
        sql = f"""
            with scoped as ({scoped})
            select {_CELL_BY[by] if by else "'all'"} as "group", sum(c.n_rated)::bigint as n_rated,
                   sum(c.satisfaction_sum) / sum(c.n_rated) as satisfaction_mean,
                   sum(c.satisfaction_sum) / sum(c.n_rated) * 25 as ikm
            from complaint_month_cells c
            where c.agency_code in (select agency_code from scoped) {period}
            group by 1 having sum(c.n_rated) > 0 order by 1
        """
    else:
        sql = f"""
            with scoped as ({scoped})
            select {SLA_BY[by] if by else "'all'"} as "group", count(c.satisfaction) as n_rated,
                   avg(c.satisfaction) as satisfaction_mean, avg(c.satisfaction) * 25 as ikm
            from complaints c join agencies a on a.agency_code = c.agency_code
            where c.agency_code in (select agency_code from scoped) and c.status <> 'rejected' {period}
            group by 1 having count(c.satisfaction) > 0 order by 1
        """
    df = con.cursor().execute(sql, params).df()
    df["grade"] = [grade(x) for x in df["ikm"]]
    return df
