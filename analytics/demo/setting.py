"""What every stage of the demo generator may read: the size, seed and as-of date of the run with the day and
month numbers derived from it and the holiday calendar (`Setting`), and the random streams, one per stage
(`Streams`)."""
from __future__ import annotations

import datetime
from dataclasses import dataclass

import holidays as _holidays
import numpy as np

from analytics.demo.arrays import day_number, month_index

MIN_EMPLOYEES = 200


@dataclass(frozen=True, eq=False)
class Setting:
    """The run: its size, seed and as-of date, the day and month numbers derived from it, the holidays."""
    employees: int            # N, the number of employees
    seed: int
    as_of: datetime.date      # nothing is dated after it
    as_of_day: int            # its day number
    as_of_month: int          # its month index
    as_of_end_s: int          # its last second (seconds since 1970)
    holidays: np.ndarray      # datetime64[D]: Indonesian public and government holidays 2018 .. as_of + 2 years

    @classmethod
    def make(cls, employees: int, seed: int, as_of: datetime.date) -> Setting:
        if employees < MIN_EMPLOYEES:
            raise ValueError(f"employees must be at least {MIN_EMPLOYEES}")
        as_of_day = day_number(as_of)
        years = range(2018, as_of.year + 3)
        hol = _holidays.country_holidays("ID", years=years, categories=("public", "government"))
        return cls(employees=int(employees), seed=int(seed), as_of=as_of, as_of_day=as_of_day,
                   as_of_month=month_index(as_of.year, as_of.month), as_of_end_s=(as_of_day + 1) * 86400 - 1,
                   holidays=np.array(sorted(hol), dtype="datetime64[D]"))


@dataclass(frozen=True, eq=False)
class Streams:
    """One numpy Generator per stage, spawned from the seed, so that a stage's draws do not move when another
    stage draws more or less. The promotions continue the positions' stream; the appraisals draw their raters
    from `appraisals` and each period from its own child of `appraisal_periods` (the same seed sequence)."""
    agencies: np.random.Generator
    employees: np.random.Generator
    ladder: np.random.Generator
    positions: np.random.Generator
    appraisals: np.random.Generator
    complaints: np.random.Generator
    agency_ratings: np.random.Generator
    names: np.random.Generator
    appraisal_periods: np.random.SeedSequence

    @classmethod
    def from_seed(cls, seed: int) -> Streams:
        seqs = np.random.SeedSequence(int(seed)).spawn(8)
        (agencies, employees, ladder, positions, appraisals, complaints, agency_ratings,
         names) = [np.random.default_rng(s) for s in seqs]
        return cls(agencies=agencies, employees=employees, ladder=ladder, positions=positions,
                   appraisals=appraisals, complaints=complaints, agency_ratings=agency_ratings, names=names,
                   appraisal_periods=seqs[4])
