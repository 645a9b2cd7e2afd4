"""`python -m ui.serve [streamlit options]`: `streamlit run app.py`, in this process, with Streamlit told first that
pages/ holds this app's pages for st.navigation, not an old-style page folder. Streamlit decides that when a
process's first session starts (PagesManager.uses_pages_directory) and, until app.py's navigation has run once,
would route the first request by file name and answer a link such as /metodologi with "Page not found"."""
from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

from streamlit import runtime
from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli

from analytics import authrelay
from analytics.settings import db_path
from analytics.snapshots import read_only_mode
from ui import shell

APP = Path(__file__).resolve().parent.parent / "app.py"


def _relay_when_running() -> None:
    """On a writer with KINERJA_AUTH_LISTEN (deploy/): answer the replicas' password sign-ins from the start, not
    from the first reader's page run. Waits for Streamlit's runtime, then opens the database through the app's own
    cached connection (ui.shell), so that the pages and the relay share one connection."""
    relay = authrelay.config()
    if not relay.listen or read_only_mode():
        return
    for _ in range(600):
        if runtime.exists():
            break
        time.sleep(0.1)
    authrelay.serve(shell._connection(str(db_path())), *relay.listen, relay.token)


def main(argv: list[str] | None = None) -> None:
    PagesManager.uses_pages_directory = False
    sys.argv = ["streamlit", "run", str(APP), *(sys.argv[1:] if argv is None else argv)]
    threading.Thread(target=_relay_when_running, name="kinerja-authrelay-start", daemon=True).start()
    cli.main()


if __name__ == "__main__":
    main()
