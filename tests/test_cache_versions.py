"""Cache keys per dataset (ui/data.key_version): a load or an undo refreshes exactly the figures read from its
dataset, and every read not listed under data.SOURCES refreshes with any load."""
from __future__ import annotations

from analytics.loader import load_file, undo_batch
from analytics.regions import DataVersion, data_version
from tests.conftest import APPRAISALS, write_csv
from tests.test_sla import complaint
from ui import data


def _key(con, name):
    return data.key_version(name, data_version(con, "db"))


def test_dataset_version_keeps_only_the_named_datasets():
    v = DataVersion("db", 9, 1, (("agencies", 1, 0), ("appraisals", 4, 1), ("complaints", 9, 0)))
    assert v.of(frozenset({"agencies", "complaints"})) == ("db", (("agencies", 1, 0), ("complaints", 9, 0)))
    assert v.of(frozenset({"promotions"})) == ("db", ())
    assert v.progress == (9, 1) and DataVersion("db", 9, 2, ()).progress > v.progress


def test_a_complaints_load_keeps_the_appraisal_keys(loaded, tmp_path):
    names = ("rating_totals", "sla", "flag_queue", "public")
    before = {n: _key(loaded, n) for n in names}
    version = data_version(loaded)
    assert version.latest_batch == max(b for _, b, _ in version.datasets) and version.undone == 0
    res = load_file(loaded, "complaints", write_csv(tmp_path / "c.csv", [complaint("N1", "2025-12-01 09:00")]),
                    user="t")
    assert res.status == "loaded"
    after = {n: _key(loaded, n) for n in names}
    assert after["rating_totals"] == before["rating_totals"]  # appraisal figures stay cached
    assert after["sla"] != before["sla"]
    assert after["flag_queue"] != before["flag_queue"] and after["public"] != before["public"]  # not listed: all

    undo_batch(loaded, res.batch_id, user="t")
    undone = {n: _key(loaded, n) for n in names}
    assert undone["rating_totals"] == before["rating_totals"]
    assert undone["sla"] not in (before["sla"], after["sla"])


def test_an_appraisals_load_keeps_the_complaint_keys(loaded, tmp_path):
    before = {n: _key(loaded, n) for n in ("rating_totals", "sla", "monthly_flow")}
    row = {**APPRAISALS[0], "year": "2023"}
    res = load_file(loaded, "appraisals", write_csv(tmp_path / "a.csv", [row]), user="t")
    assert res.status == "loaded", [e.message for e in res.errors]
    after = {n: _key(loaded, n) for n in ("rating_totals", "sla", "monthly_flow")}
    assert after["sla"] == before["sla"] and after["monthly_flow"] == before["monthly_flow"]
    assert after["rating_totals"] != before["rating_totals"]


def test_every_listed_read_exists():
    assert set(data.SOURCES) <= set(data.READS)



def test_a_complaints_load_recomputes_only_the_overviews_complaint_part(loaded, tmp_path, monkeypatch):
    """The overview is cached in three parts (analytics.overview.PARTS); a complaints load recomputes its
    complaint figures, and the whole still equals the overview computed afresh."""
    from analytics import Scope
    from analytics import overview as ov
    from analytics.periods import Period

    computed = []
    real = ov.overview_part

    def counting(con, scope, part, **kw):
        computed.append(part)
        return real(con, scope, part, **kw)

    monkeypatch.setattr(ov, "overview_part", counting)
    data._overview_part.clear()
    everyone = Scope.unrestricted()
    scope_key = (everyone.regions, everyone.personal_data)

    def read():
        return data.overview(loaded, data_version(loaded, "db"), scope_key, None, None, 2025, "Q2")

    read()
    assert sorted(computed) == ["appraisals", "complaints", "promotions"]
    computed.clear()
    read()
    assert computed == []  # cached
    res = load_file(loaded, "complaints", write_csv(tmp_path / "c.csv", [complaint("N1", "2025-05-20 09:00")]),
                    user="t")
    assert res.status == "loaded"
    o = read()
    assert computed == ["complaints"]
    fresh = real(loaded, everyone, "complaints", region=None, agency=None, period=Period(2025, "Q2"))
    assert o.complaints == fresh["complaints"] and o.as_of == fresh["as_of"]
    whole = ov.overview(loaded, everyone, region=None, agency=None, period=Period(2025, "Q2"))
    assert o.employees_active == whole.employees_active and o.complaints == whole.complaints
    assert o.promotions == whole.promotions and o.good_share == whole.good_share
