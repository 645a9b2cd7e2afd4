"""Ringkasan's sections: the as-of line, six headline figures against the previous period, and four cards
(ratings, the share rated good by period, complaints by month, promotions by year), from one
analytics.overview.Overview."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from analytics.domain import PROMOTION_KINDS
from ui.charts import KIND_COLORS, PRIMARY, RATING_COLORS, style
from ui.context import Page
from ui.i18n import (fmt_date, fmt_datetime, fmt_delta, fmt_int, fmt_month, fmt_pct, fmt_pp, period_label,
                     period_short)
from ui.views.parts import Card, Chart, Metric


@dataclass(frozen=True)
class Header:
    as_of: str                  # "Data per …, loaded …" or "nothing loaded yet"
    uncovered: str | None       # the years the holiday calendar does not cover, when complaints fall in them


@dataclass(frozen=True)
class Headline:
    metrics: tuple[Metric, ...]  # two rows of three
    running: str | None          # the period is still running
    empty: str | None            # nothing at all in this view


def header(page: Page, o, last_loaded) -> Header:
    lang = page.lang
    as_of = (page.t("as_of", date=fmt_date(o.as_of, lang),
                    when=fmt_datetime(pd.Timestamp(last_loaded).to_pydatetime(), lang))
             if last_loaded is not None else page.t("no_load"))
    years = o.complaints.uncovered_years
    return Header(as_of, page.t("uncovered", years=", ".join(map(str, years))) if years else None)


def _pp(a, b, lang):
    return None if a is None or b is None else fmt_pp(a - b, lang)


def headline(page: Page, o) -> Headline:
    lang, t = page.lang, page.t
    ry = o.rating_year
    vs_ratings = t("vs_year", year=ry - 1) if ry else None
    vs_period = t("vs_period", period=page.prev_label)
    fr, fr_prev = o.complaints, o.complaints_previous
    metrics = (
        Metric(t("m_employees"), fmt_int(o.employees_active, lang),
               help=t("m_employees_help", n=fmt_int(o.appraised, lang))),
        Metric(t("m_good_year", year=ry or "–"), fmt_pct(o.good_share, lang),
               _pp(o.good_share, o.good_share_previous, lang), delta_description=vs_ratings,
               help=t("m_good_help", period=period_label(ry, "Y", lang) if ry else "–")),
        Metric(t("m_outside_year", year=ry or "–"), fmt_int(o.curve_outside, lang),
               fmt_delta(o.curve_outside - o.curve_outside_previous, lang) if ry else None, delta_color="inverse",
               delta_description=vs_ratings,
               help=t("m_outside_help", year=ry or "–", n=fmt_int(o.curve_assessed, lang))),
        Metric(t("m_received"), fmt_int(fr.received, lang), fmt_delta(fr.received - fr_prev.received, lang),
               delta_color="off", delta_description=vs_period, help=t("m_received_help")),
        Metric(t("m_fr"), fmt_pct(fr.compliance, lang), _pp(fr.compliance, fr_prev.compliance, lang),
               delta_description=vs_period,
               help=t("m_fr_help", target=fr.target_days, met=fmt_int(fr.met, lang),
                      decided=fmt_int(fr.met + fr.breached, lang))),
        Metric(t("m_promotions"), fmt_int(o.promotions, lang), fmt_delta(o.promotions - o.promotions_previous, lang),
               delta_color="off", delta_description=vs_period, help=t("m_promotions_help")),
    )
    running = (t("running_period", date=fmt_date(o.as_of, lang))
               if o.as_of is not None and page.cur.end > o.as_of >= page.cur.start else None)
    empty = None if (o.employees_active or o.appraised or fr.received or o.promotions) else t("no_data_here")
    return Headline(metrics, running, empty)


def ratings_card(page: Page, o) -> Card:
    """The rating shares of the latest rated year against the year before, as stacked bars."""
    lang, t = page.lang, page.t
    ry, r = o.rating_year, o.ratings
    fig = go.Figure()
    for row in r.itertuples():
        fig.add_bar(y=[str(ry - 1 if ry else "–"), str(ry or "–")], x=[row.share_previous * 100, row.share * 100],
                    orientation="h", name=t("rating_" + row.rating), marker_color=RATING_COLORS[row.rating],
                    hovertemplate="%{y}: %{x:.1f}%<extra>" + t("rating_" + row.rating) + "</extra>")
    fig.update_layout(barmode="stack")
    fig.update_xaxes(range=[0, 100])
    fig.update_yaxes(type="category")
    chart = Chart(style(fig, title=t("card_ratings_year", year=ry or "–"), x=t("ax_share"), y=t("ax_year"),
                        lang=lang, height=260), "chart_ratings")
    period = period_label(ry, "Y", lang) if ry else "–"
    if r["n"].sum():
        parts = ", ".join(f"{t('rating_' + x.rating)} {fmt_pct(x.share, lang)}" for x in r.itertuples() if x.n)
        sentence = t("s_ratings", period=period, n=fmt_int(r["n"].sum(), lang), parts=parts)
    else:
        sentence = t("s_ratings_none", period=period)
    table = pd.DataFrame({
        t("col_rating"): [t("rating_" + x) for x in r["rating"]],
        f"{t('col_n')} {ry}": r["n"], f"{t('col_share')} {ry} (%)": (r["share"] * 100).round(1),
        f"{t('col_n')} {(ry or 0) - 1}": r["n_previous"],
        f"{t('col_share')} {(ry or 0) - 1} (%)": (r["share_previous"] * 100).round(1),
    })
    return Card(chart, sentence, table)


def good_trend_card(page: Page, o) -> Card:
    """The share rated good or better, period by period."""
    lang, t = page.lang, page.t
    g = o.good_trend
    labels = [period_short(int(y), p, lang) for y, p in zip(g["year"], g["period"])]
    fig = go.Figure(go.Scatter(x=labels, y=g["share_good"] * 100, mode="lines+markers", line_color=PRIMARY,
                               hovertemplate="%{x}: %{y:.1f}%<extra></extra>"))
    fig.update_yaxes(range=[0, 100])
    fig.update_xaxes(type="category")
    chart = Chart(style(fig, title=t("card_trend"), x=t("ax_year"), y=t("ax_share"), lang=lang, height=260,
                        legend=False), "chart_trend")
    sentence = (t("s_trend", parts=", ".join(f"{lab} {fmt_pct(s, lang)}"
                                              for lab, s in list(zip(labels, g["share_good"]))[-4:]))
                if len(g) else t("s_trend_none"))
    table = pd.DataFrame({t("col_year"): labels, t("col_n"): g["n"],
                          t("col_share_good") + " (%)": (g["share_good"] * 100).round(1)})
    return Card(chart, sentence, table)


def complaints_card(page: Page, o) -> Card:
    """Complaints received by month of the period, with the response figures in words."""
    lang, t = page.lang, page.t
    m, fr = o.complaints_monthly, o.complaints
    months = [fmt_month(d, lang) for d in pd.to_datetime(m["month"])]
    fig = go.Figure(go.Bar(x=months, y=m["received"], marker_color=PRIMARY, hovertemplate="%{x}: %{y}<extra></extra>"))
    chart = Chart(style(fig, title=f"{t('card_complaints')}, {page.cur_label}", x=t("ax_month"),
                        y=t("ax_complaints"), lang=lang, height=260, legend=False), "chart_complaints")
    if fr.received:
        busiest = m.loc[m["received"].idxmax()] if len(m) else None
        sentence = t("s_complaints", period=page.cur_label, n=fmt_int(fr.received, lang), met=fmt_int(fr.met, lang),
                     breached=fmt_int(fr.breached, lang), pending=fmt_int(fr.pending, lang), target=fr.target_days,
                     busiest=fmt_month(busiest["month"], lang) if busiest is not None else "–",
                     busiest_n=fmt_int(busiest["received"], lang) if busiest is not None else "–")
    else:
        sentence = t("s_complaints_none", period=page.cur_label)
    table = pd.DataFrame({t("col_month"): months, t("col_received"): m["received"]})
    return Card(chart, sentence, table)


def promotions_card(page: Page, o) -> Card:
    """Promotions by year and kind, with the period's count against the previous period in words."""
    lang, t = page.lang, page.t
    p = o.promotions_trend
    fig = go.Figure()
    for kind in PROMOTION_KINDS:
        sel = p[p["kind"] == kind]
        if len(sel):
            fig.add_bar(x=sel["year"].astype(str), y=sel["n"], name=t("kind_" + kind), marker_color=KIND_COLORS[kind])
    fig.update_layout(barmode="stack")
    fig.update_xaxes(type="category")
    chart = Chart(style(fig, title=t("card_promotions"), x=t("ax_year"), y=t("ax_promotions"), lang=lang, height=260),
                  "chart_promotions")
    n_prev = fmt_int(o.promotions_previous, lang)
    if o.promotions:
        k = o.promotions_by_kind
        parts = ", ".join(f"{t('kind_' + kind)} {fmt_int(n, lang)}" for kind, n in zip(k["kind"], k["n"]) if n)
        sentence = t("s_promotions", period=page.cur_label, n=fmt_int(o.promotions, lang), parts=parts,
                     prev=page.prev_label, n_prev=n_prev)
    else:
        sentence = t("s_promotions_none", period=page.cur_label, prev=page.prev_label, n_prev=n_prev)
    wide = p.pivot_table(index="year", columns="kind", values="n", fill_value=0).reset_index()
    wide["year"] = wide["year"].astype(str)  # a year is a label, never '2.025'
    wide.columns = [t("col_year") if c == "year" else t("kind_" + c) for c in wide.columns]
    return Card(chart, sentence, wide)
