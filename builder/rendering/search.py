"""The search index: Pagefind, run over the built site, so a first search downloads only a few chunks.

Material's own search ships one index that grows with the site (megabytes at ten thousand sources, all
of it fetched for the first query); Pagefind splits the index and fetches the pieces a query needs.

Pagefind 1.5 writes its filter tables in hash-map order (a TODO in its own source, index/mod.rs), so two
runs over the same pages can give different bytes and file names. Builds must be byte-reproducible, so
after Pagefind runs, `_stabilize` sorts each filter table, names it by a hash of its sorted contents, and
rewrites the index metadata and entry file to match. Everything else Pagefind writes is already stable.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from html import escape
from pathlib import Path
from typing import Callable, Iterable

import cbor2

from builder.core.paths import remove_scratch_folder, scratch_folder

PAGEFIND_FOLDER = "pagefind"
_HEADER = b"pagefind_dcd"  # Pagefind's prefix of every compressed index file
_FILTERS = 3  # the position of the filter list in Pagefind's metadata record
# What search does not index is marked where it is drawn, with Pagefind's data-pagefind-ignore: navigation
# (heading permalinks, note back-links), and the boxes and lists that only repeat other pages' titles and
# metadata (provenance, notes, backlinks, related and member lists, "Cite this"), and the words the templates
# put on every item page (the kind line, section headings such as "Cited in"). Each is indexed on its own
# page; repeated on thousands of others, it made up most of the index and of a common word's posting list.
# Pagefind's allocator (jemalloc) gives its threads several arenas by default; with one, its peak memory at
# 10,000 sources falls by about 180 MB, in the same time (bench/RESULTS.md). An editor's own setting wins.
_ALLOCATOR = {"_RJEM_MALLOC_CONF": "narenas:1"}


def index_for_search(pages: Path, output: Path) -> str | None:
    """Index the pages in a folder into `output`; a one-line reason if it could not."""
    try:
        result = subprocess.run(_pagefind(pages, output), capture_output=True, text=True, timeout=600,
                                env=_environment())
    except (OSError, subprocess.TimeoutExpired) as exc:
        return str(exc)
    return _finish(output, result.returncode, result.stderr or result.stdout)


def _environment(overrides: dict[str, str] | None = None) -> dict[str, str]:
    return {**_ALLOCATOR, **os.environ, **(overrides or {})}


def _pagefind(pages: Path, output: Path) -> list[str]:
    return [sys.executable, "-m", "pagefind", "--site", str(pages), "--output-path", str(output),
            "--silent"]


def _finish(output: Path, returncode: int, messages: str) -> str | None:
    """After a run of Pagefind: why it failed, in a line, or None once its index is made reproducible."""
    if returncode != 0:
        return " ".join(messages.split())[:500] or f"exit code {returncode}"
    try:
        _stabilize(output)
    except (OSError, ValueError, KeyError, IndexError, cbor2.CBORError) as exc:
        return f"could not make the search index reproducible: {exc}"
    return None


class SearchPages:
    """What Pagefind reads: each page's own content, saved as the site is rendered, without the theme around it.

    Pagefind indexes only what is inside `data-pagefind-body`, but it parses whole files to find it, and most
    of a page of the site is the theme's header, navigation and footer. Given the content alone, wrapped as
    a page of its own, it indexes the same words at the same URLs in half the time.
    """

    def __init__(self) -> None:
        self.folder = scratch_folder("archive-search-")

    def add(self, path: str, content: str, title: str, language: str) -> None:
        """A page's content; `path` is where the page is in the site, such as sources/x/index.html."""
        self._page(path).write_text(f'<!doctype html><html lang="{escape(language)}"><head><meta charset="utf-8"><title>{escape(title)}'
                        f"</title></head><body><div data-pagefind-body>{content}</div></body></html>", encoding="utf-8")

    def reserve(self, paths: Iterable[str]) -> None:
        """Create pages' files, empty, in this order, before workers write them in whatever order they finish.

        Pagefind numbers pages in the order it lists them, which in a memory file system is the order the
        files were created in; reserving them keeps the index the same from one build to the next.
        """
        for path in paths:
            self._page(path).touch()

    def remove(self, path: str) -> None:
        (self.folder / path).unlink(missing_ok=True)

    def _page(self, path: str) -> Path:
        """Where a page's content goes, its folder made."""
        page = self.folder / path
        page.parent.mkdir(parents=True, exist_ok=True)
        return page

    def index(self, site: Path) -> str | None:
        """Write the index into site/pagefind/; a one-line reason if it could not."""
        return index_for_search(self.folder, site / PAGEFIND_FOLDER)

    def close(self) -> None:
        remove_scratch_folder(self.folder)


class Reindexer:
    """A preview's search index, brought up to date after the page reloads instead of before.

    Pagefind indexes a whole site at once and cannot update one page; at ten thousand sources that takes
    longer than an editor should wait to see a save. So the preview reindexes in the background, on one core
    and at a low priority, once saves have paused for a moment, and swaps the new index in when it is
    complete. A save during a run stops it: the run is already out of date, and the save's redraw comes first.
    """

    QUIET = 2.0  # seconds without a save before a run starts
    # Pagefind's own thread pools, cut to one thread: the preview keeps the other core.
    _ONE_CORE = {"RAYON_NUM_THREADS": "1", "TOKIO_WORKER_THREADS": "1"}

    def __init__(self, pages: SearchPages, site: Path, report: Callable[[str], None]) -> None:
        self.pages, self.site, self.report = pages, site, report
        self._wanted = threading.Event()
        self._stopped = False
        # Each publishing of the site counts; the index was last made from the pages of publishing `_indexed`.
        # A save that publishes nothing (it changed no page, or left errors) asks for no new index.
        self._published = 0
        self._indexed = 0
        self._thread = threading.Thread(target=self._run, name="search-index", daemon=True)
        self._thread.start()

    def interrupt(self) -> None:
        """Stop a run under way, which a save makes out of date; it runs again once saves pause, if the site
        was published since the index was last made."""
        self._wanted.set()

    def published(self) -> None:
        """The site has been published with new pages: index them once saves pause."""
        self._published += 1
        self._wanted.set()

    def stop(self) -> None:
        """Stop any run, for good (the preview is closing), and wait until Pagefind has been stopped too."""
        self._stopped = True
        self._wanted.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stopped:
            self._wanted.wait()
            self._wanted.clear()
            while self._wanted.wait(self.QUIET) and not self._stopped:  # another save: wait for a pause again
                self._wanted.clear()
            if self._stopped:
                return
            version = self._published
            if version == self._indexed:  # nothing published since the last index was made
                continue
            fresh = self.site / f".{PAGEFIND_FOLDER}.new"
            shutil.rmtree(fresh, ignore_errors=True)
            if self._index(fresh):
                self._swap_in(fresh)
                self._indexed = version

    def _index(self, fresh: Path) -> bool:
        """Whether a run completed; a save stops it (and asks for the next)."""
        try:
            # Its own process group, so that stopping it stops Pagefind's binary too, not only its launcher.
            run = subprocess.Popen(_pagefind(self.pages.folder, fresh), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                   env=_environment(self._ONE_CORE), start_new_session=True,
                                   preexec_fn=lambda: os.nice(19))
        except OSError as exc:
            self.report(f"search index not updated: {exc}")
            return False
        while run.poll() is None:
            if self._wanted.is_set():
                os.killpg(run.pid, signal.SIGKILL)
                run.wait()
                run.stderr.close()
                return False
            time.sleep(0.2)
        errors = run.stderr.read().decode(errors="replace")
        run.stderr.close()
        problem = _finish(fresh, run.returncode, errors)
        if problem:
            self.report(f"search index not updated: {problem}")
        return problem is None

    def _swap_in(self, fresh: Path) -> None:
        current, old = self.site / PAGEFIND_FOLDER, self.site / f".{PAGEFIND_FOLDER}.old"
        if current.exists():
            current.rename(old)
        fresh.rename(current)
        shutil.rmtree(old, ignore_errors=True)


def read_index_file(path: Path):
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(_HEADER):
        raise ValueError(f"{path.name} is not a Pagefind index file")
    return cbor2.loads(data[len(_HEADER):])


def _write(folder: Path, stem: str, suffix: str, record) -> str:
    """Write a record under a name taken from its contents; return the name's hash part."""
    body = cbor2.dumps(record)
    name = f"{stem}_{hashlib.sha256(body).hexdigest()[:10]}"
    (folder / f"{name}{suffix}").write_bytes(gzip.compress(_HEADER + body, mtime=0))
    return name


def _stabilize(bundle: Path) -> None:
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language, details in sorted(entry["languages"].items()):
        meta_path = bundle / f"pagefind.{details['hash']}.pf_meta"
        meta = read_index_file(meta_path)
        filters = []
        for name, old in sorted(meta[_FILTERS]):
            old_path = bundle / "filter" / f"{old}.pf_filter"
            table = read_index_file(old_path)
            table[1] = sorted([value, sorted(pages)] for value, pages in table[1])
            old_path.unlink()
            filters.append([name, _write(bundle / "filter", language, ".pf_filter", table)])
        meta[_FILTERS] = filters
        meta_path.unlink()
        details["hash"] = _write(bundle, f"pagefind.{language}", ".pf_meta", meta).removeprefix("pagefind.")
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
