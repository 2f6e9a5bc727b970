"""Look-alike answers: a sentence that shares the question's words and holds a fact of the asked
kind, but not the asked fact. What a name means, a figure the question itself states, a count for
a rate, another measure than the one asked, a county taken for a person, the whole for a kind of
it, a word of a quoted name for a person. The sentences are made
up, so the rules are tested on wording the articles never used. Pure functions, no model."""
from __future__ import annotations

import pytest

from qa.cleaning import normalize
from qa.extraction import (Span, alone_conflict, example_counted, part_conflict, said_of_another, sibling_name,
                           singled_out_of_list, unexplained)
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
    assert stated_figures(normalize("How many stations does the three-year plan cover?")) == {3.0}
    assert stated_figures(normalize("一共打掉几个团伙?")) == frozenset()     # 一共 states no figure


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


def test_a_word_inside_a_quoted_name_is_no_person():
    sentence = "金城街道“四联调解 分类施策”工作法由民警李建华总结推广。"
    assert span_text("Who devised the 'four joint mediations' method?", sentence) == "李建华"
    assert span_text("Who devised the 'four joint mediations' method?", "金城街道“四联调解 分类施策”工作法获表彰。") == ""


def test_a_surname_asked_is_a_person_asked():
    assert spec_of("那名主犯姓什么?").kind == "person"
    assert spec_of("主犯姓甚么?").kind == "person"


# --------------------------------------------------------------------------- a part of a whole

def _part_conflict(question: str, sentence: str, answer: str) -> bool:
    norm = normalize(sentence)
    start = norm.index(answer)
    return part_conflict(norm, Span(start, start + len(answer), 1.0, 1.0), spec_of(question))


@pytest.mark.parametrize("question, kind", [
    ("今年破获的刑事案件里,盗窃案件占了多少起?", ("盗窃",)),
    ("五年来侦破的侵财类案件中,电信诈骗案件有多少起?", ("电信", "诈骗")),
])
def test_a_kind_of_a_whole_may_be_asked(question, kind):
    assert spec_of(question).subgroup == kind


@pytest.mark.parametrize("question", [
    "今年破获了多少起刑事案件?",
    "在涉及企业的案件里一共抓了多少名嫌疑人?",      # counts suspects, not a kind of the cases
    "破获的两类案件中,数量较多的那一类有多少起?",   # a comparison
])
def test_other_counts_ask_no_kind(question):
    assert spec_of(question).subgroup == ()


def test_the_whole_does_not_answer_for_a_kind_of_it():
    question = "今年破获的刑事案件里,盗窃案件占了多少起?"
    assert _part_conflict(question, "今年全市共破获各类刑事案件1378起,同比上升15%。", "1378起")
    assert not _part_conflict(question, "今年破获刑事案件1378起,其中盗窃案件412起。", "412起")


def test_a_long_description_of_the_part_still_names_the_whole():
    question = "发起的7起全省集群战役里,由本市牵头主办的有几起?"
    assert spec_of(question).part_of == "7"
    assert _part_conflict(question, "发起全国集群战役14起、全省集群战役7起。", "14起")
    assert not _part_conflict(question, "发起全省集群战役7起,其中本市牵头主办3起。", "3起")


# --------------------------------------------------------------------------- the measure of money and of people

@pytest.mark.parametrize("question", [
    "建设警务会客厅一共投入了多少资金?", "How much did the city spend on building the platform?",
    "How much was invested in the new stations?",
])
def test_money_asked_is_answered_by_money_only(question):
    spec = spec_of(question)
    assert spec.units[0] == "元" and spec.unit_required
    assert span_text(question, "建成会客厅26个、会客角80个。") == ""


def test_members_are_counted_by_head_not_in_person_times():
    question = "How many members does the campaign's leading group have?"
    spec = spec_of(question)
    assert spec.unit_required and "人次" not in spec.units
    assert span_text(question, "投入警力5万余人次,召开会议3次。") == ""


def test_an_area_asked_names_what_it_is_of():
    assert spec_of("中国的国土面积是多少平方公里?").focus == (("国土面积",),)
    assert spec_of("辖区面积有多少平方公里?").focus == (("辖区",),)


# --------------------------------------------------------------------------- one month or year alone

@pytest.mark.parametrize("question", ["仅8月份一个月,全市警情下降了多少?", "How many suspects were caught in August alone?"])
def test_a_month_alone_is_not_answered_by_a_span_that_holds_it(question):
    spec = spec_of(question)
    assert spec.alone and spec.months == (8,)
    assert alone_conflict(normalize("7月份、8月份全市警情同比下降10.98%。"), spec)
    assert alone_conflict(normalize("7-8月全市抓获嫌疑人3002名。"), spec)
    assert not alone_conflict(normalize("8月份全市警情同比下降6.2%。"), spec)


def test_a_year_alone_is_not_answered_by_a_span_of_years():
    spec = spec_of("How many suspects were arrested in 2021 alone?")
    assert spec.alone and spec.years == ("2021",)
    assert alone_conflict(normalize("2021年以来,共抓获嫌疑人2162名。"), spec)
    assert alone_conflict(normalize("从2021年至2024年,共抓获嫌疑人2162名。"), spec)
    assert not alone_conflict(normalize("2021年,全市抓获嫌疑人512名。"), spec)


def test_a_month_not_insisted_on_may_be_answered_by_a_span():
    spec = spec_of("8月份全市警情下降了多少?")
    assert not spec.alone
    assert not alone_conflict(normalize("7月份、8月份全市警情同比下降10.98%。"), spec)


# --------------------------------------------------------------------------- said of another figure

def _conflict(rule, question: str, sentence: str, answer: str) -> bool:
    norm = normalize(sentence)
    start = norm.index(answer)
    span = Span(start, start + len(answer), 1.0, 1.0)
    return rule(norm, span, spec_of(question)) if rule is said_of_another \
        else rule(norm, span, spec_of(question), normalize(question))


def test_what_the_question_says_of_the_counted_is_read_after_them():
    assert spec_of("有多少个集体立了一等功?").said_of == ("一等功",)
    assert spec_of("抓获了多少名犯罪嫌疑人?").said_of == ()


def test_a_figure_is_not_answered_for_what_another_figure_did():
    sentence = "全市30个集体获省厅表彰,4名个人立一等功,26个集体立二等功。"
    assert _conflict(said_of_another, "有多少个集体立了一等功?", sentence, "30个")
    assert not _conflict(said_of_another, "有多少个集体立了二等功?", sentence, "26个")


def test_a_figure_after_an_example_counts_the_kind_not_the_example():
    sentence = "新增电子居住证办理等8项业务,办理业务158万件。"
    assert _conflict(example_counted, "新办了多少张电子居住证?", sentence, "8项")
    assert not _conflict(example_counted, "新增了多少项业务?", sentence, "8项")
    assert not _conflict(example_counted, "新增电子居住证办理等多少项业务?", sentence, "8项")


# --------------------------------------------------------------------------- measure words

def test_trips_are_counted_as_times():
    spec = spec_of("民警累计跑了多少趟?")
    assert spec.unit_required and "次" in spec.units
    assert span_text("民警累计跑了多少趟?", "送证上门1280余次,挽回损失5700万余元。") == "1280余次"


def test_people_counted_with_ge_answer_a_count_of_people():
    assert span_text("有多少位派出所所长进了班子?", "率先完成136个派出所所长进镇班子。") == "136个"
    assert span_text("有多少位所长进了班子?", "建成136个派出所,进驻班子。") == ""


def test_one_item_alone_is_not_answered_by_the_figure_its_list_shares():
    sentence = "5年累计办理户政、出入境、车驾管业务113万多笔。"
    assert _conflict(example_counted, "办理了多少笔户政业务?", sentence, "113万多笔") is False
    assert _conflict(singled_out_of_list, "单是车驾管业务就办理了多少笔?", sentence, "113万多笔")
    assert not _conflict(singled_out_of_list, "办理户政、出入境、车驾管业务多少笔?", sentence, "113万多笔")


def test_what_figures_stand_for_is_asked_as_a_name_not_a_count():
    spec = spec_of("临渭“5312”运行模式里的几个数字分别代表什么?")
    assert spec.kind == "term" and spec.explained == ("5312",)


def test_another_name_of_the_run_the_asked_name_stands_in_is_no_answer():
    sentence = "全省开展“云剑”“秦鹰”“雷霆”“破小案、暖民心”等专项行动。"
    assert _conflict(sibling_name, "“雷霆”专项行动打击的是哪一类犯罪?", sentence, "破小案、暖民心")
    assert not _conflict(sibling_name, "除了“雷霆”,还开展了哪些专项行动?", sentence, "破小案、暖民心")


# --------------------------------------------------------------------------- a sentence in pieces

ARTICLE = ("甲市深化基层治理\n\n"
           "甲市还深入推进“城乡一张网”行动,动员网格员3.2万余名参与基层治理;"
           "开展宣传活动412场次,走访群众88.6万余户。\n\n"
           "乙市开展冬季巡防,走访商户1.5万余户。\n\n"
           "丙省开展“云剑”“秦鹰”“雷霆”等专项行动,破获案件5.5万余起;抓获逃犯1.2万余名。\n")


@pytest.fixture(scope="module")
def pieces_pipeline(tmp_path_factory):
    from qa.answering import Pipeline
    from qa.embedding import HashEmbedder
    tmp = tmp_path_factory.mktemp("pieces")
    (tmp / "corpus").mkdir()
    (tmp / "corpus" / "jiashi.txt").write_text(ARTICLE, encoding="utf-8")
    return Pipeline.open(index_dir=tmp / "index", corpus_dir=tmp / "corpus", embedder=HashEmbedder())


def _best(pipe, question: str):
    from qa.retrieval import analyze
    _, ranked = pipe.rank(pipe.index, analyze(question, pipe.embedder, pipe.index))
    return ranked[0]


def test_a_semicolon_piece_is_read_under_its_sentences_opening(pieces_pipeline):
    best = _best(pieces_pipeline, "甲市推进“城乡一张网”行动,一共走访了多少户群众?")
    assert best.text[best.span.start:best.span.end] == "88.6万余户"
    assert best.coverage > 0.5      # the campaign is named in the opening piece only


def test_a_piece_after_a_list_in_the_opening_counts_the_whole_list(pieces_pipeline):
    from qa.retrieval import analyze
    question = "丙省“云剑”专项行动抓获了多少名逃犯?"
    _, ranked = pieces_pipeline.rank(pieces_pipeline.index, analyze(question, pieces_pipeline.embedder,
                                                                     pieces_pipeline.index))
    piece = next(s for s in ranked if "1.2万余名" in s.text)
    assert piece.coverage > 0.5 and piece.qualifier_ok == 0.0


def test_an_english_question_uses_the_chinese_term_it_quotes(pieces_pipeline):
    from qa.retrieval import analyze
    query = analyze("How many households were visited under the 'one network' (城乡一张网) campaign?",
                    pieces_pipeline.embedder, pieces_pipeline.index)
    assert query.lang == "en"
    assert any("一张网" in t or "城乡" in t for group in query.english for t in group)
