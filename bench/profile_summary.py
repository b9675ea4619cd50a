"""Summarise a py-spy `--format raw` profile: where the server's CPU went, by our code.

    python bench/profile_summary.py PROFILE.txt [--top 25]

Prints, per frame that is Innosikt's own code (app.py, app_pages/, analysis/) or a chosen
library entry point, the share of all samples in which it is on the stack (inclusive time),
and the share of samples by thread kind. A flame graph tells the same story with more detail:
the raw file also opens in https://www.speedscope.app (offline: any collapsed-stack viewer).
"""

from __future__ import annotations

import argparse
import collections
import re
from pathlib import Path

OURS = re.compile(r"\((app\.py|app_pages/|analysis/)")
LIBRARY_MARKERS = (
    "BaseFigure.to_dict",
    "return_figure_from_figure_or_data",
    "to_json_plotly",
    "compute_and_register_element_id",
    "_deepcopy_dict",
    "BasePlotlyType.__init__",
    "DeltaGenerator._enqueue",
    "ForwardMsgQueue",
    "SerializeToString",
    "StarletteSessionClient",
    "cache_data",
    "pickle",
)


def package(frame: str) -> str:
    """The library (or our folder) a frame's file belongs to."""
    match = re.search(r"\(([^:)]+)", frame)
    path = match.group(1) if match else frame
    if OURS.search(frame):
        return "innosikt " + path.split("/")[0]
    return path.split("/")[0] if "/" in path else f"stdlib {path}"


def summarise(path: Path, top: int) -> None:
    inclusive: collections.Counter[str] = collections.Counter()
    threads: collections.Counter[str] = collections.Counter()
    packages: collections.Counter[str] = collections.Counter()
    total = 0
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        n = int(count)
        total += n
        frames = stack.split(";")
        thread = re.sub(r"\(\d+\)", "", frames[0]).strip()
        threads[thread] += n
        packages[package(frames[-1])] += n
        seen = set()
        for frame in frames[1:]:
            name = re.sub(r":\d+\)", ")", frame)  # one entry per function, not per line
            wanted = OURS.search(frame) or any(m in frame for m in LIBRARY_MARKERS)
            if wanted and name not in seen:
                seen.add(name)
                inclusive[name] += n
    print(f"{total} samples")
    for thread, n in threads.most_common(6):
        print(f"  {n / total:6.1%}  {thread}")
    print("where the CPU was (innermost frame, by package):")
    for name, n in packages.most_common(12):
        print(f"  {n / total:6.1%}  {name}")
    print("on the stack (inclusive):")
    for name, n in inclusive.most_common(top):
        print(f"  {n / total:6.1%}  {name}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("profile", type=Path)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    summarise(args.profile, args.top)


if __name__ == "__main__":
    main()
