"""Report metadata: title, region, year, doc_type, publication date.

Unknown is None, never a guess: a region or year is only returned when the text states it in a
place that means "this report is about X" (the title, the issuer line, the report's own
"现将我市2019年…报告如下" sentence), never from a passing mention in the body.
"""

from __future__ import annotations

import re
from collections import Counter

from qa.document import DocumentMeta
from qa.ingest.sections import heading_family
from qa.text.tokenization import pos_tags

# Administrative suffixes, longest first so 回族区 wins over 区.
_SUFFIX = r"(?:自治县|自治州|自治旗|回族区|新区|林区|矿区|特区|县|市|区|州|盟|旗)"
_REGION = re.compile(r"([\u4e00-\u9fff]{2,10}?" + _SUFFIX + r")")
# Words that stand before a name in titles: "关于X县…", "2023年度X县…" (the digits are not matched).
_LEADING_WORDS = re.compile(r"^(?:关于|印发|转发|批转|公布|做好|开展|推进|年度|年)+")
# Words that end in an administrative suffix but name no place.
_GENERIC = re.compile(
    # "全县", "本市", "各乡镇", "城区": a pronoun or level word before a level word. Not a bare 本/镇/城
    # prefix, which would drop 本溪市, 镇江市, 城固县, 乡宁县, 两当县, 市中区, 全椒县.
    r"^[全我本各该此两外省市县区城乡镇村旗][省市县区州旗乡镇村地级]|"
    r"^(?:我|各|该|此|哪|自治|其他|其它|周边|相关|兄弟|所有|有的|多个|几个|每个|其余|基层|上级|下级|地方|先进|旗县)|依法治|城区|社区|地区|辖区|景区|园区|开发区|高新区|示范区|"
    r"片区|街区|校区|试验区|功能区|自贸区|保护区|工业区|商圈|城市|都市|省市|县市|市县|区县|城乡|政府|部门"
)
_YEAR = r"((?:19|20)\d{2})"
_TOPIC = r"(?:法治政府|依法行政|法治建设|法治)"
_TITLE_WORDS = re.compile(_TOPIC + r".{0,20}(?:报告|要点|情况|总结|计划|方案|安排)")
_ISSUER = re.compile(r"(?:人民政府|政府办公室|人民政府办公室|司法局|法制办(?:公室)?)$")
_SELF_REFERENCE = re.compile(r"(?:我|全)(县|市|区|州|旗)")
_DATE_LABELLED = re.compile(
    r"(?:发布日期|发布时间|成文日期|日期|时间)\s*[:：]\s*((?:19|20)\d{2})\s*[-/年.]\s*(\d{1,2})\s*[-/月.]\s*(\d{1,2})"
)
_DATE_BARE = re.compile(r"(?<!\d)((?:19|20)\d{2})-(\d{1,2})-(\d{1,2})(?:\s+\d{1,2}:\d{2})?")


def _lines(norm: str, body: list[tuple[int, int]] | None) -> list[str]:
    if body is None:
        return [ln.strip() for ln in norm.split("\n") if ln.strip()]
    return [norm[s:e].strip() for s, e in body if norm[s:e].strip()]


# jieba part-of-speech tags that no place name begins with: preposition, verb, pronoun, adverb,
# conjunction, particle, numeral, measure word, locative, adjective ("在市区", "示范市", "下辖各县").
_NOT_NAME_TAGS = ("p", "v", "r", "d", "c", "u", "m", "q", "f", "a")


def _strip_non_name_words(line: str, start: int, end: int) -> int:
    """Move ``start`` past leading words that cannot begin a place name, by jieba's tags."""
    window = max(0, start - 8)  # a little left context, so jieba cuts the start as it would in the line
    pos = window
    for word, flag in pos_tags(line[window:end]):
        if pos > start:
            break
        if pos == start and flag.startswith(_NOT_NAME_TAGS):
            start += len(word)
        pos += len(word)
    return start


def _plausible(name: str) -> bool:
    return len(name) >= 3 and not _GENERIC.search(name) and bool(_REGION.fullmatch(name))


def regions_in(line: str, tagged: bool = False) -> list[str]:
    """Place names (with an administrative suffix) written in a line, generic words left out.

    ``tagged`` also drops words jieba tags as verbs, prepositions… from a name's start ("在市区",
    "示范市"): for questions, where such phrases are common. Not for titles and bodies: jieba
    also tags the start of some real names so (合作市, 共青城市).
    """
    found: list[str] = []
    chain_end = -1
    pos = 0
    while (m := _REGION.search(line, pos)) is not None:
        pos = m.end(1)
        start = m.end(1) - len(_LEADING_WORDS.sub("", m.group(1)))
        if start > m.start(1):
            # Look again after the leading words: "关于巴州区" first matches 关于巴州.
            again = _REGION.match(line, start)
            if again is not None and again.end(1) > m.end(1):
                m = again
                pos = m.end(1)
        name = line[start : m.end(1)]
        if not _plausible(name):
            continue
        if tagged:
            start = _strip_non_name_words(line, start, m.end(1))
            name = line[start : m.end(1)]
            if not _plausible(name):
                continue
        if start == chain_end:
            # "石家庄市裕华区", "宁夏回族自治区灵武市": the last, most specific unit is the place.
            found[-1] = name
        else:
            found.append(name)
        chain_end = m.end(1)
    return found


def find_title(lines: list[str]) -> tuple[str | None, int | None]:
    """The report's own title line (joined with an issuer line above it), and its index."""
    best: tuple[float, int] | None = None
    for i, line in enumerate(lines):
        if heading_family(line) is not None:
            # The title stands above the first numbered heading; "四、2020年…安排" is no title.
            if heading_family(line) in ("cn", "chapter"):
                break
            continue
        if len(line) > 60 or not _TITLE_WORDS.search(line):
            continue
        if re.search(r"[。；;]", line):  # a sentence of the body, not a title
            continue
        # "关于印发《X要点》的通知" wraps the real title, which usually follows further down.
        penalty = 10 if re.search(r"通知|印发|转发", line) else 0
        score = penalty + i / 1000
        if best is None or score < best[0]:
            best = (score, i)
    if best is None:
        return None, None
    i = best[1]
    title = lines[i]
    if i > 0 and _ISSUER.search(lines[i - 1]) and len(lines[i - 1]) <= 30 and title.startswith("关于"):
        title = lines[i - 1] + title
    return title, i


# Names regions_in leaves out because in running text they are too often not places: one
# character before the suffix (沛县, 萧县, 歙县) and townships (城关镇, 黄埔街道). At the start of a
# title, before the issuer, a year or the topic, they are the report's own place.
_TITLE_PLACE = re.compile(
    r"^(?:关于)?(?:(?:19|20)\d{2}\s*年度?)?"
    r"([\u4e00-\u9fff](?:县|市|区|旗)|[\u4e00-\u9fff]{2,6}?(?:镇|乡|街道))"
    r"(?=人民政府|政府|办事处|(?:19|20)\d{2}|关于|年度|" + _TOPIC + r")"
)


def find_region(title: str | None, lines: list[str]) -> str | None:
    if title:
        found = regions_in(title)
        if found:
            return found[0]
        m = _TITLE_PLACE.match(title)
        if m and not _GENERIC.search(m.group(1)):
            return m.group(1)
    # No region in the title: trust the body only when it refers to itself ("我市") and one
    # place with that suffix clearly dominates the other places it names.
    self_ref = Counter(m.group(1) for ln in lines for m in _SELF_REFERENCE.finditer(ln))
    if not self_ref:
        return None
    suffix = self_ref.most_common(1)[0][0]
    counts = Counter(r for ln in lines for r in regions_in(ln) if r.endswith(suffix))
    if not counts:
        return None
    (top, n), *rest = counts.most_common(2) + [(None, 0)]
    runner_up = rest[0][1] if rest else 0
    if n >= 2 and n >= 2 * runner_up:
        return top
    return None


def find_year(title: str | None, lines: list[str]) -> int | None:
    if title:
        m = re.search(_YEAR + r"\s*年", title)
        if m:
            return int(m.group(1))
    # The report's own sentence about itself: "现将我市2019年法治政府建设情况报告如下".
    pattern = re.compile(_YEAR + r"\s*年度?" + _TOPIC + r"[^。]{0,20}(?:报告|要点|情况)")
    for line in lines:
        m = pattern.search(line)
        if m:
            return int(m.group(1))
    return None


def find_doc_type(title: str | None, lines: list[str]) -> str:
    if title:
        if "要点" in title:
            return "工作要点"
        if re.search(r"报告|情况|总结", title):
            return "年度报告"
    head = "".join(lines[:15])
    if re.search(r"工作要点", head):
        return "工作要点"
    if re.search(r"(?:情况|工作)报告如下|报告如下", head):
        return "年度报告"
    return "其他"


def find_published(norm: str) -> str | None:
    head = norm[:3000]
    m = _DATE_LABELLED.search(head) or _DATE_BARE.search(head)
    if not m:
        return None
    y, mo, d = (int(g) for g in m.groups()[:3])
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def extract(norm: str, body: list[tuple[int, int]] | None = None) -> DocumentMeta:
    """Metadata of a report from its normalised text (and, if known, its body spans)."""
    lines = _lines(norm, body)
    title, _ = find_title(lines)
    return DocumentMeta(
        title=title,
        region=find_region(title, lines),
        year=find_year(title, lines),
        doc_type=find_doc_type(title, lines),
        published=find_published(norm),
    )
