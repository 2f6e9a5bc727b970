"""Answering: question in, extracted span with citations out — or an honest "the articles don't say".

``Pipeline`` holds one loaded index and model, read-only, so many questions (and threads of
the web chat) can share it; ``answer()`` and ``search()`` are thin wrappers over a cached one.
"""
from __future__ import annotations

import math
import os
import re
import shutil
import threading
import time
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Sequence

from .cleaning import read_article, to_simplified, to_traditional
from .embedding import Embedder, load_embedder
from .extraction import QUESTION_WORDS, ScoredSentence, question_terms, score_sentences
from .index import Index, build_from_articles, load_index
from .lexical import content_words, english_readings
from .questions import analyze_question
from .records import Answer, Passage, Skipped
from .retrieval import Query, analyze, dense_search, retrieve
from .settings import Settings, load_calibration

NOT_FOUND = {
    "en": "The articles don't say. Closest related passages are listed below.",
    "zh-Hans": "文章中没有找到这个问题的答案。下面列出最相关的段落供参考。",
    "zh-Hant": "文章中沒有找到這個問題的答案。下面列出最相關的段落供參考。",
}
NEVER_MENTIONED = {
    "en": "(The articles never mention: {}.)",
    "zh-Hans": "(文章中从未出现:{}。)",
    "zh-Hant": "(文章中從未出現:{}。)",
}
FAR_FROM_ARTICLES = {
    "en": "(Nothing in the articles comes close to this question.)",
    "zh-Hans": "(文章中没有与这个问题相近的内容。)",
    "zh-Hant": "(文章中沒有與這個問題相近的內容。)",
}
EMPTY = "Please type a question (in Chinese or English) about the articles."
NOT_A_QUESTION = ("That looks like code or markup rather than a question about the articles; "
                  "nothing was searched for it.")
_CODE_LIKE = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>|\b(?:drop|delete|insert|update|select)\b.+\b(?:table|from|into|set)\b|;\s*--|\bjavascript:", re.I)
CANDIDATE_PASSAGES = 8


def clean_question(raw: object, limit: int) -> tuple[str, str]:
    """Make any input safe to process: a string without control characters, lone surrogates
    or runaway length. Returns (question, note for the user or "")."""
    text = raw if isinstance(raw, str) else ("" if raw is None else str(raw))
    text = text.encode("utf-8", "replace").decode("utf-8")       # lone surrogates → "?"
    text = "".join(" " if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") else c for c in text)
    text = re.sub(r"\s+", " ", text).strip()
    note = ""
    if len(text) > limit:
        text = text[:limit]
        note = f"(Your question was cut to its first {limit} characters.)"
    return text, note


def _has_content(text: str) -> bool:
    return any(unicodedata.category(c)[0] in "LN" for c in text)


def _in_script(text: str, lang: str) -> str:
    if lang == "zh-Hant":
        return to_traditional(text)
    if lang == "zh-Hans":
        return to_simplified(text)
    return text


def confidence_features(best, lang: str) -> list[float]:
    """What the confidence is computed from; see ``eval/calibrate.py`` for how it was fit.

    Term coverage and the answer slot (the question's rare terms right next to a figure of
    the asked kind) say most; dense similarity carries paraphrases and English, whose terms
    come through a dictionary; qualifier agreement and answer-type fit veto look-alikes;
    focus says whether the figure's own clause names what the question counts; a sentence
    without the asked kind of fact that matched the question better says the articles
    discuss it without giving it; the sentence's own ranking score sums these up the way
    the ranker weighed them (with it, cross-validated by question set, 0.67 of unanswerable
    questions are refused instead of 0.60 at the same 6% of answerable ones).
    """
    dense = min(1.0, max(0.0, (best.dense - 0.75) / 0.2))
    english = 1.0 if lang == "en" else 0.0
    return [best.coverage, best.span.slot, best.span.fit, dense, best.qualifier_ok,
            best.qualifier_ok * best.span.fit, english, english * dense, best.key_term, best.focus,
            min(1.0, 4.0 * best.factless_lead), best.score]


QUALIFIER_FLOOR = 0.15   # below: the asked place or year is absent, contradicted, or only far off in the article


def vetoed(features: Sequence[float]) -> bool:
    """No answer whatever the fit says: the question's year, month or place is absent,
    contradicted or named only far from the answer (qualifier below ``QUALIFIER_FLOOR``),
    the sentence shares no term with the question (coverage 0), or it holds no fact of the
    asked kind (fit 0: no date for "which year", no name for "who"; over fifteen question
    sets, no such answer above the threshold was right)."""
    return features[4] < QUALIFIER_FLOOR or features[0] == 0.0 or features[2] == 0.0


def confidence(best, lang: str) -> float:
    """Calibrated probability in [0, 1] that the extracted span answers the question
    (logistic regression over ``confidence_features``, fit by eval/calibrate.py), vetoed to 0
    when the question's qualifiers are nowhere near the sentence."""
    features = confidence_features(best, lang)
    if vetoed(features):
        return 0.0
    calibration = load_calibration()
    z = calibration["bias"] + sum(w * x for w, x in zip(calibration["weights"], features))
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@dataclass(frozen=True)
class UploadReport:
    """What an upload did: articles added, files rejected with reasons."""

    added: list[str]
    skipped: list[Skipped]
    passages: int
    seconds: float


_ASKING = re.compile(r"哪|什么|多少|几|怎|(?:what|who|when|where|which|how|why)\b", re.I)


def unmentioned(index: Index, query: Query) -> tuple[str, ...]:
    """The question's words no article uses, when they outnumber the ones some article does
    and at most one is found: "法国的首都是哪座城市" shares only 城市 with the articles,
    "How many strings does a violin have" only "standard". Such a question is about
    something else; its one shared word still matches some sentence confidently, so the
    question is refused before matching, naming the words (on the fifteen diagnosis sets, 53
    of 90 off-topic questions have this shape, and no look-alike and 2 of 964 answerable ones)."""
    if query.lang == "en":
        # a word known only through a one-character translation ("play" → 拉) is no sign the
        # articles discuss it: one character occurs in words of every topic; nor is a number
        # ("the 2022 FIFA World Cup"): the articles' years are every topic's years
        known = sum(1 for translations in query.english
                    if any(len(t) > 1 and not t[0].isdigit() for t in translations))
        unknown = tuple(p for p in query.unknown if not _ASKING.match(p))
    else:
        words = [w for w in dict.fromkeys(content_words(query.normalized))
                 if w not in QUESTION_WORDS and len(w) > 1 and not _ASKING.match(w)]
        used = {w: index.lexical.doc_freq(w) > 0 for w in words}
        known = sum(used.values())
        unknown = tuple(w for w in words if not used[w])
    return unknown if known <= 1 and unknown else ()


def language_group(lang: str) -> str:
    """The calibration's language groups: English, or Chinese in either script."""
    return "zh" if lang in ("zh-Hans", "zh-Hant") else "en"


def closest_passage(index: Index, query: Query) -> float:
    """The dense similarity of the question's closest passage (0.0 for an empty index)."""
    top = dense_search(index, query, 1)
    return top[0][1] if top else 0.0


def far_from_articles(index: Index, query: Query, floor: dict | None = None) -> bool:
    """Whether no passage comes as close to the question as the articles come to the questions
    they answer: its closest passage is under the floor ``eval/calibrate.py`` fits (the least
    similarity any answerable calibration question of its language group got, less 0.02).
    "In which city is the Louvre Museum located?" matched 城市 and was answered 渭南、西安、铜川;
    its closest passage is at 0.795, under every answerable English question's (0.818 at
    least). Only for the model the floor was fitted with: another model's similarities are on
    another scale."""
    floor = load_calibration().get("dense_floor") if floor is None else floor
    if not floor or floor.get("model") != index.model or not index.passages:
        return False
    return closest_passage(index, query) < floor[language_group(query.lang)]


class Pipeline:
    """A loaded index plus its embedding model, answering questions read-only."""

    def __init__(self, index: Index, embedder: Embedder, settings: Settings) -> None:
        self._index = index
        self.embedder = embedder
        self.settings = settings
        self._write_lock = threading.Lock()

    @classmethod
    def open(cls, index_dir: str | Path | None = None, corpus_dir: str | Path | None = None,
             model: str | None = None, embedder: Embedder | None = None,
             show_progress: bool = False) -> "Pipeline":
        index = load_index(index_dir, corpus_dir=corpus_dir, model=model, embedder=embedder,
                           show_progress=show_progress)
        settings = Settings.from_env(index_dir=index_dir, corpus_dir=index.manifest.get("corpus_dir"),
                                     model=index.model)
        pipeline = cls(index, embedder or load_embedder(index.model), settings)
        for warm_up in ("How many cases were solved?", "破获多少起案件"):
            pipeline.answer(warm_up)        # load the English dictionary, jieba and the model now, not on a visitor's question
        english_readings("警务")            # and the dictionary read backwards, for list items a question describes
        return pipeline

    @property
    def index(self) -> Index:
        return self._index      # one attribute read: a question sees the old or the new index, never a mix

    # ------------------------------------------------------------------ questions
    def search(self, question: str, k: int = 5, mode: str = "hybrid") -> list[Passage]:
        text, _ = clean_question(question, self.settings.max_question_chars)
        if not _has_content(text):
            return []
        return retrieve(self.index, analyze(text, self.embedder, self.index), k=k, mode=mode)

    def answer(self, question: str, top_k: int | None = None, mode: str = "hybrid",
               timings: dict | None = None) -> Answer:
        """Answer one question; ``timings``, when given, receives seconds per stage
        ("embed", "retrieve", "extract") for the benchmark."""
        top_k = top_k or self.settings.top_k
        text, note = clean_question(question, self.settings.max_question_chars)
        if not _has_content(text):
            return Answer(question=text, found=False, text="", sentence="", score=0.0, message=EMPTY)
        if _CODE_LIKE.search(text):
            return Answer(question=text, found=False, text="", sentence="", score=0.0, message=NOT_A_QUESTION)
        index = self.index
        t0 = time.perf_counter()
        query = analyze(text, self.embedder, index)
        if timings is not None:
            timings["embed"] = time.perf_counter() - t0
        return self._answer(index, query, top_k, mode, note, timings)

    def rank(self, index: Index, query: Query, depth: int = CANDIDATE_PASSAGES,
             mode: str = "hybrid", timings: dict | None = None) -> tuple[list[Passage], list[ScoredSentence]]:
        """Candidate passages and their sentences, best first (what ``answer`` decides from)."""
        t0 = time.perf_counter()
        passages = retrieve(index, query, k=depth, mode=mode)
        t1 = time.perf_counter()
        spec = analyze_question(query.text, query.normalized, query.lang, index.places,
                                index.romanized if query.lang == "en" else None)
        terms = replace(question_terms(index, query.normalized, spec, query.english), aside=query.aside)
        ranked: list[ScoredSentence] = []
        if terms.groups or spec.places or spec.years or spec.periods:   # else nothing to match on
            ranked = score_sentences(index, query.vector, passages, spec, terms, query.normalized)
        if timings is not None:
            timings["retrieve"] = t1 - t0
            timings["extract"] = time.perf_counter() - t1
        return passages, ranked

    def _answer(self, index: Index, query: Query, top_k: int, mode: str, note: str,
                timings: dict | None = None) -> Answer:
        passages, ranked = self.rank(index, query, max(CANDIDATE_PASSAGES, top_k), mode, timings)
        lang = query.lang if query.lang in NOT_FOUND else "en"
        not_found = " ".join(x for x in (NOT_FOUND[lang], note) if x)
        best = ranked[0] if ranked else None
        citations = self._citations(index, passages, best, top_k) if best else passages[:top_k]
        elsewhere = unmentioned(index, query)
        if elsewhere:
            told = NEVER_MENTIONED[lang].format(_in_script(("、" if lang != "en" else ", ").join(elsewhere), query.lang))
            return Answer(query.text, False, "", "", 0.0, citations, f"{not_found} {told}")
        if far_from_articles(index, query):
            return Answer(query.text, False, "", "", 0.0, citations, f"{not_found} {FAR_FROM_ARTICLES[lang]}")
        if best is None:
            return Answer(query.text, False, "", "", 0.0, citations, not_found)
        score = confidence(best, query.lang)
        if score < self.settings.abstain_threshold:
            return Answer(query.text, False, "", "", score, citations, not_found)
        text = best.text
        a, b = best.span.start, best.span.end
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        return Answer(
            question=query.text, found=True, text=_in_script(text[a:b], query.lang),
            sentence=_in_script(text.strip(), query.lang), score=score, citations=citations,
            message=note, source=best.ref.source,
            span_start=best.ref.start + a, span_end=best.ref.start + b,
            sentence_start=best.ref.start, sentence_end=best.ref.end,
        )

    @staticmethod
    def _citations(index: Index, passages: list[Passage], best, top_k: int) -> list[Passage]:
        """The passage holding the answer first, then the other best passages. The answer's
        sentence may come from outside the retrieved passages (a numbered list's ninth item,
        found through its lead-in): its passage is then taken from the index."""
        def holding_from(candidates):
            whole = [p for p in candidates if p.source == best.ref.source
                     and p.start <= best.ref.start and p.end >= best.ref.end]
            return whole or [p for p in candidates if p.source == best.ref.source
                             and p.start < best.ref.end and p.end > best.ref.start]
        holding = holding_from(passages) or holding_from(index.passages)
        first = holding[:1]
        rest = [p for p in passages if p not in first]
        return (first + rest)[:top_k]

    # ------------------------------------------------------------------ corpus
    def articles(self) -> list[dict]:
        index = self.index
        counts: dict[str, int] = {}
        for p in index.passages:
            counts[p.source] = counts.get(p.source, 0) + 1
        return [{"id": a.id, "title": a.title, "date": a.date, "source": a.source,
                 "passages": counts.get(a.id, 0)} for a in sorted(index.articles.values(), key=lambda a: a.id)]

    def add_files(self, paths: Sequence[str | Path]) -> UploadReport:
        """Clean, validate and index new articles; the live index is swapped in one step.

        Bad files are rejected with a reason and change nothing. Accepted files are copied
        into the corpus folder, so the next start sees them too.
        """
        t0 = time.perf_counter()
        with self._write_lock:
            index = self.index
            corpus = Path(index.manifest.get("corpus_dir") or self.settings.corpus_dir)
            accepted, skipped = [], []
            for path in paths:
                path = Path(path)
                try:
                    article = read_article(path, max_bytes=self.settings.max_file_bytes)
                except (ValueError, OSError) as exc:
                    skipped.append(Skipped(path.name, getattr(exc, "reason", str(exc))))
                    continue
                accepted.append((path, article))
            if not accepted:
                return UploadReport([], skipped, 0, time.perf_counter() - t0)
            corpus.mkdir(parents=True, exist_ok=True)
            articles = dict(index.articles)
            for path, article in accepted:
                target = corpus / path.name
                tmp = corpus / f".{path.name}.uploading"
                shutil.copyfile(path, tmp)
                os.replace(tmp, target)
                articles[article.id] = article
            settings = replace(self.settings, index_dir=Path(index.path.parent), corpus_dir=corpus,
                               chunk_size=index.manifest["chunk_size"], chunk_overlap=index.manifest["chunk_overlap"],
                               model=index.model)
            new_index = build_from_articles(list(articles.values()), settings, corpus_dir=corpus,
                                            embedder=self.embedder, previous=index)
            self._index = new_index
            added = [a.id for _, a in accepted]
            n = sum(1 for p in new_index.passages if p.source in added)
            return UploadReport(added, skipped, n, time.perf_counter() - t0)


# --------------------------------------------------------------------------- module API

@lru_cache(maxsize=4)
def _cached_pipeline(index_dir: str, model: str | None) -> Pipeline:
    return Pipeline.open(index_dir, model=model)


def get_pipeline(index_dir: str | Path | None = None) -> Pipeline:
    settings = Settings.from_env(index_dir=index_dir)
    return _cached_pipeline(str(Path(settings.index_dir).resolve()), os.environ.get("QA_MODEL"))


def answer(question: str, top_k: int | None = None, index_dir: str | Path | None = None) -> Answer:
    """Answer ``question`` from the indexed articles (building the index on first use)."""
    return get_pipeline(index_dir).answer(question, top_k=top_k)


def search(question: str, k: int = 5, index_dir: str | Path | None = None) -> list[Passage]:
    """The ``k`` passages that best match ``question``, best first, with ``.score``."""
    return get_pipeline(index_dir).search(question, k=k)
