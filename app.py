"""Pantau Kinerja: the entry point.

For now it proves the data pipeline: it opens the store (building the demo database on first start
when none exists) and shows how many rows each dataset holds. The app shell replaces this page with
the navigation of every audience.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from analytics import Filters, Scope, connect, dataset_counts, list_batches
from analytics.datasets import DATASETS
from analytics.settings import db_path

st.set_page_config(page_title="Pantau Kinerja", page_icon="📊", layout="wide")

TEXT = {
    "id": {
        "title": "Pantau Kinerja",
        "subtitle": "Kinerja ASN: penilaian, pengaduan dan kenaikan pangkat",
        "building": "Membangun basis data demo untuk pertama kali…",
        "db": "Basis data",
        "counts": "Jumlah baris per dataset",
        "dataset": "Dataset",
        "rows": "Baris",
        "sentence": "Basis data memuat {parts}.",
        "last": "Pemuatan terakhir: batch {id}, {dataset}, berkas {file}, oleh {user} pada {when}.",
        "none": "Belum ada data yang dimuat.",
        "lang": "Bahasa",
    },
    "en": {
        "title": "Pantau Kinerja",
        "subtitle": "Civil-servant performance: appraisals, complaints and promotions",
        "building": "Building the demo database for the first time…",
        "db": "Database",
        "counts": "Rows per dataset",
        "dataset": "Dataset",
        "rows": "Rows",
        "sentence": "The database holds {parts}.",
        "last": "Last load: batch {id}, {dataset}, file {file}, by {user} at {when}.",
        "none": "No data has been loaded yet.",
        "lang": "Language",
    },
}


@st.cache_resource(show_spinner=False, max_entries=4)
def get_connection(path: Path):
    """One connection per database file and process; the demo database is built on first start."""
    if not path.exists():
        from analytics.demo_build import build_demo

        con = connect(path)
        results = build_demo(con, employees=2000, seed=42)
        rejected = [r for r in results if r.status == "rejected"]
        if rejected:
            raise RuntimeError(f"demo data rejected: {rejected[0].dataset}: {rejected[0].errors[:3]}")
        return con
    return connect(path)


lang = st.sidebar.radio("Bahasa / Language", ["id", "en"], format_func=lambda v: {"id": "Indonesia",
                                                                               "en": "English"}[v],
                        horizontal=True, key="lang")
T = TEXT[lang]
st.title(T["title"])
st.caption(T["subtitle"])

with st.spinner(T["building"]):
    con = get_connection(db_path())

counts = dataset_counts(con.cursor(), Scope.unrestricted(), Filters())
titles = {name: (ds.title_id if lang == "id" else ds.title_en) for name, ds in DATASETS.items()}
table = pd.DataFrame({
    T["dataset"]: [titles[d] for d in counts["dataset"]],
    T["rows"]: counts["rows"].astype(int),
})


def _n(v: int) -> str:
    s = f"{v:,}"
    return s.replace(",", ".") if lang == "id" else s


st.subheader(T["counts"])
st.dataframe(table, hide_index=True, column_config={T["rows"]: st.column_config.NumberColumn(format="localized")})
st.write(T["sentence"].format(parts=", ".join(f"{_n(int(r))} {titles[d].lower()}" for d, r in
                                               zip(counts["dataset"], counts["rows"]))))

batches = list_batches(con)
loaded = batches[batches["status"] == "loaded"]
if loaded.empty:
    st.info(T["none"])
else:
    b = loaded.iloc[0]
    st.caption(T["last"].format(id=b.batch_id, dataset=titles[b.dataset], file=b.file_name, user=b.user_name,
                                when=pd.Timestamp(b.loaded_at).strftime("%d-%m-%Y %H:%M")))
st.caption(f"{T['db']}: `{db_path()}`")
