"""Inspectors' review of promotion flags (issue 6): open → under_review → confirmed or dismissed, each
change with a required note, kept as an audit row (who, when, from, to, note) that is never overwritten.

A review belongs to a promotion and a flag code, not to a computed row, so it stays attached across
reloads and recomputation. Grain of `flag_reviews`: one row per status change.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import duckdb
import pandas as pd

from analytics import audit
from analytics.audit import Actor
from analytics.catalogue import review_message
from analytics.db import first_row
from analytics.domain import FLAG_CODES as CODES  # the codes a review can be about: every flag code
from analytics.domain import REVIEW_STATUSES
from analytics.scope import Scope

STATUSES = REVIEW_STATUSES
TRANSITIONS = {"open": ("under_review",), "under_review": ("confirmed", "dismissed"), "confirmed": (),
               "dismissed": ()}



class ReviewError(ValueError):
    pass


@dataclass(frozen=True)
class Change:
    promotion_id: str
    code: str
    from_status: str
    to_status: str
    note: str
    user_name: str
    changed_at: datetime


def _msg(key: str, lang: str, **kw) -> str:
    return review_message(key, lang, **kw)


def version(con: duckdb.DuckDBPyConnection) -> int:
    """Changes with every recorded review (the latest review id; 0 before any): part of the key of a cached
    queue, whose case statuses come from the reviews."""
    return con.execute("select coalesce(max(review_id), 0) from flag_reviews").fetchall()[0][0]


def status(con: duckdb.DuckDBPyConnection, promotion_id: str, code: str) -> str:
    """The current status of one flag: the last change's, else open."""
    row = first_row(con.cursor().execute(
        "select to_status from flag_reviews where promotion_id = ? and code = ? order by review_id desc limit 1",
        [promotion_id, code]))
    return row[0] if row else "open"


def change(con: duckdb.DuckDBPyConnection, scope: Scope, promotion_id: str, code: str, to_status: str, note: str,
           *, user, now: datetime | None = None, lang: str = "id") -> Change:
    """Record a status change; refuses a missing note, an unknown promotion or code, a promotion outside the
    scope and a change the workflow does not allow. One transaction, with its audit row; nothing is overwritten.
    `user` is the signed-in account (an audit.Actor; a bare name is the command line's)."""
    actor = Actor.coerce(user)
    if not (note or "").strip():
        raise ReviewError(_msg("note_required", lang))
    if code not in CODES:
        raise ReviewError(_msg("unknown_code", lang, code=code))
    scope_sql, params = scope.region_filter("a.region_code")
    found = first_row(con.cursor().execute(
        f"select 1 from promotions p join agencies a on a.agency_code = p.agency_code "
        f"where p.promotion_id = $pid and {scope_sql}", {**params, "pid": promotion_id}))
    if not found:
        raise ReviewError(_msg("unknown_promotion", lang, pid=promotion_id))
    cur = con.cursor()
    cur.begin()
    try:
        frm = status(cur, promotion_id, code)
        if to_status not in TRANSITIONS.get(frm, ()):
            raise ReviewError(_msg("bad_transition", lang, frm=frm, to=to_status,
                                   allowed=", ".join(TRANSITIONS[frm]) or "–"))
        now = now or datetime.now().replace(microsecond=0)
        cur.execute("insert into flag_reviews values (nextval('flag_review_seq'), ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [promotion_id, code, frm, to_status, note.strip(), actor.login, now, actor.role, actor.source])
        audit.record(cur, actor, "review", promotion_id, f"{code}: {frm} → {to_status}", now)
        cur.commit()
    except BaseException:
        cur.rollback()
        raise
    return Change(promotion_id, code, frm, to_status, note.strip(), actor.login, now)


def history(con: duckdb.DuckDBPyConnection, scope: Scope, promotion_id: str) -> pd.DataFrame:
    """Every change of the flags of one promotion, oldest first, with the account that made it (login, role, and
    how it was known: analytics.audit); empty outside the scope or without personal data: reviews are personal."""
    if not scope.personal_data:
        return pd.DataFrame(columns=["code", "from_status", "to_status", "note", "user_name", "user_role", "user_source",
                                     "changed_at"])
    scope_sql, params = scope.region_filter("a.region_code")
    return con.cursor().execute(
        f"select r.code, r.from_status, r.to_status, r.note, r.user_name, r.user_role, r.user_source, r.changed_at "
        f"from flag_reviews r "
        f"join promotions p on p.promotion_id = r.promotion_id join agencies a on a.agency_code = p.agency_code "
        f"where r.promotion_id = $pid and {scope_sql} order by r.review_id", {**params, "pid": promotion_id}).df()
