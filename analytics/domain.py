"""Reference scales and enumerations of METRICS.md §0–1 and CONTRACT.md §1.

One vocabulary: the codes here are the codes in the database, the CLI and the UI keys.
"""
from __future__ import annotations

from datetime import date

# --- Ranks (golongan/ruang) -------------------------------------------------------------
PNS_RANKS: tuple[str, ...] = tuple(
    f"{g}/{r}"
    for g, letters in (("I", "abcd"), ("II", "abcd"), ("III", "abcd"), ("IV", "abcde"))
    for r in letters
)
# Position in the PNS ladder: one step is one ruang (III/a -> III/b).
PNS_RANK_ORDER: dict[str, int] = {r: i for i, r in enumerate(PNS_RANKS)}

PPPK_RANKS: tuple[str, ...] = (
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX",
    "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII",
)

EDUCATION_LEVELS: tuple[str, ...] = ("sd", "smp", "sma", "d1", "d2", "d3", "d4", "s1", "s2", "s3")

# Rank ceiling by education for regular promotion (Kep. Ka BKN 12/2002), METRICS.md §0.
EDUCATION_CEILING: dict[str, str] = {
    "sd": "II/a", "smp": "II/c", "sma": "III/b", "d1": "III/b", "d2": "III/b",
    "d3": "III/c", "d4": "III/d", "s1": "III/d", "s2": "IV/a", "s3": "IV/b",
}

# --- Positions --------------------------------------------------------------------------
STRUCTURAL_LEVELS: tuple[str, ...] = (
    "pelaksana", "pengawas", "administrator", "jpt_pratama", "jpt_madya", "jpt_utama",
)
FUNCTIONAL_SKILL_LEVELS: tuple[str, ...] = (
    "fungsional_pemula", "fungsional_terampil", "fungsional_mahir", "fungsional_penyelia",
)
FUNCTIONAL_EXPERT_LEVELS: tuple[str, ...] = (
    "fungsional_ahli_pertama", "fungsional_ahli_muda", "fungsional_ahli_madya", "fungsional_ahli_utama",
)
POSITION_LEVELS: tuple[str, ...] = STRUCTURAL_LEVELS + FUNCTIONAL_SKILL_LEVELS + FUNCTIONAL_EXPERT_LEVELS
# Ladder a level belongs to, and its step in that ladder (levels compare only within a ladder).
POSITION_LADDER: dict[str, tuple[str, int]] = {
    **{lvl: ("structural", i) for i, lvl in enumerate(STRUCTURAL_LEVELS)},
    **{lvl: ("functional_skill", i) for i, lvl in enumerate(FUNCTIONAL_SKILL_LEVELS)},
    **{lvl: ("functional_expert", i) for i, lvl in enumerate(FUNCTIONAL_EXPERT_LEVELS)},
}

# --- Appraisals (PermenPANRB 6/2022) ----------------------------------------------------
RATINGS: tuple[str, ...] = ("sangat_baik", "baik", "butuh_perbaikan", "kurang", "sangat_kurang")
# "Baik or better" (METRICS.md §1), and the ratings below baik: the one definition every figure uses.
GOOD_RATINGS: tuple[str, ...] = ("sangat_baik", "baik")
BELOW_BAIK: tuple[str, ...] = tuple(r for r in RATINGS if r not in GOOD_RATINGS)
EXPECTATIONS: tuple[str, ...] = ("above", "meets", "below")
PERIODS: tuple[str, ...] = ("Q1", "Q2", "Q3", "Q4", "Y")

# (work_result, behaviour) -> rating; METRICS.md §1.
RATING_MATRIX: dict[tuple[str, str], str] = {
    ("above", "below"): "kurang", ("above", "meets"): "baik", ("above", "above"): "sangat_baik",
    ("meets", "below"): "kurang", ("meets", "meets"): "baik", ("meets", "above"): "baik",
    ("below", "below"): "sangat_kurang", ("below", "meets"): "butuh_perbaikan",
    ("below", "above"): "butuh_perbaikan",
}

ORG_RATINGS: tuple[str, ...] = ("istimewa", "baik", "butuh_perbaikan", "kurang", "sangat_kurang")

# --- Other enumerations -----------------------------------------------------------------
AGENCY_KINDS: tuple[str, ...] = ("dinas", "badan", "sekretariat", "inspektorat", "kecamatan", "rsud", "other")
GENDERS: tuple[str, ...] = ("M", "F")
EMPLOYMENT_TYPES: tuple[str, ...] = ("pns", "pppk")
EMPLOYEE_STATUSES: tuple[str, ...] = ("active", "retired", "dismissed", "deceased", "transferred")
CHANNELS: tuple[str, ...] = ("lapor", "walk_in", "phone", "sms", "email", "social_media", "forum", "other")
SEVERITIES: tuple[str, ...] = ("ringan", "normatif", "tidak_berkadar_pengawasan", "berkadar_pengawasan")
COMPLAINT_STATUSES: tuple[str, ...] = ("received", "verified", "in_progress", "resolved", "closed", "rejected")
# The flag codes of METRICS.md §4: the rules, then the statistical screens.
FLAG_CODES: tuple[str, ...] = ("RANK_TIME_SHORT", "RATING_BELOW_BAIK", "MISSING_APPRAISAL", "RANK_SKIP",
                               "EDUCATION_CEILING", "OFF_PERIOD", "POSITION_TENURE_SHORT", "ABOVE_SUPERVISOR",
                               "SCORE_SPIKE", "FAST_TRACK", "APPROVER_PATTERN", "SAME_FAMILY_NAME", "OUTLIER")
# An inspector's review of a flagged promotion (analytics/reviews.py), in the order a case advances.
REVIEW_STATUSES: tuple[str, ...] = ("open", "under_review", "confirmed", "dismissed")
PROMOTION_KINDS: tuple[str, ...] = ("rank_regular", "rank_choice", "rank_education", "position")


def legal_promotion_months(year: int) -> tuple[int, ...]:
    """Months whose 1st is a legal rank-promotion date (Peraturan BKN 4/2023 from 2024)."""
    return (4, 10) if year <= 2023 else (2, 4, 6, 8, 10, 12)


def is_legal_promotion_date(d: date) -> bool:
    return d.day == 1 and d.month in legal_promotion_months(d.year)


def region_level(code: str) -> str:
    """Level of a dotted Kemendagri code: province '72', kab/kota '72.71', kecamatan '72.71.03'."""
    parts = code.count(".")
    return ("province", "kabkota", "kecamatan", "desa")[min(parts, 3)]
