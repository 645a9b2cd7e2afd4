"""Unggah Data: pick the dataset, upload a CSV or XLSX, preview it, check it (dry run, every error listed),
then load or cancel; the batch history and undo. Loading and checking are analytics.load_file, the same
function the command line uses."""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from analytics import LOAD_ORDER, audit, list_batches, load_file, redo_batch, snapshots, undo_batch
from analytics.audit import Actor
from analytics.settings import load_settings
from ui import data, priority, shell
from ui.i18n import fmt_int
from ui.views import upload as parts

view = shell.view()
con = shell.connection()
t, lang = view.t, view.lang
ss = st.session_state
st.title(t("page_upload"))
shell.name_files(t("page_upload"))
limit_mb = min(int(st.get_option("server.maxUploadSize")), load_settings().max_file_mb)
st.write(t("up_intro"))
st.caption(t("up_limit", mb=fmt_int(limit_mb, lang)))

for kind, text in ss.pop("up_flash", []):
    getattr(st, kind)(text)


def _forget() -> None:
    """Forget the uploaded file's copy and its check."""
    parts.forget(ss.pop("up_staged", None))
    ss.pop("up_result", None)
    ss.pop("up_preview", None)


def _reset() -> None:
    """Forget the file, and show a new, empty uploader."""
    _forget()
    ss["up_nonce"] = ss.get("up_nonce", 0) + 1


def _newest_first() -> None:
    """After a load, an undo or a redo, the undo and redo choices start again at the newest batch (a choice kept
    from before would offer an older batch than the one just loaded)."""
    ss.pop("up_undo_pick", None)
    ss.pop("up_redo_pick", None)


def _publish() -> list[tuple[str, str]]:
    """With replicas ($KINERJA_SNAPSHOT_DIR): publish the new data to them, and say so (or why not)."""
    with st.spinner(t("up_publishing")):
        return parts.publish(view, con)


def _redo(user: Actor, pick: int, dataset: str) -> None:
    res = shell.with_progress("load", dataset, lambda progress: redo_batch(con, pick, user=user, lang=lang,
                                                                        progress=progress))
    _newest_first()
    if res.status == "redone":
        ss["up_flash"] = [("success", t("up_redone", id=pick, new=res.new_batch_id, ins=fmt_int(res.rows_inserted, lang),
                                        upd=fmt_int(res.rows_updated, lang)))] + _publish()
    else:
        ss["up_flash"] = [("error", res.message)]


def _undo(user: Actor, pick: int, dataset: str) -> None:
    res = shell.with_progress("undo", dataset, lambda progress: undo_batch(con, int(pick), user=user, lang=lang,
                                                                        progress=progress))
    _newest_first()
    if res.status == "undone":
        ss["up_flash"] = [("success", t("up_undone", id=pick, deleted=fmt_int(res.rows_deleted, lang),
                                        restored=fmt_int(res.rows_restored, lang)))] + _publish()
    else:
        ss["up_flash"] = [("error", res.message)]


# Every load, undo, unit map and mapping is recorded under the signed-in account, never a typed name.
user = Actor.of(shell.current_user())
st.caption(t("up_recorded_as", login=user.login, role=t("role_" + user.role)))
dataset = st.selectbox(t("up_dataset"), LOAD_ORDER, format_func=lambda d: parts.title(view, d), key="up_dataset")
with st.expander(t("up_columns", name=parts.title(view, dataset))):
    shell.show_table(parts.columns(view, dataset))
    template = parts.template(view, dataset)
    st.download_button(t("up_template"), template.content, file_name=template.file_name, mime="text/csv",
                       key="up_template")

UPLOAD_TYPES = ["csv", "txt", "tsv", "xlsx"]
shell.uploader_words(t("up_choose"), t("up_drop", mb=fmt_int(limit_mb, lang),
                                           types=", ".join(x.upper() for x in UPLOAD_TYPES)))
uploaded = st.file_uploader(t("up_file"), type=UPLOAD_TYPES, key=f"up_file_{ss.get('up_nonce', 0)}")
if uploaded is not None:
    raw = uploaded.getvalue()
    staged = ss.get("up_staged")
    sha = parts.sha256(raw)
    if staged is None or staged.sha256 != sha:
        _forget()
        staged = ss["up_staged"] = parts.stage(raw, uploaded.name, sha)
    del raw
    path = Path(staged.path)
    if ss.get("up_preview", (None, None))[0] != staged.sha256:  # read once per file, not on every rerun
        ss["up_preview"] = (staged.sha256, parts.preview(path))
    preview = ss["up_preview"][1]
    st.subheader(t("up_preview"))
    if preview is None:
        st.caption(t("up_preview_failed"))
    else:
        shell.show_table(preview)

    if st.button(t("up_check"), key="up_check", type="primary"):
        with st.spinner(t("up_checking")), priority.lowered():
            res = load_file(con, dataset, path, user=user, dry_run=True, lang=lang, file_name=staged.name)
        ss["up_result"] = (dataset, staged.sha256, lang, res)

    result = ss.get("up_result")
    # A check answers for one dataset, one file and one language (its messages); anything else: check again.
    if result and result[:3] == (dataset, staged.sha256, lang):
        res = result[3]
        checked = parts.check(view, res, staged.name)
        getattr(st, checked.kind)(checked.message)
        if checked.errors is not None:
            shell.show_table(checked.errors, key="up_errors", name=checked.errors_name)
        if checked.warnings is not None:
            st.caption(t("up_warnings"))
            shell.show_table(checked.warnings, name=t("up_warnings_name", file=Path(staged.name).stem))
        # Units of an employees export that map to no agency: assign them here (a unit-map batch), then check again.
        found = parts.units(view, con, res) if dataset == "employees" else None
        if found is not None:
            st.subheader(t("up_units"))
            st.caption(t("up_units_intro"))
            with st.form("up_units_form"):
                picks = {u.unor_id: st.selectbox(u.label, u.options, index=u.index, key=f"up_unit_{u.unor_id}",
                                                 format_func=lambda c: found.option(view, c)) for u in found.units}
                save_units = st.form_submit_button(t("up_units_save"), type="primary")
            if found.more:
                st.caption(t("up_units_more", n=fmt_int(found.more, lang)))
            if save_units:
                with st.spinner(t("up_checking")), priority.lowered():
                    kind, message, batch = parts.save_units(view, con, found, picks, user=user, file_name=staged.name)
                    if batch is not None:
                        again = load_file(con, dataset, path, user=user, dry_run=True, lang=lang,
                                          file_name=staged.name)
                        ss["up_result"] = (dataset, staged.sha256, lang, again)
                ss["up_flash"] = [(kind, message)] + (_publish() if batch is not None else [])
                st.rerun()
        # A file nobody described, refused for missing columns: map its columns once, under a name.
        step = parts.map_step(view, dataset, res, path, staged.name)
        if step is not None:
            st.subheader(t("up_map"))
            st.caption(t("up_map_intro"))
            with st.form("up_map_form"):
                picks = {c.column: st.selectbox(c.label, c.options, index=c.index, key=f"up_mapcol_{c.column}",
                                                format_func=lambda h: h or t("up_map_none")) for c in step.columns}
                name = st.text_input(t("up_map_name"), value=step.name, max_chars=60, key="up_map_name")
                save_map = st.form_submit_button(t("up_map_save"), type="primary")
            if save_map:
                kind, message, saved = parts.save_mapping(view, con, dataset, step, name, picks, user=user)
                if saved is None:
                    st.error(message)
                else:
                    with st.spinner(t("up_checking")), priority.lowered():
                        again = load_file(con, dataset, path, user=user, dry_run=True, lang=lang,
                                          file_name=staged.name)
                    ss["up_result"] = (dataset, staged.sha256, lang, again)
                    ss["up_flash"] = [(kind, message)]
                    st.rerun()
        buttons = st.container(horizontal=True)
        load = buttons.button(t("up_load"), key="up_load", type="primary", disabled=res.status != "valid")
        buttons.button(t("up_cancel"), key="up_cancel", on_click=_reset)
        if load:
            st.caption(t("up_loading"))
            done = shell.with_progress("load", dataset, lambda progress: load_file(
                con, dataset, path, user=user, lang=lang, file_name=staged.name, progress=progress))
            if done.status == "loaded":
                ss["up_flash"] = [("success", t("up_loaded", id=done.batch_id, ins=fmt_int(done.rows_inserted, lang),
                                                upd=fmt_int(done.rows_updated, lang),
                                                same=fmt_int(done.rows_unchanged, lang)))] + _publish()
                _reset()
                _newest_first()
                st.rerun()
            elif done.status == "unchanged":
                st.info(done.message)
            else:
                ss["up_result"] = (dataset, staged.sha256, lang, done)
                st.rerun()

# --- Batch history and undo ----------------------------------------------------------------------------
st.subheader(t("up_history"))
batch_rows = list_batches(con)
history = parts.batches(view, batch_rows)
dataset_of = dict(zip(batch_rows["batch_id"].astype(int), batch_rows["dataset"]))
if history.table is None:
    st.caption(t("up_none"))
else:
    shell.show_table(history.table, key="up_batches")
    if history.undoable:
        st.subheader(t("up_undo"))
        pick = st.selectbox(t("up_undo_pick"), list(history.undoable), format_func=history.undoable.get,
                            key="up_undo_pick")
        # What the undo would do, in words, before the confirmation; the confirmation belongs to the batch picked.
        plan = data.undo_plan(con, view.version, int(pick), lang)
        (st.warning if plan.refusal else st.info)(parts.undo_text(view, plan))
        sure = st.checkbox(t("up_undo_confirm"), key=f"up_undo_confirm_{pick}", disabled=bool(plan.refusal))
        st.button(t("up_undo_button"), key="up_undo", disabled=not sure or bool(plan.refusal), on_click=_undo,
                  args=(user, int(pick), dataset_of.get(int(pick), "")))
    if history.redoable:
        st.subheader(t("up_redo"))
        st.caption(t("up_redo_note"))
        again = st.selectbox(t("up_redo_pick"), list(history.redoable), format_func=history.redoable.get,
                             key="up_redo_pick")
        st.button(t("up_redo_button"), key="up_redo", on_click=_redo,
                  args=(user, int(again), dataset_of.get(int(again), "")))

saved_maps = parts.saved_mappings(view, con)
if saved_maps is not None:
    with st.expander(t("up_mappings")):
        shell.show_table(saved_maps, key="up_mappings")

# --- Replicas: publish now ------------------------------------------------------------------------------------
# Loads and undos publish by themselves; reviews and account changes reach the replicas with the next copy,
# which this button makes at once (the command line cannot open the database while this app holds it).
if snapshots.snapshot_dir():
    st.subheader(t("up_replicas"))
    st.caption(t("up_replicas_note", folder=snapshots.snapshot_dir()))
    if st.button(t("up_publish_now"), key="up_publish_now"):
        audit.record(con, user, "snapshot", str(snapshots.snapshot_dir()))
        ss["up_flash"] = _publish()
        st.rerun()
