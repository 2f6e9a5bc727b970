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
The synthetic data come from ``scale_data``, the rows from ``scale_rows``.
"""
from __future__ import annotations

import argparse
import gc
import json
import math
import time
from pathlib import Path
from typing import Sequence

from .scale_data import VectorModel, compose_passages, sentence_pool
from .scale_rows import EF_CONSTRUCTION, HNSW_M, RECALL_TARGET, bm25_row, dense_rows, scale_log

FULL_SIZES = (10_000, 100_000, 1_000_000)
QUICK_SIZES = (2_000, 10_000)
LATENCY_TARGET_MS = 100.0        # whole dense search per question, p50
# HNSW insertion at efConstruction 80 on this 2-core machine: 4 s / 10k, 43 s / 100k, 93 s / 300k,
# so several minutes for 1M -- too much for a run capped at 12 minutes. Above LARGE_N the full
# run builds with LARGE_EF_CONSTRUCTION (recorded in the row). Beware: efConstruction < 2*M
# caps the links an insertion can make, so that row's recall is a pessimistic lower bound;
# use --large-ef-construction 80 to measure the app's exact setting.
LARGE_N = 500_000
LARGE_EF_CONSTRUCTION = 16


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
    scale_log(f"generated {sizes[-1]} x {dim} vectors", t0)
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
        scale_log(f"bm25: {len(pool)} seed sentences, {len(vocab)} tokens, {len(passages_all)} passages", t0)
        for n in bm25_sizes:
            rows.append(bm25_row(passages_all[:n], vocab, min(100, queries), seed=seed,
                                 lat_seconds=lat_seconds / 2, tokenizer_name=tok_name))
            scale_log(f"n={n} bm25 built in {rows[-1]['build_s']}s p50={rows[-1]['p50_ms']}ms", t0)
    rows.sort(key=lambda r: (r["n"], ("flat", "hnsw", "ivf", "bm25").index(r["method"])))
    scale_log("done", t0)
    return rows


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
    from ..index import EXACT_SEARCH_LIMIT, IVF_NPROBE
    ivf = sorted((r for r in rows if r["method"] == "ivf"), key=lambda r: r["n"])
    probe = None
    if ivf:
        top = ivf[-1]
        probe = next((p["param"] for p in top["curve"] if p["recall_at_10"] >= RECALL_TARGET), None)
        ours = next((p for p in top["curve"] if p["param"] == IVF_NPROBE), None)
        out.append(f"IVF at {top['n']:,}: smallest nprobe with recall@10 >= {RECALL_TARGET} is {probe}; "
                   f"qa.index's nprobe={IVF_NPROBE}: recall {ours and ours['recall_at_10']}, "
                   f"p50 {ours and ours['p50_ms']} ms.")
    out.append(f"Rule: exact IndexFlatIP below ~{limit_round:,} passages; above, IVF (nlist≈4·√N, "
               f"nprobe≥{probe or '?'}) — measured at every size — or HNSW(M={HNSW_M}, "
               f"efConstruction={EF_CONSTRUCTION}, efSearch={ef or '?'}), whose 1M build is minutes longer. "
               f"qa.index uses IVF.")
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
