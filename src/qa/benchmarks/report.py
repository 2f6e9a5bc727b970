"""Markdown tables for every benchmark part, the machine description and the JSON results."""
from __future__ import annotations

import json
import os
import platform
from pathlib import Path
from typing import Any, Sequence

from .common import MEMORY_TARGET_BYTES, torch_threads
from .latency import EVIDENCE_CHARS


def md_table(head: Sequence[str], rows: Sequence[Sequence[Any]], align: str | None = None) -> str:
    align = align or ("---|" * len(head))
    out = ["| " + " | ".join(head) + " |", "|" + align]
    for r in rows:
        out.append("| " + " | ".join(str(c) for c in r) + " |")
    return "\n".join(out)


def fmt(v: float, digits: int = 1) -> str:
    if v is None or (isinstance(v, float) and v != v):
        return "–"
    return f"{v:.{digits}f}"


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
    threads = torch_threads()
    if threads is not None:
        info["torch_threads"] = threads
    return info


def format_latency(qa_lat: dict, naive_lat: dict, n: int) -> str:
    names = {"embed": "query embedding", "retrieve": "retrieval", "extract": "answer extraction", "total": "total"}
    rows = []
    for stage, label in names.items():
        a, b = qa_lat[stage], naive_lat[stage]
        ratio = a["p50_ms"] / b["p50_ms"] if b["p50_ms"] > 0 else float("nan")
        rows.append([label, fmt(a["p50_ms"], 2), fmt(a["p95_ms"], 2), fmt(b["p50_ms"], 2), fmt(b["p95_ms"], 2),
                     fmt(ratio, 2)])
    return (f"**Per-question latency, warm, {n} questions, single thread of requests (ms)**. qa: query embedding "
            "= `embed_queries`, retrieval = `retrieve` (dense + BM25 + fusion), extraction = rest of "
            "`Pipeline.answer` (question analysis, sentence scoring, span, citations). naive: embedding, "
            "FAISS search, picking the top chunk.\n\n"
            + md_table(["stage", "qa p50", "qa p95", "naive p50", "naive p95", "qa/naive (p50)"], rows,
                        "---|---:|---:|---:|---:|---:|"))


def format_quality(qa_q: dict, naive_q: dict) -> str:
    keys = [("passage recall@1", "passage_recall@1", 2), ("passage recall@5", "passage_recall@5", 2),
            ("answer contains gold", "answer_contains_gold", 2),
            ("span hit (≤ 2× gold length)", "span_hit", 2), ("sentence hit", "sentence_hit", 2),
            ("answer length, chars (median)", "answer_chars_median", 0),
            ("answer length, chars (mean)", "answer_chars_mean", 0),
            ("abstains on unanswerable", "abstain_on_unanswerable", 2),
            ("refuses answerable", "false_refusal", 2)]
    rows = [[label, fmt(qa_q[k], d), fmt(naive_q[k], d)] for label, k, d in keys]
    return (f"**Quality on the dev set ({qa_q['answerable']} answerable, {qa_q['unanswerable']} unanswerable)**. "
            f"Recall: a passage/chunk holds the gold evidence's first {EVIDENCE_CHARS} characters after "
            "`qa.eval._strip` (naive chunks are raw text, so pinyin annotations left in them can hide a hit). "
            "The naive answer is its whole top chunk and it never abstains.\n\n"
            + md_table(["metric", "qa", "naive"], rows, "---|---:|---:|"))


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
            + md_table(["what", "result"], rows))


def format_load(ld: dict) -> str:
    if "answered" not in ld:
        return f"**Load**: did not run ({ld.get('error')})."
    rows = [["clients × questions", f"{ld['clients']} × {ld['questions_per_client']} = {ld['requests']}"],
            ["answered / lost", f"{ld['answered']} / {ld['lost']}"],
            ["latency p50 / p95 / max (ms)", f"{fmt(ld['p50_ms'], 0)} / {fmt(ld['p95_ms'], 0)} / {fmt(ld['max_ms'], 0)}"],
            ["wall time, throughput", f"{ld['wall_seconds']:.1f} s, {ld['throughput_qps']:.1f} questions/s"],
            ["responses whose `question` ≠ the one sent", str(ld["mixups"])],
            ["answers identical to single-threaded (whole JSON)", f"{ld['identical_to_single_threaded']} / {ld['compared']}"],
            ["same answer (found, text, source, span)", f"{ld['same_answer_as_single_threaded']} / {ld['compared']}"],
            ["requests before / during / after the upload", "{before} / {during} / {after}".format(**ld["phases"])],
            ["upload via the page's event (s)", fmt(ld["upload_seconds"], 1) + (f" — {ld['upload_error']}" if ld.get("upload_error") else "")],
            ["uploaded article answers a question about it", str(ld.get("uploaded_article_cited"))],
            ["app start (s)", fmt(ld.get("startup_seconds"), 1)],
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
            + md_table(["what", "result"], rows))


def format_cold_start(r: dict) -> str:
    cold = ", ".join(f"{k} {v:.0f} ms" for k, v in r["cold_first_question_ms"].items())
    return (f"**Cold start**: the first question of each language after loading (excluded from the "
            f"warm numbers above): {cold}. Torch intra-op threads while answering: "
            f"{r.get('torch_threads_during_questions', '?')}.")


def format_memory(r: dict, n_questions: int) -> str:
    mem = r["memory"]
    return (f"**Memory**: RSS of this process after loading the seed pipeline (model + index) and "
            f"answering {n_questions} questions: {mem['rss_bytes'] / 2**20:.0f} MiB (peak so far "
            f"{mem['hwm_bytes'] / 2**20:.0f} MiB); target < {MEMORY_TARGET_BYTES / 2**30:.1f} GiB: "
            f"{'met' if mem['rss_bytes'] < MEMORY_TARGET_BYTES else 'NOT met'}. The app's own RSS "
            "(with Gradio) is in the load table.")


def format_scale(rows: list[dict], quick: bool) -> str:
    from .scale import format_table, recommend
    return ("**Scale curve** (`qa.scale.scale_curve`, synthetic clustered 384-d vectors; BM25 over "
            "resampled seed sentences)" + (" — quick sizes" if quick else " — latency windows 8 s per point")
            + "\n\n" + format_table(rows) + "\n\n" + recommend(rows))


def format_index_rule(r: dict) -> str:
    from ..index import IVF_NPROBE
    rule = r["index_rule"]
    return (f"**Index rule** (`qa.index`): exact `IndexFlatIP` below EXACT_SEARCH_LIMIT = "
            f"{rule['EXACT_SEARCH_LIMIT']:,} passages, `IndexIVFFlat(nlist≈4·√N, nprobe={IVF_NPROBE})` "
            f"at or above; the kind is recorded in the manifest (`faiss`): seed index "
            f"`{rule['seed_index_faiss']}`, {r.get('indexing', {}).get('add_one_article', {}).get('passages_after', '?')}"
            f"-passage index `{rule['big_index_faiss']}`.")


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
    return "**Summary**\n\n" + md_table(["what", "result"], rows)


def format_machine(r: dict) -> str:
    m = r["machine"]
    return ("**Machine**: " + f"{m['cpu']}, {m['cores']} cores, {m['ram_gib']} GiB RAM; Python {m['python']}, "
            f"torch {m['torch']} ({m.get('torch_threads', '?')} threads), faiss {m['faiss']}, "
            f"sentence-transformers {m['sentence_transformers']}, transformers {m['transformers']}, "
            f"bm25s {m['bm25s']}, gradio {m['gradio']}, numpy {m['numpy']}; {m['platform']}.")


def write_json(results: dict, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
