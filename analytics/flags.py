"""Promotion flags (METRICS.md §4): every promotion gets zero or more codes, each with a sentence that
gives the numbers behind it: the eight deterministic rule codes, the statistical codes SCORE_SPIKE,
FAST_TRACK, SAME_FAMILY_NAME, APPROVER_PATTERN and OUTLIER, and `flags`, the report that puts them together
with a risk score for ordering. `refresh` computes them all and stores them (flag_hits, promotion_flags)
inside every load and undo that touches their sources; the page and the report read what is stored.

Grain of `rule_hits` and `flag_hits`: one row per promotion and code, with the numbers of its sentence.
Grain of `promotion_flags`: one row per flagged promotion, with its codes and risk score.
Also stored by `refresh`: `promotion_features` (each promotion's OUTLIER features, which the case view's cohort
reads), `pool_agency_year` (the eligible pool's annual-rating counts per agency and year, which every
approver's record reads) and `pool_cells` (the pool's counts per agency and attributes, which the fairness page
sums).
"""
from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from analytics.filters import Filters
from analytics.catalogue import duration, flag_sentence, label, number, number_text, outlier_parts
from analytics.db import first_row, transaction
from analytics.domain import BELOW_BAIK, FLAG_CODES, REVIEW_STATUSES
from analytics.fairness import store_pools
from analytics.query import CEILING_CTE, RANK_ORDER_CTE, ratings_in_sql, scoped_agencies, values_sql
from analytics.scope import Scope

# Minimum years in rank before a rank promotion, by kind (METRICS.md §4 RANK_TIME_SHORT).
RANK_YEARS = {"rank_regular": 4, "rank_choice": 2, "rank_education": 1}
# To a level -> (the level before it, minimum years there) (METRICS.md §4 POSITION_TENURE_SHORT).
POSITION_TENURE = {"pengawas": ("pelaksana", 4), "administrator": ("pengawas", 3), "jpt_pratama": ("administrator", 2)}
# METRICS.md §4 *(setting)*: a last score this many points above the mean of the earlier ones is a spike.
SCORE_SPIKE_POINTS = 15
FAST_TRACK_MIN_PEERS = 20
RULE_CODES = ("RANK_TIME_SHORT", "RATING_BELOW_BAIK", "MISSING_APPRAISAL", "RANK_SKIP", "EDUCATION_CEILING",
              "OFF_PERIOD", "POSITION_TENURE_SHORT", "ABOVE_SUPERVISOR")



# The last day of an appraisal's period (of a row of appraisals: year, period).
_PERIOD_END = ("case period when 'Q1' then make_date(year, 3, 31) when 'Q2' then make_date(year, 6, 30) "
               "when 'Q3' then make_date(year, 9, 30) else make_date(year, 12, 31) end")

# SCORE_SPIKE over the promotions of CTE p (its rule in METRICS.md §4): one row per promotion flagged, with the
# columns of the rules' hits. The one rule that reads quarterly appraisals: a load of quarters recomputes it alone.
_SCORE_SPIKE_SQL = f"""
    -- SCORE_SPIKE: the last score of a period ending before the promotion against the mean of the earlier ones.
    -- Sums in DECIMAL: a floating sum depends on the order a parallel aggregate adds in, and a mean exactly 15
    -- points below would then be flagged on one recompute and not the next.
    select promotion_id, 'SCORE_SPIKE', n_earlier, null, last_score::double::varchar,
           round(earlier_sum / n_earlier, 1)::double::varchar, null
    from (
        select p.promotion_id,
               arg_max(a.score, a.period_rank) as last_score,
               sum(a.score) - arg_max(a.score, a.period_rank) as earlier_sum,
               count(a.score) - 1 as n_earlier
        from p join (
            -- Q4 and the annual rating both end on 31 December: the annual one counts as the later.
            select nip, score::decimal(18, 3) as score, {_PERIOD_END} as period_end,
                   year * 10 + case period when 'Y' then 5 else right(period, 1)::int end as period_rank
            from appraisals where score is not null
        ) a on a.nip = p.nip and a.period_end < p.effective_date
        group by p.promotion_id
    )
    where n_earlier >= 2 and (last_score - {SCORE_SPIKE_POINTS}) * n_earlier >= earlier_sum
"""


def _month_diff(a: str, b: str) -> str:
    """Whole months from date a to date b (a later day of month not yet reached counts as not complete)."""
    return f"(date_diff('month', {a}, {b}) - case when day({b}) < day({a}) then 1 else 0 end)"


_RULES_SQL = f"""
with scoped as ({{scoped}}),
{RANK_ORDER_CTE},
{CEILING_CTE},
rank_years(kind, years) as (values {values_sql(RANK_YEARS.items())}),
tenure(to_level, from_level, years) as (values {values_sql((k, v[0], v[1]) for k, v in POSITION_TENURE.items())}),
p as (
    select pr.*, e.cpns_date, e.education, e.supervisor_nip
    from promotions pr join employees e on e.nip = pr.nip
    where pr.agency_code in (select agency_code from scoped) and {{year_filter}}
),
rank_promotions as (select nip, effective_date, from_rank, to_rank from promotions where kind like 'rank_%'),
-- In rank since, on the day before the promotion (METRICS.md §3): the latest earlier rank promotion, else
-- the CPNS date (rank_since cannot apply: this promotion itself comes after that day). A window over each
-- employee's rank promotions, not a lookup per promotion.
previous_rank as (
    select pr.promotion_id,
           max(pr.effective_date) over (partition by pr.nip order by pr.effective_date
                                        range between unbounded preceding and 1 preceding) as previous_date
    from promotions pr where pr.kind like 'rank_%'
),
since as (
    select p.promotion_id, coalesce(pv.previous_date, p.cpns_date) as in_rank_since
    from p join previous_rank pv using (promotion_id)
),
-- The 5th percentile of months from CPNS to each rank, per agency, rank and education (once per group).
rank_reach as (
    select q.agency_code, q.to_rank, e2.education,
           quantile_cont({_month_diff('e2.cpns_date', 'q.effective_date')}, 0.05) as p5, count(*) as n_peers
    from promotions q join employees e2 on e2.nip = q.nip
    where q.kind like 'rank_%'
    group by all
),
hits as (
    select p.promotion_id, 'RANK_TIME_SHORT' as code,
           {_month_diff('s.in_rank_since', 'p.effective_date')} as months, ry.years as rule_years,
           p.from_rank as a, p.to_rank as b, null::integer as year
    from p join since s using (promotion_id) join rank_years ry on ry.kind = p.kind
    where p.effective_date < s.in_rank_since + to_years(ry.years)
    union all
    select p.promotion_id, 'RANK_SKIP', null, null, p.from_rank, p.to_rank, (t.ix - f.ix)::integer
    from p join rank_order f on f.rank = p.from_rank join rank_order t on t.rank = p.to_rank
    where p.kind like 'rank_%' and t.ix - f.ix > 1
    union all
    select p.promotion_id, 'EDUCATION_CEILING', null, null, p.to_rank, c.rank, null
    from p join ceiling c on c.education = p.education
    join rank_order t on t.rank = p.to_rank join rank_order m on m.rank = c.rank
    where p.kind = 'rank_regular' and t.ix > m.ix
    union all
    select p.promotion_id, 'OFF_PERIOD', null, null, strftime(p.effective_date, '%Y-%m-%d'), null, null
    from p
    where p.kind like 'rank_%' and not (day(p.effective_date) = 1 and (
          (year(p.effective_date) <= 2023 and month(p.effective_date) in (4, 10)) or
          (year(p.effective_date) >= 2024 and month(p.effective_date) in (2, 4, 6, 8, 10, 12))))
    union all
    select p.promotion_id, 'RATING_BELOW_BAIK', null, null, a.rating, null, a.year
    from p join appraisals a on a.nip = p.nip and a.period = 'Y'
         and a.year in (year(p.effective_date) - 1, year(p.effective_date) - 2)
    where {ratings_in_sql('a.rating', BELOW_BAIK)}
    union all
    select p.promotion_id, 'MISSING_APPRAISAL', null, null, null, null, y.year
    from p cross join lateral (select unnest([year(p.effective_date) - 1, year(p.effective_date) - 2]) as year) y
    where exists (select 1 from appraisal_agency_period m
                  where m.agency_code = p.agency_code and m.year = y.year and m.period = 'Y')
      and not exists (select 1 from appraisals a where a.nip = p.nip and a.year = y.year and a.period = 'Y')
    union all
    select p.promotion_id, 'POSITION_TENURE_SHORT',
           {_month_diff("coalesce(prev.since, p.cpns_date)", "p.effective_date")}, t.years,
           p.from_position_level, p.to_position_level, null
    from p join tenure t on t.to_level = p.to_position_level and t.from_level = p.from_position_level
    left join lateral (select max(q.effective_date) as since from promotions q
                       where q.nip = p.nip and q.kind = 'position' and q.to_position_level = p.from_position_level
                         and q.effective_date < p.effective_date) prev on true
    where p.kind = 'position' and p.effective_date < coalesce(prev.since, p.cpns_date) + to_years(t.years)
    union all
    select p.promotion_id, 'ABOVE_SUPERVISOR', null, null, p.to_rank, sup.rank_then, null
    from p
    join lateral (
        select coalesce((select q.from_rank from rank_promotions q where q.nip = p.supervisor_nip
                         and q.effective_date > p.effective_date order by q.effective_date limit 1), s.rank)
               as rank_then
        from employees s where s.nip = p.supervisor_nip
    ) sup on true
    join rank_order t on t.rank = p.to_rank join rank_order r on r.rank = sup.rank_then
    where p.kind like 'rank_%' and t.ix > r.ix
    union all
    {_SCORE_SPIKE_SQL}
    union all
    -- FAST_TRACK: years from CPNS to this rank below the 5th percentile of those who reached the same rank from
    -- the same education in the same agency (at least 20 of them).
    select p.promotion_id, 'FAST_TRACK', {_month_diff('p.cpns_date', 'p.effective_date')}, null, p.to_rank,
           round(r.p5 / 12, 1)::varchar, r.n_peers::integer
    from p join rank_reach r on r.agency_code = p.agency_code and r.to_rank = p.to_rank and r.education = p.education
    where p.kind like 'rank_%' and r.n_peers >= {FAST_TRACK_MIN_PEERS}
      and {_month_diff('p.cpns_date', 'p.effective_date')} < r.p5
    union all
    -- SAME_FAMILY_NAME: the last word of both names, for names of two words or more.
    select p.promotion_id, 'SAME_FAMILY_NAME', null, null, e.name, ap.name, null
    from p join employees e on e.nip = p.nip join employees ap on ap.nip = p.approver_nip
    where len(string_split(trim(e.name), ' ')) >= 2 and len(string_split(trim(ap.name), ' ')) >= 2
      and lower(string_split(trim(e.name), ' ')[-1]) = lower(string_split(trim(ap.name), ' ')[-1])
)
select h.*, p.nip, p.agency_code, p.effective_date, p.kind
from hits h join p using (promotion_id)
order by p.effective_date, h.promotion_id, h.code
"""


def rule_hits(con: duckdb.DuckDBPyConnection, scope: Scope, filters: Filters = Filters()) -> pd.DataFrame:
    """One row per promotion and rule broken: promotion_id, code, months, rule_years, a, b, year (the numbers
    of the sentence), nip, agency_code, effective_date, kind."""
    return con.execute(*_promotions_sql(_RULES_SQL, scope, filters)).df()


def _promotions_sql(sql: str, scope: Scope, filters: Filters) -> tuple[str, dict]:
    """A query over the promotions in scope (`{scoped}`) and of the filter's year (`{year_filter}`), and its
    parameters."""
    scoped, params = scoped_agencies(scope, filters.region, filters.agency)
    year_filter = "true"
    if filters.year is not None:
        year_filter = "year(pr.effective_date) = $year"
        params["year"] = int(filters.year)
    return sql.format(scoped=scoped, year_filter=year_filter), params


def sentence(row, lang: str = "en") -> str:
    """The reason for one hit, with its numbers ("promoted to III/c 2 years 1 month after III/b; the rule
    is 4 years"); the words are the catalogue's (FLAG_SENTENCES)."""
    c = row["code"]
    if c not in RULE_CODES + ("SCORE_SPIKE", "FAST_TRACK", "SAME_FAMILY_NAME"):
        raise ValueError(c)
    months = row.get("months")
    ym = duration(months, lang) if c in ("RANK_TIME_SHORT", "POSITION_TENURE_SHORT", "FAST_TRACK") else None
    a, b = number_text(row["a"], lang), number_text(row["b"], lang)  # scores and years: '84,5' in Indonesian
    if c == "RATING_BELOW_BAIK":
        a = label("rating", a, lang)
    elif c == "POSITION_TENURE_SHORT":
        a, b = label("position_level", a, lang), label("position_level", b, lang)
    return flag_sentence(c, lang, a=a, b=b, year=row.get("year"), months=months, rule_years=row.get("rule_years"),
                         ym=ym, points=SCORE_SPIKE_POINTS)


# --- APPROVER_PATTERN -----------------------------------------------------------------------------------

APPROVER_MIN_PROMOTIONS = 10
APPROVER_P = 0.01

# From the features stored by `refresh` (computed before APPROVER_PATTERN): one row per promotion with an
# approver, and its promotee's annual rating of the year before.
_APPROVER_SQL = """
with scoped as ({scoped})
select promotion_id, nip, approver_nip, agency_code, year,
       coalesce({good}, false) as good_before, rating_before is not null as rated_before
from promotion_features
where agency_code in (select agency_code from scoped) and approver_nip is not null {approver_filter}
"""
APPROVER_COLUMNS = ["approver_nip", "n_promotions", "promotees_good", "promotees_rated", "pool_n", "pool_good",
                    "pool_rated", "p_value"]


def approver_stats(con: duckdb.DuckDBPyConnection, scope: Scope, filters: Filters = Filters(), *,
                   approver: str | None = None, min_promotions: int = APPROVER_MIN_PROMOTIONS,
                   screen: float | None = None) -> pd.DataFrame:
    """Per approver with at least `min_promotions` promotions (or the one `approver`): n_promotions, how many of
    their promotees were rated baik or better in the annual rating of the year before (promotees_good of
    promotees_rated), the same counts for the eligible pool (METRICS.md §3) of the agencies and years they promoted
    in (pool_n, pool_good, pool_rated), and the two-sided Fisher exact p-value of the two shares (None when either
    has no rated member). A member without an annual rating that year takes no part in the shares.

    `screen`: compute the p-value only where the promotees' share is below the pool's and the one-sided
    (lower-tail hypergeometric) p is below `screen`; elsewhere it is NaN. This is exact for the decision "two-sided
    p < screen": below the distribution's mode every table further down the lower tail is less likely than the
    observed one, so the two-sided p is at least the one-sided p. (Each exact test costs milliseconds with the
    pool's counts; there are thousands of approvers.)"""
    scoped, params = scoped_agencies(scope, filters.region, filters.agency)
    approver_filter = ""
    if approver is not None:
        approver_filter, params["approver"] = "and approver_nip = $approver", approver
    promos = con.execute(_APPROVER_SQL.format(scoped=scoped, approver_filter=approver_filter,
                                                    good=ratings_in_sql("rating_before")), params).df()
    if promos.empty:
        return pd.DataFrame(columns=APPROVER_COLUMNS)
    promos["good"] = promos["good_before"].astype(int)
    promos["rated"] = promos["rated_before"].astype(int)
    per = promos.groupby("approver_nip").agg(n_promotions=("promotion_id", "size"), promotees_good=("good", "sum"),
                                             promotees_rated=("rated", "sum"))
    per = per[per["n_promotions"] >= (1 if approver is not None else min_promotions)]
    if per.empty:
        return pd.DataFrame(columns=APPROVER_COLUMNS)
    keys = promos[promos["approver_nip"].isin(per.index)][["approver_nip", "agency_code", "year"]].drop_duplicates()
    # The eligible pool's counts per agency and year, stored by `refresh` before APPROVER_PATTERN runs.
    pools = con.execute("select * from pool_agency_year where year in (select unnest($y))"
                        + (" and agency_code in (select unnest($a))" if approver is not None else ""),
                        {"y": sorted(int(y) for y in keys["year"].unique()),
                         **({"a": sorted(keys["agency_code"].unique())} if approver is not None else {})}).df()
    pooled = keys.merge(pools, on=["agency_code", "year"], how="left").fillna(0)
    per = per.join(pooled.groupby("approver_nip")[["pool_n", "pool_good", "pool_rated"]].sum()).fillna(0)
    per = per.astype(int).reset_index()
    per["p_value"] = fisher_p(*(per[c].to_numpy() for c in ("promotees_good", "promotees_rated", "pool_good",
                                                             "pool_rated")), screen=screen)
    return per[APPROVER_COLUMNS]


def fisher_p(g, r, pg, pr, *, screen: float | None = None):
    """Two-sided Fisher exact p of [[g, r − g], [pg, pr − pg]] for arrays of counts (NaN where r or pr is 0, and,
    with `screen`, where the share g/r is not below pg/pr or the one-sided lower-tail p is not below `screen`)."""
    import numpy as np
    from scipy.stats import fisher_exact, hypergeom

    g, r, pg, pr = (np.asarray(x, dtype=np.int64) for x in (g, r, pg, pr))
    test = (r > 0) & (pr > 0)
    if screen is not None:
        test &= g * pr < pg * r  # a lower share than the pool's
        test &= hypergeom.cdf(g, r + pr, g + pg, r) < screen
    return [fisher_exact([[a, b - a], [c, d - c]])[1] if t else float("nan") for a, b, c, d, t in zip(g, r, pg, pr, test)]


def approver_pattern(con: duckdb.DuckDBPyConnection, scope: Scope, filters: Filters = Filters()) -> pd.DataFrame:
    """APPROVER_PATTERN (METRICS.md §4): an approver with at least 10 promotions whose promotees' share of annual
    ratings of baik or better in the year before is below that of the agency's eligible pool (§3) in the same
    years, with a two-sided Fisher exact test p < 0.01. One row per promotion of such an approver:
    promotion_id and the columns of `approver_stats`."""
    stats = approver_stats(con, scope, filters, screen=APPROVER_P)
    low = stats[(stats["promotees_rated"] > 0) & (stats["pool_rated"] > 0)]
    low = low[(low["promotees_good"] / low["promotees_rated"] < low["pool_good"] / low["pool_rated"])
              & (low["p_value"] < APPROVER_P)]
    if low.empty:
        return pd.DataFrame(columns=["promotion_id", *APPROVER_COLUMNS])
    scoped, params = scoped_agencies(scope, filters.region, filters.agency)
    ids = con.execute(f"with scoped as ({scoped}) select promotion_id, approver_nip from promotions "
                      "where agency_code in (select agency_code from scoped) and approver_nip in (select unnest($a))",
                      {**params, "a": low["approver_nip"].tolist()}).df()
    return ids.merge(low, on="approver_nip")[["promotion_id", *APPROVER_COLUMNS]]


def approver_sentence(row, lang: str = "en") -> str:
    return flag_sentence("APPROVER_PATTERN", lang, n_promotions=row["n_promotions"],
                         promotees_good=row["promotees_good"], promotees_rated=row["promotees_rated"],
                         share=number(row["promotees_good"] / row["promotees_rated"], lang, ".0%"),
                         pool=number(row["pool_good"] / row["pool_rated"], lang, ".0%"),
                         pool_rated=row["pool_rated"], p_value=number(row["p_value"], lang, ".4f"))


# --- OUTLIER ---------------------------------------------------------------------------------------------

OUTLIER_SHARE = 0.01  # METRICS.md §4 *(setting)*: the top share of anomaly scores flagged
OUTLIER_FEATURES = ("months_since_cpns", "months_in_rank", "rank_steps", "last_annual_score", "age_years")

# Features per promotion. In rank: months since the previous rank promotion (else CPNS), for rank promotions.
# Last annual score: of the latest annual appraisal of a year before the promotion's, found by an as-of join on
# annual rows only (a join on every quarterly row costs seven times as much at national scale).
_FEATURES_SQL = f"""
with scoped as ({{scoped}}),
{RANK_ORDER_CTE},
p as (
    select pr.*, e.cpns_date, e.birth_date, year(pr.effective_date) - 1 as year_before
    from promotions pr join employees e on e.nip = pr.nip
    where pr.agency_code in (select agency_code from scoped) and {{year_filter}}
),
previous_rank as (
    select promotion_id,
           max(effective_date) over (partition by nip order by effective_date
                                     range between unbounded preceding and 1 preceding) as previous_date
    from promotions where kind like 'rank_%' and nip in (select nip from p)
),
scores as (select nip, year, score from appraisals where period = 'Y' and score is not null and nip in (select nip from p)),
annual as (select nip, year, rating from appraisals where period = 'Y' and nip in (select nip from p))
select p.promotion_id, p.agency_code, a.region_code, p.kind, coalesce(p.to_rank, p.to_position_level) as target,
       year(p.effective_date) as year,
       {_month_diff('p.cpns_date', 'p.effective_date')} as months_since_cpns,
       case when p.kind like 'rank_%' then {_month_diff('coalesce(pv.previous_date, p.cpns_date)', 'p.effective_date')}
            end as months_in_rank,
       coalesce(t.ix - f.ix, 0) as rank_steps,
       s.score as last_annual_score,
       date_diff('year', p.birth_date, p.effective_date) as age_years,
       p.nip, p.approver_nip, r.rating as rating_before, p.effective_date
from p asof left join scores s on s.nip = p.nip and p.year_before >= s.year
left join annual r on r.nip = p.nip and r.year = p.year_before
left join previous_rank pv on pv.promotion_id = p.promotion_id
join agencies a on a.agency_code = p.agency_code
left join rank_order f on f.rank = p.from_rank left join rank_order t on t.rank = p.to_rank
order by p.promotion_id
"""


def features(con: duckdb.DuckDBPyConnection, scope: Scope, filters: Filters = Filters()) -> pd.DataFrame:
    """The numeric features of each promotion in scope: promotion_id, agency_code, region_code, kind, target (the
    rank or level reached), year, OUTLIER_FEATURES, and nip, approver_nip and rating_before (the annual rating
    of the year before, which APPROVER_PATTERN and the approver's record compare)."""
    return con.execute(*_promotions_sql(_FEATURES_SQL, scope, filters)).df()


def outliers(con: duckdb.DuckDBPyConnection, scope: Scope, filters: Filters = Filters(), *,
             share: float = OUTLIER_SHARE, seed: int = 0) -> pd.DataFrame:
    """OUTLIER: an IsolationForest on each promotion's numeric features; the top `share` of anomaly scores is
    flagged. One row per flagged promotion: promotion_id, anomaly (0–1, higher is stranger) and `far`: the two
    features furthest from their agency median, as (feature, value, median), distance in standard deviations.
    Promotions with the same features get the same score, so each distinct feature vector is scored once."""
    return detect_outliers(features(con, scope, filters), share=share, seed=seed)


def detect_outliers(df: pd.DataFrame, *, share: float = OUTLIER_SHARE, seed: int = 0) -> pd.DataFrame:
    """`outliers` on a frame of `features`."""
    import numpy as np
    from sklearn.ensemble import IsolationForest

    df = df.copy()
    cols = ["promotion_id", "anomaly", "far"]
    if len(df) < 20:  # too few promotions for a forest to say anything
        return pd.DataFrame(columns=cols)
    names = list(OUTLIER_FEATURES)
    X = df[names].astype(float)
    X = X.fillna(X.median()).fillna(0)
    # Each distinct vector once: numbered by a hash grouping (np.unique over rows sorts them: 0.81 s against 0.02 s
    # for 430,685 promotions). Scored on one thread: threads add the trees' depths in another order, and scores
    # that differ in the last bit could move a promotion across the cut from one recompute to the next.
    values_ = X.to_numpy()
    codes = pd.DataFrame(values_).groupby(list(range(len(names))), sort=False).ngroup().to_numpy()
    _, first = np.unique(codes, return_index=True)
    forest = IsolationForest(n_estimators=100, random_state=seed).fit(values_)
    raw = -forest.score_samples(values_[first])[codes]  # higher: more anomalous
    cut = np.quantile(raw, 1 - share)
    df["anomaly"] = (raw - raw.min()) / ((raw.max() - raw.min()) or 1)
    flagged = df[raw >= cut].copy()
    values = df[names].astype(float)
    # The agencies' medians (one row per agency), then each flagged promotion's.
    medians = values.groupby(df["agency_code"]).median()
    med = medians.reindex(df.loc[flagged.index, "agency_code"]).set_axis(flagged.index)
    spread = values.std().replace(0, 1).fillna(1)
    dist = ((values.loc[flagged.index] - med).abs() / spread).fillna(-1).to_numpy()
    top = np.argsort(-dist, axis=1, kind="stable")[:, :2]
    v, m = values.loc[flagged.index].to_numpy(), med.to_numpy()
    flagged["far"] = [[(names[j], float(v[i, j]), float(m[i, j])) for j in row if dist[i, j] >= 0]
                      for i, row in enumerate(top)]
    return flagged[cols].reset_index(drop=True)


def outlier_sentence(far, lang: str = "en") -> str:
    return flag_sentence("OUTLIER", lang, parts=outlier_parts(far, lang))


# --- Stored flags: recomputed inside every load that touches their sources, read by the page and report ----

# Weights for ordering: how strongly each code alone suggests a look (risk = 1 − Π(1 − w)).
WEIGHTS = {"RANK_TIME_SHORT": 0.5, "RATING_BELOW_BAIK": 0.5, "MISSING_APPRAISAL": 0.2, "RANK_SKIP": 0.6,
           "EDUCATION_CEILING": 0.6, "OFF_PERIOD": 0.2, "POSITION_TENURE_SHORT": 0.5, "ABOVE_SUPERVISOR": 0.4,
           "SCORE_SPIKE": 0.3, "FAST_TRACK": 0.4, "APPROVER_PATTERN": 0.6, "SAME_FAMILY_NAME": 0.5, "OUTLIER": 0.2}
CODES = FLAG_CODES
assert tuple(WEIGHTS) == CODES, "a weight for every flag code, in domain.FLAG_CODES order"
# Datasets whose change makes the stored flags stale.
SOURCES = {"agencies", "employees", "appraisals", "promotions"}
TABLES = ("flag_hits", "promotion_flags", "promotion_features", "pool_agency_year", "pool_cells", "flag_meta")
# Bump when what is stored changes: databases built with another version recompute their flags.
FLAG_VERSION = 5
_STATUS_ORDER = "status_order(status, ix) as (values ('open', 0), ('under_review', 1), ('confirmed', 2), ('dismissed', 2))"


def refresh(con: duckdb.DuckDBPyConnection, touched: Touched | None = None) -> dict:
    """Recompute every promotion's flags over all the data and store them (call inside the load's transaction:
    `con` must be the connection that holds it). The statistical codes are computed once for the whole country,
    so a promotion's flags do not depend on who looks. With `touched` (a load of quarters, `keep`), only what it
    reaches (`refresh_slices`). Returns seconds, promotions, flagged and the seconds of each stage."""
    import json
    import time

    if touched is not None:
        return refresh_slices(con, touched)

    t0 = time.perf_counter()
    everyone = Scope.unrestricted()
    scoped, params = scoped_agencies(everyone, None, None)
    con.execute(
        "create or replace table flag_hits as select promotion_id, code, months::integer as months, "
        "rule_years::integer as rule_years, a::varchar as a, b::varchar as b, year::integer as year, "
        f"null::varchar as detail from ({_RULES_SQL.format(scoped=scoped, year_filter='true')})", params)
    stages = {"rules": time.perf_counter() - t0}
    # The eligible pool counted once for every year with a promotion: its rating counts per agency and year
    # (APPROVER_PATTERN, every approver's record) and its cells for the fairness page.

    store_pools(con, [r[0] for r in con.execute("select distinct year(effective_date) from promotions").fetchall()])
    stages["pools"] = time.perf_counter() - t0 - sum(stages.values())
    # Stored straight from the query; the forest reads its columns alone (a frame of every column and back cost
    # twice the query at national scale: nine text columns of 4.7 M rows each way).
    sql, fparams = _promotions_sql(_FEATURES_SQL, everyone, Filters())
    con.execute("create or replace table promotion_features as select * replace (effective_date::timestamp as "
                f"effective_date) from ({sql}) order by promotion_id", fparams)
    feats = con.execute(f"select promotion_id, agency_code, {', '.join(OUTLIER_FEATURES)} from promotion_features "
                        "order by promotion_id").df()
    stages["features"] = time.perf_counter() - t0 - sum(stages.values())
    extra = []
    for r in approver_pattern(con, everyone).to_dict("records"):
        detail = {k: (float(r[k]) if k == "p_value" else int(r[k])) for k in APPROVER_COLUMNS if k != "approver_nip"}
        extra.append((r["promotion_id"], "APPROVER_PATTERN", json.dumps(detail)))
    stages["approver_pattern"] = time.perf_counter() - t0 - sum(stages.values())
    for r in detect_outliers(feats).to_dict("records"):
        extra.append((r["promotion_id"], "OUTLIER", json.dumps({"anomaly": round(float(r["anomaly"]), 4),
                                                                 "far": r["far"]})))
    stages["outlier"] = time.perf_counter() - t0 - sum(stages.values())
    if extra:
        con.register("_flag_extra", pd.DataFrame(extra, columns=["promotion_id", "code", "detail"]))
        try:
            con.execute("insert into flag_hits (promotion_id, code, detail) select * from _flag_extra")
        finally:
            con.unregister("_flag_extra")
    con.execute("create or replace table promotion_flags as " + _PROMOTION_FLAGS_SQL.format(where="true"))
    return _finish(con, t0, stages)


# One row per flagged promotion (of those `where` keeps, on flag_hits' promotion_id): its codes in FLAG_CODES order
# and its risk score.
_PROMOTION_FLAGS_SQL = f"""
with w(code, w, ix) as (values {values_sql((c, w, i) for i, (c, w) in enumerate(WEIGHTS.items()))}),
h as (
    select promotion_id, list(code order by ix) as codes, round(1 - exp(sum(ln(1 - w))), 4) as risk_score
    from (select distinct promotion_id, code from flag_hits where {{where}}) join w using (code)
    group by promotion_id
)
select pr.promotion_id, pr.nip, pr.agency_code, a.region_code, pr.effective_date, pr.kind, pr.approver_nip,
       h.codes, h.risk_score
from h join promotions pr using (promotion_id) join agencies a on a.agency_code = pr.agency_code
order by h.risk_score desc, pr.effective_date desc, pr.promotion_id
"""


def _finish(con: duckdb.DuckDBPyConnection, t0: float, stages: dict) -> dict:
    import time

    n_promotions = first_row(con.execute("select count(*) from promotions"))[0]
    n_flagged = first_row(con.execute("select count(*) from promotion_flags"))[0]
    seconds = round(time.perf_counter() - t0, 2)
    stages["store"] = seconds - sum(stages.values())
    con.execute("create or replace table flag_meta as select ?::integer as version, now()::timestamp as computed_at, "
                "?::double as seconds, ?::bigint as promotions, ?::bigint as flagged",
                [FLAG_VERSION, seconds, n_promotions, n_flagged])
    return {"seconds": seconds, "promotions": n_promotions, "flagged": n_flagged,
            "stages": {k: round(v, 2) for k, v in stages.items()}}


# --- Refreshed by what changed (issue 22) -------------------------------------------------------------------

@dataclass(frozen=True)
class Touched:
    """A load or an undo of quarterly appraisals only (kept in temp table _fl_nips: the employees and the end of
    the earliest quarter it changes). Quarterly rows reach one flag, SCORE_SPIKE (every other rule, the features,
    the pools and so APPROVER_PATTERN and OUTLIER read annual ratings alone), and only for promotions of those
    employees effective after that quarter's end."""
    rows: int
    first_end: object  # a date


def keep(con: duckdb.DuckDBPyConnection, dataset: str, batch_id: int, max_share: float) -> Touched | None:
    """What a refresh by slices needs of batch `batch_id` (call while its rows are in place); None: recompute
    every flag (a change of any other dataset, of an annual rating, or wider than `max_share` of the rows)."""
    if dataset != "appraisals":
        return None
    rows, annual, first_end = first_row(con.execute(
        f"select count(*), count(*) filter (period = 'Y'), min({_PERIOD_END}) from appraisals where _batch_id = ?",
        [int(batch_id)]))
    total = first_row(con.execute("select count(*) from appraisals"))[0]
    if annual or not rows or rows > max_share * total:
        return None
    con.execute("create or replace temp table _fl_nips as select distinct nip from appraisals where _batch_id = ?",
                [int(batch_id)])
    return Touched(rows, first_end)


def refresh_slices(con: duckdb.DuckDBPyConnection, touched: Touched) -> dict:
    """SCORE_SPIKE and the flagged-promotion rows of the promotions a load of quarters reaches, equal to a full
    recompute (tests/test_incremental.py)."""
    import time

    t0 = time.perf_counter()
    try:
        con.execute("create or replace temp table _fl_promotions as select promotion_id from promotions "
                    "where nip in (select nip from _fl_nips) and effective_date > ?", [touched.first_end])
        ids = "promotion_id in (select promotion_id from _fl_promotions)"
        con.execute(f"delete from flag_hits where code = 'SCORE_SPIKE' and {ids}")
        con.execute("insert into flag_hits select promotion_id, code, months::integer, rule_years::integer, a::varchar, "
                    f"b::varchar, year::integer, null::varchar from (with p as (select * from promotions where {ids}) "
                    f"{_SCORE_SPIKE_SQL}) t(promotion_id, code, months, rule_years, a, b, year)")
        stages = {"score_spike": time.perf_counter() - t0}
        con.execute(f"delete from promotion_flags where {ids}")
        con.execute("insert into promotion_flags " + _PROMOTION_FLAGS_SQL.format(where=ids))
        return _finish(con, t0, stages)
    finally:
        for t in ("_fl_nips", "_fl_promotions"):
            con.execute(f"drop table if exists temp.{t}")


def ensure(con: duckdb.DuckDBPyConnection) -> None:
    """Compute the stored flags when they are missing or were stored by another version."""
    have = {r[0] for r in con.execute("select table_name from duckdb_tables() where not temporary").fetchall()}
    if set(TABLES) <= have and con.execute("select version from flag_meta").fetchall() == [(FLAG_VERSION,)]:
        return
    with transaction(con):
        refresh(con)


def meta(con: duckdb.DuckDBPyConnection) -> dict | None:
    """When the stored flags were computed, in how many seconds, over how many promotions."""
    rows = con.execute("select computed_at, seconds, promotions, flagged from flag_meta").fetchall()
    return dict(zip(("computed_at", "seconds", "promotions", "flagged"), rows[0])) if rows else None


def reason(row, lang: str = "en") -> str:
    """The sentence of one stored hit."""
    import json

    if row["code"] == "APPROVER_PATTERN":
        return approver_sentence(json.loads(row["detail"]), lang)
    if row["code"] == "OUTLIER":
        return outlier_sentence(json.loads(row["detail"])["far"], lang)
    return sentence(row, lang)


def reasons(con: duckdb.DuckDBPyConnection, ids: list[str], lang: str = "en") -> dict[str, list[tuple[str, str]]]:
    """(code, sentence) per stored hit of each promotion, in the order of CODES."""
    out: dict[str, list[tuple[str, str]]] = {p: [] for p in ids}
    if not ids:
        return out
    hits = con.execute(f"with w(code, ix) as (values {values_sql((c, i) for i, c in enumerate(CODES))}) "
                       "select h.* from flag_hits h join w using (code) where promotion_id in (select unnest($ids)) "
                       "order by promotion_id, ix, year", {"ids": list(ids)}).df()
    for r in hits.to_dict("records"):
        out[r["promotion_id"]].append((r["code"], reason(r, lang)))
    return out


_QUEUE_SQL = f"""
with scoped as ({{scoped}}),
{_STATUS_ORDER},
latest as (select promotion_id, code, arg_max(to_status, review_id) as status from flag_reviews group by all),
-- A case's status: the least advanced of its flags' (a flag never reviewed is open).
reviewed as (
    select l.promotion_id,
           case when count(*) < any_value(len(f.codes)) then 'open' else arg_min(l.status, o.ix) end as status
    from latest l join promotion_flags f using (promotion_id) join status_order o on o.status = l.status
    where list_contains(f.codes, l.code)
    group by l.promotion_id
),
-- Each flag's status, listed per case: the status filter finds a case when any of its flags has that status.
flag_statuses as (
    select c.promotion_id, list(coalesce(l.status, 'open')) as statuses
    from (select promotion_id, unnest(codes) as code from promotion_flags) c
    left join latest l on l.promotion_id = c.promotion_id and l.code = c.code
    group by c.promotion_id
),
q as (
    select f.*, coalesce(r.status, 'open') as status
    from promotion_flags f left join reviewed r using (promotion_id) left join flag_statuses s using (promotion_id)
    where f.agency_code in (select agency_code from scoped) and {{where}}
)
select *, count(*) over () as total from q
order by risk_score desc, effective_date desc, promotion_id
limit $limit
"""


def queue(con: duckdb.DuckDBPyConnection, scope: Scope, filters: Filters = Filters(), *, code: str | None = None,
          approver: str | None = None, status: str | None = None, limit: int = 500, lang: str = "en"
          ) -> tuple[pd.DataFrame, int]:
    """The inspectors' queue from the stored flags: flagged promotions in scope, ordered by risk, filtered by
    year, code, approver and review status (a case is found when any of its flags has the status); at most `limit` rows and the number that match. Columns: those of
    promotion_flags, status (the case's), reasons (one sentence per stored hit, in the order of `codes`) and
    reason_codes (the code of each sentence)."""

    if not scope.personal_data:  # flags are about named people: inspectors, analysts and admins only
        raise PermissionError("promotion flags need the right to see personal data")
    scoped, params = scoped_agencies(scope, filters.region, filters.agency)
    where = ["true"]
    if filters.year is not None:
        where.append("year(f.effective_date) = $year")
        params["year"] = int(filters.year)
    if code is not None:
        if code not in CODES:
            raise ValueError(f"unknown code {code}")
        where.append("list_contains(f.codes, $code)")
        params["code"] = code
    if approver is not None:
        where.append("f.approver_nip = $approver")
        params["approver"] = approver
    if status is not None:
        if status not in REVIEW_STATUSES:
            raise ValueError(f"unknown status {status}")
        where.append("list_contains(s.statuses, $status)")  # any flag of the case has it
        params["status"] = status
    params["limit"] = int(limit)
    df = con.execute(_QUEUE_SQL.format(scoped=scoped, where=" and ".join(where)), params).df()
    total = int(df["total"].iloc[0]) if len(df) else 0
    said = reasons(con, df["promotion_id"].tolist(), lang)
    df["codes"] = df["codes"].map(list)
    # One sentence per stored hit: a code can hold several (one per year), so `reason_codes` pairs each
    # sentence with its code (`codes` lists each code once).
    df["reason_codes"] = [[c for c, _ in said[p]] for p in df["promotion_id"]]
    df["reasons"] = [[s for _, s in said[p]] for p in df["promotion_id"]]
    return df.drop(columns="total"), total


FLAG_COLUMNS = ["promotion_id", "nip", "agency_code", "effective_date", "kind", "codes", "risk_score", "reasons"]


def flags(con: duckdb.DuckDBPyConnection, scope: Scope, filters: Filters = Filters(), *, lang: str = "en"
          ) -> pd.DataFrame:
    """`report flags` (METRICS.md §4), from the stored flags: one row per promotion with at least one code:
    promotion_id, nip, agency_code, effective_date, kind, codes (list), risk_score (0–1, for ordering), reasons."""
    rows, _ = queue(con, scope, filters, limit=2**62, lang=lang)
    return rows[FLAG_COLUMNS].reset_index(drop=True)


def approver_options(con: duckdb.DuckDBPyConnection, scope: Scope, filters: Filters = Filters(), *,
                     limit: int = 1000) -> pd.DataFrame:
    """Approvers of flagged promotions in scope, most flagged first: approver_nip, name, flagged."""
    if not scope.personal_data:
        raise PermissionError("approvers are personal data")
    scoped, params = scoped_agencies(scope, filters.region, filters.agency)
    where = "true"
    if filters.year is not None:
        where, params["year"] = "year(f.effective_date) = $year", int(filters.year)
    params["limit"] = int(limit)
    # The approver's name only when the approver works inside the reader's scope (as cases.person decides).
    in_scope, scope_params = scoped_agencies(scope, None, None)
    params.update(scope_params)
    return con.execute(
        f"with scoped as ({scoped}), in_scope as ({in_scope}) "
        "select f.approver_nip, any_value(e.name) as name, count(*) as flagged "
        "from promotion_flags f left join employees e on e.nip = f.approver_nip "
        "and e.agency_code in (select agency_code from in_scope) "
        f"where f.approver_nip is not null and f.agency_code in (select agency_code from scoped) and {where} "
        "group by f.approver_nip order by flagged desc, f.approver_nip limit $limit", params).df()
