"""Realistic demo data: the seven files of CONTRACT.md §1, calibrated on DOMAIN.md.

`generate_demo_csvs(out_dir, employees=2000, seed=42, as_of=date(2026, 9, 30))` writes agencies.csv,
agency_ratings.csv, unor_map.csv, employees.csv, appraisals.csv, complaints.csv and promotions.csv and returns their
paths in load order. Everything is drawn with numpy from one seed (same seed, same bytes), vectorised
over employees (2,000 employees: about 0.1 s; the national 4.3 million: about 75 s and 4.2 GB of memory,
8 GB of CSV, appraisals written period by period). Nothing is dated after `as_of`.
Written with pyarrow: UTF-8 without BOM, dates YYYY-MM-DD, timestamps YYYY-MM-DD HH:MM:SS, empty cells for
missing values, no quoting (no value contains a comma).

The data is made in stages, each a module with a function that takes what the earlier stages made (frozen
dataclasses) and its own random stream (`setting.Streams`), in this order:
agencies (agencies.py) -> people (people.py) -> rank ladder (ladder.py) -> positions (positions.py) ->
promotions (promotions.py) -> names (employees.py) -> raters (appraisals.py) -> agency ratings (agencies.py);
the appraisals are drawn period by period as they are written, the complaints (complaints.py) last. The shares,
pools and titles are in calibration.py.

What the data holds (shares are those of DOMAIN.md):
- agencies: the OPDs of the origin places (Kabupaten Lebong with Kecamatan Tubei, Kota Kupang, Kota
  Surabaya with Kecamatan Asem Rowo, the province of Aceh, Kota Palu) plus Kota Bandung, Kabupaten Klaten
  and Kota Makassar; at larger scale more kab/kota and provinces (weighted by PNS per province) until
  there is about one agency per 300 employees.
- employees: PNS 83 % / PPPK 17 % (the national split of REAL_FORMATS.md §6), women 57 %, teachers about 43 % and health staff about 14 %,
  functional 70 % / structural about 7 % / pelaksana 23 %; ranks from a promotion ladder (entry rank by
  education, one step every 4-6 years on legal dates, capped by the education ceiling except functional
  and structural staff who go up to two steps beyond it by rank_choice).
- appraisals: quarterly and annual ratings 2023 onwards from the rating matrix, calibrated on the national
  figures of REAL_FORMATS.md §6 (about 11 % sangat baik, 88 % baik, a few in a thousand below baik, so that
  almost no agency meets the rating curve's "at least one butuh perbaikan or kurang"); about 5 % of agencies
  are lenient (most staff sangat_baik), about 5 % / 4 % of the evaluators with
  five or more appraisees are lenient / harsh, and the evaluator with most appraisees in each of
  `UNIFORM_EVALUATOR_REGIONS` rates everyone "baik" (meets/meets) in every period.
- complaints: LAPOR!-like volumes by service exposure, working-day response times with the Indonesian
  holiday calendar, rejected and still-open complaints.
- promotions: every rank step since 2019 and the position steps behind the current positions.

Irregularities planted in the promotions, unlabelled in the files (see `PLANTED` for the codes):
(a) rank_regular 2-3 years after the previous rank date (or cpns_date); (b) a rank promotion dated the 15th of the month
instead of the 1st; (c) a two-step rank skip; (d) rank_regular above the education ceiling (pelaksana and
pengawas only); (e) favouritism: the head of `FAVOURITISM_AGENCY` approves promotions (2024 onwards) of
staff whose annual rating the year before was below baik or missing, several of whom carry his family
name `FAVOURITISM_FAMILY_NAME`; (f) a gender gap: in `GENDER_GAP_AGENCY` eligible women wait two to four
years longer for each rank step than men (from 2017 on).
"""
from __future__ import annotations

import datetime
import pathlib

from analytics.datasets import DATASETS, LOAD_ORDER
from analytics.demo.agencies import (agency_columns, agency_rating_columns, make_agencies, make_agency_ratings,
                                     unor_columns)
from analytics.demo.appraisals import appraisal_tables, make_raters
from analytics.demo.calibration import (FAVOURITISM_AGENCY, FAVOURITISM_FAMILY_NAME, FAVOURITISM_HEAD_NAME,
                                        GENDER_GAP_AGENCY, PLANTED, REGIONS_CSV, UNIFORM_EVALUATOR_REGIONS)
from analytics.demo.complaints import complaint_columns, make_complaints
from analytics.demo.csv_out import CsvOut
from analytics.demo.employees import employee_columns, make_names
from analytics.demo.ladder import make_ladder
from analytics.demo.people import make_people
from analytics.demo.positions import make_positions
from analytics.demo.promotions import make_promotions, promotion_columns
from analytics.demo.setting import MIN_EMPLOYEES, Setting, Streams

__all__ = ["COLUMNS", "MIN_EMPLOYEES", "FAVOURITISM_AGENCY", "FAVOURITISM_FAMILY_NAME", "FAVOURITISM_HEAD_NAME", "GENDER_GAP_AGENCY",
           "LOAD_ORDER", "PLANTED", "REGIONS_CSV", "UNIFORM_EVALUATOR_REGIONS", "generate_demo_csvs"]

# The contract's load order and columns (analytics/datasets.py), in the order the files are written.
COLUMNS: dict[str, tuple[str, ...]] = {name: tuple(DATASETS[name].column_names) for name in LOAD_ORDER}


def generate_demo_csvs(out_dir: pathlib.Path, *, employees: int = 2000, seed: int = 42,
                       as_of: datetime.date = datetime.date(2026, 9, 30)) -> dict[str, pathlib.Path]:
    """Write the seven demo CSV files into out_dir; return {dataset: path} in load order."""
    out_dir = pathlib.Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    setting = Setting.make(employees, seed, as_of)
    rng = Streams.from_seed(setting.seed)
    agencies = make_agencies(setting, rng.agencies)
    people = make_people(setting, agencies, rng.employees)
    ladder = make_ladder(setting, agencies, people, rng.ladder)
    posts = make_positions(setting, agencies, people, ladder, rng.positions)
    promotions = make_promotions(setting, agencies, people, ladder, posts, rng.positions)
    names = make_names(agencies, people, promotions.favouritism.relatives, rng.names)
    raters = make_raters(agencies, people, posts, rng.appraisals)
    ratings = make_agency_ratings(setting, agencies, raters.lenient_agencies, rng.agency_ratings)
    paths = {name: out_dir / f"{name}.csv" for name in LOAD_ORDER}
    outs = {name: CsvOut(paths[name], COLUMNS[name]) for name in LOAD_ORDER}
    try:
        outs["agencies"].write(agency_columns(agencies))
        outs["agency_ratings"].write(agency_rating_columns(agencies, ratings))
        outs["unor_map"].write(unor_columns(agencies))
        outs["employees"].write(employee_columns(agencies, people, ladder, posts, names))
        for table in appraisal_tables(setting, people, posts, raters, promotions, rng.appraisal_periods):
            outs["appraisals"].write(table)
        complaints = make_complaints(setting, agencies, people, rng.complaints)
        if complaints is not None:
            outs["complaints"].write(complaint_columns(agencies, people, complaints))
        outs["promotions"].write(promotion_columns(agencies, people, posts, promotions))
    finally:
        for o in outs.values():
            o.close()
    return paths
