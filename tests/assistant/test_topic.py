"""A question is on topic when a word anchors it in the documents' subject; otherwise it is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.engine import Assistant, ChatRequest
from assistant.topic import Topic
from tests.conftest import real_engine
from verwijswijzer.answer_config import AnswerConfig
from verwijswijzer.settings import Settings

PASSAGES = ["Logeren is bedoeld om ouders te ontlasten. De jeugdconsulent indiceert logeren per etmaal.",
            "Logeren wordt ingezet naast ambulante jeugdhulp. Het tarief voor logeren staat in de tabel.",
            "De jeugdconsulent bespreekt de jeugdhulp met het gezin; de kantine is open tot vijf uur."] * 3
# Zipf frequencies in Dutch at large (a stand-in for wordfreq's): in nine short passages every word they use is
# frequent, so what tells "logeren" from "open" is how common the word is elsewhere.
DUTCH = {"logeren": 2.5, "jeugdconsulent": 1.5, "jeugdhulp": 3.0, "open": 7.5, "laat": 7.5, "kantine": 6.8,
         "winkel": 7.0, "gaat": 7.5, "hoe": 8.0}


def general(word: str) -> float:
    return DUTCH.get(word, 8.0)  # anything else: as common as "de"


OFF_TOPIC = ["Wat is de hoofdstad van Frankrijk?", "Hoe laat gaat de kantine open?", "Wordt het morgen mooi weer?",
             "Wie won het WK voetbal in 2022?", "Hoeveel inwoners heeft Amsterdam?",
             "Wat is een goed recept voor pannenkoeken?", "Hoe laat sluit de bibliotheek?",
             "Wie is de minister-president?", "Wat kost een treinkaartje naar Utrecht?",
             "Hoe maak ik een wachtwoord aan voor mijn laptop?", "Welke film draait er vanavond?",
             "Hoe hoog is de Mount Everest?", "Wat is de beste pizza in Venlo?", "Wanneer is de volgende vakantie?",
             "Hoe werkt de koffiemachine op kantoor?", "Wie wint de Tour de France?", "Wat is het weer in Haarlem?",
             "Hoeveel kost een parkeervergunning?", "Hoe laat begint de voetbalwedstrijd van Ajax?",
             "Hoe schrijf ik een sollicitatiebrief?"]


@pytest.fixture
def assistant(indexed_data: Path, tmp_path: Path) -> Assistant:
    return real_engine(Settings(data_dir=indexed_data, embedder="none",
                                database_url=f"sqlite:///{tmp_path / 'c.sqlite3'}"))


@pytest.fixture(scope="module")
def topic() -> Topic:
    return Topic(PASSAGES, AnswerConfig(), general)


def test_words_the_documents_use_far_more_than_dutch_does_anchor_a_question(topic: Topic) -> None:
    assert topic.anchors("Hoeveel etmalen logeren mag ik indiceren?") == ["logeren"]
    assert topic.on_topic("wat kost 45L11?")  # a product code anchors too
    assert topic.on_topic("Mag de jeugdconsulent dat?")
    assert topic.on_topic("Hoe laat mag je logeren?")  # one anchor is enough


def test_words_that_are_common_or_absent_do_not(topic: Topic) -> None:
    assert not topic.on_topic("Hoe laat gaat de kantine open?")  # common Dutch words, though the passages use them
    assert not topic.on_topic("Hoe laat gaat de winkel open?")  # and a word they do not use
    assert not topic.on_topic("Wat is de hoofdstad van Frankrijk?")
    assert not topic.on_topic("")


def test_products_codes_and_a_childs_age_anchor_too() -> None:
    topic = Topic(PASSAGES, AnswerConfig(), general,
                  products=lambda text: ["beschermd wonen"] if "beschermd wonen" in text.lower() else [])
    assert topic.anchors("Hoe laat gaat beschermd wonen open?") == ["beschermd wonen"]  # words common on their own
    assert topic.anchors("Meisje van 15: mag zij zelf tekenen?") == ["15 jaar"]  # a case told
    assert topic.anchors("wat kost 45L11?") == ["45L11"]
    assert topic.anchors("Wanneer schakel ik VT in?") == ["VT"]  # a word of the reviewed lexicon


def test_a_stricter_setting_asks_for_more(topic: Topic) -> None:
    strict = Topic(PASSAGES, AnswerConfig(topic_overrepresentation=6.0), general)
    assert topic.on_topic("Logeren?") and not strict.on_topic("Logeren?")


@pytest.mark.parametrize("region", [None, "noord-limburg", "west-brabant-west", "haarlem", "lelystad"])
def test_off_topic_questions_are_refused_in_every_region(assistant: Assistant, region: str | None) -> None:
    kinds = {q: assistant.chat(ChatRequest(message=q, region=region)).kind for q in OFF_TOPIC}
    assert kinds == dict.fromkeys(OFF_TOPIC, "refusal")
    answer = assistant.chat(ChatRequest(message=OFF_TOPIC[0], region=region))
    assert "jeugdhulp" in answer.text and not answer.citations
