"""Extraction stage: pick the answering sentence among retrieved passages, then the minimal span.

Sentence and span are scored together: a sentence wins when it is close to the question
(dense similarity), shares its rare terms (coverage), holds the kind of answer asked for
right next to the question's terms (slot), and agrees with the question's qualifiers
(year, months, period, place) — the last decides between look-alike figures.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np

from .alignment import (clause_end, clause_start, english_head, english_remainder, frame_span, head_phrase_span, item_start,
                        paired_span, set_aside_items, sets_aside, state_span, wh_context)
from .cleaning import normalize
from .comparisons import compared_span, rival_winner
from .enumerations import EVERY_ITEM, LAST_ITEM, MARKER_STYLES, MIDDLE_ITEM, item_numbered
from .index import Index, SentenceRef
from .lexical import content_words, english_lemmas, english_readings, figure_forms
from .quantities import (CHANGE_BEFORE, DATE, NUMBER, UNITS, change_figures, counted_after, counted_before,
                         figure_value, respective_list_start, stated_figures)
from .places import gazetteer, place_base, places_in_tagged, sibling_places
from .questions import (DIMENSION_WORDS, FALL_WORDS, GENERIC_PREDICATES, PHONE, RISE_WORDS, ROLES, SCOPES, Comparison,
                        QuestionSpec, asked_in_chinese, month_mentioned, ordinals_in, tagged)
from .records import Passage

_ASKED_ONLY_UNITS = ("级", "轮", "方面")
_DURATION_UNITS = ("年", "个月", "天", "周", "小时")
QUOTED = re.compile(r"[“\"「『]([^”\"」』]{1,30})[”\"」』]|《([^》]{1,40})》")
ORG = re.compile(r"[\u4e00-\u9fff]{2,14}?(?:公安局|分局|派出所|支队|大队|中队|委员会|政法委|法院|检察院|公安厅|办公室|警务室|司法所|中心)")
_ASKS_LOCATION = re.compile(r"在(?:哪里|哪儿|何地|何处|什么地方|哪[一个座]?(?:地方|市|县|区|镇|村|省))|\bwhere\b|\bin which\b", re.I)
_BODY = re.compile(r"[\u4e00-\u9fff]{2,14}?(?:领导小组|指挥部|部门)")     # bodies, never places
_CLAUSE_SPLIT = re.compile(r"[,，;；:：。!！?？]")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_YEAR_IN_TEXT = re.compile(r"(?<!\d)(?:19|20)\d{2}(?=\s*年|-\d)")


@dataclass(frozen=True)
class Terms:
    """The question's content terms as groups of alternative spellings with IDF weights.

    A Chinese word is its own group; an English phrase's group holds its Chinese
    translations, any one of which counts as a match.
    """

    groups: tuple[tuple[str, ...], ...]
    weights: tuple[float, ...]
    aside: tuple[tuple[str, ...], ...] = ()     # an English question's set-aside phrases, in Chinese (``Query.aside``)

    @property
    def total(self) -> float:
        return sum(self.weights)


@dataclass(frozen=True)
class Span:
    start: int              # offsets into the sentence
    end: int
    fit: float              # 1 exactly the kind asked for … 0 the sentence holds no such thing
    slot: float             # share of the question's terms right around the span (same clause)
    compared: bool = False  # the winner of a comparison the question asks for (see ``comparisons``)


@dataclass(frozen=True)
class ScoredSentence:
    ref: SentenceRef
    text: str               # the article's own characters
    normalized: str
    score: float
    dense: float
    coverage: float
    qualifier_ok: float     # 1 qualifiers in the sentence … 0 a qualifier contradicted or absent
    passage: int            # rank of the best candidate passage holding it
    span: Span
    key_term: float = 1.0   # the question's rarest term: 1 in the answer's clause, 0.5 in the sentence, 0 absent
    focus: float = 1.0      # share of what the question counts named beside the answer (1 when it names nothing)
    factless_lead: float = 0.0  # how far a sentence without the asked fact outscored this one before demotion


# --------------------------------------------------------------------------- terms

QUESTION_WORDS = frozenset("多少 几 什么 哪 哪些 哪个 哪里 谁 何时 如何 怎么 怎样 为什么 是否 吗 呢 请问 介绍 有关 关于 "
                            "分别 一共 总共 多大 目前 现在 期间 其中 通过 进行 开展 情况 方面 哪位 名字 名称 叫 叫做 "
                            "数量 数字 人数 多长 多久".split())


def _idf(index: Index, df: int) -> float:
    """BM25's inverse document frequency over the index's passages."""
    n = max(len(index.passages), 1)
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


def question_terms(index: Index, normalized_question: str, spec: QuestionSpec,
                   english_groups: tuple[tuple[str, ...], ...] = ()) -> Terms:
    """Weighted term groups for coverage and slot scores.

    Dropped: terms found in no passage (they carry no evidence), single characters
    (年, 起, 中: grammar more than content), the unit a Chinese question asks its figure in
    (公里 says what kind of answer is wanted, not what it is about: "长江全长多少公里" shares
    nothing with "巡查油气管道2300公里"; an English question's noun is both, "vehicle trips"
    → 台次, so its bridged terms stay), and the qualifiers — a place or year is checked by
    ``qualifier_agreement`` at sentence, paragraph and article level instead, since an
    article about 商洛 rarely repeats the name in every sentence.
    """
    qualifiers = [a for alts in spec.places for a in alts] + list(spec.years)
    text = normalized_question
    for q in sorted(qualifiers, key=len, reverse=True):     # 渭南市 → no stray "南市" term
        text = re.sub(re.escape(q) + r"[市省县区年]?", " ", text)
    groups = english_groups or tuple((w,) for w in content_words(text)
                                     if w not in QUESTION_WORDS and len(w) > 1 and w not in spec.units)
    groups = tuple(g for g in groups if not any(q in t or t in q for t in g for q in qualifiers)) or groups
    kept, weights = [], []
    for group in groups:
        dfs = [index.lexical.doc_freq(t) for t in group]
        present = [t for t, df in zip(group, dfs) if df > 0]
        if not present:
            continue
        # A group matches where any of its terms does, so it is as common as its most
        # common term: an English word's rare alternative translation must not make
        # the word itself look rare.
        kept.append(tuple(present))
        weights.append(_idf(index, max(dfs)))
    return Terms(tuple(kept), tuple(weights))


def coverage(normalized: str, terms: Terms) -> float:
    """Share of the question's weighted term groups found in ``normalized``."""
    if not terms.total:
        return 0.0
    return sum(w for g, w in zip(terms.groups, terms.weights) if any(t in normalized for t in g)) / terms.total


# --------------------------------------------------------------------------- qualifiers

def _paragraph(text: str, start: int, end: int) -> str:
    """The sentence's paragraph plus the one before it: news articles often state the year
    or place in a lead paragraph and list the figures in the next. A line is a paragraph
    (some sources leave no blank line between them; a heading or "一是…" item is one too)."""
    a = text.rfind("\n", 0, start)
    if a > 0:
        a = text.rfind("\n", 0, len(text[:a].rstrip()))
    b = text.find("\n", end)
    return text[a + 1 if a >= 0 else 0: b if b >= 0 else len(text)]


def qualifier_agreement(index: Index, ref: SentenceRef, spec: QuestionSpec) -> float:
    """1.0 when every qualifier is in the sentence, less when only in its paragraph or the
    article's header, little when only elsewhere in the article, 0.0 when absent or
    contradicted (the sentence gives another year): a figure for another year or place
    is not an answer."""
    if not (spec.years or spec.months or spec.periods or spec.places or spec.ordinals or spec.quoted):
        return 1.0
    art = index.articles[ref.source]
    norm = index.normalized[ref.source]
    sent = norm[ref.start:ref.end]
    para = _paragraph(norm, ref.start, ref.end)
    header = _header(art)
    checks = []
    for year in spec.years:
        other_year = any(y != year for y in _YEAR_IN_TEXT.findall(sent)) and year not in sent
        checks.append(0.0 if other_year else _where(lambda t: year in t, sent, para, header, norm, elsewhere=0.2))
    for month in spec.months:
        checks.append(_where(lambda t: month_mentioned(t, month), sent, para, header, norm, elsewhere=0.6))
    for alts in spec.periods:
        checks.append(_where(lambda t: any(a in t for a in alts), sent, para, header, norm, elsewhere=0.7))
    for ordinal in spec.ordinals:   # 第一轮 asked, 第二轮 given
        counter = ordinal[-1]
        other = any(o != ordinal and o.endswith(counter) for o in ordinals_in(sent + para)) and ordinal not in ordinals_in(sent)
        checks.append(0.0 if other else _where(lambda t: ordinal in ordinals_in(t), sent, para, header, norm, elsewhere=0.5))
    for name in spec.quoted:        # 「平安金鼎」 asked, only 平安银鼎 given
        checks.append(_where(lambda t: mentions(t, name) or numbered_list(t, name) is not None,
                             sent, para, header, norm, elsewhere=0.5))
    for alts in spec.places:        # a place named only far away: the article is about somewhere else
        checks.append(_where(lambda t: any(a in t for a in alts), sent, para, header, norm, elsewhere=0.1))
    return min(checks)


def mentions(text: str, name: str) -> bool:
    """``text`` names ``name``, perhaps shortened: 「陕西公安暖心警务会客厅」 is named by
    暖心警务会客厅 (most of it, at least four characters, in one piece), 「夏季行动」 by
    夏季治安打击整治行动 (head and tail, close together), but 「平安金鼎」 is not named by 平安银鼎."""
    if name in text:
        return True
    k = max(4, math.ceil(0.6 * len(name)))
    if any(name[i:i + k] in text for i in range(len(name) - k + 1)):
        return True
    # An abbreviation keeps the head and the tail of the full name: 夏季行动 for 夏季治安打击整治行动.
    if len(name) >= 4:
        head, tail = name[:2], name[-2:]
        for m in re.finditer(re.escape(head), text):
            if text.find(tail, m.end(), m.end() + 2 * len(name)) >= 0:
                return True
    return False


_COUNTS = {c: i for i, c in enumerate("一二三四五六七八九十", 1)} | {"两": 2}
_NUMBERED_NAME = re.compile(r"^([一二两三四五六七八九十])个?([\u4e00-\u9fff]{1,2})$")


def numbered_list(text: str, name: str) -> tuple[int, int] | None:
    """Where ``text`` spells out the items a numbered name stands for: “四不” ↔
    不掩饰、不纵容、不嫌弃、不放弃, “三个零” ↔ 零容忍、零盲区、零懈怠 — as many items as the
    name counts, each opening with the name's word. Slogans like these are named in one
    article and spelled out in another, or only spelled out; a question asking for them
    (哪“四不”, “三见警”…见哪三样) is answered by the items."""
    m = _NUMBERED_NAME.match(name)
    if not m and name[:1] in _COUNTS and name[1:2] not in _COUNTS:
        return _quoted_parts(text, _COUNTS[name[0]])
    if not m or m.group(2)[0] in _COUNTS:
        return None                     # 十四五 is a period, not a list
    word, more = re.escape(m.group(2)), _COUNTS[m.group(1)] - 1
    item = rf"{word}[^、,，;；。:：“”「」\s]{{1,6}}(?![^、,，;；。:：“”「」\s])"
    run = re.search(rf"(?<!、){item}(?:[、,，]{item}){{{more}}}(?![、,，]{word})", text)
    if run is None and len(m.group(2)) == 2:
        return _items_ending_in(text, m.group(2), more + 1)
    return run.span() if run else None


def _quoted_parts(text: str, count: int) -> tuple[int, int] | None:
    """A quotation made of exactly ``count`` parts joined by + or 、: “三路督导” ↔
    “党委成员下沉督+牵头警种指导督+督察支队专项督”."""
    for m in QUOTED.finditer(text):
        inner = m.group(1) or m.group(2)
        parts = re.split(r"[+＋、]", inner)
        if len(parts) == count and all(len(p) >= 2 for p in parts):
            return m.start(1 if m.group(1) else 2), m.end(1 if m.group(1) else 2)
    return None


def _items_ending_in(text: str, noun: str, count: int) -> tuple[int, int] | None:
    """A list of exactly ``count`` items each ending in ``noun``: “两个清单” ↔ 问题清单、整改清单.
    The first item is cut to the length of the others (a parallel list keeps one length), so
    the verb or preposition before it stays out: 以问题清单 → 问题清单."""
    for clause in re.finditer(r"[^,，;；。:：“”「」《》\s]+", text):
        segments = clause.group(0).split("、")
        if len(segments) != count:
            continue
        *whole, last = segments
        cut = last.find(noun)
        if not all(s.endswith(noun) and len(s) > len(noun) for s in whole) or not 0 < cut <= 6:
            continue
        items = whole[1:] + [last[:cut + len(noun)]]
        first = min(len(whole[0]), max(len(i) for i in items))
        start = clause.start() + len(whole[0]) - first
        return start, clause.start() + len(clause.group(0)) - len(last) + cut + len(noun)
    return None


@lru_cache(maxsize=4096)
def _header(article) -> str:
    """An article's title, subtitle, date and source, normalised once, not per sentence."""
    return normalize(" ".join((article.title, article.subtitle, article.date, article.source)))


NEAR = 0.95     # the lead paragraph or the headline names it: news states place and year once, up front


def _where(found, sent: str, para: str, header: str, article: str, elsewhere: float) -> float:
    if found(sent):
        return 1.0
    if found(para) or found(header):
        return NEAR
    return elsewhere if found(article) else 0.0


# --------------------------------------------------------------------------- span candidates

COUNTED_BONUS = 2.0
_NAME_CHARS = 12     # a quotation this short, marks included, is a name, not reported speech


def _counts_named_thing(rest: str, question_norm: str) -> bool:
    """Whether a figure inside a quoted name counts what the question asks about: "一共包含几项
    举措" ↔ “十项举措” counts the 举措 the name goes on to say (and the question says too)."""
    return any(rest[k:k + 2] in question_norm for k in range(len(rest) - 1) if _HAN.match(rest[k]))


def _number_candidates(norm: str, spec: QuestionSpec, question_norm: str = "") -> list[tuple[int, int, float]]:
    out = []
    names = [q.span() for q in QUOTED.finditer(norm) if q.end() - q.start() <= _NAME_CHARS]
    # A question about a change is answered by a change ("同比上升10.5%、9.1%"), not by the
    # level it changed ("破获刑事案件5.5万余起"), wherever the sentence gives one.
    changes = change_figures(norm) if spec.change else ()
    ordinal_asked = bool(re.search(r"第(?:几|多少)", question_norm))
    stated = stated_figures(question_norm)
    for m in NUMBER.finditer(norm):
        s, e = m.span()
        inside = next((b for a, b in names if a < s and e < b), None)
        if inside is not None and not _counts_named_thing(norm[e:inside - 1], question_norm):
            continue        # “三个年”, “4.03”团伙: a number inside a short quoted name is part of it
        text = m.group(0).removesuffix("左右")       # "1米左右": the unit is 米
        if text.endswith(_ASKED_ONLY_UNITS) and not any(text.endswith(u) for u in spec.units):
            continue        # 三级, 第二轮: a figure only when the question asks 几级, 第几轮
        head = m.group(1)
        if not head[0].isdigit():
            if head in ("一",) or not re.search(rf"(?:{UNITS})$", text):
                continue     # 一条, 一个: "one road", rarely an answer; bare 三 never
        nxt = norm[e:e + 1]
        ordinal = norm[max(0, s - 1):s] == "第"
        if ordinal and ordinal_asked:
            s -= 1          # "第几轮" is answered by 第二轮
        elif re.fullmatch(r"\d{4}年?|\d{1,2}月", text) or nxt in "月日号" or ordinal or norm[max(0, s - 1):s] in ("-", "—", "~"):
            continue        # a date or an ordinal, not a figure
        elif ordinal_asked:
            continue
        if text in question_norm or round(figure_value(text) or -1.0, 6) in stated:
            continue        # the question states this figure ("那条4米宽道路有多长", "the 512 events")
        if spec.dimension and _other_dimension(norm, s, e, spec.dimension):
            continue        # "宽1米" does not answer "有多长"
        if not spec.change and CHANGE_BEFORE.search(norm[max(0, s - 4):s]):
            continue        # "同比减少2331件" is a change, not how many there are
        if changes and s not in changes:
            continue
        if spec.direction and _moves_against(norm, s, spec.direction):
            continue        # "同比上升15.49%" does not answer "下降了多少"
        if spec.units == (PHONE,):
            if len(re.sub(r"\D", "", text)) < 7:
                continue    # a phone number is a long digit string
            fit = 1.0
        elif spec.units:
            if any(text.endswith(u) for u in spec.units):
                fit = 1.0 if text.endswith(spec.units[0]) or len(spec.units) > 2 else 0.9
            elif text.endswith("个") and "名" in spec.units and _PERSON_AFTER.match(norm, e):
                fit = 0.9           # "136个派出所所长": colloquial 个 counts people too
            elif spec.unit_required:
                continue
            else:
                fit = 0.5
        else:
            fit = 0.8 if re.search(rf"(?:{UNITS})$", text) else 0.6
        if spec.dimension and norm.startswith(spec.dimension, e):
            e += len(spec.dimension)        # "4米宽" for "有多宽": the dimension labels the figure
        if text.endswith(_DURATION_UNITS) and (since := re.match(r"以?来", norm[e:e + 2])):
            e += since.end()                # "5年来": over the last five years, the span says so
        if spec.counted and norm.startswith(spec.counted, e):
            # "几个地市" is answered by "三个地市" over "共有90个" with the same unit (the
            # span's fit stays ≤ 1); a one-character noun reads as part of the figure: 2个市
            e += len(spec.counted) if len(spec.counted) == 1 else 0
            fit += COUNTED_BONUS
        out.append((s, e, fit))
    return out


# people counted with 个 ("136个派出所所长"): an office or a person noun right after the figure
_PERSON_AFTER = re.compile(r"[\u4e00-\u9fff]{0,4}?(?:所长|局长|队长|书记|主任|站长|警长|民警|辅警|干部|嫌疑人|群众|志愿者|网格员)")


_RESPECTIVELY = re.compile(r"分别(?:为|是|达到?|上升|下降|增长|减少|提高|降低|增加|同比上升|同比下降)?了?")
_LIST_SPLIT = re.compile(r"[、和及与]|(?<=[\d起件个人名次%])[,，]")


def respective_figure(norm: str, question_norm: str,
                      places: tuple[tuple[str, ...], ...] = ()) -> tuple[int, int] | None:
    """The figure paired with the item the question names, when a sentence gives figures
    "respectively": "刑事类、治安类警情和刑事立案数同比分别下降10.98%、8.5%、61.3%…" answers
    the 治安类 question with 8.5%; "破获刑事案件5.5万余起、查处治安案件17.1万余起,同比分别上升
    10.5%、9.1%" answers the 治安案件 one with 9.1%. The items are read back from 分别 over its
    clause, or the clause before when its own holds no list; a date standing alone (7月份) is
    no item. None when the question names no item more than the others."""
    m = _RESPECTIVELY.search(norm)
    if not m:
        return None
    figures = []
    at = m.end()
    while (f := NUMBER.match(norm, at)) and f.group(1)[0].isdigit():
        figures.append(f.span())
        sep = re.match(r"[、和及]", norm[f.end():f.end() + 1])
        if not sep:
            break
        at = f.end() + 1
    if len(figures) < 2:
        return None
    start = respective_list_start(norm, m.start())
    # what all items share (the date, place and scope the list opens with) tells none apart
    context = re.compile("|".join([DATE.pattern, "全(?:市|省|县|区|国)"] + [re.escape(p) for alts in places for p in alts]))
    parts = [context.sub(" ", piece) for piece in _LIST_SPLIT.split(norm[start:m.start()])]
    parts = [p for p in parts if _CONTENT_CHAR.search(p)]
    if len(parts) < 2:
        return None

    def said(part: str) -> set[str]:
        return {part[i:i + 2] for i in range(len(part) - 1) if part[i:i + 2] in question_norm}
    shared = set.intersection(*(said(p) for p in parts))
    scores = [len(said(p) - shared) for p in parts]
    best = max(scores)
    if best == 0 or scores.count(best) > 1:
        return None
    k = scores.index(best)
    return figures[k] if k < len(figures) else None


_DATE_RUN_SEP = re.compile(r"\s*[、和及与]\s*")
_PAIRED_AFTER = re.compile(r"^(?:在|于|的)?")


def _date_run(norm: str, first: tuple[int, int]) -> list[tuple[int, int]]:
    """The dates joined by 和 or 、 from date ``first`` on: 7月2日和7月26日."""
    dates = [first]
    while (sep := _DATE_RUN_SEP.match(norm, dates[-1][1])) and (nxt := DATE.match(norm, sep.end())):
        dates.append(nxt.span())
    return dates


def respective_date(norm: str, question_norm: str, terms: Terms) -> tuple[int, int] | None:
    """The date paired with the event the question names, when a sentence gives dates and
    events in the same order: "先后于7月2日和7月26日在市委常委会和政府常务会上听取了汇报"
    answers "市委常委会是哪天听取汇报的" with 7月2日. The events are read from the words right
    after the dates, split as many ways as there are dates; the one the question names more
    (its words, or for an English question its bridged terms) picks its date. None when the
    question names none of them more than the others."""
    for m in DATE.finditer(norm):
        dates = _date_run(norm, m.span())
        if len(dates) < 2:
            continue
        after = norm[dates[-1][1]:clause_end(norm, dates[-1][1])]
        after = after[_PAIRED_AFTER.match(after).end():]
        parts = re.split(r"[、和及与]", after)
        if len(parts) != len(dates):
            continue
        last = ""
        for word, flag in tagged(parts[-1]):
            if flag[0] in "vfpuc" and last:
                break
            last += word
        parts[-1] = last
        if asked_in_chinese(question_norm):
            scores = [sum(part[i:i + 2] in question_norm for i in range(len(part) - 1)) for part in parts]
        else:
            scores = [sum(any(t in part for t in g) for g in terms.groups) for part in parts]
        best = max(scores)
        if best > 0 and scores.count(best) == 1:
            return dates[scores.index(best)]
    return None


_RISE = re.compile(RISE_WORDS + "|增")
_FALL = re.compile(FALL_WORDS + "|降")


def _moves_against(norm: str, start: int, direction: str) -> bool:
    """The last change word in the figure's clause before it goes the other way."""
    before = _CLAUSE_SPLIT.split(norm[:start])[-1]
    rise = max((m.end() for m in _RISE.finditer(before)), default=-1)
    fall = max((m.end() for m in _FALL.finditer(before)), default=-1)
    if rise == fall:
        return False
    return (rise > fall) != (direction == "up")


def _other_dimension(norm: str, start: int, end: int, asked: str) -> bool:
    """The figure is labelled with another dimension than the one asked: 宽1米, 1米宽."""
    near = norm[max(0, start - 2):start] + norm[end:end + 1]
    return asked not in near and any(d in near for d in DIMENSION_WORDS if d != asked)


# A five-year plan's period (“十四五”期间, 十三五以来) answers "哪个时期", "when" a little less
# well, and 哪一年 or 哪一天 not at all; the question's own period is a qualifier, not an answer.
_PLAN_PERIOD = re.compile(r"[“\"「]?十[一二三四五六七八九]五[”\"」]?(?:期间|以来|时期)?")


_TIME_OF_DAY = re.compile(r"凌晨|清晨|早上|早晨|上午|中午|下午|傍晚|晚上|深夜|夜间")


def _date_candidates(norm: str, grain: str = "", question_norm: str = "") -> list[tuple[int, int, float]]:
    out = [(m.start(), m.end(), 1.0 if grain == "period" else 0.8) for m in _PLAN_PERIOD.finditer(norm)
           if grain in ("period", "") and re.search(r"十.五", m.group(0)).group(0) not in question_norm]
    for m in DATE.finditer(norm):
        text = m.group(0)
        has_day = "日" in text or text.count("-") == 2
        has_month = "月" in text or "-" in text
        # a date without the part asked for is no answer: "哪一年" ↛ 4月12日, "哪个月" ↛ 今年
        if grain == "day":
            fit = 1.0 if has_day else 0.0
        elif grain == "month":
            fit = 1.0 if has_month else 0.0
        elif grain == "year":
            fit = 1.0 if "年" in text or re.match(r"\d{4}", text) else 0.0
        elif grain == "period":
            fit = 0.4
        else:
            fit = 1.0
        hour = _TIME_OF_DAY.match(norm, m.end()) if not grain and "日" in text else None
        out.append((m.start(), hour.end() if hour else m.end(), fit))    # "when": 3月3日凌晨
    if not grain:       # "是什么时候的事" ↔ 近日,…: the only time a report gives, less sure than a date
        out += [(m.start(), m.end(), _RELATIVE_TIME_FIT) for m in _RELATIVE_TIME.finditer(norm)
                if m.group(0) not in question_norm]
    return out


_UNTIL_ASKED = re.compile(r"(?:到|至|截至|截止到?)(?:什么时候|何时|哪天|哪一天|几月|哪个月|什么时间)")
_UNTIL = re.compile(r"[至到]$")
_WHEN_ASKED = re.compile(r"(?:什么时候|何时|什么时间)(?:将|要|会|能)?([\u4e00-\u9fff]{2})")
_EVENT_GAP = re.compile(r"(?:起|前|将|要|会|就)?")


def _dated_event(norm: str, cands: list[tuple[int, int, float]], question_norm: str) -> tuple[int, int] | None:
    """The date a Chinese question's own wording places: the end of a range it asks until
    ("一直要搞到什么时候" ↔ 从4月起至5月底开展 → 5月底), or the one its event follows at once
    ("什么时候全面验收" ↔ 明年年底全面验收). None when no date is placed so."""
    if _UNTIL_ASKED.search(question_norm):
        until = [(s, e) for s, e, fit in cands if fit > 0 and _UNTIL.search(norm[:s])]
        if len(until) == 1:
            return until[0]
    event = _WHEN_ASKED.search(question_norm)
    if event:
        placed = [(s, e) for s, e, fit in cands
                  if fit > 0 and norm.startswith(event.group(1), _EVENT_GAP.match(norm, e).end())]
        if len(placed) == 1:
            return placed[0]
    return None


_RELATIVE_TIME = re.compile(r"近日|日前|近期|目前|当前|眼下")
_RELATIVE_TIME_FIT = 0.7


def _extend_name(norm: str, start: int, end: int) -> int:
    """jieba often cuts a three-character name after two (杨民|全说): take the third
    character when what follows it is a speech verb or punctuation."""
    if end - start == 2 and end < len(norm) and "\u4e00" <= norm[end] <= "\u9fff" and norm[end] not in "说讲表称介指认等和及与在":
        after = norm[end + 1:end + 3]
        if after[:1] in ",，。、;；:：" or after.startswith(("说", "表示", "介绍", "讲", "告诉")):
            return end + 1
    return end


def _holds_role(before: str, role: str) -> bool:
    """The role stands right before the name, and as asked: a 副主任 is not the 主任, and
    "长" (any chief, from English "heads") is no 副局长."""
    if role == "长":
        held = [m.group(0) for m in ROLES.finditer(before)]
        return bool(held) and held[-1].endswith("长") and not held[-1].startswith("副")
    at = before.rfind(role)
    if at < 0:
        return False
    return role.startswith("副") or not before[:at].endswith("副")


def _quoted_at(norm: str, pos: int) -> bool:
    """Whether ``pos`` falls inside a quoted name (“四联调解 分类施策”): a method's or
    campaign's name, whose words are no person's."""
    return any(m.start() < pos < m.end() for m in QUOTED.finditer(norm))


def _name_candidates(norm: str, kind: str, spec_role: str,
                     attested: frozenset[str] = frozenset()) -> list[tuple[int, int, float]]:
    """Names of the asked kind; for places, ``attested`` are the gazetteer names the articles
    use as places (``Index.places``), found where jieba tags them otherwise (白水“交所合一”)."""
    tags = {"person": ("nr",), "place": (), "org": ("nt",)}[kind]   # jieba's ns takes 安宁, 包联 for places
    out, end = [], 0
    for word, flag in tagged(norm):
        pos, end = end, end + len(word)
        if flag in tags and len(word) >= 2:
            if kind == "person" and (word in attested or word in gazetteer() or _quoted_at(norm, pos)):
                continue        # jieba tags some counties as names: 蒲城 is no ringleader, nor 施策 in “分类施策”
            stop = _extend_name(norm, pos, end) if kind == "person" else _extend_body(norm, end) if kind == "org" else end
            if kind == "org":
                pos, stop = _whole_unit(norm, pos, stop, attested)
            if kind == "person" and stop - pos >= 3 and norm[stop - 1] in "说讲":
                stop -= 1          # jieba sometimes tags "杨民全说" as one name
            if spec_role and not _holds_role(norm[max(0, pos - 8):pos], spec_role):
                continue        # "局长是谁": a name given with another role is not the answer
            out.append((pos, stop, 1.0))
    if kind == "place":     # gazetteer names and suffixed places, whatever jieba tags them
        out += [(a, b, 1.0) for a, b, _ in places_in_tagged(tagged(norm), attested)]
    if kind in ("org", "place"):
        out += [(m.start(), m.end(), 0.9 if kind == "org" else 0.6) for m in ORG.finditer(norm)]
    if kind == "org":
        out += [(m.start(), m.end(), 0.9) for m in _BODY.finditer(norm)]
    return out


_BODY_TAIL = re.compile(r"[\u4e00-\u9fff]{0,8}?(?:领导小组|工作小组|委员会|办公室|指挥部|工作专班)")
_NOT_IN_BODY = re.compile(r"[与和及同被的在向对把将为、]")


def _extend_body(norm: str, end: int) -> int:
    """The end of a body whose name jieba cuts short: 陕西省委 + 平安建设领导小组."""
    m = _BODY_TAIL.match(norm, end)
    return m.end() if m and not _NOT_IN_BODY.search(m.group()) else end


_ADMIN_CHARS = frozenset("省市县区")
_SUBUNIT = re.compile(r"[\u4e00-\u9fff]{0,4}?(?:大队|支队|中队|派出所|分局|警务室|政治部)")


def _whole_unit(norm: str, start: int, end: int, attested: frozenset[str] = frozenset()) -> tuple[int, int]:
    """A body jieba tags bare (公安局) with the place it belongs to and the unit of it named
    right after: "与神木|市|公安局|刑警大队联系" is in touch with 神木市公安局刑警大队."""
    lead = norm[max(0, start - 8):start]
    lead_tags = tagged(lead)
    places = {a for a, _, _ in places_in_tagged(lead_tags, attested)}
    pos = len(lead)
    for w, f in reversed(lead_tags):
        if not (w in _ADMIN_CHARS or f == "ns" or pos - len(w) in places):
            break
        pos -= len(w)
    start -= len(lead) - pos
    unit = _SUBUNIT.match(norm, end)
    if unit and not _NOT_IN_BODY.search(unit.group()):
        end = unit.end()
    return start, end


_TITLE_STOP = ",，、;；:：。!！?？“”「」()（）"
_TITLE_LEAD = re.compile(r"(?:[^\u4e00-\u9fff]+|由|是|系|为|任|现任|担任|时任|和|与|及)+")
_TITLE_END = re.compile(r"(?:" + ROLES.pattern + r"|主管|负责人|委员|成员|组长|专员|秘书长|干事)$")


def held_position(norm: str, question_norm: str, terms: Terms) -> tuple[int, int] | None:
    """The title written before the name of a person the question names: "市公安局政治部
    副主任徐倩" answers "徐倩担任什么职务" and "What position does Xu Qian hold". A name
    is the question's when the question says it, or (English) when it was bridged to it."""
    asked = {t for group in terms.groups for t in group}
    for start, end, _ in _name_candidates(norm, "person", ""):
        name = norm[start:end]
        if name not in question_norm and name not in asked:
            continue
        a = start
        while a > 0 and start - a < 24 and norm[a - 1] not in _TITLE_STOP:
            a -= 1
        lead = _TITLE_LEAD.match(norm, a)
        a = lead.end() if lead else a
        if start - a >= 2 and _TITLE_END.search(norm[a:start]):
            said = norm.rfind("兼", a, start)     # "除了担任社区书记,还兼任什么": 社区书记兼居委会主任 → 居委会主任
            if said > a and norm[a:said] in question_norm:
                a = said + 1
            return a, start
    return None


def _extend_list(norm: str, start: int, end: int) -> tuple[int, int]:
    """Grow a name into the enumeration it belongs to: 韩城、临渭、合阳."""
    while m := re.match(r"、([\u4e00-\u9fff]{2,4}?)(?=、|和|及|等|被|,|，|。|;|；|的|三|两|四|\s|$)", norm[end:]):
        end += m.end()
    while m := re.search(r"(?:^|[,，:：;；。是为有、])([\u4e00-\u9fff]{2,4})、$", norm[:start]):
        start = m.start(1)
    return start, end


def _extend_quotes(norm: str, start: int, end: int) -> tuple[int, int]:
    """Grow a quoted name into the run of quoted names it stands in ("“项目警官”“护航警官”
    “服务警官”"), marks included; a name standing alone is returned as it is."""
    a, b = start, end
    while m := re.match(r"[”」\"]、?[“「\"]([^”」\"]{1,30})[”」\"]", norm[b:]):
        b += m.end() - 1
    while m := re.search(r"[“「\"]([^“「\"]{1,30})[”」\"]、?[“「\"]$", norm[:a]):
        a = m.start(1)
    if (a, b) == (start, end):
        return start, end
    return a - 1, b + 1


_MODIFIER_TAGS = frozenset("n nz nt t j b l".split())     # 新时代“枫桥经验”, 全国“枫桥式”; a place is no part of it
_HEAD_TAGS = frozenset("n nz".split())                      # “聚心源”会客厅, “枫桥式”工作|法


def _quoted_phrase(norm: str, start: int, end: int, question_norm: str) -> tuple[int, int]:
    """A quoted name with the word that makes it a noun phrase in the sentence: the
    modifier right before the marks (新时代“枫桥经验”) and the head noun right after them
    (“聚心源”会客厅), unless the question already says it. One short word each side.
    Only for a Chinese question: an English one's words cannot tell which of them it says."""
    if start == 0 or not (norm[start - 1] in "“「\"" and norm[end:end + 1] in "”」\"") \
            or not asked_in_chinese(question_norm):
        return start, end

    def said(word: str) -> bool:     # the question has a character pair of it
        return any(word[i:i + 2] in question_norm for i in range(len(word) - 1))

    modifier = ""         # nouns, or an adjective opening them: 新|时代, 群防群治
    for word, tag in reversed(tagged(norm[max(0, start - 9):start - 1])):
        if tag not in _MODIFIER_TAGS | {"a"} or len(modifier + word) > 4:
            break
        modifier = word + modifier
        if tag == "a":
            break
    if len(modifier) < 2 or said(modifier):
        modifier = ""     # 渭“5312”: one character is an abbreviation of a place
    head = ""
    for word, tag in tagged(norm[end + 1:end + 9]):
        if tag not in _HEAD_TAGS or len(head + word) > 4:
            break
        head += word
    if said(head):
        head = ""
    if not (modifier or head):
        return start, end
    return start - 1 - len(modifier), end + 1 + len(head)


def _quoted_candidates(norm: str, question_norm: str) -> list[tuple[int, int, float]]:
    out = []
    for m in QUOTED.finditer(norm):
        g = 1 if m.group(1) is not None else 2
        if m.group(g) in question_norm:
            continue       # the question names it; it is not the answer
        out.append((m.start(g), m.end(g), 1.0))
    return out


_NAME_STOP = re.compile(r"[^\u4e00-\u9fff]|[的在由被将与和及是为对向从把等了]")


_PARENT_BODY = re.compile(r"公安局|公安厅|分局|派出所")


def _passive_agent(norm: str, question_norm: str) -> tuple[int, int] | None:
    """Who did it, when the sentence says it in the passive: "是谁授予…“平安银鼎”的" ↔
    "被陕西省委平安建设领导小组授予“平安银鼎”"; a body, not a person's name, is often the doer."""
    m = re.search(r"谁([\u4e00-\u9fff]{2})", question_norm)
    if not m:
        return None
    agent = re.search(rf"[被由]([^,，。;；:：被由的]{{2,20}}?){m.group(1)}", norm)
    if agent:
        return agent.span(1)
    # "由谁主抓", "谁负责": 谁 the doer, not "从谁抓起" (its object)
    doer = re.search(r"(?:^|由|是|[,，])谁", question_norm)
    return _subject_before(norm, m.group(1), question_norm) if doer else None


_SUBJECT_EDGE = re.compile(r"[、,，。;；:：“”「」《》()（）]")


def _subject_before(norm: str, verb: str, question_norm: str) -> tuple[int, int] | None:
    """Who does it, when the sentence says it in the active: "由谁主抓" ↔ "构建市局党委主抓、
    警种部门负责…" → 市局党委; "由谁坚决扛牢" ↔ "市局党委坚决扛牢…". The nouns right before the
    verb, back to a mark or a verb of their own."""
    for m in re.finditer(re.escape(verb), norm):
        edge = max((e.end() for e in _SUBJECT_EDGE.finditer(norm, 0, m.start())), default=0)
        words = list(tagged(norm[edge:m.start()]))
        while words and not words[0][1].startswith(("n", "j")):
            if words[0][1].startswith("p"):
                words = []          # 从孩子抓起: a preposition's object, not the doer
                break
            edge += len(words.pop(0)[0])
        if words and all(f.startswith(("n", "j", "v")) for _, f in words) and words[-1][1].startswith(("n", "j")) \
                and 2 <= m.start() - edge <= 12 and norm[edge:m.start()] not in question_norm:
            return edge, m.start()
    return None


def _category_candidates(norm: str, category: str, question_norm: str,
                         places: tuple[tuple[str, ...], ...] = ()) -> list[tuple[int, int, float]]:
    """Names ending in the asked category ("哪个街道" → 金城街道, 商州分局城关派出所): the
    characters before each occurrence back to punctuation or a function word. The parent
    body the question already names is not part of the answer: "富平县公安局哪个派出所"
    is answered by 宫里派出所, not 富平县公安局宫里派出所."""
    named = [p for alts in places for p in alts]
    out = []
    for m in re.finditer(re.escape(category), norm):
        start = m.start()
        while start > 0 and m.start() - start < 12 and not _NAME_STOP.match(norm[start - 1]):
            start -= 1
        parent = [p for p in _PARENT_BODY.finditer(norm, start, m.start()) if p.end() < m.start()]
        if parent and start > 0 and not _NAME_STOP.match(norm[start - 1]):
            start = parent[0].end()     # cut off mid-name (…安市公安局新城分局西一路): from its first whole body on
        elif parent:
            prefix = norm[start:parent[-1].end()]
            if prefix in question_norm or any(p in prefix for p in named):
                start = parent[-1].end()
        if start < m.start() and norm[start:m.end()] not in question_norm:
            out.append((start, m.end(), 1.0))
    return out


def _clauses(norm: str) -> list[tuple[int, int]]:
    """The sentence's clauses, between commas, semicolons and stops; a piece with no word in
    it (the ” closing a quoted sentence after its 。) is no clause."""
    out, prev = [], 0
    for m in _CLAUSE_SPLIT.finditer(norm):
        if m.start() > prev and _CONTENT_CHAR.search(norm, prev, m.start()):
            out.append((prev, m.start()))
        prev = m.end()
    if prev < len(norm) and _CONTENT_CHAR.search(norm, prev):
        out.append((prev, len(norm)))
    return out or [(0, len(norm))]


_NEXT_ITEM = re.compile(r"[、和及与]")
_FIGURE_NEXT = re.compile(r"[^、,，;；:：。!！?？]{0,8}?\d")


def _in_other_item(norm: str, end: int, ts: int, te: int) -> bool:
    """A term after a figure, past a list separator, that names the next item's own figure:
    "14起、全省集群战役7起" (全省 before 7起). A term after the next figure may be the list's
    shared head ("8个“一室两队”、17个“岗位制”派出所"), so it still counts."""
    return bool(_NEXT_ITEM.search(norm, end, ts)) and bool(_FIGURE_NEXT.match(norm, te))


def _slot(norm: str, start: int, end: int, terms: Terms, anchors: tuple[tuple[str, ...], ...] = ()) -> float:
    """Weighted share of question terms in the candidate's clause, nearer counting more.

    Chinese puts the counted noun right before the figure (整改安全隐患3253个), so a term
    just before the span counts fully and one after it a little less.
    """
    if not terms.total:
        return 0.0
    a, b = next(((a, b) for a, b in _clauses(norm) if a <= start < b), (0, len(norm)))
    a = min(a, start)
    b = max(b, end)
    clause = norm[a:b]
    got = 0.0
    # A year or place the question names counts like a term here: "由2021年的97.99%提升至2024年的
    # 99.54%"; "华阴“信访门诊+综治中心”、临渭“5312”".
    anchor_w = (terms.total / len(terms.weights)) if terms.weights else 1.0
    for group, w in list(zip(terms.groups, terms.weights)) + [(alts, anchor_w) for alts in anchors]:
        best = 0.0
        for t in group:
            for m in re.finditer(re.escape(t), clause):
                ts, te = m.start() + a, m.end() + a
                if ts < end and te > start:
                    continue         # the term is the candidate itself
                if ts >= end and _in_other_item(norm, end, ts, te):
                    continue
                gap = start - te if te <= start else ts - end
                best = max(best, (1.0 if te <= start else 0.8) / (1.0 + max(gap, 0) / 6.0))
        got += w * best
    return got / terms.total


_ENUMERATOR = re.compile(r"^(?:[一二三四五六七八九十]+是|第[一二三四五六七八九十]+[,，、]?|——)")
_CONTENT_CHAR = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")
ECHO = 0.85     # a candidate this much made of the question's own words restates it


def _said(text: str, question_norm: str, terms: Terms) -> set[int]:
    """Positions in ``text`` the question already says: its character pairs (a Chinese
    question) and its terms, which for an English question are the Chinese words its words
    were bridged to."""
    covered: set[int] = set()
    if asked_in_chinese(question_norm):
        for i in range(len(text) - 1):
            if text[i:i + 2] in question_norm:
                covered.update((i, i + 1))
    return covered | _covered_by(text, (t for group in terms.groups for t in group))


def _covered_by(text: str, words) -> set[int]:
    """Positions in ``text`` inside an occurrence of any of ``words``."""
    covered: set[int] = set()
    for t in words:
        for m in re.finditer(re.escape(t), text):
            covered.update(range(m.start(), m.end()))
    return covered


def echo(candidate: str, question_norm: str, terms: Terms) -> float:
    """Share of a candidate's characters that come from the question: its character pairs
    (a Chinese question) or its terms, which for an English question are the Chinese words
    its words were bridged to. "九是建立完善警民联合机制" echoes "渭南建立完善警民联合机制,
    是以什么…为依托的" fully; a heading that restates the question is not its answer."""
    text = _ENUMERATOR.sub("", candidate)
    content = [i for i, c in enumerate(text) if _CONTENT_CHAR.match(c)]
    if not content:
        return 0.0
    covered = _said(text, question_norm, terms)
    return sum(1 for i in content if i in covered) / len(content)


_UNSAID_EDGES = "的了是和与及等、,，"
_OPENING_QUOTES = "“「"
_CLOSING_QUOTES = "”」"


def _unsaid(norm: str, a: int, b: int, question_norm: str, terms: Terms) -> tuple[int, int]:
    """The longest stretch of a clause the question does not already say: what a what-question
    asks for when nothing in its wording places the answer. "陕西省是以什么形式把平安建设纳入
    全省“十四五”规划的" ↔ "陕西省把平安建设纳入全省“十四五”规划专章部署" → 专章部署. The
    whole clause when no stretch of two characters is left."""
    covered = _said(norm[a:b], question_norm, terms)
    runs, start = [], None
    for i in range(a, b + 1):
        free = i < b and i - a not in covered and (_CONTENT_CHAR.match(norm[i]) or norm[i] in "、“”「」")
        if free and start is None:
            start = i
        elif not free and start is not None:
            runs.append((start, i))
            start = None
    # a word the question says may stand inside the answer: 获得感成色更足、幸福感更可持续
    merged: list[tuple[int, int]] = []
    for s0, e0 in runs:
        if merged and s0 - merged[-1][1] <= 3 and all(_CONTENT_CHAR.match(c) or c == "、" for c in norm[merged[-1][1]:s0]):
            merged[-1] = (merged[-1][0], e0)
        else:
            merged.append((s0, e0))
    runs = merged
    best = None
    for s0, e0 in runs:
        # nor a quote whose other half is outside: "…保障群众安宁开展的“" opens a name it does not hold
        while s0 < e0 and (norm[s0] in _UNSAID_EDGES or norm[s0] in _CLOSING_QUOTES):
            s0 += 1
        while e0 > s0 and (norm[e0 - 1] in _UNSAID_EDGES or norm[e0 - 1] in _OPENING_QUOTES):
            e0 -= 1
        size = len(_CONTENT_CHAR.findall(norm[s0:e0]))
        if size >= 2 and (best is None or size > best[0]):
            best = (size, s0, e0)
    if best is None:
        return a, b
    _, s0, e0 = best
    bounds, at = {a}, a
    for word, _ in tagged(norm[a:b]):
        at += len(word)
        bounds.add(at)
    # a word half said by the question is not half an answer: "继续深挖" ↔ 继续深入开展 drops 入
    s1 = min((x for x in bounds if x >= s0), default=s0)
    e1 = max((x for x in bounds if x <= e0), default=e0)
    if e1 - s1 >= 2:
        s0, e0 = s1, e1
    ctx = wh_context(question_norm)
    head = next((h for h in (ctx.heads if ctx else ()) if norm.startswith(h, e0)), "")
    return s0, e0 + len(head)      # 哪一类刑事案件 ↔ 十类涉恶刑事案件


def _beside_asked_name(norm: str, cands: list[tuple[int, int, float]],
                       quoted: tuple[str, ...]) -> list[tuple[int, int, float]]:
    """Figures whose clause quotes another name than the one asked, when some figure's clause
    quotes the asked one: "3个市、27个县被授予“平安银鼎”,2个市和19个县被授予“平安铜鼎”" — 19个
    counts 平安铜鼎, not the 平安银鼎 asked about. A name right after a figure is the one it
    counts."""
    if not quoted or len(cands) < 2:
        return cands
    clauses = _clauses(norm)

    def names(c):
        counted = QUOTED.match(norm, c[1]) or QUOTED.match(norm, c[1] + 1)
        if counted:         # 26个“陕西公安暖心警务会客厅”、80个“暖心警务会客角”: each its own
            return [counted.group(1) or counted.group(2)]
        a, b = next(((a, b) for a, b in clauses if a <= c[0] < b), (0, len(norm)))
        return [m.group(1) or m.group(2) for m in QUOTED.finditer(norm, a, b)]

    # the name itself or a part of it (会客厅 for 陕西公安暖心警务会客厅), not a sibling sharing
    # most of its characters (暖心警务会客角)
    asked = [c for c in cands if any(q in n or n in q for n in names(c) for q in quoted)]
    if not asked:
        return cands
    return [c for c in cands if c in asked or not names(c)]


_EXAMPLES = re.compile(r"等{1,2}(\d+(?:\.\d+)?|[一二两三四五六七八九十]+)(?:万|余|多)?([个名项家支所类批位起])"
                       r"([^,，;；。:：、“”「」]{0,12})")


def examples_of(norm: str, question_norm: str, terms: Terms) -> tuple[int, int] | None:
    """The list a sentence gives as examples of a group the question names: "全国优秀公安基层
    单位、全国公安机关爱民模范集体等11个国家级先进集体" answers "which national-level advanced
    collectives" or "涌现出的11个国家级先进集体是哪些". The group is named by its figure
    (11个) or by most of its noun; the verb before the first item stays out."""
    asked = {t for group in terms.groups for t in group}
    for m in _EXAMPLES.finditer(norm):
        noun = m.group(3)
        covered = {i for t in asked if len(t) > 1 for f in re.finditer(re.escape(t), noun)
                   for i in range(f.start(), f.end())}
        if m.group(1) + m.group(2) not in question_norm and not (noun and len(covered) >= 0.6 * len(noun)):
            continue
        start = clause_start(norm, m.start())
        run = norm[start:m.start()]
        if "、" not in run:
            continue
        first, *others = run.split("、")
        cut, at = 0, 0
        if len(first) > max(map(len, others)):      # the first item carries the words before the list
            for word, flag in tagged(first):
                at += len(word)
                if flag.startswith("v") and at < len(first) - 1:
                    cut = at      # 涌现出 | 全国优秀公安基层单位: the items start after the verb
        return start + cut, m.start()
    return None


_CONNECTIVE = re.compile(r"同时|另外|此外|首先|其次|再次|然后|最后|而且|并且|一方面|另一方面|总之")

_UNPLACED = 0.5     # slot credit of a what/which answer that is just the clause richest in the question's words


# What a figure counts: a count, a length or a batch, not money, a share or a stretch of time
_COUNT_MEASURE = re.compile(r"(?:万|千)?(?:余|多)?(?:场次|人次|公里|千米|余人|余名|个|名|起|件|次|期|支|处|份|所|家|项|条|场|户|座|批|张|本|笔|辆|人|宗|间|套|米|吨)")
_GIVEN_FIGURE = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d,])|(?<![\d.])\d+(?:\.\d+)?(?![\d.])")
_EN_NUMBERS = {w: str(n) for n, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve".split())}
_GIVEN_FIGURE_EN = re.compile(_GIVEN_FIGURE.pattern + r"|\b(?:" + "|".join(_EN_NUMBERS) + r")\b", re.I)
def _given_head_dropped(norm: str, span: tuple[int, int], question_norm: str,
                        terms: Terms) -> tuple[int, int] | None:
    """A counted noun less the head the question already gives it: 镇级综治中心 for "136个的综治
    中心属于哪一级" → 镇级; kept whole when the question asks for that head (哪一类刑事案件 ↔
    十类涉恶刑事案件) or says only its lead (西安公安建的…工作站 ↔ 公安知识产权保护工作站). None
    when the question says it all, or it says words inside it with unsaid words on both sides:
    that is a stretch of clause, not a noun (视频监控等平台开展应急通信保障拉练)."""
    a, b = span
    said = _said(norm[a:b], question_norm, terms)
    content = [i for i in range(b - a) if _CONTENT_CHAR.match(norm[a + i])]
    free = [i for i in content if i not in said]
    if len(free) < 2:
        return None
    runs = sum(1 for k, i in enumerate(content) if i not in said and (k == 0 or content[k - 1] in said))
    if runs > 1:
        return None
    _, e0 = _unsaid(norm, a, b, question_norm, terms)
    return a, max(e0, a + free[-1] + 1)


def counted_by_given_figure(norm: str, question_norm: str, terms: Terms) -> tuple[int, int] | None:
    """What a figure the question gives counts, when that is what it asks: "设了620个的是甚么" ↔
    "设置了…620个必巡点" → 必巡点; "摧毁了1600个的是什么" ↔ "摧毁犯罪团伙1600个" → 犯罪团伙;
    "What did police deal with 342 of" ↔ "整治治安突出问题342个" → 治安突出问题; "what did police
    activate five times" ↔ "启动应急响应机制5次" → 应急响应机制. What the question
    itself says about the counted thing is left out (建成了136个的综治中心属于哪一级 ↔ 镇级综治
    中心136个 → 镇级), so "45万名网格员…织牢的是什么" finds nothing here: it names what is counted."""
    chinese = asked_in_chinese(question_norm)
    found = None
    given = _GIVEN_FIGURE if chinese else _GIVEN_FIGURE_EN
    for m in given.finditer(question_norm):
        figure = _EN_NUMBERS.get(m.group().lower(), m.group()).replace(",", "")
        if re.match(r"\s*年", question_norm[m.end():]) or (not chinese and not re.match(
                r"\s+(?:of\b(?!\s+(?:the|its|their|these|those|them)\b)|times\b)", question_norm[m.end():])):
            continue    # a year; an English question counts back only with "N of" or "N times"
        forms = (figure, *figure_forms(m.group())[1:]) if not chinese else (figure,)      # "20,000" ↔ 两万
        for at in re.finditer(rf"(?<![\d.])(?:{'|'.join(map(re.escape, forms))})(?![\d.])", norm):
            measure = _COUNT_MEASURE.match(norm, at.end())
            if not measure:
                continue
            after = norm[measure.end():measure.end() + 1]
            forward = bool(after) and not re.match(r"[,，;；:：。!！?？、和及]", after)
            span = counted_after(norm, measure.end()) if forward else counted_before(norm, at.start())
            if span is None:
                continue
            if chinese and forward and _said(norm[span[0]:span[0] + 2], question_norm, terms) == {0, 1}:
                continue    # "134个城区社区实现了什么": the question names what is counted
            if chinese:
                span = _given_head_dropped(norm, span, question_norm, terms)
                if span is None:
                    continue
            if found and found != span:
                return None     # two figures of the question count different things: no telling which
            found = span
    if found:
        a, b = found
        while a < b and norm[a] in "“「" and norm[b - 1] in "”」" and not QUOTED.search(norm[a + 1:b - 1]):
            a, b = a + 1, b - 1
        return a, b
    return None


_LEADING_PREPOSITIONS = frozenset("通过 依托 按照 围绕 对 把 将 向 从 由 用".split())     # not 以, 为: "以打促防"


def _trimmed(norm: str, span: Span) -> Span:
    """A stretch cut out by the question's wording rather than by a name's own edges ends
    where its list does and starts past a preposition: "通过动中通、视频监控等平台开展…"
    answers "through which platforms" with 动中通、视频监控."""
    a, b = span.start, span.end
    first = tagged(norm[a:b])[:1]
    if first and first[0][1] == "p" and first[0][0] in _LEADING_PREPOSITIONS and a + len(first[0][0]) < b:
        a += len(first[0][0])
    closing = re.search(r"、[^、]+?" + _LIST_END.pattern, norm[a:b])     # 等 closing a list, not 等级
    if closing:
        b = a + closing.end() - 1
    return replace(span, start=a, end=b)


def _asked_place_item(norm: str, chosen: tuple[int, int], cands: list[tuple[int, int, float]],
                      places: tuple[tuple[str, ...], ...],
                      attested: frozenset[str] = frozenset()) -> tuple[int, int] | None:
    """In a list of places with their names ("临渭“5312”运行模式、华阴“信访门诊+综治中心”、合阳…"),
    the name in the item of the place asked about, when the one chosen is in another item."""
    names = [p for alts in places for p in alts]

    def lead(at: int) -> str:
        return norm[item_start(norm, at):at]

    def led_by_asked_place(at: int) -> bool:
        return any(p in lead(at) for p in names)

    if led_by_asked_place(chosen[0]):
        return None
    # jieba tags some places as names (杨凌|nr “农城义警”), and the gazetteer knows 杨陵区
    lead_tags = tagged(lead(chosen[0]))
    led = [w for w, flag in lead_tags if flag == "ns" or (flag == "nr" and len(w) > 1)]
    led += [base for _, _, base in places_in_tagged(lead_tags, attested)]
    if not any(not any(p in word or word in p for p in names) for word in led):
        return None
    return next(((a, b) for a, b, _ in cands if led_by_asked_place(a)), None)


_OPEN_QUOTES = "“「\"《"
_NAME_TAGS = frozenset("ns nr nz".split())


def place_of_quoted(norm: str, spec: QuestionSpec, question_norm: str,
                    attested: frozenset[str] = frozenset()) -> tuple[int, int] | None:
    """The place a quoted name the question gives is credited to: news writes a local brand
    or campaign as place + quotation ("安康“挨户防”、铜川“红+蓝”、杨凌“农城义警”", "华山“清源、
    除患、利剑”三大行动"), so "“农城义警”出自哪里" is answered by the name right before its
    opening mark, or else by the nearest place earlier in its list item ("韩城市金城街道矛盾纠纷
    “四联调解 分类施策”"), leaving out places the question itself names. The longest
    quotation is the most particular: "获评全国「枫桥式」工作法的「四联调解 分类施策」" is
    about the second."""
    for quoted in sorted(spec.quoted, key=len, reverse=True):
        at = norm.find(quoted)
        if at < 1 or norm[at - 1] not in _OPEN_QUOTES:
            continue
        lead_start = item_start(norm, at - 1)
        lead_tags = tagged(norm[lead_start:at - 1])
        if lead_tags:
            word, flag = lead_tags[-1]
            # jieba tags some places as plain nouns (宝鸡|n “铁脚板”): the gazetteer knows them
            if (flag in _NAME_TAGS or place_base(word) in gazetteer()) and len(word) >= 2 \
                    and word not in question_norm:
                return at - 1 - len(word), at - 1
        unnamed = [(a, b) for a, b, base in places_in_tagged(lead_tags, attested) if base not in question_norm]
        if unnamed:
            a, b = unnamed[-1]
            return lead_start + a, lead_start + b
    return None


def _unquoted(norm: str, start: int, end: int, opening: str = "“「\"", closing: str = "”」\"") -> tuple[int, int]:
    """``start``–``end`` without the quotation marks at its edges."""
    while start < end and norm[start] in opening:
        start += 1
    while end > start and norm[end - 1] in closing:
        end -= 1
    return start, end


def _cut_at(norm: str, start: int, end: int, mark: str) -> list[tuple[int, int]]:
    """The stretches of ``start``–``end`` between occurrences of ``mark``."""
    pieces, at = [], start
    for part in norm[start:end].split(mark):
        pieces.append((at, at + len(part)))
        at += len(part) + len(mark)
    return pieces


def _list_pieces(norm: str, start: int, end: int) -> list[tuple[int, int]]:
    """The items of a 、-list spanning ``start``–``end`` (its last may end "和C"), each without
    its quotation marks: “崇法、鼎新、筑基、强警” → 崇法, 鼎新, 筑基, 强警."""
    pieces = _cut_at(norm, *_unquoted(norm, start, end), "、")
    if len(pieces) >= 2 and (joined := re.search(r"(?<=[^和及与])[和及与](?=[^和及与]{2})", norm[pieces[-1][0]:pieces[-1][1]])):
        a, b = pieces.pop()
        pieces += [(a, a + joined.start()), (a + joined.end(), b)]
    out = [_unquoted(norm, a, b, "“「\"”」", "”」\"“「") for a, b in pieces]
    return out if len(out) >= 2 and all(b - a >= 1 and not _CLAUSE_SPLIT.search(norm[a:b]) for a, b in out) else []


_NO_SUCH_LIST = 0.5     # a sentence without a list of the size a question picks an item from


def _run_edges_trimmed(norm: str, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A 、-run cut to its items where its ends run on into the sentence. Items of one length
    between its ends give the ends that length too (坚决做到|不好奇、不侥幸、…、不尝试; 加大|网上宣传、
    …、网上服务|的力度); otherwise an end longer than every inner item loses the verb that
    governs the run (first) or what follows a 的 (last). A last item never ends in a quotation
    left open: that is the run's name beginning."""
    (a, b), (c, d) = pieces[0], pieces[-1]
    lengths = {y - x for x, y in pieces[1:-1]}
    if len(pieces) >= 4 and len(lengths) == 1:
        size = lengths.pop()
        a, d = max(a, b - size), min(d, c + size)
    else:       # an end longer than every inner item: 开展|危险化学品、矿山、建筑施工; not 巡逻突击队、便衣侦查队
        longest = max((y - x for x, y in pieces[1:-1]), default=min(b - a, d - c))
        first = tagged(norm[a:b])
        if b - a > longest and len(first) > 1 and first[0][1] == "v":
            a += len(first[0][0])
        if d - c > longest and "的" in norm[c + 1:d]:
            d = norm.index("的", c + 1)
    opened = re.search(r"[“「][^”」]*$", norm[c + 1:d])
    if opened:          # 基本能力提升|“三大行动”: the run's name, quoted after its last item
        d = c + 1 + opened.start()
    return [(a, b), *pieces[1:-1], (c, d)] if len(pieces) > 2 else [(a, b), (c, d)]


_AFTER_NAMED = re.compile(r"^[”」\"]?(?:的|之)?(?:后面|之后|后头|后边|以后|下一)")
_BEFORE_NAMED = re.compile(r"^[”」\"]?(?:的|之)?(?:前面|之前|前头|前边|上一)")
_BETWEEN = re.compile(r"之间|中间|当中的那|夹在")


def listed_item(norm: str, start: int, end: int, spec: QuestionSpec, question_norm: str) -> tuple[int, int] | None:
    """The one item of an in-sentence list the question places by order: "第二项是什么" ↔
    “崇法、鼎新、筑基、强警” → 鼎新; "夹在「清源」与「利剑」之间的" → 除患; "紧跟在“五个一批”后面的"
    → 五个严防; "排在最前面的" → the first. None when the question places nothing by order."""
    pieces = (_list_pieces(norm, start, end) or _quoted_run(norm, start, end)
              or _plus_run(norm, *_unquoted(norm, start, end)))
    if spec.list_size and len(pieces) != spec.list_size:
        # "of the five kinds of online work" ↔ 网上警务室、乡村微信群…,加大网上宣传、…、网上服务: the other list
        pieces = next((p for p in (_list_pieces(norm, m.start(), m.end()) for m in _LIST_RUN.finditer(norm))
                       if len(p) == spec.list_size), [])
    if not pieces:
        return None
    if spec.item == MIDDLE_ITEM:
        return pieces[len(pieces) // 2] if len(pieces) % 2 else None
    if spec.item:
        pieces = _run_edges_trimmed(norm, pieces)
        if spec.item == LAST_ITEM or spec.item <= len(pieces):
            return pieces[spec.item - 1 if spec.item > 0 else -1]
        return None
    named = [k for k, (a, b) in enumerate(pieces) if b - a >= 2 and norm[a:b] in question_norm]
    if len(named) == 2 and named[1] - named[0] == 2 and _BETWEEN.search(question_norm):
        return pieces[named[0] + 1]
    if len(named) == 1:
        a, b = pieces[named[0]]
        after = question_norm[question_norm.find(norm[a:b]) + b - a:]
        if _AFTER_NAMED.match(after) and named[0] + 1 < len(pieces):
            return pieces[named[0] + 1]
        if _BEFORE_NAMED.match(after) and named[0] > 0:
            return pieces[named[0] - 1]
    return None


_PLUS_ITEMS = 3
_PLUS_ITEM_CHARS = 4
_QUOTED_ITEM = re.compile(r"[“「\"]([^“”「」\"]{1,30})[”」\"]")


def _quoted_run(norm: str, start: int, end: int) -> list[tuple[int, int]]:
    """The names of a run of quoted names the span stands in (“项目警官”“护航警官”“服务警官”),
    without their marks; [] when the span is in no such run of two or more."""
    qa, qb = _extend_quotes(norm, *_unquoted(norm, start, end))
    quoted = [(m.start(1), m.end(1)) for m in _QUOTED_ITEM.finditer(norm, qa, qb)]
    return quoted if len(quoted) >= 2 else []


def _item_groups(norm: str, start: int, end: int) -> list[list[tuple[int, int]]]:
    """The lists the span ``start``–``end`` stands in: a run of quoted names (“云剑”“秦鹰”
    “雷霆”), a 、-list (基层提振、基础提质、基本能力提升) or a +-list (政府公共视频资源+
    运营商云端视频资源+…), each as its items."""
    a, b = _unquoted(norm, start, end)
    groups = []
    quoted = _quoted_run(norm, a, b)
    if quoted:
        groups.append(quoted)
    listed = _list_pieces(norm, *((a, b) if "、" in norm[a:b] else _extend_list(norm, a, b)))
    if listed:
        groups.append(listed)
    plus = _plus_run(norm, a, b)
    if plus:
        groups.append(plus)
    return groups


def _plus_run(norm: str, start: int, end: int) -> list[tuple[int, int]]:
    """The items of a +-list the span stands in (“村(社区)微信群摸排 +民警入户走访 + 信息员反馈”
    模式), each without the spaces and quotation marks around it; [] for names joined by +
    (互联网+政务服务, 专业+机制+大数据), whose parts are short."""
    plus = _cut_at(norm, start, end, "+")
    if len(plus) < _PLUS_ITEMS or not all(len(_HAN.findall(norm[x:y])) >= _PLUS_ITEM_CHARS for x, y in plus):
        return []
    out = []
    for x, y in plus:
        text = norm[x:y]
        x += len(text) - len(text.lstrip(" “「\""))
        closed = re.search(r"[”」\"]", norm[x:y])
        y = x + closed.start() if closed else y
        out.append((x, y - (len(norm[x:y]) - len(norm[x:y].rstrip()))))
    return out


_MARKED_CHAR = re.compile(r"[“「\"]([\u4e00-\u9fff])[”」\"]字|带(?:有|着)?([\u4e00-\u9fff])字")


def _description(item: str, asked: frozenset[str], question_norm: str, english: bool) -> dict[str, float]:
    """What of ``item`` the question describes, each with its weight. English: the item's
    words read in English that the question uses, a reading from a whole word counting
    fully and one from a lone character half. Chinese: the question's two-character words
    inside the item (跟排球有关的 ↔ 气排球), a character the question marks (名称里带「剑」
    字 ↔ 云剑), and at half weight a dictionary reading both share (以打雷来命名 ↔ 雷霆)."""
    if english:
        strong = english_readings(item, single_characters=False) & asked
        return {w: 1.0 for w in strong} | {w: 0.5 for w in english_readings(item) & asked - strong}
    found = {item[k:k + 2]: 1.0 for k in range(len(item) - 1) if _HAN.match(item[k]) and item[k:k + 2] in question_norm}
    found |= {c: 2.0 for m in _MARKED_CHAR.finditer(question_norm) for c in m.groups() if c and c in item}
    found |= {w: 0.5 for w in english_readings(item, single_characters=False) & asked}
    return found


def _balanced(text: str) -> bool:
    return text.count("(") == text.count(")") and text.count("（") == text.count("）")


def described_item(norm: str, start: int, end: int, question_norm: str) -> tuple[int, int] | None:
    """The one item of the list the span stands in that the question describes rather than
    names or numbers: "which of them handles parcels and deliveries" ↔ 油气、医院、高校、
    寄递企业 → 寄递企业; "named after an eagle" ↔ “云剑”“秦鹰”“雷霆” → 秦鹰; "唯一放在夏季的
    是哪一项" ↔ 春季…整治、夏季治安打击整治 → the latter (see ``_description``).

    Only what the sentence says nowhere but in the items describes one: the question's
    other words are its context, and so is what every item shares. An item the question
    names whole is context too; a Chinese question that touches two items, describing or
    naming them (守护什么、捍卫什么), asks about more than one, and so does one that sets
    some aside (除了…还有哪一种: see ``alignment.sets_aside``). None when no single item
    is described best."""
    if sets_aside(question_norm):
        return None
    english = not asked_in_chinese(question_norm)
    asked = english_lemmas(question_norm) if english else english_readings(question_norm, single_characters=False)
    for pieces in _item_groups(norm, start, end):
        if not all(_balanced(norm[a:b]) for a, b in pieces):
            continue        # 平安县(市、区): a list inside brackets is part of one name
        outside = norm[:pieces[0][0]] + "。" + norm[pieces[-1][1]:]
        context = set(_description(outside, asked, question_norm, english))
        told = [set(_description(norm[a:b], asked, question_norm, english).items()) for a, b in pieces]
        common = set.intersection(*({f for f, _ in t} for t in told)) | context
        scores = [-1.0 if not english and norm[a:b] in question_norm else sum(w for f, w in t if f not in common)
                  for t, (a, b) in zip(told, pieces)]
        best = max(scores)
        touched = sum(score != 0 for score in scores)      # described, or named whole
        if best > 0 and scores.count(best) == 1 and (english or touched == 1):
            return pieces[scores.index(best)]
    return None


def item_number(norm: str) -> tuple[int, int] | None:
    """The number of the numbered item a sentence begins: 十是加强宣传力度 → 十; 第三,万一不幸
    有家人染毒… → 第三; （二）… → 二. None when the sentence begins no item."""
    for style in MARKER_STYLES:
        m = style.match(norm)
        if m:
            start = m.start(1) - 1 if norm[m.start(1) - 1:m.start(1)] == "第" else m.start(1)
            return start, m.end(1)
    return None


def extract_span(sentence: str, norm: str, spec: QuestionSpec, question_norm: str, terms: Terms,
                 attested: frozenset[str] = frozenset()) -> Span:
    """The minimal span of ``sentence`` answering a question of kind ``spec.kind``; one item
    of a list when the question asks for it by its place in the list; the winner when it asks
    for the largest or earliest of what the sentence lists."""
    won = compared_span(norm, spec.compare, question_norm, spec.units) if spec.compare else None
    if won:
        return Span(*won, 1.0, 1.0, compared=True)
    span = _extract_span(sentence, norm, spec, question_norm, terms, attested)
    if spec.kind in ("term", "org", "place", "person") and span.fit < 1.0 and span.end > span.start:
        span = _trimmed(norm, span)
    if spec.kind in ("term", "org", "place", "person") and not spec.plural and span.end > span.start:
        bounds = (span.start, span.end) if "、" in norm[span.start:span.end] else _extend_list(norm, span.start, span.end)
        picked = listed_item(norm, *bounds, spec, question_norm)
        described = described_item(norm, span.start, span.end, question_norm) \
            if not picked and not spec.item and spec.kind in ("term", "org") and span.fit > 0 else None
        if picked:      # placed by its order, in a list of the size asked or where the sentence's words are the question's
            slot = 1.0 if spec.item and spec.list_size else max(span.slot, coverage(norm, terms))
            return replace(span, start=picked[0], end=picked[1], fit=1.0, slot=slot)
        if spec.item and spec.list_size:
            span = replace(span, fit=span.fit * _NO_SUCH_LIST)   # "the third of the ten steps": no list of ten here
        if described:
            span = replace(span, start=described[0], end=described[1])
    if spec.kind in ("term", "org", "place", "person") and "、" in norm[span.start:span.end]:
        span = replace(span, **dict(zip(("start", "end"), _without_set_aside(norm, span.start, span.end, question_norm,
                                                                              terms.aside))))
    if spec.head and span.end > span.start:
        span = replace(span, end=span.end + _head_after(norm, span.end, spec.head))
    if spec.kind == "term" and span.end > span.start and asked_in_chinese(question_norm):
        span = replace(span, start=_echoed_modifier(norm, span.start, question_norm, spec))
    return _without_lone_quotes(norm, span)


def _without_lone_quotes(norm: str, span: Span) -> Span:
    """``span`` without a quote mark at its edge whose other half is outside it: a clause of
    a quoted remark ("“闪着警灯的警务站、随处可见的巡逻民警,…。”") is answered without the
    remark's opening mark."""
    a, b = span.start, span.end
    for opening, closing in zip(_OPENING_QUOTES, _CLOSING_QUOTES):
        if b - a > 1 and norm[a] == opening and closing not in norm[a:b]:
            a += 1
        if b - a > 1 and norm[b - 1] == closing and opening not in norm[a:b]:
            b -= 1
    return span if (a, b) == (span.start, span.end) else replace(span, start=a, end=b)


def _without_set_aside(norm: str, start: int, end: int, question_norm: str,
                       aside_terms: tuple[tuple[str, ...], ...] = ()) -> tuple[int, int]:
    """A list answer without the items the question sets aside: "除了制售假证假印章,还重拳打击
    哪种行为" ↔ 恶意欠薪、制售假证假印章 → 恶意欠薪; an English question's through their
    translations (``said_aside``). The first run of items left is kept."""
    aside = set_aside_items(question_norm)
    if not aside and not aside_terms:
        return start, end
    runs, pos = [], start
    for item in norm[start:end].split("、"):
        runs.append((pos, pos + len(item), any(a in item or item in a for a in aside if item)
                     or said_aside(item, aside_terms)))
        pos += len(item) + 1
    kept = [(a, b) for a, b, dropped in runs if not dropped]
    if not kept or len(kept) == len(runs):
        return start, end
    first = next(i for i, (_, _, dropped) in enumerate(runs) if not dropped)
    last = first
    while last + 1 < len(runs) and not runs[last + 1][2]:
        last += 1
    return runs[first][0], runs[last][1]


_ASIDE_SHARE = 0.5      # of a span's characters the set-aside things' translations cover, to be them


def said_aside(text: str, aside: tuple[tuple[str, ...], ...]) -> bool:
    """Whether ``text`` is what an English question sets aside, read through the Chinese
    terms of the set-aside phrase (``Terms.aside``): "Besides intellectual-property
    infringement, commercial bribery…, which crime" ↔ 商业贿赂 is not the answer, 非法经营 may
    be. Half the span's characters must be covered: one shared word (公安 for "police") is
    not enough."""
    if not aside:
        return False
    han = {k for k, c in enumerate(text) if _HAN.match(c)}
    words = [t for group in aside for t in group]
    return bool(han) and len(_covered_by(text, words) & han) >= _ASIDE_SHARE * len(han)


def _echoed_modifier(norm: str, start: int, question_norm: str, spec: QuestionSpec) -> int:
    """Where a span starts once the noun right before it is taken in, when the question says
    that noun too: "哪几类农村违法犯罪" ↔ 农村|电信网络诈骗、养老诈骗 reads 农村电信网络诈骗;
    "市委在哪次全会" ↔ 市委|六届四次全会 — a noun the question puts by its wh-word. A quoted
    name, a place, a verb (实施|清源净化) or a noun the question names elsewhere ("以什么形式
    把…写进年度计划" ↔ 计划|专节部署) stays out."""
    if norm[start:start + 1] in "“「\"":
        return start
    before = norm[clause_start(norm, start):start]
    words = tagged(before)
    if not words:
        return start
    word, flag = words[-1]
    named = {a for alts in spec.places for a in alts}
    if not flag.startswith("n") or flag in ("nr", "ns") or len(word) < 2 \
            or not re.fullmatch(r"[\u4e00-\u9fff]+", word) or word not in question_norm or any(a in word for a in named):
        return start
    # the question puts the noun by its wh-word: 农村的哪几类, 市委是在哪次, 哪些新型网络犯罪
    w = re.escape(word)
    if not re.search(rf"{w}[^,，。?？]{{0,3}}(?:哪|什么)|(?:哪|什么)[^,，。?？]{{0,6}}{w}", question_norm):
        return start
    return start - len(word)


def _head_after(norm: str, end: int, head: str) -> int:
    """How many characters of the question's head noun follow a span: "哪一种巡防" ↔ 警企联合|巡防
    takes 巡防 in; "哪一类危险物品" ↔ 危爆|物品 takes the shared ending 物品."""
    if norm[:end].endswith(head[-2:]):
        return 0
    return next((k for k in range(len(head), 1, -1) if norm.startswith(head[-k:], end)), 0)


def _extract_span(sentence: str, norm: str, spec: QuestionSpec, question_norm: str, terms: Terms,
                  attested: frozenset[str] = frozenset()) -> Span:
    if spec.rank:
        numbered = item_number(norm)
        return Span(*numbered, 1.0, 1.0) if numbered else Span(0, len(sentence), 0.0, 0.0)
    if spec.position:
        held = held_position(norm, question_norm, terms)
        return Span(*held, 1.0, 1.0) if held else Span(0, len(sentence), 0.0, 0.0)
    if spec.kind == "place" and spec.quoted and not spec.plural:
        credited = place_of_quoted(norm, spec, question_norm, attested)
        if credited:
            return Span(*credited, 1.0, 1.0)
    if spec.kind in ("term", "sentence"):
        asked = [q for q in spec.quoted if re.search(rf"(?:哪|什么)[“「\"]?{re.escape(q)}|哪{q[0]}", question_norm)]
        spelled = next((found for found in (numbered_list(norm, q) for q in asked) if found), None)
        if spelled:                     # 哪“四不” ↔ 不掩饰、不纵容、不嫌弃、不放弃
            return Span(*spelled, 1.0, 1.0)
    if spec.kind == "term":
        counted = counted_by_given_figure(norm, question_norm, terms)
        if counted:
            return Span(*counted, 1.0, 1.0)
    if spec.kind not in ("number", "date", "sentence") and not asked_in_chinese(question_norm):
        rest = english_remainder(norm, terms.aside, spec.plural)
        if rest:                        # "Besides Weinan, which cities" ↔ 渭南、西安、铜川 → 西安、铜川
            return Span(*rest, 1.0, 1.0)
    if spec.plural and spec.kind not in ("number", "date"):
        named = examples_of(norm, question_norm, terms)
        if named:
            return Span(*named, 1.0, 1.0)
    if spec.kind == "number":
        cands = _beside_asked_name(norm, _number_candidates(norm, spec, question_norm), spec.quoted)
        # Chinese questions only: an English one names its item through dictionary readings
        # that several items share (criminal → 刑事类, 刑事立案数)
        paired = (respective_figure(norm, question_norm, spec.places)
                  if not spec.plural and asked_in_chinese(question_norm) else None)
        if paired and any(c[:2] == paired for c in cands):
            cands = [c for c in cands if c[:2] == paired]
    elif spec.kind == "date":
        cands = _date_candidates(norm, spec.date_grain, question_norm)
        paired = respective_date(norm, question_norm, terms) if not spec.plural else None
        if paired and any(c[:2] == paired for c in cands):
            cands = [c for c in cands if c[:2] == paired]
        if spec.plural:         # "哪两天" ↔ 7月2日和7月26日: the run of dates, whole, from its first
            runs = [(s, _date_run(norm, (s, e))[-1][1], fit) for s, e, fit in cands]
            cands = [c for c in runs if not any(o[0] < c[0] and o[1] >= c[1] for o in runs)]
        dated = _dated_event(norm, cands, question_norm) if asked_in_chinese(question_norm) else None
        if dated:
            return Span(*dated, 1.0, 1.0)
    elif spec.category:
        cands = _category_candidates(norm, spec.category, question_norm, spec.places)
    elif spec.kind in ("person", "place", "org"):
        cands = [c for c in _name_candidates(norm, spec.kind, spec.role, attested)
                 if norm[c[0]:c[1]] not in question_norm and place_base(norm[c[0]:c[1]]) not in question_norm]
    elif spec.kind == "term":
        cands = _quoted_candidates(norm, question_norm)
    else:
        cands = []
    if spec.kind not in ("number", "date"):
        cands = [c for c in cands if echo(norm[c[0]:c[1]], question_norm, terms) < ECHO
                 and not said_aside(norm[c[0]:c[1]], terms.aside)]
    # a Chinese 哪里 names a place when the sentence has one; else its frame says where from
    # ("从哪里做起" ↔ 从身边人做起)
    framed = framed_span(norm, spec, question_norm, cands) if spec.kind != "place" or not cands else None
    if framed and norm[framed[0]:framed[1]].strip("“”「」\"") in question_norm:
        framed = None       # the question already says it: "获评“全国优秀公安基层单位”的是哪个单位" ↛ 基层单位
    if cands:
        anchors = tuple((y,) for y in spec.years) + (spec.places if spec.kind not in ("number", "date") else ())
        scored = [(c, _slot(norm, c[0], c[1], terms, anchors)) for c in cands]
        (s, e, fit), slot = max(scored, key=lambda x: x[0][2] * (0.25 + x[1]))
        if spec.kind in ("person", "place", "org") or (spec.kind == "term" and spec.plural):
            s, e = _extend_list(norm, s, e)
        if spec.kind == "term" and spec.plural and norm[s - 1:s] in "“「\"":
            s, e = _extend_quotes(norm, s, e)
        elif spec.kind == "term" and not framed:
            s, e = _quoted_phrase(norm, s, e, question_norm)
        if spec.kind == "term" and not spec.plural and spec.places:
            framed = _asked_place_item(norm, framed or (s, e), cands, spec.places, attested) or framed
        return Span(*(framed or (s, e)), min(fit, 1.0), slot)
    agent = _passive_agent(norm, question_norm) if spec.kind == "person" else None
    if agent:
        return Span(*agent, 1.0, _slot(norm, *agent, terms))
    if spec.kind == "person" and framed:
        # "健全了和谁之间的协作机制" ↔ "健全与政府职能部门协作机制": who is often a body, not a
        # person's name; the question's wording places it, as for a what-question
        return Span(*framed, 0.5, _UNPLACED * _slot(norm, *framed, terms))
    no_answer = Span(*(framed or (0, len(sentence))), 0.0, 0.0)
    if spec.kind in ("number", "date", "person") or spec.category or spec.division:
        return no_answer    # asked for a fact (or a body or place of the named kind, 哪家电台, 哪个县) this sentence does not hold
    if (spec.kind == "org" or (spec.kind == "place" and _ASKS_LOCATION.search(question_norm))) and not spec.plural:
        # "在什么地方落网", "哪个单位" ↔ a sentence naming no place or body; but "从哪里做起" asks
        # where to start (从身边人做起) and "进入哪些地方" may list kinds of place (进企业、进农村)
        return no_answer
    if spec.kind == "sentence" and _is_heading(norm) and any(q in norm for q in spec.quoted):
        # "同时,“三路督导”统管。" names what the next sentence spells out: how or what the
        # asked name consists of is in that body, not here
        return no_answer
    clauses = _clauses(norm)
    echoes = [echo(norm[a:b], question_norm, terms) >= ECHO for a, b in clauses]
    if all(e for e, (a, b) in zip(echoes, clauses) if not _CONNECTIVE.fullmatch(norm[a:b].strip())):
        return no_answer    # a heading restating the question ("九是建立完善警民联合机制。"): its body answers
    covered = [coverage(norm[a:b], terms) for a, b in clauses]
    # a clause that is what an English question sets aside shares its words without answering it
    aside = [said_aside(norm[a:b], terms.aside) for a, b in clauses]
    i = max(range(len(clauses)), key=lambda j: (not aside[j], covered[j] + 0.001 * (clauses[j][1] - clauses[j][0])))
    a, b = clauses[i]
    slot = covered[i]
    if spec.kind != "sentence" and not framed and echoes[i]:
        # the clause richest in the question's words only restates it ("巡查隐患路段河堤140处" for
        # "140处隐患路段河堤分布在哪几个县"): it holds nothing the question does not already say
        return Span(a, b, 0.0, 0.0)
    if spec.kind == "sentence" and (len(clauses) > 1 or spec.asks == "result") and slot > 0:
        a, b = reason_span(norm, clauses, covered, i, spec.asks, question_norm)
    if spec.kind != "sentence" and not framed:
        slot *= _UNPLACED      # the clause only shares the question's words; nothing in it is placed as the answer
    if spec.kind == "term" and not framed and asked_in_chinese(question_norm):
        a, b = _unsaid(norm, a, b, question_norm, terms)
    return Span(*(framed or (a, b)), 0.7 if spec.kind == "sentence" else 0.5, slot)


def framed_span(norm: str, spec: QuestionSpec, question_norm: str,
                cands: list[tuple[int, int, float]]) -> tuple[int, int] | None:
    """The answer a Chinese question's own wording places in the sentence (see
    ``alignment``), for what-and-which questions, or the phrase ending in the noun an
    English which/what question asks about; a name or quotation of the asked kind inside
    that place is the answer itself. Figures, dates and places have patterns of their own
    that do better; why/how questions are answered by clauses."""
    english = not asked_in_chinese(question_norm)
    if not english and spec.kind in ("term", "sentence"):
        state = state_span(norm, question_norm) or paired_span(norm, question_norm)
        if state:
            return state
    if spec.asks or spec.kind in ("number", "date") or (spec.kind == "place" and english):
        return None
    if not english:
        ctx = wh_context(question_norm)
        found = frame_span(norm, ctx, spec.plural) if ctx else None
    elif spec.kind in ("term", "org"):
        # English has no word order to lend, but its noun asked about does: "To which platform…"
        head = english_head(question_norm)
        found = head_phrase_span(norm, head.heads, tuple(head.others), head.modifiers) if head else None
    else:
        return None
    if found is None:
        return None
    a, b = found
    if spec.kind in ("term", "sentence"):
        quoted = [c for c in (cands or _quoted_candidates(norm, question_norm)) if c[0] < b and c[1] > a]
        if not quoted:
            return a, b
        group = [quoted[-1]]        # the quotation next to the right anchor, with any quoted right before it
        for c in reversed(quoted[:-1]):
            if norm[c[1]:group[0][0]].strip("”」』\"“「『、"):
                break           # something stands between them: "“一元主导…”的“1+3+x”" names one thing
            group.insert(0, c)
        if len(group) == 1:
            return _quoted_phrase(norm, group[0][0], group[0][1], question_norm)
        return group[0][0] - 1, group[-1][1] + 1     # “民警说事”“背包警务”: keep the marks between names
    if english and any(c[0] <= a and b <= c[1] for c in cands):
        return a, b         # the asked part of a longer name: 新城分局西一路派出所 → 西一路派出所
    inside = [c for c in cands if a <= c[0] and c[1] <= b]
    if len(inside) == 1 and not spec.plural:
        return inside[0][0], inside[0][1]
    if cands and not inside and not (spec.plural and "、" in norm[a:b]):
        return None         # the names of the asked kind are elsewhere: trust them
    return a, b


_PURPOSE = re.compile(r"^(?:为了|为|以便|以|方便|便于|确保|让|使|从而|进而|推动|促进|提升|助力|实现|倒逼)")
_WHY_AFTER = re.compile(r"^(?:为了|以便|以|方便|便于|确保|让|使|从而|进而)")
_OUTCOME = re.compile(r"显著|明显|大幅|提升|提高|增强|达到|获评|荣获|实现|率\d|\d+(?:\.\d+)?%")
_RESULT_CLAUSES = 3
_CAUSE = re.compile(r"(?:了解到|得知|发现|因为|由于|鉴于|看到)")
_VERB_WHAT = re.compile(r"([\u4e00-\u9fff]{2}[着著了]?)什么")
_VERB_WHAT_KIND = re.compile(r"([\u4e00-\u9fff]{2})了?(?:怎样|什么样)的")
_INTRO = re.compile(r"^(?:近日|目前|同时|此外|首先|其次|另外|其间|期间|今年以来|[^,，]{0,12}(?:中|时|后|以来|期间))$")


def reason_span(norm: str, clauses: list[tuple[int, int]], covered: list[float], anchor: int,
                asks: str, question_norm: str = "") -> tuple[int, int]:
    """The clause(s) answering a why/how/what-for question, around the clause that restates
    it (``anchor``, the one sharing most of its terms).

    Chinese news puts the means before the end they serve ("全天候巡逻防控,确保平安不出事")
    and the aim last ("…,倒逼责任落实"): an aim or effect is the sentence's last clause
    (with the one before when it opens with 为/以/让); a means is the clause before the
    restatement, or after it when the restatement opens the sentence; a reason is a
    purpose clause after it, else the cause a 了解到/因为 gives before it; an outcome
    ("换来了什么变化", "what did it yield") is the last clause when it reads as one (显著提升,
    获评, a rate), else all the clauses after the restatement. A question
    whose verb is in the sentence ("标志着什么") is answered by the rest of its clause.
    """
    last = len(clauses) - 1
    # the question's verb in the restating clause or the next one: the rest of its clause answers
    # ("标志着什么"; for an outcome also "带来了怎样的变化" ↔ "带来喜人变化")
    verbs = [_VERB_WHAT.search(question_norm), _VERB_WHAT_KIND.search(question_norm) if asks == "result" else None]
    for verb in filter(None, verbs):
        for a, b in clauses[anchor:anchor + 2]:
            at = norm.find(verb.group(1), a, b)
            if at >= 0 and b > at + len(verb.group(1)):
                return at + len(verb.group(1)), b
    if asks == "purpose":
        if anchor < last:
            start = last
            if start - 1 > anchor and _PURPOSE.match(norm[clauses[start - 1][0]:]):
                start -= 1
            return clauses[start][0], clauses[last][1]
        before = [j for j in range(anchor) if _PURPOSE.match(norm[clauses[j][0]:])]
        return clauses[before[-1] if before else max(anchor - 1, 0)]
    if asks == "result":
        if anchor < last:       # the outcome after the measures: the last clause when it reads as one, else all after
            if _OUTCOME.search(norm, *clauses[last]) or last - anchor > _RESULT_CLAUSES:
                return clauses[last]
            return clauses[anchor + 1][0], clauses[last][1]
        return clauses[anchor]
    if asks == "why":
        while anchor < last and covered[anchor + 1] >= 0.5 * covered[anchor]:
            anchor += 1     # the restatement runs on: "发动多方力量,采用…模式,[及时发现…]"
        after = [j for j in range(anchor + 1, last + 1) if _WHY_AFTER.match(norm[clauses[j][0]:])]
        if after:
            return clauses[after[0]]
        for j in range(anchor - 1, max(anchor - 4, -1), -1):
            m = _CAUSE.search(norm, clauses[j][0], clauses[j][1])
            if m:
                return m.end(), clauses[anchor - 1][1]
        return clauses[anchor + 1] if anchor < last else clauses[anchor - 1]
    if asks == "how":
        if anchor > 0 and not _INTRO.match(norm[clauses[anchor - 1][0]:clauses[anchor - 1][1]]):
            return clauses[anchor - 1]
        return clauses[anchor + 1] if anchor < last else clauses[anchor]
    # Otherwise the neighbour that shares least with the question is the new information.
    near = [j for j in (anchor + 1, anchor - 1) if 0 <= j <= last]
    j = min(near, key=lambda j: (covered[j], -(clauses[j][1] - clauses[j][0])))
    return clauses[j]


# --------------------------------------------------------------------------- sentences

def _key_term(norm: str, span: Span, terms: Terms) -> float:
    """Where the question's rarest term stands: 1 in the answer's clause, 0.5 elsewhere in
    the sentence, 0 absent. A question about 电信网络诈骗 answered by the figure of a
    clause about 涉恶刑事案件 is answering something else."""
    if not terms.weights:
        return 0.0
    key = terms.groups[max(range(len(terms.weights)), key=terms.weights.__getitem__)]
    a, b = next(((a, b) for a, b in _clauses(norm) if a <= span.start < b), (0, len(norm)))
    if any(t in norm[min(a, span.start):max(b, span.end)] for t in key):
        return 1.0
    return 0.5 if any(t in norm for t in key) else 0.0


def answer_window(norm: str, span: Span) -> str:
    """The answer's clause and the one before it: where a figure's subject is named
    ("全市人民群众对社会治安满意率, 由…提升至2024年的99.54%")."""
    clauses = _clauses(norm)
    i = next((j for j, (a, b) in enumerate(clauses) if a <= span.start < b), None)
    if i is None:
        return norm
    a = clauses[max(0, i - 1)][0]
    return norm[min(a, span.start):max(clauses[i][1], span.end)]


def without_quoted_names(window: str, question_norm: str) -> str:
    """``window`` with the quoted names the question does not use blanked out: "全国最美基层民警"
    is an honour's name, and a figure beside it counts people honoured, not 民警."""
    return QUOTED.sub(lambda m: m.group(0) if m.group(0)[1:-1] in question_norm else " ", window)


def focus_terms(index: Index, spec: QuestionSpec) -> Terms:
    """The question's focus (what it counts) weighted by IDF, once per question; a word no
    passage contains keeps the highest weight — it is missing wherever it is looked for."""
    weights = [_idf(index, min((d for d in (index.lexical.doc_freq(t) for t in group) if d > 0), default=0))
               for group in spec.focus]
    return Terms(spec.focus, tuple(weights))


def attested_focus(index: Index, focus: Terms) -> Terms:
    """The question's focus without the words no passage uses, when some word of it is used:
    those are the asker's own wording (止损, 疏散 beside the articles' 挽回, 撤离), not an action
    the articles report apart from the one asked about, as 立案 is apart from 破获. A focus
    no passage uses at all ("几个节气") is kept whole: the question counts what the articles
    never count."""
    kept = [(g, w) for g, w in zip(focus.groups, focus.weights)
            if any(index.lexical.doc_freq(t) > 0 for t in g)]
    if not kept:
        return focus
    return Terms(tuple(g for g, _ in kept), tuple(w for _, w in kept))


def focus_support(window: str, focus: Terms) -> float:
    """Weighted share of the question's focus named in the answer's window; a word that is
    absent earns half the share of its characters that are there, so 务工人员 partly
    answers 打工者. 1.0 when the question has no focus."""
    if not focus.total:
        return 1.0
    got = 0.0
    for group, w in zip(focus.groups, focus.weights):
        if any(t in window for t in group):
            got += w
        else:
            got += w * 0.5 * max(sum(c in window for c in t) / len(t) for t in group)
    return got / focus.total


def place_conflict(norm: str, span: Span, spec: QuestionSpec, attested: frozenset[str] = frozenset(),
                   lead: tuple[str, ...] = ()) -> bool:
    """A figure or date asked for one place, given in a sentence that names another place
    before it and not the asked one: 西安's 698名 does not answer 安康, nor 渭南市's total
    富平县. Places after the figure belong to the items that follow it. ``lead`` are the
    sentences before it in its paragraph, nearest last: "榆林公安建立…机制。全市共设立企业警务室61个"
    counts 榆林's, not 西安's, though 西安 leads the paragraph before."""
    if not spec.places or spec.kind not in ("number", "date"):
        return False
    if any(a in norm for alts in spec.places for a in alts):
        return False
    if any(start < span.start for start, _, _ in places_in_tagged(tagged(norm), attested)):
        return True
    for before in reversed(lead):
        if any(a in before for alts in spec.places for a in alts):
            return False
        if any(sibling_places(p, a) for _, _, p in places_in_tagged(tagged(before), attested)
               for alts in spec.places for a in alts):
            return True
    return False


def _paragraph_ends(index: Index, j: int) -> bool:
    """Whether a line break follows sentence ``j`` before the next sentence of its article."""
    ref, nxt = index.sentences[j], index.sentences[j + 1]
    return "\n" in index.normalized[ref.source][ref.end:nxt.start]


def paragraph_lead(index: Index, i: int) -> tuple[str, ...]:
    """The normalised sentences before sentence ``i`` in its paragraph, in order."""
    ref = index.sentences[i]
    norm = index.normalized[ref.source]
    lo = index.sentence_ranges[ref.source][0]
    j = i
    while j > lo and not _paragraph_ends(index, j - 1) \
            and "\n" not in norm[index.sentences[j - 1].start:index.sentences[j - 1].end]:
        j -= 1
    return tuple(norm[index.sentences[k].start:index.sentences[k].end] for k in range(j, i))


HEADING_CARRY = 0.9     # a body sentence shares its heading's words, a little less surely than its own
_HEADING_CHARS = 12
SEMICOLON_CARRY = 0.7   # a ;-piece shares its sentence's opening words, less surely than a body its heading's
_FIGURE_NOT_YEAR = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?![\d年])")


def sentence_opening(before: tuple[str, ...]) -> str:
    """What the sentence a ;-piece continues opens with: its first piece up to its first figure
    (a year aside). "渭南市还深入推进全市“城乡治理一张网”行动,…动员7.2万余名网格员…;开展…活动512场次,
    走访群众138.1万余户。" counts the households under the campaign the opening names; the
    figures of the pieces before ("收缴假证件、假印章1.2万件;") are facts of their own. "" for a
    whole sentence."""
    k = len(before)
    while k > 0 and before[k - 1].rstrip().endswith((";", "；")):
        k -= 1
    if k == len(before):
        return ""
    first = before[k]
    figure = _FIGURE_NOT_YEAR.search(first)
    return first[:figure.start()] if figure else first


def chain_after(index: Index, i: int) -> str:
    """The ;-pieces that carry on sentence ``i`` when it ends with a semicolon, normalised and
    joined: "2023年,陕西公安广泛开展…专项行动,…;现发命案全破,…。" — the year that opens the
    chain dates its every piece. "" when the sentence is not continued."""
    ref = index.sentences[i]
    norm = index.normalized[ref.source]
    hi = index.sentence_ranges[ref.source][1]
    pieces, j = [], i
    while j + 1 < hi and norm[index.sentences[j].start:index.sentences[j].end].rstrip().endswith((";", "；")) \
            and not _paragraph_ends(index, j):
        j += 1
        pieces.append(norm[index.sentences[j].start:index.sentences[j].end])
    return "".join(pieces)


def _opens_with(norm: str, span: Span) -> bool:
    """Whether ``span`` leads its sentence, only a connective or enumerator before it."""
    return not _CONTENT_CHAR.search(_CONNECTIVE.sub("", _ENUMERATOR.sub("", norm[:span.start].strip())))


def _shifted(span: Span, by: int) -> Span:
    return replace(span, start=span.start + by, end=span.end + by)


def _is_heading(norm: str) -> bool:
    """A sentence short enough to only name a topic: a whole sentence (not a ;-item) without
    figures, at most a dozen characters besides its connective or enumerator ("另外,", "七是")."""
    if not re.search(r"[。!！?？]\s*$", norm) or re.search(r"\d", norm):
        return False
    return len(_CONTENT_CHAR.findall(_CONNECTIVE.sub("", _ENUMERATOR.sub("", norm.strip())))) <= _HEADING_CHARS


# "“我们通过‘背包警务’…防控图。”富平县公安局宫里派出所所长王宁说。": who said a quote is in
# the sentence after it, which shares none of the quote's words.
_ATTRIBUTION = re.compile(r"^[^,，。;；“”\"]{2,30}(?:说|表示|介绍|告诉记者|坦言|感慨道?)[。!！]?\s*$")


def _attributes_quote(norm: str, before: tuple[str, ...]) -> bool:
    """A short sentence that only says who spoke the quote right before it."""
    return bool(before) and before[-1].rstrip().endswith(("”", "」", "\"")) and bool(_ATTRIBUTION.match(norm.strip()))


_TALLY_VERBS = frozenset("累计 合计 总计 共计 统计".split())    # they add up; they do not say what was done


def action_conflict(norm: str, span: Span, window: str, spec: QuestionSpec, question_norm: str,
                    focus: Terms) -> bool:
    """A Chinese count question answered by a figure its clause counts under another
    action: "全省共破获刑事案件5.5万余起" (solved) for "刑事案件立案数" (filed). No verb of
    the figure's clause before it shares a character with the question, and part of
    what the question counts is missing from ``window`` (``answer_window``); ``focus`` holds
    only words some passage uses (``attested_focus``). (English questions: their words are
    translations, so the verb test cannot be made.)"""
    if spec.kind != "number" or not focus.groups or not asked_in_chinese(question_norm):
        return False
    begins = clause_start(norm, span.start)
    verbs, pos = [], 0
    for word, flag in tagged(norm):
        if pos >= span.start:
            break
        if pos >= begins and flag == "v" and len(word) >= 2 and word not in GENERIC_PREDICATES \
                and word not in _TALLY_VERBS:
            verbs.append(word)
        pos += len(word)
    if not verbs or any(c in question_norm for verb in verbs for c in verb):
        return False            # the same action, perhaps reworded: 侦破/破获, 追回/挽回
    return any(not any(t in window for t in group) for group in focus.groups)


def unnamed_focus(norm: str, window: str, spec: QuestionSpec, question_norm: str, focus: Terms) -> bool:
    """An English count question none of whose counted words (their Chinese readings that some
    passage uses, ``attested_focus``) is named by the figure's clause or the one before, nor
    beside any other figure of the sentence: "how many compulsory drug rehabilitation
    centres" ↛ a sentence counting something else. Not even part of a word is there —
    translations miss rewordings, so a half-named focus is let be (``focus_support`` gives it
    half credit); and a sentence whose other figure names it ("3次党委专题会、…10次调度会" for
    "dispatch meetings") is the right one, its figure picked wrong."""
    if spec.kind != "number" or not focus.groups or asked_in_chinese(question_norm):
        return False
    if focus_support(window, focus) > 0.0:
        return False
    return not any(focus_support(answer_window(norm, Span(m.start(), m.end(), 1.0, 1.0)), focus) > 0.0
                   for m in NUMBER.finditer(norm))


_TOTALS = ("各类", "各种", "所有", "全部")
_SUBSET = re.compile(r"(?:涉[\u4e00-\u9fff]|[\d一二三四五六七八九十]+类)$")


def modifier_conflict(norm: str, window: str, spec: QuestionSpec, question_norm: str) -> bool:
    """A Chinese count question whose counted noun the answer's clause gives with another
    modifier in its place: 县级综治中心 asked, 镇级综治中心136个 given; 涉企 for 涉恶, 刑事案件发案率
    for 治安案件发案率 — the same slot, a word of the same shape (a character shared in the
    same position), absent from the sentence; or a word sharing no character with it
    (涉毒案件 asked, 黄赌案件 given; 禁毒宣传单, 平安建设宣传单) — a word sharing some in another
    place may be a rewording (电诈, 诈骗) and is let be. A total (各类刑事案件) is not answered by a
    subset (十类涉恶刑事案件), nor a plain count (治安案件) by one about something (涉企治安案件)."""
    if spec.kind != "number" or not asked_in_chinese(question_norm):
        return False
    words = [g[0] for g in spec.focus if len(g) == 1]
    for mod, head in zip(words, words[1:]):
        if mod + head not in question_norm or mod in norm:
            continue
        for at in (m.start() for m in re.finditer(re.escape(head), window)):
            other = window[max(0, at - len(mod)):at]
            if len(other) == len(mod) and _HAN.fullmatch(other[0]) and other not in question_norm \
                    and (any(a == b for a, b in zip(other, mod))
                         or (_HAN.fullmatch(other[-1]) and not set(other) & set(mod))):
                return True
    for head in words:
        total = any(t + head in question_norm for t in _TOTALS)
        for m in re.finditer(re.escape(head), window):
            subset = _SUBSET.search(window[:m.start()])
            if subset and (total or (subset.group(0).startswith("涉") and subset.group(0) not in question_norm)):
                return True
    return False


_CHANGE_WORD = re.compile(RISE_WORDS + "|" + FALL_WORDS + "|同比|环比")


def counted_later(norm: str, span: Span, window: str, spec: QuestionSpec, question_norm: str) -> bool:
    """A Chinese count question whose counted thing the sentence names only in a later
    clause, none of it beside the figure: "5年来,全市刑事案件发案数下降33%,…,交通事故死亡人数
    …大幅下降" gives no figure for 交通事故死亡."""
    if spec.kind != "number" or not asked_in_chinese(question_norm):
        return False
    nouns = [g[0] for g in spec.focus if len(g) == 1 and not _CHANGE_WORD.fullmatch(g[0])]
    if not nouns or any(t in window or norm.startswith(t, span.end) for t in nouns):
        return False        # “十项举措”: named right after the figure, inside a name the window leaves out
    return any(t in norm[span.end:] and t not in norm[:span.end] for t in nouns)


def quoted_conflict(norm: str, span: Span, spec: QuestionSpec) -> bool:
    """A figure counting a quoted name other than the one asked: “项目警官”169名 does not
    answer how many 「护航警官」 there are, when the sentence never names them."""
    if spec.kind != "number" or not spec.quoted \
            or any(mentions(norm, q) or numbered_list(norm, q) for q in spec.quoted):
        return False
    return any(abs(m.end() - span.start) <= 1 or abs(span.end - m.start()) <= 1 for m in QUOTED.finditer(norm))


# What may stand between a name and what explains it: “A、B、C”的“1+3+X”, “52项”练兵重点, X,即…
_LINKED = re.compile(r"[“”「」\"\s]*(?:的|即|是|为|指|就是|[:：(（]|[,，]即)?[“”「」\"\s]*")


def unexplained(norm: str, span: Span, spec: QuestionSpec) -> bool:
    """The question asks what a quoted name means or is made of, and the sentence does not say:
    an answer stands right beside the name it explains (“一元主导、三方协助、多元化解”的“1+3+X”,
    践行“创新、主动”新警务理念, 明确“52项”练兵重点). Another name of the sentence (“十四五” for
    「一都」), the list the name is itself one item of (崇法、鼎新、筑基、强警 for 「鼎新」), or
    another name's parts (“党委+派出所+职能部门” are 1+4+N's, not 1+2+3+X's) do not."""
    if not spec.explained:
        return False
    for name in spec.explained:
        for m in re.finditer(re.escape(name), norm):
            if (m.end() <= span.start and _LINKED.fullmatch(norm, m.end(), span.start)) \
                    or (span.end <= m.start() and _LINKED.fullmatch(norm, span.end, m.start())):
                return False
    return True


_LIST_END = re.compile(r"等(?![级待候同于])")     # 等 closing a list, not 等级, 等待, 等同
_LIST_ITEM = re.compile(r"[“\"「]([^”\"」]{1,12})[”\"」]|([^、“”\"「」]{1,12})")


def list_items(norm: str, end: int) -> list[str]:
    """The items of the enumeration closed by the 等 at ``end``: 计算机、法律、金融、法医 or
    “云剑”“秦鹰”“雷霆”. The first item may carry the words before it (招录计算机)."""
    run = norm[clause_start(norm, end):end]
    if "、" not in run and run.count("“") + run.count("「") < 2:
        return []
    return [a or b for a, b in _LIST_ITEM.findall(run)]


def list_member_conflict(norm: str, span: Span, spec: QuestionSpec, question_norm: str, terms: Terms) -> bool:
    """A figure for a whole list answers no single item of it: “招录计算机、法律、金融、法医等
    专业人才437人” does not say how many 法医 were hired, nor “云剑”“秦鹰”“雷霆”等专项行动…
    破获5.5万余起 how many cases 云剑 cracked. The question picks exactly one item (a question
    naming several is taken to ask for the total: an English one may not bridge every item),
    has no 等 of its own, and the item is not named again between the list and the figure or
    in the figure's own clause (“一室两队”“岗位制”等改革, 建成17个“岗位制”派出所 does count 岗位制,
    and …,49个农村派出所推行“交所合一” counts 交所合一)."""
    if spec.kind != "number" or "等" in question_norm:
        return False
    asked = {t for group in terms.groups for t in group if len(t) > 1}
    named = lambda item: item in question_norm or item in asked
    for m in _LIST_END.finditer(norm, norm.rfind("。", 0, span.start) + 1, span.start):
        members = [item for item in list_items(norm, m.start())[1:] if len(item) > 1]  # the first may hold a verb
        picked = [item for item in members if named(item)]
        named_again = norm[m.end():max(span.end + len(picked[0]) + 2, clause_end(norm, span.end))] if picked else ""
        if len(members) >= 2 and len(picked) == 1 and picked[0] not in named_again:
            return True
    return False


_INCLUDING = re.compile(r"等|包括|包含|\b(?:including|includ(?:es|ed)|such as)\b", re.I)


def example_counted(norm: str, span: Span, spec: QuestionSpec, question_norm: str) -> bool:
    """A figure closing an example with 等 counts the kind the example is one of: “新增电子居住证
    办理等8项业务” counts 业务, so it does not say how many 电子居住证 were issued. The question
    counts what the example names and nothing the figure's own noun says."""
    if spec.kind != "number" or not spec.focus or _INCLUDING.search(question_norm):
        return False
    before = norm[:span.start].rstrip()
    if not before.endswith("等"):
        return False
    example = before[clause_start(norm, len(before) - 1):-1]
    head = norm[span.end:clause_end(norm, span.end)][:6]
    return all(any(t in example for t in group) for group in spec.focus) \
        and not any(t in head for group in spec.focus for t in group)


_SINGLED_OUT = re.compile(r"单是|单单|光是|仅仅|仅是|只是")
_LIST_RUN = re.compile(r"[\u4e00-\u9fff“”「」]{1,12}(?:、[\u4e00-\u9fff“”「」]{1,12})+")


def singled_out_of_list(norm: str, span: Span, spec: QuestionSpec, question_norm: str) -> bool:
    """A count asked for one item alone ("单是车驾管业务就办理了多少笔") is not answered by the
    figure a list of items shares: 户政、出入境、车驾管业务113万多笔."""
    if spec.kind != "number" or not _SINGLED_OUT.search(question_norm):
        return False
    runs = list(_LIST_RUN.finditer(norm, clause_start(norm, span.start), span.start))
    if not runs or runs[-1].end() < span.start - 6:
        return False
    items = runs[-1].group(0).split("、")
    named = [item for item in items if item[:2] in question_norm]
    return 0 < len(named) < len(items)


def part_conflict(norm: str, span: Span, spec: QuestionSpec) -> bool:
    """A count of part of a figure the question names ("3002名犯罪嫌疑人中,有多少人被依法逮捕")
    is answered only by a figure the sentence gives as a part (其中…): the named figure itself,
    or another listed beside it (抓获逃犯377人), is not one. A count of a kind of a whole
    ("…的刑事案件里,电信诈骗案件占了多少起") needs a sentence that names the kind."""
    if spec.subgroup and not all(word in norm for word in spec.subgroup):
        return True
    if not spec.part_of:
        return False
    figure = re.match(r"\d+(?:\.\d+)?", norm[span.start:span.end])
    if figure and figure.group(0) == spec.part_of:
        return True
    return "其中" not in norm[:span.start]


_DEGREE_ZH = re.compile(r"最[大多高低长少早晚小]|单笔|单次|平均|人均")     # not 最新: "the latest" is no measure
_DEGREE_EN = {"largest": "最大", "biggest": "最大", "highest": "最高", "lowest": "最低", "smallest": "最小",
              "longest": "最长", "earliest": "最早", "average": "平均", "per capita": "人均"}
_DEGREE_EN_WORDS = re.compile(r"\b(?:" + "|".join(_DEGREE_EN) + r")\b", re.I)


def degree_conflict(norm: str, question_norm: str) -> bool:
    """A question asking for an extreme or an average ("单笔最大的一笔", "the average
    temperature") is not answered by a sentence that never says so: a total (追回欠薪1981.9万余元)
    is not the largest single sum."""
    asked = _DEGREE_ZH.findall(question_norm) + [_DEGREE_EN[m.group(0).lower()]
                                                 for m in _DEGREE_EN_WORDS.finditer(question_norm)]
    return any(word not in norm for word in asked)


def scope_conflict(window: str, spec: QuestionSpec) -> bool:
    """The question asks province-wide (全省) and the answer's clause speaks of another level
    (全市); or it names a city and the clause speaks of a whole county (全县) — a part.
    A higher level beside a named place is often a comparison ("在全省率先"), so only
    levels below the place's own count against it."""
    if spec.scope:
        return spec.scope not in window and any(s in window for s in SCOPES if s != spec.scope)
    if spec.place_level in SCOPES and spec.place_level not in window:
        below = SCOPES[SCOPES.index(spec.place_level) + 1:]
        return any(s in window for s in below)
    return False


_YEARS_SPAN = r"(?:[2-9]|[两三四五六七八九十]|十[一二三四五六七八九]?)\s*年(?:来|间|累计|以来|里|中)"
_MANY_YEARS = re.compile(_YEARS_SPAN + r"|十[一二三四]五|历年|多年|\b(?:(?:past|last|over|these|those) (?:\w+ )?(?:years|five|two|three|four|ten)|years)\b")
_ONE_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}\s*年(?!\s*(?:以来|来|至|到|[-—–~]))|(?<![\d几多每])一年|全年|当年|今年|去年"
                       r"|\b(?:in|during|for) (?:19|20)\d{2}\b(?! (?:to|and|through))|\b(?:this|last) year\b|\bin a year\b")
_PER_YEAR = re.compile(r"每年|年均|\b(?:each|every|per|a) year\b|\bannually\b")


_MONTH_RUN = re.compile(r"(?<!\d)\d{1,2}\s*(?:月份?)?(?:\s*(?:、|和|及|与|至|到|[-—–~])\s*\d{1,2}\s*月份?)+")
_YEAR_RUN = re.compile(r"(?<!\d)(?:19|20)\d{2}\s*年?(?:的[^,，。;；]{0,12}?)?\s*(?:至|到|[-—–~])\s*(?:19|20)\d{2}|"
                       r"(?<!\d)(?:19|20)\d{2}\s*年?\s*(?:以来|来)")


def said_of_another(norm: str, span: Span, spec: QuestionSpec) -> bool:
    """What the question says of the things it counts ("多少个集体立了一等功" → 一等功) the
    sentence says only in another clause with a figure of its own: "全市30个集体…获表彰,4名个人
    立一等功" does not say the 30 were."""
    if not spec.said_of:
        return False
    own = norm[clause_start(norm, span.start):clause_end(norm, span.end)]
    for word in spec.said_of:
        if word in own or word not in norm:
            continue
        places = [m.start() for m in re.finditer(re.escape(word), norm)]
        if all(NUMBER.search(norm[clause_start(norm, at):clause_end(norm, at)]) for at in places):
            return True
    return False


_SIBLINGS_ASKED = re.compile(r"还|除|另|其他|其余|并列|同列|哪些|哪[几两三四五六七八九十]|分别|"
                             r"\b(?:other|others|besides|apart|except|alongside|along with|together with)\b", re.I)


def sibling_name(norm: str, span: Span, spec: QuestionSpec, question_norm: str) -> bool:
    """The answer is another quoted name of the run the asked name stands in: “云剑”“秦鹰”“雷霆”
    “破小案、暖民心”等专项行动 does not say what 「雷霆」 targets, and 破小案、暖民心 is not it —
    unless the question asks for the others ("除了“雷霆”还有哪些", "跟“民警说事”“背包警务”并列的")."""
    if spec.kind not in ("term", "org") or not spec.quoted or spec.explained or _SIBLINGS_ASKED.search(question_norm):
        return False
    names = list(QUOTED.finditer(norm))
    at = next((k for k, m in enumerate(names) if m.start() <= span.start < m.end()
               or (m.start() == span.start - 1 and span.end <= m.end())), None)
    if at is None or norm[names[at].start() + 1:names[at].end() - 1] in spec.quoted:
        return False
    run = [at]
    for step in (-1, 1):
        k = at
        while 0 <= k + step < len(names):
            a, b = (names[k], names[k + step]) if step > 0 else (names[k + step], names[k])
            if norm[a.end():b.start()].strip("、 ") != "":
                break
            k += step
            run.append(k)
    asked = sum(norm[names[k].start() + 1:names[k].end() - 1] in spec.quoted for k in run)
    return asked == 1           # naming two of the run, the question asks for the rest of it


def alone_conflict(norm: str, spec: QuestionSpec) -> bool:
    """The question insists on one month or year ("仅8月份一个月", "in 2021 alone") and the
    sentence names it only as part of a span (7月份、8月份; 2021年至2024年; 2021年以来), or not at
    all: its figure is the span's, or the period the article's context gives, not the month's or
    year's."""
    if not spec.alone:
        return False
    runs = [m.span() for m in (_MONTH_RUN if spec.months else _YEAR_RUN).finditer(norm)]
    pattern = rf"(?<!\d){spec.months[0]}\s*月" if spec.months else spec.years[0]
    found = [m.start() for m in re.finditer(pattern, norm)]
    return not any(not any(a <= at < b for a, b in runs) for at in found)


def period_conflict(window: str, spec: QuestionSpec, question_norm: str) -> bool:
    """A count asked for one year answered by a figure summed over several ("2023年一年办理
    多少笔" ↔ "5年累计办理…113万多笔"), or asked over several years answered by a yearly
    figure ("5年来开展多少场次" ↔ "每年开展…810场次")."""
    if spec.kind != "number" or spec.change:
        return False
    many_asked = bool(_MANY_YEARS.search(question_norm))
    one_asked = not many_asked and bool(_ONE_YEAR.search(question_norm))
    if one_asked and re.search(_YEARS_SPAN, window):
        return True
    return many_asked and not _MANY_YEARS.search(window) and bool(_PER_YEAR.search(window))


def candidate_sentences(index: Index, passages: list[Passage]) -> list[tuple[int, int]]:
    """(sentence index, rank of its best passage) for sentences overlapping a candidate passage."""
    spans_by_source: dict[str, list[tuple[int, int, int]]] = {}
    for rank, p in enumerate(passages):
        spans_by_source.setdefault(p.source, []).append((p.start, p.end, rank))
    out = []
    for source, spans in spans_by_source.items():
        lo, hi = index.sentence_ranges[source]
        for i in range(lo, hi):
            s = index.sentences[i]
            ranks = [r for a, b, r in spans if s.start < b and s.end > a]
            if ranks:
                out.append((i, min(ranks)))
    return out


@dataclass(frozen=True)
class AskedItem:
    """The asked item of a numbered list, as found in one candidate sentence."""

    lead: str               # the list's lead-in, normalised: what the list is of
    lead_sentences: range   # the sentences the lead-in spans
    head_start: int         # the item's head (without its marker), as offsets into the sentence
    head_end: int
    rank: int               # rank of the best candidate passage holding the list


def asked_items(index: Index, passages: list[Passage], number: int, size: int = 0) -> dict[int, AskedItem]:
    """The ``number``-th item (``EVERY_ITEM``: each item) of every numbered list in the
    candidate articles (of ``size`` items, when the question says how many), by the sentence
    its head is in. Item sentences rarely share the question's words — the lead-in does — so
    they are added to the candidates even when no retrieved passage holds them."""
    found = {}
    for source in dict.fromkeys(p.source for p in passages):
        text = index.normalized[source]
        lo, hi = index.sentence_ranges[source]

        def sentence_at(offset: int) -> int | None:
            return next((k for k in range(lo, hi) if index.sentences[k].start <= offset < index.sentences[k].end), None)

        for lst, item in item_numbered(text, number):
            i = sentence_at(item.head_start)
            if i is None or (size and len(lst.items) != size):
                continue
            end = lst.items[-1].head_end
            rank = min((r for r, p in enumerate(passages) if p.source == source and p.start < end and p.end > lst.lead_start),
                       default=len(passages))
            lead = text[lst.lead_start:lst.lead_end].rstrip()
            first, last = sentence_at(lst.lead_start), sentence_at(lst.lead_start + max(len(lead) - 1, 0))
            ref = index.sentences[i]
            found[i] = AskedItem(lead, range(first, last + 1) if first is not None and last is not None else range(0),
                                 item.head_start - ref.start, min(item.head_end, ref.end) - ref.start, rank)
    return found


def _sentence_norm(index: Index, i: int) -> str:
    ref = index.sentences[i]
    return index.normalized[ref.source][ref.start:ref.end]


_NO_FACT = 0.6      # a sentence without a figure (date, name) of the asked kind, or a heading, cannot answer; its neighbour may


def score_sentences(index: Index, query_vector: np.ndarray, passages: list[Passage], spec: QuestionSpec,
                    terms: Terms, question_norm: str) -> list[ScoredSentence]:
    cands = candidate_sentences(index, passages)
    # the asked item, or for "是第几项" any item: its list's lead-in says what the list is of
    items = asked_items(index, passages, EVERY_ITEM if spec.rank else spec.item, spec.list_size) \
        if spec.item or spec.rank else {}
    vouched = {i: coverage(item.lead + _sentence_norm(index, i), terms) for i, item in items.items()}
    items = {i: item for i, item in items.items() if vouched[i] > 0}
    seen = {c for c, _ in cands}
    cands += [(i, item.rank) for i, item in items.items() if i not in seen]
    # a list's lead-in names what is listed; it does not say which is the third
    leads = {k for item in items.values() for k in item.lead_sentences}
    if not cands:
        return []
    ids = np.array([i for i, _ in cands])
    dense = index.sentence_vectors[ids] @ query_vector
    top = float(dense.max())
    focus = focus_terms(index, spec)
    said_focus = attested_focus(index, focus)
    out = []
    for (i, rank), d in zip(cands, dense):
        ref = index.sentences[i]
        text = index.articles[ref.source].text[ref.start:ref.end]
        norm = _sentence_norm(index, i)
        cov = coverage(norm, terms)
        before = paragraph_lead(index, i)
        if before and (_is_heading(before[-1]) or _attributes_quote(norm, before)):
            # "同时,“三路督导”统管。搭建…": the body answers what its heading names; "…”王宁说。"
            # answers who said it
            cov = max(cov, HEADING_CARRY * coverage(before[-1] + norm, terms))
        qual = qualifier_agreement(index, ref, spec)
        span = extract_span(text, norm, spec, question_norm, terms, index.places)
        # only a figure (date, name) of the asked kind is carried: a piece that merely goes on
        # about something else ("…;现发命案全破,…") says nothing of the opening's campaign
        opening = sentence_opening(before) if span.fit >= 1.0 else ""
        if opening:
            cov = max(cov, SEMICOLON_CARRY * coverage(opening + norm, terms))
        if spec.kind == "date" and span.fit >= 1.0 and _opens_with(norm, span):
            # the date opening a ;-chain answers for what its later pieces say
            chain = chain_after(index, i)
            if chain:
                cov = max(cov, SEMICOLON_CARRY * coverage(norm + chain, terms))
        item = items.get(i)
        if item:                # the item vouched for by its list's lead-in, which shares the question's words
            cov = max(cov, vouched[i])
            if item.lead_sentences:
                qual = max(qual, qualifier_agreement(index, index.sentences[item.lead_sentences[-1]], spec))
            untold = [g for g in terms.groups if not any(t in item.lead for t in g)]
            if not spec.rank and not any(t in norm[item.head_start:item.head_end] for g in untold for t in g):
                # "排在第三项的是什么": the item itself, placed as surely as its list is the one
                # asked about: of the size the question says, or by the words its lead-in shares
                span = Span(item.head_start, item.head_end, 1.0, 1.0 if spec.list_size else vouched[i])
        window = answer_window(norm, span)
        counted = without_quoted_names(window, question_norm)
        lead = before if spec.places and spec.kind in ("number", "date") else ()
        if scope_conflict(window, spec) or place_conflict(norm, span, spec, index.places, lead) \
                or action_conflict(norm, span, counted, spec, question_norm, said_focus) \
                or unnamed_focus(norm, counted, spec, question_norm, said_focus) \
                or modifier_conflict(norm, counted, spec, question_norm) \
                or counted_later(norm, span, counted, spec, question_norm) or quoted_conflict(norm, span, spec) \
                or list_member_conflict(norm, span, spec, question_norm, terms) \
                or (opening and list_member_conflict(opening + norm, _shifted(span, len(opening)), spec, question_norm, terms)) \
                or period_conflict(window, spec, question_norm) or part_conflict(norm, span, spec) \
                or unexplained(norm, span, spec) or alone_conflict(norm, spec) or said_of_another(norm, span, spec) \
                or example_counted(norm, span, spec, question_norm) \
                or singled_out_of_list(norm, span, spec, question_norm) \
                or sibling_name(norm, span, spec, question_norm) \
                or (degree_conflict(norm, question_norm) and not span.compared):
            qual = 0.0
        closeness = 1.0 - min(1.0, (top - float(d)) * 8.0)
        score = (0.3 * closeness + 0.25 * cov + 0.25 * span.slot + 0.12 * span.fit + 0.08 / (1 + rank)) \
            * (0.3 + 0.7 * qual) * (_NO_FACT if i in leads and i not in items else 1.0)
        out.append(ScoredSentence(ref, text, norm, score, float(d), cov, qual, rank, span,
                                  _key_term(norm, span, terms), focus_support(counted, focus)))
    # The sentence closest to the question may hold no figure (date, name) of the asked kind,
    # or only restate the question (a heading): its neighbour may answer. It is demoted, and
    # how far it led is kept — a sign the articles talk about the question without answering it.
    factless = max((s.score for s in out if s.span.fit == 0), default=0.0)
    out = [replace(s, score=s.score * _NO_FACT, factless_lead=0.0) if s.span.fit == 0
           else replace(s, factless_lead=max(0.0, factless - s.score)) for s in out]
    out.sort(key=lambda s: -s.score)
    if spec.compare and spec.compare.wants == "value":
        out = _rivals_compared(out, spec.compare)
    if spec.section:
        out = _under_headings(index, out)
    return out


_HEADING_MAX_CHARS = 24
_SENTENCE_END = re.compile(r"[。!！?？;；:：]\s*$")


def section_heading(index: Index, i: int) -> int | None:
    """The heading of the section sentence ``i`` stands in: the nearest sentence at or before it
    that is a paragraph of its own, short and unpunctuated ("构建更高效能服务体系", "政治引领铸忠诚
    素质强警提质效") — not the article's title (its first line), its subtitle ("——…综述") or a
    lede ("春日陕北,山花烂漫。"). None before the first heading, or in an article without any."""
    ref = index.sentences[i]
    norm = index.normalized[ref.source]
    lo, hi = index.sentence_ranges[ref.source]
    for j in range(i, lo, -1):
        s = index.sentences[j]
        text = norm[s.start:s.end].strip()
        alone = _paragraph_ends(index, j - 1) and (j + 1 >= hi or _paragraph_ends(index, j))
        if alone and not _SENTENCE_END.search(text) and not text.startswith("—") \
                and 0 < len(_CONTENT_CHAR.findall(text)) <= _HEADING_MAX_CHARS:
            return j
    return None


def _under_headings(index: Index, ranked: list[ScoredSentence]) -> list[ScoredSentence]:
    """For a question asking which section says something: each sentence replaced by its
    section's heading (the whole heading is the answer), best first, each heading once; a
    sentence under no heading drops out."""
    out, seen = [], set()
    for s in ranked:
        lo, hi = index.sentence_ranges[s.ref.source]
        j = section_heading(index, next(k for k in range(lo, hi) if index.sentences[k] == s.ref))
        if j is None or j in seen:
            continue
        seen.add(j)
        ref = index.sentences[j]
        text = index.articles[ref.source].text[ref.start:ref.end]
        out.append(replace(s, ref=ref, text=text, normalized=_sentence_norm(index, j),
                           span=Span(0, len(text), 1.0, max(s.span.slot, s.coverage))))
    return out


_RIVAL_SHARE = 0.7      # a rival scores at least this share of the best sentence


def _rivals_compared(ranked: list[ScoredSentence], comparison: Comparison) -> list[ScoredSentence]:
    """A comparison no single sentence settles ("the larger sum: business losses or fraud
    losses?"): when the two best sentences each give one figure or date of the asked kind, the
    one that wins the comparison is put first."""
    if len(ranked) < 2 or ranked[0].span.compared:
        return ranked
    first, second = ranked[0], ranked[1]
    if second.score < _RIVAL_SHARE * first.score or min(first.span.fit, second.span.fit) < 0.9 \
            or min(first.coverage, second.coverage) == 0:
        return ranked
    spans = [s.normalized[s.span.start:s.span.end] for s in (first, second)]
    if rival_winner(spans, comparison) != 1:
        return ranked
    return [replace(second, score=first.score), replace(first, score=second.score), *ranked[2:]]
