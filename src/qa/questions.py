"""What a question asks for: its answer type, the unit it expects, and its qualifiers.

Qualifiers (a year, months or a period, a place) decide between look-alike facts: the
corpus repeats similar figures for different places and periods, and a figure for another
year or city is not an answer.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping
from functools import lru_cache

from .enumerations import LAST_ITEM, MIDDLE_ITEM, chinese_number
from .places import GENERIC_PLACES, divisions_by_pinyin, gazetteer, place_base, places_in_tagged, scope_of, written_as

# --------------------------------------------------------------------------- answer types
_SEVERAL_DAYS_EN = r"\b(?:which|what) (?:two|three|four) (?:dates|days)\b"     # "on which two dates": a date asked, the run whole
_ZH_TYPES = [
    ("place", re.compile(r"哪[几两三四五六七八九十][个座]?(?:地市|城市|市|县|区|省|镇|村|地方|地区|区域|带|片)|哪些(?:地市|城市|市|县|区|地方)|"
                         r"哪一?座(?:名)?山|哪一?条(?:河|江)")),
    ("term", re.compile(r"哪[一二两三四五六七八九十几]*(?:级|层级)|哪[一二两三四五六七八九十几]+(?:个|项|种|类|大)(?!单位|部门|机构|派出所|分局|公安局|组织)")),
    # "成立的几支队伍里排在最前面的是哪一支": the count names the list; 哪 asks for one of it
    ("term", re.compile(r"几[个支项类种条家大][\u4e00-\u9fff]{0,6}(?:里|中|当中|之中)[^?？]*哪")),
    ("number", re.compile(r"电话|号码|多少|(?<!哪)几[个名起件次人位家所项批条处场倍年天]|(?<!哪)几(?![十百千万])|多大|多高|多长|多宽|多远|多深|多久|多重|比例|百分之|比率|满意率|占比|增长了?|下降了?|上升了?")),
    ("date", re.compile(r"何时|什么时候|哪一?年|哪[一几两二三]?天|哪个月|几月|几号|几日|日期|时间是")),
    ("person", re.compile(r"谁|哪位|什么人|名字叫|姓名|全名|真名|姓(?:什么|甚么|啥)|(?:局长|所长|书记|主任|队长|政委|院长|厅长|部长|市长|县长|记者|民警|辅警|警官|大爷|大妈|老人|站长|警长|主席|负责人|头目|首犯|主犯|嫌疑人|男子|女子|司机|老板|店主|村民|居民)[^,，。?？]{0,4}叫什么")),
    ("org", re.compile(r"哪[一二两三四五六七八九十几]?个(?:单位|部门|机构|派出所|分局|公安局|组织)|哪支(?:队伍|队|力量|警种)|哪个警种|哪[个家](?:公司|企业|电视台|电台|报社|银行)|哪家(?:单位|部门)|哪些(?:单位|部门|机构)|什么(?:单位|部门|机构)")),
    ("place", re.compile(r"哪里|哪儿|何地|什么地方|(?:地级市|城市|市|县|区|镇|村|省)叫什么|哪[一几两三四五六七八九十]?[个座]?(?:地市|城市|市|县|区|省|镇|村|地方|地区|区域|带|片)|哪些(?:地市|城市|市|县|区|地方)|在哪(?![个次方一二两三四五六七八九十几些天年月日号项种类条家所位批场部])")),
    ("term", re.compile(r"什么|哪个|哪些|哪项|哪种|哪次|哪场|哪届|名称|称为|叫做|简称")),
]
# "In which county does officer X serve": a verb after "which" ends the noun it asks about
_NOT_VERB = r"(?!(?:does|did|do|is|was|are|were|has|have|had)\b)"
_EN_TYPES = [
    ("number", re.compile(r"\b(?:tele)?phone\b|\bwhat\b.*\b(?:rate|percentage|proportion|ratio|amount|total|figure|count)\b|\bby what (?:[\w-]+ ){0,3}percentages\b|\bhow (?:many|much|long|old|big|high|tall|deep|wide|far)\b|\bwhat (?:percentage|percent|share|proportion|rate|number|amount|figure)\b|\bby how much\b|\bhow large\b", re.I)),
    # "when" that asks ("When did…", "…, and when?"), not one that sets a scene ("…on patrol
    # when they took the call", "When floods threatened, how many…")
    ("date", re.compile(r"\bwhen\b(?= (?:did|does|do|was|were|is|are|has|have|had|will|would|could|should|exactly|precisely)\b|\s*,|\s*\??\s*$)|\b(?:which|what) period\b|\bwhat (?:year|date|day|months?|time)\b(?!-)|\bwhich (?:year|date|day|months?)\b(?!-)|\bon what date\b|"
                      + _SEVERAL_DAYS_EN, re.I)),
    ("person", re.compile(r"\bwho\b|\bwhose\b|\bname of the (?:[\w-]+ ){0,2}(?:official|person|officer|policeman|policewoman|man|woman|head|chief|director|leader|ringleader|boss|suspect|reporter|journalist|resident)\b|\bwhich (?:" + _NOT_VERB + r"[\w-]+ ){0,2}(?:official|person|officer|policeman|policewoman|reporter|journalist|correspondent)\b", re.I)),
    # not "which county police bureau": a body of the county, asked by its name
    ("place", re.compile(r"\bwhere\b|\bwhich (?:city|county|district|province|town|village|place|cities|counties|mountain|river)\b"
                         r"(?!\s+(?:police|public security|court|procuratorate|government|bureau|committee|department|party))", re.I)),
    ("org", re.compile(r"\bwhich (?:" + _NOT_VERB + r"[\w-]+ ){0,2}?(?:unit|department|bureau|agency|body|organi[sz]ation|police (?:station|office|post)|branch|company|firm|(?:radio|tv|television) station)\b", re.I)),
    ("term", re.compile(r"\bwhat\b|\bwhich\b|\bname\b|\bcalled\b", re.I)),
]

PHONE = "#phone"   # a pseudo-unit: the answer is a long digit string

# A span of time asked: "周期有多长" is no length
_DURATION = re.compile(r"多长时间|多久|为期|(?:周期|期限|时限|时长|任期|历时)[^,，。?？]{0,3}多长|"
                       r"\bhow long\b(?! (?:is|was) the (?:road|pipeline))|\bduration\b", re.I)

# The unit a counting question expects, so "多少人" is not answered with "342个".
_UNIT_HINTS = [
    (re.compile(r"多少岁|多大年纪|年龄|几岁|\bhow old\b|\bage\b", re.I), ("岁",), True),
    (_DURATION, ("个月", "天", "年", "周", "小时", "分钟"), True),
    *((re.compile(rf"\bhow many {noun}\b", re.I), units, True)      # a span of time, in its own unit
      for noun, units in (("days", ("天", "日")), ("weeks", ("周",)), ("months", ("个月",)), ("years", ("年",)),
                          ("hours", ("小时",)))),
    (re.compile(r"多长|多宽|多远|长度|宽度|距离|\bhow (?:wide|far)\b|\blength\b|\bwidth\b", re.I), ("米", "公里", "千米"), True),
    (re.compile(r"电话|号码|\b(?:tele)?phone\b|\bnumber to call\b", re.I), (PHONE,), True),
    # Asked outright for money or a percentage: a count (1.2万件) is no answer.
    (re.compile(r"多少钱|价值多少|值多少|金额|多少(?:万|亿)?元|多少(?:资金|经费)|\bhow much money\b|"
                r"\bhow much (?:\w+ ){0,4}?(?:spend|spent|invest(?:ed)?|cost|paid|pay)\b|\bworth\b|\b(?:monetary|cash) value\b|\bvalue of\b", re.I), ("元",), True),
    (re.compile(r"百分之(?:多少|几)|百分比|\bwhat (?:percentage|percent)\b|\bby what percent", re.I), ("%", "个百分点"), True),
    # a rate asked for ("发案率比上年降了多少", "比例有多高", "what share of"): a count is no answer
    (re.compile(r"(?:比例|比率|占比|[^\W\d_]率)[^,，。?？]{0,6}?(?:是|为|有|达到?)?(?:多少|多高|几成)|"
                r"\bwhat (?:share|proportion|rate|ratio)\b|\b(?:share|proportion) of\b", re.I), ("%", "个百分点"), True),
    (re.compile(r"(?:增长|上升|下降|提高|降低|减少|增加)了?(?:多少|几)|同比|\b(?:increase|decrease|rise|rose|drop|fall|fell|grow|grew|decline)", re.I), ("%", "个百分点"), False),
    (re.compile(r"百分比|百分之|比例|比率|满意率|满意度|占比|率|程度|percent|percentage|rate|proportion|share", re.I), ("%", "个百分点"), False),
    # after rates: "比例有多高" asks for a rate, "海拔多高" for a height
    (re.compile(r"多高|多深|高度|深度|海拔|\bhow (?:tall|high|deep)\b|\bheight\b|\baltitude\b|\bdepth\b", re.I), ("米", "公里", "千米"), True),
    (re.compile(r"多少(?:资金|经费)|投入了?多少|多少.{0,6}(?:工钱|工资|欠薪|薪水|钱款|赃款|罚款|款项|经济损失)|\byuan\b|\bfunds?\b|\binvest|\bspent?\b|\bcost\b|\bbudget\b|\bloss(?:es)?\b", re.I), ("元",), False),
    (re.compile(r"多少人次|几人次|\bperson-times\b", re.I), ("人次",), False),
    (re.compile(r"\btimes\b", re.I), ("次", "人次", "场次"), False),
    (re.compile(r"\b(?:sessions|drills|exercises|lectures|talks|meetings|events|activities|visits|trainings?)\b", re.I), ("场次", "场", "次"), False),
    # a body's members are counted by head, never in person-times (5万余人次 deployed)
    (re.compile(r"\b(?:members|judges|specialists|employees|experts|teachers|doctors)\b", re.I), ("人", "名", "位", "余人", "余名"), False),
    (re.compile(r"多少(?:人|名)|几(?:人|名)|多少.{0,6}(?:人员|民警|群众|嫌疑人|逃犯|网格员|志愿者|干部|个人)|\bpeople\b|(?<!\bin )\bpersons?\b|\bsuspects?\b|\bofficers?\b|\bfugitives?\b|\bvolunteers?\b|\bresidents?\b|\bindividuals?\b|\bvillagers?\b|\bpolicemen\b|\bworkers?\b|\bofficials\b|\bstaff\b|\bpersonnel\b|\bcadres\b|\bvictims\b|\bgrid (?:workers|members)\b|"
                r"\b(?:students|children|users|addicts|drivers)\b", re.I), ("人", "名", "人次", "余人", "余名"), False),
    (re.compile(r"多少(?:起|件)|几(?:起|件)|案件|案子|纠纷|\bcases?\b|\bdisputes?\b|\bincidents?\b|\bthefts?\b|\brobber(?:y|ies)\b|\bcrimes\b|\bfrauds\b|\bcrashes\b|\baccidents?\b", re.I), ("起", "件"), False),
    (re.compile(r"多少(?:个|所|家|处|项|条|场|次|期|张|本|笔|户|台次|公里)", re.I), (), False),
    (re.compile(r"\bhow many (?:aspects|areas|fronts)\b", re.I), ("方面",), True),
    (re.compile(r"\bhow many (?:levels|tiers)\b", re.I), ("级",), True),
    (re.compile(r"\bhouseholds?\b|\bhomes?\b", re.I), ("户",), False),
    (re.compile(r"\bvehicles?\b|\bcars?\b|\btrips?\b", re.I), ("台次", "辆"), False),
    (re.compile(r"\bstations?\b|\boffices?\b|\bcent(?:er|re)s?\b|\bprojects?\b|\bpoints?\b|\bunits?\b|\bplaces?\b|\bsites?\b|\bhazards?\b|\bvillages?\b|\bcommunities\b", re.I), ("个", "所", "处", "家"), False),
    (re.compile(r"\bproblems?\b", re.I), ("个", "起", "件", "处", "项"), False),   # 问题58个, 问题28起
    (re.compile(r"\bitems?\b|\bmeasures?\b", re.I), ("项", "条"), False),
    (re.compile(r"\bteams?\b|\bsquads?\b|\bbrigades?\b", re.I), ("支", "个"), False),
    (re.compile(r"\bkilomet(?:er|re)s?\b|\bkm\b", re.I), ("公里",), False),
    (re.compile(r"\bsquare kilomet", re.I), ("平方公里",), False),
]

# "几年" asks for a number of years, but "近几年", "这几年", "几年来" are time phrases.
_MEASURE_AFTER_ASK = re.compile(r"(?<![近这前最那])(?:多少|几)(人次|台次|场次|架次|平方公里|平方米|公里|千米|公斤|个月|大类|方面|[类个名起件次趟遍人位家所项批条处场期张本笔户元岁份米吨亩级轮架辆台艘枚套宗]|座(?!谈)|支(?!持|付|出|援)|部(?!门|署|分|位)|[年天周](?![来间中里内前后以]))")

# --------------------------------------------------------------------------- qualifiers
_EN_MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august",
     "september", "october", "november", "december"], 1)}
_ZH_NUM = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
           "十一": 11, "十二": 12}
_YEAR = re.compile(r"(?<!\d)(19\d{2}|20\d{2})(?!\d)")
_ZH_MONTH = re.compile(r"(?<!\d)(\d{1,2})\s*(?:月|-|—|–|~|至|到|、|和)(?=\s*\d{0,2}\s*月?)")
_ZH_MONTH_WORD = re.compile(r"(十[一二]?|[一二三四五六七八九])月")
_QUARTERS = {"一季度": (1, 3), "第一季度": (1, 3), "二季度": (4, 6), "三季度": (7, 9), "四季度": (10, 12),
             "first quarter": (1, 3), "second quarter": (4, 6), "third quarter": (7, 9), "fourth quarter": (10, 12),
             "q1": (1, 3), "q2": (4, 6), "q3": (7, 9), "q4": (10, 12)}
_PERIODS = [  # period words that must be matched by the article's own wording
    (re.compile(r"十四五|14th five-year|fourteenth five-year", re.I), ("十四五",)),
    (re.compile(r"十三五|13th five-year|thirteenth five-year", re.I), ("十三五",)),
    (re.compile(r"夏季|夏天|summer", re.I), ("夏季", "夏夜", "夏天", "7月", "8月")),
    (re.compile(r"春季|春天|spring", re.I), ("春季", "春天", "春日")),
    (re.compile(r"五年|5年|five years", re.I), ("五年", "5年", "十四五")),
    (re.compile(r"上半年|first half", re.I), ("上半年", "1-6月", "1至6月", "1—6月")),
    (re.compile(r"下半年|second half", re.I), ("下半年", "7-12月", "7至12月", "7—12月")),
]


@dataclass(frozen=True)
class QuestionSpec:
    """What the answer must look like and what context it must agree with."""

    kind: str                       # number, date, person, place, org, term, sentence
    units: tuple[str, ...] = ()     # acceptable units for a number, preferred first
    unit_required: bool = False     # True when any other unit is not an answer (age → 岁)
    years: tuple[str, ...] = ()
    months: tuple[int, ...] = ()
    periods: tuple[tuple[str, ...], ...] = ()   # each: alternatives, one must occur
    places: tuple[tuple[str, ...], ...] = ()   # each: spellings of one place, without 市/省/县
    counted: str = ""               # the noun a count question counts: "多少个市" → "市"
    plural: bool = False            # "哪些", "哪三个": the answer may be a list
    change: bool = False            # asks how much something rose or fell, not how much there is
    date_grain: str = ""            # "day", "month" or "year" when the question says which
    focus: tuple[tuple[str, ...], ...] = ()   # what a count is of: "多少起电信网络诈骗案件" → 电信, 网络, 诈骗, 案件
    dimension: str = ""             # 长, 宽, 高 or 深 when the question asks for one ("有多长")
    scope: str = ""                 # 全省, 全市, 全县, 全区 or 全国 when the question names one
    place_level: str = ""           # 全省, 全市 or 全县: the level of the place the question names
    ordinals: tuple[str, ...] = ()  # "第一轮", "第二批": the second round's figure is not the first's
    role: str = ""                  # the office a "who" question asks for: 局长, 副主任
    direction: str = ""             # "up" or "down" when the question asks how much something rose or fell
    quoted: tuple[str, ...] = ()    # names the question puts in quotes: 「平安金鼎」 must be what the answer is about
    asks: str = ""                  # "purpose", "result", "why", "means" or "how": a question answered by a clause
    category: str = ""              # "哪个街道" → 街道: the answer is a name ending in it
    part_of: str = ""               # "3002名嫌疑人中,有多少人…" → 3002: the count asked is a part of this figure
    item: int = 0                   # "排在第三项的是什么", "the ninth measure": the asked item of a numbered list
    division: bool = False          # "哪个县", "which county": the answer is a place's name, or there is none
    position: bool = False          # "担任什么职务", "what position does X hold": the answer is the office before the name
    rank: bool = False              # "“加强宣传力度”是第几项", "which numbered point": the number an item of a numbered list has
    compare: Comparison | None = None   # "哪一种的数量较多", "the smallest of the four drops": the winner of a comparison
    explained: tuple[str, ...] = ()     # "「一都」指的是什么", "what does the '2' in '1+2+3+X' stand for": names whose meaning or parts are asked
    head: str = ""                  # "哪一种巡防" → 巡防: the noun a which/what-question names its answer by
    said_of: tuple[str, ...] = ()   # "多少个集体立了一等功" → 一等功: what the question says of the things it counts
    alone: bool = False             # "仅8月份一个月", "in 2021 alone": the one month or year asked, not a span that holds it
    subgroup: tuple[str, ...] = ()  # "破获的刑事案件里,电信诈骗案件占了多少起" → 电信, 诈骗: the kind of the whole a count is asked for
    list_size: int = 0              # "渭水四项工程…第二项是什么", "of the five angles … listed first": how many items the list has
    section: bool = False           # "讲…的那一部分,小标题是什么", "under which section heading": the heading of the part that says it


# "讲反诈的那一部分,小标题是什么", "Under which section heading does the report discuss…": the
# answer is the heading of the part of the article that says it (not 副标题, the article's subtitle)
# asking for it ("小标题是什么", "which section heading"), not naming it ("according to the subheading,
# which body…")
_ASKS_SECTION = re.compile(r"(?:小标题|(?:部分|一节|章节|板块|段落)的?(?:标题|题目))(?:是|叫|为)?(?:什么|甚么|哪)|"
                           r"(?:什么|哪个|哪一个)小标题|"
                           r"\b(?:which|what)\b[^?,]{0,20}?\b(?:section |sub-?)?(?:heading|section title)\b", re.I)


# What a why/how/what-for question wants from its sentence (see extraction.reason_span).
_ASKS = [
    ("purpose", re.compile(r"目的|为了什么|是为了|想让|想要?达到|达到什么|什么(?:效果|作用|意义|好处|便利|成效|影响|用处)|有何(?:作用|意义)|起到|"
                           r"\b(?:purpose|aim|goal|effect|impact|achieve|intended|meant to|in order to|what for)\b", re.I)),
    # what came of the work: the outcome a report gives after its measures ("…,队伍实战能力显著提升")
    ("result", re.compile(r"(?:取得|收到|换来|带来|迎来|获得)了?(?:什么|哪些|怎样)|(?:什么|哪些|怎样的)(?:样的)?(?:看得见的)?(?:变化|成果|成绩|战果|收获|结果)|"
                          r"怎么样了|有何(?:变化|成果|成绩)|\b(?:yield(?:ed)?|outcomes?|results?|resulted)\b|\bcame of\b|\bwhat (?:changed|improved)\b", re.I)),
    # not "被命名为什么称号" (named as what)
    ("why", re.compile(r"(?<![名评成称改定选])为什么(?!称号|荣誉|名|单位|品牌|级别|类型)|为何|什么原因|原因是|\bwhy\b", re.I)),
    ("means", re.compile(r"(?:标志|意味|体现|说明|表明|代表|预示)[着著]?了?什么|\bwhat does (?:it|this|that) (?:mean|signify|show)\b", re.I)),
    # not "加强怎样的监管" (what kind of oversight): that asks for a modifier, read in place
    ("how", re.compile(r"怎样(?!的[\u4e00-\u9fff])|怎么(?!样的[\u4e00-\u9fff])|如何|什么(?:措施|办法|方式|方法|手段)|通过什么|\bhow\b(?! (?:many|much|long|old|big|high|wide|far|large|often))|\bin what way\b|\bby what means\b", re.I)),
]


# "哪些", "哪三个", "分别"; in English a plural noun after what/which ("What officer roles did…"),
# not a word that merely ends in s (process, status, business), nor a verb with its object or
# preposition after it ("which tier relies on", "which body runs the", "which year was the").
_PLURAL = re.compile(r"哪些|哪[几两三四五六七八九十]|分别|\bwhat are\b|"
                     r"\b(?:which|what) (?:[a-z-]+ ){0,2}[a-z-]+[^su\W]s (?:did|do|does|are|were|have|has|had|will|can)\b|"
                     r"\bwhich (?!of (?:them|these|those)\b)(?:[a-z-]+ ){0,2}[a-z-]+[^su\W]s\b"
                     r"(?! (?:the|a|an|its|their|his|her|on|upon)\b)", re.I)


# A question that names a figure and asks when it held ("满意率达到98.86%,这是哪一年的数字")
# asks for a date, though its figure words would make it a number question.
_ASKS_PERIOD = re.compile(r"(?:哪个|哪一|什么|哪段)(?:时期|阶段|时段|时间段)|哪段(?:时间|期间)|"
                          r"\b(?:which|what) (?:period|phase of the plan)\b", re.I)
# "哪几个月" asks which months (7月份、8月份); "几个月" alone asks how many
_ASKS_MONTHS = r"哪[几两二三]个月"
_ASKS_DATE_ONLY = re.compile(r"何时|什么时候|哪一?年|哪[一几]?天|哪个月|几月|几号|几日|" + _ASKS_MONTHS + "|"
                             + _ASKS_PERIOD.pattern)
_ASKS_COUNT = re.compile(r"多少|(?<!哪)几(?![月号日])")


# "几个数字分别代表什么": what the figures stand for, not how many there are
_ASKS_MEANING = re.compile(r"代表(?:的是)?(?:什么|哪)|指的?(?:是)?什么")


def _kind(question: str, normalized: str, lang: str) -> str:
    if lang != "en" and _ASKS_DATE_ONLY.search(normalized) and not _ASKS_COUNT.search(normalized):
        return "date"
    if lang != "en" and _ASKS_MEANING.search(normalized):
        return "term"
    table, text = (_EN_TYPES, _relative_who_dropped(question)) if lang == "en" else (_ZH_TYPES, normalized)
    for kind, pattern in table:
        if pattern.search(text):
            return "sentence" if kind == "term" and _asks(question, normalized) else kind
    return "sentence"


_WH_EN = re.compile(r"\b(?:what|which|whom?|whose|when|where|how|why)\b", re.I)


def _relative_who_dropped(question: str) -> str:
    """The question without a relative "who" after the word that asks it: "At which police
    office is Wang Qian, the officer who helped…" asks for an office, not a person."""
    first = _WH_EN.search(question)
    if not first or first.group(0).lower().startswith("who"):
        return question
    return question[:first.end()] + re.sub(r"\bwho\b", " ", question[first.end():], flags=re.I)


def _asks(question: str, normalized: str) -> str:
    """"purpose", "result", "why", "means" or "how" when a question asks for an aim, what
    came of the work, a reason, what something signifies, or a method."""
    return next((name for name, pattern in _ASKS if pattern.search(normalized) or pattern.search(question)), "")


# Measure words that count the same kind of thing, so "多少个" accepts 91所 but not 15.49%.
_SAME_MEASURE = [("个", "所", "处", "家", "座", "项", "支", "辆"), ("起", "件", "宗"), ("人", "名", "位"), ("米", "公里", "千米"), ("份", "个", "件", "本"),
                 ("次", "场", "场次", "批", "期", "趟", "遍"), ("元", "万元", "亿元"), ("大类", "类")]


ROLES = re.compile(r"副?(?:局长|所长|书记|主任|队长|支队长|大队长|政委|院长|厅长|部长|市长|县长|记者|通讯员|民警|辅警|主席|社长|站长|警长)")
_PERSON_NOUN = re.compile(r"(?:犯罪)?(?:嫌疑人|人|民警|警察|警员|辅警|群众|干部|志愿者|网格员|学生|孩子|老人|专业人才|人才|逃犯|村民|居民)")


_EN_POSTMODIFIER = re.compile(r"\s+(?:involved|arrested|caught|detained|held|seized|who|that|responsible|working|serving|"
                              r"assigned|deployed|sent|stationed|living|taking|based|between|among|with|for|from|at|on|by|"
                              r"[a-z]{3,}ed)\b")     # "people attended the 512 events" counts people


def _units(question: str, normalized: str, lang: str = "") -> tuple[tuple[str, ...], bool]:
    """Acceptable units, preferred first, and whether no other unit can answer.

    A measure word written after 多少/几 ("多少起") is a requirement: "15.49%" does
    not answer "多少起". So is the English noun right after "how many", which Chinese
    writes as the measure word ("how many suspects" → 名/人, not 3次). Other hints from
    the question's nouns (案件 → 起, people → 人) are only preferences.
    """
    m = _MEASURE_AFTER_ASK.search(normalized)
    if m:
        unit = m.group(1)
        family = next((f for f in _SAME_MEASURE if unit in f), (unit,))
        if unit == "个" and _PERSON_NOUN.match(normalized, m.end()):
            family += ("人", "名", "位")       # "多少个嫌疑人": colloquial 个 counts people too
        return tuple(dict.fromkeys((unit,) + family)), True
    closed = _EN_FOCUS.search(question) if lang == "en" else None
    counted = closed or (_EN_COUNTED.search(question) if lang == "en" else None)
    if counted:
        # The head noun decides: "'car door pulling' thefts" counts thefts, not cars.
        # A participle may trail it: "suspects involved in ..." counts suspects.
        phrase = _EN_POSTMODIFIER.split(counted.group(1).lower())[0]
        words = re.findall(r"[a-z][a-z\-]*", phrase) or [""]
        # With no auxiliary to close the noun, the clause runs on to the question's end ("how
        # many members sit on the leading group"): the first word a unit is known for is the head.
        for head in words[-1:] if closed else words:
            for pattern, units, _ in _UNIT_HINTS:
                if units and pattern.search(head):
                    return units, True
    for pattern, units, required in _UNIT_HINTS:
        if pattern.search(normalized) or pattern.search(question):
            return units, required
    return (), False


def _months(question: str, normalized: str) -> tuple[int, ...]:
    found: set[int] = set()
    low = question.lower()
    for word, (a, b) in _QUARTERS.items():
        if word in normalized or word in low:
            found.update({a, b})
    for name, num in _EN_MONTHS.items():
        if re.search(rf"\b{name}\b", low):
            found.add(num)
    for m in re.finditer(r"(?<!\d)(\d{1,2})\s*(?:月|-\s*\d{1,2}\s*月|[、和至到~—–]\s*\d{1,2}\s*月)", normalized):
        found.add(int(m.group(1)))
        tail = re.findall(r"\d{1,2}", m.group(0)[len(m.group(1)):])
        found.update(int(t) for t in tail)
    for m in _ZH_MONTH_WORD.finditer(normalized):
        found.add(_ZH_NUM.get(m.group(1), 0))
    return tuple(sorted(x for x in found if 1 <= x <= 12))


@lru_cache(maxsize=1)
def pos_tagger():
    import jieba
    import jieba.posseg
    jieba.setLogLevel(60)
    return jieba.posseg


_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")


@lru_cache(maxsize=4096)
def asked_in_chinese(question: str) -> bool:
    """Whether a question is put in Chinese rather than English. An English question may
    quote the article's own term ("How many 'legal-savvy persons' (法律明白人)…") and is still
    read as English: its Chinese characters are few beside its Latin letters."""
    cjk = len(_CJK.findall(question))
    return cjk >= max(2, len(_LATIN.findall(question)) // 4)


@lru_cache(maxsize=20_000)
def tagged(text: str) -> tuple[tuple[str, str], ...]:
    """jieba part-of-speech tags of a text, cached: the same sentences (and the same stretches
    of them) come back for question after question, and tagging is the slowest step of
    extraction."""
    return tuple((w, f) for w, f in pos_tagger().cut(text))


def places_in(normalized: str, attested: frozenset[str] = frozenset()) -> tuple[tuple[str, ...], ...]:
    """Place names (see ``qa.places``), without 市/省/县 so 渭南 matches 渭南市."""
    names = dict.fromkeys(base for _, _, base in places_in_tagged(pos_tagger().cut(normalized), attested))
    return tuple(written_as(n) for n in names)


def _place_bases(terms, attested: frozenset[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(place_base(t) for t in terms
                               if len(t) >= 2 and places_in_tagged(pos_tagger().cut(t), attested)))


def _english_word(name: str) -> bool:
    """An English word (Dean, Long), not a name in pinyin that happens to spell a county."""
    import simplemma
    return all(simplemma.is_known(w, lang="en") for w in re.findall(r"[a-z]+", name.lower().removesuffix("'s")))


# a quoted name in an English question: 'Qin Eagle', "Cloud Sword" (not the ' of Weinan's or Ping'an)
_EN_QUOTED = re.compile(r"(?<![A-Za-z])['‘\"“]([^'’\"”]+?)['’\"”](?![A-Za-z])")


def english_places(question: str, attested: frozenset[str] = frozenset(),
                   romanized: Mapping[str, tuple[str, ...]] | None = None) -> tuple[tuple[str, ...], ...]:
    """Chinese spellings of the capitalised names in an English question that are places.

    Each run of capitalised words is looked up on its own ("Shaanxi", not "Shaanxi
    province", whose dictionary hits are rivers and counties *in* Shaanxi).
    """
    from .lexical import english_phrases, pinyin_key, spelled, starts_sentence
    groups = []
    quoted = [q.span() for q in _EN_QUOTED.finditer(question)]
    for m in re.finditer(r"(?<!^)\b[A-Z][a-z]+(?:[-'][a-z]+)?(?:\s+[A-Z][a-z]+)*", question):
        if starts_sentence(question, m.start()):
            continue            # a capital that only starts a sentence
        # "Huazhou" is 华州 in Weinan and 化州 in Guangdong: the one the articles name wins,
        # whether they write it (the pinyin of their own words) or mark it as a place.
        corpus_words = spelled(m.group(0), romanized)
        bases = tuple(w for w in corpus_words if w in attested) or _place_bases(corpus_words, attested)
        # a quoted name ('Qin Eagle', 秦鹰) names a place as the articles spell it or as a city's
        # pinyin, not through the dictionary's readings of its words (Qin → 沁县)
        spelled_only = any(a <= m.start() < b for a, b in quoted)
        if not bases and not spelled_only:
            translations = [t for _, ts in english_phrases(m.group(0)) for t in ts]
            bases = _place_bases(translations, attested)
            bases = tuple(b for b in bases if b in attested) or bases
            if corpus_words:        # the name the articles spell decides between the dictionary's:
                # "Wang Qian" is 汪倩, not the 乾县 of "Qian"; Pucheng is 蒲城, not Fujian's 浦城
                bases = tuple(b for b in bases if b in corpus_words) or tuple(
                    w for w in corpus_words if w in translations and place_base(w) in gazetteer())
        if not bases and not corpus_words and not _english_word(m.group(0)):
            bases = divisions_by_pinyin().get(pinyin_key(m.group(0)), ())   # a city the articles never name
        if bases and not any(b in GENERIC_PLACES for b in bases):
            groups.append(tuple(dict.fromkeys(w for b in bases for w in written_as(b))))
    return tuple(groups)


# --------------------------------------------------------------------------- focus
# Nouns that only restate the unit ("多少钱" → 元, "多少人" → 人): the unit check covers them.
_GENERIC_FOCUS = frozenset("钱 资金 经费 金额 人 人数 人员 数量 数 数字 总数 比例 比率 次数 时间 号码 多少 几 个 名 面积 长度 距离 重量 "
                           "百分之 百分比 左右 大约 总共 一共 共 累计 全部 今年 去年 目前 现在".split())
_NOUNISH = frozenset("n vn nz l i j an b nt g ng nl".split())   # not nr/ns: jieba tags 商洛 a name
_MEASURES = frozenset("个 名 起 件 位 人次 台次 次 所 家 处 项 条 场 户 元 万 亿 批 支 辆 座 张 本 笔 期 大类 类 宗 岁 米 公里 份 "
                       "平方公里 平方米 千米 公斤 千克 吨 亩".split())
GENERIC_PREDICATES = frozenset("是 有 为 达 达到 进行 开展 实现 完成 共有 拥有 涉及 包括 占 约 值".split())
_BOUNDARY = ("x", "u", "p", "c", "r", "d", "y", "e", "m", "f")
_SKIP_BEFORE_ASK = frozenset("是 有 为 达 达到 共 一共 总共 累计 了 约 大约 百分之 分别 还".split())
_WH = re.compile(r"^(?:多少|几)")
_EN_FOCUS = re.compile(r"\bhow (?:many|much)\s+(.+?)\s+(?:did|does|do|were|was|are|is|have|has|had|will|would|can|could|in|of)\b", re.I)
# What "how many" counts, when no auxiliary closes it: "How many people attended the 512 events?"
_EN_COUNTED = re.compile(r"\bhow (?:many|much)\s+(.+?)\s*(?:[?.]|$)", re.I)
_EN_GENERIC = frozenset("people person persons money funds fund number times time".split())


def _focus_zh(normalized: str) -> tuple[tuple[str, ...], ...]:
    """The noun phrase a count question counts: the nouns right after 多少/几 and its measure
    word, or else the nouns right before the predicate ("交通事故死亡人数下降了百分之多少").

    A figure whose clause names none of it counts something else — the look-alike a
    neighbouring figure makes (traffic deaths vs criminal cases).
    """
    toks = tagged(normalized)
    # not "那几次夜间巡查" (those few), which only points back: the count is asked later
    ask = next((i for i, (w, f) in enumerate(toks) if _WH.match(w)
                and not (w.startswith("几") and i and toks[i - 1][0][-1] in "那这近前最头")), None)
    if ask is None:
        return ()
    words: list[str] = []
    j = ask + 1
    glued = toks[j][0] if j < len(toks) else ""
    if len(glued) > 1 and glued[0] in _MEASURES and glued not in _MEASURES and glued[1] not in "有是为":
        # jieba glues the measure to the noun's first character ("多少名义警" → 名义|警):
        # the noun is read again without it
        at = sum(len(w) for w, _ in toks[:j])
        toks = (*toks[:j], (glued[0], "q"), *tagged(normalized[at + 1:]))
    while j < len(toks) and (toks[j][0] in _MEASURES
                           or (len(toks[j][0]) == 2 and toks[j][0][0] in _MEASURES and toks[j][0][1] in "有是为")):
        j += 1          # "多少处有隐患": jieba glues the measure to 有
    while j < len(toks) and not toks[j][1].startswith(_BOUNDARY):
        if toks[j][1] == "v" and any(f in _NOUNISH for _, f in toks[ask + 1:j]):
            break                           # a new predicate: "多少位打工者讨回了…"
        words.append(toks[j][0])          # jieba's tags are loose here (逃犯 v), so take all but grammar
        j += 1
    j = ask - 1
    while j >= 0 and toks[j][0] in _SKIP_BEFORE_ASK:
        j -= 1
    predicate = ""
    if j >= 0 and toks[j][0] in _GENERIC_FOCUS:
        j -= 1                              # "立案数是多少": 数 restates the count
    if j >= 0 and toks[j][1].startswith("v") and toks[j][1] != "vn":
        predicate = toks[j][0]            # 破获 vs 立案: solved is not filed
        j -= 1
    if not [w for w in words if w not in _GENERIC_FOCUS]:
        words = []
        while j >= 0 and (toks[j][1] in _NOUNISH or toks[j][0] in _GENERIC_FOCUS
                          or (toks[j][1] == "v" and j > 0 and toks[j - 1][1] in _NOUNISH and words)):
            words.insert(0, toks[j][0])
            j -= 1
    if predicate not in GENERIC_PREDICATES:
        words.append(predicate)
    return tuple((w,) for w in dict.fromkeys(words) if w not in _GENERIC_FOCUS and len(w) > 1)


_HAN_WORD = re.compile(r"[\u4e00-\u9fff]+")
_ADVERBIAL_NOUNS = frozenset("全员 全面 全部 全体 全力 全程 全年 全域".split())    # "哪项任务全员达标": 任务


def asked_head(normalized: str) -> str:
    """The noun a which/what-question names its answer by: "哪一种巡防" → 巡防, "哪项改革案例获评…"
    → 案例, "什么警务模式" → 模式. The article writes it after the answer's own words
    (警企联合巡防), so the answer reads whole with it."""
    toks = tagged(normalized)
    at = next((i for i, (w, f) in enumerate(toks) if f == "r" and (w.startswith("哪") or w == "什么")), None)
    if at is None:
        return ""
    j = at + 1
    if j < len(toks) and toks[j][1] == "m":
        j += 1                      # 哪 + 一种
    words: list[str] = []
    for word, flag in toks[j:]:
        named = any(f in _NOUNISH for _, f in toks[j:j + len(words)])
        if flag in ("x", "p", "f", "r") or (flag in ("v", "uj") and named) or word in _ADVERBIAL_NOUNS:
            break
        words.append(word)
    heads = [w for w in words if len(w) > 1 and _HAN_WORD.fullmatch(w)]
    return heads[-1] if heads else ""


def said_of_counted(normalized: str) -> tuple[str, ...]:
    """What a Chinese count question says of the things it counts, after naming them:
    "多少个集体立了一等功" → 一等功. A sentence that says it of another figure
    (…30个集体获表彰,4名个人立一等功) does not say it of the answer's."""
    toks = tagged(normalized)
    ask = next((i for i, (w, _) in enumerate(toks) if _WH.match(w)), None)
    if ask is None:
        return ()
    j = ask + 1
    while j < len(toks) and toks[j][0] in _MEASURES:
        j += 1
    nouns = 0
    while j < len(toks) and toks[j][1] in _NOUNISH:
        j, nouns = j + 1, nouns + 1
    if not nouns or j >= len(toks) or not toks[j][1].startswith("v"):
        return ()
    words = []
    for word, flag in toks[j:]:
        if flag == "x":
            break
        if len(word) > 1 and not flag.startswith(_BOUNDARY) and word not in GENERIC_PREDICATES \
                and word not in _GENERIC_FOCUS:
            words.append(word)
    return tuple(words)


def _focus_en(question: str) -> tuple[tuple[str, ...], ...]:
    """Chinese terms for the noun phrase after "how many"/"how much"."""
    m = _EN_FOCUS.search(question)
    if not m:
        return ()
    from .lexical import english_phrases
    phrase = " ".join(w for w in m.group(1).split() if w.lower() not in _EN_GENERIC)
    return tuple(tuple(terms) for _, terms in english_phrases(phrase) if terms) if phrase else ()


_DIMENSIONS = [("长", re.compile(r"多长(?!时间)|长度|\bhow long\b(?! (?:did|does|do|will|was|were)\b)|\blength\b", re.I)),
               ("宽", re.compile(r"多宽|宽度|\bhow wide\b|\bwidth\b", re.I)),
               ("高", re.compile(r"多高|高度|\bhow (?:high|tall)\b|\bheight\b", re.I)),
               ("深", re.compile(r"多深|深度|\bhow deep\b|\bdepth\b", re.I))]
ASKS_CHANGE = re.compile(r"增长|上升|下降|提高|提升|降低|减少|增加|增幅|降幅|变化|同比|环比|多了|少了|\b(?:increase|decrease|rise|rose|risen|drop|fall|fell|fallen|grow|grew|grown|decline|change)|\b(?:went|gone|go|goes) (?:up|down)\b", re.I)
# "为提高民警本领出台的规划,时间跨度是几年": a purpose, not a change asked about
_PURPOSE = re.compile(r"(?:为了?|旨在)[\u4e00-\u9fff]{0,3}?(?:提高|提升|增加|减少|降低)")
DIMENSION_WORDS = tuple(d for d, _ in _DIMENSIONS)
SCOPES = ("全国", "全省", "全市", "全县", "全区")
_EN_SCOPES = [("全国", re.compile(r"\bnation(?:wide|al(?:ly)?)\b|\bacross (?:the|china)\b(?= country| china|$)", re.I)),
              ("全省", re.compile(r"\bprovince[- ]wide\b|\b(?:across|throughout|in) the (?:whole |entire )?province\b", re.I)),
              ("全市", re.compile(r"\bcity[- ]wide\b|\b(?:across|throughout) the (?:whole |entire )?city\b", re.I))]


def _scope(question: str, normalized: str, lang: str) -> str:
    if lang == "en":
        return next((s for s, pattern in _EN_SCOPES if pattern.search(question)), "")
    found = [s for s in SCOPES if s in normalized]
    return found[0] if len(found) == 1 else ""


def _place_level(places: tuple[tuple[str, ...], ...]) -> str:
    """The level of the one place a question names: 渭南 is a city (全市), 富平 a county."""
    if len(places) != 1:
        return ""
    return next(filter(None, (scope_of(p) for p in places[0])), "")


_ORDINAL = re.compile(r"(?:第([一二三四五六七八九十\d]{1,3})|(首))(轮|批|届|次|期|阶段)")
_DIGITS = dict(zip("123456789", "一二三四五六七八九"))
_EN_ORDINALS = {w: n for n, w in zip("一二三四五六七八九十", "first second third fourth fifth sixth seventh eighth ninth tenth".split())}
_EN_COUNTERS = {"round": "轮", "batch": "批", "session": "届", "phase": "期", "stage": "阶段"}


_ITEM_ZH = re.compile(r"第([一二三四五六七八九十]{1,3}|\d{1,2})(?:项|条|点|位|个|步|大项)|(?:排(?:在|名)?|位列|位居|列)第([一二三四五六七八九十]{1,3}|\d{1,2})")
_FIRST_ITEM_ZH = re.compile(r"(?:打头|排头|居首|领头|(?:排在|位于|放在)?最前(?:面|头|边)?)的?(?:是)?(?:哪|什么)")
_LAST_ITEM_ZH = re.compile(r"(?:排在|位列|放在)?最后(?:的)?(?:一[条项个点步])?的?(?:是)?(?:哪|什么)|收尾的|压轴的")
_MIDDLE_ITEM_ZH = re.compile(r"(?:排在|位于|位居|放在)(?:正)?中间|居中的")
_MIDDLE_ITEM_EN = re.compile(r"\b(?:in the middle|middle (?:one|item|entry|point|measure|step|task))\b", re.I)
_EN_LIST_NOUNS = r"items?|points?|measures?|steps?|tasks?|priorit(?:y|ies)|initiatives?|entr(?:y|ies)|planks?"
_LAST_ITEM_EN = re.compile(r"\b(?:closes?|ends?|concludes?|finish(?:es)?)\s+(?:with|on)\b|\b(?:last|final|closing)\s+(?:\w+\s+)?"
                           r"(?:" + _EN_LIST_NOUNS + r")\b|\b(?:comes?|came|listed|placed|named|mentioned|given)\s+(?:last|final)\s*(?:[?.]|$)",
                           re.I)
_EN_ITEM_ORDINALS = {w: chinese_number(n) for w, n in _EN_ORDINALS.items()} | {"1st": 1, "2nd": 2, "3rd": 3} \
    | {f"{n}th": n for n in range(4, 21)}
_ITEM_EN = re.compile(r"\b(?P<a>" + "|".join(_EN_ITEM_ORDINALS) + r")\s+(?:\w+\s+){0,2}?(?:" + _EN_LIST_NOUNS + r"|"
                      r"things?|elements?|pillars?|parts?|calls?)\b|"
                      r"\b(?:comes?|came|ranks?|ranked|listed|placed|numbered|the)\s+(?P<b>" + "|".join(_EN_ITEM_ORDINALS) + r")\b(?=\s+(?:in|on|of|among)\b)|"
                      r"\b(?:comes?|came|listed|placed|named|mentioned|given)\s+(?P<c>" + "|".join(_EN_ITEM_ORDINALS) + r")\s*(?:[?.]|$)",
                      re.I)


@dataclass(frozen=True)
class Comparison:
    """A question that compares what a sentence lists: "哪一种的数量较多", "the smallest of the
    four drops", "较早的那件发生在什么时候"."""

    extreme: str        # "most" (largest, latest) or "least" (smallest, earliest)
    measure: str        # "figure" or "date"
    wants: str          # "item": which one; "value": its figure or date


_MOST_ZH = r"多|大|高|频繁|快|长|重"
_LEAST_ZH = r"少|小|低|慢|短|轻"
# 较多, 更大, 最高, 多一些; not 最大限度, 最高人民法院, 更多群众: the word ends the comparison
_COMPARED_ZH = re.compile(r"[较更最](?:(?P<most>" + _MOST_ZH + r")|(?P<least>" + _LEAST_ZH + r")|(?P<early>早|先)|(?P<late>晚|迟))"
                          r"(?=的?(?P<pick>那|是哪|是什么|是多少|为哪)|的?(?:[?？]|$|呢|一些|一点|,|，))")
_CHOICE_ZH = re.compile(r"哪|那[一件个笔次项类种批些]|谁")
_EN_MOST = r"larger|largest|bigger|biggest|higher|highest|greater|greatest|faster|fastest|longer|longest|more|most"
_EN_LEAST = r"smaller|smallest|fewer|fewest|lower|lowest|less|least|slower|slowest|shorter|shortest"
_COMPARED_EN = re.compile(r"\b(?:(?P<most>" + _EN_MOST + r")|(?P<least>" + _EN_LEAST + r")|(?P<early>earlier|earliest|sooner)|"
                          r"(?P<late>later|latest))\b(?!\s+(?:than|and)\b)"
                          r"(?!(?<=more|most|less)\s+of\b)(?!(?<=least)\s+of\b)", re.I)
_CHOICE_EN = re.compile(r"\bwhich\b|\b(?:what|how \w+) (?:was|is|were|are) the (?:" + _EN_MOST + "|" + _EN_LEAST + r"|earliest|latest)\b", re.I)
_EN_FIRST = re.compile(r"\bwhich\b.*\b(?:happen(?:ed)?|occur(?:red)?|heard|held|took place|beg[au]n|started|came)\b.*\bfirst\b", re.I)
_WANTS_VALUE_ZH = re.compile(r"多少|几(?![月号日类种项个方面])|什么时候|何时|哪一?年|哪[一几]?天|哪个月|几月|几号|日期")
_WANTS_VALUE_EN = re.compile(r"\bhow (?:many|much)\b|\bwhen\b|\b(?:what|which) (?:year|date|day|month)\b|\b(?:give|state) (?:that|the|its) "
                             r"(?:amount|figure|number|date|sum)\b|\b(?:two|three|four|five|six|\d+) (?:[\w-]+ ){0,3}"
                             r"(?:drops|rises|increases|decreases|falls|dates|figures|sums|amounts|rates|percentages|totals|counts)\b|"
                             r"\b(?:what|which) (?:was|is|were|are) the (?:" + _EN_MOST + "|" + _EN_LEAST + r"|earliest|latest)\s*\??$", re.I)


def comparison_asked(question: str, normalized: str, lang: str) -> Comparison | None:
    """What a question compares, when it asks for the largest, smallest, earliest or latest of
    what the articles list, or None."""
    english = lang == "en"
    m = _COMPARED_EN.search(question) if english else _COMPARED_ZH.search(normalized)
    if english and not m and _EN_FIRST.search(question):
        return Comparison("least", "date", "item")
    if not m or not (_CHOICE_EN.search(question) if english else _CHOICE_ZH.search(normalized) or m.group("pick")):
        return None
    extreme = "most" if m.group("most") or m.group("late") else "least"
    measure = "date" if m.group("early") or m.group("late") else "figure"
    value = _WANTS_VALUE_EN.search(question) if english else _WANTS_VALUE_ZH.search(normalized)
    return Comparison(extreme, measure, "value" if value else "item")


# The reverse of an item asked by its number: the number of an item the question names or
# describes. Rounds and batches (第几轮) are ordinals of events, not of a list.
_RANK_ZH = re.compile(r"第几(?:项|条|点|位|个|步|大项)|(?:排|位列|位居|列)(?:在|名|于)?第几(?![轮批届次期])")
_RANK_EN = re.compile(r"\b(?:which|what) (?:number|numbered (?:" + _EN_LIST_NOUNS + r"|things?|calls?|parts?))\b|"
                      r"\bwhat (?:number|position) (?:is|was|does|did) (?:it|this|that)\b|\bnumbered what\b", re.I)


def rank_asked(question: str, normalized: str, lang: str) -> bool:
    """Whether the question asks which number an item has in a numbered list ("是第几项",
    "排在第几点", "which number is given to…", "which numbered point")."""
    return bool(_RANK_EN.search(question) if lang == "en" else _RANK_ZH.search(normalized))


def item_asked(question: str, normalized: str, lang: str) -> int:
    """Which item of a numbered list the question asks for ("第三项", "排在第六位", "the ninth
    item", "comes ninth in", the last, the middle one), or 0. Rounds and batches (第二轮, first
    round) are qualifiers, not items: see ``ordinals_in``."""
    if lang == "en":
        m = _ITEM_EN.search(question)
        if m:
            return _EN_ITEM_ORDINALS[(m.group("a") or m.group("b") or m.group("c")).lower()]
        if _MIDDLE_ITEM_EN.search(question):
            return MIDDLE_ITEM
        return LAST_ITEM if _LAST_ITEM_EN.search(question) else 0
    # the last ordinal is the item; one before it places the list ("第二点列出的六个“不”里,排在第一个的")
    m = next(reversed(list(_ITEM_ZH.finditer(normalized))), None)
    if m:
        return chinese_number(m.group(1) or m.group(2))
    if _FIRST_ITEM_ZH.search(normalized):
        return 1
    if _MIDDLE_ITEM_ZH.search(normalized):
        return MIDDLE_ITEM
    return LAST_ITEM if _LAST_ITEM_ZH.search(normalized) else 0


_EN_SIZES = {w: n for n, w in enumerate("two three four five six seven eight nine ten".split(), 2)}
_LIST_SIZE_EN = re.compile(r"\b(?:of|among|from) (?:(?:the|its|their|these|those) )?['‘\"“]?("
                           + "|".join(_EN_SIZES) + r")\b", re.I)       # "Of the 'three major actions'"
_LIST_SIZE_ZH = re.compile(r"(?<![第\d一二三四五六七八九十两几])([两二三四五六七八九十]|\d{1,2})(?:项|个|条|点|大|种|类|方面)")


def _head_named(normalized: str, kind: str) -> str:
    """The noun a what-question names its answer by (``asked_head``); for a where-question only
    one right after its question word (哪个县公安局 asks for a 公安局, but 哪个城市的公安 for a city)."""
    if kind == "term":
        return asked_head(normalized)
    head = asked_head(normalized) if kind == "place" else ""
    return head if head and "的" + head not in normalized else ""


def list_size_asked(question: str, normalized: str, lang: str) -> int:
    """How many items the list a question picks from has, when it says so: "渭水四项工程…第二项"
    → 4, "Of the five angles…, which is listed first" → 5; 0 when it names no count, or several.
    A list of another length ("一是…十是" for four projects) is another list."""
    if lang == "en":
        sizes = [_EN_SIZES[m.group(1).lower()] for m in _LIST_SIZE_EN.finditer(question)]
    else:
        sizes = [chinese_number(m.group(1).replace("两", "二")) for m in _LIST_SIZE_ZH.finditer(normalized)]
    return sizes[0] if len(set(sizes)) == 1 and sizes[0] >= 2 else 0


def ordinals_in(text: str) -> tuple[str, ...]:
    """Ordinals with their counter in one spelling: 第1轮, 第一轮 and 首轮 → 第一轮."""
    out = []
    for m in _ORDINAL.finditer(text):
        number = "一" if m.group(2) else "".join(_DIGITS.get(c, c) for c in m.group(1))
        out.append(f"第{number}{m.group(3)}")
    return tuple(dict.fromkeys(out))


def _ordinals(question: str, normalized: str, lang: str) -> tuple[str, ...]:
    if lang != "en":
        return ordinals_in(normalized)
    found = re.findall(r"\b(" + "|".join(_EN_ORDINALS) + r")\s+(" + "|".join(_EN_COUNTERS) + r")(?:es|s)?\b", question.lower())
    return tuple(dict.fromkeys(f"第{_EN_ORDINALS[a]}{_EN_COUNTERS[b]}" for a, b in found))


_EN_ROLES = [(re.compile(r"\bdeputy (?:director|head|chief)\b", re.I), "副主任"),
             (re.compile(r"\bparty (?:secretary|chief)\b|\bsecretary\b", re.I), "书记"),
             (re.compile(r"\bmayor\b", re.I), "市长"),
             (re.compile(r"\b(?:reporter|journalist)s?\b", re.I), "记者"),
             (re.compile(r"\bcorrespondents?\b", re.I), "通讯员"),
             (re.compile(r"\b(?:police )?(?:bureau )?(?:director|commissioner)\b", re.I), "局长"),
             (re.compile(r"\b(?:station )?(?:chief|head) of (?:the )?[\w\s-]*police station\b|\bstation (?:chief|head)\b", re.I), "所长"),
             # "Who heads the department": any chief (局长, 厅长, 队长), but not a deputy.
             (re.compile(r"\bheads?\b|\bleads?\b|\bin charge\b|\bchief\b", re.I), "长")]


def role_asked(question: str, normalized: str, lang: str) -> str:
    """The office whose holder a "who" question asks for (局长, 副主任), in Chinese."""
    if lang == "en":
        return next((role for pattern, role in _EN_ROLES if pattern.search(question)), "")
    m = ROLES.search(normalized)
    if not m:
        return ""
    if m.group(0) in ("民警", "辅警"):
        # an officer is told apart by the unit or duty before the word: the 户籍民警 who came to
        # the door is not the 警务室民警 who sent for them
        words = tagged(normalized[:m.start()])
        if words and len(words[-1][0]) >= 2 and words[-1][1] in ("n", "nt", "nz", "vn"):
            return words[-1][0] + m.group(0)
    return m.group(0)


_COLLOQUIAL = [(re.compile(r"啥"), "什么"), (re.compile(r"咋"), "怎么")]


def standard_wording(normalized: str) -> str:
    """A normalised question with 甚么 (甚麼, the Taiwanese and Hong Kong spelling of 什麼,
    which OpenCC leaves as it is) written 什么, so "叫甚麼" asks what "叫什么" asks. One
    character for one: offsets into the question still hold."""
    return normalized.replace("甚么", "什么")


# Words for a rise or a fall, shared with extraction, which reads them in the articles.
RISE_WORDS = "上升|增长|提高|提升|增加|增幅"
FALL_WORDS = "下降|减少|降低|下滑|回落|降幅"
_UP = re.compile(RISE_WORDS + r"|涨|多了|\b(?:increase[sd]?|rise|rose|risen|grow|grew|grown)\b|\b(?:went|gone|go|goes) up\b", re.I)
_DOWN = re.compile(FALL_WORDS + r"|跌|少了|\b(?:decrease[sd]?|drop(?:ped)?|fall|fell|fallen|decline[sd]?)\b|\b(?:went|gone|go|goes) down\b", re.I)
_QUOTED = re.compile(r"[“「『\"]([^”」』\"]{2,30})[”」』\"]|《([^》]{2,40})》")


def direction_asked(question: str, normalized: str) -> str:
    up = bool(_UP.search(normalized) or _UP.search(question))
    down = bool(_DOWN.search(normalized) or _DOWN.search(question))
    return "up" if up and not down else "down" if down and not up else ""


# A case or campaign named by its date or number ('4.03', “12·18”): written the same in any language.
_QUOTED_CODE = re.compile(r"(?<![A-Za-z0-9.])['‘“\"「]((?:\d+[.·\-])+\d+)['’”\"」](?![A-Za-z0-9.])")


def quoted_names(normalized: str, question: str = "") -> tuple[str, ...]:
    """Chinese names in quotes (English quotes hold translations, not the article's words),
    numbers quoted as names (“5312”模式), and numbered names in quotes in either language."""
    names = [m.group(1) or m.group(2) for m in _QUOTED.finditer(normalized)]
    chinese = [n for n in names if re.search(r"[\u4e00-\u9fff]", n) or re.fullmatch(r"\d{3,}", n)]   # “5312”模式
    codes = [m.group(1) for m in _QUOTED_CODE.finditer(question or normalized)]
    return tuple(dict.fromkeys(chinese + codes))


# Asking what a name means or is made of: "「一都」指的是什么", "“三清三统一”具体是指哪几项",
# "“红”和“蓝”分别代表哪支力量"; in English, of a code name like '1+2+3+X'.
_EXPLAINS = re.compile(r"指的?是|指什么|代表(?:的是|什么|哪)|具体(?:是|指|包括|内容|有)|包括哪|包含哪|分别(?:是|指|叫|代表|来自)")
_EN_EXPLAINS = re.compile(r"\bstands? for\b|\bmean\b|\brefers? to\b", re.I)
_EN_CODE_NAME = re.compile(r"['‘\"“]([0-9a-z]+(?:\+[0-9a-z]+)+)['’\"”]", re.I)


# Between the name and the asking words: nothing, its head noun (「鼎新」工程具体包括), or the
# part of it asked about (“百千工程”中的“百”和“千”分别指); not "“破小案、暖民心”前面的三项行动",
# which asks for other things.
_EXPLAINED_GAP = re.compile(r"[”」』\"]?(?:[^,，。?？“”「」]{0,6}[中里]的[^,，。?？]{0,12}|[^,，。?？“”「」的]{0,4})[,，]?(?:具体)?")


def explained_names(question: str, normalized: str, lang: str, quoted: tuple[str, ...]) -> tuple[str, ...]:
    """The quoted names whose meaning or parts the question asks for, written right before the
    asking words: in "商洛「一都四区」建设中的「一都」指的是什么" both 一都四区 and 一都."""
    if lang == "en":
        return tuple(n.lower() for n in _EN_CODE_NAME.findall(question)) if _EN_EXPLAINS.search(question) else ()
    m = _EXPLAINS.search(normalized)
    if not m:
        return ()
    return tuple(n for n in quoted if (at := normalized.rfind(n, 0, m.start())) >= 0
                 and _EXPLAINED_GAP.fullmatch(normalized, at + len(n), m.start()))


_CATEGORY = re.compile(r"哪(?:一|几|两|[三四五六七八九十])?(?:个|家|所|些)?(街道|派出所|警务室|社区|分局|支队|大队|中队|公司|企业|学校|医院|小区|法院|检察院|电视台|电台|报社|银行)")
_EN_CATEGORY = [(re.compile(r"\bwhich (?:\w+ )?(?:sub-?district|street)\b", re.I), "街道"),
                (re.compile(r"\bwhich (?:\w+ )?police station\b", re.I), "派出所"),
                (re.compile(r"\bwhich (?:\w+ )?community\b", re.I), "社区"),
                (re.compile(r"\bwhich (?:\w+ )?(?:company|firm)\b", re.I), "公司"),
                (re.compile(r"\bwhich (?:\w+ )?(?:tv|television) (?:station|channel)\b", re.I), "电视台"),
                (re.compile(r"\bwhich (?:\w+ )?radio station\b", re.I), "电台")]


# A question for an administrative division by name; "在哪", "哪些地方" may ask for a setting
# ("根子扎在哪些地方") that no place name answers.
_ASKS_DIVISION = re.compile(r"哪[一几两三四五六七八九十]?[个座]?(?:地市|城市|市|县|区|省|镇|村)(?!民|委|级)|哪些(?:地市|城市|市|县|区)"
                            r"|\b(?:which|what) (?:city|county|district|province|town|village|cities|counties|districts)\b", re.I)


def _category(question: str, normalized: str, lang: str) -> str:
    """The kind of unit a "which" question names (街道, 派出所). Counties and cities are
    left to the place tagger: the articles often write them without 县 or 市."""
    if lang == "en":
        return next((c for pattern, c in _EN_CATEGORY if pattern.search(question)), "")
    m = _CATEGORY.search(normalized)
    return m.group(1) if m else ""


_PARTICLES = frozenset("被把将在的了是和与对给向从")


def _counted_noun(normalized: str) -> str:
    """The noun a count question counts, as the segmenter cuts it: "几个市捧回了" → 市,
    "几个地市入选" → 地市 (the first two characters would be 市捧)."""
    m = re.search(r"多少|几", normalized)
    if not m:
        return ""
    measure = _MEASURE_AFTER_ASK.match(normalized, m.start())
    start = measure.end() if measure else m.end()
    noun = ""
    for word, flag in pos_tagger().cut(normalized[start:start + 8]):
        if not re.fullmatch(r"[\u4e00-\u9fff]+", word) or (noun and not flag.startswith("n")):
            break
        noun += word
        if len(noun) >= 2 or flag.startswith("n"):
            break
    # the segmenter glues a particle to a one-character noun: "几个市被授予" cuts 市被
    return noun[:1] if noun[1:2] in _PARTICLES else noun[:2]


# "3002名犯罪嫌疑人中,有多少人…", "How many children were among the victims in the 11 cases…"
_PART_ZH = re.compile(r"(\d+(?:\.\d+)?)(?!\d|\s*[年月日号])\s*(?:万|亿)?(?:余|多)?[\u4e00-\u9fff]{1,3}[^,，。;；?？\d]{0,16}?(?:当中|之中|中|里)[,，]?[^,，。;；?？\d]{0,14}?\s*(?:有|共有)?\s*(?:多少|几)")
_PART_EN = re.compile(r"\b(?:among|of)\b[^?.]{0,40}?\b(\d[\d,]*(?:\.\d+)?)\b", re.I)


def part_asked(question: str, normalized: str, lang: str) -> str:
    """The figure a count question takes a part of, or "": "3002名犯罪嫌疑人中,有多少人被依法
    逮捕" asks how many of the 3002. Articles that give such a part say so (其中…); a figure
    listed beside the 3002 counts something else."""
    m = (_PART_EN.search(question) if "how many" in question.lower() else None) if lang == "en" \
        else _PART_ZH.search(normalized)
    figure = m.group(1).replace(",", "") if m else ""
    return "" if re.fullmatch(r"(?:19|20)\d\d", figure) else figure     # "of the 2023 cases": a year


_ALONE = re.compile(r"(?:仅|单|光|只)(?:是|在)?(?:\d{1,2}月|(?:19|20)\d{2}年)|月份?一个月|(?:19|20)\d{2}年一年|"
                    r"\b(?:(?:19|20)\d{2}|" + "|".join(_EN_MONTHS) + r")\s+alone\b", re.I)


def alone_asked(question: str, normalized: str, months: tuple[int, ...], years: tuple[str, ...]) -> bool:
    """Whether the question insists on one month or year ("仅8月份一个月", "in 2021 alone"):
    a figure the sentence gives for 7月份、8月份 together, or over 2021年至2024年, is not its."""
    return len(months) + len(years) == 1 and bool(_ALONE.search(normalized) or _ALONE.search(question))


# "破获的刑事案件里,电信诈骗案件占了多少起": the whole (…的刑事案件) and a kind of it (电信诈骗案件)
_SUBGROUP_ZH = re.compile(r"的([\u4e00-\u9fff]{2,10}?)(?:当中|之中|中|里)[,，]?([\u4e00-\u9fff]{2,16}?)(?:占了?|有|共有|是)?(?:多少|几)")
_SUBGROUP_FILLER = frozenset("的 有 占 了 共 一共 总共 是 其中 属于".split())


def subgroup_asked(normalized: str, lang: str) -> tuple[str, ...]:
    """The words that single out a kind of the things a count question counts among
    ("渭南破获的刑事案件里,电信诈骗案件占了多少起" → 电信, 诈骗), or (). The articles give
    the whole (破获刑事案件1378起) far more often than a kind of it; a figure answers only
    if its sentence names the kind."""
    if lang == "en":
        return ()
    m = _SUBGROUP_ZH.search(normalized)
    if not m:
        return ()
    whole, part = m.groups()
    head = whole[-2:]
    at = part.find(head)
    if at <= 0:
        return ()
    words = [w for w, _ in tagged(part[:at])]
    return tuple(w for w in words if w not in _SUBGROUP_FILLER and w not in whole and len(w) > 1)


# The office a named person holds: answered by the title written before the name.
_ASKS_POSITION = re.compile(r"(?:什么|何种?|哪个|哪种)(?:职务|职位|官职|头衔)|职务是|任何职|"
                            r"\b(?:what|which) (?:position|post|rank|job)\b(?! (?:of|for)\b)", re.I)    # not "what title did the cities receive"


def analyze_question(question: str, normalized: str, lang: str, known_places: frozenset[str] = frozenset(),
                     romanized: Mapping[str, tuple[str, ...]] | None = None) -> QuestionSpec:
    """``known_places``: the gazetteer names the articles use as places (``Index.places``);
    ``romanized``: the articles' words by pinyin (``Index.romanized``), for English names."""
    normalized = standard_wording(normalized)
    for pattern, standard in _COLLOQUIAL:       # "叫啥" asks what "叫什么" asks
        normalized = pattern.sub(standard, normalized)
    rank = rank_asked(question, normalized, lang)
    compare = comparison_asked(question, normalized, lang)
    kind = "number" if rank else _kind(question, normalized, lang)
    if compare and compare.wants == "value":
        kind = "date" if compare.measure == "date" else "number"
    elif compare and kind in ("number", "date"):
        kind = "term"       # "which rose faster" asks for the thing, not its figure
    units, required = _units(question, normalized, lang) if kind == "number" else ((), False)
    item = item_asked(question, normalized, lang) if kind in ("term", "sentence", "org", "place", "person") else 0
    years = tuple(dict.fromkeys(_YEAR.findall(normalized)))
    months = _months(question, normalized)
    periods = tuple(alts for pattern, alts in _PERIODS if pattern.search(normalized) or pattern.search(question))
    places = english_places(question, known_places, romanized) if lang == "en" else places_in(normalized, known_places)
    counted = _counted_noun(normalized) if kind == "number" else ""
    plural = bool(_PLURAL.search(question + " " + normalized))
    grain = ""
    if re.search(r"哪[一两二三]?天|几号|几日|日期|\bwhat date\b|\bwhich day\b|\bon what day\b|" + _SEVERAL_DAYS_EN,
                 normalized + " " + question.lower()):
        grain = "day"
    elif re.search(r"哪个月|几月|" + _ASKS_MONTHS + r"|\b(?:which|what) months?\b", normalized + " " + question.lower()):
        grain = "month"
    elif re.search(r"哪一?年|\bwhat year\b|\bwhich year\b", normalized + " " + question.lower()):
        grain = "year"
    elif _ASKS_PERIOD.search(normalized) or _ASKS_PERIOD.search(question):
        grain = "period"
    focus: tuple[tuple[str, ...], ...] = ()
    if kind == "number":
        focus = _focus_en(question) if lang == "en" else _focus_zh(normalized)
        named = [a for alts in places for a in alts]
        focus = tuple(g for g in focus if not any(a in t or t in a for t in g for a in named))
    dimension = "" if _DURATION.search(normalized) else \
        next((d for d, pattern in _DIMENSIONS if pattern.search(normalized) or pattern.search(question)), "")
    change = kind == "number" and any(ASKS_CHANGE.search(_PURPOSE.sub("", text)) for text in (normalized, question))
    quoted = quoted_names(normalized, question)
    return QuestionSpec(
        kind, units, required, years, months, periods, places, counted, plural,
        change=change,
        date_grain=grain, focus=focus, dimension=dimension if kind == "number" else "",
        scope=_scope(question, normalized, lang), place_level=_place_level(places), ordinals=_ordinals(question, normalized, lang),
        role=role_asked(question, normalized, lang) if kind == "person" else "",
        direction=direction_asked(question, normalized) if change else "",
        quoted=quoted,
        explained=explained_names(question, normalized, lang, quoted) if kind in ("term", "org", "person") else (),
        category=_category(question, normalized, lang) if kind in ("place", "org", "term") else "",
        asks=_asks(question, normalized) if kind == "sentence" else "",
        part_of=part_asked(question, normalized, lang) if kind == "number" else "",
        head=_head_named(normalized, kind) if lang != "en" else "",
        said_of=said_of_counted(normalized) if kind == "number" and lang != "en" else (),
        alone=alone_asked(question, normalized, months, years) if kind == "number" else False,
        subgroup=subgroup_asked(normalized, lang) if kind == "number" and not compare and not rank else (),
        item=item, list_size=list_size_asked(question, normalized, lang) if item or rank else 0,
        section=bool(_ASKS_SECTION.search(normalized) or _ASKS_SECTION.search(question)),
        division=kind == "place" and bool(_ASKS_DIVISION.search(normalized) or _ASKS_DIVISION.search(question)),
        position=kind in ("term", "org", "sentence") and bool(_ASKS_POSITION.search(normalized) or _ASKS_POSITION.search(question)),
        rank=rank, compare=compare)


def month_mentioned(text: str, month: int) -> bool:
    return re.search(rf"(?<!\d){month}\s*(?:月|[-—–~至到、]\s*\d{{1,2}}\s*月)", text) is not None \
        or re.search(rf"\d{{1,2}}\s*[-—–~至到、]\s*{month}\s*月", text) is not None
