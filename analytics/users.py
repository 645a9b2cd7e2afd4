"""Accounts and roles (issue 7): who may sign in, with which role and region, and what scope that gives.

Roles: public (no account: whoever opens the app), leader, inspector, analyst, admin. A leader or inspector
bound to a region sees that region and everything below it; personal data (NIPs, names, decree numbers,
evaluators, reviews) reaches inspectors, analysts and admins only. Passwords are stored as argon2id hashes
(argon2-cffi); five failed attempts within 15 minutes lock an account for 15 minutes from the last one.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import duckdb

from analytics import audit
from analytics.audit import Actor
from analytics.catalogue import account_message
from analytics.db import first_row, transaction
from analytics.scope import Scope

ROLES = ("public", "leader", "inspector", "analyst", "admin")
ACCOUNT_ROLES = ROLES[1:]
PERSONAL_DATA_ROLES = {"inspector", "analyst", "admin"}
MAX_FAILURES = 5
LOCK_MINUTES = 15
MIN_PASSWORD = 10



class AccountError(ValueError):
    def __init__(self, key: str, lang: str = "id", **kw):
        self.key = key
        super().__init__(account_message(key, lang, **kw))

    @classmethod
    def said(cls, message: str, key: str) -> AccountError:
        """The error another process raised and sent as its words (analytics.authrelay)."""
        err = cls.__new__(cls)
        err.key = key
        ValueError.__init__(err, message)
        return err


@dataclass(frozen=True)
class User:
    name: str
    role: str
    region: str | None = None

    @property
    def scope(self) -> Scope:
        return scope_for(self.role, self.region)


PUBLIC = User("", "public", None)


def scope_for(role: str, region: str | None) -> Scope:
    """The data a role bound to a region may see. The public sees every region, in aggregates only."""
    if role not in ROLES:
        raise ValueError(role)
    return Scope(regions=(region,) if region else None, personal_data=role in PERSONAL_DATA_ROLES)


def _hasher():
    from argon2 import PasswordHasher

    return PasswordHasher()  # argon2id with the library's current recommended parameters


def _valid_name(name: str) -> bool:
    import re

    return bool(re.fullmatch(r"[A-Za-z0-9._@-]{3,64}", name or ""))


def add_user(con: duckdb.DuckDBPyConnection, name: str, role: str, *, password: str | None, region: str | None = None,
             by=None, now: datetime | None = None, lang: str = "id") -> User:
    """Create an account. `password` None makes a single-sign-on account (it cannot sign in with a password).
    `by` is who creates it (an audit.Actor; a bare name is the command line's), recorded in the audit log."""
    actor = Actor.coerce(by)
    if not _valid_name(name):
        raise AccountError("bad_name", lang)
    if role not in ACCOUNT_ROLES:
        raise AccountError("bad_role", lang, roles=", ".join(ACCOUNT_ROLES))
    if password is not None and len(password) < MIN_PASSWORD:
        raise AccountError("short_password", lang, n=MIN_PASSWORD)
    if region and not first_row(con.execute("select count(*) from regions where region_code = ?", [region]))[0]:
        raise AccountError("bad_region", lang, code=region)
    digest = _hasher().hash(password) if password is not None else None
    with transaction(con):
        if first_row(con.execute("select count(*) from users where user_name = ?", [name]))[0]:
            raise AccountError("exists", lang, name=name)
        con.execute("insert into users values (?, ?, ?, ?, true, ?, ?, null, null)",
                    [name, role, region or None, digest, now or datetime.now(), actor.login])
        audit.record(con, actor, "account_add", name, f"{role}{' · ' + region if region else ''}", now)
    return User(name, role, region or None)


def list_users(con: duckdb.DuckDBPyConnection):
    """Every account without its hash: user_name, role, region_code, active, created_at, created_by, sso."""
    return con.cursor().execute(
        "select user_name, role, region_code, active, created_at, created_by, disabled_at, "
        "password_hash is null as sso from users order by user_name").df()


def disable_user(con: duckdb.DuckDBPyConnection, name: str, *, by=None, now: datetime | None = None,
                 lang: str = "id") -> None:
    actor = Actor.coerce(by)
    with transaction(con):
        if not first_row(con.execute("select count(*) from users where user_name = ?", [name]))[0]:
            raise AccountError("unknown", lang, name=name)
        con.execute("update users set active = false, disabled_at = ?, disabled_by = ? where user_name = ?",
                    [now or datetime.now(), actor.login, name])
        audit.record(con, actor, "account_disable", name, "", now)


def get_user(con: duckdb.DuckDBPyConnection, name: str) -> User | None:
    """An active account, or None."""
    row = con.cursor().execute("select user_name, role, region_code from users where user_name = ? and active",
                               [name]).fetchall()
    return User(*row[0]) if row else None


def locked_until(con: duckdb.DuckDBPyConnection, name: str, now: datetime | None = None) -> datetime | None:
    """When the account's lock ends: 15 minutes after the latest of 5 failures (since the last success) that
    all fall within 15 minutes of it; None when it is not locked."""
    now = now or datetime.now()
    fails = [r[0] for r in con.cursor().execute(
        "select attempted_at from login_attempts where user_name = $n and not ok and attempted_at > coalesce("
        "(select max(attempted_at) from login_attempts where user_name = $n and ok), '-infinity'::timestamp) "
        "and attempted_at > $since order by attempted_at desc limit $k",
        {"n": name, "since": now - timedelta(minutes=2 * LOCK_MINUTES), "k": MAX_FAILURES}).fetchall()]
    if len(fails) < MAX_FAILURES or fails[0] - fails[-1] > timedelta(minutes=LOCK_MINUTES):
        return None
    until = fails[0] + timedelta(minutes=LOCK_MINUTES)
    return until if until > now else None


def authenticate(con: duckdb.DuckDBPyConnection, name: str, password: str, *, now: datetime | None = None,
                 lang: str = "id") -> User:
    """The user for a name and password; every attempt is recorded. Raises AccountError (bad_login, locked,
    disabled). An unknown name and a wrong password give the same message."""
    from argon2.exceptions import InvalidHashError, VerificationError

    now = now or datetime.now()
    until = locked_until(con, name, now)
    if until is not None:
        raise AccountError("locked", lang, n=MAX_FAILURES, until=until.strftime("%H:%M"))
    row = con.cursor().execute("select role, region_code, password_hash, active from users where user_name = ?",
                               [name]).fetchall()
    ok = False
    if row and row[0][2]:
        try:
            ok = _hasher().verify(row[0][2], password)
        except (VerificationError, InvalidHashError):
            ok = False
    else:
        _hasher().hash(password or "x")  # the same work as a real check: timing does not tell names apart
    cur = con.cursor()
    cur.execute("insert into login_attempts values (?, ?, ?)", [name[:64], now, ok and bool(row and row[0][3])])
    if not ok:
        raise AccountError("bad_login", lang)
    if not row[0][3]:
        raise AccountError("disabled", lang)
    return User(name, row[0][0], row[0][1])


def sso_user(con: duckdb.DuckDBPyConnection, email: str | None, roles: dict) -> User | None:
    """The user for a single-sign-on identity: an active account named like the e-mail address, else the role
    mapping (`roles`: e-mail → {"role": …, "region": …}); None when neither knows it, and None for an account
    that is disabled (under any case of its name): disabled means disabled, whatever the way in."""
    if not email:
        return None
    user = get_user(con, email)
    if user is not None:
        return user
    if first_row(con.cursor().execute("select count(*) from users where lower(user_name) = lower(?) and not active",
                                      [email]))[0]:
        return None
    entry = roles.get(email.lower()) or roles.get(email)
    if not entry or entry.get("role") not in ACCOUNT_ROLES:
        return None
    return User(email, entry["role"], entry.get("region") or None)
