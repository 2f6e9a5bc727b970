"""Drive the real ``app.py`` in a subprocess: start, wait, stop, ask over HTTP, upload as the page does."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

from .common import APP, ROOT


def start_app(index_dir: Path, corpus_dir: Path, port: int, log_path: Path, *, model: str | None = None,
              allow_upload: bool = True, concurrency: int | None = None,
              env_extra: dict | None = None) -> subprocess.Popen:
    """``python app.py`` on 127.0.0.1:``port`` as a child process (stdout/stderr to ``log_path``)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("QA_")}
    env.update({"PYTHONPATH": str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", ""),
                "GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1",
                "GRADIO_TEMP_DIR": str(log_path.parent / "gradio_tmp"), "PYTHONUNBUFFERED": "1"})
    env.update(env_extra or {})
    cmd = [sys.executable, str(APP), "--host", "127.0.0.1", "--port", str(port),
           "--index", str(index_dir), "--corpus", str(corpus_dir)]
    if model:
        cmd += ["--model", model]
    if allow_upload:
        cmd.append("--allow-upload")
    if concurrency:
        cmd += ["--concurrency", str(concurrency)]
    fh = open(log_path, "wb")
    return subprocess.Popen(cmd, cwd=str(ROOT), env=env, stdout=fh, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL)


def wait_app(url: str, proc: subprocess.Popen, timeout: float) -> None:
    """Until the app answers /config; fails early if the process died."""
    import urllib.request
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"app exited with code {proc.returncode} before it was ready")
        try:
            with urllib.request.urlopen(url.rstrip("/") + "/config", timeout=5) as r:
                if r.status == 200:
                    return
        except Exception:
            pass
        time.sleep(0.3)
    raise TimeoutError(f"{url} did not come up in {timeout:.0f} s")


def stop_app(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)


def copy_index(index_dir: Path, corpus_dir: Path, dest: Path) -> tuple[Path, Path]:
    """A private copy of an index and its corpus under ``dest``, the copy's manifest pointing at
    the copied corpus (so the app's uploads land there, not in the original)."""
    new_corpus, new_index = dest / "corpus", dest / "index"
    shutil.copytree(corpus_dir, new_corpus)
    for p in new_corpus.iterdir():
        p.chmod(0o644)
    shutil.copytree(index_dir, new_index, ignore=shutil.ignore_patterns(".tmp-*"))
    gen = new_index / (new_index / "CURRENT").read_text(encoding="utf-8").strip()
    manifest = json.loads((gen / "manifest.json").read_text(encoding="utf-8"))
    manifest["corpus_dir"] = str(new_corpus.resolve())
    (gen / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return new_index, new_corpus


def ask_http(base: str, question: str, timeout: float = 120.0) -> dict:
    """One question through the public API (``POST /gradio_api/call/ask`` then its event stream)."""
    import httpx
    base = base.rstrip("/")
    with httpx.Client(timeout=timeout, trust_env=False) as c:
        r = c.post(f"{base}/gradio_api/call/ask", json={"data": [question]})
        r.raise_for_status()
        event_id = r.json()["event_id"]
        r = c.get(f"{base}/gradio_api/call/ask/{event_id}")
        r.raise_for_status()
    lines = r.text.splitlines()
    for i, line in enumerate(lines):
        if line.strip() == "event: complete" and i + 1 < len(lines):
            return json.loads(lines[i + 1].removeprefix("data:").strip())[0]
        if line.strip() == "event: error":
            raise RuntimeError(f"/ask error: {lines[i + 1] if i + 1 < len(lines) else ''}")
    raise RuntimeError(f"/ask stream had no result: {r.text[:300]!r}")


def _upload_event(config: dict) -> tuple[int, int]:
    """(fn_index, trigger id) of the page's "Index these files" click."""
    btn = next((c["id"] for c in config["components"]
                if (c.get("props") or {}).get("elem_id") == "qa-upload-btn"), None)
    if btn is None:
        raise RuntimeError("the app has no upload button (started without --allow-upload?)")
    for i, dep in enumerate(config["dependencies"]):
        targets = [tuple(t) if isinstance(t, (list, tuple)) else (t,) for t in dep.get("targets", [])]
        if any(t[0] == btn for t in targets):
            return int(dep.get("id", i)), btn
    raise RuntimeError("no event bound to the upload button")


def ui_upload(base: str, path: Path, timeout: float = 120.0) -> str:
    """Upload a file exactly as the page does: POST /gradio_api/upload, then the upload button's
    event through the queue (join + data stream). Returns the report HTML the page shows."""
    import httpx
    base = base.rstrip("/")
    session = uuid.uuid4().hex[:11]
    with httpx.Client(timeout=timeout, trust_env=False) as c:
        config = c.get(f"{base}/config").json()
        fn_index, trigger = _upload_event(config)
        r = c.post(f"{base}/gradio_api/upload", params={"upload_id": uuid.uuid4().hex[:11]},
                   files=[("files", (path.name, path.read_bytes(), "text/plain"))])
        r.raise_for_status()
        server_path = r.json()[0]
        filedata = {"path": server_path, "orig_name": path.name, "size": path.stat().st_size,
                    "mime_type": "text/plain", "meta": {"_type": "gradio.FileData"}}
        r = c.post(f"{base}/gradio_api/queue/join",
                   json={"data": [[filedata]], "fn_index": fn_index, "trigger_id": trigger,
                         "session_hash": session, "event_data": None})
        r.raise_for_status()
        with c.stream("GET", f"{base}/gradio_api/queue/data", params={"session_hash": session}) as s:
            for line in s.iter_lines():
                if not line.startswith("data:"):
                    continue
                msg = json.loads(line[5:].strip())
                if msg.get("msg") == "process_completed":
                    out = msg.get("output") or {}
                    if not msg.get("success", True) or "error" in out:
                        raise RuntimeError(f"upload failed: {out.get('error')}")
                    return out["data"][0]
                if msg.get("msg") == "close_stream":
                    break
    raise RuntimeError("upload event stream ended without a result")
