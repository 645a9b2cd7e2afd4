"""Benchmark of SIASN's Export Data ASN against the canonical employees file of the same rows (issue 19: at most
1.5x), measured in one run on one machine.

    python bench/bench_exports.py [--employees 200000] [--out bench/out/exports] [--write-results]

Both loads go into a database holding the same agencies and unit map (nothing else), so that each load inserts
every row; each is timed end to end (reading, mapping, every rule, writing, the derived tables). The Data ASN file
has every header of REAL_FORMATS.md §1 with the personal-data columns present and empty (they are removed on
reading). Not a test: tests never assert on time.
"""
from __future__ import annotations

import argparse
import shutil
from dataclasses import replace
import sys
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analytics import derived  # noqa: E402
from analytics.demo_build import NO_UPLOAD_LIMIT_MB  # noqa: E402
from analytics.settings import load_settings  # noqa: E402
from analytics.demo import generate_demo_csvs  # noqa: E402
from analytics.demo.siasn import DATA_ASN_HEADER, EDUCATION, STATUS, STRUCTURAL  # noqa: E402
from analytics.loader import load_file  # noqa: E402
from bench.bench_load import append_results, machine  # noqa: E402


def _base(folder: Path, paths: dict[str, Path]):
    con = derived.connect(folder / "kinerja.duckdb")
    for name in ("agencies", "unor_map"):
        assert load_file(con, name, paths[name]).status == "loaded"
    return con


def data_asn_sql(paths: dict[str, Path], out: Path) -> Path:
    """The Data ASN export of the canonical employees written by DuckDB (at national scale the Python writer of
    analytics/demo/siasn.py takes half an hour): the same values as `write_siasn_examples` writes."""
    con = duckdb.connect()
    cols = {h: "null" for h in DATA_ASN_HEADER}  # empty cells unquoted, as exports write them
    edu_id = " ".join(f"when '{k}' then '{v[0]}'" for k, v in EDUCATION.items())
    edu_name = " ".join(f"when '{k}' then '{v[1]}'" for k, v in EDUCATION.items())
    status = " ".join(f"when '{k}' then '{v}'" for k, v in STATUS.items())
    structural = ", ".join(f"'{x}'" for x in STRUCTURAL)
    dmy = "strftime({}::date, '%d-%m-%Y')"
    cols.update({
        "PNS ID": "e.pns_id", "NIP BARU": "e.nip", "NAMA": "e.name", "TANGGAL LAHIR": dmy.format("e.birth_date"),
        "JENIS KELAMIN": "e.gender",
        "JENIS PEGAWAI NAMA": "case when e.employment_type = 'pppk' then 'PPPK' when contains(a.region_code, '.') "
                              "then 'PNS Daerah Kab/Kota' else 'PNS Daerah Provinsi' end",
        "KEDUDUKAN HUKUM NAMA": f"case e.status {status} end", "STATUS CPNS PNS": "'P'",
        "TMT CPNS": dmy.format("e.cpns_date"),
        "GOL AKHIR ID": "case when contains(e.rank, '/') then (list_position(['I', 'II', 'III', 'IV'], "
                        "split_part(e.rank, '/', 1)))::varchar || (list_position(['a', 'b', 'c', 'd', 'e'], "
                        "split_part(e.rank, '/', 2)))::varchar end",
        "GOL AKHIR NAMA": "e.rank", "TMT GOLONGAN": dmy.format("e.rank_since"),
        "JENIS JABATAN ID": f"case when e.position_level in ({structural}) then '1' when starts_with(e.position_level, "
                            "'fungsional') then '2' else '4' end",
        "JENIS JABATAN NAMA": f"case when e.position_level in ({structural}) then 'Jabatan Struktural' when "
                              "starts_with(e.position_level, 'fungsional') then 'Jabatan Fungsional Tertentu' "
                              "else 'Jabatan Fungsional Umum' end",
        "JABATAN NAMA": "e.position_title", "TMT JABATAN": dmy.format("e.position_since"),
        "TINGKAT PENDIDIKAN ID": f"case e.education {edu_id} end",
        "TINGKAT PENDIDIKAN NAMA": f"case e.education {edu_name} end",
        "UNOR ID": "upper(md5('unor:' || e.agency_code || ':' || (right(e.nip, 3)::int % 3)::varchar))",
        "UNOR NAMA": "case right(e.nip, 3)::int % 3 when 0 then a.name when 1 then 'Sekretariat ' || a.name "
                     "else 'Bidang Pelayanan ' || a.name end",
        "INSTANSI KERJA NAMA": "a.name",
    })
    select = ", ".join(f"{expr} as \"{h}\"" for h, expr in cols.items())
    con.execute(f"copy (select {select} from read_csv(?, all_varchar = true) e join read_csv(?, all_varchar = true) a "
                f"using (agency_code) order by e.nip) to '{out}' (format csv, header true)",
                [str(paths["employees"]), str(paths["agencies"])])
    con.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--employees", type=int, default=200_000)
    ap.add_argument("--out", default=str(ROOT / "bench" / "out" / "exports"))
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--write-results", action="store_true")
    ap.add_argument("--reuse", action="store_true", help="keep the files of an earlier run into --out")
    args = ap.parse_args()
    out = Path(args.out)
    t = time.perf_counter()
    if args.reuse and (out / "csv" / "employees.csv").exists():  # the files of an earlier run of the same size
        paths = {name: out / "csv" / f"{name}.csv" for name in ("agencies", "unor_map", "employees")}
    else:
        shutil.rmtree(out, ignore_errors=True)
        paths = generate_demo_csvs(out / "csv", employees=args.employees, seed=11)
    (out / "shapes").mkdir(parents=True, exist_ok=True)
    shapes = {"export_data_asn": data_asn_sql(paths, out / "shapes" / "export_data_asn.csv")}
    made = time.perf_counter() - t
    big = replace(load_settings(), max_file_mb=NO_UPLOAD_LIMIT_MB)  # the upload limit is not the bench's
    canon, siasn = [], []
    for r in range(args.rounds):
        for label, path, dest in (("canonical", paths["employees"], canon),
                                  ("siasn", shapes["export_data_asn"], siasn)):
            folder = out / f"db_{label}_{r}"
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            con = _base(folder, paths)
            t = time.perf_counter()
            res = load_file(con, "employees", path, settings=big)
            dest.append(time.perf_counter() - t)
            assert res.status == "loaded" and res.rows_inserted == args.employees, res.errors[:3]
            con.close()
            shutil.rmtree(folder, ignore_errors=True)
    mb = (paths["employees"].stat().st_size / 1e6, shapes["export_data_asn"].stat().st_size / 1e6)
    ratio = min(siasn) / min(canon)
    lines = [f"employees: {args.employees:,} (files made in {made:.1f} s; canonical {mb[0]:.0f} MB, "
             f"Data ASN {mb[1]:.0f} MB with {65} columns)",
             f"canonical employees load: {', '.join(f'{x:.2f}' for x in canon)} s",
             f"SIASN Export Data ASN load: {', '.join(f'{x:.2f}' for x in siasn)} s",
             f"ratio (best of each): {ratio:.2f}x (target <= 1.5x)"]
    print("\n".join(lines))
    if args.write_results:
        append_results(f"## SIASN Export Data ASN against the canonical employees file (issue 19)\n\n"
                       f"`python bench/bench_exports.py --employees {args.employees}` on {machine()}:\n\n"
                       + "\n".join(f"- {line}" for line in lines) + "\n")


if __name__ == "__main__":
    main()
