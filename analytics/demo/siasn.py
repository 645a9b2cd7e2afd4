"""The demo data in the shapes the national systems export (REAL_FORMATS.md), for analysts to try the upload with
files that look like theirs, and for the round-trip tests: each file loads into the same rows as the canonical
demo file it was made from, on every column the shape carries.

`write_siasn_examples(paths, out_dir)` takes the canonical files (`generate_demo_csvs`) and writes:
- unor_map_siasn.csv: SIASN's unit reference (id, InstansiId, DiatasanId, EselonId, NamaUnor, NamaJabatan) with the
  `agency_code` an analyst adds to the top units;
- export_data_asn.csv: Export Data ASN with every header of §1 (the personal-data columns present and empty: the
  loader drops them by name); staff sit in their agency's top unit or one of its sub-units;
- export_data_asn_pipe.csv: the same `|`-separated with NIPs as Excel users keep them (`'1987…`);
- riwayat_golongan.csv: the rank history, ISO date-times (`2022-04-01T00:00:00Z`), an entry row
  (`Gol. dari Pengadaan CPNS/PNS`) before each employee's first step (the demo's ranks before 2019 are collapsed
  into it);
- skp_tahunan.csv: annual results (riwayat SKP 2022), employees named by PNS ID only;
- kinerja_periodik.csv: quarterly results, with periodikNama (`Triwulan I`) and the months;
- lapor_pengaduan.csv: complaints with the contract's Indonesian headers and LAPOR!'s status and channel words.
These are demo data, made up like every demo file; no person in them exists.
"""
from __future__ import annotations

import csv
import hashlib
import pathlib
import sys
import tempfile

from analytics import domain
from analytics.demo import generate_demo_csvs
from analytics.demo.agencies import SUB_UNITS, unor_id

DATA_ASN_HEADER = (
    "PNS ID, NIP BARU, NIP LAMA, NAMA, GELAR DEPAN, GELAR BELAKANG, TEMPAT LAHIR ID, TEMPAT LAHIR NAMA, "
    "TANGGAL LAHIR, JENIS KELAMIN, AGAMA ID, AGAMA NAMA, JENIS KAWIN ID, JENIS KAWIN NAMA, NIK, NOMOR HP, EMAIL, "
    "EMAIL GOV, ALAMAT, NPWP NOMOR, BPJS, JENIS PEGAWAI ID, JENIS PEGAWAI NAMA, KEDUDUKAN HUKUM ID, "
    "KEDUDUKAN HUKUM NAMA, STATUS CPNS PNS, KARTU ASN VIRTUAL, NOMOR SK CPNS, TANGGAL SK CPNS, TMT CPNS, "
    "NOMOR SK PNS, TANGGAL SK PNS, TMT PNS, GOL AWAL ID, GOL AWAL NAMA, GOL AKHIR ID, GOL AKHIR NAMA, TMT GOLONGAN, "
    "MK TAHUN, MK BULAN, JENIS JABATAN ID, JENIS JABATAN NAMA, JABATAN ID, JABATAN NAMA, TMT JABATAN, "
    "TINGKAT PENDIDIKAN ID, TINGKAT PENDIDIKAN NAMA, PENDIDIKAN ID, PENDIDIKAN NAMA, TAHUN LULUS, KPKN ID, KPKN NAMA, "
    "LOKASI KERJA ID, LOKASI KERJA NAMA, UNOR ID, UNOR NAMA, INSTANSI INDUK ID, INSTANSI INDUK NAMA, "
    "INSTANSI KERJA ID, INSTANSI KERJA NAMA, SATUAN KERJA INDUK ID, SATUAN KERJA INDUK NAMA, SATUAN KERJA KERJA ID, "
    "SATUAN KERJA KERJA NAMA").split(", ")
RANK_HISTORY_HEADER = ("id", "idPns", "nipBaru", "nipLama", "golonganId", "golongan", "skNomor", "skTanggal",
                       "tmtGolongan", "noPertekBkn", "tglPertekBkn", "jumlahKreditUtama", "jumlahKreditTambahan",
                       "jenisKPId", "jenisKPNama", "masaKerjaGolonganTahun", "masaKerjaGolonganBulan")
SKP22_HEADER = ("id", "hasilKinerja", "hasilKinerjaNilai", "kuadranKinerja", "KuadranKinerjaNilai", "namaPenilai",
                "nipNrpPenilai", "penilaiGolonganId", "penilaiJabatanNm", "penilaiUnorNm", "perilakuKerja",
                "PerilakuKerjaNilai", "pnsDinilaiId", "statusPenilai", "tahun")
PERIODIC_HEADER = ("id", "tahun", "nip", "nama", "hasilKinerja", "hasilKinerjaNilai", "instansiId", "instansiNama",
                   "jabatan", "koefisenId", "kriteria", "kuadranKinerjaNilai", "kuadranNilai", "namaPenilai",
                   "penilaiGolonganId", "penilaiJabatanNama", "penilaiNipNrp", "penilaiPnsId", "penilaiUnorNm",
                   "perilakuKerja", "perilakuKerjaNilai", "periodikId", "periodikNama", "persentase", "pnsDinilaiId",
                   "statusPenilai", "unorId", "unorNama", "bulanMulaiPenilaian", "bulanSelesaiPenilaian")

EDUCATION = {"sd": ("05", "SD"), "smp": ("10", "SLTP"), "sma": ("15", "SLTA"), "d1": ("20", "Diploma I"),
             "d2": ("25", "Diploma II"), "d3": ("30", "Diploma III"), "d4": ("35", "Diploma IV"),
             "s1": ("40", "S-1/Sarjana"), "s2": ("45", "S-2"), "s3": ("50", "S-3/Doktor")}
STATUS = {"active": "Aktif", "retired": "Pensiun", "dismissed": "Diberhentikan Tidak Dengan Hormat",
          "deceased": "Wafat", "transferred": "Pindah Instansi"}
EXPECTATION = {"above": ("DIATAS EKSPEKTASI", "1"), "meets": ("SESUAI EKSPEKTASI", "2"),
               "below": ("DIBAWAH EKSPEKTASI", "3")}
QUADRANT = {"sangat_baik": "SANGAT BAIK", "baik": "BAIK", "butuh_perbaikan": "BUTUH PERBAIKAN",
            "kurang": "KURANG/MISCONDUCT", "sangat_kurang": "SANGAT KURANG"}
KIND = {"rank_regular": ("101", "Reguler"), "rank_choice": ("201", "Pilihan (Jabatan Fungsional Tertentu)"),
        "rank_education": ("211", "Pilihan (Penyesuaian Ijazah)")}
STRUCTURAL = {"pengawas", "administrator", "jpt_pratama", "jpt_madya", "jpt_utama"}
CHANNEL = {"lapor": "Aplikasi LAPOR!", "sms": "SMS 1708", "social_media": "Twitter", "walk_in": "Datang langsung",
           "phone": "Telepon", "other": "Lainnya"}
COMPLAINT_STATUS = {"received": "Laporan Belum Terverifikasi", "verified": "Terverifikasi",
                    "in_progress": "Terdisposisi Sedang Diproses", "resolved": "Terdisposisi Selesai",
                    "rejected": "Bukan Wewenang", "closed": "ditutup"}
COMPLAINT_HEADERS = {"complaint_id": "id_pengaduan", "agency_code": "kode_instansi", "region_code": "kode_wilayah",
                     "channel": "kanal", "category": "kategori", "severity": "tingkat", "received_at": "waktu_diterima",
                     "verified_at": "waktu_verifikasi", "first_response_at": "waktu_tanggapan",
                     "resolved_at": "waktu_selesai", "status": "status", "satisfaction": "kepuasan",
                     "handler_nip": "nip_petugas"}


def _read(path: pathlib.Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _dmy(day: str) -> str:
    return f"{day[8:10]}-{day[5:7]}-{day[:4]}" if day else ""


def _iso(day: str) -> str:
    return f"{day}T00:00:00Z" if day else ""


def _rank_id(rank: str) -> str:
    """III/c → 33 (PPPK ranks have no id here: the name is written)."""
    if "/" not in rank:
        return ""
    roman, letter = rank.split("/")
    return f"{('I', 'II', 'III', 'IV').index(roman) + 1}{'abcde'.index(letter) + 1}"


def _id(*parts: str) -> str:
    return hashlib.md5(":".join(parts).encode()).hexdigest().upper()


def unit_of(agency: str, nip: str) -> int:
    """The unit an employee sits in: the agency's top unit (0) or one of its sub-units, fixed by the NIP."""
    return int(nip[-3:]) % (len(SUB_UNITS) + 1)


def _write(path: pathlib.Path, header, rows, delimiter: str = ",") -> pathlib.Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter=delimiter, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
    return path


def write_siasn_examples(paths: dict[str, pathlib.Path], out_dir: pathlib.Path) -> dict[str, pathlib.Path]:
    """Write the demo's files in the national exports' shapes; returns {file stem: path}."""
    out_dir = pathlib.Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    agencies = {a["agency_code"]: a for a in _read(paths["agencies"])}
    units = {u["unor_id"]: u for u in _read(paths["unor_map"])}
    employees = _read(paths["employees"])
    people = {e["nip"]: e for e in employees}
    out: dict[str, pathlib.Path] = {}

    out["unor_map_siasn"] = _write(out_dir / "unor_map_siasn.csv",
                                   ("id", "InstansiId", "DiatasanId", "EselonId", "NamaUnor", "NamaJabatan",
                                    "agency_code"),
                                   [(u["unor_id"], "", u["parent_unor_id"], "", u["name"], "", u["agency_code"])
                                    for u in units.values()])

    def asn_row(e: dict, nip: str) -> list[str]:
        a = agencies[e["agency_code"]]
        unit = unor_id(e["agency_code"], unit_of(e["agency_code"], e["nip"]))
        provincial = "." not in a["region_code"]
        kind = ("PPPK" if e["employment_type"] == "pppk"
                else "PNS Daerah Provinsi" if provincial else "PNS Daerah Kab/Kota")
        level = e["position_level"]
        jab = (("1", "Jabatan Struktural") if level in STRUCTURAL else
               ("2", "Jabatan Fungsional Tertentu") if level.startswith("fungsional") else
               ("4", "Jabatan Fungsional Umum"))
        edu_id, edu_name = EDUCATION[e["education"]]
        row = dict.fromkeys(DATA_ASN_HEADER, "")
        row.update({
            "PNS ID": e["pns_id"], "NIP BARU": nip, "NAMA": e["name"], "TANGGAL LAHIR": _dmy(e["birth_date"]),
            "JENIS KELAMIN": e["gender"], "JENIS PEGAWAI NAMA": kind, "KEDUDUKAN HUKUM NAMA": STATUS[e["status"]],
            "STATUS CPNS PNS": "P", "TMT CPNS": _dmy(e["cpns_date"]), "GOL AKHIR ID": _rank_id(e["rank"]),
            "GOL AKHIR NAMA": e["rank"], "TMT GOLONGAN": _dmy(e["rank_since"]), "JENIS JABATAN ID": jab[0],
            "JENIS JABATAN NAMA": jab[1], "JABATAN NAMA": e["position_title"], "TMT JABATAN": _dmy(e["position_since"]),
            "TINGKAT PENDIDIKAN ID": edu_id, "TINGKAT PENDIDIKAN NAMA": edu_name, "UNOR ID": unit,
            "UNOR NAMA": units[unit]["name"], "INSTANSI KERJA NAMA": a["name"],
        })
        return list(row.values())

    out["export_data_asn"] = _write(out_dir / "export_data_asn.csv", DATA_ASN_HEADER,
                                    [asn_row(e, e["nip"]) for e in employees])
    out["export_data_asn_pipe"] = _write(out_dir / "export_data_asn_pipe.csv", DATA_ASN_HEADER,
                                         [asn_row(e, "'" + e["nip"]) for e in employees], delimiter="|")

    steps = [p for p in _read(paths["promotions"]) if p["kind"] in KIND]
    steps.sort(key=lambda p: (p["nip"], p["effective_date"], p["promotion_id"]))
    history, seen = [], set()
    for p in steps:
        e = people[p["nip"]]
        if p["nip"] not in seen:  # the rank held before the first step, as an entry row
            seen.add(p["nip"])
            history.append([_id("entry", p["nip"]), e["pns_id"], p["nip"], "", _rank_id(p["from_rank"]),
                            p["from_rank"], "", "", _iso(e["cpns_date"]), "", "", "", "", "100",
                            "Gol. dari Pengadaan CPNS/PNS", "", ""])
        kind_id, kind_name = KIND[p["kind"]]
        history.append([p["promotion_id"], e["pns_id"], p["nip"], "", _rank_id(p["to_rank"]), p["to_rank"],
                        p["decree_number"], _dmy(p["decree_date"]), _iso(p["effective_date"]), "", "", "", "",
                        kind_id, kind_name, "", ""])
    out["riwayat_golongan"] = _write(out_dir / "riwayat_golongan.csv", RANK_HISTORY_HEADER, history)

    annual, periodic = [], []
    for r in _read(paths["appraisals"]):
        e = people[r["nip"]]
        work, beh = EXPECTATION[r["work_result"]], EXPECTATION[r["behaviour"]]
        if r["period"] == "Y":
            annual.append([_id("skp", r["nip"], r["year"]), work[0], work[1], QUADRANT[r["rating"]], "", "",
                           r["evaluator_nip"], "", "", "", beh[0], beh[1], e["pns_id"], "", r["year"]])
        else:
            q = domain.PERIODS.index(r["period"]) + 1
            periodic.append([_id("periodik", r["nip"], r["year"], r["period"]), r["year"], r["nip"], e["name"],
                             work[0], work[1], "", agencies[e["agency_code"]]["name"], e["position_title"], "", "",
                             "", "", "", "", "", r["evaluator_nip"], "", "", beh[0], beh[1], str(q),
                             f"Triwulan {('I', 'II', 'III', 'IV')[q - 1]}", "", e["pns_id"], "", "", "",
                             str(3 * q - 2), str(3 * q)])
    out["skp_tahunan"] = _write(out_dir / "skp_tahunan.csv", SKP22_HEADER, annual)
    out["kinerja_periodik"] = _write(out_dir / "kinerja_periodik.csv", PERIODIC_HEADER, periodic)

    def stamp(value: str) -> str:  # 2024-01-08 12:47:09 → 08/01/2024 12:47:09
        return f"{value[8:10]}/{value[5:7]}/{value[:4]}{value[10:]}" if value else ""

    complaints = []
    for c in _read(paths["complaints"]):
        row = dict(c, channel=CHANNEL.get(c["channel"], c["channel"]), status=COMPLAINT_STATUS[c["status"]])
        for k in ("received_at", "verified_at", "first_response_at", "resolved_at"):
            row[k] = stamp(c[k])
        complaints.append([row[k] for k in COMPLAINT_HEADERS])
    out["lapor_pengaduan"] = _write(out_dir / "lapor_pengaduan.csv", COMPLAINT_HEADERS.values(), complaints)
    return out


def region_subset(paths: dict[str, pathlib.Path], region: str, out_dir: pathlib.Path) -> dict[str, pathlib.Path]:
    """The canonical files cut to the agencies of one region (its code and everything below it), with the rows that
    name them: a small world that loads on its own."""
    out_dir = pathlib.Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rows = {name: _read(p) for name, p in paths.items()}
    codes = {a["agency_code"] for a in rows["agencies"]
             if a["region_code"] == region or a["region_code"].startswith(region + ".")}
    nips = {e["nip"] for e in rows["employees"] if e["agency_code"] in codes}
    top = {u["unor_id"] for u in rows["unor_map"] if u["agency_code"] in codes}
    keep = {
        "agencies": lambda r: r["agency_code"] in codes,
        "agency_ratings": lambda r: r["agency_code"] in codes,
        "unor_map": lambda r: r["unor_id"] in top or r["parent_unor_id"] in top,
        "employees": lambda r: r["nip"] in nips,
        "appraisals": lambda r: r["nip"] in nips,
        "complaints": lambda r: r["agency_code"] in codes,
        "promotions": lambda r: r["nip"] in nips,
    }
    out = {}
    for name, p in paths.items():
        header = next(csv.reader(p.open(encoding="utf-8")))
        cut = [r for r in rows[name] if keep[name](r)]
        if name == "employees":  # a supervisor outside the region is not in the cut
            cut = [dict(r, supervisor_nip=r["supervisor_nip"] if r["supervisor_nip"] in nips else "") for r in cut]
        out[name] = _write(out_dir / p.name, header, [[r[h] for h in header] for r in cut])
    return out


def main(argv: list[str] | None = None) -> None:
    """`python -m analytics.demo.siasn OUT_DIR [REGION]`: the embedded demo (2,000 employees, seed 42), cut to one
    region (default 72.71, Kota Palu), as canonical agencies.csv and in the national exports' shapes."""
    args = sys.argv[1:] if argv is None else argv
    out_dir = pathlib.Path(args[0])
    region = args[1] if len(args) > 1 else "72.71"
    with tempfile.TemporaryDirectory() as tmp:
        paths = generate_demo_csvs(pathlib.Path(tmp) / "all", employees=2000, seed=42)
        cut = region_subset(paths, region, pathlib.Path(tmp) / "cut")
        out_dir.mkdir(parents=True, exist_ok=True)
        (out_dir / "agencies.csv").write_bytes(cut["agencies"].read_bytes())
        write_siasn_examples(cut, out_dir)


if __name__ == "__main__":
    main()
