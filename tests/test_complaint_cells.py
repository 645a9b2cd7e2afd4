"""The stored complaint cells (`complaint_stage_cells`, METRICS.md §2 counted per load): reports at the default
as-of date read them and equal the count from the complaints; they follow loads and undo; a changed calendar
or another as-of date counts from the complaints; and the vectorised summary equals Kaplan–Meier per group."""
from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from analytics import Scope, sla as S
from analytics.filters import Filters
from analytics.km import kaplan_meier
from analytics.loader import load_file, undo_batch
from tests.conftest import write_csv
from tests.test_sla import complaint

ALL = Scope.unrestricted()
REGION = Scope(regions=("72",), personal_data=False)


def _raw(con, scope, filters, by=None, report=S.sla):
    """The report counted from the complaints (the cells' meta moved aside), then the meta put back."""
    con.execute("create or replace temp table _meta as select * from complaint_cells_meta")
    con.execute("delete from complaint_cells_meta")
    try:
        return report(con, scope, filters, by=by) if by != "-" else report(con, scope, filters)
    finally:
        con.execute("insert into complaint_cells_meta select * from _meta")


def _same(a: pd.DataFrame, b: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(a.reset_index(drop=True).astype(object).where(a.notna().values, None),
                                  b.reset_index(drop=True).astype(object).where(b.notna().values, None),
                                  check_dtype=False)


@pytest.mark.parametrize("filters", [Filters(), Filters(year=2025), Filters(year=2025, period="Q2"),
                                     Filters(year=2024, period="Q4"), Filters(region="72.71")])
@pytest.mark.parametrize("by", [None, "agency", "region", "category", "channel"])
def test_cells_equal_the_count_from_complaints(demo_con, filters, by):
    assert S._cells_serve(demo_con, *S._window(demo_con, filters, None)), "the report should read the cells"
    for scope in (ALL, REGION):
        _same(S.sla(demo_con, scope, filters, by=by), _raw(demo_con, scope, filters, by=by))


@pytest.mark.parametrize("filters", [Filters(), Filters(year=2025), Filters(year=2025, period="Q3"),
                                     Filters(region="72.71", year=2024)])
def test_monthly_flow_and_satisfaction_equal_the_count_from_complaints(demo_con, filters):
    for scope in (ALL, REGION):
        flow = S.monthly_flow(demo_con, scope, filters)
        assert len(flow) and flow["received"].sum() > 0
        _same(flow, _raw(demo_con, scope, filters, by="-", report=S.monthly_flow))
        for by in (None, "agency", "region", "category", "channel"):
            got, want = S.satisfaction(demo_con, scope, filters, by=by), _raw(demo_con, scope, filters, by=by,
                                                                           report=S.satisfaction)
            assert list(got["group"]) == list(want["group"]) and list(got["grade"]) == list(want["grade"])
            assert (got["n_rated"] == want["n_rated"]).all()
            assert np.allclose(got["ikm"], want["ikm"], rtol=0, atol=1e-9)


def test_reports_read_the_cells(loaded, tmp_path):
    before = S.sla(loaded, ALL, Filters(year=2025))
    fr = before[before["stage"] == "first_response"].iloc[0]
    # Move every first response of the cells to 99 working days: a report that reads them says so.
    loaded.execute("update complaint_stage_cells set elapsed = 99 where stage = 'first_response'")
    after = S.sla(loaded, ALL, Filters(year=2025))
    fr2 = after[after["stage"] == "first_response"].iloc[0]
    assert fr2.received == fr.received and fr2.met == 0 and fr2.naive_median == 99
    # Another as-of date is counted from the complaints.
    as_of = S.sla_window(loaded, ALL, Filters(year=2025)).as_of
    other = S.sla(loaded, ALL, Filters(year=2025), as_of=as_of.replace(day=as_of.day - 1) if as_of.day > 1 else None)
    assert (other["naive_median"] != 99).all()
    # The monthly flow and satisfaction read the month cells.
    loaded.execute("update complaint_month_cells set received = received + 1000, n_rated = 1, satisfaction_sum = 1")
    assert S.monthly_flow(loaded, ALL, Filters(year=2025))["received"].sum() >= 1000
    assert set(S.satisfaction(loaded, ALL, Filters(), by=None)["grade"]) == {"D"}


def test_cells_follow_loads_and_undo(loaded, tmp_path):
    meta = S._cells_meta(loaded)
    before = S.sla(loaded, ALL, Filters())
    rows = [complaint("N1", "2025-12-01 09:00", first="2025-12-02 09:00"),
            complaint("N2", "2025-12-03 09:00")]
    res = load_file(loaded, "complaints", write_csv(tmp_path / "n.csv", rows), user="t")
    assert res.status == "loaded", [e.message for e in res.errors]
    assert S._cells_meta(loaded)[1] == date(2025, 12, 3) != meta[1]
    now = S.sla(loaded, ALL, Filters())
    assert S._cells_serve(loaded, *S._window(loaded, Filters(), None))
    _same(now, _raw(loaded, ALL, Filters()))
    fr_before = before[before["stage"] == "first_response"].iloc[0]
    fr_now = now[now["stage"] == "first_response"].iloc[0]
    assert fr_now.received == fr_before.received + 2
    undo_batch(loaded, res.batch_id, user="t")
    assert S._cells_meta(loaded)[1] == meta[1]
    _same(S.sla(loaded, ALL, Filters()), before)


def test_a_changed_calendar_counts_from_complaints_until_rebuilt(loaded):
    loaded.execute("update complaint_cells_meta set calendar_key = 'another'")
    assert not S._cells_serve(loaded, *S._window(loaded, Filters(), None))
    loaded.execute("update complaint_stage_cells set elapsed = 99")
    assert (S.sla(loaded, ALL, Filters())["naive_median"].dropna() != 99).all()
    S.ensure_cells(loaded)  # what a writable connection does on opening
    assert S._cells_serve(loaded, *S._window(loaded, Filters(), None))
    _same(S.sla(loaded, ALL, Filters()), _raw(loaded, ALL, Filters()))


def test_cells_on_an_empty_store(store):
    assert store.execute("select count(*) from complaint_stage_cells").fetchall() == [(0,)]
    assert S.sla(store, ALL, Filters()).empty


def test_summary_equals_kaplan_meier_per_group():
    rng = np.random.default_rng(7)
    rows = []
    for grp in ("a", "b", "c", "d"):
        for stage in ("first_response", "resolution_ringan"):
            times = np.unique(rng.integers(0, 30, size=rng.integers(1, 12)))
            for t in times:
                rows.append((grp, stage, int(t), int(rng.integers(0, 4)), int(rng.integers(0, 3))))
    rows.append(("e", "first_response", 3, 0, 2))  # only open complaints
    rows.append(("f", "first_response", 0, 2, 0))  # all done the same day: S falls to 0
    rows.append((None, "first_response", 1, 1, 0))  # a group without a value keeps None as its label
    counts = pd.DataFrame(rows, columns=["grp", "stage", "elapsed", "ev", "ce"])
    counts = counts.sort_values(["grp", "stage", "elapsed"], na_position="last").reset_index(drop=True)
    goal = {"first_response": 5, "resolution_ringan": 2}
    out = S.summarise(counts, goal)
    assert len(out) == counts.groupby(["grp", "stage"], dropna=False).ngroups
    assert None in set(out["group"]) and "None" not in set(out["group"])
    for r in out.itertuples():
        same = counts["grp"].isna() if r.group is None else counts["grp"] == r.group
        g = counts[same & (counts["stage"] == r.stage)]
        t, ev, ce = g["elapsed"].to_numpy(), g["ev"].to_numpy(), g["ce"].to_numpy()
        km = kaplan_meier(t, ev, ce)
        target = goal[r.stage]
        assert r.received == ev.sum() + ce.sum() and r.done == ev.sum()
        assert r.met == ev[t <= target].sum() and r.pending == ce[t <= target].sum()
        assert r.breached == ev[t > target].sum() + ce[t > target].sum()
        assert r.km_within_target == pytest.approx(1 - km.at(target), abs=1e-12)
        for got, p in ((r.km_median, 0.5), (r.km_p90, 0.1)):
            assert (got is None and km.quantile(p) is None) or got == km.quantile(p)
        done = np.repeat(t, ev)
        assert (r.naive_median is None and not len(done)) or r.naive_median == float(np.median(done))
        assert r.open_0_5 == ce[t <= 5].sum() and r.open_over_60 == 0


def _cells(con):
    return (con.execute("select * from complaint_stage_cells order by all").fetchall(),
            con.execute("select * from complaint_month_cells order by all").fetchall())


def _recounted(con):
    """The cells a full recount makes of the same rows (in a transaction rolled back)."""
    con.begin()
    S.refresh_cells(con)
    full = _cells(con)
    con.rollback()
    return full


def _appended(con):
    return con.execute("select appended from complaint_cells_meta").fetchall()[0][0]


def test_a_partial_recount_equals_a_full_one(loaded, tmp_path, monkeypatch):
    # A table this small would be recounted in full after any partial recount (more than a fifth appended).
    monkeypatch.setattr(S, "_APPENDED_MAX", 100)
    base = [complaint("B1", "2025-06-02 09:00", first="2025-06-03 09:00", resolved="2025-06-20 09:00"),
            complaint("B2", "2025-06-10 09:00", first="2025-06-12 09:00"),  # open
            complaint("B3", "2025-07-01 09:00", agency="72.71.BKPSDM", category="kepegawaian"),  # open
            complaint("B4", "2025-07-15 09:00", first="2025-07-16 09:00", resolved="2025-08-01 09:00",
                      agency="53.71.DISDUKCAPIL", category="administrasi_kependudukan", satisfaction_="4"),
            complaint("B5", "2025-08-05 09:00", verified="2025-08-05 10:00", agency="17.07.09.KEC",
                      category="pelayanan_umum")]
    res = load_file(loaded, "complaints", write_csv(tmp_path / "base.csv", base), user="t")
    assert res.status == "loaded", [e.message for e in res.errors]
    assert _cells(loaded) == _recounted(loaded) and _appended(loaded) > 0  # the partial path was taken

    change = [complaint("B2", "2025-06-10 09:00", first="2025-06-12 09:00", resolved="2025-10-01 09:00",
                        satisfaction_="3"),  # resolved after the old as-of date
              complaint("B3", "2025-07-01 09:00", status="rejected", agency="72.71.BKPSDM", category="kepegawaian"),
              complaint("B4", "2025-07-15 09:00", first="2025-07-16 09:00", resolved="2025-08-01 09:00",
                        agency="72.71.DINKES", category="administrasi_kependudukan", satisfaction_="2"),  # moved
              complaint("N1", "2025-11-03 09:00")]  # the as-of date moves forward
    before = _cells(loaded)
    res = load_file(loaded, "complaints", write_csv(tmp_path / "change.csv", change), user="t")
    assert res.status == "loaded", [e.message for e in res.errors]
    assert S._cells_meta(loaded)[1] == date(2025, 11, 3)
    assert _cells(loaded) == _recounted(loaded) != before
    _same(S.sla(loaded, ALL, Filters()), _raw(loaded, ALL, Filters()))

    undo_batch(loaded, res.batch_id, user="t")
    assert _cells(loaded) == _recounted(loaded) == before

    # An earlier first day changes the calendar's range: every cell is recounted, in order again.
    res = load_file(loaded, "complaints", write_csv(tmp_path / "old.csv", [complaint("O1", "2023-02-01 09:00")]),
                    user="t")
    assert res.status == "loaded"
    assert _appended(loaded) == 0 and _cells(loaded) == _recounted(loaded)

    # Partial recounts that append more than _APPENDED_MAX of the table end in a full recount.
    monkeypatch.setattr(S, "_APPENDED_MAX", 0.2)
    res = load_file(loaded, "complaints", write_csv(tmp_path / "n2.csv", [complaint("N2", "2025-11-04 09:00")]),
                    user="t")
    assert res.status == "loaded" and _appended(loaded) == 0 and _cells(loaded) == _recounted(loaded)
