"""Shared fixtures: a tiny three-article corpus with a fake-embedder index, and (once per
session) the seed articles indexed with the real default model for the slow tests.

Every path is derived from this file or from pytest's tmp dirs, never the working
directory, and nothing here writes inside the repository.
"""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
try:
    import qa  # noqa: F401
except ImportError:      # running without pyproject's pythonpath
    sys.path.insert(0, str(ROOT / "src"))

from qa.embedding import HashEmbedder  # noqa: E402

# Three short articles. B is traditional Chinese and carries pinyin annotations after some
# characters (``長(zhǎng)``), as the real seed 000 does; cleaning must drop them.
ARTICLE_A = (
    "渭南市公安局召开夏季治安工作会议\n\n"
    "2024年7月2日，渭南市公安局召开夏季治安打击整治行动部署会。\n\n"
    "会议指出，7月份全市共破获刑事案件318起，抓获犯罪嫌疑人205名。"
    "全市公安机关要坚持打防结合，守护群众平安。\n"
)
ARTICLE_B = (
    "商洛市公安局推進基層警務建設\n\n"
    "市公安局局長(zhǎng)李明介紹，全市建成91個標準化派出所，134個城區社區實現一區一警。\n\n"
    "今年以來，全市公安機關(guān)化解矛盾糾紛2784起，群眾滿意率達到98.6%。\n"
)
ARTICLE_C = (
    "安康市开展反诈宣传进社区活动\n\n"
    "3月15日，安康市公安局汉滨分局在西城社区开展反诈宣传活动，发放宣传资料1200份。\n\n"
    "民警提醒群众，不要轻信陌生来电，遇到可疑情况及时拨打110报警。\n"
)
TINY_ARTICLES = {"a_weinan.txt": ARTICLE_A, "b_shangluo.txt": ARTICLE_B, "c_ankang.txt": ARTICLE_C}


@pytest.fixture
def seeds_dir() -> Path:
    """The repository's seed articles (read only: copy before building anything from it)."""
    return ROOT / "seeds"


@pytest.fixture
def tiny_corpus(tmp_path) -> Path:
    """A folder with the three tiny articles above as UTF-8 .txt files."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in TINY_ARTICLES.items():
        (corpus / name).write_text(text, encoding="utf-8")
    return corpus


@pytest.fixture
def fake_index(tmp_path, tiny_corpus):
    """``tiny_corpus`` indexed into ``tmp_path / "index"`` with the deterministic HashEmbedder."""
    from qa.index import build_index
    return build_index(tiny_corpus, tmp_path / "index", embedder=HashEmbedder())


@pytest.fixture(scope="session")
def real_pipeline(tmp_path_factory):
    """The seed articles indexed once per session with the real default model.

    The seeds are copied to a session tmp dir first, so the repository is never written.
    Slow tests share it; it is read-only for them (``add_files`` would change it).
    """
    from qa.answering import Pipeline
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    tmp = tmp_path_factory.mktemp("real")
    corpus = tmp / "seeds"
    shutil.copytree(ROOT / "seeds", corpus)
    return Pipeline.open(index_dir=tmp / "index", corpus_dir=corpus)
