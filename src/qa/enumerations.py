"""Numbered lists in an article — 一是…二是…, 第一,…第二,…, （一）…, 1.… — found once per article.

Reports lay out their measures as numbered items under a lead-in ("将全面铺开“十项举措”工作模式。
一是创新警务模式。…九是建立完善警民联合机制。…"). A question asking for the Nth item
("“十项举措”中排在第三项的是什么", "Which item comes ninth in the ten measures?") shares its words
with the lead-in, not with the item, so retrieval alone finds the lead-in; the item is found
here by its number, and the lead-in vouches for it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

LAST_ITEM = -1      # "排在最后的是哪一条", "the list closes with": a list's last item, however long
MIDDLE_ITEM = -2    # "排在中间的是哪一个", "which sits in the middle": the middle item of a list of odd length
EVERY_ITEM = 0      # "“加强宣传力度”是第几项": any item may be the one the question names

_CHINESE_DIGITS = {c: i for i, c in enumerate("一二三四五六七八九", 1)}


def chinese_number(text: str) -> int:
    """一 … 九十九 (or Arabic digits) as an int; 0 when ``text`` is not such a number."""
    if text.isdigit():
        return int(text)
    tens, _, ones = text.partition("十")
    if "十" not in text:
        return _CHINESE_DIGITS.get(text, 0) if len(text) == 1 else 0
    if len(tens) > 1 or len(ones) > 1 or (tens and tens not in _CHINESE_DIGITS) or (ones and ones not in _CHINESE_DIGITS):
        return 0
    return 10 * (_CHINESE_DIGITS[tens] if tens else 1) + (_CHINESE_DIGITS[ones] if ones else 0)


# Each style of marker, anchored where an item can begin: a line, a sentence or a ;-part.
_BEGIN = r"(?:^|(?<=[\n。;；!！?？:：]))\s*"
_NUMERAL = r"([一二三四五六七八九十]{1,3})"
MARKER_STYLES = (
    re.compile(_BEGIN + _NUMERAL + r"是"),                       # 一是创新警务模式
    re.compile(_BEGIN + "第" + _NUMERAL + r"[,，、:：]"),         # 第一,学习禁毒知识
    re.compile(_BEGIN + r"[（(]" + _NUMERAL + r"[）)]"),          # （一）
    re.compile(_BEGIN + _NUMERAL + r"、"),                       # 一、
    re.compile(_BEGIN + r"(\d{1,2})[.．、](?!\d)"),               # 1. / 1、
)
_HEAD_END = re.compile(r"[\n。;；!！?？]")


@dataclass(frozen=True)
class ListItem:
    """One numbered item: its number, where its marker begins, and its head (the words after
    the marker up to the end of its first sentence or ;-part), as offsets into the article."""

    number: int
    marker_start: int
    head_start: int
    head_end: int


@dataclass(frozen=True)
class NumberedList:
    """Items numbered 1, 2, 3 … in one marker style, in article order, and the lead-in: the
    paragraph (or start of the paragraph) just before item 1, which says what is listed
    (“创建“全国禁毒示范城市”,需要每个渭南人一起努力。我们呼吁广大群众,积极做到以下几点:”)."""

    items: tuple[ListItem, ...]
    lead_start: int
    lead_end: int


@lru_cache(maxsize=256)
def numbered_lists(text: str) -> tuple[NumberedList, ...]:
    """Every list of at least two consecutively numbered items in ``text`` (an article's
    normalised text), each style on its own: a 一、 heading list may hold 一是 sub-lists."""
    lists = []
    for style in MARKER_STYLES:
        run: list[ListItem] = []
        for m in style.finditer(text):
            number = chinese_number(m.group(1))
            end = _HEAD_END.search(text, m.end())
            marker_start = m.start() + len(m.group(0)) - len(m.group(0).lstrip())
            item = ListItem(number, marker_start, m.end(), end.start() if end else len(text))
            if run and number == run[-1].number + 1:
                run.append(item)
                continue
            if len(run) >= 2:
                lists.append(_with_lead(text, run))
            run = [item] if number == 1 else []
        if len(run) >= 2:
            lists.append(_with_lead(text, run))
    return tuple(lists)


def _with_lead(text: str, items: list[ListItem]) -> NumberedList:
    first = items[0].marker_start
    before = text[:first].rstrip()
    return NumberedList(tuple(items), before.rfind("\n") + 1, first)


def item_numbered(text: str, number: int) -> list[tuple[NumberedList, ListItem]]:
    """The item numbered ``number`` of each list in ``text`` long enough to have one;
    ``LAST_ITEM`` is each list's last item, ``MIDDLE_ITEM`` the middle one of each list of odd
    length, ``EVERY_ITEM`` every item of every list."""
    if number == EVERY_ITEM:
        return [(lst, item) for lst in numbered_lists(text) for item in lst.items]
    if number == LAST_ITEM:
        return [(lst, lst.items[-1]) for lst in numbered_lists(text) if len(lst.items) >= 2]
    if number == MIDDLE_ITEM:
        return [(lst, lst.items[len(lst.items) // 2]) for lst in numbered_lists(text) if len(lst.items) % 2]
    return [(lst, lst.items[number - 1]) for lst in numbered_lists(text) if len(lst.items) >= number]
