"""Every rule data entry is valid and its quote is verbatim in the cited lines of the corpus."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from ingest.quotes import is_verbatim
from rules.errors import RuleDataError
from rules.loader import all_data_files, load_file
from rules.models import ProductCatalogue, StackingData
from verwijswijzer.corpus import get_catalogue


def _provenances(node: Any, where: str = ""):
    if isinstance(node, dict):
        if {"document_id", "line_start", "line_end", "quote"} <= node.keys():
            yield where, node
        for key, value in node.items():
            label = f"{where}/{node.get('id', '')}" if "id" in node else where
            yield from _provenances(value, f"{label}.{key}")
    elif isinstance(node, list):
        for item in node:
            yield from _provenances(item, where)


def _lines(document_id: str) -> list[str]:
    return get_catalogue().path(document_id).read_text(encoding="utf-8").split("\n")


ALL = [(path, where, prov) for path in all_data_files()
       for where, prov in _provenances(yaml.safe_load(path.read_text(encoding="utf-8")))]


def test_there_is_data_for_every_rule_kind() -> None:
    names = {f"{p.parent.name}/{p.stem}" for p in all_data_files()}
    assert {"noord-limburg/products", "noord-limburg/stacking", "west-brabant-west/products",
            "west-brabant-west/stacking", "algemeen/maatwerk", "haarlem/light-contract"} <= names
    assert len(ALL) > 300


@pytest.mark.parametrize(("path", "where", "prov"), ALL, ids=[f"{p.parent.name}/{p.stem}{w}" for p, w, _ in ALL])
def test_quote_is_verbatim_in_the_cited_lines(path: Path, where: str, prov: dict) -> None:
    lines = _lines(prov["document_id"])
    assert 1 <= prov["line_start"] <= prov["line_end"] <= len(lines)
    assert is_verbatim(lines, prov["line_start"], prov["line_end"], prov["quote"]), (path, where, prov)


def test_every_entry_carries_provenance() -> None:
    for region in ("noord-limburg", "west-brabant-west"):
        base = Path(all_data_files()[0]).parent.parent / region
        cat = load_file(base / "products.yaml", ProductCatalogue)
        assert cat.validity.tariff_year == 2023 and cat.validity.provenance
        for product in cat.products:
            assert product.provenance, product.id
            assert all(t.provenance for t in product.tariffs), product.id
        stack = load_file(base / "stacking.yaml", StackingData)
        assert all(rule.provenance for rule in stack.rules)


def test_malformed_file_names_file_and_entry(tmp_path: Path) -> None:
    good = yaml.safe_load((all_data_files()[0].parent.parent / "noord-limburg" / "products.yaml").read_text())
    good["products"][3]["tariffs"][0]["amount"] = "veel"
    bad = tmp_path / "products.yaml"
    bad.write_text(yaml.safe_dump(good, allow_unicode=True))
    with pytest.raises(RuleDataError) as err:
        load_file(bad, ProductCatalogue)
    assert str(bad) in str(err.value) and good["products"][3]["id"] in str(err.value)


def test_unreadable_yaml_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "x.yaml"
    bad.write_text("products: [unclosed")
    with pytest.raises(RuleDataError, match="cannot read YAML"):
        load_file(bad, ProductCatalogue)
