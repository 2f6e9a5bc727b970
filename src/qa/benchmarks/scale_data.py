"""Synthetic data for the scale curve: clustered unit vectors, and passages of resampled seed sentences.

Why the vectors are not uniform noise: uniform random vectors in 384 dimensions are all nearly
orthogonal, so "the 10 nearest" are arbitrary and ANN recall means nothing. The generator
draws topics (a two-level hierarchy of centroids with uneven sizes) and spreads each topic's
passages along its own low-dimensional subspace (decaying spectrum) plus a little isotropic
noise, which is roughly how sentence-embedding clouds look. Questions are perturbed copies of
corpus passages (80%) and fresh draws from the same topics (20%).
"""
from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Callable

import numpy as np

from .common import SEEDS


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


_SENTENCE_END = re.compile(r"[。！？；!?;\n]+")
_ANNOTATION = re.compile(r"\((?:[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\d?\s*)+\)")


def _tokenizer() -> tuple[Callable[[str], list[str]], str]:
    try:
        from ..lexical import tokenize
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
            from ..cleaning import normalize, read_article
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
