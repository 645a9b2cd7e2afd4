"""The demo data generator (the package analytics/demo/): contract formats, calibration and planted patterns."""
from __future__ import annotations

import csv
import datetime
import pathlib

import numpy as np
import pandas as pd
import pytest

from analytics import domain
from analytics.demo import (COLUMNS, FAVOURITISM_AGENCY, FAVOURITISM_FAMILY_NAME, GENDER_GAP_AGENCY, LOAD_ORDER,
                            REGIONS_CSV, UNIFORM_EVALUATOR_REGIONS, generate_demo_csvs)

AS_OF = datetime.date(2026, 9, 30)
BAD_RATINGS = ("butuh_perbaikan", "kurang", "sangat_kurang")


def _read(paths: dict[str, pathlib.Path]) -> dict[str, pd.DataFrame]:
    return {n: pd.read_csv(p, dtype=str, keep_default_na=False) for n, p in paths.items()}


@pytest.fixture(scope="module")
def paths(tmp_path_factory) -> dict[str, pathlib.Path]:
    return generate_demo_csvs(tmp_path_factory.mktemp("demo"), employees=2000, seed=42)


@pytest.fixture(scope="module")
def data(paths) -> dict[str, pd.DataFrame]:
    return _read(paths)


@pytest.fixture(scope="module")
def emp(data) -> pd.DataFrame:
    return data["employees"].set_index("nip", drop=False)


def _ts(s: pd.Series) -> pd.Series:
    return pd.to_datetime(s.replace("", None), format="%Y-%m-%d %H:%M:%S")


def _holidays() -> np.ndarray:
    import holidays
    h = holidays.country_holidays("ID", years=range(2023, 2028), categories=("public", "government"))
    return np.array(sorted(h), dtype="datetime64[D]")


# --- files -----------------------------------------------------------------------------------

def test_seven_files_in_load_order_with_contract_headers(paths):
    assert list(paths) == list(LOAD_ORDER) == ["agencies", "agency_ratings", "unor_map", "employees", "appraisals",
                                                 "complaints", "promotions"]
    for name, p in paths.items():
        raw = p.read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf")
        raw.decode("utf-8")
        header = raw.split(b"\n", 1)[0].decode()
        assert header.split(",") == list(COLUMNS[name])
        assert len(raw.splitlines()) > 1


def test_headers_match_datasets_module():
    datasets = pytest.importorskip("analytics.datasets")
    for name in LOAD_ORDER:
        assert list(COLUMNS[name]) == datasets.DATASETS[name].column_names


def test_deterministic_and_seed_dependent(paths, tmp_path):
    again = generate_demo_csvs(tmp_path / "a", employees=2000, seed=42)
    for name in LOAD_ORDER:
        assert again[name].read_bytes() == paths[name].read_bytes(), name
    other = generate_demo_csvs(tmp_path / "b", employees=2000, seed=7)
    assert other["employees"].read_bytes() != paths["employees"].read_bytes()
    assert other["appraisals"].read_bytes() != paths["appraisals"].read_bytes()


def test_rejects_too_few_employees(tmp_path):
    with pytest.raises(ValueError):
        generate_demo_csvs(tmp_path, employees=10)


# --- agencies --------------------------------------------------------------------------------

def test_agencies_known_regions_and_origin_places(data):
    ag = data["agencies"]
    with open(REGIONS_CSV, encoding="utf-8") as f:
        regions = {r["region_code"] for r in csv.DictReader(f)}
    assert ag.agency_code.is_unique
    assert ag.region_code.isin(regions).all()
    assert ag.kind.isin(domain.AGENCY_KINDS).all()
    assert (ag.name != "").all()
    assert (ag.agency_code.str.rsplit(".", n=1).str[0] == ag.region_code).all()
    codes = set(ag.agency_code)
    for c in ("17.07.09.KEC", "35.78.28.KEC", "11.BAPPEDA", "72.71.DINKES", "53.71.DISDUKCAPIL",
              "32.73.DISDIK", "33.10.RSUD", "73.71.SATPOLPP"):
        assert c in codes, c
    for place in ("17.07", "53.71", "35.78", "72.71"):
        assert ag.region_code.str.startswith(place).any(), place
    assert (ag.region_code == "11").sum() >= 10  # provincial agencies of Aceh
    assert (ag.region_code.str.startswith("72.71.") & (ag.kind == "kecamatan")).sum() >= 2
    assert (ag.region_code.str.startswith("53.71.") & (ag.kind == "kecamatan")).sum() >= 2
    assert ag.set_index("agency_code").loc["17.07.09.KEC", "name"] == "Kecamatan Tubei"
    assert ag.set_index("agency_code").loc["35.78.28.KEC", "name"] == "Kecamatan Asem Rowo"


def test_agency_ratings(data):
    ar = data["agency_ratings"]
    assert ar.agency_code.isin(data["agencies"].agency_code).all()
    assert not ar.duplicated(["agency_code", "year"]).any()
    assert set(ar.year) == {"2023", "2024", "2025"}
    share = ar.org_rating.value_counts(normalize=True)
    assert share["baik"] > 0.6 and 0.07 < share["istimewa"] < 0.3
    assert ar.org_rating.isin(domain.ORG_RATINGS).all()


# --- employees -------------------------------------------------------------------------------

def test_nip_rules(emp):
    nip = emp.nip
    assert nip.str.fullmatch(r"\d{18}").all() and nip.is_unique
    assert (nip.str[:8] == emp.birth_date.str.replace("-", "")).all()
    pns, pppk = emp[emp.employment_type == "pns"], emp[emp.employment_type == "pppk"]
    assert (pns.nip.str[8:14] == pns.cpns_date.str.replace("-", "").str[:6]).all()
    assert pns.cpns_date.str.endswith("-01").all()
    assert (pppk.nip.str[8:12].astype(int) >= 2019).all()
    assert (pppk.nip.str[8:12] == pppk.cpns_date.str[:4]).all()
    assert (nip.str[14] == emp.gender.map({"M": "1", "F": "2"})).all()
    assert (nip.str[15:].astype(int).between(1, 999)).all()
    birth, cpns = pd.to_datetime(emp.birth_date), pd.to_datetime(emp.cpns_date)
    assert (cpns >= birth + pd.DateOffset(years=18)).all()
    age = (cpns - birth).dt.days / 365.25
    assert 23 <= age.median() <= 31


def test_employee_fields(emp, data):
    assert emp.agency_code.isin(data["agencies"].agency_code).all()
    assert emp.gender.isin(["M", "F"]).all() and emp.education.isin(domain.EDUCATION_LEVELS).all()
    assert emp.status.isin(domain.EMPLOYEE_STATUSES).all()
    assert emp.position_level.isin(domain.POSITION_LEVELS).all()
    pns = emp.employment_type == "pns"
    assert emp.loc[pns, "rank"].isin(domain.PNS_RANKS).all()
    assert emp.loc[~pns, "rank"].isin(domain.PPPK_RANKS).all()
    assert (emp.loc[~pns, "rank_since"] == emp.loc[~pns, "cpns_date"]).all()
    cpns = pd.to_datetime(emp.cpns_date)
    assert (pd.to_datetime(emp.rank_since) >= cpns).all()
    assert (pd.to_datetime(emp.position_since) >= cpns).all()
    # never above the ceiling for regular steps except by choice (functional/structural) or planted breaches
    order = domain.PNS_RANK_ORDER
    over = emp.loc[pns, "rank"].map(order) - emp.loc[pns, "education"].map(domain.EDUCATION_CEILING).map(order)
    assert over.max() <= 3
    assert (emp["name"].str.len() >= 2).all() and not emp["name"].str.contains(",").any()


def test_supervisors(emp, data):
    sup = emp.supervisor_nip
    has = sup != ""
    assert sup[has].isin(emp.nip).all()
    assert (sup != emp.nip).all()
    assert (emp.loc[sup[has], "agency_code"].values == emp.loc[has, "agency_code"].values).all()
    assert (emp.loc[sup[has], "status"] == "active").all()
    # exactly one employee without a supervisor per agency: its head
    heads = emp[~has]
    assert heads.agency_code.is_unique and len(heads) == len(data["agencies"])
    assert heads.position_level.isin(["jpt_pratama", "jpt_madya", "administrator"]).all()
    assert (heads[heads.agency_code.str.endswith(".KEC")].position_title == "Camat").all()
    supervisors = emp.loc[sup[has].unique()]
    assert (~supervisors.position_level.isin(["pelaksana"])).all()


def test_calibrated_shares(emp):
    assert 0.52 <= (emp.gender == "F").mean() <= 0.62
    assert 0.8 <= (emp.employment_type == "pns").mean() <= 0.9  # 83.6 % nationally (REAL_FORMATS.md §6)
    pns = emp[emp.employment_type == "pns"]
    gol = pns["rank"].str.split("/").str[0].value_counts(normalize=True)
    assert 0.45 <= gol["III"] <= 0.65
    assert 0.2 <= gol["IV"] <= 0.38 and 0.05 <= gol["II"] <= 0.22 and gol.get("I", 0) < 0.03
    edu = emp.education
    assert 0.55 <= edu.isin(["s1", "d4"]).mean() <= 0.72
    assert 0.06 <= (edu == "s2").mean() <= 0.17
    assert 0.07 <= edu.isin(["sd", "smp", "sma"]).mean() <= 0.17
    born = emp.birth_date.str[:4].astype(int)
    assert 0.33 <= born.between(1965, 1976).mean() <= 0.47
    assert 0.43 <= born.between(1977, 1994).mean() <= 0.57
    assert born.min() >= 1946
    level = emp.position_level
    assert 0.6 <= level.str.startswith("fungsional").mean() <= 0.8
    assert 0.12 <= (level == "pelaksana").mean() <= 0.3
    assert 0.35 <= emp.position_title.str.startswith("Guru").mean() <= 0.5
    assert 0.85 <= (emp.status == "active").mean() <= 0.97
    # retired only past the retirement age (BUP 58/60, from the 1st of the month after the birthday)
    age = (pd.Timestamp(AS_OF) - pd.to_datetime(emp.birth_date)).dt.days / 365.25
    assert (age[emp.status == "active"] < 60 + 1 / 12).all()
    assert (age[emp.status == "retired"] >= 58).all()


def test_family_names_shared(emp):
    family = emp.name.str.split().str[-1][emp.name.str.contains(" ")]
    counts = family.value_counts()
    assert counts.iloc[0] >= 10 and (counts >= 2).sum() >= 50


# --- appraisals ------------------------------------------------------------------------------

def test_appraisals_follow_the_matrix(data, emp):
    ap = data["appraisals"]
    assert ap.nip.isin(emp.nip).all()
    assert not ap.duplicated(["nip", "year", "period"]).any()
    expected = [domain.RATING_MATRIX[(w, b)] for w, b in zip(ap.work_result, ap.behaviour)]
    assert (ap.rating == pd.Series(expected, index=ap.index)).all()
    for c in ("score", "self_score", "peer_score"):
        x = pd.to_numeric(ap[c].replace("", np.nan))
        assert x.dropna().between(0, 120).all(), c
    assert (ap.score != "").all()
    for c in ("on_time_pct", "service_quality"):
        assert pd.to_numeric(ap[c].replace("", np.nan)).dropna().between(0, 100).all(), c
    assert (pd.to_numeric(ap.training_hours.replace("", np.nan)).dropna() >= 0).all()
    assert (ap.evaluator_nip != ap.nip).all()
    ev = ap.evaluator_nip[ap.evaluator_nip != ""]
    assert ev.isin(emp.nip).all()
    assert (ap.evaluator_nip == emp.loc[ap.nip, "supervisor_nip"].values).all()


def test_appraisal_periods_and_realism(data):
    ap = data["appraisals"]
    periods = set(zip(ap.year, ap.period))
    want = {(str(y), p) for y in (2023, 2024, 2025) for p in ("Q1", "Q2", "Q3", "Q4", "Y")}
    want |= {("2026", "Q1"), ("2026", "Q2"), ("2026", "Q3")}
    assert periods == want
    score = ap.score.astype(float)
    means = score.groupby(ap.rating).mean()
    assert means["sangat_baik"] > means["baik"] > means["butuh_perbaikan"] > means["sangat_kurang"]
    assert score[ap.rating == "sangat_baik"].min() >= 104
    assert score[ap.rating == "baik"].between(85, 105).all()
    gap = (pd.to_numeric(ap.self_score.replace("", np.nan)) - score).mean()
    assert 3 <= gap <= 8
    # REAL_FORMATS.md §6: sangat baik 11.27 %, baik 88.46 %, below baik 0.27 % (the planted favouritism adds some).
    share = ap[ap.period == "Y"].rating.value_counts(normalize=True)
    assert 0.84 <= share["baik"] <= 0.92 and 0.08 <= share["sangat_baik"] <= 0.14
    assert 1 - share["baik"] - share["sangat_baik"] <= 0.008
    quarters = ap[ap.period != "Y"].rating.value_counts(normalize=True)
    assert quarters["baik"] + quarters["sangat_baik"] >= 0.995


def test_lenient_agencies_and_uniform_evaluators(data, emp):
    ap = data["appraisals"]
    y = ap[ap.period == "Y"].assign(agency=emp.loc[ap[ap.period == "Y"].nip, "agency_code"].values)
    top = y.groupby(["agency", "year"]).rating.apply(lambda r: (r == "sangat_baik").mean())
    n = y.groupby(["agency", "year"]).size()
    lenient = top[(n >= 5) & (top > 0.7)].reset_index().agency.nunique()
    agencies = n[n >= 5].reset_index().agency.nunique()
    assert 0.02 <= lenient / agencies <= 0.1
    # the two planted uniform evaluators: many appraisees, always one rating
    rated = ap[ap.evaluator_nip != ""]
    per = rated.groupby(["evaluator_nip", "year", "period"]).rating.agg(["nunique", "size"])
    uniform = per.groupby("evaluator_nip").agg(n=("size", "min"), k=("nunique", "max"))
    uniform = uniform[(uniform.n >= 10) & (uniform.k == 1)]
    regions = {emp.loc[nip, "agency_code"].rsplit(".", 1)[0][:5] for nip in uniform.index}
    assert set(UNIFORM_EVALUATOR_REGIONS) <= regions


# --- complaints ------------------------------------------------------------------------------

def test_complaints(data, emp):
    co = data["complaints"]
    ag = data["agencies"].set_index("agency_code")
    assert co.complaint_id.is_unique and co.complaint_id.str.fullmatch(r"LPR-\d{4}-\d{6,7}").all()
    assert co.agency_code.isin(ag.index).all()
    assert 0.3 <= len(co) / len(emp) / 2.75 <= 0.5  # about one per 2-3 employees per year
    has_region = co.region_code != ""
    assert (co.region_code[has_region] == ag.loc[co.agency_code[has_region], "region_code"].values).all()
    assert co.channel.isin(domain.CHANNELS).all() and co.severity.isin(domain.SEVERITIES).all()
    assert co.status.isin(domain.COMPLAINT_STATUSES).all()
    assert co.channel.value_counts().index[0] == "lapor"
    assert co.severity.value_counts().index[0] == "normatif"
    t = {c: _ts(co[c]) for c in ("received_at", "verified_at", "first_response_at", "resolved_at")}
    end = pd.Timestamp(AS_OF) + pd.Timedelta(hours=23, minutes=59, seconds=59)
    assert t["received_at"].notna().all() and t["received_at"].min() >= pd.Timestamp("2024-01-01")
    for c, v in t.items():
        assert (v.dropna() <= end).all(), c
        assert (v[v.notna()] >= t["received_at"][v.notna()]).all(), c
    both = t["resolved_at"].notna() & t["first_response_at"].notna()
    assert (t["resolved_at"][both] >= t["first_response_at"][both]).all()
    assert (t["first_response_at"][both] >= t["verified_at"][both]).all()
    done = co.status.isin(["resolved", "closed"])
    assert t["resolved_at"][done].notna().all()
    assert t["resolved_at"][~done].isna().all()
    rejected = co.status == "rejected"
    assert 0.1 <= rejected.mean() <= 0.2
    assert t["first_response_at"][rejected].isna().all()
    assert t["verified_at"][co.status == "received"].isna().all()
    assert co.status.isin(["received", "verified", "in_progress"]).any()
    sat = pd.to_numeric(co.satisfaction.replace("", np.nan))
    assert sat.dropna().between(1, 4).all() and sat[~done].isna().all()
    assert 0.35 <= sat[done].notna().mean() <= 0.65 and sat.mean() >= 2.8
    handler = co.handler_nip[co.handler_nip != ""]
    assert (emp.loc[handler, "agency_code"].values == co.agency_code[co.handler_nip != ""].values).all()
    # received mostly on working days and in office hours; first responses mostly within 5 working days
    hol = _holidays()
    day = t["received_at"].values.astype("datetime64[D]")
    work = np.is_busday(day, holidays=hol)
    assert 0.75 <= work.mean() <= 0.95
    assert t["received_at"][work].dt.hour.between(7, 17).mean() >= 0.75
    fr = t["first_response_at"].notna().values
    elapsed = np.busday_count(day[fr], t["first_response_at"][fr].values.astype("datetime64[D]"), holidays=hol)
    assert 0.8 <= (elapsed <= 5).mean() < 1.0
    # exposure: population registry and kecamatan offices above planning and inspection
    per_emp = co.agency_code.value_counts() / emp.agency_code.value_counts()
    kind = ag.kind
    sfx = per_emp.index.str.rsplit(".", n=1).str[1]
    assert per_emp[sfx == "DISDUKCAPIL"].mean() > 5 * per_emp[sfx == "BAPPEDA"].mean()
    assert per_emp[kind.loc[per_emp.index].values == "kecamatan"].mean() > per_emp[sfx == "INSPEKTORAT"].mean()


# --- promotions ------------------------------------------------------------------------------

def test_promotions_consistent(data, emp):
    pr = data["promotions"]
    order = domain.PNS_RANK_ORDER
    assert pr.promotion_id.is_unique and pr.promotion_id.str.fullmatch(r"KP-\d{4}-\d{7}").all()
    assert pr.nip.isin(emp.nip).all() and pr.kind.isin(domain.PROMOTION_KINDS).all()
    assert (pr.agency_code == emp.loc[pr.nip, "agency_code"].values).all()
    eff = pd.to_datetime(pr.effective_date)
    assert eff.min() >= pd.Timestamp("2019-01-01") and eff.max() <= pd.Timestamp(AS_OF)
    assert (pd.to_datetime(pr.decree_date) < eff).all()
    assert pr.decree_number.str.fullmatch(r"800\.1\.\d/\d{4}/[A-Z]+/\d{4}").all()
    assert (pr.approver_nip != pr.nip).all()
    appr = pr.approver_nip[pr.approver_nip != ""]
    assert appr.isin(emp.nip).all() and (emp.loc[appr, "supervisor_nip"] == "").mean() > 0.9
    rank = pr[pr.kind.str.startswith("rank")]
    assert (emp.loc[rank.nip, "employment_type"] == "pns").all()
    assert (rank.to_rank.map(order) > rank.from_rank.map(order)).all()
    assert (rank.from_position_level == "").all()
    pos = pr[pr.kind == "position"]
    assert pos.from_position_level.isin(domain.POSITION_LEVELS).all()
    assert pos.to_position_level.isin(domain.POSITION_LEVELS).all()
    step = [domain.POSITION_LADDER[t][1] - domain.POSITION_LADDER[f][1]
            for f, t in zip(pos.from_position_level, pos.to_position_level)]
    assert min(step) >= 1
    assert (pos.from_rank == "").all()
    assert {"rank_regular", "rank_choice", "position"} <= set(pr.kind)
    # the latest rank promotion is the employee's current rank and rank_since
    last = rank.assign(eff=eff).sort_values("eff").groupby("nip").tail(1).set_index("nip")
    assert (last.to_rank == emp.loc[last.index, "rank"]).all()
    assert (last.effective_date == emp.loc[last.index, "rank_since"]).all()
    # chained: each step starts where the previous ended
    chain = rank.assign(eff=eff).sort_values(["nip", "eff"])
    prev_to = chain.groupby("nip").to_rank.shift(1)
    known = prev_to.notna()
    assert (chain.from_rank[known] == prev_to[known]).all()
    last_pos = pos.assign(eff=eff).sort_values("eff").groupby("nip").tail(1).set_index("nip")
    assert (last_pos.to_position_level == emp.loc[last_pos.index, "position_level"]).all()
    assert (last_pos.effective_date == emp.loc[last_pos.index, "position_since"]).all()


def _rank_flags(pr: pd.DataFrame, emp: pd.DataFrame) -> pd.DataFrame:
    order = domain.PNS_RANK_ORDER
    rk = pr[pr.kind.str.startswith("rank")].copy()
    rk["eff"] = pd.to_datetime(rk.effective_date)
    rk = rk.sort_values(["nip", "eff"])
    prev = rk.groupby("nip").eff.shift(1)
    rk["prev"] = prev.fillna(pd.to_datetime(emp.loc[rk.nip, "cpns_date"]).set_axis(rk.index))
    years = {"rank_regular": 4, "rank_choice": 2, "rank_education": 1}
    limit = [p + pd.DateOffset(years=years[k]) for p, k in zip(rk.prev, rk.kind)]
    rk["short"] = rk.eff < pd.Series(limit, index=rk.index)
    rk["off_period"] = ~rk.eff.map(lambda d: domain.is_legal_promotion_date(d.date()))
    rk["skip"] = rk.to_rank.map(order) - rk.from_rank.map(order) > 1
    ceiling = emp.loc[rk.nip, "education"].map(domain.EDUCATION_CEILING).map(order).values
    rk["over_ceiling"] = (rk.kind == "rank_regular") & (rk.to_rank.map(order).values > ceiling)
    return rk


def test_promotion_dates_mostly_legal_and_irregularities_planted(data, emp):
    rk = _rank_flags(data["promotions"], emp)
    flags = ["short", "off_period", "skip", "over_ceiling"]
    assert rk.off_period.mean() < 0.03  # the clean majority is on legal dates
    for f in flags:
        assert rk[f].sum() >= 2, f     # each kind of irregularity is there ...
    assert rk[flags].any(axis=1).mean() < 0.06  # ... in a few percent of promotions
    assert (rk[flags].sum(axis=1) <= 1).all()   # one irregularity at a time


def test_favouritism_planted(data, emp):
    pr, ap = data["promotions"], data["appraisals"]
    head = emp[(emp.agency_code == FAVOURITISM_AGENCY) & (emp.supervisor_nip == "")].iloc[0]
    assert head["name"].split()[-1] == FAVOURITISM_FAMILY_NAME
    rank = pr[pr.kind.str.startswith("rank")].copy()
    rank["year"] = rank.effective_date.str[:4].astype(int)
    annual = ap[ap.period == "Y"].set_index(["nip", "year"]).rating

    def good_before(rows):
        r = [annual.get((n, str(y - 1)), None) for n, y in zip(rows.nip, rows.year)]
        return pd.Series(r, index=rows.index).isin(["sangat_baik", "baik"])

    his = rank[(rank.approver_nip == head.nip) & (rank.year >= 2024)]
    assert len(his) >= 10
    others = rank[(rank.agency_code != FAVOURITISM_AGENCY) & (rank.year >= 2024)]
    assert good_before(his).mean() < 0.7
    assert good_before(others).mean() > 0.97  # elsewhere promotees had at least baik
    relatives = emp.loc[his.nip.unique(), "name"].str.split().str[-1] == FAVOURITISM_FAMILY_NAME
    assert relatives.sum() >= 3
    elsewhere = emp[emp.agency_code != FAVOURITISM_AGENCY].name.str.split().str[-1]
    assert (elsewhere == FAVOURITISM_FAMILY_NAME).sum() == 0


def test_gender_gap_planted(data, emp):
    pr = data["promotions"]
    rank = pr[pr.kind.str.startswith("rank")].copy()
    rank["eff"] = pd.to_datetime(rank.effective_date)
    order = domain.PNS_RANK_ORDER
    pns = emp[(emp.employment_type == "pns") & (emp.status == "active")]
    rates = {}
    for label, agency_filter in (("gap", pns.agency_code == GENDER_GAP_AGENCY),
                                 ("rest", pns.agency_code != GENDER_GAP_AGENCY)):
        base = pns[agency_filter]
        counts = {"F": [0, 0], "M": [0, 0]}
        for year in range(2019, 2027):
            t = pd.Timestamp(year, 1, 1)
            after = rank[rank.eff >= t].sort_values("eff").groupby("nip").head(1).set_index("nip")
            before = rank[rank.eff < t].sort_values("eff").groupby("nip").tail(1).set_index("nip")
            r = base["rank"].copy()
            a = base.index.intersection(after.index)
            r.loc[a] = after.loc[a, "from_rank"]
            since = pd.to_datetime(base.rank_since)
            since[base.index.isin(after.index)] = pd.to_datetime(base.cpns_date[base.index.isin(after.index)])
            b = base.index.intersection(before.index)
            since.loc[b] = before.loc[b, "eff"]
            ceiling = base.education.map(domain.EDUCATION_CEILING).map(order)
            eligible = (r.map(order) < ceiling) & (since + pd.DateOffset(years=4) <= pd.Timestamp(year, 12, 31))
            promoted = base.index.isin(rank[rank.eff.dt.year == year].nip)
            for g in ("F", "M"):
                m = eligible & (base.gender == g)
                counts[g][0] += int(m.sum())
                counts[g][1] += int((m & promoted).sum())
        rates[label] = {g: p / max(e, 1) for g, (e, p) in counts.items()}
    gap, rest = rates["gap"], rates["rest"]
    assert gap["F"] < 0.85 * gap["M"]
    assert 0.8 < rest["F"] / rest["M"] < 1.25


# --- the as-of date --------------------------------------------------------------------------

def test_nothing_after_as_of(data):
    end = pd.Timestamp(AS_OF)
    emp = data["employees"]
    for c in ("birth_date", "cpns_date", "rank_since", "position_since"):
        assert pd.to_datetime(emp[c]).max() <= end, c
    pr = data["promotions"]
    assert pd.to_datetime(pr.effective_date).max() <= end and pd.to_datetime(pr.decree_date).max() <= end
    ap = data["appraisals"]
    assert ap.year.astype(int).max() == 2026 and not ((ap.year == "2026") & ap.period.isin(["Q4", "Y"])).any()
    assert int(data["agency_ratings"].year.max()) == 2025


def test_earlier_as_of_cuts_everything(tmp_path):
    as_of = datetime.date(2025, 6, 30)
    d = _read(generate_demo_csvs(tmp_path, employees=600, seed=3, as_of=as_of))
    end = pd.Timestamp(as_of)
    ap = d["appraisals"]
    assert set(zip(ap.year, ap.period)) >= {("2025", "Q1"), ("2025", "Q2"), ("2024", "Y")}
    assert not ((ap.year == "2025") & ap.period.isin(["Q3", "Q4", "Y"])).any()
    assert int(d["agency_ratings"].year.max()) == 2024
    co = d["complaints"]
    for c in ("received_at", "verified_at", "first_response_at", "resolved_at"):
        assert (_ts(co[c]).dropna() <= end + pd.Timedelta(days=1)).all()
    assert pd.to_datetime(d["promotions"].effective_date).max() <= end
    for c in ("cpns_date", "rank_since", "position_since"):
        assert pd.to_datetime(d["employees"][c]).max() <= end


# --- the loader accepts every file -----------------------------------------------------------

def test_loader_accepts_the_files(paths, tmp_path):
    derived = pytest.importorskip("analytics.derived")
    loader = pytest.importorskip("analytics.loader")
    con = derived.connect(tmp_path / "demo.duckdb")
    try:
        for name, p in paths.items():
            result = loader.load_file(con, name, p, now=datetime.datetime(2026, 10, 1))
            assert result.status == "loaded", (name, [(e.row, e.column, e.value, e.rule) for e in result.errors[:5]])
            assert result.error_count == 0 and not result.warnings
    finally:
        con.close()


def test_unit_map_top_units_name_their_agency_and_sub_units_their_parent(paths):
    """Each agency has a top unit naming it and two sub-units that name only their parent (REAL_FORMATS.md §5)."""
    import csv
    agencies = [r["agency_code"] for r in csv.DictReader(paths["agencies"].open(encoding="utf-8"))]
    units = list(csv.DictReader(paths["unor_map"].open(encoding="utf-8")))
    assert len(units) == 3 * len(agencies)
    top = {u["unor_id"]: u["agency_code"] for u in units if not u["parent_unor_id"]}
    assert sorted(top.values()) == sorted(agencies)
    subs = [u for u in units if u["parent_unor_id"]]
    assert all(u["parent_unor_id"] in top and not u["agency_code"] for u in subs)
    ids = [u["unor_id"] for u in units]
    assert len(set(ids)) == len(ids) and all(len(i) == 32 for i in ids)
    pns = [r["pns_id"] for r in csv.DictReader(paths["employees"].open(encoding="utf-8"))]
    assert len(set(pns)) == len(pns) and all(len(p) == 32 for p in pns)
