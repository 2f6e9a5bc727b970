"""The naive baseline the latency table compares against: raw files, a generic splitter, flat search."""
from __future__ import annotations

import time
from pathlib import Path

import numpy as np

NAIVE_CHUNK, NAIVE_OVERLAP = 500, 50


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
