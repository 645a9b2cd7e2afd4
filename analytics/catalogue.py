"""The one catalogue of user-facing text, Indonesian first and English second: the interface (STRINGS), the
loader's rule messages and answers (RULES, TEXT), account and review messages (ACCOUNT, REVIEW), the labels of
every domain code (CODE_LABELS: ratings, kinds, statuses, channels, severities, position levels, flag codes…),
a line for every setting and report (in STRINGS), and the reasons of the promotion flags (FLAG_SENTENCES, with
their parts). tests/test_catalogue.py checks that every domain code has a label in both languages and that both
languages of every entry take the same placeholders.

Pure Python, no Streamlit: the command line, the loader and the pages all read it.
"""
from __future__ import annotations

from analytics import domain

LANGS = ("id", "en")


def pick(pair: tuple[str, str], lang: str) -> str:
    """The text of `pair` in `lang`: Indonesian for "id", else English."""
    return pair[0 if lang == "id" else 1]


# key -> (Indonesian, English). Placeholders use str.format.
STRINGS: dict[str, tuple[str, str]] = {
    # Shell
    "app_title": ("Pantau Kinerja", "Pantau Kinerja"),
    "app_subtitle": ("Kinerja ASN: penilaian, pengaduan dan kenaikan pangkat",
                     "Civil-servant performance: appraisals, complaints and promotions"),
    "language": ("Bahasa / Language", "Bahasa / Language"),
    "building": ("Membangun basis data demo untuk pertama kali…", "Building the demo database for the first time…"),
    "nav_dashboards": ("Untuk pimpinan", "For leaders"),
    "nav_data": ("Untuk analis data", "For data analysts"),
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
    "your_region": ("Wilayah Anda: {name}", "Your region: {name}"),
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
    "year_label": ("Tahun {year}", "{year}"),
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
    "m_fr": ("Tanggapan tepat waktu", "Answered on time"),
    "m_fr_help": ("Tanggapan pertama dalam {target} hari kerja: {met} dari {decided} pengaduan yang sudah "
                  "ditanggapi atau sudah lewat batas; yang masih dalam batas waktu tidak dihitung.",
                  "First response within {target} working days: {met} of {decided} complaints answered or already "
                  "past the limit; those still within the limit are left out."),
    "m_promotions": ("Kenaikan pangkat/jabatan", "Promotions"),
    "m_promotions_help": ("Kenaikan pangkat dan jabatan dengan TMT dalam periode.",
                          "Rank and position promotions effective in the period."),
    "vs_previous": ("Perubahan dibanding {period}.", "Change against {period}."),
    "vs_year": ("dibanding {year}", "against {year}"),
    "vs_period": ("dibanding {period}", "against {period}"),
    "m_good_year": ("Baik ke atas, {year}", "Good or better, {year}"),
    "m_outside_year": ("Di luar kurva predikat, {year}", "Outside the rating curve, {year}"),
    "m_received": ("Pengaduan diterima", "Complaints received"),
    "m_received_help": ("Pengaduan yang diterima dalam periode, tidak termasuk yang ditolak.",
                        "Complaints received in the period, rejected ones left out."),
    "card_ratings_year": ("Sebaran predikat tahunan {year}", "Annual rating distribution {year}"),
    "running_period": ("Periode berjalan: data sampai {date}, dibandingkan dengan periode sebelumnya yang penuh.",
                       "Period in progress: data up to {date}, compared with the whole previous period."),
    "vs_previous_curve": ("Perubahan dibanding {period}; instansi di luar kurva dibanding {year}.",
                          "Change against {period}; agencies outside their curve against {year}."),
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
    "dl_csv": ("CSV", "CSV"),
    "dl_xlsx": ("Excel (XLSX)", "Excel (XLSX)"),
    "dl_csv_help": ("Unduh tabel ini sebagai CSV untuk Excel berbahasa Indonesia: pemisah titik koma, koma desimal. "
                    "NIP tetap teks.",
                    "Download this table as CSV (comma-separated, decimal point). NIPs stay text."),
    "dl_xlsx_help": ("Unduh tabel ini sebagai berkas Excel: angka tetap angka, NIP tetap teks.",
                     "Download this table as an Excel file: numbers stay numbers, NIPs stay text."),
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
    "chart_empty": ("{title}: belum ada data untuk wilayah, instansi dan periode ini.",
                    "{title}: no data for this region, agency and period."),
    # Appraisals page
    "page_appraisals": ("Kinerja", "Appraisals"),
    "help_appraisals": ("Sebaran predikat dan nilai per instansi, kurva predikat, penilai, selisih penilaian 360° "
                        "dan kebutuhan pelatihan.",
                        "Rating and score distributions per agency, the rating curve, raters, 360° gaps and "
                        "training needs."),
    "m_below": ("Di bawah Baik", "Below Good"),
    "m_below_help": ("Bagian penilaian dengan predikat Butuh Perbaikan, Kurang atau Sangat Kurang.",
                     "Share of appraisals rated Needs improvement, Poor or Very poor."),
    "m_score": ("Nilai rata-rata", "Mean score"),
    "m_score_help": ("Rata-rata nilai (0–120) dari penilaian yang mencantumkan nilai.",
                     "Mean score (0–120) of the appraisals that carry a score."),
    "m_appraised": ("Pegawai dinilai", "Employees appraised"),
    "m_outside": ("Instansi di luar kurva", "Agencies outside their curve"),
    "m_outside_help": ("Instansi yang sebaran predikat tahunan {year} tidak sesuai pola untuk predikat "
                       "organisasinya (SE MenPANRB 3/2023), dari {n} instansi yang dinilai.",
                       "Agencies whose {year} annual ratings break the pattern for their organisation rating "
                       "(SE MenPANRB 3/2023), of {n} agencies appraised."),
    "sec_shares": ("Sebaran predikat per kelompok", "Rating shares by group"),
    "group_by": ("Kelompokkan menurut", "Group by"),
    "by_agency": ("Instansi", "Agency"), "by_region": ("Wilayah", "Region"), "by_rank": ("Golongan", "Rank"),
    "by_education": ("Pendidikan", "Education"), "by_gender": ("Jenis kelamin", "Gender"),
    "sort_by": ("Urutkan menurut", "Sort by"),
    "sort_good": ("Bagian Baik ke atas", "Share Good or better"),
    "sort_below": ("Bagian di bawah Baik", "Share below Good"),
    "sort_n": ("Jumlah dinilai", "Number appraised"),
    "sort_name": ("Nama", "Name"),
    "ax_group": ("Kelompok", "Group"),
    "shown_of": ("Menampilkan {shown} dari {total} kelompok; tabel di bawah memuat semuanya{cap}.",
                 "Showing {shown} of {total} groups; the table below holds all of them{cap}."),
    "table_capped": (" (dibatasi {n} baris pertama)", " (capped at the first {n} rows)"),
    "drill": ("Buka instansi", "Open an agency"),
    "drill_help": ("Klik batang instansi pada grafik, atau pilih di sini, untuk menyaring ke instansi itu.",
                   "Click an agency's bar in the chart, or pick it here, to filter to that agency."),
    "s_shares": ("Bagian Baik ke atas tertinggi: {top} ({top_share}); terendah: {low} ({low_share}).",
                 "Highest share Good or better: {top} ({top_share}); lowest: {low} ({low_share})."),
    "sec_scores": ("Sebaran nilai", "Score distribution"),
    "chart_hist": ("Histogram nilai", "Score histogram"),
    "ax_score": ("Nilai (0–120)", "Score (0–120)"),
    "ax_appraisals": ("Penilaian (jumlah)", "Appraisals (count)"),
    "chart_box": ("Nilai per instansi (kotak: kuartil; garis: persentil 10–90)",
                  "Scores by agency (box: quartiles; whiskers: 10th–90th percentile)"),
    "s_hist": ("{n} nilai; median {median}, persentil 10 {p10}, persentil 90 {p90}.",
               "{n} scores; median {median}, 10th percentile {p10}, 90th percentile {p90}."),
    "sec_trend": ("Tren per triwulan", "Trend by quarter"),
    "chart_trend_good": ("Bagian Baik ke atas per triwulan", "Share Good or better by quarter"),
    "chart_trend_score": ("Nilai rata-rata per triwulan", "Mean score by quarter"),
    "ax_quarter": ("Triwulan", "Quarter"),
    "ax_mean_score": ("Nilai rata-rata (0–120)", "Mean score (0–120)"),
    "s_trend_q": ("Triwulan terakhir ({last}): Baik ke atas {share}, nilai rata-rata {score}.",
                  "Latest quarter ({last}): Good or better {share}, mean score {score}."),
    "sec_curve": ("Kurva predikat {year} (SE MenPANRB 3/2023)", "Rating curve {year} (SE MenPANRB 3/2023)"),
    "curve_intro": ("Predikat tahunan setiap instansi dibandingkan dengan pola untuk predikat organisasinya; "
                    "instansi tanpa predikat organisasi dianggap Baik. Batas L = {limit}.",
                    "Each agency's annual ratings are held against the pattern for its organisation rating; an "
                    "agency without one counts as Baik. Limit L = {limit}."),
    "col_agency": ("Instansi", "Agency"), "col_org_rating": ("Predikat organisasi", "Organisation rating"),
    "col_within": ("Sesuai kurva", "Within curve"), "col_breaches": ("Aturan yang dilanggar", "Rules broken"),
    "org_istimewa": ("Istimewa", "Outstanding"), "org_baik": ("Baik", "Good"),
    "org_butuh_perbaikan": ("Butuh Perbaikan", "Needs improvement"), "org_kurang": ("Kurang", "Poor"),
    "org_sangat_kurang": ("Sangat Kurang", "Very poor"),
    "breach_max": ("{ratings} {share}, melebihi batas {bound}", "{ratings} {share}, above the limit {bound}"),
    "breach_min": ("{ratings} {share}, di bawah minimum {bound}", "{ratings} {share}, below the minimum {bound}"),
    "breach_needs_low": ("tidak ada Butuh Perbaikan atau Kurang (minimal satu)",
                         "no Needs improvement or Poor (at least one required)"),
    "breach_none_allowed": ("{n} {ratings} (tidak boleh ada)", "{n} {ratings} (none allowed)"),
    "s_curve": ("{outside} dari {n} instansi di luar kurva pada {year}.", "{outside} of {n} agencies outside their curve in {year}."),
    "no_annual": ("Belum ada penilaian tahunan untuk {year}.", "No annual ratings for {year} yet."),
    "sec_raters": ("Penilai", "Raters"),
    "raters_intro": ("Penilai dengan sedikitnya 5 pegawai dinilai. z membandingkan nilai rata-rata penilai dengan "
                     "semua nilai di instansi dan periode yang sama: longgar bila z ≥ 1,5, ketat bila z ≤ −1,5; "
                     "seragam bila semua pegawai diberi predikat yang sama.",
                     "Raters with at least 5 appraisees. z compares the rater's mean score with all scores of the "
                     "same agency and period: lenient when z ≥ 1.5, harsh when z ≤ −1.5; uniform when every "
                     "appraisee got the same rating."),
    "col_rater": ("Penilai", "Rater"), "col_nip": ("NIP", "NIP"), "col_mean": ("Rata-rata", "Mean"),
    "col_top": ("Sangat Baik", "Very good"), "col_z": ("z", "z"), "col_flag": ("Pola", "Pattern"),
    "flag_lenient": ("longgar", "lenient"), "flag_harsh": ("ketat", "harsh"), "flag_uniform": ("seragam", "uniform"),
    "s_raters": ("{n} penilai: {lenient} longgar, {harsh} ketat, {uniform} seragam.",
                 "{n} raters: {lenient} lenient, {harsh} harsh, {uniform} uniform."),
    "raters_capped": ("Menampilkan {n} penilai dengan |z| terbesar.", "Showing the {n} raters with the largest |z|."),
    "raters_none": ("Tidak ada penilai dengan pola longgar, ketat atau seragam.", "No lenient, harsh or uniform raters."),
    "rater_pick": ("Lihat sebaran yang diberikan penilai", "See the ratings a rater gave"),
    "chart_rater": ("Predikat yang diberikan {name}", "Ratings given by {name}"),
    "s_rater": ("{name} menilai {n} pegawai: {parts}.", "{name} rated {n} employees: {parts}."),
    "raters_counts": ("Tanpa hak melihat data pribadi: jumlah penilai per instansi.",
                      "Without access to personal data: counts of raters per agency."),
    "col_n_raters": ("Penilai", "Raters"), "col_n_lenient": ("Longgar", "Lenient"), "col_n_harsh": ("Ketat", "Harsh"),
    "col_n_uniform": ("Seragam", "Uniform"),
    "sec_360": ("Penilaian diri, atasan dan rekan (360°)", "Self, supervisor and peer (360°)"),
    "chart_360": ("Selisih rata-rata terhadap nilai atasan", "Mean gap to the supervisor's score"),
    "ax_gap": ("Selisih nilai (poin)", "Score gap (points)"),
    "gap_self": ("Diri − atasan", "Self − supervisor"), "gap_peer": ("Rekan − atasan", "Peer − supervisor"),
    "s_360": ("Dari {n} pegawai yang menilai diri sendiri, {share} memberi nilai lebih tinggi daripada atasan; "
              "selisih rata-rata diri {self_gap} poin, rekan {peer_gap} poin.",
              "Of {n} employees who rated themselves, {share} scored themselves above their supervisor; mean "
              "gap self {self_gap} points, peer {peer_gap} points."),
    "s_360_none": ("Belum ada nilai diri atau rekan.", "No self or peer scores yet."),
    "col_self_higher": ("Diri lebih tinggi", "Self higher"),
    "sec_training": ("Kebutuhan pelatihan", "Training needs"),
    "training_intro": ("Pegawai dengan predikat terakhir di bawah Baik, atau perilaku di bawah ekspektasi, dengan "
                       "indikator yang paling rendah dibanding median instansi.",
                       "Employees whose latest rating is below Good, or whose behaviour is below expectations, with "
                       "the indicators lowest against the agency median."),
    "col_name": ("Nama", "Name"), "col_lowest": ("Indikator terendah", "Lowest indicators"),
    "ind_on_time_pct": ("ketepatan waktu", "timeliness"), "ind_service_quality": ("kualitas layanan", "service quality"),
    "ind_training_hours": ("jam pelatihan", "training hours"),
    "col_behaviour": ("Perilaku", "Behaviour"),
    "capped_download": ("Menampilkan {n} baris pertama dari {total}; unduhan CSV memuat semuanya.",
                        "Showing the first {n} of {total} rows; the CSV download holds all of them."),
    "training_csv": ("Seluruh daftar (CSV)", "The whole list (CSV)"),
    "s_training": ("{n} pegawai perlu pelatihan: {parts}.", "{n} employees need training: {parts}."),
    "training_none": ("Tidak ada pegawai dengan kebutuhan pelatihan untuk pilihan ini.",
                      "No employees with training needs for this selection."),
    "training_counts": ("Tanpa hak melihat data pribadi: jumlah per instansi.",
                        "Without access to personal data: counts per agency."),
    "col_n_listed": ("Pegawai", "Employees"),
    "beh_above": ("di atas ekspektasi", "above expectations"), "beh_meets": ("sesuai ekspektasi", "meets expectations"),
    "beh_below": ("di bawah ekspektasi", "below expectations"),
    # Complaints page
    "page_complaints": ("Pengaduan", "Complaints"),
    "help_complaints": ("Kepatuhan waktu tanggapan pengaduan dalam hari kerja, termasuk yang masih terbuka, "
                        "tunggakan, dan kepuasan masyarakat.",
                        "Complaint response times in working days, open complaints included, the backlog and "
                        "public satisfaction."),
    "complaints_as_of": ("Keadaan per {date} (tanggal pengaduan terakhir yang diterima); hari kerja menurut "
                         "kalender libur nasional dan cuti bersama.",
                         "As of {date} (the latest complaint received); working days by the national holiday and "
                         "cuti bersama calendar."),
    "targets_stated": ("Kepatuhan = tepat waktu dari yang sudah selesai atau sudah lewat batas, dibanding {period_ref}. "
                       "Batas: verifikasi {verification}, tanggapan pertama {first}, penyelesaian {resolution} hari "
                       "kerja (ringan / normatif / tidak berkadar pengawasan / berkadar pengawasan).",
                       "Compliance = on time of those done or already past the limit, against {period_ref}. Limits: "
                       "verification {verification}, first response {first}, resolution {resolution} working days "
                       "(minor / normative / no oversight weight / oversight weight)."),
    "stage_verification": ("Verifikasi", "Verification"),
    "stage_first_response": ("Tanggapan pertama", "First response"),
    "stage_resolution": ("Penyelesaian", "Resolution"),
    "stage_resolution_ringan": ("Penyelesaian (ringan)", "Resolution (minor)"),
    "stage_resolution_normatif": ("Penyelesaian (normatif)", "Resolution (normative)"),
    "stage_resolution_tidak_berkadar_pengawasan": ("Penyelesaian (tidak berkadar pengawasan)",
                                                   "Resolution (no oversight weight)"),
    "stage_resolution_berkadar_pengawasan": ("Penyelesaian (berkadar pengawasan)", "Resolution (oversight weight)"),
    "m_stage": ("{stage} ≤ {target} hari kerja", "{stage} ≤ {target} working days"),
    "m_stage_resolution": ("Penyelesaian sesuai tingkat", "Resolution within its target"),
    "m_stage_help": ("Tepat waktu dari yang sudah selesai atau sudah lewat batas: {met} dari {decided}; {pending} "
                     "masih dalam batas waktu tidak dihitung.",
                     "On time of those done or already past the limit: {met} of {decided}; {pending} still "
                     "within the limit are left out."),
    "m_open": ("Masih terbuka", "Still open"),
    "m_open_help": ("Pengaduan yang belum selesai pada {date}.", "Complaints not resolved on {date}."),
    "why_open_title": ("Mengapa pengaduan yang masih terbuka ikut dihitung", "Why open complaints are counted"),
    "why_open": ("Median yang hanya memakai pengaduan yang sudah ditanggapi ({naive} hari kerja) terlalu baik: "
                 "pengaduan yang paling lama justru yang belum dijawab, dan mereka hilang dari hitungan. Kurva "
                 "Kaplan–Meier memakai semua pengaduan: yang belum selesai dihitung sampai {date} sebagai "
                 "'belum selesai', sehingga median Kaplan–Meier ({km} hari kerja) jujur terhadap yang masih "
                 "menunggu.",
                 "A median over answered complaints only ({naive} working days) is too kind: the slowest "
                 "complaints are the ones not answered yet, and they drop out. The Kaplan–Meier curve uses every "
                 "complaint: one still open counts up to {date} as 'not done yet', so the Kaplan–Meier median "
                 "({km} working days) is honest about those still waiting."),
    "sec_km": ("Lama sampai {stage} (Kaplan–Meier)", "Time to {stage} (Kaplan–Meier)"),
    "km_by": ("Kurva per", "Curves by"),
    "km_stage": ("Tahap", "Stage"),
    "by_category": ("Kategori", "Category"), "by_channel": ("Kanal", "Channel"),
    "ax_workdays": ("Hari kerja sejak diterima", "Working days since received"),
    "ax_not_done": ("Belum selesai (%)", "Not done yet (%)"),
    "target_line": ("batas {target} hari", "limit {target} days"),
    "km_top": ("Menampilkan {n} kelompok dengan pengaduan terbanyak.", "Showing the {n} groups with most complaints."),
    "s_km": ("Untuk semua pengaduan pada pilihan ini, median Kaplan–Meier {km} hari kerja (median yang hanya "
             "memakai yang sudah selesai: {naive}); {within} selesai dalam batas {target} hari kerja.",
             "For all complaints of this selection the Kaplan–Meier median is {km} working days (over those done "
             "only: {naive}); {within} are done within the {target}-working-day limit."),
    "sec_rank": ("Peringkat instansi: tanggapan pertama", "Agencies ranked: first response"),
    "col_received": ("Diterima", "Received"), "col_met": ("Tepat waktu", "On time"),
    "col_breached": ("Terlambat", "Late"), "col_pending": ("Dalam batas", "Within limit"),
    "col_compliance": ("Kepatuhan (%)", "Compliance (%)"), "col_km_median": ("Median KM (hari)", "KM median (days)"),
    "col_naive_median": ("Median yang selesai (hari)", "Median of done (days)"),
    "sec_backlog": ("Tunggakan dan arus bulanan", "Backlog and monthly flow"),
    "chart_backlog": ("Pengaduan terbuka menurut umur", "Open complaints by age"),
    "ax_age": ("Umur (hari kerja)", "Age (working days)"),
    "chart_flow": ("Diterima dan diselesaikan per bulan", "Received and resolved per month"),
    "flow_received": ("Diterima", "Received"), "flow_resolved": ("Diselesaikan", "Resolved"),
    "s_backlog": ("{n} pengaduan terbuka pada {date}: {parts}.", "{n} complaints open on {date}: {parts}."),
    "s_flow": ("Dalam periode ini {received} diterima dan {resolved} diselesaikan.",
               "In this period {received} were received and {resolved} resolved."),
    "sec_overdue": ("Pengaduan yang lewat batas", "Overdue complaints"),
    "col_id": ("Nomor pengaduan", "Complaint"), "col_category": ("Kategori", "Category"),
    "col_channel": ("Kanal", "Channel"), "col_received_at": ("Diterima", "Received"),
    "col_waiting": ("Menunggu", "Waiting for"), "col_age": ("Umur (hari kerja)", "Age (working days)"),
    "overdue_csv": ("Seluruh daftar (CSV)", "The whole list (CSV)"),
    "s_overdue": ("{n} pengaduan lewat batas waktu pada {date}.", "{n} complaints past their limit on {date}."),
    "overdue_none": ("Tidak ada pengaduan yang lewat batas.", "No complaint is past its limit."),
    "replica_note": ("Salinan hanya-baca ({file}). Unggah data dan ulasan pemeriksaan dilakukan di server utama.",
                     "Read-only copy ({file}). Uploads and inspection reviews happen on the main server."),
    "settings_invalid": ("Berkas pengaturan tidak dapat dipakai, jadi halaman tidak ditampilkan. Perbaiki lalu "
                         "muat ulang: {error}",
                         "The settings file cannot be used, so no page is shown. Fix it, then reload: {error}"),
    "replica_missing": ("Server ini salinan hanya-baca, tetapi belum ada salinan di {path}. Terbitkan salinan "
                        "di server utama (`python -m analytics snapshot --to FOLDER`), lalu muat ulang halaman ini.",
                        "This server is a read-only copy, but there is no copy at {path} yet. Publish one on the "
                        "main server (`python -m analytics snapshot --to FOLDER`), then reload this page."),
    "review_replica": ("Server ini salinan hanya-baca: ulasan dicatat di server utama dan tampil di sini setelah "
                       "salinan berikutnya diterbitkan.",
                       "This server is a read-only copy: reviews are recorded on the main server and show here "
                       "once the next copy is published."),
    "login_relay_down": ("Server penulis yang memeriksa kata sandi tidak dapat dihubungi. Coba lagi sebentar lagi, "
                         "atau hubungi pengelola.",
                         "The writer server that checks passwords cannot be reached. Try again shortly, or ask the "
                         "administrator."),
    "login_not_here": ("Alamat ini untuk analis, Inspektorat dan admin; peran {role} membaca dasbor di alamat utama.",
                       "This address is for analysts, inspectors and admins; the role {role} reads the dashboards at "
                       "the main address."),
    "login_replica": ("Server ini salinan hanya-baca, sehingga tidak dapat mencatat percobaan masuk dengan kata "
                      "sandi. Masuk di server utama.",
                      "This server is a read-only copy, so it cannot record a password sign-in attempt. Sign in "
                      "on the main server."),
    "login_replica_sso": ("Server ini salinan hanya-baca, sehingga tidak dapat mencatat percobaan masuk dengan kata "
                          "sandi. Masuk dengan SSO organisasi di atas, atau masuk di server utama.",
                          "This server is a read-only copy, so it cannot record a password sign-in attempt. Sign "
                          "in with the organisation's single sign-on above, or on the main server."),
    "up_replicas": ("Server replika", "Replica servers"),
    "up_replicas_note": ("Setiap pemuatan dan pembatalan menerbitkan salinan hanya-baca ke {folder}. Ulasan "
                         "pemeriksaan dan perubahan akun sampai ke replika pada salinan berikutnya; terbitkan "
                         "sekarang bila perlu segera.",
                         "Every load and undo publishes a read-only copy to {folder}. Inspection reviews and "
                         "account changes reach the replicas with the next copy; publish now when they cannot "
                         "wait."),
    "up_publish_now": ("Terbitkan salinan sekarang", "Publish a copy now"),
    "up_publishing": ("Menerbitkan salinan untuk server replika…", "Publishing the copy for the replica servers…"),
    "up_published": ("Salinan hanya-baca {file} diterbitkan untuk server replika ({seconds} detik).",
                     "Read-only copy {file} published for the replica servers ({seconds} s)."),
    "up_publish_failed": ("Data sudah dimuat, tetapi salinan untuk server replika gagal diterbitkan: {error}. "
                          "Terbitkan ulang dengan `python -m analytics snapshot --to FOLDER`.",
                          "The data is loaded, but the copy for the replica servers could not be published: "
                          "{error}. Publish it again with `python -m analytics snapshot --to FOLDER`."),
    "sec_more": ("Rincian lainnya", "More detail"),
    "sec_more_note": ("Setiap bagian dihitung dan digambar saat dibuka.", "Each section is computed and drawn when opened."),
    "sec_ikm": ("Kepuasan masyarakat (SKM)", "Public satisfaction (SKM)"),
    "col_n_rated": ("Dinilai", "Rated"), "col_sat_mean": ("Rata-rata (1–4)", "Mean (1–4)"),
    "col_ikm": ("IKM", "IKM"), "col_grade": ("Mutu", "Grade"),
    "s_ikm": ("IKM keseluruhan {ikm} (mutu {grade}) dari {n} penilaian.", "Overall IKM {ikm} (grade {grade}) from {n} ratings."),
    "ikm_none": ("Belum ada penilaian kepuasan.", "No satisfaction ratings yet."),
    "chart_ikm": ("IKM per instansi (mutu A ≥ 88,31; B ≥ 76,61; C ≥ 65)", "IKM by agency (grade A ≥ 88.31; B ≥ 76.61; C ≥ 65)"),
    "ax_ikm": ("IKM (25–100)", "IKM (25–100)"),
    # Inspector page
    "nav_inspectors": ("Untuk Inspektorat", "For inspectors"),
    "page_inspect": ("Kenaikan: pemeriksaan", "Promotions: review"),
    "help_inspect": ("Antrean kenaikan pangkat/jabatan yang ditandai, diurutkan menurut risiko, dengan alasan, "
                     "riwayat pegawai dan catatan pemeriksaan.",
                     "The queue of flagged promotions by risk, with reasons, the employee's history and the "
                     "review record."),
    "insp_intro": ("Tanda adalah sinyal untuk diperiksa, bukan bukti pelanggaran. Setiap tanda disertai angka di "
                   "baliknya; status pemeriksaan dicatat dan tidak pernah ditimpa.",
                   "A flag is a signal to look, not proof of wrongdoing. Each comes with the numbers behind it; "
                   "review status changes are recorded and never overwritten."),
    "insp_computed": ("Tanda dihitung ulang setiap kali data dimuat atau diurungkan, lalu disimpan. Terakhir "
                      "dihitung {when}: {n} kenaikan diperiksa, {k} bertanda.",
                      "Flags are recomputed and stored each time data is loaded or undone. Last computed {when}: "
                      "{n} promotions checked, {k} flagged."),
    "insp_approver": ("Pejabat yang menyetujui", "Approver"),
    "insp_shown": ("Menampilkan {shown} dengan risiko tertinggi dari {n}. Persempit dengan filter untuk melihat "
                   "yang lain.", "Showing the {shown} highest-risk of {n}. Narrow the filters to see others."),
    "insp_scope_note": ("Instansi dan wilayah dipilih di filter bersama di atas.",
                        "Agency and region are chosen in the shared filters above."),
    "feat_months_since_cpns": ("Bulan sejak CPNS", "Months since CPNS"),
    "feat_months_in_rank": ("Bulan dalam pangkat sebelumnya", "Months in the previous rank"),
    "feat_rank_steps": ("Tingkat pangkat yang dinaiki", "Rank steps climbed"),
    "feat_last_annual_score": ("Nilai tahunan terakhir", "Last annual score"),
    "feat_age_years": ("Usia (tahun)", "Age (years)"),
    "col_n_agency": ("n instansi", "n agency"), "col_n_province": ("n provinsi", "n province"),
    # Public transparency, methodology, sign-in
    "nav_public": ("Untuk publik", "For the public"),
    "nav_account": ("Akun", "Account"),
    "page_public": ("Transparansi kinerja ASN", "Civil servants in the open"),
    "help_public": ("Angka agregat per instansi untuk masyarakat: predikat, pengaduan, IKM, kenaikan.",
                    "Aggregate figures per agency for the public: ratings, complaints, IKM, promotions."),
    "page_methodology": ("Metodologi", "Methodology"),
    "help_methodology": ("Cara setiap angka dihitung (METRICS.md) dan pengaturan yang berlaku.",
                         "How every figure is computed (METRICS.md) and the settings in force."),
    "page_login": ("Masuk", "Sign in"),
    "help_login": ("Masuk untuk pimpinan, Inspektorat, analis dan admin.",
                   "Sign in for leaders, inspectors, analysts and admins."),
    "pub_intro": ("Hanya angka agregat: tidak ada NIP, nama, nomor SK, penilai atau teks bebas. Jumlah di bawah "
                  "{k} ditampilkan sebagai \"< {k}\" dan bagian atau rata-rata yang dihitung darinya tidak "
                  "ditampilkan. Tahun {year}; data terakhir dimuat {when}.",
                  "Aggregates only: no NIP, name, decree number, evaluator or free text. Counts below {k} show as "
                  "\"< {k}\" and any share or mean computed from them is withheld. Year {year}; data last "
                  "loaded {when}."),
    "pub_methodology": ("Cara menghitung setiap angka (metodologi)", "How every figure is computed (methodology)"),
    "pub_total_withheld": ("dirahasiakan", "withheld"),
    "pub_total_partial": ("Jumlah dari instansi yang ditampilkan; {n} instansi dengan kurang dari {k} tidak "
                          "dihitung, agar angka mereka tidak dapat dihitung ulang dari total.",
                          "The sum of the agencies shown; {n} agencies with fewer than {k} are left out, so that "
                          "their counts cannot be worked out from the total."),
    "pub_none": ("Belum ada data untuk pilihan ini.", "No data for this selection yet."),
    "pub_employees": ("Pegawai aktif", "Active employees"),
    "pub_complaints_received": ("Pengaduan diterima", "Complaints received"),
    "pub_promotions": ("Kenaikan pangkat/jabatan", "Promotions"),
    "pub_chart": ("Sebaran predikat tahunan {year}", "Annual ratings {year}"),
    "pub_chart_sub": ("{n} instansi terbesar", "The {n} largest agencies"),
    "pub_ax_share": ("Bagian pegawai yang dinilai (%)", "Share of rated employees (%)"),
    "pub_chart_note": ("Grafik memuat {n} instansi terbesar yang punya predikat tahunan; bagian abu-abu adalah "
                       "bagian yang disembunyikan (jumlahnya di bawah 10). Tabel di bawah memuat semua {total} "
                       "instansi.", "The chart holds the {n} largest agencies with annual ratings; the grey part is "
                       "the withheld shares (counts below 10). The table below holds all {total} agencies."),
    "pub_withheld": ("Disembunyikan", "Withheld"),
    "pub_table": ("Angka per instansi ({n} instansi)", "Figures per agency ({n} agencies)"),
    "pub_legend": ("\"< {k}\": jumlah di bawah {k}. \"•\": disembunyikan agar angka yang kecil tidak dapat "
                   "dihitung dari total. \"–\": tidak ada data.",
                   "\"< {k}\": a count below {k}. \"•\": withheld so that a small count cannot be worked out "
                   "from a total. \"–\": no data."),
    "pub_file": ("per instansi", "per agency"),
    "pub_col_employees": ("Pegawai", "Employees"),
    "pub_col_share_sangat_baik": ("Sangat baik", "Sangat baik"), "pub_col_share_baik": ("Baik", "Baik"),
    "pub_col_share_butuh_perbaikan": ("Butuh perbaikan", "Butuh perbaikan"),
    "pub_col_share_kurang": ("Kurang", "Kurang"), "pub_col_share_sangat_kurang": ("Sangat kurang", "Sangat kurang"),
    "pub_col_complaints_received": ("Pengaduan", "Complaints"),
    "pub_col_first_response_compliance": ("Tanggapan pertama tepat waktu", "First response on time"),
    "pub_col_km_median_first_response": ("Median tanggapan pertama (hari kerja)", "Median first response (working days)"),
    "pub_col_ikm": ("IKM", "IKM"), "pub_col_grade": ("Mutu", "Grade"),
    "pub_col_promotions": ("Kenaikan", "Promotions"),
    "meth_intro": ("Cara setiap angka di Pantau Kinerja dihitung, dalam bahasa sehari-hari; rumus dan pengaturan "
                   "lengkapnya ada di bagian Detail teknis di bawah.",
                   "How every figure in Pantau Kinerja is worked out, in plain words; the formulas and settings are "
                   "in the Technical details part below."),
    "meth_plain": (
        "**Dari mana datanya.** Dari berkas yang dimuat analis daerah: data pegawai dan riwayat golongan dari SIASN "
        "(BKN), hasil penilaian kinerja dari e-Kinerja, dan pengaduan dari SP4N-LAPOR!. Setiap berkas diperiksa "
        "baris demi baris sebelum dimuat; data pribadi seperti NIK, nomor HP, alamat dan agama tidak pernah "
        "disimpan.\n\n"
        "**Predikat kinerja.** Setiap pegawai dinilai dari hasil kerja dan perilaku kerja (di atas, sesuai atau di "
        "bawah ekspektasi); keduanya menentukan predikat Sangat Baik sampai Sangat Kurang menurut PermenPANRB 6/2022. "
        "\"Baik ke atas\" adalah bagian pegawai yang predikatnya Baik atau Sangat Baik. Kurva predikat memeriksa "
        "apakah sebaran predikat sebuah instansi masuk akal: sedikit yang Sangat Baik dan ada yang perlu perbaikan.\n\n"
        "**Pengaduan.** Sebuah pengaduan tepat waktu bila diverifikasi, ditanggapi dan diselesaikan dalam batas hari "
        "kerja yang berlaku (hari libur dan cuti bersama tidak dihitung). Pengaduan yang masih terbuka ikut dihitung, "
        "agar angka tidak tampak lebih baik dari kenyataan.\n\n"
        "**Keadilan kenaikan pangkat.** Untuk setiap kelompok (misalnya perempuan dan laki-laki) dihitung bagian "
        "pegawai yang memenuhi syarat dan benar-benar naik pangkat; bila satu kelompok jauh tertinggal, itu tanda "
        "untuk diperiksa, bukan bukti.\n\n"
        "**Tanda pada kenaikan.** Kenaikan yang menyimpang dari aturan (terlalu cepat, melompat, di atas batas "
        "pendidikan, penilaian sebelumnya di bawah Baik) diberi tanda untuk diperiksa Inspektorat; tanda bukan "
        "tuduhan.\n\n"
        "**Halaman publik.** Hanya angka gabungan. Kelompok dengan kurang dari 10 orang tidak ditampilkan angkanya, "
        "agar tidak ada orang yang dapat dikenali.",
        "**Where the data comes from.** From files the regional analysts load: employees and rank histories from "
        "SIASN (BKN), appraisal results from e-Kinerja, and complaints from SP4N-LAPOR!. Every file is checked row "
        "by row before it is loaded; personal data such as the NIK, phone numbers, addresses and religion is never "
        "stored.\n\n"
        "**Ratings.** Each employee is appraised on work results and behaviour (above, meeting or below "
        "expectations); the two set the rating from Very good to Very poor as PermenPANRB 6/2022 says. \"Good or "
        "better\" is the share rated Good or Very good. The rating curve checks whether an agency's spread of "
        "ratings is plausible: few Very good, and some needing improvement.\n\n"
        "**Complaints.** A complaint is on time when it is verified, answered and resolved within the working days "
        "allowed (holidays and collective leave do not count). Complaints still open are counted too, so that the "
        "figures do not look better than they are.\n\n"
        "**Promotion fairness.** For each group (women and men, for instance) the share of eligible employees who "
        "were actually promoted; a group far behind is a sign to look into, not proof.\n\n"
        "**Flags on promotions.** Promotions that depart from the rules (too early, skipping a rank, above the "
        "education ceiling, a rating below Good the year before) are flagged for the Inspectorate to review; a flag "
        "is not an accusation.\n\n"
        "**The public page.** Totals only. A group of fewer than 10 people is not shown as a number, so that nobody "
        "can be recognised."),
    "meth_details": ("Detail teknis: rumus, pengaturan dan laporan", "Technical details: formulas, settings and reports"),
    "meth_settings_intro": ("Pengaturan yang berlaku di instalasi ini (kunci di kinerja.toml):",
                            "The settings in force on this installation (keys in kinerja.toml):"),
    "meth_setting": ("Pengaturan", "Setting"), "meth_value": ("Nilai", "Value"),
    "meth_key": ("Kunci di kinerja.toml", "Key in kinerja.toml"),
    "meth_reports": ("Laporan baris perintah", "Command-line reports"),
    "meth_reports_intro": ("Angka yang sama tersedia sebagai JSON atau CSV dengan `python -m analytics report NAMA` "
                           "dan filter wilayah, instansi, tahun dan periode:",
                           "The same figures are available as JSON or CSV from `python -m analytics report NAME` "
                           "with the region, agency, year and period filters:"),
    "meth_report": ("Laporan", "Report"), "meth_report_what": ("Isi", "What it holds"),
    # The datasets of CONTRACT.md, as a reader calls them.
    "dataset_agencies": ("Instansi", "Agencies"),
    "dataset_agency_ratings": ("Predikat organisasi", "Agency ratings"),
    "dataset_employees": ("Pegawai", "Employees"),
    "dataset_appraisals": ("Penilaian kinerja", "Appraisals"),
    "dataset_complaints": ("Pengaduan", "Complaints"),
    "dataset_promotions": ("Kenaikan pangkat/jabatan", "Promotions"),
    "dataset_unor_map": ("Peta unit organisasi (UNOR)", "Unit map (UNOR)"),
    # One line per setting of analytics/settings.py (tests/test_docs.py checks that each has one).
    "setting_max_file_mb": ("Ukuran berkas unggahan terbesar (MB); yang lebih besar ditolak sebelum dibaca",
                            "Largest file an analyst may upload (MB); a larger one is refused before it is read"),
    "setting_max_errors_listed": ("Kesalahan terbanyak yang dicantumkan per berkas (jumlahnya selalu lengkap)",
                                  "Most errors listed for one file (their count is always complete)"),
    "setting_curve_limit": ("Batas kurva predikat L: bagian tertinggi suatu predikat di satu instansi (§1)",
                            "Rating-curve limit L: the largest share of one rating in an agency (§1)"),
    "setting_sla_verification_days": ("Target verifikasi pengaduan, hari kerja sejak diterima (§2)",
                                      "Complaint verification target, working days from receipt (§2)"),
    "setting_sla_first_response_days": ("Target tanggapan pertama, hari kerja sejak diterima (§2)",
                                        "First-response target, working days from receipt (§2)"),
    "setting_sla_resolution_ringan_days": ("Target penyelesaian pengaduan ringan, hari kerja (§2)",
                                           "Resolution target for light complaints, working days (§2)"),
    "setting_sla_resolution_normatif_days": ("Target penyelesaian pengaduan normatif, hari kerja (§2)",
                                             "Resolution target for normative complaints, working days (§2)"),
    "setting_sla_resolution_tidak_berkadar_pengawasan_days": (
        "Target penyelesaian pengaduan tidak berkadar pengawasan, hari kerja (§2)",
        "Resolution target for complaints without a supervisory element, working days (§2)"),
    "setting_sla_resolution_berkadar_pengawasan_days": (
        "Target penyelesaian pengaduan berkadar pengawasan, hari kerja (§2)",
        "Resolution target for complaints with a supervisory element, working days (§2)"),
    "setting_fairness_min_group": ("Kelompok dengan pegawai layak lebih sedikit ditampilkan tetapi tidak dinilai (§3)",
                                   "Groups with fewer eligible employees are shown but not assessed (§3)"),
    "setting_public_min_cell": ("Hitungan terkecil yang ditampilkan kepada publik; yang lebih kecil disembunyikan (§5)",
                                "Smallest count shown to the public; smaller ones are withheld (§5)"),
    "setting_refresh_full_share": (
        "Pemuatan atau pembatalan yang mengubah lebih dari bagian ini dari baris suatu dataset menghitung ulang "
        "seluruh tabel turunan; yang lebih kecil hanya bagian yang terkena (hasilnya sama)",
        "A load or undo that changes more than this share of a dataset's rows recomputes the derived tables whole; "
        "a smaller one only the parts it reaches (the result is the same)"),
    # One line per report of analytics/reports.py (tests/test_docs.py checks that each has one).
    "report_datasets": ("Jumlah baris per dataset di bawah filter", "Row counts per dataset under the filters"),
    "report_appraisal-distribution": ("Sebaran predikat dan skor penilaian per kelompok (§1)",
                                      "Distribution of appraisal ratings and scores per group (§1)"),
    "report_rating-curve": ("Bagian tiap predikat per instansi terhadap kurva (§1)",
                            "Each agency's rating shares against the curve (§1)"),
    "report_raters": ("Pola penilai: longgar, ketat, seragam (§1)", "Rater patterns: lenient, harsh, uniform (§1)"),
    "report_sla": ("Kepatuhan waktu layanan pengaduan per tahap (§2)", "Complaint SLA compliance per stage (§2)"),
    "report_fairness": ("Keadilan kenaikan pangkat per kelompok (§3)", "Fairness of rank promotions per group (§3)"),
    "report_flags": ("Kenaikan yang ditandai dan alasannya (§4)", "Flagged promotions and their reasons (§4)"),
    "report_public": ("Angka halaman transparansi, dengan sel kecil disembunyikan (§5)",
                      "The transparency page's figures, small cells withheld (§5)"),
    "login_user": ("Nama pengguna", "User name"), "login_password": ("Kata sandi", "Password"),
    "login_submit": ("Masuk", "Sign in"), "login_sso": ("Masuk dengan akun instansi (SSO)", "Sign in with your "
                                                       "organisation's account (SSO)"),
    "login_intro": ("Halaman pimpinan, Inspektorat, analis dan admin memerlukan akun. Masyarakat dapat membuka "
                    "halaman transparansi tanpa masuk.", "The pages for leaders, inspectors, analysts and admins "
                    "need an account. The public can open the transparency page without signing in."),
    "login_sso_unknown": ("Akun SSO {email} belum diberi peran. Hubungi admin.",
                          "The SSO account {email} has no role yet. Ask an admin."),
    "logout": ("Keluar", "Sign out"),
    "signed_in": ("Masuk sebagai **{name}** ({role}{region})", "Signed in as **{name}** ({role}{region})"),
    "role_leader": ("pimpinan", "leader"), "role_inspector": ("Inspektorat", "inspector"),
    "role_analyst": ("analis", "analyst"), "role_admin": ("admin", "admin"), "role_public": ("publik", "public"),
    "role_cli": ("baris perintah", "command line"),
    "refused": ("Halaman ini tidak tersedia untuk peran Anda.", "This page is not available to your role."),
    # Fairness page
    "page_fairness": ("Keadilan kenaikan pangkat", "Promotion fairness"),
    "help_fairness": ("Tingkat kenaikan pangkat per kelompok pegawai yang memenuhi syarat, dengan uji empat per lima.",
                      "Rank promotion rates per group of eligible employees, with the four-fifths screen."),
    "fa_intro": ("Siapa yang memenuhi syarat kenaikan pangkat reguler pada tahun itu (PNS aktif, di bawah batas "
                 "pendidikan dan IV/e, 4 tahun dalam pangkat per 31 Desember) dan siapa yang naik. Bagi setiap "
                 "kelompok: tingkat kenaikan = naik ÷ memenuhi syarat.",
                 "Who was eligible for a regular rank promotion in the year (active PNS, below the education ceiling "
                 "and IV/e, 4 years in rank by 31 December) and who was promoted. For each group: selection rate = "
                 "promoted ÷ eligible."),
    "fa_caveat": ("Aturan empat per lima adalah sinyal penyaring, bukan bukti diskriminasi. Selisih bisa dijelaskan "
                  "oleh kinerja, formasi, atau ukuran kelompok yang kecil; lihat tingkat per predikat di bawah dan "
                  "periksa kasusnya sebelum menyimpulkan.",
                  "The four-fifths rule is a screening signal, not proof of discrimination. A gap may be explained "
                  "by performance, vacancies or small groups; see the rates by rating below and look at the cases "
                  "before concluding."),
    "fa_attribute": ("Kelompokkan menurut", "Group by"),
    "by_age_band": ("Kelompok usia (1 Januari)", "Age band (1 January)"),
    "fa_year_note": ("Tidak ada kenaikan pangkat pada tahun {want}; ditampilkan tahun {year}.",
                     "No rank promotion in {want}; showing {year}."),
    "fa_none": ("Belum ada kenaikan pangkat pada data untuk pilihan ini.", "No rank promotion in the data for this "
                "selection."),
    "fa_empty": ("Tidak ada pegawai yang memenuhi syarat pada tahun {year} untuk pilihan ini.",
                 "No one was eligible in {year} for this selection."),
    "fa_headline": ("Tahun {year}: {n} pegawai memenuhi syarat, {k} naik pangkat ({rate}).",
                    "{year}: {n} employees eligible, {k} promoted ({rate})."),
    "fa_threshold": ("Ambang: kelompok yang tingkatnya di bawah 4/5 (80%) dari tingkat tertinggi di antara kelompok "
                     "yang dinilai ditandai **gagal**; kelompok dengan tingkat tertinggi adalah **acuan**. Kelompok "
                     "dengan kurang dari {min} pegawai yang memenuhi syarat ditampilkan tetapi **tidak dinilai**. "
                     "Selang 95% menurut metode Wilson; p dari uji eksak Fisher dua sisi, kelompok ini terhadap "
                     "semua yang lain.",
                     "Threshold: a group whose rate is below 4/5 (80%) of the highest rate among assessed groups "
                     "**fails**; the group with the highest rate is the **reference**. Groups with fewer than {min} "
                     "eligible are shown but **not assessed**. 95% intervals by the Wilson method; p from a two-sided "
                     "Fisher exact test of the group against all others."),
    "fa_fails": ("Gagal uji empat per lima: {groups}.", "Fail the four-fifths screen: {groups}."),
    "fa_no_fails": ("Tidak ada kelompok yang dinilai gagal uji empat per lima.", "No assessed group fails the "
                    "four-fifths screen."),
    "chart_fa_rates": ("Tingkat kenaikan pangkat per {by}, {year} (selang 95%)",
                       "Rank promotion rate by {by}, {year} (95% interval)"),
    "ax_fa_rate": ("Tingkat kenaikan (% dari yang memenuhi syarat)", "Selection rate (% of eligible)"),
    "ser_four_fifths": ("Batas 4/5 dari acuan", "4/5 of the reference"),
    "fa_grid": ("Lolos / gagal / acuan", "Pass / fail / reference"),
    "verdict_reference": ("acuan", "reference"), "verdict_pass": ("lolos", "pass"),
    "verdict_fail": ("gagal", "fail"), "verdict_not_assessed": ("tidak dinilai", "not assessed"),
    "col_group": ("Kelompok", "Group"), "col_eligible": ("Memenuhi syarat", "Eligible"),
    "col_promoted": ("Naik", "Promoted"), "col_rate": ("Tingkat (%)", "Rate (%)"), "col_ci_low": ("Selang 95%: bawah (%)", "95% interval: low (%)"),
    "col_ci_high": ("Selang 95%: atas (%)", "95% interval: high (%)"),
    "col_ratio": ("Rasio thd. tertinggi", "Ratio to highest"), "col_verdict": ("Hasil", "Result"),
    "col_p": ("p (Fisher)", "p (Fisher)"), "col_stratum": ("Predikat tahunan terakhir", "Latest annual rating"),
    "fa_strata": ("Dalam setiap predikat", "Within each rating"),
    "fa_strata_s": ("Tingkat kenaikan per kelompok di antara pegawai dengan predikat tahunan terakhir yang sama "
                    "sebelum {year}. Bila selisih hilang di dalam tiap predikat, selisih keseluruhan dijelaskan oleh "
                    "kinerja.", "Selection rates per group among employees with the same latest annual rating "
                    "before {year}. Where a gap disappears within each rating, performance explains the overall gap."),
    "chart_fa_strata": ("Tingkat kenaikan per {by} dalam setiap predikat, {year}",
                        "Selection rate by {by} within each rating, {year}"),
    "stratum_sangat_baik": ("Sangat baik", "Sangat baik"), "stratum_baik": ("Baik", "Baik"),
    "stratum_other": ("Lainnya / belum dinilai", "Other / not rated"),
    "case_cohort": ("Dibanding kenaikan yang sama", "Against the same promotions"),
    "case_cohort_s": ("Kohort: kenaikan {kind} ke {target} pada tahun {year}: {n_agency} di instansinya dan "
                      "{n_province} di provinsinya (termasuk kenaikan ini). Persentil: bagian kohort instansi "
                      "dengan nilai sama atau lebih kecil.",
                      "Cohort: {kind} promotions to {target} in {year}: {n_agency} in its agency and {n_province} "
                      "in its province (this one included). Percentile: the share of the agency cohort with the "
                      "same or a smaller value."),
    "case_cohort_none": ("Tidak ada data pembanding untuk kenaikan ini.", "No comparison is available."),
    "col_feature": ("Ukuran", "Measure"), "col_this": ("Kenaikan ini", "This promotion"),
    "col_agency_median": ("Median instansi", "Agency median"), "col_percentile": ("Persentil", "Percentile"),
    "col_province_median": ("Median provinsi", "Province median"),
    "case_approver": ("Rekam jejak pejabat yang menyetujui: {name} ({nip})",
                      "The approver's record: {name} ({nip})"),
    "case_no_approver": ("Kenaikan ini tidak mencatat pejabat yang menyetujui.",
                         "This promotion records no approver."),
    "case_approver_s": ("Menyetujui {n} kenaikan di wilayah Anda. {good} dari {rated} yang dinaikkan dan punya "
                        "predikat tahunan setahun sebelumnya ({share}) berpredikat baik ke atas, dibanding {pool_share} "
                        "dari {pool_rated} pegawai yang memenuhi syarat di instansi dan tahun yang sama{p}.",
                        "Approved {n} promotions in your regions. {good} of {rated} promotees with an annual rating "
                        "the year before ({share}) were rated baik or better, against {pool_share} of {pool_rated} "
                        "eligible employees of the same agencies and years{p}."),
    "case_approver_p": (" (uji Fisher dua sisi p = {p}; tanda \u201cPola pejabat penyetuju\u201d bila ≥ 10 kenaikan, "
                        "bagiannya lebih rendah dan p < 0,01)", " (two-sided Fisher p = {p}; the flag \u201cApprover "
                        "pattern\u201d is raised at 10 or more promotions, a lower share and p < 0.01)"),
    "chart_approver": ("Kenaikan yang disetujui per tahun", "Promotions approved per year"),
    "ser_approved": ("Disetujui", "Approved"),
    "ser_good_before": ("Berpredikat baik ke atas setahun sebelumnya", "Rated baik or better the year before"),
    "col_rating_before": ("Predikat setahun sebelumnya", "Rating the year before"),
    "case_approver_list": ("Kenaikan yang disetujuinya (terbaru dulu, paling banyak {n})",
                           "The promotions they approved (latest first, at most {n})"),
    "insp_code": ("Kode tanda", "Flag code"), "insp_status": ("Status pemeriksaan", "Review status"),
    "insp_all": ("Semua", "All"),
    "insp_queue": ("Antrean ({n} kenaikan bertanda)", "Queue ({n} flagged promotions)"),
    "insp_pick": ("Buka kasus", "Open a case"),
    "col_promotion": ("Kenaikan", "Promotion"), "col_date": ("TMT", "Effective"), "col_codes": ("Tanda", "Flags"),
    "col_risk": ("Risiko", "Risk"), "col_reasons": ("Alasan", "Reasons"),
    "status_open": ("terbuka", "open"), "status_under_review": ("diperiksa", "under review"),
    "status_confirmed": ("terbukti", "confirmed"), "status_dismissed": ("tidak terbukti", "dismissed"),
    "case_title": ("Kasus {pid}: {name} ({nip})", "Case {pid}: {name} ({nip})"),
    "case_reasons": ("Tanda dan alasannya", "Flags and their reasons"),
    "case_timeline": ("Riwayat kenaikan pegawai", "The employee's promotions"),
    "case_appraisals": ("Riwayat penilaian tahunan", "Annual appraisal history"),
    "case_review": ("Pemeriksaan", "Review"),
    "case_flag": ("Tanda yang diperiksa", "Flag reviewed"), "case_to": ("Status baru", "New status"),
    "case_note": ("Catatan (wajib)", "Note (required)"), "case_save": ("Simpan perubahan status", "Save the status change"),
    "case_saved_replicas": ("Server replika menampilkannya dalam {minutes} menit (salinan berikutnya).",
                            "The replica servers show it within {minutes} minutes (the next copy)."),
    "case_saved": ("Status {code} diubah dari {frm} menjadi {to}.", "{code} changed from {frm} to {to}."),
    "case_file": ("Berkas kasus", "Case file"),
    "case_file_note": ("Satu dokumen untuk dicetak dan diarsipkan: kenaikan, setiap tanda dan alasannya, riwayat "
                       "pegawai, perbandingan kohort, rekam jejak penyetuju dan riwayat pemeriksaan dengan akun yang "
                       "mencatatnya. Buka berkas HTML di peramban lalu cetak (A4) atau simpan sebagai PDF.",
                       "One document to print and file: the promotion, every flag and its reason, the employee's "
                       "history, the cohort comparison, the approver's record and the review trail with the accounts "
                       "that wrote it. Open the HTML file in a browser, then print (A4) or save as PDF."),
    "case_html": ("Dokumen untuk dicetak (HTML)", "Document to print (HTML)"),
    "cf_promotion": ("Kenaikan yang ditandai", "The flagged promotion"),
    "cf_decree": ("Nomor SK", "Decree number"), "cf_decree_date": ("Tanggal SK", "Decree date"),
    "cf_none": ("Tidak ada data.", "No data."),
    "cf_approver": ("Rekam jejak pejabat yang menyetujui", "The approver's record"),
    "cf_approver_out": ("Pejabat yang menyetujui berada di luar wilayah Anda: rekam jejaknya tidak ditampilkan.",
                        "The approver is outside your region: their record is not shown."),
    "cf_meta": ("Dibuat {when} oleh akun {reader}, dari data Pantau Kinerja.",
                "Made {when} by the account {reader}, from Pantau Kinerja's data."),
    "cf_confidential": ("RAHASIA: memuat data pribadi pegawai. Hanya untuk pemeriksaan oleh Inspektorat.",
                        "CONFIDENTIAL: holds employees' personal data. For the Inspectorate's review only."),
    "cf_sign_inspector": ("Pemeriksa (nama, tanda tangan)", "Inspector (name, signature)"),
    "cf_sign_date": ("Tanggal", "Date"),
    "col_approver": ("Pejabat yang menyetujui", "Approver"),
    "case_history": ("Riwayat pemeriksaan", "Review history"), "case_no_history": ("Belum ada pemeriksaan.", "No review yet."),
    "case_final": ("Semua tanda kasus ini sudah selesai diperiksa.", "Every flag of this case has been reviewed."),
    "col_from": ("Dari", "From"), "col_to": ("Ke", "To"), "col_note": ("Catatan", "Note"),
    "insp_none": ("Tidak ada kenaikan bertanda untuk pilihan ini.", "No flagged promotion for this selection."),
    "insp_personal": ("Halaman ini memuat data pribadi dan hanya untuk yang berhak.",
                      "This page holds personal data and is for those entitled only."),
    # Upload
    "up_intro": ("Unggah satu berkas per dataset: CSV (pemisah koma, titik koma, tab atau garis tegak | seperti "
                 "ekspor SIASN; UTF-8 atau Windows-1252) atau Excel .xlsx (lembar pertama). Berkas diperiksa "
                 "seluruhnya lebih dulu; berkas dengan satu kesalahan pun tidak dimuat sama sekali.",
                 "Upload one file per dataset: CSV (separated by commas, semicolons, tabs or the bar | of SIASN's "
                 "exports; UTF-8 or Windows-1252) or Excel .xlsx (first sheet). The whole file is checked first; a "
                 "file with any error loads nothing."),
    "up_choose": ("Pilih berkas", "Choose a file"),
    "up_drop": ("atau seret ke sini · paling besar {mb} MB · {types}", "or drag it here · at most {mb} MB · {types}"),
    "up_limit": ("Batas ukuran berkas: {mb} MB.", "File size limit: {mb} MB."),
    "up_recorded_as": ("Dicatat atas nama akun yang masuk: {login} ({role}).",
                       "Recorded under the signed-in account: {login} ({role})."),
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
    "up_errors_name": ("kesalahan {file}", "errors {file}"),
    "up_warnings_name": ("peringatan {file}", "warnings {file}"),
    "up_checking": ("Memeriksa setiap baris terhadap setiap aturan…", "Checking every row against every rule…"),
    "up_loading": ("Memuat dalam satu transaksi dan memperbarui tabel ringkasan; pada skala nasional ini bisa "
                   "beberapa menit…",
                   "Loading in one transaction and refreshing the summary tables; at national scale this can take "
                   "a few minutes…"),
    "up_load": ("Muat ke basis data", "Load into the database"),
    # A load's or an undo's stages, as Unggah Data's progress bar names them (loader.STAGES, derived tables).
    "stage_line": ("Langkah {n} dari {of}: {stage} · {seconds} dtk berjalan",
                   "Step {n} of {of}: {stage} · {seconds} s so far"),
    "stage_wait": ("menunggu pemuatan lain selesai", "waiting for another load to finish"),
    "stage_read": ("membaca berkas", "reading the file"),
    "stage_check": ("memeriksa setiap baris terhadap setiap aturan", "checking every row against every rule"),
    "stage_compare": ("membandingkan dengan data tersimpan", "comparing with the stored data"),
    "stage_write": ("menulis baris dan riwayatnya", "writing the rows and their history"),
    "stage_refresh_marts": ("menghitung ulang angka penilaian", "refreshing the appraisal figures"),
    "stage_refresh_complaint_cells": ("menghitung ulang angka pengaduan", "refreshing the complaint figures"),
    "stage_refresh_flags": ("menghitung ulang tanda kenaikan pangkat", "refreshing the promotion flags"),
    "stage_commit": ("menyimpan", "saving"),
    "stage_done": ("Selesai dalam {seconds} dtk.", "Done in {seconds} s."),
    "refreshing_note": ("Data {dataset} sedang diperbarui sejak {since} ({stage}). Angka di halaman ini masih "
                        "dari data sebelumnya dan akan berubah setelah pembaruan selesai; halaman bisa lebih lambat "
                        "sementara itu.",
                        "{dataset} data is being updated since {since} ({stage}). The figures on this page are "
                        "still from the data before and will change when it is done; pages may be slower "
                        "meanwhile."),
    "up_cancel": ("Batal", "Cancel"),
    "up_loaded": ("Batch {id} dimuat: {ins} baris baru, {upd} diperbarui, {same} sama. Semua angka sudah diperbarui.",
                  "Batch {id} loaded: {ins} new rows, {upd} updated, {same} unchanged. Every figure is refreshed."),
    "up_units": ("Unit tanpa instansi", "Units without an agency"),
    "up_units_intro": ("Unit (UNOR) berikut tidak terpetakan ke instansi. Pilih instansi tiap unit (saran menurut "
                       "nama di urutan teratas); pilihan disimpan sebagai batch peta UNOR yang dapat diurungkan, lalu "
                       "berkas diperiksa lagi.",
                       "These units (UNOR) map to no agency. Pick each unit's agency (suggestions by name come "
                       "first); the choices are saved as a unit-map batch that can be undone, and the file is "
                       "checked again."),
    "up_units_more": ("{n} unit lain akan ditampilkan setelah yang di atas disimpan.",
                      "{n} more units will show once those above are saved."),
    "up_units_label": ("{name} · {id} · {n} pegawai (baris {rows})", "{name} · {id} · {n} employees (rows {rows})"),
    "up_units_none": ("— pilih instansi —", "— pick an agency —"),
    "up_units_save": ("Simpan peta unit dan periksa lagi", "Save the unit map and check again"),
    "up_units_saved": ("Peta unit disimpan sebagai batch {id} ({n} unit; dapat diurungkan di Riwayat batch). Berkas "
                       "diperiksa lagi.",
                       "The unit map was saved as batch {id} ({n} units; it can be undone in the batch history). The "
                       "file was checked again."),
    "up_units_nothing": ("Belum ada unit yang diberi instansi.", "No unit was given an agency yet."),
    "up_map": ("Petakan kolom berkas ini", "Map this file's columns"),
    "up_map_intro": ("Kolom berkas ini tidak bernama seperti kontrak data. Pilih kolom berkas untuk tiap kolom dataset "
                     "(saran menurut kemiripan nama sudah terpilih), beri nama pemetaan, lalu simpan: berkas diperiksa "
                     "lagi, dan berkas berikutnya dengan kolom yang sama memakai pemetaan ini dengan sendirinya.",
                     "This file's columns are not named as the data contract names them. Pick the file's column for "
                     "each column of the dataset (suggestions by similar names are picked already), name the "
                     "mapping and save it: the file is checked again, and later files with the same columns use "
                     "this mapping by themselves."),
    "up_map_required": ("{column} (wajib)", "{column} (required)"),
    "up_map_none": ("— tidak ada di berkas —", "— not in the file —"),
    "up_map_name": ("Nama pemetaan", "Mapping name"),
    "up_map_save": ("Simpan pemetaan dan periksa lagi", "Save the mapping and check again"),
    "up_map_saved": ("Pemetaan '{name}' disimpan; berkas diperiksa lagi dengannya.",
                     "The mapping '{name}' was saved; the file was checked again with it."),
    "up_mappings": ("Pemetaan kolom tersimpan", "Saved column mappings"),
    "up_history": ("Riwayat batch", "Batch history"),
    "page_audit": ("Jejak audit", "Audit trail"),
    "s_backlog_none": ("Tidak ada pengaduan terbuka pada {date}.", "No complaint was open on {date}."),
    "s_flow_none": ("Tidak ada pengaduan yang diterima atau diselesaikan pada periode ini.",
                    "No complaint was received or resolved in this period."),
    "insp_status_help": ("Menampilkan kenaikan yang salah satu tandanya berstatus ini. Kolom Status di antrean "
                         "menunjukkan status kasus: status tanda yang paling awal tahapnya.",
                         "Shows the promotions any of whose flags has this status. The queue's Status column shows "
                         "the case's status: that of its least advanced flag."),
    "help_audit": ("Siapa mengubah apa dan kapan", "Who changed what, and when"),
    "audit_intro": ("Setiap perubahan data dicatat atas nama akun yang masuk. Baris dari sebelum pencatatan ini "
                    "memuat nama yang dulu diketik, dan ditandai demikian.",
                    "Every change is recorded under the signed-in account. Rows from before this record carry the "
                    "name that was typed then, and say so."),
    "audit_when": ("Waktu", "When"), "audit_account": ("Akun", "Account"), "audit_role": ("Peran", "Role"),
    "audit_source": ("Dikenali dari", "Known from"), "audit_action": ("Tindakan", "Action"),
    "audit_target": ("Sasaran", "Target"), "audit_detail": ("Rincian", "Detail"),
    "audit_all": ("Semua tindakan", "All actions"), "audit_from": ("Dari tanggal", "From"),
    "audit_to": ("Sampai tanggal", "To"), "audit_none": ("Tidak ada catatan dengan filter ini.",
                                                          "Nothing recorded under these filters."),
    "audit_count": ("{n} catatan, terbaru di atas.", "{n} rows, newest first."),
    "audit_source_account": ("akun yang masuk", "signed-in account"),
    "audit_source_cli": ("baris perintah (nama sebagaimana disebut)", "command line (the name as given)"),
    "audit_source_typed": ("nama diketik (sebelum pencatatan akun)", "typed name (before accounts were recorded)"),
    "audit_action_load": ("memuat berkas", "loaded a file"), "audit_action_undo": ("mengurungkan batch", "undid a batch"),
    "audit_action_review": ("memeriksa tanda", "reviewed a flag"),
    "audit_action_mapping": ("menyimpan pemetaan kolom", "saved a column mapping"),
    "audit_action_account_add": ("menambah akun", "added an account"),
    "audit_action_account_disable": ("menonaktifkan akun", "disabled an account"),
    "audit_action_snapshot": ("menerbitkan salinan", "published a snapshot"),
    "up_none": ("Belum ada batch.", "No batches yet."),
    "up_undo": ("Urungkan batch", "Undo a batch"),
    "up_undo_pick": ("Batch yang diurungkan", "Batch to undo"),
    "up_undo_confirm": ("Saya yakin: baris yang ditambahkan batch ini dihapus dan baris yang diubahnya dikembalikan.",
                        "I am sure: the rows this batch added are removed and the rows it changed are restored."),
    "up_undo_button": ("Urungkan", "Undo"),
    "up_undone": ("Batch {id} diurungkan: {deleted} baris yang ditambahkannya dihapus, {restored} baris yang diubahnya "
                  "dikembalikan ke nilai sebelumnya. Dapat diulang di bawah selama belum ada batch data yang sama "
                  "sesudahnya.",
                  "Batch {id} undone: {deleted} rows it added removed, {restored} rows it changed given their earlier "
                  "values back. It can be redone below while no later batch of the same data is loaded."),
    "up_undo_plan": ("Batch {id} · {dataset} · berkas {file} · dimuat {when} oleh {user}. Mengurungkannya menghapus "
                     "{removed} baris yang ditambahkannya dan mengembalikan {restored} baris yang diubahnya ke nilai "
                     "sebelumnya.",
                     "Batch {id} · {dataset} · file {file} · loaded {when} by {user}. Undoing it removes the {removed} "
                     "rows it added and gives the {restored} rows it changed their earlier values back."),
    "up_redo": ("Ulangi batch yang diurungkan", "Redo an undone batch"),
    "up_redo_pick": ("Batch yang diulang", "Batch to redo"),
    "up_redo_note": ("Salinan berkas batch itu dimuat lagi sebagai batch baru, diperiksa seperti pemuatan lain.",
                     "The kept copy of that batch's file is loaded again as a new batch, checked like any load."),
    "up_redo_button": ("Ulangi", "Redo"),
    "up_redone": ("Batch {id} diulang sebagai batch {new}: {ins} baris baru, {upd} diperbarui.",
                  "Batch {id} redone as batch {new}: {ins} new rows, {upd} updated."),
    "audit_action_redo": ("mengulang batch", "redid a batch"),
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
    "status_redone": ("diulang", "redone"),
    "ctype_text": ("teks", "text"), "ctype_nip": ("NIP 18 angka", "18-digit NIP"),
    "ctype_region": ("kode wilayah", "region code"), "ctype_rank": ("golongan", "rank"),
    "ctype_enum": ("pilihan", "choice"), "ctype_int": ("bilangan bulat", "whole number"),
    "ctype_decimal": ("desimal (titik atau koma)", "decimal (point or comma)"),
    "ctype_date": ("tanggal", "date"), "ctype_timestamp": ("tanggal dan jam", "date and time"),
    "allowed": ("salah satu dari: {values}", "one of: {values}"),
}


RULES: dict[str, tuple[str, str]] = {
    # The file as a whole
    "file_too_large": ("Berkas {detail} MB melebihi batas {max} MB; berkas tidak dibaca.",
                       "The file is {detail} MB, over the {max} MB limit; it was not read."),
    "file_empty": ("Berkas kosong.", "The file is empty."),
    "file_no_rows": ("Berkas hanya berisi baris judul, tanpa baris data.",
                     "The file has a header row but no data rows."),
    "file_binary": ("Berkas bukan CSV atau XLSX yang dapat dibaca: berisi byte NUL (data biner) mulai baris ini.",
                    "The file is not a readable CSV or XLSX: it contains NUL bytes (binary data) from this line."),
    "file_encoding": ("Pengodean karakter tidak dikenali mulai baris ini; simpan berkas sebagai UTF-8 (atau "
                      "Windows-1252).",
                      "Unknown character encoding from this line; save the file as UTF-8 (or Windows-1252)."),
    "file_mixed_encoding": ("Berkas mencampur UTF-8 dengan pengodean lain (mis. Windows-1252) mulai baris ini: "
                            "sebagian teks akan salah dibaca. Simpan seluruh berkas sebagai UTF-8.",
                            "The file mixes UTF-8 with another encoding (such as Windows-1252) from this line: part "
                            "of its text would be read wrong. Save the whole file as UTF-8."),
    "file_encoding_used": ("Berkas dibaca sebagai {detail}.", "The file was read as {detail}."),
    "line_lone_cr": ("Baris ini berisi carriage return (CR) tanpa ganti baris (LF) di tengahnya; simpan berkas dengan "
                     "akhir baris Windows (CRLF) atau Unix (LF).",
                     "This line holds a carriage return (CR) without a line feed (LF); save the file with Windows "
                     "(CRLF) or Unix (LF) line endings."),
    "line_too_long": ("Baris terlalu panjang ({detail}; paling panjang 1.024 KB).",
                      "The line is too long ({detail}; at most 1,024 KB)."),
    "header_too_wide": ("Baris judul berisi {detail} kolom; paling banyak 512. Berkas tidak dibaca.",
                        "The header row has {detail} columns; at most 512. The file was not read."),
    "lines_unaccounted": ("Pembaca CSV melewatkan {detail} baris tanpa alasan; berkas tidak dimuat. Periksa berkas "
                          "(mis. baris yang sangat panjang) dan unggah lagi.",
                          "The CSV reader skipped {detail} lines without a reason; nothing was loaded. Check the "
                          "file (for instance very long lines) and upload it again."),
    "xlsx_too_large": ("Berkas Excel akan terurai menjadi terlalu besar ({detail}); simpan sebagai CSV.",
                       "The Excel file would unpack to too much ({detail}); save it as CSV."),
    "xlsx_row_too_wide": ("Sebuah baris lembar Excel berisi terlalu banyak sel ({detail}; paling banyak 512).",
                          "A row of the Excel sheet has too many cells ({detail}; at most 512)."),
    "xlsx_too_many_rows": ("Lembar Excel berisi terlalu banyak baris ({detail}; paling banyak 5.000.000).",
                           "The Excel sheet has too many rows ({detail}; at most 5,000,000)."),
    "xlsx_too_slow": ("Berkas Excel terlalu lama dibaca (berhenti setelah {detail} baris); simpan sebagai CSV.",
                      "The Excel file took too long to read (stopped after {detail} rows); save it as CSV."),
    "xlsx_unreadable": ("Berkas Excel tidak dapat dibaca: {detail}.", "The Excel file cannot be read: {detail}."),
    "unknown_dataset": ("Dataset tidak dikenal; pilihan: {allowed}.", "Unknown dataset; choose one of: {allowed}."),
    # Headers
    "header_missing": ("Kolom wajib '{column}' ({column_id}) tidak ada di baris judul.",
                       "Required column '{column}' ({column_id}) is missing from the header row."),
    "header_duplicate": ("Kolom '{column}' muncul lebih dari sekali di baris judul.",
                         "Column '{column}' appears more than once in the header row."),
    "wrong_dataset": ("Berkas ini tampaknya berisi data '{detail}', bukan '{dataset}'.",
                      "This file looks like '{detail}' data, not '{dataset}'."),
    "unknown_column": ("{count} kolom tidak dikenal, diabaikan: {detail}.", "{count} unknown columns, ignored: {detail}."),
    "export_header_duplicate": ("Kolom '{detail}' muncul lebih dari sekali di baris judul ekspor.",
                                "Column '{detail}' appears more than once in the export's header row."),
    "export_recognised": ("Dikenali sebagai ekspor {detail}; kolom yang dipakai: {used}.",
                          "Recognised as the {detail} export; columns used: {used}."),
    "export_skipped": ("{detail} baris golongan awal (pengadaan CPNS/PNS) bukan kenaikan, dilewati.",
                       "{detail} entry-rank rows (CPNS/PNS appointment) are not promotions and were skipped."),
    "export_other_dataset": ("Berkas ini ekspor {detail}, yang dimuat sebagai data {dataset}, bukan {current}.",
                             "This file is the {detail} export, which loads as {dataset}, not {current}."),
    "personal_dropped": ("Kolom data pribadi dibuang saat dibaca dan tidak disimpan, juga tidak di salinan berkas "
                         "(sha256 salinan itu yang dicatat): {detail}.",
                         "Personal-data columns removed on reading and never stored, nor in the kept copy of the "
                         "file (whose sha256 is the one recorded): {detail}."),
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
    "enum": ("Nilai tidak dikenal, di {count} baris (mis. baris {rows}); pilihan: {allowed}.",
             "Unknown value, on {count} rows (such as rows {rows}); allowed: {allowed}."),
    "range": ("Harus antara {min} dan {max}.", "Must be between {min} and {max}."),
    "range_min": ("Tidak boleh kurang dari {min}.", "Must not be below {min}."),
    "duplicate_key": ("Kunci ganda: sama dengan baris {detail}.", "Duplicate key: same as row {detail}."),
    "region_unknown": ("Kode wilayah tidak ada dalam daftar wilayah Kemendagri 2025.",
                       "Region code is not in the Kemendagri 2025 region list."),
    "agency_unknown": ("Instansi ini belum dimuat (muat data instansi terlebih dahulu).",
                       "This agency is not loaded (load the agencies file first)."),
    "employee_unknown": ("Pegawai dengan NIP ini belum dimuat (muat data pegawai terlebih dahulu).",
                         "No employee with this NIP is loaded (load the employees file first)."),
    "nip_excel": ("NIP ini dirusak Excel (ditulis sebagai angka: notasi ilmiah atau tiga angka terakhir 000). "
                  "Format kolom NIP sebagai Teks di Excel, lalu ekspor ulang.",
                  "Excel damaged this NIP (written as a number: scientific notation, or the last three digits 000). "
                  "Format the NIP column as Text in Excel and export again."),
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
    "unor_cycle": ("Unit ini menjadi induk bagi dirinya sendiri melalui rantai unit induk ({detail}); rantai harus "
                   "berakhir di unit teratas.",
                   "This unit is its own ancestor through its chain of parent units ({detail}); the chain must end "
                   "at a top unit."),
    "pns_id_taken": ("PNS ID ini juga milik NIP {detail}; satu PNS ID hanya untuk satu pegawai.",
                     "This PNS ID also belongs to NIP {detail}; one PNS ID is one employee's."),
    "unor_unmapped": ("Unit '{detail}' ({count} pegawai, mis. baris {rows}) tidak terpetakan ke instansi mana pun: "
                      "tetapkan instansinya (di halaman Unggah Data, atau muat peta UNOR) lalu periksa lagi.",
                      "Unit '{detail}' ({count} employees, such as rows {rows}) maps to no agency: assign its agency "
                      "(on the Upload page, or load the unit map) and check again."),
    "position_unplaced": ("Jenjang jabatan tidak dapat ditentukan dari nama jabatan '{detail}' ({count} baris, mis. "
                          "baris {rows}); isi kolom jenjang_jabatan atau perbaiki nama jabatannya.",
                          "The position level cannot be read from the title '{detail}' ({count} rows, such as rows "
                          "{rows}); add a position_level column or correct the title."),
    "pns_id_unknown": ("PNS ID ini tidak dikenal: muat dulu ekspor Data ASN SIASN yang memuat pegawai ini ({count} "
                       "baris, mis. baris {rows}).",
                       "This PNS ID is unknown: load SIASN's Export Data ASN with this employee first ({count} rows, "
                       "such as rows {rows})."),
    "nip_two_columns": ("Berkas memuat dua kolom NIP ({detail}); sisakan satu.",
                        "The file has two NIP columns ({detail}); keep one."),
    "mapping_used": ("Kolom dibaca dengan pemetaan tersimpan '{detail}'.", "Columns read with the saved mapping "
                     "'{detail}'."),
    "mapping_unknown": ("Tidak ada pemetaan kolom bernama '{detail}'.", "There is no column mapping named '{detail}'."),
    "mapping_other_dataset": ("Pemetaan '{detail}' untuk data {dataset}, bukan {current}.",
                              "The mapping '{detail}' is for {dataset} data, not {current}."),
    "mapping_name": ("Nama pemetaan '{detail}' tidak dapat dipakai: 1–60 huruf, angka, spasi atau . - ( ) /.",
                     "The mapping name '{detail}' cannot be used: 1–60 letters, digits, spaces or . - ( ) /."),
    "mapping_name_taken": ("Nama '{detail}' sudah dipakai pemetaan berkas lain; pilih nama lain.",
                           "The name '{detail}' is taken by another file's mapping; choose another."),
    "mapping_column": ("Kolom '{detail}' tidak ada di dataset ini.", "The dataset has no column '{detail}'."),
    "mapping_header": ("Berkas tidak memiliki kolom '{detail}'.", "The file has no column '{detail}'."),
    "mapping_header_twice": ("Kolom berkas '{detail}' dipilih untuk dua kolom dataset.",
                             "The file's column '{detail}' is picked for two columns of the dataset."),
    "mapping_required": ("Kolom wajib belum dipetakan: {detail}.", "Required columns not mapped yet: {detail}."),
    "errors_truncated": ("{detail} kesalahan lain tidak ditampilkan; perbaiki yang di atas lalu muat ulang.",
                         "{detail} more errors not listed; fix those above and load again."),
}

# Other loader and CLI answers.
TEXT: dict[str, tuple[str, str]] = {
    "export_only_skipped": ("Tidak ada yang dimuat: {n} baris berkas ini golongan awal (pengadaan CPNS/PNS), bukan "
                            "kenaikan.", "Nothing to load: the file's {n} rows are entry ranks (CPNS/PNS "
                            "appointment), not promotions."),
    "unchanged_same_file": ("Berkas yang sama sudah dimuat sebagai batch {batch_id}; tidak ada yang berubah.",
                            "The same file was already loaded as batch {batch_id}; nothing changed."),
    "unchanged_same_rows": ("Semua baris sudah ada dengan nilai yang sama; tidak ada yang berubah.",
                            "Every row is already present with the same values; nothing changed."),
    "undo_not_found": ("Batch {batch_id} tidak ada.", "Batch {batch_id} does not exist."),
    "redo_not_undone": ("Batch {batch_id} tidak sedang diurungkan; tidak ada yang diulang.",
                        "Batch {batch_id} is not undone; there is nothing to redo."),
    "redo_later": ("Batch {batch_id} tidak dapat diulang: batch {later} dari data yang sama dimuat sesudah "
                   "pengurungannya (mengulang akan menimpanya).",
                   "Batch {batch_id} cannot be redone: batch {later} of the same data was loaded after the undo "
                   "(redoing would overwrite it)."),
    "redo_no_file": ("Batch {batch_id} tidak dapat diulang: salinan berkasnya tidak ada lagi.",
                     "Batch {batch_id} cannot be redone: the kept copy of its file is gone."),
    "undo_already": ("Batch {batch_id} sudah dibatalkan.", "Batch {batch_id} is already undone."),
    "undo_unknown_dataset": ("Batch {batch_id} berisi dataset yang tidak dikenal versi ini ({dataset}); batch ini "
                             "tidak dapat dibatalkan di sini.",
                             "Batch {batch_id} holds a dataset this version does not know ({dataset}); it cannot "
                             "be undone here."),
    "undo_superseded": (
        "Batch {batch_id} tidak dapat dibatalkan: {n} baris yang dimuatnya telah diubah oleh batch {later}. "
        "Batalkan batch {later} lebih dulu.",
        "Batch {batch_id} cannot be undone: {n} of its rows were changed by batch {later}. Undo batch {later} "
        "first."),
    "undo_referenced": (
        "Batch {batch_id} tidak dapat dibatalkan: {n} baris {other} (batch {later}) merujuk ke data yang "
        "ditambahkannya. Batalkan batch {later} lebih dulu.",
        "Batch {batch_id} cannot be undone: {n} rows of {other} (batch {later}) refer to rows it added. Undo "
        "batch {later} first."),
}


# Accounts (analytics/users.py).
# Why the database file cannot be opened (analytics.db.StoreError), with what to do: the same words on every page
# and in the command line.
STORE: dict[str, tuple[str, str]] = {
    "is_directory": ("{path} adalah folder, bukan berkas basis data. Arahkan --db atau KINERJA_DB ke berkas "
                     "basis data (misalnya data/kinerja.duckdb).",
                     "{path} is a folder, not a database file. Point --db or KINERJA_DB at a database file (such "
                     "as data/kinerja.duckdb)."),
    "not_a_database": ("{path} bukan basis data Pantau Kinerja (mungkin berkas CSV atau Excel). Arahkan --db atau "
                       "KINERJA_DB ke basis data produk ini, atau ke berkas baru untuk membuatnya.",
                       "{path} is not a Pantau Kinerja database (perhaps a CSV or Excel file). Point --db or "
                       "KINERJA_DB at this product's database, or at a new file to create one."),
    "foreign_database": ("{path} adalah basis data DuckDB lain, bukan milik Pantau Kinerja; tidak diubah. Gunakan "
                         "berkas lain.",
                         "{path} is another DuckDB database, not Pantau Kinerja's; it was left untouched. Use "
                         "another file."),
    "newer_schema": ("Basis data {path} dibuat oleh versi Pantau Kinerja yang lebih baru (skema {found}, versi ini "
                     "{known}). Perbarui aplikasi ini; basis data tidak diubah.",
                     "The database {path} was made by a newer Pantau Kinerja (schema {found}, this version "
                     "{known}). Update this program; the database was left untouched."),
    "corrupt": ("Basis data {path} rusak atau terpotong dan tidak dapat dibuka ({detail}). Pulihkan dari "
                "cadangan atau salinan terbit (snapshot) terakhir; bila ada berkas .wal di sampingnya yang bukan "
                "pasangannya, pindahkan berkas itu.",
                "The database {path} is damaged or cut short and cannot be opened ({detail}). Restore it from a "
                "backup or the last published snapshot; if a .wal file beside it does not belong to it, move "
                "that file away."),
    "read_only_file": ("Basis data {path} hanya dapat dibaca (izin berkas atau sistem berkas). Beri izin tulis, "
                       "atau jalankan sebagai replika hanya-baca (KINERJA_READ_ONLY=1).",
                       "The database {path} cannot be written (file permissions or file system). Allow writing, "
                       "or run as a read-only replica (KINERJA_READ_ONLY=1)."),
    "busy": ("Basis data {path} sedang dipakai untuk menulis oleh proses lain (aplikasi atau perintah lain). "
             "Hentikan proses itu, lalu coba lagi.",
             "The database {path} is held for writing by another process (the app or another command). Stop it, "
             "then try again."),
    "migration_failed": ("Basis data {path} belum dapat diperbarui ke skema {to} ({detail}). Langkah itu dibatalkan "
                         "dan basis data tidak diubah (skema {found}). Bila memori habis: beri lebih banyak memori "
                         "atau naikkan KINERJA_MEMORY_LIMIT, lalu buka lagi (python -m analytics --db {path} init).",
                         "The database {path} could not be brought to schema {to} yet ({detail}). That step was "
                         "rolled back and the database left as it was (schema {found}). If memory ran out: give it "
                         "more memory or raise KINERJA_MEMORY_LIMIT, then open it again (python -m analytics --db "
                         "{path} init)."),
    "not_found": ("Basis data {path} tidak ada. Jalankan `python -m analytics init` dulu.",
                  "The database {path} does not exist. Run `python -m analytics init` first."),
    "other_version": ("Basis data {path} ditulis oleh versi DuckDB lain ({detail}). Gunakan versi pada "
                      "requirements.txt.",
                      "The database {path} was written by another DuckDB version ({detail}). Use the version of "
                      "requirements.txt."),
}


def store_message(code: str, lang: str = "id", **params) -> str:
    """Why the database cannot be opened, and what to do (STORE)."""
    return pick(STORE[code], lang).format(**params)


ACCOUNT: dict[str, tuple[str, str]] = {
    "bad_login": ("Nama pengguna atau kata sandi salah.", "Wrong user name or password."),
    "locked": ("Akun dikunci sementara setelah {n} kali gagal masuk. Coba lagi setelah {until}.",
               "The account is locked after {n} failed sign-ins. Try again after {until}."),
    "disabled": ("Akun ini dinonaktifkan.", "This account is disabled."),
    "bad_role": ("Peran harus salah satu dari: {roles}.", "The role must be one of: {roles}."),
    "exists": ("Pengguna {name} sudah ada.", "User {name} already exists."),
    "unknown": ("Pengguna {name} tidak ada.", "No user {name}."),
    "bad_region": ("Kode wilayah {code} tidak dikenal.", "Unknown region code {code}."),
    "short_password": ("Kata sandi minimal {n} karakter.", "The password needs at least {n} characters."),
    "bad_name": ("Nama pengguna hanya boleh huruf, angka, titik, garis bawah, tanda hubung dan @ (3–64).",
                 "A user name may hold letters, digits, dots, underscores, hyphens and @ only (3–64)."),
}


# Inspection reviews (analytics/reviews.py).
REVIEW: dict[str, tuple[str, str]] = {
    "note_required": ("Catatan wajib diisi untuk setiap perubahan status.", "A note is required for every change."),
    "bad_transition": ("Status {frm} tidak dapat diubah menjadi {to}; yang boleh: {allowed}.",
                       "Status {frm} cannot change to {to}; allowed: {allowed}."),
    "unknown_promotion": ("Kenaikan {pid} tidak ada atau di luar wilayah Anda.",
                          "Promotion {pid} does not exist or is outside your region."),
    "unknown_code": ("Kode {code} tidak dikenal.", "Unknown code {code}."),
}


def _from_strings(prefix: str, codes: tuple[str, ...]) -> dict[str, tuple[str, str]]:
    return {c: STRINGS[f"{prefix}{c}"] for c in codes}


# group -> code -> (Indonesian, English): how each domain code is named to a reader.
CODE_LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "rating": _from_strings("rating_", domain.RATINGS),
    "org_rating": _from_strings("org_", domain.ORG_RATINGS),
    "expectation": {c: (STRINGS[f"beh_{c}"][0].capitalize(), STRINGS[f"beh_{c}"][1].capitalize())
                    for c in domain.EXPECTATIONS},
    "period": _from_strings("period_", domain.PERIODS),
    "promotion_kind": _from_strings("kind_", domain.PROMOTION_KINDS),
    "review_status": _from_strings("status_", domain.REVIEW_STATUSES),
    "complaint_status": {
        "received": ("Diterima", "Received"), "verified": ("Terverifikasi", "Verified"),
        "in_progress": ("Diproses", "In progress"), "resolved": ("Selesai", "Resolved"),
        "closed": ("Ditutup", "Closed"), "rejected": ("Ditolak", "Rejected")},
    "employee_status": {
        "active": ("Aktif", "Active"), "retired": ("Pensiun", "Retired"), "dismissed": ("Diberhentikan", "Dismissed"),
        "deceased": ("Meninggal dunia", "Deceased"), "transferred": ("Pindah instansi", "Transferred")},
    "channel": {
        "lapor": ("SP4N-LAPOR!", "SP4N-LAPOR!"), "walk_in": ("Datang langsung", "Walk-in"),
        "phone": ("Telepon", "Phone"), "sms": ("SMS", "SMS"), "email": ("Surel", "E-mail"),
        "social_media": ("Media sosial", "Social media"), "forum": ("Forum warga", "Public forum"),
        "other": ("Lainnya", "Other")},
    "severity": {
        "ringan": ("Ringan", "Light"), "normatif": ("Normatif", "Normative"),
        "tidak_berkadar_pengawasan": ("Tidak berkadar pengawasan", "Without a supervisory element"),
        "berkadar_pengawasan": ("Berkadar pengawasan", "With a supervisory element")},
    "position_level": {
        "pelaksana": ("Pelaksana", "Executor (pelaksana)"), "pengawas": ("Pengawas", "Supervisor (pengawas)"),
        "administrator": ("Administrator", "Administrator"),
        "jpt_pratama": ("JPT Pratama", "Senior executive, primary (JPT Pratama)"),
        "jpt_madya": ("JPT Madya", "Senior executive, middle (JPT Madya)"),
        "jpt_utama": ("JPT Utama", "Senior executive, principal (JPT Utama)"),
        "fungsional_pemula": ("Fungsional Pemula", "Functional, beginner"),
        "fungsional_terampil": ("Fungsional Terampil", "Functional, skilled"),
        "fungsional_mahir": ("Fungsional Mahir", "Functional, proficient"),
        "fungsional_penyelia": ("Fungsional Penyelia", "Functional, supervisor"),
        "fungsional_ahli_pertama": ("Fungsional Ahli Pertama", "Functional expert, first"),
        "fungsional_ahli_muda": ("Fungsional Ahli Muda", "Functional expert, junior"),
        "fungsional_ahli_madya": ("Fungsional Ahli Madya", "Functional expert, middle"),
        "fungsional_ahli_utama": ("Fungsional Ahli Utama", "Functional expert, principal")},
    "agency_kind": {
        "dinas": ("Dinas", "Service office (dinas)"), "badan": ("Badan", "Agency (badan)"),
        "sekretariat": ("Sekretariat", "Secretariat"), "inspektorat": ("Inspektorat", "Inspectorate"),
        "kecamatan": ("Kecamatan", "District office (kecamatan)"), "rsud": ("RSUD", "Regional hospital (RSUD)"),
        "other": ("Lainnya", "Other")},
    "education": {
        "sd": ("SD", "Primary school"), "smp": ("SMP", "Junior secondary school"),
        "sma": ("SMA/SMK", "Senior secondary school"), "d1": ("D-I", "Diploma I"), "d2": ("D-II", "Diploma II"),
        "d3": ("D-III", "Diploma III"), "d4": ("D-IV", "Diploma IV"), "s1": ("S-1", "Bachelor's degree"),
        "s2": ("S-2", "Master's degree"), "s3": ("S-3", "Doctorate")},
    "gender": {"M": ("Laki-laki", "Male"), "F": ("Perempuan", "Female")},
    "employment_type": {"pns": ("PNS", "Civil servant (PNS)"), "pppk": ("PPPK", "Contract civil servant (PPPK)")},
    "flag_code": {
        "RANK_TIME_SHORT": ("Masa dalam pangkat kurang", "Too little time in rank"),
        "RATING_BELOW_BAIK": ("Predikat di bawah Baik", "Rating below Good"),
        "MISSING_APPRAISAL": ("Penilaian tahunan tidak ada", "Annual appraisal missing"),
        "RANK_SKIP": ("Melompati pangkat", "Rank skipped"),
        "EDUCATION_CEILING": ("Melampaui batas pangkat ijazah", "Above the degree's rank ceiling"),
        "OFF_PERIOD": ("Di luar periode kenaikan pangkat", "Outside the promotion dates"),
        "POSITION_TENURE_SHORT": ("Masa jabatan kurang", "Too little time in position"),
        "ABOVE_SUPERVISOR": ("Melampaui pangkat atasan", "Above the supervisor's rank"),
        "SCORE_SPIKE": ("Lonjakan skor", "Score spike"),
        "FAST_TRACK": ("Lebih cepat dari hampir semua rekan", "Faster than nearly all peers"),
        "APPROVER_PATTERN": ("Pola pejabat penyetuju", "Approver pattern"),
        "SAME_FAMILY_NAME": ("Nama keluarga sama dengan penyetuju", "Same family name as the approver"),
        "OUTLIER": ("Pencilan statistik", "Statistical outlier")},
}
# The domain tuple each group labels: every code of it needs a label (tests/test_catalogue.py).
CODE_GROUPS: dict[str, tuple[str, ...]] = {
    "rating": domain.RATINGS, "org_rating": domain.ORG_RATINGS, "expectation": domain.EXPECTATIONS,
    "period": domain.PERIODS, "promotion_kind": domain.PROMOTION_KINDS, "review_status": domain.REVIEW_STATUSES,
    "complaint_status": domain.COMPLAINT_STATUSES, "employee_status": domain.EMPLOYEE_STATUSES,
    "channel": domain.CHANNELS, "severity": domain.SEVERITIES, "position_level": domain.POSITION_LEVELS,
    "agency_kind": domain.AGENCY_KINDS, "education": domain.EDUCATION_LEVELS, "gender": domain.GENDERS,
    "employment_type": domain.EMPLOYMENT_TYPES, "flag_code": domain.FLAG_CODES,
}


def t(key: str, lang: str, **kw) -> str:
    """An interface string of STRINGS in `lang`, with its placeholders filled."""
    text = pick(STRINGS[key], lang)
    return text.format(**kw) if kw else text


def label(group: str, code, lang: str) -> str:
    """How a domain code is named to a reader; an unknown code (data from outside the contract) as it is."""
    pair = CODE_LABELS[group].get(code)
    return pick(pair, lang) if pair else str(code)


def rule_message(rule: str, lang: str = "id", **params) -> str:
    """A loader rule's message (RULES)."""
    return pick(RULES[rule], lang).format(**params)


def text(key: str, lang: str = "id", **params) -> str:
    """A loader or command-line answer (TEXT)."""
    return pick(TEXT[key], lang).format(**params)


def account_message(key: str, lang: str = "id", **params) -> str:
    return pick(ACCOUNT[key], lang).format(**params)


def review_message(key: str, lang: str = "id", **params) -> str:
    return pick(REVIEW[key], lang).format(**params)


# The reason of each flag hit (analytics/flags.py fills them): {a}, {b}, {year}, {months} and {rule_years} are
# the hit's columns, {ym} a span in years and months (DURATION), {points} the SCORE_SPIKE setting.
FLAG_SENTENCES: dict[str, tuple[str, str]] = {
    "RANK_TIME_SHORT": ("naik ke {b} {ym} setelah {a}; aturannya {rule_years} tahun",
                        "promoted to {b} {ym} after {a}; the rule is {rule_years} years"),
    "RANK_SKIP": ("naik dari {a} ke {b}, {year} tingkat sekaligus; aturannya satu tingkat",
                  "promoted from {a} to {b}, {year} steps at once; the rule is one step"),
    "EDUCATION_CEILING": ("KP reguler ke {a}, di atas batas pendidikannya {b}",
                          "regular promotion to {a}, above the ceiling {b} for the employee's education"),
    "OFF_PERIOD": ("TMT {a} bukan tanggal kenaikan pangkat yang sah", "effective {a}, not a legal promotion date"),
    "RATING_BELOW_BAIK": ("predikat tahunan {year}: {a}, di bawah Baik", "annual rating {year}: {a}, below Good"),
    "MISSING_APPRAISAL": ("tidak ada predikat tahunan {year}, padahal instansinya sudah memuat penilaian tahun itu",
                          "no annual rating for {year}, though the agency has that year's ratings loaded"),
    "POSITION_TENURE_SHORT": ("ke {b} setelah {ym} sebagai {a}; aturannya {rule_years} tahun",
                              "to {b} after {ym} as {a}; the rule is {rule_years} years"),
    "ABOVE_SUPERVISOR": ("pangkat baru {a} di atas pangkat atasannya {b}",
                         "new rank {a} above the supervisor's rank {b}"),
    "SCORE_SPIKE": ("nilai terakhir sebelum kenaikan {a}, rata-rata {months} nilai sebelumnya {b}; selisih lebih dari "
                    "{points} poin",
                    "last score before the promotion {a} against a mean of {b} over {months} earlier scores; more "
                    "than {points} points up"),
    "FAST_TRACK": ("mencapai {a} {ym} sejak CPNS; persentil 5 dari {year} rekan (instansi dan pendidikan sama) {b} "
                   "tahun",
                   "reached {a} {ym} after CPNS; the 5th percentile of {year} peers (same agency and education) is "
                   "{b} years"),
    "SAME_FAMILY_NAME": ("nama keluarga sama dengan pejabat yang menyetujui: {a} / {b}",
                         "same family name as the approver: {a} / {b}"),
    "APPROVER_PATTERN": (
        "pejabat yang menyetujui {n_promotions} kenaikan: {promotees_good} dari {promotees_rated} yang dinaikkan dan "
        "dinilai ({share}) berpredikat baik ke atas setahun sebelumnya, dibanding {pool} dari {pool_rated} "
        "pegawai yang memenuhi syarat (Fisher p = {p_value})",
        "approver of {n_promotions} promotions: {promotees_good} of {promotees_rated} rated promotees ({share}) "
        "were rated baik or better the year before, against {pool} of {pool_rated} rated eligible employees "
        "(Fisher p = {p_value})"),
    "OUTLIER": ("pola tidak lazim di antara kenaikan: {parts}", "unusual among promotions: {parts}"),
}
# The parts of those sentences: a span's years and months (one or many), an outlier's feature against its
# agency's median, and the features' words.
DURATION: dict[str, tuple[str, str]] = {
    "year": ("{n} tahun", "{n} year"), "years": ("{n} tahun", "{n} years"),
    "month": ("{n} bulan", "{n} month"), "months": ("{n} bulan", "{n} months"),
    "outlier_part": ("{feature} {value} (median instansi {median})", "{feature} {value} (agency median {median})"),
}
FLAG_FEATURES: dict[str, tuple[str, str]] = {
    "months_since_cpns": ("bulan sejak CPNS", "months since CPNS"),
    "months_in_rank": ("bulan dalam pangkat", "months in rank"),
    "rank_steps": ("tingkat naik", "rank steps"),
    "last_annual_score": ("nilai tahunan terakhir", "last annual score"),
    "age_years": ("usia", "age"),
}


def duration(months: int, lang: str) -> str:
    """A span in words: "2 tahun 1 bulan" / "2 years 1 month" (the months alone under a year, 0 months as such)."""
    y, m = divmod(int(months), 12)
    parts = ([pick(DURATION["year" if y == 1 else "years"], lang).format(n=y)] if y else []) + \
        ([pick(DURATION["month" if m == 1 else "months"], lang).format(n=m)] if m or not y else [])
    return " ".join(parts)


def count(n: int, lang: str) -> str:
    """A count in a sentence, with the language's thousands separator: count(1127289, "id") == "1.127.289"."""
    text = f"{int(n):,}"
    return text.replace(",", ".") if lang == "id" else text


def number(x, lang: str, spec: str = "g") -> str:
    """A number in a sentence, with the language's decimal mark: number(0.0123, "id", ".4f") == "0,0123". For the
    small numbers of the flags' reasons (no thousands)."""
    text = format(x, spec)
    return text.replace(".", ",") if lang == "id" else text


def number_text(value, lang: str) -> str:
    """A number stored as text ('84.5') with the language's decimal mark; any other text as it is."""
    if isinstance(value, str):
        try:
            float(value)
        except ValueError:
            return value
        return value.replace(".", ",") if lang == "id" else value
    return value


def flag_sentence(code: str, lang: str, **values) -> str:
    """The reason of a hit of `code`, from FLAG_SENTENCES."""
    return pick(FLAG_SENTENCES[code], lang).format(**values)


def outlier_parts(far, lang: str) -> str:
    """An outlier's farthest features against their agency's medians: "usia 58 (median instansi 41); …"."""
    return "; ".join(pick(DURATION["outlier_part"], lang).format(feature=pick(FLAG_FEATURES[f], lang),
                                                                   value=number(v, lang), median=number(m, lang))
                     for f, v, m in far)
