"""Where the answer stands in a sentence, read off the question's own wording.

Chinese asks in place: the question word stands where the answer stands in a sentence
that states the fact ("与哪些部门联手加强监测预警" ↔ "与应急管理、气象等部门高效联动";
"以哪四大类指标为基础" ↔ "以案件数量、…、办案效果四大类指标为基础"). So the words right
before and after the question word are anchors, and the answer is the text between them.
Three more frames of news prose are read the same way:

- a copular question asks for the modifier of its subject: "牢牢把握的根本属性是什么" ↔
  "牢牢把握“公安姓党”根本属性", so it is read as "把握 什么 根本属性";
- a list in apposition names the items of what the question names: "基层提振、基础提质、
  基本能力提升“三大行动”" answers "“三大行动”是哪三项";
- an enumeration ends in the noun asked about: "油气、医院、高校等行业领域" answers
  "哪些行业";
- a list the question names some items of holds the answer in the rest: "除盗窃、诈骗外
  还有哪一类" ↔ "盗窃、诈骗、抢夺等";
- the object of the question's verb fills the rest of its clause when the sentence has none
  of the words after the question word: "坚持了哪些做法" ↔ "坚持打防并举、以打促治";
- the noun asked about keeps its modifier back to the verb before it when the sentence has
  none of the words before the question word: "撑起的是一种怎样的安全感" ↔ "托起群众稳稳的
  安全感".

The noun asked about belongs to the answer ("什么专项行动" → "打击整治…专项行动"), as far as
the sentence repeats it ("什么管理方式" ↔ "网格化管理").

These find answers no pattern of figures, dates or names knows — a phrase, a list, a
document title — which is most of what "什么/哪些" questions ask for. An English
question's word order has no place in a Chinese sentence, but the noun after its which/what
does: bridged to Chinese through the dictionary, it ends the answer's noun phrase ("To which
platform…" ↔ "接入派出所指挥平台" → 派出所指挥平台).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .lexical import english_phrases
from .questions import tagged

_WH = re.compile(r"^(?:哪|什么|甚么|多少|几|谁|何时|何种|何处|何地|啥|怎样|怎么样)")
_MEASURE = re.compile(r"^[一两二三四五六七八九十几]*(?:个|些|位|家|所|项|种|类|次|条|届|批|天|年|级|方面|样|支|份|档|场|套|大类)?$")
# Words with no position of their own: a question's 的/是/具体 often has no twin in the sentence.
_FUNCTION = frozenset("的 是 了 为 在 由 被 对 跟 和 与 同 向 给 把 将 要 都 会 能 有 过 又 还 也 就 所 地 得 着 呢 吗 "
                      "从 以 用 靠 通过 分别 具体 主要 一共 共 曾 已 已经 所谓 那个 这个 那 这".split())
# ...but right before the question word a preposition marks the slot: "以哪四大类指标为基础".
_PREPOSITIONS = frozenset("以 在 为 由 对 跟 与 和 向 从 用 给 把 将 被 同".split())
_WHAT_KIND = frozenset("怎样 怎么样 什么样 甚么样".split())      # "what kind of": the answer modifies the noun after it
_COPULA = frozenset("是 为 叫 叫做 指 是指 包括 有".split())
_CLAUSE_MARKS = ",，;；:：。!！?？"
_OPEN, _CLOSE = "“「《『\"", "”」》』\""
_QUOTE = re.compile(r"[“「『\"《][^”」』\"》]{1,30}[”」』\"》]")
_LEAD_TRIM = "是的了由被对把将和与及等、,，:："
_TAIL_TRIM = "的和与及等、,，:："
MAX_SLOT = 40


@dataclass(frozen=True)
class WhContext:
    """What a Chinese question says around its question word."""

    lefts: tuple[str, ...]      # words just before the slot, best anchor first
    rights: tuple[str, ...]     # words just after it, best anchor first
    head: str = ""              # the noun asked about, part of the answer ("哪些部门" → 部门)
    subject: str = ""           # a copular question's subject ("根本属性是什么" → 根本属性)
    words: tuple[str, ...] = ()  # the question's content words, to trim from an answer's edges
    heads: tuple[str, ...] = ()  # the head and its shorter readings, longest first
    excluded: tuple[str, ...] = ()  # items the question sets aside: "除A、B外还有哪一类" → A, B
    verb: str = ""              # the verb whose object is asked ("坚持了哪些做法" → 坚持), or the word
                                # a question ending in its question word asks what follows ("领域的什么")
    places: tuple[str, ...] = ()  # places the question names: of two like slots, the one after its place


def _content(word: str, flag: str) -> bool:
    return word not in _FUNCTION and flag != "x" and not _WH.match(word)


@lru_cache(maxsize=2048)
def wh_context(question_norm: str) -> WhContext | None:
    """The anchors of a Chinese question's question word, or None when it has none."""
    toks = _split_wh(list(tagged(question_norm)))
    i = next((k for k, (w, _) in enumerate(toks) if _WH.match(w) and len(w) <= 3), None)
    if i is None:
        return None
    # not place names: 渭南 in the question is still part of the answer 渭南市委政法委
    words = tuple(w for w, f in toks if _content(w, f) and len(w) >= 2 and f != "ns")
    places = tuple(w for w, f in toks if f == "ns" and len(w) >= 2)
    j = i + 1
    while j < len(toks) and j - i <= 2 and toks[j][1] in ("m", "q", "mq") and _MEASURE.match(toks[j][0]):
        j += 1          # 哪 三项, 哪 两天: the measure belongs to the question word
    if toks[i][0] in ("什么", "甚么") and j < len(toks) and toks[j][0] == "样":
        j += 1          # jieba cuts 甚么样 as 甚么 | 样
    kind_of = toks[i][0] in _WHAT_KIND or toks[j - 1][0] == "样"
    if kind_of and j < len(toks) and toks[j][0] == "的":
        j += 1          # 怎样的 监管: "what kind of" asks for the modifier of the noun after it
    before: list[tuple[str, str]] = []
    for w, f in reversed(toks[:i]):
        if w in _CLAUSE_MARKS:
            break
        before.append((w, f))
    after = [(w, f) for w, f in toks[j:] if w not in _CLAUSE_MARKS]
    if not after and len(before) > 2 and before[0][0] in _COPULA and before[1][0] == "的" \
            and before[2][1] not in ("m", "mq", "q", "r", "x", "uj"):
        before = before[2:]     # "要深化的是什么" asks what "要深化什么" asks: the verb's object
    if not after and before and before[0][0] in _COPULA:
        # "X的根本属性是什么": the answer modifies the subject in the sentence.
        subject: list[str] = []
        k = 1
        while k < len(before):
            w, f = before[k]
            if w == "的" or (f == "x" and subject) or len(subject) == 3:
                break
            if f != "x":
                subject.insert(0, w)
            k += 1
        if not subject:
            return None
        lefts = tuple(w for w, f in before[k:] if _content(w, f))[:2]
        # the longest tail of the subject is the most telling anchor: 四项工程 before 工程
        rights = tuple("".join(subject[start:]) for start in range(len(subject)))
        return WhContext(lefts, rights, "", "".join(subject), words, places=places)
    heads = _heads(toks[j:])
    head = heads[0] if heads else ""
    run = next((k for k in range(j + 1, len(toks) + 1) if "".join(w for w, _ in toks[j:k]) == head), None)
    if head and run is not None and run < len(toks) and toks[run][0] == "的":
        # "哪类主体的生产经营" asks for the 主体, but "哪一套面向全体市民的教育体系" (jieba reads
        # 面向 as a noun) for the 体系: the sentence has whichever it has
        heads += _heads(toks[run + 1:])[:1]
    # "是一种怎样的安全感": a number and measure before the question word count with it
    lefts = [w for w, f in before if _content(w, f) and not (f in ("m", "mq") and _MEASURE.match(w))][:2]
    if before and before[0][0] in _PREPOSITIONS:
        lefts.append(before[0][0])
    rights = list(heads)
    if not heads:
        # "哪些涉及技术和资金的违法犯罪活动": the sentence says what the modifier describes,
        # so the noun after 的 is the anchor, not the modifier's words. Asked with 什么 and no
        # measure word, it is the answer's own noun too: "什么关于营商环境的措施" names one
        # document, …若干措施; 哪些 asks for the items of a list ending in it.
        noun = _heads(after[max((k for k, (w, _) in enumerate(after) if w == "的"), default=len(after)) + 1:])[:1]
        rights += noun
        one = toks[i][0] == "哪" and j > i + 1 and "些" not in toks[i + 1][0]     # 哪一套…的教育体系: one thing
        heads = noun if (j == i + 1 and toks[i][0] == "什么") or kind_of or one else ()
    rights += [w for w, f in after if _content(w, f) and w not in rights][:2]
    if not lefts and not rights:
        return None
    verb = next((w for w, f in before if _content(w, f)), "")
    if not (verb and (dict(before).get(verb, "").startswith("v") or not after)):
        verb = ""       # "铲除网络安全领域的什么": a question ending in its question word asks what follows
    lefts += [bare for bare in map(_without_complement, lefts) if bare]
    return WhContext(tuple(lefts), tuple(rights), head, "", words, heads, set_aside_items(question_norm), verb, places)


_EXCEPT = re.compile(r"除(?:了)?([^,，;；?？]{2,60}?)(?:以外|之外|外|(?=[,，]\s*(?:还|也)))")


_WH_WORD = re.compile(r"^(哪些|哪个|哪|什么|多少)(.{2,})$")
# A verb's result complement: the question says 打造出, the sentence 打造.
_COMPLEMENTS = frozenset("出到成上下起完过")


def _without_complement(word: str) -> str:
    """打造出 → 打造: a three-character verb with a result complement, without it ("" otherwise)."""
    return word[:2] if len(word) == 3 and word[2] in _COMPLEMENTS else ""


def _split_wh(toks: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """jieba keeps some question words whole with their noun ("哪些方面"): split them,
    so the noun is read as the measure or head it is."""
    out = []
    for w, f in toks:
        m = _WH_WORD.match(w)
        if m:
            rest = m.group(2)
            out += [(m.group(1), "r"), (rest, "q" if _MEASURE.match(rest) else "n")]
        else:
            out.append((w, f))
    return out


def set_aside_items(question_norm: str) -> tuple[str, ...]:
    """The items a Chinese question sets aside: "除A、B外还有哪一类" → A, B."""
    m = _EXCEPT.search(question_norm)
    items = re.split(r"[、和及与]", m.group(1)) if m else []
    items = [i.strip("“”「」\"") for i in items]
    return tuple(i for i in items if len(i) >= 2)


def _heads(toks: list[tuple[str, str]]) -> tuple[str, ...]:
    """The noun right after the question word and its shorter readings, longest first:
    "什么专项行动" → 专项行动, 专项; "什么管理方式为依托" → 管理方式, 管理 (the sentence may
    say only 以网格化管理为依托). A noun right before a verb is that verb's subject or
    manner, not part of the head: "哪项任务全员达标" → 任务."""
    parts: list[str] = []
    for w, f in toks[:3]:
        if not (f.startswith("n") or f in ("vn", "j", "l")) or w in _FUNCTION:
            break
        parts.append(w)
    if len(parts) >= 2 and len(toks) > len(parts) and toks[len(parts)][1] == "v":
        parts.pop()
    return tuple("".join(parts[:k]) for k in range(len(parts), 0, -1))


def clause_start(norm: str, at: int) -> int:
    """Where the clause holding position ``at`` begins: just after the last clause mark before it."""
    return max(norm.rfind(c, 0, at) for c in _CLAUSE_MARKS) + 1


def clause_end(norm: str, at: int) -> int:
    """Where the clause holding position ``at`` ends: at the first clause mark from it on."""
    return min((x for x in (norm.find(c, at) for c in _CLAUSE_MARKS) if x >= 0), default=len(norm))


def item_start(norm: str, at: int) -> int:
    """Where the list item (or clause) holding position ``at`` begins: after its 、 or clause mark."""
    return max(clause_start(norm, at), norm.rfind("、", 0, at) + 1)


def _starts(norm: str, word: str) -> list[int]:
    return [m.start() for m in re.finditer(re.escape(word), norm)]


def _trimmed(norm: str, a: int, b: int, ctx: WhContext) -> tuple[int, int]:
    """Drop function words and the question's own words from the slot's edges: they
    anchor the answer, they are not part of it ("了华山“清源、除患、利剑”" → the quoted list).
    A quotation cut by the slot's edge is taken whole."""
    changed = True
    while changed and a < b:
        changed = False
        while a < b and norm[a] in _LEAD_TRIM:
            a, changed = a + 1, True
        while b > a and norm[b - 1] in _TAIL_TRIM:
            b, changed = b - 1, True
        named = any(norm.endswith(h, a, b) for h in ctx.heads)    # 公安英才培育计划: one name, kept whole
        for w in ctx.words:
            if b - a > len(w) and norm.startswith(w, a) and not named:
                a, changed = a + len(w), True
            if b - a > len(w) and norm.endswith(w, a, b) and not named:
                b, changed = b - len(w), True
    inside = norm[a:b]
    if sum(inside.count(c) for c in _OPEN) > sum(inside.count(c) for c in _CLOSE):
        close = min((x for x in (norm.find(c, b) for c in _CLOSE) if x >= 0), default=-1)
        if 0 <= close - b < 12:
            b = close + 1
    elif sum(inside.count(c) for c in _CLOSE) > sum(inside.count(c) for c in _OPEN):
        opening = max(norm.rfind(c, 0, a) for c in _OPEN)
        if 0 <= a - opening < 20:
            a = opening
    if b - a > 2 and norm[a] in _OPEN and norm[b - 1] in _CLOSE and not any(c in _OPEN for c in norm[a + 1:b - 1]):
        a, b = a + 1, b - 1         # one quoted name: the name itself
    return a, b


def _between(norm: str, ctx: WhContext) -> tuple[int, int] | None:
    """A stretch of one clause between a left and a right anchor: of several, the one
    whose clause shares most of the question's words, then the shortest."""
    for left in ctx.lefts:
        for right in ctx.rights:
            pairs = []
            for a in (p + len(left) for p in _starts(norm, left)):
                for b in _starts(norm, right):
                    if 0 < b - a <= MAX_SLOT and not any(c in _CLAUSE_MARKS for c in norm[a:b]):
                        pairs.append((a, b))
            if pairs:
                return max(pairs, key=lambda p: (_shared(norm, p[0], p[1], ctx), _after_place(norm, p[0], ctx),
                                                 p[0] - p[1]))
    return None


def _after_place(norm: str, at: int, ctx: WhContext) -> bool:
    """The question's place starts the list item or clause the slot is in: "富县推出“红色驿站”
    模式、洛川推出“苹果警务”模式" asked about 洛川."""
    return any(p in norm[item_start(norm, at):at] for p in ctx.places)


def _shared(norm: str, a: int, b: int, ctx: WhContext) -> int:
    lo = clause_start(norm, a)
    hi = clause_end(norm, b)
    clause = norm[max(lo, a - 15):min(hi, b + 15)]
    return sum(1 for w in ctx.words if w in clause)


def _apposition(norm: str, name: str) -> tuple[int, int] | None:
    """The list or quoted name right before ``name``: "基层提振、…“三大行动”", "“崇法…”四项工程"."""
    for at in _starts(norm, name):
        a = clause_start(norm, at)
        stretch = norm[a:at]
        if stretch.endswith(tuple(_OPEN)):
            at -= 1             # name in quotes: “三大行动”
            stretch = norm[a:at]
        if stretch.endswith(tuple(_CLOSE)):
            last = list(_QUOTE.finditer(stretch))
            if last and last[-1].end() == len(stretch):
                return a + last[-1].start(), at
        if "、" in stretch and 0 < at - a <= MAX_SLOT:
            return a, at
    return None


def _enumeration(norm: str, ctx: WhContext) -> tuple[int, int] | None:
    """"A、B、C等<head>" (or without 等): the list before the noun asked about, after the
    question's word before it when the clause has it ("联合住建、自然资源、财政等部门")."""
    for m in re.finditer(rf"等?{re.escape(ctx.head)}", norm):
        a = clause_start(norm, m.start())
        for left in ctx.lefts:
            at = norm.rfind(left, a, m.start())
            if at >= 0 and "、" in norm[at + len(left):m.start()]:
                a = at + len(left)
                break
        if "、" in norm[a:m.start()] and m.start() - a <= MAX_SLOT:
            return a, m.start()
    return None


_COUNT_CLOSING = r"(?:\d+|[两三四五六七八九十]+)[个名家项所座类]"     # "西安、铜川三个地市": the count closes the list
# where the rest of a list ends: at 等, a clause mark or a count; after one item when one is asked for
_REMAINDER_END = {plural: re.compile(rf"等|[{_CLAUSE_MARKS}]|{_COUNT_CLOSING}" + ("" if plural else "|[、和及与]"))
                  for plural in (True, False)}


def _remainder(norm: str, excluded: tuple[str, ...], plural: bool = True,
               within: tuple[int, int] | None = None) -> tuple[int, int] | None:
    """The rest of a list the question names some items of: "除侵犯知识产权、商业贿赂、非法经营外
    还有哪一类" ↔ "侵犯知识产权、商业贿赂、非法经营、合同诈骗等" → 合同诈骗; one item only
    when one is asked for ("除了跨省通办,还有哪种通办" ↔ 跨省通办、省内通办、… → 省内通办).
    ``within``: the clause the set-aside items are read in (English questions, whose words
    cannot place the answer in the sentence as a Chinese one's can); there an item among
    those set aside will do when none follows them."""
    at = [norm.find(item, *within) if within else norm.find(item) for item in excluded]
    if not at or min(at) < 0:
        return None
    last = max(at)
    a = last + len(excluded[at.index(last)])
    if any(c in _CLAUSE_MARKS for c in norm[min(at):a]) or "等" in norm[min(at):a]:
        return None     # the items set aside are in one list, which 等 would have closed
    # the set-aside word may end inside its item: 便衣打击|队、视频巡查小组 ("plain-clothes strike teams")
    a += len(_ITEM_REST.match(norm, a).group(0))
    if norm[a:a + 2] in ("”“", "」「"):       # “项目警官”“护航警官”|“服务警官”: a run of quoted names
        run = _QUOTED_RUN_REST.match(norm, a + 2)
        b = a + 2 + len(run.group(1) if plural else run.group(2))
        return (a + 2, b) if 2 <= b - a - 2 <= MAX_SLOT else None
    if norm[a:a + 1] not in "、和及与":
        return _between_set_aside(norm, min(at), a, excluded) if within else None
    a += 1
    end = _REMAINDER_END[plural].search(norm, a)
    b = end.start() if end else len(norm)
    if re.fullmatch(r"[“「][^“”「」]+[”」]", norm[a:b]):
        a, b = a + 1, b - 1         # one quoted name: the name
    return (a, b) if 2 <= b - a <= MAX_SLOT else None


def _clause_spans(norm: str) -> list[tuple[int, int]]:
    """(start, end) of each clause of a sentence, between clause marks."""
    return [(m.start(), m.end()) for m in re.finditer(rf"[^{_CLAUSE_MARKS}]+", norm)] or [(0, len(norm))]


_ITEM_REST = re.compile(rf"(?:[^、和及与“”「」{_CLAUSE_MARKS}]{{1,3}}(?=、|”“|」「))?")
# the quoted names left in a run: all of them (group 1), or the next one (group 2)
_QUOTED_RUN_REST = re.compile(r"(([^”」]{1,20})(?:[”」][“「][^”」]{1,20})*)")


def _between_set_aside(norm: str, start: int, end: int, excluded: tuple[str, ...]) -> tuple[int, int] | None:
    """The one item of a 、-list that sits among the items set aside, when the list ends with
    them: "Besides intellectual-property infringement, commercial bribery and contract fraud"
    ↔ 侵犯知识产权、商业贿赂、非法经营、合同诈骗等 → 非法经营; "Besides Pucheng" ↔ 澄城、蒲城被授予 → 澄城."""
    start = clause_start(norm, start)
    left, pos = [], start
    for k, item in enumerate(norm[start:end].split("、")):
        if not any(x in item for x in excluded):
            words = tagged(item)
            skip = len(words[0][0]) if k == 0 and len(words) > 1 and words[0][1] == "v" else 0
            left.append((pos + skip, pos + len(item)))      # 紧盯|非法经营、…: not the verb governing the run
        pos += len(item) + 1
    return left[0] if len(left) == 1 and 2 <= left[0][1] - left[0][0] <= MAX_SLOT else None


# the whole of what an English question sets aside, up to its question word: "Besides intellectual-
# property infringement, commercial bribery and contract fraud, which …"; "alongside" and "beyond"
# set things aside as "besides" does ("Alongside 'project officers' and 'escort officers', what third kind")
_ASIDE_EN = re.compile(r"\b(?:besides|apart from|aside from|other than|in addition to|except(?: for)?|alongside|along with|"
                       r"beyond)\s+(.+?)(?=,\s*(?:\w+\s+){0,2}?(?:what|which|who|whom|whose|how|where|when|why)\b|\?|$)", re.I)


def english_aside(question: str) -> str:
    """What an English question sets aside, or ""."""
    m = _ASIDE_EN.search(question)
    return m.group(1) if m else ""


def sets_aside(question_norm: str) -> bool:
    """Whether a question sets named things aside ("除了性侵害、虐待,还有哪一种", "Besides
    Hancheng…"): what it says of them is no description of the one it asks for."""
    return bool(_EXCEPT.search(question_norm) or _ASIDE_EN.search(question_norm))


_ASIDE_FOUND = 0.5      # of the set-aside phrases a clause must say, for its list to be the one meant


def english_remainder(norm: str, aside: tuple[tuple[str, ...], ...], plural: bool) -> tuple[int, int] | None:
    """The rest of a list an English question sets some items of aside: "Besides Hancheng
    and Linwei, which county…" ↔ "韩城、临渭、白水等10个县" → 白水. ``aside`` holds the
    Chinese terms of each set-aside phrase (``Query.aside``), and half the phrases must be in
    one clause: 数据 alone ("the city-wide police big-data centre") does not make 人工智能、
    大数据、物联网 the list meant."""
    aside = tuple(dict.fromkeys(aside))         # "'project officers' and 'escort officers'": officer once
    if not aside:
        return None

    def said(lo: int, hi: int) -> list[str]:
        return [hit for terms in aside if (hit := next((t for t in terms if t in norm[lo:hi]), None))]

    clause = max(_clause_spans(norm), key=lambda c: len(said(*c)))
    items = said(*clause)
    if not items or len(items) < _ASIDE_FOUND * len(aside):
        return None
    return _remainder(norm, tuple(items), plural, within=clause)


def _after_left(norm: str, ctx: WhContext) -> tuple[int, int] | None:
    """The rest of the clause after the verb the question asks the object of, when the
    sentence has none of the words after the question word: "坚持了哪些做法" ↔ "坚持打防并举、
    以打促治、部门联动,"; "围绕什么展开的" ↔ "围绕整合…力量进行“联合会诊”"."""
    found = []
    verb = next((v for v in (ctx.verb, _without_complement(ctx.verb)) if v and v in norm), "")
    for at in _starts(norm, verb) if verb else ():
        a = at + len(verb)
        end = clause_end(norm, a)
        if not any(r in norm[a:end] for r in ctx.rights) and 2 <= end - a <= MAX_SLOT:
            found.append((a, end))
    # of several, the one nearest most of the question's words ("民生案件“专项打”,坚持…")
    return max(found, key=lambda p: sum(w in norm[max(0, p[0] - 20):p[1]] for w in ctx.words), default=None)


_MODIFIER_CHARS = 20


def _modifier_before(norm: str, ctx: WhContext) -> tuple[int, int] | None:
    """The noun asked about with the words that modify it in the sentence, back to the verb,
    preposition, quotation or clause start before them, when the question's words before its
    question word are not in the sentence: "撑起的是一种怎样的安全感" ↔ "托起群众稳稳的安全感"
    → 群众稳稳的安全感; "建起了一项怎样的制度" ↔ "建立领导包联服务重点企业项目制度"."""
    found = []
    for head in ctx.heads:
        for at in _starts(norm, head):
            start = clause_start(norm, at)
            toks = list(tagged(norm[start:at]))
            size = 0
            for w, f in reversed(toks):
                if f == "x" or f.startswith("p") or (f.startswith("v") and f != "vn") or size + len(w) > _MODIFIER_CHARS:
                    break
                size += len(w)
            if size >= 2 and not norm[at - size:at].startswith("的"):
                found.append((at - size, at + len(head)))
        if found:
            return max(found, key=lambda p: (_shared(norm, p[0], p[1], ctx), p[0] - p[1]))
    return None


def frame_span(norm: str, ctx: WhContext, plural: bool) -> tuple[int, int] | None:
    """(start, end) in ``norm`` of the answer that the question's wording places, or None."""
    if ctx.excluded:
        found = _remainder(norm, ctx.excluded, plural)
        if found:
            return found
    found = None
    if ctx.subject:
        found = _between(norm, ctx) or _apposition(norm, ctx.subject)
    if found is None and plural and ctx.head:
        found = _enumeration(norm, ctx)
    if found is None:
        found = _between(norm, ctx)
        head = next((h for h in ctx.heads if found and norm.startswith(h, found[1])), "")
        if head:
            found = (found[0], found[1] + len(head))        # "哪些部门" → 应急管理、气象等部门
    if found is None and not ctx.subject:
        found = _modifier_before(norm, ctx) or _after_left(norm, ctx)
    if found is None:
        return None
    a, b = _trimmed(norm, *found, ctx)
    return (a, b) if 2 <= b - a <= MAX_SLOT else None


# "打防效能有什么变化" ↔ "打防效能稳步提升"; "试点工作的效果如何" ↔ "试点工作收到良好成效": a question
# about how something turned out asks for the predicate its subject takes in the sentence.
_STATE = re.compile(r"([^,，;；:：?？]{2,20}?)的?(?:各)?(?:有了?什么(?:样的)?变化|有何变化|发生了?(?:什么|怎样的)变化|"
                    r"变得(?:怎样|如何|怎么样)|变成了?什么样|(?:效果|成效|结果)(?:如何|怎样|怎么样)|怎么样了)[?？]?$")
_STATE_LEAD = "也都还又"
_STATE_MAX = 20


def state_span(norm: str, question_norm: str) -> tuple[int, int] | None:
    """The rest of the clause after the subject of a how-did-it-turn-out question, or None
    when the question is not one or the sentence does not name its subject. The subject is
    what follows the question's last 的 ("渭南公安的打防效能" → 打防效能), read back to two
    characters while the sentence lacks it."""
    m = _STATE.search(question_norm)
    if not m:
        return None
    subject = m.group(1).rsplit("的", 1)[-1]
    for size in range(len(subject), 1, -1):
        at = norm.find(subject[-size:])
        if at < 0:
            continue
        a = at + size
        end = clause_end(norm, a)
        while a < end and norm[a] in _STATE_LEAD and end - a > 2:
            a += 1
        return (a, end) if 2 <= end - a <= _STATE_MAX else None
    return None


# "守护什么、捍卫什么" ↔ "守护民生、捍卫正义": two questions in parallel ask for both objects.
_PAIRED_WH = re.compile(r"([\u4e00-\u9fff]{1,2})(?:什么|甚么|谁)[、,，和与及]\s*([\u4e00-\u9fff]{1,2})(?:什么|甚么|谁)")
_PAIRED_MAX = 30


def paired_span(norm: str, question_norm: str) -> tuple[int, int] | None:
    """From the first verb of two parallel questions to the end of the second one's object
    in the sentence, or None when the question asks one thing or the sentence lacks either
    verb in order."""
    m = _PAIRED_WH.search(question_norm)
    if not m:
        return None
    first, second = m.group(1), m.group(2)
    a = norm.find(first)
    b = norm.find(second, a + len(first)) if a >= 0 else -1
    if b < 0 or b - a > _PAIRED_MAX:
        return None
    end = clause_end(norm, b + len(second))
    return (a, end) if end > b + len(second) else None


# --------------------------------------------------------------------------- English questions
# "To which platform will…", "Which police station of…": the noun after which/what, up to
# the verb or preposition that follows it.
_EN_HEAD = re.compile(r"\b(?:which|what)\s+((?:[a-z][a-z'’-]*\s+){0,3}?[a-z][a-z'’-]*?)(?:['’]s)?\s+"
                      r"(?:of|did|does|do|was|were|is|are|has|have|had|will|would|can|could|in|on|at|for|"
                      r"from|to|that|by|with|under|during|been)\b", re.I)
_PHRASE_STOP = frozenset("p c u d r y".split())
_PHRASE_WORDS = 4


@dataclass(frozen=True)
class EnglishHead:
    """What an English which/what question says of the thing it asks about."""

    heads: tuple[str, ...]          # Chinese readings of its noun: "which platform" → 平台, 站台
    modifiers: frozenset[str]       # of the words before it: "beach volleyball championship" → 沙滩排球
    others: frozenset[str]          # of the question's other words: not part of the answer


@lru_cache(maxsize=2048)
def english_head(question: str) -> EnglishHead | None:
    """The noun an English which/what question asks about, read through the same
    dictionary bridge as retrieval, or None."""
    from .lexical import english_phrases
    m = _EN_HEAD.search(question)
    phrases = english_phrases(m.group(1)) if m else []
    if not phrases:
        return None
    heads = tuple(t for t in phrases[-1][1] if len(t) >= 2)
    modifiers = frozenset(t for _, ts in phrases for t in ts)
    rest = english_phrases(question[:m.start()] + " " + question[m.end(1):])
    return EnglishHead(heads, modifiers, frozenset(t for _, ts in rest for t in ts if len(t) >= 2) - modifiers)


def head_phrase_span(norm: str, heads: tuple[str, ...], avoid: tuple[str, ...],
                     modifiers: frozenset[str] = frozenset()) -> tuple[int, int] | None:
    """The noun phrase in ``norm`` ending in one of ``heads``: the words before the head
    back to a preposition, a function word, a second verb, a word the question itself says
    (``avoid``) or the clause's start — "接入派出所指挥平台" → 派出所指挥平台, "新城分局西一路派出所"
    asked "which police station of the Xincheng sub-bureau" → 西一路派出所. A number right
    before the head is the whole modifier: "成立75周年" → 75周年. A head with nothing before it
    names no particular thing."""
    found = []
    for head in heads:
        for at in _starts(norm, head):
            start = clause_start(norm, at)
            parts: list[tuple[str, str]] = []      # (word, tag), leftmost first
            verbs = 0
            toks = list(tagged(norm[start:at]))
            k = len(toks) - 1
            while k >= 0 and len(parts) < _PHRASE_WORDS:
                w, f = toks[k]
                if w in _CLOSE:                     # a quoted name modifies as one word
                    opening = next((j for j in range(k - 1, -1, -1) if toks[j][0] in _OPEN), None)
                    if opening is None:
                        break
                    parts.insert(0, ("".join(t for t, _ in toks[opening:k + 1]), "x"))
                    k = opening - 1
                    continue
                if f in _PHRASE_STOP or f == "x" or w in _FUNCTION or any(a in w or w in a for a in avoid):
                    break
                if f.startswith("v") and f != "vn":
                    verbs += 1
                    if verbs > 1:
                        break
                parts.insert(0, (w, f))
                k -= 1
                if f == "m":
                    parts = parts[:1]
                    break
            while len(parts) > 1 and parts[0][1].startswith("v"):
                parts.pop(0)                        # the predicate, not a modifier
            if parts:
                found.append((at - sum(len(w) for w, _ in parts), at + len(head)))
        if found:       # of several, the one with most of the question's modifiers: 沙滩排球…锦标赛
            return max(found, key=lambda p: (sum(w in norm[p[0]:p[1]] for w in modifiers), -p[0]))
    return None
