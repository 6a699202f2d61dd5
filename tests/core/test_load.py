import codecs
import os
from pathlib import Path

from builder.core.diagnostics import Diagnostics
from builder.core.load import MAX_FILE_BYTES, load, parse_text
from builder.core.paths import Kind
from builder.core.pipeline import check
from tests.conftest import make_archive


def parse(text):
    diagnostics = Diagnostics()
    item = parse_text(text, "content/sources/x.md", Kind.SOURCE, diagnostics)
    return item, [d.format() for d in diagnostics.sorted()]


def load_bytes(tmp_path: Path, data: bytes, name="x.md"):
    path = tmp_path / "content" / "sources" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    diagnostics = Diagnostics()
    items = load(tmp_path, diagnostics).items
    return items, [d.format() for d in diagnostics.sorted()]


def test_front_matter_keys_and_list_entries_keep_their_lines():
    item, problems = parse("---\ntitle: T\nentities:\n  - a\n  - b\n---\nBody line\n")
    assert problems == []
    assert item.data == {"title": "T", "entities": ["a", "b"]}
    assert item.origin.at("title").line == 2
    assert item.origin.at("entities", 1).line == 5
    assert item.origin.body_line + item.body.count("\n", 0, item.body.index("Body")) == 7


def test_dates_stay_text_so_the_model_can_judge_them():
    item, _ = parse("---\npublished: 2025-02-30\n---\n")
    assert item.data["published"] == "2025-02-30"


def test_byte_order_mark_and_crlf_simply_work(tmp_path):
    items, problems = load_bytes(tmp_path, b"\xef\xbb\xbf---\r\ntitle: T\r\n---\r\nBody\r\n")
    assert problems == []
    assert items[0].data == {"title": "T"} and items[0].body.strip() == "Body"


def test_text_that_is_not_utf8_is_reported_at_its_line(tmp_path):
    _, problems = load_bytes(tmp_path, b"---\ntitle: T\n---\ncaf\xe9\n")
    assert problems == ["content/sources/x.md:4:4: error[not-utf8]: byte 0xe9 is not UTF-8 text (save the file as UTF-8)"]


def test_empty_file_and_missing_front_matter(tmp_path):
    assert load_bytes(tmp_path, b"  \n")[1] == [
        "content/sources/x.md:1:1: error[empty-file]: the file is empty (start it with front matter between two '---' lines)"
    ]
    assert parse("Just text\n")[1] == [
        "content/sources/x.md:1:1: error[no-front-matter]: the file does not start with front matter "
        "(put the fields between two lines of '---' at the very top)"
    ]


def test_unterminated_front_matter():
    assert parse("---\ntitle: T\n")[1] == [
        "content/sources/x.md:1:1: error[unterminated-front-matter]: the front matter has no closing '---' line "
        "(end the fields with a line of '---')"
    ]


def test_an_unclosed_list_or_quotation_is_reported_where_it_opens_with_how_to_close_it():
    _, problems = parse("---\ntitle: T\nkind: [unclosed\nlanguage: en\n---\n")
    assert problems == ["content/sources/x.md:3:7: error[yaml-syntax]: malformed YAML: did not find expected ',' or ']' "
                        "(close the list with ']', and separate its entries with commas)"]
    _, problems = parse('---\ntitle: "Unclosed\nkind: x\n---\n')
    assert problems == ["content/sources/x.md:2:8: error[yaml-syntax]: malformed YAML: found unexpected end of stream "
                        "(close the quotation with the same mark it opens with)"]


def test_tabs_in_yaml_get_a_hint():
    _, problems = parse("---\ntitle: T\n\tkind: x\n---\n")
    assert problems[0].startswith("content/sources/x.md:3:1: error[yaml-syntax]:")
    assert problems[0].endswith("(indent with spaces, not tabs)")


def test_a_tab_after_a_list_dash_gets_the_tab_hint():
    _, problems = parse("---\ntitle: T\nauthors:\n  -\tAna\n---\n")
    assert len(problems) == 1 and problems[0].endswith("(indent with spaces, not tabs)")


def test_a_tab_inside_a_value_is_not_taken_for_indentation():
    _, problems = parse('---\ntitle: "a\tb" c\n---\n')
    assert len(problems) == 1 and "tabs" not in problems[0]


def test_duplicate_keys_name_the_first_one():
    assert parse("---\ntitle: A\ntitle: B\n---\n")[1] == [
        "content/sources/x.md:3:1: error[duplicate-key]: 'title' is set twice (first set on line 2) (keep one of them)"
    ]


def test_python_object_tags_are_refused():
    _, problems = parse("---\ntitle: !!python/object/apply:os.system ['echo hi']\n---\n")
    assert problems == [
        "content/sources/x.md:2:8: error[yaml-tag]: the YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' "
        "is not allowed (write plain text, numbers, lists and dates)"
    ]


def test_alias_bomb_is_stopped():
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join(['*a' + str(i - 1)] * 10)}]" for i in range(1, 9)]
    _, problems = parse("---\n" + "\n".join(lines) + "\n---\n")
    assert len(problems) == 1 and "error[yaml-too-large]" in problems[0]


def test_deep_nesting_is_stopped():
    _, problems = parse("---\ntitle: " + "[" * 40 + "]" * 40 + "\n---\n")
    assert len(problems) == 1 and "error[yaml-too-deep]" in problems[0]


def test_oversized_file_is_refused(tmp_path):
    _, problems = load_bytes(tmp_path, b"---\ntitle: T\n---\n" + b"x" * MAX_FILE_BYTES)
    assert len(problems) == 1 and "error[file-too-large]" in problems[0]


def test_symlink_outside_content_is_refused(tmp_path):
    outside = tmp_path / "secret.md"
    outside.write_text("---\ntitle: T\n---\n")
    link = tmp_path / "content" / "sources" / "link.md"
    link.parent.mkdir(parents=True)
    os.symlink(outside, link)
    diagnostics = Diagnostics()
    assert load(tmp_path, diagnostics).items == []
    assert [d.format() for d in diagnostics.sorted()] == [
        "content/sources/link.md:1:1: error[symlink-outside]: this link points outside content/ "
        "(copy the file into content/ instead)"
    ]


def test_files_outside_content_folders_are_flagged_and_hidden_files_ignored(tmp_path):
    (tmp_path / "content" / "sources").mkdir(parents=True)
    (tmp_path / "content" / "notes.md").write_text("x")
    (tmp_path / "content" / "sources" / ".draft.md").write_text("x")
    diagnostics = Diagnostics()
    assert load(tmp_path, diagnostics).items == []
    assert [d.code for d in diagnostics.sorted()] == ["stray-file"]



def test_markdown_named_otherwise_and_leftovers_are_flagged_and_other_files_left_to_publish(tmp_path):
    sources = tmp_path / "content" / "sources"
    sources.mkdir(parents=True)
    for name in ("a.markdown", "b.MD", "c.md~", "c.md.orig", "picture.png", ".c.md.swp"):
        (sources / name).write_text("---\ntitle: T\n---\n")
    diagnostics = Diagnostics()
    assert load(tmp_path, diagnostics).items == []
    rename, delete = "rename it to end in .md", "delete it once you no longer need it"
    assert [(d.path, d.code, d.severity.value, d.hint) for d in diagnostics.sorted()] == [
        ("content/sources/a.markdown", "stray-file", "warning", rename),
        ("content/sources/b.MD", "stray-file", "warning", rename),
        ("content/sources/c.md.orig", "stray-file", "warning", delete),
        ("content/sources/c.md~", "stray-file", "warning", delete),
    ]  # an image is published as it is; hidden files (an editor's swap file) are not content at all


def test_a_symlink_loop_is_a_diagnostic_not_a_crash(tmp_path):
    link = tmp_path / "content" / "sources" / "loop.md"
    link.parent.mkdir(parents=True)
    os.symlink(link, link)
    diagnostics = Diagnostics()
    assert load(tmp_path, diagnostics).items == []
    [problem] = diagnostics.sorted()
    assert (problem.code, problem.line) == ("unreadable", 1)


def test_a_nul_byte_is_reported_on_one_line_where_it_is():
    assert parse("---\ntitle: T\nkind: a\x00b\n---\n")[1] == [
        "content/sources/x.md:3:8: error[yaml-syntax]: malformed YAML: the character U+0000 is not allowed "
        "(delete it; it is often invisible)"
    ]


def test_an_unterminated_string_is_reported_where_it_opens():
    [problem] = parse('---\ntitle: "never closed\nkind: article\n---\n')[1]
    assert problem.startswith("content/sources/x.md:2:8: error[yaml-syntax]")


def test_field_names_must_be_text():
    assert parse("---\n1: a\ntrue: b\n---\n")[1] == [
        "content/sources/x.md:2:1: error[yaml-syntax]: the field name 1 is not text (field names are words such as 'title')"
    ]


def test_a_project_given_as_a_relative_path_loads_like_an_absolute_one(tmp_path, monkeypatch):
    project = make_archive(tmp_path / "a")
    absolute = check(project)
    monkeypatch.chdir(project)
    relative = check(Path("."))
    assert [d.format() for d in relative.diagnostics] == [d.format() for d in absolute.diagnostics]
    assert sorted(item.origin.path for item in relative.items) == sorted(item.origin.path for item in absolute.items)
    assert "content/explainers/planning.md" in {item.origin.path for item in relative.items}


def test_a_link_to_nowhere_or_to_itself_is_a_diagnostic_in_the_preview_too(tmp_path):
    # The preview passes `known`, and looks at each file's time and size before reading it.
    sources = tmp_path / "content" / "sources"
    sources.mkdir(parents=True)
    os.symlink(sources / "loop.md", sources / "loop.md")
    os.symlink(tmp_path / "gone.md", sources / "dangling.md")
    known = {}
    for _ in range(2):  # the second time, as after a save
        diagnostics = Diagnostics()
        assert load(tmp_path, diagnostics, known=known).failed == ["content/sources/dangling.md", "content/sources/loop.md"]
        assert [(d.path, d.code) for d in diagnostics.sorted()] == [
            ("content/sources/dangling.md", "unreadable"), ("content/sources/loop.md", "unreadable")]


def test_an_empty_body_begins_on_the_closing_line_not_past_the_end_of_the_file():
    for ending in ("---\n", "---", "---\n\n  \n"):
        item, _ = parse("---\ntitle: T\n" + ending)
        assert item.body.strip() == "" and item.origin.body_line == 3, ending


def test_text_in_another_form_of_unicode_is_named(tmp_path):
    text = "---\ntitle: café\n---\nBody.\n"
    saved = [(text.encode("utf-16"), "UTF-16"), (codecs.BOM_UTF16_BE + text.encode("utf-16-be"), "UTF-16"),
             (text.encode("utf-32"), "UTF-32"), (codecs.BOM_UTF32_BE + text.encode("utf-32-be"), "UTF-32")]
    for number, (data, name) in enumerate(saved):
        _, problems = load_bytes(tmp_path / str(number), data)
        assert problems == [f"content/sources/x.md:1:1: error[not-utf8]: the file is {name} text, not UTF-8 "
                            "(save it as UTF-8: most editors offer the encoding in Save As)"], name
