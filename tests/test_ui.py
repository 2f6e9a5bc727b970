"""Fast tests of the web chat's formatting: highlighting, escaping, the not-found reply."""
from __future__ import annotations

import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

try:
    import qa  # noqa: F401
except ImportError:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from qa.records import Answer, Article, Passage, Skipped
from qa.ui import (CSS, EXAMPLES, article_choices, bold_in, confidence_label, esc, format_answer,
                   format_article, format_articles_table, format_citation, format_question,
                   format_upload_report, highlight)

XSS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '"><svg onload=alert(1)>',
       "</div><iframe src=javascript:alert(1)>", "&lt;b&gt;already escaped&lt;/b&gt;"]

TEXT = ("商洛日报讯 近年来，商洛市公安局大力推进派出所标准化建设。"
        "截至目前，全市共建成标准化派出所91个，占比达到百分之百。其他内容。")
ARTICLE = Article(id="001_shangluo.txt", title="商洛公安推进派出所建设", text=TEXT,
                  date="2023-05-01", source="商洛日报")


def _answer(**kw) -> Answer:
    sent_start = TEXT.index("截至目前")
    sent_end = TEXT.index("其他内容")
    span_start = TEXT.index("91个")
    passage = Passage(source=ARTICLE.id, title=ARTICLE.title, date=ARTICLE.date,
                      text=TEXT[10:sent_end], start=10, end=sent_end, score=0.83)
    other = Passage(source="002_other.txt", title="其他文章", date="", text="无关段落。", start=0, end=5, score=0.4)
    base = dict(question="商洛建成了多少个标准化派出所？", found=True, text="91个",
                sentence=TEXT[sent_start:sent_end], score=0.82, citations=[passage, other],
                source=ARTICLE.id, span_start=span_start, span_end=span_start + 3,
                sentence_start=sent_start, sentence_end=sent_end)
    base.update(kw)
    return Answer(**base)


class _Tags(HTMLParser):
    """Collects start tags and attributes of an HTML string."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parse(html_text: str) -> _Tags:
    p = _Tags()
    p.feed(html_text)
    p.close()
    return p


SAFE_TAGS = {"div", "span", "b", "mark", "details", "summary", "br", "table", "thead", "tbody",
             "tr", "th", "td", "ul", "li", "h2"}


def assert_safe(html_text: str) -> None:
    parsed = parse(html_text)
    for tag, attrs in parsed.tags:
        assert tag in SAFE_TAGS, f"unexpected tag <{tag}> in {html_text!r}"
        assert set(attrs) <= {"class", "open", "style"}, attrs
    assert "\n" not in html_text, "messages must be a single HTML block (no raw newlines)"


# --------------------------------------------------------------------------- escaping

@pytest.mark.parametrize("bad", XSS)
def test_esc_escapes_markup(bad):
    out = esc(bad)
    assert "<" not in out.replace("<br>", "") and ">" not in out.replace("<br>", "")
    assert parse(out).tags == [] and "".join(parse(out).text) == bad


def test_esc_newlines_become_br():
    assert esc("a\nb\r\nc") == "a<br>b<br>c"


@pytest.mark.parametrize("bad", XSS)
def test_question_bubble_is_literal(bad):
    out = format_question(bad)
    assert_safe(out)
    assert "".join(parse(out).text) == bad


@pytest.mark.parametrize("bad", XSS)
def test_article_content_is_escaped_everywhere(bad):
    text = f"开头。{bad}其中有91个派出所。结尾。"
    art = Article(id=f"x{bad}.txt", title=f"标题{bad}", text=text, date="2024-01-01", source=f"报{bad}")
    start = text.index("91个")
    p = Passage(source=art.id, title=art.title, date=art.date, text=text, start=0, end=len(text), score=0.5)
    a = Answer(question=bad, found=True, text=f"91个{bad}", sentence=f"其中有91个{bad}", score=0.9,
               citations=[p], source=art.id, span_start=start, span_end=start + 3,
               sentence_start=text.index("其中"), sentence_end=text.index("结尾"))
    for out in (format_answer(a, {art.id: art}), format_article(art),
                format_articles_table([{"id": art.id, "title": art.title, "date": art.date,
                                        "source": art.source, "passages": 1}])):
        assert_safe(out)
        assert bad in "".join(parse(out).text)
    nf = Answer(question=bad, found=False, text="", sentence="", score=0.1, citations=[p], message=bad)
    assert_safe(format_answer(nf, {art.id: art}))


def test_upload_report_escapes_names_and_reasons():
    from qa.answering import UploadReport
    r = UploadReport(added=["<b>new</b>.txt"], skipped=[Skipped("<img src=x onerror=1>.html", "empty <file>")],
                     passages=3, seconds=0.5)
    out = format_upload_report(r, [("/tmp/evil<script>.exe", "not a .txt, .md, .html file")])
    assert_safe(out)
    txt = "".join(parse(out).text)
    assert "<b>new</b>.txt" in txt and "empty <file>" in txt and "evil<script>.exe" in txt
    assert "Added 1" in txt and "Rejected 2" in txt


# --------------------------------------------------------------------------- highlighting

def test_highlight_marks_answer_inside_sentence():
    out = highlight("abcdefghij", 100, [(102, 8 + 100, "sentence"), (104, 106, "answer")])
    assert out == ('ab<span class="qa-hl-sentence">cd</span><span class="qa-hl-sentence"><mark>ef</mark></span>'
                   '<span class="qa-hl-sentence">gh</span>ij')


def test_highlight_clips_and_ignores_outside_marks():
    assert highlight("abc", 10, [(0, 5, "answer"), (-1, -1, "answer")]) == "abc"
    assert highlight("abc", 10, [(8, 11, "answer")]) == "<mark>a</mark>bc"
    assert highlight("abc", 10, [(12, 20, "answer")]) == "ab<mark>c</mark>"


def test_highlight_escapes_inside_mark():
    assert highlight("x<y>z", 0, [(1, 4, "answer")]) == "x<mark>&lt;y&gt;</mark>z"


def test_bold_in():
    assert bold_in("共建成91个。", "91个") == "共建成<b>91个</b>。"
    assert bold_in("a<b", "zzz") == "a&lt;b"
    assert bold_in("x<1>y", "<1>") == "x<b>&lt;1&gt;</b>y"


# --------------------------------------------------------------------------- replies

def test_found_answer_layout():
    a = _answer()
    out = format_answer(a, {ARTICLE.id: ARTICLE})
    assert_safe(out)
    assert '<div class="qa-answer"><b>91个</b></div>' in out
    assert "<b>91个</b>" in out.split("qa-sentence")[1]          # answer in bold inside its sentence
    assert "high (0.82)" in out
    # citations: best first, first open, the answer marked inside the passage, whole article nested
    cites = re.findall(r'<details class="qa-cite"( open)?>', out)
    assert cites == [" open", ""]
    first = out.split('<details class="qa-cite"')[1]
    assert "<mark>91个</mark>" in first
    assert "商洛公安推进派出所建设" in first and "2023-05-01" in first and "商洛日报" in first
    assert ARTICLE.id in first
    assert "Read the whole article" in first and "其他内容" in first
    second = out.split('<details class="qa-cite"')[2]
    assert "<mark>" not in second and "002_other.txt" in second


def test_highlight_uses_offsets_not_search():
    # the answer text occurs twice; only the occurrence at span_start is marked
    text = "去年有91个。今年共建成91个派出所。"
    art = Article(id="a.txt", title="t", text=text)
    start = text.rindex("91个")
    p = Passage(source="a.txt", title="t", date="", text=text, start=0, end=len(text), score=1)
    a = Answer(question="q", found=True, text="91个", sentence="今年共建成91个派出所。", score=0.9,
               citations=[p], source="a.txt", span_start=start, span_end=start + 3,
               sentence_start=text.index("今年"), sentence_end=len(text))
    out = format_citation(p, 1, a, art)
    passage = out.split('<div class="qa-passage">')[1].split("</div>")[0]
    assert passage.startswith("去年有91个。") and passage.count("<mark>") == 1
    assert "<mark>91个</mark></span>" in passage


def test_trimmed_passage_text_still_highlighted():
    text = "  前文。共建成91个派出所。后文"
    art = Article(id="a.txt", title="t", text=text)
    s = text.index("91")
    p = Passage(source="a.txt", title="t", date="", text=text[2:], start=0, end=len(text), score=1)
    a = Answer(question="q", found=True, text="91个", sentence="共建成91个派出所。", score=0.6,
               citations=[p], source="a.txt", span_start=s, span_end=s + 3, sentence_start=s - 3, sentence_end=s + 7)
    assert "<mark>91个</mark>" in format_citation(p, 1, a, art)


def test_not_found_looks_different_and_lists_related():
    a = _answer(found=False, text="", sentence="", score=0.12, message="The articles don't say. Closest related passages are listed below.",
                source="", span_start=-1, span_end=-1, sentence_start=-1, sentence_end=-1)
    out = format_answer(a, {ARTICLE.id: ARTICLE})
    assert_safe(out)
    assert "qa-notfound" in out and "qa-found" not in out and "qa-answer" not in out
    assert "The articles don't say" in "".join(parse(out).text) and "Related passages" in out
    assert "<mark>" not in out and out.count('class="qa-cite"') == 2


def test_empty_question_reply_has_no_related_heading():
    a = Answer(question="", found=False, text="", sentence="", score=0.0, message="Please type a question")
    out = format_answer(a, {})
    assert "Please type a question" in out and "Related passages" not in out


def test_missing_article_is_tolerated():
    out = format_answer(_answer(), {})          # index swapped: article gone
    assert_safe(out)
    assert "<mark>91个</mark>" in out and "Read the whole article" not in out


@pytest.mark.parametrize("score,word", [(0.95, "high"), (0.75, "high"), (0.6, "medium"), (0.4, "low"), (0.0, "low")])
def test_confidence_words(score, word):
    assert confidence_label(score)[0] == word


def test_articles_table_and_choices():
    rows = [{"id": "a.txt", "title": "标题", "date": "2024-01-02", "source": "渭南日报", "passages": 7},
            {"id": "b.txt", "title": "", "date": "", "source": "", "passages": 2}]
    out = format_articles_table(rows)
    assert_safe(out)
    assert "2 articles, 9 passages" in out and "渭南日报" in out and ">7<" in out
    long = format_articles_table([{"id": "c.txt", "title": "长" * 200, "date": "2024-10-15 10:44:40",
                                   "source": "", "passages": 1}])
    assert "长" * 59 + "…" in long and "长" * 61 not in long
    assert ">2024-10-15<" in long and "10:44" not in long
    assert article_choices(rows) == [("标题 (2024-01-02)", "a.txt"), ("b.txt", "b.txt")]
    assert "No articles" in format_articles_table([])


def test_examples_cover_three_languages():
    assert any("个" in q for q in EXAMPLES) and any("個" in q for q in EXAMPLES)
    assert any(q.isascii() for q in EXAMPLES)


def test_css_has_no_external_urls():
    assert "url(" not in CSS and "@import" not in CSS
