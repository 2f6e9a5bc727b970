"""Evaluation: run a question set through the system (and baselines), then score it.

Two steps, as in DrQA: ``predict`` writes one row per question, ``score`` aggregates rows
into metrics. Span metrics follow CMRC 2018: punctuation and spaces stripped, compared
after traditional→simplified conversion, character-level F1.

    qa eval [QUESTIONS.jsonl] [--baselines] [--out results.json]
    python -m qa.eval eval/dev.jsonl --baselines
"""
from __future__ import annotations

import argparse
import json
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path

from .cleaning import normalize

DEFAULT_QUESTIONS = Path(__file__).resolve().parents[2] / "eval" / "dev.jsonl"
MODES = {"hybrid": "hybrid (system)", "dense": "dense only", "bm25": "BM25 only"}


# --------------------------------------------------------------------------- text metrics

def _strip(text: str) -> str:
    """CMRC-style normalisation: simplified, lowercase, no punctuation or spaces."""
    text = normalize(text or "")
    return "".join(c for c in text if unicodedata.category(c)[0] not in "PZSC")


def exact_match(prediction: str, gold: str) -> float:
    return float(_strip(prediction) == _strip(gold))


def char_f1(prediction: str, gold: str) -> float:
    p, g = _strip(prediction), _strip(gold)
    if not p or not g:
        return float(p == g)
    common = sum((Counter(p) & Counter(g)).values())
    if common == 0:
        return 0.0
    precision, recall = common / len(p), common / len(g)
    return 2 * precision * recall / (precision + recall)


def span_hit(prediction: str, gold: str) -> float:
    """The answer contains the gold answer and is at most about twice its length."""
    p, g = _strip(prediction), _strip(gold)
    return float(bool(g) and g in p and len(p) <= max(2 * len(g), len(g) + 3))


def sentence_hit(predicted: str, evidence: str, gold: str) -> float:
    """The predicted sentence is the evidence sentence (either may be cut a little
    differently) and holds the gold answer."""
    p, e, g = _strip(predicted), _strip(evidence), _strip(gold)
    if not p or not e:
        return 0.0
    same = e in p or p in e
    return float(same and (not g or g in p))


# --------------------------------------------------------------------------- question sets

def _first(row: dict, *keys, default=None):
    for k in keys:
        if row.get(k) not in (None, ""):
            return row[k]
    return default


def load_questions(path: Path) -> list[dict]:
    """Read a JSONL question set, accepting common field names (question/q/query,
    answer/answers, source/doc/article, evidence/sentence)."""
    rows = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{n}: not valid JSON ({exc.msg})") from exc
            question = _first(row, "question", "q", "query")
            if not isinstance(question, str):
                raise ValueError(f"{path}:{n}: no 'question' field")
            answers = _first(row, "answers", "answer", "gold", default="")
            answers = [a for a in (answers if isinstance(answers, list) else [answers]) if a]
            kind = _first(row, "type", default="")
            answerable = row.get("answerable", kind != "unanswerable" and bool(answers))
            rows.append({
                "id": str(_first(row, "id", default=f"q{n}")), "question": question,
                "answers": answers, "answerable": bool(answerable),
                "source": _first(row, "source", "doc", "article", default=""),
                "evidence": _first(row, "evidence", "sentence", "context", default=""),
                "lang": _first(row, "lang", default="") or _guess_lang(question),
                "type": kind or ("unanswerable" if not answerable else "other"),
            })
    return rows


def _guess_lang(text: str) -> str:
    from .retrieval import detect_language
    return detect_language(text)


# --------------------------------------------------------------------------- predict

def _retrieval_ranks(passages, q: dict) -> tuple[int, int]:
    """1-based rank of the first passage from the gold article, and of the first holding the
    evidence (0 = not retrieved)."""
    art = psg = 0
    ev = _strip(q["evidence"])
    for rank, p in enumerate(passages, 1):
        if p.source == q["source"]:
            art = art or rank
            if ev and ev[: min(len(ev), 40)] in _strip(p.text):
                psg = psg or rank
    return art, psg


def predict(pipeline, questions: list[dict], mode: str = "hybrid", depth: int = 10) -> list[dict]:
    """One row per question: the answer, retrieval ranks and timings."""
    from .retrieval import analyze, retrieve
    rows = []
    for q in questions:
        t0 = time.perf_counter()
        a = pipeline.answer(q["question"], mode=mode)
        seconds = time.perf_counter() - t0
        passages = retrieve(pipeline.index, analyze(q["question"], pipeline.embedder, pipeline.index), k=depth, mode=mode)
        art, psg = _retrieval_ranks(passages, q)
        rows.append({**q, "mode": mode, "found": a.found, "prediction": a.text, "predicted_sentence": a.sentence,
                     "confidence": a.score, "first_citation": a.citations[0].source if a.citations else "",
                     "article_rank": art, "passage_rank": psg, "seconds": seconds})
    return rows


# --------------------------------------------------------------------------- score

def _mean(xs) -> float:
    xs = list(xs)
    return sum(xs) / len(xs) if xs else float("nan")


def _pct(xs: list[float], p: float) -> float:
    if not xs:
        return float("nan")
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p * (len(xs) - 1))))]


def score(rows: list[dict]) -> dict:
    """Aggregate metrics over prediction rows (see README "Evaluation" for definitions)."""
    ans = [r for r in rows if r["answerable"]]
    una = [r for r in rows if not r["answerable"]]
    best = lambda fn, r: max((fn(r["prediction"] if r["found"] else "", g) for g in r["answers"]), default=0.0)
    refused = [r for r in rows if not r["found"]]
    m = {
        "questions": len(rows), "answerable": len(ans), "unanswerable": len(una),
        "recall@1_article": _mean(1 <= r["article_rank"] <= 1 for r in ans),
        "recall@5_article": _mean(1 <= r["article_rank"] <= 5 for r in ans),
        "mrr_article": _mean(1 / r["article_rank"] if r["article_rank"] else 0 for r in ans),
        "recall@1_passage": _mean(1 <= r["passage_rank"] <= 1 for r in ans),
        "recall@5_passage": _mean(1 <= r["passage_rank"] <= 5 for r in ans),
        "mrr_passage": _mean(1 / r["passage_rank"] if r["passage_rank"] else 0 for r in ans),
        "sentence_hit": _mean(r["found"] and max((sentence_hit(r["predicted_sentence"], r["evidence"], g)
                                                  for g in r["answers"]), default=0.0) for r in ans),
        "span_hit": _mean(best(span_hit, r) for r in ans),
        "exact_match": _mean(best(exact_match, r) for r in ans),
        "f1": _mean(best(char_f1, r) for r in ans),
        "first_citation_article": _mean(r["first_citation"] == r["source"] for r in ans),
        "false_refusal_rate": _mean(not r["found"] for r in ans),
        "abstain_recall": _mean(not r["found"] for r in una),
        "abstain_precision": _mean(not r["answerable"] for r in refused),
        "latency_p50_ms": 1000 * _pct([r["seconds"] for r in rows], 0.5),
        "latency_p95_ms": 1000 * _pct([r["seconds"] for r in rows], 0.95),
    }
    return m


def breakdown(rows: list[dict]) -> dict[str, dict]:
    groups = {"all": rows}
    for key in ("lang", "type"):
        for value in sorted({r[key] for r in rows}):
            groups[f"{key}={value}"] = [r for r in rows if r[key] == value]
    return {name: score(rs) for name, rs in groups.items()}


# --------------------------------------------------------------------------- report

COLUMNS = [("n", "questions"), ("art@1", "recall@1_article"), ("art@5", "recall@5_article"),
           ("psg@1", "recall@1_passage"), ("psg@5", "recall@5_passage"), ("MRR", "mrr_passage"),
           ("sent", "sentence_hit"), ("span", "span_hit"), ("EM", "exact_match"), ("F1", "f1"),
           ("cite1", "first_citation_article"), ("refuse✗", "false_refusal_rate"),
           ("abst R", "abstain_recall"), ("abst P", "abstain_precision"),
           ("p50 ms", "latency_p50_ms"), ("p95 ms", "latency_p95_ms")]


def _fmt(v) -> str:
    if isinstance(v, int):
        return str(v)
    if v != v:      # NaN
        return "–"
    return f"{v:.0f}" if v > 5 else f"{v:.2f}"


def table(results: dict[str, dict[str, dict]]) -> str:
    """Markdown table: one row per (mode, group)."""
    head = "| mode | group | " + " | ".join(c for c, _ in COLUMNS) + " |"
    lines = [head, "|" + "---|" * (len(COLUMNS) + 2)]
    for mode, groups in results.items():
        for group, metrics in groups.items():
            lines.append(f"| {mode} | {group} | " + " | ".join(_fmt(metrics[k]) for _, k in COLUMNS) + " |")
    return "\n".join(lines)


def ratios(results: dict[str, dict[str, dict]], base: str = "dense") -> str:
    if base not in results or "hybrid" not in results:
        return ""
    h, b = results["hybrid"]["all"], results[base]["all"]
    keys = ["recall@1_passage", "recall@5_passage", "sentence_hit", "span_hit", "f1", "latency_p50_ms"]
    cells = []
    for k in keys:
        cells.append(f"{k}: {h[k]:.2f} vs {b[k]:.2f} (×{h[k] / b[k]:.2f})" if b[k] else f"{k}: {h[k]:.2f} vs 0")
    return f"hybrid vs {MODES[base]}: " + "; ".join(cells)


def run(path: Path, *, baselines: bool = False, index_dir=None, pipeline=None) -> tuple[dict, list[dict]]:
    from .answering import get_pipeline
    pipeline = pipeline or get_pipeline(index_dir)
    questions = load_questions(path)
    pipeline.answer("warm-up question 预热")   # load lazily initialised parts before timing
    results, all_rows = {}, []
    for mode in (["hybrid", "dense", "bm25"] if baselines else ["hybrid"]):
        rows = predict(pipeline, questions, mode=mode)
        all_rows += rows
        results[mode] = breakdown(rows)
    return results, all_rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="qa eval", description=__doc__.split("\n\n")[0])
    parser.add_argument("questions", nargs="?", type=Path, default=DEFAULT_QUESTIONS)
    parser.add_argument("--baselines", action="store_true", help="also run dense-only and BM25-only retrieval")
    parser.add_argument("--index", default=None, help="index folder (default: index, or $QA_INDEX)")
    parser.add_argument("--out", type=Path, default=Path("eval/results.json"), help="JSON metrics file")
    parser.add_argument("--predictions", type=Path, default=None, help="also write per-question rows (JSONL)")
    args = parser.parse_args(argv)
    if not args.questions.is_file():
        print(f"qa eval: no question file {args.questions}", file=sys.stderr)
        return 2
    results, rows = run(args.questions, baselines=args.baselines, index_dir=args.index)
    print(table(results))
    extra = ratios(results)
    if extra:
        print("\n" + extra)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"questions": str(args.questions), "results": results},
                                   ensure_ascii=False, indent=1), encoding="utf-8")
    if args.predictions:
        with open(args.predictions, "w", encoding="utf-8") as fh:
            for r in rows:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"\nmetrics written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
