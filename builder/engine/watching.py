"""How the preview hears of saves: the system tells it (inotify, FSEvents), where MkDocs would look (MkDocs adapter).

MkDocs polls: twice a second it lists and stats every file it watches. At ten thousand sources each look
took 0.1 s of the process that redraws pages, and a save waited up to 0.6 s to be noticed. Where the
system cannot tell (no inotify watch or instance left), the preview keeps polling; where it tells nothing
(some network and container folders), `archive serve --poll` brings the polling back.
"""

from __future__ import annotations

import logging
import os

import watchdog.observers
from watchdog.events import (
    DirDeletedEvent, DirMovedEvent, FileAttribEvent, FileClosedEvent, FileCreatedEvent, FileDeletedEvent,
    FileModifiedEvent, FileMovedEvent, FileSystemEvent, FileSystemEventHandler,
)
from watchdog.observers.polling import PollingObserver

POLL_VARIABLE = "ARCHIVE_POLL"  # "1": the preview looks for changes as MkDocs does (`archive serve --poll`)
# What a save does. Not a file opened, or closed unwritten: the preview does both as it reads content/, and
# each would start another redraw.
_SAVES = [FileCreatedEvent, FileDeletedEvent, FileModifiedEvent, FileMovedEvent, FileClosedEvent, FileAttribEvent,
          DirDeletedEvent, DirMovedEvent]
_log = logging.getLogger("mkdocs.plugins.archive")


class _Saves(FileSystemEventHandler):
    """MkDocs' handler, told of saves only.

    A folder moved out of content/ (to the Trash, say) is reported as the folder alone, and MkDocs ignores
    folders, so it is passed on as a file gone. Hidden files (an editor's swap or lock file) are not.
    """

    def __init__(self, handler: FileSystemEventHandler) -> None:
        self.handler = handler

    def dispatch(self, event: FileSystemEvent) -> None:
        if os.path.basename(os.fsdecode(event.src_path)).startswith("."):
            return
        if isinstance(event, (DirDeletedEvent, DirMovedEvent)):
            event = FileDeletedEvent(event.src_path)
        self.handler.dispatch(event)


def listen_for_changes(server) -> None:
    """Replace the polling observer of MkDocs' LiveReloadServer (not yet started) with one the system tells."""
    if os.environ.get(POLL_VARIABLE) == "1":
        return
    polled = server.observer, server._watched_paths, server._watch_refs
    try:
        notified = watchdog.observers.Observer()  # opens an inotify instance: there may be none left
        if isinstance(notified, PollingObserver):  # the system has no way to tell
            return
        schedule = notified.schedule
        # A symlinked content/ is watched where it leads, as polling (stat) saw it.
        notified.schedule = lambda handler, path, **options: schedule(
            _Saves(handler), os.path.realpath(path), **{**options, "event_filter": _SAVES})
        server.observer, server._watched_paths, server._watch_refs = notified, {}, {}
        for path in polled[1]:
            server.watch(path)
        # Started here rather than by MkDocs' serve(), so that a system out of watches is found in time.
        notified.start()
        if unwatched := _unwatched_folders(notified):
            raise OSError(f"no watch for {os.fsdecode(unwatched[0])}")
    except OSError as exc:
        _log.info(f"Polling for changes: the system cannot watch them all ({exc})")
        if server.observer is not polled[0]:  # the notified one, whose watches taken so far are let go
            server.observer.stop()
        server.observer, server._watched_paths, server._watch_refs = polled
        return
    notified.start = lambda: None  # serve() starts its observer, which is running already
    polled[0].unschedule_all()


def _unwatched_folders(observer) -> list[bytes]:
    """Folders that inotify took no watch on, out of watches partway (watchdog passes over them in silence)."""
    missing = []
    for emitter in observer.emitters:
        group = getattr(emitter, "_inotify", None)
        watched = getattr(group, "_active_callbacks_by_path", None)
        if watched is None:  # not inotify, or a watchdog that keeps them elsewhere: nothing to check
            continue
        # A file is watched through its folder alone (mkdocs.yml: the project's folder, not what is in it).
        root = os.fsencode(emitter.watch.path)
        folders = [folder for folder, _, _ in os.walk(root)] if emitter.watch.is_recursive else [root]
        missing += [folder for folder in folders if os.path.isdir(folder) and folder not in watched]
    return missing
