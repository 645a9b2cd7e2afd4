"""Who changed what (issue 20): every write names the account that made it, taken from the session (or, on the
command line, `--user` or the operating-system user, said as such), never a name typed into a form, and leaves a
row in `audit_log` in the same transaction as the write itself.

Grain of `audit_log`: one row per write (a load, an undo, a review, a saved mapping, an account added or disabled,
a snapshot published). Rows written before issue 20 were copied in by migration 5 from the batches, reviews and
accounts, with the name as it was typed, and say so (source `typed`).
"""
from __future__ import annotations

import getpass
from dataclasses import dataclass
from datetime import datetime

import duckdb
import pandas as pd

# source: how the account was known
SOURCES = ("account", "cli", "typed")
ACTIONS = ("load", "undo", "redo", "review", "mapping", "account_add", "account_disable", "snapshot")
# What each role may read of the log: admins everything, inspectors the reviews (of the promotions they may see).
READERS = {"admin": ACTIONS, "inspector": ("review",)}


@dataclass(frozen=True)
class Actor:
    """Who writes: the account's login and role, and how it was known (SOURCES)."""
    login: str
    role: str
    source: str = "account"

    @classmethod
    def of(cls, user) -> "Actor":
        """A signed-in reader (analytics.users.User or the single-sign-on identity)."""
        return cls(user.name, user.role, "account")

    @classmethod
    def cli(cls, name: str | None = None) -> "Actor":
        """The command line: `--user NAME`, else the operating-system user; either is only what was said."""
        return cls(name or _os_user(), "cli", "cli")

    @classmethod
    def coerce(cls, who) -> "Actor":
        """An Actor as it is, or a bare name (scripts, the demo build, tests) as the command line's."""
        return who if isinstance(who, Actor) else cls.cli(str(who) if who else None)


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (a container)
        return "unknown"


def record(con: duckdb.DuckDBPyConnection, actor: Actor, action: str, target: str, detail: str = "",
           now: datetime | None = None) -> None:
    """One row of the log; call it inside the write's own transaction."""
    if action not in ACTIONS:
        raise ValueError(action)
    con.execute("insert into audit_log values (nextval('audit_seq'), ?, ?, ?, ?, ?, ?, ?)",
                [now or datetime.now().replace(microsecond=0), actor.login, actor.role, actor.source, action,
                 str(target), detail])


def entries(con: duckdb.DuckDBPyConnection, role: str, scope, *, action: str | None = None,
            login: str | None = None, since: datetime | None = None, until: datetime | None = None,
            limit: int = 5000) -> pd.DataFrame:
    """The log as `role` may read it (READERS; reviews only of promotions in `scope`), newest first, filtered by
    action, account and time; at most `limit` rows."""
    allowed = READERS.get(role, ())
    if not allowed or (action and action not in allowed):
        return pd.DataFrame(columns=["logged_at", "login", "role", "source", "action", "target", "detail"])
    where, params = ["l.action in (select unnest($allowed))"], {"allowed": list(allowed)}
    for cond, key, value in (("l.action = $action", "action", action), ("l.login = $login", "login", login),
                             ("l.logged_at >= $since", "since", since), ("l.logged_at < $until", "until", until)):
        if value:
            where.append(cond)
            params[key] = value
    if role != "admin":  # a review belongs to a promotion: in the reader's regions only
        scope_sql, scope_params = scope.region_filter("a.region_code")
        where.append(f"l.action = 'review' and l.target in (select p.promotion_id from promotions p join agencies a "
                     f"on a.agency_code = p.agency_code where {scope_sql})")
        params.update(scope_params)
    return con.cursor().execute(
        f"select l.logged_at, l.login, l.role, l.source, l.action, l.target, l.detail from audit_log l "
        f"where {' and '.join(where)} order by l.id desc limit {int(limit)}", params).df()
