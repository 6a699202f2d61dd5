"""How the preview hears of saves to content/: the system tells it (inotify, FSEvents), where MkDocs would poll.

MkDocs' live-reload server polls what it watches: twice a second it lists and stats every file. At ten
thousand sources each look took 0.1 s of the process that redraws pages. So the preview takes content/
out of the server's watch (`unwatch`, its public API) and has watchdog's native observer listen to it
instead; a save then writes one signal file in a folder of its own, which the server does watch, and the
server rebuilds and reloads as for any change it sees. Polling one small folder costs nothing.

Where the system cannot tell (no inotify instance left, or an observer that would poll anyway), the
server keeps polling content/ itself; where it tells nothing (some network and container folders),
`archive serve --poll` brings the polling back.
"""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

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
    """Each save under content/ becomes a new signal. Hidden files (an editor's swap or lock file) are not saves."""

    def __init__(self, signal: Path) -> None:
        self.signal = signal
        self.count = 0

    def dispatch(self, event: FileSystemEvent) -> None:
        if os.path.basename(os.fsdecode(event.src_path)).startswith("."):
            return
        self.count += 1  # new bytes each time: a change of size or time the polling server cannot miss
        self.signal.write_text(str(self.count), encoding="utf-8")


class SaveListener:
    """Listens to content/ for the live-reload server `server`, which watches the signal folder instead."""

    def __init__(self, server, content: str) -> None:
        self.observer = None
        self._folder = None
        if os.environ.get(POLL_VARIABLE) == "1":
            return
        folder = tempfile.TemporaryDirectory(prefix="archive-saves-")
        observer = None
        try:
            observer = watchdog.observers.Observer()  # opens an inotify instance: there may be none left
            if isinstance(observer, PollingObserver):  # the system has no way to tell
                raise OSError("the system offers no file notifications")
            # A symlinked content/ is listened to where it leads, as polling (stat) saw it.
            observer.schedule(_Saves(Path(folder.name) / "saved"), os.path.realpath(content), recursive=True,
                              event_filter=_SAVES)
            observer.start()
        except OSError as exc:
            _log.info(f"Polling for changes: the system cannot watch them all ({exc})")
            if observer is not None:
                observer.stop()
            folder.cleanup()
            return
        self.observer, self._folder = observer, folder
        server.unwatch(content)
        server.watch(folder.name)

    def close(self) -> None:
        if self.observer is not None:
            self.observer.stop()
            self.observer.join()
            self._folder.cleanup()
            self.observer = self._folder = None
