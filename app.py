"""Pantau Kinerja: the entry point. It finds out who is reading (an account, single sign-on or the public),
builds the navigation of that role, the language switch and the shared filters, then runs the page the
reader chose. Pages live in pages/ and read the View built here; a page outside the role's navigation is
never run (Streamlit falls back to the role's first page, and the page itself checks again)."""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from ui import access, prewarm, shell
from ui.i18n import t

# The favicon is a file of the app: nothing is fetched from the internet (the app runs on machines without it).
st.set_page_config(page_title="Pantau Kinerja", page_icon=str(Path(__file__).parent / "ui" / "static" / "favicon.png"),
                   layout="wide")

shell.check_settings()
if shell.read_only_mode():
    shell.pin_snapshot()  # a replica reads one snapshot for the whole run
con = shell.connection()
lang = shell.start(con)
prewarm.start()  # the background replay of the reads pages record (ui/warm.py): one thread per process
access.start_relay(con)  # a writer with KINERJA_AUTH_LISTEN answers the replicas' password sign-ins
user = shell.current_user()
allowed = access.pages_of(user.role)
signed_in = user.role != "public"

# The URL paths differ from the file names on purpose: until st.navigation first runs in a server process,
# Streamlit discovers pages/ by itself, and a file-name path would then run the page without this script
# (see shell.view). The first page of the role is its default: the overview, or for the public the
# transparency page.
SPECS = {  # key (= URL path): file, title, icon
    "ringkasan": ("pages/overview.py", "page_overview", ":material/dashboard:"),
    "kinerja": ("pages/appraisals.py", "page_appraisals", ":material/star_half:"),
    "pengaduan": ("pages/complaints.py", "page_complaints", ":material/support_agent:"),
    "keadilan": ("pages/fairness.py", "page_fairness", ":material/balance:"),
    "pemeriksaan": ("pages/inspect.py", "page_inspect", ":material/policy:"),
    "unggah": ("pages/upload.py", "page_upload", ":material/upload_file:"),
    "jejak-audit": ("pages/audit.py", "page_audit", ":material/history:"),
    "transparansi": ("pages/public.py", "page_public", ":material/public:"),
    "metodologi": ("pages/methodology.py", "page_methodology", ":material/menu_book:"),
    "masuk": ("pages/login.py", "page_login", ":material/login:"),
}
GROUPS = [("nav_dashboards", ["ringkasan", "kinerja", "pengaduan", "keadilan"]),
          ("nav_inspectors", ["pemeriksaan"]), ("nav_data", ["unggah", "jejak-audit"]),
          ("nav_public", ["transparansi", "metodologi"]), ("nav_account", ["masuk"])]
FILTERED_PAGES = {"ringkasan", "kinerja", "pengaduan", "keadilan", "pemeriksaan", "transparansi"}
first = "ringkasan" if "ringkasan" in allowed else "transparansi"
# Every page is registered, those outside the role's navigation hidden: an address of one of them (a deep link, a
# bookmark) then finds its page instead of Streamlit's "Page not found" dialog, and is sent to the role's first
# page before anything of it runs.
# (Signed in, the sign-in page is not registered at all: Streamlit then runs the first page in its place.)
shown = {key for key in SPECS if key in allowed and not (signed_in and key == "masuk")}
pages = {key: st.Page(path, title=t(title, lang), icon=icon, url_path=key, default=key == first,
                      help=t("help_" + title.removeprefix("page_"), lang),
                      visibility="visible" if key in shown else "hidden")
         for key, (path, title, icon) in SPECS.items() if not (signed_in and key == "masuk")}
page = st.navigation({t(group, lang): [pages[k] for k in keys if k in pages] for group, keys in GROUPS
                      if any(k in shown for k in keys)} | {"": [pages[k] for _, keys in GROUPS for k in keys
                                                              if k in pages and not any(x in shown for x in keys)]})
key = next(k for k, p in pages.items() if p is page)
if key not in shown:
    st.session_state["_page_ok"] = False
    st.switch_page(pages[first])
st.session_state["_page_ok"] = key in allowed
shell.build_view(con, show_filters=key in FILTERED_PAGES)
shell.account_box(user)
shell.replica_note()
shell.house_style()
page.run()
shell.settle_heap(key)
