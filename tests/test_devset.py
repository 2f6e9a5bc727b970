"""Sanity checks for the question sets: eval/dev.jsonl (tuning), eval/heldout.jsonl
(calibration and diagnosis), eval/test.jsonl (measured unseen in session 2, diagnosis since)
eval/test2.jsonl (measured unseen once, in session 3), eval/test3.jsonl (written in session 4 by
a helper from the articles alone, measured unseen once, diagnosis since), eval/test4.jsonl
(written the same way in session 5; final measurement only), eval/test5.jsonl (written the
same way in session 6; final measurement only), eval/test6.jsonl (written the same way in
session 7; final measurement only), eval/test7.jsonl (written the same way after test6;
final measurement only), eval/test8.jsonl (written the same way after test7; final
measurement only), eval/test9.jsonl (written the same way after test8; final
measurement only), eval/test10.jsonl (written the same way after test9; final
measurement only), eval/test11.jsonl (written the same way after test10; final
measurement only), eval/test12.jsonl (written the same way after test11; final
measurement only), eval/test13.jsonl (written the same way after test12; final
measurement only), eval/test14.jsonl (written the same way after test13; final
measurement only), eval/test15.jsonl (written the same way after test14; final
measurement only), eval/test16.jsonl (written the same way after test15; final
measurement only), eval/test17.jsonl (written the same way after test16; final
measurement only), eval/test18.jsonl (written the same way after test17; final
measurement only), eval/test19.jsonl (written the same way after test18; final
measurement only), eval/test20.jsonl (written the same way after test19; final
measurement only), eval/test21.jsonl (written the same way after test20; final
measurement only), eval/test22.jsonl (written the same way after test21; final
measurement only), eval/test23.jsonl (written the same way after test22; final
measurement only), and eval/test24.jsonl (written the same way after test23; final
measurement only).

Every answerable item must be grounded: its ``answer`` occurs in its ``evidence``,
and its ``evidence`` occurs in the cleaned text of its ``source`` article. No question
is repeated across the sets, so a number measured on one is not a number seen on another.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT / "eval" / "dev.jsonl"
SETS = [DEV, ROOT / "eval" / "heldout.jsonl", ROOT / "eval" / "test.jsonl", ROOT / "eval" / "test2.jsonl",
        ROOT / "eval" / "test3.jsonl", ROOT / "eval" / "test4.jsonl", ROOT / "eval" / "test5.jsonl",
        ROOT / "eval" / "test6.jsonl",
        ROOT / "eval" / "test7.jsonl",
        ROOT / "eval" / "test8.jsonl",
        ROOT / "eval" / "test9.jsonl",
        ROOT / "eval" / "test10.jsonl",
        ROOT / "eval" / "test11.jsonl",
        ROOT / "eval" / "test12.jsonl",
        ROOT / "eval" / "test13.jsonl",
        ROOT / "eval" / "test14.jsonl",
        ROOT / "eval" / "test15.jsonl",
        ROOT / "eval" / "test16.jsonl",
        ROOT / "eval" / "test17.jsonl",
        ROOT / "eval" / "test18.jsonl",
        ROOT / "eval" / "test19.jsonl",
        ROOT / "eval" / "test20.jsonl",
        ROOT / "eval" / "test21.jsonl",
        ROOT / "eval" / "test22.jsonl",
        ROOT / "eval" / "test23.jsonl",
        ROOT / "eval" / "test24.jsonl"]
SEEDS = ROOT / "seeds"

REQUIRED = ("id", "question", "lang", "type", "answer", "source", "evidence", "tags")
LANGS = {"zh-Hans", "zh-Hant", "en"}
TYPES = {"number", "date", "name", "term", "sentence", "unanswerable"}

try:
    from qa.cleaning import read_article

    def cleaned_text(path: Path) -> str:
        return read_article(path).text
except ImportError:  # qa.cleaning not written yet: strip pinyin annotations ourselves
    _ANNOTATION = re.compile(r"\((?:[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\d?\s*)+\)")

    def cleaned_text(path: Path) -> str:
        return _ANNOTATION.sub("", path.read_text(encoding="utf-8"))


def squash(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


@lru_cache(maxsize=None)
def article(name: str) -> str:
    return squash(cleaned_text(SEEDS / name))


def load(path: Path = DEV) -> list[dict]:
    rows = []
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as e:  # pragma: no cover - message only
                    pytest.fail(f"{path.name} line {n} is not JSON: {e}")
    return rows


ROWS = load()
ALL_ROWS = [r for path in SETS for r in load(path)]
ANSWERABLE = [r for r in ROWS if r.get("type") != "unanswerable"]
ALL_ANSWERABLE = [r for r in ALL_ROWS if r.get("type") != "unanswerable"]


def test_ids_unique_and_fields_present():
    ids = [r.get("id") for r in ALL_ROWS]
    dupes = [i for i, c in Counter(ids).items() if c > 1]
    assert not dupes, f"duplicate ids: {dupes}"
    for r in ALL_ROWS:
        missing = [k for k in REQUIRED if k not in r]
        assert not missing, f"{r.get('id')}: missing {missing}"
        assert isinstance(r["tags"], list), r["id"]
        assert r["question"].strip(), r["id"]
        assert r["lang"] in LANGS, f"{r['id']}: lang {r['lang']!r}"
        assert r["type"] in TYPES, f"{r['id']}: type {r['type']!r}"


def test_counts_meet_minima():
    langs = Counter(r["lang"] for r in ROWS)
    types = Counter(r["type"] for r in ROWS)
    tags = Counter(t for r in ROWS for t in r["tags"])
    assert len(ROWS) >= 100, len(ROWS)
    assert langs["zh-Hans"] >= 45, langs
    assert langs["zh-Hant"] >= 15, langs
    assert langs["en"] >= 20, langs
    assert types["unanswerable"] >= 14, types
    assert tags["lookalike"] >= 10, tags
    hans_para = sum(1 for r in ROWS if r["lang"] == "zh-Hans" and "paraphrase" in r["tags"])
    assert hans_para >= 12, hans_para
    # a mix of answer types, not just numbers
    for t in TYPES:
        assert types[t] >= 1, f"no questions of type {t}"
    # unanswerable questions in all three languages
    assert {r["lang"] for r in ROWS if r["type"] == "unanswerable"} == LANGS


def test_every_article_covered_in_simplified_and_english():
    articles = {p.name for p in SEEDS.glob("*.txt")}
    assert articles, "no seed articles found"
    for lang in ("zh-Hans", "en"):
        covered = {r["source"] for r in ANSWERABLE if r["lang"] == lang}
        assert articles <= covered, f"{lang}: no questions on {sorted(articles - covered)}"


def test_no_question_repeated_across_sets():
    questions = Counter(squash(r["question"]) for r in ALL_ROWS)
    assert not [q for q, c in questions.items() if c > 1]


def test_unanswerable_items_are_empty():
    for r in ALL_ROWS:
        if r["type"] == "unanswerable":
            assert r["answer"] == "" and r["evidence"] == "" and r["source"] == "", r["id"]


@pytest.mark.parametrize("row", ALL_ANSWERABLE, ids=[r["id"] for r in ALL_ANSWERABLE])
def test_answer_grounded_in_article(row):
    assert row["answer"].strip(), "answerable item with empty answer"
    assert (SEEDS / row["source"]).is_file(), f"unknown source {row['source']!r}"
    answer, evidence = squash(row["answer"]), squash(row["evidence"])
    assert answer in evidence, f"answer {answer!r} not in evidence {evidence!r}"
    assert evidence in article(row["source"]), f"evidence not found verbatim in {row['source']}: {evidence!r}"
