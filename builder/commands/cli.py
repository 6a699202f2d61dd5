"""The `archive` command: check, build and serve the archive in the current directory."""

from __future__ import annotations

import argparse
import gc
import logging
import os
import signal
import sys
from dataclasses import replace
from pathlib import Path

from builder.core.diagnostics import FORMATS, Diagnostic
from builder.core.paths import CONFIG, CONTENT_DIR, Kind
from builder.core.pipeline import check
from builder.commands import report
from builder.commands.ingest import ingest
from builder.commands.links import WAYBACK, Settings as LinkSettings, check_links
from builder.commands.scaffold import KINDS, new_item
from builder.commands.schemas import stale_schemas, write_schemas


def main(argv: list[str] | None = None) -> int:
    try:
        return _run(argv)
    except BrokenPipeError:
        # The reader went away (`archive check | head`): as other commands do, stop quietly, and let Python
        # not fail once more flushing what it can no longer write.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


def _run(argv: list[str] | None) -> int:
    parser = argparse.ArgumentParser(prog="archive", description="Check, build and preview the explainer archive.")
    parser.add_argument("-C", "--project", type=Path, default=None,
                        help="the archive's folder (default: the nearest folder with a mkdocs.yml, here or above)")
    commands = parser.add_subparsers(dest="command", required=True)
    check_cmd = commands.add_parser("check", help="validate all content without building")
    check_cmd.add_argument("--format", choices=sorted(FORMATS), default=None,
                           help="text (default), json, or github (the default when GITHUB_ACTIONS=true)")
    build_cmd = commands.add_parser("build", help="check, then build site/ (the old site stays until the new one is complete)")
    build_cmd.add_argument("--strict", action="store_true", help="fail on any warning")
    build_cmd.add_argument("--publish", action="store_true",
                           help="a build to publish: fail unless site_url (or SITE_URL) gives the public address")
    serve_cmd = commands.add_parser("serve", help="live preview that rebuilds when content/ changes")
    serve_cmd.add_argument("--dev-addr", default="127.0.0.1:8000", metavar="HOST:PORT")
    serve_cmd.add_argument("--poll", action="store_true",
                           help="look for changes twice a second instead of being told of them: for a folder on a "
                                "network drive or shared into a container, where saves otherwise go unnoticed")
    new_cmd = commands.add_parser(
        "new", help="start a new item from its template",
        description="Write a new item from its template in theme/new/, with the fields to fill in marked FILL IN, "
                    "and print where it went (content/<kind folder>/<id>.md). The id comes from the title, led by "
                    "the date for sources and events. Nothing is ever overwritten.",
        epilog='example: archive new source "Pentagon drafts strike plans" --date 2025-08-08')
    new_cmd.add_argument("kind", choices=list(KINDS),
                         help="source (an excerpt or reference), explainer, entity (a person, group or place), "
                              "event (on the timeline), topic, or page (such as About)")
    new_cmd.add_argument("title", help="the title, or the name of an entity or topic")
    new_cmd.add_argument("--id", dest="item_id", metavar="ID",
                         help="the id (and file name) to give it, when the one made from the title is taken")
    commands.add_parser("lsp", help="the checker in your editor: a language server (LSP) on stdin and stdout",
                        description="Diagnostics as you type (those of `archive check`, quotations included), completion "
                                    "of citations, wikilinks and front-matter fields, hover and go to definition. Your "
                                    "editor starts it; see the README for VS Code, Neovim and Helix.")
    report_cmd = commands.add_parser("report", help="the archive's editorial health")
    report_cmd.add_argument("--format", choices=["text", "json"], default="text")
    schemas_cmd = commands.add_parser("schemas", help="write the JSON Schemas of the front matter into schemas/")
    schemas_cmd.add_argument("--check", action="store_true", help="only report whether they are up to date")
    ingest_cmd = commands.add_parser("ingest", help="turn raw clipping files into draft sources in content/sources/inbox/")
    ingest_cmd.add_argument("files", nargs="+", type=Path, metavar="FILE")
    links_cmd = commands.add_parser(
        "links", help="check every source's url and archive_url, and find archived copies (the only command that uses the network)",
        description="Check each source's addresses over HTTP and record what was found in links-status.yml. With --write, "
                    "set url_status: dead after failures on two runs a day apart (unfit for a redirect to an unrelated page), "
                    "and fill archive_url and archive_date from the closest snapshot for sources that have none.")
    links_cmd.add_argument("--write", action="store_true", help="change the sources' files (without it, only report)")
    links_cmd.add_argument("--snapshots", default=os.environ.get("ARCHIVE_SNAPSHOTS", WAYBACK), metavar="URL",
                           help=f"the snapshot service's base address (default: $ARCHIVE_SNAPSHOTS, else {WAYBACK})")
    new_cmd.add_argument("--date", help="2025-08-08, 2025-08, 2025 or ~1916; the id starts with it for sources and events")
    args = parser.parse_args(argv)

    project = args.project.resolve() if args.project else _enclosing_project(Path.cwd())
    if not (project / CONFIG).is_file():
        where = project if args.project else f"{project} or any folder above it"
        print(f"archive: no {CONFIG} in {where}; run this in the archive's folder or pass -C", file=sys.stderr)
        return 2
    if args.command == "check":
        return _check(project, args.format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"))
    if args.command == "lsp":
        from builder.commands.lsp import serve as serve_language

        return serve_language(project)
    if args.command == "report":
        checked = check(project)
        print((report.format_json if args.format == "json" else report.format_text)(report.health(checked), report.coverage(checked)), end="")
        return 0
    if args.command == "schemas":
        return _schemas(project, args.check)
    if args.command == "ingest":
        return _ingest(project, args.files)
    if args.command == "links":
        return _links(project, args.write, args.snapshots)
    if args.command == "new":
        return _new(project, KINDS[args.kind], args.title, args.date, args.item_id)
    _stop_on_terminate()
    try:
        return _build(project, args.strict, args.publish) if args.command == "build" else _serve(project, args.dev_addr, args.poll)
    except KeyboardInterrupt:
        print(f"archive: {args.command} stopped", file=sys.stderr)
        return 130


def _stop_on_terminate() -> None:
    """Stop on SIGTERM (a process manager, `kill`, a test harness) the way Ctrl-C stops: cleanly.

    Either way the plugin's shutdown runs, which removes the scratch folders and stops the search indexer
    the build or preview started, instead of leaving them behind.
    """
    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)


def _enclosing_project(start: Path) -> Path:
    """The nearest folder at or above `start` with a mkdocs.yml and a content/ folder, as git finds its
    repository; `start` if none. Another MkDocs project above the archive is passed over."""
    return next((folder for folder in (start, *start.parents)
                 if (folder / CONFIG).is_file() and (folder / CONTENT_DIR).is_dir()), start)


def _check(project: Path, output: str) -> int:
    # One pass over the content, then the process ends: the cycle collector would only walk the whole
    # archive once more on the way out (0.2 s at ten thousand sources).
    gc.disable()
    checked = check(project)
    shown = [_from_here(d, project) for d in checked.diagnostics] if output == "text" else checked.diagnostics
    print(FORMATS[output](shown))
    return 0 if checked.ok else 1


def _from_here(diagnostic: Diagnostic, project: Path) -> Diagnostic:
    """A diagnostic whose path reads from the folder the command runs in, as git prints paths, when that
    folder is in the project; from the project's folder otherwise (with -C from elsewhere, say)."""
    here = Path.cwd().resolve()
    if here == project or not here.is_relative_to(project):
        return diagnostic
    return replace(diagnostic, path=os.path.relpath(project / diagnostic.path, here))


def _new(project: Path, kind: Kind, title: str, date: str | None, item_id: str | None) -> int:
    outcome = new_item(project, kind, title, date, item_id=item_id)
    if outcome.error:
        print(f"archive new: {outcome.error}", file=sys.stderr)
        return 1
    print(outcome.path.relative_to(project))
    return 0


def _schemas(project: Path, only_check: bool) -> int:
    if only_check:
        stale = stale_schemas(project)
        for path in stale:
            state = "is out of date" if path.is_file() else "is missing"
            print(f"archive schemas: {path.relative_to(project)} {state}; run `archive schemas`", file=sys.stderr)
        if not stale:
            print("archive schemas: every schema is up to date")
        return 1 if stale else 0
    written = write_schemas(project)
    for path in written:
        print(path.relative_to(project))
    if not written:
        print("archive schemas: every schema is up to date; nothing written")
    return 0


def _ingest(project: Path, files: list[Path]) -> int:
    report = ingest(project, [f if f.is_absolute() else Path.cwd() / f for f in files])
    for error in report.errors:
        print(error.format(), file=sys.stderr)
    if report.errors:
        print("archive ingest: nothing was written", file=sys.stderr)
        return 1
    for line in report.written:
        print(f"wrote   {line}")
    for line in report.skipped:
        print(f"skipped {line}")
    print(f"{len(report.written)} written, {len(report.skipped)} skipped")
    return 0


def _links(project: Path, write: bool, snapshots: str) -> int:
    report = check_links(project, write, LinkSettings(snapshots=snapshots))
    for line in report.lines:
        print(line)
    for line in report.changed:
        print(f"changed {line}")
    print(f"{len(report.changed)} files changed" if write else "nothing changed (run with --write to apply)")
    return 0


def _build(project: Path, strict: bool, publish: bool = False) -> int:
    # Imported here, not above: `archive check` never builds, so it need not import the engine.
    from builder.engine.run import NoSiteAddress, NotBuilt, build_site

    _setup_logging(project)
    try:
        site_dir = build_site(project, strict, publish)
    except NoSiteAddress:
        print(f"{CONFIG}:1:1: error[no-site-url]: a site to publish needs its public address "
              "(set site_url in mkdocs.yml, or SITE_URL in the environment, to the address it is published at)",
              file=sys.stderr)
        return 1
    except NotBuilt as exc:
        print(f"archive: build failed: {exc}", file=sys.stderr)
        return 1
    print(f"archive: built {site_dir}", file=sys.stderr)
    return 0


def _serve(project: Path, dev_addr: str, poll: bool) -> int:
    from builder.engine.run import serve_site

    _setup_logging(project)
    serve_site(project, dev_addr, poll)
    return 0


class _Formatter(logging.Formatter):
    """Diagnostics print as bare `path:line:col: …` lines; MkDocs' own messages keep their level."""

    project: Path | None = None

    def format(self, record: logging.LogRecord) -> str:
        if record.name.endswith(".diagnostics"):
            diagnostic = getattr(record, "diagnostic", None)
            return _from_here(diagnostic, self.project).format() if diagnostic and self.project else record.getMessage()
        return f"{record.levelname:<7} -  {record.getMessage()}"


def _setup_logging(project: Path) -> None:
    handler = logging.StreamHandler(sys.stderr)
    formatter = _Formatter()
    formatter.project = project
    handler.setFormatter(formatter)
    logger = logging.getLogger("mkdocs")
    logger.handlers[:] = [handler]
    logger.setLevel(logging.INFO)
    logger.propagate = False
