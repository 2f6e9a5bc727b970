"""Command line: `qa index`, `qa ask`, `qa eval` (also `python -m qa …`)."""
from __future__ import annotations

import argparse
import json
import sys


def _cmd_index(args) -> int:
    from .index import build_index
    index = build_index(args.corpus, args.index, model=args.model, show_progress=not args.quiet)
    r = index.report
    print(f"indexed {r.articles} articles, {r.passages} passages "
          f"({r.embedded} texts embedded, the rest reused) in {r.seconds:.1f} s → {index.path.parent}")
    if r.rebuilt:
        print("  (re)embedded: " + ", ".join(r.rebuilt))
    if r.removed:
        print("  removed: " + ", ".join(r.removed))
    for s in r.skipped:
        print(f"  skipped {s}")
    return 0


def _print_answer(a) -> None:
    if a.found:
        print(f"Answer: {a.text}")
        if a.sentence and a.sentence != a.text:
            print(f"From:   {a.sentence}")
        print(f"Confidence: {a.score:.2f}")
        if a.message:           # e.g. the question was cut to max_question_chars
            print(a.message)
    else:
        print(a.message or "The articles don't say.")
    if a.citations:
        print("\nSources:" if a.found else "\nRelated passages:")
        for i, p in enumerate(a.citations, 1):
            meta = " · ".join(x for x in (p.title, p.date) if x)
            print(f"[{i}] {p.source} [{p.start}:{p.end}] {meta}  (score {p.score:.2f})")
            print("    " + p.text.replace("\n", " ")[:240])


def _cmd_ask(args) -> int:
    from .answering import answer
    question = " ".join(args.question)
    a = answer(question, top_k=args.top_k, index_dir=args.index)
    if args.json:
        print(json.dumps(a.to_dict(), ensure_ascii=False, indent=1))
    else:
        _print_answer(a)
    return 0


def _cmd_eval(args) -> int:
    from .eval import main as eval_main
    argv = [str(args.questions)] if args.questions else []
    argv += args.rest
    return eval_main(argv)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="qa", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("index", help="clean, chunk and embed a folder of articles")
    p.add_argument("corpus", nargs="?", default=None, help="folder of .txt/.md/.html articles (default: seeds, or $QA_CORPUS)")
    p.add_argument("--index", default=None, help="index folder (default: index, or $QA_INDEX)")
    p.add_argument("--model", default=None, help="sentence-transformers model name or path (default: built-in multilingual-e5-small, or $QA_MODEL)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=_cmd_index)

    p = sub.add_parser("ask", help="answer a question from the indexed articles")
    p.add_argument("question", nargs="+")
    p.add_argument("--top-k", type=int, default=None, help="citations to show")
    p.add_argument("--index", default=None)
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=_cmd_ask)

    p = sub.add_parser("eval", help="score the system on a question set (see qa.eval --help)")
    p.add_argument("questions", nargs="?", default=None)
    p.add_argument("rest", nargs=argparse.REMAINDER)
    p.set_defaults(func=_cmd_eval)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except (RuntimeError, ValueError, FileNotFoundError, OSError) as exc:
        print(f"qa: {exc}", file=sys.stderr)
        return 2
