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
import time

from bench_load import WARM_PAGES, warm_caches


async def warm_all(ports: list[int], limit: int | None) -> None:
    start = time.perf_counter()
    results = await asyncio.gather(*(warm_caches(port, WARM_PAGES, limit) for port in ports))
    for port, (count, errors) in zip(ports, results, strict=True):
        print(f"port {port}: {count} municipalities × {len(WARM_PAGES)} pages opened")
        for error in errors[:5]:
            print(f"  error: {error}")
    print(f"warmed in {time.perf_counter() - start:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, action="append", required=True, help="repeatable")
    parser.add_argument("--limit", type=int, help="only the first N municipalities (a trial)")
    args = parser.parse_args()
    asyncio.run(warm_all(args.port, args.limit))


if __name__ == "__main__":
    main()
