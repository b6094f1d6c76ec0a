"""The corpus manifest: documents, regions and the municipality -> region mapping."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel

GENERAL_REGION = "algemeen"


class DocumentMeta(BaseModel):
    id: str
    file: str
    title: str
    region: str
    municipalities: list[str] = []
    kind: str
    binding: str
    version: str
    valid_from: str | None = None
    valid_until: str | None = None


class Region(BaseModel):
    id: str
    name: str
    municipalities: list[str]


class Catalogue(BaseModel):
    """What the manifest says, with the look-ups every part needs."""

    corpus_dir: Path
    documents: list[DocumentMeta]
    regions: list[Region]

    def document(self, document_id: str) -> DocumentMeta:
        for doc in self.documents:
            if doc.id == document_id:
                return doc
        raise KeyError(document_id)

    def path(self, document_id: str) -> Path:
        file = Path(self.document(document_id).file)
        return file if file.is_absolute() else self.corpus_dir / file

    @property
    def region_ids(self) -> list[str]:
        return [r.id for r in self.regions]

    def region_name(self, region_id: str) -> str:
        return next((r.name for r in self.regions if r.id == region_id), region_id)

    def documents_for_region(self, region: str | None) -> list[DocumentMeta]:
        """A region sees its own documents and the general ones; no region sees everything."""
        if region is None:
            return list(self.documents)
        return [d for d in self.documents if d.region in (region, GENERAL_REGION)]

    def region_for_municipality(self, name: str) -> str | None:
        key = _norm(name)
        for region in self.regions:
            if any(_norm(m) == key for m in region.municipalities):
                return region.id
        return None

    def _place_names(self) -> list[tuple[str, str]]:
        """Every name a region goes by (its name, its id in words, its municipalities), longest first."""
        names: list[tuple[str, str]] = []
        for region in self.regions:
            names += [(region.name, region.id), (region.id.replace("-", " "), region.id)]
            names += [(m, region.id) for m in region.municipalities]
        return sorted(names, key=lambda n: -len(n[0]))

    def _named_in(self, text: str) -> list[tuple[str, str]]:
        norm = f" {_norm(text)} "
        return [(name, rid) for name, rid in self._place_names() if f" {_norm(name)} " in norm]

    def strip_places(self, text: str) -> str:
        """The text without region and municipality names: they choose the documents, not the passage."""
        for name, _ in self._place_names():
            text = re.sub(rf"(?i)\b(?:in |voor |bij )?(?:de )?(?:regio |gemeente )?{re.escape(name)}\b", " ", text)
        return " ".join(text.split())

    def places_in(self, text: str) -> list[str]:
        """The region and municipality names the text mentions, as the manifest spells them."""
        spelled = {n for r in self.regions for n in (r.name, *r.municipalities)}
        return sorted({name for name, _ in self._named_in(text) if name in spelled})

    def find_region_in_text(self, text: str) -> str | None:
        """The region a question names, by region name or municipality (longest name wins)."""
        named = self._named_in(text)
        return named[0][1] if named else None


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


UPLOADS_MANIFEST = Path("uploads") / "manifest.json"


def load_catalogue(corpus_dir: Path, data_dir: Path | None = None) -> Catalogue:
    """The shipped manifest plus, when ``data_dir`` is given, the documents uploaded through the API."""
    raw = json.loads((corpus_dir / "manifest.json").read_text(encoding="utf-8"))
    regions = [Region(id=rid, **{k: v for k, v in r.items() if k in ("name", "municipalities")})
               for rid, r in raw["regions"].items()]
    documents = [DocumentMeta(**d) for d in raw["documents"]]
    documents += load_uploads(data_dir) if data_dir else []
    return Catalogue(corpus_dir=corpus_dir, documents=documents, regions=regions)


def load_uploads(data_dir: Path) -> list[DocumentMeta]:
    path = data_dir / UPLOADS_MANIFEST
    if not path.is_file():
        return []
    return [DocumentMeta(**d) for d in json.loads(path.read_text(encoding="utf-8"))]


def save_uploads(data_dir: Path, documents: list[DocumentMeta]) -> None:
    path = data_dir / UPLOADS_MANIFEST
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps([d.model_dump() for d in documents], ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(path)


@lru_cache
def get_catalogue() -> Catalogue:
    from verwijswijzer.settings import get_settings

    settings = get_settings()
    return load_catalogue(settings.corpus_dir, settings.data_dir)
