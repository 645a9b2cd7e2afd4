"""`python -m ui.serve [streamlit options]`: `streamlit run app.py`, in this process, with Streamlit told first that
pages/ holds this app's pages for st.navigation, not an old-style page folder. Streamlit decides that when a
process's first session starts (PagesManager.uses_pages_directory) and, until app.py's navigation has run once,
would route the first request by file name and answer a link such as /metodologi with "Page not found"."""
from __future__ import annotations

import sys
from pathlib import Path

from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli

APP = Path(__file__).resolve().parent.parent / "app.py"


def main(argv: list[str] | None = None) -> None:
    PagesManager.uses_pages_directory = False
    sys.argv = ["streamlit", "run", str(APP), *(sys.argv[1:] if argv is None else argv)]
    cli.main()


if __name__ == "__main__":
    main()
