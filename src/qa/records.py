"""The small frozen records that flow between pipeline stages."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Article:
    """One cleaned article.

    ``text`` keeps the article's own characters (traditional stays traditional)
    with pinyin annotations and web boilerplate removed; every Passage offset
    points into it. ``id`` is the file name.
    """

    id: str
    title: str
    text: str
    subtitle: str = ""
    date: str = ""          # ISO date "YYYY-MM-DD" (or with time) when the text states one, else ""
    source: str = ""        # publisher, e.g. "人民公安报", "渭南日报"
    byline: str = ""        # reporter(s) as written
    content_hash: str = ""  # sha256 of the raw file bytes: what the index checks for staleness


@dataclass(frozen=True)
class Passage:
    """A span ``[start, end)`` of an article's cleaned text, with a retrieval score."""

    source: str
    title: str
    date: str
    text: str
    start: int
    end: int
    score: float = 0.0
    id: str = ""            # content hash of (source, start, end, text): stable across rebuilds

    def to_dict(self) -> dict:
        return {
            "id": self.id, "source": self.source, "title": self.title, "date": self.date,
            "text": self.text, "start": self.start, "end": self.end, "score": round(float(self.score), 4),
        }


@dataclass(frozen=True)
class Skipped:
    """A file that was not indexed, and why, in words a person can act on."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass(frozen=True)
class Answer:
    """What ``qa.answer()`` returns: an extracted span with the passages it came from.

    ``span_start``/``span_end`` and ``sentence_start``/``sentence_end`` are offsets
    into the cleaned text of ``citations[0].source`` (-1 when not found), so a UI
    can highlight the answer inside a cited passage without searching for it.
    """

    question: str
    found: bool
    text: str
    sentence: str
    score: float
    citations: list[Passage] = field(default_factory=list)
    message: str = ""
    source: str = ""
    span_start: int = -1
    span_end: int = -1
    sentence_start: int = -1
    sentence_end: int = -1

    def to_dict(self) -> dict:
        return {
            "question": self.question, "found": self.found, "text": self.text,
            "sentence": self.sentence, "score": round(float(self.score), 4),
            "message": self.message, "source": self.source,
            "span": [self.span_start, self.span_end],
            "sentence_span": [self.sentence_start, self.sentence_end],
            "citations": [p.to_dict() for p in self.citations],
        }
