"""Precomputed tables that pages read, rebuilt inside the transaction of every load and undo that touches
their sources, so that a page never joins or scans more than it must and never sees a half-built mart.

- appraisal_facts: one row per appraisal (nip, year, period) with the employee's agency, region, rank,
  education and gender; ordered by year, period, region and agency so that a period or region filter
  reads only the row groups it needs.
- appraisal_agency_period: one row per agency, year and period: counts per rating, scored appraisals, the
  sum of scores, the score quartiles and 10th/90th percentiles (linear interpolation), the 360° gap sums,
  and the median of each indicator (the shares, means, rating curve, trends, box plots and training needs
  read these).
- rater_period: one row per evaluator and period with at least 5 appraisees (METRICS.md §1 raters): n,
  score_mean, share_top, z against all scores of the appraisees' agencies in that period, and the flags.
"""
from __future__ import annotations

from dataclasses import dataclass

import duckdb

from analytics.db import first_row, transaction
from analytics.domain import RATINGS

# Datasets whose change makes the marts stale, and the marts.
SOURCES = {"agencies", "employees", "appraisals"}
TABLES = ("appraisal_facts", "appraisal_agency_period", "rater_period")
# METRICS.md §1: raters need at least this many appraisees; |z| from this is lenient or harsh.
MIN_APPRAISEES = 5
Z_LIMIT = 1.5
INDICATORS = ("on_time_pct", "service_quality", "training_hours")

# The facts of the appraisals {join} keeps (the alias p: appraisals, e: employees, a: agencies; '' keeps all).
_FACTS_SELECT = """
select p.nip, p.year, p.period, p.work_result, p.behaviour, p.rating, p.score, p.self_score, p.peer_score,
       p.evaluator_nip, p.on_time_pct, p.service_quality, p.training_hours,
       e.agency_code, a.region_code, e.rank, e.education, e.gender
from appraisals p
join employees e on e.nip = p.nip
join agencies a on a.agency_code = e.agency_code
{join}
order by p.year, p.period, a.region_code, e.agency_code
"""

# The groups of the facts {facts} gives (the whole table, or the rows of the groups a change reached).
_AGENCY_PERIOD_SELECT = f"""
select agency_code, region_code, year, period, count(*) as n,
       {", ".join(f"count(*) filter (rating = '{r}') as n_{r}" for r in RATINGS)},
       count(score) as n_scored, coalesce(sum(score), 0) as score_sum, coalesce(sum(score * score), 0) as score_sumsq,
       avg(score) as score_mean,
       quantile_cont(score, 0.25) as score_q1, quantile_cont(score, 0.5) as score_median,
       quantile_cont(score, 0.75) as score_q3, quantile_cont(score, 0.1) as score_p10,
       quantile_cont(score, 0.9) as score_p90,
       count(self_score - score) as n_self, coalesce(sum(self_score - score), 0) as self_gap_sum,
       count(*) filter (self_score > score) as n_self_higher,
       count(peer_score - score) as n_peer, coalesce(sum(peer_score - score), 0) as peer_gap_sum,
       {", ".join(f"quantile_cont({i}, 0.5) as median_{i}" for i in INDICATORS)}
from {{facts}}
group by all
order by year, period, region_code, agency_code
"""

# METRICS.md §1 raters; the pool of an evaluator is every score of their appraisees' agencies in the period.
# {rated}: the facts of the evaluators to compute (all of them, or those a change reached, with all their rows).
_RATER_PERIOD_SELECT = f"""
with rated as (select * from {{rated}} where evaluator_nip is not null),
-- An evaluator's agency: that of most of their appraisees in the period; of two with as many, the first code (not
-- mode(), which answers a tie by the order rows arrive in: one build and the next could place a rater apart).
home as (
    select evaluator_nip, year, period, agency_code from rated group by evaluator_nip, year, period, agency_code
    qualify row_number() over (partition by evaluator_nip, year, period order by count(*) desc, agency_code) = 1
),
evaluators as (
    select e.*, h.agency_code from (
        select evaluator_nip, year, period, count(*) as n, avg(score) as score_mean,
               avg((rating = 'sangat_baik')::int) as share_top, count(distinct rating) = 1 as uniform
        from rated group by all having count(*) >= {MIN_APPRAISEES}
    ) e join home h using (evaluator_nip, year, period)
),
evaluator_agencies as (
    select distinct r.evaluator_nip, r.year, r.period, r.agency_code
    from rated r semi join evaluators using (evaluator_nip, year, period)
),
-- Pooled over the agencies from their sums: mean = Σx / n, population variance = Σx² / n − mean².
pools as (
    select ea.evaluator_nip, ea.year, ea.period, sum(p.score_sum) / sum(p.n_scored) as pool_mean,
           sqrt(greatest(sum(p.score_sumsq) / sum(p.n_scored) - pow(sum(p.score_sum) / sum(p.n_scored), 2), 0))
               as pool_sd
    from evaluator_agencies ea
    join appraisal_agency_period p on p.agency_code = ea.agency_code and p.year = ea.year and p.period = ea.period
    where p.n_scored > 0
    group by all
),
scored as (
    select ev.*, case when pools.pool_sd > 0 then (ev.score_mean - pools.pool_mean) / pools.pool_sd end as z,
           pools.pool_mean
    from evaluators ev join pools using (evaluator_nip, year, period)
)
select s.*, a.region_code, coalesce(z >= {Z_LIMIT}, false) as lenient, coalesce(z <= -{Z_LIMIT}, false) as harsh
from scored s join agencies a using (agency_code)
order by year, period, region_code, agency_code
"""


# Bump when a mart's definition changes: databases built with another version rebuild their marts.
MART_VERSION = 4


def refresh(con: duckdb.DuckDBPyConnection, touched: "Touched | None" = None) -> None:
    """Bring every mart up to date (call inside the load's transaction). Without `touched`, or when it says the
    change is too wide, every mart is rebuilt from the current data; with it, only the slices the change reaches
    (`refresh_slices`)."""
    if touched is not None and not touched.full:
        refresh_slices(con, touched)
        return
    # Every mart's rows belong to one period and are ordered by period first: built a few periods at a time, in
    # order, each table is the same as built at once, and no statement sorts or groups more than CHUNK_ROWS rows.
    # At once, the national database's facts (69 M appraisals) took DuckDB to its 18.8 GB limit in a fresh process
    # and past it inside a load, beside the key's index (bench/RESULTS.md).
    con.execute(f"create or replace table appraisal_facts as {_FACTS_SELECT.format(join='where false')}")
    con.execute("create or replace table appraisal_agency_period as "
                + _AGENCY_PERIOD_SELECT.format(facts="(from appraisal_facts limit 0)"))
    con.execute("create or replace table rater_period as "
                + _RATER_PERIOD_SELECT.format(rated="(from appraisal_facts limit 0)"))
    only = f"(select * from appraisal_facts semi join _mt_chunk using ({_using(PERIOD)}))"
    try:
        for chunk in _chunks(con):
            con.execute("create or replace temp table _mt_chunk (year integer, period varchar)")
            con.executemany("insert into _mt_chunk values (?, ?)", chunk)
            con.execute(f"insert into appraisal_facts {_FACTS_SELECT.format(join=_IN_CHUNK)}")
            con.execute("insert into appraisal_agency_period " + _AGENCY_PERIOD_SELECT.format(facts=only))
            con.execute("insert into rater_period " + _RATER_PERIOD_SELECT.format(rated=only))
    finally:
        con.execute("drop table if exists temp._mt_chunk")
    con.execute("create or replace table mart_meta as select ?::integer as version", [MART_VERSION])


# A full rebuild's statements take this many appraisals at most (several periods when they fit, a period whole when
# it is larger): at national scale about 4.1 M rows a quarter, 8 M rows of facts sorted at a time.
CHUNK_ROWS = 8_000_000
PERIOD = ("year", "period")
_IN_CHUNK = "semi join _mt_chunk c on c.year = p.year and c.period = p.period"


def _chunks(con: duckdb.DuckDBPyConnection) -> list[list[tuple[int, str]]]:
    """The periods of the appraisals, in order, grouped so that a group holds at most CHUNK_ROWS appraisals (a period
    larger than that is a group of its own)."""
    chunks: list[list[tuple[int, str]]] = []
    size = 0
    for year, period, n in con.execute("select year, period, count(*) from appraisals group by all "
                                       "order by year, period").fetchall():
        if not chunks or size + n > CHUNK_ROWS:
            chunks.append([])
            size = 0
        chunks[-1].append((year, period))
        size += n
    return chunks


# --- Refreshed by what changed (issue 22) -------------------------------------------------------------------

# What a change of each source dataset touches, kept in temp table _mt_keys: the appraisals' keys, the employees'
# NIPs, the agencies' codes (each the dataset's primary key); and the join that keeps the appraisals (p) joined to
# employees (e) that it reaches. Semi joins, not row-value IN lists: at national scale 0.5 s against 3 s a scan.
_TOUCH = {
    "appraisals": (("nip", "year", "period"), "semi join _mt_keys k on k.nip = p.nip and k.year = p.year "
                                              "and k.period = p.period"),
    "employees": (("nip",), "semi join _mt_keys k on k.nip = p.nip"),
    "agencies": (("agency_code",), "semi join _mt_keys k on k.agency_code = e.agency_code"),
}
GROUP = ("agency_code", "year", "period")
RATER = ("evaluator_nip", "year", "period")


def _using(cols) -> str:
    return ", ".join(cols)


def _delete(con: duckdb.DuckDBPyConnection, table: str, keys: str, cols) -> None:
    """Delete the rows of `table` whose `cols` are a row of temp table `keys`."""
    on = " and ".join(f"t.{c} = k.{c}" for c in cols)
    con.execute(f"delete from {table} t using {keys} k where {on}")


@dataclass(frozen=True)
class Touched:
    """The rows of one source dataset a load or an undo changes (kept in temp table _mt_keys while they are in
    place), and whether they are too many for a refresh by slices."""
    dataset: str
    rows: int
    share: float  # of the dataset's rows
    full: bool


def keep(con: duckdb.DuckDBPyConnection, dataset: str, batch_id: int, max_share: float) -> Touched | None:
    """Keep the keys of the rows batch `batch_id` changes in `dataset` (call after a load's write, before an
    undo's: the batch's rows are in place then; an updated row's earlier values are in the history under the
    same key). More than `max_share` of the dataset's rows: the marts are rebuilt whole."""
    if dataset not in _TOUCH:
        return None
    cols = _using(_TOUCH[dataset][0])
    con.execute(f"create or replace temp table _mt_keys as select {cols} from {dataset} where _batch_id = ?",
                [int(batch_id)])  # the key is the table's primary key: no two rows share one
    rows = first_row(con.execute("select count(*) from _mt_keys"))[0]
    total = first_row(con.execute(f"select count(*) from {dataset}"))[0]
    share = rows / total if total else 1.0
    return Touched(dataset, rows, share, share > max_share)


def refresh_slices(con: duckdb.DuckDBPyConnection, touched: Touched) -> None:
    """Recompute only what the kept keys reach, equal to a full rebuild (tests/test_incremental.py):
    - appraisal_facts: the facts of the touched rows are deleted and read again from the datasets;
    - appraisal_agency_period: the groups (agency, year, period) of those facts, before and after;
    - rater_period: the evaluators (and periods) of those facts, before and after, and every evaluator with an
      appraisee in a recomputed group (its pool is that group's scores)."""
    cols, source = _TOUCH[touched.dataset]
    touched_facts = f"appraisal_facts semi join _mt_keys using ({_using(cols)})"
    try:
        con.execute(f"create or replace temp table _mt_groups as select distinct {_using(GROUP)} from {touched_facts}")
        con.execute(f"create or replace temp table _mt_raters as select distinct {_using(RATER)} from {touched_facts} "
                    "where evaluator_nip is not null")
        _delete(con, "appraisal_facts", "_mt_keys", cols)
        con.execute(f"insert into appraisal_facts {_FACTS_SELECT.format(join=source)}")
        con.execute(f"create or replace temp table _mt_groups as select {_using(GROUP)} from _mt_groups "
                    f"union select {_using(GROUP)} from {touched_facts}")
        _delete(con, "appraisal_agency_period", "_mt_groups", GROUP)
        con.execute("insert into appraisal_agency_period " + _AGENCY_PERIOD_SELECT.format(
            facts=f"(select * from appraisal_facts semi join _mt_groups using ({_using(GROUP)}))"))
        con.execute(f"create or replace temp table _mt_raters as select {_using(RATER)} from _mt_raters union "
                    f"select {_using(RATER)} from {touched_facts} where evaluator_nip is not null union "
                    f"select {_using(RATER)} from appraisal_facts semi join _mt_groups using ({_using(GROUP)}) "
                    "where evaluator_nip is not null")
        _delete(con, "rater_period", "_mt_raters", RATER)
        con.execute("insert into rater_period " + _RATER_PERIOD_SELECT.format(
            rated=f"(select * from appraisal_facts semi join _mt_raters using ({_using(RATER)}))"))
    finally:
        for t in ("_mt_keys", "_mt_groups", "_mt_raters"):
            con.execute(f"drop table if exists temp.{t}")


def ensure(con: duckdb.DuckDBPyConnection) -> None:
    """Build the marts when they are missing (a database made before they existed)."""
    have = {r[0] for r in con.execute("select table_name from duckdb_tables() where not temporary").fetchall()}
    current = "mart_meta" in have and con.execute("select version from mart_meta").fetchall() == [(MART_VERSION,)]
    if not (set(TABLES) <= have and current):
        with transaction(con):
            refresh(con)
