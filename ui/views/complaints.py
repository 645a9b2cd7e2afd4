"""Pengaduan's sections (METRICS.md §2): compliance per stage, why open complaints count, Kaplan–Meier curves,
agencies ranked, backlog and monthly flow, overdue complaints and satisfaction (IKM)."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from analytics import sla
from analytics.domain import SEVERITIES
from ui.charts import PRIMARY, plain, style, target_line, validate
from ui.context import Page
from ui.i18n import fmt_date, fmt_int, fmt_num, fmt_pct, fmt_pp
from ui.tables import with_decimals
from ui.views.parts import Chart, Finding, Listing, Metric

MAX_ROWS = 500
MAX_CURVES = 8
PALETTE = ("#0b5cad", "#f28e2b", "#1a7f4b", "#c0392b", "#7b4ea3", "#8c6d31", "#17becf", "#7f7f7f")
RESOLUTION = tuple(f"resolution_{s}" for s in SEVERITIES)
STAGES = ("first_response", "verification", *RESOLUTION)       # as offered for the curves
CURVE_GROUPS = ("agency", "category", "channel")
# sla.AGE_BUCKETS in words: 0–5, 6–20, 21–60, > 60 (working days)
AGE_LABELS = tuple(f"{lo}–{hi}" if hi is not None else f"> {lo - 1}" for _, lo, hi in sla.AGE_BUCKETS)


def stage_name(page: Page, stage: str) -> str:
    return page.t("stage_" + stage)


@dataclass(frozen=True)
class Headline:
    as_of: str | None
    uncovered: str | None
    empty: str | None               # nothing received in the period: the page stops here
    metrics: tuple[Metric, ...]
    targets: str                    # the targets in force, in words
    why_open: str                   # why open complaints count (the naive median against Kaplan–Meier's)
    current: pd.DataFrame           # sla.sla of the period, which the later sections reuse
    as_of_date: object              # the as-of date (sla.sla_window), None without complaints


def _open_by_age(current: pd.DataFrame) -> dict[str, int]:
    """Not resolved at the as-of date: the open complaints of the resolution stages, by age (sla.AGE_BUCKETS)."""
    resolution = current[current["stage"].isin(RESOLUTION)]
    return {b[0]: int(resolution[b[0]].sum()) for b in sla.AGE_BUCKETS}


def headline(page: Page) -> Headline:
    lang, t, read = page.lang, page.t, page.read
    current, previous = read(sla.sla, page.filters), read(sla.sla, page.filters_prev)
    window = read(sla.sla_window, page.filters)
    as_of = window.as_of if window else None
    caption = t("complaints_as_of", date=fmt_date(as_of, lang)) if as_of else None
    uncovered = (t("uncovered", years=", ".join(map(str, window.uncovered_years)))
                 if window and window.uncovered_years else None)
    if current.empty:
        return Headline(caption, uncovered, t("s_complaints_none", period=page.cur_label), (), "", "", current, as_of)
    first = current[current["stage"] == "first_response"].iloc[0]
    metrics = [Metric(t("m_received"), fmt_int(first.received, lang), help=t("m_received_help"))]
    for key, stages in (("verification", ["verification"]), ("first_response", ["first_response"]),
                        ("resolution", list(RESOLUTION))):
        a, b = sla.stage_totals(current, stages), sla.stage_totals(previous, stages)
        delta = fmt_pp(a.compliance - b.compliance, lang) if a.compliance is not None and b.compliance is not None else None
        metrics.append(Metric(stage_name(page, key), fmt_pct(a.compliance, lang), delta,
                              delta_description=t("vs_period", period=page.prev_label),
                              help=t("m_stage_help", met=fmt_int(a.met, lang), decided=fmt_int(a.met + a.breached, lang),
                                     pending=fmt_int(a.pending, lang))))
    metrics.append(Metric(t("m_open"), fmt_int(sum(_open_by_age(current).values()), lang),
                          help=t("m_open_help", date=fmt_date(as_of, lang))))
    goal = dict(zip(current["stage"], current["target_days"]))
    targets = t("targets_stated", verification=goal.get("verification", "–"), first=goal.get("first_response", "–"),
                resolution=" / ".join(str(goal.get(f"resolution_{x}", "–")) for x in SEVERITIES),
                period_ref=page.prev_label)
    why = t("why_open", naive=fmt_num(first.naive_median, lang), km=fmt_num(first.km_median, lang),
            date=fmt_date(as_of, lang))
    return Headline(caption, uncovered, None, tuple(metrics), targets, why, current, as_of)


@dataclass(frozen=True)
class Curves:
    title: str
    chart: Chart
    capped: str | None              # only the MAX_CURVES groups with most complaints are drawn
    sentence: str | None
    table: pd.DataFrame             # the curves' points: group, working day, share not yet done (%)


def curves(page: Page, headline: Headline, stage: str, by: str) -> Curves:
    """Kaplan–Meier curves of the share not yet done by working day, for the groups (`by`: CURVE_GROUPS) with
    most complaints received, with the stage's target as a line."""
    lang, t, read = page.lang, page.t, page.read
    current = headline.current
    rows = read(sla.km_curves, page.filters, stage=stage, by=by, top=MAX_CURVES)
    top = list(dict.fromkeys(rows["group"]))  # the groups with the most complaints received, in that order
    n_groups = int((read(sla.sla, page.filters, by=by)["stage"] == stage).sum())
    overall = current[current["stage"] == stage]
    target = int(overall["target_days"].iloc[0]) if len(overall) else None

    def name(g: str) -> str:
        return plain(page.agency(g) if by == "agency" else str(g).replace("_", " "))

    traces = []
    for i, g in enumerate(top):
        c = rows[rows["group"] == g]
        traces.append({"type": "scatter", "x": c["t"].tolist(), "y": (c["survival"] * 100).tolist(), "mode": "lines",
                       "line": {"shape": "hv", "color": PALETTE[i % len(PALETTE)]}, "name": name(g),
                       "hovertemplate": "%{x}: %{y:.1f}%<extra>" + name(g) + "</extra>"})
    fig = go.Figure(data=traces, layout={"yaxis": {"range": [0, 100]}, **(
        target_line(x=target, text=t("target_line", target=target)) if target is not None else {})},
        _validate=validate())
    title = t("sec_km", stage=stage_name(page, stage).lower())
    chart = Chart(style(fig, title=title, x=t("ax_workdays"), y=t("ax_not_done"), lang=lang, height=380,
                        legend="right"), "pg_km")
    sentence = None
    if len(overall):
        o = overall.iloc[0]
        sentence = t("s_km", km=fmt_num(o.km_median, lang) if pd.notna(o.km_median) else "–",
                     naive=fmt_num(o.naive_median, lang) if pd.notna(o.naive_median) else "–",
                     within=fmt_pct(o.km_within_target, lang), target=int(o.target_days))
    table = pd.DataFrame({t("by_" + by): [page.agency(g) if by == "agency" else str(g).replace("_", " ")
                                          for g in rows["group"]],
                          t("ax_workdays"): rows["t"], t("ax_not_done"): (rows["survival"] * 100).round(1)})
    return Curves(title, chart, t("km_top", n=MAX_CURVES) if n_groups > MAX_CURVES else None, sentence, table)


def ranking(page: Page) -> pd.DataFrame:
    """Agencies by first-response compliance (then by complaints received)."""
    t = page.t
    ranked = page.read(sla.sla, page.filters, by="agency")
    ranked = ranked[ranked["stage"] == "first_response"].sort_values(["compliance", "received"], ascending=[False, False])
    return pd.DataFrame({
        t("col_agency"): [page.agency(a) for a in ranked["group"]],
        t("col_received"): ranked["received"].astype(int), t("col_met"): ranked["met"].astype(int),
        t("col_breached"): ranked["breached"].astype(int), t("col_pending"): ranked["pending"].astype(int),
        t("col_compliance"): (ranked["compliance"].astype(float) * 100).round(1),
        t("col_km_median"): ranked["km_median"].astype(float), t("col_naive_median"): ranked["naive_median"].astype(float),
    }).head(MAX_ROWS)


@dataclass(frozen=True)
class Flow:
    backlog: Chart | None          # None: nothing open, said in words (no empty chart with a 0–1 axis)
    backlog_sentence: str
    monthly: Chart | None          # None: no month with a complaint received or resolved
    monthly_sentence: str
    backlog_table: pd.DataFrame | None = None
    monthly_table: pd.DataFrame | None = None


def flow(page: Page, headline: Headline) -> Flow:
    """The open complaints by age at the as-of date, and complaints received and resolved by month."""
    lang, t, read = page.lang, page.t, page.read
    open_by_age = _open_by_age(headline.current)
    as_of = headline.as_of_date
    fig = go.Figure(go.Bar(x=list(AGE_LABELS), y=list(open_by_age.values()), marker_color=PRIMARY,
                           hovertemplate="%{x}: %{y}<extra></extra>"))
    backlog = Chart(style(fig, title=t("chart_backlog"), x=t("ax_age"), y=t("ax_complaints"), lang=lang, legend=False,
                          height=280), "pg_backlog")
    backlog_sentence = t("s_backlog", n=fmt_int(sum(open_by_age.values()), lang), date=fmt_date(as_of, lang),
                         parts=", ".join(f"{lab}: {fmt_int(n, lang)}" for lab, n in zip(AGE_LABELS, open_by_age.values())))
    backlog_table = pd.DataFrame({t("ax_age"): list(AGE_LABELS), t("ax_complaints"): list(open_by_age.values())})
    if not sum(open_by_age.values()):
        backlog, backlog_sentence, backlog_table = None, t("s_backlog_none", date=fmt_date(as_of, lang)), None
    monthly = read(sla.monthly_flow, page.filters)
    months = [f"{m:%m/%Y}" for m in pd.to_datetime(monthly["month"])]
    fig = go.Figure()
    fig.add_bar(x=months, y=monthly["received"], name=t("flow_received"), marker_color=PRIMARY)
    fig.add_scatter(x=months, y=monthly["resolved"], name=t("flow_resolved"), mode="lines+markers", line_color="#f28e2b")
    chart = Chart(style(fig, title=t("chart_flow"), x=t("ax_month"), y=t("ax_complaints"), lang=lang, height=280),
                  "pg_flow")
    if not (monthly["received"].sum() or monthly["resolved"].sum()):
        return Flow(backlog, backlog_sentence, None, t("s_flow_none"), backlog_table)
    monthly_table = pd.DataFrame({t("ax_month"): months, t("flow_received"): monthly["received"].astype(int),
                                  t("flow_resolved"): monthly["resolved"].astype(int)})
    return Flow(backlog, backlog_sentence, chart, t("s_flow", received=fmt_int(monthly["received"].sum(), lang),
                                                    resolved=fmt_int(monthly["resolved"].sum(), lang)),
                backlog_table, monthly_table)


def _overdue_table(page: Page, rows: pd.DataFrame) -> pd.DataFrame:
    lang, t = page.lang, page.t
    return pd.DataFrame({
        t("col_id"): rows["complaint_id"], t("col_agency"): [page.agency(a) for a in rows["agency_code"]],
        t("col_category"): rows["category"], t("col_channel"): rows["channel"],
        t("col_received_at"): [fmt_date(x, lang) for x in pd.to_datetime(rows["received_at"])],
        t("col_waiting"): [stage_name(page, s) for s in rows["waiting_for"]], t("col_age"): rows["age_days"],
    })


def overdue(page: Page, as_of) -> Listing:
    """Complaints still open past their target at `as_of` (Headline.as_of_date), longest waiting first."""
    lang, t = page.lang, page.t
    rows = page.read(sla.open_complaints, page.filters)
    if rows.empty:
        return Listing(none=t("overdue_none"))
    return Listing(sentence=t("s_overdue", n=fmt_int(len(rows), lang), date=fmt_date(as_of, lang)),
                   table=_overdue_table(page, rows.head(MAX_ROWS)),
                   capped=t("capped_download", n=fmt_int(MAX_ROWS, lang), total=fmt_int(len(rows), lang))
                   if len(rows) > MAX_ROWS else None)


def overdue_rows(page: Page) -> pd.DataFrame:
    """Every overdue complaint, read uncached when a file of them is asked for."""
    return _overdue_table(page, sla.open_complaints(page.con, page.v.scope, page.filters))


def satisfaction(page: Page) -> Finding:
    """The IKM (satisfaction index) overall and per agency, lowest first."""
    lang, t, read = page.lang, page.t, page.read
    per_agency = read(sla.satisfaction, page.filters, by="agency")
    if per_agency.empty:
        return Finding(none=t("ikm_none"))
    o = read(sla.satisfaction, page.filters, by=None).iloc[0]
    shown = per_agency.sort_values("ikm").head(30)
    fig = go.Figure(go.Bar(y=[plain(page.agency(a)) for a in shown["group"]], x=shown["ikm"], orientation="h",
                           marker_color=PRIMARY, text=shown["grade"], hovertemplate="%{y}: %{x:.2f}<extra></extra>"))
    fig.update_xaxes(range=[25, 100])
    chart = Chart(style(fig, title=t("chart_ikm"), x=t("ax_ikm"), y=t("col_agency"), lang=lang, legend=False,
                        height=120 + 24 * len(shown)), "pg_ikm")
    table = with_decimals(pd.DataFrame({
        t("col_agency"): [page.agency(a) for a in per_agency["group"]], t("col_n_rated"): per_agency["n_rated"].astype(int),
        t("col_sat_mean"): per_agency["satisfaction_mean"].astype(float), t("col_ikm"): per_agency["ikm"].astype(float),
        t("col_grade"): per_agency["grade"],
    }).head(MAX_ROWS), **{t("col_sat_mean"): 2, t("col_ikm"): 2})
    return Finding(sentence=t("s_ikm", ikm=fmt_num(o.ikm, lang, 2), grade=o.grade, n=fmt_int(o.n_rated, lang)),
                   chart=chart, table=table)
