"""Promotion flags (METRICS.md §4): every promotion gets zero or more codes, each with a sentence that
gives the numbers behind it: the eight deterministic rule codes, the statistical codes SCORE_SPIKE,
FAST_TRACK, SAME_FAMILY_NAME, APPROVER_PATTERN and OUTLIER, and `flags`, the report that puts them together
with a risk score for ordering. Not yet: storing them after each load (they are computed on request).

Grain of `rule_hits`: one row per promotion and rule code broken, with the numbers of its sentence.
"""
from __future__ import annotations

import duckdb
import pandas as pd

from analytics.filters import Filters
from analytics.query import CEILING_CTE, RANK_ORDER_CTE, scoped_agencies, values_sql
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
    where a.rating in ('butuh_perbaikan', 'kurang', 'sangat_kurang')
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
    -- SCORE_SPIKE: the last score of a period ending before the promotion against the mean of the earlier ones.
    select promotion_id, 'SCORE_SPIKE', n_earlier, null, last_score::varchar, round(earlier_mean, 1)::varchar, null
    from (
        select p.promotion_id,
               arg_max(a.score, a.period_rank) as last_score,
               (sum(a.score) - arg_max(a.score, a.period_rank)) / (count(a.score) - 1) as earlier_mean,
               count(a.score) - 1 as n_earlier
        from p join (
            -- Q4 and the annual rating both end on 31 December: the annual one counts as the later.
            select nip, score, case period when 'Q1' then make_date(year, 3, 31) when 'Q2' then make_date(year, 6, 30)
                   when 'Q3' then make_date(year, 9, 30) else make_date(year, 12, 31) end as period_end,
                   year * 10 + case period when 'Y' then 5 else right(period, 1)::int end as period_rank
            from appraisals where score is not null
        ) a on a.nip = p.nip and a.period_end < p.effective_date
        group by p.promotion_id
    )
    where n_earlier >= 2 and last_score >= earlier_mean + {SCORE_SPIKE_POINTS}
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
    scoped, params = scoped_agencies(scope, filters.region, filters.agency)
    year_filter = "true"
    if filters.year is not None:
        year_filter = "year(pr.effective_date) = $year"
        params["year"] = int(filters.year)
    return con.cursor().execute(_RULES_SQL.format(scoped=scoped, year_filter=year_filter), params).df()


def _ym(months: int, lang: str) -> str:
    y, m = divmod(int(months), 12)
    if lang == "id":
        return " ".join(x for x in (f"{y} tahun" if y else "", f"{m} bulan" if m or not y else "") if x)
    return " ".join(x for x in (f"{y} year{'s' * (y != 1)}" if y else "",
                                f"{m} month{'s' * (m != 1)}" if m or not y else "") if x)


def sentence(row, lang: str = "en") -> str:
    """The reason for one hit, with its numbers ("promoted to III/c 2 years 1 month after III/b; the rule
    is 4 years")."""
    c = row["code"]
    id_ = lang == "id"
    if c == "RANK_TIME_SHORT":
        return (f"naik ke {row['b']} {_ym(row['months'], lang)} setelah {row['a']}; aturannya {row['rule_years']} tahun"
                if id_ else f"promoted to {row['b']} {_ym(row['months'], lang)} after {row['a']}; the rule is "
                f"{row['rule_years']} years")
    if c == "RANK_SKIP":
        return (f"naik dari {row['a']} ke {row['b']}, {row['year']} tingkat sekaligus; aturannya satu tingkat"
                if id_ else f"promoted from {row['a']} to {row['b']}, {row['year']} steps at once; the rule is one step")
    if c == "EDUCATION_CEILING":
        return (f"KP reguler ke {row['a']}, di atas batas pendidikannya {row['b']}" if id_ else
                f"regular promotion to {row['a']}, above the ceiling {row['b']} for the employee's education")
    if c == "OFF_PERIOD":
        return (f"TMT {row['a']} bukan tanggal kenaikan pangkat yang sah" if id_ else
                f"effective {row['a']}, not a legal promotion date")
    if c == "RATING_BELOW_BAIK":
        return (f"predikat tahunan {row['year']}: {row['a']}, di bawah baik" if id_ else
                f"annual rating {row['year']}: {row['a']}, below baik")
    if c == "MISSING_APPRAISAL":
        return (f"tidak ada predikat tahunan {row['year']}, padahal instansinya sudah memuat penilaian tahun itu"
                if id_ else f"no annual rating for {row['year']}, though the agency has that year's ratings loaded")
    if c == "POSITION_TENURE_SHORT":
        return (f"ke {row['b']} setelah {_ym(row['months'], lang)} sebagai {row['a']}; aturannya {row['rule_years']} tahun"
                if id_ else f"to {row['b']} after {_ym(row['months'], lang)} as {row['a']}; the rule is "
                f"{row['rule_years']} years")
    if c == "ABOVE_SUPERVISOR":
        return (f"pangkat baru {row['a']} di atas pangkat atasannya {row['b']}" if id_ else
                f"new rank {row['a']} above the supervisor's rank {row['b']}")
    if c == "SCORE_SPIKE":
        return (f"nilai terakhir sebelum kenaikan {row['a']}, rata-rata {row['months']} nilai sebelumnya {row['b']}; "
                f"selisih lebih dari {SCORE_SPIKE_POINTS} poin" if id_ else
                f"last score before the promotion {row['a']} against a mean of {row['b']} over {row['months']} "
                f"earlier scores; more than {SCORE_SPIKE_POINTS} points up")
    if c == "FAST_TRACK":
        return (f"mencapai {row['a']} {_ym(row['months'], lang)} sejak CPNS; persentil 5 dari {row['year']} rekan "
                f"(instansi dan pendidikan sama) {row['b']} tahun" if id_ else
                f"reached {row['a']} {_ym(row['months'], lang)} after CPNS; the 5th percentile of {row['year']} peers "
                f"(same agency and education) is {row['b']} years")
    if c == "SAME_FAMILY_NAME":
        return (f"nama keluarga sama dengan pejabat yang menyetujui: {row['a']} / {row['b']}" if id_ else
                f"same family name as the approver: {row['a']} / {row['b']}")
    raise ValueError(c)


# --- APPROVER_PATTERN -----------------------------------------------------------------------------------

APPROVER_MIN_PROMOTIONS = 10
APPROVER_P = 0.01

_APPROVER_SQL = """
with scoped as ({scoped}),
p as (
    select pr.promotion_id, pr.nip, pr.approver_nip, pr.agency_code, year(pr.effective_date) as year
    from promotions pr
    where pr.agency_code in (select agency_code from scoped) and pr.approver_nip is not null
)
select p.*, a.rating in ('sangat_baik', 'baik') as good_before, a.rating is not null as rated_before
from p left join appraisals a on a.nip = p.nip and a.period = 'Y' and a.year = p.year - 1
"""


def approver_pattern(con: duckdb.DuckDBPyConnection, scope: Scope, filters: Filters = Filters()) -> pd.DataFrame:
    """APPROVER_PATTERN (METRICS.md §4): an approver with at least 10 promotions whose promotees' share of annual
    ratings of baik or better in the year before is below that of the agency's eligible pool (§3) in the same
    years, with a two-sided Fisher exact test p < 0.01. One row per promotion of such an approver:
    promotion_id, approver_nip, n_promotions, promotees_good, promotees_rated, pool_good, pool_rated, p_value.
    The shares are of annual ratings ("share of annual ratings of baik or better"): a promotee or pool member
    without an annual rating that year takes no part in them."""
    from scipy.stats import fisher_exact

    from analytics.fairness import eligible_pool

    scoped, params = scoped_agencies(scope, filters.region, filters.agency)
    promos = con.cursor().execute(_APPROVER_SQL.format(scoped=scoped), params).df()
    counts = promos.groupby("approver_nip")["promotion_id"].size()
    busy = counts[counts >= APPROVER_MIN_PROMOTIONS].index
    cols = ["promotion_id", "approver_nip", "n_promotions", "promotees_good", "promotees_rated", "pool_n",
            "pool_good", "pool_rated", "p_value"]
    if busy.empty:
        return pd.DataFrame(columns=cols)
    # The eligible pool of each (agency, year) the busy approvers promoted in, with its ratings the year before.
    needed = promos[promos["approver_nip"].isin(busy)][["agency_code", "year"]].drop_duplicates()
    pools = {}
    for year, agencies in needed.groupby("year")["agency_code"]:
        pool = eligible_pool(con, scope, int(year))
        pool = pool[pool["agency_code"].isin(set(agencies))]
        ratings = con.cursor().execute(
            "select nip, rating in ('sangat_baik', 'baik') as good from appraisals "
            "where period = 'Y' and year = $y and nip in (select unnest($nips))",
            {"y": int(year) - 1, "nips": pool["nip"].tolist()}).df().set_index("nip")["good"]
        for agency, members in pool.groupby("agency_code"):
            rated = members["nip"][members["nip"].isin(ratings.index)]
            pools[(agency, int(year))] = (int(ratings.loc[rated].sum()), len(members), len(rated))
    rows = []
    for approver in busy:
        mine = promos[promos["approver_nip"] == approver]
        n, good = len(mine), int(mine["good_before"].fillna(False).sum())
        rated = int(mine["rated_before"].sum())
        keys = set(zip(mine["agency_code"], mine["year"]))
        pool_good, pool_n, pool_rated = (sum(pools.get(k, (0, 0, 0))[i] for k in keys) for i in range(3))
        if not rated or not pool_rated or good / rated >= pool_good / pool_rated:
            continue
        p_value = fisher_exact([[good, rated - good], [pool_good, pool_rated - pool_good]])[1]
        if p_value < APPROVER_P:
            rows += [{"promotion_id": pid, "approver_nip": approver, "n_promotions": n, "promotees_good": good,
                      "promotees_rated": rated, "pool_n": pool_n, "pool_good": pool_good,
                      "pool_rated": pool_rated, "p_value": p_value} for pid in mine["promotion_id"]]
    return pd.DataFrame(rows, columns=cols)


def approver_sentence(row, lang: str = "en") -> str:
    share = row["promotees_good"] / row["promotees_rated"]
    pool = row["pool_good"] / row["pool_rated"]
    if lang == "id":
        return (f"pejabat yang menyetujui {row['n_promotions']} kenaikan: {row['promotees_good']} dari "
                f"{row['promotees_rated']} yang dinaikkan dan dinilai ({share:.0%}) berpredikat baik ke atas setahun "
                f"sebelumnya, dibanding {pool:.0%} dari {row['pool_rated']} pegawai yang memenuhi syarat "
                f"(Fisher p = {row['p_value']:.4f})")
    return (f"approver of {row['n_promotions']} promotions: {row['promotees_good']} of {row['promotees_rated']} rated "
            f"promotees ({share:.0%}) were rated baik or better the year before, against {pool:.0%} of "
            f"{row['pool_rated']} rated eligible employees (Fisher p = {row['p_value']:.4f})")


# --- OUTLIER, and all codes together ---------------------------------------------------------------------

OUTLIER_SHARE = 0.01  # METRICS.md §4 *(setting)*: the top share of anomaly scores flagged
OUTLIER_FEATURES = ("months_since_cpns", "months_in_rank", "rank_steps", "last_score", "age_years")

_FEATURES_SQL = f"""
with scoped as ({{scoped}}),
{RANK_ORDER_CTE},
p as (
    select pr.*, e.cpns_date, e.birth_date from promotions pr join employees e on e.nip = pr.nip
    where pr.agency_code in (select agency_code from scoped) and {{year_filter}}
)
select p.promotion_id, p.agency_code,
       {_month_diff('p.cpns_date', 'p.effective_date')} as months_since_cpns,
       case when p.kind like 'rank_%' then {_month_diff(
           "coalesce((select max(q.effective_date) from promotions q where q.nip = p.nip and q.kind like 'rank_%' "
           "and q.effective_date < p.effective_date), p.cpns_date)", 'p.effective_date')} end as months_in_rank,
       coalesce(t.ix - f.ix, 0) as rank_steps,
       (select arg_max(a.score, a.year * 10 + case a.period when 'Y' then 5 else right(a.period, 1)::int end)
        from appraisals a where a.nip = p.nip and a.score is not null
          and make_date(a.year, case a.period when 'Q1' then 3 when 'Q2' then 6 when 'Q3' then 9 else 12 end, 28)
              < p.effective_date) as last_score,
       date_diff('year', p.birth_date, p.effective_date) as age_years
from p left join rank_order f on f.rank = p.from_rank left join rank_order t on t.rank = p.to_rank
order by p.promotion_id
"""


def outliers(con: duckdb.DuckDBPyConnection, scope: Scope, filters: Filters = Filters(), *,
             share: float = OUTLIER_SHARE, seed: int = 0) -> pd.DataFrame:
    """OUTLIER: an IsolationForest on each promotion's numeric features; the top `share` of anomaly scores is
    flagged. One row per flagged promotion: promotion_id, anomaly (0–1, higher is stranger) and `far`: the two
    features furthest from their agency median, as (feature, value, median) in robust units."""
    from sklearn.ensemble import IsolationForest

    scoped, params = scoped_agencies(scope, filters.region, filters.agency)
    year_filter = "true"
    if filters.year is not None:
        year_filter = "year(pr.effective_date) = $year"
        params["year"] = int(filters.year)
    df = con.cursor().execute(_FEATURES_SQL.format(scoped=scoped, year_filter=year_filter), params).df()
    cols = ["promotion_id", "anomaly", "far"]
    if len(df) < 20:  # too few promotions for a forest to say anything
        return pd.DataFrame(columns=cols)
    X = df[list(OUTLIER_FEATURES)].astype(float)
    X = X.fillna(X.median()).fillna(0)
    forest = IsolationForest(n_estimators=200, random_state=seed).fit(X)
    raw = -forest.score_samples(X)  # higher: more anomalous
    cut = pd.Series(raw).quantile(1 - share)
    df["anomaly"] = (raw - raw.min()) / (raw.max() - raw.min() or 1)
    flagged = df[raw >= cut].copy()
    med = df.groupby("agency_code")[list(OUTLIER_FEATURES)].transform("median")
    spread = df[list(OUTLIER_FEATURES)].astype(float).std().replace(0, 1)
    dist = ((df[list(OUTLIER_FEATURES)].astype(float) - med).abs() / spread)
    far = []
    for i in flagged.index:
        top = dist.loc[i].dropna().sort_values(ascending=False).index[:2]
        far.append([(f, float(df.at[i, f]), float(med.at[i, f])) for f in top])
    flagged["far"] = far
    return flagged[cols].reset_index(drop=True)


_FEATURE_WORDS = {
    "months_since_cpns": ("bulan sejak CPNS", "months since CPNS"), "months_in_rank": ("bulan dalam pangkat",
                                                                                        "months in rank"),
    "rank_steps": ("tingkat naik", "rank steps"), "last_score": ("nilai terakhir", "last score"),
    "age_years": ("usia", "age"),
}


def outlier_sentence(far, lang: str = "en") -> str:
    i = 0 if lang == "id" else 1
    parts = [f"{_FEATURE_WORDS[f][i]} {v:g} ({'median instansi' if i == 0 else 'agency median'} {m:g})"
             for f, v, m in far]
    return ("pola tidak lazim di antara kenaikan: " if i == 0 else "unusual among promotions: ") + "; ".join(parts)


# Weights for ordering: how strongly each code alone suggests a look (risk = 1 − Π(1 − w)).
WEIGHTS = {"RANK_TIME_SHORT": 0.5, "RATING_BELOW_BAIK": 0.5, "MISSING_APPRAISAL": 0.2, "RANK_SKIP": 0.6,
           "EDUCATION_CEILING": 0.6, "OFF_PERIOD": 0.2, "POSITION_TENURE_SHORT": 0.5, "ABOVE_SUPERVISOR": 0.4,
           "SCORE_SPIKE": 0.3, "FAST_TRACK": 0.4, "APPROVER_PATTERN": 0.6, "SAME_FAMILY_NAME": 0.5, "OUTLIER": 0.2}


def flags(con: duckdb.DuckDBPyConnection, scope: Scope, filters: Filters = Filters(), *, lang: str = "en"
          ) -> pd.DataFrame:
    """`report flags` (METRICS.md §4): one row per promotion with at least one code: promotion_id, nip,
    agency_code, effective_date, kind, codes (list), risk_score (0–1, for ordering), reasons (sentences)."""
    hits = rule_hits(con, scope, filters)
    reasons: dict[str, list[tuple[str, str]]] = {}
    for r in hits.to_dict("records"):
        reasons.setdefault(r["promotion_id"], []).append((r["code"], sentence(r, lang)))
    approvers = approver_pattern(con, scope, filters)
    if filters.year is not None and len(approvers):
        keep = set(con.cursor().execute("select promotion_id from promotions where year(effective_date) = $y",
                                        {"y": int(filters.year)}).df()["promotion_id"])
        approvers = approvers[approvers["promotion_id"].isin(keep)]
    for r in approvers.to_dict("records"):
        reasons.setdefault(r["promotion_id"], []).append(("APPROVER_PATTERN", approver_sentence(r, lang)))
    for r in outliers(con, scope, filters).to_dict("records"):
        reasons.setdefault(r["promotion_id"], []).append(("OUTLIER", outlier_sentence(r["far"], lang)))
    cols = ["promotion_id", "nip", "agency_code", "effective_date", "kind", "codes", "risk_score", "reasons"]
    if not reasons:
        return pd.DataFrame(columns=cols)
    base = con.cursor().execute(
        "select promotion_id, nip, agency_code, effective_date, kind from promotions "
        "where promotion_id in (select unnest($ids))", {"ids": list(reasons)}).df()
    base["codes"] = [[c for c, _ in reasons[p]] for p in base["promotion_id"]]
    base["reasons"] = [[s for _, s in reasons[p]] for p in base["promotion_id"]]
    risk = []
    for codes in base["codes"]:
        keep_prob = 1.0
        for c in set(codes):
            keep_prob *= 1 - WEIGHTS[c]
        risk.append(round(1 - keep_prob, 4))
    base["risk_score"] = risk
    return base.sort_values(["risk_score", "effective_date", "promotion_id"],
                            ascending=[False, False, True])[cols].reset_index(drop=True)
