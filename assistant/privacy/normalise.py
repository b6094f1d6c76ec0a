"""Text as detectors should see it: NFKC, no invisible format characters, Latin look-alikes mapped to Latin.

Personal data is hidden from pattern detectors by zero-width spaces inside a BSN, full-width digits, or Cyrillic
letters that look Latin ("Јan"). Redaction works on the normalised text and returns it, so what is stored is
what was checked. Every step is one pass over the characters.
"""

from __future__ import annotations

import unicodedata

# Cyrillic and Greek letters that render like Latin ones (Unicode confusables, the subset that occurs in
# Dutch-looking text); Dutch and Turkish letters with diacritics are not touched.
_HOMOGLYPHS = str.maketrans({
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T",
    "Х": "X", "У": "Y", "І": "I", "Ј": "J", "Ѕ": "S", "а": "a", "е": "e", "о": "o", "р": "p", "с": "c",
    "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s", "ԁ": "d", "һ": "h", "ӏ": "l", "Α": "A", "Β": "B",
    "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T",
    "Υ": "Y", "Χ": "X", "ο": "o", "ν": "v",
})


def _plain_char(ch: str) -> str:
    category = unicodedata.category(ch)
    if category == "Cf":  # zero-width space/joiner, soft hyphen, direction marks, BOM
        return ""
    if category == "Nd" and not ch.isascii():  # Arabic-Indic and other decimal digits
        return str(unicodedata.digit(ch))
    if category == "Zs":  # no-break and other spaces
        return " "
    return ch


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    if not text.isascii():
        text = "".join(map(_plain_char, text)).translate(_HOMOGLYPHS)
    return text
