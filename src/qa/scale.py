"""``python -m qa.scale``: the scale curve, moved to ``qa.benchmarks.scale``; re-exported here."""
from .benchmarks.scale import (FULL_SIZES, LARGE_EF_CONSTRUCTION, LARGE_N, LATENCY_TARGET_MS, QUICK_SIZES,
                               format_table, main, recommend, scale_curve)
from .benchmarks.scale_data import VectorModel, compose_passages, sentence_pool
from .benchmarks.scale_rows import (EF_CONSTRUCTION, EF_SEARCH, HNSW_M, NPROBE, RECALL_TARGET, ROW_KEYS,
                                    bm25_row, dense_rows, recall_at_k, time_single_queries)

__all__ = ["EF_CONSTRUCTION", "EF_SEARCH", "FULL_SIZES", "HNSW_M", "LARGE_EF_CONSTRUCTION", "LARGE_N",
           "LATENCY_TARGET_MS", "NPROBE", "QUICK_SIZES", "RECALL_TARGET", "ROW_KEYS", "VectorModel",
           "bm25_row", "compose_passages", "dense_rows", "format_table", "main", "recall_at_k", "recommend",
           "scale_curve", "sentence_pool", "time_single_queries"]

if __name__ == "__main__":
    raise SystemExit(main())
