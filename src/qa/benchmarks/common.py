"""Paths, the upload fixture and small measuring helpers shared by the benchmark parts."""
from __future__ import annotations

import gc
import socket
import statistics
import sys
import time
from pathlib import Path
from typing import Sequence

import numpy as np

ROOT = Path(__file__).resolve().parents[3]
SEEDS = ROOT / "seeds"
APP = ROOT / "app.py"
DEFAULT_QUESTIONS = ROOT / "eval" / "dev.jsonl"
DEFAULT_OUT = ROOT / "bench" / "results.json"
MEMORY_TARGET_BYTES = int(1.5 * 2**30)

# An article for the upload during the load test: deliberately about something none of the
# dev questions ask about (tea in Yunnan), so answers to them should not change.
UPLOAD_NAME = "bench_upload_tea_festival.txt"
UPLOAD_TEXT = """普洱茶文化节在云南思茅开幕

新华社昆明电 2024年5月18日，第十二届普洱茶文化节在云南省普洱市思茅区开幕，来自全国各地的八百余家茶企参加展销。

本届茶文化节为期五天，设有古树茶品鉴、制茶技艺展示和茶山徒步三项主题活动。主办方介绍，开幕当天共签约茶叶贸易项目46个，签约金额达12.6亿元。

普洱市茶叶协会负责人表示，近年来当地茶园面积稳定在160万亩左右，茶农人均年收入持续增长。文化节期间还将评选“十佳古树茶”，评审结果将于闭幕式上公布。
"""
UPLOAD_QUESTION = "普洱茶文化节开幕当天共签约茶叶贸易项目多少个？"
UPLOAD_ANSWER = "46个"


def log(msg: str, t0: float | None = None) -> None:
    stamp = f"[bench {time.perf_counter() - t0:6.1f}s] " if t0 is not None else "[bench] "
    print(stamp + msg, file=sys.stderr, flush=True)


def rss_bytes(pid: int | str = "self", field_name: str = "VmRSS") -> int:
    """A memory field of /proc/<pid>/status in bytes (0 where unavailable)."""
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith(field_name + ":"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _reset_peak() -> bool:
    """Reset VmHWM so the next read is the peak since now (Linux >= 4.0)."""
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
        return True
    except OSError:
        return False


class Memory:
    """RSS before/after a build, and the peak in between where the kernel allows it."""

    def __enter__(self):
        gc.collect()
        self.before = rss_bytes()
        self.peak_ok = _reset_peak()
        return self

    def __exit__(self, *exc):
        self.after = rss_bytes()
        self.peak = rss_bytes("self", "VmHWM") if self.peak_ok else self.after
        return False

    @property
    def delta(self) -> int:
        return self.after - self.before


def pct(values: Sequence[float], p: float) -> float:
    """Percentile (linear interpolation); NaN for no values."""
    return float(np.percentile(np.asarray(values, dtype=float), p)) if len(values) else float("nan")


def mean(xs) -> float:
    xs = [float(x) for x in xs]
    return sum(xs) / len(xs) if xs else float("nan")


def median(xs) -> float:
    xs = list(xs)
    return float(statistics.median(xs)) if xs else float("nan")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def torch_threads() -> int | None:
    """Torch's intra-op thread count, or None where torch is missing."""
    try:
        import torch
        return torch.get_num_threads()
    except Exception:
        return None

