"""pytest plugin: Debian's headless Chromium, driven by Playwright, for the tests marked
``browser``.

Playwright's own browser downloads are never used: the tests launch ``/usr/bin/chromium``
(``scripts/test`` installs Debian's ``chromium`` package). The page runs with the network
off: every request that is not the file itself is aborted and recorded, so a test can assert
that the page asked for nothing. When ``CI=true`` a missing Chromium fails the tests;
elsewhere they are skipped with a message.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("ACCOUNTMAP_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-default-apps", "--disable-extensions"]


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"Chromium is not usable (CI=true makes this a failure): {reason}",
                    pytrace=False)
    pytest.skip(f"Chromium not available ({reason}); install Debian's chromium package")


@dataclass
class Visit:
    """One opened page and what it did."""

    page: Any
    console_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / name
        self.page.screenshot(path=str(path))
        return path


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        _unavailable(f"{CHROMIUM} not found")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        _unavailable(f"playwright is not installed: {exc}")
    with sync_playwright() as p:
        try:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        except Exception as exc:  # any launch failure means no usable browser
            _unavailable(str(exc).splitlines()[0])
        yield browser
        browser.close()


@pytest.fixture
def open_page(chromium: Any) -> Iterator[Any]:
    """open_page(path) -> Visit: the file opened offline, first paint waited for."""
    contexts = []

    def visit(path: Path, wait_ready: bool = True) -> Visit:
        context = chromium.new_context(viewport={"width": 1600, "height": 1000},
                                       offline=True)
        contexts.append(context)
        page = context.new_page()
        seen = Visit(page)
        page.on("console", lambda m: seen.console_errors.append(m.text)
                if m.type == "error" else None)
        page.on("pageerror", lambda e: seen.console_errors.append(str(e)))
        page.on("request", lambda r: seen.requests.append(r.url))

        def guard(route: Any) -> None:
            if route.request.url.startswith("file://"):
                route.continue_()
            else:
                seen.blocked.append(route.request.url)
                route.abort()

        page.route("**/*", guard)
        page.goto(path.resolve().as_uri())
        if wait_ready:
            page.wait_for_selector("body[data-ready=true]", state="attached", timeout=30_000)
        return seen

    yield visit
    for context in contexts:
        context.close()
