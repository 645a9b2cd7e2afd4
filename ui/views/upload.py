"""Unggah Data's parts: what each dataset's columns must hold (and an empty template), the first rows of an
uploaded file, the check's answer (errors and warnings as tables, with the row, column, value and rule), and
the batches loaded with the choices for undo."""
from __future__ import annotations

import hashlib
import io
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from analytics import DATASETS, snapshots
from analytics.export import to_csv
from analytics.loader import LoadResult
from ui.context import View
from ui.i18n import fmt_datetime, fmt_int, fmt_num
from ui.tables import localize

PREVIEW_ROWS = 20
PREVIEW_BYTES = 256 * 1024


def title(view: View, dataset: str) -> str:
    return DATASETS[dataset].title(view.lang)


def columns(view: View, dataset: str) -> pd.DataFrame:
    """The dataset's columns: name, Indonesian header, type, required, and the rule in words."""
    t = view.t
    rows = []
    for c in DATASETS[dataset].columns:
        rule = c.description_id if view.lang == "id" else c.description_en
        if c.enum:
            rule = t("allowed", values=", ".join(c.enum))
        rows.append({t("col_column"): c.name, t("col_header_id"): c.header_id or c.name,
                     t("col_type"): t("ctype_" + c.kind), t("col_required"): t("yes" if c.required else "no"),
                     t("col_rule"): rule})
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class Template:
    file_name: str
    content: bytes


def template(view: View, dataset: str) -> Template:
    """An empty file with the dataset's header row, in the reader's language."""
    ds = DATASETS[dataset]
    cols = [(c.header_id or c.name) if view.lang == "id" else c.name for c in ds.columns]
    name = f"templat_{ds.name_id}.csv" if view.lang == "id" else f"template_{dataset}.csv"
    return Template(name, (",".join(cols) + "\n").encode("utf-8"))


@dataclass(frozen=True)
class Staged:
    """An uploaded file copied to a folder of its own (removed by `forget`), under its sha256."""
    folder: str
    path: str
    sha256: str
    name: str


def stage(raw: bytes, name: str) -> Staged:
    sha = hashlib.sha256(raw).hexdigest()
    folder = Path(tempfile.mkdtemp(prefix="kinerja_upload_"))
    path = folder / Path(name).name
    path.write_bytes(raw)
    return Staged(str(folder), str(path), sha, name)


def sha256(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def forget(staged: Staged | None) -> None:
    if staged:
        shutil.rmtree(staged.folder, ignore_errors=True)


def preview(path: Path) -> pd.DataFrame | None:
    """The first rows of a file as text, None when it cannot be read (the check then explains why)."""
    try:
        if path.suffix.lower() == ".xlsx":
            return pd.read_excel(path, nrows=PREVIEW_ROWS, dtype=str).fillna("")
        with path.open("rb") as f:
            head = f.read(PREVIEW_BYTES)
        head = head[: head.rfind(b"\n") + 1] or head  # never cut a UTF-8 character in half
        try:
            text = head.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = head.decode("cp1252")
        lines = text.splitlines()[:PREVIEW_ROWS + 1]
        return pd.read_csv(io.StringIO("\n".join(lines)), sep=None, engine="python", dtype=str,
                           keep_default_na=False)
    except Exception:  # any unreadable file: the check explains it properly
        return None


@dataclass(frozen=True)
class Check:
    """A check's (or a refused load's) answer: a message of `kind` (success, info, error), the errors with their
    CSV, and the warnings."""
    kind: str
    message: str
    errors: pd.DataFrame | None
    errors_csv: bytes | None
    errors_file: str | None
    warnings: pd.DataFrame | None


def check(view: View, res: LoadResult, file_name: str) -> Check:
    lang, t = view.lang, view.t
    errors = errors_csv = errors_file = warnings = None
    if res.status == "valid":
        kind, message = "success", t("up_valid", rows=fmt_int(res.rows_in_file, lang), ins=fmt_int(res.rows_inserted, lang),
                                     upd=fmt_int(res.rows_updated, lang), same=fmt_int(res.rows_unchanged, lang))
    elif res.status == "unchanged":
        kind, message = "info", res.message
    else:
        kind, message = "error", t("up_rejected", n=fmt_int(res.error_count, lang))
        errors = pd.DataFrame([{t("col_row"): e.row, t("col_column"): e.column, t("col_value"): e.value,
                                t("col_message"): e.message} for e in res.errors])
        errors_csv = to_csv(errors)
        stem = Path(file_name).stem
        errors_file = f"kesalahan_{stem}.csv" if lang == "id" else f"errors_{stem}.csv"
    if res.warnings:
        warnings = pd.DataFrame([{t("col_row"): w.row, t("col_column"): w.column, t("col_message"): w.message}
                                 for w in res.warnings])
    return Check(kind, message, errors, errors_csv, errors_file, warnings)


@dataclass(frozen=True)
class Batches:
    table: pd.DataFrame | None      # None: nothing loaded yet
    undoable: dict[int, str]        # batch id -> "id · dataset · file", of the batches still loaded


def batches(view: View, rows: pd.DataFrame) -> Batches:
    """The batches (analytics.list_batches), newest first, and those that can be undone."""
    lang, t = view.lang, view.t
    if rows.empty:
        return Batches(None, {})
    table = localize(pd.DataFrame({
        t("col_batch"): rows["batch_id"].astype(str), t("col_dataset"): [title(view, d) for d in rows["dataset"]],
        t("col_file"): rows["file_name"], t("col_user"): rows["user_name"],
        t("col_when"): [fmt_datetime(pd.Timestamp(x).to_pydatetime(), lang) for x in rows["loaded_at"]],
        t("col_rows"): rows["rows_in_file"], t("col_inserted"): rows["rows_inserted"],
        t("col_updated"): rows["rows_updated"], t("col_status"): [t("status_" + s) for s in rows["status"]],
    }), lang=lang)
    loaded = rows[rows["status"] == "loaded"]
    return Batches(table, {int(b.batch_id): f"{b.batch_id} · {title(view, b.dataset)} · {b.file_name}"
                           for b in loaded.itertuples()})


def publish(view: View, con) -> list[tuple[str, str]]:
    """With replicas ($KINERJA_SNAPSHOT_DIR): publish the new data to them; what to say (kind, text), nothing
    without replicas."""
    try:
        published = snapshots.publish_if_configured(con)
    except (OSError, duckdb.Error) as exc:
        return [("error", view.t("up_publish_failed", error=str(exc).splitlines()[0][:300]))]
    if published is None:
        return []
    return [("info", view.t("up_published", file=published.path.name, seconds=fmt_num(published.seconds, view.lang)))]
