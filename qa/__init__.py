"""法治报告问答: offline question answering over Chinese rule-of-law government reports."""

__version__ = "0.1.0"
