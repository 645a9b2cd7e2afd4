"""The case view's comparisons (analytics/cases.py): the cohort of a promotion and an approver's record."""
from __future__ import annotations

from analytics import Scope
from analytics.cases import approver_record, cohort
from analytics.loader import load_file
from tests.conftest import write_csv
from tests.test_flags import ALL, BUDI, emp, promo, world  # noqa: F401

PEERS = ["198001012008011002", "198001012008011003", "198001012008011004"]


def test_cohort_against_agency_and_province(world, tmp_path):
    """P2: Andi (born 1985, CPNS 2010-01) to III/c on 2018-04-01, 24 months after P1. Three peers (born 1980,
    CPNS 2008-01, no earlier rank promotion) to III/c the same day: 123 months since CPNS and in rank, age 38."""
    employees = [emp(n, f"Rekan {i}", "s1", "2008-01-01", "III/c", BUDI) for i, n in enumerate(PEERS)]
    promotions = [promo(f"C{i}", n, "rank_regular", "2018-04-01", "III/b", "III/c") for i, n in enumerate(PEERS)]
    for name, rows in (("employees", employees), ("promotions", promotions)):
        assert load_file(world, name, write_csv(tmp_path / f"c_{name}.csv", rows), user="t").status == "loaded"
    got = cohort(world, ALL, "P2")
    assert (got.kind, got.target, got.year, got.agency, got.province) == ("rank_regular", "III/c", 2018, "72.71.DINKES", "72")
    c = got.rows.set_index("feature")
    assert c.loc["months_in_rank"].to_dict() == {"value": 24.0, "agency_median": 123.0, "agency_n": 4,
                                                 "percentile": 25.0, "province_median": 123.0, "province_n": 4}
    assert (c.loc["months_since_cpns", "value"], c.loc["months_since_cpns", "agency_median"]) == (99.0, 123.0)
    assert (c.loc["age_years", "value"], c.loc["age_years", "agency_median"]) == (33.0, 38.0)
    assert c.loc["months_since_cpns", "percentile"] == 25.0  # 99 is the smallest of 4
    assert c.loc["last_annual_score", "agency_n"] == 0  # no scores loaded
    # Outside the reader's regions, or without the right to see personal data: nothing.
    assert cohort(world, Scope(regions=("53.71",), personal_data=True), "P2").rows.empty
    assert cohort(world, Scope(regions=None, personal_data=False), "P2").rows.empty


def test_approver_record(world):
    """Budi approved P1–P7 and the fixture's two promotions of 2023: nine. In 2024, Andi (kurang in 2023) and
    Yudi (baik); in 2025, Rina twice (baik in 2024)."""
    rec = approver_record(world, ALL, BUDI)
    assert int(rec["summary"]["n_promotions"].iloc[0]) == 9
    by_year = rec["by_year"].set_index("year")
    assert by_year.loc[2024].to_dict() == {"promotions": 2, "rated": 2, "good": 1}
    assert by_year.loc[2025].to_dict() == {"promotions": 2, "rated": 2, "good": 2}
    assert list(rec["promotions"]["promotion_id"][:2]) == ["P5", "P4"]  # latest first
    p5 = rec["promotions"].set_index("promotion_id").loc["P5"]
    assert p5["rating_before"] == "baik" and sorted(p5["codes"]) == ["ABOVE_SUPERVISOR", "RANK_SKIP", "RANK_TIME_SHORT"]
    assert rec["promotions"].set_index("promotion_id").loc["P1", "codes"] == []
    assert approver_record(world, Scope(regions=None, personal_data=False), BUDI) == {}
    assert approver_record(world, Scope(regions=("53.71",), personal_data=True), BUDI) == {}


def test_the_approver_is_named_only_inside_the_scope(world):
    """The case view names the approver from the record, which looks the name up in the reader's scope: an
    approver working in another region stays unnamed (pages/inspect.py used to read the name without scope)."""
    rec = approver_record(world, ALL, BUDI)
    assert rec["approver"]["name"] == "Budi Santoso"
    agencies = {r[0] for r in world.execute("select agency_code from agencies").fetchall()}
    assert "53.71.DISDUKCAPIL" in agencies
    world.execute("update employees set agency_code = '53.71.DISDUKCAPIL' where nip = ?", [BUDI])
    palu = approver_record(world, Scope(regions=("72",), personal_data=True), BUDI)
    assert len(palu["promotions"]) > 0  # the promotions he approved are in the reader's region
    assert palu["approver"] is None
    assert approver_record(world, ALL, BUDI)["approver"]["region_code"] == "53.71"
    # The inspectors' list of approvers names him under the same rule.
    from analytics.filters import Filters
    from analytics.flags import approver_options

    named = dict(zip(*approver_options(world, ALL, Filters()).pipe(lambda d: (d["approver_nip"], d["name"]))))
    assert named[BUDI] == "Budi Santoso"
    palu_list = approver_options(world, Scope(regions=("72",), personal_data=True), Filters())
    assert BUDI in set(palu_list["approver_nip"])
    assert palu_list.set_index("approver_nip").loc[BUDI, "name"] is None
