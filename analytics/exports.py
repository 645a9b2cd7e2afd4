"""National exports that load as they come (issue 19, REAL_FORMATS.md, CONTRACT.md "National exports"): each is
recognised by its headers, its rows are mapped onto the contract's columns and values, and the mapped file then
goes through every rule of the dataset like any other. Errors name the row (the line in the exported file) and
the column as the export names it.

Built: SIASN's Export Data ASN (§1) → employees, through the unit map (§5); SIASN's rank history (riwayat golongan,
§2) → promotions; e-Kinerja's annual results (riwayat SKP 2022) and periodic results (kinerja periodik, §3) →
appraisals, employees named by NIP or by PNS ID. SP4N-LAPOR!'s words load through the complaints vocabulary
(analytics/datasets.py).

What a mapping cannot settle for a row (a unit that maps to no agency, a title whose level it cannot read, a PNS ID
nobody holds) is a `Problem`, reported once per distinct value with its count of rows and the first of them; the
cells it leaves empty are `covered`, so that the dataset's own rules do not report them a second time.
"""
from __future__ import annotations

import csv
import dataclasses
import difflib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from analytics.datasets import DATASETS, norm_header as norm, norm_label, norm_label_sql
from analytics.datasets import sql_literal as _lit
from analytics.reading import Refused, Text, drop_rows, duck_rows, records

# The period vocabulary of appraisals (Triwulan II, TW 2, Q2, …) → its code.
_PERIODS = DATASETS["appraisals"].column("period").enum_map()


@dataclass(frozen=True)
class Problem:
    """A value the mapping cannot place, once per distinct value: the first line holding it, the export's column,
    the value, the rule (catalogue RULES), how many rows hold it and the first of them."""
    line: int
    column: str
    value: str
    rule: str
    detail: str
    count: int
    rows: str
    label: str = ""   # a name for the value, when the export gives one (a unit's UNOR NAMA)


@dataclass(frozen=True)
class Mapped:
    """What the mapping made: the file in the contract's columns (with each row's line), the columns of the export
    it used, the source header of each contract column (for errors), the entry rows it skipped, the values it could
    not place, and the (line, contract column) cells those left empty."""
    text: Text
    source: str
    columns_used: tuple[str, ...]
    headers: dict[str, str] = field(default_factory=dict)
    skipped: int = 0
    problems: tuple[Problem, ...] = ()
    covered: tuple[tuple[int, str], ...] = ()


class _Problems:
    """Collects the rows of each value the mapping cannot place, grouped by (rule, column, value)."""

    def __init__(self):
        self.lines: dict[tuple[str, str, str, str, str], list[int]] = {}
        self.covered: list[tuple[int, str]] = []

    def add(self, line: int, rule: str, header: str, value: str, column: str, detail: str = "",
            label: str = "") -> None:
        self.lines.setdefault((rule, header, value, detail or value, label), []).append(line)
        self.covered.append((line, column))

    def done(self) -> tuple[tuple[Problem, ...], tuple[tuple[int, str], ...]]:
        out = [Problem(lines[0], header, value, rule, detail, len(lines), ", ".join(map(str, lines[:5])), label)
               for (rule, header, value, detail, label), lines in self.lines.items()]
        return tuple(sorted(out, key=lambda p: (p.line, p.column))), tuple(self.covered)


def _kind(name: str) -> str | None:
    """jenisKPNama → the contract's kind; None for an entry rank (not a promotion)."""
    n = name.strip().lower()
    if "pengadaan" in n:  # "Gol. dari Pengadaan CPNS/PNS": the rank one enters with
        return None
    if "ijazah" in n:
        return "rank_education"
    if n.startswith("pilihan"):
        return "rank_choice"
    if n.startswith("reguler"):
        return "rank_regular"
    return name  # unknown: the dataset's vocabulary rule names it


def _rank(value: str) -> str:
    """golongan as SIASN writes it (III/c) or golonganId (33 → III/c)."""
    v = value.strip()
    m = re.fullmatch(r"([1-4])([1-5])", v)
    if m:
        return ("I", "II", "III", "IV")[int(m.group(1)) - 1] + "/" + "abcde"[int(m.group(2)) - 1]
    return v


def _day(value: str) -> str:
    """A date as YYYY-MM-DD for ordering and lookups, from the forms the dataset accepts (2022-04-01, an ISO
    date-time, 01-04-2022, 01/04/2022); "" when it is none of them (the dataset's date rule then names it)."""
    v = value.strip()
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", v)
    if m:
        return m.group(0)
    m = re.fullmatch(r"(\d{2})[-/](\d{2})[-/](\d{4})", v)
    return f"{m.group(3)}-{m.group(2)}-{m.group(1)}" if m else ""


def _rows(txt: Text) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The export's header and its rows, each with the line it starts on (the sheet row for Excel), read strictly
    (reading.records: a stray quote or a row of another width is refused with its line, blank rows skipped). A
    header named twice is refused: which of the two would be meant is not ours to guess."""
    with txt.path.open(encoding="utf-8-sig", newline="") as f:
        header = next(csv.reader(f, delimiter=txt.delimiter))
    _no_header_twice(header)
    return header, list(records(txt))


def _no_header_twice(header: list[str]) -> None:
    seen: set[str] = set()
    for h in header:
        if h.strip() and norm(h) in seen:
            raise Refused(lines=[(1, h, "export_header_duplicate", h)])
        seen.add(norm(h))


def _getter(header: list[str]):
    index = {norm(h): i for i, h in enumerate(header)}
    at: dict[str, int | None] = {}  # the position of each name asked for, normalised once

    def get(record, name: str) -> str:
        i = at[name] if name in at else at.setdefault(name, index.get(norm(name)))
        return record[i].strip() if i is not None and i < len(record) else ""
    return get


def _mapped_text(out: Path, columns: list[str], txt: Text) -> Text:
    """The mapped file (its first column the export's line) as the loader stages it; the raw copy and the removed
    personal-data columns are the export's."""
    return Text(out, ",", columns, True, None, txt.encoding, invisible=txt.invisible, kept=txt.kept,
                dropped=txt.dropped)


def _used(header: list[str], txt: Text, names) -> tuple[str, ...]:
    wanted = {norm(n) for n in names}
    return tuple(h for h in header[1 if txt.line_column else 0:] if norm(h) in wanted)


EXPECTATION_NUMBERS = {"1": "above", "2": "meets", "3": "below"}   # hasilKinerjaNilai, perilakuKerjaNilai


def _expectation(get, record, column: str) -> str:
    """A result as words (`DIATAS EKSPEKTASI`, read by the vocabulary) or, else, its number column (`…Nilai`, 1–3)."""
    number = get(record, column + "Nilai")
    return get(record, column) or EXPECTATION_NUMBERS.get(number, number)


def _quarter(name: str, start: str, end: str) -> str:
    """The period: periodikNama as written (the period vocabulary reads "Triwulan I", "TW 1", …), else the
    quarter of the months; months of two quarters are said as such (and refused by the vocabulary)."""
    months = None
    if start.isdigit() and end.isdigit():
        a, b = (int(start) - 1) // 3, (int(end) - 1) // 3
        months = f"Q{a + 1}" if a == b else f"bulan {start}–{end} (dua triwulan)"
    if name:
        named = _PERIODS.get(norm_label(name))
        if months and named and months.startswith("Q") and named != months:
            return f"{name} ≠ bulan {start}–{end}"  # the name and the months disagree: refused, saying so
        return name
    return months or ""


def periodic_results(con: duckdb.DuckDBPyConnection, txt: Text, tmp: Path) -> Mapped:
    """e-Kinerja kinerja periodik → appraisals: nip, tahun, the quarter (periodikNama or the months), work result
    and behaviour (words or 1–3), the evaluator. The rating follows from the matrix."""
    header, rows = _rows(txt)
    get = _getter(header)
    problems = _Problems()
    nip = _employee_nip(con, header, rows, get, problems, "nip", "pnsDinilaiId")
    out = tmp / "mapped.csv"
    columns = ["nip", "year", "period", "work_result", "behaviour", "evaluator_nip"]
    with out.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["__line", *columns])
        for line, r in rows:
            work, beh = _expectation(get, r, "hasilKinerja"), _expectation(get, r, "perilakuKerja")
            w.writerow([line, nip(line, r), get(r, "tahun"),
                        _quarter(get(r, "periodikNama"), get(r, "bulanMulaiPenilaian"), get(r, "bulanSelesaiPenilaian")),
                        work, beh, get(r, "penilaiNipNrp") or get(r, "nipNrpPenilai")])
    used = _used(header, txt, ("nip", "pnsDinilaiId", "tahun", "periodikNama", "bulanMulaiPenilaian", "bulanSelesaiPenilaian",
                               "hasilKinerja", "hasilKinerjaNilai", "perilakuKerja", "perilakuKerjaNilai",
                               "penilaiNipNrp"))
    headers = {"nip": "nip", "year": "tahun", "period": "periodikNama", "work_result": "hasilKinerja",
               "behaviour": "perilakuKerja", "evaluator_nip": "penilaiNipNrp"}
    found, covered = problems.done()
    return Mapped(_mapped_text(out, columns, txt), "e-Kinerja kinerja periodik", used, headers, 0, found, covered)


def rank_history(con: duckdb.DuckDBPyConnection, txt: Text, tmp: Path) -> Mapped:
    """SIASN riwayat golongan → promotions. `from_rank` is the same employee's previous row by tmtGolongan (in
    the file, entry rows included), else the latest rank the database knows before that day; an entry row
    (`Gol. dari Pengadaan CPNS/PNS`) is skipped and counted; the agency is the employee's."""
    header, rows = _rows(txt)
    _one_nip_column(header, "nipBaru", "nip")
    get = _getter(header)
    problems = _Problems()
    resolve = _employee_nip(con, header, rows, get, problems, "nipBaru", "idPns")
    nip_at = {id(record): resolve(line, record) for line, record in rows}

    def nip_of(record) -> str:
        return nip_at[id(record)].lstrip("'")

    # Ranks in order per employee: the previous row gives from_rank.
    order = sorted(rows, key=lambda r: (nip_of(r[1]), _day(get(r[1], "tmtGolongan")), r[0]))
    previous: dict[int, str] = {}
    last_nip, last_rank = None, ""
    for line, record in order:
        nip = nip_of(record)
        if nip != last_nip:
            last_nip, last_rank = nip, ""
        previous[line] = last_rank
        last_rank = _rank(get(record, "golongan") or get(record, "golonganId"))
    nips = sorted({nip_of(r) for _, r in rows})
    agency = dict(con.execute("select nip, agency_code from employees where nip in (select unnest(?))",
                              [nips]).fetchall()) if nips else {}
    # The rank held the day before, as the database knows it, for the rows with none before them in the file (one
    # query for all): the latest promotion to a rank, else the employee's rank when it dates from earlier.
    ask = [(line, nip_of(r), _day(get(r, "tmtGolongan"))) for line, r in rows
           if not previous.get(line) and nip_of(r) and _day(get(r, "tmtGolongan"))
           and _kind(get(r, "jenisKPNama")) is not None]
    held: dict[int, str] = {}
    if ask:
        held = {line: rank for line, rank in con.execute(
            "with q as (select unnest($lines) as line, unnest($nips) as nip, unnest($days)::date as d) "
            "select q.line, coalesce((select p.to_rank from promotions p where p.nip = q.nip and p.to_rank is not null "
            "and p.effective_date < q.d order by p.effective_date desc limit 1), (select e.rank from employees e "
            "where e.nip = q.nip and e.rank_since < q.d)) from q",
            {"lines": [a[0] for a in ask], "nips": [a[1] for a in ask], "days": [a[2] for a in ask]}).fetchall()
            if rank is not None}
    out = tmp / "mapped.csv"
    columns = ["promotion_id", "nip", "kind", "effective_date", "from_rank", "to_rank", "agency_code",
               "decree_number", "decree_date"]
    skipped = 0
    with out.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["__line", *columns])
        for line, record in rows:
            kind = _kind(get(record, "jenisKPNama"))
            if kind is None:
                skipped += 1
                continue
            nip, day = nip_of(record), get(record, "tmtGolongan")
            before = previous.get(line, "")
            if not before and nip and _day(day):
                if line not in held:  # no rank before it anywhere: an entry rank, not a promotion
                    skipped += 1
                    continue
                before = held[line]
            w.writerow([line, get(record, "id"), nip_at[id(record)], kind, day, before,
                        _rank(get(record, "golongan") or get(record, "golonganId")), agency.get(nip, ""),
                        get(record, "skNomor"), get(record, "skTanggal")])
    used = _used(header, txt, ("id", "nipBaru", "idPns", "golongan", "golonganId", "tmtGolongan", "jenisKPNama", "skNomor",
                               "skTanggal"))
    headers = {"promotion_id": "id", "nip": "nipBaru", "kind": "jenisKPNama", "effective_date": "tmtGolongan",
               "to_rank": "golongan", "from_rank": "golongan", "decree_number": "skNomor",
               "decree_date": "skTanggal"}
    found, covered = problems.done()
    return Mapped(_mapped_text(out, columns, txt), "SIASN riwayat golongan", used, headers, skipped, found, covered)


def _one_nip_column(header: list[str], *names: str) -> None:
    """Refuse a file with two NIP columns (`NIP BARU` and `nip`): which one is meant is not ours to guess."""
    have = [h for h in header if norm(h) in {norm(n) for n in names}]
    if len(have) > 1:
        raise Refused(lines=[(1, ", ".join(have), "nip_two_columns", ", ".join(have))])


def _nips_of_pns_ids(con: duckdb.DuckDBPyConnection, ids: set[str]) -> dict[str, str]:
    """PNS ID → NIP, through the stored employees' `pns_id` (one query)."""
    if not ids:
        return {}
    return dict(con.execute("select pns_id, nip from employees where pns_id in (select unnest(?))",
                            [sorted(ids)]).fetchall())


def _employee_nip(con, header, rows, get, problems: _Problems, nip_column: str, id_column: str):
    """Each row's NIP: its NIP column, else its PNS ID through the stored employees; an unknown PNS ID is a
    problem (the employee's Data ASN export must be loaded first)."""
    ids = {get(r, id_column) for _, r in rows if not get(r, nip_column) and get(r, id_column)}
    known = _nips_of_pns_ids(con, ids)
    shown = next((h for h in header if norm(h) == norm(id_column)), id_column)

    def nip(line, record) -> str:
        direct = get(record, nip_column)
        if direct:
            return direct
        pns = get(record, id_column)
        if pns and pns not in known:
            problems.add(line, "pns_id_unknown", shown, pns, "nip")
        return known.get(pns, "")
    return nip


# --- Export Data ASN (REAL_FORMATS.md §1) ---------------------------------------------------------------------

# TINGKAT PENDIDIKAN: SIASN's ids and names → the contract's education (Profesi and Spesialis are readings).
EDUCATION_IDS = {"05": "sd", "10": "smp", "15": "sma", "17": "sma", "20": "d1", "25": "d2", "30": "d3", "35": "d4",
                 "40": "s1", "42": "s1", "45": "s2", "47": "s2", "50": "s3"}
EDUCATION_NAMES = {norm_label(k): v for k, v in {
    "SD": "sd", "SLTP": "smp", "SMP": "smp", "SLTA": "sma", "SMA": "sma", "SLTA Kejuruan": "sma", "SMK": "sma",
    "Diploma I": "d1", "Diploma II": "d2", "Diploma III": "d3", "Diploma IV": "d4", "S-1/Sarjana": "s1",
    "S1/Sarjana": "s1", "Sarjana": "s1", "Profesi": "s1", "S-2": "s2", "S-2/Magister": "s2", "Spesialis": "s2",
    "S-3/Doktor": "s3", "S-3": "s3", "Doktor": "s3"}.items()}


def _education(name: str, code: str) -> str:
    if name:
        return EDUCATION_NAMES.get(norm_label(name), name)
    return EDUCATION_IDS.get(code.zfill(2) if code.isdigit() else code, code)


def _employment_type(name: str, status: str) -> str:
    """JENIS PEGAWAI NAMA (a name containing PPPK → pppk; PNS …/CPNS → pns), else STATUS CPNS PNS (P, C → pns)."""
    for v in (name, status):
        u = v.strip().upper()
        if not u:
            continue
        if "PPPK" in u:
            return "pppk"
        if u.startswith(("PNS", "CPNS")) or u in ("P", "C"):
            return "pns"
        return v
    return ""


def _status(name: str) -> str:
    """KEDUDUKAN HUKUM NAMA → the contract's status (REAL_FORMATS.md §1; the still-employed words first)."""
    n = " ".join(name.lower().split())
    if not n:
        return ""
    if n.startswith(("aktif", "cltn", "tugas belajar", "masa persiapan pensiun")) or \
            n in ("pemberhentian sementara", "diberhentikan sementara"):
        return "active"
    if n.startswith("pensiun"):
        return "retired"
    if n.startswith(("wafat", "meninggal")):
        return "deceased"
    if n.startswith(("pemberhentian", "diberhentikan")):
        return "dismissed"
    if n.startswith("pindah"):
        return "transferred"
    return name


_FUNCTIONAL = (("ahli pertama", "fungsional_ahli_pertama"), ("ahli muda", "fungsional_ahli_muda"),
               ("ahli madya", "fungsional_ahli_madya"), ("ahli utama", "fungsional_ahli_utama"),
               ("pemula", "fungsional_pemula"), ("terampil", "fungsional_terampil"),
               ("mahir", "fungsional_mahir"), ("penyelia", "fungsional_penyelia"))
# Structural titles by their opening words (REAL_FORMATS.md §1, a reading), longest first so that "Kepala Sub
# Bagian" is not read as "Kepala Bagian" nor "Inspektur Pembantu" as "Inspektur".
_STRUCTURAL = tuple(sorted({
    "kepala badan": "jpt_pratama", "kepala dinas": "jpt_pratama", "sekretaris daerah": "jpt_pratama",
    "asisten": "jpt_pratama", "staf ahli": "jpt_pratama", "inspektur": "jpt_pratama",
    "kepala satuan": "jpt_pratama", "direktur": "jpt_pratama",
    "sekretaris": "administrator", "kepala bidang": "administrator", "kepala bagian": "administrator",
    "camat": "administrator", "inspektur pembantu": "administrator", "wakil direktur": "administrator",
    "kepala seksi": "pengawas", "kepala sub bagian": "pengawas", "kepala subbagian": "pengawas",
    "kepala subbidang": "pengawas", "kepala sub bidang": "pengawas", "kepala upt": "pengawas", "lurah": "pengawas",
    "kepala subseksi": "pengawas",
}.items(), key=lambda kv: -len(kv[0])))
# JENIS JABATAN ID when the name is missing (SIMPEG's reference: 1 structural, 2 certain functional, 4 general).
_KIND_IDS = {"1": "jabatan struktural", "2": "jabatan fungsional tertentu", "4": "jabatan fungsional umum"}


def position_level(kind: str, title: str) -> str | None:
    """The position level from JENIS JABATAN NAMA and JABATAN NAMA (REAL_FORMATS.md §1); None when the title
    cannot be placed."""
    k = " ".join(_KIND_IDS.get(kind.strip(), kind).lower().split())
    t = " ".join(title.lower().replace("-", " ").split())
    if "fungsional umum" in k or "pelaksana" in k:
        return "pelaksana"
    if "fungsional" in k:
        return next((level for words, level in _FUNCTIONAL if re.search(rf"\b{words}\b", t)), None)
    if "struktural" in k:
        return next((level for words, level in _STRUCTURAL if t == words or t.startswith(words + " ")), None)
    return None


def _unit_agency_sql(starts: str) -> str:
    """SQL of each unit's agency (start, agency): that of its nearest ancestor (itself included) the unit map names,
    at most 64 steps up (the map has no cycles, its loader refuses them). `starts` selects the units as `start`."""
    return ("with recursive up as (select start, start as cur, 0 as depth from (" + starts + ") "
            "union all select up.start, m.parent_unor_id, up.depth + 1 from up join main.unor_map m on "
            "m.unor_id = up.cur where m.agency_code is null and m.parent_unor_id is not null and up.depth < 64) "
            "select start, arg_min(m.agency_code, up.depth) as agency from up join main.unor_map m "
            "on m.unor_id = up.cur where m.agency_code is not null group by start")


def _unor_agencies(con: duckdb.DuckDBPyConnection, ids: set[str]) -> dict[str, str]:
    """Each unit's agency (_unit_agency_sql) for the units named."""
    if not ids:
        return {}
    return dict(con.execute(_unit_agency_sql("select unnest($ids) as start"), {"ids": sorted(ids)}).fetchall())


_ASN_USED = ("PNS ID", "NIP BARU", "NAMA", "JENIS KELAMIN", "TANGGAL LAHIR", "TMT CPNS", "JENIS PEGAWAI NAMA",
             "STATUS CPNS PNS", "TINGKAT PENDIDIKAN NAMA", "TINGKAT PENDIDIKAN ID", "UNOR ID", "UNOR NAMA",
             "GOL AKHIR NAMA", "GOL AKHIR ID", "TMT GOLONGAN", "JENIS JABATAN NAMA", "JENIS JABATAN ID", "JABATAN NAMA",
             "TMT JABATAN", "KEDUDUKAN HUKUM NAMA")
_ASN_HEADERS = {"nip": "NIP BARU", "pns_id": "PNS ID", "name": "NAMA", "gender": "JENIS KELAMIN",
                "birth_date": "TANGGAL LAHIR", "cpns_date": "TMT CPNS", "employment_type": "JENIS PEGAWAI NAMA",
                "education": "TINGKAT PENDIDIKAN NAMA", "agency_code": "UNOR ID", "rank": "GOL AKHIR NAMA",
                "rank_since": "TMT GOLONGAN", "position_level": "JENIS JABATAN NAMA", "position_title": "JABATAN NAMA",
                "position_since": "TMT JABATAN", "status": "KEDUDUKAN HUKUM NAMA"}
_ASN_COLUMNS = ["nip", "pns_id", "name", "gender", "birth_date", "cpns_date", "employment_type", "education",
                "agency_code", "rank", "rank_since", "position_level", "position_title", "position_since", "status"]


def _case(expr: str, mapping: dict[str, str], default: str) -> str:
    return f"(case {expr} " + " ".join(f"when {_lit(k)} then {_lit(v)}" for k, v in mapping.items()) + \
        f" else {default} end)"


def _spaced(expr: str) -> str:
    """Lower case, runs of spaces as one, trimmed (as `" ".join(x.lower().split())`)."""
    return f"trim(regexp_replace(lower({expr}), '\\s+', ' ', 'g'))"


def _data_asn_sql(con: duckdb.DuckDBPyConnection, txt: Text, tmp: Path, header: list[str]) -> Mapped | None:
    """data_asn in DuckDB, every rule of the Python reading as one SQL expression (a national export of 4.3 million
    rows in seconds, not minutes). None when DuckDB does not read the file cleanly: the Python path then reports
    the line that breaks it."""
    if txt.duck is not None:  # read already (reading.strip_personal): the same rows, the kept columns
        name, at = txt.duck
        own = False
    else:
        name, own = f"asn_{os.urandom(5).hex()}", True
        if not duck_rows(con, txt, name):
            return None
        offset = 1 if txt.line_column else 0
        at = tuple(i + offset for i in range(len(header)))
    try:
        return _data_asn_rows(con, txt, tmp, header, name, at)
    finally:
        if own:
            drop_rows(con, name)


def _data_asn_rows(con, txt: Text, tmp: Path, header: list[str], name: str, at: tuple[int, ...]) -> Mapped:
    """_data_asn_sql over the rows in the view `name` (header i is column `c<at[i]>`)."""
    where = {norm(h): at[i] for i, h in enumerate(header)}
    used = {norm(h) for h in _ASN_USED}

    def col(h: str) -> str:  # the trimmed cell, named once in the inner select
        return f"v{where[norm(h)]}" if norm(h) in where else "null::varchar"

    # The readings of few distinct values (position level, status, education, employment type, rank) are made once
    # per distinct value in a small table and joined (`is not distinct from`: an empty cell is a value too); the
    # regular expressions then run on thousands of titles, not millions of rows.
    kn, ki, title = col("JENIS JABATAN NAMA"), col("JENIS JABATAN ID"), col("JABATAN NAMA")
    word = "\\b"
    functional = "case " + " ".join(f"when regexp_matches(_t, {_lit(word + w + word)}) then {_lit(level)}"
                                     for w, level in _FUNCTIONAL) + " else '?' end"
    structural = "case " + " ".join(f"when _t = {_lit(w)} or starts_with(_t, {_lit(w + ' ')}) then {_lit(level)}"
                                    for w, level in _STRUCTURAL) + " else '?' end"
    level = (f"(case when _kind is null then null when _k like '%fungsional umum%' or _k like '%pelaksana%' "
             f"then 'pelaksana' when _k like '%fungsional%' then ({functional}) "
             f"when _k like '%struktural%' then ({structural}) else '?' end)")
    spaced_kind = _spaced(_case("coalesce(kn, ki)", _KIND_IDS, "coalesce(kn, ki)"))
    spaced_title = _spaced("replace(title, '-', ' ')")
    levels = (f"select kn, ki, title, {level} as level from (select *, coalesce(kn, ki) as _kind, "
              f"{spaced_kind} as _k, {spaced_title} as _t from (select distinct {kn} as kn, {ki} as ki, "
              f"{title} as title from BASE))")
    jp, sp = col("JENIS PEGAWAI NAMA"), col("STATUS CPNS PNS")
    employment = (f"select jp, sp, case when _who like '%PPPK%' then 'pppk' when starts_with(_who, 'PNS') or "
                  f"starts_with(_who, 'CPNS') or _who in ('P', 'C') then 'pns' else coalesce(jp, sp) end as value "
                  f"from (select *, upper(coalesce(jp, sp)) as _who from (select distinct {jp} as jp, {sp} as sp "
                  f"from BASE))")
    en, ei = col("TINGKAT PENDIDIKAN NAMA"), col("TINGKAT PENDIDIKAN ID")
    edu_norm = norm_label_sql("en")
    edu_id = "(case when regexp_full_match(ei, '\\d+') then lpad(ei, 2, '0') else ei end)"
    education = (f"select en, ei, case when en is not null then {_case(edu_norm, EDUCATION_NAMES, 'en')} "
                 f"else {_case(edu_id, EDUCATION_IDS, 'ei')} end as value from (select distinct {en} as en, {ei} as ei "
                 f"from BASE)")
    ked = col("KEDUDUKAN HUKUM NAMA")
    status = (f"select ked, case when _n is null or _n = '' then null "
              f"when starts_with(_n, 'aktif') or starts_with(_n, 'cltn') or starts_with(_n, 'tugas belajar') or "
              f"starts_with(_n, 'masa persiapan pensiun') or _n in ('pemberhentian sementara', "
              f"'diberhentikan sementara') then 'active' when starts_with(_n, 'pensiun') then 'retired' "
              f"when starts_with(_n, 'wafat') or starts_with(_n, 'meninggal') then 'deceased' "
              f"when starts_with(_n, 'pemberhentian') or starts_with(_n, 'diberhentikan') then 'dismissed' "
              f"when starts_with(_n, 'pindah') then 'transferred' else ked end as value from "
              f"(select ked, {_spaced('ked')} as _n from (select distinct {ked} as ked from BASE))")
    gol = f"coalesce({col('GOL AKHIR NAMA')}, {col('GOL AKHIR ID')})"
    rank = (f"(case when regexp_full_match({gol}, '[1-4][1-5]') then ['I', 'II', 'III', 'IV'][substr({gol}, 1, 1)::int]"
            f" || '/' || ['a', 'b', 'c', 'd', 'e'][substr({gol}, 2, 1)::int] else {gol} end)")
    unit = col("UNOR ID")
    every = [f"c{i}" for i in at]
    # A record of empty cells is blank (the Python reader skips it); only a record whose first non-empty cell is
    # spaces needs every cell trimmed to tell.
    first = f"coalesce({', '.join(every)})"
    cells = " || ".join(f"coalesce(trim({c}), '')" for c in every)
    trimmed = ", ".join(f"nullif(trim(c{i}), '') as v{i}" for n_, i in where.items() if n_ in used)
    # The records read, less blank ones, with the cells the mapping reads trimmed (materialised once: six queries
    # read it).
    base, staged = f"{name}_b", f"{name}_staged"
    small = {"lv": levels, "em": employment, "ed": education, "st": status}

    def iso(c: str) -> str:  # SIASN's DD-MM-YYYY as YYYY-MM-DD when it is a date (else as written: its error)
        return f"coalesce(strftime(try_strptime({c}, '%d-%m-%Y'), '%Y-%m-%d'), {c})"
    level_out = (f"case when lv.level = '?' then null when lv.level = 'jpt_pratama' and "
                 f"coalesce(not contains(a.region_code, '.'), false) and starts_with(lower({title}), 'sekretaris daerah') "
                 f"then 'jpt_madya' else lv.level end")
    # The rows as the loader stages a file (text columns c0 = the line, c1, …: it reads this table, no file), and
    # after them what the problems are told by (_unit, _unit_name, _kind, _level).
    values = ["r._line::varchar", col("NIP BARU"), col("PNS ID"), col("NAMA"), col("JENIS KELAMIN"),
              iso(col("TANGGAL LAHIR")), iso(col("TMT CPNS")), "em.value", "ed.value", "u.agency", rank,
              iso(col("TMT GOLONGAN")), level_out, title, iso(col("TMT JABATAN")), "st.value"]
    try:
        con.execute(f"create temp table {base} as select _line, {trimmed} from {name} where case when {first} is null "
                    f"then false when trim({first}) <> '' then true else {cells} <> '' end")
        for key, sql in small.items():
            con.execute(f"create temp table {name}_{key} as {sql.replace('BASE', base)}")
        # Each unit once: the agency of its nearest mapped ancestor (itself included).
        con.execute(f"create temp table {name}_u as " + _unit_agency_sql(
            f"select distinct {unit} as start from {base} where {unit} is not null"))
        con.execute(
            f"create temp table {staged} as select " + ", ".join(f"{v} as c{i}" for i, v in enumerate(values)) +
            f", {unit} as _unit, {col('UNOR NAMA')} as _unit_name, coalesce({kn}, {ki}) as _kind, lv.level as _level "
            f"from {base} r "
            f"left join {name}_lv lv on lv.kn is not distinct from {kn} and lv.ki is not distinct from {ki} "
            f"and lv.title is not distinct from {title} "
            f"left join {name}_em em on em.jp is not distinct from {jp} and em.sp is not distinct from {sp} "
            f"left join {name}_ed ed on ed.en is not distinct from {en} and ed.ei is not distinct from {ei} "
            f"left join {name}_st st on st.ked is not distinct from {ked} "
            f"left join {name}_u u on u.start = {unit} left join main.agencies a on a.agency_code = u.agency")
        agency_c, title_c = (f"c{_ASN_COLUMNS.index(c) + 1}" for c in ("agency_code", "position_title"))
        unplaced_unit, unplaced_title = f"_unit is not null and {agency_c} is null", "_level = '?'"
        problems = [Problem(line, "UNOR ID", unit_id, "unor_unmapped", f"{unit_name or unit_id} ({unit_id})", count,
                            rows, unit_name or "")
                    for line, unit_id, unit_name, count, rows in con.execute(
                        f"select min(c0::bigint), _unit, _unit_name, count(*), array_to_string(list(c0::bigint order "
                        f"by c0::bigint)[1:5], ', ') from {staged} where {unplaced_unit} group by _unit, _unit_name"
                    ).fetchall()]
        problems += [Problem(line, "JABATAN NAMA", title_, "position_unplaced", f"{title_} ({kind_})", count, rows)
                     for line, title_, kind_, count, rows in con.execute(
                         f"select min(c0::bigint), {title_c}, _kind, count(*), array_to_string(list(c0::bigint order "
                         f"by c0::bigint)[1:5], ', ') from {staged} where {unplaced_title} group by {title_c}, _kind"
                     ).fetchall()]
        shown = {"UNOR ID": next((h for h in header if norm(h) == norm("UNOR ID")), "UNOR ID"),
                 "JABATAN NAMA": next((h for h in header if norm(h) == norm("JABATAN NAMA")), "JABATAN NAMA")}
        problems = [dataclasses.replace(p, column=shown[p.column]) for p in problems]
        covered = con.execute(
            f"select c0::bigint as _line, 'agency_code' as col from {staged} where {unplaced_unit} union all "
            f"select c0::bigint, 'position_level' from {staged} where {unplaced_title}").fetchnumpy() \
            if problems else None
    except BaseException:
        con.execute(f"drop table if exists {staged}")
        raise
    finally:
        for table in (f"{name}_u", base, *(f"{name}_{key}" for key in small)):
            con.execute(f"drop table if exists {table}")
    cov = () if covered is None else tuple(zip(covered["_line"].tolist(), list(covered.values())[1].tolist()))
    text = dataclasses.replace(_mapped_text(tmp / "mapped.csv", _ASN_COLUMNS, txt), table=staged)
    return Mapped(text, "SIASN Export Data ASN", _used(header, txt, _ASN_USED),
                  _ASN_HEADERS, 0, tuple(sorted(problems, key=lambda p: (p.line, p.column))), cov)


def data_asn(con: duckdb.DuckDBPyConnection, txt: Text, tmp: Path) -> Mapped:
    """SIASN Export Data ASN → employees (REAL_FORMATS.md §1). The agency comes from UNOR ID through the unit map;
    a unit that reaches no agency is one problem per unit (its id and name, how many employees). The supervisor is
    not in the export: the stored one stays. Read by DuckDB (`_data_asn_sql`) when it reads the file cleanly, else
    row by row here (which also says which line breaks the file)."""
    header = list(txt.header)
    _one_nip_column(header, "NIP BARU", "nip")
    _no_header_twice(header)
    fast = _data_asn_sql(con, txt, tmp, header)
    if fast is not None:
        return fast
    header, rows = _rows(txt)
    get = _getter(header)
    problems = _Problems()
    agencies = _unor_agencies(con, {get(r, "UNOR ID") for _, r in rows if get(r, "UNOR ID")})
    # A province's Sekretaris Daerah is JPT madya, a kab/kota's JPT pratama (a reading: the title alone is the same).
    provincial = {a for (a,) in con.execute(
        "select agency_code from agencies where agency_code in (select unnest(?)) and not contains(region_code, '.')",
        [sorted(set(agencies.values()))]).fetchall()} if agencies else set()
    shown = {n: next((h for h in header if norm(h) == norm(n)), n) for n in ("UNOR ID", "JABATAN NAMA")}
    out = tmp / "mapped.csv"
    columns = ["nip", "pns_id", "name", "gender", "birth_date", "cpns_date", "employment_type", "education",
               "agency_code", "rank", "rank_since", "position_level", "position_title", "position_since", "status"]
    with out.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["__line", *columns])
        for line, r in rows:
            unit = get(r, "UNOR ID")
            agency = agencies.get(unit, "")
            if unit and not agency:
                problems.add(line, "unor_unmapped", shown["UNOR ID"], unit, "agency_code",
                             f"{get(r, 'UNOR NAMA') or unit} ({unit})", get(r, "UNOR NAMA"))
            kind, title = get(r, "JENIS JABATAN NAMA") or get(r, "JENIS JABATAN ID"), get(r, "JABATAN NAMA")
            level = position_level(kind, title) if kind else ""
            if level == "jpt_pratama" and agency in provincial and title.lower().startswith("sekretaris daerah"):
                level = "jpt_madya"
            if level is None:
                problems.add(line, "position_unplaced", shown["JABATAN NAMA"], title, "position_level",
                             f"{title} ({kind})")
            w.writerow([line, get(r, "NIP BARU"), get(r, "PNS ID"), get(r, "NAMA"), get(r, "JENIS KELAMIN"),
                        get(r, "TANGGAL LAHIR"), get(r, "TMT CPNS"),
                        _employment_type(get(r, "JENIS PEGAWAI NAMA"), get(r, "STATUS CPNS PNS")),
                        _education(get(r, "TINGKAT PENDIDIKAN NAMA"), get(r, "TINGKAT PENDIDIKAN ID")),
                        agency, _rank(get(r, "GOL AKHIR NAMA") or get(r, "GOL AKHIR ID")), get(r, "TMT GOLONGAN"),
                        level or "", title, get(r, "TMT JABATAN"), _status(get(r, "KEDUDUKAN HUKUM NAMA"))])
    used = _used(header, txt, ("PNS ID", "NIP BARU", "NAMA", "JENIS KELAMIN", "TANGGAL LAHIR", "TMT CPNS",
                               "JENIS PEGAWAI NAMA", "STATUS CPNS PNS", "TINGKAT PENDIDIKAN NAMA",
                               "TINGKAT PENDIDIKAN ID", "UNOR ID", "UNOR NAMA", "GOL AKHIR NAMA", "GOL AKHIR ID",
                               "TMT GOLONGAN", "JENIS JABATAN NAMA", "JENIS JABATAN ID", "JABATAN NAMA",
                               "TMT JABATAN", "KEDUDUKAN HUKUM NAMA"))
    headers = {"nip": "NIP BARU", "pns_id": "PNS ID", "name": "NAMA", "gender": "JENIS KELAMIN",
               "birth_date": "TANGGAL LAHIR", "cpns_date": "TMT CPNS", "employment_type": "JENIS PEGAWAI NAMA",
               "education": "TINGKAT PENDIDIKAN NAMA", "agency_code": "UNOR ID", "rank": "GOL AKHIR NAMA",
               "rank_since": "TMT GOLONGAN", "position_level": "JENIS JABATAN NAMA", "position_title": "JABATAN NAMA",
               "position_since": "TMT JABATAN", "status": "KEDUDUKAN HUKUM NAMA"}
    found, covered = problems.done()
    return Mapped(_mapped_text(out, columns, txt), "SIASN Export Data ASN", used, headers, 0, found, covered)


# --- Riwayat SKP 2022 (REAL_FORMATS.md §3) --------------------------------------------------------------------

def annual_results(con: duckdb.DuckDBPyConnection, txt: Text, tmp: Path) -> Mapped:
    """e-Kinerja's annual results (riwayat SKP 2022) → appraisals, period Y. The employee is pnsDinilaiId through
    the stored PNS IDs (a `nip` column, when the file has one, comes first); the rating is kuadranKinerja's words,
    checked against the matrix (its number is not read: sources disagree on what it means)."""
    header, rows = _rows(txt)
    get = _getter(header)
    problems = _Problems()
    nip = _employee_nip(con, header, rows, get, problems, "nip", "pnsDinilaiId")
    out = tmp / "mapped.csv"
    columns = ["nip", "year", "period", "work_result", "behaviour", "rating", "evaluator_nip"]
    with out.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["__line", *columns])
        for line, r in rows:
            w.writerow([line, nip(line, r), get(r, "tahun"), "Y", _expectation(get, r, "hasilKinerja"),
                        _expectation(get, r, "perilakuKerja"), get(r, "kuadranKinerja"),
                        get(r, "nipNrpPenilai") or get(r, "penilaiNipNrp")])
    used = _used(header, txt, ("nip", "pnsDinilaiId", "tahun", "hasilKinerja", "hasilKinerjaNilai", "perilakuKerja",
                               "perilakuKerjaNilai", "kuadranKinerja", "nipNrpPenilai", "penilaiNipNrp"))
    headers = {"nip": "pnsDinilaiId", "year": "tahun", "work_result": "hasilKinerja", "behaviour": "perilakuKerja",
               "rating": "kuadranKinerja", "evaluator_nip": "nipNrpPenilai"}
    found, covered = problems.done()
    return Mapped(_mapped_text(out, columns, txt), "e-Kinerja riwayat SKP 2022", used, headers, 0, found, covered)


@dataclass(frozen=True)
class Export:
    name: str
    dataset: str
    signature: frozenset[str]     # normalised headers that together identify the export
    build: object                 # (con, Text, tmp) -> Mapped


EXPORTS = (
    Export("SIASN Export Data ASN", "employees",
           frozenset(map(norm, ("PNS ID", "NIP BARU", "NAMA", "UNOR ID", "GOL AKHIR ID"))), data_asn),
    Export("SIASN riwayat golongan", "promotions",
           frozenset(map(norm, ("idPns", "nipBaru", "golongan", "tmtGolongan", "jenisKPNama"))), rank_history),
    Export("e-Kinerja kinerja periodik", "appraisals",
           frozenset(map(norm, ("tahun", "pnsDinilaiId", "periodikId"))), periodic_results),
    Export("e-Kinerja riwayat SKP 2022", "appraisals",
           frozenset(map(norm, ("tahun", "pnsDinilaiId", "kuadranKinerja", "hasilKinerja"))), annual_results),
)


# --- Units without an agency: suggestions, and the analyst's assignment as a unit-map batch ----------------------

# Words of unit names that name the field of the agency they belong to.
_FIELD_WORDS = {"puskesmas": "kesehatan", "rsud": "kesehatan", "labkesda": "kesehatan", "sekolah": "pendidikan",
                "sdn": "pendidikan", "smpn": "pendidikan", "tk": "pendidikan", "kelurahan": "kecamatan"}


def _words(text: str) -> set[str]:
    words = {w for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) > 2}
    return words | {_FIELD_WORDS[w] for w in words if w in _FIELD_WORDS}


def suggest_agencies(con: duckdb.DuckDBPyConnection, scope, names: dict[str, str],
                     limit: int = 5) -> tuple[list[tuple[str, str]], dict[str, list[str]]]:
    """For units without an agency (unit id → name): the agencies the reader may assign (code, name; those in the
    reader's scope), and for each unit the codes of the likeliest, best first: by the words the unit's name shares
    with the agency's name and short name (a puskesmas under "Dinas Kesehatan" shares none, so the ratio of the
    whole names breaks ties)."""
    where, params = scope.region_filter("region_code")
    agencies = [(c, n, sh or "") for c, n, sh in con.execute(
        f"select agency_code, name, short_name from agencies where {where} order by agency_code", params).fetchall()]
    out: dict[str, list[str]] = {}
    for unit, name in names.items():
        words = _words(name)
        if not words:
            out[unit] = []
            continue
        scored = []
        for code, agency, short in agencies:
            shared = len(words & (_words(agency) | _words(short)))
            if shared:
                ratio = difflib.SequenceMatcher(None, name.lower(), agency.lower()).ratio()
                scored.append((-shared, -ratio, code))
        out[unit] = [code for *_, code in sorted(scored)[:limit]]
    return [(c, n) for c, n, _ in agencies], out


def unit_map_csv(assignments: dict[str, tuple[str, str]], path: Path) -> Path:
    """The analyst's assignments (unit id → (name, agency code)) as a unit-map file the loader checks and records
    like any other (one batch, undoable)."""
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["unor_id", "name", "agency_code"])
        for unit, (name, code) in sorted(assignments.items()):
            w.writerow([unit, name, code])
    return path


def recognise(header: list[str]) -> Export | None:
    """The export whose signature headers the file has, if any."""
    have = {norm(h) for h in header}
    for e in EXPORTS:
        if e.signature <= have:
            return e
    return None
