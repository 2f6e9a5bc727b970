"""The live app's API: `/ask` through gradio_client and plain HTTP, plus the page handlers.

Uses the deterministic HashEmbedder so it runs in seconds; the browser test covers the real model.
"""
from __future__ import annotations

import json
import os
import shutil
import socket
import sys
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
try:
    import qa  # noqa: F401
except ImportError:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from qa.answering import Pipeline
from qa.embedding import HashEmbedder
from qa.ui import EXAMPLES, build_demo, make_handlers, serve, wait_ready

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
XSS = "<script>alert(1)</script><img src=x onerror=alert(1)>"
pytestmark = [pytest.mark.filterwarnings("ignore:.*no_silent_downcasting"),   # gradio's own pandas use
              pytest.mark.filterwarnings("ignore:The copy keyword is deprecated")]
CITATION_KEYS = {"source", "title", "date", "text", "start", "end", "score"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def pipe(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("app")
    corpus = tmp / "seeds"
    shutil.copytree(SEEDS, corpus)
    return Pipeline.open(index_dir=tmp / "index", corpus_dir=corpus, embedder=HashEmbedder())


@pytest.fixture(scope="module")
def app_url(pipe):
    demo = build_demo(pipe, allow_upload=False, concurrency=4)
    port = free_port()
    serve(demo, "127.0.0.1", port, block=False, quiet=True)
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_ready(url, timeout=60)
        yield url
    finally:
        demo.close()


@pytest.fixture(scope="module")
def client(app_url):
    from gradio_client import Client
    return Client(app_url, verbose=False)


def _check_answer_dict(d: dict) -> None:
    assert isinstance(d, dict)
    for key in ("found", "text", "sentence", "score", "citations", "message"):
        assert key in d, key
    assert isinstance(d["found"], bool) and isinstance(d["score"], (int, float))
    assert isinstance(d["citations"], list)
    for c in d["citations"]:
        assert CITATION_KEYS <= set(c), c
        assert isinstance(c["start"], int) and isinstance(c["end"], int) and c["end"] > c["start"]


def test_ask_via_gradio_client(client, pipe):
    d = client.predict("商洛建成了多少个标准化派出所？", api_name="/ask")
    _check_answer_dict(d)
    assert d["citations"], "a question about the seeds must cite something"
    expected = pipe.answer("商洛建成了多少个标准化派出所？").to_dict()
    assert d == json.loads(json.dumps(expected))      # the endpoint is Answer.to_dict(), nothing added
    if d["found"]:
        c = d["citations"][0]
        assert c["source"] == d["source"]
        assert d["text"] in pipe.index.articles[c["source"]].text[d["span"][0]:d["span"][1]] or d["text"]


@pytest.mark.parametrize("question", EXAMPLES + [XSS, "", "   ", "x" * 5000])
def test_ask_any_input(client, question):
    d = client.predict(question, api_name="/ask")
    _check_answer_dict(d)
    if question.strip() == "":
        assert d["found"] is False and d["message"]


def test_ask_returns_question_literally(client):
    d = client.predict(XSS, api_name="/ask")
    assert d["question"] == XSS                          # data, not markup: escaping is the page's job


def test_ask_via_plain_http(app_url):
    base = app_url.rstrip("/")
    req = urllib.request.Request(f"{base}/gradio_api/call/ask",
                                 data=json.dumps({"data": ["How many criminal cases did Shaanxi police solve in 2023?"]}).encode(),
                                 headers={"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(req, timeout=30) as r:
        event_id = json.load(r)["event_id"]
    with urllib.request.urlopen(f"{base}/gradio_api/call/ask/{event_id}", timeout=60) as r:
        stream = r.read().decode("utf-8")
    lines = stream.splitlines()
    assert "event: complete" in lines, stream
    data = json.loads(lines[lines.index("event: complete") + 1].removeprefix("data: "))
    _check_answer_dict(data[0])


def test_api_lists_only_ask(client):
    info = client.view_api(return_format="dict", print_info=False)
    names = set(info["named_endpoints"])
    assert "/ask" in names
    assert names == {"/ask"}, names                      # the chat's own events stay private
    params = info["named_endpoints"]["/ask"]["parameters"]
    assert len(params) == 1 and params[0]["parameter_name"] == "question"


def test_concurrent_questions(client, pipe):
    qs = EXAMPLES * 4
    with ThreadPoolExecutor(8) as ex:
        results = list(ex.map(lambda q: client.predict(q, api_name="/ask"), qs))
    for q, d in zip(qs, results):
        _check_answer_dict(d)
        assert d["question"] == pipe.answer(q).question


def test_page_config_is_offline_and_has_no_upload(app_url):
    with urllib.request.urlopen(app_url.rstrip("/") + "/config", timeout=10) as r:
        config = json.load(r)
    types = {c.get("type") for c in config["components"]}
    assert "chatbot" in types and "file" not in types     # upload is off by default
    css = json.dumps(config.get("stylesheets", [])) + json.dumps(config.get("theme_css", ""))
    assert "fonts.googleapis" not in css and "fonts.gstatic" not in css
    with urllib.request.urlopen(app_url, timeout=10) as r:
        page = r.read().decode("utf-8", "replace")
    assert "fonts.googleapis" not in page and "cdn.jsdelivr" not in page


# --------------------------------------------------------------------------- page handlers

def test_respond_keeps_history_and_escapes(pipe):
    h = make_handlers(pipe)
    history, box = h["respond"](EXAMPLES[0], [])
    assert box == "" and [m["role"] for m in history] == ["user", "assistant"]
    history, _ = h["respond"](XSS, history)
    assert [m["role"] for m in history] == ["user", "assistant"] * 2
    assert "<script>" not in history[2]["content"] and "&lt;script&gt;" in history[2]["content"]
    assert "<img" not in history[2]["content"]
    same, _ = h["respond"]("   ", history)
    assert same == history                               # blank input adds nothing


def test_example_click_asks(pipe):
    h = make_handlers(pipe)
    history, _ = h["ask_example"](1, [])
    assert len(history) == 2 and "夏季行动" in history[0]["content"]
    assert h["ask_example"](99, [])[0] == []


def test_show_article(pipe):
    h = make_handlers(pipe)
    aid = next(iter(pipe.index.articles))
    out = h["show_article"](aid)
    assert pipe.index.articles[aid].title[:10] in out or aid in out
    assert "Pick an article" in h["show_article"](None)


def test_upload_adds_and_rejects(tmp_path):
    corpus = tmp_path / "seeds"
    corpus.mkdir()
    shutil.copy(next(SEEDS.glob("*.txt")), corpus)
    p = Pipeline.open(index_dir=tmp_path / "index", corpus_dir=corpus, embedder=HashEmbedder())
    h = make_handlers(p)
    up = tmp_path / "upload"
    up.mkdir()
    good = up / "new_article.txt"
    good.write_text("西安日报讯 2024年3月1日，西安市公安局举行发布会。\n\n全市共破获案件<script>alert(1)</script>120起。"
                    "这是一篇用于测试上传功能的新闻文章，内容足够长以便建立索引。", encoding="utf-8")
    bad = up / "tool.exe"
    bad.write_bytes(b"MZ\x00\x00")
    empty = up / "empty.md"
    empty.write_text("", encoding="utf-8")
    report, table, picker, files = h["upload"]([str(good), str(bad), str(empty)])
    assert "new_article.txt" in report and "tool.exe" in report and "Rejected" in report
    assert "<script>" not in report and "<script>" not in table
    assert "new_article.txt" in table and files is None
    assert "new_article.txt" in p.index.articles
    assert ("new_article.txt" in {v for _, v in picker["choices"]})
    assert (corpus / "new_article.txt").exists()


def test_upload_panel_only_when_allowed(pipe):
    def has_file(demo):
        return any(type(b).__name__ == "File" for b in demo.blocks.values())
    assert not has_file(build_demo(pipe, allow_upload=False))
    assert has_file(build_demo(pipe, allow_upload=True))
