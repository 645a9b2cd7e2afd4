"""Stage 4, the positions: every employee's position level and title (functional from the rank, structural by
role, the heads of schools and puskesmas among the teachers and health staff), supervisor and position date,
and the position steps behind the current posts (for promotions.csv); made from the people and their ranks."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from analytics import domain
from analytics.demo.agencies import Agencies
from analytics.demo.arrays import M2019, Numbering, choice, group_pick, grouped, month_start
from analytics.demo.calibration import (ADMIN_TITLES, C_FEXP, C_FSKL, C_HEXP, C_HSKL, C_PEL, C_TEACH, EDU_IX,
                                        EXPERT_CATS, EXPERT_PROFS, EXPERT_WORDS, FIRST_PROMOTION_DAY, HEAD_TITLES,
                                        HEALTH_EXPERT, HEALTH_SKILLED, PELAKSANA_TITLES, PENG_TITLES, PPPK_IX,
                                        R_ADMIN, R_HEAD, R_PENG, R_STAFF, SKILL_CATS, SKILL_WORDS, SKILLED_DEFAULT,
                                        SKILLED_PROFS, SUFFIXES)
from analytics.demo.ladder import Ladder
from analytics.demo.people import People
from analytics.demo.setting import Setting

PL = {lvl: i for i, lvl in enumerate(domain.POSITION_LEVELS)}  # level -> index in domain.POSITION_LEVELS
EXPERT_LEVELS = np.array([PL[x] for x in domain.FUNCTIONAL_EXPERT_LEVELS])
SKILL_LEVELS = np.array([PL[x] for x in domain.FUNCTIONAL_SKILL_LEVELS])
LEADER_TASKS = ((0, "Kepala Sekolah"), (1, "Kepala Puskesmas"))  # group kind: 0 teachers, 1 puskesmas staff

# A group of position steps: employee, day number, from level, to level (in domain.POSITION_LEVELS), title index.
Steps = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]


@dataclass(frozen=True, eq=False)
class Posts:
    """Every employee's post, and the position steps since 2019."""
    level: np.ndarray      # index in domain.POSITION_LEVELS
    title: np.ndarray      # index in `titles`
    sup: np.ndarray        # supervisor (employee index), -1 for none
    since: np.ndarray      # day number of the position date
    titles: tuple[str, ...]
    steps: tuple[Steps, ...]   # the position steps since 2019, in groups


def _functional(rng: np.random.Generator, people: People, rank: np.ndarray,
                titles: Numbering) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Levels and titles of the functional and pelaksana staff: a family (profession and ladder) times the
    level word, the level from the rank. Returns level, title, each employee's family row (-1 for none), the
    family x level title table and the level within the ladder."""
    e, tid = people, titles.id
    N = len(e.ag)
    cat, pppk = e.cat, e.pppk
    level = np.zeros(N, np.int8)  # index into POSITION_LEVELS
    title = np.zeros(N, np.int64)
    exp_lvl = np.select([rank <= 9, rank <= 11, rank <= 14], [0, 1, 2], 3)
    skl_lvl = np.select([rank <= 4, rank <= 7, rank <= 9], [0, 1, 2], 3)
    pk_rank = rank - 17
    exp_lvl = np.where(pppk, np.where(pk_rank >= PPPK_IX["XI"], 1, 0), exp_lvl)
    skl_lvl = np.where(pppk, np.where(pk_rank >= PPPK_IX["VII"], 1, 0), skl_lvl)
    is_exp, is_skl = np.isin(cat, EXPERT_CATS), np.isin(cat, SKILL_CATS)
    lvl_ix = np.where(is_exp, exp_lvl, skl_lvl)
    level[is_exp] = EXPERT_LEVELS[exp_lvl[is_exp]]
    level[is_skl] = SKILL_LEVELS[skl_lvl[is_skl]]
    level[cat == C_PEL] = PL["pelaksana"]
    # professions
    prof = np.zeros(N, np.int64)
    m = cat == C_HEXP
    prof[m] = choice(rng, [p for _, p in HEALTH_EXPERT], int(m.sum()))
    m = cat == C_HSKL
    prof[m] = choice(rng, [p for _, p in HEALTH_SKILLED], int(m.sum()))
    u = rng.random(N)
    families: list[tuple[str, bool]] = []
    fam_ix: dict[tuple[str, bool], int] = {}

    def fam(prof_name: str, expert: bool) -> int:
        if (prof_name, expert) not in fam_ix:
            fam_ix[(prof_name, expert)] = len(families)
            families.append((prof_name, expert))
        return fam_ix[(prof_name, expert)]

    frow = np.full(N, -1, np.int64)
    frow[cat == C_TEACH] = fam("Guru", True)
    m = cat == C_HEXP
    frow[m] = np.array([fam(p_, True) for p_, _ in HEALTH_EXPERT])[prof[m]]
    m = cat == C_HSKL
    frow[m] = np.array([fam(p_, False) for p_, _ in HEALTH_SKILLED])[prof[m]]
    for si, s in enumerate(SUFFIXES):
        for c, expert, profs in ((C_FEXP, True, EXPERT_PROFS.get(s, EXPERT_PROFS["KEC"])),
                                 (C_FSKL, False, SKILLED_PROFS.get(s, SKILLED_DEFAULT))):
            m = (cat == c) & (e.sfx == si)
            frow[m] = np.array([fam(p_, expert) for p_ in profs])[(u[m] * len(profs)).astype(np.int64)]
    ftab = np.array([[tid(f"{p_} Ahli {w}") for w in EXPERT_WORDS] if expert else
                     [tid(f"{p_} {w}") for w in SKILL_WORDS] for p_, expert in families])
    fun = frow >= 0
    title[fun] = ftab[frow[fun], lvl_ix[fun]]
    m = cat == C_PEL
    grp = np.select([e.edu <= EDU_IX["sma"], e.edu <= EDU_IX["d3"]], [0, 1], 2)
    tab = np.array([[tid(t) for t in g] for g in PELAKSANA_TITLES])
    title[m] = tab[grp[m], (u[m] * 2).astype(np.int64)]
    return level, title, frow, ftab, lvl_ix


def _structural(agencies: Agencies, people: People, level: np.ndarray, title: np.ndarray,
                titles: Numbering) -> np.ndarray:
    """Levels and titles of the heads, administrators and pengawas (in place); returns who heads a kecamatan."""
    role, r, sfx_of, heads, tid = people.role, people.r, people.sfx, agencies.head, titles.id
    for si, s in enumerate(SUFFIXES):
        m = (role == R_HEAD) & (sfx_of == si)
        title[m] = tid(HEAD_TITLES[s])
        at = np.array([tid(t) for t in ADMIN_TITLES[s]])
        m = (role == R_ADMIN) & (sfx_of == si)
        title[m] = at[(r[m] - 1) % len(at)]
        pt = np.array([tid(t) for t in PENG_TITLES[s]])
        m = (role == R_PENG) & (sfx_of == si)
        title[m] = pt[(r[m] - 1 - people.n_admin[people.ag[m]]) % len(pt)]
    bk = heads[(agencies.sfx == SUFFIXES.index("BKPSDM")) & agencies.is_prov]
    title[bk] = tid("Kepala Badan Kepegawaian Daerah")
    level[role == R_ADMIN] = PL["administrator"]
    level[role == R_PENG] = PL["pengawas"]
    level[role == R_HEAD] = PL["jpt_pratama"]
    kec_head = (role == R_HEAD) & (sfx_of == SUFFIXES.index("KEC"))
    level[kec_head] = PL["administrator"]
    setda = agencies.sfx == SUFFIXES.index("SETDA")
    prov_sekda = heads[setda & agencies.is_prov]
    level[prov_sekda] = PL["jpt_madya"]
    return kec_head


def _leaders(agencies: Agencies, people: People, rank: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Kepala sekolah / kepala puskesmas: the highest-ranked (then oldest) active PNS of the agency's teachers /
    puskesmas experts, one per 20 / 25 of the group. Returns leader, the leader's group kind and every
    employee's group kind (0 teachers, 1 puskesmas staff, -1 none)."""
    ag, cat = people.ag, people.cat
    N = len(ag)
    dinkes = SUFFIXES.index("DINKES")
    leader = np.zeros(N, bool)
    lead_kind = np.full(N, -1, np.int8)     # 0 teacher group, 1 puskesmas group
    group_kind = np.where(cat == C_TEACH, 0,
                          np.where(np.isin(cat, (C_HEXP, C_HSKL)) & (people.sfx == dinkes), 1, -1))
    for kind, per, minimum, cand_cats in ((0, 20, 8, (C_TEACH,)), (1, 25, 10, (C_HEXP,))):
        members = group_kind == kind
        size = np.bincount(ag[members], minlength=agencies.n)
        k_lead = np.where(size >= minimum, np.ceil(size / per), 0).astype(np.int64)
        cand = np.flatnonzero(np.isin(cat, cand_cats) & members & ~people.pppk & (people.status == 0))
        order = np.lexsort((people.birth[cand], -rank[cand], ag[cand]))
        cand = cand[order]
        ga = ag[cand]
        first = np.searchsorted(ga, ga, side="left")
        pos = np.arange(len(cand)) - first
        chosen = cand[pos < k_lead[ga]]
        leader[chosen] = True
        lead_kind[chosen] = kind
    return leader, lead_kind, group_kind


def _supervisors(rng: np.random.Generator, agencies: Agencies, people: People, pns_rank: np.ndarray,
                 leader: np.ndarray, lead_kind: np.ndarray, group_kind: np.ndarray) -> np.ndarray:
    """Each employee's supervisor: the head for administrators, an administrator for pengawas and leaders, a
    leader for the teachers and puskesmas staff, else a pengawas; never one of lower rank (then an
    administrator, else the head). -1 for the heads."""
    ag, role = people.ag, people.role
    N = len(ag)
    idx = np.arange(N)
    sup = np.full(N, -1, np.int64)
    admins, a_start, a_count = grouped(ag[role == R_ADMIN], agencies.n, idx[role == R_ADMIN])
    pengs, p_start, p_count = grouped(ag[role == R_PENG], agencies.n, idx[role == R_PENG])
    head_of = agencies.head[ag]
    m = role == R_ADMIN
    sup[m] = head_of[m]
    m = (role == R_PENG) | leader
    pick = group_pick(rng, ag[m], a_start, a_count, admins)
    sup[m] = np.where(pick >= 0, pick, head_of[m])
    staff = (role == R_STAFF) & ~leader
    for kind in (0, 1):
        lm = leader & (lead_kind == kind)
        lead, l_start, l_count = grouped(ag[lm], agencies.n, idx[lm])
        m = staff & (group_kind == kind)
        pick = group_pick(rng, ag[m], l_start, l_count, lead)
        sup[np.flatnonzero(m)[pick >= 0]] = pick[pick >= 0]
    m = staff & (sup < 0)
    pick = group_pick(rng, ag[m], p_start, p_count, pengs)
    pick2 = group_pick(rng, ag[m], a_start, a_count, admins)
    sup[m] = np.where(pick >= 0, pick, np.where(pick2 >= 0, pick2, head_of[m]))
    sup[role == R_HEAD] = -1
    # a supervisor of lower rank than the employee: an administrator, else the head
    pr = pns_rank
    for fallback in (admins, None):
        bad = (sup >= 0) & (pr >= 0) & (pr[np.maximum(sup, 0)] >= 0) & (pr > pr[np.maximum(sup, 0)]) & (
            role != R_HEAD) & (role != R_ADMIN)
        if not bad.any():
            break
        if fallback is not None:
            pick = group_pick(rng, ag[bad], a_start, a_count, admins)
            sup[bad] = np.where(pick >= 0, pick, head_of[bad])
        else:
            sup[bad] = head_of[bad]
    sup[sup == idx] = -1
    return sup


def _functional_steps(setting: Setting, people: People, ladder: Ladder, frow: np.ndarray, ftab: np.ndarray,
                      pos_since: np.ndarray, steps: list[Steps]) -> None:
    """Functional PNS: the level changes along the rank ladder (the position date is the last of them, else a
    year after the CPNS date); appends the steps since 2019 to `steps` and sets pos_since (in place)."""
    P, D, FR, TR = ladder.pns, ladder.month, ladder.from_rank, ladder.to_rank
    catP = people.cat[P]
    expP, sklP = np.isin(catP, EXPERT_CATS), np.isin(catP, SKILL_CATS)
    lv_exp = np.array([0] * 10 + [1, 1, 2, 2, 2, 3, 3], np.int8)   # PNS rank order -> ahli level
    lv_skl = np.array([0] * 5 + [1, 1, 1, 2, 2] + [3] * 7, np.int8)  # -> terampil ladder level
    exp2 = expP[:, None]
    lf = np.where(exp2, lv_exp[FR], lv_skl[FR])
    lt_ = np.where(exp2, lv_exp[TR], lv_skl[TR])
    change = (D >= 0) & (expP | sklP)[:, None] & (lt_ > lf)
    last_change = np.where(change, D, -1).max(1)
    fstart = np.minimum(people.cpns_m[P] + 12, setting.as_of_month)
    since_m = np.maximum(fstart, last_change)
    fun = expP | sklP
    pos_since[P[fun]] = month_start(since_m[fun])
    ii, kk = np.nonzero(change & (D >= M2019))
    if len(ii):
        emp = P[ii]
        expert = expP[ii]
        fl = np.where(expert, EXPERT_LEVELS[lf[ii, kk]], SKILL_LEVELS[lf[ii, kk]])
        tl = np.where(expert, EXPERT_LEVELS[lt_[ii, kk]], SKILL_LEVELS[lt_[ii, kk]])
        ttl = ftab[frow[emp], lt_[ii, kk]]
        steps.append((emp, month_start(D[ii, kk]), fl, tl, ttl))


def _structural_steps(rng: np.random.Generator, setting: Setting, people: People, level: np.ndarray,
                      title: np.ndarray, kec_head: np.ndarray, titles: Numbering, pos_since: np.ndarray,
                      steps: list[Steps]) -> None:
    """Structural careers: pelaksana -> pengawas (>= 4 y) -> administrator (>= 3 y) -> jpt_pratama (>= 2 y);
    the titles of earlier posts are one of the agency's own pengawas / administrator posts. Appends the steps
    since 2019 to `steps` and sets pos_since (in place)."""
    role, sfx_of, as_of_month, tid = people.role, people.sfx, setting.as_of_month, titles.id
    width = max(len(t) for t in list(PENG_TITLES.values()) + list(ADMIN_TITLES.values()))
    past = np.array([[[tid(t[i % len(t)]) for i in range(width)] for t in (PENG_TITLES[s_], ADMIN_TITLES[s_])]
                     for s_ in SUFFIXES])  # suffix x (pengawas, administrator) x choice
    past_pick = rng.integers(0, width, (len(role), 2))
    asisten = tid("Asisten Pemerintahan dan Kesejahteraan Rakyat")
    L = [PL["pelaksana"], PL["pengawas"], PL["administrator"], PL["jpt_pratama"], PL["jpt_madya"]]
    cases = [
        ((role == R_PENG), [48], 96),
        ((role == R_ADMIN) | kec_head, [48, 36], 96),
        ((role == R_HEAD) & ~kec_head & (level != PL["jpt_madya"]), [48, 36, 24], 60),
        ((role == R_HEAD) & (level == PL["jpt_madya"]), [48, 36, 24, 24], 48),
    ]
    for mask, mins, recent in cases:
        emp = np.flatnonzero(mask)
        if not len(emp):
            continue
        k = len(mins)
        cm = people.cpns_m[emp]
        top = as_of_month - rng.integers(1, recent + 1, len(emp))
        top = np.clip(top, cm + sum(mins), as_of_month - 1)
        slack = np.maximum(top - cm - sum(mins), 0)
        fr = rng.dirichlet(np.ones(k + 1), len(emp))[:, :k]
        dur = np.array(mins)[None, :] + np.floor(fr * slack[:, None]).astype(np.int64)
        trans = cm[:, None] + np.cumsum(dur, axis=1)
        trans[:, -1] = top  # the current post; earlier ones keep their minimum tenure
        dd = rng.integers(0, 28, len(emp))
        days = month_start(trans) + dd[:, None]
        pos_since[emp] = days[:, -1]
        for j in range(k):
            vis = days[:, j] >= int(FIRST_PROMOTION_DAY.astype(np.int64))
            if not vis.any():
                continue
            if j == k - 1:
                ttl = title[emp]
            elif j < 2:
                ttl = past[sfx_of[emp], j, past_pick[emp, j]]
            else:
                ttl = np.full(len(emp), asisten)
            steps.append((emp[vis], days[vis, j], np.full(int(vis.sum()), L[j]),
                          np.full(int(vis.sum()), L[j + 1]), ttl[vis]))


def make_positions(setting: Setting, agencies: Agencies, people: People, ladder: Ladder,
                   rng: np.random.Generator) -> Posts:
    """Every employee's position (level, title, supervisor, date) and the position steps since 2019, from the
    people (role, category, agency) and their ranks."""
    titles = Numbering()
    level, title, frow, ftab, lvl_ix = _functional(rng, people, ladder.rank, titles)
    kec_head = _structural(agencies, people, level, title, titles)
    leader, lead_kind, group_kind = _leaders(agencies, people, ladder.rank)
    for kind, task in LEADER_TASKS:
        lt = np.array([[titles.id(f"{titles.items[t]} ({task})") for t in row] for row in ftab])
        m = leader & (lead_kind == kind)
        title[m] = lt[frow[m], lvl_ix[m]]
    sup = _supervisors(rng, agencies, people, ladder.pns_rank, leader, lead_kind, group_kind)
    steps: list[Steps] = []
    pos_since = people.cpns_d.copy()
    _functional_steps(setting, people, ladder, frow, ftab, pos_since, steps)
    _structural_steps(rng, setting, people, level, title, kec_head, titles, pos_since, steps)
    since = np.minimum(np.maximum(pos_since, people.cpns_d), setting.as_of_day)
    return Posts(level=level, title=title, sup=sup, since=since, titles=tuple(titles.items),
                 steps=tuple(steps))
