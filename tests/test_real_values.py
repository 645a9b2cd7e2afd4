"""Issue 19, the loader's side of real exports (first part): `|`-separated files, NIPs with the apostrophe Excel
users type, NIPs Excel damaged (refused with the hint to format the column as Text), ISO date-times with T and
Z, and a value outside a vocabulary reported once per distinct value with its rows and the accepted values in
the reader's language."""
from __future__ import annotations

import copy
import hashlib
from pathlib import Path

import pytest

from analytics.loader import load_file
from tests.conftest import ROWS, csv_text, snapshot, write_csv


def _employees(**changes) -> list[dict]:
    rows = copy.deepcopy(ROWS["employees"])
    for i, values in changes.items():
        rows[int(i)].update(values)
    return rows


def test_a_pipe_separated_file_loads(store, tmp_path):
    p = tmp_path / "agencies.csv"
    p.write_text(csv_text(ROWS["agencies"], delimiter="|"))
    res = load_file(store, "agencies", p, lang="en")
    assert res.status == "loaded" and res.rows_inserted == len(ROWS["agencies"])


def test_a_nip_with_a_leading_apostrophe_is_the_nip(loaded, tmp_path):
    rows = _employees(**{"0": {"nip": "'196608011988031001", "name": "Budi Santoso, S.Kom"}})
    res = load_file(loaded, "employees", write_csv(tmp_path / "e.csv", rows), lang="en")
    assert res.status == "loaded", res.errors
    assert loaded.execute("select name from employees where nip = '196608011988031001'").fetchone()[0] == \
        "Budi Santoso, S.Kom"


def test_nips_excel_damaged_are_refused_with_the_hint(loaded, tmp_path):
    rows = _employees(**{"0": {"nip": "1.96608E+17"}, "1": {"nip": "199005122015032000"},
                         "2": {"nip": "'1,99001E+17"}})
    before = snapshot(loaded)
    res = load_file(loaded, "employees", write_csv(tmp_path / "e.csv", rows), lang="en")
    assert res.status == "rejected" and snapshot(loaded) == before
    damaged = [(e.row, e.column, e.value, e.rule) for e in res.errors if e.rule == "nip_excel"]
    assert damaged == [(2, "nip", "1.96608E+17", "nip_excel"), (3, "nip", "199005122015032000", "nip_excel"),
                       (4, "nip", "'1,99001E+17", "nip_excel")]
    assert "as Text" in res.errors[0].message
    assert not [e for e in res.errors if e.rule == "nip_format"]


def test_iso_date_times_with_t_and_z_are_dates_and_times(loaded, tmp_path):
    promotions = copy.deepcopy(ROWS["promotions"])
    promotions[0].update(effective_date="2023-04-01T00:00:00Z", decree_date="2023-03-01T00:00:00.000Z")
    res = load_file(loaded, "promotions", write_csv(tmp_path / "p.csv", promotions), lang="en")
    assert res.status in ("loaded", "unchanged"), res.errors
    complaints = copy.deepcopy(ROWS["complaints"])
    complaints[1].update(received_at="2025-05-02T08:00:00Z")  # the instant already stored as 2025-05-02 08:00
    res = load_file(loaded, "complaints", write_csv(tmp_path / "c.csv", complaints), lang="en")
    assert res.status == "unchanged", res.errors
    complaints[1].update(received_at="2025-05-03T09:30:00Z")
    res = load_file(loaded, "complaints", write_csv(tmp_path / "c2.csv", complaints), lang="en")
    assert res.status == "loaded", res.errors
    assert str(loaded.execute("select received_at from complaints where complaint_id = 'LPR-2025-000002'"
                              ).fetchone()[0]) == "2025-05-03 09:30:00"


def test_an_unknown_value_is_reported_once_with_its_rows_and_the_labels(loaded, tmp_path):
    rows = _employees(**{str(i): {"status": "Cuti Besar"} for i in range(3)}, **{"3": {"status": "libur"}})
    res = load_file(loaded, "employees", write_csv(tmp_path / "e.csv", rows), lang="id")
    assert res.status == "rejected"
    enum = [(e.row, e.value, e.rule) for e in res.errors if e.rule == "enum"]
    assert enum == [(2, "Cuti Besar", "enum"), (5, "libur", "enum")]
    first = next(e for e in res.errors if e.value == "Cuti Besar")
    assert "3 baris" in first.message and "2, 3, 4" in first.message
    assert "Aktif (active)" in first.message  # the accepted values named in Indonesian, with their codes


def test_personal_data_reaches_neither_the_database_nor_the_kept_copy(store, tmp_path):
    """Issue 19 (2): NIK, phone, e-mail and religion columns are removed on reading; the kept raw copy is the file
    without them and its sha256 is the one recorded; the answer says which were removed, in one line, and the
    unknown columns in another."""
    agencies = load_file(store, "agencies", write_csv(tmp_path / "a.csv", ROWS["agencies"]))
    assert agencies.status == "loaded"
    nik = "7271015508900001"
    rows = []
    for i, r in enumerate(ROWS["employees"]):
        rows.append({**r, "NIK": nik if i == 0 else f"72710155089000{i:02d}", "NOMOR HP": "081234567890",
                     "EMAIL": "budi@example.id", "AGAMA NAMA": "Islam", "hobi": "catur", "warna": "biru"})
    path = write_csv(tmp_path / "siasn_like.csv", rows)
    res = load_file(store, "employees", path, lang="en")
    assert res.status == "loaded", res.errors
    assert [w.rule for w in res.warnings] == ["personal_dropped", "unknown_column"]
    assert "NIK, NOMOR HP, EMAIL, AGAMA NAMA" in res.warnings[0].message
    assert "2 unknown columns, ignored: hobi, warna" in res.warnings[1].message
    store.execute("checkpoint")
    db_file = Path(store.execute("select path from duckdb_databases() where database_name = current_database()"
                                 ).fetchone()[0])
    kept = Path(store.execute("select raw_path from batches where batch_id = ?", [res.batch_id]).fetchone()[0])
    for f in (db_file, kept):
        data = f.read_bytes()
        assert nik.encode() not in data and b"081234567890" not in data and b"budi@example.id" not in data, f
    assert b"Budi Santoso" in kept.read_bytes() and b"hobi" in kept.read_bytes()
    assert hashlib.sha256(kept.read_bytes()).hexdigest() == res.sha256
    # The same export again: unchanged, by the sha256 of what is kept.
    again = load_file(store, "employees", path, lang="en")
    assert again.status == "unchanged"


def test_personal_data_is_removed_from_an_excel_file_too(store, tmp_path):
    import openpyxl

    assert load_file(store, "agencies", write_csv(tmp_path / "a.csv", ROWS["agencies"])).status == "loaded"
    wb = openpyxl.Workbook()
    ws = wb.active
    keys = list(ROWS["employees"][0])
    ws.append(["NIK", *keys])
    for r in ROWS["employees"]:
        ws.append(["7271015508900001", *[r[k] for k in keys]])
    p = tmp_path / "e.xlsx"
    wb.save(p)
    res = load_file(store, "employees", p, lang="en")
    assert res.status == "loaded", res.errors
    kept = Path(store.execute("select raw_path from batches where batch_id = ?", [res.batch_id]).fetchone()[0])
    assert b"7271015508900001" not in kept.read_bytes() and b"Siti Aminah" in kept.read_bytes()


RANK_HISTORY = ["id", "idPns", "nipBaru", "nipLama", "golonganId", "golongan", "skNomor", "skTanggal",
                "tmtGolongan", "noPertekBkn", "tglPertekBkn", "jumlahKreditUtama", "jumlahKreditTambahan",
                "jenisKPId", "jenisKPNama", "masaKerjaGolonganTahun", "masaKerjaGolonganBulan"]


def _history(rows: list[dict], delimiter: str = ",") -> str:
    full = [{h: r.get(h, "") for h in RANK_HISTORY} for r in rows]
    return csv_text(full, delimiter=delimiter)


def test_siasn_rank_history_loads_as_promotions(loaded, tmp_path):
    """REAL_FORMATS.md §2: entry rows skipped and counted, from_rank from the previous row in the file or else
    from the database, kinds and ISO dates mapped, the agency the employee's, the answer naming the export."""
    siti, yohanes = "199005122015032002", "198503152010011004"
    rows = [
        {"id": "RG-1", "idPns": "A1", "nipBaru": "'" + siti, "golongan": "III/a", "tmtGolongan": "2015-03-01T00:00:00Z",
         "jenisKPNama": "Gol. dari Pengadaan CPNS/PNS", "skTanggal": "01-02-2015"},
        {"id": "RG-2", "idPns": "A1", "nipBaru": siti, "golongan": "III/b", "tmtGolongan": "2019-04-01T00:00:00Z",
         "jenisKPNama": "Reguler", "skNomor": "823/2019", "skTanggal": "31-03-2019"},
        {"id": "RG-3", "idPns": "B2", "nipBaru": yohanes, "golongan": "II/a", "tmtGolongan": "2010-01-01T00:00:00Z",
         "jenisKPNama": "Gol. dari Pengadaan CPNS/PNS"},
        {"id": "RG-4", "idPns": "B2", "nipBaru": yohanes, "golonganId": "24", "tmtGolongan": "2022-04-01T00:00:00Z",
         "jenisKPNama": "Pilihan (Jabatan Fungsional Tertentu)"},
        {"id": "RG-5", "idPns": "A1", "nipBaru": siti, "golongan": "III/d", "tmtGolongan": "2024-04-01T00:00:00Z",
         "jenisKPNama": "Pilihan (Penyesuaian Ijazah)"},
    ]
    p = tmp_path / "rw_golongan.csv"
    p.write_text(_history(rows, delimiter="|"))
    res = load_file(loaded, "promotions", p, lang="en")
    assert res.status == "loaded", [(e.row, e.column, e.value, e.message) for e in res.errors]
    assert (res.source, res.rows_skipped, res.rows_in_file) == ("SIASN riwayat golongan", 2, 3)
    assert [w.rule for w in res.warnings[:2]] == ["export_recognised", "export_skipped"]
    assert "2 entry-rank rows" in res.warnings[1].message
    got = loaded.execute("select promotion_id, nip, kind, effective_date::varchar, from_rank, to_rank, agency_code, "
                         "decree_number, decree_date::varchar from promotions where promotion_id like 'RG-%' "
                         "order by 1").fetchall()
    assert got == [
        ("RG-2", siti, "rank_regular", "2019-04-01", "III/a", "III/b", "72.71.DINKES", "823/2019", "2019-03-31"),
        ("RG-4", yohanes, "rank_choice", "2022-04-01", "II/a", "II/d", "53.71.DISDUKCAPIL", None, None),
        ("RG-5", siti, "rank_education", "2024-04-01", "III/b", "III/d", "72.71.DINKES", None, None)]
    # A later file with no row before its own: from_rank is the latest rank the database holds before that day.
    later = tmp_path / "rw_2025.csv"
    later.write_text(_history([{"id": "RG-6", "nipBaru": siti, "golongan": "IV/a", "tmtGolongan": "2025-10-01",
                                "jenisKPNama": "Reguler"}]))
    res = load_file(loaded, "promotions", later, lang="en")
    assert res.status == "loaded", res.errors
    assert loaded.execute("select from_rank from promotions where promotion_id = 'RG-6'").fetchone()[0] == "III/d"


def test_an_export_loaded_as_another_dataset_says_which_it_is(loaded, tmp_path):
    p = tmp_path / "rw.csv"
    p.write_text(_history([{"id": "X", "nipBaru": "199005122015032002", "golongan": "III/b",
                            "tmtGolongan": "2019-04-01", "jenisKPNama": "Reguler"}]))
    before = snapshot(loaded)
    res = load_file(loaded, "employees", p, lang="en")
    assert res.status == "rejected" and snapshot(loaded) == before
    assert [e.rule for e in res.errors] == ["export_other_dataset"] and "Promotions" in res.errors[0].message


def test_an_export_row_error_names_the_exports_column_and_line(loaded, tmp_path):
    p = tmp_path / "rw.csv"
    p.write_text(_history([{"id": "RG-9", "nipBaru": "199005122015032002", "golongan": "III/b",
                            "tmtGolongan": "bukan tanggal", "jenisKPNama": "Reguler"}]))
    res = load_file(loaded, "promotions", p, lang="en")
    assert res.status == "rejected"
    dates = [(e.row, e.column, e.value) for e in res.errors if e.rule == "format_date"]
    assert dates == [(2, "tmtGolongan", "bukan tanggal")]


def test_the_cli_envelope_names_the_export_and_its_columns(loaded, tmp_path, capsys):
    import json

    from analytics.cli import main

    p = tmp_path / "rw.csv"
    p.write_text(_history([{"id": "RG-7", "nipBaru": "199005122015032002", "golongan": "IV/a",
                            "tmtGolongan": "2026-04-01", "jenisKPNama": "Reguler", "NIK": "7271015508900001"}]
                          ).replace("id,idPns", "NIK,id,idPns", 1).replace("\nRG-7", "\n7271015508900001,RG-7", 1))
    assert main(["--db", str(tmp_path / "kinerja.duckdb"), "load", "promotions", str(p), "--dry-run"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["status"] == "valid" and out["source"] == "SIASN riwayat golongan"
    assert out["columns_dropped"] == ["NIK"] and "tmtGolongan" in out["columns_used"] and out["rows_skipped"] == 0


def test_lapor_status_and_channel_words_load_as_the_contracts_codes(loaded, tmp_path):
    """REAL_FORMATS.md §4: SP4N-LAPOR!'s status and channel words."""
    words = [("Laporan Belum Terverifikasi", "received"), ("Terdisposisi Belum Ditindaklanjuti", "verified"),
             ("Terdisposisi Sedang Diproses", "in_progress"), ("Terdisposisi Selesai", "resolved"),
             ("Laporan Tertunda", "in_progress"), ("Bukan Wewenang", "rejected")]
    channels = ["SMS 1708", "lapor.go.id", "Aplikasi LAPOR!", "Twitter", "SMS 1708", "Instagram"]
    # The resolved one carries its times (a resolved complaint needs them); the others are still open.
    rows = [dict(ROWS["complaints"][0 if code == "resolved" else 1], complaint_id=f"LPR-W-{i}", status=w, channel=c)
            for i, ((w, code), c) in enumerate(zip(words, channels))]
    res = load_file(loaded, "complaints", write_csv(tmp_path / "lapor.csv", rows), lang="en")
    assert res.status == "loaded", [(e.row, e.column, e.value, e.message) for e in res.errors]
    got = loaded.execute("select status, channel from complaints where complaint_id like 'LPR-W-%' "
                         "order by complaint_id").fetchall()
    assert got == [(code, ch) for (_, code), ch in zip(words, ["sms", "lapor", "lapor", "social_media", "sms",
                                                                "social_media"])]


PERIODIC = ["id", "tahun", "nip", "nama", "hasilKinerja", "hasilKinerjaNilai", "instansiId", "instansiNama",
            "jabatan", "koefisenId", "kriteria", "kuadranKinerjaNilai", "kuadranNilai", "namaPenilai",
            "penilaiGolonganId", "penilaiJabatanNama", "penilaiNipNrp", "penilaiPnsId", "penilaiUnorNm",
            "perilakuKerja", "perilakuKerjaNilai", "periodikId", "periodikNama", "persentase", "pnsDinilaiId",
            "statusPenilai", "unorId", "unorNama", "bulanMulaiPenilaian", "bulanSelesaiPenilaian"]


def test_ekinerja_periodic_results_load_as_appraisals(loaded, tmp_path):
    """REAL_FORMATS.md §3: the quarter from periodikNama or the months, results as words or 1-3, the rating from
    the matrix; months of two quarters refused, saying so."""
    siti, boss = "199005122015032002", "196608011988031001"
    rows = [
        {"tahun": "2025", "nip": siti, "hasilKinerja": "DIATAS EKSPEKTASI", "perilakuKerja": "SESUAI EKSPEKTASI",
         "periodikNama": "Triwulan II", "penilaiNipNrp": boss, "pnsDinilaiId": "A1", "periodikId": "2"},
        {"tahun": "2025", "nip": siti, "hasilKinerjaNilai": "2", "perilakuKerjaNilai": "2",
         "bulanMulaiPenilaian": "7", "bulanSelesaiPenilaian": "9", "penilaiNipNrp": boss, "pnsDinilaiId": "A1",
         "periodikId": "3"},
    ]
    p = tmp_path / "periodik.csv"
    p.write_text(csv_text([{h: r.get(h, "") for h in PERIODIC} for r in rows]))
    res = load_file(loaded, "appraisals", p, lang="en")
    assert res.status == "loaded", [(e.row, e.column, e.value, e.message) for e in res.errors]
    assert res.source == "e-Kinerja kinerja periodik"
    got = loaded.execute("select period, work_result, behaviour, rating, evaluator_nip from appraisals "
                         "where nip = ? and year = 2025 and period in ('Q2', 'Q3') order by period", [siti]).fetchall()
    assert got == [("Q2", "above", "meets", "baik", boss), ("Q3", "meets", "meets", "baik", boss)]
    rows[1].update(bulanMulaiPenilaian="2", bulanSelesaiPenilaian="4")
    p.write_text(csv_text([{h: r.get(h, "") for h in PERIODIC} for r in rows]))
    res = load_file(loaded, "appraisals", p, lang="en")
    assert res.status == "rejected"
    assert [(e.row, e.column, e.value) for e in res.errors] == [(3, "periodikNama", "bulan 2–4 (dua triwulan)")]


# --- The review of the exports (each a finding, each failed before) -------------------------------------------

def _rejected_lines(con, path, dataset):
    before = snapshot(con)
    res = load_file(con, dataset, path, lang="en")
    assert res.status == "rejected", res
    assert snapshot(con) == before
    return [(e.row, e.rule) for e in res.errors]


def test_a_stray_quote_in_an_export_loses_no_row_and_stores_no_personal_data(loaded, tmp_path):
    text = _history([{"id": f"Q{i}", "nipBaru": "199005122015032002", "golongan": "III/b",
                      "tmtGolongan": f"202{i}-04-01", "jenisKPNama": "Reguler"} for i in (1, 2, 3)])
    lines = text.splitlines()
    lines[1] = lines[1].replace(",,", ',"823/BKD,', 1)
    p = tmp_path / "q.csv"
    p.write_text("\n".join(lines) + "\n")
    assert _rejected_lines(loaded, p, "promotions")[0] == (2, "csv_unclosed_quote")
    rows = [dict(r, NIK=f"727101550890000{i}") for i, r in enumerate(ROWS["employees"])]
    text = csv_text(rows).splitlines()
    text[1] = text[1].replace("Kepala Dinas", '"Kepala Dinas', 1)
    p = tmp_path / "e.csv"
    p.write_text("\n".join(text) + "\n")
    assert _rejected_lines(loaded, p, "employees")[0] == (2, "csv_unclosed_quote")


def test_rows_of_another_width_in_an_export_are_errors(loaded, tmp_path):
    text = _history([{"id": f"W{i}", "nipBaru": "199005122015032002", "golongan": "III/b",
                      "tmtGolongan": "2021-04-01", "jenisKPNama": "Reguler"} for i in (1, 2)]).splitlines()
    text[1] = text[1].rsplit(",", 2)[0]
    text[2] = text[2] + ",x,y"
    p = tmp_path / "w.csv"
    p.write_text("\n".join(text) + "\n")
    assert _rejected_lines(loaded, p, "promotions")[:2] == [(2, "csv_missing_columns"), (3, "csv_too_many_columns")]


def test_a_field_over_128_kb_is_read(loaded, tmp_path):
    rows = [dict(r, NIK="7271015508900001", position_title="x" * 200_000) for r in ROWS["employees"][:1]]
    res = load_file(loaded, "employees", write_csv(tmp_path / "big.csv", rows), lang="en")
    assert res.status in ("loaded", "rejected") and all(e.rule != "csv_unreadable" for e in res.errors)


def test_blank_lines_and_day_month_dates_in_a_rank_history(loaded, tmp_path):
    siti = "199005122015032002"
    text = _history([{"id": "D1", "nipBaru": siti, "golongan": "III/d", "tmtGolongan": "01-04-2024",
                      "jenisKPNama": "Reguler"},
                     {"id": "D2", "nipBaru": siti, "golongan": "IV/a", "tmtGolongan": "01/04/2026",
                      "jenisKPNama": "Reguler"}]).splitlines()
    p = tmp_path / "d.csv"
    p.write_text("\n".join([text[0], text[1], "", text[2]]) + "\n")
    res = load_file(loaded, "promotions", p, lang="en")
    assert res.status == "loaded", [(e.row, e.column, e.value, e.message) for e in res.errors]
    assert res.rows_in_file == 2
    # D1 follows the database's III/c (KP-2023-0001); D2 follows D1 in the file, whatever the date's spelling.
    assert loaded.execute("select promotion_id, from_rank from promotions where promotion_id in ('D1', 'D2') "
                          "order by 1").fetchall() == [("D1", "III/c"), ("D2", "III/d")]


def test_with_no_rank_before_it_a_row_is_an_entry_and_a_file_of_entries_loads_nothing(loaded, tmp_path):
    """Yohanes has no promotion and his rank dates from 2022: a 2015 row has no rank before it (an entry); a 2023
    row follows the employee's own rank."""
    yohanes = "198503152010011004"
    p = tmp_path / "e.csv"
    p.write_text(_history([{"id": "E1", "nipBaru": yohanes, "golongan": "II/b", "tmtGolongan": "2015-04-01",
                            "jenisKPNama": "Reguler"}]))
    res = load_file(loaded, "promotions", p, lang="en")
    assert (res.status, res.rows_skipped) == ("unchanged", 1) and "entry ranks" in res.message
    p.write_text(_history([{"id": "E2", "nipBaru": yohanes, "golongan": "III/a", "tmtGolongan": "2023-04-01",
                            "jenisKPNama": "Reguler"}]))
    res = load_file(loaded, "promotions", p, lang="en")
    assert res.status == "loaded", res.errors
    assert loaded.execute("select from_rank from promotions where promotion_id = 'E2'").fetchone()[0] == "II/d"


@pytest.mark.parametrize("header", ["No. HP", "No. KTP", "NO_NPWP", "noNpwp", "No BPJS", "Telp", "Handphone",
                                    "Nomor Induk Kependudukan", "Alamat Domisili", "ALAMAT KTP", "Email Pribadi",
                                    "Status Pernikahan", "NIK"])
def test_personal_data_headers_in_their_many_spellings(header):
    from analytics.reading import personal

    assert personal(header)


@pytest.mark.parametrize("header", ["nip", "name", "nama", "NIP BARU", "golongan", "TEKNIK", "unit", "jabatan"])
def test_other_headers_are_not_personal_data(header):
    from analytics.reading import personal

    assert not personal(header)


def test_periodik_name_and_months_that_disagree_are_refused(loaded, tmp_path):
    row = {"tahun": "2025", "nip": "199005122015032002", "hasilKinerjaNilai": "2", "perilakuKerjaNilai": "2",
           "periodikNama": "Triwulan III", "bulanMulaiPenilaian": "1", "bulanSelesaiPenilaian": "3",
           "pnsDinilaiId": "A1", "periodikId": "3"}
    p = tmp_path / "p.csv"
    p.write_text(csv_text([{h: row.get(h, "") for h in PERIODIC}]))
    res = load_file(loaded, "appraisals", p, lang="en")
    assert res.status == "rejected"
    assert [(e.row, e.column, e.value) for e in res.errors] == [(2, "periodikNama", "Triwulan III ≠ bulan 1–3")]


def test_an_export_header_named_twice_is_refused(loaded, tmp_path):
    text = _history([{"id": "X", "nipBaru": "199005122015032002", "golongan": "III/b", "tmtGolongan": "2021-04-01",
                      "jenisKPNama": "Reguler"}]).splitlines()
    text[0] += ",nipBaru"
    text[1] += ",198503152010011004"
    p = tmp_path / "d.csv"
    p.write_text("\n".join(text) + "\n")
    assert _rejected_lines(loaded, p, "promotions") == [(1, "export_header_duplicate")]
