"""End to end in headless Chromium: start the app, ask, see a cited answer, upload a report, find it.

Debian's chromium and chromium-driver are installed here when missing (as root, with apt-get);
if they cannot be installed the test fails with the reason: it never skips silently.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM, DRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
NEW_REPORT = (
    "关于测试县2022年度法治政府建设情况的报告\n"
    "一、推进行政复议体制改革\n"
    "(一)设立行政复议服务中心。测试县在全县设立行政复议服务站17个,实现乡镇全覆盖。\n"
    "二、法律顾问\n"
    # Hostile text (issue 13): shown as typed, never an image fetched or a link.
    "测试县聘请法律顾问8名![t](http://127.0.0.1:9/track.png),详见[点我](javascript:alert(1))。\n"
)
REPORT_NAME = "测试县2022年度报告[链接](x).txt"  # a file name that is Markdown


def _ensure_browser() -> None:
    # A CJK font too, so the screenshot shows Chinese rather than empty boxes.
    if os.path.exists(CHROMIUM) and os.path.exists(DRIVER) and Path("/usr/share/fonts/truetype/wqy").exists():
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        pytest.fail("chromium and chromium-driver are missing and cannot be installed here (needs root and apt-get)")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for cmd in (
        ["apt-get", "update", "-qq"],
        ["apt-get", "install", "-y", "-qq", "chromium", "chromium-driver", "fonts-wqy-zenhei"],
    ):
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=900)
        if done.returncode != 0:
            pytest.fail(f"{' '.join(cmd)} failed: {done.stderr.strip()[-500:]}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(corpus_dir, retriever, index_dir, tmp_path_factory):
    _ensure_browser()
    work = tmp_path_factory.mktemp("browser")
    corpus = work / "corpus"
    shutil.copytree(corpus_dir, corpus)
    # The session's index, built before the server starts: on a busy machine a first build inside
    # the app outlasted the wait for the chat input.
    shutil.copytree(index_dir, work / "index", ignore=shutil.ignore_patterns(".lock"))
    port = _free_port()
    env = dict(
        os.environ,
        QA_CORPUS=str(corpus),
        QA_INDEX=str(work / "index"),
        QA_FEEDBACK_LOG=str(work / "fb.jsonl"),
        QA_STATE_DIR=str(work / "state"),
    )
    log = (work / "server.log").open("w")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(ROOT / "app.py"),
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=ROOT,
    )
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.5)
    yield f"http://127.0.0.1:{port}", work
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="module")
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1400,1000",
        f"--user-data-dir={tempfile.mkdtemp(prefix='chromium-')}",
    ):
        opts.add_argument(flag)
    driver = webdriver.Chrome(service=Service(DRIVER), options=opts)  # a local driver: no Selenium Manager download
    yield driver
    driver.quit()


def _wait_for(driver, predicate, timeout=240, what="condition"):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            if predicate():
                return
        except Exception:  # elements come and go while Streamlit reruns
            pass
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


_CLICK_BY_TEXT = """
for (const e of document.querySelectorAll(arguments[0])) {
  if (e.textContent.includes(arguments[1])) { e.click(); return true; }
}
return false;
"""


def _click(driver, selector: str, text: str, what: str) -> None:
    """Click the first element of ``selector`` whose text holds ``text``, found and clicked in one script call:
    Streamlit may redraw the page between finding the elements and reading their text (a stale element)."""
    _wait_for(driver, lambda: driver.execute_script(_CLICK_BY_TEXT, selector, text), what=what)


def _ask(driver, question):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    box = driver.find_element(By.CSS_SELECTOR, "textarea[data-testid='stChatInputTextArea']")
    box.click()
    box.send_keys(question)
    box.send_keys(Keys.ENTER)


def test_ask_upload_and_find(server, browser):
    from selenium.webdriver.common.by import By

    url, work = server
    ARTIFACTS.mkdir(exist_ok=True)
    browser.get(url)
    _wait_for(
        browser,
        lambda: browser.find_elements(By.CSS_SELECTOR, "textarea[data-testid='stChatInputTextArea']"),
        what="the chat input",
    )
    _ask(browser, "元氏县办理了多少件行政复议案件?")
    _wait_for(
        browser,
        lambda: "<mark>36件</mark>" in browser.page_source or "36件</mark>" in browser.page_source,
        what="the answer 36件",
    )
    page = browser.find_element(By.TAG_NAME, "body").text
    assert "36件" in page and "元氏县 · 2021 · 年度报告" in page
    browser.save_screenshot(str(ARTIFACTS / "browser-answer.png"))

    # upload a new report through the sidebar
    report = work / REPORT_NAME
    report.write_text(NEW_REPORT, encoding="utf-8")
    _click(browser, "summary", "上传报告", what="the upload expander")
    _wait_for(browser, lambda: browser.find_elements(By.CSS_SELECTOR, "input[type='file']"), what="the file input")
    browser.find_element(By.CSS_SELECTOR, "input[type='file']").send_keys(str(report))
    _click(browser, "button", "加入语料并更新索引", what="the upload button")
    _wait_for(
        browser, lambda: "已加入" in browser.find_element(By.TAG_NAME, "body").text, what="the upload to be indexed"
    )
    assert "测试县" in browser.find_element(By.TAG_NAME, "body").text

    assert "[链接](x)" in browser.find_element(By.TAG_NAME, "body").text  # the name, as typed

    _ask(browser, "测试县设立了多少个行政复议服务站?")
    _wait_for(browser, lambda: "17个</mark>" in browser.page_source, what="the answer from the uploaded report")
    browser.save_screenshot(str(ARTIFACTS / "browser-upload.png"))

    _ask(browser, "测试县聘请了多少名法律顾问?[问](javascript:alert(2))")
    _wait_for(browser, lambda: "8名</mark>" in browser.page_source, what="the answer holding hostile text")
    body = browser.find_element(By.TAG_NAME, "body").text
    assert "![t](http://127.0.0.1:9/track.png)" in body and "[点我](javascript:alert(1))" in body
    assert "[问](javascript:alert(2))" in body
    assert not browser.find_elements(By.CSS_SELECTOR, "img[src*='127.0.0.1:9']")
    assert not browser.find_elements(By.CSS_SELECTOR, "a[href^='javascript'], a[href='x']")
    fetched = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert not [u for u in fetched if "127.0.0.1:9/" in u], fetched
    browser.save_screenshot(str(ARTIFACTS / "browser-hostile-text.png"))


SCREENSHOTS = ROOT / "docs" / "screenshots"
TABS = {"问答": "chat", "对比": "compare", "检索测试": "search", "评测": "eval", "语料": "corpus"}


def _shoot(driver, name: str) -> None:
    """A small PNG for the README: the window, reduced to a 256-colour palette."""
    from PIL import Image

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    driver.save_screenshot(str(path))
    Image.open(path).convert("RGB").quantize(colors=128).save(path, optimize=True)


def _tab(driver, label: str):
    from selenium.webdriver.common.by import By

    (tab,) = [t for t in driver.find_elements(By.CSS_SELECTOR, "[role='tab']") if t.text.strip() == label]
    tab.click()
    return tab


def test_reload_keeps_the_conversation_and_each_tab_is_shown(server, browser):
    from selenium.webdriver.common.by import By

    url, _ = server
    browser.get(url)
    _wait_for(browser, lambda: "?c=" in browser.current_url, what="the conversation id in the address")
    address = browser.current_url
    # the example questions are buttons: one click asks
    _wait_for(
        browser,
        lambda: [b for b in browser.find_elements(By.TAG_NAME, "button") if "怀化是怎么推进府院联动的" in b.text],
        what="the example question buttons",
    )
    [b for b in browser.find_elements(By.TAG_NAME, "button") if "怀化是怎么推进府院联动的" in b.text][0].click()
    _wait_for(browser, lambda: "</mark>" in browser.page_source and "置信度" in browser.page_source, what="an answer")
    _ask(browser, "元氏县办理了多少件行政复议案件?")
    _wait_for(browser, lambda: "36件</mark>" in browser.page_source, what="the answer 36件")
    browser.refresh()
    _wait_for(browser, lambda: "36件</mark>" in browser.page_source, what="the conversation after a reload")
    assert browser.current_url == address
    body = browser.find_element(By.TAG_NAME, "body").text
    assert "怀化是怎么推进府院联动的" in body and "元氏县办理了多少件行政复议案件?" in body
    _wait_for(
        browser,
        lambda: len(browser.find_elements(By.CSS_SELECTOR, "[data-testid='stMultiSelect']")) >= 3,
        what="the filters",
    )
    _shoot(browser, TABS["问答"])

    _tab(browser, "对比")
    [b for b in browser.find_elements(By.TAG_NAME, "button") if b.text.strip() == "对比各地"][0].click()
    _wait_for(browser, lambda: "提到该主题的报告" in browser.find_element(By.TAG_NAME, "body").text, what="对比")
    time.sleep(2)
    _shoot(browser, TABS["对比"])

    _tab(browser, "检索测试")
    _wait_for(
        browser,
        lambda: (
            "检索词：" in browser.find_element(By.TAG_NAME, "body").text
            and "检索方式" in browser.find_element(By.TAG_NAME, "body").text
        ),
        what="检索测试",
    )
    time.sleep(2)
    _shoot(browser, TABS["检索测试"])

    _tab(browser, "评测")
    _wait_for(browser, lambda: "报告 A" in browser.find_element(By.TAG_NAME, "body").text, what="评测")
    time.sleep(2)
    _shoot(browser, TABS["评测"])

    _tab(browser, "语料")
    _wait_for(browser, lambda: "删除该报告" in browser.find_element(By.TAG_NAME, "body").text, what="语料")
    time.sleep(2)
    _shoot(browser, TABS["语料"])
    for name in TABS.values():
        assert 5_000 < (SCREENSHOTS / f"{name}.png").stat().st_size < 400_000
