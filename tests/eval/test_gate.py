"""The quality gate passes on a known-good answerer and fails, with a list of what fell, on broken ones."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rich.console import Console

from assistant.answer import Answer
from assistant.engine import Assistant, ChatRequest
from eval.command import eval_command
from eval.dataset import load_dataset
from eval.evaluate import Components
from verwijswijzer.corpus import load_catalogue
from verwijswijzer.settings import PROJECT_ROOT, Settings

from .fakes import GoldAnswerer, GoldSearcher, StripsCitations, write_single_turn

DIALOGUES = PROJECT_ROOT / "eval" / "datasets" / "dialogues-dev.jsonl"


@pytest.fixture
def dataset_path(tmp_path: Path) -> Path:
    single = write_single_turn(tmp_path / "single.jsonl").read_text(encoding="utf-8")
    path = tmp_path / "mixed.jsonl"
    path.write_text(single + DIALOGUES.read_text(encoding="utf-8"), encoding="utf-8")
    return path


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data")


class AlwaysRefuses(Assistant):
    def chat(self, request: ChatRequest, owner: str | None = None) -> Answer:
        return Answer(conversation_id=request.conversation_id or "x", kind="refusal", text="Weet ik niet.")


def _run(dataset_path: Path, settings: Settings, answerer, tmp_path: Path) -> tuple[int, str, dict]:
    dataset = load_dataset(dataset_path)
    components = Components(answerer, GoldSearcher(dataset), None, None, {}, "test")
    console = Console(record=True, width=200)
    code = eval_command(dataset_path, None, "", tmp_path / "out", True, None, True, None,
                        components=components, settings=settings, console=console)
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    return code, console.export_text(), report


def test_gate_passes_on_gold_answers(dataset_path: Path, settings: Settings, tmp_path: Path) -> None:
    catalogue = load_catalogue(settings.corpus_dir)
    code, output, report = _run(dataset_path, settings, GoldAnswerer(load_dataset(dataset_path), catalogue),
                                tmp_path)
    assert code == 0, output
    assert "Quality gate passed" in output
    m = report["metrics"]
    assert m["answer_accuracy"] == 1.0 and m["citation_recall"] == 1.0 and m["verbatim_rate"] == 1.0
    assert m["citation_precision"] == 1.0 and m["refusal_recall"] == 1.0 and m["false_refusal_rate"] == 0.0
    assert m["turn_accuracy"] == 1.0 and m["conversation_accuracy"] == 1.0 and m["conversations"] == 12
    assert m["retrieval_hit@1"] == 1.0 and m["retrieval_mrr@10"] == 1.0
    assert set(report["per_region"]) >= {"noord-limburg", "west-brabant-west", "haarlem"}


def test_gate_fails_on_an_assistant_that_always_refuses(dataset_path: Path, settings: Settings,
                                                        tmp_path: Path) -> None:
    code, output, report = _run(dataset_path, settings, AlwaysRefuses(settings), tmp_path)
    assert code == 1
    assert "Quality gate FAILED" in output
    for metric in ("answer_accuracy", "false_refusal_rate", "ambiguous_ok"):
        assert f"- {metric} = " in output
    assert report["metrics"]["refusal_recall"] == 1.0  # refusing is right only where it should be
    assert report["metrics"]["conversation_accuracy"] == 0.0


def test_gate_fails_when_citations_are_stripped(dataset_path: Path, settings: Settings, tmp_path: Path) -> None:
    catalogue = load_catalogue(settings.corpus_dir)
    code, output, report = _run(dataset_path, settings, StripsCitations(load_dataset(dataset_path), catalogue),
                                tmp_path)
    assert code == 1
    assert "- citation_recall = 0.0%" in output
    assert report["metrics"]["answer_accuracy"] == 1.0


def test_missing_retrieval_fails_the_gate_with_the_reason(dataset_path: Path, settings: Settings,
                                                           tmp_path: Path) -> None:
    dataset = load_dataset(dataset_path)
    components = Components(GoldAnswerer(dataset, load_catalogue(settings.corpus_dir)), None, None, None,
                            {"retrieval": "retrieval metrics skipped: no index"}, "test")
    console = Console(record=True, width=200)
    code = eval_command(dataset_path, None, "", tmp_path / "out", True, None, True, None,
                        components=components, settings=settings, console=console)
    assert code == 1
    assert re.search(r"retrieval_hit@5 = n/a, must be >= [\d.]+% not measured: retrieval metrics skipped: no index",
                     console.export_text())


def test_bad_dataset_is_a_clear_error(tmp_path: Path, settings: Settings) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"foo": 1}\n', encoding="utf-8")
    console = Console(record=True, width=200)
    code = eval_command(bad, None, "", tmp_path / "out", True, None, True, None, settings=settings,
                        console=console)
    assert code == 2
    assert "bad.jsonl:1: not a valid dataset line" in console.export_text()
