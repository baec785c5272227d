"""Text normalisation that keeps every offset: traditional → simplified, full-width → half-width, look-alikes
(Kangxi radicals) → their characters,
years in Chinese numerals → digits (二〇二三年 → 2023年).

The result has exactly the length of the input, character for character, so a match found in
the normalised text is a (start, end) into the original.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import opencc

# Full-width ASCII (！ … ～) → ASCII; the ideographic space → space. Chinese punctuation such
# as 、。《》“” has no half-width twin and stays.
_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FOLD[0x3000] = 0x20

# PDFs made on some systems (macOS's Quartz above all) extract common characters as look-alikes: Kangxi radicals
# (⾏ U+2F8F for 行, ⼈ for 人) and compatibility ideographs. Each maps to the one character NFKC gives it, one for one,
# so no offset moves; the loader replaces them in a report's text, the fold in anything else (a pasted question).
_LOOKALIKE_BLOCKS = ((0x2E80, 0x2EFF), (0x2F00, 0x2FDF), (0xF900, 0xFAFF))
LOOKALIKES = {
    cp: ord(n)
    for lo, hi in _LOOKALIKE_BLOCKS
    for cp in range(lo, hi + 1)
    if len(n := unicodedata.normalize("NFKC", chr(cp))) == 1 and n != chr(cp)
}
HAS_LOOKALIKE = re.compile("[" + "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in _LOOKALIKE_BLOCKS) + "]")
_FOLD.update(LOOKALIKES)


# Official documents write years in Chinese numerals; questions and most reports use digits.
_CN_YEAR = re.compile(r"(?:一九|二[〇零○])[〇零○一二三四五六七八九]{2}(?=年)")
_CN_DIGIT = str.maketrans("〇零○一二三四五六七八九", "000123456789")


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@lru_cache(maxsize=65536)
def _char_t2s(ch: str) -> str:
    out = _t2s().convert(ch)
    return out if len(out) == 1 else ch


def normalize(text: str) -> str:
    """Simplified, half-width text of exactly ``len(text)`` characters."""
    if not text:
        return text
    folded = text.translate(_FOLD)
    if folded.isascii():
        return folded
    simplified = _t2s().convert(folded)
    if len(simplified) != len(folded):
        # A phrase conversion changed the length: convert character by character instead.
        simplified = "".join(_char_t2s(ch) for ch in folded)
    return _CN_YEAR.sub(lambda m: m.group(0).translate(_CN_DIGIT), simplified)


def is_mostly_traditional(text: str, threshold: float = 0.05) -> bool:
    """Whether a noticeable share of the Chinese characters are traditional forms."""
    han = [ch for ch in text[:20000] if "\u4e00" <= ch <= "\u9fff"]
    if len(han) < 20:
        return False
    sample = "".join(han)
    changed = sum(1 for a, b in zip(sample, _t2s().convert(sample)) if a != b)
    return changed / len(han) >= threshold
