"""The reviewed lexicon of referrer words: each meaning is a term the documents use, and each example question
expands to it (a word list a domain expert reads, checked against the corpus it maps onto)."""

from __future__ import annotations

import re

import pytest

from retrieval.query import ReferrerWord, load_synonyms, referrer_words
from verwijswijzer.settings import PROJECT_ROOT

WORDS = referrer_words()
CORPUS = " ".join(p.read_text(encoding="utf-8").lower() for p in (PROJECT_ROOT / "corpus").glob("*.txt"))


def test_the_lexicon_has_entries_and_no_duplicates() -> None:
    says = [w.says.lower() for w in WORDS]
    assert len(says) >= 10 and len(says) == len(set(says))
    assert not set(says) & {k.lower() for k in load_synonyms().abbreviations if k not in {w.says for w in WORDS}}


@pytest.mark.parametrize("word", WORDS, ids=lambda w: w.says)
def test_each_meaning_is_a_term_of_the_documents(word: ReferrerWord) -> None:
    assert [m for m in word.means if m.lower() not in CORPUS] == []


@pytest.mark.parametrize("word", WORDS, ids=lambda w: w.says)
def test_each_example_expands_to_its_meanings(word: ReferrerWord) -> None:
    flags = 0 if word.case_sensitive else re.I
    assert re.search(rf"(?<!\w){re.escape(word.says)}(?!\w)", word.example, flags), "the example uses the word"
    assert set(word.means) <= set(load_synonyms().expansions(word.example))


def test_a_case_sensitive_word_is_not_read_in_lower_case() -> None:
    assert "speciaal onderwijs" not in load_synonyms().expansions("zo gaat het niet")
    assert "speciaal onderwijs" in load_synonyms().expansions("zit op het SO")
