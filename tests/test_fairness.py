"""The eligible pool of METRICS.md §3 on the small world of conftest, worked out by hand:
- Budi (s2, IV/a): at his education ceiling, never eligible.
- Siti (s1, ceiling III/d): III/b until her promotion to III/c on 1 Apr 2023. In 2023: rank on 1 January
  III/b, in rank since her CPNS date (1 Mar 2015; a rank promotion comes after 1 January), eligible and
  promoted. In 2025: III/c since 1 Apr 2023, 4 years only in 2027: not eligible. In 2027: eligible.
- Ani: PPPK, never in the pool.
- Yohanes (sma, ceiling III/b, II/d since 1 Apr 2022, no promotion): eligible from 2026 (4 years on 1 Apr 2026).
"""
from __future__ import annotations

import pytest

from analytics import Scope
from analytics.fairness import eligible_pool

ALL = Scope.unrestricted()
SITI, YOHANES = "199005122015032002", "198503152010011004"


@pytest.mark.parametrize("year, expected", [
    (2023, {SITI: ("III/b", "30-39", True)}),
    (2025, {}),
    (2026, {YOHANES: ("II/d", "40-49", False)}),
    (2027, {SITI: ("III/c", "30-39", False), YOHANES: ("II/d", "40-49", False)}),
])
def test_eligible_pool(loaded, year, expected):
    pool = eligible_pool(loaded, ALL, year)
    assert {r.nip: (r.rank, r.age_band, bool(r.promoted)) for r in pool.itertuples()} == expected


def test_pool_follows_scope(loaded):
    assert eligible_pool(loaded, Scope(regions=("72.71",), personal_data=True), 2027)["nip"].tolist() == [SITI]


def test_selection_rates_equal_fairlearn_and_hand_values():
    import pandas as pd
    from fairlearn.metrics import MetricFrame, selection_rate
    from scipy.stats import fisher_exact

    from analytics.fairness import selection_rates

    # 40 women, 8 promoted (0.2); 50 men, 20 promoted (0.4); 10 "X", 5 promoted, too few to assess.
    pool = pd.DataFrame({"gender": ["F"] * 40 + ["M"] * 50 + ["X"] * 10,
                         "promoted": [True] * 8 + [False] * 32 + [True] * 20 + [False] * 30 + [True] * 5 + [False] * 5})
    r = selection_rates(pool, "gender", min_group=30).set_index("group")
    mf = MetricFrame(metrics=selection_rate, y_true=pool["promoted"], y_pred=pool["promoted"],
                     sensitive_features=pool["gender"])
    assert r["selection_rate"].to_dict() == pytest.approx(mf.by_group.to_dict())
    assert (r.loc["F", "selection_rate"], r.loc["M", "selection_rate"]) == (0.2, 0.4)
    assert r.loc["F", "ratio_to_max"] == 0.5 and bool(r.loc["F", "four_fifths"])
    assert r.loc["M", "ratio_to_max"] == 1.0 and not bool(r.loc["M", "four_fifths"])
    assert not bool(r.loc["X", "assessed"]) and not bool(r.loc["X", "four_fifths"])
    # F against everyone else: 8 of 40 vs 25 of 60.
    assert r.loc["F", "p_value"] == pytest.approx(fisher_exact([[8, 32], [25, 35]])[1])


def test_unknown_attribute_refused():
    import pandas as pd

    from analytics.fairness import selection_rates

    with pytest.raises(ValueError):
        selection_rates(pd.DataFrame({"promoted": []}), "nip")


def test_cli_fairness(loaded, tmp_path, capsys):
    import json

    from analytics.cli import main

    db = str(tmp_path / "kinerja.duckdb")
    assert main(["--db", db, "report", "fairness", "--attribute", "gender", "--year", "2027"]) == 0
    out = json.loads(capsys.readouterr().out)
    rows = {r["group"]: r for r in out["rows"]}
    # Siti (F) and Yohanes (M) are eligible in 2027, neither promoted; groups of 1 are not assessed.
    assert (rows["F"]["n_eligible"], rows["F"]["n_promoted"], rows["F"]["assessed"]) == (1, 0, False)
    assert (rows["M"]["n_eligible"], rows["M"]["selection_rate"]) == (1, 0.0)
    assert main(["--db", db, "report", "fairness"]) == 2
    assert main(["--db", db, "report", "fairness", "--attribute", "nip"]) == 2


def test_rating_strata(loaded):
    from analytics.fairness import strata

    pool = eligible_pool(loaded, ALL, 2027)
    # Latest annual rating before 2027: Siti sangat_baik (2024), Yohanes butuh_perbaikan (2024): other.
    assert dict(zip(pool["nip"], pool["rating_stratum"])) == {SITI: "sangat_baik", YOHANES: "other"}
    assert eligible_pool(loaded, ALL, 2023)["rating_stratum"].tolist() == ["other"]  # no rating before 2023
    s = strata(pool, "gender", min_group=1)
    assert sorted(zip(s["stratum"], s["group"], s["n_eligible"])) == [("other", "M", 1), ("sangat_baik", "F", 1)]


def test_wilson_interval_hand_values():
    from analytics.fairness import wilson

    # 0 of 1: centre (0 + z²/2) / (1 + z²) = 1.9207 / 4.8415; half-width z·√(z²/4) / (1 + z²): (0, 0.7935).
    lo, hi = wilson(0, 1)
    assert lo == 0 and hi == pytest.approx(0.79345, abs=1e-4)
    assert wilson(8, 10) == pytest.approx((0.4902, 0.9433), abs=1e-4)  # the textbook 8 of 10
    assert all(x != x for x in wilson(0, 0))  # no one eligible: no interval


def test_page_rates_equal_the_report_and_give_verdicts(loaded):
    import pandas as pd

    from analytics.fairness import _verdicts, pool_rates, rates_from_counts, selection_rates
    from analytics.filters import Filters

    page = pool_rates(loaded, ALL, Filters(year=2027, attribute="gender"))
    report = selection_rates(eligible_pool(loaded, ALL, 2027), "gender")
    assert page["year"] == 2027 and page["n_eligible"] == 2
    cols = ["group", "n_eligible", "n_promoted", "selection_rate", "assessed"]
    assert page["rates"][cols].to_dict("records") == report[cols].to_dict("records")
    assert set(page["rates"]["verdict"]) == {"not_assessed"}  # groups of one are below the minimum of 30
    assert sorted(zip(page["strata"]["stratum"], page["strata"]["group"])) == [("other", "M"), ("sangat_baik", "F")]
    # Verdicts on counts: 40 of 100 is the reference; 35 of 100 (ratio 0.875) passes; 30 of 100 (0.75) fails;
    # 5 of 10 is not assessed however high.
    counts = pd.DataFrame({"group": ["a", "b", "c", "d"], "n_eligible": [100, 100, 100, 10],
                           "n_promoted": [40, 35, 30, 5]})
    v = _verdicts(rates_from_counts(counts, "gender")).set_index("group")
    assert v["verdict"].to_dict() == {"a": "reference", "b": "pass", "c": "fail", "d": "not_assessed"}
    assert v.loc["c", "ratio_to_max"] == pytest.approx(0.75)
    assert v.loc["a", "ci_low"] < 0.4 < v.loc["a", "ci_high"]


def test_page_reads_the_stored_pool_cells_for_years_with_a_promotion(loaded):
    """2023 (Siti promoted) is stored by the load; 2027 (no promotion) is counted on view. Both give what the
    per-person pool gives, and the stored cells are what the page sums: changing one changes the page."""
    from analytics.fairness import pool_rates
    from analytics.filters import Filters

    assert [r[0] for r in loaded.execute("select distinct year from pool_cells").fetchall()] == [2023]
    for year in (2023, 2027):
        page = pool_rates(loaded, ALL, Filters(year=year, attribute="gender"))
        pool = eligible_pool(loaded, ALL, year)
        assert page["n_eligible"] == len(pool)
        assert page["rates"]["n_promoted"].sum() == pool["promoted"].sum()
    assert pool_rates(loaded, ALL, Filters(year=2023, attribute="gender"))["rates"][["group", "n_eligible", "n_promoted"]
                                                                              ].to_dict("records") == [
        {"group": "F", "n_eligible": 1, "n_promoted": 1}]
    loaded.execute("update pool_cells set n_eligible = 7 where year = 2023")
    assert pool_rates(loaded, ALL, Filters(year=2023, attribute="gender"))["n_eligible"] == 7


def test_strata_concatenate_without_a_future_warning():
    """Issue 20 (9): a stratum whose column has no value (no test applies) keeps the column's type, and pandas has
    nothing to warn about (the server log showed a FutureWarning per Keadilan view)."""
    import warnings

    import pandas as pd

    from analytics.fairness import _concat

    a = pd.DataFrame({"group": ["F"], "p_value": [0.04], "stratum": ["baik"]})
    b = pd.DataFrame({"group": ["M"], "p_value": [None], "stratum": ["kurang"]})
    with warnings.catch_warnings():
        warnings.simplefilter("error", FutureWarning)
        out = _concat([a, b])
    assert out["p_value"].dtype == "float64" and out["p_value"].isna().tolist() == [False, True]
