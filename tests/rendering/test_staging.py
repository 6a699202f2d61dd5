import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.support import wait_until
from builder.core.paths import lock_is_free
from builder.rendering import staging
from builder.rendering.staging import StagedSite

# A build in another process: it stages a site and waits (holding its lock) until its stdin closes.
STAGE_AND_WAIT = """
import sys
import time
from pathlib import Path
from builder.rendering.staging import StagedSite
staged = StagedSite(Path(sys.argv[1]))
staged.staging.mkdir()
print(staged.staging, flush=True)
sys.stdin.read()
"""


def start_build(target: Path) -> tuple[subprocess.Popen, Path]:
    build = subprocess.Popen([sys.executable, "-c", STAGE_AND_WAIT, str(target)], cwd=REPO, text=True,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    return build, Path(build.stdout.readline().strip())


def siblings(target: Path) -> list[str]:
    return sorted(path.name for path in target.parent.iterdir() if path.name.startswith(f".{target.name}."))


def test_a_build_sweeps_away_the_folders_of_ended_builds_only(tmp_path):
    target = tmp_path / "site"
    running, running_folder = start_build(target)
    killed, killed_folder = start_build(target)
    killed.send_signal(signal.SIGKILL)
    killed.wait()
    not_ours = tmp_path / ".site.staging-made-by-hand"
    not_ours.mkdir()
    try:
        staged = StagedSite(target)
        assert running_folder.is_dir(), "a build still running lost its folder"
        assert not killed_folder.exists(), "a killed build's folder was left behind"
        assert not_ours.is_dir(), "a folder without a lock was removed"
        assert not any(name.endswith(killed_folder.name.rsplit("-", 1)[1]) for name in siblings(target))
    finally:
        running.stdin.close()
        running.wait()
        running.stdout.close()
        killed.stdout.close()
    staged.discard()
    StagedSite(target).discard()  # the build that ended without cleaning up is swept now
    assert siblings(target) == [not_ours.name]


def publish(target: Path, text: str) -> None:
    """A build of a site whose home page says `text`, committed."""
    staged = StagedSite(target)
    staged.staging.mkdir()
    (staged.staging / "index.html").write_text(text)
    staged.commit()


@pytest.fixture
def held_remover(tmp_path, monkeypatch) -> Path:
    """Removers of old sites wait until the file returned exists, then do what the real one does."""
    go = tmp_path / "go"
    monkeypatch.setattr(staging, "_REMOVE", f"import os, time\nwhile not os.path.exists({str(go)!r}): time.sleep(0.05)\n" + staging._REMOVE)
    return go


def test_commit_swaps_the_new_site_in_and_leaves_nothing_beside_it(tmp_path):
    target = tmp_path / "site"
    for version in ("first", "second"):
        publish(target, version)
        assert (target / "index.html").read_text() == version
        # The old site goes in the background, after the build has returned.
        assert wait_until(lambda: siblings(target) == [], 10), siblings(target)


def test_a_discarded_build_leaves_the_last_good_site(tmp_path):
    target = tmp_path / "site"
    target.mkdir()
    (target / "index.html").write_text("good")
    staged = StagedSite(target)
    staged.staging.mkdir()
    (staged.staging / "index.html").write_text("half-built")
    staged.discard()
    assert (target / "index.html").read_text() == "good"
    assert siblings(target) == []


def test_a_site_whose_folder_does_not_exist_yet_is_built_there(tmp_path):
    target = tmp_path / "not" / "yet" / "site"
    staged = StagedSite(target)
    staged.staging.mkdir()
    staged.commit()
    assert target.is_dir() and siblings(target) == []


def test_a_lock_being_made_is_never_swept_but_one_left_long_ago_is(tmp_path):
    target = tmp_path / "site"
    being_made, left = tmp_path / ".site.locking-fresh", tmp_path / ".site.locking-old"
    being_made.touch()
    left.touch()
    os.utime(left, (time.time() - 3600, time.time() - 3600))
    StagedSite(target).discard()
    assert being_made.exists() and not left.exists()


def test_the_old_site_is_removed_under_the_lock_of_the_build_that_replaced_it(tmp_path, held_remover):
    target = tmp_path / "site"
    for version in ("first", "second"):
        publish(target, version)
    assert (target / "index.html").read_text() == "second"
    [retired] = [tmp_path / name for name in siblings(target) if ".retired-" in name]
    [lock] = [tmp_path / name for name in siblings(target) if ".lock-" in name]
    assert not lock_is_free(lock), "the remover holds the lock of the build that retired the folder"
    StagedSite(target).discard()  # a build starting meanwhile sweeps only folders of free locks
    assert retired.is_dir()
    held_remover.touch()
    assert wait_until(lambda: siblings(target) == [], 10), siblings(target)


def test_the_remover_holds_no_file_of_the_build_but_its_lock(tmp_path, held_remover):
    # `archive build | tee log` ends when the build does, not when the old site is gone.
    target = tmp_path / "site"
    reading, writing = os.pipe()
    os.set_inheritable(writing, True)  # as a build's stdout is, when a pipe
    try:
        for version in ("first", "second"):
            publish(target, version)
        os.close(writing)
        assert select.select([reading], [], [], 5)[0] and os.read(reading, 1) == b"", "the remover holds the pipe open"
    finally:
        held_remover.touch()
        os.close(reading)
    assert wait_until(lambda: siblings(target) == [], 10), siblings(target)
