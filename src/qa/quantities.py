"""Figures and dates as the articles write them, and their values for comparing.

The patterns are shared by span extraction (which figure or date answers a question) and by
comparisons (which of a sentence's figures or dates is the largest or the earliest).
"""
from __future__ import annotations

import re
from functools import lru_cache

from .alignment import clause_start, item_start
from .enumerations import chinese_number
from .questions import tagged

# A figure with its magnitude and unit: 3253个, 4.15万个, 1.1亿元, 8.5万余起, 98.86%, 27.3个百分点
UNITS = ("个百分点|平方公里|平方米|个月|人次|台次|万元|亿元|场次|大类|余人|余名|公里|千米|小时|分钟|方面|%|％|户|个|起|人|名|件|次|元|本|笔|级|轮|"
         "张|期|项|条|场|处|所|家|支|辆|架|艘|台|份|岁|天|周|倍|批|类|座|间|套|米|吨|宗|部|只|组|队|枚|年|万|亿")
NUMBER = re.compile(rf"(?<![\d.])(\d+(?:\.\d+)?|[一二两三四五六七八九十百千]+)(?:万|亿|千)?(?:余|多)?(?:{UNITS})?(?:左右)?")
# Dates, longest first; a part of a month or year (5月底, 明年年底, 上半年) is a date too.
_PART = r"(?:底|初|末|中旬|上旬|下旬)"
DATE = re.compile(r"(?:\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}-\d{1,2}-\d{1,2}|\d{1,2}\s*月\s*\d{1,2}\s*日|"
                  rf"\d{{4}}\s*年\s*\d{{1,2}}\s*月(?:份)?{_PART}?|\d{{1,2}}\s*[-—–至到、]\s*\d{{1,2}}\s*月份?{_PART}?|"
                  rf"\d{{4}}\s*年(?:度|年?{_PART}|[上下]半年)?|\d{{1,2}}\s*月份?{_PART}?|"
                  rf"[今明去前当]年(?:年?{_PART}|[上下]半年|\d{{1,2}}\s*月份?{_PART}?)?|年{_PART}|[上下]半年)"
                  # A deadline keeps its 前 ("年底前": by the end of the year), a count after it does not
                  # (今年前三季度); a starting point keeps its 以来 (2023年以来: since 2023, not in 2023).
                  r"(?:之前|以前|以来|前(?![一二三四五六七八九十两几\d]))?")

# A figure stated as a change comes right after its change word: 同比上升10.5%, 减少了2331件
CHANGE_BEFORE = re.compile(r"(?:增长|上升|下降|提高|降低|减少|增加|下滑|回落|增|降|升)(?:了|约|近|超过?)?$")
_MAGNITUDES = {"千": 1e3, "万": 1e4, "亿": 1e8}
# Units that count the same kind of thing: 14起 and 7件 compare, 25名 and 11个 do not.
_MEASURE_CLASSES = [frozenset("起件宗"), frozenset("人名位"), frozenset("个所处家座项支"), frozenset({"%", "％"})]


def figure_value(text: str) -> float | None:
    """The size of a figure as written: 4.15万个 → 41500, 十类 → 10, 98.86% → 98.86. None
    when ``text`` is not a figure."""
    m = NUMBER.match(text)
    if not m or not m.group(0):
        return None
    head = m.group(1)
    value = float(head) if head[0].isdigit() else float(chinese_number(head.replace("两", "二")) or 0)
    if not value:
        return None
    magnitude = text[m.end(1):m.end(1) + 1]
    return value * _MAGNITUDES.get(magnitude, 1.0)


_STATED = re.compile(r"(?<![\d.])(\d[\d,]*(?:\.\d+)?)\s*(thousand|million|billion|千|万|亿)?")
_STATED_MAGNITUDES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, **_MAGNITUDES}
# English number words ("the three-year plan"); not "one", which is mostly "one of", "each one".
# Chinese numerals are left out: 一共, 一线, 十四五 hold them without stating a figure.
_ENGLISH_NUMBERS = {w: float(n) for n, w in enumerate(
    "two three four five six seven eight nine ten eleven twelve".split(), start=2)}
_STATED_WORD = re.compile(r"\b(" + "|".join(_ENGLISH_NUMBERS) + r")\b", re.I)


@lru_cache(maxsize=512)
def stated_figures(question_norm: str) -> frozenset[float]:
    """The sizes of the figures a question gives, its dates aside: "How many people attended
    the 512 events" gives 512, "Of the 110 million yuan" 1.1亿. The question states them to
    say what it is about; a sentence's 512场次 restates it and does not answer it."""
    text = DATE.sub(" ", question_norm)
    written = {_ENGLISH_NUMBERS[m.group(1).lower()] for m in _STATED_WORD.finditer(text)}
    return frozenset(round(float(m.group(1).replace(",", "")) * _STATED_MAGNITUDES.get(m.group(2) or "", 1.0), 6)
                     for m in _STATED.finditer(text)) | written


def measure_of(text: str) -> str:
    """The kind of unit a figure is counted in, so that only like figures are compared: 起 and
    件 are one kind (cases), 人 and 名 another; "" when it has none."""
    unit = re.sub(r"^[\d.一二两三四五六七八九十百千]+[万亿千]?[余多]?", "", text).removesuffix("左右")
    if not unit:
        return ""
    for kind in _MEASURE_CLASSES:
        if unit[-1] in kind:
            return min(kind)
    return unit


def date_value(text: str) -> tuple[int, int, int] | None:
    """A date as (year, month, day), 0 where the text leaves one out: 2022年4月 → (2022, 4, 0),
    7月26日 → (0, 7, 26). None for dates that name no point (今年, 上半年)."""
    year = re.search(r"(\d{4})\s*[年-]", text)
    month = re.search(r"(?:(?<=年)|(?<=-)|^)\s*(\d{1,2})\s*(?:月|-)", text)
    day = re.search(r"(\d{1,2})\s*[日号]|\d{4}-\d{1,2}-(\d{1,2})", text)
    parts = (int(year.group(1)) if year else 0, int(month.group(1)) if month else 0,
             int(next(g for g in day.groups() if g)) if day else 0)
    return parts if any(parts) else None


def change_figures(norm: str) -> frozenset[int]:
    """Where the figures stated as changes start: right after a change word (同比上升10.5%)
    or listed after one ("同比分别上升10.5%、9.1%", "…61.3%和9.2%")."""
    starts, last_end = set(), -1
    for m in NUMBER.finditer(norm):
        if CHANGE_BEFORE.search(norm[max(0, m.start() - 4):m.start()]) \
                or (m.start() == last_end + 1 and norm[last_end] in "、和及"):
            starts.add(m.start())
            last_end = m.end()
    return frozenset(starts)


def respective_list_start(norm: str, at: int) -> int:
    """Where the list that a "分别" at ``at`` pairs its figures with begins: over its own clause,
    or the clause before when its own lists nothing ("破获刑事案件5.5万余起、查处治安案件17.1万
    余起,同比分别上升10.5%、9.1%")."""
    start = clause_start(norm, at)
    if not re.search(r"[、和及与]", norm[start:at]) and start > 0:
        start = clause_start(norm, start - 1)
    return start


_NP_LEAD_TAGS = ("v", "vd", "d", "ad", "p", "ul", "uj", "c")
_OBJECT_TAGS = ("n", "nz", "ng", "j", "x")
_NOUNISH_TAGS = ("n", "nz", "ng", "nr", "ns", "nt", "nrt", "j", "l", "vn", "zg", "b", "an", "x", "eng")


def counted_after(norm: str, start: int) -> tuple[int, int] | None:
    """The noun a figure's measure word leads into: "620个必巡点" → 必巡点, "7.2万余名网格员参与
    基层治理" → 网格员 (a verb ends it, unless only its object follows: 保护工作站)."""
    end = start
    while end < len(norm) and end - start < 16 and not re.match(r"[,，;；:：。!！?？、]|[(（](?![^)）]{1,6}[)）])", norm[end:]):
        end += 1        # an aside in brackets is part of the noun: 村(社区)警务室民警
    words = tagged(norm[start:end])
    at, taken = start, start
    for k, (word, tag) in enumerate(words):
        rest = words[k + 1:]
        if tag in ("c", "u", "uj", "p") or word in ("等", "等等") or (
                tag == "v" and (not rest or any(t not in _OBJECT_TAGS for _, t in rest))):
            break
        at += len(word)
        if tag in _NOUNISH_TAGS:
            taken = at
    return (start, taken) if taken - start >= 2 else None


def counted_before(norm: str, end: int) -> tuple[int, int] | None:
    """The noun a figure written after it counts: "摧毁犯罪团伙1600个" → 犯罪团伙, "整治治安突出
    问题342个" → 治安突出问题. A stretch after a comma starts with its verb, which is dropped
    (with any verb it is chained to: 协商解决); after 、 or 和 the list shares the verb before it."""
    start = max(item_start(norm, end), end - 20)
    # "收缴假证件、假印章1.2万件" counts the whole list, but "镇级综治中心136个、村级综治工作站2124个"
    # gives each item its own figure
    while start > 1 and norm[start - 1] == "、" and not re.search(r"\d", norm[item_start(norm, start - 1):start - 1]):
        start = item_start(norm, start - 1)
    words = list(tagged(norm[start:end]))
    listed = start > 0 and norm[start - 1] == "、"
    verbs = [k for k, (_, tag) in enumerate(words) if tag == "v" and len(words) - k > 2]
    if verbs:       # 全市公安系统共破获传统侵财类案件: a verb with an object of two words or more
        k = verbs[-1]
        start += sum(len(w) for w, _ in words[:k + 1])
        words = words[k + 1:]
    elif not listed and len(words) > 1:     # 整治治安突出问题: jieba reads 整治 as a noun, 突出 as the verb
        start += len(words[0][0])
        words = words[1:]
    while len(words) > 1 and words[0][1] in _NP_LEAD_TAGS:
        adverb = words[0][1] == "d"
        start += len(words[0][0])
        words = words[1:]
        if adverb and len(words) > 1 and words[0][1].startswith("v"):     # 共启动应急响应机制
            start += len(words[0][0])
            words = words[1:]
    return (start, end) if end - start >= 2 else None
