"""National exports that load as they come (issue 19, REAL_FORMATS.md, CONTRACT.md "National exports"): each is
recognised by its headers, its rows are mapped onto the contract's columns and values, and the mapped file then
goes through every rule of the dataset like any other. Errors name the row (the line in the exported file) and
the column as the export names it.

So far: SIASN's rank history (riwayat golongan, REAL_FORMATS.md §2) → promotions, and e-Kinerja's periodic
results (kinerja periodik, §3) → appraisals. SP4N-LAPOR!'s words load through the complaints vocabulary
(analytics/datasets.py). Export Data ASN and the annual SKP (which names employees by PNS ID only) are not
built yet.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from analytics.datasets import DATASETS, norm_header as norm, norm_label
from analytics.reading import Refused, Text, records

# The period vocabulary of appraisals (Triwulan II, TW 2, Q2, …) → its code.
_PERIODS = DATASETS["appraisals"].column("period").enum_map()


@dataclass(frozen=True)
class Mapped:
    """What the mapping made: the file in the contract's columns (with each row's line), the columns of the export
    it used, the source header of each contract column (for errors), and the entry rows it skipped."""
    text: Text
    source: str
    columns_used: tuple[str, ...]
    headers: dict[str, str] = field(default_factory=dict)
    skipped: int = 0


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
    seen: set[str] = set()
    for h in header:
        if h.strip() and norm(h) in seen:
            raise Refused(lines=[(1, h, "export_header_duplicate", h)])
        seen.add(norm(h))
    return header, list(records(txt))


def _getter(header: list[str]):
    index = {norm(h): i for i, h in enumerate(header)}

    def get(record, name: str) -> str:
        i = index.get(norm(name))
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
    out = tmp / "mapped.csv"
    columns = ["nip", "year", "period", "work_result", "behaviour", "evaluator_nip"]
    with out.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["__line", *columns])
        for line, r in rows:
            work, beh = _expectation(get, r, "hasilKinerja"), _expectation(get, r, "perilakuKerja")
            w.writerow([line, get(r, "nip"), get(r, "tahun"),
                        _quarter(get(r, "periodikNama"), get(r, "bulanMulaiPenilaian"), get(r, "bulanSelesaiPenilaian")),
                        work, beh, get(r, "penilaiNipNrp") or get(r, "nipNrpPenilai")])
    used = _used(header, txt, ("nip", "tahun", "periodikNama", "bulanMulaiPenilaian", "bulanSelesaiPenilaian",
                               "hasilKinerja", "hasilKinerjaNilai", "perilakuKerja", "perilakuKerjaNilai",
                               "penilaiNipNrp"))
    headers = {"nip": "nip", "year": "tahun", "period": "periodikNama", "work_result": "hasilKinerja",
               "behaviour": "perilakuKerja", "evaluator_nip": "penilaiNipNrp"}
    return Mapped(_mapped_text(out, columns, txt), "e-Kinerja kinerja periodik", used, headers, 0)


def rank_history(con: duckdb.DuckDBPyConnection, txt: Text, tmp: Path) -> Mapped:
    """SIASN riwayat golongan → promotions. `from_rank` is the same employee's previous row by tmtGolongan (in
    the file, entry rows included), else the latest rank the database knows before that day; an entry row
    (`Gol. dari Pengadaan CPNS/PNS`) is skipped and counted; the agency is the employee's."""
    header, rows = _rows(txt)
    get = _getter(header)

    def nip_of(record) -> str:
        return get(record, "nipBaru").lstrip("'")

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
            w.writerow([line, get(record, "id"), get(record, "nipBaru"), kind, day, before,
                        _rank(get(record, "golongan") or get(record, "golonganId")), agency.get(nip, ""),
                        get(record, "skNomor"), get(record, "skTanggal")])
    used = _used(header, txt, ("id", "nipBaru", "golongan", "golonganId", "tmtGolongan", "jenisKPNama", "skNomor",
                               "skTanggal"))
    headers = {"promotion_id": "id", "nip": "nipBaru", "kind": "jenisKPNama", "effective_date": "tmtGolongan",
               "to_rank": "golongan", "from_rank": "golongan", "decree_number": "skNomor",
               "decree_date": "skTanggal"}
    return Mapped(_mapped_text(out, columns, txt), "SIASN riwayat golongan", used, headers, skipped)


@dataclass(frozen=True)
class Export:
    name: str
    dataset: str
    signature: frozenset[str]     # normalised headers that together identify the export
    build: object                 # (con, Text, tmp) -> Mapped


EXPORTS = (
    Export("SIASN riwayat golongan", "promotions",
           frozenset(map(norm, ("idPns", "nipBaru", "golongan", "tmtGolongan", "jenisKPNama"))), rank_history),
    Export("e-Kinerja kinerja periodik", "appraisals",
           frozenset(map(norm, ("tahun", "nip", "pnsDinilaiId", "periodikId"))), periodic_results),
)


def recognise(header: list[str]) -> Export | None:
    """The export whose signature headers the file has, if any."""
    have = {norm(h) for h in header}
    for e in EXPORTS:
        if e.signature <= have:
            return e
    return None
