"""Cleaning stage: raw article files -> ``Article`` records with clean body text.

Scraped Chinese news pages carry more than the story: share prompts, image file
names, photo credits, site footers, editor lines, a title printed twice, and in
some files pinyin readings after polyphonic characters (``委員會(huì)``). All of
that would be indexed, embedded and quoted back as "answers" if left in, so it
is removed here, line by line, with patterns written for Chinese news sites in
general rather than for the seed files. Metadata lines (date/source, byline) are
taken out of the body but kept on the ``Article``.

The body keeps the article's own script (traditional stays traditional) so that
citations quote the source exactly. Matching happens on ``normalize(text)``, a
simplified, half-width, lowercase form of the same length: character ``i`` of the
normal form is character ``i`` of the text, so offsets found in one hold in the
other.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Iterable, NamedTuple

import opencc
from bs4 import BeautifulSoup, Comment, Doctype

from .records import Article, Skipped

SUPPORTED_SUFFIXES = (".txt", ".md", ".html", ".htm")


class BadArticle(ValueError):
    """A file that cannot become an article; ``reason`` says why in one line a person can act on."""

    def __init__(self, path: str | Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


# --- script conversion and the normal form --------------------------------------------

# Variant characters OpenCC's t2s leaves alone (found by scanning converted text for
# characters outside GB2312); without them "陜西" would never match "陕西".
_VARIANTS = str.maketrans("陜衞淸峩汚凃", "陕卫清峨污涂")

# Full-width ASCII forms (U+FF01..U+FF5E) -> ASCII, U+3000 and NBSP -> space, A-Z -> a-z.
# Sentence punctuation outside that block (。、“”《》…) is untouched; ！？；，： become
# !?;,: which every later stage treats as the same marks. The seeds already mix both.
_HALF_WIDTH_LOWER = {
    **{cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)},
    **{cp: cp + 0x20 for cp in range(ord("A"), ord("Z") + 1)},
    **{cp: cp - 0xFEE0 + 0x20 for cp in range(0xFF21, 0xFF3B)},
    0x3000: 0x20,
    0xA0: 0x20,
}


@lru_cache(maxsize=None)
def _converter(config: str) -> opencc.OpenCC:
    """OpenCC converters are costly to build and safe to share, so build each once."""
    return opencc.OpenCC(config)


@lru_cache(maxsize=65536)
def _convert_char(char: str, config: str) -> str:
    """One character converted on its own; kept only if it stays one character."""
    out = _converter(config).convert(char)
    return out if len(out) == 1 else char


def _convert(text: str, config: str) -> str:
    """Convert ``text`` with OpenCC, guaranteeing the same length.

    Whole-text conversion uses OpenCC's phrase tables (better choices such as
    乾隆 vs 干燥); if a phrase ever changes the length, per-character conversion
    keeps offsets valid instead.
    """
    out = _converter(config).convert(text)
    if len(out) == len(text):
        return out
    return "".join(_convert_char(ch, config) for ch in text)


def to_simplified(text: str) -> str:
    """Traditional -> simplified (OpenCC t2s plus the variants it misses), same length."""
    return _convert(text, "t2s").translate(_VARIANTS)


def to_traditional(text: str) -> str:
    """Simplified -> traditional (OpenCC s2t), to answer a traditional question in its own script."""
    return _convert(text, "s2t")


def is_traditional(text: str) -> bool:
    """Is ``text`` written in traditional characters?

    A traditional text changes under t2s and hardly under s2t; a simplified one the
    other way round. Comparing both counts tolerates characters that are the same in
    both scripts and the few that OpenCC maps in both directions.
    """
    to_s = sum(a != b for a, b in zip(text, to_simplified(text)))
    to_t = sum(a != b for a, b in zip(text, to_traditional(text)))
    return to_s > to_t


def normalize(text: str) -> str:
    """The form used for search and matching: simplified, half-width ASCII, lowercase ASCII.

    Length-preserving by construction (``len(normalize(t)) == len(t)``), so an offset
    found in the normal form is an offset into the original text.
    """
    return to_simplified(text).translate(_HALF_WIDTH_LOWER)


# --- pinyin annotations ------------------------------------------------------------------

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü"
_ANNOTATION = re.compile(rf"(?<=[{_CJK}])[(（]\s*([a-z{_TONED}1-5' ]{{1,40}}?)\s*[)）]")
_SYLLABLE = re.compile(
    r"(?:(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ueng|ang|eng|ing|ong|uai|iao|ian|uan|van|ai|ei|ao|ou|an|en|er|in|un|vn"
    r"|ia|ie|iu|ua|uo|ui|ve|ue|a|o|e|i|u|v)[1-5]?)"
)
_PINYIN_WORD = re.compile(rf"{_SYLLABLE.pattern}(?:[ ']?{_SYLLABLE.pattern})*")
_UNTONE = str.maketrans("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü", "aaaaeeeeiiiioooouuuuvvvvv")


def _is_pinyin(inner: str) -> bool:
    """A tone-marked (or tone-numbered) sequence of real pinyin syllables.

    Requiring a tone keeps ordinary lowercase words in brackets (``(app)``, ``(ai)``).
    """
    if not any(c in _TONED or c.isdigit() for c in inner):
        return False
    return _PINYIN_WORD.fullmatch(inner.strip().translate(_UNTONE)) is not None


def _drop_annotation(match: re.Match) -> str:
    return "" if _is_pinyin(match.group(1)) else match.group(0)


def strip_annotations(text: str) -> str:
    """Remove pinyin readings placed after characters (``長(zhǎng)`` -> ``長``).

    Real parentheses (``(市、区)``, ``(来源:渭南日报)``, ``(2023)``) hold no pinyin and
    stay. Repeats until nothing changes, so the result is stable under re-cleaning.
    """
    while True:
        out = _ANNOTATION.sub(_drop_annotation, text)
        if out == text:
            return out
        text = out


# --- line patterns (matched on normalize(line): simplified, half-width, lowercase) --------

def _any(*patterns: str) -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


# Always boilerplate, wherever they stand: nothing an article says looks like these.
_ALWAYS_BOILERPLATE = _any(
    r"分享(?:到|至)\s*(?:微信|朋友圈|微博|qq|好友)",
    r"扫一扫.{0,8}(?:分享|关注)",
    r"(?:即可|可以|可)将(?:本页|网页|本文|文章|页面).{0,6}分享",
    r"^分享(?:到|至)?\s*:?$",
    r"^[\w.\-]+\.(?:jpe?g|png|gif|webp|bmp|svg)$",           # an image file name on its own
    r"^(?:https?://|www\.)\S+$",                             # a bare URL
    r"icp\s*(?:备|证|\d)",
    r"公网安备",
    r"许可证(?:编号)?\s*:?\s*[\w-]*\d{5,}",
    r"copyright|©|all rights reserved",
    r"^(?:[【\[]?(?:打印|关闭|关闭窗口|返回顶部|收藏|打印本页)[】\]]?\s*)+$",
)

# Boilerplate only when the line is not a sentence: an article may well say
# "举报电话:2121592,……。" or mention 版权 in passing.
_LINE_BOILERPLATE = _any(
    r"^(?:地址|通讯地址|联系地址)\s*:",
    r"(?:联系电话|联系方式|咨询电话|商务电话|电话|传真|邮箱|e-?mail)\s*:\s*[\w(+-]",
    r"投稿邮箱|法律顾问|不良信息举报|版权所有|版权声明|免责声明",
    r"^[(\[【]?\s*(?:责任编辑|编辑|责编|主编|校对|审核|审校|终审|初审|复审|监制|值班编辑)\s*:",
    r"^(?:上一篇|下一篇)\s*:",
    r"^(?:相关(?:阅读|新闻|链接|文章|稿件)|推荐阅读|延伸阅读)\s*:?$",
    r"^[(\[【]?\s*(?:图|图片|图片来源|图源|摄影|视频)\s*[:/]",
    # photo credit at the end of a caption: "……。记者阮世喜摄", "(张三 摄)"
    rf"(?:(?:记者|通讯员|摄影|图)\s*|^|[\s(\[【,。])[{_CJK}]{{2,4}}(?:\s*[、,]\s*[{_CJK}]{{2,4}})*\s*摄\s*[)\]】]?$",
)

_NAV_SEPARATOR = re.compile(r"\s*[|｜]\s*")
_SENTENCE_END = re.compile(r"[。!?…]+[”’」』)\]》\"']*$")

_DATE = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s*(\d{1,2}:\d{2}(?::\d{2})?))?"
)
_BARE_DATE = re.compile(rf"^{_DATE.pattern}$")
_DATE_LABELS = ("时间", "发布时间", "发布日期", "日期", "更新时间", "发表时间", "发稿时间")
_SOURCE_LABELS = ("来源", "稿件来源", "信息来源", "文章来源", "稿源", "出处")
_AUTHOR_LABELS = ("作者", "记者", "撰稿")
_OTHER_LABELS = ("浏览次数", "浏览", "点击数", "点击", "阅读", "阅读量", "字号")
_LABEL = re.compile(
    r"(" + "|".join(sorted(_DATE_LABELS + _SOURCE_LABELS + _AUTHOR_LABELS + _OTHER_LABELS,
                           key=len, reverse=True)) + r")\s*:\s*"
)

_ROLE = r"(?:本报特约记者|本报记者|本报通讯员|特约记者|记者|通讯员|实习生|摄影|文/图|图/文|文|撰稿)"
_NAME = rf"[{_CJK}·](?:\s?[{_CJK}·]){{1,3}}"
_BYLINE_LINE = re.compile(
    rf"^[(\[【]?\s*(?:{_ROLE}\s*[:/ ]\s*{_NAME}(?:\s*[、, ]\s*{_NAME})*\s*[;,]?\s*)+[)\]】]?$"
)
_INLINE_BYLINE = re.compile(r"[(]\s*((?:本报)?(?:记者|通讯员)\s*[: ]\s*[^()]{1,40}?)\s*[)]")
_INLINE_SOURCE = re.compile(r"[(]\s*(?:来源|稿件来源)\s*:\s*([^()]{1,30}?)\s*[)]")

_SUBTITLE = re.compile(r"^(?:——|--|—|-{2,})\s*(\S.*)$")
_TITLE_SPLIT = re.compile(r"\s*(?:——|--)\s*")
_HEADING_END = re.compile(r"[。!?;,:…、]$")
_MAX_HEADING = 50


def _is_sentence(norm_line: str) -> bool:
    return _SENTENCE_END.search(norm_line) is not None


def _is_nav(norm_line: str) -> bool:
    """Site navigation: three or more short items separated by bars."""
    parts = [p for p in _NAV_SEPARATOR.split(norm_line) if p]
    return norm_line.count("|") >= 2 and len(parts) >= 3 and all(len(p) <= 15 for p in parts)


def is_boilerplate(line: str) -> bool:
    """Is this (stripped) line web furniture rather than article content?"""
    norm = normalize(line)
    if _ALWAYS_BOILERPLATE.search(norm):
        return True
    if _is_sentence(norm) or len(norm) > 200:
        return False
    return _is_nav(norm) or _LINE_BOILERPLATE.search(norm) is not None


def _is_heading(norm_line: str) -> bool:
    """Short and unpunctuated at the end: a title, subtitle or section heading."""
    return 0 < len(norm_line) <= _MAX_HEADING and not _HEADING_END.search(norm_line)


# --- metadata --------------------------------------------------------------------------

class Header(NamedTuple):
    """Metadata read from an article's text; "" where the text does not say."""

    title: str = ""
    subtitle: str = ""
    date: str = ""
    source: str = ""
    byline: str = ""


def _iso_date(match: re.Match) -> str:
    year, month, day, time = match.groups()
    date = f"{year}-{int(month):02d}-{int(day):02d}"
    return f"{date} {time}" if time else date


def _metadata_fields(line: str) -> dict[str, str] | None:
    """The fields of a metadata-only line, or None when the line says anything else.

    Handles a bare date (``2024-10-15 10:44:40``) and labelled lines
    (``时间:2024-03-29 10:08:13  来源:人民公安报``), in either script.
    """
    norm = normalize(line)
    bare = _BARE_DATE.match(norm)
    if bare:
        return {"date": _iso_date(bare)}
    labels = list(_LABEL.finditer(norm))
    if not labels or _is_sentence(norm) or len(norm) > 120:
        return None
    lead = norm[:labels[0].start()].strip()
    lead_date = _BARE_DATE.match(lead) if lead else None
    if lead and not lead_date:
        return None
    fields = {"date": _iso_date(lead_date)} if lead_date else {}
    for here, after in zip(labels, labels[1:] + [None]):
        end = after.start() if after else len(norm)
        label, value = here.group(1), line[here.end():end].strip()
        if label in _DATE_LABELS:
            found = _DATE.search(normalize(value))
            if found:
                fields.setdefault("date", _iso_date(found))
        elif label in _SOURCE_LABELS and value:
            found = _DATE.search(normalize(value))      # "来源:新华网 2024-01-02"
            if found:
                fields.setdefault("date", _iso_date(found))
                value = (value[:found.start()] + value[found.end():]).strip()
            fields.setdefault("source", value)
        elif label in _AUTHOR_LABELS and value:
            fields.setdefault("byline", value)
    return fields


def _byline(line: str) -> str | None:
    """The byline when the whole line is one (``本報記者 南 璽``, ``(记者 阮仕喜)``)."""
    norm = normalize(line)
    if len(norm) > 40 or not _BYLINE_LINE.match(norm):
        return None
    return line.strip("()（）[]【】 ")


def _inline_metadata(line: str) -> dict[str, str]:
    """Source and byline given in brackets inside a content line; the line itself stays."""
    norm = normalize(line)
    fields = {}
    source = _INLINE_SOURCE.search(norm)
    if source:
        fields["source"] = line[source.start(1):source.end(1)]
    byline = _INLINE_BYLINE.search(norm)
    if byline:
        fields["byline"] = line[byline.start(1):byline.end(1)]
    return fields


def _split_title(line: str) -> tuple[str, str]:
    """``主标题——副标题`` -> (主标题, 副标题); a leading dash makes the whole line a subtitle."""
    sub = _SUBTITLE.match(line)
    if sub:
        return "", sub.group(1).strip()
    parts = _TITLE_SPLIT.split(line, maxsplit=1)
    if len(parts) == 2 and parts[0] and parts[1]:
        return parts[0], parts[1]
    return line, ""


def _first_sentence(line: str, limit: int = 80) -> str:
    """A content line used as a title: its first sentence is enough, and never a whole page."""
    match = re.search(r"[。！？!?]", line)
    title = line[:match.end()] if match else line
    return title if len(title) <= limit else title[:limit - 1] + "…"


# --- the cleaning pass ---------------------------------------------------------------------

_INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff\u00ad]")
_HSPACE = re.compile(r"[ \t\f\v\xa0\u1680\u2000-\u200a\u202f\u205f\u3000]+")


def _prepare(text: str) -> list[str]:
    """Unify newlines and spaces, drop invisible characters and pinyin, strip each line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = strip_annotations(_INVISIBLE.sub("", text))
    return [_HSPACE.sub(" ", line).strip() for line in text.split("\n")]


def _layout(lines: list[str | None]) -> str:
    """Paragraphs separated by exactly one blank line; ``None`` marks a dropped line."""
    out: list[str] = []
    for line in lines:
        if line is None:
            continue
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


def _scan(text: str, title_hint: str = "") -> tuple[str, Header]:
    """Clean ``text`` and read its metadata in one pass over its lines."""
    lines: list[str | None] = _prepare(text)
    meta: dict[str, str] = {}
    # 1. Lines that are boilerplate or metadata only, wherever they stand.
    for i, line in enumerate(lines):
        if not line:
            continue
        if is_boilerplate(line):
            lines[i] = None
            continue
        fields = _metadata_fields(line)
        byline = None if fields is not None else _byline(line)
        if fields is not None or byline is not None:
            for key, value in (fields or {"byline": byline}).items():
                meta.setdefault(key, value)
            lines[i] = None
            continue
        for key, value in _inline_metadata(line).items():
            meta.setdefault(key, value)
    # 2. The header: headings before the first content line give title and subtitle.
    title_line = subtitle_line = ""
    for line in lines:
        if not line:
            continue
        norm = normalize(line)
        if not _is_heading(norm):
            break
        if _SUBTITLE.match(norm):
            subtitle_line = subtitle_line or line
        elif not title_line:
            title_line = line
        else:
            break
    # 3. A title or subtitle printed again is a duplicate, not content.
    seen_heads = {normalize(h) for h in (title_line, subtitle_line, title_hint) if h}
    seen: set[str] = set()
    for i, line in enumerate(lines):
        if not line:
            continue
        norm = normalize(line)
        if norm in seen_heads:
            if norm in seen:
                lines[i] = None
            seen.add(norm)
    body = _layout(lines)
    # 4. Title fields: explicit title, else a heading line, else the subtitle, else the first line.
    title, subtitle = _split_title(title_line) if title_line else ("", "")
    if subtitle_line:
        subtitle = _split_title(subtitle_line)[1]
    if title_hint:
        title = title_hint
    if not title:
        title = subtitle or _first_sentence(body.split("\n", 1)[0])
    header = Header(title=title, subtitle=subtitle, date=meta.get("date", ""),
                    source=meta.get("source", ""), byline=meta.get("byline", ""))
    return body, header


def clean(text: str) -> str:
    """Article body without pinyin, boilerplate or metadata lines; idempotent."""
    return _scan(text)[0]


def extract_metadata(text: str, title_hint: str = "") -> Header:
    """Title, subtitle, date, source and byline as the text states them."""
    return _scan(text, title_hint)[1]


def parse_article(text: str, article_id: str, *, title_hint: str = "",
                  content_hash: str = "") -> Article:
    """Build an ``Article`` from decoded text (``title_hint`` from a markdown/HTML heading)."""
    body, header = _scan(text, title_hint)
    if not body.strip():
        raise BadArticle(article_id, "no article text left after removing boilerplate")
    return Article(id=article_id, title=header.title, text=body, subtitle=header.subtitle,
                   date=header.date, source=header.source, byline=header.byline,
                   content_hash=content_hash)


# --- markdown and HTML ---------------------------------------------------------------------

_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|~~|`)(?=\S)(.+?)(?<=\S)\1")
_MD_PREFIX = re.compile(r"^\s{0,3}(?:>\s?|[-*+]\s+)")
_MD_RULE = re.compile(r"^\s{0,3}(?:[-*_]\s*){3,}$")


def markdown_to_text(text: str) -> tuple[str, str]:
    """Minimal markdown stripping -> (plain text, first heading).

    Only what would otherwise pollute the index: heading marks, emphasis, links
    (their text stays), images, quote and list markers, horizontal rules.
    """
    title = ""
    out = []
    for line in text.replace("\r\n", "\n").split("\n"):
        if _MD_RULE.match(line):
            out.append("")
            continue
        heading = _MD_HEADING.match(line)
        if heading:
            line = heading.group(1)
        line = _MD_LINK.sub(r"\1", _MD_IMAGE.sub("", line))
        line = _MD_EMPHASIS.sub(r"\2", _MD_PREFIX.sub("", line))
        if heading and not title:
            title = line.strip()
        out.append(line)
    return "\n".join(out), title


_HTML_DROP = ("script", "style", "nav", "footer", "header", "noscript", "template", "iframe",
              "form", "svg")
_HTML_BLOCKS = ("p", "div", "section", "article", "main", "aside", "h1", "h2", "h3", "h4", "h5",
                "h6", "li", "ul", "ol", "table", "tr", "blockquote", "pre", "figure", "figcaption",
                "dd", "dt", "dl", "center")
_TITLE_SITE_SUFFIX = re.compile(r"\s*(?:\||_|\s-\s|\s–\s)\s*")


def html_to_text(html: str) -> tuple[str, str]:
    """HTML -> (text with paragraphs separated by blank lines, title from h1 or <title>)."""
    soup = BeautifulSoup(html, "html.parser")
    for node in soup.find_all(string=lambda s: isinstance(s, (Comment, Doctype))):
        node.extract()
    for tag in soup.find_all(_HTML_DROP):
        tag.decompose()
    h1 = soup.find("h1")
    title = h1.get_text(" ", strip=True) if h1 else ""
    if not title and soup.title:
        title = _TITLE_SITE_SUFFIX.split(soup.title.get_text(" ", strip=True))[0]
    if soup.title:
        soup.title.decompose()
    for node in soup.find_all(string=True):
        if node.parent is None or node.parent.name != "pre":
            node.replace_with(re.sub(r"\s+", " ", str(node)))
    for br in soup.find_all("br"):
        br.replace_with("\n")
    for tag in soup.find_all(_HTML_BLOCKS):
        tag.insert_before("\n\n")
        tag.insert_after("\n\n")
    text = re.sub(r"\n[ \t]*(?=\n)", "\n", soup.get_text())
    return re.sub(r"\n{3,}", "\n\n", text).strip(), title


# --- reading files -------------------------------------------------------------------------

def _decode(data: bytes, path: Path) -> str:
    """UTF-8 (BOM or not), else GB18030; binary and undecodable bytes are refused."""
    if b"\x00" in data:
        raise BadArticle(path, "looks like a binary file (contains NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            raise BadArticle(path, "cannot decode the text as UTF-8 or GB18030; "
                                   "save it as UTF-8") from None
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f")
    if controls > max(2, len(text) // 100):
        raise BadArticle(path, "looks like a binary file (control characters), not text")
    return text


def _mb(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def read_article(path: str | Path, max_bytes: int = 5_000_000) -> Article:
    """Read one .txt/.md/.html file into an ``Article``; raise ``BadArticle`` with the reason."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise BadArticle(path, f"unsupported file type '{path.suffix or '(none)'}' "
                               f"(expected {', '.join(SUPPORTED_SUFFIXES)})")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise BadArticle(path, f"file is {_mb(size)}, over the {_mb(max_bytes)} limit")
        data = path.read_bytes()
    except OSError as exc:
        raise BadArticle(path, f"cannot read the file ({exc.strerror or exc})") from None
    if len(data) > max_bytes:
        raise BadArticle(path, f"file is {_mb(len(data))}, over the {_mb(max_bytes)} limit")
    if not data.strip():
        raise BadArticle(path, "empty file")
    text = _decode(data, path)
    if not text.strip():
        raise BadArticle(path, "empty file")
    title_hint = ""
    if suffix == ".md":
        text, title_hint = markdown_to_text(text)
    elif suffix in (".html", ".htm"):
        text, title_hint = html_to_text(text)
    try:
        return parse_article(text, path.name, title_hint=title_hint,
                             content_hash=hashlib.sha256(data).hexdigest())
    except BadArticle as exc:
        raise BadArticle(path, exc.reason) from None


def _corpus_files(folder_or_paths: str | Path | Iterable[str | Path]) -> list[Path]:
    """A folder's visible files sorted by name, or the given paths sorted by name."""
    if isinstance(folder_or_paths, (str, Path)):
        folder = Path(folder_or_paths)
        if not folder.exists():
            raise FileNotFoundError(f"corpus folder not found: {folder}")
        if folder.is_file():
            return [folder]
        return sorted((p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")),
                      key=lambda p: p.name)
    return sorted((Path(p) for p in folder_or_paths if not Path(p).name.startswith(".")),
                  key=lambda p: (p.name, str(p)))


def read_corpus(folder_or_paths: str | Path | Iterable[str | Path],
                max_bytes: int = 5_000_000) -> tuple[list[Article], list[Skipped]]:
    """Read every article; a bad file is reported in ``Skipped`` and never stops the rest."""
    articles: list[Article] = []
    skipped: list[Skipped] = []
    seen: set[str] = set()
    for path in _corpus_files(folder_or_paths):
        if path.name in seen:
            skipped.append(Skipped(str(path), "another file with the same name was already read"))
            continue
        try:
            articles.append(read_article(path, max_bytes=max_bytes))
            seen.add(path.name)
        except BadArticle as exc:
            skipped.append(Skipped(str(path), exc.reason))
        except (OSError, UnicodeError, RecursionError) as exc:   # never let one file stop the rest
            skipped.append(Skipped(str(path), f"could not read the file ({exc})"))
    return articles, skipped
