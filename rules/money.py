"""Dutch money formatting: 1306.2 -> '€ 1.306,20'."""

from __future__ import annotations


def euro(amount: float) -> str:
    whole, cents = f"{amount:,.2f}".split(".")
    return f"€ {whole.replace(',', '.')},{cents}"
