"""Typed answer spans inside a sentence: counts with their unit, percentages, dates.

Patterns run on the normalised sentence (same length as the original), so every match is a
(start, end) into the original text and the answer is cut from it verbatim.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from qa.ingest.sections import is_plan_section
from qa.reading import dating, tables
from qa.retrieval.question import (
    ASKS_AREA,
    ASKS_PROPORTION,
    ASKS_TIME_LIMIT,
    NAME_SUFFIXES,
    POINTING_BACK,
    UNITS,
    named_count,
)
from qa.settings import ReaderSettings, SpanSettings
from qa.text.normalization import normalize
from qa.text.qualifiers import contradicts
from qa.text.tokenization import pos_tags

if TYPE_CHECKING:
    from qa.reading.sentences import Sentence
    from qa.retrieval.query import Query

# A number written with thousands separators is one ("1,860万元", "3,126件"), not its last group
_NUM = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|[一二三四五六七八九十两百千万亿零〇]+)"
# Measures of more than one character, and counters the question patterns do not ask with ("27种业态").
_LONG_UNITS = "人次|场次|家次|件次|户次|批次|万元|亿元|学时|工作日|个工作日|公斤|千克|平方米|平方公里|公里|[种类吨亩]"
# 36件, 20余件, 4.2万余条, 3万余人, 1.5亿元, 800余个, 100余件, 3900余公斤
# A bound belongs to the number: "90%以上" is a target, "90%" would misquote it.
_BOUND = r"(?:以上|以下|左右|以内|(?<=[日天时])内)?"  # a time limit's 内: "7个工作日内"
# So does one before it: a target "不低于90%" (in a table "≥90%") is not the figure "90%".
_SIGNS = "≥≤≧≦＞＜><"
# An approximate figure keeps its 约 / 逾 ("约4.1万份"), not the 约 of a word (签约3个项目, 节约).
_ABOUT = r"(?<![签制节预违履特合邀失条契相])约|逾"
_LIMIT = rf"(?:不低于|不少于|不高于|不超过|不足|低于|高于|超过|至少|最多|最少|{_ABOUT}|[{_SIGNS}]=?\s*)?"
# Places counted by their levels, "17省72市(区)": two or more levels, so a lone "3市" stays no count.
_PLACES = r"\d+\s*[省市州县区](?:\s*\d+\s*[市州县区乡镇村](?:[(（][市县区乡镇村社区街道]{1,4}[)）])?)+"
# Points of a score ("测评得分96.5分"): digits only, as "十分重要" is no score; not 分钟, 分之, 分类.
_POINTS = r"\d+(?:\.\d+)?\s*分(?![钟之类别局院支])"
# Days counted as 日 in a time limit ("30日内审结"); elsewhere a 日 is a date's day.
_DAYS_LIMIT = r"日(?=以?内)"
COUNT = re.compile(
    rf"{_PLACES}|{_LIMIT}{_NUM}\s*(?:余|多)?\s*(?:万|亿|千|百)?\s*(?:余|多)?\s*(?:{_LONG_UNITS}|{_DAYS_LIMIT}|[{UNITS}])"
    rf"{_BOUND}"
    rf"|{_POINTS}"
)
_PROPORTION = re.compile(r"\d+(?:\.\d+)?\s*[∶:：]\s*1(?![\d.])")  # "复议诉讼案件之比…1.77∶1"
RATIO = re.compile(
    rf"{_LIMIT}(?:\d+(?:\.\d+)?\s*[%％]|百分之[一二三四五六七八九十百零点\d.]+){_BOUND}|{_PROPORTION.pattern}"
)
# A deadline keeps its "before": 2024年底前, 6月30日前 (a plan's date means "by then").
_BY = "底前|底|末前|末|以前|之前|前"
# (a month and day in Chinese numerals as a 红头文件 writes them: "二〇二四年三月", "三月二十日"; the year's digits are
# made Arabic by normalisation)
_CN_DAY = "[一二三四五六七八九十]"
DATE = re.compile(
    rf"(?:(?:19|20)\d{{2}}\s*年\s*)?(?:\d{{1,2}}|{_CN_DAY}{{1,2}})\s*月(?:\s*(?:\d{{1,2}}|{_CN_DAY}{{1,3}})\s*日)?(?:{_BY})?"
    rf"|(?:19|20)\d{{2}}\s*年(?:度|{_BY})?"
    r"|(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}"
)
# A change of a rate in percentage points ("同比下降1.6个百分点"): a figure of a change only, looked for when a change
# of a rate is asked.
POINTS = re.compile(r"\d+(?:\.\d+)?\s*个?百分点")
PATTERNS = {"count": COUNT, "ratio": RATIO, "date": DATE, "points": POINTS}
_TARGET_HEADER = re.compile(r"目标|预期|计划")  # a column of targets ("目标值"), beside one of results ("完成值")
_BOUND_RE = re.compile(rf"{_BOUND}$")
_UNIT_RE = re.compile(rf"(?:{_LONG_UNITS}|日|[{UNITS}])$")
_TOTAL = re.compile(r"共计|总计|合计|累计|共|总数|全年")
_ASKS_TOTAL = re.compile(r"一共|总共|共计|总计|合计|累计|总数|总量|全年|共有")
_CLAUSE = re.compile(r"[，,；;。：:、]")
# A parenthesis that lists clauses is a clause of its own: in "重大处罚(企业10万元以上,个人1万元以上)
# 向区法制办备案" the words after it belong to both figures, not to the last one; 村(社区) stays a noun.
_LISTING_PARENS = re.compile(r"[(（][^()（）]*?[，,；;、][^()（）]*?[)）]")


# A table row whose label says the unit its cells count in: "收到行政复议申请（件） 3126 2208 同比增长41.6%".
_ROW_LABEL_UNIT = re.compile(rf"^\s*[^\s|｜]{{1,40}}?[(（]({_LONG_UNITS}|[{UNITS}])[)）]")
_BARE_CELL = re.compile(r"(?<![^\s|｜])\d+(?:\.\d+)?(?![^\s|｜])")
# A table row of a rate, its figures written without % ("纠错率<tab>10.8<tab>12.2<tab>+1.4" under a row of units "%"):
# its bare figures are shares.
_RATE_ROW = re.compile(r"^\s*[^\s|｜\d。]{1,20}(?:率|比)(?:[(（]\s*%\s*[)）])?(?=[\s|｜])")


def row_unit(norm_sentence: str) -> str | None:
    """The unit a table row's bare figures are in, said once in its label; None for any other sentence."""
    m = _ROW_LABEL_UNIT.match(norm_sentence)
    if m is None or "。" in norm_sentence or len(_BARE_CELL.findall(norm_sentence, m.end())) < 2:
        return None
    return m.group(1)


_IN_TITLE = re.compile(r"《[^《》]{1,80}》")


def candidates(kind: str, norm_sentence: str) -> list[tuple[int, int]]:
    """(start, end) of every span of ``kind`` in the sentence, relative to it. A count right after 每 says
    "each", not how many ("对每一名普法讲师团成员…" does not count the members); a table row's bare figures
    count in the unit its label says."""
    # a figure and its unit are in one table cell: "11<tab>人民调解成功率" is a row's number and its label
    found = [(m.start(), m.end()) for m in PATTERNS[kind].finditer(norm_sentence) if "\t" not in m.group(0)]
    if kind == "count":
        found = [(s, e) for s, e in found if norm_sentence[max(0, s - 1) : s] != "每"]
        if row_unit(norm_sentence):
            label = _ROW_LABEL_UNIT.match(norm_sentence)
            found = sorted(found + [m.span() for m in _BARE_CELL.finditer(norm_sentence, label.end())])
    if kind == "date":
        # the year in a document's name ("《滨海新区2025年度重大行政决策事项目录》") dates nothing it says
        titles = [m.span() for m in _IN_TITLE.finditer(norm_sentence)]
        found = [(s, e) for s, e in found if not any(a < s and e < b for a, b in titles)]
    if kind == "ratio" and "。" not in norm_sentence and (rate := _RATE_ROW.match(norm_sentence)):
        bare = [m.span() for m in _BARE_CELL.finditer(norm_sentence, rate.end())]
        found = sorted(set(found + bare)) if len(bare) >= 2 else found
    return found


def best_span(
    kind: str,
    norm_sentence: str,
    anchors: list[tuple[int, int, float, str]],
    unit_hint: str | None = None,
    want_total: bool = False,
    settings: SpanSettings = SpanSettings(),
    keep: Callable[[tuple[int, int]], bool] | None = None,
    counted: tuple[str, ...] = (),
) -> tuple[tuple[int, int], float] | None:
    """The span of ``kind`` closest after the question's words in the sentence.

    anchors: (start, end, weight, term) of question terms found in the sentence. A span scores by the
    weight of anchors in its own clause and by closeness, preferring anchors before it
    ("办理行政复议案件36件"), by a unit matching the question ("多少件" → 件) and, when the
    question asks for a total (一共, 总共), by a total word just before it (共计54名).
    """
    ss = settings
    spans = [sp for sp in candidates(kind, norm_sentence) if keep is None or keep(sp)]
    if not spans:
        return None
    # A measure word or other single character says little about where the answer is.
    anchors = [a for a in anchors if a[1] - a[0] > 1]
    clause_id = clause_ids(norm_sentence)
    total_weight = sum({term: w for _, _, w, term in anchors}.values()) or 1.0
    figure_clauses = {clause_id[min(s, len(clause_id) - 1)] for s, _ in spans}

    def said_of_other(term: str, own: int) -> bool:
        """Whether the term is also in the clause of another figure of the sentence."""
        at = [m.start() for m in re.finditer(re.escape(term), norm_sentence)]
        return any(clause_id[i] != own and clause_id[i] in figure_clauses for i in at)

    best, best_score = None, float("-inf")
    for s, e in spans:
        # Each question term counts once, by its closest occurrence.
        per_term: dict[str, float] = {}
        for a_s, a_e, w, term in anchors:
            if a_e <= s:
                dist, before = s - a_e, 1.0
            elif a_s >= e:
                dist, before = a_s - e, ss.after_factor
            else:
                continue
            same_clause = clause_id[min(a_s, len(clause_id) - 1)] == clause_id[min(s, len(clause_id) - 1)]
            contrib = w * before * (ss.same_clause if same_clause else ss.other_clause) / (1.0 + dist / ss.anchor_decay)
            per_term[term] = max(per_term.get(term, 0.0), contrib)
        score = sum(per_term.values()) / total_weight
        # "收到申请512件，受理468件": a clause that is only a verb and the number shares the object
        # named before it; a question word as that verb ("受理了多少件") singles out this number.
        # Not "选聘了1家律师事务所…": that clause names its own object. Nor a word the clause of another
        # number holds too ("审核清理后公布行政许可57项,…审核转报52项"): it singles out neither.
        lead = clause_id.index(clause_id[s])
        clause_ends = e == len(norm_sentence) or bool(_CLAUSE.match(norm_sentence[e]))
        if (
            clause_ends
            and s - lead <= ss.short_clause
            and any(lead <= a_s and a_e <= s and not said_of_other(t, clause_id[s]) for a_s, a_e, _, t in anchors)
        ):
            score += ss.verb_clause_bonus  # as strong a clue as the unit
        text = _with_row_unit(norm_sentence, (s, e))
        # 1万元以上 is in 元; a headcount is said in 人, 名 or 位
        if unit_hint and (
            _unbounded(text).endswith(unit_hint) or (unit_hint == HEADCOUNT and unit_fits(text, unit_hint))
        ):
            score += ss.unit_bonus  # "多少项" asks for a count of 项: the unit is the strongest clue
        if counted and names_counted(norm_sentence, (s, e), counted, ss.max_noun):
            score += ss.counted_bonus  # "几个律师": 5名律师, not 15个乡镇人民政府 beside it
        if want_total:
            # "共计10类、2849项": the total word stands before the classes counted with the items
            at = with_classes(norm_sentence, (s, e), parts=True)[0] if kind == "count" else s
            if _TOTAL.search(norm_sentence[max(0, at - ss.total_window) : at]):
                score += ss.total_bonus
            elif "其中" in norm_sentence[lead:s]:
                score -= ss.total_bonus  # "共计54名…,其中公职律师9名": a part of the total, not the total asked
        if kind == "count" and not re.search(r"\d", text):
            score -= ss.numeral_penalty  # 一个/两项: Chinese numerals are more often wording than the asked-for count
        if kind == "date" and "月" in text:
            score += ss.month_bonus  # a day or month says more than a bare year, which the report's title gives
        if score > best_score:
            best, best_score = (s, e), score
    return best, best_score


# Two counts asked at once: "几起事故、死了几个人", "由几家律所、几位专家组成", "多少个行政执法部门、多少名执法人员".
_TWO_COUNTS = re.compile(
    rf"(?:多少|几)\s*(?:个)?({_LONG_UNITS}|[{UNITS}])([^？?。，,、和及与]{{0,12}}?)[、和及与,，][^？?。]{{0,8}}?"
    rf"(?:多少|几)\s*(个人|{_LONG_UNITS}|[{UNITS}])([^？?。，,、]{{0,12}})"
)
_NOUN_END = re.compile(r"(?:的|是|有|呢|吗|组成|参加|参与).*$")


def two_counts(question_norm: str) -> tuple[tuple[str, str], tuple[str, str]] | None:
    """The unit and the noun of each of two counts a question asks together ("多少个行政执法部门、多少名在岗执法人员"
    → (个, 行政执法部门), (名, 在岗执法人员); "几起事故、死了几个人" → (起, 事故), (人, "")), or None."""
    m = _TWO_COUNTS.search(question_norm)
    if m is None:
        return None
    second = "人" if m.group(3) == "个人" else m.group(3)
    return (m.group(1), _NOUN_END.sub("", m.group(2))), (second, _NOUN_END.sub("", m.group(4)))


def _in_unit_said(span_text: str, unit: str) -> bool:
    """The unit, or one of its class; 个 itself for 个 (any count fits a lone "多少个", not each of two)."""
    return _unbounded(span_text).endswith(unit) or (unit not in _GENERIC_UNITS and unit_fits(span_text, unit))


def pair_span(
    norm_sentence: str, asked: tuple[tuple[str, str], tuple[str, str]], max_gap: int = 16
) -> tuple[int, int] | None:
    """The span from a figure to the next one, close after it in the same sentence, each in its asked unit and said
    with most of its asked noun around it ("事故5起、死亡6人", "3家律师事务所和5名法学专家", "21个领域412项")."""
    figures = [(a, b) for a, b in candidates("count", norm_sentence) if not _TARGET.match(norm_sentence[a:b])]

    def fits(span: tuple[int, int], unit: str, noun: str) -> bool:
        lo = max((m.end() for m in _COARSE.finditer(norm_sentence, 0, span[0])), default=0)
        around = norm_sentence[lo : span[1] + 8]
        return _in_unit_said(norm_sentence[span[0] : span[1]], unit) and (not noun or holds_counted(around, (noun,)))

    for first, second in zip(figures, figures[1:]):
        if second[0] - first[1] > max_gap or re.search(r"[。；;]", norm_sentence[first[1] : second[0]]):
            continue
        if fits(first, *asked[0]) and fits(second, *asked[1]):
            return first[0], with_counted_noun(norm_sentence, second, 8)[1]
    return None


def _figure_key(text: str) -> str:
    return re.sub(r"\s+", "", text)


def stated_figures(question_norm: str) -> frozenset[str]:
    """The counts and shares a question states itself ("那244件行政复议案件里…" → 244件); in digits only:
    三项制度, 一案三推动 are names."""
    found = (m.group(0) for p in (COUNT, RATIO) for m in p.finditer(question_norm))
    return frozenset(_figure_key(f) for f in found if re.search(r"\d", f))


def clause_ids(text: str, separators: re.Pattern = _CLAUSE, listing_parens: bool = True) -> list[int]:
    """For each character, the number of the clause it is in (a separator ends its clause; so do
    both ends of a parenthesis that lists clauses, unless ``listing_parens`` is off)."""
    found = list(_LISTING_PARENS.finditer(text)) if listing_parens else []
    ends = {m.start() for m in found} | {m.end() - 1 for m in found}
    ids, cur = [], 0
    for i, ch in enumerate(text):
        ids.append(cur)
        if i in ends or separators.match(ch):
            cur += 1
    return ids or [0]


# Words that make a "多少" question one about money (多少报酬 → 元).
_MONEY_WORDS = (
    "经费|费用|资金|预算|补贴|报酬|薪酬|酬金|工资|奖金|(?<![不免减])罚(?:没款|款|金|没收入|没金额)|赔偿金|赔偿款|补偿款"
)
# A sum asked outright: "多少钱", "罚款和没收的钱一共有多少"
_MONEY_ASKED = r"多少钱|多少资金|多少经费|多少费用|金额|花了多少|投入了?多少|钱[^，,。？?]{0,6}(?:多少|几)"
# A fee asked for ("顾问费给多少"), not one waived (免费)
_FEE_ASKED = r"[^免]费[^，,。？?多]{0,2}多少"


# What "多少场" counts when it is a lawsuit: cases, said in 起 or 件 ("打了多少场官司").
_CASE_NOUN = re.compile(r"\s*(?:官司|案子|案件|诉讼|纠纷)")
# A count of cases or of people asked with no measure word: "收了多少案子", "…的人一共有多少".
_CASES_ASKED = re.compile(r"(?:多少|几)(?:个|起)?\s*(?:官司|案子)")
_PEOPLE_ASKED = re.compile(r"的人(?:员)?(?:数)?[^，,。？?的]{0,4}?(?:有)?多少(?![个件项名位人万])")
# Measures the reports' counts seldom use (votes, weights, areas): asked, only a figure in that measure answers
# ("投了多少票" is not answered by "发放1000份民意调查问卷").
# "队伍一共有多少人": how many people there are, a headcount (120名), which no count of cases (1.87万件) answers;
# "多少人申请法律援助" counts people by what they did, said in cases too (557件).
_HEADCOUNT = re.compile(r"[?？呢啊了\s]*$")
HEADCOUNT = "人员"
# what "多少个" counts, to the question's end, is people
_PERSON_NOUN = "(?:人|员|者|律师|顾问|干部|代表|专家)"
_PERSON_COUNTED = re.compile(rf"[^，,。；;？?]{{0,24}}?{_PERSON_NOUN}[?？呢啊吗了\s]*$")
_PERSON = re.compile(rf"{_PERSON_NOUN}$")


def _counts_people(rest: str) -> bool:
    """Whether what follows "多少个" counts people: a noun right after it is what it counts ("个村请上了…法律顾问":
    villages), a clause before a person noun at the end describes them ("个懂法律、能帮群众的带头人")."""
    if not _PERSON_COUNTED.match(rest):
        return False
    nouns = []
    for word, flag in pos_tags(rest[:24]):
        if not (flag[:1] in "njs" or flag == "zg"):  # jieba tags 村 zg before a verb ("村配备了")
            break
        nouns.append(word)
    return not nouns or bool(_PERSON.search("".join(nouns)))


_ASKED_MEASURES = "工作日|学时|课时|人次|场次|家次|件次|户次|万元|亿元"
_RARE_MEASURES = "公斤|公里|平方米|吨|斤|亩|票|棵|株|头|趟|遍"


# The reports a question counts ("几份年度报告披露的调解和解率…分别是多少"): what it asks of them has its own unit.
_COUNTED_SOURCES = re.compile(r"(?:多少|几)\s*[份个篇]?(?:年度|工作)?(?:报告|要点)|几份(?:材料|文件)")


def unit_hint(question_norm: str, inferred: bool = True) -> str | None:
    """The unit a count question asks for: 多少件 → 件, 几个工作日 → 工作日, 多少个人 → 人, 多少钱 → 元.
    ``inferred``: also the unit of what it counts when it says no measure word (多少案子 → 起, 的人有多少 → 人)."""
    question_norm = POINTING_BACK.sub("", question_norm)  # "那几支队伍…有多少人": 人, not 支
    question_norm = _COUNTED_SOURCES.sub("", question_norm)  # "几份年度报告披露的…分别是多少": not 份
    if re.search(r"(?:多少|几)\s*个人(?![民大])", question_norm):
        return "人"  # "请多少个人来当执法监督员": people, not any 个 (not 个人民调解委员会)
    m = re.search(rf"(?:多少|几)\s*(?:个)?({_ASKED_MEASURES})", question_norm) or re.search(
        rf"(?:多少|几)\s*([{UNITS}]|{_RARE_MEASURES})", question_norm
    )
    if m is None:
        # "平均审理天数是多少": days, said as a noun; "得了多少分": points of a score
        m = re.search(r"(天)数|(?:多少|几)\s*(分)(?![钟之类别局院支])", question_norm)
        if m:
            return m.group(1) or m.group(2)
        if "件数" in question_norm and not asks_change(question_norm):
            return "件"  # "签个承诺就能办的件数有多少": 件 (not "审核件数同比增长了多少": a change)
        if ASKS_TIME_LIMIT.search(question_norm):
            return "天"  # "多长时间内必须公示": a time limit, in days (7个工作日内, 15日)
        if ASKS_AREA.search(question_norm):
            return "平方米"
    if m and m.group(1) in ("万", "亿") and re.match(rf"[{UNITS}]|{_ASKED_MEASURES}", question_norm[m.end() :]):
        # "多少万人": people, counted in ten thousands (1.52万名), not anything at all (新增联系点3个)
        return unit_hint(question_norm[: m.start(1)] + question_norm[m.end() :], inferred)
    if m and m.group(1) == "场" and _CASE_NOUN.match(question_norm, m.end()):
        return "起"  # "打了多少场官司": lawsuits are counted as cases (22起)
    if m and m.group(1) == "人" and _HEADCOUNT.match(question_norm, m.end()):
        return HEADCOUNT
    if m and m.group(1) == "个" and _counts_people(question_norm[m.end() :]):
        return HEADCOUNT  # "培养了多少个懂法律的带头人": people (3260名), not any 个 (示范村8个)
    if m:
        return m.group(1)
    # "出了多少意见、办了多少案子": two counts, no one unit
    one = inferred and len(re.findall(r"多少|几", question_norm)) == 1
    if one and _CASES_ASKED.search(question_norm):
        return "起"  # "收了多少案子": cases, as 官司 are (68件, 22起), not "决定书42份"
    if one and _PEOPLE_ASKED.search(question_norm):
        return HEADCOUNT  # "有执法证的人一共有多少": people (1.36万名), not "注销证件238件"
    if re.search(_MONEY_ASKED, question_norm) or (
        re.search(r"多少|几", question_norm)
        and re.search(rf"{_MONEY_WORDS}|{_FEE_ASKED}|多少[^，,。？?]{{0,4}}费", question_norm)
    ):
        return "元"
    return None


# Units that answer the same count question ("多少件" is answered by "两起", "几天" by "15个工作日");
# 件 counts cases, applications and documents alike ("多少人申请法律援助" → 557件, "多少份" → 136件),
# 起 only cases; 项 counts items and kinds (行政裁决1项 of a list of powers), not cases. A count in a unit
# of none of the asked unit's classes answers another question.
_UNIT_CLASSES = (
    ("件", "起", "宗", "例", "案", "件次"),
    ("人", "名", "位", "人次", "件"),
    (HEADCOUNT, "人", "名", "位"),
    ("次", "回", "场", "场次", "期", "轮", "批", "批次", "件次"),
    ("家", "所", "个", "户", "家次", "户次"),
    ("项", "条", "个"),
    ("天", "日", "工作日", "个工作日"),
    ("学时", "课时", "小时"),
    ("元", "万元", "亿元"),
    ("卷", "宗", "份", "本", "册", "件"),
)  # units, not strings: 次 is not in 人次's class by its last character
# One-way exceptions to the classes: (asked, said) pairs that do not answer. "多少件法律咨询" is not
# answered by 1.2万余人次 (people served, not matters handled), though 人次 may answer "多少人".
# "多少名人民调解员" asks a headcount: 纠纷3275件 does not answer it, though 件 may answer "多少人申请".
# "多少个证明事项" is no "2300余份" (copies), "多少个" no sum or count of times: 个 answers most counts, not these.
# (…and "多少件法律事务" is not answered by "公职律师126名": 件 counts matters, 名 people; 人 is left to answer 件,
# "立案多少件、处分多少人" asking for both)
_UNIT_EXCLUDED = frozenset(
    {("件", "人次"), ("名", "件"), ("位", "件"), ("件", "名"), ("件", "位")}
    | {("个", said) for said in ("份", "元", "万元", "次", "人次")}
)
# One-way additions: (asked, said) pairs that answer though their classes differ. "多少本执法证" is answered by
# "换发新式行政执法证件800余个": certificates are counted 个 as often as 本.
_UNIT_ALSO = frozenset({("本", "个")})
# Units that say nothing about what is counted (多少个, 多少万): any count may answer.
_GENERIC_UNITS = frozenset("个余万亿千百")


def _unbounded(span_text: str) -> str:
    """A figure without its bound after it (以上, 以下, 左右, 以内): 1万元以上 → 1万元."""
    return _BOUND_RE.sub("", span_text.rstrip())


def unit_fits(span_text: str, hint: str | None) -> bool:
    """Whether a count span (its number and unit, before any counted noun) answers "多少<hint>"."""
    if not hint:
        return True
    text = _unbounded(span_text)
    if text.endswith(hint):
        return True
    unit = _UNIT_RE.search(text)
    if unit is not None and (hint, unit.group(0)) in _UNIT_EXCLUDED:
        return False
    if hint in _GENERIC_UNITS:
        return True
    if unit is None:
        return False
    if (hint, unit.group(0)) in _UNIT_ALSO:
        return True
    return any(hint in c and unit.group(0) in c for c in _UNIT_CLASSES)


# Money said in 万 or 亿 without 元 ("投入资金30.346万"): the word before says it is money.
_MONEY_BEFORE = re.compile(
    r"(?:资金|经费|费用|金额|款项|投入|花费|支出|补助|奖励|罚款|罚没|赔偿|预算)[^，,；;。]{0,4}$"
)


def in_unit(norm_sentence: str, span: tuple[int, int], hint: str | None) -> bool:
    """Whether a count span of the sentence answers "多少<hint>": its unit (a table row's bare figure: its label's),
    or 万 said of money."""
    return unit_fits(_with_row_unit(norm_sentence, span), hint) or money_in_wan(norm_sentence, span, hint)


def _with_row_unit(norm_sentence: str, span: tuple[int, int]) -> str:
    text = norm_sentence[span[0] : span[1]]
    if _BARE_CELL.fullmatch(text) and (unit := row_unit(norm_sentence)):
        return text + unit
    return text


_MEASURES = frozenset({"元", "天", "日", "工作日", "个工作日", "学时", "课时", "小时"})  # money and time

# Money spent ("花了多少钱", "经费投入多少万元") is not money won back, fined, waived or at stake: "为受援人挽回经济
# 损失1260万元" says what legal aid recovered, not what it cost.
_ASKS_SPENT = re.compile(rf"花|投入|经费|拨付|拨款|预算|支出|开支|花费|资金|补助|补贴|{_FEE_ASKED}|安排了?多少")
_OTHER_MONEY = re.compile(
    r"挽回|损失|追回|讨回|欠薪|罚没|罚款|金额|涉案|标的|赔偿|减免|节约|节省|经济利益|交易|产值|营收|税"
)
_MONEY_SPENT_BEFORE = re.compile(r"投入|经费|拨付|支出|花费|预算")


def other_money(norm_sentence: str, span: tuple[int, int]) -> bool:
    """Whether the money figure's own clause says it is money of another kind than spent (挽回, 罚没, 涉及金额)."""
    clause = _COARSE.split(norm_sentence[max(0, span[0] - 16) : span[0]])[-1]
    return bool(_OTHER_MONEY.search(clause)) and not _MONEY_SPENT_BEFORE.search(clause)


def money_in_wan(norm_sentence: str, span: tuple[int, int], hint: str | None) -> bool:
    """Whether a span ending in a bare 万/亿 is the money a "多少钱" question asks for."""
    text = _unbounded(norm_sentence[span[0] : span[1]])
    before = norm_sentence[max(0, span[0] - 12) : span[0]]
    return hint == "元" and text.endswith(("万", "亿")) and bool(_MONEY_BEFORE.search(before))


_ASKS_DAY = re.compile(r"哪一?天|哪一?日|几月几[日号]|几号|什么日子|具体日期")
_DAY = re.compile(r"[月日]|\d[-/.]\d")


def asks_day(question_norm: str) -> bool:
    """A date question asking for the day ("落款是哪一天"): a bare year does not answer it."""
    return bool(_ASKS_DAY.search(question_norm))


def asks_unit(question_norm: str) -> str | None:
    """The asked unit when it says what is counted (多少件, 几天; not 多少个, 多少万)."""
    hint = unit_hint(question_norm)
    return None if hint is None or hint in _GENERIC_UNITS else hint


# Verbs that count what was removed or cut: a count of what was handled (梳理, 审查, 公布) is not one.
_REMOVAL = re.compile(r"取消|废止|撤销|删除|砍掉|削减|精简|压减|减少|下放|免除|减免|废除")


_LOSS = re.compile(r"败诉|输")

# Verbs that count what a review or a court corrected: cases handled (办理, 受理) are not the corrected ones.
_CORRECTION = re.compile(r"纠错|纠正|改错|撤销|变更|确认违法")
_CORRECTION_KINDS = ("撤销", "变更", "确认违法", "责令履行")  # the ways a review corrects, one asked by its name


# What is new this year: "新领到行政执法证的人有多少" is not answered by all who hold one ("持证执法人员2387名").
_NEW_ASKED = re.compile(r"新(?:增|招|领|发|申领|取得|录用|聘|入职|考取)")
_NEW = re.compile(r"新")


_NUMERAL = re.compile(r"[\d〇零一二三四五六七八九十两]")


def asked_outcome(question_norm: str) -> re.Pattern | None:
    """What the figure asked is an outcome of, as words its clause must hold: what was removed ("取消了多少项",
    "清理废止了几件"), what was lost ("官司输了几起", "输掉的比例是多少"), what was corrected ("复议纠错了多少件"),
    what is new ("新领到执法证的人有多少"); None when it asks no outcome."""
    m = re.search(r"(?:多少|几)", question_norm)
    if m is None:
        return None
    before = question_norm[max(0, m.start() - 6) : m.start()]
    found = next((p for p in (_REMOVAL, _LOSS, _CORRECTION) if p.search(before)), None)
    if found is _CORRECTION and (kinds := [k for k in _CORRECTION_KINDS if k in question_norm]):
        # "以“变更”方式纠错的有多少件" is not answered by "通过撤销、确认违法等方式直接纠错17件"
        return re.compile("|".join(kinds))
    return found or (_NEW if _NEW_ASKED.search(question_norm) else None)


def asks_total(question_norm: str) -> bool:
    return bool(_ASKS_TOTAL.search(question_norm))


_CLAUSE_END = re.compile(r"[，,；;。：:、！!？?（）()\s“”\"]")


_ONE_CHAR_NOUNS = frozenset("村乡镇县市区省校所")


# The verbs a change is said with ("同比增长23.5%", "较上年下降2.5个百分点"), two characters each.
_CHANGED = "增长|增加|下降|减少|提高|降低|上升|提升|压减|压缩|削减|缩减|缩短|精简"
_CHANGE_WORD = re.compile(rf"{_CHANGED}|同比|环比")


_MANNER = frozenset(("依法", "依规", "依纪", "依规依纪"))  # adverbs of manner jieba tags as nouns


def with_counted_noun(
    norm_sentence: str, span: tuple[int, int], max_noun: int = SpanSettings.max_noun
) -> tuple[int, int]:
    """A count and the noun it counts when that follows: 1家 → 1家律师事务所, 37个 → 37个具体问题.

    The noun is what jieba tags as one (an adjective only before one), up to the clause's end;
    a verb ends it ("200余人次开展…" stays 200余人次), and so does a word that would take it past
    about eight characters (the noun phrase then runs on into what the clause says of it).
    """
    s, e = span
    rest = norm_sentence[e : e + 2 * max_noun]  # room for jieba to cut the last word as it would
    end = _CLAUSE_END.search(rest)
    rest = rest[: end.start()] if end else rest
    tags = pos_tags(rest) if rest else ()
    length = 0
    for i, (word, flag) in enumerate(tags):
        # jieba tags a place word alone badly ("303个村配备了…": 村 zg)
        if _CHANGE_WORD.fullmatch(word):
            break  # "70件增长25.7%": jieba tags 增长 a verbal noun; it says what became of the count
        if word in _MANNER:
            break  # "972家次市场主体依法不予处罚": jieba tags 依法 a noun; it says how the act was done
        nounish = flag.startswith("n") or flag in ("vn", "j", "l") or (i == 0 and word in _ONE_CHAR_NOUNS)
        before_noun = flag == "a" and i + 1 < len(tags) and tags[i + 1][1].startswith("n")
        if not (nounish or before_noun) or length + len(word) > max_noun:
            break
        length += len(word)
    return s, e + length


# jieba's tags of words that cannot open a label (其中, 已, 减少) or end it (共计, 达): they say what was done.
_NOT_LABEL_START = ("v", "p", "d", "c", "u", "r", "m", "q", "f", "t", "x", "y", "e")
_NOT_LABEL_END = ("v", "p", "d", "c", "u", "m", "q", "x", "y", "e")  # 市本级: 本级 is tagged r


def with_label(
    question_norm: str, kind: str, norm_sentence: str, span: tuple[int, int], max_label: int = SpanSettings.max_label
) -> tuple[int, int]:
    """A figure among others of its kind and the label before it that the question says as it is:
    "共计54名法律顾问,其中公职律师9名" asked "有几名是公职律师" → 公职律师9名 ("9名" alone reads as any
    of the sentence's counts). The label is whole words of the sentence, from a noun to a noun.
    A figure alone in its sentence keeps its short form (办理行政复议案件36件 → 36件)."""
    s, e = span
    if len(candidates(kind, norm_sentence)) < 2:
        return span
    clause_start = max((m.end() for m in _CLAUSE_END.finditer(norm_sentence, 0, s)), default=0)
    before = norm_sentence[max(clause_start, s - max_label) : s]
    n = max((n for n in range(2, len(before) + 1) if before[-n:] in question_norm), default=0)
    if n == 0:
        return span
    # Where jieba cuts the clause: a label starts at a word, and at a noun.
    words, pos = [], max(clause_start, s - 2 * max_label)
    for word, flag in pos_tags(norm_sentence[pos:s]):
        words.append((pos, flag))
        pos += len(word)
    first = next((i for i, (p, _) in enumerate(words) if p >= s - n), len(words))
    label = words[first:]
    if not label or s - label[0][0] < 2:
        return span
    # A label is a whole noun phrase: it opens with a noun (not 其中, 减少), ends with no verb (清单项目共计10类
    # keeps 10类) and follows no noun (律师 of 公职律师9名 is a fragment: 9名 stays alone).
    opens = not _tagged(label[0][1], _NOT_LABEL_START)
    ends = not _tagged(label[-1][1], _NOT_LABEL_END)
    whole = first == 0 or not _nounish(words[first - 1][1])
    return (label[0][0], e) if opens and ends and whole else span


def _tagged(flag: str, tags: tuple[str, ...]) -> bool:
    return flag.startswith(tags) and flag != "vn"  # a verbal noun (培训, 审查) is a noun here


def _nounish(flag: str) -> bool:
    return flag.startswith("n") or flag in ("vn", "j", "l")


# A bound said before the verb of its figure: "每年至少组织1次领导干部旁听庭审", "至少举办2次以上法治专题讲座".
_LIMIT_VERB = re.compile(r"(?:不低于|不少于|不高于|不超过|至少|最多|最少)([\u4e00-\u9fff]{1,3})$")


def with_limit(norm_sentence: str, span: tuple[int, int]) -> tuple[int, int]:
    """A figure and the bound before its verb, which makes it a target as much as "不少于5次" is one: 1次 →
    至少组织1次 (the verb is one word jieba tags as a verb; "至少县乡两级1次" stays 1次)."""
    m = _LIMIT_VERB.search(norm_sentence, 0, span[0])
    if m is None:
        return span
    tags = pos_tags(m.group(1))
    return (m.start(), span[1]) if len(tags) == 1 and tags[0][1].startswith("v") else span


def with_siblings(
    question_norm: str, kind: str, norm_sentence: str, span: tuple[int, int], max_len: int
) -> tuple[int, int]:
    """A figure inside a parenthesis whose every clause is a label and its figure ("重大处罚(企业10万元以上,
    个人1万元以上)"): the question names one label → that clause; none or several → the whole parenthesis,
    since one figure alone would answer for one label what the report says for two."""
    for m in _LISTING_PARENS.finditer(norm_sentence):
        lo, hi = m.start() + 1, m.end() - 1
        if not (lo <= span[0] and span[1] <= hi) or hi - lo > max_len:
            continue
        parts, at = [], lo
        for piece in re.split(r"([，,；;、])", norm_sentence[lo:hi]):
            if piece and not _CLAUSE.fullmatch(piece):
                figs = candidates(kind, piece)
                if len(figs) != 1 or figs[0][1] != len(piece) or figs[0][0] < 1:
                    return span  # not a list of labelled figures
                parts.append((at, at + len(piece), piece[: figs[0][0]]))
            at += len(piece)
        if len(parts) < 2:
            return span
        named = [(a, b) for a, b, label in parts if label in question_norm]
        return named[0] if len(named) == 1 else (lo, hi)
    return span


_ALTERNATE = re.compile(r"[(（][\u4e00-\u9fff]{1,6}[)）]")


def with_alternate(norm_sentence: str, span: tuple[int, int], noun_start: int) -> tuple[int, int]:
    """A counted noun and its alternate in parentheses right after it: 92个党委(党组), 212个村(社区)."""
    if span[1] <= noun_start:
        return span  # no noun was taken: a parenthesis after a bare figure is something else
    m = _ALTERNATE.match(norm_sentence, span[1])
    return (span[0], m.end()) if m else span


_MEASURE_ALTERNATE = re.compile(rf"[(（][{UNITS}][)）]")


def with_measure_alternate(norm_sentence: str, span: tuple[int, int]) -> tuple[int, int]:
    """A figure and the other measure the report counts it in: "186台(套)", "1200人(次)"."""
    m = _MEASURE_ALTERNATE.match(norm_sentence, span[1])
    return (span[0], m.end()) if m else span


def join_neighbours(kind: str, norm_sentence: str, span: tuple[int, int]) -> tuple[int, int]:
    """Grow a span over directly enumerated siblings: 6月15日、6月17日 is one answer."""
    spans = candidates(kind, norm_sentence)
    s, e = span
    changed = True
    while changed:
        changed = False
        for a, b in spans:
            if b <= s and norm_sentence[b:s] in ("、", "和", "及", "与"):
                s, changed = a, True
            elif a >= e and norm_sentence[e:a] in ("、", "和", "及", "与"):
                e, changed = b, True
    return s, e


def with_classes(norm_sentence: str, span: tuple[int, int], parts: bool = False) -> tuple[int, int]:
    """A count of classes right before a count of items is one figure with it: "共计7类177项",
    "10类、2849项"; with ``parts``, a count of the parts they fall in too, for the total word before both
    ("共6个方面28项任务": 共 is 28项's), not for what is cited."""
    between = ("", "、", "方面", "领域", "方面、", "领域、") if parts else ("", "、")
    for a, b in candidates("count", norm_sentence):
        if b > span[0] or norm_sentence[b : span[0]] not in between:
            continue
        if norm_sentence[a:b].endswith(("类", "种")) or norm_sentence[b : span[0]].startswith(("方面", "领域")):
            return a, span[1]
    return span


# A count right before a noun (2个知名律师事务所, 4家中介机构) or right after it, ending the clause
# (规范性文件共计1份); 等2家 and "绿杰食品公司两家公司" follow the names they sum up.
COUNTED_BEFORE = re.compile(rf"(?<!等){_NUM}\s*(?:余|多)?\s*[{UNITS}张][\u4e00-\u9fff]{{0,3}}$")
# "“全国民主法治示范村（社区）”1个": a closing quote and a bracketed kind may stand between the noun and its count.
_COUNTED_AFTER = re.compile(
    rf"^[”\"]?(?:[(（][\u4e00-\u9fff、]{{1,6}}[)）])?[”\"]?"
    rf"(?:共计|总计|合计|累计|共|达)?{_NUM}\s*(?:余|多)?\s*[{UNITS}张](?:[，,；;。、)）]|$)"
)


def only_counted(norm_sentence: str, noun: str) -> bool:
    """Whether the sentence names ``noun`` and only ever with a count ("选聘了1家律师事务所"): it says how
    many, not which ones, so it does not answer "哪家律师事务所"."""
    found = False
    # "3家常年法律顾问律师事务所分别叫什么": the sentence may name only the noun's head (聘请3家律师事务所)
    noun = next((noun[i:] for i in range(len(noun) - 2) if noun[i:] in norm_sentence), noun)
    pos = norm_sentence.find(noun)
    while pos >= 0:
        end = pos + len(noun)
        before, after = norm_sentence[max(0, pos - 12) : pos], norm_sentence[end : end + 12]
        if not (COUNTED_BEFORE.search(before) or _COUNTED_AFTER.match(after)):
            return False
        found = True
        pos = norm_sentence.find(noun, end)
    return found


def names_none(norm_sentence: str, noun: str) -> bool:
    """Whether the sentence cannot name a ``noun`` of 3+ characters whose names end in its head (某某律师事务所,
    某某律所): it says neither the noun's last two characters nor its first and last (律所)."""
    if len(noun) < 3 or noun[-1] not in NAME_SUFFIXES:
        return False
    return noun[-2:] not in norm_sentence and noun[0] + noun[-1] not in norm_sentence


# What may stand between a name and what explains it: its closing quote and a noun ("“三集”审批机制,即…").
_AFTER_NAME = r"[”\"’']?[\u4e00-\u9fff]{0,4}?"
_EXPLAINED_BY = re.compile(rf"^{_AFTER_NAME}[,，]?\s*(?:[(（:：]|即|是指|指的是|就是|包括)")
# Clause ends that are not a list's 、 (取缔“黑工厂”、“黑窝点”、“黑作坊”5家 is one clause).
_COARSE = re.compile(r"[，,；;。：:]")


def explains(norm_sentence: str, term: str) -> bool:
    """Whether the sentence says what ``term`` stands for: right after it (“1+4+N”(突发事件总体应急预案+…),
    "三集”即…) or by an enumeration in the clause before it (执法公示、执法全过程记录、重大执法决定法制审核三项制度)."""
    pos = norm_sentence.find(term)
    while pos >= 0:
        end = pos + len(term)
        if _EXPLAINED_BY.match(norm_sentence[end : end + 6]):
            return True
        starts = [m.end() for m in _COARSE.finditer(norm_sentence, 0, pos)]
        if norm_sentence.count("、", starts[-1] if starts else 0, pos) >= 2:
            return True
        pos = norm_sentence.find(term, end)
    return False


# What a name stands for, said right after it or its noun: "“五落实”(计划、内容、时间、人员、效果)",
# "“三集”审批机制,即…".
_EXPLANATION = re.compile(
    rf"{_AFTER_NAME}(?:[(（]([^()（）]{{2,80}})[)）]|[,，]?\s*(?:即|是指|指的是|就是)[:：]?([^。；;]{{2,80}}))"
)
_ITEM = r"[^、，,。；;：:()（）“”\"《》\s]"
_LIST = re.compile(rf"{_ITEM}+(?:、{_ITEM}+)+")


def parallel_items(text: str, term: str | None = None) -> list[tuple[int, int, int]]:
    """(start, end, items) of each run "a、b、c" in a clause, its first and last items cut to the longest of the
    others (parallel items: "…作出统一登记、统一编号、统一发布制度的要求" → 统一登记、统一编号、统一发布); a run whose
    last item runs into ``term`` ends where it begins (调查、审核、决定三分离制度). Not a run ``term`` is an item of."""
    out = []
    for m in _LIST.finditer(text):
        items = m.group(0).split("、")
        if term and (term in items[:-1] or items[-1].startswith(term)):
            continue  # 两抓手 in “一平台、两抓手、一带动、一考核”: one part of the whole
        start, end = m.start(), m.end()
        cut = items[-1].find(term) if term else -1
        if cut > 0:  # 调查、审核、决定三分离制度: the list ends where the name begins
            end -= len(items[-1]) - cut
            items[-1] = items[-1][:cut]
        width = max(len(x) for x in (items[1:-1] or [min(items, key=len)]))
        start += max(0, len(items[0]) - width)
        if cut < 0:
            end -= max(0, len(items[-1]) - width)
        out.append((start, end, len(items)))
    return out


def definition(norm_sentence: str, term: str) -> tuple[int, int] | None:
    """The words of the sentence that say what ``term`` stands for: the parenthesis or 即-clause right after it, or
    a list in its own clause ("实行调查、审核、决定三分离制度", "以“一平台、两抓手、一带动、一考核”“1211推进机制”").
    A numbered name (三统一, 五落实) takes a list of as many items, before or after it in the clause; another name
    only the list just before it. A list the name is itself an item of (两抓手) says what the whole is, not it."""
    count = named_count(term)
    clause = clause_ids(norm_sentence, _COARSE, listing_parens=False)
    found: list[tuple[int, int, int]] = []  # (distance, start, end)
    pos = norm_sentence.find(term)
    while pos >= 0:
        end = pos + len(term)
        m = _EXPLANATION.match(norm_sentence, end)
        if m:
            g = 1 if m.group(1) else 2
            return m.start(g), m.end(g)
        for a, b, n in parallel_items(norm_sentence, term):
            if a <= pos < b or clause[a] != clause[pos] or clause[b - 1] != clause[pos]:
                continue
            if count is not None and n != count:
                continue
            if count is None and not (b <= pos and not norm_sentence[b:pos].strip("”\"’' ")[6:]):
                continue  # an unnumbered name: only the list just before it (…审核三项制度)
            found.append((pos - b if b <= pos else a - end, a, b))
        pos = norm_sentence.find(term, end)
    if not found:
        return None
    _, a, b = min(found)
    return a, b


def holds_subset(
    query: Query, norm_sentence: str, min_share: float, lead: str = "", span: tuple[int, int] | None = None
) -> bool:
    """Whether the (normalised) sentence holds enough of what singles out the counted part (Query.subset); with the
    ``lead`` it follows in its paragraph, the two together ("新收一审行政诉讼案件463件…;审结412件,其中败诉21件").
    With a figure's ``span``: its clause and the two before it hold them ("案件11件,…主要涉及…政府信息公开等事项"
    counts all the cases, not those of 政府信息公开)."""
    if query.part_unsaid:
        return False  # "案子里,刑事案件有多少件": the reports never name that part
    if not query.subset:
        return True
    from qa.reading.gate import holds  # here, not above: gate imports sentences, which imports this module

    text = lead + (norm_sentence if span is None else _near(norm_sentence, span))
    held = sum(w for alts, w in query.subset if any(holds(a, text) for a in alts))
    return held >= min_share * sum(w for _, w in query.subset)


# The cases a named defendant is sued in ("以市政府为被告的"), or a named respondent answers for in review ("以乡镇人民
# 政府为被申请人的"): a part of all cases, said with its defendant or respondent.
_DEFENDANT = re.compile(r"为被告|被告为|作为被告|为被申请人|被申请人为|作为被申请人")
_COMPARED_WITH = ("较", "比", "同比", "与上年", "与去年")


def _of_clause_before(norm_sentence: str, span: tuple[int, int], change: str | None) -> bool:
    """Whether a figure belongs to the clause before its own: a change asked and said of it ("…409件,同比下降7.5%"), or
    a figure it is compared with ("…案件共9件,较上年的12件")."""
    if change == "delta" and is_delta(norm_sentence, span):
        return True
    return _near(norm_sentence, span, 0).startswith(_COMPARED_WITH)


def _near(norm_sentence: str, span: tuple[int, int], before: int = 2) -> str:
    """The figure's clause and the ``before`` clauses before it (what the figure counts is named there)."""
    ids = clause_ids(norm_sentence, _COARSE, listing_parens=False)
    c = ids[min(span[0], len(ids) - 1)]
    lo = next(i for i, x in enumerate(ids) if x >= c - before)
    hi = max(i for i, x in enumerate(ids) if x <= c) + 1
    return norm_sentence[lo:hi]


def names_counted(norm_sentence: str, span: tuple[int, int], counted: tuple[str, ...], max_noun: int = 8) -> bool:
    """Whether the noun right after the figure (or right before it: 律师5名) is what the question counts."""
    after = _CLAUSE_END.split(norm_sentence[span[1] : span[1] + max_noun], maxsplit=1)[0]
    before = norm_sentence[max(0, span[0] - max_noun) : span[0]]
    return any(alt in after or before.endswith(alt) for alt in counted)


def counts_asked(norm_sentence: str, span: tuple[int, int], counted: tuple[str, ...], share: float = 0.75) -> bool:
    """Whether the figure's clause or the two before it name what the question counts (Query.counted),
    by most of its characters: 新证 in 换发新式行政执法证件, 上岗证件 in 持证上岗…发放了行政执法证."""
    return holds_counted(_near(norm_sentence, span), counted, share)


_COUNTERS = frozenset(UNITS)


def holds_counted(text: str, counted: tuple[str, ...], share: float = 0.75) -> bool:
    """Whether ``text`` holds most of the characters of one of the counted thing's names."""
    held = set(text)
    return any(len(set(alt) & held) >= share * len(set(alt)) for alt in counted)


def _heading(sent: Sentence) -> str:
    """The innermost heading over the sentence's passage (its item: "二是强化县、乡、村、企四级多种类应急演练")."""
    section = sent.hit.chunk.section
    return normalize(section[-1]) if section else ""  # headings are stored as written


def counts_other(noun: str, counted: tuple[str, ...]) -> bool:
    """Whether the noun a figure names right after it (10项许可项目) is another thing than the question counts:
    it shares no character with any of its alternatives, counters aside (证明事项 and 许可项目 share only 项)."""

    def chars(word: str) -> set[str]:
        return set(word) - _COUNTERS or set(word)

    return len(noun) >= 2 and not any(chars(alt) & chars(noun) for alt in counted)


_AGAINST_YEAR = re.compile(r"(?:比|较|与|同|和)((?:19|20)\d{2})\s*年")


def years_of(norm_sentence: str, span: tuple[int, int]) -> set[int]:
    """The years the figure's clause and the one before say, up to the figure: "达到500项以上(2023年底为412项)"
    dates the figure in the brackets, not the one before them. The size of a change is not of the year it is
    against: "受理88件，较2021年的70件增长25.7%" (25.7% is the report's year's; 70件 is 2021's)."""
    near = _near(norm_sentence[: span[1]], span, 1)
    found = {int(y) for y in dating.YEAR.findall(near)}
    if found and is_delta(norm_sentence, span):
        found -= {int(y) for y in _AGAINST_YEAR.findall(near)}
    return found


def _document(query: Query, doc_id: str):
    """The document a sentence is of, for what stands around it (a table header, its paragraph); None for a query
    made without a corpus."""
    return query.view.index.documents.get(doc_id) if query.view is not None else None


def of_year(query: Query, sent: Sentence, span: tuple[int, int], year: int) -> bool:
    """Whether a figure can be of the asked year: its report is of that year (or of none known), or the year is
    written before it in its sentence or its headings, is the last one its paragraph writes before it ("2023年，…。
    全年…收到…1186件"), or heads its table column. A report's undated figure is of the report's year; a year
    written after it ("较2020年提高7.2个百分点") is what it is compared with."""
    chunk = sent.hit.chunk
    if chunk.year is None:
        return True
    doc = _document(query, chunk.doc_id)
    if chunk.year == year:
        # unless its paragraph opens with another year: the 2024 plan's "2023年，全州…可网办率达到91.3%" is 2023's;
        # or its clause, "上年全市新收…为2727件"
        if dating.opens_last_year(sent.norm, span[0]):
            return False
        return doc is None or dating.year_of(doc.norm, sent.start + span[0]) in (None, year)
    written = f"{year}年"
    if written in sent.norm[: span[0]] or any(written in label for label in chunk.section):
        return True
    if chunk.year == year + 1 and (
        dating.of_last_year(sent.norm, span[0]) or dating.opens_last_year(sent.norm, span[0])
    ):
        return True  # the 2023 report's "较上年的12件" is 2022's, and so is its "上年全市新收…为2727件"
    if doc is None:
        return False
    return dating.year_of(doc.norm, sent.start + span[0]) == year


def _of_asked_year(query: Query, sent: Sentence, span: tuple[int, int]) -> bool:
    """Whether the figure can be of the one year the question asks: "2020年开展了多少场" is not answered by
    "2019年共开展法治讲座75场", nor "2020年调解和解率" by the 2021 report's "调解和解率为25.8%,较2020年提高7.2个
    百分点"."""
    year = query.mentions.years[0]
    return not other_year(sent.norm, span, year) and of_year(query, sent, span, year)


def other_year(norm_sentence: str, span: tuple[int, int], year: int) -> bool:
    """Whether the figure's clause (or the one before) dates it to another year than the asked one."""
    found = years_of(norm_sentence, span)
    return bool(found) and year not in found


# A figure that changed: "时限由20.2个工作日缩短到6.9个工作日" gives the old one after 由/从, the new one
# after the verb and 到/至/为. A question asks for the new ("缩短到了多少", "再造以后") or the old ("之前").
_CHANGE_VERB = (
    r"(?:缩短|降低|减少|压缩|精简|缩减|提高|提升|增加|增长|上升|下降|扩大|扩充|扩展|拓展|延长|减|降|缩|提|增|升)"
)
_NEW_BEFORE = re.compile(rf"(?:{_CHANGE_VERB}了?(?:到|至|为)|达到)\s*$")
# "在…96名的基础上,…达到120名以上": the figure the change starts from.
_BASE_AFTER = re.compile(r"^的?基础上")
_OLD_BEFORE = re.compile(
    r"(?:由|从)(?:原来的?|原先的?|原|过去的?|上一?年度?的?|去年的?|(?:19|20)\d{2}\s*年(?:底|末)?的?)?\s*$"
)  # "由上年的3%提高到5%": 3% is where it started
_OLD_AFTER = re.compile(rf"^[\u4e00-\u9fff]{{0,4}}?{_CHANGE_VERB}")
_ASKS_OLD = re.compile(r"之前|以前|原来|原先|此前|本来|过去")
_ASKS_NEW = re.compile(rf"{_CHANGE_VERB}[\u4e00-\u9fff]?了?(?:到|至)|之后|以后|现在|目前|如今")


# What a change is against: "同比", "比上年", "较2020年底".
_AGAINST = r"(?:同比|环比|(?:比|较)(?:上一?年度?|去年|前一?年|(?:19|20)\d{2}\s*年(?:底|末)?))"
# The size of a change asked against another time: "比上年增加了多少名", "同比增长了多少", "比前一年多了多少件".
_ASKS_DELTA = re.compile(
    rf"(?:{_AGAINST}[^，,。？?]{{0,14}}?)"
    rf"(?:{_CHANGED}|多|少|涨|跌|降|升)了?(?:多少|几|百分之(?:多少|几))"
    r"|(?<![减缩])(?:多|少)了(?:多少|几)|增幅|降幅|增长率|增速"  # 减少了多少个环节: how many were cut
    # "变化了多少", "变化幅度多大", "是增加还是减少了？幅度是多少", "多了还是少了"
    r"|(?:变化|增减|升降|涨跌)(?:了|的)?(?:多少|几)|(?:变化|增减|升降|涨跌)?幅度|变化(?:有)?多大"
    r"|变化(?:情况)?(?:如何|怎样|怎么样)|(?:有|是)(?:何|什么|哪些)变化"  # "同比变化情况如何"
    r"|(?:增加|增长|上升|提高|升高|多了|涨了?)还是(?:减少|下降|降低|少了|跌了?)"
    # "与上一年相比，…案件数量下降了多少": what it is against said first, in a clause of its own
    r"|(?:与|和|跟|同)(?:上一?年度?|去年|前一?年|(?:19|20)\d{2}\s*年)(?:相比|比)[^？?]{0,30}?"
    rf"(?:{_CHANGED}|涨|跌)了?(?:多少|几)"
)
# A figure that is the size of a change: right after its verb ("比上年增加94名", "同比增长23.5%", "提高7.2个百分点"),
# not the value it changed to ("增加到687名").
_DELTA_VERB = rf"(?:{_CHANGED}|增|减|多|少)了?\s*$"
_DELTA_BEFORE = re.compile(_DELTA_VERB)
# The change's verb and what it is against, quoted with its size: "同比下降15.5%", "较上年下降2.5个百分点".
_DELTA_WORDS = re.compile(rf"(?:{_AGAINST}\s*)?{_DELTA_VERB}")


def asks_change(question_norm: str) -> str | None:
    """ "old" or "new" when a question asks for a changed figure's value before or after the change; "delta" when it
    asks how much it changed against another time."""
    if _ASKS_OLD.search(question_norm):
        return "old"
    delta = _ASKS_DELTA.search(question_norm)
    new = _ASKS_NEW.search(question_norm)
    if new and not (delta and new.group(0) in ("之后", "以后")):
        return "new"  # ("推行“扫码入企”以后，检查次数比上年少了多少": 以后 dates the change, its size is asked)
    return "delta" if delta else None


_CHANGE_SAID = re.compile(
    r"比上年|比去年|比前一年|较上年|较去年|同比|环比|增长|增加|下降|减少|提高|降低|上升|多了|少了"
)


def changed_subject(query: Query) -> str | None:
    """What a change question says changed: its last term of two or more characters before the change's words
    ("挽回的经济损失比上年增长了多少" → 经济损失)."""
    m = _CHANGE_SAID.search(query.norm)
    if m is None:
        return None
    found = [
        (at, alts[0])
        for alts in query.terms.terms
        if len(alts[0]) > 1 and 0 <= (at := query.norm.find(alts[0])) < m.start()
    ]
    return max(found)[1] if found else None


def changed_terms(query: Query) -> list[tuple[tuple[str, ...], float]]:
    """The question's terms (alternatives, weight) named before the change's words: what it says changed
    ("老百姓找政府复议的案子比前一年多了多少" → 老百姓, 政府, 复议); every term when it names the change first."""
    m = _CHANGE_SAID.search(query.norm)
    end = m.start() if m is not None else len(query.norm)
    return [
        (alts, weight)
        for alts, weight in zip(query.terms.terms, query.terms.weights)
        if weight > 0 and len(alts[0]) > 1 and 0 <= query.norm.find(alts[0]) < end
    ]


def change_of_later(norm_sentence: str, span: tuple[int, int], subject: str | None) -> bool:
    """Whether a change ("同比增长9.8%") is of another figure than the asked one: the asked thing is named only after
    it in the sentence ("办理法律援助案件1037件,同比增长9.8%,为受援群众挽回经济损失2146.3万元" for the change of
    挽回的经济损失)."""
    if not subject or subject not in norm_sentence[span[1] :]:
        return False
    return subject not in norm_sentence[: span[0]]


def is_delta(norm_sentence: str, span: tuple[int, int]) -> bool:
    """Whether the figure is the size of a change the sentence states ("同比增长23.5%"), not a value; or a signed
    figure in a table's row ("行政诉讼败诉率<tab>6.3%<tab>3.4%<tab>-2.9个百分点": its 增减 column)."""
    before = norm_sentence[: span[0]]
    if before.endswith(tuple(_CHANGE_SIGNS)) or norm_sentence[span[0] : span[0] + 1] in tuple(_CHANGE_SIGNS):
        return before.rstrip(_CHANGE_SIGNS).endswith("\t")  # the sign opens a table cell
    return bool(_DELTA_BEFORE.search(norm_sentence[max(0, span[0] - 6) : span[0]]))


_CHANGE_SIGNS = "+-−－＋"


_UP = re.compile(r"增长|增加|提高|上升|提升|升高|涨|多了")
_DOWN = re.compile(r"下降|减少|降低|下跌|跌|少了|降了|减了")


def _direction(words: str) -> str | None:
    up, down = bool(_UP.search(words)), bool(_DOWN.search(words))
    return None if up == down else "up" if up else "down"


def asked_direction(question_norm: str) -> str | None:
    """ "up" or "down" when a question asks the size of a change in one direction ("同比下降了多少"); None when it
    names none or both ("是增加还是减少了")."""
    return _direction(question_norm.replace("多少", ""))


def delta_direction(norm_sentence: str, span: tuple[int, int]) -> str | None:
    """The direction of the change whose size the figure is ("同比增长14.1%": up)."""
    m = _DELTA_BEFORE.search(norm_sentence[max(0, span[0] - 6) : span[0]])
    if m is None:
        return None
    # every verb of _DELTA_VERB starts with one of 增提上多 (up) or 下减降少 (down)
    return "up" if m.group(0)[0] in "增提上多" else "down"


def with_change(norm_sentence: str, span: tuple[int, int]) -> tuple[int, int]:
    """The size of a change with its verb and what it is against: 15.5% → 同比下降15.5% (the direction is the
    answer as much as the size: "是多了还是少了")."""
    m = _DELTA_WORDS.search(norm_sentence[max(0, span[0] - 14) : span[0]])
    return (span[0] - (len(m.group(0))), span[1]) if m else span


def change_side(norm_sentence: str, span: tuple[int, int]) -> str | None:
    """ "old" or "new" when the figure is one end of a change the sentence states, else None."""
    before, after = norm_sentence[max(0, span[0] - 8) : span[0]], norm_sentence[span[1] : span[1] + 8]
    if _NEW_BEFORE.search(before):
        return "new"
    if (_OLD_BEFORE.search(before) and _OLD_AFTER.search(after)) or _BASE_AFTER.match(after):
        return "old"
    return None


def counts_another_part(query: Query, norm_sentence: str, figure: tuple[int, int], end: int) -> bool:
    """Whether the figure counts a noun written right after it that is not the asked part of a set, the part being
    named elsewhere in its sentence ("由7名执业律师和法学专家组成" for the 法学专家)."""
    noun = norm_sentence[figure[1] : end]
    if not query.subset or len(noun) < 2 or noun in query.norm:
        return False  # the set's own noun ("实行告知承诺制的41项证明事项" for "证明事项中…有多少项")
    alts = [alt for alts, _ in query.subset for alt in alts if len(alt) >= 2]
    mine = any(alt in noun or noun in alt for alt in alts)
    return not mine and any(alt in norm_sentence for alt in alts)


# A figure of what is new this year ("新申领行政执法证87人", "新增…17项"): the new ones, not all there are.
_NEW_FIGURE = re.compile(r"新(增|招录|招|领|发|申领|取得|录用|聘请|聘|入职|考取|办理)")


def new_unasked(question_norm: str, norm_sentence: str, at: int) -> bool:
    """Whether the figure at ``at`` counts what is new in its clause while the question asks for none: no 新, and not
    the act itself ("招录了多少名" is answered by 新招录…30名)."""
    m = None
    for m in _NEW_FIGURE.finditer(norm_sentence, dating.clause_start(norm_sentence, at), at):
        pass
    return m is not None and "新" not in question_norm and m.group(1) not in question_norm


# What was withdrawn or cancelled: "注销执法证件57本" is not how many hold one, nor "撤回申请12件" how many were filed.
_WITHDRAWN = re.compile(r"注销|吊销|收回|暂扣|撤回")


def withdrawn_unasked(question_norm: str, norm_sentence: str, at: int) -> bool:
    """Whether the figure at ``at`` counts what was withdrawn or cancelled in its clause while the question asks
    of no such thing."""
    if _WITHDRAWN.search(question_norm) or _REMOVAL.search(question_norm):
        return False  # "取消了多少项许可" asks what was removed, whatever the list's names say ("…注销登记")
    # before the figure ("注销执法证件57本"), or after it to the next figure ("对调离岗位的87名人员及时注销执法证件")
    tail = _FIGURE_ON.match(norm_sentence, at)
    return bool(
        _WITHDRAWN.search(norm_sentence, dating.clause_start(norm_sentence, at), at) or _WITHDRAWN.search(tail[0])
    )


_FIGURE_ON = re.compile(r"[\d.]*[^\d，,；;。、]*")  # a figure and the words after it, to a pause or another figure


def _names_part(query: Query, norm_sentence: str, span: tuple[int, int]) -> bool:
    """Whether the figure's own clause names the asked part of a set (Query.subset): 其中市本级63项."""
    own = _near(norm_sentence, span, 0)
    return any(alt in own for alts, _ in query.subset for alt in alts)


# A question about what was done, not what was required ("实际学法了几次", "最终实际达到了多少"): a goal or a
# plan's figure does not say it. And a figure that is a bound.
_ASKS_ACTUAL = re.compile(r"实际|真正|实实在在|最终|最后达到")
_TARGET = re.compile(rf"不低于|不少于|不高于|不超过|至少|最多|最少|[{_SIGNS}]")
# A figure a report sets as a goal: "力争…败诉率控制在5%以下", "确保…达到95%以上".
_AIMED = re.compile(r"力争|确保|争取|目标|控制在|保持在")
_ASKS_TARGET = re.compile(r"目标|要求|力争|确保|计划|打算|指标|定了|定的|要达到|要控制|不低于|不少于|不超过")


def planned(sent: Sentence, span: tuple[int, int]) -> bool:
    """Whether the figure is a goal: bounded as one, or said in a plan (a 工作要点, a 下一步 section) of no earlier year
    ("2023年全区共收到…381件" in the 2024 plan is a result)."""
    if is_target(sent.norm, span):
        return True
    chunk = sent.hit.chunk
    if not is_plan_section(chunk.section, chunk.doc_type, chunk.year):
        return False
    said = years_of(sent.norm, span)
    return not (chunk.year and said and max(said) < chunk.year)


# A figure named as the goal it is: "超过年初确定的95%工作目标", "95%的目标".
_GOAL_AFTER = re.compile(r"\s*(?:的|左右的)?(?:工作|年度|预期|考核)?目标")


def goal_named(norm_sentence: str, span: tuple[int, int]) -> bool:
    """Whether the word after the figure names it a goal ("95%工作目标")."""
    return bool(_GOAL_AFTER.match(norm_sentence, span[1]))


def goal(sent: Sentence, span: tuple[int, int]) -> bool:
    """Whether the figure is a goal the report sets: planned, or named as a goal right after it."""
    return planned(sent, span) or goal_named(sent.norm, span)


def is_target(norm_sentence: str, span: tuple[int, int]) -> bool:
    """Whether the figure is a goal, not a result: a bound before it (不低于90%), or a bound after it in a clause that
    aims (力争…控制在5%以下)."""
    text = norm_sentence[span[0] : span[1]]
    if _TARGET.match(text):
        return True
    bounded = text != _unbounded(text)
    return bounded and bool(_AIMED.search(_near(norm_sentence, span, 0)))


_ONE = re.compile(rf"一\s*(?:{_LONG_UNITS}|[{UNITS}])")


def _figure_filter(
    query: Query, kind: str, change: str | None, norm: str, by_label: bool = False, hint: str | None = None
) -> Callable[[tuple[int, int]], bool]:
    """Which of a sentence's figures can be the asked one: the asked end of a change ("缩短到了多少个工作日"
    is not answered by 由20.2个工作日…); the one with the longest label the question says (``by_label``);
    the asked part of a set when a figure's own clause names it ("事项中市本级有多少项": 其中市本级63项,
    not the total 822项 of the clause before); an amount in the asked measure (``hint``, money or time:
    "花了多少钱" among 54场、63334人、30.346万 is 30.346万, not the count closest to the question's words)."""
    spans = candidates(kind, norm)
    direction = asked_direction(query.norm) if change == "delta" else None
    part = bool(query.subset) and any(_names_part(query, norm, sp) for sp in spans)
    # "政府投资类项目…多少个工作日" among "政府投资类38个工作日、社会投资核准类32个工作日": the figure the
    # question names by its label, when the label is what lets the sentence answer (``by_label``; a
    # label of the question's ordinary words, 元氏县 or 政府合同, says little otherwise).
    labels = {sp: _label(query.norm, norm, sp) for sp in spans} if by_label else {}
    longest = max(labels.values(), default=0)

    actual = bool(_ASKS_ACTUAL.search(query.norm))
    # Only measures: a classifier (件, 名) counts many things, and a count in it far from the question's
    # words is of something else (制度23件 for "多少卷案卷").
    measure = hint if kind == "count" and hint in _MEASURES else None

    spent = kind == "count" and hint in ("元", "万元", "亿元") and bool(_ASKS_SPENT.search(query.norm))
    # "满意的比例" among "响应率100%,解决率93.6%、满意率94.8%": not a share another rate labels, when the asked one
    # labels one ("全程网办率达92.7%，2025年力争达到95%": the target goes on with the asked rate)
    rated = kind == "ratio" and change is None and bool(query.rates_asked)
    rated = rated and any(rate_before(query.rates_asked, norm, sp[0]) for sp in spans)
    # "有多少…是在网上提交的" expects a number: a lone 一 with its classifier is wording ("一个窗口", "最多跑一次")
    many = kind == "count" and "多少" in query.norm and "几" not in query.norm

    def keep(span: tuple[int, int]) -> bool:
        if measure and not in_unit(norm, span, measure):
            return False
        if rated and other_rate_before(query.rates_asked, norm, span[0]):
            return False
        if many and _ONE.fullmatch(norm[span[0] : span[1]]):
            return False
        if spent and other_money(norm, span):
            return False
        if change == "delta" and not is_delta(norm, span):
            return False  # "比上年增加了多少名" is not answered by the 687名 of this year
        if change == "delta" and direction and delta_direction(norm, span) not in (None, direction):
            return False  # "败诉率同比下降了多少" is not answered by the cases' "同比增长14.1%"
        if change in ("old", "new") and change_side(norm, span) not in (None, change):
            return False
        if actual and _TARGET.match(norm[span[0] : span[1]]):
            return False  # "实际学法了几次" is not answered by the rule "每年不少于4次"
        if query.qualifiers and contradicts(query.qualifiers, _near(norm, span, 0)):
            return False  # "专职律师有多少名" is not answered by "其中公职律师9名"
        if longest and labels.get(span, 0) < longest:
            return False
        return not part or _names_part(query, norm, span)

    return keep


# A change asked: "比上一年变化了多少", "同比增长多少", "多了多少件".
_CHANGE_ASKED = re.compile(r"变化|变动|同比|增长|增加|下降|减少|提高|降低|上升|多了|少了|比上年|比去年|比前一年")


def _in_asked_column(
    keep: Callable[[tuple[int, int]], bool], query: Query, sent: Sentence, change: str | None
) -> Callable[[tuple[int, int]], bool]:
    """``keep``, and in a table row only the figure under the asked year ("2020年…调解和解率" in a row of 2020 and
    2021 figures); the change column only when a change is asked."""
    doc = _document(query, sent.doc_id)
    if doc is None:
        return keep
    years = query.mentions.years
    asked = years[0] if len(years) == 1 else None
    changed = change is not None or bool(_CHANGE_ASKED.search(query.norm))

    def in_column(span: tuple[int, int]) -> bool:
        return keep(span) and tables.fits(doc.norm, sent.start + span[0], asked, doc.meta.year, changed)

    return in_column


_DROP = (-1, -1)  # a figure check's verdict on the whole sentence: none of its figures is the asked one


def _besides(
    keep: Callable[[tuple[int, int]], bool], rejected: set[tuple[int, int]]
) -> Callable[[tuple[int, int]], bool]:
    """``keep``, and none of the ``rejected`` spans."""
    return lambda span: span not in rejected and keep(span)


def _with_day(keep: Callable[[tuple[int, int]], bool], norm: str) -> Callable[[tuple[int, int]], bool]:
    """``keep``, leaving out dates without a month or day (a bare year)."""
    return lambda span: keep(span) and bool(_DAY.search(norm[span[0] : span[1]]))


_ASKED_AFTER = r"(?:的|了|有|是|共|一共|总共|总计|累计)?\s*(?:多少|几)"


def _label(
    question_norm: str, norm_sentence: str, span: tuple[int, int], min_label: int = 4, then: str | None = None
) -> int:
    """How many characters right before the figure the question says as they are (its label:
    "社会投资备案类" before 30个工作日); 0 when fewer than ``min_label``. ``then``: what must follow them in the
    question (``_ASKED_AFTER``: said right before its 多少 or 几)."""
    before = norm_sentence[max(0, span[0] - 16) : span[0]]

    def said(words: str) -> bool:
        return words in question_norm if then is None else re.search(re.escape(words) + then, question_norm) is not None

    return max((n for n in range(min_label, len(before) + 1) if said(before[-n:])), default=0)


def asked_label(question_norm: str, norm_sentence: str, at: int, min_label: int = 4) -> int:
    """How many characters right before the figure at ``at`` the question says right before its 多少 or 几 ("发现虚假
    承诺" of "发现虚假承诺多少件" before 9件); 0 when fewer than ``min_label``."""
    return _label(question_norm, norm_sentence, (at, at), min_label, _ASKED_AFTER)


def after_other_words(question_norm: str, norm_sentence: str, span: tuple[int, int]) -> bool:
    """Whether the figure at ``span`` stands after words other than those the question says right before its 多少: no
    label of the question's there (``asked_label``), the four characters before it in its clause share no word with
    the question's clause of 多少 ("受理行政复议申请多少件" and "收到申请451件，受理426件": 受理426件 is asked, though
    行政复议申请 labels 451件), and it is not followed by the noun the question counts ("几个村": 4个村)."""
    at, end = span
    noun = re.search(rf"(?:多少|几)\s*[{UNITS}]([\u4e00-\u9fff])", question_norm)
    if asked_label(question_norm, norm_sentence, at) or (noun and noun.group(1) in norm_sentence[at : end + 1]):
        return False
    own = _CLAUSE.split(norm_sentence[max(0, at - 16) : at])[-1][-4:]
    asking = _CLAUSE.split(re.split(r"多少|几", question_norm)[0])[-1]
    return not any(
        re.fullmatch(r"[\u4e00-\u9fff]{2}", own[i : i + 2]) and own[i : i + 2] in asking for i in range(len(own) - 1)
    )


def labelled(query: Query, norm_sentence: str) -> bool:
    """Whether a figure of the asked kind and unit stands right after words the question says as they are
    ("社会投资备案类30个工作日" for "社会投资备案类项目的审批时限是多少个工作日"): the sentence says what is
    asked even when it shares few of the question's other words."""
    hint = unit_hint(query.norm)
    if query.kind not in ("count", "ratio") or (query.kind == "count" and hint is None):
        return False
    return any(
        _label(query.norm, norm_sentence, sp)
        and (query.kind != "count" or unit_fits(norm_sentence[sp[0] : sp[1]], hint))
        for sp in candidates(query.kind, norm_sentence)
    )


def rate_labelled(query: Query, norm_sentence: str, said_otherwise: bool = False) -> bool:
    """Whether a share of the sentence stands right after a rate the question asks for ("败诉率为4.3%" for "输的比例
    大概多少", "出庭应诉率达到99.4%"). ``said_otherwise``: only a rate the question says in everyday words (输的比例
    for 败诉率): its wording is the table's, not the report's, so the sentence shares little else with it; a rate the
    question names as the report does ("热线…满意率") must be found with its other words."""
    rates = [r for r in query.rates_asked if not (said_otherwise and r in query.norm)]
    return any(rate_before(rates, norm_sentence, a) for a, _ in candidates("ratio", norm_sentence))


MIN_HEADER_LABEL = 4  # a count column's header says what is asked with at least this many characters
_GENERIC_HEADERS = frozenset(
    {"单位", "序号", "备注", "名称", "类型", "类别", "项目", "指标", "数量", "件数", "合计", "小计"}
)


_SHARE_HEADER = re.compile(r"占比|比例|比重")  # "占比", "占审结案件比例（%）"


def header_names(query: Query, by_unit: bool = False) -> Callable[[str], bool] | None:
    """Whether a table's header cell names the figure the question asks for: a rate it asks for ("负责人出庭应诉率"
    for "出庭应诉率是多少"), or for a count a label the question says as it is, its unit note left out
    ("新收行政复议申请（件）" for "新收行政复议申请多少件"). ``by_unit``: also a count's column by the unit its note
    says ("件数（件）" for "有多少件"), and a share asked without a rate by a column of shares ("占比"). None for a
    question of neither kind."""
    if query.kind == "ratio" and by_unit:
        rates = query.rates_asked  # a column of the rate asked first, else of shares
        return lambda cell: 2 if any(rate in cell for rate in rates) else int(bool(_SHARE_HEADER.search(cell)))
    if query.kind == "ratio" and query.rates_asked:
        rates = query.rates_asked
        return lambda cell: any(rate in cell for rate in rates)
    if query.kind == "count":
        qn, hint = query.norm, unit_hint(query.norm, inferred=False) if by_unit else None
        # the official term an everyday word of the question stands for ("告到法院": 行政诉讼) says the label too
        official = {a for alts in query.terms.terms for a in alts[1:]}
        # a shorter label ("收案（件）", "维持（件）") names the column when it is one of the question's own words
        words = {alts[0] for alts, w in zip(query.terms.terms, query.terms.weights) if w > 0} - _GENERIC_HEADERS

        def names(cell: str) -> int:
            """2: the label said; 1: the unit said (a weaker sign: another column may count in it too); 0: neither."""
            label = tables.UNIT_NOTE.sub("", cell)
            if len(label) >= MIN_HEADER_LABEL and (label in qn or label in official) or label in words:
                return 2
            return int(
                hint is not None and (m := tables.UNIT_NOTE.search(cell)) is not None and m.group(0)[1:-1] == hint
            )

        return names
    return None


def rate_row(query: Query, norm_sentence: str) -> bool:
    """Whether the sentence is a table row of the rate the question asks for, its figures in columns of years
    ("纠错率<tab>10.8<tab>12.2" for "2024年行政复议纠错率是多少"): the row says it, as a sentence naming the rate
    would, though it shares few of the question's other words (the table's caption says them)."""
    label = _RATE_ROW.match(norm_sentence)
    rated = bool(label) and any(rate in label.group(0) for rate in query.rates_asked)
    return rated and len(candidates("ratio", norm_sentence)) >= 2


def with_percent(choice: tuple, sents: list) -> tuple:
    """A rate row's bare figure as a sentence of the same report writes it with its % ("直接纠错率为14.5%" for the
    row's "14.5"), when one does; else the bare figure."""
    sent, a, b = choice
    figure = sent.norm[a:b]
    if not _BARE_CELL.fullmatch(figure):
        return choice
    pattern = re.compile(rf"(?<![\d.]){re.escape(figure)}\s*%")
    for other in sents:
        m = pattern.search(other.norm) if other.doc_id == sent.doc_id and other is not sent else None
        if m is not None:
            return other, m.start(), m.end()
    return choice


def with_unit(choice: tuple, sents: list) -> tuple:
    """A count row's bare figure as a sentence of the same report writes it with the unit the row's label says
    ("较2021年的70件" for the row "受理行政复议案件（件）<tab>70<tab>88"), the best-read such sentence, when one does;
    else the bare figure."""
    sent, a, b = choice
    figure = sent.norm[a:b]
    unit = row_unit(sent.norm) if _BARE_CELL.fullmatch(figure) else None
    if unit is None:
        return choice
    pattern = re.compile(rf"(?<![\d.]){re.escape(figure)}\s*{re.escape(unit)}")
    said = [o for o in sents if o.doc_id == sent.doc_id and o is not sent and "\t" not in o.norm]
    for other in sorted(said, key=lambda o: -o.score):
        m = pattern.search(other.norm)
        if m is not None:
            return other, m.start(), m.end()
    return choice


def _clause_before(norm_sentence: str, at: int) -> str:
    """What its clause says in the 12 characters before ``at`` (where a share's rate is named)."""
    return _CLAUSE.split(norm_sentence[max(0, at - 12) : at])[-1]


def rate_before(rates: Iterable[str], norm_sentence: str, at: int) -> bool:
    """Whether one of the rates stands right before ``at`` in its clause ("败诉率为", "应诉率达到"), or labels the
    table row ``at`` is in ("行政机关负责人出庭应诉率<tab>≥95%<tab>100%": a target's column, then the result's)."""
    before = _clause_before(norm_sentence, at)
    head = norm_sentence[:at].rstrip()
    if not before.strip() and head.endswith((":", "：")):
        before = _clause_before(norm_sentence, len(head) - 1)  # a label and its figure: "直接纠错率:14.9%"
    if any(rate in before[-(len(rate) + 3) :] for rate in rates):
        return True
    cells = norm_sentence[:at].split("\t")[:-1]
    return any(rate in cell for cell in cells for rate in rates)


_RATE_LABEL = re.compile(r"[\u4e00-\u9fff]{1,4}率(?:为|达到|达|是|保持在?|均为|提高到|提升至|控制在)?\s*$")


def other_rate_before(rates: Iterable[str], norm_sentence: str, at: int) -> bool:
    """Whether a rate other than the asked ones stands right before ``at`` in its clause ("响应率100%" when 满意率 is
    asked)."""
    return not rate_before(rates, norm_sentence, at) and bool(_RATE_LABEL.search(_clause_before(norm_sentence, at)))


# The part of a total the next clause gives: "…证明事项共822项,其中市本级63项".
_PART_AFTER = re.compile(r"[，,；;]\s*其中([^，,；;。]*)")


def named_part(
    kind: str, norm_sentence: str, span: tuple[int, int], anchors: list[tuple[int, int, float, str]]
) -> tuple[int, int] | None:
    """The figure of the "其中…" clause right after the chosen one when that clause names a question word the
    total's clause does not (市本级 for "市本级有多少项"): the part is asked, the total is said to frame it. The
    total's clause runs to the end of its counted noun: 律师 is said by "共计54名法律顾问", not only by 公职律师9名.
    Only question words of two characters or more; none when the clause names no other word of the question."""
    m = _PART_AFTER.match(norm_sentence, span[1])
    if not m:
        return None
    own = m.group(1)
    figures = [(a, b) for a, b in candidates(kind, own) if a > 0]
    if not figures:
        return None
    a, b = m.start(1) + figures[0][0], m.start(1) + figures[0][1]
    before = {t for x, y, _, t in anchors if y <= span[1]}  # the total's own noun too: 共计54名法律顾问
    if not any(y - x > 1 and m.start(1) <= x and y <= a and t not in before for x, y, _, t in anchors):
        return None
    return a, b


def following(
    leads: list[Sentence], sents: list[Sentence], total: float, share: float, new_words: bool = True
) -> list[Sentence]:
    """The sentence right after each lead in its passage, when it holds question words the lead does not, at least
    ``share`` of the question's term weight ``total``: reports name a measure, then count what it did
    ("…构建破产处置多方协调联动机制。解决…等37个具体问题。": 解决, 问题). Not 行政 of 行政诉讼 for 行政调解.
    ``new_words`` False: the next sentence of the paragraph whatever words it holds."""
    index = {id(s): i for i, s in enumerate(sents)}
    taken, out = {id(s) for s in leads}, []
    for lead in leads:
        i = index[id(lead)] + 1
        if i >= len(sents) or sents[i].hit is not lead.hit or id(sents[i]) in taken:
            continue
        nxt = sents[i]
        gap = lead.hit.chunk.text[lead.end - lead.hit.chunk.start : nxt.start - lead.hit.chunk.start]
        if "\n" in gap:
            continue  # another paragraph
        if not new_words:
            out.append(nxt)
            taken.add(id(nxt))
            continue
        said = {t for *_, t in lead.anchors if len(t) > 1}
        new = {t: w for *_, w, t in nxt.anchors if len(t) > 1 and t not in said}
        if new and sum(new.values()) >= share * total:
            out.append(nxt)
            taken.add(id(nxt))
    return out


def _not_the_old_end(keep: Callable[[tuple[int, int]], bool] | None, norm_sentence: str):
    """Not the figure a change starts from when the sentence gives where it went ("败诉率由上年的6.1%下降至4.2%": the
    report's year's rate is 4.2%)."""
    ends = {sp: change_side(norm_sentence, sp) for sp in candidates("count", norm_sentence)}
    ends |= {sp: change_side(norm_sentence, sp) for sp in candidates("ratio", norm_sentence)}
    if "new" not in ends.values():
        return keep
    return lambda sp: ends.get(sp) != "old" and (keep is None or keep(sp))


def _ordinal(keep: Callable[[tuple[int, int]], bool] | None, norm_sentence: str) -> Callable[[tuple[int, int]], bool]:
    """Only figures written as ordinals (第二批), besides what ``keep`` asks."""
    return lambda sp: sp[0] > 0 and norm_sentence[sp[0] - 1] == "第" and (keep is None or keep(sp))


# What a sum of money is asked as, and the words that say such a sum: spending ("请法律顾问花了多少钱") is said with
# its own words ("顾问费用36万元", "投入经费…"), not by a sum a sentence mentions on the way ("审查合同…涉及金额
# 23.6亿元"); fines, compensation and what was recovered likewise. Money asked with none of them: any sum.
_MONEY_KINDS = (
    (re.compile(r"罚"), re.compile(r"罚")),
    (re.compile(r"赔|补偿"), re.compile(r"赔|补偿")),
    (re.compile(r"挽回|追回|损失"), re.compile(r"挽回|追回|损失")),
    (
        re.compile(r"花|经费|费用|资金|投入|支出|开支|预算|报酬|顾问费"),
        re.compile(r"经费|费|资金|投入|投资|支出|开支|预算|报酬|支付|拨付|花"),
    ),
)
_SUM = re.compile(r"\d[\d.,]*\s*(?:万|亿)?元")


def sum_said(kind: re.Pattern, text: str, span: tuple[int, int]) -> bool:
    """Whether a sum's clause, up to its end, says the kind of money asked (``kind``, from ``money_kind``): "罚没款总额"
    is not "首违不罚…涉及金额1460.5万元", whose own clause says no fine."""
    return bool(kind.search(text, dating.clause_start(text, span[0]), span[1]))


def says_sum(text: str, said: re.Pattern) -> bool:
    """Whether a sentence gives a sum of money whose clause, up to it, says what the sum is (``said``)."""
    return any(sum_said(said, text, m.span()) for m in _SUM.finditer(text))


def money_kind(question: str) -> re.Pattern | None:
    """The words that must say a sum the question asks as spending, fines, compensation or what was recovered; None
    when it asks money of no such kind (any sum answers)."""
    return next((said for asked, said in _MONEY_KINDS if asked.search(question)), None)


def close_to(best: Sentence, sents: list[Sentence], reader: ReaderSettings) -> list[Sentence]:
    """The sentences about as good as the best one (within ``span_margin``) that hold enough of the question."""
    return [s for s in sents if s.score >= best.score - reader.span_margin and s.coverage >= reader.min_coverage]


def choose(
    query: Query,
    best: Sentence,
    sents: list[Sentence],
    reader: ReaderSettings,
    settings: SpanSettings,
    by_label: bool = False,
    kept: bool = False,
) -> tuple[Sentence, int, int] | None:
    """The best typed span among the sentences about as good as the best one.

    The sentence with the most question words is not always the one with the asked-for
    number ("配备了1名法律顾问" vs "共计54名法律顾问"), so the span's own fit decides among
    close sentences. A count in another unit than the asked one is no answer. ``by_label``: the best
    sentence answers because a figure's label is the question's (``labelled``): that figure it is. ``kept``: the best
    sentence answers on other grounds than the question's share of words (a change said of what is asked).
    """
    kind, qn = query.kind, query.norm
    hint, total, day, stated = unit_hint(qn), asks_total(qn), asks_day(qn), stated_figures(qn)
    money = money_kind(qn)
    close = close_to(best, sents, reader)
    # another passage's figure answers only where that passage holds the question's term of art: "信访事项总量" is not
    # "依法受理61件" of the 行政复议 section (gate: here, not above, as it imports this module)
    from qa.reading.gate import holds_key_term

    domain = getattr(getattr(query.view, "tokenizer", None), "domain_terms", None)  # none: a question built by hand
    if domain is not None:
        close = [s for s in close if s.hit is best.hit or holds_key_term(query, s, domain)]
    if (by_label or kept) and best not in close:
        close = [best, *close]  # it answers by its label (a rate said right before its share), not by its words
    counted, years, change = query.counted, query.mentions.years, asks_change(qn)
    subject = changed_subject(query) if change == "delta" else None
    outcome = asked_outcome(qn) if kind in ("count", "ratio") and change != "delta" else None
    if outcome in (_REMOVAL, _NEW) and kind != "count":
        # what was removed or is new is checked for counts only, as it was measured ("新领执法证的人员考试通过的比例":
        # the rate of those who sat the exam)
        outcome = None
    # (a change's size asked, "比上年减少的幅度": 减少 is its direction, said "下降13.4%" as well, no outcome)
    ordinal = kind == "count" and "第几" in qn
    defendant = kind in ("count", "ratio") and _DEFENDANT.search(qn)
    # A year after a report's own is one it can only plan for: its figures for it answer only a question for a goal.
    target_asked = bool(_ASKS_TARGET.search(qn))
    later = kind in ("count", "ratio") and len(years) == 1 and not target_asked
    proportion = bool(ASKS_PROPORTION.search(qn))

    def _in_target_column(s: Sentence, a: int) -> bool:
        doc = _document(query, s.doc_id)
        header = tables.column_header(doc.norm, s.start + a) if doc is not None else None
        return header is not None and bool(_TARGET_HEADER.search(header))

    def fit(s: Sentence, a: int, b: int, kind: str) -> tuple[int, int] | None:
        """The span (a, b) of ``s`` widened as it is cited, or None when it is not the asked figure (another of the
        sentence may be), or _DROP when it says the sentence gives none."""
        if kind in ("count", "ratio") and not _NUMERAL.search(s.norm[a:b]):
            return None  # a table header's unit, "罚没金额(万元)", is no figure
        if (
            proportion
            and kind == "ratio"
            and not (_PROPORTION.search(s.norm[a:b]) or _BARE_CELL.fullmatch(s.norm[a:b]))
        ):
            return None  # "复议与诉讼案件之比" is said 1.77∶1 (or a 比 row's bare 1.9), not as a share
        if kind in ("count", "ratio") and not target_asked and "\t" in s.norm and _in_target_column(s, a):
            return None  # "平均用多少天审完" and a row "…平均审理天数<tab>≤45天<tab>38.6天" under 目标值 | 完成值
        if _figure_key(s.norm[a:b]) in stated:
            return _DROP  # "那244件案件里维持的有多少件" already knows the 244件: the part is not said here
        if kind == "count" and not in_unit(s.norm, (a, b), hint):
            # "平均多少天" is not answered by "244件": the figure nearest the question's words is of another kind
            return _DROP
        if money is not None and s.norm[a:b].endswith("元") and not sum_said(money, s.norm, (a, b)):
            return None  # a sum of another kind of money
        if counted and not counts_asked(s.norm, (a, b), counted, settings.counted_share):
            # "多少份有效问卷" is not answered by "发放1000份民意调查问卷"; a heading over the sentence may say
            # what it counts ("二是强化…应急演练" over "共演练54场" for "多少场应急演练")
            if not holds_counted(_heading(s), counted, settings.counted_share):
                return None
        if defendant and not _DEFENDANT.search(_near(s.norm, (a, b), int(_of_clause_before(s.norm, (a, b), change)))):
            # "以市政府为被告的案件有多少件" is not answered by all the cases ("一审行政诉讼案件1315件"); a
            # change is of the figure in the clause before it ("作为被告的…案件409件,同比下降7.5%"), and so is the
            # figure it is compared with ("作为被申请人的…案件共9件,较上年的12件")
            return None
        if later and planned(s, (a, b)) and (s.hit.chunk.year or years[0]) < years[0]:
            return None  # "2023年…最后做到了多少": the 2022 report's "2023年…达到90%以上" is its plan, not the outcome
        if kind == "date":
            a, b = join_neighbours(kind, s.norm, (a, b))
        elif ordinal:
            a -= 1  # the 第 of 第二批
        elif kind == "count":
            a, b0 = with_measure_alternate(s.norm, with_classes(s.norm, (a, b)))
            a, b = with_alternate(s.norm, with_counted_noun(s.norm, (a, b0), settings.max_noun), b0)
            if (
                counted
                and counts_other(s.norm[b0:b], counted)
                and s.norm[b0:b] not in query.counted_phrase  # "7项事项" for "多少项决策事项": its head noun
                and not names_counted(s.norm, (a, b0), counted, settings.max_noun)
            ):
                # "多少项证明事项" is not answered by "取消…10项许可项目": that figure counts permits. But
                # "1次领导干部旁听庭审活动" names what "旁听几次庭审" counts after the noun: that noun is who acts.
                return None
            if counts_another_part(query, s.norm, (a, b0), b):
                return None  # "顾问团中的法学专家有几名" is not "由7名执业律师和法学专家组成": 7名 are the lawyers
        if change == "delta" and change_of_later(s.norm, (a, b), subject):
            return None  # "经济损失比上年增长了多少" is not the cases' "同比增长9.8%" said before the 经济损失
        if kind == "count" and (new_unasked(qn, s.norm, a) or withdrawn_unasked(qn, s.norm, a)):
            return None  # "持有执法证件的人员总数" is not "新申领行政执法证87人", nor "注销执法证件57本"
        return a, b

    def pick(
        candidates: list[Sentence], also=None, kind: str = kind, leads: dict[int, Sentence] | None = None
    ) -> tuple[Sentence, int, int] | None:
        """The best span of the candidates; ``also(sentence, span)``: a further test a span must pass; ``kind``: the
        kind of figure looked for (a change asked as "增长了多少" may be said as a share); ``leads``: the sentence
        each candidate follows, which may name the part it counts."""
        choice, choice_score = None, float("-inf")
        for s in candidates:
            lead = leads.get(id(s)) if leads else None
            lead_norm = lead.norm if lead is not None else ""
            if not holds_subset(query, s.norm, reader.min_subset_share, lead_norm) and not (
                kind == "ratio" and rate_labelled(query, s.norm)
            ):
                # "案件中有多少件被撤销" is not answered by the number of all the cases; a share of a part is, by the
                # rate that names it ("需出庭的案件中，领导亲自上法庭的比例" and "出庭应诉率100%")
                continue
            if query.rate and query.rate not in s.norm:
                continue  # "按期办结率" is not answered by the 被纠错率 of the same plan
            keep = _figure_filter(query, kind, change, s.norm, by_label and s is best, hint)
            if ordinal:  # "第几批" is answered by 第二批, not by a count ("专题调研6次")
                keep = _ordinal(keep, s.norm)
            if kind == "date" and day:  # "哪一天印发的" is not answered by "2024年", nor is 6月17日 lost to it
                keep = _with_day(keep, s.norm)
            if also is not None:
                keep = (lambda first, sent: lambda span: first(span) and also(sent, span))(keep, s)
            if outcome is not None:
                # "修改6件、废止9件" for "废止了几件", "审查…96件,发现问题并督促纠正3件" for "纠正了几件": the figure of
                # the outcome, not its neighbour; none near it, no answer ("取消了多少项" is not "梳理…共822项")
                keep = (lambda first, text: lambda span: first(span) and bool(outcome.search(_near(text, span))))(
                    keep, s.norm
                )
            if kind == "count" and query.subset:
                keep = (
                    lambda first, norm, lead: (
                        lambda span: first(span) and holds_subset(query, norm, reader.min_subset_share, lead, span)
                    )
                )(keep, s.norm, lead_norm)
            if kind in ("count", "ratio"):
                keep = _in_asked_column(keep, query, s, change)
                if change is None and (not years or s.hit.chunk.year in years):
                    keep = _not_the_old_end(keep, s.norm)
            if kind != "date" and len(years) == 1:
                # the best of the figures of the asked year: "较2021年的70件" for "2021年受理多少件", not the
                # sentence's better-fitting 2022 figure "依法受理88件", which would then be turned down
                keep = (lambda first, sent: lambda span: first(span) and _of_asked_year(query, sent, span))(keep, s)
            # the best span that passes fit's checks: "开展事后核查1872件,发现虚假承诺4件" for "发现了几件虚假承诺"
            # is 4件, though 1872件 stands closer to the question's words (it counts no 虚假承诺)
            rejected: set[tuple[int, int]] = set()
            while True:
                found = best_span(kind, s.norm, s.anchors, hint, total, settings, _besides(keep, rejected), counted)
                if found is None:
                    break
                (a, b), span_score = found
                fitted = fit(s, a, b, kind)
                if fitted == _DROP:  # the nearest figure says the sentence gives none (stated, another unit)
                    found = None
                if fitted is not None:
                    break
                rejected.add((a, b))
            if found is None:
                continue
            a, b = fitted
            score = s.score + reader.span_fit_weight * span_score
            if score > choice_score:
                choice, choice_score = (s, a, b), score
        return choice

    choice = pick(close)
    if kind == "count" and choice is not None and after_other_words(qn, choice[0].norm, choice[1:]):
        # "开展事后核查，发现虚假承诺多少件" and "开展事后核查3215件,发现虚假承诺9件": the figure after the words the
        # question says right before its 多少 is the one asked, in the same sentence
        sent = choice[0]
        choice = pick([sent], lambda sent, at: bool(asked_label(qn, sent.norm, at[0]))) or choice
    # A change asked as "增长了多少" may be said as a share ("同比增长29.9%"; "纠纷数量…增加还是减少了", 件 inferred,
    # not asked: "同比下降7.3%"), a rate's in percentage points ("败诉率变化了多少": "同比下降1.6个百分点").
    said_as: tuple[str, ...] = ()
    if change == "delta" and kind == "count" and unit_hint(qn, inferred=False) is None:
        said_as = ("ratio",)
    elif change == "delta" and kind == "ratio":
        said_as = ("points",)
    for other in said_as:
        choice = choice or pick(close, kind=other)
    if choice is None and outcome is not None:
        # "审结的行政复议案件中，作出撤销决定的有几件" and the best sentence a table row of all cases reviewed: the
        # same report's sentence that says the outcome beside its figure ("审结案件中,维持184件,…撤销19件"), though
        # it holds fewer of the question's words, when it holds enough of them and the question's term of art
        held = set(map(id, close))
        choice = pick(
            [
                s
                for s in sents
                if id(s) not in held
                and s.doc_id == best.doc_id
                and s.coverage >= reader.min_coverage
                and (domain is None or holds_key_term(query, s, domain))
            ]
        )
    if choice is None and total:
        # "加起来一共配了多少名" where the close sentences say none ("已经实现全覆盖"): a total a little
        # further down ("共计54名") answers it.
        wider = [
            s
            for s in sents
            if s.coverage >= reader.min_coverage
            and best.score - reader.total_margin <= s.score < best.score - reader.span_margin  # not in close
            and _TOTAL.search(s.norm)
        ]
        choice = pick(wider)
    if choice is None and reader.follow_figure and kind in ("count", "ratio"):
        followers = following(close, sents, query.terms.total, reader.follow_share)
        at = {id(s): i for i, s in enumerate(sents)}
        # a lead that ends in a semicolon goes on in its follower: what it names, the follower's figure may count
        leads = {id(s): lead for s in followers if (lead := sents[at[id(s)] - 1]).norm.rstrip().endswith((";", "；"))}
        choice = pick(followers, leads=leads)
    if choice is None and change == "delta":
        # "共受理矛盾纠纷2137件,…;受理数同比下降7.3%": the change of the lead's figure in the paragraph's next sentence,
        # its own clause naming what the question counts
        nxt = following(close, sents, query.terms.total, 0.0, new_words=False)

        def named(sent: Sentence, at: tuple[int, int]) -> bool:
            return any(len(t) > 1 and t in _near(sent.norm, at, 0) for *_, t in sent.anchors)

        for other in (kind, *said_as):
            choice = choice or pick(nxt, named, kind=other)
    if choice is None and kind == "count" and unit_hint(qn, inferred=False) is not None:
        # "“不罚”了多少件": the lead names the measure ("…不予处罚清单…扩大到12个领域"), the paragraph's next sentence
        # counts it in the asked unit with the same words ("全年依据清单作出不予处罚决定603件")
        nxt = following(close, sents, query.terms.total, 0.0, new_words=False)
        choice = pick([s for s in nxt if s.coverage >= reader.min_coverage])
    aimed = choice is not None and planned(choice[0], choice[1:])
    # "调解和解率为多少" and the best sentence's "较上年的29件增长41.4%": a share of a sentence that does not name the
    # asked rate, where a sentence of the same report names it right before its share ("…调解和解率13.2%"). A sentence
    # naming it stands ("案卷合格率由上年的93.1%提高到96.4%", not the same report's "考试合格率98.7%").
    unlabelled = kind == "ratio" and choice is not None and not any(r in choice[0].norm for r in query.rates_asked)
    if (aimed or unlabelled or choice is None) and query.rates_asked and not _ASKS_TARGET.search(qn):
        # "德清2021年…输的比例有多高" and the best sentence's goal "力争败诉率控制在5%以下", or the next year's plan
        # "力争…出庭应诉率达到100%": the same report's rate said as a result ("败诉率为4.6%") answers it, wherever it
        # stands; so it does when no close sentence gives the rate for the asked year (the 2024 plan's goals, and
        # its "2023年…出庭应诉率达到93.4%" further down for "2023年…出庭应诉率")
        doc = choice[0].doc_id if choice is not None else best.doc_id
        said = [s for s in sents if s.doc_id == doc and rate_labelled(query, s.norm)]
        rates = query.rates_asked
        asked = query.mentions.years

        def result_of(sent: Sentence, at: tuple[int, int]) -> bool:
            # a result of the asked year: the 2024 plan's "2023年…应诉率93.4%" does not say 2024's, but it says 2023's
            if not rate_before(rates, sent.norm, at[0]) or not all(of_year(query, sent, at, y) for y in asked):
                return False
            year = sent.hit.chunk.year
            return bool(asked and year and max(asked) < year) or not planned(sent, at)

        result = pick(said, result_of)
        choice = result or choice
    elif choice is not None and query.rates_asked and _ASKS_TARGET.search(qn) and not _ASKS_ACTUAL.search(qn):
        # "年初为出庭应诉率确定的工作目标是多少" and the result "应诉率达96.8%": the goal the report sets for that rate
        # ("超过年初确定的95%工作目标", "确保…应诉率稳定在95%以上") answers it
        doc, rates = choice[0].doc_id, query.rates_asked
        if not goal(choice[0], choice[1:]):
            said = [s for s in sents if s.doc_id == doc and any(rate in s.norm for rate in rates)]
            choice = pick(said, goal) or choice
    if choice is not None and kind in ("count", "ratio") and years and not _ASKS_TARGET.search(qn):
        chunk = choice[0].hit.chunk
        if (
            chunk.doc_type == "年度报告"
            and chunk.year in years
            and is_plan_section(chunk.section, chunk.doc_type, chunk.year)
            and planned(choice[0], choice[1:])
        ):
            # "昆山市2023年…平均要花多少天" and the 2023 report's next-year plan "力争…平均审理期限压缩至40日以内":
            # an annual report's plan is for the year after; a result among the close sentences, or none
            choice = pick(close, lambda sent, at: not planned(sent, at))
    if choice is not None and _ASKS_ACTUAL.search(qn) and planned(choice[0], choice[1:]):
        return None  # "2024年出庭应诉率最终实际达到了多少" and the 2024 plan's "达到100%": the outcome is not said
    if ordinal:
        return choice  # 第二批 as it is: no label, part or bound belongs to an ordinal
    if choice is not None and kind == "ratio":
        choice = with_percent(choice, sents)
    elif choice is not None and kind == "count":
        choice = with_unit(choice, sents)
    if choice is not None and kind in ("count", "ratio") and reader.named_part:
        s, a, b = choice
        part = named_part(kind, s.norm, (a, b), s.anchors)
        choice = (s, *part) if part is not None else choice
    if choice is not None and change == "delta" and is_delta(choice[0].norm, choice[1:]):
        s, a, b = choice
        return (s, *with_change(s.norm, (a, b)))
    if choice is not None and kind in ("count", "ratio"):
        # The label and the parenthesis say what the chosen figure counts; they do not choose it, so only the
        # chosen one is grown (jieba tags the clause before it).
        s, a, b = choice
        grown = with_siblings(qn, kind, s.norm, (a, b), settings.max_siblings)
        if grown == (a, b):
            grown = with_limit(s.norm, (a, b))
        choice = (s, *(grown if grown != (a, b) else with_label(qn, kind, s.norm, (a, b), settings.max_label)))
    return choice
