"""Write qa/data/common_words.txt: the words of jieba's general-language IDF table that are
common in Chinese at large (IDF below the cut-off), with their IDF.

The table has 270,000 words (6 MB, 140 MB in memory as a dict); only the common ones change a
question term's weight (qa/text/specificity.py), so those few thousand are kept.

    python scripts/make_common_words.py [--cutoff 8.0]
"""

from __future__ import annotations

import argparse

from qa.text.specificity import CUTOFF, DATA, read_jieba_table


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cutoff", type=float, default=CUTOFF)
    args = ap.parse_args()
    import jieba

    rows = sorted((v, w) for w, v in read_jieba_table().items() if v < args.cutoff)
    header = (
        f"# jieba {jieba.__version__} analyse/idf.txt: the words with general-language IDF < {args.cutoff}\n"
        "# (written by scripts/make_common_words.py; qa/text/specificity.py reads it)\n"
    )
    DATA.write_text(header + "".join(f"{w} {v}\n" for v, w in rows), encoding="utf-8")
    print(f"{DATA}: {len(rows)} words")


if __name__ == "__main__":
    main()
