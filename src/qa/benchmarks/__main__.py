"""``python -m qa.benchmarks``: the same as ``python -m qa.bench``."""
from .cli import main

raise SystemExit(main())
