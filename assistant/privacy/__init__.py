"""Personal data in what users send: detected and replaced by placeholders before anything is stored, logged
or sent (conversations, feedback, audit log, search, uploaded documents, an LLM).

Detected: BSN (11-proef via python-stdnum, with any separator or punctuation around it, and any number after
"BSN"), IBAN (checksum, with spaces or dashes), Dutch phone numbers in every notation, e-mail addresses (also
"[at]" forms), postcodes with or without house number, street + house number (any case), dates of birth (after a
birth cue or right after a name), and person names (cues, capitalisation and the name lists of the Dutch
de-identification library ``deduce``; see ``lookups``). Text is normalised first (NFKC, no invisible characters,
Latin look-alikes). Product codes (45L11), amounts (€ 1.306,20), years, ages and line numbers are left alone.
"""

from assistant.privacy.redactor import (
    KIND_NAMES,
    NOTICE,
    PLACEHOLDERS,
    PiiRedactor,
    Redaction,
    Redactor,
    redactor_for,
    without_placeholders,
)

__all__ = ["KIND_NAMES", "NOTICE", "PLACEHOLDERS", "PiiRedactor", "Redaction", "Redactor", "redactor_for",
           "without_placeholders"]
