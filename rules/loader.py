"""Load and validate the reviewed rule data in ``rules/data/<region>/<name>.yaml`` (cached)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from rules.errors import RuleDataError, UnknownRegion
from verwijswijzer.corpus import GENERAL_REGION, get_catalogue

DATA_DIR = Path(__file__).resolve().parent / "data"

M = TypeVar("M", bound=BaseModel)


def _entry_name(raw: Any, loc: tuple[Any, ...]) -> str:
    """Human name of the entry an error points at: the nearest enclosing item with an ``id``."""
    node, name = raw, "/".join(str(p) for p in loc)
    for part in loc:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict) and "id" in node:
            name = f"{node['id']} ({'/'.join(str(p) for p in loc)})"
    return name


def load_file(path: Path, model: type[M]) -> M:
    """Parse one YAML file into ``model``; a malformed file raises a RuleDataError naming file and entry."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RuleDataError(f"{path}: cannot read YAML: {exc}") from exc
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise RuleDataError(
            f"{path}: entry {_entry_name(raw, first['loc'])}: {first['msg']} ({exc.error_count()} error(s))"
        ) from exc


def region_ids() -> list[str]:
    return [*get_catalogue().region_ids, GENERAL_REGION]


def check_region(region: str) -> str:
    """The region id, or UnknownRegion listing the valid ones."""
    if region not in region_ids():
        raise UnknownRegion(region, region_ids())
    return region


def data_path(region: str, name: str) -> Path:
    return DATA_DIR / region / f"{name}.yaml"


@cache
def load(region: str, name: str, model: type[M]) -> M | None:
    """``rules/data/<region>/<name>.yaml`` as ``model``, or None when the region has no such file."""
    path = data_path(region, name)
    return load_file(path, model) if path.exists() else None


def all_data_files() -> list[Path]:
    return sorted(DATA_DIR.glob("*/*.yaml"))
