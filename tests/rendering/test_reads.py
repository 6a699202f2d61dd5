"""Each document records what it read of the archive while it was drawn: what a preview redraws from."""

from builder.core.paths import INDEX_OF, Kind
from builder.rendering.build import build
from builder.rendering.emit import SiteInfo
from tests.conftest import make_archive

SITE = SiteInfo("Fixture Archive", "A small archive for tests.", "https://example.org/")


def reads(tmp_path) -> dict[str, frozenset[str]]:
    documents, checked = build(make_archive(tmp_path / "a"), SITE)
    assert checked.ok
    return {document.path: document.reads for document in documents}


def test_a_source_page_reads_its_source_who_cites_it_and_what_they_say(tmp_path):
    read = reads(tmp_path)["sources/plans-article.md"]
    assert {"item:plans-article", "text:plans-article", "cited-by:plans-article"} <= read
    # "Cited in" shows the explainer's title and the sentence that cites.
    assert {"item:planning", "text:planning"} <= read
    # Related sources are ranked by shared entities and topics: who else names them is read.
    assert {"named-in:northcom", "tagged:strike-planning"} <= read
    assert "kind:source" not in read  # it does not list every source


def test_an_explainer_reads_the_passages_and_notes_of_what_it_cites(tmp_path):
    read = reads(tmp_path)["explainers/planning.md"]
    assert {"item:plans-article", "text:plans-article", "item:tweet", "item:veracruz-ref", "item:northcom"} <= read
    assert "cited-by:plans-article" not in read


def test_lists_read_their_kind_and_the_figures_of_the_build_read_everything(tmp_path):
    read = reads(tmp_path)
    assert "kind:source" in read[INDEX_OF[Kind.SOURCE]] and "cited-by:*" in read[INDEX_OF[Kind.SOURCE]]
    assert {"kind:event"} <= read["timeline.md"]
    assert "kind:source" in read["data/sources.json"] and "text:tweet" in read["data/sources.json"]
    assert "*" not in read["explainers/planning.md"]
