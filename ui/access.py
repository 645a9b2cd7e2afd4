"""Who is reading: the signed-in account (or single sign-on identity, or the public), the scope it gives,
and which pages its role may open. The scope is applied in analytics/ queries; this module only decides
which scope a session carries and refuses pages outside a role's navigation."""
from __future__ import annotations

import os
import tomllib
from pathlib import Path

import streamlit as st

from analytics import authrelay, users
from analytics.snapshots import read_only_mode
from analytics.users import PUBLIC, User

ROOT = Path(__file__).resolve().parent.parent

# Pages (by url path) each role may open. Everyone has the public pages; dashboards need an account.
PUBLIC_PAGES = {"transparansi", "metodologi", "masuk"}
DASHBOARDS = {"ringkasan", "kinerja", "pengaduan", "keadilan"}
ALLOWED = {
    "public": PUBLIC_PAGES,
    "leader": PUBLIC_PAGES | DASHBOARDS,
    "inspector": PUBLIC_PAGES | DASHBOARDS | {"pemeriksaan", "jejak-audit"},
    "analyst": PUBLIC_PAGES | DASHBOARDS | {"unggah"},
    "admin": PUBLIC_PAGES | DASHBOARDS | {"pemeriksaan", "unggah", "jejak-audit"},
}


def sso_configured() -> bool:
    """Single sign-on is offered when .streamlit/secrets.toml has an [auth] section (st.login's settings)."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all
        return False


def sso_email() -> str | None:
    try:
        return st.user.get("email") if st.user.get("is_logged_in") else None
    except Exception:
        return None


def sso_roles() -> dict:
    """E-mail → {role, region} for single-sign-on identities without an account, from `sso_roles.toml`
    (`$KINERJA_SSO_ROLES`, else the repository root): `["ani@pemda.go.id"]` then `role = "leader"` and
    `region = "72.71"`."""
    path = Path(os.environ.get("KINERJA_SSO_ROLES", ROOT / "sso_roles.toml"))
    if not path.is_file():
        return {}
    with path.open("rb") as f:
        return {k.lower(): v for k, v in tomllib.load(f).items() if isinstance(v, dict)}


def current_user(con=None) -> User:
    """The session's account: signed in with a password, else by single sign-on (an account of that e-mail,
    or the role mapping), else the public."""
    ss = st.session_state
    if "_user" in ss:
        return ss["_user"]
    email = sso_email()
    if email and con is not None:
        user = users.sso_user(con, email, sso_roles())
        if user is not None and may_sign_in_here(user.role):
            ss["_user"] = user
            return user
    return PUBLIC


def sign_in(user: User) -> None:
    """Start a signed-in session: the filters of the previous reader are forgotten."""
    for key in list(st.session_state):
        if key.startswith("f_") or key in ("_url_read",):
            del st.session_state[key]
    st.session_state["_user"] = user


def sign_out() -> None:
    for key in list(st.session_state):
        if key != "lang":
            del st.session_state[key]
    if sso_email():
        st.logout()


# Pages that write: a read-only replica (KINERJA_READ_ONLY=1) leaves them out; writes go to the writer.
WRITE_PAGES = {"unggah"}


def writer_roles() -> set[str] | None:
    """The roles that may sign in on this instance: `KINERJA_WRITER_ROLES` (a writer behind the proxy's /admin,
    deploy/: "analyst,inspector,admin"); None, any role, when it is not set."""
    roles = os.environ.get("KINERJA_WRITER_ROLES", "").strip()
    return {r.strip() for r in roles.split(",") if r.strip()} if roles else None


def may_sign_in_here(role: str) -> bool:
    only = writer_roles()
    return only is None or role in only


def start_relay(con) -> None:
    """On the writer, with KINERJA_AUTH_LISTEN set: answer the replicas' sign-ins (analytics/authrelay.py)."""
    relay = authrelay.config()
    if relay.listen and not read_only_mode():
        authrelay.serve(con, *relay.listen, relay.token)


def pages_of(role: str) -> set[str]:
    """The url paths a role may open on this instance."""
    pages = ALLOWED.get(role, set())
    return pages - WRITE_PAGES if read_only_mode() else pages


def allowed(role: str, url_path: str) -> bool:
    return url_path in pages_of(role)
