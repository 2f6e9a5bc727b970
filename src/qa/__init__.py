"""qa: extractive, cited question answering over a folder of Chinese news articles.

    from qa import answer
    a = answer("商洛建成了多少个标准化派出所")
    a.text, a.sentence, a.citations[0].source
"""
import os

# Idle OpenMP threads must not spin: torch and FAISS share one OpenMP pool, and spinning
# threads made a query embedding 15× slower whenever the other core was busy (qa.bench).
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

from .records import Answer, Article, Passage, Skipped  # noqa: E402
from .settings import Settings  # noqa: E402

__all__ = ["answer", "search", "build_index", "load_index", "Answer", "Article", "Passage",
           "Skipped", "Settings"]
__version__ = "0.1.0"


def __getattr__(name):
    # Heavy modules (torch, faiss) load on first use, so `import qa` stays instant.
    if name in ("build_index", "load_index"):
        from . import index
        return getattr(index, name)
    if name in ("answer", "search"):
        from . import answering
        return getattr(answering, name)
    raise AttributeError(f"module 'qa' has no attribute {name!r}")
