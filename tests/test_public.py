"""The public transparency report (METRICS.md §5): aggregates only, counts below k withheld, shares and means
computed from them withheld, and complementary withholding so that no withheld cell follows from a total."""
from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from analytics import Scope
from analytics.filters import Filters
from analytics.public import COUNT_MEASURES, SHARE_MEASURES, public


def _check_safe(rep: pd.DataFrame, k: int) -> None:
    """The properties every public output must have."""
    text = rep.to_csv(index=False)
    assert not re.search(r"\b\d{18}\b", text)  # no NIP
    counts = rep[rep["measure"].isin(COUNT_MEASURES) & ~rep["withheld"]]
    assert (counts["value"].astype(float) >= k).all()  # no count below k
    for agency, g in rep.groupby("agency_code"):
        shares = g[g["measure"].isin(SHARE_MEASURES)]
        assert shares["withheld"].sum() != 1, agency  # never exactly one share hidden in a row
    for m in COUNT_MEASURES:
        col = rep[rep["measure"] == m]
        assert col["withheld"].sum() != 1 or len(col) == 1, m  # never exactly one count hidden in a column


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
    assert report.totals["employees"] is None and (report.year, report.k) == (2024, 10)  # the total is below k too
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
        else:  # below k = 1 (no employee), or the smallest other count, withheld to protect it
            assert row["below_k"] == (n < 1)
    assert col["withheld"].sum() != 1


def test_complementary_withholding():
    """Counts 50, 40, 3: the 3 is below k and withheld; alone it would follow from the total (93), so the
    smallest shown count, 40, is withheld too. Shares 30/5/… of 40: one small share hides a second."""
    from analytics import public as pub

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
    assert rep.loc[("C", "employees"), "below_k"] and rep.loc[("B", "employees"), "withheld"]
    assert not rep.loc[("B", "employees"), "below_k"] and rep.loc[("A", "employees"), "value"] == 50
    # A: sangat_baik 30/40 shown; baik 5, butuh_perbaikan 5, kurang 0, sangat_kurang 0 are below k: four hidden.
    assert rep.loc[("A", "share_sangat_baik"), "value"] == pytest.approx(0.75)
    # B: 12, 12, 16 shown and two zeros hidden: already two, nothing more.
    assert not rep.loc[("B", "share_baik"), "withheld"]
    # Promotions 12, 11, 10: none below k, none hidden.
    assert not rep.xs("promotions", level="measure")["withheld"].any()
    _check_safe(rep.reset_index(), 10)
    assert report.totals == {"employees": 93, "complaints_received": None, "promotions": 33}


def test_cli_public(loaded, tmp_path, capsys):
    from analytics.cli import main

    assert main(["--db", str(tmp_path / "kinerja.duckdb"), "report", "public", "--year", "2024"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out["rows"][0]) == {"agency_code", "agency_name", "region_code", "measure", "value", "withheld"}
