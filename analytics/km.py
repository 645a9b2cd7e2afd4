"""Kaplan–Meier estimates from counts of (time, event) pairs, as lifelines computes them.

Input is aggregated (one row per distinct time with its events and censorings), so that six million
complaints become a few hundred rows before they leave DuckDB. At a time t the risk set holds everyone
whose time is t or later (a complaint censored at t is still at risk at t), as in lifelines'
KaplanMeierFitter; tests hold the two equal on the same data.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class KM:
    times: np.ndarray      # distinct times with at least one event, ascending
    survival: np.ndarray   # S(t) just after each of those times

    def at(self, t: float) -> float:
        """S(t): the survival after every event at or before t (1 before the first event)."""
        i = np.searchsorted(self.times, t, side="right")
        return 1.0 if i == 0 else float(self.survival[i - 1])

    def quantile(self, p: float) -> float | None:
        """The smallest t with S(t) <= p; None where S never falls that low."""
        hit = np.nonzero(self.survival <= p + 1e-12)[0]
        return float(self.times[hit[0]]) if len(hit) else None


def kaplan_meier(times, events, censored) -> KM:
    """`times`: distinct non-negative times; `events`, `censored`: how many ended or were censored at each."""
    t = np.asarray(times, dtype=float)
    d = np.asarray(events, dtype=float)
    c = np.asarray(censored, dtype=float)
    order = np.argsort(t)
    t, d, c = t[order], d[order], c[order]
    at_risk = (d + c)[::-1].cumsum()[::-1]  # everyone at time t or later
    with np.errstate(divide="ignore", invalid="ignore"):
        factor = np.where(at_risk > 0, 1.0 - d / at_risk, 1.0)
    survival = np.cumprod(factor)
    keep = d > 0
    return KM(times=t[keep], survival=survival[keep])
