"""Pieces of SQL every read function shares: the agencies a reader may see under the filters.

Values are always bound as named parameters; the only identifiers put into SQL come from this code.
"""
from __future__ import annotations

from analytics import domain
from analytics.scope import Scope, region_condition


def ratings_in_sql(column: str, ratings: tuple[str, ...] = domain.GOOD_RATINGS) -> str:
    """`column` (an identifier of the calling code) holds one of `ratings`; by default baik or better
    (domain.GOOD_RATINGS, the one definition of "Baik ke atas")."""
    return f"{column} in ({', '.join(repr(r) for r in ratings)})"


# The count of ratings baik or better, from a mart's n_<rating> columns.
GOOD_COUNT_SQL = " + ".join(f"n_{r}" for r in domain.GOOD_RATINGS)


def values_sql(rows) -> str:
    """A VALUES list from code constants (never from user input): [("I/a", 0), …] -> ('I/a', 0), …"""
    return ", ".join("(" + ", ".join(f"'{x}'" if isinstance(x, str) else str(x) for x in r) + ")" for r in rows)


# Reference scales of METRICS.md §0 as CTEs, for queries that compare ranks.
RANK_ORDER_CTE = f"rank_order(rank, ix) as (values {values_sql(domain.PNS_RANK_ORDER.items())})"
CEILING_CTE = f"ceiling(education, rank) as (values {values_sql(domain.EDUCATION_CEILING.items())})"


def scoped_agencies(scope: Scope, region: str | None, agency: str | None) -> tuple[str, dict]:
    """A query of the agency_code of every agency inside the scope, the region filter and the agency
    filter (one row per agency), and its parameters."""
    scope_sql, params = scope.region_filter("a.region_code")
    region_sql, region_params = region_condition("a.region_code", region)
    params.update(region_params)
    agency_sql = "true"
    if agency:
        agency_sql = "a.agency_code = $agency"
        params["agency"] = agency
    return (f"select a.agency_code from agencies a where {scope_sql} and {region_sql} and {agency_sql}",
            params)
