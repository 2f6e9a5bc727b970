"""Question analysis and span extraction: the rules that tell a figure that answers the
question from a look-alike beside it (another thing counted, another dimension, a change
instead of a level, another scope, round or office). Pure functions, no model."""
from __future__ import annotations

import pytest

from qa.alignment import wh_context
from qa.answering import QUALIFIER_FLOOR, vetoed
from qa.cleaning import normalize
from qa.extraction import (Span, Terms, _paragraph, answer_window, described_item, extract_span, focus_support,
                           focus_terms, item_number, modifier_conflict, place_conflict, scope_conflict, _holds_role)
from qa.questions import analyze_question, ordinals_in
from qa.retrieval import detect_language

NO_TERMS = Terms((), ())


def spec_of(question: str, known_places: frozenset[str] = frozenset()):
    return analyze_question(question, normalize(question), detect_language(question), known_places)


def extracted(question: str, sentence: str, terms: Terms = NO_TERMS) -> tuple[str, Span]:
    """The text and span extract_span picks in ``sentence`` for ``question``."""
    span = extract_span(sentence, normalize(sentence), spec_of(question), normalize(question), terms)
    return sentence[span.start:span.end], span


def span_text(question: str, sentence: str) -> str:
    """The span extract_span picks in ``sentence`` ("" when nothing of the asked kind is there)."""
    text, span = extracted(question, sentence)
    return text if span.fit > 0 else ""


class _Lexical:
    def doc_freq(self, token: str) -> int:
        return 1


class _Index:
    """Just what focus_terms reads: a passage count and document frequencies."""
    passages = [object()] * 10
    lexical = _Lexical()


# --------------------------------------------------------------------------- focus

@pytest.mark.parametrize("question, expected", [
    ("夏季行动期间渭南破获了多少起电信网络诈骗案件?", {"电信", "网络", "诈骗", "案件"}),   # after the measure word
    ("农城义警队伍共有多少名义警?", {"义警"}),       # jieba reads 名义|警: the measure is taken off first
    ("商洛交通事故死亡人数下降了百分之多少?", {"交通事故", "死亡", "下降"}),             # before the predicate
    ("2023年陕西全省刑事案件立案数是多少起?", {"刑事案件", "立案"}),                    # 数 restates the count
    ("渭南夏季行动抓获了多少名逃犯?", {"逃犯", "抓获"}),
    ("那几次夜间巡查中,派出的警车累计有多少台次?", {"警车"}),          # 那几次 points back; it does not ask
])
def test_focus_is_what_the_question_counts(question, expected):
    words = {t for group in spec_of(question).focus for t in group}
    assert expected <= words
    assert "渭南" not in words and "商洛" not in words       # places are qualifiers, not focus


def test_focus_of_english_question_is_translated():
    spec = spec_of("How many drug offenders did Weinan arrest in 2023?")
    assert any("毒品" in group for group in spec.focus)


def test_questions_that_ask_no_count_have_no_focus():
    assert spec_of("渭南市公安局局长是谁?").focus == ()
    assert spec_of("What is the hotline?").focus == ()


def test_focus_support_rewards_the_figure_whose_clause_names_the_focus():
    spec = spec_of("夏季行动期间渭南破获了多少起电信网络诈骗案件?")
    right = normalize("破获电信网络诈骗案件120起")
    wrong = normalize("打掉恶势力犯罪团伙7个,破获十类涉恶刑事案件289起")
    assert focus_support(right, focus_terms(_Index(), spec)) == pytest.approx(1.0)
    assert focus_support(wrong, focus_terms(_Index(), spec)) < 0.5       # only 破获 and 案件 of five
    assert focus_support(wrong, focus_terms(_Index(), spec_of("渭南市公安局局长是谁?"))) == 1.0


def test_answer_window_is_the_answers_clause_and_the_one_before():
    norm = normalize("5年来,全市刑事案件发案数下降33%,交通事故死亡人数大幅下降。")
    start = norm.index("33%")
    window = answer_window(norm, Span(start, start + 3, 1.0, 0.0))
    assert "刑事案件发案数下降33%" in window and "交通事故" not in window


# --------------------------------------------------------------------------- figures

def test_other_dimension_is_not_an_answer():
    assert span_text("工农社区那条道路有多长?", "工农社区只有一条宽1米左右的主干道。") == ""
    assert span_text("工农社区那条道路有多宽?", "工农社区只有一条宽1米左右的主干道。") == "1米左右"
    assert span_text("那条路有多长?", "新修道路长800米。") == "800米"


def test_a_change_does_not_answer_how_many_there_are():
    sentence = "全市法院一审新收民事、行政案件同比减少2331件。"
    assert span_text("全市法院一审新收民事、行政案件总共有多少件?", sentence) == ""
    assert span_text("全市法院一审新收民事、行政案件同比减少了多少件?", sentence) == "2331件"


def test_person_times_do_not_count_people():
    assert span_text("富平县宫里派出所有多少名民警?", "民警共驻村3281人次。") == ""
    assert span_text("抓获了多少名逃犯?", "抓获逃犯377人。") == "377人"


def test_colloquial_ge_counts_people():
    assert span_text("一共抓了多少个嫌疑人?", "抓获犯罪嫌疑人122人。") == "122人"


def test_money_question_needs_money():
    assert span_text("查获的假证件价值多少钱?", "查获假证件1.2万件。") == ""
    assert span_text("车里丢的东西值多少钱?", "称其车内价值1.3万元的财物被盗。") == "1.3万元"


def test_percentage_question_needs_a_percentage():
    assert span_text("死亡人数下降了百分之多少?", "死亡人数下降120人。") == ""
    assert span_text("死亡人数下降了百分之多少?", "死亡人数下降12.5%。") == "12.5%"


# --------------------------------------------------------------------------- qualifiers

def test_scope_conflict():
    spec = spec_of("2023年陕西全省共破获刑事案件多少起?")
    assert spec.scope == "全省"
    assert scope_conflict(normalize("全市公安系统共破获传统侵财类案件2396起"), spec)
    assert not scope_conflict(normalize("全省共破获刑事案件5.5万余起"), spec)
    assert not scope_conflict(normalize("共破获刑事案件5.5万余起"), spec)     # no level named: no conflict
    assert spec_of("How many cases were solved province-wide?").scope == "全省"


def test_a_city_question_is_not_answered_by_a_whole_county():
    spec = spec_of("2023年渭南市治安案件发案率同比下降了多少?")
    assert spec.place_level == "全市"                          # 渭南 is a prefecture-level city
    assert scope_conflict(normalize("全县治安案件发案率同比下降10.6%"), spec)
    assert not scope_conflict(normalize("全市治安案件发案率同比下降5%"), spec)
    assert not scope_conflict(normalize("在全省率先下降5%"), spec)   # a higher level is a comparison


def test_a_change_the_other_way_is_not_an_answer():
    assert spec_of("电信网络诈骗发案数同比下降了多少?").direction == "down"
    assert spec_of("By how much did solved cases rise?").direction == "up"
    assert spec_of("How many stations were set up?").direction == ""        # "set up" is no change
    assert span_text("发案数同比下降了多少?", "破获案件同比上升15.49%。") == ""
    assert span_text("发案数同比下降了多少?", "破获案件同比上升15.49%,发案数同比下降8.2%。") == "8.2%"


def test_a_change_question_is_answered_by_the_change_not_the_level():
    assert span_text("刑事案件比上年少了多少?", "全省共破获刑事案件5.5万余起,同比上升10.5%。") == ""
    assert span_text("刑事案件比上年多了多少?", "全省共破获刑事案件5.5万余起,同比上升10.5%。") == "10.5%"
    # "分别" lists: the second change is a change too, and it goes the same way as the first
    assert span_text("治安案件比上年少了多少?", "破获刑事案件5.5万余起、查处治安案件17.1万余起,同比分别上升10.5%、9.1%;") == ""
    # a sentence with no change at all still offers its figures
    assert span_text("案件比上年多了多少件?", "全市法院一审新收案件多出2331件。") == "2331件"


def test_phone_question_needs_a_phone_number():
    assert spec_of("What is the phone number of the hotline?").kind == "number"
    assert span_text("举报电话是多少?", "做客《环境热线》,就“三个年”活动进行交流。") == ""
    assert span_text("举报电话是多少?", "市禁毒办举报电话:2121592。") == "2121592"


def test_a_number_inside_a_short_quoted_name_is_no_figure():
    assert span_text("How many police stations were built?", "开展公安系统“三个年”活动,建成91个标准化派出所。") == "91个"
    assert span_text("建成了多少个派出所?", "开展“三个年”活动。") == ""
    assert span_text("破获了多少起案件?", "破获蒲城“4.03”团伙案等12起。") == "12起"


def test_how_many_years_needs_years():
    assert span_text("创建活动一共要持续几年?", "创建活动历时三年,第三个年头验收。") == "三年"
    assert spec_of("近几年商洛破获多少起案件?").units[0] == "起"          # 近几年 is a time phrase


def test_the_noun_after_how_many_is_a_measure_word():
    assert span_text("How many days did it take to solve the cases?", "破获盗窃案件2起,历时3天。") == "3天"
    assert span_text("How many days did it take to solve the cases?", "破获盗窃案件2起。") == ""
    spec = spec_of("How many criminal suspects were caught in the summer?")
    assert spec.unit_required and "名" in spec.units
    assert span_text("How many criminal suspects were caught?", "召开3次会议,抓获犯罪嫌疑人3002名。") == "3002名"
    assert not spec_of("How many were caught, counting suspects?").unit_required   # a hint, not the counted noun


@pytest.mark.parametrize("question, units, required", [
    ("华山的海拔是多少米?", "米", True),              # a height needs metres, not "四项"
    ("How tall is the tower?", "米", True),
    ("共发放宣传资料多少份?", "份", True),
    ("一共出了几份文件?", "个", True),                 # documents are counted with 个 too
    ("调成了的比例有多高?", "%", True),                # 多高 of a rate asks for the rate, and a count is no rate
    ("群众的认可程度有多高?", "%", False),
])
def test_units_of_heights_and_copies(question, units, required):
    spec = spec_of(question)
    assert units in spec.units and spec.unit_required is required
    assert spec.kind == "number"


@pytest.mark.parametrize("question, unit", [
    ("How many 'car door pulling' thefts were solved?", "起"),        # the head noun, not "car"
    ("How many villages did the station survey in person?", "个"),     # "in person" counts no people
    ("How many times have police delivered documents?", "次"),
    # no auxiliary closes the noun: the first word a unit is known for, not the clause's last
    ("How many members sit on the leading group the police set up for the campaign?", "人"),
    ("How many people attended the 512 events?", "人"),
])
def test_the_head_noun_of_how_many_decides_the_unit(question, unit):
    spec = spec_of(question)
    assert spec.unit_required and spec.units[0] == unit


def test_an_english_place_name_is_the_one_the_articles_spell():
    from qa.questions import english_places
    assert english_places("How big is the base in Huazhou?") == (("化州",),)       # the dictionary's namesake
    assert english_places("How big is the base in Huazhou?", romanized={"huazhou": ("华州",)}) == (("华州",),)


def test_a_name_in_pinyin_that_the_articles_spell_is_not_a_place():
    """"Qian" alone is 乾县 in the dictionary; "Wang Qian" spells a person the articles name."""
    from qa.questions import english_places
    question = "At which office is Wang Qian of Shangnan based?"
    assert ("乾县",) not in english_places(question, romanized={"wangqian": ("汪倩",), "shangnan": ("商南",)})
    assert ("乾县",) in english_places(question)                 # what the dictionary alone says
    # A corpus word the dictionary also gives for the name is the place: Pucheng is 蒲城, not 浦城.
    assert english_places("How many cases in Pucheng?", romanized={"pucheng": ("蒲城",)}) == (("蒲城",),)


def test_a_quoted_name_is_no_place_unless_the_articles_spell_it():
    """'Qin Eagle' is a campaign (秦鹰); the dictionary's 沁县 for "Qin" is not asked about."""
    from qa.questions import english_places
    question = "In which year did Shaanxi police run the 'Cloud Sword', 'Qin Eagle' and 'Thunder' operations?"
    assert not any("沁县" in group for group in english_places(question))
    assert any("陕西" in group for group in english_places(question))
    assert ("沁县",) in english_places("How many cases did Qin Eagle police solve?")   # unquoted: as before
    assert english_places("Which body in 'Huazhou' did it?", romanized={"huazhou": ("华州",)}) == (("华州",),)


def test_hong_kong_macao_and_taiwan_are_also_written_together():
    spec = spec_of("How many permits for Hong Kong residents were issued?")
    assert any("香港" in alts and "港澳台" in alts for alts in spec.places)
    assert any("港澳台" in alts for alts in spec_of("香港居民办了多少证件?").places)


def test_a_word_that_picks_out_places_is_not_one():
    assert spec_of("给陕西各市县颁发荣誉的是哪个机构?").places == (("陕西",),)


@pytest.mark.parametrize("question, kind", [
    ("At which police office is Wang Qian, the officer who helped an old man, based?", "org"),
    ("How old is the man who sang opera in the park?", "number"),
    ("Who helped the old man renew his ID card?", "person"),
])
def test_a_relative_who_does_not_ask_for_a_person(question, kind):
    assert spec_of(question).kind == kind


@pytest.mark.parametrize("question, quoted", [
    ("How many suspects were arrested in the Pucheng '4.03' case?", ("4.03",)),
    ("蒲城“4.03”卖淫团伙案抓获多少人?", ("4.03",)),
    ("What is the 'Ping'an Bronze Ding'?", ()),               # English in quotes is a translation
    ("How many cases were solved in 2023?", ()),
])
def test_a_case_named_by_its_number_in_quotes_must_be_the_one_named(question, quoted):
    assert spec_of(question).quoted == quoted


def test_an_english_question_is_embedded_with_its_chinese_terms(fake_index):
    """The multilingual model matches English to Chinese poorly; the bridged terms go with it."""
    from qa.embedding import HashEmbedder
    from qa.retrieval import analyze

    class Recording(HashEmbedder):
        def embed_queries(self, texts):
            self.seen = list(texts)
            return super().embed_queries(texts)

    embedder = Recording()
    query = analyze("How many police stations were built?", embedder, fake_index)
    assert embedder.seen[0].startswith("How many police stations were built?")
    assert "派出所" in embedder.seen[0]
    analyze("建成多少个派出所?", embedder, fake_index)
    assert embedder.seen == ["建成多少个派出所?"]                 # a Chinese question is embedded as asked
    assert query.lang == "en"


@pytest.mark.parametrize("question, sentence, date", [
    ("基地什么时候建成?", "年底前在华州建成训练基地并投入使用。", "年底前"),        # a deadline keeps its 前
    ("行动什么时候开始?", "行动从4月1日起开展。", "4月1日"),
    ("何时发布的数据?", "今年前三季度,全市发案下降。", "今年"),                   # 前三季度 is a count
    ("When was it completed?", "该项目于2023年6月完成。", "2023年6月"),
    ("该市被评为哪一年度的先进单位?", "该市被评为2022年度先进单位。", "2022年度"),          # 年度 is part of the year
    ("走访数字从什么时候开始统计?", "2022年以来,全县民警共走访群众3万户。", "2022年以来"),   # since 2022, not in 2022
])
def test_date_spans(question, sentence, date):
    assert span_text(question, sentence) == date


# Made-up sentences: a Chinese question's word order places its answer (qa.alignment).
@pytest.mark.parametrize("question, sentence, answer", [
    # the slot between the words around the question word
    ("某县以哪三类指标为基础考核民警?", "某县以出勤率、破案率、满意率三类指标为基础考核民警,效果明显。", "出勤率、破案率、满意率"),
    # a copular question asks for its subject's modifier
    ("某局始终坚守的根本宗旨是什么?", "某局始终坚守“为民服务”根本宗旨,不断提升群众安全感。", "为民服务"),
    # a list in apposition to the name the question quotes
    ("某所组织实施的“两大行动”是哪两项?", "某所组织实施清源净化、固本强基“两大行动”。", "清源净化、固本强基"),
    # an enumeration ending in the noun asked about
    ("某县警方联合了哪些部门开展排查?", "某县警方联合交通、应急、消防等部门开展排查。", "交通、应急、消防"),
    # of two quotations, the one next to the question's noun
    ("某所构建的调解机制叫什么?", "某所构建“多方协助、分类化解”的“1+2+N”调解机制。", "1+2+N"),
    # who made the award: no person's name, the wording points at the body
    ("该品牌是被谁评为十佳品牌的?", "该品牌被县委评为十佳品牌。", "县委"),
    # the noun asked about is part of the answer, even where the sentence has only its first word
    ("某局深入推进了什么专项行动?", "某局深入推进打击整治电诈犯罪专项行动。", "打击整治电诈犯罪专项行动"),
    ("某县是以什么管理方式为依托的?", "某县以网格化管理为依托,连通热线。", "网格化管理"),
    ("某县实施的是什么培育计划?", "某县实施公安英才培育计划,招录人才。", "公安英才培育计划"),
    # a noun right before a verb is not part of the head: 任务, not 任务全员
    ("要确保民警哪项任务全员达标?", "开展训练,确保民警体能测试任务全员达标。", "体能测试任务"),
    # a modifier the sentence does not repeat: the noun after 的 anchors the slot
    ("某市要打击哪些涉及技术和资金的违法犯罪活动?", "某市严厉打击非法软件开发、提供资金通道等违法犯罪活动。",
     "非法软件开发、提供资金通道"),
    # the rest of a list the question names some items of
    ("该行动打击的犯罪中,除盗窃、诈骗外还有哪一类?", "该行动紧盯盗窃、诈骗、抢夺等侵财犯罪。", "抢夺"),
    # one item set aside, one asked for (哪种, not 哪些): the next item only
    ("除了跨市通办,还有哪种通办?", "全省推出身份证跨市通办、县内通办、“绿色通道”服务。", "县内通办"),
    # the object of the question's verb, when nothing after the question word is in the sentence
    ("在专项打击中,某局坚持了哪些做法?", "专项打击中,某局坚持打防并举、部门联动,破获案件。", "打防并举、部门联动"),
    # jieba's one token 哪些方面 is a question word and its measure: 方面 is asked, the noun after 的 anchors
    ("某局对所队长强化了哪些方面的针对性培训?", "某局强化所队长履职能力、专业技能等针对性培训。", "履职能力、专业技能"),
    # a question ending in its question word asks what follows the word before it
    ("某市要有力铲除网络安全领域的什么?", "某市严打非法开发,有力铲除网络安全领域黑色产业链。", "黑色产业链"),
    # the question's verb with a result complement (打造出) is the sentence's verb (打造)
    ("某市铺开这个模式,是想打造出什么?", "某市铺开这个模式,打造具有本地特色的平安建设新样板。", "具有本地特色的平安建设新样板"),
    # "怎样的监管" asks what kind of oversight, not how: the modifier, with its noun
    ("某市对危爆物品要加强怎样的监管?", "某市持续强化物流管理,加强全流程、全环节监管,解决问题。", "全流程、全环节监管"),
    # the noun after 的 is the answer's own noun when no measure word says what is asked
    ("某委推动出台了什么关于营商环境的措施?", "某委推动出台了政法系统优化营商环境若干措施,进行登记。", "政法系统优化营商环境若干措施"),
    # 什么样的 / 甚么样的 ask for the modifier like 怎样的; the noun stays with it
    ("某局构建了甚么样的巡控网络?", "某局构建了全域网格化巡控网络,守护平安。", "全域网格化巡控网络"),
    # the words before the question word are not in the sentence: the noun and its modifier
    ("该活动给居民撑起的是一种怎样的归属感?", "该活动带给居民满满的归属感。", "满满的归属感"),
    # 哪一套 asks for one thing: the noun after the modifier's 的 is its head
    ("某市要完善哪一套面向全体学生的培训体系?", "某市完善校园安全培训体系,开展演练。", "校园安全培训体系"),
])
def test_the_questions_wording_places_the_answer(question, sentence, answer):
    got, _ = extracted(question, sentence)
    assert answer in got and len(got) <= len(answer) + 6, got


@pytest.mark.parametrize("question, sentence, answer", [
    # nothing in the question's wording places the answer: what the sentence adds to it
    ("某省是以什么形式把禁毒工作写进年度计划的?", "某省把禁毒工作写进年度计划专节部署,逐项落实。", "专节部署"),
    ("今年某县刑事立案和治安受案是什么走向?", "今年某县刑事立案、治安受案实现双下降。", "双下降"),
])
def test_what_the_sentence_adds_to_the_question_answers_it(question, sentence, answer):
    got, _ = extracted(question, sentence)
    assert answer in got and len(got) <= len(answer) + 3, got


def test_how_many_levels_and_which_round_are_counted_in_their_own_words():
    assert span_text("该体系分成几级?", "某局构建市局主抓、分局联动、所队推进的三级责任体系。") == "三级"
    assert span_text("该市入选的是第几轮创建名单?", "2022年该市入选第二轮创建名单,共90个城市。") == "第二轮"
    assert span_text("How many aspects does the plan start from?", "该计划从“建警、治警、强警”三方面入手。") == "三方面"
    # not asked for, a level or a round is no figure: the money is
    assert span_text("花了多少钱?", "建成三级平台,投入资金300万元。") == "300万元"


def test_a_candidate_made_of_the_questions_own_words_is_not_its_answer():
    from qa.extraction import ECHO, echo
    q = normalize("某县建立完善警民联合机制,是以什么为依托的?")
    assert echo("九是建立完善警民联合机制", q, NO_TERMS) >= ECHO          # the enumerator is not content
    assert echo("网格化管理", q, NO_TERMS) == 0.0
    # an English question's words count through the Chinese terms they were bridged to
    bridged = Terms((("夏季行动",), ("渭南",)), (1.0, 1.0))
    assert echo("夏季行动", "what did weinan police do in the summer campaign?", bridged) == 1.0
    assert echo("专项突击队", "what did weinan police do in the summer campaign?", bridged) == 0.0
    # so a quotation that restates the question gives way to the one that answers it
    assert span_text("Apart from the summer campaign, what other drive did Weinan police run?",
                     "渭南公安在“夏季行动”之外还开展了“春风行动”。") != ""
    sentence = "渭南公安在“夏季行动”之外还开展了“春风行动”。"
    norm = normalize(sentence)
    span = extract_span(sentence, norm, spec_of("Apart from the summer campaign, what other drive did Weinan police run?"),
                        "apart from the summer campaign, what other drive did weinan police run?", bridged)
    assert sentence[span.start:span.end] == "春风行动"


@pytest.mark.parametrize("question, figure", [
    ("行动中抓获的3002名犯罪嫌疑人中,有多少人被依法逮捕?", "3002"),
    ("某案抓获的4名嫌疑人中有几名是外地人?", "4"),
    ("How many children were among the victims in the 11 cases?", "11"),
    ("夏季行动中,有多少被困群众得到了救助?", ""),            # 中 of a period, no figure to take a part of
    ("2023年全省破获的案件中,有多少起是电诈?", ""),           # a year is no figure
    ("How many of the 2023 cases were solved?", ""),
])
def test_the_figure_a_count_takes_a_part_of(question, figure):
    assert spec_of(question).part_of == figure


def test_a_part_of_a_named_figure_is_answered_only_by_a_part():
    from qa.extraction import part_conflict

    def conflict(question, sentence, figure):
        norm = normalize(sentence)
        return part_conflict(norm, figure_span(norm, figure), spec_of(question))

    question = "行动中抓获的3002名犯罪嫌疑人中,有多少人被依法逮捕?"
    assert conflict(question, "全市抓获犯罪嫌疑人3002名,抓获逃犯377人。", "377人")      # listed beside it
    assert conflict(question, "全市抓获犯罪嫌疑人3002名,抓获逃犯377人。", "3002名")     # the named figure itself
    assert not conflict(question, "全市抓获犯罪嫌疑人3002名,其中依法逮捕1200人。", "1200人")
    assert not conflict("全市抓获了多少名犯罪嫌疑人?", "全市抓获犯罪嫌疑人3002名。", "3002名")


@pytest.mark.parametrize("question, category", [
    ("那期节目是在哪家电台播出的?", "电台"),          # 在哪 of a body, not of a place
    ("Which company built the data centre?", "公司"),
    ("该机制是由哪家单位提出的?", ""),
])
def test_which_body_questions_ask_for_an_organisation(question, category):
    spec = spec_of(question)
    assert spec.kind == "org" and spec.category == category


def test_a_sentence_naming_no_body_of_the_asked_kind_holds_no_answer():
    assert span_text("那期节目是在哪家电台播出的?", "副主任王某做客《环境热线》,就禁毒工作进行交流。") == ""
    assert span_text("那期节目是在哪家电台播出的?", "《环境热线》节目由市广播电台播出。") == "市广播电台"


def test_the_unit_a_question_asks_in_is_not_what_it_is_about():
    from qa.extraction import question_terms
    words = lambda q: {t for g in question_terms(_Index(), normalize(q), spec_of(q)).groups for t in g}
    assert "公里" not in words("某河全长多少公里?")            # left with nothing to match: no answer
    assert {"油气", "管道"} <= words("巡查油气管道多少公里?") and "公里" not in words("巡查油气管道多少公里?")
    assert "公里" in words("辖区面积有多少平方公里?")          # not the unit asked: still a word of the question


def test_a_heading_that_restates_the_question_holds_no_answer():
    """"九是建立完善警民联合机制。" matches every word of a question about that mechanism, and
    says nothing of it: its fit is 0, so the sentences under it can win."""
    assert clause_answer("某县建立完善警民联合机制,是以什么管理方式为依托的?", "九是建立完善警民联合机制。") == "九是建立完善警民联合机制。"
    q = normalize("某县建立完善警民联合机制,是以什么管理方式为依托的?")
    from qa.lexical import content_words
    terms = Terms(tuple((w,) for w in content_words(q) if len(w) > 1), tuple(1.0 for w in content_words(q) if len(w) > 1))
    heading = "九是建立完善警民联合机制。"
    assert extract_span(heading, normalize(heading), spec_of(q), q, terms).fit == 0.0
    body = "以网格化管理为依托,连通市民服务热线。"
    assert extract_span(body, normalize(body), spec_of(q), q, terms).fit > 0


def test_reporters_and_correspondents_are_roles():
    assert spec_of("Which reporter filed the story?").role == "记者"
    assert spec_of("Who is credited as the correspondent?").role == "通讯员"
    assert spec_of("Which police officer helped the resident?").kind == "person"
    assert spec_of("Which police station set up the groups?").kind != "person"
    assert span_text("Who is credited as the correspondent?", "(记者 张三;通讯员 李四)") == "李四"


def test_a_figure_followed_by_the_counted_noun_wins_over_one_with_only_the_same_unit():
    sentence = "全国入选的城市共有90个,本省入选的是甲、乙、丙三个地市。"
    assert span_text("本省共有几个地市入选?", sentence) == "三个"
    assert span_text("有几个市获得铜鼎?", "19个县和2个市获得铜鼎。") == "2个市"


def test_the_asked_dimension_stays_with_its_figure():
    assert span_text("新开的那条路有多宽?", "社区另辟了一条4米宽的道路。") == "4米宽"


@pytest.mark.parametrize("question, kind", [
    ("满意率达到98.86%,这是哪一年的数字?", "date"),      # names a figure, asks when
    ("案件是几月几日发生的?", "date"),
    ("近几年来破获了多少起案件?", "number"),
    ("2023年有几个市获奖?", "number"),
])
def test_a_question_asking_when_is_a_date_question_though_it_names_a_figure(question, kind):
    assert spec_of(question).kind == kind


def test_the_counted_noun_is_read_by_the_segmenter():
    assert spec_of("2023年有几个市捧回了铜鼎?").counted == "市"
    assert spec_of("共有几个地市入选?").counted == "地市"
    assert spec_of("2023年有几个市被评为先进?").counted == "市"     # jieba's one token 市被


def span_with_terms(question: str, sentence: str, words: list[str]) -> str:
    """The span extract_span picks when ``words`` are the question's terms, equally weighted."""
    return extracted(question, sentence, Terms(tuple((w,) for w in words), tuple(1.0 for _ in words)))[0]


@pytest.mark.parametrize("question, sentence, words, answer", [
    # a term after the figure, past 、, that stands before the next item's figure is that item's
    ("某市发起了多少起全省集群战役?", "某市发起全国集群战役9起、全省集群战役4起。", ["发起", "全省", "集群", "战役"], "4起"),
    # the figure in the clause that quotes the asked name, not the one quoting its sibling
    ("某省有多少个县被授予“平安金鼎”?", "某省2个市、15个县被省委平安建设领导小组授予“平安金鼎”,1个市和8个县被授予“平安铜鼎”。",
     ["授予", "平安", "金鼎"], "15个县"),
    # a quoted name right after a figure is what it counts, even beside a near-twin
    ("某市建成了几个“爱心警务服务厅”?", "某市建成60个“爱心警务服务角”、15个“爱心警务服务厅”。",
     ["建成", "爱心", "警务", "服务"], "15个"),
    # 几大类 asks for a number of categories, not of items
    ("新措施涵盖几大类内容?", "这些新措施里,涵盖户籍、交通、出入境等七大类30项内容。", ["措施", "涵盖", "内容"], "七大类"),
    # wages recovered are money: a head count is no answer
    ("警方帮群众讨回了多少工钱?", "协助化解欠薪矛盾,为300名工人追回欠薪520万余元。", ["群众", "讨回", "工钱"], "520万余元"),
])
def test_the_figure_beside_what_the_question_names_wins(question, sentence, words, answer):
    assert span_with_terms(question, sentence, words) == answer


@pytest.mark.parametrize("question, sentence, words, answer", [
    # the group named by its figure: the items before 等12名, without the verb that opens the list
    ("全市涌现出的12名先进个人获得了哪些称号?", "全市涌现出优秀民警、最美辅警、模范警嫂等12名先进个人。",
     ["涌现", "先进", "个人", "称号"], "优秀民警、最美辅警、模范警嫂"),
    # or by its noun, from an English question's bridged terms
    ("Which advanced collectives does the report name?", "全市先后涌现出优秀基层单位、爱民模范集体等9个先进集体。",
     ["先进集体"], "优秀基层单位、爱民模范集体"),
])
def test_examples_given_for_a_named_group_answer_which_ones(question, sentence, words, answer):
    assert span_with_terms(question, sentence, words) == answer


@pytest.mark.parametrize("question, plural", [
    ("What officer roles did the police set up?", True),
    ("Which departments joined the checks?", True),
    ("What process did the police follow?", False),          # ends in s, not a plural
    ("Which tier relies on the small cameras?", False),      # a verb with its preposition
    ("Which body runs the drug-reporting hotline?", False),  # a verb with its object
    ("In which year was the brand rated a model?", False),
    ("What is the status of the project?", False),
    ("某县有哪些派出所?", True),
])
def test_plural_questions(question, plural):
    assert spec_of(question).plural is plural


def test_a_plural_question_gets_the_whole_run_of_quoted_names():
    sentence = "某县设立“项目警官”“护航警官”“服务警官”,服务重点企业。"
    assert span_text("What officer roles did the county set up?", sentence) == "“项目警官”“护航警官”“服务警官”"
    assert span_text("What officer role did the county set up first?", sentence) in ("项目警官", "护航警官", "服务警官")


def test_the_slot_is_not_read_from_an_english_question():
    assert wh_context(normalize("Which departments joined the checks?")) is None


def test_colloquial_question_words():
    assert spec_of("铜川那个群防群治品牌叫啥?").kind == "term"


def test_ordinals_are_normalised_and_read_from_questions():
    assert ordinals_in("第2批、首轮、第十二届") == ("第二批", "第一轮", "第十二届")
    assert spec_of("第一轮全国禁毒示范城市名单有多少个城市?").ordinals == ("第一轮",)
    assert spec_of("How many cities were in the second round?").ordinals == ("第二轮",)


def test_role_must_be_held_as_asked():
    assert _holds_role("市禁毒委员会办公室副主任", "副主任")
    assert not _holds_role("市禁毒委员会办公室副主任", "主任")      # a deputy is not the director
    assert _holds_role("市公安局局长", "局长")
    assert not _holds_role("派出所所长", "局长")
    assert spec_of("渭南市禁毒委员会办公室主任是谁?").role == "主任"
    assert spec_of("Who is the Party secretary of Weinan?").role == "书记"
    assert spec_of("张大爷全名叫什么?").kind == "person"
    assert spec_of("Who heads the provincial public security department?").role == "长"
    assert _holds_role("省公安厅厅长", "长") and _holds_role("市公安局局长", "长")
    assert not _holds_role("治安支队副支队长", "长")               # a deputy does not head it
    assert not _holds_role("办公室副主任", "长")


def test_the_name_holding_the_role_is_found_after_names_that_do_not():
    sentence = "市公安局政治部副主任徐倩、市禁毒委员会办公室副主任姜平、市公安局治安支队副支队长王献做客《环境热线》。"
    assert span_text("治安支队副支队长是谁?", sentence) == "王献"
    assert span_text("治安支队副支队长是谁?", "副主任徐倩、副支队长王献、副主任姜平做客。") == "王献"


# --------------------------------------------------------------------------- places

def test_places_come_from_the_gazetteer_not_jiebas_tags():
    # jieba tags 商洛 and 富平 as person names and 上门 as a place
    assert spec_of("商洛警方共破获多少起案件?").places == (("商洛",),)
    assert spec_of("富平县民警上门走访了多少户?").places == (("富平",),)
    assert spec_of("民警上门走访了多少户?").places == ()
    assert spec_of("How many cases did Shangluo solve?", frozenset({"商洛"})).places == (("商洛",),)
    assert spec_of("商洛有多少个派出所?").places == ()                      # 商洛(nr) alone could be a name…
    assert spec_of("商洛有多少个派出所?", frozenset({"商洛"})).places == (("商洛",),)  # …unless the articles use it as a place


def test_a_common_word_that_is_also_a_county_is_no_place():
    from qa.places import attested_places, places_in_tagged
    from qa.questions import pos_tagger
    attested = attested_places(["商洛市公安局推行惠民利企措施。"])
    assert "商洛" in attested and "惠民" not in attested
    named = [base for _, _, base in places_in_tagged(pos_tagger().cut("推行惠民利企措施"), attested)]
    assert named == []


def test_a_figure_given_for_another_place_is_not_an_answer():
    spec = spec_of("安康公安选配了多少名项目警长?")
    norm = normalize("西安公安在企业建立暖心警务室,选配项目警长698名;")
    span = Span(norm.index("698"), norm.index("698") + 4, 1.0, 1.0)
    assert place_conflict(norm, span, spec)
    assert not place_conflict(normalize("安康公安选配项目警长50名"), Span(8, 11, 1.0, 1.0), spec)
    # places after the figure belong to the items after it
    later = normalize("全省选聘警务助理2万余名,涌现出西安、铜川等品牌。")
    assert not place_conflict(later, Span(8, 12, 1.0, 1.0), spec_of("陕西选聘了多少名警务助理?"))


def test_a_figure_in_another_citys_paragraph_is_not_an_answer():
    spec = spec_of("西安公安设立企业警务室多少个?")
    norm = normalize("全市共设立企业警务室61个、警务工作站123个。")
    span = Span(norm.index("61"), norm.index("61") + 3, 1.0, 1.0)
    lead = (normalize("榆林公安建立“护航警官”工作机制。"),)
    assert place_conflict(norm, span, spec, lead=lead)                          # the paragraph is 榆林's
    assert not place_conflict(norm, span, spec, lead=lead + (normalize("西安公安在企业建立暖心警务室。"),))  # nearest last
    # a part of the asked place (商州 in 商洛), or a same-named county elsewhere (城关), is no other city
    shangluo = spec_of("商洛公安的执法办案积分考评制度改革案例获评哪一年度的优秀案例?")
    norm = normalize("获评2023年度全省政法领域改革优秀案例。")
    span = Span(2, 7, 1.0, 1.0)
    assert not place_conflict(norm, span, shangluo, lead=(normalize("商州分局城关派出所等单位案件评查合格率100%。"),))


def test_places_nest_by_division_code():
    from qa.places import nested, sibling_places
    assert nested("商州", "商洛") and nested("商洛", "商州") and nested("神木", "陕西")
    assert not nested("榆林", "西安") and not nested("商洛", "商洛") and not nested("滨河", "神木")
    assert sibling_places("榆林", "西安") and not sibling_places("商州", "商洛")
    assert not sibling_places("城关", "商洛")            # a district, not a city: no sibling


def test_a_police_unit_names_its_city_whatever_jieba_tags_it():
    assert spec_of("宝鸡公安建立公安知识产权保护工作站多少个?").places == (("宝鸡",),)   # 宝鸡(n)|公安
    assert spec_of("公安派出所有多少个?").places == ()                                  # 公安 (a county in Hubei) is no place here


def test_a_paragraph_is_a_line():
    text = "甲段。\n\n乙段第一行。\n乙段第二行。\n\n丙段。"
    at = text.index("乙段第二行")
    assert _paragraph(text, at, at + 6) == "乙段第一行。\n乙段第二行。"
    at = text.index("丙段")
    assert _paragraph(text, at, at + 3) == "乙段第二行。\n\n丙段。"
    assert _paragraph(text, 0, 3) == "甲段。"


@pytest.mark.parametrize("question, sentence, figure, conflict", [
    ("渭南建成县级综治中心多少个?", "建成镇级综治中心136个、村级综治工作站2124个", "136个", True),
    ("渭南建成镇级综治中心多少个?", "建成镇级综治中心136个、村级综治工作站2124个", "136个", False),
    ("渭南建成综治中心多少个?", "建成镇级综治中心136个", "136个", False),          # no modifier asked: not a look-alike
    ("2023年渭南涉企刑事案件一共破了多少件?", "破获十类涉恶刑事案件289起", "289起", True),
    ("富平县刑事案件发案率同比下降了多少?", "全县159个村实现零发案,治安案件发案率同比下降10.6%", "10.6%", True),
    ("2023年渭南全市共破获各类刑事案件多少起?", "破获十类涉恶刑事案件289起", "289起", True),   # a subset for a total
    ("2023年渭南全市共破获各类刑事案件多少起?", "全市共破获各类刑事案件1378起", "1378起", False),
    ("渭南受理了多少起治安案件?", "渭南市受理涉企治安案件25件", "25件", True),            # 涉企: about firms only
    ("渭南受理了多少起涉企治安案件?", "渭南市受理涉企治安案件25件", "25件", False),
    ("渭南破获了多少起涉恶刑事案件?", "破获十类涉恶刑事案件289起", "289起", False),
    ("How many county-level centres were built?", "建成镇级综治中心136个", "136个", False),  # English: translations, no slot test
    # another modifier sharing no character with the asked one
    ("全省派出所办理涉毒案件多少起?", "全省派出所办理黄赌案件1.4万余起", "1.4万余起", True),
    ("民警发放了多少份禁毒宣传单?", "民警入户走访,发放平安建设宣传单6.8万余份", "6.8万余份", True),
    # a figure with its measure word before the counted noun is no modifier: 万个,整改
    ("2023年渭南全市整改安全隐患多少处?", "清查重点部位4.15万个,整改安全隐患1563处", "1563处", False),
    ("警方一共查看了多少处有隐患的路段?", "出动警力2200人次,巡查隐患路段河堤140处", "140处", False),
])
def test_a_figure_for_another_kind_of_the_same_thing_is_not_an_answer(question, sentence, figure, conflict):
    spec, norm, window = figure_window(question, sentence, figure)
    assert modifier_conflict(norm, window, spec, normalize(question)) == conflict


def figure_span(norm: str, figure: str) -> Span:
    """The span of ``figure`` in a normalised sentence, as extraction would give it."""
    at = norm.index(figure)
    return Span(at, at + len(figure), 1.0, 1.0)


def figure_window(question: str, sentence: str, figure: str):
    """The question's spec, the normalised sentence and the answer window around ``figure``."""
    norm = normalize(sentence)
    return spec_of(question), norm, answer_window(norm, figure_span(norm, figure))


@pytest.mark.parametrize("question, conflict", [
    ("招录的法医专业人才有多少人?", True),                    # one item of the list
    ("招录了多少专业人才?", False),                            # the list's total
    ("招录的法律和金融专业人才一共多少人?", False),            # several items: taken as the total
    ("招录计算机、法律、金融、法医专业人才多少人?", False),    # every item
    ("招录法医等专业人才多少人?", False),                      # the question's own 等
])
def test_a_figure_for_a_whole_list_does_not_answer_one_item(question, conflict):
    from qa.extraction import list_member_conflict
    sentence = "通过“双轨制”招警模式,精准招录计算机、法律、金融、法医等专业人才437人,强化培训。"
    norm = normalize(sentence)
    at = norm.index("437人")
    terms = Terms((), ())
    assert list_member_conflict(norm, Span(at, at + 4, 1.0, 1.0), spec_of(question), normalize(question), terms) == conflict


def test_a_quoted_list_item_is_named_through_the_english_terms():
    from qa.extraction import list_items, list_member_conflict
    norm = normalize("全省广泛开展“云剑”“秦鹰”“雷霆”等系列专项行动,全省共破获刑事案件5.5万余起。")
    assert list_items(norm, norm.index("等")) == ["全省广泛开展", "云剑", "秦鹰", "雷霆"]
    at = norm.index("5.5万余起")
    span = Span(at, at + 6, 1.0, 1.0)
    question = "How many cases did police crack under the Yunjian operation?"
    assert list_member_conflict(norm, span, spec_of(question), normalize(question), Terms((("云剑",),), (1.0,)))
    assert not list_member_conflict(norm, span, spec_of(question), normalize(question), Terms((("破获",),), (1.0,)))


def test_a_list_item_named_again_beside_the_figure_is_counted():
    from qa.extraction import list_member_conflict
    norm = normalize("全面推开“一室两队”“岗位制”“交所合一”等改革,建成8个“一室两队”、17个“岗位制”派出所。")
    at = norm.index("17个")
    question = "多少个派出所实行“岗位制”?"
    assert not list_member_conflict(norm, Span(at, at + 3, 1.0, 1.0), spec_of(question), normalize(question), Terms((), ()))


def test_a_figure_for_something_named_only_later_is_not_an_answer():
    from qa.extraction import counted_later

    def conflict(question, sentence, figure):
        spec, norm = spec_of(question), normalize(sentence)
        span = figure_span(norm, figure)
        return counted_later(norm, span, answer_window(norm, span), spec, normalize(question))

    sentence = "5年来,全市刑事案件发案数下降33%,治安案件发案数下降19%,交通事故死亡人数、财产损失数大幅下降。"
    assert conflict("商洛交通事故死亡人数下降了百分之多少?", sentence, "33%")
    assert not conflict("商洛刑事案件发案数下降了百分之多少?", sentence, "33%")


def test_a_figure_counting_another_quoted_name_is_not_an_answer():
    from qa.extraction import quoted_conflict
    spec = spec_of("榆林公安一共配备了多少名「护航警官」?")
    norm = normalize("全市共设立企业警务室61个,配备“项目警官”169名。")
    at = norm.index("169")
    assert quoted_conflict(norm, Span(at, at + 4, 1.0, 1.0), spec)
    norm = normalize("配备“护航警官”169名。")
    at = norm.index("169")
    assert not quoted_conflict(norm, Span(at, at + 4, 1.0, 1.0), spec)


def test_an_abbreviated_name_is_mentioned():
    from qa.extraction import mentions
    assert mentions("夏季治安打击整治行动以来", "夏季行动")
    assert mentions("陕西公安暖心警务会客厅", "暖心警务会客厅")
    assert not mentions("被授予平安银鼎", "平安金鼎")
    assert not mentions("夏季治安打击整治工作全面铺开,各项行动", "夏季行动")     # too far apart


def test_qualifier_far_away_vetoes():
    features = [1.0, 0.6, 1.0, 0.9, 0.1, 0.1, 0.0, 0.0, 1.0, 1.0]   # place only far off in the article
    assert vetoed(features)
    features[4] = QUALIFIER_FLOOR
    assert not vetoed(features)
    features[0] = 0.0                                                # no shared term
    assert vetoed(features)
    features[0], features[2] = 1.0, 0.0                              # no fact of the asked kind
    assert vetoed(features)


def test_the_calibration_weighs_every_confidence_feature():
    """eval/calibrate.py must be re-run when a feature is added: a weight list shorter than the
    features would silently ignore the new ones (zip stops at the shorter)."""
    from types import SimpleNamespace
    from qa.answering import confidence_features
    from qa.settings import load_calibration
    best = SimpleNamespace(coverage=1.0, span=Span(0, 1, 1.0, 1.0), dense=0.9, qualifier_ok=1.0,
                           key_term=1.0, focus=1.0, factless_lead=0.0, score=0.8)
    assert len(load_calibration()["weights"]) == len(confidence_features(best, "zh-Hans"))


# --------------------------------------------------------------------------- why / how / what for

def clause_answer(question: str, sentence: str) -> str:
    """The clause extract_span picks, with the question's own words as its terms."""
    from qa.lexical import content_words
    q = normalize(question)
    terms = Terms(tuple((w,) for w in content_words(q) if len(w) > 1), tuple(1.0 for w in content_words(q) if len(w) > 1))
    norm = normalize(sentence)
    span = extract_span(sentence, norm, spec_of(question), q, terms)
    return sentence[span.start:span.end]


@pytest.mark.parametrize("question, asks", [
    ("推行这个机制是为了什么?", "purpose"), ("这样做最终想达到什么效果?", "purpose"),
    ("派出所为什么要组建微信群?", "why"), ("Why did the police set up the group?", "why"),
    ("派出所怎样确保平安?", "how"), ("How did the station keep the area safe?", "how"),
    ("这标志着什么?", "means"),
    ("渭南市被命名为什么称号?", ""),          # "named as what": a term, not a reason
])
def test_what_a_reason_question_asks(question, asks):
    assert spec_of(question).asks == asks


@pytest.mark.parametrize("question, sentence, expected", [
    # an aim is the last clause, with the one before when it opens with 为/以/让
    ("打挂牌督办、视频调度组合拳的目的是什么?", "打好挂牌督办、视频调度组合拳,实时掌握阶段进展,倒逼责任落实。", "倒逼责任落实"),
    ("推行周解难机制是为了什么?", "创新推行周解难机制,通过法治大讲堂等活动,为一线办案解难,提升全警执法能力。",
     "为一线办案解难,提升全警执法能力"),
    # a reason is the purpose clause after the restatement, or the cause before it
    ("派出所为什么要组建微信群?", "派出所组建75个微信群,邀请群众入群,方便群众随时反映问题,提升调处成功率。", "方便群众随时反映问题"),
    ("民警为什么要协调户籍民警上门服务?", "民警在走访时,了解到老人行动不便,无法到派出所办理业务,立即协调户籍民警上门服务。",
     "老人行动不便,无法到派出所办理业务"),
    # a method comes before the end it serves, or after a restatement that opens the sentence
    ("派出所怎样确保平安不出事?", "他们把辖区划分为17个警格,全天候巡逻防控,确保平安不出事。", "全天候巡逻防控"),
    ("怎样健全防控体系?", "不断健全防控体系,设置了56个巡区,提升见警率。", "设置了56个巡区"),
    # what something signifies is the rest of its clause
    ("授牌标志着什么?", "创建成功的城市由国家禁毒委授牌,标志着禁毒工作跨入先进行列,并且成为重要条件。", "禁毒工作跨入先进行列"),
])
def test_clause_answers(question, sentence, expected):
    assert clause_answer(question, sentence) == expected


def test_a_figure_counted_under_another_action_is_not_an_answer():
    from qa.extraction import action_conflict

    def conflict(question, sentence, figure):
        spec, norm = spec_of(question), normalize(sentence)
        focus = focus_terms(_Index(), spec)
        span = figure_span(norm, figure)
        return action_conflict(norm, span, answer_window(norm, span), spec, normalize(question), focus)

    assert conflict("2023年陕西全省刑事案件立案数是多少起?", "全省共破获刑事案件5.5万余起。", "5.5万余起")
    assert not conflict("渭南警方侦破了几起侵害弱势群体的案子?", "共破获侵害弱势群体案件11起。", "11起")   # 侦破/破获
    assert not conflict("2023年陕西全省破获刑事案件多少起?", "全省共破获刑事案件5.5万余起。", "5.5万余起")
    assert not conflict("How many criminal cases were filed?", "全省共破获刑事案件5.5万余起。", "5.5万余起")  # English: no verb test


class _Vocabulary:
    """Just what focus_terms and attested_focus read, for articles using only ``words``."""

    def __init__(self, words: set[str]) -> None:
        self.passages = [object()] * 10
        self.lexical = self
        self.words = words

    def doc_freq(self, token: str) -> int:
        return int(token in self.words)


@pytest.mark.parametrize("articles_use_the_verb, conflict", [(False, False), (True, True)])
def test_a_verb_the_articles_never_use_is_the_askers_wording_not_another_action(articles_use_the_verb, conflict):
    from qa.extraction import action_conflict, attested_focus
    question, sentence = "抢险救灾中警方共疏散了多少人次群众?", "撤离人民群众19145人次。"
    index = _Vocabulary({"群众", "撤离"} | ({"疏散"} if articles_use_the_verb else set()))
    spec, norm = spec_of(question), normalize(sentence)
    assert any("疏散" in group for group in spec.focus)
    span = figure_span(norm, "19145人次")
    focus = attested_focus(index, focus_terms(index, spec))
    assert action_conflict(norm, span, answer_window(norm, span), spec, normalize(question), focus) is conflict


# --------------------------------------------------------------------------- ranking

def test_a_sentence_without_the_asked_fact_yields_to_one_with_it(fake_index):
    """The sentence closest to a count question may hold no figure; it is demoted below the
    neighbour that has one, and how far it led is kept for the confidence."""
    from qa.embedding import HashEmbedder
    from qa.extraction import _NO_FACT, question_terms, score_sentences
    from qa.retrieval import analyze
    question = "全市公安机关坚持打防结合守护群众平安,抓获犯罪嫌疑人多少名?"
    query = analyze(question, HashEmbedder(), fake_index)
    spec = analyze_question(query.text, query.normalized, query.lang, fake_index.places)
    terms = question_terms(fake_index, query.normalized, spec, query.english)
    passages = [p for p in fake_index.passages if p.source.startswith("a_")]
    ranked = score_sentences(fake_index, query.vector, passages, spec, terms, query.normalized)
    factless = [s for s in ranked if s.span.fit == 0]
    best = ranked[0]
    assert best.span.fit > 0 and best.text[best.span.start:best.span.end] == "205名"
    assert factless and max(s.score for s in factless) / _NO_FACT > best.score     # it led before demotion
    assert best.factless_lead > 0


@pytest.mark.parametrize("question, sentence, figure, conflict", [
    ("2023年一年办理了多少笔出入境业务?", "5年累计办理户政、出入境业务113万多笔。", "113万多笔", True),
    ("5年累计办理了多少笔出入境业务?", "5年累计办理户政、出入境业务113万多笔。", "113万多笔", False),
    ("2023年办理了多少笔出入境业务?", "2023年办理户政、出入境业务13万多笔。", "13万多笔", False),
    ("5年来开展了多少场次实战演练?", "组织演练,每年开展实操演练810场次。", "810场次", True),
    ("每年开展多少场次实战演练?", "组织演练,每年开展实操演练810场次。", "810场次", False),
    ("How many police officers died in 2023?", "近5年来,全省牺牲民警15名。", "15名", True),
])
def test_a_figure_for_another_span_of_years_is_not_an_answer(question, sentence, figure, conflict):
    from qa.extraction import period_conflict
    spec, _, window = figure_window(question, sentence, figure)
    assert period_conflict(window, spec, normalize(question)) == conflict


def test_a_city_the_articles_never_name_is_still_a_place():
    """An English question naming a city outside the articles must not borrow the province's figure."""
    from qa.questions import english_places
    assert english_places("What was Hanzhong's satisfaction rate?", romanized={"weinan": ("渭南",)}) == (("汉中",),)
    assert english_places("What did Weinan's police do?", romanized={"weinan": ("渭南",)}) == (("渭南",),)
    assert english_places("Who is Dean of the Police College?", romanized={}) == ()      # an English word


def test_half_years_are_periods():
    assert ("上半年", "1-6月", "1至6月", "1—6月") in spec_of("How many cases were solved in the first half of 2024?").periods
    assert any("上半年" in alts for alts in spec_of("上半年破获多少起案件?").periods)


@pytest.mark.parametrize("question, sentence, answer", [
    # the noun asked about and its modifiers back to the verb: not the verb itself
    ("To which platform will the city connect its video surveillance resources?",
     "某市将视频监控资源全部接入派出所指挥平台。", "派出所指挥平台"),
    # a number right before the asked noun is the whole answer
    ("Which anniversary of the founding of the People's Republic did the police help secure?",
     "某局圆满完成新中国成立75周年安保任务。", "75周年"),
    # the question's own words outside the noun phrase are not part of it
    ("Which police station of the Xincheng sub-bureau set up WeChat groups?",
     "某市公安局新城分局西一路派出所建立微信群。", "西一路派出所"),
    # of two, the one with the question's modifiers
    ("Which international beach volleyball championship did the police secure?",
     "某局保障了全国青少年排球锦标赛,还为国际排联沙滩排球世界锦标赛提供安保。", "国际排联沙滩排球世界锦标赛"),
])
def test_an_english_questions_noun_places_the_answer(question, sentence, answer):
    spec = spec_of(question)
    norm = normalize(sentence)
    span = extract_span(sentence, norm, spec, normalize(question), NO_TERMS)
    got = sentence[span.start:span.end]
    assert answer in got and len(got) <= 2 * len(answer), got


@pytest.mark.parametrize("name, text, items", [
    ("四不", "要不掩饰、不纵容、不嫌弃、不放弃,相信政府。", "不掩饰、不纵容、不嫌弃、不放弃"),
    ("三个零", "以“零容忍、零盲区、零懈怠”的态势开展行动。", "零容忍、零盲区、零懈怠"),
    ("四不", "做到不好奇、不侥幸、不轻信、不沾光、不赌气、不尝试。", None),     # six items are not four
    ("三不", "不好奇、不侥幸。", None),
    ("十四五", "“十四五”以来,破获案件。", None),                            # a period, not a list
    # items ending in the name's noun; the verb or preposition before the first stays out
    ("两个清单", "以问题清单、整改清单为抓手,奔着问题去。", "问题清单、整改清单"),
    ("三个中心", "建成指挥中心、数据中心、服务中心三个平台。", "指挥中心、数据中心、服务中心"),
    ("两个中心", "建成指挥中心、数据中心、服务中心。", None),                # three items are not two
    ("两个清单", "另外,“两个清单”统揽。", None),                           # named, not spelled out
])
def test_a_numbered_name_is_spelled_out_by_as_many_items(name, text, items):
    from qa.extraction import numbered_list
    found = numbered_list(text, name)
    assert (text[found[0]:found[1]] if found else None) == items


def test_the_items_of_a_numbered_name_answer_which_ones():
    sentence = "万一家人染毒,要不掩饰、不纵容、不嫌弃、不放弃,及时寻求救助。"
    assert span_text("家属要做到哪“四不”?", sentence) == "不掩饰、不纵容、不嫌弃、不放弃"


def test_a_numbered_name_that_only_sets_the_scene_is_not_what_is_asked():
    sentence = "某所采取四班三运转勤务模式,开展见警车、见警灯、见警察“三见警”巡防。"
    assert span_text("某所采取什么勤务模式开展“三见警”巡防?", sentence) != "见警车、见警灯、见警察"
    assert span_text("某所开展的“三见警”巡防,具体是见哪三样?", sentence) == "见警车、见警灯、见警察"


@pytest.mark.parametrize("question, sentence, answer", [
    ("某局健全了和谁之间的协作机制?", "其次,某局开展场所清查,健全与交通部门协作机制,紧盯重点地区。", "交通部门"),
    ("禁毒宣传要从谁抓起?", "积极参与禁毒宣传,从孩子抓起,从身边人做起。", "孩子"),
])
def test_who_placed_by_the_questions_wording_need_not_be_a_persons_name(question, sentence, answer):
    got, span = extracted(question, sentence)
    assert got == answer
    assert 0 < span.fit < 1         # credited as placed, below a name of the asked kind


def test_a_short_heading_naming_the_asked_thing_yields_to_its_body(tmp_path):
    """"另外,“两本台账”统揽。" only names what the question asks about; the sentence after it
    in the same paragraph says how, and shares the heading's words for the ranking."""
    from qa.embedding import HashEmbedder
    from qa.extraction import question_terms, score_sentences
    from qa.index import build_index
    from qa.retrieval import analyze
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(
        "某市公安局强化督导\n\n"
        "另外,“两本台账”统揽。印发工作通知,以问题台账、整改台账为抓手,盯着问题查,追着问题改。\n\n"
        "同时,某市公安局开展夏季巡逻,守护群众平安。\n", encoding="utf-8")
    index = build_index(corpus, tmp_path / "index", embedder=HashEmbedder())
    query = analyze("在“两本台账”统揽下,某市公安是怎样处理问题的?", HashEmbedder(), index)
    spec = analyze_question(query.text, query.normalized, query.lang, index.places)
    terms = question_terms(index, query.normalized, spec, query.english)
    ranked = score_sentences(index, query.vector, index.passages, spec, terms, query.normalized)
    assert ranked[0].text.startswith("印发工作通知")
    heading = next(s for s in ranked if s.text.startswith("另外"))
    assert heading.span.fit == 0


@pytest.mark.parametrize("question, sentence, answer", [
    ("某局的“三路督导”具体是哪三路?", "搭建“党委督+警种督+支队督”三位一体督导格局,倒逼落实。", "党委督+警种督+支队督"),
    ("某局的“两项清单”是哪两项?", "推行“问题清单、整改清单”,抓好落实。", "问题清单、整改清单"),
])
def test_a_numbered_name_is_spelled_out_by_a_quotation_of_as_many_parts(question, sentence, answer):
    assert span_text(question, sentence) == answer


@pytest.mark.parametrize("question, sentence, conflict", [
    ("追回的欠薪中,单笔最大的一笔是多少钱?", "为1763名劳动者追回欠薪520万余元。", True),
    ("全年平均每月破案多少起?", "全年破获刑事案件1200起。", True),
    ("What was the average temperature in July?", "7月份全市破案318起。", True),
    ("破案率与全省平均水平相比如何?", "破案率高于全省平均水平。", False),
    ("追回欠薪多少元?", "为1763名劳动者追回欠薪520万余元。", False),
])
def test_an_extreme_or_average_the_sentence_never_states_is_not_answered(question, sentence, conflict):
    from qa.extraction import degree_conflict
    assert degree_conflict(normalize(sentence), normalize(question)) == conflict


def test_a_clause_that_only_restates_the_question_is_no_answer():
    question, sentence = "某市巡查的140处隐患路段主要分布在哪些地方?", "某市出动警力2200人次,巡查隐患路段140处,撤离群众1万人。"
    got, span = extracted(question, sentence, Terms((("巡查",), ("隐患",), ("路段",)), (1.0, 1.0, 1.0)))
    assert got == "巡查隐患路段140处" and span.fit == 0


@pytest.mark.parametrize("question, sentence, expected", [
    # the parent bureau the question names is no part of the station's name
    ("长安区公安局哪个派出所组建了巡逻队?", "西安市长安区公安局韦曲派出所组建巡逻队12支。", "韦曲派出所"),
    # unnamed, it is: it says which station
    ("哪个派出所组建了巡逻队?", "长安区公安局韦曲派出所组建巡逻队12支。", "长安区公安局韦曲派出所"),
    # a police post's station is its parent, and the question names the county it is in
    ("在商南县为老人上门办证的是哪个警务室的民警?", "近日,商南县试马派出所观音堂警务室民警汪倩上门为老人办证。", "观音堂警务室"),
])
def test_category_name_without_the_parent_the_question_names(question, sentence, expected):
    assert span_text(question, sentence) == expected


@pytest.mark.parametrize("question, sentence, expected", [
    # a set-aside place, and two set-aside names joined by "and"
    ("Besides Xi'an, which cities joined the programme?", "入选的城市有西安、宝鸡、汉中三个市。", "宝鸡、汉中"),
    ("Besides Baoji and Xi'an, which city joined the programme?", "入选的城市有宝鸡、西安、延安等。", "延安"),
])
def test_english_besides_answers_the_rest_of_the_list(question, sentence, expected):
    from qa.retrieval import set_aside_terms
    assert extracted(question, sentence, Terms((), (), aside=set_aside_terms(question)))[0] == expected


def test_stretch_cut_by_the_question_ends_with_its_list_and_starts_past_a_preposition():
    text, span = extracted("警方通过哪些渠道发布预警信息?", "警方通过短信、广播等渠道发布预警信息3万条。")
    assert text == "短信、广播"
    from qa.extraction import _trimmed
    sentence = "通过短信、广播等渠道发布预警信息"
    trimmed = _trimmed(sentence, Span(0, len(sentence), 0.5, 0.3))
    assert sentence[trimmed.start:trimmed.end] == "短信、广播"
    assert (trimmed.fit, trimmed.slot) == (0.5, 0.3)


@pytest.mark.parametrize("question, sentence, expected", [
    ("商洛公安推进创建,是以什么为引领的?", "全市公安机关以新时代“枫桥经验”为引领,推进创建。", "新时代“枫桥经验”"),
    ("社区是依托什么为小区另辟出一条路的?", "社区依托“聚心源”会客厅,为小区另辟出一条路。", "“聚心源”会客厅"),
    # a modifier the question already says is not part of the answer
    ("新时代的什么是商洛公安的引领?", "全市公安机关以新时代“枫桥经验”为引领,推进创建。", "枫桥经验"),
])
def test_a_quoted_name_keeps_the_words_that_make_it_a_noun_phrase(question, sentence, expected):
    assert span_text(question, sentence).strip("“”") == expected.strip("“”")


def test_the_quoted_name_beside_the_asked_place_is_its_answer():
    sentence = "富县推出“红色驿站”模式、洛川推出“苹果警务”模式,各具特色。"
    terms = Terms((("推出",), ("模式",)), (1.0, 1.0))       # both names sit between the same terms
    assert extracted("洛川推出的警务模式叫什么?", sentence, terms)[0] == "苹果警务"
    assert extracted("富县推出的警务模式叫什么?", sentence, terms)[0] == "红色驿站"


def test_in_a_list_of_places_with_their_names_the_asked_places_item_answers():
    sentence = "全市推出了富县“红色驿站”模式、洛川“苹果警务”模式等一批创新模式。"
    terms = Terms((("推出",), ("创新模式",)), (1.0, 1.0))
    assert extracted("洛川推出的创新模式叫什么?", sentence, terms)[0] == "苹果警务"
    assert extracted("富县推出的创新模式叫什么?", sentence, terms)[0] == "红色驿站"


def test_which_city_with_its_measure_word_asks_for_a_place():
    assert spec_of("这个品牌出自陕西哪座城市?").kind == "place"
    assert spec_of("法国的首都是哪座城市?").kind == "place"


# --------------------------------------------------------------------------- periods and durations

def test_which_period_is_answered_by_the_plan_period():
    spec = spec_of("商洛公安开展党史学习教育是在哪个时期?")
    assert spec.kind == "date" and spec.date_grain == "period"
    assert span_text("商洛公安开展党史学习教育是在哪个时期?",
                     "“十四五”期间,2023年全市公安机关认真开展党史学习教育。") == "“十四五”期间"


def test_which_year_is_not_answered_by_a_plan_period():
    assert span_text("商洛是哪一年获评示范城市的?", "“十四五”以来,商洛获评示范城市。") == ""


def test_duration_keeps_its_since():
    assert span_text("报道说的是多长时间以来的事?", "5年来,全市公安系统深入开展恳谈活动。") == "5年来"
    assert span_text("这项工作开展了多少年?", "这项工作开展了5年,成效明显。") == "5年"


def test_verb_de_shi_shenme_asks_for_the_object():
    assert extracted("这一项要深化的是什么?", "二是深化矛盾纠纷化解。")[0] == "矛盾纠纷化解"


@pytest.mark.parametrize("question, kind", [
    ("Which Shenmu police station's officers were on patrol when they received the report?", "org"),
    ("When floods threatened, how many riverbanks did officers check?", "number"),
    ("When, according to the report, did the officer meet the old man?", "date"),
    ("When did the campaign start?", "date"),
    ("What is the name of the officer who heads the station?", "person"),
    ("Which body runs the hotline?", "org"),
])
def test_an_english_when_that_sets_the_scene_does_not_ask_for_a_date(question, kind):
    assert spec_of(question).kind == kind


@pytest.mark.parametrize("question, kind", [
    ("安康湧現出的群防群治品牌叫甚麼?", "term"),              # 甚麼, the Taiwanese spelling of 什麼
    ("打掉的那个犯罪集团,头目叫什么名字?", "person"),
    ("负责“专项督”的是哪支队伍?", "org"),
    ("渭南市委是在哪次全会上作出部署的?", "term"),             # 在哪 of a meeting, not of a place
])
def test_what_chinese_questions_ask_for(question, kind):
    assert spec_of(question).kind == kind


def test_a_when_question_is_answered_to_the_hour_a_which_day_question_to_the_day():
    sentence = "3月3日凌晨,正在巡逻的民警接群众报警,称其车内财物被盗。"
    assert span_text("民警是什么时候接到报警的?", sentence) == "3月3日凌晨"
    assert span_text("民警是哪天接到报警的?", sentence) == "3月3日"


def test_a_part_asked_of_a_figure_written_with_li():
    assert spec_of("抓获的377名逃犯里,命案逃犯有几名?").part_of == "377"
    assert spec_of("4月份以来案件中一共抓获了多少人?").part_of == ""      # 4月 is a month, not a figure


def test_a_question_for_a_county_is_not_answered_without_one():
    question = "撤离的群众主要来自哪几个县?"
    assert spec_of(question).division
    text, span = extracted(question, "共出动警力2200人次,撤离人民群众19145人次,救助被困群众26人。")
    assert span.fit == 0.0
    # a county jieba does not tag as a place, known as one because the articles write 白水县
    question, sentence = "这项经验出自渭南哪个县?", "白水“交所合一”警务改革经验在全省现场会上进行交流。"
    got = extract_span(sentence, normalize(sentence), spec_of(question), normalize(question), NO_TERMS,
                       frozenset({"白水"}))
    assert sentence[got.start:got.end] == "白水"


def test_who_did_it_is_read_from_the_passive():
    question = "是谁授予这些县“平安银鼎”的?"
    sentence = "2023年,陕西27个县被陕西省委平安建设领导小组授予“平安银鼎”。"
    assert span_text(question, sentence) == "陕西省委平安建设领导小组"


def test_who_spoke_a_quote_is_the_sentence_after_it():
    from qa.extraction import _attributes_quote
    quote = "“我们通过‘背包警务’,对14个村进行了实地调研。”"
    assert _attributes_quote("富平县公安局宫里派出所所长王宁说。", (quote,))
    assert not _attributes_quote("富平县公安局宫里派出所所长王宁说。", ("全市共化解纠纷2784起。",))
    assert not _attributes_quote("民警介绍了14个村的情况,并制作了防控图。", (quote,))


def test_the_place_a_list_item_is_led_by_picks_the_item():
    question = "安康涌现出的群防群治品牌叫什么?"
    sentence = "涌现出安康“挨户防”、铜川“红+蓝”、杨凌“农城义警”等群防群治亮点品牌。"
    got = extract_span(sentence, normalize(sentence), spec_of(question, frozenset({"安康", "铜川"})),
                       normalize(question), Terms((("群防群治",), ("品牌",)), (1.0, 1.0)))
    assert sentence[got.start:got.end] == "挨户防"


@pytest.mark.parametrize("question, sentence, answer", [
    ("夏季行动以来,渭南公安的打防效能有什么变化?", "全市公安守护万家灯火,打防效能稳步提升,用忠诚守护了平安。", "稳步提升"),
    ("提档升级后,商洛的基层警务阵地变得怎样?", "建成91个标准化派出所,基层警务阵地更加坚实。", "更加坚实"),
    ("承担试点改革任务后,试点工作的效果如何?", "渭南出台机制性文件6个,试点工作收到良好成效;", "收到良好成效"),
])
def test_how_something_turned_out_is_what_its_subject_does_in_the_sentence(question, sentence, answer):
    assert extracted(question, sentence)[0] == answer


def test_a_question_that_names_no_subject_of_the_sentence_gets_no_turnout():
    from qa.alignment import state_span
    assert state_span("基层警务阵地更加坚实。", normalize("居民的心情变得怎样?")) is None
    assert state_span("基层警务阵地更加坚实。", normalize("基层警务阵地有多少个?")) is None


@pytest.mark.parametrize("question", [
    "做客节目的王献担任什么职务?",
    "王献的职务是什么?",
])
def test_a_persons_position_is_the_title_before_the_name(question):
    sentence = "4月12日,市公安局政治部副主任徐倩、市公安局治安支队副支队长王献做客《环境热线》。"
    assert spec_of(question).position
    assert extracted(question, sentence)[0] == "市公安局治安支队副支队长"


def test_an_english_position_question_reads_the_bridged_name():
    question = "What position does Xu Qian hold?"
    sentence = "4月12日,市公安局政治部副主任徐倩、市公安局治安支队副支队长王献做客《环境热线》。"
    assert spec_of(question).position
    assert extracted(question, sentence, Terms((("徐倩",),), (1.0,)))[0] == "市公安局政治部副主任"


def test_a_position_is_not_answered_by_a_sentence_without_the_persons_title():
    text, span = extracted("王献担任什么职务?", "王献说,今年全市破获刑事案件1378起。")
    assert span.fit == 0.0


@pytest.mark.parametrize("question, sentence", [
    ("姜平是哪一年开始担任这一职务的?", "4月12日,市禁毒委员会办公室副主任姜平做客《环境热线》。"),
    ("这份标准是在哪个月出台的?", "今年市公安局制定出台了“队伍正规化建设工作意见和创建标准”。"),
])
def test_a_date_without_the_part_asked_for_is_no_answer(question, sentence):
    assert span_text(question, sentence) == ""


@pytest.mark.parametrize("question, sentence", [
    ("4名嫌疑人是在什么地方落网的?", "经过缜密调查,抓获作案嫌疑人4名,破获“拉车门”盗窃案件2起。"),
    ("获评“全国优秀公安基层单位”的是哪一个单位?", "全市先后涌现出全国优秀公安基层单位、全国公安机关爱民模范集体等11个先进集体。"),
])
def test_a_place_or_body_is_not_answered_by_a_sentence_naming_none(question, sentence):
    assert span_text(question, sentence) == ""


def test_a_body_jieba_cuts_short_keeps_its_full_name():
    question = "颁发“平安银鼎”的是哪个机构?"
    sentence = "2023年,陕西3个市被陕西省委平安建设领导小组授予“平安银鼎”。"
    assert span_text(question, sentence) == "陕西省委平安建设领导小组"


@pytest.mark.parametrize("question, units", [
    ("How many suspects involved in supplying bank cards and phone cards did police arrest?", ("人", "名")),
    ("How many long-standing thorny problems has the parlour helped settle?", ("起",)),
    ("How many individual items do the new measures contain?", ("项",)),
])
def test_an_english_count_is_measured_by_its_head_noun(question, units):
    assert set(units) <= set(spec_of(question).units)


@pytest.mark.parametrize("question, kind", [
    ("那3次统一行动分别是在哪几天开展的?", "date"),
    ("报道开头描写的是陕西的哪一带?", "place"),
    ("拿到“平安铜鼎”的2个地级市叫什么名字?", "place"),
    ("By what year-on-year percentages did cases fall?", "number"),
])
def test_more_ways_of_asking_for_a_date_a_place_or_a_figure(question, kind):
    assert spec_of(question).kind == kind


def test_how_long_a_period_runs_asks_for_time_not_length():
    spec = spec_of("那一轮行动计划,周期有多长?")
    assert spec.dimension == "" and "年" in spec.units
    assert span_text("那一轮行动计划,周期有多长?", "陕西公安制定新一轮派出所三年行动计划。") == "三年"
    assert spec_of("这条路有多长?").dimension == "长"


def test_two_questions_in_parallel_are_answered_together():
    sentence = "他们以平凡付出守护民生、捍卫正义,书写了忠诚答卷。"
    assert extracted("商洛公安以平凡付出守护什么、捍卫什么?", sentence)[0] == "守护民生、捍卫正义"
    from qa.alignment import paired_span
    assert paired_span(normalize(sentence), normalize("商洛公安守护什么?")) is None
    assert paired_span(normalize("捍卫正义、守护民生。"), normalize("守护什么、捍卫什么?")) is None   # out of order


def test_a_position_question_that_names_one_office_asks_for_the_other():
    question = "杨民全除了担任工农社区书记,还兼任什么职务?"
    assert extracted(question, "工农社区书记兼居委会主任杨民全说。")[0] == "居委会主任"
    assert not spec_of("What title did three cities receive in 2023?").position


def test_where_to_start_is_no_location():
    sentence = "参与禁毒预防宣传,要从孩子抓起、从身边人做起。"
    assert span_text("除了从孩子抓起,还要从哪里做起?", sentence) != ""


@pytest.mark.parametrize("question, sentence, place", [
    ("“铁脚板”这个品牌出自哪里?", "各地涌现出汉中“红袖标”、宝鸡“铁脚板”、延安“山花巡逻队”等品牌。", "宝鸡"),
    ("“护绿”行动是以哪座名山冠名的?", "全市部署开展了秦岭“护绿”行动和渭水“净流”行动。", "秦岭"),
    # no name right before the mark: the nearest place earlier in its item the question does not name
    ("长延堡街道的“三色预警”工作法出自哪个区?", "西安市雁塔区长延堡街道“三色预警”工作法获评全国先进。", "雁塔区"),
])
def test_a_quoted_brand_is_credited_to_the_place_written_before_it(question, sentence, place):
    assert spec_of(question).kind == "place"
    assert span_text(question, sentence) == place


def test_which_county_an_officer_serves_in_asks_for_a_place():
    assert spec_of("In which county does officer Li Ming serve?").kind == "place"
    assert spec_of("Which police officer helped the resident?").kind == "person"


def test_a_body_keeps_its_place_and_the_unit_named_after_it():
    assert span_text("民警立即与哪个单位联系?", "民警立即与宝鸡市公安局刑侦支队联系。") == "宝鸡市公安局刑侦支队"
    assert span_text("民警立即与哪个单位联系?", "民警立即与公安局联系。") == "公安局"


@pytest.mark.parametrize("question, sentence, counted", [
    # the figure ends its item: what it counts is written before it, after the item's verb
    ("全县去年查处了415个的是什么?", "全县去年排查消防隐患1200处,查处违规经营场所415个,发放提示函80份。", "违规经营场所"),
    ("县局共捣毁了36个的是什么?", "全县公安机关共捣毁制假售假窝点36个,抓获嫌疑人58名。", "制假售假窝点"),
    # the figure leads into its noun
    ("为守护校园设了38个的是什么?", "城区设置了12个巡区和38个护学岗,提升了见警率。", "护学岗"),
    # the question gives the head and asks its level
    ("建成了52个的调解室属于哪一级?", "全县建成村级调解室52个、镇级调解中心9个。", "村级"),
    # an English question counts back with "N of"
    ("What did the county police seize 27 of?", "县公安局查获非法枪支27支,收缴管制刀具140把。", "非法枪支"),
])
def test_what_a_given_figure_counts_is_the_answer(question, sentence, counted):
    assert span_text(question, sentence) == counted


def test_a_figure_whose_counted_noun_the_question_names_is_not_reversed():
    from qa.extraction import counted_by_given_figure
    sentence = normalize("组织300名志愿者参与“清河”护水行动。")
    assert counted_by_given_figure(sentence, normalize("组织300名志愿者参与的是什么行动?"), NO_TERMS) is None
    # two figures of the question that count different things: no telling which is asked
    two = normalize("建成12个警务室和30个警务站。")
    assert counted_by_given_figure(two, normalize("建了12个和30个的是什么?"), NO_TERMS) is None
    # a year is no count
    assert counted_by_given_figure(normalize("2021年建成调解室52个。"), normalize("2021年建成的是什么?"),
                                   NO_TERMS) is None


@pytest.mark.parametrize("question, sentence, item", [
    ("四项工程按顺序排,第三项是什么?", "部署开展了“强基、固本、铸魂、利剑”四项工程。", "铸魂"),
    ("夹在“固本”与“利剑”之间的是哪一项?", "部署开展了“强基、固本、铸魂、利剑”四项工程。", "铸魂"),
    ("紧跟在“强基”后面的是什么?", "部署开展了“强基、固本、铸魂、利剑”四项工程。", "固本"),
    ("排在“利剑”前面的是什么?", "部署开展了“强基、固本、铸魂、利剑”四项工程。", "铸魂"),
    ("四项工程中排在最后的是哪一项?", "部署开展了“强基、固本、铸魂、利剑”四项工程。", "利剑"),
    ("What is the second of the four projects?", "部署开展了“强基、固本、铸魂、利剑”四项工程。", "固本"),
    ("成立的几支队伍里排在最前面的是哪一支?", "县局成立巡逻突击队、便衣侦查队和视频巡查组,全天候值守。", "巡逻突击队"),
    ("获评先进县的三地中排第一的是哪里?", "会上,富县、宜君、甘泉获评先进县,黄龙获评达标县。", "富县"),
    ("三项工程里排在中间的是哪一项?", "部署开展了“强基、铸魂、利剑”三项工程。", "铸魂"),
    ("Which project is in the middle of the three?", "部署开展了“强基、铸魂、利剑”三项工程。", "铸魂"),
    # a run of quoted names is a list too
    ("几种警官里排在最前面的是哪一种?", "某省建立“项目警官”“护航警官”“服务警官”等保障机制。", "项目警官"),
    # and a +-list, without its spaces and marks
    ("发现矛盾纠纷时,第三个环节靠的是什么?", "采用“村(社区)微信群摸排 +民警入户走访 + 信息员反馈”模式,及时发现矛盾纠纷。",
     "信息员反馈"),
    # the list the question counts, without the run's quoted name after its last item
    ("Of the 'three major actions', which one is listed last?",
     "确定“1+2+3+X”整体思路,组织实施基层提振、基础提质、基本能力提升“三大行动”。", "基本能力提升"),
])
def test_a_list_item_asked_by_its_place_in_the_list(question, sentence, item):
    assert span_text(question, sentence) == item


def test_a_list_without_an_order_asked_is_answered_whole():
    sentence = "部署开展了“强基、固本、铸魂、利剑”四项工程。"
    assert span_text("部署开展了哪些工程?", sentence) == "强基、固本、铸魂、利剑"


@pytest.mark.parametrize("question, sentence, words, outcome", [
    ("县局坚持夜间巡逻、开展演练之后,换来了什么变化?", "县局坚持夜间巡逻,每月开展实战演练20场次,辖区发案率明显下降。",
     ("夜间巡逻", "演练"), "辖区发案率明显下降"),
    ("警方经过调查,最后取得了什么战果?", "经过连续调查,抓获嫌疑人3名,追回被盗车辆2辆。", ("调查",),
     "抓获嫌疑人3名,追回被盗车辆2辆"),
    ("What did the careful investigation eventually yield?", "经过连续调查,抓获嫌疑人3名,追回被盗车辆2辆。", ("调查",),
     "抓获嫌疑人3名,追回被盗车辆2辆"),
])
def test_what_came_of_the_work_is_the_outcome_after_it(question, sentence, words, outcome):
    spec = spec_of(question)
    assert spec.kind == "sentence" and spec.asks == "result"
    terms = Terms(tuple((w,) for w in words), (1.0,) * len(words))
    assert extracted(question, sentence, terms)[0] == outcome


@pytest.mark.parametrize("question, kind", [
    ("成立的几支队伍里排在最前面的是哪一支?", "term"),        # the count names the list; 哪 asks for one of it
    ("建成的调解室属于哪一级?", "term"),
    ("又做了几百场演练,换来了什么变化?", "sentence"),         # 几百: "several hundred", not a count asked
    ("全县建成了几个调解室?", "number"),
])
def test_which_word_asks_decides_the_kind(question, kind):
    assert spec_of(question).kind == kind


def test_an_english_count_of_sessions_is_in_sessions_not_people():
    units = spec_of("How many heart-to-heart sessions between police and residents were held?").units
    assert "场次" in units and "人" not in units


def test_an_english_question_may_give_its_figure_in_words():
    question = "What did the county police activate three times?"
    assert span_text(question, "汛期,县公安局共启动应急响应机制3次,出动警力200人次。") == "应急响应机制"


def test_a_county_body_is_asked_by_its_name_not_its_county():
    assert spec_of("Which county police bureau settled 500 disputes?").kind == "org"
    assert spec_of("Which county settled 500 disputes?").kind == "place"


def test_a_station_with_a_long_chain_of_parents_is_named_from_its_first_whole_body():
    sentence = "宝鸡市公安局金台分局东风路派出所建起“楼栋警长”微信群。"
    assert span_text("建起“楼栋警长”微信群的是哪个派出所?", sentence) == "金台分局东风路派出所"
    assert span_text("建起“楼栋警长”微信群的是哪个派出所?", "金台分局东风路派出所建起“楼栋警长”微信群。") == "金台分局东风路派出所"


def test_a_single_clause_outcome_is_what_the_questions_verb_takes():
    terms = Terms((("治安整治",),), (1.0,))
    assert extracted("治安整治给全县带来了怎样的变化?", "治安整治带来明显变化。", terms)[0] == "明显变化"


@pytest.mark.parametrize("question, figure", [
    ("全县盗窃类警情同比下降了多少?", "12.4%"),
    ("全县诈骗类警情同比下降了多少?", "6.2%"),
    ("全县刑事立案数同比下降了多少?", "3.1%"),
])
def test_figures_given_respectively_pair_with_their_items(question, figure):
    sentence = "1月份、2月份全县盗窃类、诈骗类警情和刑事立案数同比分别下降12.4%、6.2%和3.1%。"
    assert span_text(question, sentence) == figure


def test_items_before_respectively_may_be_the_clause_before():
    sentence = "全市共破获刑事案件1.2万余起、查处治安案件3.4万余起,同比分别上升8.1%、4.6%。"
    assert span_text("全市查处治安案件同比上升了多少?", sentence) == "4.6%"
    assert span_text("全市破获刑事案件同比上升了多少?", sentence) == "8.1%"


def test_a_figure_after_a_list_counts_the_whole_list():
    sentence = "全县收缴假证件、假印章1200件,建成镇级调解中心9个、村级调解室52个。"
    assert span_text("收缴了1200件的是哪些东西?", sentence) == "假证件、假印章"
    assert span_text("建成了52个的是什么?", sentence) == "村级调解室"


def _described(question: str, sentence: str, listed: str) -> str | None:
    norm, q = normalize(sentence), normalize(question)
    start = norm.index(normalize(listed))
    found = described_item(norm, start, start + len(listed), q)
    return norm[found[0]:found[1]] if found else None


@pytest.mark.parametrize("question, sentence, listed, item", [
    ("Which of them handles parcels and deliveries?", "民警深入油库、学校、寄递企业、旧货市场排查隐患。",
     "油库、学校、寄递企业、旧货市场", "寄递企业"),
    ("Which of the operations is named after an eagle?", "今年开展“金盾”“飞鹰”“雷霆”等专项行动。", "金盾", "飞鹰"),
    ("Which tier draws on carriers' cloud footage?", "建立“政府公共视频资源+运营商云端视频资源+社会小探头视频资源”三级体系。",
     "政府公共视频资源+运营商云端视频资源+社会小探头视频资源", "运营商云端视频资源"),
    ("组织的健身活动里,跟排球有关的是哪一种?", "工会组织气排球、健步走、登山等健身活动。", "气排球、健步走、登山", "气排球"),
    ("那组专项行动里,名称里带「盾」字的是哪一项?", "今年开展“金盾”“飞鹰”“雷霆”等专项行动。", "飞鹰", "金盾"),
    ("那组专项行动里,以打雷来命名的是哪一项?", "今年开展“金盾”“飞鹰”“雷霆”等专项行动。", "金盾", "雷霆"),
])
def test_a_list_item_is_picked_by_what_the_question_says_of_it(question, sentence, listed, item):
    assert _described(question, sentence, listed) == item


@pytest.mark.parametrize("question, sentence, listed", [
    # the question's words that the sentence also says outside the list are context
    ("全县推进机构改革等7项改革,聚焦的是什么?", "聚焦深化政法改革、提升建设效能,全县推进机构改革等7项改革。",
     "深化政法改革、提升建设效能"),
    # two items touched: the question asks about both
    ("民警以付出守护什么、捍卫什么?", "民警以付出守护民生、捍卫正义。", "守护民生、捍卫正义"),
    # items set aside are no description of the one asked
    ("那组行动里除了金盾、雷霆,还有哪一项?", "今年开展“金盾”“飞鹰”“雷霆”等专项行动。", "金盾"),
    # a 、 inside brackets belongs to one name
    ("十个县被命名为什么?", "十个县被命名为平安县(市、区)。", "平安县(市、区)"),
])
def test_no_item_is_picked_when_the_question_describes_none_alone(question, sentence, listed):
    assert _described(question, sentence, listed) is None


@pytest.mark.parametrize("sentence, number", [
    ("十是加强宣传力度。", "十"),
    ("第三,万一家人染毒,要及时求助。", "第三"),
    ("（二）强化源头治理。", "二"),
    ("全市加强宣传力度。", None),
])
def test_the_number_of_the_item_a_sentence_begins(sentence, number):
    found = item_number(normalize(sentence))
    assert (sentence[found[0]:found[1]] if found else None) == number


@pytest.mark.parametrize("question, rank", [
    ("十项举措中,“加强宣传力度”是第几项?", True),
    ("「建立警民联合机制」排在第幾項?", True),
    ("Which number is given to the internet action in the ten measures?", True),
    ("In the appeal, which numbered point asks people to report drug activity?", True),
    ("渭南入选的是第几轮全国禁毒示范城市?", False),        # a round, not a list's item
    ("What is the third measure?", False),
])
def test_a_question_may_ask_which_number_an_item_has(question, rank):
    spec = spec_of(question)
    assert spec.rank == rank
    assert not rank or spec.kind == "number"


def test_the_number_of_a_named_item_is_its_marker():
    assert span_text("十项举措中,“加强宣传力度”是第几项?", "十是加强宣传力度。") == "十"
    assert span_text("十项举措中,“加强宣传力度”是第几项?", "全市加强宣传力度。") == ""


def test_which_of_them_with_a_verb_in_s_asks_for_one():
    assert not spec_of("The checks reached several trades; which of them handles parcels?").plural
    assert spec_of("Which trades did the checks reach?").plural


def test_an_english_figure_with_separators_finds_the_chinese_count():
    sentence = "悬挂警民联系牌两万余个,建立巡防群368个。"
    assert span_text("What did police put up more than 20,000 of?", sentence) == "警民联系牌"


@pytest.mark.parametrize("question, head", [
    ("陕西公安常态化开展的是哪一种巡防?", "巡防"),
    ("哪项改革案例获评全省优秀案例?", "案例"),
    ("加强管理的是哪一类涉枪涉爆的危险物品?", "危险物品"),
    ("姜平是哪个办公室的副主任?", "办公室"),
    ("要确保民警哪项任务全员达标?", "任务"),        # 全员 says how, not what
    ("渭南要以更高水平安全来保障什么?", ""),
])
def test_a_which_question_names_its_answer_by_a_head_noun(question, head):
    assert spec_of(question).head == head


def test_the_answer_reads_whole_with_the_head_noun_the_article_writes_after_it():
    assert span_text("陕西公安常态化开展的是哪一种巡防?", "陕西公安常态化开展警企联合巡防,确保安全生产。").endswith("联合巡防")
    assert span_text("加强管理的是哪一类危险物品?", "持续强化危爆物品管理。").endswith("危爆物品")


def test_a_noun_the_question_puts_by_its_wh_word_is_read_with_the_answer():
    assert span_text("某市委是在哪次全会上部署平安建设的?", "某市委六届四次全会对平安建设作专章部署。") == "市委六届四次全会"
    # a noun named away from the wh-word is the question's own, not the answer's
    assert span_text("某省是以什么形式把禁毒工作写进年度计划的?", "某省把禁毒工作写进年度计划专节部署,逐项落实。") == "专节部署"


def test_items_the_question_sets_aside_are_left_out_of_a_list_answer():
    sentence = "严厉打击恶意欠薪、制售假证假印章等经济犯罪。"
    assert span_text("除了制售假证假印章,还重点打击哪些经济犯罪?", sentence) == "恶意欠薪"
    assert span_text("重点打击哪些经济犯罪?", sentence) == "恶意欠薪、制售假证假印章"


def test_a_list_item_named_in_the_figures_own_clause_is_counted():
    from qa.extraction import list_member_conflict
    norm = normalize("全面推开“一室两队”“岗位制”“交所合一”等改革,其余66个派出所实行“一警多能”,49个农村派出所推行“交所合一”。")
    question = "多少个农村派出所推行了“交所合一”?"
    at = norm.index("49个")
    assert not list_member_conflict(norm, Span(at, at + 3, 1.0, 1.0), spec_of(question), normalize(question), NO_TERMS)
    at = norm.index("66个")     # its clause names another item: the list's item is not what it counts
    assert list_member_conflict(norm, Span(at, at + 3, 1.0, 1.0), spec_of(question), normalize(question), NO_TERMS)


@pytest.mark.parametrize("before, opening", [
    (("某市推进“一张网”行动,动员7.2万余名网格员参与治理;",), "某市推进“一张网”行动,动员"),
    (("2023年,某省开展“云剑”行动,破获案件5.5万余起;", "现发命案全破;"), "2023年,某省开展“云剑”行动,破获案件"),
    (("某市召开会议。",), ""),                       # the sentence before ended: nothing continues
    ((), ""),
])
def test_a_semicolon_piece_continues_its_sentences_opening(before, opening):
    from qa.extraction import sentence_opening
    assert sentence_opening(before) == opening


@pytest.mark.parametrize("question, size", [
    ("Of the four principles behind the new measures, which one is listed second?", 4),
    ("Which of the five angles is listed first?", 5),
    ("Of the 'three major actions', which one is listed last?", 3),
    ("The list of ten steps closes with which step?", 10),
    ("渭水四项工程按顺序排,第二项是什么?", 4),
    ("禁毒倡议第二点列出的六个“不”里,排在第一个的是哪个?", 6),     # 第二点 places the list, not its size
    ("以华山命名的那三项行动里,排在第一位的叫什么?", 3),
    ("十项举措中排在第三项的是什么?", 10),
    ("排在第三项的是什么?", 0),
    ("五项措施和三项行动里排在第一的是什么?", 0),                   # two sizes: neither is sure
])
def test_a_question_may_say_how_many_items_its_list_has(question, size):
    assert spec_of(question).list_size == size


def test_an_item_is_picked_from_the_list_of_the_size_asked():
    sentence = "积极探索网上警务室、乡村微信群等新模式,加大网上宣传、网上发动、网上沟通、网上调解、网上服务的力度。"
    assert span_text("Of the five kinds of online work, which one is listed last?", sentence) == "网上服务"
    assert span_text("Of the five kinds of online work, which one is listed first?", sentence) == "网上宣传"
    assert span_text("五种网上工作里排在最后的是哪一种?", sentence) == "网上服务"
    # a sentence with no list of the size asked holds no such item: its span fits less
    _, span = extracted("Of the ten steps, which one is listed last?", sentence)
    assert span.fit < 1.0


def test_the_ends_of_a_run_of_like_items_are_cut_to_their_length():
    from qa.extraction import _list_pieces, _run_edges_trimmed
    norm = normalize("坚决做到不好奇、不侥幸、不轻信、不沾光,远离毒品")
    run = norm[:norm.index(",")]
    pieces = _run_edges_trimmed(norm, _list_pieces(norm, 0, len(run)))
    assert [norm[a:b] for a, b in pieces] == ["不好奇", "不侥幸", "不轻信", "不沾光"]


def test_an_english_question_quoting_a_chinese_term_is_read_as_english():
    from qa.questions import asked_in_chinese
    assert not asked_in_chinese("how many 'legal-savvy persons' (法律明白人) has weinan trained?")
    assert asked_in_chinese("渭南培养了多少名“法律明白人”?")
    assert asked_in_chinese("牛背梁app上线了哪些功能?")
    assert detect_language("How many 'legal-savvy persons' (法律明白人) has Weinan trained?") == "en"


_PAIRED_DATES = "市委、市政府高度重视,先后于7月2日和7月26日在市委常委会和政府常务会上听取了汇报,领导作出指示。"


@pytest.mark.parametrize("question, date", [
    ("市委常委会是哪天听取汇报的?", "7月2日"),
    ("政府常务会是在哪一天听取汇报的?", "7月26日"),
])
def test_dates_given_in_order_with_their_events_answer_each_event(question, date):
    assert span_text(question, _PAIRED_DATES) == date


def test_an_english_question_names_its_event_through_its_bridged_terms():
    question = "On what date did the government's executive meeting hear the report?"
    text, _ = extracted(question, _PAIRED_DATES, Terms((("政府",), ("常务会",)), (1.0, 1.0)))
    assert text == "7月26日"


_MONTHS_OF_DROPS = "7月份、8月份全市刑事类、治安类警情和刑事立案数同比分别下降10.98%、8.5%、61.3%和9.2%。"


@pytest.mark.parametrize("question", [
    "那组警情同比下降的数据,统计的是哪几个月?",
    "Which months do the year-on-year drops in police incidents cover?",
])
def test_which_months_asks_for_the_whole_run_of_months(question):
    spec = spec_of(question)
    assert spec.kind == "date" and spec.date_grain == "month" and spec.plural
    assert span_text(question, _MONTHS_OF_DROPS) == "7月份、8月份"     # from the run's first month


def test_how_many_months_still_asks_for_a_number_and_which_time_span_for_a_period():
    assert spec_of("这项行动持续了几个月?").kind == "number"
    assert spec_of("破案率上升,指的是今年哪段期间?").date_grain == "period"
    assert spec_of("那1378起刑案,对应的是今年哪个时段?").date_grain == "period"


def test_a_question_naming_no_one_event_gets_the_first_date_and_two_days_get_both():
    assert span_text("市委、市政府哪天听取了汇报?", _PAIRED_DATES) == "7月2日"
    assert spec_of("市委、市政府在哪两天听取了汇报?").kind == "date"
    assert span_text("市委、市政府在哪两天听取了汇报?", _PAIRED_DATES) == "7月2日和7月26日"
    assert span_text("On which two dates was the report heard?", _PAIRED_DATES) == "7月2日和7月26日"


@pytest.mark.parametrize("question, aside", [
    ("Besides intellectual-property infringement, commercial bribery and contract fraud, which offence is targeted?",
     "intellectual-property infringement, commercial bribery and contract fraud"),
    ("Alongside 'project officers' and 'escort officers', what third kind of officer is there?",
     "'project officers' and 'escort officers'"),
    ("Apart from the Qinwuyuan platform, on which platform was it launched?", "the Qinwuyuan platform"),
    ("Which platform was it launched on?", ""),
])
def test_what_an_english_question_sets_aside_runs_to_its_question_word(question, aside):
    from qa.alignment import english_aside
    assert english_aside(question) == aside


def test_a_span_mostly_made_of_the_set_aside_things_translations_is_set_aside():
    from qa.extraction import said_aside
    aside = (("科技",), ("战略", "战法"), ("坚持",), ("公安", "警察"))
    assert said_aside("坚持科技兴警战略", aside)
    assert not said_aside("加大科技研发投入", aside)       # one shared word is not the thing set aside
    assert not said_aside("坚持科技兴警战略", ())


def test_an_english_question_gets_what_it_did_not_set_aside():
    question = "Besides strengthening the police through science and technology, what did the police do?"
    sentence = "坚持科技兴警战略,加大科技研发投入,提升实战能力。"
    terms = Terms((("科技",), ("公安",)), (1.0, 1.0), aside=(("科技",), ("战略",), ("坚持",), ("强化",)))
    text, _ = extracted(question, sentence, terms)
    assert text != "坚持科技兴警战略" and "坚持" not in text
    from qa.extraction import _without_set_aside
    listed = "商业贿赂、非法经营、合同诈骗"
    question = normalize("Besides commercial bribery, which offences are targeted?")
    a, b = _without_set_aside(listed, 0, len(listed), question, (("商业",), ("贿赂",)))
    assert listed[a:b] == "非法经营、合同诈骗"


def test_a_figure_inside_a_quoted_name_answers_when_the_name_goes_on_to_name_what_is_counted():
    sentence = "2023年平安建设工作将全面铺开“十项举措”工作模式,打造平安建设新样板。"
    assert span_text("那套工作模式一共包含几项举措?", sentence) == "十项"
    # a quoted name whose figure counts nothing the question asks about stays a name
    assert span_text("渭南公安开展了几项活动?", "渭南公安开展“三个年”活动,成效明显。") == ""


def test_a_report_that_gives_only_a_relative_time_answers_when_with_it():
    sentence = "近日,某县民警在走访辖区时,了解到独居老人行动不便。"
    assert span_text("民警走访辖区了解到老人行动不便是什么时候的事?", sentence) == "近日"
    assert span_text("民警是哪一天走访辖区的?", sentence) == ""            # a day asked: 近日 names none
    dated = "近日起,某县民警于3月5日走访辖区。"
    assert span_text("民警什么时候走访辖区?", dated) == "3月5日"          # a date, when the sentence has one


@pytest.mark.parametrize("question, sentence, agent", [
    ("三级责任体系由谁主抓?", "某局构建市局党委主抓、警种部门负责、分局联动的三级责任体系。", "市局党委"),
    ("行动的主体责任由谁坚决扛牢?", "市局党委坚决扛牢行动主体责任,先后召开3次专题会。", "市局党委"),
    ("平安银鼎是由谁授予的?", "某县被省平安建设领导小组授予“平安银鼎”。", "省平安建设领导小组"),
])
def test_who_does_it_is_the_body_before_the_verb(question, sentence, agent):
    assert span_text(question, sentence) == agent


@pytest.mark.parametrize("question, change", [
    ("为提高民警本领出台的那份规划,时间跨度是几年?", False),     # a purpose, not a change asked
    ("破案率提高了多少?", True),
    ("为了进一步提高效率,增加了多少人?", True),
])
def test_a_change_word_in_a_purpose_asks_no_change(question, change):
    assert spec_of(question).change == change


def test_a_middle_item_is_asked_only_of_a_list_with_a_middle():
    assert span_text("四项工程里排在中间的是哪一项?", "部署开展了“强基、固本、铸魂、利剑”四项工程。") != "固本"


def test_a_chinese_where_question_without_a_place_in_the_sentence_is_answered_by_its_frame():
    sentence = "第四,积极参与禁毒宣传,从孩子抓起,从身边人做起,形成良好氛围。"
    assert "身边人" in span_text("参与禁毒宣传时,还要从哪里做起?", sentence)
    # the noun after the question word: the answer is one (哪个县公安局), or belongs to it (哪个城市的公安)
    assert spec_of("是哪个县公安局创新实施的?").head.endswith("公安局")
    assert spec_of("是哪个城市的公安建立的?").head == ""


_LISTED_OFFENCES = "紧盯侵犯知识产权、商业贿赂、非法经营、合同诈骗等涉企违法犯罪行为,开展专项打击。"


@pytest.mark.parametrize("sentence, aside, answer", [
    # the one item left among those set aside
    (_LISTED_OFFENCES, (("知识产权",), ("侵犯", "侵害"), ("商业",), ("贿赂",), ("合同",), ("诈骗",)), "非法经营"),
    # before the one set aside
    ("韩城、临渭获授“平安银鼎”,澄城、蒲城被授予“平安铜鼎”。", (("蒲城",),), "澄城"),
    # after them, where the set-aside word ends inside its item
    ("成立专项突击队、便衣打击队、视频巡查小组,织密巡逻网络。",
     (("专项",), ("突击", "攻坚"), ("便衣",), ("打击",), ("队长", "集体")), "视频巡查小组"),
    # the next of a run of quoted names
    ("建立领导包联制度,建立“项目警官”“护航警官”“服务警官”等保障机制。",
     (("项目", "工程"), ("警察", "干部"), ("护航",), ("警察", "干部")), "服务警官"),
    # one quoted name: the name
    ("高标准建成了全市公安大数据中心、“雪亮工程”等设施。", (("全市",), ("公安",), ("数据",), ("中心",)), "雪亮工程"),
])
def test_an_english_question_gets_the_rest_of_a_list_it_sets_items_of_aside(sentence, aside, answer):
    from qa.alignment import english_remainder
    norm = normalize(sentence)
    a, b = english_remainder(norm, aside, plural=False)
    assert norm[a:b] == answer


def test_a_clause_saying_few_of_the_set_aside_phrases_is_not_the_list_meant():
    from qa.alignment import english_remainder
    norm = normalize("坚持科技兴警战略,推动人工智能、大数据、物联网等技术深度融合。")
    assert english_remainder(norm, (("全市",), ("公安",), ("数据",), ("中心",)), plural=False) is None
    assert english_remainder(norm, (), plural=False) is None


def test_set_aside_words_in_two_lists_of_a_clause_name_no_list():
    from qa.alignment import english_remainder
    norm = normalize("在政治建警、科技赋能、队伍锻造等领域多点突破、纵深推进。")
    assert english_remainder(norm, (("科技",), ("突破", "通过")), plural=False) is None


def test_a_set_aside_word_in_most_passages_tells_no_list_from_another():
    from types import SimpleNamespace
    from qa.retrieval import _telling
    freq = {"公安": 6, "民警": 2, "网格": 1, "社区": 2}
    index = SimpleNamespace(passages=[None] * 10, lexical=SimpleNamespace(doc_freq=lambda t: freq.get(t, 0)))
    aside = (("公安", "民警"), ("网格",), ("社区",))
    assert _telling(aside, index) == (("网格",), ("社区",))
    assert _telling(aside, None) == aside


def test_a_date_the_question_places_by_its_own_wording_answers():
    ranged = "从4月起至5月底开展春季治安清查整治专项行动,在全市范围内排查隐患。"
    assert span_text("春季治安清查整治专项行动一直要搞到什么时候?", ranged) == "5月底"
    planned = "创建活动历时三年,2023年是第二年,明年年底全面验收,标准很高。"
    assert span_text("这轮创建活动什么时候全面验收?", planned) == "明年年底"
    # a date its event does not follow is still a date, but not placed by the question
    from qa.extraction import _dated_event
    norm = normalize("2022年7月某市入选创建名单,明年年底全面验收。")
    assert _dated_event(norm, [(0, 7, 1.0)], normalize("什么时候全面验收?")) is None


@pytest.mark.parametrize("question, sentence", [
    # a quoted remark: its closing mark after the 。 is no clause, its opening mark no part of one
    ("渭南公安想让老百姓对平安有怎样的体会?", "“闪着警灯的警务站、随处可见的巡逻民警,让咱老百姓有了满满的安全感。”"),
    # the words the question does not say stop before a quoted name they do not hold
    ("夏季行动中渭南警察查看的是什么设施?", "这场紧紧围绕保障群众安宁开展的“夏季行动”,打出了渭南公安的声势和态度。"),
])
def test_an_answer_holds_no_quote_mark_without_its_other_half(question, sentence):
    answer = clause_answer(question, sentence)
    assert answer.strip("“”「」")
    assert answer.count("“") == answer.count("”") and answer.count("「") == answer.count("」")


def test_the_year_opening_a_semicolon_chain_dates_its_later_pieces(tmp_path):
    """"2023年,…;现发命案全破,…。": the year leads the chain and answers which year the later
    piece's fact was; the piece itself holds no date."""
    from qa.embedding import HashEmbedder
    from qa.extraction import chain_after, question_terms, score_sentences
    from qa.index import build_index
    from qa.retrieval import analyze
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "chain.txt").write_text(
        "全省公安工作综述\n\n2023年,全省公安广泛开展系列专项行动,共破获刑事案件5.5万余起;"
        "现发命案全破,破获命案积案86起。\n\n全省公安机关持续推进基层警务建设。\n", encoding="utf-8")
    index = build_index(corpus, tmp_path / "index", embedder=HashEmbedder())
    opening = next(i for i, s in enumerate(index.sentences) if index.sentence_text(s).startswith("2023年"))
    assert chain_after(index, opening).startswith("现发命案全破")
    assert chain_after(index, opening + 1) == ""           # a piece ending the chain carries nothing on
    question = "全省哪一年做到了命案全破?"
    query = analyze(question, HashEmbedder(), index)
    spec = analyze_question(query.text, query.normalized, query.lang, index.places)
    terms = question_terms(index, query.normalized, spec, query.english)
    best = score_sentences(index, query.vector, index.passages, spec, terms, query.normalized)[0]
    assert best.text[best.span.start:best.span.end] == "2023年" and best.coverage > 0


def test_an_english_count_whose_counted_words_no_figure_names_is_not_answered():
    from qa.extraction import unnamed_focus
    question = "How many drug rehabilitation centres does the city run?"
    spec = spec_of(question)
    focus = focus_terms(_Index(), spec)
    assert any("戒毒所" in group for group in spec.focus)

    def conflict(sentence, figure):
        norm = normalize(sentence)
        span = figure_span(norm, figure)
        return unnamed_focus(norm, answer_window(norm, span), spec, normalize(question), focus)

    assert conflict("全市共建成警务室26个。", "26个")                 # counts something else
    assert not conflict("全市共有戒毒所3个。", "3个")
    assert not conflict("全市建成警务室26个、戒毒所3个。", "26个")    # the right sentence, the figure picked wrong
    assert not unnamed_focus("全市共建成警务室26个。", "全市共建成警务室26个。", spec_of("全市有多少个戒毒所?"),
                             "全市有多少个戒毒所?", focus)               # Chinese: action_conflict's job


@pytest.mark.parametrize("question, section", [
    ("讲禁毒和反诈成效的那一部分,小标题是什么?", True),
    ("介紹戶政改革的那一部分,小標題是甚麼?", True),
    ("Under which section heading does the report discuss residence permits?", True),
    ("What is the heading of the part on drug control?", True),
    ("According to the subheading of the overview, which body took command?", False),   # names it, asks a body
    ("《守护万家灯火》一文的副标题是什么?", False),      # the article's subtitle, not a section's heading
])
def test_a_question_asking_for_a_section_heading(question, section):
    assert spec_of(question).section is section


_SECTIONED = ("全省公安工作综述\n\n春日陕北,山花烂漫。\n\n完善工作体系\n\n全省建立平安建设领导责任制,压实各级责任。\n\n"
              "深化综合治理\n\n全省扎实开展禁毒工作,破获毒品案件120起。\n\n全省持续开展反诈宣传。\n")


def test_the_heading_of_a_sentence_is_the_short_unpunctuated_paragraph_before_it(tmp_path):
    """The title and a punctuated lede are no headings; a sentence is under the nearest one."""
    from qa.embedding import HashEmbedder
    from qa.extraction import section_heading
    from qa.index import build_index
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "sections.txt").write_text(_SECTIONED, encoding="utf-8")
    index = build_index(corpus, tmp_path / "index", embedder=HashEmbedder())

    def at(start: str) -> int:
        return next(i for i, s in enumerate(index.sentences) if index.sentence_text(s).strip().startswith(start))

    def heading_of(start: str) -> str:
        j = section_heading(index, at(start))
        return index.sentence_text(index.sentences[j]).strip() if j is not None else ""

    assert heading_of("全省扎实开展禁毒工作") == "深化综合治理"
    assert heading_of("全省持续开展反诈宣传") == "深化综合治理"     # two paragraphs down, same section
    assert heading_of("全省建立平安建设领导责任制") == "完善工作体系"
    assert heading_of("春日陕北") == ""                              # before the first heading
