"""Warm a running Innosikt's caches: every municipality's default view on the busiest pages.

    python bench/warm_caches.py --port 8501 [--port 8502] [--limit N]

Run it after the server starts (and again after an import, which starts a new data version)
and before the audience arrives: a rehearsal that opens all 357 municipalities. A viewer's first
look at a municipality otherwise costs the server 0.1–0.25 s of CPU per page (see
bench/bench_load.py); afterwards it is a cache hit (60–150 ms). It takes about 3 CPU-minutes
per replica; replicas given together are warmed side by side. Loopback only: one websocket
session per port, speaking Streamlit's protocol (the client in bench_load.py).
"""

from __future__ import annotations

import argparse
import asyncio

from bench_load import WARM_PAGES, warm_replicas


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, action="append", required=True, help="repeatable")
    parser.add_argument("--limit", type=int, help="only the first N municipalities (a trial)")
    args = parser.parse_args()
    results, seconds = asyncio.run(warm_replicas(args.port, args.limit))
    for port, (count, errors) in zip(args.port, results, strict=True):
        print(f"port {port}: {count} municipalities × {len(WARM_PAGES)} pages opened")
        for error in errors[:5]:
            print(f"  error: {error}")
    print(f"warmed in {seconds:.0f} s")


if __name__ == "__main__":
    main()
