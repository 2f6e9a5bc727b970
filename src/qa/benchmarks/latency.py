"""Per-question stage latency and answer quality of ``Pipeline.answer`` on the seed index."""
from __future__ import annotations

import json
import time
from typing import Sequence

from .common import mean, median, pct

EVIDENCE_CHARS = 30          # recall@k: a passage holds the first 30 normalised evidence characters
RECALL_DEPTH = 5             # passages kept per question for recall@1/@5


def _evidence_key(evidence: str) -> str:
    from ..eval import _strip
    return _strip(evidence)[:EVIDENCE_CHARS]


def _rank(texts: Sequence[str], key: str) -> int:
    """1-based rank of the first text holding ``key`` after normalisation (0 = none)."""
    from ..eval import _strip
    if not key:
        return 0
    for i, t in enumerate(texts, 1):
        if key in _strip(t):
            return i
    return 0


def warm_up(pipe, questions: list[dict], extra: int = 3) -> dict[str, float]:
    """Answer the first question of each language (lazy parts load on first use: the English
    dictionary on the first English question) and a few more; returns those cold times (ms)."""
    cold: dict[str, float] = {}
    for q in questions:
        if q["lang"] not in cold:
            t = time.perf_counter()
            pipe.answer(q["question"])
            cold[q["lang"]] = 1000 * (time.perf_counter() - t)
    for q in questions[:extra]:
        pipe.answer(q["question"])
    return cold


def run_qa(pipe, questions: list[dict]) -> list[dict]:
    """Every question through ``Pipeline.answer`` with per-stage times and the answer.

    The stages come from ``answer``'s own ``timings``: query embedding, retrieval (dense +
    BM25 + fusion) and extraction = the rest of the call (question analysis, sentence scoring,
    span, citations). The passages for recall are fetched afterwards with ``Pipeline.search``,
    outside the timed call; retrieval ranks a fixed-depth pool, so its top 5 are the top 5
    ``answer`` saw.
    """
    rows = []
    for q in questions:
        timings: dict[str, float] = {}
        t = time.perf_counter()
        a = pipe.answer(q["question"], timings=timings)
        total = time.perf_counter() - t
        embed_s, retrieve_s = timings.get("embed", 0.0), timings.get("retrieve", 0.0)
        rows.append({
            "id": q["id"], "lang": q["lang"], "type": q["type"],
            "embed_ms": 1000 * embed_s, "retrieve_ms": 1000 * retrieve_s,
            "extract_ms": 1000 * max(0.0, total - embed_s - retrieve_s),
            "total_ms": 1000 * total, "stages_timed": sorted(timings),
            "answer": json.loads(json.dumps(a.to_dict(), ensure_ascii=False)),
            "passages": [p.text for p in pipe.search(q["question"], k=RECALL_DEPTH)],
        })
    return rows


def quality(questions: list[dict], rows: list[dict], naive: bool) -> dict:
    """passage recall@1/@5, answer contains gold, span/sentence hit, answer length, abstention."""
    from ..eval import _strip, sentence_hit, span_hit
    r1, r5, contains, spans, sents, lengths, abstain, refuse = [], [], [], [], [], [], [], []
    for q, r in zip(questions, rows):
        if naive:
            found, text, sentence = bool(r["answer_text"]), r["answer_text"], r["answer_text"]
        else:
            a = r["answer"]
            found, text, sentence = a["found"], a["text"], a["sentence"]
        if found:
            lengths.append(len(text))
        if not q["answerable"]:
            abstain.append(not found)
            continue
        refuse.append(not found)
        rank = _rank(r["passages"], _evidence_key(q["evidence"]))
        r1.append(rank == 1)
        r5.append(1 <= rank <= 5)
        golds = [g for g in q["answers"] if _strip(g)]
        pred = text if found else ""
        contains.append(any(_strip(g) in _strip(pred) for g in golds) if pred else False)
        spans.append(max((span_hit(pred, g) for g in golds), default=0.0))
        sents.append(max((sentence_hit(sentence if found else "", q["evidence"], g) for g in golds), default=0.0))
    return {"answerable": len(r1), "unanswerable": len(abstain),
            "passage_recall@1": mean(r1), "passage_recall@5": mean(r5),
            "answer_contains_gold": mean(contains), "span_hit": mean(spans), "sentence_hit": mean(sents),
            "answer_chars_median": median(lengths), "answer_chars_mean": mean(lengths),
            "abstain_on_unanswerable": mean(abstain), "false_refusal": mean(refuse)}


def latency_summary(rows: list[dict]) -> dict:
    out = {}
    for stage in ("embed", "retrieve", "extract", "total"):
        xs = [r[f"{stage}_ms"] for r in rows]
        out[stage] = {"p50_ms": pct(xs, 50), "p95_ms": pct(xs, 95), "mean_ms": mean(xs)}
    return out


def profile_answers(pipe, questions: list[dict], n: int, top: int = 30) -> str:
    import cProfile
    import io
    import pstats
    qs = [q["question"] for q in questions[:n]]
    for q in qs[:3]:
        pipe.answer(q)
    prof = cProfile.Profile()
    prof.enable()
    for q in qs:
        pipe.answer(q)
    prof.disable()
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).sort_stats("cumulative").print_stats(top)
    return buf.getvalue()
