"""Kenaikan: pemeriksaan — the inspectors' queue of flagged promotions (METRICS.md §4), read from the flags
stored at each load, ordered by risk and filterable by region and agency (the shared filters), year, code,
approver and review status; and a case view: the reasons, the employee's promotions and appraisals, the
cohort comparison, the approver's record, the review workflow (analytics.reviews) and the case file."""
from __future__ import annotations

import streamlit as st

from analytics import flags, reviews
from analytics.audit import Actor

# The statuses a review can move a flag to (reviews.TRANSITIONS), in the workflow's order.
REVIEW_TARGETS = ("under_review", "confirmed", "dismissed")
from analytics import snapshots
from analytics.snapshots import read_only_mode
from ui import data, shell
from ui.views import inspect as sections
from ui.views.inspect import ALL

page = shell.start_page("page_inspect")
view, t, con = page.v, page.t, page.con
st.caption(t("insp_intro"))
if not view.scope.personal_data:
    st.info(t("insp_personal"))
    st.stop()
computed = sections.computed(page)
if computed:
    st.caption(computed)
if "in_flash" in st.session_state:
    st.success(st.session_state.pop("in_flash"))

# --- The queue -----------------------------------------------------------------------------------------------
approvers = sections.approvers(page)
code_box, status_box, approver_box = st.columns(3)
code = code_box.selectbox(t("insp_code"), [ALL, *flags.CODES], format_func=lambda c: sections.choice(page, c),
                          key="in_code")
status = status_box.selectbox(t("insp_status"), [ALL, *reviews.STATUSES],
                              format_func=lambda s: sections.choice(page, s, lambda x: t("status_" + x)), key="in_status",
                              help=t("insp_status_help"))
approver = approver_box.selectbox(t("insp_approver"), [ALL, *approvers],
                                  format_func=lambda a: sections.choice(page, a, approvers.get), key="in_approver")
st.caption(t("insp_scope_note"))

with con.cursor() as cur:
    reviewed = reviews.version(cur)  # a recorded review changes the statuses, and shows at once
queue = sections.queue(page, code, status, approver, data.flag_queue, reviewed)
st.subheader(queue.title)
if queue.empty:
    st.info(queue.empty)
    st.stop()
if queue.shown:
    st.caption(queue.shown)
shell.show_table(queue.table, key="in_queue")

# --- The case ------------------------------------------------------------------------------------------------
pid = st.selectbox(t("insp_pick"), queue.promotion_ids, key="in_case")
row = queue.case_row(pid)
case = sections.case(page, row, data.case_view(con, view.version, view.scope_key, pid, row["nip"], row["agency_code"],
                                               sections.approver_of(row)))
st.header(case.title)
st.subheader(t("case_reasons"))
shell.show_table(case.reasons, key="in_reasons")
left, right = st.columns(2)
with left:
    st.subheader(t("case_timeline"))
    shell.show_table(case.timeline)
with right:
    st.subheader(t("case_appraisals"))
    shell.show_table(case.appraisals)

st.subheader(t("case_cohort"))
st.caption(case.cohort_note)
if case.cohort is not None:
    shell.show_table(case.cohort, key="in_cohort")

record = case.approver
if record:
    st.subheader(record.title)
    if record.none:
        st.caption(record.none)
    else:
        st.write(record.sentence)
        shell.show_chart(record.chart)
        shell.show_table(record.years, key="in_approver_years")
        listed = st.expander(record.list_title, key="in_open_approver_list", on_change="rerun")
        if listed.open:  # drawn only while open
            shell.show_table(record.promotions, key="in_approver_list", where=listed)

# --- The review ----------------------------------------------------------------------------------------------
st.subheader(t("case_review"))
if read_only_mode():  # a replica cannot write: reviews are recorded on the writer
    st.info(t("review_replica"))
elif not case.open_codes:
    st.caption(t("case_final"))
else:
    # Recorded under the signed-in account. A save that fails keeps what was typed (the form is not cleared); a
    # saved review starts the next one empty (a new note field).
    actor = Actor.of(shell.current_user())
    st.caption(t("up_recorded_as", login=actor.login, role=t("role_" + actor.role)))
    typed = st.session_state.setdefault("in_note_n", 0)
    with st.form("in_review_form", clear_on_submit=False):
        # Choices that do not change while the form is open (every code of the case, every status a review can
        # move to): choices that followed the statuses would, when another session moved a flag meanwhile, reset to
        # their first item and save a change nobody chose. reviews.change refuses a move the current status forbids.
        flag = st.selectbox(t("case_flag"), list(case.statuses), key="in_flag",
                            format_func=lambda c: f"{c} ({t('status_' + case.statuses[c])})")
        to = st.selectbox(t("case_to"), REVIEW_TARGETS, format_func=lambda s: t("status_" + s), key="in_to",
                          index=REVIEW_TARGETS.index(next(iter(reviews.TRANSITIONS[case.statuses[flag]]),
                                                          REVIEW_TARGETS[0])))
        note = st.text_area(t("case_note"), key=f"in_note_{typed}", max_chars=2000)
        if st.form_submit_button(t("case_save"), type="primary"):
            try:
                done = reviews.change(con, view.scope, pid, flag, to, note, user=actor, lang=page.lang)
            except reviews.ReviewError as exc:
                st.error(str(exc))
            else:
                st.session_state["in_flash"] = t("case_saved", code=flag, frm=t("status_" + done.from_status),
                                                 to=t("status_" + done.to_status))
                window = snapshots.publish_soon(con)  # with replicas: this review reaches them with the next batch
                if window is not None:
                    st.session_state["in_flash"] += " " + t("case_saved_replicas", minutes=max(1, round(window / 60)))
                st.session_state["in_note_n"] = typed + 1
                st.rerun()  # the queue and the reasons above show the new status

st.subheader(t("case_history"))
history = sections.history(page, pid)
if history is None:
    st.caption(t("case_no_history"))
else:
    shell.show_table(history, key="in_history", name=t("case_history"))

# --- The case file, built when asked for ----------------------------------------------------------------------
st.subheader(t("case_file"))
st.caption(t("case_file_note"))
shell.case_file_buttons(lambda: sections.case_file(page, row, case), title=case.file_title,
                        name=f"{t('case_file')} {pid}")
