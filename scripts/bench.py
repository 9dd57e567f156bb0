"""Benchmark befund on the real study and on synthetic ones of 1 000 and 10 000 quotes.

    python scripts/bench.py --sizes real,1000,10000 --runs 3 --json bench.json

Per size and run, each in a fresh process: (a) ``befund check`` as an editor runs it after saving
one file (the other files' parses come from befund's cache; ``cold``: with an empty cache, as the
first check on a machine), (b) render (model → page sources,
every language; the codebook is loaded before the clock starts; citations from befund's cache, as
a build renders), (c) a full ``befund build``, and
(d) the baseline: plain MkDocs + Material building the same pages written out once as Markdown
(``plainsite.py``), its languages side by side as ``befund build`` builds them
(``--plain-sequential``: one after the other, as ``befund build -j 1`` does). The runs take turns
(a c b d, a c b d, …: render reads what the build kept). Reports the median wall time, CPU time
and peak RSS (of the largest process of the command, as the kernel accounts it for the finished
child), the size of the site and of its search indexes, and the ratios (a+b)/c and c/d.
befund's cache (compiled templates, parsed codebook files, lint findings, citations) is
``build/bench/cache``.
Generated studies live in ``build/bench/`` (git-ignored) and are reused while the generator and the
real study are unchanged. See docs/performance.md.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synthetic  # the scripts folder, put on the path above

WORK = synthetic.REPO / "build" / "bench"
MEASURES = ("check", "cold", "render", "build", "plain")


@dataclass
class Run:
    wall: float
    rss_mb: float
    cpu: float
    """User + system seconds: steadier than wall time on a shared machine."""


@dataclass
class Measured:
    runs: list[Run] = field(default_factory=list)

    @property
    def wall(self) -> float:
        return statistics.median(r.wall for r in self.runs) if self.runs else float("nan")

    @property
    def rss_mb(self) -> float:
        return statistics.median(r.rss_mb for r in self.runs) if self.runs else float("nan")

    @property
    def cpu(self) -> float:
        return statistics.median(r.cpu for r in self.runs) if self.runs else float("nan")


def run_children(commands: list[list[str]], parallel: bool = False, **environ: str) -> Run:
    """Run *commands* (one after another, or all at once); wall time and the largest peak RSS.

    A child's peak RSS includes this process's at the fork, so nothing big is ever loaded here:
    rendering and writing the baseline happen in child processes too.
    """
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONHASHSEED": "0", **environ}
    start = time.perf_counter()
    peak = cpu = 0.0
    pending = []
    for command in commands:
        proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        pending.append((command, proc))
        if not parallel:
            usage = _reap(*pending.pop())
            peak, cpu = max(peak, usage.ru_maxrss), cpu + usage.ru_utime + usage.ru_stime
    for command, proc in pending:
        usage = _reap(command, proc)
        peak, cpu = max(peak, usage.ru_maxrss), cpu + usage.ru_utime + usage.ru_stime
    return Run(time.perf_counter() - start, peak / 1024, cpu)


def _reap(command: list[str], proc: subprocess.Popen[bytes]) -> Any:
    assert proc.stdout is not None
    output = proc.stdout.read()  # drained before waiting, so a chatty child cannot block
    _pid, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"bench: {' '.join(command)} exited {proc.returncode}:\n{output.decode(errors='replace')[-3000:]}")
    return usage  # ru_maxrss in KiB on Linux: the child's own peak, or its largest waited-for descendant's


def render_child(site: Path) -> None:
    """Internal (``--render-child``): load the codebook, then time rendering every language's pages."""
    from befund.check import Checker
    from befund.citations import Citations
    from befund.cite.style import code_digest
    from befund.render import Renderer
    from befund.siteconfig import read_site
    from befund.usercache import Kept

    checked = Checker().check(read_site(site / "mkdocs.yml").layout)
    codebook = checked.codebook
    assert codebook is not None
    gc.freeze()  # as each build worker does before it renders: the collector no longer walks the codebook
    start, cpu = time.perf_counter(), time.process_time()
    pages = 0
    for lang in codebook.study.languages:  # with the citations the builds kept, as the plugin renders
        citations = Citations(codebook, lang, Kept.open("citations", site / "codebook" / lang, code_digest))
        pages += len(Renderer(codebook, lang, [site / "overrides" / "befund"], citations,
                              labels=checked.labels[lang]).pages())
    print(json.dumps({"render_s": time.perf_counter() - start, "cpu_s": time.process_time() - cpu, "pages": pages}))


def render_once(site: Path) -> Run:
    proc = subprocess.run([sys.executable, __file__, "--render-child", str(site)], capture_output=True,
                          text=True, check=True, env={**os.environ, "PYTHONHASHSEED": "0"})
    found = json.loads(proc.stdout.splitlines()[-1])
    return Run(found["render_s"], float("nan"), found["cpu_s"])


def tree_bytes(folder: Path) -> tuple[int, int]:
    """Bytes of every file under *folder*, and of its search indexes."""
    total = index = 0
    for path in folder.rglob("*"):
        if path.is_file():
            size = path.stat().st_size
            total += size
            if path.name == "search_index.json":
                index += size
    return total, index


def bench_size(size: str, runs: int, measures: set[str], parallel: bool, jobs: int | None,
               work: Path = WORK) -> dict[str, Any]:
    """Every measurement of one size; run by run in turn (a c b d, a c b d, …), so that a machine
    whose speed drifts during the benchmark slows each of them alike."""
    site = synthetic.generate(size, work / size)
    befund = [sys.executable, "-m", "befund"]
    result: dict[str, Any] = {"size": size, "quotes": _count_quotes(site),
                              "categories": len(list((site / "codebook" / "categories").glob("*.yaml"))),
                              "sources": len(list((site / "codebook" / "quotes").glob("*.yaml")))}
    print(f"bench: {size}: {result['quotes']} quotes, {result['categories']} category files, "
          f"{result['sources']} sources", file=sys.stderr)
    out = work / f"{size}-out"
    plain = _write_plain(site, out / "plain") if "plain" in measures else None
    measured = {name: Measured() for name in MEASURES}
    saved = sorted((site / "codebook" / "quotes").glob("*.yaml"))[0]
    original = saved.read_bytes()
    check = [*befund, "check", str(site)]
    run_children([check])  # not measured: fills the cache, as any earlier check has
    try:
        for run in range(runs):
            if "cold" in measures:
                empty = work / "cache-cold"
                shutil.rmtree(empty, ignore_errors=True)
                measured["cold"].runs.append(run_children([check], BEFUND_CACHE_DIR=str(empty)))
            if "check" in measures:
                saved.write_bytes(original + f"# saved again ({run})\n".encode())  # an editor's save
                measured["check"].runs.append(run_children([check]))
            _run_rest(site, out, befund, measures, measured, plain, parallel, jobs)
    finally:
        saved.write_bytes(original)
    return _result(result, measured, measures, out, plain, parallel)


def _run_rest(site: Path, out: Path, befund: list[str], measures: set[str], measured: dict[str, Measured],
              plain: list[PlainBuild] | None, parallel: bool, jobs: int | None) -> None:
    """One run of build, render and the baseline (render after the build: it reads the citations the
    build kept, as a build's workers do)."""
    if "build" in measures:
        command = [*befund, "build", "-f", str(site / "mkdocs.yml"), "-d", str(out / "site"),
                   *(["-j", str(jobs)] if jobs else [])]
        measured["build"].runs.append(run_children([command]))
    if "render" in measures:
        measured["render"].runs.append(render_once(site))
    if plain is not None:
        measured["plain"].runs.append(_plain_once(plain, out / "plain" / "site", parallel))


def _result(result: dict[str, Any], measured: dict[str, Measured], measures: set[str], out: Path,
            plain: list[PlainBuild] | None, parallel: bool) -> dict[str, Any]:
    check, render, build = measured["check"], measured["render"], measured["build"]
    if "check" in measures:
        result |= {"check_s": check.wall, "check_cpu_s": check.cpu, "check_rss_mb": check.rss_mb}
    if "cold" in measures:
        result |= {"check_cold_s": measured["cold"].wall, "check_cold_cpu_s": measured["cold"].cpu}
    if "render" in measures:
        result |= {"render_s": render.wall, "render_cpu_s": render.cpu}
    if "build" in measures:
        site_bytes, index_bytes = tree_bytes(out / "site")
        result |= {"build_s": build.wall, "build_cpu_s": build.cpu, "peak_rss_mb": build.rss_mb,
                   "site_bytes": site_bytes, "search_index_bytes": index_bytes}
    if plain is not None:
        site_bytes, index_bytes = tree_bytes(out / "plain" / "site")
        result |= {"plain_build_s": measured["plain"].wall, "plain_cpu_s": measured["plain"].cpu,
                   "plain_rss_mb": measured["plain"].rss_mb, "plain_site_bytes": site_bytes,
                   "plain_search_index_bytes": index_bytes, "plain_mode": "parallel" if parallel else "sequential"}
    if {"check", "render", "build"} <= measures:
        result["own_share"] = (result["check_s"] + result["render_s"]) / result["build_s"]
        result["own_share_cpu"] = (result["check_cpu_s"] + result["render_cpu_s"]) / result["build_cpu_s"]
    if {"build", "plain"} <= measures:
        result["build_vs_plain"] = result["build_s"] / result["plain_build_s"]
        result["build_vs_plain_cpu"] = result["build_cpu_s"] / result["plain_cpu_s"]
    return result


def _write_plain(site: Path, out: Path) -> list[PlainBuild]:
    """The baseline's pages and configs, written by a child process (this one must stay small: see
    ``plainsite.main``)."""
    proc = subprocess.run([sys.executable, str(Path(__file__).with_name("plainsite.py")), str(site), str(out)],
                          capture_output=True, text=True, check=True)
    return [PlainBuild(Path(lang["config"]), Path(lang["site_dir"]), Path(lang["target"]))
            for lang in json.loads(proc.stdout.splitlines()[-1])]


@dataclass(frozen=True)
class PlainBuild:
    config: Path
    site_dir: Path
    target: Path


def _plain_once(languages: list[PlainBuild], site: Path, parallel: bool) -> Run:
    """One build of the baseline: each language with plain MkDocs, then put in place."""
    commands = [[sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(lang.config)] for lang in languages]
    run = run_children(commands, parallel)
    start = time.perf_counter()
    _assemble(site, languages)
    run.wall += time.perf_counter() - start
    return run


def _assemble(site: Path, languages: list[PlainBuild]) -> None:
    """Put each language where it belongs (two renames, as ``befund build`` publishes)."""
    import shutil

    if site.exists():
        shutil.rmtree(site)
    for lang in languages:
        lang.target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(lang.site_dir, lang.target)


_QUOTE_ID = re.compile(r"^\s*-\s+id:\s+[\"']?[A-Za-z][\w-]*_\d+-\d+", re.MULTILINE)


def _count_quotes(site: Path) -> int:
    """Quote ids (``IN_05-1``) in the quote files; category ids in codings have no ``_``-number part."""
    return sum(len(_QUOTE_ID.findall(path.read_text("utf-8"))) for path in (site / "codebook").glob("quotes/*.yaml"))


COLUMNS = (("size", "size", "{}"), ("quotes", "quotes", "{}"), ("check_s", "check s", "{:.2f}"),
           ("check_cpu_s", "check cpu s", "{:.2f}"), ("check_rss_mb", "check MB", "{:.0f}"),
           ("check_cold_s", "cold check s", "{:.2f}"),
           ("render_s", "render s", "{:.2f}"), ("build_s", "build s", "{:.1f}"),
           ("build_cpu_s", "build cpu s", "{:.1f}"),
           ("peak_rss_mb", "build MB", "{:.0f}"), ("plain_build_s", "plain s", "{:.1f}"),
           ("plain_cpu_s", "plain cpu s", "{:.1f}"), ("plain_rss_mb", "plain MB", "{:.0f}"),
           ("site_bytes", "site MB", "{:.1f}"), ("plain_site_bytes", "plain site MB", "{:.1f}"),
           ("search_index_bytes", "index MB", "{:.2f}"), ("plain_search_index_bytes", "plain index MB", "{:.2f}"),
           ("own_share", "(a+b)/c", "{:.1%}"), ("build_vs_plain", "c/d", "{:.2f}"),
           ("build_vs_plain_cpu", "c/d cpu", "{:.2f}"))


def table(results: list[dict[str, Any]]) -> str:
    """A Markdown table of every measured column."""
    shown = [c for c in COLUMNS if any(c[0] in r for r in results)]
    rows = [[title for _key, title, _fmt in shown], ["---"] * len(shown)]
    for result in results:
        row = []
        for key, _title, fmt in shown:
            value = result.get(key)
            if isinstance(value, (int, float)) and key.endswith("_bytes"):
                value = value / 1e6
            row.append("–" if value is None else fmt.format(value))
        rows.append(row)
    return "\n".join("| " + " | ".join(row) + " |" for row in rows)


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--render-child":
        render_child(Path(sys.argv[2]))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="real,1000,10000",
                        help="comma-separated: real, 1000, 10000 or any number of quotes (default: %(default)s)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each measurement; the median is reported")
    parser.add_argument("--only", default=",".join(MEASURES), help="measurements to make (default: %(default)s)")
    parser.add_argument("--plain-sequential", action="store_true",
                        help="build the baseline's languages one after the other (to compare with befund build -j 1)")
    parser.add_argument("--jobs", type=int, default=None, help="passed to befund build -j (default: its own)")
    parser.add_argument("--work", type=Path, default=WORK, help="where studies and sites go (default: %(default)s)")
    parser.add_argument("--json", type=Path, help="also write the results as a JSON list to this file")
    args = parser.parse_args()
    measures = set(args.only.split(","))
    os.environ["BEFUND_CACHE_DIR"] = str(args.work / "cache")  # the children's; never the user's own cache
    # befund as installed runs: its modules' bytecode compiled once, as pip does for MkDocs (the baseline)
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    if not measures <= set(MEASURES) or args.runs < 1:
        parser.error(f"--only takes {', '.join(MEASURES)}; --runs at least 1")
    results = []
    for size in args.sizes.split(","):
        results.append(bench_size(size.strip(), args.runs, measures, not args.plain_sequential, args.jobs,
                                   args.work))
        print(table(results[-1:]), file=sys.stderr)
    print(f"median of {args.runs} run(s); {os.cpu_count()} cores; Python {platform.python_version()}; "
          f"{platform.machine()}")
    print(table(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", "utf-8")


if __name__ == "__main__":
    main()
