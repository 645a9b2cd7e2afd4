"""Jejak audit: every write (loads, undos, reviews, mappings, accounts, snapshots) with the account that made it,
for admins; inspectors see the reviews of the promotions in their regions. Filter by action, account and dates;
download the rows as CSV or XLSX."""
from __future__ import annotations

import streamlit as st

from ui import shell
from ui.views import audit as parts

view = shell.view()
con = shell.connection()
t = view.t
role = shell.current_user().role
st.title(t("page_audit"))
st.caption(t("audit_intro"))
choices = ("", *parts.actions(role))
cols = st.columns(4)
action = cols[0].selectbox(t("audit_action"), choices, key="au_action",
                           format_func=lambda a: t("audit_action_" + a) if a else t("audit_all"))
login = cols[1].text_input(t("audit_account"), key="au_login", max_chars=64)
start = cols[2].date_input(t("audit_from"), value=None, key="au_from", format="DD/MM/YYYY")
end = cols[3].date_input(t("audit_to"), value=None, key="au_to", format="DD/MM/YYYY")
found = parts.log(view, con, role, action=action or None, login=login.strip(), start=start, end=end)
if found.table is None:
    st.info(t("audit_none"))
else:
    st.caption(t("audit_count", n=found.count))
    shell.name_files(*found.file_parts[:1], *found.file_parts[2:])
    shell.show_table(found.table, key="au_table", name=found.file_parts[1])
