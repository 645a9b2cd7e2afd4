"""The inspectors' sections (METRICS.md §4): when the flags were computed, the approvers to filter by, the
queue, and for one flagged promotion the case: reasons with their review status, the employee's promotions and
annual appraisals, the cohort comparison, the approver's record, the review history and the case file."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from analytics import flags, reviews
from analytics import casefile as casefile_data
from analytics.catalogue import label
from analytics.filters import Filters
from ui.charts import PRIMARY, RATING_COLORS, style
from ui.context import Page
from ui import casefile
from ui.i18n import fmt_date, fmt_datetime, fmt_int, fmt_num, fmt_pct, md
from ui.tables import Table, with_decimals
from ui.views.parts import Chart

MAX_ROWS = 500
ALL = "*"                # the choice "every code / status / approver"


def filters(page: Page) -> Filters:
    """The queue's filters: region, agency and year (not the period: flags are per promotion date)."""
    return Filters(region=page.v.region, agency=page.v.agency, year=page.v.year)


def computed(page: Page) -> str | None:
    """When the stored flags were computed, over how many promotions, how many flagged."""
    cur = page.con.cursor()
    try:
        meta = flags.meta(cur)
    finally:
        cur.close()
    return (page.t("insp_computed", when=fmt_datetime(pd.Timestamp(meta["computed_at"]).to_pydatetime(), page.lang),
                   n=fmt_int(meta["promotions"], page.lang), k=fmt_int(meta["flagged"], page.lang))
            if meta else None)


def approvers(page: Page) -> dict[str, str]:
    """Approver NIP -> "name (NIP) · flagged", for the approvers of flagged promotions in scope."""
    rows = page.read(flags.approver_options, filters(page))
    return {r.approver_nip: f"{r.name or '?'} ({r.approver_nip}) · {r.flagged}" for r in rows.itertuples()}


def choice(page: Page, value: str, words=str) -> str:
    """How a filter choice reads: "all" for ALL, else `words(value)`."""
    return page.t("insp_all") if value == ALL else words(value)


@dataclass(frozen=True)
class Queue:
    title: str
    empty: str | None               # nothing flagged matches: the page stops here
    shown: str | None               # only the first MAX_ROWS of the matches are listed
    table: Table | None
    rows: pd.DataFrame | None       # the flagged promotions listed, to open one as a case

    @property
    def promotion_ids(self) -> list[str]:
        return list(self.rows["promotion_id"])

    def case_row(self, promotion_id: str):
        return self.rows[self.rows["promotion_id"] == promotion_id].iloc[0]


def queue(page: Page, code: str, status: str, approver: str, queue_read, reviewed: int) -> Queue:
    """The flagged promotions in scope matching the choices (ALL for any), by risk; `queue_read` is
    ui.data.flag_queue, cached per data version and `reviewed` (the review version)."""
    lang, t = page.lang, page.t
    rows, total = page.read(queue_read, filters(page), code=None if code == ALL else code,
                            approver=None if approver == ALL else approver, status=None if status == ALL else status,
                            limit=MAX_ROWS, lang=lang, reviewed=reviewed)
    title = t("insp_queue", n=fmt_int(total, lang))
    if rows.empty:
        return Queue(title, t("insp_none"), None, None, None)
    table = with_decimals(pd.DataFrame({
        t("col_risk"): rows["risk_score"].round(2), t("col_promotion"): rows["promotion_id"],
        t("col_nip"): rows["nip"], t("col_agency"): [page.agency(a) for a in rows["agency_code"]],
        t("col_date"): [fmt_date(d, lang) for d in pd.to_datetime(rows["effective_date"])],
        t("col_codes"): [", ".join(c) for c in rows["codes"]],
        t("insp_status"): [t("status_" + s) for s in rows["status"]],
    }), **{t("col_risk"): 2})
    shown = t("insp_shown", shown=fmt_int(len(rows), lang), n=fmt_int(total, lang)) if total > len(rows) else None
    return Queue(title, None, shown, table, rows)


@dataclass(frozen=True)
class Approver:
    """The approver's record: promotions approved, how many of the promotees were rated good the year before,
    against the pool's share, by year, and the list."""
    title: str
    none: str | None                # the promotion names no approver
    sentence: str | None
    chart: Chart | None
    years: pd.DataFrame | None
    list_title: str | None
    promotions: pd.DataFrame | None


@dataclass(frozen=True)
class Case:
    promotion_id: str
    title: str                      # for the page (Markdown: the data in it escaped)
    file_title: str                 # for the case file (plain text)
    statuses: dict[str, str]        # flag code -> review status
    open_codes: tuple[str, ...]     # the codes whose review can still move
    reasons: pd.DataFrame
    timeline: pd.DataFrame
    appraisals: pd.DataFrame
    cohort_note: str
    cohort: pd.DataFrame | None
    approver: Approver | None       # None: an approver whose record is out of scope


def _number(x, lang: str) -> str:
    return "–" if x is None or pd.isna(x) else fmt_num(x, lang, 0 if float(x).is_integer() else 1)


def _approver(page: Page, nip: str | None, record: dict) -> Approver | None:
    lang, t = page.lang, page.t
    if nip is None:
        return Approver(t("case_approver", name="–", nip="–"), t("case_no_approver"), None, None, None, None, None)
    if not record:
        return None
    who = record["approver"]  # None outside the reader's scope: the name is not shown
    s = record["summary"].iloc[0]
    p = "" if pd.isna(s["p_value"]) else t("case_approver_p", p=fmt_num(s["p_value"], lang, 4))
    sentence = t("case_approver_s", n=fmt_int(s["n_promotions"], lang), good=fmt_int(s["promotees_good"], lang),
                 rated=fmt_int(s["promotees_rated"], lang),
                 share=fmt_pct(s["promotees_good"] / s["promotees_rated"], lang) if s["promotees_rated"] else "–",
                 pool_share=fmt_pct(s["pool_good"] / s["pool_rated"], lang) if s["pool_rated"] else "–",
                 pool_rated=fmt_int(s["pool_rated"], lang), p=p)
    by = record["by_year"]
    fig = go.Figure([go.Bar(x=by["year"].astype(str), y=by["promotions"], name=t("ser_approved"), marker_color=PRIMARY),
                     go.Bar(x=by["year"].astype(str), y=by["good"], name=t("ser_good_before"),
                            marker_color=RATING_COLORS["baik"])])
    chart = Chart(style(fig, title=t("chart_approver"), x=t("col_year"), y=t("ax_promotions"), lang=lang),
                  "in_approver_chart")
    years = pd.DataFrame({t("col_year"): by["year"].astype(str), t("ser_approved"): by["promotions"],
                          t("col_n_rated"): by["rated"], t("ser_good_before"): by["good"]})
    mine = record["promotions"]
    listed = pd.DataFrame({
        t("col_promotion"): mine["promotion_id"], t("col_nip"): mine["nip"], t("col_name"): mine["name"],
        t("col_date"): [fmt_date(d, lang) for d in pd.to_datetime(mine["effective_date"])],
        t("col_kind"): [t("kind_" + k) for k in mine["kind"]],
        t("col_to"): [casefile.rank_or_level(x, lang) for x in mine["target"]],
        t("col_rating_before"): [t("rating_" + r) if isinstance(r, str) else "–" for r in mine["rating_before"]],
        t("col_codes"): ["; ".join(label("flag_code", x, lang) for x in c) for c in mine["codes"]],
    })
    return Approver(t("case_approver", name=md(who["name"]) if who else "?", nip=md(nip)), None, sentence, chart, years,
                    t("case_approver_list", n=fmt_int(len(mine), lang)), listed)


def approver_of(row) -> str | None:
    return row["approver_nip"] if isinstance(row["approver_nip"], str) else None


def case(page: Page, row, viewed: tuple) -> Case:
    """One flagged promotion (`row` of Queue.rows) as a case; `viewed` is ui.data.case_view's answer (the person,
    the timeline, the annual appraisals, the cohort and the approver's record)."""
    lang, t = page.lang, page.t
    who, timeline, appraisals, cohort, record = viewed
    pid = row["promotion_id"]
    name, nip = (who["name"], who["nip"]) if who else ("?", row["nip"])
    cur = page.con.cursor()
    try:
        statuses = {c: reviews.status(cur, pid, c) for c in row["codes"]}
    finally:
        cur.close()
    reasons = pd.DataFrame({t("col_codes"): [label("flag_code", c, lang) for c in row["reason_codes"]],
                            t("col_reasons"): row["reasons"],
                            t("insp_status"): [t("status_" + statuses[c]) for c in row["reason_codes"]]})
    promotions = pd.DataFrame({
        t("col_promotion"): timeline["promotion_id"], t("col_kind"): [t("kind_" + k) for k in timeline["kind"]],
        t("col_date"): [fmt_date(d, lang) for d in pd.to_datetime(timeline["effective_date"])],
        t("col_from"): [casefile.rank_or_level(x, lang) for x in timeline["from_"]],
        t("col_to"): [casefile.rank_or_level(x, lang) for x in timeline["to_"]], t("col_approver"): timeline["approver_nip"],
    })
    rated = pd.DataFrame({
        t("col_year"): appraisals["year"].astype(str), t("col_rating"): [t("rating_" + r) for r in appraisals["rating"]],
        t("m_score"): appraisals["score"], t("col_rater"): appraisals["evaluator_nip"],
    })
    if cohort.rows.empty:
        cohort_note, cohort_table = t("case_cohort_none"), None
    else:
        c = cohort.rows
        cohort_note = t("case_cohort_s", kind=t("kind_" + cohort.kind), target=cohort.target, year=cohort.year,
                        n_agency=fmt_int(int(c["agency_n"].max()), lang),
                        n_province=fmt_int(int(c["province_n"].max()), lang))
        cohort_table = pd.DataFrame({
            t("col_feature"): [t("feat_" + f) for f in c["feature"]],
            t("col_this"): c["value"].map(lambda x: _number(x, lang)),
            t("col_agency_median"): c["agency_median"].map(lambda x: _number(x, lang)), t("col_n_agency"): c["agency_n"],
            t("col_percentile"): c["percentile"].map(lambda x: _number(x, lang)),
            t("col_province_median"): c["province_median"].map(lambda x: _number(x, lang)),
            t("col_n_province"): c["province_n"],
        })
    return Case(pid, t("case_title", pid=md(pid), name=md(name), nip=md(nip)), t("case_title", pid=pid, name=name, nip=nip),
                statuses,
                tuple(c for c in row["codes"] if reviews.TRANSITIONS[statuses[c]]), reasons, promotions, rated,
                cohort_note, cohort_table, _approver(page, approver_of(row), record))


def case_file(page: Page, row, case: Case) -> list[casefile.Section]:
    """The case file's sections (ui.casefile), read when a file is asked for: the promotion through the reader's
    scope (analytics.casefile.promotion), the rest as the case view shows it, the review trail read fresh."""
    head = casefile_data.promotion(page.con, page.v.scope, row["promotion_id"])
    risk = row.get("risk_score")
    return casefile.sections(case, head, history(page, row["promotion_id"]),
                             risk=None if risk is None or pd.isna(risk) else float(risk), lang=page.lang)


def history(page: Page, promotion_id: str) -> pd.DataFrame | None:
    """The reviews recorded for the promotion, oldest first (None when there is none)."""
    lang, t = page.lang, page.t
    h = reviews.history(page.con, page.v.scope, promotion_id)
    if h.empty:
        return None
    return pd.DataFrame({
        t("col_when"): [fmt_datetime(pd.Timestamp(x).to_pydatetime(), lang) for x in h["changed_at"]],
        t("col_codes"): [label("flag_code", c, lang) for c in h["code"]],
        t("col_from"): [t("status_" + s) for s in h["from_status"]],
        t("col_to"): [t("status_" + s) for s in h["to_status"]], t("col_note"): h["note"],
        t("audit_account"): h["user_name"],
        t("audit_role"): [t("role_" + r) if isinstance(r, str) and r else "—" for r in h["user_role"]],
        t("audit_source"): [t("audit_source_" + (s if isinstance(s, str) and s else "typed")) for s in h["user_source"]],
    })
