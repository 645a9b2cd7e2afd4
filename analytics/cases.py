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

import duckdb
import pandas as pd

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


def cohort(con: duckdb.DuckDBPyConnection, scope: Scope, promotion_id: str) -> pd.DataFrame:
    """One row per feature: this promotion's value, the median and size of its agency cohort (same kind, same
    target rank or level, same year, itself included), the share of that cohort with a value at or below this one
    (percentile, 0–100), and the median and size of the province's cohort. Read from the features stored at each
    load. Empty outside scope or without the right to see personal data."""
    me = _promotion(con, scope, promotion_id) if scope.personal_data else None
    if me is None:
        return pd.DataFrame(columns=COHORT_COLUMNS)
    province = me["region_code"].split(".")[0]
    scope_sql, params = scope.region_filter("region_code")
    wide = con.execute(
        f"select * from promotion_features where year = $year and kind = $kind and target = $target "
        f"and (region_code = $province or region_code like $province || '.%') and {scope_sql}",
        {**params, "year": int(me["year"]), "kind": me["kind"], "target": me["target"], "province": province}).df()
    local = wide[wide["agency_code"] == me["agency_code"]]
    mine = wide[wide["promotion_id"] == promotion_id]
    if mine.empty:
        return pd.DataFrame(columns=COHORT_COLUMNS)
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
    out = pd.DataFrame(rows, columns=COHORT_COLUMNS)
    out.attrs.update(kind=me["kind"], target=me["target"], year=int(me["year"]), agency=me["agency_code"],
                     province=province)
    return out


def approver_record(con: duckdb.DuckDBPyConnection, scope: Scope, approver_nip: str, *, limit: int = 500
                    ) -> dict[str, pd.DataFrame]:
    """An approver's record in scope: `summary` (the approver_stats row: n_promotions, promotees_good,
    promotees_rated, pool_n, pool_good, pool_rated, p_value), `by_year` (year, promotions, rated, good) and
    `promotions` (the latest `limit`: promotion_id, nip, name, effective_date, kind, target, rating_before, codes).
    Empty without the right to see personal data."""
    if not scope.personal_data or not approver_nip:
        return {}
    summary = approver_stats(con, scope, approver=approver_nip)
    scope_sql, params = scope.region_filter("a.region_code")
    promos = con.execute(
        f"select p.promotion_id, p.nip, e.name, p.effective_date, p.kind, "
        f"coalesce(p.to_rank, p.to_position_level) as target, r.rating as rating_before, "
        f"coalesce(f.codes, []::varchar[]) as codes "
        f"from promotions p join agencies a on a.agency_code = p.agency_code join employees e on e.nip = p.nip "
        f"left join appraisals r on r.nip = p.nip and r.period = 'Y' and r.year = year(p.effective_date) - 1 "
        f"left join promotion_flags f on f.promotion_id = p.promotion_id "
        f"where p.approver_nip = $ap and {scope_sql} order by p.effective_date desc, p.promotion_id",
        {**params, "ap": approver_nip}).df()
    if promos.empty:
        return {}
    promos["codes"] = promos["codes"].map(list)
    year = pd.to_datetime(promos["effective_date"]).dt.year
    good = promos["rating_before"].isin(["sangat_baik", "baik"])
    by_year = pd.DataFrame({"year": year, "rated": promos["rating_before"].notna(), "good": good}).groupby("year").agg(
        promotions=("rated", "size"), rated=("rated", "sum"), good=("good", "sum")).reset_index()
    return {"summary": summary, "by_year": by_year.astype(int), "promotions": promos.head(limit)}
