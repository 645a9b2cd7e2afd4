"""Kinerja's sections (METRICS.md §1): headline figures, rating shares by group, scores, the trend by quarter,
the rating curve, raters, 360° gaps and training needs. Each function reads what its section needs through
`Page.read` and returns it formatted."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from analytics import appraisals
from analytics.appraisals import INDICATORS, curve_rules, first_good_and_below, with_good_and_below
from analytics.domain import RATINGS
from analytics.filters import Filters
from ui.charts import PRIMARY, RATING_COLORS, plain, plains, style
from ui.context import Page
from ui.tables import Table, with_decimals
from ui.i18n import fmt_delta, fmt_int, fmt_num, fmt_pct, fmt_pp, group_label, md, period_label, period_short
from ui.views.parts import Chart, Finding, Listing, Metric, difference, first, records

MAX_BARS = 30      # bars in one chart; the table holds the rest
MAX_ROWS = 500     # rows in one table sent to the browser; a capped table says so
SORTS = ("good", "below", "n", "name")


def _rating(page: Page, r: str) -> str:
    return page.t("rating_" + r)


def _pct_col(page: Page, r: str) -> str:
    """The header of a column of a rating's share, in percent: 'Baik (%)'."""
    return f"{_rating(page, r)} (%)"


def _curve_filters(page: Page, year: int) -> Filters:
    return Filters(region=page.v.region, agency=page.v.agency, year=year)


@dataclass(frozen=True)
class Headline:
    metrics: tuple[Metric, ...]
    note: str               # what the changes are against
    empty: str | None       # no appraisal in the period: the page stops here
    totals: pd.DataFrame    # appraisals.rating_totals of the period, which the score section reuses
    curve: pd.DataFrame     # appraisals.rating_curve of the year, which the curve section reuses


def headline(page: Page) -> Headline:
    lang, t, read, year = page.lang, page.t, page.read, page.v.year
    totals, totals_prev = read(appraisals.rating_totals, page.filters), read(appraisals.rating_totals, page.filters_prev)
    curve = read(appraisals.rating_curve, _curve_filters(page, year))
    curve_prev = read(appraisals.rating_curve, _curve_filters(page, year - 1))
    n, n_prev = (int(totals["n"].iloc[0]) if len(totals) else 0), (int(totals_prev["n"].iloc[0]) if len(totals_prev) else 0)
    outside, outside_prev = int((~curve["within"]).sum()), int((~curve_prev["within"]).sum())
    (good, below), (good_prev, below_prev) = first_good_and_below(totals), first_good_and_below(totals_prev)
    score, score_prev = first(totals, "score_mean"), first(totals_prev, "score_mean")
    metrics = (
        Metric(t("m_good"), fmt_pct(good, lang), difference(good, good_prev, lambda x: fmt_pp(x, lang)),
               help=t("m_good_help", period=page.cur_label)),
        Metric(t("m_below"), fmt_pct(below, lang), difference(below, below_prev, lambda x: fmt_pp(x, lang)),
               delta_color="inverse", help=t("m_below_help")),
        Metric(t("m_score"), fmt_num(score, lang), difference(score, score_prev, lambda x: fmt_delta(x, lang, 1)),
               help=t("m_score_help")),
        Metric(t("m_appraised"), fmt_int(n, lang), fmt_delta(n - n_prev, lang), delta_color="off"),
        Metric(t("m_outside"), fmt_int(outside, lang), fmt_delta(outside - outside_prev, lang), delta_color="inverse",
               help=t("m_outside_help", year=year, n=fmt_int(len(curve), lang))),
    )
    return Headline(metrics, t("vs_previous_curve", period=page.prev_label, year=year - 1),
                    t("s_ratings_none", period=page.cur_label) if totals.empty else None, totals, curve)


@dataclass(frozen=True)
class Shares:
    groups: tuple[str, ...]        # the groups in the order shown (agency codes when by agency: the drill list)
    chart: Chart
    capped: str | None             # the chart shows the first MAX_BARS groups
    sentence: str
    table: pd.DataFrame


def shares(page: Page, by: str, sort: str) -> Shares:
    """The rating shares of each group (`by`: appraisals.GROUP_BY), sorted by `sort` (SORTS)."""
    lang, t = page.lang, page.t
    dist = with_good_and_below(page.read(appraisals.appraisal_distribution, page.filters, by=by))
    dist["name"] = [group_label(g, by, lang, page.agency_names) for g in dist["group"]]
    dist = dist.sort_values(sort, ascending=sort == "name", kind="stable")
    shown = dist.head(MAX_BARS).iloc[::-1]
    fig = go.Figure()
    for r in RATINGS:
        fig.add_bar(y=plains(shown["name"]), x=shown[f"share_{r}"] * 100, orientation="h", name=_rating(page, r),
                    marker_color=RATING_COLORS[r], customdata=shown["group"],
                    hovertemplate="%{y}: %{x:.1f}%<extra>" + _rating(page, r) + "</extra>")
    fig.update_layout(barmode="stack")
    fig.update_xaxes(range=[0, 100])
    title = f"{t('sec_shares')}: {t('by_' + by).lower()}, {page.cur_label}"
    chart = Chart(style(fig, title=title, x=t("ax_share"), y=t("ax_group"), lang=lang, height=120 + 26 * len(shown)),
                  "ap_chart_shares", drill=by == "agency")
    capped = (t("shown_of", shown=MAX_BARS, total=fmt_int(len(dist), lang),
                cap=t("table_capped", n=MAX_ROWS) if len(dist) > MAX_ROWS else "")
              if len(dist) > MAX_BARS else None)
    top, low = dist.sort_values("good", ascending=False).iloc[0], dist.sort_values("good").iloc[0]
    sentence = t("s_shares", top=md(top["name"]), top_share=fmt_pct(top["good"], lang), low=md(low["name"]),
                 low_share=fmt_pct(low["good"], lang))
    table = pd.DataFrame({t("ax_group"): dist["name"], t("col_n"): dist["n"],
                          **{_pct_col(page, r): (dist[f"share_{r}"] * 100).round(1) for r in RATINGS},
                          t("m_score"): dist["score_mean"].round(1)}).head(MAX_ROWS)
    return Shares(tuple(dist["group"]), chart, capped, sentence, table)


@dataclass(frozen=True)
class Scores:
    histogram: Chart
    sentence: str | None          # None when nothing is scored
    histogram_table: pd.DataFrame | None
    boxes: Chart
    boxes_table: pd.DataFrame


def scores(page: Page, totals: pd.DataFrame) -> Scores:
    """The score histogram (5-point bins) and the score boxes of the agencies with most appraisals; `totals` is
    the period's appraisals.rating_totals (Headline.totals)."""
    lang, t, read = page.lang, page.t, page.read
    hist = read(appraisals.score_histogram, page.filters)
    fig = go.Figure(go.Bar(x=hist["lower"] + 2.5, y=hist["n"], width=5, marker_color=PRIMARY,
                           hovertemplate="%{x}: %{y}<extra></extra>"))
    histogram = Chart(style(fig, title=f"{t('chart_hist')}, {page.cur_label}", x=t("ax_score"), y=t("ax_appraisals"),
                            lang=lang, legend=False), "ap_hist")
    sentence = table = None
    if len(hist):
        sentence = t("s_hist", n=fmt_int(totals["n_scored"].iloc[0], lang),
                     median=fmt_num(first(totals, "score_median"), lang),
                     p10=fmt_num(first(totals, "score_p10"), lang), p90=fmt_num(first(totals, "score_p90"), lang))
        table = pd.DataFrame({t("ax_score"): [f"{lo}–{lo + 5}" for lo in hist["lower"]], t("col_n"): hist["n"]})
    boxes = read(appraisals.score_boxes, page.filters).head(MAX_BARS).iloc[::-1]
    names = [page.agency(a) for a in boxes["agency_code"]]
    fig = go.Figure(go.Box(y=plains(names), q1=boxes["q1"], median=boxes["median"], q3=boxes["q3"], lowerfence=boxes["p10"],
                           upperfence=boxes["p90"], mean=boxes["score_mean"], orientation="h", marker_color=PRIMARY,
                           customdata=boxes["agency_code"], name=""))
    box_chart = Chart(style(fig, title=t("chart_box"), x=t("ax_score"), y=t("col_agency"), lang=lang, legend=False,
                            height=120 + 24 * len(boxes)), "ap_box", drill=True)
    box_table = pd.DataFrame({t("col_agency"): names, t("col_n"): boxes["n"], "P10": boxes["p10"].round(1),
                              "Q1": boxes["q1"].round(1), "Median": boxes["median"].round(1),
                              "Q3": boxes["q3"].round(1), "P90": boxes["p90"].round(1)}).iloc[::-1]
    return Scores(histogram, sentence, table, box_chart, box_table)


@dataclass(frozen=True)
class Trend:
    share_good: Chart
    mean_score: Chart
    sentence: str
    table: pd.DataFrame


def trend(page: Page) -> Trend | None:
    """The share rated good or better and the mean score, quarter by quarter (None when there is no quarter)."""
    lang, t = page.lang, page.t
    q = page.read(appraisals.quarterly_trend, page.filters)
    if not len(q):
        return None
    labels = [period_short(int(y), p, lang) for y, p in zip(q["year"], q["period"])]
    fig = go.Figure(go.Scatter(x=labels, y=q["share_good"] * 100, mode="lines+markers", line_color=PRIMARY,
                               hovertemplate="%{x}: %{y:.1f}%<extra></extra>"))
    fig.update_yaxes(range=[0, 100])
    good = Chart(style(fig, title=t("chart_trend_good"), x=t("ax_quarter"), y=t("ax_share"), lang=lang, legend=False),
                 "ap_trend_good")
    fig = go.Figure(go.Scatter(x=labels, y=q["score_mean"], mode="lines+markers", line_color=PRIMARY,
                               hovertemplate="%{x}: %{y:.1f}<extra></extra>"))
    score = Chart(style(fig, title=t("chart_trend_score"), x=t("ax_quarter"), y=t("ax_mean_score"), lang=lang,
                        legend=False), "ap_trend_score")
    sentence = t("s_trend_q", last=labels[-1], share=fmt_pct(q["share_good"].iloc[-1], lang),
                 score=fmt_num(q["score_mean"].iloc[-1], lang))
    table = pd.DataFrame({t("ax_quarter"): labels, t("col_n"): q["n"], t("col_share_good"): (q["share_good"] * 100).round(1),
                          t("m_score"): q["score_mean"].round(1)})
    return Trend(good, score, sentence, table)


@dataclass(frozen=True)
class Curve:
    intro: str
    empty: str | None               # no annual appraisal in the year
    sentence: str | None
    table: pd.DataFrame | None      # agencies outside the curve first, with the rules each breaks in words
    capped: str | None


def curve(page: Page, limit: float, rows: pd.DataFrame) -> Curve:
    """Each agency's annual rating shares against the rating curve of its organisation rating (PermenPANRB
    6/2022), `limit` the tolerance (setting curve_limit); `rows` is the year's appraisals.rating_curve
    (Headline.curve)."""
    lang, t, year = page.lang, page.t, page.v.year
    intro = t("curve_intro", limit=fmt_num(limit, lang, 2))
    if rows.empty:
        return Curve(intro, t("no_annual", year=year), None, None, None)
    rules = curve_rules(limit)

    def breach_words(row) -> str:
        counts = {r: int(row[f"n_{r}"]) for r in RATINGS}
        out = []
        for code in row["breach_codes"]:
            rule = next(x for x in rules[row["org_rating"]] if x.code == code)
            key, c, share = rule.explain(counts, row["n"])
            out.append(t(key, ratings=" + ".join(_rating(page, r) for r in rule.ratings), share=fmt_pct(share, lang),
                         bound=fmt_pct(rule.bound, lang, 0) if rule.bound is not None else "", n=fmt_int(c, lang)))
        return "; ".join(out)

    outside = int((~rows["within"]).sum())
    ordered = rows.sort_values(["within", "agency_code"]).head(MAX_ROWS)  # words only for the rows shown
    table = pd.DataFrame({
        t("col_agency"): [page.agency(a) for a in ordered["agency_code"]],
        t("col_org_rating"): [t("org_" + o) for o in ordered["org_rating"]],
        t("col_n"): ordered["n"],
        **{_pct_col(page, r): (ordered[f"share_{r}"] * 100).round(1) for r in RATINGS},
        t("col_within"): ["✓" if w else "✗" for w in ordered["within"]],
        t("col_breaches"): [breach_words(row) if len(row["breach_codes"]) else "" for row in records(
            ordered, ["breach_codes", "org_rating", "n", *(f"n_{r}" for r in RATINGS)])],
    })
    return Curve(intro, None, t("s_curve", outside=fmt_int(outside, lang), n=fmt_int(len(rows), lang), year=year),
                 table, t("table_capped", n=MAX_ROWS).strip(" ()") if len(rows) > MAX_ROWS else None)


@dataclass(frozen=True)
class Raters:
    """Raters whose ratings stand out. Without personal data, counts per agency only (`counts`); with it, the
    summary, the flagged raters, and the raters to pick for their own distribution."""
    counts: pd.DataFrame | None
    sentence: str | None
    none: str | None                # no rater flagged
    capped: str | None
    table: Table | None
    names: dict[str, str]           # rater NIP -> name, of the flagged raters (to pick one)

    def label(self, nip: str) -> str:
        return f"{self.names[nip]} ({nip})"


def raters(page: Page) -> Raters:
    lang, t, read = page.lang, page.t, page.read
    if not page.v.scope.personal_data:
        rt = read(appraisals.raters, page.filters)
        counts = pd.DataFrame({t("col_agency"): [page.agency(a) for a in rt["agency_code"]],
                               t("col_n_raters"): rt["n_raters"], t("col_n_lenient"): rt["n_lenient"],
                               t("col_n_harsh"): rt["n_harsh"], t("col_n_uniform"): rt["n_uniform"]}).head(MAX_ROWS)
        return Raters(counts, None, None, None, None, {})
    summary = read(appraisals.rater_summary, page.filters)
    flagged = read(appraisals.raters, page.filters, only_flagged=True, limit=MAX_ROWS)
    sentence = t("s_raters", n=fmt_int(summary["n"], lang), lenient=fmt_int(summary["lenient"], lang),
                 harsh=fmt_int(summary["harsh"], lang), uniform=fmt_int(summary["uniform"], lang))
    if flagged.empty:
        return Raters(None, sentence, t("raters_none"), None, None, {})
    marks = [", ".join(t("flag_" + f) for f, on in zip(("lenient", "harsh", "uniform"), row) if on)
             for row in zip(flagged["lenient"], flagged["harsh"], flagged["uniform"])]
    table = with_decimals(pd.DataFrame({
        t("col_rater"): flagged["evaluator_name"], t("col_nip"): flagged["evaluator_nip"],
        t("col_agency"): [page.agency(a) for a in flagged["agency_code"]],
        t("col_n"): flagged["n"], t("col_mean"): flagged["score_mean"].round(1),
        t("col_top"): (flagged["share_top"] * 100).round(1), t("col_z"): flagged["z"].round(2),
        t("col_flag"): marks,
    }), **{t("col_z"): 2})
    return Raters(None, sentence, None,
                  t("raters_capped", n=fmt_int(MAX_ROWS, lang)) if len(flagged) == MAX_ROWS else None, table,
                  dict(zip(flagged["evaluator_nip"], flagged["evaluator_name"])))


@dataclass(frozen=True)
class RaterDistribution:
    chart: Chart
    sentence: str
    table: pd.DataFrame


def rater_distribution(page: Page, raters: Raters, nip: str) -> RaterDistribution:
    """The ratings one of the flagged raters gave in the period."""
    lang, t, name = page.lang, page.t, raters.names[nip]
    given = page.read(appraisals.rater_distribution, page.filters, nip)
    fig = go.Figure(go.Bar(x=[_rating(page, r) for r in given["rating"]], y=given["n"],
                           marker_color=[RATING_COLORS[r] for r in given["rating"]],
                           hovertemplate="%{x}: %{y}<extra></extra>"))
    chart = Chart(style(fig, title=t("chart_rater", name=plain(name)), x=t("ax_rating"), y=t("ax_appraisals"), lang=lang,
                        legend=False, height=260), "ap_rater_chart")
    return RaterDistribution(chart, t("s_rater", name=md(name), n=fmt_int(given["n"].sum(), lang),
                                      parts=", ".join(f"{_rating(page, r)} {fmt_int(n, lang)}"
                                                      for r, n in zip(given["rating"], given["n"]) if n)),
                             pd.DataFrame({t("ax_rating"): [_rating(page, r) for r in given["rating"]],
                                           t("ax_appraisals"): given["n"]}))


def gaps_360(page: Page) -> Finding:
    """Self and peer ratings against the supervisor's, per agency (largest self gap first)."""
    lang, t = page.lang, page.t
    g = page.read(appraisals.gaps_360, page.filters)
    g = g[(g["n_self"] > 0) | (g["n_peer"] > 0)].sort_values("self_gap_mean", ascending=False)
    if g.empty:
        return Finding(none=t("s_360_none"))
    shown = g.head(MAX_BARS)
    names = [page.agency(a) for a in shown["group"]]
    fig = go.Figure()
    fig.add_bar(x=plains(names), y=shown["self_gap_mean"], name=t("gap_self"), marker_color=PRIMARY, customdata=shown["group"])
    fig.add_bar(x=plains(names), y=shown["peer_gap_mean"], name=t("gap_peer"), marker_color="#f28e2b", customdata=shown["group"])
    fig.update_xaxes(showticklabels=len(shown) <= 12)
    chart = Chart(style(fig, title=t("chart_360"), x=t("col_agency"), y=t("ax_gap"), lang=lang), "ap_360", drill=True)
    s360 = appraisals.summarise_360(g)
    sentence = t("s_360", n=fmt_int(s360.n_self, lang), share=fmt_pct(s360.share_self_higher, lang),
                 self_gap=fmt_num(s360.self_gap, lang), peer_gap=fmt_num(s360.peer_gap, lang))
    table = with_decimals(pd.DataFrame({t("col_agency"): [page.agency(a) for a in g["group"]],
                                        t("gap_self"): g["self_gap_mean"].round(2), t("gap_peer"): g["peer_gap_mean"].round(2),
                                        t("col_self_higher"): (g["share_self_higher"] * 100).round(1)}).head(MAX_ROWS),
                          **{t("gap_self"): 2, t("gap_peer"): 2})
    return Finding(sentence=sentence, chart=chart, table=table)


def _training_table(page: Page, rows: pd.DataFrame) -> pd.DataFrame:
    lang, t = page.lang, page.t
    return pd.DataFrame({
        t("col_name"): rows["name"], t("col_nip"): rows["nip"],
        t("col_agency"): [page.agency(a) for a in rows["agency_code"]],
        t("col_period"): [period_label(int(y), p, lang) for y, p in zip(rows["year"], rows["period"])],
        t("col_rating"): [_rating(page, r) for r in rows["rating"]],
        t("col_behaviour"): [t("beh_" + b) for b in rows["behaviour"]],
        t("col_lowest"): [", ".join(t("ind_" + i) for i in x) for x in rows["lowest"]],
        **{f"{t('ind_' + i)}": rows[i].round(1) for i in INDICATORS},
        **{f"{t('ind_' + i)} (median)": rows[f"median_{i}"].round(1) for i in INDICATORS},
    })


def training(page: Page) -> Listing:
    """Employees whose lowest indicators call for training. Without personal data, counts per agency; with it, the
    summary, the first MAX_ROWS employees and the full list as files on demand (training_rows)."""
    lang, t, read = page.lang, page.t, page.read
    if not page.v.scope.personal_data:
        tn = read(appraisals.training_needs, page.filters)
        if tn.empty:
            return Listing(none=t("training_none"))
        counts = pd.DataFrame({t("col_agency"): [page.agency(a) for a in tn["agency_code"]],
                               t("col_n_listed"): tn["n_listed"],
                               **{t("ind_" + i): tn[f"n_low_{i}"] for i in INDICATORS}}).head(MAX_ROWS)
        return Listing(counts=counts, counts_note=t("training_counts"))
    summary = read(appraisals.training_summary, page.filters)
    if not summary["n"]:
        return Listing(none=t("training_none"))
    sentence = t("s_training", n=fmt_int(summary["n"], lang),
                 parts=", ".join(f"{t('ind_' + i)} {fmt_int(summary[i], lang)}" for i in INDICATORS))
    table = _training_table(page, read(appraisals.training_needs, page.filters, limit=MAX_ROWS))
    capped = (t("capped_download", n=fmt_int(MAX_ROWS, lang), total=fmt_int(summary["n"], lang))
              if summary["n"] > MAX_ROWS else None)
    return Listing(sentence=sentence, table=table, capped=capped)


def training_rows(page: Page) -> pd.DataFrame:
    """The whole training list, read uncached when a file of it is asked for: nationally it has hundreds of
    thousands of rows."""
    return _training_table(page, appraisals.training_needs(page.con, page.v.scope, page.filters))
