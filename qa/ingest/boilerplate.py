"""Web-page boilerplate: which lines of a report are report content.

Reports copied from government websites keep the site's navigation, counters, share buttons,
air-quality widgets and the 索引号/发文字号 header table. These lines are left out of the body
spans (and so of every chunk); the text itself is untouched, so offsets still point into it.
Rules are per line and conservative: a long line of prose is content whatever words it holds.
"""

from __future__ import annotations

import re

# A line that starts with one of these is page furniture.
_NAV_PREFIX = re.compile(
    r"^[\s•·>›»\-|/:：\[\]【】()（）]*(?:网站首页|您当前所在位置|当前位置|您的位置|当前所在位置|站群导航|无障碍|进入适老模式|"
    r"适老模式|长者模式|关怀模式|今天是|浏览次数|浏览量|阅读次数|访问量|点击数|分享到|打印本页|关闭窗口|上一篇|下一篇|"
    r"扫一扫|微信扫一扫|手机扫|返回顶部|相关链接|相关文章|责任编辑|AQI|PM2\.5|PM10|空气质量|"
    # an article of a WeChat account: its calls to follow, read on and share, the editors' names
    r"点击蓝字|点击上方|关注我们|长按识别|长按二维码|阅读原文|预览时标签不可点|(?:编辑|审核|校对|责编|初审|复审|终审)\s*[:：])"
)
# A line that is exactly one of these (brackets aside) is a button, a breadcrumb or a widget.
_NAV_EXACT = {
    "首页",
    "政务公开",
    "工作报告",
    "政策文件",
    "信息公开",
    "打印",
    "关闭",
    "收藏",
    "纠错",
    "我要纠错",
    "分享",
    "字体",
    "大",
    "中",
    "小",
    "优",
    "良",
    "轻度污染",
    "中度污染",
    "重度污染",
    "严重污染",
    "返回",
    "顶部",
    "English",
    "点赞",
    "在看",
    "转发",
    "留言",
    "写留言",
    "喜欢",
    "赞",
}
# What stands between buttons and around them: "【打印】 | 【关闭】".
_BUTTON_APART = re.compile(r"[\s\[\]【】()（）•·>›»|/:：]+")
# The labels of a 政府信息公开 page's information table (and an article's source line)
META_LABELS = r"索\s*引\s*号|发文字号|发布机构|主题分类|公文时效|成文日期|发布日期|发布时间|信息来源|来源|浏览|日期"
_META_FIELD = re.compile(rf"(?:{META_LABELS})\s*[:：]")
_COUNTER = re.compile(r"浏览[次数量]*\s*[:：]?\s*[\[\(]?\s*\d*\s*[\]\)]?\s*次?|阅读[:：]?\d+")
# the date and time an article went up, then its source or the account's name ("2024-02-23 09:12 怀化司法 湖南")
_TIMESTAMP = re.compile(
    r"^\s*\d{4}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*(?:来源[:：]?.*|[\u4e00-\u9fff\s]{0,16})$"
)
_FONT = re.compile(r"字[体号]\s*[:：]?\s*[【\[]?\s*大\s*[】\]]?\s*[【\[]?\s*中\s*[】\]]?\s*[【\[]?\s*小")
_SHORT = 40  # a navigation/header line is short; report prose is not
# A site's footer line, however long (its fields run together: "版权所有：… 主办：… 承办：…", "网站标识码… 闽ICP备…"),
# and a pager ("上一页 1 2 下一页").
_FOOTER = re.compile(
    r"^(?:版权所有|主办单位|主办\s*[:：]|承办单位|承办\s*[:：]|网站标识码|备案号|ICP备案号|[\u4e00-\u9fff]ICP备|技术支持|"
    r"地址\s*[:：][^。；]*(?:邮编|电话|ICP)|联系电话\s*[:：]|建议使用\s*\d)"
)
_PAGER = re.compile(r"^(?:上一页|下一页|首页|尾页|末页|第?\s*\d{1,3}\s*页?|共\s*\d{1,3}\s*页|[\s/|])+$")


_HAN_OR_WIDE = re.compile(r"[\u3000-\u9fff\uf900-\ufaff\uff00-\uffef]")  # Chinese, its marks, full-width forms
_MIN_FOREIGN = 10  # letters of another script a line needs to be that language's version
_HAN_SHARE = 0.1  # … with at most this share of Chinese characters among its letters


def other_language(line: str) -> bool:
    """Whether the line is written in a script other than Chinese and Latin: the Uyghur, Mongolian, Tibetan or Korean
    version of a paragraph on a bilingual page. A reader of the Chinese reports cannot quote it, and beside each
    Chinese paragraph it would only dilute the passages."""
    han = sum(1 for ch in line if "\u4e00" <= ch <= "\u9fff")
    foreign = sum(1 for ch in line if ch.isalpha() and ord(ch) > 0x24F and not _HAN_OR_WIDE.match(ch))
    return foreign >= _MIN_FOREIGN and han <= _HAN_SHARE * (han + foreign)


def is_boilerplate(line: str) -> bool:
    s = line.strip()
    if not s:
        return True
    if other_language(s):
        return True
    if (_FOOTER.match(s) or _PAGER.match(s) and re.search(r"[上下]一页|尾页|末页", s)) and not re.search(r"[。；]", s):
        return True
    if len(s) > _SHORT and not _META_FIELD.search(s[:12]):
        return False
    if _FONT.search(s) or _COUNTER.search(s) and len(s) < _SHORT:
        return True
    if _TIMESTAMP.match(s):
        return True
    if _META_FIELD.search(s) and len(re.sub(r"\s", "", s)) <= 80 and not re.search(r"[。；]", s):
        return True
    if _NAV_PREFIX.match(s) and not re.search(r"[。；]", s):
        return True
    if _BUTTON_APART.sub("", s) in _NAV_EXACT:
        return True
    if all(word in _NAV_EXACT for word in _BUTTON_APART.split(s) if word):
        return True  # a row of buttons: "分享 收藏 点赞 在看"
    if re.fullmatch(r"[\s\[\]【】()（）•·>›»|/]*", s):
        return True
    return False


def body_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every content line; spans never cross a newline."""
    spans = []
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        if not is_boilerplate(line):
            spans.append((pos, end))
        pos = end + 1
    return spans
