"""Stage 8, the complaints: LAPOR!-like volumes by the agencies' service exposure from 2024, working-day
response times with the Indonesian holiday calendar, rejected and still-open complaints, and a handler among the
agency's active staff; made from the agencies and the people."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from analytics import domain
from analytics.demo.agencies import Agencies
from analytics.demo.arrays import choice, day_month, day_year, group_pick, grouped
from analytics.demo.calibration import CATEGORIES, FIRST_COMPLAINT_DAY, OPDS, R_HEAD, SUFFIXES
from analytics.demo.csv_out import ints, lookup, padded, stamps, strings
from analytics.demo.people import People
from analytics.demo.setting import Setting

# index in domain.COMPLAINT_STATUSES
RECEIVED, VERIFIED, IN_PROGRESS, RESOLVED, CLOSED, REJECTED = range(6)


@dataclass(frozen=True, eq=False)
class Complaints:
    """One entry per complaint, sorted by receipt (then agency). Times in seconds since 1970."""
    agency: np.ndarray
    year: np.ndarray
    seq: np.ndarray            # number within the year
    no_region: np.ndarray      # region_code left empty
    channel: np.ndarray        # index in domain.CHANNELS
    category: np.ndarray       # index in CATEGORIES
    severity: np.ndarray       # index in domain.SEVERITIES
    received: np.ndarray
    verified: np.ndarray       # valid where has_verified
    responded: np.ndarray
    resolved: np.ndarray
    has_verified: np.ndarray
    has_response: np.ndarray
    has_resolved: np.ndarray
    status: np.ndarray         # index in domain.COMPLAINT_STATUSES
    satisfaction: np.ndarray   # 1-4, valid where rated
    rated: np.ndarray
    handler: np.ndarray        # employee index, -1 for none


def make_complaints(setting: Setting, agencies: Agencies, people: People,
                    rng: np.random.Generator) -> Complaints | None:
    """The complaints from FIRST_COMPLAINT_DAY to as_of (None when as_of is earlier): about 0.4 a year per
    employee, by the agencies' exposure and staff, fewer on holidays and weekends, growing 10 % a year."""
    hol = setting.holidays
    first = int(FIRST_COMPLAINT_DAY.astype(np.int64))
    if setting.as_of_day < first:
        return None
    days = np.arange(first, setting.as_of_day + 1)
    dd = days.astype("datetime64[D]")
    workday = np.is_busday(dd, holidays=hol)
    month = day_month(days) % 12
    season = np.array([1.1, 1.0, 1.0, .95, 1.0, 1.05, 1.15, 1.0, 1.0, 1.0, 1.0, .9])[month]
    trend = 1 + 0.1 * (days - first) / 365.25
    dw = np.where(workday, 1.0, 0.33) * season * trend
    years_span = len(days) / 365.25
    total = setting.employees * 0.4 * years_span
    w = agencies.exposure * agencies.staff
    lam = total * w / w.sum()
    counts = rng.poisson(lam)
    ag = np.repeat(np.arange(agencies.n), counts)
    n = len(ag)
    day = days[choice(rng, dw, n)]
    work = np.is_busday(day.astype("datetime64[D]"), holidays=hol)
    office = rng.random(n) < 0.85
    hour = np.where(work, np.where(office, np.clip(rng.normal(10.5, 2.2, n), 7.0, 17.5),
                                   rng.uniform(17.5, 23.0, n)), rng.uniform(6.0, 23.0, n))
    recv = day * 86400 + (hour * 3600).astype(np.int64) + rng.integers(0, 60, n)
    o = np.lexsort((ag, recv))
    ag, day, recv = ag[o], day[o], recv[o]
    sfx = agencies.sfx[ag]
    cat = np.zeros(n, np.int64)
    u = rng.random(n)
    for si, s in enumerate(SUFFIXES):
        m = sfx == si
        cum = np.cumsum(OPDS[s]["cat"])
        cat[m] = np.minimum(np.searchsorted(cum / cum[-1], u[m], side="right"), len(CATEGORIES) - 1)
    channel = choice(rng, (.52, .16, .08, .03, .04, .13, .02, .02), n)
    sev = choice(rng, (.25, .58, .14, .03), n)
    target = np.array([2, 5, 14, 60])[sev]
    slow = np.exp(rng.normal(0, 0.35, agencies.n))[ag]
    dday = day.astype("datetime64[D]")

    def stage(wd, prev_s):
        d = np.busday_offset(dday, wd, roll="forward", holidays=hol).astype(np.int64)
        t = d * 86400 + (rng.uniform(8.0, 16.0, n) * 3600).astype(np.int64)
        return np.maximum(t, prev_s + rng.integers(300, 7200, n))

    # working days from receipt: resolution by severity target (some breaches), first response and
    # verification not after it
    s_wd = np.round(target * slow * np.exp(rng.normal(np.log(0.55), 0.55, n))).astype(np.int64)
    r_wd = np.minimum(s_wd, np.round(np.exp(rng.normal(np.log(2.8 * slow), 0.85))).astype(np.int64))
    v_wd = np.array([0, 1, 2, 3, 4, 5, 6, 8])[choice(rng, (.30, .30, .17, .10, .05, .04, .02, .02), n)]
    v_wd = np.minimum(v_wd, r_wd)
    ver = stage(v_wd, recv)
    resp = stage(r_wd, ver)
    res = stage(s_wd, resp)
    end = setting.as_of_end_s
    has_v, has_r, has_s = ver <= end, resp <= end, res <= end
    rejected = rng.random(n) < 0.15
    has_r &= ~rejected
    has_s &= ~rejected
    has_r &= has_v
    has_s &= has_r
    closed = has_s & (res < end - 10 * 86400) & (rng.random(n) < 0.55)
    status = np.select([rejected, closed, has_s, has_r, has_v], [REJECTED, CLOSED, RESOLVED, IN_PROGRESS, VERIFIED],
                       RECEIVED)
    breached = np.busday_count(dday, res.astype("datetime64[s]").astype("datetime64[D]"), holidays=hol) > target
    rated = has_s & (rng.random(n) < 0.5)
    sat = np.where(breached, choice(rng, (.15, .30, .40, .15), n), choice(rng, (.03, .09, .48, .40), n)) + 1
    # handler: an active employee of the agency other than its head (once verified)
    idx = np.arange(len(people.ag))
    act = (people.status == 0) & (people.role != R_HEAD)
    members, h_start, h_count = grouped(people.ag[act], agencies.n, idx[act])
    handler = group_pick(rng, ag, h_start, h_count, members)
    handler = np.where(has_v, handler, -1)
    no_region = rng.random(n) < 0.05
    year = day_year(day)
    yfirst = np.searchsorted(year, year, side="left")
    seq = np.arange(n) - yfirst + 1
    return Complaints(agency=ag, year=year, seq=seq, no_region=no_region, channel=channel, category=cat,
                      severity=sev, received=recv, verified=ver, responded=resp, resolved=res, has_verified=has_v,
                      has_response=has_r, has_resolved=has_s, status=status, satisfaction=sat, rated=rated,
                      handler=handler)


def complaint_columns(agencies: Agencies, people: People, c: Complaints) -> dict[str, pa.Array]:
    """complaints.csv; the complaint number LPR-year-sequence is zero-padded to six digits or more."""
    n = len(c.agency)
    width = max(6, len(str(int(c.seq.max()) if n else 1)))
    return {
        "complaint_id": pc.binary_join_element_wise("LPR", pa.array(c.year).cast(pa.string()),
                                                    padded(c.seq, width), "-"),
        "agency_code": strings(agencies.code, c.agency),
        "region_code": strings(agencies.region, c.agency, c.no_region),
        "channel": strings(domain.CHANNELS, c.channel),
        "category": strings(CATEGORIES, c.category),
        "severity": strings(domain.SEVERITIES, c.severity),
        "received_at": stamps(c.received),
        "verified_at": stamps(c.verified, ~c.has_verified),
        "first_response_at": stamps(c.responded, ~c.has_response),
        "resolved_at": stamps(c.resolved, ~c.has_resolved),
        "status": strings(domain.COMPLAINT_STATUSES, c.status),
        "satisfaction": ints(c.satisfaction, ~c.rated),
        "handler_nip": lookup(people.nip_text, c.handler),
    }
