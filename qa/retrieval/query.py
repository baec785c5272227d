"""Query: a question analysed once — what the retriever, the readers, the notes and the app share.

``analyse`` cleans the question, makes a follow-up standalone, normalises it (once), and works
out what it asks: the kind of answer, the places and years it names and what the corpus holds
for them, its topic versus the facets of that topic, the weighted content terms with the
official terms an everyday phrase stands for, the search tokens, and (lazily, once) the
embedding vector. Nothing downstream looks at the raw question again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from qa.document import AnswerType
from qa.ingest.gazetteer import (
    COUNTY,
    Division,
    areas_named,
    gazetteer,
    holds_any,
    in_area,
    macro_regions_named,
    short_area,
    whole_name,
)
from qa.ingest.metadata import regions_in
from qa.retrieval.question import (
    UNITS,
    Mentions,
    QuestionKind,
    area_role,
    asked_names,
    asked_title,
    asks_measures_only,
    asks_page_fact,
    asks_signature_date,
    clean,
    compound_parts,
    defined_term,
    enumerated,
    find_mentions,
    is_follow_up,
    question_type,
    quoted_names,
    short_names,
    spoken_names,
)
from qa.settings import DATA_DIR, Settings
from qa.text.field_topics import named_topics
from qa.text.normalization import normalize
from qa.text.qualifiers import qualifiers
from qa.text.specificity import specificity
from qa.text.synonyms import expansions
from qa.text.tokenization import pos_tags, read_list

if TYPE_CHECKING:
    from qa.retrieval.corpus_view import CorpusView
    from qa.retrieval.question import Mentions

FRAME_WORDS = DATA_DIR / "frame_words.txt"
FACET_WORDS = DATA_DIR / "facet_words.txt"


@lru_cache(maxsize=4)
def frame_words(path: Path = FRAME_WORDS) -> frozenset[str]:
    """Words that say what kind of answer is wanted (安排, 成效), not what the question is about."""
    return frozenset(read_list(path))


@lru_cache(maxsize=4)
def facet_words(path: Path = FACET_WORDS) -> tuple[str, ...]:
    """Generic modifiers of a topic (体制改革, 规范化, 质效, 建设), longest first."""
    return tuple(sorted(read_list(path), key=len, reverse=True))


@dataclass
class Terms:
    """The question's content terms with weights (IDF); each term may have alternatives
    (an everyday phrase and the official terms that say the same)."""

    terms: list[tuple[str, ...]]
    weights: list[float]  # 0 for a term no passage of the corpus holds: it can neither match nor miss

    @property
    def total(self) -> float:
        return float(sum(self.weights))


# A named rate: two characters before 率 (纠错率, 满意率, 应诉率), not "的比率".
RATE = re.compile(r"(?:(?![的之是为了和与及比率])[\u4e00-\u9fff]){2}率")
# An everyday share: the two characters said before 的比例 / 占比 ("出庭的比例", "满意的占比").
_SHARE_OF = re.compile(r"((?:(?![的之是为了和与及比率])[\u4e00-\u9fff]){2})的?(?:比例|占比|比重)")


def shares_said(question_norm: str, rate_labels: Iterable[str]) -> list[str]:
    """The rates the reports give (``rate_labels``) that a share said in everyday words stands for: a label that
    begins or ends with the two characters right before the question's 比例 ("负责人亲自出庭的比例" → 出庭应诉率,
    "出庭应诉的比例" → 出庭应诉率, "满意的占比" → 满意率)."""
    stems = {m.group(1) for m in _SHARE_OF.finditer(question_norm)}
    return sorted(r for r in rate_labels if any(r.startswith(t) or r[:-1].endswith(t) for t in stems))


# Questions about several reports at once: "这两份报告", "两地", "几份报告里".
_SEVERAL = re.compile(r"这两份|两份报告|几份报告|这几份|两地|两个地方|这几个地方|两个县|两个市")
_TWO_YEARS = re.compile(r"(?:19|20)\d{2}年?度?(?:和|与|、|及|跟|同|还有)(?:19|20)\d{2}年")

# Localisers that make what follows a part of the set before them: 案件中/申请里/人里头…有多少.
_PART_OF = frozenset({"中", "里", "里头", "里面", "当中", "之中"})


def _outermost(found) -> tuple[tuple[tuple[str, ...], float], ...]:
    """The part's terms less those inside a longer one ("刑事案件" holds 案件, the set's own word)."""
    found = tuple(found)
    return tuple(f for f in found if not any(f[0][0] != g[0][0] and f[0][0] in g[0][0] for g in found))


# A town, street, new town or park by name ("沣东新城", "城关镇"), not "各乡镇"; a name's first part is seldom a
# word of general Chinese (jieba's counts), or one it tags a place or person name (东湖, 城关).
_PART_PLACE = re.compile(
    r"(?<![各全本该每乡村城])((?![区县市省州旗盟])(?:(?![各全本该每的在和与及、])[\u4e00-\u9fff]){2,3}?)"
    r"(?:新城|街道|镇|乡|开发区|高新区|园区)"
)
_NAME_USE = 100
# A part named by what its members concern, before the set counted ("涉及工伤认定的行政复议案件有多少件", "因土地征收
# 引发的"): the words between the marker and 的.
_PART_BY_MATTER = re.compile(
    r"(?:(?:涉及|涉|因|关于|有关)([\u4e00-\u9fff、]{2,12}?)(?:引发|引起|产生)?(?:方面|领域|类|问题)?的"
    r"|在([\u4e00-\u9fff、]{2,12}?)(?:领域|行业)的?)"  # "在不动产登记领域办理的…有多少件"
    r"[\u4e00-\u9fff]{0,10}?(?:有|共有|是|为)?(?:多少|几)"
)
_MATTER_BEFORE = re.compile(
    r"(?:涉及|因|关于|有关)([\u4e00-\u9fff、]{2,12}?)(?:引发|引起|产生)?(?:方面|领域|类|问题)?的"
)
# Nouns a count is asked as ("组织听证的次数目标是多少", "人数", "总量"): what is asked, not what singles out a part.
_ASKED_NOUNS = frozenset(
    {"次数", "人数", "件数", "个数", "户数", "家数", "场次", "数量", "数目", "总数", "总量", "目标", "指标"}
)
# Light verbs (形式动词) carry no part's meaning: "作出撤销决定的有几件" singles out 撤销.
_LIGHT_VERBS = frozenset({"作出", "做出", "进行", "给予", "予以", "加以"})
# Places a localiser after which says where, not among what ("村里", "社区里的", "镇里").
_PLACE_NOUNS_WHERE = ("村", "社区", "镇", "乡", "街道", "县", "市", "区", "省")
# The asker's examples of a kind ("提醒、劝导这类"): they illustrate the kind, not the part asked.
_EXAMPLES = re.compile(r"[\u4e00-\u9fff]{1,6}(?:、[\u4e00-\u9fff]{1,6})+(?:这类|这些|这种|这样的|之类的?|等)")
# The words a share question asks with: what is asked, not what singles out the part.
_SHARE_WORDS = frozenset({"比例", "比重", "占比", "比率", "百分比", "几成", "份额", "权重", "分量"})
# A demonstrative with its measure word ("这类", "那项", "这方面") points back at the question's own words; it names
# nothing a sentence must hold. Most are words the reports never use (weight 0 already); those they do use (这类,
# 那项, 那家, 那件) weighed as much as a term of art.
_DEICTIC = re.compile(r"[这那此该哪][一两三几]?(?:[个类项块种件样份次边摊家套轮部批位起些条回]|方面)")

# One-character nouns a count may be of (多少个村), unless a longer word starts there (乡镇, 村民, 村委, 市级).
_PLACE_NOUNS = frozenset("村乡镇县市区省")
_PLACE_WORD = re.compile(r"[村乡镇县市区省](?:[乡镇县市区级民委里]|社区|居|庄|干部|集体)")
# The count word of a count question: 多少件, 几位, 多少个工作日.
_COUNT_WORD = re.compile(rf"(?:多少|几)\s*(?:个?工作日|学时|人次|场次|万元|亿元|[{UNITS}])?")

_TIMES = "次回遍趟轮"  # units that count times an act is done
# Money asked for; also money named right after the count ("要回来多少工资", "多少补贴"): not a counted thing.
_MONEY = re.compile(r"多少钱|多少万?元|经费|资金|金额|费用|多少(?:万元?)?(?:工资|欠薪|薪酬|报酬|补贴|奖金|罚款|赔偿)")

# Kinds answered with figures or one item per report: no sentence of theirs is read as naming or defining.
_FIGURE_KINDS = ("list", "ratio", "count", "date")

# The answer each kind of question calls for (what a reader tries to cut; "none" stays possible).
EXPECTED: dict[str, AnswerType] = {
    "list": "list",
    "ratio": "span",
    "count": "span",
    "date": "span",
    "which_person": "span",
    "which_unit": "span",
    "which_place": "span",
    "descriptive": "sentence",
    "fact": "sentence",
}


@dataclass
class Query:
    asked: str  # as the user wrote it (before cleaning)
    text: str  # cleaned and, for a follow-up, made standalone: what is searched and read
    norm: str  # normalize(text): same length, simplified, half-width
    kind: QuestionKind
    mentions: Mentions  # corpus regions and years the question names
    tokens: list[str]  # BM25 query tokens, the official terms of everyday phrases added
    terms: Terms  # weighted content terms for the readers (places and years left out)
    ignore: tuple[str, ...]  # the names of the mentioned regions: routing, not content
    topic: tuple[str, ...]  # the core term(s) of art: 行政复议 in 行政复议体制改革
    facets: tuple[str, ...]  # the question's generic modifiers of the topic: 体制改革
    view: CorpusView = field(repr=False, compare=False)
    embedder: object | None = field(default=None, repr=False, compare=False)

    @property
    def expected(self) -> AnswerType:
        return EXPECTED[self.kind]

    @property
    def rewritten(self) -> bool:
        return self.text != self.asked

    @cached_property
    def vector(self) -> np.ndarray | None:
        """The question's embedding, computed on first use and shared by retrieval and reading;
        None when no embedding model serves this query."""
        if self.embedder is None:
            return None
        return self.embedder.encode_queries([self.text])[0]

    @cached_property
    def holdings(self) -> tuple[str, ...]:
        """The corpus' reports for the one place named (all reports when none or several are)."""
        region = self.mentions.regions[0] if len(self.mentions.regions) == 1 else None
        return self.view.holdings(region)

    @cached_property
    def places_without_report(self) -> tuple[str, ...]:
        """Places the question names that no report is about."""
        known = self.view.regions
        return tuple(
            r
            for r in regions_in(self.norm, tagged=True)
            if not any(n in r or r in n for k in known for n in short_names(k))
        )

    @cached_property
    def unknown_places(self) -> tuple[str, ...]:
        """Places the question names that no report is about and no report even mentions
        (海东市 is named in the 互助县 plan: questions about it are searched as usual)."""
        places = tuple(
            r
            for r in self.places_without_report
            if not self.view.knows(r)
            and not holds_any(r, self.view.division_codes)  # a county of a city the corpus holds
        )
        # A province or city named by its short name ("广东的报告里…") that holds no report's place and no report
        # mentions; "广东以外的地方" is no question about 广东.
        codes, outside = self.view.division_codes, self.area_roles["outside"]
        return places + tuple(
            a.name
            for a in areas_named(self.norm, macro=False)
            if a.name not in self.view.known_regions
            and a not in outside
            and not any(in_area(c, a) for c in codes)
            and not self.view.knows(a.name)
            and not self.view.knows(short_area(a.name))
            and a.name not in places
        )

    @cached_property
    def areas_above(self) -> tuple[str, ...]:
        """Places the question names that hold reports' places but have no report of their own
        (石家庄市 ⊃ 元氏县), when it names no report's place: a county's figure is not the city's."""
        if self.mentions.regions:
            return ()
        codes = self.view.division_codes
        places = [r for r in self.places_without_report if holds_any(r, codes)]
        # Provinces too (湖南省 ⊃ 怀化市): the gazetteer names them, the place-name pattern does not.
        known = self.view.known_regions
        # "湖南省内哪个县", "吉林省的各市" ask within the province, not for its own figure; "青海这个县" is the
        # county's report; "河北省以外", "除了河北的元氏县" are not about 河北 itself (area_roles).
        elsewhere = self.area_roles["outside"] + self.area_roles["describes"]
        places += [
            a.name
            for a in areas_named(self.norm, macro=False)  # "华北的县" asks within the region
            if a.name not in known
            and a.name not in places
            and any(in_area(c, a) for c in codes)
            and not re.search(
                rf"{a.name[:2]}\w?(?:内|里|境内|下辖|所属|的?各|的?哪|其他|其它|的?这|的?那[个些份]|的?(?:报告|工作要点)"
                r"|的(?:区县|县区|市县|县市|县|区|地市|城市|地方))",  # "浙江的区县…": those within it
                self.norm,
            )
            and a not in elsewhere
        ]
        return tuple(places)

    @cached_property
    def area_roles(self) -> dict[str, list[Division]]:
        """The provinces and cities the question names that are no report's place, by how it names them
        (question.area_role): "within" limits a comparison to them, "outside" leaves their reports out
        ("河北省以外的地方"), "describes" says where a named place lies ("除了河北的元氏县")."""
        known = self.view.known_regions
        here = tuple(n for r in self.view.regions for n in short_names(r))
        roles: dict[str, list[Division]] = {"within": [], "outside": [], "describes": []}
        named = _areas_beyond(self.norm, known)
        shorts = tuple(short_area(a.name) for a in named)
        for a, short in zip(named, shorts):
            roles[area_role(self.norm, short, here, shorts)].append(a)
        return roles

    @cached_property
    def places_elsewhere(self) -> tuple[str, ...]:
        """Counties and cities the question names that have no report but that a report mentions, beside
        or below the reports' places (正定县 beside 元氏县, 辰溪县 in 怀化市), when it names no report's
        place: another place's figure or measure is not theirs unless the answering sentence names them."""
        if self.mentions.regions:
            return self.places_below + self.parts_named  # "怀化市辰溪县办了多少件": the county, not the city
        named = tuple(
            r
            for r in self.places_without_report
            if r not in self.unknown_places and r not in self.areas_above and whole_name(r) is not None
        )
        return tuple(dict.fromkeys(named + self.places_below + self.parts_named))

    @cached_property
    def parts_named(self) -> tuple[str, ...]:
        """Towns, streets, new towns and parks the question names that a report writes but no report is of
        (沣东新城 in 西咸新区's report, 城关镇 in a county's): the whole place's figure is not theirs. The name's
        first part must be a name, not a common word (工业园区, 重点镇)."""
        return tuple(name for name, written, _ in self._part_places if written)

    @cached_property
    def parts_unwritten(self) -> tuple[str, ...]:
        """Towns, streets and parks the question names that no report writes ("黔西市中坪镇…多少件" and a report that
        counts its townships but never names 中坪镇): no report's figure is theirs. Only a name jieba reads as one
        place name (not "多少个镇", nor 呼市 + 新城区)."""
        return tuple(name for name, written, one_place in self._part_places if not written and one_place)

    @cached_property
    def _part_places(self) -> list[tuple[str, bool, bool]]:
        """The towns, streets, new towns and parks the question names (not a report's own place), each with whether
        a report writes it and whether jieba reads it as one place name. The name's first part must be a name, not a
        common word (工业园区, 重点镇), and open a word ("农业示范园区": 业示范 starts inside one)."""
        from qa.text.tokenization import general_use

        known = self.view.known_regions
        starts, places, pos = set(), set(), 0
        for word, tag in pos_tags(self.norm):
            starts.add(pos)
            pos += len(word)
            if tag == "ns":
                places.add(word)
        found = []
        for m in _PART_PLACE.finditer(self.norm):
            name, first = m.group(0), m.group(1)
            if m.start() not in starts or any(name in k or k in name for k in known):
                continue
            count, tag = general_use(first)
            if count <= _NAME_USE or tag.startswith(("ns", "nr")):
                found.append((name, self.view.writes(name), name in places))
        return found

    @cached_property
    def places_below(self) -> tuple[str, ...]:
        """Counties and districts the question names that lie inside a city with a report, or beside a county with
        one, but have none of their own, found by the gazetteer (鹤城区 of 怀化市, 藁城区 beside 元氏县: the
        place-name pattern takes them for the word 城区)."""
        codes = [c for c in self.view.division_codes if c and not c.endswith("0000")]  # cities and counties
        known = self.view.known_regions
        found = []
        for m in gazetteer().mentions(self.norm):
            name = self.norm[m.start : m.end]
            if len(m.candidates) != 1 or any(name in k or k in name for k in known):
                continue  # 新城区 names two districts: too often the word
            (place,) = m.candidates
            if place.level == COUNTY and any(place.code[:4] == c[:4] and place.code != c for c in codes):
                found.append(name)
        return tuple(found)

    @cached_property
    def parts(self) -> tuple[str, ...]:
        """The questions a compound question asks one after another, as asked ("元氏县一共有多少名法律顾问", "其中
        公职律师有几名"); the question alone when it asks one thing."""
        return tuple(compound_parts(self.norm))

    @cached_property
    def standalone_parts(self) -> tuple[str, ...]:
        """The parts, each after the first led by the places and years the question names when it names none
        ("元氏县其中公职律师有几名"): what each part is analysed as."""
        if len(self.parts) < 2:
            return (self.text,)
        lead = "".join(self.mentions.regions) + "".join(f"{y}年" for y in self.mentions.years)
        later = [p if (not lead or any(r in p for r in self.mentions.regions)) else lead + p for p in self.parts[1:]]
        return (self.parts[0], *later)

    @cached_property
    def asks_measures(self) -> bool:
        """A how-question ("元氏县是怎么推行“三项制度”的"), not one about shortcomings: sentences under a report's
        存在的不足 heading do not answer it."""
        return self.kind == "descriptive" and asks_measures_only(self.norm)

    @cached_property
    def asks_signature_date(self) -> bool:
        """When the report itself was signed or issued ("落款是哪一天", "要点哪天印发的")."""
        return self.kind == "date" and asks_signature_date(self.norm)

    @cached_property
    def page_fact(self) -> str | None:
        """ "published", "source" or "number": the question asks when the report's page was published, where it
        came from, or the report's document number ("这份报告是哪天发布的", "信息来源是哪个单位", "工作要点的文号");
        qa/reading/page.py answers it."""
        return asks_page_fact(self.norm, self.kind)

    @cached_property
    def office(self) -> str | None:
        """The office whose holder a "谁/叫什么名字" question asks for (市长), when it asks for one."""
        return asked_title(self.norm) if self.kind == "which_person" else None

    @cached_property
    def names_asked(self) -> tuple[str, ...]:
        """The nouns whose names the question asks for ("哪家律师事务所" → 律师事务所); a sentence that only
        counts them ("选聘了1家律师事务所") does not answer it."""
        return asked_names(self.norm) if self.kind not in _FIGURE_KINDS else ()

    @cached_property
    def enumerated(self) -> tuple[str, int | None] | None:
        """The noun whose names the question asks as a list, and how many ("新设立了哪两个局" → (局, 2)):
        the reader cuts that list from the answering sentence (qa/reading/enumeration.py)."""
        return enumerated(self.norm) if self.kind not in _FIGURE_KINDS else None

    @cached_property
    def defines(self) -> str | None:
        """The quoted name whose meaning the question asks ("“三集”具体指的是什么" → 三集): a sentence
        that only uses the name does not say what it stands for."""
        return defined_term(self.norm) if self.kind not in _FIGURE_KINDS else None

    @cached_property
    def quoted(self) -> tuple[str, ...]:
        """The names the question quotes (“市长热线”): a passage without them speaks of something else."""
        return quoted_names(self.norm)

    @cached_property
    def qualifiers(self) -> frozenset[tuple[str, str]]:
        """The level, batch and kind the question names (全国, 第三批, 线下, 行政诉讼): a sentence naming
        another speaks of something else (qa/text/qualifiers.py)."""
        return qualifiers(self.norm)

    @cached_property
    def rate(self) -> str | None:
        """The rate a share question names (办结率 in "按期办结率是多少"): a share of another rate
        (被纠错率 低于30%) does not answer it."""
        if self.kind != "ratio":
            return None
        m = RATE.search(self.norm)
        return m.group(0) if m else None

    @cached_property
    def rates_asked(self) -> tuple[str, ...]:
        """The rates a share question asks for: the one it names (办结率) and those its everyday words stand for
        (输的比例 → 败诉率, through the term table)."""
        if self.kind != "ratio":
            return ()
        found = [self.rate] if self.rate else []
        found += [a for alts in self.terms.terms for a in alts[1:] if a.endswith("率") and len(a) >= 3]
        # "调解纠纷，成功的比例" and the reports' 调解成功率: a rate whose every character the question says, in its
        # own words or the official terms the term table gives for them
        said = set(self.norm) | {ch for alts in self.terms.terms for a in alts for ch in a}
        found += sorted(r for r in self.view.rate_labels if set(r[:-1]) <= said)
        found += shares_said(self.norm, self.view.rate_labels)
        return tuple(dict.fromkeys(found))

    @cached_property
    def subset(self) -> tuple[tuple[tuple[str, ...], float], ...]:
        """The weighted terms of what singles out a part of a counted set ("行政复议案件中有多少件被撤销
        或变更" → 撤销, 变更); empty when the question counts no part of a set. The set's total
        answers another question."""
        return tuple((alts, w) for alts, w in self._part_words if w > 0)

    @cached_property
    def part_unsaid(self) -> bool:
        """Whether the question counts a part of a set in words no report uses ("法律帮助的案子里,刑事案件有多少件",
        "案卷里被评为不合格的有多少卷", "法律援助案件中农民工讨薪案件"): no sentence says that part, so no figure
        answers it."""
        # the set's noun, said before the localiser and again with the part ("法律援助案件中农民工讨薪案件": 案件),
        # singles nothing out
        own = [(alts, w) for alts, w in self._part_words if not any(alts[0] + at in self.norm for at in _PART_OF)]
        return bool(own) and all(w <= 0 for _, w in own)

    @cached_property
    def _part_words(self) -> tuple[tuple[tuple[str, ...], float], ...]:
        """The terms after the last localiser before the count (案件中 / 案子里 …有多少), with their weights."""
        if self.kind not in ("count", "ratio"):
            return ()
        cut = None
        pos = 0
        previous = ""
        for word, flag in pos_tags(self.norm):
            # 中 alone is often part of a name; "社区里懂法的带头人" is where they are, not a part of a set
            if word in _PART_OF and (flag == "f" or len(word) > 1) and not previous.endswith(_PLACE_NOUNS_WHERE):
                cut = pos + len(word)  # the last localiser before the count
            pos += len(word)
            previous = word
            if cut is not None and word.startswith(("多少", "几")):
                break
        if cut is None:
            m = _PART_BY_MATTER.search(self.norm)
            if m is None:
                return ()
            a, b = m.span(1) if m.group(1) else m.span(2)
            return _outermost(
                (alts, w)
                for alts, w in zip(self.terms.terms, self.terms.weights)
                if len(alts[0]) > 1 and a <= self.norm.find(alts[0], a) < b
            )
        # "用提醒、劝导这类柔性办法处理的": the asker's examples; the kind after them is the part.
        examples = "".join(m.group(0) for m in _EXAMPLES.finditer(self.norm, cut))
        # "涉及房屋征收补偿的行政复议案件中，有多少件被纠错": the set is itself a part, by what its members concern
        matter = _MATTER_BEFORE.search(self.norm, 0, cut)
        a, b = matter.span(1) if matter else (cut, cut)
        return _outermost(
            (alts, w)
            for alts, w in zip(self.terms.terms, self.terms.weights)
            if len(alts[0]) > 1
            and (self.norm.find(alts[0], cut) >= 0 or a <= self.norm.find(alts[0], a) < b)  # not the unit (件)
            and not alts[0].startswith(("多少", "几"))  # nor the count word ("几件")
            and alts[0] not in examples
            and alts[0] not in _SHARE_WORDS  # nor the share asked for ("占了多大比例" said 占比)
            and alts[0] not in _ASKED_NOUNS  # nor what the count is asked as ("听证的次数目标")
            and alts[0] not in _LIGHT_VERBS
        )

    @cached_property
    def counted_phrase(self) -> str:
        """The words after a count question's count word, to the clause's end ("多少项决策事项" → 决策事项): the
        counted thing as the question says it, head noun and all."""
        m = _COUNT_WORD.search(self.norm) if self.kind == "count" else None
        return re.split(r"[?？,，。;；!！]", self.norm[m.end() :])[0] if m is not None else ""

    @cached_property
    def counted(self) -> tuple[str, ...]:
        """What a count question counts, when it names it right after the count ("多少件国家赔偿案件" →
        国家赔偿 and its everyday alternatives): the first content term the corpus holds."""
        if self.kind != "count" or _MONEY.search(self.norm):
            return ()  # money is not a counted thing: "多少钱来帮扶…群众"
        m = _COUNT_WORD.search(self.norm)
        if m is None:
            return ()
        # "多少本持证上岗用的证件": the noun after the count or the one after the last 的 is what is
        # counted ("多少个部门的职责" counts the first); either named near the figure will do.
        phrase = self.counted_phrase
        if phrase[:1] == "是":
            return ()  # "复议案子里，有多少件是双方谈妥…了结的": what follows 是 says which of the set, named before
        if phrase[:1] in _PLACE_NOUNS and not _PLACE_WORD.match(phrase):
            return (phrase[0],)  # "多少个村配备了…": the village is counted, not the verb after it
        starts = {m.end()} | ({m.end() + phrase.rindex("的") + 1} if "的" in phrase else set())
        found: list[str] = []
        for start in sorted(starts):
            # (a head noun of one character after the last 的 counts: "多少个能就近递交复议申请的点" counts 点)
            head = self.norm[start:].rstrip("?？。!！") if start > m.end() else ""
            after = [
                (pos, alts, w)
                for alts, w in zip(self.terms.terms, self.terms.weights)
                if (len(alts[0]) > 1 or alts[0] == head) and (pos := self.norm.find(alts[0], start)) >= 0
            ]
            # the head noun inside a phrase of the term table ("老百姓跟政府之间的纠纷": 行政争议) counts as said there
            over = [
                (start, alts, w)
                for alts, w in zip(self.terms.terms, self.terms.weights)
                if start > m.end()
                and (pos := self.norm.find(alts[0], m.end())) >= 0
                and pos < start < pos + len(alts[0])
            ]
            if over or after:
                pos, alts, w = min(over or after, key=lambda x: (x[0], -len(x[1][0])))
                if pos - start > 1:
                    continue
                if w <= 0:
                    return ()  # a word the reports never use (站点): nothing to hold the figure to
                found += alts
        # "多少个行政复议“一站式”服务点": the noun after a quoted name closing the phrase is what is counted
        named = re.search(r"[”\"]([\u4e00-\u9fff]{1,4})$", phrase)
        if found and named:
            heads = [alts for alts in self.terms.terms if len(alts[0]) > 1 and alts[0] in named.group(1)]
            found += max(heads, key=lambda alts: len(alts[0]), default=())
        # "考几次法律": a count of times counts what the verb before it does; the figure may name the
        # verb (考试不少于5次) instead of its object.
        if found and m.group(0)[-1] in _TIMES:
            words = pos_tags(re.sub(r"了$", "", self.norm[max(0, m.start() - 6) : m.start()]))
            if words and words[-1][1] == "v":
                found.append(words[-1][0])
        return tuple(dict.fromkeys(found))

    @cached_property
    def absent_topics(self) -> tuple[str, ...]:
        """The field's work areas the question names (社区矫正, 禁毒) that no report writes, in its words or in the
        official terms the term table gives for them; one inside a longer named area the reports do write
        ("社区矫正对象" beside 社区矫正) is a detail of that area, not an absent one."""
        named = named_topics(self.norm)
        # a system's name without its 制/制度 is the same area ("实行告知承诺" for 告知承诺制)
        held = {t for t in named if self.view.writes(t) or self.view.writes(re.sub(r"(?<=..)(?:制度|制)$", "", t))}
        official = {t for phrase, terms in expansions(self.norm) for t in terms if self.view.writes(t)}
        return tuple(
            t
            for t in named
            if not any(h in t for h in held)  # the area itself, or a longer one of it, the reports write
            and not any(o in t or t in o for o in official)
        )

    @cached_property
    def coverage_note(self) -> str | None:
        """What the corpus holds instead, when the question names a place or year no report covers, or a work area
        no report writes."""
        if self.unknown_places and not self.mentions.regions:
            return f"语料中没有{self.unknown_places[0]}的报告；现有：{'、'.join(self.view.holdings(None))}。"
        if self.absent_topics:
            return f"语料中的报告都没有写到“{self.absent_topics[0]}”；以下为最相关的段落。"
        if self.parts_unwritten:
            return f"语料中的报告都没有写到“{self.parts_unwritten[0]}”；以下为最相关的段落。"
        asked = self._year_asked()
        if asked is None:
            return None
        year, region = asked
        # A report covers its own year and any year its headings are about ("四、2020年…主要安排").
        if year in _of_place(self.view.covered_years, region):
            return None
        if self.recounted_year is not None:
            return None  # read: the answering sentence must then say the year (pipeline)
        return self.year_note(year)

    def year_note(self, year: int) -> str:
        """ "元氏县没有关于2016年的报告；现有：…": the reports of the question's place, when none is about ``year``."""
        region = self.mentions.regions[0] if self.mentions.regions else None
        return f"{region or '语料'}没有关于{year}年的报告；现有：{'、'.join(self.view.holdings(region))}。"

    def _year_asked(self) -> tuple[int, str | None] | None:
        """(year, place or None) when the question names one year and at most one place."""
        mentions = self.mentions
        if len(mentions.years) != 1 or len(mentions.regions) > 1:
            return None
        return mentions.years[0], (mentions.regions[0] if mentions.regions else None)

    @cached_property
    def recounted_year(self) -> int | None:
        """The year the question asks about when no report of its place covers it but a later one writes it:
        "瀍河回族区2016年出台的…", "武侯区2023年收到多少件" and a work plan's baseline "2023年全区共收到…381件"."""
        asked = self._year_asked()
        if asked is None or (self.unknown_places and not self.mentions.regions):
            return None
        year, region = asked
        covered, written = _of_place(self.view.covered_years, region), _of_place(self.view.said_years, region)
        return year if year not in covered and year in written else None

    @cached_property
    def year_of_no_report(self) -> bool:
        """Whether the one year the question names is no report's own among the reports of the place it names (of all
        places when it names none), though one of them writes it: a plan recounting the year before its own."""
        asked = self._year_asked()
        if asked is None:
            return False
        year, region = asked
        return year not in _of_place(self.view.own_years, region) and year in _of_place(self.view.said_years, region)


def _of_place(by_region: dict[str | None, set[int]], region: str | None) -> set[int]:
    """The years of one place, or of all places when the question names none."""
    return by_region.get(region, set()) if region else set().union(*by_region.values())


def analyse(
    question: object,
    view: CorpusView,
    history: list[dict] | None = None,
    settings: Settings = Settings(),
    embedder=None,
) -> Query:
    """The one analysis of a question (and of its follow-up rewrite); raises QuestionError for
    a question that cannot be asked (not text, empty, too long)."""
    text = clean(question, settings.max_question_chars)
    query = of_text(text, view, embedder, asked=question)
    rewritten = _resolve(query, history or [], view)
    if rewritten != text:
        query = of_text(rewritten, view, embedder, asked=question)
    return query


def names_several(norm: str, mentions: Mentions, view: CorpusView) -> bool:
    """Whether a question asks about two or more places or years at once ("河南和吉林这两个地方…",
    "2019年和2021年的报告里…", "这两份报告…"): one report's answer would leave the others out.
    A province that holds a place the question names is that place's address (青海省互助县)."""
    if _SEVERAL.search(norm) or _TWO_YEARS.search(norm):
        return True
    codes = [view.code_of(r) for r in mentions.regions]
    areas = [a for a in areas_named(norm) if not any(in_area(c, a) for c in codes)]
    return len(mentions.regions) + len(areas) >= 2


def of_text(text: str, view: CorpusView, embedder=None, asked: str | None = None) -> Query:
    """The analysis of a text taken as it is (no cleaning, no history)."""
    norm = normalize(text)
    mentions = _without_addresses(norm, find_mentions(norm, view.known_regions), view)
    ignore = tuple(n for r in mentions.regions for n in spoken_names(norm, r)) + _addresses(norm, mentions, view)
    ignore += _areas(norm, view)
    found = expansions(norm)
    cut = view.tokenizer.tokenize_query(norm)
    tokens = list(cut)
    if tokens:
        # Everyday phrases also search for the reports' official terms (民告官 → 行政诉讼).
        for _, official in found:
            for term in official:
                tokens.extend(t for t in view.tokenizer.tokenize(term) if t not in tokens)
    sources = source_words(norm) + change_frame(norm)
    terms = _terms(found, cut, ignore + sources, view)
    if terms.total <= 0:  # "报告里提到的怀化市长叫什么": the source word is all the question says
        terms = _terms(found, cut, ignore, view)
    else:
        ignore += sources
    topic, facets = _topic(terms, view.tokenizer.domain_terms)
    return Query(
        asked=text if asked is None else asked,
        text=text,
        norm=norm,
        kind="list" if names_several(norm, mentions, view) else question_type(norm, len(mentions.regions) == 1),
        mentions=mentions,
        tokens=tokens,
        terms=terms,
        ignore=ignore,
        topic=topic,
        facets=facets,
        view=view,
        embedder=embedder,
    )


def _without_addresses(norm: str, mentions: Mentions, view: CorpusView) -> Mentions:
    """The places asked, less a city or province written right before a place within it ("徐州市睢宁县2022年…": the
    county's address, though the city has reports of its own; "徐州市和睢宁县" names two)."""
    if len(mentions.regions) < 2:
        return mentions
    codes = {r: view.code_of(r) for r in mentions.regions}
    addresses = {
        a.name
        for a in areas_named(norm, macro=False)
        if a.name in codes
        and any(
            o != a.name and in_area(codes[o], a) and any(f"{name}{own}" in norm for own in short_names(o))
            for o in mentions.regions
            for name in (a.name, short_area(a.name))
        )
    }
    if not addresses:
        return mentions
    return Mentions(tuple(r for r in mentions.regions if r not in addresses), mentions.years)


def _addresses(norm: str, mentions: Mentions, view: CorpusView) -> tuple[str, ...]:
    """The province or city a question writes before a place it names ("深圳市龙华区"): its address, routing."""
    if not mentions.regions:
        return ()
    codes = [c for c in (view.code_of(r) for r in mentions.regions) if c]
    return tuple(
        dict.fromkeys(
            name
            for a in areas_named(norm, macro=False)
            if a.name not in mentions.regions and any(in_area(c, a) for c in codes)
            for name in (a.name, short_area(a.name))
            if name in norm
        )
    )


def _areas_beyond(norm: str, known: frozenset[str]) -> list[Division]:
    """The provinces and cities a question names that are no report's place (their short name in none)."""
    return [a for a in areas_named(norm) if not any(short_area(a.name) in r for r in known)]


def _areas(norm: str, view: CorpusView) -> tuple[str, ...]:
    """The provinces and cities a question names that are no report's place ("河北、黑龙江那两个县区…"): where it
    looks (Query.area_roles), routing like a place; and the words of a region larger than a province ("华北")."""
    spoken = [
        name for a in _areas_beyond(norm, view.known_regions) for name in (a.name, short_area(a.name)) if name in norm
    ]
    return tuple(dict.fromkeys(spoken + list(macro_regions_named(norm))))


_YEAR_TERM = re.compile(r"(?:19|20)\d{2}年?度?|去年|今年|前年|明年")
# Where the asker looks, not what about: "各地年度报告里…", "工作要点中…". A report's passages rarely use these words,
# so the few that do (a sentence on the 年度报告制度) would pass for the topic.
_SOURCE = re.compile(
    r"(?:法治政府建设)?(?:年度报告|工作要点|报告|要点)(?=里|中|内|当中|上面)"
    # a report named by its title as where something is said: "《绵阳市2025年法治政府建设工作要点》对…定的目标"
    r"|《[^《》]{2,40}?(?:年度报告|工作要点|报告|要点)》(?=对|中|里|内|当中|提出|要求|明确|规定|提到|写)"
    # the reports a question counts or asks for: "几份年度报告披露的…", "哪些报告给出了…"
    r"|(?:几|多少|哪些|哪几|哪)\s*[份个篇]?(?:法治政府建设)?(?:年度报告|工作要点|报告|要点)"
    r"|(?:几|各|这几|这些|两)份(?:材料|文件)|披露(?=的)"  # "几份材料里披露的纠错率"
)
_SOURCE_KIND = {"年度报告": "年度报告", "工作要点": "工作要点", "要点": "工作要点"}


# How a question says "against the year before, by how much" in everyday words: "跟上一年比是多了还是少了", "变化幅度
# 多大". The size of a change is asked (qa/reading/spans.asks_change); these words are no content a sentence holds.
_CHANGE_FRAME = re.compile(
    r"(?:跟|和|同)(?:上一?年度?|去年|前一?年)(?:相?比|比较)是?|与(?:上一?年度?|去年|前一?年)相比"
    r"|(?<![相对])比(?:上一?年度?|去年|前一?年)(?=多|少|增|减|涨|跌|下降|上升|提高|降低)"
    r"|是?(?:多了|增加了?|增长了?|上升了?|提高了?|涨了?)还是(?:少了|减少了?|下降了?|降低了?|跌了?)"
    r"|变化的?幅度(?:有)?(?:多大|是多少)?|幅度(?:是多少|多大|有多大)|变化了?(?:多少|有?多大)"
)


def change_frame(norm: str) -> tuple[str, ...]:
    """The words a question asks the size of a change with ("跟上一年比是", "多了还是少了", "变化幅度多大")."""
    return tuple(dict.fromkeys(m.group(0) for m in _CHANGE_FRAME.finditer(norm)))


def source_words(norm: str) -> tuple[str, ...]:
    """The words a question names its sources by ("年度报告" of "各地年度报告里"): routing, like places and years."""
    return tuple(dict.fromkeys(m.group(0) for m in _SOURCE.finditer(norm)))


def source_kind(norm: str, titled: bool = True) -> str | None:
    """The kind of report a question looks in ("年度报告里" → 年度报告, "工作要点中" → 工作要点), if it names one;
    ``titled`` False: not by a 《title》 (a report cites other documents' titles: "《2023年法治南浔建设工作要点》明确了
    多少项任务" is answered by the annual report)."""
    words = [w for w in source_words(norm) if titled or not w.startswith("《")]
    kinds = {_SOURCE_KIND[k] for w in words for k in _SOURCE_KIND if w.rstrip("》").endswith(k)}
    return kinds.pop() if len(kinds) == 1 else None


def _terms(found, cut: list[str], ignore: tuple[str, ...], view: CorpusView) -> Terms:
    """Content terms of the question; region names and years are routing, not content."""
    groups: list[tuple[str, ...]] = []
    covered: list[str] = []
    frame = frame_words()
    for phrase, official in found:
        # The phrase's own words the reports use stay alternatives: "一个窗口" also finds 窗口, which
        # answered before the phrase was in the table; not 法律 of 法律参谋 (法律顾问 says it already),
        # nor 执法 of "执法三项" in "行政执法三项制度" (part of another of the question's words).
        own = tuple(
            t
            for t in cut
            if len(t) > 1
            and t in phrase
            and t not in frame
            and view.knows(t)
            and not any(t in o for o in official)
            and not any(t in u and u not in phrase for u in cut)  # 执法 of 行政执法 is that term's
        )
        groups.append(tuple(dict.fromkeys((phrase, *official, *own))))
        covered.append(phrase)
    for t in cut:
        if any(t in phrase for phrase in covered):
            continue  # part of an everyday phrase already looked for with its official terms
        if stem := _before_localiser(t, view):
            groups.append((t, stem))
        elif not view.knows(t) and (full := view.longer_forms(t)):
            groups.append((t, *full))  # "联席会": the reports write 联席会议
        else:
            groups.append((t,))
    seen, terms, weights = set(), [], []
    for alts in groups:
        t = alts[0]
        if t in seen or any(t in name or name in t for name in ignore if name) or _YEAR_TERM.fullmatch(t):
            continue
        seen.add(t)
        terms.append(alts)
        # Words the corpus never uses (everyday wording: 开会, 砍掉) say nothing about which
        # sentence answers; only terms the reports use count towards coverage.
        known = [a for a in alts if view.knows(a)] if not _DEICTIC.fullmatch(t) else []
        weight = max(0.1, max(float(view.idf(a)) for a in known)) if known else 0.0
        rs = view.settings.reader
        if weight and rs.specific_idf > rs.common_idf:
            weight *= max(specificity(a, rs.common_idf, rs.specific_idf, rs.common_floor) for a in alts)
        weights.append(weight * rs.frame_weight if t in frame else weight)
    return Terms(terms, weights)


# Localisers that everyday speech puts after a place or thing (村里, 县里, 会上): the reports write the word alone.
_LOCALISER_END = re.compile(r"(?<=[\u4e00-\u9fff])[里内中上]$")


def _before_localiser(word: str, view: CorpusView) -> str | None:
    """The word without its localiser (村里 → 村) when the reports never use the whole but do use the rest."""
    if not _LOCALISER_END.search(word) or view.knows(word):
        return None
    stem = word[:-1]
    return stem if view.knows(stem) else None


def _topic(terms: Terms, art: frozenset[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(topic, facets): the question's terms of art with a facet suffix taken off (行政复议体制改革
    → 行政复议 + 体制改革), keeping only the longest (行政复议案件, not its part 行政复议); failing
    a term of art, its heaviest content term."""
    facets_known = facet_words()
    facets: list[str] = []
    core: list[str] = []
    for alts, w in zip(terms.terms, terms.weights):
        t = alts[0]
        if t in facets_known:
            facets.append(t)
            continue
        if not any(a in art for a in alts):
            continue
        for f in facets_known:
            if t.endswith(f) and t[: -len(f)] in art:
                t = t[: -len(f)]
                facets.append(f)
                break
        core.append(t)
    core = list(dict.fromkeys(core))
    topic = [t for t in core if not any(t != o and t in o for o in core)]
    if not topic:
        frame = frame_words()
        content = [(w, alts[0]) for alts, w in zip(terms.terms, terms.weights) if w > 0]
        content = [x for x in content if x[1] not in frame and x[1] not in facets_known]
        if content:
            topic = [max(content, key=lambda x: x[0])[1]]
    facets = list(dict.fromkeys(facets))
    return tuple(topic), tuple(f for f in facets if not any(f != o and f in o for o in facets))


def _resolve(query: Query, history: list[dict], view: CorpusView) -> str:
    """Rewrite a follow-up ("那怀化呢?") into a standalone question using the last turn."""
    question = query.text
    if not history:
        return question
    previous = next((t["question"] for t in reversed(history) if t.get("question")), None)
    if not previous:
        return question
    previous_norm = normalize(previous)
    now, before = query.mentions, find_mentions(previous_norm, view.known_regions)
    if now.regions and len(query.terms.terms) <= 1:
        # Same question, another place: swap the region of the previous question.
        rewritten = previous
        for r in before.regions:
            for name in sorted(spoken_names(previous_norm, r), key=len, reverse=True):
                rewritten = rewritten.replace(name, "")  # 瀍河区 whole, not 瀍河 leaving 区
        return f"{now.regions[0]}{rewritten}"
    if not now.regions and before.regions and (is_follow_up(query.norm) or len(query.terms.terms) <= 2):
        return f"{before.regions[0]}{question}"
    return question
