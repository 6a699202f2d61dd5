"""The engine's two commands, for `archive build` and `archive serve`: MkDocs, through its public API."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.commands.serve import serve
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError, PluginError

from builder.core.paths import CONFIG
from builder.engine.watching import POLL_VARIABLE


class NotBuilt(Exception):
    """What stopped a build, in words for the terminal (the diagnostics are printed as they come)."""


class NoSiteAddress(NotBuilt):
    pass


def build_site(project: Path, strict: bool, publish: bool = False) -> Path:
    """Build the site; the folder it is in."""
    try:
        config = load_config(str(project / CONFIG), strict=strict)
        site_dir = Path(config.site_dir)  # the plugin builds beside it, and swaps the new site in when complete
        if publish and not config.site_url:
            raise NoSiteAddress("a site to publish needs its public address")
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    except (Abort, ConfigurationError, PluginError) as exc:
        raise NotBuilt(str(exc)) from None
    return site_dir


def serve_site(project: Path, dev_addr: str, poll: bool) -> None:
    if poll:
        os.environ[POLL_VARIABLE] = "1"  # read by the plugin, which MkDocs loads from mkdocs.yml
    # A dirty build renders only the pages whose documents changed; the archive works out which those are
    # from its dependency graph, so MkDocs' warning that dirty builds may leave stale pages does not apply.
    logging.getLogger("mkdocs.commands.build").addFilter(lambda record: "'dirty' build" not in record.getMessage())
    serve(config_file=str(project / CONFIG), dev_addr=dev_addr, livereload=True, build_type="dirty", watch_theme=True)
