"""Retrieval stage: dense (FAISS) and lexical (BM25) search, fused by reciprocal rank."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Callable, Mapping

import faiss
import numpy as np

from .cleaning import is_traditional, normalize
from .embedding import Embedder
from .index import Index
from .alignment import english_aside
from .lexical import content_words, english_phrases, tokenize
from .questions import asked_in_chinese, standard_wording
from .records import Passage

_LATIN = re.compile(r"[A-Za-z]")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
RRF_K = 60
# Rank-fusion weights (dense, BM25). On eval/dev.jsonl BM25 finds the exact terms and figures
# of Chinese questions far more often than dense search (passage recall@1 0.87 vs 0.58), so it
# counts double. English questions are embedded with their bridged Chinese terms
# (``_with_translations``), after which the same weights suit them too: BM25 weights 1.5–4
# moved English passage recall@1 by at most 0.03, on dev + heldout and on the other sets.
FUSION_WEIGHTS = (1.0, 2.0)


@dataclass(frozen=True)
class Query:
    """A question analysed once and shared by retrieval and extraction."""

    text: str               # as asked (already cut to the length limit)
    normalized: str         # simplified, half-width, lowercase
    lang: str               # "zh-Hans", "zh-Hant", "en" or "other"
    terms: tuple[str, ...]  # lexical tokens, English questions bridged to Chinese terms
    vector: np.ndarray      # the query embedding (unit length)
    # English questions: each content phrase's Chinese terms that the corpus uses, e.g.
    # (("派出所",), ("商洛", "商洛市")); empty for Chinese questions.
    english: tuple[tuple[str, ...], ...] = ()
    unknown: tuple[str, ...] = ()   # English questions: the content phrases no article uses in any translation
    # English questions: what "besides …" sets aside, each phrase's Chinese terms the corpus uses,
    # e.g. (("知识产权",), ("侵犯", "侵害"), ("商业",), ("贿赂",))
    aside: tuple[tuple[str, ...], ...] = ()


def detect_language(text: str) -> str:
    if asked_in_chinese(text):
        return "zh-Hant" if is_traditional(text) else "zh-Hans"
    return "en" if _LATIN.search(text) else "other"


def analyze(question: str, embedder: Embedder, index: Index | None = None) -> Query:
    """Normalise, detect the language, bridge English to Chinese terms, embed.

    With ``index``, an English phrase's Chinese candidates are narrowed to the terms
    that index's passages use, and names in pinyin become the words they spell.
    """
    normalized = standard_wording(normalize(question))
    lang = detect_language(question)
    terms = tokenize(normalized)
    english: tuple[tuple[str, ...], ...] = ()
    unknown: tuple[str, ...] = ()
    aside: tuple[tuple[str, ...], ...] = ()
    if lang == "en":
        attested = (lambda term: index.lexical.doc_freq(term) > 0) if index is not None else None
        romanized = index.romanized if index is not None else None
        phrases = english_phrases(question, attested, romanized)
        english = tuple(tuple(ts) for _, ts in phrases if ts) + _written_in_chinese(normalized)
        unknown = tuple(phrase for phrase, ts in phrases if not ts)
        terms = terms + [t for t in dict.fromkeys(t for ts in english for t in ts) if t not in terms]
        aside = set_aside_terms(question, attested, romanized)
    vector = embedder.embed_queries([_with_translations(question, english)])[0]
    return Query(question, normalized, lang, tuple(terms), vector, english, unknown, _telling(aside, index))


def set_aside_terms(question: str, attested: Callable[[str], bool] | None = None,
                    romanized: Mapping[str, tuple[str, ...]] | None = None) -> tuple[tuple[str, ...], ...]:
    """What an English question sets aside ("Besides …"), one group per phrase: its Chinese
    terms of two or more characters (``english_phrases`` with the same ``attested`` and
    ``romanized`` as the question's own terms)."""
    said = english_aside(question)
    phrases = english_phrases(said, attested, romanized) if said else []
    return tuple(group for _, ts in phrases if (group := tuple(t for t in ts if len(t) >= 2)))


_COMMON_SHARE = 0.5     # of the passages: a word in more of them tells no list from another


def _telling(aside: tuple[tuple[str, ...], ...], index: Index | None) -> tuple[tuple[str, ...], ...]:
    """The set-aside groups that can tell one sentence from another: "police" (公安, in most
    passages of a police report) is in the clause of every list, so it cannot say which
    list the question sets items of aside. A group is as common as its most common term."""
    if index is None or not index.passages:
        return aside
    limit = _COMMON_SHARE * len(index.passages)
    return tuple(g for g in aside if max(index.lexical.doc_freq(t) for t in g) <= limit)


def _written_in_chinese(normalized: str) -> tuple[tuple[str, ...], ...]:
    """An English question's own Chinese words, each a term group of its own: "How many
    'legal-savvy persons' (法律明白人)" names the article's term outright, more surely than any
    dictionary reading of its English gloss."""
    return tuple((w,) for w in dict.fromkeys(content_words("".join(_CJK.findall(normalized)))) if len(w) > 1)


def _with_translations(question: str, english: tuple[tuple[str, ...], ...]) -> str:
    """The text embedded for a question: an English question gains the best Chinese term
    of each phrase. The small multilingual model matches English to Chinese poorly on its
    own; with the terms beside it, dense search finds the right article first for 0.73 of
    English questions instead of 0.45 (eval sets other than dev and heldout)."""
    bridged = " ".join(dict.fromkeys(terms[0] for terms in english if terms))
    return f"{question} {bridged}" if bridged else question


def dense_search(index: Index, query: Query, k: int) -> list[tuple[int, float]]:
    if not index.passages:
        return []
    # One thread: for a single query FAISS's OpenMP start-up costs more than it saves (3–19× slower
    # with 2 threads on 2 cores, python -m qa.scale), and the web chat runs questions side by side.
    faiss.omp_set_num_threads(1)
    scores, ids = index.faiss_index.search(query.vector[None, :].astype(np.float32), min(k, len(index.passages)))
    return [(int(i), float(s)) for i, s in zip(ids[0], scores[0]) if i >= 0]


def lexical_search(index: Index, query: Query, k: int) -> list[tuple[int, float]]:
    if not query.terms:
        return []
    return index.lexical.search(list(query.terms), k)


def fuse(rankings: list[list[tuple[int, float]]], weights: list[float]) -> list[tuple[int, float]]:
    """Reciprocal-rank fusion: robust to the two scorers' incomparable scales."""
    fused: dict[int, float] = {}
    for ranking, w in zip(rankings, weights):
        for rank, (doc, _) in enumerate(ranking):
            fused[doc] = fused.get(doc, 0.0) + w / (RRF_K + rank + 1)
    return sorted(fused.items(), key=lambda kv: -kv[1])


def retrieve(index: Index, query: Query, k: int = 5, mode: str = "hybrid", depth: int = 30) -> list[Passage]:
    """The ``k`` best passages for ``query``; ``mode`` is "hybrid", "dense" or "bm25"."""
    dense = dense_search(index, query, depth) if mode in ("hybrid", "dense") else []
    lexical = lexical_search(index, query, depth) if mode in ("hybrid", "bm25") else []
    if mode == "dense":
        ranked = dense
    elif mode == "bm25":
        ranked = lexical
    else:
        ranked = fuse([dense, lexical], list(FUSION_WEIGHTS))
    return [replace(index.passages[i], score=s) for i, s in ranked[:k]]
