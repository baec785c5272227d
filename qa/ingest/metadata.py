"""Report metadata: title, region, year, doc_type, publication date.

Unknown is None, never a guess: a region or year is only returned when the text states it in a
place that means "this report is about X" (the title, the issuer line, the report's own
"现将我市2019年…报告如下" sentence), never from a passing mention in the body.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from qa.document import DocumentMeta
from qa.ingest.boilerplate import META_LABELS
from qa.ingest.gazetteer import ZONE, Mention, PlaceChain, gazetteer
from qa.ingest.sections import heading_family
from qa.text.tokenization import pos_tags

# Bumped whenever what ``extract`` finds changes (division codes came with 2; 3 drops "这个县", "其他县"; 4 reads
# development zones, and a gazette issue's report alone): an index built by another version re-reads every report
# instead of keeping its stale metadata.
VERSION = 4

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
    r"片区|街区|校区|试验区|功能区|自贸区|保护区|工业区|商圈|城市|都市|省市|县市|市县|区县|城乡|政府|部门|"
    # "专门制定了本县": no name holds 了 or 的, or ends in a pronoun and a level word
    r"[了的]|[本该我全此各][省市县区州旗乡镇]$|"
    # "青海这个县", "湖南其他县", "湖南省这份市级报告", "县级市": a description of places, not a name (那曲市 stays)
    r"这|那[个些份里]|份|报告|级|其他|其它|别的|以外|之外|"
    # "局长县长们": officials, not a place
    r"[局处科厅部院所站]长|书记|主任|领导|干部"
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
# Tags of words no place name holds anywhere: a preposition, conjunction or particle ("老百姓对县里…" is no 老百姓对县).
_INSIDE_TAGS = ("p", "c", "u")


def _name_start(line: str, start: int, end: int) -> int:
    """Where a place name ending at ``end`` begins, by jieba's tags: past leading words that cannot begin one, then
    past the last word inside it that no name holds (对, 和, 的)."""
    window = max(0, start - 8)  # a little left context, so jieba cuts the start as it would in the line
    pos, leading = window, True
    for word, flag in pos_tags(line[window:end]):
        if leading and pos == start and flag.startswith(_NOT_NAME_TAGS):
            start += len(word)
        else:
            leading = leading and pos < start
            if not leading and pos >= start and pos + len(word) < end and flag.startswith(_INSIDE_TAGS):
                start = pos + len(word)
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
            start = _name_start(line, start, m.end(1))
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


# (a 政府信息公开 page's information table: "有 效 性: 有效 主 题 词: 法治政府 工作要点" is a row of it, no title)
_NOT_TITLE = re.compile(
    r">|\|.*\||^(?:首页|当前位置|您当前|您的位置|发布|来源|日期)"
    rf"|(?:{META_LABELS}|主\s*题\s*词|有\s*效\s*性)\s*[:：]"
)
# A title without a type word: "共青城市2022年法治政府建设"; the type may follow on the next line.
_BARE_TITLE = re.compile(r"^.{0,30}(?:19|20)\d{2}\s*年度?(?:法治政府建设|依法行政|法治建设)(?:工作)?$")
_TYPE_LINE = re.compile(r"^(?:工作|年度|情况)*(?:报告|总结|要点|情况|计划|安排)$")
_ISSUER_LINE = re.compile(r"(?:人民政府|政府|办公室|办公厅|司法局|局|部|镇|乡|街道|办事处|委员会)$")


# An information table's label before the title ("标 题:", "名 称:", "信息名称:" of a 政府信息公开 page)
_TITLE_LABEL = re.compile(r"^(?:信息|文件)?(?:标\s*题|名\s*称|题\s*名)\s*[|:：]?\s*")


def find_title(lines: list[str]) -> tuple[str | None, int | None]:
    """The report's own title line (joined with an issuer line above it), and its index."""
    best: tuple[float, int] | None = None
    for i, line in enumerate(lines):
        if heading_family(line) is not None:
            # The title stands above the first numbered heading; "四、2020年…安排" is no title.
            if heading_family(line) in ("cn", "chapter"):
                break
            continue
        if _NOT_TITLE.search(line) and not _TITLE_LABEL.match(line):
            continue  # breadcrumbs, site menus, 发布时间 rows
        bare = _BARE_TITLE.match(line) is not None
        if len(line) > 60 or not (_TITLE_WORDS.search(line) or bare):
            continue
        if re.search(r"[。；;]", line):  # a sentence of the body, not a title
            continue
        # "关于印发《X要点》的通知" wraps the real title, which usually follows further down.
        penalty = 10 if re.search(r"通知|印发|转发", line) else 0
        score = penalty + i / 1000 + (1 if bare else 0)
        if best is None or score < best[0]:
            best = (score, i)
    if best is None:
        return None, None
    i = best[1]
    title = _TITLE_LABEL.sub("", lines[i])
    if i + 1 < len(lines) and _title_goes_on(title, lines[i + 1]):
        title += lines[i + 1]  # "2023年度法治政府建设" / "情况报告"; "…关于2022年度法治政府建设" / "情况的报告"
    prev = lines[i - 1] if i > 0 else ""
    if not prev or len(prev) > 30 or _NOT_TITLE.search(prev):
        return title, i
    if _TITLE_HEAD.search(prev) and not _ENDS_TYPE.search(prev):
        title = prev + title  # "晋江市人民政府关于2021年度" / "法治政府建设情况的报告": a title set over two lines
    elif (
        _ISSUER_LINE.search(prev)
        and not gazetteer().mentions(title[:8])
        and not re.search(r"人民政府网|门户网站", prev)
    ):
        title = prev + ("" if title.startswith("关于") or prev.endswith(("政府", "部")) else "") + title
    return title, i


# A title's first line that stops before its topic: "X人民政府关于2021年度", "关于", "2023年".
_TITLE_HEAD = re.compile(r"(?:关于|(?:19|20)\d{2}\s*年度?)$")
_ENDS_TYPE = re.compile(r"(?:报告|要点|总结|计划|方案|安排|通知)$")
# The rest of a title set over two lines: short, no sentence, ending in the report's kind.
_TYPE_END = re.compile(r"^[\u4e00-\u9fff]{0,10}(?:报告|要点|总结|计划|安排)$")


def _title_goes_on(title: str, line: str) -> bool:
    """Whether ``line`` ends a title that ``title`` begins: a title that has its kind already is whole."""
    if _ENDS_TYPE.search(title) or heading_family(line) is not None:
        return False
    return _TYPE_LINE.match(line) is not None or _TYPE_END.match(line) is not None


# ---------------------------------------------------------------------------- places, via the gazetteer

# Where each field may come from, in order of trust, with the confidence a value found there gets.
SOURCES = {"title": 0.95, "header": 0.8, "body": 0.8, "body_self": 0.6, "published": 0.5, "file_name": 0.4}

# Words that may stand before the issuer at the start of a title or an opening sentence.
_LEAD = re.compile(
    r"^(?:[\s《【\[(]|关于|印发|现将|中共|中国共产党|原|政策解读|标\s*题\s*[|:]?|(?:19|20)\d{2}\s*年(?:度|以来)?\s*[,、]?|"
    r"[一二三四五六七八九〇零]{4}\s*年度?|[】\])]|[|:])*"
)
# Clauses of an opening sentence that name the issuer's superiors, not the issuer.
_SUPERIOR = re.compile(r"在[^,。;]{0,60}?(?:领导|指导|部署|监督|支持)下\s*[,]?|根据[^。]{0,80}?[,]")
_TOWNSHIP = re.compile(
    r"^([\u4e00-\u9fff]{2,6}?(?:街道|镇|乡))(?=人民政府|办事处|党委|党工委|政府|\d|[一二三四五六七八九〇零]{4}|在|坚持|以|法治|"
    r"依法|关于|年度|始终|深入|紧紧|全面|认真|聚焦|[,、:\s]|$)"
)
_NOT_TOWNSHIP = re.compile(r"^(?:全|我|本|各|该|每|乡镇|城乡|县乡|镇村|乡村|镇街|街镇)|城乡|乡镇")
_DEPARTMENT = re.compile(
    r"^(?:人民政府)?(?:办公室|办公厅|[\u4e00-\u9fff]{1,10}?(?:局|厅|委员会|办公室|委|办|部|法院|检察院))"
)
# What a report's first sentence goes on with after naming its issuer ("司法部坚持…", "市司法局在…").
_AFTER_ISSUER = (
    "坚持|在|关于|法治|,|、|认真|深入|全面|始终|以|紧紧|党组|年度"
    "|扎实|持续|不断|围绕|着力|切实|积极|统筹|大力|进一步|高度|聚焦"
)
_MINISTRY = re.compile(
    r"^(?:原)?([\u4e00-\u9fff]{2,8}?部)(?=\d|[一二三四五六七八九〇零]{4}|" + _AFTER_ISSUER + r"|发布|印发|$)"
)
_GENERIC_ISSUER = re.compile(
    r"^(?:省|市|县|区|自治区|州|旗|镇|乡|街道)(?:人民政府|政府)?(?:办公室|办公厅|[\u4e00-\u9fff]{1,8}?(?:局|厅))?"
    r"(?=\d|" + _AFTER_ISSUER + r")"
)
_SELF = re.compile(r"(?:我|本|全)(县|市|区|州|旗|镇|乡|街道|省)")
_LEVEL_OF_SELF = {
    "县": "county",
    "旗": "county",
    "市": "city_or_county",
    "区": "county_or_province",
    "州": "city",
    "镇": "township",
    "乡": "township",
    "街道": "township",
    "省": "province",
}


@dataclass(frozen=True)
class Issuer:
    """Who wrote a report, as read at one place in the text."""

    chain: PlaceChain | None  # place from the gazetteer (township included)
    written: str | None  # the place name as written ("互助县", "周庄镇")
    issuer: str | None  # the issuing body ("沛县人民政府", "司法部", "市司法局")
    source: str


# What follows a development zone's name where it is the issuer: its committee, a year, the report's words.
_AFTER_ZONE = re.compile(
    r"管理委员会|管委会|党工委|工委|人民政府|\d|[一二三四五六七八九〇零]{4}|关于|年度|法治|坚持|在|以|[,、:\s]|$"
)


def _zone_at_start(rest: str, context: str, source: str) -> Issuer | None:
    """A development zone named at the start (长沙经济技术开发区管理委员会关于…, 2024年，长沙经开区坚持…): its name as
    written is the place; the city or county it is named by (长沙: 长沙市 or 长沙县, by context) is its chain."""
    g = gazetteer()
    m = ZONE.match(rest)
    if m is None or not _AFTER_ZONE.match(rest[m.end() :]):
        return None
    name = m.group(1)
    if any(x.start == 0 and x.end == len(name) for x in g.mentions(name)):
        return None  # a division of its own (苏州工业园区, 两江新区): the gazetteer's
    lead = [x for x in g.mentions(name, short=True) if x.start == 0 and x.end < len(name)]
    chain = g.decide(lead[0].candidates, context, name) if lead else None
    body = re.match(r"管理委员会|管委会|党工委|工委", rest[m.end() :])
    return Issuer(chain, name, name + (body.group(0) if body else ""), source)


def _issuer_at_start(text: str, source: str, context: str) -> Issuer | None:
    """The issuer named at the start of ``text`` (a title, a header line, an opening sentence)."""
    g = gazetteer()
    lead = _LEAD.match(text)
    pos = lead.end() if lead else 0
    rest = text[pos:]
    zone = _zone_at_start(rest, context, source)
    if zone is not None:
        return zone
    ms = g.mentions(rest)
    chain_ms = []
    at = 0
    for m in ms:
        if m.start != at:
            break
        chain_ms.append(m)
        at = m.end
        party = re.match(r"^(?:县委|市委|区委|旗委|州委|委)[\s、]*", rest[at:])
        if party:
            # "中共沛县县委 沛县人民政府": the party committee; the government follows.
            at += party.end()
    tail = rest[at:]
    township = None
    if chain_ms or pos == 0 or lead:
        t = _TOWNSHIP.match(tail)
        if t and not _NOT_TOWNSHIP.search(t.group(1)):
            township = t.group(1)
            tail = tail[t.end() :]
    if chain_ms:
        last = chain_ms[-1]
        parents = " ".join(m.written for m in chain_ms[:-1])
        chain = g.decide(last.candidates, parents + " " + context, township)
        written = township or last.written
        dept = _DEPARTMENT.match(tail)
        party = text[:pos].find("中共")
        name = text[party if party >= 0 else pos : pos + at] + (township or "")
        gov = re.match(r"^(?:人民政府|政府|办事处|街道办事处)", tail)
        issuer = name.strip() + (gov.group(0) if gov else "")
        if dept and not gov:
            issuer = name.strip() + dept.group(0)
        elif gov:
            after = _DEPARTMENT.match(tail[gov.end() :])
            if after and after.group(0).startswith("办公"):
                issuer += after.group(0)
        return Issuer(chain, written, issuer, source)
    if township:
        gov = re.match(r"^(?:人民政府|政府|办事处|街道办事处)", tail)
        return Issuer(None, township, township + (gov.group(0) if gov else ""), source)
    m = _MINISTRY.match(rest)
    if m:
        return Issuer(None, None, m.group(1), source)
    m = _GENERIC_ISSUER.match(rest)
    if m and len(m.group(0)) >= 2:
        return Issuer(None, None, m.group(0), source)
    return None


def _opening_sentences(lines: list[str], n: int = 3) -> list[str]:
    """The first sentences of the body, addressee lines ("县委、县政府:") left out."""
    out: list[str] = []
    for line in lines:
        if heading_family(line) in ("cn", "chapter"):
            break
        if re.search(r"[:]$", line) and len(line) < 40:
            continue  # an addressee: names the superiors
        if len(line) < 40 and not re.search(r"[。;!?,]", line):
            continue  # a page line (breadcrumb, date, cover-page line), not a sentence
        for sent in re.split(r"(?<=[。;!?])", line):
            if sent.strip():
                out.append(sent.strip())
        if len(out) >= n:
            break
    return out[:n]


def _without_superiors(sentence: str) -> str:
    return _SUPERIOR.sub("", sentence)


def _county_in(text: str, township: str) -> PlaceChain | None:
    """The county-level unit a township report names in passing (its site name, addressee, context)."""
    g = gazetteer()
    for m in g.mentions(text):
        if m.candidates[0].level == "county":
            return g.decide(m.candidates, text, township)  # an ambiguous county keeps its candidates
    return None


def _self_level(lines: list[str]) -> str | None:
    counts = Counter(m.group(1) for ln in lines for m in _SELF.finditer(ln) if m.group(0)[0] in "我本")
    return counts.most_common(1)[0][0] if counts else None


def _dominant_place(lines: list[str], suffix: str | None) -> Mention | None:
    """A body that says 我市 and names one place with that suffix far more than any other."""
    if not suffix:
        return None
    counts: Counter = Counter()
    first: dict[str, Mention] = {}
    for ln in lines:
        for m in gazetteer().mentions(ln):
            if m.written.endswith(suffix):
                counts[m.written] += 1
                first.setdefault(m.written, m)
    if not counts:
        return None
    (top, n), *rest = counts.most_common(2) + [(None, 0)]
    runner_up = rest[0][1] if rest else 0
    if n >= 2 and n >= 2 * runner_up:
        return first[top]
    return None


def find_place(
    title: str | None, header: list[str], opening: list[str], lines: list[str], doc_id: str | None
) -> Issuer | None:
    """The report's issuer and place, from the first source that names one (title → header → body → file name)."""
    g = gazetteer()
    context = "\n".join(header + ([title] if title else []) + opening + lines[:60])
    found: Issuer | None = None
    if title:
        found = _issuer_at_start(title, "title", context)
    if found is None or found.chain is None and found.written is None:
        for sent in opening[:1] + [s for s in opening[1:3] if "现将" in s]:
            hit = _issuer_at_start(_without_superiors(sent), "body", context)
            if hit is not None and (found is None or hit.chain or hit.written):
                if found is not None and found.issuer and not hit.issuer:
                    hit = Issuer(hit.chain, hit.written, found.issuer, hit.source)
                found = hit if hit.chain or hit.written or found is None else found
                if hit.chain or hit.written:
                    break
    if found is not None and (found.chain or found.written) and found.chain is not None:
        return found
    # Township issuers: the county comes from context (site name, addressee, passing mentions).
    if found is not None and found.written and found.chain is None:
        chain = _county_in("\n".join(header + opening + lines[:40]), found.written) or PlaceChain(
            township=found.written
        )
        return Issuer(chain, found.written, found.issuer, found.source)
    if found is not None and found.issuer and found.issuer.endswith("部"):
        return found  # a ministry: no place, whatever site re-posted it
    # Headers: breadcrumbs, site names ("赵县人民政府网", "首页 > 赵县人民政府 > …").
    level = _self_level(opening + lines[:30])
    for line in header:
        if re.match(r"^\s*(?:来源|信息来源|文章来源)", line):
            continue
        for m in g.mentions(line):
            if level in ("县", "旗") and m.candidates[0].level != "county":
                continue
            if level == "省" and m.candidates[0].level != "province":
                continue
            chain = g.decide(m.candidates, context)
            issuer = found.issuer if found else None
            if issuer and re.match(r"^(?:省|市|县|区|自治区)", issuer):
                issuer = m.written + issuer[1:] if issuer[0] in "省市县区" else issuer
            return Issuer(
                chain, m.written, issuer or (m.written + "人民政府" if "人民政府" in line else None), "header"
            )
    # The body refers to itself (我市) and one place with that suffix dominates.
    dom = _dominant_place(lines, level)
    if dom is not None:
        return Issuer(g.decide(dom.candidates, context), dom.written, found.issuer if found else None, "body_self")
    if found is not None and found.issuer and not found.issuer.endswith("部"):
        # "省司法厅", "市政府办公室": the one place of that level the report names most.
        level = "自治区" if found.issuer.startswith("自治区") else found.issuer[0]
        counts = Counter(m.written for ln in header + lines[:80] for m in g.mentions(ln) if m.written.endswith(level))
        top = counts.most_common(2)
        if top and (len(top) == 1 or top[0][1] > top[1][1]):
            m = next(m for ln in header + lines[:80] for m in g.mentions(ln) if m.written == top[0][0])
            issuer = m.written + found.issuer[len(level) :]  # 省司法厅 → 山东省司法厅
            return Issuer(g.decide(m.candidates, context), m.written, issuer, "body_self")
    # A name the gazetteer lacks (a division newer or older than its data, a renamed county): the
    # title's own place by its suffix, kept without a chain.
    lead = _LEAD.match(title).end() if title else 0
    unlisted = (
        [r for r in regions_in(title) if title.find(r) == lead and r[0] not in "在为对于从向到据按"] if title else []
    )
    if unlisted:
        return Issuer(PlaceChain(), unlisted[0], found.issuer if found else None, "title")
    if found is not None:
        return found  # an issuer that is no place (司法部), or a generic one (市司法局)
    if doc_id:
        ms = g.mentions(doc_id)
        if ms:
            return Issuer(g.decide(ms[0].candidates, context), ms[0].written, None, "file_name")
    return None


# ---------------------------------------------------------------------------- year and type

_CN_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0", "○": "0", "O": "0"}
_CN_YEAR = re.compile(r"([一二〇零○][〇零○一二三四五六七八九]{3})\s*年")


def _year_in(text: str) -> int | None:
    m = re.search(_YEAR + r"\s*年", text)
    if m:
        return int(m.group(1))
    m = _CN_YEAR.search(text)
    if m:
        y = int("".join(_CN_DIGITS.get(c, "") for c in m.group(1)) or 0)
        if 1990 <= y <= 2100:
            return y
    return None


_OPENING_YEAR = re.compile(r"^\s*" + _YEAR + r"\s*年(?:度|以来)?\s*[,、]")
_SELF_REPORT = re.compile(_YEAR + r"\s*年度?[^。]{0,30}?(?:报告|总结|要点|情况|思路)[^。]{0,6}如下")
_PLAN_HEADING = re.compile(r"打算|安排|计划|思路|展望|下一步|要点")


def find_year(
    title: str | None, opening: list[str], lines: list[str], published: str | None, doc_type: str, doc_id: str | None
) -> tuple[int | None, str | None]:
    if title:
        y = _year_in(title)
        if y:
            return y, "title"
    for sent in opening[:3]:
        m = _OPENING_YEAR.match(sent) or _SELF_REPORT.search(sent)
        if m:
            return int(m.group(1)), "body"
    for line in lines[:15]:
        m = _SELF_REPORT.search(line)
        if m:
            return int(m.group(1)), "body"
    # The first numbered heading of a report: "一、2022年法治政府建设的主要举措" (not a plan heading).
    for line in lines[:40]:
        if heading_family(line) == "cn":
            y = _year_in(line)
            if y and not _PLAN_HEADING.search(line):
                return y, "body"
            break
    if published:
        y = int(published[:4])
        # An annual report comes out early the next year; a work plan in the year it plans.
        return (y - 1 if doc_type == "年度报告" else y), "published"
    if doc_id:
        m = re.search(r"(?<!\d)((?:19|20)\d{2})(?!\d)", doc_id)
        if m:
            return int(m.group(1)), "file_name"
    return None, None


_RESULTS = re.compile(r"述法|报告|总结|情况")
_TARGETS = re.compile(r"要点|计划|安排")
# A body that narrates a year gone by: "2019年,…全面贯彻…", "现将…情况报告如下".
_NARRATES = re.compile(
    r"^\s*(?:(?:19|20)\d{2}\s*年(?:度|以来)?\s*[,、]|[^。]{0,40}(?:一年来|过去一年|全年))|(?:情况|工作)?(?:报告|总结)如下"
)
_PLANS = re.compile(
    r"制定本(?:要点|计划|安排)|工作要点如下|(?:19|20)\d{2}\s*年[^。]{0,20}(?:工作要点|主要任务|工作安排)[:]?$"
)


def find_doc_type(title: str | None, opening: list[str], lines: list[str]) -> tuple[str, str | None]:
    if title:
        if "解读" in title:
            return "其他", "title"
        results, targets = _RESULTS.search(title), _TARGETS.search(title)
        if results and (not targets or results.start() < targets.start()):
            return "年度报告", "title"
        if targets:
            return "工作要点", "title"
        if "方案" in title:
            return "其他", "title"
    if any(_NARRATES.search(s) for s in opening[:3]):
        return "年度报告", "body"
    first = next((ln for ln in lines[:40] if heading_family(ln) == "cn"), None)
    if first and re.search(r"(?:19|20)\d{2}\s*年", first) and re.search(r"举措|成效|主要工作|情况|进展", first):
        return "年度报告", "body"  # "一、2023年法治政府建设主要举措和成效"
    head = "\n".join(lines[:15])
    if re.search(r"工作要点", head) or any(_PLANS.search(s) for s in opening[:3]):
        return "工作要点", "body"
    if re.search(r"报告如下", head):
        return "年度报告", "body"
    return "其他", None


def derived_title(place: str | None, year: int | None, doc_type: str) -> str | None:
    """A title for a report that has none: issuer + year + type ("梅河口市2019年法治政府建设情况报告")."""
    if place is None and year is None:
        return None
    kind = {"年度报告": "法治政府建设情况报告", "工作要点": "法治政府建设工作要点"}.get(doc_type, "法治政府建设")
    return f"{place or ''}{f'{year}年' if year else ''}{kind}"


def _published_match(norm: str) -> re.Match | None:
    """The page's publication date near the top (a labelled one first), when it is a real date."""
    head = norm[:3000]
    m = _DATE_LABELLED.search(head) or _DATE_BARE.search(head)
    if not m:
        return None
    _, mo, d = (int(g) for g in m.groups()[:3])
    return m if 1 <= mo <= 12 and 1 <= d <= 31 else None


def find_published(norm: str) -> str | None:
    m = _published_match(norm)
    if m is None:
        return None
    y, mo, d = (int(g) for g in m.groups()[:3])
    return f"{y:04d}-{mo:02d}-{d:02d}"


def published_span(norm: str) -> tuple[int, int] | None:
    """(start, end) of the date ``find_published`` reads, from its year to its day (qa/reading/page.py cites it)."""
    m = _published_match(norm)
    return (m.start(1), m.end(3)) if m else None


def _header_lines(norm: str, title: str | None) -> list[str]:
    """Page lines above the report (site name, breadcrumbs, 发布机构…): up to the title or the first sentence."""
    out = []
    for line in norm[:2500].split("\n"):
        s = line.strip()
        if not s:
            continue
        if title and s.startswith(title[:12]):
            break
        if len(s) > 60 or "。" in s:
            break  # the first sentence of the report
        out.append(s)
        if len(out) >= 20:
            break
    return out


def extract(norm: str, body: list[tuple[int, int]] | None = None, doc_id: str | None = None) -> DocumentMeta:
    """Metadata of a report from its normalised text (and, if known, its body spans and file name)."""
    lines = _lines(norm, body)
    title, ti = find_title(lines)
    after_title = lines[ti + 1 :] if ti is not None else lines
    opening = _opening_sentences(after_title)
    header = _header_lines(norm, title)
    sources: dict[str, str] = {}
    place = find_place(title, header, opening, lines, doc_id)
    doc_type, type_source = find_doc_type(title, opening, lines)
    published = find_published(norm)
    year, year_source = find_year(title, opening, lines, published, doc_type, doc_id)
    chain = place.chain if place else None
    region = place.written if place else None
    if chain is not None and place.source == "header" and chain.county is None and chain.city is None:
        region = chain.province or region
    if place is not None and (region or place.issuer):
        sources["region"] = place.source
    if year is not None:
        sources["year"] = year_source
    if type_source:
        sources["doc_type"] = type_source
    derived = False
    if title is None:
        title = derived_title(region or (place.issuer if place else None), year, doc_type)
        derived = title is not None
    if title is not None:
        sources["title"] = "derived" if derived else "title"
    if published:
        sources["published"] = "header"
    confidence = {k: SOURCES.get(v, 0.9 if v == "title" else 0.7) for k, v in sources.items()}
    if region and chain is not None and not chain.code and not chain.township and not chain.candidates:
        confidence["region"] = 0.5  # a name the gazetteer does not know
    if chain is not None and chain.ambiguous:
        confidence["region"] = round(confidence.get("region", 0.5) / 2, 2)
    return DocumentMeta(
        title=title,
        region=region,
        year=year,
        doc_type=doc_type,
        published=published,
        province=chain.province if chain else None,
        city=chain.city if chain else None,
        county=chain.county if chain else None,
        township=chain.township if chain else None,
        division_code=chain.code if chain else None,
        issuer=place.issuer if place else None,
        region_candidates=chain.candidates if chain else (),
        title_derived=derived,
        sources=sources,
        confidence=confidence,
    )
