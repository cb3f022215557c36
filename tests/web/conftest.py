"""Fixtures of the web pages' tests: the real app served by uvicorn on a free port, and one headless browser.

The browser is Debian's chromium (`make test` installs it when missing), driven by Playwright
through its executable path: nothing is downloaded at test time. One browser serves the whole
session; each test opens its own context (its own cookies) from it.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

from api.app import create_app
from kb.local.server import free_port
from kb.settings import Settings
from kb.store.db import Database
from kb.vocab.vocabulary import load_vocabulary
from kb.writing.audit import Actor
from kb.writing.keys import Neo4jKeyStore, Role
from kb.writing.loader import load_paths
from tests.conftest import CYPHER, ROOT, derive

REPORTS = ROOT / "var" / "test-reports" / "web"  # screenshots, for anyone to look at
SCREENS = {1280: 860, 390: 844}  # a desktop and a phone: the size of docs/screenshots, which copies the shots
AXE = "/static/vendor/axe-core-4.14.1/axe.min.js"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    found = os.environ.get("KB_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(found).exists():
        pytest.fail(
            "The browser tests need Debian's chromium: run  sudo apt-get install -y chromium"
            "  (make test does it when run as root)"
        )
    return found


@dataclass
class Served:
    base: str
    app: FastAPI
    keys: dict[str, str]  # role -> a key of that role

    def url(self, path: str) -> str:
        return self.base + path


class _Server(uvicorn.Server):
    def install_signal_handlers(self) -> None:  # a thread cannot; the test session owns the signals
        pass


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright_driver: Playwright) -> Iterator[Browser]:
    # Playwright gives the browser a new, empty profile (user data dir) of its own, removed when it closes
    launched = playwright_driver.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_FLAGS)
    yield launched
    launched.close()


@pytest.fixture(scope="module")
def served(settings: Settings, db: Database) -> Iterator[Served]:
    """The app as `kb serve` serves it (anonymous reads on), over the tests' Neo4j loaded with vignettes/."""
    db.write(CYPHER["admin_wipe_all"])
    load_paths(db, [ROOT / "vignettes"], load_vocabulary())
    store = Neo4jKeyStore(db)
    keys = {role.value: store.add(f"web {role.value}", role, Actor.command_line())[1] for role in Role}
    app = create_app(derive(settings, kb_api_anonymous_reads=True, kb_web_secret="test-secret-" + "x" * 40))
    port = free_port()
    server = _Server(
        uvicorn.Config(
            app, host="127.0.0.1", port=port, log_level="warning", lifespan="on", timeout_graceful_shutdown=1
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start the app")
        time.sleep(0.05)
    yield Served(f"http://127.0.0.1:{port}", app, keys)
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture()
def context(browser: Browser) -> Iterator[BrowserContext]:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    ctx.set_default_timeout(10_000)
    yield ctx
    ctx.close()


@pytest.fixture()
def page(context: BrowserContext) -> Iterator[Page]:
    p = context.new_page()
    errors: list[str] = []
    p.on("pageerror", lambda e: errors.append(str(e)))
    yield p
    assert not errors, f"JavaScript errors on the page: {errors}"


def sign_in(page: Page, served: Served, role: str) -> None:
    page.goto(served.url("/signin"))
    page.fill("#key", served.keys[role])
    page.click("form.signin button[type=submit]")
    page.wait_for_url(served.url("/"))
