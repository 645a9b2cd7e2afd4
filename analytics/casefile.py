"""A case file of one flagged promotion for inspectors: its flags with reasons and review status, the
employee's promotions and annual ratings, and the review history; as CSV (formula-safe) and as a printable
HTML page (every value escaped)."""
from __future__ import annotations

import html
from datetime import datetime

import duckdb
import pandas as pd

from analytics.cases import annual_appraisals, person
from analytics.export import to_csv
from analytics.reviews import history, status
from analytics.scope import Scope


def case_tables(con: duckdb.DuckDBPyConnection, scope: Scope, promotion_id: str, codes: list[str],
                reasons: list[str]) -> dict[str, pd.DataFrame]:
    """The parts of a case file; empty when the promotion is outside the scope or personal data is not allowed.
    Every part goes through the reader's scope, as the case view does (analytics.cases): the employee's
    promotions in agencies of the scope only, the annual ratings only while the employee's agency is in scope,
    and the approver's name only for an approver in scope."""
    if not scope.personal_data:
        return {}
    scope_sql, params = scope.region_filter("a.region_code")
    head = con.cursor().execute(
        f"select p.promotion_id, p.nip, e.name, p.kind, p.effective_date, p.from_rank, p.to_rank, "
        f"p.from_position_level, p.to_position_level, p.agency_code, a.name as agency_name, p.approver_nip, "
        f"null::varchar as approver_name, p.decree_number, p.decree_date "
        f"from promotions p join employees e on e.nip = p.nip join agencies a on a.agency_code = p.agency_code "
        f"where p.promotion_id = $pid and {scope_sql}",
        {**params, "pid": promotion_id}).df()
    if head.empty:
        return {}
    nip, agency, approver = head["nip"].iloc[0], head["agency_code"].iloc[0], head["approver_nip"].iloc[0]
    approved_by = person(con, scope, approver) if isinstance(approver, str) else None
    head["approver_name"] = approved_by["name"] if approved_by else None
    return {
        "promotion": head,
        "flags": pd.DataFrame({"code": codes, "reason": reasons,
                               "status": [status(con, promotion_id, c) for c in codes]}),
        "promotions": con.cursor().execute(
            f"select p.promotion_id, p.kind, p.effective_date, p.from_rank, p.to_rank, p.from_position_level, "
            f"p.to_position_level, p.approver_nip from promotions p join agencies a on a.agency_code = p.agency_code "
            f"where p.nip = $nip and {scope_sql} order by p.effective_date", {**params, "nip": nip}).df(),
        "appraisals": annual_appraisals(con, scope, person(con, scope, nip, agency)),
        "reviews": history(con, scope, promotion_id),
    }


def case_csv(tables: dict[str, pd.DataFrame]) -> bytes:
    """All parts in one CSV, each under a line naming it."""
    out = []
    for name, df in tables.items():
        out.append(f"# {name}\n".encode())
        out.append(to_csv(df).removeprefix("\ufeff".encode("utf-8")))
        out.append(b"\n")
    return "\ufeff".encode("utf-8") + b"".join(out)


def case_html(tables: dict[str, pd.DataFrame], *, title: str, generated: datetime | None = None) -> str:
    """A printable page of the case file; every value is escaped."""
    generated = generated or datetime.now().replace(microsecond=0)
    parts = [f"<!doctype html><html lang='id'><head><meta charset='utf-8'><title>{html.escape(title)}</title>",
             "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:1.5em}"
             "td,th{border:1px solid #999;padding:4px 8px;text-align:left}h2{margin-top:1.5em}"
             "@media print{body{margin:0}}</style></head><body>",
             f"<h1>{html.escape(title)}</h1><p>{html.escape(generated.isoformat(sep=' '))}</p>"]
    for name, df in tables.items():
        parts.append(f"<h2>{html.escape(name)}</h2>")
        parts.append(df.to_html(index=False, escape=True, na_rep="–", border=0))
    parts.append("</body></html>")
    return "".join(parts)
