"""What each kind of element costs the first chart: the floor app (one plotly chart) with ten
copies of one element first, against the bare floor, Innosikt's Oversikt and `streamlit hello`.

    python bench/bench_elements.py [--visits 9] [--elements selectbox metric ...]

Why: Oversikt's first chart misses «within 1.3× of hello» (bench_pages.py) although a bare
plotly app is at ~1.2×. Every element the browser must render before the chart costs main-thread
time; this prints how much, per copy, so a page's budget can be read element by element.
Printed, never asserted: shared machines are noisy (repeat a run before trusting a difference
under ~0.1×).
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_pages  # noqa: E402

ELEMENTS = (
    "selectbox",
    "slider",
    "segmented_control",
    "metric",
    "metric_no_help",
    "download_button",
    "popover",
    "markdown_table",
    "caption",
)
COPIES = 10
FLOOR, HELLO = bench_pages.FLOOR, bench_pages.HELLO


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visits", type=int, default=9)
    parser.add_argument("--elements", nargs="+", choices=ELEMENTS, default=list(ELEMENTS))
    args = parser.parse_args()
    if not Path(bench_pages.CHROMIUM).exists():
        sys.exit(f"{bench_pages.CHROMIUM} is missing")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright, contextlib.ExitStack() as stack:
        targets = bench_pages.reference_apps(stack)
        for kind in args.elements:
            env = {"INNOSIKT_BENCH_ELEMENT": kind, "INNOSIKT_BENCH_COPIES": str(COPIES)}
            url = stack.enter_context(bench_pages.server(bench_pages.FLOOR_APP, env))
            targets[f"+{COPIES} {kind}"] = (url, bench_pages.PLOTLY_DRAWN)
        browser = playwright.chromium.launch(
            executable_path=bench_pages.CHROMIUM, args=bench_pages.CHROMIUM_ARGS
        )
        times = bench_pages.first_charts(browser, targets, args.visits)
        browser.close()

    median = {name: statistics.median(drawn) for name, drawn in times.items()}
    print(
        f"Time to first chart in Chromium (median of {args.visits} fresh visits each, taking "
        "turns; warm servers)"
    )
    print(f"{'app':<30}{'ms':>7}{'× hello':>9}{'ms per copy':>13}")
    for name, ms in median.items():
        per_copy = f"{(ms - median[FLOOR]) / COPIES:>13.0f}" if name.startswith("+") else ""
        print(f"{name:<30}{ms:>7.0f}{ms / median[HELLO]:>9.2f}{per_copy}")
    budget = 1.3 * median[HELLO] - median[FLOOR]
    print(f"\nBudget for everything besides the chart at 1.3× hello: {budget:.0f} ms")


if __name__ == "__main__":
    main()
