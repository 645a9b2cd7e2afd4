"""Pengaduan: complaint response in working days (METRICS.md §2), with open complaints counted honestly.
Filters → compliance per stage → why open complaints count → Kaplan–Meier curves → agencies ranked →
backlog and monthly flow → overdue complaints → satisfaction."""
from __future__ import annotations


import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analytics import sla
from analytics.domain import SEVERITIES
from analytics.export import to_csv
from analytics.sla import AGE_BUCKETS, open_complaints
from ui import shell
from ui.charts import PRIMARY, style, target_line, validate
from ui.i18n import fmt_date, fmt_int, fmt_num, fmt_pct, fmt_pp
from ui.tables import localize

MAX_ROWS = 500
MAX_CURVES = 8
PALETTE = ("#0b5cad", "#f28e2b", "#1a7f4b", "#c0392b", "#7b4ea3", "#8c6d31", "#17becf", "#7f7f7f")

P = shell.start_page("page_complaints")
v, con, L = P.v, P.con, P.v.lang
cur, prev, cur_label, prev_label = P.cur, P.prev, P.cur_label, P.prev_label
F, F_prev, agency_names = P.filters, P.filters_prev, P.agency_names
read = P.read



def stage_name(stage: str) -> str:
    return v.t("stage_" + stage)


s_cur, s_prev = read(sla.sla, F), read(sla.sla, F_prev)
window = read(sla.sla_window, F)
as_of = window.as_of if window else None
if as_of:
    st.caption(v.t("complaints_as_of", date=fmt_date(as_of, L)))
if window and window.uncovered_years:
    st.warning(v.t("uncovered", years=", ".join(map(str, window.uncovered_years))))
if s_cur.empty:
    st.info(v.t("s_complaints_none", period=cur_label))
    st.stop()


resolution = [f"resolution_{s}" for s in SEVERITIES]
groups = [("verification", ["verification"]), ("first_response", ["first_response"]), ("resolution", resolution)]
fr_now = s_cur[s_cur["stage"] == "first_response"].iloc[0]
cols = st.columns(5)
shell.metric(cols[0], v.t("m_received"), fmt_int(fr_now.received, L), border=True, help=v.t("m_received_help"))
for col, (key, stages) in zip(cols[1:4], groups):
    a, b = sla.stage_totals(s_cur, stages), sla.stage_totals(s_prev, stages)
    label = stage_name(key)
    delta = fmt_pp(a.compliance - b.compliance, L) if a.compliance is not None and b.compliance is not None else None
    shell.metric(col, label, fmt_pct(a.compliance, L), delta, border=True,
                 delta_description=v.t("vs_period", period=prev_label),
                 help=v.t("m_stage_help", met=fmt_int(a.met, L), decided=fmt_int(a.met + a.breached, L),
                          pending=fmt_int(a.pending, L)))
# Not resolved at D: the open complaints of the resolution stages, by age.
open_by_age = {b[0]: int(s_cur[s_cur["stage"].isin(resolution)][b[0]].sum()) for b in AGE_BUCKETS}
shell.metric(cols[4], v.t("m_open"), fmt_int(sum(open_by_age.values()), L), border=True,
             help=v.t("m_open_help", date=fmt_date(as_of, L)))
goal = dict(zip(s_cur["stage"], s_cur["target_days"]))
st.caption(v.t("targets_stated", verification=goal.get("verification", "–"), first=goal.get("first_response", "–"),
               resolution=" / ".join(str(goal.get(f"resolution_{x}", "–")) for x in SEVERITIES), period_ref=prev_label))

with st.expander(v.t("why_open_title"), expanded=True):
    st.write(v.t("why_open", naive=fmt_num(fr_now.naive_median, L), km=fmt_num(fr_now.km_median, L),
                 date=fmt_date(as_of, L)))

# --- Kaplan–Meier curves -----------------------------------------------------------------------------------
c1, c2 = st.columns(2)
stage = c1.selectbox(v.t("km_stage"), ["first_response", "verification", *resolution], format_func=stage_name,
                     key="pg_stage")
by = c2.selectbox(v.t("km_by"), ["agency", "category", "channel"], format_func=lambda b: v.t("by_" + b), key="pg_by")
st.header(v.t("sec_km", stage=stage_name(stage).lower()))
curves = read(sla.km_curves, F, stage=stage, by=by, top=MAX_CURVES)
top = list(dict.fromkeys(curves["group"]))  # the groups with the most complaints received, in that order
n_groups = int((read(sla.sla, F, by=by)["stage"] == stage).sum())
target = int(s_cur.loc[s_cur["stage"] == stage, "target_days"].iloc[0]) if (s_cur["stage"] == stage).any() else None


def group_label(g: str) -> str:
    return agency_names.get(g, g) if by == "agency" else str(g).replace("_", " ")


traces = []
for i, g in enumerate(top):
    c = curves[curves["group"] == g]
    traces.append({"type": "scatter", "x": c["t"].tolist(), "y": (c["survival"] * 100).tolist(), "mode": "lines", "line": {
        "shape": "hv", "color": PALETTE[i % len(PALETTE)]}, "name": group_label(g),
        "hovertemplate": "%{x}: %{y:.1f}%<extra>" + group_label(g) + "</extra>"})
fig = go.Figure(data=traces, layout={"yaxis": {"range": [0, 100]}, **(
    target_line(x=target, text=v.t("target_line", target=target)) if target is not None else {})},
    _validate=validate())
st.plotly_chart(style(fig, title=v.t("sec_km", stage=stage_name(stage).lower()), x=v.t("ax_workdays"),
                      y=v.t("ax_not_done"), lang=L, height=380, legend="right"), key="pg_km")
if n_groups > MAX_CURVES:
    st.caption(v.t("km_top", n=MAX_CURVES))
overall = s_cur[s_cur["stage"] == stage]
if len(overall):
    o = overall.iloc[0]
    st.write(v.t("s_km", km=fmt_num(o.km_median, L) if pd.notna(o.km_median) else "–",
                 naive=fmt_num(o.naive_median, L) if pd.notna(o.naive_median) else "–",
                 within=fmt_pct(o.km_within_target, L), target=int(o.target_days)))

# --- Agencies ranked --------------------------------------------------------------------------------------------
st.header(v.t("sec_rank"))
ranked = read(sla.sla, F, by="agency")
ranked = ranked[ranked["stage"] == "first_response"].sort_values(["compliance", "received"], ascending=[False, False])
st.dataframe(localize(pd.DataFrame({
    v.t("col_agency"): [agency_names.get(a, a) for a in ranked["group"]],
    v.t("col_received"): ranked["received"].astype(int), v.t("col_met"): ranked["met"].astype(int),
    v.t("col_breached"): ranked["breached"].astype(int), v.t("col_pending"): ranked["pending"].astype(int),
    v.t("col_compliance"): (ranked["compliance"].astype(float) * 100).round(1),
    v.t("col_km_median"): ranked["km_median"].astype(float), v.t("col_naive_median"): ranked["naive_median"].astype(float),
}).head(MAX_ROWS), lang=L), hide_index=True, key="pg_rank")

# --- Backlog and monthly flow -----------------------------------------------------------------------------------
st.header(v.t("sec_backlog"))
left, right = st.columns(2)
labels = ["0–5", "6–20", "21–60", "> 60"]
fig = go.Figure(go.Bar(x=labels, y=list(open_by_age.values()), marker_color=PRIMARY, hovertemplate="%{x}: %{y}<extra></extra>"))
left.plotly_chart(style(fig, title=v.t("chart_backlog"), x=v.t("ax_age"), y=v.t("ax_complaints"), lang=L, legend=False,
                        height=280), key="pg_backlog")
left.write(v.t("s_backlog", n=fmt_int(sum(open_by_age.values()), L), date=fmt_date(as_of, L),
               parts=", ".join(f"{lab}: {fmt_int(n, L)}" for lab, n in zip(labels, open_by_age.values()))))
flow = read(sla.monthly_flow, F)
months = [f"{m:%m/%Y}" for m in pd.to_datetime(flow["month"])]
fig = go.Figure()
fig.add_bar(x=months, y=flow["received"], name=v.t("flow_received"), marker_color=PRIMARY)
fig.add_scatter(x=months, y=flow["resolved"], name=v.t("flow_resolved"), mode="lines+markers", line_color="#f28e2b")
right.plotly_chart(style(fig, title=v.t("chart_flow"), x=v.t("ax_month"), y=v.t("ax_complaints"), lang=L, height=280),
                   key="pg_flow")
right.write(v.t("s_flow", received=fmt_int(flow["received"].sum(), L), resolved=fmt_int(flow["resolved"].sum(), L)))

st.header(v.t("sec_more"))
st.caption(v.t("sec_more_note"))

# --- Overdue complaints -----------------------------------------------------------------------------------------
sec_overdue = st.expander(v.t("sec_overdue"), key="pg_open_overdue", on_change="rerun")
with sec_overdue:
    if sec_overdue.open:  # drawn only while open: a closed section costs no query and no chart
        overdue = read(sla.open_complaints, F)

        def overdue_table(rows: pd.DataFrame) -> pd.DataFrame:
            return pd.DataFrame({
                v.t("col_id"): rows["complaint_id"], v.t("col_agency"): [agency_names.get(a, a) for a in rows["agency_code"]],
                v.t("col_category"): rows["category"], v.t("col_channel"): rows["channel"],
                v.t("col_received_at"): [fmt_date(x, L) for x in pd.to_datetime(rows["received_at"])],
                v.t("col_waiting"): [stage_name(s) for s in rows["waiting_for"]], v.t("col_age"): rows["age_days"],
            })

        if overdue.empty:
            st.caption(v.t("overdue_none"))
        else:
            st.write(v.t("s_overdue", n=fmt_int(len(overdue), L), date=fmt_date(as_of, L)))
            st.dataframe(overdue_table(overdue.head(MAX_ROWS)), hide_index=True, key="pg_overdue")
            if len(overdue) > MAX_ROWS:
                st.caption(v.t("capped_download", n=fmt_int(MAX_ROWS, L), total=fmt_int(len(overdue), L)))
            st.download_button(v.t("overdue_csv"), lambda: to_csv(overdue_table(open_complaints(con, v.scope, F))),
                               file_name=f"pengaduan_lewat_batas_{as_of}.csv", mime="text/csv", key="pg_overdue_csv")

# --- Satisfaction -----------------------------------------------------------------------------------------------
sec_ikm = st.expander(v.t("sec_ikm"), key="pg_open_ikm", on_change="rerun")
with sec_ikm:
    if sec_ikm.open:  # drawn only while open: a closed section costs no query and no chart
        sat = read(sla.satisfaction, F, by="agency")
        overall_sat = read(sla.satisfaction, F, by=None)
        if sat.empty:
            st.caption(v.t("ikm_none"))
        else:
            o = overall_sat.iloc[0]
            st.write(v.t("s_ikm", ikm=fmt_num(o.ikm, L, 2), grade=o.grade, n=fmt_int(o.n_rated, L)))
            shown = sat.sort_values("ikm").head(30)
            fig = go.Figure(go.Bar(y=[agency_names.get(a, a) for a in shown["group"]], x=shown["ikm"], orientation="h",
                                   marker_color=PRIMARY, text=shown["grade"], hovertemplate="%{y}: %{x:.2f}<extra></extra>"))
            fig.update_xaxes(range=[25, 100])
            st.plotly_chart(style(fig, title=v.t("chart_ikm"), x=v.t("ax_ikm"), y=v.t("col_agency"), lang=L, legend=False,
                                  height=120 + 24 * len(shown)), key="pg_ikm")
            st.dataframe(localize(pd.DataFrame({
                v.t("col_agency"): [agency_names.get(a, a) for a in sat["group"]], v.t("col_n_rated"): sat["n_rated"].astype(int),
                v.t("col_sat_mean"): sat["satisfaction_mean"], v.t("col_ikm"): sat["ikm"], v.t("col_grade"): sat["grade"],
            }).head(MAX_ROWS), lang=L, decimals=2), hide_index=True)
