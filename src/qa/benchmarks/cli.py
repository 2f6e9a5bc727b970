"""Benchmark: latency, quality against a naive baseline, indexing, scale, memory and load.

    python -m qa.bench [--quick] [--index DIR] [--questions FILE] [--out FILE] [--skip PARTS] [--profile N]

Prints markdown tables and writes everything as JSON (default ``bench/results.json``):

1. Per-question latency (warm, p50/p95) split into query embedding, retrieval (dense + BM25
   + fusion), answer extraction (the rest of ``Pipeline.answer``) and total, as ``answer``
   reports them in its ``timings`` dict, on the seed index; the same questions through a NAIVE pipeline built here (raw files, langchain's
   ``RecursiveCharacterTextSplitter(500, 50)``, the same model, ``faiss.IndexFlatIP``, the top
   chunk as the answer), with quality side by side (``qa.eval``'s metrics).
2. Indexing: passages embedded per second, and the cost of adding ONE article to an index
   of ~10,000 passages through ``Pipeline.add_files`` (only the new article is embedded).
3. The scale curve of ``qa.scale`` and the exact/HNSW rule ``qa.index`` follows.
4. Resident memory after loading the seed pipeline and answering the questions.
5. Load: the real ``app.py`` in a subprocess on 127.0.0.1, N concurrent clients through the
   public ``/ask`` API while an article is uploaded through the page's own upload event.

Each part is a module of ``qa.benchmarks``; this one parses the arguments and runs them in order.
``--quick`` (CI) keeps the whole run under about two minutes. Timings are wall-clock on
whatever else the machine is doing: the load average at start and end is recorded.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any, Sequence

from .common import (DEFAULT_OUT, DEFAULT_QUESTIONS, MEMORY_TARGET_BYTES, ROOT, SEEDS, loadavg, log, rss_bytes,
                     torch_threads)
from .indexing import add_one_article, embedding_throughput
from .latency import latency_summary, profile_answers, quality, run_qa, warm_up
from .load import load_test
from .naive import NaivePipeline, run_naive
from .report import (format_cold_start, format_index_rule, format_indexing, format_latency, format_load,
                     format_machine, format_memory, format_quality, format_scale, format_summary, machine,
                     write_json)


def _index_is_fresh(index_dir: Path, corpus: Path) -> bool:
    """``index_dir`` holds a loadable index of exactly ``corpus`` with today's code and model."""
    from ..cleaning import read_corpus
    from ..index import pipeline_fingerprint
    from ..settings import DEFAULT_MODEL
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
    from ..answering import Pipeline
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
    from ..eval import load_questions
    questions = load_questions(args.questions)
    sections: list[str] = []

    with tempfile.TemporaryDirectory(prefix="qa-bench-") as tmp:
        work = Path(tmp)
        # ---- model + seed pipeline
        t = time.perf_counter()
        from ..embedding import load_embedder
        from ..settings import DEFAULT_MODEL
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
        threads = torch_threads()
        if threads is not None:
            results["torch_threads_during_questions"] = threads
        qa_rows = run_qa(pipe, questions)
        results["memory"] = {"rss_bytes": rss_bytes(), "hwm_bytes": rss_bytes("self", "VmHWM"),
                             "target_bytes": MEMORY_TARGET_BYTES}
        qa_lat, qa_q = latency_summary(qa_rows), quality(questions, qa_rows, naive=False)
        results["qa"] = {"latency": qa_lat, "quality": qa_q,
                         "retrieval_untimed": sum("retrieve" not in r["stages_timed"] for r in qa_rows),
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
        sections += [format_cold_start(results), format_memory(results, len(questions))]

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

        # ---- 3. scale curve
        from ..index import EXACT_SEARCH_LIMIT
        if "scale" not in skip:
            from .scale import FULL_SIZES, QUICK_SIZES, recommend, scale_curve
            t = time.perf_counter()
            rows = (scale_curve(QUICK_SIZES, quick=True) if args.quick
                    else scale_curve(FULL_SIZES, lat_seconds=8.0))
            results["scale"] = {"rows": rows, "seconds": time.perf_counter() - t, "recommendation": recommend(rows)}
            log(f"scale curve in {results['scale']['seconds']:.0f} s", t0)
            sections.append(format_scale(rows, args.quick))
        results["index_rule"] = {"EXACT_SEARCH_LIMIT": EXACT_SEARCH_LIMIT,
                                 "seed_index_faiss": pipe.index.manifest.get("faiss"),
                                 "big_index_faiss": results.get("indexing", {}).get("add_one_article", {}).get("faiss_kind")}
        sections.append(format_index_rule(results))
        if "load" in results:
            sections.append(format_load(results["load"]))

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
    write_json(results, args.out)
    print(f"\nresults written to {args.out} ({results['seconds']:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
