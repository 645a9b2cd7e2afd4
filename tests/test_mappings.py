"""Issue 19 (6): a file nobody described is mapped once, under a name, and the mapping is used again for files with
the same headers (by itself) or by name on the command line."""
from __future__ import annotations

import json

import pytest

from analytics import mappings
from analytics.cli import main
from analytics.loader import load_file
from tests.conftest import snapshot

HEADER = ["Kode OPD", "Nama OPD", "Singkatan", "Wilayah", "Jenis OPD"]
PICKS = {"agency_code": "Kode OPD", "name": "Nama OPD", "region_code": "Wilayah", "kind": "Jenis OPD"}


def _opd(path, rows, header=HEADER):
    path.write_text(",".join(header) + "\n" + "".join(",".join(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_a_saved_mapping_is_used_again_for_a_file_with_the_same_headers(loaded, tmp_path):
    first = _opd(tmp_path / "opd1.csv", [["72.71.DISDIK", "Dinas Pendidikan Kota Palu", "Disdik", "7271", "Dinas"]])
    res = load_file(loaded, "agencies", first, lang="en")
    assert res.status == "rejected" and {e.rule for e in res.errors} >= {"header_missing"}
    saved = mappings.save(loaded, "OPD Palu", "agencies", HEADER, PICKS, user="rina")
    assert saved.columns == PICKS and saved.created_by == "rina"
    res = load_file(loaded, "agencies", first, lang="en")
    assert res.status == "loaded" and res.mapping == "OPD Palu", res.errors
    assert res.warnings[0].rule == "mapping_used" and "'OPD Palu'" in res.warnings[0].message
    # A second file: other rows, the same headers in another order and case. Its errors name its own columns.
    header2 = ["nama opd", "KODE OPD", "Jenis OPD", "Wilayah", "Singkatan"]
    second = _opd(tmp_path / "opd2.csv", [["Dinas Sosial Kota Palu", "72.71.DINSOS", "dinas", "72.71", "Dinsos"],
                                          ["Bappeda", "72.71.BAPPEDA", "badan", "99.99", ""]], header2)
    res = load_file(loaded, "agencies", second, lang="en")
    assert res.mapping == "OPD Palu" and res.status == "rejected"
    assert [(e.row, e.column, e.value, e.rule) for e in res.errors] == [(3, "Wilayah", "99.99", "region_unknown")]


def test_the_command_line_names_a_mapping_and_lists_them(loaded, tmp_path, capsys):
    db = str(tmp_path / "kinerja.duckdb")
    mappings.save(loaded, "OPD Palu", "agencies", HEADER, PICKS, user="rina")
    loaded.close()
    other = ["KD", "NM", "Singkatan", "Wilayah", "Jenis OPD"]  # other headers: found only by name, and refused
    p = _opd(tmp_path / "x.csv", [["72.71.DISDIK", "Dinas Pendidikan Kota Palu", "Disdik", "7271", "dinas"]], other)
    assert main(["--db", db, "load", "agencies", str(p), "--mapping", "OPD Palu"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["status"] == "rejected" and out["mapping"] == "OPD Palu"
    assert main(["--db", db, "load", "agencies", str(p), "--mapping", "Tidak Ada"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert [e["message"] for e in out["errors"]] == ["Tidak ada pemetaan kolom bernama 'Tidak Ada'."]
    p = _opd(tmp_path / "y.csv", [["72.71.DISDIK", "Dinas Pendidikan Kota Palu", "Disdik", "7271", "dinas"]])
    assert main(["--db", db, "load", "agencies", str(p), "--mapping", "OPD Palu", "--dry-run"]) == 0
    assert json.loads(capsys.readouterr().out)["status"] == "valid"
    assert main(["--db", db, "--lang", "en", "load", "employees", str(p), "--mapping", "OPD Palu"]) == 1
    assert "is for Agencies data, not Employees" in json.loads(capsys.readouterr().out)["errors"][0]["message"]
    assert main(["--db", db, "mappings"]) == 0
    listed = json.loads(capsys.readouterr().out)["mappings"]
    assert [(m["name"], m["dataset"], m["columns"]["region_code"]) for m in listed] == [
        ("OPD Palu", "agencies", "Wilayah")]


@pytest.mark.parametrize("name,dataset,picks,code", [
    ("", "agencies", PICKS, "mapping_name"),
    ("a;drop", "agencies", PICKS, "mapping_name"),
    ("ok", "agencies", {**PICKS, "colour": "Jenis OPD"}, "mapping_column"),
    ("ok", "agencies", {**PICKS, "kind": "Tipe"}, "mapping_header"),
    ("ok", "agencies", {**PICKS, "kind": "Nama OPD"}, "mapping_header_twice"),
    ("ok", "agencies", {k: v for k, v in PICKS.items() if k != "kind"}, "mapping_required"),
])
def test_a_mapping_that_cannot_be_saved_says_why(store, name, dataset, picks, code):
    before = snapshot(store)
    with pytest.raises(mappings.MappingError) as caught:
        mappings.save(store, name, dataset, HEADER, picks, user="rina")
    assert caught.value.code == code
    assert snapshot(store) == before and mappings.list_all(store) == []


def test_a_name_belongs_to_one_files_headers(store):
    mappings.save(store, "OPD", "agencies", HEADER, PICKS, user="rina")
    mappings.save(store, "OPD", "agencies", list(reversed(HEADER)), PICKS, user="budi")  # same headers: replaced
    assert [m.created_by for m in mappings.list_all(store)] == ["budi"]
    with pytest.raises(mappings.MappingError) as caught:
        mappings.save(store, "OPD", "agencies", HEADER + ["Catatan"], PICKS, user="rina")
    assert caught.value.code == "mapping_name_taken"


def test_suggestions_by_similar_names():
    assert mappings.suggest("agencies", HEADER)["name"] == "Nama OPD"
    got = mappings.suggest("employees", ["NIP Pegawai", "Nama Lengkap", "Tgl Lahir", "TMT CPNS", "Gol", "TMT Gol"])
    assert got["nip"] == "NIP Pegawai" and got["name"] == "Nama Lengkap" and got["rank_since"] == "TMT Gol"
    assert "cpns_date" not in got  # TMT CPNS is the contract's own header: nothing to map
