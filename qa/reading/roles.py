"""Who does it: the office, unit or post a sentence names as the doer of what a question asks.

"安委会主任由谁担任" and "县长担任安委会主任"; "组长由谁来当" and "由市委书记和市长担任…领导小组组长";
"哪个单位被培育成示范点" and "培育瀍河国税税局为市级行政执法示范点"; "由哪个部门做合法性审核" and
"重大执法决定均由各单位法规科进行合法性审核"; "案件集中在哪个部门" and "主要集中在工商部门的…领域".

Each way of saying it gives a doer and what it is said to do: the post after "担任/为", else the clause around
it. The doer must end the way an office, unit or post does and not be named by the question; among several, the
one whose post or clause shares most character pairs with the question answers, and of those the one that says
least besides (区委书记任组长，区长任常务副组长: "组长由谁担任" is 区委书记, "常务副组长由谁担任" 区长).
"""

from __future__ import annotations

import re

from qa.reading.sentences import char_pairs

_MAX_DOER = 16
_MAX_MANNER = 6  # characters between a doer and 任: 亲自挂帅
_CLAUSE = re.compile(r"[，,；;。：:！!？?（）()]")
# What an office, unit or post ends with.
_DOER_END = re.compile(
    r"(?:局|委|办|院|厅|部|部门|中心|所|科|处|室|组|会|队|站|政府|书记|长|主任|委员|律师|法院|检察院|单位|公司|机关|团)$"
)
# "由X进行…": the acts a doer is named for.
_BY = re.compile(
    r"由([^，,；;。：:由]{2,16}?)(?=担任|兼任|牵头|负责|进行|组织|主持|承担|统筹|实施|开展|审核|把关|办理|受理|出任|任[^务何期职命免])"
)
# "X牵头…", "X会同Y…": the doer opening its clause, no 由 before it ("市行政审批局牵头深化…改革").
_LEADS = re.compile(r"(?:^|(?<=[，,；;。：:]))([^，,；;。：:由]{2,16}?)(?=牵头|会同)")
# "X担任Y", "X任Y": the post after it. 任 alone only as the verb (not 主任, 责任, 任务).
_HOLDS = re.compile(r"(担任|兼任|出任|(?<![主责信担兼继专出])任(?![务何期职命免]))")
# "培育X为Y", "成立X为主任的…": the doer between the verb and 为.
_NAMED_AS = re.compile(r"(?:培育|确定|确立|评为|评定|命名|选定|成立|设立|明确|推荐)([^，,；;。：:]{2,16}?)为")
_GATHERED = re.compile(r"集中在([^，,；;。：:的]{2,16})")
_PLURAL = re.compile(r"哪些|哪几|哪[两二三四五]|分别")
# "办公室设在哪个部门": where a body sits, said only by "设在/设于/挂靠(在)X" ("办公室设在县司法局").
_ASKS_SEAT = re.compile(r"(?:设在|设于|挂靠在?)(?:哪|什么)")
_SEAT = re.compile(
    r"(?:设在|设于|挂靠在?)([^，,；;。：:的]{2,16}?(?:局|委|办|院|厅|部|中心|所|科|处|室|政府|单位|机关))"
)
# "在区司法局设立黄岛区行政争议调解中心": the office named before the setting up is where the body sits.
_SET_UP_IN = re.compile(
    r"在([^，,；;。：:的在]{2,16}?(?:局|委|办|院|厅|部|中心|所|科|处|室|政府|单位|机关))(?:挂牌)?(?:设立|成立|组建|设置)"
)
_ASKS = re.compile(r"哪|谁|什么")


def _clause(norm: str, a: int, b: int) -> tuple[int, int]:
    """The clause around [a, b): from the punctuation before it to the one after."""
    lo = max((m.end() for m in _CLAUSE.finditer(norm, 0, a)), default=0)
    m = _CLAUSE.search(norm, b)
    return lo, m.start() if m else len(norm)


def _holder_before(norm: str, verb_at: int) -> tuple[int, int] | None:
    """The doer before "担任/任": from the clause start (or 由/是 in it) to the last office or post end before the
    verb, a few words of manner apart at most ("区委书记亲自挂帅任组长")."""
    lo, _ = _clause(norm, verb_at, verb_at)
    head = norm[lo:verb_at]
    for word in ("由", "是"):
        if word in head:
            lo += head.rindex(word) + 1
            head = norm[lo:verb_at]
    for end in range(len(head), max(1, len(head) - _MAX_MANNER) - 1, -1):
        if 2 <= end <= _MAX_DOER and _DOER_END.search(head[:end]):
            return lo, lo + end
    return None


def candidates(norm: str) -> list[tuple[int, int, tuple[str, ...]]]:
    """(start, end, what it is said to do) of every doer a sentence names, in the ways above. What it does is the
    post after "担任" or "为", else the clause around the doer (its parts before and after the doer)."""
    found: dict[tuple[int, int], tuple[str, ...]] = {}

    def around(a: int, b: int) -> tuple[str, ...]:
        lo, hi = _clause(norm, a, b)
        return norm[lo:a], norm[b:hi]

    def after(at: int) -> tuple[str, ...]:
        return (norm[at : _clause(norm, at, at)[1]],)

    for m in _BY.finditer(norm):
        found.setdefault(m.span(1), around(*m.span(1)))
    for m in _LEADS.finditer(norm):
        found.setdefault(m.span(1), around(*m.span(1)))
    for m in _HOLDS.finditer(norm):
        span = _holder_before(norm, m.start())
        if span:
            found.setdefault(span, after(m.end()))
    for m in _NAMED_AS.finditer(norm):
        found.setdefault(m.span(1), after(m.end()))
    for m in _GATHERED.finditer(norm):
        found.setdefault(m.span(1), around(*m.span(1)))
    return [(a, b, does) for (a, b), does in found.items() if _DOER_END.search(norm[a:b])]


def asks_seat(question_norm: str) -> bool:
    """Whether the question asks where a body sits ("领导小组办公室设在哪个部门"), not who heads or does it."""
    return bool(_ASKS_SEAT.search(question_norm))


def seat(norm: str) -> tuple[int, int] | None:
    """(start, end) of the office a sentence says a body sits in ("办公室设在县司法局" → 县司法局), or None: a
    sentence on who heads the body (由市委书记和市长担任…组长) does not say where its office is."""
    m = _SEAT.search(norm) or _SET_UP_IN.search(norm)
    return m.span(1) if m else None


# A post asked for its holder ("委员会的主任由谁担任", "组长是谁"): a sentence that does not name the post does not
# say who holds it.
_POST_ASKED = re.compile(r"(副?(?:主任|组长|召集人|主席|秘书长|总召集人|首席\w{0,4}))(?:一职)?(?:由|是|为)?谁")


def asked_post(question_norm: str) -> str | None:
    """The post a question asks the holder of ("主任由谁担任" → 主任), or None."""
    m = _POST_ASKED.search(question_norm)
    return m.group(1) if m else None


def doer(question_norm: str, norm: str) -> tuple[int, int] | None:
    """(start, end) of the doer of what the question asks in the sentence, or None.

    A question asking for several ("哪些部门", "组长和副组长分别由谁担任") or for two things ("哪个部门、哪个领域")
    is left to the sentence: one doer would not be all of it."""
    if _PLURAL.search(question_norm) or len(_ASKS.findall(question_norm)) > 1:
        return None  # "哪个部门、哪个领域": one doer is half the answer
    asked = char_pairs(question_norm)
    best, best_key = None, (0, 0.0)
    for a, b, does in candidates(norm):
        if norm[a:b] in question_norm:
            continue  # the question names it: it is not what is asked
        said = {p for part in does for p in char_pairs(part)}
        shared = len(said & asked)
        key = (shared, shared / (len(said) or 1))  # most of the question, then least besides it
        if shared and key > best_key:
            best, best_key = (a, b), key
    return best
