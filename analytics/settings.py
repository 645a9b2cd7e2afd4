"""Settings of the product: paths and limits, and the METRICS.md parameters marked *(setting)*.

Defaults live here; a deployment overrides them in `kinerja.toml` at the repository root (or the file
named by `$KINERJA_SETTINGS`). Pages and the methodology page state the value in force.
"""
from __future__ import annotations

import difflib
import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REFERENCE_DIR = ROOT / "data" / "reference"
DEFAULT_DB = ROOT / "data" / "kinerja.duckdb"


@dataclass(frozen=True)
class Settings:
    # Largest file an analyst may load; a larger one is refused before it is read.
    max_file_mb: int = 200
    # Errors listed in one answer (the count is always complete; the list says when it is cut).
    max_errors_listed: int = 100_000
    # METRICS.md §1: the rating-curve limit L.
    curve_limit: float = 0.70
    # METRICS.md §2: targets in working days, counted from received_at.
    sla_verification_days: int = 3
    sla_first_response_days: int = 5
    sla_resolution_ringan_days: int = 2
    sla_resolution_normatif_days: int = 5
    sla_resolution_tidak_berkadar_pengawasan_days: int = 14
    sla_resolution_berkadar_pengawasan_days: int = 60
    # METRICS.md §3: groups with fewer eligible are shown but not assessed.
    fairness_min_group: int = 30
    # METRICS.md §5: smallest count shown publicly.
    public_min_cell: int = 10
    # A load or an undo that changes more than this share of a dataset's rows rebuilds the derived tables whole;
    # a smaller one recomputes only the slices its rows reach (the result is the same; the cost is not).
    refresh_full_share: float = 0.25


class SettingsError(ValueError):
    """The settings file says what the product does not know or accept; the message names the key."""


def load_settings(path: Path | None = None) -> Settings:
    """The defaults, overridden by the settings file. An unknown key (a typo would otherwise leave the default in
    force without a word), a value of the wrong type or a file that is not TOML raises SettingsError."""
    path = path or Path(os.environ.get("KINERJA_SETTINGS", ROOT / "kinerja.toml"))
    if not path.exists():
        return Settings()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SettingsError(f"{path}: not a TOML file: {exc}") from None
    kinds = {f.name: f.type for f in fields(Settings)}
    for key, value in data.items():
        if key not in kinds:
            near = difflib.get_close_matches(key, kinds, n=1)
            hint = f"; did you mean '{near[0]}'?" if near else f"; known settings: {', '.join(kinds)}"
            raise SettingsError(f"{path}: unknown setting '{key}'{hint}")
        number = isinstance(value, (int, float)) and not isinstance(value, bool)
        if not number or (kinds[key] == "int" and not isinstance(value, int)):
            kind = "a whole number" if kinds[key] == "int" else "a number"
            raise SettingsError(f"{path}: setting '{key}' must be {kind}, not {value!r}")
    return replace(Settings(), **data)


def db_path(explicit: str | os.PathLike | None = None) -> Path:
    """`--db PATH`, else `$KINERJA_DB`, else data/kinerja.duckdb (CONTRACT.md §3)."""
    if explicit:
        return Path(explicit)
    env = os.environ.get("KINERJA_DB")
    return Path(env) if env else DEFAULT_DB
