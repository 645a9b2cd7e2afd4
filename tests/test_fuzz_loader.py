"""The loader under seeded random mutation of valid files (issue 18): for every mutated file, either `loaded`
with every line of the file accounted for, or `rejected` with errors and the database unchanged; never an
uncaught exception, never more than a bounded amount of memory. CI runs FUZZ_CASES cases; bench/fuzz_loader.py
runs as many as asked."""
from __future__ import annotations

import os
import random
import tracemalloc

import pytest

from analytics.demo import generate_demo_csvs
from analytics.loader import load_file, undo_batch
from tests.conftest import snapshot
from tests.mutations import mutate

FUZZ_CASES = int(os.environ.get("KINERJA_FUZZ_CASES", "48"))
MAX_PYTHON_MB = 300          # Python's own allocations during one load (DuckDB's are bounded by its limit)


@pytest.fixture(scope="module")
def demo_files(tmp_path_factory):
    return generate_demo_csvs(tmp_path_factory.mktemp("fuzz_demo"), employees=200, seed=5)


def expected_records(data: bytes) -> int | None:
    """The data lines a loaded file must account for, when they can be counted from its bytes alone (UTF-8, no
    quotes, no carriage return inside a line)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    if '"' in text or "\r" in text.replace("\r\n", "\n"):
        return None
    return sum(1 for line in text.split("\n")[1:] if line.replace("\r", ""))


def check_case(con, dataset: str, data: bytes, path) -> tuple[str, int]:
    """Load one mutated file and check the outcome; returns (status, peak Python MB)."""
    path.write_bytes(data)
    before = snapshot(con)
    tracemalloc.start()
    try:
        res = load_file(con, dataset, path, user="fuzz", lang="en")
        peak = tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()
    assert res.status in ("loaded", "rejected", "unchanged"), res
    if res.status == "rejected":
        assert res.errors and all(e.message for e in res.errors), res
        assert snapshot(con) == before
    elif res.status == "loaded":
        n = expected_records(data)
        if n is not None:
            assert res.rows_in_file == n, (res.rows_in_file, n)
        assert undo_batch(con, res.batch_id, user="fuzz").status == "undone"
    assert peak < MAX_PYTHON_MB, peak
    return res.status, peak


def test_mutated_files_are_loaded_whole_or_refused_whole(store, demo_files, tmp_path):
    assert load_file(store, "agencies", demo_files["agencies"], user="fuzz").status == "loaded"
    sources = {name: demo_files[name].read_bytes() for name in ("agencies", "employees")}
    rng = random.Random(20261204)
    seen = {"loaded": 0, "rejected": 0, "unchanged": 0}
    for case in range(FUZZ_CASES):
        dataset = rng.choice(list(sources))
        data, names = mutate(rng, sources[dataset])
        try:
            status, _ = check_case(store, dataset, data, tmp_path / f"case{case}.csv")
        except AssertionError as exc:
            raise AssertionError(f"case {case} ({dataset}, {names}): {exc}") from None
        seen[status] += 1
    assert seen["rejected"] and seen["loaded"], seen  # the mutations reach both outcomes
