"""PDF renders in worker processes, so a build with PDFs to make uses every core and goes on
converting and writing pages while WeasyPrint works.

* ``PdfRenders`` belongs to one build. ``submit`` answers at once with the cached PDF when
  its inputs did not change; otherwise the render starts in a worker and the answer is a
  future. A site file backed by such a future (``site/pdf_files.py``) is copied as usual if
  it is ready, otherwise ``finish`` (at the end of the build) waits and copies it.
* Two lanes. ``guide.pdf`` is the longest render and can only start once every page is
  converted, so it has a worker of its own; the worksheets share the other cores at a lower
  scheduling priority, so they never hold the guide back.
* Workers are forked from the build's process when it runs no other thread (``mkdocs
  build``: instant, and they inherit everything imported), otherwise from a fork server
  that imported WeasyPrint once (``mkdocs serve`` runs threads from its second build on,
  and forking a threaded process can deadlock). As soon as one PDF has to be made, the
  guide's worker starts and imports WeasyPrint, so that is done by the time the pages are
  converted. The executors live as long as the process, so ``mkdocs serve`` pays the
  start-up once.
* Under ``mkdocs serve`` a build does not wait for its PDFs (``finish_in_background``): the
  changed pages are served at once and each PDF is copied in when it is made, unless a newer
  build has started meanwhile (``new_build``), whose own copy then wins.
* With one core, or ``MENTORGUIDE_PDF_WORKERS=0``, every PDF is rendered in the build's own
  process, one after another.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import logging
import multiprocessing
import os
import signal
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Literal, Protocol

from .engine import RenderCache, RenderJob, log_rendered, render_to
from .orphans import die_with_parent

log = logging.getLogger("mkdocs.plugins.mentorguide.worksheets")

Lane = Literal["guide", "worksheets"]

#: Imported once by the fork server, so a worker starts ready to render; the guard makes
#: the fork server end with the process that started it (``orphans.py``).
_PRELOAD = ["mentorguide.pdf.forkserver_guard", "mentorguide.pdf.worksheet", "weasyprint"]
_executors: dict[Lane, ProcessPoolExecutor] = {}
#: Which build may still copy PDFs into the site (see ``new_build``), under its lock.
_generation = 0
_copy_lock = threading.Lock()


def new_build() -> int:
    """Mark the start of a build (before it cleans the site directory): a PDF that an earlier
    build left rendering in the background is no longer copied into the site."""
    global _generation
    with _copy_lock:
        _generation += 1
        return _generation


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def worker_count() -> int:
    """How many processes render PDFs besides the build's own (0: render in the build)."""
    configured = os.environ.get("MENTORGUIDE_PDF_WORKERS")
    if configured is not None and configured.strip().isdigit():
        return int(configured)
    cores = usable_cores()
    return cores if cores > 1 else 0


@functools.cache
def _context(serving: bool) -> multiprocessing.context.BaseContext:
    """Chosen once, when the first executor starts (the threads of our own executors only
    wait on their queues, which a worker of the other lane never touches). Never ``fork``
    under ``mkdocs serve``: its first build runs before its threads start, but an executor
    may be made again later (after a worker died), when they run."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1 and not serving:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(_PRELOAD)
        return context
    return multiprocessing.get_context("spawn")  # pragma: no cover - Windows


def _start_guide_lane() -> None:
    die_with_parent()


def _start_worksheet_lane() -> None:
    die_with_parent()
    with contextlib.suppress(AttributeError, OSError):
        os.nice(10)


def _executor(lane: Lane, workers: int, serving: bool) -> ProcessPoolExecutor:
    if lane not in _executors:
        _executors[lane] = ProcessPoolExecutor(
            max_workers=1 if lane == "guide" else max(1, workers - 1),
            mp_context=_context(serving),
            initializer=_start_guide_lane if lane == "guide" else _start_worksheet_lane,
        )
    return _executors[lane]


def stop_workers() -> None:
    """End every PDF worker now, renders in progress included (the process is ending)."""
    executors = list(_executors.values())
    _executors.clear()
    for executor in executors:
        processes = list((getattr(executor, "_processes", None) or {}).values())
        executor.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            with contextlib.suppress(OSError, ValueError, AttributeError):
                process.terminate()


def stop_workers_with_server() -> None:
    """Under ``mkdocs serve``: SIGTERM (an IDE's or process manager's stop) ends the server
    the way Ctrl-C does, so it cleans up its temporary site, and the workers end with it."""
    atexit.register(stop_workers)
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _interrupt)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _import_weasyprint() -> None:
    import weasyprint  # noqa: F401


def render_into(job: RenderJob, path: Path) -> float:
    """Render ``job`` to ``path`` (in a worker); the seconds it took."""
    if path.is_file():  # another build sharing the cache made it meanwhile
        return 0.0
    return render_to(job, path)


class Pending(Protocol):
    """A PDF a build still has to put in its site once it is rendered."""

    def start(self) -> Future[Path]: ...

    def copy_now(self) -> None: ...


class PdfRenders:
    """The PDFs of one build: each taken from the cache or rendering in a worker."""

    def __init__(
        self,
        cache: RenderCache,
        *,
        workers: int | None = None,
        generation: int | None = None,
        serving: bool = False,
    ) -> None:
        self.cache = cache
        self.workers = worker_count() if workers is None else workers
        #: The build this belongs to: the one started last (``new_build``) unless given.
        self.generation = _generation if generation is None else generation
        #: The process is ``mkdocs serve`` (see ``_context`` and ``finish_in_background``).
        self.serving = serving
        self.waiting: list[Pending] = []

    def submit(self, job: RenderJob, lane: Lane) -> Future[Path]:
        path = self.cache.path(job)
        result: Future[Path] = Future()
        if self.workers == 0 or path.is_file():
            result.set_result(self.cache.get(job))  # the cached PDF, or rendered here
        else:
            self._start_guide_worker()
            if job.fonts is not None:
                # Here, while the guide's worker imports WeasyPrint: the worksheets and the
                # guide share one subset as a rule, so it is ready when the guide starts.
                job.fonts.make_missing()
            executor = _executor(lane, self.workers, self.serving)
            try:
                running = executor.submit(render_into, job, path)
            except BrokenProcessPool:  # a worker died in an earlier build; start afresh
                _executors.pop(lane, None)
                executor = _executor(lane, self.workers, self.serving)
                running = executor.submit(render_into, job, path)
            running.add_done_callback(lambda done: _settle(done, result, job, path, lane))
        return result

    def _start_guide_worker(self) -> None:
        """Have the guide's worker ready (WeasyPrint imported) before the guide is submitted:
        a change that re-renders a worksheet most likely changes the guide too."""
        if "guide" not in _executors:
            _executor("guide", self.workers, self.serving).submit(_import_weasyprint)

    def finish(self) -> None:
        """Wait for the renders still running and copy their PDFs into the site."""
        waiting, self.waiting = self.waiting, []
        for file in waiting:
            file.copy_now()

    def finish_in_background(self) -> None:
        """Copy each PDF still rendering into the site when it is made, without waiting
        (``mkdocs serve``); a failed render is logged, as the build has already ended."""
        waiting, self.waiting = self.waiting, []
        for file in waiting:
            file.start().add_done_callback(functools.partial(self._copy_late, file))

    def _copy_late(self, file: Pending, _: Future[Path]) -> None:
        with _copy_lock:
            if self.generation != _generation:
                return
            try:
                file.copy_now()
            except Exception as error:  # the build has ended: nobody else would hear of it
                log.error("%s", error)


def _settle(
    done: Future[float], result: Future[Path], job: RenderJob, path: Path, lane: Lane
) -> None:
    error = done.exception()
    if error is None:
        log_rendered(job, path, done.result())
        result.set_result(path)
        return
    if isinstance(error, BrokenProcessPool):
        _executors.pop(lane, None)
    result.set_exception(error)
