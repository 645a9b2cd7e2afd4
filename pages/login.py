"""Masuk — sign in with a user name and password (analytics.users: argon2 hashes, lock-out after five
failures), or with the organisation's single sign-on when it is configured (st.login, OIDC)."""
from __future__ import annotations

import streamlit as st

from analytics import authrelay, users
from analytics.snapshots import read_only_mode
from ui import access, shell

v = shell.view()
con = shell.connection()
st.title(v.t("page_login"))
st.caption(v.t("login_intro"))

if access.sso_configured():
    if st.button(v.t("login_sso"), icon=":material/badge:", key="login_sso"):
        st.login()
    email = access.sso_email()
    if email and shell.current_user().role == "public":
        st.warning(v.t("login_sso_unknown", email=email))
    st.divider()

relay = authrelay.config()
# A password sign-in records its attempt (the lock-out rule): a write. A replica asks the writer to check it
# (analytics/authrelay.py), or, without a writer to ask, offers single sign-on only.
if read_only_mode() and not relay.relays:
    st.info(v.t("login_replica_sso" if access.sso_configured() else "login_replica"))
    st.stop()

with st.form("login_form"):
    name = st.text_input(v.t("login_user"), key="login_name", max_chars=64)
    password = st.text_input(v.t("login_password"), type="password", key="login_password", max_chars=256)
    if st.form_submit_button(v.t("login_submit"), type="primary"):
        try:
            if read_only_mode():
                user = authrelay.verify(relay.url, relay.token, name.strip(), password, lang=v.lang)
            else:
                user = users.authenticate(con, name.strip(), password, lang=v.lang)
        except users.AccountError as exc:
            st.error(str(exc))
        except authrelay.RelayError:
            st.error(v.t("login_relay_down"))
        else:
            if access.may_sign_in_here(user.role):
                access.sign_in(user)
                st.rerun()
            else:
                st.error(v.t("login_not_here", role=v.t("role_" + user.role)))
