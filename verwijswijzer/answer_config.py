"""Every threshold of the answering path in one place, each with what it does and where its value comes from.

Part of the settings (``VERWIJSWIJZER_ANSWER__MIN_COVERAGE=0.25`` …) and so written into every eval report.
"""

from __future__ import annotations

from pydantic import BaseModel, Field


class AnswerConfig(BaseModel):
    search_k: int = Field(default=12, ge=1, description="Passages the passage answerer reads per question.")
    min_coverage: float = Field(
        default=0.2, ge=0, le=1,
        description="Idf-weighted share of the question's terms the chosen evidence must hold, else a refusal "
                    "(calibrated on the dev set).")
    priced_min_coverage: float = Field(
        default=0.1, ge=0, le=1,
        description="The same share for an amount whose sentence names what was priced: it needs less of the "
                    "story around it.")
    max_words: int = Field(
        default=80, ge=10,
        description="Words an answer from passages may take before a further passage is left out; the first "
                    "passage is always quoted, and a list asked for whole.")
    topic_overrepresentation: float = Field(
        default=1.0, ge=0,
        description="A word anchors a question in the documents' subject when it is this many powers of ten "
                    "more frequent in the documents than in general Dutch (Zipf scale, wordfreq); a question "
                    "without an anchor is off-topic and refused. 1.0 = ten times; chosen before measuring, not "
                    "tuned.")
    topic_min_count: int = Field(
        default=3, ge=1, description="Times a word must occur in the documents before it can anchor a question.")
