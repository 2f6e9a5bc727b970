"""The web chat: a Gradio app over one shared, read-only ``Pipeline``.

This module only *formats*: every word it shows about the articles comes from an
``Answer`` or from the loaded index. All text that comes from an article, a file name or a
question is escaped with ``html.escape`` before it is put into HTML, and every message is
built as one self-contained HTML block (no newlines, no Markdown, no LaTeX), so the chat
shows ``<script>`` literally instead of running it.

Gradio itself is imported lazily (``build_demo`` / ``serve``) so the formatting functions
can be tested without it; analytics are switched off before it is imported.
"""
from __future__ import annotations

import html
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping, Sequence

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")   # never phone home

from .records import Answer, Article, Passage

if TYPE_CHECKING:      # pragma: no cover
    import gradio as gr

    from .answering import Pipeline, UploadReport

EXAMPLES = [
    "商洛建成了多少个标准化派出所？",
    "渭南夏季行动期间累計整改安全隱患多少個？",
    "How many criminal cases did Shaanxi police solve in 2023?",
]
UPLOAD_TYPES = (".txt", ".md", ".html")
ARTICLE_CHAR_LIMIT = 60_000
TITLE_CHARS = 60                     # titles in the side panel list          # "read the whole article" inside a chat message
SYSTEM_FONTS = ["system-ui", "-apple-system", "Segoe UI", "Noto Sans CJK SC", "Noto Sans SC",
                "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Source Han Sans SC",
                "WenQuanYi Micro Hei", "Helvetica Neue", "Arial", "sans-serif"]
MONO_FONTS = ["ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "Noto Sans Mono CJK SC",
              "DejaVu Sans Mono", "monospace"]

CSS = """
.qa-msg { line-height: 1.6; }
.qa-q { white-space: pre-wrap; word-break: break-word; }
.qa-label { font-size: .78em; text-transform: uppercase; letter-spacing: .04em; opacity: .7; margin: .2em 0; }
.qa-answer { font-size: 1.45em; margin: .1em 0 .35em 0; }
.qa-answer b { font-weight: 700; }
.qa-sentence { margin: .3em 0; padding: .35em .6em; border-left: 3px solid var(--color-accent, #f97316); background: var(--background-fill-secondary, #f7f7f8); border-radius: 4px; }
.qa-conf { display: inline-block; font-size: .85em; padding: .05em .55em; border-radius: 999px; margin: .3em 0; border: 1px solid currentColor; }
.qa-conf-high { color: #15803d; }
.qa-conf-medium { color: #b45309; }
.qa-conf-low { color: #b91c1c; }
.qa-note { font-size: .85em; opacity: .8; margin: .3em 0; }
.qa-notfound .qa-nf-box { padding: .5em .75em; border: 1px dashed #b45309; border-radius: 6px; background: rgba(245, 158, 11, .10); }
.qa-notfound .qa-nf-title { font-weight: 700; color: #b45309; }
.qa-error { padding: .5em .75em; border: 1px solid #b91c1c; border-radius: 6px; color: #b91c1c; }
.qa-cites { margin-top: .6em; }
.qa-cite { margin: .35em 0; border: 1px solid var(--border-color-primary, #e5e7eb); border-radius: 6px; padding: .3em .6em; }
.qa-cite > summary { cursor: pointer; }
.qa-cite .qa-meta { font-size: .85em; opacity: .8; }
.qa-cite .qa-file { font-family: var(--font-mono, monospace); font-size: .85em; }
.qa-passage { white-space: normal; margin: .4em 0; }
.qa-passage mark, .qa-article mark { background: #fde047; color: #111; padding: 0 .1em; border-radius: 2px; }
.qa-hl-sentence { background: rgba(250, 204, 21, .18); }
.qa-article { max-height: 26em; overflow: auto; padding: .4em .6em; background: var(--background-fill-secondary, #f7f7f8); border-radius: 4px; font-size: .92em; }
.qa-fulltext > summary { cursor: pointer; font-size: .9em; }
.qa-table { width: 100%; border-collapse: collapse; font-size: .88em; border: none !important; }
.qa-table th, .qa-table td { border: none !important; border-bottom: 1px solid var(--border-color-primary, #e5e7eb) !important; text-align: left; padding: .25em .4em; vertical-align: top; }
.qa-table td.num { text-align: right; }
.qa-table td.qa-date { white-space: nowrap; }
.qa-upload-ok { color: #15803d; }
.qa-upload-bad { color: #b91c1c; }
.qa-muted { opacity: .7; }
"""


# --------------------------------------------------------------------------- small helpers

def esc(text: object) -> str:
    """Escape anything for HTML text or attribute use; newlines become ``<br>``.

    The result never contains a raw newline, so the HTML block a message is built from
    stays one block and Markdown never gets a chance to interpret article text.
    """
    s = html.escape("" if text is None else str(text), quote=True)
    s = s.replace("\r\n", "\n").replace("\r", "\n")
    return s.replace("\n", "<br>")


def _clip(text: object, limit: int) -> str:
    s = "" if text is None else str(text)
    return s if len(s) <= limit else s[:limit - 1].rstrip() + "…"


def confidence_label(score: float) -> tuple[str, str]:
    """(word, css class) for a confidence in [0, 1]."""
    if score >= 0.75:
        return "high", "qa-conf-high"
    if score >= 0.5:
        return "medium", "qa-conf-medium"
    return "low", "qa-conf-low"


def format_confidence(score: float) -> str:
    word, cls = confidence_label(score)
    return f'<span class="qa-conf {cls}">Confidence 置信度: {word} ({score:.2f})</span>'


def highlight(text: str, base: int, marks: Iterable[tuple[int, int, str]]) -> str:
    """Escape ``text`` (which starts at offset ``base`` of its article) and wrap the parts
    covered by ``marks`` — ``(start, end, kind)`` in article offsets, kind ``"answer"``
    (``<mark>``) or ``"sentence"`` — in tags. Marks outside the text are ignored."""
    n = len(text)
    spans = []
    for start, end, kind in marks:
        s, e = max(0, start - base), min(n, end - base)
        if start >= 0 and end > start and s < e:
            spans.append((s, e, kind))
    cuts = sorted({0, n, *[s for s, _, _ in spans], *[e for _, e, _ in spans]})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        piece = esc(text[a:b])
        kinds = {k for s, e, k in spans if s <= a and b <= e}
        if "answer" in kinds:
            piece = f"<mark>{piece}</mark>"
        if "sentence" in kinds:
            piece = f'<span class="qa-hl-sentence">{piece}</span>'
        out.append(piece)
    return "".join(out)


def bold_in(sentence: str, span: str) -> str:
    """The sentence, escaped, with the first occurrence of ``span`` in bold."""
    i = sentence.find(span) if span else -1
    if i < 0:
        return esc(sentence)
    return esc(sentence[:i]) + "<b>" + esc(span) + "</b>" + esc(sentence[i + len(span):])


def _passage_base(p: Passage, article: Article | None) -> int:
    """Where ``p.text`` starts in its article (``p.start`` unless the text was trimmed)."""
    if article is None or article.text[p.start:p.end] == p.text:
        return p.start
    i = article.text.find(p.text, max(0, p.start - 200))
    return i if i >= 0 else p.start


def _marks_for(p: Passage, a: Answer) -> list[tuple[int, int, str]]:
    if not a.found or p.source != a.source:
        return []
    return [(a.sentence_start, a.sentence_end, "sentence"), (a.span_start, a.span_end, "answer")]


def _meta_line(p: Passage, article: Article | None) -> str:
    date = (article.date if article else "") or p.date
    publisher = article.source if article else ""
    parts = []
    if date:
        parts.append(esc(date))
    if publisher:
        parts.append(esc(publisher))
    parts.append(f'<span class="qa-file">{esc(p.source)}</span>')
    return " · ".join(parts)


def format_citation(p: Passage, rank: int, a: Answer, article: Article | None, *, open_: bool = False) -> str:
    """One cited passage as a collapsible block, answer highlighted, whole article inside."""
    title = (article.title if article else "") or p.title or p.source
    marks = _marks_for(p, a)
    passage_html = highlight(p.text, _passage_base(p, article), marks)
    full = ""
    if article is not None:
        text = article.text
        note = ""
        if len(text) > ARTICLE_CHAR_LIMIT:
            text = text[:ARTICLE_CHAR_LIMIT]
            note = ('<div class="qa-note">(Article cut here for display; pick it in '
                    '“Read an article” for the full text.)</div>')
        full = ('<details class="qa-fulltext"><summary>Read the whole article 阅读全文 '
                f'({len(article.text)} characters)</summary>'
                f'<div class="qa-article">{highlight(text, 0, marks)}</div>{note}</details>')
    return (f'<details class="qa-cite"{" open" if open_ else ""}>'
            f'<summary><b>[{rank}] {esc(title)}</b> <span class="qa-meta">{_meta_line(p, article)}</span></summary>'
            f'<div class="qa-passage">{passage_html}</div>{full}</details>')


def format_question(question: str) -> str:
    """The user's chat bubble: the question as literal text."""
    return f'<div class="qa-msg qa-q">{esc(question)}</div>'


def format_answer(a: Answer, articles: Mapping[str, Article] | None = None) -> str:
    """The assistant's chat bubble for one Answer (found or not)."""
    articles = articles or {}
    cites = [format_citation(p, i + 1, a, articles.get(p.source), open_=(i == 0))
             for i, p in enumerate(a.citations)]
    if a.found:
        src = articles.get(a.source)
        where = ""
        if src is not None:
            where = (f'<div class="qa-note">from <b>{esc(src.title or src.id)}</b>'
                     + (f" · {esc(src.date)}" if src.date else "")
                     + (f" · {esc(src.source)}" if src.source else "") + "</div>")
        note = f'<div class="qa-note">{esc(a.message)}</div>' if a.message else ""
        body = ('<div class="qa-label">Answer 答案</div>'
                f'<div class="qa-answer"><b>{esc(a.text)}</b></div>'
                f'{format_confidence(a.score)}'
                '<div class="qa-label">From the sentence 原句</div>'
                f'<div class="qa-sentence">{bold_in(a.sentence, a.text)}</div>{where}{note}')
        heading = "Sources 出处 (best first)"
        return (f'<div class="qa-msg qa-found">{body}'
                + (f'<div class="qa-cites"><div class="qa-label">{heading}</div>{"".join(cites)}</div>' if cites else "")
                + "</div>")
    message = a.message or "The articles don't say."
    score = (f'<div class="qa-note">Best candidate confidence {a.score:.2f} ({confidence_label(a.score)[0]}) '
             '— too low to give an answer.</div>') if a.citations else ""
    related = (f'<div class="qa-cites"><div class="qa-label">Related passages 相关段落</div>{"".join(cites)}</div>'
               if cites else "")
    return (f'<div class="qa-msg qa-notfound"><div class="qa-nf-box"><div class="qa-nf-title">'
            f'No answer in the articles 未找到答案</div><div>{esc(message)}</div>{score}</div>{related}</div>')


def format_error(exc: BaseException) -> str:
    return (f'<div class="qa-msg qa-error">Sorry, something went wrong while answering: '
            f'{esc(type(exc).__name__)}: {esc(exc)}</div>')


def format_articles_table(rows: Sequence[Mapping[str, Any]]) -> str:
    """The side panel list of indexed articles (``Pipeline.articles()`` rows)."""
    if not rows:
        return '<div class="qa-muted">No articles indexed yet.</div>'
    body = "".join(
        f'<tr><td>{esc(_clip(r.get("title") or r.get("id"), TITLE_CHARS))}<br>'
        f'<span class="qa-file qa-muted">{esc(r.get("id"))}</span></td>'
        f'<td class="qa-date">{esc(str(r.get("date") or "—")[:10])}</td><td>{esc(r.get("source") or "—")}</td>'
        f'<td class="num">{int(r.get("passages") or 0)}</td></tr>'
        for r in rows)
    total = sum(int(r.get("passages") or 0) for r in rows)
    return (f'<div class="qa-note">{len(rows)} articles, {total} passages</div>'
            '<table class="qa-table"><thead><tr><th>Title</th><th>Date</th><th>Source</th>'
            f'<th>Passages</th></tr></thead><tbody>{body}</tbody></table>')


def article_choices(rows: Sequence[Mapping[str, Any]]) -> list[tuple[str, str]]:
    """(label, id) pairs for the "read an article" dropdown."""
    out = []
    for r in rows:
        label = str(r.get("title") or r.get("id"))
        if r.get("date"):
            label += f' ({r["date"]})'
        out.append((label, str(r["id"])))
    return out


def format_article(article: Article | None) -> str:
    """A whole article for the side panel, as escaped text."""
    if article is None:
        return '<div class="qa-muted">Pick an article to read it here.</div>'
    meta = " · ".join(esc(x) for x in (article.date, article.source, article.byline) if x)
    sub = f'<div class="qa-note">{esc(article.subtitle)}</div>' if article.subtitle else ""
    return (f'<div class="qa-msg"><div><b>{esc(article.title or article.id)}</b></div>{sub}'
            f'<div class="qa-note">{meta}{" · " if meta else ""}<span class="qa-file">{esc(article.id)}</span></div>'
            f'<div class="qa-article">{esc(article.text)}</div></div>')


def format_upload_report(report: "UploadReport | None", rejected: Sequence[tuple[str, str]] = ()) -> str:
    """What an upload added and what it refused, and why."""
    parts = []
    if report is not None and report.added:
        names = "".join(f"<li>{esc(n)}</li>" for n in report.added)
        parts.append(f'<div class="qa-upload-ok">Added {len(report.added)} file(s), {report.passages} passages, '
                     f'in {report.seconds:.1f} s:</div><ul>{names}</ul>')
    bad = list(rejected) + [(s.path, s.reason) for s in (report.skipped if report else [])]
    if bad:
        items = "".join(f"<li><b>{esc(Path(p).name)}</b>: {esc(r)}</li>" for p, r in bad)
        parts.append(f'<div class="qa-upload-bad">Rejected {len(bad)} file(s):</div><ul>{items}</ul>')
    if not parts:
        parts.append('<div class="qa-muted">No files were uploaded.</div>')
    return '<div class="qa-msg">' + "".join(parts) + "</div>"


# --------------------------------------------------------------------------- handlers

def _file_path(f: Any) -> str:
    if isinstance(f, (str, Path)):
        return str(f)
    if isinstance(f, Mapping):
        return str(f.get("path") or f.get("name"))
    return str(getattr(f, "path", None) or getattr(f, "name"))


def make_handlers(pipe: "Pipeline") -> dict[str, Callable]:
    """The functions the page's events call, closed over one shared pipeline."""

    def ask(question: str) -> dict:
        """Answer a question from the indexed articles. Returns the Answer as a JSON object:
        found, text, sentence, score, message, source, span, sentence_span and citations
        (list of {source, title, date, text, start, end, score, id})."""
        return pipe.answer(question if isinstance(question, str) else "").to_dict()

    def respond(question: str, history: list | None):
        history = list(history or [])
        question = question if isinstance(question, str) else ""
        if not question.strip():
            return history, ""
        history.append({"role": "user", "content": format_question(question)})
        try:
            a = pipe.answer(question)
            reply = format_answer(a, pipe.index.articles)
        except Exception as exc:       # shown in the chat; the server keeps running
            reply = format_error(exc)
        history.append({"role": "assistant", "content": reply})
        return history, ""

    def ask_example(index: int | None, history: list | None):
        if index is None or not (0 <= int(index) < len(EXAMPLES)):
            return list(history or []), ""
        return respond(EXAMPLES[int(index)], history)

    def show_article(article_id: str | None) -> str:
        return format_article(pipe.index.articles.get(article_id) if article_id else None)

    def articles_panel():
        import gradio as gr
        rows = pipe.articles()
        return format_articles_table(rows), gr.update(choices=article_choices(rows))

    def upload(files: list | None):
        import gradio as gr
        paths = [_file_path(f) for f in (files or [])]
        good, rejected = [], []
        for p in paths:
            if Path(p).suffix.lower() in UPLOAD_TYPES:
                good.append(p)
            else:
                rejected.append((p, f"not a {', '.join(UPLOAD_TYPES)} file"))
        report = pipe.add_files(good) if good else None
        rows = pipe.articles()
        return (format_upload_report(report, rejected), format_articles_table(rows),
                gr.update(choices=article_choices(rows)), None)

    return {"ask": ask, "respond": respond, "ask_example": ask_example, "show_article": show_article,
            "articles_panel": articles_panel, "upload": upload}


# --------------------------------------------------------------------------- the page

def theme():
    import gradio as gr
    return gr.themes.Default(font=SYSTEM_FONTS, font_mono=MONO_FONTS)


def build_demo(pipe: "Pipeline", *, allow_upload: bool = False, concurrency: int = 4) -> "gr.Blocks":
    """The Blocks app. ``/ask`` is the public API endpoint; UI events are private."""
    import gradio as gr

    h = make_handlers(pipe)
    rows = pipe.articles()
    with gr.Blocks(title="Ask the articles · 新闻问答", analytics_enabled=False) as demo:
        gr.HTML('<div class="qa-msg"><h2 style="margin:.2em 0">Ask the articles · 新闻问答</h2>'
                '<div class="qa-note">Answers are copied word for word from the indexed news articles, '
                'with their sources. Ask in simplified or traditional Chinese, or in English. '
                '答案均逐字摘自文章，并附出处。</div></div>')
        with gr.Row(equal_height=False):
            with gr.Column(scale=3, min_width=420):
                chatbot = gr.Chatbot(
                    label="Conversation", elem_id="qa-chat", height=620,
                    render_markdown=True, sanitize_html=True, allow_tags=False,
                    latex_delimiters=[], line_breaks=False, feedback_options=None,
                    placeholder="Ask a question about the articles, or click an example below.",
                    autoscroll=True, group_consecutive_messages=False, buttons=[])
                with gr.Row():
                    box = gr.Textbox(label="Your question", placeholder="例如：商洛建成了多少个标准化派出所？",
                                     elem_id="qa-question", scale=5, lines=1, max_lines=4,
                                     max_length=pipe.settings.max_question_chars * 2, submit_btn=False)
                    ask_btn = gr.Button("Ask 提问", variant="primary", elem_id="qa-ask", scale=1, min_width=90)
                examples = gr.Dataset(components=["textbox"], samples=[[q] for q in EXAMPLES],
                                      type="index", label="Example questions (click to ask)",
                                      elem_id="qa-examples", layout="gallery")
                clear = gr.Button("Clear conversation 清空", elem_id="qa-clear", variant="secondary", size="sm")
            with gr.Column(scale=2, min_width=320):
                with gr.Accordion("Indexed articles 已收录文章", open=True):
                    table = gr.HTML(format_articles_table(rows), elem_id="qa-articles")
                with gr.Accordion("Read an article 阅读文章", open=False):
                    picker = gr.Dropdown(choices=article_choices(rows), value=None, label="Article",
                                         elem_id="qa-article-picker", interactive=True)
                    article_view = gr.HTML(format_article(None), elem_id="qa-article-view")
                if allow_upload:
                    with gr.Accordion("Add articles 上传文章", open=False, elem_id="qa-upload-panel"):
                        files = gr.File(label="Files (.txt, .md, .html)", file_count="multiple",
                                        file_types=list(UPLOAD_TYPES), elem_id="qa-upload")
                        upload_btn = gr.Button("Index these files", elem_id="qa-upload-btn")
                        upload_report = gr.HTML("", elem_id="qa-upload-report")

        private = {"api_visibility": "private"}
        ask_btn.click(h["respond"], [box, chatbot], [chatbot, box], **private)
        box.submit(h["respond"], [box, chatbot], [chatbot, box], **private)
        examples.click(h["ask_example"], [examples, chatbot], [chatbot, box], **private)
        clear.click(lambda: ([], ""), None, [chatbot, box], queue=False, **private)
        picker.change(h["show_article"], [picker], [article_view], **private)
        if allow_upload:
            upload_btn.click(h["upload"], [files], [upload_report, table, picker, files],
                             concurrency_limit=1, concurrency_id="upload", **private)
        demo.load(h["articles_panel"], None, [table, picker], **private)
        gr.api(h["ask"], api_name="ask")
    demo.queue(default_concurrency_limit=max(1, int(concurrency)), max_size=256)
    return demo


def serve(demo: "gr.Blocks", host: str = "127.0.0.1", port: int = 7860, *, block: bool = True,
          allow_upload: bool = False, max_file_bytes: int = 5_000_000, quiet: bool = False):
    """Launch offline: no share link, no analytics, system fonts, no SSR/node."""
    return demo.launch(
        server_name=host, server_port=port, share=False, inbrowser=False,
        prevent_thread_lock=not block, quiet=quiet, show_error=True, ssr_mode=False,
        mcp_server=False, theme=theme(), css=CSS, footer_links=["api"],
        max_file_size=max_file_bytes if allow_upload else 1, strict_cors=True,
    )


def wait_ready(url: str, timeout: float = 120.0) -> None:
    """Block until the app at ``url`` answers its config endpoint (for tests and scripts)."""
    import urllib.request
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url.rstrip("/") + "/config", timeout=5) as r:
                if r.status == 200:
                    return
        except Exception as exc:        # not up yet
            last = exc
        time.sleep(0.3)
    raise TimeoutError(f"{url} did not come up in {timeout:.0f} s: {last}")
