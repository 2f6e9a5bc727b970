"""Fit the answer confidence on a question set and choose the abstention threshold.

    python eval/calibrate.py [QUESTIONS.jsonl ...]     (default: dev, heldout and test to test23 in eval/)

For every question the system's best sentence is scored; the label is 1 when that
sentence is the gold evidence of an answerable question. A small L2-regularised logistic
regression over ``qa.answering.confidence_features`` turns the features into a
probability; the threshold is the one that refuses the most unanswerable questions while
refusing at most 5% of the answerable ones. Both are written to src/qa/calibration.json.

It also reports a 5-fold cross-validated estimate (weights and threshold fitted on four
fifths, applied to the fifth): the in-sample numbers flatter the fit. eval/test24.jsonl is
never used here; it measures the result with ``qa eval eval/test24.jsonl``. (eval/test.jsonl to
test23.jsonl had that role in sessions 2 to 25; once measured, each became calibration and
diagnosis data.) Questions refused before any sentence is scored (nothing to match on, or
words the articles never use: ``qa.answering.unmentioned``) never reach the confidence and are
left out of the fit. The dense floor (``qa.answering.far_from_articles``) is fitted here too and
written to the same file with the model it holds for.
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from qa.answering import (closest_passage, confidence_features, get_pipeline, language_group,  # noqa: E402
                          unmentioned, vetoed)
from qa.settings import CALIBRATION  # noqa: E402
from qa.eval import load_questions, sentence_hit  # noqa: E402
from qa.retrieval import analyze  # noqa: E402


# eval/test24.jsonl is never used here: it measures the result, unseen.
CALIBRATION_SETS = (
    "dev.jsonl", "heldout.jsonl", "test.jsonl", "test2.jsonl", "test3.jsonl", "test4.jsonl",
    "test5.jsonl", "test6.jsonl", "test7.jsonl", "test8.jsonl", "test9.jsonl", "test10.jsonl",
    "test11.jsonl", "test12.jsonl", "test13.jsonl", "test14.jsonl", "test15.jsonl", "test16.jsonl",
    "test17.jsonl", "test18.jsonl", "test19.jsonl", "test20.jsonl", "test21.jsonl", "test22.jsonl",
    "test23.jsonl",
)


DENSE_FLOOR_MARGIN = 0.02   # below the least similarity an answerable question's closest passage had


def dense_floor(closest: dict[str, list[float]]) -> dict[str, float]:
    """Per language group, the similarity under which no passage is close enough to answer
    from: the least any answerable calibration question's closest passage had, less a margin
    (``qa.answering.far_from_articles``)."""
    return {group: round(min(values) - DENSE_FLOOR_MARGIN, 3) for group, values in closest.items()}


def features_and_labels(paths: list[Path]):
    """Confidence features and labels of the questions that reach the confidence, and the
    dense floor fitted on all of them (with how many of those it refuses)."""
    pipe = get_pipeline()
    rows, closest = [], {"en": [], "zh": []}
    for q in (q for path in paths for q in load_questions(path)):
        query = analyze(q["question"], pipe.embedder, pipe.index)
        near = closest_passage(pipe.index, query)
        if q["answerable"]:
            closest[language_group(query.lang)].append(near)
        _, ranked = pipe.rank(pipe.index, query)
        if not ranked or unmentioned(pipe.index, query):
            continue
        rows.append((q, query, ranked[0], near))
    floor = dense_floor(closest)
    X, y, answerable, below = [], [], [], 0
    for q, query, best, near in rows:
        # refused before the confidence at run time; kept in the fit, which then stays the one
        # fitted without the floor (leaving them out moved the threshold to 0.174 and cost a right answer)
        below += near < floor[language_group(query.lang)]
        X.append(confidence_features(best, query.lang))
        good = q["answerable"] and any(sentence_hit(best.text, q["evidence"], g) for g in q["answers"])
        y.append(1.0 if good else 0.0)
        answerable.append(q["answerable"])
    return np.array(X), np.array(y), np.array(answerable), floor, below, closest


def floor_cross_validated(closest: dict[str, list[float]], folds: int = 5) -> float:
    """Share of answerable questions a floor fitted without them would refuse."""
    refused = total = 0
    for values in closest.values():
        order = np.random.default_rng(0).permutation(len(values))
        for part in np.array_split(order, folds):
            held = set(part.tolist())
            floor = min(v for i, v in enumerate(values) if i not in held) - DENSE_FLOOR_MARGIN
            refused += sum(values[i] < floor for i in held)
            total += len(held)
    return refused / total if total else 0.0


def fit_logistic(X: np.ndarray, y: np.ndarray, l2: float = 0.1, steps: int = 4000) -> tuple[np.ndarray, float]:
    """Plain gradient descent; a few features, a few hundred rows — no library needed."""
    w, b = np.zeros(X.shape[1]), 0.0
    lr = 0.5
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(X @ w + b)))
        w -= lr * ((X.T @ (p - y)) / len(y) + l2 * w / len(y))
        b -= lr * float(np.mean(p - y))
    return w, b


def choose_threshold(p: np.ndarray, answerable: np.ndarray, max_false_refusal: float = 0.05) -> float:
    best_t, best_recall = 0.0, -1.0
    for t in np.unique(np.round(p, 3)):
        false_refusal = float(np.mean(p[answerable] < t))
        refused = float(np.mean(p[~answerable] < t)) if (~answerable).any() else 0.0
        if false_refusal <= max_false_refusal and refused > best_recall:
            best_t, best_recall = float(t), refused
    return best_t


def predict(X: np.ndarray, w: np.ndarray, b: float) -> np.ndarray:
    p = 1 / (1 + np.exp(-(X @ w + b)))
    p[[vetoed(row) for row in X]] = 0.0          # as qa.answering.confidence does
    return p


def cross_validated(X: np.ndarray, y: np.ndarray, answerable: np.ndarray, folds: int = 5) -> tuple[float, float]:
    """Share of unanswerable and of answerable questions refused, each question scored by a
    fit (weights and threshold) that never saw it."""
    order = np.random.default_rng(0).permutation(len(y))
    refused = np.zeros(len(y), dtype=bool)
    for part in np.array_split(order, folds):
        train = np.setdiff1d(order, part)
        w, b = fit_logistic(X[train], y[train])
        p = predict(X, w, b)
        refused[part] = p[part] < choose_threshold(p[train], answerable[train])
    return float(refused[~answerable].mean()), float(refused[answerable].mean())


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or [ROOT / "eval" / name for name in CALIBRATION_SETS]
    X, y, answerable, floor, below, closest = features_and_labels(paths)
    w, b = fit_logistic(X, y)
    p = predict(X, w, b)
    t = choose_threshold(p, answerable)
    print(f"{len(y)} questions, {int(y.sum())} with the right sentence, {int((~answerable).sum())} unanswerable")
    print(f"weights {np.round(w, 3).tolist()} bias {b:.3f} threshold {t:.3f}")
    print(f"refused (in sample): {np.mean(p[~answerable] < t):.2f} of unanswerable, {np.mean(p[answerable] < t):.3f} of answerable")
    cv_unanswerable, cv_answerable = cross_validated(X, y, answerable)
    print(f"refused (5-fold cross-validated): {cv_unanswerable:.2f} of unanswerable, {cv_answerable:.3f} of answerable")
    print(f"dense floor {floor}: refuses {below} of them before the confidence (none answerable); "
          f"cross-validated, {floor_cross_validated(closest):.3f} of answerable")
    CALIBRATION.write_text(json.dumps({
        "weights": [round(float(v), 4) for v in w], "bias": round(b, 4), "threshold": round(t, 3),
        "fitted_on": f"{', '.join(p.name for p in paths)}, {len(y)} questions, {time.strftime('%Y-%m-%d')}",
        "cross_validated_refusal": {"unanswerable": round(cv_unanswerable, 3), "answerable": round(cv_answerable, 3)},
        "dense_floor": {"model": get_pipeline().index.model, **floor},
    }, indent=1) + "\n", encoding="utf-8")
    print(f"written to {CALIBRATION}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
