"""A hand-made appraisal world for METRICS.md §1, loaded through the loader (all in Kota Palu, 2025 annual):

agency  org rating        ratings (n=10 unless said)            curve
A1      istimewa          8 sangat_baik, 2 baik                 breaks sangat_baik ≤ 0.70 (0.80)
A2      baik              2 sangat_baik, 7 baik, 1 butuh_perb.  within (baik 0.70: a tie at the limit)
A3      (none: baik)      4 sangat_baik, 6 baik                 breaks "at least one butuh_perbaikan or kurang"
A4      butuh_perbaikan   1 sangat_baik, 3 baik, 6 butuh_perb.  within (ties at 0.60 and 0.10)
A5      kurang            4 baik, 1 butuh_perb., 5 kurang       breaks kurang ≥ 0.60 (0.50)
A6      sangat_kurang     1 sangat_baik, 2 butuh_perb., 1 kurang, 6 sangat_kurang   breaks "no sangat_baik"
A7      (none: baik)      24: 5 sangat_baik (E_LEN, score 118), 5 butuh_perb. (E_HARSH, 70),
                          14 baik (E_MID, 94)                   within
Raters in A7: pool mean 94, population sd sqrt(5760/24) = 15.49; z = ±24/15.49 = ±1.549 (lenient, harsh);
E_MID is uniform (all baik, z 0). E_FEW rates 4 in A2: fewer than 5, not listed.
"""
from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from analytics.loader import load_file
from tests.conftest import write_csv

MATRIX = {"sangat_baik": ("above", "above"), "baik": ("meets", "meets"), "butuh_perbaikan": ("below", "meets"),
          "kurang": ("meets", "below"), "sangat_kurang": ("below", "below")}
DEFAULT_SCORE = {"sangat_baik": 110, "baik": 95, "butuh_perbaikan": 80, "kurang": 70, "sangat_kurang": 50}

ORG = {"A1": "istimewa", "A2": "baik", "A4": "butuh_perbaikan", "A5": "kurang", "A6": "sangat_kurang"}
RATINGS_BY_AGENCY = {
    "A1": ["sangat_baik"] * 8 + ["baik"] * 2,
    "A2": ["sangat_baik"] * 2 + ["baik"] * 7 + ["butuh_perbaikan"],
    "A3": ["sangat_baik"] * 4 + ["baik"] * 6,
    "A4": ["sangat_baik"] + ["baik"] * 3 + ["butuh_perbaikan"] * 6,
    "A5": ["baik"] * 4 + ["butuh_perbaikan"] + ["kurang"] * 5,
    "A6": ["sangat_baik"] + ["butuh_perbaikan"] * 2 + ["kurang"] + ["sangat_kurang"] * 6,
    "A7": ["sangat_baik"] * 5 + ["butuh_perbaikan"] * 5 + ["baik"] * 14,
}


def nip(i: int, gender: str = "M") -> str:
    birth = date(1980, 1, 1) + timedelta(days=i)
    return f"{birth:%Y%m%d}200503{1 if gender == 'M' else 2}{i % 999 + 1:03d}"


def employee(i: int, agency: str, name: str, gender: str = "M") -> dict:
    birth = date(1980, 1, 1) + timedelta(days=i)
    return {"nip": nip(i, gender), "name": name, "gender": gender, "birth_date": f"{birth}",
            "cpns_date": "2005-03-01", "employment_type": "pns", "education": "s1",
            "agency_code": f"72.71.{agency}", "rank": "III/c", "rank_since": "2019-04-01",
            "position_level": "pelaksana", "position_title": "", "position_since": "", "supervisor_nip": "",
            "status": "active"}


def appraisal(n: str, rating: str, score: float, year: int = 2025, period: str = "Y", **extra) -> dict:
    wr, bh = MATRIX[rating]
    row = {"nip": n, "year": str(year), "period": period, "work_result": wr, "behaviour": bh, "rating": rating,
           "score": str(score), "self_score": "", "peer_score": "", "evaluator_nip": "", "on_time_pct": "",
           "service_quality": "", "training_hours": ""}
    row.update({k: str(v) for k, v in extra.items()})
    return row


def build(con, folder: Path) -> dict:
    """Load the world; returns the NIPs worth naming in tests."""
    agencies = [{"agency_code": f"72.71.{a}", "name": f"Instansi {a} Kota Palu", "short_name": a,
                 "region_code": "72.71", "kind": "dinas"} for a in RATINGS_BY_AGENCY]
    agencies.append({"agency_code": "53.71.B1", "name": "Instansi B1 Kota Kupang", "short_name": "B1",
                     "region_code": "53.71", "kind": "dinas"})
    ratings = [{"agency_code": f"72.71.{a}", "year": "2025", "org_rating": r} for a, r in ORG.items()]
    employees, appraisals, named = [], [], {}
    i = 0
    evaluators = {}
    for key, name in (("E_LEN", "Lina Lestari"), ("E_HARSH", "Harun Siregar"), ("E_MID", "Made Wirawan"),
                      ("E_FEW", "Fajar Nugroho")):
        i += 1
        employees.append(employee(i, "A7" if key != "E_FEW" else "A2", name))
        evaluators[key] = employees[-1]["nip"]
    named.update(evaluators)
    for agency, rs in RATINGS_BY_AGENCY.items():
        for j, rating in enumerate(rs):
            i += 1
            gender = "M" if j % 2 == 0 else "F"
            emp = employee(i, agency, f"Pegawai {agency} {j + 1:02d}", gender)
            employees.append(emp)
            extra, score = {}, DEFAULT_SCORE[rating]
            if agency == "A1":
                score = 100 + j
                extra = {"self_score": score + 10}
                if j % 2 == 0:
                    extra["peer_score"] = score - 5
            if agency == "A2":
                extra = {"on_time_pct": 90, "service_quality": 80, "training_hours": 20}
                if rating == "butuh_perbaikan":
                    extra = {"on_time_pct": 60, "service_quality": 76, "training_hours": 30}
                    named["A2_BP"] = emp["nip"]
                if j < 4:
                    extra["evaluator_nip"] = evaluators["E_FEW"]
            if agency == "A7":
                score = {"sangat_baik": 118, "butuh_perbaikan": 70, "baik": 94}[rating]
                extra = {"evaluator_nip": evaluators[{"sangat_baik": "E_LEN", "butuh_perbaikan": "E_HARSH",
                                                      "baik": "E_MID"}[rating]]}
            appraisals.append(appraisal(emp["nip"], rating, score, **extra))
    # The A2 employee rated butuh_perbaikan in 2025 is rated baik in Q1 2026: no longer a training need then.
    appraisals.append(appraisal(named["A2_BP"], "baik", 95, year=2026, period="Q1"))
    for name, rows in (("agencies", agencies), ("agency_ratings", ratings), ("employees", employees),
                       ("appraisals", appraisals)):
        res = load_file(con, name, write_csv(folder / f"{name}.csv", rows), user="test")
        assert res.status == "loaded", (name, [e.message for e in res.errors[:5]])
    return named
