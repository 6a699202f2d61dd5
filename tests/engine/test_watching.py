"""The preview hears of every save from the system, and of nothing else; without it, it polls as MkDocs does."""

from __future__ import annotations

import shutil
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from mkdocs.livereload import LiveReloadServer

from builder import watching
from tests.support import free_port, wait_until

# What these tests take apart is Linux's inotify, which the project's machines and CI have.
inotify = pytest.importorskip("watchdog.observers.inotify")
inotify_c = pytest.importorskip("watchdog.observers.inotify_c")


@contextmanager
def preview_server(*folders: Path):
    """MkDocs' live-reload server watching `folders`, as `archive serve` sets it up, not yet serving."""
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=free_port(), root=str(folders[0]))
    for folder in folders:
        server.watch(str(folder))
    polling = server.observer
    watching.listen_for_changes(server)
    try:
        yield server, polling
    finally:
        server.observer.stop()
        server.server_close()


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
    with preview_server(content, settings) as (server, polling):
        assert isinstance(server.observer, inotify.InotifyObserver)
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
    with preview_server(content) as (server, polling):
        assert server.observer is polling and list(server._watched_paths) == [str(content)]


def test_running_out_of_watches_partway_leaves_the_preview_polling(content, monkeypatch):
    # inotify passes over a folder it cannot watch in silence: its saves would never be heard.
    add_callback = inotify_c.InotifyFD.add_callback

    def out_of_watches_in_2025(self, path, *args):
        if path.endswith(b"2025"):
            raise OSError(28, "inotify watch limit reached")
        return add_callback(self, path, *args)

    monkeypatch.setattr(inotify_c.InotifyFD, "add_callback", out_of_watches_in_2025)
    with preview_server(content) as (server, polling):
        assert server.observer is polling


def test_a_fallback_to_polling_lets_go_of_the_watches_it_took(content, tmp_path, monkeypatch):
    # The first folder is watched, the second is not: the first one's watching must stop too.
    other = tmp_path / "theme"
    other.mkdir()
    start = inotify.InotifyEmitter.on_thread_start

    def out_of_watches_for_the_theme(self):
        if self.watch.path == str(other):
            raise OSError(28, "inotify watch limit reached")
        start(self)

    monkeypatch.setattr(inotify.InotifyEmitter, "on_thread_start", out_of_watches_for_the_theme)
    with preview_server(content, other) as (server, polling):
        assert server.observer is polling
        assert wait_until(lambda: not any(isinstance(thread, inotify.InotifyEmitter) and thread.is_alive()
                                          for thread in threading.enumerate()), 5)


def test_poll_keeps_mkdocs_polling(content, monkeypatch):
    monkeypatch.setenv(watching.POLL_VARIABLE, "1")
    with preview_server(content) as (server, polling):
        assert server.observer is polling
