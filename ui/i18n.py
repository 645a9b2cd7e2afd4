"""Formatting of numbers and dates for each language (1.234,5 and 24 Nov 2026 in Indonesian; 1,234.5 in
English), and the interface's access to the one catalogue of text (analytics/catalogue.py).

Pure Python (no Streamlit), so tests check it directly.
"""
from __future__ import annotations

import math
from datetime import datetime

from analytics.catalogue import LANGS, STRINGS, count, t  # noqa: F401  (the catalogue; pages import them from here)
LANG_NAMES = {"id": "Indonesia", "en": "English"}

MONTHS = {
    "id": ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}



# Characters Streamlit's Markdown gives a meaning: emphasis, links, headings, lists, tables, HTML, colour and icon
# directives (:red[…], :material/…:), LaTeX ($).
_MARKDOWN = set("\\`*_{}[]()#+-.!|<>~:$=")


def md(text) -> str:
    """User-supplied text (an agency's, a region's or a person's name, a login) for a Markdown element, escaped so
    that it shows as the text it is: "**Dinas** [x](y)" never becomes bold or a link."""
    return "".join("\\" + ch if ch in _MARKDOWN else ch for ch in str(text))


def _group(s: str, sep: str) -> str:
    return s.replace(",", sep)


def group_label(group, by: str, lang: str, agency_names: dict | None = None, region_names: dict | None = None) -> str:
    """How a group of a breakdown is named: agencies and regions by name, gender in words, education upper-case."""
    if by == "agency":
        return (agency_names or {}).get(group, group)
    if by == "region":
        return (region_names or {}).get(group, group)
    if by == "gender":
        return {"M": "Laki-laki" if lang == "id" else "Male", "F": "Perempuan" if lang == "id" else "Female"}.get(
            group, group)
    if by == "education":
        return str(group).upper()
    return str(group)


def fmt_int(n, lang: str) -> str:
    if n is None or (isinstance(n, float) and math.isnan(n)):
        return "–"
    return count(round(n), lang)


def fmt_num(x, lang: str, decimals: int = 1) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    s = f"{x:,.{decimals}f}"
    if lang == "id":
        s = s.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return s


def fmt_pct(share, lang: str, decimals: int = 1) -> str:
    """A share 0..1 as a percentage: 0.9364 -> '93,6%' (id) or '93.6%' (en)."""
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return "–"
    return fmt_num(share * 100, lang, decimals) + "%"


def _signed(value: float, body: str) -> str:
    """`body` (the change's size as shown) with the sign of `value`: '±' when the shown size is zero. ASCII
    minus: st.metric reads the direction from it."""
    if body.strip("0,.") == "":
        return "±" + body
    return ("+" if value > 0 else "-") + body


def fmt_delta(delta, lang: str, decimals: int | None = None) -> str | None:
    """A change of a count (decimals None) or a number with its sign, the same on every page: '+1.234',
    '-0,4', '±0'."""
    if delta is None or (isinstance(delta, float) and math.isnan(delta)):
        return None
    return _signed(delta, fmt_int(abs(delta), lang) if decimals is None else fmt_num(abs(delta), lang, decimals))


def fmt_pp(delta, lang: str, decimals: int = 1) -> str | None:
    """A change of a share in percentage points with its sign: '+1,2 poin' / '+1.2 pp'."""
    if delta is None or (isinstance(delta, float) and math.isnan(delta)):
        return None
    v = delta * 100
    return t("pp", lang, v=_signed(v, fmt_num(abs(v), lang, decimals)))


def fmt_date(d, lang: str) -> str:
    if d is None:
        return "–"
    if isinstance(d, datetime):
        d = d.date()
    return f"{d.day} {MONTHS[lang][d.month - 1]} {d.year}"


def fmt_datetime(d: datetime, lang: str) -> str:
    return f"{fmt_date(d, lang)} {d:%H:%M}"


def fmt_month(d, lang: str) -> str:
    return f"{MONTHS[lang][d.month - 1]} {d.year}"


def period_label(year: int, period: str, lang: str) -> str:
    """A period in words: 'Tahun 2025', 'Triwulan II 2025' / '2025', 'Q2 2025'."""
    if period == "Y":
        return t("year_label", lang, year=year)
    return f"{t('period_' + period, lang)} {year}"


def period_short(year: int, period: str, lang: str) -> str:
    """A compact label for chart axes: '2025 TW2' / '2025 Q2', and the year alone for Y."""
    if period == "Y":
        return str(year)
    return f"{year} {'TW' if lang == 'id' else 'Q'}{period[1]}"
