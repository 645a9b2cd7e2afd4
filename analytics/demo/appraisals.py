"""Stage 7, the appraisals: the raters (lenient agencies, lenient and harsh evaluators, the uniform evaluators of
UNIFORM_EVALUATOR_REGIONS) and every employee's lasting tendencies, made from the supervisors; then the quarterly
and annual ratings from 2023 by the rating matrix, drawn and handed over period by period (at national scale
the file does not fit in memory), spoilt where the favouritism (e) needs it and good where a promotion needs it."""
from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from analytics import domain
from analytics.demo.agencies import Agencies
from analytics.demo.arrays import day_number, month_start
from analytics.demo.calibration import FIRST_APPRAISAL_YEAR, R_HEAD, UNIFORM_EVALUATOR_REGIONS
from analytics.demo.csv_out import decimals, lookup, strings
from analytics.demo.people import People
from analytics.demo.positions import Posts
from analytics.demo.promotions import Promotions
from analytics.demo.setting import Setting

WR_CODES, RT_CODES = list(domain.EXPECTATIONS), list(domain.RATINGS)
# rating by (work result, behaviour), both indices in domain.EXPECTATIONS
MATRIX = np.array([[RT_CODES.index(domain.RATING_MATRIX[(w, b)]) for b in WR_CODES] for w in WR_CODES])
# Latent score above TA exceeds, below TBW / TBB misses (work / behaviour): calibrated on REAL_FORMATS.md §6, the
# annual ratings of 2022-2024 (sangat baik 11.27 %, baik 88.46 %, below baik 0.27 % for PNS; PPPK a little lower).
TA, TBW, TBB = 1.4, -3.1, -3.2
LENIENT_AGENCY_SHARE = 0.05    # agencies rating most of their staff sangat baik (they break the rating curve)
PPPK_SHIFT = -0.45             # PPPK are rated sangat baik a little less often (9.01 % against 11.27 %)


@dataclass(frozen=True, eq=False)
class Raters:
    """Who rates how: the planted rater patterns and every employee's lasting tendencies."""
    lenient_agencies: np.ndarray   # per agency (also read by the agency ratings)
    uniform: np.ndarray            # the uniform evaluators (employee indices)
    lenient: np.ndarray            # lenient evaluators
    harsh: np.ndarray              # harsh evaluators
    shift_w: np.ndarray            # per employee: shift of the work-result score (agency and evaluator)
    shift_b: np.ndarray            # the same for behaviour
    uniform_appraisee: np.ndarray  # per employee: rated by a uniform evaluator
    z_w: np.ndarray                # per employee: lasting work-result tendency
    z_b: np.ndarray                # lasting behaviour tendency (correlated with z_w)


def make_raters(agencies: Agencies, people: People, posts: Posts, rng: np.random.Generator) -> Raters:
    """About 5 % of the agencies (LENIENT_AGENCY_SHARE, with five or more staff) lenient; among the evaluators with five or more
    appraisees, outside the planted agencies, the uniform evaluators and about 5 % / 4 % lenient / harsh ones
    (rating at most 12 % of the agency's staff, so that they stand out against the agency's mean: z beyond +-1.5
    in METRICS.md §1); from the supervisors."""
    e, N = people, len(people.ag)
    sup = posts.sup
    n_app = np.bincount(sup[sup >= 0], minlength=N)
    special = np.array([agencies.favouritism, agencies.gender_gap])
    ok_ag = np.ones(agencies.n, bool)
    ok_ag[special[special >= 0]] = False
    evaluators = np.flatnonzero((n_app >= 5) & ok_ag[e.ag] & (e.role != R_HEAD))
    # uniform evaluators: the one with most appraisees in each of the named regions
    region_of = np.array(agencies.region)
    uniform = []
    for reg in UNIFORM_EVALUATOR_REGIONS:
        ev_reg = region_of[e.ag[evaluators]]
        cand = evaluators[(ev_reg == reg) | np.char.startswith(ev_reg.astype(str), reg + ".")]
        if len(cand):
            uniform.append(int(cand[np.argmax(n_app[cand])]))
    uniform_eval = np.array(uniform, np.int64)
    ok_ag[e.ag[uniform_eval]] = False
    big = agencies.staff >= 5
    lenient_ag = (rng.random(agencies.n) < LENIENT_AGENCY_SHARE) & ok_ag & big
    ag_shift = np.where(lenient_ag, 2.6, rng.normal(0, 0.15, agencies.n))
    ev_ag = e.ag[evaluators]
    rest = evaluators[~np.isin(evaluators, uniform_eval) & ~lenient_ag[ev_ag]
                      & (n_app[evaluators] <= 0.12 * agencies.staff[ev_ag])]
    u = rng.random(len(rest))
    if len(rest) >= 10:  # at least two of each
        u[rng.choice(len(rest), 4, replace=False)] = [0.0, 0.01, 0.06, 0.07]
    lenient_eval = rest[u < 0.05]
    harsh_eval = rest[(u >= 0.05) & (u < 0.09)]
    rshift_w = np.zeros(N)
    rshift_b = np.zeros(N)
    rshift_w[lenient_eval], rshift_b[lenient_eval] = 3.2, 2.6
    rshift_w[harsh_eval], rshift_b[harsh_eval] = -1.5, -0.8
    has = sup >= 0
    z_w = rng.normal(0, 1, N).astype(np.float32)
    return Raters(lenient_agencies=lenient_ag, uniform=uniform_eval, lenient=lenient_eval, harsh=harsh_eval,
                  shift_w=ag_shift[e.ag] + np.where(has, rshift_w[np.maximum(sup, 0)], 0) + PPPK_SHIFT * e.pppk,
                  shift_b=ag_shift[e.ag] * 0.9 + np.where(has, rshift_b[np.maximum(sup, 0)], 0) + PPPK_SHIFT * e.pppk,
                  uniform_appraisee=has & np.isin(sup, uniform_eval), z_w=z_w,
                  z_b=(0.6 * z_w + 0.8 * rng.normal(0, 1, N)).astype(np.float32))


def _periods(setting: Setting) -> list[tuple[int, str, int]]:
    """(year, period, last day number) of every quarter and year from FIRST_APPRAISAL_YEAR ended by as_of."""
    periods = []
    for y in range(FIRST_APPRAISAL_YEAR, setting.as_of.year + 1):
        for q in range(1, 5):
            q_end = day_number(datetime.date(y, 3 * q, 1)) + (31 if q in (1, 4) else 30) - 1
            if q_end <= setting.as_of_day:
                periods.append((y, f"Q{q}", q_end))
        y_end = day_number(datetime.date(y, 12, 31))
        if y_end <= setting.as_of_day:
            periods.append((y, "Y", y_end))
    return periods


def appraisal_tables(setting: Setting, people: People, posts: Posts, raters: Raters, promotions: Promotions,
                     periods_seed: np.random.SeedSequence) -> Iterator[dict[str, pa.Array]]:
    """appraisals.csv, one table per period: everyone in service from before the period's end (annual: from
    September) to after it. A quarter's score mixes the lasting tendency, the period's luck and the raters'
    shifts; the year's luck is the mean of its quarters'. Each period draws from its own child of
    `periods_seed`."""
    e, N = people, len(people.ag)
    start_d = e.cpns_d
    end_d = np.where(e.end_m < 10 ** 6, month_start(np.minimum(e.end_m, 10 ** 5)), 10 ** 7)
    eval_str = lookup(e.nip_text, posts.sup)
    periods = _periods(setting)
    seeds = periods_seed.spawn(len(periods))
    acc_w = np.zeros(N, np.float32)
    acc_b = np.zeros(N, np.float32)
    acc_n = np.zeros(N, np.int8)
    fav_bad = np.zeros(N, np.int64)
    for k, v in promotions.favouritism.bad.items():
        fav_bad[k] = v
    fav_miss = np.zeros(N, np.int64)
    for k, v in promotions.favouritism.missing.items():
        fav_miss[k] = v
    for (y, per, p_end), ss in zip(periods, seeds):
        rng = np.random.default_rng(ss)
        annual = per == "Y"
        if per == "Q1":
            acc_w[:], acc_b[:], acc_n[:] = 0, 0, 0
        lim = day_number(datetime.date(y, 9, 30)) if annual else p_end - 30
        idx = np.flatnonzero((start_d <= lim) & (end_d > p_end))
        if annual:
            idx = idx[fav_miss[idx] != y]
        n = len(idx)
        if annual:
            cnt = acc_n[idx].astype(np.float64)
            ew = np.where(cnt > 0, acc_w[idx] / np.sqrt(np.maximum(cnt, 1)), rng.normal(0, 1, n))
            eb = np.where(cnt > 0, acc_b[idx] / np.sqrt(np.maximum(cnt, 1)), rng.normal(0, 1, n))
        else:
            ew = rng.normal(0, 1, n)
            eb = 0.3 * ew + 0.95 * rng.normal(0, 1, n)
            acc_w[idx] += ew
            acc_b[idx] += eb
            acc_n[idx] += 1
        sw = 0.8 * raters.z_w[idx] + 0.6 * ew + raters.shift_w[idx]
        sb = 0.8 * raters.z_b[idx] + 0.6 * eb + raters.shift_b[idx]
        bad = fav_bad[idx] == y
        sw = np.where(bad, sw - (2.2 if annual else 1.2), sw)
        wr = np.select([sw > TA, sw < TBW], [0, 2], 1)
        bh = np.select([sb > TA, sb < TBB], [0, 2], 1)
        uni = raters.uniform_appraisee[idx]
        wr[uni], bh[uni] = 1, 1
        if annual:
            if bad.any():
                kurang = bad & (rng.random(n) < 0.3)
                wr[bad] = np.where(kurang[bad], 1, 2)
                bh[bad] = np.where(kurang[bad], 2, 1)
            must = ((promotions.must_be_good[idx] >> (y - FIRST_APPRAISAL_YEAR)) & 1).astype(bool) & ~bad
            low = must & (MATRIX[wr, bh] >= 2)
            wr[low], bh[low] = 1, 1
        rating = MATRIX[wr, bh]
        q = 0.7 * sw + 0.3 * sb
        center = np.array([110.0, 95.0, 76.0, 62.0, 45.0])[rating]
        qc = np.array([1.6, 0.0, -1.9, -0.5, -2.3])[rating]
        lo = np.array([104.5, 85.0, 65.0, 50.0, 30.0])[rating]
        hi = np.array([120.0, 104.4, 84.9, 69.9, 54.9])[rating]
        score = np.clip(center + 5.5 * (q - qc) + rng.normal(0, 2.0, n), lo, hi)
        score = np.round(score, 1)
        self_s = np.clip(score + rng.normal(5.5, 4.0, n), 0, 120)
        self_s[rng.random(n) < 0.12] = np.nan
        peer = np.clip(score + rng.normal(0, 5.0, n), 0, 120)
        peer[rng.random(n) < 0.2] = np.nan
        ontime = np.clip(np.array([93.0, 86, 72, 78, 60])[rating] + rng.normal(0, 6, n), 0, 100)
        ontime[rng.random(n) < 0.05] = np.nan
        service = np.clip(np.array([90.0, 82, 68, 70, 55])[rating] + rng.normal(0, 7, n), 0, 100)
        service[rng.random(n) < 0.08] = np.nan
        hrs_mean = np.array([10.0, 7.0, 4.0, 3.0, 2.0])[rating] * (4 if annual else 1)
        hours = rng.gamma(2.0, hrs_mean / 2.0)
        hours[rng.random(n) < 0.05] = np.nan
        yield {
            "nip": pc.take(e.nip_text, pa.array(idx)),
            "year": pa.array(np.full(n, y, np.int64)),
            "period": strings([per], np.zeros(n, np.int64)),
            "work_result": strings(WR_CODES, wr),
            "behaviour": strings(WR_CODES, bh),
            "rating": strings(RT_CODES, rating),
            "score": decimals(score),
            "self_score": decimals(self_s),
            "peer_score": decimals(peer),
            "evaluator_nip": pc.take(eval_str, pa.array(idx)),
            "on_time_pct": decimals(ontime),
            "service_quality": decimals(service),
            "training_hours": decimals(hours),
        }
