"""What a case file of one flagged promotion reads, through the reader's scope: the promotion, its flags with
reasons and review status, the employee's promotions and annual ratings, and the review history. The document
made of it, in the reader's language, is ui/casefile.py."""
from __future__ import annotations

import duckdb
import pandas as pd

from analytics.cases import annual_appraisals, person
from analytics.reviews import history, status
from analytics.scope import Scope


def promotion(con: duckdb.DuckDBPyConnection, scope: Scope, promotion_id: str) -> pd.DataFrame | None:
    """The promotion of a case file, one row, with its employee's and approver's names; None when it is outside
    the scope or personal data is not allowed (the approver's name only for an approver in scope)."""
    if not scope.personal_data:
        return None
    scope_sql, params = scope.region_filter("a.region_code")
    head = con.cursor().execute(
        f"select p.promotion_id, p.nip, e.name, p.kind, p.effective_date, p.from_rank, p.to_rank, "
        f"p.from_position_level, p.to_position_level, p.agency_code, a.name as agency_name, p.approver_nip, "
        f"null::varchar as approver_name, p.decree_number, p.decree_date "
        f"from promotions p join employees e on e.nip = p.nip join agencies a on a.agency_code = p.agency_code "
        f"where p.promotion_id = $pid and {scope_sql}",
        {**params, "pid": promotion_id}).df()
    if head.empty:
        return None
    approver = head["approver_nip"].iloc[0]
    approved_by = person(con, scope, approver) if isinstance(approver, str) else None
    head["approver_name"] = approved_by["name"] if approved_by else None
    return head


def case_tables(con: duckdb.DuckDBPyConnection, scope: Scope, promotion_id: str, codes: list[str],
                reasons: list[str]) -> dict[str, pd.DataFrame]:
    """The parts of a case file; empty when the promotion is outside the scope or personal data is not allowed.
    Every part goes through the reader's scope, as the case view does (analytics.cases): the employee's
    promotions in agencies of the scope only, the annual ratings only while the employee's agency is in scope,
    and the approver's name only for an approver in scope."""
    head = promotion(con, scope, promotion_id)
    if head is None:
        return {}
    scope_sql, params = scope.region_filter("a.region_code")
    nip, agency = head["nip"].iloc[0], head["agency_code"].iloc[0]
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
