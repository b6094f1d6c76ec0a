"""The reviewed lexicon (retrieval/synonyms.yaml): every entry has a reason and an example; each meaning is a term
the documents use, each example expands to it, and each synonym group has a word of the documents."""

from __future__ import annotations

import re

import pytest

from retrieval.query import ReferrerWord, SynonymGroup, fold, lexicon, load_synonyms
from verwijswijzer.settings import PROJECT_ROOT

LEXICON = lexicon()
CORPUS = " ".join(p.read_text(encoding="utf-8").lower() for p in (PROJECT_ROOT / "corpus").glob("*.txt"))


def test_the_lexicon_has_its_entries_once() -> None:
    says = [w.says.lower() for w in LEXICON.words]
    assert len(LEXICON.abbreviations) >= 30 and len(LEXICON.referrer_words) >= 10 and len(LEXICON.groups) >= 10
    assert len(says) == len(set(says))


@pytest.mark.parametrize("word", LEXICON.words, ids=lambda w: w.says)
def test_each_meaning_is_a_term_of_the_documents(word: ReferrerWord) -> None:
    assert [m for m in word.means if m.lower() not in CORPUS] == []


@pytest.mark.parametrize("word", LEXICON.words, ids=lambda w: w.says)
def test_each_example_expands_to_its_meanings(word: ReferrerWord) -> None:
    flags = 0 if word.case_sensitive else re.I
    assert re.search(rf"(?<![\w-]){re.escape(word.says)}", word.example, flags), "the example uses the word"
    assert set(word.means) <= set(load_synonyms().expansions(word.example))


@pytest.mark.parametrize("group", LEXICON.groups, ids=lambda g: g.words[0])
def test_each_group_has_a_word_of_the_documents_and_its_example_expands(group: SynonymGroup) -> None:
    assert any(w.lower() in CORPUS for w in group.words)
    used = [w for w in group.words if re.search(rf"\b{re.escape(fold(w))}", fold(group.example))]
    assert used, "the example uses a word of the group"
    assert set(group.words) - set(used) <= set(load_synonyms().expansions(group.example))


def test_a_case_sensitive_word_is_not_read_in_lower_case() -> None:
    assert "speciaal onderwijs" not in load_synonyms().expansions("zo gaat het niet")
    assert "speciaal onderwijs" in load_synonyms().expansions("zit op het SO")
