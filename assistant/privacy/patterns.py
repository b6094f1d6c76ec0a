"""Detectors for personal data that has a shape: e-mail, IBAN, BSN, phone numbers, postcodes, street addresses
and dates of birth. Each returns the spans it found in (normalised) text.

Every pattern runs in linear time: no quantified group can match the same text in two ways (separators and
digits never overlap), unbounded runs are possessive (``++``) or anchored at the start of a run by a look-behind,
and what is checked around a match is a bounded window. ``tests/security/test_redaction_speed.py`` holds them to it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from stdnum import iban as std_iban
from stdnum.nl import bsn as std_bsn


class Span(NamedTuple):
    start: int
    end: int
    kind: str


# -- e-mail, also written as "j.devries [at] gmail.com" or "j.devries at gmail dot com" ----------------------
_AT = r"(?:@|[ \t]*+[\[({<][ \t]*+(?:at|@|apenstaartje)[ \t]*+[\])}>][ \t]*+|[ \t]++(?:at|apenstaartje)[ \t]++)"
_DOT = r"(?:\.|[ \t]*+[\[({<][ \t]*+(?:dot|punt|\.)[ \t]*+[\])}>][ \t]*+|[ \t]++(?:dot|punt)[ \t]++)"
EMAIL = re.compile(rf"(?<![\w.+-])[\w.+-]++{_AT}[\w-]++(?:{_DOT}[\w-]++)+", re.I)


def emails(text: str) -> Iterator[Span]:
    for m in EMAIL.finditer(text):
        yield Span(m.start(), m.end(), "email")


# -- IBAN with spaces or dashes, valid checksum ------------------------------------------------------------------
_IBAN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2}[0-9]{2}(?:[ \-]?[A-Za-z0-9]){10,30}")


def ibans(text: str) -> Iterator[Span]:
    for m in _IBAN.finditer(text):
        raw = m.group(0)
        # The longest prefix with a valid checksum: a word may follow the number without a separator.
        for end in range(len(raw), 14, -1):
            if raw[end - 1] not in " -" and std_iban.is_valid(raw[:end]):
                yield Span(m.start(), m.start() + end, "iban")
                break


# -- BSN and phone numbers: runs of digit groups with any separators ----------------------------------------------
# "06.12.34.56.78", "06 - 12 34 56 78", "+31 (0)6 12345678", "111/222/333", "bsn.111222333": groups of digits with
# up to three separator characters between them. The separators hold no digit, so a run is matched one way only.
_RUN = re.compile(r"[0-9]++(?:[ .\-/()_]{1,3}+[0-9]++)*+")
_GROUP = re.compile(r"[0-9]+")
_BSN_CUE = re.compile(r"(?:bsn|burgerservicenummer|sofinummer|sofi-nummer)[\s\-:.=#]*+"
                      r"(?:(?:nummer|nr|is)[\s\-:.=#]*+)*+$", re.I)
_MONEY_BEFORE = re.compile(r"(?:€|eur|euro)\s?$", re.I)
_DECIMALS = re.compile(r",[0-9]")
_MAX_DIGITS = 13  # 0031 6 12345678
_PREFIX_DIGITS = 4  # "+31 (0)6", "0031 6": single digits only in a number's first four


def _is_phone(digits: str) -> bool:
    if len(digits) == 10:
        return digits[0] == "0" and digits[1] != "0"
    if digits.startswith("0031"):
        digits = digits[2:]
    if digits.startswith("310"):  # +31 (0)6 …
        digits = "31" + digits[3:]
    return len(digits) == 11 and digits.startswith("31") and digits[2] != "0"


def _is_bsn(digits: str) -> bool:
    return len(digits) == 9 and std_bsn.is_valid(digits)


def numbers(text: str) -> Iterator[Span]:
    for run in _RUN.finditer(text):
        groups = [(g.start(), g.end()) for g in _GROUP.finditer(run.group(0))]
        before = text[max(0, run.start() - 40):run.start()]
        if _BSN_CUE.search(before):
            # After "BSN" any number is one, checksum or not ("BSN: 12345678").
            digits = 0
            for i, (_, end) in enumerate(groups):
                digits += end - groups[i][0]
                if digits >= 7:
                    yield Span(run.start(), run.start() + end, "bsn")
                    break
            continue
        if _MONEY_BEFORE.search(before[-6:]) or _DECIMALS.match(text, run.end()):
            continue  # an amount (€ 123.456.789 or 123.456.789,00), not a number of a person
        for span in _numbers_in_run(run.start(), run.group(0), groups):
            plus = span.start > 0 and text[span.start - 1] == "+"
            yield span._replace(start=span.start - 1) if plus else span


def _numbers_in_run(offset: int, run: str, groups: list[tuple[int, int]]) -> Iterator[Span]:
    i = 0
    while i < len(groups):
        found: Span | None = None
        digits = ""
        for j in range(i, len(groups)):
            start, end = groups[j]
            if j > i and end - start < 2 and len(digits) > _PREFIX_DIGITS:
                break  # "06 1 2 3 …" is no phone number: past its prefix a number's groups hold 2 digits or more
            digits += run[start:end]
            if len(digits) > _MAX_DIGITS:
                break
            kind = "phone" if _is_phone(digits) else "bsn" if _is_bsn(digits) else None
            if kind:
                found = Span(offset + groups[i][0], offset + end, kind)
                next_i = j + 1
        if found is not None:
            yield found
            i = next_i
        else:
            i += 1


# -- postcodes and street addresses ------------------------------------------------------------------------------
POSTCODE = re.compile(r"(?<![0-9A-Za-z])[1-9][0-9]{3}(?: ?[A-Z]{2}|[a-z]{2})(?![A-Za-z])"
                      r"(?:[ \t]*,?[ \t]*[0-9]{1,5}[a-zA-Z]?(?![0-9A-Za-z]))?")
_HOUSE_NUMBER = re.compile(r"[ \t]{1,3}[0-9]{1,5}(?:[ \t]?[a-zA-Z](?![a-zA-Z]))?(?:[-/ ][0-9]{1,3}(?![0-9]))?"
                           r"(?![0-9,.]?[0-9])")
STREET_SUFFIXES = ("straat", "laan", "weg", "plein", "singel", "gracht", "kade", "dijk", "pad", "hof", "steeg",
                   "dreef", "park", "markt", "ring", "veld", "baan", "erf", "hoeve", "wal", "dam", "haven",
                   "kant", "berg", "burg", "oord", "akker", "pleintje", "straatje", "weide", "wijk", "zoom")


def postcodes(text: str) -> Iterator[Span]:
    for m in POSTCODE.finditer(text):
        code = m.group(0)
        has_house_number = re.search(r"[A-Za-z]{2}[ \t]*,?[ \t]*[0-9]", code) is not None
        # "in 2024 GI-trajecten": a year followed by two capitals is only a postcode with a house number.
        if 1900 <= int(code[:4]) <= 2099 and code[4:5] == " " and not has_house_number:
            continue
        if code[4:7].strip().upper() in {"SA", "SD", "SS"}:  # never issued as postcode letters
            continue
        yield Span(m.start(), m.end(), "address" if has_house_number else "postcode")


def house_number_after(text: str, end: int) -> int | None:
    """The end of a house number ("12", "5a", "12 A", "14-2") right after position ``end``, if there is one."""
    m = _HOUSE_NUMBER.match(text, end)
    return m.end() if m else None


def is_street_word(lower: str) -> bool:
    return any(lower.endswith(s) and len(lower) > len(s) + 1 for s in STREET_SUFFIXES)


# -- dates of birth ------------------------------------------------------------------------------------------------
_MONTHS = ("januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|"
           "jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec")
DATE = re.compile(rf"(?<![0-9])(?:[0-9]{{1,2}}[-/.][0-9]{{1,2}}[-/.](?:19|20)?[0-9]{{2}}|"
                  rf"[0-9]{{1,2}}[ \t]+(?:{_MONTHS})\.?[ \t]+(?:19|20)[0-9]{{2}}|"
                  rf"(?:19|20)[0-9]{{2}}-[0-9]{{2}}-[0-9]{{2}})(?![0-9])", re.I)
_BIRTH_CUE = re.compile(r"(?:geboren|\bgeb\b\.?|geboortedatum|geboortedag|\bdob\b|d\.o\.b\.?|°|\*)"
                        r"(?:[ \t]*+(?:op|is|:|,|\(|-))*+[ \t]*+$", re.I)


def dates(text: str) -> Iterator[tuple[int, int, bool]]:
    """Every full date, with whether a birth cue ("geboren", "geb.", "geboortedatum", "°") stands right before."""
    for m in DATE.finditer(text):
        yield m.start(), m.end(), _BIRTH_CUE.search(text[max(0, m.start() - 30):m.start()]) is not None
