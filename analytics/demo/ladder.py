"""Stage 3, the rank ladder: every PNS's rank steps from the CPNS date to as_of (entry rank by education, one
step every 4-6 years on legal dates, capped by the education ceiling except functional and structural staff who
go up to two steps beyond it by rank_choice), with the planted rank irregularities (a)-(d) and (f); made from the
people. PPPK have one rank by education and no steps."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from analytics.demo.agencies import Agencies
from analytics.demo.arrays import M2017, M2019, choice, legal_next, month_start
from analytics.demo.calibration import (C_FEXP, C_HEXP, C_PEL, CEIL_IX, EDU_IX, ENTRY_IX, EXPERT_CATS,
                                        P_CEILING_BREAKER, P_OFF_PERIOD, P_SKIP, P_SOON, PPPK_RANK_IX, R_ADMIN, R_HEAD,
                                        R_PENG, RANK_IX, SKILL_CATS, TOP_RANK)
from analytics.demo.people import People
from analytics.demo.setting import Setting

# planted codes of a step (Ladder.planted)
SOON, OFF_PERIOD, SKIP, CEILING = 1, 2, 3, 4


@dataclass(frozen=True, eq=False)
class Ladder:
    """The steps of the PNS as (PNS row x step) arrays, -1 / 0 where there is no step; and every employee's
    current rank."""
    pns: np.ndarray         # employee index of each PNS row
    month: np.ndarray       # month index of the step, -1 for none
    day: np.ndarray         # its effective day number (the 1st, or the 15th when planted off-period)
    from_rank: np.ndarray   # index in domain.PNS_RANKS
    to_rank: np.ndarray
    kind: np.ndarray        # 0 rank_regular, 1 rank_choice, 2 rank_education
    planted: np.ndarray     # 0 none, SOON, OFF_PERIOD, SKIP, CEILING
    rank: np.ndarray        # per employee: index in PNS order, or 17 + PPPK index
    rank_since: np.ndarray  # per employee: day number of the last step (else the CPNS date)
    pns_rank: np.ndarray    # per employee: rank for PNS, -1 for PPPK


def _caps(rng: np.random.Generator, edu: np.ndarray, cat: np.ndarray,
          role: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Entry rank, education ceiling, the rank a PNS can reach (cap), who upgrades by a degree (II/c entry, one
    education step at II/d) and who breaks the ceiling by rank_regular (planted (d))."""
    n = len(edu)
    ceil = CEIL_IX[edu].astype(np.int64)
    entry = ENTRY_IX[edu].astype(np.int64)
    upgr = np.isin(edu, [EDU_IX["s1"], EDU_IX["d4"]]) & np.isin(cat, [C_PEL, C_FEXP, C_HEXP]) & (
        rng.random(n) < 0.06)
    entry[upgr] = RANK_IX["II/c"]
    extra = np.zeros(n, np.int64)
    fe = np.isin(cat, EXPERT_CATS)
    extra[fe] = choice(rng, (.25, .35, .40), int(fe.sum()))
    fs = np.isin(cat, SKILL_CATS)
    extra[fs] = choice(rng, (.5, .5), int(fs.sum()))
    extra[role == R_HEAD] = 2 + rng.integers(0, 2, int((role == R_HEAD).sum()))
    extra[role == R_ADMIN] = 1 + rng.integers(0, 2, int((role == R_ADMIN).sum()))
    extra[role == R_PENG] = 0
    breaker = np.isin(role, [R_PENG]) | (cat == C_PEL)
    breaker &= rng.random(n) < P_CEILING_BREAKER
    extra[breaker] = 1
    cap = np.minimum(ceil + extra, TOP_RANK)
    # without a degree the step into golongan III (II/d -> III/a) and into II (I/d -> II/a) needs the
    # ujian dinas: about half never pass it
    exam = (edu <= EDU_IX["d3"]) & ~upgr & (rng.random(n) < 0.4)
    cap = np.where(exam & (entry <= RANK_IX["II/d"]), np.minimum(cap, RANK_IX["II/d"]), cap)
    cap = np.where(exam & (entry <= RANK_IX["I/d"]), np.minimum(cap, RANK_IX["I/d"]), cap)
    breaker &= cap > ceil
    return entry, ceil, cap, upgr, breaker


def make_ladder(setting: Setting, agencies: Agencies, people: People, rng: np.random.Generator) -> Ladder:
    """The rank steps of every PNS from the people (education, category, role, CPNS and leaving months); the
    women of the gender-gap agency wait longer (planted (f))."""
    e, as_of_month = people, setting.as_of_month
    P = np.flatnonzero(~e.pppk)
    n = len(P)
    entry, ceil, cap, upgr, breaker = _caps(rng, e.edu[P], e.cat[P], e.role[P])
    gapw = (e.ag[P] == agencies.gender_gap) & e.female[P]
    start, end = e.cpns_m[P], e.end_m[P]
    K = TOP_RANK + 1
    D = np.full((n, K), -1, np.int32)
    FR = np.zeros((n, K), np.int8)
    TR = np.zeros((n, K), np.int8)
    KD = np.zeros((n, K), np.int8)   # 0 regular, 1 choice, 2 education
    IR = np.zeros((n, K), np.int8)   # planted: 1 soon, 2 off-period, 3 skip, 4 ceiling
    cur_r, cur_m = entry.copy(), start.copy()
    alive = cur_r < cap
    iv_months, iv_p = np.array([48, 60, 72, 84, 96]), (.55, .25, .12, .05, .03)
    iv_low, iv_p_low = np.array([48, 60, 72, 96]), (.40, .30, .18, .12)
    for k in range(K):
        if not alive.any():
            break
        iv = np.where(cur_r < RANK_IX["III/a"], iv_low[choice(rng, iv_p_low, n)], iv_months[choice(rng, iv_p, n)])
        edu_step = upgr & (cur_r == RANK_IX["II/d"])
        iv = np.where(edu_step, rng.integers(13, 37, n), iv)
        beyond = cur_r >= ceil
        iv = np.where(beyond & ~edu_step, np.array([48, 54, 60, 72])[rng.integers(0, 4, n)], iv)
        soon = ((rng.random(n) < P_SOON) & ~edu_step & ~beyond & ((k == 0) | (cur_m >= M2019))
                & (cur_m + 24 >= M2019))
        iv = np.where(soon, rng.integers(24, 34, n), iv)
        delay = gapw & ~soon & (cur_m + iv >= M2017) & (rng.random(n) < 0.9)
        iv = iv + np.where(delay, rng.integers(24, 49, n), 0)
        cand = legal_next(cur_m + iv)
        skip = (rng.random(n) < P_SKIP) & ~edu_step & (cur_r + 2 <= ceil) & (cand >= M2019) & ~soon
        step = 1 + skip.astype(np.int64)
        ok = alive & (cur_r + step <= cap) & (cand <= as_of_month) & (cand < end)
        to = cur_r + step
        D[ok, k] = cand[ok]
        FR[ok, k] = cur_r[ok]
        TR[ok, k] = to[ok]
        KD[ok, k] = np.where(edu_step, 2, np.where((to > ceil) & ~breaker, 1, 0))[ok]
        IR[ok, k] = np.select([soon, skip, (to > ceil) & breaker], [SOON, SKIP, CEILING], 0)[ok]
        cur_r = np.where(ok, to, cur_r)
        cur_m = np.where(ok, cand, cur_m)
        alive = ok & (cur_r < cap)
    # promotion days; (b) off-period: the 15th instead of the 1st, for a few visible promotions
    PD = np.where(D >= 0, month_start(np.maximum(D, 0)), -1).astype(np.int32)
    # (only where the next step leaves room, so that it does not become too soon as well)
    nxt = np.concatenate([D[:, 1:], np.full((n, 1), -1, np.int32)], axis=1).astype(np.int64)
    nkind = np.concatenate([KD[:, 1:], np.zeros((n, 1), np.int8)], axis=1)
    room = (nxt < 0) | (nxt - D > np.array([48, 24, 12])[nkind])
    off = (D >= M2019) & (D < as_of_month) & (IR == 0) & room & (rng.random(D.shape) < P_OFF_PERIOD)
    PD[off] += 14
    IR[off] = OFF_PERIOD
    count = (D >= 0).sum(1)
    last = np.maximum(count - 1, 0)
    rows = np.arange(n)
    rank_p = np.where(count > 0, TR[rows, last], entry)
    rank_since_p = np.where(count > 0, PD[rows, last], e.cpns_d[P])
    rank = np.zeros(setting.employees, np.int64)
    rank[P] = rank_p
    pk = e.pppk
    rank[pk] = 17 + PPPK_RANK_IX[e.edu[pk]]
    rank_since = e.cpns_d.copy()
    rank_since[P] = rank_since_p
    return Ladder(pns=P, month=D, day=PD, from_rank=FR, to_rank=TR, kind=KD, planted=IR, rank=rank,
                  rank_since=rank_since, pns_rank=np.where(pk, -1, rank))
