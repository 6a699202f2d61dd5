"""Shared helpers: small throwaway archives written from a dict of files."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

FIXTURE_CONFIG = """\
site_name: Fixture Archive
site_description: A small archive for tests.
site_url: https://example.org/
docs_dir: content
theme:
  name: material
  custom_dir: theme
  font: false
  features:
    - content.footnote.tooltips
    - content.code.copy
plugins:
  - archive
nav:
  - Home: index.md
  - Explainers: explainers/index.md
  - Timeline: timeline.md
  - Sources: sources/index.md
  - People and organizations: entities/index.md
  - Topics: topics/index.md
  - Search: search.md
"""

# A small archive that exercises every kind and every kind of link.
FIXTURE_CONTENT = {
    "content/sources/2025/plans-article.md": """\
        ---
        title: Pentagon drafts strike plans
        kind: article
        outlet: Example Daily
        authors: [Ana Ruiz]
        published: 2025-08-08
        url: https://example.org/plans
        archive_url: https://archive.example.org/plans
        archive_date: 2025-08-09
        language: en
        entities: [northcom]
        topics: [strike-planning]
        note: The claim about the 19th century is contradicted by [@veracruz-ref].
        ---
        The Pentagon is drafting plans for strikes.

        It would be the first time since the 19th century.
        """,
    "content/sources/refs/veracruz-ref.md": """\
        ---
        title: United States occupation of Veracruz
        kind: reference
        outlet: Wikipedia
        authors: unknown
        published: unknown
        language: en
        entities: [veracruz]
        topics: [strike-planning]
        ---
        """,
    "content/sources/tweet.md": """\
        ---
        title: A post about strikes
        kind: social-post
        outlet: unknown
        authors: unknown
        published: ~2025-08
        url: https://x.example/ana/status/1
        language: en
        entities: [northcom]
        topics: [strike-planning]
        ---
        Strikes soon! <script>alert(1)</script> https://t.co/abc
        """,
    "content/explainers/planning.md": """\
        ---
        title: What the plans say
        summary: A short account.
        published: 2025-09-01
        updated: 2025-09-15
        authors: [Archive editors]
        topics: [strike-planning]
        status: published
        ---
        The Pentagon is drafting plans [@plans-article, para. 1]. [[northcom]] would lead.

        The occupation of 1914 came first [@veracruz-ref]. A post said so too [@tweet; @plans-article].

        Code such as `[@not-a-citation]` is left alone.
        {: .analysis }
        """,
    "content/explainers/unfinished.md": """\
        ---
        title: Unfinished draft
        summary: Not yet.
        published: 2025-09-02
        authors: [Archive editors]
        status: draft
        ---
        Draft text [@plans-article].
        """,
    "content/entities/northcom.md": """\
        ---
        name: U.S. Northern Command
        kind: government-body
        aliases: [NORTHCOM]
        description: The U.S. military command for North America.
        ---
        """,
    "content/entities/veracruz.md": """\
        ---
        name: Veracruz
        kind: place
        description: A port city on Mexico's Gulf coast.
        ---
        """,
    "content/timeline/veracruz-1914.md": """\
        ---
        title: U.S. forces occupy Veracruz
        date: 1914-04
        sources: [veracruz-ref]
        entities: [veracruz]
        topics: [strike-planning]
        ---
        U.S. forces occupied [[veracruz]] [@veracruz-ref].
        """,
    "content/timeline/punitive-1916.md": """\
        ---
        title: The Punitive Expedition
        date: ~1916
        sources: [veracruz-ref]
        ---
        An expedition entered Mexico.
        """,
    "content/timeline/plans-2025.md": """\
        ---
        title: Strike plans reported
        date: 2025-08-08
        sources: [plans-article]
        entities: [northcom]
        ---
        Plans were reported [@plans-article].
        """,
    "content/topics/strike-planning.md": """\
        ---
        name: Strike planning
        description: Plans for strikes.
        ---
        """,
}


def write_files(root: Path, files: dict[str, str]) -> None:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")


def make_archive(root: Path, files: dict[str, str | None] | None = None) -> Path:
    """A project folder with the fixture archive, changed by `files` (None removes a file)."""
    shutil.copytree(REPO / "theme", root / "theme")
    (root / "mkdocs.yml").write_text(FIXTURE_CONFIG, encoding="utf-8")
    content = dict(FIXTURE_CONTENT)
    for relative, text in (files or {}).items():
        if text is None:
            content.pop(relative, None)
        else:
            content[relative] = text
    write_files(root, content)
    return root


@pytest.fixture(autouse=True)
def outside_github_actions(monkeypatch):
    """Tests expect the plain output format even when CI runs them under GitHub Actions."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("SITE_URL", raising=False)


@pytest.fixture
def archive_dir(tmp_path: Path) -> Path:
    return make_archive(tmp_path / "archive")
