"""Stored flags (issue 6): recomputed inside every load and undo that touches their sources, read by the queue
without recomputing; the queue's filters; reviews that survive recomputation; a planted OUTLIER."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from analytics import flags, reviews
from analytics.filters import Filters
from analytics.loader import load_file, undo_batch
from tests.conftest import write_csv
from tests.test_flags import ALL, ANDI, BUDI, EXPECTED, annual, emp, promo, world  # noqa: F401

FLAGGED = {pid for pid, codes in EXPECTED.items() if codes}


def stored(con) -> dict[str, set[str]]:
    return {pid: set(codes) for pid, codes in con.execute("select promotion_id, codes from promotion_flags").fetchall()}


def test_flags_are_stored_by_the_load_and_read_without_recomputing(world, monkeypatch):
    assert {p: c for p, c in stored(world).items()} == {p: EXPECTED[p] for p in FLAGGED}
    meta = flags.meta(world)
    assert meta["flagged"] == len(FLAGGED) and meta["promotions"] == 9
    # The queue and the report read the stored rows: computing anything now would fail.
    for name in ("rule_hits", "approver_pattern", "outliers", "refresh"):
        monkeypatch.setattr(flags, name, lambda *a, **k: pytest.fail("recomputed on read"))
    rows, total = flags.queue(world, ALL)
    assert total == len(FLAGGED) and rows["promotion_id"].iloc[0] == "P5"
    assert flags.flags(world, ALL, lang="id").set_index("promotion_id").loc["P2", "reasons"] == [
        "naik ke III/c 2 tahun setelah III/b; aturannya 4 tahun"]


def test_undo_and_reload_recompute_the_stored_flags(world, tmp_path):
    batch = world.execute("select max(batch_id) from batches where dataset = 'promotions'").fetchone()[0]
    undo_batch(world, batch, user="t")
    assert set(stored(world)) == set()  # the fixture's own promotions raise no code
    rows = [promo("P1", ANDI, "rank_regular", "2016-04-01", "III/a", "III/b"),
            promo("P2", ANDI, "rank_regular", "2018-04-01", "III/b", "III/c")]
    assert load_file(world, "promotions", write_csv(tmp_path / "again.csv", rows), user="t").status == "loaded"
    assert stored(world) == {"P2": {"RANK_TIME_SHORT"}}


def test_queue_filters(world):
    def ids(**kw):
        rows, total = flags.queue(world, ALL, kw.pop("filters", Filters()), **kw)
        assert total == len(rows)
        return set(rows["promotion_id"])

    assert ids(code="RANK_TIME_SHORT") == {"P2", "P5"}
    assert ids(filters=Filters(year=2025)) == {"P4", "P5"}
    assert ids(approver=BUDI) == FLAGGED and ids(approver="196001011985031001") == set()
    assert ids(filters=Filters(region="53.71")) == set()  # no promotion of Kupang is flagged
    assert ids(status="open") == FLAGGED and ids(status="under_review") == set()
    rows, total = flags.queue(world, ALL, limit=2)
    # P5 risks 0.88; P4 (0.6) and P3 (1 - 0.8 × 0.5 = 0.6) tie, and the later promotion comes first.
    assert list(rows["promotion_id"]) == ["P5", "P4"] and total == len(FLAGGED)
    with pytest.raises(ValueError):
        flags.queue(world, ALL, code="DROP TABLE")
    options = flags.approver_options(world, ALL)
    assert options.to_dict("records") == [{"approver_nip": BUDI, "name": "Budi Santoso", "flagged": len(FLAGGED)}]


def test_case_status_is_its_least_advanced_flag_and_survives_recomputation(world, tmp_path):
    # P5 has three codes: one under review leaves the case open; all three under review make it under review.
    reviews.change(world, ALL, "P5", "RANK_SKIP", "under_review", "cek SK", user="ina")
    assert flags.queue(world, ALL, status="open")[0]["promotion_id"].isin(["P5"]).any()
    for code in ("RANK_TIME_SHORT", "ABOVE_SUPERVISOR"):
        reviews.change(world, ALL, "P5", code, "under_review", "cek SK", user="ina")
    assert set(flags.queue(world, ALL, status="under_review")[0]["promotion_id"]) == {"P5"}
    # The status filter finds a case when any of its flags has the status (issue 20): one flag confirmed, two still
    # under review, and the case (its least advanced: under review) is found under both.
    reviews.change(world, ALL, "P5", "RANK_SKIP", "confirmed", "terbukti", user="ina")
    for status, found in (("confirmed", {"P5"}), ("under_review", {"P5"}), ("dismissed", set())):
        rows = flags.queue(world, ALL, status=status)[0]
        assert set(rows["promotion_id"]) == found, status
    assert flags.queue(world, ALL, status="confirmed")[0]["status"].tolist() == ["under_review"]
    # A new load recomputes every flag; the reviews belong to promotion and code, so they stay.
    extra = [annual(ANDI, 2024, "baik")]
    assert load_file(world, "appraisals", write_csv(tmp_path / "more.csv", extra), user="t").status == "loaded"
    assert set(flags.queue(world, ALL, status="under_review")[0]["promotion_id"]) == {"P5"}


def test_planted_outlier(loaded, tmp_path):
    """200 promotions alike (III/a to III/b at 40, four years after CPNS) and one that jumps three ranks three
    months after CPNS at 21: the forest finds it the strangest, and its sentence names rank steps and months
    since CPNS against the agency's medians."""
    def nip(i, born):
        return f"{born + timedelta(days=i % 300):%Y%m%d}201001{1 + i % 2}{i % 999 + 1:03d}"

    people = [nip(i, date(1974, 1, 1)) for i in range(200)]
    odd = "200301012024011001"
    employees = [emp(n, f"Pegawai {i}", "s1", "2010-01-01", "III/b", BUDI) for i, n in enumerate(people)]
    employees.append(emp(odd, "Pegawai Aneh", "s1", "2024-01-01", "III/d", BUDI))
    promotions = [promo(f"N{i}", n, "rank_regular", "2014-04-01", "III/a", "III/b") for i, n in enumerate(people)]
    promotions.append(promo("ODD", odd, "rank_choice", "2024-04-01", "II/c", "III/a"))
    for name, rows in (("employees", employees), ("promotions", promotions)):
        res = load_file(loaded, name, write_csv(tmp_path / f"o_{name}.csv", rows), user="t")
        assert res.status == "loaded", (name, [e.message for e in res.errors[:3]])
    found = flags.outliers(loaded, ALL).set_index("promotion_id")
    assert "ODD" in found.index and found.loc["ODD", "anomaly"] == 1.0
    assert not any(pid.startswith("N") for pid in found.index)
    # Every feature of ODD is far from the agency's median; the sentence names two, with both numbers.
    expected = {"rank_steps": (3.0, 1.0), "months_since_cpns": (3.0, 51.0), "months_in_rank": (3.0, 51.0),
                "age_years": (21.0, 40.0)}
    far = found.loc["ODD", "far"]
    assert len(far) == 2 and all(expected[f] == (v, m) for f, v, m in far)
    assert flags.outlier_sentence([("rank_steps", 3.0, 1.0), ("age_years", 21.0, 40.0)], "id") == (
        "pola tidak lazim di antara kenaikan: tingkat naik 3 (median instansi 1); usia 21 (median instansi 40)")
    assert "OUTLIER" in stored(loaded)["ODD"]


def test_a_code_with_several_hits_gives_one_sentence_each(world):
    """A rule can hit one promotion in several years (one stored row each): the queue pairs every sentence with
    its code, so the case view's table has as many codes as sentences (it raised on unequal lengths before)."""
    world.execute("insert into flag_hits select promotion_id, code, months, rule_years, a, b, year - 1, detail "
                  "from flag_hits where promotion_id = 'P2'")
    rows, _ = flags.queue(world, ALL)
    p2 = rows.set_index("promotion_id").loc["P2"]
    assert list(p2["codes"]) == ["RANK_TIME_SHORT"]
    assert p2["reason_codes"] == ["RANK_TIME_SHORT", "RANK_TIME_SHORT"] and len(p2["reasons"]) == 2
