"""Unggah Data's parts: what each dataset's columns must hold (and an empty template), the first rows of an
uploaded file, the check's answer (errors and warnings as tables, with the row, column, value and rule), and
the batches loaded with the choices for undo."""
from __future__ import annotations

import csv
import hashlib
import io
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from analytics import DATASETS, mappings, reading, snapshots
from analytics.catalogue import rule_message
from analytics.datasets import EXAMPLES, dataset_title, norm_header
from analytics.exports import suggest_agencies, unit_map_csv
from analytics.loader import LoadResult, load_file
from ui.context import View
from ui.i18n import fmt_datetime, fmt_int, fmt_num

PREVIEW_ROWS = 20


def title(view: View, dataset: str) -> str:
    return dataset_title(dataset, view.lang)


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
    """The dataset's header row, in the reader's language, and one example row (datasets.EXAMPLES) to overwrite."""
    ds = DATASETS[dataset]
    cols = [(c.header_id or c.name) if view.lang == "id" else c.name for c in ds.columns]
    name = f"templat_{ds.name_id}.csv" if view.lang == "id" else f"template_{dataset}.csv"
    example = EXAMPLES[dataset]
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(cols)
    writer.writerow([example.get(c.name, "") for c in ds.columns])
    return Template(name, buf.getvalue().encode("utf-8"))


@dataclass(frozen=True)
class Staged:
    """An uploaded file copied to a folder of its own (removed by `forget`), under its sha256."""
    folder: str
    path: str
    sha256: str
    name: str


# Uploaded files wait here between the check and the load; a session that ends without loading or cancelling
# leaves its copy, which the next upload of any session removes once it is STALE_HOURS old.
UPLOADS = Path(tempfile.gettempdir()) / "kinerja_uploads"
STALE_HOURS = 6


def sweep(now: float | None = None) -> int:
    """Remove staged uploads older than STALE_HOURS; how many."""
    now = time.time() if now is None else now
    removed = 0
    for folder in UPLOADS.glob("*"):
        try:
            if now - folder.stat().st_mtime > STALE_HOURS * 3600:
                shutil.rmtree(folder, ignore_errors=True)
                removed += 1
        except OSError:
            continue
    return removed


def stage(raw: bytes, name: str, sha: str | None = None) -> Staged:
    """Copy an uploaded file to a folder of its own under a fixed name (the name the browser sent can be anything,
    a few hundred bytes long or made of path parts; it is kept only to be shown and recorded), and sweep the stale
    folders of sessions gone."""
    sweep()
    UPLOADS.mkdir(parents=True, exist_ok=True)
    sha = sha or sha256(raw)
    folder = Path(tempfile.mkdtemp(prefix="upload_", dir=UPLOADS))
    suffix = Path(name).suffix.lower()
    path = folder / ("upload" + (suffix if suffix in (".csv", ".txt", ".tsv", ".xlsx") else ".csv"))
    path.write_bytes(raw)
    return Staged(str(folder), str(path), sha, name[-200:])


def sha256(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def forget(staged: Staged | None) -> None:
    if staged:
        shutil.rmtree(staged.folder, ignore_errors=True)


def preview(path: Path) -> pd.DataFrame | None:
    """The first rows of a file as text, read within the loader's bounds (analytics.reading.preview), without its
    personal-data columns (reading.personal: the page shows no more of them than the database keeps); None when it
    cannot be read (the check then explains why)."""
    rows = reading.preview(path, PREVIEW_ROWS)
    if not rows:
        return None
    keep = [i for i, h in enumerate(rows[0]) if not reading.personal(h)]
    rows = [[r[i] for i in keep if i < len(r)] + r[len(rows[0]):] for r in rows]
    header, body = rows[0], rows[1:]
    width = max(len(r) for r in rows)
    names = [h or f"({i + 1})" for i, h in enumerate(header + [""] * (width - len(header)))]
    # Header cells repeated or empty still show: columns are numbered where they would clash.
    seen: dict[str, int] = {}
    for i, n in enumerate(names):
        seen[n] = seen.get(n, 0) + 1
        if seen[n] > 1:
            names[i] = f"{n} ({seen[n]})"
    return pd.DataFrame([r + [""] * (width - len(r)) for r in body], columns=names)


@dataclass(frozen=True)
class Check:
    """A check's (or a refused load's) answer: a message of `kind` (success, info, error), the errors (and what
    their files are called: "kesalahan pegawai" for pegawai.csv), and the warnings."""
    kind: str
    message: str
    errors: pd.DataFrame | None
    errors_name: str | None
    warnings: pd.DataFrame | None


def check(view: View, res: LoadResult, file_name: str) -> Check:
    lang, t = view.lang, view.t
    errors = errors_name = warnings = None
    if res.status == "valid":
        kind, message = "success", t("up_valid", rows=fmt_int(res.rows_in_file, lang), ins=fmt_int(res.rows_inserted, lang),
                                     upd=fmt_int(res.rows_updated, lang), same=fmt_int(res.rows_unchanged, lang))
    elif res.status == "unchanged":
        kind, message = "info", res.message
    else:
        kind, message = "error", t("up_rejected", n=fmt_int(res.error_count, lang))
        errors = pd.DataFrame([{t("col_row"): e.row, t("col_column"): e.column, t("col_value"): e.value,
                                t("col_message"): e.message} for e in res.errors])
        errors[t("col_row")] = errors[t("col_row")].astype("Int64")  # line numbers, not 5,0
        errors_name = t("up_errors_name", file=Path(file_name).stem)
    if res.warnings:
        warnings = pd.DataFrame([{t("col_row"): w.row, t("col_column"): w.column, t("col_message"): w.message}
                                 for w in res.warnings])
        warnings[t("col_row")] = warnings[t("col_row")].astype("Int64")
    return Check(kind, message, errors, errors_name, warnings)


@dataclass(frozen=True)
class Batches:
    table: pd.DataFrame | None      # None: nothing loaded yet
    undoable: dict[int, str]        # batch id -> "id · dataset · file", of the batches still loaded
    redoable: dict[int, str]        # the same, of the batches undone (loader.redo_batch says whether it may)


def batches(view: View, rows: pd.DataFrame) -> Batches:
    """The batches (analytics.list_batches), newest first, and those that can be undone."""
    lang, t = view.lang, view.t
    if rows.empty:
        return Batches(None, {}, {})
    table = pd.DataFrame({
        t("col_batch"): rows["batch_id"].astype(str), t("col_dataset"): [title(view, d) for d in rows["dataset"]],
        t("col_file"): rows["file_name"], t("col_user"): rows["user_name"],
        t("col_when"): [fmt_datetime(pd.Timestamp(x).to_pydatetime(), lang) for x in rows["loaded_at"]],
        t("col_rows"): rows["rows_in_file"], t("col_inserted"): rows["rows_inserted"],
        t("col_updated"): rows["rows_updated"], t("col_status"): [t("status_" + s) for s in rows["status"]],
    })
    def named(status: str) -> dict[int, str]:
        return {int(b.batch_id): f"{b.batch_id} · {title(view, b.dataset)} · {b.file_name}"
                for b in rows[rows["status"] == status].itertuples() if b.dataset in DATASETS}
    return Batches(table, named("loaded"), named("undone"))


def undo_text(view: View, plan) -> str:
    """What undoing a batch would do, in words (loader.UndoPlan), or why it cannot be undone."""
    if plan.refusal:
        return plan.refusal
    return view.t("up_undo_plan", id=plan.batch_id, dataset=title(view, plan.dataset), file=plan.file_name,
                  when=fmt_datetime(pd.Timestamp(plan.loaded_at).to_pydatetime(), view.lang), user=plan.user_name,
                  removed=fmt_int(plan.removed, view.lang), restored=fmt_int(plan.restored, view.lang))


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


# --- Units of an employees export that map to no agency ------------------------------------------------------
MAX_UNITS_SHOWN = 30


@dataclass(frozen=True)
class Unit:
    unor_id: str
    name: str
    label: str                 # name · id · employees (rows)
    options: tuple[str, ...]   # "" (none picked), the suggestions best first, then every other agency
    index: int                 # the option shown first: the best suggestion, else none


@dataclass(frozen=True)
class Units:
    units: tuple[Unit, ...]
    agency_names: dict[str, str]   # the agencies the reader may assign
    more: int                      # units not shown until those shown are saved

    def option(self, view: View, code: str) -> str:
        return view.t("up_units_none") if not code else f"{self.agency_names.get(code, code)} ({code})"


def units(view: View, con, res: LoadResult) -> Units | None:
    """The units a checked employees export could not place, each with the agencies to choose from (suggested by
    name first; only agencies in the reader's scope)."""
    if not res.unmapped_units:
        return None
    shown = res.unmapped_units[:MAX_UNITS_SHOWN]
    agencies, suggested = suggest_agencies(con.cursor(), view.scope,
                                           {u["unor_id"]: u["name"] or "" for u in shown})
    codes = [c for c, _ in agencies]
    out = []
    for u in shown:
        first = suggested.get(u["unor_id"], [])
        label = view.t("up_units_label", name=u["name"] or "—", id=u["unor_id"], n=fmt_int(u["employees"], view.lang),
                       rows=u["rows"])
        out.append(Unit(u["unor_id"], u["name"] or "", label,
                        ("", *first, *(c for c in codes if c not in first)), 1 if first else 0))
    return Units(tuple(out), dict(agencies), len(res.unmapped_units) - len(shown))


def save_units(view: View, con, found: Units, picks: dict[str, str], *, user: str,
               file_name: str) -> tuple[str, str, int | None]:
    """Save the analyst's picks (unit id → agency code; empty: not picked) as one unit-map batch, through the loader
    (checked, recorded, undoable). Returns (kind, message, batch id)."""
    names = {u.unor_id: u.name for u in found.units}
    chosen = {unit: (names[unit], code) for unit, code in picks.items()
              if code and unit in names and code in found.agency_names}
    if not chosen:
        return "warning", view.t("up_units_nothing"), None
    folder = Path(tempfile.mkdtemp(prefix="kinerja_units_"))
    try:
        path = unit_map_csv(chosen, folder / "unor_map.csv")
        prefix = "peta_unor" if view.lang == "id" else "unit_map"
        res = load_file(con, "unor_map", path, user=user, lang=view.lang,
                        file_name=f"{prefix}_{Path(file_name).stem}.csv")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if res.status == "loaded":
        return "success", view.t("up_units_saved", id=res.batch_id, n=fmt_int(len(chosen), view.lang)), res.batch_id
    return "error", " ".join(e.message for e in res.errors[:3]) or res.message, None


# --- Files nobody described: the column-mapping step -------------------------------------------------------------

@dataclass(frozen=True)
class MapColumn:
    column: str
    label: str
    options: tuple[str, ...]   # "" (not in the file), then the file's headers
    index: int                 # the suggestion, else none


@dataclass(frozen=True)
class MapStep:
    header: tuple[str, ...]    # the file's headers as the loader reads them (personal-data columns removed)
    columns: tuple[MapColumn, ...]
    name: str                  # a name to start from


def file_header(path: Path) -> list[str]:
    """The file's headers as the loader reads them: personal-data columns are removed before any mapping."""
    rows = reading.preview(path, 1)
    return [h for h in rows[0] if not reading.personal(h)] if rows else []


def map_step(view: View, dataset: str, res: LoadResult, path: Path, file_name: str) -> MapStep | None:
    """The mapping step, for a file refused for missing columns that is no national export: every column of the
    dataset the file does not name as the contract does (required ones first), with the file's headers to pick
    from and the likeliest picked."""
    if res.status != "rejected" or res.source or not any(e.rule == "header_missing" for e in res.errors):
        return None
    header = file_header(path)
    if not header:
        return None
    ds = DATASETS[dataset]
    have = {norm_header(h) for h in header}
    guess = mappings.suggest(dataset, header)
    native = {h for h in header for c in ds.columns if norm_header(h) in c.headers()}
    options = ("", *(h for h in header if h.strip() and h not in native))
    out = []
    for c in sorted((c for c in ds.columns if not (c.headers() & have)), key=lambda c: not c.required):
        label = view.t("up_map_required", column=c.name) if c.required else c.name
        pick = guess.get(c.name, "")
        out.append(MapColumn(c.name, label, options, options.index(pick) if pick in options else 0))
    return MapStep(tuple(header), tuple(out), f"{ds.name_id} {Path(file_name).stem}"[:60])


def save_mapping(view: View, con, dataset: str, step: MapStep, name: str, picks: dict[str, str], *,
                 user: str) -> tuple[str, str, str | None]:
    """Save the analyst's picks under a name; (kind, message, the saved name or None)."""
    try:
        saved = mappings.save(con.cursor(), name, dataset, list(step.header), picks, user=user)
    except mappings.MappingError as exc:
        return "error", rule_message(exc.code, view.lang, detail=exc.detail), None
    return "success", view.t("up_map_saved", name=saved.name), saved.name


def saved_mappings(view: View, con) -> pd.DataFrame | None:
    """The saved column mappings: name, dataset, the columns each reads from, who saved it and when."""
    rows = mappings.list_all(con.cursor())
    if not rows:
        return None
    t = view.t
    return pd.DataFrame({
        view.t("up_map_name"): [m.name for m in rows], t("col_dataset"): [title(view, m.dataset) for m in rows],
        t("col_column"): ["; ".join(f"{c} ← {h}" for c, h in m.columns.items()) for m in rows],
        t("col_user"): [m.created_by for m in rows],
        t("col_when"): [fmt_datetime(m.created_at, view.lang) for m in rows]})
