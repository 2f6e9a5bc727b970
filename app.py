"""Start the web chat: `python app.py [--host H] [--port P] [--index DIR] [--corpus DIR] [--allow-upload]`.

Loads (or first builds) the index with progress on the console, then serves the Gradio app
offline — no share link, no analytics, no external fonts — on http://HOST:PORT/.
The JSON API is `/ask` (see README, or http://HOST:PORT/?view=api).
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

try:
    import qa  # noqa: F401
except ImportError:    # running from a checkout without `pip install -e .`
    sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))


def _env_int(name: str, default: int) -> int:
    try:
        return int(os.environ[name])
    except (KeyError, ValueError):
        return default


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description="Extractive, cited question answering over news articles (web chat).")
    p.add_argument("--host", default=os.environ.get("QA_HOST", "127.0.0.1"),
                   help="address to bind (default 127.0.0.1, env QA_HOST; use 0.0.0.0 to serve the network)")
    p.add_argument("--port", type=int, default=_env_int("QA_PORT", 7860), help="port (default 7860, env QA_PORT)")
    p.add_argument("--index", default=os.environ.get("QA_INDEX", "index"), help="index folder (default ./index, env QA_INDEX)")
    p.add_argument("--corpus", default=os.environ.get("QA_CORPUS", "seeds"),
                   help="folder of articles to index (default ./seeds, env QA_CORPUS)")
    p.add_argument("--model", default=None, help="embedding model (default: the index's, else multilingual-e5-small)")
    p.add_argument("--allow-upload", action="store_true",
                   help="let visitors add .txt/.md/.html articles to the index (off by default)")
    p.add_argument("--concurrency", type=int, default=_env_int("QA_CONCURRENCY", 4),
                   help="questions answered at the same time (default 4, env QA_CONCURRENCY)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from qa.answering import Pipeline
    from qa.ui import build_demo, serve

    print(f"qa: loading index {args.index} (corpus {args.corpus}); the first start builds it…", flush=True)
    t0 = time.perf_counter()
    pipe = Pipeline.open(index_dir=args.index, corpus_dir=args.corpus, model=args.model, show_progress=True)
    rows = pipe.articles()
    print(f"qa: ready — {len(rows)} articles, {sum(r['passages'] for r in rows)} passages, "
          f"model {pipe.index.model}, in {time.perf_counter() - t0:.1f} s", flush=True)
    demo = build_demo(pipe, allow_upload=args.allow_upload, concurrency=args.concurrency)
    print(f"qa: serving on http://{args.host}:{args.port}/  (upload {'on' if args.allow_upload else 'off'}; "
          "Ctrl-C to stop)", flush=True)
    serve(demo, args.host, args.port, block=True, allow_upload=args.allow_upload,
          max_file_bytes=pipe.settings.max_file_bytes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
