"""Promotion fairness (METRICS.md §3): who was eligible for a rank promotion in year Y and who got one.

Grain of `eligible_pool`: one row per employee eligible in year Y, with the attributes fairness is cut by
and whether they were promoted. On it: the selection rates per group (four-fifths ratio, Fisher test, the
minimum group), the strata by the latest annual rating, the `fairness` report, and `page_rates`, which counts
in the database (the pool never leaves it) and adds 95% Wilson intervals and a verdict per group for the page.
"""
from __future__ import annotations

import duckdb
import pandas as pd

from analytics.db import first_row
from analytics.filters import FilterError, Filters
from analytics.query import CEILING_CTE, RANK_ORDER_CTE, ratings_in_sql, scoped_agencies
from analytics.scope import Scope
from analytics.settings import load_settings



# The pool of each year in $years (one query for several years: the scans of employees, promotions and
# appraisals are shared), with the latest annual rating before the year (the rating strata).
_POOL_SQL = f"""
with scoped as ({{scoped}}),
{RANK_ORDER_CTE},
{CEILING_CTE},
years as (select unnest($years)::integer as year, make_date(unnest($years)::integer, 1, 1) as jan1),
people as (
    select e.* from employees e
    where e.agency_code in (select agency_code from scoped) and e.employment_type = 'pns' and e.status = 'active'
),
-- Each person's rank promotions summed up once per year (a hash aggregate, not a lookup per person): the
-- earliest after 1 January Y and its from_rank, the latest on or before it, and whether one falls in Y.
ranks as (
    select q.nip, y.year,
           arg_min(q.from_rank, q.effective_date) filter (where q.effective_date > y.jan1) as from_rank_after,
           max(q.effective_date) filter (where q.effective_date <= y.jan1) as latest_before,
           count(*) filter (where q.effective_date > y.jan1) > 0 as any_after,
           count(*) filter (where year(q.effective_date) = y.year) > 0 as promoted
    from promotions q cross join years y
    where q.kind like 'rank_%' and q.nip in (select nip from people)
    group by q.nip, y.year
),
on_jan1 as (
    -- Rank on 1 January Y: the from_rank of the earliest rank promotion after that day, else the current rank.
    -- In rank since: the latest rank promotion on or before the day; where none, rank_since when no rank
    -- promotion comes after the day, else cpns_date.
    select p.nip, y.year, y.jan1, p.agency_code, p.gender, p.education, p.birth_date,
           coalesce(r.from_rank_after, p.rank) as rank_jan1,
           coalesce(r.latest_before, case when not coalesce(r.any_after, false) then p.rank_since end, p.cpns_date)
               as in_rank_since,
           coalesce(r.promoted, false) as promoted
    from people p cross join years y left join ranks r on r.nip = p.nip and r.year = y.year
),
eligible as (
    select o.*, a.region_code from on_jan1 o
    join agencies a on a.agency_code = o.agency_code
    join rank_order r on r.rank = o.rank_jan1
    join ceiling c on c.education = o.education
    join rank_order m on m.rank = c.rank
    where r.ix < m.ix and o.rank_jan1 <> 'IV/e' and o.in_rank_since + interval 4 year <= make_date(o.year, 12, 31)
),
annual as (select nip, year, rating from appraisals where period = 'Y' and nip in (select nip from people))
select o.nip, o.year, o.agency_code, o.region_code, o.gender, o.education, o.rank_jan1 as rank,
       case when date_diff('year', o.birth_date, o.jan1) - (strftime(o.birth_date, '%m%d') > '0101')::int < 30
            then '<30'
            when date_diff('year', o.birth_date, o.jan1) - (strftime(o.birth_date, '%m%d') > '0101')::int < 40
            then '30-39'
            when date_diff('year', o.birth_date, o.jan1) - (strftime(o.birth_date, '%m%d') > '0101')::int < 50
            then '40-49' else '50+' end as age_band,
       o.in_rank_since, o.promoted,
       -- The stratum: the latest annual rating before Y (an as-of join), sangat_baik, baik, or other (none
       -- included).
       coalesce(case rt.rating when 'sangat_baik' then 'sangat_baik' when 'baik' then 'baik' end, 'other')
           as rating_stratum
from eligible o asof left join annual rt on rt.nip = o.nip and rt.year < o.year
"""


def _pool_sql(scoped: str) -> str:
    return _POOL_SQL.format(scoped=scoped)


def eligible_pool(con: duckdb.DuckDBPyConnection, scope: Scope, year: int, filters: Filters = Filters()) -> pd.DataFrame:
    """Employees eligible for a regular rank promotion in `year` (METRICS.md §3): a PNS, active, whose rank on
    1 January is below the education ceiling and below IV/e, with 4 years in that rank by 31 December.
    Columns: nip, agency_code, region_code, gender, education, rank (on 1 January), age_band (on 1 January),
    in_rank_since, promoted (a rank promotion effective in the year), rating_stratum (the latest annual
    rating before the year: sangat_baik, baik or other)."""
    scoped, params = scoped_agencies(scope, filters.region, filters.agency)
    params["years"] = [int(year)]
    return con.execute(_pool_sql(scoped) + " order by o.nip", params).df().drop(columns="year")


# The pool's rows {pool} counted per year, agency and attribute: what `pool_cells` stores and the fairness page
# sums.
_CELLS_SQL = ("select year, agency_code, gender, age_band, education, rank, rating_stratum, count(*) as n_eligible, "
              "sum(promoted::integer)::bigint as n_promoted from {pool} group by all")


def store_pools(con: duckdb.DuckDBPyConnection, years) -> None:
    """Count the eligible pool of each of `years` once, over the whole country, and store two tables (called by
    `flags.refresh`, inside the load's transaction; the pool's rows never leave the database):
    - `pool_agency_year`: agency_code, year, pool_n (eligible), pool_rated (with an annual rating the year
      before), pool_good (rated baik or better that year): APPROVER_PATTERN and every approver's record;
    - `pool_cells`: year, agency_code, gender, age_band, education, rank, rating_stratum, n_eligible,
      n_promoted: what the fairness page sums for any scope, attribute and stratum without counting the pool
      of 4.3 million employees on view."""
    scoped, params = scoped_agencies(Scope.unrestricted(), None, None)
    params["years"] = sorted({int(y) for y in years})
    con.execute(f"create or replace temp table _pool as {_pool_sql(scoped)}", params)
    try:
        con.execute(
            "create or replace table pool_agency_year as "
            f"with r as (select nip, year + 1 as year, {ratings_in_sql('rating')} as good from appraisals "
            "where period = 'Y' and year + 1 in (select distinct year from _pool)) "
            "select p.agency_code, p.year, count(*) as pool_n, count(r.nip) as pool_rated, "
            "coalesce(sum(r.good::integer), 0)::bigint as pool_good "
            "from _pool p left join r using (nip, year) group by all order by all")
        con.execute(f"create or replace table pool_cells as {_CELLS_SQL.format(pool='_pool')} order by all")
    finally:
        con.execute("drop table if exists _pool")


# METRICS.md §3 `--attribute` allowlist: the pool column each attribute groups by.
ATTRIBUTES = ("gender", "age_band", "education", "agency", "region", "rank")
_COLUMN = {"agency": "agency_code", "region": "region_code"}
FAIRNESS_COLUMNS = ["attribute", "group", "n_eligible", "n_promoted", "selection_rate", "ratio_to_max",
                    "four_fifths", "p_value", "assessed"]


def selection_rates(pool: pd.DataFrame, attribute: str, *, min_group: int = 30) -> pd.DataFrame:
    """One row per group of `attribute` in the pool: n_eligible, n_promoted, selection_rate, ratio_to_max (rate /
    the highest rate among assessed groups), four_fifths (ratio_to_max < 0.8), p_value (two-sided Fisher exact
    test of the group against all other eligible) and assessed (at least `min_group` eligible)."""
    if attribute not in ATTRIBUTES:
        raise FilterError(f"--attribute must be one of {', '.join(ATTRIBUTES)}")
    col = _COLUMN.get(attribute, attribute)
    g = pool.groupby(col)["promoted"].agg(n_eligible="size", n_promoted="sum").reset_index()
    return rates_from_counts(g.rename(columns={col: "group"}), attribute, min_group=min_group)


def rates_from_counts(g: pd.DataFrame, attribute: str, *, min_group: int = 30) -> pd.DataFrame:
    """`selection_rates` from counts: one row per group with n_eligible and n_promoted."""
    from scipy.stats import fisher_exact

    g = g.copy()
    g["n_eligible"] = g["n_eligible"].astype(int)
    g["n_promoted"] = g["n_promoted"].astype(int)
    g["selection_rate"] = g["n_promoted"] / g["n_eligible"]
    g["assessed"] = g["n_eligible"] >= min_group
    top = g.loc[g["assessed"], "selection_rate"].max() if g["assessed"].any() else None
    g["ratio_to_max"] = g["selection_rate"] / top if top else float("nan")
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

    if not filters.attribute:
        raise FilterError(f"--attribute is required: one of {', '.join(ATTRIBUTES)}")
    if filters.attribute not in ATTRIBUTES:
        raise FilterError(f"--attribute must be one of {', '.join(ATTRIBUTES)}")
    year = filters.year or first_row(con.execute(
        "select max(year(effective_date)) from promotions where kind like 'rank_%'"))[0]
    if year is None:
        return pd.DataFrame(columns=FAIRNESS_COLUMNS)
    pool = eligible_pool(con, scope, int(year), filters)
    return selection_rates(pool, filters.attribute, min_group=load_settings().fairness_min_group)


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


Z95 = 1.959963984540054


def wilson(k, n, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval of k successes in n trials (95% by default); (nan, nan) when n is 0."""
    import math

    if not n:
        return float("nan"), float("nan")
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def _verdicts(rates: pd.DataFrame) -> pd.DataFrame:
    rates = rates.copy()
    ci = [wilson(k, n) for k, n in zip(rates["n_promoted"], rates["n_eligible"])]
    rates["ci_low"], rates["ci_high"] = [c[0] for c in ci], [c[1] for c in ci]
    rates["verdict"] = [
        "not_assessed" if not a else "reference" if r == 1 else "fail" if f else "pass"
        for a, r, f in zip(rates["assessed"], rates["ratio_to_max"], rates["four_fifths"])
    ]
    return rates


def years(con: duckdb.DuckDBPyConnection, scope: Scope, filters: Filters = Filters()) -> list[int]:
    """Years with at least one rank promotion in scope, newest first."""
    scoped, params = scoped_agencies(scope, filters.region, filters.agency)
    return [r[0] for r in con.execute(
        f"with scoped as ({scoped}) select distinct year(effective_date) as y from promotions "
        "where kind like 'rank_%' and agency_code in (select agency_code from scoped) order by y desc",
        params).fetchall()]


def pool_rates(con: duckdb.DuckDBPyConnection, scope: Scope, filters: Filters = Filters()) -> dict:
    """For the fairness page: the selection rates of year `filters.year` (default: the latest with a rank
    promotion) by `filters.attribute`, overall (`rates`) and within each rating stratum (`strata`), each with
    ci_low and ci_high (95% Wilson) and a verdict: reference (the highest assessed rate), pass, fail (below
    four-fifths of it) or not_assessed (fewer eligible than the minimum). Counted in the database."""

    attribute = filters.attribute or "gender"
    if attribute not in ATTRIBUTES:
        raise FilterError(f"--attribute must be one of {', '.join(ATTRIBUTES)}")
    year = filters.year
    if year is None:
        found = years(con, scope, filters)
        if not found:
            return {"year": None, "rates": pd.DataFrame(), "strata": pd.DataFrame(), "n_eligible": 0}
        year = found[0]
    col = "a.region_code" if attribute == "region" else f"c.{_COLUMN.get(attribute, attribute)}"  # allowlisted
    scoped, params = scoped_agencies(scope, filters.region, filters.agency)
    params["year"] = int(year)
    # The pool's cells, stored per load by `store_pools` for every year with a promotion, are summed; a year
    # without any (asked for by the CLI or a URL) is counted from the rows, the same cells on the fly.
    stored = con.execute("select count(*) > 0 from pool_cells where year = $year", {"year": int(year)}).fetchall()[0][0]
    cells = "pool_cells" if stored else f"({_CELLS_SQL.format(pool=f'({_pool_sql(scoped)})')})"
    if not stored:
        params["years"] = [int(year)]
    counts = con.execute(
        f"with scoped as ({scoped}) select {col} as \"group\", c.rating_stratum, sum(c.n_eligible) as n_eligible, "
        f"sum(c.n_promoted) as n_promoted from {cells} c join agencies a on a.agency_code = c.agency_code "
        "where c.year = $year and c.agency_code in (select agency_code from scoped) group by all", params).df()
    min_group = load_settings().fairness_min_group
    if counts.empty:
        return {"year": int(year), "rates": pd.DataFrame(), "strata": pd.DataFrame(), "n_eligible": 0}
    overall = counts.groupby("group")[["n_eligible", "n_promoted"]].sum().reset_index()
    rates = _verdicts(rates_from_counts(overall, attribute, min_group=min_group))
    parts = [_verdicts(rates_from_counts(sub[["group", "n_eligible", "n_promoted"]], attribute, min_group=min_group))
             .assign(stratum=stratum) for stratum in STRATA
             if len(sub := counts[counts["rating_stratum"] == stratum])]
    return {"year": int(year), "rates": rates, "strata": _concat(parts) if parts else pd.DataFrame(),
            "n_eligible": int(overall["n_eligible"].sum()), "min_group": min_group}


def _concat(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """The strata's tables one under the other. A column with no value in one stratum (a p-value where no test
    applies) takes the type it has in the others first: pandas deprecates leaving such columns out when it works
    out the result's types, and the result must not turn to object when it changes (a FutureWarning per view)."""
    types = {}
    for part in parts:
        for c in part.columns:
            if part[c].notna().any():
                types.setdefault(c, part[c].dtype)
    return pd.concat([part.astype({c: t for c, t in types.items() if c in part.columns and part[c].isna().all()})
                      for part in parts], ignore_index=True)
