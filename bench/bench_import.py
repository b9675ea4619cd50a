"""Time the importer on a 1 M-row long CSV against a bare pyarrow.csv.read_csv of the same file.

357 municipalities × 10 years × 280 indicators = 999 600 rows, «;» and decimal comma, 0.1 % SSB
symbols, some 2020 codes (harmonised to 2024). Timed, side by side in one fresh subprocess:
`detect` + `parse` as the Data page calls them (detect's reading of the file's start handed to
parse; read, validate, harmonise, checksum; not storage) and the bare pyarrow read of the same
bytes, taking turns after a warm-up so that load from other programs falls on both alike; the
ratio that counts is that of the medians. Then, when analysis.storage exists, save_import into a
temporary SQLite file. CPU time (all threads) is shown too: on a busy machine the wall-clock ratio
flatters the importer, since pyarrow's read suffers most from sharing cores.
Peak memory is each step's peak RSS (VmHWM) in a fresh subprocess, minus the subprocess's own
after its imports. Run from the repository root: `python bench/bench_import.py`.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a plain script: make `analysis` importable

from analysis import codes, importer, load  # noqa: E402

YEARS = range(2015, 2025)
INDICATORS = 280
SYMBOL_SHARE = 0.001
OLD_CODE_SHARE = 0.05  # municipalities written with their 2020 code
REPEATS = 9
TARGET_RATIO = 1.5
SEED = 2024


def write_csv(path: Path, seed: int = SEED) -> int:
    """The benchmark file; returns its number of data rows."""
    rng = np.random.default_rng(seed)
    valid = sorted(load.load_dataset().municipalities["kommunenummer"])
    old_of = {new: old for old, new in codes.RENUMBERED_2024.items()}
    written = [old_of[c] if c in old_of and rng.random() < OLD_CODE_SHARE else c for c in valid]
    keys = pd.MultiIndex.from_product(
        [written, YEARS, [f"ind_{i:03d}" for i in range(INDICATORS)]],
        names=["kommunenummer", "year", "indicator_id"],
    ).to_frame(index=False)
    value = pd.Series(rng.lognormal(3, 0.6, len(keys)).round(2)).astype(str)
    value = value.str.replace(".", ",", regex=False)
    symbols = rng.random(len(keys)) < SYMBOL_SHARE
    value[symbols] = rng.choice(["..", "...", ":", ".", "-"], int(symbols.sum()))
    keys.assign(value=value).to_csv(path, sep=";", index=False, lineterminator="\n")
    return len(keys)


def context() -> dict:
    return {
        "valid_codes": set(load.load_dataset().municipalities["kommunenummer"]),
        "catalogue_ids": {f"ind_{i:03d}": f"Indikator {i}" for i in range(INDICATORS)},
    }


def pyarrow_read(data: bytes) -> object:
    import pyarrow as pa
    import pyarrow.csv as pacsv

    return pacsv.read_csv(pa.py_buffer(data), parse_options=pacsv.ParseOptions(delimiter=";"))


def import_file(data: bytes, kwargs: dict) -> importer.ImportResult:
    """The Data page's path: detect, then parse with the kind and the start detection read."""
    detection = importer.detect(data, "bench.csv")
    return importer.parse(data, "bench.csv", kind=detection.kind, detection=detection, **kwargs)


def taking_turns(
    steps: dict[str, Callable[[], object]], repeats: int = REPEATS
) -> dict[str, dict[str, tuple[float, float]]]:
    """Per step: (best, median) wall and CPU time in seconds; the steps run in turn, after one
    warm-up run each."""
    for step in steps.values():
        step()
    times: dict[str, dict[str, list[float]]] = {name: {"wall": [], "cpu": []} for name in steps}
    for _ in range(repeats):
        for name, step in steps.items():
            wall, cpu = time.perf_counter(), time.process_time()
            step()
            times[name]["wall"].append(time.perf_counter() - wall)
            times[name]["cpu"].append(time.process_time() - cpu)
    return {
        name: {clock: (min(t), statistics.median(t)) for clock, t in clocks.items()}
        for name, clocks in times.items()
    }


def in_subprocess(step: str, path: Path) -> dict:
    """Run one measurement in a fresh interpreter, away from the generator's heap."""
    done = subprocess.run(
        [sys.executable, __file__, "--measure", step, str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def measure(step: str, path: Path) -> None:
    """Inside a fresh subprocess: time both readers, or one step's peak memory; print JSON."""
    data = path.read_bytes()
    kwargs = context()
    if step == "time":
        steps = {"pyarrow": lambda: pyarrow_read(data), "import": lambda: import_file(data, kwargs)}
        print(json.dumps(taking_turns(steps)))
        return
    before = high_water_kib()
    if step == "pyarrow":
        pyarrow_read(data)
    elif step == "import":
        import_file(data, kwargs)
    print(json.dumps({"peak_mb": (high_water_kib() - before) / 1024}))


def high_water_kib() -> int:
    """Peak RSS of this process in KiB.

    Linux's VmHWM belongs to the address space and starts afresh in a new program; ru_maxrss is
    kept across exec, so a subprocess would report its parent's peak.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux, bytes on macOS


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="innosikt-bench-") as tmp:
        path = Path(tmp) / "bench.csv"
        rows = write_csv(path)
        data = path.read_bytes()
        kwargs = context()
        print(f"{rows:,} rader, {len(data) / 1e6:.1f} MB ({path.name})")

        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
        times = in_subprocess("time", path)
        for label, step in (("pyarrow.csv.read_csv", "pyarrow"), ("detect + parse", "import")):
            (best, median), (_, cpu) = times[step]["wall"], times[step]["cpu"]
            print(
                f"{label:22s} best {best * 1000:7.1f} ms  median {median * 1000:7.1f} ms  "
                f"CPU (median) {cpu * 1000:7.1f} ms"
            )
        ratio = {k: times["import"]["wall"][k] / times["pyarrow"]["wall"][k] for k in (0, 1)}
        cpu_ratio = times["import"]["cpu"][1] / times["pyarrow"]["cpu"][1]
        verdict = "innenfor" if ratio[1] <= TARGET_RATIO else "over"
        print(
            f"forhold (median): {ratio[1]:.2f}× (mål ≤ {TARGET_RATIO}×: {verdict}); "
            f"best mot best: {ratio[0]:.2f}×"
        )
        print(f"forhold i CPU-tid (alle tråder, median): {cpu_ratio:.2f}×")
        cores = os.cpu_count() or 1
        if load > cores / 2:
            print(
                f"  NB: maskinen var belastet (load {load:.1f} på {cores} kjerner); "
                "kjør igjen når den er ledig for sikre tall."
            )
        for step in ("pyarrow", "import"):
            print(f"toppminne {step:8s}: {in_subprocess(step, path)['peak_mb']:7.1f} MB")

        result = import_file(data, kwargs)
        assert result.report.ok, importer.report_lines(result)
        harmonised = int(result.report.harmonised["rows"].sum())
        print(f"  {result.report.rows_ok:,} rader klare, {harmonised:,} med 2020-kode oversatt")
        try:
            from analysis import storage
        except ImportError:
            print("analysis.storage finnes ikke: lagring er ikke målt.")
            return
        engine = storage.make_engine(f"sqlite:///{Path(tmp) / 'bench.sqlite'}")
        storage.init_db(engine)
        start = time.perf_counter()
        storage.save_import(engine, result, "bench")
        print(f"storage.save_import (SQLite): {time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--measure", choices=["time", "pyarrow", "import"], help=argparse.SUPPRESS)
    parser.add_argument("path", nargs="?", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(args.measure, args.path)
    else:
        main()
