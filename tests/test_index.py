"""Index stage: build/load round trip, manifest, incremental staleness, atomic writes,
damaged indexes and bad corpus files. Uses the deterministic HashEmbedder throughout."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import faiss
import numpy as np
import pytest

import qa
from qa.embedding import HashEmbedder
from qa.index import FORMAT_VERSION, IndexDamaged, build_index, load_index
from qa.settings import Settings

from conftest import ARTICLE_A, TINY_ARTICLES


class CountingEmbedder:
    """HashEmbedder that records every text it embeds (and can pose as another model)."""

    def __init__(self, dim: int = 64, name: str | None = None) -> None:
        self._inner = HashEmbedder(dim)
        self.dim = dim
        self.name = name or self._inner.name
        self.passage_texts: list[str] = []

    def embed_passages(self, texts):
        self.passage_texts.extend(texts)
        return self._inner.embed_passages(texts)

    def embed_queries(self, texts):
        return self._inner.embed_queries(texts)


def _gen(index_dir: Path) -> Path:
    return index_dir / (index_dir / "CURRENT").read_text(encoding="utf-8").strip()


def _passage_keys(index) -> list[tuple]:
    return [(p.source, p.start, p.end, p.text, p.id) for p in index.passages]


def _generations(index_dir: Path) -> list[str]:
    return sorted(c.name for c in index_dir.iterdir() if c.is_dir() and c.name.startswith(("g-", ".tmp-")))


# ----------------------------------------------------------------------------- round trip

def test_build_then_load_round_trip(tmp_path, tiny_corpus, fake_index):
    loaded = load_index(tmp_path / "index", corpus_dir=tiny_corpus, embedder=HashEmbedder())
    assert loaded.path == fake_index.path                      # nothing changed: no rebuild
    assert _passage_keys(loaded) == _passage_keys(fake_index)
    assert set(loaded.articles) == set(TINY_ARTICLES)
    assert len(loaded.passages) >= 3                            # at least one per article
    for p in loaded.passages:
        assert loaded.articles[p.source].text[p.start:p.end] == p.text
    for s in loaded.sentences:
        assert loaded.sentence_text(s).strip()
    assert loaded.passage_vectors.shape == (len(loaded.passages), 64)
    assert loaded.faiss_index.ntotal == len(loaded.passages)
    np.testing.assert_allclose(np.linalg.norm(loaded.passage_vectors, axis=1), 1.0, rtol=1e-5)


def test_cleaning_applied_before_indexing(fake_index):
    b = fake_index.articles["b_shangluo.txt"]
    assert "(zhǎng)" not in b.text and "(guān)" not in b.text      # pinyin annotations dropped
    assert "局長李明" in b.text and "機關化解" in b.text           # traditional text kept as written
    assert not any("(zh" in p.text for p in fake_index.passages)


def test_passage_ids_are_stable_across_rebuilds(tmp_path, tiny_corpus, fake_index):
    other = build_index(tiny_corpus, tmp_path / "index2", embedder=HashEmbedder())
    assert [p.id for p in other.passages] == [p.id for p in fake_index.passages]
    assert len({p.id for p in other.passages}) == len(other.passages)


# ----------------------------------------------------------------------------- manifest

def test_manifest_records_model_dim_chunking_hashes_version(tmp_path, tiny_corpus, fake_index):
    m = json.loads((fake_index.path / "manifest.json").read_text(encoding="utf-8"))
    assert m["format"] == FORMAT_VERSION
    assert m["model"] == "hash-64" and m["dim"] == 64
    assert m["chunk_size"] == Settings().chunk_size and m["chunk_overlap"] == Settings().chunk_overlap
    assert m["files"] == {name: hashlib.sha256((tiny_corpus / name).read_bytes()).hexdigest()
                          for name in TINY_ARTICLES}
    assert m["package_version"] == qa.__version__
    assert m["passages"] == len(fake_index.passages)
    assert Path(m["corpus_dir"]) == tiny_corpus.resolve()


def test_manifest_records_custom_chunk_settings(tmp_path, tiny_corpus):
    settings = Settings(corpus_dir=tiny_corpus, index_dir=tmp_path / "ix", model="hash-64",
                        chunk_size=60, chunk_overlap=10)
    index = build_index(settings=settings, embedder=HashEmbedder())
    m = index.manifest
    assert (m["chunk_size"], m["chunk_overlap"]) == (60, 10)
    assert len(index.passages) > 3                              # 60-char chunks split the ~100-char articles
    assert all(len(p.text) <= 60 for p in index.passages)
    for p in index.passages:
        assert index.articles[p.source].text[p.start:p.end] == p.text


# ----------------------------------------------------------------------------- staleness

def test_unchanged_corpus_embeds_nothing(tmp_path, tiny_corpus, fake_index):
    emb = CountingEmbedder()
    again = load_index(tmp_path / "index", corpus_dir=tiny_corpus, embedder=emb)
    assert emb.passage_texts == []
    assert again.path == fake_index.path


def test_editing_one_article_reembeds_only_its_passages(tmp_path, tiny_corpus, fake_index):
    edited = ARTICLE_A.replace("318起", "320起")
    (tiny_corpus / "a_weinan.txt").write_text(edited, encoding="utf-8")
    emb = CountingEmbedder()
    index = load_index(tmp_path / "index", corpus_dir=tiny_corpus, embedder=emb)
    assert index.report.rebuilt == ["a_weinan.txt"]
    assert emb.passage_texts, "the edited article must be re-embedded"
    new_a = index.articles["a_weinan.txt"].text
    assert all(t in new_a for t in emb.passage_texts), emb.passage_texts
    assert any("320起" in t for t in emb.passage_texts)
    # Only the changed passage and the changed sentence: 1 passage + 1 sentence → 2 texts.
    assert len(emb.passage_texts) == 2
    assert index.report.embedded == 2
    assert any("320起" in p.text for p in index.passages)
    assert not any("318起" in p.text for p in index.passages)
    # The other articles' vectors were reused unchanged.
    old = {(p.source, p.start, p.end): v for p, v in zip(fake_index.passages, fake_index.passage_vectors)}
    for p, v in zip(index.passages, index.passage_vectors):
        if p.source != "a_weinan.txt":
            np.testing.assert_array_equal(v, old[(p.source, p.start, p.end)])


def test_adding_an_article_adds_it(tmp_path, tiny_corpus, fake_index):
    (tiny_corpus / "d_xian.txt").write_text(
        "西安市公安局举行新闻发布会\n\n2024年5月，西安市公安局通报全市共侦破电信诈骗案件456起。\n",
        encoding="utf-8")
    emb = CountingEmbedder()
    index = load_index(tmp_path / "index", corpus_dir=tiny_corpus, embedder=emb)
    assert index.report.rebuilt == ["d_xian.txt"]
    assert "d_xian.txt" in index.articles and "d_xian.txt" in index.manifest["files"]
    assert any(p.source == "d_xian.txt" and "456起" in p.text for p in index.passages)
    assert emb.passage_texts and all(t in index.articles["d_xian.txt"].text for t in emb.passage_texts)


def test_deleting_an_article_removes_it(tmp_path, tiny_corpus, fake_index):
    (tiny_corpus / "c_ankang.txt").unlink()
    emb = CountingEmbedder()
    index = load_index(tmp_path / "index", corpus_dir=tiny_corpus, embedder=emb)
    assert index.report.removed == ["c_ankang.txt"]
    assert "c_ankang.txt" not in index.articles and "c_ankang.txt" not in index.manifest["files"]
    assert not any(p.source == "c_ankang.txt" for p in index.passages)
    assert not any(s.source == "c_ankang.txt" for s in index.sentences)
    assert emb.passage_texts == []                              # nothing new to embed
    assert index.faiss_index.ntotal == len(index.passages)


@pytest.mark.parametrize("emb", [CountingEmbedder(64, name="other-model-64"), CountingEmbedder(32)],
                         ids=["same-dim", "other-dim"])
def test_other_model_rebuilds_everything(tmp_path, tiny_corpus, fake_index, emb):
    emb.passage_texts.clear()
    index = load_index(tmp_path / "index", corpus_dir=tiny_corpus, embedder=emb)
    assert index.model == emb.name and index.manifest["dim"] == emb.dim
    # every passage and every sentence embedded again with the new model
    assert len(emb.passage_texts) == len(index.passages) + len(index.sentences)
    assert index.passage_vectors.shape == (len(index.passages), emb.dim)
    assert sorted(index.report.rebuilt) == sorted(TINY_ARTICLES)


# ----------------------------------------------------------------------------- atomic writes

def _crash_on_second_np_save(monkeypatch):
    real = np.save
    calls = []

    def flaky(*args, **kwargs):
        calls.append(args[0])
        if len(calls) >= 2:
            raise OSError("disk full (simulated)")
        return real(*args, **kwargs)
    monkeypatch.setattr(np, "save", flaky)


def _crash_in_faiss_write(monkeypatch):
    def boom(*args, **kwargs):
        raise KeyboardInterrupt        # a Ctrl-C midway: not an Exception subclass
    monkeypatch.setattr(faiss, "write_index", boom)


def _crash_before_current_switch(monkeypatch):
    real = os.replace

    def flaky(src, dst, *args, **kwargs):
        if Path(dst).name == "CURRENT":
            raise OSError("power cut (simulated)")
        return real(src, dst, *args, **kwargs)
    monkeypatch.setattr(os, "replace", flaky)


@pytest.mark.parametrize("crash", [_crash_on_second_np_save, _crash_in_faiss_write, _crash_before_current_switch],
                         ids=["np.save", "faiss.write_index", "CURRENT-switch"])
def test_crash_midway_keeps_previous_index(tmp_path, tiny_corpus, fake_index, monkeypatch, crash):
    before = _passage_keys(fake_index)
    (tiny_corpus / "a_weinan.txt").write_text(ARTICLE_A.replace("318起", "999起"), encoding="utf-8")
    with monkeypatch.context() as m:
        crash(m)
        with pytest.raises((OSError, KeyboardInterrupt)):
            build_index(tiny_corpus, tmp_path / "index", embedder=HashEmbedder())
    assert _gen(tmp_path / "index") == fake_index.path              # CURRENT never moved
    assert not any(n.startswith(".tmp-") for n in _generations(tmp_path / "index"))
    survivor = load_index(tmp_path / "index", embedder=HashEmbedder(), check_corpus=False)
    assert survivor.path == fake_index.path
    assert _passage_keys(survivor) == before
    # the next build (no crash) goes through and sees the edit
    fresh = load_index(tmp_path / "index", corpus_dir=tiny_corpus, embedder=HashEmbedder())
    assert fresh.path != fake_index.path
    assert any("999起" in p.text for p in fresh.passages)
    assert _generations(tmp_path / "index") == [fresh.path.name]     # old and orphaned generations collected


def test_leftover_half_generation_is_ignored(tmp_path, tiny_corpus, fake_index):
    index_dir = tmp_path / "index"
    half = index_dir / ".tmp-g-20000101-000000-1-000000"        # a build killed with SIGKILL
    half.mkdir()
    (half / "passages.jsonl").write_text('{"source": "x"', encoding="utf-8")
    orphan = index_dir / "g-20000101-000000-1-000001"          # complete-looking but never made CURRENT
    shutil.copytree(fake_index.path, orphan)
    (orphan / "passages.jsonl").write_text("", encoding="utf-8")
    loaded = load_index(index_dir, corpus_dir=tiny_corpus, embedder=HashEmbedder())
    assert loaded.path == fake_index.path
    assert _passage_keys(loaded) == _passage_keys(fake_index)


# ----------------------------------------------------------------------------- damage

def _truncate_faiss(gen: Path) -> str:
    f = gen / "passages.faiss"
    data = f.read_bytes()
    f.write_bytes(data[: len(data) // 2])
    return "damaged"


def _drop_passage_line(gen: Path) -> str:
    f = gen / "passages.jsonl"
    lines = f.read_text(encoding="utf-8").splitlines(keepends=True)
    f.write_text("".join(lines[:-1]), encoding="utf-8")
    return "passages"


def _other_format(gen: Path) -> str:
    _edit_manifest(gen, format=FORMAT_VERSION + 98)
    return "format"


def _other_dim(gen: Path) -> str:
    _edit_manifest(gen, dim=32)
    return "damaged"


def _other_model(gen: Path) -> str:
    _edit_manifest(gen, model="some-other-model", embedder="some-other-model")
    return "some-other-model"


def _current_points_nowhere(gen: Path) -> str:
    (gen.parent / "CURRENT").write_text("g-does-not-exist\n", encoding="utf-8")
    return "g-does-not-exist"


def _edit_manifest(gen: Path, **changes) -> None:
    f = gen / "manifest.json"
    m = json.loads(f.read_text(encoding="utf-8"))
    m.update(changes)
    f.write_text(json.dumps(m), encoding="utf-8")


DAMAGE = [_truncate_faiss, _drop_passage_line, _other_format, _other_dim, _other_model, _current_points_nowhere]
DAMAGE_IDS = ["truncated-faiss", "missing-jsonl-line", "other-format", "other-dim", "other-model", "CURRENT-missing-dir"]


@pytest.mark.parametrize("damage", DAMAGE, ids=DAMAGE_IDS)
def test_damaged_index_rebuilds_when_corpus_available(tmp_path, tiny_corpus, fake_index, damage):
    damage(fake_index.path)
    index = load_index(tmp_path / "index", corpus_dir=tiny_corpus, embedder=HashEmbedder())
    assert index.model == "hash-64" and index.manifest["dim"] == 64
    assert index.manifest["format"] == FORMAT_VERSION
    assert [(p.source, p.start, p.end, p.text) for p in index.passages] == \
        [(p.source, p.start, p.end, p.text) for p in fake_index.passages]
    assert index.faiss_index.ntotal == len(index.passages)
    # and what it wrote loads cleanly on its own
    again = load_index(tmp_path / "index", embedder=HashEmbedder(), check_corpus=False)
    assert again.path == index.path


@pytest.mark.parametrize("damage", DAMAGE, ids=DAMAGE_IDS)
def test_damaged_index_raises_without_corpus_check(tmp_path, tiny_corpus, fake_index, damage):
    hint = damage(fake_index.path)
    with pytest.raises(IndexDamaged) as err:
        load_index(tmp_path / "index", corpus_dir=tiny_corpus, embedder=HashEmbedder(), check_corpus=False)
    assert hint in str(err.value)
    assert str(tmp_path / "index") in str(err.value) or "index" in str(err.value)


@pytest.mark.parametrize("damage", DAMAGE, ids=DAMAGE_IDS)
def test_damaged_index_raises_when_corpus_is_gone(tmp_path, tiny_corpus, fake_index, damage):
    hint = damage(fake_index.path)
    shutil.rmtree(tiny_corpus)
    with pytest.raises(IndexDamaged) as err:
        load_index(tmp_path / "index", corpus_dir=tiny_corpus, embedder=HashEmbedder())
    assert hint in str(err.value)


def test_corpus_gone_but_index_intact_still_loads(tmp_path, tiny_corpus, fake_index):
    shutil.rmtree(tiny_corpus)
    index = load_index(tmp_path / "index", corpus_dir=tiny_corpus, embedder=HashEmbedder())
    assert _passage_keys(index) == _passage_keys(fake_index)


def test_no_index_at_all(tmp_path):
    with pytest.raises(IndexDamaged, match="no index"):
        load_index(tmp_path / "nothing", corpus_dir=tmp_path / "no-corpus", embedder=HashEmbedder())


def test_edited_passage_text_is_caught(tmp_path, tiny_corpus, fake_index):
    f = fake_index.path / "passages.jsonl"
    f.write_text(f.read_text(encoding="utf-8").replace("318起", "999起"), encoding="utf-8")
    with pytest.raises(IndexDamaged, match="offsets"):
        load_index(tmp_path / "index", embedder=HashEmbedder(), check_corpus=False)


# ----------------------------------------------------------------------------- bad corpus files

def _write_bad_files(folder: Path) -> None:
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02PNG\x00\xff\xfe" * 50)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.md").write_text("  \n\n\t\n", encoding="utf-8")
    (folder / "report.docx").write_bytes(b"PK\x03\x04 not really a docx")
    (folder / "photo.jpeg").write_bytes(b"\xff\xd8\xff\xe0 jpeg bytes")


def test_bad_files_are_skipped_with_reasons(tmp_path, tiny_corpus):
    _write_bad_files(tiny_corpus)
    index = build_index(tiny_corpus, tmp_path / "index", embedder=HashEmbedder())
    assert set(index.articles) == set(TINY_ARTICLES)
    reasons = {Path(s.path).name: s.reason for s in index.report.skipped}
    assert set(reasons) == {"binary.txt", "empty.txt", "blank.md", "report.docx", "photo.jpeg"}
    assert "binary" in reasons["binary.txt"]
    assert "empty" in reasons["empty.txt"] and "empty" in reasons["blank.md"]
    assert "unsupported file type '.docx'" in reasons["report.docx"]
    assert "unsupported file type '.jpeg'" in reasons["photo.jpeg"]
    assert not any(Path(p.source).name in reasons for p in index.passages)


def test_all_bad_corpus_raises_with_reasons(tmp_path):
    corpus = tmp_path / "bad"
    corpus.mkdir()
    _write_bad_files(corpus)
    with pytest.raises(IndexDamaged) as err:
        build_index(corpus, tmp_path / "index", embedder=HashEmbedder())
    msg = str(err.value)
    for name in ("binary.txt", "empty.txt", "report.docx"):
        assert name in msg
    assert "binary" in msg and "unsupported file type" in msg
    assert not (tmp_path / "index" / "CURRENT").exists()


def test_empty_corpus_folder_raises(tmp_path):
    corpus = tmp_path / "empty"
    corpus.mkdir()
    with pytest.raises(IndexDamaged, match="no .txt"):
        build_index(corpus, tmp_path / "index", embedder=HashEmbedder())


def test_other_dimension_without_rebuild_raises(tmp_path, tiny_corpus, fake_index):
    # hash-64 vectors cannot answer hash-32 queries: refuse rather than return a mismatched index
    with pytest.raises(IndexDamaged, match="hash-64"):
        load_index(tmp_path / "index", embedder=HashEmbedder(32), check_corpus=False)
    shutil.rmtree(tiny_corpus)
    with pytest.raises(IndexDamaged, match="not there to rebuild"):
        load_index(tmp_path / "index", corpus_dir=tiny_corpus, embedder=HashEmbedder(32))


def test_large_corpus_switches_to_an_approximate_index(tmp_path, tiny_corpus, monkeypatch):
    """Above EXACT_SEARCH_LIMIT passages the FAISS index is IVF, recorded in the manifest,
    and it still finds a passage's own vector first."""
    import qa.index as qindex
    monkeypatch.setattr(qindex, "EXACT_SEARCH_LIMIT", 1)
    idx = build_index(tiny_corpus, tmp_path / "ivf", embedder=HashEmbedder())
    assert idx.manifest["faiss"].startswith("ivf")
    reloaded = load_index(tmp_path / "ivf", corpus_dir=tiny_corpus, embedder=HashEmbedder())
    assert reloaded.manifest["faiss"] == idx.manifest["faiss"]
    _, ids = reloaded.faiss_index.search(reloaded.passage_vectors[:1], 1)
    assert ids[0][0] == 0
