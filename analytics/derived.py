"""The registry of derived tables: everything the product computes from the datasets and stores beside them.

Each entry says what it is called, which datasets it is computed from, the tables it writes, the version of
its definition, how it is built when missing or stale (`ensure`) and how it is brought up to date inside a
load's or an undo's transaction (`refresh`). Loads, undos, opening the store and the UI's cache keys all read
this registry; adding a derived table means adding an entry here, nowhere else.

Layering: `db` (the store) knows nothing of derived tables; this module sits above the modules that compute
them (marts, sla, flags) and below the loader, the command line and the UI.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import duckdb

from analytics import db, flags, marts, sla
from analytics.settings import Settings, load_settings

Con = duckdb.DuckDBPyConnection


@dataclass(frozen=True)
class Derived:
    name: str
    sources: frozenset[str]  # the datasets whose loads and undos make it stale
    tables: tuple[str, ...]
    version: int  # of its definition: a database built with another version rebuilds it
    ensure: Callable[[Con], None]  # build it when missing or stale (its own transaction)
    refresh: Callable[[Con, object], None]  # recompute inside the caller's transaction, given what `keep` kept
    # Called while a batch's rows are in place (after a load's write, before an undo's), with the share of a
    # dataset's rows above which a change is rebuilt whole (setting refresh_full_share): what `refresh` needs to
    # recompute only part of the table (None: recompute all of it).
    keep: Callable[[Con, str, int, float], object] = lambda con, dataset, batch_id, max_share: None


def _keep_complaints(con: Con, dataset: str, batch_id: int, max_share: float):
    """The complaint rows the batch changes: the complaint cells then recount only the cells they fall in."""
    return sla.keep_changed(con, batch_id) if dataset == "complaints" else None


# In build order: the flags read the marts.
REGISTRY: tuple[Derived, ...] = (
    Derived("marts", frozenset(marts.SOURCES), marts.TABLES, marts.MART_VERSION, marts.ensure,
            marts.refresh, marts.keep),
    Derived("complaint_cells", frozenset(sla.CELL_SOURCES), sla.CELL_TABLES, sla.CELLS_VERSION, sla.ensure_cells,
            sla.refresh_cells, _keep_complaints),
    Derived("flags", frozenset(flags.SOURCES), flags.TABLES, flags.FLAG_VERSION, flags.ensure, flags.refresh,
            flags.keep),
)
BY_NAME = {d.name: d for d in REGISTRY}


def sources(*names: str) -> frozenset[str]:
    """The datasets the named derived tables are computed from."""
    return frozenset().union(*(BY_NAME[n].sources for n in names))


def stale_after(dataset: str) -> tuple[Derived, ...]:
    """The derived tables a load or an undo of `dataset` makes stale, in build order."""
    return tuple(d for d in REGISTRY if dataset in d.sources)


def keep(con: Con, dataset: str, batch_id: int, settings: Settings | None = None) -> dict[str, object]:
    """What each stale derived table keeps of batch `batch_id` while its rows are in place (a change wider than
    the setting refresh_full_share is rebuilt whole)."""
    share = (settings or load_settings()).refresh_full_share
    return {d.name: d.keep(con, dataset, batch_id, share) for d in stale_after(dataset)}


def refresh(con: Con, dataset: str, kept: dict[str, object], progress: Callable[[str], None] | None = None) -> None:
    """Bring every derived table a change of `dataset` made stale up to date, on the transaction's connection
    (`progress` is told `refresh_<name>` as each starts)."""
    for d in stale_after(dataset):
        if progress is not None:
            progress(f"refresh_{d.name}")
        d.refresh(con, kept.get(d.name))


def ensure_all(con: Con) -> None:
    """Build the derived tables that are missing or of another version, in build order."""
    for d in REGISTRY:
        d.ensure(con)


def connect(path: str | Path | None = None, *, read_only: bool = False, create: bool = True) -> Con:
    """Open the store (`db.connect`: the schema, migrated when writable) with its derived tables built: what the
    app, the command line and the tests open."""
    con = db.connect(path, read_only=read_only, create=create)
    if not read_only:
        try:
            db.remove_orphan_raw(con)
            ensure_all(con)
            db.checkpoint(con)  # what the migrations and the derived tables wrote (db.NO_AUTOCHECKPOINT)
        except BaseException:
            con.close()
            raise
    return con
