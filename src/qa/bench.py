"""Benchmark: latency, quality against a naive baseline, indexing, scale, memory and load.

    python -m qa.bench [--quick] [--index DIR] [--questions FILE] [--out FILE] [--profile N]

Prints markdown tables and writes everything as JSON (default ``bench/results.json``):

1. Per-question latency (warm, p50/p95) split into query embedding, retrieval (dense + BM25
   + fusion), answer extraction (the rest of ``Pipeline.answer``) and total, on the seed
   index; the same questions through a NAIVE pipeline built here (raw files, langchain's
   ``RecursiveCharacterTextSplitter(500, 50)``, the same model, ``faiss.IndexFlatIP``, the top
   chunk as the answer), with quality side by side (``qa.eval``'s metrics).
2. Indexing: passages embedded per second, and the cost of adding ONE article to an index
   of ~10,000 passages through ``Pipeline.add_files`` (only the new article is embedded).
3. The scale curve of ``qa.scale`` and the exact/HNSW rule ``qa.index`` follows.
4. Resident memory after loading the seed pipeline and answering the questions.
5. Load: the real ``app.py`` in a subprocess on 127.0.0.1, N concurrent clients through the
   public ``/ask`` API while an article is uploaded through the page's own upload event.

``--quick`` (CI) keeps the whole run under about two minutes. Timings are wall-clock on
whatever else the machine is doing: the load average at start and end is recorded.
"""
from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import platform
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
APP = ROOT / "app.py"
DEFAULT_QUESTIONS = ROOT / "eval" / "dev.jsonl"
DEFAULT_OUT = ROOT / "bench" / "results.json"
EVIDENCE_CHARS = 30          # recall@k: a passage holds the first 30 normalised evidence characters
NAIVE_CHUNK, NAIVE_OVERLAP = 500, 50
MEMORY_TARGET_BYTES = int(1.5 * 2**30)

# An article for the upload during the load test: deliberately about something none of the
# dev questions ask about (tea in Yunnan), so answers to them should not change.
UPLOAD_NAME = "bench_upload_tea_festival.txt"
UPLOAD_TEXT = """普洱茶文化节在云南思茅开幕

新华社昆明电 2024年5月18日，第十二届普洱茶文化节在云南省普洱市思茅区开幕，来自全国各地的八百余家茶企参加展销。

本届茶文化节为期五天，设有古树茶品鉴、制茶技艺展示和茶山徒步三项主题活动。主办方介绍，开幕当天共签约茶叶贸易项目46个，签约金额达12.6亿元。

普洱市茶叶协会负责人表示，近年来当地茶园面积稳定在160万亩左右，茶农人均年收入持续增长。文化节期间还将评选“十佳古树茶”，评审结果将于闭幕式上公布。
"""
UPLOAD_QUESTION = "普洱茶文化节开幕当天共签约茶叶贸易项目多少个？"
UPLOAD_ANSWER = "46个"


def log(msg: str, t0: float | None = None) -> None:
    stamp = f"[bench {time.perf_counter() - t0:6.1f}s] " if t0 is not None else "[bench] "
    print(stamp + msg, file=sys.stderr, flush=True)


# ============================================================================ small utilities

def rss_bytes(pid: int | str = "self", field_name: str = "VmRSS") -> int:
    """A memory field of /proc/<pid>/status in bytes (0 where unavailable)."""
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith(field_name + ":"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def pct(values: Sequence[float], p: float) -> float:
    """Percentile (linear interpolation); NaN for no values."""
    return float(np.percentile(np.asarray(values, dtype=float), p)) if len(values) else float("nan")


def _mean(xs) -> float:
    xs = [float(x) for x in xs]
    return sum(xs) / len(xs) if xs else float("nan")


def _median(xs) -> float:
    xs = list(xs)
    return float(statistics.median(xs)) if xs else float("nan")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def machine() -> dict:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = 0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = int(line.split()[1]) * 1024
    except OSError:
        pass
    info = {"cpu": cpu, "cores": os.cpu_count(), "ram_gib": round(ram / 2**30, 1),
            "python": platform.python_version(), "platform": platform.platform()}
    for mod in ("torch", "faiss", "sentence_transformers", "transformers", "bm25s", "gradio", "numpy"):
        try:
            info[mod] = __import__(mod).__version__
        except Exception:
            info[mod] = "?"
    try:
        import torch
        info["torch_threads"] = torch.get_num_threads()
    except Exception:
        pass
    return info


def _md_table(head: Sequence[str], rows: Sequence[Sequence[Any]], align: str | None = None) -> str:
    align = align or ("---|" * len(head))
    out = ["| " + " | ".join(head) + " |", "|" + align]
    for r in rows:
        out.append("| " + " | ".join(str(c) for c in r) + " |")
    return "\n".join(out)


def _f(v: float, digits: int = 1) -> str:
    if v is None or (isinstance(v, float) and v != v):
        return "–"
    return f"{v:.{digits}f}"


# ============================================================================ seed pipeline

def _index_is_fresh(index_dir: Path, corpus: Path) -> bool:
    """``index_dir`` holds a loadable index of exactly ``corpus`` with today's code and model."""
    from .cleaning import read_corpus
    from .index import pipeline_fingerprint
    from .settings import DEFAULT_MODEL
    try:
        gen = index_dir / (index_dir / "CURRENT").read_text(encoding="utf-8").strip()
        manifest = json.loads((gen / "manifest.json").read_text(encoding="utf-8"))
        articles, _ = read_corpus(corpus)
    except Exception:
        return False
    return (manifest.get("files") == {a.id: a.content_hash for a in articles}
            and manifest.get("pipeline") == pipeline_fingerprint()
            and manifest.get("model") == os.environ.get("QA_MODEL", DEFAULT_MODEL))


def open_seed_pipeline(index_arg: str | None, work: Path, t0: float):
    """The pipeline the bench measures, and where its corpus and index live.

    ``--index DIR`` is used as given; otherwise ``./index`` when it is a fresh index of
    ``./seeds`` (read only), else a fresh index of a copy of the seeds built under ``work``.
    """
    from .answering import Pipeline
    if index_arg:
        pipe = Pipeline.open(index_dir=index_arg)
        how = f"given ({index_arg})"
    elif _index_is_fresh(ROOT / "index", SEEDS):
        pipe = Pipeline.open(index_dir=ROOT / "index", corpus_dir=SEEDS)
        how = "reused ./index (fresh)"
    else:
        corpus = work / "seeds"
        shutil.copytree(SEEDS, corpus)
        pipe = Pipeline.open(index_dir=work / "index", corpus_dir=corpus)
        rep = pipe.index.report
        how = (f"built fresh in a temp dir: {rep.embedded} texts embedded in {rep.seconds:.1f} s"
               if rep else "built fresh in a temp dir")
    log(f"seed pipeline: {how}; {len(pipe.index.articles)} articles, {len(pipe.index.passages)} passages", t0)
    return pipe, how


# ============================================================================ 1. latency + quality

@dataclass
class _Probe:
    embed_s: float = 0.0
    embed_calls: int = 0
    retrieve_s: float = 0.0
    retrieve_calls: int = 0
    passages: list = field(default_factory=list)

    def reset(self) -> None:
        self.embed_s = self.retrieve_s = 0.0
        self.embed_calls = self.retrieve_calls = 0
        self.passages = []


class _TimedEmbedder:
    """Wraps an embedder and adds the time spent in ``embed_queries`` to a probe."""

    def __init__(self, inner, probe: _Probe) -> None:
        self.inner, self.probe = inner, probe
        self.name, self.dim = inner.name, inner.dim

    def embed_queries(self, texts):
        t = time.perf_counter()
        try:
            return self.inner.embed_queries(texts)
        finally:
            self.probe.embed_s += time.perf_counter() - t
            self.probe.embed_calls += 1

    def embed_passages(self, texts):
        return self.inner.embed_passages(texts)


@contextlib.contextmanager
def stage_probes(pipe):
    """Time the stages of ``Pipeline.answer`` from the outside, within the same call: the
    pipeline's embedder is wrapped, and ``qa.answering.retrieve`` (the name ``answer`` calls)
    is wrapped while the block runs. Restored afterwards."""
    from . import answering
    probe = _Probe()
    inner = pipe.embedder
    pipe.embedder = _TimedEmbedder(inner, probe)
    original = getattr(answering, "retrieve", None)

    def timed_retrieve(*args, **kwargs):
        t = time.perf_counter()
        out = original(*args, **kwargs)
        probe.retrieve_s += time.perf_counter() - t
        probe.retrieve_calls += 1
        probe.passages = list(out)
        return out

    if original is not None:
        answering.retrieve = timed_retrieve
    try:
        yield probe
    finally:
        pipe.embedder = inner
        if original is not None:
            answering.retrieve = original


def _evidence_key(evidence: str) -> str:
    from .eval import _strip
    return _strip(evidence)[:EVIDENCE_CHARS]


def _rank(texts: Sequence[str], key: str) -> int:
    """1-based rank of the first text holding ``key`` after normalisation (0 = none)."""
    from .eval import _strip
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


def run_qa(pipe, questions: list[dict], warmup: int = 3) -> list[dict]:
    """Every question through ``Pipeline.answer`` with per-stage times and the answer."""
    from .retrieval import analyze, retrieve
    rows = []
    with stage_probes(pipe) as probe:
        for q in questions:
            probe.reset()
            t = time.perf_counter()
            a = pipe.answer(q["question"])
            total = time.perf_counter() - t
            passages, separately = probe.passages, False
            if probe.retrieve_calls == 0:          # answer() no longer calls answering.retrieve
                separately = True
                query = analyze(q["question"], pipe.embedder.inner)
                t = time.perf_counter()
                passages = retrieve(pipe.index, query, k=8)
                probe.retrieve_s = time.perf_counter() - t
            rows.append({
                "id": q["id"], "lang": q["lang"], "type": q["type"],
                "embed_ms": 1000 * probe.embed_s, "retrieve_ms": 1000 * probe.retrieve_s,
                "extract_ms": 1000 * max(0.0, total - probe.embed_s - (0 if separately else probe.retrieve_s)),
                "total_ms": 1000 * total, "retrieval_timed_separately": separately,
                "answer": json.loads(json.dumps(a.to_dict(), ensure_ascii=False)),
                "passages": [p.text for p in passages[:5]],
            })
    return rows


class NaivePipeline:
    """The baseline: raw files as-is, langchain's default recursive splitter, flat IP search,
    the top chunk as the answer."""

    def __init__(self, corpus: Path, embedder) -> None:
        import faiss
        from langchain_text_splitters import RecursiveCharacterTextSplitter
        t = time.perf_counter()
        splitter = RecursiveCharacterTextSplitter(chunk_size=NAIVE_CHUNK, chunk_overlap=NAIVE_OVERLAP)
        self.chunks: list[str] = []
        self.sources: list[str] = []
        for path in sorted(p for p in corpus.iterdir() if p.suffix.lower() in (".txt", ".md", ".html")):
            for chunk in splitter.split_text(path.read_text(encoding="utf-8", errors="replace")):
                self.chunks.append(chunk)
                self.sources.append(path.name)
        self.embedder = embedder
        vectors = embedder.embed_passages(self.chunks)
        self.index = faiss.IndexFlatIP(vectors.shape[1])
        self.index.add(np.ascontiguousarray(vectors, dtype=np.float32))
        self.build_seconds = time.perf_counter() - t

    def answer(self, question: str, k: int = 5) -> tuple[list[int], float, float]:
        """(chunk ids best first, embed seconds, search seconds)."""
        t = time.perf_counter()
        v = self.embedder.embed_queries([question])
        t1 = time.perf_counter()
        _, ids = self.index.search(np.ascontiguousarray(v, dtype=np.float32), min(k, len(self.chunks)))
        t2 = time.perf_counter()
        return [int(i) for i in ids[0] if i >= 0], t1 - t, t2 - t1


def run_naive(naive: NaivePipeline, questions: list[dict], warmup: int = 5) -> list[dict]:
    for q in questions[:warmup]:
        naive.answer(q["question"])
    rows = []
    for q in questions:
        t = time.perf_counter()
        ids, embed_s, search_s = naive.answer(q["question"])
        total = time.perf_counter() - t
        rows.append({"id": q["id"], "embed_ms": 1000 * embed_s, "retrieve_ms": 1000 * search_s,
                     "extract_ms": 1000 * max(0.0, total - embed_s - search_s), "total_ms": 1000 * total,
                     "passages": [naive.chunks[i] for i in ids], "answer_text": naive.chunks[ids[0]] if ids else ""})
    return rows


def quality(questions: list[dict], rows: list[dict], naive: bool) -> dict:
    """passage recall@1/@5, answer contains gold, span/sentence hit, answer length, abstention."""
    from .eval import _strip, sentence_hit, span_hit
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
            "passage_recall@1": _mean(r1), "passage_recall@5": _mean(r5),
            "answer_contains_gold": _mean(contains), "span_hit": _mean(spans), "sentence_hit": _mean(sents),
            "answer_chars_median": _median(lengths), "answer_chars_mean": _mean(lengths),
            "abstain_on_unanswerable": _mean(abstain), "false_refusal": _mean(refuse)}


def latency_summary(rows: list[dict]) -> dict:
    out = {}
    for stage in ("embed", "retrieve", "extract", "total"):
        xs = [r[f"{stage}_ms"] for r in rows]
        out[stage] = {"p50_ms": pct(xs, 50), "p95_ms": pct(xs, 95), "mean_ms": _mean(xs)}
    return out


def format_latency(qa_lat: dict, naive_lat: dict, n: int) -> str:
    names = {"embed": "query embedding", "retrieve": "retrieval", "extract": "answer extraction", "total": "total"}
    rows = []
    for stage, label in names.items():
        a, b = qa_lat[stage], naive_lat[stage]
        ratio = a["p50_ms"] / b["p50_ms"] if b["p50_ms"] > 0 else float("nan")
        rows.append([label, _f(a["p50_ms"], 2), _f(a["p95_ms"], 2), _f(b["p50_ms"], 2), _f(b["p95_ms"], 2),
                     _f(ratio, 2)])
    return (f"**Per-question latency, warm, {n} questions, single thread of requests (ms)**. qa: query embedding "
            "= `embed_queries`, retrieval = `retrieve` (dense + BM25 + fusion), extraction = rest of "
            "`Pipeline.answer` (question analysis, sentence scoring, span, citations). naive: embedding, "
            "FAISS search, picking the top chunk.\n\n"
            + _md_table(["stage", "qa p50", "qa p95", "naive p50", "naive p95", "qa/naive (p50)"], rows,
                        "---|---:|---:|---:|---:|---:|"))


def format_quality(qa_q: dict, naive_q: dict) -> str:
    keys = [("passage recall@1", "passage_recall@1", 2), ("passage recall@5", "passage_recall@5", 2),
            ("answer contains gold", "answer_contains_gold", 2),
            ("span hit (≤ 2× gold length)", "span_hit", 2), ("sentence hit", "sentence_hit", 2),
            ("answer length, chars (median)", "answer_chars_median", 0),
            ("answer length, chars (mean)", "answer_chars_mean", 0),
            ("abstains on unanswerable", "abstain_on_unanswerable", 2),
            ("refuses answerable", "false_refusal", 2)]
    rows = [[label, _f(qa_q[k], d), _f(naive_q[k], d)] for label, k, d in keys]
    return (f"**Quality on the dev set ({qa_q['answerable']} answerable, {qa_q['unanswerable']} unanswerable)**. "
            f"Recall: a passage/chunk holds the gold evidence's first {EVIDENCE_CHARS} characters after "
            "`qa.eval._strip` (naive chunks are raw text, so pinyin annotations left in them can hide a hit). "
            "The naive answer is its whole top chunk and it never abstains.\n\n"
            + _md_table(["metric", "qa", "naive"], rows, "---|---:|---:|"))


# ============================================================================ 2. indexing

def embedding_throughput(embedder, passages: Sequence[str], count: int, batch: int = 64) -> dict:
    texts = [passages[i % len(passages)] for i in range(count)]
    embedder.embed_passages(texts[:8])                       # warm
    t = time.perf_counter()
    for i in range(0, len(texts), batch):
        embedder.embed_passages(texts[i:i + batch])
    s = time.perf_counter() - t
    return {"texts": count, "batch": batch, "seconds": s, "per_second": count / s,
            "mean_chars": _mean(len(x) for x in texts)}


class _BulkOrRealEmbedder:
    """Random unit vectors while ``bulk`` is on (building the big synthetic index), the real
    model afterwards; counts and times every real call."""

    def __init__(self, real) -> None:
        self.real, self.name, self.dim = real, real.name, real.dim
        self.bulk = True
        self.bulk_texts = self.real_texts = 0
        self.real_seconds = 0.0
        self._rng = np.random.default_rng(0)

    def _random(self, n: int) -> np.ndarray:
        v = self._rng.standard_normal((n, self.dim)).astype(np.float32)
        return v / np.linalg.norm(v, axis=1, keepdims=True)

    def _call(self, fn, texts):
        texts = list(texts)
        if self.bulk:
            self.bulk_texts += len(texts)
            return self._random(len(texts))
        t = time.perf_counter()
        out = fn(texts)
        self.real_seconds += time.perf_counter() - t
        self.real_texts += len(texts)
        return out

    def embed_passages(self, texts):
        return self._call(self.real.embed_passages, texts)

    def embed_queries(self, texts):
        return self._call(self.real.embed_queries, texts)


def synthetic_articles(seed_articles, target_passages: int, chunk_size: int, chunk_overlap: int,
                       seed: int = 0) -> list:
    """Articles of resampled seed sentences (paragraphs of 2-6) until the chunker yields
    ``target_passages`` passages; ~17k characters (~65 passages) each."""
    from .chunking import chunk_article, sentence_spans
    from .records import Article
    pool = [a.text[s:e] for a in seed_articles for s, e in sentence_spans(a.text) if e - s >= 8]
    rng = random.Random(seed)
    out, total, i = [], 0, 0
    while total < target_passages:
        paragraphs, length = [], 0
        while length < 17_000:
            para = "".join(rng.choice(pool) for _ in range(rng.randint(2, 6)))
            paragraphs.append(para)
            length += len(para) + 2
        text = f"合成新闻第{i}号\n\n" + "\n\n".join(paragraphs)
        art = Article(id=f"synthetic_{i:04d}.txt", title=f"合成新闻第{i}号", text=text, source="bench",
                      content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest())
        total += len(chunk_article(art, chunk_size, chunk_overlap))
        out.append(art)
        i += 1
    return out


def add_one_article(pipe, work: Path, target_passages: int, t0: float, small: bool = False) -> dict:
    """Build a ~``target_passages`` index (bulk vectors random), then time ``add_files`` of
    one article with the real model: the largest seed file, or with ``small`` a short one."""
    from .answering import Pipeline
    from .index import build_from_articles
    from .settings import Settings
    corpus, idx = work / "big_corpus", work / "big_index"
    corpus.mkdir()
    settings = Settings(corpus_dir=corpus, index_dir=idx, model=pipe.index.model,
                        chunk_size=pipe.index.manifest["chunk_size"],
                        chunk_overlap=pipe.index.manifest["chunk_overlap"])
    t = time.perf_counter()
    arts = synthetic_articles(list(pipe.index.articles.values()), target_passages,
                              settings.chunk_size, settings.chunk_overlap)
    gen_s = time.perf_counter() - t
    emb = _BulkOrRealEmbedder(pipe.embedder)
    t = time.perf_counter()
    big = build_from_articles(arts, settings, corpus_dir=corpus, embedder=emb)
    build_s = time.perf_counter() - t
    log(f"synthetic index: {len(arts)} articles, {len(big.passages)} passages, {len(big.sentences)} sentences "
        f"(generated {gen_s:.1f} s, built with random vectors in {build_s:.1f} s)", t0)
    emb.bulk = False
    big_pipe = Pipeline(big, emb, settings)
    # the largest seed file, under a new name, is the "new" article
    upload = work / "upload"
    upload.mkdir()
    new = upload / "added_article.txt"
    if small:
        new.write_text(UPLOAD_TEXT, encoding="utf-8")
        src_name = "a short news item (bench.UPLOAD_TEXT)"
    else:
        candidates = (sorted(Path(pipe.index.manifest.get("corpus_dir") or SEEDS).glob("*.txt"))
                      or sorted(SEEDS.glob("*.txt")))
        src = max(candidates, key=lambda p: p.stat().st_size)
        shutil.copyfile(src, new)
        src_name = f"the largest seed file, {src.name} ({src.stat().st_size:,} bytes)"
    t = time.perf_counter()
    report = big_pipe.add_files([new])
    add_s = time.perf_counter() - t
    after = big_pipe.index
    new_passages = sum(1 for p in after.passages if p.source == new.name)
    new_sentences = sum(1 for s in after.sentences if s.source == new.name)
    out = {"articles_before": len(arts), "passages_before": len(big.passages),
           "sentences_before": len(big.sentences), "faiss_kind": after.manifest.get("faiss"),
           "bulk_build_seconds": build_s, "new_article": src_name,
           "new_passages": new_passages, "new_sentences": new_sentences,
           "embedded_texts": emb.real_texts, "index_report_embedded": after.report.embedded if after.report else None,
           "bulk_vectors_requested_during_add": 0,
           "add_seconds": add_s, "embedding_seconds": emb.real_seconds,
           "other_seconds": add_s - emb.real_seconds, "passages_after": len(after.passages),
           "added": report.added}
    log(f"add one article to {len(big.passages)} passages: {add_s:.1f} s, {emb.real_texts} texts embedded "
        f"({emb.real_seconds:.1f} s embedding)", t0)
    shutil.rmtree(idx, ignore_errors=True)
    return out


def format_indexing(thr: dict, add: dict, seed_build: str) -> str:
    rows = [["passages embedded per second (batch 64)",
             f"{thr['per_second']:.1f} ({thr['texts']} seed passages of ~{thr['mean_chars']:.0f} chars "
             f"in {thr['seconds']:.1f} s)"],
            ["seed index", seed_build],
            [f"add ONE article to an index of {add['passages_before']:,} passages",
             f"{add['add_seconds']:.1f} s total, of which {add['embedding_seconds']:.1f} s embedding"],
            ["texts embedded for it", f"{add['embedded_texts']} (= its {add['new_passages']} passages + "
             f"{add['new_sentences']} sentences; index report says {add['index_report_embedded']})"],
            ["rest of the add (chunk all, BM25 rebuild, write, fsync, reload, validate)",
             f"{add['other_seconds']:.1f} s"],
            ["FAISS kind after the add", str(add["faiss_kind"])]]
    return ("**Indexing.** Method for the add: "
            f"{add['articles_before']} synthetic articles of resampled seed sentences (~65 passages each) are "
            "indexed with `qa.index.build_from_articles` through an embedder that returns random unit vectors "
            "for them (so the big index costs seconds, not the ~minutes the model would take); then the "
            "embedder switches to the real model and `Pipeline.add_files([one seed article])` is timed. "
            "Everything it embeds goes through the real model and is counted.\n\n"
            + _md_table(["what", "result"], rows))


# ============================================================================ 5. load (the app)

def start_app(index_dir: Path, corpus_dir: Path, port: int, log_path: Path, *, model: str | None = None,
              allow_upload: bool = True, concurrency: int | None = None,
              env_extra: dict | None = None) -> subprocess.Popen:
    """``python app.py`` on 127.0.0.1:``port`` as a child process (stdout/stderr to ``log_path``)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("QA_")}
    env.update({"PYTHONPATH": str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", ""),
                "GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1",
                "GRADIO_TEMP_DIR": str(log_path.parent / "gradio_tmp"), "PYTHONUNBUFFERED": "1"})
    env.update(env_extra or {})
    cmd = [sys.executable, str(APP), "--host", "127.0.0.1", "--port", str(port),
           "--index", str(index_dir), "--corpus", str(corpus_dir)]
    if model:
        cmd += ["--model", model]
    if allow_upload:
        cmd.append("--allow-upload")
    if concurrency:
        cmd += ["--concurrency", str(concurrency)]
    fh = open(log_path, "wb")
    return subprocess.Popen(cmd, cwd=str(ROOT), env=env, stdout=fh, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL)


def wait_app(url: str, proc: subprocess.Popen, timeout: float) -> None:
    """Until the app answers /config; fails early if the process died."""
    import urllib.request
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"app exited with code {proc.returncode} before it was ready")
        try:
            with urllib.request.urlopen(url.rstrip("/") + "/config", timeout=5) as r:
                if r.status == 200:
                    return
        except Exception:
            pass
        time.sleep(0.3)
    raise TimeoutError(f"{url} did not come up in {timeout:.0f} s")


def stop_app(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)


def copy_index(index_dir: Path, corpus_dir: Path, dest: Path) -> tuple[Path, Path]:
    """A private copy of an index and its corpus under ``dest``, the copy's manifest pointing at
    the copied corpus (so the app's uploads land there, not in the original)."""
    new_corpus, new_index = dest / "corpus", dest / "index"
    shutil.copytree(corpus_dir, new_corpus)
    for p in new_corpus.iterdir():
        p.chmod(0o644)
    shutil.copytree(index_dir, new_index, ignore=shutil.ignore_patterns(".tmp-*"))
    gen = new_index / (new_index / "CURRENT").read_text(encoding="utf-8").strip()
    manifest = json.loads((gen / "manifest.json").read_text(encoding="utf-8"))
    manifest["corpus_dir"] = str(new_corpus.resolve())
    (gen / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return new_index, new_corpus


def ask_http(base: str, question: str, timeout: float = 120.0) -> dict:
    """One question through the public API (``POST /gradio_api/call/ask`` then its event stream)."""
    import httpx
    base = base.rstrip("/")
    with httpx.Client(timeout=timeout, trust_env=False) as c:
        r = c.post(f"{base}/gradio_api/call/ask", json={"data": [question]})
        r.raise_for_status()
        event_id = r.json()["event_id"]
        r = c.get(f"{base}/gradio_api/call/ask/{event_id}")
        r.raise_for_status()
    lines = r.text.splitlines()
    for i, line in enumerate(lines):
        if line.strip() == "event: complete" and i + 1 < len(lines):
            return json.loads(lines[i + 1].removeprefix("data:").strip())[0]
        if line.strip() == "event: error":
            raise RuntimeError(f"/ask error: {lines[i + 1] if i + 1 < len(lines) else ''}")
    raise RuntimeError(f"/ask stream had no result: {r.text[:300]!r}")


def _upload_event(config: dict) -> tuple[int, int]:
    """(fn_index, trigger id) of the page's "Index these files" click."""
    btn = next((c["id"] for c in config["components"]
                if (c.get("props") or {}).get("elem_id") == "qa-upload-btn"), None)
    if btn is None:
        raise RuntimeError("the app has no upload button (started without --allow-upload?)")
    for i, dep in enumerate(config["dependencies"]):
        targets = [tuple(t) if isinstance(t, (list, tuple)) else (t,) for t in dep.get("targets", [])]
        if any(t[0] == btn for t in targets):
            return int(dep.get("id", i)), btn
    raise RuntimeError("no event bound to the upload button")


def ui_upload(base: str, path: Path, timeout: float = 120.0) -> str:
    """Upload a file exactly as the page does: POST /gradio_api/upload, then the upload button's
    event through the queue (join + data stream). Returns the report HTML the page shows."""
    import httpx
    base = base.rstrip("/")
    session = uuid.uuid4().hex[:11]
    with httpx.Client(timeout=timeout, trust_env=False) as c:
        config = c.get(f"{base}/config").json()
        fn_index, trigger = _upload_event(config)
        r = c.post(f"{base}/gradio_api/upload", params={"upload_id": uuid.uuid4().hex[:11]},
                   files=[("files", (path.name, path.read_bytes(), "text/plain"))])
        r.raise_for_status()
        server_path = r.json()[0]
        filedata = {"path": server_path, "orig_name": path.name, "size": path.stat().st_size,
                    "mime_type": "text/plain", "meta": {"_type": "gradio.FileData"}}
        r = c.post(f"{base}/gradio_api/queue/join",
                   json={"data": [[filedata]], "fn_index": fn_index, "trigger_id": trigger,
                         "session_hash": session, "event_data": None})
        r.raise_for_status()
        with c.stream("GET", f"{base}/gradio_api/queue/data", params={"session_hash": session}) as s:
            for line in s.iter_lines():
                if not line.startswith("data:"):
                    continue
                msg = json.loads(line[5:].strip())
                if msg.get("msg") == "process_completed":
                    out = msg.get("output") or {}
                    if not msg.get("success", True) or "error" in out:
                        raise RuntimeError(f"upload failed: {out.get('error')}")
                    return out["data"][0]
                if msg.get("msg") == "close_stream":
                    break
    raise RuntimeError("upload event stream ended without a result")


def plan_questions(questions: list[dict], clients: int, per_client: int, fixed: str,
                   fixed_at: int | None = None) -> list[list[str]]:
    """Questions for each client, languages interleaved (zh-Hans, zh-Hant, en, …); every
    client asks ``fixed`` once at position ``fixed_at`` (default: the middle)."""
    by_lang: dict[str, list[str]] = {}
    for q in questions:
        by_lang.setdefault(q["lang"], []).append(q["question"])
    mixed: list[str] = []
    lists = [v for _, v in sorted(by_lang.items())]
    for i in range(max(len(v) for v in lists)):
        mixed += [v[i] for v in lists if i < len(v)]
    fixed_at = per_client // 2 if fixed_at is None else fixed_at
    plans, k = [], 0
    for _ in range(clients):
        plan = []
        for j in range(per_client):
            if j == fixed_at:
                plan.append(fixed)
            else:
                plan.append(mixed[k % len(mixed)])
                k += 1
        plans.append(plan)
    return plans


def run_load(base: str, plans: list[list[str]], *, upload: Path | None, upload_after: int,
             deadline_s: float, request_timeout: float = 120.0) -> dict:
    """``len(plans)`` client threads, each asking its questions in order; after ``upload_after``
    answers an uploader thread sends ``upload`` through the page's upload event. Stops at
    ``deadline_s`` whatever happens: requests not answered by then count as lost."""
    start = time.perf_counter()
    deadline = start + deadline_s
    records: list[dict] = []
    lock = threading.Lock()
    done = [0]
    go_upload = threading.Event()
    up: dict[str, Any] = {}

    def client(cid: int, plan: list[str]) -> None:
        for j, q in enumerate(plan):
            rec = {"client": cid, "n": j, "sent": q, "t_start": time.perf_counter() - start}
            if time.perf_counter() > deadline:
                rec.update(error="not sent: deadline", t_end=None)
            else:
                try:
                    rec["response"] = ask_http(base, q, timeout=min(request_timeout, max(1.0, deadline - time.perf_counter())))
                except Exception as exc:
                    rec["error"] = f"{type(exc).__name__}: {exc}"
                rec["t_end"] = time.perf_counter() - start
            with lock:
                records.append(rec)
                done[0] += 1
                if done[0] >= upload_after:
                    go_upload.set()

    def uploader() -> None:
        if not go_upload.wait(max(0.0, deadline - time.perf_counter())):
            up["error"] = "never triggered"
            return
        up["t_start"] = time.perf_counter() - start
        try:
            up["report_html"] = ui_upload(base, upload, timeout=max(1.0, deadline - time.perf_counter()))
        except Exception as exc:
            up["error"] = f"{type(exc).__name__}: {exc}"
        up["t_end"] = time.perf_counter() - start

    threads = [threading.Thread(target=client, args=(i, p), daemon=True) for i, p in enumerate(plans)]
    if upload is not None:
        threads.append(threading.Thread(target=uploader, daemon=True))
    for t in threads:
        t.start()
    for t in threads:
        t.join(max(0.0, deadline - time.perf_counter()) + 1.0)
    wall = time.perf_counter() - start
    with lock:
        recs = list(records)
    sent = sum(len(p) for p in plans)
    return {"records": recs, "upload": dict(up), "wall_seconds": wall, "requests": sent,
            "timed_out": any(t.is_alive() for t in threads)}


def _answer_key(d: dict) -> tuple:
    return (d.get("found"), d.get("text"), d.get("source"), tuple(d.get("span") or ()))


def check_load(result: dict, before: dict[str, dict], after: dict[str, dict]) -> dict:
    """Latency, answered/lost, mix-ups, and answers against single-threaded references:
    ``before`` for requests that finished before the upload started, ``after`` for those sent
    after it finished, either for requests overlapping it."""
    up = result["upload"]
    u0, u1 = up.get("t_start", float("inf")), up.get("t_end", float("inf"))
    ok = [r for r in result["records"] if "response" in r]
    lat = [(r["t_end"] - r["t_start"]) * 1000 for r in ok]
    mixups = [r for r in ok if r["response"].get("question") != r["sent"]]
    exact = same_answer = compared = 0
    diffs = []
    phases = {"before": 0, "during": 0, "after": 0}
    for r in ok:
        if r["t_end"] <= u0:
            phase, refs = "before", [before.get(r["sent"])]
        elif r["t_start"] >= u1:
            phase, refs = "after", [after.get(r["sent"])]
        else:
            phase, refs = "during", [before.get(r["sent"]), after.get(r["sent"])]
        phases[phase] += 1
        refs = [x for x in refs if x is not None]
        if not refs:
            continue
        compared += 1
        if any(r["response"] == x for x in refs):
            exact += 1
        if any(_answer_key(r["response"]) == _answer_key(x) for x in refs):
            same_answer += 1
        else:
            diffs.append({"sent": r["sent"], "phase": phase, "got": _answer_key(r["response"]),
                          "expected": [_answer_key(x) for x in refs]})
    by_q: dict[str, set] = {}
    for r in ok:
        by_q.setdefault(r["sent"], set()).add(json.dumps(_answer_key(r["response"]), ensure_ascii=False))
    return {"requests": result["requests"], "answered": len(ok),
            "lost": result["requests"] - len(ok),
            "errors": [r.get("error") for r in result["records"] if "error" in r][:10],
            "p50_ms": pct(lat, 50), "p95_ms": pct(lat, 95), "max_ms": max(lat) if lat else float("nan"),
            "wall_seconds": result["wall_seconds"], "throughput_qps": len(ok) / result["wall_seconds"],
            "mixups": len(mixups), "phases": phases, "compared": compared,
            "identical_to_single_threaded": exact, "same_answer_as_single_threaded": same_answer,
            "answer_differences": diffs[:10],
            "questions_with_inconsistent_answers": sum(1 for v in by_q.values() if len(v) > 1),
            "upload_seconds": (u1 - u0) if "t_end" in up and "t_start" in up else None,
            "upload_window": [up.get("t_start"), up.get("t_end")],
            "upload_error": up.get("error"), "timed_out": result["timed_out"]}


def ask_each(base: str, questions: Sequence[str], deadline: float) -> dict[str, dict]:
    """Single-threaded answers from the app, one question at a time, until ``deadline``."""
    out: dict[str, dict] = {}
    for q in dict.fromkeys(questions):
        if time.perf_counter() > deadline:
            break
        try:
            out[q] = ask_http(base, q, timeout=max(1.0, deadline - time.perf_counter()))
        except Exception:
            pass
    return out


def load_test(index_dir: Path, corpus_dir: Path, questions: list[dict], work: Path, *, clients: int,
              per_client: int, total_timeout: float, t0: float, model: str | None = None,
              in_process: dict[str, dict] | None = None) -> dict:
    """The real app in a subprocess, ``clients`` x ``per_client`` questions with an upload midway.

    With ``model`` (e.g. "hash-64") the app indexes a copy of the corpus itself with that
    embedder; otherwise it serves a private copy of ``index_dir`` with the index's model.
    """
    app_dir = work / "app"
    app_dir.mkdir()
    if model:
        idx, corpus = app_dir / "index", app_dir / "corpus"
        shutil.copytree(corpus_dir, corpus)
    else:
        idx, corpus = copy_index(index_dir, corpus_dir, app_dir)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log_path = app_dir / "app.log"
    upload = app_dir / "upload" / UPLOAD_NAME
    upload.parent.mkdir()
    upload.write_text(UPLOAD_TEXT, encoding="utf-8")
    fixed = questions[0]["question"]
    plans = plan_questions(questions, clients, per_client, fixed)
    asked = [q for p in plans for q in p]
    hard_end = time.perf_counter() + total_timeout
    t = time.perf_counter()
    proc = start_app(idx, corpus, port, log_path, model=model)
    rss_samples: list[int] = []
    stop_sampling = threading.Event()

    def sample():
        while not stop_sampling.wait(0.5):
            rss_samples.append(rss_bytes(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    out: dict[str, Any] = {"clients": clients, "questions_per_client": per_client, "port": port,
                           "model": model or "the index's (real)"}
    try:
        wait_app(base, proc, timeout=max(10.0, min(180.0, hard_end - time.perf_counter() - 30)))
        out["startup_seconds"] = time.perf_counter() - t
        log(f"app up on {base} in {out['startup_seconds']:.1f} s; {clients} clients x {per_client} questions", t0)
        sampler.start()
        out["rss_idle_bytes"] = rss_bytes(proc.pid)
        before = ask_each(base, asked, hard_end - 60)
        if in_process:
            same = [q for q in before if q in in_process]
            out["app_equals_in_process"] = f"{sum(before[q] == in_process[q] for q in same)} / {len(same)}"
        result = run_load(base, plans, upload=upload, upload_after=len(asked) // 2,
                          deadline_s=max(10.0, hard_end - time.perf_counter() - 20))
        after = ask_each(base, asked, hard_end - 5)
        out.update(check_load(result, before, after))
        out["reference_questions"] = [len(before), len(after)]
        try:
            d = ask_http(base, UPLOAD_QUESTION, timeout=30)
            out["uploaded_article_answer"] = {"found": d["found"], "text": d["text"], "source": d["source"]}
            out["uploaded_article_cited"] = d["source"] == UPLOAD_NAME or any(
                c["source"] == UPLOAD_NAME for c in d["citations"])
        except Exception as exc:
            out["uploaded_article_cited"] = False
            out["uploaded_article_error"] = str(exc)
        out["upload_report_mentions_file"] = UPLOAD_NAME in (result["upload"].get("report_html") or "")
    except Exception as exc:
        out["error"] = f"{type(exc).__name__}: {exc}"
        try:
            out["app_log_tail"] = log_path.read_text(encoding="utf-8", errors="replace")[-2000:]
        except OSError:
            pass
    finally:
        stop_sampling.set()
        out["rss_peak_bytes"] = max(rss_samples, default=0)
        out["rss_hwm_bytes"] = rss_bytes(proc.pid, "VmHWM")
        stop_app(proc)
    return out


def format_load(ld: dict) -> str:
    if "answered" not in ld:
        return f"**Load**: did not run ({ld.get('error')})."
    rows = [["clients × questions", f"{ld['clients']} × {ld['questions_per_client']} = {ld['requests']}"],
            ["answered / lost", f"{ld['answered']} / {ld['lost']}"],
            ["latency p50 / p95 / max (ms)", f"{_f(ld['p50_ms'], 0)} / {_f(ld['p95_ms'], 0)} / {_f(ld['max_ms'], 0)}"],
            ["wall time, throughput", f"{ld['wall_seconds']:.1f} s, {ld['throughput_qps']:.1f} questions/s"],
            ["responses whose `question` ≠ the one sent", str(ld["mixups"])],
            ["answers identical to single-threaded (whole JSON)", f"{ld['identical_to_single_threaded']} / {ld['compared']}"],
            ["same answer (found, text, source, span)", f"{ld['same_answer_as_single_threaded']} / {ld['compared']}"],
            ["requests before / during / after the upload", "{before} / {during} / {after}".format(**ld["phases"])],
            ["upload via the page's event (s)", _f(ld["upload_seconds"], 1) + (f" — {ld['upload_error']}" if ld.get("upload_error") else "")],
            ["uploaded article answers a question about it", str(ld.get("uploaded_article_cited"))],
            ["app start (s)", _f(ld.get("startup_seconds"), 1)],
            ["app RSS idle / peak under load (MiB)", f"{ld.get('rss_idle_bytes', 0) / 2**20:.0f} / {ld.get('rss_peak_bytes', 0) / 2**20:.0f}"]]
    if ld.get("app_equals_in_process"):
        rows.append(["app's single-threaded answers identical to the in-process pipeline's",
                     ld["app_equals_in_process"]])
    if ld.get("error"):
        rows.append(["error", ld["error"]])
    model = ("the real model, serving a copy of the seed index" if ld.get("model", "").startswith("the index")
             else f"`--model {ld.get('model')}` (the fake hash embedder: quick mode tests concurrency, not speed)")
    return ("**Load**: `app.py --allow-upload` in a subprocess on 127.0.0.1 with " + model + ", corpus and index "
            "in a temp dir, default `--concurrency 4`; plain-HTTP clients on `/gradio_api/call/ask` in threads; "
            "one article uploaded through the page's own upload event (`/gradio_api/upload` + queue join) once "
            "half the answers are in. Each answer is compared with the same app's single-threaded answer to the "
            "same question: asked before the load for requests that finished before the upload started, after "
            "the load for requests sent after it finished, either for requests overlapping it.\n\n"
            + _md_table(["what", "result"], rows))


# ============================================================================ profile

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


# ============================================================================ main

def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m qa.bench", description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="CI mode: small sizes, < 2 minutes in all")
    ap.add_argument("--index", default=None, help="index folder (default: ./index if fresh, else a temp build of ./seeds)")
    ap.add_argument("--questions", type=Path, default=DEFAULT_QUESTIONS, help="JSONL question set (default eval/dev.jsonl)")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="JSON results (default bench/results.json)")
    ap.add_argument("--skip", default="", help="comma-separated parts to skip: naive,indexing,scale,load")
    ap.add_argument("--profile", type=int, default=0, metavar="N", help="also print a cProfile of answering N questions")
    args = ap.parse_args(argv)
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    t0 = time.perf_counter()
    results: dict[str, Any] = {"mode": "quick" if args.quick else "full", "started": time.strftime("%Y-%m-%dT%H:%M:%S"),
                               "loadavg_start": loadavg()}
    from .eval import load_questions
    questions = load_questions(args.questions)
    sections: list[str] = []

    with tempfile.TemporaryDirectory(prefix="qa-bench-") as tmp:
        work = Path(tmp)
        # ---- model + seed pipeline
        t = time.perf_counter()
        from .embedding import load_embedder
        from .settings import DEFAULT_MODEL
        load_embedder(os.environ.get("QA_MODEL", DEFAULT_MODEL))
        results["model_load_seconds"] = time.perf_counter() - t
        log(f"model loaded in {results['model_load_seconds']:.1f} s", t0)
        pipe, how = open_seed_pipeline(args.index, work, t0)
        results["seed_index"] = {"how": how, "articles": len(pipe.index.articles),
                                 "passages": len(pipe.index.passages), "sentences": len(pipe.index.sentences),
                                 "faiss": pipe.index.manifest.get("faiss"), "path": str(pipe.index.path)}
        corpus_dir = Path(pipe.index.manifest.get("corpus_dir") or SEEDS)
        index_dir = pipe.index.path.parent

        # ---- 1. latency + quality (qa)
        results["cold_first_question_ms"] = warm_up(pipe, questions)
        try:
            import torch
            results["torch_threads_during_questions"] = torch.get_num_threads()
        except Exception:
            pass
        qa_rows = run_qa(pipe, questions)
        results["memory"] = {"rss_bytes": rss_bytes(), "hwm_bytes": rss_bytes("self", "VmHWM"),
                             "target_bytes": MEMORY_TARGET_BYTES}
        qa_lat, qa_q = latency_summary(qa_rows), quality(questions, qa_rows, naive=False)
        results["qa"] = {"latency": qa_lat, "quality": qa_q,
                         "retrieval_timed_separately": any(r["retrieval_timed_separately"] for r in qa_rows),
                         "per_question": [{**{k: v for k, v in r.items() if k not in ("passages", "answer")},
                                           "found": r["answer"]["found"], "answer": r["answer"]["text"],
                                           "source": r["answer"]["source"], "score": r["answer"]["score"]}
                                          for r in qa_rows]}
        log(f"qa: {len(qa_rows)} questions, total p50 {qa_lat['total']['p50_ms']:.1f} ms", t0)
        reference = {q["question"]: r["answer"] for q, r in zip(questions, qa_rows)}

        # ---- naive
        if "naive" not in skip:
            naive = NaivePipeline(corpus_dir, pipe.embedder)
            naive_rows = run_naive(naive, questions)
            nv_lat, nv_q = latency_summary(naive_rows), quality(questions, naive_rows, naive=True)
            results["naive"] = {"chunks": len(naive.chunks), "build_seconds": naive.build_seconds,
                                "latency": nv_lat, "quality": nv_q}
            log(f"naive: {len(naive.chunks)} chunks, total p50 {nv_lat['total']['p50_ms']:.1f} ms", t0)
            results["ratio_qa_over_naive"] = {s: qa_lat[s]["p50_ms"] / nv_lat[s]["p50_ms"]
                                              for s in ("embed", "retrieve", "total") if nv_lat[s]["p50_ms"] > 0}
            sections += [format_latency(qa_lat, nv_lat, len(questions)), format_quality(qa_q, nv_q)]
            del naive

        mem = results["memory"]
        cold = ", ".join(f"{k} {v:.0f} ms" for k, v in results["cold_first_question_ms"].items())
        sections.append(f"**Cold start**: the first question of each language after loading (excluded from the "
                        f"warm numbers above): {cold}. Torch intra-op threads while answering: "
                        f"{results.get('torch_threads_during_questions', '?')}.")
        sections.append(f"**Memory**: RSS of this process after loading the seed pipeline (model + index) and "
                        f"answering {len(questions)} questions: {mem['rss_bytes'] / 2**20:.0f} MiB (peak so far "
                        f"{mem['hwm_bytes'] / 2**20:.0f} MiB); target < {MEMORY_TARGET_BYTES / 2**30:.1f} GiB: "
                        f"{'met' if mem['rss_bytes'] < MEMORY_TARGET_BYTES else 'NOT met'}. The app's own RSS "
                        "(with Gradio) is in the load table.")

        # ---- 2. indexing
        if "indexing" not in skip:
            thr = embedding_throughput(pipe.embedder, [p.text for p in pipe.index.passages], 32 if args.quick else 200)
            log(f"embedding: {thr['per_second']:.1f} passages/s", t0)
            add = add_one_article(pipe, work, 2_000 if args.quick else 10_000, t0, small=args.quick)
            results["indexing"] = {"throughput": thr, "add_one_article": add}
            sections.append(format_indexing(thr, add, how))

        # ---- 5. load (before the scale curve, which fills memory with 1M vectors)
        if "load" not in skip:
            clients, per = (5, 4) if args.quick else (20, 10)
            try:
                ld = load_test(index_dir, corpus_dir, questions, work, clients=clients, per_client=per,
                               total_timeout=300.0, t0=t0, model="hash-64" if args.quick else None,
                               in_process=None if args.quick else reference)
            except Exception as exc:
                ld = {"error": f"{type(exc).__name__}: {exc}"}
                log(f"load test failed: {ld['error']}", t0)
            results["load"] = ld
            load_section = format_load(ld)
        else:
            load_section = ""

        # ---- 3. scale curve
        from .index import EXACT_SEARCH_LIMIT
        if "scale" not in skip:
            from .scale import FULL_SIZES, QUICK_SIZES, format_table, recommend, scale_curve
            t = time.perf_counter()
            rows = (scale_curve(QUICK_SIZES, quick=True) if args.quick
                    else scale_curve(FULL_SIZES, lat_seconds=8.0))
            results["scale"] = {"rows": rows, "seconds": time.perf_counter() - t, "recommendation": recommend(rows)}
            log(f"scale curve in {results['scale']['seconds']:.0f} s", t0)
            sections.append("**Scale curve** (`qa.scale.scale_curve`, synthetic clustered 384-d vectors; BM25 over "
                            "resampled seed sentences)" + (" — quick sizes" if args.quick else
                                                           " — latency windows 8 s per point") + "\n\n"
                            + format_table(rows) + "\n\n" + recommend(rows))
        big_kind = results.get("indexing", {}).get("add_one_article", {}).get("faiss_kind")
        results["index_rule"] = {"EXACT_SEARCH_LIMIT": EXACT_SEARCH_LIMIT,
                                 "seed_index_faiss": pipe.index.manifest.get("faiss"), "big_index_faiss": big_kind}
        sections.append(f"**Index rule** (`qa.index`): exact `IndexFlatIP` below EXACT_SEARCH_LIMIT = "
                        f"{EXACT_SEARCH_LIMIT:,} passages, `IndexHNSWFlat(M=32, efConstruction=80, efSearch=64)` "
                        f"at or above; the kind is recorded in the manifest (`faiss`): seed index "
                        f"`{pipe.index.manifest.get('faiss')}`, {results.get('indexing', {}).get('add_one_article', {}).get('passages_after', '?')}"
                        f"-passage index `{big_kind}`.")
        if load_section:
            sections.append(load_section)

        if args.profile:
            results["profile"] = profile_answers(pipe, questions, args.profile)

    results["seconds"] = time.perf_counter() - t0
    results["loadavg_end"] = loadavg()
    results["machine"] = machine()
    sections.append(format_summary(results))
    sections.append(format_machine(results))
    print("\n\n".join(sections))
    if args.profile:
        print("\n```\n" + results["profile"] + "\n```")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    print(f"\nresults written to {args.out} ({results['seconds']:.0f} s)")
    return 0


def format_summary(r: dict) -> str:
    rows = []
    qa_lat = r["qa"]["latency"]
    rows.append(["question latency p50 / p95 (qa)", f"{qa_lat['total']['p50_ms']:.0f} / {qa_lat['total']['p95_ms']:.0f} ms"])
    if "naive" in r:
        nv = r["naive"]
        rows.append(["question latency p50 (naive), qa/naive", f"{nv['latency']['total']['p50_ms']:.0f} ms, "
                     f"×{r['ratio_qa_over_naive']['total']:.2f}"])
        rows.append(["answer contains gold: qa vs naive", f"{r['qa']['quality']['answer_contains_gold']:.2f} vs "
                     f"{nv['quality']['answer_contains_gold']:.2f}"])
        rows.append(["median answer length: qa vs naive", f"{r['qa']['quality']['answer_chars_median']:.0f} vs "
                     f"{nv['quality']['answer_chars_median']:.0f} chars"])
        rows.append(["passage recall@5: qa vs naive", f"{r['qa']['quality']['passage_recall@5']:.2f} vs "
                     f"{nv['quality']['passage_recall@5']:.2f}"])
    rows.append(["abstains on unanswerable (qa)", f"{r['qa']['quality']['abstain_on_unanswerable']:.2f}"])
    if "indexing" in r:
        ix = r["indexing"]
        rows.append(["passages embedded / s", f"{ix['throughput']['per_second']:.1f}"])
        a = ix["add_one_article"]
        rows.append([f"add one article to {a['passages_before']:,} passages",
                     f"{a['add_seconds']:.1f} s ({a['embedded_texts']} texts embedded)"])
    if "scale" in r:
        flats = [x for x in r["scale"]["rows"] if x["method"] == "flat"]
        if flats:
            big = max(flats, key=lambda x: x["n"])
            rows.append([f"exact search at {big['n']:,} passages p50", f"{big['p50_ms']:.1f} ms"])
    rows.append(["RSS after seed pipeline + questions", f"{r['memory']['rss_bytes'] / 2**20:.0f} MiB (target < 1536 MiB)"])
    ld = r.get("load", {})
    if "answered" in ld:
        rows.append([f"load {ld['clients']}×{ld['questions_per_client']}: answered/lost, p50/p95",
                     f"{ld['answered']}/{ld['lost']}, {ld['p50_ms']:.0f}/{ld['p95_ms']:.0f} ms, "
                     f"{ld['mixups']} mix-ups"])
    elif ld:
        rows.append(["load", f"failed: {ld.get('error')}"])
    rows.append(["model load", f"{r['model_load_seconds']:.1f} s"])
    rows.append(["bench run", f"{r['seconds']:.0f} s ({r['mode']}); load average {r['loadavg_start']} → {r['loadavg_end']}"])
    return "**Summary**\n\n" + _md_table(["what", "result"], rows)


def format_machine(r: dict) -> str:
    m = r["machine"]
    return ("**Machine**: " + f"{m['cpu']}, {m['cores']} cores, {m['ram_gib']} GiB RAM; Python {m['python']}, "
            f"torch {m['torch']} ({m.get('torch_threads', '?')} threads), faiss {m['faiss']}, "
            f"sentence-transformers {m['sentence_transformers']}, transformers {m['transformers']}, "
            f"bm25s {m['bm25s']}, gradio {m['gradio']}, numpy {m['numpy']}; {m['platform']}.")


if __name__ == "__main__":
    raise SystemExit(main())
