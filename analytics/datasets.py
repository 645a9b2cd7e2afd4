"""The datasets of CONTRACT.md §1: columns, types, Indonesian headers, enumerations and keys.

This is the single description of the contract; the schema (db.py), the loader (loader.py),
the templates and the upload page's column lists are all generated from it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from analytics import domain
from analytics.catalogue import t

# Column kinds: how a raw text cell is parsed and which SQL type it is stored as.
SQL_TYPES = {
    "text": "VARCHAR", "nip": "VARCHAR", "region": "VARCHAR", "rank": "VARCHAR", "enum": "VARCHAR",
    "int": "INTEGER", "decimal": "DOUBLE", "date": "DATE", "timestamp": "TIMESTAMP",
}


def norm_label(value: str) -> str:
    """Normalise an enumeration label: case-insensitive, spaces, hyphens and underscores alike."""
    v = re.sub(r"[\s_\-]+", "_", value.strip().lower())
    return re.sub(r"[!.]", "", v).strip("_")


def norm_label_sql(expr: str) -> str:
    """norm_label in SQL, over the text expression `expr` (an identifier of the calling code, never input)."""
    return (f"trim(regexp_replace(regexp_replace(lower(trim({expr})), '[\\s_\\-]+', '_', 'g'), "
            f"'[!.]', '', 'g'), '_')")


def sql_literal(value: str) -> str:
    """A SQL string literal for a value of the contract or of the code's own tables (never from a file)."""
    return "'" + value.replace("'", "''") + "'"


def norm_header(value: str) -> str:
    """Normalise a header: case, spaces, hyphens and underscores ignored."""
    return re.sub(r"[\s_\-]+", "", value.strip().lower())


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    required: bool = True
    header_id: str | None = None  # the Indonesian header of the contract
    aliases: tuple[str, ...] = ()  # further accepted headers
    enum: dict[str, tuple[str, ...]] | None = None  # code -> accepted labels
    min: float | None = None
    max: float | None = None
    description_id: str = ""
    description_en: str = ""
    since: int = 1  # the schema version (db.MIGRATIONS) that added the column

    @property
    def sql_type(self) -> str:
        return SQL_TYPES[self.kind]

    def headers(self) -> set[str]:
        names = {self.name, *(self.aliases)}
        if self.header_id:
            names.add(self.header_id)
        return {norm_header(n) for n in names}

    def enum_map(self) -> dict[str, str]:
        """Normalised label -> code."""
        out: dict[str, str] = {}
        for code, labels in (self.enum or {}).items():
            for label in (code, *labels):
                out[norm_label(label)] = code
        return out


@dataclass(frozen=True)
class Dataset:
    name: str
    name_id: str
    key: tuple[str, ...]
    columns: tuple[Column, ...]
    # datasets whose rows refer to this one: (dataset, column) pairs, checked before undo.
    referenced_by: tuple[tuple[str, str], ...] = field(default=())
    since: int = 1  # the schema version (db.MIGRATIONS) that added the dataset
    # The key's columns in the order of the table's primary-key index, when not the key's own order. Appraisals put
    # the period first: a quarter's keys then go into one new part of the index instead of into every employee's
    # (a national quarter: 4.1 M keys into 69 M), and loads write their rows in this order.
    index_order: tuple[str, ...] | None = None

    @property
    def index_key(self) -> tuple[str, ...]:
        return self.index_order or self.key

    def columns_at(self, version: int) -> tuple[Column, ...]:
        """The columns the dataset's table had at a schema version (migrations that have shipped never change)."""
        return tuple(c for c in self.columns if c.since <= version)

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    def title(self, lang: str) -> str:
        """The dataset's name for a reader (the catalogue's `dataset_<name>`)."""
        return t(f"dataset_{self.name}", lang)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


def _codes(values, labels: dict[str, tuple[str, ...]] | None = None) -> dict[str, tuple[str, ...]]:
    labels = labels or {}
    return {v: labels.get(v, ()) for v in values}


EXPECTATION = _codes(domain.EXPECTATIONS, {
    "above": ("Di atas ekspektasi", "diatas ekspektasi", "di atas"),
    "meets": ("Sesuai ekspektasi", "sesuai"),
    "below": ("Di bawah ekspektasi", "dibawah ekspektasi", "di bawah"),
})

_AGENCY_CODE = Column("agency_code", "text", header_id="kode_instansi",
                      description_id="kode instansi yang sudah dimuat", description_en="a loaded agency code")

AGENCIES = Dataset(
    "agencies", "instansi", ("agency_code",), (
        Column("agency_code", "text", header_id="kode_instansi",
               description_id="unik, mis. 72.71.DINKES", description_en="unique, e.g. 72.71.DINKES"),
        Column("name", "text", header_id="nama", description_id="wajib", description_en="required"),
        Column("short_name", "text", required=False, header_id="singkatan"),
        Column("region_code", "region", header_id="kode_wilayah",
               description_id="kode Kemendagri (72.71 atau 7271)", description_en="Kemendagri code (72.71 or 7271)"),
        Column("kind", "enum", header_id="jenis", enum=_codes(domain.AGENCY_KINDS, {"other": ("lainnya",)})),
    ),
    referenced_by=(("agency_ratings", "agency_code"), ("employees", "agency_code"),
                   ("complaints", "agency_code"), ("promotions", "agency_code"), ("unor_map", "agency_code")),
)

AGENCY_RATINGS = Dataset(
    "agency_ratings", "predikat_organisasi", ("agency_code", "year"), (
        _AGENCY_CODE,
        Column("year", "int", header_id="tahun", min=2000, max=2100),
        Column("org_rating", "enum", header_id="predikat", enum=_codes(domain.ORG_RATINGS, {
            "butuh_perbaikan": ("Butuh Perbaikan", "Cukup"),
        })),
    ),
)

EMPLOYEES = Dataset(
    "employees", "pegawai", ("nip",), (
        Column("nip", "nip", description_id="18 angka, sesuai aturan NIP", description_en="18 digits, NIP rules"),
        Column("name", "text", header_id="nama"),
        Column("gender", "enum", header_id="jenis_kelamin", enum={
            "M": ("L", "Laki-laki", "Laki laki", "Pria"), "F": ("P", "Perempuan", "Wanita")}),
        Column("birth_date", "date", header_id="tanggal_lahir"),
        Column("cpns_date", "date", header_id="tmt_cpns"),
        Column("employment_type", "enum", header_id="jenis_pegawai", enum=_codes(domain.EMPLOYMENT_TYPES)),
        Column("education", "enum", header_id="pendidikan", enum=_codes(domain.EDUCATION_LEVELS, {
            "sma": ("SLTA", "SMK", "SMA/SMK"), "smp": ("SLTP",), "d1": ("D-I", "DI"), "d2": ("D-II", "DII"),
            "d3": ("D-III", "DIII"), "d4": ("D-IV", "DIV"), "s1": ("S-1",), "s2": ("S-2",), "s3": ("S-3",),
        })),
        Column("agency_code", "text", header_id="kode_instansi"),
        Column("rank", "rank", header_id="golongan",
               description_id="PNS I/a … IV/e; PPPK I … XVII", description_en="PNS I/a … IV/e; PPPK I … XVII"),
        Column("rank_since", "date", header_id="tmt_golongan"),
        Column("position_level", "enum", header_id="jenjang_jabatan", enum=_codes(domain.POSITION_LEVELS)),
        Column("position_title", "text", required=False, header_id="nama_jabatan"),
        Column("position_since", "date", required=False, header_id="tmt_jabatan"),
        Column("supervisor_nip", "nip", required=False, header_id="nip_atasan"),
        Column("status", "enum", aliases=("status_pegawai",), enum=_codes(domain.EMPLOYEE_STATUSES, {
            "active": ("aktif",), "retired": ("pensiun",), "dismissed": ("diberhentikan",),
            "deceased": ("meninggal", "meninggal dunia", "wafat"), "transferred": ("pindah", "mutasi"),
        })),
        # SIASN's identifier of the employee (REAL_FORMATS.md §1): other SIASN files name employees by it.
        Column("pns_id", "text", required=False, aliases=("idPns",), since=5,
               description_id="ID PNS di SIASN, unik", description_en="SIASN's PNS ID, unique"),
    ),
    referenced_by=(("appraisals", "nip"), ("promotions", "nip")),
)

_PERIOD_LABELS = {
    f"Q{i}": (f"TW{i}", f"TW {i}", f"Triwulan {r}", f"Triwulan {i}", f"Kuartal {i}")
    for i, r in zip(range(1, 5), ("I", "II", "III", "IV"))
}
_PERIOD_LABELS["Y"] = ("Tahunan", "Annual", "Tahun")

APPRAISALS = Dataset(
    "appraisals", "penilaian_kinerja", ("nip", "year", "period"), (
        Column("nip", "nip", description_id="pegawai yang sudah dimuat", description_en="a loaded employee"),
        Column("year", "int", header_id="tahun", min=2000, max=2100),
        Column("period", "enum", header_id="periode", enum=_codes(domain.PERIODS, _PERIOD_LABELS)),
        Column("work_result", "enum", header_id="rating_hasil_kerja", enum=EXPECTATION),
        Column("behaviour", "enum", header_id="rating_perilaku_kerja", aliases=("behavior",), enum=EXPECTATION),
        Column("rating", "enum", required=False, header_id="predikat", enum=_codes(domain.RATINGS, {
            "kurang": ("Kurang/Misconduct", "Misconduct"),
        }), description_id="sesuai matriks predikat", description_en="must equal the rating matrix"),
        Column("score", "decimal", required=False, header_id="nilai", min=0, max=120),
        Column("self_score", "decimal", required=False, header_id="nilai_diri", min=0, max=120),
        Column("peer_score", "decimal", required=False, header_id="nilai_rekan", min=0, max=120),
        Column("evaluator_nip", "nip", required=False, header_id="nip_penilai"),
        Column("on_time_pct", "decimal", required=False, header_id="ketepatan_waktu", min=0, max=100),
        Column("service_quality", "decimal", required=False, header_id="kualitas_layanan", min=0, max=100),
        Column("training_hours", "decimal", required=False, header_id="jam_pelatihan", min=0),
    ),
    index_order=("year", "period", "nip"),
)

COMPLAINTS = Dataset(
    "complaints", "pengaduan", ("complaint_id",), (
        Column("complaint_id", "text", header_id="id_pengaduan"),
        _AGENCY_CODE,
        Column("region_code", "region", required=False, header_id="kode_wilayah"),
        # SP4N-LAPOR!'s words too (REAL_FORMATS.md §4).
        Column("channel", "enum", header_id="kanal", enum=_codes(domain.CHANNELS, {
            "lapor": ("LAPOR!", "SP4N-LAPOR", "LAPOR", "lapor.go.id", "Aplikasi LAPOR!", "SP4N-LAPOR!"),
            "walk_in": ("Datang langsung", "Tatap muka"), "phone": ("Telepon",), "sms": ("SMS 1708", "SMS"),
            "social_media": ("Media sosial", "Medsos", "Twitter", "Instagram", "Facebook"), "other": ("Lainnya",),
        })),
        Column("category", "text", header_id="kategori"),
        Column("severity", "enum", required=False, header_id="tingkat", enum=_codes(domain.SEVERITIES)),
        Column("received_at", "timestamp", header_id="waktu_diterima"),
        Column("verified_at", "timestamp", required=False, header_id="waktu_verifikasi"),
        Column("first_response_at", "timestamp", required=False, header_id="waktu_tanggapan"),
        Column("resolved_at", "timestamp", required=False, header_id="waktu_selesai"),
        # SP4N-LAPOR!'s status words too (REAL_FORMATS.md §4; "Tunda" and the archive words are readings).
        Column("status", "enum", enum=_codes(domain.COMPLAINT_STATUSES, {
            "received": ("diterima", "baru", "Laporan Belum Terverifikasi", "Belum Terverifikasi"),
            "verified": ("terverifikasi", "diverifikasi", "Terdisposisi Belum Ditindaklanjuti"),
            "in_progress": ("diproses", "ditindaklanjuti", "proses", "Terdisposisi Sedang Diproses",
                            "Laporan Tertunda", "Tunda"),
            "resolved": ("selesai", "Terdisposisi Selesai"),
            "closed": ("ditutup",), "rejected": ("ditolak", "Laporan Arsip", "Arsipkan", "Bukan Wewenang"),
        })),
        Column("satisfaction", "int", required=False, header_id="kepuasan", min=1, max=4),
        Column("handler_nip", "nip", required=False, header_id="nip_petugas"),
    ),
)

PROMOTIONS = Dataset(
    "promotions", "kenaikan", ("promotion_id",), (
        Column("promotion_id", "text", header_id="id"),
        Column("nip", "nip"),
        Column("kind", "enum", header_id="jenis", enum=_codes(domain.PROMOTION_KINDS, {
            "rank_regular": ("KP Reguler", "Reguler"), "rank_choice": ("KP Pilihan", "Pilihan"),
            "rank_education": ("Penyesuaian Ijazah", "KP Penyesuaian Ijazah"), "position": ("Jabatan",),
        })),
        Column("effective_date", "date", header_id="tmt"),
        Column("from_rank", "rank", required=False, header_id="dari_golongan"),
        Column("to_rank", "rank", required=False, header_id="ke_golongan"),
        Column("from_position_level", "enum", required=False, header_id="dari_jenjang_jabatan",
               enum=_codes(domain.POSITION_LEVELS)),
        Column("to_position_level", "enum", required=False, header_id="ke_jenjang_jabatan",
               enum=_codes(domain.POSITION_LEVELS)),
        Column("position_title", "text", required=False, header_id="nama_jabatan"),
        _AGENCY_CODE,
        Column("approver_nip", "nip", required=False, header_id="nip_pejabat_berwenang"),
        Column("decree_number", "text", required=False, header_id="nomor_sk"),
        Column("decree_date", "date", required=False, header_id="tanggal_sk"),
    ),
)

# SIASN's organisation units (REAL_FORMATS.md §5): a unit belongs to the agency of its nearest ancestor (itself
# included) that names one.
UNOR_MAP = Dataset(
    "unor_map", "peta_unor", ("unor_id",), (
        Column("unor_id", "text", aliases=("id", "UNOR ID", "id_unor"),
               description_id="ID unit organisasi SIASN, unik", description_en="SIASN unit id, unique"),
        Column("name", "text", required=False, aliases=("NamaUnor", "UNOR NAMA", "nama_unor", "nama")),
        Column("parent_unor_id", "text", required=False, aliases=("DiatasanId", "id_atasan", "induk"),
               description_id="unit induk; tanpa siklus", description_en="the parent unit; no cycles"),
        Column("agency_code", "text", required=False, header_id="kode_instansi",
               description_id="kode instansi yang sudah dimuat (boleh kosong: ikut unit induk)",
               description_en="a loaded agency code (may be empty: the parent's agency)"),
    ),
    since=5,
)

DATASETS: dict[str, Dataset] = {
    d.name: d for d in (AGENCIES, AGENCY_RATINGS, UNOR_MAP, EMPLOYEES, APPRAISALS, COMPLAINTS, PROMOTIONS)
}
# Order in which a full set of files loads (references first).
LOAD_ORDER: tuple[str, ...] = tuple(DATASETS)


# One row each dataset's template shows under its header (Unggah Data), valid by every rule of the dataset against
# the agencies and employees it names: the Kota Palu health office, its head and one of its doctors.
EXAMPLES: dict[str, dict[str, str]] = {
    "agencies": {"agency_code": "72.71.DINKES", "name": "Dinas Kesehatan Kota Palu", "short_name": "Dinkes",
                 "region_code": "72.71", "kind": "dinas"},
    "agency_ratings": {"agency_code": "72.71.DINKES", "year": "2024", "org_rating": "baik"},
    "unor_map": {"unor_id": "8AE483A85E1E5C46015E23B0A7DD2B1A", "name": "Dinas Kesehatan Kota Palu",
                 "parent_unor_id": "", "agency_code": "72.71.DINKES"},
    "employees": {"nip": "199005122015032002", "name": "Siti Aminah", "gender": "F", "birth_date": "1990-05-12",
                  "cpns_date": "2015-03-01", "employment_type": "pns", "education": "s1",
                  "agency_code": "72.71.DINKES", "rank": "III/c", "rank_since": "2023-04-01",
                  "position_level": "fungsional_ahli_muda", "position_title": "Dokter Ahli Muda",
                  "position_since": "2023-04-01", "supervisor_nip": "196608011988031001", "status": "active",
                  "pns_id": ""},
    "appraisals": {"nip": "199005122015032002", "year": "2024", "period": "Y", "work_result": "above",
                   "behaviour": "above", "rating": "sangat_baik", "score": "112.5", "self_score": "115",
                   "peer_score": "110", "evaluator_nip": "196608011988031001", "on_time_pct": "95",
                   "service_quality": "90", "training_hours": "24"},
    "complaints": {"complaint_id": "LPR-2025-000002", "agency_code": "72.71.DINKES", "region_code": "72.71",
                   "channel": "walk_in", "category": "kesehatan", "severity": "normatif",
                   "received_at": "2025-05-02 08:00", "verified_at": "2025-05-02 10:00",
                   "first_response_at": "2025-05-05 09:00", "resolved_at": "", "status": "in_progress",
                   "satisfaction": "", "handler_nip": ""},
    "promotions": {"promotion_id": "KP-2023-0001", "nip": "199005122015032002", "kind": "rank_regular",
                   "effective_date": "2023-04-01", "from_rank": "III/b", "to_rank": "III/c", "from_position_level": "",
                   "to_position_level": "", "position_title": "", "agency_code": "72.71.DINKES",
                   "approver_nip": "196608011988031001", "decree_number": "800/12/BKPSDM/2023",
                   "decree_date": "2023-03-01"},
}

# The catalogue group (catalogue.CODE_GROUPS) that names each enumeration column's codes to a reader.
_ENUM_GROUPS = {("agencies", "kind"): "agency_kind", ("promotions", "kind"): "promotion_kind",
                ("employees", "status"): "employee_status", ("complaints", "status"): "complaint_status",
                ("appraisals", "work_result"): "expectation", ("appraisals", "behaviour"): "expectation",
                ("promotions", "from_position_level"): "position_level",
                ("promotions", "to_position_level"): "position_level"}


def enum_group(dataset: str, column: str) -> str:
    """The catalogue group of an enumeration column's codes."""
    return _ENUM_GROUPS.get((dataset, column), column)


def dataset_title(name: str, lang: str) -> str:
    """A dataset's title in `lang`; a name this version does not know (a batch of another version, a bulk import)
    as it is written."""
    return DATASETS[name].title(lang) if name in DATASETS else name


def resolve_dataset(name: str) -> Dataset | None:
    """A dataset by its English or Indonesian name."""
    key = norm_label(name)
    for d in DATASETS.values():
        if key in (d.name, norm_label(d.name_id)):
            return d
    return None
