"""Jejak audit's parts: every write (issue 20) as the reader's role may read it (analytics.audit.READERS), with the
account, its role, how it was known, the action in words, what it touched, and a CSV of the same rows."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pandas as pd

from analytics import audit
from analytics.export import to_csv
from ui.context import View
from ui.i18n import fmt_datetime

ROLES = ("leader", "inspector", "analyst", "admin", "cli")  # roles with a name (catalogue role_*); typed rows: none


@dataclass(frozen=True)
class Log:
    table: pd.DataFrame | None   # None: nothing recorded under these filters
    csv: bytes | None
    file_name: str
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
    stamp = (end or date.today()).isoformat()
    name = f"jejak_audit_{action or 'semua'}_{stamp}.csv" if lang == "id" else f"audit_{action or 'all'}_{stamp}.csv"
    if rows.empty:
        return Log(None, None, name, 0)
    table = pd.DataFrame({
        t("audit_when"): [fmt_datetime(pd.Timestamp(x).to_pydatetime(), lang) for x in rows["logged_at"]],
        t("audit_account"): rows["login"],
        t("audit_role"): [t("role_" + r) if r in ROLES else "—" for r in rows["role"]],
        t("audit_source"): [t("audit_source_" + s) for s in rows["source"]],
        t("audit_action"): [t("audit_action_" + a) for a in rows["action"]],
        t("audit_target"): rows["target"],
        t("audit_detail"): rows["detail"].replace("", "—"),
    })
    return Log(table, to_csv(table), name, len(table))

