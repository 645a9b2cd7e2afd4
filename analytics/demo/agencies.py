"""Stage 1, the agencies (OPDs) and how many employees each has, made from the Kemendagri region list; and, once
the appraisals have picked the lenient agencies, the agencies' yearly organisation ratings (agency_ratings.csv)."""
from __future__ import annotations

import hashlib

import csv
import datetime
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from analytics import domain
from analytics.demo.calibration import (CORE_KECAMATAN, CORE_UNITS, FAVOURITISM_AGENCY, FIRST_RATING_YEAR,
                                        GENDER_GAP_AGENCY, KEC_SHARE_CORE, KEC_SHARE_TOTAL, OPDS, PNS_BY_PROVINCE,
                                        PNS_TOTAL, REGIONS_CSV, RSUD_NAMES, SUFFIXES)
from analytics.demo.csv_out import strings
from analytics.demo.setting import Setting


@dataclass(frozen=True, eq=False)
class Agencies:
    """One entry per agency, in file order. A region unit is a province or kab/kota with its agencies."""
    code: tuple[str, ...]      # e.g. 33.10.DISDIK
    name: tuple[str, ...]
    short: tuple[str, ...]
    region: tuple[str, ...]    # region code of the agency (the kecamatan for a kecamatan office)
    kind: tuple[str, ...]
    prov: tuple[str, ...]      # province code
    sfx: np.ndarray            # index in SUFFIXES
    unit: np.ndarray           # region unit the agency belongs to
    is_prov: np.ndarray        # a province's agency
    staff: np.ndarray          # number of employees
    head: np.ndarray           # index of the agency's first employee, its head (employees are grouped by agency)
    exposure: np.ndarray       # complaint exposure of the agency's kind
    index: dict[str, int]      # code -> position
    favouritism: int           # position of FAVOURITISM_AGENCY, -1 when not generated
    gender_gap: int            # position of GENDER_GAP_AGENCY, -1 when not generated

    @property
    def n(self) -> int:
        return len(self.code)


@dataclass(frozen=True, eq=False)
class AgencyRatings:
    """One entry per agency and year rated."""
    agency: np.ndarray         # position of the agency
    year: np.ndarray
    rating: np.ndarray         # index in domain.ORG_RATINGS


def _read_regions() -> tuple[dict[str, dict[str, str]], dict[str, list[str]], list[str]]:
    """The region list: rows by code, children by parent code, province codes."""
    rows = []
    with open(REGIONS_CSV, encoding="utf-8") as f:
        for r in csv.DictReader(f):
            rows.append({k: (v or "").strip() for k, v in r.items()})
    by_code = {r["region_code"]: r for r in rows}
    children = defaultdict(list)
    for r in rows:
        if r["parent_code"]:
            children[r["parent_code"]].append(r["region_code"])
    provinces = [r["region_code"] for r in rows if r["level"] == "province"]
    return by_code, children, provinces


def _region_units(by_code: dict[str, dict[str, str]], children: dict[str, list[str]],
                  provinces: list[str]) -> list[dict]:
    """Every province and kab/kota as a unit (code, prov, kind, label, kecs, weight); the weight is its share of
    the PNS (by province as in DOMAIN.md, 13 % of a province's at the province's own agencies)."""
    nkab = {p: len([c for c in children[p]]) for p in provinces}
    known = sum(PNS_BY_PROVINCE.values())
    rest = sum(nkab[p] + 4 for p in provinces if p not in PNS_BY_PROVINCE)
    weight_p = {p: PNS_BY_PROVINCE.get(p, (PNS_TOTAL - known) * (nkab[p] + 4) / rest) for p in provinces}
    units = []
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
    return units


def _choose_units(units: list[dict], core: list[int], n_employees: int,
                  rng: np.random.Generator) -> dict[int, list[str]]:
    """The units generated -> their kecamatan offices: the origin places, then more units drawn by weight until
    there is about one agency per 300 employees."""
    chosen = {i: list(CORE_KECAMATAN.get(units[i]["code"], ())) for i in core}
    n_agencies = sum(11 + len(k) for k in chosen.values())
    target = n_employees / 300
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
    return chosen


def _agency_rows(units: list[dict], unit_ids: list[int], chosen: dict[int, list[str]],
                 by_code: dict[str, dict[str, str]]) -> list[dict]:
    """The agencies of the chosen units: the eleven OPDs of each and its kecamatan offices."""
    ag = []
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
    return ag


def _staff_per_agency(n_employees: int, units: list[dict], unit_ids: list[int], core: list[int], ag: list[dict],
                      rng: np.random.Generator) -> np.ndarray:
    """Employees per agency: the units' weights (the origin places at least 11 % of the staff, at most 3,000),
    split over a unit's agencies by their shares, at least a few each."""
    n = len(ag)
    uw = {ui: units[ui]["weight"] for ui in unit_ids}
    e_unit = np.array([uw[ui] for ui in unit_ids], np.float64)
    e_unit = n_employees * e_unit / e_unit.sum()
    is_core = np.array([ui in core for ui in unit_ids])
    floor = min(0.11 * n_employees, 3000.0)
    fl = is_core & (e_unit < floor)
    e_unit[fl] = floor
    rest_n = max(n_employees - e_unit[fl].sum(), 0.0)
    if (~fl).any():
        e_unit[~fl] *= rest_n / e_unit[~fl].sum()
    e_of_unit = dict(zip(unit_ids, e_unit))
    share = np.array([a["share"] for a in ag])
    share_sum = defaultdict(float)
    for a, s in zip(ag, share):
        share_sum[a["unit"]] += s
    expected = np.array([e_of_unit[a["unit"]] * s / share_sum[a["unit"]] for a, s in zip(ag, share)])
    min_per = int(max(1, min(5, n_employees // (2 * n))))
    if n_employees < n * min_per:
        raise ValueError(f"employees must be at least {n * min_per} for {n} agencies")
    p = np.maximum(expected - min_per, 0.01)
    return min_per + rng.multinomial(n_employees - n * min_per, p / p.sum())


def make_agencies(setting: Setting, rng: np.random.Generator) -> Agencies:
    """The agencies of the origin places (CORE_UNITS) and, at larger scale, of more kab/kota and provinces
    (weighted by PNS per province), with their staff numbers; from the region list (REGIONS_CSV)."""
    by_code, children, provinces = _read_regions()
    units = _region_units(by_code, children, provinces)
    ucode = {u["code"]: i for i, u in enumerate(units)}
    core = [ucode[c] for c in CORE_UNITS]
    chosen = _choose_units(units, core, setting.employees, rng)
    unit_ids = sorted(chosen, key=lambda i: (units[i]["code"].split(".")[0], units[i]["kind"] != "prov",
                                            units[i]["code"]))
    ag = _agency_rows(units, unit_ids, chosen, by_code)
    for a in ag:
        if a["region"] not in by_code:
            raise RuntimeError(f"unknown region {a['region']}")
    staff = _staff_per_agency(setting.employees, units, unit_ids, core, ag, rng)
    code = tuple(a["code"] for a in ag)
    index = {c: i for i, c in enumerate(code)}
    return Agencies(
        code=code, name=tuple(a["name"] for a in ag), short=tuple(a["short"] for a in ag),
        region=tuple(a["region"] for a in ag), kind=tuple(a["kind"] for a in ag), prov=tuple(a["prov"] for a in ag),
        sfx=np.array([SUFFIXES.index(a["sfx"]) for a in ag], np.int8), unit=np.array([a["unit"] for a in ag]),
        is_prov=np.array([a["is_prov"] for a in ag]), staff=staff, head=np.cumsum(staff) - staff,
        exposure=np.array([OPDS[a["sfx"]]["exp"] for a in ag]), index=index,
        favouritism=index.get(FAVOURITISM_AGENCY, -1), gender_gap=index.get(GENDER_GAP_AGENCY, -1))


def agency_columns(agencies: Agencies) -> dict[str, pa.Array]:
    """agencies.csv."""
    return {"agency_code": pa.array(list(agencies.code)), "name": pa.array(list(agencies.name)),
            "short_name": pa.array(list(agencies.short)), "region_code": pa.array(list(agencies.region)),
            "kind": pa.array(list(agencies.kind))}


# The sub-units of an agency in the unit map (REAL_FORMATS.md §5): SIASN places staff in such units, which belong to
# the agency through their parent.
SUB_UNITS = ("Sekretariat", "Bidang Pelayanan")


def unor_id(code: str, k: int) -> str:
    """A SIASN-like unit id (32 upper-case hex digits), fixed by the agency code and the unit's place (0: the
    agency's top unit, 1…: its sub-units)."""
    return hashlib.md5(f"unor:{code}:{k}".encode()).hexdigest().upper()


def unor_columns(agencies: Agencies) -> dict[str, pa.Array]:
    """unor_map.csv: each agency's top unit, with its agency, and its sub-units, which name only their parent."""
    ids, names, parents, codes = [], [], [], []
    for code, name in zip(agencies.code, agencies.name):
        top = unor_id(code, 0)
        ids.append(top), names.append(name), parents.append(None), codes.append(code)
        for k, sub in enumerate(SUB_UNITS, start=1):
            ids.append(unor_id(code, k)), names.append(f"{sub} {name}"), parents.append(top), codes.append(None)
    return {"unor_id": pa.array(ids, pa.string()), "name": pa.array(names, pa.string()),
            "parent_unor_id": pa.array(parents, pa.string()), "agency_code": pa.array(codes, pa.string())}


def make_agency_ratings(setting: Setting, agencies: Agencies, lenient: np.ndarray,
                        rng: np.random.Generator) -> AgencyRatings:
    """The organisation rating of every agency for every year ended by as_of (from FIRST_RATING_YEAR); the
    lenient agencies (`lenient`, from the appraisals' raters) are more often "istimewa"."""
    as_of = setting.as_of
    years = [y for y in range(FIRST_RATING_YEAR, as_of.year + 1) if datetime.date(y, 12, 31) <= as_of]
    n = agencies.n
    ag = np.repeat(np.arange(n), len(years))
    yr = np.tile(np.array(years, np.int64), n)
    p_ist = np.where(lenient[ag], 0.5, 0.1)
    u = rng.random(len(ag))
    rating = np.select([u < p_ist, u < p_ist + 0.05, u < p_ist + 0.06], [0, 2, 3], 1)
    return AgencyRatings(agency=ag, year=yr, rating=rating)


def agency_rating_columns(agencies: Agencies, ratings: AgencyRatings) -> dict[str, pa.Array]:
    """agency_ratings.csv."""
    return {"agency_code": strings(agencies.code, ratings.agency), "year": pa.array(ratings.year),
            "org_rating": strings(domain.ORG_RATINGS, ratings.rating)}
