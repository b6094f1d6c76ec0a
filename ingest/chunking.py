"""Structure-aware chunking: paragraphs re-joined, section paths kept, tables kept whole, line ranges exact.

Blocks (paragraphs, list items, tables, headings) are built from the cleaned lines and packed into chunks of
about ``target_words`` words. A chunk never crosses a top-level section; a new (sub)section starts a new chunk
unless the chunk so far is too small to stand alone. Sizes were chosen by the retrieval benchmark
(``benchmarks/retrieval.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel

from ingest.cleaning import Line, classify, join_lines, vocabulary
from ingest.loaders import SourceText
from ingest.models import Chunk
from ingest.structure import Heading, HeadingDetector

_PRODUCT_CODE = re.compile(r"\b\d{2}[A-Z]\d{2}\b")
_AMOUNT = re.compile(r"€|\b\d{1,3}(?:\.\d{3})*,(?:\d{2}|-)")
_TABLE_WORDS = re.compile(r"aanbieder:|productcode|tarief", re.IGNORECASE)
_LIST_ITEM = re.compile(r"^(?:\d{1,2}[.)]|[a-z][.)])\s+\S")
# After a page break, a line that goes on with a lower-case word ("5 is het uitgangspunt …", "tranches …")
# continues the sentence the page cut.
_CONTINUES = re.compile(r"^(?:\d+\s+)?[a-zà-ÿ]")
MAX_HEADER_LINES = 8


class ChunkConfig(BaseModel):
    target_words: int = 160
    max_words: int = 240
    min_words: int = 50
    max_table_words: int = 450


@dataclass
class Block:
    kind: Literal["text", "item", "table", "heading"]
    lines: list[Line]
    section: str
    top: int  # index of the top-level section
    text: str = ""
    words: int = 0
    major: bool = False  # a numbered/chapter heading (forces a new chunk unless the chunk is tiny)

    @property
    def first(self) -> int:
        return self.lines[0].number

    @property
    def last(self) -> int:
        return self.lines[-1].number


@dataclass
class _Section:
    path: list[tuple[int, str]] = field(default_factory=list)
    top: int = 0

    def enter(self, heading: Heading) -> None:
        if heading.level == 1:
            self.top += 1
        level = 99 if heading.minor else heading.level
        self.path = [(lv, t) for lv, t in self.path if lv < level and lv != 99]
        self.path.append((level, heading.title))

    @property
    def name(self) -> str:
        return " > ".join(t for _, t in self.path)


def _is_strong_table_line(text: str) -> bool:
    return len(text.split()) <= 14 and bool(
        _PRODUCT_CODE.search(text) or _AMOUNT.search(text) or _TABLE_WORDS.search(text))


def _is_weak_table_line(line: Line) -> bool:
    return len(line.text.split()) <= 8 and not line.text.endswith(".")


def _with_header(lines: list[Line], run: list[int], headings: set[int], floor: int) -> list[int]:
    """The run plus the short caption/column-header lines right above it ("Tarieven laagcomplex Acuut
    Perspectief Intensief"), so every part of the table carries what its columns mean."""
    header: list[int] = []
    i = run[0] - 1
    while i > floor and len(header) < MAX_HEADER_LINES and i not in headings:
        line = lines[i]
        if line.kind == "text":
            if not _is_weak_table_line(line):
                break
            header.insert(0, i)
        elif line.kind == "drop":
            pass
        elif line.kind == "break" and header:
            break  # a paragraph break above the header ends it
        i -= 1
    return header + run


def _table_runs(lines: list[Line], headings: set[int]) -> list[list[int]]:
    """Runs of short, tabular lines (tariff lists) with at least three lines holding codes or amounts."""
    runs: list[list[int]] = []
    run: list[int] = []
    strong = weak_tail = 0

    def close() -> None:
        nonlocal run, strong, weak_tail
        kept = run[: len(run) - weak_tail] if weak_tail else run
        if strong >= 3:
            runs.append(_with_header(lines, kept, headings, runs[-1][-1] if runs else -1))
        run, strong, weak_tail = [], 0, 0

    for i, line in enumerate(lines):
        if line.kind != "text":
            continue
        if i in headings:
            close()
            continue
        if _is_strong_table_line(line.text):
            run.append(i)
            strong += 1
            weak_tail = 0
        elif run and _is_weak_table_line(line) and weak_tail < 3:
            run.append(i)
            weak_tail += 1
        else:
            close()
    close()
    return runs


def _block_text(block: Block, vocab: set[str]) -> str:
    if block.kind == "table":
        rows: list[str] = []
        for line in block.lines:
            if rows and line.text[:1].islower():
                rows[-1] = join_lines([rows[-1], line.text], vocab)
            else:
                rows.append(("- " if line.bullet else "") + line.text)
        return "\n".join(rows)
    text = join_lines([line.text for line in block.lines], vocab)
    return f"- {text}" if block.kind == "item" and block.lines[0].bullet else text


def build_blocks(source: SourceText) -> tuple[list[Block], set[str]]:
    lines = classify(source.lines)
    vocab = vocabulary(lines)
    detector = HeadingDetector(lines, markdown=source.markdown)
    headings: dict[int, Heading] = {}
    consumed: set[int] = set()
    for i in range(len(lines)):
        if i not in consumed and (heading := detector.detect(i)):
            headings[i] = heading
            consumed.update(heading.lines)
    table_start = {run[0]: run for run in _table_runs(lines, consumed)}
    in_table = {i for run in table_start.values() for i in run}

    section = _Section()
    blocks: list[Block] = []
    para: Block | None = None
    gap_break = False

    def flush_para() -> None:
        nonlocal para
        if para is not None:
            blocks.append(para)
            para = None

    for i, line in enumerate(lines):
        if line.kind == "break":
            gap_break = True
        if line.kind != "text" or (i in consumed and i not in headings):
            continue
        if i in headings:
            flush_para()
            heading = headings[i]
            section.enter(heading)
            blocks.append(Block("heading", [lines[j] for j in heading.lines], section.name, section.top,
                                text=heading.title, major=not heading.minor))
        elif i in table_start:
            flush_para()
            blocks.append(Block("table", [lines[j] for j in table_start[i]], section.name, section.top))
        elif i in in_table:
            continue
        else:
            starts_new = (
                para is None
                or line.bullet
                or bool(_LIST_ITEM.match(line.text))
                or para.lines[-1].text.endswith((".", "!", "?", ":", ";"))
                or (gap_break and not _CONTINUES.match(line.text))
            )
            if starts_new:
                flush_para()
                kind = "item" if line.bullet or _LIST_ITEM.match(line.text) else "text"
                para = Block(kind, [line], section.name, section.top)
            else:
                para.lines.append(line)  # type: ignore[union-attr]
        gap_break = False
    flush_para()
    for block in blocks:
        block.text = block.text or _block_text(block, vocab)
        block.words = len(block.text.split())
    return blocks, vocab


def _split_block(block: Block, limit: int) -> list[Block]:
    """Split an over-long paragraph or table at line boundaries."""
    parts: list[Block] = []
    current: list[Line] = []
    words = 0
    for line in block.lines:
        n = len(line.text.split())
        if current and words + n > limit:
            parts.append(Block(block.kind, current, block.section, block.top))
            current, words = [], 0
        current.append(line)
        words += n
    if current:
        parts.append(Block(block.kind, current, block.section, block.top))
    return parts


def _pack(blocks: list[Block], config: ChunkConfig) -> list[list[Block]]:
    groups: list[list[Block]] = []
    current: list[Block] = []
    words = 0

    def flush() -> None:
        """Close the chunk; trailing headings move on to the next chunk, whose content they head."""
        nonlocal current, words
        cut = len(current)
        while cut and current[cut - 1].kind == "heading":
            cut -= 1
        if cut:
            groups.append(current[:cut])
            current = current[cut:]
            words = sum(b.words for b in current)

    for block in blocks:
        if current and block.top != current[-1].top:
            flush()
            current, words = [], 0  # a heading-only remainder of the previous chapter is dropped
        if block.kind == "heading":
            # A numbered heading starts a new chunk unless the chunk is too small; a label heading needs more.
            if words >= (config.min_words if block.major else config.target_words // 2):
                flush()
        elif block.kind == "table" or (words + block.words > config.max_words and words >= config.min_words):
            flush()
        current.append(block)
        words += block.words
        if block.kind == "table":
            flush()
    flush()
    return groups


def chunk_source(source: SourceText, document_id: str, region: str, title: str,
                 config: ChunkConfig | None = None) -> list[Chunk]:
    config = config or ChunkConfig()
    built, vocab = build_blocks(source)
    blocks: list[Block] = []
    for block in built:
        limit = config.max_table_words if block.kind == "table" else config.max_words
        if block.words > limit:
            for part in _split_block(block, config.target_words if block.kind != "table" else limit):
                part.text = _block_text(part, vocab)
                part.words = len(part.text.split())
                blocks.append(part)
        else:
            blocks.append(block)
    chunks: list[Chunk] = []
    for group in _pack(blocks, config):
        body = [b for b in group if b.kind != "heading"]
        start, end = group[0].first, max(b.last for b in group)
        chunk = Chunk(
            id="",
            document_id=document_id,
            region=region,
            title=title,
            section=body[0].section,
            text="\n".join(b.text for b in group),
            line_start=start,
            line_end=end,
            page=source.page_of(start),
            block="table" if any(b.kind == "table" for b in group) else "text",
            headings=[b.text for b in group if b.kind == "heading"],
        )
        chunk.id = f"{document_id}:{start}-{end}:{chunk.content_hash[:8]}"
        chunks.append(chunk)
    return chunks
