"""A synthetic archive for benchmarks: `python -m bench.generate N DIR`.

For N sources the corpus holds N/10 explainers, N/20 entities, N/10 timeline events and 40 topics,
plus an About page, `mkdocs.yml` and a copy of the repository's theme, so DIR is a complete project
that `archive -C DIR check` and `archive -C DIR build --strict` accept with no diagnostic at all.

Every name in it is obviously synthetic ("Agency 12", "Person 37", "Example Herald") and all prose is
assembled from the word lists below. The generator draws from `random.Random(N)` alone and writes
files in a fixed order, so two runs with the same N write identical bytes.

What the corpus exercises, besides volume: fuzzy and unknown dates, unknown outlets and authors,
references with no excerpt, editor's notes that cite other sources, citations with locators and
several keys, wikilinks, headings, and verbatim quotations that the checker must find in the excerpt
of the source cited after them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import shutil
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

# Access dates are drawn back from the day of generation: the check warns of one more than two years old.
TODAY = dt.date.today()

REPO = Path(__file__).resolve().parent.parent

# An explainer cites up to 20 distinct sources, so there must be at least that many.
MIN_SOURCES = 20
TOPIC_COUNT = 40
EXCERPT_WORDS = 400
WRAP = 100  # explainers and events are wrapped like hand-written Markdown; excerpts keep long lines

# Word lists ------------------------------------------------------------------------------------------

OUTLETS = [f"{first} {second}" for first in ("Example", "Sample", "Placeholder", "Specimen", "Mock")
           for second in ("Daily", "Herald", "Courier", "Wire", "Review", "Monitor")]
SUBJECTS = [
    "officials", "the committee", "analysts", "a spokesperson", "the ministry", "regional authorities",
    "several lawmakers", "the working group", "investigators", "the review panel", "two advisers",
    "the planning staff", "local observers", "the oversight office",
]
VERBS = [
    "described", "reviewed", "questioned", "outlined", "approved", "postponed", "disputed", "confirmed",
    "proposed", "examined", "rejected", "summarized", "revised", "endorsed", "delayed", "expanded",
]
OBJECTS = [
    "the draft plan", "a set of options", "the funding request", "the border program", "an interim report",
    "the new guidelines", "the training mission", "the supply routes", "a joint operation",
    "the monitoring effort", "the cooperation agreement", "the budget line", "the patrol schedule",
    "a list of targets", "the shipping records", "the legal review",
]
MODIFIERS = [
    "after a long meeting", "in a closed session", "during the spring", "without public debate",
    "according to two people familiar with it", "ahead of the next budget cycle", "for the third time",
    "with some reservations", "in the northern district", "before the end of the year",
    "at the request of the council", "over several weeks", "in a written reply", "under heavy pressure",
]
CONNECTORS = ["Later,", "At the same time,", "In a separate statement,", "By then,", "Meanwhile,", "Even so,"]
PLURALS = ["documents", "meetings", "proposals", "shipments", "reports", "briefings", "vessels", "permits"]
QUOTE_LEADS = ["One account says", "As one report puts it,", "A source from the time records that",
               "In the words of one excerpt,", "One passage reads"]
LOCATORS = ["para. 2", "para. 3", "p. 4", "p. 12", "paras. 2–3", "section 1", "section 4"]
HEADINGS = ["Background", "What the sources add", "Later developments", "Open questions", "The record"]

# Entity kinds, with the words their synthetic names are made from.
ENTITY_NAMES = {
    "person": ["Person"],
    "organization": ["Company", "Foundation", "Network"],
    "government-body": ["Agency", "Ministry", "Committee"],
    "armed-group": ["Group", "Faction"],
    "place": ["Province", "Port", "District"],
}
TOPIC_FIRST = ["Border", "Maritime", "Regional", "Financial", "Legal", "Military", "Diplomatic", "Public"]
TOPIC_SECOND = ["planning", "cooperation", "oversight", "operations", "debate"]

# Source kinds and their weights: mostly articles, about 10% references (which have no excerpt).
SOURCE_KINDS = {"article": 55, "social-post": 10, "statement": 10, "report": 10, "testimony": 3, "document": 2,
                "reference": 10}


# The corpus in memory ---------------------------------------------------------------------------------

@dataclass
class Doc:
    """One file to write: front matter in the order given, then the body."""

    path: str  # relative to the project folder
    front: dict[str, object]
    body: str = ""


@dataclass
class Excerpt:
    """A source's text kept as sentences, so an explainer can quote words that are really in it."""

    paragraphs: list[list[str]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n\n".join(" ".join(sentences) for sentences in self.paragraphs) + "\n"


@dataclass
class Entity:
    id: str
    name: str


class Corpus:
    """Draws the whole archive from one random generator, item kind by item kind."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.rng = random.Random(n)
        self.docs: list[Doc] = []
        self.entities: list[Entity] = []
        self.topic_ids: list[str] = []
        self.source_ids: list[str] = []
        self.excerpts: dict[str, Excerpt] = {}  # by source id; references have none
        self.event_cites: set[str] = set()  # sources listed by some timeline event

    def build(self) -> list[Doc]:
        # Order matters: sources need entities and topics, explainers need to know what events cite.
        self.add_entities(max(1, self.n // 20))
        self.add_topics(TOPIC_COUNT)
        self.add_sources(self.n)
        self.add_events(max(1, self.n // 10))
        self.add_explainers(max(1, self.n // 10))
        # The About page shows the integrity summary, so benchmarks build it as the real site does.
        about = "A synthetic archive generated for benchmarks. Every name and every text in it is invented.\n"
        self.docs.append(Doc("content/pages/about.md", {"title": "About this archive", "show_integrity": True}, about))
        return self.docs

    # Prose ---------------------------------------------------------------------------------------------

    def sentence(self, names: list[str]) -> str:
        """One sentence of plausible, meaningless news prose; `names` are entity names it may mention."""
        rng = self.rng
        subjects = names + SUBJECTS

        def clause() -> str:
            return f"{rng.choice(subjects)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}"

        form = rng.randrange(5)
        if form == 0:
            text = f"{clause()} {rng.choice(MODIFIERS)}"
        elif form == 1:
            text = f"{rng.choice(CONNECTORS)} {clause()}"
        elif form == 2:
            text = f"{clause()}, and {clause()}"
        elif form == 3:
            text = f"{rng.choice(subjects)} said that {clause()} {rng.choice(MODIFIERS)}"
        else:
            # The year leads, so that no wrapped line can start with "2004." and read as a list item.
            text = f"In {rng.randint(1990, 2025)}, {rng.randint(2, 40)} {rng.choice(PLURALS)} were {rng.choice(VERBS)}"
        return text[0].upper() + text[1:] + "."

    def link_sentence(self, item_id: str) -> str:
        """A sentence whose subject is a wikilink."""
        return f"[[{item_id}]] {self.rng.choice(VERBS)} {self.rng.choice(OBJECTS)} {self.rng.choice(MODIFIERS)}."

    def excerpt(self, names: list[str]) -> Excerpt:
        """About EXCERPT_WORDS words in paragraphs of three to six sentences."""
        excerpt, words = Excerpt(), 0
        while words < EXCERPT_WORDS:
            sentences = [self.sentence(names) for _ in range(self.rng.randint(3, 6))]
            words += sum(len(s.split()) for s in sentences)
            excerpt.paragraphs.append(sentences)
        return excerpt

    def headline(self, names: list[str]) -> str:
        text = f"{self.rng.choice(names + SUBJECTS)} {self.rng.choice(VERBS)} {self.rng.choice(OBJECTS)}"
        return text[0].upper() + text[1:]

    def date(self, first: int = 1990, last: int = 2025) -> str:
        """A date as an editor writes it, at a mixed precision: day, month, year or approximate."""
        rng = self.rng
        year, month, day = rng.randint(first, last), rng.randint(1, 12), rng.randint(1, 28)
        roll = rng.random()
        if roll < 0.5:
            return f"{year}-{month:02d}-{day:02d}"
        if roll < 0.7:
            return f"{year}-{month:02d}"
        if roll < 0.85:
            return f"{year}"
        return f"~{year}" if roll < 0.93 else f"~{year}-{month:02d}"

    def pick(self, pool: list[str], low: int, high: int) -> list[str]:
        return self.rng.sample(pool, min(len(pool), self.rng.randint(low, high)))

    # Items ---------------------------------------------------------------------------------------------

    def add_entities(self, count: int) -> None:
        kinds = list(ENTITY_NAMES)
        for number in range(1, count + 1):
            kind = self.rng.choice(kinds)
            # The running number makes every name unique, whatever word it is drawn with.
            name = f"{self.rng.choice(ENTITY_NAMES[kind])} {number}"
            entity = Entity(f"entity-{number:04d}", name)
            self.entities.append(entity)
            front: dict[str, object] = {"name": name, "kind": kind}
            if self.rng.random() < 0.3:
                front["aliases"] = [f"{name[0]}{number}"]
            front["description"] = f"A fictional {kind.replace('-', ' ')} that appears in the benchmark corpus."
            body = " ".join(self.sentence([name]) for _ in range(2)) + "\n" if self.rng.random() < 0.3 else ""
            self.docs.append(Doc(f"content/entities/{kind}/{entity.id}.md", front, body))

    def add_topics(self, count: int) -> None:
        names = [f"{first} {second}" for first in TOPIC_FIRST for second in TOPIC_SECOND]
        for number, name in enumerate(names[:count], start=1):
            topic_id = f"topic-{number:02d}"
            self.topic_ids.append(topic_id)
            self.docs.append(Doc(f"content/topics/{topic_id}.md",
                                 {"name": name, "description": f"Sources and explainers on {name.lower()}."}))

    def add_sources(self, count: int) -> None:
        kinds, weights = list(SOURCE_KINDS), list(SOURCE_KINDS.values())
        entity_ids = [e.id for e in self.entities]
        names = {e.id: e.name for e in self.entities}
        self.source_ids = [f"source-{number:05d}" for number in range(1, count + 1)]
        rng = self.rng
        for source_id in self.source_ids:
            kind = rng.choices(kinds, weights)[0]
            entities = self.pick(entity_ids, 1, 4)
            mentioned = [names[e] for e in entities]
            published = "unknown" if rng.random() < 0.05 else self.date()
            if kind == "reference":
                title = f"Reference entry on {rng.choice(OBJECTS).removeprefix('the ').removeprefix('a ')}"
            elif kind == "social-post" and rng.random() < 0.5:
                # Editors bracket a title they supplied; YAML needs it quoted, which exercises that path.
                title = f"[Post about {rng.choice(OBJECTS)}]"
            else:
                title = self.headline(mentioned)
            front: dict[str, object] = {
                "title": title,
                "kind": kind,
                "outlet": "unknown" if rng.random() < 0.1 else rng.choice(OUTLETS),
                "authors": "unknown" if rng.random() < 0.2 else [f"Author {rng.randint(1, 300)}"
                                                                  for _ in range(rng.randint(1, 3))],
                "published": published,
            }
            if kind != "reference" and rng.random() < 0.95:
                front["url"] = f"https://example.org/{source_id}"
                if rng.random() < 0.5:
                    front["archive_url"] = f"https://archive.example.org/{source_id}"
                    front["archive_date"] = f"{rng.choice((2024, 2025))}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            if rng.random() < 0.3:
                # Within the last year, as an editor keeps them (older ones are warned of).
                front["access_date"] = (TODAY - dt.timedelta(days=rng.randint(1, 365))).isoformat()
            front["language"] = "en"
            front["entities"] = entities
            front["topics"] = self.pick(self.topic_ids, 1, 3)
            if rng.random() < 0.05:
                other = rng.choice(self.source_ids)
                if other != source_id:  # a note citing its own source draws a warning
                    front["note"] = f"Another source gives a different account of this [@{other}]."
            body = ""
            if kind != "reference":
                excerpt = self.excerpt(mentioned)
                self.excerpts[source_id] = excerpt
                body = excerpt.text
            year = published.lstrip("~")[:4] if published != "unknown" else "undated"
            self.docs.append(Doc(f"content/sources/{year}/{source_id}.md", front, body))

    def add_events(self, count: int) -> None:
        entity_ids = [e.id for e in self.entities]
        rng = self.rng
        for number in range(1, count + 1):
            event_id = f"event-{number:04d}"
            sources = self.pick(self.source_ids, 1, 3)
            self.event_cites.update(sources)
            entities = self.pick(entity_ids, 1, 3)
            date = self.date()
            if rng.random() < 0.5:
                lead = self.link_sentence(entities[0])
            else:
                lead = self.sentence([])
            body = f"{lead} {cite(self.sentence([]), [rng.choice(sources)])}"
            front = {"title": self.headline([]), "date": date, "sources": sources, "entities": entities,
                     "topics": self.pick(self.topic_ids, 1, 2)}
            self.docs.append(Doc(f"content/timeline/{date.lstrip('~')[:4]}/{event_id}.md", front, wrap(body) + "\n"))

    def add_explainers(self, count: int) -> None:
        paragraph_counts = [self.rng.randint(6, 12) for _ in range(count)]
        for number, (paragraphs, cited) in enumerate(zip(paragraph_counts, self.plan_citations(paragraph_counts)),
                                                     start=1):
            self.add_explainer(f"explainer-{number:04d}", paragraphs, cited)

    def plan_citations(self, paragraph_counts: list[int]) -> list[list[str]]:
        """The distinct sources each explainer cites, so that together with the events every source is cited.

        Each explainer cites between as many sources as it has paragraphs (at least 6) and 20, so every
        paragraph can carry one of its own. Sources no event lists are dealt out first; the rest of each
        explainer's share is drawn at random.
        """
        rng = self.rng
        uncited = [s for s in self.source_ids if s not in self.event_cites]
        rng.shuffle(uncited)
        shares = [rng.randint(p, 20) for p in paragraph_counts]
        # Rarely the shares fall short of the sources still uncited: widen the smallest ones. There is
        # always room, since count * 20 >= N for N >= MIN_SOURCES.
        while sum(shares) < len(uncited):
            smallest = min(range(len(shares)), key=lambda i: shares[i])
            shares[smallest] += 1
        plans, dealt = [], 0
        for share in shares:
            cited = uncited[dealt : dealt + share]
            dealt += len(cited)
            chosen = set(cited)
            while len(cited) < share:
                extra = rng.choice(self.source_ids)
                if extra not in chosen:
                    chosen.add(extra)
                    cited.append(extra)
            rng.shuffle(cited)
            plans.append(cited)
        return plans

    def add_explainer(self, explainer_id: str, paragraph_count: int, cited: list[str]) -> None:
        rng = self.rng
        entities = rng.sample(self.entities, min(len(self.entities), rng.randint(2, 4)))
        names = [e.name for e in entities]
        # Cut the citations into one non-empty run per paragraph.
        cuts = sorted(rng.sample(range(1, len(cited)), paragraph_count - 1))
        runs = [cited[a:b] for a, b in zip([0, *cuts], [*cuts, len(cited)])]
        # About a third of explainers quote one excerpt, in a paragraph that cites a source that has one.
        quoting = [i for i, run in enumerate(runs) if any(s in self.excerpts for s in run)]
        quote_in = rng.choice(quoting) if quoting and rng.random() < 1 / 3 else None
        # A few wikilinks, each in its own paragraph.
        links = {rng.randrange(paragraph_count): entity.id for entity in entities[: rng.randint(1, 3)]}

        blocks = []
        for index, run in enumerate(runs):
            if index == paragraph_count // 2 and paragraph_count >= 8:
                blocks.append(f"## {rng.choice(HEADINGS)}")
            sentences = [self.sentence(names) for _ in range(rng.randint(2, 4))]
            if index in links:
                sentences.insert(rng.randint(0, len(sentences)), self.link_sentence(links[index]))
            quote_at = None
            if index == quote_in:
                quoted = next(s for s in run if s in self.excerpts)
                run = [s for s in run if s != quoted]
                quote_at = rng.randint(0, len(sentences))
                sentences.insert(quote_at, self.quotation(quoted))
            # Every other citation goes at the end of some sentence; two landing on one sentence
            # become one citation with two keys, `[@a; @b]`.
            keys: dict[int, list[str]] = {}
            free = [i for i in range(len(sentences)) if i != quote_at]
            for source_id in run:
                keys.setdefault(rng.choice(free), []).append(source_id)
            for i, ids in keys.items():
                sentences[i] = cite(sentences[i], [self.locate(s) for s in ids])
            blocks.append(wrap(" ".join(sentences)))

        published = dt.date(2010, 1, 1) + dt.timedelta(days=rng.randrange(16 * 365))
        front: dict[str, object] = {
            "title": f"{self.headline(names)}: what the sources say",
            "summary": f"{self.sentence(names)} {self.sentence(names)}",
            "published": published.isoformat(),
        }
        if rng.random() < 0.3:
            front["updated"] = (published + dt.timedelta(days=rng.randint(1, 400))).isoformat()
        front["authors"] = ["Archive editors"] if rng.random() < 0.7 else [f"Editor {rng.randint(1, 12)}"]
        front["topics"] = self.pick(self.topic_ids, 1, 3)
        front["status"] = "published"
        self.docs.append(Doc(f"content/explainers/{explainer_id}.md", front, "\n\n".join(blocks) + "\n"))

    def locate(self, source_id: str) -> str:
        """A citation key, with a locator one time in five."""
        return f"{source_id}, {self.rng.choice(LOCATORS)}" if self.rng.random() < 0.2 else source_id

    def quotation(self, source_id: str) -> str:
        """A sentence quoting 6 to 10 consecutive words of a source's excerpt, then citing it.

        The words come from inside one sentence of the excerpt, so the quotation holds no full stop
        that could end the explainer's sentence before its citation.
        """
        rng = self.rng
        excerpt = self.excerpts[source_id]
        candidates = [(p, s) for p, sentences in enumerate(excerpt.paragraphs, start=1)
                      for s in sentences if len(s.split()) >= 8]
        paragraph, sentence = rng.choice(candidates)
        words = sentence.rstrip(".").split()
        length = rng.randint(6, min(10, len(words)))
        start = rng.randint(0, len(words) - length)
        quoted = " ".join(words[start : start + length]).rstrip(",")
        return f"{rng.choice(QUOTE_LEADS)} “{quoted}” [@{source_id}, para. {paragraph}]."


# Markdown and YAML --------------------------------------------------------------------------------------

def cite(sentence: str, keys: list[str]) -> str:
    """The sentence with a citation of `keys` just before its full stop."""
    return f"{sentence[:-1]} [{'; '.join('@' + key for key in keys)}]."


# A citation or wikilink must stay on one line, so wrapping may not break inside brackets.
_BRACKETS = re.compile(r"\[\[[^\]]*\]\]|\[@[^\]]*\]")


def wrap(paragraph: str) -> str:
    protected = _BRACKETS.sub(lambda m: m.group().replace(" ", "\0"), paragraph)
    return textwrap.fill(protected, WRAP, break_long_words=False, break_on_hyphens=False).replace("\0", " ")


# Ids, kinds, dates and URLs are written bare, like an editor would; anything else is quoted.
_PLAIN = re.compile(r"[a-z0-9~][a-z0-9~:/.-]*")
_YAML_WORDS = {"null", "true", "false", "yes", "no", "on", "off"}


def yaml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(yaml_value(v) for v in value) + "]"
    assert isinstance(value, str)
    if _PLAIN.fullmatch(value) and value not in _YAML_WORDS:
        return value
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid double-quoted YAML scalar


def render(doc: Doc) -> str:
    lines = ["---", *(f"{key}: {yaml_value(value)}" for key, value in doc.front.items()), "---"]
    return "\n".join(lines) + "\n" + doc.body


def config() -> str:
    """The repository's own mkdocs.yml under another name, so benchmarks build what the real site builds."""
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    text, replaced = re.subn(r"^site_name:.*$", "site_name: Benchmark archive", text, count=1, flags=re.MULTILINE)
    if not replaced:
        raise RuntimeError(f"no site_name line in {REPO / 'mkdocs.yml'}")
    return text


# Entry points -------------------------------------------------------------------------------------------

def generate(n: int, target: Path) -> None:
    """Write an archive project with `n` sources into `target`, which must be absent or empty."""
    if n < MIN_SOURCES:
        raise ValueError(f"N must be at least {MIN_SOURCES}, not {n}")
    target = Path(target)
    # Refuse to mix with an older corpus: leftovers would break the same-bytes and no-warning promises.
    if target.exists() and any(target.iterdir()):
        raise FileExistsError(f"{target} is not empty")
    target.mkdir(parents=True, exist_ok=True)
    for doc in Corpus(n).build():
        path = target / doc.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render(doc), encoding="utf-8", newline="\n")
    (target / "mkdocs.yml").write_text(config(), encoding="utf-8", newline="\n")
    shutil.copytree(REPO / "theme", target / "theme", ignore=shutil.ignore_patterns("__pycache__", ".*"))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, metavar="N", help=f"number of sources (at least {MIN_SOURCES})")
    parser.add_argument("target", type=Path, metavar="DIR", help="folder to create; must be absent or empty")
    args = parser.parse_args(argv)
    try:
        generate(args.n, args.target)
    except (ValueError, FileExistsError) as exc:
        parser.error(str(exc))


if __name__ == "__main__":
    main()
