"""Fixtures for browser tests: Streamlit servers on loopback and a watched headless Chromium page.

Helpers to call from tests (wait_for_app, open_app, assert_no_exception, screenshot) live in
tests/browser/helpers.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.browser.helpers import (
    APP_PATH,
    APP_RUN_TIMEOUT_MS,
    CHROMIUM_ARGS,
    CHROMIUM_PATH,
    VIEWPORT,
    StreamlitServer,
    TrafficWatch,
    screenshot,
    start_streamlit,
    watch_traffic,
)

BROWSER_DIR = Path(__file__).parent
StartServer = Callable[..., str]

_CALL_FAILED = pytest.StashKey[bool]()
_TRAFFIC = pytest.StashKey[TrafficWatch]()
_PROBLEMS = pytest.StashKey[list[str]]()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # Everything in this folder drives a browser, whether or not its module says so.
    for item in items:
        if BROWSER_DIR in item.path.parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    report = yield
    if report.when == "call":
        item.stash[_CALL_FAILED] = report.failed
        # Judge the browser by what happened during the test, not by what a server stopped
        # before the page's teardown makes it log.
        if _TRAFFIC in item.stash:
            item.stash[_PROBLEMS] = item.stash[_TRAFFIC].problems()
    return report


# --- Servers ----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def streamlit_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of one `streamlit run app.py` shared by the whole session."""
    if not APP_PATH.exists():
        pytest.fail(f"{APP_PATH} does not exist")
    server = start_streamlit(APP_PATH, tmp_path_factory.mktemp("streamlit-session"))
    yield server.url
    server.stop()


@pytest.fixture
def fresh_streamlit_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StartServer]:
    """Start a new server no session has touched yet: `url = fresh_streamlit_server(app_path)`.

    For what depends on a server's first session (such as a deep link opened first). The app
    defaults to the repo's app.py; `env` adds environment variables. Servers stop after the test.
    """
    servers: list[StreamlitServer] = []

    def start(app: Path = APP_PATH, env: Mapping[str, str] | None = None) -> str:
        server = start_streamlit(Path(app), tmp_path_factory.mktemp("streamlit-fresh"), env)
        servers.append(server)
        return server.url

    yield start
    for server in servers:
        server.stop()


# --- Browser ----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, launched once per session."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM_PATH, args=list(CHROMIUM_ARGS)
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A fresh 1440×900 page; the test fails if it made outside requests or logged errors."""
    context = browser.new_context(viewport=VIEWPORT, locale="nb-NO", timezone_id="Europe/Oslo")
    traffic = watch_traffic(context)
    request.node.stash[_TRAFFIC] = traffic
    page = context.new_page()
    page.set_default_timeout(APP_RUN_TIMEOUT_MS)
    yield page
    if request.node.stash.get(_CALL_FAILED, False):
        screenshot(page, f"FAILED-{request.node.name}")
    context.close()
    problems = request.node.stash.get(_PROBLEMS, traffic.problems())
    if problems:
        pytest.fail("the browser saw:\n" + "\n".join(problems), pytrace=False)
