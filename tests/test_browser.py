"""End to end in a real browser: `python app.py` with the real model, driven by Chromium.

Starts the app on a free 127.0.0.1 port over a temporary copy of the seed articles (the repo
is never touched), asks questions like a person would, checks the answer, its highlighted
citation and that injected markup is shown as text, and saves docs/screenshot.png.

Needs Debian's chromium (`apt-get install -y chromium fonts-noto-cjk`); skipped if absent.
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("QA_CHROMIUM", "/usr/bin/chromium")
SCREENSHOT = ROOT / "docs" / "screenshot.png"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-quic"]
START_TIMEOUT = 900          # first run builds the model and the index
ANSWER_TIMEOUT = 90_000      # ms, one question
MARKER = "window.__qa_pwned"
XSS_QUESTION = f"<script>alert(1)</script><img src=x onerror=\"{MARKER}=1\"> 商洛有多少派出所？"
XSS_TITLE = f"上传测试<img src=x onerror=\"{MARKER}=2\">标题"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} not found: install it with `apt-get install -y chromium` to run browser tests")
    pytest.importorskip("playwright.sync_api")
    tmp = tmp_path_factory.mktemp("browser")
    corpus = tmp / "seeds"
    shutil.copytree(ROOT / "seeds", corpus)
    port = _free_port()
    env = dict(os.environ, GRADIO_ANALYTICS_ENABLED="False", PYTHONUNBUFFERED="1",
               PYTHONPATH=os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]))
    log = open(tmp / "server.log", "w+", encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "app.py"), "--host", "127.0.0.1", "--port", str(port),
         "--index", str(tmp / "index"), "--corpus", str(corpus), "--allow-upload"],
        cwd=tmp, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if proc.poll() is not None:
                log.seek(0)
                pytest.fail(f"app exited with {proc.returncode}:\n{log.read()[-4000:]}")
            try:
                with urllib.request.urlopen(url + "config", timeout=5) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                log.seek(0)
                pytest.fail(f"app not up after {START_TIMEOUT} s:\n{log.read()[-4000:]}")
            time.sleep(1)
        yield {"url": url, "tmp": tmp, "corpus": corpus}
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
        log.close()


@pytest.fixture(scope="module")
def page(server):
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, timeout=60_000)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900}, device_scale_factor=1)
            context.set_default_timeout(30_000)
            pg = context.new_page()
            pg.dialogs = []
            pg.external = []
            pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
            # the page must work with the network closed: refuse and record anything not local
            def route(r):
                if r.request.url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:")):
                    r.continue_()
                else:
                    pg.external.append(r.request.url)
                    r.abort()
            pg.route("**/*", route)
            pg.goto(server["url"], wait_until="domcontentloaded", timeout=60_000)
            pg.locator("#qa-question textarea").wait_for(state="visible", timeout=60_000)
            yield pg
        finally:
            browser.close()


def _bot(pg):
    return pg.locator('#qa-chat [data-testid="bot"]')


def _ask(pg, question: str, press_enter: bool = False):
    before = _bot(pg).count()
    box = pg.locator("#qa-question textarea")
    box.fill(question)
    if press_enter:
        box.press("Enter")
    else:
        pg.locator("#qa-ask").click()
    pg.wait_for_function(
        f"document.querySelectorAll('#qa-chat [data-testid=\"bot\"]').length > {before}",
        timeout=ANSWER_TIMEOUT)
    return _bot(pg).nth(before)


def _not_pwned(pg):
    assert pg.evaluate(f"typeof {MARKER}") == "undefined", "injected markup ran"
    assert pg.dialogs == []


def test_injected_question_is_shown_literally(page):
    reply = _ask(page, XSS_QUESTION)
    reply.locator(".qa-found, .qa-notfound").first.wait_for(timeout=ANSWER_TIMEOUT)
    user = page.locator('#qa-chat [data-testid="user"]').last
    assert "<script>alert(1)</script>" in user.inner_text()
    assert f'<img src=x onerror="{MARKER}=1">' in user.inner_text()
    assert page.locator("#qa-chat script").count() == 0
    assert page.locator("#qa-chat img[src='x']").count() == 0
    page.wait_for_timeout(500)
    _not_pwned(page)


def test_example_in_traditional_chinese_and_clear(page):
    before = _bot(page).count()
    page.locator("#qa-examples").get_by_text("渭南夏季行动期间累計整改安全隱患多少個？").click()
    page.wait_for_function(
        f"document.querySelectorAll('#qa-chat [data-testid=\"bot\"]').length > {before}", timeout=ANSWER_TIMEOUT)
    reply = _bot(page).nth(before)
    reply.locator(".qa-found, .qa-notfound").first.wait_for(timeout=ANSWER_TIMEOUT)
    assert "渭南夏季行动" in page.locator('#qa-chat [data-testid="user"]').last.inner_text()
    assert _bot(page).count() == before + 1                   # history kept
    page.locator("#qa-clear").click()
    page.wait_for_function("document.querySelectorAll('#qa-chat [data-testid=\"bot\"]').length === 0",
                           timeout=15_000)


def test_answer_with_highlighted_citation_and_screenshot(page):
    reply = _ask(page, "商洛建成了多少个标准化派出所", press_enter=True)
    reply.locator(".qa-found").wait_for(timeout=ANSWER_TIMEOUT)
    answer = reply.locator(".qa-answer").inner_text()
    assert "91" in answer, answer
    assert "Confidence" in reply.inner_text()
    first = reply.locator("details.qa-cite").first
    assert first.get_attribute("open") is not None              # best citation open
    mark = first.locator(".qa-passage mark")
    assert mark.count() == 1 and "91" in mark.inner_text()
    assert first.locator("summary").first.is_visible()
    # the whole article is one click away, with the answer marked in it too
    first.locator("details.qa-fulltext > summary").click()
    assert first.locator(".qa-article mark").first.is_visible()
    first.locator("details.qa-fulltext > summary").click()     # fold it again for the picture
    _not_pwned(page)
    assert page.external == [], f"page tried to reach the network: {page.external}"
    # screenshot: the question and the top of its answer in view
    page.locator('#qa-chat [data-testid="user"]').last.scroll_into_view_if_needed()
    page.evaluate("""() => { const m = [...document.querySelectorAll('#qa-chat [data-testid="user"]')].pop();
                             m.scrollIntoView({block: 'start'}); window.scrollTo(0, 0); }""")
    page.wait_for_timeout(500)
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=False)
    assert SCREENSHOT.stat().st_size > 10_000


def test_upload_shows_added_and_rejected_literally(page, server, tmp_path):
    page.get_by_text("Add articles 上传文章").click()
    good = tmp_path / "uploaded_article.txt"
    good.write_text(f"{XSS_TITLE}\n\n2024年3月1日，西安市公安局召开新闻发布会。\n"
                    "发布会介绍，今年以来全市共破获电信诈骗案件321起，挽回群众损失2100万元。\n", encoding="utf-8")
    file_input = page.locator("#qa-upload input[type=file]")
    file_input.set_input_files([str(good)])
    page.wait_for_timeout(1500)
    page.locator("#qa-upload-btn").click()
    report = page.locator("#qa-upload-report")
    report.get_by_text("Added 1 file").wait_for(timeout=ANSWER_TIMEOUT)
    assert "uploaded_article.txt" in report.inner_text()
    table = page.locator("#qa-articles")
    table.get_by_text("uploaded_article.txt").wait_for(timeout=15_000)
    assert "<img src=x" in table.inner_text() or "uploaded_article.txt" in table.inner_text()
    assert page.locator("#qa-articles img, #qa-upload-report img").count() == 0
    assert (server["corpus"] / "uploaded_article.txt").exists()
    _not_pwned(page)
    page.get_by_text("Add articles 上传文章").click()           # fold the panel again
