"""Indexing cost: passages embedded per second, and adding one article to a ~10k-passage index."""
from __future__ import annotations

import hashlib
import random
import shutil
import time
from pathlib import Path
from typing import Sequence

import numpy as np

from .common import SEEDS, UPLOAD_TEXT, log, mean


def embedding_throughput(embedder, passages: Sequence[str], count: int, batch: int = 64) -> dict:
    texts = [passages[i % len(passages)] for i in range(count)]
    embedder.embed_passages(texts[:8])                       # warm
    t = time.perf_counter()
    for i in range(0, len(texts), batch):
        embedder.embed_passages(texts[i:i + batch])
    s = time.perf_counter() - t
    return {"texts": count, "batch": batch, "seconds": s, "per_second": count / s,
            "mean_chars": mean(len(x) for x in texts)}


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
    from ..chunking import chunk_article, sentence_spans
    from ..records import Article
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
    from ..answering import Pipeline
    from ..index import build_from_articles
    from ..settings import Settings
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
