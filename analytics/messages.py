"""Messages of the loader's rules, in Indonesian (default) and English: kept in the one catalogue
(analytics/catalogue.py), named here for the loader.

Each rule has a stable code (tests and scripts match on it) and a sentence per language. Placeholders:
{detail} is filled by the check itself; {allowed}, {min}, {max}, {column_id} from the contract.
"""
from __future__ import annotations

from analytics.catalogue import LANGS, RULES, TEXT, rule_message, text  # noqa: F401
