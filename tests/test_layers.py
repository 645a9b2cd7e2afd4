"""The layering of the code (issue 17): analytics/ never imports streamlit or ui/; no import cycles in analytics/
or ui/; no imports of the project's own modules inside functions (the way cycles are dodged); the store (db.py)
imports nothing that computes on it; derived tables are declared once, in analytics/derived.py."""
from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("analytics", "ui")


def _module_name(f: Path) -> str:
    parts = f.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    """Every module of analytics/ and ui/, subpackages included (a package by its __init__), the top packages
    themselves left out."""
    return {_module_name(f): f for pkg in PACKAGES for f in sorted((ROOT / pkg).rglob("*.py"))
            if _module_name(f) not in PACKAGES}


def _imports(path: Path) -> list[tuple[str, bool, int]]:
    """(module imported, at module level?, line) for every import of the file; `from a import b` counts as
    a.b when a.b is a module of ours, else as a."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top = {id(node) for node in tree.body}
    ours = _modules()
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in ours else node.module
                     for a in node.names]
        else:
            continue
        found += [(n, id(node) in top, node.lineno) for n in names]
    return found


def _graph() -> dict[str, set[str]]:
    ours = _modules()
    return {m: {n for n, _, _ in _imports(f) if n in ours and n != m} for m, f in ours.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def _reach(graph: dict[str, set[str]], start: str) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        for w in graph[todo.pop()] - seen:
            seen.add(w)
            todo.append(w)
    return seen


def test_analytics_never_imports_streamlit_or_ui():
    bad = [(m, n, line) for m, f in _modules().items() if m.startswith("analytics.")
           for n, _, line in _imports(f) if n.split(".")[0] in ("streamlit", "ui")]
    assert bad == []


def test_view_models_never_import_streamlit():
    """ui/views/ and ui/context.py are plain Python: tests call them directly, and they only describe a page."""
    plain = [m for m in _modules() if m.startswith("ui.views") or m == "ui.context"]
    assert len(plain) >= 8
    bad = [(m, n, line) for m in plain for n, _, line in _imports(_modules()[m]) if n.split(".")[0] == "streamlit"
           or n in ("ui.shell", "ui.data", "ui.access", "ui.prewarm", "ui.priority")]
    assert bad == []


def test_pages_only_lay_out():
    """A page reads its filters, asks ui/views for each section and lays the answers out: it builds no table,
    no figure and no SQL (no pandas, numpy, plotly or duckdb), and reads figures only through ui/views or the
    cached reads of ui/data."""
    computing = ("pandas", "numpy", "plotly", "duckdb", "pyarrow")
    bad = []
    for f in sorted((ROOT / "pages").glob("*.py")):
        tree = ast.parse(f.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                     [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            bad += [(f.name, n, node.lineno) for n in names if n.split(".")[0] in computing]
    assert bad == []


def test_no_import_cycles():
    assert _cycles(_graph()) == []


def test_the_cycle_finder_finds_one():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_imports_of_our_modules_inside_functions():
    ours = set(_modules()) | set(PACKAGES)
    inside = [(m, n, line) for m, f in _modules().items() for n, top, line in _imports(f)
              if not top and n.split(".")[0] in PACKAGES and (n in ours or n.rsplit(".", 1)[0] in ours)]
    assert inside == []


def test_the_store_imports_nothing_that_computes_on_it():
    below = _reach(_graph(), "analytics.db")
    assert below <= {"analytics.datasets", "analytics.settings", "analytics.domain", "analytics.catalogue"}, below


def test_every_derived_table_is_declared_once():
    from analytics import derived, flags, marts, sla

    assert [d.name for d in derived.REGISTRY] == ["marts", "complaint_cells", "flags"]
    tables = [t for d in derived.REGISTRY for t in d.tables]
    assert len(tables) == len(set(tables))
    assert derived.BY_NAME["marts"].tables == marts.TABLES and derived.BY_NAME["flags"].tables == flags.TABLES
    # What a load of each dataset refreshes, in build order (the flags read the marts).
    assert [d.name for d in derived.stale_after("appraisals")] == ["marts", "flags"]
    assert [d.name for d in derived.stale_after("complaints")] == ["complaint_cells"]
    assert [d.name for d in derived.stale_after("agencies")] == ["marts", "complaint_cells", "flags"]
    assert derived.stale_after("agency_ratings") == ()
    assert derived.sources("complaint_cells") == frozenset(sla.CELL_SOURCES)


def test_derived_connect_builds_what_db_connect_leaves_out(tmp_path):
    from analytics import db, derived

    db.connect(tmp_path / "k.duckdb").close()
    con = derived.connect(tmp_path / "k.duckdb")
    have = {r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()}
    con.close()
    assert {t for d in derived.REGISTRY for t in d.tables} <= have


@pytest.mark.parametrize("name", sorted(__import__("analytics.reports", fromlist=["x"]).REPORTS_IN_WORDS))
def test_reports_in_words_take_the_language(name):
    from analytics.reports import REPORTS

    assert "lang" in inspect.signature(REPORTS[name]).parameters


def test_pages_read_through_the_function_itself():
    """Typed reads: ui.data.call takes the analytics function (an allowlist), not a name string; the cache key
    and the prewarm records use the name it derives. No page passes a string."""
    from analytics import appraisals, users
    from ui import data

    assert data.read_name(appraisals.rating_totals) == "rating_totals"
    for wrong in ("rating_totals", users.list_users, None):
        with pytest.raises(ValueError, match="is not a read"):
            data.read_name(wrong)
    assert set(data.SOURCES) <= set(data.READS)
    import re

    for page in sorted((ROOT / "pages").glob("*.py")):
        assert not re.search(r"\bread\(\s*[\"']", page.read_text(encoding="utf-8")), page.name


def test_no_metadata_rides_in_dataframe_attrs():
    """Typed results instead (cases.Cohort, public.PublicReport, sla.sla_window, reports.CONTEXTS)."""
    import re

    for path in [*(ROOT / "analytics").glob("*.py"), *(ROOT / "ui").glob("*.py"), *(ROOT / "pages").glob("*.py")]:
        assert not re.search(r"\.attrs\b", path.read_text(encoding="utf-8")), path.name
