"""Realistic demo data: the six files of CONTRACT.md §1, calibrated on DOMAIN.md.

`generate_demo_csvs(out_dir, employees=2000, seed=42, as_of=date(2026, 9, 30))` writes agencies.csv,
agency_ratings.csv, employees.csv, appraisals.csv, complaints.csv and promotions.csv and returns their
paths in load order. Everything is drawn with numpy from one seed (same seed, same bytes), vectorised
over employees (2,000 employees: about 0.1 s; the national 4.3 million: about 75 s and 4.2 GB of memory,
8 GB of CSV, appraisals written period by period). Nothing is dated after `as_of`.
Written with pyarrow: UTF-8 without BOM, dates YYYY-MM-DD, timestamps YYYY-MM-DD HH:MM:SS, empty cells for
missing values, no quoting (no value contains a comma).

What the data holds (shares are those of DOMAIN.md):
- agencies: the OPDs of the origin places (Kabupaten Lebong with Kecamatan Tubei, Kota Kupang, Kota
  Surabaya with Kecamatan Asem Rowo, the province of Aceh, Kota Palu) plus Kota Bandung, Kabupaten Klaten
  and Kota Makassar; at larger scale more kab/kota and provinces (weighted by PNS per province) until
  there is about one agency per 300 employees.
- employees: PNS 77 % / PPPK 23 %, women 57 %, teachers about 43 % and health staff about 14 %,
  functional 70 % / structural about 7 % / pelaksana 23 %; ranks from a promotion ladder (entry rank by
  education, one step every 4-6 years on legal dates, capped by the education ceiling except functional
  and structural staff who go up to two steps beyond it by rank_choice).
- appraisals: quarterly and annual ratings 2023 onwards from the rating matrix; about 15 % of agencies
  are lenient (most staff sangat_baik, breaking the rating curve), about 5 % / 4 % of the evaluators with
  five or more appraisees are lenient / harsh, and the evaluator with most appraisees in each of
  `UNIFORM_EVALUATOR_REGIONS` rates everyone "baik" (meets/meets) in every period.
- complaints: LAPOR!-like volumes by service exposure, working-day response times with the Indonesian
  holiday calendar, rejected and still-open complaints.
- promotions: every rank step since 2019 and the position steps behind the current positions.

Irregularities planted in the promotions, unlabelled in the files (see `PLANTED` for the codes):
(a) rank_regular 2-3 years after the previous rank date (or cpns_date); (b) a rank promotion dated the 15th of the month
instead of the 1st; (c) a two-step rank skip; (d) rank_regular above the education ceiling (pelaksana and
pengawas only); (e) favouritism: the head of `FAVOURITISM_AGENCY` approves promotions (2024 onwards) of
staff whose annual rating the year before was below baik or missing, several of whom carry his family
name `FAVOURITISM_FAMILY_NAME`; (f) a gender gap: in `GENDER_GAP_AGENCY` eligible women wait two to four
years longer for each rank step than men (from 2017 on).
"""
from __future__ import annotations

import csv
import datetime
import pathlib
from collections import defaultdict

import holidays as _holidays
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from analytics import domain
from analytics.datasets import DATASETS, LOAD_ORDER

REGIONS_CSV = pathlib.Path(__file__).resolve().parent.parent / "data" / "reference" / "regions_kemendagri_2025.csv"

# The contract's load order and columns (analytics/datasets.py), in the order the files are written.
COLUMNS: dict[str, tuple[str, ...]] = {name: tuple(DATASETS[name].column_names) for name in LOAD_ORDER}

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
    "DISDUKCAPIL": "Kepala Dinas Kependudukan dan Pencatatan Sipil", "BKPSDM": "Kepala BKPSDM",
    "BAPPEDA": "Kepala Bappeda", "INSPEKTORAT": "Inspektur", "SETDA": "Sekretaris Daerah",
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
    "teacher": (0, 0, 0, 0, .004, .004, .02, .86, .104, .008),
    "hexp": (0, 0, 0, 0, 0, 0, .12, .67, .18, .03),
    "hskl": (0, 0, .03, .01, 0, .90, .06, 0, 0, 0),
    "fexp": (0, 0, 0, 0, 0, 0, .05, .65, .27, .03),
    "fskl": (0, 0, .35, .03, .02, .58, .02, 0, 0, 0),
    "pel": (.03, .045, .40, .02, .01, .13, .03, .335, 0, 0),
    "head": (0, 0, 0, 0, 0, 0, 0, .15, .75, .10),
    "admin": (0, 0, 0, 0, 0, 0, .03, .42, .52, .03),
    "peng": (0, 0, .03, 0, 0, .05, .05, .67, .20, 0),
}
P_PPPK = {C_TEACH: .30, C_HEXP: .15, C_HSKL: .27, C_FEXP: .12, C_FSKL: .20, C_PEL: .18}
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
_MELAYU = {"melayu": .70, "jawa": .25, "batak": .05}
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
    **{p: _MELAYU for p in ("14", "15", "16", "17", "18", "19", "21")},
    **{p: _KALIMANTAN for p in ("61", "62", "63", "64", "65")},
    **{p: _PAPUA for p in ("91", "92", "93", "94", "95", "96")},
}


# --- Date helpers ----------------------------------------------------------------------------
def _m(y: int, mo: int) -> int:
    """Month index (months since 1970-01)."""
    return (y - 1970) * 12 + (mo - 1)


def _mstart(m) -> np.ndarray:
    """Month index -> day number (days since 1970-01-01) of the month's first day."""
    return np.asarray(m, np.int64).astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)


def _day_month(d) -> np.ndarray:
    return np.asarray(d, np.int64).astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)


def _day_year(d) -> np.ndarray:
    return np.asarray(d, np.int64).astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970


def _dnum(d: datetime.date) -> int:
    return int(np.datetime64(d, "D").astype(np.int64))


M2017, M2019 = _m(2017, 1), _m(2019, 1)
_LEGAL_LO, _LEGAL_HI = _m(1950, 1), _m(2080, 1)


def _legal_next_table() -> np.ndarray:
    ms = np.arange(_LEGAL_LO, _LEGAL_HI)
    legal = np.array([(int(m) % 12 + 1) in domain.legal_promotion_months(1970 + int(m) // 12) for m in ms])
    idx = np.where(legal, ms, np.iinfo(np.int64).max)
    return np.minimum.accumulate(idx[::-1])[::-1]


_LEGAL_NEXT = _legal_next_table()


def _legal_next(m: np.ndarray) -> np.ndarray:
    return _LEGAL_NEXT[np.clip(m, _LEGAL_LO, _LEGAL_HI - 30) - _LEGAL_LO]


# --- Arrow helpers ---------------------------------------------------------------------------
def _strings(values, idx: np.ndarray, null: np.ndarray | None = None) -> pa.Array:
    dictionary = pa.array(list(values), pa.string())
    return pc.take(dictionary, pa.array(np.asarray(idx, np.int64), mask=null))


def _dates(days: np.ndarray, null: np.ndarray | None = None) -> pa.Array:
    return pa.array(np.asarray(days, np.int64).astype("datetime64[D]"), mask=null)


def _stamps(seconds: np.ndarray, null: np.ndarray | None = None) -> pa.Array:
    return pa.array(np.asarray(seconds, np.int64).astype("datetime64[s]"), mask=null)


def _decimals(x: np.ndarray) -> pa.Array:
    x = np.round(np.asarray(x, np.float64), 1) + 0.0
    return pa.array(x, mask=np.isnan(x))


def _ints(x: np.ndarray, null: np.ndarray | None = None) -> pa.Array:
    return pa.array(np.asarray(x, np.int64), mask=null)


def _nips(nip: np.ndarray, null: np.ndarray | None = None) -> pa.Array:
    a = pa.array(np.asarray(nip, np.int64)).cast(pa.string())
    if null is not None and null.any():
        a = pc.if_else(pa.array(null), pa.scalar(None, pa.string()), a)
    return a


def _padded(x: np.ndarray, width: int) -> pa.Array:
    return pc.utf8_lpad(pa.array(np.asarray(x, np.int64)).cast(pa.string()), width=width, padding="0")


_WRITE = pacsv.WriteOptions(include_header=False, quoting_style="none", batch_size=65536)


class _CsvOut:
    """One CSV file: header written once, then tables appended."""

    def __init__(self, path: pathlib.Path, columns: tuple[str, ...]):
        self.path, self.columns = path, columns
        self.f = open(path, "wb")
        self.f.write((",".join(columns) + "\n").encode("utf-8"))

    def write(self, data: dict[str, pa.Array]) -> None:
        table = pa.table({c: data[c] for c in self.columns})
        if table.num_rows:
            pacsv.write_csv(table, self.f, _WRITE)

    def close(self) -> None:
        self.f.close()


def _choice(rng, p, size) -> np.ndarray:
    p = np.asarray(p, np.float64)
    return rng.choice(len(p), size=size, p=p / p.sum())


def _group_pick(rng, group: np.ndarray, start: np.ndarray, count: np.ndarray, members: np.ndarray) -> np.ndarray:
    """For each element with group g, a random member of g (members[start[g]:start[g]+count[g]]), -1 if none."""
    c = count[group]
    k = (rng.random(len(group)) * np.maximum(c, 1)).astype(np.int64)
    out = np.full(len(group), -1, np.int64)
    ok = c > 0
    out[ok] = members[start[group[ok]] + k[ok]]
    return out


def _grouped(keys: np.ndarray, n_groups: int, members: np.ndarray):
    """Sorted members by key with start/count per key (0..n_groups-1)."""
    order = np.argsort(keys, kind="stable")
    count = np.bincount(keys, minlength=n_groups)
    start = np.cumsum(count) - count
    return members[order], start, count


# =============================================================================================
class _Demo:
    def __init__(self, employees: int, seed: int, as_of: datetime.date):
        if employees < 200:
            raise ValueError("employees must be at least 200")
        self.N, self.seed, self.as_of = int(employees), int(seed), as_of
        self.asof_d = _dnum(as_of)
        self.asof_m = _m(as_of.year, as_of.month)
        self.asof_end_s = (self.asof_d + 1) * 86400 - 1
        streams = np.random.SeedSequence(self.seed).spawn(8)
        (self.rng_ag, self.rng_emp, self.rng_lad, self.rng_pos, self.rng_app, self.rng_cmp, self.rng_rat,
         self.rng_name) = [np.random.default_rng(s) for s in streams]
        self.app_seed = streams[4]
        years = range(2018, as_of.year + 3)
        hol = _holidays.country_holidays("ID", years=years, categories=("public", "government"))
        self.holidays = np.array(sorted(hol), dtype="datetime64[D]")

    # ------------------------------------------------------------------ agencies
    def agencies(self) -> None:
        rng = self.rng_ag
        rows = []
        with open(REGIONS_CSV, encoding="utf-8") as f:
            for r in csv.DictReader(f):
                rows.append({k: (v or "").strip() for k, v in r.items()})
        self.region_codes = {r["region_code"] for r in rows}
        by_code = {r["region_code"]: r for r in rows}
        children = defaultdict(list)
        for r in rows:
            if r["parent_code"]:
                children[r["parent_code"]].append(r["region_code"])
        provinces = [r["region_code"] for r in rows if r["level"] == "province"]
        nkab = {p: len([c for c in children[p]]) for p in provinces}
        known = sum(PNS_BY_PROVINCE.values())
        rest = sum(nkab[p] + 4 for p in provinces if p not in PNS_BY_PROVINCE)
        weight_p = {p: PNS_BY_PROVINCE.get(p, (PNS_TOTAL - known) * (nkab[p] + 4) / rest) for p in provinces}

        units = []  # code, prov, kind, label, kecs, weight
        for p in provinces:
            kabs = [] if p == "31" else [c for c in children[p]]
            prov_kecs = [k for c in children[p] for k in children[c]] if p == "31" else []
            pname = by_code[p]["name"]
            label = "Aceh" if p == "11" else ("Provinsi DKI Jakarta" if p == "31" else f"Provinsi {pname}")
            units.append(dict(code=p, prov=p, kind="prov", label=label, kecs=prov_kecs,
                              weight=weight_p[p] * (1.0 if p == "31" else 0.13)))
            tot = sum(len(children[c]) + 5 for c in kabs)
            for c in kabs:
                units.append(dict(code=c, prov=p, kind="kab", label=by_code[c]["name"], kecs=list(children[c]),
                                  weight=weight_p[p] * 0.87 * (len(children[c]) + 5) / tot))
        ucode = {u["code"]: i for i, u in enumerate(units)}
        core = [ucode[c] for c in CORE_UNITS]
        chosen = {i: list(CORE_KECAMATAN.get(units[i]["code"], ())) for i in core}
        n_agencies = sum(11 + len(k) for k in chosen.values())
        target = self.N / 300
        if n_agencies < target:
            others = np.array([i for i in range(len(units)) if i not in chosen])
            w = np.array([units[i]["weight"] for i in others])
            key = np.log(rng.random(len(others))) / w
            for i in others[np.argsort(-key, kind="stable")]:
                if n_agencies >= target:
                    break
                chosen[int(i)] = list(units[i]["kecs"])
                n_agencies += 11 + len(units[i]["kecs"])
            if n_agencies < target:  # finally the other kecamatan of the origin places
                for i in core:
                    more = [k for k in units[i]["kecs"] if k not in chosen[i]]
                    chosen[i] += more
        unit_ids = sorted(chosen, key=lambda i: (units[i]["code"].split(".")[0], units[i]["kind"] != "prov",
                                                units[i]["code"]))
        ag = []  # dicts
        for ui in unit_ids:
            u = units[ui]
            is_prov = u["kind"] == "prov"
            kab_shares = not is_prov or u["code"] == "31"
            core_set = set(CORE_KECAMATAN.get(u["code"], ()))
            n_kec_all = max(len(u["kecs"]), 1)
            for sfx in SUFFIXES[:-1]:
                o = OPDS[sfx]
                name = o["name"].format(r=u["label"])
                short = o["short"]
                if sfx == "RSUD":
                    name = RSUD_NAMES.get(u["code"], name)
                if sfx == "BKPSDM" and is_prov:
                    name = "Badan Kepegawaian Aceh" if u["code"] == "11" else f"Badan Kepegawaian Daerah {u['label']}"
                    short = "BKA" if u["code"] == "11" else "BKD"
                ag.append(dict(code=f"{u['code']}.{sfx}", name=name, short=short, region=u["code"], kind=o["kind"],
                               sfx=sfx, unit=ui, prov=u["prov"], is_prov=is_prov,
                               share=o["kab"] if kab_shares else o["prov"]))
            for k in chosen[ui]:
                kname = by_code[k]["name"]
                share = KEC_SHARE_CORE if k in core_set else KEC_SHARE_TOTAL / n_kec_all
                ag.append(dict(code=f"{k}.KEC", name=f"Kecamatan {kname}", short=f"Kec. {kname}", region=k,
                               kind="kecamatan", sfx="KEC", unit=ui, prov=u["prov"], is_prov=False, share=share))
        self.ag = ag
        n = len(ag)
        self.n_ag = n
        self.ag_code = [a["code"] for a in ag]
        self.ag_ix = {c: i for i, c in enumerate(self.ag_code)}
        self.ag_sfx = np.array([SUFFIXES.index(a["sfx"]) for a in ag], np.int8)
        self.ag_unit = np.array([a["unit"] for a in ag])
        self.ag_region = [a["region"] for a in ag]
        self.ag_prov = [a["prov"] for a in ag]
        self.ag_is_prov = np.array([a["is_prov"] for a in ag])
        # employees per agency
        uw = {ui: units[ui]["weight"] for ui in unit_ids}
        e_unit = np.array([uw[ui] for ui in unit_ids], np.float64)
        e_unit = self.N * e_unit / e_unit.sum()
        is_core = np.array([ui in core for ui in unit_ids])
        floor = min(0.11 * self.N, 3000.0)
        fl = is_core & (e_unit < floor)
        e_unit[fl] = floor
        rest_n = max(self.N - e_unit[fl].sum(), 0.0)
        if (~fl).any():
            e_unit[~fl] *= rest_n / e_unit[~fl].sum()
        e_of_unit = dict(zip(unit_ids, e_unit))
        share = np.array([a["share"] for a in ag])
        share_sum = defaultdict(float)
        for a, s in zip(ag, share):
            share_sum[a["unit"]] += s
        expected = np.array([e_of_unit[a["unit"]] * s / share_sum[a["unit"]] for a, s in zip(ag, share)])
        min_per = int(max(1, min(5, self.N // (2 * n))))
        if self.N < n * min_per:
            raise ValueError(f"employees must be at least {n * min_per} for {n} agencies")
        p = np.maximum(expected - min_per, 0.01)
        self.ag_n = min_per + rng.multinomial(self.N - n * min_per, p / p.sum())
        # org ratings drawn later; complaint exposure
        self.ag_exposure = np.array([OPDS[a["sfx"]]["exp"] for a in ag])

    # ------------------------------------------------------------------ employees
    def employees(self) -> None:
        rng, N = self.rng_emp, self.N
        n_a = self.ag_n
        ag = np.repeat(np.arange(self.n_ag), n_a)
        start = np.cumsum(n_a) - n_a
        self.ag_start = start
        r = np.arange(N) - start[ag]
        sfx = self.ag_sfx[ag]
        # structural posts: more per non-teaching, non-health staff (teachers are led by school heads)
        comp = np.array([OPDS[s]["comp"] for s in SUFFIXES])[self.ag_sfx]
        n_other = n_a * comp[:, 3:].sum(1)
        n_nt = n_a * (1 - comp[:, 0])
        is_kec = self.ag_sfx == SUFFIXES.index("KEC")
        n_admin = np.where(n_a >= 4, np.clip(np.round(1 + 0.012 * n_nt), 1, 12), 0).astype(np.int64)
        n_admin = np.where(is_kec & (n_a >= 4), 1, n_admin)
        n_peng = np.round(0.16 * n_other + 0.04 * n_a * (comp[:, 1] + comp[:, 2]) + 0.008 * n_a * comp[:, 0])
        n_peng = np.minimum(n_peng, 400).astype(np.int64)
        n_peng = np.where(is_kec, np.minimum(n_peng, 5), n_peng)
        n_peng = np.clip(n_peng, 0, np.maximum(n_a - 3 - n_admin, 0))
        self.n_admin, self.n_peng = n_admin, n_peng
        role = np.full(N, R_STAFF, np.int8)
        role[r == 0] = R_HEAD
        role[(r >= 1) & (r <= n_admin[ag])] = R_ADMIN
        role[(r > n_admin[ag]) & (r <= (n_admin + n_peng)[ag])] = R_PENG
        staff = role == R_STAFF
        # category of staff by agency composition
        cat = np.full(N, C_STRUCT, np.int8)
        u = rng.random(N)
        for si, s in enumerate(SUFFIXES):
            m = staff & (sfx == si)
            cum = np.cumsum(np.array(OPDS[s]["comp"], np.float64))
            cum /= cum[-1]
            cat[m] = np.minimum(np.searchsorted(cum, u[m], side="right"), 5)
        # employment type, gender, education
        pppk = np.zeros(N, bool)
        female_p = np.zeros(N)
        u1, u2 = rng.random(N), rng.random(N)
        for c in range(6):
            m = cat == c
            pppk[m] = u1[m] < P_PPPK[c]
            female_p[m] = P_FEMALE[c]
        for rl, pf in P_FEMALE_ROLE.items():
            female_p[role == rl] = pf
        female_p[staff & (sfx == SUFFIXES.index("SATPOLPP"))] = 0.25
        female = u2 < female_p
        edu = np.zeros(N, np.int8)
        groups = {"teacher": cat == C_TEACH, "hexp": cat == C_HEXP, "hskl": cat == C_HSKL, "fexp": cat == C_FEXP,
                  "fskl": cat == C_FSKL, "pel": cat == C_PEL, "head": role == R_HEAD, "admin": role == R_ADMIN,
                  "peng": role == R_PENG}
        for g, m in groups.items():
            edu[m] = _choice(rng, EDU_P[g], int(m.sum()))
        # birth dates (generation mix of DOMAIN.md; structural staff by age so that they are active)
        max_by = min(2002, self.as_of.year - 22)
        years = np.arange(1946, max_by + 1)
        w = np.zeros(len(years))
        b1 = years <= 1964
        w1 = np.where(years >= 1961, np.select([years == 1964, years == 1963, years == 1962, years == 1961],
                                               [.45, .28, .14, .06]), .07 / 15)
        w[b1] = 0.05 * w1[b1] / w1[b1].sum()
        b2 = (years >= 1965) & (years <= 1976)
        w2 = np.clip(years - 1963.0, 0, None) ** 1.5
        w[b2] = 0.40 * w2[b2] / w2[b2].sum()
        b3 = (years >= 1977) & (years <= 1994)
        w[b3] = 0.50 / b3.sum()
        b4 = years >= 1995
        if b4.any():
            w4 = (max_by + 2.0 - years)
            w[b4] = 0.05 * w4[b4] / w4[b4].sum()
        by = years[_choice(rng, w, N)]
        frac = rng.random(N)
        # PPPK: appointed 2019 or later, aged 21-56 then
        appt_years = np.arange(2019, self.as_of.year + 1)
        appt_w = np.array([{2019: .04, 2020: .02, 2021: .08, 2022: .30, 2023: .22, 2024: .20}.get(int(y), .14)
                           for y in appt_years])
        appt_y = appt_years[_choice(rng, appt_w, N)]
        appt_mo = np.array([1, 3, 4, 7, 10])[_choice(rng, (.35, .3, .15, .1, .1), N)]
        appt_m = (appt_y - 1970) * 12 + appt_mo - 1
        late = appt_m > self.asof_m
        appt_m[late] -= 12
        appt_y = 1970 + appt_m // 12
        too_young = pppk & (by > appt_y - 21)
        by[too_young] = appt_y[too_young] - 21 - rng.integers(0, 9, int(too_young.sum()))
        too_old = pppk & (by < appt_y - 54)
        by[too_old] = appt_y[too_old] - 54 + rng.integers(0, 12, int(too_old.sum()))
        jan1 = (by - 1970).astype("datetime64[Y]").astype("datetime64[D]").astype(np.int64)
        ylen = (by - 1970 + 1).astype("datetime64[Y]").astype("datetime64[D]").astype(np.int64) - jan1
        birth = jan1 + (frac * ylen).astype(np.int64)
        age_lo = np.select([role == R_HEAD, role == R_ADMIN, role == R_PENG], [47.0, 38.0, 31.0], 0)
        age_hi = np.select([role == R_HEAD, role == R_ADMIN, role == R_PENG], [59.5, 57.5, 57.5], 0)
        st = role != R_STAFF
        age = age_lo + (age_hi - age_lo) * rng.random(N)
        birth[st] = self.asof_d - (age[st] * 365.25).astype(np.int64)
        birth_m = _day_month(birth)
        by = _day_year(birth)
        # CPNS date (PNS): entry age by education, recruitment waves, 1st of a month
        entry_age = MIN_ENTRY_AGE[edu] + rng.gamma(2.0, 2.0, N)
        cm = birth_m + np.round(entry_age * 12).astype(np.int64)
        cy = 1970 + cm // 12
        mor = (cy >= 2015) & (cy <= 2017)
        cy[mor] = np.where(rng.random(int(mor.sum())) < .3, 2014, 2018 + rng.integers(0, 2, int(mor.sum())))
        # honorer K1/K2 appointed CPNS 2005-2014 at 28-45, mostly with SMA or a diploma (entry golongan II)
        hon = (role == R_STAFF) & (edu <= EDU_IX["d3"]) & (rng.random(N) < 0.45)
        hy = 2005 + rng.integers(0, 10, N)
        hon &= (hy - by >= 28) & (hy - by <= 45)
        cy[hon] = hy[hon]
        cmo = np.array([1, 3, 4, 2, 6, 10, 12, 7])[_choice(rng, (.42, .30, .08, .05, .05, .04, .03, .03), N)]
        cm = (cy - 1970) * 12 + cmo - 1
        min_cm = birth_m + 12 * 18 + 1
        cm = np.where(cm < min_cm, cm + 12 * np.ceil((min_cm - cm) / 12).astype(np.int64), cm)
        min_service = np.select([role == R_HEAD, role == R_ADMIN, role == R_PENG], [15, 10, 6], 0) * 12
        cm = np.minimum(cm, self.asof_m - min_service)
        cm = np.where(cm < min_cm, min_cm, cm)  # cannot happen with the age bounds; kept as a guard
        cpns_m = np.where(pppk, appt_m, cm)
        cpns_d = _mstart(cpns_m)
        # status: retirement age (BUP) 60 for teachers and heads, else 58; a few others left
        bup = np.where((cat == C_TEACH) | (role == R_HEAD), 60, 58)
        retire_m = birth_m + 12 * bup + 1
        status = np.zeros(N, np.int8)  # index in EMPLOYEE_STATUSES
        end_m = np.full(N, 10 ** 6, np.int64)
        retired = retire_m <= self.asof_m
        status[retired] = 1
        end_m[retired] = retire_m[retired]
        win_lo = np.maximum(cpns_m + 12, _m(FIRST_APPRAISAL_YEAR, 1))
        can_leave = staff & ~retired & (win_lo < self.asof_m)
        u = rng.random(N)
        leave = can_leave & (u < 0.017)
        status[leave & (u < 0.012)] = 4  # transferred
        status[leave & (u >= 0.012) & (u < 0.015)] = 3  # deceased
        status[leave & (u >= 0.015)] = 2  # dismissed
        span = np.maximum(self.asof_m - win_lo, 1)
        end_m[leave] = (win_lo + (rng.random(N) * span).astype(np.int64))[leave]
        # special agencies
        self.fav_ag = self.ag_ix.get(FAVOURITISM_AGENCY, -1)
        self.gap_ag = self.ag_ix.get(GENDER_GAP_AGENCY, -1)
        if self.fav_ag >= 0:
            female[start[self.fav_ag]] = False
        self.emp = dict(ag=ag, r=r, role=role, cat=cat, pppk=pppk, female=female, edu=edu, birth=birth,
                        birth_m=birth_m, cpns_m=cpns_m, cpns_d=cpns_d, status=status, end_m=end_m, sfx=sfx)

    # ------------------------------------------------------------------ rank ladder
    def ladder(self) -> None:
        rng, e = self.rng_lad, self.emp
        P = np.flatnonzero(~e["pppk"])
        n = len(P)
        edu, cat, role = e["edu"][P], e["cat"][P], e["role"][P]
        ceil = CEIL_IX[edu].astype(np.int64)
        entry = ENTRY_IX[edu].astype(np.int64)
        upgr = np.isin(edu, [EDU_IX["s1"], EDU_IX["d4"]]) & np.isin(cat, [C_PEL, C_FEXP, C_HEXP]) & (
            rng.random(n) < 0.06)
        entry[upgr] = RANK_IX["II/c"]
        extra = np.zeros(n, np.int64)
        fe = np.isin(cat, EXPERT_CATS)
        extra[fe] = _choice(rng, (.25, .35, .40), int(fe.sum()))
        fs = np.isin(cat, SKILL_CATS)
        extra[fs] = _choice(rng, (.5, .5), int(fs.sum()))
        extra[role == R_HEAD] = 2 + rng.integers(0, 2, int((role == R_HEAD).sum()))
        extra[role == R_ADMIN] = 1 + rng.integers(0, 2, int((role == R_ADMIN).sum()))
        extra[role == R_PENG] = 0
        breaker = np.isin(role, [R_PENG]) | (cat == C_PEL)
        breaker &= rng.random(n) < P_CEILING_BREAKER
        extra[breaker] = 1
        cap = np.minimum(ceil + extra, TOP_RANK)
        # without a degree the step into golongan III (II/d -> III/a) and into II (I/d -> II/a) needs the
        # ujian dinas: about half never pass it
        exam = (edu <= EDU_IX["d3"]) & ~upgr & (rng.random(n) < 0.4)
        cap = np.where(exam & (entry <= RANK_IX["II/d"]), np.minimum(cap, RANK_IX["II/d"]), cap)
        cap = np.where(exam & (entry <= RANK_IX["I/d"]), np.minimum(cap, RANK_IX["I/d"]), cap)
        breaker &= cap > ceil
        gapw = (e["ag"][P] == self.gap_ag) & e["female"][P]
        start, end = e["cpns_m"][P], e["end_m"][P]
        K = TOP_RANK + 1
        D = np.full((n, K), -1, np.int32)
        FR = np.zeros((n, K), np.int8)
        TR = np.zeros((n, K), np.int8)
        KD = np.zeros((n, K), np.int8)   # 0 regular, 1 choice, 2 education
        IR = np.zeros((n, K), np.int8)   # planted: 1 soon, 2 off-period, 3 skip, 4 ceiling
        cur_r, cur_m = entry.copy(), start.copy()
        alive = cur_r < cap
        iv_months, iv_p = np.array([48, 60, 72, 84, 96]), (.55, .25, .12, .05, .03)
        iv_low, iv_p_low = np.array([48, 60, 72, 96]), (.40, .30, .18, .12)
        for k in range(K):
            if not alive.any():
                break
            iv = np.where(cur_r < RANK_IX["III/a"], iv_low[_choice(rng, iv_p_low, n)], iv_months[_choice(rng, iv_p, n)])
            edu_step = upgr & (cur_r == RANK_IX["II/d"])
            iv = np.where(edu_step, rng.integers(13, 37, n), iv)
            beyond = cur_r >= ceil
            iv = np.where(beyond & ~edu_step, np.array([48, 54, 60, 72])[rng.integers(0, 4, n)], iv)
            soon = ((rng.random(n) < P_SOON) & ~edu_step & ~beyond & ((k == 0) | (cur_m >= M2019))
                    & (cur_m + 24 >= M2019))
            iv = np.where(soon, rng.integers(24, 34, n), iv)
            delay = gapw & ~soon & (cur_m + iv >= M2017) & (rng.random(n) < 0.9)
            iv = iv + np.where(delay, rng.integers(24, 49, n), 0)
            cand = _legal_next(cur_m + iv)
            skip = (rng.random(n) < P_SKIP) & ~edu_step & (cur_r + 2 <= ceil) & (cand >= M2019) & ~soon
            step = 1 + skip.astype(np.int64)
            ok = alive & (cur_r + step <= cap) & (cand <= self.asof_m) & (cand < end)
            to = cur_r + step
            D[ok, k] = cand[ok]
            FR[ok, k] = cur_r[ok]
            TR[ok, k] = to[ok]
            KD[ok, k] = np.where(edu_step, 2, np.where((to > ceil) & ~breaker, 1, 0))[ok]
            IR[ok, k] = np.select([soon, skip, (to > ceil) & breaker], [1, 3, 4], 0)[ok]
            cur_r = np.where(ok, to, cur_r)
            cur_m = np.where(ok, cand, cur_m)
            alive = ok & (cur_r < cap)
        # promotion days; (b) off-period: the 15th instead of the 1st, for a few visible promotions
        PD = np.where(D >= 0, _mstart(np.maximum(D, 0)), -1).astype(np.int32)
        # (only where the next step leaves room, so that it does not become too soon as well)
        nxt = np.concatenate([D[:, 1:], np.full((n, 1), -1, np.int32)], axis=1).astype(np.int64)
        nkind = np.concatenate([KD[:, 1:], np.zeros((n, 1), np.int8)], axis=1)
        room = (nxt < 0) | (nxt - D > np.array([48, 24, 12])[nkind])
        off = (D >= M2019) & (D < self.asof_m) & (IR == 0) & room & (rng.random(D.shape) < P_OFF_PERIOD)
        PD[off] += 14
        IR[off] = 2
        count = (D >= 0).sum(1)
        last = np.maximum(count - 1, 0)
        rows = np.arange(n)
        rank = np.where(count > 0, TR[rows, last], entry)
        rank_since = np.where(count > 0, PD[rows, last], e["cpns_d"][P])
        N = self.N
        e["rank_ix"] = np.zeros(N, np.int64)        # PNS order, or 17 + PPPK index
        e["rank_ix"][P] = rank
        pk = e["pppk"]
        e["rank_ix"][pk] = 17 + PPPK_RANK_IX[e["edu"][pk]]
        e["rank_since"] = e["cpns_d"].copy()
        e["rank_since"][P] = rank_since
        e["ceil"] = CEIL_IX[e["edu"]]
        e["pns_rank"] = np.where(pk, -1, e["rank_ix"])
        self.lad = dict(P=P, D=D, PD=PD, FR=FR, TR=TR, KD=KD, IR=IR, upgr=upgr, ceil=ceil, entry=entry)

    # ------------------------------------------------------------------ positions, supervisors
    def positions(self) -> None:
        rng, e, lad = self.rng_pos, self.emp, self.lad
        N = self.N
        ag, role, cat, pppk = e["ag"], e["role"], e["cat"], e["pppk"]
        active = e["status"] == 0
        rank = e["rank_ix"]
        titles: list[str] = []
        tix: dict[str, int] = {}

        def tid(s: str) -> int:
            if s not in tix:
                tix[s] = len(titles)
                titles.append(s)
            return tix[s]

        level = np.zeros(N, np.int8)  # index into POSITION_LEVELS
        title = np.zeros(N, np.int64)
        PL = {lvl: i for i, lvl in enumerate(domain.POSITION_LEVELS)}
        # functional level from rank
        exp_lvl = np.select([rank <= 9, rank <= 11, rank <= 14], [0, 1, 2], 3)
        skl_lvl = np.select([rank <= 4, rank <= 7, rank <= 9], [0, 1, 2], 3)
        pk_rank = rank - 17
        exp_lvl = np.where(pppk, np.where(pk_rank >= PPPK_IX["XI"], 1, 0), exp_lvl)
        skl_lvl = np.where(pppk, np.where(pk_rank >= PPPK_IX["VII"], 1, 0), skl_lvl)
        is_exp, is_skl = np.isin(cat, EXPERT_CATS), np.isin(cat, SKILL_CATS)
        lvl_ix = np.where(is_exp, exp_lvl, skl_lvl)
        level[is_exp] = np.array([PL[x] for x in domain.FUNCTIONAL_EXPERT_LEVELS])[exp_lvl[is_exp]]
        level[is_skl] = np.array([PL[x] for x in domain.FUNCTIONAL_SKILL_LEVELS])[skl_lvl[is_skl]]
        level[cat == C_PEL] = PL["pelaksana"]
        # professions
        prof = np.zeros(N, np.int64)
        m = cat == C_HEXP
        prof[m] = _choice(rng, [p for _, p in HEALTH_EXPERT], int(m.sum()))
        m = cat == C_HSKL
        prof[m] = _choice(rng, [p for _, p in HEALTH_SKILLED], int(m.sum()))
        u = rng.random(N)
        sfx_of = e["sfx"]
        # functional titles: a family (profession and ladder) times the level word
        families: list[tuple[str, bool]] = []
        fam_ix: dict[tuple[str, bool], int] = {}

        def fam(prof_name: str, expert: bool) -> int:
            if (prof_name, expert) not in fam_ix:
                fam_ix[(prof_name, expert)] = len(families)
                families.append((prof_name, expert))
            return fam_ix[(prof_name, expert)]

        frow = np.full(N, -1, np.int64)
        frow[cat == C_TEACH] = fam("Guru", True)
        m = cat == C_HEXP
        frow[m] = np.array([fam(p_, True) for p_, _ in HEALTH_EXPERT])[prof[m]]
        m = cat == C_HSKL
        frow[m] = np.array([fam(p_, False) for p_, _ in HEALTH_SKILLED])[prof[m]]
        for si, s in enumerate(SUFFIXES):
            for c, expert, profs in ((C_FEXP, True, EXPERT_PROFS.get(s, EXPERT_PROFS["KEC"])),
                                     (C_FSKL, False, SKILLED_PROFS.get(s, SKILLED_DEFAULT))):
                m = (cat == c) & (sfx_of == si)
                frow[m] = np.array([fam(p_, expert) for p_ in profs])[(u[m] * len(profs)).astype(np.int64)]
        ftab = np.array([[tid(f"{p_} Ahli {w}") for w in EXPERT_WORDS] if expert else
                         [tid(f"{p_} {w}") for w in SKILL_WORDS] for p_, expert in families])
        fun = frow >= 0
        title[fun] = ftab[frow[fun], lvl_ix[fun]]
        m = cat == C_PEL
        grp = np.select([e["edu"] <= EDU_IX["sma"], e["edu"] <= EDU_IX["d3"]], [0, 1], 2)
        tab = np.array([[tid(t) for t in g] for g in PELAKSANA_TITLES])
        title[m] = tab[grp[m], (u[m] * 2).astype(np.int64)]
        # structural
        r = e["r"]
        heads = self.ag_start
        for si, s in enumerate(SUFFIXES):
            m = (role == R_HEAD) & (sfx_of == si)
            title[m] = tid(HEAD_TITLES[s])
            at = np.array([tid(t) for t in ADMIN_TITLES[s]])
            m = (role == R_ADMIN) & (sfx_of == si)
            title[m] = at[(r[m] - 1) % len(at)]
            pt = np.array([tid(t) for t in PENG_TITLES[s]])
            m = (role == R_PENG) & (sfx_of == si)
            title[m] = pt[(r[m] - 1 - self.n_admin[ag[m]]) % len(pt)]
        bk = heads[(self.ag_sfx == SUFFIXES.index("BKPSDM")) & self.ag_is_prov]
        title[bk] = tid("Kepala Badan Kepegawaian Daerah")
        level[role == R_ADMIN] = PL["administrator"]
        level[role == R_PENG] = PL["pengawas"]
        level[role == R_HEAD] = PL["jpt_pratama"]
        kec_head = (role == R_HEAD) & (sfx_of == SUFFIXES.index("KEC"))
        level[kec_head] = PL["administrator"]
        setda = self.ag_sfx == SUFFIXES.index("SETDA")
        prov_sekda = heads[setda & self.ag_is_prov]
        level[prov_sekda] = PL["jpt_madya"]

        # --- leaders among active PNS functional staff: kepala sekolah / kepala puskesmas
        dinkes = SUFFIXES.index("DINKES")
        leader = np.zeros(N, bool)
        lead_kind = np.full(N, -1, np.int8)     # 0 teacher group, 1 puskesmas group
        group_kind = np.where(cat == C_TEACH, 0, np.where(np.isin(cat, (C_HEXP, C_HSKL)) & (sfx_of == dinkes), 1, -1))
        for kind, per, minimum, cand_cats in ((0, 20, 8, (C_TEACH,)), (1, 25, 10, (C_HEXP,))):
            members = group_kind == kind
            size = np.bincount(ag[members], minlength=self.n_ag)
            k_lead = np.where(size >= minimum, np.ceil(size / per), 0).astype(np.int64)
            cand = np.flatnonzero(np.isin(cat, cand_cats) & members & ~pppk & active)
            order = np.lexsort((e["birth"][cand], -rank[cand], ag[cand]))
            cand = cand[order]
            ga = ag[cand]
            first = np.searchsorted(ga, ga, side="left")
            pos = np.arange(len(cand)) - first
            chosen = cand[pos < k_lead[ga]]
            leader[chosen] = True
            lead_kind[chosen] = kind
        for kind, task in ((0, "Kepala Sekolah"), (1, "Kepala Puskesmas")):
            lt = np.array([[tid(f"{titles[t]} ({task})") for t in row] for row in ftab])
            m = leader & (lead_kind == kind)
            title[m] = lt[frow[m], lvl_ix[m]]

        # --- supervisors
        idx = np.arange(N)
        sup = np.full(N, -1, np.int64)
        admins, a_start, a_count = _grouped(ag[role == R_ADMIN], self.n_ag, idx[role == R_ADMIN])
        pengs, p_start, p_count = _grouped(ag[role == R_PENG], self.n_ag, idx[role == R_PENG])
        head_of = heads[ag]
        m = role == R_ADMIN
        sup[m] = head_of[m]
        m = (role == R_PENG) | leader
        pick = _group_pick(rng, ag[m], a_start, a_count, admins)
        sup[m] = np.where(pick >= 0, pick, head_of[m])
        staff = (role == R_STAFF) & ~leader
        for kind in (0, 1):
            lm = leader & (lead_kind == kind)
            lead, l_start, l_count = _grouped(ag[lm], self.n_ag, idx[lm])
            m = staff & (group_kind == kind)
            pick = _group_pick(rng, ag[m], l_start, l_count, lead)
            sup[np.flatnonzero(m)[pick >= 0]] = pick[pick >= 0]
        m = staff & (sup < 0)
        pick = _group_pick(rng, ag[m], p_start, p_count, pengs)
        pick2 = _group_pick(rng, ag[m], a_start, a_count, admins)
        sup[m] = np.where(pick >= 0, pick, np.where(pick2 >= 0, pick2, head_of[m]))
        sup[role == R_HEAD] = -1
        # a supervisor of lower rank than the employee: an administrator, else the head
        pr = e["pns_rank"]
        for fallback in (admins, None):
            bad = (sup >= 0) & (pr >= 0) & (pr[np.maximum(sup, 0)] >= 0) & (pr > pr[np.maximum(sup, 0)]) & (
                role != R_HEAD) & (role != R_ADMIN)
            if not bad.any():
                break
            if fallback is not None:
                pick = _group_pick(rng, ag[bad], a_start, a_count, admins)
                sup[bad] = np.where(pick >= 0, pick, head_of[bad])
            else:
                sup[bad] = head_of[bad]
        sup[sup == idx] = -1
        e["sup"] = sup
        e["leader"] = leader
        e["level"] = level
        e["title"] = title
        self.titles = titles

        # --- position since and position promotions
        pos_rows = []  # (emp, day, from_level, to_level, title)
        pos_since = e["cpns_d"].copy()
        # functional PNS: level changes along the rank ladder
        P, D, FR, TR = lad["P"], lad["D"], lad["FR"], lad["TR"]
        catP = cat[P]
        expP, sklP = np.isin(catP, EXPERT_CATS), np.isin(catP, SKILL_CATS)

        lv_exp = np.array([0] * 10 + [1, 1, 2, 2, 2, 3, 3], np.int8)   # PNS rank order -> ahli level
        lv_skl = np.array([0] * 5 + [1, 1, 1, 2, 2] + [3] * 7, np.int8)  # -> terampil ladder level
        exp2 = expP[:, None]
        lf = np.where(exp2, lv_exp[FR], lv_skl[FR])
        lt_ = np.where(exp2, lv_exp[TR], lv_skl[TR])
        change = (D >= 0) & (expP | sklP)[:, None] & (lt_ > lf)
        last_change = np.where(change, D, -1).max(1)
        fstart = np.minimum(e["cpns_m"][P] + 12, self.asof_m)
        since_m = np.maximum(fstart, last_change)
        fun = expP | sklP
        pos_since[P[fun]] = _mstart(since_m[fun])
        ii, kk = np.nonzero(change & (D >= M2019))
        if len(ii):
            emp = P[ii]
            expert = expP[ii]
            fl = np.where(expert, np.array([PL[x] for x in domain.FUNCTIONAL_EXPERT_LEVELS])[lf[ii, kk]],
                          np.array([PL[x] for x in domain.FUNCTIONAL_SKILL_LEVELS])[lf[ii, kk]])
            tl = np.where(expert, np.array([PL[x] for x in domain.FUNCTIONAL_EXPERT_LEVELS])[lt_[ii, kk]],
                          np.array([PL[x] for x in domain.FUNCTIONAL_SKILL_LEVELS])[lt_[ii, kk]])
            ttl = ftab[frow[emp], lt_[ii, kk]]
            pos_rows.append((emp, _mstart(D[ii, kk]), fl, tl, ttl))
        # structural careers: pelaksana -> pengawas (>= 4 y) -> administrator (>= 3 y) -> jpt_pratama (>= 2 y)
        # titles of earlier posts: one of the agency's own pengawas / administrator posts
        width = max(len(t) for t in list(PENG_TITLES.values()) + list(ADMIN_TITLES.values()))
        past = np.array([[[tid(t[i % len(t)]) for i in range(width)] for t in (PENG_TITLES[s_], ADMIN_TITLES[s_])]
                         for s_ in SUFFIXES])  # suffix x (pengawas, administrator) x choice
        past_pick = rng.integers(0, width, (N, 2))
        asisten = tid("Asisten Pemerintahan dan Kesejahteraan Rakyat")
        L = [PL["pelaksana"], PL["pengawas"], PL["administrator"], PL["jpt_pratama"], PL["jpt_madya"]]
        cases = [
            ((role == R_PENG), [48], 96),
            ((role == R_ADMIN) | kec_head, [48, 36], 96),
            ((role == R_HEAD) & ~kec_head & (level != PL["jpt_madya"]), [48, 36, 24], 60),
            ((role == R_HEAD) & (level == PL["jpt_madya"]), [48, 36, 24, 24], 48),
        ]
        for mask, mins, recent in cases:
            emp = np.flatnonzero(mask)
            if not len(emp):
                continue
            k = len(mins)
            cm = e["cpns_m"][emp]
            top = self.asof_m - rng.integers(1, recent + 1, len(emp))
            top = np.clip(top, cm + sum(mins), self.asof_m - 1)
            slack = np.maximum(top - cm - sum(mins), 0)
            fr = rng.dirichlet(np.ones(k + 1), len(emp))[:, :k]
            dur = np.array(mins)[None, :] + np.floor(fr * slack[:, None]).astype(np.int64)
            trans = cm[:, None] + np.cumsum(dur, axis=1)
            trans[:, -1] = top  # the current post; earlier ones keep their minimum tenure
            dd = rng.integers(0, 28, len(emp))
            days = _mstart(trans) + dd[:, None]
            pos_since[emp] = days[:, -1]
            for j in range(k):
                vis = days[:, j] >= int(FIRST_PROMOTION_DAY.astype(np.int64))
                if not vis.any():
                    continue
                if j == k - 1:
                    ttl = title[emp]
                elif j < 2:
                    ttl = past[sfx_of[emp], j, past_pick[emp, j]]
                else:
                    ttl = np.full(len(emp), asisten)
                pos_rows.append((emp[vis], days[vis, j], np.full(int(vis.sum()), L[j]),
                                 np.full(int(vis.sum()), L[j + 1]), ttl[vis]))
        e["pos_since"] = np.minimum(np.maximum(pos_since, e["cpns_d"]), self.asof_d)
        self.pos_rows = pos_rows

    # ------------------------------------------------------------------ NIPs and names
    def nips(self) -> None:
        e = self.emp
        b = e["birth"].astype("datetime64[D]")
        ymd = (b.astype("datetime64[Y]").astype(np.int64) + 1970) * 10000 + \
              (b.astype("datetime64[M]").astype(np.int64) % 12 + 1) * 100 + \
              (b - b.astype("datetime64[M]").astype("datetime64[D]")).astype(np.int64) + 1
        g = np.where(e["female"], 2, 1)
        cm = e["cpns_m"]
        mid_pns = (1970 + cm // 12) * 100 + cm % 12 + 1
        mid_pppk = (1970 + cm // 12) * 100 + 21
        base = ymd * 10 ** 10 + np.where(e["pppk"], mid_pppk, mid_pns) * 10 ** 4 + g * 1000
        order = np.argsort(base, kind="stable")
        sb = base[order]
        first = np.searchsorted(sb, sb, side="left")
        seq = np.empty(len(base), np.int64)
        seq[order] = np.arange(len(base)) - first + 1
        if seq.max() > 999:
            raise RuntimeError("NIP sequence overflow")
        e["nip"] = base + seq
        self.nip_str = _nips(e["nip"])

    def names(self) -> None:
        rng, e, N = self.rng_name, self.emp, self.N
        vocab: list[str] = []
        vix: dict[str, int] = {}

        def ids(words) -> np.ndarray:
            out = []
            for w in words:
                if w not in vix:
                    vix[w] = len(vocab)
                    vocab.append(w)
                out.append(vix[w])
            return np.array(out, np.int64)

        pools = {p: dict(m=ids(d["m"]), f=ids(d["f"]), lm=ids(d["lm"]), lf=ids(d["lf"] or d["lm"]),
                         pm=ids(d["pm"]), pf=ids(d["pf"]), pp=d["pp"], mid=d["mid"], last=d["last"])
                 for p, d in NAME_POOLS.items()}
        prov = np.array(self.ag_prov)[e["ag"]]
        pool = np.zeros(N, np.int64)
        u = rng.random(N)
        for p in np.unique(prov):
            m = prov == p
            mix = PROVINCE_POOLS.get(str(p), _MELAYU)
            names_ = list(mix)
            cum = np.cumsum([mix[k] for k in names_])
            cum /= cum[-1]
            pick = np.minimum(np.searchsorted(cum, u[m], side="right"), len(names_) - 1)
            pool[m] = np.array([POOL_NAMES.index(k) for k in names_])[pick]
        pre = np.full(N, -1, np.int64)
        first = np.zeros(N, np.int64)
        mid = np.full(N, -1, np.int64)
        last = np.full(N, -1, np.int64)
        fem = e["female"]
        for pi, pname in enumerate(POOL_NAMES):
            d = pools[pname]
            for is_f in (False, True):
                m = np.flatnonzero((pool == pi) & (fem == is_f))
                if not len(m):
                    continue
                given = d["f"] if is_f else d["m"]
                lasts = d["lf"] if is_f else d["lm"]
                prefs = d["pf"] if is_f else d["pm"]
                k = len(m)
                first[m] = given[rng.integers(0, len(given), k)]
                if len(prefs):
                    has = rng.random(k) < d["pp"]
                    pre[m[has]] = prefs[rng.integers(0, len(prefs), int(has.sum()))]
                has_mid = rng.random(k) < d["mid"]
                mids = given[rng.integers(0, len(given), k)]
                has_mid &= mids != first[m]
                mid[m[has_mid]] = mids[has_mid]
                has_last = rng.random(k) < d["last"]
                last[m[has_last]] = lasts[rng.integers(0, len(lasts), int(has_last.sum()))]
        # single-word names are kept (Javanese style); the favouritism approver and his relatives
        if self.fav_ag >= 0:
            fam = ids([FAVOURITISM_FAMILY_NAME])[0]
            h = self.ag_start[self.fav_ag]
            fn, ln = FAVOURITISM_HEAD_NAME.split(" ", 1)
            pre[h], first[h], mid[h], last[h] = -1, ids([fn])[0], -1, ids([ln])[0]
            rel = self.fav_relatives
            last[rel] = fam
            first[rel] = np.where(fem[rel], ids(["Sri"])[0], ids(["Dwi"])[0])
            mid[rel] = -1
            pre[rel] = -1
        V = pa.array(vocab, pa.string())

        def col(a):
            return pc.take(V, pa.array(a, mask=a < 0))

        self.name_str = pc.binary_join_element_wise(col(pre), col(first), col(mid), col(last), " ",
                                                    null_handling="skip")

    # ------------------------------------------------------------------ promotions
    def promotions(self) -> None:
        rng, e, lad = self.rng_pos, self.emp, self.lad
        P, D, PD, FR, TR, KD = lad["P"], lad["D"], lad["PD"], lad["FR"], lad["TR"], lad["KD"]
        ii, kk = np.nonzero(D >= M2019)
        kinds = np.array(["rank_regular", "rank_choice", "rank_education", "position"])
        rk = dict(emp=P[ii], day=PD[ii, kk], kind=KD[ii, kk].astype(np.int64),
                  fr=FR[ii, kk].astype(np.int64), to=TR[ii, kk].astype(np.int64),
                  fl=np.full(len(ii), -1, np.int64), tl=np.full(len(ii), -1, np.int64),
                  title=np.full(len(ii), -1, np.int64))
        rk["planted"] = lad["IR"][ii, kk].astype(np.int64)
        parts = [rk]
        for emp, day, fl, tl, ttl in self.pos_rows:
            n = len(emp)
            parts.append(dict(emp=emp, day=np.asarray(day, np.int64), kind=np.full(n, 3, np.int64),
                              fr=np.full(n, -1, np.int64), to=np.full(n, -1, np.int64),
                              fl=np.asarray(fl, np.int64), tl=np.asarray(tl, np.int64),
                              title=np.asarray(ttl, np.int64), planted=np.zeros(n, np.int64)))
        pr = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
        ok = (pr["day"] >= int(FIRST_PROMOTION_DAY.astype(np.int64))) & (pr["day"] <= self.asof_d)
        pr = {k: v[ok] for k, v in pr.items()}
        order = np.lexsort((pr["kind"], pr["emp"], pr["day"]))
        pr = {k: v[order] for k, v in pr.items()}
        # approver: agency head; for a head the Sekretaris Daerah of the region; none for the Sekda
        ag = e["ag"][pr["emp"]]
        heads = self.ag_start
        setda_of_unit = {}
        for i, a in enumerate(self.ag):
            if a["sfx"] == "SETDA":
                setda_of_unit[a["unit"]] = i
        setda = np.array([setda_of_unit[u] for u in self.ag_unit])
        approver = heads[ag]
        is_head = pr["emp"] == approver
        approver = np.where(is_head, heads[setda[ag]], approver)
        approver = np.where(approver == pr["emp"], -1, approver)
        pr["approver"] = approver
        pr["ag"] = ag
        # decree: a few weeks before the effective date, numbered per region unit and year
        ddate = pr["day"] - np.where(pr["kind"] == 3, rng.integers(3, 15, len(ag)), rng.integers(14, 50, len(ag)))
        dyear = _day_year(ddate)
        unit = self.ag_unit[ag]
        key = unit.astype(np.int64) * 10000 + dyear
        o = np.lexsort((ddate, key))
        ks = key[o]
        firsts = np.searchsorted(ks, ks, side="left")
        dseq = np.empty(len(ag), np.int64)
        dseq[o] = np.arange(len(ag)) - firsts + 1
        pr["ddate"], pr["dyear"], pr["dseq"] = ddate, dyear, dseq
        year = _day_year(pr["day"])
        yfirst = np.searchsorted(year, year, side="left")  # sorted by day, so by year
        pr["seq"] = np.arange(len(year)) - yfirst + 1
        pr["year"] = year
        self.pr = pr
        self.pr_kinds = kinds
        # (e) favouritism: promotees 2024+ in the agency; many had a rating below baik or none the year before
        self.fav_bad = {}
        self.fav_missing = {}
        self.fav_relatives = np.zeros(0, np.int64)
        if self.fav_ag >= 0:
            m = (ag == self.fav_ag) & (pr["kind"] <= 2) & (year >= FIRST_APPRAISAL_YEAR + 1) & (approver >= 0)
            emps, first_ix = np.unique(pr["emp"][m], return_index=True)
            yrs = year[m][first_ix]
            sel = rng.random(len(emps)) < 0.6
            emps, yrs = emps[sel], yrs[sel]
            miss = rng.random(len(emps)) < 0.3
            self.fav_bad = dict(zip(emps[~miss].tolist(), (yrs[~miss] - 1).tolist()))
            self.fav_missing = dict(zip(emps[miss].tolist(), (yrs[miss] - 1).tolist()))
            n_rel = min(max(3, int(round(len(emps) * 0.35))), 12, len(emps))
            self.fav_relatives = np.sort(rng.choice(emps, n_rel, replace=False)) if n_rel else emps[:0]
        # years in which a promotee's annual rating must be at least baik (regular promotions need it)
        good = np.zeros(self.N, np.int64)
        rank_rows = pr["kind"] <= 2
        for back in (1, 2):
            y = year[rank_rows] - back
            okk = (y >= FIRST_APPRAISAL_YEAR) & (y < FIRST_APPRAISAL_YEAR + 40)
            np.bitwise_or.at(good, pr["emp"][rank_rows][okk], (1 << (y[okk] - FIRST_APPRAISAL_YEAR)).astype(np.int64))
        for emp_, y in list(self.fav_bad.items()) + list(self.fav_missing.items()):
            good[emp_] &= ~(1 << (y - FIRST_APPRAISAL_YEAR))
        self.must_good = good

    def write_promotions(self, out: _CsvOut) -> None:
        pr = self.pr
        n = len(pr["emp"])
        isrank = pr["kind"] <= 2
        rank_labels = list(domain.PNS_RANKS)
        pos_labels = list(domain.POSITION_LEVELS)
        unit_bkd = {}
        for a in self.ag:
            if a["sfx"] == "BKPSDM":
                unit_bkd[a["unit"]] = a["short"]
        bkd_names = sorted(set(unit_bkd.values()))
        bkd_ix = np.array([bkd_names.index(unit_bkd[u]) for u in self.ag_unit])[pr["ag"]]
        code = np.where(isrank, 0, 1)
        decree = pc.binary_join_element_wise(
            _strings(["800.1.3", "800.1.5"], code), _padded(pr["dseq"], 4), _strings(bkd_names, bkd_ix),
            pa.array(pr["dyear"]).cast(pa.string()), "/")
        out.write({
            "promotion_id": pc.binary_join_element_wise("KP", pa.array(pr["year"]).cast(pa.string()),
                                                        _padded(pr["seq"], 7), "-"),
            "nip": pc.take(self.nip_str, pa.array(pr["emp"])),
            "kind": _strings(self.pr_kinds, pr["kind"]),
            "effective_date": _dates(pr["day"]),
            "from_rank": _strings(rank_labels, np.maximum(pr["fr"], 0), ~isrank),
            "to_rank": _strings(rank_labels, np.maximum(pr["to"], 0), ~isrank),
            "from_position_level": _strings(pos_labels, np.maximum(pr["fl"], 0), isrank),
            "to_position_level": _strings(pos_labels, np.maximum(pr["tl"], 0), isrank),
            "position_title": _strings(self.titles, np.maximum(pr["title"], 0), pr["title"] < 0),
            "agency_code": _strings(self.ag_code, pr["ag"]),
            "approver_nip": pc.take(self.nip_str, pa.array(np.maximum(pr["approver"], 0), mask=pr["approver"] < 0)),
            "decree_number": decree,
            "decree_date": _dates(pr["ddate"]),
        })
        self.n_rows["promotions"] = n

    # ------------------------------------------------------------------ employees file
    def write_employees(self, out: _CsvOut) -> None:
        e = self.emp
        sup = e["sup"]
        out.write({
            "nip": self.nip_str,
            "name": self.name_str,
            "gender": _strings(["M", "F"], e["female"].astype(np.int64)),
            "birth_date": _dates(e["birth"]),
            "cpns_date": _dates(e["cpns_d"]),
            "employment_type": _strings(["pns", "pppk"], e["pppk"].astype(np.int64)),
            "education": _strings(EDU, e["edu"]),
            "agency_code": _strings(self.ag_code, e["ag"]),
            "rank": _strings(ALL_RANK_LABELS, e["rank_ix"]),
            "rank_since": _dates(e["rank_since"]),
            "position_level": _strings(domain.POSITION_LEVELS, e["level"]),
            "position_title": _strings(self.titles, e["title"]),
            "position_since": _dates(e["pos_since"]),
            "supervisor_nip": pc.take(self.nip_str, pa.array(np.maximum(sup, 0), mask=sup < 0)),
            "status": _strings(domain.EMPLOYEE_STATUSES, e["status"]),
        })
        self.n_rows["employees"] = self.N

    def write_agencies(self, out: _CsvOut, out_r: _CsvOut) -> None:
        for a in self.ag:
            if a["region"] not in self.region_codes:
                raise RuntimeError(f"unknown region {a['region']}")
        out.write({
            "agency_code": pa.array(self.ag_code), "name": pa.array([a["name"] for a in self.ag]),
            "short_name": pa.array([a["short"] for a in self.ag]), "region_code": pa.array(self.ag_region),
            "kind": pa.array([a["kind"] for a in self.ag]),
        })
        # organisation ratings: lenient agencies are more often "istimewa"
        rng = self.rng_rat
        years = [y for y in range(FIRST_RATING_YEAR, self.as_of.year + 1) if datetime.date(y, 12, 31) <= self.as_of]
        n = self.n_ag
        ag = np.repeat(np.arange(n), len(years))
        yr = np.tile(np.array(years, np.int64), n)
        p_ist = np.where(self.lenient_ag[ag], 0.5, 0.1)
        u = rng.random(len(ag))
        rating = np.select([u < p_ist, u < p_ist + 0.05, u < p_ist + 0.06], [0, 2, 3], 1)
        out_r.write({"agency_code": _strings(self.ag_code, ag), "year": pa.array(yr),
                     "org_rating": _strings(domain.ORG_RATINGS, rating)})
        self.n_rows["agencies"] = n
        self.n_rows["agency_ratings"] = len(ag)

    # ------------------------------------------------------------------ appraisals
    def rater_setup(self) -> None:
        rng, e, N = self.rng_app, self.emp, self.N
        sup = e["sup"]
        n_app = np.bincount(sup[sup >= 0], minlength=N)
        special = np.array([self.fav_ag, self.gap_ag])
        ok_ag = np.ones(self.n_ag, bool)
        ok_ag[special[special >= 0]] = False
        evaluators = np.flatnonzero((n_app >= 5) & ok_ag[e["ag"]] & (e["role"] != R_HEAD))
        # uniform evaluators: the one with most appraisees in each of the named regions
        region_of = np.array(self.ag_region)
        uniform = []
        for reg in UNIFORM_EVALUATOR_REGIONS:
            ev_reg = region_of[e["ag"][evaluators]]
            cand = evaluators[(ev_reg == reg) | np.char.startswith(ev_reg.astype(str), reg + ".")]
            if len(cand):
                uniform.append(int(cand[np.argmax(n_app[cand])]))
        self.uniform_eval = np.array(uniform, np.int64)
        ok_ag[e["ag"][self.uniform_eval]] = False
        big = self.ag_n >= 5
        self.lenient_ag = (rng.random(self.n_ag) < 0.15) & ok_ag & big
        self.ag_shift = np.where(self.lenient_ag, 2.0, rng.normal(0, 0.15, self.n_ag))
        # lenient and harsh raters: in ordinary agencies, rating at most 12 % of the agency's staff (so that
        # they stand out against the agency's mean: z beyond +-1.5 in METRICS.md §1)
        ev_ag = e["ag"][evaluators]
        rest = evaluators[~np.isin(evaluators, self.uniform_eval) & ~self.lenient_ag[ev_ag]
                          & (n_app[evaluators] <= 0.12 * self.ag_n[ev_ag])]
        u = rng.random(len(rest))
        if len(rest) >= 10:  # at least two of each
            u[rng.choice(len(rest), 4, replace=False)] = [0.0, 0.01, 0.06, 0.07]
        self.lenient_eval = rest[u < 0.05]
        self.harsh_eval = rest[(u >= 0.05) & (u < 0.09)]
        rshift_w = np.zeros(N)
        rshift_b = np.zeros(N)
        rshift_w[self.lenient_eval], rshift_b[self.lenient_eval] = 3.2, 2.6
        rshift_w[self.harsh_eval], rshift_b[self.harsh_eval] = -2.6, -1.0
        has = sup >= 0
        self.shift_w = self.ag_shift[e["ag"]] + np.where(has, rshift_w[np.maximum(sup, 0)], 0)
        self.shift_b = self.ag_shift[e["ag"]] * 0.9 + np.where(has, rshift_b[np.maximum(sup, 0)], 0)
        self.uniform_appraisee = has & np.isin(sup, self.uniform_eval)
        self.z_w = rng.normal(0, 1, N).astype(np.float32)
        self.z_b = (0.6 * self.z_w + 0.8 * rng.normal(0, 1, N)).astype(np.float32)

    def write_appraisals(self, out: _CsvOut) -> None:
        e, N = self.emp, self.N
        start_d = e["cpns_d"]
        end_d = np.where(e["end_m"] < 10 ** 6, _mstart(np.minimum(e["end_m"], 10 ** 5)), 10 ** 7)
        sup = e["sup"]
        eval_str = pc.take(self.nip_str, pa.array(np.maximum(sup, 0), mask=sup < 0))
        periods = []
        for y in range(FIRST_APPRAISAL_YEAR, self.as_of.year + 1):
            for q in range(1, 5):
                q_end = _dnum(datetime.date(y, 3 * q, 1)) + (31 if q in (1, 4) else 30) - 1
                if q_end <= self.asof_d:
                    periods.append((y, f"Q{q}", _dnum(datetime.date(y, 3 * q - 2, 1)), q_end))
            y_end = _dnum(datetime.date(y, 12, 31))
            if y_end <= self.asof_d:
                periods.append((y, "Y", _dnum(datetime.date(y, 1, 1)), y_end))
        seeds = self.app_seed.spawn(len(periods))
        acc_w = np.zeros(N, np.float32)
        acc_b = np.zeros(N, np.float32)
        acc_n = np.zeros(N, np.int8)
        fav_bad = np.zeros(N, np.int64)
        for k, v in self.fav_bad.items():
            fav_bad[k] = v
        fav_miss = np.zeros(N, np.int64)
        for k, v in self.fav_missing.items():
            fav_miss[k] = v
        total = 0
        wr_codes, rt_codes = list(domain.EXPECTATIONS), list(domain.RATINGS)
        matrix = np.array([[rt_codes.index(domain.RATING_MATRIX[(w, b)]) for b in wr_codes] for w in wr_codes])
        TA, TBW, TBB = 0.52, -1.48, -2.05
        for (y, per, _p_start, p_end), ss in zip(periods, seeds):
            rng = np.random.default_rng(ss)
            annual = per == "Y"
            if per == "Q1":
                acc_w[:], acc_b[:], acc_n[:] = 0, 0, 0
            lim = _dnum(datetime.date(y, 9, 30)) if annual else p_end - 30
            idx = np.flatnonzero((start_d <= lim) & (end_d > p_end))
            if annual:
                idx = idx[fav_miss[idx] != y]
            n = len(idx)
            if annual:
                cnt = acc_n[idx].astype(np.float64)
                ew = np.where(cnt > 0, acc_w[idx] / np.sqrt(np.maximum(cnt, 1)), rng.normal(0, 1, n))
                eb = np.where(cnt > 0, acc_b[idx] / np.sqrt(np.maximum(cnt, 1)), rng.normal(0, 1, n))
            else:
                ew = rng.normal(0, 1, n)
                eb = 0.3 * ew + 0.95 * rng.normal(0, 1, n)
                acc_w[idx] += ew
                acc_b[idx] += eb
                acc_n[idx] += 1
            sw = 0.8 * self.z_w[idx] + 0.6 * ew + self.shift_w[idx]
            sb = 0.8 * self.z_b[idx] + 0.6 * eb + self.shift_b[idx]
            bad = fav_bad[idx] == y
            sw = np.where(bad, sw - (2.2 if annual else 1.2), sw)
            wr = np.select([sw > TA, sw < TBW], [0, 2], 1)
            bh = np.select([sb > TA, sb < TBB], [0, 2], 1)
            uni = self.uniform_appraisee[idx]
            wr[uni], bh[uni] = 1, 1
            if annual:
                if bad.any():
                    kurang = bad & (rng.random(n) < 0.3)
                    wr[bad] = np.where(kurang[bad], 1, 2)
                    bh[bad] = np.where(kurang[bad], 2, 1)
                must = ((self.must_good[idx] >> (y - FIRST_APPRAISAL_YEAR)) & 1).astype(bool) & ~bad
                low = must & (matrix[wr, bh] >= 2)
                wr[low], bh[low] = 1, 1
            rating = matrix[wr, bh]
            q = 0.7 * sw + 0.3 * sb
            center = np.array([110.0, 95.0, 76.0, 62.0, 45.0])[rating]
            qc = np.array([1.6, 0.0, -1.9, -0.5, -2.3])[rating]
            lo = np.array([104.5, 85.0, 65.0, 50.0, 30.0])[rating]
            hi = np.array([120.0, 104.4, 84.9, 69.9, 54.9])[rating]
            score = np.clip(center + 5.5 * (q - qc) + rng.normal(0, 2.0, n), lo, hi)
            score = np.round(score, 1)
            self_s = np.clip(score + rng.normal(5.5, 4.0, n), 0, 120)
            self_s[rng.random(n) < 0.12] = np.nan
            peer = np.clip(score + rng.normal(0, 5.0, n), 0, 120)
            peer[rng.random(n) < 0.2] = np.nan
            ontime = np.clip(np.array([93.0, 86, 72, 78, 60])[rating] + rng.normal(0, 6, n), 0, 100)
            ontime[rng.random(n) < 0.05] = np.nan
            service = np.clip(np.array([90.0, 82, 68, 70, 55])[rating] + rng.normal(0, 7, n), 0, 100)
            service[rng.random(n) < 0.08] = np.nan
            hrs_mean = np.array([10.0, 7.0, 4.0, 3.0, 2.0])[rating] * (4 if annual else 1)
            hours = rng.gamma(2.0, hrs_mean / 2.0)
            hours[rng.random(n) < 0.05] = np.nan
            out.write({
                "nip": pc.take(self.nip_str, pa.array(idx)),
                "year": pa.array(np.full(n, y, np.int64)),
                "period": _strings([per], np.zeros(n, np.int64)),
                "work_result": _strings(wr_codes, wr),
                "behaviour": _strings(wr_codes, bh),
                "rating": _strings(rt_codes, rating),
                "score": _decimals(score),
                "self_score": _decimals(self_s),
                "peer_score": _decimals(peer),
                "evaluator_nip": pc.take(eval_str, pa.array(idx)),
                "on_time_pct": _decimals(ontime),
                "service_quality": _decimals(service),
                "training_hours": _decimals(hours),
            })
            total += n
        self.n_rows["appraisals"] = total

    # ------------------------------------------------------------------ complaints
    def write_complaints(self, out: _CsvOut) -> None:
        rng, e = self.rng_cmp, self.emp
        first = int(FIRST_COMPLAINT_DAY.astype(np.int64))
        if self.asof_d < first:
            self.n_rows["complaints"] = 0
            return
        days = np.arange(first, self.asof_d + 1)
        dd = days.astype("datetime64[D]")
        workday = np.is_busday(dd, holidays=self.holidays)
        month = _day_month(days) % 12
        season = np.array([1.1, 1.0, 1.0, .95, 1.0, 1.05, 1.15, 1.0, 1.0, 1.0, 1.0, .9])[month]
        trend = 1 + 0.1 * (days - first) / 365.25
        dw = np.where(workday, 1.0, 0.33) * season * trend
        years_span = len(days) / 365.25
        total = self.N * 0.4 * years_span
        w = self.ag_exposure * self.ag_n
        lam = total * w / w.sum()
        counts = rng.poisson(lam)
        ag = np.repeat(np.arange(self.n_ag), counts)
        n = len(ag)
        day = days[_choice(rng, dw, n)]
        work = np.is_busday(day.astype("datetime64[D]"), holidays=self.holidays)
        office = rng.random(n) < 0.85
        hour = np.where(work, np.where(office, np.clip(rng.normal(10.5, 2.2, n), 7.0, 17.5),
                                       rng.uniform(17.5, 23.0, n)), rng.uniform(6.0, 23.0, n))
        recv = day * 86400 + (hour * 3600).astype(np.int64) + rng.integers(0, 60, n)
        o = np.lexsort((ag, recv))
        ag, day, recv = ag[o], day[o], recv[o]
        sfx = self.ag_sfx[ag]
        cat = np.zeros(n, np.int64)
        u = rng.random(n)
        for si, s in enumerate(SUFFIXES):
            m = sfx == si
            cum = np.cumsum(OPDS[s]["cat"])
            cat[m] = np.minimum(np.searchsorted(cum / cum[-1], u[m], side="right"), len(CATEGORIES) - 1)
        channel = _choice(rng, (.52, .16, .08, .03, .04, .13, .02, .02), n)
        sev = _choice(rng, (.25, .58, .14, .03), n)
        target = np.array([2, 5, 14, 60])[sev]
        slow = np.exp(rng.normal(0, 0.35, self.n_ag))[ag]
        dday = day.astype("datetime64[D]")

        def stage(wd, prev_s):
            d = np.busday_offset(dday, wd, roll="forward", holidays=self.holidays).astype(np.int64)
            t = d * 86400 + (rng.uniform(8.0, 16.0, n) * 3600).astype(np.int64)
            return np.maximum(t, prev_s + rng.integers(300, 7200, n))

        # working days from receipt: resolution by severity target (some breaches), first response and
        # verification not after it
        s_wd = np.round(target * slow * np.exp(rng.normal(np.log(0.55), 0.55, n))).astype(np.int64)
        r_wd = np.minimum(s_wd, np.round(np.exp(rng.normal(np.log(2.8 * slow), 0.85))).astype(np.int64))
        v_wd = np.array([0, 1, 2, 3, 4, 5, 6, 8])[_choice(rng, (.30, .30, .17, .10, .05, .04, .02, .02), n)]
        v_wd = np.minimum(v_wd, r_wd)
        ver = stage(v_wd, recv)
        resp = stage(r_wd, ver)
        res = stage(s_wd, resp)
        end = self.asof_end_s
        has_v, has_r, has_s = ver <= end, resp <= end, res <= end
        rejected = rng.random(n) < 0.15
        has_r &= ~rejected
        has_s &= ~rejected
        has_r &= has_v
        has_s &= has_r
        # status: 0 received 1 verified 2 in_progress 3 resolved 4 closed 5 rejected
        closed = has_s & (res < end - 10 * 86400) & (rng.random(n) < 0.55)
        status = np.select([rejected, closed, has_s, has_r, has_v], [5, 4, 3, 2, 1], 0)
        breached = np.busday_count(dday, res.astype("datetime64[s]").astype("datetime64[D]"),
                                                   holidays=self.holidays) > target
        rated = has_s & (rng.random(n) < 0.5)
        sat = np.where(breached, _choice(rng, (.15, .30, .40, .15), n), _choice(rng, (.03, .09, .48, .40), n)) + 1
        # handler: an active employee of the agency other than its head (once verified)
        idx = np.arange(self.N)
        act = (e["status"] == 0) & (e["role"] != R_HEAD)
        members, h_start, h_count = _grouped(e["ag"][act], self.n_ag, idx[act])
        handler = _group_pick(rng, ag, h_start, h_count, members)
        handler = np.where(has_v, handler, -1)
        no_region = rng.random(n) < 0.05
        year = _day_year(day)
        yfirst = np.searchsorted(year, year, side="left")
        seq = np.arange(n) - yfirst + 1
        width = max(6, len(str(int(seq.max()) if n else 1)))
        out.write({
            "complaint_id": pc.binary_join_element_wise("LPR", pa.array(year).cast(pa.string()),
                                                        _padded(seq, width), "-"),
            "agency_code": _strings(self.ag_code, ag),
            "region_code": _strings(self.ag_region, ag, no_region),
            "channel": _strings(domain.CHANNELS, channel),
            "category": _strings(CATEGORIES, cat),
            "severity": _strings(domain.SEVERITIES, sev),
            "received_at": _stamps(recv),
            "verified_at": _stamps(ver, ~has_v),
            "first_response_at": _stamps(resp, ~has_r),
            "resolved_at": _stamps(res, ~has_s),
            "status": _strings(domain.COMPLAINT_STATUSES, status),
            "satisfaction": _ints(sat, ~rated),
            "handler_nip": pc.take(self.nip_str, pa.array(np.maximum(handler, 0), mask=handler < 0)),
        })
        self.n_rows["complaints"] = n

    # ------------------------------------------------------------------ run
    def run(self, out_dir: pathlib.Path) -> dict[str, pathlib.Path]:
        self.n_rows = {}
        self.agencies()
        self.employees()
        self.ladder()
        self.positions()
        self.nips()
        self.promotions()
        self.names()
        self.rater_setup()
        paths = {name: out_dir / f"{name}.csv" for name in LOAD_ORDER}
        outs = {name: _CsvOut(paths[name], COLUMNS[name]) for name in LOAD_ORDER}
        try:
            self.write_agencies(outs["agencies"], outs["agency_ratings"])
            self.write_employees(outs["employees"])
            self.write_appraisals(outs["appraisals"])
            self.write_complaints(outs["complaints"])
            self.write_promotions(outs["promotions"])
        finally:
            for o in outs.values():
                o.close()
        return paths


def generate_demo_csvs(out_dir: pathlib.Path, *, employees: int = 2000, seed: int = 42,
                       as_of: datetime.date = datetime.date(2026, 9, 30)) -> dict[str, pathlib.Path]:
    """Write the six demo CSV files into out_dir; return {dataset: path} in load order."""
    out_dir = pathlib.Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    return _Demo(employees, seed, as_of).run(out_dir)
