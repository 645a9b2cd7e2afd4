"""The one catalogue of user-facing text (analytics/catalogue.py): every domain code has a label in both
languages, every entry is a pair of non-empty texts with the same placeholders, and every dataset and flag
code is named."""
from __future__ import annotations

import string
from dataclasses import fields

import pytest

from analytics import catalogue, domain
from analytics.datasets import DATASETS
from analytics.settings import Settings

SECTIONS = {"STRINGS": catalogue.STRINGS, "RULES": catalogue.RULES, "TEXT": catalogue.TEXT,
            "ACCOUNT": catalogue.ACCOUNT, "REVIEW": catalogue.REVIEW, "FLAG_SENTENCES": catalogue.FLAG_SENTENCES,
            "DURATION": catalogue.DURATION, "FLAG_FEATURES": catalogue.FLAG_FEATURES}


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("group", sorted(catalogue.CODE_GROUPS))
def test_every_domain_code_has_a_label_in_both_languages(group):
    labels = catalogue.CODE_LABELS[group]
    codes = catalogue.CODE_GROUPS[group]
    assert set(labels) == set(codes), (set(codes) - set(labels), set(labels) - set(codes))
    for code in codes:
        ind, eng = labels[code]
        assert ind.strip() and eng.strip(), (group, code)
        assert catalogue.label(group, code, "id") == ind and catalogue.label(group, code, "en") == eng


def test_the_groups_cover_the_domain():
    groups = set(map(id, catalogue.CODE_GROUPS.values()))
    for name in ("RATINGS", "ORG_RATINGS", "PROMOTION_KINDS", "REVIEW_STATUSES", "COMPLAINT_STATUSES",
                 "EMPLOYEE_STATUSES", "CHANNELS", "SEVERITIES", "POSITION_LEVELS", "AGENCY_KINDS",
                 "EDUCATION_LEVELS", "GENDERS", "EMPLOYMENT_TYPES", "FLAG_CODES", "PERIODS", "EXPECTATIONS"):
        assert id(getattr(domain, name)) in groups, name


@pytest.mark.parametrize("section", sorted(SECTIONS))
def test_every_entry_is_a_pair_with_the_same_placeholders(section):
    bad = []
    for key, pair in SECTIONS[section].items():
        if not (isinstance(pair, tuple) and len(pair) == 2 and all(isinstance(x, str) and x.strip() for x in pair)):
            bad.append((key, "not a pair of texts"))
        elif _placeholders(pair[0]) != _placeholders(pair[1]):
            bad.append((key, _placeholders(pair[0]), _placeholders(pair[1])))
    assert bad == []


def test_datasets_settings_and_flag_codes_are_named():
    for name, ds in DATASETS.items():
        assert (ds.title("id"), ds.title("en")) == catalogue.STRINGS[f"dataset_{name}"]
    assert DATASETS["employees"].title("id") == "Pegawai" and DATASETS["employees"].title("en") == "Employees"
    for f in fields(Settings):
        assert f"setting_{f.name}" in catalogue.STRINGS
    assert set(catalogue.CODE_LABELS["flag_code"]) == set(domain.FLAG_CODES)


def test_every_flag_code_has_a_sentence_and_spans_read_well():
    assert set(catalogue.FLAG_SENTENCES) == set(domain.FLAG_CODES)
    assert [catalogue.duration(n, "en") for n in (0, 1, 12, 13, 25)] == [
        "0 months", "1 month", "1 year", "1 year 1 month", "2 years 1 month"]
    assert catalogue.duration(25, "id") == "2 tahun 1 bulan"
    assert catalogue.outlier_parts([("age_years", 54.0, 43.5)], "id") == "usia 54 (median instansi 43,5)"
    assert catalogue.outlier_parts([("age_years", 54.0, 43.5)], "en") == "age 54 (agency median 43.5)"


def test_an_unknown_code_is_shown_as_it_is():
    assert catalogue.label("channel", "pigeon", "id") == "pigeon"
    assert catalogue.label("rating", "baik", "en") == "Good"
