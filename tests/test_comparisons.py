"""Comparing questions: which of the things a sentence lists with figures or dates is the largest,
smallest, earliest or latest, and that figure or date. The sentences here are made up, so the
rules are tested on wording the articles never used. Pure functions, no model."""
from __future__ import annotations

from dataclasses import replace

import pytest

from qa.cleaning import normalize
from qa.comparisons import compared_span, rival_winner
from qa.extraction import ScoredSentence, Span, _rivals_compared, extract_span
from qa.index import SentenceRef
from qa.questions import Comparison, analyze_question, comparison_asked
from qa.quantities import date_value, figure_value, measure_of
from qa.retrieval import detect_language

from test_extraction import NO_TERMS


def asked(question: str) -> Comparison | None:
    return comparison_asked(question, normalize(question), detect_language(question))


def winner(question: str, sentence: str) -> str | None:
    norm = normalize(sentence)
    span = compared_span(norm, asked(question), normalize(question))
    return sentence[span[0]:span[1]] if span else None


@pytest.mark.parametrize("text, value, measure", [
    ("4.15万个", 41500, "个"), ("十类", 10, "类"), ("98.86%", 98.86, "%"), ("2.56亿元", 2.56e8, "元"),
    ("1.2万余名", 12000, "人"), ("14起", 14, "件"), ("7件", 7, "件"),
])
def test_a_figure_has_a_value_and_a_kind_of_measure(text, value, measure):
    assert figure_value(text) == pytest.approx(value)
    assert measure_of(text) == measure


@pytest.mark.parametrize("text, value", [("2022年4月", (2022, 4, 0)), ("7月26日", (0, 7, 26)),
                                         ("2023-5-6", (2023, 5, 6)), ("今年", None)])
def test_a_date_has_a_value(text, value):
    assert date_value(text) == value


@pytest.mark.parametrize("question, expected", [
    ("赌博案件和涉毒案件,哪一类的数量较多?", Comparison("most", "figure", "item")),
    ("两件事里较早的那件发生在什么时候?", Comparison("least", "date", "value")),
    ("服务站、调解室和工作点中数量最少的那一类有多少个?", Comparison("least", "figure", "value")),
    ("哪一項的降幅更大?", Comparison("most", "figure", "item")),
    ("Of the three rates cited, what was the lowest?", Comparison("least", "figure", "value")),
    ("Which was the later of the two dates?", Comparison("most", "date", "value")),
    ("Which rose faster: thefts or frauds?", Comparison("most", "figure", "item")),
    ("Which of the two meetings heard the report first?", Comparison("least", "date", "item")),
    ("How many people were caught, more than 20,000?", None),
    ("最大限度减少群众损失的办法是什么?", None),
    ("为了让更多群众参与,警方做了什么?", None),
    ("Which measure is listed first?", None),
])
def test_a_question_may_ask_for_the_winner_of_a_comparison(question, expected):
    assert asked(question) == expected


def test_a_comparison_sets_the_kind_of_answer():
    assert analyze_question("哪一类较多?", "哪一类较多?", "zh-Hans").kind == "term"
    assert analyze_question("数量最少的那一类有多少个?", "数量最少的那一类有多少个?", "zh-Hans").kind == "number"


def test_the_items_the_question_names_are_compared():
    sentence = "今年,全县查处赌博案件12起、涉毒案件30起,抓获违法人员45人。"
    assert winner("赌博案件和涉毒案件,哪一类的数量较多?", sentence) == "涉毒案件"
    assert winner("赌博案件和涉毒案件,哪一类的数量较少?", sentence) == "赌博案件"


def test_the_figure_of_the_winner_when_the_question_asks_how_many():
    sentence = "全县设立8个服务站、25个调解室和17个工作点,办结纠纷1200件。"
    assert winner("服务站、调解室和工作点中数量最少的那一类有多少个?", sentence) == "8个"
    assert winner("服务站、调解室和工作点中数量最多的那一类有多少个?", sentence) == "25个"


def test_changes_are_compared_with_the_items_they_are_given_for_respectively():
    sentence = "今年以来,盗窃案件、诈骗案件同比分别下降12.5%、20.1%,破案数上升8.2%。"
    assert winner("盗窃案件和诈骗案件,哪一项的降幅更大?", sentence) == "诈骗案件"
    assert winner("两项降幅中较小的是多少?", sentence) == "12.5%"


def test_levels_are_not_compared_with_changes():
    sentence = "全县受理行政案件120起,同比上升30%,调解纠纷95起。"
    assert winner("行政案件和纠纷,哪一项较多?", sentence) == "行政案件"


def test_dates_listed_in_order_pair_with_the_list_after_them():
    sentence = "县委县政府先后于3月5日和4月18日在县委常委会和县政府常务会上研究部署专项行动。"
    assert winner("Which of the two meetings heard about it first?", sentence) == "县委常委会"
    assert winner("两次研究部署中较晚的那次是哪一天?", sentence) == "4月18日"


def test_alike_items_are_told_apart_by_what_follows_them():
    sentence = "全局5名民警立二等功,12名民警立三等功,3个集体受到通报表扬。"
    assert winner("立功的民警中,哪一种功的人数最多?", sentence) == "三等功"


def test_no_winner_without_two_like_figures_or_with_a_tie():
    assert winner("哪一类较多?", "全县查处赌博案件12起。") is None
    assert winner("哪一类较多?", "全县设立3个服务站、3个调解室。") is None
    assert winner("哪一次较早?", "全县查处赌博案件12起、涉毒案件30起。") is None     # no dates


def test_extraction_answers_a_comparison_with_its_winner():
    sentence = "今年,全县查处赌博案件12起、涉毒案件30起。"
    question = "赌博案件和涉毒案件,哪一类的数量较多?"
    spec = analyze_question(question, normalize(question), "zh-Hans")
    span = extract_span(sentence, normalize(sentence), spec, normalize(question), NO_TERMS)
    assert sentence[span.start:span.end] == "涉毒案件" and span.compared


@pytest.mark.parametrize("spans, comparison, expected", [
    (["6336万元", "2.56亿元"], Comparison("most", "figure", "value"), 1),
    (["6336万元", "2.56亿元"], Comparison("least", "figure", "value"), 0),
    (["2023年度", "2022年"], Comparison("least", "date", "value"), 1),
    (["3月21日", "2022年4月"], Comparison("least", "date", "value"), None),    # the first has no year
    (["25件", "2.56亿元"], Comparison("most", "figure", "value"), None),       # cases and money
    (["12起", "12起"], Comparison("most", "figure", "value"), None),
])
def test_two_sentences_each_giving_one_figure_compare_them(spans, comparison, expected):
    assert rival_winner(spans, comparison) == expected


def _scored(sentence: str, answer: str, score: float) -> ScoredSentence:
    start = sentence.index(answer)
    return ScoredSentence(SentenceRef("a.txt", 0, len(sentence)), sentence, sentence, score, 0.5, 0.4, 1.0, 0,
                          Span(start, start + len(answer), 1.0, 0.3))


def test_the_winner_of_two_close_sentences_is_put_first():
    fraud = _scored("挽回群众损失6336万元。", "6336万元", 0.64)
    business = _scored("挽回经济损失2.56亿元。", "2.56亿元", 0.62)
    larger, smaller = Comparison("most", "figure", "value"), Comparison("least", "figure", "value")
    assert [s.text for s in _rivals_compared([fraud, business], larger)] == [business.text, fraud.text]
    assert _rivals_compared([fraud, business], smaller) == [fraud, business]
    far_behind = replace(business, score=0.2)      # a sentence far behind is no rival
    assert _rivals_compared([fraud, far_behind], larger) == [fraud, far_behind]
