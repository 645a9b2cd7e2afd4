"""Messages of the loader's rules, in Indonesian (default) and English.

Each rule has a stable code (tests and scripts match on it) and a sentence per language. Placeholders:
{detail} is filled by the check itself; {allowed}, {min}, {max}, {column_id} from the contract.
"""
from __future__ import annotations

LANGS = ("id", "en")

RULES: dict[str, tuple[str, str]] = {
    # The file as a whole
    "file_too_large": ("Berkas {detail} MB melebihi batas {max} MB; berkas tidak dibaca.",
                       "The file is {detail} MB, over the {max} MB limit; it was not read."),
    "file_empty": ("Berkas kosong.", "The file is empty."),
    "file_no_rows": ("Berkas hanya berisi baris judul, tanpa baris data.",
                     "The file has a header row but no data rows."),
    "file_binary": ("Berkas bukan CSV atau XLSX yang dapat dibaca (berisi data biner).",
                    "The file is not a readable CSV or XLSX (it contains binary data)."),
    "file_encoding": ("Pengodean karakter tidak dikenali; simpan berkas sebagai UTF-8 atau Windows-1252.",
                      "Unknown character encoding; save the file as UTF-8 or Windows-1252."),
    "xlsx_unreadable": ("Berkas Excel tidak dapat dibaca: {detail}.", "The Excel file cannot be read: {detail}."),
    "unknown_dataset": ("Dataset tidak dikenal; pilihan: {allowed}.", "Unknown dataset; choose one of: {allowed}."),
    # Headers
    "header_missing": ("Kolom wajib '{column}' ({column_id}) tidak ada di baris judul.",
                       "Required column '{column}' ({column_id}) is missing from the header row."),
    "header_duplicate": ("Kolom '{column}' muncul lebih dari sekali di baris judul.",
                         "Column '{column}' appears more than once in the header row."),
    "wrong_dataset": ("Berkas ini tampaknya berisi data '{detail}', bukan '{dataset}'.",
                      "This file looks like '{detail}' data, not '{dataset}'."),
    "unknown_column": ("Kolom tidak dikenal; diabaikan.", "Unknown column; ignored."),
    # CSV structure
    "csv_missing_columns": ("Baris memiliki kolom lebih sedikit dari baris judul ({detail}).",
                            "The row has fewer columns than the header ({detail})."),
    "csv_too_many_columns": ("Baris memiliki kolom lebih banyak dari baris judul ({detail}).",
                             "The row has more columns than the header ({detail})."),
    "csv_unclosed_quote": ("Tanda kutip (\") dibuka tetapi tidak ditutup.",
                           "A quote (\") is opened but never closed."),
    "csv_unreadable": ("Baris tidak dapat dibaca: {detail}.", "The row cannot be read: {detail}."),
    # Cells
    "required": ("Wajib diisi.", "Required."),
    "format_int": ("Harus bilangan bulat.", "Must be a whole number."),
    "format_decimal": ("Harus angka (desimal dengan titik atau koma, mis. 85,5).",
                       "Must be a number (decimal point or comma, e.g. 85.5)."),
    "format_date": ("Harus tanggal: YYYY-MM-DD, DD/MM/YYYY atau DD-MM-YYYY.",
                    "Must be a date: YYYY-MM-DD, DD/MM/YYYY or DD-MM-YYYY."),
    "format_timestamp": ("Harus tanggal dan jam: YYYY-MM-DD HH:MM[:SS] (atau DD/MM/YYYY HH:MM).",
                         "Must be a date and time: YYYY-MM-DD HH:MM[:SS] (or DD/MM/YYYY HH:MM)."),
    "enum": ("Nilai tidak dikenal; pilihan: {allowed}.", "Unknown value; allowed: {allowed}."),
    "range": ("Harus antara {min} dan {max}.", "Must be between {min} and {max}."),
    "range_min": ("Tidak boleh kurang dari {min}.", "Must not be below {min}."),
    "duplicate_key": ("Kunci ganda: sama dengan baris {detail}.", "Duplicate key: same as row {detail}."),
    "region_unknown": ("Kode wilayah tidak ada dalam daftar wilayah Kemendagri 2025.",
                       "Region code is not in the Kemendagri 2025 region list."),
    "agency_unknown": ("Instansi ini belum dimuat (muat data instansi terlebih dahulu).",
                       "This agency is not loaded (load the agencies file first)."),
    "employee_unknown": ("Pegawai dengan NIP ini belum dimuat (muat data pegawai terlebih dahulu).",
                         "No employee with this NIP is loaded (load the employees file first)."),
    "nip_format": ("NIP harus 18 angka (spasi dan titik diabaikan).",
                   "A NIP must be 18 digits (spaces and dots ignored)."),
    "nip_birth_invalid": ("Digit 1–8 NIP bukan tanggal lahir yang sah.",
                          "NIP digits 1–8 are not a valid birth date."),
    "nip_birth_mismatch": ("Tanggal lahir harus sama dengan digit 1–8 NIP ({detail}).",
                           "The birth date must equal NIP digits 1–8 ({detail})."),
    "nip_cpns_invalid": ("Digit 9–14 NIP PNS bukan tahun-bulan yang sah.",
                         "NIP digits 9–14 of a PNS are not a valid year and month."),
    "nip_cpns_mismatch": ("Tahun dan bulan TMT CPNS harus sama dengan digit 9–14 NIP ({detail}).",
                          "The CPNS date's year and month must equal NIP digits 9–14 ({detail})."),
    "nip_pppk_year": ("NIP PPPK: digit 9–12 adalah tahun pengangkatan, 2019 atau sesudahnya ({detail}).",
                      "PPPK NIP: digits 9–12 are the appointment year, 2019 or later ({detail})."),
    "nip_gender": ("Digit 15 NIP harus 1 (laki-laki) atau 2 (perempuan) dan sesuai jenis kelamin (digit 15 / jenis kelamin: {detail}).",
                   "NIP digit 15 must be 1 (male) or 2 (female) and match the gender (digit 15 / gender: {detail})."),
    "nip_sequence": ("Digit 16–18 NIP harus 001–999.", "NIP digits 16–18 must be 001–999."),
    "cpns_age": ("Usia pada TMT CPNS di bawah 18 tahun ({detail}).", "Age at the CPNS date is under 18 ({detail})."),
    "rank_format_pns": ("Golongan PNS harus I/a … IV/e.", "A PNS rank must be I/a … IV/e."),
    "rank_format_pppk": ("Golongan PPPK harus I … XVII.", "A PPPK rank must be I … XVII."),
    "rank_since_before_cpns": ("TMT golongan tidak boleh sebelum TMT CPNS ({detail}).",
                               "The rank date must not be before the CPNS date ({detail})."),
    "rating_matrix": ("Predikat harus '{detail}' menurut matriks hasil kerja × perilaku kerja.",
                      "The rating must be '{detail}' by the work result × behaviour matrix."),
    "evaluator_self": ("Penilai tidak boleh pegawai itu sendiri.", "The evaluator must not be the employee."),
    "in_future": ("Waktu diterima tidak boleh di masa depan (sekarang {detail}).",
                  "The time received must not be in the future (now {detail})."),
    "before_received": ("Tidak boleh sebelum waktu diterima ({detail}).",
                        "Must not be before the time received ({detail})."),
    "resolved_before_response": ("Waktu selesai tidak boleh sebelum waktu tanggapan ({detail}).",
                                 "The time resolved must not be before the first response ({detail})."),
    "resolved_needs_time": ("Status '{detail}' memerlukan waktu selesai.",
                            "Status '{detail}' needs a time resolved."),
    "rank_required": ("Wajib diisi untuk kenaikan pangkat.", "Required for a rank promotion."),
    "rank_not_above": ("Golongan baru harus di atas golongan lama ({detail}).",
                       "The new rank must be above the old one ({detail})."),
    "position_required": ("Wajib diisi untuk kenaikan jabatan.", "Required for a position promotion."),
    "approver_self": ("Pejabat berwenang tidak boleh pegawai itu sendiri.",
                      "The approving official must not be the employee."),
    "errors_truncated": ("{detail} kesalahan lain tidak ditampilkan; perbaiki yang di atas lalu muat ulang.",
                         "{detail} more errors not listed; fix those above and load again."),
}

# Other loader and CLI answers.
TEXT: dict[str, tuple[str, str]] = {
    "unchanged_same_file": ("Berkas yang sama sudah dimuat sebagai batch {batch_id}; tidak ada yang berubah.",
                            "The same file was already loaded as batch {batch_id}; nothing changed."),
    "unchanged_same_rows": ("Semua baris sudah ada dengan nilai yang sama; tidak ada yang berubah.",
                            "Every row is already present with the same values; nothing changed."),
    "undo_not_found": ("Batch {batch_id} tidak ada.", "Batch {batch_id} does not exist."),
    "undo_already": ("Batch {batch_id} sudah dibatalkan.", "Batch {batch_id} is already undone."),
    "undo_superseded": (
        "Batch {batch_id} tidak dapat dibatalkan: {n} baris yang dimuatnya telah diubah oleh batch {later}. "
        "Batalkan batch tersebut lebih dulu.",
        "Batch {batch_id} cannot be undone: {n} of its rows were changed by batch {later}. Undo that one first."),
    "undo_referenced": (
        "Batch {batch_id} tidak dapat dibatalkan: {n} baris {other} merujuk ke data yang ditambahkannya. "
        "Batalkan batch tersebut lebih dulu.",
        "Batch {batch_id} cannot be undone: {n} rows of {other} refer to rows it added. Undo those first."),
}


def rule_message(rule: str, lang: str = "id", **params) -> str:
    template = RULES[rule][0 if lang == "id" else 1]
    return template.format(**params)


def text(key: str, lang: str = "id", **params) -> str:
    return TEXT[key][0 if lang == "id" else 1].format(**params)
