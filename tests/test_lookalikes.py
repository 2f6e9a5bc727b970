"""Look-alike answers: a sentence that shares the question's words and holds a fact of the asked
kind, but not the asked fact. What a name means, a figure the question itself states, a count for
a rate, another measure than the one asked, a county taken for a person. The sentences are made
up, so the rules are tested on wording the articles never used. Pure functions, no model."""
from __future__ import annotations

import pytest

from qa.cleaning import normalize
from qa.extraction import Span, unexplained
from qa.quantities import stated_figures

from test_extraction import extracted, span_text, spec_of


# --------------------------------------------------------------------------- what a name means

@pytest.mark.parametrize("question, names", [
    ("“双轨制”中的“双轨”分别指什么?", {"双轨制", "双轨"}),        # the name and the part of it asked
    ("“清风”工程具体包括哪些内容?", {"清风"}),                    # with its head noun between
    ("“三查三访”指的是什么?", {"三查三访"}),
    ("What does the '2' in the '1+2+3+X' plan stand for?", {"1+2+3+x"}),
])
def test_a_question_may_ask_what_a_name_means(question, names):
    assert set(spec_of(question).explained) == names


@pytest.mark.parametrize("question", [
    "排在“清风”前面的两项行动分别叫什么?",      # asks for other items, not what 清风 is
    "“清风”行动是哪一年开始的?",
    "What did the 'Qingfeng' campaign target?",  # an English name is a translation, not the article's words
])
def test_other_questions_ask_no_meaning(question):
    assert spec_of(question).explained == ()


def _unexplained(question: str, sentence: str, answer: str) -> bool:
    norm = normalize(sentence)
    start = norm.index(answer)
    return unexplained(norm, Span(start, start + len(answer), 1.0, 1.0), spec_of(question))


@pytest.mark.parametrize("sentence, answer", [
    ("构建“人防、物防、技防”的“三防”体系,成效明显。", "人防、物防、技防"),     # the parts, then 的 and the name
    ("践行“人防、物防、技防”三防理念。", "人防、物防、技防"),
    ("打造“三防”,即人防、物防、技防。", "人防、物防、技防"),
])
def test_parts_beside_the_name_explain_it(sentence, answer):
    assert not _unexplained("“三防”具体是指哪几项?", sentence, answer)


@pytest.mark.parametrize("sentence, answer", [
    ("按照“平安优先”要求,推进“三防”体系建设。", "平安优先"),                  # another name of the sentence
    ("部署“清风”“三防”“利剑”“雷霆”四项工程。", "清风”“三防”“利剑”“雷霆"),    # the list 三防 is one item of
    ("构建“人防、物防、技防”的“双轨”机制。", "人防、物防、技防"),              # another name's parts
])
def test_other_names_do_not_explain_it(sentence, answer):
    assert _unexplained("“三防”具体是指哪几项?", sentence, answer)


def test_a_question_asking_no_meaning_is_never_unexplained():
    assert not _unexplained("推进了什么体系建设?", "按照“平安优先”要求,推进“三防”体系建设。", "三防")


# --------------------------------------------------------------------------- figures the question states

def test_stated_figures_are_the_questions_figures_but_not_its_dates():
    assert stated_figures(normalize("How many people attended the 1,200 meetings held in 2023?")) >= {1200.0}
    assert stated_figures(normalize("Of the 110 million yuan spent, how much went to stations?")) == {1.1e8}
    assert stated_figures(normalize("在投入的2.5亿元中,有多少用于派出所?")) == {2.5e8}
    assert stated_figures(normalize("1-3月份渭南破获多少起案件?")) == frozenset()      # a period, not a figure


def test_a_figure_the_question_states_does_not_answer_it():
    sentence = "召开群众恳谈会1200场次,参会群众3.4万人。"
    assert span_text("How many people took part in the 1,200 meetings?", sentence) == "3.4万人"
    assert span_text("How many meetings were held after the 1,200 home visits?", "走访1200户,召开恳谈会1200场次。") == ""


# --------------------------------------------------------------------------- the measure asked

@pytest.mark.parametrize("question, unit", [
    ("警方一共配备了多少架无人机?", "架"), ("新购置了多少辆警车?", "辆"), ("组建了多少支队伍?", "支"),
])
def test_a_measure_word_after_how_many_is_required(question, unit):
    spec = spec_of(question)
    assert spec.units[0] == unit and spec.unit_required


def test_a_figure_in_another_measure_does_not_answer():
    sentence = "开展无人机操控训练120场次,配备无人机36架。"
    assert span_text("警方一共配备了多少架无人机?", sentence) == "36架"
    assert span_text("警方一共配备了多少架无人机?", "开展无人机操控训练120场次。") == ""
    assert spec_of("有多少部门参与?").units[:1] != ("部",)      # 部门 is a noun, not a measure word


@pytest.mark.parametrize("question", [
    "去年调解的纠纷里,调解成功的比例有多高?", "治安案件发案率比上年降了多少?", "群众的满意率具体是多少?",
    "What share of the 86 cases was solved?",
])
def test_a_rate_is_answered_by_a_percentage_only(question):
    spec = spec_of(question)
    assert spec.units[0] == "%" and spec.unit_required
    assert span_text(question, "全年调解纠纷2.1万余件,同比下降25件。") == ""
    assert span_text(question, "调解成功率达98.5%,发案率同比下降12.3%。") != ""


def test_a_rate_named_beside_a_count_leaves_the_count_asked():
    assert spec_of("为了提高见警率,一共设了多少个必巡点?").units[0] == "个"


def test_the_noun_after_how_many_decides_the_unit_when_no_auxiliary_closes_it():
    assert spec_of("How many people attended the 512 publicity events?").units[0] == "人"


# --------------------------------------------------------------------------- names

def test_a_county_that_jieba_takes_for_a_name_is_no_person():
    sentence = "蒲城“4.03”团伙案由民警张建国带队侦破。"
    text, span = extracted("Who led the team that cracked the Pucheng '4.03' ring case?", sentence)
    assert text == "张建国"


def test_an_officer_is_told_apart_by_the_duty_before_the_word():
    assert spec_of("那位户籍民警叫什么名字?").role == "户籍民警"
    assert spec_of("上门服务的民警是谁?").role == "民警"
    sentence = "社区民警王明了解情况后,立即协调户籍民警上门服务。"
    assert span_text("上门服务的那位户籍民警叫什么名字?", sentence) == ""     # named only as 户籍民警
    assert span_text("那位社区民警叫什么名字?", sentence) == "王明"
