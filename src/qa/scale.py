"""Scale curve: how exact, HNSW and IVF dense search and BM25 behave from 10k to 1M passages.

``scale_curve`` measures, for each corpus size N, what the index stage would pay and what
a question would wait for:

* dense search over synthetic but *clustered* unit vectors (384-d like multilingual-e5-small):
  ``IndexFlatIP`` (exact, the reference), ``IndexHNSWFlat`` (M=32) with an efSearch sweep and
  ``IndexIVFFlat`` (nlist ~ 4*sqrt(N)) with an nprobe sweep. Each row has build seconds,
  single-query latency p50/p95 (one ``search`` call per question, as the app does), serialised
  index bytes, process RSS growth and recall@10 against exact search;
* BM25 (bm25s) over passages resampled from the real seed sentences and tokenised with the
  project tokenizer (``qa.lexical.tokenize``): build seconds, query latency and matrix bytes.

``recommend`` turns the curve into a rule ("exact below X passages, HNSW above") and checks
the settings in ``qa.index`` against it. Run ``python -m qa.scale [--quick] [--out f.json]``.

Why the vectors are not uniform noise: uniform random vectors in 384 dimensions are all nearly
orthogonal, so "the 10 nearest" are arbitrary and ANN recall means nothing. The generator
draws topics (a two-level hierarchy of centroids with uneven sizes) and spreads each topic's
passages along its own low-dimensional subspace (decaying spectrum) plus a little isotropic
noise, which is roughly how sentence-embedding clouds look. Questions are perturbed copies of
corpus passages (80%) and fresh draws from the same topics (20%).
"""
from __future__ import annotations

import argparse
import gc
import json
import math
import os
import re
import sys
import time
from pathlib import Path
from typing import Callable, Sequence

import faiss
import numpy as np

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"

FULL_SIZES = (10_000, 100_000, 1_000_000)
QUICK_SIZES = (2_000, 10_000)
EF_SEARCH = (16, 32, 64, 128, 256)
NPROBE = (4, 8, 16, 32, 64, 128)
RECALL_TARGET = 0.95
LATENCY_TARGET_MS = 100.0        # whole dense search per question, p50
HNSW_M = 32
EF_CONSTRUCTION = 80             # what qa.index uses
# HNSW insertion at efConstruction 80 on this 2-core machine: 4 s / 10k, 43 s / 100k, 93 s / 300k,
# so several minutes for 1M -- too much for a run capped at 12 minutes. Above LARGE_N the full
# run builds with LARGE_EF_CONSTRUCTION (recorded in the row). Beware: efConstruction < 2*M
# caps the links an insertion can make, so that row's recall is a pessimistic lower bound;
# use --large-ef-construction 80 to measure the app's exact setting.
LARGE_N = 500_000
LARGE_EF_CONSTRUCTION = 16

ROW_KEYS = ("n", "method", "param", "build_s", "p50_ms", "p95_ms", "p50_ms_2t", "index_bytes",
            "rss_delta_bytes", "recall_at_10", "curve", "note")


# ----------------------------------------------------------------------------- process memory

def _status(field: str) -> int:
    """A /proc/self/status field in bytes (0 where /proc is unavailable)."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def rss_bytes() -> int:
    return _status("VmRSS")


def _reset_peak() -> bool:
    """Reset VmHWM so the next read is the peak since now (Linux >= 4.0)."""
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
        return True
    except OSError:
        return False


class _Memory:
    """RSS before/after a build, and the peak in between where the kernel allows it."""

    def __enter__(self):
        gc.collect()
        self.before = rss_bytes()
        self.peak_ok = _reset_peak()
        return self

    def __exit__(self, *exc):
        self.after = rss_bytes()
        self.peak = _status("VmHWM") if self.peak_ok else self.after
        return False

    @property
    def delta(self) -> int:
        return self.after - self.before


# ----------------------------------------------------------------------------- vectors

def _one_blas_thread():
    """Small per-topic matmuls: OpenBLAS's thread hand-off makes a 100x48 @ 48x384 product
    take ~8 ms with 2 threads and 0.1 ms with one on this machine."""
    try:
        from threadpoolctl import threadpool_limits
        return threadpool_limits(1, user_api="blas")
    except Exception:
        import contextlib
        return contextlib.nullcontext()


class VectorModel:
    """Clustered unit vectors: super-topics -> topics -> passages on per-topic subspaces."""

    def __init__(self, dim: int = 384, topics: int = 2000, supertopics: int = 50,
                 latent: int = 48, spread: float = 0.7, noise: float = 0.35, seed: int = 0):
        rng = np.random.default_rng(seed)
        self.dim, self.latent, self.spread, self.noise = dim, latent, spread, noise
        parents = rng.standard_normal((supertopics, dim))
        parents /= np.linalg.norm(parents, axis=1, keepdims=True)
        owner = rng.integers(0, supertopics, topics)
        cent = parents[owner] + 0.9 * rng.standard_normal((topics, dim)) / math.sqrt(dim)
        self.centroids = (cent / np.linalg.norm(cent, axis=1, keepdims=True)).astype(np.float32)
        weights = rng.lognormal(0.0, 1.0, topics)
        self.weights = weights / weights.sum()
        spectrum = np.arange(1, latent + 1, dtype=np.float64) ** -0.5
        self.spectrum = (spectrum / np.linalg.norm(spectrum)).astype(np.float32)
        self._basis_seed = seed + 1

    def basis(self, topic: int) -> np.ndarray:
        """The topic's latent directions (latent x dim, rows ~unit), recreated on demand."""
        rng = np.random.default_rng((self._basis_seed, topic))
        return (rng.standard_normal((self.latent, self.dim)) / math.sqrt(self.dim)).astype(np.float32)

    def draw(self, topic: int, count: int, rng: np.random.Generator) -> np.ndarray:
        z = rng.standard_normal((count, self.latent), dtype=np.float32) * self.spectrum
        x = self.centroids[topic] + self.spread * (z @ self.basis(topic))
        x += (self.noise / math.sqrt(self.dim)) * rng.standard_normal((count, self.dim), dtype=np.float32)
        x /= np.linalg.norm(x, axis=1, keepdims=True)
        return x

    def corpus(self, n: int, seed: int = 0) -> np.ndarray:
        """``n`` passages in random order (any prefix is itself a random sample).

        Written topic by topic straight into their shuffled rows, so memory stays at the
        output array (n*dim*4 bytes) plus one topic's block.
        """
        with _one_blas_thread():
            return self._corpus(n, seed)

    def _corpus(self, n: int, seed: int) -> np.ndarray:
        rng = np.random.default_rng((seed, 7))
        out = np.empty((n, self.dim), dtype=np.float32)
        counts = rng.multinomial(n, self.weights)
        rows = rng.permutation(n)
        start = 0
        for topic in np.flatnonzero(counts):
            c = int(counts[topic])
            out[np.sort(rows[start:start + c])] = self.draw(int(topic), c, rng)
            start += c
        return out

    def queries(self, corpus: np.ndarray, count: int, seed: int = 0,
                fresh: float = 0.2, jitter: float = 0.5) -> np.ndarray:
        """Perturbed copies of random corpus passages plus fresh passages from known topics."""
        rng = np.random.default_rng((seed, 11, len(corpus)))
        n_fresh = int(round(count * fresh))
        picked = corpus[rng.integers(0, len(corpus), count - n_fresh)].copy()
        picked += (jitter / math.sqrt(self.dim)) * rng.standard_normal(picked.shape, dtype=np.float32)
        fresh_rows = [self.draw(int(t), 1, rng) for t in rng.choice(len(self.weights), n_fresh, p=self.weights)]
        q = np.vstack([picked, *fresh_rows]) if fresh_rows else picked
        q /= np.linalg.norm(q, axis=1, keepdims=True)
        return np.ascontiguousarray(q[rng.permutation(len(q))], dtype=np.float32)


# ----------------------------------------------------------------------------- measuring

def _percentiles(samples_s: Sequence[float]) -> tuple[float, float]:
    ms = np.asarray(samples_s) * 1000.0
    return float(np.percentile(ms, 50)), float(np.percentile(ms, 95))


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


def _log(msg: str, t0: float) -> None:
    print(f"[scale {time.perf_counter() - t0:7.1f}s] {msg}", file=sys.stderr, flush=True)


def dense_rows(x: np.ndarray, q: np.ndarray, k: int, *, quick: bool, t0: float,
               ef_construction: int, lat_seconds: float, seed: int = 0) -> list[dict]:
    n, dim = x.shape
    threads = os.cpu_count() or 1
    faiss.omp_set_num_threads(threads)
    lat_q = len(q)
    rows = []

    # Exact: the reference. Ground truth from one batched search (BLAS), latency one by one.
    with _Memory() as mem:
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
    _log(f"n={n} flat p50={p50:.1f}ms", t0)
    del flat
    gc.collect()
    gt = (gt_ids, gt_scores)

    # HNSW, M=32.
    with _Memory() as mem:
        t = time.perf_counter()
        hnsw = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        hnsw.hnsw.efConstruction = ef_construction
        hnsw.add(x)
        build = time.perf_counter() - t
    _log(f"n={n} hnsw built in {build:.1f}s (efConstruction {ef_construction})", t0)
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
    _log(f"n={n} hnsw efSearch={best['param']} recall={best['recall_at_10']}", t0)
    del hnsw
    gc.collect()

    # IVF-Flat, nlist ~ 4 sqrt(N), k-means on a sample.
    nlist = max(1, min(n // 8, int(round(4 * math.sqrt(n)))))
    train_n = min(n, max(nlist * 16, 10_000))
    rng = np.random.default_rng((seed, 13, n))
    with _Memory() as mem:
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
    _log(f"n={n} ivf nlist={nlist} built in {build:.1f}s", t0)
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
    _log(f"n={n} ivf nprobe={best['param']} recall={best['recall_at_10']}", t0)
    del ivf, quant
    gc.collect()
    return rows


# ----------------------------------------------------------------------------- BM25

_SENTENCE_END = re.compile(r"[。！？；!?;\n]+")
_ANNOTATION = re.compile(r"\((?:[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\d?\s*)+\)")


def _tokenizer() -> tuple[Callable[[str], list[str]], str]:
    try:
        from .lexical import tokenize
        return tokenize, "qa.lexical.tokenize"
    except Exception:              # not written yet / broken mid-edit: jieba words + bigrams
        import logging

        import jieba
        jieba.setLogLevel(logging.WARNING)
        han = re.compile(r"[\u3400-\u9fff]+|[a-z0-9]+(?:\.[0-9]+)?")

        def tokenize(text: str) -> list[str]:
            out: list[str] = []
            for run in han.findall(text.lower()):
                out.extend(w for w in jieba.cut(run) if w.strip())
                out.extend(run[i:i + 2] for i in range(len(run) - 1))
            return out
        return tokenize, "local jieba+bigram fallback"


def _seed_texts(folder: Path = SEEDS) -> list[str]:
    texts = []
    for path in sorted(folder.glob("*.txt")):
        try:
            from .cleaning import normalize, read_article
            texts.append(normalize(read_article(path).text))
        except Exception:
            texts.append(_ANNOTATION.sub("", path.read_text(encoding="utf-8", errors="replace")).lower())
    return texts


def sentence_pool(folder: Path = SEEDS) -> tuple[list[list[int]], dict[str, int], str]:
    """Seed sentences tokenised once: token-id lists and the vocabulary they index."""
    tokenize, name = _tokenizer()
    vocab: dict[str, int] = {}
    pool: list[list[int]] = []
    for text in _seed_texts(folder):
        for sentence in _SENTENCE_END.split(text):
            tokens = tokenize(sentence.strip())
            if len(tokens) >= 3:
                pool.append([vocab.setdefault(t, len(vocab)) for t in tokens])
    if not pool:
        raise RuntimeError(f"no seed sentences under {folder}")
    return pool, vocab, name


def compose_passages(pool: list[list[int]], n: int, seed: int = 0) -> list[list[int]]:
    """``n`` passages of 2-4 random pool sentences each, as token-id lists."""
    rng = np.random.default_rng((seed, 17))
    lengths = rng.integers(2, 5, n)
    picks = rng.integers(0, len(pool), int(lengths.sum())).tolist()
    out: list[list[int]] = []
    pos = 0
    for length in lengths.tolist():
        doc: list[int] = []
        for j in picks[pos:pos + length]:
            doc += pool[j]
        out.append(doc)
        pos += length
    return out


def bm25_row(passages: list[list[int]], vocab: dict[str, int], n_queries: int, *,
             seed: int, lat_seconds: float, tokenizer_name: str) -> dict:
    import bm25s

    n = len(passages)
    with _Memory() as mem:
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
        from .lexical import LexicalIndex
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


# ----------------------------------------------------------------------------- the curve

def scale_curve(sizes: Sequence[int] = FULL_SIZES, dim: int = 384, queries: int = 200, k: int = 10,
                seed: int = 0, quick: bool = False, bm25_max: int | None = None,
                large_ef_construction: int = LARGE_EF_CONSTRUCTION,
                lat_seconds: float | None = None) -> list[dict]:
    """One row per (size, method): flat / hnsw / ivf / bm25. See ``ROW_KEYS``.

    ``quick`` uses QUICK_SIZES when ``sizes`` is the default, fewer queries and shorter
    latency windows. Vectors are generated once at the largest size and sliced (a prefix
    of a shuffled sample is a sample); BM25 passages likewise, from a sentence pool
    tokenised once. Sizes above LARGE_N build HNSW with ``large_ef_construction``.
    """
    t0 = time.perf_counter()
    if quick and tuple(sizes) == FULL_SIZES:
        sizes = QUICK_SIZES
    if quick:
        queries = min(queries, 50)
    sizes = sorted(int(s) for s in sizes)
    if lat_seconds is None:
        lat_seconds = 2.0 if quick else 16.0
    if bm25_max is None:
        bm25_max = 1_000_000
    rows: list[dict] = []

    model = VectorModel(dim=dim, seed=seed)
    x_all = model.corpus(sizes[-1], seed=seed)
    _log(f"generated {sizes[-1]} x {dim} vectors", t0)
    for n in sizes:
        x = x_all[:n]
        q = model.queries(x, queries, seed=seed)
        efc = EF_CONSTRUCTION if n <= LARGE_N else large_ef_construction
        rows += dense_rows(x, q, k, quick=quick, t0=t0, ef_construction=efc,
                           lat_seconds=lat_seconds, seed=seed)
    del x_all, x
    gc.collect()

    bm25_sizes = [n for n in sizes if n <= bm25_max]
    if bm25_sizes:
        pool, vocab, tok_name = sentence_pool()
        passages_all = compose_passages(pool, bm25_sizes[-1], seed=seed)
        _log(f"bm25: {len(pool)} seed sentences, {len(vocab)} tokens, {len(passages_all)} passages", t0)
        for n in bm25_sizes:
            rows.append(bm25_row(passages_all[:n], vocab, min(100, queries), seed=seed,
                                 lat_seconds=lat_seconds / 2, tokenizer_name=tok_name))
            _log(f"n={n} bm25 built in {rows[-1]['build_s']}s p50={rows[-1]['p50_ms']}ms", t0)
    rows.sort(key=lambda r: (r["n"], ("flat", "hnsw", "ivf", "bm25").index(r["method"])))
    _log("done", t0)
    return rows


# ----------------------------------------------------------------------------- reporting

def _mb(b: int | None) -> str:
    return "" if b is None else f"{b / 1e6:,.1f}"


def format_table(rows: Sequence[dict]) -> str:
    """Markdown: one line per size and method, then the tuning curves."""
    head = ("| N | method | setting | build s | p50 ms | p95 ms | p50 ms (2 thr) | index MB "
            "| RSS Δ MB | recall@10 |\n|---:|---|---|---:|---:|---:|---:|---:|---:|---:|")
    lines = [head]
    for r in rows:
        two = "" if r["p50_ms_2t"] is None else f"{r['p50_ms_2t']:.2f}"
        rec = "" if r["recall_at_10"] is None else f"{r['recall_at_10']:.3f}"
        lines.append(
            f"| {r['n']:,} | {r['method']} | {r['param']} | {r['build_s']:.1f} | {r['p50_ms']:.2f} "
            f"| {r['p95_ms']:.2f} | {two} | {_mb(r['index_bytes'])} | {_mb(r['rss_delta_bytes'])} "
            f"| {rec} |")
    curves = ["", "| N | method | param | recall@10 | p50 ms | p95 ms |", "|---:|---|---|---:|---:|---:|"]
    for r in rows:
        if r["method"] in ("hnsw", "ivf"):
            name = "efSearch" if r["method"] == "hnsw" else "nprobe"
            for p in r["curve"]:
                curves.append(f"| {r['n']:,} | {r['method']} | {name}={p['param']} | "
                              f"{p['recall_at_10']:.3f} | {p['p50_ms']:.2f} | {p['p95_ms']:.2f} |")
        elif r["method"] == "bm25":
            for p in r["curve"]:
                curves.append(f"| {r['n']:,} | bm25 | {p['param']} | | {p['p50_ms']:.2f} | {p['p95_ms']:.2f} |")
    notes = [f"- {r['n']:,} {r['method']}: {r['note']}" for r in rows if r.get("note")]
    return "\n".join(lines + curves + ([""] + notes if notes else []))


def recommend(rows: Sequence[dict], flat_budget_ms: float = 50.0) -> str:
    """The rule the curve supports, and how qa.index's settings fare against it.

    Exact search costs time linear in N with no build and perfect recall; it is kept while its
    single-query p50 stays under ``flat_budget_ms`` (half the ~100 ms search budget, since BM25
    and the question embedding share it). The break-even N is extrapolated linearly from the
    largest measured flat point.
    """
    flats = sorted((r for r in rows if r["method"] == "flat"), key=lambda r: r["n"])
    if not flats:
        return "no flat rows"
    big = flats[-1]
    ms_per_vec = big["p50_ms"] / big["n"]
    limit = int(flat_budget_ms / ms_per_vec)
    limit_round = int(10 ** math.floor(math.log10(limit)) *
                      round(limit / 10 ** math.floor(math.log10(limit)))) if limit > 0 else 0
    hnsw = sorted((r for r in rows if r["method"] == "hnsw"), key=lambda r: r["n"])
    out = [f"exact flat p50 = {ms_per_vec * 1e6:.1f} ms per 1M vectors (single thread); "
           f"it stays under {flat_budget_ms:.0f} ms up to ~{limit:,} passages."]
    ef = None
    weak = [r for r in hnsw if f"efC={EF_CONSTRUCTION}," not in r["param"]]
    hnsw = [r for r in hnsw if r not in weak]
    for r in weak:
        at = max(r["curve"], key=lambda p: p["recall_at_10"])
        out.append(f"(HNSW at {r['n']:,} was built with {r['param'].split(',')[1]} only: best recall "
                   f"{at['recall_at_10']} at efSearch={at['param']}; not used for the rule.)")
    if hnsw:
        top = hnsw[-1]
        ef = next((p["param"] for p in top["curve"]           # 16 leaves no margin as N grows
                   if p["param"] in (32, 64, 128) and p["recall_at_10"] >= RECALL_TARGET), None)
        at64 = next((p for p in top["curve"] if p["param"] == 64), None)
        out.append(f"HNSW at {top['n']:,} ({top['param'].rsplit(',', 1)[0]}): smallest efSearch in 32/64/128 with "
                   f"recall@10 >= {RECALL_TARGET} is {ef}; at efSearch=64 recall={at64 and at64['recall_at_10']}, "
                   f"p50={at64 and at64['p50_ms']} ms.")
    out.append(f"Rule: exact IndexFlatIP below ~{limit_round:,} passages, "
               f"HNSW(M={HNSW_M}, efConstruction={EF_CONSTRUCTION}, efSearch={ef or '?'}) above.")
    try:
        from .index import EXACT_SEARCH_LIMIT
    except Exception:
        EXACT_SEARCH_LIMIT = None
    if EXACT_SEARCH_LIMIT:
        flat_at_limit = ms_per_vec * EXACT_SEARCH_LIMIT
        out.append(f"qa.index.EXACT_SEARCH_LIMIT = {EXACT_SEARCH_LIMIT:,}: flat p50 there ~{flat_at_limit:.0f} ms "
                   f"({'within' if flat_at_limit <= LATENCY_TARGET_MS else 'over'} the {LATENCY_TARGET_MS:.0f} ms budget).")
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m qa.scale", description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="sizes 2k and 10k, < 1 minute")
    ap.add_argument("--sizes", type=lambda s: tuple(int(v) for v in s.split(",")), default=FULL_SIZES)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--bm25-max", type=int, default=None)
    ap.add_argument("--large-ef-construction", type=int, default=LARGE_EF_CONSTRUCTION,
                    help=f"efConstruction for HNSW above {LARGE_N:,} vectors")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, help="write rows as JSON here")
    args = ap.parse_args(argv)
    t = time.perf_counter()
    rows = scale_curve(sizes=args.sizes, queries=args.queries, seed=args.seed, quick=args.quick,
                       bm25_max=args.bm25_max, large_ef_construction=args.large_ef_construction)
    total = time.perf_counter() - t
    print(format_table(rows))
    print()
    print(recommend(rows))
    print(f"\ntotal {total:.1f} s")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps({"rows": rows, "seconds": round(total, 1),
                                        "recommendation": recommend(rows)}, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
