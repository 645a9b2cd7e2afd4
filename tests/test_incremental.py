"""Derived tables refreshed by what changed (issue 22): after every kind of load and of undo, each derived table
(marts, flag tables, pools, complaint cells) equals what a full rebuild of the same data gives, and a change wider
than the setting `refresh_full_share` rebuilds whole.

Each case loads a file made from the demo's own rows (changed as the case says) into a copy of the demo, compares,
undoes the batch and compares again. Tables are compared as sets of rows (a refresh by slices appends; a rebuild
orders), with floating columns rounded to 9 significant places (a parallel sum adds in any order)."""
from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from analytics import derived, flags, marts, sla
from analytics.datasets import DATASETS
from analytics.loader import load_file, undo_batch
from tests.conftest import _place

# Tables whose rows say when or how fast they were computed, not what: left out of the comparison; and columns
# that count the work done.
NOT_COMPARED = {"flag_meta"}
BOOKKEEPING = {("complaint_cells_meta", "appended")}
TABLES = [t for d in derived.REGISTRY for t in d.tables if t not in NOT_COMPARED]


_COLUMNS: dict[str, list[tuple[str, str]]] = {}  # every copy of the demo has the same schema


def _rounded(con, table: str) -> str:
    """The table's rows with floating columns rounded to 6 places (a parallel sum adds in any order)."""
    if table not in _COLUMNS:
        _COLUMNS[table] = con.execute(
            "select column_name, data_type from information_schema.columns where table_schema = 'main' "
            "and table_name = ? order by ordinal_position", [table]).fetchall()
    parts = [f"round({c}, 6) as {c}" if kind in ("DOUBLE", "FLOAT") else c
             for c, kind in _COLUMNS[table] if (table, c) not in BOOKKEEPING]
    return f"select {', '.join(parts)} from main.{table}"


def keep_state(con, tag: str) -> None:
    """Copy every derived table (rounded) into temp tables named after `tag` (they outlive a rollback)."""
    for table in TABLES:
        con.execute(f"create or replace temp table _{tag}_{table} as {_rounded(con, table)}")


def differences(con, tag: str) -> list[str]:
    """Where the derived tables now differ from the copies `tag`, as sets of rows with their repeats."""
    out = []
    for table in TABLES:
        now, kept = _rounded(con, table), f"select * from temp._{tag}_{table}"
        extra = con.execute(f"select * from ({now} except all {kept}) limit 3").fetchall()
        missing = con.execute(f"select * from ({kept} except all {now}) limit 3").fetchall()
        if extra or missing:
            out.append(f"{table}: only now {extra}; only in {tag} {missing}")
    return out


def assert_equal_to_full_rebuild(con) -> None:
    """Every derived table as it is equals what a full rebuild of the same data gives (rebuilt, compared, rolled
    back)."""
    keep_state(con, "slices")
    con.begin()
    try:
        marts.refresh(con)
        sla.refresh_cells(con)
        flags.refresh(con)
        problems = differences(con, "slices")
    finally:
        con.rollback()
    assert not problems, "refreshed by slices, then rebuilt: " + "\n".join(problems)


def _export(con, dataset: str, sql: str, path: Path) -> Path:
    cols = ", ".join(c.name for c in DATASETS[dataset].columns)
    con.execute(f"copy (select {cols} from ({sql})) to '{path}' (header)")
    return path


# Each case: the dataset and a query of its rows as the file carries them (made from the demo's own data).
CASES = {
    # A new quarter for the employees who have none in 2026 Q3; and the quarterly scores of employees promoted in
    # 2026 Q2: 100 in the quarter before (2026 Q1), 60 in the others, so that their promotions spike (SCORE_SPIKE,
    # the one flag quarters reach, recomputed for those promotions alone).
    "appraisals_quarter": ("appraisals", """
        select * replace ('Q3' as period) from appraisals a where year = 2026 and period = 'Q2'
          and not exists (select 1 from appraisals b where b.nip = a.nip and b.year = 2026 and b.period = 'Q3')
        union all
        select * replace (case when year = 2026 and period = 'Q1' then 100.0 else 60.0 end as score)
        from appraisals where period <> 'Y' and score is not null
          and nip in (select nip from promotions where effective_date between '2026-04-02' and '2026-06-30')"""),
    # Annual ratings changed: the flags that read them (and the pools, and the forest's features) change too.
    "appraisals_annual": ("appraisals", """
        select * replace (greatest(score - 9, 0) as score)
        from (select * from appraisals where year = 2025 and period = 'Y' order by nip limit 60)"""),
    # Employees moved to an agency of another region (their facts move with them).
    "employees_moved": ("employees", """
        select e.* replace ((select agency_code from agencies where region_code <> a.region_code
                             order by agency_code limit 1) as agency_code)
        from employees e join agencies a using (agency_code)
        where e.nip in (select nip from appraisals where evaluator_nip is not null order by nip limit 25)"""),
    # Promotions added: a second promotion of the same kind a year later for some employees.
    "promotions_added": ("promotions", """
        select * replace (promotion_id || '-X' as promotion_id, (effective_date + interval 1 year)::date as effective_date)
        from (select * from promotions order by promotion_id limit 30)"""),
    # Complaints re-sent with later responses.
    "complaints_changed": ("complaints", """
        select * replace (first_response_at + interval 3 day as first_response_at)
        from (select * from complaints where first_response_at is not null and resolved_at is null
              order by complaint_id limit 40)"""),
}


@pytest.fixture(scope="module")
def template(demo_file) -> Path:
    return demo_file


@pytest.fixture(scope="module")
def shared(template, tmp_path_factory):
    """One copy of the demo for every case: each case undoes its load and checks that everything is back."""
    con = derived.connect(_place(template, tmp_path_factory.mktemp("incremental")))
    assert_equal_to_full_rebuild(con)  # what each case's undo must come back to
    yield con
    con.close()


# The derived tables each case refreshes by slices (the others are recomputed whole, as they were before issue 22;
# complaint cells by their own slices, tests/test_complaint_cells.py).
SLICED = {"appraisals_quarter": {"marts", "flags"}, "appraisals_annual": {"marts"}, "employees_moved": {"marts"}, "promotions_added": set(),
          "complaints_changed": set()}


@pytest.mark.parametrize("case", list(CASES))
def test_a_load_and_its_undo_equal_a_full_rebuild(case, shared, tmp_path, monkeypatch):
    dataset, sql = CASES[case]
    con = shared
    sliced = []
    for name, module in (("marts", marts), ("flags", flags)):
        real = module.refresh_slices
        monkeypatch.setattr(module, "refresh_slices",
                            lambda *a, _real=real, _name=name: sliced.append(_name) or _real(*a))
    keep_state(con, "before")
    path = _export(con, dataset, sql, tmp_path / f"{case}.csv")
    res = load_file(con, dataset, path, user="uji.analis")
    assert res.status == "loaded", [(e.column, e.value, e.message) for e in res.errors[:3]]
    assert set(sliced) == SLICED[case]
    assert res.rows_inserted + res.rows_updated > 0
    changed = differences(con, "before")
    assert changed  # the case changed something a derived table holds
    if case == "appraisals_quarter":
        assert any(d.startswith("flag_hits:") and "SCORE_SPIKE" in d for d in changed), changed
    assert_equal_to_full_rebuild(con)
    undone = undo_batch(con, res.batch_id, user="uji.analis")
    assert undone.status == "undone", undone.message
    # The demo's derived tables were built whole (each dataset's first load is all new rows): equal to them is
    # equal to a full rebuild of the same data.
    assert not differences(con, "before")


def test_agencies_region_change_is_refreshed_by_slices(template, tmp_path):
    """An agency moved to another region (the demo's codes start with their region; a stored agency's region is
    changed directly, as a migration would): the slices of its facts, groups and raters follow."""
    con = derived.connect(_place(template, tmp_path))
    try:
        code, region = con.execute("select agency_code, region_code from agencies where agency_code in "
                                   "(select agency_code from employees) order by agency_code limit 1").fetchone()
        other = con.execute("select region_code from agencies where region_code <> ? limit 1", [region]).fetchone()[0]
        con.begin()
        con.execute("update agencies set region_code = ?, _batch_id = 999 where agency_code = ?", [other, code])
        kept = derived.keep(con, "agencies", 999)
        assert kept["marts"].rows == 1 and not kept["marts"].full
        derived.refresh(con, "agencies", kept)
        con.commit()
        assert con.execute("select count(*) from appraisal_facts where agency_code = ? and region_code = ?",
                           [code, other]).fetchone()[0] > 0
        assert_equal_to_full_rebuild(con)
    finally:
        con.close()


def test_a_change_wider_than_the_setting_rebuilds_whole(template, tmp_path, monkeypatch):
    con = derived.connect(_place(template, tmp_path))
    try:
        con.begin()
        con.execute("update employees set _batch_id = 998 where nip in (select nip from employees order by nip "
                    "limit 100)")
        n = con.execute("select count(*) from employees").fetchone()[0]
        narrow = marts.keep(con, "employees", 998, 0.25)
        assert (narrow.rows, narrow.full) == (100, False) and narrow.share == pytest.approx(100 / n)
        wide = marts.keep(con, "employees", 998, 0.01)
        assert wide.full
        # A full refresh never reads the keys: it rebuilds from the datasets.
        calls = []
        monkeypatch.setattr(marts, "refresh_slices", lambda *a: calls.append(a))
        marts.refresh(con, wide)
        assert calls == []
        marts.refresh(con, narrow)
        assert len(calls) == 1
        con.rollback()
    finally:
        con.close()


def test_the_setting_reaches_the_load(template, tmp_path, monkeypatch):
    """`refresh_full_share` in kinerja.toml decides: 0 sends even a one-row load to the full rebuild."""
    settings = tmp_path / "kinerja.toml"
    settings.write_text("refresh_full_share = 0.0\n", encoding="utf-8")
    monkeypatch.setenv("KINERJA_SETTINGS", str(settings))
    con = derived.connect(_place(template, tmp_path))
    seen = []
    monkeypatch.setattr(marts, "refresh_slices", lambda *a: seen.append("slices"))
    try:
        path = _export(con, "appraisals", "select * replace (score - 1 as score) from (select * from appraisals "
                       "where period = 'Q1' and score > 1 order by nip limit 1)", tmp_path / "one.csv")
        assert load_file(con, "appraisals", path, user="uji.analis").status == "loaded"
        assert "slices" not in seen
        assert_equal_to_full_rebuild(con)
    finally:
        con.close()


def test_a_load_and_an_undo_say_each_stage_as_it_starts(shared, tmp_path):
    """What Unggah Data shows during a long load: the stages in order, the derived tables by name."""
    from analytics.loader import STAGES

    con = shared
    path = _export(con, "appraisals", "select * replace (score - 1 as score) from (select * from appraisals "
                   "where period = 'Q2' and score > 1 order by nip limit 3)", tmp_path / "three.csv")
    stages: list[str] = []
    res = load_file(con, "appraisals", path, user="uji.analis", progress=stages.append)
    assert res.status == "loaded"
    refreshes = [f"refresh_{d.name}" for d in derived.stale_after("appraisals")]
    assert refreshes == ["refresh_marts", "refresh_flags"]
    assert stages == [*STAGES, *refreshes, "commit"]
    stages.clear()
    other = _export(con, "appraisals", "select * replace (score - 1 as score) from (select * from appraisals "
                    "where period = 'Q3' and score > 1 order by nip limit 3)", tmp_path / "other.csv")
    assert load_file(con, "appraisals", other, user="uji.analis", dry_run=True, progress=stages.append).status \
        == "valid"
    assert stages == ["read", "check", "compare"]  # a check writes nothing
    stages.clear()
    assert undo_batch(con, res.batch_id, user="uji.analis", progress=stages.append).status == "undone"
    assert stages == ["wait", "write", *refreshes, "commit"]


@pytest.mark.parametrize("rows", [1, 5000])
def test_a_full_rebuild_a_few_periods_at_a_time_equals_one_at_once(template, tmp_path, monkeypatch, rows):
    """The marts' full rebuild takes at most CHUNK_ROWS appraisals a statement (a national rebuild at once ran out of
    memory): one period at a time (rows = 1) and a few (5000), the marts equal the demo's, built in one go, row for
    row, and in the same order of period, region and agency (what a page's filter skips row groups by)."""
    con = derived.connect(_place(template, tmp_path))
    try:
        assert len(marts._chunks(con)) == 1  # the demo's marts were built in one go
        keep_state(con, "once")
        order = {t: con.execute(f"select year, period, region_code, agency_code from {t} order by rowid").fetchall()
                 for t in marts.TABLES if t != "rater_period"}
        monkeypatch.setattr(marts, "CHUNK_ROWS", rows)
        chunks = marts._chunks(con)
        assert len(chunks) > 5 and (rows > 1 or all(len(c) == 1 for c in chunks))
        con.begin()
        marts.refresh(con)
        assert not differences(con, "once")
        for table, before in order.items():
            assert con.execute(f"select year, period, region_code, agency_code from {table} "
                               "order by rowid").fetchall() == before, table
        con.rollback()
    finally:
        con.close()


@pytest.mark.parametrize("side", ["before", "after"])
def test_a_rater_with_as_many_appraisees_in_two_agencies_belongs_to_the_first_code(template, tmp_path, monkeypatch,
                                                                                   side):
    """An evaluator whose appraisees in a period are split three and three between two agencies is placed in the
    agency whose code comes first, whether the marts are built at once or a period at a time (mode() answered a tie
    by the order the rows arrived in: two builds of the same data placed a rater in two regions)."""
    con = derived.connect(_place(template, tmp_path))
    try:
        ev, year, period = con.execute(
            "select evaluator_nip, year, period from appraisal_facts where evaluator_nip is not null group by all "
            "having count(*) = 6 and count(distinct agency_code) = 1 order by all limit 1").fetchone()
        nips = [r[0] for r in con.execute("select nip from appraisal_facts where evaluator_nip = ? and year = ? "
                                          "and period = ? order by nip", [ev, year, period]).fetchall()]
        home = con.execute("select agency_code from employees where nip = ?", [nips[0]]).fetchone()[0]
        other = con.execute(f"select {'max' if side == 'before' else 'min'}(agency_code) from agencies "
                            f"where agency_code {'<' if side == 'before' else '>'} ?", [home]).fetchone()[0]
        con.begin()
        con.execute("update employees set agency_code = ? where nip in (select unnest(?))", [other, nips[3:]])
        placed = []
        for rows in (10**9, 1):
            monkeypatch.setattr(marts, "CHUNK_ROWS", rows)
            marts.refresh(con)
            placed += con.execute("select agency_code from rater_period where evaluator_nip = ? and year = ? "
                                  "and period = ?", [ev, year, period]).fetchall()
        con.rollback()
        assert placed == [(min(home, other),)] * 2
    finally:
        con.close()
