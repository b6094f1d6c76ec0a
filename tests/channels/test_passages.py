from __future__ import annotations

from fastapi.testclient import TestClient

from api.channels.passages import quote_marks
from tests.channels.stubs import DOCUMENT, QUOTE


def test_passage_returns_the_cited_lines_in_context_with_the_quote_marked(client: TestClient) -> None:
    response = client.get(f"/v1/passages/{DOCUMENT}", params={"line_start": 17, "line_end": 19, "quote": QUOTE})
    assert response.status_code == 200
    passage = response.json()
    assert passage["title"].startswith("Herijking Afwegingskader light-contracten")
    assert passage["line_start"] < 17 and passage["line_end"] > 19  # context around the citation
    cited = [line for line in passage["lines"] if line["cited"]]
    assert [line["n"] for line in cited] == [17, 18, 19]
    by_line = {line["n"]: line["text"] for line in passage["lines"]}
    marked = " ".join(by_line[m["line"]][m["start"]:m["end"]] for m in passage["marks"])
    assert " ".join(marked.split()) == QUOTE
    assert passage["marks"][0]["line"] == 17 and by_line[17][passage["marks"][0]["start"]:].startswith("Per 20")


def test_passage_errors_are_clear(client: TestClient) -> None:
    missing = client.get("/v1/passages/bestaat-niet", params={"line_start": 1, "line_end": 2})
    detail = missing.json()["detail"]
    assert missing.status_code == 404 and "Onbekend document" in detail and "bestaat-niet" not in detail  # no echo
    outside = client.get(f"/v1/passages/{DOCUMENT}", params={"line_start": 5, "line_end": 999999})
    assert outside.status_code == 422 and "niet binnen het document" in outside.json()["detail"]
    reversed_range = client.get(f"/v1/passages/{DOCUMENT}", params={"line_start": 9, "line_end": 3})
    assert reversed_range.status_code == 422
    assert client.get(f"/v1/passages/{DOCUMENT}", params={"line_start": 0, "line_end": 3}).status_code == 422


def test_quote_not_in_lines_gives_no_marks() -> None:
    lines = ["Eerste regel met tekst.", "Tweede  regel", "met vervolg."]
    assert quote_marks(lines, 1, 3, "bestaat niet") == []
    marks = quote_marks(lines, 1, 3, "Tweede regel met")
    assert [(m.line, m.start, m.end) for m in marks] == [(2, 0, 13), (3, 0, 3)]


def test_widget_assets_and_regions_are_served(client: TestClient) -> None:
    page = client.get("/widget")
    assert page.status_code == 200 and '<script src="/widget/verwijswijzer.js">' in page.text
    script = client.get("/widget/verwijswijzer.js")
    assert script.status_code == 200 and script.headers["content-type"].startswith("text/javascript")
    assert "innerHTML" not in script.text  # answer data is rendered as text only
    assert client.get("/widget/verwijswijzer.css").status_code == 200
    regions = client.get("/v1/regions").json()
    assert {"id": "haarlem", "name": "Haarlem"} in regions and len(regions) == 4
