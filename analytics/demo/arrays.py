"""Numpy helpers the stages share: month and day numbers, the next legal promotion month, draws by weight and
picks within groups. A month index counts months since 1970-01, a day number days since 1970-01-01."""
from __future__ import annotations

import datetime

import numpy as np

from analytics import domain


def month_index(y: int, mo: int) -> int:
    """Month index (months since 1970-01)."""
    return (y - 1970) * 12 + (mo - 1)


def month_start(m) -> np.ndarray:
    """Month index -> day number (days since 1970-01-01) of the month's first day."""
    return np.asarray(m, np.int64).astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)


def day_month(d) -> np.ndarray:
    """Day number -> month index."""
    return np.asarray(d, np.int64).astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)


def day_year(d) -> np.ndarray:
    """Day number -> calendar year."""
    return np.asarray(d, np.int64).astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970


def day_number(d: datetime.date) -> int:
    """A date's day number."""
    return int(np.datetime64(d, "D").astype(np.int64))


M2017, M2019 = month_index(2017, 1), month_index(2019, 1)
_LEGAL_LO, _LEGAL_HI = month_index(1950, 1), month_index(2080, 1)


def _legal_next_table() -> np.ndarray:
    ms = np.arange(_LEGAL_LO, _LEGAL_HI)
    legal = np.array([(int(m) % 12 + 1) in domain.legal_promotion_months(1970 + int(m) // 12) for m in ms])
    idx = np.where(legal, ms, np.iinfo(np.int64).max)
    return np.minimum.accumulate(idx[::-1])[::-1]


_LEGAL_NEXT = _legal_next_table()


def legal_next(m: np.ndarray) -> np.ndarray:
    """The first month at or after each month index in which a rank promotion may take effect."""
    return _LEGAL_NEXT[np.clip(m, _LEGAL_LO, _LEGAL_HI - 30) - _LEGAL_LO]


def choice(rng: np.random.Generator, p, size) -> np.ndarray:
    """`size` indices into p, drawn with the weights p (normalised)."""
    p = np.asarray(p, np.float64)
    return rng.choice(len(p), size=size, p=p / p.sum())


def group_pick(rng: np.random.Generator, group: np.ndarray, start: np.ndarray, count: np.ndarray,
               members: np.ndarray) -> np.ndarray:
    """For each element with group g, a random member of g (members[start[g]:start[g]+count[g]]), -1 if none."""
    c = count[group]
    k = (rng.random(len(group)) * np.maximum(c, 1)).astype(np.int64)
    out = np.full(len(group), -1, np.int64)
    ok = c > 0
    out[ok] = members[start[group[ok]] + k[ok]]
    return out


def grouped(keys: np.ndarray, n_groups: int, members: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sorted members by key with start/count per key (0..n_groups-1)."""
    order = np.argsort(keys, kind="stable")
    count = np.bincount(keys, minlength=n_groups)
    start = np.cumsum(count) - count
    return members[order], start, count


def numbered(keys: np.ndarray, order: np.ndarray) -> np.ndarray:
    """1-based number of each element among those with the same key, counted in `order` (an order that sorts
    the keys)."""
    ks = keys[order]
    first = np.searchsorted(ks, ks, side="left")
    seq = np.empty(len(keys), np.int64)
    seq[order] = np.arange(len(keys)) - first + 1
    return seq


class Numbering:
    """Strings (titles, name words), each once, numbered in order of first use."""

    def __init__(self) -> None:
        self.items: list[str] = []
        self._ix: dict[str, int] = {}

    def id(self, s: str) -> int:
        if s not in self._ix:
            self._ix[s] = len(self.items)
            self.items.append(s)
        return self._ix[s]

    def ids(self, words) -> np.ndarray:
        return np.array([self.id(w) for w in words], np.int64)
