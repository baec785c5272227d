"""Question analysis pieces: cleaning, the regions and years a question names, its kind.

Everything but ``clean`` takes the question already normalised: ``qa.retrieval.query.analyse``
normalises it once and calls these.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, get_args

from qa.ingest.gazetteer import ETHNIC_AUTONOMY, ZONE_SHORT
from qa.text.tokenization import pos_tags


class QuestionError(ValueError):
    """A question that cannot be asked (empty, too long); str is a one-line message."""


# Controls, zero-width marks and lone surrogates (invalid UTF-8 arguments arrive as those).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u2028\u2029\ufeff\ud800-\udfff]")


def clean(question: object, max_chars: int = 1000) -> str:
    """The question as text to search with: control characters out, whitespace collapsed."""
    if not isinstance(question, str):
        raise QuestionError(f"the question must be text, not {type(question).__name__}")
    q = re.sub(r"\s+", " ", _CONTROL.sub(" ", question)).strip()
    if not q:
        raise QuestionError("the question is empty")
    if len(q) > max_chars:
        raise QuestionError(f"the question is {len(q)} characters long; the limit is {max_chars}")
    return q


# Suffixes dropped to get the short name people use: 元氏县 → 元氏, 瀍河回族区 → 瀍河.
_SUFFIXES = (
    "壮族自治区",  # 广西壮族自治区 → 广西; a province's report is asked as 青海, 广西
    "回族自治区",
    "维吾尔自治区",
    "自治区",
    "省",
    "土族自治县",
    "回族自治县",
    "自治县",
    "自治州",
    "自治旗",
    "回族区",
    "新区",
    "县",
    "市",
    "区",
    "州",
    "盟",
    "旗",
)
_YEAR = re.compile(r"(?<![\d〔［\[【])((?:19|20)\d{2})\s*年?")  # not a document number's 〔2016〕

AreaRole = Literal["within", "outside", "describes"]
_LEVEL = r"(?:省|市|自治区|地区)?"


def area_role(question: str, area: str, places: tuple[str, ...] = (), areas: tuple[str, ...] = ()) -> AreaRole:
    """How a question names a province or city (``area``, short: 河北): the reports asked about lie ``within``
    it ("吉林省内", "湖南其他县市", "青海这个县"), ``outside`` it ("河北省以外的地方", "除了河北，其他…"), or it
    ``describes`` the place named right after it, one of ``places`` ("除了河北的元氏县", "吉林梅河口"), maybe
    through a city among ``areas`` ("河南洛阳的瀍河区"): that place decides, the area adds nothing."""
    a = re.escape(area)
    through = f"(?:(?:{'|'.join(map(re.escape, areas))}){_LEVEL}的?)?" if areas else ""
    if places and re.search(rf"{a}{_LEVEL}的?{through}(?:{'|'.join(map(re.escape, places))})", question):
        return "describes"
    if re.search(rf"{a}{_LEVEL}(?:以外|之外)|除了?{a}{_LEVEL}(?:外|[,，、]|其他|其它|别的|还|的?各)", question):
        return "outside"
    return "within"


def short_names(region: str) -> list[str]:
    """Ways a question may name ``region``: the full name and, if still distinctive, without suffix; a development
    zone also by its kind's short name (长沙经济技术开发区: 长沙经开区)."""
    names = [region]
    for kind, short in ZONE_SHORT.items():
        if region.endswith(kind) and len(region) > len(kind):
            return [region, region[: -len(kind)] + short]
    for suffix in _SUFFIXES:
        if region.endswith(suffix) and len(region) - len(suffix) >= 2:
            names.append(region[: -len(suffix)])
            break
    m = ETHNIC_AUTONOMY.match(region)  # 长阳土家族自治县 is also written 长阳县 and 长阳
    if m:
        names += [n for n in (m.group(1) + m.group(2), m.group(1)) if n not in names]
    return names


def spoken_names(norm_question: str, region: str) -> list[str]:
    """The names of ``region`` as the question writes them: a short name with the suffix the asker
    gave it (瀍河区 for 瀍河回族区), which the tokenizer may cut into pieces that are no content (河区)."""
    names = short_names(region)
    said = [m.group(0) for n in names[1:] for m in re.finditer(re.escape(n) + "[省市县区州旗盟]", norm_question)]
    return list(dict.fromkeys(names + said))


@dataclass(frozen=True)
class Mentions:
    regions: tuple[str, ...]  # corpus regions the question names, in order of appearance
    years: tuple[int, ...]  # years the question names (whether or not the corpus has them)


def find_mentions(q: str, known_regions: set[str] | frozenset[str]) -> Mentions:
    """The known regions and the years a normalised question names."""
    found: list[tuple[int, int, str]] = []
    for region in known_regions:
        for name in short_names(region):
            pos = q.find(name)
            if pos >= 0:
                found.append((pos, pos + len(name), region))
                break
    # A short name inside a longer found one (长沙 of 长沙县 in 长沙经开区) is not a second region.
    regions = []
    for pos, end, region in sorted(found):
        inside = any(p <= pos and end <= e and e - p > end - pos for p, e, _ in found)
        if region not in regions and not inside:
            regions.append(region)
    years = tuple(dict.fromkeys(int(m.group(1)) for m in _YEAR.finditer(q)))
    return Mentions(tuple(regions), years)


# ------------------------------------------------------------------ question types

# Measure words that follow a count in these reports.
UNITS = "件项个人次回场家名位条户份期篇部所批起元台套辆处宗块本册栋座支队卷天余万亿"
# "哪几家公司" asks which, not how many.
_COUNT = re.compile(rf"多少|(?<!哪)几[{UNITS}]|几[十百千万]|数量|数目|总数|总量|规模")
# A proportion asked, said 1.77∶1: "复议与诉讼案件之比", "复议诉讼比是多少" (not "占比", "相比")
ASKS_PROPORTION = re.compile(r"之比|(?<![占对相])比值?(?:是|为|达到?)?多少")
_RATIO = re.compile(
    r"比例|比率|百分之|百分比|占比|权重|比重|分量|率是|率为|率达|多少率|(?:覆盖|出庭应诉|办结|满意|合格|纠错|结案|调解成功|上线|公开)率"
    r"|率[^，,。？?]{0,6}(?:多少|几成|多高)"  # 听证率要达到多少
    rf"|率[^，,。？?]{{7,10}}(?:多少|多高)(?![{UNITS}])"  # 败诉率的目标是控制在多少 (not 多少件)
    rf"|占(?:了|到|据)?(?:多少|几成)(?![{UNITS}])"  # "柔性处理的占多少", "占到多少": a share; "占几个" counts
    r"|几成(?!立|为|员|功|果|效|就|本|熟|交|绩|年)"  # "输了几成", "有几成调成了": a share (not 几成立)
    rf"|{ASKS_PROPORTION.pattern}"
)
# How long and how large, asked without a measure word: a time limit, in days (qa/reading/spans.unit_hint) — not
# "多久发布一次" (how often), nor "多长时间能办下来" (a sentence says it); an area, in square metres.
ASKS_TIME_LIMIT = re.compile(r"(?:多长时间|多久|多少时间)以?内")
ASKS_AREA = re.compile(r"面积[^，,。？?]{0,3}多大|多大[^，,。？?]{0,2}面积|面积[^，,。？?]{0,3}多少")
# A count asked without 多少: a time limit, an area, the size of a change ("变化幅度多大", "是多了还是少了":
# qa/reading/spans.asks_change reads it).
_CHANGE_SIZE = re.compile(
    rf"{ASKS_TIME_LIMIT.pattern}|{ASKS_AREA.pattern}"
    r"|幅度|变化(?:了|有)?多大|(?:多了|增加|增长|上升|提高)还是(?:少了|减少|下降|降低)"
)
_DATE = re.compile(r"何时|什么时候|哪一?年|哪一?天|几月|哪个月|日期|时间是|什么时间|哪一?日")
# Who holds an office: "怀化市市长是谁" wants a name (qa/reading/persons.py).
_TITLE = r"(?:[省市县区镇乡]委)?(?:常务)?副?(?:书记|[省市县区镇乡局院厅]长|主席)"
_WHICH_PERSON = re.compile(
    rf"({_TITLE})(?:是谁|叫什么|叫啥|姓什么|的名字|的姓名|是哪位)|谁(?:是|任|担任)[^，,。？?]{{0,8}}?({_TITLE})"
)
# Which office is responsible: work plans name it after each item, "(牵头单位:县司法局…)".
_WHICH_UNIT = re.compile(
    r"(?:哪个|哪些|什么|哪一?家|哪[几两二三四五][个家])(?:单位|部门|机关)|谁(?:牵头|负责)|由谁|(?:牵头|责任)(?:单位|部门)"
)
_WHICH_PLACE = re.compile(
    r"哪些(?:地方|县|市|区|地区|乡镇|镇|乡|村|街道)|哪一?个(?:县|市|区|地方|地区|乡镇|镇|乡|村|街道|社区)|哪里|哪儿|哪地"
)
_ACROSS = re.compile(
    r"哪些地方|各地|各县|各市|其他(?:县|市|区|地方)|对比|比较|不同地方|哪些(?:县|市|区|地区)|都[是有]?怎么|几个地方"
)
_EACH = ("各地", "各县", "各市")  # of the one place a question names, these are its own parts
# "分别" asks across places unless the question names one ("梅河口市…市树和市花分别是什么": both there).
_RESPECTIVELY = re.compile(r"分别")
_HOW = re.compile(r"怎么|怎样|如何|做法|措施|举措|经验|办法|路径|方式|做了什么|采取了|哪些|什么工作|情况")
_FOLLOW_UP = re.compile(r"^(?:那|那么|这|还有|另外|再问|同样)|呢[?？]?$")

# "文号是多少" asks for a document number, not a count
_NUMBER_ASKED = re.compile(r"(?:文号|字号|发文编号|文件编号)[^，,。？?]{0,3}?(?:多少|几号)")
# First match wins: "哪些地方…率" is a list question before it is a ratio question.
_TYPE_RULES = (
    (_ACROSS, "list"),
    (_RESPECTIVELY, "list"),
    (_NUMBER_ASKED, "fact"),
    (_RATIO, "ratio"),
    (_COUNT, "count"),
    (_CHANGE_SIZE, "count"),
    (_DATE, "date"),
    (_WHICH_PERSON, "which_person"),
    (_WHICH_UNIT, "which_unit"),
    (_WHICH_PLACE, "which_place"),
    (_HOW, "descriptive"),
)
QuestionKind = Literal[
    "list", "ratio", "count", "date", "which_person", "which_unit", "which_place", "descriptive", "fact"
]
QUESTION_TYPES: tuple[QuestionKind, ...] = get_args(QuestionKind)


# Questions that want the names of things ("哪家律师事务所", "那4家中介机构都叫什么名字", "2个乡镇具体是哪两个").
_NUMERAL = r"[\d一二两三四五六七八九十几]"
_CLASSIFIER = UNITS + "张"
_ASKS_NAMES = re.compile(
    rf"(?:都|分别|具体|各自)?(?:叫什么|叫啥|是什么名字|的名字|的名称|名称是什么|的全称|全称是什么|是哪(?:一|{_NUMERAL}+)?[{_CLASSIFIER}]"
    rf"|分别是哪|具体是哪)"
    rf"|哪{_NUMERAL}*[{_CLASSIFIER}]"
)


_QUOTE_MARKS = "“”‘’\"'「」"
# The nouns of documents, whose names are their 《titles》 (jieba may tag 清单 an adjective: read by its ending).
DOCUMENT_NOUNS = tuple("文件 办法 规定 制度 方案 意见 条例 通知 规划 细则 规则 清单 指引".split())


def _nouns(tags) -> list[str]:
    """The words of the leading run of nouns (jieba n*, j) in ``tags``."""
    run = []
    for word, flag in tags:
        if not (flag.startswith("n") or flag == "j"):
            break
        run.append(word)
    return run


def asked_names(q: str) -> tuple[str, ...]:
    """The nouns whose names a normalised question asks for: 律师事务所 in "选聘的是哪家律师事务所",
    中介机构 in "那4家中介机构都叫什么名字"; the noun right before or after the asking words."""
    out: list[str] = []
    for m in _ASKS_NAMES.finditer(q):
        before = pos_tags(q[max(0, m.start() - 12) : m.start()].rstrip(_QUOTE_MARKS)) if m.start() else ()
        after = pos_tags(q[m.end() : m.end() + 12].lstrip(_QUOTE_MARKS)) if m.end() < len(q) else ()
        for words in (_nouns(reversed(before))[::-1], _nouns(after)):
            if len("".join(words)) >= 2:
                out.append("".join(words))
        out += [d for d in DOCUMENT_NOUNS if q[: m.start()].endswith(d) and d not in out]
    return tuple(dict.fromkeys(out))


# "哪两个局", "哪几家公司", "哪些乡镇": the names of several things of a kind, as a list.
_ENUMERATED = re.compile(rf"哪(些|几|两|[二三四五六七八九十]|\d+)[{_CLASSIFIER}]?")
_HOW_MANY = {"一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
# What 哪些 names as a list (places, offices, companies); "哪些措施" asks for sentences.
# The last characters of names of offices, companies and places (…局, …公司, …镇).
NAME_SUFFIXES = "局所院委办室司队站厅馆部乡镇县市区村"
_NAMED_ENDS = tuple(NAME_SUFFIXES) + ("单位", "部门", "机构", "机关", "企业", "银行")


def enumerated(q: str) -> tuple[str, int | None] | None:
    """The noun a normalised question asks several names of, and how many it says (None for 几/些):
    ("局", 2) for "新设立了哪两个局", ("乡镇", None) for "哪些乡镇被评为…"; None when it asks none."""
    for m in _ENUMERATED.finditer(q):
        # "哪些部门": 部 begins the noun, it is no classifier ("哪几部法规": it is); read it as either.
        for end in dict.fromkeys((m.end(), m.end(1))):
            found = _enumerated_at(q, m.start(), end, m.group(1))
            if found is not None:
                return found
    return None


def _enumerated_at(q: str, start: int, end: int, said: str) -> tuple[str, int | None] | None:
    after = _nouns(pos_tags(q[end : end + 10].lstrip(_QUOTE_MARKS))) if end < len(q) else []
    lead = re.sub(r"(?:具体|分别|都|各自|是|为)+$", "", q[max(0, start - 12) : start])
    before = _nouns(reversed(pos_tags(lead)))[::-1] if lead else []
    # The head noun ("哪几个政府部门" → 部门); "2个乡镇具体是哪两个": the noun before.
    noun = after[:2][-1] if after else (before[-1] if before else "")
    if not noun or (said == "些" and not noun.endswith(_NAMED_ENDS)):
        return None
    return noun, int(said) if said.isdigit() else _HOW_MANY.get(said)


# "“三集”具体指的是什么", "“721”工作法是什么意思": what a quoted name stands for.
_DEFINES = re.compile(r"指(?:的是)?(?:什么|哪)|是什么意思|什么含义|含义是|具体是什么|各指|代表(?:的是)?(?:什么|哪)")
_QUOTED = re.compile(r"[“\"]([^”\"“]{1,16})[”\"]")


# "“五落实”是哪五个方面", "“三统一”包括哪些": the members of a numbered name (qa/reading/spans.definition).
# Not "是哪个单位带头的": one thing asked, not the members. A verb may stand between ("是落实哪五个方面").
_MEMBERS = re.compile(
    r"(?:是|包括|包含|有|分别是|都是)[\u4e00-\u9fff]{0,2}?哪(?:(?:[几两二三四五六七八九十]|\d+)(?:个|项|方面|块|种|条|样)|些)"
)


def named_count(name: str) -> int | None:
    """How many things a numbered name stands for: 三统一 → 3, 五落实 → 5, 1211 (一平台、两抓手、一带动、一考核) → 4;
    None for a name that is not numbered."""
    if name[:1] in _HOW_MANY:
        return _HOW_MANY[name[0]]
    digits = re.match(r"\d+", name)
    return len(digits.group(0)) if digits and len(digits.group(0)) >= 2 else None


def defined_term(q: str) -> str | None:
    """The quoted name whose meaning a normalised question asks ("“三集”具体指的是什么" → 三集), or whose members
    it asks when the name is numbered ("“五落实”是哪五个方面" → 五落实)."""
    m = _DEFINES.search(q)
    if m:
        quoted = _QUOTED.findall(q[: m.start()])
        return quoted[-1] if quoted else None
    m = _MEMBERS.search(q)
    quoted = _QUOTED.findall(q[: m.start()]) if m else []
    return quoted[-1] if quoted and named_count(quoted[-1]) is not None else None


def quoted_names(q: str) -> tuple[str, ...]:
    """The names a normalised question puts in quotation marks (“市长热线”, “湘易办”), two characters or more."""
    return tuple(x for x in _QUOTED.findall(q) if len(x.strip()) >= 2)


def asked_title(q: str) -> str | None:
    """The office whose holder a normalised question asks for: 市长 in "怀化市市长是谁?"."""
    m = _WHICH_PERSON.search(q)
    return (m.group(1) or m.group(2)) if m else None


# When the report itself was signed or issued (qa/reading/dated.py reads the date line).
_SIGNED = re.compile(r"落款|成文|签发|印发|发文|签署")
_THE_REPORT = re.compile(r"报告|要点|通知|这份|本文|该文|落款")


# What the web page says of the report itself: when it was put up and by whom ("报告是哪天发布的",
# "信息来源是哪个单位"); not what the report says of something else ("报告中经费的来源").
_REPORT = r"(?:报告|要点|通知|这份|本文|该文|文章|网页|页面)"
_PUBLISHED = re.compile(
    rf"{_REPORT}(?:是|在|于|的)?(?:哪一?天|哪日|什么时候|何时|几号|几月几[日号])?(?:在网上|在网站上?)?"
    r"(?:发布|公布|挂网|上网)"
    # "报告在网站上是哪天发布的", "报告是哪天挂到网上的": the words in another order; not "报告里提到的…"
    rf"|{_REPORT}(?:(?![中里内提说讲])[^，,。；;？?]){{0,10}}?(?:发布|公布|(?:挂|放|贴|传)(?:到|在|上)网)"
)
_SOURCE = re.compile(
    rf"信息来源|文章来源|{_REPORT}的?来源|发布机构|发布单位|(?:哪个|什么)(?:单位|部门|机构)(?:发布|公布)|谁(?:发布|公布)"
)


# The document number of the report itself ("工作要点的文号是多少", "发文字号"), as a 通知 that issues it carries.
_NUMBER = re.compile(r"文号|字号|发文编号|文件编号")


def asks_page_fact(q: str, kind: str) -> str | None:
    """ "published", "source" or "number" when a normalised question asks for the page's date or source, or the
    document number, of the report itself (not of a document it names), else None."""
    if "《" in q or not _THE_REPORT.search(q):
        return None
    if _NUMBER.search(q):
        return "number"
    if _SOURCE.search(q):
        return "source"
    if kind == "date" and _PUBLISHED.search(q):
        return "published"
    return None


# Two questions in one ("一共有多少名法律顾问？其中公职律师有几名？", "办了多少件，纠错了几起?"): each part asks.
# "那几支队伍", "这几年": a demonstrative and 几 point back at what is named; they ask no number (POINTING_BACK is
# what spans.unit_hint takes out, _ASK's lookbehind the same words).
POINTING_BACK = re.compile(r"[这那]几")
_ASK = r"多少|(?<![这那])几|什么|哪|谁|怎么|如何|是否"
_ASKING = re.compile(_ASK)
_PART_BREAK = re.compile(rf"[？?；;]+|[，,](?=[^，,？?；;]*(?:{_ASK}))")
_IN_QUOTES = re.compile(r"“[^”]*”|「[^」]*」|\"[^\"]*\"")


def compound_parts(q: str) -> list[str]:
    """The questions a normalised question asks one after another, each of them asking (an interrogative outside
    quotation marks); the question alone when it asks one thing ("2018年以来，办了多少件?", "“管什么”的清单，一共
    列了多少项?")."""
    parts = [p.strip(" ，,") for p in _PART_BREAK.split(q)]
    parts = [p for p in parts if p]
    if len(parts) < 2 or not all(_ASKING.search(_IN_QUOTES.sub("", p)) for p in parts):
        return [q]
    return parts


# How a thing was done ("怎么推行", "有哪些做法"), not what is still lacking ("存在什么问题"): the 存在的不足
# sections of annual reports name the topic as often as what was done, and answer only the latter kind of question.
_ASKS_MEASURES = re.compile(r"怎么|怎样|如何|做法|措施|举措|经验|办法|采取|做了")
_ASKS_SHORTCOMINGS = re.compile(r"问题|不足|困难|短板|差距|薄弱|欠缺|不到位|不够|难点|瓶颈|缺点|教训")


def asks_measures_only(q: str) -> bool:
    """Whether a normalised question asks what was done about something and not what is lacking in it."""
    return bool(_ASKS_MEASURES.search(q)) and not _ASKS_SHORTCOMINGS.search(q)


def asks_signature_date(q: str) -> bool:
    """Whether a normalised (date) question asks when the report itself was signed or issued, not a
    document it names (《…》印发的时间 is that document's)."""
    return bool(_SIGNED.search(q) and _THE_REPORT.search(q)) and "《" not in q


def question_type(q: str, one_place: bool = False) -> QuestionKind:
    """The kind of answer a normalised question wants; decides which span the reader cuts.
    ``one_place``: the question names one report's place, so 分别 is within it."""
    # "绵阳市各县（市、区）…哪天前公开": 各县 of the one place named is within it, not across the reports
    within = one_place and all(m.group(0) in _EACH for m in _ACROSS.finditer(q))
    rules = (r for r in _TYPE_RULES if not (one_place and r[0] is _RESPECTIVELY) and not (within and r[0] is _ACROSS))
    return next((kind for pattern, kind in rules if pattern.search(q)), "fact")


def is_follow_up(q: str) -> bool:
    """Whether a normalised question reads as a follow-up (那…呢)."""
    return bool(_FOLLOW_UP.search(q.strip()))
