"""Pantau Kinerja: the entry point. It builds the navigation, the language switch and the shared
filters, then runs the page the reader chose. Pages live in pages/ and read the View built here."""
from __future__ import annotations

import streamlit as st

from ui import shell
from ui.i18n import t

st.set_page_config(page_title="Pantau Kinerja", page_icon=":material/monitoring:", layout="wide")

con = shell.connection()
lang = shell.start(con)

# Pages grouped by audience; a page that is not built yet is absent, not a placeholder. The URL paths differ
# from the file names on purpose: until st.navigation first runs in a server process, Streamlit discovers
# pages/ by itself, and a file-name path would then run the page without this script (see shell.view).
overview = st.Page("pages/overview.py", title=t("page_overview", lang), icon=":material/dashboard:",
                   url_path="ringkasan", default=True, help=t("help_overview", lang))
appraisals = st.Page("pages/appraisals.py", title=t("page_appraisals", lang), icon=":material/star_half:",
                     url_path="kinerja", help=t("help_appraisals", lang))
complaints = st.Page("pages/complaints.py", title=t("page_complaints", lang), icon=":material/support_agent:",
                     url_path="pengaduan", help=t("help_complaints", lang))
inspect = st.Page("pages/inspect.py", title=t("page_inspect", lang), icon=":material/policy:",
                  url_path="pemeriksaan", help=t("help_inspect", lang))
fairness = st.Page("pages/fairness.py", title=t("page_fairness", lang), icon=":material/balance:",
                   url_path="keadilan", help=t("help_fairness", lang))
upload = st.Page("pages/upload.py", title=t("page_upload", lang), icon=":material/upload_file:",
                 url_path="unggah", help=t("help_upload", lang))
FILTERED_PAGES = {overview.url_path, appraisals.url_path, complaints.url_path, fairness.url_path,
                  inspect.url_path}

page = st.navigation({t("nav_dashboards", lang): [overview, appraisals, complaints, fairness],
                      t("nav_inspectors", lang): [inspect], t("nav_data", lang): [upload]})
shell.build_view(con, show_filters=page.url_path in FILTERED_PAGES)
page.run()
