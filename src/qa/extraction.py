"""Extraction stage: pick the answering sentence among retrieved passages, then the minimal span.

Sentences are scored on dense similarity to the question, coverage of the question's terms,
the rank of the passage they stand in, whether they hold the kind of answer asked for, and
agreement with the question's qualifiers (year, months, period, place).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .index import Index, SentenceRef
from .questions import QuestionSpec, month_mentioned
from .records import Passage

# A figure with its magnitude and unit: 3253个, 4.15万个, 1.1亿元, 8.5万余起, 98.86%, 27.3个百分点
_UNITS = ("个百分点|平方公里|平方米|人次|台次|万元|亿元|场次|余人|余名|公里|%|％|户|个|起|人|名|件|次|元|本|笔|张|期|项|条|场|处|"
          "所|家|支|辆|份|岁|天|倍|批|类|座|间|套|米|吨|宗|部|只|组|队|枚|年|月|小时|分钟|万|亿")
NUMBER = re.compile(rf"(?<![\d.])(\d+(?:\.\d+)?|[一二两三四五六七八九十百千]+)(?:万|亿|千)?(?:余|多)?(?:{_UNITS})?")
DATE = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}-\d{1,2}-\d{1,2}|\d{1,2}\s*月\s*\d{1,2}\s*日|"
                  r"\d{4}\s*年\s*\d{1,2}\s*月|\d{1,2}\s*[-—–至到、]\s*\d{1,2}\s*月份?|\d{4}\s*年|\d{1,2}\s*月份?")
QUOTED = re.compile(r"[“\"「『]([^”\"」』]{1,30})[”\"」』]|《([^》]{1,40})》")
ORG = re.compile(r"[\u4e00-\u9fff]{2,14}?(?:公安局|分局|派出所|支队|大队|中队|中心|委员会|政法委|法院|检察院|公安厅|厅|办公室|警务室|司法所)")
_CLAUSE_END = re.compile(r"[，,；;：:]")


@dataclass(frozen=True)
class ScoredSentence:
    ref: SentenceRef
    text: str               # the article's own characters
    normalized: str
    score: float
    dense: float
    coverage: float
    qualifier_ok: float     # 1 all qualifiers found near the sentence … 0 a qualifier is absent from the article
    passage: int            # index into the candidate passages


@dataclass(frozen=True)
class Span:
    start: int              # offsets into the sentence
    end: int
    fit: float              # 1 exactly what was asked for, lower for a fallback


# --------------------------------------------------------------------------- term coverage

@lru_cache(maxsize=1)
def _question_words() -> frozenset[str]:
    return frozenset("多少 几 什么 哪 哪些 哪个 哪里 谁 何时 时间 如何 怎么 怎样 为什么 是否 吗 呢 请问 介绍 有关 关于 "
                     "的 了 和 与 是 在 有 为 被 对 将 把 中 共 分别 一共 总共 多大 年".split())


def term_weights(index: Index, terms: tuple[str, ...]) -> dict[str, float]:
    """IDF-like weights over passages, so rare terms (雪亮工程) count more than common ones (公安)."""
    n = max(len(index.passages), 1)
    weights = {}
    for t in terms:
        if t in _question_words() or not t.strip():
            continue
        df = index.lexical.doc_freq(t) if hasattr(index.lexical, "doc_freq") else 0
        weights[t] = math.log(1 + (n - df + 0.5) / (df + 0.5))
    return weights


def coverage(normalized: str, weights: dict[str, float], groups: tuple[tuple[str, ...], ...] = ()) -> float:
    """Share of the question's weighted terms (or English term groups) found in ``normalized``."""
    if groups:
        total = hit = 0.0
        for group in groups:
            w = max((weights.get(t, 1.0) for t in group), default=1.0)
            total += w
            if any(t in normalized for t in group):
                hit += w
        return hit / total if total else 0.0
    total = sum(weights.values())
    if not total:
        return 0.0
    return sum(w for t, w in weights.items() if t in normalized) / total


# --------------------------------------------------------------------------- qualifiers

def _paragraph(text: str, start: int, end: int) -> str:
    a = text.rfind("\n\n", 0, start)
    b = text.find("\n\n", end)
    return text[a + 1 if a >= 0 else 0: b if b >= 0 else len(text)]


def qualifier_agreement(index: Index, ref: SentenceRef, spec: QuestionSpec) -> float:
    """1.0 when every qualifier is in the sentence, less when only in its paragraph or
    article, 0.0 when one is nowhere in the article (a figure for another year or place)."""
    checks = []
    art = index.articles[ref.source]
    norm = index.normalized[ref.source]
    sent = norm[ref.start:ref.end]
    para = _paragraph(norm, ref.start, ref.end)
    header = " ".join((art.title, art.subtitle, art.date, art.source))
    from .cleaning import normalize
    header = normalize(header)
    for year in spec.years:
        checks.append(_where(lambda t: year in t, sent, para, header, norm))
    for month in spec.months:
        checks.append(_where(lambda t: month_mentioned(t, month), sent, para, header, norm))
    for alts in spec.periods:
        checks.append(_where(lambda t: any(a in t for a in alts), sent, para, header, norm))
    for place in spec.places:
        checks.append(_where(lambda t: place in t, sent, para, header, norm))
    return min(checks) if checks else 1.0


def _where(found, sent: str, para: str, header: str, article: str) -> float:
    if found(sent):
        return 1.0
    if found(para) or found(header):
        return 0.85
    if found(article):
        return 0.55
    return 0.0


# --------------------------------------------------------------------------- spans

def _term_positions(normalized: str, weights: dict[str, float]) -> list[tuple[int, int, float]]:
    out = []
    for t, w in weights.items():
        for m in re.finditer(re.escape(t), normalized):
            out.append((m.start(), m.end(), w))
    return out


def _proximity(start: int, end: int, positions: list[tuple[int, int, float]]) -> float:
    """How close a candidate is to the question's terms, favouring terms just before it
    (Chinese puts the counted noun before the figure: 整改安全隐患3253个)."""
    best = 0.0
    for ts, te, w in positions:
        if te <= start:
            gap = start - te
            best = max(best, w / (1.0 + gap / 3.0))
        elif ts >= end:
            gap = ts - end
            best = max(best, 0.6 * w / (1.0 + gap / 3.0))
    return best


def _number_candidates(sent: str, spec: QuestionSpec) -> list[tuple[int, int, float]]:
    out = []
    for m in NUMBER.finditer(sent):
        s, e = m.span()
        text = m.group(0)
        if not re.search(r"\d", text) and not re.search(r"[个名起件次人位家所项批条处场期张本笔户元岁天倍年月]$", text):
            continue     # a bare Chinese numeral word (一, 三) is rarely an answer
        nxt = sent[e:e + 1]
        if text.endswith(("年", "月")) and spec.units != ("年",):
            if re.fullmatch(r"\d{4}年|\d{1,2}月", text) or nxt in "月日份":
                continue  # a date, not a count
        if nxt in "月日" or re.fullmatch(r"\d{4}", text) or sent[max(0, s - 1):s] in ("第", "-", "—"):
            continue
        fit = 0.6
        if spec.units:
            if any(text.endswith(u) for u in spec.units):
                fit = 1.0 if text.endswith(spec.units[0]) else 0.9
            elif spec.unit_required:
                continue
            else:
                fit = 0.45
        elif re.search(rf"(?:{_UNITS})$", text):
            fit = 0.8
        out.append((s, e, fit))
    return out


def _date_candidates(sent: str) -> list[tuple[int, int, float]]:
    return [(m.start(), m.end(), 1.0) for m in DATE.finditer(sent)]


def _name_candidates(sent: str, kind: str) -> list[tuple[int, int, float]]:
    from .questions import _posseg
    tags = {"person": ("nr",), "place": ("ns",), "org": ("nt",)}[kind]
    out, pos = [], 0
    for word, flag in _posseg().cut(sent):
        if flag in tags and len(word) >= 2:
            out.append((pos, pos + len(word), 1.0))
        pos += len(word)
    if kind == "org":
        out += [(m.start(), m.end(), 0.9) for m in ORG.finditer(sent)]
    if kind == "place":
        out += [(m.start(), m.end(), 0.7) for m in ORG.finditer(sent)]
    return out


def _quoted_candidates(sent: str, question_norm: str) -> list[tuple[int, int, float]]:
    out = []
    for m in QUOTED.finditer(sent):
        g = 1 if m.group(1) is not None else 2
        inner = m.group(g)
        if inner in question_norm:
            continue       # the question names it; it is not the answer
        out.append((m.start(g), m.end(g), 1.0))
    return out


def _clause(sent: str, norm: str, weights: dict[str, float]) -> tuple[int, int]:
    """The comma-separated clause of a sentence that carries most question terms."""
    bounds, prev = [], 0
    for m in _CLAUSE_END.finditer(sent):
        bounds.append((prev, m.start()))
        prev = m.end()
    bounds.append((prev, len(sent.rstrip("。！？!?；; \n"))))
    bounds = [(a, b) for a, b in bounds if b > a]
    if len(bounds) <= 1:
        return 0, len(sent)
    scored = [(coverage(norm[a:b], weights), a, b) for a, b in bounds]
    best = max(scored, key=lambda x: x[0])
    return (best[1], best[2]) if best[0] > 0 else (0, len(sent))


def extract_span(sentence: str, normalized: str, spec: QuestionSpec, question_norm: str,
                 weights: dict[str, float]) -> Span:
    """The minimal span of ``sentence`` that answers a question of kind ``spec.kind``."""
    positions = _term_positions(normalized, weights)
    if spec.kind == "number":
        cands = _number_candidates(normalized, spec)
    elif spec.kind == "date":
        cands = _date_candidates(normalized)
    elif spec.kind in ("person", "place", "org"):
        cands = [c for c in _name_candidates(sentence, spec.kind)
                 if sentence[c[0]:c[1]] not in question_norm and normalized[c[0]:c[1]] not in question_norm]
    elif spec.kind == "term":
        cands = _quoted_candidates(normalized, question_norm)
    else:
        cands = []
    if cands:
        best = max(cands, key=lambda c: c[2] * (0.3 + _proximity(c[0], c[1], positions)))
        return Span(best[0], best[1], best[2])
    if spec.kind in ("number", "date", "person"):
        return Span(0, len(sentence), 0.0)      # asked for a fact the sentence does not hold
    a, b = _clause(sentence, normalized, weights)
    return Span(a, b, 0.6 if spec.kind == "sentence" else 0.5)


def type_fit(sentence_norm: str, spec: QuestionSpec) -> float:
    """Does the sentence hold the kind of thing asked for at all?"""
    if spec.kind == "number":
        cands = _number_candidates(sentence_norm, spec)
        return max((c[2] for c in cands), default=0.0)
    if spec.kind == "date":
        return 1.0 if DATE.search(sentence_norm) else 0.0
    return 1.0


# --------------------------------------------------------------------------- sentences

def candidate_sentences(index: Index, passages: list[Passage], passage_rank: dict[str, int]) -> list[tuple[int, int]]:
    """(sentence index, passage rank) for every sentence overlapping a candidate passage."""
    spans_by_source: dict[str, list[tuple[int, int, int]]] = {}
    for rank, p in enumerate(passages):
        spans_by_source.setdefault(p.source, []).append((p.start, p.end, rank))
    out = []
    for i, s in enumerate(index.sentences):
        spans = spans_by_source.get(s.source)
        if not spans:
            continue
        ranks = [r for a, b, r in spans if s.start < b and s.end > a]
        if ranks:
            out.append((i, min(ranks)))
    return out


def score_sentences(index: Index, query_vector: np.ndarray, passages: list[Passage], spec: QuestionSpec,
                    weights: dict[str, float], groups: tuple[tuple[str, ...], ...] = ()) -> list[ScoredSentence]:
    cands = candidate_sentences(index, passages, {})
    if not cands:
        return []
    ids = np.array([i for i, _ in cands])
    dense = index.sentence_vectors[ids] @ query_vector
    top = float(dense.max())
    out = []
    for (i, rank), d in zip(cands, dense):
        ref = index.sentences[i]
        text = index.articles[ref.source].text[ref.start:ref.end]
        norm = index.normalized[ref.source][ref.start:ref.end]
        cov = coverage(norm, weights, groups)
        qual = qualifier_agreement(index, ref, spec)
        fit = type_fit(norm, spec)
        rank_bonus = 1.0 / (1.0 + rank)
        score = (0.45 * (1.0 - min(1.0, (top - float(d)) * 6.0)) + 0.35 * cov + 0.1 * rank_bonus
                 + 0.1 * fit) * (0.35 + 0.65 * qual)
        out.append(ScoredSentence(ref, text, norm, score, float(d), cov, qual, rank))
    out.sort(key=lambda s: -s.score)
    return out
