"""Appraisals for leaders (METRICS.md §1): rating distributions, the rating curve, raters, 360° gaps and
training needs. Every function takes the connection, a Scope and the filters, and aggregates in DuckDB.

Grain of the shared base (`appraised`, read from the appraisal_facts mart): one row per appraisal (nip, year,
period) of an employee whose agency is inside the scope and the region/agency filters, with the
employee's agency, region, rank, education and gender. Counts and sums per agency and period come from
the appraisal_agency_period mart. Names and NIPs leave these functions only when the scope allows
personal data.
"""
from __future__ import annotations

from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from analytics.domain import BELOW_BAIK, GOOD_RATINGS, RATINGS
from analytics.query import GOOD_COUNT_SQL, scoped_agencies
from analytics.filters import FilterError, Filters
from analytics.marts import INDICATORS
from analytics.scope import Scope
from analytics.settings import load_settings

SHARE_COLUMNS = [f"share_{r}" for r in RATINGS]
# METRICS.md §1 `--by`: the allowlist of grouping columns (no identifier ever comes from the caller).
GROUP_BY = {"agency": "agency_code", "region": "region_code", "rank": "rank", "education": "education",
            "gender": "gender"}


def with_good_and_below(shares: pd.DataFrame) -> pd.DataFrame:
    """A copy of rows with share_<rating> columns (appraisal_distribution, rating_totals) with `good`, the share
    rated baik or better, and `below`, the share rated below baik (domain.GOOD_RATINGS, BELOW_BAIK)."""
    out = shares.copy()
    out["good"] = out[[f"share_{r}" for r in GOOD_RATINGS]].sum(axis=1)
    out["below"] = out[[f"share_{r}" for r in BELOW_BAIK]].sum(axis=1)
    return out


def first_good_and_below(shares: pd.DataFrame) -> tuple[float | None, float | None]:
    """(good, below) of the first row of `shares` (a single total), or (None, None) when there is none."""
    if shares.empty:
        return None, None
    row = with_good_and_below(shares.head(1)).iloc[0]
    return float(row["good"]), float(row["below"])


def _parts(scope: Scope, filters: Filters) -> tuple[str, str, dict]:
    """The scoped agencies query, the year/period condition on `p`, and their parameters."""
    scoped, params = scoped_agencies(scope, filters.region, filters.agency)
    conds = []
    if filters.year is not None:
        conds.append("p.year = $year")
        params["year"] = int(filters.year)
    if filters.period:
        conds.append("p.period = $period")
        params["period"] = filters.period
    return scoped, " and ".join(conds) or "true", params


_SOURCE = """
with scoped as ({scoped}),
{name} as (
    select p.* from {table} p
    where p.agency_code in (select agency_code from scoped) and {period_filter}
)
"""
# The CTE each read function builds on -> the mart it reads (identifiers come from this table only).
_SOURCES = {"appraised": "appraisal_facts", "counted": "appraisal_agency_period", "flagged": "rater_period"}


def _source(name: str, scope: Scope, filters: Filters) -> tuple[str, dict]:
    """`with scoped …, <name> as (…)`: the rows of the mart behind `name` under the scope and filters."""
    scoped, cond, params = _parts(scope, filters)
    return _SOURCE.format(scoped=scoped, name=name, table=_SOURCES[name], period_filter=cond), params


def _base(scope: Scope, filters: Filters) -> tuple[str, dict]:
    """The appraisals, one row per appraisal, as the CTE `appraised`."""
    return _source("appraised", scope, filters)


def _mart(scope: Scope, filters: Filters) -> tuple[str, dict]:
    """The per-agency-period counts, as the CTE `counted`."""
    return _source("counted", scope, filters)


def _shares_sql() -> str:
    return ", ".join(f"avg((rating = '{r}')::int) as share_{r}" for r in RATINGS)


# --- Distribution -------------------------------------------------------------------------------------

def appraisal_distribution(con: duckdb.DuckDBPyConnection, scope: Scope, filters: Filters = Filters(), *,
                           by: str | None = None) -> pd.DataFrame:
    """One row per group, year and period: group, year, period, n, share_* (summing to 1), and of the scores
    present score_mean, score_median, score_p10, score_p90 (linear interpolation)."""
    by = by or filters.by or "agency"
    if by not in GROUP_BY:
        raise FilterError(f"--by must be one of {', '.join(GROUP_BY)}")
    if by == "agency":  # precomputed per agency and period, exactly the same figures
        base, params = _mart(scope, filters)
        shares = ", ".join(f"n_{r} / n as share_{r}" for r in RATINGS)
        sql = base + f"""
        select agency_code as "group", year, period, n, {shares}, score_mean, score_median, score_p10, score_p90
        from counted order by "group", year, period
        """
        return con.cursor().execute(sql, params).df()
    base, params = _base(scope, filters)
    sql = base + f"""
    select {GROUP_BY[by]} as "group", year, period, count(*) as n, {_shares_sql()},
           avg(score) as score_mean, quantile_cont(score, 0.5) as score_median,
           quantile_cont(score, 0.1) as score_p10, quantile_cont(score, 0.9) as score_p90
    from appraised group by all order by "group", year, period
    """
    return con.cursor().execute(sql, params).df()


def rating_totals(con: duckdb.DuckDBPyConnection, scope: Scope, filters: Filters) -> pd.DataFrame:
    """One row per year and period under the filters (all periods of the filter's year when it has no
    period): year, period, n, share_*, n_scored, score_mean, score_median, score_p10, score_p90."""
    base, params = _base(scope, filters)
    sql = base + f"""
    select year, period, count(*) as n, {_shares_sql()}, count(score) as n_scored, avg(score) as score_mean,
           quantile_cont(score, 0.5) as score_median, quantile_cont(score, 0.1) as score_p10,
           quantile_cont(score, 0.9) as score_p90
    from appraised group by all order by year, period
    """
    return con.cursor().execute(sql, params).df()


def score_histogram(con: duckdb.DuckDBPyConnection, scope: Scope, filters: Filters, *,
                    width: int = 5) -> pd.DataFrame:
    """One row per score bin [lower, lower + width): lower, n. Scores are 0–120."""
    base, params = _base(scope, filters)
    params["width"] = int(width)
    sql = base + """
    select (floor(least(score, 119.999) / $width) * $width)::int as lower, count(*) as n
    from appraised where score is not null group by 1 order by 1
    """
    return con.cursor().execute(sql, params).df()


def score_boxes(con: duckdb.DuckDBPyConnection, scope: Scope, filters: Filters) -> pd.DataFrame:
    """One row per agency: agency_code, n, q1, median, q3, p10, p90, score_mean (box plots drawn from these)."""
    if filters.year is not None and filters.period:  # one period: precomputed per agency
        base, params = _mart(scope, filters)
        return con.cursor().execute(base + """
        select agency_code, n_scored as n, score_q1 as q1, score_median as median, score_q3 as q3,
               score_p10 as p10, score_p90 as p90, score_mean
        from counted where n_scored > 0 order by median desc, agency_code
        """, params).df()
    base, params = _base(scope, filters)
    sql = base + """
    select agency_code, count(score) as n, quantile_cont(score, 0.25) as q1, quantile_cont(score, 0.5) as median,
           quantile_cont(score, 0.75) as q3, quantile_cont(score, 0.1) as p10, quantile_cont(score, 0.9) as p90,
           avg(score) as score_mean
    from appraised where score is not null group by 1 order by median desc, agency_code
    """
    return con.cursor().execute(sql, params).df()


def quarterly_trend(con: duckdb.DuckDBPyConnection, scope: Scope, filters: Filters) -> pd.DataFrame:
    """One row per quarter with appraisals (every year; the year filter is ignored): year, period, n,
    share_good (sangat_baik + baik), score_mean."""
    base, params = _mart(scope, Filters(region=filters.region, agency=filters.agency))
    sql = base + """
    select year, period, sum(n) as n, sum(""" + GOOD_COUNT_SQL + """) / sum(n) as share_good,
           sum(score_sum) / nullif(sum(n_scored), 0) as score_mean
    from counted where period <> 'Y' group by all order by year, period
    """
    return con.cursor().execute(sql, params).df()


# --- Rating curve (SE MenPANRB 3/2023) ----------------------------------------------------------------

@dataclass(frozen=True)
class CurveRule:
    code: str                 # stable code, translated by the UI
    ratings: tuple[str, ...]  # the ratings whose share (or count) is held against the bound
    op: str                   # "<=", ">=", "count>=1", "count==0"
    bound: float | None = None

    def holds(self, counts: dict[str, int], n: int) -> bool:
        c = sum(counts.get(r, 0) for r in self.ratings)
        if self.op == "count>=1":
            return c >= 1
        if self.op == "count==0":
            return c == 0
        share = c / n
        return share <= self.bound + 1e-12 if self.op == "<=" else share >= self.bound - 1e-12

    def explain(self, counts: dict[str, int], n: int) -> tuple[str, int, float | None]:
        """How a breach of the rule reads: the catalogue key of its sentence (breach_max, breach_min,
        breach_needs_low, breach_none_allowed), the count of its ratings and their share of `n`."""
        c = sum(counts.get(r, 0) for r in self.ratings)
        key = {"<=": "breach_max", ">=": "breach_min", "count>=1": "breach_needs_low",
               "count==0": "breach_none_allowed"}[self.op]
        return key, c, (c / n if n else None)

    def text(self, counts: dict[str, int], n: int) -> str:
        c = sum(counts.get(r, 0) for r in self.ratings)
        what = " + ".join(self.ratings)
        if self.op == "count>=1":
            return f"no {' or '.join(self.ratings)} (at least one required)"
        if self.op == "count==0":
            return f"{c} {what} (none allowed)"
        return f"share {what} {c / n:.2f}, rule {self.op} {self.bound:.2f}"


def curve_rules(limit: float) -> dict[str, tuple[CurveRule, ...]]:
    """The pattern for each organisation rating (METRICS.md §1), with the limit L in force."""
    return {
        "istimewa": (CurveRule("sangat_baik_max", ("sangat_baik",), "<=", limit),),
        "baik": (CurveRule("baik_max", ("baik",), "<=", limit),
                 CurveRule("needs_low_ratings", ("butuh_perbaikan", "kurang"), "count>=1")),
        "butuh_perbaikan": (CurveRule("butuh_perbaikan_min", ("butuh_perbaikan",), ">=", 0.60),
                            CurveRule("sangat_baik_max", ("sangat_baik",), "<=", 0.10)),
        "kurang": (CurveRule("kurang_min", ("kurang",), ">=", 0.60),
                   CurveRule("butuh_perbaikan_min", ("butuh_perbaikan",), ">=", 0.10),
                   CurveRule("sangat_baik_max", ("sangat_baik",), "<=", 0.10)),
        "sangat_kurang": (CurveRule("sangat_kurang_min", ("sangat_kurang",), ">=", 0.60),
                          CurveRule("kurang_butuh_perbaikan_min", ("kurang", "butuh_perbaikan"), ">=", 0.10),
                          CurveRule("no_sangat_baik", ("sangat_baik",), "count==0")),
    }


def rating_curve(con: duckdb.DuckDBPyConnection, scope: Scope, filters: Filters = Filters(), *,
                 limit: float | None = None) -> pd.DataFrame:
    """One row per agency-year with annual ratings: agency_code, year, org_rating (baik where none is
    loaded), n, share_*, within, breaches (the rules broken, as text), breach_codes."""
    limit = load_settings().curve_limit if limit is None else limit
    base, params = _mart(scope, Filters(region=filters.region, agency=filters.agency, year=filters.year,
                                        period="Y"))
    sql = base + f"""
    select p.agency_code, p.year, coalesce(r.org_rating, 'baik') as org_rating, p.n,
           {", ".join(f"p.n_{r}" for r in RATINGS)}
    from counted p
    left join agency_ratings r on r.agency_code = p.agency_code and r.year = p.year
    order by p.year, p.agency_code
    """
    df = con.cursor().execute(sql, params).df()
    rules = curve_rules(limit)
    within, texts, codes = [], [], []
    for row in df.itertuples(index=False):
        c = {r: int(getattr(row, f"n_{r}")) for r in RATINGS}
        broken = [rule for rule in rules[row.org_rating] if not rule.holds(c, int(row.n))]
        within.append(not broken)
        texts.append("; ".join(rule.text(c, int(row.n)) for rule in broken))
        codes.append([rule.code for rule in broken])
    for r in RATINGS:
        df[f"share_{r}"] = df[f"n_{r}"] / df["n"]
    # Text held by Arrow, not as Python objects: the pages' cache keeps a pickled copy, and the national curve
    # (13,291 agencies) unpickled in 18 ms with object columns, 0.7 ms with these; every Kinerja view reads two.
    text = pd.ArrowDtype(pa.string())
    df["agency_code"], df["org_rating"] = df["agency_code"].astype(text), df["org_rating"].astype(text)
    df["within"], df["breaches"] = within, pd.array(texts, dtype=text)
    df["breach_codes"] = pd.array(codes, dtype=pd.ArrowDtype(pa.list_(pa.string())))
    return df[["agency_code", "year", "org_rating", "n", *SHARE_COLUMNS, "within", "breaches", "breach_codes",
               *[f"n_{r}" for r in RATINGS]]]


# --- Raters -------------------------------------------------------------------------------------------

def _raters(scope: Scope, filters: Filters) -> tuple[str, dict]:
    """The raters with at least 5 appraisees and their flags, as the CTE `flagged`."""
    return _source("flagged", scope, filters)


def raters(con: duckdb.DuckDBPyConnection, scope: Scope, filters: Filters = Filters(), *,
           only_flagged: bool = False, limit: int | None = None) -> pd.DataFrame:
    """Per evaluator and period with at least 5 appraisees: evaluator_nip, evaluator_name, year, period,
    agency_code, n, score_mean, share_top, z, lenient, harsh, uniform. z compares the evaluator's mean score
    with all scores of the appraisees' agency and period (population standard deviation).
    `only_flagged` keeps lenient, harsh and uniform raters, the largest |z| first; `limit` caps the rows.

    An aggregate-only scope gets counts instead: one row per agency and period with n_raters, n_lenient,
    n_harsh, n_uniform."""
    base, params = _raters(scope, filters)
    cur = con.cursor()
    if not scope.personal_data:
        return cur.execute(base + """
        select agency_code, year, period, count(*) as n_raters, count(*) filter (lenient) as n_lenient,
               count(*) filter (harsh) as n_harsh, count(*) filter (uniform) as n_uniform
        from flagged group by all order by all""", params).df()
    where = "where lenient or harsh or uniform" if only_flagged else ""
    order = "abs(z) desc nulls last, evaluator_nip" if only_flagged else "year, period, evaluator_nip"
    if limit is not None:
        params["limit"] = int(limit)
    # Rows first (sorted and capped), names after: the join then touches only the rows returned.
    return cur.execute(base + f""",
    chosen as (select * from flagged {where} order by {order} {"limit $limit" if limit is not None else ""})
    select c.evaluator_nip, e.name as evaluator_name, c.year, c.period, c.agency_code, c.n, c.score_mean,
           c.share_top, c.z, c.lenient, c.harsh, c.uniform, c.pool_mean
    from chosen c left join employees e on e.nip = c.evaluator_nip
    order by {order.replace("evaluator_nip", "c.evaluator_nip")}""", params).df()


def rater_summary(con: duckdb.DuckDBPyConnection, scope: Scope, filters: Filters = Filters()) -> dict[str, int]:
    """How many raters (at least 5 appraisees) and how many of them are lenient, harsh and uniform."""
    base, params = _raters(scope, filters)
    row = con.cursor().execute(base + """
    select count(*), count(*) filter (lenient), count(*) filter (harsh), count(*) filter (uniform) from flagged
    """, params).fetchall()[0]
    return dict(zip(("n", "lenient", "harsh", "uniform"), (int(x) for x in row)))


def rater_distribution(con: duckdb.DuckDBPyConnection, scope: Scope, evaluator_nip: str,
                       filters: Filters = Filters()) -> pd.DataFrame:
    """The ratings one evaluator gave under the filters: rating, n, score_mean (every rating, in order).
    Empty for a scope without personal data: who rated whom is personal."""
    if not scope.personal_data:
        return pd.DataFrame({"rating": list(RATINGS), "n": [0] * len(RATINGS), "score_mean": [np.nan] * 5})
    base, params = _base(scope, filters)
    params["evaluator"] = evaluator_nip
    df = con.cursor().execute(base + """
    select rating, count(*) as n, avg(score) as score_mean from appraised
    where evaluator_nip = $evaluator group by 1
    """, params).df().set_index("rating")
    df = df.reindex(list(RATINGS))
    df["n"] = df["n"].fillna(0).astype(int)
    return df.reset_index()


# --- 360° gaps ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Summary360:
    """The 360° gaps of every group together, weighted by each group's appraisals with that score: how many
    had a self score and a peer score, the share whose self score is above the evaluator's, and the mean gaps."""
    n_self: int
    share_self_higher: float | None
    self_gap: float | None
    n_peer: int
    peer_gap: float | None


def summarise_360(gaps: pd.DataFrame) -> Summary360:
    """`gaps_360`'s rows added up (each group's means weighted by its n_self or n_peer)."""
    n_self, n_peer = int(gaps["n_self"].sum()), int(gaps["n_peer"].sum())

    def weighted(col: str, n: str, total: int) -> float | None:
        return float((gaps[col].fillna(0) * gaps[n]).sum() / total) if total else None

    return Summary360(n_self, weighted("share_self_higher", "n_self", n_self), weighted("self_gap_mean", "n_self", n_self),
                      n_peer, weighted("peer_gap_mean", "n_peer", n_peer))


def gaps_360(con: duckdb.DuckDBPyConnection, scope: Scope, filters: Filters = Filters(), *,
             by: str = "agency") -> pd.DataFrame:
    """One row per group: group, n, n_self, self_gap_mean (self_score − score), n_peer, peer_gap_mean
    (peer_score − score), share_self_higher (of those with a self score: self_score > score)."""
    if by not in GROUP_BY:
        raise FilterError(f"by must be one of {', '.join(GROUP_BY)}")
    if by == "agency":  # sums precomputed per agency and period
        base, params = _mart(scope, filters)
        return con.cursor().execute(base + """
        select agency_code as "group", sum(n) as n, sum(n_self) as n_self,
               sum(self_gap_sum) / nullif(sum(n_self), 0) as self_gap_mean, sum(n_peer) as n_peer,
               sum(peer_gap_sum) / nullif(sum(n_peer), 0) as peer_gap_mean,
               sum(n_self_higher) / nullif(sum(n_self), 0) as share_self_higher
        from counted group by 1 order by 1
        """, params).df()
    base, params = _base(scope, filters)
    sql = base + f"""
    select {GROUP_BY[by]} as "group", count(*) as n,
           count(self_score - score) as n_self, avg(self_score - score) as self_gap_mean,
           count(peer_score - score) as n_peer, avg(peer_score - score) as peer_gap_mean,
           avg((self_score > score)::int) as share_self_higher
    from appraised group by 1 order by 1
    """
    return con.cursor().execute(sql, params).df()


# --- Training needs -----------------------------------------------------------------------------------

_PERIOD_ORDER = "case period when 'Q1' then 1 when 'Q2' then 2 when 'Q3' then 3 when 'Q4' then 4 else 5 end"


def training_needs(con: duckdb.DuckDBPyConnection, scope: Scope, filters: Filters = Filters(), *,
                   limit: int | None = None) -> pd.DataFrame:
    """Employees whose latest rating under the filters is below baik, or whose behaviour is below: nip, name,
    agency_code, year, period, rating, behaviour, each indicator with the agency median of the same period,
    and `lowest`: the indicators below the agency median, the furthest below first (relative gap).

    An aggregate-only scope gets counts: one row per agency with n_listed and, per indicator, how many of
    them are below the agency median on it."""
    sql, params = _training_sql(scope, filters)
    cur = con.cursor()
    if not scope.personal_data:
        counts = ", ".join(f"count(*) filter (list_contains(lowest, '{i}')) as n_low_{i}" for i in INDICATORS)
        return cur.execute(sql + f"select agency_code, count(*) as n_listed, {counts} from listed "
                                 "group by 1 order by 1", params).df()
    if limit is not None:
        params["limit"] = int(limit)
    return cur.execute(sql + ", chosen as (select * from listed order by agency_code, nip "
                             f"{'limit $limit' if limit is not None else ''}) "
                             "select c.nip, e.name, c.* exclude (nip) from chosen c join employees e on e.nip = c.nip "
                             "order by c.agency_code, c.nip", params).df()


def training_summary(con: duckdb.DuckDBPyConnection, scope: Scope, filters: Filters = Filters()) -> dict[str, int]:
    """How many employees training_needs lists, and how many are below the agency median on each indicator."""
    sql, params = _training_sql(scope, filters)
    counts = ", ".join(f"count(*) filter (list_contains(lowest, '{i}'))" for i in INDICATORS)
    row = con.cursor().execute(sql + f"select count(*), {counts} from listed", params).fetchall()[0]
    return dict(zip(("n", *INDICATORS), (int(x) for x in row)))


def _training_sql(scope: Scope, filters: Filters) -> tuple[str, dict]:
    base, params = _base(scope, filters)
    # One appraisal per employee and period (the key): with a period chosen, the latest is that one.
    latest = "select * from appraised" if filters.year is not None and filters.period else (
        "select * from appraised qualify row_number() over "
        f"(partition by nip order by year desc, {_PERIOD_ORDER} desc) = 1")
    ind_cols = ", ".join(f"l.{i}, m.median_{i}" for i in INDICATORS)
    # Each indicator below its agency median as {gap, indicator}, gap relative to the median; sorted by gap.
    gaps = ", ".join(
        f"{{'gap': case when l.{i} < m.median_{i} and m.median_{i} > 0 then (l.{i} - m.median_{i}) / m.median_{i} "
        f"end, 'indicator': '{i}'}}" for i in INDICATORS)
    sql = base + f""",
    latest as ({latest}),
    medians as (select * from appraisal_agency_period),
    listed as (
        select l.nip, l.agency_code, l.year, l.period, l.rating, l.behaviour, {ind_cols},
               list_transform(list_sort(list_filter([{gaps}], lambda x: x.gap is not null)), lambda x: x.indicator)
               as lowest
        from latest l join medians m using (agency_code, year, period)
        where l.rating in {tuple(BELOW_BAIK)} or l.behaviour = 'below'
    )
    """
    return sql, params
