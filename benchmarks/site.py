"""Benchmark of the guide site: build time, ``mkdocs serve`` rebuild latency and Lighthouse.

    python -m benchmarks site [--reps N] [--quick] [--no-serve] [--no-lighthouse]

Everything runs in a temporary copy of the project, so the real content, ``site/`` and
``.cache/`` are never touched. Python keeps compiled modules as it does by default (some
containers turn that off with PYTHONDONTWRITEBYTECODE), in the temporary folder.

* Build: ``mkdocs build`` of the guide, timed as a user runs it (a fresh process each time),
  next to a plain mkdocs-material build of the same final Markdown (captured from our build)
  with the same nav, theme and Markdown extensions but none of our hooks, macros or assets.
  Cold = the project's ``.cache/`` removed first (every PDF made again); warm = a rebuild with
  no change. Targets: warm within 1.3x plain; cold under 3 s. A third build is warm with
  the theme's Jinja environment as MkDocs makes it (templates compiled from source, every
  theme file listed), as the plain build has it: what ``theme_env.py`` is worth.
* Serve: ``mkdocs serve`` on the copy; the time from saving a change to content/stages.yml to
  the changed page being served (polled over HTTP).
* Lighthouse 12.2.3 (npm; installed on first use into a cache folder, not package.json) with
  Debian's chromium, mobile emulation, on the home page, a role page and a worksheet page, the
  site served gzip-compressed as any production host would. Target: 100 in every category.

Prints Markdown tables; writes ``benchmarks/results/site.json``.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import io
import json
import logging
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from testdata import web

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "site.json"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}

#: Not copied into the temporary project: tools, caches, outputs, tests.
IGNORED = shutil.ignore_patterns(
    ".git",
    ".venv",
    "node_modules",
    "site",
    ".cache",
    "__pycache__",
    "results",
    "tests",
    ".pytest_cache",
    ".mypy_cache",
    ".ruff_cache",
    ".hypothesis",
    "*.egg-info",
    "build",
)

LIGHTHOUSE = "lighthouse@12.2.3"
LIGHTHOUSE_DIR = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / (
    "mentorguide-bench/" + LIGHTHOUSE.replace("@", "-")
)
CHROME = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
#: Pages for Lighthouse: the home page, a role page and (if the site has one) a worksheet.
LIGHTHOUSE_PAGES = ("", "career-pathways/")
#: The page that shows content/stages.yml, for the serve benchmark.
STAGES_PAGE = "mentorship-cycle/"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- the temporary project -----------------------------------------------------------------------


def copy_project(into: Path) -> Path:
    project = into / "project"
    shutil.copytree(ROOT, project, ignore=IGNORED, symlinks=True)
    if (ROOT / "node_modules").is_dir():
        (project / "node_modules").symlink_to(ROOT / "node_modules")
    return project


def mkdocs_build(config: Path, site: Path) -> float:
    """One ``mkdocs build``, as a user runs it; returns seconds. (``-q`` keeps the output
    quiet and, as a side effect, lets strict mode pass warnings: this times, it does not
    check.)"""
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)],
        cwd=config.parent,
        env=ENV,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"mkdocs build of {config} failed:\n{result.stdout}{result.stderr}")
    return elapsed


def capture_markdown(project: Path, site: Path) -> tuple[dict[str, str], dict[str, Any]]:
    """Build ``project`` in this process, recording each page's final Markdown (the output of
    our ``on_page_markdown`` hook, after the macros), and return it with the loaded config."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    from mentorguide.site.plugin import GuidePlugin

    captured: dict[str, str] = {}
    original = GuidePlugin.on_page_markdown

    def recording(plugin: GuidePlugin, markdown: str, *args: Any, **kwargs: Any) -> str:
        result: str = original(plugin, markdown, *args, **kwargs)
        page = kwargs.get("page") or args[0]
        captured[page.file.src_uri] = result
        return result

    GuidePlugin.on_page_markdown = recording  # type: ignore[method-assign,assignment]
    # Timing, not checking: warnings are shown but do not stop the build (as with -q below).
    handler = logging.StreamHandler()
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("mkdocs: %(levelname)s %(message)s"))
    logging.getLogger("mkdocs").addHandler(handler)
    try:
        os.environ["NO_MKDOCS_2_WARNING"] = "1"
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(site), strict=False)
        build(config)
    except Abort as error:
        raise SystemExit(f"the guide does not build ({error})") from None
    finally:
        GuidePlugin.on_page_markdown = original  # type: ignore[method-assign]
        logging.getLogger("mkdocs").removeHandler(handler)
    return captured, {"nav": config["nav"]}


def plain_project(project: Path, pages: dict[str, str], into: Path) -> Path:
    """A plain mkdocs-material project with the same final Markdown, nav, theme and Markdown
    extensions, and none of our hooks, macros, watch folders or assets."""
    import yaml
    from mkdocs.utils.yaml import yaml_load

    plain = into / "plain"
    docs = plain / "docs"
    shutil.copytree(project / "docs", docs)
    for src_uri, markdown in pages.items():
        target = docs / src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(markdown, encoding="utf-8")
    with open(project / "mkdocs.yml", encoding="utf-8") as file:
        config = yaml_load(file)
    for key in (
        "hooks",
        "watch",
        "extra_css",
        "extra_javascript",
        "strict",
        "docs_dir",
        "site_dir",
        "validation",
        "extra",
    ):
        config.pop(key, None)
    config["plugins"] = ["search"]
    theme = config.get("theme")
    if isinstance(theme, dict):
        theme.pop("custom_dir", None)
    (plain / "mkdocs.yml").write_text(yaml.dump(config, Dumper=yaml.Dumper), encoding="utf-8")
    return plain


def without_theme_speed_up(project: Path, into: Path) -> Path:
    """A copy of the guide whose theme environment is MkDocs' own (``theme_env.py`` off):
    what that saves, measured in the same run."""
    copy = into / "mkdocs-theme-env"
    shutil.copytree(project, copy, ignore=IGNORED, symlinks=True)
    hook = copy / "hooks" / "guide.py"
    hook.write_text(
        hook.read_text(encoding="utf-8")
        + "\nimport mentorguide.site.plugin\n"
        + "mentorguide.site.plugin.speed_up_theme = lambda *args: None\n",
        encoding="utf-8",
    )
    return copy


def timed(run: Callable[[], float], reps: int) -> list[float]:
    return [run() for _ in range(reps)]


def summary(times: list[float]) -> dict[str, float]:
    return {
        "median": statistics.median(times),
        "min": min(times),
        "max": max(times),
        "runs": len(times),
    }


def bench_build(work: Path, reps: int) -> dict[str, Any]:
    project = copy_project(work)
    log("build: capturing the final Markdown of every page…")
    pages, _ = capture_markdown(project, work / "capture-site")
    plain = plain_project(project, pages, work)
    mkdocs_env = without_theme_speed_up(project, work)
    ours_config, plain_config = project / "mkdocs.yml", plain / "mkdocs.yml"
    mkdocs_env_config = mkdocs_env / "mkdocs.yml"
    ours_site, plain_site = work / "ours-site", work / "plain-site"
    cache = project / ".cache"

    def cold() -> float:
        shutil.rmtree(cache, ignore_errors=True)
        return mkdocs_build(ours_config, ours_site)

    log("build: warming up…")
    mkdocs_build(plain_config, plain_site)
    mkdocs_build(mkdocs_env_config, work / "mkdocs-env-site")
    mkdocs_build(ours_config, ours_site)
    plain_times: list[float] = []
    mkdocs_env_times: list[float] = []
    warm_times: list[float] = []
    log(f"build: {reps} plain and warm builds (ours with and without theme_env), alternating…")
    for _ in range(reps):
        plain_times.append(mkdocs_build(plain_config, plain_site))
        mkdocs_env_times.append(mkdocs_build(mkdocs_env_config, work / "mkdocs-env-site"))
        warm_times.append(mkdocs_build(ours_config, ours_site))
    log(f"build: {reps} cold builds…")
    cold_times = timed(cold, reps)
    pdfs = sorted(p.relative_to(ours_site).as_posix() for p in ours_site.rglob("*.pdf"))
    plain_median = statistics.median(plain_times)
    return {
        "pages": len(pages),
        "pdfs": len(pdfs),
        "plain": summary(plain_times),
        "warm_mkdocs_env": summary(mkdocs_env_times),
        "warm": summary(warm_times),
        "cold": summary(cold_times),
        "warm_mkdocs_env_ratio": statistics.median(mkdocs_env_times) / plain_median,
        "warm_ratio": statistics.median(warm_times) / plain_median,
        "cold_ratio": statistics.median(cold_times) / plain_median,
        "targets": {"warm_ratio": 1.3, "cold_seconds": 3.0},
    }


# --- mkdocs serve -------------------------------------------------------------------------------


def fetch(url: str) -> str:
    return web.fetch(url, timeout=2).decode("utf-8", "replace")


def served(url: str, text: str) -> bool:
    return text in fetch(url)


def wait_for(predicate: Callable[[], bool], timeout: float, every: float = 0.01) -> float | None:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if predicate():
            return time.perf_counter() - start
        time.sleep(every)
    return None


def bench_serve(work: Path, reps: int) -> dict[str, Any]:
    project = copy_project(work / "serve")
    stages = project / "content" / "stages.yml"
    text = stages.read_text(encoding="utf-8")
    match = re.search(r"^(\s*-?\s*name:\s*)(.+)$", text, re.M)
    if not match:
        raise SystemExit("serve: no 'name:' line in content/stages.yml to change")
    port = web.free_port()
    url = f"http://127.0.0.1:{port}/{STAGES_PAGE}"
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "serve",
            "-q",
            "-a",
            f"127.0.0.1:{port}",
            "-f",
            str(project / "mkdocs.yml"),
        ],
        cwd=project,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    times: list[float] = []
    try:
        if wait_for(lambda: "</html>" in fetch(url), timeout=60, every=0.1) is None:
            raise SystemExit(f"serve: {url} never came up")
        time.sleep(1)  # let the watcher settle after the first build
        for n in range(reps):
            token = f"Bench{n}x{int(time.time() * 1000) % 100000}"
            changed = text[: match.end(2)] + f" {token}" + text[match.end(2) :]
            start = time.perf_counter()
            stages.write_text(changed, encoding="utf-8")
            seen = wait_for(functools.partial(served, url, token), timeout=60)
            if seen is None:
                raise SystemExit(f"serve: the change to stages.yml never appeared at {url}")
            times.append(time.perf_counter() - start)
            time.sleep(0.5)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
    return {"page": STAGES_PAGE, "save_to_served": summary(times)}


# --- Lighthouse ---------------------------------------------------------------------------------


COMPRESSIBLE = re.compile(r"text/|application/(javascript|json|xml)|image/svg\+xml")


class _GzipHandler(SimpleHTTPRequestHandler):
    """Static files, text types gzip-compressed when the client accepts it (as hosts do)."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not urlsplit(self.path).path.endswith("/"):
                return super().send_head()  # the redirect to the directory URL
            path = path / "index.html"
        kind = self.guess_type(str(path))
        accepted = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepted and path.is_file() and COMPRESSIBLE.match(kind)):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@contextmanager
def serve(root: Path) -> Iterator[str]:
    handler = functools.partial(_GzipHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def lighthouse_binary() -> Path:
    binary = LIGHTHOUSE_DIR / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        log(f"lighthouse: installing {LIGHTHOUSE} into {LIGHTHOUSE_DIR}…")
        LIGHTHOUSE_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                "npm",
                "install",
                "--prefix",
                str(LIGHTHOUSE_DIR),
                "--no-audit",
                "--no-fund",
                "--silent",
                LIGHTHOUSE,
            ],
            check=True,
        )
    return binary


def failing_audits(report: dict[str, Any], category: str) -> list[dict[str, Any]]:
    audits = report["audits"]
    found = []
    for ref in report["categories"][category]["auditRefs"]:
        audit = audits[ref["id"]]
        score = audit.get("score")
        if ref.get("weight", 0) > 0 and score is not None and score < 1:
            found.append(
                {
                    "id": ref["id"],
                    "title": audit.get("title", ""),
                    "score": score,
                    "value": audit.get("displayValue", ""),
                }
            )
    return found


def lighthouse_once(binary: Path, url: str, out: Path) -> dict[str, Any]:
    subprocess.run(
        [
            str(binary),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={out}",
            "--only-categories=" + ",".join(CATEGORIES),
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage",
        ],
        env={**ENV, "CHROME_PATH": CHROME},
        check=True,
        capture_output=True,
    )
    report = json.loads(out.read_text(encoding="utf-8"))
    return {
        "scores": {c: round(100 * (report["categories"][c]["score"] or 0)) for c in CATEGORIES},
        "failing": {c: failing_audits(report, c) for c in CATEGORIES},
        "metrics": {
            m: report["audits"][m].get("displayValue", "")
            for m in (
                "first-contentful-paint",
                "largest-contentful-paint",
                "total-blocking-time",
                "cumulative-layout-shift",
                "speed-index",
            )
        },
    }


def bench_lighthouse(work: Path, runs: int) -> dict[str, Any]:
    """Each page ``runs`` times; the run with the median performance score is reported (as
    Lighthouse advises: its simulated timings vary with the machine's load)."""
    binary = lighthouse_binary()
    project = copy_project(work / "lighthouse")
    site = work / "lighthouse-site"
    mkdocs_build(project / "mkdocs.yml", site)
    worksheets = sorted(
        p.parent.relative_to(site).as_posix() + "/"
        for p in site.glob("worksheets/*/index.html")
        if 'class="mg-worksheet' in p.read_text(encoding="utf-8")
    )
    pages = [*LIGHTHOUSE_PAGES, *worksheets[:1]]
    results: dict[str, Any] = {}
    with serve(site) as base:
        for page in pages:
            log(f"lighthouse: /{page} ({runs} runs)…")
            reports = [
                lighthouse_once(binary, base + page, work / f"lighthouse-{n}.json")
                for n in range(runs)
            ]
            reports.sort(key=lambda r: int(r["scores"]["performance"]))
            median = reports[len(reports) // 2]
            median["performance_runs"] = [r["scores"]["performance"] for r in reports]
            results["/" + page] = median
    return {"version": LIGHTHOUSE, "form_factor": "mobile", "runs": runs, "pages": results}


# --- report -------------------------------------------------------------------------------------


def markdown(results: dict[str, Any]) -> str:
    lines: list[str] = []
    build = results.get("build")
    if build:
        lines += [
            f"### Site build ({build['pages']} pages, {build['pdfs']} PDFs; "
            f"median of {build['plain']['runs']} runs, each a fresh `mkdocs build`)",
            "",
            "| build | median s | min s | max s | × plain | target |",
            "| --- | ---: | ---: | ---: | ---: | --- |",
            f"| plain mkdocs-material, same Markdown | {build['plain']['median']:.2f} | "
            f"{build['plain']['min']:.2f} | {build['plain']['max']:.2f} | 1.00 | |",
            f"| ours, warm, with MkDocs' own theme environment (as plain has) "
            f"| {build['warm_mkdocs_env']['median']:.2f} | {build['warm_mkdocs_env']['min']:.2f} | "
            f"{build['warm_mkdocs_env']['max']:.2f} | {build['warm_mkdocs_env_ratio']:.2f} | |",
            f"| ours, warm (no change, PDF cache kept) | {build['warm']['median']:.2f} | "
            f"{build['warm']['min']:.2f} | {build['warm']['max']:.2f} | "
            f"{build['warm_ratio']:.2f} | ≤ 1.3× plain |",
            f"| ours, cold (.cache/ removed) | {build['cold']['median']:.2f} | "
            f"{build['cold']['min']:.2f} | {build['cold']['max']:.2f} | "
            f"{build['cold_ratio']:.2f} | < 3 s |",
            "",
        ]
    serve_result = results.get("serve")
    if serve_result:
        s = serve_result["save_to_served"]
        lines += [
            "### `mkdocs serve`: saving content/stages.yml → the changed page served",
            "",
            "| page | median s | min s | max s | runs |",
            "| --- | ---: | ---: | ---: | ---: |",
            f"| /{serve_result['page']} | {s['median']:.2f} | {s['min']:.2f} | {s['max']:.2f} | "
            f"{s['runs']} |",
            "",
        ]
    lighthouse = results.get("lighthouse")
    if lighthouse:
        lines += [
            f"### Lighthouse {lighthouse['version'].split('@')[1]} (mobile, served with gzip; "
            f"the median of {lighthouse['runs']} runs)",
            "",
            "| page | performance (runs) | accessibility | best practices | SEO | FCP | LCP | TBT "
            "| CLS |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for page, data in lighthouse["pages"].items():
            s, m = data["scores"], data["metrics"]
            runs = ", ".join(map(str, data["performance_runs"]))
            lines.append(
                f"| {page} | {s['performance']} ({runs}) | "
                f"{s['accessibility']} | {s['best-practices']} | {s['seo']} | "
                f"{m['first-contentful-paint']} | {m['largest-contentful-paint']} | "
                f"{m['total-blocking-time']} | {m['cumulative-layout-shift']} |"
            )
        failing = [
            f"- {page} {category}: {a['title']} ({a['id']}, score {a['score']}"
            f"{', ' + a['value'] if a['value'] else ''})"
            for page, data in lighthouse["pages"].items()
            for category, audits in data["failing"].items()
            for a in audits
        ]
        if failing:
            lines += ["", "Audits below 100 that count towards a score:", "", *failing]
        lines.append("")
    machine = results["machine"]
    lines.append(
        f"Machine: {machine['cpus']} CPUs, load average "
        f"{machine['load_average_at_start'][0]:.1f} at the start (other work on the machine "
        "slows every timing, Lighthouse's TBT most)."
    )
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks site",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--reps", type=int, default=5, help="runs of each build (default 5)")
    parser.add_argument("--quick", action="store_true", help="3 runs each")
    parser.add_argument("--no-build", action="store_true", help="skip the build benchmark")
    parser.add_argument("--no-serve", action="store_true", help="skip the serve benchmark")
    parser.add_argument("--no-lighthouse", action="store_true", help="skip Lighthouse")
    parser.add_argument(
        "--lighthouse-runs", type=int, default=3, help="Lighthouse runs per page (default 3)"
    )
    args, _ = parser.parse_known_args(argv)  # options meant for other benchmarks are ignored
    reps = 3 if args.quick else args.reps
    results: dict[str, Any] = {
        "machine": {
            "load_average_at_start": os.getloadavg(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
        },
    }
    with tempfile.TemporaryDirectory(prefix="mentorguide-bench-") as tmp:
        work = Path(tmp)
        ENV.pop("PYTHONDONTWRITEBYTECODE", None)
        ENV["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
        if not args.no_build:
            results["build"] = bench_build(work, reps)
        if not args.no_serve:
            results["serve"] = bench_serve(work, reps)
        if not args.no_lighthouse:
            results["lighthouse"] = bench_lighthouse(work, args.lighthouse_runs)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(markdown(results))
    print(f"(JSON: {RESULTS.relative_to(ROOT)})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
