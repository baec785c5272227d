"""Who holds an office: "怀化市市长是谁?" is answered by the name after the title ("市长黎春秋"),
and when no report names the holder, by "not found" rather than the office's sentence.

A name is a family name (qa/data/surnames.txt) and one or two given characters right after the
asked title; 副市长 is not 市长.
"""

from __future__ import annotations

import re
from functools import lru_cache

from qa.settings import DATA_DIR
from qa.text.tokenization import pos_tags, read_list

_HAN = re.compile(r"[\u4e00-\u9fff]")
_NOT_A_NAME = ("c", "p", "u", "d", "v", "r", "m", "q", "f")
# What follows a name of two characters as a word of one (李明在…, 李明到场); other one-character
# words there are more often the name's third character (许忠建, tagged a verb by jieba).
_AFTER_NAME = ("c", "p", "u", "d", "r", "m", "q", "f")
_AFTER_NAME_VERBS = frozenset("到说讲任是为作出来去要等看听问带率")


@lru_cache(maxsize=1)
def surnames() -> tuple[frozenset[str], frozenset[str]]:
    """(single-character, compound) family names."""
    words = [w for line in read_list(DATA_DIR / "surnames.txt") for w in line.split()]
    return frozenset(w for w in words if len(w) == 1), frozenset(w for w in words if len(w) == 2)


def name_after(title: str, sentence_norm: str) -> tuple[int, int] | None:
    """(start, end) of the name right after the title in the sentence, if one is there."""
    single, compound = surnames()
    for m in re.finditer(re.escape(title), sentence_norm):
        if not title.startswith("副") and sentence_norm[max(0, m.start() - 1) : m.start()] == "副":
            continue  # 副市长 is not 市长
        pos = m.end()
        found = _name_at(sentence_norm, pos, single, compound)
        if found:
            return pos, found
    return None


def names_someone(sentence_norm: str, kinds: tuple[str, ...] = ()) -> bool:
    """Whether a person's name stands anywhere in the sentence: jieba's nr on a word led by a family name, or a
    family name tagged alone before one or two characters (黎 | 春秋). Words ending in one of ``kinds`` are no
    names (顾问 is tagged nr: 顾 is a family name)."""
    single, compound = surnames()
    tags = pos_tags(sentence_norm)
    for i, (word, flag) in enumerate(tags):
        if flag != "nr" or word.endswith(kinds):
            continue
        if 2 <= len(word) <= 4 and (word[0] in single or word[:2] in compound):
            return True
        given = tags[i + 1][0] if i + 1 < len(tags) else ""
        if word in single and 1 <= len(given) <= 2 and all(_HAN.match(c) for c in given):
            return True
    return False


def _name_at(text: str, pos: int, single: frozenset[str], compound: frozenset[str]) -> int | None:
    """The end of a name starting at ``pos``, or None when what follows the title is no name
    ("市长信箱", "市委书记和市长")."""
    family = text[pos : pos + 2] if text[pos : pos + 2] in compound else text[pos : pos + 1]
    if not family or (len(family) == 1 and family not in single):
        return None
    first, flag = (pos_tags(text[pos : pos + 8]) or (("", ""),))[0]
    if flag != "nr" and (len(first) > len(family) or flag.startswith(_NOT_A_NAME)):
        return None  # a word (信箱) or a function word (和) that happens to start with a family name
    given_at = pos + len(family)
    if not _HAN.match(text[given_at : given_at + 1]):
        return None
    # A second given character is one jieba leaves alone before what the sentence goes on with:
    # 黎春秋将…, 许忠建多次…; not 李明出席…, 李明在….
    nxt, nxt_flag = (pos_tags(text[given_at + 1 : given_at + 8]) or (("", ""),))[0]
    two = len(nxt) == 1 and _HAN.match(nxt) and not nxt_flag.startswith(_AFTER_NAME) and nxt not in _AFTER_NAME_VERBS
    return given_at + (2 if two else 1)
