"""qa.eval: CMRC-style span metrics, the aggregate ``score`` on hand-made prediction rows
(every expected value worked out by hand below), and question-file loading."""
from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from qa.eval import breakdown, char_f1, exact_match, load_questions, score, sentence_hit, span_hit


# --------------------------------------------------------------------------- text metrics

@pytest.mark.parametrize("prediction, gold, expected", [
    ("91个", "91个", 1.0),
    ("91個", "91个", 1.0),                  # traditional → simplified before comparing
    ("“91个”。", "91个", 1.0),              # punctuation stripped
    (" 9 1 个 ", "91个", 1.0),              # spaces stripped
    ("ABC", "abc", 1.0),                    # case folded
    ("91", "91个", 0.0),
    ("", "91个", 0.0),
])
def test_exact_match(prediction, gold, expected):
    assert exact_match(prediction, gold) == expected


@pytest.mark.parametrize("prediction, gold, expected", [
    ("91个", "91個", 1.0),
    # "91个标准化" vs "91个": 3 common of 6 predicted → P 0.5, R 1 → 2·0.5·1/1.5 = 0.667
    ("91个标准化", "91个", 2 / 3),
    # 建成91個標準化派出所 → 11 chars after simplification, gold 91个标准化派出所 → 9, all 9 common:
    # P 9/11, R 1 → 2·(9/11)/(20/11) = 18/20 = 0.9
    ("建成91個標準化派出所。", "91个标准化派出所", 0.9),
    # "2024年" vs "2024年7月2日": common 2,0,2,4,年 = 5 → P 5/5, R 5/9 → 2·(5/9)/(14/9) = 10/14 = 0.714
    ("2024年", "2024年7月2日", 10 / 14),
    ("abc", "xyz", 0.0),
    ("", "", 1.0),                          # both empty after stripping: equal
    ("。", "", 1.0),
    ("", "91个", 0.0),
    ("91个", "", 0.0),
])
def test_char_f1(prediction, gold, expected):
    assert char_f1(prediction, gold) == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize("prediction, gold, expected", [
    ("91個", "91个", 1.0),
    ("建成91个", "91个", 1.0),               # 5 chars ≤ max(2·3, 3+3) = 6
    ("建成91个标准化派出所", "91个", 0.0),    # 11 chars > 6: a whole clause is not a span
    ("共破获1378起", "1378起", 1.0),         # 8 ≤ max(10, 8)
    ("9", "91个", 0.0),
    ("任何回答", "", 0.0),                   # no gold, no hit
])
def test_span_hit(prediction, gold, expected):
    assert span_hit(prediction, gold) == expected


EVIDENCE = "实施派出所提档升级“百千工程”，建成91个标准化派出所，134个城区社区实现“一区一警”专职化。"


@pytest.mark.parametrize("predicted, gold, expected", [
    (EVIDENCE, "91个", 1.0),
    ("建成91個標準化派出所", "91个", 1.0),    # a piece of the evidence, traditional, holding the answer
    ("建成91個標準化派出所", "134个", 0.0),   # right sentence piece, but the answer is not in it
    ("全市建成134个社区", "91个", 0.0),       # neither contains the other
    ("2019年全市破获案件100起。" + EVIDENCE, "", 1.0),   # evidence inside a longer prediction, no gold
    ("", "91个", 0.0),
])
def test_sentence_hit(predicted, gold, expected):
    assert sentence_hit(predicted, EVIDENCE, gold) == expected


# --------------------------------------------------------------------------- score

def _row(**kw) -> dict:
    base = {"id": "", "question": "", "answers": [], "answerable": True, "source": "", "evidence": "",
            "lang": "zh-Hans", "type": "number", "mode": "hybrid", "found": True, "prediction": "",
            "predicted_sentence": "", "confidence": 0.5, "first_citation": "", "article_rank": 0,
            "passage_rank": 0, "seconds": 0.0}
    return {**base, **kw}


ROWS = [
    # r1: exact answer (traditional gold), right sentence, right article first
    _row(id="r1", answers=["91個"], source="b.txt", evidence=EVIDENCE, lang="zh-Hant",
         prediction="91个", predicted_sentence=EVIDENCE, first_citation="b.txt",
         article_rank=1, passage_rank=1, seconds=0.10),
    # r2: answer with extra words (span hit, not EM), sentence cut differently and not contained
    _row(id="r2", answers=["1378起"], source="a.txt",
         evidence="1-3月份，全市共破獲各類刑事案件1378起，同比上升155.19%；",
         prediction="共破获1378起", predicted_sentence="全市共破获1378起。", first_citation="a.txt",
         article_rank=2, passage_rank=3, seconds=0.20),
    # r3: a false refusal; the first citation is from the wrong article; nothing retrieved
    _row(id="r3", answers=["98.6%"], source="b.txt", evidence="群众满意率达到98.6%。", lang="en",
         found=False, prediction="", predicted_sentence="", first_citation="c.txt",
         article_rank=0, passage_rank=0, seconds=0.20),
    # r4: two golds, a partial answer, the right sentence
    _row(id="r4", answers=["7月2日", "2024年7月2日"], source="a.txt", type="date",
         evidence="2024年7月2日，渭南市公安局召开夏季治安打击整治行动部署会。",
         prediction="2024年", predicted_sentence="2024年7月2日,渭南市公安局召开夏季治安打击整治行动部署会",
         first_citation="a.txt", article_rank=1, passage_rank=2, seconds=0.40),
    # u1: unanswerable, correctly refused
    _row(id="u1", answerable=False, type="unanswerable", found=False, first_citation="c.txt", seconds=0.05),
    # u2: unanswerable, wrongly answered
    _row(id="u2", answerable=False, type="unanswerable", found=True, prediction="110",
         first_citation="c.txt", seconds=1.00),
]


def test_score_by_hand():
    m = score(ROWS)
    expected = {
        "questions": 6, "answerable": 4, "unanswerable": 2,
        # article ranks of r1..r4: 1, 2, 0, 1
        "recall@1_article": 2 / 4,                     # r1, r4 → 0.5
        "recall@5_article": 3 / 4,                     # r1, r2, r4 → 0.75
        "mrr_article": (1 + 1 / 2 + 0 + 1) / 4,        # 2.5 / 4 = 0.625
        # passage ranks: 1, 3, 0, 2
        "recall@1_passage": 1 / 4,                     # r1 → 0.25
        "recall@5_passage": 3 / 4,                     # r1, r2, r4 → 0.75
        "mrr_passage": (1 + 1 / 3 + 0 + 1 / 2) / 4,    # (11/6) / 4 = 11/24 = 0.458
        # r1 same sentence; r2 "全市共破获1378起" ⊄ "13月份全市共破获各类刑事案件1378起…" → 0;
        # r3 refused → 0; r4 same sentence modulo punctuation, holds "7月2日" → 1: 2 of 4
        "sentence_hit": 2 / 4,
        # r1 "91个"=gold → 1; r2 8 chars ≤ 10 and holds gold → 1; r3 "" → 0; r4 "2024年" holds no gold → 0
        "span_hit": 2 / 4,
        "exact_match": 1 / 4,                          # r1 only
        # r1 1; r2 5 common of 8 → P 5/8, R 1 → 10/13; r3 0; r4 best gold 2024年7月2日 → 10/14
        "f1": (1 + 10 / 13 + 0 + 10 / 14) / 4,         # 2.4835 / 4 = 0.621
        "first_citation_article": 3 / 4,               # r3 cites c.txt for a b.txt question
        "false_refusal_rate": 1 / 4,                   # r3
        "abstain_recall": 1 / 2,                       # u1 refused, u2 answered
        "abstain_precision": 1 / 2,                    # refused: r3 (answerable), u1 → 1 of 2
        # seconds sorted: 0.05 0.10 0.20 0.20 0.40 1.00; nearest rank at round(p·5):
        "latency_p50_ms": 200.0,                       # index round(2.5) = 2 (and index 3 is also 0.20)
        "latency_p95_ms": 1000.0,                      # index round(4.75) = 5
    }
    assert set(expected) <= set(m)
    for key, value in expected.items():
        assert m[key] == pytest.approx(value, abs=1e-9), key


def test_score_ignores_prediction_text_when_refused():
    # a refused answer scores 0 even if a text was left in the row
    rows = [_row(answers=["91个"], found=False, prediction="91个", predicted_sentence=EVIDENCE, evidence=EVIDENCE)]
    m = score(rows)
    assert (m["exact_match"], m["f1"], m["span_hit"], m["sentence_hit"]) == (0.0, 0.0, 0.0, 0.0)
    assert m["false_refusal_rate"] == 1.0
    assert m["abstain_precision"] == 0.0          # the only refusal was answerable: 0 of 1


def test_score_undefined_metrics_are_nan():
    m = score([_row(answers=["91个"], prediction="91个", seconds=0.3)])
    assert math.isnan(m["abstain_recall"])        # no unanswerable questions
    assert math.isnan(m["abstain_precision"])     # no refusals
    assert m["latency_p50_ms"] == pytest.approx(300.0) and m["latency_p95_ms"] == pytest.approx(300.0)


def test_breakdown_groups_by_language_and_type():
    b = breakdown(ROWS)
    assert b["all"]["questions"] == 6
    assert b["lang=zh-Hant"]["questions"] == 1 and b["lang=zh-Hant"]["exact_match"] == 1.0
    assert b["lang=en"]["false_refusal_rate"] == 1.0      # r3 is the only English row
    assert b["type=unanswerable"]["answerable"] == 0 and b["type=unanswerable"]["abstain_recall"] == 0.5
    assert b["lang=zh-Hans"]["questions"] == 4            # r2, r4, u1, u2


# --------------------------------------------------------------------------- load_questions

def _write(tmp_path, lines: list) -> Path:
    path = tmp_path / "questions.jsonl"
    path.write_text("\n".join(l if isinstance(l, str) else json.dumps(l, ensure_ascii=False) for l in lines) + "\n",
                    encoding="utf-8")
    return path


def test_load_questions_accepts_alternative_field_names(tmp_path):
    path = _write(tmp_path, [
        {"id": "x1", "question": "商洛建成了多少个标准化派出所？", "answer": "91个",
         "source": "004.txt", "evidence": "建成91个标准化派出所", "lang": "zh-Hans", "type": "number"},
        {"q": "How many police stations?", "answers": ["91个", "91"], "doc": "004.txt", "sentence": "建成91个"},
        "",                                                           # blank line: skipped
        {"query": "商洛建成了多少個標準化派出所？", "gold": "91個", "article": "004.txt", "context": "建成91個"},
        {"question": "2019年渭南市破获刑事案件多少起？", "type": "unanswerable"},
        {"question": "没有答案的问题", "answer": ""},
    ])
    rows = load_questions(path)
    assert [r["id"] for r in rows] == ["x1", "q2", "q4", "q5", "q6"]   # default id = "q" + line number
    r1, r2, r3, r4, r5 = rows
    assert r1["answers"] == ["91个"] and r1["answerable"] and r1["type"] == "number"
    assert r2["question"] == "How many police stations?" and r2["answers"] == ["91个", "91"]
    assert r2["source"] == "004.txt" and r2["evidence"] == "建成91个" and r2["lang"] == "en"
    assert r3["question"].startswith("商洛") and r3["answers"] == ["91個"]
    assert r3["source"] == "004.txt" and r3["evidence"] == "建成91個" and r3["lang"] == "zh-Hant"
    assert not r4["answerable"] and r4["answers"] == [] and r4["type"] == "unanswerable"
    assert not r5["answerable"] and r5["type"] == "unanswerable"     # no answer given → unanswerable
    assert r1["lang"] == "zh-Hans"


@pytest.mark.parametrize("bad, words", [
    ('{"question": "ok", "answer": ', "not valid JSON"),
    ('{"answer": "91个"}', "no 'question' field"),
    ('{"question": 42}', "no 'question' field"),
])
def test_load_questions_names_the_bad_line(tmp_path, bad, words):
    path = _write(tmp_path, [{"question": "第一题", "answer": "1"}, "", bad, {"question": "第四题"}])
    with pytest.raises(ValueError) as err:
        load_questions(path)
    assert f"{path}:3:" in str(err.value)                 # the malformed line is line 3
    assert words in str(err.value)
