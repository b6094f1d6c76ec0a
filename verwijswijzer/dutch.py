"""How the documents write Dutch: the language patterns every layer shares (ingest, retrieval, answers).

The one home for them, so that retrieval and the answerer agree on what a sum of money looks like.
"""

from __future__ import annotations

import re

# A sum of money as the documents write it: "€ 1.236,-", "1.083,48", "13.000 euro".
AMOUNT = re.compile(r"€\s?\d|\d+,\d{2}\b|\d\s?euro\b", re.I)
