"""Time from a cold start of the app to its first answer (fresh process, streamlit.testing).

.venv/bin/python scripts/bench_app_start.py            # index already built
.venv/bin/python scripts/bench_app_start.py --no-index # first start: the index is built too
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--no-index", action="store_true")
    args = ap.parse_args()
    if args.no_index:
        os.environ["QA_INDEX"] = tempfile.mkdtemp(prefix="qa-index-")
    t0 = time.perf_counter()
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=900)
    at.run()
    t1 = time.perf_counter()
    at.chat_input[0].set_value("元氏县办理了多少件行政复议案件?").run()
    t2 = time.perf_counter()
    assert any("36件" in m.value for m in at.markdown), "no answer"
    print(
        f"| {'no index yet' if args.no_index else 'index built'} | {t1 - t0:.1f} s to the first page | "
        f"{t2 - t0:.1f} s to the first answer |"
    )


if __name__ == "__main__":
    sys.exit(main())
