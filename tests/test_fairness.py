"""The eligible pool of METRICS.md §3 on the small world of conftest, worked out by hand:
- Budi (s2, IV/a): at his education ceiling, never eligible.
- Siti (s1, ceiling III/d): III/b until her promotion to III/c on 1 Apr 2023. In 2023: rank on 1 January
  III/b, in rank since her CPNS date (1 Mar 2015; a rank promotion comes after 1 January), eligible and
  promoted. In 2025: III/c since 1 Apr 2023, 4 years only in 2027: not eligible. In 2027: eligible.
- Ani: PPPK, never in the pool.
- Yohanes (sma, ceiling III/b, II/d since 1 Apr 2022, no promotion): eligible from 2026 (4 years on 1 Apr 2026).
"""
from __future__ import annotations

import pytest

from analytics import Scope
from analytics.fairness import eligible_pool

ALL = Scope.unrestricted()
SITI, YOHANES = "199005122015032002", "198503152010011004"


@pytest.mark.parametrize("year, expected", [
    (2023, {SITI: ("III/b", "30-39", True)}),
    (2025, {}),
    (2026, {YOHANES: ("II/d", "40-49", False)}),
    (2027, {SITI: ("III/c", "30-39", False), YOHANES: ("II/d", "40-49", False)}),
])
def test_eligible_pool(loaded, year, expected):
    pool = eligible_pool(loaded, ALL, year)
    assert {r.nip: (r.rank, r.age_band, bool(r.promoted)) for r in pool.itertuples()} == expected


def test_pool_follows_scope(loaded):
    assert eligible_pool(loaded, Scope(regions=("72.71",), personal_data=True), 2027)["nip"].tolist() == [SITI]
