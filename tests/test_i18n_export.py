"""Number and date formats per language, the string catalogue, and formula-safe CSV."""
from __future__ import annotations

from datetime import date

import pandas as pd

from analytics.export import neutralise, to_csv
from ui.i18n import STRINGS, fmt_date, fmt_int, fmt_num, fmt_pct, fmt_pp, period_label, period_short


def test_number_formats():
    assert fmt_num(1234.5, "id") == "1.234,5" and fmt_num(1234.5, "en") == "1,234.5"
    assert fmt_int(4300000, "id") == "4.300.000" and fmt_int(4300000, "en") == "4,300,000"
    assert fmt_pct(0.9364, "id") == "93,6%" and fmt_pct(0.9364, "en") == "93.6%"
    assert fmt_pp(-0.0105, "id") == "-1,1 poin" and fmt_pp(0.02, "en") == "+2.0 pp"
    assert fmt_pct(None, "id") == "–" and fmt_pp(None, "id") is None


def test_dates_and_periods():
    assert fmt_date(date(2026, 11, 24), "id") == "24 Nov 2026"
    assert fmt_date(date(2026, 8, 17), "id") == "17 Agu 2026" and fmt_date(date(2026, 8, 17), "en") == "17 Aug 2026"
    assert period_label(2025, "Q2", "id") == "Triwulan II 2025" and period_label(2025, "Y", "en") == "2025"
    assert period_label(2025, "Y", "id") == "Tahun 2025" and period_short(2025, "Q3", "id") == "2025 TW3"


def test_catalogue_complete_in_both_languages():
    for key, (id_, en) in STRINGS.items():
        assert id_ and en, key
        assert sorted(__import__("re").findall(r"{(\w+)}", id_)) == sorted(__import__("re").findall(r"{(\w+)}", en)), key


def test_formula_injection_neutralised():
    assert neutralise("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")"
    for s in ("+1", "-cmd", "@SUM(A1)", "\tx", "\rx"):
        assert neutralise(s) == "'" + s
    assert neutralise("Budi") == "Budi" and neutralise(-3.5) == -3.5
    out = to_csv(pd.DataFrame({"name": ["=1+1", "Siti"], "n": [-1, 2]})).decode("utf-8-sig")
    assert out.splitlines() == ["name,n", "'=1+1,-1", "Siti,2"]


def test_csv_of_arrow_columns_reads_as_before():
    """rating_curve holds its text in Arrow columns; its CSV keeps the lists as Python writes them, and text
    starting like a formula is still neutralised."""
    import pyarrow as pa

    df = pd.DataFrame({"codes": pd.array([["baik_max", "needs_low"], []], dtype=pd.ArrowDtype(pa.list_(pa.string()))),
                       "text": pd.array(["=SUM(A1)", "ok"], dtype=pd.ArrowDtype(pa.string()))})
    out = to_csv(df).decode("utf-8-sig")
    assert out.splitlines() == ["codes,text", "\"['baik_max', 'needs_low']\",'=SUM(A1)", "[],ok"]


def test_tables_localized():
    from ui.tables import column_text

    df = pd.DataFrame({"n": [1234, 5], "share": [93.64, None], "name": ["a", "b"]})
    out = {c: column_text(df[c], "id") for c in df.columns}
    assert out == {"n": ["1.234", "5"], "share": ["93,6", "–"], "name": ["a", "b"]}


def test_deltas_read_the_same_on_every_page():
    from ui.i18n import fmt_delta, fmt_pp

    assert [fmt_delta(x, "id") for x in (1234, -5, 0)] == ["+1.234", "-5", "±0"]
    assert [fmt_delta(x, "en", 1) for x in (0.44, -1.25, 0.04, None)] == ["+0.4", "-1.2", "±0.0", None]
    assert fmt_delta(-0.4, "id", 1) == "-0,4" and fmt_pp(0.0123, "id") == "+1,2 poin"


def test_a_delta_that_rounds_to_nothing_reads_as_no_change():
    """'±' and no arrow when the shown figure does not move (it read '-0,0' with a red arrow before)."""
    from ui.i18n import fmt_delta, fmt_pp
    from ui.shell import delta_arrow

    assert fmt_delta(-0.02, "id", 1) == "±0,0" and delta_arrow(fmt_delta(-0.02, "id", 1)) == "off"
    assert fmt_pp(-0.0001, "en") == "±0.0 pp" and delta_arrow(fmt_pp(-0.0001, "en")) == "off"
    assert delta_arrow(fmt_delta(-3, "id")) == "auto" and delta_arrow(None) == "off"


def test_a_downloaded_table_in_each_language():
    """Issue 20, item 4: Indonesian CSV for Excel set to Indonesian (';', decimal comma, BOM), English CSV with
    ',' and a point; floats as the page rounds them; NIPs and codes with leading zeros kept as text (="…", which
    Excel reads as that text); a cell that starts like a formula neutralised; '< 10' kept among counts."""
    from analytics.export import table_csv

    df = pd.DataFrame({"NIP": ["198001012005011001", "-"], "Nama": ["=SUM(A1)", "Siti"], "n": [1234, 5],
                       "Baik (%)": [93.64, None], "p": [0.01234, 0.5], "Pegawai": [12, "< 10"], "Kode": ["0072", "x"]})
    raw = table_csv(df, "id", {"p": 4})
    assert raw.startswith("\ufeff".encode())
    assert raw.decode("utf-8-sig").splitlines() == [
        "NIP;Nama;n;Baik (%);p;Pegawai;Kode",
        '"=""198001012005011001""";\'=SUM(A1);1234;93,6;0,0123;12;"=""0072"""',
        "'-;Siti;5;;0,5000;< 10;x"]
    assert table_csv(df, "en", {"p": 4}).decode("utf-8-sig").splitlines()[1] == \
        '"=""198001012005011001""",\'=SUM(A1),1234,93.6,0.0123,12,"=""0072"""'


def test_a_downloaded_workbook_keeps_numbers_numbers_and_text_text():
    import io

    import openpyxl

    from analytics.export import table_xlsx

    df = pd.DataFrame({"NIP": ["198001012005011001"], "Nama": ["=HYPERLINK(\"http://x\")"], "n": [1234],
                       "Baik (%)": [93.64]})
    book = openpyxl.load_workbook(io.BytesIO(table_xlsx([("Sebaran: predikat/instansi [2025]", df, {})])))
    sheet = book[book.sheetnames[0]]
    assert book.sheetnames == ["Sebaran predikat instansi 2025"]  # at most 31 characters, none of []:*?/\
    nip, name, n, share = sheet[2]
    assert (nip.value, nip.data_type, nip.number_format) == ("198001012005011001", "s", "@")
    assert (name.value, name.data_type) == ("=HYPERLINK(\"http://x\")", "s")     # text, never a formula
    assert (n.value, n.number_format) == (1234, "#,##0") and (share.value, share.number_format) == (93.64, "#,##0.0")
    assert [c.value for c in sheet[1]] == ["NIP", "Nama", "n", "Baik (%)"] and sheet.freeze_panes == "A2"


def test_whole_numbers_with_gaps_and_text_with_gaps():
    """A line-number column with a gap (Int64) writes 5 and '–', never 5,0; a text column with a gap holds '–' in
    the frame itself (the browser writes a null of a text column as "None", whatever its display value)."""
    from ui.tables import styled

    df = pd.DataFrame({"Baris": pd.array([None, 5, 1234], dtype="Int64"), "Nilai": [None, "a", "b"]})
    st = styled(df, "id")
    shown = [[c["display_value"] for c in row] for row in st._translate()["body"]]
    assert shown == [["–"], ["5"], ["1.234"]]
    assert st.data["Nilai"].tolist() == ["–", "a", "b"]
    assert df["Nilai"].tolist()[0] is None  # the caller's frame is left as it was
