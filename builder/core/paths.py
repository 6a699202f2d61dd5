"""Every rule about folders, ids, documents and URLs, in one place.

Three kinds of string travel through the builder, and only this module converts between them:

- a *content path*: where an editor's file lives, relative to the project (`content/sources/2025/x.md`);
- a *document*: the Markdown file the emitter hands to MkDocs (`sources/x.md`);
- a *URL*: where a reader finds the page, relative to the site root (`sources/x/`).

URLs depend only on an item's kind and id, so moving a file between subfolders never breaks a link.
"""

from __future__ import annotations

import fcntl
import os
import posixpath
import re
import shutil
import tempfile
import unicodedata
from pathlib import Path, PurePosixPath

from builder.core.kinds import KIND_BY_FOLDER, Kind

CONTENT_DIR = "content"
CONFIG = "mkdocs.yml"  # the project's settings, beside content/


# Documents the emitter generates besides one page per item.
HOME = "index.md"
TIMELINE = "timeline.md"
SEARCH = "search.md"
CORRECTIONS = "corrections.md"
DATA_PAGE = "data.md"
INDEX_OF = {
    Kind.SOURCE: "sources/index.md",
    Kind.EXPLAINER: "explainers/index.md",
    Kind.ENTITY: "entities/index.md",
    Kind.TOPIC: "topics/index.md",
}

# Top-level names a free-standing page may not take, because generated sections live there; no item
# at all may be called "index", which every section's own listing is.
RESERVED_IDS = frozenset(
    {"index", "404", "search", "assets", "data", "feeds", "corrections", "pagefind", "years", "timeline",
     *KIND_BY_FOLDER}
)


def is_reserved(kind: Kind, item_id: str) -> bool:
    """Whether an item of this kind may not take this id (see RESERVED_IDS)."""
    return item_id in RESERVED_IDS and (kind is Kind.PAGE or item_id == "index")


ID_PATTERN = "^[a-z0-9]+(?:-[a-z0-9]+)*$"
_ID = re.compile(ID_PATTERN)


def is_valid_id(text: str) -> bool:
    return bool(_ID.fullmatch(text))


def id_problem(text: str) -> str | None:
    """Why `text` cannot be an id, or None. Ids become URL segments, so no separators, dots or case."""
    if not text:
        return "an id cannot be empty"
    if "/" in text or "\\" in text:
        return "an id cannot contain a path separator"
    if text.startswith("."):
        return "an id cannot start with a dot"
    if not is_valid_id(text):
        return "an id is lowercase letters, digits and single hyphens, such as 'northcom-strike-options'"
    return None


def without_accents(text: str) -> str:
    """"Mérida" as "Merida": the letters without their combining marks."""
    if text.isascii():  # nearly every label, and sorting ten thousand of them calls this for each
        return text
    return "".join(char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char))


def slugify(text: str) -> str:
    """ASCII, lowercase, hyphenated text: for an id from a name. Empty when nothing usable remains."""
    return re.sub(r"[^a-z0-9]+", "-", without_accents(text).lower()).strip("-")


ID_FROM_TITLE_LENGTH = 60


def id_from_title(title: str) -> str:
    """An id for a new item from its title: `slugify`, cut after a whole word at 60 characters at most.

    Ids are file names and URL segments, which a title of any length would not fit: a file name has at
    most 255 bytes.
    """
    slug = slugify(title)
    if len(slug) <= ID_FROM_TITLE_LENGTH:
        return slug
    head = slug[:ID_FROM_TITLE_LENGTH + 1]  # one more: a word that ends at the limit is kept whole
    return head.rsplit("-", 1)[0] if "-" in head else head[:ID_FROM_TITLE_LENGTH]


# What editors' tools name Markdown (and, case aside, what MkDocs reads as pages). Items end in .md: a file
# named otherwise is told to be renamed.
_MARKDOWN_ENDINGS = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")


def is_markdown(name: str) -> bool:
    return name.lower().endswith(_MARKDOWN_ENDINGS)


# What editors and merges leave beside a file: a backup, a temporary or a rejected copy.
_LEFTOVER_ENDINGS = ("~", ".orig", ".rej", ".bak", ".tmp", ".swp", ".swo")


def is_leftover(name: str) -> bool:
    return name.lower().endswith(_LEFTOVER_ENDINGS)


def is_published_as_is(name: str) -> bool:
    """Whether a file in content/ is published as it is (an image, a PDF, a page of HTML): not an item's
    Markdown, which the pipeline reads, nor what an editor left behind."""
    return not is_markdown(name) and not is_leftover(name)


def kind_of_content_path(relative: str) -> Kind | None:
    """The kind of item a file holds, from its project-relative path: content/<folder>/…/<id>.md."""
    parts = relative.split("/")
    if len(parts) < 3 or parts[0] != CONTENT_DIR:
        return None
    return KIND_BY_FOLDER.get(parts[1])


def id_from_filename(path: Path | PurePosixPath) -> str:
    return path.stem


def document_of(kind: Kind, item_id: str) -> str | None:
    """The generated document for an item; events have none, they live on the timeline."""
    if kind is Kind.EVENT:
        return None
    if kind is Kind.PAGE:
        return f"{item_id}.md"
    return f"{kind.folder}/{item_id}.md"


def content_path(kind: Kind, item_id: str, subfolder: str = "") -> PurePosixPath:
    """Where a new item's file goes, relative to the project."""
    return PurePosixPath(CONTENT_DIR, kind.folder, *([subfolder] if subfolder else []), f"{item_id}.md")


SCHEMA_DIR = "schemas"


def schema_path(kind: Kind) -> PurePosixPath:
    return PurePosixPath(SCHEMA_DIR, f"{kind.value}.schema.json")


def year_document(year: int | None) -> str:
    return f"years/{year if year is not None else 'undated'}.md"


def url_of(document: str) -> str:
    """The directory-style URL MkDocs gives a document (`use_directory_urls: true`)."""
    stem = document[: -len(".md")]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def relative_url(from_document: str, to_url: str, anchor: str | None = None) -> str:
    """A link that works from `from_document`'s page under any site sub-path.

    Both sides are directory URLs under one root, so the common folders are dropped and one "../"
    climbs each folder left; no file-system normalisation is needed (it was a hot spot at 10,000 pages).
    """
    base = url_of(from_document).split("/")[:-1]
    target = to_url.split("/")
    common = 0
    while common < len(base) and common < len(target) - 1 and base[common] == target[common]:
        common += 1
    link = "../" * (len(base) - common) + "/".join(target[common:]) or "./"
    return f"{link}#{anchor}" if anchor else link


def built_path(document: str) -> str:
    """Where a document ends up in the built site: sources/x.md at sources/x/index.html, data/x.csv as it is."""
    return url_of(document) + "index.html" if document.endswith(".md") else document


def file_url(from_document: str, path: str) -> str:
    """A link to a file of the site, such as data/sources.csv, from `from_document`'s page."""
    return posixpath.relpath(path, url_of(from_document) or ".")


def event_anchor(event_id: str) -> str:
    return f"event-{event_id}"


def item_url(kind: Kind, item_id: str) -> tuple[str, str | None]:
    """(URL, anchor) of an item's place on the site."""
    if kind is Kind.EVENT:
        return url_of(TIMELINE), event_anchor(item_id)
    document = document_of(kind, item_id)
    assert document is not None
    return url_of(document), None


# Link shorteners hide where a link leads, and cannot be resolved without the network.
_SHORTENED = re.compile(
    r"^https?://(?:t\.co|bit\.ly|tinyurl\.com|ow\.ly|buff\.ly|goo\.gl|dlvr\.it|lnkd\.in|fb\.me|youtu\.be|trib\.al)/",
    re.IGNORECASE,
)


def is_shortened(url: str) -> bool:
    return bool(_SHORTENED.match(url))


_MEMORY = Path("/dev/shm")
# Less free room than this in memory (a container's /dev/shm is often 64 MB), and scratch goes to disk:
# at ten thousand sources the pages search indexes alone take a quarter of a gigabyte.
_MEMORY_NEEDED = 1 << 30
_LOCK = ".owner"
_locks: dict[Path, int] = {}  # each scratch folder of this process, and the open descriptor of its lock


def scratch_folder(prefix: str) -> Path:
    """A new temporary folder, in memory where the system has a memory file system (/dev/shm on Linux).

    The build writes thousands of small files it reads back once (the preview's documents, the pages
    search indexes); creating them in memory costs a fraction of what it costs on a disk. A process that
    is killed cannot remove its folder, and in memory that would hold on to the machine's RAM until a
    reboot. So each folder holds a lock for as long as the process that made it lives (and its forked
    workers), and each new folder sweeps away those whose lock nobody holds (`lock_is_free`).
    """
    memory = _MEMORY.is_dir() and os.access(_MEMORY, os.W_OK) and shutil.disk_usage(_MEMORY).free >= _MEMORY_NEEDED
    parent = _MEMORY if memory else Path(tempfile.gettempdir())
    for leftover in parent.glob(f"{prefix}*"):
        if lock_is_free(leftover / _LOCK):  # no lock: not a scratch folder of ours
            shutil.rmtree(leftover, ignore_errors=True)
    # Made under a hidden name and renamed once locked, so that no sweep ever sees it unlocked.
    making = Path(tempfile.mkdtemp(prefix=f".{prefix}", dir=parent))
    lock = os.open(making / _LOCK, os.O_CREAT | os.O_RDWR, 0o600)
    fcntl.flock(lock, fcntl.LOCK_EX)
    folder = making.with_name(making.name.removeprefix("."))
    making.rename(folder)
    _locks[folder] = lock
    return folder


def remove_scratch_folder(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    if (lock := _locks.pop(folder, None)) is not None:
        os.close(lock)


def lock_is_free(lock_file: Path) -> bool:
    """Whether no process holds a lock file (`flock`): the process that made it has ended. No file: held.

    A lock rather than a process id tells a folder's owner has ended: ids are reused, and another container
    sharing the folder sees other ids. The kernel releases the lock when the owner and its forked workers end,
    however they end.
    """
    try:
        lock = os.open(lock_file, os.O_RDWR)
    except OSError:
        return False
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:  # held: its process is alive
        return False
    finally:
        os.close(lock)
    return True
