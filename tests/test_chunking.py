"""Chunking stage: exact offsets, size limits, sentence boundaries, full coverage."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from qa.chunking import chunk_article, sentence_spans
from qa.cleaning import clean, normalize, parse_article, read_corpus

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
CHUNK_SIZE, OVERLAP = 320, 60
PINYIN = re.compile(r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü\d ]+[)）]")


@pytest.fixture(scope="module")
def seeded():
    articles, _ = read_corpus(SEEDS)
    return [(a, chunk_article(a, CHUNK_SIZE, OVERLAP)) for a in articles]


def assert_passages_tile(text: str, passages, chunk_size: int) -> None:
    """Exact slices, bounded size, in order, and nothing but whitespace between or around them."""
    assert passages or not text.strip()
    for p in passages:
        assert text[p.start:p.end] == p.text
        assert p.text and p.text == p.text.strip()
        assert len(p.text) <= chunk_size
    for p, q in zip(passages, passages[1:]):
        assert p.start < q.start and p.end < q.end
        assert text[p.end:q.start].strip() == ""          # q.start <= p.end means overlap
    if passages:
        assert text[:passages[0].start].strip() == "" and text[passages[-1].end:].strip() == ""


def test_seed_passages_tile_their_articles(seeded):
    for article, passages in seeded:
        assert_passages_tile(article.text, passages, CHUNK_SIZE)
        for p in passages:
            assert (p.source, p.title, p.date) == (article.id, article.title, article.date)


def test_seed_passage_counts(seeded):
    counts = {a.id[:3]: len(ps) for a, ps in seeded}
    assert all(5 <= n <= 30 for n in counts.values()), counts


def test_sentence_marks_end_sentences(seeded):
    for _, passages in seeded:
        for p in passages:
            assert p.text[0] not in "。！？；，,!?;”’」』)）", p.text[:20]


def test_some_consecutive_passages_overlap(seeded):
    overlaps = [p.end - q.start for _, ps in seeded for p, q in zip(ps, ps[1:])]
    assert any(0 < o <= OVERLAP for o in overlaps)
    assert max(overlaps) <= OVERLAP


def test_ids_are_content_hashes_and_stable(seeded):
    again = {p.id for a, _ in seeded for p in chunk_article(a, CHUNK_SIZE, OVERLAP)}
    ids = [p.id for _, ps in seeded for p in ps]
    assert set(ids) == again and len(set(ids)) == len(ids)
    for _, passages in seeded:
        for p in passages:
            key = f"{p.source}\x00{p.start}\x00{p.end}\x00{p.text}".encode()
            assert p.id == hashlib.sha256(key).hexdigest()[:16]


def test_small_chunk_sizes_still_tile(seeded):
    for article, _ in seeded:
        assert_passages_tile(article.text, chunk_article(article, 60, 15), 60)


def test_sentence_spans_keep_closing_quotes():
    text = "他说:“今天很好。”然后走了!(来源:某报)\n\n第二段 1.5 元. 结束？」最后"
    got = [text[s:e] for s, e in sentence_spans(text)]
    assert got == ["他说:“今天很好。”", "然后走了!", "(来源:某报)", "第二段 1.5 元.", "结束？」", "最后"]


def test_sentence_spans_on_seeds(seeded):
    for article, _ in seeded:
        text = article.text
        spans = sentence_spans(text)
        covered = "".join(text[s:e] for s, e in spans)
        assert re.sub(r"\s", "", covered) == re.sub(r"\s", "", text)
        for (s1, e1), (s2, e2) in zip(spans, spans[1:]):
            assert s1 < e1 <= s2 < e2
        assert all(text[s] not in "。！？；”" for s, _ in spans)


# --- property test: generated articles with pinyin and boilerplate ---------------------------

HANZI = ("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能"
         "下过子说产种面而方后多定行学法所民得经十三之进等部度家电力里如水化高自二理起小物现实加量"
         "都两体制机当使点从业本去把性好应开合还因由其些然前外天政四日那社义事平形相全表间样与关各重"
         "新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公無系軍會長發展為調國"
         "實這個時們過來華區縣鄉鎮務")
WORDS = ["police", "Shaanxi", "GDP", "2023", "5G", "3.6"]
PINYIN_NOTES = ["huì", "zhǎng", "fā", "wèi", "diào", "guó", "nǚ", "lǜ", "zhong1", "hang2", "zhǎng lǎo"]
BOILERPLATE = ["分享到微信朋友圈", "扫一扫分享本页", "责任编辑:张三", "编辑:李四", "0a1b2c3d.jpeg",
               "Copyright © 2024 某网 All Rights Reserved.", "京ICP备12345678号",
               "网站简介 | 联系我们 | 版权声明 | 我要投稿", "2024-05-01 08:00:00", "来源:新华社",
               "本报记者 王 五", "地址:北京市 联系电话:010-12345678", "(记者 张三 摄)",
               "打开微信,点击 “ 发现 ” ,使用 “ 扫一扫 ” 即可将网页分享至朋友圈。"]
MARKS = ["。", "！", "？", "；", "!", "?", "。”", "！」"]

word = st.one_of(st.text(HANZI, min_size=1, max_size=12), st.sampled_from(WORDS))
sentence = st.builds(lambda ws, m: "".join(ws) + m, st.lists(word, min_size=1, max_size=6),
                     st.sampled_from(MARKS))
content_line = st.builds("".join, st.lists(sentence, min_size=1, max_size=8))


@st.composite
def article_texts(draw):
    """Raw text, and the content lines that must survive cleaning."""
    lines = draw(st.lists(content_line, min_size=1, max_size=12))
    raw_lines = []
    for line in lines:
        chars = list(line)
        for i in sorted(draw(st.sets(st.integers(0, len(chars) - 1), max_size=4)), reverse=True):
            if chars[i] in HANZI:
                left, right = draw(st.sampled_from([("(", ")"), ("（", "）")]))
                chars.insert(i + 1, left + draw(st.sampled_from(PINYIN_NOTES)) + right)
        indent = draw(st.sampled_from(["", " ", "\u3000\u3000", "\t"]))
        raw_lines.append(indent + "".join(chars) + draw(st.sampled_from(["", " ", "  "])))
        if draw(st.booleans()):
            raw_lines.append(draw(st.sampled_from(BOILERPLATE)))
    if draw(st.booleans()):
        raw_lines.insert(0, draw(st.text(HANZI, min_size=2, max_size=20)))   # a title
    separators = [draw(st.sampled_from(["\n", "\n\n", "\n \n", "\r\n", "\n\n\n"])) for _ in raw_lines]
    raw = "".join(line + sep for line, sep in zip(raw_lines, separators))
    return raw, lines


@settings(max_examples=100, deadline=None)
@given(article_texts(), st.integers(30, 320), st.integers(0, 60))
def test_generated_articles_clean_and_chunk(sample, chunk_size, overlap):
    raw, content = sample
    overlap = min(overlap, chunk_size // 3)
    cleaned = clean(raw)
    assert clean(cleaned) == cleaned
    assert not PINYIN.search(cleaned)
    kept = set(cleaned.split("\n"))
    for line in content:
        assert line in kept
    for marker in ("分享", "扫一扫", "编辑", ".jpeg", "Copyright", "ICP", "网站简介", "2024-05-01",
                   "来源", "王 五", "联系电话", "张三"):
        assert marker not in cleaned
    article = parse_article(raw, "generated.txt")
    assert article.text == cleaned
    assert len(normalize(cleaned)) == len(cleaned)
    assert_passages_tile(article.text, chunk_article(article, chunk_size, overlap), chunk_size)
