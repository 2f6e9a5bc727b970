"""Numbered lists and questions asking for their Nth item: the list is found by its markers,
the question's number by its wording, and the item wins over the lead-in the question echoes."""
from __future__ import annotations

import pytest

from qa.cleaning import normalize
from qa.embedding import HashEmbedder
from qa.enumerations import chinese_number, item_numbered, numbered_lists
from qa.enumerations import LAST_ITEM, MIDDLE_ITEM
from qa.questions import item_asked
from qa.retrieval import analyze

MEASURES = (
    "安康市公安局部署平安建设\n\n"
    "今年全市将推行“五项措施”工作模式,打造平安建设新样板。\n"
    "一是强化街面巡逻防控。增加夜间巡逻车组,压缩发案空间。\n"
    "二是深化矛盾纠纷化解。发动网格员排查隐患。\n"
    "三是推进智慧安防小区建设。新建视频点位300个。\n"
    "四是严打电信网络诈骗。\n"
    "五是加强法治宣传教育。\n\n"
    "会议要求各分局抓好落实:第一,压实责任;第二,严格考核;第三,按月通报。\n"
)


@pytest.mark.parametrize("text, number", [("三", 3), ("十", 10), ("十二", 12), ("二十", 20), ("二十三", 23),
                                          ("7", 7), ("三四", 0), ("百", 0), ("", 0)])
def test_chinese_number(text, number):
    assert chinese_number(text) == number


def test_lists_are_found_with_their_lead_in():
    text = normalize(MEASURES)
    lists = numbered_lists(text)
    heads = [[text[i.head_start:i.head_end] for i in lst.items] for lst in lists]
    assert ["强化街面巡逻防控", "深化矛盾纠纷化解", "推进智慧安防小区建设", "严打电信网络诈骗", "加强法治宣传教育"] in heads
    assert ["压实责任", "严格考核", "按月通报"] in heads          # a list inside one sentence, by its ;-parts
    five = next(lst for lst in lists if len(lst.items) == 5)
    assert "五项措施" in text[five.lead_start:five.lead_end]


def test_a_lone_or_out_of_order_marker_is_no_list():
    assert numbered_lists("一是加强巡逻。\n三是严打诈骗。\n") == ()
    assert numbered_lists("他说的第一,是安全。") == ()
    assert [len(lst.items) for lst in numbered_lists("二是甲。\n一是乙。\n二是丙。\n")] == [2]


def test_item_numbered_skips_lists_too_short():
    text = normalize(MEASURES)
    assert [text[i.head_start:i.head_end] for _, i in item_numbered(text, 4)] == ["严打电信网络诈骗"]
    assert item_numbered(text, 6) == []


def test_the_middle_item_is_found_in_lists_of_odd_length():
    text = normalize(MEASURES)
    middles = [text[i.head_start:i.head_end] for _, i in item_numbered(text, MIDDLE_ITEM)]
    assert middles[0] == "推进智慧安防小区建设" and len(middles) == 2      # 五项措施 and 第一…第三
    assert item_numbered(normalize("一是甲事项。\n二是乙事项。\n"), MIDDLE_ITEM) == []


@pytest.mark.parametrize("question, number", [
    ("“五项措施”中排在第三项的是什么?", 3),
    ("平安建設「五項措施」中排在第四位的是哪一項?", 4),
    ("五项措施的第2条要深化什么?", 2),
    ("Which item comes fourth in the 'five measures'?", 4),
    ("What is the second of the five measures?", 2),
    ("What is the 3rd measure?", 3),
    ("What is the first thing the public is urged to do?", 1),
    ("五项措施里位列第二的是哪一条?", 2),
    ("五项措施里打头的是哪一条?", 1),
    ("五项措施里排在最后的是哪一条?", LAST_ITEM),
    ("四项工程按顺序排下来,排在最后的一项是什么?", LAST_ITEM),
    ("The five measures close with which step?", LAST_ITEM),
    ("What is the last of the five measures?", 0),             # "last of": no list noun after it
    ("What is the final step of the five measures?", LAST_ITEM),
    ("最后一年的案件有多少起?", 0),
    ("三个工作专班里,排在中间的是哪一个?", MIDDLE_ITEM),
    ("Of the three task forces, which one is in the middle?", MIDDLE_ITEM),
    ("两会中间召开了哪次会议?", 0),
    # rounds, batches and firsts that are no list's items
    ("渭南入选第二轮全国禁毒示范城市是在哪一年?", 0),
    ("When was Weinan selected for the second round of model cities?", 0),
    ("Who was the first person to walk on the Moon?", 0),
    ("How many cases were solved in the first quarter?", 0),
])
def test_item_asked(question, number):
    assert item_asked(question, normalize(question), "en" if question.isascii() else "zh-Hans") == number


@pytest.fixture
def measures_pipeline(tmp_path):
    from qa.answering import Pipeline
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "measures.txt").write_text(MEASURES, encoding="utf-8")
    (corpus / "other.txt").write_text("商洛市公安局召开会议\n\n一是加强队伍建设。\n二是提升执法水平。\n三是开展警营开放日活动。\n",
                                      encoding="utf-8")
    return Pipeline.open(index_dir=tmp_path / "index", corpus_dir=corpus, embedder=HashEmbedder())


@pytest.mark.parametrize("question, expected", [
    ("安康“五项措施”中排在第三项的是什么?", "推进智慧安防小区建设"),
    ("What is the fourth of Ankang's five measures?", "严打电信网络诈骗"),
    ("安康“五项措施”的第二项,要深化的是什么?", "矛盾纠纷化解"),      # a question about the item: read in it
    ("安康“五项措施”中排在最后的是哪一项?", "加强法治宣传教育"),
])
def test_the_asked_item_answers_not_the_lead_in(measures_pipeline, question, expected):
    index = measures_pipeline.index
    _, ranked = measures_pipeline.rank(index, analyze(question, measures_pipeline.embedder, index))
    best = ranked[0]
    assert best.ref.source == "measures.txt"
    assert best.text[best.span.start:best.span.end] == expected


def test_the_first_citation_holds_the_asked_item(measures_pipeline):
    a = measures_pipeline.answer("安康“五项措施”中排在第三项的是什么?")
    assert "推进智慧安防小区建设" in a.citations[0].text


@pytest.mark.parametrize("question, number", [
    ("Of the four principles, which one is listed second?", 2),
    ("Which of the five angles is listed first?", 1),
    ("Of the four projects, which one is listed last?", LAST_ITEM),
    ("Which one is mentioned last?", LAST_ITEM),
    ("禁毒倡议第二点列出的六个“不”里,排在第一个的是哪个?", 1),      # the last ordinal is the item
    ("Which city was listed first in the ranking of safe cities?", 1),
    ("Who was listed as the first suspect?", 0),
])
def test_an_item_placed_by_the_word_listed(question, number):
    assert item_asked(question, normalize(question), "en" if question.isascii() else "zh-Hans") == number
