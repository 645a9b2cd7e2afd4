"""METRICS.md §1 on the hand-made world of tests/world_appraisals.py: distribution, the rating curve for
each of the five organisation ratings, raters (lenient, harsh, uniform, fewer than 5), 360° gaps, training
needs, the aggregate-only scope and the command line."""
from __future__ import annotations

import json
import math

import pytest

from analytics import Scope
from analytics.appraisals import (appraisal_distribution, gaps_360, rater_distribution, raters, rating_curve,
                                  score_histogram, training_needs)
from analytics.cli import main
from analytics.filters import Filters
from tests import world_appraisals

ALL = Scope.unrestricted()
AGG = Scope(regions=None, personal_data=False)
Y2025 = Filters(year=2025, period="Y")


@pytest.fixture
def world(built):
    """The appraisals world (tests/world_appraisals.py), built once per session and copied per test."""
    return built("appraisals_world", world_appraisals.build, base="empty")


def test_distribution_by_agency(world):
    con, _ = world
    d = appraisal_distribution(con, ALL, Y2025, by="agency").set_index("group")
    a1 = d.loc["72.71.A1"]
    assert (a1.year, a1.period, a1.n) == (2025, "Y", 10)
    assert (a1.share_sangat_baik, a1.share_baik, a1.share_kurang) == (0.8, 0.2, 0.0)
    # Scores 100..109: mean 104.5; p10 and p90 by linear interpolation: 100.9 and 108.1.
    assert a1.score_mean == 104.5 and a1.score_median == 104.5
    assert math.isclose(a1.score_p10, 100.9) and math.isclose(a1.score_p90, 108.1)
    shares = d[[c for c in d.columns if c.startswith("share_")]].sum(axis=1)
    assert all(math.isclose(s, 1.0) for s in shares)


def test_distribution_by_gender_and_unknown_grouping(world):
    con, _ = world
    d = appraisal_distribution(con, ALL, Filters(year=2025, period="Y", agency="72.71.A1"), by="gender")
    assert dict(zip(d["group"], d["n"])) == {"M": 5, "F": 5}
    with pytest.raises(ValueError):
        appraisal_distribution(con, ALL, Y2025, by="name; drop table employees")


def test_histogram(world):
    con, _ = world
    h = score_histogram(con, ALL, Filters(year=2025, period="Y", agency="72.71.A1"), width=5)
    assert dict(zip(h["lower"], h["n"])) == {100: 5, 105: 5}


CURVE = {  # agency -> (org_rating, within, breach codes)
    "72.71.A1": ("istimewa", False, ["sangat_baik_max"]),
    "72.71.A2": ("baik", True, []),
    "72.71.A3": ("baik", False, ["needs_low_ratings"]),
    "72.71.A4": ("butuh_perbaikan", True, []),
    "72.71.A5": ("kurang", False, ["kurang_min"]),
    "72.71.A6": ("sangat_kurang", False, ["no_sangat_baik"]),
    "72.71.A7": ("baik", True, []),
}


def test_rating_curve_each_organisation_rating(world):
    con, _ = world
    c = rating_curve(con, ALL, Filters(year=2025), limit=0.70).set_index("agency_code")
    got = {a: (r.org_rating, bool(r.within), list(r.breach_codes)) for a, r in c.iterrows()}
    assert got == CURVE
    assert c.loc["72.71.A1", "breaches"] == "share sangat_baik 0.80, rule <= 0.70"
    assert c.loc["72.71.A5", "breaches"] == "share kurang 0.50, rule >= 0.60"
    assert c.loc["72.71.A6", "breaches"] == "1 sangat_baik (none allowed)"


def test_rating_curve_limit_is_a_setting(world):
    con, _ = world
    c = rating_curve(con, ALL, Filters(year=2025, agency="72.71.A1"), limit=0.80)
    assert bool(c["within"].iloc[0])  # 0.80 <= 0.80
    c = rating_curve(con, ALL, Filters(year=2025, agency="72.71.A2"), limit=0.65)
    assert list(c["breach_codes"].iloc[0]) == ["baik_max"]


def test_raters(world):
    con, named = world
    r = raters(con, ALL, Y2025).set_index("evaluator_nip")
    assert set(r.index) == {named["E_LEN"], named["E_HARSH"], named["E_MID"]}  # E_FEW has 4 appraisees
    sd = math.sqrt(5760 / 24)
    len_, harsh, mid = r.loc[named["E_LEN"]], r.loc[named["E_HARSH"]], r.loc[named["E_MID"]]
    assert (len_.n, len_.score_mean, len_.share_top) == (5, 118, 1.0)
    assert math.isclose(len_.z, 24 / sd) and len_.lenient and not len_.harsh
    assert math.isclose(harsh.z, -24 / sd) and harsh.harsh and not harsh.lenient
    assert mid.uniform and mid.z == 0 and not mid.lenient and not mid.harsh
    assert bool(len_.uniform) and bool(harsh.uniform)
    assert len_.evaluator_name == "Lina Lestari"


def test_rater_drill_down(world):
    con, named = world
    d = rater_distribution(con, ALL, named["E_MID"], Y2025).set_index("rating")
    assert d.loc["baik", "n"] == 14 and d["n"].sum() == 14 and d.loc["baik", "score_mean"] == 94
    assert rater_distribution(con, AGG, named["E_MID"], Y2025)["n"].sum() == 0


def test_raters_aggregate_only_scope_gets_counts(world):
    con, named = world
    r = raters(con, AGG, Y2025)
    assert list(r.columns) == ["agency_code", "year", "period", "n_raters", "n_lenient", "n_harsh", "n_uniform"]
    assert r.set_index("agency_code").loc["72.71.A7"].tolist() == [2025, "Y", 3, 1, 1, 3]
    assert named["E_LEN"] not in r.to_string()


def test_gaps_360(world):
    con, _ = world
    g = gaps_360(con, ALL, Y2025).set_index("group")
    a1 = g.loc["72.71.A1"]
    assert (a1.n_self, a1.self_gap_mean, a1.n_peer, a1.peer_gap_mean, a1.share_self_higher) == (10, 10, 5, -5, 1.0)
    assert g.loc["72.71.A2", "n_self"] == 0 and math.isnan(g.loc["72.71.A2", "share_self_higher"])


def test_training_needs(world):
    con, named = world
    t = training_needs(con, ALL, Filters(year=2025, period="Y", agency="72.71.A2"))
    assert list(t["nip"]) == [named["A2_BP"]]
    row = t.iloc[0]
    # on_time 60 vs median 90 (−33%), service 76 vs 80 (−5%), training 30 vs 20 (above): two listed.
    assert list(row["lowest"]) == ["on_time_pct", "service_quality"]
    assert (row.median_on_time_pct, row.median_service_quality, row.median_training_hours) == (90, 80, 20)
    everyone = training_needs(con, ALL, Y2025)
    assert dict(everyone["agency_code"].value_counts()) == {"72.71.A2": 1, "72.71.A4": 6, "72.71.A5": 6,
                                                            "72.71.A6": 9, "72.71.A7": 5}
    # Without a period filter the latest rating counts: the A2 employee is baik in Q1 2026.
    assert named["A2_BP"] not in set(training_needs(con, ALL, Filters())["nip"])


def test_training_needs_aggregate_only(world):
    con, named = world
    t = training_needs(con, AGG, Filters(year=2025, period="Y", agency="72.71.A2"))
    assert t.to_dict("records") == [{"agency_code": "72.71.A2", "n_listed": 1, "n_low_on_time_pct": 1,
                                     "n_low_service_quality": 1, "n_low_training_hours": 0}]


def test_scope_applies(world):
    con, _ = world
    kupang = Scope(regions=("53.71",), personal_data=True)
    assert appraisal_distribution(con, kupang, Y2025).empty
    assert rating_curve(con, kupang, Filters(year=2025)).empty
    assert raters(con, kupang, Y2025).empty


@pytest.mark.parametrize("name, extra, first", [
    ("appraisal-distribution", ["--by", "agency"], {"group": "72.71.A1", "n": 10, "share_sangat_baik": 0.8}),
    ("rating-curve", [], {"agency_code": "72.71.A1", "org_rating": "istimewa", "within": False}),
    ("raters", ["--period", "Y"], {"year": 2025, "period": "Y", "n": 5}),
])
def test_cli_reports(world, tmp_path, capsys, name, extra, first):
    code = main(["--db", str(tmp_path / "kinerja.duckdb"), "report", name, "--region", "72.71", "--year", "2025",
                 *extra])
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and out["report"] == name and out["filters"]["region"] == "72.71"
    assert {k: out["rows"][0][k] for k in first} == first


def test_cli_rejects_unknown_period_and_grouping(world, tmp_path, capsys):
    db = str(tmp_path / "kinerja.duckdb")
    assert main(["--db", db, "report", "raters", "--period", "Q5"]) == 2
    assert main(["--db", db, "report", "appraisal-distribution", "--by", "nip"]) == 2


def test_good_and_below_are_one_definition():
    """'Baik ke atas' is sangat_baik + baik and 'below baik' the other three (domain.GOOD_RATINGS, BELOW_BAIK)."""
    import pandas as pd

    from analytics.appraisals import first_good_and_below, with_good_and_below
    from analytics.domain import BELOW_BAIK, GOOD_RATINGS, RATINGS

    assert GOOD_RATINGS + BELOW_BAIK == RATINGS
    shares = pd.DataFrame({"group": ["a", "b"], "share_sangat_baik": [0.1, 0.0], "share_baik": [0.6, 0.5],
                           "share_butuh_perbaikan": [0.2, 0.25], "share_kurang": [0.1, 0.0],
                           "share_sangat_kurang": [0.0, 0.25]})
    got = with_good_and_below(shares)
    assert got["good"].round(9).tolist() == [0.7, 0.5] and got["below"].round(9).tolist() == [0.3, 0.5]
    assert "good" not in shares  # a copy
    assert tuple(round(x, 9) for x in first_good_and_below(shares)) == (0.7, 0.3)
    assert first_good_and_below(shares.iloc[0:0]) == (None, None)


def test_360_summary_and_curve_rule_words_are_computed_once():
    """The 360° means weighted by each group's appraisals (hand-computed), and a curve rule names the sentence a
    breach reads as, instead of the page dispatching on its operator."""
    import pandas as pd

    from analytics.appraisals import CurveRule, summarise_360

    g = pd.DataFrame({"n_self": [2, 6], "share_self_higher": [0.5, 1.0], "self_gap_mean": [4.0, 2.0],
                      "n_peer": [0, 4], "peer_gap_mean": [None, -1.5]})
    s = summarise_360(g)
    assert (s.n_self, s.share_self_higher, s.self_gap, s.n_peer, s.peer_gap) == (8, 0.875, 2.5, 4, -1.5)
    none = summarise_360(g.iloc[0:0])
    assert (none.n_self, none.share_self_higher, none.peer_gap) == (0, None, None)
    counts = {"sangat_baik": 3, "baik": 5, "butuh_perbaikan": 2}
    assert CurveRule("x", ("sangat_baik",), "<=", 0.1).explain(counts, 10) == ("breach_max", 3, 0.3)
    assert CurveRule("x", ("butuh_perbaikan", "kurang"), "count>=1").explain(counts, 10)[0] == "breach_needs_low"
    assert CurveRule("x", ("baik",), ">=", 0.6).explain(counts, 10) == ("breach_min", 5, 0.5)
    assert CurveRule("x", ("sangat_baik",), "count==0").explain(counts, 0) == ("breach_none_allowed", 3, None)
