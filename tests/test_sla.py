"""Complaint response in working days (METRICS.md §2) on hand-made complaints: weekends, the Idul Fitri
2025 cuti bersama, a year boundary, same-day answers; Kaplan–Meier equal to lifelines; the as-of date
turning pending into breached; rejected complaints taking no part; satisfaction grades; the CLI."""
from __future__ import annotations

import json
from datetime import date

import numpy as np
import pandas as pd
import pytest
from lifelines import KaplanMeierFitter

from analytics import Scope
from analytics.cli import main
from analytics.filters import Filters
from analytics.km import kaplan_meier
from analytics.loader import load_file
from analytics.sla import grade, km_curves, satisfaction, sla
from tests.conftest import write_csv

ALL = Scope.unrestricted()


def complaint(cid, received, first=None, resolved=None, verified=None, status=None, severity="normatif",
              satisfaction_=None, agency="72.71.DINKES", category="kesehatan", channel="lapor"):
    return {"complaint_id": cid, "agency_code": agency, "region_code": "", "channel": channel, "category": category,
            "severity": severity, "received_at": received, "verified_at": verified or "",
            "first_response_at": first or "", "resolved_at": resolved or "",
            "status": status or ("resolved" if resolved else "in_progress" if first else "received"),
            "satisfaction": satisfaction_ or "", "handler_nip": ""}


# First response: elapsed working days (target 5).
CASES = [
    # id, received, first response, elapsed working days
    ("C1", "2025-06-13 16:00", "2025-06-13 17:00", 0),   # same day
    ("C2", "2025-06-13 16:00", "2025-06-16 08:00", 1),   # Friday -> Monday
    ("C3", "2025-03-28 09:00", "2025-04-08 10:00", 0),   # Nyepi + Idul Fitri 2025 with cuti bersama
    ("C4", "2025-03-27 09:00", "2025-04-09 10:00", 2),   # 27 Mar and 8 Apr count
    ("C5", "2024-12-30 09:00", "2025-01-03 09:00", 3),   # 30, 31 Dec and 2 Jan (1 Jan off)
    ("C6", "2025-06-02 09:00", "2025-06-13 09:00", 7),   # late: 2–5 and 10–12 Jun (Idul Adha 6 Jun,
                                                         # cuti bersama 9 Jun)
]


def _build_world(con, folder):
    rows = [complaint(cid, r, first=f) for cid, r, f, _ in CASES]
    rows += [
        complaint("P1", "2025-06-16 09:00"),                                   # never answered
        complaint("R1", "2025-06-16 09:00", status="rejected"),                # takes no part
        complaint("S1", "2025-06-10 09:00", "2025-06-10 10:00", "2025-06-11 10:00", severity="ringan",
                  satisfaction_="4"),
        complaint("S2", "2025-06-10 09:00", "2025-06-10 10:00", "2025-06-20 10:00", severity="ringan",
                  satisfaction_="3", channel="phone", category="pendidikan"),
    ]
    res = load_file(con, "complaints", write_csv(folder / "c.csv", rows), user="t")
    assert res.status == "loaded", [e.message for e in res.errors]


@pytest.fixture
def world(built):
    """The small world with the complaints of CASES (built once per session, copied per test)."""
    return built("sla_world", _build_world)[0]


def _row(df, stage, group="all"):
    return df[(df["group"] == group) & (df["stage"] == stage)].iloc[0]


def test_each_case_elapsed(world):
    from analytics.workdays import calendar

    cal = calendar(2024, 2025)
    for _, received, first, days in CASES:
        assert int(cal.busday_count(date.fromisoformat(received[:10]), date.fromisoformat(first[:10]))) == days


def test_elapsed_working_days_and_compliance(world):
    # As of 20 Jun 2025, Dinkes, received in 2025 (C5 was received in 2024):
    # answered C1 0, C2 1, C3 0, C4 2, C6 7 (late), S1 0, S2 0; P1 (Mon 16 Jun) 4 days: pending;
    # LPR-2025-000002 of the conftest world (Fri 2 May, never answered) 29 days: overdue.
    d = sla(world, ALL, Filters(year=2025, agency="72.71.DINKES"), as_of=date(2025, 6, 20))
    fr = _row(d, "first_response")
    assert (fr.received, fr.done, fr.met, fr.breached, fr.pending) == (9, 7, 6, 2, 1)
    assert fr.compliance == 6 / 8
    assert fr.naive_median == 0.0
    assert (fr.open_0_5, fr.open_6_20, fr.open_21_60) == (1, 0, 1)


def test_as_of_turns_pending_into_breached(world):
    # P1: 16 Jun + working days 16..20 = 5 by the 23rd (Mon): still within; by the 24th: 6, overdue.
    on_23 = _row(sla(world, ALL, Filters(year=2025, agency="72.71.DINKES"), as_of=date(2025, 6, 23)), "first_response")
    on_24 = _row(sla(world, ALL, Filters(year=2025, agency="72.71.DINKES"), as_of=date(2025, 6, 24)), "first_response")
    assert (on_23.pending, on_23.breached) == (1, 2)
    assert (on_24.pending, on_24.breached) == (0, 3) and on_24.open_6_20 == 1


def test_year_boundary_and_a_timestamp_after_the_as_of_date(world):
    d = sla(world, ALL, Filters(year=2024, agency="72.71.DINKES"), as_of=date(2025, 1, 10))
    assert _row(d, "first_response").met == 1  # C5: 3 working days across the new year
    # Seen on 2 Jan 2025, C5's answer of 3 Jan has not happened yet: pending with 2 working days.
    d = sla(world, ALL, Filters(year=2024, agency="72.71.DINKES"), as_of=date(2025, 1, 2))
    fr = _row(d, "first_response")
    assert (fr.done, fr.pending, fr.open_0_5) == (0, 1, 1)


def test_rejected_complaints_take_no_part(world):
    d = sla(world, ALL, Filters(year=2025, agency="72.71.DINKES"), as_of=date(2025, 6, 20))
    assert _row(d, "verification").received == 9  # R1 is not counted


def test_resolution_stage_per_severity(world):
    d = sla(world, ALL, Filters(year=2025, agency="72.71.DINKES"), as_of=date(2025, 6, 30))
    ringan = _row(d, "resolution_ringan")
    # S1 resolved after 1 working day (met, target 2); S2 after 8 (10–13 and 16–19 Jun): breached.
    assert (ringan.target_days, ringan.received, ringan.met, ringan.breached) == (2, 2, 1, 1)


def test_by_channel_and_category(world):
    d = sla(world, ALL, Filters(year=2025, agency="72.71.DINKES"), by="channel", as_of=date(2025, 6, 20))
    assert set(d["group"]) == {"lapor", "phone", "walk_in"}
    assert _row(d, "first_response", "phone").received == 1
    with pytest.raises(ValueError):
        sla(world, ALL, Filters(year=2025), by="handler_nip")


def test_kaplan_meier_equals_lifelines():
    rng = np.random.default_rng(7)
    t = rng.integers(0, 40, 2000)
    e = rng.random(2000) < 0.75
    kmf = KaplanMeierFitter().fit(t, e)
    counts = pd.DataFrame({"t": t, "e": e}).groupby("t").agg(ev=("e", "sum"), n=("e", "size")).reset_index()
    km = kaplan_meier(counts["t"], counts["ev"], counts["n"] - counts["ev"])
    sf = kmf.survival_function_["KM_estimate"]
    for x in range(0, 40):
        assert km.at(x) == pytest.approx(float(sf.loc[:x].iloc[-1]), abs=1e-12)
    assert km.quantile(0.5) == kmf.median_survival_time_
    assert km.quantile(0.1) == kmf.percentile(0.1)


def test_km_on_the_complaints_equals_lifelines(world):
    d = sla(world, ALL, Filters(year=2025, agency="72.71.DINKES"), as_of=date(2025, 6, 24))
    fr = _row(d, "first_response")
    # Durations by hand: answered C1 0, C2 1, C3 0, C4 2, C6 7, S1 0, S2 0; censored P1 at 6, LPR-2 at 31.
    kmf = KaplanMeierFitter().fit([0, 1, 0, 2, 7, 0, 0, 6, 31], [1, 1, 1, 1, 1, 1, 1, 0, 0])
    # S(0) = 5/9, S(1) = 5/9 × 4/5 = 4/9: the median is 1.
    assert fr.km_median == kmf.median_survival_time_ == 1
    assert fr.km_within_target == pytest.approx(1 - float(kmf.survival_function_.loc[:5].iloc[-1, 0]))
    assert pd.isna(fr.km_p90)  # S never falls to 0.1: two are still open


def test_km_curves_of_the_top_groups_rank_as_the_sla_table(world):
    """Pengaduan draws the curves of the groups with the most complaints received, ties by name; `top` picks
    them inside km_curves (so the curves can be computed ahead), by the same ranking as sla's `received`."""
    F, day = Filters(year=2025), date(2025, 6, 24)
    # Received in 2025 by channel: lapor 8 (C1–C4, C6, P1, S1, LPR-2025-000001), phone 1 (S2), walk_in 1
    # (LPR-2025-000002). C5 came in 2024; R1 was rejected.
    table = sla(world, ALL, F, by="channel", as_of=day)
    fr = table[table["stage"] == "first_response"].set_index("group")["received"].to_dict()
    assert fr == {"lapor": 8, "phone": 1, "walk_in": 1}
    top2 = km_curves(world, ALL, F, stage="first_response", by="channel", top=2, as_of=day)
    assert sorted(set(top2["group"])) == ["lapor", "phone"]  # the tie of one each goes to "phone"
    every = km_curves(world, ALL, F, stage="first_response", by="channel", as_of=day)
    assert set(every["group"]) == {"lapor", "phone", "walk_in"}
    pd.testing.assert_frame_equal(top2.reset_index(drop=True),
                                  every[every["group"] != "walk_in"].reset_index(drop=True))
    assert set(km_curves(world, ALL, F, stage="first_response", by="channel", top=1, as_of=day)["group"]) == {
        "lapor"}
    with pytest.raises(ValueError, match="top must be at least 1"):
        km_curves(world, ALL, F, stage="first_response", by="channel", top=0, as_of=day)


def test_km_median_at_exactly_one_half():
    # METRICS.md §2: the smallest t with S(t) <= 0.5. Here S(0) = 0.5 exactly, so the median is 0;
    # lifelines computes S(0) as 0.5000000000000001 (rounding) and so says 1. The curves are equal.
    km = kaplan_meier([0, 1, 2], [4, 2, 1], [0, 0, 1])
    kmf = KaplanMeierFitter().fit([0, 0, 0, 0, 1, 1, 2, 2], [1, 1, 1, 1, 1, 1, 1, 0])
    assert km.at(0) == 0.5 and float(kmf.survival_function_.loc[0].iloc[0]) == pytest.approx(0.5, abs=1e-12)
    assert km.quantile(0.5) == 0 and kmf.median_survival_time_ == 1


@pytest.mark.parametrize("ikm, g", [(100, "A"), (88.31, "A"), (88.30, "B"), (76.61, "B"), (76.60, "C"),
                                    (65.0, "C"), (64.99, "D"), (25.0, "D"), (None, None)])
def test_grades(ikm, g):
    assert grade(ikm) == g


def test_satisfaction(world):
    s = satisfaction(world, ALL, Filters(year=2025), by="agency").set_index("group")
    # LPR-2025-000001 of the conftest world (3, Disdukcapil); S1 4 and S2 3 at Dinkes: mean 3.5, IKM 87.5, B.
    assert s.loc["72.71.DINKES", "n_rated"] == 2 and s.loc["72.71.DINKES", "ikm"] == 87.5
    assert s.loc["72.71.DINKES", "grade"] == "B" and s.loc["53.71.DISDUKCAPIL", "grade"] == "C"


def test_cli_sla(world, tmp_path, capsys):
    code = main(["--db", str(tmp_path / "kinerja.duckdb"), "report", "sla", "--year", "2025", "--agency",
                 "72.71.DINKES", "--as-of", "2025-06-24", "--by", "channel"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and out["as_of"] == "2025-06-24"
    rows = {(r["group"], r["stage"]): r for r in out["rows"]}
    assert rows[("lapor", "first_response")]["breached"] == 2
    assert main(["--db", str(tmp_path / "kinerja.duckdb"), "report", "sla", "--by", "nip"]) == 2


def test_the_window_and_stage_totals(world):
    """sla_window says what a report counts, with no metadata riding on the table; stage_totals adds stages up
    with the one compliance formula, met / (met + breached)."""
    from analytics.sla import compliance, sla_window, stage_totals

    w = sla_window(world, ALL, Filters(year=2025, period="Q2"), as_of=date(2025, 6, 20))
    assert (w.start, w.end, w.as_of) == (date(2025, 4, 1), date(2025, 6, 30), date(2025, 6, 20))
    assert sla_window(world, ALL, Filters(year=2030)) is None  # starts after the latest complaint
    table = pd.DataFrame({"stage": ["a", "b", "c"], "met": [3, 1, 5], "breached": [1, 0, 5], "pending": [2, 0, 0]})
    got = stage_totals(table, ["a", "b"])
    assert (got.met, got.breached, got.pending, got.compliance) == (4, 1, 2, 0.8)
    assert compliance(0, 0) is None and stage_totals(table, ["z"]).compliance is None
