"""Conference load: N real Streamlit sessions against one `streamlit run app.py` on loopback.

    python bench/bench_load.py [--sessions 1,10,50,100,200] [--replicas 2] [--warm]
                               [--ramp 20] [--think 3,10] [--profile DIR] [--traces FILE]

A speaker shows a QR code; people open Innosikt within a few seconds and click around. Each
simulated viewer is a websocket client that speaks Streamlit's own protocol (the BackMsg /
ForwardMsg protobufs the browser sends and receives, message cache included), so the server
does exactly the work a phone's browser would cause; only the drawing in the phone is left out.
Every viewer:

1. connects at a random moment within `--ramp` seconds and loads Oversikt (the default page);
2. thinks (`--think` seconds, uniform), then picks another municipality in the sidebar;
3. thinks, then switches to another page (Kommuneprofil or Innovasjon og resultater);
4. stays connected, idle, until every viewer is done; then the server's memory is read.

For each N the server is started afresh (its own throwaway SQLite database) and warmed by one
viewer first, as it would be after the speaker's own rehearsal. Printed per N: p50/p95/max time
from an interaction (sending the rerun) to the finished rerun (Streamlit's `script_finished`),
the first load separately, errors (exception elements, timeouts, dropped connections), the
server's CPU (100 % = one core busy) and memory (RSS), and the RSS added per connected viewer.
Targets (issue 7): 100 viewers with p95 ≤ 1.5 s and no errors; ≤ 5 MB per extra idle session.

Loopback only, bounded: at most `--max-sessions` viewers, every wait has a timeout, and the
server is stopped at the end. Figures, never assertions: the machine is shared and noisy.
`--warm` first opens every municipality's default views on every replica (bench/warm_caches.py),
as a deployment does before a talk; the rehearsal viewer alone warms only the default one.
`--profile DIR` records a py-spy profile of the (first) server per N (needs py-spy; summarise
it with bench/profile_summary.py); `--traces FILE` keeps the stack trace of every app error.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"  # loopback only
SWITCH_TO = ("Kommuneprofil", "Innovasjon og resultater")
RERUN_TIMEOUT_S = 60.0
CLK_TCK = os.sysconf("SC_CLK_TCK")
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
TRACES: Path | None = None  # where exception stack traces go (--traces)


# --- The server -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def app_servers(count: int):
    """`count` replicas of the app sharing one throwaway database: [(pid, port), …]."""
    db_url = f"sqlite:///{tempfile.mkdtemp(prefix='innosikt-load-')}/load.sqlite"
    with contextlib.ExitStack() as stack:
        yield [stack.enter_context(app_server(db_url)) for _ in range(count)]


@contextlib.contextmanager
def app_server(db_url: str):
    """`streamlit run app.py` on a free loopback port."""
    port = free_port()
    env = {**os.environ, "INNOSIKT_DB_URL": db_url}
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.port",
        str(port),
        "--server.address",
        HOST,
        "--server.headless",
        "true",
        "--server.fileWatcherType",
        "none",
        "--browser.gatherUsageStats",
        "false",
    ]
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                url = f"http://{HOST}:{port}/_stcore/health"
                if urllib.request.urlopen(url, timeout=1).status == 200:
                    break
            time.sleep(0.3)
        else:
            raise RuntimeError("the server did not start within 60 s")
        yield process.pid, port
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def rss_mb(pid: int) -> float:
    pages = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
    return pages * PAGE_SIZE / 2**20


# --- One viewer -------------------------------------------------------------------------------


@dataclass
class Viewer:
    """A browser tab, as far as the server can tell: it reruns and keeps a message cache."""

    port: int
    rng: random.Random
    widgets: dict[str, object] = field(default_factory=dict)  # id → proto of the last seen
    states: dict[str, str] = field(default_factory=dict)  # id → chosen string value
    pages: dict[str, str] = field(default_factory=dict)  # page name → script hash
    cached: set[str] = field(default_factory=set)  # hashes of cacheable messages seen
    errors: list[str] = field(default_factory=list)
    socket: object = None

    async def connect(self) -> None:
        self.socket = await websockets.connect(
            f"ws://{HOST}:{self.port}/_stcore/stream",
            subprotocols=["streamlit"],
            max_size=None,
            open_timeout=RERUN_TIMEOUT_S,
            ping_interval=None,
        )

    async def rerun(self, page_hash: str = "") -> float:
        """Ask for a rerun; the seconds until the server says the script finished."""
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = ""
        state.page_script_hash = page_hash
        state.cached_message_hashes.extend(sorted(self.cached))
        for widget_id, value in self.states.items():
            widget = state.widget_states.widgets.add()
            widget.id = widget_id
            widget.string_value = value
        start = time.perf_counter()
        await self.socket.send(msg.SerializeToString())
        await asyncio.wait_for(self._until_finished(), RERUN_TIMEOUT_S)
        return time.perf_counter() - start

    async def _until_finished(self) -> None:
        while True:
            raw = await self.socket.recv()
            msg = ForwardMsg()
            msg.ParseFromString(raw)
            if msg.metadata.cacheable:
                self.cached.add(msg.hash)
            kind = msg.WhichOneof("type")
            if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                element = msg.delta.new_element
                element_kind = element.WhichOneof("type")
                if element_kind == "exception":
                    exception = element.exception
                    where = " ← ".join(exception.stack_trace[-2:]).replace("\n", " ")
                    message = exception.message.strip().splitlines()[0][:160]
                    self.errors.append(f"{exception.type}: {message} [{where[:300]}]")
                    if TRACES is not None:  # --traces: the whole stack, for finding the cause
                        with TRACES.open("a", encoding="utf-8") as out:
                            out.write("\n".join(exception.stack_trace) + "\n----\n")
                elif element_kind == "selectbox":
                    self.widgets[element.selectbox.id] = element.selectbox
            elif kind == "navigation":
                self.pages = {p.page_name: p.page_script_hash for p in msg.navigation.app_pages}
            elif kind == "script_finished":
                if msg.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    self.errors.append("compile error")
                if msg.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    return

    def municipalities(self) -> tuple[str, list[str]]:
        """The sidebar's municipality selectbox: its id and its options."""
        for widget_id, widget in self.widgets.items():
            if widget_id.endswith("-kommune"):
                return widget_id, list(widget.options)
        raise LookupError("no municipality selectbox on the page")

    def other_municipality(self) -> tuple[str, str]:
        widget_id, options = self.municipalities()
        return widget_id, self.rng.choice(options)


WARM_PAGES = ("Oversikt", "Kommuneprofil", "Innovasjon og resultater")


async def warm_caches(
    port: int, pages: tuple[str, ...] = WARM_PAGES, limit: int | None = None
) -> tuple[int, list[str]]:
    """Open every municipality's default view on `pages` in one session (bench/warm_caches.py).

    Returns how many municipalities were opened and the errors seen.
    """
    viewer = Viewer(port, random.Random(0))
    await viewer.connect()
    try:
        await viewer.rerun()
        widget_id, codes = viewer.municipalities()
        for code in codes[:limit]:
            viewer.states[widget_id] = code
            for page in pages:
                await viewer.rerun(viewer.pages[page])
        return len(codes[:limit]), viewer.errors
    finally:
        await viewer.socket.close()


@dataclass
class Timings:
    first_load: list[float] = field(default_factory=list)
    interactions: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


async def viewer_visit(
    port: int, seed: int, ramp: float, think: tuple[float, float], done: asyncio.Event, out: Timings
) -> None:
    rng = random.Random(seed)
    viewer = Viewer(port, rng)
    await asyncio.sleep(rng.uniform(0, ramp))
    try:
        await viewer.connect()
        out.first_load.append(await viewer.rerun())
        await asyncio.sleep(rng.uniform(*think))
        widget_id, option = viewer.other_municipality()
        viewer.states[widget_id] = option
        out.interactions.append(await viewer.rerun())
        await asyncio.sleep(rng.uniform(*think))
        target = viewer.pages.get(SWITCH_TO[seed % len(SWITCH_TO)])
        if target is None:
            raise LookupError(f"no page {SWITCH_TO[seed % len(SWITCH_TO)]!r} in the navigation")
        out.interactions.append(await viewer.rerun(target))
        await done.wait()  # idle, connected, until the server's memory has been read
    except TimeoutError:
        viewer.errors.append("timeout: no finished rerun within 60 s")
    except (OSError, websockets.WebSocketException, LookupError) as error:
        viewer.errors.append(f"{type(error).__name__}: {error}")
    finally:
        out.errors.extend(viewer.errors)
        if viewer.socket is not None:
            with contextlib.suppress(Exception):
                await viewer.socket.close()


async def finished(tasks: list[asyncio.Task], count: Timings, n: int, limit: float) -> None:
    """Wait until every viewer has made its three requests (or failed), bounded by `limit`."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if len(count.interactions) + len(count.errors) >= 2 * n:
            return
        if all(task.done() for task in tasks):
            return
        await asyncio.sleep(0.2)


# --- One level of load ------------------------------------------------------------------------


@dataclass
class Level:
    n: int
    timings: Timings
    seconds: float
    server_cpu: float  # core-seconds per second
    client_cpu: float
    rss_warm: float
    rss_loaded: float


async def run_level(n: int, args: argparse.Namespace, servers: list[tuple[int, int]]) -> Level:
    """N viewers spread over the replicas as a sticky proxy would (viewer i → replica i mod k)."""
    pids = [pid for pid, _ in servers]
    ready = asyncio.Event()
    ready.set()
    for _, port in servers:  # the speaker's rehearsal, on every replica
        warm = Timings()
        await viewer_visit(port, -1, 0.0, (0.0, 0.0), ready, warm)
        if warm.errors:
            raise RuntimeError(f"warm-up failed: {warm.errors}")
    await asyncio.sleep(1.0)
    rss_warm = sum(rss_mb(pid) for pid in pids)
    timings, done = Timings(), asyncio.Event()
    cpu0 = sum(cpu_seconds(pid) for pid in pids)
    client0, wall0 = time.process_time(), time.perf_counter()
    tasks = [
        asyncio.create_task(
            viewer_visit(
                servers[seed % len(servers)][1], seed, args.ramp, args.think, done, timings
            )
        )
        for seed in range(n)
    ]
    await finished(tasks, timings, n, args.ramp + 2 * args.think[1] + args.level_timeout)
    wall = time.perf_counter() - wall0
    cpu = sum(cpu_seconds(pid) for pid in pids) - cpu0
    client = time.process_time() - client0
    await asyncio.sleep(1.0)  # let the last messages settle before reading the memory
    rss_loaded = sum(rss_mb(pid) for pid in pids)
    done.set()
    await asyncio.wait(tasks, timeout=30)
    for task in tasks:
        task.cancel()
    return Level(n, timings, wall, cpu / wall, client / wall, rss_warm, rss_loaded)


async def warm_replicas(
    ports: list[int], limit: int | None = None
) -> tuple[list[tuple[int, list[str]]], float]:
    """`warm_caches` on every replica side by side: the results per port, and the seconds taken."""
    start = time.perf_counter()
    results = await asyncio.gather(*(warm_caches(port, limit=limit) for port in ports))
    return results, time.perf_counter() - start


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def report(level: Level) -> str:
    t = level.timings
    inter = t.interactions or [float("nan")]
    first = t.first_load or [float("nan")]
    per_session = (level.rss_loaded - level.rss_warm) / level.n
    cells = [
        f"{level.n:>5}",
        f"{statistics.median(inter) * 1000:>7.0f}",
        f"{percentile(inter, 0.95) * 1000:>8.0f}",
        f"{max(inter) * 1000:>8.0f}",
        f"{statistics.median(first) * 1000:>9.0f}",
        f"{percentile(first, 0.95) * 1000:>9.0f}",
        f"{len(t.errors):>6}",
        f"{level.server_cpu * 100:>6.0f}%",
        f"{level.client_cpu * 100:>6.0f}%",
        f"{level.rss_warm:>8.0f}",
        f"{level.rss_loaded:>8.0f}",
        f"{per_session:>7.2f}",
    ]
    return " ".join(cells)


HEADER = (
    "    N  p50 ms   p95 ms   max ms  load p50  load p95 errors  server  client"
    "  RSS0 MB  RSSn MB MB/sess\n"
    "       (interaction → finished rerun)  (first load)                 CPU     CPU"
    "  (warm)   (loaded)"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", default="1,10,50,100,200", help="comma-separated N")
    parser.add_argument("--ramp", type=float, default=20.0, help="arrivals spread over seconds")
    parser.add_argument("--think", default="3,10", help="think time between clicks, min,max s")
    parser.add_argument("--level-timeout", type=float, default=180.0)
    parser.add_argument("--max-sessions", type=int, default=300)
    parser.add_argument(
        "--replicas", type=int, default=1, help="app processes sharing one database (sticky)"
    )
    parser.add_argument(
        "--warm",
        action="store_true",
        help="warm every municipality's default views first (bench/warm_caches.py)",
    )
    parser.add_argument("--profile", type=Path, help="folder for py-spy profiles per N")
    parser.add_argument("--traces", type=Path, help="file for the stack traces of app errors")
    args = parser.parse_args()
    global TRACES
    TRACES = args.traces
    levels = [int(n) for n in args.sessions.split(",")]
    if max(levels) > args.max_sessions:
        parser.error(f"at most {args.max_sessions} sessions")
    args.think = tuple(float(s) for s in args.think.split(","))

    print(
        f"Innosikt under load: {os.cpu_count()} cores, {args.replicas} replica(s), "
        f"arrivals over {args.ramp:g} s, think {args.think[0]:g}–{args.think[1]:g} s"
        + (", caches warmed for every municipality" if args.warm else "")
    )
    print(HEADER)
    for n in levels:
        with app_servers(args.replicas) as servers:
            if args.warm:
                results, seconds = asyncio.run(warm_replicas([port for _, port in servers]))
                if any(errors or not count for count, errors in results):
                    raise RuntimeError(f"warming the caches failed: {results}")
                print(f"      (caches warmed in {seconds:.0f} s)", flush=True)
            profiler = None
            if args.profile:
                args.profile.mkdir(parents=True, exist_ok=True)
                profile = args.profile / f"load_{n}_replica1.txt"
                profiler = subprocess.Popen(
                    [
                        "py-spy",
                        "record",
                        "--pid",
                        str(servers[0][0]),
                        "--nonblocking",
                        "--threads",
                        "--rate",
                        "50",
                        "--format",
                        "raw",
                        "-o",
                        str(profile),
                    ],  # fmt: skip
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            level = asyncio.run(run_level(n, args, servers))
            if profiler is not None:
                profiler.send_signal(signal.SIGINT)
                profiler.wait(timeout=60)
        print(report(level), flush=True)
        for error in sorted(set(level.timings.errors))[:5]:
            print(f"        error ×{level.timings.errors.count(error)}: {error}")


if __name__ == "__main__":
    main()
