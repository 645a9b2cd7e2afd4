"""The public transparency report (METRICS.md §5): aggregates only, counts below k withheld, shares and means
computed from them withheld, complementary withholding of shares, and totals that never let a withheld count be
worked out, within one view or across the views a visitor can ask for."""
from __future__ import annotations

import json
import random
import re

import numpy as np
import pandas as pd
import pytest

from analytics import Scope
from analytics.filters import Filters
from analytics import public as pub
from analytics.public import COUNT_MEASURES, SHARE_MEASURES, PublicTotal, public


def _check_safe(rep: pd.DataFrame, k: int) -> None:
    """The properties every public output must have."""
    text = rep.to_csv(index=False)
    assert not re.search(r"\b\d{18}\b", text)  # no NIP
    counts = rep[rep["measure"].isin(COUNT_MEASURES) & ~rep["withheld"]]
    assert (counts["value"].astype(float) >= k).all()  # no count below k
    for agency, g in rep.groupby("agency_code"):
        shares = g[g["measure"].isin(SHARE_MEASURES)]
        assert shares["withheld"].sum() != 1, agency  # never exactly one share hidden in a row


def test_public_report_on_the_demo(demo_con):
    rep = public(demo_con, Scope.public(), Filters()).rows
    _check_safe(rep, 10)
    names = set(demo_con.execute("select name from employees").df()["name"])
    assert not names & set(rep.astype(str).values.ravel())  # no employee name in any cell
    assert rep["withheld"].any() and (~rep["withheld"]).any()


def test_hand_computed_suppression(loaded):
    """The small fixture: every count is below 10, so everything is withheld, and a lower k shows them."""
    report = public(loaded, Scope.public(), Filters(year=2024), k=10)
    rep = report.rows
    assert rep["withheld"].all() and rep["value"].isna().all()
    # Every count is withheld: the total is the sum of none shown, said as partial.
    n_agencies = rep["agency_code"].nunique()
    assert report.totals["employees"] == PublicTotal(0, False, n_agencies) and (report.year, report.k) == (2024, 10)
    low = public(loaded, Scope.public(), Filters(year=2024), k=1).rows
    _check_safe(low, 1)
    shown = low.set_index(["agency_code", "measure"])
    employees = dict(loaded.execute("select agency_code, count(*) from employees where status = 'active' "
                                    "group by 1").fetchall())
    col = shown.xs("employees", level="measure")
    for agency, row in col.iterrows():
        n = employees.get(agency, 0)
        if not row["withheld"]:
            assert row["value"] == n
        else:  # below k = 1: no employee
            assert row["below_k"] and n < 1


def test_complementary_withholding():
    """Counts 50, 40, 3: the 3 is below k and withheld; the total then shows 90 "at least", not 93 (which would
    give the 3 away), and 40 stays shown. Shares 30/5/… of 40: one small share hides a second."""
    wide = pd.DataFrame({
        "agency_code": ["A", "B", "C"], "agency_name": ["a", "b", "c"], "region_code": ["1", "1", "1"],
        "employees": [50, 40, 3], "n_rated": [40, 40, 0],
        "n_sangat_baik": [30, 12, 0], "n_baik": [5, 12, 0], "n_butuh_perbaikan": [5, 16, 0], "n_kurang": [0, 0, 0],
        "n_sangat_kurang": [0, 0, 0], "promotions": [12, 11, 10], "complaints_received": [0, 0, 0],
        "met": [0, 0, 0], "breached": [0, 0, 0], "compliance": [None] * 3, "km_median": [None] * 3,
        "n_ikm": [0, 0, 0], "ikm": [None] * 3, "grade": [None] * 3,
    })
    original = pub._wide
    pub._wide = lambda *a, **kw: wide
    try:
        report = pub.public(None, Scope.public(), Filters(year=2025), k=10)
        rep = report.rows.set_index(["agency_code", "measure"])
    finally:
        pub._wide = original
    assert rep.loc[("C", "employees"), "below_k"] and not rep.loc[("B", "employees"), "withheld"]
    assert rep.loc[("B", "employees"), "value"] == 40 and rep.loc[("A", "employees"), "value"] == 50
    # A: sangat_baik 30/40 shown; baik 5, butuh_perbaikan 5, kurang 0, sangat_kurang 0 are below k: four hidden.
    assert rep.loc[("A", "share_sangat_baik"), "value"] == pytest.approx(0.75)
    # B: 12, 12, 16 shown and two zeros hidden: already two, nothing more.
    assert not rep.loc[("B", "share_baik"), "withheld"]
    # Promotions 12, 11, 10: none below k, none hidden.
    assert not rep.xs("promotions", level="measure")["withheld"].any()
    _check_safe(rep.reset_index(), 10)
    assert report.totals == {"employees": PublicTotal(90, False, 1), "complaints_received": PublicTotal(0, False, 3),
                             "promotions": PublicTotal(33, True, 0)}


def test_cli_public(loaded, tmp_path, capsys):
    from analytics.cli import main

    assert main(["--db", str(tmp_path / "kinerja.duckdb"), "report", "public", "--year", "2024"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out["rows"][0]) == {"agency_code", "agency_name", "region_code", "measure", "value", "withheld"}


def _world(rng: random.Random) -> pd.DataFrame:
    """A small random country: agencies at every region level, with counts around k."""
    regions = ["11", "11.01", "11.01.01", "11.01.02", "11.02", "12", "12.01"]
    rows = []
    for i in range(rng.randint(2, 9)):
        region = rng.choice(regions)
        counts = {m: rng.choice([0, 1, 3, 9, 10, 12, 30, 47]) for m in COUNT_MEASURES}
        rows.append({"agency_code": f"{region}.A{i}", "agency_name": f"a{i}", "region_code": region, **counts,
                     "n_rated": 0, **{f"n_{r}": 0 for r in pub.RATINGS}, "met": 0, "breached": 0,
                     "compliance": None, "km_median": None, "n_ikm": 0, "ikm": None, "grade": None})
    return pd.DataFrame(rows)


def _views(world: pd.DataFrame) -> list[Filters]:
    """Every view a visitor can ask for: the country, each region at each level, each agency."""
    regions = set()
    for code in world["region_code"]:
        parts = code.split(".")
        regions |= {".".join(parts[:i]) for i in range(1, len(parts) + 1)}
    return ([Filters(year=2025)] + [Filters(region=r, year=2025) for r in sorted(regions)]
            + [Filters(agency=a, year=2025) for a in world["agency_code"]])


def _in_view(world: pd.DataFrame, f: Filters) -> pd.DataFrame:
    if f.agency:
        return world[world["agency_code"] == f.agency]
    if f.region:
        return world[(world["region_code"] == f.region) | world["region_code"].str.startswith(f.region + ".")]
    return world


@pytest.mark.parametrize("seed", range(60))
def test_no_withheld_count_follows_from_any_views(seed, monkeypatch):
    """Issue 18 (1): 74.71's total 47 with rows "< 10", "•", "30", and agency BBB alone showing 12, gave
    47 - 30 - 12 = 5. Over random small worlds: a count cell reads the same in every view, and no withheld count
    is a linear combination of everything every view shows (cells and totals), so no subtraction across views
    recovers it."""
    rng = random.Random(seed)
    world = _world(rng)
    monkeypatch.setattr(pub, "_wide", lambda con, scope, filters, year: _in_view(world, filters).reset_index(drop=True))
    agencies = list(world["agency_code"])
    index = {a: i for i, a in enumerate(agencies)}
    for m in COUNT_MEASURES:
        equations, seen = [], {}
        for f in _views(world):
            report = pub.public(None, Scope.public(), f, k=10)
            cells = report.rows[report.rows["measure"] == m].set_index("agency_code")
            for a, row in cells.iterrows():
                state = (bool(row["withheld"]), None if row["withheld"] else row["value"])
                assert seen.setdefault(a, state) == state, (m, a, f)  # the same in every view
                if not row["withheld"]:
                    equations.append(np.eye(len(agencies))[index[a]])
            total = report.totals[m]
            members = [index[a] for a in cells.index] if total.complete else \
                [index[a] for a in cells.index if not cells.loc[a, "withheld"]]
            if members:
                equations.append(np.isin(np.arange(len(agencies)), members).astype(float))
            assert total.value == int(sum(cells.loc[a, "value"] for a in cells.index if not cells.loc[a, "withheld"]))
        known = np.array(equations) if equations else np.zeros((0, len(agencies)))
        rank = np.linalg.matrix_rank(known) if len(known) else 0
        for a, (withheld, _) in seen.items():
            if withheld:
                unit = np.eye(len(agencies))[index[a]]
                assert np.linalg.matrix_rank(np.vstack([known, unit])) > rank, (m, a, world.to_dict("records"))


def test_the_reported_attack_no_longer_works(monkeypatch):
    """74.71.AAA/BBB/CCC with 5, 12 and 30 active employees."""
    world = pd.DataFrame([{"agency_code": f"74.71.{c}", "agency_name": c, "region_code": "74.71", "employees": n,
                           "complaints_received": 0, "promotions": 0, "n_rated": 0,
                           **{f"n_{r}": 0 for r in pub.RATINGS}, "met": 0, "breached": 0, "compliance": None,
                           "km_median": None, "n_ikm": 0, "ikm": None, "grade": None}
                          for c, n in (("AAA", 5), ("BBB", 12), ("CCC", 30))])
    monkeypatch.setattr(pub, "_wide", lambda con, scope, filters, year: _in_view(world, filters).reset_index(drop=True))
    region = pub.public(None, Scope.public(), Filters(region="74.71", year=2025), k=10)
    alone = pub.public(None, Scope.public(), Filters(agency="74.71.BBB", year=2025), k=10)
    assert region.totals["employees"] == PublicTotal(42, False, 1)      # not 47
    cells = region.rows[region.rows["measure"] == "employees"].set_index("agency_code")
    assert list(cells["value"]) == [None, 12, 30] or cells["value"].isna().tolist() == [True, False, False]
    assert alone.totals["employees"] == PublicTotal(12, True, 0)
