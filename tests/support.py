"""What the tests and the benchmark (bench/run.py) both need: a local web server, polling, and Chromium."""

from __future__ import annotations

import asyncio
import functools
import hashlib
import http.server
import shutil
import socket
import sys
import threading
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from lsprotocol import types
from pygls.lsp.client import LanguageClient
from pygls.uris import from_fs_path

# Debian's chromium here; a Chrome that is already installed elsewhere, such as on GitHub's runners.
CHROMIUM = next(filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None)
# No sandbox (this machine's containers have none to offer), and nothing the browser would fetch on its own.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str, timeout: float = 10) -> str | None:
    """A page's text, or None while nothing answers there."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read().decode("utf-8", errors="replace")
    except OSError:  # refused, not found yet, timed out
        return None


def wait_until(condition: Callable[[], object], seconds: float, interval: float = 0.1) -> bool:
    """Whether `condition` came true within `seconds`; it is asked again every `interval`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return False


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        """A browser that stops reading a response it no longer needs is not an error of the site's."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def static_server(folder: Path, handler: type[http.server.SimpleHTTPRequestHandler] = QuietHandler) -> Iterator[str]:
    """A folder served over HTTP on a free local port, as a static host would: its base URL. `handler`
    answers the requests (the benchmark's compresses them)."""
    server = _QuietServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def tree(folder: Path) -> dict[str, str]:
    """Every file under a folder, by its path there, with the hash of its bytes: two builds compared whole."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


LSP_WAIT = 30  # seconds for the language server to answer; each wait ends as soon as it does


class Editor:
    """An editor's side of the conversation: what the server published, and the requests it makes."""

    def __init__(self, project: Path) -> None:
        self.project = project
        self.client = LanguageClient("test-editor", "1")
        self.published: dict[str, list[types.Diagnostic]] = {}
        self.news = asyncio.Event()

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def diagnostics(params: types.PublishDiagnosticsParams) -> None:
            self.published[params.uri] = params.diagnostics
            self.news.set()

    async def __aenter__(self) -> "Editor":
        await self.client.start_io(sys.executable, "-m", "builder", "-C", str(self.project), "lsp")
        await self.client.initialize_async(types.InitializeParams(
            capabilities=types.ClientCapabilities(), root_uri=from_fs_path(str(self.project))))
        self.client.initialized(types.InitializedParams())
        return self

    async def __aexit__(self, *exc) -> None:
        await self.client.shutdown_async(None)
        self.client.exit(None)
        await self.client.stop()

    def uri(self, relative: str) -> str:
        return from_fs_path(str(self.project / relative))

    def open(self, relative: str, text: str | None = None) -> None:
        text = (self.project / relative).read_text() if text is None else text
        self.client.text_document_did_open(types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=self.uri(relative), language_id="markdown", version=1, text=text)))

    def type_over(self, relative: str, text: str, version: int = 2) -> None:
        """The editor's whole text of the file, unsaved."""
        self.client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=self.uri(relative), version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)]))

    async def diagnostics_of(self, relative: str, condition) -> list[types.Diagnostic]:
        async def arrived() -> list[types.Diagnostic]:
            while not condition(found := self.published.get(self.uri(relative))):
                self.news.clear()
                await self.news.wait()
            return found
        return await asyncio.wait_for(arrived(), LSP_WAIT)

    def at(self, relative: str, line: int, character: int) -> dict:
        return {"text_document": types.TextDocumentIdentifier(uri=self.uri(relative)),
                "position": types.Position(line=line, character=character)}
