"""One string catalogue for the UI, Indonesian first and English second, and formatting of numbers and
dates for each language (1.234,5 and 24 Nov 2026 in Indonesian; 1,234.5 in English).

Pure Python (no Streamlit), so tests check it directly.
"""
from __future__ import annotations

import math
from datetime import date, datetime

LANGS = ("id", "en")
LANG_NAMES = {"id": "Indonesia", "en": "English"}

MONTHS = {
    "id": ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}

# key -> (Indonesian, English). Placeholders use str.format.
STRINGS: dict[str, tuple[str, str]] = {
    # Shell
    "app_title": ("Pantau Kinerja", "Pantau Kinerja"),
    "app_subtitle": ("Kinerja ASN: penilaian, pengaduan dan kenaikan pangkat",
                     "Civil-servant performance: appraisals, complaints and promotions"),
    "language": ("Bahasa / Language", "Bahasa / Language"),
    "building": ("Membangun basis data demo untuk pertama kali…", "Building the demo database for the first time…"),
    "nav_dashboards": ("Dasbor", "Dashboards"),
    "nav_data": ("Data", "Data"),
    "page_overview": ("Ringkasan", "Overview"),
    "page_upload": ("Unggah Data", "Upload data"),
    "help_overview": ("Angka utama per bidang untuk wilayah, instansi dan periode yang dipilih, dibandingkan "
                      "dengan periode sebelumnya.",
                      "Headline figures per domain for the chosen region, agency and period, against the "
                      "previous period."),
    "help_upload": ("Unggah berkas CSV atau Excel triwulanan, periksa kesalahannya, muat, dan urungkan batch.",
                    "Upload quarterly CSV or Excel files, check their errors, load them and undo a batch."),
    # Filters
    "filters": ("Filter", "Filters"),
    "province": ("Provinsi", "Province"),
    "kabkota": ("Kabupaten/kota", "Regency/city"),
    "kecamatan": ("Kecamatan", "District"),
    "agency": ("Instansi", "Agency"),
    "year": ("Tahun", "Year"),
    "period": ("Periode", "Period"),
    "all_provinces": ("Semua provinsi", "All provinces"),
    "all_kabkota": ("Semua kabupaten/kota", "All regencies/cities"),
    "all_kecamatan": ("Semua kecamatan", "All districts"),
    "all_agencies": ("Semua instansi", "All agencies"),
    "all_regions": ("Seluruh wilayah", "All regions"),
    "clear": ("Hapus {what}", "Clear {what}"),
    "clear_help": ("Hapus filter ini", "Remove this filter"),
    "reset_help": ("Kembali ke nilai awal", "Back to the default"),
    "share_link": ("Tautan ini memuat filter yang dipilih: salin dari bilah alamat untuk dibagikan.",
                   "This page's address holds the chosen filters: copy it from the address bar to share."),
    "no_years": ("Belum ada data.", "No data yet."),
    # Periods
    "period_Y": ("Tahunan", "Annual"),
    "period_Q1": ("Triwulan I", "Q1"),
    "period_Q2": ("Triwulan II", "Q2"),
    "period_Q3": ("Triwulan III", "Q3"),
    "period_Q4": ("Triwulan IV", "Q4"),
    # Ratings
    "rating_sangat_baik": ("Sangat Baik", "Very good"),
    "rating_baik": ("Baik", "Good"),
    "rating_butuh_perbaikan": ("Butuh Perbaikan", "Needs improvement"),
    "rating_kurang": ("Kurang/Misconduct", "Poor/Misconduct"),
    "rating_sangat_kurang": ("Sangat Kurang", "Very poor"),
    # Promotion kinds
    "kind_rank_regular": ("KP Reguler", "Regular rank"),
    "kind_rank_choice": ("KP Pilihan", "Choice rank"),
    "kind_rank_education": ("Penyesuaian Ijazah", "New degree"),
    "kind_position": ("Jabatan", "Position"),
    # Overview
    "as_of": ("Data pengaduan per {date}; pemuatan terakhir {when}.",
              "Complaint data as of {date}; last load {when}."),
    "no_load": ("Belum ada data yang dimuat.", "No data has been loaded yet."),
    "m_employees": ("Pegawai aktif", "Active employees"),
    "m_employees_help": ("Pegawai berstatus aktif menurut data pegawai terakhir; {n} dinilai pada periode ini.",
                         "Employees with status active in the latest employee data; {n} appraised this period."),
    "m_good": ("Predikat Baik ke atas", "Rated Good or better"),
    "m_good_help": ("Bagian penilaian {period} dengan predikat Sangat Baik atau Baik.",
                    "Share of the {period} appraisals rated Very good or Good."),
    "m_fr": ("Tanggapan pertama tepat waktu", "First response on time"),
    "m_fr_help": ("Pengaduan yang ditanggapi dalam {target} hari kerja, dari yang sudah ditanggapi atau sudah "
                  "lewat batas; yang masih dalam batas waktu tidak dihitung.",
                  "Complaints answered within {target} working days, of those answered or already past the "
                  "limit; those still within the limit are left out."),
    "m_promotions": ("Kenaikan pangkat/jabatan", "Promotions"),
    "m_promotions_help": ("Kenaikan pangkat dan jabatan dengan TMT dalam periode.",
                          "Rank and position promotions effective in the period."),
    "vs_previous": ("Perubahan dibanding {period}.", "Change against {period}."),
    "pp": ("{v} poin", "{v} pp"),
    "card_ratings": ("Sebaran predikat", "Rating distribution"),
    "card_trend": ("Tren predikat Baik ke atas", "Trend of Good or better"),
    "card_complaints": ("Pengaduan diterima per bulan", "Complaints received per month"),
    "card_promotions": ("Kenaikan per tahun", "Promotions per year"),
    "ax_share": ("Bagian (%)", "Share (%)"),
    "ax_rating": ("Predikat", "Rating"),
    "ax_period": ("Periode", "Period"),
    "ax_month": ("Bulan", "Month"),
    "ax_complaints": ("Pengaduan (jumlah)", "Complaints (count)"),
    "ax_year": ("Tahun", "Year"),
    "ax_promotions": ("Kenaikan (jumlah)", "Promotions (count)"),
    "ax_kind": ("Jenis", "Kind"),
    "col_rating": ("Predikat", "Rating"),
    "col_n": ("Jumlah", "Count"),
    "col_share": ("Bagian", "Share"),
    "col_period": ("Periode", "Period"),
    "col_share_good": ("Baik ke atas", "Good or better"),
    "col_month": ("Bulan", "Month"),
    "col_received": ("Diterima", "Received"),
    "col_year": ("Tahun", "Year"),
    "col_kind": ("Jenis", "Kind"),
    "table_behind": ("Tabel data", "Data table"),
    "s_ratings": ("Pada {period}, {n} pegawai dinilai: {parts}.", "In {period}, {n} employees were appraised: {parts}."),
    "s_ratings_none": ("Belum ada penilaian untuk {period}.", "No appraisals for {period} yet."),
    "s_trend": ("Bagian predikat Baik ke atas: {parts}.", "Share rated Good or better: {parts}."),
    "s_trend_none": ("Belum ada penilaian untuk wilayah dan instansi ini.", "No appraisals for this region and agency."),
    "s_complaints": ("Pada {period}, {n} pengaduan diterima (tidak termasuk yang ditolak). Tanggapan pertama: "
                     "{met} tepat waktu, {breached} terlambat, {pending} masih dalam batas {target} hari kerja. "
                     "Bulan tersibuk: {busiest} ({busiest_n}).",
                     "In {period}, {n} complaints were received (rejected ones left out). First response: "
                     "{met} on time, {breached} late, {pending} still within the {target} working-day limit. "
                     "Busiest month: {busiest} ({busiest_n})."),
    "s_complaints_none": ("Belum ada pengaduan untuk {period}.", "No complaints for {period}."),
    "s_promotions": ("Pada {period}, {n} kenaikan berlaku ({parts}); pada {prev}: {n_prev}.",
                     "In {period}, {n} promotions took effect ({parts}); in {prev}: {n_prev}."),
    "s_promotions_none": ("Tidak ada kenaikan pada {period}; pada {prev}: {n_prev}.",
                          "No promotions in {period}; in {prev}: {n_prev}."),
    "uncovered": ("Kalender kerja belum memuat cuti bersama untuk tahun {years}; hari kerja pada tahun itu "
                  "mungkin terhitung lebih banyak. Tambahkan tanggalnya di data/reference/holidays_extra.csv.",
                  "The working-day calendar has no cuti bersama for {years}; working days in those years may be "
                  "overcounted. Add the dates to data/reference/holidays_extra.csv."),
    "no_data_here": ("Belum ada data untuk pilihan ini.", "No data for this selection."),
    # Upload
    "up_intro": ("Unggah satu berkas per dataset: CSV (koma, titik koma atau tab; UTF-8 atau Windows-1252) atau "
                 "Excel .xlsx (lembar pertama). Berkas diperiksa seluruhnya lebih dulu; berkas dengan satu kesalahan "
                 "pun tidak dimuat sama sekali.",
                 "Upload one file per dataset: CSV (comma, semicolon or tab; UTF-8 or Windows-1252) or Excel .xlsx "
                 "(first sheet). The whole file is checked first; a file with any error loads nothing."),
    "up_limit": ("Batas ukuran berkas: {mb} MB.", "File size limit: {mb} MB."),
    "up_user": ("Nama Anda (dicatat di log batch)", "Your name (recorded in the batch log)"),
    "up_user_needed": ("Isi nama Anda sebelum memuat.", "Enter your name before loading."),
    "up_dataset": ("Dataset", "Dataset"),
    "up_columns": ("Kolom dataset {name}", "Columns of the {name} dataset"),
    "up_template": ("Unduh templat CSV", "Download the CSV template"),
    "up_file": ("Berkas CSV atau XLSX", "CSV or XLSX file"),
    "up_preview": ("Pratinjau (20 baris pertama)", "Preview (first 20 rows)"),
    "up_preview_failed": ("Pratinjau tidak tersedia; pemeriksaan akan menjelaskan masalahnya.",
                          "No preview; the check will explain the problem."),
    "up_check": ("Periksa berkas (uji coba, belum dimuat)", "Check the file (dry run, nothing is loaded)"),
    "up_valid": ("Berkas lolos semua aturan: {rows} baris; akan menambah {ins}, memperbarui {upd}, {same} sama.",
                 "The file passes every rule: {rows} rows; it will insert {ins}, update {upd}, {same} unchanged."),
    "up_rejected": ("Berkas ditolak: {n} kesalahan. Tidak ada yang dimuat; perbaiki berkas lalu unggah lagi.",
                    "File rejected: {n} errors. Nothing was loaded; fix the file and upload it again."),
    "up_warnings": ("Peringatan (tidak menghalangi pemuatan):", "Warnings (they do not stop the load):"),
    "up_errors_csv": ("Unduh daftar kesalahan (CSV)", "Download the error list (CSV)"),
    "up_load": ("Muat ke basis data", "Load into the database"),
    "up_cancel": ("Batal", "Cancel"),
    "up_loaded": ("Batch {id} dimuat: {ins} baris baru, {upd} diperbarui, {same} sama. Semua angka sudah diperbarui.",
                  "Batch {id} loaded: {ins} new rows, {upd} updated, {same} unchanged. Every figure is refreshed."),
    "up_history": ("Riwayat batch", "Batch history"),
    "up_none": ("Belum ada batch.", "No batches yet."),
    "up_undo": ("Urungkan batch", "Undo a batch"),
    "up_undo_pick": ("Batch yang diurungkan", "Batch to undo"),
    "up_undo_confirm": ("Saya yakin: baris yang ditambahkan batch ini dihapus dan baris yang diubahnya dikembalikan.",
                        "I am sure: the rows this batch added are removed and the rows it changed are restored."),
    "up_undo_button": ("Urungkan", "Undo"),
    "up_undone": ("Batch {id} diurungkan: {deleted} baris dihapus, {restored} dikembalikan.",
                  "Batch {id} undone: {deleted} rows removed, {restored} restored."),
    "col_column": ("Kolom", "Column"),
    "col_header_id": ("Judul Indonesia", "Indonesian header"),
    "col_type": ("Jenis", "Type"),
    "col_required": ("Wajib", "Required"),
    "col_rule": ("Aturan", "Rule"),
    "yes": ("Ya", "Yes"),
    "no": ("Tidak", "No"),
    "col_row": ("Baris", "Row"),
    "col_value": ("Nilai", "Value"),
    "col_message": ("Aturan yang dilanggar", "Rule broken"),
    "col_batch": ("Batch", "Batch"),
    "col_dataset": ("Dataset", "Dataset"),
    "col_file": ("Berkas", "File"),
    "col_user": ("Oleh", "By"),
    "col_when": ("Waktu", "When"),
    "col_rows": ("Baris", "Rows"),
    "col_inserted": ("Baru", "Inserted"),
    "col_updated": ("Diperbarui", "Updated"),
    "col_status": ("Status", "Status"),
    "status_loaded": ("dimuat", "loaded"),
    "status_undone": ("diurungkan", "undone"),
    "ctype_text": ("teks", "text"), "ctype_nip": ("NIP 18 angka", "18-digit NIP"),
    "ctype_region": ("kode wilayah", "region code"), "ctype_rank": ("golongan", "rank"),
    "ctype_enum": ("pilihan", "choice"), "ctype_int": ("bilangan bulat", "whole number"),
    "ctype_decimal": ("desimal (titik atau koma)", "decimal (point or comma)"),
    "ctype_date": ("tanggal", "date"), "ctype_timestamp": ("tanggal dan jam", "date and time"),
    "allowed": ("salah satu dari: {values}", "one of: {values}"),
}


def t(key: str, lang: str, **kw) -> str:
    text = STRINGS[key][0 if lang == "id" else 1]
    return text.format(**kw) if kw else text


def _group(s: str, sep: str) -> str:
    return s.replace(",", sep)


def fmt_int(n, lang: str) -> str:
    if n is None or (isinstance(n, float) and math.isnan(n)):
        return "–"
    s = f"{int(round(n)):,}"
    return s.replace(",", ".") if lang == "id" else s


def fmt_num(x, lang: str, decimals: int = 1) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    s = f"{x:,.{decimals}f}"
    if lang == "id":
        s = s.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return s


def fmt_pct(share, lang: str, decimals: int = 1) -> str:
    """A share 0..1 as a percentage: 0.9364 -> '93,6%' (id) or '93.6%' (en)."""
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return "–"
    return fmt_num(share * 100, lang, decimals) + "%"


def fmt_pp(delta, lang: str, decimals: int = 1) -> str | None:
    """A change of a share in percentage points with its sign: '+1,2 poin' / '+1.2 pp'."""
    if delta is None or (isinstance(delta, float) and math.isnan(delta)):
        return None
    v = delta * 100
    sign = "+" if v > 0 else ("-" if v < 0 else "±")  # ASCII minus: st.metric reads the direction from it
    return t("pp", lang, v=sign + fmt_num(abs(v), lang, decimals))


def fmt_date(d, lang: str) -> str:
    if d is None:
        return "–"
    if isinstance(d, datetime):
        d = d.date()
    return f"{d.day} {MONTHS[lang][d.month - 1]} {d.year}"


def fmt_datetime(d: datetime, lang: str) -> str:
    return f"{fmt_date(d, lang)} {d:%H:%M}"


def fmt_month(d, lang: str) -> str:
    return f"{MONTHS[lang][d.month - 1]} {d.year}"


def period_label(year: int, period: str, lang: str) -> str:
    """'2025 · Tahunan' style label: 'Tahunan 2025', 'Triwulan II 2025' / 'Annual 2025', 'Q2 2025'."""
    return f"{t('period_' + period, lang)} {year}"
