"""The preview redraws only what an edit touches, and what it serves is always what a full build would give."""

from pathlib import Path

import pytest

from builder.preview.depend import affected_keys
from builder.rendering.emit import SiteInfo
from builder.core.paths import INDEX_OF, Kind
from builder.rendering.build import build
from builder.preview.preview import Preview
from tests.conftest import make_archive

SITE = SiteInfo("Fixture Archive", "A small archive for tests.", "https://example.org/")
ABOUT = {"content/pages/about.md": "---\ntitle: About\nshow_integrity: true\n---\nWhat the archive is [[planning]].\n"}
PLANNING = "content/explainers/planning.md"
PLANS = "content/sources/2025/plans-article.md"


def _replace(old: str, new: str):
    return lambda text: text.replace(old, new, 1) if old in text else pytest.fail(f"the fixture has no {old!r}")


# Each edit an editor might save: (file, change; None deletes the file).
EDITS = {
    "explainer text": (PLANNING, _replace("would lead.", "would lead the planning.")),
    "explainer title": (PLANNING, _replace("title: What the plans say", "title: What the plans now say")),
    "explainer cites another source": (PLANNING, _replace("came first [@veracruz-ref]", "came first [@tweet]")),
    "explainer unpublished": (PLANNING, _replace("status: published", "status: draft")),
    # The same ids referred to, but one cited no more: its count among the most cited changes.
    "explainer's citation becomes a wikilink": (PLANNING, _replace("[@tweet; @plans-article]", "[@plans-article] and [[tweet]]")),
    "draft published": ("content/explainers/unfinished.md", _replace("status: draft", "status: published")),
    "source title": (PLANS, _replace("title: Pentagon drafts strike plans", "title: Pentagon revises strike plans")),
    "source entities": (PLANS, _replace("entities: [northcom]", "entities: [veracruz]")),
    "source year": (PLANS, _replace("published: 2025-08-08", "published: 2024-08-08")),
    "source excerpt": (PLANS, _replace("drafting plans for strikes", "drafting plans for air strikes")),
    "source note": (PLANS, _replace("is contradicted by", "is disputed by")),
    "reference named in a note": ("content/sources/refs/veracruz-ref.md", _replace("title: United States occupation", "title: The U.S. occupation")),
    "entity name": ("content/entities/northcom.md", _replace("name: U.S. Northern Command", "name: Northern Command")),
    "topic name": ("content/topics/strike-planning.md", _replace("name: Strike planning", "name: Planning strikes")),
    "event date": ("content/timeline/veracruz-1914.md", _replace("date: 1914-04", "date: 1915-04")),
    "event text": ("content/timeline/plans-2025.md", _replace("Plans were reported", "Plans were first reported")),
    "event deleted": ("content/timeline/punitive-1916.md", None),
    "page text": ("content/pages/about.md", _replace("What the archive is", "What this archive is")),
    "explainer's first sentence": (PLANNING, _replace("The Pentagon is drafting plans", "The Pentagon drafted plans")),
    "entity text citing a source": ("content/entities/northcom.md", lambda text: text + "It leads the planning [@plans-article].\n"),
    "event text without its citation": ("content/timeline/veracruz-1914.md", _replace(" [@veracruz-ref].", ".")),
    "new source": ("content/sources/new-report.md", lambda _: (
        "---\ntitle: A new report\nkind: report\noutlet: Example Institute\nauthors: unknown\npublished: 2025-10\n"
        "language: en\nentities: [northcom]\ntopics: [strike-planning]\n---\nA new report on strike plans.\n")),
}


def _save(project: Path, relative: str, change) -> None:
    path = project / relative
    if change is None:
        path.unlink()
    else:
        path.write_text(change(path.read_text(encoding="utf-8") if path.exists() else ""), encoding="utf-8")


@pytest.mark.parametrize("edit", list(EDITS))
def test_after_any_edit_the_preview_serves_exactly_what_a_full_build_gives(tmp_path, edit):
    project = make_archive(tmp_path / "a", ABOUT)
    preview = Preview(project)
    assert preview.update(SITE).checked.ok
    before = dict(preview.documents)

    _save(project, *EDITS[edit])
    update = preview.update(SITE)

    assert update.checked.ok, [d.format() for d in update.checked.diagnostics]
    full, _ = build(project, SITE)
    expected = {document.path: document for document in full}
    assert preview.documents == expected
    assert sorted(update.changed) == sorted(path for path, document in expected.items() if before.get(path) != document)
    assert sorted(update.removed) == sorted(set(before) - set(expected))


def test_an_edit_to_an_explainer_redraws_its_neighbours_not_the_archive(tmp_path):
    project = make_archive(tmp_path / "a", ABOUT)
    preview = Preview(project)
    preview.update(SITE)
    graph, readers = preview._graph, preview._readers
    _save(project, *EDITS["explainer text"])
    preview.update(SITE)

    redrawn = readers.of(affected_keys(graph, preview._graph, {"planning"}))
    # The explainer, the sources it cites (their pages quote its sentences), and the integrity figures.
    assert {"explainers/planning.md", "sources/plans-article.md", "sources/tweet.md", "about.md"} <= redrawn
    # Only its text changed: not the pages that list it by its title, nor the downloads.
    assert INDEX_OF[Kind.EXPLAINER] not in redrawn and INDEX_OF[Kind.SOURCE] not in redrawn and "timeline.md" not in redrawn
    assert not any(path.startswith(("data/", "feeds/")) for path in redrawn)


def test_an_edit_that_breaks_the_content_keeps_the_last_good_documents(tmp_path):
    project = make_archive(tmp_path / "a", ABOUT)
    preview = Preview(project)
    preview.update(SITE)
    good = dict(preview.documents)
    _save(project, PLANNING, _replace("[@plans-article, para. 1]", "[@no-such-source]"))

    update = preview.update(SITE)

    assert not update.checked.ok and update.changed == [] and update.removed == []
    assert preview.documents == good
    _save(project, PLANNING, _replace("[@no-such-source]", "[@tweet]"))
    assert preview.update(SITE).changed  # fixed: the preview carries on from the last good site


def test_an_edited_template_redraws_every_page(tmp_path):
    project = make_archive(tmp_path / "a", ABOUT)
    preview = Preview(project)
    preview.update(SITE)
    template = project / "theme/archive/source.html"
    template.write_text(template.read_text().replace('section("Cited in"', 'section("Cited by"'))

    update = preview.update(SITE)

    assert {"sources/plans-article.md", "sources/tweet.md", "sources/veracruz-ref.md"} <= set(update.changed)
    assert "Cited by" in preview.documents["sources/tweet.md"].content


def test_what_a_template_starts_to_show_is_redrawn_when_it_changes_with_no_rule_to_say_so(tmp_path):
    """A page's dependencies are what it read while it was drawn: a template that shows an entity's name on
    the list of sources makes that list follow the entity, though no code says that the two are tied."""
    project = make_archive(tmp_path / "a", ABOUT)
    template = project / "theme/archive/sources_index.html"
    template.write_text(template.read_text().replace(
        "{% block body %}", '{% block body %}<p class="ar-meta">Commands: {% for e in lookup(["northcom"]) %}{{ e.label }}{% endfor %}</p>', 1))
    preview = Preview(project)
    preview.update(SITE)
    assert "Commands: U.S. Northern Command" in preview.documents[INDEX_OF[Kind.SOURCE]].content

    _save(project, *EDITS["entity name"])
    update = preview.update(SITE)

    assert INDEX_OF[Kind.SOURCE] in update.changed
    assert "Commands: Northern Command" in preview.documents[INDEX_OF[Kind.SOURCE]].content
