"""Promotion fairness (METRICS.md §3): who was eligible for a rank promotion in year Y and who got one.

Grain of `eligible_pool`: one row per employee eligible in year Y, with the attributes fairness is cut by
and whether they were promoted. Built so far: the pool and the selection rates per group (four-fifths
ratio, Fisher test, the minimum group). The strata by the latest annual rating and the `fairness` report. Not built yet: the page.
"""
from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from analytics.filters import Filters
from analytics.query import CEILING_CTE, RANK_ORDER_CTE, scoped_agencies
from analytics.scope import Scope



_POOL_SQL = f"""
with scoped as ({{scoped}}),
{RANK_ORDER_CTE},
{CEILING_CTE},
rank_promotions as (select nip, effective_date, from_rank from promotions where kind like 'rank_%'),
people as (
    select e.* from employees e
    where e.agency_code in (select agency_code from scoped) and e.employment_type = 'pns' and e.status = 'active'
),
on_jan1 as (
    -- Rank on 1 January Y: the from_rank of the earliest rank promotion after that day, else the current rank.
    -- In rank since: the latest rank promotion on or before the day; where none, rank_since when no rank
    -- promotion comes after the day, else cpns_date.
    select p.nip, p.agency_code, p.gender, p.education, p.birth_date,
           coalesce((select q.from_rank from rank_promotions q where q.nip = p.nip and q.effective_date > $jan1
                     order by q.effective_date limit 1), p.rank) as rank_jan1,
           coalesce((select max(q.effective_date) from rank_promotions q
                     where q.nip = p.nip and q.effective_date <= $jan1),
                    case when not exists (select 1 from rank_promotions q
                                          where q.nip = p.nip and q.effective_date > $jan1)
                         then p.rank_since end,
                    p.cpns_date) as in_rank_since
    from people p
)
select o.nip, o.agency_code, a.region_code, o.gender, o.education, o.rank_jan1 as rank,
       case when date_diff('year', o.birth_date, $jan1) - (strftime(o.birth_date, '%m%d') > '0101')::int < 30
            then '<30'
            when date_diff('year', o.birth_date, $jan1) - (strftime(o.birth_date, '%m%d') > '0101')::int < 40
            then '30-39'
            when date_diff('year', o.birth_date, $jan1) - (strftime(o.birth_date, '%m%d') > '0101')::int < 50
            then '40-49' else '50+' end as age_band,
       o.in_rank_since,
       exists (select 1 from rank_promotions q where q.nip = o.nip and year(q.effective_date) = $year) as promoted,
       -- The stratum: the latest annual rating before Y (sangat_baik, baik, or other, none included).
       coalesce(case (select arg_max(ap.rating, ap.year) from appraisals ap
                      where ap.nip = o.nip and ap.period = 'Y' and ap.year < $year)
                     when 'sangat_baik' then 'sangat_baik' when 'baik' then 'baik' end, 'other') as rating_stratum
from on_jan1 o
join agencies a on a.agency_code = o.agency_code
join rank_order r on r.rank = o.rank_jan1
join ceiling c on c.education = o.education
join rank_order m on m.rank = c.rank
where r.ix < m.ix and o.rank_jan1 <> 'IV/e' and o.in_rank_since + interval 4 year <= $dec31
order by o.nip
"""


def eligible_pool(con: duckdb.DuckDBPyConnection, scope: Scope, year: int, filters: Filters = Filters()) -> pd.DataFrame:
    """Employees eligible for a regular rank promotion in `year` (METRICS.md §3): a PNS, active, whose rank on
    1 January is below the education ceiling and below IV/e, with 4 years in that rank by 31 December.
    Columns: nip, agency_code, region_code, gender, education, rank (on 1 January), age_band (on 1 January),
    in_rank_since, promoted (a rank promotion effective in the year), rating_stratum (the latest annual
    rating before the year: sangat_baik, baik or other)."""
    scoped, params = scoped_agencies(scope, filters.region, filters.agency)
    params.update(year=int(year), jan1=date(int(year), 1, 1), dec31=date(int(year), 12, 31))
    return con.cursor().execute(_POOL_SQL.format(scoped=scoped), params).df()


# METRICS.md §3 `--attribute` allowlist: the pool column each attribute groups by.
ATTRIBUTES = ("gender", "age_band", "education", "agency", "region", "rank")
_COLUMN = {"agency": "agency_code", "region": "region_code"}
FAIRNESS_COLUMNS = ["attribute", "group", "n_eligible", "n_promoted", "selection_rate", "ratio_to_max",
                    "four_fifths", "p_value", "assessed"]


def selection_rates(pool: pd.DataFrame, attribute: str, *, min_group: int = 30) -> pd.DataFrame:
    """One row per group of `attribute` in the pool: n_eligible, n_promoted, selection_rate, ratio_to_max (rate /
    the highest rate among assessed groups), four_fifths (ratio_to_max < 0.8), p_value (two-sided Fisher exact
    test of the group against all other eligible) and assessed (at least `min_group` eligible)."""
    from scipy.stats import fisher_exact

    if attribute not in ATTRIBUTES:
        raise ValueError(f"--attribute must be one of {', '.join(ATTRIBUTES)}")
    col = _COLUMN.get(attribute, attribute)
    g = pool.groupby(col)["promoted"].agg(n_eligible="size", n_promoted="sum").reset_index()
    g = g.rename(columns={col: "group"})
    g["n_promoted"] = g["n_promoted"].astype(int)
    g["selection_rate"] = g["n_promoted"] / g["n_eligible"]
    g["assessed"] = g["n_eligible"] >= min_group
    top = g.loc[g["assessed"], "selection_rate"].max() if g["assessed"].any() else None
    g["ratio_to_max"] = g["selection_rate"] / top if top else None
    g["four_fifths"] = g["assessed"] & (g["ratio_to_max"] < 0.8)
    total_n, total_p = int(g["n_eligible"].sum()), int(g["n_promoted"].sum())
    g["p_value"] = [
        fisher_exact([[p, n - p], [total_p - p, (total_n - n) - (total_p - p)]])[1] if total_n > n else None
        for n, p in zip(g["n_eligible"], g["n_promoted"])
    ]
    g.insert(0, "attribute", attribute)
    return g[FAIRNESS_COLUMNS]


def fairness(con: duckdb.DuckDBPyConnection, scope: Scope, filters: Filters = Filters()) -> pd.DataFrame:
    """`python -m analytics report fairness --attribute A [--year Y]` (METRICS.md §3): selection rates per group
    of the eligible pool of year Y (default: the latest year with a rank promotion)."""
    from analytics.db import first_row
    from analytics.settings import load_settings

    if not filters.attribute:
        raise ValueError(f"--attribute is required: one of {', '.join(ATTRIBUTES)}")
    if filters.attribute not in ATTRIBUTES:
        raise ValueError(f"--attribute must be one of {', '.join(ATTRIBUTES)}")
    year = filters.year or first_row(con.cursor().execute(
        "select max(year(effective_date)) from promotions where kind like 'rank_%'"))[0]
    if year is None:
        return pd.DataFrame(columns=FAIRNESS_COLUMNS)
    pool = eligible_pool(con, scope, int(year), filters)
    out = selection_rates(pool, filters.attribute, min_group=load_settings().fairness_min_group)
    out.attrs["year"] = int(year)
    return out


STRATA = ("sangat_baik", "baik", "other")


def strata(pool: pd.DataFrame, attribute: str, *, min_group: int = 30) -> pd.DataFrame:
    """Selection rates per group within each stratum of the latest annual rating before the year, so that a
    gap explained by performance shows as such: the columns of `selection_rates` and `stratum`."""
    parts = []
    for stratum in STRATA:
        sub = pool[pool["rating_stratum"] == stratum]
        if len(sub):
            parts.append(selection_rates(sub, attribute, min_group=min_group).assign(stratum=stratum))
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=[*FAIRNESS_COLUMNS, "stratum"])
