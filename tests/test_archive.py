"""ZIP attachments: each member read as a report of its own, named through the archive; the rest accounted for."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from qa.ingest import archive, upload
from qa.ingest.corpus import Source, ingest, read_document, scan, source_of, source_sha256
from qa.settings import Settings
from qa.store import index as index_store

REPORTS = sorted((Path(__file__).resolve().parent.parent / "corpus").glob("*.txt"))  # the bundled reports


def _zip(path: Path, members: dict[str, bytes], encoding: str | None = "gbk") -> Path:
    """A .zip whose member names are stored in ``encoding`` without the UTF-8 flag (None: as zipfile writes them)."""
    original = zipfile.ZipInfo._encodeFilenameFlags
    if encoding:
        zipfile.ZipInfo._encodeFilenameFlags = lambda self: (self.filename.encode(encoding), self.flag_bits & ~0x800)
    try:
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in members.items():
                z.writestr(name, data)
    finally:
        zipfile.ZipInfo._encodeFilenameFlags = original
    return path


@pytest.mark.parametrize("encoding", ["gbk", "utf-8", None])
def test_member_names_read_as_written_whatever_the_code_page(tmp_path, encoding):
    path = _zip(tmp_path / "附件.zip", {"法治政府/甲县报告.txt": REPORTS[0].read_bytes()}, encoding)
    with zipfile.ZipFile(path) as z:
        stored = z.infolist()[0]
    if encoding == "gbk":
        assert stored.filename != "法治政府/甲县报告.txt"  # zipfile alone reads the GBK bytes as cp437
    assert archive.member_name(stored) == "法治政府/甲县报告.txt"


def test_each_member_is_the_report_it_holds(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    _zip(corpus / "P020240329604817.zip", {f"报告/{p.name}": p.read_bytes() for p in REPORTS[:2]})
    (corpus / "loose").mkdir()
    direct = {}
    for p in REPORTS[:2]:
        (corpus / "loose" / p.name).write_bytes(p.read_bytes())
        direct[p.name] = read_document(Source.file(corpus / "loose" / p.name, corpus))
    files, skipped = scan(corpus)
    members = [s for s in files if s.member is not None]
    assert [s.doc_id for s in members] == [f"P020240329604817.zip/报告/{p.name}" for p in REPORTS[:2]] and not skipped
    for src in members:
        doc, plain = read_document(src), direct[Path(src.doc_id).name]
        assert doc.text == plain.text and doc.meta.region == plain.meta.region and doc.meta.year == plain.meta.year
        assert doc.sha256 == plain.sha256 == source_sha256(src)  # the member's own bytes, not the archive's
        assert any("P020240329604817.zip" in w for w in doc.warnings)
        found = source_of(corpus, src.doc_id)
        assert (found.path, found.doc_id, found.member.name) == (src.path, src.doc_id, src.member.name)


def test_what_is_no_report_in_an_archive_is_listed_with_why(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    _zip(
        corpus / "a.zip",
        {
            "报告.txt": REPORTS[0].read_bytes(),
            "封面.jpg": b"\xff\xd8\xff\xe0 not a report",
            "内层.zip": b"PK\x03\x04",
            "__MACOSX/._报告.txt": b"\x00\x05\x16\x07",
            "../逃逸.txt": b"outside",
        },
    )
    (corpus / "b.zip").write_bytes(b"PK\x03\x04 damaged")
    (corpus / "c.rar").write_bytes(b"Rar!\x1a\x07\x00")
    _zip(corpus / "d.zip", {})
    files, skipped = scan(corpus)
    assert [s.doc_id for s in files] == ["a.zip/报告.txt"]
    why = {s.doc_id: s.reason for s in skipped}
    assert "unsupported file type" in why["a.zip/封面.jpg"] and "unpack it first" in why["a.zip/内层.zip"]
    assert "unsafe path" in why["a.zip/../逃逸.txt"] and not any("__MACOSX" in d for d in why)
    assert "not a readable .zip" in why["b.zip"] and "请解压" in why["c.rar"] and "holds no files" in why["d.zip"]
    assert all("\n" not in r for r in why.values())


def test_encrypted_and_oversized_members_are_skipped(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    path = corpus / "a.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("大.txt", REPORTS[0].read_bytes())
        z.writestr("密.txt", b"x" * 10)
    # mark 密.txt encrypted in the central directory, as an encrypting archiver does (its bytes are never read)
    data = bytearray(path.read_bytes())
    entry = data.rindex(b"PK\x01\x02")
    data[entry + 8] |= 0x1
    path.write_bytes(bytes(data))
    tiny = Settings(max_file_mb=0.001)
    files, skipped = scan(corpus, tiny)
    why = {s.doc_id: s.reason for s in skipped}
    assert not files and "encrypted" in why["a.zip/密.txt"] and "文件过大" in why["a.zip/大.txt"]
    files, skipped = scan(corpus, Settings(max_unpacked_mb=0.001))
    assert "unpacks past the limit" in {s.doc_id: s.reason for s in skipped}["a.zip/大.txt"]


def test_an_index_follows_a_changed_member_and_only_it(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    members = {f"报告/{p.name}": p.read_bytes() for p in REPORTS[:2]}
    _zip(corpus / "a.zip", members)
    before = index_store.corpus_state(corpus, Settings())
    (corpus / "a.zip").unlink()
    first, second = list(members)
    _zip(corpus / "a.zip", {first: members[first], second: members[second] + "\n补充一句。\n".encode()})
    after = index_store.corpus_state(corpus, Settings())
    assert before[f"a.zip/{first}"] == after[f"a.zip/{first}"] and before[f"a.zip/{second}"] != after[f"a.zip/{second}"]
    docs = ingest(corpus, show_progress=False).documents
    assert set(docs) == {f"a.zip/{first}", f"a.zip/{second}"}


def test_a_zip_upload_is_kept_when_a_member_reads_and_its_members_are_removed_only_with_it(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    good = _zip(tmp_path / "good.zip", {"报告.txt": REPORTS[0].read_bytes(), "图.png": b"\x89PNG...."})
    bad = _zip(tmp_path / "bad.zip", {"图.png": b"\x89PNG....", "空.txt": b"  "})
    with pytest.raises(upload.UploadError, match="压缩包中没有可读的报告"):
        upload.save("bad.zip", bad.read_bytes(), corpus)
    saved = upload.save("good.zip", good.read_bytes(), corpus)
    assert saved.read_bytes() == good.read_bytes()
    with pytest.raises(upload.UploadError, match="已有的报告"):
        upload.save("again.zip", good.read_bytes(), corpus)
    doc_id = f"{upload.UPLOAD_FOLDER}/good.zip/报告.txt"
    assert doc_id in {s.doc_id for s in scan(corpus)[0]}
    with pytest.raises(upload.UploadError, match="删除整个压缩包"):
        upload.remove(corpus, doc_id)
    assert saved.exists()
