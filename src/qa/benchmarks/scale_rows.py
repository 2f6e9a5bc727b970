"""One scale-curve row per method and size: exact, HNSW and IVF dense search, and BM25."""
from __future__ import annotations

import gc
import math
import os
import sys
import time
from typing import Callable, Sequence

import faiss
import numpy as np

from .common import Memory, pct

EF_SEARCH = (16, 32, 64, 128, 256)
NPROBE = (4, 8, 16, 32, 64, 128)
RECALL_TARGET = 0.95
HNSW_M = 32
EF_CONSTRUCTION = 80             # what qa.index uses

ROW_KEYS = ("n", "method", "param", "build_s", "p50_ms", "p95_ms", "p50_ms_2t", "index_bytes",
            "rss_delta_bytes", "recall_at_10", "curve", "note")


def _percentiles(samples_s: Sequence[float]) -> tuple[float, float]:
    ms = np.asarray(samples_s) * 1000.0
    return pct(ms, 50), pct(ms, 95)


def time_single_queries(search: Callable[[int], object], count: int, max_seconds: float,
                        min_samples: int = 10, warmup: int = 2) -> list[float]:
    """Seconds per call of ``search(i)`` for i = 0.. until ``count`` calls or the time cap."""
    for i in range(min(warmup, count)):
        search(i)
    samples: list[float] = []
    deadline = time.perf_counter() + max_seconds
    for i in range(count):
        t0 = time.perf_counter()
        search(i)
        samples.append(time.perf_counter() - t0)
        if len(samples) >= min_samples and time.perf_counter() > deadline:
            break
    return samples


def recall_at_k(found: np.ndarray, gt_ids: np.ndarray, gt_scores: np.ndarray,
                found_scores: np.ndarray, eps: float = 1e-5) -> float:
    """Mean recall@k; a hit is a true top-k id or one tying the k-th true score (within eps)."""
    k = gt_ids.shape[1]
    hits = 0
    for row in range(len(found)):
        truth = set(gt_ids[row].tolist())
        kth = gt_scores[row, k - 1]
        for j, idx in enumerate(found[row, :k]):
            if idx >= 0 and (idx in truth or found_scores[row, j] >= kth - eps):
                hits += 1
    return hits / float(gt_ids.size)


def _single_search(index: faiss.Index, q: np.ndarray, k: int) -> Callable[[int], object]:
    return lambda i: index.search(q[i % len(q):i % len(q) + 1], k)


def _latency(index, q, k, count, max_seconds, threads) -> tuple[float, float]:
    faiss.omp_set_num_threads(threads)
    try:
        return _percentiles(time_single_queries(_single_search(index, q, k), count, max_seconds))
    finally:
        faiss.omp_set_num_threads(os.cpu_count() or 1)


def _index_bytes(index: faiss.Index) -> int:
    return int(faiss.serialize_index(index).nbytes)


def _sweep(index, set_param: Callable[[int], None], values, q, k, gt, lat_queries, lat_seconds):
    """Recall (batch search) and single-query latency for each parameter value."""
    gt_ids, gt_scores = gt
    curve = []
    for v in values:
        set_param(v)
        faiss.omp_set_num_threads(os.cpu_count() or 1)
        scores, ids = index.search(q, k)
        rec = recall_at_k(ids, gt_ids, gt_scores, scores)
        p50, p95 = _latency(index, q, k, lat_queries, lat_seconds, threads=1)
        curve.append({"param": v, "recall_at_10": round(rec, 4), "p50_ms": round(p50, 3),
                      "p95_ms": round(p95, 3)})
    return curve


def _pick(curve: list[dict], preferred: Sequence[int]) -> dict:
    """The smallest preferred value reaching the recall target, else the best recall."""
    for point in curve:
        if point["param"] in preferred and point["recall_at_10"] >= RECALL_TARGET:
            return point
    ok = [p for p in curve if p["recall_at_10"] >= RECALL_TARGET]
    return ok[0] if ok else max(curve, key=lambda p: p["recall_at_10"])


def _row(n, method, param, build_s, p50, p95, p50_2t, index_bytes, mem, recall, curve, note=""):
    return {"n": n, "method": method, "param": param, "build_s": round(build_s, 3),
            "p50_ms": round(p50, 3), "p95_ms": round(p95, 3),
            "p50_ms_2t": None if p50_2t is None else round(p50_2t, 3),
            "index_bytes": int(index_bytes), "rss_delta_bytes": int(mem.delta),
            "rss_peak_delta_bytes": int(mem.peak - mem.before),
            "recall_at_10": None if recall is None else round(recall, 4), "curve": curve, "note": note}


def scale_log(msg: str, t0: float) -> None:
    print(f"[scale {time.perf_counter() - t0:7.1f}s] {msg}", file=sys.stderr, flush=True)


def dense_rows(x: np.ndarray, q: np.ndarray, k: int, *, quick: bool, t0: float,
               ef_construction: int, lat_seconds: float, seed: int = 0) -> list[dict]:
    n, dim = x.shape
    threads = os.cpu_count() or 1
    faiss.omp_set_num_threads(threads)
    lat_q = len(q)
    rows = []

    # Exact: the reference. Ground truth from one batched search (BLAS), latency one by one.
    with Memory() as mem:
        t = time.perf_counter()
        flat = faiss.IndexFlatIP(dim)
        flat.add(x)
        build = time.perf_counter() - t
    gt_scores, gt_ids = flat.search(q, k)
    seen: dict[int, tuple] = {}    # single-query results, for the recall of the app's path

    def one(i):
        seen[i] = flat.search(q[i:i + 1], k)
    faiss.omp_set_num_threads(1)
    p50, p95 = _percentiles(time_single_queries(one, lat_q, lat_seconds))
    faiss.omp_set_num_threads(threads)
    p50_2t = _latency(flat, q, k, lat_q, lat_seconds / 2, threads=2)[0] if threads > 1 else None
    done = sorted(seen)
    found_s = np.vstack([seen[i][0] for i in done])
    found = np.vstack([seen[i][1] for i in done])
    recall = recall_at_k(found, gt_ids[done], gt_scores[done], found_s)
    rows.append(_row(n, "flat", "exact", build, p50, p95, p50_2t, _index_bytes(flat), mem,
                     recall, [], f"recall over the {len(done)} single-query calls timed"))
    scale_log(f"n={n} flat p50={p50:.1f}ms", t0)
    del flat
    gc.collect()
    gt = (gt_ids, gt_scores)

    # HNSW, M=32.
    with Memory() as mem:
        t = time.perf_counter()
        hnsw = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        hnsw.hnsw.efConstruction = ef_construction
        hnsw.add(x)
        build = time.perf_counter() - t
    scale_log(f"n={n} hnsw built in {build:.1f}s (efConstruction {ef_construction})", t0)
    ef_values = EF_SEARCH if not quick else (16, 32, 64, 128)

    def set_ef(v):
        hnsw.hnsw.efSearch = v
    curve = _sweep(hnsw, set_ef, ef_values, q, k, gt, lat_q, lat_seconds / 4)
    best = _pick(curve, (32, 64, 128))
    set_ef(best["param"])
    p50_2t = _latency(hnsw, q, k, lat_q, lat_seconds / 4, threads=2)[0] if threads > 1 else None
    rows.append(_row(n, "hnsw", f"M={HNSW_M},efC={ef_construction},efS={best['param']}", build,
                     best["p50_ms"], best["p95_ms"], p50_2t, _index_bytes(hnsw), mem,
                     best["recall_at_10"], curve,
                     "" if ef_construction == EF_CONSTRUCTION else
                     f"efConstruction lowered from {EF_CONSTRUCTION} to keep the run short; below "
                     f"2*M={2 * HNSW_M} the graph is degraded, so recall is a lower bound"))
    scale_log(f"n={n} hnsw efSearch={best['param']} recall={best['recall_at_10']}", t0)
    del hnsw
    gc.collect()

    # IVF-Flat, nlist ~ 4 sqrt(N), k-means on a sample.
    nlist = max(1, min(n // 8, int(round(4 * math.sqrt(n)))))
    train_n = min(n, max(nlist * 16, 10_000))
    rng = np.random.default_rng((seed, 13, n))
    with Memory() as mem:
        t = time.perf_counter()
        quant = faiss.IndexFlatIP(dim)
        ivf = faiss.IndexIVFFlat(quant, dim, nlist, faiss.METRIC_INNER_PRODUCT)
        ivf.cp.niter = 10
        ivf.cp.min_points_per_centroid = 1     # silence the "too few points" warning on tiny N
        sample = x[np.sort(rng.choice(n, train_n, replace=False))] if train_n < n else x
        ivf.train(sample)
        del sample
        ivf.add(x)
        build = time.perf_counter() - t
    scale_log(f"n={n} ivf nlist={nlist} built in {build:.1f}s", t0)
    ivf_q = tuple(v for v in NPROBE if v <= nlist) or (nlist,)

    def set_nprobe(v):
        ivf.nprobe = v
    curve = _sweep(ivf, set_nprobe, ivf_q, q, k, gt, lat_q, lat_seconds / 4)
    best = _pick(curve, (8, 16, 32, 64))
    set_nprobe(best["param"])
    p50_2t = _latency(ivf, q, k, lat_q, lat_seconds / 4, threads=2)[0] if threads > 1 else None
    rows.append(_row(n, "ivf", f"nlist={nlist},nprobe={best['param']}", build, best["p50_ms"],
                     best["p95_ms"], p50_2t, _index_bytes(ivf), mem, best["recall_at_10"], curve,
                     f"trained on {train_n} vectors, 10 k-means iterations"))
    scale_log(f"n={n} ivf nprobe={best['param']} recall={best['recall_at_10']}", t0)
    del ivf, quant
    gc.collect()
    return rows


def bm25_row(passages: list[list[int]], vocab: dict[str, int], n_queries: int, *,
             seed: int, lat_seconds: float, tokenizer_name: str) -> dict:
    import bm25s

    n = len(passages)
    with Memory() as mem:
        t = time.perf_counter()
        model = bm25s.BM25()                       # what qa.lexical uses (defaults)
        model.index((passages, dict(vocab)), show_progress=False)
        build = time.perf_counter() - t
    arrays = sum(model.scores[key].nbytes for key in ("data", "indices", "indptr"))
    vocab_bytes = sum(sys.getsizeof(tok) + 8 + 100 for tok in model.vocab_dict)  # str + id + dict slot
    inverse = {i: tok for tok, i in model.vocab_dict.items()}

    rng = np.random.default_rng((seed, 19, n))
    queries = []
    for doc in rng.integers(0, n, n_queries).tolist():
        distinct = list(dict.fromkeys(passages[doc]))
        take = min(len(distinct), int(rng.integers(3, 7)))
        queries.append([inverse[int(i)] for i in rng.choice(distinct, take, replace=False)])

    try:                                           # the app's own search path
        from ..lexical import LexicalIndex
        app = LexicalIndex(model)
        app_search = lambda i: app.search(queries[i % len(queries)], k=10)  # noqa: E731
        app_name = "qa.lexical.LexicalIndex.search"
    except Exception:
        def app_search(i):
            ids = sorted({model.vocab_dict[t] for t in queries[i % len(queries)]})
            s = model.get_scores_from_ids(ids)
            return np.argsort(-s, kind="stable")[:10]
        app_name = "bm25s scores + full argsort"

    def topk_search(i):
        ids = sorted({model.vocab_dict[t] for t in queries[i % len(queries)]})
        s = model.get_scores_from_ids(ids)
        top = np.argpartition(-s, 10)[:10] if len(s) > 10 else np.arange(len(s))
        return top[np.argsort(-s[top])]

    p50, p95 = _percentiles(time_single_queries(app_search, len(queries), lat_seconds))
    t50, t95 = _percentiles(time_single_queries(topk_search, len(queries), lat_seconds / 2))
    row = _row(n, "bm25", f"vocab={len(model.vocab_dict)}", build, p50, p95, None,
               arrays + vocab_bytes, mem, None,
               [{"param": "argpartition top-k", "p50_ms": round(t50, 3), "p95_ms": round(t95, 3)}],
               f"tokens: {tokenizer_name}; search: {app_name}; "
               f"nnz={int(model.scores['data'].size)}")
    del model
    gc.collect()
    return row
