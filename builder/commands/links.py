"""`archive links`: check every source's addresses over HTTP, and find archived copies of them.

The one command that uses the network. Each `url` and `archive_url` is requested once per run (httpx, with
bounded timeouts, retries with backoff on 429, 5xx and timeouts, redirects followed, a per-host rate limit
and a User-Agent that names the project); snapshots are looked up in the Wayback Machine's CDX index with
EDGI's `wayback` package, at a base address that is a setting. What each run found goes into the status
file, links-status.yml, committed with the content.

With `write`, editors' files change by InternetArchiveBot's rules: `url_status: dead` only after failures on
two runs at least a day apart (`unfit` when the page now leads somewhere unrelated, a "soft 404"), and a
source with no snapshot gets the one closest to when its url was read (`archive_url`, `archive_date`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

import httpx
import yaml
from httpx_retries import Retry, RetryTransport
from wayback import RateLimit, WaybackClient, WaybackSession
from wayback.exceptions import WaybackException

from builder.core.diagnostics import Diagnostics
from builder.core.load import load
from builder.core.model import Source
from builder.core.paths import Kind
from builder.core.validate import validate
from builder.commands.frontmatter import NotEditable, set_fields

STATUS_FILE = "links-status.yml"
WAYBACK = "https://web.archive.org"  # where the `wayback` package sends its look-ups
USER_AGENT = "cartel-archive-links/0.1 (link checker of a sourced archive; runs weekly; `archive links`)"
DEAD_AFTER = dt.timedelta(days=1)  # between the first and the last of the failed runs
FAILURES = {"soft-404", "gone", "error", "timeout", "unreachable"}  # a 429 says nothing of the page
# Where a field that ingest or an editor did not write goes, among the fields a source has.
_PLACES = {"url_status": ("access_date", "url"), "archive_url": ("url_status", "access_date", "url"),
           "archive_date": ("archive_url",)}


@dataclass(frozen=True)
class Settings:
    snapshots: str = WAYBACK  # the Wayback Machine, or a service that answers as it does
    timeout: float = 20.0  # seconds, for connecting and for each read
    retries: int = 3
    backoff: float = 2.0  # seconds, doubled at each retry
    per_host: float = 1.0  # requests a second to any one host
    snapshot_lookups: float = 0.4  # CDX look-ups a second, as the `wayback` package allows by default


@dataclass(frozen=True)
class Probe:
    result: str  # ok | redirected | soft-404 | gone | error | timeout | unreachable | rate-limited
    http_status: int | None = None
    redirect: str | None = None  # where the address leads now, when it redirects


@dataclass
class LinkReport:
    lines: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)  # editors' files written


def check_links(project: Path, write: bool, settings: Settings = Settings(), now: dt.datetime | None = None) -> LinkReport:
    now = now or dt.datetime.now(dt.timezone.utc)
    report = LinkReport()
    diagnostics = Diagnostics()
    sources: list[Source] = [i for i in validate(load(project, diagnostics).items, diagnostics) if i.kind is Kind.SOURCE]
    status = _read_status(project)
    with _Checker(settings) as checker:
        for url in sorted({u for s in sources for u in (s.meta.url, s.meta.archive_url) if u}):
            probe = checker.probe(url)
            status[url] = _recorded(status.get(url, {}), probe, now)
            report.lines.append(f"{url}: {_describe(probe, status[url])}")
        for source in sources:
            fields = _changes(source, status, checker, report)
            if fields and write:
                try:
                    set_fields(project / source.origin.path, fields, _PLACES)
                except NotEditable as exc:
                    report.lines.append(f"{source.origin.path}: not changed: {exc}")
                    continue
                report.changed.append(f"{source.origin.path}: " + ", ".join(f"{k}: {v}" for k, v in fields.items()))
            elif fields:
                report.lines.append(f"{source.origin.path}: would set " + ", ".join(f"{k}: {v}" for k, v in fields.items()))
    _write_status(project, status)
    return report


def is_dead(entry: dict) -> bool:
    """InternetArchiveBot's rule: failures on two runs at least a day apart, with no success between."""
    failures = [dt.datetime.fromisoformat(when) for when in entry.get("failures", [])]
    return len(failures) >= 2 and failures[-1] - failures[0] >= DEAD_AFTER


def _changes(source: Source, status: dict, checker: "_Checker", report: LinkReport) -> dict:
    """The fields of the source to set: its url's status by the two-run rule, and a snapshot if it has none."""
    meta, fields = source.meta, {}
    entry = status.get(meta.url, {}) if meta.url else {}
    if meta.url_status == "live" and is_dead(entry):
        fields["url_status"] = "unfit" if entry.get("result") == "soft-404" else "dead"
    if meta.url and not meta.archive_url:
        read = meta.access_date or meta.published
        found = checker.closest_snapshot(meta.url, read.earliest() if read else None)
        if isinstance(found, str):
            report.lines.append(f"{meta.url}: no snapshot: {found}")
        else:
            fields["archive_url"], fields["archive_date"] = found
    return fields


def _recorded(entry: dict, probe: Probe, now: dt.datetime) -> dict:
    """The url's entry in the status file after this run: its latest result, and its run of failures."""
    if probe.result in FAILURES:
        failures = [*entry.get("failures", []), now.isoformat(timespec="seconds")]
    elif probe.result == "rate-limited":
        failures = entry.get("failures", [])  # neither a failure nor a success
    else:
        failures = []
    recorded = {"checked": now.isoformat(timespec="seconds"), "result": probe.result}
    if probe.http_status is not None:
        recorded["http_status"] = probe.http_status
    if probe.redirect:
        recorded["redirect"] = probe.redirect
    if failures:
        recorded["failures"] = failures
    return recorded


def _describe(probe: Probe, entry: dict) -> str:
    said = probe.result + (f" ({probe.http_status})" if probe.http_status else "")
    if probe.redirect:
        said += f", leads to {probe.redirect}"
    if failures := entry.get("failures"):
        said += f"; failed on {len(failures)} run{'s' if len(failures) > 1 else ''} since {failures[0][:10]}"
        said += ": dead by the two-run rule" if is_dead(entry) else ""
    return said


def unrelated(original: str, final: str) -> bool:
    """Whether a redirect leads somewhere unrelated (a "soft 404"): to the site's front page from a page of
    it, or to a page whose address shares no part of the original's path (a moved story keeps its slug)."""
    before, after = (_path_parts(urlsplit(address).path) for address in (original, final))
    if not before:
        return False
    return not after or not (set(before) & set(after))


def _path_parts(path: str) -> list[str]:
    parts = [PurePosixPath(part).stem.lower() for part in path.split("/") if part]
    return [part for part in parts if part not in ("index", "default")]


class _SnapshotSession(WaybackSession):
    """The `wayback` package's session, sent to the snapshot service the settings name."""

    def __init__(self, base: str, settings: Settings) -> None:
        super().__init__(retries=settings.retries, backoff=settings.backoff, timeout=settings.timeout,
                         user_agent=USER_AGENT, search_calls_per_second=settings.snapshot_lookups)
        self.base = base.rstrip("/")

    def request(self, method, url, **kwargs):
        if url.startswith(WAYBACK):
            url = self.base + url[len(WAYBACK):]
        return super().request(method, url, **kwargs)


class _Checker:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        retry = Retry(total=settings.retries, backoff_factor=settings.backoff,
                      status_forcelist=[429, 500, 502, 503, 504], max_backoff_wait=60)
        self.client = httpx.Client(transport=RetryTransport(retry=retry), follow_redirects=True, max_redirects=10,
                                   timeout=httpx.Timeout(settings.timeout), headers={"User-Agent": USER_AGENT})
        self.hosts: dict[str, RateLimit] = {}
        self.snapshots = WaybackClient(_SnapshotSession(settings.snapshots, settings))

    def __enter__(self) -> "_Checker":
        return self

    def __exit__(self, *exc) -> None:
        self.client.close()
        self.snapshots.close()

    def probe(self, url: str) -> Probe:
        host = urlsplit(url).netloc.lower()
        self.hosts.setdefault(host, RateLimit(self.settings.per_host)).wait()
        try:
            with self.client.stream("GET", url) as response:  # the status is enough: the body is not read
                final = str(response.url)
                code = response.status_code
                redirected = final if response.history else None
        except httpx.TimeoutException:
            return Probe("timeout")
        except httpx.TooManyRedirects:
            return Probe("error")
        except httpx.TransportError:
            return Probe("unreachable")
        if code == 429:
            return Probe("rate-limited", code)
        if code in (404, 410):
            return Probe("gone", code, redirected)
        if code >= 400:
            return Probe("error", code, redirected)
        if redirected:
            return Probe("soft-404" if unrelated(url, redirected) else "redirected", code, redirected)
        return Probe("ok", code)

    def closest_snapshot(self, url: str, wanted: dt.date | None) -> tuple[str, dt.date] | str:
        """The archived copy taken closest to `wanted` (else the latest), as (address, day); else why none."""
        try:
            captures = list(self.snapshots.search(url, filter_field="statuscode:200", skip_malformed_results=False))
        except WaybackException as exc:
            return f"the snapshot service failed: {exc}"
        except OSError as exc:  # refused, or unreachable after the package's retries
            return f"the snapshot service could not be reached: {exc}"
        if not captures:
            return "none archived"
        target = dt.datetime.combine(wanted, dt.time(), dt.timezone.utc) if wanted else None
        best = (min(captures, key=lambda c: abs(c.timestamp - target)) if target
                else max(captures, key=lambda c: c.timestamp))
        stamp = best.timestamp.strftime("%Y%m%d%H%M%S")
        return f"{self.settings.snapshots.rstrip('/')}/web/{stamp}/{best.original}", best.timestamp.date()


def _read_status(project: Path) -> dict:
    path = project / STATUS_FILE
    return (yaml.safe_load(path.read_text(encoding="utf-8")) or {}) if path.is_file() else {}


def _write_status(project: Path, status: dict) -> None:
    header = ("# Written by `archive links`: what the last run found at each source's address. `failures` is the\n"
              "# run of failed checks since the last success; two a day apart make the url dead.\n")
    (project / STATUS_FILE).write_text(header + yaml.safe_dump(status, sort_keys=True, allow_unicode=True, width=4096),
                                       encoding="utf-8")
