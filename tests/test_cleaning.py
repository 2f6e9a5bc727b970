"""Cleaning stage on the five real seed articles, plus the ways a file can be bad."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from qa.cleaning import (BadArticle, clean, extract_metadata, is_traditional, normalize,
                         read_article, read_corpus, strip_annotations, to_simplified,
                         to_traditional)

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SEED_FILES = sorted(p for p in SEEDS.iterdir() if not p.name.startswith("."))
PINYIN = re.compile(r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+[)）]")
# A content line ends a sentence, possibly followed by an attribution in brackets.
SENTENCE_LINE = re.compile(r"[。！？!?…][”’」』]*(?:[(（][^()（）]*[)）])?$")
BOILERPLATE = ["ICP", "扫一扫", ".jpeg", "责任编辑", "Copyright", "联系电话", "编辑:", "分享到",
               "网站简介", "投稿邮箱", "法律顾问", "许可证", "公网安备", "阮世喜摄", "All Rights"]


@pytest.fixture(scope="module")
def corpus():
    articles, skipped = read_corpus(SEEDS)
    assert skipped == []
    return {a.id: a for a in articles}


def _raw(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.split("\n") if line.strip()]


def test_all_seeds_load_with_file_name_ids_and_raw_hashes(corpus):
    assert sorted(corpus) == [p.name for p in SEED_FILES]
    for path in SEED_FILES:
        assert corpus[path.name].content_hash == hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name[:3])
def test_no_pinyin_annotation_survives(corpus, path):
    assert not PINYIN.search(corpus[path.name].text)


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name[:3])
def test_no_boilerplate_survives(corpus, path):
    text = corpus[path.name].text
    for marker in BOILERPLATE:
        assert marker not in text, marker


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name[:3])
def test_every_sentence_line_survives(corpus, path):
    kept = set(_lines(corpus[path.name].text))
    for line in _lines(strip_annotations(_raw(path))):
        if SENTENCE_LINE.search(line) and "分享" not in line:   # the one share prompt ends with 。
            assert line in kept, line


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name[:3])
def test_real_parentheses_survive(corpus, path):
    text = corpus[path.name].text
    raw = strip_annotations(_raw(path))
    for line in _lines(raw):
        if not SENTENCE_LINE.search(line):
            continue
        for group in re.findall(r"\([^()]*\)", line):
            assert group in text, group


def test_known_parentheses_and_headings(corpus):
    a000, a002, a003 = (corpus[p.name] for p in SEED_FILES[0:1] + SEED_FILES[2:4])
    assert "村(社區)微信群" in a000.text
    assert "“三個年”活動落實" in a000.text.split("\n")
    assert "27个县(市、区)" in a002.text and "(司法所、法庭、村委会)" in a002.text
    assert "村(社区)警务室" in a003.text and "完善工作体系" in a003.text.split("\n")


def test_annotation_rules():
    assert strip_annotations("市禁毒委員會(huì)辦公室") == "市禁毒委員會辦公室"
    assert strip_annotations("發(fā)展為(wèi)調(diào)") == "發展為調"
    assert strip_annotations("長（zhǎng）老(zhang3)行(háng)") == "長老行"
    assert strip_annotations("長老(zhǎng lǎo)和女(nǚ)") == "長老和女"
    for keep in ("27个县(市、区)", "村(社区)", "(来源:渭南日报)", "(記者 南 璽)", "(2023)",
                 "人工智能(ai)", "使用(app)", "编号(abc)", "(zhǎng)开头"):
        assert strip_annotations(keep) == keep


def test_metadata(corpus):
    a000, a001, a002, a003, a004 = (corpus[p.name] for p in SEED_FILES)
    assert a000.title.startswith("4月12日") and a000.date == "" and a000.source == ""
    assert (a001.title, a001.subtitle) == ("守护万家灯火", "渭南市公安夏季治安打击整治行动工作综述")
    assert a001.date.startswith("2024-10-15") and a001.source == "渭南日报"
    assert a002.title == "陕西:推进平安共治 实现长治久安"
    assert a002.date.startswith("2024-03-29") and a002.source == "人民公安报"
    assert "阮仕喜" in a002.byline
    assert (a003.title, a003.subtitle) == ("夯实平安基石 提升幸福成色", "渭南市扎实推进平安建设工作")
    assert "张建锋" in a003.byline and "刘涛" in a003.byline
    assert "南" in a004.byline and "商洛市" in a004.subtitle and a004.title
    assert not a004.title.startswith("—")


def test_metadata_lines_leave_the_body_and_titles_appear_once(corpus):
    a001, a002, a004 = (corpus[SEED_FILES[i].name] for i in (1, 2, 4))
    assert "2024-10-15" not in a001.text and "时间:" not in a002.text
    assert "本報記者" not in a004.text
    assert a001.text.split("\n").count("守护万家灯火") == 1
    assert a001.text.split("\n").count("——渭南市公安夏季治安打击整治行动工作综述") == 1
    assert a002.text.split("\n").count("陕西:推进平安共治 实现长治久安") == 1


def test_metadata_patterns_generalise():
    text = "标题在此\n发布时间:2023年5月6日 来源:新华网 作者:张三\n正文第一句。\n(记者 李四)"
    meta = extract_metadata(text)
    assert (meta.title, meta.date, meta.source, meta.byline) == ("标题在此", "2023-05-06", "新华网", "张三")
    assert clean(text) == "标题在此\n正文第一句。"


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name[:3])
def test_layout_and_idempotence(corpus, path):
    text = corpus[path.name].text
    assert clean(text) == text == clean(_raw(path))
    assert "\n\n\n" not in text and text == text.strip()
    assert all(line == line.strip() for line in text.split("\n"))


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name[:3])
def test_normalize_on_seeds(corpus, path):
    text = corpus[path.name].text
    norm = normalize(text)
    assert len(norm) == len(text)
    assert "陜" not in norm
    assert not re.search(r"[A-Z\uff01-\uff5e]", norm)


def test_normalize_rules():
    assert normalize("陜西長治久安") == "陕西长治久安"
    assert normalize("ＡＢＣ，１２３！？；：（）") == "abc,123!?;:()"
    assert normalize("好。“是”、《书》…") == "好。“是”、《书》…"
    assert to_simplified("委員會") == "委员会"
    assert to_traditional("陕西长治久安") == "陝西長治久安"
    assert is_traditional("商洛建成了多少個標準化派出所")
    assert not is_traditional("商洛建成了多少个标准化派出所")
    assert not is_traditional("How many police stations?")


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_normalize_is_length_preserving(text):
    assert len(normalize(text)) == len(text)
    assert len(to_simplified(text)) == len(text)


# --- reading files ------------------------------------------------------------------------

GOOD = "標題\n\n第一段內容。\n\n第二段內容。"


def _write(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def test_bad_files_are_skipped_with_one_clear_reason(tmp_path):
    _write(tmp_path, "a_good.txt", GOOD)
    _write(tmp_path, "b_binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    _write(tmp_path, "c_empty.txt", b"")
    _write(tmp_path, "d_gb18030.txt", GOOD.encode("gb18030"))
    _write(tmp_path, "e_undecodable.txt", b"\xff\xfe\xfd\xfc" * 8)
    _write(tmp_path, "f_big.txt", "很长的内容。" * 200)
    _write(tmp_path, "g_doc.pdf", "%PDF-1.4")
    _write(tmp_path, "h_page.html", "<html><head><title>页面标题 - 某网</title>"
                                    "<script>var secret = 1;</script><style>p{}</style></head>"
                                    "<body><nav>首页 | 新闻</nav><h1>大标题</h1><p>第一段。</p>"
                                    "<p>第二\n段。</p><footer>版权所有</footer></body></html>")
    _write(tmp_path, "i_bom.txt", b"\xef\xbb\xbf" + GOOD.encode("utf-8"))
    _write(tmp_path, "j_only_boilerplate.txt", "分享到微信朋友圈\n责任编辑:张三\n")
    _write(tmp_path, ".hidden.txt", GOOD)
    articles, skipped = read_corpus(tmp_path, max_bytes=1000)
    loaded = {a.id: a for a in articles}
    assert sorted(loaded) == ["a_good.txt", "d_gb18030.txt", "h_page.html", "i_bom.txt"]
    assert loaded["d_gb18030.txt"].text == loaded["a_good.txt"].text == loaded["i_bom.txt"].text
    reasons = {Path(s.path).name: s.reason for s in skipped}
    expected = {"b_binary.txt": "binary", "c_empty.txt": "empty", "e_undecodable.txt": "decode",
                "f_big.txt": "limit", "g_doc.pdf": "unsupported",
                "j_only_boilerplate.txt": "no article text"}
    assert set(reasons) == set(expected)
    for name, word in expected.items():
        assert word in reasons[name] and "\n" not in reasons[name]
    page = loaded["h_page.html"]
    assert page.title == "大标题"
    assert "secret" not in page.text and "首页" not in page.text and "版权" not in page.text
    assert "第一段。\n\n第二 段。" in page.text


def test_read_article_raises_bad_article(tmp_path):
    with pytest.raises(BadArticle) as info:
        read_article(_write(tmp_path, "x.docx", "hello"))
    assert isinstance(info.value, ValueError) and "unsupported" in info.value.reason
    with pytest.raises(BadArticle, match="limit"):
        read_article(_write(tmp_path, "big.txt", "内容。" * 100), max_bytes=10)


def test_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="corpus folder not found"):
        read_corpus(tmp_path / "nope")


def test_paths_list_sorted_by_name_and_missing_file_skipped(tmp_path):
    b = _write(tmp_path, "b.txt", GOOD)
    a = _write(tmp_path, "a.md", "# 标题一\n\n**重要**的[内容](http://x.cn)。\n\n![图](p.png)\n")
    articles, skipped = read_corpus([b, tmp_path / "missing.txt", a])
    assert [x.id for x in articles] == ["a.md", "b.txt"]
    assert [Path(s.path).name for s in skipped] == ["missing.txt"]
    md = articles[0]
    assert md.title == "标题一"
    assert md.text == "标题一\n\n重要的内容。"


def test_conversion_falls_back_per_character_when_length_changes(monkeypatch):
    import qa.cleaning as cleaning

    class Widening:
        """A converter whose whole-text output is longer than its input."""

        @staticmethod
        def convert(text: str) -> str:
            return text.replace("A", "AA").replace("B", "b")

    monkeypatch.setattr(cleaning, "_converter", lambda config: Widening)
    assert cleaning._convert("xAB", "widening-test") == "xAb"
