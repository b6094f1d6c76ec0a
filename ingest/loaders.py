"""Loaders: turn a source file into its citable lines.

The lines a loader returns are the citation reference. For .txt/.md they are the file's own lines (so line
numbers match ``sed -n``); for PDFs they are the lines of the extracted text, page after page, each with its
page number. Cleaning and chunking work on these lines and never change them. An uploaded PDF is kept as the
redacted text of its lines with a ``.pages.json`` beside it (``PAGES_SUFFIX``), so its page numbers survive.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel

SUPPORTED_SUFFIXES = (".txt", ".md", ".pdf", ".docx")
PAGES_SUFFIX = ".pages.json"  # beside a text file: the page of each line of the PDF it was extracted from


class LoadError(ValueError):
    """A file that cannot be read as a source document (broken, empty or of an unsupported type)."""


class SourceText(BaseModel):
    path: Path
    lines: list[str]
    pages: list[int] | None = None  # page of every line (PDFs only), 1-based
    markdown: bool = False

    def page_of(self, line_no: int) -> int | None:
        return self.pages[line_no - 1] if self.pages else None


def _read_text(path: Path) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        text = path.read_text(encoding="cp1252")
    return text.splitlines()


def _read_pdf(path: Path) -> tuple[list[str], list[int]]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(path)
        page_texts = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        raise LoadError(f"{path.name}: geen leesbare PDF ({exc})") from exc
    lines: list[str] = []
    pages: list[int] = []
    for number, text in enumerate(page_texts, start=1):
        page_lines = text.splitlines()
        lines.extend(page_lines)
        pages.extend([number] * len(page_lines))
    return lines, pages


def _read_docx(path: Path) -> list[str]:
    """Paragraphs of a .docx (a zip of XML); one paragraph is one line."""
    import zipfile
    from xml.etree import ElementTree

    ns = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    try:
        with zipfile.ZipFile(path) as archive:
            root = ElementTree.fromstring(archive.read("word/document.xml"))
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError) as exc:
        raise LoadError(f"{path.name}: geen leesbaar Word-document ({exc})") from exc
    return ["".join(t.text or "" for t in para.iter(f"{ns}t")) for para in root.iter(f"{ns}p")]


def load_source(path: Path) -> SourceText:
    """Read one file; raises LoadError with a sentence a user understands."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise LoadError(f"{path.name}: bestandstype {suffix or '(geen)'} wordt niet ondersteund "
                        f"(wel: {', '.join(SUPPORTED_SUFFIXES)})")
    if not path.is_file():
        raise LoadError(f"{path}: bestand bestaat niet")
    pages = None
    if suffix == ".pdf":
        lines, pages = _read_pdf(path)
    elif suffix == ".docx":
        lines = _read_docx(path)
    else:
        lines = _read_text(path)
        pages = _sidecar_pages(path, len(lines))
    if not any(line.strip() for line in lines):
        raise LoadError(f"{path.name}: bevat geen tekst (gescande PDF of leeg bestand?)")
    return SourceText(path=path, lines=lines, pages=pages, markdown=suffix == ".md")


def _sidecar_pages(path: Path, count: int) -> list[int] | None:
    import json

    sidecar = path.with_name(path.name + PAGES_SUFFIX)
    if not sidecar.is_file():
        return None
    pages = json.loads(sidecar.read_text(encoding="utf-8"))
    return pages if isinstance(pages, list) and len(pages) == count else None


@lru_cache(maxsize=32)
def _cached_lines(path: str, mtime_ns: int) -> tuple[str, ...]:
    return tuple(load_source(Path(path)).lines)


def lines_of(path: Path) -> list[str]:
    """The citable lines of a file, cached while the file is unchanged."""
    return list(_cached_lines(str(path), path.stat().st_mtime_ns))


def source_lines(document_id: str, settings: object | None = None) -> list[str]:
    """The citable lines of a document, for verbatim quotes (``ingest.quotes.locate``/``is_verbatim``).

    Looks the document up in the ingest registry (corpus and uploaded files), then in the corpus manifest.
    """
    from ingest.store import ChunkStore
    from verwijswijzer.corpus import get_catalogue
    from verwijswijzer.settings import Settings, get_settings

    resolved = settings if isinstance(settings, Settings) else get_settings()
    path = ChunkStore(resolved.data_dir).document_path(document_id)
    if path is None:
        path = get_catalogue().path(document_id)
    return lines_of(path)
