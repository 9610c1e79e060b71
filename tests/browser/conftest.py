"""
Browser tests: Playwright drives Debian's Chromium against Django's live server.

Every test here is marked `browser`. Without Chromium they are skipped with a
loud warning, except in CI (CI=true), where a missing browser fails the run.
Each test's page is watched: a page loaded without an axe check, or an error in
the browser console (a CSP refusal, a missing file), fails the test.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests.browser.axe import PageLog

HERE = Path(__file__).parent
DEBIAN_CHROMIUM = "/usr/bin/chromium"
# `playwright install` cannot download browsers on these machines, and these
# switches keep Chromium from phoning home or needing a GPU or a sandbox.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
MISSING_BROWSER = (
    f"BROWSER TESTS NOT RUN: Chromium was found neither at {DEBIAN_CHROMIUM} nor as "
    "`chromium` on PATH. These tests are the only check of accessibility (axe), the "
    "invitation flow as a person clicks it, phone-width layout, cookies and that no request "
    "leaves the portal. Install the browser with `apt-get install -y chromium` "
    "(`playwright install` cannot download here). With CI=true a missing browser is a failure."
)
_missing_key = pytest.StashKey[bool]()


def _chromium() -> str | None:
    if os.access(DEBIAN_CHROMIUM, os.X_OK):
        return DEBIAN_CHROMIUM
    return shutil.which("chromium")


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def _is_browser_test(item: pytest.Item) -> bool:
    return HERE in Path(item.path).parents


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects by marker
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    browser_tests = [item for item in items if _is_browser_test(item)]
    for item in browser_tests:
        item.add_marker(pytest.mark.browser)
        # pytest-playwright 0.10 defines its base_url fixture in a way pytest 9 deprecates.
        item.add_marker(
            pytest.mark.filterwarnings("ignore:Session-scoped fixtures defined as instance methods")
        )
    if browser_tests and _chromium() is None:
        config.stash[_missing_key] = True
        reporter = config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line("")
            reporter.write_line(MISSING_BROWSER, red=_in_ci(), yellow=not _in_ci(), bold=True)


def pytest_terminal_summary(terminalreporter, config: pytest.Config) -> None:
    if config.stash.get(_missing_key, False):
        terminalreporter.section("browser tests", red=_in_ci(), yellow=not _in_ci(), bold=True)
        terminalreporter.write_line(MISSING_BROWSER)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    executable = _chromium()
    if executable is None:
        if _in_ci():
            pytest.fail(MISSING_BROWSER, pytrace=False)
        pytest.skip(MISSING_BROWSER)
    return {**browser_type_launch_args, "executable_path": executable, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args, live_server):
    # A browser set up in English: the portal still answers in Danish until the
    # visitor picks English with the language switch.
    return {
        **browser_context_args,
        "base_url": live_server.url,
        "locale": "en-US",
        "timezone_id": "Europe/Copenhagen",
    }


@pytest.fixture
def context(context):
    # Everything is local and small: waiting longer than this means a bug, not a slow page.
    context.set_default_timeout(5_000)
    context.set_default_navigation_timeout(10_000)
    return context


@pytest.fixture(autouse=True)
def page_log(page):
    """What the page loaded; afterwards, fail if a page went unchecked or logged an error."""
    log = PageLog.attach(page)
    yield log
    assert not log.unchecked, f"pages loaded without assert_accessible(): {log.unchecked}"
    assert not log.console_errors, f"errors in the browser console: {log.console_errors}"


@pytest.fixture
def sign_in(page, live_server):
    """Sign the test's browser in as somebody without the log-in form: sign_in(member_a).

    The log-in form has tests of its own; a test about other pages saves a page
    load and an axe run by taking a session cookie instead.
    """

    def sign_in(user):
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies(
            [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]
        )

    return sign_in
