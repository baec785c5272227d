"""Training data for the learned reader; never the evaluation questions.

Three sources:
- CMRC 2018 (Cui et al. 2019, CC BY-SA 4.0): trial.json and dev_public.json, read from a folder
  given on the command line (never copied into the repository). The validation split is fixed:
  the dev_public.json paragraphs whose ``context_id`` hashes (SHA-1) to 0 mod 10 — about 10%.
  Training uses trial.json and the other 90%.
- Questions generated from the corpus: each sentence's typed spans (counts, ratios, dates),
  《document names》, lead offices (X牵头), organisations, places and people (jieba tags nt/ns/nr)
  become a question by replacing the span with a question word ("受理行政复议案件多少件?"),
  sometimes reworded through the term table (official term → everyday word, so 法律援助 is asked as
  免费法律帮助). Validation split: the chunks whose id hashes to 0 mod 10.
- Negatives: a question paired with a passage that lacks its answer — the passage most like the
  question among the others (by shared character pairs), as a retriever would return it.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

from qa.reading.sentences import char_pairs
from qa.reading.spans import PATTERNS
from qa.text.synonyms import table as term_table


@dataclass(frozen=True)
class Example:
    question: str
    context: str
    answers: tuple[str, ...]  # empty: the context does not answer the question
    start: int | None = None  # character offset of answers[0] in context, None for a negative
    source: str = "cmrc"


def _bucket(key: str, n: int = 10) -> int:
    return int(hashlib.sha1(key.encode("utf-8")).hexdigest(), 16) % n


# ------------------------------------------------------------------ CMRC 2018


def cmrc_examples(folder: Path) -> tuple[list[Example], list[Example]]:
    """(train, validation, validation paragraphs) from CMRC 2018 trial + dev_public."""
    folder = Path(folder)
    paths = {name: folder / f"{name}.json" for name in ("trial", "dev_public")}
    for p in paths.values():
        if not p.is_file():
            raise FileNotFoundError(f"{p}: 找不到 CMRC 2018 数据文件")
    train: list[Example] = []
    val: list[Example] = []
    for name, path in paths.items():
        for para in json.loads(path.read_text(encoding="utf-8")):
            ctx = para["context_text"]
            is_val = name == "dev_public" and _bucket(para["context_id"]) == 0
            for qa in para["qas"]:
                answers = tuple(a for a in map(str, qa["answers"]) if a.strip() and a in ctx)
                if not answers:
                    continue
                ex = Example(qa["query_text"].strip(), ctx, answers, ctx.index(answers[0]), "cmrc")
                (val if is_val else train).append(ex)
    return train, val


def cmrc_negatives(examples: list[Example], ratio: float, rng: random.Random) -> list[Example]:
    """Questions paired with the most similar other paragraph that holds none of their answers."""
    contexts = sorted({e.context for e in examples})
    grams = [char_pairs(c) for c in contexts]
    out = []
    for e in examples:
        if rng.random() >= ratio:
            continue
        q = char_pairs(e.question)
        pool = rng.sample(range(len(contexts)), min(200, len(contexts)))
        best = max(
            (i for i in pool if contexts[i] != e.context and not any(a in contexts[i] for a in e.answers)),
            key=lambda i: len(q & grams[i]),
            default=None,
        )
        if best is not None:
            out.append(Example(e.question, contexts[best], (), None, "cmrc-neg"))
    return out


# ------------------------------------------------------------------ corpus questions

_SENT = re.compile(r"[^。；！？\n]+[。；！？]?")
_CLAUSE_END = "，,；;。：:！？!?"
_DOC = re.compile(r"《[^《》\n]{2,40}》")
_LEAD = re.compile(r"(?:由)?([\u4e00-\u9fff、]{2,24}?(?:局|委|办|院|厅|部|政府|中心|委员会|办公室|司法所))牵头")
_ORG_END = re.compile(r"(?:局|委|院|办|会|部|厅|所|中心|政府|室)$")
_WH_PLACE = {"县": "哪个县", "市": "哪个市", "区": "哪个区", "镇": "哪个镇", "乡": "哪个乡", "省": "哪个省"}


def _unit_word(span: str) -> str:
    for unit in ("个工作日", "工作日", "人次", "场次", "万元", "亿元", "学时"):
        if span.endswith(unit):
            return unit
    span = re.sub(r"(?:以上|以下|左右|以内)$", "", span)
    return span[-1] if span and not span[-1].isdigit() else ""


def _question(sentence: str, s: int, e: int, wh: str, rng: random.Random, prefix: str = "") -> str | None:
    """The clause around sentence[s:e] with the span replaced by a question word."""
    lo = s
    while lo > 0 and sentence[lo - 1] not in _CLAUSE_END:
        lo -= 1
    hi = e
    while hi < len(sentence) and sentence[hi] not in _CLAUSE_END:
        hi += 1
    # A clause that is little more than the span ("受理468件") needs the one before it.
    if s - lo < 6 and lo > 0:
        lo2 = lo - 1
        while lo2 > 0 and sentence[lo2 - 1] not in _CLAUSE_END:
            lo2 -= 1
        lo = lo2
    q = (sentence[lo:s] + wh + sentence[e:hi]).strip(" ，,；;：:、")
    q = re.sub(r"^(?:一是|二是|三是|四是|五是|同时|此外|其中|另外|并|全年|\d+[.、]|[一二三四五六七八九十]+、)", "", q)
    if len(q) < 6 or len(q) > 60:
        return None
    return prefix + q + rng.choice(["?", "？", "", "?"])


def _everyday(question: str, rng: random.Random, reverse: list[tuple[str, str]]) -> str:
    """Say an official term the everyday way, as people ask (table read backwards)."""
    for official, everyday in reverse:
        if official in question and "《" not in question and rng.random() < 0.7:
            return question.replace(official, everyday, 1)
    return question


def corpus_examples(corpus_dir: Path, rng: random.Random, per_chunk: int = 10) -> tuple[list[Example], list[Example]]:
    """(train, validation) questions generated from the reports, negatives included."""
    from qa.ingest.corpus import ingest
    from qa.text.tokenization import pos_tags

    corpus = ingest(Path(corpus_dir), show_progress=False)
    reverse = [(o, everyday) for everyday, officials in term_table() for o in officials if len(o) >= 3]
    rng.shuffle(reverse)
    chunks = [c for doc_chunks in corpus.chunks.values() for c in doc_chunks]
    train: list[Example] = []
    val: list[Example] = []
    for c in chunks:
        region = c.region or ""
        made: list[Example] = []
        for m in _SENT.finditer(c.text):
            sent, off = m.group(0), m.start()
            if len(sent) < 10:
                continue
            found: list[tuple[int, int, str]] = []
            for kind, pat in PATTERNS.items():
                for sm in pat.finditer(sent):
                    span = sm.group(0)
                    if kind == "count":
                        wh = "多少" + _unit_word(span)
                    elif kind == "ratio":
                        wh = rng.choice(["多少", "百分之多少", "多大比例"])
                    else:
                        wh = rng.choice(["什么时候", "何时", "哪一年" if span.endswith("年") else "什么时间"])
                    found.append((sm.start(), sm.end(), wh))
            for dm in _DOC.finditer(sent):
                found.append((dm.start(), dm.end(), rng.choice(["哪份文件", "什么文件", "哪个文件"])))
            for lm in _LEAD.finditer(sent):
                found.append((lm.start(1), lm.end(1), rng.choice(["哪个单位", "哪个部门", "谁"])))
            pos = 0
            for word, flag in pos_tags(sent):
                # jieba's tags are noisy: keep names that end the way places and offices do.
                if len(word) >= 3 and not any(a <= pos < b for a, b, _ in found):
                    if flag == "ns" and word[-1] in _WH_PLACE:
                        found.append((pos, pos + len(word), _WH_PLACE[word[-1]]))
                    elif flag == "nt" and _ORG_END.search(word):
                        found.append((pos, pos + len(word), rng.choice(["哪个单位", "哪个部门", "哪个机构"])))
                pos += len(word)
            for s, e, wh in found:
                prefix = region if region and rng.random() < 0.5 and region not in sent else ""
                q = _question(sent, s, e, wh, rng, prefix)
                if q is None:
                    continue
                q = _everyday(q, rng, reverse)
                answer = sent[s:e]
                made.append(Example(q, c.text, (answer,), off + s, "corpus"))
        rng.shuffle(made)
        (val if _bucket(c.chunk_id) == 0 else train).extend(made[:per_chunk])
    # Negatives: the most similar other chunk that does not hold the answer.
    grams = [char_pairs(c.text) for c in chunks]
    for part in (train, val):
        negs = []
        for ex in part:
            if rng.random() >= 0.5:
                continue
            q = char_pairs(ex.question)
            best = max(
                (i for i in range(len(chunks)) if chunks[i].text != ex.context and ex.answers[0] not in chunks[i].text),
                key=lambda i: len(q & grams[i]),
                default=None,
            )
            if best is not None:
                negs.append(Example(ex.question, chunks[best].text, (), None, "corpus-neg"))
        part.extend(negs)
    return train, val
