"""Hostile and accidental input: every question gets an Answer quickly, never an exception,
and the index is left exactly as it was. Also the CLI's handling of bad arguments.

Runs against a tiny HashEmbedder index, so timings here are a hang guard, not a benchmark.
"""
from __future__ import annotations

import hashlib
import time
from pathlib import Path

import pytest

from qa import cli
from qa.answering import Pipeline, _cached_pipeline
from qa.embedding import HashEmbedder
from qa.records import Answer

from conftest import TINY_ARTICLES

HANG_GUARD_S = 2.0


def _snapshot(index_dir: Path) -> dict[str, str]:
    """Every file under the index folder with its content hash."""
    return {str(f.relative_to(index_dir)): hashlib.sha256(f.read_bytes()).hexdigest()
            for f in sorted(index_dir.rglob("*")) if f.is_file()}


@pytest.fixture(scope="module")
def tiny_dirs(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("bad_input")
    corpus = tmp / "corpus"
    corpus.mkdir()
    for name, text in TINY_ARTICLES.items():
        (corpus / name).write_text(text, encoding="utf-8")
    return corpus, tmp / "index"


@pytest.fixture(scope="module")
def pipe(tiny_dirs):
    corpus, index_dir = tiny_dirs
    p = Pipeline.open(index_dir=index_dir, corpus_dir=corpus, embedder=HashEmbedder())
    # Lazily loaded parts (tokeniser dictionary, English→Chinese lexicon) load here, not in a timed call.
    p.answer("商洛建成了多少个标准化派出所？")
    p.answer("How many police stations did Shangluo build?")
    return p


@pytest.fixture
def unchanged(pipe, tiny_dirs):
    """Asserts after the test that neither the live index nor its files changed."""
    _, index_dir = tiny_dirs
    before_files, before_index = _snapshot(index_dir), pipe.index
    before_passages = list(pipe.index.passages)
    yield
    assert pipe.index is before_index
    assert pipe.index.passages == before_passages
    assert _snapshot(index_dir) == before_files


def _ask(pipe, question) -> Answer:
    t0 = time.perf_counter()
    a = pipe.answer(question)
    elapsed = time.perf_counter() - t0
    assert elapsed < HANG_GUARD_S, f"{question!r:.40} took {elapsed:.1f} s"
    assert isinstance(a, Answer)
    assert isinstance(a.question, str) and isinstance(a.message, str)
    a.to_dict()                          # serialisable for the web API
    return a


# No words at all: the user is told to type a question.
@pytest.mark.parametrize("question", ["", "   \t\n ", "？！。，,.?!…——", "😀🎉👍", "\ud800", "\x00\x01\x1b", None],
                         ids=["empty", "spaces", "punctuation", "emoji", "lone-surrogate", "controls", "None"])
def test_contentless_question_asks_for_a_question(pipe, unchanged, question):
    a = _ask(pipe, question)
    assert a.found is False
    assert a.text == "" and a.citations == []
    assert "type a question" in a.message.lower()
    assert pipe.search(question) == []


# Words, but nothing the articles answer: not found, with the "articles don't say" message.
@pytest.mark.parametrize("question", [
    "<script>alert(1)</script>",
    "'; DROP TABLE passages; --",
    "Сколько полицейских участков построено?",          # Russian
    "a\x00b\x07c\x1b[31m",                                # NUL and terminal escapes around letters
    42,                                                   # an int passed by mistake
], ids=["xss", "sql", "russian", "controls-with-letters", "int"])
def test_nonsense_question_is_not_answered(pipe, unchanged, question):
    a = _ask(pipe, question)
    assert a.found is False, f"answered {question!r} with {a.text!r} (score {a.score:.2f})"
    assert a.text == "" and a.message
    assert "\x00" not in a.question and "\x1b" not in a.question


def test_question_is_returned_as_data(pipe, unchanged):
    a = _ask(pipe, "<script>alert(1)</script>")
    assert a.question == "<script>alert(1)</script>"     # not stripped or escaped here: that is the UI's job


def test_lone_surrogates_inside_a_question(pipe, unchanged):
    a = _ask(pipe, "\ud800商洛建成了多少个标准化派出所\udfff")
    assert a.question.encode("utf-8")                     # now encodable
    assert "\ud800" not in a.question


def test_japanese_question(pipe, unchanged):
    # Kanji overlap with the (traditional) article may legitimately find the answer; if it
    # does, the answer must be grounded in a cited passage, otherwise it must say so.
    a = _ask(pipe, "商洛には標準化された派出所がいくつありますか")
    if a.found:
        assert a.citations and a.source in pipe.index.articles
        assert a.citations[0].source == a.source
    else:
        assert a.message


def test_huge_question_is_cut_and_says_so(pipe, unchanged):
    limit = pipe.settings.max_question_chars
    question = "商洛建成了多少个标准化派出所？" + "测" * 100_000
    assert len(question) > 100_000
    a = _ask(pipe, question)
    assert len(a.question) <= limit
    assert a.question.startswith("商洛建成了多少个标准化派出所")
    assert f"first {limit} characters" in a.message
    assert len(pipe.search(question)) <= 5


@pytest.mark.parametrize("question", ["x" * 100_000, "\x00" * 100_000, "。" * 100_000, "商洛 " * 30_000])
def test_huge_junk_never_hangs(pipe, unchanged, question):
    a = _ask(pipe, question)
    assert len(a.question) <= pipe.settings.max_question_chars


# --------------------------------------------------------------------------- CLI

@pytest.fixture
def cli_env(monkeypatch, tiny_dirs, pipe):
    """The CLI resolves its pipeline from arguments and the environment: pin both."""
    corpus, index_dir = tiny_dirs
    for var in ("QA_MODEL", "QA_INDEX", "QA_ABSTAIN_THRESHOLD"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("QA_CORPUS", str(corpus))
    _cached_pipeline.cache_clear()
    before = _snapshot(index_dir)
    yield index_dir
    _cached_pipeline.cache_clear()
    assert _snapshot(index_dir) == before


def test_cli_ask_empty(cli_env, capsys):
    assert cli.main(["ask", "", "--index", str(cli_env)]) == 0
    out = capsys.readouterr().out
    assert "type a question" in out.lower()


def test_cli_ask_huge(cli_env, capsys):
    assert cli.main(["ask", "商洛建成了多少个标准化派出所？" + "测" * 100_000, "--index", str(cli_env)]) == 0
    out = capsys.readouterr().out
    assert "cut to its first 500 characters" in out


def test_cli_ask_json_is_one_object(cli_env, capsys):
    import json
    assert cli.main(["ask", "<script>alert(1)</script>", "--json", "--index", str(cli_env)]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["question"] == "<script>alert(1)</script>" and isinstance(d["found"], bool)


def test_cli_index_missing_folder(tmp_path, capsys):
    missing = tmp_path / "nonexistent"
    assert cli.main(["index", str(missing), "--index", str(tmp_path / "index"), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert str(missing) in err and "not found" in err
    assert not (tmp_path / "index").exists()


def test_cli_index_all_bad_files(tmp_path, capsys):
    corpus = tmp_path / "bad"
    corpus.mkdir()
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "tool.exe").write_bytes(b"MZ\x00\x00")
    assert cli.main(["index", str(corpus), "--index", str(tmp_path / "index"), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "empty.txt" in err and "tool.exe" in err


def test_cli_eval_missing_file(tmp_path, capsys):
    missing = tmp_path / "missing.jsonl"
    assert cli.main(["eval", str(missing), "--out", str(tmp_path / "out.json")]) == 2
    err = capsys.readouterr().err
    assert str(missing) in err
    assert not (tmp_path / "out.json").exists()


def test_cli_ask_without_index_or_corpus(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("QA_MODEL", raising=False)
    monkeypatch.setenv("QA_CORPUS", str(tmp_path / "no-corpus"))
    _cached_pipeline.cache_clear()
    try:
        assert cli.main(["ask", "商洛建成了多少个标准化派出所", "--index", str(tmp_path / "no-index")]) == 2
    finally:
        _cached_pipeline.cache_clear()
    err = capsys.readouterr().err
    assert "no index" in err and "qa index" in err


# --------------------------------------------------------------------------- off-topic questions

@pytest.mark.parametrize("question, named", [
    ("法國的首都是哪座城市?", ["法國", "首都"]),                       # named in the question's own script
    ("How many strings does a standard violin have?", ["violin"]),
    ("Who wrote the play Romeo and Juliet?", ["romeo"]),   # "play" is known only as 拉, which says nothing
    ("Which country won the 2018 World Cup?", ["world cup"]),   # a year the articles use says nothing of the topic
])
def test_question_about_something_the_articles_never_mention_is_refused(pipe, question, named):
    a = pipe.answer(question)
    assert not a.found and a.text == ""
    assert all(word in a.message for word in named)
    assert "哪座" not in a.message            # the question word is not one of the unknown words


@pytest.mark.parametrize("question", ["商洛建成了多少个标准化派出所?", "How many police stations did Shangluo build?"])
def test_question_sharing_its_words_with_the_articles_is_not_called_unmentioned(pipe, question):
    from qa.answering import unmentioned
    from qa.retrieval import analyze
    assert unmentioned(pipe.index, analyze(question, pipe.embedder, pipe.index)) == ()
