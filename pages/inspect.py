"""Kenaikan: pemeriksaan — the inspectors' queue of flagged promotions (METRICS.md §4), read from the flags
stored at each load, ordered by risk and filterable by region and agency (the shared filters), year, code,
approver and review status; and a case view: the reasons, the employee's promotions and appraisals, the
cohort comparison, the approver's record, the review workflow (analytics.reviews) and the case file."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analytics import flags, reviews
from analytics.casefile import case_csv, case_html, case_tables
from analytics.filters import Filters
from analytics.snapshots import read_only_mode
from ui import data, shell
from ui.charts import PRIMARY, RATING_COLORS, style
from ui.i18n import fmt_date, fmt_datetime, fmt_int, fmt_num, fmt_pct

MAX_ROWS = 500

P = shell.start_page("page_inspect")
v, con, L = P.v, P.con, P.v.lang
st.caption(v.t("insp_intro"))
if not v.scope.personal_data:
    st.info(v.t("insp_personal"))
    st.stop()
cur = con.cursor()
meta = flags.meta(cur)
if meta:
    st.caption(v.t("insp_computed", when=fmt_datetime(pd.Timestamp(meta["computed_at"]).to_pydatetime(), L),
                   n=fmt_int(meta["promotions"], L), k=fmt_int(meta["flagged"], L)))
if "in_flash" in st.session_state:
    st.success(st.session_state.pop("in_flash"))

F = Filters(region=v.region, agency=v.agency, year=v.year)
approvers = P.read(flags.approver_options, F)
approver_label = {r.approver_nip: f"{r.name or '?'} ({r.approver_nip}) · {r.flagged}" for r in approvers.itertuples()}
c1, c2, c3 = st.columns(3)
code = c1.selectbox(v.t("insp_code"), ["*", *flags.CODES], format_func=lambda c: v.t("insp_all") if c == "*" else c,
                    key="in_code")
want = c2.selectbox(v.t("insp_status"), ["*", *reviews.STATUSES],
                    format_func=lambda s: v.t("insp_all") if s == "*" else v.t("status_" + s), key="in_status")
who = c3.selectbox(v.t("insp_approver"), ["*", *approver_label],
                   format_func=lambda a: v.t("insp_all") if a == "*" else approver_label.get(a, a), key="in_approver")
st.caption(v.t("insp_scope_note"))

# Cached per data version and review version: a recorded review changes the statuses, and shows at once.
queue, total = P.read(data.flag_queue, F, code=None if code == "*" else code, approver=None if who == "*" else who,
                      status=None if want == "*" else want, limit=MAX_ROWS, lang=L, reviewed=reviews.version(cur))
st.subheader(v.t("insp_queue", n=fmt_int(total, L)))
if queue.empty:
    st.info(v.t("insp_none"))
    st.stop()
if total > len(queue):
    st.caption(v.t("insp_shown", shown=fmt_int(len(queue), L), n=fmt_int(total, L)))
st.dataframe(pd.DataFrame({
    v.t("col_risk"): queue["risk_score"].round(2), v.t("col_promotion"): queue["promotion_id"],
    v.t("col_nip"): queue["nip"], v.t("col_agency"): [P.agency_names.get(a, a) for a in queue["agency_code"]],
    v.t("col_date"): [fmt_date(d, L) for d in pd.to_datetime(queue["effective_date"])],
    v.t("col_codes"): [", ".join(c) for c in queue["codes"]],
    v.t("insp_status"): [v.t("status_" + s) for s in queue["status"]],
}), hide_index=True, key="in_queue")

pid = st.selectbox(v.t("insp_pick"), list(queue["promotion_id"]), key="in_case")
case = queue[queue["promotion_id"] == pid].iloc[0]
approver = case["approver_nip"] if isinstance(case["approver_nip"], str) else None
who, tl, ap, cohort, record = data.case_view(con, v.version, v.scope_key, pid, case["nip"], case["agency_code"],
                                              approver)
person = (who["name"], who["nip"]) if who else ("?", case["nip"])
status_of = {c: reviews.status(cur, pid, c) for c in case["codes"]}
st.header(v.t("case_title", pid=pid, name=person[0], nip=person[1]))

st.subheader(v.t("case_reasons"))
st.dataframe(pd.DataFrame({v.t("col_codes"): case["reason_codes"], v.t("col_reasons"): case["reasons"],
                           v.t("insp_status"): [v.t("status_" + status_of[c]) for c in case["reason_codes"]]}),
             hide_index=True, key="in_reasons")

left, right = st.columns(2)
with left:
    st.subheader(v.t("case_timeline"))
    st.dataframe(pd.DataFrame({
        v.t("col_promotion"): tl["promotion_id"], v.t("col_kind"): [v.t("kind_" + k) for k in tl["kind"]],
        v.t("col_date"): [fmt_date(d, L) for d in pd.to_datetime(tl["effective_date"])],
        v.t("col_from"): tl["from_"], v.t("col_to"): tl["to_"], v.t("col_approver"): tl["approver_nip"],
    }), hide_index=True)
with right:
    st.subheader(v.t("case_appraisals"))
    st.dataframe(pd.DataFrame({
        v.t("col_year"): ap["year"].astype(str), v.t("col_rating"): [v.t("rating_" + r) for r in ap["rating"]],
        v.t("m_score"): ap["score"], v.t("col_rater"): ap["evaluator_nip"],
    }), hide_index=True)


st.subheader(v.t("case_cohort"))
if cohort.rows.empty:
    st.caption(v.t("case_cohort_none"))
else:
    crows = cohort.rows
    st.caption(v.t("case_cohort_s", kind=v.t("kind_" + cohort.kind), target=cohort.target, year=cohort.year,
                   n_agency=fmt_int(int(crows["agency_n"].max()), L),
                   n_province=fmt_int(int(crows["province_n"].max()), L)))

    def _n(x):
        return "–" if x is None or pd.isna(x) else fmt_num(x, L, 0 if float(x).is_integer() else 1)

    st.dataframe(pd.DataFrame({
        v.t("col_feature"): [v.t("feat_" + f) for f in crows["feature"]], v.t("col_this"): crows["value"].map(_n),
        v.t("col_agency_median"): crows["agency_median"].map(_n), v.t("col_n_agency"): crows["agency_n"],
        v.t("col_percentile"): crows["percentile"].map(_n),
        v.t("col_province_median"): crows["province_median"].map(_n), v.t("col_n_province"): crows["province_n"],
    }), hide_index=True, key="in_cohort")

if approver is None:
    st.subheader(v.t("case_approver", name="–", nip="–"))
    st.caption(v.t("case_no_approver"))
elif record:
    who_approved = record["approver"]  # None outside the reader's scope: the name is not shown
    st.subheader(v.t("case_approver", name=who_approved["name"] if who_approved else "?", nip=approver))
    s = record["summary"].iloc[0]
    p = "" if pd.isna(s["p_value"]) else v.t("case_approver_p", p=fmt_num(s["p_value"], L, 4))
    st.write(v.t("case_approver_s", n=fmt_int(s["n_promotions"], L), good=fmt_int(s["promotees_good"], L),
                 rated=fmt_int(s["promotees_rated"], L),
                 share=fmt_pct(s["promotees_good"] / s["promotees_rated"], L) if s["promotees_rated"] else "–",
                 pool_share=fmt_pct(s["pool_good"] / s["pool_rated"], L) if s["pool_rated"] else "–",
                 pool_rated=fmt_int(s["pool_rated"], L), p=p))
    by = record["by_year"]
    fig = go.Figure([go.Bar(x=by["year"].astype(str), y=by["promotions"], name=v.t("ser_approved"), marker_color=PRIMARY),
                     go.Bar(x=by["year"].astype(str), y=by["good"], name=v.t("ser_good_before"),
                            marker_color=RATING_COLORS["baik"])])
    st.plotly_chart(style(fig, title=v.t("chart_approver"), x=v.t("col_year"), y=v.t("ax_promotions"), lang=L),
                    key="in_approver_chart")
    st.dataframe(pd.DataFrame({v.t("col_year"): by["year"].astype(str), v.t("ser_approved"): by["promotions"],
                               v.t("col_n_rated"): by["rated"], v.t("ser_good_before"): by["good"]}),
                 hide_index=True, key="in_approver_years")
    mine = record["promotions"]
    listed = st.expander(v.t("case_approver_list", n=fmt_int(len(mine), L)), key="in_open_approver_list",
                         on_change="rerun")
    if listed.open:  # drawn only while open
        listed.dataframe(pd.DataFrame({
            v.t("col_promotion"): mine["promotion_id"], v.t("col_nip"): mine["nip"], v.t("col_name"): mine["name"],
            v.t("col_date"): [fmt_date(d, L) for d in pd.to_datetime(mine["effective_date"])],
            v.t("col_kind"): [v.t("kind_" + k) for k in mine["kind"]], v.t("col_to"): mine["target"],
            v.t("col_rating_before"): [v.t("rating_" + r) if isinstance(r, str) else "–" for r in mine["rating_before"]],
            v.t("col_codes"): [", ".join(c) for c in mine["codes"]],
        }), hide_index=True, key="in_approver_list")

st.subheader(v.t("case_review"))
open_codes = [c for c in case["codes"] if reviews.TRANSITIONS[status_of[c]]]
if read_only_mode():  # a replica cannot write: reviews are recorded on the writer
    st.info(v.t("review_replica"))
elif not open_codes:
    st.caption(v.t("case_final"))
else:
    with st.form("in_review_form", clear_on_submit=True):
        flag = st.selectbox(v.t("case_flag"), open_codes, key="in_flag")
        nxt = reviews.TRANSITIONS[status_of[flag]]
        to = st.selectbox(v.t("case_to"), nxt, format_func=lambda s: v.t("status_" + s), key="in_to")
        note = st.text_area(v.t("case_note"), key="in_note", max_chars=2000)
        user = st.text_input(v.t("case_user"), key="in_user", max_chars=80)
        if st.form_submit_button(v.t("case_save"), type="primary"):
            if not user.strip():
                st.error(v.t("up_user_needed"))
            else:
                try:
                    done = reviews.change(con, v.scope, pid, flag, to, note, user=user.strip(), lang=L)
                except reviews.ReviewError as exc:
                    st.error(str(exc))
                else:
                    st.session_state["in_flash"] = v.t("case_saved", code=flag, frm=v.t("status_" + done.from_status),
                                                       to=v.t("status_" + done.to_status))
                    st.rerun()  # the queue and the reasons above show the new status

# The case file, built when asked for.
files = st.container(horizontal=True)


def _tables():
    return case_tables(con, v.scope, pid, list(case["reason_codes"]), list(case["reasons"]))


files.download_button(v.t("case_csv"), lambda: case_csv(_tables()), file_name=f"kasus_{pid}.csv", mime="text/csv",
                      key="in_case_csv")
files.download_button(v.t("case_html"), lambda: case_html(_tables(), title=v.t("case_title", pid=pid, name=person[0],
                                                                                nip=person[1])).encode("utf-8"),
                      file_name=f"kasus_{pid}.html", mime="text/html", key="in_case_html")

st.subheader(v.t("case_history"))
h = reviews.history(con, v.scope, pid)
if h.empty:
    st.caption(v.t("case_no_history"))
else:
    st.dataframe(pd.DataFrame({
        v.t("col_codes"): h["code"], v.t("col_from"): [v.t("status_" + s) for s in h["from_status"]],
        v.t("col_to"): [v.t("status_" + s) for s in h["to_status"]], v.t("col_note"): h["note"],
        v.t("col_user"): h["user_name"], v.t("col_when"): [fmt_datetime(pd.Timestamp(x).to_pydatetime(), L)
                                                          for x in h["changed_at"]],
    }), hide_index=True, key="in_history")
