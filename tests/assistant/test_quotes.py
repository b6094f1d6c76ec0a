from ingest.loaders import source_lines
from ingest.quotes import collapse, is_verbatim, locate

NL = "noord-limburg-handboek"


def test_locate_spans_a_page_footer_and_stays_verbatim() -> None:
    lines = source_lines(NL)
    q = locate(lines, 8000, 8060, "bekeken of er gewijzigde feiten en omstandigheden voor de jeugdige zijn.")
    assert q is not None
    assert (q.line_start, q.line_end) == (8026, 8036)
    assert q.text.startswith("bekeken of er gewijzigde") and q.text.endswith("voor de jeugdige zijn.")
    assert is_verbatim(lines, q.line_start, q.line_end, q.text)


def test_locate_joins_lines_of_one_sentence() -> None:
    lines = source_lines(NL)
    q = locate(lines, 8000, 8060, "Na einde van een traject geldt een nazorgfase (garantie) van zes maanden.")
    assert q is not None and (q.line_start, q.line_end) == (8022, 8024)
    assert q.text == "Na einde van een traject geldt een nazorgfase (garantie) van zes maanden."


def test_locate_refuses_text_that_is_not_there() -> None:
    assert locate(source_lines(NL), 8000, 8060, "Dit staat nergens in het handboek geschreven.") is None


def test_is_verbatim_collapses_whitespace_only() -> None:
    lines = ["Per 1 januari  2022 hebben", "", "de zeven gemeenten"]
    assert is_verbatim(lines, 1, 3, "2022 hebben de zeven")
    assert not is_verbatim(lines, 1, 3, "2022 hebben de acht")
    assert collapse(" a \n\n b ") == "a b"
