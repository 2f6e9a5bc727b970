"""Chunking stage: an article's clean text -> overlapping ``Passage`` spans, and sentence spans.

Passages are what retrieval ranks and what answers cite, so each one is an exact
slice ``article.text[start:end]``: a UI can highlight it and the extractor can map
offsets back without searching. Splitting is done by langchain-text-splitters'
``RecursiveCharacterTextSplitter`` (paragraphs, then lines, then sentences, then
clauses), with Chinese sentence marks kept at the END of the sentence they close
(and any closing quote after them), so no passage starts with a stray "。" or "”".
Overlap is the splitter's: when a paragraph is cut, the whole sentences or clauses
(up to ``chunk_overlap`` characters) before the cut open the next passage too; a
cut between paragraphs needs none, so there the passages just meet.

The splitter returns strings, not offsets, and its ``add_start_index`` looks the
chunk up with ``str.find`` from a guessed position, which can land on an earlier
copy of a repeated sentence. ``_locate`` therefore places every chunk itself, at
the last occurrence that still leaves no gap after the previous chunk: offsets
are exact and consecutive passages always cover the whole text.
"""
from __future__ import annotations

import hashlib
import re

from langchain_text_splitters import RecursiveCharacterTextSplitter

from .records import Article, Passage

# Closing quotes/brackets that belong to the sentence a mark ends: 。” ！」 。)
_CLOSERS = "”’」』》)）\\]\"'"
_MARKS = "。！？；!?;"

# The separators of the brief, as regexes: a run of one sentence mark plus the
# closers that follow it is one separator, kept at the end of its sentence.
SEPARATORS = [r"\n\n", r"\n",
              *(rf"{re.escape(m)}+[{_CLOSERS}]*" for m in _MARKS),
              "，", ",", " ", ""]

# Chunks shorter than this are joined to a neighbour when the pair fits in a chunk.
MIN_PASSAGE_CHARS = 40

# A sentence ends at a mark (plus closers), or at "." before whitespace/end unless the
# "." follows a digit (list numbers "1. ", decimals never reach here: "1.5" has no space).
_SENTENCE_END = re.compile(rf"(?:[{_MARKS}]+|(?<!\d)\.+(?=\s|$))[{_CLOSERS}]*")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` of each sentence in ``text``, in order, never overlapping.

    Sentences end at 。！？； and !?; (with any closing quote/bracket after the mark),
    at "." followed by whitespace, and at line breaks (a line in these articles is a
    paragraph, heading or list item). Spans cover the non-whitespace text only.
    """
    spans: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", text):
        start = line.start()
        for mark in _SENTENCE_END.finditer(line.group()):
            spans.extend(_trimmed(text, start, line.start() + mark.end()))
            start = line.start() + mark.end()
        spans.extend(_trimmed(text, start, line.end()))
    return spans


def _trimmed(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``[start, end)`` without surrounding whitespace; empty list when nothing is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return [(start, end)] if start < end else []


def _splitter(chunk_size: int, chunk_overlap: int) -> RecursiveCharacterTextSplitter:
    return RecursiveCharacterTextSplitter(
        separators=SEPARATORS, is_separator_regex=True, keep_separator="end",
        chunk_size=chunk_size, chunk_overlap=chunk_overlap, strip_whitespace=True,
    )


def _locate(text: str, chunks: list[str]) -> list[tuple[int, int]]:
    """Offsets of consecutive splitter chunks in ``text``.

    Chunk i starts no later than the first non-space character after chunk i-1 (the
    splitter never skips content), so taking the last occurrence up to that point
    is always a correct placement and never leaves a gap. Only in periodic text
    ("哈哈。哈哈。…") can that run ahead of the splitter; placements already covered
    are then dropped, so spans stay strictly increasing in start and end.
    """
    spans: list[tuple[int, int]] = []
    prev_end = 0
    for chunk in chunks:
        limit = prev_end
        while limit < len(text) and text[limit].isspace():
            limit += 1
        start = text.rfind(chunk, 0, limit + len(chunk))
        if start < 0:       # not expected; fall back to the first occurrence after the last chunk
            start = text.find(chunk, spans[-1][0] + 1 if spans else 0)
        if start < 0:
            raise ValueError(f"splitter chunk not found in text: {chunk[:40]!r}")
        end = start + len(chunk)
        prev_end = max(prev_end, end)
        if spans and end <= spans[-1][1]:
            continue                    # repeated text: everything here is covered already
        while spans and spans[-1][0] >= start:
            spans.pop()                 # ... or the new placement contains the previous one
        spans.append((start, end))
    return spans


def _absorb_fragments(spans: list[tuple[int, int]], chunk_size: int,
                      min_chars: int) -> list[tuple[int, int]]:
    """Join a tiny chunk (a lone heading line) to its neighbour when they fit together.

    A ten-character passage such as "全國禁毒示範城市創建" ranks badly and cites
    nothing; attached to the paragraph it introduces it helps that paragraph rank.
    """
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(spans):
        start, end = spans[i]
        if end - start < min_chars and i + 1 < len(spans) and spans[i + 1][1] - start <= chunk_size:
            out.append((start, spans[i + 1][1]))
            i += 2
            continue
        if end - start < min_chars and out and end - out[-1][0] <= chunk_size:
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
        i += 1
    return out


def passage_id(source: str, start: int, end: int, text: str) -> str:
    """Content hash of a passage: the same slice of the same article keeps its id across rebuilds."""
    return hashlib.sha256(f"{source}\x00{start}\x00{end}\x00{text}".encode("utf-8")).hexdigest()[:16]


def chunk_article(article: Article, chunk_size: int = 320, chunk_overlap: int = 60) -> list[Passage]:
    """Split an article into passages of at most ``chunk_size`` characters with a small overlap."""
    text = article.text
    chunks = [c for c in _splitter(chunk_size, chunk_overlap).split_text(text) if c.strip()]
    passages = []
    spans = _absorb_fragments(_locate(text, chunks), chunk_size, min(MIN_PASSAGE_CHARS, chunk_size))
    for start, end in spans:
        piece = text[start:end]
        passages.append(Passage(source=article.id, title=article.title, date=article.date,
                                text=piece, start=start, end=end,
                                id=passage_id(article.id, start, end, piece)))
    return passages
