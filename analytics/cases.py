"""What an inspector compares a flagged promotion with (issue 6, case view):

- `cohort`: the promotion against the others of the same kind to the same rank or position level in the same
  year, in its agency and in its province: months since CPNS, months in rank, rank steps, the last annual
  score and age (the OUTLIER features), as medians, and where this promotion falls among its agency's cohort.
- `approver_record`: an approver's promotions in scope, their promotees' annual ratings of the year before
  against the eligible pool of the same agencies and years (the APPROVER_PATTERN numbers, for any approver),
  by year and one row per promotion.

Both need the right to see personal data; outside it they return nothing.
"""
from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from analytics.domain import GOOD_RATINGS
from analytics.flags import OUTLIER_FEATURES, approver_stats
from analytics.scope import Scope

COHORT_COLUMNS = ["feature", "value", "agency_median", "agency_n", "percentile", "province_median", "province_n"]


def _promotion(con, scope: Scope, promotion_id: str) -> dict | None:
    scope_sql, params = scope.region_filter("a.region_code")
    rows = con.execute(
        f"select p.promotion_id, p.kind, p.agency_code, a.region_code, year(p.effective_date) as year, "
        f"coalesce(p.to_rank, p.to_position_level) as target from promotions p "
        f"join agencies a on a.agency_code = p.agency_code where p.promotion_id = $pid and {scope_sql}",
        {**params, "pid": promotion_id}).df()
    return rows.iloc[0].to_dict() if len(rows) else None


@dataclass(frozen=True)
class Cohort:
    """A promotion against its cohort: `rows` (COHORT_COLUMNS, one per feature; empty when there is none) and
    the cohort's definition: the promotion's kind, its target (rank or position level), its year, agency and
    province."""
    rows: pd.DataFrame
    kind: str | None = None
    target: str | None = None
    year: int | None = None
    agency: str | None = None
    province: str | None = None


_NO_COHORT = Cohort(pd.DataFrame(columns=COHORT_COLUMNS))


def cohort(con: duckdb.DuckDBPyConnection, scope: Scope, promotion_id: str) -> Cohort:
    """One row per feature: this promotion's value, the median and size of its agency cohort (same kind, same
    target rank or level, same year, itself included), the share of that cohort with a value at or below this one
    (percentile, 0–100), and the median and size of the province's cohort. Read from the features stored at each
    load. Empty outside scope or without the right to see personal data."""
    me = _promotion(con, scope, promotion_id) if scope.personal_data else None
    if me is None:
        return _NO_COHORT
    province = me["region_code"].split(".")[0]
    scope_sql, params = scope.region_filter("region_code")
    wide = con.execute(
        f"select * from promotion_features where year = $year and kind = $kind and target = $target "
        f"and (region_code = $province or region_code like $province || '.%') and {scope_sql}",
        {**params, "year": int(me["year"]), "kind": me["kind"], "target": me["target"], "province": province}).df()
    local = wide[wide["agency_code"] == me["agency_code"]]
    mine = wide[wide["promotion_id"] == promotion_id]
    if mine.empty:
        return _NO_COHORT
    mine = mine.iloc[0]
    rows = []
    for f in OUTLIER_FEATURES:
        value = mine[f]
        values = local[f].dropna()
        rows.append({
            "feature": f, "value": None if pd.isna(value) else float(value),
            "agency_median": float(values.median()) if len(values) else None, "agency_n": int(len(values)),
            "percentile": round(100 * float((values <= value).mean()), 0) if len(values) and pd.notna(value) else None,
            "province_median": float(wide[f].dropna().median()) if wide[f].notna().any() else None,
            "province_n": int(wide[f].notna().sum()),
        })
    return Cohort(pd.DataFrame(rows, columns=COHORT_COLUMNS), kind=me["kind"], target=me["target"],
                  year=int(me["year"]), agency=me["agency_code"], province=province)


def person(con: duckdb.DuckDBPyConnection, scope: Scope, nip: str, agency_hint: str | None = None) -> dict | None:
    """An employee in scope: nip, name, agency_code, region_code (None outside scope or without the right to see
    personal data). The agency hint (say, of a promotion) narrows the search to one agency first."""
    if not scope.personal_data:
        return None
    scope_sql, params = scope.region_filter("a.region_code")
    sql = (f"select e.nip, e.name, e.agency_code, a.region_code from employees e "
           f"join agencies a on a.agency_code = e.agency_code where e.nip = $nip and {scope_sql}")
    for extra in ((" and e.agency_code = $hint", {"hint": agency_hint}) if agency_hint else None, ("", {})):
        if extra is None:
            continue
        rows = con.execute(sql + extra[0], {**params, "nip": nip, **extra[1]}).df()
        if len(rows):
            return rows.iloc[0].to_dict()
    return None


def timeline(con: duckdb.DuckDBPyConnection, scope: Scope, nip: str) -> pd.DataFrame:
    """An employee's promotions (personal data): promotion_id, kind, effective_date, from_, to_, approver_nip."""
    if not scope.personal_data:
        return pd.DataFrame(columns=["promotion_id", "kind", "effective_date", "from_", "to_", "approver_nip"])
    scope_sql, params = scope.region_filter("a.region_code")
    return con.execute(
        f"select p.promotion_id, p.kind, p.effective_date, coalesce(p.from_rank, p.from_position_level) as from_, "
        f"coalesce(p.to_rank, p.to_position_level) as to_, p.approver_nip from promotions p "
        f"join agencies a on a.agency_code = p.agency_code where p.nip = $nip and {scope_sql} "
        f"order by p.effective_date", {**params, "nip": nip}).df()


def annual_appraisals(con: duckdb.DuckDBPyConnection, scope: Scope, who: dict) -> pd.DataFrame:
    """The annual ratings of an employee found by `person` (year, rating, score, evaluator_nip), read from the
    appraisal mart by the employee's region and agency, which its order makes quick to find."""
    if not scope.personal_data or not who:
        return pd.DataFrame(columns=["year", "rating", "score", "evaluator_nip"])
    return con.execute(
        "select year, rating, score, evaluator_nip from appraisal_facts where region_code = $r and agency_code = $a "
        "and nip = $nip and period = 'Y' order by year",
        {"r": who["region_code"], "a": who["agency_code"], "nip": who["nip"]}).df()


def approver_record(con: duckdb.DuckDBPyConnection, scope: Scope, approver_nip: str, *, limit: int = 500
                    ) -> dict[str, pd.DataFrame]:
    """An approver's record in scope: `summary` (the approver_stats row: n_promotions, promotees_good,
    promotees_rated, pool_n, pool_good, pool_rated, p_value), `by_year` (year, promotions, rated, good) and
    `promotions` (the latest `limit`: promotion_id, nip, name, effective_date, kind, target, rating_before, codes)
    and `approver` (`person`: None when the approver is outside the scope). Empty without the right to see
    personal data."""
    if not scope.personal_data or not approver_nip:
        return {}
    summary = approver_stats(con, scope, approver=approver_nip)
    scope_sql, params = scope.region_filter("f.region_code")
    promos = con.execute(
        f"with f as (select * from promotion_features f where f.approver_nip = $ap and {scope_sql}) "
        f"select f.promotion_id, f.nip, e.name, f.effective_date, f.kind, f.target, f.rating_before, "
        f"coalesce(pf.codes, []::varchar[]) as codes "
        f"from f join employees e on e.nip = f.nip "
        f"left join promotion_flags pf on pf.promotion_id = f.promotion_id "
        f"order by f.effective_date desc, f.promotion_id",
        {**params, "ap": approver_nip}).df()
    if promos.empty:
        return {}
    promos["codes"] = promos["codes"].map(list)
    year = pd.to_datetime(promos["effective_date"]).dt.year
    good = promos["rating_before"].isin(GOOD_RATINGS)
    by_year = pd.DataFrame({"year": year, "rated": promos["rating_before"].notna(), "good": good}).groupby("year").agg(
        promotions=("rated", "size"), rated=("rated", "sum"), good=("good", "sum")).reset_index()
    return {"summary": summary, "by_year": by_year.astype(int), "promotions": promos.head(limit),
            "approver": person(con, scope, approver_nip)}
