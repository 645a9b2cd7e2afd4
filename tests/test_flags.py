"""Promotion rule flags (METRICS.md §4) on planted cases: each rule code once, with its sentence's numbers,
and clean promotions that raise no code."""
from __future__ import annotations

import pytest

from analytics import Scope
from analytics.filters import Filters
from analytics.flags import rule_hits, sentence
from analytics.loader import load_file
from tests.conftest import EMPLOYEES, write_csv

ALL = Scope.unrestricted()


def emp(nip, name, education, cpns, rank, supervisor, level="pelaksana"):
    birth = f"{nip[:4]}-{nip[4:6]}-{nip[6:8]}"
    return dict(EMPLOYEES[1], nip=nip, name=name, education=education, birth_date=birth, cpns_date=cpns,
                rank=rank, rank_since=cpns, position_level=level, position_title="", position_since="",
                supervisor_nip=supervisor, gender="M" if nip[14] == "1" else "F")


def promo(pid, nip, kind, date, a="", b="", la="", lb=""):
    return {"promotion_id": pid, "nip": nip, "kind": kind, "effective_date": date, "from_rank": a, "to_rank": b,
            "from_position_level": la, "to_position_level": lb, "position_title": "", "agency_code": "72.71.DINKES",
            "approver_nip": "196608011988031001", "decree_number": "", "decree_date": ""}


def annual(nip, year, rating):
    wr, bh = {"baik": ("meets", "meets"), "kurang": ("meets", "below")}[rating]
    return {"nip": nip, "year": str(year), "period": "Y", "work_result": wr, "behaviour": bh, "rating": rating,
            "score": "", "self_score": "", "peer_score": "", "evaluator_nip": "", "on_time_pct": "",
            "service_quality": "", "training_hours": ""}


SITI, BUDI = "199005122015032002", "196608011988031001"
ANDI, RINA, YUDI = "198501012010011001", "197801012000012001", "199001012018011001"

PROMOTIONS = [
    promo("P1", ANDI, "rank_regular", "2016-04-01", "III/a", "III/b"),
    promo("P2", ANDI, "rank_regular", "2018-04-01", "III/b", "III/c"),
    promo("P3", ANDI, "rank_regular", "2024-02-15", "III/c", "III/d"),
    promo("P4", RINA, "rank_regular", "2025-04-01", "III/b", "III/c"),
    promo("P5", RINA, "rank_choice", "2025-10-01", "III/c", "IV/a"),
    promo("P6", YUDI, "position", "2020-01-02", la="pelaksana", lb="pengawas"),
    promo("P7", YUDI, "position", "2024-01-02", la="pengawas", lb="administrator"),
]

EXPECTED = {
    "KP-2023-0001": set(), "JB-2023-0002": set(), "P1": set(), "P7": set(),
    "P2": {"RANK_TIME_SHORT"},
    "P3": {"OFF_PERIOD", "RATING_BELOW_BAIK"},
    "P4": {"EDUCATION_CEILING"},
    "P5": {"RANK_SKIP", "RANK_TIME_SHORT", "ABOVE_SUPERVISOR"},
    "P6": {"POSITION_TENURE_SHORT"},
}


def _build_world(con, folder):
    employees = [emp(ANDI, "Andi Pratama", "s1", "2010-01-01", "III/d", BUDI),
                 emp(RINA, "Rina Wati", "sma", "2000-01-01", "IV/a", SITI),
                 emp(YUDI, "Yudi Hartono", "s1", "2018-01-01", "III/b", BUDI, level="administrator")]
    appraisals = [annual(SITI, 2023, "baik"), annual(ANDI, 2023, "kurang"), annual(RINA, 2023, "baik"),
                  annual(RINA, 2024, "baik"), annual(YUDI, 2023, "baik")]
    for name, rows in (("employees", employees), ("appraisals", appraisals), ("promotions", PROMOTIONS)):
        res = load_file(con, name, write_csv(folder / f"f_{name}.csv", rows), user="t")
        assert res.status == "loaded", (name, [e.message for e in res.errors])


@pytest.fixture
def world(built):
    """The small world with the planted promotions P1-P7 (built once per session, copied per test)."""
    return built("flags_world", _build_world)[0]


def test_each_rule_planted_once_and_clean_promotions_raise_none(world):
    hits = rule_hits(world, ALL)
    got = {pid: set(g["code"]) for pid, g in hits.groupby("promotion_id")}
    assert {pid: got.get(pid, set()) for pid in EXPECTED} == EXPECTED


def test_sentences_give_the_numbers(world):
    hits = rule_hits(world, ALL)
    said = {(r["promotion_id"], r["code"]): sentence(r) for r in hits.to_dict("records")}
    assert said[("P2", "RANK_TIME_SHORT")] == "promoted to III/c 2 years after III/b; the rule is 4 years"
    assert said[("P5", "RANK_TIME_SHORT")] == "promoted to IV/a 6 months after III/c; the rule is 2 years"
    assert said[("P5", "RANK_SKIP")] == "promoted from III/c to IV/a, 2 steps at once; the rule is one step"
    assert said[("P5", "ABOVE_SUPERVISOR")] == "new rank IV/a above the supervisor's rank III/c"
    assert said[("P4", "EDUCATION_CEILING")] == ("regular promotion to III/c, above the ceiling III/b for the "
                                                 "employee's education")
    assert said[("P3", "OFF_PERIOD")] == "effective 2024-02-15, not a legal promotion date"
    assert said[("P3", "RATING_BELOW_BAIK")] == "annual rating 2023: Poor/Misconduct, below Good"
    assert said[("P6", "POSITION_TENURE_SHORT")] == "to Supervisor (pengawas) after 2 years as Executor (pelaksana); the rule is 4 years"
    row = hits[(hits["promotion_id"] == "P2")].to_dict("records")[0]
    assert sentence(row, "id") == "naik ke III/c 2 tahun setelah III/b; aturannya 4 tahun"


def test_missing_appraisal_only_where_the_agency_has_that_year(world, tmp_path):
    # Yudi's 2023 rating removed: the agency has 2023 annual ratings, so P7 (2024) misses one; 2022 has none
    # loaded for the agency, so that year is not flagged.
    world.execute("delete from appraisals where nip = ? and year = 2023", [YUDI])
    hits = rule_hits(world, ALL)
    p7 = hits[hits["promotion_id"] == "P7"]
    assert list(zip(p7["code"], p7["year"])) == [("MISSING_APPRAISAL", 2023)]


def test_scope_and_year_filter(world):
    assert rule_hits(world, Scope(regions=("53.71",), personal_data=True)).empty
    assert set(rule_hits(world, ALL, Filters(year=2025))["promotion_id"]) == {"P4", "P5"}


def test_statistical_codes(world, tmp_path):
    from datetime import date, timedelta

    def nip(i, cpns="200001"):
        birth = date(1975, 1, 1) + timedelta(days=i)
        return f"{birth:%Y%m%d}{cpns}1{i % 999 + 1:03d}"

    dewi = "198203032008012001"
    peers = [nip(i) for i in range(21)]  # the first is promoted fast
    employees = [emp(dewi, "Dewi Santoso", "s1", "2008-01-01", "III/c", BUDI)]
    employees += [emp(n, f"Peer {i}", "d3", "2000-01-01", "II/d", "") for i, n in enumerate(peers)]
    scores = [("Q1", 80), ("Q2", 82), ("Q3", 100)]  # 100 against a mean of 81 over 2 earlier scores
    appraisals = [{**annual(dewi, 2024, "baik"), "period": q, "score": str(sc)} for q, sc in scores]
    promotions = [promo("S1", dewi, "rank_regular", "2024-10-01", "III/b", "III/c")]
    promotions += [promo(f"F{i}", n, "rank_regular", "2002-04-01" if i == 0 else "2012-04-01", "II/c", "II/d")
                   for i, n in enumerate(peers)]
    for name, rows in (("employees", employees), ("appraisals", appraisals), ("promotions", promotions)):
        res = load_file(world, name, write_csv(tmp_path / f"s_{name}.csv", rows), user="t")
        assert res.status == "loaded", (name, [e.message for e in res.errors[:3]])
    hits = rule_hits(world, ALL)
    codes = {pid: set(g["code"]) for pid, g in hits.groupby("promotion_id")}
    assert {"SCORE_SPIKE", "SAME_FAMILY_NAME"} <= codes["S1"]
    assert "FAST_TRACK" in codes["F0"]
    assert not any("FAST_TRACK" in codes.get(f"F{i}", set()) for i in range(1, 21))
    said = {(r["promotion_id"], r["code"]): sentence(r) for r in hits.to_dict("records")}
    assert said[("S1", "SCORE_SPIKE")] == ("last score before the promotion 100.0 against a mean of 81.0 over 2 "
                                           "earlier scores; more than 15 points up")
    assert said[("S1", "SAME_FAMILY_NAME")] == "same family name as the approver: Dewi Santoso / Budi Santoso"
    # 2000-01 to 2002-04: 2 years 3 months; 20 peers at 12 years 3 months and itself: the 5th percentile of 21
    # values is the second smallest, 147 months = 12.25 years, shown rounded half away from zero: 12.3.
    assert said[("F0", "FAST_TRACK")] == ("reached II/d 2 years 3 months after CPNS; the 5th percentile of 21 peers "
                                          "(same agency and education) is 12.3 years")


def test_approver_pattern(loaded, tmp_path):
    """Approver A promoted 12 people in 2025, 2 of whom had baik the year before. The agency's eligible pool
    (A's 12, B's 9 and 30 others, all with 4+ years in III/b) had 32 of 51. Fisher [[2, 10], [32, 19]]:
    p < 0.01. Approver B promoted 9 people rated kurang: fewer than 10 promotions, not assessed."""
    from datetime import date, timedelta

    from scipy.stats import fisher_exact

    from analytics.flags import approver_pattern, approver_sentence

    def nip(i):
        return f"{date(1980, 1, 1) + timedelta(days=i):%Y%m%d}2010011{i % 999 + 1:03d}"

    agency = {"agency_code": "72.71.UJI", "name": "Dinas Uji Kota Palu", "short_name": "", "region_code": "72.71",
              "kind": "dinas"}
    people = [nip(i) for i in range(53)]  # 0-1 approvers, 2-13 A's promotees, 14-22 B's, 23-52 the rest
    approver_a, approver_b = people[0], people[1]
    employees = [dict(emp(n, f"Pegawai {i}", "s1", "2010-01-01", "III/b", ""), agency_code="72.71.UJI")
                 for i, n in enumerate(people)]
    for e in employees[:2]:
        e["rank"] = "IV/b"  # the approvers are above the pool's ceiling
    ratings = {n: ("baik" if i in (2, 3) or i >= 23 else "kurang") for i, n in enumerate(people[2:], start=2)}
    appraisals = [annual(n, 2024, r) for n, r in ratings.items()]
    promotions = [dict(promo(f"A{i}", n, "rank_regular", "2025-04-01", "III/b", "III/c"), agency_code="72.71.UJI",
                       approver_nip=approver_a) for i, n in enumerate(people[2:14])]
    promotions += [dict(promo(f"B{i}", n, "rank_regular", "2025-04-01", "III/b", "III/c"), agency_code="72.71.UJI",
                        approver_nip=approver_b) for i, n in enumerate(people[14:23])]
    for name, rows in (("agencies", [agency]), ("employees", employees), ("appraisals", appraisals),
                       ("promotions", promotions)):
        res = load_file(loaded, name, write_csv(tmp_path / f"a_{name}.csv", rows), user="t")
        assert res.status == "loaded", (name, [e.message for e in res.errors[:3]])
    found = approver_pattern(loaded, ALL)
    assert set(found["promotion_id"]) == {f"A{i}" for i in range(12)}
    row = found.iloc[0].to_dict()
    # The pool of 2025: everyone below the ceiling with 4 years in III/b: A's 12, B's 9 and the 30 others.
    assert (row["promotees_good"], row["promotees_rated"], row["pool_good"], row["pool_rated"]) == (2, 12, 32, 51)
    assert row["p_value"] == pytest.approx(fisher_exact([[2, 10], [32, 19]])[1])
    assert approver_sentence(row).startswith("approver of 12 promotions: 2 of 12 rated promotees (17%) were rated "
                                             "baik or better the year before, against 63% of 51 rated eligible")


def test_flags_report_rows(world, tmp_path, capsys):
    import json

    from analytics.cli import main
    from analytics.flags import flags

    rows = flags(world, ALL).set_index("promotion_id")
    assert set(rows.index) == {pid for pid, codes in EXPECTED.items() if codes}
    assert sorted(rows.loc["P5", "codes"]) == ["ABOVE_SUPERVISOR", "RANK_SKIP", "RANK_TIME_SHORT"]
    # Three codes weigh more than one: P5 comes first; risk = 1 - (1 - 0.6)(1 - 0.5)(1 - 0.4) = 0.88.
    assert rows.index[0] == "P5" and rows.loc["P5", "risk_score"] == pytest.approx(0.88)
    assert len(rows.loc["P5", "reasons"]) == 3
    code = main(["--db", str(tmp_path / "kinerja.duckdb"), "--lang", "id", "report", "flags", "--year", "2018"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and [r["promotion_id"] for r in out["rows"]] == ["P2"]
    assert out["rows"][0]["reasons"] == ["naik ke III/c 2 tahun setelah III/b; aturannya 4 tahun"]


def test_fisher_screen_keeps_every_significant_lower_share():
    """The screened p-values decide "lower share and two-sided p < 0.01" exactly as the exact test on every table."""
    import math

    import numpy as np
    from scipy.stats import fisher_exact

    from analytics.flags import fisher_p

    rng = np.random.default_rng(7)
    r = rng.integers(1, 60, 3000)
    g = rng.binomial(r, rng.uniform(0.05, 0.95, 3000))
    pr = rng.integers(1, 400, 3000)
    pg = rng.binomial(pr, rng.uniform(0.3, 0.9, 3000))
    screened = fisher_p(g, r, pg, pr, screen=0.01)
    for a, b, c, d, p in zip(g, r, pg, pr, screened):
        exact = fisher_exact([[a, b - a], [c, d - c]])[1]
        wanted = a * d < c * b and exact < 0.01
        assert (not math.isnan(p) and p < 0.01) == wanted
        if not math.isnan(p):
            assert p == exact


def test_reasons_write_numbers_and_codes_in_the_readers_language():
    """Issue 20: a reason reads as the page does: Indonesian decimals with a comma, ratings and position levels
    in words (they read '84.5', 'butuh_perbaikan' and 'pelaksana' before)."""
    from analytics.flags import approver_sentence, outlier_sentence, sentence

    spike = {"code": "SCORE_SPIKE", "a": "96.5", "b": "80.25", "months": 3, "year": None}
    assert sentence(spike, "id").startswith("nilai terakhir sebelum kenaikan 96,5, rata-rata 3 nilai sebelumnya 80,25")
    assert "96.5" in sentence(spike, "en")
    below = {"code": "RATING_BELOW_BAIK", "a": "butuh_perbaikan", "b": None, "year": 2024}
    assert sentence(below, "id") == "predikat tahunan 2024: Butuh Perbaikan, di bawah Baik"
    row = {"n_promotions": 12, "promotees_good": 9, "promotees_rated": 10, "pool_good": 30, "pool_rated": 100,
           "p_value": 0.00123}
    assert "(90%)" in approver_sentence(row, "id") and "p = 0,0012" in approver_sentence(row, "id")
    assert "p = 0.0012" in approver_sentence(row, "en")
    assert outlier_sentence([("last_annual_score", 101.4, 88.5)], "id").endswith("101,4 (median instansi 88,5)")
