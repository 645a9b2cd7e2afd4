"""`python -m analytics`: every job without the UI (CONTRACT.md §3).

Every command prints JSON on stdout. Exit status: 0 done, 1 data rejected (nothing changed), 2 wrong usage.
"""
from __future__ import annotations

import argparse
import getpass
import json
import re
import sys
from pathlib import Path
from datetime import date

import duckdb

from analytics import audit, db, derived, mappings, snapshots, users
from analytics.audit import Actor
from analytics.demo import MIN_EMPLOYEES as MIN_DEMO_EMPLOYEES
from analytics.demo_build import build_demo
from analytics.export import to_csv
from analytics.domain import PERIODS
from analytics.loader import list_batches, load_file, redo_batch, undo_batch
from analytics.filters import FilterError, Filters
from analytics.reports import CONTEXTS, REPORTS, REPORTS_IN_WORDS, Context
from analytics.scope import Scope
from analytics.settings import SettingsError, db_path, load_settings


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse would print text to stderr; the contract wants JSON
        raise UsageError(message)


def _year(text: str) -> int:
    """--year: a whole number from 1900 to 2200 (a year DuckDB's dates can hold, and a civil servant's)."""
    if not text.strip().isdigit() or not 1900 <= int(text) <= 2200:
        raise argparse.ArgumentTypeError(f"--year must be a year from 1900 to 2200, not {text!r}")
    return int(text)


# Commands that only read: on a database file that cannot be written they open it read-only.
READ_ONLY_COMMANDS = ("batches", "mappings", "report")


def _print(obj) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, default=str, indent=2) + "\n")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="python -m analytics", description="Pantau Kinerja: data jobs without the UI.")
    p.add_argument("--db", help="database file (default: $KINERJA_DB, else data/kinerja.duckdb)")
    p.add_argument("--lang", choices=["id", "en"], default="id", help="language of messages")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    s = sub.add_parser("init", help="create the schema; --demo fills it with the demo data")
    s.add_argument("--demo", action="store_true")
    s.add_argument("--employees", type=int, default=2000)
    s.add_argument("--seed", type=int, default=42)

    s = sub.add_parser("load", help="load one file of a dataset")
    s.add_argument("dataset")
    s.add_argument("file")
    s.add_argument("--user", help="who loads (recorded as said; default: the operating-system user)")
    s.add_argument("--dry-run", action="store_true")
    s.add_argument("--mapping", help="read the file with this saved column mapping (`mappings` lists them)")

    sub.add_parser("batches", help="list the batches")
    sub.add_parser("mappings", help="list the saved column mappings")

    s = sub.add_parser("undo", help="undo a batch")
    s.add_argument("batch_id", type=int)
    s.add_argument("--user", help="who undoes (recorded as said; default: the operating-system user)")

    s = sub.add_parser("redo", help="redo an undone batch (its kept file loaded again, while nothing later depends on it)")
    s.add_argument("batch_id", type=int)
    s.add_argument("--user", help="who redoes (recorded as said; default: the operating-system user)")

    s = sub.add_parser("snapshot", help="publish a read-only copy for replicas (docs/scaling.md §4)")
    s.add_argument("--to", required=True, help="snapshot folder; its symlink `current` points at the newest copy")
    s.add_argument("--keep", type=int, default=3, help="copies kept (the oldest beyond are removed)")

    s = sub.add_parser("report", help="a report as JSON (or CSV)")
    s.add_argument("name")
    s.add_argument("--region")
    s.add_argument("--agency")
    s.add_argument("--year", type=_year)
    s.add_argument("--period", choices=list(PERIODS))
    s.add_argument("--as-of")
    s.add_argument("--by")
    s.add_argument("--attribute")
    s.add_argument("--format", choices=["json", "csv"], default="json")
    s.add_argument("--user", help="apply this account's scope (its region, and personal data only for "
                                  "inspectors, analysts and admins); default: everything")

    s = sub.add_parser("users", help="accounts: add, list, disable")
    us = s.add_subparsers(dest="users_command", required=True, parser_class=_Parser)
    a = us.add_parser("add", help="add an account; the password is read from a prompt, or from stdin")
    a.add_argument("name")
    a.add_argument("--role", required=True, choices=["leader", "inspector", "analyst", "admin"])
    a.add_argument("--region", help="bind the account to this region and everything below it")
    a.add_argument("--sso", action="store_true", help="a single-sign-on account: no password")
    us.add_parser("list", help="list the accounts (never the password hashes)")
    d = us.add_parser("disable", help="disable an account (it is kept, for the audit trail)")
    d.add_argument("name")
    return p


def _read_password() -> str:
    """From a prompt on a terminal (asked twice), else the first line of stdin."""
    if sys.stdin.isatty():
        first = getpass.getpass("Kata sandi / password: ")
        if getpass.getpass("Ulangi / repeat: ") != first:
            raise UsageError("the two passwords differ")
        return first
    return sys.stdin.readline().rstrip("\r\n")


def _users(con, args) -> int:
    try:
        if args.users_command == "add":
            password = None if args.sso else _read_password()
            u = users.add_user(con, args.name, args.role, password=password, region=args.region, lang=args.lang)
            _print(_with_snapshot(con, {"status": "added", "user": u.name, "role": u.role, "region": u.region,
                                        "sso": args.sso}, True))
        elif args.users_command == "list":
            df = users.list_users(con)
            _print({"users": json.loads(df.to_json(orient="records", date_format="iso"))})
        else:
            users.disable_user(con, args.name, lang=args.lang)
            _print(_with_snapshot(con, {"status": "disabled", "user": args.name}, True))
    except users.AccountError as exc:
        raise UsageError(str(exc))
    return 0


def _with_snapshot(con, out: dict, changed: bool) -> dict:
    """After a committed load, undo or account change: publish a snapshot when $KINERJA_SNAPSHOT_DIR is set (a
    writer with replicas: a disabled account must stop signing in there too), and say where, or why not."""
    if changed:
        try:
            published = snapshots.publish_if_configured(con)
        except (OSError, duckdb.Error) as exc:  # the change is committed: say so, and that publishing failed
            out["snapshot"] = {"status": "failed", "error": str(exc).splitlines()[0][:300],
                               "hint": "publish again with `python -m analytics snapshot --to FOLDER`"}
        else:
            if published is not None:
                out["snapshot"] = published.to_json()
    return out


def main(argv: list[str] | None = None) -> int:
    lang = "id"
    try:
        args = build_parser().parse_args(argv)
        lang = args.lang
        return _run(args)
    except (UsageError, SettingsError) as exc:  # the call or the settings file: the caller's to fix
        _print({"status": "usage_error", "error": str(exc)})
        return 2
    except db.StoreError as exc:  # the database file named cannot be used: which file, why, what to do
        _print({"status": "database_error", "code": exc.code, "db": exc.path, "error": exc.message(lang)})
        return 2
    except duckdb.IOException as exc:
        # Most often the app (or another command) holds the database file open for writing.
        _print({"status": "database_busy", "error": str(exc).splitlines()[0][:300],
                "hint": "stop the app or the other command using this database file, then try again"})
        return 2


def _run(args) -> int:
    path = db_path(args.db)
    try:
        db.memory_limit()  # a bad $KINERJA_MEMORY_LIMIT is the caller's to fix: say so before opening anything
        db.threads()
    except ValueError as exc:
        raise UsageError(str(exc))
    load_settings()  # a settings file with an unknown key or a wrong value: said before anything runs
    if args.command == "init":
        if args.employees < 1 or (args.demo and args.employees < MIN_DEMO_EMPLOYEES):
            raise UsageError(f"--employees must be at least {MIN_DEMO_EMPLOYEES} for --demo" if args.demo
                             else "--employees must be at least 1")
        if args.seed < 0:
            raise UsageError("--seed must be 0 or more")
        con = derived.connect(path)
        out = {"status": "ok", "db": str(path), "schema_version": db.schema_version(con)}
        if args.demo:
            loads = build_demo(con, employees=args.employees, seed=args.seed, lang=args.lang)
            out["demo"] = {r.dataset: {"status": r.status, "batch_id": r.batch_id,
                                       "rows_inserted": r.rows_inserted, "rows_updated": r.rows_updated,
                                       **({"errors": [e.message for e in r.errors[:10]]} if r.errors else {})}
                           for r in loads}
            if any(r.status == "rejected" for r in loads):
                out["status"] = "rejected"
        out["rows"] = db.row_counts(con)
        _print(out)
        return 1 if out["status"] == "rejected" else 0

    if not path.exists():
        raise UsageError(f"database not found: {path} (run `python -m analytics init` first)")
    try:
        con = derived.connect(path)
    except db.StoreError as exc:
        if exc.code != "read_only_file" or args.command not in READ_ONLY_COMMANDS:
            raise
        con = derived.connect(path, read_only=True)  # reading needs no write access
    if args.command == "load":
        if not Path(args.file).is_file():
            raise UsageError(f"file not found: {args.file}")
        res = load_file(con, args.dataset, args.file, user=Actor.cli(args.user), dry_run=args.dry_run, lang=args.lang,
                        mapping=args.mapping)
        if res.errors and res.errors[0].rule == "unknown_dataset":
            raise UsageError(res.errors[0].message)
        _print(_with_snapshot(con, res.to_json(), res.status == "loaded"))
        return 1 if res.status == "rejected" else 0
    if args.command == "batches":
        df = list_batches(con)
        _print({"batches": json.loads(df.to_json(orient="records", date_format="iso"))})
        return 0
    if args.command == "mappings":
        _print({"mappings": [{"name": m.name, "dataset": m.dataset, "columns": m.columns, "headers": m.headers,
                              "created_by": m.created_by, "created_at": m.created_at.isoformat()}
                             for m in mappings.list_all(con)]})
        return 0
    if args.command == "undo":
        res = undo_batch(con, args.batch_id, user=Actor.cli(args.user), lang=args.lang)
        _print(_with_snapshot(con, res.to_json(), res.status == "undone"))
        return 0 if res.status == "undone" else 1
    if args.command == "redo":
        res = redo_batch(con, args.batch_id, user=Actor.cli(args.user), lang=args.lang)
        _print(_with_snapshot(con, res.to_json(), res.status == "redone"))
        return 0 if res.status == "redone" else 1
    if args.command == "users":
        return _users(con, args)
    if args.command == "snapshot":
        if args.keep < 1:
            raise UsageError("--keep must be at least 1")
        try:
            audit.record(con, Actor.cli(), "snapshot", args.to)
            published = snapshots.publish(con, args.to, keep=args.keep)
        except OSError as exc:  # the folder cannot be made or written: nothing was published
            raise UsageError(f"cannot publish to {args.to}: {exc}")
        _print(published.to_json())
        return 0
    if args.command == "report":
        report = REPORTS.get(args.name)
        if report is None:
            raise UsageError(f"unknown report '{args.name}'; available: {', '.join(sorted(REPORTS))}")
        filters = Filters(region=args.region, agency=args.agency, year=args.year, period=args.period,
                          as_of=args.as_of, by=args.by, attribute=args.attribute)
        if args.as_of:
            try:
                if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", args.as_of):
                    raise ValueError(args.as_of)
                date.fromisoformat(args.as_of)
            except ValueError:
                raise UsageError("--as-of must be a date YYYY-MM-DD")
        extra = {"lang": args.lang} if args.name in REPORTS_IN_WORDS else {}
        scope = Scope.unrestricted()
        if args.user:
            user = users.get_user(con, args.user)
            if user is None:
                raise UsageError(f"no active user {args.user}")
            scope = user.scope
        try:
            df = report(con, scope, filters, **extra)
        except FilterError as exc:  # a filter value the report does not accept (e.g. --by)
            raise UsageError(str(exc))
        except PermissionError as exc:  # the user's role may not see this report
            raise UsageError(f"{args.user}: {exc}")
        except (ValueError, duckdb.Error) as exc:  # the data, not the call: not "wrong usage"
            _print({"status": "report_failed", "report": args.name,
                    "error": str(exc).splitlines()[0][:300] if str(exc) else type(exc).__name__})
            return 1
        if args.format == "csv":
            sys.stdout.write(to_csv(df).decode("utf-8-sig"))
            return 0
        context = CONTEXTS[args.name](con, scope, filters) if args.name in CONTEXTS else Context(args.as_of)
        out = {"report": args.name, "filters": {k: v for k, v in vars(filters).items() if v is not None},
               "as_of": context.as_of, "rows": json.loads(df.to_json(orient="records", date_format="iso"))}
        if context.uncovered_years:
            out["warnings"] = [f"the working-day calendar has no cuti bersama for {y}: working days may be "
                               "overcounted; add them to data/reference/holidays_extra.csv"
                               for y in context.uncovered_years]
        _print(out)
        return 0
    raise UsageError(f"unknown command {args.command}")
