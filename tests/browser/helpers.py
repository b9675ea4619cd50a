"""Helpers for browser tests: start Streamlit, wait for a run, watch traffic, take screenshots."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import BrowserContext, ConsoleMessage, Page, Request, Route, WebError

REPO_ROOT = Path(__file__).resolve().parents[2]
APP_PATH = REPO_ROOT / "app.py"
SCREENSHOT_DIR = REPO_ROOT / "artifacts" / "screenshots"

CHROMIUM_PATH = "/usr/bin/chromium"
# Root in a closed network: no sandbox, and none of Chromium's own calls home.
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
)
VIEWPORT = {"width": 1440, "height": 900}

SERVER_START_TIMEOUT_S = 60
APP_RUN_TIMEOUT_MS = 30_000
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
NETWORK_SCHEMES = frozenset({"http", "https", "ws", "wss"})
# A blocked outside request also shows up as this console error; the request itself is reported.
BLOCKED_BY_US = "net::ERR_BLOCKED_BY_CLIENT"
# On a deep link (/kommuneprofil) Streamlit's frontend first probes /kommuneprofil/_stcore/health
# and /host-config to find the server's base path; the 404s it gets are expected, not errors.
BASE_PATH_PROBE = re.compile(r"^https?://[^/]+/.+/_stcore/(health|host-config)$")
UNSAFE_IN_FILE_NAME = re.compile(r"[^\w.-]+")

# True once the page shows a finished run. Attribute names from streamlit/static's App component:
# data-test-script-state is "initial", "running", "rerunRequested", "notRunning", ...
_APP_IS_IDLE_JS = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    return app !== null
        && app.dataset.testConnectionState === "CONNECTED"
        && app.dataset.testScriptState === "notRunning"
        && document.querySelector('[data-testid="stStatusWidgetRunningIcon"]') === null;
}"""


# --- Streamlit server -------------------------------------------------------------------------


@dataclass
class StreamlitServer:
    """A `streamlit run` subprocess in its own process group, with its own database file."""

    url: str
    process: subprocess.Popen[bytes]
    log_path: Path

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def start_streamlit(
    app: Path, work_dir: Path, env: Mapping[str, str] | None = None
) -> StreamlitServer:
    """Run `app` on a free loopback port from the repo root; return once /_stcore/health is ok."""
    port = _free_port()
    log_path = work_dir / "streamlit.log"
    server_env = {
        **os.environ,
        "INNOSIKT_DB_URL": f"sqlite:///{work_dir / 'innosikt.db'}",
        "PYTHONUNBUFFERED": "1",
        **(env or {}),
    }
    command = [
        sys.executable, "-m", "streamlit", "run", str(app),
        "--server.port", str(port),
        "--server.address", "127.0.0.1",
        "--server.headless", "true",
        "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
    ]  # fmt: skip
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command,
            cwd=REPO_ROOT,  # so the repo's .streamlit/config.toml applies, whatever app runs
            env=server_env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = StreamlitServer(f"http://127.0.0.1:{port}", process, log_path)
    try:
        _wait_until_healthy(server)
    except BaseException:
        server.stop()
        raise
    return server


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_healthy(server: StreamlitServer) -> None:
    no_proxy = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(
                f"streamlit exited with {server.process.returncode}:\n{_tail(server)}"
            )
        try:
            with no_proxy.open(f"{server.url}/_stcore/health", timeout=2) as response:
                if response.read().strip() == b"ok":
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"streamlit not healthy after {SERVER_START_TIMEOUT_S} s:\n{_tail(server)}")


def _tail(server: StreamlitServer, lines: int = 40) -> str:
    return "\n".join(server.log_path.read_text(errors="replace").splitlines()[-lines:])


# --- Traffic watch ----------------------------------------------------------------------------


@dataclass
class TrafficWatch:
    """What a browser context did that a test must not: outside requests, JS and console errors."""

    external_requests: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return [
            *(f"outside request: {r}" for r in self.external_requests),
            *(f"page error: {e}" for e in self.page_errors),
            *(f"console error: {c}" for c in self.console_errors),
        ]


def is_local(url: str) -> bool:
    """Whether a URL stays on this machine (data:, blob: and about: never leave it)."""
    parts = urlsplit(url)
    return parts.scheme not in NETWORK_SCHEMES or parts.hostname in LOCAL_HOSTS


def watch_traffic(context: BrowserContext) -> TrafficWatch:
    """Record and block every outside request, and record page and console errors, in `context`."""
    traffic = TrafficWatch()

    def on_request(request: Request) -> None:
        if not is_local(request.url):
            traffic.external_requests.append(f"{request.method} {request.url}")

    def on_websocket_page(page: Page) -> None:
        page.on(
            "websocket",
            lambda ws: (
                None if is_local(ws.url) else traffic.external_requests.append(f"WS {ws.url}")
            ),
        )

    def on_console(message: ConsoleMessage) -> None:
        where = message.location.get("url", "")
        if (
            message.type != "error"
            or BLOCKED_BY_US in message.text
            or (BASE_PATH_PROBE.match(where) and "404" in message.text)
        ):
            return
        traffic.console_errors.append(f"{message.text} ({where})" if where else message.text)

    def on_web_error(error: WebError) -> None:
        traffic.page_errors.append(str(error.error))

    def block(route: Route) -> None:
        route.abort("blockedbyclient")

    context.on("request", on_request)
    context.on("page", on_websocket_page)
    context.on("console", on_console)
    context.on("weberror", on_web_error)
    context.route(lambda url: not is_local(url), block)
    return traffic


# --- Page helpers -----------------------------------------------------------------------------


def wait_for_app(page: Page, timeout_ms: int = APP_RUN_TIMEOUT_MS) -> None:
    """Wait until the app is connected and its script run has finished (and stays finished)."""
    # A click or a page switch starts a rerun a moment later: wait, settle, and wait again.
    page.wait_for_function(_APP_IS_IDLE_JS, timeout=timeout_ms)
    page.wait_for_timeout(250)
    page.wait_for_function(_APP_IS_IDLE_JS, timeout=timeout_ms)


def open_app(page: Page, url: str) -> None:
    """Go to `url`, wait for the run to finish, and fail on any exception the app shows."""
    page.goto(url)
    wait_for_app(page)
    assert_no_exception(page)


def assert_no_exception(page: Page) -> None:
    """Fail with the shown traceback(s) if the app displays an exception."""
    exceptions = page.get_by_test_id("stException")
    assert exceptions.count() == 0, "the app shows an exception:\n\n" + "\n\n".join(
        exceptions.all_inner_texts()
    )


def screenshot(page: Page, name: str) -> Path:
    """Save a full-page PNG of the whole app to artifacts/screenshots/<name>.png."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / f"{UNSAFE_IN_FILE_NAME.sub('_', name)}.png"
    # Streamlit scrolls inside its main container, not the document: grow the viewport to the
    # content's height for the shot, so nothing below the fold is cut off.
    viewport = page.viewport_size or VIEWPORT
    content_height = page.evaluate(
        """() => Math.max(
            document.documentElement.scrollHeight,
            ...[...document.querySelectorAll('[data-testid="stMain"], [data-testid="stSidebar"]')]
                .map((el) => el.scrollHeight),
        )"""
    )
    try:
        page.set_viewport_size(
            {"width": viewport["width"], "height": max(viewport["height"], content_height)}
        )
        page.screenshot(path=path, full_page=True, animations="disabled")
    finally:
        page.set_viewport_size(viewport)
    return path
