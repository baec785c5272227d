"""Metadata of reports in every page layout of the zoo (tests/fixtures/layouts, see SHAPES.md).

The fixtures were written from a study of real report pages (titles missing, split, wrapped in
notices; breadcrumbs, site names, 索引号 tables; ministries, provinces, cities, counties, towns
and streets). zoo.jsonl holds the expected metadata of each one.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qa.ingest import boilerplate
from qa.ingest.metadata import extract
from qa.text.normalization import normalize

ZOO = Path(__file__).parent / "fixtures" / "layouts"
ROWS = [json.loads(line) for line in (ZOO / "zoo.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]


def _meta(name: str):
    norm = normalize((ZOO / name).read_text(encoding="utf-8"))
    return extract(norm, boilerplate.body_spans(norm), name)


def test_the_zoo_is_large_enough():
    assert len(ROWS) >= 40
    assert all((ZOO / r["file"]).is_file() for r in ROWS)


@pytest.mark.parametrize("row", ROWS, ids=[r["file"][:40] for r in ROWS])
def test_year_place_and_type(row):
    meta = _meta(row["file"])
    assert meta.year == row["year"]
    assert meta.doc_type == row["doc_type"]
    places = {meta.region, meta.township, meta.county} if (meta.county or meta.township) else {meta.region}
    assert row["place"] in places | ({meta.city} if meta.city and not meta.county else set())
    # Every known field says where it came from.
    for name in ("year", "doc_type"):
        assert meta.sources.get(name) in ("title", "header", "body", "body_self", "published", "file_name")


@pytest.mark.parametrize("row", ROWS, ids=[r["file"][:40] for r in ROWS])
def test_place_chain(row):
    meta = _meta(row["file"])
    if meta.region_candidates:
        # Context does not decide (三里屯街道 in 朝阳区: Beijing or Changchun): every reading is kept, none guessed.
        assert meta.province is None and meta.division_code is None
        assert any(row["county"] in c and (row["province"] or "") in c for c in meta.region_candidates)
        return
    assert (meta.province, meta.city, meta.county, meta.township) == (
        row["province"],
        row["city"],
        row["county"],
        row["township"],
    )
    if meta.county or meta.city or meta.province:
        assert meta.division_code and len(meta.division_code) == 6


def test_an_ambiguous_district_keeps_its_candidates():
    meta = extract(
        normalize("白云区2021年度法治政府建设情况报告\n2021年,白云区在市委、市政府的领导下,推进依法行政。\n")
    )
    assert meta.region == "白云区" and meta.county == "白云区"
    assert meta.province is None and meta.division_code is None
    assert set(meta.region_candidates) == {"广东省广州市白云区", "贵州省贵阳市白云区"}


def test_context_decides_an_ambiguous_district():
    text = "白云区2022年法治政府建设年度报告\n2022年,白云区在广州市委、市政府的坚强领导下,扎实推进法治政府建设。\n"
    meta = extract(normalize(text))
    assert (meta.province, meta.city, meta.division_code) == ("广东省", "广州市", "440111")


def test_a_body_without_title_line():
    text = (
        "2019年,在省委、省政府和市委、市政府的正确领导下,南昌县全面贯彻落实法治政府建设实施纲要。"
        "全年办理行政复议案件31件。\n一、主要工作\n"
    )
    meta = extract(normalize(text))
    assert (meta.region, meta.year, meta.doc_type) == ("南昌县", 2019, "年度报告")
    assert (meta.province, meta.city, meta.division_code) == ("江西省", "南昌市", "360121")
    assert meta.title == "南昌县2019年法治政府建设情况报告" and meta.title_derived
    assert meta.sources["region"] == "body" and meta.sources["year"] == "body"


@pytest.mark.parametrize("title", ["县人民政府关于2020年法治政府建设情况的报告", "在全市2020年法治政府建设情况报告"])
def test_generic_words_are_no_place(title):
    meta = extract(normalize(title + "\n一、主要工作\n"))
    assert meta.region is None and meta.province is None and meta.county is None


def test_a_ministry_is_an_issuer_without_place():
    meta = extract(normalize("2021年,司法部坚持以习近平法治思想为指导,扎实推进法治政府建设。\n一、主要工作\n"))
    assert (meta.issuer, meta.region, meta.year, meta.doc_type) == ("司法部", None, 2021, "年度报告")


def test_party_committee_prefix_is_no_place():
    meta = extract(normalize("中共浚县县委 浚县人民政府关于2022年度法治政府建设情况的报告\n一、主要工作\n"))
    assert (meta.region, meta.county, meta.city) == ("浚县", "浚县", "鹤壁市")


def test_a_ministry_report_reposted_on_a_provincial_site_gets_no_place():
    text = "河北省人民政府网\n首页 > 转载\n2022年,应急管理部坚持以人民为中心,推进法治政府部门建设。\n一、主要工作\n"
    meta = extract(normalize(text))
    assert (meta.issuer, meta.region, meta.province) == ("应急管理部", None, None)


_PIECES = [
    "白云区",
    "2023年",
    "二〇二二年",
    ",",
    "。",
    "\n",
    "县",
    "市",
    "镇",
    "人民政府",
    "关于",
    "中共",
    "法治政府建设",
    "报告",
    "要点",
    "首页 > ",
    "我市",
    "在市委领导下,",
    "司法部",
    "省司法厅",
    "街道",
    "(略)",
    "标 题 | ",
    "现将",
    "如下:",
    "一、",
    "沛县",
]


@given(st.lists(st.sampled_from(_PIECES) | st.text(max_size=5), max_size=40))
@settings(max_examples=150, deadline=None)
def test_any_text_gets_metadata_without_error(parts):
    meta = extract(normalize("".join(parts)))
    assert meta.doc_type in ("年度报告", "工作要点", "其他")
    assert meta.year is None or 1900 <= meta.year <= 2100
    assert meta.region is None or isinstance(meta.region, str)
    assert not meta.region_candidates or meta.division_code is None
