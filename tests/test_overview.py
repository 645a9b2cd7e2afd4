"""The overview's figures on the small world of conftest, computed by hand, and the pieces under them:
periods, the working-day calendar, first-response counts, regions and agencies for the filters."""
from __future__ import annotations

from datetime import date

import pytest

from analytics import Scope
from analytics.overview import overview
from analytics.periods import Period
from analytics.regions import agency_options, data_years, lineage, region_options
from analytics.sla import stage_counts
from analytics.workdays import calendar

ALL = Scope.unrestricted()


# --- periods ----------------------------------------------------------------------------------

@pytest.mark.parametrize("period, start, end, previous", [
    (Period(2025, "Y"), date(2025, 1, 1), date(2025, 12, 31), Period(2024, "Y")),
    (Period(2025, "Q1"), date(2025, 1, 1), date(2025, 3, 31), Period(2024, "Q4")),
    (Period(2024, "Q1"), date(2024, 1, 1), date(2024, 3, 31), Period(2023, "Q4")),
    (Period(2025, "Q2"), date(2025, 4, 1), date(2025, 6, 30), Period(2025, "Q1")),
    (Period(2025, "Q4"), date(2025, 10, 1), date(2025, 12, 31), Period(2025, "Q3")),
])
def test_periods(period, start, end, previous):
    assert (period.start, period.end, period.previous()) == (start, end, previous)


def test_unknown_period_refused():
    with pytest.raises(ValueError):
        Period(2025, "Q5")


# --- working days -----------------------------------------------------------------------------

@pytest.mark.parametrize("a, b, days", [
    (date(2025, 5, 2), date(2025, 5, 2), 0),     # same day
    (date(2025, 5, 2), date(2025, 5, 5), 1),     # Friday to Monday
    (date(2025, 3, 28), date(2025, 4, 8), 0),    # Nyepi and Idul Fitri 2025 with their cuti bersama
    (date(2025, 3, 28), date(2025, 4, 9), 1),    # only 8 April counts
    (date(2024, 12, 31), date(2025, 1, 2), 1),   # year boundary: 1 January is a holiday
])
def test_busday_count(a, b, days):
    cal = calendar(2024, 2025)
    assert int(cal.busday_count(a, b)) == days
    t = cal.table().set_index("day")["wd"]
    assert t[str(b)] - t[str(a)] == days


def test_calendar_covers_cuti_bersama_years():
    assert calendar(2024, 2026).uncovered_years == ()
    assert 2035 in calendar(2035, 2035).uncovered_years


# --- first response at an as-of date ---------------------------------------------------------
# LPR-1: received Fri 28 Mar 2025, first response 8 Apr 2025: 0 working days (met).
# LPR-2: received Fri 2 May 2025, no response: pending while within 5 working days, then breached.

@pytest.mark.parametrize("as_of, met, breached, pending, compliance", [
    (None, 1, 0, 1, 1.0),                   # default as-of: the latest received date, 2 May 2025
    (date(2025, 5, 9), 1, 0, 1, 1.0),       # 2, 5, 6, 7, 8 May: 5 working days, still within
    (date(2025, 5, 12), 1, 1, 0, 0.5),      # 6 working days: overdue
    (date(2025, 4, 1), 0, 0, 1, None),      # on 1 April LPR-1 was not answered yet (and not late)
])
def test_first_response_counts(loaded, as_of, met, breached, pending, compliance):
    c = stage_counts(loaded, ALL, region=None, agency=None, period=Period(2025, "Y"), as_of=as_of)
    assert (c.met, c.breached, c.pending, c.compliance) == (met, breached, pending, compliance)
    assert c.received == met + breached + pending


def test_first_response_by_region(loaded):
    c = stage_counts(loaded, ALL, region="53.71", agency=None, period=Period(2025, "Y"))
    assert (c.received, c.met) == (1, 1)


# --- overview -----------------------------------------------------------------------------------

def test_overview_all_regions_2024(loaded):
    o = overview(loaded, ALL, region=None, agency=None, period=Period(2024, "Y"))
    assert o.employees_active == 4
    assert (o.appraised, o.appraised_previous) == (2, 0)
    r = o.ratings.set_index("rating")
    assert r.loc["sangat_baik", "share"] == 0.5 and r.loc["butuh_perbaikan", "share"] == 0.5
    assert o.good_share == 0.5 and o.good_share_previous is None
    assert list(o.good_trend["year"]) == [2024] and list(o.good_trend["share_good"]) == [0.5]
    assert o.promotions == 0 and o.complaints.received == 0
    assert o.as_of == date(2025, 5, 2)


def test_overview_region_and_agency(loaded):
    o = overview(loaded, ALL, region="72.71", agency="72.71.DINKES", period=Period(2023, "Q2"))
    assert o.employees_active == 2
    assert (o.promotions, o.promotions_previous) == (2, 0)
    assert set(o.promotions_by_kind["kind"]) == {"rank_regular", "position"}
    o = overview(loaded, ALL, region="72.71", agency=None, period=Period(2024, "Y"))
    assert o.good_share == 1.0  # only Siti's sangat_baik is in Palu


def test_overview_quarter_trend_and_complaints(loaded):
    o = overview(loaded, ALL, region=None, agency=None, period=Period(2025, "Q2"))
    # Ratings are annual: the latest year with annual ratings up to 2025 is 2024.
    assert o.rating_year == 2024 and o.good_share == 0.5
    assert list(zip(o.good_trend["year"], o.good_trend["share_good"])) == [(2024, 0.5)]
    # Q2 2025: LPR-2 only (received 2 May); the previous quarter holds LPR-1.
    assert (o.complaints.received, o.complaints_previous.received) == (1, 1)
    # Months of the period up to the as-of date (2 May 2025).
    m = o.complaints_monthly.set_index("month")["received"]
    assert list(m.index.month) == [4, 5] and list(m) == [0, 1]


def test_overview_curve_count(loaded):
    # 2024: Dinkes (org rating baik) has only a sangat_baik: no butuh_perbaikan or kurang, so outside;
    # Disdukcapil (no org rating: baik) has a butuh_perbaikan: within.
    o = overview(loaded, ALL, region=None, agency=None, period=Period(2024, "Y"))
    assert (o.curve_outside, o.curve_assessed, o.curve_outside_previous) == (1, 2, 0)
    assert overview(loaded, ALL, region=None, agency=None, period=Period(2023, "Y")).rating_year is None


def test_overview_scope_limits_everything(loaded):
    kupang = Scope(regions=("53.71",), personal_data=False)
    o = overview(loaded, kupang, region=None, agency=None, period=Period(2024, "Y"))
    assert o.employees_active == 1 and o.good_share == 0.0
    # A filter outside the scope shows nothing, not the other region.
    o = overview(loaded, kupang, region="72.71", agency=None, period=Period(2024, "Y"))
    assert o.employees_active == 0 and o.appraised == 0


# --- regions and agencies for the filters -------------------------------------------------------

def test_region_cascade(loaded):
    provinces = region_options(loaded, ALL)
    assert len(provinces) == 38 and "Sulawesi Tengah" in set(provinces["name"])
    kab = region_options(loaded, ALL, "72").set_index("region_code")["name"]
    assert kab["72.71"] == "Kota Palu"
    assert lineage(loaded, ALL, "72.71") == [("72", "Sulawesi Tengah"), ("72.71", "Kota Palu")]
    assert lineage(loaded, ALL, "17.07.09")[-1] == ("17.07.09", "Tubei")


@pytest.mark.parametrize("bad", ["99.99", "72.71' or '1'='1", "", None, "72..71", "72.71.03.2001.1"])
def test_lineage_refuses_unknown_codes(loaded, bad):
    assert lineage(loaded, ALL, bad) == []


def test_scope_limits_the_cascade(loaded):
    kupang = Scope(regions=("53.71",), personal_data=False)
    assert list(region_options(loaded, kupang)["region_code"]) == ["53"]
    assert list(region_options(loaded, kupang, "53")["region_code"]) == ["53.71"]
    assert lineage(loaded, kupang, "72.71") == []
    assert list(agency_options(loaded, kupang)["agency_code"]) == ["53.71.DISDUKCAPIL"]
    assert list(agency_options(loaded, ALL, "72.71")["agency_code"]) == ["72.71.BKPSDM", "72.71.DINKES"]


def test_data_years(loaded):
    years, default = data_years(loaded)
    assert years == [2025, 2024, 2023] and default == 2024
