"""The names a "哪两个局 / 哪几家公司 / 哪些乡镇" question asks for, cut from the list a sentence gives.

"新设立了市退役军人事务局、市医疗保障局" answers "新设立了哪两个局" with its two names, not with the
whole sentence around them. A list is a run of names joined by 、 (or 和/及/与) that each end in the
asked noun or its kind's suffix (局, 公司, 乡/镇; an office for 单位); its first name is cut back to
the nouns before it ("新设立了市…局" → "市…局"), its last ends at the first head. When the question
says how many (两, 三), only a list of that many answers.
"""

from __future__ import annotations

import re

from qa.reading import persons
from qa.reading.spans import COUNTED_BEFORE
from qa.retrieval.question import NAME_SUFFIXES, UNITS

# The ends of an office's or organisation's name, for "哪几家单位/部门/机构".
_OFFICE_ENDS = ("局", "办", "办公室", "院", "委", "委员会", "室", "所", "中心", "队", "部", "会", "厅", "站", "处")
_OFFICE_NOUNS = ("单位", "部门", "机构", "机关")
# The ends of a company's name, for "哪几家企业/公司".
_COMPANY_ENDS = ("公司", "企业", "集团", "厂", "合作社", "银行")
_COMPANY_NOUNS = ("企业", "公司", "厂家", "商家")
# Characters a name in a list does not hold: punctuation, the joiners and 等 (which closes a list).
_NOT_IN_NAME = r"\s、，,；;。：:（）()“”\"《》和与及等的"
_JOINER = r"(?:、|以及|和|与|及)"
# Words that stand before a name, not in it: particles, prepositions, the verbs of setting up.
_BEFORE_NAME = re.compile(
    r"了|为|是|被|将|把|对|向|在|由|给|同|跟|让|使|有(?!限)|包括|即|通过|经过|按照|依照|根据"
    r"|设立|组建|成立|建立|签订|命名|推荐|确定|评为|选聘|聘请"
)
_MAX_NAME = 30
# "…、制定维稳预案五个步骤", "…两家公司": a list that says how many of the noun it holds, after it.
_HOW_MANY_SAID = rf"等?(?:\d+|[一二三四五六七八九十两]+)[{UNITS}张]?"


# Nouns whose members are parts of one thing, not names of a kind ("从哪几个方面进行论证" → 必要性、合法性…;
# "哪几个环节分开" → 调查、审核、决定): any parallel items answer, whatever they end in.
_PARTS = frozenset("方面 环节 步 步骤 阶段 部分 内容 领域 维度 层面 功能 要素 角度 样 类 种".split())


def asks_parts(noun: str) -> bool:
    """Whether the asked noun is a part of one thing (方面, 环节, 步骤) rather than a kind of name (局, 公司)."""
    return noun in _PARTS


def heads(noun: str) -> tuple[str, ...]:
    """The endings a name of the asked kind has: 局 for 局, 乡 and 镇 for 乡镇, an office's for 单位."""
    if noun.endswith(_OFFICE_NOUNS):
        return _OFFICE_ENDS
    if noun.endswith(_COMPANY_NOUNS):
        return _COMPANY_ENDS
    if noun == "乡镇":
        return ("乡", "镇")
    out = [noun]
    if len(noun) > 1 and noun[-1] in NAME_SUFFIXES:  # 事务所 → …律师事务所 or …所
        out.append(noun[-1])
    return tuple(out)


def _trim_first(name: str) -> int:
    """Where the first name of a list starts: after the last word before it that is not part of a
    name ("新设立了市退役军人事务局" → 市…). jieba's tags split such runs badly ("了市"), so words mark it."""
    cut = 0
    for m in _BEFORE_NAME.finditer(name):
        cut = m.end()
    return cut


def lists(norm_sentence: str, noun: str, count: int | None = None) -> list[tuple[int, int]]:
    """The spans of the lists of at least two names ending in ``noun``'s heads (exactly ``count`` when
    given) in a normalised sentence."""
    ends = "|".join(re.escape(h) for h in sorted(heads(noun), key=len, reverse=True))
    any_name = rf"[^{_NOT_IN_NAME}]{{1,{_MAX_NAME}}}?"
    name = rf"{any_name}(?:{ends})"
    patterns = (
        # Names that end in the noun; a name ends where the list goes on or its clause ends, the last
        # may run on ("前仙乡参与了…").
        re.compile(rf"({name})((?:{_JOINER}{name})+)"),
        # Any names, followed by how many of the noun they are ("…编制评估报告、制定维稳预案五个步骤").
        # Only the last may be joined by 和/及/与 here: "我县与A、B两家公司" is not a list of three.
        re.compile(rf"({any_name})((?:、{any_name})*?{_JOINER}{any_name}{_HOW_MANY_SAID}{re.escape(noun)})"),
    )
    out: list[tuple[int, int]] = []
    if asks_people(noun) and not persons.names_someone(norm_sentence, _PEOPLE):
        return out  # "相关专家、法律专家" names no one
    for pattern in patterns:
        for m in pattern.finditer(norm_sentence):
            items = 1 + len(re.findall(_JOINER, m.group(2)))
            if count is not None and items != count:
                continue
            start = m.start(1) + _trim_first(m.group(1))
            if norm_sentence[start : m.end(1)] in heads(noun) or m.end(1) - start < 2:
                continue  # the first name is the bare noun ("局、…"): not a list of names
            if (start, m.end()) not in out:
                out.append((start, m.end()))
    return out


def context_overlap(norm_sentence: str, span: tuple[int, int], question_norm: str, width: int = 12) -> int:
    """How many of the question's character pairs stand in the words before a list ("新设立了…" for
    "新设立了哪两个局"): which of a sentence's lists the question asks for."""
    before = norm_sentence[max(0, span[0] - width) : span[0]]
    return sum(before[i : i + 2] in question_norm for i in range(len(before) - 1))


def names_any(norm_sentence: str, noun: str) -> bool:
    """Whether a sentence speaks of the asked kind of thing by name: the noun itself, or for offices,
    companies and townships a name's ending ("…律师事务所的律师" is not answered by a sentence that names none).
    A counted or generic mention names nothing ("选聘了1家律师事务所", "聘请国内知名专家学者"), and people
    are named only by a person's name."""
    if asks_people(noun):
        return persons.names_someone(norm_sentence, _PEOPLE)
    kinds = noun.endswith(_OFFICE_NOUNS + _COMPANY_NOUNS) or noun == "乡镇"
    words = (noun, *heads(noun)) if kinds else (noun,)
    return any(
        not _generic(norm_sentence[max(0, m.start() - 12) : m.start()])
        for w in words
        for m in re.finditer(re.escape(w), norm_sentence)
    )


# A determiner ("相关专家", "各部门") or praise ("知名专家学者") before a kind makes it generic, as a count does
# ("1家律师事务所", spans.COUNTED_BEFORE); a few characters of kind may stand between.
_GENERIC = re.compile(r"(?:各|相关|有关|其他|其它|其余|所有|全部|这些|若干|知名|优秀)[\u4e00-\u9fff]{0,4}$")


def _generic(before: str) -> bool:
    return bool(COUNTED_BEFORE.search(before) or _GENERIC.search(before))


# Nouns for people: "哪几位专家", "哪些律师" ask for persons' names, which no ending marks.
_PEOPLE = (
    "专家",
    "学者",
    "律师",
    "顾问",
    "人员",
    "同志",
    "领导",
    "干部",
    "代表",
    "委员",
    "老师",
    "讲师",
    "法官",
    "志愿者",
)


def asks_people(noun: str) -> bool:
    """Whether the asked noun is a kind of person (专家学者, 律师), whose members are named by persons' names."""
    return noun.endswith(_PEOPLE)
