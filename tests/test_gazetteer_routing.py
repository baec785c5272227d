"""Questions and the gazetteer: provinces and cities select reports by division code; unknown places are searched."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

LAYOUTS = Path(__file__).parent / "fixtures" / "layouts"
EXTRA = {
    "zhao.txt": "14_county-zhaoxian-breadcrumb-only.txt",  # 河北省 石家庄市 赵县
    "ministry.txt": "10_ministry-yingji-no-title.txt",  # 应急管理部: no place
}


OUTSIDE_HEBEI = {
    "001_63d9508044978865.txt",
    "002_c349f437d9920677.txt",
    "003_b42d8d81e0a81924.txt",
    "004_6785f9f2da4cfcb2.txt",
}


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory, corpus_dir):
    from qa.pipeline import Pipeline
    from qa.retrieval.retriever import Retriever

    corpus = tmp_path_factory.mktemp("mixed")
    for p in corpus_dir.iterdir():
        shutil.copy(p, corpus / p.name)
    for name, src in EXTRA.items():
        shutil.copy(LAYOUTS / src, corpus / name)
    r = Retriever.open(corpus, tmp_path_factory.mktemp("idx"), dense=False, show_progress=False)
    return Pipeline(r, mode="bm25")


def test_the_gazetteer_places_every_report(pipeline):
    docs = pipeline.retriever.index.documents
    assert docs["zhao.txt"].meta.division_code == "130133"
    assert docs["ministry.txt"].meta.region is None and docs["ministry.txt"].meta.issuer == "应急管理部"


@pytest.mark.parametrize(
    "question, inside",
    [
        ("河北省的县在行政复议方面做了什么?", {"000_526b283554a85fd0.txt", "zhao.txt"}),
        ("湖南其他县市怎样推进府院联动?", {"003_b42d8d81e0a81924.txt"}),
        ("吉林省内的行政执法三项制度落实得怎样?", {"002_c349f437d9920677.txt"}),
        # regions larger than a province: 华北 holds 河北, 东北 吉林; 中部 河南 and 湖南
        (
            "华北和东北的地方,双随机一公开监管是怎么做的?",
            {"000_526b283554a85fd0.txt", "zhao.txt", "002_c349f437d9920677.txt"},
        ),
        ("中部省份的地方政府是怎么用法律顾问的?", {"001_63d9508044978865.txt", "003_b42d8d81e0a81924.txt"}),
        # outside a province: every report but its own (元氏县 and 赵县 are in 河北)
        ("河北省以外的地方在行政复议方面做了什么?", OUTSIDE_HEBEI),
        ("除河北外，其他省的县市怎样推进府院联动?", OUTSIDE_HEBEI),
    ],
)
def test_a_province_selects_its_reports_and_keeps_placeless_ones(pipeline, question, inside):
    res = pipeline.search(question, k=5)
    # Reports inside the area, and the report whose place is unknown: searched first, never left out.
    assert set(res.routed_to) == inside | {"ministry.txt"}


def test_a_province_left_out_answers_from_no_report_in_it(pipeline):
    # "河北省以外": neither 河北 report answers, and 河北 is not taken for a place without a report of its own
    answer = pipeline.ask("河北以外的地方,行政复议案件办了多少件?")
    assert answer.answer is not None and "语料中没有" not in (answer.note or "")
    assert {c.chunk.region for c in answer.citations}.isdisjoint({"元氏县", "赵县"})


def test_a_province_that_only_says_where_the_askers_place_lies_limits_nothing(pipeline):
    compared = pipeline.compare("除了河北的元氏县，其他地方行政机关负责人出庭应诉是怎么做的?")
    assert compared.scope == () and compared.excluded == ("元氏县",)
    regions = {it.region for it in compared.items}
    assert regions and "元氏县" not in regions and not regions <= {"赵县"}


def test_a_city_holding_a_county_report_gets_no_missing_place_note(pipeline):
    answer = pipeline.ask("石家庄市行政复议案件办理情况如何?")
    assert answer.note is None or "语料中没有" not in answer.note


def test_a_place_the_corpus_lacks_gets_the_note(pipeline):
    answer = pipeline.ask("广州市天河区行政复议案件办理情况如何?")
    assert answer.answer is None and "语料中没有" in answer.note


def test_an_index_built_by_an_older_metadata_version_reads_the_reports_again(tmp_path, corpus_dir):
    """Division codes came with metadata version 2: an index from before has none, and opening it
    must re-read every report instead of serving the stale metadata."""
    import json

    from qa.ingest import metadata
    from qa.retrieval.retriever import Retriever
    from qa.store.index import current_build

    index_dir = tmp_path / "index"
    Retriever.open(corpus_dir, index_dir, dense=False, show_progress=False)
    build = current_build(index_dir)
    manifest = json.loads((build / "manifest.json").read_text("utf-8"))
    assert manifest["config"]["metadata_version"] == metadata.VERSION
    manifest["config"]["metadata_version"] = metadata.VERSION - 1  # as an older release wrote it
    (build / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    again = Retriever.open(corpus_dir, index_dir, dense=False, show_progress=False)
    assert current_build(index_dir) != build
    assert all(d.meta.division_code for d in again.index.documents.values())


def test_regions_larger_than_a_province_are_named_as_questions_say_them():
    from qa.ingest.gazetteer import areas_named, macro_regions_named

    assert macro_regions_named("华北和东北的地方") == ["华北", "东北"]
    assert macro_regions_named("中部省份的地方政府") == ["中部"] and macro_regions_named("西部地区的县") == ["西部"]
    assert macro_regions_named("机关内部管理") == [] and macro_regions_named("县城东北部") == []
    assert [a.name for a in areas_named("华中的市")] == ["河南省", "湖北省", "湖南省"]
    assert areas_named("华中的市", macro=False) == []


@pytest.mark.parametrize(
    "name, short",
    [
        ("黔西南布依族苗族自治州", "黔西南"),  # not 黔西 with a "南布依族"
        ("湘西土家族苗族自治州", "湘西"),
        ("黔东南苗族侗族自治州", "黔东南"),
        ("长阳土家族自治县", "长阳"),
        ("三都水族自治县", "三都"),
        ("伊犁哈萨克自治州", "伊犁"),  # written without 族
    ],
)
def test_an_autonomous_division_is_named_without_its_ethnic_groups(name, short):
    from qa.ingest.gazetteer import ETHNIC_AUTONOMY

    assert ETHNIC_AUTONOMY.match(name).group(1) == short


def test_a_county_level_city_is_not_the_autonomous_prefecture_its_name_begins():
    from qa.ingest.gazetteer import areas_named, macro_regions_named

    # "黔西" is 黔西市 (毕节市); 黔西南州 is asked as 黔西南, and its name holds no region 西南
    assert areas_named("黔西2023年受理行政复议案件多少件？") == []
    assert [a.name for a in areas_named("黔西南州各县市")] == ["黔西南布依族苗族自治州"]
    assert macro_regions_named("黔西南州各县市") == [] and macro_regions_named("西南地区的县") == ["西南"]
