"""What a hostile or careless user tried (issue 13): links, bombs, read-only queries, concurrent
builds, odd input at every boundary, index integrity, exit codes and where evaluation writes."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from qa.ingest.corpus import ingest, scan

ROOT = Path(__file__).resolve().parent.parent


def _qa(*args, env=None, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "qa.interface.cli", *args],
        capture_output=True,
        text=True,
        timeout=600,
        env=dict(os.environ, **(env or {})),
        cwd=cwd,
    )


# ------------------------------------------------------------------ 1. links out of the corpus


def test_links_are_skipped_with_a_reason(corpus_copy, tmp_path):
    outside = tmp_path / "secret"
    outside.mkdir()
    (outside / "report.txt").write_text("关于机密县2022年度法治政府建设情况的报告\n机密内容。\n", encoding="utf-8")
    (corpus_copy / "passwd.txt").symlink_to("/etc/passwd")
    (corpus_copy / "linked-folder").symlink_to(outside)
    files, skipped = scan(corpus_copy)
    names = {s.doc_id for s in files}
    assert "passwd.txt" not in names and not any(n.startswith("linked-folder") for n in names)
    reasons = {s.doc_id: s.reason for s in skipped}
    assert "symbolic link" in reasons["passwd.txt"] and "symbolic link" in reasons["linked-folder"]
    out = _qa("ingest", "--corpus", str(corpus_copy), "--json", "--quiet")
    assert out.returncode == 0, out.stderr
    rows = {r["doc_id"]: r for r in map(json.loads, out.stdout.splitlines())}
    assert rows["passwd.txt"]["status"] == "skipped" and "symbolic link" in rows["passwd.txt"]["reason"]
    assert "root:" not in out.stdout
    assert len([r for r in rows.values() if r["status"] == "ok"]) == 5


# ------------------------------------------------------------------ 2. bombs: limits on what a file unpacks to

REPORT_HEAD = "关于炸弹县2022年度法治政府建设情况的报告\n一、行政复议\n"
LINE = "炸弹县办理行政复议案件三十六件，法治政府建设稳步推进，依法行政水平不断提高。" * 10  # 400 characters


def _docx_with_text(n_paragraphs: int, extra_part: int = 0) -> bytes:
    import io
    import zipfile

    import docx

    d = docx.Document()
    d.add_paragraph(REPORT_HEAD)
    for _ in range(n_paragraphs):
        d.add_paragraph(LINE)
    buf = io.BytesIO()
    d.save(buf)
    if extra_part:
        # A part of zeros: deflates ~1000:1, so the package stays small on disk.
        with zipfile.ZipFile(buf, "a", zipfile.ZIP_DEFLATED) as z, z.open("word/media/bomb.xml", "w") as f:
            block = b"\0" * (1 << 20)
            for _ in range(extra_part):
                f.write(block)
    return buf.getvalue()


def _pdf_with_text(n_pages: int, chars_per_page: int) -> bytes:
    import io

    from pypdf import PdfWriter
    from pypdf.generic import ContentStream, DictionaryObject, NameObject

    w = PdfWriter()
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    font_ref = w._add_object(font)
    line = "Administrative reconsideration cases handled in 2022. "
    for _ in range(n_pages):
        page = w.add_blank_page(width=600, height=800)
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font_ref})}
        )
        body = (line * (chars_per_page // len(line) + 1))[:chars_per_page]
        stream = ContentStream(None, w)
        stream.set_data(f"BT /F1 10 Tf 20 700 Td ({body}) Tj ET".encode("latin-1"))
        page[NameObject("/Contents")] = w._add_object(stream)
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


def test_bombs_in_every_format_are_skipped_and_the_rest_ingests(tmp_path, corpus_dir):
    folder = tmp_path / "bombs"
    folder.mkdir()
    good = "000_526b283554a85fd0.txt"
    (folder / good).write_bytes((corpus_dir / good).read_bytes())
    many = 5300  # 5300 × 400 = 2.1 M characters, over the 2 M limit
    (folder / "chars.txt").write_text(REPORT_HEAD + "\n".join([LINE] * many), encoding="utf-8")
    (folder / "chars.html").write_text(
        f"<html><body><h1>{REPORT_HEAD}</h1>" + f"<p>{LINE}</p>" * many + "</body></html>", encoding="utf-8"
    )
    (folder / "chars.docx").write_bytes(_docx_with_text(many))
    (folder / "unpacked.docx").write_bytes(_docx_with_text(3, extra_part=120))  # 120 MB of zeros inside
    (folder / "chars.pdf").write_bytes(_pdf_with_text(45, 50_000))  # 2.25 M characters
    assert (folder / "unpacked.docx").stat().st_size < 1024 * 1024  # small on disk
    corpus = ingest(folder, show_progress=False)
    assert list(corpus.documents) == [good]
    reasons = {s.doc_id: s.reason for s in corpus.skipped}
    assert set(reasons) == {"chars.txt", "chars.html", "chars.docx", "unpacked.docx", "chars.pdf"}
    for name in ("chars.txt", "chars.html", "chars.docx", "chars.pdf"):
        assert "over the limit of 2,000,000" in reasons[name], reasons[name]
    assert re.search(r"unpacks to 12\d MB, more than the limit of 100 MB", reasons["unpacked.docx"])


def test_a_parser_crash_on_one_file_is_a_skipped_file(tmp_path, corpus_dir, monkeypatch):
    from qa.ingest import loading

    def exhausted(*args, **kwargs):  # the page parser, whatever it is given
        raise MemoryError()

    folder = tmp_path / "c"
    folder.mkdir()
    good = "000_526b283554a85fd0.txt"
    (folder / good).write_bytes((corpus_dir / good).read_bytes())
    (folder / "huge.html").write_text(f"<p>{REPORT_HEAD}{LINE}</p>", encoding="utf-8")
    monkeypatch.setattr(loading, "_html_document", exhausted)  # what load() calls for a page
    corpus = ingest(folder, show_progress=False)
    assert list(corpus.documents) == [good]
    assert corpus.skipped[0].reason == "huge.html: 无法读取 / too large to read in the memory available"


def test_a_bomb_upload_is_refused(tmp_path):
    from qa.ingest import upload

    with pytest.raises(upload.UploadError, match=r"unpacks to 12\d MB"):
        upload.save("report.docx", _docx_with_text(3, extra_part=120), tmp_path)
    assert not list((tmp_path / upload.UPLOAD_FOLDER).iterdir())


# ------------------------------------------------------------------ 3. queries never rewrite the index


def _builds(index: Path) -> set[str]:
    return {p.name for p in index.iterdir() if p.name.startswith("build-")}


@pytest.fixture()
def index_copy(retriever, index_dir, tmp_path) -> Path:
    """A copy of the session's index (with vectors) of the bundled corpus."""
    import shutil

    dst = tmp_path / "index"
    shutil.copytree(index_dir, dst, ignore=shutil.ignore_patterns(".lock"))
    return dst


def test_a_bm25_query_uses_the_build_with_vectors_as_it_is(corpus_dir, index_copy, retriever):
    from qa.retrieval.retriever import Retriever

    current = (index_copy / "CURRENT").read_text()
    before = _builds(index_copy)
    r = Retriever.open(corpus_dir, index_copy, dense=False, show_progress=False)
    assert r.search("府院联动", k=3, mode="bm25").hits
    assert r.index.dense is not None  # the vectors are still there for the next hybrid query
    assert (index_copy / "CURRENT").read_text() == current and _builds(index_copy) == before
    # ...and a hybrid query right after finds every vector cached: nothing is re-embedded.
    r = Retriever(r.index, r.tokenizer, retriever.embedder)
    r.corpus_dir, r.index_dir = corpus_dir, index_copy
    assert r.search("府院联动", k=3).hits[0].dense_rank is not None
    assert (index_copy / "CURRENT").read_text() == current and _builds(index_copy) == before


def test_modes_on_a_bm25_only_build_say_what_is_missing(corpus_dir, tmp_path, retriever, caplog):
    from qa.retrieval.retriever import Retriever, ensure_index

    index = tmp_path / "index"
    Retriever.open(corpus_dir, index, dense=False, show_progress=False)
    current = (index / "CURRENT").read_text()
    with caplog.at_level("WARNING", logger="qa"):
        loaded = ensure_index(corpus_dir, index, retriever.settings, retriever.tokenizer, retriever.embedder, False)
    assert loaded.dense is None and (index / "CURRENT").read_text() == current
    assert "no passage vectors" in caplog.text and "BM25 only" in caplog.text
    r = Retriever(loaded, retriever.tokenizer, retriever.embedder)
    assert r.search("府院联动", k=3, mode="hybrid").hits
    with pytest.raises(ValueError, match="no passage vectors"):
        r.search("府院联动", k=3, mode="dense")
    out = _qa("search", "府院联动", "--mode", "dense", "--corpus", str(corpus_dir), "--index", str(index), "--quiet")
    assert out.returncode == 2 and "no passage vectors" in out.stderr and "Traceback" not in out.stderr
    assert (index / "CURRENT").read_text() == current


# ------------------------------------------------------------------ 4. one build at a time


def test_concurrent_queries_on_a_stale_index_build_once(corpus_copy, tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    from qa.retrieval.retriever import Retriever

    index = tmp_path / "index"
    Retriever.open(corpus_copy, index, dense=False, show_progress=False)
    before = _builds(index)
    (corpus_copy / "新报告.txt").write_text(REPORT_HEAD + LINE + "\n", encoding="utf-8")
    with ThreadPoolExecutor(max_workers=5) as pool:
        opened = list(
            pool.map(lambda _: Retriever.open(corpus_copy, index, dense=False, show_progress=False), range(5))
        )
    paths = {r.index.path for r in opened}
    assert len(paths) == 1 and all("新报告.txt" in r.index.documents for r in opened)
    assert len(_builds(index) - before) == 1
    (path,) = paths
    assert path.is_dir() and (index / "CURRENT").read_text() == path.name


# ------------------------------------------------------------------ 8. index integrity


def _flip(path: Path, old: bytes, new: bytes) -> None:
    data = path.read_bytes()
    assert old in data
    path.write_bytes(data.replace(old, new, 1))


def test_a_flipped_byte_in_the_manifest_is_caught(index_copy):
    from qa.store import index as index_store

    build = index_store.current_build(index_copy)
    manifest = json.loads((build / "manifest.json").read_text(encoding="utf-8"))
    n = manifest["n_chunks"]
    _flip(build / "manifest.json", f'"n_chunks": {n}'.encode(), f'"n_chunks": {n + 1}'.encode())  # still valid JSON
    with pytest.raises(index_store.IndexError_, match="manifest.json is corrupted"):
        index_store.load(build)


def test_a_corrupt_build_keeps_the_vectors_whose_checksums_hold(corpus_dir, index_copy, retriever):
    from qa.retrieval.retriever import Retriever

    class Counting:
        def __init__(self, inner):
            self.inner, self.model_id, self.dim, self.embedded = inner, inner.model_id, inner.dim, 0

        def encode_passages(self, texts, **kw):
            self.embedded += len(texts)
            return self.inner.encode_passages(texts, **kw)

        def encode_queries(self, texts):
            return self.inner.encode_queries(texts)

    from qa.store import builder
    from qa.store import index as index_store

    build = index_store.current_build(index_copy)
    _flip(build / "documents.jsonl", "元氏县".encode(), "元氐县".encode())  # one bad file
    embedder = Counting(retriever.embedder)
    loaded = index_store.load(
        builder.build(corpus_dir, index_copy, retriever.settings, retriever.tokenizer, embedder, False)
    )
    assert loaded.path != build and embedder.embedded == 0  # every vector came from the corrupt build
    assert "元氏县" in loaded.documents["000_526b283554a85fd0.txt"].text
    r = Retriever(loaded, retriever.tokenizer, retriever.embedder)
    assert r.search("元氏县行政复议", k=3).hits[0].dense_rank is not None


# ------------------------------------------------------------------ 6. odd input at the boundary


def test_batch_with_surrogates_and_bad_lines_answers_the_rest(corpus_dir, index_copy, tmp_path):
    batch = tmp_path / "b.jsonl"
    lines = [
        '{"id": "s", "question": "\\ud800 元氏县办理了多少件行政复议案件?"}',  # a lone surrogate, spelled in JSON
        "{not json",
        '{"question": "没有编号的问题"}',
        b'{"id": "u", "question": "\xff\xfe"}'.decode("latin-1"),  # not UTF-8 (written as bytes below)
        '{"id": "c", "question": "怀化市全年办理了多少件行政复议案件?"}',
    ]
    batch.write_bytes(b"\n".join(x.encode("latin-1") if i == 3 else x.encode() for i, x in enumerate(lines)))
    out = _qa("ask", "--batch", str(batch), "--corpus", str(corpus_dir), "--index", str(index_copy), "--json", "-q")
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r["id"] for r in rows] == ["s", None, None, None, "c"]
    assert "36件" in rows[0]["answer"] and "\ufffd" in rows[0]["question"]
    assert "not valid JSON" in rows[1]["error"] and rows[1]["line"] == 2
    assert "missing 'id'" in rows[2]["error"] and rows[2]["line"] == 3
    assert "not UTF-8" in rows[3]["error"] and rows[3]["line"] == 4
    assert "244件" in rows[4]["answer"] and "error" not in rows[4]


def test_an_invalid_utf8_argument_is_cleaned(corpus_dir, index_copy):
    args = [b"search", "元氏县行政复议\udcff".encode("utf-8", "surrogateescape")]
    args += [b"--corpus", str(corpus_dir).encode(), b"--index", str(index_copy).encode()]
    args += [b"--json", b"-q", b"--k", b"2"]
    out = subprocess.run([sys.executable.encode(), b"-m", b"qa.interface.cli", *args], capture_output=True, timeout=600)
    assert out.returncode == 0, out.stderr.decode(errors="replace")
    row = json.loads(out.stdout.decode("utf-8"))
    assert row["question"] == "元氏县行政复议\ufffd" and row["hits"]


# ------------------------------------------------------------------ 9. exit codes and messages


@pytest.mark.parametrize(
    "extra, reason",
    [
        (["--year", "99999999999"], "is not a year"),
        (["--year", "二〇二一"], "is not a year"),
        (["--k", "1000000000"], "--k must be between"),
        (["--index", "FILE"], "--index must be a folder"),
        (["--corpus", "NOPE"], "corpus folder does not exist"),
    ],
)
def test_bad_arguments_exit_2_with_a_named_reason(corpus_dir, tmp_path, extra, reason):
    a_file = tmp_path / "a-file"
    a_file.write_text("x", encoding="utf-8")
    args = {"--corpus": str(corpus_dir), "--index": str(tmp_path / "index")}  # refused before any index is read
    extra = [{"FILE": str(a_file), "NOPE": str(tmp_path / "nope")}.get(x, x) for x in extra]
    for flag in ("--corpus", "--index"):
        if flag in extra:
            args.pop(flag)
    out = _qa("search", "府院联动", *[x for kv in args.items() for x in kv], *extra)  # not quiet: no log first
    assert out.returncode == 2, out.stderr
    assert reason in out.stderr and "internal error" not in out.stderr and "stale" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1


# ------------------------------------------------------------------ 7. upload names

UPLOAD_TEXT = (REPORT_HEAD + LINE).encode("utf-8")


def test_a_long_emoji_name_is_limited_by_bytes(tmp_path):
    from qa.ingest import upload

    name = "📈" * 80 + ".txt"  # 80 characters, 320 bytes of UTF-8: over the file system's 255
    path = upload.save(name, UPLOAD_TEXT, tmp_path)
    assert path.exists() and len(path.name.encode("utf-8")) <= 200 and path.name.endswith(".txt")
    again = upload.save(name, UPLOAD_TEXT + b"2", tmp_path)  # same name, other content: made unique, still short
    assert again != path and len(again.name.encode("utf-8")) <= 200


def test_bidi_overrides_and_zero_width_characters_are_stripped(tmp_path):
    from qa.ingest import upload

    path = upload.save("报\u200b告\u202egpj.txt", UPLOAD_TEXT, tmp_path)
    assert path.name == "报告gpj.txt"
    assert upload.safe_name("\u2066a\u2069\ufeffb\u200d.TXT") == "ab.txt"
    with pytest.raises(upload.UploadError, match="文件名"):
        upload.safe_name("\u202e\u200b.txt")  # nothing left but the extension


# ------------------------------------------------------------------ 10. evaluation writes outside the repository


def _tracked_eval_files() -> dict[str, float]:
    files = (p for p in (ROOT / "eval").rglob("*") if p.is_file() and "runs" not in p.parts)
    return {p.as_posix(): p.stat().st_mtime for p in files}


def test_eval_writes_its_run_under_qa_eval_dir_not_into_eval(corpus_dir, index_copy, tmp_path):
    questions = tmp_path / "mini.jsonl"
    rows = [json.loads(x) for x in (ROOT / "eval" / "questions.jsonl").read_text(encoding="utf-8").splitlines()[:2]]
    questions.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    before = _tracked_eval_files()
    runs = tmp_path / "runs"
    args = ["--questions", str(questions), "--corpus", str(corpus_dir), "--index", str(index_copy), "--no-plots", "-q"]
    out = _qa("eval", *args, env={"QA_EVAL_DIR": str(runs)}, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert (runs / "mini" / "report.md").is_file() and (runs / "mini" / "results.json").is_file()
    assert _tracked_eval_files() == before  # nothing in the committed eval/ folder was written
    out = _qa("eval", *args, "--publish", "--out", str(tmp_path / "x"), cwd=ROOT)
    assert out.returncode == 2 and "not both" in out.stderr
