"""JourneyRecord: what one scenario did, as measured from the browser (docs/CONTRACTS.md §5)."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .masking import mask_data

SCHEMA = 1


@dataclass
class StepTiming:
    name: str
    duration_ms: float
    clicks: int
    pages: int
    status: str = "passed"
    route_changes: int = 0  # single-page-app views without a document load (shopper/recorder.py)
    views: int = 0          # pages + route_changes: the pages a citizen sees


@dataclass
class JourneyRecord:
    run_id: str
    portal: str
    journey: str
    scenario: str
    nodeid: str
    indicators: list[str]
    device: str = "desktop"
    started_at: str = ""
    duration_ms: float = 0.0       # without politeness_wait_ms: every measured duration leaves our own waits out
    politeness_wait_ms: float = 0.0  # time our politeness (profile `politeness`) held this journey's requests
    steps: list[StepTiming] = field(default_factory=list)
    clicks: int = 0
    pages: int = 0          # document loads (main-frame load events)
    route_changes: int = 0  # single-page-app views without a document load (shopper/recorder.py)
    views: int = 0          # pages + route_changes: the pages a citizen sees
    hosts: list[str] = field(default_factory=list)
    navigations: list[str] = field(default_factory=list)
    failed_requests: list[dict] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    observations: dict = field(default_factory=dict)
    outcome: str = "passed"
    failure_class: str | None = None
    failure_message: str | None = None
    # The indicators a PortalDefect was charged to (PortalDefect.indicators), exactly those: a guide
    # failing E1 and E4 charges both and not D2. None or [] when the failure names none (it then counts
    # against all of the record's indicators) or when there is no portal defect. Records written before
    # this was a list hold one id as a string: shopper.scoring.records.charged_indicators reads both.
    charged_indicator: list[str] | None = None
    attempt: int = 1
    flaky: bool = False
    schema: int = SCHEMA

    def to_dict(self) -> dict:
        """The record as plain data, with personal data and secrets masked."""
        return mask_data(asdict(self))

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=1)

    def write(self, directory: Path) -> Path:
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in self.nodeid)[-150:]
        path = directory / f"{safe}.a{self.attempt}.json"
        path.write_text(self.to_json(), encoding="utf-8")
        return path


def load_records(*directories: Path) -> list[dict]:
    """All record dicts under the given directories (recursively), in path order."""
    out = []
    for directory in directories:
        for path in sorted(Path(directory).rglob("*.json")):
            data = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(data, dict) and data.get("schema") == SCHEMA and "journey" in data:
                out.append(data)
    return out
