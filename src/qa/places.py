"""Place names: which words name a place, checked against China's administrative divisions.

jieba's dictionary alone gets places wrong both ways: it tags 商洛, 安康, 富平 and 蒲城 as
person names (nr) and 上门 ("to the door") as a place (ns). A question's place is a hard
qualifier — a figure for another city is not an answer — so a wrong place either lets a
look-alike through or refuses a good answer. A word counts as a place here when the gazetteer of the
``cpca`` package (the 3,000-odd provinces, cities and counties of China) knows it and it
is written as a place (商洛市, 神木市公安局), or jieba calls it a proper noun that the
articles themselves use as a place: 商洛 in 商洛公安, not 惠民 in 惠民利企. A name the
gazetteer lacks counts when jieba calls it a place and it ends in an administrative
suffix (城关镇) or names where a unit is (滨河派出所).

Only cpca's data file is read; the package itself (and the pandas it imports) is not.
"""
from __future__ import annotations

import csv
import re
from functools import lru_cache
from importlib import metadata
from typing import Iterable

_SUFFIX = re.compile(r"(?:自治县|自治州|自治区|特别行政区|地区|林区|新区|矿区|市|省|县|区|盟|旗|镇|乡|村)$")
_PROPER_TAGS = frozenset({"ns", "nr", "nrt", "nz", "j"})
_NOT_NAMES = frozenset({"a", "ad", "an", "v", "vn", "d", "c", "p", "u", "r", "m", "q"})   # 平安(a)县(市、区)
_ADMIN_AFTER = frozenset("市省县区")
# What follows a place in the name of a unit: 滨河派出所, 金城街道.
_UNIT_AFTER = frozenset("派出所 街道 社区 镇 乡 村 分局 公安局 公安 警方 警务室 县 市 区".split())
# Police units named after their city: a gazetteer name before one is that place whatever
# jieba tags it (宝鸡(n)|公安), as with an administrative suffix.
_POLICE_AFTER = frozenset("公安 公安局 警方 派出所".split())
# Words that name no particular place even where the gazetteer knows one by that name.
GENERIC_PLACES = frozenset("中国 全国 国家 城市 治安 公安 全市 全省 全县 地方 社区 农村 城区 乡村 基层 地市 各地 当地 本地 市区 县城".split())
# A word opened by one of these picks out places rather than naming one (各市县, 本市区,
# 该县): jieba tags some of them ns, and the gazetteer knows none.
_DETERMINERS = frozenset("各 全 本 该 每 此 其 这 那 哪 某 外 多 两 几".split())
# Chinese writes Hong Kong, Macao and Taiwan together, by one character each: a question
# about 香港 residents is answered by a sentence about 港澳台居民.
_COLLECTIVE_NAMES = {"香港": ("港澳台", "港澳"), "澳门": ("港澳台", "港澳"), "台湾": ("港澳台", "台港澳")}


def place_base(word: str) -> str:
    """The name without its administrative suffix, so 渭南 matches 渭南市."""
    return _SUFFIX.sub("", word) if len(word) > 2 else word


@lru_cache(maxsize=1)
def division_codes() -> dict[str, frozenset[str]]:
    """Base names of China's administrative divisions (adcodes.csv shipped in cpca), each
    with its 6-digit division codes: pp0000 a province, ppcc00 a city, ppccxx a county
    (county-level cities and districts count as counties)."""
    path = metadata.distribution("cpca").locate_file("cpca/resources/adcodes.csv")
    codes: dict[str, set[str]] = {}
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            codes.setdefault(place_base(row["name"]), set()).add(row["adcode"][:6])
    return {n: frozenset(v) for n, v in codes.items() if len(n) >= 2 and n not in GENERIC_PLACES}


@lru_cache(maxsize=1)
def divisions_by_pinyin() -> dict[str, tuple[str, ...]]:
    """Toneless pinyin -> base names of divisions spelled so ("hanzhong" -> 汉中): an English
    question may name a city the articles never mention, and that is what makes its figure
    absent rather than the province-wide one next to it."""
    from pypinyin import lazy_pinyin
    spelled: dict[str, list[str]] = {}
    for name in division_codes():
        spelled.setdefault("".join(lazy_pinyin(name)), []).append(name)
    return {key: tuple(names) for key, names in spelled.items()}


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, frozenset[str]]:
    """Base names of China's administrative divisions, each with its levels: 省, 市 or 县."""
    return {n: frozenset("省" if c.endswith("0000") else "市" if c.endswith("00") else "县" for c in codes)
            for n, codes in division_codes().items()}


def _contains(outer: str, inner: str) -> bool:
    if outer.endswith("0000"):
        return inner != outer and inner.startswith(outer[:2])
    return outer.endswith("00") and inner != outer and inner.startswith(outer[:4])


def nested(a: str, b: str) -> bool:
    """One place lies within the other (商州 in 商洛, 神木 in 陕西), by division code; False
    when either is not in the gazetteer."""
    ca, cb = division_codes().get(place_base(a), ()), division_codes().get(place_base(b), ())
    return any(_contains(x, y) or _contains(y, x) for x in ca for y in cb)


def sibling_places(a: str, b: str) -> bool:
    """Two different places of the same level, neither within the other: 榆林 and 西安, not
    商洛 and its district 商州, nor 商洛 and a county 城关 somewhere else."""
    a, b = place_base(a), place_base(b)
    la, lb = gazetteer().get(a, frozenset()), gazetteer().get(b, frozenset())
    return a != b and bool(la & lb) and not nested(a, b)


def scope_of(place: str) -> str:
    """全省, 全市 or 全县 for a place whose level is known and unambiguous, else ""."""
    levels = gazetteer().get(place_base(place), frozenset())
    return "全" + next(iter(levels)) if len(levels) == 1 else ""


_ATTESTING = re.compile(r"市|县|区|省|公安|警方|派出所")
_LONGEST = 7


def attested_places(texts: Iterable[str]) -> frozenset[str]:
    """Gazetteer names that these texts use as places: written with an administrative
    suffix or before 公安/警方/派出所 at least once (商洛市, 安康公安). 惠民 in 惠民利企
    never is, so a sentence with it names no place."""
    known, found = gazetteer(), set()
    for text in texts:
        for m in _ATTESTING.finditer(text):
            for n in range(2, _LONGEST + 1):
                if m.start() >= n and text[m.start() - n:m.start()] in known:
                    found.add(text[m.start() - n:m.start()])
    return frozenset(found)


def is_place(word: str, flag: str, next_word: str = "", attested: frozenset[str] = frozenset()) -> bool:
    """Whether a jieba token (word, part-of-speech tag) names a place; ``attested`` are
    the names the corpus itself uses as places (``attested_places``)."""
    if len(word) < 2:
        return False
    base = place_base(word)
    if base in GENERIC_PLACES:
        return False
    if base in gazetteer():
        if base != word or next_word in _ADMIN_AFTER or next_word in _POLICE_AFTER:
            return flag not in _NOT_NAMES                               # 商洛市, 神木(n)|市, 宝鸡(n)|公安
        return flag in _PROPER_TAGS and (flag == "ns" or base in attested or next_word in _UNIT_AFTER)
    if word[0] in _DETERMINERS:
        return False                                                    # 各市县, not a county named 各市
    return flag == "ns" and (base != word or next_word in _UNIT_AFTER)   # 城关镇, 滨河派出所; not 上门


def written_as(base: str) -> tuple[str, ...]:
    """A place's name and the collective names that stand for it (香港 → 港澳台, 港澳)."""
    return (base,) + _COLLECTIVE_NAMES.get(base, ())


def places_in_tagged(tagged, attested: frozenset[str] = frozenset()) -> tuple[tuple[int, int, str], ...]:
    """(start, end, base name) of every place in a tagged text, in order."""
    out, pos = [], 0
    tagged = [(w, f) for w, f in tagged]       # jieba yields pair objects
    for i, (word, flag) in enumerate(tagged):
        nxt = tagged[i + 1][0] if i + 1 < len(tagged) else ""
        if is_place(word, flag, nxt, attested):
            out.append((pos, pos + len(word), place_base(word)))
        pos += len(word)
    return tuple(out)
