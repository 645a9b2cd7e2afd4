"""Kenaikan: pemeriksaan — the inspectors' queue of flagged promotions (METRICS.md §4) ordered by risk,
filterable by code and review status, and a case view with the reasons, the employee's promotions and
appraisals, and the review workflow (analytics.reviews)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics import reviews
from analytics.casefile import case_csv, case_html, case_tables
from analytics.filters import Filters
from ui import shell
from ui.i18n import fmt_date, fmt_datetime

MAX_ROWS = 500

P = shell.start_page("page_inspect")
v, con, L = P.v, P.con, P.v.lang
st.caption(v.t("insp_intro"))
if not v.scope.personal_data:
    st.info(v.t("insp_personal"))
    st.stop()
st.caption(v.t("insp_computed"))
if "in_flash" in st.session_state:
    st.success(st.session_state.pop("in_flash"))

F = Filters(region=v.region, agency=v.agency, year=v.year)
queue = P.read("flags", F, lang=L)
if queue.empty:
    st.info(v.t("insp_none"))
    st.stop()

# Current review status per promotion and code (the latest audit row, else open).
stat = con.cursor().execute(
    "select promotion_id, code, arg_max(to_status, review_id) as status from flag_reviews group by all").df()
status_of = {(r.promotion_id, r.code): r.status for r in stat.itertuples()}


def case_status(pid: str, codes: list[str]) -> str:
    """The least advanced status among a case's flags (open before under review before a decision)."""
    order = {s: i for i, s in enumerate(reviews.STATUSES)}
    return min((status_of.get((pid, c), "open") for c in codes), key=lambda s: order[s])


queue = queue.copy()
queue["status"] = [case_status(p, c) for p, c in zip(queue["promotion_id"], queue["codes"])]
c1, c2 = st.columns(2)
code = c1.selectbox(v.t("insp_code"), ["*", *reviews.CODES], format_func=lambda c: v.t("insp_all") if c == "*" else c,
                    key="in_code")
want = c2.selectbox(v.t("insp_status"), ["*", *reviews.STATUSES],
                    format_func=lambda s: v.t("insp_all") if s == "*" else v.t("status_" + s), key="in_status")
if code != "*":
    queue = queue[queue["codes"].map(lambda cs: code in cs)]
if want != "*":
    queue = queue[queue["status"] == want]

st.subheader(v.t("insp_queue", n=len(queue)))
shown = queue.head(MAX_ROWS)
st.dataframe(pd.DataFrame({
    v.t("col_risk"): shown["risk_score"].round(2), v.t("col_promotion"): shown["promotion_id"],
    v.t("col_nip"): shown["nip"], v.t("col_agency"): [P.agency_names.get(a, a) for a in shown["agency_code"]],
    v.t("col_date"): [fmt_date(d, L) for d in pd.to_datetime(shown["effective_date"])],
    v.t("col_codes"): [", ".join(c) for c in shown["codes"]],
    v.t("insp_status"): [v.t("status_" + s) for s in shown["status"]],
}), hide_index=True, key="in_queue")
if shown.empty:
    st.stop()

pid = st.selectbox(v.t("insp_pick"), list(shown["promotion_id"]), key="in_case")
case = shown[shown["promotion_id"] == pid].iloc[0]
person = con.cursor().execute("select name, nip from employees where nip = ?", [case["nip"]]).fetchall()[0]
st.header(v.t("case_title", pid=pid, name=person[0], nip=person[1]))

st.subheader(v.t("case_reasons"))
st.dataframe(pd.DataFrame({v.t("col_codes"): case["codes"], v.t("col_reasons"): case["reasons"],
                           v.t("insp_status"): [v.t("status_" + status_of.get((pid, c), "open")) for c in case["codes"]]}),
             hide_index=True, key="in_reasons")

left, right = st.columns(2)
with left:
    st.subheader(v.t("case_timeline"))
    tl = con.cursor().execute(
        "select promotion_id, kind, effective_date, coalesce(from_rank, from_position_level) as from_, "
        "coalesce(to_rank, to_position_level) as to_, approver_nip from promotions where nip = ? "
        "order by effective_date", [case["nip"]]).df()
    st.dataframe(pd.DataFrame({
        v.t("col_promotion"): tl["promotion_id"], v.t("col_kind"): [v.t("kind_" + k) for k in tl["kind"]],
        v.t("col_date"): [fmt_date(d, L) for d in pd.to_datetime(tl["effective_date"])],
        v.t("col_from"): tl["from_"], v.t("col_to"): tl["to_"], v.t("col_approver"): tl["approver_nip"],
    }), hide_index=True)
with right:
    st.subheader(v.t("case_appraisals"))
    ap = con.cursor().execute(
        "select year, rating, score, evaluator_nip from appraisals where nip = ? and period = 'Y' order by year",
        [case["nip"]]).df()
    st.dataframe(pd.DataFrame({
        v.t("col_year"): ap["year"].astype(str), v.t("col_rating"): [v.t("rating_" + r) for r in ap["rating"]],
        v.t("m_score"): ap["score"], v.t("col_rater"): ap["evaluator_nip"],
    }), hide_index=True)

st.subheader(v.t("case_review"))
open_codes = [c for c in case["codes"] if reviews.TRANSITIONS[status_of.get((pid, c), "open")]]
if not open_codes:
    st.caption(v.t("case_final"))
else:
    with st.form("in_review_form", clear_on_submit=True):
        flag = st.selectbox(v.t("case_flag"), open_codes, key="in_flag")
        nxt = reviews.TRANSITIONS[status_of.get((pid, flag), "open")]
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
    return case_tables(con, v.scope, pid, list(case["codes"]), list(case["reasons"]))


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
