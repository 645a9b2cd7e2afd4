"""Stage 5, the promotions: every rank step since 2019 and the position steps behind the current posts, with
approver and decree, and the planted favouritism (e) (whose annual ratings the appraisals must spoil, and the
relatives whose names carry the approver's family name); made from the ladder and the positions."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from analytics import domain
from analytics.demo.agencies import Agencies
from analytics.demo.arrays import M2019, day_year, numbered
from analytics.demo.calibration import FIRST_APPRAISAL_YEAR, FIRST_PROMOTION_DAY, SUFFIXES
from analytics.demo.csv_out import dates, lookup, padded, strings
from analytics.demo.ladder import Ladder
from analytics.demo.people import People
from analytics.demo.positions import Posts
from analytics.demo.setting import Setting

KINDS = ("rank_regular", "rank_choice", "rank_education", "position")  # Promotions.kind indexes these
POSITION = KINDS.index("position")


@dataclass(frozen=True, eq=False)
class Favouritism:
    """Planted (e): promotees 2024+ of FAVOURITISM_AGENCY (employee -> the year before the promotion)."""
    bad: dict[int, int]        # rated below baik that year
    missing: dict[int, int]    # not rated that year
    relatives: np.ndarray      # employees who carry the approver's family name


@dataclass(frozen=True, eq=False)
class Promotions:
    """One entry per promotion, sorted by effective day, employee and kind."""
    emp: np.ndarray            # employee index
    day: np.ndarray            # effective day number
    kind: np.ndarray           # index in KINDS
    from_rank: np.ndarray      # index in domain.PNS_RANKS, -1 for position steps
    to_rank: np.ndarray
    from_level: np.ndarray     # index in domain.POSITION_LEVELS, -1 for rank steps
    to_level: np.ndarray
    title: np.ndarray          # index in Posts.titles, -1 for rank steps
    planted: np.ndarray        # the ladder's planted code (not written)
    agency: np.ndarray
    approver: np.ndarray       # employee index, -1 for none
    decree_day: np.ndarray
    decree_year: np.ndarray
    decree_seq: np.ndarray     # decree number within region unit and year
    year: np.ndarray
    seq: np.ndarray            # promotion number within the year
    favouritism: Favouritism
    must_be_good: np.ndarray   # per employee: bit y - FIRST_APPRAISAL_YEAR set when year y's rating must be >= baik


def _rows(setting: Setting, ladder: Ladder, posts: Posts) -> dict[str, np.ndarray]:
    """The rank steps (from 2019) and position steps, dated 2019 .. as_of, sorted by day, employee, kind."""
    P, D, PD, FR, TR, KD = ladder.pns, ladder.month, ladder.day, ladder.from_rank, ladder.to_rank, ladder.kind
    ii, kk = np.nonzero(D >= M2019)
    rk = dict(emp=P[ii], day=PD[ii, kk], kind=KD[ii, kk].astype(np.int64),
              fr=FR[ii, kk].astype(np.int64), to=TR[ii, kk].astype(np.int64),
              fl=np.full(len(ii), -1, np.int64), tl=np.full(len(ii), -1, np.int64),
              title=np.full(len(ii), -1, np.int64))
    rk["planted"] = ladder.planted[ii, kk].astype(np.int64)
    parts = [rk]
    for emp, day, fl, tl, ttl in posts.steps:
        n = len(emp)
        parts.append(dict(emp=emp, day=np.asarray(day, np.int64), kind=np.full(n, POSITION, np.int64),
                          fr=np.full(n, -1, np.int64), to=np.full(n, -1, np.int64),
                          fl=np.asarray(fl, np.int64), tl=np.asarray(tl, np.int64),
                          title=np.asarray(ttl, np.int64), planted=np.zeros(n, np.int64)))
    pr = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
    ok = (pr["day"] >= int(FIRST_PROMOTION_DAY.astype(np.int64))) & (pr["day"] <= setting.as_of_day)
    pr = {k: v[ok] for k, v in pr.items()}
    order = np.lexsort((pr["kind"], pr["emp"], pr["day"]))
    return {k: v[order] for k, v in pr.items()}


def _favouritism(agencies: Agencies, emp: np.ndarray, ag: np.ndarray, kind: np.ndarray, year: np.ndarray,
                 approver: np.ndarray, rng: np.random.Generator) -> Favouritism:
    """(e): 60 % of the rank promotees 2024+ in FAVOURITISM_AGENCY, of whom 30 % were not rated the year before
    and the others rated below baik; a third of them (3 to 12) are his relatives."""
    if agencies.favouritism < 0:
        return Favouritism(bad={}, missing={}, relatives=np.zeros(0, np.int64))
    m = (ag == agencies.favouritism) & (kind <= 2) & (year >= FIRST_APPRAISAL_YEAR + 1) & (approver >= 0)
    emps, first_ix = np.unique(emp[m], return_index=True)
    yrs = year[m][first_ix]
    sel = np.sort(rng.choice(len(emps), int(round(0.6 * len(emps))), replace=False))  # exactly 60 %, not about
    emps, yrs = emps[sel], yrs[sel]
    miss = rng.random(len(emps)) < 0.3
    n_rel = min(max(3, int(round(len(emps) * 0.35))), 12, len(emps))
    return Favouritism(bad=dict(zip(emps[~miss].tolist(), (yrs[~miss] - 1).tolist())),
                       missing=dict(zip(emps[miss].tolist(), (yrs[miss] - 1).tolist())),
                       relatives=np.sort(rng.choice(emps, n_rel, replace=False)) if n_rel else emps[:0])


def make_promotions(setting: Setting, agencies: Agencies, people: People, ladder: Ladder, posts: Posts,
                    rng: np.random.Generator) -> Promotions:
    """The promotions since 2019 from the ladder's rank steps and the positions' steps: approver (the agency
    head; for a head the region's Sekretaris Daerah), decree, numbering; the planted favouritism; and the years
    in which each promotee must be rated at least baik. `rng` continues the positions' stream."""
    pr = _rows(setting, ladder, posts)
    # approver: agency head; for a head the Sekretaris Daerah of the region; none for the Sekda
    ag = people.ag[pr["emp"]]
    heads = agencies.head
    setda_of_unit = {int(u): i for i, u in enumerate(agencies.unit) if agencies.sfx[i] == SUFFIXES.index("SETDA")}
    setda = np.array([setda_of_unit[u] for u in agencies.unit.tolist()])
    approver = heads[ag]
    is_head = pr["emp"] == approver
    approver = np.where(is_head, heads[setda[ag]], approver)
    approver = np.where(approver == pr["emp"], -1, approver)
    # decree: a few weeks before the effective date, numbered per region unit and year
    ddate = pr["day"] - np.where(pr["kind"] == POSITION, rng.integers(3, 15, len(ag)),
                                 rng.integers(14, 50, len(ag)))
    dyear = day_year(ddate)
    unit = agencies.unit[ag]
    key = unit.astype(np.int64) * 10000 + dyear
    dseq = numbered(key, np.lexsort((ddate, key)))
    year = day_year(pr["day"])
    yfirst = np.searchsorted(year, year, side="left")  # sorted by day, so by year
    seq = np.arange(len(year)) - yfirst + 1
    fav = _favouritism(agencies, pr["emp"], ag, pr["kind"], year, approver, rng)
    # years in which a promotee's annual rating must be at least baik (regular promotions need it)
    good = np.zeros(setting.employees, np.int64)
    rank_rows = pr["kind"] <= 2
    for back in (1, 2):
        y = year[rank_rows] - back
        okk = (y >= FIRST_APPRAISAL_YEAR) & (y < FIRST_APPRAISAL_YEAR + 40)
        np.bitwise_or.at(good, pr["emp"][rank_rows][okk], (1 << (y[okk] - FIRST_APPRAISAL_YEAR)).astype(np.int64))
    for emp_, y in list(fav.bad.items()) + list(fav.missing.items()):
        good[emp_] &= ~(1 << (y - FIRST_APPRAISAL_YEAR))
    return Promotions(emp=pr["emp"], day=pr["day"], kind=pr["kind"], from_rank=pr["fr"], to_rank=pr["to"],
                      from_level=pr["fl"], to_level=pr["tl"], title=pr["title"], planted=pr["planted"], agency=ag,
                      approver=approver, decree_day=ddate, decree_year=dyear, decree_seq=dseq, year=year, seq=seq,
                      favouritism=fav, must_be_good=good)


def promotion_columns(agencies: Agencies, people: People, posts: Posts, pr: Promotions) -> dict[str, pa.Array]:
    """promotions.csv; the decree number reads 800.1.3 (rank) or 800.1.5 (position) / number / BKD / year."""
    isrank = pr.kind <= 2
    unit_bkd = {int(u): agencies.short[i] for i, u in enumerate(agencies.unit)
                if agencies.sfx[i] == SUFFIXES.index("BKPSDM")}
    bkd_names = sorted(set(unit_bkd.values()))
    bkd_ix = np.array([bkd_names.index(unit_bkd[u]) for u in agencies.unit.tolist()])[pr.agency]
    code = np.where(isrank, 0, 1)
    decree = pc.binary_join_element_wise(
        strings(["800.1.3", "800.1.5"], code), padded(pr.decree_seq, 4), strings(bkd_names, bkd_ix),
        pa.array(pr.decree_year).cast(pa.string()), "/")
    rank_labels, pos_labels = domain.PNS_RANKS, domain.POSITION_LEVELS
    return {
        "promotion_id": pc.binary_join_element_wise("KP", pa.array(pr.year).cast(pa.string()),
                                                    padded(pr.seq, 7), "-"),
        "nip": pc.take(people.nip_text, pa.array(pr.emp)),
        "kind": strings(KINDS, pr.kind),
        "effective_date": dates(pr.day),
        "from_rank": strings(rank_labels, np.maximum(pr.from_rank, 0), ~isrank),
        "to_rank": strings(rank_labels, np.maximum(pr.to_rank, 0), ~isrank),
        "from_position_level": strings(pos_labels, np.maximum(pr.from_level, 0), isrank),
        "to_position_level": strings(pos_labels, np.maximum(pr.to_level, 0), isrank),
        "position_title": strings(posts.titles, np.maximum(pr.title, 0), pr.title < 0),
        "agency_code": strings(agencies.code, pr.agency),
        "approver_nip": lookup(people.nip_text, pr.approver),
        "decree_number": decree,
        "decree_date": dates(pr.decree_day),
    }
