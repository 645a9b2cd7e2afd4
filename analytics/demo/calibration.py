"""The demo generator's calibration: the shares of DOMAIN.md, the agencies' make-up, titles, name pools and the
planted irregularities. Plain constants (and the index arrays derived from analytics.domain's scales); the stages
read them, nothing writes them."""
from __future__ import annotations

import pathlib

import numpy as np

from analytics import domain

REGIONS_CSV = pathlib.Path(__file__).resolve().parents[2] / "data" / "reference" / "regions_kemendagri_2025.csv"

# --- Planted patterns (for inspectors' tests; never written into the data) -----------------------
FAVOURITISM_AGENCY = "33.10.DISDIK"        # Dinas Pendidikan Kabupaten Klaten: its head is the approver
FAVOURITISM_HEAD_NAME = "Bambang Hadiwijoyo"
FAVOURITISM_FAMILY_NAME = "Hadiwijoyo"
GENDER_GAP_AGENCY = "35.78.DISDIK"         # Dinas Pendidikan Kota Surabaya
UNIFORM_EVALUATOR_REGIONS = ("72.71", "53.71")  # the evaluator with most appraisees there rates all "baik"
PLANTED = {
    "rank_time_short": "rank_regular 2-3 years after the previous rank date (or cpns_date)",
    "off_period": "rank promotion dated the 15th of a month instead of the 1st",
    "rank_skip": "rank_regular two steps at once",
    "education_ceiling": "rank_regular above the education ceiling (pelaksana/pengawas)",
    "favouritism": f"{FAVOURITISM_AGENCY} head approves low-rated/unrated staff, some named {FAVOURITISM_FAMILY_NAME}",
    "gender_gap": f"women in {GENDER_GAP_AGENCY} wait longer for each rank step",
}
P_SOON, P_SKIP, P_OFF_PERIOD, P_CEILING_BREAKER = 0.022, 0.008, 0.015, 0.10

FIRST_APPRAISAL_YEAR = 2023
FIRST_PROMOTION_DAY = np.datetime64("2019-01-01")
FIRST_COMPLAINT_DAY = np.datetime64("2024-01-01")
FIRST_RATING_YEAR = 2023

# --- Scales ----------------------------------------------------------------------------------
EDU = domain.EDUCATION_LEVELS  # sd smp sma d1 d2 d3 d4 s1 s2 s3
EDU_IX = {e: i for i, e in enumerate(EDU)}
RANK_IX = domain.PNS_RANK_ORDER
ENTRY_RANK = {"sd": "I/a", "smp": "I/c", "sma": "II/a", "d1": "II/a", "d2": "II/b", "d3": "II/c",
              "d4": "III/a", "s1": "III/a", "s2": "III/b", "s3": "III/c"}
ENTRY_IX = np.array([RANK_IX[ENTRY_RANK[e]] for e in EDU], np.int8)
CEIL_IX = np.array([RANK_IX[domain.EDUCATION_CEILING[e]] for e in EDU], np.int8)
TOP_RANK = len(domain.PNS_RANKS) - 1
PPPK_RANK_BY_EDU = {"sd": "I", "smp": "IV", "sma": "V", "d1": "V", "d2": "VI", "d3": "VII",
                    "d4": "IX", "s1": "IX", "s2": "X", "s3": "XI"}
PPPK_IX = {r: i for i, r in enumerate(domain.PPPK_RANKS)}
PPPK_RANK_IX = np.array([PPPK_IX[PPPK_RANK_BY_EDU[e]] for e in EDU], np.int8)
ALL_RANK_LABELS = list(domain.PNS_RANKS) + list(domain.PPPK_RANKS)  # PPPK label i at 17 + i

# staff categories and roles
C_TEACH, C_HEXP, C_HSKL, C_FEXP, C_FSKL, C_PEL, C_STRUCT = range(7)
R_HEAD, R_ADMIN, R_PENG, R_STAFF = range(4)
EXPERT_CATS = (C_TEACH, C_HEXP, C_FEXP)
SKILL_CATS = (C_HSKL, C_FSKL)

# --- Agencies --------------------------------------------------------------------------------
# suffix: kind, name, short name, share of a kab/kota's staff, share of a province's staff,
# complaint exposure, staff composition [teacher, health expert, health skilled, functional expert,
# functional skilled, pelaksana], complaint categories
CATEGORIES = ("administrasi_kependudukan", "kesehatan", "pendidikan", "ketertiban", "infrastruktur",
              "kepegawaian", "sosial", "lingkungan")
OPDS: dict[str, dict] = {
    "DISDIK": dict(kind="dinas", name="Dinas Pendidikan {r}", short="Disdik", kab=0.40, prov=0.40, exp=0.4,
                   comp=(.91, 0, 0, .02, .01, .06), cat=(0, .02, .85, .02, .04, .05, .02, 0)),
    "DINKES": dict(kind="dinas", name="Dinas Kesehatan {r}", short="Dinkes", kab=0.09, prov=0.04, exp=2.0,
                   comp=(0, .30, .42, .06, .02, .20), cat=(0, .88, 0, 0, .03, .04, .03, .02)),
    "DISDUKCAPIL": dict(kind="dinas", name="Dinas Kependudukan dan Pencatatan Sipil {r}", short="Disdukcapil",
                        kab=0.016, prov=0.01, exp=14.0, comp=(0, 0, 0, .30, .15, .55),
                        cat=(.93, 0, 0, 0, 0, .03, .04, 0)),
    "BKPSDM": dict(kind="badan", name="Badan Kepegawaian dan Pengembangan Sumber Daya Manusia {r}",
                   short="BKPSDM", kab=0.014, prov=0.02, exp=1.0, comp=(0, 0, 0, .45, .10, .45),
                   cat=(0, 0, 0, 0, 0, .95, .05, 0)),
    "BAPPEDA": dict(kind="badan", name="Badan Perencanaan Pembangunan Daerah {r}", short="Bappeda",
                    kab=0.011, prov=0.02, exp=0.2, comp=(0, 0, 0, .55, .05, .40), cat=(0, 0, 0, 0, .6, .1, .1, .2)),
    "INSPEKTORAT": dict(kind="inspektorat", name="Inspektorat {r}", short="Inspektorat", kab=0.012, prov=0.02,
                        exp=0.2, comp=(0, 0, 0, .70, .05, .25), cat=(0, 0, 0, .05, .05, .75, .15, 0)),
    "SETDA": dict(kind="sekretariat", name="Sekretariat Daerah {r}", short="Setda", kab=0.045, prov=0.08,
                  exp=0.8, comp=(0, 0, 0, .35, .10, .55), cat=(.05, 0, 0, .15, .2, .35, .15, .1)),
    "RSUD": dict(kind="rsud", name="RSUD {r}", short="RSUD", kab=0.065, prov=0.15, exp=2.5,
                 comp=(0, .33, .45, .03, .02, .17), cat=(0, .95, 0, 0, .02, .03, 0, 0)),
    "SATPOLPP": dict(kind="other", name="Satuan Polisi Pamong Praja {r}", short="Satpol PP", kab=0.03, prov=0.03,
                     exp=6.0, comp=(0, 0, 0, .08, .47, .45), cat=(0, 0, 0, .85, 0, .03, .02, .1)),
    "PUPR": dict(kind="dinas", name="Dinas Pekerjaan Umum dan Penataan Ruang {r}", short="Dinas PUPR", kab=0.03,
                 prov=0.06, exp=5.0, comp=(0, 0, 0, .35, .15, .50), cat=(0, 0, 0, 0, .8, .02, 0, .18)),
    "DINSOS": dict(kind="dinas", name="Dinas Sosial {r}", short="Dinsos", kab=0.013, prov=0.02, exp=3.0,
                   comp=(0, 0, 0, .35, .10, .55), cat=(.05, .02, 0, 0, 0, .03, .9, 0)),
    "KEC": dict(kind="kecamatan", name="Kecamatan {r}", short="Kec. {r}", kab=0.0, prov=0.0, exp=5.0,
                comp=(0, 0, 0, .12, .08, .80), cat=(.3, .03, .02, .22, .2, .03, .12, .08)),
}
SUFFIXES = tuple(OPDS)
KEC_SHARE_TOTAL = 0.085   # a kab/kota's kecamatan offices together
KEC_SHARE_CORE = 0.035    # each kecamatan office of an origin place (visible at small scale)
RSUD_NAMES = {
    "72.71": "RSUD Anutapura Palu", "53.71": "RSUD S.K. Lerik Kota Kupang", "11": "RSUD dr. Zainoel Abidin",
    "35.78": "RSUD dr. Mohamad Soewandhie", "32.73": "RSUD Kota Bandung", "33.10": "RSUD Bagas Waras Klaten",
    "73.71": "RSUD Daya Kota Makassar", "17.07": "RSUD Kabupaten Lebong",
}
CORE_UNITS = ("17.07", "53.71", "35.78", "11", "72.71", "32.73", "33.10", "73.71")
CORE_KECAMATAN = {
    "17.07": ("17.07.09",), "35.78": ("35.78.28",),
    "53.71": ("53.71.01", "53.71.04", "53.71.05"), "72.71": ("72.71.01", "72.71.02", "72.71.08"),
}
# PNS by province (June 2023, DOMAIN.md); other provinces share the rest by number of kab/kota.
PNS_BY_PROVINCE = {"35": 372_000, "33": 344_000, "32": 337_000, "31": 245_000, "12": 204_000,
                   "11": 155_000, "73": 144_000}
PNS_TOTAL = 3_660_000

HEAD_TITLES = {
    "DISDIK": "Kepala Dinas Pendidikan", "DINKES": "Kepala Dinas Kesehatan",
    "DISDUKCAPIL": "Kepala Dinas Kependudukan dan Pencatatan Sipil",
    "BKPSDM": "Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
    "BAPPEDA": "Kepala Badan Perencanaan Pembangunan Daerah", "INSPEKTORAT": "Inspektur", "SETDA": "Sekretaris Daerah",
    "RSUD": "Direktur RSUD", "SATPOLPP": "Kepala Satuan Polisi Pamong Praja",
    "PUPR": "Kepala Dinas Pekerjaan Umum dan Penataan Ruang", "DINSOS": "Kepala Dinas Sosial", "KEC": "Camat",
}
ADMIN_TITLES = {
    "DISDIK": ("Sekretaris Dinas", "Kepala Bidang Pembinaan Sekolah Dasar",
               "Kepala Bidang Pembinaan Sekolah Menengah Pertama", "Kepala Bidang Guru dan Tenaga Kependidikan",
               "Kepala Bidang Pendidikan Anak Usia Dini dan Nonformal"),
    "DINKES": ("Sekretaris Dinas", "Kepala Bidang Pelayanan Kesehatan", "Kepala Bidang Kesehatan Masyarakat",
               "Kepala Bidang Pencegahan dan Pengendalian Penyakit", "Kepala Bidang Sumber Daya Kesehatan"),
    "DISDUKCAPIL": ("Sekretaris Dinas", "Kepala Bidang Pelayanan Pendaftaran Penduduk",
                    "Kepala Bidang Pelayanan Pencatatan Sipil",
                    "Kepala Bidang Pengelolaan Informasi Administrasi Kependudukan",
                    "Kepala Bidang Pemanfaatan Data dan Inovasi Pelayanan"),
    "BKPSDM": ("Sekretaris Badan", "Kepala Bidang Pengadaan dan Informasi Kepegawaian",
               "Kepala Bidang Mutasi dan Promosi", "Kepala Bidang Pengembangan Kompetensi Aparatur",
               "Kepala Bidang Penilaian Kinerja dan Penghargaan"),
    "BAPPEDA": ("Sekretaris Badan", "Kepala Bidang Pemerintahan dan Pembangunan Manusia",
                "Kepala Bidang Perekonomian dan Sumber Daya Alam", "Kepala Bidang Infrastruktur dan Kewilayahan",
                "Kepala Bidang Penelitian dan Pengembangan"),
    "INSPEKTORAT": ("Sekretaris Inspektorat", "Inspektur Pembantu Wilayah I", "Inspektur Pembantu Wilayah II",
                    "Inspektur Pembantu Wilayah III", "Inspektur Pembantu Khusus"),
    "SETDA": ("Kepala Bagian Umum", "Kepala Bagian Organisasi", "Kepala Bagian Hukum",
              "Kepala Bagian Tata Pemerintahan", "Kepala Bagian Perekonomian",
              "Kepala Bagian Pengadaan Barang dan Jasa", "Kepala Bagian Kesejahteraan Rakyat",
              "Kepala Bagian Protokol dan Komunikasi Pimpinan"),
    "RSUD": ("Wakil Direktur Pelayanan", "Wakil Direktur Umum dan Keuangan", "Kepala Bidang Pelayanan Medik",
             "Kepala Bidang Keperawatan", "Kepala Bagian Tata Usaha"),
    "SATPOLPP": ("Sekretaris Satuan", "Kepala Bidang Penegakan Peraturan Daerah",
                 "Kepala Bidang Ketenteraman dan Ketertiban Umum", "Kepala Bidang Perlindungan Masyarakat"),
    "PUPR": ("Sekretaris Dinas", "Kepala Bidang Bina Marga", "Kepala Bidang Sumber Daya Air",
             "Kepala Bidang Cipta Karya", "Kepala Bidang Penataan Ruang"),
    "DINSOS": ("Sekretaris Dinas", "Kepala Bidang Rehabilitasi Sosial",
               "Kepala Bidang Perlindungan dan Jaminan Sosial", "Kepala Bidang Pemberdayaan Sosial"),
    "KEC": ("Sekretaris Camat",),
}
_SUBBAG = ("Kepala Subbagian Umum dan Kepegawaian", "Kepala Subbagian Keuangan",
           "Kepala Subbagian Perencanaan dan Evaluasi")
PENG_TITLES = {
    "DISDIK": _SUBBAG + ("Kepala Seksi Kurikulum Sekolah Dasar", "Kepala Seksi Sarana dan Prasarana",
                         "Kepala Seksi Peserta Didik"),
    "DINKES": _SUBBAG + ("Kepala Seksi Pelayanan Kesehatan Primer", "Kepala Seksi Kesehatan Keluarga dan Gizi",
                         "Kepala Seksi Surveilans dan Imunisasi", "Kepala Seksi Kefarmasian dan Alat Kesehatan"),
    "DISDUKCAPIL": _SUBBAG + ("Kepala Seksi Identitas Penduduk", "Kepala Seksi Pindah Datang Penduduk",
                              "Kepala Seksi Kelahiran dan Kematian", "Kepala Seksi Perkawinan dan Perceraian"),
    "BKPSDM": _SUBBAG + ("Kepala Subbidang Pengadaan Pegawai", "Kepala Subbidang Kepangkatan",
                         "Kepala Subbidang Pengembangan Kompetensi"),
    "BAPPEDA": _SUBBAG + ("Kepala Subbidang Pendidikan dan Kesehatan", "Kepala Subbidang Pekerjaan Umum"),
    "INSPEKTORAT": _SUBBAG + ("Kepala Subbagian Analisis dan Evaluasi",),
    "SETDA": ("Kepala Subbagian Tata Usaha Pimpinan", "Kepala Subbagian Rumah Tangga",
              "Kepala Subbagian Perundang-undangan", "Kepala Subbagian Otonomi Daerah", "Kepala Subbagian Keuangan"),
    "RSUD": _SUBBAG + ("Kepala Seksi Pelayanan Medik", "Kepala Seksi Keperawatan", "Kepala Subbagian Rekam Medis"),
    "SATPOLPP": _SUBBAG + ("Kepala Seksi Operasi dan Pengendalian", "Kepala Seksi Penyelidikan dan Penyidikan",
                           "Kepala Seksi Pembinaan Masyarakat"),
    "PUPR": _SUBBAG + ("Kepala Seksi Pembangunan Jalan dan Jembatan", "Kepala Seksi Pemeliharaan Jalan",
                       "Kepala Seksi Irigasi", "Kepala Seksi Bangunan Gedung"),
    "DINSOS": _SUBBAG + ("Kepala Seksi Rehabilitasi Anak dan Lanjut Usia", "Kepala Seksi Jaminan Sosial Keluarga",
                         "Kepala Seksi Penanganan Fakir Miskin"),
    "KEC": ("Kepala Seksi Pemerintahan", "Kepala Seksi Ketenteraman dan Ketertiban Umum",
            "Kepala Seksi Pemberdayaan Masyarakat", "Kepala Seksi Pelayanan Umum",
            "Kepala Subbagian Umum dan Kepegawaian"),
}
HEALTH_EXPERT = (("Dokter", .22), ("Dokter Gigi", .05), ("Perawat", .33), ("Bidan", .17), ("Apoteker", .07),
                 ("Nutrisionis", .05), ("Epidemiolog Kesehatan", .04), ("Administrator Kesehatan", .07))
HEALTH_SKILLED = (("Perawat", .45), ("Bidan", .25), ("Pranata Laboratorium Kesehatan", .08), ("Sanitarian", .07),
                  ("Asisten Penata Kefarmasian", .07), ("Perekam Medis", .05), ("Radiografer", .03))
EXPERT_PROFS = {
    "DISDIK": ("Pengawas Sekolah", "Penilik", "Pranata Komputer", "Analis Kebijakan"),
    "DINKES": ("Administrator Kesehatan", "Pranata Komputer", "Analis Kebijakan"),
    "RSUD": ("Administrator Kesehatan", "Pranata Komputer", "Analis Kebijakan"),
    "DISDUKCAPIL": ("Administrator Database Kependudukan", "Pranata Komputer"),
    "BKPSDM": ("Analis Sumber Daya Manusia Aparatur", "Asesor Sumber Daya Manusia Aparatur", "Pranata Komputer"),
    "BAPPEDA": ("Perencana", "Statistisi", "Analis Kebijakan"),
    "INSPEKTORAT": ("Auditor", "Pengawas Penyelenggaraan Urusan Pemerintahan di Daerah"),
    "SETDA": ("Analis Hukum", "Perancang Peraturan Perundang-undangan", "Pranata Hubungan Masyarakat",
              "Analis Kebijakan"),
    "SATPOLPP": ("Polisi Pamong Praja",),
    "PUPR": ("Teknik Jalan dan Jembatan", "Teknik Pengairan", "Teknik Tata Bangunan dan Perumahan", "Penata Ruang"),
    "DINSOS": ("Pekerja Sosial", "Penyuluh Sosial"),
    "KEC": ("Analis Kebijakan", "Pranata Komputer", "Arsiparis"),
}
SKILLED_PROFS = {
    "SATPOLPP": ("Polisi Pamong Praja",), "DINSOS": ("Pekerja Sosial", "Arsiparis"),
    "PUPR": ("Teknik Jalan dan Jembatan", "Teknik Pengairan", "Pranata Komputer"),
}
SKILLED_DEFAULT = ("Pranata Komputer", "Arsiparis")
PELAKSANA_TITLES = (("Operator Layanan Operasional", "Pengadministrasi Perkantoran"),   # up to SMA
                    ("Pengelola Layanan Operasional", "Pengolah Data dan Informasi"),    # diplomas
                    ("Penata Layanan Operasional", "Penelaah Teknis Kebijakan"))        # S1 and above
EXPERT_WORDS = ("Pertama", "Muda", "Madya", "Utama")
SKILL_WORDS = ("Pemula", "Terampil", "Mahir", "Penyelia")

# Education by group (order of EDU: sd smp sma d1 d2 d3 d4 s1 s2 s3)
EDU_P = {
    "teacher": (0, 0, 0, 0, .004, .004, .02, .84, .124, .008),
    "hexp": (0, 0, 0, 0, 0, 0, .12, .67, .18, .03),
    "hskl": (0, 0, .07, .01, 0, .86, .06, 0, 0, 0),
    "fexp": (0, 0, 0, 0, 0, 0, .05, .65, .27, .03),
    "fskl": (0, 0, .35, .03, .02, .58, .02, 0, 0, 0),
    "pel": (.03, .045, .50, .02, .01, .13, .03, .235, 0, 0),
    "head": (0, 0, 0, 0, 0, 0, 0, .15, .75, .10),
    "admin": (0, 0, 0, 0, 0, 0, .03, .42, .52, .03),
    "peng": (0, 0, .03, 0, 0, .05, .05, .67, .20, 0),
}
# PPPK share by group, scaled to the national split of 31 Dec 2023 (PNS 3,732,428, PPPK 733,340: REAL_FORMATS.md §6).
P_PPPK = {C_TEACH: .22, C_HEXP: .11, C_HSKL: .19, C_FEXP: .085, C_FSKL: .14, C_PEL: .13}
P_FEMALE = {C_TEACH: .66, C_HEXP: .70, C_HSKL: .78, C_FEXP: .50, C_FSKL: .40, C_PEL: .40}
P_FEMALE_ROLE = {R_HEAD: .22, R_ADMIN: .33, R_PENG: .40}
MIN_ENTRY_AGE = np.array([19, 19, 19, 20, 20, 21, 22, 22, 25, 29], np.float64)  # by EDU

# --- Names -----------------------------------------------------------------------------------
# pool: male given, female given, male last, female last, p(prefix), male prefixes, female prefixes,
# p(middle), p(last)
NAME_POOLS: dict[str, dict] = {
    "jawa": dict(
        m=("Agus", "Bambang", "Budi", "Joko", "Slamet", "Sutrisno", "Heru", "Eko", "Dwi", "Tri", "Wahyu", "Hadi",
           "Suparman", "Sugeng", "Teguh", "Bayu", "Rudi", "Sigit", "Purwanto", "Haryanto", "Suryadi", "Darmawan",
           "Aris", "Yudi", "Ahmad", "Muhammad", "Gunawan", "Sukirno", "Wahyudi", "Edi"),
        f=("Sri", "Siti", "Endang", "Dewi", "Rina", "Wulan", "Ratna", "Tri", "Dwi", "Nur", "Yuni", "Sulastri",
           "Suharti", "Puji", "Retno", "Lestari", "Kartika", "Ayu", "Indah", "Fitri", "Sumarni", "Winarti",
           "Tutik", "Eni", "Anik", "Umi", "Yulia", "Sulistyowati"),
        lm=("Santoso", "Wibowo", "Prasetyo", "Nugroho", "Setiawan", "Hidayat", "Kurniawan", "Saputra", "Hartono",
            "Purnomo", "Susanto", "Wijaya", "Firmansyah", "Gunawan", "Haryanto", "Riyanto", "Sutrisno", "Utomo",
            "Prabowo", "Widodo", "Suprapto", "Raharjo"),
        lf=("Rahayu", "Wahyuni", "Handayani", "Astuti", "Susanti", "Utami", "Pratiwi", "Lestari", "Rahmawati",
            "Suryani", "Kusumawati", "Puspitasari", "Wulandari", "Ningsih", "Hartati", "Purwanti", "Setyowati"),
        pp=0, pm=(), pf=(), mid=.08, last=.72),
    "sunda": dict(
        m=("Asep", "Ujang", "Dede", "Cecep", "Yayan", "Dadang", "Iwan", "Agus", "Deden", "Ade", "Rudi", "Yusuf",
           "Encep", "Wawan", "Hendra", "Rahmat", "Jajang", "Dadan", "Ridwan", "Tatang"),
        f=("Euis", "Neneng", "Imas", "Cucu", "Lilis", "Dewi", "Rina", "Yeni", "Nining", "Nurul", "Siti", "Eneng",
           "Iis", "Titin", "Ai", "Enung", "Rini", "Tuti", "Yati"),
        lm=("Saepudin", "Hidayat", "Sunarya", "Permana", "Kurniawan", "Gunawan", "Suryana", "Supriatna", "Ruhiyat",
            "Mulyana", "Setiadi", "Sopandi", "Rustandi", "Nugraha", "Firmansyah"),
        lf=("Kurniasih", "Rahmawati", "Nurhayati", "Suryani", "Maryani", "Komalasari", "Sumiati", "Rosita",
            "Mulyani", "Herawati", "Nurjanah", "Sulastri", "Rohayati"),
        pp=0, pm=(), pf=(), mid=.05, last=.8),
    "batak": dict(
        m=("Robert", "Jhonson", "Poltak", "Hotman", "Parulian", "Togar", "Benny", "Martin", "Daniel", "Sahat",
           "Rudolf", "Tumpal", "Binsar", "Ahmad", "Muhammad", "Irwan", "Fernando", "Marihot"),
        f=("Rosmawati", "Lamria", "Tiurma", "Rotua", "Dormauli", "Herlina", "Rina", "Mariani", "Sri", "Nurhayati",
           "Romauli", "Lenny", "Erna", "Masdalena", "Tiarma"),
        lm=("Siregar", "Simanjuntak", "Nasution", "Harahap", "Lubis", "Sitompul", "Hutapea", "Pardede", "Sinaga",
            "Simatupang", "Situmorang", "Panjaitan", "Hutagalung", "Manurung", "Silalahi", "Tambunan", "Sihombing",
            "Pohan", "Daulay", "Ritonga", "Napitupulu", "Sianturi"),
        lf=None, pp=0, pm=(), pf=(), mid=.3, last=1.0),
    "ntt": dict(
        m=("Yohanis", "Marthen", "Yosef", "Frans", "Petrus", "Paulus", "Stefanus", "Yakobus", "Daniel",
           "Adrianus", "Melkianus", "Simon", "Agustinus", "Yeremias", "Oktovianus", "Yunus", "Ferdinandus"),
        f=("Maria", "Yuliana", "Agustina", "Margaretha", "Elisabeth", "Fransiska", "Yohana", "Debora", "Ester",
           "Selfina", "Adriana", "Marlin", "Novita", "Imelda", "Yasinta", "Ursula"),
        lm=("Bessie", "Ndoen", "Fanggidae", "Manafe", "Tanesib", "Kana", "Lay", "Amalo", "Nope", "Tallo",
            "Fernandez", "Ratu", "Seran", "Bria", "Nenobais", "Lake", "Nalle", "Messakh", "Pah", "Tefa", "Lopo",
            "Riwu", "Dethan", "Sabu", "Kolo", "Nahak"),
        lf=None, pp=0, pm=(), pf=(), mid=.3, last=1.0),
    "minahasa": dict(
        m=("Johny", "Stevanus", "Ferry", "Recky", "Meiki", "Jefry", "Hendrik", "Frangky", "Rolly", "Denny",
           "Vicky", "Jemmy"),
        f=("Olvie", "Meity", "Grace", "Jeane", "Vonny", "Lenny", "Deysi", "Feibe", "Stella", "Meiske"),
        lm=("Lumowa", "Rondonuwu", "Wenas", "Tumbelaka", "Sondakh", "Pangemanan", "Lumentut", "Kalalo", "Mandagi",
            "Rumengan", "Supit", "Worang", "Tambayong", "Runtuwene", "Wowor"),
        lf=None, pp=0, pm=(), pf=(), mid=.25, last=1.0),
    "aceh": dict(
        m=("Muhammad", "Zulkifli", "Fadli", "Iskandar", "Mukhlis", "Syahrul", "Azwar", "Marzuki", "Husaini",
           "Rizki", "Saiful", "Zainal", "Khairul", "Munawar", "Safrizal", "Mahdi", "Fauzan", "Teuku Irwan"),
        f=("Nurul", "Rahmah", "Fitriani", "Zahara", "Rosmiati", "Nurhayati", "Maulida", "Safrina", "Yusnidar",
           "Hasanah", "Rahmi", "Laila", "Cut Meutia", "Nurlaila", "Sri", "Rahmiati"),
        lm=("Ibrahim", "Abdullah", "Yusuf", "Ismail", "Hasan", "Usman", "Daud", "Ali", "Ahmad", "Syahputra", "Amri",
            "Hamzah", "Rahman", "Husin", "Rasyid", "Muhammad", "Jalil"),
        lf=("Fitri", "Rahmawati", "Safitri", "Yanti", "Zahra", "Aini", "Agustina", "Mardhiah", "Wati", "Hayati",
            "Yusuf", "Ibrahim"),
        pp=.12, pm=("Teuku",), pf=("Cut",), mid=.15, last=.85),
    "bugis": dict(
        m=("Muhammad", "Abdul", "Syamsul", "Ahmad", "Rahman", "Burhanuddin", "Syahrir", "Hasanuddin", "Ilham",
           "Akbar", "Arifin", "Irwan", "Amiruddin", "Rusdi", "Mustafa", "Jamaluddin"),
        f=("Nurhayati", "Hasnah", "Sitti", "Rosmini", "Nurul", "Hasmawati", "Jumriah", "Wahyuni", "Hardianti",
           "Irmawati", "Sukmawati", "Rahmatia", "Nurlia", "Haslinda"),
        lm=("Arsyad", "Tahir", "Mappa", "Latief", "Syam", "Rauf", "Basri", "Hamid", "Karim", "Ramli", "Pallawa",
            "Mappiasse", "Sanusi", "Mustari", "Nur", "Patiroi"),
        lf=("Arsyad", "Tahir", "Syam", "Hamid", "Ramli", "Basri", "Nur", "Rahman", "Sari", "Yanti"),
        pp=.2, pm=("Andi",), pf=("Andi",), mid=.15, last=.8),
    "kaili": dict(
        m=("Moh.", "Rizal", "Hidayat", "Sofyan", "Amran", "Rusdi", "Taufik", "Irfan", "Arman", "Yusran",
           "Hasan", "Ridwan"),
        f=("Nurhayati", "Sri", "Fatmawati", "Rahmawati", "Hasnah", "Nurmi", "Asnidar", "Herlina", "Sartini",
           "Ningsi"),
        lm=("Lamakarate", "Tombolotutu", "Lasahido", "Lamadjido", "Tondei", "Ladjalani", "Lapasere", "Pettalolo",
            "Tanjumbulu", "Datupalinge", "Mahmud", "Labaso"),
        lf=("Lamakarate", "Tombolotutu", "Lasahido", "Pettalolo", "Labaso", "Sari", "Rahmawati"),
        pp=0, pm=(), pf=(), mid=.15, last=.85),
    "melayu": dict(
        m=("Rahmat", "Hendra", "Dedi", "Ahmad", "Muhammad", "Fauzi", "Rizky", "Edi", "Syaiful", "Yusri", "Herman",
           "Firdaus", "Zulfikar", "Afrizal", "Joni", "Hardi", "Syafrudin", "Rusli"),
        f=("Yulia", "Fitri", "Rina", "Yeni", "Desi", "Rahmawati", "Nurhasanah", "Sri", "Lidya", "Mira", "Susi",
           "Sumarni", "Elvi", "Yulfitri", "Nelly", "Ratna", "Eka"),
        lm=("Hidayat", "Saputra", "Putra", "Syahputra", "Efendi", "Gunawan", "Kurniawan", "Ramadhan", "Zulkarnain",
            "Rusdi", "Firmansyah", "Hamdani", "Azhari", "Yusuf", "Iskandar"),
        lf=("Fitriani", "Yanti", "Lestari", "Wati", "Susanti", "Sari", "Oktaviani", "Handayani", "Novita",
            "Yusnita", "Marlina"),
        pp=0, pm=(), pf=(), mid=.12, last=.8),
    "bali": dict(
        m=("Suardana", "Sudarsana", "Artana", "Wirawan", "Suparta", "Adnyana", "Mahendra", "Sudiarta", "Arsana",
           "Widiana", "Sukadana", "Astawa"),
        f=("Ariani", "Suryani", "Sukerti", "Yuliantari", "Widiastuti", "Sukarini", "Puspawati", "Darmayanti",
           "Sriasih", "Wahyuni"),
        lm=("Putra", "Wijaya", "Saputra"), lf=("Putri", "Dewi", "Lestari"),
        pp=1.0, pm=("I Made", "I Wayan", "I Nyoman", "I Ketut", "I Gede", "I Putu", "I Komang"),
        pf=("Ni Made", "Ni Luh", "Ni Wayan", "Ni Ketut", "Ni Putu", "Ni Komang"), mid=0, last=.15),
    "papua": dict(
        m=("Yohanes", "Markus", "Yulianus", "Otto", "Ferdinand", "Lukas", "Daud", "Elias", "Nikolaus", "Yonas"),
        f=("Maria", "Yuliana", "Ribka", "Susana", "Martha", "Naomi", "Yosina", "Dorkas"),
        lm=("Wonda", "Wenda", "Kogoya", "Tabuni", "Wanimbo", "Rumbiak", "Mansoben", "Kareth", "Yoku", "Ayomi",
            "Sawaki", "Rumainum", "Mayor", "Waromi", "Karubaba"),
        lf=None, pp=0, pm=(), pf=(), mid=.2, last=1.0),
    "maluku": dict(
        m=("Johanis", "Abraham", "Samuel", "Ruslan", "Hamid", "Semuel", "Jopie", "Nus", "Usman", "Rudy"),
        f=("Christina", "Josephina", "Sarah", "Hadija", "Wa Ode", "Nona", "Engelina", "Salma"),
        lm=("Latuconsina", "Tuhumury", "Pattinama", "Sahetapy", "Lewerissa", "Matulessy", "Tupamahu", "Rahayaan",
            "Ohorella", "Tahapary", "Wattimena", "Leatemia", "Marasabessy", "Tuasikal"),
        lf=None, pp=0, pm=(), pf=(), mid=.2, last=1.0),
}
POOL_NAMES = tuple(NAME_POOLS)
MELAYU_POOLS = {"melayu": .70, "jawa": .25, "batak": .05}
_KALIMANTAN = {"melayu": .6, "jawa": .3, "bugis": .1}
_PAPUA = {"papua": .6, "jawa": .15, "bugis": .1, "maluku": .1, "ntt": .05}
PROVINCE_POOLS = {
    "11": {"aceh": .85, "melayu": .08, "jawa": .07}, "12": {"batak": .65, "melayu": .2, "jawa": .15},
    "13": {"melayu": .9, "jawa": .1}, "31": {"jawa": .45, "sunda": .2, "batak": .15, "melayu": .1,
                                             "minahasa": .05, "maluku": .05},
    "32": {"sunda": .85, "jawa": .15}, "33": {"jawa": .97, "sunda": .03}, "34": {"jawa": 1.0},
    "35": {"jawa": .97, "melayu": .03}, "36": {"sunda": .6, "jawa": .4}, "51": {"bali": .85, "jawa": .15},
    "52": {"melayu": .8, "bali": .1, "jawa": .1}, "53": {"ntt": .9, "jawa": .05, "melayu": .05},
    "71": {"minahasa": .85, "jawa": .1, "melayu": .05}, "72": {"kaili": .5, "bugis": .35, "jawa": .1, "minahasa": .05},
    "73": {"bugis": .9, "jawa": .05, "melayu": .05}, "74": {"bugis": .7, "melayu": .3},
    "75": {"melayu": .8, "bugis": .2},
    "76": {"bugis": .8, "melayu": .2}, "81": {"maluku": .8, "melayu": .2}, "82": {"maluku": .8, "melayu": .2},
    **{p: MELAYU_POOLS for p in ("14", "15", "16", "17", "18", "19", "21")},
    **{p: _KALIMANTAN for p in ("61", "62", "63", "64", "65")},
    **{p: _PAPUA for p in ("91", "92", "93", "94", "95", "96")},
}
