"""The case file of one flagged promotion (issue 20, item 5): one document to print and file, in the reader's
language, built from what the case view shows (ui.views.inspect.Case, read through the reader's scope): the
promotion, every flag with its reason in words and its review status, the employee's promotions and annual
ratings, the cohort comparison, the approver's record, and the review trail with the accounts that wrote it.
Labels, never codes; '—' for what is missing.

As HTML with A4 print CSS (tables fit the page width, headings kept with what follows, header rows repeated on
each page), and the same sections as CSV (one block per section) and XLSX (one sheet per section). Pure Python
(no Streamlit): tests build it directly, and print it to PDF with Chromium on A4."""
from __future__ import annotations

import csv as _csv
import html
import io
import math
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import pandas as pd

from analytics.catalogue import label
from analytics.export import CSV_FORMAT, neutralise, table_csv, table_xlsx
from ui.i18n import fmt_date, fmt_datetime, fmt_num, t
from ui.tables import Table, cell_text, table_of

MISSING = "—"


@dataclass(frozen=True)
class Section:
    title: str
    note: str | None = None             # a sentence before the table, or why there is none
    table: Table | pd.DataFrame | None = None
    facts: bool = False                 # a list of label / value pairs, not a table with a header


def rank_or_level(value, lang: str) -> str:
    """A rank as written (III/c), a position level in words."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return MISSING
    return label("position_level", value, lang)


def _missing(x) -> bool:
    if x is None or x is pd.NA or x is pd.NaT or (isinstance(x, str) and x.strip() in ("", "–", "-")):
        return True
    try:
        return bool(pd.isna(x))
    except (TypeError, ValueError):  # a list or an array: not missing
        return False


def _date(x, lang: str) -> str:
    return MISSING if _missing(x) else fmt_date(pd.Timestamp(x).date(), lang)


def _person(name, nip) -> str:
    if _missing(nip):
        return MISSING
    return f"{name} ({nip})" if not _missing(name) else str(nip)


def sections(case, head: pd.DataFrame | None, history: pd.DataFrame | None, *, risk: float | None,
             lang: str) -> list[Section]:
    """The document's sections. `case`: ui.views.inspect.Case; `head`: analytics.casefile.case_tables' promotion
    row; `history`: ui.views.inspect.history (None when nothing was reviewed)."""
    def tr(key: str, **kw) -> str:
        return t(key, lang, **kw)

    out = []
    if head is not None and len(head):
        h = head.iloc[0]
        facts = [
            (tr("col_name"), _person(h["name"], h["nip"])),
            (tr("col_agency"), h["agency_name"]),
            (tr("col_kind"), label("promotion_kind", h["kind"], lang)),
            (tr("col_date"), _date(h["effective_date"], lang)),
            (tr("col_from"), rank_or_level(h["from_rank"] if not _missing(h["from_rank"]) else h["from_position_level"], lang)),
            (tr("col_to"), rank_or_level(h["to_rank"] if not _missing(h["to_rank"]) else h["to_position_level"], lang)),
            (tr("col_approver"), _person(h["approver_name"], h["approver_nip"])),
            (tr("cf_decree"), MISSING if _missing(h["decree_number"]) else str(h["decree_number"])),
            (tr("cf_decree_date"), _date(h["decree_date"], lang)),
            (tr("col_risk"), MISSING if risk is None else fmt_num(risk, lang, 2)),
        ]
        out.append(Section(tr("cf_promotion"), table=pd.DataFrame(facts, columns=["", " "]), facts=True))
    out.append(Section(tr("case_reasons"), table=case.reasons))
    out.append(Section(tr("case_timeline"), table=case.timeline if len(case.timeline) else None,
                       note=None if len(case.timeline) else tr("cf_none")))
    out.append(Section(tr("case_appraisals"), table=case.appraisals if len(case.appraisals) else None,
                       note=None if len(case.appraisals) else tr("cf_none")))
    out.append(Section(tr("case_cohort"), note=case.cohort_note, table=case.cohort))
    record = case.approver
    if record is None:
        out.append(Section(tr("cf_approver"), note=tr("cf_approver_out")))
    elif record.none:
        out.append(Section(tr("cf_approver"), note=record.none))
    else:
        out.append(Section(_plain(record.title), note=record.sentence, table=record.years))
        out.append(Section(_plain(record.list_title), table=record.promotions))
    out.append(Section(tr("case_history"), table=history, note=None if history is not None else tr("case_no_history")))
    return out


def _plain(markdown_text: str) -> str:
    """A title made for the page (its data escaped for Markdown) as plain text."""
    out, escaped = [], False
    for ch in markdown_text:
        if ch == "\\" and not escaped:
            escaped = True
            continue
        out.append(ch)
        escaped = False
    return "".join(out)


CSS = """
@page { size: A4; margin: 14mm 12mm 16mm 12mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 9.5pt; line-height: 1.35;
       color: #111; margin: 0 auto; max-width: 186mm; padding: 8mm 0; }
h1 { font-size: 15pt; margin: 0 0 2mm; }
h2 { font-size: 11.5pt; margin: 6mm 0 2mm; border-bottom: 1px solid #888; padding-bottom: 1mm;
     break-after: avoid; page-break-after: avoid; }
p { margin: 0 0 2mm; }
.meta { color: #444; font-size: 8.5pt; }
table { width: 100%; border-collapse: collapse; table-layout: auto; margin: 0 0 2mm; }
th, td { border: 1px solid #aaa; padding: 1.2mm 1.6mm; text-align: left; vertical-align: top; }
td { overflow-wrap: break-word; }
td.id { overflow-wrap: anywhere; font-size: 8.5pt; }  /* NIPs and promotion numbers may break; words never */
th { background: #eef1f5; font-weight: 600; }
td.num { text-align: right; white-space: nowrap; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
table.facts th { width: 32%; background: #f6f7f9; }
.sign { margin-top: 10mm; display: flex; gap: 20mm; }
.sign div { flex: 1; border-top: 1px solid #555; padding-top: 1mm; font-size: 8.5pt; color: #444; }
@media print { body { padding: 0; max-width: none; } }
"""


def _cell(x, lang: str, decimals: int) -> tuple[str, bool]:
    """(text, numeric) of one cell."""
    if _missing(x):
        return MISSING, False
    numeric = isinstance(x, (int, float, np.integer, np.floating)) and not isinstance(x, (bool, np.bool_))
    return cell_text(x, lang, decimals), numeric


def _table_html(section: Section, lang: str) -> str:
    table = table_of(section.table)
    df, decimals = table.frame, table.decimals
    rows = []
    for values in zip(*(df[c].tolist() for c in df.columns)):
        cells = []
        for i, (col, x) in enumerate(zip(df.columns, values)):
            text, numeric = _cell(x, lang, int(decimals.get(col, 1)))
            tag = "th" if section.facts and i == 0 else "td"
            cls = " class='num'" if numeric else " class='id'" if len(text) >= 12 and " " not in text else ""
            cells.append(f"<{tag}{cls}>{html.escape(text)}</{tag}>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    if section.facts:
        return "<table class='facts'><tbody>" + "".join(rows) + "</tbody></table>"
    header = "".join(f"<th>{html.escape(str(c))}</th>" for c in df.columns)
    return f"<table><thead><tr>{header}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def document(parts: list[Section], *, title: str, lang: str, reader: str, generated: datetime) -> str:
    """The case file as one HTML page, every value escaped, printable on A4."""
    meta = t("cf_meta", lang, when=fmt_datetime(generated, lang), reader=reader)
    out = [f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'>",
           "<meta name='viewport' content='width=device-width, initial-scale=1'>",
           f"<title>{html.escape(title)}</title><style>{CSS}</style></head><body>",
           f"<h1>{html.escape(title)}</h1><p class='meta'>{html.escape(meta)}</p>",
           f"<p class='meta'>{html.escape(t('cf_confidential', lang))}</p>"]
    for s in parts:
        out.append(f"<section><h2>{html.escape(s.title)}</h2>")
        if s.note:
            out.append(f"<p>{html.escape(_plain(s.note))}</p>")
        if s.table is not None and len(s.table):
            out.append(_table_html(s, lang))
        out.append("</section>")
    out.append(f"<div class='sign'><div>{html.escape(t('cf_sign_inspector', lang))}</div>"
               f"<div>{html.escape(t('cf_sign_date', lang))}</div></div>")
    out.append("</body></html>")
    return "".join(out)


def csv(parts: list[Section], *, title: str, lang: str) -> bytes:
    """The sections one after another, each under a line with its title, in the language's CSV style."""
    sep = CSV_FORMAT.get(lang, CSV_FORMAT["en"])[0]

    def line(text: str) -> str:  # one cell: quoted when it holds the separator, never a formula
        buffer = io.StringIO()
        _csv.writer(buffer, delimiter=sep, lineterminator="").writerow([neutralise(text)])
        return buffer.getvalue()

    blocks = [line(title)]
    for s in parts:
        blocks += ["", line(f"# {s.title}")]
        if s.note:
            blocks.append(line(_plain(s.note)))
        if s.table is not None and len(s.table):
            table = table_of(s.table)
            blocks.append(table_csv(table.frame, lang, table.decimals).decode("utf-8-sig").rstrip("\r\n"))
    return ("\n".join(blocks) + "\n").encode("utf-8-sig")


def xlsx(parts: list[Section]) -> bytes:
    """One sheet per section that has a table."""
    return table_xlsx([(s.title, table_of(s.table).frame, table_of(s.table).decimals)
                       for s in parts if s.table is not None and len(s.table)])
