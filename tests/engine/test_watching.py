"""The preview hears of every save from the system, and of nothing else; without it, it polls as MkDocs does."""

from __future__ import annotations

import shutil
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from mkdocs.livereload import LiveReloadServer

from builder.engine import watching
from tests.support import free_port, wait_until

# What these tests take apart is Linux's inotify, which the project's machines and CI have.
inotify = pytest.importorskip("watchdog.observers.inotify")


@contextmanager
def preview_server(*folders: Path):
    """MkDocs' live-reload server watching `folders`, as `archive serve` sets it up, and the listener to the first."""
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=free_port(), root=str(folders[0]))
    for folder in folders:
        server.watch(str(folder))
    listener = watching.SaveListener(server, str(folders[0]))
    server.observer.start()
    try:
        yield server, listener
    finally:
        listener.close()
        server.observer.stop()
        server.server_close()


def polled_paths(server) -> set[str]:
    return {emitter.watch.path for emitter in server.observer.emitters}


def rebuild_wanted(server, seconds: float = 5) -> bool:
    wanted = wait_until(lambda: server._want_rebuild, seconds, interval=0.02)
    server._want_rebuild = False
    return wanted


@pytest.fixture
def content(tmp_path) -> Path:
    folder = tmp_path / "content"
    (folder / "sources" / "2025").mkdir(parents=True)
    (folder / "sources" / "2025" / "a.md").write_text("a")
    (folder / "index.md").write_text("home")
    return folder


def test_saves_creations_deletions_and_moves_are_heard(content, tmp_path):
    settings = tmp_path / "mkdocs.yml"  # a file, in the folder that holds content/, as in a project
    settings.write_text("site_name: A")
    with preview_server(content, settings) as (server, listener):
        assert isinstance(listener.observer, inotify.InotifyObserver)
        assert str(content) not in polled_paths(server)  # the server no longer lists content/ twice a second
        (content / "index.md").write_text("home, edited")
        assert rebuild_wanted(server)
        settings.write_text("site_name: B")
        assert rebuild_wanted(server)
        (content / "sources" / "new.md").write_text("new")
        assert rebuild_wanted(server)
        # An editor's atomic save: a temporary file renamed over the original.
        (content / "index.md.tmp").write_text("home, saved atomically")
        (content / "index.md.tmp").replace(content / "index.md")
        assert rebuild_wanted(server)
        # A folder moved out of content/ (to the Trash) is reported as the folder alone.
        shutil.move(content / "sources" / "2025", tmp_path / "trash")
        assert rebuild_wanted(server)


def test_reading_content_and_hidden_files_are_not_saves(content):
    with preview_server(content) as (server, _):
        time.sleep(0.2)
        server._want_rebuild = False
        (content / "index.md").read_text()  # what the preview does as it redraws
        (content / ".index.md.swp").write_text("an editor's swap file")
        assert not rebuild_wanted(server, seconds=1)


def test_a_symlinked_content_folder_is_watched_where_it_leads(tmp_path, content):
    link = tmp_path / "linked"
    link.symlink_to(content)
    with preview_server(link) as (server, _):
        (content / "index.md").write_text("home, edited through the link")
        assert rebuild_wanted(server)


def test_a_system_out_of_watches_leaves_the_preview_polling(content, monkeypatch):
    def out_of_watches(self):
        raise OSError(28, "inotify watch limit reached")

    monkeypatch.setattr(inotify.InotifyEmitter, "on_thread_start", out_of_watches)
    with preview_server(content) as (server, listener):
        assert listener.observer is None and str(content) in polled_paths(server)
        (content / "index.md").write_text("home, edited")
        assert rebuild_wanted(server)  # heard by polling
        assert not any(isinstance(thread, inotify.InotifyEmitter) and thread.is_alive() for thread in threading.enumerate())


def test_poll_keeps_mkdocs_polling(content, monkeypatch):
    monkeypatch.setenv(watching.POLL_VARIABLE, "1")
    with preview_server(content) as (server, listener):
        assert listener.observer is None and str(content) in polled_paths(server)
