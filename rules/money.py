"""Dutch money formatting: 1306.2 -> '€ 1.306,20', or the amount as the document prints it."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

# "€1.083,48", "€ 1.236,-", "€ 1622,-", "€ 376,-" — as the handbooks write them.
_WRITTEN = re.compile(r"€\s?\d+(?:\.\d{3})*(?:,(?:\d{2}|-))?")


def euro(amount: float) -> str:
    whole, cents = f"{amount:,.2f}".split(".")
    return f"€ {whole.replace(',', '.')},{cents}"


def amount_value(text: str) -> Decimal | None:
    """The value of an amount as written: "€ 1.306,20", "1306,20", "1.306", "€ 1.236,-", "1306.2" (a tool
    output's number) -> Decimal('1306.2'); None when it is no amount."""
    raw = re.sub(r"[€\s]", "", text).removesuffix(",-")
    if "," in raw:
        raw = raw.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(?:\.\d{3})+", raw):
        raw = raw.replace(".", "")
    try:
        return Decimal(raw).normalize()
    except InvalidOperation:
        return None


def as_written(amount: float, quotes: Iterable[str]) -> str:
    """The amount as the cited passage prints it, so a referrer finds it in the document; else ``euro``."""
    for quote in quotes:
        for m in _WRITTEN.finditer(quote):
            value = amount_value(m.group(0))
            if value is not None and abs(float(value) - amount) < 0.005:
                return m.group(0)
    return euro(amount)
