"""Access scope: which regions a reader may see and whether personal data may be shown.

Every read function in analytics/ takes a Scope and applies it in its query, so that data outside the
scope never leaves the database. Each reader's Scope comes from their account (analytics/users.scope_for:
a role bound to a region sees that region and what lies below it; only the roles that handle cases see
personal data); visitors read with `Scope.public()` (every region, aggregates only) and the command line
with `Scope.unrestricted()` unless `--user` names an account.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scope:
    # Dotted Kemendagri codes the reader may see, each with everything below it; None = every region.
    regions: tuple[str, ...] | None = None
    # NIPs, names, decree numbers, evaluators and reviews may be shown.
    personal_data: bool = False

    @classmethod
    def unrestricted(cls) -> "Scope":
        return cls(regions=None, personal_data=True)

    @classmethod
    def public(cls) -> "Scope":
        return cls(regions=None, personal_data=False)

    def region_filter(self, column: str, prefix: str = "scope") -> tuple[str, dict[str, str]]:
        """A SQL condition on a region-code column, and its named parameters.

        `column` is an identifier chosen by the calling code, never user input.
        """
        if self.regions is None:
            return "true", {}
        if not self.regions:
            return "false", {}
        parts, params = [], {}
        for i, code in enumerate(self.regions):
            parts.append(f"({column} = ${prefix}_{i} or starts_with({column}, ${prefix}_{i}_below))")
            params[f"{prefix}_{i}"], params[f"{prefix}_{i}_below"] = code, code + "."
        return "(" + " or ".join(parts) + ")", params


def region_condition(column: str, region: str | None, prefix: str = "region") -> tuple[str, dict[str, str]]:
    """A filter on one region and everything below it (CONTRACT.md §3 `--region`)."""
    if not region:
        return "true", {}
    return (f"({column} = ${prefix} or starts_with({column}, ${prefix}_below))",
            {prefix: region, f"{prefix}_below": region + "."})
