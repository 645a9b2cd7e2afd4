"""Stage 2, the people: who works in which agency, in which role and staff category, PNS or PPPK, gender,
education, birth date, CPNS (or PPPK appointment) date, status and NIP; made from the agencies' staff numbers.
Ranks, positions and names come in later stages."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from analytics.demo.agencies import Agencies
from analytics.demo.arrays import choice, day_month, day_year, month_index, month_start, numbered
from analytics.demo.calibration import (C_FEXP, C_FSKL, C_HEXP, C_HSKL, C_PEL, C_STRUCT, C_TEACH, EDU_IX, EDU_P,
                                        FIRST_APPRAISAL_YEAR, MIN_ENTRY_AGE, OPDS, P_FEMALE, P_FEMALE_ROLE, P_PPPK,
                                        R_ADMIN, R_HEAD, R_PENG, R_STAFF, SUFFIXES)
from analytics.demo.csv_out import nip_text
from analytics.demo.setting import Setting


@dataclass(frozen=True, eq=False)
class People:
    """One entry per employee, grouped by agency (the first of each agency is its head)."""
    ag: np.ndarray        # agency position
    r: np.ndarray         # position within the agency: 0 head, then administrators, pengawas, staff
    sfx: np.ndarray       # the agency's suffix index
    role: np.ndarray      # R_HEAD, R_ADMIN, R_PENG, R_STAFF
    cat: np.ndarray       # staff category C_*; C_STRUCT for the structural roles
    pppk: np.ndarray      # PPPK (else PNS)
    female: np.ndarray
    edu: np.ndarray       # index in EDU
    birth: np.ndarray     # day number
    cpns_m: np.ndarray    # month index of the CPNS date (PPPK: appointment)
    cpns_d: np.ndarray    # its day number (the 1st of the month)
    status: np.ndarray    # index in domain.EMPLOYEE_STATUSES
    end_m: np.ndarray     # month index of leaving, 10**6 for the active
    n_admin: np.ndarray   # per agency: number of administrators (they follow the head)
    nip: np.ndarray       # 18-digit NIP
    nip_text: pa.Array    # the NIPs as strings, for every file that names an employee


def _structural_posts(agencies: Agencies) -> tuple[np.ndarray, np.ndarray]:
    """Administrators and pengawas per agency: more per non-teaching, non-health staff (teachers are led by
    school heads)."""
    n_a = agencies.staff
    comp = np.array([OPDS[s]["comp"] for s in SUFFIXES])[agencies.sfx]
    n_other = n_a * comp[:, 3:].sum(1)
    n_nt = n_a * (1 - comp[:, 0])
    is_kec = agencies.sfx == SUFFIXES.index("KEC")
    n_admin = np.where(n_a >= 4, np.clip(np.round(1 + 0.012 * n_nt), 1, 12), 0).astype(np.int64)
    n_admin = np.where(is_kec & (n_a >= 4), 1, n_admin)
    n_peng = np.round(0.16 * n_other + 0.04 * n_a * (comp[:, 1] + comp[:, 2]) + 0.008 * n_a * comp[:, 0])
    n_peng = np.minimum(n_peng, 400).astype(np.int64)
    n_peng = np.where(is_kec, np.minimum(n_peng, 5), n_peng)
    n_peng = np.clip(n_peng, 0, np.maximum(n_a - 3 - n_admin, 0))
    return n_admin, n_peng


def _birth_years(max_by: int) -> tuple[np.ndarray, np.ndarray]:
    """Birth years 1946..max_by and their weights (the generation mix of DOMAIN.md)."""
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
    return years, w


def _nips(birth: np.ndarray, female: np.ndarray, cpns_m: np.ndarray, pppk: np.ndarray) -> np.ndarray:
    """NIP: birth date (8), CPNS month (6; PPPK: the year and 21), gender (1), sequence (3)."""
    b = birth.astype("datetime64[D]")
    ymd = (b.astype("datetime64[Y]").astype(np.int64) + 1970) * 10000 + \
          (b.astype("datetime64[M]").astype(np.int64) % 12 + 1) * 100 + \
          (b - b.astype("datetime64[M]").astype("datetime64[D]")).astype(np.int64) + 1
    g = np.where(female, 2, 1)
    cm = cpns_m
    mid_pns = (1970 + cm // 12) * 100 + cm % 12 + 1
    mid_pppk = (1970 + cm // 12) * 100 + 21
    base = ymd * 10 ** 10 + np.where(pppk, mid_pppk, mid_pns) * 10 ** 4 + g * 1000
    seq = numbered(base, np.argsort(base, kind="stable"))
    if seq.max() > 999:
        raise RuntimeError("NIP sequence overflow")
    return base + seq


def make_people(setting: Setting, agencies: Agencies, rng: np.random.Generator) -> People:
    """The employees of the agencies (their staff numbers): PNS 77 % / PPPK 23 %, women 57 %, staff categories
    by the agency's composition, education by group, birth and CPNS dates, status, NIP."""
    N, as_of_month = setting.employees, setting.as_of_month
    n_a = agencies.staff
    ag = np.repeat(np.arange(agencies.n), n_a)
    start = agencies.head
    r = np.arange(N) - start[ag]
    sfx = agencies.sfx[ag]
    n_admin, n_peng = _structural_posts(agencies)
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
        edu[m] = choice(rng, EDU_P[g], int(m.sum()))
    # birth dates (generation mix of DOMAIN.md; structural staff by age so that they are active)
    years, w = _birth_years(min(2002, setting.as_of.year - 22))
    by = years[choice(rng, w, N)]
    frac = rng.random(N)
    # PPPK: appointed 2019 or later, aged 21-56 then
    appt_years = np.arange(2019, setting.as_of.year + 1)
    appt_w = np.array([{2019: .04, 2020: .02, 2021: .08, 2022: .30, 2023: .22, 2024: .20}.get(int(y), .14)
                       for y in appt_years])
    appt_y = appt_years[choice(rng, appt_w, N)]
    appt_mo = np.array([1, 3, 4, 7, 10])[choice(rng, (.35, .3, .15, .1, .1), N)]
    appt_m = (appt_y - 1970) * 12 + appt_mo - 1
    late = appt_m > as_of_month
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
    birth[st] = setting.as_of_day - (age[st] * 365.25).astype(np.int64)
    birth_m = day_month(birth)
    by = day_year(birth)
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
    cmo = np.array([1, 3, 4, 2, 6, 10, 12, 7])[choice(rng, (.42, .30, .08, .05, .05, .04, .03, .03), N)]
    cm = (cy - 1970) * 12 + cmo - 1
    min_cm = birth_m + 12 * 18 + 1
    cm = np.where(cm < min_cm, cm + 12 * np.ceil((min_cm - cm) / 12).astype(np.int64), cm)
    min_service = np.select([role == R_HEAD, role == R_ADMIN, role == R_PENG], [15, 10, 6], 0) * 12
    cm = np.minimum(cm, as_of_month - min_service)
    cm = np.where(cm < min_cm, min_cm, cm)  # cannot happen with the age bounds; kept as a guard
    cpns_m = np.where(pppk, appt_m, cm)
    cpns_d = month_start(cpns_m)
    # status: retirement age (BUP) 60 for teachers and heads, else 58; a few others left
    bup = np.where((cat == C_TEACH) | (role == R_HEAD), 60, 58)
    retire_m = birth_m + 12 * bup + 1
    status = np.zeros(N, np.int8)  # index in EMPLOYEE_STATUSES
    end_m = np.full(N, 10 ** 6, np.int64)
    retired = retire_m <= as_of_month
    status[retired] = 1
    end_m[retired] = retire_m[retired]
    win_lo = np.maximum(cpns_m + 12, month_index(FIRST_APPRAISAL_YEAR, 1))
    can_leave = staff & ~retired & (win_lo < as_of_month)
    u = rng.random(N)
    leave = can_leave & (u < 0.017)
    status[leave & (u < 0.012)] = 4  # transferred
    status[leave & (u >= 0.012) & (u < 0.015)] = 3  # deceased
    status[leave & (u >= 0.015)] = 2  # dismissed
    span = np.maximum(as_of_month - win_lo, 1)
    end_m[leave] = (win_lo + (rng.random(N) * span).astype(np.int64))[leave]
    # the favouritism approver is a man
    if agencies.favouritism >= 0:
        female[start[agencies.favouritism]] = False
    nip = _nips(birth, female, cpns_m, pppk)
    return People(ag=ag, r=r, sfx=sfx, role=role, cat=cat, pppk=pppk, female=female, edu=edu, birth=birth,
                  cpns_m=cpns_m, cpns_d=cpns_d, status=status, end_m=end_m, n_admin=n_admin, nip=nip,
                  nip_text=nip_text(nip))
