"""Whether a question is about what the documents are about, read from the words that anchor it there.

An anchor is a word the documents use far more than Dutch does in general: "logeren", "jeugdhulp",
"indicatie", "arrangement" — not "open", "laat" or "hoofdstad", which they also use, nor "kantine", which they do
not. General Dutch frequencies come from ``wordfreq`` (Zipf scale: log10 of occurrences per billion words); the
documents' from their own passages. Also anchors: a product of the rule data, by name or alias in any region
("beschermd wonen", whose words alone are common), a product code ("45L11"), an abbreviation or referrer word of
the reviewed lexicon ("VT", "JP", "nachtje"; not its two-way synonym groups, which hold words like "kost"), and the
age of the child the question is about ("jongen van 14"): a case told is a case for a referrer. A question without
any anchor ("Hoe laat gaat de kantine open?", "Wat is de hoofdstad van Frankrijk?") is refused whichever region
asks; one with an anchor goes on to be answered or refused on its merits.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable
from functools import lru_cache

from assistant.text import STOPWORDS
from assistant.understanding import CODE, age_of_child
from retrieval.query import load_synonyms, words
from verwijswijzer.answer_config import AnswerConfig


@lru_cache(maxsize=65536)
def dutch_zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "nl")


class Topic:
    def __init__(self, texts: Iterable[str], config: AnswerConfig, general: Callable[[str], float] = dutch_zipf,
                 products: Callable[[str], list[str]] = lambda _: []) -> None:
        self.counts: Counter[str] = Counter()
        for text in texts:
            self.counts.update(words(text))
        self.total = max(1, sum(self.counts.values()))
        self.config = config
        self.general = general  # a word's frequency in Dutch at large, Zipf scale
        self.products = products  # the rule data's products a text names

    def zipf(self, word: str) -> float:
        """The word's frequency in the documents on the Zipf scale (0 when they do not use it)."""
        count = self.counts[word]
        return math.log10(count / self.total * 1e9) if count else 0.0

    def anchors(self, question: str) -> list[str]:
        """The question's words that anchor it in the documents' subject."""
        found = [w for w in dict.fromkeys(words(question)) if w not in STOPWORDS
                 and self.counts[w] >= self.config.topic_min_count
                 and self.zipf(w) - self.general(w) >= self.config.topic_overrepresentation]
        age = age_of_child(question)
        lexicon = load_synonyms().abbreviations_in(question)
        return [*found, *self.products(question), *CODE.findall(question), *lexicon, *([f"{age} jaar"] if age else [])]

    def on_topic(self, question: str) -> bool:
        return bool(self.anchors(question))
