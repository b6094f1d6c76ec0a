"""Heading detection: numbered headings, chapter labels and short label headings, with their levels.

Heading styles in the corpus: multi-level numbers (``3.4.2 Ambulante hulp Perspectief 1``, some wrapping over
two lines), chapters with one number (``2. Algemene punten``, ``3 Maatwerkdiensten jeugd``, ``1<TAB> Inleiding``),
numbered sections that restart under unnumbered chapters (WBW: `` Niet vrij toegankelijke zorg`` at a page start,
then ``1. Arrangementen``), memo chapters (``Ad. A. Inhoudelijke eisen``), Markdown ``#`` headings and short
label lines (``Bekostiging``, ``Doelgroep``, ``Wie zijn we?``). Numbered list items look like headings; a
one-number chapter is only accepted when the next multi-level heading belongs to it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.cleaning import Line

_MULTI = re.compile(r"^(\d{1,2}(?:\.\d{1,2})+)\.?\s+(\S.*)$")
_SINGLE = re.compile(r"^(\d{1,2})(\.?)(\s+)(\S.*)$")
_MEMO_CHAPTER = re.compile(r"^Ad\.?\s+[A-Z]\.?\s+\S")
_APPENDIX = re.compile(r"^Bijlage\s+(?:\d+|[IVX]+)\b", re.IGNORECASE)
_TABLE_HEADER = re.compile(r"productcode|tarief|aanbieder:|€|\b\d{2}[A-Z]\d{2}\b", re.IGNORECASE)
_MARKDOWN = re.compile(r"^(#{1,6})\s+(.+?)\s*#*$")
_CONNECTORS = {"en", "of", "van", "de", "het", "met", "voor", "in", "op", "bij", "tot", "naar", "een", "als"}
MAX_TITLE_WORDS = 16
MAX_LABEL_WORDS = 8


@dataclass
class Heading:
    level: int  # 1 = top-level section (chapter); a chunk never crosses one
    title: str
    lines: list[int]  # source lines the heading occupies (wrapped headings take two)
    minor: bool = False  # a label heading inside a numbered section


def _title_ok(title: str, max_words: int = MAX_TITLE_WORDS) -> bool:
    return (
        (title[0].isupper() or title[0] in "('\"")
        and len(title.split()) <= max_words
        and not title.endswith((".", ",", ";", ":"))
        and "€" not in title
    )


def _ends_paragraph(text: str) -> bool:
    return text.endswith((".", "!", "?", ":", ";"))


class HeadingDetector:
    """Finds headings in the classified lines of one document (stateful: numbering sequences)."""

    def __init__(self, lines: list[Line], markdown: bool = False) -> None:
        self.lines = lines
        self.markdown = markdown
        self.text_idx = [i for i, line in enumerate(lines) if line.kind == "text" and not line.bullet]
        # Multi-level headings, in order: a one-number chapter must be followed by its own subsections.
        self.multi: list[tuple[int, int]] = []
        for i in self.text_idx:
            m = _MULTI.match(lines[i].text)
            if m and _title_ok(m.group(2)):
                self.multi.append((i, int(m.group(1).split(".")[0])))
        self.has_multi = len(self.multi) >= 2
        self.singles: list[tuple[int, int]] = []
        for i in self.text_idx:
            m = _SINGLE.match(lines[i].text)
            if m and _title_ok(m.group(4), 12):
                self.singles.append((i, int(m.group(1))))
        self.heading_lines: set[int] = set()
        self.seen_chapter = False  # an unnumbered chapter heading puts one-number sections one level down
        self.chapter = 0
        self.section_number = 0
        self.base = 0  # 1 inside an appendix: its numbered chapters sit below the appendix heading

    def _next_text(self, i: int) -> int | None:
        for j in range(i + 1, min(len(self.lines), i + 8)):
            if self.lines[j].kind == "text":
                return j
        return None

    def _prev_text(self, i: int) -> int | None:
        for j in range(i - 1, max(-1, i - 8), -1):
            if self.lines[j].kind == "text":
                return j
        return None

    def _wrapped(self, i: int, title: str) -> tuple[str, list[int]]:
        """A heading continues on the next line when it ends on a connector or the next line is lower-case."""
        j = self._next_text(i)
        if j is None or self.lines[j].bullet:
            return title, [i]
        nxt = self.lines[j].text
        last = title.split()[-1].lower()
        if (nxt[:1].islower() or last in _CONNECTORS or title.endswith(",")) and (
            len(title.split()) + len(nxt.split()) <= MAX_TITLE_WORDS + 6 and not _ends_paragraph(nxt)
        ):
            return f"{title} {nxt}", [i, j]
        return title, [i]

    def _next_multi_chapter(self, i: int) -> int | None:
        return next((chapter for line, chapter in self.multi if line > i), None)

    def _standalone(self, i: int, last: int | None = None) -> bool:
        """A label line stands alone: the text before ended a paragraph and the text after starts one. A heading
        wrapped over two lines ends at ``last``: the paragraph starts after it."""
        p = self._prev_text(i)
        before = p is None or p in self.heading_lines or self.lines[p].bullet or _ends_paragraph(
            self.lines[p].text) or any(
            self.lines[k].kind == "break" for k in range(p + 1, i))
        return before and self._opens_paragraph(i if last is None else last)

    def _announced(self, i: int) -> bool:
        """The line before ends in a colon: this line is the first item of the list it announces."""
        p = self._prev_text(i)
        return p is not None and self.lines[p].text.rstrip().endswith(":")

    def _prose_follows(self, i: int) -> bool:
        """Running text starts within two lines after ``i`` (a table of contents has only short lines)."""
        j = self._next_text(i)
        for _ in range(2):
            if j is None:
                return False
            if len(self.lines[j].text.split()) > MAX_LABEL_WORDS:
                return self._opens_paragraph(i)
            j = self._next_text(j)
        return False

    def _opens_paragraph(self, i: int) -> bool:
        n = self._next_text(i)
        return n is not None and (self.lines[n].bullet or not self.lines[n].text[:1].islower())

    def detect(self, i: int) -> Heading | None:
        heading = self._detect(i)
        if heading:
            self.heading_lines.update(heading.lines)
            self.seen_chapter = self.seen_chapter or (heading.level == 1 and not _SINGLE.match(heading.title))
        return heading

    def _restarts_numbering(self, i: int) -> bool:
        """A chapter label is followed by a numbered section list that starts again at 1."""
        return next((n for line, n in self.singles if line > i), None) == 1

    def _detect(self, i: int) -> Heading | None:
        line = self.lines[i]
        if line.kind != "text" or line.bullet:
            return None
        text = line.text
        if self.markdown:
            m = _MARKDOWN.match(text)
            return Heading(len(m.group(1)), m.group(2), [i]) if m else None
        m = _MULTI.match(text)
        if m and _title_ok(m.group(2)) and self.has_multi:
            title, used = self._wrapped(i, text)
            self.chapter = int(m.group(1).split(".")[0])
            return Heading(len(m.group(1).split(".")) + self.base, title, used)
        m = _SINGLE.match(text)
        # "2. Een light-contract is alleen mogelijk bij acute crisis …" (16 words) is a section title; a footnote
        # ("2<TAB> De studie is nog …") is not, and neither is an item of a list a lead-in announced ("…: 1. …").
        if m and _title_ok(m.group(4), MAX_TITLE_WORDS if m.group(2) else 12) and not self._announced(i):
            number, tab = int(m.group(1)), "\t" in line.raw
            title, used = self._wrapped(i, text)
            # The next short section of a running sequence ("10. Regionale Experttafel (RET) en opschaalroute")
            # may follow a sentence a page break cut off.
            next_section = (not self.has_multi and number == self.section_number + 1 and number >= 2
                            and len(title.split()) <= MAX_LABEL_WORDS)
            if not (self._standalone(i, used[-1]) or (next_section and self._prose_follows(used[-1]))):
                return None
            if self.has_multi:
                if number > self.chapter and self._next_multi_chapter(i) == number:
                    self.chapter = number
                    return Heading(1 + self.base, title, used)
                return None
            if tab and not m.group(2):  # "1<TAB> Inleiding": a chapter of a report
                self.section_number = 0
                return Heading(1, text, [i])
            if number == self.section_number + 1:
                self.section_number = number
                return Heading(2 if self.seen_chapter else 1, title, used)
            return None
        if _APPENDIX.match(text) and len(text.split()) <= MAX_TITLE_WORDS and not _ends_paragraph(text):
            self.chapter = self.section_number = 0  # an appendix numbers its sections from 1 again
            self.base = 1
            title, used = self._wrapped(i, text)
            return Heading(1, title, used)
        if _MEMO_CHAPTER.match(text) and len(text.split()) <= MAX_LABEL_WORDS:
            self.section_number = 0
            return Heading(1, text, [i])
        if line.page_start and text.endswith(":") and _title_ok(text[:-1].rstrip(), 6) and self._opens_paragraph(i):
            return Heading(3, text[:-1].rstrip(), [i], minor=True)  # a caption opening a page: "Toelichting:"
        if (_title_ok(text, MAX_LABEL_WORDS) and not _TABLE_HEADER.search(text)
                and text.split()[-1].lower() not in _CONNECTORS
                and sum(w.isdigit() for w in text.split()) < 2 and self._standalone(i)):
            if (line.page_start and not self.has_multi and len(text.split()) <= 5 and not text.endswith("?")
                    and self._restarts_numbering(i)):
                self.section_number = 0  # a page opening with a short label: a chapter (WBW)
                return Heading(1, text, [i])
            return Heading(3, text, [i], minor=True)
        return None
