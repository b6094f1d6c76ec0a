"""Personal data is replaced by placeholders; domain facts (codes, amounts, years, ages, lines) are not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.privacy import PiiRedactor, redactor_for
from verwijswijzer.settings import PROJECT_ROOT


@pytest.fixture(scope="module")
def redactor() -> PiiRedactor:
    return redactor_for(PROJECT_ROOT / "corpus")


@pytest.mark.parametrize(("text", "placeholder", "gone"), [
    ("BSN 123456782 van de jongere", "[BSN]", "123456782"),
    ("zijn bsn is 1234.56.782", "[BSN]", "1234.56.782"),
    ("nummer 123 456 782 graag", "[BSN]", "123 456 782"),  # valid 11-proef without a cue
    ("BSN: 12345678", "[BSN]", "12345678"),  # after the cue even when the check fails
    ("IBAN NL91 ABNA 0417 1643 00 van moeder", "[IBAN]", "0417"),
    ("rekening NL91ABNA0417164300", "[IBAN]", "NL91ABNA0417164300"),
    ("bel 06-12345678", "[TELEFOON]", "12345678"),
    ("bel 06 1234 5678", "[TELEFOON]", "5678"),
    ("telefoon +31 (0)6 12345678", "[TELEFOON]", "12345678"),
    ("vast 020-1234567", "[TELEFOON]", "1234567"),
    ("mail j.devries@example.nl", "[E-MAIL]", "devries@"),
    ("woont op 5911 AB 12 in Venlo", "[ADRES]", "5911"),
    ("postcode 5911AB", "[POSTCODE]", "5911AB"),
    ("adres Kerkstraat 12a", "[ADRES]", "Kerkstraat"),
    ("geboren 12-03-2015", "[GEBOORTEDATUM]", "12-03-2015"),
    ("geboortedatum: 3 maart 2012", "[GEBOORTEDATUM]", "3 maart 2012"),
    ("geb. 01/02/2010", "[GEBOORTEDATUM]", "01/02/2010"),
    ("Mag P1 samen met GGZ voor Sanne Jansen?", "[NAAM]", "Sanne"),
    ("het gaat om Jan de Vries", "[NAAM]", "Vries"),
    ("Jan de Vries is 12", "[NAAM]", "Vries"),
    ("moeder (mevrouw Bakker) belt", "[NAAM]", "Bakker"),
    ("dhr. van Dijk vraagt om hulp", "[NAAM]", "Dijk"),
    ("kind Sanne is 12 jaar", "[NAAM]", "Sanne"),
    ("de ouders van Fatima willen logeren", "[NAAM]", "Fatima"),
    ("zijn moeder Fatima El Amrani vraagt P1", "[NAAM]", "Amrani"),
    # how professionals write them: punctuation around, any separator, obfuscation, lower case, other scripts
    ("Cliënt 123456782, wat kost P1?", "[BSN]", "123456782"),
    ("bsn.111222333 van de jongere", "[BSN]", "111222333"),
    ("nummer:123456782, graag", "[BSN]", "123456782"),
    ("burgerservicenummer 111/222/333", "[BSN]", "222"),
    ("cliënt 123\u200b456\u200b782 wil P1", "[BSN]", "456"),
    ("bel 06.12.34.56.78 na vijven", "[TELEFOON]", "56.78"),
    ("bel 06 - 12 34 56 78 na vijven", "[TELEFOON]", "34 56"),
    ("bel 06/87654321", "[TELEFOON]", "87654321"),
    ("IBAN NL91-ABNA-0417-1643-00 graag", "[IBAN]", "0417"),
    ("sanne jansen geb 12-03-2015", "[NAAM]", "jansen"),
    ("sanne jansen geb 12-03-2015", "[GEBOORTEDATUM]", "12-03-2015"),
    ("woont op kerkstraat 12 in Venlo", "[ADRES]", "kerkstraat"),
    ("woont op dorpsstraat 5a", "[ADRES]", "dorpsstraat"),
    ("het gaat om Şükrü Yılmaz uit Venlo", "[NAAM]", "Yılmaz"),
    ("mail j.devries [at] gmail.com", "[E-MAIL]", "devries"),
    ("Sanne heeft autisme en wil logeren", "[NAAM]", "Sanne"),
])
def test_personal_data_is_replaced(redactor: PiiRedactor, text: str, placeholder: str, gone: str) -> None:
    result = redactor.redact(text)
    assert placeholder in result.text
    assert gone not in result.text
    assert result.changed and result.notice().startswith("Let op")


@pytest.mark.parametrize("text", [
    "Wat kost 45L11 in 2025?",
    "Het bedrag van € 1.306,20 per maand, of 1306,20 euro",
    "Kan ik beschermd wonen indiceren voor een jongen van 16?",
    "16-jarige in een woonleefgroep, 13 jaar oud, regels 120-135",
    "Zie regel 45 en regels 1200-1210 van het handboek",
    "In 2024 GI-trajecten en 2000 EU; per 1 januari 2025 geldt het nieuwe tarief",
    "Welke tarieven gelden er in 2024 voor GGZ zwaar in West-Brabant West?",
    "Mag ik vaktherapie inzetten naast Perspectief 1 bij aanbieder X in Venlo?",
    "Wat kostte de zorgbegeleider voor thuisonderwijs bij familie Derksen?",  # a name the handbooks print
    "uurprijs meerwerk bij Ambulante hulp Duurzaam, reguliere aanbieder? 123456789 regels",
    "Perspectief 3 kost € 123.456,78 per jaar; productcode 54002 en 45A62",
    "Geldt dit ook in Utrecht, bij Pluryn of in Midden-Limburg?",  # places and institutions outside the handbooks
    "Kan Jan Arends B.V. dit leveren in Horst aan de Maas?",  # a provider the handbook names
    "Welke GGZ-producten zijn er voor SO/VSO-leerlingen van 12 tot 18 jaar, in regels 120-135?",
])
def test_domain_facts_are_kept(redactor: PiiRedactor, text: str) -> None:
    result = redactor.redact(text)
    assert result.text == text
    assert not result.changed and result.notice() == ""


def test_dev_questions_are_untouched(redactor: PiiRedactor) -> None:
    lines = Path(PROJECT_ROOT.parent / "shared/eval/dev.jsonl")
    if not lines.exists():
        pytest.skip("shared/eval/dev.jsonl is not beside the project")
    questions = [json.loads(line)["question"] for line in lines.read_text(encoding="utf-8").splitlines() if line]
    changed = [q for q in questions if redactor.redact(q).changed]
    assert changed == []


def test_a_whole_case_description(redactor: PiiRedactor) -> None:
    text = ("Ik heb een vraag over Jan de Vries, geboren 12-03-2015, BSN 123456782, wonend op Kerkstraat 12 in "
            "Venlo. Moeder is bereikbaar op 06-12345678 of m.devries@example.nl. Mag P1 licht (45L11) naast GGZ?")
    result = redactor.redact(text)
    assert result.text == ("Ik heb een vraag over [NAAM], geboren [GEBOORTEDATUM], BSN [BSN], wonend op [ADRES] in "
                           "Venlo. Moeder is bereikbaar op [TELEFOON] of [E-MAIL]. Mag P1 licht (45L11) naast GGZ?")
    assert set(result.kinds) == {"name", "birth_date", "bsn", "address", "phone", "email"}


@pytest.mark.parametrize(("text", "expected"), [
    ("dochter Roos wil logeren", "dochter [NAAM] wil logeren"),
    ("zoon sanne jansen kan niet naar school", "zoon [NAAM] kan niet naar school"),
    ("moeder Fatima van de Berg is ziek", "moeder [NAAM] is ziek"),
    ("Mag Sanne Jansen naar de Kerkstraat 12?", "Mag [NAAM] naar de [ADRES]?"),
])
def test_only_the_personal_words_are_replaced(redactor: PiiRedactor, text: str, expected: str) -> None:
    assert redactor.redact(text).text == expected
