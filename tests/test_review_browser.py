"""End to end in headless Chromium: log in, review an item, restart the server, see the decision kept.

Uses Debian's ``chromium`` (``apt-get install chromium``; ``.ci/run`` installs it) driven by
Playwright; never ``playwright install``. Skipped only when Chromium or Playwright is absent.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SERVER_LIFETIME_S = 180  # a server left behind by a failed test is killed after this
XSS_TEXT = '<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2">配件等了三周还没到，再不修就打12315'

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium not installed (apt-get install chromium)"),
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def running_server(db: Path, port: int) -> Iterator[str]:
    """``voc review serve`` in a subprocess on 127.0.0.1; stopped on exit (and by a watchdog)."""
    code = "import sys; from voc_cli.main import run; sys.argv = ['voc', *sys.argv[1:]]; run()"
    proc = subprocess.Popen(
        [sys.executable, "-c", code, "review", "serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    watchdog = threading.Timer(SERVER_LIFETIME_S, proc.kill)
    watchdog.start()
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise AssertionError(f"server exited early: {proc.stdout.read() if proc.stdout else ''}")
            try:
                with urllib.request.urlopen(url + "healthz", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise AssertionError("server did not start within 60 s")
            time.sleep(0.1)
        yield url
    finally:
        watchdog.cancel()
        proc.terminate()
        try:
            proc.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate(timeout=15)


@pytest.fixture
def review_db(tmp_path: Path) -> Path:
    pytest.importorskip("sqlalchemy")
    import pandas as pd

    from voc.review.importer import import_result
    from voc.review.store import ReviewStore

    frame = pd.DataFrame(
        {
            "id": ["C1", "C2"],
            "source_col": ["不满意的地方"] * 2,
            "text": [XSS_TEXT, "修了三次都没修好，太失望"],
            "sentiment": [-0.8, -0.6],
            "sentiment_label": ["negative", "negative"],
            "emotion": ["anger", "sadness"],
            "pain_points": ["parts_supply", "misdiagnosis"],
            "severity": [2, 2],
            "escalate": [True, False],
            "flag_reasons": ["升级威胁: 12315", "明显不满: 太失望"],
            "topic_id": [0, 1],
            "topic_label": ["配件", "返修"],
            "eci": [10.0, 20.0],
            "pain_point_evidence": ['{"parts_supply": [{"clause": "配件等了三周还没到，", "trigger": "等了三周"}]}', ""],
        }
    )
    frame.to_parquet(tmp_path / "run.parquet", index=False)
    db = tmp_path / "review.db"
    with ReviewStore(db) as store:
        import_result(store, tmp_path / "run.parquet")
        store.add_reviewer("王敏", "password123")
    return db


def test_review_survives_a_server_restart(review_db: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    expect = sync_api.expect
    port = free_port()
    dialogs: list[str] = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 768})
            page = context.new_page()
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            with running_server(review_db, port) as url:
                page.goto(url)
                assert page.url.endswith("/login")
                page.fill("input[name=name]", "王敏")
                page.fill("input[name=password]", "password123")
                page.click("button[type=submit]")
                page.wait_for_selector("#item")
                # the hostile comment is shown as text and nothing in it ran
                assert "<script>window.__xss = 1</script>" in page.inner_text("#comment-text")
                assert page.evaluate("window.__xss === undefined")
                assert page.inner_text("#comment-text mark.trigger >> nth=0") == "等了三周"
                item_id = page.get_attribute("#item", "data-id")
                # keyboard: n focuses the note, Ctrl+Enter saves it; c confirms
                page.keyboard.press("n")
                page.keyboard.type("已电话回访，配件已发出")
                page.keyboard.press("Control+Enter")
                expect(page.locator("#version")).to_have_text("2")
                page.keyboard.press("c")
                expect(page.locator("#status-badge")).to_have_text("已确认")
                expect(page.locator("#toast")).to_contain_text("已保存")
                # Leave the app before its server stops, so none of its scripts can start a
                # navigation of their own that races the next goto.
                page.goto("about:blank")
            # the server is gone; a fresh process on the same store must show the decision
            with running_server(review_db, port) as url:
                page.goto(f"{url}?status=all&item={item_id}")
                if page.url.endswith("/login"):
                    page.fill("input[name=name]", "王敏")
                    page.fill("input[name=password]", "password123")
                    page.click("button[type=submit]")
                    page.goto(f"{url}?status=all&item={item_id}")
                assert page.inner_text("#status-badge") == "已确认"
                history = page.inner_text("#history")
                assert "王敏" in history and "确认投诉" in history and "已电话回访，配件已发出" in history
                assert page.inner_text("#version") == "3"
            assert dialogs == [] and page.evaluate("window.__xss === undefined")
        finally:
            browser.close()
