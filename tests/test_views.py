"""The view-models of ui/views/ (what each page section shows), called directly with figures made by hand: the
sentences, deltas, tables and charts they derive, computed here by hand."""
from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pandas as pd
import pytest

from analytics import Scope, appraisals, sla
from analytics.domain import RATINGS
from analytics.filters import Filters
from analytics.loader import LoadError, LoadResult
from analytics.periods import Period
from analytics.public import PublicReport
from ui.context import Page, View
from ui.views import appraisals as ap_view
from ui.views import complaints as pg_view
from ui.views import overview as ov_view
from ui.views import public as pub_view
from ui.views import upload as up_view


def make_page(lang: str = "id", answers: dict | None = None, *, year: int = 2025, period: str = "Q2",
              personal: bool = True, agency_names: dict | None = None) -> Page:
    """A Page whose reads answer from `answers` ({read function: answer, or a function of (filters, args,
    kwargs)}), and record what was asked in page.asked."""
    view = View(lang=lang, scope=Scope(regions=None, personal_data=personal), region=None, region_chain=(),
                agency=None, agency_label=None, year=year, period=period, years=(year,), version=("db", 1))
    asked = []

    def read(fn, filters, *args, **kwargs):
        asked.append((fn.__name__, filters, args, kwargs))
        answer = (answers or {})[fn]
        return answer(filters, args, kwargs) if callable(answer) else answer

    cur, prev = Period(year, period), Period(year, period).previous()
    page = Page(v=view, con=None, cur=cur, prev=prev, cur_label=f"{period} {year}", prev_label=f"{prev.period} {prev.year}",
                filters=Filters(year=year, period=period), filters_prev=Filters(year=prev.year, period=prev.period),
                agency_names=agency_names or {}, read=read)
    object.__setattr__(page, "asked", asked)
    return page


def totals(n: int, counts: dict[str, int], score: float) -> pd.DataFrame:
    return pd.DataFrame([{"year": 2025, "period": "Q2", "n": n, **{f"share_{r}": counts.get(r, 0) / n for r in RATINGS},
                          "n_scored": n, "score_mean": score, "score_median": score, "score_p10": score - 10,
                          "score_p90": score + 10}])


def curve_rows(rows: list[dict]) -> pd.DataFrame:
    out = []
    for r in rows:
        n = sum(r["counts"].values())
        out.append({"agency_code": r["agency"], "year": 2025, "org_rating": r["org"], "n": n,
                    **{f"n_{x}": r["counts"].get(x, 0) for x in RATINGS},
                    **{f"share_{x}": r["counts"].get(x, 0) / n for x in RATINGS},
                    "within": not r["codes"], "breach_codes": r["codes"]})
    return pd.DataFrame(out)


def test_appraisal_headline_by_hand():
    # This quarter: 10 appraised, 6 sangat_baik + 2 baik = 80% good, 1 butuh_perbaikan + 1 kurang = 20% below.
    # Last quarter: 8 appraised, 5 baik = 62.5% good, 3 kurang = 37.5% below. Mean score 80.0 against 75.5.
    now = totals(10, {"sangat_baik": 6, "baik": 2, "butuh_perbaikan": 1, "kurang": 1}, 80.0)
    before = totals(8, {"baik": 5, "kurang": 3}, 75.5)
    out_now = curve_rows([{"agency": "A", "org": "baik", "counts": {"baik": 3}, "codes": ["baik_max"]},
                          {"agency": "B", "org": "baik", "counts": {"baik": 3}, "codes": []}])
    out_before = curve_rows([{"agency": "A", "org": "baik", "counts": {"baik": 3}, "codes": []}])
    page = make_page(answers={
        appraisals.rating_totals: lambda f, a, k: now if f.period == "Q2" else before,
        appraisals.rating_curve: lambda f, a, k: out_now if f.year == 2025 else out_before})
    h = ap_view.headline(page)
    assert [(m.label, m.value, m.delta) for m in h.metrics] == [
        ("Predikat Baik ke atas", "80,0%", "+17,5 poin"), ("Di bawah Baik", "20,0%", "-17,5 poin"),
        ("Nilai rata-rata", "80,0", "+4,5"), ("Pegawai dinilai", "10", "+2"), ("Instansi di luar kurva", "1", "+1")]
    assert [m.delta_color for m in h.metrics] == ["normal", "inverse", "normal", "off", "inverse"]
    assert h.empty is None
    # The curve of the year before is read for the change in agencies outside.
    assert [f.year for name, f, _, _ in page.asked if name == "rating_curve"] == [2025, 2024]


def test_appraisal_headline_says_when_nothing_is_appraised():
    empty = totals(1, {}, 0).iloc[0:0]
    page = make_page("en", {appraisals.rating_totals: empty, appraisals.rating_curve: curve_rows([])[:0].assign(
        within=pd.Series(dtype=bool))})
    h = ap_view.headline(page)
    assert h.metrics[0].value == "–" and h.metrics[0].delta is None
    assert h.empty and "Q2 2025" in h.empty


def test_curve_breaches_in_words_and_outside_first():
    rows = curve_rows([
        {"agency": "B", "org": "baik", "counts": {"baik": 9, "butuh_perbaikan": 1}, "codes": []},
        # 9 of 10 sangat_baik under an istimewa rating: 90% against the limit (curve_limit 5%).
        {"agency": "A", "org": "istimewa", "counts": {"sangat_baik": 9, "baik": 1}, "codes": ["sangat_baik_max"]}])
    page = make_page("en", {appraisals.rating_curve: rows}, agency_names={"A": "Dinas A", "B": "Dinas B"})
    c = ap_view.curve(page, 0.05, rows)
    assert c.sentence == "1 of 2 agencies outside their curve in 2025."
    table = c.table
    assert list(table["Agency"]) == ["Dinas A", "Dinas B"]           # outside the curve first
    assert list(table.iloc[:, -2]) == ["✗", "✓"]
    assert table.iloc[0, -1] == "Very good 90.0%, above the limit 5%"
    assert table.iloc[1, -1] == ""


def test_shares_sentence_names_the_highest_and_lowest_good_share():
    dist = pd.DataFrame([
        {"group": "A", "n": 4, **{f"share_{r}": v for r, v in zip(RATINGS, (0.5, 0.25, 0.25, 0, 0))}, "score_mean": 80},
        {"group": "B", "n": 5, **{f"share_{r}": v for r, v in zip(RATINGS, (0, 0.2, 0.4, 0.4, 0))}, "score_mean": 60}])
    page = make_page("en", {appraisals.appraisal_distribution: dist}, agency_names={"A": "Dinas A", "B": "Dinas B"})
    s = ap_view.shares(page, "agency", "below")
    # good: A 75%, B 20%; below: A 25%, B 80% -> sorted by below, descending: B then A.
    assert s.groups == ("B", "A")
    assert s.sentence == "Highest share Good or better: Dinas A (75.0%); lowest: Dinas B (20.0%)."
    assert s.chart.drill and s.capped is None
    assert list(s.table.columns[:2]) == ["Group", "Count"] and list(s.table["Group"]) == ["Dinas B", "Dinas A"]
    assert [tr.name for tr in s.chart.figure.data] == ["Very good", "Good", "Needs improvement", "Poor/Misconduct", "Very poor"]


def test_overview_headline_by_hand():
    counts = SimpleNamespace(received=40, met=27, breached=3, pending=10, compliance=0.9, target_days=3,
                             uncovered_years=())
    counts_prev = SimpleNamespace(received=50, met=16, breached=4, pending=0, compliance=0.8, target_days=3)
    o = SimpleNamespace(rating_year=2025, employees_active=1234, appraised=1000, good_share=0.75,
                        good_share_previous=0.8, curve_outside=3, curve_outside_previous=5, curve_assessed=20,
                        complaints=counts, complaints_previous=counts_prev, promotions=7, promotions_previous=7,
                        as_of=date(2025, 5, 15))
    page = make_page("id", year=2025, period="Q2")
    h = ov_view.headline(page, o)
    assert [(m.value, m.delta) for m in h.metrics] == [
        ("1.234", None), ("75,0%", "-5,0 poin"), ("3", "-2"), ("40", "-10"), ("90,0%", "+10,0 poin"), ("7", "±0")]
    assert h.metrics[2].delta_color == "inverse" and h.metrics[3].delta_color == "off"
    assert "27" in h.metrics[4].help and "30" in h.metrics[4].help     # met of decided: 27 of 27 + 3
    assert h.running and "15 Mei 2025" in h.running                    # the quarter runs to 30 June
    assert h.empty is None


def test_complaint_age_labels_follow_the_buckets():
    assert pg_view.AGE_LABELS == ("0–5", "6–20", "21–60", "> 60")
    assert len(pg_view.AGE_LABELS) == len(sla.AGE_BUCKETS)


@pytest.mark.parametrize("measure,value,withheld,below,want", [
    ("employees", 1234, False, False, "1.234"), ("employees", 3, True, True, "< 10"),
    ("employees", 30, True, False, "•"), ("share_baik", 0.125, False, False, "12,5%"),
    ("ikm", 82.456, False, False, "82,46"), ("km_median_first_response", 2.25, False, False, "2,2"),
    ("ikm", None, False, False, "–")])
def test_public_cells(measure, value, withheld, below, want):
    assert pub_view.cell(measure, value, withheld, below, 10, "id") == want


def test_public_table_and_its_csv_say_the_same():
    rows = []
    for code, name, employees, hidden in (("A", "Dinas A", 30, False), ("B", "Dinas B", 5, True)):
        for m in pub_view.MEASURES:
            value = employees if m == "employees" else (0.2 if m.startswith("share_") else 1)
            rows.append({"agency_code": code, "agency_name": name, "measure": m, "value": value,
                         "withheld": hidden and m in ("employees", "share_baik", "share_kurang"),
                         "below_k": hidden and m == "employees"})
    report = PublicReport(pd.DataFrame(rows), 2025, 10, {"employees": 30})
    shown = pub_view.table(report, "en")
    assert shown.title == "Figures per agency (2 agencies)"
    assert list(shown.table.iloc[:, 0]) == ["Dinas A", "Dinas B"]
    employees = shown.table[[c for c in shown.table.columns if c.lower().startswith("employees")][0]]
    assert list(employees) == ["30", "< 10"]
    from analytics.export import table_csv
    assert table_csv(shown.table, "en").decode("utf-8-sig").splitlines()[2].startswith("Dinas B,")
    assert table_csv(shown.table, "id").decode("utf-8-sig").splitlines()[2].startswith("Dinas B;")
    # The chart: both agencies have a share shown; B's two withheld shares are 0 in its bars.
    assert list(shown.shares["agency_code"]) == ["A", "B"]
    assert shown.shares.set_index("agency_code").loc["B", "share_baik"] == 0.0


def test_a_rejected_check_lists_row_column_value_and_rule():
    view = make_page("en").v
    res = LoadResult(status="rejected", dataset="employees", file_name="pegawai.csv", rows_in_file=2, error_count=1,
                     errors=[LoadError(row=3, column="nip", value="12", rule="nip_format",
                                       message="NIP must have 18 digits")])
    checked = up_view.check(view, res, "pegawai.csv")
    assert checked.kind == "error" and "1 errors" in checked.message
    assert checked.errors.to_dict("records") == [
        {"Row": 3, "Column": "nip", "Value": "12", "Rule broken": "NIP must have 18 digits"}]
    assert checked.errors_name == "errors pegawai"
    from ui.tables import file_name
    assert file_name(["Upload data", checked.errors_name], "csv").startswith("upload-data_errors-pegawai_")
    assert file_name(["Upload data", checked.errors_name], "csv").count(".csv") == 1  # not kesalahan_*.csv.csv


def test_the_queue_passes_every_choice_and_says_when_it_is_capped():
    from ui.views import inspect as in_view

    def flag_queue(con, scope, filters, **kw):  # stands in for ui.data.flag_queue
        raise AssertionError("read through page.read")

    rows = pd.DataFrame([{"risk_score": 0.756, "promotion_id": "KP-1", "nip": "198001012005011001",
                          "agency_code": "A", "effective_date": date(2025, 4, 1), "codes": ["RANK_SKIP", "OUTLIER"],
                          "status": "open", "approver_nip": None, "reason_codes": ["RANK_SKIP"], "reasons": ["x"]}])
    page = make_page("en", {flag_queue: (rows, 3)}, agency_names={"A": "Dinas A"})
    q = in_view.queue(page, in_view.ALL, "confirmed", in_view.ALL, flag_queue, reviewed=7)
    name, filters, args, kwargs = page.asked[0]
    assert kwargs == {"code": None, "approver": None, "status": "confirmed", "limit": in_view.MAX_ROWS, "lang": "en",
                      "reviewed": 7}
    assert filters == Filters(year=2025)            # flags are per promotion date: no period
    assert q.title == "Queue (3 flagged promotions)" and q.shown and "1" in q.shown and "3" in q.shown
    assert q.table.frame.iloc[0].tolist()[:4] == [0.76, "KP-1", "198001012005011001", "Dinas A"]
    assert q.table.decimals == {"Risk": 2}
    assert q.promotion_ids == ["KP-1"] and q.case_row("KP-1")["nip"] == "198001012005011001"
    assert in_view.approver_of(q.case_row("KP-1")) is None


def test_the_upload_preview_shows_no_personal_data(tmp_path):
    p = tmp_path / "e.csv"
    p.write_text("NIP BARU,NAMA,NIK,NOMOR HP\n'198703122010011001,Budi,7271015508900001,0812\n")
    shown = up_view.preview(p)
    assert list(shown.columns) == ["NIP BARU", "NAMA"]
    assert "7271015508900001" not in shown.to_csv() and "0812" not in shown.to_csv()


@pytest.mark.parametrize("lang", ["id", "en"])
def test_each_template_has_an_example_row_that_loads(loaded, tmp_path, lang):
    """Issue 20 (9): the template has the header in the reader's language and one example row, which passes every
    rule of its dataset (checked in order, in a store with the small world: each example names what it needs)."""
    from analytics.datasets import LOAD_ORDER
    from analytics.loader import load_file
    from ui.views import upload

    view = View(lang, Scope.unrestricted(), None, (), None, None, 2024, "Y", (2024,), ())
    for dataset in LOAD_ORDER:
        t = upload.template(view, dataset)
        lines = t.content.decode("utf-8").splitlines()
        assert len(lines) == 2, dataset
        path = tmp_path / f"{dataset}.csv"
        path.write_bytes(t.content)
        res = load_file(loaded, dataset, path, dry_run=True, lang=lang)
        assert res.status in ("valid", "unchanged"), (dataset, [e.message for e in res.errors])


def test_an_empty_backlog_and_flow_are_said_in_words_not_drawn():
    """Issue 20 (8): no open complaint and no month with complaints: no chart with an empty 0–1 axis, a sentence."""
    current = pd.DataFrame({"stage": [pg_view.RESOLUTION[0]], **{b[0]: [0] for b in sla.AGE_BUCKETS}})
    monthly = pd.DataFrame({"month": pd.to_datetime(["2025-04-01"]), "received": [0], "resolved": [0]})
    page = make_page("id", {sla.monthly_flow: monthly})
    flow = pg_view.flow(page, SimpleNamespace(current=current, as_of_date=date(2025, 6, 30)))
    assert flow.backlog is None and flow.backlog_sentence == "Tidak ada pengaduan terbuka pada 30 Jun 2025."
    assert flow.monthly is None and flow.monthly_sentence.startswith("Tidak ada pengaduan yang diterima")
    busy = pd.DataFrame({"stage": [pg_view.RESOLUTION[0]], **{b[0]: [i + 1] for i, b in enumerate(sla.AGE_BUCKETS)}})
    monthly["received"] = [3]
    flow = pg_view.flow(page, SimpleNamespace(current=busy, as_of_date=date(2025, 6, 30)))
    assert flow.backlog is not None and flow.monthly is not None
