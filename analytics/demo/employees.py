"""Stage 6, the names, and employees.csv: a name for every employee from the name pools of the agency's province
(drawn last because the favouritism approver's relatives, chosen among his promotees, carry his family name);
the file puts together the people, their rank, post, NIP and name."""
from __future__ import annotations

import hashlib

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from analytics import domain
from analytics.demo.agencies import Agencies
from analytics.demo.arrays import Numbering
from analytics.demo.calibration import (ALL_RANK_LABELS, EDU, FAVOURITISM_FAMILY_NAME, FAVOURITISM_HEAD_NAME,
                                        MELAYU_POOLS, NAME_POOLS, POOL_NAMES, PROVINCE_POOLS)
from analytics.demo.csv_out import dates, lookup, strings
from analytics.demo.ladder import Ladder
from analytics.demo.people import People
from analytics.demo.positions import Posts


def make_names(agencies: Agencies, people: People, relatives: np.ndarray, rng: np.random.Generator) -> pa.Array:
    """Every employee's name (prefix, given name, middle name, family name; each part by the pool's odds), the
    pool drawn by the mix of the agency's province (PROVINCE_POOLS); the head of FAVOURITISM_AGENCY is
    FAVOURITISM_HEAD_NAME and `relatives` (the favouritism's, from the promotions) carry his family name."""
    N = len(people.ag)
    words = Numbering()
    ids = words.ids
    pools = {p: dict(m=ids(d["m"]), f=ids(d["f"]), lm=ids(d["lm"]), lf=ids(d["lf"] or d["lm"]),
                     pm=ids(d["pm"]), pf=ids(d["pf"]), pp=d["pp"], mid=d["mid"], last=d["last"])
             for p, d in NAME_POOLS.items()}
    prov = np.array(agencies.prov)[people.ag]
    pool = np.zeros(N, np.int64)
    u = rng.random(N)
    for p in np.unique(prov):
        m = prov == p
        mix = PROVINCE_POOLS.get(str(p), MELAYU_POOLS)
        names_ = list(mix)
        cum = np.cumsum([mix[k] for k in names_])
        cum /= cum[-1]
        pick = np.minimum(np.searchsorted(cum, u[m], side="right"), len(names_) - 1)
        pool[m] = np.array([POOL_NAMES.index(k) for k in names_])[pick]
    pre = np.full(N, -1, np.int64)
    first = np.zeros(N, np.int64)
    mid = np.full(N, -1, np.int64)
    last = np.full(N, -1, np.int64)
    fem = people.female
    for pi, pname in enumerate(POOL_NAMES):
        d = pools[pname]
        for is_f in (False, True):
            m = np.flatnonzero((pool == pi) & (fem == is_f))
            if not len(m):
                continue
            given = d["f"] if is_f else d["m"]
            lasts = d["lf"] if is_f else d["lm"]
            prefs = d["pf"] if is_f else d["pm"]
            k = len(m)
            first[m] = given[rng.integers(0, len(given), k)]
            if len(prefs):
                has = rng.random(k) < d["pp"]
                pre[m[has]] = prefs[rng.integers(0, len(prefs), int(has.sum()))]
            has_mid = rng.random(k) < d["mid"]
            mids = given[rng.integers(0, len(given), k)]
            has_mid &= mids != first[m]
            mid[m[has_mid]] = mids[has_mid]
            has_last = rng.random(k) < d["last"]
            last[m[has_last]] = lasts[rng.integers(0, len(lasts), int(has_last.sum()))]
    # single-word names are kept (Javanese style); the favouritism approver and his relatives
    if agencies.favouritism >= 0:
        fam = ids([FAVOURITISM_FAMILY_NAME])[0]
        h = agencies.head[agencies.favouritism]
        fn, ln = FAVOURITISM_HEAD_NAME.split(" ", 1)
        pre[h], first[h], mid[h], last[h] = -1, ids([fn])[0], -1, ids([ln])[0]
        rel = relatives
        last[rel] = fam
        first[rel] = np.where(fem[rel], ids(["Sri"])[0], ids(["Dwi"])[0])
        mid[rel] = -1
        pre[rel] = -1
    V = pa.array(words.items, pa.string())

    def col(a):
        return pc.take(V, pa.array(a, mask=a < 0))

    return pc.binary_join_element_wise(col(pre), col(first), col(mid), col(last), " ", null_handling="skip")


def employee_columns(agencies: Agencies, people: People, ladder: Ladder, posts: Posts,
                     names: pa.Array) -> dict[str, pa.Array]:
    """employees.csv."""
    e = people
    return {
        "nip": e.nip_text,
        "name": names,
        "gender": strings(["M", "F"], e.female.astype(np.int64)),
        "birth_date": dates(e.birth),
        "cpns_date": dates(e.cpns_d),
        "employment_type": strings(["pns", "pppk"], e.pppk.astype(np.int64)),
        "education": strings(EDU, e.edu),
        "agency_code": strings(agencies.code, e.ag),
        "rank": strings(ALL_RANK_LABELS, ladder.rank),
        "rank_since": dates(ladder.rank_since),
        "position_level": strings(domain.POSITION_LEVELS, posts.level),
        "position_title": strings(posts.titles, posts.title),
        "position_since": dates(posts.since),
        "supervisor_nip": lookup(e.nip_text, posts.sup),
        "status": strings(domain.EMPLOYEE_STATUSES, e.status),
        "pns_id": pns_ids(e.nip_text),
    }


def pns_ids(nips: pa.Array) -> pa.Array:
    """SIASN-like PNS IDs (32 upper-case hex digits), fixed by the NIP."""
    return pa.array([hashlib.md5(b"pns:" + n.encode()).hexdigest().upper() for n in nips.to_pylist()], pa.string())
