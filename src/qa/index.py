"""Index stage: passages and sentences embedded into FAISS, persisted as plain files.

Layout of an index directory::

    index/
      CURRENT            name of the live generation (replaced atomically, last)
      g-<stamp>/         one complete generation
        manifest.json    model, dimension, chunking, per-file hashes, package version
        articles.jsonl   cleaned articles (what citations and "read the article" show)
        passages.jsonl   passages with offsets into their article
        sentences.jsonl  sentence offsets (answers are extracted at sentence level)
        passages.npy, sentences.npy   the embeddings (reused for unchanged articles)
        passages.faiss   FAISS index over passages.npy
        bm25/            lexical index (bm25s format, no pickle)

A new generation is written completely before CURRENT points at it, so a build killed
midway leaves the previous index loadable and never a half-written one.
"""
from __future__ import annotations

import json
import os
import shutil
import sys
import time
from dataclasses import asdict, dataclass, field, replace
from functools import cached_property
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Iterable, Sequence

import faiss
import numpy as np

from .chunking import chunk_article, sentence_spans
from .cleaning import normalize, read_corpus
from .embedding import Embedder, load_embedder
from .lexical import LexicalIndex, romanization_index
from .places import attested_places
from .records import Article, Passage, Skipped
from .settings import Settings

FORMAT_VERSION = 1
# Exact inner-product search is fast enough below this many passages (≈ 23 ms at 200k on one
# core); above it an inverted-file index keeps latency flat. Scale curve (python -m qa.bench):
# at 1M passages exact search takes 115–211 ms, IVF (nlist 4000, nprobe 8) 0.56 ms at
# recall@10 0.998 with an 83 s build, while HNSW needs efConstruction ≥ 64 and minutes more.
EXACT_SEARCH_LIMIT = 200_000
IVF_NPROBE = 16     # twice what reached recall 0.998 on the benchmark, for margin on real text


class IndexDamaged(RuntimeError):
    """The index on disk is missing, damaged or does not match what was asked for."""


def pipeline_fingerprint() -> str:
    """Hash of the code that decides what gets indexed (cleaning, chunking): when it
    changes, passages are rebuilt even though no article file changed."""
    import hashlib
    from . import chunking, cleaning
    h = hashlib.sha256()
    for module in (cleaning, chunking):
        h.update(Path(module.__file__).read_bytes())
    return h.hexdigest()[:16]


def package_version() -> str:
    """The installed distribution's version, else the source tree's ``qa.__version__``."""
    try:
        return version("qa")
    except PackageNotFoundError:    # run from a checkout (PYTHONPATH=src), not installed
        from . import __version__
        return __version__


@dataclass(frozen=True)
class SentenceRef:
    """One sentence of an article: ``article.text[start:end]``."""

    source: str
    start: int
    end: int


@dataclass(frozen=True)
class BuildReport:
    articles: int
    passages: int
    embedded: int           # passages + sentences embedded in this build (the rest were reused)
    skipped: list[Skipped]
    seconds: float
    rebuilt: list[str] = field(default_factory=list)   # files (re)embedded
    removed: list[str] = field(default_factory=list)   # files dropped from the index


@dataclass(frozen=True)
class Index:
    """A loaded, read-only index: everything retrieval and extraction need in memory."""

    path: Path
    manifest: dict
    articles: dict[str, Article]
    passages: list[Passage]
    passage_vectors: np.ndarray
    faiss_index: "faiss.Index"
    sentences: list[SentenceRef]
    sentence_vectors: np.ndarray
    lexical: LexicalIndex
    normalized: dict[str, str]          # article id -> normalize(article.text)
    sentence_ranges: dict[str, tuple[int, int]] = field(default_factory=dict)  # article id -> [lo, hi) in sentences
    report: BuildReport | None = None

    @property
    def model(self) -> str:
        return self.manifest["model"]

    @cached_property
    def places(self) -> frozenset[str]:
        """Gazetteer names these articles use as places (``qa.places.attested_places``),
        found once per loaded index."""
        return attested_places(self.normalized.values())

    @cached_property
    def romanized(self) -> dict[str, tuple[str, ...]]:
        """Pinyin -> the words of these articles spelled so, commonest first
        (``qa.lexical.romanization_index``), built at the first English question."""
        vocabulary = self.lexical.vocabulary
        return romanization_index(sorted(vocabulary, key=lambda w: -self.lexical.doc_freq(w)))

    def sentence_text(self, s: SentenceRef) -> str:
        return self.articles[s.source].text[s.start:s.end]


# ----------------------------------------------------------------------------- writing

def _faiss_for(vectors: np.ndarray) -> tuple["faiss.Index", str]:
    """Exact search below EXACT_SEARCH_LIMIT passages, IVF above (recorded in the manifest)."""
    n, dim = vectors.shape
    if n < EXACT_SEARCH_LIMIT:
        index = faiss.IndexFlatIP(dim)
        kind = "flat"
    else:
        nlist = max(1, min(int(4 * np.sqrt(n)), n // 39))    # FAISS wants ≥ 39 training points a list
        index = faiss.IndexIVFFlat(faiss.IndexFlatIP(dim), dim, nlist, faiss.METRIC_INNER_PRODUCT)
        sample = vectors[np.random.default_rng(0).choice(n, size=min(n, 64 * nlist), replace=False)]
        index.train(sample)
        index.nprobe = IVF_NPROBE
        kind = f"ivf{nlist},nprobe{IVF_NPROBE}"
    if n:
        index.add(vectors)
    return index, kind


def _write_jsonl(path: Path, rows: Iterable[dict]) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def _read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError:
        pass


def _write_generation(index_dir: Path, manifest: dict, articles: list[Article],
                      passages: list[Passage], pvec: np.ndarray,
                      sentences: list[SentenceRef], svec: np.ndarray,
                      lexical: LexicalIndex) -> Path:
    index_dir.mkdir(parents=True, exist_ok=True)
    name = f"g-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 1_000_000:06d}"
    tmp = index_dir / f".tmp-{name}"
    tmp.mkdir()
    try:
        _write_jsonl(tmp / "articles.jsonl", (asdict(a) for a in articles))
        _write_jsonl(tmp / "passages.jsonl", (p.to_dict() for p in passages))
        _write_jsonl(tmp / "sentences.jsonl", ([s.source, s.start, s.end] for s in sentences))
        np.save(tmp / "passages.npy", pvec)
        np.save(tmp / "sentences.npy", svec)
        fidx, kind = _faiss_for(pvec)
        faiss.write_index(fidx, str(tmp / "passages.faiss"))
        lexical.save(tmp / "bm25")
        manifest = {**manifest, "faiss": kind, "passages": len(passages), "sentences": len(sentences)}
        (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        for f in tmp.iterdir():
            if f.is_file():
                with open(f, "rb") as fh:
                    os.fsync(fh.fileno())
        final = index_dir / name
        os.replace(tmp, final)
        pointer = index_dir / ".CURRENT.tmp"
        pointer.write_text(name + "\n", encoding="utf-8")
        with open(pointer, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(pointer, index_dir / "CURRENT")      # the single atomic switch
        _fsync_dir(index_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _collect_garbage(index_dir, keep=name)
    return final


def _collect_garbage(index_dir: Path, keep: str) -> None:
    """Remove older generations and leftovers of killed builds (best effort)."""
    for child in index_dir.iterdir():
        if child.is_dir() and child.name != keep and (child.name.startswith("g-") or child.name.startswith(".tmp-")):
            if child.name.startswith(".tmp-") and child.stat().st_mtime > time.time() - 3600:
                continue    # maybe another process is building right now
            shutil.rmtree(child, ignore_errors=True)


# ----------------------------------------------------------------------------- building

def _sentence_refs(article: Article) -> list[SentenceRef]:
    return [SentenceRef(article.id, s, e) for s, e in sentence_spans(article.text)]


def _progress(total: int, desc: str, enabled: bool):
    from tqdm import tqdm
    return tqdm(total=total, desc=desc, unit="text", disable=not enabled, file=sys.stderr, leave=False)


def _embed(embedder: Embedder, texts: list[str], show: bool, desc: str, batch: int = 64) -> np.ndarray:
    out = np.zeros((len(texts), embedder.dim), dtype=np.float32)
    with _progress(len(texts), desc, show) as bar:
        for i in range(0, len(texts), batch):
            out[i:i + batch] = embedder.embed_passages(texts[i:i + batch])
            bar.update(min(batch, len(texts) - i))
    return out


def _manifest(settings: Settings, embedder: Embedder, corpus_dir: Path, articles: list[Article]) -> dict:
    return {
        "format": FORMAT_VERSION,
        "package_version": package_version(),
        "pipeline": pipeline_fingerprint(),
        "model": settings.model,
        "embedder": embedder.name,
        "dim": embedder.dim,
        "chunk_size": settings.chunk_size,
        "chunk_overlap": settings.chunk_overlap,
        "corpus_dir": str(Path(corpus_dir).resolve()),
        "files": {a.id: a.content_hash for a in articles},
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%S"),
    }


def _reusable(previous: Index | None, settings: Settings, embedder: Embedder) -> Index | None:
    """An old index whose vectors can be reused: same model, dimension, chunking and format."""
    if previous is None:
        return None
    m = previous.manifest
    same = (m.get("format") == FORMAT_VERSION and m.get("model") == settings.model
            and m.get("dim") == embedder.dim and m.get("chunk_size") == settings.chunk_size
            and m.get("chunk_overlap") == settings.chunk_overlap)
    return previous if same else None


def build_from_articles(articles: list[Article], settings: Settings, *, corpus_dir: Path,
                        embedder: Embedder | None = None, previous: Index | None = None,
                        skipped: Sequence[Skipped] = (), show_progress: bool = False) -> Index:
    """Embed what changed since ``previous`` and write a new generation."""
    t0 = time.perf_counter()
    embedder = embedder or load_embedder(settings.model)
    previous = _reusable(previous, settings, embedder)
    articles = sorted(articles, key=lambda a: a.id)
    old_hash = previous.manifest["files"] if previous else {}
    same_code = previous is not None and previous.manifest.get("pipeline") == pipeline_fingerprint()
    unchanged = {a.id for a in articles if same_code and old_hash.get(a.id) == a.content_hash}

    passages: list[Passage] = []
    sentences: list[SentenceRef] = []
    for a in articles:
        passages.extend(chunk_article(a, settings.chunk_size, settings.chunk_overlap))
        sentences.extend(_sentence_refs(a))

    by_id = {a.id: a for a in articles}
    pvec = np.zeros((len(passages), embedder.dim), dtype=np.float32)
    svec = np.zeros((len(sentences), embedder.dim), dtype=np.float32)
    todo_p = list(range(len(passages)))
    todo_s = list(range(len(sentences)))
    if previous:
        # Keyed by text as well as position: vectors are reused only for identical text.
        old_p = {(p.source, p.start, p.end, p.text): i for i, p in enumerate(previous.passages)}
        old_s = {(s.source, s.start, s.end, previous.sentence_text(s)): i for i, s in enumerate(previous.sentences)}
        todo_p = []
        for i, p in enumerate(passages):
            j = old_p.get((p.source, p.start, p.end, p.text))
            if j is None:
                todo_p.append(i)
            else:
                pvec[i] = previous.passage_vectors[j]
        todo_s = []
        for i, s in enumerate(sentences):
            j = old_s.get((s.source, s.start, s.end, by_id[s.source].text[s.start:s.end]))
            if j is None:
                todo_s.append(i)
            else:
                svec[i] = previous.sentence_vectors[j]

    if todo_p:
        pvec[todo_p] = _embed(embedder, [passages[i].text for i in todo_p], show_progress, "embedding passages")
    if todo_s:
        texts = [by_id[sentences[i].source].text[sentences[i].start:sentences[i].end] for i in todo_s]
        svec[todo_s] = _embed(embedder, texts, show_progress, "embedding sentences")

    lexical = LexicalIndex.build([normalize(p.text) for p in passages])
    manifest = _manifest(settings, embedder, corpus_dir, articles)
    path = _write_generation(Path(settings.index_dir), manifest, articles, passages, pvec, sentences, svec, lexical)
    index = _load_generation(path)
    rebuilt = sorted(a.id for a in articles if a.id not in unchanged)
    removed = sorted(set(old_hash) - set(by_id))
    report = BuildReport(len(articles), len(passages), len(todo_p) + len(todo_s), list(skipped),
                         time.perf_counter() - t0, rebuilt, removed)
    return replace(index, report=report)


def build_index(corpus_dir: str | Path | None = None, index_dir: str | Path | None = None, *,
                model: str | None = None, embedder: Embedder | None = None,
                settings: Settings | None = None, show_progress: bool = False) -> Index:
    """Clean, chunk and embed every article in ``corpus_dir`` into ``index_dir``.

    Articles whose file hash is unchanged since the last build keep their vectors; only
    new or edited articles are embedded. Bad files are skipped and listed in ``index.report``.
    """
    settings = settings or Settings.from_env(corpus_dir=corpus_dir, index_dir=index_dir, model=model)
    if embedder is not None and model is None and settings.model != embedder.name:
        settings = replace(settings, model=embedder.name)
    corpus = Path(settings.corpus_dir)
    articles, skipped = read_corpus(corpus, max_bytes=settings.max_file_bytes)
    if not articles:
        reasons = "; ".join(str(s) for s in skipped) or "no .txt, .md or .html files"
        raise IndexDamaged(f"no article could be indexed from {corpus}: {reasons}")
    previous = _try_load(Path(settings.index_dir))
    return build_from_articles(articles, settings, corpus_dir=corpus, embedder=embedder,
                               previous=previous, skipped=skipped, show_progress=show_progress)


# ----------------------------------------------------------------------------- loading

def _current(index_dir: Path) -> Path:
    pointer = index_dir / "CURRENT"
    if not pointer.is_file():
        raise IndexDamaged(f"no index in {index_dir} (run `qa index` to build one)")
    gen = index_dir / pointer.read_text(encoding="utf-8").strip()
    if not gen.is_dir():
        raise IndexDamaged(f"index {index_dir} is damaged: CURRENT names a missing generation {gen.name}")
    return gen


def _load_generation(gen: Path) -> Index:
    """Read one generation and check its parts agree with each other and the manifest."""
    try:
        manifest = json.loads((gen / "manifest.json").read_text(encoding="utf-8"))
        if manifest.get("format") != FORMAT_VERSION:
            raise IndexDamaged(f"index format {manifest.get('format')} is not {FORMAT_VERSION}")
        articles = {row["id"]: Article(**row) for row in _read_jsonl(gen / "articles.jsonl")}
        passages = [Passage(**row) for row in _read_jsonl(gen / "passages.jsonl")]
        sentences = [SentenceRef(*row) for row in _read_jsonl(gen / "sentences.jsonl")]
        pvec = np.load(gen / "passages.npy", allow_pickle=False)
        svec = np.load(gen / "sentences.npy", allow_pickle=False)
        fidx = faiss.read_index(str(gen / "passages.faiss"))
        lexical = LexicalIndex.load(gen / "bm25")
    except IndexDamaged:
        raise
    except Exception as exc:   # truncated files surface as many exception types
        raise IndexDamaged(f"index {gen.parent} is damaged ({type(exc).__name__}: {exc})") from exc
    dim = manifest.get("dim")
    problems = []
    if len(passages) != manifest.get("passages") or pvec.shape != (len(passages), dim):
        problems.append(f"{len(passages)} passages but vectors {pvec.shape}, manifest {manifest.get('passages')}")
    if fidx.ntotal != len(passages) or fidx.d != dim:
        problems.append(f"FAISS holds {fidx.ntotal}×{fidx.d}, expected {len(passages)}×{dim}")
    if svec.shape != (len(sentences), dim):
        problems.append(f"{len(sentences)} sentences but vectors {svec.shape}")
    if set(manifest.get("files", {})) != set(articles):
        problems.append("articles do not match the manifest")
    if any(p.source not in articles or articles[p.source].text[p.start:p.end] != p.text for p in passages):
        problems.append("passage offsets do not match their articles")
    if problems:
        raise IndexDamaged(f"index {gen.parent} is damaged: " + "; ".join(problems))
    normalized = {aid: normalize(a.text) for aid, a in articles.items()}
    ranges: dict[str, tuple[int, int]] = {}
    for i, s in enumerate(sentences):
        lo, _ = ranges.get(s.source, (i, i))
        ranges[s.source] = (lo, i + 1)
    return Index(gen, manifest, articles, passages, pvec, fidx, sentences, svec, lexical, normalized, ranges)


def _try_load(index_dir: Path) -> Index | None:
    try:
        return _load_generation(_current(index_dir))
    except IndexDamaged:
        return None


def _corpus_state(corpus: Path, max_bytes: int) -> tuple[list[Article], list[Skipped]] | None:
    if not corpus.is_dir():
        return None
    return read_corpus(corpus, max_bytes=max_bytes)


def _model_mismatch(index: Index, wanted_model: str, embedder: Embedder | None) -> str:
    """Why ``index`` cannot serve queries embedded by ``wanted_model``/``embedder`` ("" if it can)."""
    dim = index.manifest.get("dim")
    if wanted_model != index.model or (embedder is not None and embedder.dim != dim):
        want = f"{wanted_model!r}" + (f" (dim {embedder.dim})" if embedder is not None else "")
        return f"index {index.path.parent} was built with model {index.model!r} (dim {dim}), not {want}"
    return ""


def load_index(index_dir: str | Path | None = None, *, corpus_dir: str | Path | None = None,
               model: str | None = None, embedder: Embedder | None = None,
               check_corpus: bool = True, show_progress: bool = False) -> Index:
    """Load the index, first bringing it up to date with its corpus and model.

    A changed, added or removed article, another model, or a damaged or missing index is
    rebuilt (incrementally where vectors can be reused) rather than answered from stale data.
    """
    settings = Settings.from_env(index_dir=index_dir, corpus_dir=corpus_dir, model=model)
    if embedder is not None and model is None:
        settings = replace(settings, model=embedder.name)
    path = Path(settings.index_dir)
    try:
        index = _load_generation(_current(path))
    except IndexDamaged as exc:
        if not check_corpus or not Path(settings.corpus_dir).is_dir():
            raise
        first = not (path / "CURRENT").exists()
        print(f"qa: building the index of {settings.corpus_dir} in {path} (first start)" if first
              else f"qa: {exc}; rebuilding from {settings.corpus_dir}", file=sys.stderr)
        return build_index(settings=settings, embedder=embedder, show_progress=show_progress)
    if corpus_dir is None and "QA_CORPUS" not in os.environ:
        settings = replace(settings, corpus_dir=Path(index.manifest.get("corpus_dir", settings.corpus_dir)))
    wanted_model = settings.model if (model or embedder or "QA_MODEL" in os.environ) else index.model
    mismatch = _model_mismatch(index, wanted_model, embedder)
    if not check_corpus:
        if mismatch:   # query vectors from another model would be meaningless against these
            raise IndexDamaged(f"{mismatch}; rebuild it with `qa index`")
        return index
    settings = replace(settings, model=wanted_model, chunk_size=index.manifest.get("chunk_size", settings.chunk_size),
                       chunk_overlap=index.manifest.get("chunk_overlap", settings.chunk_overlap))
    state = _corpus_state(Path(settings.corpus_dir), settings.max_file_bytes)
    if state is None:
        if mismatch:
            raise IndexDamaged(f"{mismatch}, and the corpus folder {settings.corpus_dir} "
                               "is not there to rebuild it from")
        return index      # corpus folder gone: the index is all we have, and it is self-consistent
    articles, skipped = state
    current = {a.id: a.content_hash for a in articles}
    if (current == index.manifest["files"] and not mismatch
            and index.manifest.get("pipeline") == pipeline_fingerprint()):
        return index
    if not articles:
        if mismatch:
            raise IndexDamaged(f"{mismatch}, and no article in {settings.corpus_dir} "
                               "could be read to rebuild it")
        return index
    return build_from_articles(articles, settings, corpus_dir=Path(settings.corpus_dir),
                               embedder=embedder, previous=index, skipped=skipped,
                               show_progress=show_progress)
