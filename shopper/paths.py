"""Where a run writes (README "What a run leaves behind"), so that runs cannot collide.

  reports/runs/<run_id>/        one folder per run, created once (a reused run id is refused):
      records/<run_id>/*.json   JourneyRecords (the plugin files them under the run id)
      traces/<run_id>/*.zip     masked traces of failed journeys
      allure-results/           Allure results of this run only
      allure-report/            the Allure report of this run
      scorecard.{html,json,csv,md}
  reports/latest                symlink to runs/<run_id> of the last run that finished (a text file
                                holding that path where symlinks cannot be made)
  reports/history/<portal>/     per portal: scores.jsonl (score trend) and allure-history.jsonl
                                (Allure's trend), one point per run, written under a lock

Pure Python (no Playwright).
"""
from __future__ import annotations

import fcntl
import os
import re
from contextlib import contextmanager
from pathlib import Path

# The project's one root: every module finds fixtures/, node_modules/, reports/ from here.
ROOT = Path(__file__).resolve().parent.parent

RUN_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
LOCK_NAME = ".lock"


class RunIdTaken(Exception):
    """The run id already has a folder: every run keeps its own (refused, exit 2)."""


def safe_portal(portal: str) -> str:
    return re.sub(r"[^0-9A-Za-z_.\-\u4e00-\u9fff]", "_", portal or "unknown").lstrip(".") or "unknown"


def valid_run_id(run_id: str) -> bool:
    return bool(RUN_ID_RE.match(run_id or ""))


def run_dir(reports: str | Path, run_id: str) -> Path:
    if not valid_run_id(run_id):
        raise ValueError(f"bad run id {run_id!r}: letters, digits, '.', '_' and '-' only")
    return Path(reports) / "runs" / run_id


def claim_run_dir(reports: str | Path, run_id: str) -> Path:
    """Create the run's folder; RunIdTaken if it exists (mkdir is atomic: two runs cannot both win)."""
    path = run_dir(reports, run_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        path.mkdir()
    except FileExistsError:
        raise RunIdTaken(f"运行编号 {run_id} 已被使用: {path} (run id already used; every run keeps its folder)") from None
    return path


def history_dir(reports: str | Path, portal: str) -> Path:
    return Path(reports) / "history" / safe_portal(portal)


def latest(reports: str | Path) -> Path | None:
    """The folder of the last run (following the symlink or the pointer file), None if none."""
    pointer = Path(reports) / "latest"
    if pointer.is_symlink() or pointer.is_dir():
        target = pointer.resolve()
        return target if target.is_dir() else None
    if pointer.is_file():
        target = Path(pointer.read_text(encoding="utf-8").strip())
        target = target if target.is_absolute() else Path(reports) / target
        return target if target.is_dir() else None
    return None


def set_latest(reports: str | Path, folder: Path) -> Path:
    """Point reports/latest at `folder` atomically (rename over the old link); a text pointer file
    where the file system has no symlinks."""
    reports = Path(reports)
    pointer = reports / "latest"
    relative = os.path.relpath(folder, reports)
    tmp = reports / f".latest.{os.getpid()}"
    with locked(reports):
        try:
            if tmp.is_symlink() or tmp.exists():
                tmp.unlink()
            os.symlink(relative, tmp)
        except OSError:
            tmp.write_text(relative + "\n", encoding="utf-8")
        if pointer.is_dir() and not pointer.is_symlink():
            raise RunIdTaken(f"{pointer} 是目录, 无法指向最新运行 (a directory is in the way)")
        os.replace(tmp, pointer)
    return pointer


@contextmanager
def locked(directory: str | Path):
    """An exclusive lock on `directory` (fcntl.flock on its .lock file) for writers of shared files."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / LOCK_NAME, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
