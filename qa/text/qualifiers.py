"""Qualifiers that set one answer apart from its siblings: the level (全国 / 全省 / 全市 / 全县)
and the ordinal of a batch or session (第二批, 第三届).

"哪个县被命名为全国法治政府建设示范县" is not answered by "被命名为全省第二批…示范县", nor
"第三批" by "第二批": a sentence naming another value of a qualifier the question names, and not
the question's own, speaks of something else. So do the field's other kinds of one thing: training
online or on site (线上 / 线下), a case's procedure (行政复议 / 行政诉讼 / 国家赔偿 / 行政裁决), instance
(一审 / 二审), stage (新收 / 审结) and outcome (维持 / 撤销…), a penalty's procedure (简易 / 一般程序), a lawyer's kind
(公职 / 专职 / 兼职律师), and the department a figure is of (市场监管 / 交通运输…) and the grade a review gave
(优秀 / 合格 / 不合格).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Level words by level; 全区 is left out (a district's "全区" and an autonomous region's differ).
_LEVELS = {
    "国": ("全国", "国家级"),
    "省": ("全省", "省级"),
    "市": ("全市", "市级"),
    "县": ("全县", "县级"),
}
# Kinds of one thing that the field tells apart: group → value → its words. A question about 线下培训 is
# not answered by "完成年度线上培训40学时", nor "行政诉讼一审纠错率" by a 行政复议 case's 综合纠错率.
_KINDS = {
    "level": _LEVELS,
    "channel": {"线上": ("线上", "网上", "在线", "网办", "一网通办", "掌上", "上网"), "线下": ("线下",)},
    "procedure": {
        "复议": ("行政复议",),
        "诉讼": ("行政诉讼", "行政应诉", "一审", "二审", "出庭应诉"),
        "赔偿": ("国家赔偿", "行政赔偿"),
        "裁决": ("行政裁决",),
    },
    "instance": {"一审": ("一审",), "二审": ("二审",), "再审": ("再审",)},
    # a department's review cases: those it decides as the review body, or those against it ("被申请行政复议23件")
    "review_role": {
        "机关": ("作为行政复议机关", "作为复议机关"),
        "被申请": ("被申请行政复议", "被申请复议", "作为被申请人"),
    },
    # a penalty's procedure: "简易程序处罚案件" is not the 一般程序 cases
    "penalty_procedure": {"简易": ("简易程序",), "一般": ("一般程序", "普通程序")},
    # 执业律师 are a firm's lawyers (社会律师); 公家律师 is everyday speech for 公职律师
    "lawyer": {
        "公职": ("公职律师", "公家律师"),
        "专职": ("专职律师",),
        "兼职": ("兼职律师",),
        "社会": ("社会律师", "执业律师"),
    },
    # Which leader appeared in court: the head (主要负责人, "区长本人") is not a deputy ("分管负责同志出庭应诉
    # 3次" does not say how often "区长本人出庭应诉"); 区长 is read only as the one acting, not in 副区长 or 区长热线
    "leader": {
        # (not 一把手: everyday speech for any leader, "单位一把手上法庭" for 负责人出庭应诉)
        "主要": ("主要负责", "主要领导", "党政正职", re.compile(r"(?<!副)[区市县州旗]长(?=本人|亲自)")),
        "分管": ("分管负责", "分管领导", "分管副", "副区长", "副市长", "副县长", "副州长", "副旗长"),
    },
    # A case's stage: a count of cases received is not one of cases concluded. "2022年新收行政复议案件多少件" is not
    # answered by the table row "审结行政复议案件（件） 4261 3027" (收到 also in "收到良好效果": not a case's)
    "stage": {
        "收": ("新收", "受理", "接收", re.compile(r"收到(?!良好|明显|实效|效果|成效)")),
        "结": ("审结", "办结", "结案"),
    },
    # How a review ended: "撤销了多少件" is not answered by the row "维持 86" nor by "驳回12件" ("撤销" as in
    # "撤销登记" is rare in sentences that count cases)
    "outcome": {
        "维持": ("维持",),
        "撤销": ("撤销",),
        "变更": (re.compile(r"(?<!不)变更(?!登记)"),),
        "确认违法": ("确认违法",),
        "驳回": ("驳回",),
        "责令履行": ("责令履行",),
    },
    # A grade given in a review of case files or an assessment: "评为不合格的案卷" is not "评出优秀案卷58卷"
    "grade": {
        "优秀": ("优秀",),
        "优良": ("优良",),
        "良好": ("良好",),
        "合格": (re.compile(r"(?<![不本])合格"),),
        "不合格": ("不合格", "不达标"),
    },
    # The department a figure is of: "交通运输系统实施柔性执法多少件" is not answered by the 市场监管系统's.
    "department": {
        "市场监管": ("市场监管", "市场监督管理"),
        "生态环境": ("生态环境", "环保", "环境保护"),
        "交通运输": ("交通运输",),
        "公安": ("公安",),
        "税务": ("税务", "国税", "地税"),
        "自然资源": ("自然资源", "国土资源"),
        "住建": ("住建", "住房和城乡建设", "住房城乡建设"),
        "卫健": ("卫健", "卫生健康"),
        "应急": ("应急管理",),
        "农业": ("农业农村",),
        "人社": ("人社", "人力资源和社会保障", "人力资源社会保障"),
        "文旅": ("文化和旅游", "文化旅游", "文旅"),
        "水利": ("水利",),
    },
}
_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九十")}
_ORDINAL = re.compile(r"第([一二三四五六七八九十\d]{1,3})([批届次轮期])")


def _ordinal_value(numeral: str) -> int | None:
    if numeral.isdigit():
        return int(numeral)
    if numeral == "十":
        return 10
    if len(numeral) == 1:
        return _DIGITS.get(numeral)
    if len(numeral) == 2 and numeral[0] == "十":
        return 10 + _DIGITS.get(numeral[1], 0)
    if len(numeral) == 2 and numeral[1] == "十":
        return 10 * _DIGITS.get(numeral[0], 0)
    if len(numeral) == 3 and numeral[1] == "十":
        return 10 * _DIGITS.get(numeral[0], 0) + _DIGITS.get(numeral[2], 0)
    return None


def qualifiers(text: str) -> frozenset[tuple[str, str]]:
    """(group, value) pairs the normalised text names: ("level", "省"), ("批", "2")."""
    found = {(group, value) for group, kinds in _KINDS.items() for value, words in kinds.items() if _names(text, words)}
    for m in _ORDINAL.finditer(text):
        value = _ordinal_value(m.group(1))
        if value is not None:
            found.add((m.group(2), str(value)))
    return frozenset(found)


def _names(text: str, words: tuple[str | re.Pattern, ...]) -> bool:
    return any(w in text if isinstance(w, str) else w.search(text) for w in words)


# Values a text must name to speak of them: a report's cases are 一审 unless it says otherwise ("行政诉讼案件42件"
# are first-instance cases), so "二审案件有多少件" is answered only by a sentence that says 二审.
# So are the grades other than a plain pass: "不合格的案卷有多少卷" is not answered by the count of all files.
_MARKED = frozenset(
    {("instance", "二审"), ("instance", "再审"), ("grade", "优秀"), ("grade", "优良"), ("grade", "不合格")}
)


# Qualifiers a figure's own clause tells, not its sentence: "新收…463件;审结412件,其中败诉21件" is one account whose
# first clause names only 新收 (a table row is one clause: it is read whole)
CLAUSE_LEVEL = frozenset({"stage", "outcome"})


def contradicts(asked: frozenset[tuple[str, str]], text: str, skip: frozenset[str] = frozenset()) -> bool:
    """Whether the text names another value of a qualifier the question names, and none of the asked ones
    (a question naming 行政复议 and 行政诉讼 is answered by a sentence on either), or does not name a marked value
    asked (二审, 再审) at all. Qualifier groups in ``skip`` are not read."""
    asked = frozenset(q for q in asked if q[0] not in skip) if skip else asked
    if not asked:
        return False
    held = qualifiers(text)
    marked = asked & _MARKED
    if marked and not marked & held:
        return True
    groups = {g for g, _ in asked}
    return any(
        any(g == group for g, _ in held) and not any((group, v) in held for g, v in asked if g == group)
        for group in groups
    )


def marked_unsaid(asked: frozenset[tuple[str, str]], texts: Iterable[str]) -> str | None:
    """A marked value the question asks (二审, 再审) that none of the texts names: no figure of theirs is of it."""
    marked = sorted(asked & _MARKED)
    texts = list(texts) if marked else []  # each value looks through all of them, not what the last one left
    for group, value in marked:
        words = _KINDS[group][value]
        if not any(_names(text, words) for text in texts):
            return value
    return None
