"""
Accessibility checks with axe-core, and the record of what a test's page loaded.

axe-playwright-python injects axe-core with `evaluate`, which the portal's
Content Security Policy allows (a <script> tag would be refused). Every page
a browser test loads must pass `assert_accessible`; the PageLog remembers
which documents were checked so the conftest can fail a test that skipped one.
"""

import weakref
from dataclasses import dataclass, field

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import ConsoleMessage, Page

_axe = Axe()
_logs: "weakref.WeakKeyDictionary[Page, PageLog]" = weakref.WeakKeyDictionary()

# Chromium reports a page's own 404 or 410 status as a console error; that status
# is the page working as intended, and the tests assert it where it matters.
_DOCUMENT_STATUS = "Failed to load resource: the server responded with a status of"


@dataclass
class Document:
    url: str
    checked: bool = False


@dataclass
class PageLog:
    """Documents, requests and console errors seen by one Playwright page."""

    documents: list[Document] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    _console: list[tuple[str, str]] = field(default_factory=list)

    @classmethod
    def attach(cls, page: Page) -> "PageLog":
        log = cls()
        page.on("domcontentloaded", lambda p: log.documents.append(Document(p.url)))
        page.on("request", lambda request: log.requests.append(request.url))
        page.on("console", log._on_console)
        page.on("pageerror", lambda error: log._console.append((str(error), page.url)))
        _logs[page] = log
        return log

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self._console.append((message.text, message.location.get("url", "")))

    @property
    def console_errors(self) -> list[str]:
        documents = {document.url for document in self.documents}
        return [
            f"{text} ({url})"
            for text, url in self._console
            if not (text.startswith(_DOCUMENT_STATUS) and url in documents)
        ]

    @property
    def unchecked(self) -> list[str]:
        return [document.url for document in self.documents if not document.checked]


def assert_accessible(page: Page) -> None:
    """Run axe-core on the page as it is now; fail with axe's report on any violation."""
    results = _axe.run(page)
    log = _logs.get(page)
    if log and log.documents:
        log.documents[-1].checked = True
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"
