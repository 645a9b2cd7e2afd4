"""Jejak audit's parts: every write (issue 20) as the reader's role may read it (analytics.audit.READERS), with the
account, its role, how it was known, the action in words and what it touched (the page offers the same rows as
CSV and XLSX)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pandas as pd

from analytics import audit
from ui.context import View
from ui.i18n import fmt_datetime

ROLES = ("leader", "inspector", "analyst", "admin", "cli")  # roles with a name (catalogue role_*); typed rows: none


@dataclass(frozen=True)
class Log:
    table: pd.DataFrame | None   # None: nothing recorded under these filters
    file_parts: tuple[str, ...]  # what a downloaded file's name says: the page, the action, the dates
    count: int


def actions(role: str) -> tuple[str, ...]:
    """The actions the role may read, for the filter."""
    return audit.READERS.get(role, ())


def log(view: View, con, role: str, *, action: str | None, login: str | None, start: date | None,
        end: date | None) -> Log:
    t, lang = view.t, view.lang
    since = datetime.combine(start, datetime.min.time()) if start else None
    until = datetime.combine(end, datetime.min.time()) + timedelta(days=1) if end else None
    rows = audit.entries(con, role, view.scope, action=action, login=login or None, since=since, until=until)
    parts = (t("page_audit"), t("audit_action_" + action) if action else t("audit_all"),
             *(f"{t('audit_from')} {start.isoformat()}" for _ in [1] if start),
             *(f"{t('audit_to')} {end.isoformat()}" for _ in [1] if end))
    if rows.empty:
        return Log(None, parts, 0)
    table = pd.DataFrame({
        t("audit_when"): [fmt_datetime(pd.Timestamp(x).to_pydatetime(), lang) for x in rows["logged_at"]],
        t("audit_account"): rows["login"],
        t("audit_role"): [t("role_" + r) if r in ROLES else "—" for r in rows["role"]],
        t("audit_source"): [t("audit_source_" + s) for s in rows["source"]],
        t("audit_action"): [t("audit_action_" + a) for a in rows["action"]],
        t("audit_target"): rows["target"],
        t("audit_detail"): rows["detail"].replace("", "—"),
    })
    return Log(table, parts, len(table))

