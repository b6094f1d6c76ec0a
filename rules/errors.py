"""Errors the rule functions raise; the API maps them to 404/422 with these messages."""

from __future__ import annotations


class RuleError(Exception):
    """Base class: ``str(error)`` is a Dutch sentence fit for the user."""


class RuleDataError(RuleError):
    """A reviewed data file is malformed; names the file and the entry."""


class UnknownRegion(RuleError):
    def __init__(self, region: str, regions: list[str]) -> None:
        self.region = region
        self.regions = regions
        super().__init__(f"Onbekende regio. Kies uit: {', '.join(regions)}.")  # never echo input


class UnknownProduct(RuleError):
    def __init__(self, region: str, text: str, candidates: list[dict[str, str]]) -> None:
        self.region = region
        self.text = text
        self.candidates = candidates
        names = "; ".join(c["name"] for c in candidates)
        hint = f" Bedoel je: {names}?" if candidates else ""
        super().__init__(f"Product '{text}' is niet gevonden voor regio {region}.{hint}")
