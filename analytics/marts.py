"""Precomputed tables that pages read, rebuilt inside the transaction of every load and undo that touches
their sources, so that a page never joins or scans more than it must and never sees a half-built mart.

- appraisal_facts: one row per appraisal (nip, year, period) with the employee's agency, region, rank,
  education and gender; ordered by year, period, region and agency so that a period or region filter
  reads only the row groups it needs.
- appraisal_agency_period: one row per agency, year and period: counts per rating, scored appraisals and
  the sum of scores (the shares, means, rating curve and trends add these up).
"""
from __future__ import annotations

import duckdb

from analytics.domain import RATINGS

# Datasets whose change makes the marts stale.
SOURCES = {"agencies", "employees", "appraisals"}

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
       count(score) as n_scored, coalesce(sum(score), 0) as score_sum
from appraisal_facts
group by all
order by year, period, region_code, agency_code
"""


def refresh(con: duckdb.DuckDBPyConnection) -> None:
    """Rebuild every mart from the current data (call inside the load's transaction)."""
    con.execute(_FACTS)
    con.execute(_AGENCY_PERIOD)


def ensure(con: duckdb.DuckDBPyConnection) -> None:
    """Build the marts when they are missing (a database made before they existed)."""
    have = {r[0] for r in con.execute("select table_name from duckdb_tables() where not temporary").fetchall()}
    if not {"appraisal_facts", "appraisal_agency_period"} <= have:
        con.begin()
        try:
            refresh(con)
            con.commit()
        except BaseException:
            con.rollback()
            raise
