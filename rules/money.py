"""Dutch money formatting: 1306.2 -> '€ 1.306,20', or the amount as the document prints it."""

from __future__ import annotations

import re
from collections.abc import Iterable

# "€1.083,48", "€ 1.236,-", "€ 1622,-", "€ 376,-" — as the handbooks write them.
_WRITTEN = re.compile(r"€\s?\d+(?:\.\d{3})*(?:,(?:\d{2}|-))?")


def euro(amount: float) -> str:
    whole, cents = f"{amount:,.2f}".split(".")
    return f"€ {whole.replace(',', '.')},{cents}"


def _value(written: str) -> float:
    digits = written.replace("€", "").replace(" ", "").replace(".", "").replace(",-", "").replace(",", ".")
    return float(digits)


def as_written(amount: float, quotes: Iterable[str]) -> str:
    """The amount as the cited passage prints it, so a referrer finds it in the document; else ``euro``."""
    for quote in quotes:
        for m in _WRITTEN.finditer(quote):
            if abs(_value(m.group(0)) - amount) < 0.005:
                return m.group(0)
    return euro(amount)
