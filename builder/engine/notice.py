"""The preview's notice of errors, on every page it serves while the last save left errors (MkDocs adapter).

The pages on disk stay the last good version; the notice lives in one file beside them, which a small
script on each preview page reads and shows. A published build has neither the script nor the file.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

NOTICE_FILE = "archive-preview-notice.html"
_SCRIPT = Path(__file__).with_name("notice.js")
_SCRIPT_PATH = "assets/javascripts/archive-preview-notice.js"
_BODY_CLOSING = re.compile(r"</body>", re.IGNORECASE)


class PreviewNotice:
    def __init__(self, site_dir: Path) -> None:
        self.html: str | None = None  # the notice, or None while the content has no errors
        self.site_dir = site_dir

    def show(self, html: str | None) -> None:
        self.html = html
        self.write()

    def write(self) -> None:
        """The notice and its script into the preview's site folder (a full build may have emptied it)."""
        if not self.site_dir.is_dir():  # before the first build
            return
        (self.site_dir / NOTICE_FILE).write_text(self.html or "", encoding="utf-8")
        script = self.site_dir / _SCRIPT_PATH
        script.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(_SCRIPT, script)

    @staticmethod
    def on_page(html: str, site_path: str) -> str:
        """A preview page with the script that shows the notice, at the end of its body."""
        tag = f'<script src="{site_path}{_SCRIPT_PATH}" data-notice="{NOTICE_FILE}"></script>'
        return _BODY_CLOSING.sub(lambda closing: tag + closing[0], html, count=1)
