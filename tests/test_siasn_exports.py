"""Issue 19, second part: SIASN's Export Data ASN through the unit map, SKP files that name employees by PNS ID,
and the demo in the national exports' shapes. Each shape round-trips: the demo written in it loads into the same
rows as the canonical files, on every column it carries."""
from __future__ import annotations

import csv
import io
import pathlib

import pytest

from analytics import derived
from analytics.demo import generate_demo_csvs
from analytics.demo.siasn import DATA_ASN_HEADER, main as write_examples, write_siasn_examples
from analytics.exports import position_level
from analytics.loader import load_file
from tests.conftest import snapshot

# One worker builds the module's two demo databases, not each (xdist's loadgroup).
pytestmark = pytest.mark.xdist_group("siasn_exports")

EMPLOYEE_COLUMNS = ["nip", "pns_id", "name", "gender", "birth_date", "cpns_date", "employment_type", "education",
                    "agency_code", "rank", "rank_since", "position_level", "position_title", "position_since", "status"]
CARRIED = {
    "employees": EMPLOYEE_COLUMNS,
    "appraisals": ["nip", "year", "period", "work_result", "behaviour", "rating", "evaluator_nip"],
    "complaints": ["complaint_id", "agency_code", "region_code", "channel", "category", "severity", "received_at",
                   "verified_at", "first_response_at", "resolved_at", "status", "satisfaction", "handler_nip"],
    "promotions": ["promotion_id", "nip", "kind", "effective_date", "from_rank", "to_rank", "agency_code",
                   "decree_number", "decree_date"],
}


@pytest.fixture(scope="module")
def worlds(tmp_path_factory):
    """The demo (200 employees) loaded twice: from the canonical files, and from the national exports' shapes (the
    Data ASN export in its `|` form with apostrophe NIPs)."""
    base = tmp_path_factory.mktemp("siasn")
    paths = generate_demo_csvs(base / "canon", employees=200, seed=7)
    shapes = write_siasn_examples(paths, base / "shapes")
    canon, real = derived.connect(base / "canon.duckdb"), derived.connect(base / "real.duckdb")
    for name, p in paths.items():
        assert load_file(canon, name, p).status == "loaded"
    results = {}
    for name, stem in [("agencies", None), ("agency_ratings", None), ("unor_map", "unor_map_siasn"),
                       ("employees", "export_data_asn_pipe"), ("appraisals", "skp_tahunan"),
                       ("appraisals", "kinerja_periodik"), ("complaints", "lapor_pengaduan"),
                       ("promotions", "riwayat_golongan")]:
        res = load_file(real, name, shapes[stem] if stem else paths[name], lang="en")
        assert res.status == "loaded", (stem, [(e.row, e.column, e.value, e.message) for e in res.errors[:5]])
        results[stem or name] = res
    yield canon, real, shapes, results
    canon.close()
    real.close()


@pytest.mark.parametrize("table", sorted(CARRIED))
def test_each_shape_loads_into_the_canonical_rows(worlds, table):
    canon, real, _, _ = worlds
    where = "where kind like 'rank%'" if table == "promotions" else ""  # the rank history holds rank steps only
    q = f"select {', '.join(CARRIED[table])} from {table} {where} order by all"
    expected = canon.execute(q).fetchall()
    assert expected and real.execute(q).fetchall() == expected


def test_the_answers_name_the_export_its_columns_and_the_entry_rows(worlds):
    _, real, shapes, results = worlds
    asn = results["export_data_asn_pipe"]
    assert asn.source == "SIASN Export Data ASN"
    assert {"NIP BARU", "PNS ID", "UNOR ID", "JABATAN NAMA", "KEDUDUKAN HUKUM NAMA"} <= set(asn.columns_used)
    assert {"NIK", "NOMOR HP", "EMAIL", "ALAMAT", "NPWP NOMOR", "BPJS", "AGAMA NAMA", "JENIS KAWIN NAMA"} <= \
        set(asn.columns_dropped)
    assert results["skp_tahunan"].source == "e-Kinerja riwayat SKP 2022"
    history = results["riwayat_golongan"]
    entries = sum(1 for r in csv.DictReader(shapes["riwayat_golongan"].open()) if "Pengadaan" in r["jenisKPNama"])
    assert history.rows_skipped == entries > 0
    # The comma form of the same export carries the same rows: nothing to change.
    again = load_file(real, "employees", shapes["export_data_asn"], lang="en")
    assert again.status == "unchanged" and again.rows_unchanged == 200


def test_the_shipped_examples_are_the_demo_in_those_shapes(tmp_path):
    """data/examples is what `python -m analytics.demo.siasn` writes (the embedded demo cut to Kota Palu)."""
    write_examples([str(tmp_path)])
    shipped = pathlib.Path(__file__).resolve().parents[1] / "data" / "examples"
    made = sorted(p.name for p in tmp_path.iterdir())
    assert made == sorted(p.name for p in shipped.glob("*.csv"))
    for name in made:
        assert (tmp_path / name).read_bytes() == (shipped / name).read_bytes(), name


# --- The reading of each column ---------------------------------------------------------------------------------

@pytest.mark.parametrize("kind,title,level", [
    ("Jabatan Fungsional Tertentu", "Dokter Ahli Muda", "fungsional_ahli_muda"),
    ("Jabatan Fungsional Tertentu", "Perawat Terampil", "fungsional_terampil"),
    ("Jabatan Fungsional Tertentu", "Guru Ahli Pertama", "fungsional_ahli_pertama"),
    ("Jabatan Fungsional Umum", "Pengadministrasi Perkantoran", "pelaksana"),
    ("Pelaksana", "Operator Layanan Operasional", "pelaksana"),
    ("4", "Penata Layanan Operasional", "pelaksana"),
    ("Jabatan Struktural", "Kepala Dinas Kesehatan", "jpt_pratama"),
    ("Jabatan Struktural", "Inspektur", "jpt_pratama"),
    ("Jabatan Struktural", "Inspektur Pembantu Wilayah II", "administrator"),
    ("Jabatan Struktural", "Sekretaris Dinas", "administrator"),
    ("Jabatan Struktural", "Kepala Bagian Umum", "administrator"),
    ("Jabatan Struktural", "Kepala Sub Bagian Keuangan", "pengawas"),
    ("Jabatan Struktural", "Kepala Subbidang Kepangkatan", "pengawas"),
    ("Jabatan Struktural", "Kepala UPT Puskesmas Talise", "pengawas"),
    ("Jabatan Struktural", "Lurah Besusu Barat", "pengawas"),
    ("1", "Camat Palu Timur", "administrator"),
    ("Jabatan Struktural", "Kepala Pusat Data", None),
    ("Jabatan Fungsional Tertentu", "Dokter", None),
])
def test_position_level_from_the_title(kind, title, level):
    assert position_level(kind, title) == level


def _asn_rows(**changes) -> list[dict]:
    """Two employees of Kota Palu's health office in the Data ASN shape (the small world's Siti Aminah and Budi
    Santoso), each in a unit."""
    base = dict.fromkeys(DATA_ASN_HEADER, "")
    rows = [dict(base, **{
        "PNS ID": "A1B2C3D4E5F60718293A4B5C6D7E8F90", "NIP BARU": "199005122015032002", "NAMA": "Siti Aminah",
        "TANGGAL LAHIR": "12-05-1990", "JENIS KELAMIN": "Wanita", "JENIS PEGAWAI NAMA": "PNS Daerah Kab/Kota",
        "KEDUDUKAN HUKUM NAMA": "Tugas Belajar", "TMT CPNS": "01-03-2015", "GOL AKHIR ID": "33",
        "TMT GOLONGAN": "2023-04-01T00:00:00Z", "JENIS JABATAN NAMA": "Jabatan Fungsional Tertentu",
        "JABATAN NAMA": "Dokter Ahli Muda", "TMT JABATAN": "01-04-2023", "TINGKAT PENDIDIKAN ID": "40",
        "UNOR ID": "U-PUSKESMAS", "UNOR NAMA": "UPT Puskesmas Talise", "NIK": "7271015205900001"}),
        dict(base, **{
        "PNS ID": "0F9E8D7C6B5A49382716051F2E3D4C5B", "NIP BARU": "196608011988031001", "NAMA": "Budi Santoso",
        "TANGGAL LAHIR": "01-08-1966", "JENIS KELAMIN": "L", "JENIS PEGAWAI NAMA": "PNS Daerah Kab/Kota",
        "KEDUDUKAN HUKUM NAMA": "Aktif", "TMT CPNS": "01-03-1988", "GOL AKHIR NAMA": "IV/a",
        "TMT GOLONGAN": "01-04-2016", "JENIS JABATAN NAMA": "Jabatan Struktural", "JABATAN NAMA": "Kepala Dinas",
        "TMT JABATAN": "02-01-2019", "TINGKAT PENDIDIKAN NAMA": "S-2", "UNOR ID": "U-DINKES",
        "UNOR NAMA": "Dinas Kesehatan"})]
    for i, values in changes.items():
        rows[int(i)].update(values)
    return rows


def _write(path: pathlib.Path, rows: list[dict], delimiter: str = ",") -> pathlib.Path:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(rows[0]), delimiter=delimiter, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def _units(con, tmp_path, rows: list[tuple]) -> None:
    p = tmp_path / "unor.csv"
    p.write_text("id,NamaUnor,DiatasanId,agency_code\n" + "".join(",".join(r) + "\n" for r in rows))
    res = load_file(con, "unor_map", p, lang="en")
    assert res.status == "loaded", [(e.row, e.column, e.message) for e in res.errors]


def _health_units(con, tmp_path) -> None:
    _units(con, tmp_path, [("U-DINKES", "Dinas Kesehatan", "", "72.71.DINKES"),
                           ("U-PUSKESMAS", "Puskesmas", "U-DINKES", "")])


def test_export_data_asn_maps_through_the_nearest_mapped_unit(loaded, tmp_path):
    """The puskesmas is two levels below the office that names the agency; the office itself names it too."""
    _units(loaded, tmp_path, [("U-DINKES", "Dinas Kesehatan", "", "72.71.DINKES"),
                              ("U-YANKES", "Bidang Pelayanan Kesehatan", "U-DINKES", ""),
                              ("U-PUSKESMAS", "UPT Puskesmas Talise", "U-YANKES", "")])
    res = load_file(loaded, "employees", _write(tmp_path / "asn.csv", _asn_rows()), lang="en")
    assert res.status == "loaded", [(e.row, e.column, e.value, e.message) for e in res.errors]
    assert res.source == "SIASN Export Data ASN" and "NIK" in res.columns_dropped
    rows = loaded.execute("select nip, pns_id, gender, employment_type, education, agency_code, rank, rank_since, "
                          "position_level, status, supervisor_nip from employees where nip in "
                          "('199005122015032002', '196608011988031001') order by nip").fetchall()
    assert [r[:7] + (str(r[7]),) + r[8:] for r in rows] == [
        ("196608011988031001", "0F9E8D7C6B5A49382716051F2E3D4C5B", "M", "pns", "s2", "72.71.DINKES", "IV/a",
         "2016-04-01", "jpt_pratama", "active", None),
        # Tugas Belajar is still employed; the supervisor is not in the export: the stored one stays.
        ("199005122015032002", "A1B2C3D4E5F60718293A4B5C6D7E8F90", "F", "pns", "s1", "72.71.DINKES", "III/c",
         "2023-04-01", "fungsional_ahli_muda", "active", "196608011988031001"),
    ]


def test_units_that_map_to_no_agency_are_one_error_each(loaded, tmp_path):
    rows = _asn_rows(**{"1": {"UNOR ID": "U-PUSKESMAS", "UNOR NAMA": "UPT Puskesmas Talise"}})
    rows.append(dict(rows[0], **{"NIP BARU": "199001012021212003", "PNS ID": "X", "UNOR ID": "U-LAB",
                                 "UNOR NAMA": "Labkesda"}))
    before = snapshot(loaded)
    res = load_file(loaded, "employees", _write(tmp_path / "asn.csv", rows), lang="en")
    assert res.status == "rejected" and snapshot(loaded) == before
    units = [(e.row, e.column, e.value) for e in res.errors if e.rule == "unor_unmapped"]
    assert units == [(2, "UNOR ID", "U-PUSKESMAS"), (4, "UNOR ID", "U-LAB")]
    first = next(e for e in res.errors if e.value == "U-PUSKESMAS")
    assert "UPT Puskesmas Talise (U-PUSKESMAS)" in first.message and "2 employees" in first.message
    assert "rows 2, 3" in first.message
    # The empty agency is not reported a second time by the dataset's own rules.
    assert not [e for e in res.errors if e.column == "UNOR ID" and e.rule != "unor_unmapped"]


def test_a_title_it_cannot_place_is_an_error_naming_the_title(loaded, tmp_path):
    _health_units(loaded, tmp_path)
    rows = _asn_rows(**{"1": {"JABATAN NAMA": "Kepala Pusat Data"}})
    res = load_file(loaded, "employees", _write(tmp_path / "asn.csv", rows), lang="id")
    assert res.status == "rejected"
    assert [(e.row, e.column, e.value, e.rule) for e in res.errors] == [
        (3, "JABATAN NAMA", "Kepala Pusat Data", "position_unplaced")]
    assert "'Kepala Pusat Data (Jabatan Struktural)'" in res.errors[0].message


def test_both_nip_baru_and_nip_are_refused(loaded, tmp_path):
    rows = [dict(r, nip=r["NIP BARU"]) for r in _asn_rows()]
    res = load_file(loaded, "employees", _write(tmp_path / "asn.csv", rows), lang="en")
    assert res.status == "rejected"
    assert [(e.row, e.rule) for e in res.errors] == [(1, "nip_two_columns")]
    assert "NIP BARU, nip" in res.errors[0].message


def test_a_pns_id_claimed_by_two_nips_is_refused(loaded, tmp_path):
    _health_units(loaded, tmp_path)
    same = _asn_rows(**{"1": {"PNS ID": "A1B2C3D4E5F60718293A4B5C6D7E8F90"}})
    res = load_file(loaded, "employees", _write(tmp_path / "asn.csv", same), lang="en")
    assert res.status == "rejected"
    assert [(e.row, e.column, e.rule) for e in res.errors] == [(2, "PNS ID", "pns_id_taken"),
                                                               (3, "PNS ID", "pns_id_taken")]
    assert "196608011988031001" in res.errors[0].message
    # Against the stored employees: the first file loads; a later file giving the same id to another NIP does not.
    assert load_file(loaded, "employees", _write(tmp_path / "ok.csv", _asn_rows()), lang="en").status == "loaded"
    other = [dict(_asn_rows()[1], **{"PNS ID": "A1B2C3D4E5F60718293A4B5C6D7E8F90"})]
    res = load_file(loaded, "employees", _write(tmp_path / "other.csv", other), lang="en")
    assert res.status == "rejected" and [(e.row, e.rule) for e in res.errors] == [(2, "pns_id_taken")]
    assert "199005122015032002" in res.errors[0].message


def test_a_cycle_in_the_unit_map_is_refused(loaded, tmp_path):
    p = tmp_path / "u.csv"
    p.write_text("id,NamaUnor,DiatasanId,agency_code\nA,a,C,\nB,b,A,\nC,c,B,\nD,d,D,\nE,e,A,\n")
    before = snapshot(loaded)
    res = load_file(loaded, "unor_map", p, lang="en")
    assert res.status == "rejected" and snapshot(loaded) == before
    assert [(e.row, e.column, e.value, e.rule) for e in res.errors] == [
        (2, "DiatasanId", "C", "unor_cycle"), (3, "DiatasanId", "A", "unor_cycle"),
        (4, "DiatasanId", "B", "unor_cycle"), (5, "DiatasanId", "D", "unor_cycle")]
    assert "A → C → B → A" in res.errors[0].message
    # A cycle made with the stored units: X under Y is fine, then Y under X is not.
    _units(loaded, tmp_path, [("X", "x", "", "72.71.DINKES"), ("Y", "y", "X", "")])
    p.write_text("id,NamaUnor,DiatasanId,agency_code\nX,x,Y,72.71.DINKES\n")
    res = load_file(loaded, "unor_map", p, lang="en")
    assert [(e.row, e.rule) for e in res.errors] == [(2, "unor_cycle")]


def test_annual_skp_names_employees_by_pns_id(loaded, tmp_path):
    _health_units(loaded, tmp_path)
    assert load_file(loaded, "employees", _write(tmp_path / "asn.csv", _asn_rows()), lang="en").status == "loaded"
    header = ["id", "hasilKinerja", "hasilKinerjaNilai", "kuadranKinerja", "KuadranKinerjaNilai", "nipNrpPenilai",
              "perilakuKerja", "PerilakuKerjaNilai", "pnsDinilaiId", "tahun"]
    rows = [["s1", "DIATAS EKSPEKTASI", "", "SANGAT BAIK", "4", "196608011988031001", "", "1",
             "A1B2C3D4E5F60718293A4B5C6D7E8F90", "2023"],
            ["s2", "", "2", "BAIK", "", "", "SESUAI EKSPEKTASI", "", "0F9E8D7C6B5A49382716051F2E3D4C5B", "2023"]]
    p = tmp_path / "skp.csv"
    p.write_text(",".join(header) + "\n" + "".join(",".join(r) + "\n" for r in rows))
    res = load_file(loaded, "appraisals", p, lang="en")
    assert res.status == "loaded" and res.source == "e-Kinerja riwayat SKP 2022", res.errors
    assert loaded.execute("select nip, period, work_result, behaviour, rating, evaluator_nip from appraisals "
                          "where year = 2023 and period = 'Y' order by nip").fetchall() == [
        ("196608011988031001", "Y", "meets", "meets", "baik", None),
        ("199005122015032002", "Y", "above", "above", "sangat_baik", "196608011988031001")]
    # An unknown PNS ID: one error naming the column as the file does, with its rows; nothing loaded.
    rows += [["s3", "DIATAS EKSPEKTASI", "", "SANGAT BAIK", "", "", "DIATAS EKSPEKTASI", "", "NOBODY", "2024"],
             ["s4", "DIATAS EKSPEKTASI", "", "BAIK", "", "", "SESUAI EKSPEKTASI", "", "NOBODY", "2025"]]
    p.write_text(",".join(header) + "\n" + "".join(",".join(r) + "\n" for r in rows))
    before = snapshot(loaded)
    res = load_file(loaded, "appraisals", p, lang="en")
    assert res.status == "rejected" and snapshot(loaded) == before
    assert [(e.row, e.column, e.value, e.rule) for e in res.errors] == [(4, "pnsDinilaiId", "NOBODY", "pns_id_unknown")]
    assert "2 rows" in res.errors[0].message and "4, 5" in res.errors[0].message


@pytest.mark.parametrize("lang", ["en", "id"])
def test_the_methodology_says_every_structural_reading(lang):
    """docs/EXPORTS.*.md (on the methodology page) names every title opening the reading places."""
    from analytics.exports import _STRUCTURAL

    doc = (pathlib.Path(__file__).resolve().parents[1] / "docs" / f"EXPORTS.{lang}.md").read_text().lower()
    for words, _ in _STRUCTURAL:
        spelled = words.replace("kepala subbagian", "kepala sub bagian").replace("kepala sub bidang",
                                                                                 "kepala subbidang")
        assert f"`{spelled}" in doc, words


@pytest.mark.parametrize("case", ["clean", "problems"])
def test_duckdb_and_python_readings_of_data_asn_agree(worlds, tmp_path, monkeypatch, case):
    """The Data ASN export is read by DuckDB when it reads the file cleanly, else row by row in Python: both give
    the same rows and the same errors (each reading of status, education, ranks, titles and units)."""
    import analytics.exports as exports

    _, real, shapes, _ = worlds
    rows = list(csv.DictReader(shapes["export_data_asn"].open(encoding="utf-8")))
    if case == "problems":
        rows[3].update({"UNOR ID": "NOWHERE", "UNOR NAMA": "Unit Entah"})
        rows[7].update({"UNOR ID": "NOWHERE", "UNOR NAMA": "Unit Entah"})
        rows[5].update({"JENIS JABATAN NAMA": "Jabatan Struktural", "JABATAN NAMA": "Kepala Pusat Data"})
        rows[6].update({"KEDUDUKAN HUKUM NAMA": "Masa Persiapan Pensiun", "TINGKAT PENDIDIKAN NAMA": "",
                        "TINGKAT PENDIDIKAN ID": "42", "GOL AKHIR NAMA": "", "JENIS PEGAWAI NAMA": "",
                        "STATUS CPNS PNS": "C"})
        rows[8].update({"KEDUDUKAN HUKUM NAMA": "Cuti Besar", "TINGKAT PENDIDIKAN NAMA": "Sekolah Rakyat"})
    path = _write(tmp_path / "asn.csv", rows)

    def answer():
        res = load_file(real, "employees", path, lang="en", dry_run=True)
        return (res.status, res.rows_updated, res.rows_unchanged, res.error_count,
                [(e.row, e.column, e.value, e.rule, e.message) for e in res.errors])

    fast = answer()
    monkeypatch.setattr(exports, "duck_rows", lambda *a: False)
    assert answer() == fast
    if case == "problems":
        assert fast[0] == "rejected" and {e[3] for e in fast[4]} >= {"unor_unmapped", "position_unplaced", "enum"}
    else:
        assert fast == ("valid", 0, 200, 0, [])
