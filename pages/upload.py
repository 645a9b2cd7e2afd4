"""Unggah Data: pick the dataset, upload a CSV or XLSX, preview it, check it (dry run, every error listed),
then load or cancel; the batch history and undo. Loading and checking are analytics.load_file, the same
function the command line uses."""
from __future__ import annotations

import hashlib
import io
import shutil
import tempfile
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from analytics import DATASETS, LOAD_ORDER, list_batches, load_file, snapshots, undo_batch
from analytics.export import to_csv
from analytics.settings import load_settings
from ui import priority, shell
from ui.i18n import fmt_datetime, fmt_int, fmt_num
from ui.tables import localize

v = shell.view()
con = shell.connection()
L = v.lang
ss = st.session_state
st.title(v.t("page_upload"))
settings = load_settings()
limit_mb = min(int(st.get_option("server.maxUploadSize")), settings.max_file_mb)
st.write(v.t("up_intro"))
st.caption(v.t("up_limit", mb=fmt_int(limit_mb, L)))

for kind, text in ss.pop("up_flash", []):
    getattr(st, kind)(text)


def _title(name: str) -> str:
    ds = DATASETS[name]
    return ds.title(L)


def _column_docs(name: str) -> pd.DataFrame:
    rows = []
    for c in DATASETS[name].columns:
        rule = c.description_id if L == "id" else c.description_en
        if c.enum:
            rule = v.t("allowed", values=", ".join(c.enum))
        rows.append({v.t("col_column"): c.name, v.t("col_header_id"): c.header_id or c.name,
                     v.t("col_type"): v.t("ctype_" + c.kind), v.t("col_required"): v.t("yes" if c.required else "no"),
                     v.t("col_rule"): rule})
    return pd.DataFrame(rows)


def _template(name: str) -> bytes:
    cols = [(c.header_id or c.name) if L == "id" else c.name for c in DATASETS[name].columns]
    return (",".join(cols) + "\n").encode("utf-8")


def _forget() -> None:
    """Forget the uploaded file's copy and its check."""
    folder = ss.pop("up_dir", None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
    for k in ("up_sha", "up_path", "up_name", "up_result"):
        ss.pop(k, None)


def _reset() -> None:
    """Forget the file, and show a new, empty uploader."""
    _forget()
    ss["up_nonce"] = ss.get("up_nonce", 0) + 1


def _publish() -> list[tuple[str, str]]:
    """With replicas ($KINERJA_SNAPSHOT_DIR): publish the new data to them, and say so (or why not)."""
    try:
        with st.spinner(v.t("up_publishing")):
            published = snapshots.publish_if_configured(con)
    except (OSError, duckdb.Error) as exc:
        return [("error", v.t("up_publish_failed", error=str(exc).splitlines()[0][:300]))]
    if published is None:
        return []
    return [("info", v.t("up_published", file=published.path.name, seconds=fmt_num(published.seconds, L)))]


def _undo(user: str, pick: int) -> None:
    with priority.lowered():
        res = undo_batch(con, int(pick), user=user, lang=L)
    if res.status == "undone":
        ss["up_flash"] = [("success", v.t("up_undone", id=pick, deleted=fmt_int(res.rows_deleted, L),
                                          restored=fmt_int(res.rows_restored, L)))] + _publish()
    else:
        ss["up_flash"] = [("error", res.message)]


def _preview(path: Path) -> pd.DataFrame | None:
    try:
        if path.suffix.lower() == ".xlsx":
            return pd.read_excel(path, nrows=20, dtype=str).fillna("")
        with path.open("rb") as f:
            head = f.read(256 * 1024)
        head = head[: head.rfind(b"\n") + 1] or head  # never cut a UTF-8 character in half
        try:
            text = head.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = head.decode("cp1252")
        lines = text.splitlines()[:21]
        return pd.read_csv(io.StringIO("\n".join(lines)), sep=None, engine="python", dtype=str,
                           keep_default_na=False)
    except Exception:  # any unreadable file: the check explains it properly
        return None


user = st.text_input(v.t("up_user"), key="up_user", max_chars=80, persist_state="session")
dataset = st.selectbox(v.t("up_dataset"), LOAD_ORDER, format_func=_title, key="up_dataset")
with st.expander(v.t("up_columns", name=_title(dataset))):
    st.dataframe(_column_docs(dataset), hide_index=True)
    st.download_button(v.t("up_template"), _template(dataset), file_name=f"templat_{DATASETS[dataset].name_id}.csv"
                       if L == "id" else f"template_{dataset}.csv", mime="text/csv", key="up_template")

uploaded = st.file_uploader(v.t("up_file"), type=["csv", "txt", "tsv", "xlsx"], key=f"up_file_{ss.get('up_nonce', 0)}")
if uploaded is not None:
    raw = uploaded.getvalue()
    sha = hashlib.sha256(raw).hexdigest()
    if ss.get("up_sha") != sha:
        _forget()
        folder = Path(tempfile.mkdtemp(prefix="kinerja_upload_"))
        path = folder / Path(uploaded.name).name
        path.write_bytes(raw)
        ss.update(up_dir=str(folder), up_sha=sha, up_path=str(path), up_name=uploaded.name)
    del raw
    path = Path(ss["up_path"])
    preview = _preview(path)
    st.subheader(v.t("up_preview"))
    if preview is None:
        st.caption(v.t("up_preview_failed"))
    else:
        st.dataframe(preview, hide_index=True)

    if st.button(v.t("up_check"), key="up_check", type="primary"):
        with st.spinner(v.t("up_checking")), priority.lowered():
            res = load_file(con, dataset, path, user=user or "?", dry_run=True, lang=L, file_name=ss["up_name"])
        ss["up_result"] = (dataset, ss["up_sha"], L, res)

    result = ss.get("up_result")
    # A check answers for one dataset, one file and one language (its messages); anything else: check again.
    if result and result[:3] == (dataset, ss["up_sha"], L):
        res = result[3]
        if res.status == "valid":
            st.success(v.t("up_valid", rows=fmt_int(res.rows_in_file, L), ins=fmt_int(res.rows_inserted, L),
                           upd=fmt_int(res.rows_updated, L), same=fmt_int(res.rows_unchanged, L)))
        elif res.status == "unchanged":
            st.info(res.message)
        else:
            st.error(v.t("up_rejected", n=fmt_int(res.error_count, L)))
            errors = pd.DataFrame([{v.t("col_row"): e.row, v.t("col_column"): e.column, v.t("col_value"): e.value,
                                    v.t("col_message"): e.message} for e in res.errors])
            st.dataframe(errors, hide_index=True, key="up_errors")
            st.download_button(v.t("up_errors_csv"), to_csv(errors), file_name=f"kesalahan_{ss['up_name']}.csv"
                               if L == "id" else f"errors_{ss['up_name']}.csv", mime="text/csv", key="up_errors_csv")
        if res.warnings:
            st.caption(v.t("up_warnings"))
            st.dataframe(pd.DataFrame([{v.t("col_row"): w.row, v.t("col_column"): w.column,
                                        v.t("col_message"): w.message} for w in res.warnings]), hide_index=True)
        row = st.container(horizontal=True)
        load = row.button(v.t("up_load"), key="up_load", type="primary", disabled=res.status != "valid")
        row.button(v.t("up_cancel"), key="up_cancel", on_click=_reset)
        if load:
            if not user.strip():
                st.warning(v.t("up_user_needed"))
            else:
                with st.spinner(v.t("up_loading")), priority.lowered():
                    done = load_file(con, dataset, path, user=user.strip(), lang=L, file_name=ss["up_name"])
                if done.status == "loaded":
                    ss["up_flash"] = [("success", v.t("up_loaded", id=done.batch_id, ins=fmt_int(done.rows_inserted, L),
                                                      upd=fmt_int(done.rows_updated, L),
                                                      same=fmt_int(done.rows_unchanged, L)))] + _publish()
                    _reset()
                    st.rerun()
                elif done.status == "unchanged":
                    st.info(done.message)
                else:
                    ss["up_result"] = (dataset, ss["up_sha"], L, done)
                    st.rerun()

# --- Batch history and undo ----------------------------------------------------------------------------
st.subheader(v.t("up_history"))
batches = list_batches(con)
if batches.empty:
    st.caption(v.t("up_none"))
else:
    st.dataframe(localize(pd.DataFrame({
        v.t("col_batch"): batches["batch_id"].astype(str), v.t("col_dataset"): [_title(d) for d in batches["dataset"]],
        v.t("col_file"): batches["file_name"], v.t("col_user"): batches["user_name"],
        v.t("col_when"): [fmt_datetime(pd.Timestamp(x).to_pydatetime(), L) for x in batches["loaded_at"]],
        v.t("col_rows"): batches["rows_in_file"], v.t("col_inserted"): batches["rows_inserted"],
        v.t("col_updated"): batches["rows_updated"], v.t("col_status"): [v.t("status_" + s) for s in batches["status"]],
    }), lang=L), hide_index=True, key="up_batches")
    loaded = batches[batches["status"] == "loaded"]
    if not loaded.empty:
        st.subheader(v.t("up_undo"))
        labels = {int(b.batch_id): f"{b.batch_id} · {_title(b.dataset)} · {b.file_name}" for b in loaded.itertuples()}
        pick = st.selectbox(v.t("up_undo_pick"), list(labels), format_func=labels.get, key="up_undo_pick")
        # The confirmation belongs to the batch picked: picking another one asks again.
        sure = st.checkbox(v.t("up_undo_confirm"), key=f"up_undo_confirm_{pick}")
        if sure and not user.strip():
            st.warning(v.t("up_user_needed"))
        st.button(v.t("up_undo_button"), key="up_undo", disabled=not (sure and user.strip()), on_click=_undo,
                  args=(user.strip(), int(pick)))

# --- Replicas: publish now ------------------------------------------------------------------------------------
# Loads and undos publish by themselves; reviews and account changes reach the replicas with the next copy,
# which this button makes at once (the command line cannot open the database while this app holds it).
if snapshots.snapshot_dir():
    st.subheader(v.t("up_replicas"))
    st.caption(v.t("up_replicas_note", folder=snapshots.snapshot_dir()))
    if st.button(v.t("up_publish_now"), key="up_publish_now"):
        ss["up_flash"] = _publish()
        st.rerun()
