"""``python -m qa.bench``: the benchmark; the parts live in ``qa.benchmarks`` (``cli`` runs them)."""
from .benchmarks.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
