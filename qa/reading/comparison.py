"""Comparison across reports: "how did other places do X?" → what each report says about X.

The question is split into a topic (the field's terms of art: 行政复议), facets (generic
modifiers that rank within the topic: 体制改革, 规范化, 质效) and specific words (rare in Chinese at
large: 组长, 列席, 绩效考核), which pick the reports when the topic is in all of them. Every report
whose text holds the topic is read in full — all of its chunks, not only the globally best
passages — and gives one item: its best 2–4 sentences about the topic (measures, figures with
units, and for work plans the targets), each labelled 成效 or 计划 by the section it sits in. A
report's text is searched once per question with ``str.find``, so a comparison over 1,000 reports
stays well under a second.

Every sentence is a slice of its chunk's text, so every piece is verbatim by construction.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import accumulate
from typing import Callable, Iterable, Sequence

import numpy as np

from qa.document import Chunk, DocumentMeta, Hit, report_key
from qa.ingest.chunking import sentence_spans
from qa.ingest.gazetteer import Division, areas_named, in_area, short_area
from qa.ingest.sections import is_plan_section, is_problem_section
from qa.reading import dating
from qa.reading import spans as span_patterns
from qa.reading.gate import holds
from qa.reading.relevance import FEATURES, MAX_POOL, SentenceRelevance
from qa.reading.sentences import match_terms, unquoted
from qa.retrieval.query import RATE, Terms, frame_words
from qa.retrieval.question import UNITS
from qa.settings import Settings
from qa.text.normalization import normalize
from qa.text.specificity import common_words
from qa.text.tokenization import pos_tags

# Generic modifiers: they say which aspect of a topic is asked, not which topic. A term of art
# that ends in one (行政复议体制改革, 包容审慎监管) is split into its topic and this facet. 清理 is an action
# done to many topics (证明事项, 规范性文件): a facet too.
GENERIC = (
    "体制改革",
    "制度改革",
    "改革",
    "规范化建设",
    "规范化",
    "标准化",
    "质效",
    "质量",
    "效能",
    "水平",
    "能力",
    "建设",
    "工作",
    "制度",
    "机制",
    "体系",
    "程序",
    "情况",
    "案件",
    "监管",
    "执法",
    "清理",
)
# Words of a question that are never content: how it asks, not what.
_ASKING = re.compile(
    r"其他|其它|别的|兄弟|各地|各县|各市|各个|各|哪些|哪个|哪里|什么|怎么|怎样|如何|是否|有没有|做法|经验|措施|举措"
    r"|情况|对比|比较|分别|地方|县市|县区|市县|地区|外地|全省|省内|推进|推动|开展|落实|提到|有|的|了|在|和|与|或"
    r"|还有|也|吗|除了|会不会|不会"
)
MEASURE = re.compile(
    r"建立|推行|设立|开展|印发|出台|制定|成立|健全|完善|建成|实行|实施|创新|组织|办理|召开|聘请|选聘|落实|推进|打造|开通|评查|审查|培训|办结|受理"
)
# A figure with its unit: 244件, 28.42%, 9名, 1家, 3次.
# The counters of the question analysis (件, 本, 宗…), not a list of this module's own: 14415本 is a figure.
_COUNTERS = UNITS.replace("余", "").replace("万", "").replace("亿", "")
FIGURE = re.compile(
    rf"(?:(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?\s*(?:余|多)?\s*(?:万|亿)?\s*(?:余|多)?\s*"
    rf"(?:人次|场次|万元|亿元|个工作日|学时|课时|小时|[%％{_COUNTERS}]))"
    r"|百分之[一二三四五六七八九十百零点\d.]+"
    r"|(?<![一二三四五六七八九十])[一二三四五六七八九十两百千]+(?:余|多)?(?:人次|[件起个家次项名场所])"
)
_MIN_SENTENCE = 8
_LOWER_BOUND = re.compile(r"(?:不低于|不少于|不高于|不超过|高于|低于|超过|达到|达)\s*$")
# 外地 as the places asked about ("外地是怎么做的"), not as a partner or a where ("和外地…达成合作", "在外地办事").
_ELSEWHERE = r"(?<![和与同跟向从到赴去在对])外地"
# Comparative wording the question-type rules do not know: 别的地方, 兄弟县市, 外地.
# "除了怀化市，还有哪个地方…" too: the reader would answer with the place the asker leaves out.
_COMPARATIVE = re.compile(
    rf"别的(?:县|市|区|地方|地区)|兄弟(?:县|市|区)|{_ELSEWHERE}|其[他它](?:县|市|区|地方|地区|省)"
    r"|除了[^，,。？?]{1,10}[县市区州旗盟][，,]?\s*(?:还有|以外|之外)|还有(?:哪些|哪个|哪几个|别的|其他)(?:地方|县|市|区|地区)"
    # "有没有地方每年定一份…目录", "中部省份的地方政府…", "2020年以前的报告里…": places or reports in the plural
    r"|有没有(?:哪个|哪些|别的|其他)?(?:地方|县|市|区|地区)|(?:省份|[东南西北中]部|华[北东南中]|[东西]北|西南)的?地方"
    r"|(?:以前|以后|之前|之后|以来)的(?:各份?)?报告(?:里|中)"
    r"|(?:几|各|这几|这些|多|两)份(?:材料|报告|文件)"  # "几份材料里披露的纠错率各是多少"
)
_OTHER = re.compile(rf"其[他它]|别的|兄弟|{_ELSEWHERE}|以外|之外|除了")


_ASKS_FIGURE = re.compile(r"多少|几[十百千万]?[件个家项次名人场所起条]|数量|数目|总数|比例|比率|占比|百分|占几成")


def asks_how(question: str) -> bool:
    """Whether a comparison asks how, or what, besides any figure ("怎么做的、办了多少件")."""
    return bool(_HOW.search(question))


def asks_figure(question: str) -> bool:
    """ "哪些地方…改了多少?" (normalised): the comparison wants reports that give a figure."""
    return bool(_ASKS_FIGURE.search(question))


# How a question asks for more than figures ("怎么做的、办了多少件"), and where it asks two ("几次或多少人次").
_HOW = re.compile(r"怎么|怎样|如何|做法|措施|举措|经验|什么|哪些方面")
_ASK_PARTS = re.compile(r"[，,;；、]|或者?|还是|以及")


_ASKS_RANK = re.compile(r"第几[名位]|排名|排第|名次|排位")  # not "第几个五年普法": an ordinal
_RANK = re.compile(r"第[一二三四五六七八九十\d]+(?:名|位)|排名|名列|位列|前[一二三四五六七八九十\d]+名")
RANK = "名次"
# A length of time asked ("平均要多长时间", "多久能办完"): said in days, months or hours ("平均审理45天", "2个月内"),
# not a date's day ("6月30日").
# (not how often: "多久开一次" is answered by "每半年召开1次")
_ASKS_DURATION = re.compile(
    r"(?:多长时间|多久|多少时间|几个?(?:天|工作日|月))(?![开召举搞组办进]?[^，,。？?]{0,3}一次)"
)
_DURATION = re.compile(r"(?<![\d.月])\d+(?:\.\d+)?\s*个?(?:工作日|天|日|小时|分钟|个月|周)")
DURATION = "时长"


def asks_duration(question: str) -> bool:
    """ "各地…平均要多长时间" (normalised): a length of time, which the reports' sentences must give."""
    return bool(_ASKS_DURATION.search(question))


def rank_unsaid(question: str, texts: list[str]) -> bool:
    """Whether the question asks for a place in a ranking ("排名第一", "排第几") and none of the texts says one."""
    return bool(_ASKS_RANK.search(question)) and not _HOW.search(question) and not any(_RANK.search(t) for t in texts)


def unit_unsaid(question: str, items: list[ReportItem]) -> str | None:
    """The unit a figure question asks in ("平均多少天审结", "多少经费") when no report's sentences on the topic
    give a figure in it: what is asked is not said, and their other counts (244件) would not say it; None otherwise.
    A sum of money is never said by other figures; another unit only when the question asks for nothing but
    figures (a "怎么做的" part is answered by the sentences)."""
    if not items:
        return None
    if _ASKS_RANK.search(question) and not _HOW.search(question):
        # "排第几名": a place in a ranking (全省第3名, 排名前列), not a count of people (调解员1263名)
        return RANK if rank_unsaid(question, [s.text for it in items for s in it.sentences]) else None
    whole = span_patterns.unit_hint(question)
    if whole is None and asks_duration(question) and not _HOW.search(question):
        said = any(_DURATION.search(s.text) for it in items for s in it.sentences)
        return None if said else DURATION
    if whole == "元":
        kind = span_patterns.money_kind(question)
        if kind is not None:
            return None if any(span_patterns.says_sum(s.text, kind) for it in items for s in it.sentences) else "元"
        hints = {"元"}
    else:
        # a part's own measure word ("多少件"), not one inferred from its noun ("办了多少案子" → 起)
        parts = _ASK_PARTS.split(question)
        hints = {whole, *(span_patterns.unit_hint(part, inferred=False) for part in parts)} - {None}
        if not hints or _HOW.search(question):
            return None
    if any(span_patterns.unit_fits(f, h) for it in items for f in it.figures for h in hints):
        return None
    return min(hints)


def part_unsaid(as_count, items: list[ReportItem], min_share: float) -> str | None:
    """The part of a set a count question asks ("复议案件里涉及工伤认定的各有多少件": 涉及工伤认定) when the items
    say its words and no figure of theirs has them in its clause or the two before (``spans.holds_subset``):
    "对涉及…工伤认定等案件优先受理" names the part and counts nothing of it. ``as_count``: the question read as a count
    (its ``subset``). None when the question singles out no part, asks how as well, or an item counts it."""
    if not as_count.subset or not items or _HOW.search(as_count.norm):
        return None  # no part singled out, no report, or "怎么做的" asked as well (the sentences answer that)
    said = [(normalize(sent.text), sent.figures) for it in items for sent in it.sentences]
    if not all(any(holds(a, norm) for norm, _ in said for a in alts) for alts, _ in as_count.subset):
        return None  # a word of the part the items never say ("查出" for their "发现"): nothing to hold figures to
    hint = span_patterns.unit_hint(as_count.norm)  # a count in another unit counts something else ("缩短9天")
    for norm, figures in said:
        for a, b in figures:
            if hint is not None and not span_patterns.unit_fits(norm[a:b], hint):
                continue
            if span_patterns.holds_subset(as_count, norm, min_share, span=(a, b)):
                return None
    return "".join(alts[0] for alts, _ in as_count.subset)


# A rate a question names (满意率, 撤诉率, 满意度): a report gives it only as a share in a clause that names it.
_NAMED_RATE = re.compile(rf"{RATE.pattern}|(?:满意|知晓|认可|信任)度")


def rates_named(question: str, terms: Iterable[tuple[str, ...]] = ()) -> tuple[str, ...]:
    """The rates a question names ("满意率分别是多少") and those the term table gives for its everyday words
    (``terms``: 输的比例 → 败诉率)."""
    found = [m.group(0) for m in _NAMED_RATE.finditer(question)]
    found += [a for alts in terms for a in alts[1:] if a.endswith("率") and len(a) >= 3]
    return tuple(dict.fromkeys(found))


def _names_rate(text: str, at: int, rate: str) -> bool:
    """Whether the share at ``at`` is of the rate: the nearest rate written before it in its sentence (30
    characters back) is it, or the two characters before its 率/度 (出庭应诉率 said 应诉率, 满意率 said 满意度); with
    no rate written there, its clause names the rate's stem."""
    before = text[max(0, at - 30) : at]
    written = list(_NAMED_RATE.finditer(before))
    if written:
        last = written[-1].group(0)
        return rate in before[written[-1].start() :] or rate[:-1][-2:] in last
    return rate[:-1][-2:] in text[dating.clause_start(text, at) : at]


_SENTENCE_ENDS = "。；;\n"


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence (or clause after a "；", or line) of ``text`` that holds text[start:end]."""
    lo = max(text.rfind(c, 0, start) for c in _SENTENCE_ENDS) + 1
    hi = min((i for i in (text.find(c, end) for c in _SENTENCE_ENDS) if i >= 0), default=len(text))
    return text[lo:hi]


def rate_unsaid(
    question: str, rates: tuple[str, ...], items: list[ReportItem], texts: Iterable[str], topic: Sequence[str] = ()
) -> str | None:
    """The rate a figure question names ("各地复议申请人的满意率分别是多少") when none of the reports answering
    (``texts``: their normalised text) gives a share of it: their other figures (收到申请287件, 同比增长23.2%) do not
    say it. A share of the rate counts where its sentence names the topic (``topic``: its terms) or the rate as the
    question writes it in full ("调解成功率" of "人民调解成功率"): "行政执法满意度…%" is not the 复议 satisfaction.
    None when one does, or when the question asks how something was done as well."""
    if not items or not rates or _HOW.search(question):
        return None
    longer = [f for f in (_written_in_full(question, r) for r in rates) if f]
    for text, m in _values_shares(texts):
        if any(_names_rate(text, m.start(), r) for r in rates):
            sentence = sentence_around(text, m.start(), m.end())
            if not topic or any(t in sentence for t in topic) or any(f in sentence for f in longer):
                return None
    return rates[0]


def _values_shares(texts: Iterable[str]):
    """(text, match) of each share the texts give as a value, not as the size of a change ("同比增长23.2%")."""
    for text in texts:
        for m in span_patterns.RATIO.finditer(text):
            if not span_patterns.is_delta(text, m.span()):
                yield text, m


def _written_in_full(question: str, rate: str) -> str | None:
    """The rate with the two characters the question writes before it ("人民调解成功率" → 调解成功率), None when those
    are no part of its name (的, a comma)."""
    at = question.find(rate)
    before = question[max(0, at - 2) : at] if at > 0 else ""
    named = len(before) == 2 and _HAN.fullmatch(before) and not re.search(r"[的之对和与]", before)
    return before + rate if named else None


# A share asked in words, no rate named ("申请人请律师代理的比例", "企业占多大比例"): the clause of the question that
# asks it, and the share words themselves.
_SHARE_ASKED = re.compile(r"比例|占比|比重|百分之几|几成|百分比")


def asks_share(question: str) -> bool:
    """ "…占多大比例", "…的比率", "…率是多少": a share or rate, not a count."""
    return bool(_SHARE_ASKED.search(question) or RATE.search(question))


_QUESTION_CLAUSE = re.compile(r"[，,；;。？?！!]")
_HOW_MUCH = re.compile(r"占?(?:多大|多少|多高|几)|占")
# Words around a share's thing that are no part of it ("本科以上学历", "通过网上渠道", "这种纠错", "各地实际占多大")
_NO_MEASURE = frozenset(
    {"以上", "以下", "以内", "之间", "其中", "之后", "以后", "通过", "进行", "这种", "这类", "那种"}
    | {"实际", "实际上", "大概", "大约", "目前", "现在", "具体", "一般", "总共", "一共"}
)


def topic_parts(topic: Iterable[tuple[str, ...]]) -> list[str]:
    """Every alternative of every topic term, a phrase of parts ("公职律师+法律顾问") split into them."""
    return [p for alts in topic for a in alts for p in a.split("+")]


def share_words(question: str, tokens: Callable[[str], list[str]], topic: ComparisonQuery) -> tuple[str, ...]:
    """The content words of the clause in which a figure question asks a share without naming a rate ("复议案子里
    申请人请律师代理的比例" → 申请人, 律师, 代理): not the topic's, not how it asks; empty when it asks none."""
    m = _SHARE_ASKED.search(question)
    if m is None:
        return ()
    alts = topic_parts(topic.topic)
    ends = [0, *(c.end() for c in _QUESTION_CLAUSE.finditer(question, 0, m.start()))]
    stop = m.start()
    for start in reversed(ends):  # the clause asking the share; the one before when it says only "各地占多大"
        clause = question[start:stop]
        if start == ends[-1] and any(c in clause for c in "里中"):
            clause = clause[max(clause.rfind(c) for c in "里中") + 1 :]
        tags = dict(pos_tags(clause))
        words = tuple(
            dict.fromkeys(
                t
                for t in tokens(clause)
                if len(t) >= 2
                and tags.get(t, "n")[:1] in "nvjl"  # not 亲自, 以上: no thing a share is of
                and _HAN.fullmatch(t)
                and not _ASKING.fullmatch(t)
                and not _SHARE_ASKED.fullmatch(t)
                and not _HOW_MUCH.fullmatch(t)
                and t not in _NO_MEASURE
                and not any(t in a or a in t for a in alts)
            )
        )
        if words:
            return words
        stop = start
    return ()


def share_unsaid(question: str, words: tuple[str, ...], items: list[ReportItem], texts: Iterable[str]) -> str | None:
    """A share asked of a thing ("申请人请律师代理的比例") that none of the answering reports gives: no share in
    their text has one of its words (``words``, the most specific first) in the 30 characters of its sentence
    before it. None when one does, when the question asks how something was done as well, or names no words."""
    if not items or not words or _HOW.search(question):
        return None
    for text, m in _values_shares(texts):
        before = text[max(0, m.start() - 30) : m.start()]
        before = before[before.rfind("。") + 1 :]
        if any(w in before for w in words):
            return None
    return words[0]


# What a figure question measures: the thing before 的比例/占比 or a rate asked, or after a counter ("多少个咨询电话";
# not a time limit "多少天内要…", nor money).
_COUNTERS = "".join(ch for ch in UNITS if ch not in "天余万亿元")
_MEASURED = re.compile(
    r"([\u4e00-\u9fff]{2,8}?)的?(?:比例|比率|占比|比重)"
    r"|([\u4e00-\u9fff]{1,6}率)(?:是|为|有|达到|能有)?(?:多少|多高|几)"
    rf"|(?:多少|几)[{_COUNTERS}]([\u4e00-\u9fff]{{2,8}})"
    # the cases a clause before the count singles out: "适用简易程序审理的有多少件"
    r"|([\u4e00-\u9fff]{2,10}?)的(?:有|共有|是)?(?:多少|几)"
)
_NOUN_TAGS = ("n", "vn", "b", "j")  # not idioms (i, l: 错误做法, 改正过来, 头一回 are everyday words)


def absent_measure(
    question: str,
    tokens: Callable[[str], list[str]],
    writes: Callable[[str], bool],
    found: list[tuple[str, tuple[str, ...]]],
    most: int = Settings.compare_absent_measure_freq,
) -> str | None:
    """A word of what a figure question measures that no report writes, a noun general Chinese seldom uses ("当庭
    发言的比例": 当庭; "二审被改判的比例": 改判; "多少名人民陪审员"; "适用简易程序审理的有多少件": 简易程序): none
    gives that figure, whatever figures stand beside it. Everyday words (官司, 了结) are common, and a phrase the term
    table knows is said in the reports' words (``found``: everyday phrase, official terms)."""
    from qa.text.tokenization import general_use

    for m in _MEASURED.finditer(question):
        for t in tokens(next(g for g in m.groups() if g)):
            if len(t) < 2 or writes(t) or any(t in phrase or t in "".join(terms) for phrase, terms in found):
                continue
            count, tag = general_use(t)
            if 0 < count <= most and tag.startswith(_NOUN_TAGS):
                return t
    return None


def is_comparative(question: str) -> bool:
    """Whether a normalised question asks how places compare (其他县, 各地, 哪些地方…)."""
    return bool(_COMPARATIVE.search(question))


# ------------------------------------------------------------------ the query


@dataclass(frozen=True)
class ComparisonQuery:
    topic: tuple[tuple[str, ...], ...]  # each topic term with its alternatives; all must be met
    facets: tuple[str, ...] = ()  # rank within the topic
    # No term of art or everyday phrase the term table knows: the topic is the question's rarest
    # words ("全程录音录像" for 执法全过程记录), which the reports may well say otherwise. Which reports
    # answer is then decided by retrieval (see ``gather``), not by those words.
    weak: bool = False
    # The question's words that are rare in Chinese at large and name no topic ("哪些地方让法律顾问
    # 列席政府会议": 列席): when every report holds the topic, these say which reports answer.
    specific: tuple[str, ...] = ()
    # Of a weak topic: pairs of its words that two or more reports write as one ("中介超市", cut 中介 /
    # 超市). A report that says one answers too, besides those retrieval finds.
    named: tuple[str, ...] = ()
    # The question's other content words (outside its topic, asking and frame words): 列席, 会议. A report's
    # sentence beyond its best one that says none of them needs a score close to the best (see read_report).
    words: tuple[str, ...] = ()
    # The field's terms of art (the domain list): what else a sentence may be about (行政应诉 beside 行政复议).
    terms: tuple[str, ...] = field(default=(), compare=False, repr=False)

    @property
    def primary(self) -> tuple[str, ...]:
        return self.topic[0] if self.topic else ()

    def others(self) -> OtherTerms:
        """The field's terms that are not (part of) the topic, and those of the field at large, as patterns."""
        return _other_terms(self.topic, self.terms)


@dataclass(frozen=True)
class OtherTerms:
    other: re.Pattern | None  # terms of the list that neither hold nor sit inside a topic term
    # The field at large (法治政府建设, 依法行政: terms with 法治/依法/法制), the topic's own included: they name
    # no one practice, so ``other_terms`` does not count them; ``field`` finds them.
    wide: frozenset[str]
    field: re.Pattern | None


_WIDE_MARKS = ("法治", "依法", "法制")


def _pattern(words: Iterable[str]) -> re.Pattern | None:
    words = sorted(set(words), key=lambda w: (-len(w), w))  # longest first: 行政复议案件 before 行政复议
    return re.compile("|".join(map(re.escape, words))) if words else None


@lru_cache(maxsize=256)
def _other_terms(topic: tuple[tuple[str, ...], ...], terms: tuple[str, ...]) -> OtherTerms:
    alts = [p for t in topic for a in t for p in a.split("+")]
    wide = {t for t in terms if any(m in t for m in _WIDE_MARKS)}
    other = [t for t in terms if len(t) >= 2 and not any(t in a or a in t for a in alts)]
    return OtherTerms(_pattern(other), frozenset(wide), _pattern(wide))


# The asker introducing themselves ("我是怀化市司法局的，想了解…"): who asks, not what about.
_SELF = re.compile(r"我(?:们)?(?:是|在)[^，,。；;？?！!]{1,20}?的(?=[，,]|想|要|请)")
_QUOTED = re.compile(r"[“\"‘「『]([^”\"’」』]{2,12})[”\"’」』]")
# "公布或录入", "暂行办法或暂行规定": either word answers.
_EITHER = re.compile(r"([\u4e00-\u9fff]{2,4})(?:或者|或)([\u4e00-\u9fff]{2,4})")


def _specific(
    q: str, tokens: list[str], topic: list[tuple[str, ...]], idf: Callable[[str], float] | None
) -> tuple[str, ...]:
    """The question's words rare in general Chinese (jieba's IDF table), known to the reports, that
    are not its topic, a facet, a frame word or a figure. Of an "A或B" choice both sides or neither:
    a report holding either answers ("暂行办法或暂行规定"), and "公布或录入" is not asked by 录入 alone."""
    common, frame = common_words(), frame_words()
    examples = "".join(m.group(0) for m in _EXAMPLES.finditer(q))
    issued = _ISSUED_KIND.search(q)
    out = []
    for t in dict.fromkeys(tokens):
        if issued and t == issued.group(1):
            out.append(t)  # "哪些地方制定了…的工作规定": a document of that kind, not the practice itself
            continue
        if len(t) < 2 or t not in q or t in common or t in frame or t in GENERIC or _ASKING.fullmatch(t):
            continue
        if t in examples:
            continue  # "推行综合查一次、扫码入企这类办法": the asker's examples of a kind, not words every report says
        if any(ch.isdigit() for ch in t):
            continue
        # 决策程序 beside the topic 重大行政决策 is the topic said again, not another subject.
        if any(t[i : i + 2] in alt for alts in topic for alt in alts for i in range(len(t) - 1)):
            continue
        if idf is not None and idf(t) <= 0:
            continue
        if _listed_with_topic(q, t, topic):
            continue  # "执法公示、执法全过程记录…这三项制度": one of the listed parts, not a word every report must say
        out.append(t)
    out += [t for t in _heads_after_topic(q, topic) if t not in out]
    for pair in (m.groups() for m in _EITHER.finditer(q)):
        sides = [[t for t in out if t in side] for side in pair]
        if not all(sides):  # one side is no specific word: the choice is not asked by the other
            out = [t for t in out if not any(t in side for side in pair)]
    return tuple(out)


# A kind of document the question asks which places issued ("专门制定了…的工作规定", "出台了…实施办法")
_ISSUED_KIND = re.compile(r"(?:制定|出台|印发|发布|修订)了?[^，,。？?]{0,24}?(规定|办法|细则|规则|指引|实施意见)")
# The asker's examples of a kind of thing: "综合查一次、扫码入企这类办法", "调解、和解之类的"
_EXAMPLES = re.compile(r"[\u4e00-\u9fff]{1,8}(?:、[\u4e00-\u9fff]{1,8})+(?:这类|这些|这种|这样的|之类的?)")
# Two things done with the law, side by side: 学法考法, 尊法学法, 学法用法 (not 执法监督, 政务服务).
_PARALLEL = re.compile(r"(.)法(?!\1)(.)法")
_NAMED_SET = re.compile(r"这[一二三四五六七八九十两几\d]*[项个类种条]|等")


def _listed_with_topic(q: str, word: str, topic: list[tuple[str, ...]]) -> bool:
    """Whether ``word`` stands in a 、-list of the question that names a set ("A、B、C这三项制度", "A、B等")
    beside an item holding a topic term ("向党委、人大报告" names no set: 党委 is still asked)."""
    for clause in re.split(r"[，,。；;？?！!]", q):
        items = clause.split("、")
        if len(items) < 2 or not _NAMED_SET.search(items[-1]):
            continue
        for i, item in enumerate(items):
            if word in item and not any(alt in item for alts in topic for alt in alts):
                others = items[:i] + items[i + 1 :]
                if any(alt in other for other in others for alts in topic for alt in alts):
                    return True
    return False


def _compound(
    q: str, words: list[str], held: Callable[[str], int], weight: Callable[[str], float]
) -> tuple[str, ...] | None:
    """Pairs of the question's words written side by side that two or more reports also write as one
    ("中介超市", cut 中介 / 超市), heaviest first: names of their own, and either answers. One report's
    wording ("审批时间") says little of how the others put it: those are left to retrieval."""
    common = common_words()
    pairs = []
    for a in words:
        pos = q.find(a)
        for b in words:
            if (
                pos >= 0
                and q.startswith(b, pos + len(a))
                and len(a + b) >= 4
                and a + b not in common
                and held(a + b) >= 2
            ):
                pairs.append((weight(a) + weight(b), a + b))
    return tuple(dict.fromkeys(p for _, p in sorted(pairs, reverse=True))) or None


def _one_name(q: str, topic: list[tuple[str, ...]], quoted: list[str]) -> list[tuple[str, ...]]:
    """Topic terms that name one thing become alternatives of one topic term, a report saying any says
    it: a quoted name right before the kind of thing it is ("“谁执法谁普法”普法责任制"), and a list
    of parts before the whole ("执法公示、执法全过程记录、重大执法决定法制审核这三项制度"). Not a
    word right before another ("法治建设第一责任人" is the 第一责任人 of 法治建设)."""
    found = [(q.find(alts[0]), alts) for alts in topic]
    placed = sorted(x for x in found if x[0] >= 0) + [(len(q), alts) for pos, alts in found if pos < 0]
    out: list[tuple[str, ...]] = []
    run: list[tuple[str, ...]] = []  # the terms of a list so far ("A、B、C")
    prev_end, prev = -1, None
    for pos, alts in placed:
        gap = q[prev_end:pos] if prev is not None and pos >= prev_end else None
        if gap == "" and prev[0] in quoted:
            # "“A”B" and "“A”“B”": one thing; a bare two-character kind ("“八五”普法") only says what A is, and
            # every report on 普法 would match it
            whole = alts[0] in quoted or len(alts[0]) > 2
            out[-1] = tuple(dict.fromkeys((*out[-1], *alts))) if whole else out[-1]
        elif gap is not None and _UMBRELLA.fullmatch(gap) and run:
            whole = tuple(dict.fromkeys(a for r in (*run, alts) for a in r))
            out = out[: len(out) - len(run)] + [whole]  # "A、B、C这三项制度": the parts or the whole
            run = []
        else:
            run = run + [alts] if gap is not None and _LISTED.fullmatch(gap) else [alts]
            out.append(alts)
        prev_end, prev = pos + len(alts[0]), alts
    return out


_LISTED = re.compile(r"[、和及与]")
_UMBRELLA = re.compile(r"[、和及与]?(?:这|等)[一二三四五六七八九十两几\d]*[项个类]?")


def _either(q: str, topic: list[tuple[str, ...]], idf: Callable[[str], float] | None) -> list[tuple[str, ...]]:
    """ "地方立法或政府立法": the other side of a topic term's "或" is an alternative of it, when the
    reports use that word."""
    out = list(topic)
    for x, y in (m.groups() for m in _EITHER.finditer(q)):
        for i, alts in enumerate(out):
            for this, other in ((x, y), (y, x)):
                if this in alts and other not in alts and (idf is None or idf(other) > 0):
                    out[i] = (*alts, other)
    return out


def _listed(q: str, topic: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """ "包容审慎、柔性执法": topic terms listed side by side (nothing but 、 between them) are examples of one
    thing the question asks about; a report on any answers, not only one on all ("A、B、C" is one list).
    A list the question then counts ("A、B、C这三项办法") names a set: each is asked."""
    runs: list[list[tuple[str, ...]]] = []
    end = -1  # where the last term of the current list ends in q
    for alts in topic:
        pos = q.find(alts[0])
        if runs and end >= 0 and pos == end + 1 and q[end] == "、":
            runs[-1].append(alts)
        else:
            _set_apart(q, runs, end)
            runs.append([alts])
        end = pos + len(alts[0]) if pos >= 0 else -1
    _set_apart(q, runs, end)
    return [tuple(dict.fromkeys(a for alts in run for a in alts)) for run in runs]


_COUNTED_SET = re.compile(r"(?:这|等|这些)?[一二三四五六七八九十两几\d]+[项个类种条部]")


def _set_apart(q: str, runs: list[list[tuple[str, ...]]], end: int) -> None:
    """The last list's terms apart again when the question counts them right after it ("…这三项办法")."""
    if runs and len(runs[-1]) > 1 and end >= 0 and _COUNTED_SET.match(q, end):
        runs[-1:] = [[x] for x in runs[-1]]


# Head nouns that name no particular thing: "重大行政决策制度" asks about the topic itself.
_PLAIN_HEADS = frozenset("工作 情况 制度 机制 体系 方面 问题 做法 措施 事项 建设 改革 水平 能力 职责".split())


def _heads_after_topic(q: str, topic: list[tuple[str, ...]]) -> list[str]:
    """The head noun right after a topic term in the question, common word or not: 目录 in
    "重大行政决策事项目录", 平台 in "政务公开平台" say which of the reports on the topic answer."""
    frame = frame_words()
    out = []
    for alts in topic:
        pos = q.find(alts[0])
        if pos < 0:
            continue
        nouns: list[str] = []
        for word, flag in pos_tags(q[pos + len(alts[0]) : pos + len(alts[0]) + 8]):
            if not (flag.startswith("n") or flag == "vn"):
                break
            nouns.append(word)
        # A compound's head (事项目录: ≤ 4 characters), not a clause that runs on (列席政府会议).
        head = nouns[-1] if nouns and len("".join(nouns)) <= 4 else ""
        if len(head) >= 2 and head not in _PLAIN_HEADS and head not in frame and head not in GENERIC:
            out.append(head)
    return out


def _tiles(term: str, parts: Iterable[str]) -> str | None:
    """A long term as its parts joined by + ("行政机关+负责人+出庭应诉"), when they tile it: reports
    write 行政机关负责人按照规定出庭应诉."""
    # Word-sized pieces (≤ 4 characters): 行政机关 / 负责人 / 出庭应诉, not 负责人出庭应诉.
    parts = sorted({p for p in parts if 2 <= len(p) <= min(4, len(term) - 1)}, key=len, reverse=True)
    out, pos = [], 0
    while pos < len(term):
        p = next((p for p in parts if term.startswith(p, pos)), None)
        if p is None:
            return None
        out.append(p)
        pos += len(p)
    return "+".join(out) if len(out) > 1 else None


def _quoted_parts(phrase: str) -> str | None:
    """A quoted saying of several parts ("小事不出村、大事不出乡镇") as the alternative "小事不出+大事不出乡":
    each part's first three quarters, so that reports that end its parts otherwise still hold it
    (小事不出社区); a long one-part saying likewise (小事不出村 → 小事不出)."""
    parts = [p for p in re.split(r"[、，,；;…]+", phrase) if p]
    if len(parts) < 2 and len(phrase) < 5:
        return None  # a short name (三项制度) is said as it is
    heads = [p[: max(2, -(-3 * len(p) // 4))] for p in parts]
    if heads == parts:
        return None  # "双随机、一公开": parts too short to end otherwise; the saying is matched as it is
    return "+".join(heads)


def _term_and_facet(term: str, official: Iterable[str]) -> bool:
    """Whether each official term is the term with a generic facet after it (行政复议 + 体制改革)."""
    return all(o.startswith(term) and o[len(term) :] in GENERIC for o in official)


def split_topic(
    question: str,
    domain_terms: Iterable[str],
    tokens: list[str] | None = None,
    ignore: tuple[str, ...] = (),
    synonyms: list[tuple[str, tuple[str, ...]]] | None = None,
    idf: Callable[[str], float] | None = None,
    parts: Callable[[str], Iterable[str]] | None = None,
    held: Callable[[str], int] | None = None,
    rare: float = Settings.compare_rare_part_idf,
) -> ComparisonQuery:
    """Topic = the (normalised) question's quoted phrases and terms of art (longest first, none inside another);
    a term of art made of another and a generic modifier is split into topic and facet
    (行政复议体制改革 → 行政复议 + 体制改革). Without either, the question's two rarest words the
    reports use are the topic. ``synonyms``: (everyday phrase, official terms) found in it;
    ``parts``: a term's sub-words, so a long term also matches when written apart; ``held``: how many
    reports hold a string, so two rare words side by side that they use as one ("中介超市") are the topic;
    ``rare``: the IDF of each half above which a four-character term is also found written apart."""
    domain = set(domain_terms)
    q0 = question
    quoted = [m.group(1) for m in _QUOTED.finditer(q0)]
    q, _ = unquoted(q0)
    q = _SELF.sub(" ", q)
    for name in ignore:
        q = q.replace(name, " ")
    terms = sorted({t for t in domain if len(t) >= 2 and t in q}, key=lambda t: (-len(t), q.find(t)))
    taken: list[tuple[int, str]] = [(q.find(t), t) for t in quoted if t in q]
    for t in terms:
        pos = q.find(t)
        if any(p <= pos < p + len(o) or pos <= p < pos + len(t) for p, o in taken):
            continue
        taken.append((pos, t))
    # An everyday phrase that runs past a term's end names something narrower than the term: 行政执法证
    # is 执法证 (行政执法证件), not 行政执法.
    # One that holds a whole term says it in everyday words: the term's reports may use the official words
    # ("“一把手”" is 主要负责人; "权力和责任清单" is 权责清单, though 责任清单 is a term).
    narrower: dict[str, tuple[str, ...]] = {}
    wider: dict[str, tuple[str, ...]] = {}
    for phrase, official in synonyms or []:
        pos = q.find(phrase)
        for p, t in taken:
            # unless it only adds a facet the term can take (复议改革 = 行政复议体制改革: 行政复议, 体制改革)
            if pos >= 0 and p <= pos < p + len(t) < pos + len(phrase) and not _term_and_facet(t, official):
                narrower[t] = (phrase, *official)
            elif pos >= 0 and pos <= p and p + len(t) <= pos + len(phrase):
                wider[t] = (*wider.get(t, ()), *official)
    topic: list[tuple[str, ...]] = []
    facets: list[str] = []
    for _, t in sorted(taken):
        if t in narrower:
            topic.append(narrower[t])
            continue
        core = t
        for g in GENERIC:
            if t.endswith(g) and t[: -len(g)] in domain:
                core = t[: -len(g)]
                facets.append(g)
                break
        if core in GENERIC:
            facets.append(core)
        elif core not in (x[0] for x in topic):
            tiled = _tiles(core, parts(core)) if parts is not None and len(core) >= 5 else None
            if len(core) == 4 and idf is not None and all(idf(h) >= rare for h in (core[:2], core[2:])):
                tiled = f"{core[:2]}+{core[2:]}"  # two rare words, written apart too (宪法日宣誓)
            if core in quoted and (heads := _quoted_parts(core)):
                tiled = heads  # "小事不出村、大事不出乡镇" is said "小事不出社区,大事不出乡(办事处)" too
            if _PARALLEL.fullmatch(core):
                topic.append((core, core[:2], core[2:]))  # "学法考法": two things done, a report on either answers
                continue
            topic.append((core, tiled) if tiled else (core,))
    topic = [tuple(dict.fromkeys((*alts, *wider.get(alts[0], ())))) for alts in topic]
    topic = _listed(q, _either(q, _one_name(q, topic, quoted), idf))
    # "行政执法和刑事司法的衔接(两法衔接)": a term that is another topic term's alternative names the same thing
    topic = [alts for i, alts in enumerate(topic) if not any(j != i and alts[0] in o[1:] for j, o in enumerate(topic))]
    if not topic:
        found = [(phrase, *official) for phrase, official in synonyms or []]
        # "把政府信息晒给老百姓看": 政府信息 (政务公开, a term of art) is the topic; 老百姓 (群众) only says for whom
        topic = [t for t in found if any(o in domain for o in t[1:])] or found
    weak = not topic
    named: tuple[str, ...] = ()
    if not topic:
        frame = frame_words()  # "（或计划发布）": what kind of answer is wanted, not what it is about
        rest = [
            t
            for t in (tokens or [])
            if len(t) >= 2 and not _ASKING.fullmatch(t) and t not in GENERIC and t not in frame
        ]
        rest = [t for t in rest if t in q]  # not from the asker's self-introduction
        rest = [t for t in rest if not any(t in name for name in ignore)]
        weight = idf or (lambda t: 1.0)
        rest = [t for t in rest if weight(t) > 0]
        named = (_compound(q, rest, held, weight) if held is not None else None) or ()
        rarest = sorted(rest, key=lambda t: -weight(t))[:2]
        topic = [(t,) for t in rest if t in rarest]
    # Generic words of the question outside its topic terms are facets (规范化, 质效).
    for g in GENERIC:
        if g in q and g not in facets and not any(g in alt for alts in topic for alt in alts):
            facets.append(g)
    specific = () if weak else _specific(q, tokens or [], topic, idf)
    named = named if weak else ()
    return ComparisonQuery(
        tuple(topic),
        tuple(dict.fromkeys(facets)),
        weak=weak and bool(topic),
        specific=specific,
        named=named,
        words=_other_words(q, tokens or [], topic),
        terms=tuple(sorted(domain)),
    )


_HAN = re.compile(r"[\u4e00-\u9fff]+")
# "配备了多少台执法记录仪": the thing a count counts, named right after its measure word
_COUNTED = re.compile(rf"(?:多少[{UNITS}]?|几[{UNITS}])(?![{UNITS}])([\u4e00-\u9fff]{{3,12}})")


def counted_topic(question: str, query: ComparisonQuery, held: Callable[[str], int]) -> ComparisonQuery:
    """A figure question's topic is what it counts when the topic found holds none of it: "各地给执法人员配备了多少台
    执法记录仪" counts 执法记录仪, not 执法人员 (which ranks within). The counted phrase is cut to the longest start
    two or more reports write; a topic term inside it ("多少件行政复议申请") keeps the topic as it is."""
    m = _COUNTED.search(question)
    if m is None or query.weak or not query.topic:
        return query
    phrase = m.group(1)
    if any(alt in phrase for alts in query.topic for alt in alts):
        return query
    thing = next((phrase[:n] for n in range(len(phrase), 2, -1) if held(phrase[:n]) >= 2), None)
    if thing is None:
        return query
    facets = tuple(dict.fromkeys((*(alts[0] for alts in query.topic), *query.facets)))
    return replace(query, topic=((thing,),), facets=facets, specific=())


def written_apart(query: ComparisonQuery, gap: int = Settings.compare_term_gap) -> ComparisonQuery:
    """The query whose topic terms (and named phrase) are also found written apart (``apart``)."""

    def spread(alts: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(dict.fromkeys((*alts, *filter(None, (apart(a, gap) for a in alts)))))

    return replace(query, topic=tuple(spread(alts) for alts in query.topic), named=spread(query.named))


def _other_words(q: str, tokens: list[str], topic: list[tuple[str, ...]]) -> tuple[str, ...]:
    """The question's content words besides its topic: not how it asks (哪些, 做法), not a frame word (成效),
    not part of a topic term or holding one."""
    frame = frame_words()
    alts = topic_parts(topic)
    return tuple(
        dict.fromkeys(
            t
            for t in tokens
            if len(t) >= 2
            and t in q
            and _HAN.fullmatch(t)
            and not _ASKING.fullmatch(t)
            and t not in frame
            and not any(t in a or a in t for a in alts)
        )
    )


# ------------------------------------------------------------------ results


@dataclass(frozen=True)
class PickedSentence:
    chunk: Chunk
    start: int  # offsets into the document
    end: int
    text: str  # == chunk.text[start - chunk.start : end - chunk.start]
    figures: tuple[tuple[int, int], ...] = ()  # figure spans, relative to text
    plan: bool = False
    score: float = 0.0
    says_asked: bool = False  # the sentence or its headings hold one of the question's other words
    features: tuple[float, ...] = ()  # in relevance.FEATURES order; a report's best MAX_POOL candidates only

    @property
    def about_other(self) -> bool:
        """The sentence names another practice of the field and not the topic (by its features; none: not known)."""
        return bool(self.features) and self.features[_AT["other_terms"]] > 0 and not self.features[_AT["in_sentence"]]

    @property
    def headings(self) -> str:
        """Its two nearest headings, as the cross-encoder reads them (in training and in a comparison alike)."""
        return " ".join(self.chunk.section[-2:])


@dataclass
class ReportItem:
    doc_id: str
    region: str | None
    year: int | None
    doc_type: str
    title: str | None
    status: str  # 成效 (what was done) or 计划 (plans, targets)
    sentences: list[PickedSentence] = field(default_factory=list)
    mentions: int = 0  # sentences of the report on the topic: how much it says
    specific: tuple[str, ...] = ()  # the question's specific words its sentences on the topic hold
    # a plan's figure of an earlier year than its own, a count it starts from ("在2023年底全区公职律师96名的基础上")
    recalled: bool = False

    @property
    def key(self) -> tuple:
        """The report it is of (``report_key``)."""
        return report_key(self.doc_id, self.region, self.year, self.title)

    @property
    def label(self) -> str:
        return " · ".join(
            str(x) for x in (self.region or "未知地区", self.year or "年份不详", self.doc_type, self.status)
        )

    @property
    def figures(self) -> list[str]:
        return [s.text[a:b] for s in self.sentences for a, b in s.figures]

    @property
    def topic_figures(self) -> list[str]:
        """Its figures but those of sentences that name another practice and not the topic: "办理行政复议案件两起"
        counts 行政复议's cases, though it stands under a heading that names 行政应诉 too."""
        return [s.text[a:b] for s in self.sentences if not s.about_other for a, b in s.figures]


@dataclass
class FigureItem:
    """A placeless figure question answered by one report: its figure and the sentence around it."""

    doc_id: str
    region: str | None
    year: int | None
    doc_type: str
    chunk: Chunk
    start: int  # the figure's offsets into the document
    end: int
    text: str
    target: bool  # a plan's figure is a target, not a result


Scope = Callable[[DocumentMeta], bool]


# ------------------------------------------------------------------ reading one report


def _find(norm: str, alt: str, start: int = 0) -> int:
    """Where ``alt`` is next in the text, -1 if nowhere. A term of 4+ characters is also found without its
    last character where jieba ends a word right there (怀化's 行政执法证 for 行政执法证件),
    never inside a longer word (企业开 of 企业开办 in 企业开展). "重大~2~决策" is a term written apart (``apart``)."""
    if "~" in alt:
        return _apart(norm, alt, start)
    exact = norm.find(alt, start)
    if len(alt) < 4:
        return exact
    stem = alt[:-1]
    pos = norm.find(stem, start)
    while pos >= 0 and (exact < 0 or pos < exact):
        if pos + len(stem) in _word_cuts(norm, pos, pos + len(stem)):
            return pos  # jieba ends a word right after the stem
        pos = norm.find(stem, pos + 1)
    return exact


def _word_cuts(norm: str, start: int, end: int) -> set[int]:
    """Where jieba, cutting the text from a little before ``start`` to a little after ``end``, starts or ends a
    word (positions in ``norm``)."""
    left = max(0, start - 4)
    return {left, *(left + n for n in accumulate(len(word) for word, _ in pos_tags(norm[left : end + 4])))}


_NUMERALS = re.compile(r"[\d一二两三四五六七八九十百千万]")


def apart(alt: str, gap: int) -> str | None:
    """A four-character term of two words as it may also be written, with up to ``gap`` characters of whole words
    put between them ("重大~2~决策": 重大决策 in "重大行政决策", 案卷评查 in "案卷质量评查"); None for others.
    Not a name with a numeral (三项制度 is not "三项管理制度"), nor a term of the field at large: 法治建设 would
    be in every "法治政府建设" and "法治社会建设", no longer a topic that picks reports."""
    if gap <= 0 or len(alt) != 4 or not _HAN.fullmatch(alt) or _NUMERALS.search(alt) or alt.startswith(_WIDE_MARKS):
        return None
    return f"{alt[:2]}~{gap}~{alt[2:]}"


@lru_cache(maxsize=4096)
def _apart_pattern(alt: str) -> re.Pattern:
    head, gap, tail = alt.split("~")
    return re.compile(f"{re.escape(head)}[\u4e00-\u9fff]{{1,{gap}}}?{re.escape(tail)}")


def _apart(norm: str, alt: str, start: int = 0) -> int:
    """Where a term written apart (``apart``) is next in the text: both halves and the words between them whole
    words (行政检查 is not in "依法行政考核检查": 行政 there ends the word 依法行政)."""
    head, _, tail = alt.split("~")
    for m in _apart_pattern(alt).finditer(norm, start):
        s, e = m.start(), m.end()
        if {s, s + len(head), e - len(tail), e} <= _word_cuts(norm, s, e):
            return s
    return -1


def says_word(text: str, word: str, gap: int = Settings.compare_word_gap) -> bool:
    """Whether the text says the word; a four-character word the tokenizer keeps whole (人员培训) also with up to
    ``gap`` characters between its halves ("行政执法人员集中培训"), as ``apart`` writes a term apart."""
    if word in text:
        return True
    return len(word) == 4 and _apart_pattern(f"{word[:2]}~{gap}~{word[2:]}").search(text) is not None


def _on_topic(norm: str, alts: tuple[str, ...]) -> bool:
    """Any alternative in the text; an alternative "a+b+c" when all its parts are."""
    return any(all(p in norm for p in a.split("+")) if "+" in a else _find(norm, a) >= 0 for a in alts)


def _split(chunk: Chunk, doc_norm: str) -> list[tuple[int, int, str]]:
    """(start, end, normalised text) of the chunk's sentences, document offsets; headings dropped."""
    out = []
    labels = {x.strip() for x in chunk.section}
    for s, e in sentence_spans(chunk.text, 0, len(chunk.text)):
        text = chunk.text[s:e]
        # A heading line (no sentence end) repeats the path; an inline item "三是…。" is body.
        if len(text) < _MIN_SENTENCE or (text.strip() in labels and not text.rstrip().endswith(("。", "；", ";"))):
            continue
        a, b = chunk.start + s, chunk.start + e
        out.append((a, b, _plain(doc_norm[a:b])))
    return out


_TERMINATORS = re.compile(r"[。！？；!?;\n]")
_END_RUN = re.compile(r"[。！？；!?;]+[”’」』)）]*")


def _sentence_end(norm: str, pos: int) -> int:
    """Where the sentence holding ``pos`` ends: after its end marks, or at the line's end."""
    m = _END_RUN.search(norm, pos)
    nl = norm.find("\n", pos)
    return min(m.end() if m else len(norm), nl if nl >= 0 else len(norm))


def _around(chunk: Chunk, doc_norm: str, alts: tuple[str, ...]) -> list[tuple[int, int, str, bool]] | None:
    """The chunk's sentences that hold one of ``alts``, found from the term outwards instead of
    splitting the whole chunk; None when the term is only found without quotation marks. Each
    such sentence brings the next one of its paragraph when that one has a figure (flag True):
    reports name the measure, then count it ("…出庭应诉。全年出庭232件、出庭率100%。")."""
    norm = doc_norm[chunk.start : chunk.end]
    spans: dict[int, tuple[int, bool]] = {}
    for alt in alts:
        first = alt.split("+")[0]
        pos = _find(norm, first)
        while pos >= 0:
            cut = max((m.end() for m in _TERMINATORS.finditer(norm, 0, pos)), default=0)
            end = _sentence_end(norm, pos)
            spans[cut] = (end, False)
            if end < len(norm) and norm[end - 1] != "\n" and norm[end] != "\n":
                after = _sentence_end(norm, end)
                if after not in (e for e, _ in spans.values()) and FIGURE.search(norm, end, after):
                    spans.setdefault(end, (after, True))
            pos = _find(norm, first, end)
    if not spans:
        return None
    labels = {x.strip() for x in chunk.section}
    out = []
    for s, (e, follow) in sorted(spans.items()):
        while s < e and (norm[s].isspace() or norm[s] in "”’」』)）"):
            s += 1
        while e > s and norm[e - 1].isspace():
            e -= 1
        text = chunk.text[s:e]
        if len(text) < _MIN_SENTENCE or (text.strip() in labels and not text.rstrip().endswith(("。", "；", ";"))):
            continue
        out.append((chunk.start + s, chunk.start + e, _plain(norm[s:e]), follow))
    return out


_QUOTE_CHARS = re.compile("[“”‘’\"'「」『』]")


def _plain(norm: str) -> str:
    """The text without quotation marks (行政执法“三项制度” holds 行政执法三项制度), for term tests."""
    return _QUOTE_CHARS.sub("", norm)


@lru_cache(maxsize=65536)
def _headings(section: tuple[str, ...]) -> tuple[str, str]:
    """(whole heading path, nearest heading), normalised and without quotes; paths repeat across chunks."""
    return _plain(normalize(" ".join(section))), _plain(normalize(section[-1])) if section else ""


@lru_cache(maxsize=65536)
def _topic_headings(section: tuple[str, ...], alts: tuple[str, ...]) -> str:
    """The headings of the path that name the topic, normalised and without quotes."""
    return " ".join(h for h in (_plain(normalize(x)) for x in section) if _on_topic(h, alts))


def _term_at(norm: str, alts: tuple[str, ...]) -> tuple[int, int, int]:
    """(first position, length, count) of the topic's primary term in a sentence; (-1, 0, 0) if absent."""
    first, length, count = -1, 0, 0
    for alt in alts:
        word = alt.split("+")[0]
        pos = _find(norm, word)
        if pos >= 0 and (first < 0 or pos < first):
            first, length = pos, len(word)
        count += norm.count(word)
    return first, length, count


_LIST_MARKS = "、及和与或"


def _in_list(norm: str, pos: int, length: int) -> bool:
    """The term stands inside an enumeration ("诉讼、仲裁、行政复议等"): a list mark right before or after it."""
    if pos < 0:
        return False
    before = norm[pos - 1] if pos > 0 else ""
    after = norm[pos + length : pos + length + 1]
    return bool(before and before in _LIST_MARKS) or bool(after and after in _LIST_MARKS + "等")


def _features(
    query: ComparisonQuery,
    others: OtherTerms,
    norm: str,
    where: str,
    aspect: str,
    inner: str,
    near: bool,
    in_heading: bool,
    follow: bool,
    says: bool,
    plan: bool,
    problem: bool,
) -> tuple:
    """The features of relevance.FEATURES that a sentence has alone (gap, rank and none_say come with its report)."""
    pos, length, count = _term_at(norm, query.primary)
    words = query.words
    return (
        float(pos >= 0),
        float(near),
        float(in_heading),
        float(follow),
        sum(_on_topic(norm, alts) for alts in query.topic[1:]) / max(1, len(query.topic) - 1),
        min(2, sum(f in aspect for f in query.facets)) / 2,
        min(2, sum(says_word(where, w) for w in query.specific)) / 2,
        float(says),
        sum(w in norm for w in words) / len(words) if words else 0.0,
        float(not words),
        min(len(FIGURE.findall(norm)), 2) / 2,
        float(bool(MEASURE.search(norm))),
        float(plan),
        float(problem),
        float(_in_list(norm, pos, length)),
        min(norm.count("、"), 6) / 6,
        pos / max(1, len(norm)) if pos >= 0 else 1.0,
        min(count, 3) / 3,
        min(1.0, math.log(max(len(norm), 1)) / 6),
        float(not norm.rstrip().endswith(("。", "；", ";", "！", "？"))),
        # Another practice named in the sentence (行政应诉 when 行政复议 is asked), or heading it instead.
        min(2, len({t for t in others.other.findall(norm) if t not in others.wide})) / 2 if others.other else 0.0,
        float(bool(others.other and others.other.search(inner)) and not near),
        float(bool(others.field and others.field.search(norm))),  # the field at large: an overview sentence
    )


@dataclass
class Candidates:
    """A report's sentences on the topic, scored: the pool a report's item is picked from."""

    pool: list[PickedSentence]  # done before planned (see read_report), best rule score first
    status: str
    mentions: int
    holds: set[str]


# The question's closeness to passages, by the index's vectors (``Pipeline.passage_similarity``).
Similarity = Callable[[list[Chunk]], Sequence[float]]


def passage_similarity(dense, vector: np.ndarray, rows: dict[str, int]) -> Similarity:
    """``dense.similarity`` (a DenseIndex) of the question's ``vector`` with each chunk's vector, found by its row."""
    return lambda chunks: dense.similarity(vector, np.array([rows[c.chunk_id] for c in chunks], dtype=np.int64))


def candidates(
    query: ComparisonQuery,
    chunks: list[Chunk],
    doc_norm: str,
    meta: DocumentMeta,
    plain: list[str] | None = None,
    similarity: Similarity | None = None,
) -> Candidates | None:
    """The report's sentences on the topic with their rule scores and features; None when it has none.
    ``similarity``: with it the featured candidates also carry their passages' closeness to the question."""
    if not query.topic:
        return None
    scored: list[PickedSentence] = []
    context: list[tuple] = []  # what the features of each scored sentence are computed from
    holds: set[str] = set()
    mentions = 0  # sentences that name the topic, or sit right under a heading that does
    for i, chunk in enumerate(chunks):
        heading, inner = _headings(chunk.section)
        # Most chunks of a long report neither name the topic nor sit under a heading that does.
        body = plain[i] if plain is not None else _plain(doc_norm[chunk.start : chunk.end])
        head_on = _on_topic(heading, query.primary)
        if not head_on and not _on_topic(body, query.primary):
            continue
        plan = is_plan_section(chunk.section, chunk.doc_type, chunk.year)
        problem = is_problem_section(chunk.section)
        # Under a heading on the topic every sentence counts; elsewhere only those naming it.
        sentences = None if head_on else _around(chunk, doc_norm, query.primary)
        if sentences is None:
            sentences = [(a, b, norm, False) for a, b, norm in _split(chunk, doc_norm)]
        for a, b, norm, follow in sentences:
            # A heading line said as a sentence ("三是…行政复议应诉能力…得到提高。") is no heading for itself:
            # the heading above it says which section it belongs to.
            own = bool(chunk.section) and norm.strip().rstrip("。；;") == inner.strip()
            section = chunk.section[:-1] if own else chunk.section
            path, near_heading = _headings(section) if own else (heading, inner)
            where = norm + "\n" + path
            # A facet qualifies the topic where the topic is said: 体制改革 of a heading "深化行政执法体制改革"
            # is another practice's reform, not the asked 行政复议's.
            aspect = norm + "\n" + _topic_headings(section, query.primary)
            # Offsets into the sentence as written: ``norm`` has its quotation marks taken out.
            figures = tuple((m.start(), m.end()) for m in FIGURE.finditer(doc_norm[a:b]))
            # Every topic term in the sentence or its headings; the primary one in the sentence
            # itself or in a heading. A figure sentence right after one that names the topic counts
            # for its figures.
            if follow:
                if not figures or _on_topic(norm, query.primary):
                    continue
            elif not all(_on_topic(where, alts) for alts in query.topic):
                continue
            in_sentence = _on_topic(norm, query.primary)
            # A sentence naming the topic beats one under a heading that does; the nearest heading
            # vouches more than an outer one ("三、加强行政复议和应诉工作" covers much else).
            near = _on_topic(near_heading, query.primary)
            mentions += in_sentence or near
            score = (
                2.0 * in_sentence
                + (1.0 if near else 0.4)
                + 0.3 * sum(_on_topic(norm, alts) for alts in query.topic[1:])
            )
            score += 0.6 * sum(f in aspect for f in query.facets)
            held = [w for w in query.specific if says_word(where, w)]
            holds.update(held)
            score += 0.6 * len(held)
            score += 0.8 * min(len(figures), 2) + 0.5 * bool(MEASURE.search(norm))
            if problem:
                score -= 2.5
            text = chunk.text[a - chunk.start : b - chunk.start]
            says = any(w in where for w in query.words)
            scored.append(PickedSentence(chunk, a, b, text, figures, plan, score, says))
            context.append((norm, where, aspect, near_heading, near, head_on, follow, says, plan, problem))
    if not scored:
        return None
    rows = {i for i, (norm, *_) in enumerate(context) if "\t" in norm.strip()}
    prose = "\n".join(s.text for i, s in enumerate(scored) if i not in rows and s.figures)
    # a table row whose figures the prose says again ("行政诉讼败诉率<tab>12.9%<tab>8.6%" beside "败诉率8.6%"): the
    # prose says what they are of; the row would crowd it out of the model's few candidates. A row of figures the prose
    # does not give ("平均审理天数<tab>≤45天<tab>38.6天") stays.
    again = {
        i for i in rows if any(DIGIT.search(f := scored[i].text[a:b]) and f in prose for a, b in scored[i].figures)
    }
    if again:
        kept = [i for i in range(len(scored)) if i not in again]
        scored, context = [scored[i] for i in kept], [context[i] for i in kept]
    done = [i for i, s in enumerate(scored) if not s.plan]
    # An annual report's own results come first; its next-year plans only when it says nothing else.
    pool = done if done and meta.doc_type != "工作要点" else list(range(len(scored)))
    status = "成效" if pool is done and done else "计划"
    order = sorted(pool, key=lambda i: -scored[i].score)
    top = scored[order[0]].score
    none_say = float(not any(w in context[i][0] for i in order for w in query.words))
    best = []
    others = query.others()
    featured = order[:MAX_POOL]  # only the best few are ever chosen among; features cost a term search each
    close = [float(v) for v in similarity([scored[i].chunk for i in featured])] if similarity is not None else []
    closest = max(close, default=0.0)
    for rank, i in enumerate(order):
        s = scored[i]
        if rank < MAX_POOL:
            f = _features(query, others, *context[i]) + (min(4.0, top - s.score) / 4, min(rank, 5) / 5, none_say)
            if close:
                f += (close[rank], close[rank] - closest)
            s = replace(s, features=f)
        best.append(s)
    return Candidates(best, status, mentions, holds)


def read_report(
    query: ComparisonQuery,
    chunks: list[Chunk],
    doc_norm: str,
    meta: DocumentMeta,
    doc_id: str,
    max_sentences: int = 4,
    plain: list[str] | None = None,
    keep_gap: float = Settings.compare_keep_gap,
    relevance: SentenceRelevance | None = None,
    need_figure: bool = False,
    similarity: Similarity | None = None,
    read=None,
    done_figure: bool = False,
) -> ReportItem | None:
    """The report's item: its best sentences on the topic, done before planned; None when it has none. An item
    without sentences when the model (``relevance``) finds none of them on topic: the topic named only in passing.
    ``keep_gap``: how close to the best a sentence saying none of the question's other words must score.
    ``relevance``: a learned model that says which sentences beyond the best to keep instead; ``need_figure``: the
    question asks how many, and the figure the rule quotes is the report's answer even when the model doubts it;
    ``similarity``: passages' closeness to the question, which the model reads when given (see ``candidates``);
    ``read``: a cross-encoder bound to the question, whose probabilities the model weighs in (``relevance.pick``).
    ``done_figure``: when the model quotes no figure for a question that does not ask for one, add the report's figure
    sentence that says the topic under a heading on the topic and was done, not planned (``done_figure_sentence``)."""
    found = candidates(query, chunks, doc_norm, meta, plain, similarity if relevance is not None else None)
    if found is None:
        return None
    best = found.pool
    top = best[0].score
    picked = [s for s in best[:max_sentences] if s.score >= top - 2.0][:max_sentences]
    if query.words:
        picked = [s for s in picked if s is best[0] or s.score >= top - keep_gap or s.says_asked]
    if relevance is not None:
        ruled, picked = picked, relevance.pick(best, max_sentences, read)
        # None of its candidates on topic for the model: the report names the topic only in passing (no sentences)
        figured = [s for s in ruled if s.figures]
        if need_figure and picked and figured and not any(s.figures for s in picked):
            # "出庭应诉率是多少": the rule's "全年出庭232件、出庭率100%", after the sentence naming the topic, stays
            picked = picked[: max_sentences - 1] + [max(figured, key=lambda s: relevance.probability(s.features))]
        elif done_figure and not need_figure and picked and not any(s.figures for s in picked):
            # facets (体制改革) rank within the topic; other words (组长) are asked: the figure must say them
            facets_only = all(any(w in f or f in w for f in query.facets) for w in query.words)
            extra = done_figure_sentence(best, relevance, need_words=not facets_only)
            if extra is not None:
                picked = picked[: max_sentences - 1] + [extra]
    picked.sort(key=lambda s: s.start)
    specific = tuple(w for w in query.specific if w in found.holds)
    recalled = found.status == "计划" and any(_earlier(s, doc_norm, meta.year) for s in picked)
    return ReportItem(
        doc_id,
        meta.region,
        meta.year,
        meta.doc_type,
        meta.title,
        found.status,
        picked,
        found.mentions,
        specific,
        recalled,
    )


def _earlier(sentence: PickedSentence, doc_norm: str, year: int | None) -> bool:
    """Whether one of the sentence's counts is of a year before ``year`` (a plan recalling last year's results)."""
    if year is None:
        return False
    for a, b in sentence.figures:
        if DIGIT.search(sentence.text[a:b]) is None:  # "每一次" is no count
            continue
        of = dating.year_in_clause(doc_norm, sentence.start, sentence.start + a)
        if of is not None and of < year:
            return True
    return False


DIGIT = re.compile(r"\d")
_AT = {name: i for i, name in enumerate(FEATURES)}  # a feature's place in PickedSentence.features


def done_figure_sentence(
    pool: list[PickedSentence], relevance: SentenceRelevance, need_words: bool = True
) -> PickedSentence | None:
    """The figure a "how did they do it" item should carry when the model quoted none: the most probable candidate
    that names the topic itself, stands right under a heading that names it too (not another practice's), gives a
    figure and reports what was done ("截至目前,我县已办理行政复议案件36件" under "提高行政复议行政应诉工作水平").
    ``need_words``: it must also say one of the question's other words, if the question has any."""
    eligible = [
        s
        for s in pool
        if any(DIGIT.search(s.text[a:b]) for a, b in s.figures)  # a count, not "每一次"
        and not s.plan
        and s.features
        and s.features[_AT["in_sentence"]]
        and s.features[_AT["near"]]  # its own heading: a higher one may head many practices
        and not s.features[_AT["heading_other"]]
        and not s.features[_AT["problem"]]
        and not s.features[_AT["field_wide"]]  # 法治政府建设 is in every report's every section: no topic of its own
        and (not need_words or s.features[_AT["no_words"]] or s.features[_AT["says_asked"]])
    ]
    return max(eligible, key=lambda s: relevance.probability(s.features), default=None)


# ------------------------------------------------------------------ across reports


@dataclass
class ReportText:
    """What a comparison needs of one report: its metadata, normalised text and chunks."""

    doc_id: str
    meta: DocumentMeta
    norm: str  # normalised document text, quotes removed for the topic test
    doc_norm: str  # normalised document text, same offsets as the original
    chunks: list[Chunk]
    plain: list[str] = field(default_factory=list)  # each chunk's normalised text without quotes

    @property
    def key(self) -> tuple:
        """The report (``report_key``): a compilation's reports are one file each read on its own."""
        return report_key(self.doc_id, self.meta.region, self.meta.year, self.meta.title)


def report_texts(documents: dict, chunks: list[Chunk]) -> list[ReportText]:
    """A ReportText per report: per file, or per report of a compilation (its text alone, the others' blanked)."""
    by_report: dict[tuple, list[Chunk]] = {}
    for c in chunks:
        by_report.setdefault(c.report_key, []).append(c)
    out = []
    for doc_id, d in documents.items():
        for part in d.reports:
            norm = (
                d.norm
                if not d.parts
                else " " * part.start + d.norm[part.start : part.end].ljust(len(d.norm) - part.start)
            )
            key = report_key(doc_id, part.meta.region, part.meta.year, part.meta.title)
            out.append(ReportText(doc_id, part.meta, _plain(norm), d.norm, by_report.get(key, [])))
    return out


def compare(
    query: ComparisonQuery,
    reports: list[ReportText],
    exclude_regions: Iterable[str] = (),
    scope: Scope | None = None,
    max_sentences: int = 4,
    need_figure: bool = False,
    broad_share: float = Settings.compare_broad_share,
    specific_holders: int = Settings.compare_specific_holders,
    keep_gap: float = Settings.compare_keep_gap,
    relevance: SentenceRelevance | None = None,
    similarity: Similarity | None = None,
    read=None,
    passing: list[ReportItem] | None = None,
    done_figure: bool = False,
    figure_own_topic: bool = Settings.compare_figure_own_topic,
) -> list[ReportItem]:
    """One item per report in scope that holds the topic, ordered by how much each report says.
    ``need_figure``: the question asks how many — reports that give no figure on the topic are
    left out, unless none gives one. See ``keep_specific`` for ``broad_share`` and ``specific_holders``.
    ``read``: a cross-encoder bound to the question (cross_encoder.ReadTogether): the first ``read.reports`` items
    are read again with it, a fixed cost whatever the number of reports. ``passing``: where to put the reports the
    model (``relevance``) leaves out, which name the topic only in passing."""
    excluded = set(exclude_regions)
    items = []
    in_scope = 0

    def reading(r: ReportText, again=None) -> ReportItem | None:
        args = (max_sentences, r.plain or None, keep_gap, relevance, need_figure, similarity, again, done_figure)
        return read_report(query, r.chunks, r.doc_norm, r.meta, r.doc_id, *args)

    for r in reports:
        if r.meta.region in excluded or (scope is not None and not scope(r.meta)):
            continue
        in_scope += 1
        # One find per topic term per report: most reports are ruled out here.
        if not all(_on_topic(r.norm, alts) for alts in query.topic):
            continue
        item = reading(r)
        if item is not None:
            items.append(item)
    if len(items) >= broad_share * in_scope:  # reports that name the topic in passing too: they hold it
        items = keep_specific(items, specific_holders)
    if passing is not None:
        passing += [it for it in items if not it.sentences]
    items = [it for it in items if it.sentences]
    if need_figure:
        items = keep_figures(items, figure_own_topic)
    order = lambda it: (-len(it.figures) - it.mentions, it.status != "成效", -(it.year or 0))  # noqa: E731
    items.sort(key=order)
    if read is not None and relevance is not None:
        by_key = {r.key: r for r in reports}
        again = [reading(by_key[it.key], read) for it in items[: read.reports]]
        # a report the trees keep stays, whatever the cross-encoder says: it only re-picks the sentences
        items[: read.reports] = [a if a and a.sentences else it for a, it in zip(again, items)]
        items.sort(key=order)
    return sorted(one_per_report(items, max_sentences), key=order)


def one_per_report(items: list[ReportItem], max_sentences: int) -> list[ReportItem]:
    """One item per report: a report a site split into pages (content_1.html, content_1_2.html), or posted twice,
    is files of the same place, year, type and title; its items are one, with the best sentences of all (each cited
    to its own file), repeated sentences once."""
    out: list[ReportItem] = []
    first_of: dict[tuple, ReportItem] = {}
    for it in items:
        key = (it.region, it.year, it.doc_type, it.title) if it.region and it.year and it.title else None
        first = first_of.get(key) if key is not None else None
        if first is None:
            if key is not None:
                first_of[key] = it
            out.append(it)
            continue
        seen = {s.text for s in first.sentences}
        more = [s for s in it.sentences if s.text not in seen]
        if not more:  # the same report twice
            continue
        pool = sorted(first.sentences + more, key=lambda s: -s.score)[:max_sentences]
        first.sentences = sorted(pool, key=lambda s: (s.chunk.doc_id != first.doc_id, s.chunk.doc_id, s.start))
        first.mentions += it.mentions
        first.status = "成效" if "成效" in (first.status, it.status) else first.status
        first.specific = tuple(dict.fromkeys(first.specific + it.specific))
    return out


def keep_specific(items: list[ReportItem], holders: int) -> list[ReportItem]:
    """A topic every report holds (法治政府, 法律顾问) does not say which reports answer; the question's
    specific words do ("哪些地方的法律顾问列席政府会议": those whose sentences on it say 列席). Only
    when at least ``holders`` reports hold one: a word one report happens to use may be the asker's
    own (挂钩 for 纳入考核)."""
    if sum(bool(it.specific) for it in items) < holders:
        return items
    return [it for it in items if it.specific]


# What a question says of the figures it asks for: targets, things done, a rate.
_PLANS = re.compile(r"要求|目标|计划|打算|规划|安排|部署|力争|将要|准备|明年|下一步|下步|今后|未来|要达到|应当|应该")
_DONE = re.compile(r"已经|已|实际")
_RATE = re.compile(r"率|比例|占比|百分")


def asks_done(question: str) -> bool:
    """ "各地一年办了多少件?" asks what was done; "各地要求出庭应诉率达到多少?" asks for targets too, and
    so does a rate asked plainly ("出庭应诉率各地是多少": a work plan's 不低于90% is its answer)."""
    if _PLANS.search(question):
        return False
    return bool(_DONE.search(question)) or not _RATE.search(question)


# "哪些地方已经开展…": which places have done it, not which plan to (a bare 了 is said of plans too:
# "哪些地方制定了目录" is answered by a work plan's item, in the askers' own reading).
_WHICH_PLACES = re.compile(r"(?:哪些|哪几个|哪个)(?:地方|县|市|区|地区)|还有(?:哪|别的|其他|其它)")
_PERFECTIVE = re.compile(r"已经|已")


def asks_which_did(question: str) -> bool:
    """ "哪些地方已经开展了双随机监管?" asks which places have done it: a work plan's intention does not answer."""
    return bool(_WHICH_PLACES.search(question) and _PERFECTIVE.search(question)) and not _PLANS.search(question)


def keep_achieved(items: list[ReportItem]) -> list[ReportItem]:
    """The reports that say what they did (成效), when some do; a plan is no record of doing it."""
    done = [it for it in items if it.status == "成效"]
    return done or items


def keep_done(items: list[ReportItem]) -> list[ReportItem]:
    """ "各地办了多少件": when some reports count what they did, a work plan's target is no count; a plan that recalls
    the count of a year before its own gives one."""
    if not any(it.status == "成效" and it.figures for it in items):
        return items
    return [it for it in items if it.status == "成效" or not it.figures or it.recalled]


def keep_figures(items: list[ReportItem], own_topic: bool = Settings.compare_figure_own_topic) -> list[ReportItem]:
    """ "各地办了多少件": the reports that give a figure on the topic, unless none does. ``own_topic``: a figure of a
    sentence about another practice is not one on the topic (``ReportItem.topic_figures``)."""
    figures = (lambda it: it.topic_figures) if own_topic else (lambda it: it.figures)
    return [it for it in items if figures(it)] if any(figures(it) for it in items) else items


def gather(hits: list[Hit], ratio: float) -> dict[tuple, list[Hit]]:
    """Reports by retrieval, for a weak topic: each report whose best passage scores at least
    ``ratio`` × the best passage's score, with its passages in rank order (best report first); by report key."""
    if not hits:
        return {}
    top = max(h.score for h in hits)
    by_report: dict[tuple, list[Hit]] = {}
    for h in sorted(hits, key=lambda h: -h.score):
        if h.chunk.report_key in by_report or h.score >= ratio * top:
            by_report.setdefault(h.chunk.report_key, []).append(h)
    return by_report


def item_from_hits(
    hits: list[Hit], report: ReportText, terms: Terms, max_sentences: int = 3, passages: int = 2
) -> ReportItem | None:
    """A report's item from its best retrieved passages: the sentences holding most of the
    question's (weighted) terms, figures and measures breaking ties; None when none holds any."""
    scored: list[tuple[float, PickedSentence]] = []
    mentions = 0
    for h in hits[:passages]:
        chunk = h.chunk
        plan = is_plan_section(chunk.section, chunk.doc_type, chunk.year)
        problem = is_problem_section(chunk.section)
        for a, b, norm in _split(chunk, report.doc_norm):
            coverage, _ = match_terms(terms, norm)
            if coverage <= 0:
                continue
            mentions += 1
            # Offsets into the sentence as written: ``norm`` has its quotation marks taken out.
            figures = tuple((m.start(), m.end()) for m in FIGURE.finditer(report.doc_norm[a:b]))
            score = coverage + 0.1 * min(len(figures), 2) + 0.1 * bool(MEASURE.search(norm)) - 0.5 * problem
            text = chunk.text[a - chunk.start : b - chunk.start]
            scored.append((coverage, PickedSentence(chunk, a, b, text, figures, plan, score)))
    if not scored:
        return None
    best = max(c for c, _ in scored)
    picked = sorted((p for c, p in scored if c >= 0.5 * best), key=lambda p: -p.score)[:max_sentences]
    done = [p for p in picked if not p.plan]
    status = "成效" if done and report.meta.doc_type != "工作要点" else "计划"
    picked.sort(key=lambda p: p.start)
    meta = report.meta
    return ReportItem(report.doc_id, meta.region, meta.year, meta.doc_type, meta.title, status, picked, mentions)


def relax(query: ComparisonQuery) -> ComparisonQuery | None:
    """The query without its last topic term, when no report holds them all."""
    if len(query.topic) <= 1:
        return None
    return replace(query, topic=query.topic[:-1], named=())


# ------------------------------------------------------------------ placeless figure questions


def figures_by_report(
    query: ComparisonQuery,
    reports: list[ReportText],
    kind: str,
    question_norm: str,
    exclude_regions: Iterable[str] = (),
    scope: Scope | None = None,
    terms: Terms | None = None,
    min_coverage: float = 0.6,
) -> list[FigureItem]:
    """For "出庭应诉率是多少?" asked of no place: each report's own figure (a plan's as a target)."""
    hint, total = span_patterns.unit_hint(question_norm), span_patterns.asks_total(question_norm)
    # The question's own words (IDF-weighted) must be mostly in the figure's sentence: "法律顾问团
    # 代理…多少起" is not answered by any count near 法律顾问.
    terms = terms or Terms([alts for alts in query.topic], [1.0] * len(query.topic))
    # The most specific of the question's terms the sentence says (highest weight) must share the figure's clause:
    # not one the sentence lacks ("培训课" asked, "人均培训64学时" said).
    weight = dict(zip((alts[0] for alts in terms.terms), zip(terms.weights, terms.terms)))
    out = []
    excluded = set(exclude_regions)
    for r in reports:
        if r.meta.region in excluded or (scope is not None and not scope(r.meta)):
            continue
        if not all(_on_topic(r.norm, alts) for alts in query.topic):
            continue
        best = None
        for i, chunk in enumerate(r.chunks):
            if not _on_topic(r.plain[i] if r.plain else _plain(r.doc_norm[chunk.start : chunk.end]), query.primary):
                continue
            plan = is_plan_section(chunk.section, chunk.doc_type, chunk.year)
            for a, b, _ in _split(chunk, r.doc_norm):
                norm = r.doc_norm[a:b]
                if not _on_topic(_plain(norm), query.primary):
                    continue
                coverage, anchors = match_terms(terms, norm)
                if coverage < min_coverage:
                    continue
                found = span_patterns.best_span(kind, norm, anchors, hint, total)
                if found is None:
                    continue
                (s, e), span_score = found
                if not span_patterns.unit_fits(norm[s:e], hint):
                    continue  # 多少起 is not answered by 一次; 多少本 is by 证件800余个
                key = max((weight[a[3]] for a in anchors if a[3] in weight), default=(0.0, ()))[1]
                if not in_clause(norm, s, e, key):
                    continue  # "纠错率是多少": not the 30% of another clause of the sentence
                if kind == "count":
                    s, e = span_patterns.with_counted_noun(norm, (s, e))
                bound = _LOWER_BOUND.search(norm[:s])
                if bound:
                    s = bound.start()  # "不低于90%" is a target's floor, "90%" would misquote it
                score = coverage + 0.2 * span_score - 0.5 * (plan and r.meta.doc_type != "工作要点")
                if best is None or score > best[0]:
                    best = (score, chunk, a + s, a + e, plan)
        if best is not None:
            _, chunk, s, e, plan = best
            text = chunk.text[s - chunk.start : e - chunk.start]
            out.append(FigureItem(r.doc_id, r.meta.region, r.meta.year, r.meta.doc_type, chunk, s, e, text, plan))
    out.sort(key=lambda f: (-(f.year or 0), f.region or ""))
    return out


_CLAUSE = re.compile(r"[，,；;。：:]")


def _clause_start(norm: str, at: int) -> int:
    """Where the clause (between commas) holding offset ``at`` begins."""
    return max((m.end() for m in _CLAUSE.finditer(norm, 0, at)), default=0)


def in_clause(norm: str, s: int, e: int, alts: tuple[str, ...]) -> bool:
    """Whether one of ``alts`` is in the clause (between commas) that holds norm[s:e]."""
    if not alts:
        return True
    a = _clause_start(norm, s)
    m = _CLAUSE.search(norm, e)
    clause = _plain(norm[a : m.start() if m else len(norm)])
    return _on_topic(clause, alts)


def figure_of(norm: str, s: int, e: int, alts: tuple[str, ...], rates: tuple[str, ...] = ()) -> bool:
    """Whether the figure norm[s:e] is of the topic ``alts``: one of them is in its clause, or in its sentence
    while the figure is a share of the rate the question names, if it names one ("学法考试，参考率100%，合格率
    99.6%" for 学法考试的合格率; "纳入综合考核，分值占比提高至4%" for 法治政府建设在考核里占多大分量) — not the
    "案件比例低于30%" beside a sentence on 纠错率."""
    if in_clause(norm, s, e, alts):
        return True
    digit = DIGIT.search(norm, s, e)  # the figure itself: a reader's span may open with its label (合格率99.6%)
    at = digit.start() if digit else s
    a = _clause_start(norm, at)  # the rate named in the figure's clause
    if rates and not any(_names_rate(norm[a:e], at - a, rate) for rate in rates):
        return False
    return _on_topic(_plain(sentence_around(norm, s, e)), alts)


# ------------------------------------------------------------------ whom to compare


def asks_others(question: str) -> bool:
    """ "其他县", "别的地方", "除了元氏县": the (normalised) question asks about places other than one."""
    return bool(_OTHER.search(question))


_OTHER_PLACES = re.compile(rf"(?:其[他它]|别的|兄弟)的?(?:地方|地区|县|市|区|省|州|城市|单位)|{_ELSEWHERE}")


def asks_other_places(question: str) -> bool:
    """ "别的地方…", "其他县市…" — not "除了元氏县还有哪个县" (a place the asker's report may name) nor
    "合同和其他政府投资事项": the asker's own report cannot answer it."""
    return bool(_OTHER_PLACES.search(question))


_CLAUSE_RUN = re.compile(r"[^，,；;。！!？?]+[，,；;。！!？?]*")


def without_asker(question: str, names: tuple[str, ...]) -> str:
    """The question without its clauses that name the asker's own place (``names``); the question
    itself when every clause does."""
    if not names:
        return question
    kept = [c for c in _CLAUSE_RUN.findall(question) if not any(n in c for n in names)]
    return "".join(kept) if kept else question


def excluded_regions(question: str, named: tuple[str, ...], history_regions: tuple[str, ...]) -> tuple[str, ...]:
    """ "其他县" (in the normalised question) leaves out the asker's own place: the one the question
    names before 其他, or else the one the conversation was about."""
    if not asks_others(question):
        return ()
    if named:
        return named
    return history_regions[-1:] if history_regions else ()


PROVINCES = (
    "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江", "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南",
    "广东", "海南", "四川", "贵州", "云南", "陕西", "甘肃", "青海", "台湾", "内蒙古", "广西", "西藏", "宁夏", "新疆",
)  # fmt: skip
_PROVINCE = re.compile(rf"({'|'.join(PROVINCES)})(?:省|自治区|壮族自治区|回族自治区|维吾尔自治区)")


def province_of(report: ReportText) -> str | None:
    """The province a report belongs to, read from its text: the province it names most often as
    "XX省" (its regulations: 《湖南省林业条例》), ties broken by first mention: the fallback for a
    report whose place the gazetteer did not resolve at indexing."""
    found = _PROVINCE.findall(report.doc_norm)
    if not found:
        return None
    counts: dict[str, int] = {}
    for p in found:
        counts[p] = counts.get(p, 0) + 1
    return max(counts, key=lambda p: (counts[p], -found.index(p)))


def report_province(report: ReportText) -> str | None:
    """The report's province, short (河北): the gazetteer's, from indexing, or else read from its text."""
    return short_area(report.meta.province) if report.meta.province else province_of(report)


def area_name(area: Division) -> str:
    """A province or city as questions write it (怀化市 → 怀化)."""
    return short_area(area.name)


# "徐州各地", "徐州市各县（市、区）", "全市各…": the places within the city or province named right before
_EACH = re.compile(r"(?:市|省)?(?:内)?(?:各地|各县|各区|各市|各镇|各级|所辖|下辖|全市各|全省各)")


def each_within(norm: str, reports: list[ReportText]) -> list[Division]:
    """The cities or provinces a question asks across ("徐州各地…分别是多少", "徐州市各县区…"): each named right before
    a word for the places within it, and holding the reports of two places or more (its own among them); a city
    whose report alone lies in it asks its own report ("怀化市各县市区哪天前要报送").
    """
    found = []
    for area in areas_named(norm, macro=False):
        said = any(
            _EACH.match(norm, at + len(name))
            for name in dict.fromkeys((area.name, short_area(area.name)))
            for at in (m.start() for m in re.finditer(re.escape(name), norm))
        )
        if said and len({r.meta.region for r in reports if in_area(r.meta.division_code, area)}) >= 2:
            found.append(area)
    return found


def area_scope(areas: list[Division], reports: list[ReportText], outside: list[Division] | tuple = ()) -> Scope | None:
    """A scope predicate over report metadata for the provinces/cities a question names: a report
    is inside when its division code (from the gazetteer, at indexing) lies in one of them; a report
    without a code falls back to the province its text names (``text_scope``). ``outside``: areas the
    question leaves out ("河北省以外"): a report in one of them is not inside."""
    if not areas and not outside:
        return None

    def held(r: ReportText, among: list[Division]) -> bool:
        names = tuple(dict.fromkeys(area_name(a) for a in among))
        code = r.meta.division_code
        return any(in_area(code, a) for a in among) if code else bool(text_scope(names, [r])(r.meta))

    inside = {
        (r.meta.region, r.meta.title, r.meta.year)
        for r in reports
        if (not areas or held(r, areas)) and not (outside and held(r, outside))
    }
    return lambda meta: (meta.region, meta.title, meta.year) in inside


def text_scope(names: tuple[str, ...], reports: list[ReportText]) -> Scope | None:
    """A scope predicate over report metadata ("吉林省内" → reports of 吉林): the report's province
    read from its text (``province_of``), or its region or title naming the place (怀化 → 怀化市)."""
    if not names:
        return None
    inside = set()
    for r in reports:
        head = " ".join(x for x in (r.meta.region, r.meta.title) if x)
        province = province_of(r)
        if any(n in head or (province and (n in province or province in n)) for n in names):
            inside.add((r.meta.region, r.meta.title, r.meta.year))
    return lambda meta: (meta.region, meta.title, meta.year) in inside


# ------------------------------------------------------------------ the answer


@dataclass
class Comparison:
    """A comparison question's result: the items, and what was left out and why."""

    query: ComparisonQuery
    items: list[ReportItem] = field(default_factory=list)
    figures: list[FigureItem] = field(default_factory=list)  # placeless figure questions
    excluded: tuple[str, ...] = ()  # the asker's own place
    scope: tuple[str, ...] = ()  # province/city the question limits itself to
    filtered_out: list[ReportItem] = field(default_factory=list)  # answering reports the filters left out
    passing: list[ReportItem] = field(default_factory=list)  # reports that name the topic only in passing
    note: str | None = None
    unsaid: bool = False  # the note says no report gives what is asked: that is the answer, no one report's reading


def _named(items: list) -> str:
    """ "元氏县2021年年度报告、怀化市2023年年度报告": reports as a note names them, each once."""
    return "、".join(dict.fromkeys(f"{it.region or '未知地区'}{it.year or ''}年{it.doc_type}" for it in items))


def passing_note(passing: list[ReportItem]) -> str:
    """ "元氏县2021年年度报告也有这一主题的词，但找到的句子都不是讲它的，未列出。": a report left out is named."""
    return f"{_named(passing)}也有这一主题的词，但找到的句子都不是讲它的，未列出。"


def filters_note(filters, filtered_out: list) -> str | None:
    """ "已按地区=元氏县筛选；怀化市的报告未检索": a filter never hides an answer silently."""
    if not filtered_out:
        return None
    said = []
    if filters.regions:
        said.append("地区=" + "、".join(filters.regions))
    if filters.years:
        said.append("年份=" + "、".join(str(y) for y in filters.years))
    if filters.doc_types:
        said.append("类型=" + "、".join(filters.doc_types))
    return f"已按{'，'.join(said)}筛选；{_named(filtered_out)}的报告也提到这一主题，未检索。"


def to_answer(comparison: Comparison, question: str):
    """The chat answer: one block per report (place · year · type · 成效/计划) with its sentences,
    each cited; for a placeless figure question one figure per report."""
    from qa.document import Answer, AnswerPiece, Citation, Hit

    answer = Answer(question=question, answer=None, answer_type="none", confidence=0.0)
    citations: dict[str, Citation] = {}

    def cite(chunk: Chunk) -> int:
        if chunk.chunk_id not in citations:
            citations[chunk.chunk_id] = Citation(len(citations) + 1, chunk)
        return citations[chunk.chunk_id].n

    # The answer string is the extracted pieces, each with its marker, one a line (reports in
    # order, their sentences together); which report each is from is the piece's label.
    if comparison.figures:
        for f in comparison.figures:
            label = f"{f.region or '未知地区'} {f.year or ''}{' 目标' if f.target else ''}".strip()
            answer.pieces.append(AnswerPiece(f.text, cite(f.chunk), f.start, f.end, label=label))
    else:
        for it in comparison.items:
            for s in it.sentences:
                answer.pieces.append(AnswerPiece(s.text, cite(s.chunk), s.start, s.end, label=it.label))
    if not answer.pieces:
        answer.note = comparison.note or "没有报告提到这一主题。"
        return answer
    answer.answer = "\n".join(f"{p.text}[{p.citation}]" for p in answer.pieces)
    answer.answer_type = "list"
    answer.citations = list(citations.values())
    answer.hits = [Hit(c.chunk, c.n, 1.0 / c.n) for c in answer.citations]
    answer.confidence = 0.8 if comparison.items or len(comparison.figures) > 1 else 0.6
    answer.note = comparison.note
    return answer
