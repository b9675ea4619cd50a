"""Time the PowerPoint export of a 10-slide deck (every chart kind, two maps) on the demo data.

The bar: under 30 s on a 2-core machine, browser start included. Also prints the HTML export.
Run from the repository root: `python bench/bench_exports.py`.
"""

from __future__ import annotations

import io
import os
import sys
import time
from pathlib import Path

# Run as a plain script: make the repository root (and so `analysis`) importable.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pptx import Presentation  # noqa: E402

from analysis import exports, load, maps, slides  # noqa: E402

TARGET_SECONDS = 30
CODE = "3314"
GROUP = {"group_kind": "peer_group", "custom": []}
YEARS = [2016, 2024]
DECK = [  # ten slides
    ("rank_history", {"code": CODE, "years": YEARS}),
    ("map", {"code": CODE, "measure": "total", "year": 2024, "sector": "total"}),
    ("profile_outcome", {"code": CODE, **GROUP, "sector": "total", "years": YEARS}),
    ("sector_comparison", {"code": CODE, **GROUP, "year": 2024}),
    (
        "innovation_scatter",
        {
            "code": CODE,
            **GROUP,
            "sector": "total",
            "indicator": None,
            "measure": "innovation_index",
            "years": YEARS,
            "lag": 1,
        },
    ),
    ("bump", {"code": CODE, "codes": [CODE, "0301", "3301", "4601"], "years": YEARS}),
    ("rank_history", {"code": "0301", "years": YEARS}),
    ("map", {"code": CODE, "measure": "rank", "year": 2023, "sector": "total"}),
    ("sector_comparison", {"code": "0301", **GROUP, "year": 2023}),
    ("profile_outcome", {"code": "0301", **GROUP, "sector": "total", "years": YEARS}),
]


def slide_data() -> slides.SlideData:
    dataset = load.load_dataset()
    return slides.SlideData.from_dataset(dataset, maps.load_geojson())


def main() -> None:
    data = slide_data()
    started = time.perf_counter()
    drawn = [slides.build(kind, view, data) for kind, view in DECK]
    deck = [
        exports.ExportSlide(d.title, d.figure, d.source, f"Notat til lysbilde {i}")
        for i, d in enumerate(drawn, start=1)
    ]
    built = time.perf_counter() - started
    started = time.perf_counter()
    pptx = exports.deck_pptx("Benchmark", deck)
    pptx_seconds = time.perf_counter() - started
    started = time.perf_counter()
    html = exports.deck_html("Benchmark", deck)
    html_seconds = time.perf_counter() - started
    slides_read = len(Presentation(io.BytesIO(pptx)).slides)
    print(f"cores: {os.cpu_count()}, browser: {exports.browser_path()}")
    print(f"figures for {len(deck)} slides built in {built:.2f} s")
    print(
        f"PPTX export of {len(deck)} slides: {pptx_seconds:.1f} s "
        f"({len(pptx) / 1e6:.1f} MB, {slides_read} slides with the title slide; "
        f"target < {TARGET_SECONDS} s: {'ok' if pptx_seconds < TARGET_SECONDS else 'TOO SLOW'})"
    )
    print(f"HTML export: {html_seconds:.1f} s ({len(html) / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
