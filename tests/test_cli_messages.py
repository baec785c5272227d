"""The command line speaks Chinese to people (help, text output, notes) and JSON to machines."""

from __future__ import annotations

import json

import pytest

from qa.interface import cli


def _help(capsys, *argv) -> str:
    with pytest.raises(SystemExit) as e:
        cli.main([*argv, "--help"])
    assert e.value.code == 0
    return capsys.readouterr().out


def test_help_is_in_chinese_and_every_option_is_explained(capsys):
    for argv in ((), ("ask",), ("eval",), ("search",)):
        text = _help(capsys, *argv)
        assert "用法：" in text and "显示本帮助并退出" in text
        for english in ("show this help", "usage:", "options:", "positional arguments"):
            assert english not in text, (argv, english)
    text = _help(capsys, "eval")
    # every flag line carries a help text: --questions and --beir too
    assert "问题集" in text and "BEIR" in text and "qrels/test.tsv" in text
    assert "提问" in _help(capsys)


def test_bad_usage_is_one_chinese_line_with_exit_2(capsys):
    with pytest.raises(SystemExit) as e:
        cli.main(["ask", "x", "--mode", "nonsense"])
    assert e.value.code == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "用法错误" in err


def test_ask_text_output_is_chinese_with_the_passage_and_loading_is_announced(retriever, index_dir, capsys):
    rc = cli.main(["ask", "元氏县办理了多少件行政复议案件?", "--index", str(index_dir), "--corpus", "corpus"])
    assert rc == 0
    out, err = capsys.readouterr()
    assert "36件" in out and "置信度" in out and "confidence" not in out
    # the citation line is followed by the passage it cites
    lines = out.splitlines()
    cite = next(i for i, line in enumerate(lines) if line.strip().startswith("[1]"))
    assert "已办理行政复议案件36件" in lines[cite + 1]
    assert "正在加载" in err and "已就绪" in err


def test_not_found_text_has_no_english(retriever, index_dir, capsys):
    rc = cli.main(["ask", "火星基地的氧气储量是多少?", "--index", str(index_dir), "-q"])
    assert rc == 0
    out = capsys.readouterr().out
    assert "未找到答案" in out and "not found" not in out


@pytest.mark.parametrize(
    "flag, value, named, holds",
    [("--doc-type", "总结", "类型 总结", "年度报告"), ("--region", "北京市", "地区 北京市", "元氏县")],
)
def test_a_filter_that_matches_no_report_is_said_and_json_still_answers(
    retriever, index_dir, capsys, flag, value, named, holds
):
    rc = cli.main(["ask", "行政复议案件有多少件?", "--index", str(index_dir), "--json", "-q", flag, value])
    assert rc == 0
    out, err = capsys.readouterr()
    (line,) = out.splitlines()
    obj = json.loads(line)
    assert obj["answer"] is None and obj["id"] == "q1"
    (note,) = [x for x in err.splitlines() if x.strip()]
    assert named in note and holds in note and "没有符合筛选条件的报告" in note


def test_a_filter_that_matches_is_not_flagged(retriever, capsys):
    from qa.retrieval.retriever import Filters

    assert cli.filter_mismatch(retriever.index, Filters(regions=("怀化",))) is None
    assert cli.filter_mismatch(retriever.index, Filters(years=(2021,), doc_types=("年度报告",))) is None
    # each value exists, but no report has both
    note = cli.filter_mismatch(retriever.index, Filters(regions=("元氏县",), years=(1999,)))
    assert note and "1999" in note
