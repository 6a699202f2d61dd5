"""`archive ingest`: drafts from raw clippings, verbatim, complete, and never written twice."""

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from builder.commands.cli import main
from builder.commands.ingest import is_social_post, split_clipping
from builder.core.pipeline import check
from builder.rendering.citation import all_sources_csl
from tests.conftest import REPO, make_archive

SEEDS = sorted((Path(__file__).parent.parent / "fixtures" / "seeds").glob("*.txt"))


def non_space(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture
def project(tmp_path) -> Path:
    """The fixture archive, with the real archive's entities for alias matching."""
    root = make_archive(tmp_path / "a")
    shutil.copytree(REPO / "content" / "entities", root / "content" / "entities" / "real",
                    ignore=shutil.ignore_patterns("veracruz.md"))  # the fixture has its own
    for entity in (root / "content" / "entities" / "real").rglob("*.md"):
        # Keep names and aliases; their bodies cite sources this small archive does not have.
        entity.write_text(entity.read_text(encoding="utf-8").split("\n---\n", 1)[0] + "\n---\n", encoding="utf-8")
    return root


def drafts(project: Path) -> list[Path]:
    return sorted((project / "content/sources/inbox").glob("*.md"))


def excerpt_of(path: Path) -> str:
    return path.read_text(encoding="utf-8").split("\n---\n", 1)[1]


@pytest.mark.parametrize(
    "line, post",
    [
        ("Trump has directed the US military to prepare. https://t.co/0CsLNPjdvl", True),
        ("My @WLRN commentary.", True),
        ("Read more #cartels", True),
        ("🚨Update: Air strikes will soon begin", True),
        ("The group is run by Eric Geressy, a retired U.S. soldier.", False),
        ("Discussions ranged widely, a U.S. official said (see https://example.org/story).", False),
        ("La presidenta rechazó la intervención en México.", False),
    ],
)
def test_what_counts_as_a_social_post(line, post):
    assert is_social_post(line) is post


def test_posts_stand_alone_and_article_paragraphs_stay_together():
    text = "Para one,\nits second line.\n\nPara two.\n\nA post https://t.co/x\nPara three."
    assert [(e.kind, e.line, e.text) for e in split_clipping(text)] == [
        # Lines with no blank line between them are one paragraph, as the clipping has them.
        ("article", 1, "Para one,\nits second line.\n\nPara two."),
        ("social-post", 6, "A post https://t.co/x"),
        ("article", 7, "Para three."),
    ]


def test_an_articles_excerpt_is_the_clippings_text_byte_for_byte():
    text = "  Indented first line\nsecond line,  with two spaces.\n\n\nAfter two blank lines.\n"
    (excerpt,) = split_clipping(text)
    assert excerpt.text == text.rstrip("\n") and excerpt.text in text


def test_ingesting_the_seed_clippings_keeps_every_character_exactly_once(project, capsys):
    assert main(["-C", str(project), "ingest", *map(str, SEEDS)]) == 0
    written = drafts(project)
    assert len(written) == 6
    seeds_text = "".join(non_space(p.read_text(encoding="utf-8")) for p in SEEDS)
    assert sorted(non_space(excerpt_of(p)) for p in written) == sorted(
        non_space(e.text) for p in SEEDS for e in split_clipping(p.read_text(encoding="utf-8"))
    )
    assert sum(len(non_space(excerpt_of(p))) for p in written) == len(seeds_text)
    out = capsys.readouterr().out
    assert out.endswith("6 written, 0 skipped\n")
    assert "shortened link https://t.co/0CsLNPjdvl cannot be resolved offline" in out


def test_drafts_are_valid_unpublished_and_not_orphans(project):
    main(["-C", str(project), "ingest", *map(str, SEEDS)])
    checked = check(project)
    assert [d.format() for d in checked.diagnostics] == []
    assert not any("inbox" in s.origin.path for s in checked.archive.sources)


def test_a_draft_proposes_entities_and_takes_its_first_link_as_url(project):
    main(["-C", str(project), "ingest", *map(str, SEEDS)])
    [post] = [p for p in drafts(project) if "Alex Jones" in p.read_text()]
    text = post.read_text(encoding="utf-8")
    assert 'url: "https://t.co/QVTupPnTpI"' in text
    assert "entities: [alex-jones, donald-trump, nicolas-maduro]" in text
    assert "status: draft" in text and "kind: social-post" in text and "outlet: unknown" in text


def test_a_second_ingest_writes_nothing(project, capsys):
    main(["-C", str(project), "ingest", *map(str, SEEDS)])
    before = {p: p.read_bytes() for p in drafts(project)}
    capsys.readouterr()
    assert main(["-C", str(project), "ingest", *map(str, SEEDS)]) == 0
    assert {p: p.read_bytes() for p in drafts(project)} == before
    out = capsys.readouterr().out
    assert out.endswith("0 written, 6 skipped\n")
    assert "skipped 000_bc7f317498c692f6.txt:1: already in the archive as 'the-pentagon-is-drafting-operational-plans-for-lethal' (100% of its words)" in out


def test_near_duplicates_of_existing_sources_are_reported_with_their_id(project, tmp_path, capsys):
    clipping = tmp_path / "mine.txt"
    clipping.write_text(
        "The Pentagon is drafting plans for strikes. It would be the first time since the 19th century!\n\n"
        "A new post about something else entirely #news\n"
    )
    assert main(["-C", str(project), "ingest", str(clipping)]) == 0
    out = capsys.readouterr().out
    assert "skipped mine.txt:1: already in the archive as 'plans-article'" in out
    assert [p.name for p in drafts(project)] == ["a-new-post-about-something-else-entirely-news.md"]


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", ":1:1: error[empty-file]: the file is empty"),
        (b"  \n\n", ":1:1: error[empty-file]: the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", ":1:1: error[not-text]: this looks like a binary file, not a text clipping "
                                        "(ingest clippings saved as plain text)"),
        (b"caf\xe9 con leche\n", ":1:4: error[not-utf8]: byte 0xe9 is not UTF-8 text (save the file as UTF-8)"),
        ("café\n".encode("utf-16"), ":1:1: error[not-utf8]: the file is UTF-16 text, not UTF-8 "
                                    "(save it as UTF-8: most editors offer the encoding in Save As)"),
    ],
)
def test_unusable_input_is_one_clear_line_and_nothing_is_written(project, tmp_path, capsys, content, message):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    assert main(["-C", str(project), "ingest", str(SEEDS[0]), str(bad)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [str(bad) + message, "archive ingest: nothing was written"]
    assert drafts(project) == []


PAGES = Path(__file__).parent.parent / "fixtures" / "pages"
ZOTERO = Path(__file__).parent.parent / "fixtures" / "csl" / "zotero-export.json"


def front(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("\n---\n", 1)[0].removeprefix("---\n"))


@pytest.mark.parametrize("page, expected", [
    ("gulf-courier-strike-options.html", {
        "title": "Pentagon weighs strike options against cartels, officials say", "outlet": "The Gulf Courier",
        "authors": ["Maria Delgado", "Thomas Reed"], "published": "2025-08-08", "language": "en",
        "url": "https://www.gulfcourier.example/news/2025/08/08/pentagon-weighs-strike-options-cartels/"}),
    # Written apart from the code, which was never tuned on it: SingleFile, Spanish, no JSON-LD, a tracking query.
    ("heraldo-frontera-sin-intervencion.html", {
        "title": "Sheinbaum rechaza cualquier intervención militar de Estados Unidos", "outlet": "El Heraldo de la Frontera",
        "authors": ["Lucía Fernández Ortiz"], "published": "2025-08-09", "language": "es",
        "url": "https://heraldodelafrontera.example.mx/nacional/sheinbaum-rechaza-intervencion-militar-20250809.html"}),
])
def test_a_saved_page_becomes_a_draft_with_its_metadata(project, page, expected):
    assert main(["-C", str(project), "ingest", str(PAGES / page)]) == 0
    [draft] = drafts(project)
    fields = front(draft)
    assert {key: str(fields[key]) if key == "published" else fields[key] for key in expected} == expected
    assert fields["kind"] == "article" and fields["status"] == "draft"
    assert draft.name.startswith(expected["published"] + "-")


def test_a_saved_pages_main_text_is_kept_as_passages_without_navigation_ads_or_comments(project):
    main(["-C", str(project), "ingest", str(PAGES / "gulf-courier-strike-options.html")])
    [draft] = drafts(project)
    excerpt = excerpt_of(draft)
    assert "== para. 2 ==\nWASHINGTON — Military planners have drawn up a range of options" in excerpt
    assert "declined to comment on what it called hypothetical planning." in excerpt
    for clutter in ("Subscribe", "Advertisement", "About time somebody", "Most read", "Privacy Policy", "cookies"):
        assert clutter not in excerpt
    assert "us-northern-command" in front(draft)["entities"]  # proposed from the text, as for clippings
    assert check(project).ok


def test_a_page_is_ingested_once_and_known_by_its_canonical_url(project, tmp_path, capsys):
    page = PAGES / "gulf-courier-strike-options.html"
    main(["-C", str(project), "ingest", str(page)])
    before = {p: p.read_bytes() for p in drafts(project)}
    capsys.readouterr()
    # The same story saved again later: other clutter, the same canonical address.
    resaved = tmp_path / "resaved.html"
    resaved.write_text(page.read_text(encoding="utf-8").replace("Storm watch", "Heat advisory"), encoding="utf-8")
    assert main(["-C", str(project), "ingest", str(page), str(resaved)]) == 0
    assert {p: p.read_bytes() for p in drafts(project)} == before
    out = capsys.readouterr().out
    assert "already in the archive as '2025-08-08-pentagon-weighs-strike-options-against-cartels'" in out
    assert out.endswith("0 written, 2 skipped\n")


def test_a_page_without_article_text_is_refused_and_nothing_is_written(project, tmp_path, capsys):
    empty = tmp_path / "login.html"
    empty.write_text("<html><body><nav><a href='/'>Home</a></nav><form>Log in</form></body></html>", encoding="utf-8")
    assert main(["-C", str(project), "ingest", str(PAGES / "gulf-courier-strike-options.html"), str(empty)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"{empty}:1:1: error[no-article]: no article text was found in this page "
        "(save the page again once it has loaded in full, or copy its text into a clipping)",
        "archive ingest: nothing was written"]
    assert drafts(project) == []


def test_a_zotero_export_becomes_references_with_their_provenance(project, capsys):
    assert main(["-C", str(project), "ingest", str(ZOTERO)]) == 0
    written = {front(p)["title"]: front(p) for p in drafts(project)}
    article = written["Pentagon weighs strike options against cartels, officials say"]
    assert {k: str(v) for k, v in article.items() if k in ("outlet", "published", "access_date", "url", "language")} == {
        "outlet": "The Gulf Courier", "published": "2025-08-08", "access_date": "2025-08-20", "language": "en-US",
        "url": "https://www.gulfcourier.example/news/2025/08/08/pentagon-weighs-strike-options-cartels/"}
    assert article["authors"] == ["Maria Delgado", "Thomas Reed"] and article["kind"] == "reference"
    report = written["Mexico: Organized Crime and Drug Trafficking Organizations"]
    assert (report["outlet"], str(report["published"]), report["authors"]) == ("Congressional Research Service", "2022-06", ["June S. Beittel"])
    history = written["Punitive Expedition"]
    assert (str(history["published"]), history["authors"], "url" in history) == ("~1916", ["U.S. Department of State"], False)
    assert all(excerpt_of(p) == "" for p in drafts(project))  # references, until an editor adds the excerpt
    assert check(project).ok
    capsys.readouterr()
    main(["-C", str(project), "ingest", str(ZOTERO)])
    assert capsys.readouterr().out.endswith("0 written, 3 skipped\n")


def test_the_sites_own_csl_json_download_ingests_back_into_the_same_sources(project, tmp_path):
    archive = check(project).archive
    export = tmp_path / "sources.json"
    export.write_text(json.dumps(all_sources_csl(archive, "https://example.org/")), encoding="utf-8")
    fresh = make_archive(tmp_path / "fresh", {str(s.origin.path): None for s in archive.sources})
    assert main(["-C", str(fresh), "ingest", str(export)]) == 0
    back = {p.stem: front(p) for p in drafts(fresh)}
    assert sorted(back) == sorted(s.id for s in archive.sources)
    for source in archive.sources:
        meta, again = source.meta, back[source.id]
        assert (again["title"], again["outlet"], again.get("url"), again["language"]) == (meta.title, meta.outlet or "unknown", meta.url, meta.language)
        assert str(again["published"]) == (str(meta.published) if meta.published else "unknown")
        assert again["authors"] == (meta.authors or "unknown")
    assert main(["-C", str(project), "ingest", str(export)]) == 0  # into the archive it came from: nothing new
    assert drafts(project) == []


@pytest.mark.parametrize("content, message", [
    ('[{"title": "A"}', ":1:16: error[bad-json]: this is not JSON: expecting ',' delimiter (export the collection again as CSL JSON)"),
    ('{"items": 3}', ""),
    ('"text"', ":1:1: error[not-csl-json]: a CSL-JSON export is a list of items, each a set of fields (export the collection again as CSL JSON)"),
    ('[{"title": "A"}, {"type": "book"}]', ":1:1: error[missing-field]: item 2 of 2 has no title (give it one in the reference manager, and export it again)"),
])
def test_an_unusable_csl_export_is_one_clear_line(project, tmp_path, capsys, content, message):
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    code = main(["-C", str(project), "ingest", str(bad)])
    if not message:  # a single item is a list of one; this one has no title
        assert code == 1 and "error[missing-field]: item 1 of 1 has no title" in capsys.readouterr().err
        return
    assert code == 1 and capsys.readouterr().err.splitlines() == [str(bad) + message, "archive ingest: nothing was written"]
