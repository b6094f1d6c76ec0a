import pytest

from assistant.understanding import understand


@pytest.mark.parametrize(
    ("message", "intent"),
    [
        ("Mag ik vaktherapie inzetten naast Perspectief 1?", "stacking"),
        ("GGZ-traject en P1 tegelijk bij dezelfde aanbieder, kan dat?", "stacking"),
        ("Wat kost P1 licht?", "tariff"),
        ("uurprijs meerwerk bij Ambulante hulp Duurzaam, reguliere aanbieder?", "tariff"),
        ("Welk trajectbedrag hoort bij Perspectief 2 zwaar?", "tariff"),
        ("hoeveel is een voucher waard?", "tariff"),
        # Naming a product that has a price does not make a question about using it a price question.
        ("Kan ik een voucher inzetten voor opvoedondersteuning?", "eligibility"),
        ("Hoe lang blijft een gezinsplan geldig?", "deadline"),
        ("Kan ik maatwerk aanvragen als het vertrouwen weg is?", "eligibility"),
        ("waar meld ik een kind aan voor een gezinshuis?", "general"),
    ],
)
def test_intent(message: str, intent: str) -> None:
    assert understand(message).intent == intent


def test_slots() -> None:
    u = understand("Wat kost 12 uur GGZ zwaar bij een micro-aanbieder in 2023?")
    assert (u.provider, u.year, u.quantity) == ("micro", 2023, 12.0)
    assert understand("en bij dezelfde aanbieder?").same_provider is True
    assert understand("en bij een reguliere aanbieder?").provider == "regulier"
    assert understand("tarief voor dyslexieonderzoek (50EDP)?").codes == ["50EDP"]


def test_follow_up() -> None:
    assert understand("en bij een micro-aanbieder?").follow_up
    assert understand("zwaar").follow_up
    assert not understand("Welke stappen doorloop ik bij een pgb-aanvraag?").follow_up
    # a word that points back makes a message a follow-up, however long
    assert understand("Hoeveel wordt daarvan bij het begin uitbetaald?").follow_up
    assert understand("Wie neemt daarover het besluit in de regio?").follow_up
    assert not understand("Welke aanbieder levert dagbesteding voor jongeren?").follow_up


def test_a_childs_age_is_not_a_duration() -> None:
    from assistant.understanding import age_of_child

    assert age_of_child("Past dagbehandeling bij een jongen van 16?") == 16
    assert age_of_child("meisje van 6 jaar, wil logeren") == 6
    assert age_of_child("een 15-jarige met angstklachten") == 15
    assert age_of_child("kind is 5 maanden geleden uit zorg gegaan en komt terug") is None
    assert age_of_child("jongere van 3 weken in crisisopvang") is None
