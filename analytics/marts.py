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

import duckdb

from analytics.db import transaction
from analytics.domain import RATINGS

# Datasets whose change makes the marts stale, and the marts.
SOURCES = {"agencies", "employees", "appraisals"}
TABLES = ("appraisal_facts", "appraisal_agency_period", "rater_period")
# METRICS.md §1: raters need at least this many appraisees; |z| from this is lenient or harsh.
MIN_APPRAISEES = 5
Z_LIMIT = 1.5
INDICATORS = ("on_time_pct", "service_quality", "training_hours")

_FACTS = """
create or replace table appraisal_facts as
select p.nip, p.year, p.period, p.work_result, p.behaviour, p.rating, p.score, p.self_score, p.peer_score,
       p.evaluator_nip, p.on_time_pct, p.service_quality, p.training_hours,
       e.agency_code, a.region_code, e.rank, e.education, e.gender
from appraisals p
join employees e on e.nip = p.nip
join agencies a on a.agency_code = e.agency_code
order by p.year, p.period, a.region_code, e.agency_code
"""

_AGENCY_PERIOD = f"""
create or replace table appraisal_agency_period as
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
from appraisal_facts
group by all
order by year, period, region_code, agency_code
"""

# METRICS.md §1 raters; the pool of an evaluator is every score of their appraisees' agencies in the period.
_RATER_PERIOD = f"""
create or replace table rater_period as
with rated as (select * from appraisal_facts where evaluator_nip is not null),
evaluators as (
    select evaluator_nip, year, period, count(*) as n, avg(score) as score_mean,
           avg((rating = 'sangat_baik')::int) as share_top, count(distinct rating) = 1 as uniform,
           mode(agency_code) as agency_code
    from rated group by all having count(*) >= {MIN_APPRAISEES}
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
MART_VERSION = 3


def refresh(con: duckdb.DuckDBPyConnection) -> None:
    """Rebuild every mart from the current data (call inside the load's transaction)."""
    con.execute(_FACTS)
    con.execute(_AGENCY_PERIOD)
    con.execute(_RATER_PERIOD)
    con.execute("create or replace table mart_meta as select ?::integer as version", [MART_VERSION])


def ensure(con: duckdb.DuckDBPyConnection) -> None:
    """Build the marts when they are missing (a database made before they existed)."""
    have = {r[0] for r in con.execute("select table_name from duckdb_tables() where not temporary").fetchall()}
    current = "mart_meta" in have and con.execute("select version from mart_meta").fetchall() == [(MART_VERSION,)]
    if not (set(TABLES) <= have and current):
        with transaction(con):
            refresh(con)
