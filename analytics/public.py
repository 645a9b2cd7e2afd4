"""The public transparency report (METRICS.md §5): aggregates per agency, with small counts suppressed.

Row (`public`): agency_code, agency_name, region_code, measure, value (null when withheld), withheld.
Measures: employees, share_<rating> for each annual rating, complaints_received, first_response_compliance,
km_median_first_response, ikm, grade, promotions. `public` adds `below_k`, which marks the withheld counts
shown as "< k" (a count below k), as opposed to cells withheld to protect another; the report leaves it out.

Suppression, with k = `public_min_cell` (setting, 10):
- a count below k is withheld (shown as "< k"), and so is every share or mean computed from it: a rating
  share from a rating count or an agency's rated total below k; compliance from fewer than k decided first
  responses; the Kaplan–Meier median from fewer than k complaints; IKM and grade from fewer than k ratings;
- complementary withholding: the five rating shares of an agency sum to 100%, so when exactly one is
  withheld the smallest other one is withheld too;
- a count cell is withheld by its own value only (below k), never by what else a view holds: the same cell
  reads the same in every view a visitor can ask for (country, province, kab/kota, kecamatan, agency), and
- a total (the page's headline) is exact only when no count of its view is withheld; otherwise it is the sum
  of the counts shown, said as "at least" (`PublicTotal.complete`). No total can then be differenced against
  another view's, or against the cells shown, to work out a withheld count (tests/test_public.py checks this
  over random small worlds, every pair of views and any linear combination of what they show).

No NIP, name, decree number, evaluator or free text is read: every query here counts.
"""
from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from analytics.domain import RATINGS
from analytics.filters import Filters
from analytics.query import scoped_agencies
from analytics.regions import data_years
from analytics.scope import Scope
from analytics.settings import load_settings
from analytics.sla import satisfaction, sla

COUNT_MEASURES = ("employees", "complaints_received", "promotions")
SHARE_MEASURES = tuple(f"share_{r}" for r in RATINGS)
MEASURES = ("employees", *SHARE_MEASURES, "complaints_received", "first_response_compliance",
            "km_median_first_response", "ikm", "grade", "promotions")
COLUMNS = ["agency_code", "agency_name", "region_code", "measure", "value", "withheld"]


def _wide(con: duckdb.DuckDBPyConnection, scope: Scope, filters: Filters, year: int) -> pd.DataFrame:
    """One row per agency in scope: the counts and figures before suppression."""
    scoped, params = scoped_agencies(scope, filters.region, filters.agency)
    params["year"] = int(year)
    base = con.cursor().execute(f"""
        with scoped as ({scoped})
        select a.agency_code, a.name as agency_name, a.region_code,
               (select count(*) from employees e where e.agency_code = a.agency_code and e.status = 'active')
                   as employees,
               coalesce(m.n, 0) as n_rated,
               {", ".join(f"coalesce(m.n_{r}, 0) as n_{r}" for r in RATINGS)},
               (select count(*) from promotions p where p.agency_code = a.agency_code
                 and year(p.effective_date) = $year) as promotions
        from agencies a
        left join appraisal_agency_period m on m.agency_code = a.agency_code and m.year = $year and m.period = 'Y'
        where a.agency_code in (select agency_code from scoped)
        order by a.region_code, a.agency_code
    """, params).df()
    window = Filters(region=filters.region, agency=filters.agency, year=int(year), period="Y")
    first = sla(con, scope, window, by="agency", stages=("first_response",))
    first = first[first["stage"] == "first_response"][["group", "received", "met", "breached", "compliance",
                                                         "km_median"]]
    first = first.rename(columns={"group": "agency_code", "received": "complaints_received"})
    sat = satisfaction(con, scope, window, by="agency")[["group", "n_rated", "ikm", "grade"]]
    sat = sat.rename(columns={"group": "agency_code", "n_rated": "n_ikm"})
    wide = base.merge(first, on="agency_code", how="left").merge(sat, on="agency_code", how="left")
    for col in ("complaints_received", "met", "breached", "n_ikm"):
        wide[col] = pd.to_numeric(wide[col], errors="coerce").fillna(0).astype(int)
    return wide


@dataclass(frozen=True)
class PublicTotal:
    """A headline total: the exact sum when `complete` (no count of the view withheld), else the sum of the counts
    shown, with `withheld` agencies' counts left out."""
    value: int
    complete: bool
    withheld: int


@dataclass(frozen=True)
class PublicReport:
    """The transparency figures: `rows` (COLUMNS and below_k: whether a withheld count is itself below k), the
    year they are of (None without data), the threshold k in force and the headline totals."""
    rows: pd.DataFrame
    year: int | None
    k: int
    totals: dict[str, PublicTotal]


def public(con: duckdb.DuckDBPyConnection, scope: Scope, filters: Filters = Filters(), *,
           k: int | None = None) -> PublicReport:
    """`python -m analytics report public` (METRICS.md §5): per agency in scope and measure, the value or null
    when withheld. The year is the filter's, else the latest with annual ratings."""
    k = int(k if k is not None else load_settings().public_min_cell)
    year = filters.year if filters.year is not None else data_years(con)[1]
    if year is None:
        return PublicReport(pd.DataFrame(columns=[*COLUMNS, "below_k"]), None, k, {})
    w = _wide(con, scope, filters, int(year))
    cells: dict[tuple[str, str], tuple[object, bool, bool]] = {}  # (agency, measure) -> value, withheld, below k
    for r in w.to_dict("records"):
        a = r["agency_code"]
        for m in COUNT_MEASURES:
            small = r[m] < k
            cells[(a, m)] = (None if small else int(r[m]), small, small)
        for rating in RATINGS:
            small = r[f"n_{rating}"] < k or r["n_rated"] < k
            share = r[f"n_{rating}"] / r["n_rated"] if r["n_rated"] else None
            cells[(a, f"share_{rating}")] = (None if small else share, small, False)
        decided = r["met"] + r["breached"]
        cells[(a, "first_response_compliance")] = ((None, True, False) if decided < k
                                                   else (r["compliance"], False, False))
        cells[(a, "km_median_first_response")] = ((None, True, False) if r["complaints_received"] < k
                                                  else (r["km_median"], False, False))
        few = r["n_ikm"] < k
        cells[(a, "ikm")] = (None, True, False) if few else (r["ikm"], False, False)
        cells[(a, "grade")] = (None, True, False) if few else (r["grade"], False, False)
    # Complementary withholding in each agency's rating shares (they sum to 100%).
    for a in w["agency_code"]:
        shown = [m for m in SHARE_MEASURES if not cells[(a, m)][1] and cells[(a, m)][0] is not None]
        hidden = [m for m in SHARE_MEASURES if cells[(a, m)][1]]
        if len(hidden) == 1 and shown:
            m = min(shown, key=lambda x: cells[(a, x)][0])
            cells[(a, m)] = (None, True, False)
    rows = [{"agency_code": r["agency_code"], "agency_name": r["agency_name"], "region_code": r["region_code"],
             "measure": m, "value": cells[(r["agency_code"], m)][0], "withheld": cells[(r["agency_code"], m)][1],
             "below_k": cells[(r["agency_code"], m)][2]}
            for r in w.to_dict("records") for m in MEASURES]
    out = pd.DataFrame(rows, columns=[*COLUMNS, "below_k"])
    # The page's headline totals: exact only when nothing of the column is withheld, else the sum of what is shown.
    totals = {}
    for m in COUNT_MEASURES:
        hidden = sum(cells[(a, m)][1] for a in w["agency_code"])
        shown = sum(cells[(a, m)][0] for a in w["agency_code"] if not cells[(a, m)][1])
        totals[m] = PublicTotal(int(shown), hidden == 0, int(hidden))
    return PublicReport(out, int(year), k, totals)


def report(con: duckdb.DuckDBPyConnection, scope: Scope, filters: Filters = Filters()) -> pd.DataFrame:
    """The CLI's `report public`: the rows of METRICS.md §5 exactly (agency_code, agency_name, region_code,
    measure, value, withheld)."""
    return public(con, scope, filters).rows[COLUMNS].copy()
