"""Load: N concurrent clients on the app's ``/ask`` while an article is uploaded midway."""
from __future__ import annotations

import json
import shutil
import threading
import time
from pathlib import Path
from typing import Any, Sequence

from .app_client import ask_http, copy_index, start_app, stop_app, ui_upload, wait_app
from .common import UPLOAD_NAME, UPLOAD_QUESTION, UPLOAD_TEXT, free_port, log, pct, rss_bytes


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
