"""The engines the adapter supports: MkDocs 1.6.1 and ProperDocs 1.6.x, its maintained fork.

The fixture archive built by each must be the same site, file for file and byte for byte, but for the
generator's name in each page's head. The contract tests pin what the adapter uses of each engine: its
public API only, named here, so that an engine release that drops or changes any of it fails here first.
"""

import importlib
import inspect
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import make_archive

ENGINES = ("mkdocs", "properdocs")
_GENERATOR = re.compile(rb'\s*<meta name="generator" content="[^"]*">')


def build_with(engine: str, project: Path, site: Path) -> subprocess.CompletedProcess:
    environment = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", engine, "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site)],
                          cwd=project, env=environment, capture_output=True, text=True)


def files_of(site: Path) -> dict[str, bytes]:
    return {str(path.relative_to(site)): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def test_mkdocs_and_properdocs_build_the_same_site(tmp_path):
    project = make_archive(tmp_path / "a")
    sites = {}
    for engine in ENGINES:
        result = build_with(engine, project, tmp_path / engine)
        assert result.returncode == 0, result.stderr
        sites[engine] = files_of(tmp_path / engine)
    by_mkdocs, by_properdocs = sites["mkdocs"], sites["properdocs"]
    assert by_mkdocs.keys() == by_properdocs.keys()
    assert "sources/plans-article/index.html" in by_mkdocs and len(by_mkdocs) > 50
    page = by_properdocs["sources/plans-article/index.html"]
    assert b"ProperDocs" in page and b"Pentagon drafts strike plans" in page  # built by ProperDocs, with the archive's pages
    differing = [path for path in by_mkdocs
                 if _GENERATOR.sub(b"", by_mkdocs[path]) != _GENERATOR.sub(b"", by_properdocs[path])]
    assert differing == []


# What builder/engine/ uses of an engine, by module: each name must be there, public.
_CONTRACT = {
    "commands.build": ["get_context", "build"],
    "commands.serve": ["serve"],
    "config": ["load_config"],
    "config.base": ["Config"],
    "config.config_options": ["Type"],
    "config.defaults": ["MkDocsConfig"],
    "exceptions": ["Abort", "BuildError", "ConfigurationError", "MkDocsException", "PluginError"],
    "livereload": ["LiveReloadServer"],
    "plugins": ["BasePlugin"],
    "structure.files": ["File", "Files", "InclusionLevel"],
    "structure.nav": ["Navigation"],
    "structure.pages": ["Page"],
    "structure.toc": ["get_toc"],
    "utils": ["get_theme_dir", "write_file"],
}


@pytest.mark.parametrize("engine", ENGINES)
def test_the_engine_offers_what_the_adapter_uses(engine):
    for module, names in _CONTRACT.items():
        loaded = importlib.import_module(f"{engine}.{module}")
        missing = [name for name in names if not hasattr(loaded, name)]
        assert missing == [], f"{engine}.{module} lacks {missing}"
    page = importlib.import_module(f"{engine}.structure.pages").Page
    assert "read_source" in dir(page)
    # A page's source comes from the plugin's on_page_read_source event; its table of contents from get_toc.
    plugins = importlib.import_module(f"{engine}.plugins").PluginCollection
    assert list(inspect.signature(plugins.on_page_read_source).parameters) == ["self", "page", "config"]
    get_toc = importlib.import_module(f"{engine}.structure.toc").get_toc
    toc = get_toc([{"level": 2, "id": "notes", "name": "Notes", "children": []}])
    assert [(entry.title, entry.url, entry.level) for entry in toc] == [("Notes", "#notes", 2)]
    server = importlib.import_module(f"{engine}.livereload").LiveReloadServer
    assert {"watch", "unwatch"} <= set(dir(server))
    assert list(inspect.signature(server.unwatch).parameters) == ["self", "path"]
    files = importlib.import_module(f"{engine}.structure.files").File
    assert "generated" in dir(files)
    get_context = importlib.import_module(f"{engine}.commands.build").get_context
    assert list(inspect.signature(get_context).parameters)[:4] == ["nav", "files", "config", "page"]
