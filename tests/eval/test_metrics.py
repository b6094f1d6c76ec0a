"""Metric definitions on hand-made cases."""

from __future__ import annotations

from pathlib import Path

from assistant.answer import Answer, Citation
from eval.corpus_text import CorpusText
from eval.dataset import Turn, load_dataset
from eval.metrics import hit_at, judge_turn, matches_gold, mrr, percentile, rate, retrieval_rank
from eval.results import CitationResult, RuleResult, TurnResult
from eval.runner import rule_cited, score_rule
from eval.summary import overall
from verwijswijzer.corpus import load_catalogue
from verwijswijzer.settings import PROJECT_ROOT

GGZ_QUOTE = "GGZ Zwaar 54L03 Traject Micro-aanbieder: €4.543,44"


def _turn(expected: str = "answer", must: list[str] | None = None, **kw) -> Turn:
    return Turn(message="q", expected=expected, category="tariff", must_contain=must or [], **kw)


def _answer(kind: str = "answer", text: str = "", options: list[str] | None = None) -> Answer:
    return Answer(conversation_id="c", kind=kind, text=text, options=options or [])


def test_answer_needs_kind_and_every_term_case_insensitively() -> None:
    turn = _turn(must=["54L03", "Zwaar"])
    assert judge_turn(turn, _answer(text="GGZ zwaar (54l03) kost ...")) == (True, "")
    ok, reason = judge_turn(turn, _answer(text="GGZ zwaar kost ..."))
    assert not ok and "54L03" in reason
    assert judge_turn(turn, _answer("refusal", "54L03 zwaar"))[0] is False


def test_ambiguous_accepts_clarification_or_complete_answer_but_not_refusal() -> None:
    turn = _turn("ambiguous", ["licht", "zwaar"])
    assert judge_turn(turn, _answer("clarification", "Welke intensiteit?"))[0]
    assert judge_turn(turn, _answer(text="licht € 1.083,48, zwaar € 5.333,64"))[0]
    assert not judge_turn(turn, _answer(text="licht € 1.083,48"))[0]
    assert not judge_turn(turn, _answer("refusal", "niet bekend"))[0]


def test_clarification_terms_may_be_in_the_options() -> None:
    turn = _turn("clarification", ["zwaar"])
    assert judge_turn(turn, _answer("clarification", "Welke intensiteit?", ["licht", "midden", "zwaar"]))[0]
    assert not judge_turn(turn, _answer("answer", "zwaar"))[0]


def _citation(doc: str, a: int, b: int, quote: str) -> Citation:
    return Citation(n=1, document_id=doc, title="t", line_start=a, line_end=b, quote=quote)


def test_citation_matches_gold_by_quote_or_overlapping_lines_in_the_gold_document() -> None:
    turn = _turn(doc="noord-limburg-handboek", lines=(10343, 10345), quote=GGZ_QUOTE)
    assert matches_gold(_citation("noord-limburg-handboek", 10343, 10343, GGZ_QUOTE), turn)
    assert matches_gold(_citation("noord-limburg-handboek", 10345, 10350, "Reguliere aanbieder"), turn)
    assert not matches_gold(_citation("noord-limburg-handboek", 10300, 10342, "iets anders"), turn)
    assert not matches_gold(_citation("wbw-jeugdhulpcatalogus", 10343, 10345, GGZ_QUOTE), turn)


def test_verbatim_check_against_the_corpus_lines() -> None:
    corpus = CorpusText(load_catalogue(PROJECT_ROOT / "corpus"))
    assert corpus.is_verbatim("noord-limburg-handboek", 10343, 10345, GGZ_QUOTE)
    assert not corpus.is_verbatim("noord-limburg-handboek", 10343, 10345, "GGZ zwaar kost €4.543,44")
    assert not corpus.is_verbatim("noord-limburg-handboek", 10335, 10337, GGZ_QUOTE)  # right text, wrong lines
    assert not corpus.is_verbatim("no-such-doc", 1, 2, GGZ_QUOTE)


def test_retrieval_rank_hits_and_mrr() -> None:
    gold = "Deze twee vormen kunnen in principe niet samen en sowieso niet bij dezelfde aanbieder"
    passages = ["iets anders", "9 Deze twee vormen kunnen in principe niet samen en sowieso niet bij dezelfde "
                "aanbieder. Dan is een GGZ-traject bovenliggend"]
    assert retrieval_rank(gold, passages) == 2
    assert retrieval_rank(gold, ["niets"]) is None
    ranks = [1, 2, None, 7]
    assert hit_at(ranks, 1) == 0.25 and hit_at(ranks, 5) == 0.5 and hit_at(ranks, 10) == 0.75
    assert mrr(ranks) == (1 + 0.5 + 1 / 7) / 4
    assert mrr([]) is None and rate([]) is None
    assert percentile([10, 20, 30, 40], 50) == 20 and percentile([5.0] * 19 + [100.0], 95) == 5.0


def _result(expected: str, kind: str, correct: bool, **kw) -> TurnResult:
    return TurnResult(conversation=kw.pop("conversation", "c"), turn=kw.pop("turn", 1),
                      single_turn=kw.pop("single_turn", True), region="r", request_region="r", category="k",
                      expected=expected, message="m", kind=kind, correct=correct, latency_ms=10.0, **kw)


def test_overall_rates_refusals_precision_and_dialogues() -> None:
    good = CitationResult(n=1, document_id="d", line_start=1, line_end=1, quote="q", verbatim=True, matches_gold=True)
    off = good.model_copy(update={"matches_gold": False})
    bent = good.model_copy(update={"verbatim": False})
    turns = [
        _result("answer", "answer", True, gold_doc="d", gold_cited=True, citations=[good, off]),
        _result("answer", "refusal", False, gold_doc="d", gold_cited=False),
        _result("refusal", "refusal", True),
        _result("refusal", "answer", False, citations=[bent]),
        _result("ambiguous", "clarification", True),
        _result("answer", "answer", True, single_turn=False, conversation="m1", turn=1),
        _result("answer", "answer", False, single_turn=False, conversation="m1", turn=2),
        _result("clarification", "clarification", True, single_turn=False, conversation="m2", turn=1),
    ]
    rules = [RuleResult(id="a", rule="stacking", region="r", input={}, expected={}, value_correct=True),
             RuleResult(id="b", rule="tariff", region="r", input={}, expected={}, value_correct=False)]
    m = overall(turns, rules)
    assert m["answer_accuracy"] == 2 / 4
    assert m["citation_recall"] == 1 / 2
    assert m["citation_precision"] == 1 / 2  # two citations on gold turns, one verbatim and on the gold lines
    assert m["verbatim_rate"] == 2 / 3
    assert m["refusal_recall"] == 1 / 2
    assert m["false_refusal_rate"] == 1 / 6
    assert m["ambiguous_ok"] == 1.0
    assert m["turn_accuracy"] == 2 / 3 and m["conversation_accuracy"] == 1 / 2
    assert m["rule_verdict_accuracy"] == 1.0 and m["rule_amount_accuracy"] == 0.0
    assert m["retrieval_hit@5"] is None  # nothing measured is n/a, never 0


def test_rule_scoring_and_citation() -> None:
    data = load_dataset(PROJECT_ROOT / "eval" / "datasets" / "rules-tariff.jsonl")
    case = next(r for r in data.rules if r.id == "tf-nl-06")
    assert score_rule(case, {"amount_eur": 152.18, "unit": "etmaal", "total_eur": 4565.4}) == (True, "")
    ok, reason = score_rule(case, {"amount_eur": 152.18, "unit": "dag", "total_eur": 4565.4})
    assert not ok and "unit" in reason
    cited = [{"document_id": "noord-limburg-handboek", "line_start": 5321, "line_end": 5327, "quote": "x"}]
    assert rule_cited(case, cited) and not rule_cited(case, [{**cited[0], "line_start": 1, "line_end": 2}])


def test_shipped_datasets_load_and_every_gold_quote_is_verbatim() -> None:
    corpus = CorpusText(load_catalogue(PROJECT_ROOT / "corpus"))
    folder = PROJECT_ROOT / "eval" / "datasets"
    counts = {}
    for path in sorted(Path(folder).glob("*.jsonl")):
        data = load_dataset(path)
        for conversation in data.conversations:
            for turn in conversation.turns:
                if turn.quote:
                    assert corpus.is_verbatim(turn.doc, *turn.lines, turn.quote), (conversation.id, turn.quote)
        for case in data.rules:
            assert not case.quote or corpus.is_verbatim(case.doc, *case.lines, case.quote), case.id
        counts[path.name] = len(data.conversations) + len(data.rules)
    assert counts == {"dialogues-dev.jsonl": 12, "dev-own.jsonl": 45, "rules-stacking.jsonl": 19,
                      "rules-tariff.jsonl": 18, "sealed-1.jsonl": 146}


def test_opening_sentence_and_length_of_an_answer() -> None:
    from eval.metrics import answer_words, first_sentence, opens_with_key_fact

    text = ("Het tarief is € 1.306,20 per traject [1]. Bij een micro-aanbieder is het € 1.112,76 [2].\n\n"
            "Let op: je bericht bevatte persoonsgegevens (naam). Die zijn verwijderd.")
    assert first_sentence(text) == "Het tarief is € 1.306,20 per traject."
    assert opens_with_key_fact(text, ["1.306,20"]) and not opens_with_key_fact(text, ["1.112,76"])
    assert answer_words(text) == 14
    assert first_sentence("Volgens het handboek (Bekostiging): De prijs staat in de tabel.") == \
        "Volgens het handboek (Bekostiging):"
