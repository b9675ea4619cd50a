"""Page speed: warm rerun time per page (AppTest) and time to first chart in Chromium vs
`streamlit hello`, both measured in this one run on this machine.

    python bench/bench_pages.py [--reruns 20] [--visits 9]

Targets (issue 3): p95 warm rerun under 300 ms; Oversikt's first chart within 1.3× of
`streamlit hello`'s first chart. The browser visits take turns between Innosikt, hello and a
one-chart plotly app (bench/one_plotly_chart.py), the floor for any page drawn with plotly.
What each element before the chart adds: bench_elements.py; the figures: docs/speed.md.
Printed as figures and ratios, never asserted: shared machines are noisy.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

OVERSIKT = "Innosikt Oversikt"
FLOOR = "one plotly chart (floor)"
HELLO = "streamlit hello (plotting)"
FLOOR_APP = ["run", "bench/one_plotly_chart.py"]
PAGES = ("oversikt", "kommuneprofil", "innovasjon", "rangering", "metode")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# performance.now() at the moment the first chart has drawn, else false (polled by Playwright).
PLOTLY_DRAWN = """() => [...document.querySelectorAll('.js-plotly-plot')]
    .some((el) => el._fullData && el._fullData.length > 0) ? performance.now() : false"""
VEGA_DRAWN = """() => document.querySelector(
    '[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg.marks'
) ? performance.now() : false"""


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def warm_reruns(page: str, reruns: int) -> list[float]:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    if page != "oversikt":
        at.switch_page(f"app_pages/{page}.py").run()
    at.run()  # warm
    times = []
    for _ in range(reruns):
        start = time.perf_counter()
        at.run()
        times.append((time.perf_counter() - start) * 1000)
    assert not at.exception, at.exception
    return times


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def server(args: list[str], env: dict[str, str] | None = None):
    port = free_port()
    env = {
        **os.environ,
        **(env or {}),
        "INNOSIKT_DB_URL": f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            *args,
            "--server.port",
            str(port),
            "--server.headless",
            "true",
            "--server.address",
            "127.0.0.1",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            with contextlib.suppress(OSError):
                if urllib.request.urlopen(f"{url}/_stcore/health", timeout=1).status == 200:
                    break
            time.sleep(0.5)
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)


def reference_apps(stack: contextlib.ExitStack) -> dict[str, tuple[str, str]]:
    """Oversikt, the one-chart floor and hello's plotting demo, each on its own server (closed
    with `stack`): name → (URL, script telling when its first chart has drawn)."""
    return {
        OVERSIKT: (stack.enter_context(server(["run", "app.py"])), PLOTLY_DRAWN),
        FLOOR: (stack.enter_context(server(FLOOR_APP)), PLOTLY_DRAWN),
        HELLO: (stack.enter_context(server(["hello"])) + "/plotting_demo", VEGA_DRAWN),
    }


def first_chart_ms(browser, url: str, drawn_js: str) -> float:
    """performance.now() when the first chart has drawn, in a fresh browser context."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.goto(url)
    handle = page.wait_for_function(drawn_js, timeout=60_000, polling=20)
    drawn = float(handle.json_value())
    context.close()
    return drawn


def first_charts(browser, apps: dict[str, tuple[str, str]], visits: int) -> dict[str, list[float]]:
    """Visits taking turns between the apps, so a slow spell on the machine hits all of them."""
    times: dict[str, list[float]] = {name: [] for name in apps}
    for visit in range(visits + 1):
        for name, (url, drawn_js) in apps.items():
            drawn = first_chart_ms(browser, url, drawn_js)
            if visit:  # the first round warms the servers' caches
                times[name].append(drawn)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reruns", type=int, default=20)
    parser.add_argument("--visits", type=int, default=9)
    args = parser.parse_args()

    print(f"Warm rerun per page (AppTest, {args.reruns} reruns after one warm-up)")
    print(f"{'page':<16}{'median ms':>12}{'p95 ms':>10}")
    for page in PAGES:
        times = warm_reruns(page, args.reruns)
        print(f"{page:<16}{statistics.median(times):>12.0f}{percentile(times, 0.95):>10.0f}")

    if not Path(CHROMIUM).exists():
        print("\n/usr/bin/chromium is missing: skipped the browser timing.")
        return
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright, contextlib.ExitStack() as stack:
        apps = reference_apps(stack)
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        times = first_charts(browser, apps, args.visits)
        browser.close()
    baseline = statistics.median(times[HELLO])
    print(
        f"\nTime to first chart in Chromium (median of {args.visits} fresh visits each, "
        "taking turns; warm servers)"
    )
    for name, drawn in times.items():
        median = statistics.median(drawn)
        print(f"{name:<28}{median:>7.0f} ms  {median / baseline:.2f}×")
    print("target: Innosikt Oversikt ≤ 1.3× streamlit hello")


if __name__ == "__main__":
    main()
