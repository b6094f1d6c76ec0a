"""Generators of Dutch personal data in the notations professionals write, for the privacy property tests.

Every value is valid where a checksum applies (BSN 11-proef, IBAN mod 97), and names are drawn from the name
lists that are not words of the handbooks (a handbook word in an answer would look like a leak)."""

from __future__ import annotations

import re
import string
from functools import lru_cache
from typing import NamedTuple

from hypothesis import strategies as st

from assistant.privacy import PiiRedactor, redactor_for
from assistant.privacy.lookups import name_lists
from verwijswijzer.settings import PROJECT_ROOT

ZWSP = "\u200b"
PUNCTUATION = [",", ".", ":", ";", "!", "?", "(", ")", '"', "'", "-", "/", "…", " ", "\n", "“", "”", "*"]
STREET_STEMS = ["Kerk", "Dorps", "Molen", "School", "Hoog", "Stations", "Beatrix", "Lange", "Wilhelmina", "Brink",
                "Eiken", "Berken", "Kastanje", "Zuider", "Noorder", "Vijver", "Akker", "Tuin"]
STREET_ENDS = ["straat", "laan", "weg", "plein", "singel", "gracht", "kade", "dijk", "hof", "steeg", "dreef"]
BANKS = ["ABNA", "INGB", "RABO", "SNSB", "TRIO", "ASNB", "KNAB", "BUNQ"]
FOREIGN_NAMES = ["Şükrü Yılmaz", "Ayşe Demir", "Fatma Kılıç", "Zoë Müller", "Öykü Çelik", "İbrahim Aydın",
                 "Józef Wiśniewski", "Dragoș Popescu", "Ngozi Okafor", "Mehmet Öztürk"]


@lru_cache(maxsize=1)
def redactor() -> PiiRedactor:
    return redactor_for(PROJECT_ROOT / "corpus")


@lru_cache(maxsize=1)
def _corpus_text() -> str:
    return " ".join(p.read_text(encoding="utf-8").lower() for p in (PROJECT_ROOT / "corpus").glob("*.txt"))


@lru_cache(maxsize=1)
def name_pools() -> tuple[list[str], list[str]]:
    """First names and surnames no handbook writes (alphabetic, 4+ letters)."""
    known, text = redactor().names.known, _corpus_text()

    def usable(name: str) -> bool:
        return name.isalpha() and len(name) >= 4 and name not in known and name not in text

    lists = name_lists()
    return (sorted(n for n in lists.first_names if usable(n))[::7],
            sorted(n for n in lists.surnames - lists.first_names if usable(n))[::7])


def bsn_digits(first8: str) -> str | None:
    """Nine digits that pass the 11-proef (python-stdnum's reading of it), or None."""
    from stdnum.nl import bsn as std_bsn

    total = sum((9 - i) * int(d) for i, d in enumerate(first8))
    digits = first8 + str(total % 11)
    return digits if total % 11 < 10 and std_bsn.is_valid(digits) else None


@st.composite
def bsn(draw: st.DrawFn) -> str:
    digits = draw(st.text("0123456789", min_size=8, max_size=8).map(bsn_digits).filter(bool))
    assert digits is not None
    style = draw(st.sampled_from(["plain", "dots", "spaces", "dashes", "slashes", "zwsp", "fullwidth"]))
    return {
        "plain": digits,
        "dots": f"{digits[:4]}.{digits[4:6]}.{digits[6:]}",
        "spaces": f"{digits[:3]} {digits[3:6]} {digits[6:]}",
        "dashes": f"{digits[:3]}-{digits[3:6]}-{digits[6:]}",
        "slashes": f"{digits[:3]}/{digits[3:6]}/{digits[6:]}",
        "zwsp": ZWSP.join([digits[:3], digits[3:6], digits[6:]]),
        "fullwidth": digits.translate(str.maketrans(string.digits, "０１２３４５６７８９")),
    }[style]


@st.composite
def phone(draw: st.DrawFn) -> str:
    mobile = draw(st.booleans())
    rest = draw(st.text("0123456789", min_size=8, max_size=8))
    if mobile:
        national = "06" + rest
    else:
        national = "0" + draw(st.sampled_from(["20", "10", "30", "77", "475", "165", "320", "23"])) + rest
        national = national[:10]
    n = national
    style = draw(st.sampled_from(["plain", "dash", "space", "dots", "spaced-dash", "slash", "plus", "plus0",
                                  "0031", "parens"]))
    return {
        "plain": n,
        "dash": f"{n[:2]}-{n[2:]}" if mobile else f"{n[:3]}-{n[3:]}",
        "space": f"{n[:2]} {n[2:6]} {n[6:]}",
        "dots": ".".join([n[:2], n[2:4], n[4:6], n[6:8], n[8:]]),
        "spaced-dash": f"{n[:2]} - {n[2:4]} {n[4:6]} {n[6:8]} {n[8:]}",
        "slash": f"{n[:2]}/{n[2:]}",
        "plus": f"+31 {n[1:2]} {n[2:]}",
        "plus0": f"+31 (0){n[1:2]} {n[2:]}",
        "0031": f"0031 {n[1:]}",
        "parens": f"({n[:3]}) {n[3:]}",
    }[style]


def iban_for(bank: str, account: str) -> str:
    bban = bank + account
    numeric = "".join(str(int(c, 36)) for c in bban + "NL00")
    return f"NL{98 - int(numeric) % 97:02d}{bban}"


@st.composite
def iban(draw: st.DrawFn) -> str:
    value = iban_for(draw(st.sampled_from(BANKS)), draw(st.text("0123456789", min_size=10, max_size=10)))
    style = draw(st.sampled_from(["compact", "spaces", "dashes", "lower"]))
    groups = re.findall(".{1,4}", value)
    return {"compact": value, "spaces": " ".join(groups), "dashes": "-".join(groups),
            "lower": value.lower()}[style]


@st.composite
def email(draw: st.DrawFn) -> str:
    word = st.text("abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=8)
    local = draw(word) + draw(st.sampled_from(["", ".", "_", "-"])) + draw(word)
    domain, tld = draw(word), draw(st.sampled_from(["nl", "com", "org", "eu"]))
    at = draw(st.sampled_from(["@", " [at] ", "(at)", " (at) ", " at ", "[@]"]))
    dot = draw(st.sampled_from([".", ".", " [dot] ", "(punt)", " punt "]))
    return f"{local}{at}{domain}{dot}{tld}"


@st.composite
def postcode(draw: st.DrawFn) -> str:
    digits = draw(st.integers(1000, 9999))
    letters = draw(st.text("ABCDEFGHJKLMNPRTVWXZ", min_size=2, max_size=2))
    house = draw(st.integers(1, 300))
    style = draw(st.sampled_from(["space-house", "compact", "lower", "comma-house"]))
    return {"space-house": f"{digits} {letters} {house}", "compact": f"{digits}{letters}",
            "lower": f"{digits}{letters.lower()}", "comma-house": f"{digits}{letters}, {house}"}[style]


@st.composite
def street(draw: st.DrawFn) -> str:
    name = draw(st.sampled_from(STREET_STEMS)) + draw(st.sampled_from(STREET_ENDS))
    number = str(draw(st.integers(1, 250))) + draw(st.sampled_from(["", "a", "b", " A", "-2"]))
    return f"{name.lower() if draw(st.booleans()) else name} {number}"


@st.composite
def birth_date(draw: st.DrawFn) -> str:
    day, month, year = draw(st.integers(1, 28)), draw(st.integers(1, 12)), draw(st.integers(2004, 2025))
    months = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
              "november", "december"]
    date = draw(st.sampled_from([f"{day:02d}-{month:02d}-{year}", f"{day}/{month}/{year}", f"{day} {months[month - 1]} "
                                 f"{year}", f"{year}-{month:02d}-{day:02d}", f"{day:02d}.{month:02d}.{year}"]))
    cue = draw(st.sampled_from(["geboren", "geboren op", "geb.", "geb", "geboortedatum:", "°", "Geboren:"]))
    return f"{cue} {date}"


@st.composite
def name(draw: st.DrawFn) -> str:
    firsts, lasts = name_pools()
    first, last = draw(st.sampled_from(firsts)).capitalize(), draw(st.sampled_from(lasts)).capitalize()
    interfix = draw(st.sampled_from(["", "", "de ", "van ", "van der ", "van den ", "ter "]))
    style = draw(st.sampled_from(["full", "lower", "interfix", "title", "relation", "single", "foreign"]))
    return {
        "full": f"{first} {last}",
        "lower": f"{first.lower()} {last.lower()}",
        "interfix": f"{first} {interfix}{last}",
        "title": f"{draw(st.sampled_from(['mevrouw', 'mevr.', 'dhr.', 'meneer']))} {interfix}{last}",
        "relation": f"{draw(st.sampled_from(['dochter', 'zoon', 'cliënt', 'moeder', 'pleegkind']))} {first}",
        "single": f"de ouders van {first}",
        "foreign": draw(st.sampled_from(FOREIGN_NAMES)),
    }[style]


KINDS = {"bsn": bsn(), "phone": phone(), "iban": iban(), "email": email(), "postcode": postcode(),
         "street": street(), "birth_date": birth_date(), "name": name()}
QUESTIONS = ["Wat kost Perspectief 1 licht bij een reguliere aanbieder?", "Mag logeren samen met GGZ?",
             "Hoe lang duurt een light-contract?", "Welke stappen zijn er bij een verwijzing?",
             "Wanneer is maatwerk mogelijk?"]
_CUES = re.compile(r"^(?:geboren op|geboren|geb\.|geb|geboortedatum:|°|Geboren:|mevrouw|mevr\.|dhr\.|meneer|dochter|"
                   r"zoon|cliënt|moeder|pleegkind|de ouders van) ")


class Pii(NamedTuple):
    kind: str
    written: str  # as it appears in the message
    secrets: tuple[str, ...]  # what must be found nowhere afterwards


def secrets_of(kind: str, written: str) -> tuple[str, ...]:
    """The personal part as it would be stored (normalised, cue words off), its digits when it is a number,
    and for a name or street each of its words (no handbook writes them)."""
    from assistant.privacy.normalise import normalise

    value = _CUES.sub("", normalise(written))
    out = {value}
    digits = re.sub(r"\D", "", value)
    if kind in {"bsn", "phone", "iban"}:
        out.add(digits)
    if kind == "email":
        out.add(re.split(r"[ \[(@]", value)[0])
    if kind in {"name", "street"}:
        out.update(re.findall(r"[^\W\d_]{4,}", value))
    out.discard("van der")
    return tuple(sorted(s for s in out if len(s) >= 4))


@st.composite
def pii(draw: st.DrawFn, kinds: tuple[str, ...] = tuple(KINDS)) -> Pii:
    kind = draw(st.sampled_from(kinds))
    written = draw(KINDS[kind])
    return Pii(kind, written, secrets_of(kind, written))


@st.composite
def message_with(draw: st.DrawFn, kinds: tuple[str, ...] = tuple(KINDS)) -> tuple[str, Pii]:
    """A question with one personal datum at the start, in the middle or at the end, with punctuation around."""
    value = draw(pii(kinds))
    before, after = draw(st.sampled_from(PUNCTUATION)), draw(st.sampled_from(PUNCTUATION))
    question = draw(st.sampled_from(QUESTIONS))
    where = draw(st.sampled_from(["start", "middle", "end"]))
    if where == "start":
        text = f"{value.written}{after} {question}"
    elif where == "middle":
        head, _, tail = question.partition(" ")
        text = f"{head} {before}{value.written}{after} {tail}"
    else:
        text = f"{question} {before}{value.written}{after}"
    return text, value


def leaks(haystack: str, values: list[Pii]) -> list[str]:
    """The secrets of ``values`` found in ``haystack`` (case-insensitive)."""
    low = haystack.lower()
    return [f"{v.kind}: {s!r}" for v in values for s in v.secrets if s.lower() in low]
