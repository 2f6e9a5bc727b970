"""Comparisons: which of the things a sentence gives figures or dates for is the largest, the
smallest, the earliest or the latest, and what that figure or date is.

No span of the sentence says "the larger one", so no wording rule finds it; the figures have
to be read and compared. "发起全国集群战役14起、全省集群战役7起" answers "全国性的和全省性的
哪一种数量较多" with 全国集群战役; "设置了56个巡区、580个巡段和620个必巡点" answers "数量最少
的那一类有多少个" with 56个; "同比分别下降10.98%、8.5%、61.3%和9.2%" answers "which of the four
drops was the smallest" with 8.5%.

What is compared: the figures whose items the question names (受理的治安案件和刑事立案 ↔ 涉企
治安案件25件, 刑事立案26件), else the like figures of one ;-part of the sentence (same measure;
changes when the question asks about a change, levels when not) whose items share most with
the question, a count the question gives (三项, the four drops) settling ties. When no sentence
gives both figures ("the larger sum: business losses or fraud losses?"), the two best sentences'
answers are compared instead (``rival_winner``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .alignment import clause_end, item_start
from .lexical import english_lemmas, english_readings
from .quantities import DATE, NUMBER, change_figures, date_value, figure_value, measure_of, respective_list_start
from .questions import ASKS_CHANGE, FALL_WORDS, RISE_WORDS, Comparison, asked_in_chinese, tagged

_HAN = re.compile(r"[\u4e00-\u9fff]")
_PARTS = re.compile(r"[;；。]")
_QUOTED = re.compile(r"[“\"「『][^”\"」』]{1,12}[”\"」』]")
_RESPECTIVELY = re.compile(rf"分别(?:为|是|达到?|(?:同比)?(?:{RISE_WORDS}|{FALL_WORDS}))?了?$")
_LINK_BEFORE = re.compile(r"(?:为|是|达到?|约|近|共|超过?|有)$")
# What opens a listed item without naming it: a total and its scope (全省共破获…)
_ITEM_LEAD = re.compile(r"(?:全(?:国|省|市|县|区)(?=共|累计|一共|总共|先后))?(?:共|累计|一共|总共|先后)?")
_MONEY_OR_SHARE = frozenset({"%", "元"})
_ZH_COUNTS = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6}
_EN_COUNTS = {"two": 2, "both": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_NAMED = 0.6        # share of an item's characters a question must say to name it


@dataclass(frozen=True)
class Compared:
    """One figure or date of a sentence, with the item it is given for (None if unread)."""

    value: float | tuple[int, int, int]
    span: tuple[int, int]
    item: tuple[int, int] | None
    measure: str            # see quantities.measure_of; "date" for dates
    part: int               # which ;-part of the sentence it stands in
    change: bool            # stated as a rise or fall (同比下降8.5%)


def _in_quotes(norm: str, start: int, end: int) -> bool:
    return any(q.start() < start and end < q.end() for q in _QUOTED.finditer(norm))


def _respective_items(norm: str, at: int) -> list[tuple[int, int]]:
    """The items a "分别" list of figures starting at ``at`` belongs to, in order: "破获刑事案件
    5.5万余起、查处治安案件17.1万余起,同比分别上升10.5%、9.1%" → 破获刑事案件, 查处治安案件."""
    lead = _RESPECTIVELY.search(norm, 0, at)
    if not lead:
        return []
    start = respective_list_start(norm, lead.start())
    end = lead.start()
    while end > start and norm[end - 1] in ",，同比 ":
        end -= 1
    items = []
    for piece in re.finditer(r"[^、和及与]+", norm[start:end]):
        a, b = start + piece.start(), start + piece.end()
        figure = NUMBER.search(norm, a, b)
        if figure and figure.group(0) and figure.end() == b:
            b = figure.start()      # 破获刑事案件5.5万余起 → 破获刑事案件
        date = DATE.match(norm, a, b)
        a = _ITEM_LEAD.match(norm, date.end() if date else a, b).end()
        if b - a >= 2 and _HAN.search(norm[a:b]):
            items.append((a, b))
    return items


def _item_before(norm: str, end: int) -> tuple[int, int] | None:
    """The thing a figure written after it is given for: "渭南市受理涉企治安案件25件" → 涉企治安
    案件, "刑事立案26件" → 刑事立案; the clause's verb is dropped when a noun follows it."""
    start = item_start(norm, end)
    words = tagged(norm[start:end])
    listed = start > 0 and norm[start - 1] == "、"     # 查处赌博案件12起、涉毒案件30起: the verb went before
    verb = None if listed else next((k for k, (_, tag) in enumerate(words[:-1]) if tag == "v"), None)
    if verb is not None:
        start += sum(len(w) for w, _ in words[:verb + 1])
    start = _ITEM_LEAD.match(norm, start, end).end()
    return (start, end) if end - start >= 2 else None


def _item_after(norm: str, start: int) -> tuple[int, int] | None:
    """The thing a figure's measure word leads into, up to the next item or a verb of its own:
    "25个调解室和17个工作点" → 调解室; "7.2万余名网格员参与基层治理" → 网格员. Unlike
    ``quantities.counted_after`` a verb opening it is kept (jieba reads 调解室 as 调解|室): the
    next list mark, not the tagger, ends an item of a list."""
    stop = re.compile(r"[,，;；:：。!！?？、和及与]")
    end = next((m.start() for m in stop.finditer(norm, start, start + 14)), min(len(norm), start + 14))
    taken = 0
    for word, tag in tagged(norm[start:end]):
        if taken >= 2 and tag == "v" or word in ("等", "等等"):
            break
        taken += len(word)
    return (start, start + taken) if taken >= 2 else None


def _figures(norm: str) -> list[Compared]:
    found: list[Compared] = []
    changes = change_figures(norm)
    for m in NUMBER.finditer(norm):
        s, e = m.span()
        text = m.group(0)
        measure = measure_of(text)
        value = figure_value(text)
        if not text or value is None or not measure or measure == "年" or _in_quotes(norm, s, e):
            continue
        if norm[e:e + 1] in "月日号" or norm[max(0, s - 1):s] in ("第", "-", "—", "~") or m.group(1) == "一":
            continue        # a date, an ordinal, or "one" (一个) rather than a count
        if s in changes:
            found.append(Compared(value, (s, e), None, measure, len(_PARTS.findall(norm, 0, s)), True))
            continue
        after = _item_after(norm, e)
        end = s
        while (link := _LINK_BEFORE.search(norm, 0, end)) and s - link.start() <= 3:
            end = link.start()      # 满意率为98.86% → 满意率
        found.append(Compared(value, (s, e), after or _item_before(norm, end), measure,
                              len(_PARTS.findall(norm, 0, s)), False))
    return _changes_paired(norm, found)


def _runs(norm: str, found: list[Compared], members: list[int], marks: str = "") -> list[list[int]]:
    """``members`` (indexes into ``found``) grouped into runs listed together: each written
    right after the one before, one mark between (10.98%、8.5%、61.3%和9.2%), one of ``marks``
    when given."""
    runs: list[list[int]] = []
    for k in members:
        gap = found[k - 1].span[1] if k else -1
        if runs and runs[-1][-1] == k - 1 and gap + 1 == found[k].span[0] and (not marks or norm[gap] in marks):
            runs[-1].append(k)
        else:
            runs.append([k])
    return runs


def _changes_paired(norm: str, found: list[Compared]) -> list[Compared]:
    """Each run of changes listed "respectively" given the items it is listed against."""
    out = list(found)
    for run in _runs(norm, found, [k for k, c in enumerate(found) if c.change]):
        items = _respective_items(norm, found[run[0]].span[0])
        if len(items) == len(run):
            out[run[0]:run[-1] + 1] = [replace(found[k], item=i) for k, i in zip(run, items)]
    return out


def _dates(norm: str) -> list[Compared]:
    found: list[Compared] = []
    year = 0
    for m in DATE.finditer(norm):
        value = date_value(m.group(0))
        if value is None or m.group(0).endswith(("以来", "前", "之前", "以前")):
            continue
        year = value[0] or year         # 2023年…7月2日: the year carries over
        found.append(Compared((value[0] or year, value[1], value[2]), m.span(), None, "date",
                              len(_PARTS.findall(norm, 0, m.start())), False))
    for run in _runs(norm, found, list(range(len(found))), "和、及与"):     # 先后于7月2日和7月26日在市委常委会和政府常务会上…
        items = _parallel_items(norm, found[run[-1]].span[1], len(run)) if len(run) > 1 else []
        if items:
            found[run[0]:run[-1] + 1] = [replace(found[k], item=i) for k, i in zip(run, items)]
    return found


def _parallel_items(norm: str, at: int, count: int) -> list[tuple[int, int]]:
    """The list right after a list of dates that pairs with it, item for item: "7月2日和7月26日在
    市委常委会和政府常务会上听取了…" → 市委常委会, 政府常务会; [] when the next list is of
    another length."""
    start = at + (1 if norm[at:at + 1] in "在于" else 0)
    end = clause_end(norm, start)
    pieces = [(start + p.start(), start + p.end()) for p in re.finditer(r"[^、和及与]+", norm[start:end])]
    if len(pieces) < count:
        return []
    a, b = pieces[count - 1]
    taken = 0       # the last item runs into what was done there: 政府常务会上听取了…
    for word, tag in tagged(norm[a:b]):
        if taken >= 2 and (tag.startswith("v") or tag in ("f", "p", "u", "uj", "ul")):
            break
        taken += len(word)
    if a + taken == b and len(pieces) > count:
        return []   # the list runs on past the dates' count
    end = a + taken
    while end - a > 2 and norm[end - 1] in "上中里":
        end -= 1
    pieces[count - 1] = (a, end)
    return pieces[:count] if all(q - p >= 2 for p, q in pieces[:count]) else []


def _said(item: str, question_norm: str, asked: frozenset[str]) -> float:
    """How much of an item the question names: the share of its characters a Chinese question
    uses; for an English one, 1 when a dictionary reading of one of its words is asked."""
    if not asked_in_chinese(question_norm):
        return 1.0 if english_readings(item, single_characters=False) & asked else 0.0
    chars = [c for c in item if _HAN.match(c)]
    return sum(c in question_norm for c in chars) / len(chars) if chars else 0.0


def _counts(question_norm: str) -> set[int]:
    """How many things the question says it compares: 三项满意度数据, the four drops."""
    zh = {_ZH_COUNTS[c] for c in re.findall(r"([两二三四五六])(?:[项个种类笔件组次者位名起]|大)", question_norm)}
    return zh | {n for w, n in _EN_COUNTS.items() if re.search(rf"\b{w}\b", question_norm, re.I)}


def _candidate_sets(norm: str, found: list[Compared], said: list[float], change: bool) -> list[list[int]]:
    """The sets of figures a question may compare: those it names, each ;-part's like figures,
    and each run of figures listed together (分别下降10.98%、8.5%、61.3%和9.2%)."""
    usable = [k for k, c in enumerate(found) if c.change == change or c.measure == "date"]
    named = [k for k in usable if said[k] >= _NAMED]
    measures = {found[k].measure for k in named}
    sets = []
    if len(named) >= 2 and (len(measures) == 1 or not measures & _MONEY_OR_SHARE):
        sets.append(named)
    groups: dict[tuple[int, str], list[int]] = {}
    for k in usable:
        groups.setdefault((found[k].part, found[k].measure), []).append(k)
    for group in [*groups.values(), *_runs(norm, found, usable)]:
        if len(group) >= 2 and group not in sets:
            sets.append(group)
    return sets


def compared_span(norm: str, comparison: Comparison, question_norm: str,
                  units: tuple[str, ...] = ()) -> tuple[int, int] | None:
    """The item (or its figure or date, as asked) that wins the comparison among what the
    sentence ``norm`` gives, or None when the sentence gives no two like things to compare.
    ``units``: the figures a question asks for ("the larger sum" → 元), the others left out."""
    found = _dates(norm) if comparison.measure == "date" else _figures(norm)
    if units:
        found = [c for c in found if norm[c.span[0]:c.span[1]].endswith(units)]
    if len(found) < 2:
        return None
    asked = english_lemmas(question_norm) if not asked_in_chinese(question_norm) else frozenset()
    said = [_said(norm[c.item[0]:c.item[1]], question_norm, asked) if c.item else 0.0 for c in found]
    change = comparison.measure == "figure" and bool(ASKS_CHANGE.search(question_norm))
    counts = _counts(question_norm)

    def fit(group: list[int]) -> float:
        return sum(said[k] for k in group) / len(group) + (0.5 if len(group) in counts else 0.0)
    sets = _candidate_sets(norm, found, said, change)
    if not sets:
        return None
    best = max(sets, key=fit)
    if fit(best) == 0 and len(sets) > 1:
        return None         # nothing tells which of the sentence's lists the question compares
    values = [found[k].value for k in best]
    pick = max(values) if comparison.extreme == "most" else min(values)
    if values.count(pick) > 1:
        return None         # a tie has no winner
    winner = found[best[values.index(pick)]]
    if comparison.wants == "value":
        return winner.span
    if winner.item is None:
        return None
    others = [norm[slice(*found[k].item)] for k in best if found[k].item and found[k] is not winner]
    if norm[slice(*winner.item)] not in others:
        return _held_view(norm, winner.item)
    # the counted things are alike (4名个人立一等功…271名个人立三等功): what follows tells them apart
    later = [c.span[0] for c in found if c.span[0] > winner.span[0]]
    return _told_apart(norm, winner.item[1], min(later, default=len(norm)))


def _told_apart(norm: str, start: int, limit: int) -> tuple[int, int] | None:
    """What the clause says after an item like the others, up to the next figure: a name in
    quotes ("被…授予“平安银鼎”" → 平安银鼎), else the noun after its verb ("立三等功" → 三等功)."""
    end = min(limit, clause_end(norm, start))
    names = [q.span() for q in _QUOTED.finditer(norm, start, end)]
    if names:
        a, b = names[-1]
        return a + 1, b - 1
    words = tagged(norm[start:end])
    verbs = [k for k, (_, tag) in enumerate(words) if tag.startswith("v") and tag != "vn"]
    if not verbs:
        return None
    a = start + sum(len(w) for w, _ in words[:verbs[0] + 1])
    b = end
    while b > a and norm[b - 1] in "及和与、":
        b -= 1
    return (a, b) if 2 <= b - a <= 10 and _HAN.search(norm[a:b]) else None


def _held_view(norm: str, item: tuple[int, int]) -> tuple[int, int]:
    """An item less who holds the view it measures: "人民群众对社会治安满意率" → 社会治安满意率."""
    a, b = item
    holder = norm.rfind("对", a, b)
    return (holder + 1, b) if holder >= 0 and b - holder > 3 else (a, b)


def rival_winner(spans: list[str], comparison: Comparison) -> int | None:
    """Which of two answers from different sentences wins a comparison asked for by value, when
    no sentence gives both: "2.56亿元" over "6336万元" for the larger sum, "2022年" over
    "2023年度" for the earlier. None when they are not alike or tie."""
    read = date_value if comparison.measure == "date" else figure_value
    values = [read(text) for text in spans]
    if len(values) != 2 or None in values:
        return None
    if comparison.measure == "figure" and len({measure_of(text) for text in spans}) > 1:
        return None
    if comparison.measure == "date" and len({bool(v[0]) for v in values}) > 1:
        return None     # 2022年4月 and 3月21日 of an unknown year do not compare
    if values[0] == values[1]:
        return None
    pick = max(values) if comparison.extreme == "most" else min(values)
    return values.index(pick)
