"""End to end with the real default model over (a copy of) the seed articles.

Shares the session-scoped ``real_pipeline`` fixture (built once, see conftest.py).
"""
from __future__ import annotations

import re

import pytest

from qa.answering import NOT_FOUND
from qa.cleaning import is_traditional, to_simplified

pytestmark = pytest.mark.slow

SHANGLUO = "004_3e8b16021292b7b7.txt"
WEINAN_QA = "000_5bb50685558576f2.txt"
QUESTION = "商洛建成了多少个标准化派出所"
# A pinyin reading in brackets right after a character, as the raw seeds have them: 長(zhǎng)
PINYIN = re.compile(r"\((?:[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+[1-5]?\s*)+\)")
BOILERPLATE = ["ICP", "扫一扫", "掃一掃", "责任编辑", "責任編輯", ".jpeg", ".jpg", "分享到微信朋友圈"]


def test_pinyin_regex_sees_the_raw_annotations(seeds_dir):
    # guards the check below: the raw seed really has annotations the regex matches
    raw = (seeds_dir / WEINAN_QA).read_text(encoding="utf-8")
    assert len(PINYIN.findall(raw)) > 10
    assert any(b in (seeds_dir / "002_8719ae33d15db851.txt").read_text(encoding="utf-8") for b in BOILERPLATE)


def test_indexed_passages_are_clean(real_pipeline):
    index = real_pipeline.index
    assert len(index.articles) == 5 and len(index.passages) > 20
    for p in index.passages:
        assert not PINYIN.search(p.text), (p.source, PINYIN.search(p.text).group())
        for junk in BOILERPLATE:
            assert junk not in p.text, (p.source, junk)
        assert index.articles[p.source].text[p.start:p.end] == p.text


def test_search_finds_the_passage(real_pipeline):
    hits = real_pipeline.search(QUESTION, k=5)
    assert 1 <= len(hits) <= 5
    assert any(p.source == SHANGLUO and "91" in p.text for p in hits), [(p.source, p.text[:30]) for p in hits]
    assert hits[0].source == SHANGLUO
    assert [p.score for p in hits] == sorted((p.score for p in hits), reverse=True)


def test_answer_simplified_question(real_pipeline):
    a = real_pipeline.answer(QUESTION)
    assert a.found, a.message
    assert "91" in a.text and len(a.text) <= 10
    assert a.source == SHANGLUO and a.citations[0].source == SHANGLUO
    assert "标准化派出所" in a.sentence                     # shown in the question's script
    article = real_pipeline.index.articles[SHANGLUO].text
    assert to_simplified(article[a.span_start:a.span_end]) == to_simplified(a.text)
    c = a.citations[0]
    assert c.start <= a.sentence_start < a.sentence_end <= c.end   # the first citation holds the answer


def test_traditional_question_gets_traditional_sentence(real_pipeline):
    a = real_pipeline.answer("商洛建成了多少個標準化派出所？")
    assert a.found, a.message
    assert "91" in a.text
    assert "標準化派出所" in a.sentence and is_traditional(a.sentence)
    assert a.citations and a.citations[0].source == SHANGLUO


def test_english_question_is_found_with_citation(real_pipeline):
    a = real_pipeline.answer("How many criminal cases did Weinan police solve from January to March?")
    assert a.found, a.message
    assert "1378" in a.text
    assert a.citations and a.citations[0].source == WEINAN_QA == a.source


def test_year_not_covered_is_not_found(real_pipeline):
    a = real_pipeline.answer("2019年渭南市破获刑事案件多少起？")
    assert not a.found, (a.text, a.score)
    assert a.text == "" and a.message.startswith(NOT_FOUND["zh-Hans"])
    assert a.citations                                      # closest passages still shown


def test_a_question_nothing_in_the_articles_comes_close_to_is_refused(real_pipeline):
    # without the floor it is answered from a sentence sharing 世界/最大-like words (社会面“人、事、物、地、路”)
    from qa.answering import FAR_FROM_ARTICLES
    off = real_pipeline.answer("世界上最大的海洋是哪个?")
    assert not off.found and FAR_FROM_ARTICLES["zh-Hans"] in off.message
    assert off.citations                        # the closest passages are still shown
    near = real_pipeline.answer("渭南破获多少起刑事案件?")
    assert near.found and FAR_FROM_ARTICLES["zh-Hans"] not in near.message


@pytest.mark.parametrize("question, under", [
    ("陕西那篇报道讲企业警务室和护航警官的那一部分,小标题是什么?", "护航警官"),
    ("Under which heading does the Shangluo report discuss patrol WeChat groups?", "巡防微信群"),
])
def test_a_section_heading_question_is_answered_with_a_heading_and_cited(real_pipeline, question, under):
    """The answer is a whole heading line of the article, its own sentence, cited from its article."""
    a = real_pipeline.answer(question)
    assert a.found, (a.text, a.score)
    article = real_pipeline.index.articles[a.source].text
    heading = article[a.sentence_start:a.sentence_end].strip()
    assert heading in [line.strip() for line in article.splitlines()]     # a line of its own
    assert not heading.endswith(("。", "!", "?")) and len(heading) <= 24    # short, unpunctuated
    assert a.text == heading                                               # the whole heading is the answer
    assert a.citations[0].source == a.source
    said = article.index(under)                 # the section it heads holds what the question names
    assert article.index(heading) < said
    later = [line.strip() for line in article[article.index(heading) + len(heading):said].splitlines()]
    assert not any(line and len(line) <= 24 and not line.endswith(("。", "!", "?")) for line in later)
