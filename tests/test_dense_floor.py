"""The dense floor: a question no passage comes close to is refused before any sentence is
matched (``qa.answering.far_from_articles``), with a floor ``eval/calibrate.py`` fits. Fake
embedder and tiny corpus; the real model's case is in test_end_to_end."""
from __future__ import annotations

import importlib.util
from pathlib import Path

from qa.answering import closest_passage, far_from_articles, language_group
from qa.embedding import HashEmbedder
from qa.retrieval import analyze

_CALIBRATE = Path(__file__).resolve().parent.parent / "eval" / "calibrate.py"


def _calibrate():
    spec = importlib.util.spec_from_file_location("calibrate", _CALIBRATE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_question_under_the_floor_of_the_index_model_is_far_from_the_articles(fake_index):
    query = analyze("渭南破获多少起刑事案件?", HashEmbedder(), fake_index)
    near = closest_passage(fake_index, query)
    assert 0.0 < near <= 1.0
    group = language_group(query.lang)
    assert group == "zh"
    assert far_from_articles(fake_index, query, {"model": fake_index.model, group: near + 0.01})
    assert not far_from_articles(fake_index, query, {"model": fake_index.model, group: near - 0.01})
    # a floor measured with another model says nothing of this one's similarities
    assert not far_from_articles(fake_index, query, {"model": "another-model", group: near + 0.01})
    assert not far_from_articles(fake_index, query, {})


def test_language_groups():
    assert [language_group(lang) for lang in ("zh-Hans", "zh-Hant", "en", "other")] == ["zh", "zh", "en", "en"]


def test_the_floor_is_under_every_answerable_questions_closest_passage():
    calibrate = _calibrate()
    closest = {"en": [0.83, 0.82, 0.86], "zh": [0.85, 0.84]}
    floor = calibrate.dense_floor(closest)
    assert floor == {"en": round(0.82 - calibrate.DENSE_FLOOR_MARGIN, 3), "zh": round(0.84 - calibrate.DENSE_FLOOR_MARGIN, 3)}
    assert all(v >= floor[g] for g, values in closest.items() for v in values)
    # cross-validated: a question far under all the others would be refused by a floor fitted without it
    assert calibrate.floor_cross_validated({"en": [0.85] * 9 + [0.70], "zh": [0.9] * 10}) == 1 / 20
    assert calibrate.floor_cross_validated(closest) == 0.0
